"""Content negotiation: parse Accept (q-values, wildcards, parameters) and pick the best offer."""
from __future__ import annotations

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
ALIASES = {  # media types clients send for the same thing
    "application/x-turtle": "text/turtle", "text/n3": "text/turtle", "application/json": "application/ld+json",
    "text/plain": "application/n-triples", "application/xml": "application/rdf+xml",
    "application/xhtml+xml": "text/html", "text/x-nquads": "application/n-quads",
}


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return (self.type in ("*", t)) and (self.subtype in ("*", s))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[Range]:
    """Media ranges of an Accept header; malformed parts are skipped, missing header means */*."""
    if not header or not header.strip():
        return [Range("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if "/" not in mt:
            continue
        mt = ALIASES.get(mt, mt)
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        t, _, s = mt.partition("/")
        ranges.append(Range(t, s or "*", q, order))
    return ranges


def quality(ranges: list[Range], media_type: str) -> float:
    """q of the most specific range matching media_type (RFC 9110 §12.5.1)."""
    best = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (ties: the client's order, then ours); None means 406."""
    ranges = parse_accept(header)
    scored = []
    for i, offer in enumerate(offers):
        q = quality(ranges, offer)
        if q > 0:
            explicit = min((r.order for r in ranges if r.matches(offer) and r.specificity == 2), default=999)
            scored.append((-q, explicit, i, offer))
    return min(scored)[3] if scored else None
