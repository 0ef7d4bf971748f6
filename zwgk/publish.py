"""`zwgk publish`: push every graph of the build to an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB …).

Each named graph of the embedded store (a catalogue's graph is named by the catalogue's IRI; agencies, legal
bases, code lists, the ontology, the shapes and the validation reports have their own) replaces the graph of the
same name in the store:

1. its triples are loaded into a staging graph (urn:zwgk:staging:…), in batches small enough for the store's
   request limits — Graph Store Protocol POSTs when --graph-store is given (fast), else SPARQL Update requests
   (a batch the store rejects as too large is split in two and retried); triples sharing a blank node always
   travel in the same batch, so the blank node stays one node;
2. the staging graph's triple count is read back and must equal the build's (a partial load stops here, and the
   published graph was never touched);
3. one SPARQL Update request `MOVE <staging> TO <graph>` swaps it in: a reader sees the old graph or the new one;
4. the graph's count is read back again and must equal the build's.

Graphs a previous publication had and this build has not are dropped; last, the publication record
({base}/graph/publication: the graphs and their counts, the time) is replaced the same way. Publishing twice
leaves the same triples. Credentials: --user (or ZWGK_SPARQL_USER) and a password from the environment
(ZWGK_SPARQL_PASSWORD, or the variable --password-env names) or the config file's [sparql] section; never
from the command line, never printed.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from .server.remote import (DCT, RDF_TYPE, RESULTS_XML, SD, STAGING_PREFIX, VOID, XSD, RemoteError, SparqlClient,
                            credentials, parse_results, public_url, read_config, record_graph)

DEFAULT_UPDATE_BATCH = 1000      # triples per SPARQL Update request (Virtuoso 7 compiles each into SQL: ~1,500 max)
DEFAULT_GSP_BATCH = 50_000       # triples per Graph Store Protocol POST


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
        self.progress = progress or (lambda *a: None)

    def count(self, graph: str) -> int:
        body, ctype, _ = self.client.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                           RESULTS_XML)
        rows = list(parse_results(body, ctype))
        return int(rows[0]["n"].value) if rows else 0

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

    def replace(self, graph: str, triples: list[ox.Triple], report: GraphReport, done_before: int) -> None:
        t0 = time.perf_counter()
        stage = staging_graph(graph)
        self.client.update(f"DROP SILENT GRAPH <{stage}>")
        loaded = 0
        try:
            for chunk in batches(triples, self.batch):
                report.batches += self._insert(stage, chunk)
                loaded += len(chunk)
                self.progress(done_before + loaded)
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

    def previous_graphs(self, base: str) -> list[str]:
        rec = record_graph(base)
        body, ctype, _ = self.client.query(
            f"SELECT ?g WHERE {{ GRAPH <{rec}> {{ <{rec}> <{SD}namedGraph>/<{SD}name> ?g }} }}", RESULTS_XML)
        return [r["g"].value for r in parse_results(body, ctype)]


def record_triples(base: str, counts: dict[str, int], built: str | None) -> list[ox.Triple]:
    rec = ox.NamedNode(record_graph(base))
    N, L = ox.NamedNode, ox.Literal
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    out = [ox.Triple(rec, N(RDF_TYPE), N(SD + "Dataset")),
           ox.Triple(rec, N(DCT + "modified"), L(now, datatype=N(XSD + "dateTime"))),
           ox.Triple(rec, N(DCT + "identifier"), L(uuid.uuid4().hex)),
           ox.Triple(rec, N(DCT + "description"), L("zwgk publish: the graphs of this data set", language="en"))]
    if built:
        out.append(ox.Triple(rec, N(DCT + "created"), L(built, datatype=N(XSD + "dateTime"))))
    for n, (g, count) in enumerate(sorted(counts.items())):
        ng = N(f"{rec.value}#graph-{n}")
        out += [ox.Triple(rec, N(SD + "namedGraph"), ng), ox.Triple(ng, N(RDF_TYPE), N(SD + "NamedGraph")),
                ox.Triple(ng, N(SD + "name"), N(g)),
                ox.Triple(ng, N(VOID + "triples"), L(str(count), datatype=N(XSD + "integer")))]
    return out


def local_graphs(store_dir: Path) -> tuple[ox.Store, list[str]]:
    if not store_dir.is_dir():
        raise PublishError(f"no store at {store_dir}; run `zwgk build` first")
    store = ox.Store.read_only(str(store_dir))
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return store, names


class Progress:
    """A progress bar on stderr (a line per graph when stderr is not a terminal)."""

    def __init__(self, total: int, graphs: int, stream=sys.stderr):
        self.total, self.graphs, self.stream = total, graphs, stream
        self.tty = stream.isatty()
        self.t0 = time.perf_counter()
        self.graph_no = 0
        self.name = ""

    def start_graph(self, n: int, name: str) -> None:
        self.graph_no, self.name = n, name

    def update(self, done: int) -> None:
        if not self.tty:
            return
        width = 30
        frac = done / self.total if self.total else 1
        rate = done / max(1e-9, time.perf_counter() - self.t0)
        bar = "#" * int(frac * width) + "-" * (width - int(frac * width))
        self.stream.write(f"\r[{bar}] {frac:4.0%} graph {self.graph_no}/{self.graphs}  {done:,}/{self.total:,} "
                          f"triples  {rate:,.0f}/s  {self.name[-40:]:<40}")
        self.stream.flush()

    def graph_done(self, report: GraphReport) -> None:
        if not self.tty:
            self.stream.write(f"[{self.graph_no}/{self.graphs}] {report.graph}: {report.triples} triples "
                              f"({report.seconds:.2f} s)\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def summary_table(reports: list[GraphReport], base: str, seconds: float) -> str:
    def short(g: str) -> str:
        return g[len(base):] if g.startswith(base + "/") else g
    rows = [("graph", "triples", "read back", "requests", "seconds", "status")]
    rows += [(short(r.graph), str(r.triples), "" if r.remote is None else str(r.remote), str(r.batches),
              f"{r.seconds:.2f}", r.status) for r in reports]
    total = sum(r.triples for r in reports)
    rows.append((f"total ({len(reports)} graphs, {total / max(seconds, 1e-9):,.0f} triples/s)", str(total),
                 str(sum(r.remote or 0 for r in reports)), str(sum(r.batches for r in reports)), f"{seconds:.2f}",
                 "ok" if all(r.status == "ok" or r.status.startswith("dropped") for r in reports) else "FAILED"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    fmt = lambda r: "  ".join(c.ljust(widths[i]) if i in (0, 5) else c.rjust(widths[i]) for i, c in enumerate(r))  # noqa
    line = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(rows[0]), line, *map(fmt, rows[1:-1]), line, fmt(rows[-1])])


def publish(store_dir: Path, base: str, client: SparqlClient, use_gsp: bool, batch: int | None = None,
            built: str | None = None, show_progress: bool = True) -> tuple[list[GraphReport], float]:
    """Publish every graph; returns the reports. Raises PublishError/RemoteError (reports on `.reports`)."""
    store, names = local_graphs(store_dir)   # graphs are read one at a time: memory holds one graph, not all
    total = len(store)
    bar = Progress(total, len(names)) if show_progress else None
    done = 0
    pub = Publisher(client, use_gsp, batch, progress=bar.update if bar else None)
    reports = [GraphReport(g, 0, status="pending") for g in names]
    counts: dict[str, int] = {}
    t0 = time.perf_counter()
    try:
        previous = pub.previous_graphs(base)
        for n, (g, report) in enumerate(zip(names, reports), 1):
            if bar:
                bar.start_graph(n, g)
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
            report.triples = counts[g] = len(triples)
            report.status = "FAILED"
            pub.replace(g, triples, report, done)
            done += report.triples
            if bar:
                bar.graph_done(report)
        for g in sorted(set(previous) - set(names)):   # graphs of an earlier publication this build no longer has
            client.update(f"DROP SILENT GRAPH <{g}>")
            reports.append(GraphReport(g, 0, 0, 0.0, 1, "dropped (not in this build)"))
        rec = record_graph(base)
        rec_report = GraphReport(rec, 0)
        rec_triples = record_triples(base, counts, built)
        rec_report.triples = len(rec_triples)
        rec_report.status = "FAILED"
        reports.append(rec_report)
        pub.replace(rec, rec_triples, rec_report, done)
    except (RemoteError, PublishError) as e:
        if bar:
            bar.close()
        e.reports = reports  # type: ignore[attr-defined]
        raise
    if bar:
        bar.close()
    return reports, time.perf_counter() - t0


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
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    base = (args.base or manifest.get("base") or settings.base).rstrip("/")
    if manifest.get("base") and manifest["base"].rstrip("/") != base:
        print(f"zwgk publish: error: the store was built for {manifest['base']}, not {base}", file=sys.stderr)
        return 1
    try:
        client = remote_client(args)
        print(f"zwgk publish: {settings.store} → {public_url(client.endpoint)}"
              f"{' (graph store ' + public_url(client.graph_store) + ')' if client.graph_store else ''}"
              f"{' as ' + client.user if client.user else ''}", file=sys.stderr)
        reports, seconds = publish(Path(settings.store), base, client, bool(client.graph_store), args.batch,
                                   manifest.get("built"))
    except (RemoteError, PublishError) as e:
        reports = getattr(e, "reports", None)
        if reports:
            print(summary_table(reports, base, 0.0))
        print(f"zwgk publish: error: {e}", file=sys.stderr)
        if reports:
            ok = sum(1 for r in reports if r.status == "ok")
            print(f"zwgk publish: {ok} graph(s) were replaced completely before the error; the graph that failed "
                  "and those after it keep their previous version (readers never see a partial graph); "
                  "run zwgk publish again", file=sys.stderr)
        return 1
    print(summary_table(reports, base, seconds))
    return 0
