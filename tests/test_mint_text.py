"""The minter's graphs are text (mappings/mint.py Graph: a line a quad, each term as N-Triples writes it): the text
must be byte for byte what pyoxigraph serializes of the same quads, and parse back to the quads made term by term,
whatever the literal holds (quotes, backslashes, control characters, non-characters)."""
import pyoxigraph as ox
import pytest

from zwgk.dumps import fragments
from zwgk.mappings.mint import XSD, Graph, lit

G = "https://zwgk.example.org/id/catalogue/t"
S, P = "https://zwgk.example.org/id/item/t/1", "http://purl.org/dc/terms/title"
NASTY = ['plain 文本', 'a "quoted" \\ back', "tab\tnew\nline\rcr", "\x00\x01\x08\x0b\x0c\x1f\x7f",
         "non-characters \ufffe\uffff", "emoji 😀 and U+2028 \u2028", "_x0041_ <&>"]


def minted() -> tuple[Graph, list[ox.Quad]]:
    g, expected = Graph(G), []
    name, s, p = ox.NamedNode(G), ox.NamedNode(S), ox.NamedNode(P)
    for text in NASTY:
        g.text(S, P, text)
        expected.append(ox.Quad(s, p, ox.Literal(text, language="zh"), name))
        g.text(S, P, text, None)
        expected.append(ox.Quad(s, p, ox.Literal(text), name))
    g.add(S, "http://example.org/n", ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")))
    expected.append(ox.Quad(s, ox.NamedNode("http://example.org/n"),
                            ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")), name))
    g.add(S, "http://xmlns.com/foaf/0.1/page", "http://example.org/页面?q=1#x")
    expected.append(ox.Quad(s, ox.NamedNode("http://xmlns.com/foaf/0.1/page"),
                            ox.NamedNode("http://example.org/页面?q=1#x"), name))
    return g, expected


def test_text_is_what_pyoxigraph_writes():
    g, expected = minted()
    assert g.quads == expected
    assert g.nquads() == ox.serialize(expected, format=ox.RdfFormat.N_QUADS)
    assert g.ntriples() == ox.serialize([q.triple for q in expected], format=ox.RdfFormat.N_TRIPLES)


def test_every_character_a_literal_may_hold():
    # each code point (but surrogates) in a literal: the line is pyoxigraph's own
    g, expected = Graph(G), []
    for start in range(0, 0x110000, 0x800):
        text = "".join(chr(c) for c in range(start, start + 0x800) if not 0xD800 <= c <= 0xDFFF)
        if not text:
            continue
        g.text(S, P, text)
        expected.append(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal(text, language="zh"), ox.NamedNode(G)))
    assert g.nquads() == ox.serialize(expected, format=ox.RdfFormat.N_QUADS)


def test_not_an_iri_or_not_text_is_refused_when_added():
    g = Graph(G)
    with pytest.raises(ValueError):
        g.add(S, "http://xmlns.com/foaf/0.1/page", "not an iri")      # mint.more_fields keeps it as text
    with pytest.raises(ValueError):
        lit("lone \udc80 surrogate")
    assert g.lines == []


def test_quads_added_after_they_were_read_and_quads_given_as_quads():
    g, expected = minted()
    g.quads
    g.text(S, P, "later")
    expected.append(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("later", language="zh"), ox.NamedNode(G)))
    assert g.quads == expected and g.nquads() == ox.serialize(expected, format=ox.RdfFormat.N_QUADS)
    extra = ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("given"), ox.NamedNode(G))
    g.quads.append(extra)                   # as pipeline.graphs_of does
    assert g.nquads() == ox.serialize(expected + [extra], format=ox.RdfFormat.N_QUADS)


def test_fragments_of_graphs_and_quads_are_those_of_their_quads(tmp_path):
    g, expected = minted()
    report = [ox.Quad(ox.BlankNode("r1"), ox.NamedNode(P), ox.Literal("报告 \"x\""), ox.NamedNode(G + "/report")),
              ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("plain 文本", language="zh"), ox.NamedNode(G))]
    a = fragments(tmp_path / "a", [g, *report], "https://zwgk.example.org")
    b = fragments(tmp_path / "b", expected + report, "https://zwgk.example.org")
    assert a == b and a.quads == len(set(expected + report))
    for name in ("graph.nq.gz", "graph.nq.json", "graph.nt.gz", "graph.ttl.gz", "graph.jsonld.gz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
