"""User SPARQL queries run in worker processes with a hard wall-clock deadline.

pyoxigraph cannot interrupt a running query, and a query abandoned by its client keeps running. So each
user query runs in a worker process that opens the store read-only; if the answer is not back by the
deadline, the worker is killed (by its PID) and replaced, and the client gets 503. A heavy query
therefore occupies one worker, never the event loop, and never outlives its timeout.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection


@dataclass
class QueryJob:
    query: str
    media_type: str                 # chosen result media type
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    max_rows: int
    base_iri: str | None = None
    prefixes: dict | None = None


@dataclass
class QueryAnswer:
    ok: bool
    body: bytes = b""
    media_type: str = ""
    kind: str = ""                  # select | ask | graph
    truncated: bool = False
    rows: int = 0
    error: str = ""                 # syntax error text, for 400
    seconds: float = 0.0


def syntax_message(error: str, limit: int = 400) -> str:
    """pyoxigraph's parse error, readable: 'syntax error at 1:6: expected …', the list of expected characters cut."""
    error = error.strip()
    cut = error.find(", ['")          # the engine lists whole Unicode ranges it expected: keep the readable part
    if cut > 0:
        error = error[:cut] + ", …"
    error = "syntax error " + error[len("error "):] if error.startswith("error at ") else f"syntax error: {error}"
    return error if len(error) <= limit else error[:limit].rstrip() + " …"


def _run(store, job: QueryJob) -> QueryAnswer:
    import pyoxigraph as ox

    from .results import SELECT_TYPES, write_boolean, write_select, write_triples
    kw: dict = {}
    if job.default_graphs is None and job.named_graphs is None:
        kw["use_default_graph_as_union"] = True
    else:
        kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        if job.named_graphs is not None:
            kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    t0 = time.perf_counter()
    try:
        result = store.query(job.query, base_iri=job.base_iri, **kw)
    except SyntaxError as e:
        return QueryAnswer(False, error=syntax_message(str(e)))
    if isinstance(result, ox.QueryBoolean):
        fmt = SELECT_TYPES.get(job.media_type, "json")
        return QueryAnswer(True, write_boolean(bool(result), fmt), job.media_type, "ask",
                           seconds=time.perf_counter() - t0)
    if isinstance(result, ox.QuerySolutions):
        fmt = SELECT_TYPES.get(job.media_type, "json")
        body, truncated, n = write_select(result, fmt, job.max_rows)
        return QueryAnswer(True, body, job.media_type, "select", truncated, n, seconds=time.perf_counter() - t0)
    body, truncated, n = write_triples(result, job.media_type, job.max_rows, job.prefixes)
    return QueryAnswer(True, body, job.media_type, "graph", truncated, n, seconds=time.perf_counter() - t0)


def _worker_main(store_path: str, inbox, outbox) -> None:
    import pyoxigraph as ox
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when workers stop
    store = ox.Store.read_only(store_path)
    outbox.send("ready")
    while True:
        try:
            job = inbox.recv()
        except EOFError:
            return
        try:
            outbox.send(_run(store, job))
        except Exception as e:  # an engine error is the query's problem, not the worker's
            outbox.send(QueryAnswer(False, error=f"{type(e).__name__}: {e}"))


class _Worker:
    """One worker: a child process (`python -m zwgk.server.sandbox STORE IN OUT`) and two pipes."""

    def __init__(self, store_path: str):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.proc = subprocess.Popen([sys.executable, "-m", "zwgk.server.sandbox", store_path, str(to_child_r),
                                      str(from_child_w)], pass_fds=(to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self.inbox = Connection(to_child_w, readable=False)    # what we send
        self.outbox = Connection(from_child_r, writable=False)  # what we receive
        self.ready = False

    def send(self, job) -> None:
        self.inbox.send(job)

    def poll(self, timeout: float) -> bool:
        return self.outbox.poll(timeout)

    def recv(self):
        return self.outbox.recv()

    def wait_ready(self, timeout: float) -> bool:
        if not self.ready and self.outbox.poll(timeout):
            self.ready = self.outbox.recv() == "ready"
        return self.ready

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=5)
        self.inbox.close()
        self.outbox.close()


class QueryTimeout(Exception):
    pass


class QueryWorkers:
    """A fixed pool of worker processes; `run(job, timeout)` is awaited from the event loop."""

    def __init__(self, store_path: str, size: int = 2):
        self.store_path = store_path
        self.idle: asyncio.Queue | None = None
        self.size = max(1, size)
        self.workers: list[_Worker] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        self.workers = [_Worker(self.store_path) for _ in range(self.size)]
        for w in self.workers:
            w.wait_ready(60)

    async def _idle_queue(self) -> asyncio.Queue:
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
        idle = await self._idle_queue()
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(idle.get(), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"no query worker became free within {timeout:g} s (the server is busy)") from None
        loop = asyncio.get_running_loop()
        answer, failure = None, None
        try:
            worker.send(job)
            got = await loop.run_in_executor(None, worker.poll, max(0.0, deadline - time.monotonic()))
            if not got:
                failure = f"the query ran longer than the {timeout:g} s limit and was stopped"
            else:
                answer = worker.recv()
        except asyncio.CancelledError:
            self._replace_in_background(worker, idle, loop)
            raise
        except Exception as e:  # the worker died (killed, out of memory) or sent something unreadable
            failure = f"the query worker stopped unexpectedly ({type(e).__name__}); the query may need too much memory"
        if failure is None:
            idle.put_nowait(worker)
            return answer
        fresh = await loop.run_in_executor(None, self._replace, worker)
        if fresh is not None:
            idle.put_nowait(fresh)
        raise QueryTimeout(failure)

    def _replace(self, worker: _Worker) -> _Worker | None:
        """Kill a worker (by its PID) and start a fresh one in its place; None when the worker was already
        retired by `restart` (its place is taken)."""
        worker.kill()
        with self.lock:
            if worker not in self.workers:
                return None
        fresh = _Worker(self.store_path)
        fresh.wait_ready(60)
        with self.lock:
            if worker not in self.workers:   # retired while the fresh one started
                retired = True
            else:
                retired = False
                self.workers = [fresh if w is worker else w for w in self.workers]
        if retired:
            fresh.kill()
            return None
        return fresh

    def _replace_in_background(self, worker: _Worker, idle: asyncio.Queue, loop) -> None:
        def work():
            fresh = self._replace(worker)
            if fresh is not None:
                loop.call_soon_threadsafe(idle.put_nowait, fresh)
        threading.Thread(target=work, name="zwgk-replace-worker", daemon=True).start()

    def stop(self) -> None:
        for w in self.workers:
            w.kill()
        self.workers = []

    def restart(self) -> None:
        """New workers for a new build (they opened the old store directory)."""
        old = self.workers
        self.start()
        self.idle = None
        for w in old:
            w.kill()


if __name__ == "__main__":  # a worker process: python -m zwgk.server.sandbox STORE IN_FD OUT_FD
    # Run the worker from the importable module, not from __main__: answers are pickled by class path, and the
    # parent can only unpickle `zwgk.server.sandbox.QueryAnswer` (its own __main__ is the CLI, not this file).
    from zwgk.server.sandbox import _worker_main
    _worker_main(sys.argv[1], Connection(int(sys.argv[2]), writable=False), Connection(int(sys.argv[3]), readable=False))
