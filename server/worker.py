"""A query worker process: `python -m zwgk.server.worker STORE IN_FD OUT_FD` (started by zwgk.server.sandbox).

It opens the store read-only, then answers jobs read from IN_FD on OUT_FD, one at a time, until IN_FD closes.
Kept apart from the pool (sandbox.py) and light on imports (no asyncio, no XML or HTTP library), so that a
worker killed at a deadline is replaced in a fraction of a second.
"""
from __future__ import annotations

import json
import os
import signal
import struct
import sys
import time
from dataclasses import dataclass


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

    from .results import SELECT_TYPES, native_select, native_triples, write_boolean
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
        body, truncated, n = native_select(result, fmt, job.max_rows)
        return QueryAnswer(True, body, job.media_type, "select", truncated, n, seconds=time.perf_counter() - t0)
    body, truncated, n = native_triples(result, job.media_type, job.max_rows, job.prefixes)
    return QueryAnswer(True, body, job.media_type, "graph", truncated, n, seconds=time.perf_counter() - t0)


# ---- frames: a 4-byte length and JSON (a job); 8 bytes of two lengths, a JSON head and the body (an answer)

_JOB = struct.Struct("!I")
_ANSWER = struct.Struct("!IQ")
READY = b"R"


def _read_exactly(fd: int, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _answer_frame(answer: QueryAnswer) -> tuple[bytes, bytes]:
    head = dict(vars(answer))   # not dataclasses.asdict: it deep-copies
    body = head.pop("body")
    head = json.dumps(head).encode()
    return _ANSWER.pack(len(head), len(body)) + head, body


def _worker_main(store_path: str, in_fd: int, out_fd: int) -> None:
    import gc

    import pyoxigraph as ox
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when workers stop
    store = ox.Store.read_only(store_path)
    gc.freeze()   # what was imported stays out of every collection
    _write_all(out_fd, READY)
    while True:
        try:
            (n,) = _JOB.unpack(_read_exactly(in_fd, _JOB.size))
            job = QueryJob(**json.loads(_read_exactly(in_fd, n)))
        except EOFError:
            return
        try:
            answer = _run(store, job)
        except Exception as e:  # an engine error is the query's problem, not the worker's
            answer = QueryAnswer(False, error=f"{type(e).__name__}: {e}")
        head, body = _answer_frame(answer)
        _write_all(out_fd, head)
        _write_all(out_fd, body)


if __name__ == "__main__":  # python -m zwgk.server.worker STORE IN_FD OUT_FD
    # Run the worker from the importable module, not from __main__, so that the classes it uses are the ones
    # the rest of the package uses.
    from zwgk.server.worker import _worker_main
    _worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
