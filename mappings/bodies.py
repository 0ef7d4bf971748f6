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


_NOTE_AFTER = re.compile(r"[（(][^（）()]*[）)]$")


@lru_cache(maxsize=1)
def _body_ends() -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(f"(?:{endings('government', 'institute', 'committee', 'places')})$"),
            re.compile(f"(?:{endings('own_offices')})$"))


def ends_as_body(name: str) -> bool:
    """Whether a name (compacted) ends as a body's name does (县人社局, 市财政局, 某某镇人民政府, 县人社局（社保中心）),
    not as an agency's own offices do (办公室, 医疗保险服务中心, 机关党委, 待遇保障科): the rule `mint` of
    bodies.yaml. An ending alone (政府, 局, 委员会) names no body: nothing says which."""
    name = _NOTE_AFTER.sub("", name)
    body, own = _body_ends()
    m = body.search(name)
    return m is not None and m.start() > 0 and not own.search(name)


def short_name_of(short: str, name: str) -> bool:
    """Whether `short` (compacted, ending as a body's name does) is a short name of the body named `name`: three
    characters or more, all of them `name`'s, in order (县医保局 of 巨野县医疗保障局, 发改委 of 发展和改革委员会,
    区政府 of 某区人民政府)."""
    if len(short) < 3:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)
