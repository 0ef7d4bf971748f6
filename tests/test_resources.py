"""Resolvable URIs: content negotiation, extensions, 404/406, caching, labels, JSON-LD context, HTML links."""
from __future__ import annotations

import gzip
import time
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest
import rdflib
import rdflib.compare

RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}
EXT = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
       "application/rdf+xml": "rdf"}

RESOURCES = {
    "item": "/id/item/yinzhou-ybj/领导信息",
    "law": "/id/law/国务院令第711号",
    "agency": "/id/agency/ningbo-yinzhou-ybj",
    "office": "/id/agency/ningbo-yinzhou-ybj/unit/办公室",
    "catalogue": "/id/catalogue/city-ybj",
    "concept": "/vocab/concept/channel/website",
    "scheme": "/vocab/concept/channel",
    "category": "/id/concept/category/city-ybj/210000",
    "coded item": "/id/item/city-ybj/22",
}


def iri_of(server, path):
    """The IRI a path serves: the vocabulary's terms at /vocab/… are https://w3id.org/zwgk/…, the data's are the server's."""
    return "https://w3id.org/zwgk/" + path[len("/vocab/"):] if path.startswith("/vocab/") else server + path


def url(server, path):
    return server + quote(path)


def parse(body: bytes, media: str, base: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=RDF_FORMATS[media], publicID=base)


@pytest.mark.parametrize("kind", list(RESOURCES))
@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_every_resource_in_every_rdf_format(server, kind, media):
    iri = iri_of(server, RESOURCES[kind])
    r = httpx.get(url(server, RESOURCES[kind]), headers={"Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"] == quote(RESOURCES[kind]) + "." + EXT[media]
    g = parse(r.content, media, iri)
    assert (rdflib.URIRef(iri), None, None) in g, "the description is about the resource"
    # every IRI it links to comes with a label, so a client can render it without a second request
    labels = {rdflib.RDFS.label, rdflib.SKOS.prefLabel}
    for o in set(g.objects(rdflib.URIRef(iri), None)):
        if isinstance(o, rdflib.URIRef) and str(o).startswith(server + "/id/") and "#" not in str(o):
            assert any((o, p, None) in g for p in labels), f"no label for {o}"


def test_item_description_includes_its_parts_and_linked_labels(server):
    iri = server + RESOURCES["item"]
    g = parse(httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "text/turtle"}).content, "text/turtle", iri)
    tl = rdflib.URIRef(iri + "#time-limit")
    assert (rdflib.URIRef(iri), None, tl) in g
    assert str(g.value(tl, rdflib.RDFS.label)) == "相关信息形成或变更之日起 20 个工作日内"
    law = rdflib.URIRef(server + "/id/law/国务院令第711号")
    assert str(g.value(law, rdflib.RDFS.label)) == "《中华人民共和国政府信息公开条例》（国务院令第711号）"


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_extension_gives_the_same_representation_as_accept(server, media):
    path = RESOURCES["law"]
    by_accept = httpx.get(url(server, path), headers={"Accept": media})
    by_ext = httpx.get(url(server, path) + "." + EXT[media], headers={"Accept": "text/html"})
    assert by_ext.status_code == 200 and by_ext.headers["content-type"].split(";")[0] == media
    assert by_accept.content == by_ext.content


@pytest.mark.parametrize("accept,expected", [
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/rdf+xml, application/xml;q=0.9, */*;q=0.1", "application/rdf+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("text/turtle;q=0, */*;q=0.1", "text/html"),
    ("application/n-triples", "application/n-triples"),
    ("*/*", "text/html"),
    (None, "text/html"),
])
def test_q_values_are_honoured(server, accept, expected):
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(url(server, RESOURCES["agency"]), headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected


def test_406_for_a_type_we_cannot_serve(server):
    r = httpx.get(url(server, RESOURCES["agency"]), headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.text


def test_404_as_html_or_rdf_as_asked(server):
    html = httpx.get(url(server, "/id/item/yinzhou-ybj/没有这个事项"), headers={"Accept": "text/html"})
    assert html.status_code == 404 and "text/html" in html.headers["content-type"] and "没有这个资源" in html.text
    ttl = httpx.get(url(server, "/id/item/yinzhou-ybj/没有这个事项"), headers={"Accept": "text/turtle"})
    assert ttl.status_code == 404 and ttl.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=ttl.content, format="turtle")) == 0


def test_etag_last_modified_and_304(server):
    first = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "text/turtle"})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    since = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "text/turtle", "If-Modified-Since": modified})
    assert since.status_code == 304
    other = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200, "an ETag names one representation, not all of them"


def test_link_header_lists_alternates(server):
    r = httpx.get(url(server, RESOURCES["law"]), headers={"Accept": "text/turtle"})
    link = r.headers["link"]
    for media in [*RDF_FORMATS, "text/html"]:
        assert f'type="{media}"' in link


def test_json_ld_uses_the_published_context(server):
    r = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "application/ld+json"})
    doc = r.json()
    assert doc["@context"] == server + "/context.jsonld"
    item = next(n for n in doc["@graph"] if n["id"] == server + RESOURCES["item"])
    assert item["title"] == "领导信息" and item["legalBasis"]  # readable keys
    ctx = httpx.get(server + "/context.jsonld")
    assert ctx.status_code == 200 and "legalBasis" in ctx.json()["@context"]
    # the compact document means exactly the triples of the Turtle representation
    as_ttl = httpx.get(url(server, RESOURCES["item"]), headers={"Accept": "text/turtle"}).content
    g1 = rdflib.Graph().parse(data=as_ttl, format="turtle")
    g2 = rdflib.Graph().parse(data=r.content, format="json-ld")
    assert rdflib.compare.isomorphic(g1, g2)


def test_ontology_as_rdf_and_html(server):
    ttl = httpx.get(server + "/vocab/def/zwgk", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=ttl.content, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#DisclosureItem"), rdflib.RDF.type, rdflib.OWL.Class) in g
    html = httpx.get(server + "/vocab/def/zwgk", headers={"Accept": "text/html"})
    assert "公开事项" in html.text and "Disclosure item" in html.text and 'id="legalBasis"' in html.text


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_html_links_show_labels_and_resolve(server, kind):
    r = httpx.get(url(server, RESOURCES[kind]), headers={"Accept": "text/html"})
    assert r.status_code == 200
    p = Links()
    p.feed(r.text)
    assert p.links
    for href, text in p.links:
        assert text, f"a link without text to {href}"
        if href.startswith("/id/") or href.startswith("http"):
            assert not text.startswith(("http://", "https://")), f"bare IRI shown: {text}"
    local = {h.split("#")[0].split("?")[0] for h, _ in p.links if h.startswith("/id/")}
    for href in sorted(local)[:40]:
        assert httpx.get(server + href, headers={"Accept": "text/html"}).status_code == 200, href


def test_legal_basis_page_lists_items_from_every_catalogue_with_paging(server):
    r = httpx.get(url(server, RESOURCES["law"]), headers={"Accept": "text/html"})
    assert "引用此依据的事项" in r.text
    total = int(r.text.split("引用此依据的事项 Items citing this legal basis <small>共 ")[1].split(" ")[0])
    assert total > 20  # cited across three catalogues
    for cat in ("鄞州区医疗保障局", "三门峡市医疗保障局"):
        pages = [httpx.get(url(server, RESOURCES["law"]) + f"?page={n}", headers={"Accept": "text/html"}).text
                 for n in range(1, -(-total // 20) + 1)]
        assert any(cat in p for p in pages)
    assert 'rel="next"' in r.text


def test_dumps_are_served_with_their_manifest_sizes(server):
    m = httpx.get(server + "/dumps/manifest.json").json()
    f = next(f for f in m["files"] if f["path"] == "zwgk.nt.gz")
    r = httpx.get(server + "/dumps/zwgk.nt.gz")
    assert r.status_code == 200 and len(r.content) == f["bytes"]
    g = rdflib.Graph().parse(data=gzip.decompress(r.content), format="nt")
    assert len(g) == f["triples"]
    assert httpx.get(server + "/dumps/../pyproject.toml").status_code == 404


def test_source_files_resolve_with_line_anchors(server):
    r = httpx.get(server + "/source/catalogues/000_beb97e4d7e9a21fa.txt", headers={"Accept": "text/html"})
    assert 'id="L22"' in r.text
    plain = httpx.get(server + "/source/catalogues/000_beb97e4d7e9a21fa.txt", headers={"Accept": "text/plain"})
    assert plain.text.splitlines()[2].startswith("鄞州区医疗保障局")
    for hostile in ("/source/catalogues/../pyproject.toml", "/source/../../etc/passwd", "/source/etc/passwd"):
        assert httpx.get(server + hostile).status_code == 404


def test_search_finds_items_by_chinese_words(server):
    r = httpx.get(server + "/search", params={"q": "年度报告"})
    assert "政府信息公开年度报告" in r.text and "共 " in r.text
    none = httpx.get(server + "/search", params={"q": "火星探测"})
    assert "共 0 个事项" in none.text


@pytest.mark.parametrize("path", ["/id/%00", "/id/item/%FF%FE%FD", "/id/" + "长" * 3000, "/id/item/../../etc/passwd",
                                  "/def/zwgk/../../pyproject.toml", "/id/item/x%0D%0ASet-Cookie:%20a=b",
                                  "/id/law/%3Cscript%3Ealert(1)%3C%2Fscript%3E"])
def test_hostile_urls_get_a_clean_404(server, path):
    r = httpx.get(server + path, headers={"Accept": "text/html"})
    assert r.status_code in (404, 400), (path, r.status_code)
    assert "set-cookie" not in r.headers
    assert "<script>alert(1)</script>" not in r.text  # echoed IRIs are escaped


def test_server_picks_up_a_new_build_without_restart(tmp_path):
    """Rebuilding into the served store directory swaps it; the next request sees the new data."""
    import shutil

    from zwgk.build import build
    from zwgk.config import PROJECT_DIR, Settings

    from .servers import free_port, running_server
    port = free_port()
    cats, maps = tmp_path / "c", tmp_path / "m"
    cats.mkdir()
    maps.mkdir()
    shutil.copy(PROJECT_DIR / "catalogues" / "000_beb97e4d7e9a21fa.txt", cats)
    shutil.copy(PROJECT_DIR / "mappings" / "catalogues" / "yinzhou-ybj.yaml", maps)
    settings = Settings(base=f"http://127.0.0.1:{port}", var=tmp_path / "var", catalogues=cats, mappings=maps)
    build(settings, progress=lambda m: None)
    ask = {"query": "ASK { ?c a <https://w3id.org/zwgk/def/zwgk#DisclosureCatalogue> ; "
                    "<http://purl.org/dc/terms/identifier> 'juye-ybj' }"}
    json_accept = {"Accept": "application/sparql-results+json"}
    with running_server(settings.store, settings.dumps, port) as base:
        assert httpx.get(base + quote("/id/catalogue/juye-ybj")).status_code == 404
        # answers that the result and page caches now hold for this build
        assert httpx.get(base + "/sparql", params=ask, headers=json_accept).json()["boolean"] is False
        website = httpx.get(base + "/vocab/concept/channel/website", headers={"Accept": "text/html"}).text  # its item list
        shutil.copy(PROJECT_DIR / "catalogues" / "003_aaf4f901ffa9d2bc.txt", cats)
        shutil.copy(PROJECT_DIR / "mappings" / "catalogues" / "juye-ybj.yaml", maps)
        build(settings, progress=lambda m: None)
        time.sleep(1.2)  # the server looks for a new build at most once a second
        assert httpx.get(base + quote("/id/catalogue/juye-ybj")).status_code == 200
        # the same query text and the same page are not served from the caches of the old build
        assert httpx.get(base + "/sparql", params=ask, headers=json_accept).json()["boolean"] is True
        assert httpx.get(base + "/vocab/concept/channel/website", headers={"Accept": "text/html"}).text != website


def test_mapping_files_resolve_as_sources(server):
    """The build activity of each catalogue used its mapping file; that IRI resolves to the file."""
    ttl = httpx.get(server + "/id/catalogue/yinzhou-ybj/build", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=ttl.content, format="turtle")
    used = {str(o) for o in g.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#used"))}
    assert server + "/source/mappings/yinzhou-ybj.yaml" in used
    r = httpx.get(server + "/source/mappings/yinzhou-ybj.yaml", headers={"Accept": "text/plain"})
    assert r.status_code == 200 and "reader: tsv" in r.text


def test_a_legal_basis_page_names_its_properties():
    """Pages label eli:has_part and eli:is_part_of (a legal basis's page showed the bare 'has_part' beside its cited
    articles) and call eli:number 编号, not 序号 (an item's row number's word)."""
    from types import SimpleNamespace

    from zwgk.server.labels import Labels
    labels = Labels(SimpleNamespace(select=lambda query: []))
    eli = "http://data.europa.eu/eli/ontology#"
    assert (labels.get(eli + "has_part"), labels.get(eli + "is_part_of"), labels.get(eli + "number")) == \
        ("条款", "所属文件", "编号")
