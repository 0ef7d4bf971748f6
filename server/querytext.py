"""A SPARQL request's text, read without parsing it: its form (SELECT, ASK, CONSTRUCT/DESCRIBE), whether it is an
update, whether it calls a SERVICE. The endpoint, `zwgk query` and the remote store all need this; it lives apart
from the endpoint's router so that the command line does not load FastAPI (0.5 s) to run one query."""
from __future__ import annotations

import re

UPDATE_KEYWORDS = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
PROLOGUE = re.compile(r"^\s*((PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)


_LEXICAL = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')


def strip_strings_and_iris(query: str) -> str:
    """The query with comments and string literals blanked and IRIs emptied (`<>`), so keywords can be searched
    safely and a prologue (`PREFIX ex: <…>`) is still recognisable."""
    return _LEXICAL.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", query)


def uses_service(query: str, stripped: str | None = None) -> bool:
    """A SERVICE clause: the keyword, not a prefix (`service:`), a local name (`ex:service`) or a variable.
    (`stripped`: the query through strip_strings_and_iris already, to do that once per request.)"""
    return bool(_SERVICE.search(stripped if stripped is not None else strip_strings_and_iris(query)))


_SERVICE = re.compile(r"(?<![:\w?$-])SERVICE\b(?![\w.-]*:)", re.I)


def is_update(query: str, stripped: str | None = None) -> bool:
    body = PROLOGUE.sub("", stripped if stripped is not None else strip_strings_and_iris(query), count=1)
    return bool(UPDATE_KEYWORDS.match(body))


def query_kind(query: str, stripped: str | None = None) -> str:
    """select | ask | graph, from the query form keyword (to negotiate before running it)."""
    body = PROLOGUE.sub("", stripped if stripped is not None else strip_strings_and_iris(query), count=1)
    m = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
    if not m:
        return "select"
    return {"SELECT": "select", "ASK": "ask"}.get(m.group(1).upper(), "graph")
