"""The table model every reader produces, and the checks every catalogue file must pass.

Two levels, as in pdfplumber and docling, "document → tables" before "tables → meaning":

  Document  what a reader found in a file: its tables (`Grid`), each a rectangle of `Cell`s with the
            merges the source itself declares (HTML rowspan/colspan, Word gridSpan/vMerge, Excel merged
            ranges, PDF ruling lines) and the provenance of every cell (page, table, row, column; line
            for text), plus the text around the tables.
  RawTable  the catalogue's table as the record builder reads it: header rows, item rows (from one or
            several grids, each row knowing its grid and the grid's title), preamble and trailer text.
            `zwgk.mappings.readers.assemble` turns a Document into a RawTable, the same way for every
            form: where the header starts, which tables to read, repeated header rows, title rows.

Nothing here knows what a column means; that comes from the catalogue's mapping file.
"""
from __future__ import annotations

import codecs
import contextlib
import contextvars
import functools
import hashlib
import os
import pickle
import re
import unicodedata
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml


#: what must never reach a terminal or a log from a file's name or content: C0 and C1 control characters
#: (new lines, terminal escapes), the line and paragraph separators and the bidi controls (U+061C, U+200E,
#: U+200F, U+202A-U+202E, U+2066-U+2069: they reorder the rest of the line as it is shown)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from a file (or a file's name) as part of one line of a message: control and bidi characters
    escaped (\\u000a). The mappings' errors (MappingError, ReadError) and a catalogue's warnings go through it."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


#: the CJK radicals a PDF's text may hold for ideographs (Chromium/Skia writes 人 as ⼈ U+2F08, 门 as ⻔ U+2ED4
#: when the font draws both with one glyph): Kangxi radicals fold by NFKC; the supplement's, which NFKC
#: leaves, by their equivalent ideographs (Unicode's EquivalentUnifiedIdeograph.txt). ⼾ U+2F3E is the one
#: Kangxi radical whose NFKC form is the traditional ideograph (戶 U+6236) where a Simplified Chinese font draws
#: it with the glyph of 户 U+6237: a simplified catalogue's 户 (住户, 户籍), as Skia writes it, reads as 户
_RADICAL_SUPPLEMENT = dict(zip(
    "⼾⺂⺃⺕⺁⺅⺆⺇⺉⺊⺌⺎⺏⺐⺒⺓⺔⺖⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺶⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜"
    "⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "户乛乚彐厂亻冂几刂卜小兀尣尢巳幺彑忄扌攵旡日月歺母民氵氺灬爫丬牛犭王疋罒示礻竹糹纟罓罒网羊耂肀聿肉臼艹艹艹虎衤覀西见角讠贝足车辶辶辶阝钅長镸长门阜阝雨青韦页风飞"
    "食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"))
_RADICALS = re.compile("[⺀-⻳⼀-⿕]")


def fold_radicals(text: str) -> str:
    """The text with CJK radicals standing for ideographs made those ideographs (⼈⺠ → 人民)."""
    if not _RADICALS.search(text):
        return text
    return _RADICALS.sub(lambda m: _RADICAL_SUPPLEMENT.get(m.group(), unicodedata.normalize("NFKC", m.group())), text)


class ReadError(Exception):
    """A catalogue file that cannot be read; the message names the file and line (or page/table/row).

    One line, whatever the file's name or content: control and bidi characters are escaped (`printable`)
    in the message and in the path as shown; `path` keeps the name as given."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, printable(message)
        shown = printable(str(path))
        super().__init__(f"{shown}:{line}: {self.message}" if line else f"{shown}: {self.message}")


def out_of_memory(error: BaseException | None = None, log=()) -> bool:
    """Whether a library's failure was an allocation that failed (under the build's memory budget, an
    address-space limit): Python's MemoryError, or libxml2's (lxml's) XML_ERR_NO_MEMORY, which lxml raises
    as a parse error ("unknown error") or, parsing with recover, only logs while returning a cut tree.
    Readers re-raise it as MemoryError, which the build and the draft report as the budget met."""
    if isinstance(error, MemoryError):
        return True
    entries = list(log) + list(getattr(error, "error_log", None) or ())
    return getattr(error, "code", None) == _XML_ERR_NO_MEMORY or any(
        getattr(e, "type", None) == _XML_ERR_NO_MEMORY for e in entries)


_XML_ERR_NO_MEMORY = 2      # libxml2's xmlParserErrors.XML_ERR_NO_MEMORY (lxml.etree.ErrorTypes.ERR_NO_MEMORY)


@dataclass(slots=True)
class Cell:
    text: str          # raw text, lines joined with "\n"
    first_line: int    # 1-based line numbers in the source file (other forms: the row's number in its table)
    last_line: int
    # covered by a merge from a row above: the text is that merged cell's (a text extraction shows
    # such a cell blank; records mark the field inherited either way)
    merged: bool = False
    col: int = 0                     # grid column, 1-based (0: not known, a text layout)
    span: tuple[int, int] = (1, 1)   # (rows, columns) of a merge, on the merge's top-left cell
    # (row number, column) of the top-left cell of the merge covering this cell; None: not covered
    origin: tuple[int, int] | None = None
    page: int | None = None          # PDF page, 1-based

    @property
    def blank(self) -> bool:
        # (str.isspace counts U+3000 as space, as strip does)
        return not self.text or self.text.isspace()


#: a section's number printed in a table's first column: （一）, 一、, 第一部分
SECTION_NUMBER = re.compile(r"\s*(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
                            r"|第[一二三四五六七八九十\d]{1,3}(?:部分|章|节|类))\s*")
#: page furniture between rows or tables: "第 3 页", "- 3 -", "3/10", "共 5 页", a lone number (a PDF-to-text copy's,
#: a page number typed between the parts of a Word table, a web page's pager)
PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页|[-—–]\s*\d+\s*[-—–]"
                         r"|\d+\s*/\s*\d+|\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.IGNORECASE)
PAGERS_FILE = Path(__file__).resolve().parents[1] / "pagers.yaml"


@functools.lru_cache(maxsize=1)
def _pager() -> re.Pattern:
    """A text made of a pager's wordings (mappings/pagers.yaml), page numbers and the marks between them."""
    data = yaml.safe_load(PAGERS_FILE.read_text(encoding="utf-8"))
    number = r"\s*\d{1,4}\s*"
    numbered = [re.escape(str(t)).replace("N", number).replace("M", number) for t in data.get("numbered") or []]
    words = [re.escape(str(w)) for w in data.get("words") or []]
    token = "|".join(sorted(numbered + words, key=len, reverse=True) + [r"\d{1,4}"])
    marks = re.escape(str(data.get("marks") or ""))
    return re.compile(rf"(?:\s|[{marks}])*(?:(?:{token})(?:\s|[{marks}])*)+", re.IGNORECASE)


def page_furniture(text: str) -> bool:
    """`text` is a page number (PAGE_NUMBER) or a pager (共2页 上一页 1 2 下一页, 首页 上一页 下一页 尾页, 1 2: the
    wordings of mappings/pagers.yaml, page numbers and marks between them): what a page prints between the
    parts of a table cut over pages, no text of the catalogue's."""
    # (never a run of five digits: a phone number, 12345 no pages)
    return bool(PAGE_NUMBER.match(text)) or _pager().fullmatch(text) is not None and not _FIVE_DIGITS.search(text)


_FIVE_DIGITS = re.compile(r"\d{5,}")
#: a phone number (or numbers) alone on a line: digits with dashes, brackets, spaces, 转, five digits in a run at
#: least (a page number has four at most): in a text copy, the rest of a row's last cell cut at its line break
PHONE_ALONE = re.compile(r"[\d（）()\-－—\s、,，;；转]*\d{5,}[\d（）()\-－—\s、,，;；转]*")
#: a table's rest marked as such over a page break: 续表, 续上表, 接上表, （续）, or the title again with （续）
CONTINUED_MARK = re.compile(r"^\s*(?:续表|续上表|接上表|续前表|[（(]\s*续\s*[)）])\s*\d*\s*$|[（(]\s*续(?:表)?\s*[)）]\s*$|续表\s*\d*\s*$")
#: a section's number alone in a table's first column (序号), where items are numbered 1, 2 …: 一, 二 (Word-made
#: 基层 catalogues number their 一级事项 so); only ever the whole cell (一站式服务 starts with one too)
_BARE_NUMERAL = re.compile(r"\s*[一二三四五六七八九十]{1,3}\s*")


def section_number(text: str) -> bool:
    """The whole of a cell is a section's number: （一）, 一、, 第一部分, or 一 alone."""
    return bool(SECTION_NUMBER.fullmatch(text) or _BARE_NUMERAL.fullmatch(text))


@dataclass
class Grid:
    """One table as the document draws it: rows of cells (covered cells carry the merge's text)."""
    name: str                                   # in messages: "table 2", "sheet '目录'", "table 1 (pages 2-4)"
    index: int                                  # 1-based, among the document's tables
    rows: list[list[Cell]]
    numbers: list[int]                          # each row's number as the user sees it
    # (first row number, last row number[, columns]) → URI fragment into the original ("table=2&row=7"); given
    # `columns` (first, last, counted from 1 in the grid), the cells of those columns only ("table=2&row=7&col=8-13",
    # "sheet=目录&range=H7:M7": a block beside another, one field's cell); None for text files, whose rows are
    # addressed by line (RFC 5147 "line=a,b")
    fragment: Callable[..., str] | None = None
    before: list[str] = field(default_factory=list)   # text lines between the previous table and this one
    caption: str = ""                           # a <caption>, when the source marks one
    # a block of a table beside another (assemble.side_by_side): its columns in the table, from 1
    columns: tuple[int, int] | None = None
    # the numbers (`numbers`) of the rows of a text copy the reader found right over the header printed again,
    # which it skipped (a page's title or footer, cell_per_line): titles or notes, never an item's next row
    # (`assemble._below_rowspans`)
    over_header: set[int] = field(default_factory=set)

    def locate(self, first: int, last: int) -> str | None:
        """The fragment of rows first-last: of this block's columns only when it is a block beside another."""
        if self.fragment is None:
            return None
        return self.fragment(first, last, self.columns) if self.columns else self.fragment(first, last)

    def one_cell(self, i: int) -> bool:
        """Row i is one cell across the whole table (a title, section heading or note, not an item), or a
        section's number in the first column and one cell across the rest (（一） | 机构信息)."""
        row = self.rows[i]
        if not row:
            return False
        if len(row) == 1:
            return self.width > 1
        first = row[0]
        top = first.origin or (self.numbers[i], first.col)
        if not first.merged and all(c.origin == top for c in row[1:]):
            return True
        rest = row[1:]
        if len(rest) < 2 or first.merged or rest[0].merged or not section_number(first.text):
            return False
        top = rest[0].origin or (self.numbers[i], rest[0].col)
        return bool(rest[0].text.strip()) and all(c.origin == top for c in rest[1:])

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def real_cells(self, i: int) -> list[Cell]:
        """Row i's cells, each merge once (a merge across the row is its first cell alone)."""
        seen, out = set(), []
        for c in self.rows[i]:
            key = c.origin or ((self.numbers[i], c.col) if c.col else id(c))
            if key not in seen:
                seen.add(key)
                out.append(c)
        return out

    def row_text(self, i: int) -> str:
        """A row's text as one line (for preamble/trailer/titles): each real cell once."""
        return " ".join(c.text.strip() for c in self.real_cells(i) if c.text.strip())


@dataclass
class Document:
    path: str                                   # as named in messages and provenance: catalogues/<file>
    tables: list[Grid] = field(default_factory=list)
    after: list[str] = field(default_factory=list)    # text lines after the last table
    frames: list[str] = field(default_factory=list)   # a web page's <iframe> sources (content shown from elsewhere)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None                 # text forms: the encoding the file was decoded with
    # the file shows its merged cells (False: a PDF table printed without borders, where a merged cell's
    # text stands once and the cells it covers print blank, as in a text copy)
    merges_seen: bool = True


def with_title_tables(doc: Document) -> Document:
    """The document with the text of a table holding one text alone (a title, as Word saved as a web page puts
    one above each domain's table: 一、财政预决算领域基层政务公开标准目录 in a one-cell table) given to the table
    right after it as the text before it, its title: it is no table of the catalogue's, yet the next one is
    titled by it. The title's table stays (tables keep their numbers)."""
    for g, h in zip(doc.tables, doc.tables[1:]):
        texts = {c.text.strip() for row in g.rows for c in row if c.text.strip()}
        if h.index == g.index + 1 and len(texts) == 1 and len(g.rows) <= 3 and not any(t.strip() for t in h.before):
            text = texts.pop()
            if 2 <= len(text) <= 80 and "\n" not in text and not page_furniture(text) \
                    and not re.fullmatch(r"[\d\s.、，,]+", text):
                h.before = [*h.before, text]
    return doc


@dataclass
class RawRow:
    cells: list[Cell]
    first_line: int
    last_line: int
    table: int = 1          # the Grid it comes from (Grid.index)
    title: str = ""         # the title of its table or section ("XX领域基层政务公开标准目录"), if any
    # the lines met since the row before it that may be headings over it, in document order: the text above its
    # table (paragraphs, caption, title rows, a sheet's name) and the rows across the table (一、县财政局,
    # （一）财政预决算). `titles:` given as levels reads them, each level kept until a heading of its own or an
    # outer one replaces it
    headings: tuple[str, ...] = ()
    # a row of a text copy below a rowspan that printed only its own cell(s): the rest of the item above
    # (`assemble._below_rowspans`), never an item of its own
    continues: bool = False
    # a row of a block beside another in its table (assemble.side_by_side): the block's columns in the table
    # (first, last, counted from 1); its provenance names those cells, not the table's whole row
    columns: tuple[int, int] | None = None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class RawTable:
    path: str
    preamble: list[str] = field(default_factory=list)   # text lines before the table (title …)
    header: list[RawRow] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    # the header rows of every table read, and every header printed again with other texts; `header`
    # is the first table's. The record builder checks each against the mapping's columns.
    headers: list[list[RawRow]] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)    # text lines after the table (notes 注：…)
    # the tables whose columns were lined up with the mapping's by their headers (assemble): their header
    # was matched so, it is not checked again column by column
    lined_up: set[int] = field(default_factory=set)
    # Grid.index of a table with no header of its own read as the rest of the one before → that one's (the
    # first part's) index: items inherit across the split as within one table
    continued: dict[int, int] = field(default_factory=dict)
    # Grid.index → (first, last[, columns]) → URI fragment into the original; empty for text files
    fragments: dict[int, Callable[..., str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)   # what the reader met (unknown symbols …)
    # rows one cell across read as the title of the rows below: (where, title); told unless the mapping
    # says what titles are (`titles`)
    sections: list[tuple[str, str]] = field(default_factory=list)
    encoding: str | None = None

    @property
    def fragment(self) -> Callable[[int, int], str] | None:
        """The first table's fragment function (None for text files)."""
        return next(iter(self.fragments.values()), None)

    def locate(self, first: int, last: int, table: int = 1, columns: tuple[int, int] | None = None) -> str | None:
        """The fragment of rows first-last of a table; given `columns` (from 1, the table's), of those cells only."""
        f = self.fragments.get(table)
        return (f(first, last, columns) if columns else f(first, last)) if f else None

    def where(self, line: int, table: int = 1, columns: tuple[int, int] | None = None) -> str:
        """A row's location for messages: file:line, or file#table=1&row=7 (&col=8-13 in a block beside another)."""
        frag = self.locate(line, line, table, columns)
        return f"{self.path}#{frag}" if frag else f"{self.path}:{line}"

    def error(self, line: int | None, message: str, table: int = 1) -> ReadError:
        if line and self.locate(line, line, table):
            return ReadError(self.where(line, table), None, message)
        return ReadError(self.path, line, message)


def column_part(columns: tuple[int, int] | None) -> str:
    """The columns a fragment into a table's rows narrows to (a block beside another, one field's cell):
    &col=9, &col=8-13; nothing for the whole row."""
    if not columns:
        return ""
    a, b = columns
    return f"&col={a}" if a == b else f"&col={a}-{b}"


def fragment_words(fragment: str) -> str:
    """A place in an original, as its URI fragment gives it, in words: page=3&table=1&row=4 →
    第3页 表1 第4行; table=1&row=7&col=8-13 → 表1 第7行 第8-13列; sheet=目录&range=A7:N7 → 工作表 目录 A7:N7."""
    parts = dict(p.partition("=")[::2] for p in fragment.split("&")) if fragment else {}
    words = (f"第{parts['page']}页" if "page" in parts else "", f"表{parts['table']}" if "table" in parts else "",
             f"工作表 {parts['sheet']}" if "sheet" in parts else "", f"第{parts['row']}行" if "row" in parts else "",
             f"第{parts['col']}列" if "col" in parts else "", parts.get("range", ""))
    return " ".join(w for w in words if w)


# ---------------------------------------------------------------------------------------------------
# Opening files
# ---------------------------------------------------------------------------------------------------

#: the largest catalogue file read (a real catalogue is well under 20 MB in any form)
MAX_FILE_BYTES = 200 * 1024 * 1024


def read_bytes(path: str, file: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing what is not a regular, non-empty file of bounded size."""
    size = check_regular(path, file, limit)
    with open(file, "rb") as f:
        data = f.read(size + 1)     # the size stat gave (a file growing meanwhile is cut there)
    if not data.strip():
        raise ReadError(path, None, "catalogue file is empty")
    return data



# ---------------------------------------------------------------------------------------------------
# a file's parse, remembered while the same file is read several times
# ---------------------------------------------------------------------------------------------------

#: parses kept while `remembering()` is open: (reader, SHA-256 of the file) → the parse, pickled
_REMEMBERED: contextvars.ContextVar[dict[tuple[str, bytes], bytes] | None] = contextvars.ContextVar(
    "zwgk_remembered_parses", default=None)


@contextlib.contextmanager
def remembering():
    """Within it, a reader's costly pass over a file (pdfplumber's, most of a PDF's read) is done once per file
    content: `zwgk mapping draft` reads a catalogue three times or more (header, provisional read, check of the
    drafted mapping) with different options. Outside it nothing is kept: a build reads each file once, in bounded
    memory. Nested, it goes on with the parses of the outer one."""
    token = _REMEMBERED.set(_REMEMBERED.get() if _REMEMBERED.get() is not None else {})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def remembered(reader: str, data: bytes, parse: Callable[[], object]):
    """`parse()`, or a fresh copy of what it gave for the same bytes within `remembering()` (a copy: readers
    change what they parsed while they lay it out)."""
    memo = _REMEMBERED.get()
    if memo is None:
        return parse()
    key = (reader, hashlib.sha256(data).digest())
    if key in memo:
        return pickle.loads(memo[key])
    value = parse()
    memo[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return value


def check_regular(path: str, file: Path, limit: int = MAX_FILE_BYTES) -> int:
    """Refuse a missing file, a directory, a device, FIFO or socket, and a file over the size limit."""
    try:
        st = os.stat(file)
    except FileNotFoundError:
        raise ReadError(path, None, "catalogue file not found") from None
    except OSError as e:
        raise ReadError(path, None, f"cannot be read: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        what = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise ReadError(path, None, f"catalogue source is {what}")
    if st.st_size > limit:
        raise ReadError(path, None, f"catalogue file is {st.st_size:,} bytes, over the {limit:,}-byte limit")
    return st.st_size


#: encodings a mapping file may name, and the ones detection may return, by their Python codec name
_CHINESE = ("gb18030", "gbk", "gb2312", "big5")


def decode(path: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding): `encoding` if the mapping names one, else a BOM, else UTF-8 if the bytes are
    valid UTF-8, else what charset-normalizer detects (GB18030 for any GB2312/GBK guess: it is their
    superset). Line ends become \\n."""
    if encoding:
        if not is_text_encoding(encoding):
            raise ReadError(path, None, f"unknown encoding '{encoding}' named by the mapping") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            _cut_inside_a_character(path, data, e, line, encoding)
            if codecs.lookup(encoding).name == "utf-8":
                _mixed_encodings(path, data)
            raise ReadError(path, line, f"not valid {encoding} text ({e.reason} at byte {e.start}); "
                                        "fix or remove the mapping's 'encoding'") from None
        return _lines(text.lstrip("\ufeff")), codecs.lookup(encoding).name
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _lines(data.decode(name)), name
            except UnicodeDecodeError as e:
                raise ReadError(path, None, f"not valid {name} text despite its byte-order mark "
                                            f"({e.reason} at byte {e.start})") from None
    try:
        return _lines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
        _cut_inside_a_character(path, data, e, data[: e.start].count(b"\n") + 1, "UTF-8")
        _mixed_encodings(path, data)
    guess = detect_encoding(data)
    if guess is None:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise ReadError(path, line, "not valid UTF-8 and no other encoding fits (GB18030, UTF-16 tried); "
                                    "name the file's encoding in the mapping ('encoding: gb18030')")
    return _lines(data.decode(guess, errors="strict")), guess


def _cut_inside_a_character(path: str, data: bytes, e: UnicodeDecodeError, line: int, encoding: str) -> None:
    """A file whose only fault is its last character cut short (the bytes end inside it: a download or a copy
    that stopped) is refused saying so; no other encoding would read it (the advice to name one went round)."""
    if e.reason == "unexpected end of data" and e.end >= len(data) and len(data) - e.start <= 3:
        raise ReadError(path, line, f"the file ends inside a character (its last {len(data) - e.start} byte(s) begin "
                                    f"a {encoding} character that is not there): a download or copy cut short? "
                                    "Get the whole file again")


def _mixed_encodings(path: str, data: bytes) -> None:
    """A UTF-8 file with lines of another encoding (pasted from a GBK file) is refused naming them: no one
    encoding reads it (the UTF-8 lines read as another garble, or the advice to name one went round). Only
    lines of Chinese text count: two of them in UTF-8 at least, and fewer not."""
    good, bad = 0, []
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(n)
            if len(bad) >= 50 and len(bad) > 10 * good:
                return          # a file in another encoding (GB18030): no need to look further
    if good >= 2 and len(bad) < good:
        first = data.split(b"\n")[bad[0] - 1].decode("gb18030", errors="replace").replace("\t", " ").strip()
        shown = ", ".join(map(str, bad[:5])) + (f" … ({len(bad)} lines)" if len(bad) > 5 else "")
        raise ReadError(path, bad[0], f"the file mixes encodings: its text is UTF-8 but for line(s) {shown}, which "
                                      f"read as GB18030 ('{printable(first[:40])}'): lines pasted from another file? "
                                      "Save those lines as UTF-8 (no one encoding reads the whole file)")


def is_text_encoding(name: str) -> bool:
    """A codec that decodes bytes to text (not base64, rot13, zlib …)."""
    try:
        return codecs.lookup(name)._is_text_encoding
    except (LookupError, TypeError):
        return False


def detect_encoding(data: bytes) -> str | None:
    """The encoding of text that is not UTF-8: UTF-16 without BOM, else the GB family (as GB18030, which
    decodes all of GB2312 and GBK), else charset-normalizer's best guess that decodes without error."""
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        for name in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if "\n" in text or "\t" in text or any("\u4e00" <= ch <= "\u9fff" for ch in text[:200]):
                return name
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # GB18030 decodes almost any byte string; accept it only if the text is mostly CJK and ASCII
        text = data.decode("gb18030")
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                  or "\uff00" <= ch <= "\uffef")
        other = sum(1 for ch in text if ord(ch) > 127) - cjk
        if cjk and other <= max(2, cjk // 50):
            return "gb18030"
    try:
        from charset_normalizer import from_bytes
    except ImportError:   # pragma: no cover - a dependency of the project
        return None
    best = from_bytes(data[:262144]).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    if name in _CHINESE[:3]:
        name = "gb18030"
    try:
        data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return name


_CJK = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_CJK_RUNS = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")


def _cjk_share(text: str) -> tuple[int, float]:
    """(characters outside ASCII, the share of them that are CJK ideographs or CJK/full-width punctuation),
    counted in C (a loop over the characters took 9 ms a catalogue), by runs of them rather than one by one
    (a list of every character: 0.87 ms for a 5,000-character catalogue, by runs 0.21 ms)."""
    wide = len(text) - len(text.encode("ascii", "ignore"))
    if not wide:
        return 0, 1.0
    return wide, sum(map(len, _CJK_RUNS.findall(text))) / wide


def encoding_doubt(path: str, data: bytes, encoding: str) -> str | None:
    """A warning when bytes read as UTF-8 look like GBK that happens to be valid UTF-8: little Chinese
    in the UTF-8 reading, nearly all Chinese in the GB18030 one."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    n, share = _cjk_share(data.decode(encoding)[:20000])
    if n < 4 or share >= 0.5:
        return None
    try:
        gb = data.decode("gb18030")[:20000]
    except UnicodeDecodeError:
        return None
    if _cjk_share(gb)[1] > 0.9:
        return (f"{path}: read as UTF-8, but it reads as Chinese only in GB18030; if the text looks garbled, "
                "add 'encoding: gb18030' to the mapping")
    return None


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, encoding: str | None = None, label: str | None = None) -> str:
    """The file's text, refusing what is not a text catalogue (missing, empty, binary, undecodable)."""
    return read_text_with_encoding(path, encoding, label)[0]


def read_text_with_encoding(path: str | Path, encoding: str | None = None,
                            label: str | None = None) -> tuple[str, str]:
    text, used, _ = read_text_file(path, encoding, label)
    return text, used


def read_text_file(path: str | Path, encoding: str | None = None,
                   label: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding used, warnings) of a text catalogue; refuses what is not one."""
    p = Path(path)
    name = label or str(p)
    data = read_bytes(name, p)
    for magic, what, reader in ((b"%PDF-", "a PDF file", "pdf"), (b"PK\x03\x04", "a zip package (.docx/.xlsx)", "docx or xlsx")):
        if data.lstrip()[:len(magic)] == magic:
            raise ReadError(name, None, f"this is {what}, not a text extraction: use 'reader: {reader}'")
    bom_free = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not encoding and not bom_free and b"\x00" in data[:8192] and detect_encoding(data) not in ("utf-16-le", "utf-16-be"):
        raise ReadError(name, None, "catalogue file is binary, not a text extraction (NUL bytes found)")
    text, used = decode(name, data, encoding)
    _lost_to_question_marks(name, text)
    doubt = None if encoding else encoding_doubt(name, data, used)
    return text, used, [doubt] if doubt else []


#: runs of two question marks or more: characters a program could not write in the file's character set
_QUESTION_RUNS = re.compile(r"\?{2,}")


def _lost_to_question_marks(path: str, text: str) -> None:
    """A text whose Chinese was written as '?' (Excel's "CSV" or a text export on a system whose character set
    has no Chinese characters; LibreOffice's, run without a Chinese locale) is refused saying so: the text is not
    in the file any more, and read on it gave "no header row" or items named ????. Twenty such characters at
    least, in runs of two or more, outnumbering the Chinese characters the file still holds."""
    runs = _QUESTION_RUNS.findall(text)
    lost = sum(len(r) for r in runs)
    if lost < 20 or lost <= len(_CJK.findall(text)):
        return
    m = _QUESTION_RUNS.search(text)
    line = text.count("\n", 0, m.start()) + 1
    shown = printable(text.split("\n")[line - 1][:40])
    raise ReadError(path, line, f"{lost} characters of the file are '?' ('{shown}'): "
                                "it was saved in a character set without Chinese characters (Excel's 'CSV', or a "
                                "program's text export, on a system set to another language), and the text is not "
                                "in it any more; save it again from the original as UTF-8 ('CSV UTF-8'), or read "
                                "the original (.xlsx, .docx)")


@dataclass
class ReadOptions:
    """What a reader may need from the mapping file: nothing about meaning. Text layouts need the
    column count and the header to form rows; the others read every table as it is."""
    ncols: int = 0
    header_rows: int = 1
    header_probe: Callable[[list[str]], bool] = lambda texts: False
    encoding: str | None = None       # text and web pages: the mapping's `encoding`, else detected
