"""`zwgk publish`: push every graph of the build to an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB …).

Each named graph of the build (a catalogue's graph is named by the catalogue's IRI; agencies, legal bases, code
lists, the ontology, the shapes and the validation reports have their own) replaces the graph of the same name in
the store. The graphs are read from the build's N-Quads dump (`zwgk.nq.gz`, where each graph's quads are
consecutive, so a graph is a slice of the file and never parsed unless a protocol needs triples), or from the
embedded store when there is no dump.

Incremental: the publication record ({base}/graph/publication) keeps, for every graph, its triple count and the
SHA-256 of its N-Quads (blank nodes numbered in order of appearance, so the hash does not depend on their random
labels). A graph whose hash and count are those of the record, and whose count in the store is still that count,
is left alone ("unchanged"); `--full` replaces every graph. A graph a previous publication had and this build has
not is dropped. Last, the record is replaced — unless nothing changed, when the store is not touched at all.

Three ways to load, fastest first:

* the store's own bulk loader (Virtuoso: ld_dir + rdf_loader_run, called over the authenticated SPARQL endpoint
  as `sql:` functions) when `--bulk-dir DIR` names a directory the store can read (one in Virtuoso's DirsAllowed;
  `--bulk-dir-remote` when the store sees it under another path, e.g. a container volume): the changed graphs are
  written there as N-Quads files, each graph is cleared and loaded in place by `--parallel` loaders at the store's
  own speed, the store checkpoints, the counts are read back, and the files are removed. In place means a reader
  may see a changed graph partly loaded while the load runs; a publish that fails says so and names the graphs;
* the SPARQL 1.1 Graph Store Protocol (`--graph-store`), `--parallel` graphs at a time;
* SPARQL Update requests (a batch the store rejects as too large is split in two and retried).

The last two load each graph into a staging graph (urn:zwgk:staging:…), in batches in which triples sharing a blank
node always travel together; read its count back (it must equal the build's: a partial load stops here, and the
published graph was never touched); swap it in with one `MOVE` (a reader sees the old graph or the new one), and
read the count back again.

Credentials: --user (or ZWGK_SPARQL_USER) and a password from the environment (ZWGK_SPARQL_PASSWORD, or the
variable --password-env names) or the config file's [sparql] section; never from the command line, never printed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from .server.remote import (DCT, RDF_TYPE, RESULTS_XML, SD, STAGING_PREFIX, VOID, XSD, RemoteError, SparqlClient,
                            credentials, parse_results, public_url, read_config, record_graph)

DEFAULT_UPDATE_BATCH = 1000      # triples per SPARQL Update request (Virtuoso 7 compiles each into SQL: ~1,500 max)
DEFAULT_GSP_BATCH = 50_000       # triples per Graph Store Protocol POST
DEFAULT_PARALLEL = 2             # loaders / streams at a time (Virtuoso's advice: about one per 2.5 cores)
BULK_FILE_TRIPLES = 100_000      # triples per bulk-load file (the loaders share the files out)
OPS_PER_REQUEST = 200            # CLEAR/MOVE/DROP operations per SPARQL Update request
SPDX = "http://spdx.org/rdf/terms#"
BULK_ENV, BULK_REMOTE_ENV = "ZWGK_BULK_DIR", "ZWGK_BULK_DIR_REMOTE"


@dataclass
class GraphReport:
    graph: str
    triples: int
    remote: int | None = None
    seconds: float = 0.0
    batches: int = 0
    status: str = "pending"


class PublishError(Exception):
    pass


# -- the build's graphs ------------------------------------------------------------------------------------

@dataclass
class GraphData:
    """One graph of the build: its quads as N-Quads text (one quad a line), their number and content hash."""
    name: str
    parts: list          # memoryview slices of the dump (or bytes), in order
    count: int
    sha256: str

    def nquads(self) -> bytes:
        return b"".join(bytes(p) for p in self.parts)

    def triples(self) -> list[ox.Triple]:
        return [q.triple for q in ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS)]


_BNODE = re.compile(rb"(?:^|(?<=> ))_:([A-Za-z0-9_.\-]+)", re.M)


def content_hash(parts: list, has_bnodes: bool) -> str:
    """SHA-256 of a graph's N-Quads, blank nodes renamed _:b0, _:b1 … in order of appearance (labels are random
    per build; renaming is a bijection, so equal hashes still mean equal graphs)."""
    h = hashlib.sha256()
    labels: dict[bytes, bytes] = {}
    for p in parts:
        if has_bnodes:
            p = _BNODE.sub(lambda m: b"_:b%d" % labels.setdefault(m.group(1), len(labels)), bytes(p))
        h.update(p)
    return h.hexdigest()


class NotSplittable(Exception):
    pass


def split_dump(raw: bytes) -> dict[str, GraphData]:
    """The graphs of an N-Quads text whose quads are grouped by graph, found without looking at every line: the
    end of each graph's run of lines by binary search, then checked (every line of the run names the graph, by
    bytes.count). A graph met in several runs gets them all. Raises NotSplittable for a line without a graph."""
    mv = memoryview(raw)
    found: dict[str, list] = {}
    counts: dict[str, int] = {}
    bnodes: set[str] = set()
    pos, n = 0, len(raw)
    while pos < n:
        eol = raw.index(b"\n", pos)
        if not raw.endswith(b"> .\n", pos, eol + 1):
            raise NotSplittable(f"a line does not end with a graph name: {raw[pos:eol][:200]!r}")
        k = raw.rfind(b" <", pos, eol - 2)
        suffix = raw[k:eol + 1]                      # b" <graph> .\n": only ever at the end of a line
        lo, hi = pos, n                              # the line holding byte lo is in the run; hi: past it or the end
        while hi - lo > 1:
            mid = (lo + hi) // 2
            start = raw.rfind(b"\n", 0, mid) + 1
            end = raw.index(b"\n", mid) + 1
            if raw.endswith(suffix, start, end):
                lo = mid
            else:
                hi = mid
        end = raw.index(b"\n", lo) + 1
        lines = raw.count(b"\n", pos, end)
        if raw.count(suffix, pos, end) != lines:     # not one run (the file is not grouped): line by line
            run_end = pos
            while run_end < n and raw.endswith(suffix, run_end, raw.index(b"\n", run_end) + 1):
                run_end = raw.index(b"\n", run_end) + 1
            end, lines = run_end, raw.count(b"\n", pos, run_end)
        name = suffix[2:-4].decode("utf-8")
        found.setdefault(name, []).append(mv[pos:end])
        counts[name] = counts.get(name, 0) + lines
        if raw.find(b"_:", pos, end) >= 0:
            bnodes.add(name)
        pos = end
    return {g: GraphData(g, parts, counts[g], content_hash(parts, g in bnodes)) for g, parts in found.items()}


def read_graphs(store_dir: Path, dumps_dir: Path | None) -> tuple[dict[str, GraphData], str]:
    """Every named graph of the build, from the N-Quads dump when it is there and agrees with the store (the
    same graphs, the quad count the manifest gives), else from the store. (graphs, where from)"""
    dump = dumps_dir / "zwgk.nq.gz" if dumps_dir else None
    store_names = None
    if store_dir.is_dir():
        store = ox.Store.read_only(str(store_dir))
        store_names = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        del store
    if dump is not None and dump.is_file():
        try:
            graphs = split_dump(gzip.decompress(dump.read_bytes()))
        except (NotSplittable, OSError, EOFError, ValueError):   # ValueError: no final newline, not UTF-8
            graphs = None
        expected = None
        manifest = dumps_dir / "manifest.json"
        if manifest.is_file():
            try:
                expected = json.loads(manifest.read_text(encoding="utf-8")).get("store_quads")
            except (OSError, ValueError):
                expected = None
        if graphs is not None and (store_names is None or set(graphs) == store_names) and \
                (expected is None or expected == sum(g.count for g in graphs.values())):
            return graphs, str(dump)
    if store_names is None:
        raise PublishError(f"no store at {store_dir} and no dump at {dump}; run `zwgk build` first")
    store = ox.Store.read_only(str(store_dir))
    graphs = {}
    for name in sorted(store_names):
        data = ox.serialize(store.quads_for_pattern(None, None, None, ox.NamedNode(name)), format=ox.RdfFormat.N_QUADS)
        graphs[name] = GraphData(name, [data], data.count(b"\n"), content_hash([data], b"_:" in data))
    return graphs, str(store_dir)


# -- loading through the protocols ---------------------------------------------------------------------------

def staging_graph(graph: str) -> str:
    """Where `graph` is loaded before the swap; fixed per graph, so a crashed run's leftovers are reused."""
    return STAGING_PREFIX + hashlib.sha1(graph.encode()).hexdigest()


def units(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """The triples in indivisible groups: every triple alone, except that triples connected through blank nodes
    form one group (a blank node split across two requests would become two nodes)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        b = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(b) == 2:
            parent[find(b[0])] = find(b[1])
        elif b:
            find(b[0])
    plain, groups = [], {}
    for t in triples:
        b = next((n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)), None)
        if b is None:
            plain.append([t])
        else:
            groups.setdefault(find(b), []).append(t)
    return plain + list(groups.values())


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    out, cur = [], []
    for u in units(triples):
        if cur and len(cur) + len(u) > size:
            out.append(cur)
            cur = []
        cur = cur + u if cur else list(u)
    if cur:
        out.append(cur)
    return out


def ntriples(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class Publisher:
    def __init__(self, client: SparqlClient, use_gsp: bool, batch: int | None = None, progress=None):
        self.client = client
        self.use_gsp = use_gsp
        self.batch = batch or (DEFAULT_GSP_BATCH if use_gsp else DEFAULT_UPDATE_BATCH)
        self.progress = progress or (lambda n: None)

    def count(self, graph: str) -> int:
        return self.counts([graph]).get(graph, 0)

    def counts(self, graphs: list[str]) -> dict[str, int]:
        """Triples per graph (graphs the store does not have are left out). Many graphs: one GROUP BY over the
        store's graphs (Virtuoso: 0.8 s for 3,000 graphs and 1.45M triples; a VALUES list of graph names is planned
        as a scan per name and times out); a few: one COUNT each."""
        wanted = set(graphs)
        if len(graphs) > 8:
            body, ctype, headers = self.client.query(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", RESULTS_XML)
            if "x-sparql-maxrows" not in headers:     # not cut by the store's row limit
                return {r["g"].value: int(r["n"].value) for r in parse_results(body, ctype)
                        if r["g"].value in wanted}
        out: dict[str, int] = {}
        for g in graphs:
            body, ctype, _ = self.client.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                                               RESULTS_XML)
            n = int(list(parse_results(body, ctype))[0]["n"].value)
            if n:
                out[g] = n
        return out

    def updates(self, ops: list[str]) -> None:
        """Many update operations, OPS_PER_REQUEST to a request."""
        for i in range(0, len(ops), OPS_PER_REQUEST):
            self.client.update(" ;\n".join(ops[i:i + OPS_PER_REQUEST]))

    def _insert(self, graph: str, chunk: list[ox.Triple]) -> int:
        """Insert one batch into `graph`; returns the number of requests it took (a rejected batch is split)."""
        if self.use_gsp:
            self.client.graph_store_request("POST", graph, ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES),
                                            "text/turtle")   # N-Triples is Turtle; stores parse text/turtle fastest
            return 1
        body = ntriples(chunk)
        has_bnode = any(isinstance(n, ox.BlankNode) for t in chunk for n in (t.subject, t.object))
        # INSERT DATA is the plain form; with blank nodes INSERT … WHERE {} (Virtuoso refuses them in INSERT DATA)
        update = (f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}" if has_bnode
                  else f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
        try:
            self.client.update(update)
            return 1
        except RemoteError as e:
            parts = units(chunk)
            if e.kind != "rejected" or len(parts) < 2:
                raise
            half = len(parts) // 2          # too large for the store: split in two and retry
            return (self._insert(graph, [t for u in parts[:half] for t in u]) +
                    self._insert(graph, [t for u in parts[half:] for t in u]))

    def replace(self, graph: str, triples: list[ox.Triple], report: GraphReport) -> None:
        t0 = time.perf_counter()
        stage = staging_graph(graph)
        self.client.update(f"DROP SILENT GRAPH <{stage}>")
        try:
            for chunk in batches(triples, self.batch):
                report.batches += self._insert(stage, chunk)
                self.progress(len(chunk))
            staged = self.count(stage)
            if staged != len(triples):
                raise PublishError(f"{graph}: the store holds {staged} triples after loading {len(triples)}: "
                                   "partial load; the published graph was left as it was")
            self.client.update(f"MOVE <{stage}> TO <{graph}>")
        except BaseException:
            try:
                self.client.update(f"DROP SILENT GRAPH <{stage}>")
            except RemoteError:
                pass
            raise
        report.remote = self.count(graph)
        report.seconds = time.perf_counter() - t0
        if report.remote != len(triples):
            report.status = "MISMATCH"
            raise PublishError(f"{graph}: read back {report.remote} triples, published {len(triples)}")
        report.status = "ok"

    def previous(self, base: str) -> dict[str, tuple[int, str | None]]:
        """The last publication's graphs: (triples, sha256 or None)."""
        rec = record_graph(base)
        body, ctype, _ = self.client.query(
            f"SELECT ?g ?n ?sha WHERE {{ GRAPH <{rec}> {{ <{rec}> <{SD}namedGraph> ?ng . ?ng <{SD}name> ?g . "
            f"OPTIONAL {{ ?ng <{VOID}triples> ?n }} OPTIONAL {{ ?ng <{SPDX}checksum>/<{SPDX}checksumValue> ?sha }} }} }}",
            RESULTS_XML)
        return {r["g"].value: (int(r["n"].value) if r["n"] is not None else -1,
                               r["sha"].value if r["sha"] is not None else None) for r in parse_results(body, ctype)}


# -- loading through the store's bulk loader --------------------------------------------------------------------

class BulkLoader:
    """Virtuoso's bulk loader, driven over SPARQL: `sql:ld_dir` registers the files, `sql:rdf_loader_run` loads
    them (one call per parallel loader, each taking files off the shared list), `bif:exec('checkpoint')` makes the
    load durable (the loader bypasses the transaction log). Needs the authenticated endpoint (the dba's rights)."""

    def __init__(self, client: SparqlClient, local_dir: Path, remote_dir: str | None, parallel: int,
                 timeout: float):
        self.client, self.local_dir, self.parallel, self.timeout = client, Path(local_dir), parallel, timeout
        self.remote_dir = (remote_dir or str(self.local_dir.resolve())).rstrip("/")
        if not self.local_dir.is_dir():
            raise PublishError(f"--bulk-dir {self.local_dir}: no such directory")
        if not os.access(self.local_dir, os.W_OK):
            raise PublishError(f"--bulk-dir {self.local_dir}: not writable")

    def call(self, expression: str, timeout: float | None = None) -> str:
        body, ctype, _ = self.client.query(f"SELECT ({expression} AS ?r) WHERE {{}}", RESULTS_XML,
                                           timeout=timeout or self.timeout, endpoint=self.client.update_endpoint)
        rows = list(parse_results(body, ctype))
        return rows[0]["r"].value if rows and rows[0]["r"] is not None else ""

    def load(self, graphs: list[GraphData], progress=None, before=None) -> str:
        """Write the graphs' files, register them (the store checks it may read them), call `before` (which
        clears the graphs), load them, checkpoint; returns the run's directory name (for messages)."""
        run = f"zwgk-{uuid.uuid4().hex[:12]}"
        local, remote = self.local_dir / run, f"{self.remote_dir}/{run}"
        local.mkdir()
        try:
            self._write(local, graphs)
            try:
                self.call(f"sql:ld_dir({ox.Literal(remote)}, \"*.nq\", {ox.Literal(STAGING_PREFIX + 'unused')})")
            except RemoteError as e:
                if re.search(r"FA\d+|access control|DirsAllowed|denied", str(e), re.I):
                    raise PublishError(f"the store may not read {remote}: add {self.remote_dir} to DirsAllowed in "
                                       f"its virtuoso.ini, or give --bulk-dir-remote as the store sees --bulk-dir "
                                       f"({e})") from None
                raise
            try:
                files = self.call(f"bif:file_stat({ox.Literal(remote + '/part-00001.nq')}, 1)")
                if not files or files == "0":
                    raise PublishError(f"the store does not see the files zwgk wrote to {self.local_dir} at {remote}: "
                                       f"give --bulk-dir-remote as the store sees --bulk-dir")
                if before:
                    before()
                with ThreadPoolExecutor(self.parallel) as pool:
                    for f in [pool.submit(self.call, "sql:rdf_loader_run()", max(self.timeout, 3600))
                              for _ in range(self.parallel)]:
                        f.result()
                self.call('bif:exec("checkpoint")', max(self.timeout, 600))
            finally:
                self._forget(remote)
            if progress:
                progress(sum(g.count for g in graphs))
        finally:
            shutil.rmtree(local, ignore_errors=True)
        return remote

    def _write(self, directory: Path, graphs: list[GraphData]) -> None:
        per_file = max(BULK_FILE_TRIPLES, -(-sum(g.count for g in graphs) // 64))
        n, in_file, out = 0, 0, None
        try:
            for g in graphs:
                if out is None or in_file >= per_file:
                    if out:
                        out.close()
                    n, in_file = n + 1, 0
                    out = open(directory / f"part-{n:05d}.nq", "wb")
                for p in g.parts:
                    out.write(p)
                in_file += g.count
        finally:
            if out:
                out.close()

    def _forget(self, remote: str) -> None:
        """Take the run's files off the store's load list (ld_dir never registers a file twice)."""
        pattern = remote.replace("'", "''") + "/%"
        try:
            self.call(f"bif:exec({ox.Literal(f'DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE {chr(39)}{pattern}{chr(39)}')})")
        except RemoteError:
            pass


# -- the publication record ---------------------------------------------------------------------------------

def record_triples(base: str, graphs: dict[str, tuple[int, str | None]], built: str | None) -> list[ox.Triple]:
    rec = ox.NamedNode(record_graph(base))
    N, L = ox.NamedNode, ox.Literal
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    out = [ox.Triple(rec, N(RDF_TYPE), N(SD + "Dataset")),
           ox.Triple(rec, N(DCT + "modified"), L(now, datatype=N(XSD + "dateTime"))),
           ox.Triple(rec, N(DCT + "identifier"), L(uuid.uuid4().hex)),
           ox.Triple(rec, N(DCT + "description"), L("zwgk publish: the graphs of this data set", language="en"))]
    if built:
        out.append(ox.Triple(rec, N(DCT + "created"), L(built, datatype=N(XSD + "dateTime"))))
    for n, (g, (count, sha)) in enumerate(sorted(graphs.items())):
        ng = N(f"{rec.value}#graph-{n}")
        out += [ox.Triple(rec, N(SD + "namedGraph"), ng), ox.Triple(ng, N(RDF_TYPE), N(SD + "NamedGraph")),
                ox.Triple(ng, N(SD + "name"), N(g)),
                ox.Triple(ng, N(VOID + "triples"), L(str(count), datatype=N(XSD + "integer")))]
        if sha:
            ck = N(f"{rec.value}#graph-{n}-sha256")
            out += [ox.Triple(ng, N(SPDX + "checksum"), ck),
                    ox.Triple(ck, N(SPDX + "algorithm"), N(SPDX + "checksumAlgorithm_sha256")),
                    ox.Triple(ck, N(SPDX + "checksumValue"), L(sha, datatype=N(XSD + "hexBinary")))]
    return out


# -- progress and summary --------------------------------------------------------------------------------------

class Progress:
    """The progress of the graphs sent, on stderr: on a terminal a bar over their triples with the count, the
    time elapsed and the time left, and the graphs done (zwgk.console); elsewhere a line per graph. Thread-safe."""

    def __init__(self, total: int, graphs: int, stream=None):
        from .console import make_console, progress
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
    from .console import table

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
            full: bool = False, timeout: float = 300) -> tuple[list[GraphReport], float]:
    """Publish the changed graphs; returns the reports. Raises PublishError/RemoteError (reports on `.reports`)."""
    t0 = time.perf_counter()
    graphs, _ = read_graphs(store_dir, dumps_dir)
    names = sorted(graphs)
    pub = Publisher(client, use_gsp, batch)
    reports = {g: GraphReport(g, graphs[g].count, status="pending") for g in names}
    order = [reports[g] for g in names]
    bar = None
    try:
        # the update endpoint and the credentials first (a no-op update), even when nothing is to be sent
        client.update(f"DROP SILENT GRAPH <{STAGING_PREFIX}check>")
        previous = pub.previous(base)
        same = [g for g in names if not full and previous.get(g) == (graphs[g].count, graphs[g].sha256)]
        remote = pub.counts(same) if same else {}
        changed = []
        for g in names:
            if g in same and remote.get(g) == graphs[g].count:
                reports[g].status, reports[g].remote = "unchanged", remote[g]
            else:
                changed.append(g)
        gone = sorted(set(previous) - set(names))
        if not changed and not gone:
            return order, time.perf_counter() - t0
        bar = Progress(sum(graphs[g].count for g in changed), len(changed)) if show_progress else None
        pub.progress = bar.update if bar else (lambda n: None)
        if bulk_dir is not None and changed:
            loader = BulkLoader(client, bulk_dir, bulk_remote, parallel, timeout)
            for g in changed:
                reports[g].status = "FAILED"
            t1 = time.perf_counter()
            clear = [f"CLEAR SILENT GRAPH <{g}>" for g in changed if g in previous or g in remote]
            where = loader.load([graphs[g] for g in changed], pub.progress, before=lambda: pub.updates(clear))
            now = pub.counts(changed)
            seconds = time.perf_counter() - t1
            bad = []
            for g in changed:
                r = reports[g]
                r.remote, r.batches, r.seconds = now.get(g, 0), 1, seconds
                r.status = "ok" if r.remote == r.triples else "MISMATCH"
                if r.status != "ok":
                    bad.append(f"{g} holds {r.remote} of {r.triples}")
            if bad:
                raise PublishError(f"the bulk load of {where} is incomplete: {'; '.join(bad[:5])}"
                                   f"{' …' if len(bad) > 5 else ''} (the store's DB.DBA.LOAD_LIST says why, in "
                                   f"ll_error); these graphs were replaced in place and are incomplete now")
        else:
            def one(g: str) -> None:
                reports[g].status = "FAILED"
                pub.replace(g, graphs[g].triples(), reports[g])
                if bar:
                    bar.graph_done(reports[g])
            with ThreadPoolExecutor(max(1, parallel)) as pool:
                for f in [pool.submit(one, g) for g in changed]:
                    f.result()
        if gone:   # graphs of an earlier publication this build no longer has
            pub.updates([f"DROP SILENT GRAPH <{g}>" for g in gone])
            order += [GraphReport(g, 0, 0, 0.0, 1, "dropped (not in this build)") for g in gone]
        rec = record_graph(base)
        rec_triples = record_triples(base, {g: (graphs[g].count, graphs[g].sha256) for g in names}, built)
        rec_report = GraphReport(rec, len(rec_triples), status="FAILED")
        order.append(rec_report)
        Publisher(client, use_gsp).replace(rec, rec_triples, rec_report)
    except (RemoteError, PublishError) as e:
        if bar:
            bar.close()
        e.reports = order  # type: ignore[attr-defined]
        raise
    if bar:
        bar.close()
    return order, time.perf_counter() - t0


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
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
    from .cli import settings_from
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
    from .uris import vocab
    if manifest.get("vocab") and manifest["vocab"] != vocab():
        print(f"zwgk publish: error: the store was built with the vocabulary namespace {manifest['vocab']}, not "
              f"{vocab()}: rebuild with this one (ZWGK_VOCAB / --vocab), or publish with that one",
              file=sys.stderr)
        return 1
    if args.parallel < 1:
        print("zwgk publish: error: --parallel must be 1 or more", file=sys.stderr)
        return 2
    try:
        client = remote_client(args)
        how = (f" (bulk loader, {args.bulk_dir})" if args.bulk_dir else
               f" (graph store {public_url(client.graph_store)})" if client.graph_store else "")
        print(f"zwgk publish: {settings.store} → {public_url(client.endpoint)}{how}"
              f"{' as ' + client.user if client.user else ''}", file=sys.stderr)
        reports, seconds = publish(Path(settings.store), base, client, bool(client.graph_store), args.batch,
                                   manifest.get("built"), dumps_dir=Path(settings.dumps), bulk_dir=args.bulk_dir,
                                   bulk_remote=args.bulk_dir_remote, parallel=args.parallel, full=args.full,
                                   timeout=args.timeout)
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
    if all(r.status == "unchanged" for r in reports):
        print("zwgk publish: nothing changed since the last publication; the store was left as it was",
              file=sys.stderr)
    return 0
