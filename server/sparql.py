"""The SPARQL 1.1 Protocol endpoint (query side), read-only.

GET ?query=, POST application/x-www-form-urlencoded, POST application/sparql-query; default-graph-uri /
named-graph-uri; results negotiated by Accept (q-values) or `format=`; errors as the protocol says (400 for
a syntax error, a missing or doubled query, a wrong media type; updates refused). Queries run in worker
processes with a hard deadline (zwgk.server.sandbox); results are capped and the cap is announced.
"""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .conneg import DATASET_TYPES, RDF_TYPES, negotiate
from .results import SELECT_TYPES
from .querytext import is_update, query_kind, strip_strings_and_iris, uses_service
from .sandbox import QueryJob, QueryTimeout

router = APIRouter()

SELECT_OFFERS = list(SELECT_TYPES) + ["text/html"]
GRAPH_OFFERS = list(RDF_TYPES) + list(DATASET_TYPES) + ["text/html"]
FORMAT_PARAM = {  # `format=` values browsers and scripts use (a full media type works too)
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "html": "text/html", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "json-ld": "application/ld+json", "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml", "n3": "text/turtle", "n-triples": "application/n-triples",
    "nq": "application/n-quads", "nquads": "application/n-quads", "n-quads": "application/n-quads",
    "trig": "application/trig",
}
GRAPH_FORMAT_PARAM = {"json": "application/ld+json", "xml": "application/rdf+xml"}  # for CONSTRUCT/DESCRIBE
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def content_type(request: Request) -> tuple[str, str | None]:
    """(media type, charset) of the request body."""
    mt, *params = [p.strip() for p in request.headers.get("content-type", "").split(";")]
    charset = None
    for p in params:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return mt.lower(), charset


async def read_protocol_request(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """(parameters, query-from-body) per the protocol's three request forms."""
    params = list(parse_qsl(request.url.query, keep_blank_values=True))
    if request.method == "POST":
        ctype, charset = content_type(request)
        if charset not in (None, "utf-8", "utf8", "us-ascii"):
            raise ProtocolError(400, f"the request body must be UTF-8 (charset={charset} was given)")
        raw = await request.body()
        try:
            text = raw.decode("utf-8-sig")   # a UTF-8 byte-order mark (Windows editors write one) is dropped
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
            return params, None
        if ctype == "application/sparql-query":
            return params, text
        if ctype == "application/sparql-update":
            raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
        raise ProtocolError(415 if ctype else 400,
                            f"unsupported Content-Type '{ctype or '(none)'}': use application/x-www-form-urlencoded "
                            "or application/sparql-query")
    return params, None


def choose_media_type(request: Request, params: list[tuple[str, str]], kind: str) -> str | None:
    """The result media type: `format=` (a short name or a media type) if given, else Accept."""
    offers = SELECT_OFFERS if kind in ("select", "ask") else GRAPH_OFFERS
    fmt = [v.strip().lower() for k, v in params if k in ("format", "output", "_format") and v.strip()]
    if fmt:
        mt = (GRAPH_FORMAT_PARAM.get(fmt[-1]) if kind == "graph" else None) or FORMAT_PARAM.get(fmt[-1], fmt[-1])
        return negotiate(mt, offers) if "/" in mt and "*" not in mt else None
    return negotiate(request.headers.get("accept"), offers)


class ClientGone(Exception):
    pass


async def run_while_connected(request: Request, app, job: QueryJob):
    """app.run_query(job), stopped as soon as the client disconnects: an abandoned query (a closed browser tab,
    a client that timed out and retries) must not hold a query worker until the deadline. (The request body is
    read by now, so the next ASGI message can only be the disconnect.)"""
    async def disconnected():
        try:
            while (await request.receive())["type"] != "http.disconnect":
                pass
        except Exception:  # cannot watch this connection: let the query run to its deadline
            await asyncio.Event().wait()

    query = asyncio.ensure_future(app.run_query(job))
    gone = asyncio.ensure_future(disconnected())
    try:
        done, _ = await asyncio.wait({query, gone}, return_when=asyncio.FIRST_COMPLETED)
        if query in done:
            return query.result()
        raise ClientGone
    finally:
        gone.cancel()
        query.cancel()   # a no-op when it is done; else the worker is killed and replaced (sandbox.QueryWorkers.run)


def protocol_error(status: int, message: str) -> Response:
    return Response(f"{message}\n", status_code=status, media_type="text/plain; charset=utf-8")


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH", "OPTIONS"], include_in_schema=False)
@router.api_route("/sparql/", methods=["PUT", "DELETE", "PATCH", "OPTIONS"], include_in_schema=False)
async def other_methods(request: Request):
    """The protocol has GET and POST only (HEAD and OPTIONS as HTTP gives them); CORS preflights never get here."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})
    return Response(f"{request.method} is not allowed on the SPARQL endpoint: it is read-only and the SPARQL 1.1 "
                    "Protocol sends queries with GET or POST\n", status_code=405,
                    media_type="text/plain; charset=utf-8", headers={"Allow": ALLOWED_METHODS})


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"])
@router.api_route("/sparql/", methods=["GET", "HEAD", "POST"], include_in_schema=False)
async def sparql(request: Request):
    app = request.app.state.zwgk
    try:
        params, body_query = await read_protocol_request(request)
    except ProtocolError as e:
        return protocol_error(e.status, e.message)
    queries = [v for k, v in params if k == "query"]
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        return protocol_error(400, "this endpoint is read-only: SPARQL Update is not accepted")
    if body_query is not None:
        if queries:
            return protocol_error(400, "the query is given twice: in the body and as a 'query' parameter")
        queries = [body_query]
    if len(queries) > 1:
        return protocol_error(400, "more than one 'query' parameter")
    if not queries:
        if request.method == "POST":
            return protocol_error(400, "no query: send it as the 'query' form parameter (application/x-www-form-"
                                       "urlencoded) or as the body (application/sparql-query)")
        from .pages import service_description_or_form
        return await service_description_or_form(request)
    query = queries[0]
    if not query.strip():
        return protocol_error(400, "the query is empty")
    stripped = strip_strings_and_iris(query)
    if is_update(query, stripped):
        return protocol_error(400, "this endpoint is read-only: SPARQL Update is not accepted on the query endpoint")
    if uses_service(query, stripped) and not app.settings.allow_service:
        return protocol_error(400, "SERVICE (federated query) is disabled on this endpoint: it would let a query "
                                   "make the server fetch arbitrary URLs")
    kind = query_kind(query, stripped)
    media = choose_media_type(request, params, kind)
    if media is None:
        return protocol_error(406, f"cannot serve this {kind} query in any of the requested media types; "
                                   f"available: {', '.join(SELECT_OFFERS if kind != 'graph' else GRAPH_OFFERS)}")
    html = media == "text/html"
    default_graphs = [v for k, v in params if k == "default-graph-uri"] or None
    named_graphs = [v for k, v in params if k == "named-graph-uri"] or None
    job = QueryJob(query=query, media_type=("application/sparql-results+json" if kind != "graph" else "text/turtle")
                   if html else media, default_graphs=default_graphs, named_graphs=named_graphs,
                   max_rows=app.settings.max_rows, prefixes=app.prefixes,
                   base_iri=f"{app.base}/sparql")  # relative IRIs resolve against the endpoint, as the protocol allows
    try:
        answer = await run_while_connected(request, app, job)
    except QueryTimeout as e:
        return protocol_error(503, f"{e}. Make the query more selective, or add LIMIT.")
    except ClientGone:
        return protocol_error(503, "the client went away; the query was stopped")
    if not answer.ok:
        if html:   # the query page again, the query kept, the error shown in place (zh + en)
            from .pages import render_query_error
            return render_query_error(request, query, answer.error)
        return protocol_error(400, f"the query was not run: {answer.error}")
    if html:
        from .pages import render_results
        return render_results(request, query, answer)
    headers = {"Vary": "Accept", "X-ZWGK-Query-Seconds": f"{answer.seconds:.3f}"}
    if answer.truncated:
        headers["X-SPARQL-MaxRows"] = str(app.settings.max_rows)
        headers["Warning"] = f'199 zwgk "result truncated to the first {app.settings.max_rows} rows; use LIMIT/OFFSET to page"'
    ctype = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") or "json" in answer.media_type else "")
    return Response(answer.body, media_type=ctype, headers=headers)
