"""The server reads the on-disk store in place (issue 13): no copy into memory, the same answers as the copy
gave, a new build picked up by reopening; SPARQL results written by the engine, capped as before; query
workers reached over pipes by the event loop. Everything runs on the session's real build."""
from __future__ import annotations

import asyncio
import csv
import gc
import io
import json
import os
import shutil
import time
from datetime import datetime

import httpx
import pyoxigraph as ox
import pytest

from zwgk.server.labels import LABEL_PREDICATES, Labels
from zwgk.server.resources import RDFS_LABEL, SKOS_PREF, concise_description
from zwgk.server.results import native_select, native_triples, write_select, write_triples
from zwgk.server.sandbox import QueryJob, QueryTimeout, QueryWorkers
from zwgk.server.store import EmbeddedStore

SELECTS = [
    "SELECT ?s ?p ?o WHERE { ?s a <{ns}DisclosureItem> ; ?p ?o } LIMIT 300",   # the same order in every run
    "SELECT ?i ?name ?row WHERE { ?i <http://purl.org/dc/terms/title> ?name OPTIONAL { ?i <{ns}rowNumber> ?row } "
    "} ORDER BY ?i ?name",
    "SELECT ?x WHERE { ?x a <{ns}DisclosureItem> FILTER(false) }",
    "SELECT * WHERE { }",
    "SELECT ?b ?q ?l WHERE { ?s <http://www.w3.org/ns/dcat#contactPoint> ?b OPTIONAL { ?b ?q ?l } } ORDER BY ?l",
]


def in_memory_copy(path) -> ox.Store:
    mem = ox.Store()
    mem.bulk_extend(ox.Store.read_only(str(path)))
    return mem


def old_concise_description(mem: ox.Store, iri: str) -> set[ox.Triple]:
    """What the server answered when it served an in-memory copy: every triple of the resource and its #parts,
    then every triple of everything linked, filtered down to the labels."""
    def describe(iris):
        return [q.triple for i in iris for q in mem.quads_for_pattern(ox.NamedNode(i), None, None)]
    triples, parts, frontier = describe([iri]), set(), None
    frontier = triples
    while frontier:
        new = sorted({t.object.value for t in frontier if isinstance(t.object, ox.NamedNode)
                      and t.object.value.startswith(iri + "#")} - parts)
        parts.update(new)
        frontier = describe(new)
        triples += frontier
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} - {iri, *parts}
    return set(triples) | {t for t in describe(sorted(linked)) if t.predicate.value in (RDFS_LABEL, SKOS_PREF)}


def subjects(mem: ox.Store) -> list[str]:
    return sorted({q.subject.value for q in mem if isinstance(q.subject, ox.NamedNode)})


@pytest.fixture(scope="module")
def disk(built):
    settings, _ = built
    return EmbeddedStore(settings.store, settings.dumps)


@pytest.fixture(scope="module")
def mem(built):
    return in_memory_copy(built[0].store)


def test_the_store_is_the_directory_opened_read_only_not_a_copy(disk, built):
    assert isinstance(disk.disk, ox.Store)
    with pytest.raises((OSError, RuntimeError), match="read-write"):   # a read-only handle on the build's directory: nothing can be written
        disk.disk.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("x")))
    assert not hasattr(disk, "mem")
    manifest = json.loads((built[0].dumps / "manifest.json").read_text(encoding="utf-8"))
    assert disk.base == built[0].base == manifest["base"] and disk.version
    assert disk.modified == datetime.fromisoformat(manifest["built"])   # read from the manifest's two ends


def test_every_resource_is_described_as_the_in_memory_copy_described_it(disk, mem):
    names = subjects(mem)
    assert len(names) > 500
    for iri in names:
        assert set(concise_description(disk, iri)) == old_concise_description(mem, iri), iri
        assert set(disk.describe([iri])) == {q.triple for q in mem.quads_for_pattern(ox.NamedNode(iri), None, None)}
    assert disk.describe(["not an iri"]) == [] and disk.label_triples(["not an iri"]) == []
    assert disk.graph_of("not an iri") is None


def test_select_and_graph_of_answer_as_the_copy(disk, mem):
    q = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?s"
    assert disk.select(q) == [{"s": r["s"], "n": r["n"]} for r in mem.query(q, use_default_graph_as_union=True)]
    for iri in subjects(mem)[::37]:
        first = next(iter(mem.quads_for_pattern(ox.NamedNode(iri), None, None)))
        assert disk.graph_of(iri) == (first.graph_name.value if isinstance(first.graph_name, ox.NamedNode) else None)


class _RemoteLike:
    """A store without index lookups: Labels reads every label up front, as it does for a remote store."""

    def __init__(self, store):
        self.store = store

    def select(self, query, bindings=None):
        return self.store.select(query, bindings)


def test_lazy_labels_are_the_labels_read_up_front(disk, mem):
    lazy, eager = Labels(disk), Labels(_RemoteLike(disk))
    assert lazy.zh == {} and lazy.en == {}   # nothing read at start
    iris = subjects(mem) + sorted({q.predicate.value for q in mem}) + ["http://purl.org/dc/terms/isPartOf", "x y"]
    for iri in iris:
        assert (lazy.get(iri), lazy.english(iri), lazy.has(iri)) == (eager.get(iri), eager.english(iri),
                                                                     eager.has(iri)), iri
    assert set(LABEL_PREDICATES) >= {RDFS_LABEL, SKOS_PREF}
    # labels taken from a resource's description (as a page does) are the ones a lookup finds
    learnt = Labels(disk)
    for iri in subjects(mem)[::5]:
        triples = concise_description(disk, iri)
        parts = sorted({t.subject.value for t in triples if t.subject.value.startswith(iri + "#")})
        learnt.learn([iri, *parts], triples)
        for name in [iri, *parts]:
            assert (learnt.get(name), learnt.english(name)) == (eager.get(name), eager.english(name)), name


def test_a_new_build_swapped_in_is_picked_up_and_the_old_handle_keeps_reading(built, tmp_path):
    """The build swaps directories with two renames and removes the old one; a handle on the old directory
    still reads it to the end, and refresh() opens the new one."""
    settings, _ = built
    served = tmp_path / "store"
    shutil.copytree(settings.store, served)
    store = EmbeddedStore(served, settings.dumps)
    old_handle, version = store.disk, store.version
    item = next(q.subject.value for q in old_handle.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None) if "/id/item/" in q.subject.value)
    before = set(store.describe([item]))
    assert not store.refresh()
    # a new build, with a marker triple, swapped in as zwgk.staging.swap_in does
    staged = tmp_path / ".store.building"
    writable = ox.Store(str(staged))
    writable.bulk_extend(ox.Store.read_only(str(settings.store)))
    writable.add(ox.Quad(ox.NamedNode(item), ox.NamedNode("urn:zwgk:test#marker"), ox.Literal("new build"),
                         ox.NamedNode("urn:zwgk:test")))
    writable.flush()
    del writable
    os.replace(served, tmp_path / "store.old")
    os.replace(staged, served)
    shutil.rmtree(tmp_path / "store.old")
    assert set(q.triple for q in old_handle.quads_for_pattern(ox.NamedNode(item), None, None)) == before
    assert store.refresh() and store.version != version
    after = set(store.describe([item]))
    assert after - before == {ox.Triple(ox.NamedNode(item), ox.NamedNode("urn:zwgk:test#marker"),
                                        ox.Literal("new build"))}


def python_rows(fmt: str, body: bytes) -> list:
    """Result bodies reduced to comparable rows."""
    if fmt == "json":
        data = json.loads(body)
        return [data["head"], data["results"]["bindings"]]
    if fmt in ("xml", "tsv"):
        mt = ox.QueryResultsFormat.XML if fmt == "xml" else ox.QueryResultsFormat.TSV
        res = ox.parse_query_results(body, format=mt)
        names = [v.value for v in res.variables]
        return [names, [[str(r[n]) if r[n] is not None else None for n in names] for r in res]]
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_native_results_are_the_python_writers_results(disk, built, fmt):
    ns = "https://w3id.org/zwgk/def/zwgk#"
    for query in SELECTS:
        query = query.replace("{ns}", ns)
        for max_rows in (10_000, 7):
            run = lambda: disk.disk.query(query, use_default_graph_as_union=True)  # noqa: E731
            old_body, old_cut, old_n = write_select(run(), fmt, max_rows)
            new_body, new_cut, new_n = native_select(run(), fmt, max_rows)
            assert (new_cut, new_n) == (old_cut, old_n), (query, max_rows)
            assert python_rows(fmt, new_body) == python_rows(fmt, old_body), (query, max_rows)
            if fmt == "xml":
                ox.parse_query_results(new_body, format=ox.QueryResultsFormat.XML)  # well-formed


def test_native_results_stop_early_and_announce_the_cut(disk):
    t = time.perf_counter()
    body, truncated, n = native_select(disk.disk.query("SELECT * WHERE { ?s ?p ?o }", use_default_graph_as_union=True),
                                       "json", 5)
    assert truncated and n == 5 and time.perf_counter() - t < 1.0
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 5 and data["head"]["link"] == ["urn:zwgk:truncated:5"]
    body, truncated, n = native_select(disk.disk.query("SELECT * WHERE { ?s ?p ?o }", use_default_graph_as_union=True),
                                       "xml", 5)
    assert truncated and b'<link href="urn:zwgk:truncated:5"/></head>' in body
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for media in ("application/n-triples", "application/n-quads", "text/turtle"):
        body, truncated, n = native_triples(disk.disk.query(construct, use_default_graph_as_union=True), media, 9)
        assert truncated and n == 9
        assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_QUADS))) == 9
    small = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 40"
    old = write_triples(disk.disk.query(small, use_default_graph_as_union=True), "application/n-triples", 100)
    new = native_triples(disk.disk.query(small, use_default_graph_as_union=True), "application/n-triples", 100)
    assert (new[1], new[2]) == (old[1], old[2]) == (False, 40)
    assert set(ox.parse(new[0], format=ox.RdfFormat.N_TRIPLES)) == set(ox.parse(old[0], format=ox.RdfFormat.N_TRIPLES))
    assert new[0] == old[0]   # the same writer, fed by the engine instead of by Python


def test_xml_results_replace_what_xml_cannot_carry():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("a\x01b\ufffec")))
    body, _, _ = native_select(store.query("SELECT ?o WHERE { ?s ?p ?o }"), "xml", 10)
    assert "a\ufffdb\ufffdc".encode() in body
    res = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    assert [r["o"].value for r in res] == ["a\ufffdb\ufffdc"]


def test_query_workers_answer_time_out_and_are_replaced(built):
    store = str(built[0].store)

    async def scenario():
        pool = QueryWorkers(store, 1)
        pool.start()
        try:
            job = QueryJob(query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", media_type="text/csv",
                           default_graphs=None, named_graphs=None, max_rows=10)
            first = await pool.run(job, 30)
            assert first.ok and first.kind == "select" and first.body.startswith(b"n\r\n")
            pid, spare = pool.workers[0].proc.pid, pool.spares[0]
            heavy = QueryJob(query="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                             media_type="application/sparql-results+json", default_graphs=None, named_graphs=None,
                             max_rows=10)
            with pytest.raises(QueryTimeout):
                await pool.run(heavy, 0.5)
            assert pool.workers[0].proc.pid != pid   # killed and replaced, by the spare started ahead
            assert pool.workers[0] is spare and len(pool.spares) == 1 and pool.spares[0] is not spare
            again = await pool.run(job, 30)
            assert again.body == first.body
            bad = await pool.run(QueryJob(query="SELECT WHERE {", media_type="text/csv", default_graphs=None,
                                          named_graphs=None, max_rows=10), 30)
            assert not bad.ok and bad.error.startswith("syntax error")
            old = pool.workers[0]
            await pool.reopen()   # a new build: fresh workers, the idle old one killed
            assert pool.workers[0] is not old and old.proc.wait(timeout=5) is not None
            assert (await pool.run(job, 30)).body == first.body
        finally:
            everyone = pool.workers + pool.spares
            pool.stop()
            assert all(w.proc.wait(timeout=5) is not None for w in everyone)   # no worker outlives the pool

    asyncio.run(scenario())


def test_the_app_starts_without_reading_the_data_and_freezes_what_start_made(built):
    from zwgk.server import ServerSettings, create_app
    settings, _ = built
    app = create_app(ServerSettings(base=settings.base, store=str(settings.store), dumps=str(settings.dumps)))
    state = app.state.zwgk
    assert isinstance(state.store, EmbeddedStore) and state.labels.zh == {}

    async def scenario():
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 0
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=settings.base) as client:
                r = await client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                                     headers={"Accept": "application/sparql-results+json"})
                assert r.status_code == 200 and r.json()["boolean"] is True
    try:
        asyncio.run(scenario())
    finally:
        gc.unfreeze()


def test_the_server_answers_as_the_in_memory_copy_did(server, served_build):
    settings, _ = served_build
    mem = in_memory_copy(settings.store)
    items = sorted(q.subject.value for q in mem.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/zwgk/def/zwgk#DisclosureItem")))
    with httpx.Client() as client:
        for iri in items[::15]:
            r = client.get(iri, headers={"Accept": "application/n-triples"})
            assert r.status_code == 200
            got = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)}
            assert got == old_concise_description(mem, iri), iri
