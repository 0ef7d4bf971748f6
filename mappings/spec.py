"""Mapping files: one YAML file per catalogue says which reader to use and what every column means.

`load_mapping(path)` parses and checks a mapping file and returns a `Mapping`; every problem is a
`MappingError` naming the file and line. The accepted keys are documented in mappings/README.md and
in the example mapping files next to this module.
"""
from __future__ import annotations

import difflib
import re
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PureWindowsPath
from typing import Callable

import yaml

try:                                    # Python 3.11+
    import re._constants as _C
    import re._parser as _sre_parse
except ImportError:                     # pragma: no cover - Python 3.10
    import sre_constants as _C          # type: ignore[no-redef]
    import sre_parse as _sre_parse      # type: ignore[no-redef]

from .readers import READERS, STRUCTURED, WORKBOOKS, ReadError
from .readers.base import printable

#: what a column can mean. Value roles hold text; list roles hold several values.
ROLES = {
    "seq": "序号",
    "code": "事项编码",
    "category": "事项类别 (first level)",
    "subcategory": "事项类别 (second level)",
    "name": "事项名称",
    "content": "公开内容",
    "spec": "内容规范",
    "legal_basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "responsible_unit": "责任科室（单位）",
    "channels": "公开渠道",
    "methods": "公开方式 (全文发布 …)",
    "disclosure_type": "公开属性 (主动/依申请)",
    "audience": "公开对象",
    "stage": "五公开 / 过程",
    "phones": "咨询电话",
    "phone": "咨询电话 (the same as phones)",
    "level": "公开层级 (省级 市级 县级 乡级 村级 …)",
    "update_frequency": "更新频率 / 更新频次",
    "duration": "公开时长 (长期, 5年 …)",
    "link": "公开链接",
    "article_text": "条款内容",
    "domain": "领域 / 相应领域 (the 26 基层政务公开 areas)",
    "extra": "any other column, kept as text under its label",
    "ignore": "a column zwgk does not read",
}
#: roles that are another role's name (the mapping may use either)
ROLE_ALIASES = {"phone": "phones"}
#: roles whose cells name concepts of a code list (check boxes, ticks or plain labels)
CONCEPT_ROLES = ("channels", "methods", "disclosure_type", "audience", "stage", "level", "domain")
#: roles a mapping may give to several columns (their cells are read together: 联系电话 and 监督电话 both phones)
MULTI_COLUMN_ROLES = (*CONCEPT_ROLES, "phones", "extra", "ignore")
#: what a table's title may give its items (`titles.role`)
TITLE_ROLES = ("category", "subject", "responsible_unit")
INHERIT_SCOPES = ("always", "category")
CHECKBOX_CONVENTIONS = ("html", "glyphs", "lost-glyph")
NAME_WHEN_BLANK = ("keep", "inherit", "category-or-inherit")
#: catalogue metadata the `preamble` key can read from the text before the table
PREAMBLE_FIELDS = ("title", "description", "phone", "address", "email")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]*$")


def id_problem(slug: str) -> str | None:
    """What is wrong with a catalogue or agency id (it names files and IRIs), said after the id's name; None: nothing."""
    if len(slug) > MAX_ID_LENGTH:
        return f"is {len(slug)} characters long; the limit is {MAX_ID_LENGTH}"
    if not _SLUG.match(slug):
        return f"'{slug}' must be lower-case ASCII letters, digits and '-'"
    return None


class MappingError(Exception):
    def __init__(self, path: str | Path, line: int | None, message: str):
        # one line, whatever the file holds or is named: control and bidi characters are escaped
        message = printable(message)
        self.path, self.line, self.message = str(path), line, message
        shown = printable(str(path))
        super().__init__(f"{shown}:{line}: {message}" if line else f"{shown}: {message}")


@dataclass
class Column:
    role: str
    headers: list[str]          # accepted header texts (aliases), compared without whitespace
    tick: str | None = None     # for a tick column: the concept label a tick selects
    line: int | None = None     # where the column is declared in the mapping file
    label: str | None = None    # role `extra`: what the kept text is (rdfs:label); else its first header


@dataclass
class TitleLevel:
    """One level of headings (`titles:` given as a list, outer first): the headings its pattern matches give
    its role (a category level, the subject, the office, or nothing: `ignore`) to the items below them."""
    role: str                   # category, subject, responsible_unit or ignore
    pattern: str                # which headings are of this level; its first group (else the match) is kept
    line: int | None = None     # where the level is declared in the mapping file
    number: int = 1             # its place in the list, from 1 (outermost)

    @property
    def what(self) -> str:
        """Its pattern's name in messages (and `Mapping.pattern_lines`)."""
        return f"titles level {self.number}.pattern"


@dataclass
class Override:
    line: int                   # a source line inside the row to correct
    cells: dict[str, str]       # role → replacement raw cell text
    reason: str
    mapping_line: int | None = None
    table: int | None = None    # in a document read from several tables: which one (None: any)


@dataclass
class Mapping:
    path: str
    catalogue_id: str
    source: str
    title: str | None
    description: str | None
    agency_id: str
    agency_name: str
    agency_region: str | None
    agency_aliases: list[str]
    phone_area_code: str | None
    reader: str
    header_rows: int
    columns: list[Column]
    checkboxes: str
    line_join: str
    inherit: dict[str, str]
    continuation_when_empty: list[str]
    realign: bool
    name_markers: str
    name_when_blank: str
    code_pattern: str | None
    code_parent: tuple[int, str] | None    # (prefix length, suffix) → parent code
    stage_spill_to_category: bool
    item_key: str
    overrides: list[Override] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # which tables (docx/html/pdf: numbers counted from 1; xlsx: sheet names or numbers); empty: every
    # table whose rows include the header
    tables: list[int | str] = field(default_factory=list)
    encoding: str | None = None            # text and web pages: the file's encoding (else detected)
    # what a table's title (caption, title row, the line before it) is to its items: None (nothing),
    # or "category": the first level of their category path; `titles_pattern`'s first group is kept
    titles: str | None = None
    titles_pattern: str | None = None
    # `titles:` given as a list: levels of headings, outer first (a body's heading over its domains' headings);
    # each heading sets the first level whose pattern it matches and clears the levels after it
    title_levels: list[TitleLevel] = field(default_factory=list)
    preamble: dict[str, str] = field(default_factory=dict)   # metadata field → "first-line" or a regex
    source_line: int | None = None         # the line of `catalogue.source` in the mapping file
    # the line of each regular expression's key ("codes.pattern", "titles.pattern", "preamble.phone" …)
    pattern_lines: dict[str, int | None] = field(default_factory=dict)
    # the original publication: where the agency publishes it, when, which version (catalogue.url …)
    original_url: str | None = None
    published: str | None = None           # ISO 8601: 2024-03-01, 2024-03 or 2024
    version: str | None = None
    # `inherit` as for a text reader (blank first-level and 过程 cells take the value above), used for a
    # file whose merges cannot be seen (a PDF table printed without borders)
    inherit_merges_lost: dict[str, str] = field(default_factory=dict)
    merges_lost: bool = False              # set by `with_merges_lost` for such a file, not in mapping files

    @property
    def structured(self) -> bool:
        """Read from the original .docx/.xlsx: merges are real, so a blank cell is just blank."""
        return self.reader in STRUCTURED

    @property
    def merges_real(self) -> bool:
        """The file shows its merged cells: a blank cell is just blank (else a lost merge, as in text)."""
        return self.structured and not self.merges_lost

    def with_merges_lost(self) -> "Mapping":
        """This mapping for a file of its reader that shows no merges: blank cells inherit as in text."""
        return replace(self, inherit=self.inherit_merges_lost, merges_lost=True)

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def has_role(self, role: str) -> bool:
        return any(c.role == role for c in self.columns)


# libyaml's parser when PyYAML was built with it (10× faster on thousands of mapping files)
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: a mapping file is a page of YAML; anything much larger is not one
MAX_MAPPING_BYTES = 1024 * 1024
#: how deep mappings and lists may nest (a real mapping file nests 3 levels)
MAX_DEPTH = 32
_ORIGINAL_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"{}|\\^`\u200e\u200f\u202a-\u202e\u2066-\u2069]+", re.I)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _real_day(text: str) -> bool:
    """2024-02-29 is a day, 2023-02-29 is not."""
    from datetime import date
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True

#: the longest catalogue.id / agency.id (they become IRI path segments and file names)
MAX_ID_LENGTH = 100
#: the longest regular expression a mapping file may give
MAX_PATTERN_LENGTH = 500
#: scalar tags a mapping file may use (written or implied); others are refused (explicit) or read as text
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YMap(dict):
    """A YAML mapping as a dict that remembers where it starts and the line of each of its keys."""
    line: int | None = None
    key_lines: dict

    def line_of(self, key) -> int | None:
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line


class YList(list):
    """A YAML sequence as a list that remembers where it starts and the line of each item."""
    line: int | None = None
    item_lines: list

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


def _ymap(line: int | None = None) -> YMap:
    m = YMap()
    m.line, m.key_lines = line, {}
    return m


def _compose(path: Path, text: str):
    """The YAML document as YMap/YList/scalars, built from the parser's events.

    Building the tree here (not with yaml.load) is what makes a mapping file safe to read: anchors and
    aliases are refused at the first one (a "billion laughs" file fails in its first line, in bounded
    memory), duplicate keys are refused at the second occurrence, nesting is bounded, and every key's
    line is kept for messages."""
    resolver = yaml.resolver.Resolver()
    constructor = yaml.constructor.SafeConstructor()
    stack: list[list] = []      # frames: [container, pending key, pending key's line, has key]
    root, documents = None, 0

    def add(value, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_lines.append(line)
        elif not frame[3]:
            if not isinstance(value, str):
                raise MappingError(path, line, "a key must be plain text, not a mapping or a list")
            if value == "<<":
                raise MappingError(path, line, "merge keys ('<<') are not allowed in mapping files")
            if value in container:
                raise MappingError(path, line, f"duplicate key '{value}' (first given on line "
                                               f"{container.key_lines.get(value)}); give each key once")
            frame[1], frame[2], frame[3] = value, line, True
        else:
            container[frame[1]] = value
            container.key_lines[frame[1]] = frame[2]
            frame[1], frame[2], frame[3] = None, None, False

    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise MappingError(path, line, "anchors and aliases are not allowed in mapping files "
                                           "(write every value out where it is used)")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise MappingError(path, line, "a mapping file holds one YAML document (remove the '---')")
        elif isinstance(event, yaml.ScalarEvent):
            if stack and isinstance(stack[-1][0], YMap) and not stack[-1][3]:
                add(event.value, line)      # a key: always its text as written (yes, 1, ~ are names here)
            else:
                add(_scalar(path, event, line, resolver, constructor), line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in _COLLECTION_TAGS:
                raise MappingError(path, line, f"YAML tag '{event.tag}' is not allowed in mapping files")
            if len(stack) >= MAX_DEPTH:
                raise MappingError(path, line, f"nested more than {MAX_DEPTH} levels deep")
            if isinstance(event, yaml.MappingStartEvent):
                container = _ymap(line)
            else:
                container = YList()
                container.line, container.item_lines = line, []
            stack.append([container, None, None, False])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = stack.pop()[0]
            add(container, container.line)
    return root


def _scalar(path: Path, event, line: int, resolver, constructor):
    """A scalar's value as SafeLoader would read it (YAML 1.1: true/false, ints, floats, null, text)."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            return event.value     # a timestamp, '<<', '=' …: the text as written
    elif tag not in _SCALAR_TAGS:
        raise MappingError(path, line, f"YAML tag '{tag}' is not allowed in mapping files")
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError) as e:
        raise MappingError(path, line, f"cannot read the value '{event.value[:40]}': {e}") from None


def did_you_mean(word, choices) -> str:
    """' (did you mean 'rows'?)' when a choice is close to the word, else ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_mapping(path: str | Path) -> Mapping:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_MAPPING_BYTES:
            raise MappingError(p, None, f"mapping file is {size:,} bytes, over the {MAX_MAPPING_BYTES:,}-byte limit")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MappingError(p, None, "mapping file not found") from None
    except IsADirectoryError:
        raise MappingError(p, None, "mapping file is a directory") from None
    except UnicodeDecodeError:
        raise MappingError(p, None, "mapping file is not UTF-8 text") from None
    except OSError as e:
        raise MappingError(p, None, f"mapping file cannot be read: {e.strerror}") from None
    try:
        raw = _compose(p, text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        hint = ""
        lines = text.splitlines()
        at = lines[line - 1] if line and line <= len(lines) else ""
        before = lines[line - 2] if line and 2 <= line <= len(lines) + 1 else ""
        if "\t" in at[:len(at) - len(at.lstrip())] or "\t" in text and "cannot start any token" in str(e):
            hint = "; a tab indents this line: indent with spaces"
        elif "：" in at or "：" in before:
            hint = f"; a full-width colon '：' (line {line if '：' in at else line - 1}) is no YAML colon: write ':'"
        raise MappingError(p, line, f"not valid YAML: {getattr(e, 'problem', e)}{hint}") from None
    if not isinstance(raw, YMap):
        raise MappingError(p, None, "a mapping file must be a YAML mapping (key: value)")
    return _Checker(p, raw).mapping()


# ---------------------------------------------------------------------------------------------------
# Regular expressions from mapping files
# ---------------------------------------------------------------------------------------------------

def check_pattern(pattern: str) -> str | None:
    """Why a regular expression from a mapping file is refused, or None when it is accepted.

    The patterns run with the backtracking `regex` module over catalogue text, which is untrusted (under a
    time limit: `MappingPattern`; this check is the first line, read with `re`'s parser): a pattern
    whose repetition can match the same text in many ways ((a+)+, (\\d|\\d\\d)+, (\\w+\\s?)+, (a|a)*)
    takes exponential time on a line that almost matches. Refused, statically, before anything runs:
    a repeated part (*, +, {m,n}, {n} with n > 1) that itself has a variable width (holds another
    quantifier or alternatives of different lengths), and alternatives repeated without bound."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}"
    try:
        with warnings.catch_warnings():     # "possible nested set" and the like: not for the user
            warnings.simplefilter("ignore", FutureWarning)
            tree = _sre_parse.parse(pattern)
    except re.error as e:
        return f"is not a valid regular expression: {e}"
    except (RecursionError, OverflowError):
        return "is nested too deeply"
    try:
        _check_tree(tree)
    except _Unsafe as e:
        return (f"may take exponential time on some text ({e}); write the repetition so that it can match "
                "a text in only one way, e.g. '\\d+' for '(\\d|\\d\\d)+', '[ab]+' for '(a|b)+'")
    except RecursionError:
        return "is nested too deeply"
    return None


#: how the record builder searches a name or category cell for `codes.pattern` (the code ends the cell)
CODE_PATTERN = r"\s*({})\s*$"
#: CPU seconds one search of a mapping file's regular expression may take (real ones take microseconds)
PATTERN_TIMEOUT = 1.0
#: seconds all the searches of one such expression may take over one catalogue
PATTERN_BUDGET = 10.0


#: the share of a search's time limit after which its result is taken as cut short (MappingPattern.search)
CUT_SHORT = 0.9


class MappingPattern:
    """A regular expression from a mapping file as the reading of a catalogue runs it: with the `regex`
    module, each search under its `timeout=` (PATTERN_TIMEOUT, CPU time) and all the searches over one
    catalogue under a budget (PATTERN_BUDGET). `check_pattern` refuses the known exponential shapes at load
    time; this stops what gets past it (a polynomial blow-up, a construct only `regex` knows) with a
    ReadError naming the mapping file, the line of the key and the cell being read (`where()`).

    Made afresh for every catalogue read: the budget is spent as the reading goes. Matches are kept for the
    texts last searched (MEMO of them): the record builder searches a category cell repeated over many rows
    once per row and pass, and a search under a timeout costs about twice one without (bench/patterns.py)."""

    MEMO = 4096

    def __init__(self, mapping: Mapping, what: str, source: str, where: Callable[[], str]):
        self.path, self.what, self.where = mapping.path, what, where
        self.line = getattr(mapping, "pattern_lines", {}).get(what)
        import regex
        self.compiled = regex.compile(source)
        self.spent = 0.0
        self.memo: dict[str, object] = {}

    def search(self, text: str):
        if text in self.memo:
            return self.memo[text]
        left = PATTERN_BUDGET - self.spent
        if left <= 0:
            self._fail(text, budget=True)
        start, cpu = time.perf_counter(), time.process_time()
        limit = min(PATTERN_TIMEOUT, left)
        try:
            m = self.compiled.search(text, timeout=limit)
            # the regex module sometimes ends a search at its limit with "no match" instead of TimeoutError
            # (seen: None after 0.192-0.199 s of CPU under a 0.2 s limit): a search that used its allowance
            # was cut short, and its "no match" is not an answer
            if time.process_time() - cpu >= CUT_SHORT * limit:
                raise TimeoutError
            if len(self.memo) >= self.MEMO:
                self.memo.clear()
            self.memo[text] = m
            return m
        except TimeoutError:
            self._fail(text, budget=left < PATTERN_TIMEOUT)
        finally:
            self.spent += time.perf_counter() - start

    def _fail(self, text: str, budget: bool):
        shown = text if len(text) <= 40 else text[:40] + "…"
        took = (f"took over {PATTERN_BUDGET:g} s in all, the last search on the text '{shown}' at {self.where()}"
                if budget else f"took over {PATTERN_TIMEOUT:g} s on the text '{shown}' at {self.where()}")
        raise ReadError(self.path, self.line, f"{self.what} {took}: it backtracks without end there; write it so "
                                              "that each part of a text can be matched in only one way")


class _Unsafe(Exception):
    pass


_POSSESSIVE_REPEAT = getattr(_C, "POSSESSIVE_REPEAT", object())    # Python 3.11+: a*+, (?>…)
_ATOMIC_GROUP = getattr(_C, "ATOMIC_GROUP", object())


def _has_branch(items) -> bool:
    for op, av in items:
        if op is _C.BRANCH or op is _C.GROUPREF_EXISTS:
            return True
        if op is _C.SUBPATTERN and _has_branch(av[3]):
            return True
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _POSSESSIVE_REPEAT) and _has_branch(av[2]):
            return True
        if op is _ATOMIC_GROUP and _has_branch(av):
            return True
        if op in (_C.ASSERT, _C.ASSERT_NOT) and _has_branch(av[1]):
            return True
    return False


def _check_tree(items) -> None:
    for op, av in items:
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            lo, hi, body = av
            if hi > 1:
                w_lo, w_hi = body.getwidth()
                if w_lo != w_hi:
                    raise _Unsafe("a repeated part of variable width: nested quantifiers or alternatives "
                                  "of different lengths")
                if hi > 16 and _has_branch(body):
                    raise _Unsafe("alternatives repeated without bound")
            _check_tree(body)
        elif op is _POSSESSIVE_REPEAT:
            _check_tree(av[2])
        elif op is _C.SUBPATTERN:
            _check_tree(av[3])
        elif op is _C.BRANCH:
            for branch in av[1]:
                _check_tree(branch)
        elif op is _ATOMIC_GROUP:
            _check_tree(av)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            _check_tree(av[1])
        elif op is _C.GROUPREF_EXISTS:
            _check_tree(av[1])
            if av[2] is not None:
                _check_tree(av[2])


# ---------------------------------------------------------------------------------------------------
# Where the catalogue file is
# ---------------------------------------------------------------------------------------------------

def check_source(source: str) -> str | None:
    """Why `catalogue.source` is refused as written (before looking at the disk), or None."""
    if "\x00" in source or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in source):
        return "contains control characters"
    if "\\" in source:
        return "contains '\\'; separate folders with '/'"
    if source.startswith("/") or PureWindowsPath(source).is_absolute() or PureWindowsPath(source).drive:
        return "is an absolute path; give the file's path inside the catalogues folder"
    parts = [p for p in source.split("/") if p not in ("", ".")]
    if not parts:
        return "names the catalogues folder itself, not a file in it"
    if ".." in parts:
        return "contains '..'; the file must be inside the catalogues folder"
    if len(source) > 1000:
        return "is over 1000 characters long"
    return None


def confine_source(mapping: Mapping, catalogues_dir: str | Path) -> Path:
    """The catalogue file of a mapping, checked to be inside the catalogues folder once every symbolic
    link is followed; a `ReadError` naming the mapping file and the line of `source:` otherwise."""
    where, shown = (mapping.path, mapping.source_line), printable(mapping.source)
    why = check_source(mapping.source)
    if why:
        raise ReadError(*where, f"catalogue.source '{shown}' {why}")
    folder = Path(catalogues_dir)
    path = folder / mapping.source
    try:
        root, target = folder.resolve(), path.resolve()
    except (OSError, RuntimeError) as e:     # a symlink loop
        raise ReadError(*where, f"catalogue.source '{shown}' cannot be resolved: {e}") from None
    if target == root:
        raise ReadError(*where, f"catalogue.source '{shown}' names the catalogues folder itself, not a file in it")
    if not target.is_relative_to(root):
        raise ReadError(*where, f"catalogue.source '{shown}' leads out of the catalogues folder {folder} "
                                f"(through a symbolic link, to {target}); copy the file into the folder")
    if not path.exists() and not path.is_symlink():
        try:
            near = [str(p.relative_to(folder)) for p in path.parent.iterdir() if p.is_file()] if path.parent.is_dir() else []
        except OSError:
            near = []
        close = difflib.get_close_matches(mapping.source, near, n=1, cutoff=0.5)
        raise ReadError(*where, f"catalogue.source '{shown}': no such file in {folder}"
                                + (f" (did you mean '{printable(close[0])}'?)" if close else ""))
    return path


class _Checker:
    """Turns the parsed YAML into a Mapping, failing with the file and line of the first problem.

    Every mapping in the file is checked for unknown keys (with the closest known key as a hint) and
    every value for its type; a message gives the line of the key at fault."""

    KNOWN = {"catalogue", "agency", "reader", "header", "columns", "checkboxes", "text", "inherit",
             "continuation", "realign", "names", "codes", "stage", "item_key", "overrides", "notes",
             "table", "sheet", "tables", "encoding", "titles", "preamble"}
    SECTION_KEYS = {
        "catalogue": ("id", "source", "title", "description", "url", "published", "version"),
        "agency": ("id", "name", "region", "aliases", "phone_area_code"),
        "header": ("rows",),
        "text": ("line_join",),
        "continuation": ("when_empty",),
        "names": ("markers", "when_blank"),
        "codes": ("pattern", "parent"),
        "stage": ("not_a_stage",),
    }
    COLUMN_KEYS = ("role", "header", "tick", "label")
    OVERRIDE_KEYS = ("line", "cells", "reason", "table")

    def __init__(self, path: Path, raw: YMap):
        self.path, self.raw = path, raw
        self.pattern_lines: dict[str, int | None] = {}

    def fail(self, node, message: str, key=None):
        """Fail at the line of `key` in `node` (a YMap: its key; a YList: its item), else where node starts."""
        line = None
        if isinstance(node, (YMap, YList)):
            line = node.line_of(key) if key is not None else node.line
        raise MappingError(self.path, line, message)

    def unknown_keys(self, node: YMap, known, where: str) -> None:
        for key in node:
            if key not in known:
                self.fail(node, f"{where}: unknown key '{key}'{did_you_mean(key, known)}; "
                                f"known keys: {', '.join(known)}", key)

    def section(self, name: str, required: bool = False) -> YMap:
        v = self.raw.get(name)
        if v is None:
            if required:
                self.fail(self.raw, f"missing required section '{name}'", name if name in self.raw else None)
            return _ymap(self.raw.line_of(name))
        if not isinstance(v, YMap):
            self.fail(self.raw, f"'{name}' must be a mapping", name)
        if name in self.SECTION_KEYS:
            self.unknown_keys(v, self.SECTION_KEYS[name], name)
        return v

    def text(self, node: YMap, key: str, required: bool = True, where: str = "") -> str | None:
        v = node.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.fail(node, f"missing required key '{key}'", key if key in node else None)
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            self.fail(node, f"'{where + key}' must be text", key)
        return str(v)

    def original_url(self, cat: YMap) -> str | None:
        """catalogue.url: the page or file where the agency publishes the catalogue (http or https)."""
        url = self.text(cat, "url", False, "catalogue.")
        if url is None:
            return None
        url = url.strip()
        if not _ORIGINAL_URL.fullmatch(url):
            self.fail(cat, f"catalogue.url must be one http(s) URL without spaces or control characters, "
                           f"not {url[:80]!r}", "url")
        import pyoxigraph as ox
        try:
            ox.NamedNode(url)           # it becomes an IRI (dcat:landingPage): RFC 3987 as the store reads it
        except ValueError as e:
            self.fail(cat, f"catalogue.url {url[:80]!r} is not a valid IRI ({e}); percent-encode that character",
                      "url")
        return url

    def published(self, cat: YMap) -> str | None:
        """catalogue.published: the date the agency published this version, ISO 8601 (2024-03-01, 2024-03, 2024)."""
        text = self.text(cat, "published", False, "catalogue.")
        if text is None:
            return None
        m = _ISO_DATE.fullmatch(text.strip())
        if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or (m.group(3) and not _real_day(text.strip())):
            self.fail(cat, f"catalogue.published must be a date as 2024-03-01, 2024-03 or 2024, not {text!r}",
                      "published")
        return text.strip()

    @staticmethod
    def is_int(v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    def mapping(self) -> Mapping:
        unknown = sorted(k for k in self.raw if k not in self.KNOWN)
        if unknown:
            first = min(unknown, key=lambda k: self.raw.line_of(k) or 0)
            home = sorted(name for name, keys in self.SECTION_KEYS.items() if first in keys)
            if home:      # agency's name: written at the top level (its indent lost)
                self.fail(self.raw, f"'{first}' belongs under {' or '.join(repr(h) for h in home)}: indent it as "
                                    "the other keys there", first)
            if "：" in str(first):
                self.fail(self.raw, f"unknown key '{first}': a full-width colon '：' is no YAML colon; write ':'",
                          first)
            self.fail(self.raw, f"unknown key(s) {unknown}{did_you_mean(first, self.KNOWN)}; "
                                f"known keys: {sorted(self.KNOWN)}", first)
        cat, ag = self.section("catalogue", True), self.section("agency", True)
        cat_id, ag_id = self.text(cat, "id", where="catalogue."), self.text(ag, "id", where="agency.")
        for what, slug, node in (("catalogue.id", cat_id, cat), ("agency.id", ag_id, ag)):
            why = id_problem(slug)
            if why:
                self.fail(node, f"{what} {why}", "id")
        source = self.text(cat, "source", where="catalogue.")
        why = check_source(source)
        if why:
            self.fail(cat, f"catalogue.source '{source}' {why}", "source")
        reader = self.text(self.raw, "reader")
        if reader not in READERS:
            self.fail(self.raw, f"unknown reader '{reader}'{did_you_mean(reader, READERS)}; "
                                f"known readers: {sorted(READERS)}", "reader")
        header = self.section("header")
        header_rows = header.get("rows", 1)
        if not self.is_int(header_rows) or not 1 <= header_rows <= 100:
            self.fail(header, "header.rows must be a positive integer (at most 100)", "rows")
        columns = self.columns()
        checkboxes = self.raw.get("checkboxes", "glyphs")
        if not isinstance(checkboxes, str) or checkboxes not in CHECKBOX_CONVENTIONS:
            self.fail(self.raw, f"checkboxes must be one of {CHECKBOX_CONVENTIONS}, not '{checkboxes}'"
                                f"{did_you_mean(checkboxes, CHECKBOX_CONVENTIONS)}", "checkboxes")
        text = self.section("text")
        line_join = text.get("line_join", "")
        if not isinstance(line_join, str):
            self.fail(text, "text.line_join must be text (\"\", \" \", \"\\n\" …), quoted", "line_join")
        inherit = self.inherit(reader in STRUCTURED)
        tables = self.tables(reader)
        encoding = self.encoding(reader)
        titles, titles_pattern = self.titles()
        title_levels = self.title_levels()
        cont = self.section("continuation")
        roles = {c.role for c in columns}
        when_empty = cont.get("when_empty", [r for r in ("category", "name") if r in roles])
        if not isinstance(when_empty, list):
            self.fail(cont, "continuation.when_empty must be a list of column roles", "when_empty")
        for i, r in enumerate(when_empty):
            if not isinstance(r, str) or r not in roles:
                at = (when_empty, i) if isinstance(when_empty, YList) else (cont, "when_empty")
                self.fail(at[0], f"continuation.when_empty names '{r}', which is not a column role of this "
                                 f"mapping{did_you_mean(r, sorted(roles))}", at[1])
        names = self.section("names")
        when_blank = names.get("when_blank", "keep")
        if not isinstance(when_blank, str) or when_blank not in NAME_WHEN_BLANK:
            self.fail(names, f"names.when_blank must be one of {NAME_WHEN_BLANK}", "when_blank")
        markers = names.get("markers", "")
        if not isinstance(markers, str):
            self.fail(names, "names.markers must be text (the marks, e.g. \"★●◆\")", "markers")
        codes = self.section("codes")
        code_pattern = codes.get("pattern")
        if code_pattern is not None:
            if not isinstance(code_pattern, str):
                self.fail(codes, "codes.pattern must be a regular expression, quoted ('\\d{6}')", "pattern")
            # as the record builder uses it (inline flags such as (?i) must come first there)
            self.pattern(codes, "pattern", code_pattern, "codes.pattern", CODE_PATTERN.format(code_pattern))
        parent = codes.get("parent")
        code_parent = None
        if parent is not None:
            if not (isinstance(parent, YMap) and self.is_int(parent.get("prefix")) and parent["prefix"] >= 0):
                self.fail(codes, "codes.parent must be {prefix: N, suffix: '0000'}", "parent")
            self.unknown_keys(parent, ("prefix", "suffix"), "codes.parent")
            suffix = parent.get("suffix", "")
            if isinstance(suffix, bool) or not isinstance(suffix, (str, int)):
                self.fail(parent, "codes.parent.suffix must be text, quoted ('0000')", "suffix")
            code_parent = (parent["prefix"], str(suffix))
        stage = self.section("stage")
        not_a_stage = stage.get("not_a_stage")
        if not_a_stage is not None and not_a_stage != "category":
            self.fail(stage, f"stage.not_a_stage must be 'category', not {not_a_stage!r}", "not_a_stage")
        item_key = self.raw.get("item_key", "name")
        if not isinstance(item_key, str) or item_key not in ("name", "seq", "code"):
            self.fail(self.raw, "item_key must be one of name, seq, code", "item_key")
        if item_key != "name" and item_key not in roles and not (item_key == "code" and code_pattern):
            self.fail(self.raw, f"item_key '{item_key}' needs a '{item_key}' column", "item_key")
        realign = self.raw.get("realign", False)
        if not isinstance(realign, bool):
            self.fail(self.raw, f"realign must be true or false (unquoted), not {realign!r}", "realign")
        notes = self.raw.get("notes") or []
        return Mapping(
            path=str(self.path), catalogue_id=cat_id, source=source,
            title=self.text(cat, "title", False, "catalogue."),
            description=self.text(cat, "description", False, "catalogue."),
            original_url=self.original_url(cat), published=self.published(cat),
            version=self.text(cat, "version", False, "catalogue."),
            agency_id=ag_id, agency_name=self.text(ag, "name", where="agency."),
            agency_region=self.text(ag, "region", False, "agency."),
            agency_aliases=self.aliases(ag), phone_area_code=self.area_code(ag),
            reader=reader, header_rows=header_rows, columns=columns, checkboxes=checkboxes,
            line_join=line_join, inherit=inherit, inherit_merges_lost=self.inherit(False),
            continuation_when_empty=list(when_empty),
            realign=realign, name_markers=markers,
            name_when_blank=when_blank, code_pattern=code_pattern or None,
            code_parent=code_parent, stage_spill_to_category=not_a_stage == "category",
            item_key=item_key, overrides=self.overrides(roles),
            notes=[str(n) for n in notes] if isinstance(notes, list) else [str(notes)],
            tables=tables, encoding=encoding, titles=titles, titles_pattern=titles_pattern, title_levels=title_levels,
            preamble=self.preamble(), source_line=cat.line_of("source"), pattern_lines=self.pattern_lines,
        )

    def pattern(self, node: YMap, key: str, pattern: str, what: str, used_as: str | None = None) -> None:
        """Check a regular expression (`used_as`: the whole expression it is searched as, if it is wrapped)."""
        why = check_pattern(pattern)
        if why:
            self.fail(node, f"{what} {why}", key)
        import regex    # imported when a mapping has a pattern (20 ms that `zwgk serve`/`query` need not pay)
        try:    # the shapes are checked by `re`'s parser; the catalogue is searched with `regex`
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                re.compile(used_as or pattern)
            regex.compile(used_as or pattern)
        except (re.error, regex.error) as e:
            self.fail(node, f"{what} is not a valid regular expression: {e}", key)
        self.pattern_lines[what] = node.line_of(key)

    def aliases(self, ag: YMap) -> list[str]:
        aliases = ag.get("aliases")
        if aliases is None:
            return []
        if not isinstance(aliases, list):
            self.fail(ag, "agency.aliases must be a list of names ([某某局, 某局]), not "
                          f"{'one text' if isinstance(aliases, str) else type(aliases).__name__}", "aliases")
        for i, a in enumerate(aliases):
            if isinstance(a, bool) or not isinstance(a, (str, int)) or not str(a).strip():
                self.fail(aliases, f"agency.aliases: item {i + 1} must be a name (text)", i)
        return [str(a) for a in aliases]

    def area_code(self, ag: YMap) -> str | None:
        code = ag.get("phone_area_code")
        if code is None:
            return None
        if self.is_int(code) and code > 0:
            # unquoted 0531 is YAML's octal number 345
            self.fail(ag, f"agency.phone_area_code must be quoted text: write \"0{code:o}\" (unquoted, YAML reads 0{code:o} "
                          f"as the octal number {code})" if f"{code:o}".isdigit() and len(f"{code:o}") in (2, 3)
                      else f"agency.phone_area_code must be quoted text (\"0574\"), not {code!r}", "phone_area_code")
        if not isinstance(code, str):
            self.fail(ag, f"agency.phone_area_code must be quoted text (\"0574\"), not {code!r}", "phone_area_code")
        if not re.fullmatch(r"0?[1-9][0-9]{1,2}", code, re.ASCII):
            self.fail(ag, f"agency.phone_area_code '{code}' must be a Chinese area code such as \"0574\" or \"010\"",
                      "phone_area_code")
        return code

    def tables(self, reader: str) -> list[int | str]:
        """`table: N` (docx, doc, html, pdf) / `sheet: name-or-N` (xlsx, xls) name one table; `tables: [...]`
        several."""
        table, sheet, many = self.raw.get("table"), self.raw.get("sheet"), self.raw.get("tables")
        if table is not None and reader in WORKBOOKS:
            self.fail(self.raw, f"'table' applies to reader docx, doc, html or pdf (this mapping's reader is "
                                f"{reader}); an {reader} catalogue names its 'sheet'", "table")
        if table is not None and reader not in STRUCTURED:
            self.fail(self.raw, f"'table' applies to reader docx, doc, html or pdf (this mapping's reader is {reader})",
                      "table")
        if sheet is not None and reader not in WORKBOOKS:
            self.fail(self.raw, f"'sheet' applies to readers xlsx, xls and ods (this mapping's reader is {reader}); "
                                "a docx catalogue names its 'table'", "sheet")
        if many is not None and reader not in STRUCTURED:
            self.fail(self.raw, f"'tables' applies to readers {list(STRUCTURED)} (this mapping's reader is {reader})",
                      "tables")
        given = [k for k in ("table", "sheet", "tables") if self.raw.get(k) is not None]
        if len(given) > 1:
            self.fail(self.raw, f"give one of 'table', 'sheet' and 'tables', not {given}", given[-1])
        if table is not None and (not self.is_int(table) or table < 1):
            self.fail(self.raw, f"table must be a table number counted from 1, not {table!r}", "table")
        if sheet is not None and not self._sheet_ok(sheet):
            self.fail(self.raw, f"sheet must be a sheet name or a sheet number counted from 1, not {sheet!r}", "sheet")
        if many is None:
            return [table] if table is not None else [sheet] if sheet is not None else []
        if many == "all":
            return []
        if not isinstance(many, list) or not many:
            self.fail(self.raw, "tables must be 'all' or a list of table numbers counted from 1"
                                + (" or sheet names" if reader in WORKBOOKS else ""), "tables")
        for i, t in enumerate(many):
            ok = self._sheet_ok(t) if reader in WORKBOOKS else (self.is_int(t) and t >= 1)
            if not ok:
                self.fail(many, f"tables: {t!r} is not a table number counted from 1"
                                + (" or a sheet name" if reader in WORKBOOKS else ""), i)
        return list(many)

    @staticmethod
    def _sheet_ok(sheet) -> bool:
        return not isinstance(sheet, bool) and (isinstance(sheet, int) and sheet >= 1
                                                or isinstance(sheet, str) and bool(sheet.strip()))

    def encoding(self, reader: str) -> str | None:
        enc = self.raw.get("encoding")
        if enc is None:
            return None
        if reader not in ("tsv", "cell-per-line", "html"):
            self.fail(self.raw, f"'encoding' applies to text and web pages (this mapping's reader is {reader})",
                      "encoding")
        from .readers.base import is_text_encoding
        if not isinstance(enc, str) or not is_text_encoding(enc):
            self.fail(self.raw, f"unknown encoding '{enc}' (e.g. utf-8, gb18030, gbk, utf-16)", "encoding")
        return enc

    def titles(self) -> tuple[str | None, str | None]:
        """`titles: category` or `titles: {role: category, pattern: '(.+?)领域'}`: a table's title is the
        first level of its items' category path (a pattern's first group, else the whole title); with
        `role: subject` or `responsible_unit` (one table per department: 县财政局政府信息公开目录), the subject or
        office of its items that name none."""
        node = self.raw.get("titles")
        if node is None or node == "ignore" or isinstance(node, YList):
            return None, None
        if isinstance(node, str):
            if node not in TITLE_ROLES:
                self.fail(self.raw, f"titles.role must be one of {', '.join(TITLE_ROLES)} or 'ignore', not {node!r}",
                          "titles")
            return node, None
        if not isinstance(node, YMap):
            self.fail(self.raw, "titles must be 'category', 'ignore', {role: category, pattern: regex} or a list of "
                                "levels ([{role: subject, pattern: regex}, {role: category, pattern: regex}])", "titles")
        role = self.title_rule(node, "titles", "titles.role", "role")
        pattern = node.get("pattern")
        if pattern is not None:
            if not isinstance(pattern, str):
                self.fail(node, "titles.pattern must be a regular expression, quoted", "pattern")
            self.pattern(node, "pattern", pattern, "titles.pattern")
        return (None if role == "ignore" else role), pattern

    def title_rule(self, node: YMap, where: str, role_name: str, role_at) -> str | None:
        """The role of a `titles` rule (one, or a level of the list), its keys checked: role and pattern only."""
        unknown = sorted(k for k in node if k not in ("role", "pattern"))
        if unknown:
            self.fail(node, f"{where}: unknown key(s) {unknown}{did_you_mean(unknown[0], ('role', 'pattern'))}; "
                            "known: role, pattern", unknown[0])
        role = node.get("role")
        if role not in (*TITLE_ROLES, "ignore"):
            self.fail(node, f"{role_name} must be one of {', '.join(TITLE_ROLES)} or 'ignore', not {role!r}", role_at)
        return role

    def title_levels(self) -> list[TitleLevel]:
        """`titles: [{role: subject, pattern: '^[一二三四五六七八九十]+、(.+)$'}, {role: category, pattern: …}]`:
        levels of headings, outer first, each with the pattern telling its headings; at most one level gives
        the subject and one the office."""
        node = self.raw.get("titles")
        if not isinstance(node, YList):
            return []
        if not node:
            self.fail(self.raw, "titles: the list of levels is empty; give {role: …, pattern: regex} for each level "
                                "of headings, outer first", "titles")
        levels: list[TitleLevel] = []
        for i, level in enumerate(node):
            levels.append(self.title_level(node, i, level, levels))
        return levels

    def title_level(self, node: YList, i: int, level, before: list[TitleLevel]) -> TitleLevel:
        """Level i + 1 of `titles` given as a list."""
        where = f"titles level {i + 1}"
        if not isinstance(level, YMap):
            self.fail(node, f"{where} must be {{role: …, pattern: regex}}", i)
        role = self.title_rule(level, where, f"{where}: role", "role" if "role" in level else None)
        twice = next((b for b in before if b.role == role and role in ("subject", "responsible_unit")), None)
        if twice is not None:
            self.fail(level, f"{where}: level {twice.number} already gives the {role.replace('_', ' ')}; a level "
                             "of headings inside it gives a category (role: category) or nothing (ignore)", "role")
        pattern = level.get("pattern")
        if not isinstance(pattern, str) or not pattern.strip():
            self.fail(level, f"{where} needs a pattern (quoted): the regular expression its headings match "
                             "('^[一二三四五六七八九十]+、(.+)$'); a line no level matches heads nothing",
                      "pattern" if "pattern" in level else None)
        out = TitleLevel(role, pattern, level.line, i + 1)
        self.pattern(level, "pattern", pattern, out.what)
        return out

    def preamble(self) -> dict[str, str]:
        """`preamble: {title: first-line, phone: '电话[:：]\\s*([\\d-]+)'}`: metadata read from the text
        before the table; a regex's first group (else its whole match) is the value."""
        node = self.raw.get("preamble") or {}
        if not isinstance(node, dict):
            self.fail(self.raw, "'preamble' must map a metadata field to 'first-line' or a regular expression",
                      "preamble")
        out = {}
        for key, rule in node.items():
            if key not in PREAMBLE_FIELDS:
                self.fail(node, f"preamble: unknown field '{key}'{did_you_mean(key, PREAMBLE_FIELDS)}; "
                                f"known fields: {list(PREAMBLE_FIELDS)}", key)
            if not isinstance(rule, str) or not rule.strip():
                self.fail(node, f"preamble.{key} must be 'first-line' or a regular expression", key)
            if rule != "first-line":
                self.pattern(node, key, rule, f"preamble.{key}")
            out[key] = rule
        return out

    def columns(self) -> list[Column]:
        cols = self.raw.get("columns")
        if not isinstance(cols, list) or not cols:
            self.fail(self.raw, "'columns' must be a non-empty list, one entry per table column, left to right",
                      "columns")
        out = []
        for i, c in enumerate(cols, 1):
            line = cols.line_of(i - 1)
            if isinstance(c, str):
                c = _ymap(line)
                c["role"], c.key_lines["role"] = cols[i - 1], line
            if not isinstance(c, YMap):
                self.fail(cols, f"column {i} must be a role name or a mapping with 'role'", i - 1)
            for key in c:
                if key not in self.COLUMN_KEYS and "：" in str(key):
                    self.fail(c, f"column {i}: unknown key '{key}': a full-width colon '：' is no YAML colon; "
                                 "write ':' and a space", key)
                if key not in self.COLUMN_KEYS:
                    self.fail(c, f"column {i}: unknown key '{key}'{did_you_mean(key, self.COLUMN_KEYS)}; "
                                 f"known keys: {', '.join(self.COLUMN_KEYS)}", key)
            role = c.get("role")
            if not isinstance(role, str) or role not in ROLES:
                self.fail(c, f"column {i}: unknown role '{role}'{did_you_mean(role, ROLES)}; "
                             f"known roles: {sorted(ROLES)}", "role")
            headers = c.get("header") or []
            if isinstance(headers, (str, int)) and not isinstance(headers, bool):
                headers = [headers]
            if not isinstance(headers, list) or any(isinstance(h, (bool, list, dict)) or h is None for h in headers):
                self.fail(c, f"column {i}: 'header' must be a header text or a list of them", "header")
            tick = c.get("tick")
            if tick is not None and role not in CONCEPT_ROLES:
                self.fail(c, f"column {i}: 'tick' only applies to {CONCEPT_ROLES}", "tick")
            if tick is not None and (isinstance(tick, bool) or not isinstance(tick, (str, int))):
                self.fail(c, f"column {i}: 'tick' must be the label a tick selects (text)", "tick")
            label = c.get("label")
            if label is not None and role != "extra":
                self.fail(c, f"column {i}: 'label' only applies to role extra", "label")
            if label is not None and (isinstance(label, (bool, list, dict)) or not str(label).strip()):
                self.fail(c, f"column {i}: 'label' must be the column's name (text)", "label")
            if role == "extra" and label is None:
                label = headers[0] if headers else f"第{i}列"
            role = ROLE_ALIASES.get(role, role)
            out.append(Column(role, [str(h) for h in headers], str(tick) if tick is not None else None, c.line,
                              str(label) if label is not None else None))
        single = [c.role for c in out if c.role not in MULTI_COLUMN_ROLES]
        counts = Counter(single)
        dupes = sorted(r for r, n in counts.items() if n > 1)
        if dupes:
            self.fail(self.raw, f"roles {dupes} are given to more than one column", "columns")
        if "name" not in {c.role for c in out}:
            self.fail(self.raw, "no column has the role 'name' (事项名称)", "columns")
        sub = next((c for c in out if c.role == "subcategory"), None)
        if sub is not None and "category" not in {c.role for c in out}:
            # the second level's merged cells follow the first's: without one they read blank
            self.fail(self.raw, f"a column has the role 'subcategory' (line {sub.line}) but none the role "
                                "'category': the first level of a category path is 'category' (give that "
                                "column the role category)", "columns")
        return out

    def inherit(self, structured: bool = False) -> dict[str, str]:
        node = self.raw.get("inherit") or {}
        if not isinstance(node, dict):
            self.fail(self.raw, "'inherit' must map a role to 'always' or 'category'", "inherit")
        # In a text extraction blank first level and 过程 cells are merged cells that lost their merge:
        # they always inherit. A .docx/.xlsx has its merges, so there a blank cell stays blank unless
        # the mapping says otherwise.
        scopes = {} if structured else {"category": "always", "stage": "always"}
        for role, scope in node.items():
            if role not in ROLES:
                self.fail(node, f"inherit: unknown role '{role}'{did_you_mean(role, ROLES)}", role)
            if not isinstance(scope, str) or scope not in INHERIT_SCOPES + ("never",):
                self.fail(node, f"inherit.{role} must be one of always, category, never", role)
            scopes[ROLE_ALIASES.get(role, role)] = scope
        return {r: s for r, s in scopes.items() if s != "never"}

    def overrides(self, roles: set[str]) -> list[Override]:
        out = []
        given = self.raw.get("overrides") or []
        if not isinstance(given, list):
            self.fail(self.raw, "'overrides' must be a list of {line, cells, reason}", "overrides")
        for i, o in enumerate(given):
            if not isinstance(o, YMap) or not self.is_int(o.get("line")) or not isinstance(o.get("cells"), YMap):
                if isinstance(o, YMap):
                    at = "cells" if self.is_int(o.get("line")) and "cells" in o else "line" if "line" in o else None
                    self.fail(o, "an override needs 'line' (int) and 'cells' (role: text)", at)
                self.fail(given, "an override needs 'line' (int) and 'cells' (role: text)", i)
            unknown = sorted(k for k in o if k not in self.OVERRIDE_KEYS)
            if unknown:
                self.fail(o, f"override: unknown key(s) {unknown}{did_you_mean(unknown[0], self.OVERRIDE_KEYS)}; "
                             "known: line, cells, reason, table", unknown[0])
            if not o.get("reason"):
                self.fail(o, "an override must give its 'reason'", "reason" if "reason" in o else None)
            cells = o["cells"]
            for k, v in cells.items():
                if ROLE_ALIASES.get(k, k) not in roles:
                    self.fail(cells, f"override sets '{k}', which is not a column role of this mapping"
                                     f"{did_you_mean(k, sorted(roles))}", k)
                if isinstance(v, (list, dict)):
                    self.fail(cells, f"override: cells.{k} must be the cell's text", k)
            table = o.get("table")
            if table is not None and (not self.is_int(table) or table < 1):
                self.fail(o, "an override's 'table' must be a table number counted from 1", "table")
            out.append(Override(o["line"], {ROLE_ALIASES.get(k, k): ("" if v is None else str(v)) for k, v in cells.items()},
                                str(o["reason"]), o.line, table))
        return out
