"""The endings of the names of bodies and places (mappings/bodies.yaml), as regular-expression alternations for the
rules that tell whether a text names a body (mappings/draft.py, mappings/records.py). The wordings are data; each
rule names the lists it draws from."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

BODIES_FILE = Path(__file__).with_name("bodies.yaml")


@lru_cache(maxsize=1)
def _lists() -> dict[str, list[str]]:
    data = yaml.safe_load(BODIES_FILE.read_text(encoding="utf-8"))
    return {name: [str(w) for w in words] for name, words in data.items()}


def endings(*lists: str) -> str:
    """The words of these lists as one alternation (no group), longest first: 委员会 is tried before 委."""
    words = dict.fromkeys(w for name in lists for w in _lists()[name])
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
