"""A vocabulary that does not move (issue 12, point 3): the ontology, the shapes and the shared code lists
have one persistent namespace (https://w3id.org/zwgk/, ZWGK_VOCAB), the same in every deployment, while
the data (agencies, catalogues, items, laws, each catalogue's category and uncontrolled-value schemes)
follows the base. Every deployment serves the vocabulary at /vocab/…; the README's queries run as written."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from zwgk.config import PROJECT_DIR
from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.mint import Minter
from zwgk.ontology import CodeLists, code_lists, ontology_triples, vocab_triples
from zwgk.shapes import shapes_triples
from zwgk.uris import DEFAULT_VOCAB, URIs

VOCAB = "https://w3id.org/zwgk/"
SKOS = rdflib.SKOS
A, B = "http://127.0.0.1:8000", "https://data.example.gov.cn/zwgk"

CATALOGUE = ("某局目录\n序号\t事项名称\t公开时限\t公开渠道\t公开方式\n"
             "1\t机构职能\t信息形成之日起20个工作日内\t政府网站、某某平台\t全文发布\n")
MAPPING = """\
catalogue: {id: vocab-test, source: v.txt}
agency: {id: vocab-agency, name: 某局}
reader: tsv
columns:
  - {role: seq, header: [序号]}
  - {role: name, header: [事项名称]}
  - {role: time_limit, header: [公开时限]}
  - {role: channels, header: [公开渠道]}
  - {role: methods, header: [公开方式]}
"""


def named(triples) -> set[tuple[str, str, str]]:
    """The triples without blank nodes (those differ from one parse to the next), as strings."""
    return {(t.subject.value, t.predicate.value, str(t.object)) for t in triples
            if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}


def mint(tmp: Path, base: str) -> set[tuple[str, str, str]]:
    (tmp / "v.txt").write_text(CATALOGUE, encoding="utf-8")
    (tmp / "v.yaml").write_text(MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp / "v.yaml"), tmp, base)
    g = Minter(base, code_lists(base)).catalogue_graph(cat, datetime.datetime(2024, 1, 1))
    return {(q.subject.value, q.predicate.value, q.object.value) for q in g.quads}


def test_the_default_namespace():
    assert DEFAULT_VOCAB == VOCAB
    u = URIs(B)
    assert (u.ontology, u.ns, u.shapes_graph, u.vocab_graph) == (
        VOCAB + "def/zwgk", VOCAB + "def/zwgk#", VOCAB + "def/shapes", VOCAB + "concept")
    assert u.concept("channel", "website") == VOCAB + "concept/channel/website"


def test_vocabulary_iris_are_the_same_for_two_bases_and_data_iris_are_not(tmp_path):
    a, b = URIs(A), URIs(B)
    assert (a.ns, a.ontology, a.shapes_graph, a.vocab_graph, a.scheme("stage"), a.concept("stage", "decision")) == \
           (b.ns, b.ontology, b.shapes_graph, b.vocab_graph, b.scheme("stage"), b.concept("stage", "decision"))
    for kind in (lambda u: u.category_scheme("c"), lambda u: u.uncontrolled_scheme("c"), lambda u: u.item("c", "1"),
                 lambda u: u.catalogue("c"), lambda u: u.agency("x"), lambda u: u.law("国务院令第711号")):
        assert kind(a).startswith(A + "/id/") and kind(b).startswith(B + "/id/")
    # the files: ontology, code lists and shapes parse to the same triples whatever the base
    assert named(ontology_triples(A)) == named(ontology_triples(B))
    assert named(vocab_triples(A)) == named(vocab_triples(B))
    assert named(shapes_triples(A)) == named(shapes_triples(B))
    assert CodeLists(A).lookup("channel", "政府网站") == CodeLists(B).lookup("channel", "政府网站") \
        == VOCAB + "concept/channel/website"
    # minting: the same catalogue under two bases names the same vocabulary terms
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ta, tb = mint(tmp_path / "a", A), mint(tmp_path / "b", B)

    def vocabulary_terms(triples, base):
        return {x for t in triples for x in t if x.startswith(VOCAB)}, \
               {x for t in triples for x in t if x.startswith(base + "/")}
    va, da = vocabulary_terms(ta, A)
    vb, db = vocabulary_terms(tb, B)
    assert va == vb
    assert {VOCAB + "def/zwgk#DisclosureItem", VOCAB + "concept/channel/website", VOCAB + "concept/method/full-text",
            VOCAB + "concept/time-unit/working-day", VOCAB + "concept/channel"} <= va
    assert {x[len(A):] for x in da} == {x[len(B):] for x in db} and da.isdisjoint(db)
    # a value outside the code list goes to the catalogue's own scheme, under the base, pointing at the shared list
    unc = A + "/id/concept/uncontrolled/vocab-test"
    assert any(s.startswith(unc + "/channel/") and p == VOCAB + "def/zwgk#codeList" and o == VOCAB + "concept/channel"
               for s, p, o in ta)
    assert not any(x.startswith(A + "/id/concept/channel") or x.startswith(A + "/def/") for t in ta for x in t)


def run(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env}, cwd=PROJECT_DIR)


def test_the_namespace_is_configured_once():
    """ZWGK_VOCAB moves every vocabulary IRI (the ontology, shapes, code lists), never a data IRI."""
    out = run("from zwgk.uris import URIs; from zwgk.ontology import code_lists; from zwgk.shapes import graph_name\n"
              "u = URIs('http://a.example'); print(u.ns, u.item('c', '1'), graph_name('http://a.example'),"
              " code_lists('http://a.example').lookup('channel', '政府网站'))",
              ZWGK_VOCAB="https://vocab.example.org/zwgk")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["https://vocab.example.org/zwgk/def/zwgk#", "http://a.example/id/item/c/1",
                                  "https://vocab.example.org/zwgk/def/shapes",
                                  "https://vocab.example.org/zwgk/concept/channel/website"]


@pytest.mark.parametrize("args,env", [(["coverage", "--vocab", "ftp://vocab.example.org/"], {}),
                                      (["validate"], {"ZWGK_VOCAB": "https://vocab.example.org/a b/"})])
def test_a_bad_namespace_is_a_one_line_usage_error(tmp_path, monkeypatch, capsys, args, env):
    from zwgk.cli import main
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZWGK_VOCAB", VOCAB)   # so that it is put back after the test, whatever the command set
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SystemExit) as e:
        main([*args, "--store", str(tmp_path / "none")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "vocabulary namespace" in err and "ZWGK_VOCAB" in err


# -- a served deployment ------------------------------------------------------------------------------


def test_a_deployment_serves_vocabulary_terms(server):
    website = VOCAB + "concept/channel/website"
    ttl = httpx.get(server + "/vocab/concept/channel/website", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    assert ttl.headers["content-location"] == "/vocab/concept/channel/website.ttl"
    g = rdflib.Graph().parse(data=ttl.text, format="turtle")
    assert (rdflib.URIRef(website), SKOS.inScheme, rdflib.URIRef(VOCAB + "concept/channel")) in g
    assert (rdflib.URIRef(website), SKOS.prefLabel, rdflib.Literal("政府网站", lang="zh")) in g
    html = httpx.get(server + "/vocab/concept/channel/website", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "政府网站" in html.text and website in html.text
    assert "使用此概念的事项" in html.text   # its items, from this deployment's data
    # the ontology, as a whole document
    onto = httpx.get(server + "/vocab/def/zwgk.ttl")
    og = rdflib.Graph().parse(data=onto.text, format="turtle")
    assert (rdflib.URIRef(VOCAB + "def/zwgk#DisclosureItem"), rdflib.RDF.type, rdflib.OWL.Class) in og
    page = httpx.get(server + "/vocab/def/zwgk", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'id="DisclosureItem"' in page.text and 'href="/vocab/def/zwgk.ttl"' in page.text
    # the shapes too
    shapes = rdflib.Graph().parse(data=httpx.get(server + "/vocab/def/shapes.ttl").text, format="turtle")
    item_shape = rdflib.URIRef(VOCAB + "def/shapes#DisclosureItemShape")
    assert (item_shape, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")) in shapes
    assert httpx.get(server + "/vocab/def/shapes", headers={"Accept": "text/html"}).status_code == 200
    assert httpx.get(server + "/vocab/concept/channel/no-such-thing").status_code == 404


def test_pages_link_vocabulary_terms_to_this_deployment(server):
    item = httpx.get(server + "/id/item/city-ybj/22", headers={"Accept": "text/html"}).text
    assert 'href="/vocab/concept/channel/' in item
    assert 'href="/vocab/def/zwgk#' in item or 'href="/vocab/def/zwgk' in item
    assert f'href="{VOCAB}' not in item   # never sent off to a namespace that may not resolve


def test_the_paths_of_earlier_releases_redirect(server):
    for old, new in (("/def/zwgk", "/vocab/def/zwgk"), ("/def/zwgk.ttl", "/vocab/def/zwgk.ttl"),
                     ("/id/concept/channel/website", "/vocab/concept/channel/website"),
                     ("/id/concept/channel", "/vocab/concept/channel"), ("/id/concept", "/vocab/concept")):
        r = httpx.get(server + old)
        assert r.status_code == 301 and r.headers["location"] == new, old
    # a catalogue's own schemes stay under the base
    assert httpx.get(server + "/id/concept/category/city-ybj/210000", headers={"Accept": "text/turtle"}).status_code == 200


def readme_queries() -> list[str]:
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, re.S)


def test_the_readme_names_no_base_in_its_queries():
    queries = readme_queries()
    assert len(queries) >= 6
    for q in queries:
        assert "{base}" not in q and "127.0.0.1" not in q, q


@pytest.mark.parametrize("n", range(len(readme_queries())))
def test_every_readme_query_runs_unchanged_on_a_deployment_and_returns_rows(server, n):
    """Pasted as written into a deployment whose base is not the README's (a random port)."""
    query = readme_queries()[n]
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                  timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"], query


def test_every_example_on_the_query_page_returns_rows(server):
    from zwgk.server.pages import EXAMPLES
    page = httpx.get(server + "/sparql", headers={"Accept": "text/html"}).text
    assert VOCAB + "def/zwgk#" in page
    for title, q in EXAMPLES:
        query = q.format(ns=VOCAB + "def/zwgk#", base=server, vocab=VOCAB)
        r = httpx.get(server + "/sparql", params={"query": query},
                      headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert r.status_code == 200 and r.json()["results"]["bindings"], title


def test_a_build_records_its_namespace_and_publish_refuses_another(built, tmp_path):
    """The manifest says which vocabulary namespace the data was minted with; `zwgk publish` under another
    namespace refuses (before contacting any store), and `zwgk serve` rebuilds (zwgk/serve.py ensure_built)."""
    import json

    from zwgk.serve import built_with
    settings, _ = built
    assert json.loads((settings.dumps / "manifest.json").read_text(encoding="utf-8"))["vocab"] == DEFAULT_VOCAB
    assert built_with(settings.dumps)["vocab"] == DEFAULT_VOCAB
    env = {**os.environ, "ZWGK_VOCAB": "https://vocab.example.org/zwgk/"}
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "publish", "--store", str(settings.store),
                           "--dumps", str(settings.dumps), "--base", settings.base,
                           "--endpoint", "http://127.0.0.1:9/sparql"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1, proc.stderr
    assert (f"the store was built with the vocabulary namespace {DEFAULT_VOCAB}, not "
            "https://vocab.example.org/zwgk/") in proc.stderr


def test_serve_rebuilds_a_store_minted_with_another_namespace_and_no_build_refuses_it(tmp_path):
    """A store built with ZWGK_VOCAB=A: `zwgk serve` with B and --no-build refuses it (one line, exit 1, nothing
    touched) rather than serve data none of whose terms are B's; without --no-build it rebuilds the store with B
    first, and then serves B's terms only."""
    from zwgk.serve import built_with

    from .servers import free_port, serving
    from .test_bad_input import good_folders
    other = "https://vocab.example.org/zwgk/"
    cats, maps = good_folders(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    store, dumps = tmp_path / "var" / "store", tmp_path / "var" / "dumps"
    where = ["--store", str(store), "--dumps", str(dumps)]
    env = {"ZWGK_CATALOGUES": str(cats), "ZWGK_MAPPINGS": str(maps)}   # what `zwgk serve` builds from
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--base", base, *where],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env, "ZWGK_VOCAB": other})
    assert proc.returncode == 0, proc.stderr
    assert built_with(dumps)["vocab"] == other
    manifest = (dumps / "manifest.json").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "serve", "--no-build", "--port", str(port), *where],
                          capture_output=True, text=True, timeout=60, env={**os.environ, **env})
    assert proc.returncode == 1 and proc.stderr.splitlines() == [
        f"zwgk serve: error: the store was built with the vocabulary namespace {other}, serving with {VOCAB}: "
        "drop --no-build to rebuild it, or serve with that namespace (ZWGK_VOCAB / --vocab)"]
    assert (dumps / "manifest.json").read_bytes() == manifest
    log = tmp_path / "serve.log"
    with serving(["--host", "127.0.0.1", "--port", str(port), *where], base, log, env=env):
        assert (f"zwgk serve: the store was built with the vocabulary namespace {other}, serving with {VOCAB}: "
                "building first") in log.read_text(encoding="utf-8")
        assert built_with(dumps)["vocab"] == VOCAB and built_with(dumps)["base"] == base

        def select(query: str) -> list[dict]:
            r = httpx.get(base + "/sparql", params={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
            assert r.status_code == 200, r.text
            return r.json()["results"]["bindings"]
        types = {b["t"]["value"] for b in select("SELECT DISTINCT ?t WHERE { ?i a ?t }")}
        assert VOCAB + "def/zwgk#DisclosureItem" in types and not any(t.startswith(other) for t in types)
        assert not select(f'SELECT ?x WHERE {{ {{ ?x ?p ?o }} UNION {{ ?s ?x ?o }} UNION {{ ?s ?p ?x }} '
                          f'FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{other}")) }} LIMIT 1')
        website = httpx.get(base + "/vocab/concept/channel/website", headers={"Accept": "text/turtle"})
        assert website.status_code == 200 and f"<{VOCAB}concept/channel/website>" in website.text
