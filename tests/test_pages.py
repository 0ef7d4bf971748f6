"""The pages people use (issue 12, point 5): search with facets and JSON, /coverage, /validation, the SVG
charts, and the SPARQL page's in-place syntax errors. Against the session's real server over the real
catalogues; expectations are computed independently through the server's SPARQL endpoint or zwgk.coverage."""
from __future__ import annotations

import sqlite3
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from zwgk.server.search import SearchIndex, SearchService, build_index, expand, load_synonyms, normalise, tokens

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}
SH = "http://www.w3.org/ns/shacl#"


def sparql(server: str, query: str) -> list[dict]:
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def search(server: str, q: str, **facets) -> dict:
    params = [("q", q)] + [(k, v) for k, vs in facets.items() for v in ([vs] if isinstance(vs, str) else vs)]
    r = httpx.get(server + "/search", params=params, headers=JSON, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json") and "Accept" in r.headers.get("vary", "")
    return r.json()


# -- text handling -----------------------------------------------------------------------------------

def test_normalise_and_synonyms_are_data():
    assert normalise("国务院令 第 711 号") == "国务院令第711号" == normalise("国务院令第７１１号")
    groups = load_synonyms()
    assert any("医保" in g and "医疗保障" in g for g in groups), "server/synonyms.tsv holds 医保 = 医疗保障"
    assert "医疗保障局" in expand("医保局", groups)          # a synonym inside a longer word
    assert "医保" in expand("医疗保障", groups)              # both ways
    assert expand("火星", groups) == ["火星"]
    # postings tokens: every character and bigram of each run of letters and digits (not across punctuation)
    assert tokens("巨野县") == {"巨", "野", "县", "巨野", "野县"}
    assert tokens("第7号，共") == {"第", "7", "号", "共", "第7", "7号"}


def test_synonym_file_errors_name_the_line(tmp_path, caplog):
    f = tmp_path / "syn.tsv"
    f.write_text("# comment\n医保 医疗保障\n孤单\n", encoding="utf-8")
    assert load_synonyms(f) == [["医保", "医疗保障"]]
    assert f"{f}:3" in caplog.text


# -- search ------------------------------------------------------------------------------------------

def test_laws_are_found_by_number(server):
    for q in ("711", "国务院令第711号", "国务院令 第 711 号"):
        r = search(server, q)
        first = r["results"][0]
        assert first["kind"] == "law" and first["iri"].endswith("/id/law/国务院令第711号"), (q, first)
    # items citing it are found too, and every one of them really cites it (checked through SPARQL)
    r = search(server, "国务院令第711号", kind="item")
    citing = {b["i"]["value"] for b in sparql(server, f"""SELECT ?i WHERE {{
        ?i <https://w3id.org/zwgk/def/zwgk#legalBasisText> ?t FILTER(CONTAINS(REPLACE(?t, " ", ""), "国务院令第711号")) }}""")}
    assert r["total"] == len(citing) > 10


def test_agencies_and_synonyms(server):
    r = search(server, "巨野")
    assert r["results"][0]["kind"] == "agency" and r["results"][0]["title"] == "巨野县医疗保障局"
    yb = search(server, "医保")
    assert ["医保", "医疗保障"] == yb["words"][0]
    titles = {h["title"] for h in yb["results"]}
    assert {"市医疗保障局", "巨野县医疗保障局", "鄞州区医疗保障局", "三门峡市医疗保障局"} <= titles
    assert search(server, "火星探测")["total"] == 0


def test_concepts_are_found_and_ranked(server):
    r = search(server, "政府网站")
    assert r["results"][0]["kind"] == "concept" and r["results"][0]["iri"].endswith("/channel/website")


def test_facets_count_and_filter(server):
    r = search(server, "公开")
    facets = {f["name"]: f for f in r["facets"]}
    assert {"kind", "agency", "category", "channel", "law", "type"} <= set(facets)
    kinds = {v["value"]: v["count"] for v in facets["kind"]["values"]}
    assert sum(kinds.values()) == r["total"]
    juye = next(v for v in facets["agency"]["values"] if v["label"] == "巨野县医疗保障局")
    narrowed = search(server, "公开", agency=juye["value"])
    assert narrowed["total"] == juye["count"] < r["total"]
    assert all(h["iri"].endswith("/heze-juye-ybj") or (h["agency"] or {}).get("iri") == juye["value"]
               for h in narrowed["results"])
    # two facets: AND; the channel counts agree with SPARQL
    website = next(v for v in facets["channel"]["values"] if v["value"].endswith("/channel/website"))
    both = search(server, "公开", agency=juye["value"], channel=website["value"], kind="item")
    expected = sparql(server, f"""PREFIX dct: <http://purl.org/dc/terms/>
        SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i dct:isPartOf ?c ; <https://w3id.org/zwgk/def/zwgk#channel> <{website['value']}> .
          ?c dct:publisher <{juye['value']}> .
          {{ ?i dct:title ?t FILTER(CONTAINS(?t, "公开")) }} UNION {{ ?i dct:description ?t FILTER(CONTAINS(?t, "公开")) }}
          UNION {{ ?i <https://w3id.org/zwgk/def/zwgk#contentSpec> ?t FILTER(CONTAINS(?t, "公开")) }}
          UNION {{ ?i <https://w3id.org/zwgk/def/zwgk#legalBasisText> ?t FILTER(CONTAINS(?t, "公开")) }} }}""")
    assert both["total"] == int(expected[0]["n"]["value"]) > 0
    assert both["filters"] == {"agency": [juye["value"]], "channel": [website["value"]], "kind": ["item"]}


def test_search_html_and_json_agree(server):
    page = httpx.get(server + "/search", params={"q": "年报"}, headers=HTML)
    data = search(server, "年报")
    assert page.status_code == 200 and f"共 {data['total']} 个事项" in page.text
    assert "年报 = 年度报告" in page.text                       # the synonyms used are shown
    for h in data["results"][:5]:
        assert h["href"] in page.text.replace("&amp;", "&")
    assert 'class="facet" data-facet="agency"' in page.text
    fmt = httpx.get(server + "/search", params={"q": "年报", "format": "json"}).json()
    assert fmt["total"] == data["total"]


def test_search_pages(server):
    r = search(server, "公开")
    assert r["pageSize"] == 20 and r["pages"] == -(-r["total"] // 20) > 1
    p2 = httpx.get(server + "/search", params={"q": "公开", "page": 2}, headers=JSON).json()
    assert not {h["iri"] for h in p2["results"]} & {h["iri"] for h in r["results"]}


def test_index_is_cached_on_disk_by_build(served_build, server):
    settings, _ = served_build
    assert search(server, "医保")["total"] > 0       # the first search builds the index (lazily)
    folder = Path(str(settings.store) + ".search")
    files = list(folder.glob("*.sqlite"))
    assert len(files) == 1
    meta = dict(sqlite3.connect(files[0]).execute("SELECT key, value FROM meta"))
    from zwgk.server.store import EmbeddedStore
    store = EmbeddedStore(settings.store, settings.dumps)
    assert meta["version"] == store.version
    before = files[0].stat().st_mtime_ns
    service = SearchService(store, folder)
    index = service.get(timeout=30)
    assert index is not None and index.docs == int(meta["docs"]) and files[0].stat().st_mtime_ns == before


def test_index_of_a_store_is_built_and_searched(served_build, tmp_path):
    from zwgk.server.store import EmbeddedStore
    settings, _ = served_build
    figures = build_index(EmbeddedStore(settings.store, settings.dumps), tmp_path / "i.sqlite")
    index = SearchIndex(tmp_path / "i.sqlite")
    assert figures["docs"] == index.docs > 124
    r = index.search("年度报告", {"kind": ["item"]})
    assert r.words == [["年度报告", "年报"]]
    assert r.total >= 3 and all(h.kind == "item" and ("年度报告" in h.title + h.body or "年报" in h.title + h.body)
                                for h in r.hits)



def test_pages_are_slices_of_one_ranking_and_counts_are_exact(served_build, tmp_path):
    """Paging, the caches and the order: page n of a search is the n-th slice of the whole ranked list,
    whatever was asked before; ranks never go up; totals and facet counts count every match."""
    from zwgk.server.store import EmbeddedStore
    settings, _ = served_build
    build_index(EmbeddedStore(settings.store, settings.dumps), tmp_path / "i.sqlite")
    cold = SearchIndex(tmp_path / "i.sqlite", cache=0, postings_cache=0, match_cache=0)
    warm = SearchIndex(tmp_path / "i.sqlite")
    for q in ("公开", "政府信息公开", "信息 年度报告", "711"):
        whole = cold.search(q, limit=10_000)
        assert whole.total == len(whole.hits) > 0
        assert [h.score for h in whole.hits] == sorted((h.score for h in whole.hits), reverse=True)
        kinds = next(f for f in whole.facets if f.name == "kind")
        assert sum(v.count for v in kinds.values) == whole.total
        for page in (2, 0, 1):   # out of order: the second page is asked before the first
            got = warm.search(q, offset=page * 7, limit=7)
            assert [h.iri for h in got.hits] == [h.iri for h in whole.hits[page * 7:page * 7 + 7]]
            assert got.total == whole.total
    # the title-equal and identifier tiers come first
    assert cold.search("711").hits[0].kind == "law" and cold.search("年度报告").hits[0].title == "年度报告"



def test_chosen_facet_values_are_shown_beyond_the_most_frequent(served_build, tmp_path, monkeypatch):
    """A facet shows its most frequent values (FACET_VALUES) and, after them, every chosen one however rare,
    with its count; a chosen value no document has is shown first, selected, with 0. Counts checked against
    the hits of the whole result."""
    from zwgk.server import search as S
    from zwgk.server.store import EmbeddedStore
    settings, _ = served_build
    build_index(EmbeddedStore(settings.store, settings.dumps), tmp_path / "i.sqlite")
    index = SearchIndex(tmp_path / "i.sqlite", cache=0, match_cache=0)
    channels = next(f for f in index.search("公开").facets if f.name == "channel").values
    assert len(channels) >= 3
    rare = channels[-1]                                       # the least frequent channel
    monkeypatch.setattr(S, "FACET_VALUES", 1)
    none = "http://example.org/no-such-channel"
    r = index.search("公开", {"channel": [rare.value, none]}, limit=10_000)
    shown = {v.value: v for v in next(f for f in r.facets if f.name == "channel").values}
    assert shown[rare.value].selected and shown[rare.value].count == rare.count == r.total == len(r.hits)
    assert shown[none].selected and shown[none].count == 0
    assert [v.value for v in next(f for f in r.facets if f.name == "channel").values][0] == none
    # one most frequent value and the chosen one(s), in each facet that has more values
    assert len(shown) <= 3 and all(len(f.values) == 1 for f in r.facets if f.name not in ("channel",))
    # labels: the agency facet labels agencies by name, not by IRI
    agency = next(f for f in r.facets if f.name == "agency").values[0]
    assert agency.label and not agency.label.startswith("http")

# -- coverage ----------------------------------------------------------------------------------------

def test_coverage_page_matches_the_cli_matrix(served_build, server):
    from zwgk.coverage import coverage_matrix, missing_query
    import pyoxigraph as ox
    settings, _ = served_build
    store = ox.Store.read_only(str(settings.store))
    m = coverage_matrix(store, settings.base)
    data = httpx.get(server + "/coverage", headers=JSON).json()
    assert [t["notation"] for t in data["types"]] == [t for t, _ in m.types]
    for a in data["agencies"]:
        assert a["covered"] == len(m.covered(a["iri"])) and a["gaps"] == m.gaps(a["iri"])
    html = httpx.get(server + "/coverage", headers=HTML).text
    assert html.count('class="heat h') == len(m.agencies) * len(m.types)
    assert "<svg" in html and html.count('class="bar"') >= len(m.agencies)
    # "which agencies do not list X": one click from the column header, the same as `zwgk coverage --missing`
    assert 'href="/coverage?missing=annual-report#missing"' in html
    page = httpx.get(server + "/coverage", params={"missing": "annual-report"}, headers=HTML).text
    section = page.split('id="missing"')[1].split("</section>")[0]
    cli = {r["name"].value for r in store.query(missing_query(settings.base, "annual-report"),
                                                use_default_graph_as_union=True)}
    names = {name for _, name in m.agencies}
    assert {n for n in names if n in section} == cli
    assert httpx.get(server + "/coverage", params={"missing": "no-such-type"}, headers=HTML).status_code == 404
    csv = httpx.get(server + "/coverage", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.splitlines()[0].startswith("agency,")


# -- validation --------------------------------------------------------------------------------------

def test_validation_lists_every_finding_with_links(server):
    n = int(sparql(server, f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{SH}ValidationResult> }}")[0]["n"]["value"])
    data = httpx.get(server + "/validation", headers=JSON).json()
    assert data["total"] == data["shown"] == len(data["findings"]) == n > 0
    items = [f for f in data["findings"] if "/id/item/" in f["focus"]]
    assert items and all(f["focus_title"] and f["source"] and "#L" in f["source"] for f in items)
    # the source link opens the source page at the item's line
    src = items[0]["source"]
    page = httpx.get(server + src.split("#")[0], headers=HTML)
    assert page.status_code == 200 and f'id="{src.split("#")[1]}"' in page.text


@pytest.mark.parametrize("key", ["severity", "agency", "shape"])
def test_validation_filters(server, key):
    every = httpx.get(server + "/validation", headers=JSON).json()["findings"]
    value = {"severity": "Info", "agency": next(f["agency"] for f in every if f["agency"]),
             "shape": every[-1]["shape"]}[key]
    want = [f for f in every if (f["severity"] if key == "severity" else f[key]) == value]
    got = httpx.get(server + "/validation", params={key: value}, headers=JSON).json()
    assert got["shown"] == len(want) and 0 < len(want) < len(every)
    html = httpx.get(server + "/validation", params={key: value, "page": 1}, headers=HTML).text
    assert html.count("<tr class=\"sev-") == min(len(want), 20)
    assert 'class="selected"' in html


# -- charts ------------------------------------------------------------------------------------------

def test_catalogue_chart_counts_items_per_category(server):
    iri = f"{server}/id/catalogue/juye-ybj"
    r = httpx.get(server + "/charts/catalogue.svg", params={"iri": iri})
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    svg = ET.fromstring(r.content)
    ns = {"s": "http://www.w3.org/2000/svg"}
    bars = svg.findall(".//s:g[@class='bar']", ns)
    expected = sparql(server, f"""SELECT ?c (COUNT(DISTINCT ?i) AS ?n) WHERE {{
        ?i <http://purl.org/dc/terms/isPartOf> <{iri}> ; <https://w3id.org/zwgk/def/zwgk#category> ?c }} GROUP BY ?c""")
    assert len(bars) == len(expected) > 3
    shown = sorted(int(b.findall("s:text", ns)[-1].text) for b in bars)
    assert shown == sorted(int(e["n"]["value"]) for e in expected)
    page = httpx.get(server + "/id/catalogue/juye-ybj", headers=HTML).text
    assert 'src="/charts/catalogue.svg?iri=' in page and quote("/id/catalogue/juye-ybj") in page
    assert httpx.get(server + "/charts/catalogue.svg", params={"iri": "http://elsewhere/x"}).status_code == 400


def test_channels_chart(server):
    svg = ET.fromstring(httpx.get(server + "/charts/channels.svg").content)
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "政府网站" in labels


# -- SPARQL page: a syntax error in place, the query kept --------------------------------------------

def test_sparql_syntax_error_in_place(server):
    bad = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}"
    r = httpx.get(server + "/sparql", params={"query": bad, "format": "html"}, headers=HTML)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "FILTER(?o = )" in r.text.replace("&#34;", '"')                    # the query is kept
    assert "查询有语法错误" in r.text and "syntax error at" in r.text          # Chinese and English
    assert 'data-line="4"' in r.text and 'class="query-error"' in r.text
    # clients that are not browsers keep the protocol's plain-text 400
    plain = httpx.get(server + "/sparql", params={"query": bad})
    assert plain.status_code == 400 and plain.headers["content-type"].startswith("text/plain")


def test_sparql_page_serves_its_editor_locally(server):
    page = httpx.get(server + "/sparql", headers=HTML).text
    for asset in ("/static/yasqe.min.js", "/static/yasqe.min.css", "/static/sparql.js"):
        assert asset in page
        assert httpx.get(server + asset).status_code == 200
    assert "https://" not in page.split("<body")[0]                          # nothing from a CDN


@pytest.mark.parametrize("pick", ["1", "²", "１", "99", "-1", "x"])
def test_the_example_a_link_picks_is_shown_and_any_other_is_the_first(server, pick):
    """?example=N opens the editor on example N; a number Python reads but a URL never means (², full-width １)
    and one out of range show the first, never a 500."""
    first = httpx.get(server + "/sparql", headers=HTML)
    r = httpx.get(server + "/sparql", params={"example": pick}, headers=HTML)
    assert r.status_code == 200 and first.status_code == 200
    editor = r.text.split("<textarea")[1].split("</textarea>")[0]
    assert (editor != first.text.split("<textarea")[1].split("</textarea>")[0]) == (pick == "1")


def test_query_results_that_are_counts_get_a_chart(server):
    q = f"""PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?catalogue (COUNT(?item) AS ?items) WHERE {{ ?item a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> ; dct:isPartOf ?catalogue }}
GROUP BY ?catalogue"""
    page = httpx.get(server + "/sparql", params={"query": q, "format": "html"}, headers=HTML).text
    chart = page.split('<figure class="chart">')[1].split("</figure>")[0]
    assert chart.count('class="bar"') == 4 and ">44</text>" in chart and "市医疗保障局政务公开事项标准目录" in chart
    no_counts = httpx.get(server + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "format": "html"},
                          headers=HTML).text
    assert '<figure class="chart">' not in no_counts


def test_the_api_documents_every_search_parameter(server):
    """/search reads its parameters itself; the API documentation lists every one: q, page, format and each facet."""
    from zwgk.server.pages import SEARCH_PARAMETERS
    from zwgk.server.search import FACET_NAMES
    assert {p["name"] for p in SEARCH_PARAMETERS} == FACET_NAMES | {"q", "page", "format"}
    doc = httpx.get(server + "/openapi.json").json()["paths"]["/search"]["get"]
    assert {p["name"] for p in doc["parameters"]} == FACET_NAMES | {"q", "page", "format"}
    # and they work as documented: q, a facet repeated, format
    r = httpx.get(server + "/search", params=[("q", "公开"), ("kind", "item"), ("kind", "agency"), ("format", "json")])
    assert r.status_code == 200 and r.json()["filters"] == {"kind": ["item", "agency"]} and r.json()["query"] == "公开"


def test_what_a_request_makes_up_is_not_kept(served_build, tmp_path):
    """Caches a request can fill stay bounded in bytes: a long query-string value is quoted without being kept,
    and a chosen facet value the index does not have is labelled without being kept."""
    from zwgk.server import pages as Pg
    from zwgk.server.store import EmbeddedStore
    before = Pg._quoted_kept.cache_info().currsize
    long = "长" * 300
    assert Pg._quoted(long) == quote(long, safe="").replace("%20", "+")
    assert Pg._quoted_kept.cache_info().currsize == before
    Pg._quoted(f"短{time.time_ns()}")                    # a short one is kept
    assert Pg._quoted_kept.cache_info().currsize == before + 1
    settings, _ = served_build
    build_index(EmbeddedStore(settings.store, settings.dumps), tmp_path / "i.sqlite")
    index = SearchIndex(tmp_path / "i.sqlite", cache=0, match_cache=0)
    made_up = "http://example.org/" + "x" * 500
    r = index.search("公开", {"agency": [made_up]})
    assert next(v for f in r.facets if f.name == "agency" for v in f.values if v.value == made_up).selected
    assert made_up not in index._labels
    catalogue = next(h.catalogue for h in index.search("公开", {"kind": ["item"]}).hits if h.catalogue)
    assert catalogue not in index._labels
    index.labels([catalogue])                                   # what an answer labels (its hits' catalogues) is kept
    assert catalogue in index._labels
