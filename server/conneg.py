"""Content negotiation: parse Accept (q-values, wildcards, parameters) and pick the best offer."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# RDF formats a resource can be served in: media type → (pyoxigraph format name, file extension)
RDF_TYPES = {
    "text/turtle": ("TURTLE", "ttl"),
    "application/n-triples": ("N_TRIPLES", "nt"),
    "application/ld+json": ("JSON_LD", "jsonld"),
    "application/rdf+xml": ("RDF_XML", "rdf"),
}
DATASET_TYPES = {"application/n-quads": ("N_QUADS", "nq"), "application/trig": ("TRIG", "trig")}
EXTENSIONS = {ext: mt for mt, (_, ext) in {**RDF_TYPES, **DATASET_TYPES}.items()} | {"html": "text/html"}
# Media types clients send for something we offer under another name. A range matches the offers it aliases
# as well as itself, so `application/json` gets JSON-LD from a resource and JSON results from a SELECT, and
# `application/xml` gets RDF/XML or SPARQL XML results, whichever the answer can be.
ALIASES = {
    "application/x-turtle": ("text/turtle",), "application/turtle": ("text/turtle",), "text/n3": ("text/turtle",),
    "text/rdf+n3": ("text/turtle",), "application/n3": ("text/turtle",),
    "application/json": ("application/ld+json", "application/sparql-results+json"),
    "application/x-json+ld": ("application/ld+json",),
    "text/plain": ("application/n-triples",), "text/x-nquads": ("application/n-quads",),
    "application/xml": ("application/rdf+xml", "application/sparql-results+xml"),
    "text/xml": ("application/rdf+xml", "application/sparql-results+xml"),
    "application/xhtml+xml": ("text/html",),
    "text/tsv": ("text/tab-separated-values",),
}
# a token (RFC 9110 §5.6.2); media types and parameter names are made of these
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# one element of a comma-separated list, commas inside quoted strings kept
_ELEMENT = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*"?)+')


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def media_type(self) -> str:
        return f"{self.type}/{self.subtype}"

    def matches(self, media_type: str) -> bool:
        return self.specificity_for(media_type) >= 0

    def specificity_for(self, media_type: str) -> float:
        """How precisely this range names media_type: 2 exactly, 1.5 by an alias, 1 type/*, 0 */*, -1 not at all."""
        t, _, s = media_type.partition("/")
        if self.type == t and self.subtype == s:
            return 2
        if media_type in ALIASES.get(self.media_type, ()):
            return 1.5
        if self.type == t and self.subtype == "*":
            return 1
        if self.type == "*" and self.subtype == "*":
            return 0
        return -1

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


ANY = Range("*", "*", 1.0, 0)


def parse_accept(header: str | None) -> list[Range]:
    """Media ranges of an Accept header, in the client's order.

    Case-insensitive; parameters other than q are ignored; a lone `*` (old Java clients) means `*/*`; a range
    with a malformed media type or q-value is skipped. A missing, empty or wholly malformed header means
    `*/*` (RFC 9110 §12.5.1 lets a server disregard an Accept it cannot parse, rather than answer 406).
    """
    if not header or not header.strip():
        return [ANY]
    ranges = []
    for order, part in enumerate(m.group(0) for m in _ELEMENT.finditer(header)):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if mt == "*":
            mt = "*/*"
        t, slash, s = mt.partition("/")
        if not slash or not _TOKEN.match(t) or not _TOKEN.match(s) or (t == "*" and s != "*"):
            continue
        q: float | None = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                q = _qvalue(v.strip())
        if q is None:
            continue
        ranges.append(Range(t, s, q, order))
    return ranges or [ANY]


def _qvalue(v: str) -> float | None:
    try:
        q = float(v)
    except ValueError:
        return None
    return q if 0.0 <= q <= 1.0 else None


def quality(ranges: list[Range], media_type: str) -> float:
    """q of the most specific range matching media_type (RFC 9110 §12.5.1); 0 when none matches."""
    best, best_spec = None, -1.0
    for r in ranges:
        spec = r.specificity_for(media_type)
        if spec > best_spec:
            best, best_spec = r, spec
    return best.q if best else 0.0


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (ties: the client's order, then ours); None means 406. Kept per header
    and offers: clients send a handful of different Accept headers, again and again."""
    if header is not None and len(header) > 1024:     # not kept: a hostile header would fill the cache
        return _negotiate(header, tuple(offers))
    return _negotiated(header, tuple(offers))


@functools.lru_cache(maxsize=4096)
def _negotiated(header: str | None, offers: tuple[str, ...]) -> str | None:
    return _negotiate(header, offers)


def _negotiate(header: str | None, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    scored = []
    for i, offer in enumerate(offers):
        q = quality(ranges, offer)
        if q > 0:
            named = min((r.order for r in ranges if r.specificity_for(offer) >= 1.5), default=999)
            scored.append((-q, named, i, offer))
    return min(scored)[3] if scored else None
