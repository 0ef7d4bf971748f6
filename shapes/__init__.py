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

`compiled(base)` gives the shapes compiled to SPARQL checks (zwgk.shaclsparql), kept on disk in the user's cache
folder ($ZWGK_CACHE_DIR, else $XDG_CACHE_HOME/zwgk or ~/.cache/zwgk) under a key of everything they follow from:
the shape files, the vocabulary namespace, the base and the compiler's own source. Compiling needs rdflib and
takes 0.3 s; a build's every worker needs the checks, and loads them in milliseconds.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..checks import Check
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


def cache_dir() -> Path:
    named = os.environ.get("ZWGK_CACHE_DIR")
    if named:
        return Path(named)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zwgk"


def _compiled_key(base: str) -> str:
    import importlib.util
    from .. import checks
    compiler = importlib.util.find_spec("zwgk.shaclsparql").origin     # its source, without importing rdflib
    h = hashlib.sha256()
    for part in (vocab(), base, Path(checks.__file__).read_bytes(), Path(compiler).read_bytes(),
                 *(f.name.encode() + b"\0" + f.read_bytes() for f in shape_files())):
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:32]


@lru_cache(maxsize=8)
def compiled(base: str) -> tuple[Check, ...]:
    """The project's shapes compiled for one base: from the cache on disk, else compiled (and cached; a cache
    that cannot be written or read is only slower)."""
    path = cache_dir() / f"checks-{_compiled_key(base)}.json"
    try:
        return tuple(Check.from_json(c) for c in json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        pass
    from ..shaclsparql import compile_shapes
    checks = tuple(compile_shapes(shapes_graph(base), base))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps([c.to_json() for c in checks], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return checks
