"""Alignment of catalogue items to the common item types (ontology/vocab/item-types.ttl).

The rules are data, in mappings/item-types.yaml, so every decision is written down and reviewable:
exact item names and exact category names per type, a few decisions about one catalogue's item (with
their reason), and the names reviewed and deliberately left without a type. Nothing is matched fuzzily;
`ItemTypes.types_of` is the only matching code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .mappings import MAPPINGS_DIR

RULES_FILE = MAPPINGS_DIR.parent / "item-types.yaml"
SCHEME = "item-type"


def key(text: str) -> str:
    """Names compare without whitespace (PDF and Word extractions break and pad them)."""
    return re.sub(r"\s+", "", text)


@dataclass
class ItemTypes:
    by_name: dict[str, list[str]] = field(default_factory=dict)        # name key → type notations
    by_category: dict[str, list[str]] = field(default_factory=dict)    # category key → type notations
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
        return out

    def types_of(self, catalogue_id: str, name: str, categories: list[str]) -> list[str]:
        """The type notations of one item, in the rules file's order."""
        found = set(self.by_name.get(key(name), []))
        found |= set(self.by_catalogue_name.get((catalogue_id, key(name)), []))
        for c in categories:
            found |= set(self.by_category.get(key(c), []))
        return [n for n in self.notations if n in found]

    def is_reviewed(self, name: str) -> bool:
        return key(name) in self.reviewed


@lru_cache(maxsize=1)
def item_types() -> ItemTypes:
    return ItemTypes.load()
