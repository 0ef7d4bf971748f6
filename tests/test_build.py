"""The built graph: store, dumps, URIs, provenance, shared legal bases, ontology."""
from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest
import rdflib

from zwgk.build import build
from zwgk.config import Settings
from zwgk.ontology import ONTOLOGY_FILE

from .conftest import BASE

Z = "https://w3id.org/zwgk/def/zwgk#"


def store_of(settings) -> ox.Store:
    return ox.Store.read_only(str(settings.store))


def test_summary_counts(built):
    _, result = built
    assert {c.catalogue_id: c.items for c in result.catalogues} == {
        "city-ybj": 44, "juye-ybj": 34, "sanmenxia-ybj": 28, "yinzhou-ybj": 18}
    assert all(c.triples > 20 * c.items for c in result.catalogues)


@pytest.mark.parametrize("name,fmt", [("zwgk.ttl.gz", "turtle"), ("zwgk.jsonld.gz", "json-ld"), ("zwgk.nt.gz", "nt")])
def test_dumps_parse_back_to_the_store_triple_count(built, name, fmt):
    settings, result = built
    data = (settings.dumps / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    g = rdflib.Graph().parse(data=data, format=fmt)
    store = store_of(settings)
    distinct = {q.triple for q in store}
    assert len(g) == len(distinct) == result.total_triples


def test_per_catalogue_dumps_and_manifest(built):
    settings, _ = built
    manifest = json.loads((settings.dumps / "manifest.json").read_text())
    for f in manifest["files"]:
        path = settings.dumps / f["path"]
        assert path.stat().st_size == f["bytes"]
        if f["path"].endswith(".ttl"):
            assert len(rdflib.Graph().parse(path, format="turtle")) == f["triples"]
    cats = {f["catalogue"] for f in manifest["files"] if f["catalogue"]}
    assert cats == {"city-ybj", "juye-ybj", "sanmenxia-ybj", "yinzhou-ybj"}


def test_union_default_graph_has_no_duplicate_triples(built):
    settings, _ = built
    store = store_of(settings)
    quads = list(store)
    assert len(quads) == len({q.triple for q in quads})


def test_each_catalogue_is_a_named_graph_holding_its_items(built):
    settings, _ = built
    store = store_of(settings)
    rows = store.query(f"""SELECT ?g (COUNT(?i) AS ?n) WHERE {{ GRAPH ?g {{ ?i a <{Z}DisclosureItem> }} }}
                          GROUP BY ?g ORDER BY ?g""")
    got = {r["g"].value: int(r["n"].value) for r in rows}
    assert got == {f"{BASE}/id/catalogue/city-ybj": 44, f"{BASE}/id/catalogue/juye-ybj": 34,
                   f"{BASE}/id/catalogue/sanmenxia-ybj": 28, f"{BASE}/id/catalogue/yinzhou-ybj": 18}


def test_every_item_has_provenance_to_its_source_lines(built):
    settings, _ = built
    store = store_of(settings)
    missing = list(store.query(f"""SELECT ?i WHERE {{ GRAPH ?g {{ ?i a <{Z}DisclosureItem> }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?i <{Z}sourceExtract> ?s . ?s <{Z}firstLine> ?a ; <{Z}lastLine> ?b ;
        <{Z}sourceFile> ?f . ?i <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }} }} }}"""))
    assert missing == []
    row = next(iter(store.query("""SELECT ?src WHERE { ?i <http://purl.org/dc/terms/title> "社会救助和福利"@zh ;
        <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }""", use_default_graph_as_union=True)))
    assert row["src"].value == f"{BASE}/source/catalogues/000_beb97e4d7e9a21fa.txt#line=21,24"


def test_one_legal_resource_per_instrument_shared_across_catalogues(built):
    settings, _ = built
    store = store_of(settings)
    law = f"{BASE}/id/law/国务院令第711号"
    rows = store.query(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?i <{Z}legalBasis> <{law}> }} }}""")
    assert {r["g"].value.rsplit("/", 1)[1] for r in rows} == {"city-ybj", "sanmenxia-ybj", "yinzhou-ybj"}
    titles = list(store.query(f"""SELECT ?t WHERE {{ <{law}> <http://data.europa.eu/eli/ontology#title> ?t }}""",
                              use_default_graph_as_union=True))
    assert [t["t"].value for t in titles] == ["中华人民共和国政府信息公开条例"]
    texts = {r["t"].value for r in store.query(f"""SELECT ?t WHERE {{ ?i <{Z}legalBasis> <{law}> ;
        <{Z}legalBasisText> ?t }}""", use_default_graph_as_union=True)}
    assert "中华人民共和国政府信息公开条例》（国务院令第 711 号）" in texts  # the lost 《 kept as written


def test_inherited_values_are_marked(built):
    settings, _ = built
    store = store_of(settings)
    rows = store.query(f"""SELECT ?p WHERE {{ ?i <http://purl.org/dc/terms/title> "领导信息"@zh ;
        <{Z}inheritedProperty> ?p }}""", use_default_graph_as_union=True)
    assert {r["p"].value.rsplit("#", 1)[1] for r in rows} >= {"legalBasis", "timeLimit", "channel", "phone"}


def test_rebuild_gives_the_same_iris(built, rebuilt):
    settings, _ = built

    def iris(s):
        st = ox.Store.read_only(str(s.store))
        return {q.subject.value for q in st if isinstance(q.subject, ox.NamedNode)}
    assert iris(settings) == iris(rebuilt)


def test_base_is_configurable(tmp_path, built):
    settings, _ = built
    other = Settings(base="https://data.example.gov.cn/zwgk/", var=tmp_path, catalogues=settings.catalogues,
                     mappings=settings.mappings)
    build(other, progress=lambda m: None)
    st = ox.Store.read_only(str(other.store))
    subjects = {q.subject.value for q in st if isinstance(q.subject, ox.NamedNode)}
    assert "https://data.example.gov.cn/zwgk/id/item/yinzhou-ybj/领导信息" in subjects
    assert not any(s.startswith(BASE) for s in subjects)


def test_ontology_terms_are_labelled_in_both_languages():
    g = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle", publicID="http://example.org/")
    OWL, RDFS = rdflib.OWL, rdflib.RDFS
    terms = set(g.subjects(rdflib.RDF.type, OWL.Class)) | set(g.subjects(rdflib.RDF.type, OWL.ObjectProperty)) | \
        set(g.subjects(rdflib.RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 20
    for t in terms:
        for p in (RDFS.label, RDFS.comment):
            assert {o.language for o in g.objects(t, p)} >= {"zh", "en"}, (t, p)
    for t in terms - set(g.subjects(rdflib.RDF.type, OWL.Class)):
        assert g.value(t, RDFS.domain) is not None and g.value(t, RDFS.range) is not None, t


def test_every_used_zwgk_term_is_defined_in_the_ontology(built):
    settings, _ = built
    store = store_of(settings)
    used = {r["p"].value for r in store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")}
    used |= {r["c"].value for r in store.query("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } }")}
    defined = {r["t"].value for r in store.query(
        "SELECT ?t WHERE { GRAPH ?g { ?t <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> ?o } }")}
    assert {u for u in used if u.startswith(Z)} <= defined


def test_whole_nquads_dump_holds_exactly_the_store(built):
    """zwgk.nq.gz is put together from what the store loader was sent (minted graphs, then SHACL reports)."""
    settings, _ = built
    dumped = list(ox.parse(gzip.decompress((settings.dumps / "zwgk.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    stored = list(store_of(settings))
    assert len(dumped) == len(stored)
    named = lambda quads: {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in q)}  # noqa: E731
    assert named(dumped) == named(stored)  # blank nodes (the shapes' lists) get new labels when parsed
    reports = {q.graph_name.value for q in dumped if "/graph/validation/" in q.graph_name.value}
    assert len(reports) == 4


def test_a_parts_n_triples_are_its_quads_without_their_graphs(built, tmp_path):
    """A part's graph.nt.gz (and the N-Triples `fragments` returns for the catalogue's own files) holds its
    quads' triples as the serializer writes them, also where a graph is another graph's object (an agency),
    for literals holding a line break or text like a graph name, an object that is its own graph, blank
    nodes, and a quad in the default graph."""
    from zwgk.dumps import fragments
    settings, _ = built
    quads = list(ox.parse(gzip.decompress((settings.dumps / "zwgk.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name for q in quads}
    assert any(q.object in graphs and q.object != q.graph_name for q in quads)
    g = quads[0].graph_name
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    quads += [ox.Quad(s, p, ox.Literal(f"前 <{g.value}> .\n后"), g), ox.Quad(s, p, g, g),
              ox.Quad(s, p, ox.Literal(f'"<{g.value}> .', language="zh"), g), ox.Quad(ox.BlankNode(), p, s, g)]
    for n, these in enumerate((quads, quads + [ox.Quad(s, p, g)])):
        written = fragments(tmp_path / str(n), these, BASE)
        nt = gzip.decompress((tmp_path / str(n) / "graph.nt.gz").read_bytes())
        assert nt == gzip.decompress(written.nt) == ox.serialize([q.triple for q in these], format=ox.RdfFormat.N_TRIPLES)
        assert nt.endswith(f"<{s.value}> <{p.value}> <{g.value}> .\n".encode()) == (n == 1)


def test_the_nquads_index_describes_the_dump_as_publish_reads_it(built):
    """zwgk.nq.members.json (made from each part's own index, written by the worker that serialized it) gives every
    gzip member of zwgk.nq.gz where it lies and its SHA-256, and every graph the count, content hash, blank-node
    flag and member that `zwgk publish` gets by inflating and reading the dump itself. It is no published file."""
    import hashlib

    from zwgk.nquads import NQ_INDEX
    from zwgk.publish.dump import DumpReader, collect, members_index
    settings, _ = built
    data = (settings.dumps / "zwgk.nq.gz").read_bytes()
    index = members_index(settings.dumps, data, hashlib.sha256(data).hexdigest())
    assert index is not None
    reader = DumpReader(data)
    truth = collect(reader.stream())
    assert [(m.start, m.end, m.sha256) for m, _ in index] == [(m.start, m.end, m.sha256) for m in reader.members]
    assert {g: (n, sha, bnodes, [i]) for i, (_, graphs) in enumerate(index) for g, n, sha, bnodes in graphs} == \
        {g: (d.count, d.sha256, d.bnodes, d.members) for g, d in truth.items()}
    assert any(d.bnodes for d in truth.values()) and len(truth) > 4 + 4
    manifest = json.loads((settings.dumps / "manifest.json").read_text())
    assert NQ_INDEX not in {f["path"] for f in manifest["files"]}
    # bound to its dump: another file of the same size is not described by it
    assert members_index(settings.dumps, bytes(len(data)), hashlib.sha256(bytes(len(data))).hexdigest()) is None


def test_store_loader_applies_loads_and_drops_in_order(tmp_path):
    from zwgk.storeloader import StoreLoader
    loader = StoreLoader(tmp_path / "store")
    loader.load(b"<http://a/s> <http://a/p> <http://a/o> <http://a/g1> .\n")
    loader.load(b'<http://a/s> <http://a/p> "x" <http://a/g2> .\n<http://a/t> <http://a/p> "y" <http://a/g2> .\n')
    loader.drop("http://a/g1")
    loader.flush()
    loader.load(b"<http://a/u> <http://a/p> <http://a/o> <http://a/g1> .\n")
    loader.finish()
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert sorted((q.subject.value, q.graph_name.value) for q in store) == \
        [("http://a/s", "http://a/g2"), ("http://a/t", "http://a/g2"), ("http://a/u", "http://a/g1")]


def test_store_loader_gathers_loads_into_batches_and_loads_them_when_told(tmp_path):
    """Loads wait for a full batch (a bulk load writes the store's sorted files), or for a flush, which the
    child gets at once (not when its input buffer next fills)."""
    import time
    from zwgk.storeloader import StoreLoader
    store = tmp_path / "store"
    loader = StoreLoader(store, batch=1 << 30)
    files = lambda: len(list(store.glob("*.sst")))  # noqa: E731
    try:
        loader.load(b"<http://a/s> <http://a/p> <http://a/o> <http://a/g1> .\n")
        # the store as created (its files settle once the child has opened it, which writes one sorted file
        # of its own; a busy machine may take seconds, and half a second unchanged was once too little)
        deadline, before, same = time.monotonic() + 60, None, 0
        while time.monotonic() < deadline and same < 4:
            time.sleep(0.5)
            now = (store / "CURRENT").exists() and files()
            same = same + 1 if now is not False and now == before else 0
            before = now
        time.sleep(0.5)
        assert files() == before               # nothing loaded yet: the load waits for a full batch or a flush
        loader.flush()
        deadline = time.monotonic() + 30
        while files() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert files() > before, "a flush did not load what the loader had gathered"
    finally:
        loader.finish()
    assert len(ox.Store.read_only(str(store))) == 1


def test_store_loader_failure_is_a_build_error(tmp_path):
    from zwgk.staging import BuildError
    from zwgk.storeloader import StoreLoader
    loader = StoreLoader(tmp_path / "store")
    loader.load(b"<http://a/s> <http://a/p> .\n")  # no object: not N-Quads
    with pytest.raises(BuildError, match="loading the store failed"):
        loader.finish()


def test_a_triple_a_vocabulary_file_states_twice_is_dumped_once(monkeypatch):
    """A vocabulary file may repeat a triple (a label written twice: legal Turtle); the store holds it once, and
    so must the dumps made from the same quads (zwgk.nq.gz held it twice: its count no longer the store's, and
    `zwgk publish` refused the dump)."""
    from zwgk import ontology, pipeline
    triples = ontology.vocab_triples(BASE)
    monkeypatch.setattr(ontology, "vocab_triples", lambda base: triples + triples[:5])
    monkeypatch.setattr(pipeline, "_STATIC", {})
    quads = pipeline.static_quads(BASE)
    assert len(quads) == len(set(quads)) and set(t for t in triples[:5]) <= {q.triple for q in quads}
