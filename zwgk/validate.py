"""Validation of the built graph against the shapes (shapes/), and `zwgk validate`.

Two engines give the same findings (tests/test_validate_equivalence.py):
  sparql   the shapes compiled to SPARQL (zwgk.shaclsparql) and run on the pyoxigraph store, all
           catalogues at once: what `zwgk build` and `zwgk validate` use
  pyshacl  the reference semantics: pyshacl on each catalogue's data graph (the catalogue's graph, its
           agency's graph, the legal bases it cites and the code lists), or on the whole graph

A finding belongs to a catalogue: the one whose graph holds the triple that made its focus node a
target. Each catalogue's findings are stored as an sh:ValidationReport in the named graph
{base}/graph/validation/{catalogue}, with results {graph}#result-N numbered in a fixed order (severity,
focus, shape, path, value), so a rebuild of the same data gives the same report IRIs.
"""
from __future__ import annotations

import csv
import html
import io
import re
import sys
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from .checks import Check, for_store
from .shapes import compiled
from .uris import URIs

SHNS = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One validation result, engine-independent (pyoxigraph terms)."""
    catalogue: str | None                 # catalogue id; None for whole-graph pyshacl results
    severity: str                         # Violation | Warning | Info
    focus: object                         # ox.NamedNode (or other term)
    path: ox.NamedNode | None
    value: object | None
    shape: str
    component: str
    messages: tuple[tuple[str, str], ...]  # (language, text), sorted

    def key(self) -> tuple:
        return (self.catalogue or "", SEVERITIES.index(self.severity), str(self.focus), self.shape,
                self.component, str(self.path or ""), str(self.value or ""))

    def message(self, lang: str = "zh") -> str:
        texts = dict(self.messages)
        return texts.get(lang) or next(iter(texts.values()), "")

    def without_catalogue(self) -> "Finding":
        return Finding(None, self.severity, self.focus, self.path, self.value, self.shape, self.component,
                       self.messages)


def validation_graph(base: str, catalogue_id: str) -> str:
    return f"{base.rstrip('/')}/graph/validation/{catalogue_id}"


def catalogue_prefix(base: str) -> str:
    return URIs(base).catalogue("")


# -- the SPARQL engine -------------------------------------------------------------------------------

def _graphs_clause(store: ox.Store, base: str, catalogue_ids: list[str] | None) -> str:
    """What keeps a target's ?g to the catalogue graphs validated: nothing where they are the store's only
    named graphs (a build batch's store holds the rest in its default graph: `pipeline._validation_store`),
    where the test costs ≈ 1 µs a focus, more than finding it (the item target of a 16-catalogue batch:
    1.04 ms with VALUES ?g, 0.45 ms without; the target is evaluated some 30 times a batch)."""
    prefix = catalogue_prefix(base)
    wanted = None if catalogue_ids is None else {URIs(base).catalogue(c) for c in catalogue_ids}
    if all(isinstance(g, ox.NamedNode) and g.value.startswith(prefix) and (wanted is None or g.value in wanted)
           for g in store.named_graphs()):
        return ""
    if catalogue_ids is None:
        return f'FILTER(STRSTARTS(STR(?g), "{prefix}"))'
    return "VALUES ?g { " + " ".join(f"<{URIs(base).catalogue(c)}>" for c in catalogue_ids) + " }"


def _run_check(store: ox.Store, check: Check, graphs: str, prefix: str) -> list[Finding]:
    sev = check.severity.rsplit("#", 1)[1]
    out = []
    rows = store.query(check.query.replace("{GRAPHS}", graphs), use_default_graph_as_union=True)
    names = {v.value for v in rows.variables}
    for row in rows:
        path = ox.NamedNode(check.path) if check.path else (row["path"] if "path" in names else None)
        value = row["value"] if "value" in names else None
        if value is None and check.component.endswith("#SPARQLConstraintComponent"):
            value = row["this"]     # SHACL 5.3.2: a SPARQL constraint's result with no ?value has sh:value $this
        out.append(Finding(row["g"].value[len(prefix):], sev, row["this"], path, value, check.shape,
                           check.component, check.messages))
    return out


def _term_sparql(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    return str(t)  # N-Triples form of a literal or blank node


def _run_batch(store: ox.Store, target: str, checks: list[Check], graphs: str, prefix: str,
               per_focus: bool = False) -> list[Finding]:
    """Checks sharing a target, in one query for most:
    - the checks that say which nodes fail whatever the target (`Check.found`: a value of the wrong
      datatype or class, two values where one is allowed …): the union of their patterns, each row naming
      its check, joined with the target. The failing values come with it.
    - the checks a focus fails by lacking something (`Check.needs`: a value, a given value): every focus
      paired with every such check, less (MINUS) the pairs whose focus has it.
    - the others (a condition on the focus itself) with one boolean column per check, only foci with a result
      coming back; results that carry a value (sh:value) are then read with each check's own query,
      restricted to the flagged foci.
    Both beat a column per check (`FILTER EXISTS { ?this <p> ?v FILTER(…) }` evaluated for every focus): they
    read each predicate's triples once, and results are rare. Items of a 16-catalogue batch: the 20 value
    checks 25.5 ms as columns, 10.3 ms as a union; the 11 minCount checks 38 M instructions as columns,
    23 M with MINUS. But where the target has few foci (`per_focus`) and the predicates are also those of
    many other nodes (a catalogue's title and identifier, as its items'), the columns read less."""
    t = target.replace("{GRAPHS}", graphs)
    out = []
    found = [c for c in checks if c.found is not None and not per_focus]
    needs = [c for c in checks if c.found is None and c.needs is not None and not per_focus]
    if found or needs:
        parts = []
        if found:
            branches = " UNION ".join(f"{{ {c.found} BIND({i} AS ?check_) }}" for i, c in enumerate(found))
            parts.append(f"{{ {{ {branches} }} {t} }}")
        if needs:
            first = len(found)
            numbers = " ".join(str(first + i) for i in range(len(needs)))
            had = " UNION ".join(f"{{ {c.needs} BIND({first + i} AS ?check_) }}" for i, c in enumerate(needs))
            parts.append(f"{{ {t} VALUES ?check_ {{ {numbers} }} MINUS {{ {had} }} }}")
        made = [(c, c.severity.rsplit("#", 1)[1], ox.NamedNode(c.path) if c.path else None) for c in found + needs]
        for row in store.query(f"SELECT DISTINCT ?g ?this ?check_ ?value WHERE {{ {' UNION '.join(parts)} }}",
                               use_default_graph_as_union=True):
            c, sev, path = made[int(row["check_"].value)]
            out.append(Finding(row["g"].value[len(prefix):], sev, row["this"], path,
                               row["value"] if c.has_value else None, c.shape, c.component, c.messages))
    checks = [c for c in checks if per_focus or (c.found is None and c.needs is None)]
    if not checks:
        return out
    cols = " ".join(f"({c.flag} AS ?f{i})" for i, c in enumerate(checks))
    any_ = " || ".join(f"({c.flag})" for c in checks)
    flagged: dict[int, list] = defaultdict(list)
    for row in store.query(f"SELECT ?g ?this {cols} WHERE {{ {t} FILTER({any_}) }}", use_default_graph_as_union=True):
        for i in range(len(checks)):
            v = row[f"f{i}"]
            if v is not None and v.value == "true":
                flagged[i].append((row["g"], row["this"]))
    for i, rows in flagged.items():
        c = checks[i]
        if c.has_value:
            values = "VALUES (?g ?this) { " + " ".join(f"({_term_sparql(g)} {_term_sparql(x)})" for g, x in rows) + " }"
            out += _run_check(store, c, values, prefix)
        else:
            sev, path = c.severity.rsplit("#", 1)[1], ox.NamedNode(c.path) if c.path else None
            out += [Finding(g.value[len(prefix):], sev, x, path, None, c.shape, c.component, c.messages)
                    for g, x in rows]
    return out


def _target_sizes(store: ox.Store, targets: list[str], graphs: str) -> dict[str, int]:
    """target → its number of foci, in one query."""
    branches = " UNION ".join(f"{{ {t.replace('{GRAPHS}', graphs)} BIND({i} AS ?target_) }}"
                              for i, t in enumerate(targets))
    sizes = dict.fromkeys(targets, 0)
    if targets:
        for row in store.query(f"SELECT ?target_ (COUNT(*) AS ?n) WHERE {{ {branches} }} GROUP BY ?target_",
                               use_default_graph_as_union=True):
            sizes[targets[int(row["target_"].value)]] = int(row["n"].value)
    return sizes


def _jobs(checks) -> list[tuple[str, list[Check]]]:
    """('batch', checks sharing a target) and ('single', [check]) units of work."""
    batches: dict[str, list[Check]] = defaultdict(list)
    jobs = []
    for c in checks:
        if c.flag is not None:
            batches[c.target].append(c)
        else:
            jobs.append(("single", [c]))
    return [("batch", cs) for cs in batches.values()] + jobs


def validate_store(store: ox.Store, base: str, catalogue_ids: list[str] | None = None,
                   workers: int = 2, checks: list[Check] | None = None) -> list[Finding]:
    """Every finding for the given catalogues (default: every catalogue graph in the store), sorted.
    Queries run in threads: pyoxigraph releases the GIL while it evaluates a query. `checks` defaults
    to the project's shapes (zwgk.shapes.compiled)."""
    checks = for_store(tuple(checks) if checks is not None else compiled(base.rstrip("/")), store)
    graphs, prefix = _graphs_clause(store, base, catalogue_ids), catalogue_prefix(base)
    jobs = _jobs(checks)
    sizes = _target_sizes(store, list(dict.fromkeys(cs[0].target for _, cs in jobs)), graphs)
    # a target without foci has no results; one with about one focus a catalogue (the catalogue, its
    # agency) is checked focus by focus (`_run_batch`): 3.5 against 1.2 ms for the catalogue target
    # of a 16-catalogue batch, whose title and identifier are read with its 500 items' otherwise
    few = len(catalogue_ids) if catalogue_ids is not None else sum(
        1 for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix))
    jobs = [j for j in jobs if sizes[j[1][0].target]]

    def run(job):
        kind, cs = job
        return _run_batch(store, cs[0].target, cs, graphs, prefix, sizes[cs[0].target] <= few) \
            if kind == "batch" else _run_check(store, cs[0], graphs, prefix)
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, jobs))
    else:
        parts = [run(j) for j in jobs]
    return sorted(fold_missing_columns({f for part in parts for f in part}, base), key=Finding.key)


def fold_missing_columns(findings, base: str) -> list[Finding]:
    """The findings with a catalogue's missing column told once: where zs:CatalogueFieldShape says none of a
    catalogue's items gives a field, its items' own findings of that field (zs:ItemLegalBasis …, minCount)
    are left out (juye-ybj prints no 公开依据: one finding, not 34). Both engines' findings go through it."""
    lacking = {(f.focus.value, str(f.path)) for f in findings if f.shape.endswith("#CatalogueFieldShape")}
    if not lacking:
        return list(findings)
    catalogue_of = URIs(base).catalogue_of_item
    return [f for f in findings if not (f.component.endswith("#MinCountConstraintComponent") and f.path is not None
                                        and (catalogue_of(label(f.focus)), str(f.path)) in lacking)]


def validate_quads(quads, base: str, catalogue_ids: list[str] | None = None) -> list[Finding]:
    """Validate quads that are not in a store yet (the build): load them into an in-memory store."""
    store = ox.Store()
    store.extend(quads)
    return validate_store(store, base, catalogue_ids)


# -- the reference engine: pyshacl -------------------------------------------------------------------

def _to_ox(t):
    import rdflib
    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD + "string")))


def _rdflib_graph(triples) -> "rdflib.Graph":
    import rdflib
    g = rdflib.Graph()
    g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


_PREPARED = threading.local()      # .queries: {(text, base, namespaces): query} while pyshacl_findings runs
_PREPARING: list = []               # rdflib's SPARQLProcessor.query, once it is wrapped
_WRAPPING = threading.Lock()


def _prepare_sparql_once() -> None:
    """pyshacl hands rdflib the text of a SPARQL-based constraint again for every focus node, and rdflib parses
    and translates it every time: 83% of pyshacl's time on the shapes' planted examples (19 s), in rdflib's
    pyparsing grammar. While `pyshacl_findings` runs, in its own thread, each text is translated once and the
    query evaluated again with each focus node's bindings, as rdflib's own prepared queries are
    (`rdflib.plugins.sparql.prepareQuery`). Other threads and callers of rdflib see no change. Wrapped, not
    rewritten: rdflib offers no hook, and pyshacl passes the text itself."""
    with _WRAPPING:
        if not _PREPARING:
            _wrap_sparql_processor()


def _wrap_sparql_processor() -> None:
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's)
        queries = getattr(_PREPARED, "queries", None)
        if queries is not None and isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = queries.get(key)
            if prepared is None:
                prepared = queries[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    _PREPARING.append(original)


def pyshacl_findings(data_graph, base: str, catalogue: str | None = None, shapes=None) -> list[Finding]:
    """pyshacl's results for an rdflib data graph, as Findings (attributed to `catalogue`). `shapes`
    defaults to the project's shapes graph."""
    import pyshacl
    import rdflib
    from .shaclsparql import SH
    from .shapes import shapes_graph
    shapes = shapes if shapes is not None else shapes_graph(base)
    _prepare_sparql_once()
    outer = getattr(_PREPARED, "queries", None)     # a call within a call keeps the outer one's
    _PREPARED.queries = {} if outer is None else outer
    try:
        _, report, _ = pyshacl.validate(data_graph, shacl_graph=shapes, inference="none", abort_on_first=False,
                                        allow_warnings=False, meta_shacl=False, advanced=False)
    finally:
        _PREPARED.queries = outer
    # pyshacl drops the language tag of SPARQL-constraint messages; the shapes say which language it was
    lang_of = {str(m): m.language or "" for m in shapes.objects(None, SH.message)}
    out = []
    # top-level results only: pyshacl also types the nested results it links with sh:detail (sh:node)
    for r in {r for rep in report.subjects(rdflib.RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)}:
        one = lambda p: report.value(r, p)  # noqa: E731
        msgs = tuple(sorted((m.language or lang_of.get(str(m), ""), str(m))
                            for m in report.objects(r, SH.resultMessage)))
        out.append(Finding(catalogue, str(one(SH.resultSeverity)).rsplit("#", 1)[1], _to_ox(one(SH.focusNode)),
                           _to_ox(one(SH.resultPath)), _to_ox(one(SH.value)), str(one(SH.sourceShape)),
                           str(one(SH.sourceConstraintComponent)), msgs))
    return sorted(fold_missing_columns(set(out), base), key=Finding.key)


def catalogue_data(store: ox.Store, base: str, catalogue_id: str) -> list[ox.Triple]:
    """One catalogue's data graph: its graph, the graphs of the agencies it names (as publisher, subject or
    responsible unit: an office, or another body its catalogue names, lives in its agency's graph), the legal bases it cites, the code lists."""
    u = URIs(base)
    cat = ox.NamedNode(u.catalogue(catalogue_id))
    own = [q.triple for q in store.quads_for_pattern(None, None, None, cat)]
    agents = {DCT + "publisher", u.ns + "subject", u.ns + "responsibleUnit"}
    agencies = {ox.NamedNode(re.split("/(?:unit|body)/", t.object.value, maxsplit=1)[0]) for t in own
                if t.predicate.value in agents and isinstance(t.object, ox.NamedNode)}
    laws = {t.object for t in own if t.predicate.value in (u.ns + "legalBasis", u.ns + "legalBasisArticle")}
    out = own
    for a in agencies:
        out += [q.triple for q in store.quads_for_pattern(None, None, None, a)]
    law_graph = ox.NamedNode(u.laws_graph)
    for law in laws:
        out += [q.triple for q in store.quads_for_pattern(law, None, None, law_graph)]
    out += [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(u.vocab_graph))]
    return out


def data_graph_names(store: ox.Store, base: str) -> list[ox.NamedNode]:
    """The graphs validation reads: catalogues, agencies, legal bases, code lists (not the ontology,
    the shapes or earlier reports)."""
    b = base.rstrip("/")
    u = URIs(b)
    skip = {u.ontology, u.shapes_graph}
    return [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in skip
            and not g.value.startswith(f"{b}/graph/validation/")]


def catalogue_ids(store: ox.Store, base: str) -> list[str]:
    prefix = catalogue_prefix(base)
    return sorted(g.value[len(prefix):] for g in store.named_graphs()
                  if isinstance(g, ox.NamedNode) and g.value.startswith(prefix))


def _pyshacl_on_ntriples(data: bytes, base: str, catalogue: str) -> list[Finding]:
    import rdflib
    g = rdflib.Graph()
    g.parse(data=data, format="nt")
    return pyshacl_findings(g, base, catalogue)


def validate_store_pyshacl(store: ox.Store, base: str, catalogue_ids_: list[str] | None = None,
                           workers: int = 1) -> list[Finding]:
    """The reference: pyshacl on each catalogue's data graph, in `workers` processes."""
    ids = catalogue_ids_ or catalogue_ids(store, base)
    data = [ox.serialize(catalogue_data(store, base, cid), format=ox.RdfFormat.N_TRIPLES) for cid in ids]
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(_pyshacl_on_ntriples, data, [base] * len(ids), ids))
    else:
        parts = [_pyshacl_on_ntriples(d, base, cid) for d, cid in zip(data, ids)]
    return sorted((f for part in parts for f in part), key=Finding.key)


def validate_whole_graph_pyshacl(store: ox.Store, base: str) -> list[Finding]:
    """pyshacl on the union of every data graph at once (findings carry no catalogue)."""
    triples = {q.triple for g in data_graph_names(store, base) for q in store.quads_for_pattern(None, None, None, g)}
    return pyshacl_findings(_rdflib_graph(triples), base)


# -- reports in the graph ----------------------------------------------------------------------------

def report_quads(findings: list[Finding], base: str, catalogue_ids_: list[str]) -> list[ox.Quad]:
    """One sh:ValidationReport per catalogue, in its own named graph (the report node is the graph IRI)."""
    by_cat: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_cat[f.catalogue].append(f)
    u, out = URIs(base), []
    N, T = ox.NamedNode, lambda p: ox.NamedNode(SHNS + p)
    for cid in catalogue_ids_:
        g = N(validation_graph(base, cid))
        results = sorted(by_cat.get(cid, []), key=Finding.key)
        add = lambda s, p, o: out.append(ox.Quad(s, p, o, g))  # noqa: E731
        add(g, N(RDF_TYPE), T("ValidationReport"))
        add(g, T("conforms"), ox.Literal("true" if not results else "false", datatype=N(XSD + "boolean")))
        add(g, N(DCT + "subject"), N(u.catalogue(cid)))
        add(g, N(PROV + "wasGeneratedBy"), N(u.activity(cid)))
        for n, f in enumerate(results, 1):
            r = N(f"{g.value}#result-{n}")
            add(g, T("result"), r)
            add(r, N(RDF_TYPE), T("ValidationResult"))
            add(r, T("focusNode"), f.focus)
            add(r, T("resultSeverity"), T(f.severity))
            add(r, T("sourceShape"), N(f.shape))
            add(r, T("sourceConstraintComponent"), N(f.component))
            if f.path is not None:
                add(r, T("resultPath"), f.path)
            if f.value is not None:
                add(r, T("value"), f.value)
            for lang, text in f.messages:
                add(r, T("resultMessage"), ox.Literal(text, language=lang) if lang else ox.Literal(text))
    return out


# -- summaries and output formats --------------------------------------------------------------------

def counts(findings: list[Finding], catalogue_ids_: list[str]) -> dict[str, Counter]:
    out = {c: Counter() for c in catalogue_ids_}
    for f in findings:
        out.setdefault(f.catalogue, Counter())[f.severity] += 1
    return out


def top_messages(findings: list[Finding], n: int = 3, lang: str = "zh") -> list[tuple[str, str, int]]:
    """(severity, message, count), most severe first, then most frequent."""
    c = Counter((f.severity, f.message(lang)) for f in findings)
    return sorted(((s, m, k) for (s, m), k in c.items()), key=lambda x: (SEVERITIES.index(x[0]), -x[2], x[1]))[:n]


def summary_rows(findings: list[Finding], catalogue_ids_: list[str], lang: str = "zh") -> list[list[str]]:
    by_cat = defaultdict(list)
    for f in findings:
        by_cat[f.catalogue].append(f)
    rows = []
    for cid, c in counts(findings, catalogue_ids_).items():
        top = "; ".join(f"{m} ×{k}" for _, m, k in top_messages(by_cat[cid], 3, lang))
        rows.append([cid, str(c["Violation"]), str(c["Warning"]), str(c["Info"]), top])
    return rows


HEADER = ["catalogue", "violations", "warnings", "infos", "top messages"]


def label(term) -> str:
    return "" if term is None else term.value


class Place(NamedTuple):
    """Where a finding's item is: its title and its place in the source ("catalogues/x.pdf 第3页 表1 第4行")."""
    title: str = ""
    where: str = ""


def focus_places(store: ox.Store, findings: list[Finding]) -> dict[str, Place]:
    """focus IRI → Place, for the findings on items and on their parts ({item}#time-limit …), so a reviewer
    reads names, not IRIs."""
    title_p, label_p = ox.NamedNode(DCT + "title"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    out: dict[str, Place] = {}
    for focus in {f.focus.value for f in findings if isinstance(f.focus, ox.NamedNode)}:
        item = focus.split("#", 1)[0]
        titles = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(item), title_p, None)]
        places = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(item + "#source"), label_p, None)]
        if titles or places:
            out[focus] = Place(titles[0] if titles else "", places[0] if places else "")
    return out


def _place(f: Finding, places: dict[str, Place]) -> str:
    """《title》 (source place), or the focus IRI when it is no item."""
    title, where = places.get(label(f.focus), Place())
    if not (title or where):
        return label(f.focus)
    return f"《{title}》" + (f" ({where})" if where else "")


def in_source_order(findings: list[Finding], catalogue_ids_: list[str],
                    places: dict[str, Place] | None = None) -> list[Finding]:
    """The findings catalogue by catalogue (in the order given), violations first, then each severity's
    findings in the order of the source places they point at, numbers compared as numbers (第4页 表1 第7行
    before 第10页, 表3 before 表16, A9 before A13); findings on no item last."""
    rank = {cid: i for i, cid in enumerate(catalogue_ids_)}
    places = places or {}

    def key(f: Finding) -> tuple:
        where = places.get(label(f.focus), Place()).where
        natural = tuple((0, int(p)) if p.isdigit() else (1, p) for p in _DIGITS.split(where) if p)
        return (rank.get(f.catalogue or "", len(rank)), f.catalogue or "", SEVERITIES.index(f.severity),
                not where, natural, f.key())
    return sorted(findings, key=key)


_DIGITS = re.compile(r"(\d+)")


def _path_name(f: Finding) -> str:
    """A finding's property by its local name (channel, legalBasis), as a reader of the mapping knows it."""
    return re.split(r"[#/]", label(f.path))[-1] if f.path else ""


def format_text(findings: list[Finding], catalogue_ids_: list[str], lang: str = "zh", details: bool = True,
                places: dict[str, Place] | None = None) -> str:
    """The summary table, then (details) one line per finding in the source's order. Findings on one value
    (a wording outside the code lists on many items) are given once, with the items it was found on below."""
    from .console import table
    rows = summary_rows(findings, catalogue_ids_, lang)
    lines = [table(HEADER, rows, justify=["left", "right", "right", "right", "left"])]   # CJK messages line up
    if not details:
        return "\n".join(lines)
    places = places or {}
    shown = [f for f in in_source_order(findings, catalogue_ids_, places) if f.severity != "Info" or details == "all"]
    groups: dict[tuple, list[Finding]] = {}
    def valued(f: Finding) -> bool:      # a value of its own (a SPARQL constraint's result may give its focus)
        return f.value is not None and f.value != f.focus

    for n, f in enumerate(shown):
        same = (f.catalogue, f.severity, str(f.path or ""), str(f.value), f.shape, f.message(lang))
        groups.setdefault(same if valued(f) else (n,), []).append(f)
    for group in groups.values():
        f = group[0]
        path = f" {_path_name(f)}" if f.path else ""
        value = f" [{label(f.value)}]" if valued(f) else ""
        if len(group) == 1:
            lines.append(f"{f.severity.lower()}: {f.catalogue}: {_place(f, places)}{path}: {f.message(lang)}{value}")
            continue
        lines.append(f"{f.severity.lower()}: {f.catalogue}:{path}{value}: {f.message(lang)} ×{len(group)}:")
        lines.extend(f"    {_place(g, places)}" for g in group)
    return "\n".join(lines)


CSV_HEADER = ["catalogue", "severity", "focus_node", "path", "value", "source_shape", "constraint_component",
              "message_zh", "message_en", "item_title", "source"]


def format_csv(findings: list[Finding], places: dict[str, Place] | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for f in findings:
        msgs = dict(f.messages)
        title, where = (places or {}).get(label(f.focus), Place())
        w.writerow([f.catalogue or "", f.severity, label(f.focus), label(f.path), label(f.value), f.shape,
                    f.component.rsplit("#", 1)[-1], msgs.get("zh", ""), msgs.get("en", ""), title, where])
    return buf.getvalue()


def format_html(findings: list[Finding], catalogue_ids_: list[str], base: str,
                places: dict[str, Place] | None = None) -> str:
    e = html.escape
    rows = summary_rows(findings, catalogue_ids_)
    out = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8"><title>zwgk 校验报告 / validation report</title>',
           "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
           "padding:2px 6px;text-align:left}.Violation{color:#b00}.Warning{color:#a60}.Info{color:#067}</style>",
           "</head><body><h1>校验报告 / Validation report</h1><table>",
           "<tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADER) + "</tr>"]
    for r in rows:
        out.append("<tr>" + f'<td><a href="#{e(r[0])}">{e(r[0])}</a></td>' + "".join(f"<td>{e(c)}</td>" for c in r[1:]) + "</tr>")
    out.append("</table>")
    by_cat = defaultdict(list)
    for f in findings:
        by_cat[f.catalogue].append(f)
    for cid in catalogue_ids_:
        out.append(f'<h2 id="{e(cid)}">{e(cid)}</h2><p>report graph: <code>{e(validation_graph(base, cid))}</code></p>')
        if not by_cat[cid]:
            out.append("<p>无问题 / no findings</p>")
            continue
        out.append("<table><tr><th>severity</th><th>focus</th><th>path</th><th>value</th><th>消息</th><th>message</th></tr>")
        for f in by_cat[cid]:
            m = dict(f.messages)
            out.append(f'<tr class="{f.severity}"><td>{f.severity}</td><td><a href="{e(label(f.focus))}">{e(_place(f, places or {}))}</a></td>'
                       f"<td>{e(label(f.path))}</td><td>{e(label(f.value))}</td><td>{e(m.get('zh', ''))}</td>"
                       f"<td>{e(m.get('en', ''))}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def format_ttl(findings: list[Finding], catalogue_ids_: list[str], base: str) -> str:
    triples = [q.triple for q in report_quads(findings, base, catalogue_ids_)]
    prefixes = {"sh": SHNS, "dct": DCT, "prov": PROV, "xsd": XSD}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def in_memory(store: ox.Store, base: str, catalogue_ids_: list[str] | None = None) -> ox.Store:
    """An in-memory copy of the store for validation (its queries run about 4× faster than on disk):
    every graph but the catalogue graphs not asked for."""
    mem = ox.Store()
    prefix = catalogue_prefix(base)
    wanted = None if catalogue_ids_ is None else {prefix + c for c in catalogue_ids_}
    for g in store.named_graphs():
        if wanted is None or not g.value.startswith(prefix) or g.value in wanted:
            mem.bulk_extend(store.quads_for_pattern(None, None, None, g))
    mem.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return mem


# -- command line ------------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
    p = sub.add_parser("validate", help="validate the built graph against the shapes; exit 1 on any violation")
    add_common(p)
    p.add_argument("--only", nargs="+", metavar="ID", help="validate only these catalogues")
    p.add_argument("--format", choices=["text", "html", "csv", "ttl"], default="text")
    p.add_argument("--output", "-o", type=Path, help="write the report here instead of stdout")
    p.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="sparql: shapes compiled to SPARQL on the store (fast); pyshacl: the reference")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages in the text table")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args) -> int:
    from .cli import open_built_store, settings_from
    settings = settings_from(args)
    store = open_built_store(settings, "validate")
    if store is None:
        return 2
    known = catalogue_ids(store, settings.base)
    ids = args.only or known
    missing = sorted(set(ids) - set(known))
    if missing:
        print(f"zwgk validate: no catalogue(s) {missing} in {settings.store}", file=sys.stderr)
        return 2
    if args.engine == "pyshacl":
        findings = validate_store_pyshacl(store, settings.base, ids)
    else:
        only = ids if args.only else None
        findings = validate_store(in_memory(store, settings.base, only), settings.base, only)
    places = focus_places(store, findings)
    findings = in_source_order(findings, ids, places)
    text = {"text": lambda: format_text(findings, ids, args.lang, places=places),
            "csv": lambda: format_csv(findings, places),
            "html": lambda: format_html(findings, ids, settings.base, places),
            "ttl": lambda: format_ttl(findings, ids, settings.base)}[args.format]()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(format_text(findings, ids, args.lang, details=False))
    else:
        print(text)
    return 1 if any(f.severity == "Violation" for f in findings) else 0
