"""Tables printed without borders: their cells found from where the text stands (used by `pdf`).

Excel prints no gridlines unless asked, and a Word table styled without borders prints none: such a PDF
has text in columns but no ruling line, and pdfplumber's line strategy finds no table. pdfplumber's
"text" strategy and camelot's stream mode make a row of every printed line and a column of every
alignment, so a cell wrapped over five lines becomes five rows and a list of check boxes two columns.
A catalogue has more to go by, and this module uses it. Written here because neither library has it
(pdfplumber and camelot infer no rows from item numbers, nor merges from where text is centred).

  - the header: the first line the mapping's header wordings recognise (while drafting, zwgk's
    dictionary's), with the lines wrapped with it (a gap under 0.6 of the text height), and above it a
    line of group names (公开对象 centred over 全社会 and 特定群众), or under it a line of their sub-headers
    (a name centred over three reaches only the middle ones: `_centred_group`), or, within a line's height
    under it, a line each of whose texts is a known header wording (全社会 特定群众 under 公开对象 printed at
    the left of its merge, as Calc prints it: `_wordings`). Two recognised lines one under the
    other are one header. A line under it each of whose texts runs on to the middle of the first item's
    number just below (maybe on into the next row's cell, as close) is no wrap: cells printed in the middle
    of their rows start above their number, as close under the header as its own lines (`_opens_first_row`).
    Its words are the column anchors: a word over header words side by side spans their columns and makes
    a header of two rows (a word wider than the column under it, whose text wraps, is over more than it),
    as does a column whose header has two cells one under the other beside columns with only the lower
    one (Word prints a merge's text at its left); one-character words a little apart are one (序  号,
    公 开 依 据). A word a header row above one word only, neither left-aligned nor centred with it, is
    a group's name centred over a wider merge (公开事项 over three columns), no anchor.
  - columns: between two anchors, the boundary stands just left of the rightmost vertical strip that the
    fewest body lines cross (none, or a few cells merged across columns, or a note); two anchors with
    body text running over every strip between them on most lines are one column. Words are
    pdfplumber's (split at a gap over 1 pt, and at spaces); a space inside a cell's line, between its text
    on either side (the `pdf` reader marks the word after it `joined`), is text there, not room between
    columns, so a cell's line with spaces makes no column of its own.
  - rows: a catalogue numbers its items (序号). The leftmost of the first two columns whose words are
    mostly numbers is the key column; each number opens a row (a number wrapped in a narrow column, 1 / 0
    for 10 after 9, is one: `_unwrapped`; a number an OCR layer misread, l1 for 11 or lO for 10, is one where
    it reads as the number after the one above: `_misread_number`). Between two numbers, the row boundary is
    the widest gap between lines, the lowest of those within 2 pt of the widest (a Word cell's paragraphs
    are spaced like its rows; its number is on the row's first line), so the text of a row printed in
    the middle of its cells (Excel) around its number stays in it. Where a row's cells are centred on its
    number, the texts centred on each of the two numbers (the rows' own cells; a merged cell's stands off
    both) part the rows first, and the widest gap is sought only among the lines between them: wrapped
    cells of two rows interleave their lines where Excel's auto-fit leaves less room between rows than
    between a cell's lines (`_centred_part`; which of the two a table does, its texts of several
    lines tell: starting on a number's line, or above it and centred on it, `_placed`). Where they end on
    a number's line, starting after the number above (cells at the bottom of their rows, Excel's default
    alignment: the number prints on its row's last line), each row opens on the line after the number above.
    A column's text that runs on so from one row's cell into the next rows' is first parted into cells each
    centred on its row's number (`_centred_cells`). Lines
    between the header and the first number open a row of their own when numbers stand on their rows'
    first line (the lower part of a row cut by the page break: the `pdf` reader joins it to the row
    above), else they are the first row's, but on a page the table goes on to, those above the first
    row's own cells (each centred on its number) and apart from them by more than a wrap: the rest of the
    row the page break cut (Word prints it at the page's top, the next row centred under it); when they
    do, each number's line opens its row (a line just above it, even close, is the row before's: a cell
    whose text runs past its row's foot).
    Where rows open on their number's line, a row's foot stands below every line starting above the next
    row's first, the columns set aside included (a cell of more lines than its row's others is its own).
    Without item numbers, the leftmost of the columns with the most texts (a cell's lines, apart by
    less than a wrap, are one text) is the key column (事项名称: every item fills it, a category merged
    down does not), and each of its texts opens a row as a number does; with fewer than two texts in
    any column, rows are split at gaps wider than the line gaps inside cells, unless every column holds one text
    at most and all of them stand across one level: then the lines are one row (a page holding one item, its list
    of channels a line each: `_one_row`).
  - merged cells: columns blank in a fifth of the rows or more (过程, 一级目录: merged down in the source)
    are set aside while rows are found (a page's first row without a number, and in a table printed in
    the middle of its rows a last row at the page's foot whose number is on its first line, are rows the
    page break cut: they do not count). Where cells print their text in the middle (judged from the
    other columns' cells), a text of such a column left of every column filled on most rows (the
    category path) stands for the rows whose middle is its middle, from the row after the last text's
    rows (merged cells tile such a column); a mark (√) and a text of a column further right only for
    its own row, unless the column's texts tile it so and stand off their rows' middle (公开依据 merged
    over a category), or each stand in the middle of its own row over the rows another column's merge
    proves, in a column another page shows merged under the same header text (the `pdf` reader reads
    the pages again when a later one shows it). Elsewhere the cells under a merge's text read blank:
    the `pdf` reader warns, and records inherit blank category and 过程 cells. Where the print clips a merged
    cell's text to the merge's part on the page (LibreOffice Calc: `parts`, from the `pdf` reader), the part's rows
    are those whose middle stands in the clip. A merge over a page break:
    LibreOffice prints its text on each page where the middle of the whole merge falls, its rows laid
    out from that page's; a text printed below the middle of its rows at a page's foot is such a merge,
    and the same text first on the next page ends it as far below as it stood below the merge's top.
  - the end of a table: after the last number, a line running over three columns or more (a note), or
    standing further below than the rows stand apart and not only in the columns set aside (a signature,
    a date); another header starts a table.
  - pages: a page without a header goes on with the table of the page before, in its columns; a header
    printed again keeps the first page's columns and extent, and a body text printed inside it (a merged
    cell's text, LibreOffice prints it where it falls) is read as the first row's. Printed over the
    header's own text, character between character in one word (过领程域: 过程 under 重点领域), the line is
    still the header (`_overprinted`), and that column's text stays in the header's cell for the `pdf`
    reader to part (its characters in the header's order are the header's, the rest the cell's below).
    Lines above a header printed again, each word of them printed in its columns on the page before and
    none in the key column, are a merge's text going on (Calc prints it from above the page's top, where
    the print area clips it): read under the header, as the first row's (`_merge_above`), and so are the
    lines above the first row's own cells holding only such merges' text, no row the page break cut.
  - a word ending up to OVERSHOOT past a column boundary is its column's (Calc prints a wrapped line as
    wide as its column a little past the column's edge); further, it runs over the boundary (a merge
    across columns), unless its column's texts print centred (on the table's first page, their middles
    one: `_centred_columns`) and its middle is theirs, reaching no further than the columns either side:
    a later page's text wider than any the boundaries were placed from (双随机一公开 under 二级事项). The
    `pdf` reader reads its characters in its column (`TextTable.owned`).

Everything here is geometry on word boxes (dicts with text, x0, x1, top, bottom, as pdfplumber gives
them); the `pdf` reader turns the cell rectangles found into its page tables.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Callable

from .base import SECTION_NUMBER

LINE_TOP = 3.0       # points: words whose tops are this close are on one line (pdfplumber's clustering)
WRAP = 0.6           # a header line this close (× text height) to the next is the same header cells wrapped
TIE = 2.0            # points: row gaps this close to the widest are as wide
EDGE_PAD = 3.0       # points: a column boundary stands this far left of where the next column's text starts
OVERSHOOT = 2.5      # points: a cell's text may end this far past its column's boundary (Calc: a wrapped line
                     # as wide as the column, its padding left out)
CROSSING = 0.5       # body lines running over the strip between two header anchors, at most: else one column
KEY_SHARE = 0.8      # a key column's words: at least this share are item numbers
SPARSE = 0.8         # a column with text on fewer than this share of the rows: cells merged down in the source
GROUP_NAME = 8       # characters at most in a header cell over a group of columns (a title is longer)
CELL_PART = 12       # characters at most in a line of a header cell printed above the recognised line
MARK = 1             # characters at most in a mark (√, ■, 是): never spread over the rows around it
SNAP = 12.0          # points: a repeated header's column boundaries this close to the page before's are theirs

_NUMBER = re.compile(r"[(（]?(\d{1,4}([.\-－]\d{1,3}){0,2}|[一二三四五六七八九十百]{1,4})[)）.．、]?")

Word = dict


@dataclass
class Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def lines_of(words: list[Word]) -> list[Line]:
    """Words as printed lines, top to bottom: a word whose top is within LINE_TOP of a line's first
    word's is on that line."""
    out: list[Line] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if out and w["top"] - out[-1].words[0]["top"] <= LINE_TOP:
            ln = out[-1]
            ln.words.append(w)
            ln.bottom = max(ln.bottom, w["bottom"])
        else:
            out.append(Line([w], w["top"], w["bottom"]))
    for ln in out:
        ln.words.sort(key=lambda w: w["x0"])
    return out


def _gap(a: Line, b: Line) -> float:
    return b.top - a.bottom


def _column_blocks(cols: "_Columns", lines: list[Line], offset: int,
                   centres: list[float]) -> list[tuple[int, int, float]]:
    """Each column's texts (not the key's): lines of one cell, apart by less than a wrap, as (first line
    index, last line index, middle); indices from `offset`. `centres`: the middles of the item numbers'
    lines, in a table printed in the middle of its rows; a text that falls, line by line, into parts each
    centred on one is those parts (`_centred_cells`: Excel's auto-fit can leave a row's cell as close above
    the next row's as a cell's own lines are)."""
    out: list[tuple[int, int, float]] = []
    open_: dict[int, list] = {}          # column → its text's lines so far: (index, top, bottom)
    for i, ln in enumerate(lines):
        for w in ln.words:
            c = cols.col((w["x0"] + w["x1"]) / 2)
            if c == cols.key or _crosses_word(cols, w):
                continue
            parts = open_.get(c)
            if parts and w["top"] - max(p[2] for p in parts) <= WRAP * (w["bottom"] - w["top"]):
                if parts[-1][0] == offset + i:
                    parts[-1] = (offset + i, min(parts[-1][1], w["top"]), max(parts[-1][2], w["bottom"]))
                else:
                    parts.append((offset + i, w["top"], w["bottom"]))
                continue
            if parts:
                out.extend(_centred_cells(parts, centres))
            open_[c] = [(offset + i, w["top"], w["bottom"])]
    for parts in open_.values():
        out.extend(_centred_cells(parts, centres))
    return out


def _centred_cells(parts: list[tuple[int, float, float]], centres: list[float]) -> list[tuple[int, int, float]]:
    """A column's text (its lines: index, top, bottom) as (first, last, middle) texts: in consecutive parts
    each centred on one of `centres` (within a fifth of a line: Calc centres to the point) where it falls
    into such parts, else whole. Several cells of consecutive rows, each in the middle of its row, where
    the rows stand as close as a cell's lines; three such cells are centred on the middle one's number as
    a whole (a merged cell whose lines fall so is read the same way: it only parts the rows here)."""
    whole = [(parts[0][0], parts[-1][0], (parts[0][1] + max(p[2] for p in parts)) / 2)]
    if len(parts) < 2:
        return whole
    tol = max(1.0, 0.2 * min(p[2] - p[1] for p in parts))

    def centre(j: int, k: int) -> int | None:        # the number parts[j..k] is centred on
        mid = (parts[j][1] + max(p[2] for p in parts[j:k + 1])) / 2
        return next((n for n, c in enumerate(centres) if abs(mid - c) <= tol), None)
    # best[k]: the split of parts[0..k-1] into the most centred parts, as (cuts, the last part's number)
    best: dict[int, tuple[list[int], int]] = {0: ([], -1)}
    for k in range(1, len(parts) + 1):
        for j in range(k):
            if j in best and (n := centre(j, k - 1)) is not None and n > best[j][1] and (
                    k not in best or len(best[j][0]) + 1 > len(best[k][0])):
                best[k] = (best[j][0] + [j], n)
    if len(parts) not in best or len(best[len(parts)][0]) < 2:
        return whole
    cuts = best[len(parts)][0] + [len(parts)]
    return [(parts[a][0], parts[z - 1][0], (parts[a][1] + max(p[2] for p in parts[a:z])) / 2)
            for a, z in zip(cuts, cuts[1:])]


def _key_middles(cols: "_Columns", lines: list[Line], keys: list[int], last: int) -> list[float]:
    """The middle of each key line's text in the key column, with the lines it wraps on to (apart by
    less than a wrap, before the next key line): 事项名称 over two lines is centred as a whole."""
    out = []
    for k, nxt in zip(keys, keys[1:] + [last + 1]):
        ws = [w for w in lines[k].words if cols.col((w["x0"] + w["x1"]) / 2) == cols.key and not _crosses_word(cols, w)]
        top, bottom = min(w["top"] for w in ws), max(w["bottom"] for w in ws)
        for ln in lines[k + 1:nxt]:
            more = [w for w in ln.words if cols.col((w["x0"] + w["x1"]) / 2) == cols.key
                    and not _crosses_word(cols, w)]
            if more:
                if min(w["top"] for w in more) - bottom > WRAP * (more[0]["bottom"] - more[0]["top"]):
                    break
                bottom = max(bottom, max(w["bottom"] for w in more))
        out.append((top + bottom) / 2)
    return out


def _placed(cols: "_Columns", lines: list[Line], first: int, last: int, keys: list[int],
            centres: list[float]) -> tuple[int, int, int]:
    """Texts of several lines (not the key column's) that stand as a row's cells stand printed at the top
    of their rows (first line on a key line, the middle below it), in the middle (starting above a key
    line, the middle on it) and at the bottom (starting after the key line before, ending on a key line,
    the middle above it: Excel's default alignment, the number on its row's last line): the surest sign
    of the three, as (top, middle, bottom). A key cell of one line beside a taller cell shows its text
    starting above it only where cells are centred or bottom-aligned, whatever the gaps. Texts whole, as
    their lines run (not parted on the keys: cells of rows set as close as a cell's lines run into one
    text, whose lower part may stand centred on the next key by chance). `centres`: the keys' middles."""
    top = middle = bottom = 0
    at = set(keys)
    bounds = keys + [last + 1]
    for f, z, mid in _column_blocks(cols, lines[first:last + 1], first, []):
        if z == f:
            continue
        tol = max(LINE_TOP, 0.4 * lines[f].height)
        n = bisect_right(keys, f)           # keys[n - 1] <= f < keys[n]
        if f in at and z < bounds[n] and mid - centres[n - 1] > tol:
            top += 1                        # within its key's row, from its key's line down
        elif n < len(keys) and z < bounds[n + 1] and abs(mid - centres[n]) <= tol:
            middle += 1                     # from above the next key to before the one after, centred on it
        elif n < len(keys) and f not in at and z == keys[n] and centres[n] - mid > tol:
            bottom += 1                     # from after the key before down to the next key's line, ending there
    return top, middle, bottom


def _centred_part(lines: list[Line], blocks: list[tuple[int, int, float]], a: int, b: int,
                  ya: float, yb: float) -> tuple[int, int] | None:
    """Between the number on line a and the next number (line b), in a table whose cells print their text
    in the middle of their rows: (the last line of the upper row's own cells, the first line of the lower
    row's), the next row opening after the one and at the latest with the other. A row's own cell is a text
    whose middle is its number's (ya, yb: the middles of the two numbers, or of the two key texts: within
    0.4 of a line's height, as `_off_centre` judges): the lines of two such rows interleave where Excel's
    auto-fit leaves less room between rows than a wrapped cell's lines take, and cells of three lines each
    centred on its row's name stand as close as a cell's own lines, so the widest gap between the numbers
    does not tell. A merged cell's text stands off both numbers and does not count. None when the rows'
    own texts do not part so."""
    tol = max(LINE_TOP, 0.4 * max(lines[a].bottom - lines[a].top, lines[b].bottom - lines[b].top))
    upper_end, lower_start = a, b
    for f, z, mid in blocks:
        if z < a or f > b:
            continue
        if abs(mid - ya) <= tol:
            upper_end = max(upper_end, z)
        elif abs(mid - yb) <= tol:
            lower_start = min(lower_start, f)
    return (upper_end, lower_start) if upper_end < lower_start else None


def _opens_first_row(lines: list[Line], i: int) -> bool:
    """Line i, close under a header, opens the first item's row: each text starting on it (words a space
    apart are one) runs on, line under line, to a middle that is the middle of the item number's line a few
    lines below (cells printed in the middle of their rows: the item's cells of several lines start above
    its number, close under the header, and a header's lower row may be as close). Each, not one: a word of
    a header's lower row over a first-row cell runs on into it, and on into the next row's cell, and may
    reach the number's middle so by chance (目录名称 over 机构信息低保, then 机构信息项目审)."""
    k = next((j for j in range(i + 1, min(i + 6, len(lines))) if is_number(lines[j].words[0]["text"])), None)
    if k is None:
        return False
    at = (lines[k].top + lines[k].bottom) / 2
    tol = max(LINE_TOP, 0.4 * lines[k].height)

    def opens(w: Word) -> bool:
        x0, x1 = w["x0"], w["x1"]
        top, bottoms = w["top"], [w["bottom"]]      # the bottom of the text after each line it runs on to
        for ln in lines[i + 1:k + 4]:
            if ln.top - bottoms[-1] > WRAP * (w["bottom"] - w["top"]):
                break
            nxt = [v for v in ln.words if v["x0"] < x1 and v["x1"] > x0 and not is_number(v["text"])]
            if nxt:         # (a line of other columns' text, the number's, may stand between)
                bottoms.append(max(v["bottom"] for v in nxt))
        # centred down to some line: the next row's cell may follow as closely as a wrap (Excel's auto-fit)
        return any(abs((top + b) / 2 - at) <= tol for b in bottoms[1:])
    return all(opens(w) for w in _phrases(lines[i].words))     # (a cell's line: 政府公报 政务微信)


def _phrases(words: list[Word]) -> list[Word]:
    """A line's words (left to right), those apart by less than the text's height joined into one: a cell's
    line printed with spaces (政府公报 政务微信, 序  号)."""
    out: list[Word] = []
    for w in words:
        if out and w["x0"] - out[-1]["x1"] < w["bottom"] - w["top"]:
            out[-1] = {**out[-1], "text": out[-1]["text"] + w["text"], "x1": w["x1"],
                       "bottom": max(out[-1]["bottom"], w["bottom"])}
        else:
            out.append(w)
    return out


def _unwrapped(keys: list[int], cols: "_Columns", lines: list[Line]) -> list[int]:
    """The number lines `keys` without those that are the lower line of a number wrapped in a narrow key
    column (1 / 0 for 10 after 9, as Word prints it): a line of digits just under a number's line, as close
    as a cell's lines, whose digits appended make the number after the one before it, where read alone
    they do not."""
    def digits(i: int) -> str:
        return next((w["text"] for w in lines[i].words if is_number(w["text"])
                     and cols.col((w["x0"] + w["x1"]) / 2) == cols.key), "")
    out: list[int] = []
    values: list[int | None] = []       # each kept line's number (joined with its wrapped lower line)
    for i in keys:
        text = digits(i)
        if len(out) >= 2 and text.isdecimal() and values[-1] is not None and values[-2] is not None and \
                _gap(lines[out[-1]], lines[i]) <= WRAP * lines[i].height:
            joined = int(f"{values[-1]}{text}")
            if joined == values[-2] + 1 and values[-1] != values[-2] + 1:
                values[-1] = joined
                continue
        out.append(i)
        values.append(int(text) if text.isdecimal() else None)
    return out


def is_number(text: str) -> bool:
    """An item number as printed in a 序号 column: 1, 10, 1.2, (3), 二、 …"""
    return bool(_NUMBER.fullmatch(text.strip()))


_PLAIN = re.compile(r"[(（]?(\d{1,4})[)）.．、]?")
#: what OCR reads a digit as: l, I, | (and the full-width ｌ Ｉ ｜) for 1, O and o (Ｏ ｏ) for 0
_LOOK_ALIKES = str.maketrans("lI|ｌＩ｜Oo〇Ｏｏ", "11111100000")


def _value(text: str) -> int | None:
    """The value of a plain item number (7, 12., (3)); None for another one (1.2, 二、)."""
    m = _PLAIN.fullmatch(text.strip())
    return int(m.group(1)) if m else None


def _misread_number(text: str) -> int | None:
    """The item number an OCR layer misread as `text`, a character or more of its digits read as letters that look
    alike (l1 for 11, lO for 10, I for 1), else None. Only the number after the item above it is taken for one
    (`_key_lines`): a letter alone in the 序号 column is no item number otherwise."""
    t = text.strip()
    read = t.translate(_LOOK_ALIKES)
    return _value(read) if read != t and len(t) <= 6 else None


@dataclass
class TextTable:
    """One table found on a page: its cells as rectangles (x0, top, x1, bottom), as pdfplumber gives a
    ruled table's (`Table.cells`), for the `pdf` reader's page layout."""
    cells: list[tuple[float, float, float, float]]
    # text to read as if printed lower (rectangle, dy): a body text printed over a repeated header
    moves: list[tuple[tuple[float, float, float, float], float]] = field(default_factory=list)
    borderless: bool = True      # found from the text's positions: its outer edges are its text's
    # text to read as if printed at x (rectangle, x): a centred column's text printed over its boundaries
    # (`_own_centred`), read in that column, whose middle x is
    owned: list[tuple[tuple[float, float, float, float], float]] = field(default_factory=list)


@dataclass
class _Columns:
    xs: list[float]                       # boundaries, left to right (outer edges included)
    key: int | None                       # the key column (序号), if any
    top_rows: bool | None = None          # item numbers stand on their rows' first line
    bottom_rows: bool = False             # item numbers stand on their rows' last line (judged with top_rows)
    header: str = ""                      # the text of the header's recognised line, spaces left out
    valign: str | None = None             # where cells print their text: "top", "middle" or "bottom"
    header_extent: tuple[float, float] = (0.0, 0.0)   # how far the header reaches above its recognised
                                                      # line's top and below its bottom, on the first page
    header_words: set[str] | None = None  # the header's words on the table's first page
    header_at: list[tuple[str, float]] | None = None   # its recognised line's words there: (text, x0)
    sparse: set[int] | None = None        # columns set aside (blank in a fifth of the rows), judged once
    blocks: bool = False                  # no item numbers: the key column's texts open the rows
    placed: bool = False                  # top_rows judged from texts of several lines (`_placed`)
    overprinted: set[int] = field(default_factory=set)   # columns of the header printed again on this page
                                          # where a merge's text is printed over it (`_overprinted`)
    header_only: bool = False             # no row read yet: its first page ended with its header
    names: list[str] | None = None        # each column's header text, as last printed
    centred: dict[int, float] = field(default_factory=dict)   # columns whose texts print centred → their middle
                                          # (judged on the table's first page: `_centred_columns`)
    open_merges: dict[int, tuple[str, float]] = field(default_factory=dict)   # a column set aside whose last
                                          # merge on the page before reached its foot → (its text, how far below
                                          # the merge's top its text's middle stands: half the merge's height)

    def col(self, x: float) -> int:
        return min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)


@dataclass
class TextTables:
    """The borderless tables of a document, page by page (a table goes on over pages in its columns)."""
    probe: Callable[[list[str]], bool]
    last: _Columns | None = None          # the table open at the end of the last page read
    rows: int = 1                         # header rows the mapping declares (its probe knows their leaf row)
    merged: set[str] = field(default_factory=set)   # header texts of columns a page showed merged down
    declined: set[str] = field(default_factory=set)  # those of columns read as one row's for want of that
    printed: list[Word] = field(default_factory=list)  # the words of the page read last
    # the page's merged cells' parts as the print clips their text (LibreOffice Calc's), if known: each part's top,
    # bottom and the boxes (x0, top, x1, bottom) of the texts drawn under its clip
    parts: list[tuple[float, float, list[tuple[float, float, float, float]]]] = field(default_factory=list)

    # --- the header -------------------------------------------------------------------------------

    def _probe(self, texts: list[str]) -> bool:
        try:
            return bool(self.probe(texts))
        except Exception:     # a probe that cannot judge this line: not a header
            return False

    def _is_header(self, lines: list[Line], i: int) -> bool:
        """Line i reads as the header: alone, or with the lines wrapped under it, its words one under
        the other read as one (公开 / 时限 in a narrow column)."""
        if self._reads_as_header(lines[i].words):
            return True
        for n in (2, 3):
            if i + n > len(lines) or _gap(lines[i + n - 2], lines[i + n - 1]) > WRAP * lines[i + n - 2].height:
                break
            if self._reads_as_header(lines[i + n - 1].words):
                break       # the line below is the header on its own (this one is a title over it)
            if self._reads_as_header([w for ln in lines[i:i + n] for w in ln.words], stacked=True):
                return True
        return False

    def _reads_as_header(self, words: list[Word], stacked: bool = False) -> bool:
        if stacked:         # words one under the other (x extents overlapping) are one text, top to bottom
            words = _stacked_words(words)
        texts = [w["text"] for w in words]
        if self._probe(texts):
            return True
        # words printed with spaces between their characters (序  号, 公 开 依 据): one text each
        joined = [w["text"] for w in _phrases(words)]
        return joined != texts and self._probe(joined)

    def _header_block(self, lines: list[Line], h: int, lo: int) -> tuple[int, int]:
        """The lines of the header whose recognised line is h: wrapped lines above (not before lo) and
        below, and a row below whose every word stands under a header word naming a group (一级目录 and
        事项名称 under 公开事项: `_centred_group`); it stops before a line opening with a number (the first item). A line
        above, further than a wrap, is the header's upper row when each of its words stands over header
        words (公开事项 centred over 一级目录 and 二级目录) and none over most of them (a title); a line as
        close as a wrap when each of its words stands over one header word (the upper part of a cell
        wrapped and printed in the middle: 公开 over 时限) or names a group. Where the mapping declares
        two header rows and none is above yet, a line of short words just above, each over a header word,
        is the upper row (公开事项 centred over three sub-headers in columns of other widths)."""
        end = h
        while end + 1 < len(lines) and not is_number(lines[end + 1].words[0]["text"]) \
                and not _section_line(lines[end + 1]):
            gap, nxt = _gap(lines[end], lines[end + 1]), lines[end + 1]
            above = [w for ln in lines[h:end + 1] for w in ln.words]
            if gap > WRAP * lines[end].height and not (
                    gap <= 1.5 * lines[end].height and (_sub_header(above, nxt.words) or self._wordings(nxt)
                                                         or self._completes(above, lines[end + 1:end + 3]))):
                break
            if _opens_first_row(lines, end + 1):
                break
            end += 1
        start, upper = h, False
        while start - 1 >= lo:
            above, gap = lines[start - 1], _gap(lines[start - 1], lines[start])
            below = [w for ln in lines[start:end + 1] for w in ln.words]
            wrapped = gap <= WRAP * lines[start].height and all(_over_one(w, below) for w in above.words)
            if not wrapped:
                if gap <= 1.5 * above.height and all(_names_group(w, below) for w in above.words):
                    upper = True
                elif self.rows > 1 and not upper and gap <= 1.5 * above.height and _upper_row(above, below):
                    upper = True
                else:
                    break
            start -= 1
        return start, end

    def _wordings(self, line: Line) -> bool:
        """Each text of the line (words a space apart are one) is a known header wording: the header's lower
        row (全社会 特定群众 主动 依申请 under 公开对象 and 公开方式 printed at the left of their merges, as Calc
        prints a left-aligned merge, a line's height under them: further than a wrap)."""
        known = getattr(self.probe, "known", None)
        if known is None:
            return False
        try:
            return all(known(w["text"]) for w in _phrases(line.words))
        except Exception:     # a probe that cannot judge this text
            return False

    def _completes(self, header: list[Word], below: list[Line]) -> bool:
        """The first of `below`, a line further under the header than `WRAP`, is the rest of cells wrapped in
        it: each of its words under one header cell, which read with it (one under the other) is a known
        wording, or is one with the words of the next line too (公开内容 / 和标 / 准) (序 / 号, 公开 / 时限 in
        fonts whose lines stand apart, as Noto CJK's do at single spacing: 0.67 of their height). A first
        item's row under a header reads as no wording (序1, 一级事项机构信息)."""
        known = getattr(self.probe, "known", None)
        if known is None or not below:
            return False
        cells = _stacked_words(header)
        for n in (1, 2):
            if n == 2 and (len(below) < 2 or _gap(below[0], below[1]) > 1.5 * below[0].height):
                break
            joined: dict[int, list[Word]] = {}
            for w in (w for ln in below[:n] for w in ln.words):
                over = [k for k, c in enumerate(cells) if c["x0"] < w["x1"] and c["x1"] > w["x0"]]
                if len(over) != 1:
                    return False
                joined.setdefault(over[0], []).append(w)
            if all(known(cells[k]["text"] + "".join(v["text"] for v in sorted(ws, key=lambda v: v["top"])))
                   for k, ws in joined.items()):
                return True
        return False

    def _header_lines(self, lines: list[Line], h: int, upper: dict[int, int], lo: int) -> tuple[int, int]:
        """The header block of the recognised line h, from the recognised line above it if any (two
        header lines one under the other: 序号 过程 … over 全社会 特定群众)."""
        hs, he = self._header_block(lines, upper.get(h, h), lo)
        return hs, max(he, self._header_block(lines, h, lo)[1])

    @staticmethod
    def _stands_in(cols: _Columns, line: Line) -> bool:
        """The header's recognised line printed where it stood on the table's first page: a header
        repeated over the same columns stands to the point (another sheet's, in widths a few points
        apart, stands a point or more away)."""
        return cols.header_at is not None and len(line.words) == len(cols.header_at) and all(
            w["text"] == t and abs(w["x0"] - x) <= 0.5 for w, (t, x) in zip(line.words, cols.header_at))

    @staticmethod
    def _header_like(lines: list[Line], h: int, lo: int, extent: tuple[float, float]) -> tuple[int, int]:
        """The lines around line h within the extent the header has on the table's first page."""
        above, below = extent
        start, end = h, h
        while start - 1 >= lo and lines[start - 1].top >= lines[h].top - above - LINE_TOP:
            start -= 1
        while end + 1 < len(lines) and lines[end + 1].bottom <= lines[h].bottom + below + LINE_TOP:
            end += 1
        return start, end

    # --- columns ----------------------------------------------------------------------------------

    @staticmethod
    def _anchors(header: list[Line]) -> list[list[float]]:
        """Column anchors [x0, x1] from the header's words, left to right; a word standing over two
        header words side by side spans their columns and is no anchor."""
        plain: list[Word] = []
        for i, ln in enumerate(header):
            for w in _spaced_out(ln.words):
                lower = [v for ln2 in header[i + 1:] for v in ln2.words]
                below = _under(w, lower)
                if (len(below) < 2 or _stacked(below)) and not _off_cell(w, lower):
                    plain.append(w)
        # words over one another (a cell wrapped: 责任科室（单 over 位）) are one anchor; a word reaching a
        # little into the next column (公开方式 printed at the left of its merge, over 主动 and 依申请)
        # does not join them
        anchors: list[list[float]] = []
        for w in sorted(plain, key=lambda w: w["x0"]):
            if anchors and min(anchors[-1][1], w["x1"]) - w["x0"] >= 0.5 * min(anchors[-1][1] - anchors[-1][0],
                                                                             w["x1"] - w["x0"]):
                anchors[-1][1] = max(anchors[-1][1], w["x1"])
            else:
                anchors.append([w["x0"], w["x1"]])
        return anchors

    @staticmethod
    def _strips(body: list[Line], lo: float, hi: float) -> tuple[int, int, list[tuple[float, float]]]:
        """(d, n, strips): the vertical strips within (lo, hi) that the fewest body lines cross (d of
        them), left to right, and n, the body lines with a word within (lo, hi)."""
        events: list[tuple[float, int]] = []
        n = 0
        for ln in body:
            # a word opened by a space in its line (the `pdf` reader's `joined`) runs from the text before it
            inside = [(w.get("joined") or w["x0"], w["x1"]) for w in ln.words]
            inside = [(a, b) for a, b in inside if b > lo and a < hi]
            n += bool(inside)
            for a, b in inside:
                events.append((max(a, lo), 1))
                events.append((min(b, hi), -1))
        events.sort()
        depths: list[tuple[float, float, int]] = []       # (from, to, depth) over (lo, hi)
        depth, start = 0, lo
        for x, d in events:
            if x > start:
                depths.append((start, x, depth))
            start = max(start, x)
            depth += d
        if hi > start:
            depths.append((start, hi, depth))
        depths = [(a, b, k) for a, b, k in depths if b - a > 0.5]
        if not depths:
            return n, n, []
        least = min(k for _, _, k in depths)
        strips: list[tuple[float, float]] = []
        for a, b, k in depths:
            if k == least:
                if strips and strips[-1][1] >= a:
                    strips[-1] = (strips[-1][0], b)
                else:
                    strips.append((a, b))
        return least, n, strips

    def _columns(self, anchors: list[list[float]], header: list[Line], body: list[Line]) -> list[float]:
        # a line of prose under the table (a note) is no cell: words wider than half the header are left
        # out of the strips (they run over columns: merged cells, or text after the table)
        half = (anchors[-1][1] - anchors[0][0]) / 2
        body = [Line(ws, ln.top, ln.bottom) for ln in body
                if (ws := [w for w in ln.words if w["x1"] - w["x0"] <= half])]
        words = [w for ln in header + body for w in ln.words]
        left = min(w["x0"] for w in words) - 1
        right = max(w["x1"] for w in words) + 1
        xs = [left]
        current = anchors[0]
        for nxt in anchors[1:]:
            # header cells overlapping (公开对象 printed at the left of its merge, wider than 全社会 under
            # it), or touching (公开类型 exactly as wide as 主动 under it, the next column's 依申请 a hair
            # to its right: no strip fits between): the boundary is still left of where the next one starts
            lo, hi = (current[1], nxt[0]) if nxt[0] - current[1] > 1 else (sum(current) / 2, nxt[0])
            if hi <= lo:
                hi = sum(nxt) / 2
            least, n, strips = self._strips(body, lo, hi)
            # body text running over every strip between them on most lines with text under either (two
            # at least): one column (公开 内容); on a few lines only: cells merged across, a title after the
            # table, or section rows (一、机构信息 printed from the 序号 column on, the only text in the strip)
            n = max(n, sum(1 for ln in body if any(w["x1"] > current[0] and w["x0"] < nxt[1] for w in ln.words)))
            if not strips or least >= 2 and least > CROSSING * n:
                current = [current[0], nxt[1]]
                continue
            # near the strip's right end: a column's text (left-aligned, as Word and Excel print text)
            # starts at the same place on every row, while the column before it reaches further on
            # some pages than on this one
            # ... unless texts start between the header words, on several rows at one place: the next column's,
            # left-aligned under a header word centred over it (Calc: 事项1 under 公开内容, √ under 主动), the
            # gap before them
            start = _column_start(body, lo, hi)
            a, b = next((st for st in reversed(strips) if st[1] <= start + 0.5), strips[-1]) \
                if start is not None else strips[-1]
            b = min(b, nxt[0])
            xs.append(max((a + b) / 2, b - EDGE_PAD) if b > a else (strips[-1][0] + strips[-1][1]) / 2)
            current = nxt
        xs.append(right)
        return xs

    # --- rows ---------------------------------------------------------------------------------------

    @staticmethod
    def _key(cols: _Columns, body: list[Line]) -> int | None:
        for c in range(min(2, len(cols.xs) - 1)):      # (section rows across the table left out: 一、机构信息)
            texts = [w["text"] for ln in body if not _section_line(ln) for w in ln.words
                     if cols.col((w["x0"] + w["x1"]) / 2) == c]
            numbers = sum(1 for t in texts if is_number(t))
            if numbers >= 1 and numbers >= KEY_SHARE * len(texts):
                return c
        return None

    @staticmethod
    def _numbered(cols: _Columns, ln: Line) -> bool:
        return any(is_number(w["text"]) and cols.col((w["x0"] + w["x1"]) / 2) == cols.key for w in ln.words)

    @staticmethod
    def _block_key(cols: _Columns, body: list[Line]) -> int | None:
        """Without item numbers: the leftmost of the columns with the most texts (a cell's lines, apart
        by less than a wrap, are one text): the column every item fills (事项名称), not one merged down."""
        counts = [len(_block_starts(cols, c, body)) for c in range(len(cols.xs) - 1)]
        best = max(counts, default=0)
        return counts.index(best) if best >= 2 else None

    def _key_lines(self, cols: _Columns, lines: list[Line], first: int, last: int) -> list[int]:
        """The lines opening the key column's cells among lines[first..last]: its item numbers (one an OCR
        layer misread, l1 for 11, where it reads as the number after the one above: `_misread_number`), or
        (`cols.blocks`) where a text of it starts."""
        if cols.blocks:
            return [first + i for i in _block_starts(cols, cols.key, lines[first:last + 1])]
        numbered: list[int] = []
        sections: set[int] = set()
        value: int | None = None        # the last item number's value, where it is a plain number
        for i in range(first, last + 1):
            if self._numbered(cols, lines[i]):
                numbered.append(i)
                value = next((_value(w["text"]) for w in lines[i].words if is_number(w["text"])
                              and cols.col((w["x0"] + w["x1"]) / 2) == cols.key), None)
            elif value is not None and any(_misread_number(w["text"]) == value + 1 for w in lines[i].words
                                           if cols.col((w["x0"] + w["x1"]) / 2) == cols.key):
                numbered.append(i)
                value += 1
            elif _section_line(lines[i]) and (_crosses(cols, lines[i]) or _centred_on(cols, lines[i])):
                numbered.append(i)      # a section's row across the table (一、机构信息): a row of its own
                sections.add(i)
        # ... when items follow it (else it is the title of the table after, or words after the table)
        numbered = [k for n, k in enumerate(numbered) if k not in sections
                    or n + 1 < len(numbered) and numbered[n + 1] not in sections]
        return _unwrapped(numbered, cols, lines)

    @staticmethod
    def _widest(lines: list[Line], a: int, b: int) -> int:
        """The line (index) after the widest gap between lines a and b (a < b): the lowest of the gaps
        within TIE of the widest."""
        gaps = [(_gap(lines[i], lines[i + 1]), i + 1) for i in range(a, b)]
        widest = max(g for g, _ in gaps)
        return max(i for g, i in gaps if g >= widest - TIE)

    def _row_starts(self, cols: _Columns, lines: list[Line], first: int, last: int, going_on: bool = False) -> list[int]:
        """Indices of the lines opening a row among lines[first..last] (the body of one page's table).
        `going_on`: the table goes on here from the page before (its rows may open with the rest of one the
        page break cut)."""
        if last < first:
            return []
        if cols.key is None:
            gaps = sorted(_gap(lines[i], lines[i + 1]) for i in range(first, last))
            if not gaps or _one_row(cols, lines[first:last + 1]):
                return [first]
            jumps = [(gaps[i + 1] - gaps[i], gaps[i + 1]) for i in range(len(gaps) - 1)]
            step, cut = max(jumps, default=(0.0, 0.0))
            if step < 1.0:      # all gaps alike: one line, one row
                return list(range(first, last + 1))
            return [first] + [i + 1 for i in range(first, last) if _gap(lines[i], lines[i + 1]) >= cut]
        keys = self._key_lines(cols, lines, first, last)
        if not keys:
            return [first]
        centres = (_key_middles(cols, lines, keys, last) if cols.blocks
                   else [(lines[k].top + lines[k].bottom) / 2 for k in keys])
        if cols.top_rows is None and len(keys) >= 2:
            # numbers on their rows' first line: from each number's line to the next number's, every
            # column's text starts on the number's line, some running on below it (printed in the middle,
            # a cell of two lines starts below it). Rows of one-line cells tell nothing; without a row that
            # tells, the widest gap between two numbers opens a row (not a guide in Excel's prints, whose
            # auto-fit leaves less room between rows than between a cell's lines). Texts of several lines,
            # where they stand apart, tell best, and merged ones as well (two or more: judged once, `placed`)
            top, middle, bottom = _placed(cols, lines, first, last, keys, centres)
            cols.placed = top + middle + bottom >= 2
            # numbers on their rows' last line (cells printed at the bottom, Excel's default): each row
            # opens after the number line above it
            cols.bottom_rows = cols.placed and bottom > 2 * (top + middle)
            for a, b in zip(keys, keys[1:] + [last + 1]) if not cols.placed else ():
                first_at: dict[int, int] = {}
                below = False
                for i in range(a, b):
                    for w in lines[i].words:
                        c = cols.col((w["x0"] + w["x1"]) / 2)
                        if c != cols.key and not _crosses_word(cols, w):
                            below = below or i > a
                            first_at.setdefault(c, i)
                late = sum(1 for i in first_at.values() if i > a)
                middle += late * 10 >= len(first_at) * 3 > 0
                top += below and late == 0
            if cols.bottom_rows:
                cols.top_rows = False
            elif top + middle:
                cols.top_rows = top > 2 * middle
            elif len(keys) >= 3:
                on_top = sum(1 for a, b in zip(keys, keys[1:]) if self._widest(lines, a, b) == b)
                cols.top_rows = on_top * 10 >= (len(keys) - 1) * 7
        starts = [first]
        if cols.top_rows:       # each number on its row's first line: a line above it is the row before's
            return starts + [k for k in keys if k > first]
        if cols.bottom_rows:    # each number on its row's last line: a line below it is the next row's
            return starts + [k + 1 for k in keys[:-1] if k >= first]
        blocks = _column_blocks(cols, lines[first:last + 1], first, centres)
        if going_on and first < keys[0]:
            # lines above the first row's own cells (each centred on its number), apart from them by more
            # than a wrap: the rest of the row the page break cut (Word prints it at the top of the next
            # page), a row of its own that the `pdf` reader joins to the row above
            tol = max(LINE_TOP, 0.4 * lines[keys[0]].height)
            own = min([keys[0]] + [f for f, z, mid in blocks if f <= keys[0] and abs(mid - centres[0]) <= tol])
            if own > first:
                cut = self._widest(lines, first, own)
                if _gap(lines[cut - 1], lines[cut]) > WRAP * lines[cut].height:
                    starts.append(cut)
        for n, (a, b) in enumerate(zip(keys, keys[1:])):
            # the lines of the two rows' own cells part them; the widest gap among the lines between
            # (a merged cell's, printed in the middle of its rows) opens the row
            part = _centred_part(lines, blocks, a, b, centres[n], centres[n + 1]) if blocks else None
            starts.append(self._widest(lines, *part) if part else self._widest(lines, a, b))
        return starts

    def _table_end(self, cols: _Columns, lines: list[Line], first: int, last: int, starts: list[int]) -> int:
        """The last line of the table among lines[first..last]. Up to the last item number, every line
        is the table's; after it, lines go on while they keep to the columns (a word may run over one
        boundary: cells merged across) and stand no further below than the rows' own gaps, or hold
        only text of columns merged down (set aside: `sparse`)."""
        opened = starts[-1] if starts else first
        if cols.key is not None:
            opened = max([opened] + self._key_lines(cols, lines, first, last))
        inner = [_gap(lines[i], lines[i + 1]) for i in range(first, opened)]
        height = max(ln.height for ln in lines[first:last + 1])
        limit = max(inner + [2 * height]) + TIE
        end = opened
        while end + 1 <= last:
            ln = lines[end + 1]
            merged_only = _merged_only(cols, ln)
            wide = any(cols.col(w["x1"] - 1) - cols.col(w["x0"] + 1) >= 2 for w in ln.words)
            if wide or _gap(lines[end], ln) > limit and not merged_only:
                break
            end += 1
        return end

    # --- a page -----------------------------------------------------------------------------------

    def _heads(self, lines: list[Line]) -> tuple[list[int], dict[int, int]]:
        """The lines that read as a table's header, and for each the recognised line above it, if any."""
        heads: list[int] = []
        upper: dict[int, int] = {}          # a recognised line → the recognised line just above it
        for i, ln in enumerate(lines):
            # a line opening with an item number is an item, whatever header wordings its cells hold
            # (全社会 依申请公开: the labels of tick columns)
            if not is_number(ln.words[0]["text"]) and self._is_header(lines, i):
                j = heads[-1] if heads else -1
                if heads and _gap(lines[j], ln) <= 1.5 * lines[j].height and \
                        not any(is_number(lines[k].words[0]["text"]) for k in range(j + 1, i)):
                    # two header lines read as headers, one above the other (公开事项 公开对象 over
                    # 序号 过程 …): one header, found from the lower one; lines of cells printed in the
                    # middle of both rows may stand between them (责任科 / 室)
                    upper[i] = upper.get(heads[-1], heads[-1])
                    heads[-1] = i
                else:
                    heads.append(i)
        return heads, upper

    def page(self, words: list[Word], furniture: list[tuple[float, str]] = ()) -> list[TextTable]:
        """The tables on a page, top to bottom, from its words. `furniture`: lines (top, text) to leave
        out (page numbers, running headers), unless they are a table's header printed on every page."""
        lines = lines_of(words)
        before, self.printed = self.printed, words

        def candidate(i: int) -> bool:
            return all(any(abs(w["top"] - top) <= LINE_TOP and w["text"] in text for top, text in furniture)
                       for w in lines[i].words)

        if lines and (candidate(0) or candidate(len(lines) - 1)):
            # only above or below everything else: a table's row can repeat a line at the same place
            # on several pages, and its header printed on every page is no running header
            heads, upper = self._heads(lines)
            kept: set[int] = set()
            for h in heads:
                hs, he = self._header_lines(lines, h, upper, 0)
                kept.update(range(hs, he + 1))

            def furniture_line(i: int) -> bool:
                return i not in kept and candidate(i)
            a, b = 0, len(lines)
            while a < b and furniture_line(a):
                a += 1
            while b > a and furniture_line(b - 1):
                b -= 1
            lines = lines[a:b]
        out: list[TextTable] = []
        heads, upper = self._heads(lines)
        lo = 0
        cont = self.last
        self.last = None
        # headers printed again with a merge's text printed over them: as read without it, and its columns
        over: dict[int, set[int]] = {}
        cut_cols: dict[int, set[int]] = {}     # such a header → the columns of merges printed above and over it
        reads: dict[int, Line] = {}
        for h in heads if cont is not None and cont.header_words else ():
            if _text_key([lines[h]]) != cont.header:
                read, cs = _overprinted(lines[h], cont)
                if cs and _text_key([read]) == cont.header:
                    reads[h], over[h] = read, cs
        if cont is not None:
            # the table of the page before goes on here, in its columns, up to the next header
            stop = heads[0] if heads else len(lines)
            if heads:
                stop = self._header_lines(lines, heads[0], upper, 0)[0]
            end = stop - 1
            # only text of columns merged down, above the table's header printed again: that merged
            # cell's text, read under the header (below), not rows of their own
            margin = (heads and cont.sparse and _text_key([reads.get(heads[0], lines[heads[0]])]) == cont.header
                      and all(_merged_only(cont, ln) for ln in lines[:stop]))
            if heads and not margin and heads[0] in over and stop > 0:
                # the header printed again with a merge's text printed over it (its characters interleaved with
                # the header's, 公府开信依息据: 公开依据 and 府信息公开条例): LibreOffice Calc prints the text of a
                # merge cut by the page break in the middle of its whole span, on the break itself, from above
                # the header (in the page's margin) to below it. Lines above it holding only text of such
                # merges (the columns printed over the header, and those whose text runs into its line) are
                # those merges' text, read under the header, not rows of their own (which would split it)
                cuts = set(cont.sparse or ()) | over[heads[0]] | _running_into(cont, lines, heads[0])
                margin = all(_merged_only(cont, ln, cuts) for ln in lines[:stop])
                if margin:
                    cut_cols[heads[0]] = cuts
            if heads and not margin and stop > 0 and cont.key is not None \
                    and _text_key([reads.get(heads[0], lines[heads[0]])]) == cont.header:
                cuts = _merge_above(cont, lines[:stop], before)
                if cuts:
                    margin, cut_cols[heads[0]] = True, cuts
            cut = None
            if cont.header_only and cont.key is None and end >= 0:
                # the table's first page held its header only (at the page's foot): its key column is
                # judged here, from the first line with an item number in it (the lines above it may be
                # the header's lower part, its row cut by the page break: 序 / 号)
                numbered = next((i for i in range(end + 1) if any(
                    is_number(w["text"]) and cont.col((w["x0"] + w["x1"]) / 2) < 2 for w in lines[i].words)), None)
                if numbered is not None:
                    cont.key = self._key(cont, lines[numbered:end + 1])
                    cont.header_only, cut = False, numbered
            if end >= 0 and not margin and (self._numbered(cont, lines[0]) or not _crosses(cont, lines[0])):
                table, end = self._build(cont, lines, None, 0, end, cut)
                out.append(table)
                lo = end + 1
                self.last = cont if end == len(lines) - 1 else None
        i = 0
        while i < len(heads):
            h = heads[i]
            if h < lo:
                i += 1
                continue
            # (read without a merge's text printed over it only at the page's top: no row of the table
            # read above it, whose cells would hold the rest of that merge's text)
            read = reads.get(h, lines[h]) if lo == 0 else lines[h]
            key = _text_key([read])
            # the header printed again on a new page, where the page before's columns still stand (Excel
            # prints each sheet in its own column widths: the same header over other columns is another table)
            same = cont is not None and cont.header == key and self._stands_in(cont, read)
            # the header printed again on a new page: as many lines around its recognised one as on the
            # table's first page (a merged cell's text printed just under it is no part of it)
            hs, he = self._header_like(lines, h, lo, cont.header_extent) if same else self._header_lines(lines, h, upper, lo)
            hs = min(hs, upper.get(h, hs))
            if same and (cont.sparse or h in cut_cols):
                # above the header printed again, text of the columns merged down only: the merged cell
                # going on from the page before (LibreOffice prints its text where it falls, in the
                # page's margin too); read under the header, as the first row's
                while hs - 1 >= lo and _merged_only(cont, lines[hs - 1], cut_cols.get(h)):
                    hs -= 1
            nxt = next((k for k in heads[i + 1:] if k > he), None)
            # the next table's header from its upper row, if it has one (recognised above it, or not)
            stop = self._header_lines(lines, nxt, upper, he + 1)[0] - 1 if nxt is not None else len(lines) - 1
            header, body = lines[hs:he + 1], lines[he + 1:stop + 1]
            xs = cont.xs if same else self._columns(self._anchors(header), header, body)
            cols = _Columns(xs, None, header=key, header_extent=(lines[h].top - lines[hs].top,
                                                                  lines[he].bottom - lines[h].bottom),
                            header_at=[(w["text"], w["x0"]) for w in lines[h].words])
            if cont is not None and len(cont.xs) == len(xs) and all(
                    abs(a - b) <= SNAP for a, b in zip(cont.xs[1:-1], xs[1:-1])):
                # the same columns as the page before, within a few points (so the table goes on), its
                # outer edges widened to the words of this page; a header not printed where it stood on
                # the page before (another sheet, in widths a few points apart) over its own columns
                words = [w for ln in header + body for w in ln.words]
                cols = replace(cont, xs=[min(cont.xs[0], min(w["x0"] for w in words) - 1)] + xs[1:-1]
                               + [max(cont.xs[-1], max(w["x1"] for w in words) + 1)],
                               **({} if same else {"header_words": None, "header_at": cols.header_at,
                                                   "header_extent": cols.header_extent}))
            else:
                cols.centred = _centred_columns(cols, body)
                cols.key = self._key(cols, body)
                if cols.key is None:
                    cols.key = self._block_key(cols, body)
                    cols.blocks = cols.key is not None
            cols.overprinted = over.get(h, set()) if same and read is not lines[h] else set()
            table, end = self._build(cols, lines, (hs, he), he + 1, stop)
            out.append(table)
            self.last = cols if end == len(lines) - 1 else None
            lo = end + 1
            cont = None
            i += 1
        return out

    def _build(self, cols: _Columns, lines: list[Line], header, first: int, stop: int,
               judged_from: int | None = None) -> tuple[TextTable, int]:
        """The table whose body is among lines[first..stop] (and whose header, if any, is
        (first line, last line)): its cells, and the index of its last line. `judged_from`: where the
        rows begin that tell which columns are merged down, when lines above it are the lower part of
        the header, cut by the page break."""
        xs = cols.xs
        ncols = len(xs) - 1
        top = lines[header[0]].top - 0.5 if header else lines[first].top - 0.5
        going_on = cols.header_words is not None and not cols.header_only     # rows read on a page before
        if header and cols.header_words is None:     # the table's first page (a page going on has no header)
            cols.header_words = {w["text"] for ln in lines[header[0]:header[1] + 1] for w in ln.words}
        if stop < first:               # a header with no row under it on this page
            cols.header_only = True
            bottom = lines[header[1]].bottom + 0.5
            cells = self._header_cells(cols, lines[header[0]:header[1] + 1], top, bottom)
            return TextTable(cells), header[1]
        judged = cols.top_rows is None
        starts = self._row_starts(cols, lines, first, stop, going_on)
        # columns blank in a fifth of the rows or more (过程, 一级目录: merged down in the source) are set
        # aside while the rows are found: Excel prints a merged cell's text in the middle of its rows,
        # between two items, or below the last one. Judged on the table's first page with three rows;
        # columns whose text stands off a row's middle, on the first page with two
        # (`judged_from`: the first line of the rows that tell; above it, the header's lower part)
        told = [s for s in starts if s >= judged_from] if judged_from else starts
        if cols.sparse is None and len(told) >= 2 and cols.key is not None \
                and not any(told[0] <= k < told[1] for k in self._key_lines(cols, lines, first, stop)):
            # the page opens with the rest of a row the page break cut (no item number): its cells are the
            # few that ran on, no sign of columns merged down (with it, 10 of 14 columns of a print were set
            # aside: their rows' edges misplaced, one row's text given to the next from there on)
            told = told[1:]
        end = stop
        if cols.sparse is None and len(told) >= 2 and stop == len(lines) - 1 and cols.top_rows is False \
                and not cols.bottom_rows and stop > told[-1] and self._numbered(cols, lines[told[-1]]):
            # the table runs to the page's foot, and its last row there, in a table printed in the middle of its
            # rows, has its number on its first line and lines below: cut by the page break (Word prints the
            # part on this page from the top), its cells off its number's middle, blank where the rest is on
            # the next page; no sign of columns merged down (with it, 4 of 7 columns of a print were set aside)
            told, end = told[:-1], told[-1] - 1
        if cols.sparse is None and len(told) >= 2:
            sparse = self._sparse(cols, lines[told[0]:end + 1], told, told[0]) if len(told) >= 3 else set()
            off = self._off_centre(cols, lines[told[0]:end + 1], told, told[0], sparse)
            if len(told) >= 3 or off:
                cols.sparse = sparse | off
        sparse = cols.sparse or set()
        last = self._table_end(cols, lines, first, stop, starts)
        body = lines[first:last + 1]
        bottom = lines[last].bottom + 0.5
        upper = (lines[first - 1].bottom + lines[first].top) / 2 if header else top
        head = lines[header[0]:header[1] + 1] if header else []
        # a header printed again on a new page with a body text inside its lines (a merged cell's text
        # printed in the middle of its rows, just under the header): that text is the body's
        # (in a column a merge's text is printed over, the header's cell keeps all its lines' text: the `pdf`
        # reader parts the header's characters from the merge's, which go to the cell below)
        intruders = [w for ln in head for w in ln.words if w["text"] not in cols.header_words
                     and cols.col((w["x0"] + w["x1"]) / 2) not in cols.overprinted]
        moves: list[tuple[tuple[float, float, float, float], float]] = []
        if intruders:
            # moved, with the rest of their text in the column, to just under the header
            ids = {id(w) for w in intruders}
            head = lines_of([w for ln in head for w in ln.words if id(w) not in ids])
            rest = [w for ln in body for w in ln.words]
            for c in sorted({cols.col((w["x0"] + w["x1"]) / 2) for w in intruders}):
                block = sorted((w for w in intruders if cols.col((w["x0"] + w["x1"]) / 2) == c),
                               key=lambda w: w["top"])
                for w in sorted(rest, key=lambda w: w["top"]):
                    if (cols.col((w["x0"] + w["x1"]) / 2) == c and not _crosses_word(cols, w)
                            and w["top"] - max(v["bottom"] for v in block) <= WRAP * (w["bottom"] - w["top"])):
                        block.append(w)
                dy = upper + 0.5 - block[0]["top"]
                box = (xs[c], block[0]["top"] - 0.5, xs[c + 1], max(w["bottom"] for w in block) + 0.5)
                if any(box[0] <= (w["x0"] + w["x1"]) / 2 < box[2] and box[1] <= (w["top"] + w["bottom"]) / 2 < box[3]
                       for ln in head for w in ln.words):
                    # the header's own text stands between the block's lines (a merge's text printed over the
                    # page break, its lines between the header's: 相关信息形成或变更 / 公开时限 / 之日起): the block's
                    # lines moved, each alone, the header's text left where it is
                    moves += [((xs[c], ln.top - 0.1, xs[c + 1], ln.bottom + 0.1), dy) for ln in lines_of(block)]
                else:
                    moves.append((box, dy))
                ids = {id(w) for w in block}
                rest = [w for w in rest if id(w) not in ids] + [{**w, "top": w["top"] + dy, "printed": _printed(w),
                                                                  "bottom": w["bottom"] + dy} for w in block]
            body = lines_of(rest)
            bottom = max(bottom, body[-1].bottom + 0.5)
        if sparse:
            kept = [w for ln in body for w in ln.words
                    if _crosses_word(cols, w) or cols.col((w["x0"] + w["x1"]) / 2) not in sparse]
            rows_lines = lines_of(kept)
            if judged and not cols.placed:
                cols.top_rows = None      # judged again without the columns set aside
            starts = self._row_starts(cols, rows_lines, 0, len(rows_lines) - 1, going_on) if rows_lines else [0]
        elif intruders:
            rows_lines = body
            starts = self._row_starts(cols, rows_lines, 0, len(rows_lines) - 1, going_on)
        else:
            rows_lines, starts = body, [s - first for s in starts]
        over_head = {cols.col((w["x0"] + w["x1"]) / 2) for w in intruders} | (cols.overprinted if head else set())
        if over_head and len(starts) > 1 and all(cols.col((w["x0"] + w["x1"]) / 2) in over_head
                                                 for ln in rows_lines[starts[0]:starts[1]] for w in ln.words):
            # lines above the first row's own cells holding only the text of merges printed over the header
            # (moved under it, or the rest of their text below it) are the first row's: that merge going on
            # over it, not the rest of a row the page break cut (which, added to the page before's last row,
            # gave it the merge's text twice: LibreOffice Calc prints it on each page the merge spans)
            starts = starts[:1] + starts[2:]
        edges = [upper] + [(rows_lines[s - 1].bottom + rows_lines[s].top) / 2 for s in starts[1:]] + [bottom]
        if sparse and cols.top_rows:
            edges = _below_own_lines(edges, [rows_lines[s].top for s in starts], body)
        groups = [rows_lines[s:(starts[k + 1] if k + 1 < len(starts) else len(rows_lines))]
                  for k, s in enumerate(starts)]
        if cols.valign is None:
            cols.valign = _valign(cols, groups, sparse)
        cells = self._header_cells(cols, head, top, upper) if header else []
        if head:
            cols.names = [cols.names[c] if c in cols.overprinted and cols.names else
                          "".join(w["text"] for ln in head for w in ln.words if not _crosses_word(cols, w)
                                  and cols.col((w["x0"] + w["x1"]) / 2) == c) for c in range(ncols)]
        # each slot (row, column) gets one cell: texts of columns set aside over the rows they stand for,
        # words running over column boundaries over the columns they cover, else a cell of its own
        nrows = len(groups)
        taken = [[False] * ncols for _ in range(nrows)]

        leading = _leading(cols, groups, sparse)
        dense = [c for c in range(ncols) if c not in sparse and c != cols.key]
        numbers = [next((w for ln in g for w in ln.words if cols.key is not None and is_number(w["text"])
                         and cols.col((w["x0"] + w["x1"]) / 2) == cols.key), None) for g in groups]
        tops = [n["top"] if n else g[0].top if g else edges[r] for r, (n, g) in enumerate(zip(numbers, groups))]
        spans_of: dict[int, list[tuple[int, int]]] = {}
        centred: dict[int, list[tuple[int, int]]] = {}     # tiling, every text in its own row's middle
        for c in sparse:
            tile = not dense or c < dense[0]
            exact = None if tile else self._spans(cols, c, body, edges, leading, tile=True, tops=tops, exact=True,
                                                   numbers=numbers)
            if exact and not exact[1] and cols.names and cols.names[c]:
                centred[c] = exact[0]
            elif exact and cols.names and cols.names[c]:
                self.merged.add(cols.names[c])
            spans_of[c] = exact[0] if exact and exact[1] else self._spans(cols, c, body, edges, leading,
                                                                          tile=tile, tops=tops,
                                                                          carried=cols.open_merges.get(c))
        for c, spans in _proven(spans_of, centred).items():
            if cols.names[c] in self.merged:
                spans_of[c] = spans
            else:
                self.declined.add(cols.names[c])
        # merges reaching the page's foot, which may go on (their height so far, for the next page's texts)
        open_merges: dict[int, tuple[str, float]] = {}
        for c in sparse:
            spans = spans_of[c]
            if spans and spans[-1][1] == nrows - 1:
                a = spans[-1][0]
                ws = [w for ln in body for w in ln.words if not _crosses_word(cols, w)
                      and cols.col((w["x0"] + w["x1"]) / 2) == c and w["top"] >= edges[a] - 0.5]
                text = "".join(w["text"] for w in ws)
                going = cols.open_merges.get(c)
                if a == 0 and going and going[0] == text:
                    open_merges[c] = going          # going on from the page before, maybe on to the next
                elif ws:
                    # printed below the middle of its rows on this page: the middle of a merge going on
                    mid = (min(_printed(w)[0] for w in ws) + max(_printed(w)[1] for w in ws)) / 2
                    tol = max(LINE_TOP, 0.25 * min(edges[i + 1] - edges[i] for i in range(a, nrows)))
                    if mid > (edges[a] + edges[nrows]) / 2 + tol:
                        open_merges[c] = (text, mid - edges[a])
            elif not spans and c in cols.open_merges:
                open_merges[c] = cols.open_merges[c]
        cols.open_merges = open_merges
        for c in sparse:
            for a, b in spans_of[c]:
                if b > a:
                    cells.append((xs[c], edges[a], xs[c + 1], edges[b + 1]))
                    for r in range(a, b + 1):
                        taken[r][c] = True
        for r, row in enumerate(groups):
            for c0, c1 in _merges(cols, row).items():
                if not any(taken[r][c0:c1 + 1]):
                    cells.append((xs[c0], edges[r], xs[c1 + 1], edges[r + 1]))
                    taken[r][c0:c1 + 1] = [True] * (c1 + 1 - c0)
            cells += [(xs[c], edges[r], xs[c + 1], edges[r + 1]) for c in range(ncols) if not taken[r][c]]
        owned = [((w["x0"] - 0.1, _printed(w)[0] - 0.1, w["x1"] + 0.1, _printed(w)[1] + 0.1),
                  cols.centred[cols.col((w["x0"] + w["x1"]) / 2)])
                 for ln in body for w in ln.words
                 if cols.col(w["x0"] + 1) != cols.col(w["x1"] - OVERSHOOT) and _own_centred(cols, w)]
        return TextTable(cells, moves, owned=owned), last

    def _sparse(self, cols: _Columns, body: list[Line], starts: list[int], first: int) -> set[int]:
        """Columns (not the key) with text on some rows but fewer than SPARSE of them."""
        if cols.key is None:
            return set()
        bounds = [s - first for s in starts] + [len(body)]
        filled = []
        for r in range(len(starts)):
            row = body[bounds[r]:bounds[r + 1]]
            if all(_section_line(ln) for ln in row):
                continue        # a section's row across the table (一、机构信息): no row of items' cells
            filled.append({cols.col((w["x0"] + w["x1"]) / 2) for ln in row for w in ln.words
                           if not _crosses_word(cols, w)})
        ncols = len(cols.xs) - 1
        return {c for c in range(ncols) if c != cols.key
                and 0 < sum(c in f for f in filled) < SPARSE * len(filled)}

    @staticmethod
    def _off_centre(cols: _Columns, body: list[Line], starts: list[int], first: int, sparse: set[int]) -> set[int]:
        """Columns whose text stands off its row's place in some row: in a table printed in the middle
        of its rows, off the item number's middle (a merged cell's lines over the edge of two rows, 财政资 /
        金 for two items); printed at the top, not starting at the number's top (a merged cell's text
        running on below its first row). Such text prints on every row, yet is no row's own cells."""
        bounds = [s - first for s in starts] + [len(body)]
        groups = [body[bounds[r]:bounds[r + 1]] for r in range(len(starts))]
        valign = _valign(cols, groups, sparse)
        if valign is None:
            return set()
        place = {"top": lambda t, b: t, "middle": lambda t, b: (t + b) / 2, "bottom": lambda t, b: b}[valign]
        off: set[int] = set()
        for row in groups:
            words = [w for ln in row for w in ln.words if not _crosses_word(cols, w)]
            keys = [w for w in words if cols.col((w["x0"] + w["x1"]) / 2) == cols.key and is_number(w["text"])]
            if len(keys) != 1:
                continue
            at = place(keys[0]["top"], keys[0]["bottom"])
            tol = max(LINE_TOP, 0.4 * (keys[0]["bottom"] - keys[0]["top"]))
            off |= {c for c, (t, b, _) in _column_spans(cols, row, sparse).items()
                    if c != cols.key and abs(place(t, b) - at) > tol}
        return off

    def _spans(self, cols: _Columns, c: int, body: list[Line], edges: list[float], leading: float | None,
               tile: bool, tops: list[float] | None = None, exact: bool = False,
               numbers: list[Word | None] | None = None, carried: tuple[str, float] | None = None
               ) -> list[tuple[int, int]] | tuple[list[tuple[int, int]], bool] | None:
        """The rows (first, last) each text of column c stands for. Printed at the top (or bottom) of its
        cell: its own row, the rows below take it by `inherit`. Printed in the middle, in a column left
        of every column filled on most rows (`tile`: 过程, 一级目录, the category path a catalogue merges
        down): the rows whose middle is its middle, starting with the row after the last text's rows
        where that fits. Elsewhere a text is its own row's (备注, a tick column), unless, printed in the
        middle, it stands off its row's middle or over the row's edges: a merged cell's text (公开依据 for
        two items), over the fewest rows whose middle is its middle.

        `exact`: the spans only if the column's texts, printed in the middle, tile it exactly: each text
        the middle of the rows from the last one's end (a quarter row's height off at most), the last
        ending at the table's foot, and one text at least standing off its own row's middle (over rows
        of other heights, or over the edge of two; its row's middle is where its item number, in
        `numbers`, stands, as the row's own cells do): (spans, True); tiling so with every text in the
        middle of its own row: (spans, False); else None. A column further right (公开主体, 公开依据,
        公开时限 merged over each category or the whole table) is read so when it does. (A text in the
        middle of its own row with blank rows above and below it as tall as each other, a 备注 on one
        row, is printed as the merge over the three would be: it stays its row's, unless `_proven`.)

        `carried`: the text of the merge that reached the foot of the page before, printed below the middle
        of its rows there, and how far below the merge's top it stood. LibreOffice prints a merge's text on
        every page the merge spans, each where the middle of the whole merge falls with its rows laid out
        from that page's (above its top, below its foot): so half the merge's height, and the page's first
        text, where it is that text again, ends the merge that far below its middle (`_going_on`), not
        where its middle on this page would."""
        nrows = len(edges) - 1
        if exact and cols.valign != "middle":
            return None

        def row_of(y: float) -> int:
            return min(max(bisect_right(edges, y) - 1, 0), nrows - 1)

        blocks: list[list] = []               # [top, bottom, characters, text, where printed] of each text
        for ln in body:
            for w in ln.words:
                if _crosses_word(cols, w) or cols.col((w["x0"] + w["x1"]) / 2) != c:
                    continue
                # the lines of one cell are as far apart as the lines of the other columns' cells; printed
                # at the top, a text starting where its row starts is a cell of its own
                wrap = leading + 1.0 if leading is not None else WRAP * (w["bottom"] - w["top"])
                own = (cols.valign in ("top", None) and tops is not None
                       and abs(w["top"] - tops[row_of(w["top"] + 1)]) <= LINE_TOP)
                if blocks and w["top"] - blocks[-1][1] <= wrap and not own:
                    blocks[-1][1] = max(blocks[-1][1], w["bottom"])
                    blocks[-1][2] += len(w["text"])
                    blocks[-1][3] += w["text"]
                    blocks[-1][4] = (blocks[-1][4][0], max(blocks[-1][4][1], _printed(w)[1]))
                else:
                    blocks.append([w["top"], w["bottom"], len(w["text"]), w["text"], _printed(w)])

        out: list[tuple[int, int]] = []
        free = 0               # the first row no text has taken yet
        seen = False           # (exact) a text over several rows that could not be its one row's
        for k, (t, b, size, text, printed) in enumerate(blocks):
            part = self._part_rows(edges, (cols.xs[c], cols.xs[c + 1]), t, b)
            if part is not None and part[0] >= free and size > MARK:
                # the print clips the text to its merge's part: the rows it covers are known
                out.append(part)
                free = part[1] + 1
                seen = seen or part[0] < part[1]
                continue
            if cols.valign == "bottom":
                r = row_of(b - 1)
            elif cols.valign == "top" or cols.valign is None:
                r = row_of(t + 1)
            else:
                r = row_of((t + b) / 2)
            mid = (t + b) / 2
            limit = row_of((blocks[k + 1][0] + blocks[k + 1][1]) / 2) - 1 if k + 1 < len(blocks) else nrows - 1
            if cols.valign in ("top", None) and r >= free and size > MARK and row_of(b - 1) > r:
                # printed at the top (or cells of one line: where is not known), running on below its
                # row: a merged cell's text over the rows it reaches
                out.append((r, row_of(b - 1)))
                free = row_of(b - 1) + 1
                continue
            if exact and (size <= MARK or r < free):
                return None
            # a mark (√, ■, 是) is its own row's: a tick column is blank on most rows, not merged
            if cols.valign != "middle" or r < free or size <= MARK or not tile:
                if cols.valign == "middle" and r >= free and size > MARK and not self._centred_in(edges, r, t, b):
                    # off its row's middle, or over its edges: a merged cell's text in the middle of its
                    # rows (公开依据 merged over the table); the fewest rows whose middle is its middle
                    a, z = self._merged_rows(edges, row_of(t + 1), row_of(b - 1), mid, free, max(limit, r))
                    out.append((a, z))
                    free = z + 1
                elif r >= free:
                    out.append((r, r))
                    free = r + 1
                continue

            def fit(firsts, strict: bool = True) -> tuple[float, int, int] | None:
                """The rows (a, z) whose middle is nearest the text's, a among `firsts` (`strict`: within
                a quarter of a row's height)."""
                best = None
                for a in firsts:
                    for z in range(r, max(r, limit) + 1):
                        err = abs((edges[a] + edges[z + 1]) / 2 - mid)
                        if best is None or err < best[0] - 0.5:
                            best = (err, a, z)
                if best is None or not strict:
                    return best
                err, a, z = best
                return best if err <= max(LINE_TOP, 0.25 * min(edges[i + 1] - edges[i] for i in range(a, z + 1))) else None

            # merged cells tile a category column: the text's rows start where the last text's end (the
            # last row's foot, and a merge going on over the page break, are not seen: its rows end
            # where the middle fits best); at the top of a page, where the rows above the text may be
            # the last page's merge going on, only if its middle fits
            best = (self._going_on(edges, r, sum(printed) / 2, carried[1], max(limit, r))
                    if k == 0 and carried and carried[0] == text else None)
            best = best or fit([free], strict=free == 0 or exact) or (None if exact else fit(range(free + 1, r + 1)))
            if exact and best is None:
                return None
            a, z = (best[1], best[2]) if best else (r, r)
            out.append((a, z))
            free = z + 1
            seen = seen or a < z and not self._centred_in(edges, r, t, b, numbers[r] if numbers else None)
        if exact:
            return (out, seen) if free == nrows else None
        return out

    def _part_rows(self, edges: list[float], column: tuple[float, float], t: float, b: float) -> tuple[int, int] | None:
        """The rows (first, last) of the merge's part whose clip the text from t to b in `column` (its left and right
        edges) was drawn under (`parts`: one of the texts drawn there holds it, its middle in the column): those
        whose middle stands in the part. None without such a part."""
        top = next((p for p in self.parts for x0, y0, x1, y1 in p[2]
                    if column[0] <= (x0 + x1) / 2 < column[1] and y0 - 1 <= t and b <= y1 + 1), None)
        if top is None:
            return None
        rows = [r for r in range(len(edges) - 1) if top[0] <= (edges[r] + edges[r + 1]) / 2 <= top[1]]
        return (rows[0], rows[-1]) if rows else None

    @staticmethod
    def _going_on(edges: list[float], r: int, mid: float, half: float, limit: int) -> tuple[float, int, int] | None:
        """The rows (error, 0, z) of a merge going on from the pages before, its text's middle at `mid` (in
        row r), half the merge's height (`half`, as its text stood below its top on the page it began) above
        its foot: the row edge there (within a quarter of its rows' shortest; z from r to `limit`, the row
        before the next text's), or past the page's foot if that is further down and no text follows;
        else None."""
        nrows = len(edges) - 1
        foot = mid + half
        if limit == nrows - 1 and foot > edges[nrows] + LINE_TOP:
            return (0.0, 0, nrows - 1)
        z = min(range(r, limit + 1), key=lambda z: abs(edges[z + 1] - foot))
        err = abs(edges[z + 1] - foot)
        tol = max(LINE_TOP, 0.25 * min(edges[i + 1] - edges[i] for i in range(0, z + 1)))
        return (err, 0, z) if err <= tol else None

    @staticmethod
    def _centred_in(edges: list[float], r: int, t: float, b: float, number: Word | None = None) -> bool:
        """A text from t to b stands in row r as a cell of that row printed in its middle: the middle of
        the row's edges, or, given, of its item number (where the row's own cells are centred)."""
        if t < edges[r] - 1 or b > edges[r + 1] + 1:
            return False
        if number is not None:
            middle, tol = (number["top"] + number["bottom"]) / 2, max(LINE_TOP, 0.4 * (number["bottom"] - number["top"]))
        else:
            middle, tol = (edges[r] + edges[r + 1]) / 2, max(LINE_TOP, 0.25 * (edges[r + 1] - edges[r]))
        return abs((t + b) / 2 - middle) <= tol

    @staticmethod
    def _merged_rows(edges: list[float], first: int, last: int, mid: float, free: int,
                     limit: int) -> tuple[int, int]:
        """The fewest rows, from `first` or above (not above `free`) to `last` or below (not below `limit`),
        whose middle is `mid` (within a quarter of their shortest row); else first..last."""
        best = None
        for a in range(first, max(free, 0) - 1, -1):
            for z in range(last, max(limit, last) + 1):
                err = abs((edges[a] + edges[z + 1]) / 2 - mid)
                tol = max(LINE_TOP, 0.25 * min(edges[i + 1] - edges[i] for i in range(a, z + 1)))
                if err <= tol and (best is None or z - a < best[1] - best[0]
                                   or z - a == best[1] - best[0] and err < best[2]):
                    best = (a, z, err)
        return (best[0], best[1]) if best else (first, last)

    @staticmethod
    def _header_cells(cols: _Columns, header: list[Line], top: float,
                      bottom: float) -> list[tuple[float, float, float, float]]:
        """The header's cells: a cell per column over the whole header, except where a header cell
        spans columns: its cell over them above, a cell per column below. A span is seen two ways: a
        word running over column boundaries (text centred over the merge), or a column whose header
        has two cells, one under the other, beside columns whose header has only the lower one (text
        at the merge's left, as Word prints it)."""
        xs = cols.xs
        ncols = len(xs) - 1
        spans: dict[int, tuple[int, float, float]] = {}   # first column → (last column, upper's bottom, lower's top)
        taken: set[int] = set()
        for i, ln in enumerate(header):
            lower = [v for low in header[i + 1:] for v in low.words]
            for w in ln.words:
                # the columns a word spans: those it runs over, or those of the header words under it; a
                # word under two group names is the nearer one's (依申 under the end of 公开属性, a character
                # from 公开层级 over 县级 乡级: widened by a character, 公开层级 reached it)
                under = [cols.col((v["x0"] + v["x1"]) / 2) for v in _under(w, lower)
                         if all(_off(w, v) <= _off(o, v) for o in ln.words if o is not w)]
                c0 = min([cols.col(w["x0"] + 1)] + under)
                c1 = max([cols.col(w["x1"] - 1)] + under)
                below = [v["top"] for v in lower if c0 <= cols.col((v["x0"] + v["x1"]) / 2) <= c1]
                if c1 > c0 and below and c0 not in spans:
                    spans[c0] = (c1, w["bottom"], min(below))
                    taken.add(id(w))
        # each column's header words as cells one under the other (a gap wider than a wrapped line's)
        stacks: list[list[list[float]]] = [[] for _ in range(ncols)]     # [top, bottom] per cell
        for ln in header:
            for w in ln.words:
                if id(w) in taken:
                    continue
                st = stacks[cols.col((w["x0"] + w["x1"]) / 2)]
                if st and w["top"] - st[-1][1] <= WRAP * (w["bottom"] - w["top"]):
                    st[-1][1] = max(st[-1][1], w["bottom"])
                elif st and w["top"] <= st[-1][1]:
                    st[-1][1] = max(st[-1][1], w["bottom"])
                else:
                    st.append([w["top"], w["bottom"]])
        c = 0
        while c < ncols:
            if c not in spans and len(stacks[c]) >= 2:
                upper, lower = stacks[c][-2], stacks[c][-1]
                c1 = c
                while (c1 + 1 < ncols and c1 + 1 not in spans and len(stacks[c1 + 1]) == 1
                       and stacks[c1 + 1][0][0] > upper[1] and abs(stacks[c1 + 1][0][0] - lower[0]) <= LINE_TOP):
                    c1 += 1
                if c1 > c:
                    spans[c] = (c1, upper[1], lower[0])
            c = spans[c][0] + 1 if c in spans else c + 1
        # one split for every span when they allow it: a header of two rows, as the ruled one
        common = None
        if spans and max(u for _, u, _ in spans.values()) < min(d for _, _, d in spans.values()):
            common = (max(u for _, u, _ in spans.values()) + min(d for _, _, d in spans.values())) / 2
        out = []
        c = 0
        while c < ncols:
            if c in spans:
                c1, upper, lower = spans[c]
                split = common if common is not None else (upper + lower) / 2
                out.append((xs[c], top, xs[c1 + 1], split))
                out += [(xs[k], split, xs[k + 1], bottom) for k in range(c, c1 + 1)]
                c = c1 + 1
            else:
                out.append((xs[c], top, xs[c + 1], bottom))
                c += 1
        return out


def _proven(spans_of: dict[int, list[tuple[int, int]]],
            centred: dict[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    """The columns of `centred` (set aside right of those filled on most rows, their texts tiling them exactly
    each in the middle of its own row, blank rows as tall around it) that may be merged: where each such
    text's rows are another column's merge (the category path's, or one printed off its rows' middle: same
    rows, so same middle). Excel prints 公开时限 merged over a category of equal rows in the middle of the
    middle row, as that row's own cell; so is a 备注 there: read merged only in a column shown merged down
    elsewhere in the document (a text off its rows' middle under the same header text: `TextTables.merged`)."""
    merges = {s for c, spans in spans_of.items() if c not in centred for s in spans if s[0] < s[1]}
    return {c: spans for c, spans in centred.items()
            if any(s[0] < s[1] for s in spans) and all(s in merges for s in spans if s[0] < s[1])}


def _below_own_lines(edges: list[float], tops: list[float], body: list[Line]) -> list[float]:
    """Row edges of a table whose rows open on their key's line (Word's cells, printed at the top), placed
    from the columns not set aside, moved down below every line of the set-aside columns that starts above
    the next row's first line: that text stands in its row, whose foot is under it. A 公开依据 of five lines
    beside cells of three was cut at the edge placed under the three, its last lines given to the next row's
    cell, and read as a merge over both rows swallowing the next row's own 公开依据 (a Word table without
    borders). A merged cell's text running on into the next row has its lines there level with that row's, so
    no line of it starts above the next row's first: it still crosses the edge and reads as a merge."""
    out = list(edges)
    for k in range(1, len(tops)):
        above = [ln.bottom for ln in body if ln.top < tops[k] - LINE_TOP]
        if above:
            out[k] = max(out[k], min((max(above) + tops[k]) / 2, tops[k] - 0.5))
    return out


def _leading(cols: _Columns, groups: list[list[Line]], sparse: set[int]) -> float | None:
    """The usual gap between two lines of one cell, from the cells of the columns not set aside."""
    gaps = []
    for row in groups:
        by_col: dict[int, list[Word]] = {}
        for ln in row:
            for w in ln.words:
                c = cols.col((w["x0"] + w["x1"]) / 2)
                if c not in sparse and not _crosses_word(cols, w):
                    by_col.setdefault(c, []).append(w)
        for ws in by_col.values():
            ws.sort(key=lambda w: w["top"])
            gaps += [b["top"] - a["bottom"] for a, b in zip(ws, ws[1:]) if b["top"] - a["top"] > LINE_TOP]
    if len(gaps) < 3:
        return None
    gaps.sort()
    return gaps[len(gaps) // 2]


def _column_spans(cols: _Columns, row: list[Line], sparse: set[int]) -> dict[int, list[float]]:
    """Column → [top, bottom, line height] of its text in one row's lines (columns set aside, and words
    running over a column boundary, left out)."""
    by_col: dict[int, list[float]] = {}
    for ln in row:
        for w in ln.words:
            c = cols.col((w["x0"] + w["x1"]) / 2)
            if c in sparse or _crosses_word(cols, w):
                continue
            span = by_col.setdefault(c, [w["top"], w["bottom"], w["bottom"] - w["top"]])
            span[0], span[1] = min(span[0], w["top"]), max(span[1], w["bottom"])
    return by_col


def _valign(cols: _Columns, groups: list[list[Line]], sparse: set[int]) -> str | None:
    """Where the table's cells print their text in their row: "top", "middle" or "bottom". In a row
    whose cells have different numbers of lines, the tops of their texts line up (Word, Excel's top),
    or their middles, or their bottoms (Excel's default): each such row votes for the closest."""
    votes = {"top": 0, "middle": 0, "bottom": 0}
    for row in groups:
        blocks = list(_column_spans(cols, row, sparse).values())
        if len(blocks) < 2 or max(b - t for t, b, _ in blocks) - min(b - t for t, b, _ in blocks) < min(
                h for _, _, h in blocks):
            continue            # cells of as many lines: any alignment prints them alike
        spread = {"top": [t for t, _, _ in blocks], "middle": [(t + b) / 2 for t, b, _ in blocks],
                  "bottom": [b for _, b, _ in blocks]}

        def lined_up(k: str) -> tuple[int, float]:
            # the cells lined up with the row's usual place (one column off it, a merged cell's text
            # printed over the row's edge, does not decide), then the spread
            vs = sorted(spread[k])
            mid = vs[len(vs) // 2]
            return sum(1 for v in vs if abs(v - mid) <= LINE_TOP), -(vs[-1] - vs[0])
        best = max(spread, key=lined_up)
        votes[best] += 1
    if sum(votes.values()) < 2:
        return None
    return max(votes, key=votes.get)


def without(got: str, want: str) -> str | None:
    """`got` without the characters of `want`: where it holds `want` whole, that; else where it holds its characters
    in order with others between them (two texts printed over each other), the shortest such run. None: neither."""
    at = got.find(want)
    if at >= 0:
        return got[:at] + got[at + len(want):]
    best = None
    for start in (k for k, ch in enumerate(got) if ch == want[0]):
        picked, k = [start], start
        for ch in want[1:]:
            k = got.find(ch, k + 1)
            if k < 0:
                break
            picked.append(k)
        else:
            if best is None or picked[-1] - picked[0] < best[-1] - best[0]:
                best = picked
    if best is None:
        return None
    taken = set(best)
    return "".join(ch for k, ch in enumerate(got) if k not in taken)


def _overprinted(line: Line, cols: _Columns) -> tuple[Line, set[int]]:
    """The header's recognised line printed again, with a merged cell's text printed over it where it falls
    (LibreOffice prints a merge's text in the middle of the whole merge, on the page break too), their
    characters read as one word (过领程域: 过程 under 重点领域 / 信息公开): each word that is no header word but
    holds one (of two characters or more) in order with others between or around it, as that header word;
    and the columns of those words."""
    words, over = [], set()
    for w in line.words:
        if cols.header_words and w["text"] not in cols.header_words:
            hw = max((h for h in cols.header_words if 2 <= len(h) < len(w["text"]) and without(w["text"], h)),
                     key=len, default=None)
            if hw is not None:
                words.append({**w, "text": hw})
                over.add(cols.col((w["x0"] + w["x1"]) / 2))
                continue
        words.append(w)
    return Line(words, line.top, line.bottom), over


def _printed(w: Word) -> tuple[float, float]:
    """Where a word was printed (top, bottom), before it was moved (a merged cell's text in the page's
    margin, read under the header)."""
    return w.get("printed", (w["top"], w["bottom"]))


def _text_key(lines: list[Line]) -> str:
    return "".join(w["text"] for ln in lines for w in ln.words)


def _spaced_out(words: list[Word]) -> list[Word]:
    """A line's words with runs of one-character words a little apart (序  号, 公 开 依 据: a header
    printed with spaces between its characters) joined into one."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (prev is not None and len(w["text"]) == 1 and prev.get("spaced", len(prev["text"]) == 1)
                and w["x0"] - prev["x1"] < 1.2 * (w["bottom"] - w["top"])):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"], "spaced": True,
                       "bottom": max(prev["bottom"], w["bottom"])}
        else:
            out.append(w)
    return out


def _stacked_words(words: list[Word]) -> list[Word]:
    """Words one under the other (x extents overlapping) as one word, their texts top to bottom."""
    groups: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if groups and w["x0"] < max(v["x1"] for v in groups[-1]):
            groups[-1].append(w)
        else:
            groups.append([w])
    return [{**g[0], "text": "".join(v["text"] for v in sorted(g, key=lambda v: v["top"])),
             "x1": max(v["x1"] for v in g)} for g in groups]


def _over_one(w: Word, lower: list[Word]) -> bool:
    """The word stands in one column of the header below it: over one of its words (a cell wrapped,
    公开 over 时限) or none (a cell of one line printed in the middle of a taller header: 序号), not
    reaching over the gap between two of them (a title); or it names a group."""
    lower = sorted((v for v in lower if v["top"] > w["top"]), key=lambda v: v["x0"])
    over = [v for v in lower if v["x0"] < w["x1"] and v["x1"] > w["x0"]]
    if len(over) > 1 and _stacked(over):    # its cell's next lines, one under the other (公开 / 内容 / 和标 / 准)
        over = [min(over, key=lambda v: v["top"])]
    if len(over) == 1 and len(w["text"]) <= CELL_PART and _aligned(w, over[0]):
        return True     # its cell's next line, under it (咨询及监督举报电 / 话): however wide, no title
    # a title reaches over the middle of the gap between two header words to one of them (a word over a
    # column with no word under it, 时限, stands over the middle of the gap between its neighbours' words,
    # reaching neither)
    spans_gap = any(w["x0"] < (a["x1"] + b["x0"]) / 2 < w["x1"] and (w["x0"] <= a["x1"] or w["x1"] >= b["x0"])
                    for a, b in zip(lower, lower[1:]) if b["x0"] > a["x1"])
    if len(over) <= 1 and len(w["text"]) <= CELL_PART and not spans_gap:
        return True
    return _names_group(w, lower)


def _off_cell(w: Word, lower: list[Word]) -> bool:
    """w stands over one header word of a row below it (a wrap's gap or more under it), neither left-aligned
    nor centred with it: no line of that word's cell but the name of a group centred over several columns,
    narrower than the one it stands in (公开事项 over 事项类别, 二级事项, 三级事项, over the middle one's
    word only, off its middle); no anchor (it would stretch that column's towards the next column's text)."""
    gap = WRAP * (w["bottom"] - w["top"])
    over = [v for v in lower if v["top"] - w["bottom"] >= gap and v["x0"] < w["x1"] and v["x1"] > w["x0"]]
    return len(over) == 1 and not _aligned(w, over[0])


def _aligned(w: Word, v: Word) -> bool:
    """v stands under w as the next line of one cell does: in the same size, both left-aligned or both
    centred (a title is printed larger)."""
    size = w["bottom"] - w["top"]
    if abs(size - (v["bottom"] - v["top"])) > 0.1 * size:
        return False
    return abs(w["x0"] - v["x0"]) <= size / 2 or abs((w["x0"] + w["x1"]) - (v["x0"] + v["x1"])) <= size


def _names_group(w: Word, lower: list[Word]) -> bool:
    """The word reads as a header cell over a group of columns (公开对象 over 全社会, 特定群众): a few
    characters over two or more header words side by side, not over most of them (a title)."""
    return bool(_group(w, lower))


def _group(w: Word, lower: list[Word]) -> list[Word]:
    """The header words w names as a group (`_names_group`), or none."""
    under = _under(w, lower)
    ok = len(w["text"]) <= GROUP_NAME and 2 <= len(under) <= max(2, len(lower) // 3) and not _stacked(under)
    return under if ok else []


def _upper_row(line: Line, lower: list[Word]) -> bool:
    """A line that may be a header's upper row: short words (no title, no item number), each over a
    header word below it and over no more than a third of them."""
    for w in line.words:
        pad = w["bottom"] - w["top"]
        over = [v for v in lower if v["top"] > w["top"] and v["x0"] < w["x1"] + pad and v["x1"] > w["x0"] - pad]
        if len(w["text"]) > GROUP_NAME or is_number(w["text"]) or not over or len(over) > max(2, len(lower) // 3):
            return False
    return bool(line.words)


def _sub_header(upper: list[Word], lower: list[Word]) -> bool:
    """Every word of `lower` stands under a word of `upper` that names a group of them (`_centred_group`)."""
    grouped = [u for w in upper for u in _centred_group(w, upper, lower)]
    return bool(grouped) and all(any(v is u for u in grouped) for v in lower)


def _centred_group(w: Word, upper: list[Word], lower: list[Word]) -> list[Word]:
    """The words of `lower` that w names as a group (`_group`), and beside them those under no word of
    `upper` while taking them in brings the group's middle nearer w's: a name centred over three
    sub-headers or more reaches, a character wide, only the middle ones (公开事项 over 一级目录,
    二级事项, 三级事项)."""
    group = _group(w, lower)
    if not group:
        return group
    row = sorted(lower, key=lambda v: v["x0"])
    free = [not any(u["x0"] < v["x1"] and u["x1"] > v["x0"] for u in upper) for v in row]
    picked = [i for i, v in enumerate(row) if any(v is u for u in group)]
    a, b = min(picked), max(picked)
    mid = (w["x0"] + w["x1"]) / 2

    def off(i: int, j: int) -> float:
        return abs((row[i]["x0"] + row[j]["x1"]) / 2 - mid)
    while True:
        wider = [(off(i, j), i, j) for i, j, k in ((a - 1, b, a - 1), (a, b + 1, b + 1))
                 if 0 <= k < len(row) and free[k]]
        if not wider or min(wider)[0] >= off(a, b):
            return row[a:b + 1]
        _, a, b = min(wider)


def _off(w: Word, v: Word) -> float:
    """How far the middle of word v stands beside word w, left or right (0: under or over it)."""
    mid = (v["x0"] + v["x1"]) / 2
    return max(w["x0"] - mid, mid - w["x1"], 0.0)


def _under(w: Word, lower: list[Word]) -> list[Word]:
    """The header words below w that w spans: w stands over no one word as its cell's next line (left-
    aligned or centred with it, its middle over it: that cell wrapped), and over words centred on both
    sides of its middle, its extent widened by a character (a cell centred over two sub-headers is often
    narrower than they are; a narrow sub-header and a wide one put the middle over the wide one)."""
    mid = (w["x0"] + w["x1"]) / 2
    lower = [v for v in lower if v["top"] > w["top"]]
    pad = w["bottom"] - w["top"]
    # (over words of two columns, not only one stack of a cell's lines: a group name printed at the left of
    # its merge, as Word does, stands aligned with the first sub-header and its middle may be over it)
    over = [v for v in lower if v["x0"] < w["x1"] - pad / 4 and v["x1"] > w["x0"] + pad / 4]
    sides = len(over) >= 2 and not _stacked(over)
    if not sides and any(v["x0"] <= mid <= v["x1"] and _aligned(w, v) and not _overflows(w, v, lower) for v in lower):
        return []
    near = [v for v in lower if v["x0"] < w["x1"] + pad and v["x1"] > w["x0"] - pad]
    if not (any(v["x0"] + v["x1"] < 2 * mid for v in near) and any(v["x0"] + v["x1"] > 2 * mid for v in near)):
        return []
    return near


def _overflows(w: Word, v: Word, lower: list[Word]) -> bool:
    """w is a character or more wider than v, whose cell wraps (a word just under or over it, in its column):
    w does not fit in v's column, so it is no line of v's cell (公开事项 over 一级目 / 录, at the left of its
    merge)."""
    size = v["bottom"] - v["top"]
    wraps = any(u is not v and (0 < u["top"] - v["bottom"] <= size or 0 < v["top"] - u["bottom"] <= size)
                and u["x0"] < v["x1"] and u["x1"] > v["x0"] for u in lower)
    return wraps and (w["x1"] - w["x0"]) - (v["x1"] - v["x0"]) >= 0.9 * size


def _stacked(words: list[Word]) -> bool:
    """Words printed one under the other (a cell wrapped), not side by side."""
    ws = sorted(words, key=lambda w: w["x0"])
    return all(b["x0"] < a["x1"] for a, b in zip(ws, ws[1:]))


def _block_starts(cols: _Columns, c: int, lines: list[Line]) -> list[int]:
    """Indices of the lines where a text of column c starts: its first line, and each line of it
    further below the column's line above than a wrapped line stands."""
    out, prev = [], None
    for i, ln in enumerate(lines):
        ws = [w for w in ln.words if cols.col((w["x0"] + w["x1"]) / 2) == c and not _crosses_word(cols, w)]
        if not ws:
            continue
        top = min(w["top"] for w in ws)
        if prev is None or top - prev > WRAP * max(w["bottom"] - w["top"] for w in ws):
            out.append(i)
        prev = max(w["bottom"] for w in ws)
    return out


def _one_row(cols: _Columns, lines: list[Line]) -> bool:
    """The lines are one row: two columns or more hold a text, none more than one (a cell's lines, apart by less
    than a wrap, are one text: a list of channels a line each), and all of them stand across one level (a page
    holding one item, each cell printed in its row's middle, or at its top). Without a key column to open rows,
    its lines would each be read as a row."""
    spans = []
    for c in range(len(cols.xs) - 1):
        ws = [w for ln in lines for w in ln.words if cols.col((w["x0"] + w["x1"]) / 2) == c and not _crosses_word(cols, w)]
        if not ws:
            continue
        if len(_block_starts(cols, c, lines_of(ws))) > 1:
            return False
        spans.append((min(w["top"] for w in ws), max(w["bottom"] for w in ws)))
    return len(spans) >= 2 and max(t for t, _ in spans) < min(b for _, b in spans)


def _merged_only(cols: _Columns, ln: Line, merged: set[int] | None = None) -> bool:
    """The line holds text of the columns set aside (merged down) only (or of the columns `merged`)."""
    merged = (cols.sparse or set()) if merged is None else merged
    return all(cols.col((w["x0"] + w["x1"]) / 2) in merged and not _crosses_word(cols, w) for w in ln.words)


def _running_into(cols: _Columns, lines: list[Line], h: int) -> set[int]:
    """The columns with text on the lines above line h (the header printed again) that runs down into h's
    height: a line of theirs above h reaching below h's top, or one below reaching above its bottom (a merge's
    text printed over the page break, its lines between the header's: 相关信息形成或变更 / 之日起 beside 公开时限)."""
    top, bottom = lines[h].top, lines[h].bottom
    above = {cols.col((w["x0"] + w["x1"]) / 2) for ln in lines[:h] for w in ln.words}
    near = [w for ln in lines[max(h - 2, 0):h + 3] if ln is not lines[h] for w in ln.words
            if w["top"] < bottom - 0.5 and w["bottom"] > top + 0.5]
    return {c for c in above if any(cols.col((w["x0"] + w["x1"]) / 2) == c and not _crosses_word(cols, w)
                                    for w in near)}


def _merge_above(cols: _Columns, above: list[Line], before: list[Word]) -> set[int]:
    """The columns of the lines `above` the table's header printed again, where they are merged cells' text going
    on from the page before: each word's text printed in its columns on the page before too (`before`: its words;
    a word running over a boundary, 府信息公开条例》（办公室 where two merges' texts meet, in parts), none in the key
    column (no row opens there). LibreOffice Calc prints a merge cut by the page break in the middle of its whole
    span on each page: on the next one from above the page's top, in its margin (where the print area clips it)
    or on down over the header. Columns filled on every row (公开依据, 公开时限 merged over a category of three rows,
    two on the page before) are not set aside as merged, so that text was read as a row of its own above the
    header: the table split in two there, and the text added again to the page before's last row (组织机构组织机构,
    办公室办公室). Else an empty set."""
    words = [w for ln in above for w in ln.words]
    if not words or any(cols.col((w["x0"] + w["x1"]) / 2) == cols.key for w in words):
        return set()
    printed: dict[int, str] = {}
    for w in before:
        c = cols.col((w["x0"] + w["x1"]) / 2)
        printed[c] = printed.get(c, "") + "\0" + w["text"]
    out: set[int] = set()
    for w in words:
        spans = range(cols.col(w["x0"] + 1), cols.col(w["x1"] - OVERSHOOT) + 1)
        text = w["text"]
        done = [True] + [False] * len(text)      # text[:i] is pieces each printed in one of its columns before
        for k in range(1, len(text) + 1):
            done[k] = any(done[a] and any(text[a:k] in printed.get(c, "") for c in spans) for a in range(k))
        if not done[-1]:
            return set()
        out.update(spans)
    return out


def _crosses_word(cols: _Columns, w: Word) -> bool:
    """The word runs over a column boundary (by more than a point on its left, more than OVERSHOOT on its
    right: a cell's text filling its column may end past the column's edge, into the room before the next
    column's text, where the boundary stands), and is no text of a column printed centred (`_own_centred`)."""
    return cols.col(w["x0"] + 1) != cols.col(w["x1"] - OVERSHOOT) and not _own_centred(cols, w)


def _own_centred(cols: _Columns, w: Word) -> bool:
    """The word is a text of the column its middle stands in, printed centred as that column's texts are
    (`_Columns.centred`: their middle to a point or so), over its boundaries into the columns either side only:
    a text on a later page wider than any on the page that placed the boundaries (双随机一公开 under 二级事项), no
    cell merged across (centred over the merge, its middle stands off the column's)."""
    mid = (w["x0"] + w["x1"]) / 2
    c = cols.col(mid)
    at = cols.centred.get(c)
    return (at is not None and abs(mid - at) <= max(1.5, 0.15 * (w["bottom"] - w["top"]))
            and cols.col(w["x0"] + 1) >= c - 1 and cols.col(w["x1"] - OVERSHOOT) <= c + 1)


def _centred_columns(cols: _Columns, body: list[Line]) -> dict[int, float]:
    """The columns whose texts may print centred, and the middle they share: each line's text in the column (its
    words there, within its boundaries) standing with its middle where the others do (within a point), on
    three quarters of its lines at least, two or more. A left-aligned column whose texts are of one width
    passes too, harmlessly: a text of it wider than the rest stands with its middle further right."""
    texts: dict[int, list[float]] = {}
    for ln in body:
        by_col: dict[int, list[Word]] = {}
        for w in ln.words:
            if not _crosses_word(cols, w):
                by_col.setdefault(cols.col((w["x0"] + w["x1"]) / 2), []).append(w)
        for c, ws in by_col.items():
            texts.setdefault(c, []).append((min(w["x0"] for w in ws) + max(w["x1"] for w in ws)) / 2)
    out: dict[int, float] = {}
    for c, mids in texts.items():
        at = sorted(mids)[len(mids) // 2]
        on = sum(1 for m in mids if abs(m - at) <= 1.0)
        if on >= 2 and 4 * on >= 3 * len(mids):
            out[c] = at
    return out


def _column_start(body: list[Line], lo: float, hi: float) -> float | None:
    """Where texts starting between x = lo and hi start, when half of them at least (two or more) start within a
    point of the leftmost: a left-aligned column's edge; None if they start anywhere (a line's later words).
    Where those texts all end before another text starts, further right, they are the column's before, printed
    past its header word (Calc right-aligns numbers: 序号's 1 under its end, 一级事项's 安置政策 just after it), and
    the next column starts where the leftmost of those later texts does."""
    spans = [(w["x0"], w["x1"]) for ln in body for w in ln.words if lo + 0.5 < w["x0"] < hi - 0.5 and not w.get("joined")]
    if len(spans) < 2:
        return None
    first = min(x for x, _ in spans)
    same = sum(1 for x, _ in spans if x - first <= 1.0)
    if not (same >= 2 and 2 * same >= len(spans)):
        return None
    end = max(b for a, b in spans if a - first <= 1.0)
    return min((a for a, _ in spans if a >= end), default=first)


def _section_line(ln: Line) -> bool:
    """A line holding a section's numbered title only (一、机构信息, （二）政策文件, 第三部分 …): in a table printed
    without borders, a row across it (the section's), never a header's or an item's line."""
    words = _phrases(ln.words)
    if len(words) != 1:
        return False
    m = SECTION_NUMBER.match(words[0]["text"])
    return m is not None and bool(words[0]["text"][m.end():].strip())


def _centred_on(cols: _Columns, ln: Line) -> bool:
    """The line's text stands in the middle of the table (a title over it: Excel's merge and centre), within a
    twentieth of its width."""
    left, right = cols.xs[0], cols.xs[-1]
    mid = (min(w["x0"] for w in ln.words) + max(w["x1"] for w in ln.words)) / 2
    return abs(mid - (left + right) / 2) <= 0.05 * (right - left)


def _crosses(cols: _Columns, ln: Line) -> bool:
    return any(_crosses_word(cols, w) for w in ln.words)


def _merges(cols: _Columns, row: list[Line]) -> dict[int, int]:
    """Columns merged in a row: a word running over boundaries joins the columns it covers."""
    out: dict[int, int] = {}
    for ln in row:
        for w in ln.words:
            c0, c1 = cols.col(w["x0"] + 1), cols.col(w["x1"] - OVERSHOOT)
            if c1 > c0 and not _own_centred(cols, w):
                out[c0] = max(out.get(c0, c0), c1)
    # chains: a merge starting inside another one extends it
    for c0 in sorted(out):
        if c0 in out:
            for k in range(c0 + 1, out[c0] + 1):
                if k in out:
                    out[c0] = max(out[c0], out.pop(k))
    return out


def numbered_rows(words: list[Word], xs: list[float]) -> list[float] | None:
    """Row boundaries (y, top to bottom, between rows) in a band of a ruled table whose rows are not
    ruled (lines drawn between its columns only): `words` the band's, `xs` its column boundaries. Each
    item number in the first two columns opens a row, as in a table printed without borders; None when
    the band holds one item number or none."""
    cols = _Columns(list(xs), None)
    lines = lines_of(words)
    if not lines:
        return None
    cols.key = TextTables._key(cols, lines)
    if cols.key is None or sum(TextTables._numbered(cols, ln) for ln in lines) < 2:
        return None
    found = TextTables(probe=lambda texts: False)
    starts = found._row_starts(cols, lines, 0, len(lines) - 1)
    return [(lines[s - 1].bottom + lines[s].top) / 2 for s in starts[1:]]
