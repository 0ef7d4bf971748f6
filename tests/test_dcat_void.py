"""Dumps described for portals: DCAT-AP 3.0.1 (validated with the official shapes) and VoID."""
from __future__ import annotations

import hashlib

import httpx
import pytest
import rdflib

from zwgk.config import PROJECT_DIR

DCAT_AP = PROJECT_DIR.parent / "shared" / "standards" / "dcat-ap"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")


def catalog_graph(server) -> rdflib.Graph:
    r = httpx.get(server + "/catalog", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    return rdflib.Graph().parse(data=r.content, format="turtle")


def test_dcat_passes_the_official_dcat_ap_shapes(server):
    if not (DCAT_AP / "shapes.ttl").exists():
        pytest.skip(f"DCAT-AP 3.0.1 shapes not found at {DCAT_AP} (they are in ../shared/standards, which CI has)")
    import pyshacl
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl"):
        shapes.parse(DCAT_AP / name, format="turtle")
    conforms, report, text = pyshacl.validate(catalog_graph(server), shacl_graph=shapes, inference="none",
                                              allow_warnings=True)
    violations = list(report.subjects(rdflib.URIRef("http://www.w3.org/ns/shacl#resultSeverity"),
                                      rdflib.URIRef("http://www.w3.org/ns/shacl#Violation")))
    assert not violations, text


def test_every_dump_file_is_a_distribution_with_size_and_checksum(server):
    g = catalog_graph(server)
    dists = set(g.subjects(rdflib.RDF.type, DCAT.Distribution))
    manifest = httpx.get(server + "/dumps/manifest.json").json()
    assert len(dists) == len([f for f in manifest["files"] if not f["path"].endswith(".json")])
    for d in dists:
        url = str(g.value(d, DCAT.downloadURL))
        body = httpx.get(url).content
        assert int(g.value(d, DCAT.byteSize)) == len(body)
        checksum = g.value(d, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()
        assert g.value(d, DCAT.mediaType) is not None and g.value(d, rdflib.DCTERMS.format) is not None
    # one dataset per catalogue plus the whole
    datasets = set(g.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(datasets) == 5
    service = next(g.subjects(rdflib.RDF.type, DCAT.DataService))
    assert str(g.value(service, DCAT.endpointURL)) == server + "/sparql"


def test_void_description(server):
    r = httpx.get(server + "/.well-known/void", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    ds = next(g.subjects(rdflib.RDF.type, VOID.Dataset))
    assert str(g.value(ds, VOID.sparqlEndpoint)) == server + "/sparql"
    triples = int(g.value(ds, VOID.triples))
    store_count = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "application/sparql-results+json"}).json()
    assert triples == int(store_count["results"]["bindings"][0]["n"]["value"])
    assert int(g.value(ds, VOID.entities)) > 100 and int(g.value(ds, VOID.classes)) >= 8
    assert len(list(g.objects(ds, VOID.exampleResource))) == 3
    assert any(str(o).endswith("/dumps/zwgk.nt.gz") for o in g.objects(ds, VOID.dataDump))
    subsets = list(g.objects(ds, VOID.subset))
    assert any(str(s).startswith(server + "/id/catalogue/city-ybj") for s in subsets)
