"""The zwgk ontology and its SKOS code lists, as Turtle files beside this module.

The Turtle uses relative IRIs (<def/zwgk#DisclosureItem>, <concept/channel/website>), resolved against
the vocabulary namespace (zwgk.uris.vocab(): ZWGK_VOCAB, default https://w3id.org/zwgk/), never against a
deployment's base: the ontology and the code lists have the same IRIs in every deployment. The `base`
parameters of the functions below are kept for their callers and do not change the IRIs. `CodeLists`
answers "which concept does this printed label name?" by exact match on prefLabel/altLabel (whitespace
ignored), never fuzzily.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..uris import URIs, vocab

HERE = Path(__file__).parent
ONTOLOGY_FILE = HERE / "zwgk.ttl"
VOCAB_DIR = HERE / "vocab"

SKOS = "http://www.w3.org/2004/02/skos/core#"


def turtle_files() -> list[Path]:
    return [ONTOLOGY_FILE, *sorted(VOCAB_DIR.glob("*.ttl"))]


def parse_file(path: Path, vocab_ns: str | None = None) -> list[ox.Triple]:
    """A Turtle file of the vocabulary, its relative IRIs resolved against the vocabulary namespace."""
    data = path.read_bytes()
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=vocab_ns or vocab())]


def ontology_triples(base: str | None = None, vocab_ns: str | None = None) -> list[ox.Triple]:
    return parse_file(ONTOLOGY_FILE, vocab_ns)


def vocab_triples(base: str | None = None, vocab_ns: str | None = None) -> list[ox.Triple]:
    """The shared code lists (ontology/vocab/*.ttl)."""
    out: list[ox.Triple] = []
    for f in sorted(VOCAB_DIR.glob("*.ttl")):
        out.extend(parse_file(f, vocab_ns))
    return out


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)   # every list cell of every row is looked up; catalogues repeat their labels
def _key(label: str) -> str:
    """A label's lookup key: white space removed, full- and half-width forms made one (（电子屏） = (电子屏))."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", label))


class CodeLists:
    """Label → concept lookup for every shared code list ({vocab}concept/{scheme})."""

    def __init__(self, base: str, vocab_ns: str | None = None):
        self.base = base.rstrip("/")
        self.uris = URIs(self.base, vocab_ns)
        self.labels: dict[str, dict[str, str]] = {}      # scheme → label key → concept IRI
        self.pref: dict[str, str] = {}                    # concept IRI → zh prefLabel
        self.pref_en: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}            # collection IRI → member concept IRIs
        in_scheme: dict[str, str] = {}
        labelled: list[tuple[str, str, bool]] = []
        for t in vocab_triples(vocab_ns=self.uris.vocab):
            s, p, o = t.subject, t.predicate.value, t.object
            if p == SKOS + "inScheme":
                in_scheme[s.value] = o.value
            elif p == SKOS + "member":
                self.members.setdefault(s.value, set()).add(o.value)
            elif p in (SKOS + "prefLabel", SKOS + "altLabel") and isinstance(o, ox.Literal):
                if o.language == "zh":
                    labelled.append((s.value, o.value, p.endswith("prefLabel")))
                elif o.language == "en" and p.endswith("prefLabel"):
                    self.pref_en[s.value] = o.value
        for concept, label, is_pref in labelled:
            scheme = in_scheme.get(concept)
            if scheme is None:
                continue
            name = scheme.rsplit("/", 1)[-1]
            self.labels.setdefault(name, {})[_key(label)] = concept
            if is_pref:
                self.pref[concept] = label

    def scheme_iri(self, scheme: str) -> str:
        return self.uris.scheme(scheme)

    def uncontrolled_scheme(self, catalogue_id: str) -> str:
        """The catalogue's own scheme of values that matched no code list (zwgk:UncontrolledScheme)."""
        return self.uris.uncontrolled_scheme(catalogue_id)

    def placed_at(self, site: str, concept: str) -> bool:
        """`concept` is a channel that stands at a place (a notice board) and `site` a place holding such
        channels (a service hall): 办税服务厅公告栏 names the board at the hall, one channel."""
        channel = self.uris.scheme("channel")
        return concept in self.members.get(channel + "/placed", ()) and \
            site in self.members.get(channel + "/sites", ())

    def lookup(self, scheme: str, label: str) -> str | None:
        return self.labels.get(scheme, {}).get(_key(label))

    def label(self, concept: str) -> str:
        return self.pref.get(concept, concept.rsplit("/", 1)[-1])


def code_lists(base: str) -> CodeLists:
    """The code lists of a base, under the vocabulary namespace in use; one object per (base, vocabulary)."""
    return _code_lists(base, vocab())


@lru_cache(maxsize=8)
def _code_lists(base: str, vocab_ns: str) -> CodeLists:
    return CodeLists(base, vocab_ns)
