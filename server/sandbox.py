"""User SPARQL queries run in worker processes with a hard wall-clock deadline.

pyoxigraph cannot interrupt a running query, and a query abandoned by its client keeps running. So each
user query runs in a worker process that opens the store read-only; if the answer is not back by the
deadline, the worker is killed (by its PID) and replaced, and the client gets 503. A heavy query
therefore occupies one worker, never the event loop, and never outlives its timeout.

The worker's side is zwgk.server.worker. The way to and from a worker is two pipes with length-prefixed
frames: the job as JSON; the answer as a small JSON head and the result body, bytes written by pyoxigraph's
own serializers (zwgk.server.results, `native_select`), passed through as they are. The event loop reads
the answer from the pipe itself (asyncio), with no thread in between; nothing is pickled.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time


from .worker import READY, QueryAnswer, QueryJob, syntax_message, _ANSWER, _JOB, _write_all  # noqa: F401


class _Worker:
    """One worker: a child process (`python -m zwgk.server.worker STORE IN OUT`) and two pipes. Its answers are
    read on the event loop through an asyncio stream, attached when the worker is first used."""

    def __init__(self, store_path: str):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        self.proc = subprocess.Popen([sys.executable, "-m", "zwgk.server.worker", store_path, str(to_child_r),
                                      str(from_child_w)], pass_fds=(to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self.reader: asyncio.StreamReader | None = None
        self.transport = None
        self.ready = False
        self.closed = False

    async def _attach(self) -> asyncio.StreamReader:
        if self.reader is None:
            loop = asyncio.get_running_loop()
            reader = asyncio.StreamReader(limit=1 << 16)
            self.transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                                             os.fdopen(self.from_child, "rb", buffering=0))
            self.reader = reader
        if not self.ready:
            self.ready = await self.reader.readexactly(1) == READY
            if not self.ready:
                raise EOFError("the query worker did not start")
        return self.reader

    async def ask(self, job: QueryJob) -> QueryAnswer:
        reader = await self._attach()
        fields = dict(vars(job))
        if job.media_type not in ("text/turtle", "application/trig"):
            fields["prefixes"] = None   # only the Turtle family writes prefixes
        data = json.dumps(fields).encode()
        _write_all(self.to_child, _JOB.pack(len(data)) + data)   # a small job: the idle child reads it at once
        head_len, body_len = _ANSWER.unpack(await reader.readexactly(_ANSWER.size))
        head = json.loads(await reader.readexactly(head_len))
        body = await reader.readexactly(body_len) if body_len else b""
        return QueryAnswer(body=body, **head)

    def kill(self) -> None:
        """Kill the child by its PID and close our ends of the pipes (from the event loop's thread, or
        before any stream was attached); the child is reaped in the background."""
        if self.closed:
            return
        self.closed = True
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            threading.Thread(target=self.proc.wait, name="zwgk-reap-worker", daemon=True).start()
        try:
            os.close(self.to_child)
        except OSError:
            pass
        if self.transport is not None:
            self.transport.close()
        else:
            try:
                os.close(self.from_child)
            except OSError:
                pass


class QueryTimeout(Exception):
    pass


async def _within(awaitable, seconds: float):
    """`await awaitable`, or asyncio.TimeoutError after `seconds`: in the current task where Python has
    asyncio.timeout (3.11), without the extra task per call of asyncio.wait_for."""
    if hasattr(asyncio, "timeout"):
        async with asyncio.timeout(seconds):
            return await awaitable
    return await asyncio.wait_for(awaitable, seconds)


class QueryWorkers:
    """A fixed pool of worker processes; `run(job, timeout)` is awaited from the event loop.

    `start` only spawns the processes (each is ready a fraction of a second later: the store opens in about
    0.1 s); a request waits for its worker's readiness within its own deadline. `reopen` (a new build) replaces the pool: idle workers of the old
    build are killed at once, busy ones when their answer is in."""

    def __init__(self, store_path: str, size: int = 2):
        self.store_path = store_path
        self.idle: asyncio.Queue | None = None
        self.size = max(1, size)
        self.workers: list[_Worker] = []
        self.spares: list[_Worker] = []

    SPARES = 1   # started ahead: a worker killed at a deadline or on a disconnect is replaced by a ready one

    def start(self) -> None:
        for w in self.spares:
            w.kill()
        self.workers = [_Worker(self.store_path) for _ in range(self.size)]
        self.spares = [_Worker(self.store_path) for _ in range(self.SPARES)]
        self.idle = None

    def _fresh(self) -> _Worker:
        """A worker to put in service: a spare (its store most likely open by now), replaced by a new spare."""
        if not self.spares:
            return _Worker(self.store_path)
        fresh = self.spares.pop(0)
        self.spares.append(_Worker(self.store_path))
        return fresh

    def _idle_queue(self) -> asyncio.Queue:
        if self.idle is None:
            self.idle = asyncio.Queue()
            for w in self.workers:
                self.idle.put_nowait(w)
        return self.idle

    async def run(self, job: QueryJob, timeout: float) -> QueryAnswer:
        """The worker's answer; QueryTimeout (→ 503) when the deadline passes or the worker dies.

        A worker whose query was not answered is never handed out again: it is killed and replaced, also when
        the awaiting request is cancelled (its client went away), else its late answer would be read as the
        answer to the next query."""
        idle = self._idle_queue()
        deadline = time.monotonic() + timeout
        try:
            worker = idle.get_nowait() if not idle.empty() else await _within(idle.get(), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"no query worker became free within {timeout:g} s (the server is busy)") from None
        try:
            answer = await _within(worker.ask(job), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            failure = f"the query ran longer than the {timeout:g} s limit and was stopped"
        except asyncio.CancelledError:
            self._replace(worker)
            raise
        except Exception as e:  # the worker died (killed, out of memory) or sent something unreadable
            failure = f"the query worker stopped unexpectedly ({type(e).__name__}); the query may need too much memory"
        else:
            if worker in self.workers and idle is self.idle:
                idle.put_nowait(worker)
            else:   # retired by a new build while it answered
                worker.kill()
            return answer
        self._replace(worker)
        raise QueryTimeout(failure)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and put a fresh one in its place (unless a new build retired it meanwhile)."""
        worker.kill()
        if worker not in self.workers:
            return
        fresh = self._fresh()
        self.workers = [fresh if w is worker else w for w in self.workers]
        if self.idle is not None:
            self.idle.put_nowait(fresh)

    def stop(self) -> None:
        for w in self.workers + self.spares:
            w.kill()
        self.workers, self.spares = [], []
        self.idle = None

    async def reopen(self) -> None:
        """New workers (and spares) for a new build (the old ones opened the old store directory)."""
        old_idle, old = self.idle, self.workers
        self.start()
        while old_idle is not None and not old_idle.empty():
            old_idle.get_nowait().kill()
        # busy old workers are killed by `run` when their answer is in (they are no longer in self.workers)
        del old

    def restart(self) -> None:
        """Synchronous replacement of every worker (no event loop involved)."""
        old = self.workers
        self.start()
        for w in old:
            w.kill()
