"""Pages that are not a single resource: home, search, the SPARQL query page and its results, errors,
and the SPARQL service description."""
from __future__ import annotations

import json
from pathlib import Path

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
  ?item zwgk:channel <{base}/id/concept/channel/two-micro-one-end> ; dct:title ?name .
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
  ?t zwgk:amount ?days ; zwgk:unit <{base}/id/concept/time-unit/working-day> .
  OPTIONAL {{ ?t zwgk:trigger ?trigger }}
}} ORDER BY DESC(?days) ?name"""),
]


def examples(app) -> list[tuple[str, str]]:
    ns = f"{app.base}/def/zwgk#"
    return [(title, q.format(ns=ns, base=app.base)) for title, q in EXAMPLES]


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
    rows = app.store.select(CATALOGUES.format(ns=f"{app.base}/def/zwgk#"))
    catalogues = [{"catalogue": value_of(app, r["c"]), "agency": value_of(app, r["agency"]), "count": r["n"].value}
                  for r in rows]
    total = sum(int(c["count"]) for c in catalogues)
    return render(request, "home.html", {"title": "政务公开目录 知识图谱", "catalogues": catalogues, "total": total,
                                         "examples": examples(app)[:3]})


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: str = ""):
    app = request.app.state.zwgk
    hits = app.search.search(q) if q.strip() else []
    size = app.settings.page_size
    page = page_number(request)
    shown = hits[(page - 1) * size: page * size]
    results = [{"item": Value(h.name, href(app, h.iri)), "catalogue": value_of(app, ox.NamedNode(h.catalogue))
                if h.catalogue else Value(""), "snippet": snippet(h.content, q)} for h in shown]
    return render(request, "search.html", {"title": f"搜索 {q}" if q else "搜索", "q": q, "total": len(hits),
                                           "results": results, "page": page, "pages": max(1, -(-len(hits) // size))})


def snippet(text: str, q: str, width: int = 60) -> tuple[str, str, str]:
    """(before, match, after) around the first occurrence of the query, for highlighting."""
    i = text.find(q.strip()) if q.strip() else -1
    if i < 0:
        return (text[:width] + ("…" if len(text) > width else ""), "", "")
    start = max(0, i - width // 2)
    end = i + len(q.strip())
    return (("…" if start else "") + text[start:i], text[i:end], text[end:end + width] + ("…" if end + width < len(text) else ""))


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
        query = ex[int(pick)][1] if pick and pick.isdigit() and int(pick) < len(ex) else ex[0][1]
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
    elif answer.kind == "ask":
        ctx["boolean"] = json.loads(answer.body)["boolean"]
    else:
        ctx["turtle"] = answer.body.decode()
    return render(request, "sparql.html", ctx, headers={"Vary": "Accept"})


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
