"""The shapes compiled to SPARQL give exactly pyshacl's findings (pyshacl is the reference semantics): on
the four real catalogues, and on a synthetic set of catalogues (copies of the real ones, bench/build.py's
make_synthetic) with defects planted in the built store."""
from __future__ import annotations

import importlib.util
from collections import Counter

import pyoxigraph as ox
import pytest

from zwgk.build import build
from zwgk.config import PROJECT_DIR, Settings
from zwgk.validate import validate_store, validate_store_pyshacl

from .conftest import BASE

SYNTHETIC = 10      # catalogues (copies of the real ones, cycling); pyshacl takes ~1.5 s per catalogue
PREFIXES = f"""PREFIX zwgk: <https://w3id.org/zwgk/def/zwgk#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX dcat: <http://www.w3.org/ns/dcat#>"""


def make_synthetic(dest, copies):
    spec = importlib.util.spec_from_file_location("bench_build", PROJECT_DIR / "bench" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.make_synthetic(dest, copies)


def cat(n: int) -> str:
    return f"<{BASE}/id/catalogue/s{n:05d}-" + ["city-ybj", "juye-ybj", "sanmenxia-ybj", "yinzhou-ybj"][n % 4] + ">"


def item(n: int, row: int) -> str:
    """A pattern binding ?i to the item of row `row` of synthetic catalogue n, in its graph."""
    return f"GRAPH {cat(n)} {{ ?i zwgk:rowNumber {row} }}"


# Defects planted in the built store: (catalogue numbers whose findings change, SPARQL update)
PLANTED = [
    f"DELETE {{ GRAPH ?g {{ ?i dct:title ?t }} }} WHERE {{ {item(0, 1)} GRAPH ?g {{ ?i dct:title ?t }} }}",
    f"DELETE {{ GRAPH ?g {{ ?i zwgk:channel ?c }} }} INSERT {{ GRAPH ?g {{ ?i zwgk:channel <https://w3id.org/zwgk/concept/method/full-text> }} }}"
    f" WHERE {{ {item(1, 2)} GRAPH ?g {{ ?i zwgk:channel ?c }} }}",
    f"INSERT {{ GRAPH {cat(2)} {{ ?copy ?p ?o . {cat(2)} dcat:resource ?copy }} }} WHERE {{ {item(2, 1)} "
    f"GRAPH {cat(2)} {{ ?i ?p ?o }} BIND(IRI(CONCAT(STR(?i), '-copy')) AS ?copy) }}",
    f"DELETE {{ GRAPH {cat(3)} {{ {cat(3)} zwgk:itemCount ?n }} }} INSERT {{ GRAPH {cat(3)} {{ {cat(3)} zwgk:itemCount ?m }} }}"
    f" WHERE {{ GRAPH {cat(3)} {{ {cat(3)} zwgk:itemCount ?n }} BIND(?n + 1 AS ?m) }}",
    f"DELETE {{ GRAPH ?g {{ ?s zwgk:firstLine ?a }} }} INSERT {{ GRAPH ?g {{ ?s zwgk:firstLine 99999 }} }}"
    f" WHERE {{ {item(4, 3)} GRAPH ?g {{ ?i zwgk:sourceExtract ?s . ?s zwgk:firstLine ?a }} }}",
    f"DELETE WHERE {{ GRAPH {cat(5)} {{ {cat(5)} dct:publisher ?a }} }}",
    # a legal basis shared by several catalogues loses its title: every catalogue citing it is told
    f"DELETE {{ GRAPH ?l {{ ?law eli:title ?t }} }} WHERE {{ GRAPH {cat(6)} {{ ?x zwgk:legalBasis ?law }} "
    f"GRAPH ?l {{ ?law eli:title ?t }} FILTER(CONTAINS(STR(?law), '711')) }}",
    f"DELETE {{ GRAPH ?a {{ ?ag dct:identifier ?id }} }} INSERT {{ GRAPH ?a {{ ?ag dct:identifier 'Bad Agency' }} }}"
    f" WHERE {{ GRAPH {cat(7)} {{ {cat(7)} dct:publisher ?ag }} GRAPH ?a {{ ?ag dct:identifier ?id }} }}",
    f"DELETE {{ GRAPH ?g {{ ?t zwgk:amount ?x . ?t zwgk:unit ?u }} }} WHERE {{ {item(8, 1)} GRAPH ?g {{ ?i zwgk:timeLimit ?t . "
    f"?t zwgk:amount ?x ; zwgk:unit ?u }} }}",
    f"DELETE {{ GRAPH ?g {{ ?i zwgk:rowNumber 2 }} }} INSERT {{ GRAPH ?g {{ ?i zwgk:rowNumber 'two'^^xsd:integer }} }}"
    f" WHERE {{ {item(9, 2)} BIND({cat(9)} AS ?g) }}",
    f"DELETE {{ GRAPH ?a {{ ?u skos:prefLabel ?l }} }} WHERE {{ GRAPH {cat(0)} {{ ?i zwgk:responsibleUnit ?u }} "
    f"GRAPH ?a {{ ?u skos:prefLabel ?l }} }}",
]


def same(fast, reference) -> None:
    assert Counter(f.severity for f in fast) == Counter(f.severity for f in reference)
    assert set(fast) == set(reference)
    assert len(fast) == len(reference)


@pytest.mark.parametrize("engine_workers", [2])
def test_same_findings_on_the_real_catalogues(built, engine_workers):
    settings, _ = built
    store = ox.Store.read_only(str(settings.store))
    same(validate_store(store, BASE), validate_store_pyshacl(store, BASE, workers=engine_workers))


@pytest.mark.slow   # pyshacl over ten catalogues: 17 s here (100 s before pyshacl_findings prepared its SPARQL
                   # once); the planted-defect examples of test_shapes.py
                   # check every shape against pyshacl in the default run
def test_same_findings_on_a_synthetic_set_with_planted_defects(tmp_path):
    cats, maps = make_synthetic(tmp_path / "synthetic", SYNTHETIC)
    settings = Settings(base=BASE, var=tmp_path / "var", catalogues=cats, mappings=maps)
    build(settings, progress=lambda m: None)
    store = ox.Store(str(settings.store))
    clean = validate_store(store, BASE)
    for update in PLANTED:
        store.update(PREFIXES + " " + update)
    fast = validate_store(store, BASE)
    violations = {f.catalogue for f in fast if f.severity == "Violation"}
    # every planted defect is found: the catalogues it touched now have violations or new findings
    assert violations >= {cat(n)[len(f"<{BASE}/id/catalogue/"):-1] for n in (0, 1, 3, 4, 5, 7, 9)}
    assert len(fast) > len(clean)
    assert len({f.catalogue for f in fast if f.shape.endswith("#LawTitle")}) > 1   # shared law → all citers
    same(fast, validate_store_pyshacl(store, BASE, workers=2))
