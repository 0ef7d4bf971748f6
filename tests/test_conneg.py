"""server/conneg.py: Accept parsing and negotiation, against Accept headers real clients send — including the
ones that broke other linked-data servers (browsers' long lists, `application/json` meaning two different
things, q=0 exclusions, odd case and parameters, plain garbage)."""
from __future__ import annotations

import pytest

from zwgk.server.conneg import ALIASES, Range, negotiate, parse_accept
from zwgk.server.resources import RESOURCE_OFFERS
from zwgk.server.sparql import GRAPH_OFFERS, SELECT_OFFERS

HTML, TTL, NT, JSONLD, RDFXML = "text/html", "text/turtle", "application/n-triples", "application/ld+json", \
    "application/rdf+xml"
SRJ, SRX, CSV, TSV = "application/sparql-results+json", "application/sparql-results+xml", "text/csv", \
    "text/tab-separated-values"
NQ, TRIG = "application/n-quads", "application/trig"

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
          "application/signed-exchange;v=b3;q=0.7")
SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JAVA = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"          # HttpURLConnection's default
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
RDFLIB = ("application/rdf+xml;q=0.9, text/n3;q=0.9, text/turtle;q=1.0, application/n-triples;q=0.9, "
          "application/n-quads;q=0.9, application/ld+json;q=0.8, */*;q=0.1")   # rdflib Graph.parse(url)
JENA = ("text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,"
        "application/trig;q=0.6,application/n-quads;q=0.5,*/*;q=0.3")           # RDFDataMgr-style list

# (Accept, what a resource page answers, what a SELECT/ASK answers, what a CONSTRUCT/DESCRIBE answers);
# None = 406
CASES = [
    # q-values decide, not order
    ("text/turtle;q=0.9, application/ld+json;q=1.0", JSONLD, None, JSONLD),
    ("application/ld+json;q=0.5, text/turtle", TTL, None, TTL),
    ("application/rdf+xml, application/xml;q=0.9, */*;q=0.1", RDFXML, SRX, RDFXML),
    # browsers get HTML everywhere
    (FIREFOX, HTML, HTML, HTML),
    (CHROME, HTML, HTML, HTML),
    (SAFARI, HTML, HTML, HTML),
    (JAVA, HTML, HTML, HTML),
    # anything: our first choice (HTML for pages, JSON results, Turtle)
    ("*/*", HTML, SRJ, TTL),
    (None, HTML, SRJ, TTL),
    ("", HTML, SRJ, TTL),
    ("   ", HTML, SRJ, TTL),
    # application/json: JSON-LD for RDF, JSON results for a table
    ("application/json", JSONLD, SRJ, JSONLD),
    ("application/xml", RDFXML, SRX, RDFXML),
    ("text/xml", RDFXML, SRX, RDFXML),
    # garbage means no usable preference: treated as */*, never a 500
    ("text", HTML, SRJ, TTL),
    (";q=0.5", HTML, SRJ, TTL),
    (",,,", HTML, SRJ, TTL),
    ("text/", HTML, SRJ, TTL),
    ("/turtle", HTML, SRJ, TTL),
    ("*/turtle", HTML, SRJ, TTL),
    ("text/turtle;q=abc", HTML, SRJ, TTL),                # a malformed q drops that range only
    ("text/turtle;q=2, application/ld+json;q=0.5", JSONLD, None, JSONLD),
    ("\x00\xff", HTML, SRJ, TTL),
    # q=0 excludes
    ("text/turtle;q=0, */*;q=0.1", HTML, SRJ, NT),
    ("text/html;q=0, */*", TTL, SRJ, TTL),
    ("*/*;q=0", None, None, None),
    ("text/turtle;q=0", None, None, None),
    ("application/sparql-results+json;q=0, */*;q=0.5", HTML, SRX, TTL),
    # case and parameters
    ("Text/Turtle", TTL, None, TTL),
    ("TEXT/HTML", HTML, HTML, HTML),
    ("text/turtle; charset=utf-8", TTL, None, TTL),
    ("text/turtle;charset=UTF-8;q=0.4, application/rdf+xml;q=0.3", TTL, None, TTL),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted,x"', JSONLD, None, JSONLD),
    ('application/ld+json; profile="a,b"; q=0.2, text/turtle;q=0.1', JSONLD, None, JSONLD),
    ("text/turtle ; q=0.5 , application/n-triples ; q=0.6", NT, None, NT),
    # old and alternative names
    ("application/x-turtle", TTL, None, TTL),
    ("text/n3", TTL, None, TTL),
    ("text/plain", NT, None, NT),
    ("text/x-nquads", None, None, NQ),
    ("application/trig", None, None, TRIG),
    # the clients that ask for tables
    (SPARQLWRAPPER_JSON, JSONLD, SRJ, JSONLD),
    ("application/sparql-results+xml", None, SRX, None),
    ("text/csv", None, CSV, None),
    ("text/tab-separated-values", None, TSV, None),
    ("text/csv;q=0.5, text/tab-separated-values", None, TSV, None),
    ("text/*", HTML, CSV, TTL),
    ("application/*", NT, SRJ, NT),                        # our order among application/* types
    # RDF clients
    (SPARQLWRAPPER_N3, TTL, None, TTL),
    (RDFLIB, TTL, SRJ, TTL),
    (JENA, TTL, SRJ, TTL),
    ("image/png", None, None, None),
    ("application/pdf, image/*", None, None, None),
]


@pytest.mark.parametrize("accept,resource,table,graph", CASES, ids=[repr(c[0])[:60] for c in CASES])
def test_negotiation_table(accept, resource, table, graph):
    assert negotiate(accept, RESOURCE_OFFERS) == resource
    assert negotiate(accept, SELECT_OFFERS) == table
    assert negotiate(accept, GRAPH_OFFERS) == graph


def test_parse_accept_reads_types_q_values_and_order():
    ranges = parse_accept("Text/Turtle;charset=utf-8;q=0.5, application/ld+json, */*;q=.1")
    assert ranges == [Range("text", "turtle", 0.5, 0), Range("application", "ld+json", 1.0, 1),
                      Range("*", "*", 0.1, 2)]


def test_parse_accept_without_a_usable_range_means_anything():
    for header in (None, "", " ", "text", ";q=0.5", "foo/bar/baz", "text/turtle;q=x"):
        assert parse_accept(header) == [Range("*", "*", 1.0, 0)], header


def test_parse_accept_skips_only_the_bad_parts():
    assert [r.media_type for r in parse_accept("garbage, text/turtle, ;q=1, application/n-triples;q=1.5")] == \
        ["text/turtle"]


def test_a_lone_star_is_any():
    assert parse_accept("*; q=.2") == [Range("*", "*", 0.2, 0)]


def test_quoted_commas_do_not_split_ranges():
    ranges = parse_accept('application/ld+json;profile="a,b";q=0.3, text/turtle;q=0.2')
    assert [(r.media_type, r.q) for r in ranges] == [("application/ld+json", 0.3), ("text/turtle", 0.2)]


def test_the_most_specific_range_gives_the_q():
    # RFC 9110 §12.5.1: text/turtle;q=0 beats text/*;q=1 and */*
    assert negotiate("text/*, text/turtle;q=0, */*", [TTL, CSV]) == CSV
    # an exact name beats an alias that names the same offer
    assert negotiate("application/json;q=1, application/ld+json;q=0.1, text/turtle;q=0.5", [JSONLD, TTL]) == TTL


def test_ties_follow_the_clients_order_then_ours():
    assert negotiate("application/n-triples, text/turtle", [TTL, NT]) == NT
    assert negotiate("text/turtle, application/n-triples", [TTL, NT]) == TTL
    assert negotiate("*/*", [NT, TTL]) == NT


def test_every_alias_points_at_something_the_server_offers():
    offered = set(RESOURCE_OFFERS) | set(SELECT_OFFERS) | set(GRAPH_OFFERS)
    for alias, targets in ALIASES.items():
        assert targets and set(targets) <= offered, alias


def test_a_huge_hostile_header_is_parsed_quickly():
    import time
    header = '"' * 20000 + ", text/turtle;q=0.5" * 2000 + ";" * 20000
    t0 = time.perf_counter()
    negotiate(header, RESOURCE_OFFERS)
    assert time.perf_counter() - t0 < 1
