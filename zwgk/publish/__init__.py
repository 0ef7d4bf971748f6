"""`zwgk publish`: push every graph of the build to an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB …).

Each named graph of the build (a catalogue's graph is named by the catalogue's IRI; agencies, legal bases, code
lists, the ontology, the shapes and the validation reports have their own) replaces the graph of the same name in
the store. The graphs are read from the build's N-Quads dump (`zwgk.nq.gz`, where each graph's quads are
consecutive, so a graph is a slice of the file and never parsed unless a protocol needs triples), or from the
embedded store when there is no dump. The dump is one gzip member per part of the build (1,002 at 1,000
catalogues), inflated member by member (linear in its size: gzip.decompress is not) in blocks zlib hands out.

Incremental: the publication record ({base}/graph/publication) keeps, for every graph, its triple count, the
SHA-256 of its N-Quads (blank nodes numbered in order of appearance, so the hash does not depend on their random
labels) and the SHA-256 of the dump's gzip members its lines were in; and the SHA-256 of the dump. A graph whose
hash and count are those of the record, and whose count in the store is still that count, is left alone
("unchanged"); `--full` replaces every graph. A graph a previous publication had and this build has not is
dropped. Last, the record is replaced — unless nothing changed, when the store is not touched at all. What is
read of the dump for that:

* the same dump as the last publication's (its SHA-256): nothing; the store's counts are checked against the
  record's, and that is all (`Publication.nothing_changed`);
* another dump, through the bulk loader: only its gzip members that are not, byte for byte, members of the dump
  published last (after `zwgk build --only ID`, that catalogue's part; `DumpReader.plan`; where each member
  lies and its SHA-256 taken from the build's index of the dump, below, when it has one);
* a first publish, or `--full`, through the bulk loader: nothing, when the build's index of the dump
  (zwgk.nq.members.json, `zwgk.nquads.NQ_INDEX`: each member's place and SHA-256, each graph's count, content
  hash and member, made by the workers that serialized them) describes this very file: its members are handed to
  the loaders as .nq.gz files, as they are (`copy_members`; at 1,000 catalogues the reading took about 1 s);
* else every member.

Three ways to load, fastest first:

* the store's own bulk loader (Virtuoso: ld_add/ld_dir + rdf_loader_run, called over the authenticated SPARQL
  endpoint as `sql:` functions) when `--bulk-dir DIR` names a directory the store can read (one in Virtuoso's
  DirsAllowed; `--bulk-dir-remote` when the store sees it under another path, e.g. a container volume): the
  changed graphs are written there as N-Quads files of BULK_FILE_TRIPLES and loaded in place by `--parallel`
  loaders at the store's own speed (`BulkLoader`). The dump is read first, by several processes at once, when the
  loaders would share this machine's cores with the reading; else the loaders load the first files while the
  rest is still being read (`read_first`). A graph the store holds already is cleared first, at a time no loader
  runs (Virtuoso loses triples of a load running while another request clears graphs); with `--full`, where
  most graphs are usually as the store holds them, they are loaded over what it holds instead, and only those
  that then hold more triples than the build's are cleared and loaded again (`Publication.reload`: dropping a
  row costs Virtuoso more than loading one). Then the store
  checkpoints, every count is read back, and the record is replaced in one transaction: updated (a few graphs
  changed), copied in place from its staging graph loaded with the graphs, or, the first time, loaded in place
  with the graphs but without its stamp (readers see no record without one) and stamped. In place means a reader
  may see a changed graph partly loaded while the load runs; a publish that fails says so and names the graphs;
* the SPARQL 1.1 Graph Store Protocol (`--graph-store`), `--parallel` graphs at a time;
* SPARQL Update requests (a batch the store rejects as too large is split in two and retried).

The last two load each graph into a staging graph (urn:zwgk:staging:…), in batches in which triples sharing a blank
node always travel together; read its count back (it must equal the build's: a partial load stops here, and the
published graph was never touched); swap it in with one `MOVE` (a reader sees the old graph or the new one), and
read the count back again.

`zwgk publish` prints, on stderr, when each of its steps ended (seconds from its start): `bench/publish.py` shows
them under each run.

Credentials: --user (or ZWGK_SPARQL_USER) and a password from the environment (ZWGK_SPARQL_PASSWORD, or the
variable --password-env names) or the config file's [sparql] section; never from the command line, never printed.

The modules, in the order the data meets them: `dump` reads the build's dump (gzip members, graphs as runs of lines,
several processes), `bulk` drives the store's bulk loader, `protocols` the Graph Store Protocol and SPARQL Update,
`record` reads and writes the publication record, `model` holds what they share; this one decides and runs the
steps (`Publication`) and is the command (`cmd_publish`).
"""
from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pyoxigraph as ox
from zlib_ng import zlib_ng as zlib   # zlib's interface; inflates 1.9x faster than zlib

from ..server.remote import (STAGING_PREFIX, RemoteError, SparqlClient, credentials, public_url, read_config,
                             record_graph)
from .bulk import BulkLoader
from .dump import (Dump, DumpReader, GraphData, NotSplittable, collect, copy_members, members_index, merge,
                   read_first, read_graphs, read_in_processes, store_graph_names)
from .model import (DEFAULT_GSP_BATCH, DEFAULT_PARALLEL, DEFAULT_UPDATE_BATCH, OPS_PER_REQUEST, GraphReport,
                    PublishError, ntriples)
from .protocols import Publisher, staging_graph
from .record import NewRecord, Record, record_triples

RECORD_UPDATE_MAX = 20           # changed graphs up to which the record is updated in place, not rewritten
BULK_ENV, BULK_REMOTE_ENV = "ZWGK_BULK_DIR", "ZWGK_BULK_DIR_REMOTE"


# -- progress and summary --------------------------------------------------------------------------------------

class Progress:
    """The progress of the graphs sent, on stderr: on a terminal a bar over their triples with the count, the
    time elapsed and the time left, and the graphs done (zwgk.console); elsewhere a line per graph. Thread-safe."""

    def __init__(self, total: int, graphs: int, stream=None):
        from ..console import make_console, progress
        self.graphs, self.stream = graphs, stream if stream is not None else sys.stderr
        self.graphs_done = 0
        self.lock = threading.Lock()
        self.shown = ExitStack()
        self.bar = self.shown.enter_context(progress(total, "publishing", unit="triples",
                                                     console=make_console(self.stream)))
        self.bar.update(0)     # shown from now on, the time elapsed counting (a bulk load reports once, at its end)

    def update(self, n: int) -> None:
        self.bar.advance(n)

    def graph_done(self, report: GraphReport) -> None:
        with self.lock:
            self.graphs_done += 1
            if self.bar.active:
                self.bar.update(what=f"graph {self.graphs_done}/{self.graphs}: {report.graph}")
            else:
                self.stream.write(f"[{self.graphs_done}/{self.graphs}] {report.graph}: {report.triples} triples "
                                  f"({report.seconds:.2f} s)\n")
                self.stream.flush()

    def close(self) -> None:
        self.shown.close()


def summary_table(reports: list[GraphReport], base: str, seconds: float) -> str:
    from ..console import table

    def short(g: str) -> str:
        return g[len(base):] if g.startswith(base + "/") else g
    rows = [(short(r.graph), r.triples, "" if r.remote is None else r.remote, r.batches, f"{r.seconds:.2f}",
             r.status) for r in reports]
    total = sum(r.triples for r in reports)
    sent = sum(r.triples for r in reports if r.status == "ok")
    unchanged = sum(1 for r in reports if r.status == "unchanged")
    footer = (f"total ({len(reports)} graphs, {unchanged} unchanged; {sent} triples sent, "
              f"{sent / max(seconds, 1e-9):,.0f} triples/s)", total, sum(r.remote or 0 for r in reports),
              sum(r.batches for r in reports), f"{seconds:.2f}",
              "ok" if all(r.status in ("ok", "unchanged") or r.status.startswith("dropped") for r in reports)
              else "FAILED")
    return table(["graph", "triples", "read back", "requests", "seconds", "status"], rows, footer,
                 ["left", "right", "right", "right", "right", "left"])


# -- publish -----------------------------------------------------------------------------------------------------

def publish(store_dir: Path, base: str, client: SparqlClient, use_gsp: bool, batch: int | None = None,
            built: str | None = None, show_progress: bool = True, dumps_dir: Path | None = None,
            bulk_dir: Path | None = None, bulk_remote: str | None = None, parallel: int = DEFAULT_PARALLEL,
            full: bool = False, timeout: float = 300, times: list | None = None) -> tuple[list[GraphReport], float]:
    """Publish the changed graphs; returns the reports. Raises PublishError/RemoteError (reports on `.reports`).
    `times` gets (step, seconds since the start) as the steps end."""
    run = Publication(store_dir, base, client, use_gsp, batch, built, show_progress, dumps_dir, full)
    try:
        if bulk_dir is not None:
            run.bulk(bulk_dir, bulk_remote, parallel, timeout)
        else:
            run.protocols(parallel)
    except (RemoteError, PublishError) as e:
        run.close()
        e.reports = run.order()  # type: ignore[attr-defined]
        raise
    run.close()
    if times is not None:
        times += run.times
    return run.order(), time.perf_counter() - run.t0


class Publication:
    """One run of `zwgk publish`: the reports of the graphs as they are decided, sent and read back."""

    def __init__(self, store_dir: Path, base: str, client: SparqlClient, use_gsp: bool, batch: int | None,
                 built: str | None, show_progress: bool, dumps_dir: Path | None, full: bool):
        self.t0 = time.perf_counter()
        self.store_dir, self.base, self.client, self.use_gsp = store_dir, base, client, use_gsp
        self.built, self.show_progress, self.dumps_dir, self.full = built, show_progress, dumps_dir, full
        self.pub = Publisher(client, use_gsp, batch)
        self.reports: dict[str, GraphReport] = {}
        self.dropped: list[GraphReport] = []
        self.rec_report: GraphReport | None = None
        self.bar: Progress | None = None
        self.dump = Dump.of(dumps_dir)
        self.previous = Record({})
        self.times: list[tuple[str, float]] = []     # (what, seconds since the start) when each step ended
        self.remote: dict[str, int] | None = None

    def mark(self, what: str, at: float | None = None) -> None:
        self.times.append((what, (at or time.perf_counter()) - self.t0))

    def order(self) -> list[GraphReport]:
        return [self.reports[g] for g in sorted(self.reports)] + self.dropped + \
            ([self.rec_report] if self.rec_report else [])

    def close(self) -> None:
        if self.bar:
            self.bar.close()
            self.bar = None

    def progress(self, n: int) -> None:
        if self.bar:
            self.bar.update(n)

    def begin(self) -> None:
        """The update endpoint and the credentials first (a no-op update), even when nothing is to be sent; then,
        at the same time, the last publication's record, the store's counts (`nothing_changed`) and the embedded
        store's graphs. Of the record, only the counts when it names this very dump (nothing changed, likely)."""
        self.client.update(f"DROP SILENT GRAPH <{STAGING_PREFIX}check>")
        pool = ThreadPoolExecutor(2)
        self._counts = pool.submit(self.pub.all_counts)
        self._store_names = pool.submit(store_graph_names, self.store_dir)
        pool.shutdown(wait=False)
        dump = self.pub.record_dump(self.base)
        self.previous = self.pub.previous(self.base, checksums=not (dump and dump == self.dump.sha256))
        self.previous.dump = dump
        self.mark("record read")

    def same_dump(self) -> bool:
        """The dump is the one the last publication was read from (its SHA-256 in the record)."""
        return not self.full and self.dump.sha256 is not None and self.previous.dump == self.dump.sha256

    def nothing_changed(self) -> bool:
        """The store's counts; True when nothing changed since the last publication, known from the dump's
        checksum alone (not one byte of it inflated): the same dump, the record's graphs still in the store with
        their counts (and the store, if there, with the same graphs)."""
        self.remote = self._counts.result()
        self.mark("store counted")
        graphs = self.previous.graphs
        same = self.same_dump() and graphs and all(n >= 0 for n, _ in graphs.values()) and \
            self.dump.agrees(graphs, sum(n for n, _ in graphs.values()), self._store_names.result())
        if same:
            remote = self.remote if self.remote is not None else self.pub.counts(sorted(graphs))
            same = all(remote.get(g) == n for g, (n, _) in graphs.items())
        if same:
            for g, (n, _) in graphs.items():
                self.reports[g] = GraphReport(g, n, n, status="unchanged")
            return True
        if self.same_dump():        # the record was read without its checksums: now with them
            self.previous = self.pub.previous(self.base)
            self.previous.dump = self.dump.sha256
        return False

    def unchanged(self, g: GraphData) -> bool:
        return (not self.full and self.previous.graphs.get(g.name) == (g.count, g.sha256) and
                self.remote is not None and self.remote.get(g.name) == g.count)

    def record(self, graphs: dict[str, GraphData], reader: DumpReader | None) -> "NewRecord":
        """The new record; with the dump's checksum and the graphs' members when the graphs came from the dump
        (`reader`)."""
        self.parts = {g: d.recorded if d.known else reader.part_shas(d) for g, d in graphs.items()} if reader else {}
        return record_triples(self.base, {g: (d.count, d.sha256) for g, d in graphs.items()}, self.built,
                              self.dump.sha256 if reader else None, self.parts)

    # -- through the store's bulk loader --------------------------------------------------------------------

    def bulk(self, bulk_dir: Path, bulk_remote: str | None, parallel: int, timeout: float) -> None:
        """Through the store's bulk loader. The graphs of the dump are decided (unchanged or not) one by one, the
        changed ones written to files the loaders load: the dump read first by several processes, or as the
        loaders load it (`read_first`), or only its members that changed (`DumpReader.plan`). A graph the store
        may hold is cleared before its file is registered, at a time no loader runs. The record is loaded with
        the graphs (into its staging graph, or in place without its stamp the first time) or updated after them
        (a few entries); once the store has checkpointed and every count has been read back, it is moved in
        place, or gets its stamp, in one transaction."""
        loader = BulkLoader(self.client, bulk_dir, bulk_remote, parallel, timeout, self.clear)  # checks the dir
        self.begin()
        # streamed when the checks read_graphs makes can wait for the end: the build's manifest vouches for the
        # dump (the same file), or there is no store to hold it against
        streamed = self.dump.path is not None and (self.dump.vouched or not self.store_dir.is_dir())
        reader = DumpReader(self.dump.data) if self.dump.path is not None else None
        # the members of the dump published last are known (the record has them): planned, after the counts;
        # else the dump is inflated from now on, while the store counts
        planned = streamed and bool(self.previous.parts) and not self.full
        # all of it read before the load by several processes when the store would have to share the cores with
        # the reading (`read_first`), else inflated from now on, while the store counts, and loaded as it is read
        workers = read_first(parallel) if streamed else 0
        # the build's index of the dump's members (zwgk.nquads.NQ_INDEX): when every graph is to be loaded (a first
        # publish, --full) its gzip members go to the loaders as they are, nothing read (`copy_members`); planned,
        # the members the record knows are found without hashing them all
        indexed = members_index(self.dumps_dir, self.dump.data, self.dump.sha256) if streamed and not planned \
            else None
        source = reader.stream() if streamed and not planned and not workers and not indexed and \
            not self.same_dump() else None
        try:
            nothing = self.nothing_changed()
        except BaseException:
            if reader is not None:
                reader.close()
            raise
        if nothing:
            if reader is not None:
                reader.close()
            return
        known = self.remote is not None        # else the counts of the last publication's graphs only
        remote = self.remote = self.remote if known else self.pub.counts(sorted(self.previous.graphs))
        store_names = None
        if streamed:
            if source is None and planned and known:
                source = reader.plan(self.previous, remote,       # (not read when nothing changed)
                                     members_index(self.dumps_dir, self.dump.data, self.dump.sha256))
                self.mark("dump planned")
            if source is None and not workers and not indexed:
                source = reader.stream()
            store_names = self._store_names.result()
        else:
            got, where = read_graphs(self.store_dir, self.dumps_dir, self.dump, reader)
            source = (got[g] for g in sorted(got))
            if where != str(self.dump.path):
                reader = None
        rec = record_graph(self.base)
        stage = staging_graph(rec)
        graphs: dict[str, GraphData] = {}
        changed: dict[str, None] = {}
        # cleared before anything is loaded: the record's staging graph (a failed run's leftovers), and the record's
        # graph when it lists no graph (loaded in place then)
        cleared = {stage} | (set() if self.previous.graphs else {rec})

        def decide(g: GraphData) -> tuple[bool, bool]:
            """(changed, to be cleared first: the store may hold it, as a graph of the last publication, counted
            in the store, or any when the store's counts are not known). With --full, only a graph with blank nodes
            is cleared first (loaded again, they would be new ones); the others are loaded over what the store
            holds, and those that then hold more than the build's triples are cleared and loaded again
            (`reload`)."""
            if not self.full and (g.known or self.unchanged(g)):    # known: not read, unchanged (DumpReader.plan)
                return False, False
            may_hold = g.name not in cleared and (g.name in self.previous.graphs or g.name in remote or not known)
            return True, may_hold and (g.bnodes or not self.full)

        def send(g: GraphData) -> None:
            """Load a changed graph (one another process read has been written to a file already)."""
            if self.bar is None and self.show_progress:
                self.bar = Progress(None, 0)
            self.reports[g.name].status = "FAILED"
            if not g.sent:
                to_clear = decide(g)[1] if g.name not in cleared else False
                cleared.add(g.name)
                loader.add(g, to_clear)

        written = None
        with loader:
            loader.open()
            self.clear(sorted(cleared))
            if streamed and source is None:           # the members as they are, or read first by processes
                got = copy_members(self.dump.data, indexed, decide, loader.local, loader.file_triples) \
                    if indexed else None
                if got is None and workers:           # the processes write the files
                    got = read_in_processes(self.dump.data, workers, decide, loader.local, loader.file_triples)
                    if got is None:                   # a dump they cannot share out: read here
                        for f in loader.local.glob("part-*-*.nq"):
                            f.unlink()
                if got is None:
                    source = reader.stream()
                else:
                    source, reader.members, written = iter(got[0]), got[1], got[2]
            try:
                for g in source:
                    if g.name in graphs:     # more lines of a graph met before (a dump not grouped by graph)
                        whole = graphs[g.name] = merge(graphs[g.name], g)
                        self.reports[g.name].triples = whole.count
                        if g.name in changed:
                            send(g)                        # its first lines are in a file already, or pending
                        else:
                            changed[g.name] = None
                            send(whole)
                        continue
                    graphs[g.name] = g
                    self.reports[g.name] = GraphReport(g.name, g.count)
                    if g.sent or decide(g)[0]:
                        changed[g.name] = None
                        send(g)
                    else:
                        self.reports[g.name].status, self.reports[g.name].remote = "unchanged", g.count
            except (NotSplittable, OSError, EOFError, ValueError, zlib.error) as e:
                raise PublishError(f"{self.dump.path}: {e}; {len(loader.files)} file(s) of graphs were loaded "
                                   f"already, in place") from None
            finally:
                if reader is not None:
                    reader.close()
            self.mark("dump read")
            if streamed and not self.dump.agrees(graphs, sum(g.count for g in graphs.values()), store_names):
                loader.finish()
                raise PublishError(f"the dump {self.dump.path} does not hold the graphs of the store {self.store_dir} "
                                   f"(or not the manifest's count): run `zwgk build` again; the changed graphs "
                                   f"read from the dump were loaded in place")
            if written:
                loader.adopt(written)
            gone = sorted(set(self.previous.graphs) - set(graphs))
            if not changed and not gone:
                return
            record = self.record(graphs, reader)
            rec_report = self.rec_report = GraphReport(rec, len(record), status="FAILED")
            # the record: a few entries changed, updated after the load (`update_record`); else the whole of it
            # loaded with the graphs: into its staging graph, copied in place after the load; or, the first time,
            # in place but without its stamp, which readers need to see a record at all, added last
            touched = self.record_diff(list(changed) + gone)
            in_place = touched is None and not self.previous.graphs
            target = rec if in_place else stage
            body = record.fixed + [t for g in sorted(record.entries) for t in record.entries[g]] if in_place else \
                record.triples()
            if touched is None:
                loader.add(GraphData(target, [ox.serialize((ox.Quad(*t, ox.NamedNode(target)) for t in body),
                                                           format=ox.RdfFormat.N_QUADS)], len(body), ""), False)
            try:
                loader.finish(checkpoint=False)
            except PublishError as e:         # the store's loader failed on a file: the record is not replaced
                if touched is None:
                    self.drop_leftover(target)
                raise PublishError(f"{e}; the changed graphs were loaded in place and may be incomplete now") \
                    from None
            self.mark("first file loading", loader._t0)
            self.mark("loaded" + (f" ({len(loader.reloaded)} file(s) the store's loader failed on for a transient "
                                  f"reason loaded again)" if loader.reloaded else ""), loader.loaded_at)
            # then the counts (not while the store checkpoints: a GROUP BY running through a checkpoint came
            # back without a row once in some twenty runs)
            loader.checkpoint()
            self.mark("checkpoint")
            now = self.pub.counts(list(changed) + ([target] if touched is None else []))
            short = [g for g in changed if now.get(g, 0) != graphs[g].count]
            if short:                         # read again before calling it a failure
                now.update({g: n for g, n in self.pub.counts(short).items()})
            self.mark("counts read back")
            over = {g for g in changed if now.get(g, 0) > graphs[g].count} if self.full else set()
            if over:
                now.update(self.reload(over, graphs, bulk_dir, bulk_remote, parallel, timeout))
                self.mark(f"{len(over)} graph(s) cleared and loaded again")
        try:
            sent = sum(graphs[g].count for g in changed)
            if self.bar:
                self.bar.bar.update(total=sent + len(record))
                self.progress(sent + len(record))
            bad = []
            for g in changed:
                r = self.reports[g]
                r.remote, r.batches, r.seconds = now.get(g, 0), 2 if g in over else 1, loader.seconds
                r.status = "ok" if r.remote == r.triples else "MISMATCH"
                if r.status != "ok":
                    bad.append(f"{g} holds {r.remote} of {r.triples}")
            if bad or (touched is None and now.get(target, 0) != len(body)):
                self.drop_leftover(target)
                if not bad:
                    bad.append(f"the record's graph {target} holds {now.get(target, 0)} of {len(body)}")
                raise PublishError(f"the bulk load of {loader.remote} is incomplete: {'; '.join(bad[:5])}"
                                   f"{' …' if len(bad) > 5 else ''} (the store's loader reported no error on the run's "
                                   f"files); these graphs were replaced in place and are incomplete now")
            self.drop(gone)
            t = time.perf_counter()
            if in_place:
                self.client.update(f"INSERT DATA {{ GRAPH <{rec}> {{\n{ntriples(record.stamp)}}} }}")
                rec_report.remote, rec_report.batches = self.pub.count(rec), 1
                if rec_report.remote != len(record):
                    rec_report.status = "MISMATCH"
                    raise PublishError(f"{rec}: read back {rec_report.remote} triples, published {len(record)}")
                rec_report.status = "ok"
            elif touched is None:
                # in one transaction (a reader sees the old record or the new); then the staging graph dropped row
                # by row while the record is counted (MOVE does both in one transaction: 0.9 s instead of 0.3 + 0.1
                # for the 21,000 triples at 1,000 catalogues)
                self.client.update(f"COPY <{stage}> TO <{rec}>")
                with ThreadPoolExecutor(1) as pool:
                    dropped = pool.submit(self.client.update, f"DEFINE sql:log-enable 3\nDROP SILENT GRAPH <{stage}>")
                    rec_report.remote, rec_report.batches = self.pub.count(rec), 1
                    dropped.result()
                if rec_report.remote != len(record):
                    rec_report.status = "MISMATCH"
                    raise PublishError(f"{rec}: read back {rec_report.remote} triples, published {len(record)}")
                rec_report.status = "ok"
            else:
                self.update_record(record, touched, rec_report)
            rec_report.seconds = loader.seconds + time.perf_counter() - t
            self.mark("record replaced")
        finally:
            loader.removed()      # the run's directory, removed meanwhile

    def reload(self, names: set[str], graphs: dict[str, GraphData], bulk_dir: Path, bulk_remote: str | None,
               parallel: int, timeout: float) -> dict[str, int]:
        """--full, after the load: the graphs that hold more triples than the build's now (the build's triples and
        others the store held), cleared and loaded again; their counts read back. A graph that holds exactly the
        build's count holds exactly the build's triples, all of them having been loaded into it, so it is not
        touched twice: --full over a store that holds what the build has clears only the graphs with blank nodes.
        (The one thing a count cannot tell apart now: a load that lost some of a graph's triples, into a graph
        that held as many others. Loads lose triples only while graphs are cleared beside them, which
        `BulkLoader` never lets happen.) No loader runs now."""
        self.clear(sorted(names))
        if all(graphs[g].parts for g in names):
            again = [graphs[g] for g in sorted(names)]
        else:                                 # read by other processes: read again, for these graphs only
            reader = DumpReader(self.dump.data)
            try:
                again = list(collect(g for g in reader.stream() if g.name in names).values())
            finally:
                reader.close()
        with BulkLoader(self.client, bulk_dir, bulk_remote, parallel, timeout, self.clear) as loader:
            loader.open()
            for g in again:
                loader.add(g, False)
            loader.finish()
        loader.removed()
        return self.pub.counts(sorted(names))

    def clear(self, graphs: list[str]) -> None:
        """Empty graphs for the bulk loader: each row deleted in a transaction of its own and not logged, as the
        loader loads (Virtuoso's sql:log-enable 2; the checkpoint after the load makes both durable): 300 graphs
        of the 1,000-catalogue set, 145,000 triples, in 3-6 s; logged (log-enable 3) 7.6-8.6 s; in one
        transaction for the lot, three times that. A reader may see a graph partly cleared, as it may see one
        partly loaded."""
        for i in range(0, len(graphs), OPS_PER_REQUEST):
            self.client.update("DEFINE sql:log-enable 2\n" +
                               " ;\n".join(f"CLEAR SILENT GRAPH <{g}>" for g in graphs[i:i + OPS_PER_REQUEST]))

    def record_diff(self, graphs: list[str]) -> list[str] | None:
        """The graphs whose entries to rewrite in the record (`NewRecord.update`): `graphs` (changed or gone), and
        those now in other gzip members of the dump; or None: the whole record, when there is none yet or too many
        entries change (a reader sees the old record or the new either way)."""
        touched = set(graphs) | {g for g, parts in self.parts.items()
                                 if set(parts) != set(self.previous.parts.get(g, ()))}
        return sorted(touched) if self.previous.graphs and len(touched) <= RECORD_UPDATE_MAX else None

    def update_record(self, record: "NewRecord", graphs: list[str], report: GraphReport) -> None:
        """The record's head and the entries of `graphs`, in one request: the old ones as the store holds them (the
        head) or as this version of zwgk writes them (the entries, from what `previous` read); the whole record
        all the same (staged, then moved in place) when the count read back is not the new record's (a record
        another version of zwgk wrote, or one changed by hand)."""
        rec = record_graph(self.base)
        was = {g: self.previous.graphs[g] for g in graphs if g in self.previous.graphs}
        old = record_triples(self.base, was, None, None, self.previous.parts)
        self.client.update(record.update(self.pub.record_head(self.base) + [t for e in old.entries.values() for t in e],
                                         graphs))
        report.remote, report.batches = self.pub.count(rec), 1
        # the request is one transaction: its new identifier there, it was applied; the count: nothing was left over
        identifier = ntriples([record.stamp[1]])
        if report.remote == len(record) and self.pub.ask(f"ASK {{ GRAPH <{rec}> {{ {identifier} }} }}"):
            report.status = "ok"
        else:
            Publisher(self.client, self.use_gsp).replace(rec, record.triples(), report)

    def drop_leftover(self, graph: str) -> None:
        """Drop the record graph a failed bulk load filled (its staging graph, or the record in place the first
        time) on the way to the error: best effort, as the next publish clears a staging graph anyway."""
        try:
            self.client.update(f"DROP SILENT GRAPH <{graph}>")
        except RemoteError:
            pass

    def drop(self, gone: list[str]) -> None:
        """Graphs of an earlier publication this build no longer has."""
        if gone:
            self.pub.updates([f"DROP SILENT GRAPH <{g}>" for g in gone])
            self.dropped += [GraphReport(g, 0, 0, 0.0, 1, "dropped (not in this build)") for g in gone]

    # -- through the Graph Store Protocol or SPARQL Update ----------------------------------------------------

    def protocols(self, parallel: int) -> None:
        self.begin()
        if self.nothing_changed():
            return
        reader = DumpReader(self.dump.data) if self.dump.path is not None else None
        graphs, where = read_graphs(self.store_dir, self.dumps_dir, self.dump, reader)
        if where != str(self.dump.path):
            reader = None
        remote = self.remote if self.remote is not None else self.pub.counts(sorted(graphs))
        changed = []
        for g in sorted(graphs):
            self.reports[g] = GraphReport(g, graphs[g].count)
            if not self.full and self.previous.graphs.get(g) == (graphs[g].count, graphs[g].sha256) and \
                    remote.get(g) == graphs[g].count:
                self.reports[g].status, self.reports[g].remote = "unchanged", remote[g]
            else:
                changed.append(g)
        gone = sorted(set(self.previous.graphs) - set(graphs))
        if not changed and not gone:
            return
        if self.show_progress:
            self.bar = Progress(sum(graphs[g].count for g in changed), len(changed))
            self.pub.progress = self.bar.update

        def one(g: str) -> None:
            self.reports[g].status = "FAILED"
            self.pub.replace(g, graphs[g].triples(), self.reports[g])
            if self.bar:
                self.bar.graph_done(self.reports[g])
        with ThreadPoolExecutor(max(1, parallel)) as pool:
            for f in [pool.submit(one, g) for g in changed]:
                f.result()
        self.drop(gone)
        rec = record_graph(self.base)
        record = self.record(graphs, reader)
        rec_report = self.rec_report = GraphReport(rec, len(record), status="FAILED")
        touched = self.record_diff(changed + gone)
        if touched is None:
            Publisher(self.client, self.use_gsp).replace(rec, record.triples(), rec_report)
        else:
            self.update_record(record, touched, rec_report)


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from ..cli import add_common
    p = sub.add_parser("publish", help="push every graph of the build to a SPARQL store (Virtuoso, Fuseki …)",
                       description=__doc__.split("\n\n")[0])
    add_common(p)
    p.add_argument("--endpoint", help="SPARQL query endpoint (env ZWGK_SPARQL_ENDPOINT, or the config file)")
    p.add_argument("--update-endpoint", help="SPARQL Update endpoint (default: the query endpoint; "
                                             "Virtuoso: …/sparql-auth)")
    p.add_argument("--graph-store", help="SPARQL 1.1 Graph Store Protocol endpoint, for fast batch loading "
                                         "(Virtuoso: …/sparql-graph-crud-auth)")
    p.add_argument("--bulk-dir", type=Path, default=os.environ.get(BULK_ENV) or None,
                   help=f"a directory the store can read (Virtuoso: one in DirsAllowed): load through the store's own "
                        f"bulk loader, the fastest way (env {BULK_ENV})")
    p.add_argument("--bulk-dir-remote", default=os.environ.get(BULK_REMOTE_ENV) or None, metavar="PATH",
                   help=f"the --bulk-dir as the store sees it, when that differs (env {BULK_REMOTE_ENV})")
    p.add_argument("--parallel", type=int, default=DEFAULT_PARALLEL,
                   help=f"bulk loaders, or graphs loaded at a time through the protocols (default {DEFAULT_PARALLEL})")
    p.add_argument("--full", action="store_true",
                   help="replace every graph, also those the last publication shows unchanged")
    p.add_argument("--user", help="user name (env ZWGK_SPARQL_USER, or the config file)")
    p.add_argument("--password-env", metavar="VAR",
                   help="name of the environment variable holding the password (default ZWGK_SPARQL_PASSWORD; "
                        "else the config file's password)")
    p.add_argument("--config", help="config file with a [sparql] section: endpoint, update_endpoint, graph_store, "
                                    "user, password (env ZWGK_SPARQL_CONFIG; default ~/.config/zwgk/sparql.ini)")
    p.add_argument("--batch", type=int, help=f"triples per request (default {DEFAULT_UPDATE_BATCH} with SPARQL "
                                             f"Update, {DEFAULT_GSP_BATCH} with the Graph Store Protocol)")
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for each request (default 300)")
    p.set_defaults(func=cmd_publish)


def remote_client(args, cfg: dict | None = None) -> SparqlClient:
    cfg = cfg if cfg is not None else read_config(getattr(args, "config", None))
    endpoint = args.endpoint or os.environ.get("ZWGK_SPARQL_ENDPOINT") or cfg.get("endpoint")
    if not endpoint:
        raise RemoteError("no endpoint: give --endpoint URL (or ZWGK_SPARQL_ENDPOINT, or endpoint= in the config file)")
    user, password = credentials(getattr(args, "user", None), getattr(args, "password_env", None), cfg)
    return SparqlClient(endpoint, getattr(args, "update_endpoint", None) or cfg.get("update_endpoint"),
                        getattr(args, "graph_store", None) or cfg.get("graph_store"), user, password,
                        timeout=getattr(args, "timeout", None) or 60)


def cmd_publish(args) -> int:
    from ..cli import settings_from
    settings = settings_from(args)
    manifest_path = Path(settings.dumps) / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except ValueError as e:
        print(f"zwgk publish: error: {manifest_path}: not JSON ({e})", file=sys.stderr)
        return 1
    base = (args.base or manifest.get("base") or settings.base).rstrip("/")
    if manifest.get("base") and manifest["base"].rstrip("/") != base:
        print(f"zwgk publish: error: the store was built for {manifest['base']}, not {base}", file=sys.stderr)
        return 1
    from ..uris import vocab
    if manifest.get("vocab") and manifest["vocab"] != vocab():
        print(f"zwgk publish: error: the store was built with the vocabulary namespace {manifest['vocab']}, not "
              f"{vocab()}: rebuild with this one (ZWGK_VOCAB / --vocab), or publish with that one",
              file=sys.stderr)
        return 1
    if args.parallel < 1:
        print("zwgk publish: error: --parallel must be 1 or more", file=sys.stderr)
        return 2
    times: list[tuple[str, float]] = []
    # the summary table's modules (zwgk.console, and the readers' `printable` it imports: 0.15 s), imported while
    # publish waits for the store
    threading.Thread(target=lambda: importlib.import_module("zwgk.mappings.readers.base"), daemon=True).start()
    try:
        client = remote_client(args)
        how = (f" (bulk loader, {args.bulk_dir})" if args.bulk_dir else
               f" (graph store {public_url(client.graph_store)})" if client.graph_store else "")
        print(f"zwgk publish: {settings.store} → {public_url(client.endpoint)}{how}"
              f"{' as ' + client.user if client.user else ''}", file=sys.stderr)
        reports, seconds = publish(Path(settings.store), base, client, bool(client.graph_store), args.batch,
                                   manifest.get("built"), dumps_dir=Path(settings.dumps), bulk_dir=args.bulk_dir,
                                   bulk_remote=args.bulk_dir_remote, parallel=args.parallel, full=args.full,
                                   timeout=args.timeout, times=times)
    except (RemoteError, PublishError) as e:
        reports = getattr(e, "reports", None)
        if reports:
            print(summary_table(reports, base, 0.0))
        print(f"zwgk publish: error: {e}", file=sys.stderr)
        if reports and not args.bulk_dir:
            ok = sum(1 for r in reports if r.status == "ok")
            print(f"zwgk publish: {ok} graph(s) were replaced completely before the error; the graph that failed "
                  "and those after it keep their previous version (readers never see a partial graph); "
                  "run zwgk publish again", file=sys.stderr)
        return 1
    print(summary_table(reports, base, seconds))
    if times:
        print("zwgk publish: steps, seconds from the start: " + ", ".join(f"{what} {t:.2f}" for what, t in times),
              file=sys.stderr)
    if all(r.status == "unchanged" for r in reports):
        print("zwgk publish: nothing changed since the last publication; the store was left as it was",
              file=sys.stderr)
    return 0
