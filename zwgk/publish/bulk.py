"""Loading through the store's own bulk loader (Virtuoso: ld_add/ld_dir and rdf_loader_run, called as `sql:`
functions over the authenticated SPARQL endpoint), from N-Quads files written where the store can read them."""
from __future__ import annotations

import math
import os
import re
import shutil
import threading
import time
import uuid
from pathlib import Path

import pyoxigraph as ox

from ..server.remote import RESULTS_XML, STAGING_PREFIX, RemoteError, SparqlClient, parse_results
from .dump import GraphData
from .model import PublishError

BULK_FILE_TRIPLES = 25_000       # triples per bulk-load file (the loaders share the files out; the last ones
                                 # loaded, one loader may wait for the other: small files, a short wait)
BULK_FIRST_FILE_TRIPLES = 5_000  # the first file: the loaders start while the rest is still being read


class BulkLoader:
    """Virtuoso's bulk loader, driven over SPARQL while the graphs are still being read: `sql:ld_add` registers
    each file as soon as it is written, `--parallel` loaders (`sql:rdf_loader_run`, one request each, taking
    files off the shared list) load them meanwhile and are started again while files keep coming,
    `bif:exec('checkpoint')` makes the load durable (the loader bypasses the transaction log). Needs the
    authenticated endpoint (the dba's rights).

    A file with graphs the store holds already is held back until no loader runs: then those graphs are cleared
    and the file registered (Virtuoso loses triples of the files being loaded while another request clears
    graphs: 1863 of a graph's 1956 triples, no error anywhere).

        with BulkLoader(client, local_dir, remote_dir, parallel, timeout, clear) as loader:
            loader.open()                 # the store may read the directory: checked before anything is touched
            loader.add(graph, to_clear)   # … for each graph; to_clear: whether the store may hold it
            loader.finish()               # the last file, every loader done, checkpoint
    """

    def __init__(self, client: SparqlClient, local_dir: Path, remote_dir: str | None, parallel: int,
                 timeout: float, clear, file_triples: int | None = None):
        self.client, self.local_dir, self.parallel, self.timeout = client, Path(local_dir), parallel, timeout
        self.clear, self.file_triples = clear, file_triples or BULK_FILE_TRIPLES
        self.remote_dir = (remote_dir or str(self.local_dir.resolve())).rstrip("/")
        if not self.local_dir.is_dir():
            raise PublishError(f"--bulk-dir {self.local_dir}: no such directory")
        if not os.access(self.local_dir, os.W_OK):
            raise PublishError(f"--bulk-dir {self.local_dir}: not writable")
        run = f"zwgk-{uuid.uuid4().hex[:12]}"
        self.local, self.remote = self.local_dir / run, f"{self.remote_dir}/{run}"
        self.pending: list[GraphData] = []
        self.pending_clear: list[str] = []
        self.pending_triples = 0
        self.written = 0
        self.held: list[tuple[str, list[str], int]] = []       # written, waiting for their graphs to be cleared
        self.held_graphs: set[str] = set()                       # and their graphs
        self.files: list[tuple[str, list[str], int]] = []      # registered: file name, its graphs, its triples
        self.cond = threading.Condition()
        self.done = False
        self.seen: list[float] = []       # per loader: the files registered when it last started (inf: stopped)
        self.busy = 0
        self.loaders: list[threading.Thread] = []
        self.errors: list[BaseException] = []
        self.seconds = 0.0              # from the first file registered to the checkpoint's end
        self._t0: float | None = None
        self.loaded_at: float | None = None       # perf_counter() when the last loader returned

    def call(self, expression: str, timeout: float | None = None) -> str:
        body, ctype, _ = self.client.query(f"SELECT ({expression} AS ?r) WHERE {{}}", RESULTS_XML,
                                           timeout=timeout or self.timeout, endpoint=self.client.update_endpoint)
        rows = list(parse_results(body, ctype))
        return rows[0]["r"].value if rows and rows[0]["r"] is not None else ""

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(failed=kind is not None)

    def open(self) -> None:
        """Make the run's directory and check that the store may read it and sees what zwgk writes there."""
        self.local.mkdir()
        (self.local / "probe.txt").write_bytes(b"zwgk\n")
        try:     # registers nothing (no *.nq yet); Virtuoso checks DirsAllowed
            self.call(f"sql:ld_dir({ox.Literal(self.remote)}, \"*.nq\", {ox.Literal(STAGING_PREFIX + 'unused')})")
        except RemoteError as e:
            if re.search(r"FA\d+|access control|DirsAllowed|denied", str(e), re.I):
                raise PublishError(f"the store may not read {self.remote}: add {self.remote_dir} to DirsAllowed in "
                                   f"its virtuoso.ini, or give --bulk-dir-remote as the store sees --bulk-dir "
                                   f"({e})") from None
            raise
        seen = self.call(f"bif:file_stat({ox.Literal(self.remote + '/probe.txt')}, 1)")
        if not seen or seen == "0":
            raise PublishError(f"the store does not see the files zwgk writes to {self.local_dir} at {self.remote}: "
                               f"give --bulk-dir-remote as the store sees --bulk-dir")

    def add(self, graph: GraphData, to_clear: bool) -> None:
        """Put a graph's lines into the file being filled (written and registered, or held, once full)."""
        self.pending.append(graph)
        if to_clear:
            self.pending_clear.append(graph.name)
        self.pending_triples += graph.count
        if self.pending_triples >= (self.file_triples if self.files or self.held else BULK_FIRST_FILE_TRIPLES):
            self.flush()

    def flush(self) -> None:
        """Write the file being filled; register it, or hold it when it has graphs to clear first."""
        if self.pending:
            self.written += 1
            name = f"part-{self.written:05d}.nq"
            tmp = self.local / (name + ".tmp")
            with open(tmp, "wb") as out:
                for g in self.pending:
                    for p in g.parts:
                        out.write(p)
            tmp.rename(self.local / name)
            entry = (name, list(dict.fromkeys(self.pending_clear)), self.pending_triples)
            # held too: more lines of a graph held back (a dump not grouped by graph), not to be cleared after them
            hold = entry[1] or any(g.name in self.held_graphs for g in self.pending)
            self.pending, self.pending_clear, self.pending_triples = [], [], 0
            if hold:
                self.held.append(entry)
                self.held_graphs.update(entry[1])
            else:
                self._register([entry])
        if self.held and self._idle():
            self._release()

    def adopt(self, entries: list[tuple[str, list[str], int, list[str]]]) -> None:
        """Files written to the run's directory by others (`read_in_processes`; `copy_members`, .nq.gz files)
        before anything was registered: (name, its graphs, its triples, the graphs to clear first); cleared,
        registered."""
        self.clear([g for *_, graphs in entries for g in graphs])
        self.written += len(entries)
        self._register([(name, graphs, triples) for name, graphs, triples, _ in entries], every=True)

    def _idle(self) -> bool:
        """No loader runs nor is about to (every one has seen every file registered, or stopped)."""
        with self.cond:
            return self.busy == 0 and all(s >= len(self.files) for s in self.seen)

    def _release(self) -> None:
        """The held files: their graphs cleared (no loader running), then registered."""
        held, self.held, self.held_graphs = self.held, [], set()
        self.clear([g for _, graphs, _ in held for g in graphs])
        self._register(held)

    def _register(self, entries: list[tuple[str, list[str], int]], every: bool = False) -> None:
        """Put files on the store's load list: one ld_add each, or (`every`: they are all the run's directory
        holds) one ld_dir for them all (60 requests at 1,000 catalogues: 0.3 s before the load could begin)."""
        if every:   # the dump's own gzip members (`copy_members`) are .nq.gz files, which Virtuoso inflates
            for pattern in ("*.nq", "*.nq.gz") if any(e[0].endswith(".gz") for e in entries) else ("*.nq",):
                self.call(f"sql:ld_dir({ox.Literal(self.remote)}, \"{pattern}\", "
                          f"{ox.Literal(STAGING_PREFIX + 'unused')})")
        for name, _, _ in [] if every else entries:
            self.call(f"sql:ld_add({ox.Literal(self.remote + '/' + name)}, {ox.Literal(STAGING_PREFIX + 'unused')})")
        with self.cond:
            self.files += entries
            self.cond.notify_all()
        if not self.loaders:
            self._t0 = time.perf_counter()
            self.seen = [0] * self.parallel
            self.loaders = [threading.Thread(target=self._loader, args=(i,), name=f"zwgk-loader-{i}", daemon=True)
                            for i in range(self.parallel)]
            for t in self.loaders:
                t.start()

    def _loader(self, i: int) -> None:
        """One loader: rdf_loader_run takes registered files until none is left, and returns; it is called again
        when more were registered meanwhile, and once more after the last."""
        try:
            while True:
                with self.cond:
                    while len(self.files) == self.seen[i] and not self.done:
                        self.cond.wait()
                    self.seen[i], last = len(self.files), self.done
                    self.busy += 1
                try:
                    self.call("sql:rdf_loader_run()", max(self.timeout, 3600))
                finally:
                    with self.cond:
                        self.busy -= 1
                        self.cond.notify_all()
                if last:
                    return
        except BaseException as e:  # noqa: BLE001 - raised again by finish()
            self.errors.append(e)
        finally:
            with self.cond:
                self.seen[i] = math.inf
                self.cond.notify_all()

    def _wait_idle(self) -> None:
        with self.cond:
            while not (self.busy == 0 and all(s >= len(self.files) for s in self.seen)):
                self.cond.wait()

    def finish(self, checkpoint: bool = True) -> None:
        """The last file; the held files once the loaders are idle; every loader to its end; a checkpoint (or
        call `checkpoint` later)."""
        self.flush()
        if self.held:
            self._wait_idle()
            if self.errors:
                raise self.errors[0]
            self._release()
        self._stop_loaders()
        self.loaded_at = time.perf_counter()
        if self.errors:
            raise self.errors[0]
        if checkpoint:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Make the load durable (Virtuoso's loader does not log)."""
        if self.loaders:
            self.call('bif:exec("checkpoint")', max(self.timeout, 600))
            self.seconds = time.perf_counter() - (self._t0 or time.perf_counter())

    def _stop_loaders(self) -> None:
        with self.cond:
            self.done = True
            self.cond.notify_all()
        for t in self.loaders:
            t.join()

    def close(self, failed: bool = False) -> None:
        """After the load, or a failure (the files not taken yet are taken off the list first, and the loaders
        finish the files they are loading): the run's files off the store's load list (ld_dir never registers a
        file twice) and removed."""
        try:
            if failed and self.files:
                self._forget(" AND LL_STATE = 0")
            self._stop_loaders()
            if self.files:
                self._forget()
        finally:
            if failed or not self.files:
                shutil.rmtree(self.local, ignore_errors=True)
            else:       # while the record is moved in place; `removed()` waits for it
                self._removing = threading.Thread(target=shutil.rmtree, args=(self.local, True), daemon=True)
                self._removing.start()

    def removed(self) -> None:
        """The run's directory is gone (after `close`)."""
        if getattr(self, "_removing", None) is not None:
            self._removing.join()

    def _forget(self, condition: str = "") -> None:
        pattern = self.remote.replace("'", "''") + "/%"
        sql = f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE '{pattern}'{condition}"
        try:
            self.call(f"bif:exec({ox.Literal(sql)})")
        except RemoteError:
            pass
