"""`zwgk mapping draft FILE` and `zwgk mapping check MAPPING`: a first mapping file for a catalogue zwgk
has never seen, and a look at how a mapping reads its catalogue.

Drafting works in three passes over the file, each through the project's own readers:

  A. structure: the reader (suffix and content), the encoding, the header row (the first row with two
     or more header wordings from `headers.yaml`), a second header row when the row below is also
     header wordings, the leaf text of every column (a two-row header lined up with its merges, or, in a
     text copy that lost them, by which header cell may span which), and each column's role by its
     wording;
  B. content: the table read with that provisional mapping (`assemble`, the same path as a build), to
     decide what the cells show: roles the wording leaves open (公开方式 holding channels, methods or
     主动/依申请), tick columns, the check-box convention, codes and their hierarchy, legend markers,
     the item key, continuation fragments, shifted rows, blank cells that were merges, section titles;
  C. check: the mapping written out and read back with `load_mapping` and `read_catalogue`; a mapping
     that does not read is adjusted once (`realign`) or written with the error at its top.

Whatever the draft is not sure of carries a `# guess: …` comment on its line. The wordings are data
(mappings/headers.yaml), not code.
"""
from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import cells as C
from .bodies import endings
from .readers import READERS, STRUCTURED, SUFFIXES, WORKBOOKS, ReadError, ReadOptions, assemble
from .readers.base import Document, Grid, fragment_words, printable, read_text_with_encoding, remembering
from .readers.html import web_archive
from .readers.office import ODS, ODT, OLE, damaged_zip, encrypted_package, is_workbook, open_document_type
from .readers.ods import is_xml_spreadsheet
from .timelimit import TimeLimit, parse_time_limit
from .legal import articles_only
from .spec import CONCEPT_ROLES, MULTI_COLUMN_ROLES, MappingError, id_problem, load_mapping

HEADERS_FILE = Path(__file__).with_name("headers.yaml")
#: roles a mapping may give to one column only
SINGLE_ROLES = ("seq", "code", "category", "subcategory", "name", "content", "spec", "legal_basis", "legal_articles",
                "time_limit", "subject", "responsible_unit")
#: code-list scheme of each concept role
SCHEME = {"channels": "channel", "methods": "method", "disclosure_type": "disclosure-type", "audience": "audience",
          "stage": "stage", "level": "level", "domain": "domain"}
#: legend marks printed before names (★ 重点事项, ◆ 新增事项 …); not check boxes
MARKER_CHARS = "★☆●○◆◇▲△▼▽※◎"
#: a tick column's cell: a tick or a box, 是/否, a Wingdings letter whose font was lost, or a mark saying nothing
#: (/, —, 无: an unticked cell made explicit); beside it, white space and the invisible characters editors leave
#: (a zero-width space after √, a byte-order mark, an emoji variation selector after ✔)
_INVISIBLE = r"[\s\u200b-\u200d\u2060\ufeff\ufe0f]*"
_NOTHING = r"[/／\\\-－—–―]{1,2}|无"
TICK_CELL = re.compile(rf"^{_INVISIBLE}(?:[{C.TICK_MARKS}×✗✘☐□○]*|{C.TICK_WORDS}|否|{_NOTHING}|[NnＮｎ]|NO|No|"
                       rf"[RSTP£þ¨]){_INVISIBLE}$")
NOTHING_CELL = re.compile(rf"^{_INVISIBLE}(?:{_NOTHING}){_INVISIBLE}$")
#: the base used for code-list look-ups while drafting (labels do not depend on it)
_BASE = "http://127.0.0.1:8000"

#: a table titled after the body whose catalogue it is: 县财政局政府信息公开目录, 二、县教育体育局政务公开事项目录
_AGENCY_TITLE = re.compile(r"^\s*(?:(?:[一二三四五六七八九十\d]+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])\s*)?"
                           r"(.{2,30}?(?:" + endings("government", "institute", "short", "units", "sub_units") + "))"
                           r"(?:政府)?(?:信息)?(?:主动)?(?:政务)?公开(?:事项)?(?:基本|标准)?(?:目录|清单)")
#: a title naming a body alone (一、某某县财政局, 某某镇人民政府: one table per body in a county's 汇编)
_BODY_TITLE = re.compile(r"^\s*(?:(?:[一二三四五六七八九十\d]+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])\s*)?"
                         r"(.{1,30}?(?:" + endings("government", "institute", "units", "places") + r"))\s*$")
#: how a level of headings is numbered (一、 （一） 1. （1） 第一部分; 一 机构信息: the number a cell of its own): a compilation
#: numbers its bodies one way and their domains another
HEADING_NUMBERS = (r"[一二三四五六七八九十]+(?:[、.．]|\s)", r"[（(][一二三四五六七八九十]+[)）]", r"\d{1,2}[、.．](?!\d)",
                   r"[（(]\d{1,2}[)）]", r"第[一二三四五六七八九十\d]+部分")
#: a heading's words after its number: a name, no sentence (本目录适用于…。)
HEADING_WORDS = r"\s*([^\s。；;，,：:][^。；;，,：:]{0,39}?)\s*$"
#: the words after a body's name in the heading of its catalogue (县财政局 | 政务公开标准目录)
CATALOGUE_WORDS = r"(?:政府)?(?:信息)?(?:主动)?(?:政务)?公开(?:事项)?(?:基本|标准)?(?:目录|清单)"
#: a body's heading's words: its name, its catalogue words left out
BODY_HEADING_WORDS = r"\s*([^\s。；;，,：:][^。；;，,：:]{0,39}?)\s*(?:" + CATALOGUE_WORDS + r")?\s*$"
#: a heading naming a body (the outer level of a compilation: 县人民政府办公室, 县发改委, 县政府办, 某某镇, 城关街道办事处)
_BODY_NAME = re.compile(r"^.{1,30}?(?:" + endings("government", "institute", "short", "units", "places", "organs") + ")$")
#: a title's or section's number before its words: 一、 （一） (1) 1. 1） 第一部分, a dotted code whole (2.1, 1.1.1); or the
#: number of a cell of its own, a space between (一 机构信息, 01 机构概况); or an attachment's or a table's (附件1：,
#: 附件1 , 表1 , 附表1)
TITLE_NUMBER = (r"^\s*(?:\d{1,2}[.．]\d[\d.．]*[、]?|[一二三四五六七八九十\d]+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+部分"
                r"|(?:[一二三四五六七八九十]{1,3}|\d{1,6})\s(?=\s*\S)"
                r"|(?:附\s*件|附\s*表|表)\s*[一二三四五六七八九十\d]+\s*[：:、.．\-—－]?(?=\s*\S))\s*")


# ---------------------------------------------------------------------------------------------------
# The dictionary of header wordings (headers.yaml)
# ---------------------------------------------------------------------------------------------------

def key(text: str) -> str:
    """A wording's comparison key: no white space, full-width and half-width forms made equal."""
    return unicodedata.normalize("NFKC", C.compact(str(text))).replace(" ", "")


@dataclass
class Dictionary:
    role_of: dict[str, str]                  # key → role
    by_content: dict[str, list[str]]         # key → candidate roles, the cells decide
    groups: dict[str, list[str]]             # key → roles of the columns a spanning cell may head
    title_markers: list[str]
    title_prefixes: list[str]

    def role(self, text: str) -> str | None:
        return self.role_of.get(key(text))

    def known(self, text: str) -> bool:
        k = key(text)
        return bool(k) and (k in self.role_of or k in self.by_content or k in self.groups)

    def contained(self, text: str) -> tuple[str, str] | None:
        """(role, wording) of a known wording inside a header text: the one it ends with (a compound's head
        word is its last: 类目编号 is a number, 类目说明 a description, not a 类目; not in two things named
        together, 办理时限及依据), else the longest (公开依据及文件 → 公开依据)."""
        k = key(text)
        head = not re.search(r"[及和与、/]", k)      # (办理时限及依据: two things, the first named first)
        best, rank = None, None
        for w, role in self.role_of.items():
            if len(w) >= 2 and w in k and w != k and (rank is None or (head and k.endswith(w), len(w)) > rank):
                best, rank = (role, w), (head and k.endswith(w), len(w))
        return best


@lru_cache(maxsize=4)
def load_dictionary(path: str = str(HEADERS_FILE)) -> Dictionary:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    role_of: dict[str, str] = {}
    for role, words in (data.get("roles") or {}).items():
        for w in words or []:
            role_of.setdefault(key(w), role)
    return Dictionary(
        role_of=role_of,
        by_content={key(w): list(r) for w, r in (data.get("by_content") or {}).items()},
        groups={key(w): list(r) for w, r in (data.get("groups") or {}).items()},
        title_markers=[str(m) for m in data.get("title_markers") or []],
        title_prefixes=[str(p) for p in data.get("title_prefixes") or []],
    )


def codes():
    from ..ontology import code_lists
    return code_lists(_BASE)


def concept_label(role: str, text: str) -> str | None:
    """The code list's preferred label when `text` is a label of the role's scheme (主动 → 主动公开)."""
    if role not in SCHEME:
        return None
    text = re.sub(r"^\s*是否", "", text)      # 是否主动公开 over 是 / 否: ticks of 主动公开
    iri = codes().lookup(SCHEME[role], key(text)) or codes().lookup(SCHEME[role], C.compact(text))
    return codes().label(iri) if iri else None


def label_role(text: str) -> str | None:
    """The concept role whose code list has this label (全社会 → audience), if any."""
    for role in ("audience", "disclosure_type", "level", "channels", "methods", "stage"):
        if concept_label(role, text):
            return role
    return None


# ---------------------------------------------------------------------------------------------------
# The draft: what will be written
# ---------------------------------------------------------------------------------------------------

@dataclass
class Col:
    header: str                       # the leaf header text, white space removed ('' : none)
    role: str = "ignore"
    tick: str | None = None
    parent: str | None = None         # the header cell spanning this one (a two-row header)
    candidates: list[str] = field(default_factory=list)   # roles the cells decide between (公开方式)
    note: str = ""                    # comment
    guess: bool = False
    aliases: list[str] = field(default_factory=list)      # the other tables' wordings for this column

    def set(self, role: str, note: str = "", guess: bool = False, tick: str | None = None) -> None:
        self.role, self.note, self.guess, self.tick = role, note, guess, tick

    def wordings(self) -> set[str]:
        """The keys of the column's header and of its other tables' wordings."""
        return {key(h) for h in [self.header, *self.aliases]}


@dataclass
class Draft:
    file: Path
    catalogue_id: str = ""
    id_note: str = ""
    source: str = ""
    title: str | None = None
    title_note: str = "the line before the table"
    published: str | None = None      # catalogue.published: the date the text before the table gives
    published_note: str = ""
    agency_id: str = ""
    agency_name: str = ""
    agency_note: str = ""
    aliases: list[str] = field(default_factory=list)
    aliases_note: str = ""
    phone_area_code: str | None = None
    phone_area_note: str = ""
    reader: str = ""
    reader_note: str = ""
    reader_guess: bool = False
    encoding: str | None = None
    encoding_note: str = ""
    preamble: dict[str, str] = field(default_factory=dict)
    header_rows: int = 1
    header_note: str = ""
    header_guess: bool = False
    columns: list[Col] = field(default_factory=list)
    checkboxes: str = "glyphs"
    checkboxes_note: str = ""
    checkboxes_guess: bool = False
    tables: list[int | str] | None = None       # docx/html/pdf: numbers; xlsx: sheet names
    table_key: str = "tables"                   # tables | table | sheet
    tables_note: str = ""
    titles_pattern: str | None = None
    titles_shared: str = ""                # the words every table's title starts with, before its category
    titles_agency: str = ""                # the agency whose offices title the tables (某局 of 某局办公室…)
    titles_bodies: list = field(default_factory=list)   # the bodies titling the tables, the items' subjects
    titles_note: str = ""
    titles_ignore_note: str = ""                # why the tables' titles are no level, though they look like one
    titles_role: str = "category"
    # two levels of numbered headings, outer first (a compilation's bodies over their domains): (role, pattern, note)
    title_levels: list[tuple[str, str, str]] = field(default_factory=list)
    title_levels_note: str = ""
    inherit: dict[str, tuple[str, str]] = field(default_factory=dict)     # role → (scope, note)
    # a print that shows no merges (`Document.merges_seen`): blank cells that may be merged cells, written as
    # a commented-out `inherit:` for the reviewer (never applied unasked: a blank cell there looks the same)
    inherit_hint: dict[str, int] = field(default_factory=dict)            # role → blank cells
    continuation: list[str] | None = None
    continuation_note: str = ""
    realign: bool = False
    realign_note: str = ""
    markers: str = ""
    when_blank: str | None = None
    when_blank_note: str = ""
    code_pattern: str | None = None
    code_parent: tuple[int, str] | None = None
    codes_note: str = ""
    not_a_stage: bool = False
    not_a_stage_note: str = ""
    item_key: str = "name"
    item_key_note: str = ""
    line_join_note: str = ""
    problems: list[str] = field(default_factory=list)    # what the check (pass C) found
    summary: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------
# A. structure: reader, encoding, header, columns
# ---------------------------------------------------------------------------------------------------

def _tail(file: Path, size: int = 1 << 16) -> bytes:
    """The last bytes of a file (a compound file's directory is often at its end)."""
    with open(file, "rb") as f:
        f.seek(max(0, f.seek(0, 2) - size))
        return f.read()


def detect_reader(file: Path) -> tuple[str, str, bool, str | None]:
    """(reader, why, unsure, encoding of a text file) from the suffix and the bytes."""
    with open(file, "rb") as f:
        head = f.read(8192)
    suffix = file.suffix.lower()
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf", "a PDF file", suffix != ".pdf", None
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(file) as z:
                names = z.namelist()
        except zipfile.BadZipFile:
            raise damaged_zip(str(file)) from None      # (a download cut short: no reader can tell what it was)
        if any(n.startswith("xl/") for n in names):
            return "xlsx", "an Excel workbook", suffix != ".xlsx", None
        kind = open_document_type(file)
        if kind == ODT:
            return "doc", "an OpenDocument text (LibreOffice converts it)", suffix != ".odt", None
        if kind == ODS:
            return "ods", "an OpenDocument spreadsheet (LibreOffice converts it)", suffix != ".ods", None
        return "docx", "a Word document", suffix != ".docx", None
    if head.startswith(b"{\\rtf"):
        return "doc", "an RTF document (LibreOffice converts it)", suffix != ".rtf", None
    if is_xml_spreadsheet(head + _tail(file)):
        return "ods", "an XML Spreadsheet 2003 file (LibreOffice converts it)", False, None
    if head[:8] == OLE:      # a compound file: Excel 97-2003 (a Workbook stream), or a .doc / encrypted package
        if is_workbook(file):
            return "xls", "an Excel 97-2003 workbook", suffix != ".xls", None
        if encrypted_package(head + _tail(file)):
            return ("xlsx" if suffix in (".xlsx", ".xls", ".et") else "docx", "a password-protected Office "
                    "document: the reader will say so", True, None)
        if suffix in (".xls", ".et"):       # named a workbook, yet no workbook xlrd opens: the reader says why
            return "xls", f"named {suffix}, but no Excel 97-2003 workbook xlrd can open", True, None
        return ("doc", "a Word 97-2003 document (a compound file without a workbook)",
                suffix not in (".doc", ".wps"), None)
    if suffix in SUFFIXES["html"]:
        return "html", f"a web page ({suffix})", False, None
    if web_archive(head):
        return "html", "a web archive (the page and its images in one MIME file, .mht/.mhtml)", True, None
    text, encoding = read_text_with_encoding(file)
    low = text[:200000].lower()
    if "<table" in low and "<tr" in low and "\t" not in text[:2000]:
        return "html", "the text is HTML markup with <table>", True, encoding
    from .readers.tsv import comma_separated, pipe_table
    csv_rows = comma_separated(text)
    if csv_rows is not None:
        return ("tsv", f"comma-separated values (a sheet saved as CSV): {len(csv_rows)} rows, read as a copy with "
                       "cells", suffix != ".csv", encoding)
    if pipe_table(text) is not None:
        return "tsv", "a Markdown table (cells between |): read as a copy with cells", False, encoding
    lines = [ln for ln in text.split("\n") if "\t" in ln]
    one_tab = sum(1 for ln in lines if re.match(r"^ *\t[^\t]*$", ln))
    many = sum(1 for ln in lines if ln.count("\t") >= 2)
    if not lines:
        from .readers.cell_per_line import untabbed
        if untabbed(text):
            return ("cell-per-line", "no tab in the text: one cell a line, rows separated by blank lines (a cell of "
                                     "several paragraphs would read as several cells)", True, encoding)
        return "tsv", "no tab in the text: no table layout recognised", True, encoding
    if one_tab > many:
        from .readers.cell_per_line import _flowing
        rows = ("no blank line between them: rows cut every as many cells as the header has" if _flowing(text)
                else "rows separated by blank lines")
        return ("cell-per-line", f"{one_tab} of {len(lines)} lines with a tab are one tab-led cell each, {rows}",
                one_tab < 0.8 * len(lines), encoding)
    counts = Counter(ln.rstrip("\t").count("\t") for ln in lines if ln.count("\t") >= 2)
    common, n = counts.most_common(1)[0] if counts else (0, 0)
    return ("tsv", f"{many} of {len(lines)} lines with tabs hold several cells ({n} of them with {common + 1} "
                   "cells)", many < 0.6 * len(lines), encoding)


def probe0(d: Dictionary):
    """The permissive header probe: two cells that are known header wordings, one of them no code-list
    label (全社会, 政府公报 head tick columns, yet fill an item's cells too: an item's line of a PDF printed
    without borders may hold two)."""
    def probe(texts: list[str]) -> bool:
        known = [t for t in texts if len(t) < 40 and d.known(t)]
        # two different wordings: a cell merged across (目录 over a table of contents) repeats one
        return len({key(t) for t in known}) >= 2 and any(not label_role(t) for t in known)
    probe.known = d.known           # (a text reader tells a header's second row from a cut row's rest by it)
    probe.names = lambda texts: names_items(texts, d)    # (a table beside the catalogue with items of its own)
    return probe


#: the roles a catalogue's header names at least one of: what its items are (a table of the offices' phones
#: and addresses, 序号 | 科室 | 联系电话 | 办公地点, in the 编制说明 before it or 附 after it, names none)
_ITEM_ROLES = ("name", "category", "subcategory", "content")


def names_items(texts: list[str], d: Dictionary) -> bool:
    """A header row names what its rows' items are (事项名称, 一级事项, 公开内容 …): a catalogue's."""
    return any((d.role(t) or (d.contained(t) or (None,))[0]) in _ITEM_ROLES for t in texts if len(t) < 40)


def looks_like_header(texts: list[str], d: Dictionary, merged: list[bool] | None = None) -> bool:
    """A row below the first header row that is header too: its own cells are mostly header wordings
    (一级事项 | 二级事项, 全社会 | 特定群众, 主动 | 依申请) and none reads as data."""
    merged = merged or [False] * len(texts)
    own = [t for t, m in zip(texts, merged) if t.strip() and not m]
    if not own:
        return bool(texts) and all(merged) and any(t.strip() for t in texts)
    # a long text reads as data, unless it is a header wording or a code list's label (社区/企事业单位/村公示栏
    # （电子屏）, 18 characters, heads a tick column under 公开渠道)
    if any(len(key(t)) > 16 and not d.known(t) and not label_role(t) or re.fullmatch(r"\d+", key(t)) for t in own):
        return False
    wordings = sum(1 for t in own if d.known(t))
    labels = sum(1 for t in own if not d.known(t) and label_role(t))
    # a code-list label alone (政府网站) is more likely a fragment of a data row than a header
    return (wordings or labels >= 2) and wordings + labels >= max(1, math.ceil(0.6 * len(own)))


def under_groups(s: Structure, d: Dictionary) -> bool:
    """The row below the first header row of a real table is its lower half: its own cells stand under a
    group header spanning them (公开层级 over 县级 | 镇（场）级, wordings the code list may lack), short words,
    and each of its other cells is covered by the header cell above it (序号, 事项名称 over two rows). No row
    of items is covered by the header."""
    upper, lower, merged = s.upper, s.lower, s.lower_merged
    if lower is None or merged is None or len(upper) != len(lower):
        return False
    grouped = False
    for j, (up, lo, m) in enumerate(zip(upper, lower, merged)):
        spans = any(0 <= k < len(upper) and key(upper[k]) == key(up) for k in (j - 1, j + 1))
        if not m and lo.strip():
            # (a group's wording, a code list's; or any column's spanning parts of its own: 公开内容 over 要素1 | 要素2)
            group = key(up) in d.groups or d.role(up) is not None
            if not (spans and group) or len(key(lo)) > 12 or re.fullmatch(r"[\d.]+", key(lo)):
                return False
            grouped = True
        elif not m and up.strip():
            return False        # a cell of its own, blank, under a header cell: a row of items
    return grouped


def child_role(text: str, d: Dictionary) -> str | None:
    return d.role(text) or label_role(text)


def compatible(parent: str, child: str, d: Dictionary) -> bool:
    """Whether a header cell may span (head) the cell below it."""
    role = child_role(child, d)
    if role is None:
        return False
    return role == d.role(parent) or role in d.groups.get(key(parent), ())


def align(upper: list[str], lower: list[str], width: int | None,
          d: Dictionary) -> tuple[list[str], list[str | None], bool]:
    """The leaf text of every column of a two-row header, the spanning cell above each, and whether
    the rows lined up (with `width` columns when it is known).

    Two rows keeping a field for each cell a merge covers (a copy from Excel) line up by position. A lower
    row as wide as the table (blank under the cells merged down) is read in place: a blank is the
    next upper cell, a run of texts the children of the next upper cell(s). A lower row that lost its
    merges (only the children printed, 全社会 | 特定群众) is lined up by which upper cell may span which
    child (headers.yaml `groups`)."""
    upper = [u for u in upper]
    while upper and not upper[-1].strip():
        upper.pop()
    last = max((i for i, t in enumerate(lower) if t.strip()), default=-1)
    lower = lower[:last + 1]
    # both rows keep a field for every cell a merge covers (a copy from Excel: 公开事项 | "" over 一级事项 |
    # 二级事项): they line up by position, a blank upper field under the spanning cell to its left
    gaps = [j for j, u in enumerate(upper) if not u.strip()]
    if gaps and upper[0].strip() and all(j < len(lower) and lower[j].strip() for j in gaps):
        n = max(len(upper), len(lower))
        up, lo = upper + [""] * (n - len(upper)), lower + [""] * (n - len(lower))
        spanning = [next(up[k] for k in range(j, -1, -1) if up[k].strip()) for j in range(n)]
        leaf = [lo[j] if lo[j].strip() else up[j] for j in range(n)]
        parents = [spanning[j] if lo[j].strip() and key(spanning[j]) != key(lo[j]) else None for j in range(n)]
        return leaf, parents, width is None or n == width
    in_place = any(not t.strip() for t in lower) and len(lower) > 0
    leaf: list[str] = []
    parents: list[str | None] = []
    ok = True
    if in_place:
        u, current = 0, None
        for t in lower:
            if not t.strip():
                if current is not None:
                    u, current = current + 1, None
                leaf.append(upper[u] if u < len(upper) else "")
                parents.append(None)
                ok = ok and u < len(upper)
                u += 1
                continue
            if current is None or not compatible(upper[current], t, d):
                if current is not None:
                    u = current + 1
                current = u
                ok = ok and u < len(upper) and compatible(upper[u], t, d)
            leaf.append(t)
            parents.append(upper[current] if current < len(upper) else None)
        if current is not None:
            u = current + 1
        for rest in upper[u:]:          # upper cells to the right of the lower row's last text
            leaf.append(rest)
            parents.append(None)
        ok = ok and (width is None or len(leaf) == width)
        return leaf, parents, ok
    children: dict[int, list[str]] = {}
    cursor, current = 0, None
    for t in [t for t in lower if t.strip()]:
        if current is not None and compatible(upper[current], t, d):
            children[current].append(t)
            continue
        start = cursor if current is None else current + 1
        k = next((k for k in range(start, len(upper)) if compatible(upper[k], t, d)), None)
        if k is None:
            ok = False
            break
        current, cursor = k, k + 1
        children.setdefault(k, []).append(t)
    for k, u in enumerate(upper):
        for t in children.get(k, [u]) if ok else [u]:
            leaf.append(t)
            parents.append(u if ok and k in children else None)
    ok = ok and (width is None or len(leaf) == width)
    return leaf, parents, ok


@dataclass
class Structure:
    upper: list[str]
    lower: list[str] | None
    lower_merged: list[bool] | None
    width: int | None
    where: str
    rows: int = 1
    leaf: list[str] = field(default_factory=list)
    parents: list[str | None] = field(default_factory=list)
    aligned: bool = True
    document: Document | None = None
    raw_width: int | None = None      # tsv: the rows' cell count with trailing blank cells (a blank last column)
    grid: int | None = None           # the document's table the header is in (its index)
    third: list[str] | None = None    # the row under `lower` and its merges (a header of three rows)
    third_merged: list[bool] | None = None
    # columns beside the table after an empty one, no block of items of their own (a legend, the offices' phones)
    aside: dict[int, str] = field(default_factory=dict)


def mode(values: list[int]) -> int | None:
    return Counter(values).most_common(1)[0][0] if values else None


#: a date in a cell (2023-03-15, 2023/3/15, 2023年3月15日)
#: a date, or a month of a year (2023-03-15, 2023年3月, 2023-03, 2023.3)
_DATE_CELL = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,2}\s*日?|月份?)?")
#: how long an item stays published or is kept: 长期, 永久, 5年, 6个月, 三年
_DURATION_CELL = re.compile(r"长期(?:公开|有效|保存)?|永久(?:公开|保存)?|常年|(?:\d+|[一二两三四五六七八九十]+)\s*个?(?:年|月)")
#: a table of contents' column of page numbers
_PAGE_COLUMN = re.compile(r"页码|页次|页号|所在页(?:码)?|起始页(?:码)?")


def find_header(draft: Draft, d: Dictionary) -> Structure:
    """The first header row of the file, the row below it, and the table's width."""
    file, reader = draft.file, draft.reader
    probe = probe0(d)
    source_file = str(file)
    if reader == "cell-per-line":
        from .readers.cell_per_line import _blocks, _flowing, tab_led, untabbed
        text, _ = read_text_with_encoding(file, draft.encoding, source_file)
        # (no tab at all: a line is a cell, and a cell of two paragraphs two cells: the header's lines are the
        # columns, and a row of more lines is refused by the reader, not read into a column of no header)
        plain = untabbed(text)
        text = tab_led(text) if plain else text
        blocks = [(cells, m) for cells, m in _blocks(text)]
        for n, (cells, m) in enumerate(blocks):
            texts = [c.text for c in cells]
            if m < 0 or not probe(texts):
                continue
            first = next((i for i in range(2, len(texts)) if re.fullmatch(r"\s*[1１]\s*", texts[i])), None)
            if first and _flowing(text):
                # rows run together after the header, no blank line between them: the header is the cells
                # before the first item's number
                return Structure(texts[:first], None, None, first, f"line {cells[0].first_line}")
            below = next(((c, mm) for c, mm in blocks[n + 1:]), None)
            lower = [c.text for c in below[0]] if below and below[1] >= 0 else None
            sizes = [len(c) for c, mm in blocks[n + 1:] if mm >= 0 and any(x.text.strip() for x in c)]
            return Structure(texts, lower, None, len(texts) if plain else mode(sizes[1:] if lower else sizes),
                             f"line {cells[0].first_line}")
        raise ReadError(source_file, None, "no header row: no block of cells has two known header wordings "
                                           f"(add the table's wordings to {HEADERS_FILE.name})")
    options = ReadOptions(0, 1, probe, draft.encoding)
    doc = READERS[reader](source_file, file, options)
    if doc.encoding and not draft.encoding and reader in ("tsv", "html") and \
            doc.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        draft.encoding = doc.encoding
    # the first header naming items (a table of the offices' phones may come first, in the 编制说明; a table of
    # contents, 序号 | 目录名称 | 页码, names no items: its entries' pages), else the first
    first = None
    from .readers.assemble import side_by_side
    doubts: dict[int, list[tuple[int, int, str]]] = {}      # columns beside a table, no block of their own
    # (blocks side by side: the first)
    for grid in (part for g in doc.tables for part in side_by_side(g, probe, doubts.setdefault(g.index, []))):
        for i, row in enumerate(grid.rows):
            texts = [c.text for c in row]
            if probe(texts):
                first = first or (grid, i)
                if names_items(texts, d) and not any(_PAGE_COLUMN.fullmatch(C.compact(t)) for t in texts):
                    first = (grid, i)
                    break
        else:
            continue
        break
    if first is not None:
        grid, i = first
        if _form_per_item(grid, i, d):
            raise ReadError(source_file, None, f"no header row: {grid.name} is a form, wordings and values side by "
                                               f"side ({grid.rows[i][0].text.strip()} | {grid.rows[i][1].text.strip()})"
                                               " and wordings down its first column; " + _ACROSS_ONLY)
        row = grid.rows[i]
        texts = [c.text for c in row]
        lower = grid.rows[i + 1] if i + 1 < len(grid.rows) else None
        raw_width = None
        if reader == "tsv":
            widths, raw = [], []
            for r in grid.rows[i + 1:]:
                t = [c.text for c in r]
                if len(t) >= 2:
                    raw.append(len(t))
                while t and not t[-1].strip():
                    t.pop()
                if len(t) >= 2:
                    widths.append(len(t))
            width = mode(widths[1:] if lower is not None and len(widths) > 1 else widths)
            raw_width = mode(raw[1:] if lower is not None and len(raw) > 1 else raw)
        else:
            width = len(row)
        where = f"line {grid.numbers[i]}" if reader == "tsv" else f"{grid.name}, row {grid.numbers[i]}"
        third = grid.rows[i + 2] if i + 2 < len(grid.rows) and reader != "tsv" else None
        off = grid.columns[0] - 1 if grid.columns else 0
        aside = {j - off: what for a, b, what in doubts.get(grid.index, []) for j in range(a, b) if 0 <= j - off < len(row)}
        return Structure(texts, [c.text for c in lower] if lower else None,
                         [c.merged for c in lower] if lower else None, width, where, document=doc,
                         raw_width=raw_width, grid=grid.index, third=[c.text for c in third] if third else None,
                         third_merged=[c.merged for c in third] if third else None, aside=aside)
    if reader == "tsv" and not any(len(row) > 1 for grid in doc.tables for row in grid.rows):
        # the header's wordings may well be known: the text has no cells at all
        raise ReadError(source_file, None, "no table: the text has no tab-separated cells (a PDF's text as a viewer "
                                           "or pdftotext gives it, lines aligned with spaces, a table drawn with "
                                           "box-drawing lines ┌─┬─┐ │); "
                                           "give zwgk the original (the PDF, the web page, the Word or Excel file) "
                                           "or a copy of the table made from the web page, Word or Excel")
    if doc.frames:       # the catalogue is another document's, shown in the page
        from .readers.html import frame_hint
        raise ReadError(source_file, None, "no header row in the page's tables; " + frame_hint(doc.frames))
    down = next((g for g in doc.tables if len({key(r[0].text) for r in g.rows if r and d.known(r[0].text)}) >= 2), None)
    if down is not None:
        # 事项名称 | X, 公开内容 | Y … down the first column: a form per item, or a table with one column per item
        raise ReadError(source_file, None, f"no header row: the header wordings of {down.name} stand down its first "
                                           "column (a form per item, or one column per item); " + _ACROSS_ONLY)
    if not doc.tables:
        raise ReadError(source_file, None, "the document has no table (its items written as paragraphs or an "
                                           "outline, which zwgk does not read): give zwgk the catalogue as a table")
    raise ReadError(source_file, None, "no header row: no row of its tables has two known header wordings "
                                       f"(add the table's wordings to {HEADERS_FILE.name})")


_ACROSS_ONLY = "zwgk does not read such a layout: give it a table with one row per item and the wordings across its top"


def _form_per_item(grid: Grid, i: int, d: Dictionary) -> bool:
    """Whether the row taken for a header is a form's (事项名称 | 机构职能 | 事项类别 | 机构信息: wordings and values
    side by side, a wording first in the rows under it too): a form per item, no table of items."""
    row = [c.text for c in grid.rows[i]]
    known = [k for k, t in enumerate(row) if t.strip() and d.known(t)]
    values = [k for k, t in enumerate(row) if t.strip() and not d.known(t)]
    below = [r for r in grid.rows[i + 1:i + 4] if r and r[0].text.strip()]
    return len(known) >= 2 and len(values) >= 2 and all(k % 2 == 0 for k in known) and all(k % 2 for k in values) \
        and len(below) >= 2 and all(d.known(r[0].text) for r in below)


def header_structure(draft: Draft, s: Structure, d: Dictionary) -> None:
    """Header rows, the leaf text of every column and its spanning cell."""
    structured = draft.reader in STRUCTURED
    two = s.lower is not None and (looks_like_header(s.lower, d, s.lower_merged if structured else None)
                                   or structured and under_groups(s, d))
    if not two:
        leaf = list(s.upper)
        if draft.reader == "tsv":
            while leaf and not leaf[-1].strip():
                leaf.pop()
        s.rows, s.leaf, s.parents = 1, leaf, [None] * len(leaf)
        return
    s.rows = 2
    if structured and s.third is not None and s.third_merged is not None and s.lower_merged is not None \
            and looks_like_header(s.third, d, s.third_merged) \
            and any(t.strip() and not m for t, m in zip(s.third, s.third_merged)):
        # three rows (公开属性 over 公开对象 | 公开方式 over 全社会 | 特定群众 | 主动 | 依申请): the middle row's own
        # cells are the groups of the cells under them; the top row's spans the groups and is left aside
        s.rows = 3
        s.upper = [lo if lo.strip() and not m else up for up, lo, m in zip(s.upper, s.lower, s.lower_merged)]
        s.lower, s.lower_merged = s.third, s.third_merged
    if structured:
        s.leaf = [lo if lo.strip() else up for up, lo in zip(s.upper, s.lower)]
        s.parents = [up if lo.strip() and not m and key(up) != key(lo) else None
                     for up, lo, m in zip(s.upper, s.lower, s.lower_merged)]
        return
    s.leaf, s.parents, s.aligned = align(s.upper, s.lower, None, d)
    if s.width is not None:       # a blank last column is trimmed from the rows' width, not from the header
        s.aligned = s.aligned and s.width <= len(s.leaf) <= max(s.width, s.raw_width or 0)


def group_role(parent: str, d: Dictionary) -> str | None:
    """The one concept role a group header names (公开层级 → level, 公开渠道和载体 → channels), if it names one."""
    roles = ({d.role(parent)} | set(d.groups.get(key(parent), ()))) & set(SCHEME)
    return roles.pop() if len(roles) == 1 else None


def assign_roles(s: Structure, d: Dictionary) -> list[Col]:
    """Each column's role from its header wording (the cells refine it in pass B)."""
    cols: list[Col] = []
    for text, parent in zip(s.leaf, s.parents):
        h = C.compact(text)
        col = Col(h, parent=C.compact(parent) if parent else None)
        role = d.role(h)
        k = key(h)
        if not h:
            col.set("ignore", "guess: no header text", True)
        elif role in CONCEPT_ROLES and concept_label(role, h):
            col.set(role, tick=concept_label(role, h))
        elif role:
            col.set(role)
        elif k in d.by_content:
            col.candidates = list(d.by_content[k])
            col.set(col.candidates[0], f"guess: '{h}' means different things; to be decided by its cells", True)
        elif parent and label_role(h) in ({d.role(parent)} | set(d.groups.get(key(parent), ()))) - {None}:
            r = label_role(h)
            col.set(r, f"ticks under {parent}", tick=concept_label(r, h))
        elif d.contained(h):
            r, w = d.contained(h)
            col.set(r, f"guess: header '{h}' contains '{w}'", True)
        elif parent and group_role(parent, d):
            # a wording the code list lacks under a group naming one (乡（镇、街道）级 under 公开层级): the group's
            # role; its ticks keep the wording as an uncontrolled label (pass B), words are read as labels
            r = group_role(parent, d)
            col.set(r, f"guess: under '{parent}', '{h}' is no {SCHEME[r]} label", True)
        else:
            col.set("extra", f"guess: no known role for header '{h}'; kept as text under it", True)
            col.candidates = ["?"]          # the cells may still show a code list
        cols.append(col)
    return cols


def other_headers(draft: Draft, s: Structure, d: Dictionary) -> None:
    """The headers of the document's other tables (one per 领域 or per office, a 主动公开 and a 依申请公开 table),
    each read as the first one is: a column of theirs that is one of the first table's (its role, its tick
    label; a column of `extra` or of several by its wording) adds its wording to that column's header; one
    the first table lacks (公开对象 as words beside the first table's ticks, a 备注 of one table) becomes a
    column of its own, which the tables without it leave blank (the reader lines each table up by its
    header), except in a PDF printed without rules, whose columns are found from where text stands (a
    page's may be noise). A text copy's tables are read so too, their header rows lined up as its first's
    (`align`: they lost their merges)."""
    if s.document is None or s.grid is None:
        return
    from .readers.assemble import blocks
    probe = probe0(d)
    for whole in s.document.tables:
        if whole.index < s.grid:
            continue
        for grid in blocks(whole, probe)[1 if whole.index == s.grid else 0:]:   # (a sheet's later blocks too)
            _other_header(draft, grid, probe, d, s.document.merges_seen)


#: the roles of a table of contacts: what, who, their phones (and text)
_CONTACT_ROLES = frozenset({"seq", "name", "category", "subcategory", "subject", "responsible_unit", "phones", "extra",
                            "ignore"})


def _other_header(draft: Draft, grid: Grid, probe, d: Dictionary, ruled: bool) -> None:
    """The columns of one other table's header (`other_headers`); `ruled`: its cells are drawn (not an unruled
    PDF's, found where text stands)."""
    i = next((i for i, row in enumerate(grid.rows) if probe([c.text for c in row])), None)
    if i is None:
        return
    # a header of its own: most of its cells known wordings (not a header cut by a page break, 公开主
    # | 体, nor a row of an item naming two)
    own = [c.text for c in grid.rows[i] if c.text.strip() and not c.merged]
    if sum(1 for t in own if d.known(t)) < max(3, math.ceil(0.6 * len(own))) or not names_items(own, d):
        return          # (nor the offices' phones and addresses, 附：各科室联系方式)
    lower = grid.rows[i + 1] if i + 1 < len(grid.rows) else None
    structured = draft.reader in STRUCTURED
    t = Structure([c.text for c in grid.rows[i]], [c.text for c in lower] if lower else None,
                  [c.merged for c in lower] if lower else None, len(grid.rows[i]) if structured else None, grid.name)
    header_structure(draft, t, d)
    if not t.aligned:
        return          # (a text copy's header rows that do not line up: its columns are not known)
    cols = assign_roles(t, d)
    resolve_conflicts(cols)
    if any(c.role == "phones" for c in cols) and all(c.role in _CONTACT_ROLES for c in cols):
        return      # whom to call about what (公开事项 | 责任科室 | 咨询电话 | 监督电话): an appendix, no items
    from .records import lists_items
    if not lists_items({x.role for x in draft.columns}, {c.role for c in cols if c.header}):
        return      # a list of other things (相关文件: 序号 | 文件名称 | 发布日期): its wordings are no aliases
    wordings = {w for x in draft.columns for w in x.wordings()}
    if any(c.header and not d.known(c.header) and any(w.startswith(key(c.header)) and w != key(c.header)
                                                     for w in wordings) for c in cols):
        return      # a header cut short by a page break (咨询 of 咨询及监督举报电话, 一级 of 一级目录): no columns of its own
    for c in cols:
        if not c.header or c.role == "ignore":
            continue
        if c.role in SINGLE_ROLES and any(x.role == c.role for x in draft.columns) and c.candidates:
            continue        # (a column of words no role knows, taken for the name: the catalogue has one)
        if c.candidates:                   # its cells decide its role (公开方式): a column of its own
            same = [x for x in draft.columns if x.candidates and key(c.header) in x.wordings()]
        elif c.role in CONCEPT_ROLES:      # tick columns by their label, a column of words by its role
            same = [x for x in draft.columns if x.role == c.role and x.tick == c.tick and not x.candidates]
        elif c.role in MULTI_COLUMN_ROLES:   # phones, extra: by wording
            same = [x for x in draft.columns if x.role == c.role and key(c.header) in x.wordings()]
        else:
            same = [x for x in draft.columns if x.role == c.role and not x.candidates]
            if not same and c.role == "subcategory" and _deeper(draft, cols, c):
                # a level more than the first table's (一级 | 二级 | 三级事项 where it has 一级 | 二级): its middle
                # level, headed as the first's name column is, is a level of its own (the name's wording, 三级事项,
                # an alias of the name); the tables without it leave it blank
                c.note, c.guess = f"guess: a level of {grid.name} and tables like it, named by the first's name", True
                draft.columns.insert(next(i for i, x in enumerate(draft.columns) if x.role == "name"), c)
                continue
            if not same and c.role in ("name", "category", "subcategory"):
                continue        # the levels are the first table's (a level it lacks is read from it)
        if same:
            # the column of the same wording first (two of a role: 联系电话, 监督电话)
            same.sort(key=lambda x: key(c.header) not in x.wordings())
            if key(c.header) not in same[0].wordings():
                same[0].aliases.append(c.header)
            continue
        if not ruled:       # an unruled PDF's cells are found from where text stands: a column of one page may
            continue        # be noise
        c.note = (f"guess: only in {grid.name} and tables like it ({c.note})" if c.note
                  else f"guess: only in {grid.name} and tables like it")
        c.guess = True
        draft.columns.append(c)


def _deeper(draft: Draft, cols: list[Col], sub: Col) -> bool:
    """Another table's subcategory column `sub` (its `cols`) is a level the document's first table lacks: headed
    as the first table's name column is, the other table's name otherwise. (It stands before the name: the levels
    go left to right.)"""
    name = next((x for x in draft.columns if x.role == "name"), None)
    theirs = next((x for x in cols if x.role == "name"), None)
    return name is not None and theirs is not None and key(sub.header) in name.wordings() \
        and key(theirs.header) not in name.wordings()


def article_column(cols: list[Col], judged: list[list[str]]) -> None:
    """The column of the articles of the 公开依据 beside it (依据条款 over 第十九条、第二十条; a second column under 公开依据,
    or one headed 具体条款, whose cells are article references alone): `legal_articles`, read with the instruments
    as one citation a row. Under its wording, a column of article texts (prose) is `article_text`; with no 公开依据
    column, the articles are no instrument's: kept as text."""
    basis = any(c.role == "legal_basis" for c in cols)
    for i, col in enumerate(cols):
        values = [v for v in judged[i] if v.strip() and not C.PLACEHOLDER.match(C.clean_text(v))]
        share = sum(articles_only(C.clean_text(v)) is not None for v in values) / len(values) if values else 0.0
        if col.role == "legal_articles" and not basis:
            col.set("extra", f"guess: '{col.header}' names articles, but no 公开依据 column gives their instruments; "
                             "kept as text", True)
        elif col.role == "legal_articles" and values and share < 0.5:
            col.set("article_text", f"guess: headed '{col.header}' but {1 - share:.0%} of its cells are no article "
                                    "references (第十九条): the articles' text", True)
        elif col.role in ("extra", "article_text") and basis and len(values) >= 2 and share >= 0.6 \
                and not any(c.role == "legal_articles" for c in cols):
            col.set("legal_articles", f"guess: {share:.0%} of the '{col.header}' cells are article references "
                                      "(第十九条、第二十条): the articles of the 公开依据 beside them", True)


def resolve_conflicts(cols: list[Col]) -> None:
    """One column per single role; one name column (a third level names the item)."""
    def idx(role):
        return [i for i, c in enumerate(cols) if c.role == role]
    subs, names = idx("subcategory"), idx("name")
    if subs and names and subs[-1] > names[-1]:
        third = subs[-1]
        for i in names:
            cols[i].set("subcategory", f"the second level: '{cols[third].header}' names the item")
        cols[third].set("name", "the third level names the item")
    # three level columns side by side, a category wording right of the name's (一级目录 | 二级目录 | 公开事项:
    # 公开事项 names categories elsewhere): the levels go left to right, the rightmost names the item
    levels = [i for i, c in enumerate(cols) if c.role in ("category", "subcategory", "name")]
    if len(levels) == 3 and levels[-1] - levels[0] == 2 and cols[levels[-1]].role == "category" \
            and cols[levels[1]].role == "name":
        cols[levels[1]].set("subcategory", f"the second level: '{cols[levels[-1]].header}', right of it, names the item")
        cols[levels[-1]].set("name", f"guess: the third level names the item ('{cols[levels[-1]].header}' may also "
                                     "name categories)", True)
    names = idx("name")
    if len(names) > 1:
        for i in names[:-1]:
            if not idx("category") and i < min(idx("subcategory") or [len(cols)]):
                # 目录名称 | 信息名称 and no category column: the first names the category
                cols[i].set("category", f"guess: several name columns; '{cols[names[-1]].header}' names the item, "
                                        f"'{cols[i].header}' its category", True)
            elif not idx("subcategory"):
                cols[i].set("subcategory", f"guess: several name columns; '{cols[names[-1]].header}' names the item",
                            True)
            else:
                cols[i].set("extra", f"guess: another name column ('{cols[i].header}'); kept as text", True)
    cats = idx("category")
    for i in cats[1:]:
        if not idx("subcategory") and (not idx("name") or idx("name")[0] > i):
            cols[i].set("subcategory", f"guess: a second category column ('{cols[i].header}')", True)
        else:
            cols[i].set("extra", f"guess: another category column ('{cols[i].header}'); kept as text", True)
    if not idx("name"):
        subs, cats = idx("subcategory"), idx("category")
        # an unknown header right after the category (or first of all, but for 序号 and codes) may name the item;
        # one further right does not (牵头部门 after 公开内容 and 公开依据: every item was named 办公室)
        first = cats[0] + 1 if cats else next((i for i, c in enumerate(cols) if c.role not in ("seq", "code")), 0)
        after = [first] if first < len(cols) and cols[first].role == "extra" and cols[first].guess \
            and cols[first].header else []
        if subs:
            i, why = subs[-1], f"the lowest level '{cols[subs[-1]].header}' names the item"
        elif after:
            i, why = after[0], f"'{cols[after[0]].header}' read as the item's name"
        elif cats:
            i, why = cats[0], f"the category '{cols[cats[0]].header}' names the item"
        else:
            i = next((i for i, c in enumerate(cols) if c.role not in ("seq", "code")), 0)
            why = f"'{cols[i].header}' read as the item's name"
        cols[i].set("name", f"guess: no name column; {why}", True)
    for role in SINGLE_ROLES:
        found = idx(role)
        # the column its header names for sure first (事项编码 before 类别代码, which only contains 代码), then the
        # one whose header says it is the disclosure's (公开时限 before 办理时限, the time a service takes;
        # 公开依据 before 设定依据)
        found.sort(key=lambda i: (cols[i].guess, "公开" not in (cols[i].header or "")))
        for i in found[1:]:
            alt = {"subject": "responsible_unit", "content": "spec"}.get(role)
            if alt and not idx(alt):
                cols[i].set(alt, f"guess: a second '{role}' column read as {alt}", True)
            else:
                cols[i].set("extra", f"guess: another '{role}' column ('{cols[i].header}'); kept as text", True)


# ---------------------------------------------------------------------------------------------------
# B. content
# ---------------------------------------------------------------------------------------------------

#: the start of a cell's text that can only go on from the line above it: a list's or a sentence's
#: punctuation, the closing of a bracket, an article or a number after a title
_GOES_ON = re.compile(r"^(?:[、，,；;：:。）)》」”】]|第[一二三四五六七八九十百零〇\d]+[条款项章]|[（(][^（）()]*[令号]\s*[）)])")


def _continues(above: list[str], row: list[str], roles: dict[int, str], column: list[list[str]]) -> bool:
    """Whether a row's cells read as the rest of the cells above them, cut by a line or page break: at least
    two of its cells each go on from the one above (punctuation or an article first; a time limit that
    parses only joined; a text that, joined, is a value the column holds elsewhere: 牡丹区自然资源 + 局), and
    none is a whole value of its own that the cell above lacks."""
    evidence = 0
    for i, text in enumerate(row):
        t, up = C.clean_text(text), C.clean_text(above[i]) if i < len(above) else ""
        if not t:
            continue
        if not up:
            return False       # a cell where the row above has none: the row's own
        joined = up + t
        if _GOES_ON.match(t) or up.count("《") > up.count("》") or up.count("（") > up.count("）"):
            evidence += 1
        elif roles.get(i) == "time_limit" and not (parse_time_limit(up) or TimeLimit("")).parsed \
                and (parse_time_limit(joined) or TimeLimit("")).parsed:
            evidence += 1
        elif len(t) <= 3 and any(C.clean_text(v) == joined for v in column[i]):
            evidence += 1
    return evidence >= 2


def labels_of(text: str) -> list[str]:
    """The labels of a cell however its boxes are marked (every word an option)."""
    return [o.label for o in C.read_checkboxes(text, "lost-glyph")]


def scheme_share(cells: list[str], role: str) -> float:
    """How much of the cells names concepts of the role's code list: for each non-blank cell the share
    of its labels that are concepts (a methods cell listing 其他 is not a channels cell), averaged. A cell
    of several lines is also read with its lines glued, as wraps of a narrow column (依申请公 / 开)."""
    cells = [c for c in cells if c.strip()]
    if not cells:
        return 0.0
    scheme = SCHEME[role]

    def share(text: str) -> float:
        # each entry of a list (政府网站、政务微博) is a label of its own
        labels = [e for lb in labels_of(text) for e in (C.split_list(lb) or [lb])]
        hits = 0
        for lb in labels:
            parts = [lb] + (C.stage_pieces(lb, lambda x: codes().lookup(scheme, x)) if role == "stage" else [])
            hits += any(codes().lookup(scheme, p) for p in parts if p)
        return hits / len(labels) if labels else 0.0

    return sum(max(share(c), share(C.clean_text(c, joiner="")) if "\n" in c else 0.0) for c in cells) / len(cells)


#: a tick with a remark in brackets (√（涉及个人隐私的除外）): still a tick column's cell (the reader keeps the remark)
TICK_REMARK = re.compile(r"^\s*[√✓✔■☑●]\s*[（(【\[].{1,40}[）)】\]]\s*$")


def is_ticks(cells: list[str]) -> bool:
    """Cells of a tick column: ticks, boxes, marks saying nothing (one of them at least no such mark)."""
    return all(TICK_CELL.match(c) or TICK_REMARK.match(c) for c in cells) and \
        any(TICK_CELL.match(c) and not NOTHING_CELL.match(c) for c in cells)


def detect_checkboxes(cells: list[str]) -> tuple[str, str]:
    """(convention, why) from the check-box cells."""
    html = sum(1 for c in cells if re.search(r"<input\b", c, re.I))
    cells = [C.lost_wingdings(c) for c in cells]
    if html:
        return "html", f"{html} cells hold <input type=checkbox> markup"
    checked = sum(1 for c in cells if any(g in c for g in C.CHECKED_GLYPHS))
    lost = 0
    for c in cells:
        if any(g in c for g in C.UNCHECKED_GLYPHS) and not any(g in c for g in C.CHECKED_GLYPHS):
            opts = C.read_checkboxes(c, "lost-glyph")
            if any(o.checked for o in opts) and any(not o.checked for o in opts):
                lost += 1
    if lost > checked:
        return "lost-glyph", (f"{lost} cells print options with □ beside one without a box: the selected "
                              "box's glyph was lost")
    if checked:
        return "glyphs", f"{checked} cells mark options with ■/☑/√"
    return "glyphs", ""


def provisional(draft: Draft):
    """The table read with the mapping as drafted so far: (Mapping, RawTable, Document)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(render(draft), encoding="utf-8")
        m = load_mapping(path)
    source_file = str(draft.file)
    from .records import header_probe
    probe = header_probe(m)
    doc = READERS[m.reader](source_file, draft.file, ReadOptions(m.ncols, m.header_rows, probe, m.encoding))
    table = assemble(doc, m.ncols, m.header_rows, probe, m.tables, check_width=m.structured,
                     unit="sheet" if m.reader in WORKBOOKS else "table")
    return m, table, doc


def reseat_shifted(draft: Draft, seated: list, n: int) -> dict[int, set[int]]:
    """Re-seat, in place, the short rows whose cells misfit their columns and fit with fewer misfits when
    re-seated by content (`records.reseat`, as `realign: true` will): row index → the columns it lost to
    merges (blank after re-seating)."""
    from .records import CellTypes, Seated, continuation_columns, is_continuation, reseat
    from .records import item_next_row, item_row_lost, unowned_row as unowned
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(render(draft), encoding="utf-8")
        m = load_mapping(path)
    well = [Seated(cells, r.first_line, r.last_line) for cells, over, r in seated if not over and len(r.cells) >= n] \
        or [Seated(cells, r.first_line, r.last_line) for cells, over, r in seated if not over]
    types = CellTypes(m, codes(), well)
    continuing = continuation_columns(m)
    count: dict[int, set[int]] = {}
    lost: set[int] = set()        # the columns the row above lost to merges
    for k, (cells, over, r) in enumerate(seated):
        # a row that lost merged cells prints fewer cells than there are columns (its 序号 or 公开内容 blank where
        # it stands: perhaps an item's next row)
        above = [None if i in lost else t for i, t in enumerate(seated[k - 1][0])] \
            if k and seated[k - 1][2].table == r.table else None
        rest = None if over or is_continuation(cells, continuing) else item_next_row(r, cells, types, n, above)
        if rest is not None:          # an item's next row, its cells clearly better seated so
            seated[k], lost = (rest[0], False, r), rest[1]
            count[k] = lost
            continue
        if over or len(r.cells) >= n or is_continuation(cells, continuing) or not types.misfits(cells) \
                and not (1 < len(r.cells) and unowned(cells, types)):
            lost = set()
            continue
        again, dropped = reseat(r, types, n, above)
        if types.count_misfits(again) < types.count_misfits(cells) or item_row_lost(dropped, m):
            seated[k], lost = (again, False, r), dropped
            count[k] = dropped
        else:
            lost = set()
    return count


def _cells_name_titles(seated: list, cat: int, pattern: str) -> bool:
    """Nine in ten rows under a title that `pattern` reads, with a first-level cell, print in that cell what the
    title names, or a part of it (社会救助 under 二、社会救助及城市管理: titles grouping first levels) (and at
    least two do)."""
    from .records import heading_words
    same = total = 0
    for cells, _over, r in seated:
        m = re.search(pattern, r.title or "")
        if m and cells[cat].strip():
            total += 1
            same += C.compact(cells[cat]) in C.compact(heading_words(m))
    return total >= 2 and same >= 0.9 * total


def content_pass(draft: Draft, d: Dictionary) -> None:
    from .records import seat_positionally
    m, table, doc = provisional(draft)
    cols = draft.columns
    n = len(cols)
    seated = []
    for r in table.rows:
        if r.continues:       # a text copy's row below an item's rowspans: part of the item above, read so
            continue
        cells, over = seat_positionally(r, n)
        seated.append((cells, over, r))
    column = [[s[0][i] for s in seated] for i in range(n)]
    structured = draft.reader in STRUCTURED

    # roles the cells decide: 公开方式 (channels, methods or 主动/依申请), unknown headers with code-list values.
    # In a text copy, judged on the rows that print every column: a row that lost merged cells has the
    # rest moved left, under the wrong headers
    full = [s for s in seated if not s[1] and len(s[2].cells) >= n] if not structured else []
    judged = [[s[0][i] for s in full] for i in range(n)] if full else column
    for i, col in enumerate(cols):
        values = [v for v in judged[i] if v.strip()]
        if col.tick:
            if values and not is_ticks(values):
                col.tick = None
                col.note = f"guess: headed '{col.header}' but its cells hold text, not ticks"
                col.guess = True
            continue
        if col.role in CONCEPT_ROLES and col.header and values and is_ticks(values) and \
                any(C.is_ticked(v) for v in values):
            # a tick column headed by a wording the code list does not have (特定对象): the wording is the
            # label; the build keeps it as a value of the catalogue's uncontrolled scheme, with a warning
            col.tick, col.candidates, col.guess = col.header, [], True
            col.note = (f"guess: ticks under '{col.header}', which is not a {SCHEME[col.role]} label: kept as "
                        "written (uncontrolled); write the code list's label if it means one")
            continue
        if not col.candidates:
            continue
        if col.candidates == ["?"]:
            shares = {r: scheme_share(values, r) for r in SCHEME}
            best = max(shares, key=shares.get) if values else None
            if best and shares[best] >= 0.6:
                col.set(best, f"guess: header '{col.header}' unknown; {shares[best]:.0%} of its cells are "
                              f"{SCHEME[best]} labels", True)
            col.candidates = []
            continue
        shares = {r: scheme_share(values, r) if r in SCHEME else 0.0 for r in col.candidates}
        best = max(col.candidates, key=lambda r: (shares[r], -col.candidates.index(r)))
        # a code list's labels in a few cells (a category named 依申请公开) do not make a column of them
        plain = [r for r in col.candidates if r not in SCHEME]
        if values and (shares[best] >= 0.5 or shares[best] > 0 and not plain):
            sure = shares[best] >= 0.8
            col.set(best, f"{'' if sure else 'guess: '}'{col.header}' cells name {SCHEME.get(best, best)} labels "
                          f"({shares[best]:.0%} of them)", not sure)
        else:
            taken = {c.role for c in cols if c is not col}
            fallback = next((r for r in col.candidates if r not in SCHEME and r not in taken), col.candidates[0])
            col.set(fallback, f"guess: '{col.header}' means different things; its cells do not say which", True)
    for i, col in enumerate(cols):
        values = [C.clean_text(v) for v in judged[i] if v.strip()]
        if len(values) < 2:
            continue
        dates = sum(bool(_DATE_CELL.fullmatch(v)) for v in values) / len(values)
        lengths = sum(bool(_DURATION_CELL.fullmatch(v)) for v in values) / len(values)
        periods = sum(bool((t := parse_time_limit(v)) and t.period and t.amount is None) for v in values) / len(values)
        if dates >= 0.6 and (col.role == "time_limit" or col.role == "extra" and "'time_limit'" in (col.note or "")):
            # 发布时间 over 2023-03-15 (when each was published, the older 目录's document lists): no time limit
            col.set("extra", f"guess: headed '{col.header}' but {dates:.0%} of its cells are dates: kept as text", True)
        elif lengths >= 0.6 and col.role in ("time_limit", "extra") \
                and re.search(r"期限|时长|期间|保存|保留|有效期", col.header) and not any(c.role == "duration" for c in cols):
            # 公开期限 over 长期, 5年: how long the item stays published, not by when
            col.set("duration", f"guess: headed '{col.header}', and {lengths:.0%} of its cells are lengths of time "
                                "(长期, 5年): how long it stays published", True)
        elif col.role == "extra" and periods >= 0.6 and re.search(r"更新|频|周期", col.header) \
                and not any(c.role == "update_frequency" for c in cols):
            # 更新时间 over 每月, 实时: how often the item is updated, not when
            col.set("update_frequency", f"guess: headed '{col.header}', and {periods:.0%} of its cells are how often "
                                        "(每月, 实时): the update frequency", True)
    article_column(cols, judged)
    for role in ("time_limit", "duration"):
        # the column of a role that lost it to one found above to be another's (公开时间 over dates, left of
        # 公开时限（工作日）): it has it back
        second = next((c for c in cols if c.role == "extra" and f"another '{role}' column" in (c.note or "")), None)
        if second and not any(c.role == role for c in cols):
            second.set(role, f"guess: '{second.header}' is the {role} column (another column headed so is not)", True)
    if not any(c.role == "time_limit" for c in cols):
        # no 公开时限 column, and a column kept as text (备注, 说明) whose cells are time limits: it is the time limit
        for i, col in enumerate(cols):
            values = [v for v in judged[i] if v.strip()]
            if col.role != "extra" or len(values) < 2:
                continue
            share = sum(bool((t := parse_time_limit(C.clean_text(v))) and t.parsed) for v in values) / len(values)
            if share >= 0.6:
                col.set("time_limit", f"guess: no 公开时限 column, and {share:.0%} of the '{col.header}' cells are "
                                      "time limits", True)
                break
    resolve_conflicts(cols)

    # check boxes
    box_cells = [v for i, col in enumerate(cols) if col.role in CONCEPT_ROLES and not col.tick
                 for v in column[i] if v.strip()]
    looked = box_cells or [v for c in column for v in c if v.strip()]
    draft.checkboxes, why = detect_checkboxes(looked)
    draft.checkboxes_note = why
    # the default with no box in any cell is nothing to check: a guess only where boxes were seen unread
    draft.checkboxes_guess = draft.checkboxes != "glyphs" or not why and any(C.has_checkboxes(v) for v in looked)

    # shifted rows (a text copy of a table with merges: the rows below a merged cell lost it, and their
    # cells moved left): a row whose cells do not fit their columns (政府网站 under 公开主体, 主动公开 under
    # 公开渠道) and that fits better re-seated by content, as `realign: true` will re-seat it
    shifted: dict[int, set[int]] = {}
    if not structured:
        shifted = reseat_shifted(draft, seated, n)
        if shifted:
            draft.realign = True
            draft.realign_note = (f"guess: {plural(len(shifted), 'row')} whose cells do not fit their columns "
                                  "(cells shifted by lost merges or an extraction); re-seated by content")
            column = [[s[0][i] for s in seated] for i in range(n)]

    roles = {c.role: i for i, c in reversed(list(enumerate(cols)))}
    cat, name, seq = roles.get("category"), roles.get("name"), roles.get("seq")
    # rows re-seated as an item's next rows (their 序号 and name merged down from its first): no items
    identity = {i for i, c in enumerate(cols) if c.role in ("seq", "code", "name")}
    rest = {k for k, lost in shifted.items() if identity and identity <= lost}
    nonblank = [0 if k in rest else sum(1 for t in s[0] if t.strip()) for k, s in enumerate(seated)]
    full = [k for k, s in enumerate(seated) if not s[1] and nonblank[k] >= max(2, 0.4 * n)]
    sparse = [k for k, s in enumerate(seated) if not s[1] and 0 < nonblank[k] <= max(2, 0.25 * n)
              and k not in full]

    def blank(k, i):
        return i is None or not seated[k][0][i].strip()

    # continuation: which column every item fills (a row blank there continues the row above). A sparse
    # row is a fragment when it has no category and no name, or a name but no content and no 序号 (a
    # PDF line break: 政务公开工作 / 培训); a full row without category and name is an item (a lost merge)
    content, seq_i = roles.get("content"), roles.get("seq")
    fragments = [k for k in sparse if (cat is None or blank(k, cat)) and blank(k, name)
                 or not blank(k, name) and content is not None and blank(k, content) and blank(k, seq_i)]
    # a row as wide as an item's, with no category and no name, whose cells read as the rest of the row
    # above's (a PDF row cut by a page break: 、批后公告 | 第二十六条 | 作日内 | 局): a fragment too
    role_at = {i: c.role for i, c in enumerate(cols)}
    for k in [k for k in full if k and (cat is None or blank(k, cat)) and blank(k, name) and blank(k, seq_i)]:
        above = next((j for j in range(k - 1, -1, -1) if nonblank[j]), None)
        if above is not None and _continues(seated[above][0], seated[k][0], role_at, column):
            fragments.append(k)
            full.remove(k)
    if structured and draft.reader != "pdf" and seq_i is not None and name is not None:
        # in a file's cells, a row with no 序号 and no name under numbered items goes on with the item above (one
        # element of its 公开内容 a row: its first level merged down beside them is no category of its own)
        numbered = sum(1 for k in full if not blank(k, seq_i))
        fragments += [k for k in sparse if k not in fragments and blank(k, seq_i) and blank(k, name)
                      and numbered >= 0.75 * len(full)]
    default = [r for r in ("category", "name") if r in roles]
    default_ok = all(all(blank(k, roles[r]) for r in default) for k in fragments) and \
        not any(all(blank(k, roles[r]) for r in default) for k in full)
    if not default_ok:
        best = None
        for r in ("seq", "subject", "time_limit", "legal_basis", "content", "responsible_unit", "channels", "name"):
            i = roles.get(r)
            if i is None or not full:
                continue
            fill = sum(1 for k in full if not blank(k, i)) / len(full)
            if fill >= 0.75 and all(blank(k, i) for k in fragments) and (best is None or fill > best[1] + 0.05):
                best = (r, fill)
        if best:
            draft.continuation = [best[0]]
            what = (plural(len(fragments), "fragment row") if fragments
                    else "rows without category and name that are items")
            draft.continuation_note = (f"guess: {what}; '{cols[roles[best[0]]].header}' is filled in "
                                       f"{best[1]:.0%} of the full rows, so a row without it continues the row above")
    elif fragments:
        draft.continuation_note = (f"{plural(len(fragments), 'fragment row')} (no category, no name) continuing "
                                   "the row above")

    # realign: rows with more non-blank cells than columns (a shifted extraction)
    over = sum(1 for s in seated if s[1])
    if over and not structured and not draft.realign:
        draft.realign = True
        draft.realign_note = (f"guess: {plural(over, 'row')} with non-blank cells beyond the {n} columns "
                              "(shifted cells); re-seat them by content")

    when_empty = draft.continuation or default
    items = [k for k, s in enumerate(seated) if not s[1] and nonblank[k] and
             not all(blank(k, roles[r]) for r in when_empty if r in roles)]

    # names.when_blank: rows that are items without a name
    from .records import NO_LEVEL
    sub = roles.get("subcategory")
    no_name = [k for k in items if name is not None and (blank(k, name) or sub is None
                                                         and C.clean_text(seated[k][0][name]) in NO_LEVEL)]
    if no_name:
        own_cat = [k for k in no_name if cat is not None and not blank(k, cat)]
        if own_cat:
            draft.when_blank = "category-or-inherit"
            draft.when_blank_note = (f"guess: {len(no_name)} item rows have no name; {len(own_cat)} of them print a "
                                     "category of their own (the entry is the item), the others inherit the name above")
        else:
            draft.when_blank = "inherit"
            draft.when_blank_note = f"guess: {len(no_name)} item rows have no name: the name above (a lost merge)"

    # codes after names/categories (政策法规 010000) or before them (010000 建设工程管理) and their hierarchy
    def code_of(text):
        # five digits or more at the end or at the start before the name, or four on a line of their own (机构概况 /
        # 0101: not a year in a name)
        clean = C.clean_text(text)
        mm = re.search(r"(?<!\d)(\d{5,12})\s*$", clean) or re.search(r"\n\s*(\d{4})\s*$", text) \
            or re.match(r"\s*(\d{5,12})(?:\s+|[、.．:：]\s*|(?=[\u4e00-\u9fff]))(?=[^\d\s])", clean)
        return mm.group(1) if mm else None
    name_codes = [code_of(seated[k][0][name]) for k in items if name is not None and not blank(k, name)]

    def category_code_of(text):
        # also two or three digits on a line of their own that begin item codes (机构信息 / 01 over 0101)
        own = code_of(text)
        mm = None if own else re.search(r"\n\s*(\d{2,3})\s*$", text)
        if mm and any(c and len(c) > len(mm.group(1)) and c.startswith(mm.group(1)) for c in name_codes):
            return mm.group(1)
        return own
    cat_codes = [category_code_of(seated[k][0][cat]) for k in items if cat is not None and not blank(k, cat)]
    sub_i = roles.get("subcategory")      # a second level's codes (0101 between 01 and 010101)
    sub_codes = [category_code_of(seated[k][0][sub_i]) for k in items if sub_i is not None and not blank(k, sub_i)]
    lengths = Counter(len(c) for c in name_codes + cat_codes + sub_codes if c)
    filled = [c for c in name_codes + cat_codes + sub_codes if c]
    cells = len(name_codes) + len(cat_codes) + len(sub_codes)
    if lengths and filled and len(filled) >= 0.3 * max(1, cells) and len(filled) >= 3:
        # every length several cells show (categories 010000, items 01010001), longest first
        widths = sorted((w for w, k in lengths.items() if k >= 2 or k == len(filled)), reverse=True) \
            or [lengths.most_common(1)[0][0]]
        draft.code_pattern = "|".join(rf"\d{{{w}}}" for w in widths)
        shown = " or ".join(f"{w}-digit" for w in widths)
        draft.codes_note = f"{len(filled)} name and category cells end with a {shown} code"
        cc = {c for c in cat_codes if c and len(c) in widths}
        nc = [c for c in name_codes if c and len(c) in widths]
        # an item's category: coded with the item code's first digits and zeros to a category code's length
        best = (0, None)
        for length in sorted({len(c) for c in cc}):
            zeros = min(len(c) - len(c.rstrip("0")) for c in cc if len(c) == length)
            prefix = length - zeros
            if 0 < prefix < length:
                suffix = "0" * zeros
                hits = sum(1 for c in nc if c[:prefix] + suffix in cc and c[:prefix] + suffix != c)
                best = max(best, (hits, (prefix, suffix)), key=lambda b: b[0])
        hits, parent = best
        if parent and nc and hits >= 0.5 * len(nc):
            draft.code_parent = parent
            draft.codes_note += (f"; {hits} of {len(nc)} item codes have a category coded with their first "
                                 f"{parent[0]} digits + {parent[1]}")

    # legend markers before names and categories (★ 重点 ◆ 新增)
    marks = []
    for i in (name, cat):
        if i is None:
            continue
        for k in items:
            t = C.clean_text(seated[k][0][i])
            j = 0
            while j < len(t) and (t[j] in MARKER_CHARS or t[j] == " "):
                if t[j] in MARKER_CHARS and t[j] not in marks:
                    marks.append(t[j])
                j += 1
    draft.markers = "".join(sorted(marks, key=MARKER_CHARS.index))

    # lines inside name cells: wraps of a narrow column (glued, the default) or separate entries
    code_line = re.compile(rf"\s*{draft.code_pattern}\s*") if draft.code_pattern else None
    multi = []
    for k in items:
        lines = [ln.strip() for ln in (seated[k][0][name] if name is not None else "").split("\n") if ln.strip()]
        lines = [ln for ln in lines if not (code_line and code_line.fullmatch(ln))]
        if len(lines) > 1:
            multi.append("/".join(lines))
    if multi:
        draft.line_join_note = (f"guess: {plural(len(multi), 'name cell')} with several lines ('{multi[0][:24]}'), "
                                "glued as wraps of a narrow column; \" \" if each line is an entry")

    # item key: 序号 when it is unique
    if seq is not None and items:
        vals = [C.clean_text(seated[k][0][seq]) for k in items if not blank(k, seq)]
        if len(vals) >= 0.9 * len(items) and len(set(vals)) == len(vals):
            draft.item_key = "seq"
            draft.item_key_note = f"{len(vals)} 序号, all different"
        elif vals:
            draft.item_key_note = ("序号 repeats (one table per domain, or restarted numbering): items are keyed "
                                   "by name")

    # the 过程 / 五公开 column naming sections instead of stages
    stage = roles.get("stage")
    if stage is not None and cat is not None and not cols[stage].tick:
        odd = [C.clean_text(seated[k][0][stage]) for k in items if not blank(k, stage)
               and scheme_share([seated[k][0][stage]], "stage") == 0]
        if odd:
            draft.not_a_stage = True
            draft.not_a_stage_note = (f"guess: {len(odd)} stage cells name no stage ('{odd[0][:20]}'): read as the "
                                      "category of rows without one")

    # blank cells that were merges: a row inside a category (no first-level cell of its own) leaving blank
    # two or more cells the row above fills (or took from above) lost its vertical merges. In a print whose
    # merges cannot be seen the same blanks are only pointed out: a merged cell printed at the top of its rows
    # looks there as a blank cell does (juye-ybj printed without borders leaves time limits blank under filled
    # ones), and a value read blank is better than one invented
    hint = structured and doc is not None and not doc.merges_seen
    if not structured or hint:
        skip = {"seq", "code", "category", "subcategory", "name", "content", "spec", "ignore", "extra", "stage"}
        cand = [i for i, col in enumerate(cols) if col.role not in skip and not col.tick]
        counts: Counter = Counter()
        across: set[int] = set()             # columns whose lost merges cross a category's first row
        has_value: dict[int, bool] = {}      # the column above has a value (its own, or taken from above)
        for a, b in zip(items, items[1:]):
            if seated[a][2].table != seated[b][2].table:
                has_value = {}
                continue
            for i in cand:
                has_value[i] = has_value.get(i, False) and blank(a, i) or not blank(a, i)
            if cat is not None and not blank(b, cat):
                if b in shifted:      # a merge running on into the next category (one 公开依据 for a table)
                    gaps = [i for i in cand if i in shifted[b] and has_value[i]]
                    counts.update(gaps)
                    across.update(gaps)
                continue
            gaps = [i for i in cand if blank(b, i) and has_value[i]]
            # a re-seated row lost its merged cells in the copy: the columns put back are those merges
            if b in shifted and shifted[b]:
                counts.update(i for i in gaps if i in shifted[b])
                for i in gaps:
                    has_value[i] = has_value[i] and i in shifted[b]
            elif len(gaps) >= 2:
                counts.update(gaps)
            else:
                for i in gaps:
                    has_value[i] = False
        # one column merged alone: filled on each table's first item only, blank on every item after it
        # (公开主体, 咨询电话 merged down the whole table, or down each domain's table), or filled on every
        # category's first item and blank on (nearly) every other one (merged down each category): the copy
        # lost the merge (patterns a cell left blank does not make: in a print whose merges cannot be seen,
        # they decide too; a cell the print did show merged from above fits them as a blank one does)
        def under(k, i):         # blank, or a cell the print showed merged from the row above
            cells = seated[k][2].cells
            return blank(k, i) or i < len(cells) and cells[i].merged

        starts = [k for k in items if cat is not None and not blank(k, cat)] if items else []
        inner = [k for k in items if k not in set(starts)]
        heads = {k for j, k in enumerate(items) if not j or seated[items[j - 1]][2].table != seated[k][2].table}
        later = [k for k in items if k not in heads]
        alone: set[int] = set()
        for i in cand:
            if len(later) >= 2 and all(not blank(k, i) for k in heads) and all(under(k, i) for k in later):
                counts[i] = max(counts[i], len(later))
                across.add(i)
                alone.add(i)
            elif len(starts) >= 2 and len(inner) >= 2 and all(not blank(k, i) for k in starts) \
                    and sum(under(k, i) for k in inner) >= 0.8 * len(inner) and (i not in counts or hint):
                counts[i] = sum(under(k, i) for k in inner)
                alone.add(i)
            elif not hint and i not in counts and len(starts) >= 2 and all(not blank(k, i) for k in starts) \
                    and sum(blank(k, i) for k in inner) >= max(2, 0.5 * len(inner)):
                # filled on every category's first item, blank on half the others or more: merged over some
                # rows of a category, or left blank? Pointed out, not decided
                draft.inherit_hint[cols[i].role] = sum(blank(k, i) for k in inner)
        for i, n_gaps in counts.items():
            role = cols[i].role
            if hint and i not in alone:
                draft.inherit_hint[role] = draft.inherit_hint.get(role, 0) + n_gaps
                continue
            if role in draft.inherit:
                continue
            if i in across:
                draft.inherit[role] = ("always", f"guess: {plural(n_gaps, 'blank cell')} the rows above fill, also "
                                                 "in rows starting a category (merges lost across categories)")
            else:
                draft.inherit[role] = ("category", f"guess: {plural(n_gaps, 'blank cell')} inside a category where "
                                                   "the rows above fill it (lost merges)")
        stage = roles.get("stage")
        if stage is not None and not cols[stage].tick and not hint:
            blanks = sum(1 for k in items if blank(k, stage))
            if blanks and blanks < 0.2 * len(items):
                draft.inherit["stage"] = ("category", f"guess: only {plural(blanks, 'blank stage cell')}: a value "
                                                      "of each row; take the stage above only within a category")
    elif cat is not None:
        gaps = sum(1 for k in items if blank(k, cat))     # a merged cell carries its text: not blank
        if gaps and gaps < len(items) and not blank(items[0], cat):
            draft.inherit["category"] = ("always", f"guess: {plural(gaps, 'item row')} with a blank first-level cell "
                                                   "that is not merged: the category above")
            sub = roles.get("subcategory")
            sub_gaps = sum(1 for k in items if sub is not None and blank(k, cat) and blank(k, sub))
            if sub_gaps:
                draft.inherit["subcategory"] = ("category", f"guess: {plural(sub_gaps, 'row')} with blank first and "
                                                            "second levels (not merged): the second level above")

    # several tables, each with a title (一、城乡规划领域基层政务公开标准目录)
    if structured and doc is not None:
        from .records import header_probe
        from .readers.assemble import choose_tables, header_start, unread_rests
        probe = header_probe(m)
        try:
            chosen = choose_tables(doc, probe, None, "sheet" if draft.reader in WORKBOOKS else "table", m.header_rows)
        except ReadError:
            chosen = []
        parts = sum(1 for g in chosen if header_start(g, probe, m.header_rows) is None)
        if len(chosen) >= 2:
            draft.tables = [g.index for g in chosen] if draft.reader not in WORKBOOKS else \
                [g.name.split("'", 1)[-1].rstrip("'") for g in chosen]
            draft.table_key = "tables"
            draft.tables_note = f"{plural(len(chosen) - parts, 'table')} with this header, read as one catalogue" + \
                (f"; {plural(parts, 'table')} with no header of its own right after one (or a numbered heading "
                 "after it), as wide, read as its rest" if parts else "")
        elif len(doc.tables) > 1 and chosen:
            g = chosen[0]
            draft.tables = [g.index] if draft.reader not in WORKBOOKS else [g.name.split("'", 1)[-1].rstrip("'")]
            draft.table_key = "sheet" if draft.reader in WORKBOOKS else "table"
            draft.tables_note = f"the one table with this header, of {len(doc.tables)}"
            if unread_rests(doc, chosen, probe, m.header_rows):     # (a pager of unknown wordings between them)
                draft.tables_note += "; a table as wide after it, with no header of its own, is not read: see the warning"
    from .records import disclosure_types_named
    titles = []
    for r in table.rows:
        if r.title and (not titles or titles[-1] != r.title):
            titles.append(r.title)
    headings = [h for r in table.rows for h in r.headings]
    lone = C.dotted_code(titles[0]) if len(set(titles)) == 1 else None
    if heading_levels(draft, headings):
        pass    # a body's headings over its domains': the levels say what each is (one title would lose the body)
    elif lone and _coded_on(table, roles.get("seq"), titles[0], lone[0]):
        # one coded section (1 行政权力) over items coded on from it (1.1, 1.2): a category level, as two would be
        draft.titles_pattern = level_pattern(DOTTED + lone[1], r"\s*(.+?)\s*$")
        draft.titles_note = (f"guess: one section coded {lone[0]} ({titles[0][:24]}) over items coded on from it: the "
                             "first category level, its code kept")
    elif len(set(titles)) >= 2:
        if all("领域" in t for t in titles):
            # numbered titles (一、 （一） 1. 1）) keep their number out of the domain
            numbered = all(re.match(TITLE_NUMBER, t) for t in titles)
            pattern = TITLE_NUMBER + r"(.+?)领域" if numbered else \
                r"、(.+?)领域" if all(re.search(r"、.+?领域", t) for t in titles) else \
                _LABELLED_DOMAIN.pattern if all(_LABELLED_DOMAIN.search(t) for t in titles) else r"(.+?)领域"
            # words every title starts with (the agency: 北京街道社会救助领域…, 北京街道养老服务领域…) are no part
            # of the domain
            common = os.path.commonprefix([re.sub(TITLE_NUMBER, "", t).strip() if numbered else t.strip()
                                           for t in set(titles)])
            common = common[:common.find("领域")] if "领域" in common else common
            # up to where an agency's name may end (北京街道社会保障 / 北京街道社会救助 share 北京街道社会)
            agency = re.match(r"^(.*(?:街道|办事处|人民政府|政府|镇|乡|局|委员会|委|办|县|区|市))", common)
            common = agency.group(1) if agency else ""
            if pattern in (r"(.+?)领域", TITLE_NUMBER + r"(.+?)领域") and len(common) >= 2:
                pattern = (TITLE_NUMBER if numbered else "") + re.escape(common) + r"(.+?)领域"
            draft.titles_pattern = pattern
            draft.titles_note = (f"{len(set(titles))} tables titled '…领域…' ({titles[0][:24]}): the domain is "
                                 "the first category level" + (f", after the words all titles start with ('{common}')"
                                                               if len(common) >= 2 else ""))
        elif all(_AGENCY_TITLE.match(t) for t in titles) and \
                len({_AGENCY_TITLE.match(t).group(1) for t in titles}) >= 2 and \
                not any(c.role in ("subject", "responsible_unit") for c in draft.columns):
            # one table per department (县财政局政府信息公开目录 …), no column naming who discloses: the title does;
            # offices of one agency (某局办公室…, 某局法规科…) are its responsible units
            bodies = [_AGENCY_TITLE.match(t).group(1) for t in titles]
            shared = re.match(r"^(.*(?:局|委员会|委|人民政府|政府|办事处|中心))", os.path.commonprefix(bodies))
            if shared and all(b != shared.group(1) for b in bodies):
                draft.titles_role, draft.titles_agency = "responsible_unit", shared.group(1)
            else:
                draft.titles_role, draft.titles_bodies = "subject", bodies
            draft.titles_pattern = _AGENCY_TITLE.pattern
            draft.titles_note = (f"guess: {len(set(titles))} tables each titled after a body ({titles[0][:24]} …) and "
                                 "no 公开主体 column: the title names its items' "
                                 + ("office (all of " + shared.group(1) + ")" if draft.titles_role == "responsible_unit"
                                    else "subject"))
        elif all(_BODY_TITLE.match(t) for t in titles) and len({_BODY_TITLE.match(t).group(1) for t in titles}) >= 2 \
                and not any(c.role in ("subject", "responsible_unit") for c in draft.columns):
            # one table per body, titled with its name alone (一、某某县财政局, 二、某某镇人民政府; a sheet so named)
            draft.titles_role, draft.titles_pattern = "subject", _BODY_TITLE.pattern
            draft.titles_bodies = [_BODY_TITLE.match(t).group(1) for t in titles]
            draft.titles_note = (f"guess: {len(set(titles))} tables each titled with a body's name ({titles[0][:24]} "
                                 "…) and no 公开主体 column: the title names its items' subject")
        elif all(re.match(TITLE_NUMBER, t) for t in titles) and \
                not all(disclosure_types_named(codes(), t) for t in titles) and \
                not (all(_CATALOGUE_WORD.search(t) for t in titles) and "category" in roles):
            # (sections named by their disclosure type, 一、主动公开事项 / 二、依申请公开事项, give it to their items
            # whatever `titles` says: no category level; tables titled as catalogues of their own, 一、…领域基层政务
            # 公开标准目录 / 二、其他政府信息公开目录, over a 一级事项 column of theirs name no category either)
            coded = [C.dotted_code(t) for t in dict.fromkeys(titles)]
            depths = {c[1] if c else 0 for c in coded}
            if category_levels(draft, headings):
                pass
            elif len(depths) == 1 and 1 < min(depths) <= DOTTED_DEEPEST or _one_part_codes(coded):
                # one level of headings coded alike (2.1 最低生活保障, 2.2 特困人员救助供养; 1 行政权力, 2 公共服务 when
                # every heading is numbered so, each with a number of its own): the code kept, whole
                draft.titles_pattern = level_pattern(DOTTED + min(depths), r"\s*(.+?)\s*$")
                draft.titles_note = (f"guess: {len(set(titles))} sections coded with {plural(min(depths), 'part')} "
                                     f"({titles[0][:24]} …): the title is the first category level, its code kept")
            else:
                draft.titles_pattern = TITLE_NUMBER + r"(.+)"
                draft.titles_note = (f"guess: {len(set(titles))} numbered tables or sections ({titles[0][:24]} …): "
                                     "the title is the first category level")
        elif "category" not in roles and len(set(titles)) == len(titles) and \
                not any(disclosure_types_named(codes(), t) for t in titles):
            # one table or sheet per 一级事项, no column of it: each titled after it (机构信息 …), maybe after words
            # all titles share (某镇政务公开事项目录——机构信息)
            common = draft.titles_shared = _shared_words(titles)
            draft.titles_pattern = "^" + re.escape(common) + r"[\s—\-－:：·]*(.+)$" if common else "(.+)"
            draft.titles_note = (f"guess: {len(titles)} tables or sheets each titled otherwise ({titles[0][:24]} …) and "
                                 "no 一级事项 column: the title" + (f", after the words all share ('{common}')," if common
                                                                   else "") + " is the first category level")

    if draft.titles_pattern and draft.titles_role == "category" and cat is not None \
            and _cells_name_titles(seated, cat, draft.titles_pattern):
        # the first-level cells already name what each title names (机构信息 under 机构信息领域…, under 一、机构信息):
        # a title given as a level too would print it twice
        draft.titles_pattern = None
        draft.titles_ignore_note = (f"{len(set(titles))} titles ({titles[0][:24]} …) naming what the first-level "
                                    "cells under them name: the titles add no level")

    # title, agency, preamble
    pre = [t for t in table.preamble if t.strip()]
    dated = next((m for t in pre if (m := _PUBLISHED.search(t))), None)
    if dated:
        y, mo, day = (int(x) for x in dated.group(2, 3, 4))
        if 1 <= mo <= 12 and 1 <= day <= 31:
            draft.published = f"{y:04d}-{mo:02d}-{day:02d}"
            draft.published_note = f"guess: the text before the table says {dated.group(0).strip()}"
    if pre:
        k = title_line(pre, d)
        if k is None:   # (without a title, the catalogue's would be the first line there: the site's menu)
            draft.title = draft.catalogue_id
            draft.title_note = (f"guess: no line before the table is a title, all are the site's or labelled fields "
                                f"({C.clean_line(pre[0])[:24]} …): write the catalogue's title here")
        else:
            draft.title = C.title_at(pre, k)
            notice = notice_title(draft.title)
            if notice:      # a notice issuing the catalogue (…关于印发《…目录》的通知): the catalogue's own title
                draft.title = notice[1]
                draft.title_note = "guess: the title of the catalogue the notice before the table issues"
            elif k == 0:
                draft.preamble["title"] = "first-line"
            else:       # the lines above it are the site's (位置: 首页 > …, a banner): the title is written here
                draft.title_note = (f"guess: line {k + 1} of the text before the table, the first naming a "
                                    f"catalogue (above it: {C.clean_line(pre[0])[:24]})")
        if draft.titles_shared and draft.title.startswith(draft.titles_shared) and draft.title != draft.titles_shared:
            # the first table's title (某镇政务公开事项目录——机构信息): the catalogue's is what every table's shares
            draft.title = draft.titles_shared
            draft.preamble.pop("title", None)
            draft.title_note = "guess: the words every table's title starts with (the rest is its category)"
        # the number may be wrapped in a PDF's text after its area code (0571- / 88231006): read over the break
        rule = r"(?:咨询|联系|监督|举报)电话[:：]\s*(\d[\d\-－ ]*(?:[-－]\s*\n\s*\d[\d\-－ ]*)?\d)"
        if re.search(rule, "\n".join(pre)):
            draft.preamble["phone"] = rule
    agency = agency_from_title(draft.title or "", d) if draft.title else None
    # the 公开主体 (or 责任科室) cells: the agency's name when no title gives it, else maybe its short name
    who = roles.get("subject", roles.get("responsible_unit"))
    values = Counter(C.clean_text(seated[k][0][who]) for k in items if who is not None and not blank(k, who))
    if agency in draft.titles_bodies:
        # the first table's body (its title the catalogue's): the catalogue is the place's whose bodies they are
        county = _COUNTY.match(os.path.commonprefix(draft.titles_bodies))
        if county:
            draft.agency_name = county.group(1) + "人民政府"
            draft.agency_note = "guess: the people's government of the place every table's body is of"
        else:
            draft.agency_name = "未知机关"
            draft.agency_note = "guess: the tables are of several bodies; write whose catalogue it is"
    elif agency and agency not in (draft.title or "") and _COUNTY.match(agency.removesuffix("人民政府")):
        draft.agency_name = agency
        draft.agency_note = (f"guess: the people's government of the place the title names "
                             f"({strip_prefix(draft.title, d)[:24]})")
    elif agency and draft.titles_agency and agency.startswith(draft.titles_agency):
        draft.agency_name, draft.agency_note = draft.titles_agency, "guess: the agency whose offices title the tables"
    elif agency and _AGENCY_END.search(agency):
        draft.agency_name, draft.agency_note = agency, f"the title's words before '{agency_marker(draft.title, d)}'"
    elif agency and values and _AGENCY_END.search(top := values.most_common(1)[0][0]) and not _OFFICE_END.search(top):
        # (一、主动公开目录, a sheet's title naming no body: the body its 公开主体 cells name most)
        draft.agency_name = top
        draft.agency_note = (f"guess: the title's words before '{agency_marker(draft.title, d)}' name no body; the "
                             f"most frequent '{cols[who].header}' ({values.most_common(1)[0][1]} rows)")
    elif agency:    # (医院概况类信息公开目录, the title of a workbook's first sheet after its cover: no body's name)
        draft.agency_name = agency
        draft.agency_note = (f"guess: the title's words before '{agency_marker(draft.title, d)}', which do not end as "
                             "a body's name does (局, 委员会, 人民政府, 中心, 学校 …): write the agency's name")
    else:
        top = values.most_common(1)[0][0] if values else ""
        if top and not _OFFICE_END.search(top):
            draft.agency_name = top
            draft.agency_note = (f"guess: {'the title names no agency' if draft.title else 'no title before the table'}"
                                 f"; the most frequent '{cols[who].header}' ({values.most_common(1)[0][1]} rows)")
        else:       # (an office of the agency, 办公室 or 法规科, is not the agency)
            draft.agency_name = "未知机关"
            draft.agency_note = "guess: no title before the table names the agency; write its name here"
    if values and agency:
        # the short name the agency gives itself in its own cells (县政府办 for 嘉禾县人民政府办公室): an alias, or
        # its cells name an office of its own
        short, n = values.most_common(1)[0]
        if n >= 0.5 * len(items) and short != draft.agency_name and re.search(r"(?:局|委|办|政府|办事处|中心|院)$", short) \
                and _abbreviates(short, draft.agency_name):
            draft.aliases = [short]
            draft.aliases_note = (f"guess: '{short}' heads {n} of {len(items)} items' '{cols[who].header}': the "
                                  "agency's short name (else it is read as an office of the agency)")
    phones = [seated[k][0][i] for k in items for i, c in enumerate(cols) if c.role == "phones" and not blank(k, i)]
    area = area_code(phones)
    if area is None and phones and (found := area_code(phones + pre)):
        # no item's number carries one, the text before the table does (咨询电话：0391-3364001)
        area = found[0], (f"guess: the text before the table prints numbers with {found[0]}; the items' numbers, "
                          "printed without an area code, are taken as in its area")
    if area:
        draft.phone_area_code, draft.phone_area_note = area


#: the date a page or document gives for its publication (发布日期：2023-05-10, 发布时间：2023年5月10日, 印发日期)
_PUBLISHED = re.compile(r"((?:发布|印发|公布|成文)(?:日期|时间))\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _abbreviates(short: str, name: str) -> bool:
    """Whether `short` may be `name` shortened: its characters after a level (县, 区, 市, 省) stand in `name` in
    order (县政府办 for 嘉禾县人民政府办公室, 区教育局 for 杭州市拱墅区教育局; 县财政局 is no 某县人民政府)."""
    rest = iter(name)
    return all(ch in rest for ch in re.sub(r"^[省市区县镇乡]", "", short))


#: how the name of an agency ends (what a title's words before 政府信息公开目录 must end with to be taken as they are)
_AGENCY_END = re.compile("(?:" + endings("government", "institute", "short", "committee", "units", "sub_units",
                                         "places", "organs", "schools") + ")$")
#: how the name of an office inside an agency ends (办公室, 法规科, 财务股, 综合组)
_OFFICE_END = re.compile("(?:" + endings("offices") + ")$")


def area_code(cells: list[str]) -> tuple[str, str] | None:
    """(area code, note) when the phone cells' numbers nearly all carry one area code and some are printed
    without it (2171023 beside 0556-2171012): those are in its area."""
    codes: Counter = Counter()
    bare = 0
    for cell in cells:
        for number in re.findall(r"[（(]?0\d{2,3}[)）]?[-－—\s]?\d{7,8}|(?<![\d-])\d{7,8}(?![\d-])", cell):
            m = re.match(r"[（(]?(0\d{2,3})[)）]?[-－—\s]?\d{7,8}$", number)
            if m:
                codes[m.group(1)] += 1
            elif not number.startswith(("0", "1")):
                bare += 1
    if not codes or not bare:
        return None
    code, n = codes.most_common(1)[0]
    if n < 0.8 * sum(codes.values()):
        return None
    return code, f"guess: {n} numbers carry {code}; the {bare} printed without an area code are taken as in its area"


#: lines of a web page around its content that are no title: the site's menu (首页 政务公开 政务服务 …, its
#: links run together on one line), where the page stands in the site (当前位置：首页 > 政务公开), its metadata
#: (发布日期, 来源, 索引号) and its tools (字号 大 中 小, 打印本页)
_PAGE_FURNITURE = re.compile(r"^\s*(?:网站)?首页|当前位置|您的位置|首页\s*[>＞»/]|[>＞»]\s*\S+\s*[>＞»]|发布日期|发布时间"
                             r"|信息来源|来源[:：]|索引号|浏览次数|访问量|字号|打印本页|关闭窗口|分享到|【\s*[大中小]\s*】")
#: what a catalogue's title calls it
_CATALOGUE_WORD = re.compile(r"目录|清单|一览表")


#: the numbering of headings by a dotted code of d parts (1 行政权力, 1.1 行政许可, 1.1.1 …) is DOTTED + d: a level of its
#: own for each depth, outer by its depth, whatever the order the codes first appear in
DOTTED = 10
#: the deepest dotted code read as a level of headings
DOTTED_DEEPEST = 5


def heading_numbering(line: str) -> tuple[int, str] | None:
    """A heading's numbering (its place in HEADING_NUMBERS, or DOTTED + its code's depth) and its words:
    （一）财政预决算 → (1, 财政预决算), 2.1 最低生活保障 → (DOTTED + 2, 最低生活保障). A number of one part with a mark
    (1. 行政权力) is numbered 1. (HEADING_NUMBERS); numbered_headings makes it a code where codes of two parts
    go on from it."""
    coded = C.dotted_code(line)
    deep = [DOTTED + coded[1]] if coded and 1 < coded[1] <= DOTTED_DEEPEST else []
    for k in (*deep, *range(len(HEADING_NUMBERS)), DOTTED + 1):
        m = re.match(level_pattern(k, HEADING_WORDS), line)
        if m:
            return k, m.group(m.lastindex)
    return None


def body_named(words: str) -> str:
    """The body a heading's words name (县财政局, 县发改委, 某某镇人民政府; 县财政局 of 县财政局政务公开标准目录), or ""."""
    name = re.sub(CATALOGUE_WORDS + "$", "", words)
    return name if _BODY_NAME.match(name) else ""


def numbered_headings(lines: list[str]) -> tuple[list[tuple[int, str]], list[int]]:
    """The numbered ones of a table's heading lines, as (numbering, words), and the numberings in the order of
    their first heading, dotted codes outer by their depth (the places of their numberings in that order taken
    by depth: 1.1 is inside 1 wherever a 1.1 is first met). Numbers of one part with a mark (1. 行政权力, 1、…)
    are codes of one part when codes of two parts go on from them (1.1 行政许可 next after 1. 行政权力)."""
    found = [(n, line) for line in lines if (n := heading_numbering(line)) is not None]
    numbered = [n for n, _ in found]
    last_number = None
    for (k, _), line in found:
        coded = C.dotted_code(line)
        if k == 2 and coded:
            last_number = coded[0]
        elif k == DOTTED + 2:     # (a code of two parts before any 1.: the 1. headings are inside the codes)
            if last_number is not None and coded and coded[0].split(".")[0] == last_number:
                numbered = [(DOTTED + 1 if j == 2 else j, w) for j, w in numbered]
            break
    order = list(dict.fromkeys(k for k, _ in numbered))
    slots = [i for i, k in enumerate(order) if k > DOTTED]
    for i, k in zip(slots, sorted(order[i] for i in slots)):
        order[i] = k
    return numbered, order


def heading_levels(draft: Draft, lines: list[str]) -> bool:
    """Two levels of numbered headings over the items, the outer naming bodies (一、县财政局 over （一）财政预决算 …,
    二、某某镇人民政府 over its own): drafted as `titles` levels, the outer giving the subject (the office, when all
    are offices of one agency), the inner the first category level (nothing, when they name disclosure types:
    the title gives those), and the levels inside it (1.1 行政许可 under 1 行政权力) the next category levels.
    Whether it found them."""
    numbered, order = numbered_headings(lines)
    for outer in order:
        headings = list(dict.fromkeys(w for k, w in numbered if k == outer))
        bodies = [body for body in map(body_named, headings) if body]
        if len(bodies) < max(2, 2 * len(headings) / 3):
            continue
        inner = _inner_numbering(numbered, outer, order)
        if inner is None:
            continue
        domains = [w for k, w in numbered if k == inner]
        _draft_levels(draft, outer, headings, bodies, inner, domains)
        for deeper in _level_chain(numbered, inner, order)[1:]:
            draft.title_levels.append(_category_level(numbered, deeper, len(draft.title_levels)))
        return True
    return False


def category_levels(draft: Draft, lines: list[str]) -> bool:
    """Two levels or more of numbered section headings, none naming bodies or disclosure types (一、民生保障 over
    （一）社会救助, （二）就业服务 …, 二、城市管理 over its own; 1 行政权力 over 1.1 行政许可 over 1.1.1 …, or these mixed:
    一、 over 1.1 over （1）): drafted as category levels, outer first (one rule would keep the inner heading alone
    and lose the outer). Whether it found them."""
    from .records import disclosure_types_named
    numbered, order = numbered_headings(lines)
    if not order:
        return False
    chain = _level_chain(numbered, order[0], order)
    if len(chain) < 2:
        return False
    if any(disclosure_types_named(codes(), w) for k, w in numbered if k in chain):
        return False
    draft.title_levels = [_category_level(numbered, level, n) for n, level in enumerate(chain)]
    draft.title_levels_note = f"guess: {len(chain)} levels of numbered section headings, each kept until a " \
                              "heading of its own level or an outer one"
    return True


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")


def _category_level(numbered: list[tuple[int, str]], level: int, n: int) -> tuple[str, str, str]:
    """The category level of the headings numbered `level`, the n-th (from 0) of the category path."""
    words = [w for k, w in numbered if k == level]
    how = f"coded with {level - DOTTED} part{'s' if level - DOTTED > 1 else ''}" if level > DOTTED else "numbered so"
    return ("category", level_pattern(level, HEADING_WORDS),
            f"guess: {len(set(words))} headings {how} ({words[0][:20]} …): the "
            f"{_ORDINALS[n] if n < len(_ORDINALS) else str(n + 1) + 'th'} category level"
            + (", its code kept" if level > DOTTED else ""))


def _level_chain(numbered: list[tuple[int, str]], outer: int, order: list[int]) -> list[int]:
    """The numberings of the levels from `outer` inwards: each the one inside the level before it."""
    chain = [outer]
    while (inner := _inner_numbering(numbered, chain[-1], order)) is not None and inner not in chain:
        chain.append(inner)
    return chain


def _inner_numbering(numbered: list[tuple[int, str]], outer: int, order: list[int]) -> int | None:
    """The numbering of the headings inside the outer level's: first met after an outer heading, and under two
    outer headings at least (under one, for codes one part longer than the outer level's: 1.1, 1.2 under 1, or
    2.1 alone under 2: a code says where it stands)."""
    for inner in order[order.index(outer) + 1:]:
        under, seen_outer, count = set(), None, 0
        for k, words in numbered:
            if k == outer:
                seen_outer = words
            elif k == inner and seen_outer is not None:
                under.add(seen_outer)
                count += 1
        if len(under) >= 2 or under and outer > DOTTED and inner == outer + 1:
            return inner
    return None


def _draft_levels(draft: Draft, outer: int, headings: list[str], bodies: list[str], inner: int,
                  domains: list[str]) -> None:
    """`titles` as two levels: the bodies' headings, then their domains'."""
    from .records import disclosure_types_named
    shared = re.match(r"^(.*(?:局|委员会|委|人民政府|政府|办事处|中心))", os.path.commonprefix(bodies))
    role = "responsible_unit" if shared and all(b != shared.group(1) for b in bodies) else "subject"
    if role == "responsible_unit":
        draft.titles_agency = shared.group(1)
    else:
        draft.titles_bodies = bodies
    inner_role = "ignore" if all(disclosure_types_named(codes(), d) for d in domains) else "category"
    draft.title_levels = [
        (role, level_pattern(outer, BODY_HEADING_WORDS),
         f"guess: {len(bodies)} of {len(headings)} headings numbered so name a body ({bodies[0][:20]} …): their "
         f"items' {role.replace('_', ' ')}"),
        (inner_role, level_pattern(inner, HEADING_WORDS),
         f"guess: {len(set(domains))} headings numbered so inside them ({domains[0][:20]} …): "
         + ("they name disclosure types (the title gives them)" if inner_role == "ignore" else "the first category level"
            + (", its code kept" if inner > DOTTED else "")))]
    draft.title_levels_note = "guess: two levels of numbered headings, each kept until a heading of its own level " \
                              "or an outer one"


def _one_part_codes(coded: list[tuple[str, int, str] | None]) -> bool:
    """Whether the headings' numbers of one part (1 行政权力, 2、公共服务, 3. 机构信息) are their categories' codes:
    every heading numbered so, two at least, no number twice (a list numbered afresh under each body names no
    category by its number). A heading with no such number (12345热线, 一、…) leaves them all numbers."""
    return len(coded) >= 2 and all(c and c[1] == 1 for c in coded) and len({c[0] for c in coded}) == len(coded)


def _coded_on(table, seq: int | None, title: str, code: str) -> bool:
    """Whether the items under the title are coded on from its code (1.1, 1.2 under 1 行政权力), most of them."""
    if seq is None:
        return False
    under = [C.clean_text(r.cells[seq].text) for r in table.rows if r.title == title and seq < len(r.cells)]
    under = [t for t in under if t]
    return bool(under) and 2 * sum(t.startswith(code + ".") for t in under) > len(under)


def level_pattern(numbering: int, words: str) -> str:
    """The pattern of a level of headings numbered so (HEADING_NUMBERS, or a dotted code of a depth: DOTTED + d,
    its code kept as the category's), keeping their words."""
    if numbering > DOTTED:
        return C.code_pattern(numbering - DOTTED) + words
    return r"^\s*(?:" + HEADING_NUMBERS[numbering] + ")" + words


def _shared_words(titles: list[str]) -> str:
    """The words every title starts with, up to where a part of its own may start: after a dash or colon
    (——, -, ：) or a catalogue word (目录, 清单); '' when they share none (社会救助 / 社会保障 share no word)."""
    common = os.path.commonprefix([t.strip() for t in titles])
    m = re.match(r"^(.*(?:目录|清单|一览表|[—\-－:：·]))", common)
    return m.group(1).rstrip("—-－:：· ") if m else ""


def title_line(pre: list[str], d: Dictionary) -> int | None:
    """Which of the lines before the table is the catalogue's title: of those that are no page furniture,
    the first naming a catalogue (目录, 清单; not the word alone: a contents page's heading), else the first
    holding a title marker (政务公开, 信息公开 …) with more than the marker (政务公开 alone is a menu's link or
    a section of the site), else the first; None when every line is the page's furniture or a labelled field
    (领域：建设工程, 更新日期：…)."""
    plain = [i for i, t in enumerate(pre) if not _PAGE_FURNITURE.search(t) and not labelled(t, d)]
    named = [i for i in plain
             if _CATALOGUE_WORD.search(pre[i]) and not _CATALOGUE_WORD.fullmatch(C.clean_line(pre[i]))]
    marked = [i for i in plain if any(mk in pre[i] and C.clean_line(pre[i]) != mk for mk in d.title_markers)]
    return (named or marked or plain or [None])[0]


#: a labelled line: a field's short name and a colon opening it (领域：建设工程, 更新日期：2023年4月, 填报单位：…)
_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]")


def labelled(line: str, d: Dictionary) -> bool:
    """A line giving a field's value under its label (领域：建设工程   更新日期：2023年4月): metadata about the table,
    never its title (nor the agency's name); a title's prefix (附件：) is no label."""
    t = C.clean_line(line)
    return bool(_LABEL.match(t)) and not any(re.match(p, t) for p in d.title_prefixes)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def agency_marker(title: str, d: Dictionary) -> str | None:
    t = strip_prefix(title, d)
    found = [(t.find(mk), mk) for mk in d.title_markers if t.find(mk) > 0]
    return min(found)[1] if found else None


def strip_prefix(title: str, d: Dictionary) -> str:
    t = C.clean_line(title)
    for p in d.title_prefixes:
        t = re.sub("^" + p, "", t).strip()
    return t


#: an official notice issuing the catalogue (公文): 某镇人民政府关于印发《某镇政务公开标准目录（2024年版）》的通知, its
#: title maybe wrapped before 通知: who issues it, and the catalogue's title
_NOTICE_TITLE = re.compile(r"^(?P<who>.*?)关于(?:印发|公布|发布|调整)《?(?P<what>[^《》]+?)》?(?:的)?(?:通知|公告|决定)?$")
_ISSUER_END = re.compile("(?:" + endings("government", "institute", "short", "committee") + ")$")


def notice_title(title: str) -> tuple[str, str] | None:
    """(issuer, catalogue title) of a notice issuing the catalogue, or None for a title of its own."""
    m = _NOTICE_TITLE.match(C.clean_line(title))
    return (m.group("who").strip(), m.group("what").strip()) if m else None


def agency_from_title(title: str, d: Dictionary) -> str | None:
    """The agency in a catalogue's title: the words before 政府信息公开目录, 政务公开目录 …; in a notice issuing
    the catalogue (某镇人民政府关于印发…目录的通知), the body issuing it."""
    notice = notice_title(strip_prefix(title, d))
    if notice and _ISSUER_END.search(notice[0]):
        return notice[0]
    if notice:
        title = notice[1]
    t = strip_prefix(title, d)
    found = [(t.find(mk), mk) for mk in d.title_markers if t.find(mk) > 0]
    if not found:
        return None
    name = re.sub(r"(?:基层)$", "", t[:min(found)[0]].strip()).strip(" ：:，,")
    if name.endswith("领域"):
        # 汝阳县教育体育局义务教育领域…: the agency before its domain; 某县人力资源和社会保障领域…: none named
        m = _AGENCY_BEFORE_DOMAIN.match(name)
        name = m.group(1) if m else ""
    # a town's or township's catalogue is its people's government's, a sub-district's its office's
    # (宜兴市丁蜀镇基层政务公开标准目录: 宜兴市丁蜀镇人民政府)
    name = re.sub(r"(?<=[镇乡])$", "人民政府", name) if re.search(r"[^城][镇乡]$", name) else \
        re.sub(r"街道$", "街道办事处", name)
    # a county's (district's, city's) catalogue of its bodies, 某县政务公开标准目录汇编 or 某县县直部门及乡镇（街道）…:
    # its people's government's
    county = _COUNTY.match(name)
    if county:
        name = county.group(1) + "人民政府"
    return name if name and len(name) <= 40 else None


#: a county's, district's or city's name alone, or before the bodies it gathers (县直部门及乡镇, 各部门, 直属单位)
_COUNTY = re.compile(r"^(.+?(?<!开发)(?<!园)[县区市旗])(?:$|(?:县直|区直|市直|旗直|各|所属|直属)\S*$)")   # (开发区: 管委会)


#: a domain given after a label (领域：建设工程    更新日期：2023年4月, 所属领域: 住房保障): up to a space or a list mark
_LABELLED_DOMAIN = re.compile(r"领域(?:名称)?\s*[:：]\s*([^\s，,；;:：]+)")
#: an agency's name, then a domain and 领域 (某县教育体育局 | 义务教育领域)
_AGENCY_BEFORE_DOMAIN = re.compile(r"^(.*(?:" + endings("government", "institute") + r"))[\u4e00-\u9fff]{2,14}领域$")


# ---------------------------------------------------------------------------------------------------
# Writing the mapping file
# ---------------------------------------------------------------------------------------------------

def scalar(s) -> str:
    """A YAML scalar that reads back as the same text in block and flow context."""
    s = str(s)
    try:
        plain_ok = s == s.strip() and s != "" and yaml.safe_load(f"k: {s}") == {"k": s} and \
            yaml.safe_load(f"k: [{s}]") == {"k": [s]} and "#" not in s
    except yaml.YAMLError:
        plain_ok = False
    return s if plain_ok else json.dumps(s, ensure_ascii=False)


def value(v) -> str:
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else scalar(v)


def regex(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def display_width(s: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def with_comment(text: str, comment: str = "", at: int = 44) -> str:
    if not comment:
        return text
    comment = printable(comment.replace("\n", " "))      # one line whatever it quotes (a file's name, a cell)
    return text + " " * max(1, at - display_width(text)) + "# " + comment


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:100].strip("-")


#: the places an agency's name starts with: 浙江省, 宁波市, 鄞州区, 某某县, 某某镇, 某某街道 (each of two characters or
#: more before its word: 市 alone in 市医疗保障局 is no place)
_PLACES = re.compile(r"(?:[\u4e00-\u9fff]{1,9}?(?:自治区|自治州|自治县|特别行政区|省|市|盟|地区|区|县|旗|镇|乡|街道))")


#: words of a body's name, not of a place's (国家税务总局杭州, 住房和城乡 are no places; 和平区 is one)
_BODY_WORDS = re.compile(r"局|厅|委|会|院|部|办|所|站|处|室|队|中心|公司|城乡|(?<!^)[和与及]")


def region_of(name: str | None) -> str | None:
    """The places a body's name starts with (杭州市拱墅区卫生健康局 → 杭州市拱墅区; 镇平县石佛寺镇人民政府 →
    镇平县石佛寺镇), or None: the start of the agency's region, which the reviewer writes in full."""
    if not name or name == "未知机关":
        return None
    out, rest = "", name
    while True:
        m = _PLACES.match(rest)
        if not m or len(m.group(0)) < 2 or len(rest) == len(m.group(0)) or _BODY_WORDS.search(m.group(0)) \
                or rest[0] in "省市县区":      # (no place's name starts so: 市场监督管理局)
            break
        piece = m.group(0)
        if piece[-1] in "乡镇" and rest[len(piece):len(piece) + 1] in ("市", "县", "区", "镇", "乡"):
            piece = rest[:len(piece) + 1]     # 新乡 + 市: a city named …乡; 壶镇 + 镇: a town named …镇
        out, rest = out + piece, rest[len(piece):]
    return out or None


def render(d: Draft) -> str:
    L: list[str] = []
    # (the name as one line, whatever it holds: a line break in it would end the comment)
    L.append(f"# Drafted by `zwgk mapping draft` from {printable(d.source)}. Check every line marked 'guess:', then run")
    L.append("# `zwgk mapping check` on this file and compare the items with the catalogue.")
    for p in d.problems:
        L.append(f"# guess: reading the catalogue with this mapping failed: {printable(p)}")
    L.append("catalogue:")
    L.append(with_comment(f"  id: {scalar(d.catalogue_id)}", d.id_note))
    L.append(f"  source: {scalar(d.source)}")
    if d.title:
        L.append(with_comment(f"  title: {scalar(d.title)}", d.title_note))
    if d.published:
        L.append(with_comment(f"  published: {d.published}", d.published_note))
    L.append("agency:")
    L.append(with_comment(f"  id: {scalar(d.agency_id)}", "guess: the catalogue's id; give the agency's own"
                          if d.agency_id == d.catalogue_id else ""))
    L.append(with_comment(f"  name: {scalar(d.agency_name)}", d.agency_note))
    region = region_of(d.agency_name)
    if region:
        L.append(with_comment(f"  region: {scalar(region)}", "guess: the place the agency's name starts with; "
                                                             "write it in full (某省某市某区)"))
    if d.aliases:
        L.append(with_comment(f"  aliases: [{', '.join(scalar(a) for a in d.aliases)}]", d.aliases_note))
    if d.phone_area_code:
        L.append(with_comment(f"  phone_area_code: {json.dumps(d.phone_area_code)}", d.phone_area_note))
    L.append(with_comment(f"reader: {d.reader}", ("guess: " if d.reader_guess else "") + d.reader_note))
    if d.encoding and d.reader in ("tsv", "cell-per-line", "html") and \
            d.encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig", "ascii"):
        L.append(with_comment(f"encoding: {scalar(d.encoding)}", d.encoding_note or
                              f"guess: detected ({d.encoding}); the file is not UTF-8"))
    if d.tables:
        if d.table_key == "tables":
            L.append(with_comment(f"tables: [{', '.join(value(t) for t in d.tables)}]", d.tables_note))
        else:
            L.append(with_comment(f"{d.table_key}: {value(d.tables[0])}", d.tables_note))
    if d.title_levels:
        L.append(with_comment("titles:", d.title_levels_note))
        for role, pattern, note in d.title_levels:
            L.append(with_comment(f"  - role: {role}", note))
            L.append(f"    pattern: {regex(pattern)}")
    elif d.titles_ignore_note:
        L.append(with_comment("titles: ignore", d.titles_ignore_note))
    elif d.titles_pattern:
        L.append("titles:")
        L.append(with_comment(f"  role: {d.titles_role}", d.titles_note))
        L.append(f"  pattern: {regex(d.titles_pattern)}")
    if d.preamble:
        inner = ", ".join(f"{k}: {v if v == 'first-line' else regex(v)}" for k, v in d.preamble.items())
        L.append(with_comment(f"preamble: {{{inner}}}", "the text before the table"))
    L.append("header:")
    L.append(with_comment(f"  rows: {d.header_rows}", ("guess: " if d.header_guess else "") + d.header_note))
    L.append("columns:")
    for c in d.columns:
        parts = [f"role: {c.role}"]
        if c.header:
            parts.append(f"header: [{', '.join(scalar(h) for h in [c.header, *c.aliases])}]")
        if c.tick:
            parts.append(f"tick: {scalar(c.tick)}")
        L.append(with_comment("  - {" + ", ".join(parts) + "}", c.note))
    L.append(with_comment(f"checkboxes: {d.checkboxes}", ("guess: " if d.checkboxes_guess else "") +
                          (d.checkboxes_note or "no check boxes seen; the default")))
    if d.line_join_note:
        L.append("text:")
        L.append(with_comment('  line_join: ""', d.line_join_note))
    if d.inherit:
        L.append("inherit:")
        for role, (scope, note) in d.inherit.items():
            L.append(with_comment(f"  {role}: {scope}", note))
    hinted = {role: n for role, n in d.inherit_hint.items() if role not in d.inherit}
    if hinted:
        L.append(("# This print shows no merges. " if d.reader in STRUCTURED else "# ") +
                 "Inside a category, rows leave blank cells that the rows above fill:")
        L.append("# merged cells printed once, or cells left blank? Look at the original, and uncomment what was")
        L.append("# merged (a cell left blank must stay blank):")
        if not d.inherit:
            L.append("# inherit:")
        for role, n in hinted.items():
            L.append(f"#   {role}: category".ljust(44) + f"# {plural(n, 'blank cell')}")
    if d.continuation:
        L.append("continuation:")
        L.append(with_comment(f"  when_empty: [{', '.join(d.continuation)}]", d.continuation_note))
    elif d.continuation_note:
        L.append(f"# continuation: the default ({d.continuation_note})")
    if d.realign:
        L.append(with_comment("realign: true", d.realign_note))
    if d.markers or d.when_blank:
        L.append("names:")
        if d.markers:
            L.append(with_comment(f"  markers: {json.dumps(d.markers, ensure_ascii=False)}",
                                  "legend marks printed before names, kept apart"))
        if d.when_blank:
            L.append(with_comment(f"  when_blank: {d.when_blank}", d.when_blank_note))
    if d.code_pattern:
        L.append("codes:")
        L.append(with_comment(f"  pattern: {regex(d.code_pattern)}", d.codes_note))
        if d.code_parent:
            L.append(with_comment(f"  parent: {{prefix: {d.code_parent[0]}, suffix: \"{d.code_parent[1]}\"}}",
                                  "an item's category is the one coded with its code's first digits"))
    if d.not_a_stage:
        L.append("stage:")
        L.append(with_comment("  not_a_stage: category", d.not_a_stage_note))
    L.append(with_comment(f"item_key: {d.item_key}", d.item_key_note))
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------------------------------------------
# The draft, start to end
# ---------------------------------------------------------------------------------------------------

def draft_mapping(file: Path, catalogue_id: str | None = None, mappings_dir: Path | None = None) -> Draft:
    """Draft the mapping of a catalogue file; ReadError when the file has no recognisable table."""
    with remembering():       # the file is read several times, with other options: its PDF parse once
        return _draft_mapping(file, catalogue_id, mappings_dir)


def _draft_mapping(file: Path, catalogue_id: str | None, mappings_dir: Path | None) -> Draft:
    d = load_dictionary()
    file = Path(file)
    draft = Draft(file=file, source=file.name)
    why = catalogue_id is not None and id_problem(catalogue_id)
    if why:
        raise ValueError(f"catalogue id {why}")
    if catalogue_id:
        draft.catalogue_id = catalogue_id
    else:
        stem = file.stem
        s = slug(stem)
        if re.search(r"[^\x00-\x7f]", stem) or not s:
            n = 1
            while mappings_dir is not None and (Path(mappings_dir) / f"catalogue-{n}.yaml").exists():
                n += 1
            draft.catalogue_id = f"catalogue-{n}"
            draft.id_note = f"guess: the file name '{stem}' is not ASCII; give the catalogue a short id"
        else:
            draft.catalogue_id = s
            draft.id_note = "guess: from the file name"
    draft.agency_id, draft.agency_name = draft.catalogue_id, "未知机关"    # until the title names it
    draft.agency_note = "guess: nothing read names the agency; write its name here"
    draft.reader, draft.reader_note, draft.reader_guess, draft.encoding = detect_reader(file)
    if draft.encoding in ("utf-8", "utf-8-sig", "ascii"):
        draft.encoding = None
    # A: header and columns
    s = find_header(draft, d)
    header_structure(draft, s, d)
    draft.header_rows = s.rows
    if s.rows == 2:
        spans = sorted({p for p in s.parents if p})
        draft.header_note = (f"{', '.join(C.compact(p) for p in spans)} over the cells below" if spans
                             else "the row below the header continues it")
        if not s.aligned:
            draft.header_guess = True
            draft.header_note += "; the two rows did not line up cleanly: check each column's header"
    draft.header_note = (draft.header_note + f" (header at {s.where})").strip()
    draft.columns = assign_roles(s, d)
    for j, what in s.aside.items():
        if j < len(draft.columns) and draft.columns[j].role != "ignore":
            # (not the items' seq, name or phones: a box beside the table repeating 序号 | 二级事项 named them)
            draft.columns[j].set("extra", "guess: beside the table, no block of items of its own; kept as text", True)
    if not s.aligned:
        for c in draft.columns:
            if c.parent and not c.guess:
                c.note, c.guess = f"guess: under '{c.parent}'", True
    if s.width and len(draft.columns) < s.width:
        for _ in range(s.width - len(draft.columns)):
            draft.columns.append(Col("", "ignore", note="guess: a column with no header", guess=True))
    resolve_conflicts(draft.columns)
    other_headers(draft, s, d)
    if draft.encoding:
        draft.encoding_note = f"guess: detected; the file is not UTF-8 (read as {draft.encoding})"
        declared = None
        if draft.reader == "html":
            with open(file, "rb") as f:
                declared = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", f.read(4096), re.I)
        if declared:
            said = declared.group(1).decode("ascii").lower()
            draft.encoding_note = (f"the page declares {said}" + (f"; {draft.encoding} is its superset"
                                   if said in ("gb2312", "gbk") and draft.encoding == "gb18030" else "")
                                   if said.replace("_", "-") != draft.encoding else "the page declares it")
    # B: content (a table the provisional mapping cannot read is reported in the draft, which is still written)
    try:
        content_pass(draft, d)
    except (ReadError, MappingError) as e:
        draft.problems.append(str(e))
    # C: check
    check_draft(draft)
    return draft


def check_draft(draft: Draft) -> None:
    """Read the catalogue with the drafted mapping; adjust once (realign) or record the problem."""
    from . import read_catalogue
    for attempt in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{draft.catalogue_id}.yaml"
            path.write_text(render(draft), encoding="utf-8")
            try:
                cat = read_catalogue(load_mapping(path), draft.file.parent, _BASE)
            except (ReadError, MappingError) as e:
                msg = str(e)
                if "realign: true" in msg and not draft.realign:
                    draft.realign = True
                    draft.realign_note = "guess: rows with cells beyond the columns (shifted extraction)"
                    continue
                msg = msg.replace(str(path), "this mapping")
                if msg not in draft.problems:
                    draft.problems.append(msg)
                return
            draft.summary["items"] = len(cat.records)
            draft.summary["warnings"] = len(cat.warnings)
            draft.summary["sample"] = [(r.name, "|".join(r.category)) for r in cat.records[:3]]
            return


# ---------------------------------------------------------------------------------------------------
# Output helpers: tables through zwgk.console (rich: columns line up with CJK text)
# ---------------------------------------------------------------------------------------------------

def format_table(headers: list[str], rows: list[list[str]], limits: list[int] | None = None) -> str:
    """A plain-text table whose columns line up in a terminal (CJK characters are two columns wide), each
    value cut to its column's limit (display width; default 40)."""
    from ..console import table
    return table(headers, rows, limits=limits or [40] * len(headers))


def print_table(title: str, headers: list[str], rows: list[list[str]], limits: list[int] | None = None,
                file=None) -> None:
    """The title, then the table (`format_table`)."""
    file = file or sys.stdout
    print(title, file=file)
    print(format_table(headers, rows, limits), file=file)


# ---------------------------------------------------------------------------------------------------
# The command line: zwgk mapping draft | check
# ---------------------------------------------------------------------------------------------------

def add_parser(sub) -> None:
    p = sub.add_parser("mapping", help="draft a mapping file for a new catalogue, or check how a mapping reads")
    msub = p.add_subparsers(dest="mapping_command", required=True)
    dp = msub.add_parser("draft", help="write a mapping file (YAML, with comments) for a catalogue file",
                         description="Draft mappings/catalogues/{id}.yaml for a catalogue file in any form zwgk "
                                     "reads. Every decision it is unsure of is marked '# guess:'.")
    dp.add_argument("file", type=Path, help="the catalogue file (.html .pdf .docx .xlsx .txt)")
    dp.add_argument("--id", dest="catalogue_id", help="the catalogue id (a-z 0-9 -; default: from the file name)")
    dp.add_argument("--out", help="where to write the mapping ('-': standard output; default: "
                                  "mappings/catalogues/{id}.yaml)")
    dp.add_argument("--force", action="store_true", help="overwrite an existing mapping file")
    dp.set_defaults(func=cmd_draft)
    cp = msub.add_parser("check", help="read a catalogue with its mapping and show the first rows and every warning")
    cp.add_argument("mapping", type=Path, help="the mapping file")
    cp.add_argument("--catalogues", type=Path, help="the catalogues folder (env ZWGK_CATALOGUES; default catalogues/)")
    cp.add_argument("--rows", type=int, default=10, help="how many items to show (default 10)")
    cp.add_argument("--item", type=int, action="append", default=[], metavar="N",
                    help="show item N (as numbered in the table: 1 is the first) field by field, every field read; "
                         "may be repeated")
    cp.add_argument("--base", help="URI base (env ZWGK_BASE)")
    cp.set_defaults(func=cmd_check)


def cmd_draft(args) -> int:
    from zwgk.config import Settings
    settings = Settings()
    file = Path(args.file)
    if not file.is_file():
        print(f"zwgk mapping draft: {file}: no such file", file=sys.stderr)
        return 1
    why = args.catalogue_id is not None and id_problem(args.catalogue_id)
    if why:
        print(f"zwgk mapping draft: --id {why}", file=sys.stderr)
        return 2
    try:
        with _budgeted() as budget:
            draft = draft_mapping(file, args.catalogue_id, Path(settings.mappings))
    except (ReadError, MappingError) as e:
        print(f"zwgk mapping draft: error: {e}", file=sys.stderr)
        return 1
    except MemoryError:
        from zwgk.pipeline import human
        print(f"zwgk mapping draft: error: {file}: over the memory budget of {human(budget.memory)} a catalogue may "
              "use (ZWGK_CATALOGUE_MEMORY, as for zwgk build; 0 lifts it); the file was not drafted", file=sys.stderr)
        return 1
    except _OverTime:
        print(f"zwgk mapping draft: error: {file}: drafting took over {budget.seconds:g} s, the time budget a catalogue "
              "has (ZWGK_CATALOGUE_TIMEOUT, as for zwgk build; 0 lifts it); the file was not drafted", file=sys.stderr)
        return 1
    text = render(draft)
    to_stdout = args.out == "-"
    out = None if to_stdout else Path(args.out) if args.out else Path(settings.mappings) / f"{draft.catalogue_id}.yaml"
    if out is not None and out.exists() and not args.force:
        print(f"zwgk mapping draft: {out} exists; pass --force to overwrite it, or --out another path",
              file=sys.stderr)
        return 1
    if to_stdout:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    summarise(draft, out, sys.stderr if to_stdout else sys.stdout)
    try:
        inside = file.resolve().parent == Path(settings.catalogues).resolve()
    except OSError:
        inside = False
    where = sys.stderr if to_stdout else sys.stdout
    try:
        elsewhere = out is not None and out.resolve().parent != Path(settings.mappings).resolve()
    except OSError:
        elsewhere = False
    if elsewhere:
        # (a mapping kept outside mappings/catalogues/: built with its own folders, not the project's)
        print(f"next: zwgk build --catalogues {file.parent} --mappings {out.parent} (the mapping's source names "
              f"{file.name} in the catalogues folder)", file=where)
    elif not inside:
        print(f"next: copy {file.name} into {settings.catalogues}/ (the mapping's source names it there)", file=where)
    return 0


class _OverTime(Exception):
    pass


@contextmanager
def _budgeted():
    """The budgets a build gives a catalogue's pass (zwgk.pipeline.Budget: ZWGK_CATALOGUE_MEMORY of address
    space above what the process holds, ZWGK_CATALOGUE_TIMEOUT seconds), for a draft in this process: a file
    of millions of cells or a page of 100,000 columns is stopped, saying so, as the build stops it."""
    import resource
    import signal
    from zwgk import processes
    from zwgk.pipeline import Budget, _address_space
    budget = Budget.from_env()
    limits = resource.getrlimit(resource.RLIMIT_AS)
    if budget.memory:
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + budget.memory, limits[1]))

    def over(signum, frame):
        # again a little later, until the budget's end: an exception raised where the signal lands in a finalizer
        # (a __del__, a garbage-collection callback) is printed and dropped, and the draft ran on for minutes
        signal.setitimer(signal.ITIMER_REAL, 0.25)
        raise _OverTime()
    old = signal.signal(signal.SIGALRM, over) if budget.seconds else None
    if budget.seconds:
        signal.setitimer(signal.ITIMER_REAL, budget.seconds)
        processes.time_budget = budget.seconds      # LibreOffice, when it converts the file, stops before
        processes.start_budget()
    try:
        yield budget
    finally:
        if budget.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            processes.time_budget = None
        if budget.memory:
            resource.setrlimit(resource.RLIMIT_AS, limits)


def summarise(draft: Draft, out: Path | None, file) -> None:
    n_guess = render(draft).count("# guess:")
    enc = f", encoding {draft.encoding}" if draft.encoding else ""
    print(f"{draft.source}: reader {draft.reader}{enc}, {draft.header_rows} header row"
          f"{'s' if draft.header_rows > 1 else ''}, {len(draft.columns)} columns", file=file)
    rows = [[str(i), c.header or "(none)", c.role + (f" ✓{c.tick}" if c.tick else ""),
             ("guess: " if c.guess else "") + c.note.replace("guess: ", "")]
            for i, c in enumerate(draft.columns, 1)]
    print_table("columns", ["#", "header", "role", "note"], rows, [3, 20, 24, 60], file=file)
    if "items" in draft.summary:
        print(f"read back: {plural(draft.summary['items'], 'item')}, {plural(draft.summary['warnings'], 'warning')}",
              file=file)
    for p in draft.problems:
        print(f"not read back: {p}", file=file)
    print(f"{n_guess} guesses to check; written to {out if out else 'standard output'}", file=file)


def cmd_check(args) -> int:
    from zwgk.config import Settings
    from . import read_catalogue
    settings = Settings(**({"base": args.base} if args.base else {}))
    catalogues = args.catalogues or Path(settings.catalogues)
    try:
        mapping = load_mapping(args.mapping)
        cat = read_catalogue(mapping, Path(catalogues), settings.base)
    except (MappingError, ReadError) as e:
        print(f"zwgk mapping check: error: {e}", file=sys.stderr)
        return 1
    from ..ontology import code_lists
    cl = code_lists(settings.base)

    def labels(iris: list[str]) -> str:
        return "、".join(cl.pref.get(i) or i.rsplit("/", 1)[-1] for i in iris)

    recs = cat.records
    print(f"{args.mapping}: {cat.source_file}, reader {mapping.reader}: {plural(len(recs), 'item')}, "
          f"{plural(len(cat.warnings), 'warning')}")
    wrong = [n for n in args.item if not 1 <= n <= len(recs)]
    if wrong:
        print(f"zwgk mapping check: error: no item {wrong[0]} (items are numbered 1 to {len(recs)})", file=sys.stderr)
        return 1
    fields = record_fields(labels)
    for n in args.item:
        r = recs[n - 1]
        rows = []
        for name, get, _ in fields:
            if get(r):
                rows.append([name, get(r)])
            if name == "legal basis":     # what each citation was read as: the reviewer's question
                rows += [["  citation", " · ".join(x for x in (c.title, c.doc_number or "(no number)",
                                                                "articles " + "、".join(c.articles) if c.articles else "")
                                                       if x)] for c in r.legal_basis]
            elif name == "time limit" and r.time_limit:
                t = r.time_limit
                parsed = [f"{t.amount} {t.unit}" if t.amount is not None else "", t.trigger or "",
                          f"by {t.annual_deadline}" if t.annual_deadline else "", t.period or ""]
                rows.append(["  read as", " · ".join(x for x in parsed if x) or "(text only: nothing parsed)"])
        rows += [[label, text] for label, text in r.extra]
        # where each field was read (a block beside another names its own cells: the reviewer's question)
        rows += [["cells", "；".join(f"{role} {fragment_words(frag)}" for role, frag in r.cells)]] if r.cells else []
        rows += [["inherited", "、".join(sorted(r.inherited))]] if r.inherited else []
        rows += [["note", note] for note in r.notes]
        print_table(f"item {n} ({r.source_file} {r.source_label})", ["field", "value"], rows, [12, 4000])
    if args.item:
        return 0
    shown = recs[:max(0, args.rows)]
    always = {"#", "source", "category", "name"}
    # the overview's source is the place made short (its width is a column of many): the row of a sheet or page
    fields = [("source", short_place, 14) if f[0] == "source" else f for f in fields]
    fields.append(("extra", lambda r: "；".join(f"{label}: {text}" for label, text in r.extra), 16))
    used = [f for f in fields if f[0] in always or any(f[1](r) for r in shown)]
    rows = [[f[1](r) for f in used] for r in shown]
    print_table(f"the first {len(shown)} items", [f[0] for f in used], rows, [f[2] for f in used])
    if len(recs) > len(shown):
        print(f"… {len(recs) - len(shown)} more (every field of one: --item N)")
    if cat.warnings:
        print(f"warnings ({len(cat.warnings)}):")
        for w in cat.warnings:
            print(f"  {w}")
    else:
        print("no warnings")
    return 0


def short_place(r) -> str:
    """Where a record is, short: 第12-13行 (text), 目录 第7行 (a sheet's rows), 3页 第4行 (a page's), 表2 第7行."""
    frag = r.source_fragment
    if not frag:
        return f"第{r.source_lines}行"
    parts = dict(p.partition("=")[::2] for p in frag.split("&"))
    rows = re.sub(r"^[A-Z]+(\d+):[A-Z]+(\d+)$", lambda m: m.group(1) if m.group(1) == m.group(2)
                  else f"{m.group(1)}-{m.group(2)}", parts.get("range", "")) or parts.get("row", "")
    where = [parts["sheet"][:4] if "sheet" in parts else "", f"{parts['page']}页" if "page" in parts else "",
             f"表{parts['table']}" if parts.get("table", "1") != "1" else ""]
    return " ".join(w for w in where + [f"第{rows}行" if rows else ""] if w)


def record_fields(labels) -> list[tuple[str, object, int]]:
    """(name, getter, width in the overview) of every field of a read item, in the order of items.csv;
    `labels` gives concept IRIs as their labels."""
    def legal(r) -> str:
        return "；".join(c.text for c in r.legal_basis)

    def timed(t) -> str:
        return t.text if t else ""
    return [("#", lambda r: str(r.row), 4), ("source", lambda r: r.source_label, 16),
            ("seq", lambda r: r.seq, 5), ("code", lambda r: r.code, 8),
            ("category", lambda r: " / ".join(r.category), 24), ("name", lambda r: r.name, 24),
            ("content", lambda r: r.content, 24), ("spec", lambda r: r.spec, 12),
            ("legal basis", legal, 20), ("article text", lambda r: r.article_text, 12),
            ("time limit", lambda r: timed(r.time_limit), 16),
            ("update", lambda r: timed(r.update_frequency), 10), ("duration", lambda r: r.duration, 8),
            ("subject", lambda r: r.subject, 12), ("responsible", lambda r: r.responsible_unit, 12),
            ("channels", lambda r: labels(r.channels), 16), ("methods", lambda r: labels(r.methods), 12),
            ("type", lambda r: labels(r.disclosure_type), 10), ("audience", lambda r: labels(r.audience), 10),
            ("stage", lambda r: labels(r.stage), 8), ("level", lambda r: labels(r.level), 8),
            ("domain", lambda r: labels(r.domain), 10), ("link", lambda r: r.link, 12),
            ("phones", lambda r: "、".join(p.removeprefix("tel:") for p in r.phones), 14)]


__all__ = ["draft_mapping", "render", "load_dictionary", "align", "add_parser", "format_table", "display_width"]
