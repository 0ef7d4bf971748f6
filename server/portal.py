"""Dumps for open-data portals: the files of `zwgk build`, their DCAT(-AP 3) description at /catalog, and
the VoID description at /.well-known/void.

The DCAT record is built from var/dumps/manifest.json (sizes, SHA-256, triple counts), so it always
describes the files actually served. Every IRI it points to carries its class, as DCAT-AP's range shapes
require (a harvester can validate it without fetching anything).
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from .conneg import RDF_TYPES, negotiate
from .http import accepts_gzip

router = APIRouter()

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT, DCAT, FOAF = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://xmlns.com/foaf/0.1/"
SPDX, VOID, SKOS = "http://spdx.org/rdf/terms#", "http://rdfs.org/ns/void#", "http://www.w3.org/2004/02/skos/core#"
IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE = "http://publications.europa.eu/resource/authority/file-type/"
LICENCE = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
LANG_ZH = "http://publications.europa.eu/resource/authority/language/ZHO"
THEME_GOV = "http://publications.europa.eu/resource/authority/data-theme/GOVE"

# dump file suffix → (media type, EU file type, compression)
FILE_KINDS = {
    ".ttl.gz": ("text/turtle", "RDF_TURTLE", "application/gzip"),
    ".jsonld.gz": ("application/ld+json", "JSON_LD", "application/gzip"),
    ".ttl": ("text/turtle", "RDF_TURTLE", None),
    ".nt.gz": ("application/n-triples", "RDF_N_TRIPLES", "application/gzip"),
    ".nq.gz": ("application/n-quads", "RDF_N_QUADS", "application/gzip"),
    ".jsonld": ("application/ld+json", "JSON_LD", None),
    ".csv": ("text/csv", "CSV", None),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", None),
}


def kind_of(path: str):
    for suffix, kind in FILE_KINDS.items():
        if path.endswith(suffix):
            return kind
    return None


def manifest(app) -> dict:
    p = Path(app.settings.dumps) / "manifest.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {"files": [], "catalogues": []}


class _G:
    def __init__(self):
        self.triples: list[ox.Triple] = []

    def add(self, s, p, o):
        if o is None:
            return
        s = ox.NamedNode(s) if isinstance(s, str) else s
        o = ox.NamedNode(o) if isinstance(o, str) else o
        self.triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def typed(self, iri: str, *classes: str):
        for c in classes:
            self.add(iri, RDF + "type", c)


def lit(v, lang=None, dt=None):
    return ox.Literal(str(v), language=lang) if lang else ox.Literal(str(v), datatype=ox.NamedNode(XSD + dt)) if dt \
        else ox.Literal(str(v))


def dcat_description(app) -> list[ox.Triple]:
    m = manifest(app)
    b = app.base
    g = _G()
    modified = m.get("built") or datetime.now(timezone.utc).isoformat(timespec="seconds")
    cat, publisher, service = f"{b}/catalog", f"{b}/#publisher", f"{b}/sparql#service"
    g.typed(cat, DCAT + "Catalog")
    g.add(cat, DCT + "title", lit("zwgk 政务公开目录数据", "zh"))
    g.add(cat, DCT + "title", lit("zwgk: government information-disclosure catalogues as linked data", "en"))
    g.add(cat, DCT + "description", lit("各机构政府信息公开目录的关联数据：事项、公开依据、时限、渠道等。", "zh"))
    g.add(cat, DCT + "description", lit("Linked data from Chinese agencies' information-disclosure catalogues.", "en"))
    g.add(cat, DCT + "publisher", publisher)
    g.add(cat, DCT + "modified", lit(modified, dt="dateTime"))
    g.add(cat, DCT + "language", LANG_ZH)
    g.add(cat, DCT + "license", LICENCE)
    g.add(cat, FOAF + "homepage", f"{b}/")
    g.add(cat, DCAT + "service", service)
    g.typed(publisher, FOAF + "Agent")
    g.add(publisher, FOAF + "name", lit("zwgk", None))
    g.typed(LANG_ZH, DCT + "LinguisticSystem")
    g.typed(LICENCE, DCT + "LicenseDocument")
    g.typed(f"{b}/", FOAF + "Document")
    g.typed(THEME_GOV, SKOS + "Concept")
    g.add(THEME_GOV, SKOS + "prefLabel", lit("Government and public sector", "en"))

    datasets = {None: (f"{b}/dataset/zwgk", "全部目录 All catalogues", "zwgk: every catalogue", f"{b}/")}
    for c in m.get("catalogues", []):
        datasets[c["id"]] = (f"{b}/dataset/{c['id']}", c.get("title") or c["id"], f"Catalogue {c['id']} ({c['items']} items)",
                             f"{b}/id/catalogue/{c['id']}")
    for key, (ds, title_zh, title_en, landing) in datasets.items():
        g.typed(ds, DCAT + "Dataset")
        g.add(cat, DCAT + "dataset", ds)
        g.add(ds, DCT + "title", lit(title_zh, "zh"))
        g.add(ds, DCT + "title", lit(title_en, "en"))
        g.add(ds, DCT + "description", lit(f"{title_zh}：政务公开事项的 RDF 与 CSV 数据。", "zh"))
        g.add(ds, DCT + "identifier", lit(key or "zwgk"))
        g.add(ds, DCT + "publisher", publisher)
        g.add(ds, DCT + "modified", lit(modified, dt="dateTime"))
        g.add(ds, DCT + "language", LANG_ZH)
        g.add(ds, DCAT + "theme", THEME_GOV)
        g.add(ds, DCAT + "landingPage", landing)
        g.typed(landing, FOAF + "Document")
        for kw in ("政务公开", "政府信息公开目录", "linked data"):
            g.add(ds, DCAT + "keyword", lit(kw, "zh" if not kw.isascii() else "en"))
        g.add(service, DCAT + "servesDataset", ds)
    from .views import originals
    for cid, (ds, *_) in datasets.items():             # the agency's own publication of a catalogue
        original = originals(app).get(app.uris.catalogue(cid)) if cid else None
        if original:
            g.add(ds, FOAF + "page", original["url"])
            g.typed(original["url"], FOAF + "Document")
    for f in m.get("files", []):
        kind = kind_of(f["path"])
        if not kind or f.get("catalogue", None) not in datasets:
            continue
        media, eu_type, compression = kind
        url = f"{b}/dumps/{f['path']}"
        dist = f"{url}#distribution"
        g.typed(dist, DCAT + "Distribution")
        g.add(datasets[f.get("catalogue")][0], DCAT + "distribution", dist)
        g.add(dist, DCT + "title", lit(f["path"]))
        g.add(dist, DCAT + "accessURL", url)
        g.add(dist, DCAT + "downloadURL", url)
        g.add(dist, DCAT + "mediaType", IANA + media)
        g.typed(IANA + media, DCT + "MediaType")
        g.add(dist, DCT + "format", EU_FILE + eu_type)
        g.typed(EU_FILE + eu_type, DCT + "MediaTypeOrExtent")
        if compression:
            g.add(dist, DCAT + "compressFormat", IANA + compression)
            g.typed(IANA + compression, DCT + "MediaType")
        g.add(dist, DCAT + "byteSize", lit(f["bytes"], dt="nonNegativeInteger"))
        g.add(dist, DCT + "modified", lit(modified, dt="dateTime"))
        g.add(dist, DCT + "license", LICENCE)
        checksum = f"{url}#checksum"
        g.add(dist, SPDX + "checksum", checksum)
        g.typed(checksum, SPDX + "Checksum")
        g.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        g.add(checksum, SPDX + "checksumValue", lit(f["sha256"], dt="hexBinary"))
    g.typed(service, DCAT + "DataService")
    g.add(service, DCT + "title", lit("zwgk SPARQL 1.1 查询服务", "zh"))
    g.add(service, DCT + "title", lit("zwgk SPARQL 1.1 endpoint", "en"))
    g.add(service, DCAT + "endpointURL", f"{b}/sparql")
    g.add(service, DCAT + "endpointDescription", f"{b}/sparql")
    g.add(service, DCT + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    g.typed("https://www.w3.org/TR/sparql11-protocol/", DCT + "Standard")
    g.add(service, DCT + "license", LICENCE)
    return g.triples


VOID_STATS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?entities) (COUNT(DISTINCT ?p) AS ?properties)
WHERE { ?s ?p ?o }"""
VOID_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
VOID_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
EXAMPLE = "SELECT ?i WHERE { ?i a ?t FILTER(STRENDS(STR(?t), '#DisclosureItem')) } ORDER BY ?i LIMIT 3"


def void_description(app) -> list[ox.Triple]:
    b = app.base
    g = _G()
    ds = f"{b}/.well-known/void#zwgk"
    g.typed(ds, VOID + "Dataset")
    g.add(ds, DCT + "title", lit("zwgk 政务公开目录", "zh"))
    g.add(ds, DCT + "title", lit("zwgk disclosure catalogues", "en"))
    g.add(ds, DCT + "license", LICENCE)
    g.add(ds, VOID + "sparqlEndpoint", f"{b}/sparql")
    g.add(ds, VOID + "uriSpace", lit(f"{b}/id/"))
    g.add(ds, VOID + "rootResource", f"{b}/")
    g.add(ds, VOID + "vocabulary", app.uris.ns)
    for v in ("http://www.w3.org/ns/dcat#", "http://www.w3.org/ns/org#", "http://data.europa.eu/eli/ontology#",
              "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/"):
        g.add(ds, VOID + "vocabulary", v)
    for f in manifest(app).get("files", []):
        if f.get("catalogue") is None and kind_of(f["path"]) and not f["path"].endswith((".csv", ".xlsx")):
            g.add(ds, VOID + "dataDump", f"{b}/dumps/{f['path']}")
    store = app.store
    row = store.select(VOID_STATS)[0]
    for key, prop in (("triples", "triples"), ("entities", "entities"), ("properties", "properties")):
        g.add(ds, VOID + prop, lit(row[key].value, dt="integer"))
    classes = store.select(VOID_CLASSES)
    g.add(ds, VOID + "classes", lit(len(classes), dt="integer"))
    for n, r in enumerate(classes):
        part = f"{b}/.well-known/void#class-{n}"
        g.add(ds, VOID + "classPartition", part)
        g.add(part, VOID + "class", r["c"])
        g.add(part, VOID + "entities", lit(r["n"].value, dt="integer"))
    for r in store.select(EXAMPLE):
        g.add(ds, VOID + "exampleResource", r["i"])
    for r in store.select(VOID_GRAPHS):
        sub = r["g"].value + "#void"
        g.typed(sub, VOID + "Dataset")
        g.add(ds, VOID + "subset", sub)
        g.add(sub, "http://www.w3.org/ns/sparql-service-description#name", r["g"])
        g.add(sub, VOID + "triples", lit(r["n"].value, dt="integer"))
    return g.triples


def rdf_response(request: Request, triples: list[ox.Triple], html_fallback=None) -> Response:
    from .resources import media_with_charset, serialize
    app = request.app.state.zwgk
    offers = ([*RDF_TYPES, "text/html"] if html_fallback is None else ["text/html", *RDF_TYPES])
    fmt = request.query_params.get("format")
    from .sparql import FORMAT_PARAM
    media = FORMAT_PARAM.get(fmt, fmt) if fmt else negotiate(request.headers.get("accept"), offers)
    if media == "text/html" and html_fallback is not None:
        return html_fallback()
    if media not in RDF_TYPES:
        media = "text/turtle" if media == "text/html" else None
    if media is None:
        return Response("406 Not Acceptable\n", status_code=406, media_type="text/plain", headers={"Vary": "Accept"})
    return Response(serialize(app, triples, media), media_type=media_with_charset(media),
                    headers={"Vary": "Accept", "Last-Modified": format_datetime(app.store.modified, usegmt=True)})


@router.get("/catalog")
async def catalog(request: Request):
    app = request.app.state.zwgk
    return rdf_response(request, dcat_description(app), lambda: dumps_page(request))


@router.get("/.well-known/void")
@router.get("/void")
async def void(request: Request):
    return rdf_response(request, void_description(request.app.state.zwgk))


def dumps_page(request: Request):
    from .pages import render
    app = request.app.state.zwgk
    m = manifest(app)
    files = sorted(m.get("files", []), key=lambda f: (f.get("catalogue") or "", f["path"]))
    counts = Counter(f.get("catalogue") for f in files)
    return render(request, "dumps.html", {"title": "数据下载 Downloads", "files": files, "built": m.get("built"),
                                          "catalogues": m.get("catalogues", []), "counts": counts},
                  headers={"Vary": "Accept"})


@router.get("/dumps/")
@router.get("/dumps")
async def dumps_index(request: Request):
    app = request.app.state.zwgk
    return rdf_response(request, dcat_description(app), lambda: dumps_page(request))


@router.get("/dumps/{path:path}")
async def dump_file(request: Request, path: str):
    app = request.app.state.zwgk
    root = Path(app.settings.dumps).resolve()
    target = (root / path).resolve()
    listed = {f["path"] for f in manifest(app).get("files", [])} | {"manifest.json"}
    if path not in listed and f"{path}.gz" in listed and kind_of(path) and root in target.parents:
        return _inflated(request, target.with_name(target.name + ".gz"), kind_of(path)[0], f"{app.base}/dumps/{path}")
    if root not in target.parents or path not in listed or not target.is_file():
        from .resources import not_found
        return not_found(request, app, f"{app.base}/dumps/{path}", "text/html")
    kind = kind_of(path)
    media = kind[0] if kind else "application/json"
    headers = {}
    if path.endswith(".gz"):
        media = "application/gzip"
    return FileResponse(target, media_type=media, headers=headers, filename=Path(path).name)


INFLATE_CHUNK = 1 << 16


def _inflated(request: Request, gz: Path, media: str, iri: str):
    """A whole-data-set file that the build writes gzipped only (zwgk.ttl.gz, zwgk.jsonld.gz), at the plain
    name it had (/dumps/zwgk.ttl): the gzip file as it is, with `Content-Encoding: gzip`, to a client that
    accepts gzip (what nginx's gzip_static does); else inflated as it streams. Byte ranges are not offered:
    a Range request gets the whole file inflated."""
    from .resources import not_found
    if not gz.is_file():
        return not_found(request, request.app.state.zwgk, iri, "text/html")
    name = gz.name.removesuffix(".gz")
    disposition = {"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept-Encoding"}
    if "range" not in request.headers and accepts_gzip(request.headers.get("accept-encoding")):
        return FileResponse(gz, media_type=media, filename=name,
                            headers={**disposition, "Content-Encoding": "gzip", "Accept-Ranges": "none"})
    if request.method == "HEAD":     # its headers only: nothing is inflated for them (its length is not known)
        head = Response(media_type=media, headers=disposition)
        del head.headers["content-length"]
        return head

    def inflate():
        from zlib_ng import gzip_ng    # reads every member of the file (each build's has one a part)
        with gzip_ng.open(gz, "rb") as f:
            while chunk := f.read(INFLATE_CHUNK):
                yield chunk
    return StreamingResponse(inflate(), media_type=media, headers=disposition)
