"""Pages that are not a single resource: home, search, the SPARQL query page and its results, errors,
and the SPARQL service description."""
from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path
from urllib.parse import quote_plus

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .conneg import RDF_TYPES, negotiate
from .sandbox import QueryAnswer
from .views import Value, href, page_number, value_of

router = APIRouter()
HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))

# The README's example queries; the query page offers them as one-click examples.
EXAMPLES = [
    ("每个目录的事项数 Items per catalogue", """PREFIX zwgk: <{ns}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?catalogue ?title (COUNT(?item) AS ?items) WHERE {{
  ?item a zwgk:DisclosureItem ; dct:isPartOf ?catalogue .
  ?catalogue dct:title ?title .
}} GROUP BY ?catalogue ?title ORDER BY DESC(?items)"""),
    ("引用最多的公开依据 Most cited legal bases", """PREFIX zwgk: <{ns}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?law ?label (COUNT(?item) AS ?items) WHERE {{
  ?item zwgk:legalBasis ?law .
  ?law skos:prefLabel ?label .
}} GROUP BY ?law ?label ORDER BY DESC(?items) LIMIT 20"""),
    ("没有公开依据的事项 Items without a legal basis", """PREFIX zwgk: <{ns}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?item ?name ?catalogue WHERE {{
  ?item a zwgk:DisclosureItem ; dct:title ?name ; dct:isPartOf ?catalogue .
  MINUS {{ ?item zwgk:legalBasis ?law }}
}} ORDER BY ?catalogue ?name"""),
    ("通过“两微一端”公开的事项 Items published through Weibo/WeChat/app", """PREFIX zwgk: <{ns}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?item ?name WHERE {{
  ?item zwgk:channel <{vocab}concept/channel/two-micro-one-end> ; dct:title ?name .
}} ORDER BY ?name"""),
    ("某机构的全部事项 One agency's items", """PREFIX zwgk: <{ns}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?item ?name ?timeLimit WHERE {{
  ?catalogue dct:publisher <{base}/id/agency/ningbo-yinzhou-ybj> .
  ?item dct:isPartOf ?catalogue ; dct:title ?name .
  OPTIONAL {{ ?item zwgk:timeLimit/<http://www.w3.org/2000/01/rdf-schema#label> ?timeLimit }}
}} ORDER BY ?name"""),
    ("按工作日计算时限的事项 Time limits in working days", """PREFIX zwgk: <{ns}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?name ?days ?trigger WHERE {{
  ?item dct:title ?name ; zwgk:timeLimit ?t .
  ?t zwgk:amount ?days ; zwgk:unit <{vocab}concept/time-unit/working-day> .
  OPTIONAL {{ ?t zwgk:trigger ?trigger }}
}} ORDER BY DESC(?days) ?name"""),
]


def examples(app) -> list[tuple[str, str]]:
    return [(title, q.format(ns=app.uris.ns, base=app.base, vocab=app.uris.vocab)) for title, q in EXAMPLES]


def render(request: Request, template: str, ctx: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
    app = request.app.state.zwgk
    html = TEMPLATES.get_template(template).render(request=request, base=app.base, **ctx)
    return HTMLResponse(html, status_code=status, headers=headers)


CATALOGUES = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?c ?agency ?n WHERE {{ ?c a <{ns}DisclosureCatalogue> ; dct:publisher ?agency ; <{ns}itemCount> ?n }}
ORDER BY ?agency ?c"""


@router.get("/", response_class=HTMLResponse)
async def home(request: Request):
    app = request.app.state.zwgk
    rows = app.store.select(CATALOGUES.format(ns=app.uris.ns))
    catalogues = [{"catalogue": value_of(app, r["c"]), "agency": value_of(app, r["agency"]), "count": r["n"].value}
                  for r in rows]
    total = sum(int(c["count"]) for c in catalogues)
    return render(request, "home.html", {"title": "政务公开目录 知识图谱", "catalogues": catalogues, "total": total,
                                         "examples": examples(app)[:3]})


# -- search ------------------------------------------------------------------------------------------

SEARCH_WAIT = 30.0   # seconds a search request waits for an index still being built, then 503


def wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt:
        return fmt.lower() == "json"
    accept = request.headers.get("accept")
    return bool(accept) and negotiate(accept, ["text/html", "application/json"]) == "application/json"


def facet_filters(request: Request) -> dict[str, list[str]]:
    from .search import FACET_NAMES
    return {name: request.query_params.getlist(name) for name in FACET_NAMES if request.query_params.getlist(name)}


def _quoted(value: str) -> str:
    """A query-string value, as urlencode writes it (quote_plus). Kept: a search's facets link ~140 values, mostly
    the same IRIs from one search to the next, and urlencode was a fifth of a distinct search's time. A long value
    (a query, or a facet value a request made up) is not kept: 65,536 of them could fill the memory."""
    return _quoted_kept(value) if len(value) <= 256 else quote_plus(value)


@functools.lru_cache(maxsize=65536)
def _quoted_kept(value: str) -> str:
    return quote_plus(value)


def facet_links(q: str, filters: dict[str, list[str]], facet) -> list:
    """For each value of `facet`, a function making the link that toggles it: `search_url`, with the parts of the
    query string that do not change made once for the facet (a facet none of whose values is chosen adds one)."""
    if filters.get(facet.name):
        return [lambda v, name=facet.name: search_url(q, filters, (name, v))] * len(facet.values)
    before = [f"q={_quoted(q)}"] + [f"{k}={_quoted(v)}" for k in sorted(filters) if k < facet.name for v in filters[k]]
    after = [f"{k}={_quoted(v)}" for k in sorted(filters) if k > facet.name for v in filters[k]]
    head, tail = "/search?" + "&".join(before) + f"&{facet.name}=", "".join("&" + a for a in after)
    return [lambda v: head + _quoted(v) + tail] * len(facet.values)


def search_url(q: str, filters: dict[str, list[str]], toggle: tuple[str, str] | None = None, page: int = 1) -> str:
    """The search with `toggle` (facet, value) chosen or unchosen, or another page: the same string urlencode
    makes of q, then the facets by name, then the page."""
    chosen = {k: list(v) for k, v in filters.items()}
    if toggle:
        name, value = toggle
        values = chosen.setdefault(name, [])
        values.remove(value) if value in values else values.append(value)
    params = [f"q={_quoted(q)}"] + [f"{k}={_quoted(v)}" for k in sorted(chosen) for v in chosen[k]]
    if page > 1:
        params.append(f"page={page}")
    return "/search?" + "&".join(params)


#: /search's query parameters, as the API documentation shows them. The route reads them itself (no FastAPI
#: parameters: resolving and validating them was a sixth of the time of a search answered from the cache)
SEARCH_PARAMETERS = [
    {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "default": ""},
     "description": "words, all of which must match (synonyms included); a law's number (711) or citation"},
    {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "html"]},
     "description": "instead of the Accept header"},
] + [{"name": name, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
      "style": "form", "explode": True, "description": f"facet filter ({en}); repeat for several values"}
     for name, en in (("kind", "kind"), ("agency", "agency IRI"), ("category", "category label"),
                      ("channel", "channel concept IRI"), ("level", "level concept IRI"),
                      ("law", "legal basis IRI"), ("type", "item type concept IRI"))]


@router.get("/search", summary="Search items, agencies, catalogues, legal bases and concepts; facets; "
                               "HTML, or JSON with Accept: application/json (or format=json)",
            openapi_extra={"parameters": SEARCH_PARAMETERS})
async def search(request: Request):
    import asyncio
    q = request.query_params.get("q", "")
    app = request.app.state.zwgk
    as_json = wants_json(request)
    filters = facet_filters(request)
    size = app.settings.page_size
    page = page_number(request)
    service = app.search
    index = service.get(timeout=0)
    deadline = time.monotonic() + SEARCH_WAIT
    while index is None and time.monotonic() < deadline and not service.error:   # being built: wait, no thread held
        await asyncio.sleep(0.1)
        index = service.get(timeout=0)
    if index is None:
        why = service.error or "the search index is being built"
        msg = f"搜索索引尚未就绪，请稍后再试 / search is not ready yet: {why}"
        if as_json:
            return Response(json.dumps({"error": msg}, ensure_ascii=False), status_code=503,
                            media_type="application/json", headers={"Retry-After": "10", "Vary": "Accept"})
        return render(request, "error.html", {"status": 503, "title": "503", "message": msg}, 503,
                      headers={"Retry-After": "10", "Vary": "Accept"})
    offset = (page - 1) * size
    result = index.cached(q, filters, offset, size)
    if result is None:
        result = await asyncio.get_running_loop().run_in_executor(None, index.search, q, filters, offset, size)
    key = (q, tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items())), page, size, as_json)
    if as_json:   # the same search answers the same bytes until the next build
        body = index.memo(key, lambda: json.dumps(search_answer(app, index, result, q, filters, page, size),
                                                  ensure_ascii=False).encode())
        return Response(body, media_type="application/json", headers={"Vary": "Accept"})
    ctx = index.memo(key, lambda: search_page(app, index, result, q, filters, page, size))
    return render(request, "search.html", ctx, headers={"Vary": "Accept"})


def search_answer(app, index, result, q: str, filters: dict, page: int, size: int) -> dict:
    """A search's results, facets and paging, as the JSON answer and the page show them."""
    pages = max(1, -(-min(result.total, 100_000) // size))
    labels = index.labels(result.labels_needed())
    alternatives = [a for alts in result.words for a in alts]
    hits = [{"kind": h.kind, "iri": h.iri, "title": h.title, "href": href(app, h.iri),
             "snippet": "".join(snippet_any(h.body, alternatives)),
             "catalogue": {"iri": h.catalogue, "label": labels.get(h.catalogue, ""), "href": href(app, h.catalogue)}
             if h.catalogue and h.kind != "catalogue" else None,
             "agency": {"iri": h.agency, "label": labels.get(h.agency, ""), "href": href(app, h.agency)}
             if h.agency and h.kind != "agency" else None,
             "score": h.score} for h in result.hits]
    def facet_list():   # the same on every page of a search: made once (140 links to encode)
        return [{"name": f.name, "label": f.label, "labelEn": f.label_en,
                 "values": [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected,
                             "href": link(v.value)} for v, link in zip(f.values, facet_links(q, filters, f))]}
                for f in result.facets]
    facets = index.memo(("facets", q, tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items()))), facet_list)
    return {"query": q, "words": result.words, "filters": filters, "total": result.total,
            "totalIsLowerBound": result.capped, "page": page, "pageSize": size, "pages": pages,
            "results": hits, "facets": facets}


def search_page(app, index, result, q: str, filters: dict, page: int, size: int) -> dict:
    from .search import KINDS
    answer = search_answer(app, index, result, q, filters, page, size)
    alternatives = [a for alts in result.words for a in alts]
    for h, hit in zip(answer["results"], result.hits):
        h["kind_label"] = KINDS.get(h["kind"], (h["kind"], h["kind"]))[0]
        h["snippet"] = snippet_any(hit.body, alternatives)
    facets = answer["facets"]
    pages = answer["pages"]
    return {"title": f"搜索 {q}" if q else "搜索", "q": q, "total": result.total, "capped": result.capped,
            "results": answer["results"], "facets": facets, "page": page, "pages": pages,
            "chosen": [(f["label"], v["label"], v["href"]) for f in facets for v in f["values"] if v["selected"]],
            "synonyms": [alts for alts in result.words if len(alts) > 1],
            "prev": search_url(q, filters, page=page - 1) if page > 1 else None,
            "next": search_url(q, filters, page=page + 1) if page < pages else None}


def snippet_any(text: str, words: list[str], width: int = 60) -> tuple[str, str, str]:
    """(before, match, after) around the first of `words` found in text (case-insensitive)."""
    low = text.casefold()
    for w in words:
        i = low.find(w)
        if i >= 0 and w:
            return snippet(text, text[i:i + len(w)], width, i)
    return snippet(text, "", width)


def snippet(text: str, q: str, width: int = 60, at: int | None = None) -> tuple[str, str, str]:
    """(before, match, after) around the first occurrence of the query, for highlighting."""
    i = at if at is not None else (text.find(q.strip()) if q.strip() else -1)
    if i < 0 or not q.strip():
        return (text[:width] + ("…" if len(text) > width else ""), "", "")
    start = max(0, i - width // 2)
    end = i + len(q.strip())
    return (("…" if start else "") + text[start:i], text[i:end], text[end:end + width] + ("…" if end + width < len(text) else ""))


# -- coverage ----------------------------------------------------------------------------------------

_DERIVED: dict = {}   # (name, store version) -> data derived from the store for a page; dropped on a new build


def derived(app, name: str, make):
    key = (id(app), name, app.store.version)
    if key not in _DERIVED:
        for k in [k for k in _DERIVED if k[0] == id(app) and k[1] == name]:
            del _DERIVED[k]
        _DERIVED[key] = make()
    return _DERIVED[key]


class _StoreAsOxigraph:
    """zwgk.coverage reads an Oxigraph store (`query`); the server has a GraphStore (`select`)."""

    def __init__(self, store):
        self.store = store

    def query(self, q: str, use_default_graph_as_union: bool = True):
        return self.store.select(q)


def heat_level(n: int, top: int) -> int:
    """0 (none) … 5 (the most items of a type any agency has) for the heatmap's colour classes."""
    if n <= 0:
        return 0
    return 1 + min(4, int(4 * n / max(top, 1)))


@router.get("/coverage", summary="Agency × item-type coverage matrix (HTML, CSV with format=csv, JSON)")
async def coverage(request: Request, missing: str = ""):
    import asyncio
    from ..coverage import coverage_matrix, to_csv
    from .charts import bar_chart, channel_counts
    from markupsafe import Markup
    app = request.app.state.zwgk
    m = await asyncio.get_running_loop().run_in_executor(
        None, lambda: derived(app, "coverage", lambda: coverage_matrix(_StoreAsOxigraph(app.store), app.base)))
    fmt = request.query_params.get("format", "")
    if fmt == "csv":
        return Response(to_csv(m), media_type="text/csv; charset=utf-8")
    types = dict(m.types)
    if missing and missing not in types:
        return render(request, "error.html", {"status": 404, "title": "404",
                                              "message": f"没有这个事项类型 / no item type '{missing}'"}, 404)
    n_types = len(m.types) or 1
    agencies = []
    for a, name in m.agencies:
        covered = len(m.covered(a))
        agencies.append({"iri": a, "href": href(app, a), "name": name, "covered": covered,
                         "percent": round(100 * covered / n_types), "gaps": [(t, types[t]) for t in m.gaps(a)],
                         "cells": [(t, m.counts.get((a, t), 0)) for t, _ in m.types]})
    if wants_json(request) or fmt == "json":
        return Response(json.dumps({
            "types": [{"notation": t, "label": label, "agencies": m.peers_with(t)} for t, label in m.types],
            "agencies": [{"iri": a["iri"], "name": a["name"], "covered": a["covered"], "percent": a["percent"],
                          "gaps": [t for t, _ in a["gaps"]], "counts": dict(a["cells"])} for a in agencies],
            "missing": {missing: [a["iri"] for a in agencies if dict(a["cells"]).get(missing, 0) == 0]} if missing else None,
        }, ensure_ascii=False), media_type="application/json", headers={"Vary": "Accept"})
    top = max(m.counts.values(), default=1)
    for a in agencies:
        a["cells"] = [(t, n, heat_level(n, top), t in {g for g, _ in a["gaps"]}) for t, n in a["cells"]]
    columns = [{"notation": t, "label": label, "peers": m.peers_with(t), "href": f"/coverage?missing={t}#missing"}
               for t, label in m.types]
    missing_list = [a for a in agencies if dict((t, n) for t, n, *_ in a["cells"]).get(missing, 0) == 0] if missing else []
    ranked = sorted(agencies, key=lambda a: (-a["percent"], a["name"]))
    coverage_svg = bar_chart([(a["name"], a["percent"], a["href"]) for a in ranked],
                             "各机构覆盖的事项类型 Item types each agency lists", unit="%", maximum=100)
    channels = await asyncio.get_running_loop().run_in_executor(
        None, lambda: derived(app, "channels", lambda: channel_counts(app)))
    channels_svg = bar_chart(channels, "各公开渠道的事项数 Items per publication channel")
    return render(request, "coverage.html", {
        "title": "公开覆盖 Coverage", "agencies": agencies, "columns": columns, "missing": missing,
        "missing_label": types.get(missing, ""), "missing_list": missing_list, "unreviewed": m.unreviewed,
        "unreviewed_links": [Value(n, href(app, i)) for i, n in m.unreviewed[:50]],
        "coverage_svg": Markup(coverage_svg), "channels_svg": Markup(channels_svg), "n_types": len(m.types)},
        headers={"Vary": "Accept"})


# -- validation --------------------------------------------------------------------------------------

FINDINGS = """PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g ?r ?focus ?severity ?shape ?path ?zh ?en ?value ?title ?catalogue ?source WHERE {
  GRAPH ?g { ?report sh:result ?r . ?r sh:focusNode ?focus ; sh:resultSeverity ?severity .
    OPTIONAL { ?r sh:sourceShape ?shape } OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:value ?value }
    OPTIONAL { ?r sh:resultMessage ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }
    OPTIONAL { ?r sh:resultMessage ?en FILTER(LANGMATCHES(LANG(?en), "en")) } }
  OPTIONAL { ?focus dct:title ?title }
  OPTIONAL { ?focus dct:isPartOf ?catalogue }
  OPTIONAL { ?focus prov:wasDerivedFrom ?source }
}"""
CATALOGUE_PUBLISHERS = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?c ?agency WHERE { ?c dct:publisher ?agency ; dct:identifier ?id . }"""
SEVERITIES = {"Violation": ("违规", 0), "Warning": ("警告", 1), "Info": ("提示", 2)}
SH = "http://www.w3.org/ns/shacl#"


def findings(app) -> list[dict]:
    """Every SHACL finding of the last build, one dict each, with what the page needs to show it."""
    publishers = {r["c"].value: r["agency"].value for r in app.store.select(CATALOGUE_PUBLISHERS)}
    by_id = {c.rsplit("/", 1)[-1]: c for c in publishers}
    out, seen = [], set()
    for r in app.store.select(FINDINGS):
        if r["r"].value in seen:   # a finding with two titles or sources: shown once
            continue
        seen.add(r["r"].value)
        catalogue = r["catalogue"].value if r["catalogue"] else by_id.get(r["g"].value.rsplit("/", 1)[-1], "")
        severity = r["severity"].value.rsplit("#", 1)[-1]
        shape = r["shape"].value if r["shape"] else ""
        focus = r["focus"]
        out.append({
            "id": r["r"].value, "severity": severity, "severity_zh": SEVERITIES.get(severity, (severity, 9))[0],
            "shape": shape, "shape_label": shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if shape else "",
            "path": app.labels.get(r["path"].value) if r["path"] else "",
            "message_zh": r["zh"].value if r["zh"] else "", "message_en": r["en"].value if r["en"] else "",
            "value": r["value"].value if r["value"] is not None else "",
            "focus": focus.value, "focus_title": r["title"].value if r["title"] else app.labels.get(focus.value),
            "focus_href": href(app, focus.value) if isinstance(focus, ox.NamedNode) else None,
            "catalogue": catalogue, "agency": publishers.get(catalogue, ""),
            "source": value_of(app, r["source"]) if r["source"] else None})
    out.sort(key=lambda f: (SEVERITIES.get(f["severity"], ("", 9))[1], f["catalogue"], f["focus_title"], f["shape"],
                            f["id"]))
    return out


@router.get("/validation", summary="Every SHACL finding of the last build, filterable by severity, agency and "
                                   "shape (HTML, or JSON with Accept: application/json)")
async def validation(request: Request, severity: str = "", agency: str = "", shape: str = ""):
    import asyncio
    from collections import Counter
    from urllib.parse import urlencode
    app = request.app.state.zwgk
    every = await asyncio.get_running_loop().run_in_executor(None, lambda: derived(app, "findings",
                                                                                   lambda: findings(app)))
    chosen = {"severity": severity, "agency": agency, "shape": shape}
    shown = [f for f in every if all(not v or f[k] == v for k, v in chosen.items())]

    def url(**change) -> str:
        params = {**chosen, **change}
        return "/validation?" + urlencode({k: v for k, v in params.items() if v})

    def counts(key: str, label) -> list[dict]:
        # counts under the other filters, so each choice says how many findings it leaves
        rest = [f for f in every if all(not v or f[k] == v for k, v in chosen.items() if k != key)]
        c = Counter(f[key] for f in rest)
        return [{"value": v, "label": label(v), "count": n, "selected": v == chosen[key],
                 "href": url(**{key: "" if v == chosen[key] else v})}
                for v, n in sorted(c.items(), key=lambda kv: (-kv[1], label(kv[0])))]

    shape_labels = {f["shape"]: f["shape_label"] for f in every}
    filters = [("severity", "严重程度 Severity", counts("severity", lambda v: f"{SEVERITIES.get(v, (v,))[0]} {v}")),
               ("agency", "机构 Agency", counts("agency", lambda v: app.labels.get(v) if v else "—")),
               ("shape", "规则 Shape", counts("shape", lambda v: shape_labels.get(v) or "—"))]
    if wants_json(request):
        keep = ("severity", "shape", "path", "message_zh", "message_en", "value", "focus", "focus_title",
                "catalogue", "agency")
        return Response(json.dumps({"total": len(every), "shown": len(shown), "filters": chosen,
                                    "findings": [{**{k: f[k] for k in keep},
                                                  "source": f["source"].href if f["source"] else None}
                                                 for f in shown]}, ensure_ascii=False),
                        media_type="application/json", headers={"Vary": "Accept"})
    size = app.settings.page_size
    page = page_number(request)
    pages = max(1, -(-len(shown) // size))
    return render(request, "validation.html", {
        "title": "校验结果 Validation", "total": len(every), "shown": len(shown), "filters": filters,
        "rows": shown[(page - 1) * size: page * size], "page": page, "pages": pages,
        "prev": url() + f"&page={page - 1}" if page > 1 else None,
        "next": url() + f"&page={page + 1}" if page < pages else None,
        "any_filter": any(chosen.values()), "clear": "/validation",
        "agency_labels": {f["agency"]: app.labels.get(f["agency"]) for f in shown[(page - 1) * size: page * size]
                          if f["agency"]}}, headers={"Vary": "Accept"})


# -- SPARQL: the query page, results in HTML, service description --------------------------------------

SD_FORMATS = ["http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
              "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
              "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
              "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML",
              "http://www.w3.org/ns/formats/N-Quads", "http://www.w3.org/ns/formats/TriG"]


def service_description(app) -> list[ox.Triple]:
    SD = "http://www.w3.org/ns/sparql-service-description#"
    RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    N, L = ox.NamedNode, ox.Literal
    svc = N(f"{app.base}/sparql#service")
    ds = N(f"{app.base}/sparql#dataset")
    out = [ox.Triple(svc, N(RDF), N(SD + "Service")),
           ox.Triple(svc, N(SD + "endpoint"), N(f"{app.base}/sparql")),
           ox.Triple(svc, N(SD + "supportedLanguage"), N(SD + "SPARQL11Query")),
           ox.Triple(svc, N(SD + "feature"), N(SD + "UnionDefaultGraph")),
           ox.Triple(svc, N(SD + "feature"), N(SD + "BasicFederatedQuery")) if app.settings.allow_service else None,
           ox.Triple(svc, N(SD + "defaultDataset"), ds),
           ox.Triple(ds, N(RDF), N(SD + "Dataset")),
           ox.Triple(ds, N("http://rdfs.org/ns/void#sparqlEndpoint"), N(f"{app.base}/sparql")),
           ox.Triple(svc, N("http://www.w3.org/2000/01/rdf-schema#seeAlso"), N(f"{app.base}/.well-known/void")),
           ox.Triple(svc, N("http://purl.org/dc/terms/description"),
                     L(f"Read-only. Query timeout {app.settings.query_timeout:g} s; at most {app.settings.max_rows} "
                       "result rows (X-SPARQL-MaxRows announces a cut); SERVICE "
                       f"{'allowed' if app.settings.allow_service else 'disabled'}.", language="en"))]
    out += [ox.Triple(svc, N(SD + "resultFormat"), N(f)) for f in SD_FORMATS]
    graphs = app.store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    for n, r in enumerate(graphs):
        ng = N(f"{app.base}/sparql#graph-{n}")
        out += [ox.Triple(ds, N(SD + "namedGraph"), ng), ox.Triple(ng, N(RDF), N(SD + "NamedGraph")),
                ox.Triple(ng, N(SD + "name"), r["g"])]
    return [t for t in out if t is not None]


async def service_description_or_form(request: Request) -> Response:
    app = request.app.state.zwgk
    media = negotiate(request.headers.get("accept"), ["text/html", *RDF_TYPES])
    if media is None:
        return Response("406 Not Acceptable\n", status_code=406, media_type="text/plain", headers={"Vary": "Accept"})
    if media == "text/html":
        ex = examples(app)
        pick = request.query_params.get("example")
        query = ex[int(pick)][1] if pick and pick.isascii() and pick.isdigit() and int(pick) < len(ex) else ex[0][1]
        return render(request, "sparql.html", {"title": "SPARQL 查询", "query": query, "examples": ex,
                                               "answer": None}, headers={"Vary": "Accept"})
    from .resources import serialize
    return Response(serialize(app, service_description(app), media), media_type=media, headers={"Vary": "Accept"})


def render_results(request: Request, query: str, answer: QueryAnswer) -> HTMLResponse:
    """A query's results as an HTML table, every IRI shown by its label and linked."""
    app = request.app.state.zwgk
    ctx = {"title": "SPARQL 查询结果", "query": query, "examples": examples(app), "answer": answer,
           "max_rows": app.settings.max_rows}
    if answer.kind == "select":
        data = json.loads(answer.body)
        ctx["vars"] = data["head"]["vars"]
        ctx["rows"] = [[cell(app, b.get(v)) for v in ctx["vars"]] for b in data["results"]["bindings"]]
        ctx["chart"] = results_chart(ctx["vars"], data["results"]["bindings"], ctx["rows"])
    elif answer.kind == "ask":
        ctx["boolean"] = json.loads(answer.body)["boolean"]
    else:
        ctx["turtle"] = answer.body.decode()
    return render(request, "sparql.html", ctx, headers={"Vary": "Accept"})


_POSITION = re.compile(r"\bat (\d+):(\d+)\b")


def query_error(query: str, error: str) -> dict:
    """A query's error for people: Chinese and English, the line and column, the line itself with a caret."""
    m = _POSITION.search(error)
    out = {"en": error, "line": None, "column": None, "excerpt": None}
    if error.startswith("syntax error") or m:
        if m:
            line, column = int(m.group(1)), int(m.group(2))
            lines = query.split("\n")
            out.update(line=line, column=column)
            if 1 <= line <= len(lines):
                text = lines[line - 1]
                out["excerpt"] = {"number": line, "text": text, "caret": " " * max(0, min(column - 1, len(text))) + "^"}
            out["zh"] = f"查询有语法错误：第 {line} 行第 {column} 列附近。"
        else:
            out["zh"] = "查询有语法错误。"
        if "Prefix not found" in error:
            out["zh"] += "使用了未声明的前缀：请用 PREFIX 声明，或写完整的 IRI。"
        elif "expected" in error:
            out["zh"] += "此处应为：" + error.split("expected", 1)[1].strip().removeprefix("one of").strip()
    else:
        out["zh"] = "查询未能运行：" + error
    return out


def render_query_error(request: Request, query: str, error: str) -> HTMLResponse:
    """The query page again after a failed query: the query kept in the editor, the error in place."""
    app = request.app.state.zwgk
    return render(request, "sparql.html", {"title": "SPARQL 查询：语法错误", "query": query, "examples": examples(app),
                                           "answer": None, "error": query_error(query, error)}, 400,
                  headers={"Vary": "Accept"})


NUMERIC = ("integer", "decimal", "double", "float", "long", "int", "short", "nonNegativeInteger")


def results_chart(variables: list[str], bindings: list[dict], rows: list[list[Value]]):
    """A bar chart of a SELECT's results when they are counts: one numeric column, a label column, 2–60 rows."""
    from markupsafe import Markup
    from .charts import bar_chart
    if not 2 <= len(bindings) <= 60:
        return None
    numeric = [v for v in variables if all((b.get(v) or {}).get("datatype", "").rsplit("#", 1)[-1] in NUMERIC
                                           for b in bindings)]
    labels = [i for i, v in enumerate(variables) if v not in numeric]
    if len(numeric) != 1 or not labels:
        return None
    col = variables.index(numeric[0])
    # the label: the first column that has text other than an IRI, else the first one
    pick = next((i for i in labels if all(r[i].href is None for r in rows)), labels[0])
    try:
        data = [(rows[n][pick].text, float(b[numeric[0]]["value"]), rows[n][pick].href) for n, b in enumerate(bindings)]
    except (KeyError, ValueError):
        return None
    return Markup(bar_chart(data, f"?{numeric[0]} / ?{variables[pick]}"))


def cell(app, binding: dict | None) -> Value:
    if binding is None:
        return Value("")
    if binding["type"] == "uri":
        return Value(app.labels.get(binding["value"]), href(app, binding["value"]), binding["value"])
    lang = binding.get("xml:lang") or ""
    return Value(binding["value"], None, None if lang.startswith("zh") else lang or None)


# -- errors ------------------------------------------------------------------------------------------

def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # HTML only for clients that ask for it (a browser); scripts without Accept get plain text
        accept = request.headers.get("accept")
        wants_html = bool(accept) and negotiate(accept, ["text/plain", "text/html"]) == "text/html"
        if wants_html and exc.status_code in (404, 405):
            return render(request, "error.html", {"status": exc.status_code, "title": f"{exc.status_code}",
                                                  "message": str(exc.detail)}, exc.status_code,
                          headers=getattr(exc, "headers", None))
        return Response(f"{exc.status_code} {exc.detail}\n", status_code=exc.status_code,
                        media_type="text/plain; charset=utf-8", headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return Response(f"400 bad request: {exc.errors()}\n", status_code=400, media_type="text/plain; charset=utf-8")
