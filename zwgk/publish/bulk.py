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
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..server.remote import RESULTS_XML, STAGING_PREFIX, RemoteError, SparqlClient, parse_results
from .dump import GraphData
from .model import PublishError

BULK_FILE_TRIPLES = 25_000       # triples per bulk-load file (the loaders share the files out; the last ones
                                 # loaded, one loader may wait for the other: small files, a short wait)
BULK_FIRST_FILE_TRIPLES = 5_000  # the first file: the loaders start while the rest is still being read
RELOADS = 2                      # rounds of loading again the files the loader failed on for a transient reason
LIST_MARK = "-"                  # the start of what `failures` reads (an entry not set reads 0)
# transient failures: SQL state class 40, transaction rollback (40001 deadlock and the like); a file left taken
# (rdf_loader_run's own deadlock handler rolls back the update that marks a file loaded, and goes on)
TRANSIENT = re.compile(r"40\d{3}\b|left in LL_STATE 1\b")


@dataclass
class LoadFile:
    """A file of the run: its name in the run's directory, every graph with lines in it, those to clear before it
    is registered (the store may hold them), its triples."""
    name: str
    graphs: list[str]
    clear: list[str]
    triples: int


def sql_text(value: str) -> str:
    """A SQL string literal (quotes doubled), for the statements run through `bif:exec`."""
    return "'" + value.replace("'", "''") + "'"


class BulkLoader:
    """Virtuoso's bulk loader, driven over SPARQL while the graphs are still being read: `sql:ld_add` registers
    each file as soon as it is written, `--parallel` loaders (`sql:rdf_loader_run`, one request each, taking
    files off the shared list) load them meanwhile and are started again while files keep coming,
    `bif:exec('checkpoint')` makes the load durable (the loader bypasses the transaction log). Needs the
    authenticated endpoint (the dba's rights).

    Once the loaders are done, the store's load list is read for the run's files it did not load cleanly
    (`failures`): Virtuoso's `ld_file` records any error in LL_ERROR, keeps what it inserted before it and goes
    on with the next file; `rdf_loader_run`, on a deadlock in its own bookkeeping, rolls back the update that
    marks a file loaded and goes on, the file left "taken" (LL_STATE 1). Both were seen in test publishes on a
    busy machine, one in some hundreds: four graphs left empty, no error anywhere else. Such a file's graphs are
    cleared and it is loaded again (`RELOADS` rounds); any other failure stops the publish with the file, its
    graphs and what the store's list says.

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
        self.run = run
        self.pending: list[GraphData] = []
        self.pending_clear: list[str] = []
        self.pending_triples = 0
        self.written = 0
        self.held: list[LoadFile] = []                 # written, waiting for their graphs to be cleared
        self.held_graphs: set[str] = set()             # and those graphs
        self.files: list[LoadFile] = []                # registered
        self.reloaded: list[str] = []                  # files loaded again (`reload_failed`)
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
            entry = LoadFile(name, list(dict.fromkeys(g.name for g in self.pending)),
                             list(dict.fromkeys(self.pending_clear)), self.pending_triples)
            # held too: more lines of a graph held back (a dump not grouped by graph), not to be cleared after them
            hold = entry.clear or any(g.name in self.held_graphs for g in self.pending)
            self.pending, self.pending_clear, self.pending_triples = [], [], 0
            if hold:
                self.held.append(entry)
                self.held_graphs.update(entry.clear)
            else:
                self._register([entry])
        if self.held and self._idle():
            self._release()

    def adopt(self, entries: list[tuple[str, list[str], int, list[str]]]) -> None:
        """Files written to the run's directory by others (`read_in_processes`; `copy_members`, .nq.gz files)
        before anything was registered: (name, its graphs, its triples, the graphs to clear first); cleared,
        registered."""
        self.clear([g for *_, clear in entries for g in clear])
        self.written += len(entries)
        self._register([LoadFile(name, graphs, clear, triples) for name, graphs, triples, clear in entries],
                       every=True)

    def _idle(self) -> bool:
        """No loader runs nor is about to (every one has seen every file registered, or stopped)."""
        with self.cond:
            return self.busy == 0 and all(s >= len(self.files) for s in self.seen)

    def _release(self) -> None:
        """The held files: their graphs cleared (no loader running), then registered."""
        held, self.held, self.held_graphs = self.held, [], set()
        self.clear([g for f in held for g in f.clear])
        self._register(held)

    def _register(self, entries: list[LoadFile], every: bool = False) -> None:
        """Put files on the store's load list: one ld_add each, or (`every`: they are all the run's directory
        holds) one ld_dir for them all (60 requests at 1,000 catalogues: 0.3 s before the load could begin)."""
        if every:   # the dump's own gzip members (`copy_members`) are .nq.gz files, which Virtuoso inflates
            for pattern in ("*.nq", "*.nq.gz") if any(e.name.endswith(".gz") for e in entries) else ("*.nq",):
                self.call(f"sql:ld_dir({ox.Literal(self.remote)}, \"{pattern}\", "
                          f"{ox.Literal(STAGING_PREFIX + 'unused')})")
        for e in [] if every else entries:
            self.call(f"sql:ld_add({ox.Literal(self.remote + '/' + e.name)}, {ox.Literal(STAGING_PREFIX + 'unused')})")
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
        """The last file; the held files once the loaders are idle; every loader to its end; the files the store
        failed on for a transient reason loaded again, or the publish stopped on any other failure; a checkpoint
        (or call `checkpoint` later)."""
        self.flush()
        if self.held:
            self._wait_idle()
            if self.errors:
                raise self.errors[0]
            self._release()
        self._stop_loaders()
        if self.errors:
            raise self.errors[0]
        if self.files:
            self.reload_failed()
        self.loaded_at = time.perf_counter()
        if checkpoint:
            self.checkpoint()

    def failures(self) -> dict[str, str]:
        """The run's files the store did not load cleanly, name → why: LL_ERROR ("40001 …"), or the state a file
        was left in. Read over SPARQL through the store's registry: `bif:exec` runs SQL but returns no rows, so
        the rows go into a registry entry of the run's own, read and removed."""
        key = f"zwgk-load-list-{self.run}"
        rows = (f"select DB.DBA.GROUP_CONCAT(LL_FILE || chr(9) || cast(LL_STATE as varchar) || chr(9) || "
                f"replace(replace(coalesce(LL_ERROR, ''), chr(10), ' '), chr(9), ' '), chr(10)) "
                f"from DB.DBA.LOAD_LIST where LL_FILE like {sql_text(self.remote + '/%')} "
                f"and (LL_STATE <> 2 or LL_ERROR is not null)")
        sql = f"registry_set({sql_text(key)}, {sql_text(LIST_MARK)} || coalesce(({rows}), ''))"      # no row: ''
        self.call(f"bif:exec({ox.Literal(sql)})")
        try:
            text = self.call(f"bif:registry_get({ox.Literal(key)})")
        finally:
            self.call(f"bif:registry_remove({ox.Literal(key)})")
        if not text.startswith(LIST_MARK):          # "0": no such entry, the exec did not set it
            raise PublishError(f"could not read the store's load list for {self.remote} (DB.DBA.LOAD_LIST): "
                               f"{text[:200]!r}")
        out: dict[str, str] = {}
        for line in filter(None, text[len(LIST_MARK):].split("\n")):
            path, state, error = (line.split("\t") + ["", ""])[:3]
            out[path.rsplit("/", 1)[-1]] = error.strip() or (
                "left in LL_STATE 1 (taken by a loader, never marked loaded)" if state == "1" else
                f"left in LL_STATE {state} (not loaded: the store could not stat the file)" if state == "0" else
                f"left in LL_STATE {state}")
        return out

    def reload_failed(self) -> None:
        """Load again, with no loader running, the files the store failed on for a transient reason (a deadlock
        between loaders): their graphs cleared (with every other file that has lines of those graphs, so that no
        graph is left with part of its lines), the files put back on the load list, one loader run. Any other
        failure, or a transient one that lasts `RELOADS` rounds, is a PublishError naming the file."""
        by_name = {f.name: f for f in self.files}
        for round_ in range(RELOADS + 1):
            failed = {n: why for n, why in self.failures().items() if n in by_name}
            if not failed:
                return
            lasting = {n: why for n, why in failed.items() if not TRANSIENT.match(why) or round_ == RELOADS}
            if lasting:
                name, why = next(iter(lasting.items()))
                graphs = by_name[name].graphs
                raise PublishError(
                    f"the store's bulk loader failed on {self.remote}/{name} ({len(graphs)} graph(s): "
                    f"{', '.join(graphs[:3])}{' …' if len(graphs) > 3 else ''}): {why}"
                    f"{f'; and on {len(lasting) - 1} other file(s)' if len(lasting) > 1 else ''}")
            files, graphs = set(failed), set()
            while True:         # the closure: a graph's other files, those files' graphs, …
                graphs |= {g for n in files for g in by_name[n].graphs}
                more = {f.name for f in self.files if f.name not in files and graphs.intersection(f.graphs)}
                if not more:
                    break
                files |= more
            self.clear(sorted(graphs))
            names = ", ".join(sql_text(f"{self.remote}/{n}") for n in sorted(files))
            sql = (f"UPDATE DB.DBA.LOAD_LIST SET LL_STATE = 0, LL_ERROR = NULL, LL_STARTED = NULL, LL_DONE = NULL "
                   f"WHERE LL_FILE IN ({names})")
            self.call(f"bif:exec({ox.Literal(sql)})")
            self.reloaded += sorted(files)
            self.call("sql:rdf_loader_run()", max(self.timeout, 3600))

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
        sql = f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE {sql_text(self.remote + '/%')}{condition}"
        try:
            self.call(f"bif:exec({ox.Literal(sql)})")
        except RemoteError:
            pass
