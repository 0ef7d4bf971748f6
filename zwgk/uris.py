"""The URI scheme. Every IRI zwgk mints is built here, from natural keys only, so a rebuild gives the
same IRIs:

    {base}/id/agency/{agency}                      an agency (org:Organization)
    {base}/id/agency/{agency}/unit/{office}        one of its offices (org:OrganizationalUnit)
    {base}/id/catalogue/{catalogue}                a catalogue (dcat:Catalog), also its named graph
    {base}/id/item/{catalogue}/{key}               a disclosure item; key = 序号, code or name
    {base}/id/law/{identifier}                     a legal basis; identifier = document number or title
    {base}/id/concept/{scheme}[/{concept}]         a SKOS scheme / concept
    {base}/def/zwgk                                the ontology ({base}/def/zwgk#Term)
    {base}/source/{file}                           a source file (catalogue text, mapping file)

Keys keep their Chinese text (IRIs, RFC 3987); characters that would break a path segment become '-'.
The keys come from untrusted catalogues, so "would break" is everything RFC 3987 keeps out of a path:
whitespace and ASCII delimiters (/ \\ ? # % < > " { } | ^ ` [ ]), control characters (C0, DEL, C1),
bidirectional formatting characters (U+061C, U+200E/F, U+202A–E, U+2066–9), surrogates, private use,
non-characters and specials (U+FDD0–FDEF, U+FFF0–FFFF, U+xFFFE/U+xFFFF, U+E0000–E0FFF, planes 15–16).
A key that is only dots ('.', '..') would be a dot-segment, which clients remove: it gets a '_' in front.
Source file names keep their name and have such characters percent-encoded instead (the server decodes
them back to the file). Agency and catalogue ids are checked slugs (mappings/spec.py).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# characters no IRI may hold anywhere: whitespace, some ASCII punctuation, controls (C0, DEL, C1), bidi
# formatting, surrogates, private use, non-characters and specials (outside RFC 3987 ucschar)
_NEVER = (
    r"\s\\<>\"{}|^`"
    r"\x00-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 14))
    + "\U000e0000-\U000e0fff\U000efffe\U000effff\U000f0000-\U0010ffff"
)
_UNSAFE = re.compile(rf"[/?#%\[\]{_NEVER}]+")          # not in a path segment (RFC 3987 ipchar)
_UNSAFE_IN_PATH = re.compile(rf"[?#%\[\]{_NEVER}]")     # the same, '/' kept: it separates folders
_NEVER_IN_BASE = re.compile(rf"[?#{_NEVER}]")
_DOTS = re.compile(r"\.+")


def segment(key: str) -> str:
    """A natural key as one IRI path segment."""
    s = _UNSAFE.sub("-", key.strip()).strip("-")
    if _DOTS.fullmatch(s):
        return "_" + s      # never a dot-segment ('.', '..')
    return s or "_"


def _percent(m: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass"))


def path_segments(path: str) -> str:
    """A relative file path ('catalogues/目录 2024.txt') as IRI path segments: characters that may not
    appear in an IRI path are percent-encoded (UTF-8), dot-segments become %2E; '/' separates."""
    parts = []
    for part in path.split("/"):
        part = _UNSAFE_IN_PATH.sub(_percent, part)
        parts.append(part.replace(".", "%2E") if _DOTS.fullmatch(part) else part)
    return "/".join(parts)


class BaseError(ValueError):
    """The configured base IRI (--base, ZWGK_BASE) cannot be the base of every minted IRI."""


def check_base(base: str) -> str:
    """The base IRI given by --base / ZWGK_BASE, without a trailing '/', or a BaseError saying what is
    wrong with it. Called once at start: every IRI zwgk mints begins with it."""
    what = f"the base IRI {base!r} (--base, ZWGK_BASE)"
    if not isinstance(base, str) or not base.strip():
        raise BaseError("the base IRI (--base, ZWGK_BASE) is empty; give one such as https://data.example.gov.cn")
    if len(base) > 500:
        raise BaseError(f"the base IRI (--base, ZWGK_BASE) is {len(base)} characters long; the limit is 500")
    bad = _NEVER_IN_BASE.search(base)   # '%' and '[ ]' (an IPv6 host) are checked below
    if bad:
        ch = bad.group(0)
        raise BaseError(f"{what} contains {ch!r} (U+{ord(ch):04X}), which may not appear in a base IRI")
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as e:
        raise BaseError(f"{what} is not a valid IRI: {e}") from None
    if "[" in parts.path or "]" in parts.path:
        raise BaseError(f"{what} has '[' or ']' in its path, which may not appear there")
    if parts.scheme not in ("http", "https"):
        raise BaseError(f"{what} must start with http:// or https://")
    if not parts.hostname:
        raise BaseError(f"{what} has no host name")
    if parts.username is not None or parts.password is not None:
        raise BaseError(f"{what} may not hold a user name or password")
    if re.search(r"%(?![0-9A-Fa-f]{2})", base):
        raise BaseError(f"{what} has a '%' that is not a percent-encoding (%XX)")
    if any(seg in (".", "..") for seg in parts.path.split("/")):
        raise BaseError(f"{what} has a '.' or '..' path segment")
    return base.rstrip("/")


class URIs:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def agency(self, agency_id: str) -> str:
        return f"{self.base}/id/agency/{agency_id}"

    def unit(self, agency_id: str, name: str) -> str:
        return f"{self.agency(agency_id)}/unit/{segment(name)}"

    def catalogue(self, catalogue_id: str) -> str:
        return f"{self.base}/id/catalogue/{catalogue_id}"

    def activity(self, catalogue_id: str) -> str:
        return f"{self.catalogue(catalogue_id)}/build"

    def item(self, catalogue_id: str, key: str) -> str:
        return f"{self.base}/id/item/{catalogue_id}/{segment(key)}"

    def law(self, identifier: str) -> str:
        return f"{self.base}/id/law/{segment(identifier)}"

    def scheme(self, scheme: str) -> str:
        return f"{self.base}/id/concept/{scheme}"

    def concept(self, scheme: str, key: str) -> str:
        return f"{self.scheme(scheme)}/{segment(key)}"

    def category_scheme(self, catalogue_id: str) -> str:
        return self.scheme(f"category/{catalogue_id}")

    def category(self, catalogue_id: str, key: str) -> str:
        return f"{self.category_scheme(catalogue_id)}/{segment(key)}"

    def source(self, path: str) -> str:
        return f"{self.base}/source/{path_segments(path)}"

    @property
    def ontology(self) -> str:
        return f"{self.base}/def/zwgk"

    @property
    def ns(self) -> str:
        return f"{self.base}/def/zwgk#"

    # named graphs that hold what catalogues share
    @property
    def laws_graph(self) -> str:
        return f"{self.base}/id/law"

    @property
    def vocab_graph(self) -> str:
        return f"{self.base}/id/concept"
