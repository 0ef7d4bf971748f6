"""Full-text search over item names and contents, for Chinese.

Oxigraph has no full-text index and CJK text has no spaces, so items are indexed by character bigrams
(and single characters, for one-character queries): a query matches an item that contains every one of
its bigrams; items whose name matches rank above items whose content matches.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

ITEMS_QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?i ?name ?content ?cat WHERE {
  ?i a ?type ; dct:title ?name .
  FILTER(STRENDS(STR(?type), "#DisclosureItem"))
  OPTIONAL { ?i dct:description ?content }
  OPTIONAL { ?i dct:isPartOf ?cat }
}"""
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def grams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _WORD.findall(text.lower()):
        if len(run) == 1 or run.isascii():
            out.add(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
        out.update(run)  # single characters, so one-character queries work
    return out


def query_grams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _WORD.findall(text.lower()):
        if run.isascii() or len(run) == 1:
            out.add(run)
        else:
            out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


@dataclass
class Hit:
    iri: str
    name: str
    content: str
    catalogue: str
    score: float


class SearchIndex:
    def __init__(self, docs: list[tuple[str, str, str, str]]):
        self.docs = docs
        self.index: dict[str, set[int]] = defaultdict(set)
        for n, (_, name, content, _) in enumerate(docs):
            for g in grams(name) | grams(content):
                self.index[g].add(n)

    @classmethod
    def from_store(cls, store) -> "SearchIndex":
        docs = {}
        for r in store.select(ITEMS_QUERY):
            iri = r["i"].value
            if iri not in docs:
                docs[iri] = (iri, r["name"].value, r["content"].value if r["content"] else "",
                             r["cat"].value if r["cat"] else "")
        return cls(sorted(docs.values()))

    def search(self, text: str) -> list[Hit]:
        qg = query_grams(text)
        if not qg:
            return []
        sets = [self.index.get(g, set()) for g in qg]
        found = set.intersection(*sets) if sets else set()
        phrase = text.strip().lower()
        hits = []
        for n in found:
            iri, name, content, cat = self.docs[n]
            score = 0.0
            score += 10 if phrase and phrase in name.lower() else 0
            score += 3 if phrase and phrase in content.lower() else 0
            score += sum(1 for g in qg if g in name.lower()) * 0.5
            hits.append(Hit(iri, name, content, cat, score))
        hits.sort(key=lambda h: (-h.score, h.name, h.iri))
        return hits
