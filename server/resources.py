"""Resolvable URIs: /id/…, /vocab/… (the vocabulary: {vocab}X is served at /vocab/X), /source/… with content
negotiation. The vocabulary's documents /vocab/def/zwgk (the ontology) and /vocab/def/shapes (the SHACL
shapes) are served whole; the paths of earlier releases (/def/zwgk, /id/concept/{code list}/…) redirect.

Policy (the same for every URI): 200 with the representation the client's Accept prefers (q-values
honoured), `Vary: Accept`, `Content-Location` naming the format-specific document, `Link` to every
alternate. Appending .ttl .nt .jsonld .rdf .html selects a format directly. 406 for a type we cannot
serve; 404 (HTML or RDF, as asked) for an unknown URI; ETag/Last-Modified with 304 on conditional GET.
"""
from __future__ import annotations

import json
from urllib.parse import quote
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from ..config import PROJECT_DIR
from . import views
from .conneg import EXTENSIONS, RDF_TYPES, negotiate
from .jsonld import compact, context
from .results import XML_INVALID

router = APIRouter()
RESOURCE_OFFERS = ["text/html", *RDF_TYPES]
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def split_extension(path: str) -> tuple[str, str | None]:
    for ext, mt in EXTENSIONS.items():
        if path.endswith("." + ext) and mt in RESOURCE_OFFERS:
            return path[: -len(ext) - 1], mt
    return path, None


def concise_description(store, iri: str) -> list[ox.Triple]:
    """The resource's own triples, those of its hash-IRI parts ({iri}#time-limit …), and the labels of
    everything they link to, so a client can render it without a second request."""
    triples = store.describe([iri])
    parts: set[str] = set()
    frontier = triples
    while frontier:  # parts of parts too (#contact → #address)
        new = sorted({t.object.value for t in frontier if isinstance(t.object, ox.NamedNode)
                      and t.object.value.startswith(iri + "#")} - parts)
        parts.update(new)
        frontier = store.describe(new) if new else []
        triples = triples + frontier
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} - {iri, *parts}
    seen = set(triples)
    for t in store.label_triples(sorted(linked), (RDFS_LABEL, SKOS_PREF)) if linked else []:  # labels only
        if t not in seen:
            seen.add(t)
            triples.append(t)
    return triples


def not_modified(request: Request, etag: str, modified) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def doc_url(path: str, media: str) -> str:
    return f"{path}.{RDF_TYPES[media][1]}" if media in RDF_TYPES else f"{path}.html"


def caching_headers(app, path: str, media: str) -> dict:
    path = quote(path, safe="/:@!$&'()*+,;=-._~")  # header values are ASCII: percent-encode the IRI path
    links = ", ".join(f'<{doc_url(path, mt)}>; rel="alternate"; type="{mt}"' for mt in RESOURCE_OFFERS)
    return {"ETag": f'W/"{app.store.version}-{doc_url("", media).lstrip(".")}"',
            "Last-Modified": format_datetime(app.store.modified, usegmt=True),
            "Vary": "Accept", "Content-Location": doc_url(path, media), "Link": links,
            "Cache-Control": "public, max-age=60"}


def serialize(app, triples: list[ox.Triple], media: str) -> bytes:
    if media == "application/ld+json":
        return json.dumps(compact(triples, app.uris.ns, f"{app.base}/context.jsonld"),
                          ensure_ascii=False, indent=1).encode()
    fmt = getattr(ox.RdfFormat, RDF_TYPES[media][0])
    kw = {"prefixes": app.prefixes} if media == "text/turtle" else {}
    body = ox.serialize(triples, format=fmt, **kw)
    if media == "application/rdf+xml":  # XML 1.0 cannot carry some control characters: U+FFFD, as results.py
        body = XML_INVALID.sub("\ufffd", body.decode("utf-8")).encode("utf-8")
    return body


def not_found(request: Request, app, iri: str, media: str | None) -> Response:
    if media in RDF_TYPES:
        body = serialize(app, [], media) if media != "application/ld+json" else b'{"@graph": []}'
        return Response(body, status_code=404, media_type=media, headers={"Vary": "Accept"})
    from .pages import render
    return render(request, "error.html", {"status": 404, "title": "未找到 Not found",
                                          "message": f"没有这个资源 / no resource with this URI: {iri}"}, 404)


def negotiate_or_406(request: Request, forced: str | None) -> str | None:
    if forced:
        return forced
    return negotiate(request.headers.get("accept"), RESOURCE_OFFERS)


async def serve_resource(request: Request, path: str) -> Response:
    """A resource's representation, from the page cache when this build already rendered it."""
    app = request.app.state.zwgk
    key = (path, request.url.query, request.headers.get("accept", ""), app.store.version)
    hit = app.pages.get(key)
    if hit is not None:
        status, body, media, headers = hit
        if status == 200 and not_modified(request, headers["etag"], app.store.modified):
            return Response(status_code=304, headers=headers)
        return Response(body, status_code=status, media_type=media, headers=headers)
    response = await render_resource(request, path)
    if response.status_code == 200 and len(response.body) <= 256 * 1024 and app.settings.page_cache:
        kept = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        app.pages[key] = (200, response.body, response.headers["content-type"], kept)
        while len(app.pages) > app.settings.page_cache:
            app.pages.popitem(last=False)
    return response


async def render_resource(request: Request, path: str) -> Response:
    app = request.app.state.zwgk
    doc_path, forced = split_extension(path)
    iri = app.uris.iri_at(doc_path)
    triples = concise_description(app.store, iri)
    if not triples and forced is None:
        iri, doc_path = app.uris.iri_at(path), path
    media = negotiate_or_406(request, forced)
    if not triples:
        return not_found(request, app, iri, media if media else "text/html")
    if media is None:
        return Response("406 Not Acceptable: available types are " + ", ".join(RESOURCE_OFFERS) + "\n",
                        status_code=406, media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
    headers = caching_headers(app, doc_path, media)
    if not_modified(request, headers["ETag"], app.store.modified):
        return Response(status_code=304, headers=headers)
    if media == "text/html":
        return views.render_resource(request, iri, triples, headers)
    return Response(serialize(app, triples, media), media_type=media_with_charset(media), headers=headers)


def media_with_charset(media: str) -> str:
    return media + "; charset=utf-8" if media.startswith("text/") or media.endswith("json") else media


#: code lists that are the deployment's own (per catalogue), under /id/concept/; every other /id/concept/…
#: path is a shared code list of an earlier release, now in the vocabulary
OWN_SCHEMES = ("category", "uncontrolled")


def moved(request: Request, path: str) -> Response:
    """A permanent redirect to where the vocabulary is served now (paths of releases before /vocab/)."""
    query = request.url.query
    return RedirectResponse(quote(path, safe="/:@!$&'()*+,;=-._~") + (f"?{query}" if query else ""), status_code=301)


@router.get("/id/{path:path}")
async def identified(request: Request, path: str):
    scope_path = request.scope["path"]
    if scope_path == "/id/concept" or (scope_path.startswith("/id/concept/")
                                       and scope_path.split("/")[3] not in OWN_SCHEMES):
        return moved(request, "/vocab/concept" + scope_path[len("/id/concept"):])
    return await serve_resource(request, scope_path)


@router.get("/def/{path:path}")
async def old_vocabulary(request: Request, path: str):
    return moved(request, "/vocab" + request.scope["path"])


@router.get("/vocab/{path:path}")
async def vocabulary(request: Request, path: str):
    """A term of the vocabulary ({vocab}X at /vocab/X): the ontology and the shapes as whole documents,
    a code list or concept as any resource."""
    doc_path, _ = split_extension(request.scope["path"])
    app = request.app.state.zwgk
    if doc_path in (app.uris.local_path(app.uris.ontology), app.uris.local_path(app.uris.shapes_graph)):
        return await ontology(request)
    return await serve_resource(request, request.scope["path"])


async def ontology(request: Request):
    """The ontology (or the shapes): its terms as RDF (the whole graph), or human-readable documentation."""
    app = request.app.state.zwgk
    path = request.scope["path"]
    doc_path, forced = split_extension(path)
    media = negotiate_or_406(request, forced)
    if media is None:
        return Response("406 Not Acceptable\n", status_code=406, media_type="text/plain", headers={"Vary": "Accept"})
    headers = caching_headers(app, doc_path, media)
    if not_modified(request, headers["ETag"], app.store.modified):
        return Response(status_code=304, headers=headers)
    shapes = doc_path == app.uris.local_path(app.uris.shapes_graph)
    triples = views.shapes_triples(app) if shapes else views.ontology_triples(app)
    if media == "text/html":
        return views.render_ontology(request, triples, headers, shapes=shapes)
    return Response(serialize(app, triples, media), media_type=media_with_charset(media), headers=headers)


@router.get("/context.jsonld")
async def jsonld_context(request: Request):
    app = request.app.state.zwgk
    return Response(json.dumps(context(app.uris.ns), ensure_ascii=False, indent=1),
                    media_type="application/ld+json", headers={"Cache-Control": "public, max-age=3600"})


def source_dirs(app) -> dict[str, Path]:
    """The folders the build read (from its manifest); the project's own folders otherwise."""
    manifest = Path(app.settings.dumps) / "manifest.json"
    sources = json.loads(manifest.read_text(encoding="utf-8")).get("sources", {}) if manifest.exists() else {}
    return {"catalogues": Path(sources.get("catalogues", PROJECT_DIR / "catalogues")),
            "mappings": Path(sources.get("mappings", PROJECT_DIR / "mappings" / "catalogues"))}



@router.get("/source/{path:path}")
async def source_file(request: Request, path: str):
    """The source files items were read from (catalogue text, mapping files), with line anchors in HTML."""
    app = request.app.state.zwgk
    top, _, rest = path.partition("/")
    root = source_dirs(app).get(top)
    target = (root / rest).resolve() if root and rest else None
    if target is None or not target.is_file() or root.resolve() not in target.parents:
        return not_found(request, app, app.base + "/source/" + path, "text/html")
    binary = ORIGINAL_TYPES.get(target.suffix.lower())
    if binary:
        # the agency's original file, as it is: PDF, Word, Excel, or its web page. A web page is served
        # sandboxed (no script runs, no same-origin access) and marked as an attachment, never as ours.
        headers = {"Content-Disposition": f"inline; filename*=UTF-8''{quote(target.name)}",
                   "X-Content-Type-Options": "nosniff"}
        if target.suffix.lower() in (".html", ".htm", ".shtml", ".xhtml"):
            headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'none'; style-src 'unsafe-inline'"
            headers["Content-Disposition"] = headers["Content-Disposition"].replace("inline", "attachment")
        return FileResponse(target, media_type=binary, headers=headers)
    text, encoding = source_text(target)
    media = negotiate(request.headers.get("accept"), ["text/html", "text/plain"])
    if media == "text/html":
        return views.render_source(request, path, text)
    return Response(text.encode("utf-8"), media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})


#: originals served as they are, by suffix (text files are shown with line anchors instead)
ORIGINAL_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".doc": "application/msword",
    ".rtf": "application/rtf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".xhtml": "text/html",
}


def source_text(target: Path) -> tuple[str, str]:
    """A text source decoded as the build decoded it (UTF-8, UTF-16, GB18030 … detected)."""
    from ..mappings.readers.base import ReadError, read_text_with_encoding
    try:
        return read_text_with_encoding(target)
    except ReadError:
        return target.read_text(encoding="utf-8", errors="replace"), "utf-8"
