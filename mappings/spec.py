"""Mapping files: one YAML file per catalogue says which reader to use and what every column means.

`load_mapping(path)` parses and checks a mapping file and returns a `Mapping`; every problem is a
`MappingError` naming the file and line. The accepted keys are documented in mappings/README.md and
in the example mapping files next to this module.

What checks what:
- pydantic (the models in mappings/spec_models.py) checks the file's content: every key known at every
  depth (with the closest known key as a hint), every value's type and allowed values, the defaults, and
  the format's rules (ids, paths, URLs, dates, what applies to which reader, roles given to one column
  only …) as validators; its error is said as one `MappingError` at the line of the key at fault.
- Hand-written here, because pydantic cannot do it:
  - composing the YAML (`_compose`, `YMap`/`YList`): a mapping file is untrusted, so size and nesting are
    bounded and anchors, aliases, tags, merge keys and duplicate keys are refused while it is parsed, in
    bounded memory; and the line of every key and item is kept, which pydantic's error locations are
    turned into (YAML loaded into plain dicts has no lines);
  - the safety of regular expressions (`check_pattern`: shapes that backtrack exponentially, refused before
    anything runs; `MappingPattern`: every search under a time limit), which the models' validators call;
  - where the catalogue file is (`check_source`, `confine_source`: inside the catalogues folder).
"""
from __future__ import annotations

import difflib
import re
import time
import warnings
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

from .readers import STRUCTURED, ReadError
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
    "legal_articles": "依据条款 (the articles of the 公开依据 beside it: 第十九条、第二十条)",
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
    block: int | None = None    # in a table holding blocks side by side: which, from the left (None: the leftmost)


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
    from .spec_models import validate     # pydantic: imported when a mapping file is first read
    return validate(p, raw)


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


#: how the record builder searches a name or category cell for `codes.pattern`: the code ends the cell (政策法规
#: 010000, group 1), or starts it before a space, a list mark or the name's first character (010000 建设工程管理,
#: 010000、建设工程管理, group 2)
CODE_PATTERN = r"\s*({0})\s*$|^\s*({0})(?:\s+|[、.．:：]\s*|(?=[\u4e00-\u9fff]))(?=\S)"
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
