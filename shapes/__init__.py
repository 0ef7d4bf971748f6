"""The zwgk SHACL shapes, as Turtle files beside this module (one file per kind of resource).

Like the ontology, the Turtle uses relative IRIs (<def/zwgk#DisclosureItem>, <concept/channel>) and is
parsed against the vocabulary namespace (zwgk.uris.vocab(): ZWGK_VOCAB, default https://w3id.org/zwgk/), so
the shapes have the same IRIs in every deployment. Shapes are named {vocab}def/shapes#Name and are
published in the named graph {vocab}def/shapes, so that a validation result's sh:sourceShape can be looked
up (sh:name, sh:message, sh:severity) on the SPARQL endpoint. The `base` parameters below are kept for
their callers and do not change the IRIs.

SHACL wants sh:namespace (in sh:prefixes declarations of SPARQL constraints) as an xsd:anyURI literal,
which a relative IRI cannot be; the files write it as an IRI, so that it follows the vocabulary
namespace, and `shapes_triples` turns it into the literal.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..uris import URIs, vocab

HERE = Path(__file__).parent
SH = "http://www.w3.org/ns/shacl#"
XSD_ANYURI = "http://www.w3.org/2001/XMLSchema#anyURI"


def shape_files() -> list[Path]:
    return sorted(HERE.glob("*.ttl"))


def graph_name(base: str | None = None) -> str:
    """The named graph holding the shapes in the store and the dumps ({vocab}def/shapes)."""
    return URIs(base or "http://localhost").shapes_graph


def shapes_triples(base: str | None = None, vocab_ns: str | None = None) -> tuple[ox.Triple, ...]:
    return _shapes_triples(vocab_ns or vocab())


@lru_cache(maxsize=8)
def _shapes_triples(base_iri: str) -> tuple[ox.Triple, ...]:
    out = []
    for f in shape_files():
        for q in ox.parse(f.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=base_iri):
            t = q.triple
            if t.predicate.value == SH + "namespace" and isinstance(t.object, ox.NamedNode):
                t = ox.Triple(t.subject, t.predicate, ox.Literal(t.object.value, datatype=ox.NamedNode(XSD_ANYURI)))
            out.append(t)
    return tuple(out)


def shapes_graph(base: str | None = None, vocab_ns: str | None = None):
    """The shapes as an rdflib Graph (what pyshacl and the SPARQL compiler read). A new graph per call."""
    import rdflib
    g = rdflib.Graph()
    data = ox.serialize(shapes_triples(base, vocab_ns), format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=data, format="nt")
    return g
