"""Alignment of catalogue items to the common item types (ontology/vocab/item-types.ttl).

The rules are data, in mappings/item-types.yaml, so every decision is written down and reviewable:
item names and category names per type (the wordings of catalogues of many agencies, and each type's own
labels in ontology/vocab/item-types.ttl: an item named 人事信息, or under a category 行政许可, is of that type),
a few decisions about one catalogue's item (with their reason), and the names reviewed and deliberately
left without a type. Names are compared whole, as written but for white space, quotation marks, list
marks (★●) and the 、 inside a name (“双随机、一公开” = 双随机一公开): nothing is matched fuzzily, and
`ItemTypes.types_of` is the only matching code.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .mappings import MAPPINGS_DIR

RULES_FILE = MAPPINGS_DIR.parent / "item-types.yaml"
SCHEME = "item-type"


def key(text: str) -> str:
    """Names compare without white space (PDF and Word extractions break and pad them), quotation marks,
    list marks and 、 (“双随机、一公开” and 双随机一公开 are one name), full- and half-width forms alike."""
    return _NOT_COMPARED.sub("", unicodedata.normalize("NFKC", text))


_NOT_COMPARED = re.compile(r"[\s“”\"'‘’「」『』★☆●○◆◇▲△■□、]+")


@dataclass
class ItemTypes:
    by_name: dict[str, list[str]] = field(default_factory=dict)        # name key → type notations
    by_category: dict[str, list[str]] = field(default_factory=dict)    # category key → type notations
    # a type's own label as the item's lowest category level (政策文件 / 政策解读: an interpretation)
    by_lowest_category: dict[str, list[str]] = field(default_factory=dict)
    by_catalogue_name: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    reviewed: set[str] = field(default_factory=set)                    # name keys left without a type
    notations: list[str] = field(default_factory=list)                 # in the order of the rules file

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> "ItemTypes":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        out = cls()
        for notation, rule in (raw.get("types") or {}).items():
            out.notations.append(notation)
            for name in rule.get("names") or []:
                out.by_name.setdefault(key(str(name)), []).append(notation)
            for cat in rule.get("categories") or []:
                out.by_category.setdefault(key(str(cat)), []).append(notation)
        for r in raw.get("catalogue_rules") or []:
            unknown = set(r["types"]) - set(out.notations)
            if unknown or not r.get("reason"):
                raise ValueError(f"{path}: catalogue rule {r} needs known types and a reason")
            out.by_catalogue_name[(r["catalogue"], key(r["name"]))] = list(r["types"])
        out.reviewed = {key(str(n)) for n in raw.get("reviewed_without_type") or []}
        for notation, labels in type_labels().items():     # a type's own labels name it, as item and category
            if notation in out.notations:
                for label in labels:
                    for rules in (out.by_name, out.by_lowest_category):
                        if notation not in rules.setdefault(key(label), []):
                            rules[key(label)].append(notation)
        return out

    def types_of(self, catalogue_id: str, name: str, categories: list[str]) -> list[str]:
        """The type notations of one item, in the rules file's order."""
        found = set(self.by_name.get(key(name), []))
        found |= set(self.by_catalogue_name.get((catalogue_id, key(name)), []))
        for c in categories:
            found |= set(self.by_category.get(key(c), []))
        if categories:
            found |= set(self.by_lowest_category.get(key(categories[-1]), []))
        return [n for n in self.notations if n in found]

    def is_reviewed(self, name: str) -> bool:
        return key(name) in self.reviewed


def type_labels() -> dict[str, list[str]]:
    """notation → the zh labels (preferred and alternative) of each item type in the vocabulary."""
    from .ontology import vocab_triples
    skos = "http://www.w3.org/2004/02/skos/core#"
    out: dict[str, list[str]] = {}
    for t in vocab_triples():
        s, p, o = t.subject.value, t.predicate.value, t.object
        if "/concept/item-type/" in s and p in (skos + "prefLabel", skos + "altLabel") and \
                getattr(o, "language", None) == "zh":
            out.setdefault(s.rsplit("/", 1)[1], []).append(o.value)
    return out


@lru_cache(maxsize=1)
def item_types() -> ItemTypes:
    return ItemTypes.load()
