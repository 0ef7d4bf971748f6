"""HTML views of resources: the data a template needs, with a label for every link.

Listings (items of a catalogue, items citing a legal basis, items using a concept …) are paged and
counted with named SPARQL queries whose IRIs are bound through substitutions, never spliced in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import Request

from ..ontology import ontology_triples as load_ontology_triples
from .labels import local_name

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MAX_VALUES = 12   # values of one property shown inline on a page
SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Value:
    text: str
    href: str | None = None
    note: str | None = None       # language tag, datatype, or the English label


@dataclass
class Row:
    predicate: str
    label: str
    label_en: str | None
    values: list[Value] = field(default_factory=list)
    parts: list["Part"] = field(default_factory=list)
    href: str | None = None       # where the property is documented (the ontology at /vocab/…, or elsewhere)


@dataclass
class Part:
    """A hash-IRI part of the resource (time limit, source extract, contact) shown inline."""
    iri: str
    title: str
    rows: list[Row]


@dataclass
class Listing:
    title: str
    total: int
    rows: list[list[Value]]
    columns: list[str]
    page: int
    pages: int
    param: str


def href(app, iri: str) -> str:
    """Links to our own resources stay on this server (relative), whatever host the page is read on; so do
    the vocabulary's terms, which every deployment serves at /vocab/…"""
    path = app.uris.local_path(iri)
    if path is not None:
        return quote(path, safe="/#:=,&;@!$'()*+~-._")
    return iri


def value_of(app, term) -> Value:
    if isinstance(term, ox.NamedNode):
        if term.value.startswith("tel:"):  # a phone number is its own label
            return Value(term.value[4:].split(";")[0], term.value)
        if term.value.startswith(app.base + "/source/"):
            return source_value(app, term.value)
        return Value(app.labels.get(term.value), href(app, term.value))
    if isinstance(term, ox.Literal):
        # Chinese is the page's language: only other languages and non-string datatypes are worth a note
        if term.language:
            note = None if term.language.startswith("zh") else term.language
        else:
            dt = term.datatype.value
            note = None if dt.endswith(("#string", "#integer")) else local_name(dt)
        return Value(term.value, None, note)
    return Value(str(term))


def source_value(app, iri: str) -> Value:
    """A source file IRI, or a line range of it (RFC 5147 #line=a,b), shown as 'file 第x–y行' and linked
    to the line anchor of the source page."""
    path, _, fragment = iri[len(app.base) + len("/source/"):].partition("#")
    m = re.fullmatch(r"line=(\d+),(\d+)", fragment)
    if not m:
        # a place in an original (PDF, web page, Word, Excel): page=3&table=1&row=4, sheet=S&range=A7:N7;
        # the link keeps the fragment (a PDF viewer opens the page)
        from ..mappings.readers.base import fragment_words
        return Value(" ".join(w for w in (path, fragment_words(fragment)) if w), href(app, iri))
    first, last = int(m.group(1)) + 1, int(m.group(2))
    lines = f"第{first}行" if first == last else f"第{first}–{last}行"
    return Value(f"{path} {lines}", href(app, f"{app.base}/source/{path}") + f"#L{first}")


# the order fields appear in on an item page (others follow, alphabetically by label)
ORDER = ["dct:title", "zwgk:category", "zwgk:code", "zwgk:sequenceNumber", "dct:description", "zwgk:contentSpec",
         "zwgk:legalBasis", "zwgk:legalBasisText", "zwgk:timeLimit", "zwgk:subject", "zwgk:subjectText",
         "zwgk:responsibleUnit", "zwgk:responsibleUnitText", "zwgk:channel", "zwgk:method", "zwgk:disclosureType",
         "dct:audience", "zwgk:stage", "zwgk:phone", "dcat:contactPoint", "dct:isPartOf", "zwgk:rowNumber",
         "zwgk:inheritedProperty", "zwgk:marker", "zwgk:sourceExtract", "prov:wasDerivedFrom"]


def expand(app, curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return app.prefixes.get(prefix, prefix + ":") + local


def rows_for(app, subject: str, triples: list[ox.Triple], parts: dict[str, list[ox.Triple]]) -> list[Row]:
    rows: dict[str, Row] = {}
    for t in triples:
        if t.subject.value != subject:
            continue
        p = t.predicate.value
        row = rows.get(p) or rows.setdefault(p, Row(p, app.labels.get(p), app.labels.english(p), href=href(app, p)))
        if isinstance(t.object, ox.NamedNode) and t.object.value in parts:
            part_iri = t.object.value
            row.parts.append(Part(part_iri, app.labels.get(part_iri), rows_for(app, part_iri, parts[part_iri], {})))
        else:
            row.values.append(value_of(app, t.object))
    for row in rows.values():  # the same page whatever order the store returns triples in
        row.values.sort(key=lambda v: (v.text, v.href or ""))
        if len(row.values) > MAX_VALUES:  # long lists (a catalogue's items) are paged in a listing below
            more = len(row.values) - MAX_VALUES
            row.values = row.values[:MAX_VALUES] + [Value(f"…… 另有 {more} 项 / {more} more (见下方列表 see the list below)")]
    order = {expand(app, c): i for i, c in enumerate(ORDER)}
    order["http://www.w3.org/2000/01/rdf-schema#label"] = -1
    return sorted(rows.values(), key=lambda r: (r.predicate == RDF_TYPE, order.get(r.predicate, 999), r.label))


def page_number(request: Request, param: str = "page") -> int:
    try:
        return max(1, int(request.query_params.get(param, "1")))
    except ValueError:
        return 1


ITEMS_LINKING = """
SELECT ?i ?name ?cat ?row WHERE {{
  ?i ?p ?target ; a ?t ; <http://purl.org/dc/terms/title> ?name ; <http://purl.org/dc/terms/isPartOf> ?cat .
  FILTER(?t = <{ns}DisclosureItem>)
  OPTIONAL {{ ?i <{ns}rowNumber> ?row }}
}} ORDER BY ?cat ?row ?i LIMIT {limit} OFFSET {offset}"""
ITEMS_LINKING_COUNT = """
SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i ?p ?target ; a <{ns}DisclosureItem> }}"""


def items_linking(request: Request, app, target: str, title: str) -> Listing | None:
    ns = app.uris.ns
    size = app.settings.page_size
    page = page_number(request)
    b = {"target": ox.NamedNode(target)}
    total = int(app.store.select(ITEMS_LINKING_COUNT.format(ns=ns), b)[0]["n"].value)
    if total == 0:
        return None
    rows = app.store.select(ITEMS_LINKING.format(ns=ns, limit=size, offset=(page - 1) * size), b)
    seen, out = set(), []
    for r in rows:
        if r["i"].value in seen:
            continue
        seen.add(r["i"].value)
        out.append([value_of(app, r["i"]), value_of(app, r["cat"])])
    return Listing(title, total, out, ["事项 item", "所属目录 catalogue"], page, -(-total // size), "page")


CATALOGUE_ITEMS = """
SELECT ?i ?row ?cat WHERE {{
  ?i <http://purl.org/dc/terms/isPartOf> ?c ; <{ns}rowNumber> ?row .
  OPTIONAL {{ ?i <{ns}category> ?cat }}
}} ORDER BY ?row LIMIT {limit} OFFSET {offset}"""
COUNT_PART_OF = "SELECT (COUNT(?i) AS ?n) WHERE { ?i <http://purl.org/dc/terms/isPartOf> ?c }"


def catalogue_items(request: Request, app, iri: str) -> Listing:
    ns = app.uris.ns
    size = app.settings.page_size
    page = page_number(request)
    b = {"c": ox.NamedNode(iri)}
    total = int(app.store.select(COUNT_PART_OF, b)[0]["n"].value)
    rows = app.store.select(CATALOGUE_ITEMS.format(ns=ns, limit=size, offset=(page - 1) * size), b)
    out = [[Value(r["row"].value), value_of(app, r["i"]), value_of(app, r["cat"]) if r["cat"] else Value("")]
           for r in rows]
    return Listing("目录事项 Items", total, out, ["行 row", "事项 item", "类别 category"], page, max(1, -(-total // size)),
                   "page")


GRAPH_MEMBERS = """
SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?type }} FILTER(?s != ?g && !CONTAINS(STR(?s), "#")) }}
ORDER BY ?s LIMIT {limit} OFFSET {offset}"""
GRAPH_MEMBERS_COUNT = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?type } FILTER(?s != ?g && !CONTAINS(STR(?s), "#")) }"""


def graph_members(request: Request, app, graph: str) -> Listing:
    """The resources described in a named graph (the legal bases, the code lists), paged."""
    size = app.settings.page_size
    page = page_number(request)
    b = {"g": ox.NamedNode(graph)}
    total = int(app.store.select(GRAPH_MEMBERS_COUNT, b)[0]["n"].value)
    rows = app.store.select(GRAPH_MEMBERS.format(limit=size, offset=(page - 1) * size), b)
    return Listing("包含的资源 Resources in this graph", total, [[value_of(app, r["s"])] for r in rows],
                   ["资源 resource"], page, max(1, -(-total // size)), "page")


PUBLISHED = """SELECT ?c WHERE { ?c <http://purl.org/dc/terms/publisher> ?a } ORDER BY ?c"""
UNITS = """SELECT ?u WHERE { ?u <http://www.w3.org/ns/org#unitOf> ?a } ORDER BY ?u"""
IN_SCHEME = """SELECT ?c ?n WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme> ?s
  OPTIONAL { ?c <http://www.w3.org/2004/02/skos/core#notation> ?n } } ORDER BY ?n ?c"""
FINDINGS = """
SELECT ?severity ?message ?path WHERE {
  ?r <http://www.w3.org/ns/shacl#focusNode> ?focus ; <http://www.w3.org/ns/shacl#resultSeverity> ?severity .
  OPTIONAL { ?r <http://www.w3.org/ns/shacl#resultMessage> ?message FILTER(LANG(?message) = "zh" || LANG(?message) = "") }
  OPTIONAL { ?r <http://www.w3.org/ns/shacl#resultPath> ?path }
} ORDER BY ?severity"""


def simple_listing(app, query: str, bindings: dict, var: str, title: str, column: str) -> Listing | None:
    rows = app.store.select(query, bindings)
    if not rows:
        return None
    vals = [[value_of(app, r[var])] for r in rows]
    return Listing(title, len(vals), vals, [column], 1, 1, "page")


def findings(app, iri: str) -> list[dict]:
    has_quad = getattr(app.store, "has_quad", None)
    if has_quad is not None and not has_quad(None, SH + "focusNode", iri):  # one index lookup: most items have none
        return []
    try:
        rows = app.store.select(FINDINGS, {"focus": ox.NamedNode(iri)})
    except Exception:  # no validation graph yet
        return []
    out = []
    for r in rows:
        sev = r["severity"].value.rsplit("#", 1)[-1]
        out.append({"severity": sev, "message": r["message"].value if r["message"] else "",
                    "path": app.labels.get(r["path"].value) if r["path"] else ""})
    return out


def listings_for(request: Request, app, iri: str, types: set[str]) -> list[Listing]:
    ns = app.uris.ns
    out: list[Listing | None] = []
    a = {"a": ox.NamedNode(iri)}
    if "http://www.w3.org/ns/org#Organization" in types:
        out.append(simple_listing(app, PUBLISHED, a, "c", "发布的目录 Catalogues", "目录 catalogue"))
        out.append(simple_listing(app, UNITS, a, "u", "内设机构 Offices", "机构 office"))
    if ns + "DisclosureCatalogue" in types:
        out.append(catalogue_items(request, app, iri))
    if "http://rdfs.org/ns/void#Dataset" in types:
        out.append(graph_members(request, app, iri))
    if "http://www.w3.org/2004/02/skos/core#ConceptScheme" in types:
        out.append(simple_listing(app, IN_SCHEME, {"s": ox.NamedNode(iri)}, "c", "概念 Concepts", "概念 concept"))
    if ns + "DisclosureItem" not in types and ns + "DisclosureCatalogue" not in types:
        title = {"http://data.europa.eu/eli/ontology#LegalResource": "引用此依据的事项 Items citing this legal basis",
                 "http://www.w3.org/2004/02/skos/core#Concept": "使用此概念的事项 Items using this concept",
                 "http://www.w3.org/ns/org#OrganizationalUnit": "由此机构负责的事项 Items of this office",
                 "http://www.w3.org/ns/org#Organization": "以此机构为公开主体的事项 Items with this agency as subject"}
        t = next((title[k] for k in title if k in types), "链接到此资源的事项 Items linking here")
        out.append(items_linking(request, app, iri, t))
    return [x for x in out if x is not None]


def render_resource(request: Request, iri: str, triples: list[ox.Triple], headers: dict):
    from .pages import render
    app = request.app.state.zwgk
    own = [t for t in triples if t.subject.value == iri]
    parts: dict[str, list[ox.Triple]] = {}
    for t in triples:
        if t.subject.value.startswith(iri + "#"):
            parts.setdefault(t.subject.value, []).append(t)
    types = {t.object.value for t in own if t.predicate.value == RDF_TYPE}
    app.labels.learn([iri, *parts], triples)   # every triple of the resource and of its parts is in `triples`
    path = app.uris.local_path(iri) or iri
    ctx = {
        "iri": iri, "title": app.labels.get(iri), "types": [value_of(app, ox.NamedNode(t)) for t in sorted(types)],
        "rows": rows_for(app, iri, own, parts), "listings": listings_for(request, app, iri, types),
        "findings": findings(app, iri) if app.uris.ns + "DisclosureItem" in types else [],
        "graph": value_of(app, ox.NamedNode(g)) if (g := app.store.graph_of(iri)) else None,
        "formats": [(ext, f"{path}.{ext}") for ext in ("ttl", "jsonld", "nt", "rdf")],
        "original": original_of(app, iri, types),
    }
    return render(request, "resource.html", ctx, headers=headers)


def originals(app) -> dict[str, dict]:
    """catalogue IRI → the agency's own publication of it (catalogue.url, .published of its mapping):
    {"url", "issued"}. Read for all catalogues with one query, once per build (app.originals)."""
    if app.originals is None:
        app.originals = {r["c"].value: {"url": r["url"].value,
                                        "issued": r["issued"].value if r.get("issued") is not None else ""}
                         for r in app.store.select(f"""SELECT ?c ?url ?issued WHERE {{
                             ?c a <{app.uris.ns}DisclosureCatalogue> ;
                                <http://www.w3.org/ns/dcat#landingPage> ?url .
                             OPTIONAL {{ ?c <http://purl.org/dc/terms/issued> ?issued }} }}""")}
    return app.originals


def original_of(app, iri: str, types: set[str]) -> dict | None:
    """The original publication of a catalogue, or of an item's catalogue, for the "原文" link; or None."""
    if app.uris.ns + "DisclosureCatalogue" in types:
        return originals(app).get(iri)
    if app.uris.ns + "DisclosureItem" in types:
        return originals(app).get(app.uris.catalogue_of_item(iri))
    return None


def ontology_triples(app) -> list[ox.Triple]:
    return load_ontology_triples(vocab_ns=app.uris.vocab)


def shapes_triples(app) -> list[ox.Triple]:
    from ..shapes import shapes_triples as load_shapes_triples
    return list(load_shapes_triples(vocab_ns=app.uris.vocab))


def render_ontology(request: Request, triples: list[ox.Triple], headers: dict, shapes: bool = False):
    """The ontology's terms (or the SHACL shapes: shapes=True) documented, one section per term."""
    from .pages import render
    app = request.app.state.zwgk
    ns = app.uris.shapes_ns if shapes else app.uris.ns
    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    terms = []
    for s, props in sorted(by_subject.items()):
        if not s.startswith(ns):
            continue

        def lit(p, lang):
            return next((o.value for o in props.get(p, []) if isinstance(o, ox.Literal) and o.language == lang), "")
        rdfs = "http://www.w3.org/2000/01/rdf-schema#"
        kind = local_name(next((o.value for o in props.get(RDF_TYPE, [])), ""))
        terms.append({
            "id": s[len(ns):], "iri": s, "kind": kind,   # a shape: its sh:name and sh:message when it has no label
            "zh": lit(rdfs + "label", "zh") or lit(SH + "name", "zh"), "en": lit(rdfs + "label", "en") or lit(SH + "name", "en"),
            "comment_zh": lit(rdfs + "comment", "zh") or lit(SH + "message", "zh"),
            "comment_en": lit(rdfs + "comment", "en") or lit(SH + "message", "en"),
            "domain": [value_of(app, o) for o in props.get(rdfs + "domain", [])],
            "range": [value_of(app, o) for o in props.get(rdfs + "range", [])],
            "super": [value_of(app, o) for o in props.get(rdfs + "subClassOf", []) + props.get(rdfs + "subPropertyOf", [])],
        })
    doc = app.uris.shapes_graph if shapes else app.uris.ontology
    onto = by_subject.get(doc, {})
    default = "zwgk 约束（SHACL）Shapes" if shapes else "zwgk 本体"
    title = next((o.value for o in onto.get("http://purl.org/dc/terms/title", []) if o.language == "zh"), default)
    desc = [o.value for o in onto.get("http://purl.org/dc/terms/description", []) if isinstance(o, ox.Literal)]
    ctx = {"title": title, "description": desc, "terms": terms, "ns": ns, "doc": app.uris.local_path(doc),
           "prefix": "zs" if shapes else "zwgk"}
    return render(request, "ontology.html", ctx, headers=headers)


def render_source(request: Request, path: str, text: str):
    from .pages import render
    lines = text.split("\n")
    return render(request, "source.html", {"title": path, "lines": list(enumerate(lines, 1))},
                  headers={"Vary": "Accept"})
