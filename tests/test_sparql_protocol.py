"""The SPARQL endpoint against the SPARQL 1.1 Protocol.

Part 1 is the W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl),
every entry written out by hand below and cited by its manifest name, run against a real `zwgk serve` over
the suite's own data (tests/data/w3c-protocol/, see SOURCE.md there for provenance and licence).

Part 2 is the protocol beyond the manifest, on the real catalogues: request forms, the dataset parameters,
the service description, every result format parsed by a real parser, content negotiation, errors, the
refusals (update, SERVICE), the row cap, the query deadline and CORS.
"""
from __future__ import annotations

import csv
import io
import json
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from .conftest import expected_files, load_expected
from .servers import free_port, running_server

W3C_DATA = Path(__file__).parent / "data" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
SRX = "{http://www.w3.org/2005/sparql-results#}"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")

SELECT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
BOOLEAN_TYPES = ["application/sparql-results+json", "application/sparql-results+xml"]
RDFLIB_FORMAT = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                 "application/rdf+xml": "xml", "application/n-quads": "nquads", "application/trig": "trig"}


def fresh(query: str) -> str:
    """The query made unique with a comment, so that the server's result cache cannot answer it: for checks
    that must see the data as it is now, and for timing checks."""
    return f"{query}\n# {uuid.uuid4()}"


def media_type(r: httpx.Response) -> str:
    return r.headers.get("content-type", "").split(";")[0].strip()


def boolean_of(r: httpx.Response) -> bool:
    """The boolean of an ASK answer, read with a real parser for its media type."""
    mt = media_type(r)
    if mt == "application/sparql-results+json":
        return json.loads(r.content)["boolean"]
    if mt == "application/sparql-results+xml":
        text = ET.fromstring(r.content).find(f"{SRX}boolean").text
        assert text in ("true", "false")
        return text == "true"
    raise AssertionError(f"not a boolean result format: {mt}")


def rdf_graph(r: httpx.Response) -> rdflib.Graph:
    """The triples of an RDF answer, read by rdflib's parser for its media type (N-Quads and TriG as datasets,
    every quad's triple kept)."""
    mt = media_type(r)
    assert mt in RDFLIB_FORMAT, mt
    if mt in ("application/n-quads", "application/trig"):
        ds = rdflib.Dataset()
        ds.parse(data=r.content, format=RDFLIB_FORMAT[mt])
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return rdflib.Graph().parse(data=r.content, format=RDFLIB_FORMAT[mt])


# ------------------------------------------------------------------------------------------------------------
# Part 1: the W3C SPARQL 1.1 Protocol test suite, query side (and the update side, refused)
# ------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory):
    """`zwgk serve` over an on-disk Oxigraph store holding the suite's data: each dataN.nt in the named graph
    the manifest's ut:graphData/rdfs:label gives it, <http://kasei.us/2009/09/sparql/data/dataN.rdf>.
    No dumps and no manifest.json: the server must start on a bare store."""
    root = tmp_path_factory.mktemp("w3c-protocol")
    store = ox.Store(str(root / "store"))
    for n in (1, 2, 3):
        store.load(path=str(W3C_DATA / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(f"{KASEI}data{n}.rdf"))
    store.flush()
    del store
    (root / "dumps").mkdir()
    with running_server(root / "store", root / "dumps", free_port()) as base:
        yield base


@dataclass
class W3CCase:
    """One ht:Request of the manifest and the mf:expected… of its ht:Response."""
    entry: str                      # the manifest entry, e.g. ":query_post_form"
    name: str                       # its mf:name
    method: str
    path: str                       # ht:absolutePath, as the manifest gives it
    headers: dict = field(default_factory=dict)
    body: bytes | None = None
    status: str = "2xx"             # mf:expectedStatus: "2xx" (the manifest allows 2xx or 3xx) or "4xx"
    format: str | None = None       # mf:expectedFormat: boolean | tabular | RDF
    boolean: bool | None = None     # mf:expectedBoolean


FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
DATA0 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
DG1 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
DG2 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
DG3 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
NG1 = "named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
NG2 = "named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"

QUERY_CASES = [
    W3CCase(":query_post_form", "query via URL-encoded POST",
            "POST", f"/sparql/?{DATA0}", FORM, b"query=ASK%20%7B%7D", format="boolean", boolean=True),
    W3CCase(":query_dataset_default_graphs_get", "GET query with protocol-specified default graph",
            "GET", "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E"
                   "%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a"
                   f"%20%3Ftype%20.%20%7D&{DG1}&{DG2}",
            format="boolean", boolean=True),
    W3CCase(":query_dataset_default_graphs_post", "POST query with protocol-specified default graphs",
            "POST", f"/sparql/?{DG1}&{DG2}", DIRECT,
            b"ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
            b"<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }",
            format="boolean", boolean=True),
    W3CCase(":query_dataset_named_graphs_post", "POST query with protocol-specified named graphs",
            "POST", f"/sparql/?{NG1}&{NG2}", DIRECT,
            b"ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
            b"GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
            format="boolean", boolean=True),
    W3CCase(":query_dataset_named_graphs_get", "GET query with protocol-specified named graphs",
            "GET", "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql"
                   "%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us"
                   f"%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D&{NG1}&{NG2}",
            format="boolean", boolean=True),
    W3CCase(":query_dataset_full", "query with protocol-specified dataset (both named and default graphs)",
            "POST", f"/sparql/?{DG3}&{NG1}&{NG2}", DIRECT,
            b"ASK {\n  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type\n"
            b"  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }\n"
            b"  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }\n}",
            format="boolean", boolean=True),
    W3CCase(":query_multiple_dataset", "query specifying dataset in both query string and protocol; test for use "
                                       "of protocol-specified dataset",
            "POST", f"/sparql/?{NG1}&{NG2}", DIRECT,
            b"ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { "
            b"GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
            b"GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
            format="boolean", boolean=True),
    W3CCase(":query_get", "query via GET",
            "GET", f"/sparql/?query=ASK%20%7B%7D&{DATA0}", format="boolean", boolean=True),
    W3CCase(":query_content_type_select", "query appropriate content type (expect one of: XML, JSON, CSV, TSV)",
            "POST", f"/sparql/?{DATA0}", DIRECT, b"SELECT (1 AS ?value) {}", format="tabular"),
    W3CCase(":query_content_type_ask", "query appropriate content type (expect one of: XML, JSON)",
            "POST", f"/sparql/?{DATA0}", DIRECT, b"ASK {}", format="boolean"),
    W3CCase(":query_content_type_describe", "query appropriate content type (expect one of: RDF/XML, Turtle, "
                                            "N-Triples, RDFa)",
            "POST", f"/sparql/?{DATA0}", DIRECT, b"DESCRIBE <http://example.org/>", format="RDF"),
    W3CCase(":query_content_type_construct", "query appropriate content type (expect one of: RDF/XML, Turtle, "
                                             "N-Triples, RDFa)",
            "POST", f"/sparql/?{DATA0}", DIRECT, b"CONSTRUCT { <s> <p> 1 } WHERE {}", format="RDF"),
    W3CCase(":query_post_direct", "query via POST directly",
            "POST", "/sparql/", DIRECT, b"ASK {}", format="boolean", boolean=True),
    W3CCase(":bad_query_method", "invoke query operation with a method other than GET or POST",
            "PUT", f"/sparql/?query=ASK%20%7B%7D&{DATA0}", FORM, b"", status="4xx"),
    W3CCase(":bad_multiple_queries", "invoke query operation with more than one query string",
            "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx"),
    W3CCase(":bad_query_wrong_media_type", "invoke query operation with a POST with media type that's not "
                                           "url-encoded or application/sparql-query",
            "POST", "/sparql/", {"content-type": "text/plain"}, b"ASK {}", status="4xx"),
    W3CCase(":bad_query_missing_form_type", "invoke query operation with url-encoded body, but without "
                                            "application/x-www-form-urlencoded media type",
            "POST", "/sparql/", {}, b"query=ASK%20%7B%7D", status="4xx"),
    W3CCase(":bad_query_missing_direct_type", "invoke query operation with SPARQL body, but without "
                                              "application/sparql-query media type",
            "POST", "/sparql/", {}, b"ASK {}", status="4xx"),
    W3CCase(":bad_query_non_utf8", "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)",
            "POST", "/sparql/", {"content-type": "application/sparql-query; charset=UTF-16"},
            "ASK {}".encode("utf-16"), status="4xx"),   # Python's utf-16 codec writes the BOM the manifest asks for
    W3CCase(":bad_query_syntax", "invoke query operation with invalid query syntax (4XX result)",
            "GET", "/sparql/?query=ASK%20%7B", status="4xx"),
]

# what the readable message of each refusal must say (the manifest asks only for 4xx)
BAD_QUERY_MESSAGES = {
    ":bad_query_method": "not allowed", ":bad_multiple_queries": "more than one 'query'",
    ":bad_query_wrong_media_type": "Content-Type", ":bad_query_missing_form_type": "Content-Type",
    ":bad_query_missing_direct_type": "Content-Type", ":bad_query_non_utf8": "UTF-8",
    ":bad_query_syntax": "syntax error",
}


def send(base: str, case: W3CCase) -> httpx.Response:
    # the manifest's paths start with /sparql/; this server answers there as well as at /sparql
    return httpx.request(case.method, base + case.path, headers=case.headers, content=case.body, timeout=30)


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c.entry.lstrip(":") for c in QUERY_CASES])
def test_w3c_protocol_query(w3c_server, case):
    r = send(w3c_server, case)
    if case.status == "4xx":
        assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
        assert media_type(r) == "text/plain" and BAD_QUERY_MESSAGES[case.entry] in r.text, r.text[:300]
        if case.entry == ":bad_query_method":
            assert r.status_code == 405 and "POST" in r.headers["allow"] and "GET" in r.headers["allow"]
        return
    # the manifest allows 2xx or 3xx; this endpoint answers every query directly
    assert 200 <= r.status_code < 300, (r.status_code, r.text[:300])
    if case.format == "boolean":
        assert media_type(r) in BOOLEAN_TYPES
        value = boolean_of(r)
        if case.boolean is not None:
            assert value is case.boolean
    elif case.format == "tabular":
        assert media_type(r) in SELECT_TYPES
        assert json.loads(r.content)["results"]["bindings"] == [
            {"value": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    elif case.format == "RDF":
        rdf_graph(r)   # parses


def test_w3c_protocol_paths_with_and_without_the_trailing_slash(w3c_server):
    """The manifest says to map its /sparql/ onto the endpoint's path: both answer the same, no redirect."""
    for path in ("/sparql", "/sparql/"):
        r = httpx.get(w3c_server + path, params={"query": "ASK {}"})
        assert r.status_code == 200 and boolean_of(r) is True


# The update side. This endpoint is read-only by design: every update request of the manifest — the
# update_* entries, which expect 2xx on a writable service, and the bad_update_* entries, which expect 4xx —
# must be REFUSED with a 4xx and a readable plain-text message, and leave the data exactly as it was. Where the
# manifest follows an update with an ASK that checks the update took effect, that ASK is sent too and must
# answer false.
UPDATE = {"content-type": "application/sparql-update"}
UPDATE_DEFAULT_GRAPH = b"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}"""


def _drop_insert(test_graph: str, where: str, template: str = "?s a dc:BibliographicResource") -> bytes:
    return f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {{
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {{ <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }}
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> {{ <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }}
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> {{ <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }}
}} ;
INSERT {{
    GRAPH <{test_graph}> {{
        {template}
    }}
}}
WHERE {{
{where}
}}""".encode()


def _check_two(test_graph: str, third: str = "<http://kasei.us/2009/09/sparql/data/data3.rdf> a "
                                             "<http://purl.org/dc/terms/BibliographicResource> .") -> bytes:
    return f"""ASK {{
    GRAPH <{test_graph}> {{
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }}
    FILTER NOT EXISTS {{
        GRAPH <{test_graph}> {{
            {third}
        }}
    }}
}}""".encode()


UG1 = "using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
UG2 = "using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
UNG1 = "using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
UNG2 = "using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
FULL_TEST = "http://example.org/protocol-update-dataset-full-test/"

UPDATE_CASES = [  # (update request as the manifest gives it, the manifest's follow-up ASK or None)
    (W3CCase(":update_dataset_default_graph", "update with protocol-specified default graph",
             "POST", f"/sparql/?{UG1}", UPDATE, UPDATE_DEFAULT_GRAPH),
     b"ASK {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
     b"        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>\n"
     b"    }\n}"),
    (W3CCase(":update_dataset_default_graphs", "update with protocol-specified default graphs",
             "POST", f"/sparql/?{UG1}&{UG2}", UPDATE,
             _drop_insert("http://example.org/protocol-update-dataset-graphs-test/", "    ?s a foaf:Document")),
     _check_two("http://example.org/protocol-update-dataset-graphs-test/")),
    (W3CCase(":update_dataset_named_graphs", "update with protocol-specified named graphs",
             "POST", f"/sparql/?{UNG1}&{UNG2}", UPDATE,
             _drop_insert("http://example.org/protocol-update-dataset-named-graphs-test/",
                          "    GRAPH ?g {\n        ?s a foaf:Document\n    }")),
     _check_two("http://example.org/protocol-update-dataset-named-graphs-test/")),
    (W3CCase(":update_dataset_full", "update with protocol-specified dataset (both named and default graphs)",
             "POST", f"/sparql/?{UG1}&{UNG2}", UPDATE,
             _drop_insert(FULL_TEST, '    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n'
                                     '    }\n    UNION\n    {\n        ?s a foaf:Document .\n'
                                     '        BIND("default" AS ?in)\n    }',
                          template="?s <http://example.org/in> ?in")),
     f"""ASK {{
    GRAPH <{FULL_TEST}> {{
        <http://kasei.us/2009/09/sparql/data/data1.rdf> <http://example.org/in> "default" .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> <http://example.org/in> <http://kasei.us/2009/09/sparql/data/data2.rdf> .
    }}
    FILTER NOT EXISTS {{
        GRAPH <{FULL_TEST}> {{
            <http://kasei.us/2009/09/sparql/data/data3.rdf> ?p ?o
        }}
    }}
}}""".encode()),
    (W3CCase(":update_post_form", "update via URL-encoded POST",
             "POST", "/sparql/", FORM, b"update=CLEAR+ALL"), None),
    (W3CCase(":update_post_direct", "update via POST directly",
             "POST", "/sparql/", UPDATE, b"CLEAR ALL"), None),
    (W3CCase(":update_base_uri", 'test for service-defined BASE URI ("which MAY be the service endpoint")',
             "POST", "/sparql/", UPDATE,
             b"CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\nINSERT DATA { GRAPH "
             b"<http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"),
     b'ASK {\n    GRAPH <http://example.org/protocol-base-test/> {\n'
     b'        <http://example.org/s> <http://example.org/p> ?o\n'
     b'        FILTER (isIRI(?o) && STR(?o) != "test")\n    }\n}'),
    (W3CCase(":bad_update_get", "invoke update operation with GET",
             "GET", "/sparql/?update=CLEAR%20ALL"), None),
    (W3CCase(":bad_multiple_updates", "invoke update operation with more than one update string",
             "POST", "/sparql/", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"), None),
    (W3CCase(":bad_update_wrong_media_type", "invoke update operation with a POST with media type that's not "
                                             "url-encoded or application/sparql-update",
             "POST", "/sparql/", {"content-type": "text/plain"}, b"CLEAR NAMED"), None),
    (W3CCase(":bad_update_missing_form_type", "invoke update operation with url-encoded body, but without "
                                              "application/x-www-form-urlencoded media type",
             "POST", "/sparql/", {}, b"update=CLEAR%20NAMED"), None),
    (W3CCase(":bad_update_non_utf8", "invoke update operation with direct POST, but with a non-UTF8 encoding",
             "POST", "/sparql/", {"content-type": "application/sparql-update; charset=UTF-16"},
             "CLEAR NAMED".encode("utf-16")), None),
    (W3CCase(":bad_update_syntax", "invoke update operation with invalid update syntax",
             "POST", "/sparql/", FORM, b"update=CLEAR%20XYZ"), None),
    (W3CCase(":bad_update_dataset_conflict", "invoke update with both using-graph-uri/using-named-graph-uri "
                                             "parameter and USING/WITH clause",
             "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", UPDATE,
             b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
             b"DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
             b"WHERE {\n    ?person foaf:givenName 'Bill'\n}"), None),
]
# what the refusal says: read-only for every update the endpoint can recognise as one, else why the request is bad
UPDATE_MESSAGES = {":bad_update_wrong_media_type": "Content-Type", ":bad_update_missing_form_type": "Content-Type",
                   ":bad_update_non_utf8": "UTF-8"}

ALL_W3C_DATA = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"""


def w3c_quads(base: str) -> list:
    r = httpx.get(base + "/sparql", params={"query": fresh(ALL_W3C_DATA)},
                  headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200
    return r.text.splitlines()[1:]


@pytest.mark.parametrize("case,check", UPDATE_CASES, ids=[c.entry.lstrip(":") for c, _ in UPDATE_CASES])
def test_w3c_protocol_update_is_refused(w3c_server, case, check):
    """Read-only endpoint: the manifest's update requests get a 4xx with a readable message, nothing changes."""
    before = w3c_quads(w3c_server)
    assert len(before) == 3
    r = send(w3c_server, case)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert media_type(r) == "text/plain"
    assert UPDATE_MESSAGES.get(case.entry, "read-only") in r.text, r.text
    if check is not None:  # the manifest's own check that the update happened: it must not have
        r = httpx.post(w3c_server + "/sparql/", headers=DIRECT, content=check)
        assert r.status_code == 200 and boolean_of(r) is False
    assert w3c_quads(w3c_server) == before


# ------------------------------------------------------------------------------------------------------------
# Part 2: the protocol beyond the manifest, on the real catalogues
# ------------------------------------------------------------------------------------------------------------

CATALOGUES = {load_expected(p)["catalogue"]: load_expected(p)["items"] for p in expected_files()}
PREFIXES = "PREFIX dct: <http://purl.org/dc/terms/>\nPREFIX dcat: <http://www.w3.org/ns/dcat#>\n"


def zwgk(base: str) -> str:
    return f"PREFIX zwgk: <https://w3id.org/zwgk/def/zwgk#>\n" + PREFIXES


def catalogue(base: str, cid: str) -> str:
    return f"{base}/id/catalogue/{cid}"


def select_json(base: str, query: str, params: list | None = None) -> list[dict]:
    r = httpx.get(base + "/sparql", params=[("query", query), *(params or [])],
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text[:300]
    return json.loads(r.content)["results"]["bindings"]


def count_items(base: str, params: list | None = None) -> int:
    rows = select_json(base, zwgk(base) + "SELECT (COUNT(?i) AS ?n) WHERE { ?i a zwgk:DisclosureItem }", params)
    return int(rows[0]["n"]["value"])


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    query = zwgk(server) + ("SELECT ?c (COUNT(?i) AS ?n) WHERE { ?i a zwgk:DisclosureItem ; dct:isPartOf ?c } "
                            "GROUP BY ?c ORDER BY ?c")
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(server + "/sparql", params={"query": query}, headers=accept)
    by_form = httpx.post(server + "/sparql", data={"query": query}, headers=accept)
    by_body = httpx.post(server + "/sparql", content=query.encode(),
                         headers={**accept, "Content-Type": "application/sparql-query"})
    answers = [json.loads(r.content) for r in (by_get, by_form, by_body)]
    assert answers[0] == answers[1] == answers[2]
    got = {b["c"]["value"]: int(b["n"]["value"]) for b in answers[0]["results"]["bindings"]}
    assert got == {catalogue(server, cid): n for cid, n in CATALOGUES.items()}


def test_default_graph_is_the_union_of_all_graphs(server):
    assert count_items(server) == sum(CATALOGUES.values())
    # the union has no duplicates: counting per graph gives the same total
    rows = select_json(server, zwgk(server) + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?i a zwgk:DisclosureItem } }")
    assert int(rows[0]["n"]["value"]) == sum(CATALOGUES.values())


@pytest.mark.parametrize("cid", sorted(CATALOGUES))
def test_default_graph_uri_picks_a_catalogue(server, cid):
    assert count_items(server, [("default-graph-uri", catalogue(server, cid))]) == CATALOGUES[cid]


def test_several_default_graph_uris_are_merged(server):
    two = sorted(CATALOGUES)[:2]
    params = [("default-graph-uri", catalogue(server, c)) for c in two]
    assert count_items(server, params) == sum(CATALOGUES[c] for c in two)
    # POST form and direct POST carry the dataset the same way
    query = zwgk(server) + "SELECT (COUNT(?i) AS ?n) WHERE { ?i a zwgk:DisclosureItem }"
    r = httpx.post(server + "/sparql", data={"query": query, "default-graph-uri": [v for _, v in params]},
                   headers={"Accept": "application/sparql-results+json"})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == sum(CATALOGUES[c] for c in two)
    r = httpx.post(server + "/sparql", params=params, content=query.encode(),
                   headers={"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == sum(CATALOGUES[c] for c in two)


def test_named_graph_uri_restricts_graph_and_empties_the_default_graph(server):
    cid = sorted(CATALOGUES)[-1]
    params = [("named-graph-uri", catalogue(server, cid))]
    graphs = select_json(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", params)
    assert [b["g"]["value"] for b in graphs] == [catalogue(server, cid)]
    rows = select_json(server, zwgk(server) + "SELECT (COUNT(?i) AS ?n) WHERE { GRAPH ?g { ?i a zwgk:DisclosureItem } }",
                       params)
    assert int(rows[0]["n"]["value"]) == CATALOGUES[cid]
    # the protocol's dataset has only what it names: no default-graph-uri means an empty default graph
    assert count_items(server, params) == 0
    # and it overrides FROM NAMED in the query
    other = sorted(CATALOGUES)[0]
    q = f"SELECT DISTINCT ?g FROM NAMED <{catalogue(server, other)}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert [b["g"]["value"] for b in select_json(server, q, params)] == [catalogue(server, cid)]


def test_unknown_graph_gives_an_empty_dataset_not_an_error(server):
    assert count_items(server, [("default-graph-uri", server + "/id/catalogue/no-such-catalogue")]) == 0


def test_service_description_advertises_the_union_default_graph(server):
    r = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    service = next(g.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.endpoint, rdflib.URIRef(server + "/sparql")) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.BasicFederatedQuery) not in g     # SERVICE is off
    names = {str(n) for n in g.objects(None, SD.name)}
    assert {catalogue(server, cid) for cid in CATALOGUES} <= names
    # with no query, a browser gets the query form
    html = httpx.get(server + "/sparql", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "<form" in html.text


# -- every result format, parsed by a real parser ------------------------------------------------------------

# Items with literals in Chinese (commas, quotes, newlines are common in 公开内容), typed literals (time-limit
# amounts), IRIs, unbound cells, and blank nodes (the data has none: BNODE() makes some); ORDER BY makes the rows
# comparable across formats.
TERMS_QUERY = """SELECT ?item ?title ?content ?days ?blank WHERE {
  ?item a zwgk:DisclosureItem ; dct:title ?title .
  OPTIONAL { ?item dct:description ?content }
  OPTIONAL { ?item zwgk:timeLimit/zwgk:amount ?days }
  BIND(IF(BOUND(?days), ?unbound, BNODE()) AS ?blank)
} ORDER BY ?item"""


def ntriples_terms(cells: list[str]) -> list[rdflib.term.Node]:
    """TSV cells parsed as the N-Triples terms they must be (by rdflib's N-Triples parser, in one document; each
    distinct cell once)."""
    distinct = list(dict.fromkeys(cells))
    doc = "".join(f"<urn:cell:{i}> <urn:p> {cell} .\n" for i, cell in enumerate(distinct))
    g = rdflib.Graph().parse(data=doc, format="nt")
    terms = {int(str(s).rsplit(":", 1)[1]): o for s, o in g.subject_objects()}
    assert len(terms) == len(distinct)
    term = {cell: terms[i] for i, cell in enumerate(distinct)}
    return [term[cell] for cell in cells]


def comparable(kind: str, value: str, lang: str | None = None, datatype: str | None = None):
    return ("bnode",) if kind == "bnode" else (kind, value, lang, datatype)


def rows_from_json(body: bytes) -> tuple[list, list]:
    data = json.loads(body)
    variables = data["head"]["vars"]
    rows = [[comparable(b[v]["type"], b[v]["value"], b[v].get("xml:lang"), b[v].get("datatype")) if v in b else None
             for v in variables] for b in data["results"]["bindings"]]
    return variables, rows


def rows_from_xml(body: bytes) -> tuple[list, list]:
    root = ET.fromstring(body)
    variables = [v.get("name") for v in root.find(f"{SRX}head").findall(f"{SRX}variable")]
    rows = []
    for result in root.find(f"{SRX}results").findall(f"{SRX}result"):
        cells = {}
        for b in result.findall(f"{SRX}binding"):
            (term,) = list(b)
            kind = {"uri": "uri", "bnode": "bnode", "literal": "literal"}[term.tag[len(SRX):]]
            cells[b.get("name")] = comparable(kind, term.text or "",
                                              term.get("{http://www.w3.org/XML/1998/namespace}lang"),
                                              term.get("datatype"))
        rows.append([cells.get(v) for v in variables])
    return variables, rows


def rows_from_tsv(body: bytes) -> tuple[list, list]:
    lines = body.decode("utf-8").split("\n")
    assert lines[-1] == ""
    header, *data = lines[:-1]
    assert all(v.startswith("?") for v in header.split("\t"))
    variables = [v[1:] for v in header.split("\t")]
    table = [line.split("\t") for line in data]
    assert all(len(cells) == len(variables) for cells in table)
    terms = iter(ntriples_terms([c for cells in table for c in cells if c]))
    rows = []
    for cells in table:
        row = []
        for cell in cells:
            if cell == "":
                row.append(None)
                continue
            term = next(terms)
            if isinstance(term, rdflib.URIRef):
                row.append(comparable("uri", str(term)))
            elif isinstance(term, rdflib.BNode):
                row.append(comparable("bnode", str(term)))
            else:
                dt = str(term.datatype) if term.datatype and not term.language else None
                row.append(comparable("literal", str(term), term.language,
                                      None if dt == "http://www.w3.org/2001/XMLSchema#string" else dt))
        rows.append(row)
    return variables, rows


def test_select_results_in_json_xml_csv_tsv_parse_and_agree(server):
    query = zwgk(server) + TERMS_QUERY
    bodies = {}
    for mt in SELECT_TYPES:
        r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": mt})
        assert r.status_code == 200 and media_type(r) == mt
        if mt.startswith("text/"):
            assert "charset=utf-8" in r.headers["content-type"]
        bodies[mt] = r.content
    variables, rows = rows_from_json(bodies["application/sparql-results+json"])
    assert variables == ["item", "title", "content", "days", "blank"]
    assert len(rows) >= sum(CATALOGUES.values())
    assert any(r[1][2] == "zh" for r in rows)                                       # language-tagged
    assert any(r[3] and r[3][3] == "http://www.w3.org/2001/XMLSchema#integer" for r in rows)  # typed
    assert any(r[4] == ("bnode",) for r in rows) and any(r[4] is None for r in rows)  # blank nodes, unbound
    assert rows_from_xml(bodies["application/sparql-results+xml"]) == (variables, rows)
    assert rows_from_tsv(bodies["text/tab-separated-values"]) == (variables, rows)
    # CSV keeps only the lexical values (blank nodes as _:label); RFC 4180 quoting survives Chinese text
    parsed = list(csv.reader(io.StringIO(bodies["text/csv"].decode("utf-8"), newline="")))
    assert bodies["text/csv"].endswith(b"\r\n")
    assert parsed[0] == variables and len(parsed) == len(rows) + 1
    for got, want in zip(parsed[1:], rows):
        assert [g.startswith("_:") if w == ("bnode",) else g == ("" if w is None else w[1])
                for g, w in zip(got, want)] == [True] * len(variables)


def test_every_triple_of_the_store_survives_each_select_format(server):
    """All the real data through each result format: nothing a parser rejects (control characters, quotes, tabs
    and newlines inside cells, long texts)."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"     # (no ORDER BY: counted, not compared; sorting is 90 % of it)
    n = None
    for mt, read in (("application/sparql-results+json", rows_from_json),
                     ("application/sparql-results+xml", rows_from_xml),
                     ("text/tab-separated-values", rows_from_tsv)):
        r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": mt}, timeout=60)
        assert r.status_code == 200 and "x-sparql-maxrows" not in r.headers, "raise the row cap of the test server"
        variables, rows = read(r.content)
        n = n or len(rows)
        assert len(rows) == n > 1000
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert len(list(csv.reader(io.StringIO(r.text, newline="")))) == n + 1


def table(r: httpx.Response) -> list[list[str]]:
    """A CSV answer read by the csv module with RFC 4180 quoting, a TSV answer split on tabs (it has no quoting)."""
    if media_type(r) == "text/csv":
        return list(csv.reader(io.StringIO(r.text, newline="")))
    return list(csv.reader(io.StringIO(r.text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("mt", BOOLEAN_TYPES + ["text/csv", "text/tab-separated-values"])
def test_ask_in_every_result_format(server, mt):
    for query, expected in (("ASK { ?s ?p ?o }", True), ("ASK { <urn:nothing> ?p ?o }", False)):
        r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": mt})
        assert r.status_code == 200 and media_type(r) == mt
        if mt in BOOLEAN_TYPES:
            assert boolean_of(r) is expected
        else:  # no standard boolean form in CSV/TSV: one column, one row (as Jena writes it)
            rows = table(r)
            assert len(rows) == 2 and rows[1] == ["true" if expected else "false"]


GRAPH_TYPES = list(RDFLIB_FORMAT)


@pytest.mark.parametrize("mt", GRAPH_TYPES)
def test_construct_and_describe_in_every_rdf_format(server, mt):
    cid = sorted(CATALOGUES)[0]
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{catalogue(server, cid)}> {{ ?s ?p ?o }} }}"
    reference = rdflib.Graph().parse(data=httpx.get(server + "/sparql", params={"query": construct},
                                                    headers={"Accept": "application/n-triples"}).content, format="nt")
    assert len(reference) > 500
    r = httpx.get(server + "/sparql", params={"query": construct}, headers={"Accept": mt})
    assert r.status_code == 200 and media_type(r) == mt and "Accept" in r.headers["vary"]
    assert isomorphic(rdf_graph(r), reference)
    # DESCRIBE of one item: its own triples, whatever the format
    item = select_json(server, zwgk(server) + "SELECT ?i WHERE { ?i a zwgk:DisclosureItem } ORDER BY ?i LIMIT 1")[0]["i"]["value"]
    r = httpx.get(server + "/sparql", params={"query": f"DESCRIBE <{item}>"}, headers={"Accept": mt})
    assert r.status_code == 200 and media_type(r) == mt
    described = rdf_graph(r)
    assert (rdflib.URIRef(item), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#DisclosureItem")) in described
    assert set(described.subjects()) == {rdflib.URIRef(item)}


@pytest.mark.parametrize("accept,kind,expected", [
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.5", "select",
     "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values;q=0.8, */*;q=0.1", "select", "text/tab-separated-values"),
    ("application/json", "select", "application/sparql-results+json"),
    ("application/xml", "select", "application/sparql-results+xml"),
    ("*/*", "select", "application/sparql-results+json"),
    (None, "select", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "select", "text/html"),
    ("text/turtle;q=0.5, application/ld+json", "graph", "application/ld+json"),
    ("application/json", "graph", "application/ld+json"),
    ("application/rdf+xml, application/xml;q=0.9, */*;q=0.1", "graph", "application/rdf+xml"),
    ("application/n-triples;q=0, */*;q=0.1", "graph", "text/turtle"),
    ("*/*", "graph", "text/turtle"),
    ("application/sparql-results+json, text/turtle;q=0.2", "graph", "text/turtle"),
])
def test_result_format_by_accept_with_q_values(server, accept, kind, expected):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 2" if kind == "select" else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2"
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and media_type(r) == expected, (r.status_code, r.text[:200])


@pytest.mark.parametrize("fmt,kind,expected", [
    ("json", "select", "application/sparql-results+json"), ("xml", "select", "application/sparql-results+xml"),
    ("csv", "select", "text/csv"), ("tsv", "select", "text/tab-separated-values"),
    ("text/csv", "select", "text/csv"), ("JSON", "select", "application/sparql-results+json"),
    ("turtle", "graph", "text/turtle"), ("nt", "graph", "application/n-triples"),
    ("jsonld", "graph", "application/ld+json"), ("json", "graph", "application/ld+json"),
    ("xml", "graph", "application/rdf+xml"), ("rdf+xml", "graph", "application/rdf+xml"),
    ("n3", "graph", "text/turtle"), ("nq", "graph", "application/n-quads"), ("trig", "graph", "application/trig"),
])
def test_result_format_by_format_parameter_beats_accept(server, fmt, kind, expected):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 2" if kind == "select" else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2"
    r = httpx.get(server + "/sparql", params={"query": query, "format": fmt}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and media_type(r) == expected


@pytest.mark.parametrize("query,headers,params", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"Accept": "image/png"}, {}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"Accept": "text/turtle"}, {}),          # a graph type for a table
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", {"Accept": "text/csv"}, {}),            # a table type for a graph
    ("ASK { ?s ?p ?o }", {"Accept": "application/sparql-results+json;q=0, image/*"}, {}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {}, {"format": "turtle"}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {}, {"format": "png"}),
])
def test_406_for_an_unsupported_result_type(server, query, headers, params):
    r = httpx.get(server + "/sparql", params={"query": query, **params}, headers=headers)
    assert r.status_code == 406 and media_type(r) == "text/plain"
    assert "available" in r.text


# -- errors: 400 with a readable message ---------------------------------------------------------------------

def test_syntax_error_is_400_with_the_position(server):
    r = httpx.get(server + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert r.status_code == 400 and media_type(r) == "text/plain"
    assert "syntax error" in r.text and "1:" in r.text and len(r.text) < 600


@pytest.mark.parametrize("how", ["post-form", "post-direct-empty", "get-empty", "post-form-empty"])
def test_missing_query_is_400(server, how):
    if how == "post-form":
        r = httpx.post(server + "/sparql", data={"default-graph-uri": server + "/id/catalogue/city-ybj"})
    elif how == "post-direct-empty":
        r = httpx.post(server + "/sparql", content=b"", headers={"Content-Type": "application/sparql-query"})
    elif how == "get-empty":
        r = httpx.get(server + "/sparql", params={"query": "  "})
    else:
        r = httpx.post(server + "/sparql", data={"query": ""})
    assert r.status_code == 400 and media_type(r) == "text/plain" and "query" in r.text


def test_two_query_parameters_are_400(server):
    r = httpx.get(server + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400 and "more than one 'query'" in r.text
    r = httpx.post(server + "/sparql", params={"query": "ASK {}"}, data={"query": "ASK {}"})
    assert r.status_code == 400 and "more than one 'query'" in r.text


def test_query_in_body_and_url_is_400(server):
    r = httpx.post(server + "/sparql", params={"query": "ASK {}"}, content=b"ASK {}",
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "twice" in r.text


def test_wrong_content_type(server):
    """The W3C suite (bad_query_wrong_media_type) expects a 4xx: 415 for a type we do not take, 400 for none."""
    for ctype, status in (("text/plain", 415), ("application/json", 415), ("multipart/form-data; boundary=x", 415)):
        r = httpx.post(server + "/sparql", content=b"ASK {}", headers={"Content-Type": ctype})
        assert r.status_code == status and "application/sparql-query" in r.text, (ctype, r.text)
    r = httpx.post(server + "/sparql", content=b"ASK {}")
    assert r.status_code == 400 and "Content-Type" in r.text


def test_content_type_parameters_and_case_are_accepted(server):
    for ctype in ("application/sparql-query; charset=utf-8", "Application/SPARQL-Query", "application/sparql-query;charset=\"UTF-8\""):
        r = httpx.post(server + "/sparql", content="ASK { ?s ?p \"不存在\" }".encode(), headers={"Content-Type": ctype})
        assert r.status_code == 200 and boolean_of(r) is False, (ctype, r.text)
    r = httpx.post(server + "/sparql", content=b"query=ASK+%7B%7D",
                   headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    assert r.status_code == 200 and boolean_of(r) is True


def total_triples(base: str) -> int:
    return int(select_json(base, fresh("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))[0]["n"]["value"])


@pytest.mark.parametrize("how,update", [
    ("query-param", "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"),
    ("query-param", "PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\nDELETE WHERE { ?s ?p ?o }"),
    ("query-param", "# a comment\nCLEAR ALL"),
    ("query-param", "drop all"),
    ("query-param", "LOAD <http://example.org/data.ttl>"),
    ("query-body", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    ("update-param", "CLEAR ALL"),
    ("update-body", "CLEAR ALL"),
])
def test_update_sent_to_the_query_endpoint_is_refused(server, how, update):
    before = total_triples(server)
    if how == "query-param":
        r = httpx.post(server + "/sparql", data={"query": update})
    elif how == "query-body":
        r = httpx.post(server + "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-query"})
    elif how == "update-param":
        r = httpx.post(server + "/sparql", data={"update": update})
    else:
        r = httpx.post(server + "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and media_type(r) == "text/plain" and "read-only" in r.text, r.text
    assert total_triples(server) == before


def test_update_keywords_inside_strings_iris_and_comments_do_not_refuse_a_query(server):
    q = 'SELECT ?x WHERE { BIND("INSERT DATA" AS ?x) FILTER(?x != <urn:delete>) } # CLEAR ALL'
    r = httpx.get(server + "/sparql", params={"query": "PREFIX insert: <urn:i:>\n" + q})
    assert r.status_code == 200, r.text


def test_service_is_refused_and_the_message_says_why(server):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    r = httpx.get(server + "/sparql", params={"query": q})
    assert r.status_code == 400 and media_type(r) == "text/plain"
    assert "SERVICE" in r.text and "disabled" in r.text and "fetch" in r.text
    for sneaky in ("select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
                   "SELECT * WHERE { ?a ?b ?c .SERVICE<http://127.0.0.1:1/>{ ?s ?p ?o } }",
                   "PREFIX e: <http://127.0.0.1:1/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
                   "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:1/> } SERVICE ?e { ?s ?p ?o } }",
                   "SELECT * WHERE {#\nSERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"):
        r = httpx.get(server + "/sparql", params={"query": sneaky})
        assert r.status_code == 400 and "SERVICE" in r.text, sneaky
    # the word elsewhere is not a SERVICE clause
    for fine in ('SELECT ?service WHERE { BIND("SERVICE" AS ?service) }',
                 "PREFIX service: <urn:s:> SELECT * WHERE { ?s service:x ?o } LIMIT 1"):
        assert httpx.get(server + "/sparql", params={"query": fine}).status_code == 200, fine


# -- the row cap and the deadline (a second server: ZWGK_MAX_ROWS=5, --timeout 2) ---------------------------

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100"


def test_row_cap_is_announced_in_json_and_xml(limited_server):
    r = httpx.get(limited_server + "/sparql", params={"query": ALL_TRIPLES},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["x-sparql-maxrows"] == "5" and "truncated" in r.headers["warning"]
    data = r.json()
    assert len(data["results"]["bindings"]) == 5 and any("truncated" in link for link in data["head"]["link"])
    r = httpx.get(limited_server + "/sparql", params={"query": ALL_TRIPLES},
                  headers={"Accept": "application/sparql-results+xml"})
    root = ET.fromstring(r.content)
    assert r.headers["x-sparql-maxrows"] == "5"
    assert len(root.find(f"{SRX}results").findall(f"{SRX}result")) == 5
    assert "truncated" in root.find(f"{SRX}head").find(f"{SRX}link").get("href")


@pytest.mark.parametrize("mt", ["text/csv", "text/tab-separated-values"])
def test_row_cap_in_csv_and_tsv(limited_server, mt):
    r = httpx.get(limited_server + "/sparql", params={"query": ALL_TRIPLES}, headers={"Accept": mt})
    assert r.status_code == 200 and r.headers["x-sparql-maxrows"] == "5"
    rows = table(r)
    assert len(rows) == 1 + 5


def test_row_cap_applies_to_construct(limited_server):
    r = httpx.get(limited_server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 100"},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["x-sparql-maxrows"] == "5"
    assert len(rdflib.Graph().parse(data=r.content, format="nt")) == 5


def test_no_cap_announced_when_nothing_was_cut(limited_server):
    for limit in (3, 5):
        r = httpx.get(limited_server + "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit}"},
                      headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and "x-sparql-maxrows" not in r.headers
        assert len(r.json()["results"]["bindings"]) == limit and "link" not in r.json()["head"]


def test_cap_is_exposed_to_browser_scripts(limited_server):
    r = httpx.get(limited_server + "/sparql", params={"query": ALL_TRIPLES}, headers={"Origin": "https://example.org"})
    assert "x-sparql-maxrows" in r.headers["access-control-expose-headers"].lower()


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "ASK { ?s ?p ?o }"


def timed_get(base: str, query: str, out: dict, key: str) -> None:
    t0 = time.monotonic()
    r = httpx.get(base + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                  timeout=30)
    out[key] = (r, t0, time.monotonic())


def test_deadline_stops_heavy_queries_and_workers_are_replaced(limited_server):
    """Two heavy queries take both query workers; each is stopped at the 2 s deadline (503), their workers are
    killed; a normal query right after is answered, so the workers were replaced."""
    out: dict = {}
    threads = [threading.Thread(target=timed_get, args=(limited_server, fresh(HEAVY), out, k)) for k in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for key in ("a", "b"):
        r, t0, t1 = out[key]
        assert r.status_code == 503 and "2 s" in r.text and media_type(r) == "text/plain", r.text
        assert t1 - t0 < 6, f"the heavy query took {t1 - t0:.1f} s to be stopped"
    t0 = time.monotonic()
    r = httpx.get(limited_server + "/sparql", params={"query": fresh(SMALL)}, timeout=30)
    assert r.status_code == 200 and boolean_of(r) is True
    assert time.monotonic() - t0 < 3


def test_a_heavy_query_does_not_block_other_clients(limited_server):
    out: dict = {}
    heavy = threading.Thread(target=timed_get, args=(limited_server, fresh(HEAVY), out, "heavy"))
    heavy.start()
    time.sleep(0.3)
    timed_get(limited_server, fresh(SMALL), out, "small")
    heavy.join(30)
    small, s0, s1 = out["small"]
    big, h0, h1 = out["heavy"]
    assert small.status_code == 200 and boolean_of(small) is True
    assert big.status_code == 503
    assert s1 < h0 + 2, "the small query waited for the heavy one"
    assert s1 < h1


@pytest.fixture(scope="module")
def patient_server(served_build):
    """`zwgk serve` with two query workers and a 60 s query deadline: a heavy query holds its worker for a minute
    unless the server frees it."""
    settings, _ = served_build
    with running_server(settings.store, settings.dumps, free_port(), "--timeout", "60", "--query-workers", "2",
                        "--base", settings.base) as base:
        yield base


def test_an_abandoned_query_frees_its_worker_at_once(patient_server):
    """Clients that give up (a closed tab, a client-side timeout) take both workers with heavy queries; the
    server notices the disconnects and kills those queries, so the next query is answered long before the
    abandoned ones' 60 s deadline (a server that waited for it would answer after a minute; the margin is
    wide so that a busy machine does not fail the test)."""
    def give_up(query: str) -> None:
        with pytest.raises(httpx.TimeoutException):
            httpx.get(patient_server + "/sparql", params={"query": query}, timeout=0.3)

    t0 = time.monotonic()
    threads = [threading.Thread(target=give_up, args=(fresh(HEAVY),)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    r = httpx.get(patient_server + "/sparql", params={"query": fresh(SMALL)}, timeout=90)
    assert r.status_code == 200 and boolean_of(r) is True
    assert time.monotonic() - t0 < 30, f"answered only after {time.monotonic() - t0:.1f} s"


# -- CORS, HEAD, OPTIONS, other methods ----------------------------------------------------------------------

def test_cors_preflight_and_simple_requests(server):
    pre = httpx.options(server + "/sparql", headers={"Origin": "https://example.org",
                                                     "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code in (200, 204)
    assert pre.headers["access-control-allow-origin"] in ("*", "https://example.org")
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()
    for r in (httpx.get(server + "/sparql", params={"query": SMALL}, headers={"Origin": "https://example.org"}),
              httpx.post(server + "/sparql", data={"query": SMALL}, headers={"Origin": "https://example.org"})):
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] in ("*", "https://example.org")
    # errors carry it too, so that a script can read the message
    r = httpx.get(server + "/sparql", params={"query": "ASK {"}, headers={"Origin": "https://example.org"})
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] in ("*", "https://example.org")


def test_head_and_options(server):
    r = httpx.head(server + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and media_type(r) == "text/turtle" and r.content == b""
    r = httpx.head(server + "/sparql", params={"query": SMALL})
    assert r.status_code == 200 and media_type(r) == "application/sparql-results+json" and r.content == b""
    r = httpx.options(server + "/sparql")
    assert r.status_code in (200, 204) and "POST" in r.headers["allow"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(server, method):
    r = httpx.request(method, server + "/sparql", params={"query": SMALL})
    assert r.status_code == 405 and "GET" in r.headers["allow"] and "POST" in r.headers["allow"]
    assert media_type(r) == "text/plain" and "read-only" in r.text


def test_non_ascii_query_in_get_and_post(server):
    q = zwgk(server) + 'SELECT ?i WHERE { ?i dct:title ?t FILTER(CONTAINS(STR(?t), "年度报告")) }'
    by_get = select_json(server, q)
    by_post = json.loads(httpx.post(server + "/sparql", content=q.encode("utf-8"),
                                    headers={"Content-Type": "application/sparql-query",
                                             "Accept": "application/sparql-results+json"}).content)
    assert by_get and by_get == by_post["results"]["bindings"]


def test_control_characters_keep_every_format_parseable(server):
    """A vertical tab or a form feed (they come with Word tables) cannot be written in XML 1.0 at all: the XML
    formats carry U+FFFD instead, so the document still parses; JSON, TSV and N-Triples keep them exactly."""
    value = "第一行\x0b第二行\x0c\x01 end"
    select = 'SELECT ?x WHERE { VALUES ?x { "第一行\\u000B第二行\\u000C\\u0001 end" } }'
    construct = 'CONSTRUCT { <urn:s> <urn:p> ?x } WHERE { VALUES ?x { "第一行\\u000B第二行\\u000C\\u0001 end" } }'
    get = lambda q, mt: httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": mt})  # noqa: E731
    assert rows_from_json(get(select, "application/sparql-results+json").content)[1] == [[("literal", value, None, None)]]
    assert rows_from_tsv(get(select, "text/tab-separated-values").content)[1] == [[("literal", value, None, None)]]
    assert rows_from_xml(get(select, "application/sparql-results+xml").content)[1] == \
        [[("literal", "第一行\ufffd第二行\ufffd\ufffd end", None, None)]]
    nt = rdf_graph(get(construct, "application/n-triples"))
    assert str(next(nt.objects())) == value
    rdfxml = rdf_graph(get(construct, "application/rdf+xml"))
    assert str(next(rdfxml.objects())) == "第一行\ufffd第二行\ufffd\ufffd end"
