"""The URI scheme. Every IRI zwgk mints is built here, from natural keys only, so a rebuild gives the
same IRIs. Two namespaces:

The vocabulary: {vocab} (ZWGK_VOCAB / --vocab; default https://w3id.org/zwgk/), the same in every deployment,
so that data from two deployments merges and a query written against one runs against any other:

    {vocab}def/zwgk                                the ontology; its terms are {vocab}def/zwgk#Term
    {vocab}def/shapes                              the SHACL shapes (named graph); shapes are {vocab}def/shapes#Name
    {vocab}concept                                 the named graph of the code lists
    {vocab}concept/{code list}[/{concept}]         a shared code list (skos:ConceptScheme) / its concept

The data: {base} (ZWGK_BASE / --base), the deployment's own:

    {base}/id/agency/{agency}                      an agency (org:Organization)
    {base}/id/agency/{agency}/unit/{office}        one of its offices (org:OrganizationalUnit)
    {base}/id/agency/{agency}/body/{name}          another body its catalogue names as an item's subject or
                                                   responsible unit (县人社局 in a 医保局's; org:Organization,
                                                   org:linkedTo the agency): named as the agency's catalogue
                                                   names it (县人社局 is the county's, whichever county)
    {base}/id/catalogue/{catalogue}                a catalogue (dcat:Catalog), also its named graph
    {base}/id/item/{catalogue}/{key}               a disclosure item; key = 序号, code or name
    {base}/id/law/{identifier}                     a legal basis; identifier = document number or title
    {base}/id/concept/category/{catalogue}[/{key}] a catalogue's item categories (scheme / concept)
    {base}/id/concept/uncontrolled/{catalogue}[/{code list}/{label}]
                                                   a catalogue's values outside the code lists
    {base}/source/{file}                           a source file (catalogue text, mapping file)

Every deployment serves the vocabulary too: {vocab}X is answered at {base}/vocab/X (`local_path`, `iri_at`).

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

import os
import re
from functools import lru_cache
from urllib.parse import urlsplit

# the namespaces zwgk's data uses besides its own (one definition: the minter, the dumps and the server
# take them from here, so the server need not import the minter to print Turtle)
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
ELI = "http://data.europa.eu/eli/ontology#"
VCARD = "http://www.w3.org/2006/vcard/ns#"

PREFIXES = {"rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "dct": DCT, "dcat": DCAT, "org": ORG,
            "foaf": FOAF, "prov": PROV, "eli": ELI, "vcard": VCARD}

#: the vocabulary namespace when ZWGK_VOCAB is not set: the same in every deployment
DEFAULT_VOCAB = "https://w3id.org/zwgk/"
VOCAB_ENV = "ZWGK_VOCAB"
#: the path under which a deployment serves the vocabulary ({vocab}X at {base}/vocab/X)
VOCAB_PATH = "/vocab/"

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


class VocabError(BaseError):
    """The configured vocabulary namespace (--vocab, ZWGK_VOCAB) cannot be the start of every term."""


def check_base(base: str, name: str = "base IRI", option: str = "--base, ZWGK_BASE") -> str:
    """The base IRI given by --base / ZWGK_BASE, without a trailing '/', or a BaseError saying what is
    wrong with it. Called once at start: every IRI zwgk mints begins with it."""
    error = VocabError if option.startswith("--vocab") else BaseError
    what = f"the {name} {base!r} ({option})"
    if not isinstance(base, str) or not base.strip():
        raise error(f"the {name} ({option}) is empty; give one such as "
                    + ("https://w3id.org/zwgk/" if error is VocabError else "https://data.example.gov.cn"))
    if len(base) > 500:
        raise error(f"the {name} ({option}) is {len(base)} characters long; the limit is 500")
    bad = _NEVER_IN_BASE.search(base)   # '%' and '[ ]' (an IPv6 host) are checked below
    if bad:
        ch = bad.group(0)
        raise error(f"{what} contains {ch!r} (U+{ord(ch):04X}), which may not appear in a {name}")
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as e:
        raise error(f"{what} is not a valid IRI: {e}") from None
    if "[" in parts.path or "]" in parts.path:
        raise error(f"{what} has '[' or ']' in its path, which may not appear there")
    if parts.scheme not in ("http", "https"):
        raise error(f"{what} must start with http:// or https://")
    if not parts.hostname:
        raise error(f"{what} has no host name")
    if parts.username is not None or parts.password is not None:
        raise error(f"{what} may not hold a user name or password")
    if re.search(r"%(?![0-9A-Fa-f]{2})", base):
        raise error(f"{what} has a '%' that is not a percent-encoding (%XX)")
    if any(seg in (".", "..") for seg in parts.path.split("/")):
        raise error(f"{what} has a '.' or '..' path segment")
    return base.rstrip("/")


@lru_cache(maxsize=16)
def check_vocab(vocab: str) -> str:
    """The vocabulary namespace given by --vocab / ZWGK_VOCAB, ending in '/', or a VocabError saying what
    is wrong with it (the same rules as the base IRI)."""
    return check_base(vocab, "vocabulary namespace", "--vocab, ZWGK_VOCAB") + "/"


def vocab() -> str:
    """The vocabulary namespace in use: $ZWGK_VOCAB (which `--vocab` and the config file's `vocab` key set),
    else DEFAULT_VOCAB. Read on every call, so a command's option applies to everything it then does."""
    return check_vocab(os.environ.get(VOCAB_ENV) or DEFAULT_VOCAB)


class URIs:
    """The IRIs of one deployment: data under `base`, vocabulary under `vocab` (default: `vocab()`)."""

    def __init__(self, base: str, vocab_ns: str | None = None):
        self.base = base.rstrip("/")
        self.vocab = check_vocab(vocab_ns) if vocab_ns else vocab()
        self.uncontrolled_root = f"{self.base}/id/concept/uncontrolled/"   # checked once per concept minted

    # -- the vocabulary: the same in every deployment ------------------------------------------------

    @property
    def ontology(self) -> str:
        """The ontology (also the named graph holding it)."""
        return f"{self.vocab}def/zwgk"

    @property
    def ns(self) -> str:
        """The ontology's namespace: {ns}DisclosureItem, {ns}channel …"""
        return f"{self.vocab}def/zwgk#"

    @property
    def shapes_graph(self) -> str:
        """The named graph holding the SHACL shapes."""
        return f"{self.vocab}def/shapes"

    @property
    def shapes_ns(self) -> str:
        return f"{self.vocab}def/shapes#"

    @property
    def vocab_graph(self) -> str:
        """The named graph holding the shared code lists."""
        return f"{self.vocab}concept"

    def scheme(self, code_list: str) -> str:
        """A shared code list (channel, method, stage, audience, item-type, level, …)."""
        return f"{self.vocab}concept/{code_list}"

    def concept(self, code_list: str, key: str) -> str:
        """A concept of a shared code list."""
        return f"{self.scheme(code_list)}/{segment(key)}"

    # -- the data: under the deployment's base ------------------------------------------------------

    def agency(self, agency_id: str) -> str:
        return f"{self.base}/id/agency/{agency_id}"

    def unit(self, agency_id: str, name: str) -> str:
        return f"{self.agency(agency_id)}/unit/{segment(name)}"

    def body(self, agency_id: str, name: str) -> str:
        return f"{self.agency(agency_id)}/body/{segment(name)}"

    def catalogue(self, catalogue_id: str) -> str:
        return f"{self.base}/id/catalogue/{catalogue_id}"

    def activity(self, catalogue_id: str) -> str:
        return f"{self.catalogue(catalogue_id)}/build"

    def item(self, catalogue_id: str, key: str) -> str:
        return f"{self.base}/id/item/{catalogue_id}/{segment(key)}"

    def catalogue_of_item(self, item_iri: str) -> str | None:
        """The catalogue an item IRI (as `item` makes it) belongs to; None for another IRI."""
        prefix = f"{self.base}/id/item/"
        if not item_iri.startswith(prefix) or item_iri.count("/", len(prefix)) != 1:
            return None
        return self.catalogue(item_iri[len(prefix):].split("/", 1)[0])

    def law(self, identifier: str) -> str:
        return f"{self.base}/id/law/{segment(identifier)}"

    def category_scheme(self, catalogue_id: str) -> str:
        """A catalogue's own scheme of item categories."""
        return f"{self.base}/id/concept/category/{catalogue_id}"

    def category(self, catalogue_id: str, key: str) -> str:
        return f"{self.category_scheme(catalogue_id)}/{segment(key)}"

    def uncontrolled_scheme(self, catalogue_id: str) -> str:
        """A catalogue's own scheme of values that matched no code list (zwgk:UncontrolledScheme)."""
        return f"{self.uncontrolled_root}{catalogue_id}"

    def uncontrolled(self, catalogue_id: str, code_list: str, label_key: str) -> str:
        """A value outside a code list, as a concept of the catalogue's uncontrolled scheme."""
        return f"{self.uncontrolled_scheme(catalogue_id)}/{code_list}/{segment(label_key)}"

    def uncontrolled_parts(self, iri: str) -> tuple[str, str] | None:
        """(catalogue id, code list) of an IRI `uncontrolled` made; None for another IRI."""
        prefix = self.uncontrolled_root
        parts = iri[len(prefix):].split("/") if iri.startswith(prefix) else []
        return (parts[0], parts[1]) if len(parts) == 3 else None

    def source(self, path: str) -> str:
        return f"{self.base}/source/{path_segments(path)}"

    # named graphs that hold what catalogues share
    @property
    def laws_graph(self) -> str:
        return f"{self.base}/id/law"

    # -- where a deployment answers for an IRI ------------------------------------------------------

    def local_path(self, iri: str) -> str | None:
        """The path (with any #fragment) at which this deployment serves `iri`: {vocab}X at /vocab/X,
        {base}/X at /X; None for an IRI it does not serve."""
        if iri.startswith(self.vocab):
            return VOCAB_PATH + iri[len(self.vocab):]
        if iri.startswith(self.base + "/"):
            return iri[len(self.base):]
        return None

    def iri_at(self, path: str) -> str:
        """The IRI a request path names (the inverse of `local_path`)."""
        if path.startswith(VOCAB_PATH):
            return self.vocab + path[len(VOCAB_PATH):]
        return self.base + path


def prefixes(base: str) -> dict[str, str]:
    """Turtle prefixes of zwgk's output (no prefixes for our own /id/ IRIs: their keys hold '/' and would
    print as escaped local names)."""
    return {**PREFIXES, "zwgk": URIs(base).ns}
