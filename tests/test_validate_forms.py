"""The compiled checks of one target run in a few set-wise forms (zwgk.validate._run_batch): the value checks
as one union of the nodes that fail (`Check.found`), the checks of a missing value as every focus less those
that have it (`Check.needs`, MINUS), the rest as a boolean column per focus; a target with few foci runs
everything as columns. Each form must find exactly what each check's own query (`Check.query`) finds.

Checked on the planted examples of tests/test_shapes.py (one defect per shape, one catalogue each), where
pyshacl is the reference, and with the other graphs moved into the default graph as a build batch's
validation store holds them (zwgk.pipeline._validation_store)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from zwgk import pipeline
from zwgk.checks import for_store
from zwgk.ontology import vocab_triples
from zwgk.shapes import compiled
from zwgk.validate import _graphs_clause, _jobs, _run_batch, _run_check, catalogue_prefix, validate_store

from .conftest import BASE
from .test_shapes import DEFECTS, U, example_trig, plant, slug


@pytest.fixture(scope="module")
def planted():
    """The `ok` example and one bad example per shape, as test_shapes.examples builds them."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(U.vocab_graph)) for t in vocab_triples(BASE))
    for cid in ["ok"] + [slug(s) for s in DEFECTS]:
        store.load(example_trig(cid).encode(), format=ox.RdfFormat.TRIG)
    for shape in DEFECTS:
        plant(store, slug(shape), shape)
    return store


def each_own_query(store, checks, graphs) -> set:
    prefix = catalogue_prefix(BASE)
    return {f for c in checks for f in _run_check(store, c, graphs, prefix)}


def test_every_form_finds_what_each_check_s_own_query_finds(planted):
    checks = for_store(compiled(BASE), planted)
    assert any(c.found for c in checks) and any(c.needs for c in checks)
    graphs, prefix = _graphs_clause(planted, BASE, None), catalogue_prefix(BASE)
    assert graphs        # agencies, legal bases and code lists are named graphs here: ?g is tested
    seen = set()
    for kind, cs in _jobs(checks):
        if kind != "batch":
            continue
        own = each_own_query(planted, cs, graphs)
        sets = set(_run_batch(planted, cs[0].target, cs, graphs, prefix))
        columns = set(_run_batch(planted, cs[0].target, cs, graphs, prefix, per_focus=True))
        assert sets == own, (cs[0].target, sets ^ own)
        assert columns == own, (cs[0].target, columns ^ own)
        seen |= {f.catalogue for f in own}
    assert len(seen) > len(DEFECTS) / 2    # most planted defects are found by these forms (the rest by SPARQL)


def test_a_batch_store_names_only_its_catalogue_graphs_and_finds_the_same(planted):
    """The other graphs in the default graph (validation reads the union of all graphs): the target's graph
    needs no test, and the findings are those of the store with every graph named."""
    assert list(pipeline._validation_store(BASE).named_graphs()) == []
    prefix = catalogue_prefix(BASE)
    moved = ox.Store()
    moved.extend(q if q.graph_name.value.startswith(prefix) else ox.Quad(q.subject, q.predicate, q.object)
                 for q in planted)
    ids = sorted(g.value[len(prefix):] for g in moved.named_graphs())
    assert _graphs_clause(moved, BASE, ids) == "" and _graphs_clause(moved, BASE, None) == ""
    assert _graphs_clause(moved, BASE, ids[1:]).startswith("VALUES ?g")       # one catalogue not asked for
    assert _graphs_clause(planted, BASE, ids).startswith("VALUES ?g")         # an agency's graph is named
    everything = validate_store(planted, BASE)
    assert validate_store(moved, BASE, ids) == everything
    assert {f.catalogue for f in everything} == {slug(s) for s in DEFECTS}
    assert validate_store(moved, BASE, ids[:3]) == [f for f in everything if f.catalogue in ids[:3]]
