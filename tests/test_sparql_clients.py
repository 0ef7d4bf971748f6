"""A real SPARQL client, SPARQLWrapper, against the real server: every query form, every return format it
knows, GET and POST (URL-encoded and direct), the dataset parameters, and the errors it maps to exceptions.

SPARQLWrapper sends both an Accept header and `format=`/`output=`/`results=` parameters (with values such as
`n3`, `rdf+xml`, `json-ld`); a mismatch between what it asked for and what came back is a RuntimeWarning,
which these tests turn into an error.
"""
from __future__ import annotations

import csv
import io
import uuid

import pytest
import rdflib
from SPARQLWrapper import (ASK, CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED,
                           XML, SPARQLWrapper)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .conftest import expected_files, load_expected

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

CATALOGUES = {load_expected(p)["catalogue"]: load_expected(p)["items"] for p in expected_files()}
METHODS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
METHOD_IDS = ["GET", "POST-form", "POST-direct"]


def client(server: str, query: str, fmt: str, method=(GET, URLENCODED)) -> SPARQLWrapper:
    sw = SPARQLWrapper(server + "/sparql")
    sw.setTimeout(30)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method[0])
    sw.setRequestMethod(method[1])
    return sw


def per_catalogue(server: str) -> str:
    return (f"PREFIX zwgk: <https://w3id.org/zwgk/def/zwgk#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
            "SELECT ?c (COUNT(?i) AS ?n) WHERE { ?i a zwgk:DisclosureItem ; dct:isPartOf ?c } GROUP BY ?c ORDER BY ?c")


def expected_counts(server: str) -> dict[str, int]:
    return {f"{server}/id/catalogue/{cid}": n for cid, n in CATALOGUES.items()}


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_select_json(server, method):
    result = client(server, per_catalogue(server), JSON, method).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    data = result.convert()
    assert data["head"]["vars"] == ["c", "n"]
    assert {b["c"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]} == expected_counts(server)


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_select_xml(server, method):
    doc = client(server, per_catalogue(server), XML, method).query().convert()   # a DOM
    got = {}
    for result in doc.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): b for b in result.getElementsByTagName("binding")}
        uri = cells["c"].getElementsByTagName("uri")[0].firstChild.data
        got[uri] = int(cells["n"].getElementsByTagName("literal")[0].firstChild.data)
    assert got == expected_counts(server)


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(server, fmt, delimiter):
    body = client(server, per_catalogue(server), fmt).query().convert()   # bytes, as SPARQLWrapper returns them
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=delimiter,
                           quoting=csv.QUOTE_MINIMAL if fmt == CSV else csv.QUOTE_NONE))  # TSV has no quoting
    if fmt == CSV:
        assert rows[0] == ["c", "n"]
        assert {c: int(n) for c, n in rows[1:]} == expected_counts(server)
    else:  # TSV terms are N-Triples terms: <iri> and "n"^^xsd:integer
        assert rows[0] == ["?c", "?n"]
        got = {c.strip("<>"): int(rdflib.Graph().parse(data=f"<urn:s> <urn:p> {n} .", format="nt").value(
            rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p"))) for c, n in rows[1:]}
        assert got == expected_counts(server)


@pytest.mark.parametrize("fmt", [JSON, XML])
@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_ask(server, fmt, method):
    for query, expected in ((f"ASK {{ ?i a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }}", True),
                            ("ASK { <urn:nothing> ?p ?o }", False)):
        sw = client(server, query, fmt, method)
        assert sw.queryType == ASK
        converted = sw.query().convert()
        if fmt == JSON:
            assert converted["boolean"] is expected
        else:
            assert converted.getElementsByTagName("boolean")[0].firstChild.data == str(expected).lower()


def one_catalogue(server: str) -> tuple[str, str]:
    cid = sorted(CATALOGUES)[0]
    iri = f"{server}/id/catalogue/{cid}"
    return iri, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"


def as_graph(converted) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in converted.triples((None, None, None)):
        g.add(t)
    return g


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_construct_in_turtle_rdfxml_jsonld_and_n3(server, method):
    iri, query = one_catalogue(server)
    turtle = rdflib.Graph().parse(data=client(server, query, TURTLE, method).query().convert(), format="turtle")
    n3 = rdflib.Graph().parse(data=client(server, query, N3, method).query().convert(), format="turtle")
    rdfxml = as_graph(client(server, query, RDFXML, method).query().convert())     # an rdflib graph already
    xml = as_graph(client(server, query, XML, method).query().convert())           # XML for a graph = RDF/XML
    jsonld = as_graph(client(server, query, JSONLD, method).query().convert())
    assert len(turtle) > 500
    assert (rdflib.URIRef(iri), rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Catalog")) in turtle
    for other in (n3, rdfxml, xml, jsonld):
        assert set(other) == set(turtle)        # the data has no blank nodes: plain set equality


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_describe(server, fmt):
    item = client(server, f"SELECT ?i WHERE {{ ?i a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }} ORDER BY ?i LIMIT 1",
                  JSON).query().convert()["results"]["bindings"][0]["i"]["value"]
    converted = client(server, f"DESCRIBE <{item}>", fmt).query().convert()
    g = rdflib.Graph().parse(data=converted, format="turtle") if fmt == TURTLE else as_graph(converted)
    assert set(g.subjects()) == {rdflib.URIRef(item)}
    assert (rdflib.URIRef(item), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#DisclosureItem")) in g


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_add_default_graph_picks_catalogues(server, method):
    two = sorted(CATALOGUES)[1:3]
    sw = client(server, f"SELECT (COUNT(?i) AS ?n) WHERE {{ ?i a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }}", JSON, method)
    for cid in two:
        sw.addDefaultGraph(f"{server}/id/catalogue/{cid}")
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == sum(CATALOGUES[c] for c in two)


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_add_named_graph_restricts_graph(server, method):
    cid = sorted(CATALOGUES)[-1]
    iri = f"{server}/id/catalogue/{cid}"
    sw = client(server, f"SELECT ?g (COUNT(?i) AS ?n) WHERE {{ GRAPH ?g {{ ?i a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }} }} "
                        "GROUP BY ?g", JSON, method)
    sw.addNamedGraph(iri)
    rows = sw.query().convert()["results"]["bindings"]
    assert [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(iri, CATALOGUES[cid])]


def test_default_and_named_graph_together(server):
    first, last = sorted(CATALOGUES)[0], sorted(CATALOGUES)[-1]
    sw = client(server, f"""SELECT (COUNT(DISTINCT ?d) AS ?default) (COUNT(DISTINCT ?n) AS ?named) WHERE {{
        {{ ?d a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }} UNION {{ GRAPH ?g {{ ?n a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> }} }}
    }}""", JSON, (POST, URLENCODED))
    sw.addDefaultGraph(f"{server}/id/catalogue/{first}")
    sw.addNamedGraph(f"{server}/id/catalogue/{last}")
    row = sw.query().convert()["results"]["bindings"][0]
    assert (int(row["default"]["value"]), int(row["named"]["value"])) == (CATALOGUES[first], CATALOGUES[last])


def test_syntax_error_raises_query_bad_formed_with_the_message(server):
    with pytest.raises(QueryBadFormed) as e:
        client(server, "SELECT ?s WHERE { ?s ?p }", JSON).query()
    assert "syntax error" in str(e.value)


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL"])
@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_updates_from_the_client_are_refused(server, update, request_method):
    """SPARQLWrapper sends an update as `update=` or application/sparql-update (to the same URL by default)."""
    sw = client(server, update, JSON, (POST, request_method))
    assert sw.isSparqlUpdateRequest()
    with pytest.raises(QueryBadFormed) as e:
        sw.query()
    assert "read-only" in str(e.value)
    # (a nonce keeps the server's result cache out of it; SPARQLWrapper strips comments, so it is a BIND)
    count = client(server, f'SELECT (COUNT(*) AS ?n) WHERE {{ <urn:a> ?p ?o BIND("{uuid.uuid4()}" AS ?nonce) }}',
                   JSON).query().convert()
    assert count["results"]["bindings"][0]["n"]["value"] == "0"


def test_only_conneg_mode(server):
    """Without its format= parameters, SPARQLWrapper relies on Accept alone."""
    sw = client(server, per_catalogue(server), CSV)
    sw.setOnlyConneg(True)
    rows = list(csv.reader(io.StringIO(sw.query().convert().decode("utf-8"), newline="")))
    assert {c: int(n) for c, n in rows[1:]} == expected_counts(server)
