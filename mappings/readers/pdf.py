"""Layout `pdf`: the tables of a PDF printed from Word, Excel or WPS, read from its text layer and
its ruling lines with pdfplumber (or, printed without lines, from where its text stands: pdfgrid).

pdfplumber finds each page's tables by their ruling lines (`find_tables()`, "lines" strategy) and
gives every real cell as a rectangle (`Table.cells`): a merged cell is one rectangle over several row
and column bands, so merges are read from the lines the document draws, as in Word or Excel. Where
most of a page's column rules end together near its foot (or start together near its head) with no rule
across them, a line is added there (`_open_ends`): Chromium's "save as PDF" cuts a row at a page break
without closing it, and pdfplumber's table would stop at the last full rule, leaving the cut part out.
Characters that are CJK radicals standing for ideographs (Chromium writes 人 as ⼈) are those ideographs.
pdfplumber reads pages one at a time; a catalogue is one table printed over many pages. What this
module adds, and why pdfplumber alone is not enough:

  - grid: each page table's row bands and column bands are the distinct edges of its cells; a cell
    over several bands is a merge. Text belongs to the cell whose rectangle holds the character's
    centre (as in `Table.extract`), so text Excel prints in the middle of a 3-row merge belongs to
    all 3 rows. Characters are put in their cells in one pass over the page (bisecting the bands):
    `Table.extract` scans every character of the page once per row, and drops text where the ruling
    lines leave a hole; here a hole is a cell of its own. A character drawn across a row's top rule on the
    next line of the cell above is that cell's (`take_back_overruns`: a header row repeated shorter than its
    text, its last line printed over the row below).
  - frames: pdfplumber takes every rectangle's sides for rules, so the coloured boxes of a web page printed
    with its background graphics (a banner over a white content box) make a "table" round the catalogue. A
    table round another that is one row or one column of boxes, or whose boxes are painted with no line
    drawn along most of their sides (`_painted`: the page's drawn lines against the table's cells), is a
    frame, no table; a ruled table of rows and columns round another is the table, the other its cell's text.
  - one Grid per logical table: a page table that opens its page (nothing but page numbers and
    running headers above it, nothing after the previous table) and whose outer edges and most column
    boundaries line up with the table ending on the previous page continues that table. Its cells are
    mapped onto the first page's column boundaries by x position, so a page whose table lacks a column
    boundary gives a horizontal merge, not a shifted row.
  - rows cut by a page break (Word splits a tall row): the first body row of a continued page (after
    the header rows printed again: rows equal, whitespace aside, to one of the table's first rows) is
    the lower part of the previous page's last row when it is blank in the leftmost column that
    almost every body row fills (序号: ≥ 90 % of the body cells not covered by a merge) and that last
    row fills (not as part of a vertical merge): a new item has its number there; or where its number and that
    row's, a number wrapped in the narrow column and cut with it, make the one due (1 / 1 after 10:
    `_number_cut`). Without such a column (no 序号, every cell of the cut row going on: 定点零 / 售药店), it is
    that lower part when each cell it fills (three or more) goes on from a cell of the row above whose last
    line is full, no room left in it for what opens the cell below, and those last lines stand level at the
    cut (`_runs_on`: a line breaks there only because its text went on; hence the text's positions kept on
    each cell, `_line_ends`; in a table printed without borders too, its cells' right edges where pdfgrid
    puts the column boundaries, the same for the column's wrapped lines). Its texts are appended to the
    cells above with a line break (行政规范性 / 文件解读); it is not a row of its own.
    So is the first row of a table's second page when the first page holds only the table's header, cut
    (咨询及监督举报电 + 话: LibreOffice Writer breaks a header row over pages as any other).
  - merges over a page break: a blank cell opening a continued page, below the part of a vertical
    merge that ends the previous page (or below a filled cell in a column with vertical merges), is
    that merge; a blank merge part ending a page takes the text of the part opening the next one
    (Excel prints a merged cell's text in the middle of the whole span, maybe on the next page); two
    merge parts with the same text (or one cut at the page's edge), ending one page and opening the
    next, are one merge (LibreOffice prints the text on every page the merge spans, where it falls).
  - text outside tables: lines above a table are its `before`, lines after the last table the
    document's `after`; page numbers ("- 3 -", "第 3 页", "3/10") in the page margins (in words, 第 3 页 or
    - 3 -, anywhere: a sheet holding two pages prints the first one's number in its middle) and running
    headers/footers repeated on most pages are left out, and so are "续表" marks (they would also break
    a table's continuation).
  - a ruled table with lines between its columns but none between its rows (one tall row holding the
    item numbers 1, 2, 3 … on its lines): that row band is cut into rows at its item numbers, found as
    in a table without borders (pdfgrid.numbered_rows), and read again; the document then shows no
    merges (a warning says so).
  - tables printed without any line (no ruled table in the whole document): found by pdfgrid from the
    positions of the text, as page tables like the ruled ones, so that everything below applies. Where
    no table goes on from a page and the next one does not open with a table, the text below the page's
    tables is read again with the next page, moved to just above its first line: a header printed at the
    foot of a page, its row broken over the page break (`_header_over_break`). The pages are read again
    when a later page shows merged a column whose merges an earlier one printed as a row's own cells would
    be (pdfgrid: `TextTables.declined`). A merged cell's text printed at the top of its merge and running
    on into the next item's row, where it reads as that row's own cell, is one cell over both rows when the
    upper part leaves a bracket open and the lower closes it (…信息公开条 / 例》第二十条: `_join_split`).
  - lines outside every table that read as a table's rows (an item number, then two words or more), two or
    more on a page: a warning names the page and their count (a table whose header was not found; they
    are not read, and not dropped quietly).
  - merged cells' clips (`_visible_layout`): LibreOffice Calc draws a merged cell's text in the middle of the whole
    merge on every page it spans, clipped to the merge's part on the page, so that it may stand in the page's margin
    or below the table's last row, where nothing shows, or on one row of the part; it is read moved to the middle of
    its clip (the texts under a clip moved as one), and the parts join over the page breaks as any merge. A table
    printed without borders is told which rows each such part covers (pdfgrid: `TextTables.parts`).
  - characters: symbol-font check boxes (Wingdings U+F0FE …) become ■/□ as in the Word reader;
    characters printed twice at the same place (WPS's simulated bold) are read once; text turned a quarter (a
    narrow 类别 cell's 文字方向) is read in the direction it runs, up or down the page (`_turned_lines`).
  - OCR'd scans (a page image covering the page, its text an OCR layer over it): the spaces an OCR engine puts
    between Chinese words or characters (一级 事项, 公 开 内 容) part no words, as the paper shows none
    (`_glue_ocr_spaces`); a space between two Chinese characters of a PDF that is no scan is the text's own.
  - text at a slight slant, most of a page's turned alike (an OCR layer over a scan not deskewed: each line along
    the scan's slanted baseline), is read turned back by that angle (`_deskewed`): at 1° a line drifts 14 pt over
    a landscape page, and a row's cells would fall on other rows.

Rows are numbered 1, 2, 3 … over the whole logical table, every printed row counted (header rows
repeated on each page included: `assemble` drops them); a joined row keeps the upper row's number.
A merge's `span` runs from its top-left row to the last row it covers (over a page break, the header
rows printed in between are inside that extent but not covered: their cells are their own).
Provenance is `file.pdf#page=P&table=T&row=R`: T the table among the document's tables, R the row
among that table's rows printed on page P (the page as printed: a joined lower part counts there).
A scan (no text layer), a password-protected or corrupt file, and a PDF with neither a ruled table
nor a line reading as a table's header are refused with a message saying what to do.
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from .base import Cell, Document, Grid, ReadError, ReadOptions, column_part, fold_radicals, out_of_memory, read_bytes, remembered

# pdfminer logs a warning for every font whose descriptor it cannot measure (Chromium's prints: 130 lines
# "Could not get FontBBox …" for six pages, amid the build's progress); the reader's own warnings say what
# matters about the file
logging.getLogger("pdfminer").setLevel(logging.ERROR)
from ..cells import is_wide
from .office import UNKNOWN_SYMBOL, normalise_glyphs, symbol_glyph
from .pdfgrid import TextTables, is_number, numbered_rows, without

EDGE = 1.0          # points: cell edges this close are one band edge (pdfplumber has snapped the lines)
ALIGN = 4.0         # points: column boundaries this close on two pages are the same boundary
KEY_SHARE = 0.9     # a column filled in this share of body rows is one every item fills (序号)
MARGIN = 0.15       # page numbers are looked for in this share of the page height, top and bottom
HEADER_SCAN = 10    # the mapping's header row is looked for among this many first rows
OVERRUN = 0.4       # points: a character's top this far above a row's top rule ran over it from the cell above
LEVEL = 0.25        # points: … and its baseline this far above where the rows' own first baselines stand
LINE = 3.0          # points: characters whose tops are this close are on one line
SPACE_GAP = 1.0     # points: a space this close to the text on either side of it stands in that text's line

_SPACES = re.compile(r"\s+")
_INLINE_SPACES = re.compile(r"[^\S\n]+")
_DIGITS = re.compile("[0-9０-９]{1,4}")
#: a page number in words (第 3 页, 第1页 共2页, - 3 -, Page 3 of 10), not a bare number: a page number wherever it
#: stands, in the margins or not (a sheet holding two pages, 2-up, prints the first one's number in its middle)
_WORDED_PAGE = (r"[-—–－·•]\s*\d+\s*[-—–－·•]"                  # - 3 -, — 3 —, ·3·
                r"|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?"   # 第 3 页, 第3页 共10页
                r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"        # 共10页 第3页
                r"|(page|p\.)\s*\d+(\s*of\s*\d+)?")                # Page 3 of 10
_PAGE_WORDING = re.compile(_WORDED_PAGE, re.I)
#: a page number in the margins: in words, or a bare number (3, 3/10) that numbers the pages (`_drop_furniture`)
_BARE_PAGE = re.compile(r"(\d+)(\s*/\s*\d+)?")
# "续表" printed above a table going on from the previous page: a mark, not text before a new table
_CONTINUED = re.compile(r"[（(]?(续表|续上表|接上表)\s*[\d一二三四五六七八九十]*[)）]?[:：]?")


# ---------------------------------------------------------------------------------------------------
# Characters and lines
# ---------------------------------------------------------------------------------------------------

def _symbol_font(fontname: str) -> str | None:
    """The symbol font ('wingdings', 'wingdings 2', 'symbol') a PDF font name stands for, else None.
    PDF names carry a subset prefix and a style: 'ABCDEF+Wingdings-Regular', 'SymbolMT'."""
    base = fontname.split("+", 1)[-1].split(",")[0].split("-")[0].replace(" ", "").lower()
    return {"wingdings": "wingdings", "wingdings2": "wingdings 2", "symbol": "symbol",
            "symbolmt": "symbol"}.get(base)


class _Glyphs:
    """Symbol-font characters replaced by the glyphs the check-box reader knows (per font name, once), and
    CJK radicals standing for ideographs by those ideographs (`base.fold_radicals`)."""

    def __init__(self):
        self.fonts: dict[str, str | None] = {}
        self.unknown: set[str] = set()
        self.chars = 0                  # characters of the text layer, and those no font maps to a character:
        self.unmapped: dict[int, int] = {}   # page → count of "(cid:N)" (a font without ToUnicode)

    def fix(self, ch: dict) -> dict:
        name = ch.get("fontname") or ""
        font = self.fonts.get(name, "")
        if font == "":
            font = self.fonts[name] = _symbol_font(name)
        text = ch["text"]
        if font is None or len(text) != 1:
            if "\u2e80" <= text <= "\u2fdf":     # a radical for an ideograph (Chromium: 政府⽹站)
                return {**ch, "text": fold_radicals(text)}
            return ch
        o = ord(text)
        if not ((0x21 <= o <= 0xFF and o != 0xA0) or 0xF021 <= o <= 0xF0FF):
            return ch      # a character the symbol font lacks (Chinese in a fallback font)
        glyph = symbol_glyph(font, o)
        if glyph == UNKNOWN_SYMBOL:
            self.unknown.add(f"{font} {o:04X}")
        return {**ch, "text": glyph}


def _dedupe(chars: list[dict]) -> list[dict]:
    """The characters without those printed again at (almost) the same place: simulated bold draws
    each glyph twice, a third of a point apart, and would read 行行政政."""
    seen: dict[str, list[tuple[float, float]]] = {}
    out = []
    for ch in chars:
        text = ch["text"]
        if text.isspace():
            out.append(ch)
            continue
        x, y = ch["x0"], ch["top"]
        prior = seen.setdefault(text, [])
        if any(abs(x - px) <= 1 and abs(y - py) <= 1 for px, py in prior):
            continue
        prior.append((x, y))
        out.append(ch)
    return out


SCAN_SHARE = 0.5    # a page whose images cover this share of it or more is a scan (its text an OCR layer)


def _scanned(page) -> bool:
    """The page is a scanned image (one, or strips of it) covering most of the page: its text, if any, is an
    OCR layer laid over (or under) the image, whatever tool wrote it (Tesseract, ocrmypdf, ABBYY, Acrobat)."""
    area = float(page.width) * float(page.height)
    x0, top, x1, bottom = page.bbox
    covered = sum(max(0.0, min(x1, im["x1"]) - max(x0, im["x0"])) * max(0.0, min(bottom, im["bottom"]) - max(top, im["top"]))
                  for im in page.images)
    return area > 0 and covered >= SCAN_SHARE * area


def _glue_ocr_spaces(chars: list[dict]) -> list[dict]:
    """An OCR layer's characters without the spaces its engine put between Chinese words or characters (一级 事项,
    公 开 内 容: Tesseract's words are one to three characters), the character after each such space marked
    `glued` to the one before it, so that both are one word (`_Words`). A space goes when it stands between two
    wide characters (CJK ideographs, full-width punctuation: `cells.is_wide`) of one line, less than a
    character's width apart: on the paper, under the layer, such characters print as one run of text (a wider
    gap is a column's edge, or a space the paper shows). A space beside a digit or a Latin letter stays."""
    out: list[dict] = []
    for k, ch in enumerate(chars):
        if ch["text"].isspace() and out and k + 1 < len(chars):
            before, after = out[-1], chars[k + 1]
            if (is_wide(before["text"]) and is_wide(after["text"]) and abs(after["top"] - before["top"]) <= LINE
                    and 0 <= after["x0"] - before["x1"] < max(before["size"], after["size"])):
                chars[k + 1] = {**after, "glued": True}
                continue
        out.append(ch)
    return out


SKEW_MIN = 0.05     # degrees: text turned less than this off level is level
SKEW_SHARE = 0.6    # the share of a page's characters turned alike for the page to be read turned back
SKEW_TIE = 0.25     # degrees: characters turned this close to the page's usual angle are turned alike


def _angle(ch: dict) -> float | None:
    """The angle (degrees, anticlockwise) of a level character's baseline, from its text matrix."""
    m = ch.get("matrix")
    return math.degrees(math.atan2(m[1], m[0])) if m and ch.get("upright", True) else None


def _deskewed(chars: list[dict], centre: tuple[float, float]) -> list[dict]:
    """The characters of a page whose text runs at a slight slant, most of it turned alike (an OCR layer over a
    scan that was not deskewed: Tesseract, ocrmypdf write each line along the scan's slanted baseline), turned
    back about the page's `centre` by that angle, each kept upright in its place: a row of the table stands on
    one line again (at 1°, a line drifts 14 pt over a landscape page: more than a line's height). Text more
    than about 3° off level is dropped before (`_slanted`); characters turned otherwise are turned back alike."""
    angles = sorted(a for ch in chars if not ch["text"].isspace() and (a := _angle(ch)) is not None)
    if not angles:
        return chars
    usual = angles[len(angles) // 2]
    if abs(usual) < SKEW_MIN or sum(abs(a - usual) <= SKEW_TIE for a in angles) < SKEW_SHARE * len(angles):
        return chars
    t = math.radians(usual)
    c, s = math.cos(t), math.sin(t)
    cx, cy = centre
    out = []
    for ch in chars:
        # the box pdfplumber gives holds the turned glyph: its middle turned back, its sides as printed
        w, h = ch["x1"] - ch["x0"], ch["bottom"] - ch["top"]
        det = c * c - s * s
        w0, h0 = max((w * c - h * abs(s)) / det, 0.0), max((h * c - w * abs(s)) / det, 0.0)
        dx, dy = (ch["x0"] + ch["x1"]) / 2 - cx, (ch["top"] + ch["bottom"]) / 2 - cy   # dy: down the page
        mx, my = cx + dx * c - dy * s, cy + dx * s + dy * c
        top = my - h0 / 2
        out.append({**ch, "x0": mx - w0 / 2, "x1": mx + w0 / 2, "top": top, "bottom": top + h0,
                    "doctop": ch.get("doctop", ch["top"]) + top - ch["top"], "width": w0, "height": h0})
    return out


@lru_cache(maxsize=1)
def _word_extractor_class():
    """pdfplumber's WordExtractor, but a character `glued` to the one before it (`_glue_ocr_spaces`) never
    begins a word, however far from it."""
    from pdfplumber.utils.text import WordExtractor

    class _Words(WordExtractor):
        def char_begins_new_word(self, prev_char, curr_char, *args, **kwargs) -> bool:
            if curr_char.get("glued") and abs(curr_char["top"] - prev_char["top"]) <= LINE:
                return False
            return super().char_begins_new_word(prev_char, curr_char, *args, **kwargs)
    return _Words


@lru_cache(maxsize=1)
def _pdfplumber_text():
    """pdfplumber's word extractor (its default tolerances, made once) and its clustering."""
    from pdfplumber.utils import cluster_objects
    return _word_extractor_class()(), cluster_objects


@lru_cache(maxsize=1)
def _grid_words():
    """The word extractor for tables without borders: words split at a gap over 1 pt, not pdfplumber's
    3 pt, as Excel prints a cell's text as close as 2 pt to the next cell's (Chinese text has no gap
    between its characters; a space splits words anyway)."""
    return _word_extractor_class()(x_tolerance=1)


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """(top, text) of each line the characters form, top to bottom: pdfplumber's words (split where
    the gap between characters is over 3 pt) clustered into lines, as `extract_text(layout=False)`.
    Characters turned a quarter (`_turned_lines`) make lines of their own, each block of them where it starts."""
    if not chars:
        return []
    words, cluster = _pdfplumber_text()
    chars = _dedupe(chars)
    level = [ch for ch in chars if ch.get("upright", True)]
    spaces = [ch for ch in level if ch["text"] == " "]
    out = []
    for line in cluster(words.extract_words(level), "top", 3) if level else ():
        text = " ".join(w["text"] for w in line).strip()
        if text:
            # a space printed at the line's end, against its text: the line wrapped at a space of the text
            # (起 20␣ / 个工作日), kept for joining the lines again (cells.join_lines)
            end, top = max(w["x1"] for w in line), min(w["top"] for w in line)
            if any(abs(ch["x0"] - end) <= SPACE_GAP and abs(ch["top"] - top) <= LINE for ch in spaces):
                text += " "
            out.append((top, text))
    if len(level) < len(chars):
        out = sorted(out + _turned_lines([ch for ch in chars if not ch.get("upright", True)]), key=lambda line: line[0])
    return out


@lru_cache(maxsize=2)
def _turned_words(direction: str):
    """pdfplumber's word extractor for text turned a quarter that reads `direction` ("ttb": turned clockwise,
    Word's 文字方向 tbRl; "btt": anticlockwise, btLr, Excel's 向上旋转文字), its lines in the order they are
    read: right to left for text reading down, left to right for text reading up (a line's top side faces the
    line before it). pdfplumber's default reads every turned character top to bottom, lines left to right."""
    from pdfplumber.utils.text import WordExtractor
    return WordExtractor(char_dir_rotated=direction, line_dir_rotated="rtl" if direction == "ttb" else "ltr")


def _turned_lines(chars: list[dict]) -> list[tuple[float, str]]:
    """(top, text) of the lines of characters turned a quarter (pdfplumber: not `upright`), read in the
    direction their text runs: up the page where the character's matrix turns its baseline upward (机构信息
    printed bottom to top read as it is printed, not 息信构机), down the page otherwise. Lines side by side
    (one cell's text wrapped) are one block in reading order, given the block's top, so that they stay together
    and in order among the level lines sorted by top."""
    out = []
    for direction in ("ttb", "btt"):
        group = [ch for ch in chars if ("btt" if (ch.get("matrix") or (1, 0))[1] > 0 else "ttb") == direction]
        if not group:
            continue
        words = _turned_words(direction)
        blocks: list[tuple[float, float, list[str]]] = []      # (top, bottom, lines) of each block
        for line, _ in words.iter_chars_to_lines(group):
            text = " ".join("".join(ch["text"] for ch in word)
                            for word in words.iter_chars_to_words(line, direction)).strip()
            if not text:
                continue
            top, bottom = min(ch["top"] for ch in line), max(ch["bottom"] for ch in line)
            if blocks and top < blocks[-1][1] and bottom > blocks[-1][0]:      # beside the block's lines
                blocks[-1] = (min(top, blocks[-1][0]), max(bottom, blocks[-1][1]), blocks[-1][2] + [text])
            else:
                blocks.append((top, bottom, [text]))
        out += [(top, text) for top, _, lines in blocks for text in lines]
    return out


def _cell_text(chars: list[dict]) -> str:
    return normalise_glyphs("\n".join(t for _, t in _lines(_without_note_marks(chars))))


#: punctuation that may not open a line (it stays with the character before it), and that may not end one
_NO_LINE_START = set("、，。；：？！）》」』】〕”’,.;:?!)]%")
_NO_LINE_END = set("（《「『【〔“‘([")


def _char_lines(chars: list[dict]) -> list[list[dict]]:
    """The characters as the lines they stand on (tops within LINE of a line's: one line), top to bottom, each
    left to right."""
    tops = _bands([ch["top"] for ch in chars], LINE)
    lines: list[list[dict]] = [[] for _ in tops]
    for ch in chars:
        lines[_nearest(tops, ch["top"])].append(ch)
    return [sorted(line, key=lambda ch: ch["x0"]) for line in lines if line]


def _line_ends(chars: list[dict], right: float) -> dict:
    """Where a cell's level text stands, for telling a row cut by a page break (`_runs_on`): `end` and `foot`, the
    right end and the foot of its last line; `lead`, the width of what opens its first line up to the first place a line may
    break (one Chinese character with the punctuation bound to it, or a run of Latin letters and digits:
    0580-2281021 breaks after 0580-, not inside 2281021); `wrap_room`, the least room between a line wrapped
    inside it (a line not its last) and the cell's `right` edge: the cell's padding, as its fullest line shows."""
    level = [ch for ch in _dedupe(chars) if ch.get("upright", True) and not ch["text"].isspace()]
    if not level:
        return {}
    lines = _char_lines(level)
    first = lines[0]
    k = 0
    while k < len(first) - 1 and first[k]["text"] in _NO_LINE_END:
        k += 1
    if first[k]["text"].isascii() and first[k]["text"].isalnum():
        while k + 1 < len(first) and first[k + 1]["text"].isascii() and not first[k + 1]["text"].isspace() and \
                first[k + 1]["x0"] - first[k]["x1"] < 1:
            k += 1
    while k + 1 < len(first) and first[k + 1]["text"] in _NO_LINE_START:
        k += 1
    wrapped = [right - max(ch["x1"] for ch in line) for line in lines[:-1]]
    return {"end": max(ch["x1"] for ch in lines[-1]), "foot": max(ch["bottom"] for ch in lines[-1]),
            "lead": first[k]["x1"] - first[0]["x0"],
            "wrap_room": min(wrapped) if wrapped else None}


#: what marks a footnote, printed raised and small after the words it notes: 1, 12, *, †, ¹
_NOTE_MARK = re.compile(r"[0-9*†‡¹²³⁴-⁹]")


def _without_note_marks(chars: list[dict]) -> list[dict]:
    """A cell's characters without its footnote marks: a digit (or *, †) printed smaller and raised after
    Chinese text or punctuation (《…条例》¹: Word's footnote reference). The note itself stands at the page's
    foot, outside the table; its mark glued to the cell's text read as a citation (1第二十条). A raised
    small digit after a letter stays (m², an exponent)."""
    if not any(_NOTE_MARK.fullmatch(ch["text"]) for ch in chars):
        return chars
    full = [ch for ch in chars if not ch["text"].isspace()]
    # the cell's own size: that of most of its characters (not the largest: a repeated header's cut text,
    # larger, may stand in the cell)
    size = Counter(round(ch["size"], 1) for ch in full).most_common(1)[0][0] if full else 0
    out = []
    for ch in chars:
        if _NOTE_MARK.fullmatch(ch["text"]) and ch["size"] <= 0.85 * size:
            # the character just left of it, on its line, in the cell's own size
            left = [o for o in full if o["size"] > 0.85 * size and o["x0"] < ch["x0"]
                    and o["top"] - size <= ch["top"] <= o["bottom"]]
            prev = max(left, key=lambda o: o["x0"], default=None)
            if prev is not None and prev["bottom"] - ch["bottom"] >= 0.25 * size and ch["x0"] - prev["x1"] < size \
                    and not prev["text"].isascii():
                continue
        out.append(ch)
    return out


def _blank(text: str) -> bool:
    return not text.strip().strip("\u3000")


def _key(texts) -> tuple[str, ...]:
    """A row's texts without whitespace, trailing blanks dropped: equal keys, the same printed row."""
    out = [_SPACES.sub("", t) for t in texts]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


# ---------------------------------------------------------------------------------------------------
# One page: its tables as rectangles with text, and its lines of text outside them
# ---------------------------------------------------------------------------------------------------

@dataclass(eq=False)
class _Box:
    """One real cell. On its page: row bands [r0, r1), x extent. In the logical table: `row` (index of
    its first row), `col`, `cols`, and `height` (rows it covers, over pages once merges are carried)."""
    text: str
    page: int
    r0: int
    r1: int
    x0: float
    x1: float
    row: int = -1
    col: int = 0
    cols: int = 1
    height: int = 1
    open: bool = False      # ends the page's table with no rule under it: a merge going on over the page break
    # where its level text stands (`_line_ends`): the right end and the foot of its last line, the width of what
    # opens its first line up to the first place a line may break, the least room right of a line wrapped inside it
    end: float | None = None
    foot: float = 0.0
    lead: float = 0.0
    wrap_room: float | None = None


@dataclass
class _PageTable:
    page: int
    top: float
    xs: list[float]          # column boundaries, left to right
    nrows: int
    boxes: list[_Box]
    borderless: bool = False     # found from the positions of the text (pdfgrid): its outer edges are its text's
    ys: list[float] = field(default_factory=list)    # its row boundaries, top to bottom (ruled tables)


@dataclass
class _Page:
    number: int
    height: float
    tables: list[_PageTable] = field(default_factory=list)
    lines: list[tuple[float, str]] = field(default_factory=list)    # (top, text) outside tables
    # lines of `lines` standing in one column of a table, just below or above it: a merged cell's text
    # printed in the middle of its whole span, over the page break (LibreOffice Calc)
    # (their column's left and right edges: `_fill_cut_merge`)
    strays: dict[tuple[float, str], tuple[float, float]] = field(default_factory=dict)
    text: bool = False         # has a text layer
    drawn: bool = False        # has no text layer, but an image or drawings (a scan): not blank
    unruled: bool = False      # a ruled table's rows were found from its item numbers (no lines between them)


def _bands(values, within: float = EDGE) -> list[float]:
    """Distinct edges, those closer than `within` taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > within:
            out.append(v)
    return out


def _baseline(ch: dict) -> float:
    """Where a level character's baseline stands down the page, from its text matrix (its box's top depends on the
    font's descent: a digit and a Chinese character on one line may show different tops); its box's foot without."""
    m = ch.get("matrix")
    if m and "y1" in ch:
        return ch["top"] + ch["y1"] - m[5]
    return ch["bottom"]


def _nearest(bands: list[float], v: float) -> int:
    i = bisect_right(bands, v)
    if i == 0:
        return 0
    if i == len(bands) or v - bands[i - 1] <= bands[i] - v:
        return i - 1
    return i


class _Layout:
    """A pdfplumber table as bands and cells, to put characters in their cell."""

    def __init__(self, table, page: int):
        cells = table.cells
        self.table = table
        self.page = page
        self.borderless = getattr(table, "borderless", False)
        self.ys = _bands([c[1] for c in cells] + [c[3] for c in cells])
        self.xs = _bands([c[0] for c in cells] + [c[2] for c in cells])
        self.x0, self.top, self.x1, self.bottom = self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]
        nrows, ncols = len(self.ys) - 1, len(self.xs) - 1
        self.slots: list[list[int | None]] = [[None] * ncols for _ in range(nrows)]
        self.rects: list[tuple[int, int, int, int]] = []      # (r0, r1, c0, c1) of each real cell
        for x0, top, x1, bottom in cells:
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            if r1 <= r0 or c1 <= c0:
                continue
            n = len(self.rects)
            self.rects.append((r0, r1, c0, c1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if self.slots[r][c] is None:
                        self.slots[r][c] = n
        # a hole in the ruling lines (a band no rectangle covers) is a cell of its own: its text is kept. Holes
        # one under the other down to the table's foot are one cell: a merge cut by the page break, printed
        # without its bottom rule (LibreOffice Calc), so that no rectangle closes it (`open`, one row or more:
        # where other columns close at the foot; a table ruled between its rows nowhere, a 三线表, is open in all)
        self.open = {c for c in range(ncols) if nrows and self.slots[nrows - 1][c] is None and not self.borderless}
        page_ = getattr(table, "page", None)
        if page_ is not None and nrows and not self.borderless:
            # (or a rectangle there closed only by the line `_open_ends` draws where the columns end open: no rule
            # is drawn under the column at the table's foot)
            under = [(a, b) for o, at, a, b in _rules(page_) if o == "h" and abs(at - self.bottom) <= RULE]
            self.open |= {c for c in range(ncols) if sum(max(0.0, min(self.xs[c + 1], b) - max(self.xs[c], a))
                                                        for a, b in under) < 0.5 * (self.xs[c + 1] - self.xs[c])}
        if len(self.open) == ncols:
            self.open = set()
        for c in range(ncols):
            r = nrows
            while r > 0 and self.slots[r - 1][c] is None:
                r -= 1
            if nrows - r >= 2 and r > 0:
                for k in range(r, nrows):
                    self.slots[k][c] = len(self.rects)
                self.rects.append((r, nrows, c, c + 1))
        for r, row in enumerate(self.slots):
            for c, s in enumerate(row):
                if s is None:
                    row[c] = len(self.rects)
                    self.rects.append((r, r + 1, c, c + 1))
        self.chars: list[list[dict]] = [[] for _ in self.rects]

    def contains(self, other: "_Layout") -> bool:
        return (self.x0 - EDGE <= other.x0 and other.x1 <= self.x1 + EDGE
                and self.top - EDGE <= other.top and other.bottom <= self.bottom + EDGE)

    def put(self, ch: dict, x: float, y: float) -> bool:
        if not (self.x0 <= x < self.x1 and self.top <= y < self.bottom):
            return False
        r = bisect_right(self.ys, y) - 1
        c = bisect_right(self.xs, x) - 1
        self.chars[self.slots[r][c]].append(ch)
        return True

    def take_back_overruns(self) -> None:
        """Characters drawn across a row's top rule, on the next line of the text of the cell above (its lines'
        pitch from the last one), are that cell's: LibreOffice Writer prints a header row repeated on a
        continued page no taller than its first line, and the cut lines overrun it, the first across its foot,
        printed over the text of the row below (公开内容和标 / 准 on 的标准: read 准的标准, or 公开内 / 容名单).
        A row's own first line may stand across its top rule too, and where the cell above is the tallest of its
        row, that cell's next line would fall just there (Writer's cells have no top padding; at 10.5 pt in Noto
        Sans CJK the first line stands 0.6 pt above the rule: 道路运输 / 经营许可 read 经营许可, its first line
        in the header). What tells them apart is where the rows' own first lines stand: the same way from their
        top rule in every row (`_first_line_level`), while an overrun line stands higher by the rules and row
        heights it ran over, its baseline above the row's own first baseline by a border's width or more. Lines
        overrunning further, wholly in the row below, are not told from its text: the header printed again then
        reads cut short, and `_clipped_repeat` says so."""
        level = self._first_line_level()
        moves = []
        for n, (r0, _, _, _) in enumerate(self.rects):
            rule = self.ys[r0]
            for ch in self.chars[n]:
                if not (r0 and ch["top"] < rule - OVERRUN < ch["bottom"]):
                    continue
                if level is not None and rule - _baseline(ch) <= level + LEVEL:
                    continue        # where the rows' own first lines stand: this row's first line
                up = self.slots[r0 - 1][bisect_right(self.xs, (ch["x0"] + ch["x1"]) / 2) - 1]
                tops = _bands([o["top"] for o in self.chars[up] if not o["text"].isspace()], OVERRUN)
                if up != n and len(tops) >= 2 and abs(ch["top"] - (2 * tops[-1] - tops[-2])) <= OVERRUN:
                    moves.append((ch, n, up))
        for ch, n, up in moves:
            self.chars[n].remove(ch)
            self.chars[up].append(ch)

    def _first_line_level(self) -> float | None:
        """How far above its row's top rule a row's own first baseline stands (negative: below it), the same in
        every row of a print: in each row, the highest first line of the cells opening there (the tallest cell
        fills its row, whatever its alignment), and of those the lower median (an overrun raises one row's,
        under the header repeated on a page). None for a table of one row."""
        highest: dict[int, float] = {}
        for n, (r0, _, _, _) in enumerate(self.rects):
            bases = [_baseline(ch) for ch in self.chars[n] if not ch["text"].isspace() and ch.get("upright", True)]
            if bases:
                highest[r0] = max(highest.get(r0, -math.inf), self.ys[r0] - min(bases))
        if len(highest) < 2:
            return None
        values = sorted(highest.values())
        return values[(len(values) - 1) // 2]

    def result(self) -> _PageTable:
        if not self.borderless:
            self.take_back_overruns()
        nrows = len(self.ys) - 1
        boxes = [_Box(_cell_text(chars), self.page, r0, r1, self.xs[c0], self.xs[c1],
                      open=r1 == nrows and c1 - c0 == 1 and c0 in self.open, **_line_ends(chars, self.xs[c1]))
                 for (r0, r1, c0, c1), chars in zip(self.rects, self.chars)]
        return _PageTable(self.page, self.top, self.xs, nrows, boxes, self.borderless, list(self.ys))


def _layouts(tables, page: int) -> list[_Layout]:
    """The page's tables, top to bottom, without frames: a "table" around another that is one row or one
    column of boxes (a page border, a box drawn round the whole table, boxes stacked above and below it) or
    whose boxes are painted, not ruled (`_painted`: a web page printed with its background colours, a banner
    over a white content box holding the catalogue), is no table: its text is text outside the tables. A table
    inside another one's cell is part of that cell's text."""
    lays = [_Layout(t, page) for t in tables]
    lays = [a for a in lays if not (any(b is not a and a.contains(b) for b in lays)
                                    and (len(a.xs) == 2 or len(a.ys) == 2 or _painted(a.table)))]
    lays = [a for a in lays if not any(b is not a and b.contains(a) for b in lays)]
    return sorted(lays, key=lambda a: (a.top, a.x0))


RULE = 3.0      # points: a filled rectangle this thin, or thinner, is a drawn line (a rule), not a coloured area


def _rules(page) -> list[tuple[str, float, float, float]]:
    """The lines drawn on a page, each (orientation, position across it, start, end along it): stroked lines,
    curves and rectangles' sides, and filled rectangles no thicker than RULE (how Chromium, LibreOffice and
    Word draw a table's borders). The sides of wider filled rectangles (coloured areas) are none."""
    out = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        if x1 - x0 >= bottom - top:
            out.append(("h", (top + bottom) / 2, x0, x1))
        else:
            out.append(("v", (x0 + x1) / 2, top, bottom))
    for e in page.edges:
        if e["object_type"] != "rect_edge" and e.get("stroke", True):
            add(e["x0"], e["top"], e["x1"], e["bottom"])
    for r in page.rects:
        if r.get("stroke"):
            x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
            for side in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
                add(*side)
        elif min(r["x1"] - r["x0"], r["bottom"] - r["top"]) <= RULE:
            add(r["x0"], r["top"], r["x1"], r["bottom"])
    return out


def _painted(table) -> bool:
    """A pdfplumber table most of whose cells' sides no line is drawn along: the sides of filled areas (a web
    page's coloured boxes, as Chromium prints them with background graphics), which pdfplumber takes for
    rules as it does any rectangle's edges. A ruled table draws its cells' sides (filled cells too)."""
    page = getattr(table, "page", None)
    if page is None:
        return False
    rules = _rules(page)
    total = drawn = 0.0
    sides = {("h", y, x0, x1) for x0, top, x1, bottom in table.cells for y in (top, bottom)}
    sides |= {("v", x, top, bottom) for x0, top, x1, bottom in table.cells for x in (x0, x1)}
    for o, at, lo, hi in sides:
        total += hi - lo
        drawn += min(hi - lo, sum(max(0.0, min(hi, b) - max(lo, a)) for ro, rat, a, b in rules
                                  if ro == o and abs(rat - at) <= RULE))
    return drawn < 0.5 * total


def _unruled_rows(lay: _Layout) -> list[tuple[float, float, list[float]]]:
    """Row bands of a ruled table that hold several items: lines drawn between its columns but not
    between its rows (序号 1/2/3 on the lines of one cell). Each: (top, bottom, the boundaries of the
    rows found in it from its item numbers, as in a table printed without borders)."""
    out = []
    for r in range(len(lay.ys) - 1):
        # cheap first: digits on two lines or more in a cell of the first two columns
        slots = {lay.slots[r][c] for c in range(min(2, len(lay.xs) - 1))}
        if not any(_consecutive(_line_numbers(lay.chars[s])) for s in slots):
            continue
        y0, y1 = lay.ys[r], lay.ys[r + 1]
        chars = [ch for k, (r0, r1, _, _) in enumerate(lay.rects) if r0 <= r < r1 for ch in lay.chars[k]
                 if y0 <= (ch["top"] + ch["bottom"]) / 2 < y1]
        edges = numbered_rows(_grid_words().extract_words(_dedupe(chars)), lay.xs)
        if edges:
            out.append((y0, y1, edges))
    return out


def _line_numbers(chars: list[dict]) -> list[int]:
    """The number the digits of each line of a cell make, top to bottom."""
    digits = [ch for ch in chars if ch["text"].isdecimal()]
    return [int("".join(c["text"] for c in line)) for line in _char_lines(digits)]


def _consecutive(numbers: list[int]) -> bool:
    """Whether a cell holds item numbers on two lines or more, one after another (5 / 6 / 7: the items of a
    band whose rows are not ruled), not one number wrapped in a narrow 序号 column (10 / 0 for 100)."""
    return len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def _split_rows(table, bands: list[tuple[float, float, list[float]]]):
    """The table's cells with the bands' rows drawn in: a cell across a band is cut at its rows."""
    cells = []
    for x0, top, x1, bottom in table.cells:
        cuts = sorted({y for y0, y1, edges in bands if top < y1 and y0 < bottom for y in edges if top < y < bottom})
        ys = [top] + cuts + [bottom]
        cells += [(x0, a, x1, b) for a, b in zip(ys, ys[1:])]
    return SimpleNamespace(cells=cells, unruled=True)


def _read_page(number: int, height: float, chars: list[dict], tables, glyphs: _Glyphs) -> _Page:
    out = _Page(number, height, text=True)
    lays, out.lines = _place(number, chars, tables, glyphs)
    # a ruled table without lines between its rows: its rows found from its item numbers, read again
    split = [(lay, [] if lay.borderless else _unruled_rows(lay)) for lay in lays]
    if any(bands for _, bands in split):
        tables = [_split_rows(lay.table, bands) if bands else lay.table for lay, bands in split]
        lays, out.lines = _place(number, chars, tables, glyphs)
        out.unruled = True
    out.tables = [lay.result() for lay in lays]
    out.strays = _strays(out.lines, chars, lays)
    return out


def _strays(lines: list[tuple[float, str]], chars: list[dict],
            lays: list["_Layout"]) -> dict[tuple[float, str], tuple[float, float]]:
    """The lines outside the tables (`lines`, as `_lines` gives them) whose characters each stand inside one
    column of a ruled table, below its foot or above its top (Calc centres a merged cell's text on its whole
    span: over a page break, it may fall anywhere below the part on the first page, above the part on the
    next; the texts of two merges cut by one break print on one line, each in its column). A line of text
    running over a column's edge (a note, a title) is none."""
    out: dict[tuple[float, str], tuple[float, float]] = {}
    ruled = [lay for lay in lays if not lay.borderless]
    if not ruled:           # (a page of a table printed without borders: no such text; the chars not scanned)
        return out
    for top, text in lines:
        near = [ch for ch in chars if abs(ch["top"] - top) <= 3 and not ch["text"].isspace()]
        for lay in ruled:
            # its characters outside the table (a line may start above the foot and stand mostly below it: a
            # merge's text centred on a span the page break cut, printed across the page's last rule)
            on = [ch for ch in near if not lay.top <= (ch["top"] + ch["bottom"]) / 2 < lay.bottom]
            if not on:
                continue
            cols = {bisect_right(lay.xs, (ch["x0"] + ch["x1"]) / 2) - 1 for ch in on}
            inside = all(bisect_right(lay.xs, ch["x0"] + 0.5) == bisect_right(lay.xs, ch["x1"] - 0.5) for ch in on)
            if inside and 0 <= min(cols) and max(cols) < len(lay.xs) - 1:
                out[(top, text)] = (lay.xs[min(cols)], lay.xs[max(cols) + 1])
    return out


def _place(number: int, chars: list[dict], tables, glyphs: _Glyphs) -> tuple[list[_Layout], list]:
    """The page's tables as layouts with their characters in their cells, and the lines outside them."""
    lays = _layouts(tables, number)
    moves = [m for t in tables for m in getattr(t, "moves", ())]
    owned = [m for t in tables for m in getattr(t, "owned", ())]
    outside = []
    # one pass over the page's characters: each goes to its table's cell, or to the text outside
    for ch in chars:
        ch = glyphs.fix(ch)
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        # a borderless table's centred text printed over its column's boundaries: read in its column
        x = next((at for (x0, top, x1, bottom), at in owned if x0 <= x < x1 and top <= y < bottom), x)
        for (x0, top, x1, bottom), dy in moves:     # a borderless table's text read as if printed lower
            if x0 <= x < x1 and top <= y < bottom:
                ch = {**ch, "top": ch["top"] + dy, "bottom": ch["bottom"] + dy}
                y += dy
                break
        for lay in lays:
            if lay.put(ch, x, y):
                break
        else:
            outside.append(ch)
    return lays, _lines(outside)


# ---------------------------------------------------------------------------------------------------
# Page furniture: page numbers, running headers and footers
# ---------------------------------------------------------------------------------------------------

def _in_margin(page: _Page, top: float) -> bool:
    return top < page.height * MARGIN or top > page.height * (1 - MARGIN)


def _drop_furniture(pages: list[_Page], exact: bool = False) -> None:
    """Leave out page numbers, the lines most pages repeat in their margins (a running header) and
    "续表" marks. `exact`: pages read as text only, where a table's rows are lines too: rows differing
    only in their numbers (1 事项1, 4 事项4) stand in the margins of several pages, so a running header
    is the same text at the same place (not the same text but for its numbers)."""
    text_pages = [p for p in pages if p.text]

    def key(top: float, t: str):
        return (t, round(top / 2)) if exact else re.sub(r"\d+", "#", t)

    counts: dict = {}
    for p in text_pages:
        for k in {key(top, t) for top, t in p.lines if _in_margin(p, top)}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if len(text_pages) >= 2 and n >= max(2, (len(text_pages) + 1) // 2)}
    # a bare number in a margin is a page number where it numbers its page as others number theirs: the page's
    # place in the file, or that plus what two pages or more add to theirs (a catalogue from page 23 of a
    # report); not a table's text at the page's foot (649 of 国务院令第 / 649 / 号 ending a page, a cut row)
    offsets = Counter(int(m.group(1)) - p.number for p in text_pages for top, t in p.lines
                      if _in_margin(p, top) and (m := _BARE_PAGE.fullmatch(t.strip())))
    numbering = {k for k, n in offsets.items() if n >= 2} | {0}

    def page_number(p: _Page, t: str) -> bool:
        m = _BARE_PAGE.fullmatch(t)
        return bool(m and (m.group(2) or int(m.group(1)) - p.number in numbering))

    def marks(p: _Page, top: float, t: str) -> bool:
        return bool(_CONTINUED.fullmatch(t.strip()) or _PAGE_WORDING.fullmatch(t.strip())
                    or _in_margin(p, top) and page_number(p, t.strip()))

    def repeated(p: _Page, top: float, t: str) -> bool:
        return _in_margin(p, top) and key(top, t) in running and not marks(p, top, t)

    # a running line that first stands in a top margin above the document's first table is its title printed on
    # every page (a sheet's title row, each sheet printed under it again): kept there once, its repeats left out
    title = None if exact else _title_over_pages(text_pages, repeated)
    for p in text_pages:
        p.lines = [(top, t) for top, t in p.lines
                   if (p.number, top, t) == title or not (marks(p, top, t) or repeated(p, top, t))]


def _title_over_pages(pages: list[_Page], repeated) -> tuple[int, float, str] | None:
    """(page, top, text) of the document's first line `repeated` over its pages, when it stands in a top margin
    above every table (none on the pages before it); else None."""
    for p in pages:
        for top, t in sorted(p.lines):
            if repeated(p, top, t):
                first = top < p.height * MARGIN and not any(table.top <= top for table in p.tables)
                return (p.number, top, t) if first else None
        if p.tables:
            return None
    return None


#: a line outside the tables that reads as a table's row: an item number, then words a space apart
_NUMBERED_ROW = re.compile(r"[(（]?\d{1,4}[)）.．、]?\s+\S+\s+\S+")


def _rows_outside(path: str, pages: list[_Page]) -> list[str]:
    """A warning for each page with two or more lines outside its tables that read as a table's rows (an
    item number, then two words or more: 3 临时救助 临时救助资金发放 …): rows of a table that was not found
    (its header not recognised, or cut by a page break) and are not read. Nothing is dropped quietly."""
    out = []
    for p in pages:
        rows = [t for _, t in p.lines if _NUMBERED_ROW.match(t.strip())]
        if len(rows) >= 2:
            out.append(f"{path}: page {p.number}: {len(rows)} lines outside the tables read as a table's rows "
                       f"({rows[0][:30]} …), not read: the table's header was not found there; check the "
                       "mapping's header wordings, or read the catalogue from its Word/Excel original")
    return out


def _furniture(pages: list[_Page]) -> dict[int, list[tuple[float, str]]]:
    """The lines `_drop_furniture` would leave out of each page read as text only (page numbers,
    running headers), by page: pdfgrid leaves them out but for a table's header printed on every page."""
    before = {p.number: list(p.lines) for p in pages}
    _drop_furniture(pages, exact=True)
    out = {}
    for p in pages:
        kept = set(p.lines)
        out[p.number] = [line for line in before[p.number] if line not in kept]
    return out


# ---------------------------------------------------------------------------------------------------
# Logical tables: page tables joined over page breaks
# ---------------------------------------------------------------------------------------------------

@dataclass
class _Logical:
    parts: list[_PageTable]
    before: list[str]

    @property
    def xs(self) -> list[float]:
        return self.parts[0].xs

    def continued_by(self, t: _PageTable) -> bool:
        """`t`, opening the page after this table's last one, continues it: same outer edges and
        most of its column boundaries on this table's."""
        if t.page != self.parts[-1].page + 1:
            return False
        xs = self.xs
        if t.borderless:     # no drawn edges: every column boundary where the table's first page has it
            return len(xs) == len(t.xs) and all(abs(a - b) <= ALIGN for a, b in zip(xs[1:-1], t.xs[1:-1]))
        if abs(xs[0] - t.xs[0]) > ALIGN or abs(xs[-1] - t.xs[-1]) > ALIGN:
            return False
        inner = t.xs[1:-1]
        matched = sum(1 for x in inner if abs(xs[_nearest(xs, x)] - x) <= ALIGN)
        return not inner or matched * 2 >= len(inner)


def _cells_hold(strays: list[str], texts: list[str]) -> bool:
    """Each word of the lines printed outside the table (two merges' texts on one line: 土地征收 耕地保护科) is
    (part of) the text of a cell of the pages around them: the merges' texts, not text of its own."""
    cells = [_SPACES.sub("", t) for t in texts if t.strip()]
    return all(any(word in cell for cell in cells) for line in strays for word in line.split())


def _logical_tables(pages: list[_Page]) -> tuple[list[_Logical], list[str]]:
    """The document's logical tables, each with the text before it, and the text after the last one."""
    tables: list[_Logical] = []
    pending: list[str] = []
    strays: list[str] = []      # a merged cell's text printed over the page break, outside the table
    columns: list[tuple[float, float]] = []     # each stray's column (its left and right edges)
    for p in pages:
        items = sorted([(top, 1, t) for top, t in p.lines] + [(t.top, 0, t) for t in p.tables],
                       key=lambda i: (i[0], i[1]))
        for top, kind, item in items:
            if kind == 1:
                if (top, item) in p.strays and not pending:
                    strays.append(item)
                    columns.append(p.strays[(top, item)])
                else:
                    pending.append(item)
            elif tables and not pending and tables[-1].continued_by(item) and (_cells_hold(
                    strays, [b.text for b in tables[-1].parts[-1].boxes + item.boxes])
                    or _fill_cut_merge(tables[-1].parts[-1], strays, columns)):
                tables[-1].parts.append(item)
                strays, columns = [], []
            else:
                tables.append(_Logical([item], strays + pending))
                pending, strays, columns = [], [], []
    return tables, strays + pending


def _side_by_side(tables: list[_Logical], warnings: list[str], path: str) -> list[_Logical]:
    """A sheet too wide for the page printed "down, then over" (Excel's default page order): its first columns
    on pages 1 … n, the next ones on pages n+1 … 2n, each page of the second run holding the same rows at the same
    heights as its page in the first. Such two runs are one table, the second's columns to the right of the
    first's, row by row (each cell keeps its own page); read apart, the second's columns were no table of the
    mapping's and were lost without a word. Only ruled tables whose pages match row for row (as many pages, rows
    at the same heights within a point), the second run right after the first and no text between them but
    the first's title printed again (a title merged over the sheet's width prints on every run). A third run
    and more go on to the right likewise."""
    out: list[_Logical] = []
    runs: list[tuple[int, int]] = []     # for each table of `out`: the runs joined in it, the last one's last page
    for t in tables:
        a = out[-1] if out else None
        if a is not None and all(line in a.before for line in t.before) \
                and _beside(a, t, *runs[-1]):
            joined = []
            for left, right in zip(a.parts, t.parts):
                shift = left.xs[-1] - right.xs[0]
                moved = [replace(b, x0=b.x0 + shift, x1=b.x1 + shift, end=None if b.end is None else b.end + shift)
                         for b in right.boxes]
                joined.append(_PageTable(left.page, left.top, left.xs + [x + shift for x in right.xs[1:]],
                                         left.nrows, left.boxes + moved, False, left.ys))
            pages = [p.page for p in t.parts]
            before = [p.page + (runs[-1][0] - 1) * len(a.parts) for p in a.parts]    # the run just left of it
            warnings.append(f"{path}: pages {_ranges(pages)} hold the columns to the right of pages "
                            f"{_ranges(before)} (a sheet printed down, then over): read as one table, row by row")
            out[-1] = _Logical(joined, a.before)
            runs[-1] = (runs[-1][0] + 1, t.parts[-1].page)
        else:
            out.append(t)
            runs.append((1, t.parts[-1].page))
    return out


def _beside(a: _Logical, b: _Logical, runs: int = 1, end: int | None = None) -> bool:
    """`b`'s pages are the columns to the right of `a`'s (`_side_by_side`), `a` being `runs` runs of pages
    already joined, the last one ending on page `end`."""
    end = a.parts[-1].page if end is None else end
    if len(a.parts) != len(b.parts) or b.parts[0].page != end + 1:
        return False
    for left, right in zip(a.parts, b.parts):
        if left.borderless or right.borderless or right.page != left.page + runs * len(a.parts) \
                or left.nrows != right.nrows or len(left.ys) != len(right.ys):
            return False
        if any(abs(x - y) > 1 for x, y in zip(left.ys, right.ys)):
            return False
    return True


def _fill_cut_merge(above: _PageTable, strays: list[str], columns: list[tuple[float, float]]) -> bool:
    """Each line printed outside the table over the page break (`strays`) stands in the column of a blank cell
    on the last row above the break: a merged cell's text centred on its whole span, which the break cut, printed
    across or below the page's last rule (Excel prints it once, there; the merge's parts on either page are
    blank). That cell gets the text (the merge is carried over the break as any other), and the table goes on.
    Whether every line found its cell."""
    last = {}
    for b in above.boxes:
        if b.r1 == above.nrows:
            last[(b.x0, b.x1)] = b
    fills = []
    for text, (x0, x1) in zip(strays, columns):
        box = next((b for (bx0, bx1), b in last.items() if bx0 - ALIGN <= x0 and x1 <= bx1 + ALIGN), None)
        if box is None or not _blank(box.text) or box in [b for b, _ in fills]:
            return False
        fills.append((box, text))
    for box, text in fills:
        box.text = text
    return bool(fills)


# ---------------------------------------------------------------------------------------------------
# A logical table's rows: page slots, repeated headers, rows cut by page breaks, merges over pages
# ---------------------------------------------------------------------------------------------------

def _page_slots(t: _PageTable, xs: list[float], warnings: list[str], where: str) -> list[list[_Box]]:
    """The page table's rows as one box per column of the logical table (columns by x position).
    `where` names the table in messages, a format string taking the page (file.pdf#page={}&table=2)."""
    ncols = len(xs) - 1
    slots: list[list[_Box | None]] = [[None] * ncols for _ in range(t.nrows)]
    off = [x for x in (t.xs[1:-1] if t.borderless else t.xs) if abs(xs[_nearest(xs, x)] - x) > ALIGN]
    if off:
        warnings.append(f"{where.format(t.page)}: column boundaries at x={', '.join(f'{x:.0f}' for x in off)} "
                        "do not line up with the table's first page; their cells are read into the nearest columns")
    for b in t.boxes:
        c0, c1 = _nearest(xs, b.x0), _nearest(xs, b.x1)
        if c1 <= c0:     # narrower than a column of the first page: the column holding its middle
            c0 = min(max(bisect_right(xs, (b.x0 + b.x1) / 2) - 1, 0), ncols - 1)
            c1 = c0 + 1
        b.col, b.cols, b.height = c0, c1 - c0, b.r1 - b.r0
        for r in range(b.r0, b.r1):
            for c in range(c0, c1):
                if slots[r][c] is None:
                    slots[r][c] = b
                elif slots[r][c] is not b and not _blank(b.text):
                    # two cells of this page in one column of the first page: one text
                    other = slots[r][c]
                    if b.text not in other.text:
                        other.text = f"{other.text} {b.text}".strip()
    for r, row in enumerate(slots):
        for c, s in enumerate(row):
            if s is None:
                row[c] = _Box("", t.page, r, r + 1, xs[c], xs[c + 1], col=c)
    return slots


def _header_keys(first: list[list[_Box]], options: ReadOptions) -> tuple[int, set[tuple[str, ...]]]:
    """(rows of the header on the first page, their keys): up to the mapping's header rows when one
    of the first rows matches them, else the first header_rows + 1 rows (a title row and the header)."""
    rows = max(options.header_rows, 1)
    end = min(len(first), rows + 1)
    for i, row in enumerate(first[:HEADER_SCAN]):
        try:
            if options.header_probe([b.text for b in row]):
                end = min(len(first), i + rows)
                break
        except Exception:     # a probe that cannot judge this row: not a header
            continue
    keys = {_key(b.text for b in row) for row in first[:end]}
    keys.discard(())
    return end, keys


def _straddled_repeat(grid: list[list[_Box]], first: list[list[_Box]], keys: set[tuple[str, ...]]) -> None:
    """The header printed again at the top of a continued page, a cell of it holding more than the header's
    text: the text of a merge cut by the page break, printed by LibreOffice Calc in the middle of the merge's
    whole span, on the break itself (一级事项 + 土地管理), maybe over the header's own text, their characters
    read interleaved (一预级公目开录: 一级目录 and 预公开, both centred in the column). The header's cell keeps the
    header's text; the rest is the text of the cell below it (the merge's part on this page), before its own."""
    rows = [r for r in first if _key(b.text for b in r) in keys]
    for i, row in enumerate(grid[:len(first)]):
        if _key(b.text for b in row) in keys:
            continue
        h = first[i] if _key(b.text for b in first[i]) in keys and len(first[i]) == len(row) else \
            next((r for r in rows if len(r) == len(row)), None)
        if h is None:
            return
        extra = {}
        for c, (b, hb) in enumerate(zip(row, h)):
            got, want = _SPACES.sub("", b.text), _SPACES.sub("", hb.text)
            if got == want:
                continue
            # (the rest keeps its line breaks: the merge's lines printed over the header are lines of its text,
            # which the part below goes on from, or overlaps, line by line: `_carry_merges`)
            rest = without(_INLINE_SPACES.sub("", b.text), want) if want else None
            if rest is None:
                return          # another row, not the header printed again
            extra[c] = "\n".join(ln for ln in rest.split("\n") if ln)
        if not extra:
            continue
        below = grid[i + 1] if i + 1 < len(grid) else None
        for c, text in extra.items():
            row[c].text = h[c].text
            if below is not None and c < len(below) and below[c] is not row[c]:
                # the merge's part on this page, blank or holding the lines of its text printed below the
                # header (行政权力 over the header, 运行 / 210000 under it: one text)
                below[c].text = text if _blank(below[c].text) else text + "\n" + below[c].text


def _clipped_repeat(row: list[_Box], header: list[list[_Box]]) -> dict[int, list[str]] | None:
    """`row`, at the top of a continued page, is the first of the header rows `header` printed again with its
    cells cut at their foot (LibreOffice prints a repeated header row no taller than on the first page's
    first line: 公开内容和标 for 公开内容和标准): each cell's lines are the first lines of the header's, most
    cells hold text, and one at least is whole. Its texts become the header's, so that it is dropped as a
    repeated header is. The lines each cut cell did not print (准), by column (None: no such row)."""
    if not header or len(header[0]) != len(row):
        return None
    whole = filled = 0
    cut: dict[int, list[str]] = {}
    for c, (b, h) in enumerate(zip(row, header[0])):
        lines, full = b.text.split("\n"), h.text.split("\n")
        if _blank(h.text) or (b.col, b.cols) != (h.col, h.cols) and b.col == c:
            continue
        if _blank(b.text):
            continue
        if [_SPACES.sub("", x) for x in lines] != [_SPACES.sub("", x) for x in full[:len(lines)]]:
            return None
        filled += 1
        whole += len(lines) == len(full)
        if len(lines) < len(full) and b.col == c:
            cut[c] = full[len(lines):]
    if not whole or filled * 2 < sum(1 for h in header[0] if not _blank(h.text)):
        return None
    for b, h in zip(row, header[0]):
        b.text = h.text
    return cut


def _take_back(row: list[_Box], cut: dict[int, list[str]]) -> bool:
    """The lines a header printed again cut short did not print (`cut`, by column) taken out of the cells of `row`,
    the first row under it: LibreOffice prints them there, over its cells' own text, the first one on their first
    line's level (准 read 准超限运输车辆, or between their characters, 交通运准输, where the glyphs overprint), or, with
    1.5 lines' spacing, lower. Each line is taken from the cell's first line holding it, below the line the one
    before was taken from: whole, or its characters in order among the line's own (none of the cell's own
    characters lost: the header's are left out once). Whether every line was found so."""
    found = True
    for c, missing in cut.items():
        b = row[c] if c < len(row) else None
        lines = b.text.split("\n") if b is not None and b.col == c else []
        i = 0
        for want in (_SPACES.sub("", m) for m in missing):
            rests = [(k, lines[k].replace(want, "", 1)) for k in range(i, len(lines)) if want in lines[k]]
            rests = rests or [(k, r) for k in range(i, len(lines))
                              if (r := without(_INLINE_SPACES.sub("", lines[k]), want)) is not None]
            if not rests:
                found = False
                break
            i, lines[rests[0][0]] = rests[0][0] + 1, rests[0][1]
        else:
            if b is not None and lines:
                b.text = "\n".join(ln for ln in lines if ln.strip())
    return found


def _one_cell(row: list[_Box]) -> bool:
    return len(row) > 1 and all(b is row[0] for b in row)


def _key_columns(grids: list[list[list[_Box]]], starts: list[int], ncols: int) -> set[int]:
    """Columns filled in nearly every body row (序号, 事项名称), counting only cells that are no part of
    a merge from above or the left. The first body row of a continued page is left out: it is the one
    in question."""
    filled, total = [0] * ncols, [0] * ncols
    for p, (grid, start) in enumerate(zip(grids, starts)):
        for r in range(start + (1 if p else 0), len(grid)):
            row = grid[r]
            if _one_cell(row):
                continue
            for c, b in enumerate(row):
                if b.r0 == r and b.col == c:
                    total[c] += 1
                    filled[c] += not _blank(b.text)
    return {c for c in range(ncols) if total[c] and filled[c] >= KEY_SHARE * total[c]}


def _merge_columns(grids: list[list[list[_Box]]], starts: list[int]) -> set[int]:
    """Columns where body cells are merged down several rows (类别 columns of Excel catalogues)."""
    out = set()
    for grid, start in zip(grids, starts):
        for row in grid[start:]:
            for b in row:
                if b.r1 - b.r0 > 1 and b.r0 >= start:
                    out.add(b.col)
    return out


def _replace(grid: list[list[_Box]], start: int, old: _Box, new: _Box) -> None:
    for row in grid[start:]:
        for c, b in enumerate(row):
            if b is old:
                row[c] = new


def _is_cut(above: list[_Box], first: list[_Box], keys: set[int]) -> bool:
    """The first body row of a page is the lower part of the row ending the previous page: blank in a
    column nearly every row fills, where that row is filled (and not by a merge, which the blank would
    only continue). The leftmost such column decides (序号): a new item with a blank 时限 still has its
    number, the lower part of a cut row has none."""
    if _one_cell(above) or _one_cell(first):
        return False
    c = min((c for c in keys if not _blank(above[c].text) and above[c].height == 1), default=None)
    return c is not None and _blank(first[c].text)


def _number_cut(before: list[list[_Box]], above: list[_Box], first: list[_Box], keys: set[int]) -> bool:
    """The first body row of a page is the lower part of the row ending the previous page, its item number
    wrapped in a narrow 序号 column and cut by the break with it: 1 ending a page after 10 and 1 opening the
    next are 11, the number after 10, where neither 1 is."""
    c = min(keys, default=None)
    if c is None or not before or _one_cell(above) or _one_cell(first):
        return False
    prev, top, rest = (_SPACES.sub("", row[c].text) for row in (before[0], above, first))
    if not all(_DIGITS.fullmatch(t) for t in (prev, top, rest)) or above[c].height != 1:
        return False
    return int(top) != int(prev) + 1 and int(top + rest) == int(prev) + 1


def _runs_on(above: list[_Box], first: list[_Box], keys: set[int], padding: dict[int, float]) -> bool:
    """The first body row of a page is the lower part of the row ending the previous page, its cells the rest
    of that row's texts, though it fills the columns every item fills (no 序号; each cell of the cut row ran
    on over the break: 定点零 / 售药店, 0580- / 2281021): every cell it fills (three or more) goes on from a cell
    of that row (not a merge) whose last line is full, with no room left for what opens the cell below (`lead`,
    up to the first place a line may break) once the column's padding (`padding`: the least room right of a
    line wrapped in the column) is counted, and those last lines stand level, down at the cut. A line breaks
    there only because the text went on; a new item's text starts a cell of its own, and a whole row's cells
    do not all end full and level. An item number in the leftmost column nearly every row fills is a new item."""
    if _one_cell(above) or _one_cell(first) or keys and is_number(first[min(keys)].text):
        return False
    filled = [c for c, b in enumerate(first) if b.col == c and not _blank(b.text)]
    for c in filled:
        a, b = above[c], first[c]
        if a.col != c or a.cols != b.cols or a.height != 1 or _blank(a.text) or a.end is None or not b.lead \
                or c not in padding or b.lead <= a.x1 - a.end - padding[c] + 0.5:
            return False
    feet = [above[c].foot for c in filled]
    return len(filled) >= 3 and max(feet) - min(feet) <= LINE


def _padding(grids: list[list[list[_Box]]]) -> dict[int, float]:
    """Each column's padding, as the lines wrapped in its cells show it: the least room right of one."""
    out: dict[int, float] = {}
    for grid in grids:
        for row in grid:
            for c, b in enumerate(row):
                if b.col == c and b.cols == 1 and b.wrap_room is not None:
                    out[c] = min(out.get(c, b.wrap_room), b.wrap_room)
    return out


def _header_cut(first: list[_Box], keys: set[int]) -> bool:
    """The first row of a table's second page, after a first page holding only its header, is the lower
    part of the header's last row: it has text, and no item number in the leftmost column nearly every
    body row fills (序号: blank, or the lower line of its wrapped header word, 序 / 号)."""
    return bool(keys) and not _one_cell(first) and any(not _blank(b.text) for b in first) and \
        not is_number(first[min(keys)].text)


def _join_cut(above: list[_Box], grid: list[list[_Box]], r: int) -> None:
    """Append the lower part of a cut row (grid row r) to the row above, text to text, a line break between
    them as between two lines of one cell on a page: the meaning of cells tells a wrap (…政府信息公 / 开条例,
    one text) from a list's next entry (湖南日报 / 信息公告栏, two channels), which text glued across the break
    could not. A merge going on below the lower part becomes part of the cell above."""
    for c, b in enumerate(grid[r]):
        if b.col != c:
            continue
        target = above[c]
        if not _blank(b.text):
            target.text = target.text + "\n" + b.text if not _blank(target.text) else b.text
        if b.height > 1:
            target.height += b.height - 1
            _replace(grid, r + 1, b, target)


_OPENERS, _CLOSERS = "《（(【[「“", "》）)】]」”"
#: an article reference cut at the line's end (…条例》第二 / 十条), and the rest of one opening a text
_CUT_ARTICLE = re.compile(r"第\s*[零〇一二两三四五六七八九十百千\d]*$")
_ARTICLE_REST = re.compile(r"\s*[零〇一二两三四五六七八九十百千\d]*\s*[条款项]")


def _unfinished(text: str) -> bool:
    """A cell's text that cannot end where it stops: after an enumeration comma or a comma (…第二十条、),
    with a bracket left open (《中华人民共和国政府信息公开条例), or in an article reference (…条例》第二). A
    cell's own value ends otherwise."""
    t = text.rstrip()
    return t.endswith(("、", "，", ",")) or _brackets(t)[0] > 0 or bool(_CUT_ARTICLE.search(t))


def _brackets(text: str) -> tuple[int, int]:
    """(brackets the text leaves open, brackets it closes that it did not open)."""
    depth = unopened = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth:
                depth -= 1
            else:
                unopened += 1
    return depth, unopened


def _same_cut(a: str, b: str) -> bool:
    """Two texts that are one text, one of them maybe cut at its start or end by the page's edge (执行和 /
    执行和结果): whole lines cut, so the shorter's lines are the longer's first or last lines. A text that only
    starts or ends as another does (《条例》 and 《条例》、《通知》; 条例》 lacking its 《, a typo) is another
    text: its lines wrap apart from the other's."""
    a_lines, b_lines = ([_SPACES.sub("", ln) for ln in t.split("\n") if not _blank(ln)] for t in (a, b))
    short, long = sorted((a_lines, b_lines), key=lambda lines: len("".join(lines)))
    k = len(short)
    return len("".join(short)) >= 2 and k <= len(long) and (long[:k] == short or long[len(long) - k:] == short)


def _overlapped(a: str, b: str) -> str | None:
    """One text from two that overlap by whole lines, the last lines of `a` the first of `b` (whitespace aside),
    each with lines of its own: `a`'s lines, then the rest of `b`'s. None: no such overlap."""
    top = [ln for ln in a.split("\n") if not _blank(ln)]
    low = [ln for ln in b.split("\n") if not _blank(ln)]
    key = lambda lines: [_SPACES.sub("", ln) for ln in lines]     # noqa: E731
    for k in range(min(len(top), len(low)) - 1, 0, -1):
        if key(top[-k:]) == key(low[:k]):
            return "\n".join(top + low[k:])
    return None


def _carry_merges(above: list[_Box], grid: list[list[_Box]], r: int, merge_cols: set[int], ruled: bool = True,
                  left_open: bool = False) -> None:
    """A vertical merge going on over the page break: blank part below a filled one (or the reverse,
    text printed in the middle of the whole span) is one cell. `ruled`: the page's table draws its cells
    (a blank cell there is a cell, not the gap a table without borders leaves). `left_open`: the table
    prints a merge going on over a page break without a rule under its part at the page's foot (LibreOffice
    Calc): a part closed there by its rule ends its merge, and a blank cell under it starts another (whose
    text Calc prints where the middle of its whole span falls, maybe pages on); one left open goes on."""
    # the row ending the page is an item of its own (not the stub of a row cut by the break, one cell filled)
    whole = sum(1 for x in dict.fromkeys(above) if not _blank(x.text)) >= 3
    for c, b in enumerate(grid[r]):
        p = above[c]
        if b.col != c or b.r0 != r or p.col != b.col or p.cols != b.cols or p is b:
            continue
        if ruled and left_open and p.cols == 1 and not p.open and _blank(b.text):
            continue
        # (a part left open at the foot where the table leaves merges so: the merge goes on, in any column)
        goes_on = ruled and left_open and p.open
        merged = c in merge_cols or goes_on
        if _blank(b.text) and (p.height > 1 or b.height > 1 or merged) and \
                (not _blank(p.text) or p.height > 1 or b.height > 1 or goes_on):
            # (both blank: the parts of a merge over three pages or more whose text Calc prints in the middle
            # of its span, on a later page: one cell, which that page's part fills)
            pass
        elif _blank(p.text) and not _blank(b.text) and (p.height > 1 or ruled and b.height > 1 and c in merge_cols
                                                         and whole or ruled and p.open):
            # (a blank cell ending the page over a merge opening the next one with its text: a merge that
            # starts on a page's last row, its text printed in the middle of its span, on the next page; or,
            # one row on either page, no rule under it at the page's foot: the merge goes on)
            p.text = b.text
        elif not _blank(p.text) and not _blank(b.text) and merged and _same_cut(p.text, b.text):
            # the merge's text printed on both pages, maybe cut by the page's edge on one (LibreOffice
            # prints a merged cell's text on every page the merge spans, where it falls)
            if len(_key([b.text])[0]) > len(_key([p.text])[0]):
                p.text = b.text
        elif not _blank(p.text) and not _blank(b.text) and merged and (joined := _overlapped(p.text, b.text)):
            # the merge's text printed on both pages, each showing the lines on its side of the break and the
            # line across it (重大决策 / 预公开 ending one page, 预公开 / 020000 opening the next)
            p.text = joined
        elif not _blank(p.text) and not _blank(b.text) and merged and _unfinished(p.text):
            # the merge's text runs on over the page break (Word and LibreOffice flow a merged cell's text
            # into its part on the next page): …第二十条、 / 第二十一条 is one text
            p.text = p.text + b.text
        else:
            continue
        p.height += b.height
        p.open = b.open         # the merge now ends where its part on this page does
        _replace(grid, r, b, p)


@dataclass
class _Rows:
    slots: list[list[_Box]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)     # each row's page
    at: list[int] = field(default_factory=list)        # each row's place among the table's rows on its page

    def add(self, row: list[_Box], page: int, at: int) -> None:
        i = len(self.slots)
        for b in row:
            if b.row < 0:
                b.row = i
        self.slots.append(row)
        self.pages.append(page)
        self.at.append(at)


def _rows(t: _Logical, options: ReadOptions, warnings: list[str], where: str) -> _Rows:
    xs = t.xs
    grids = [_page_slots(part, xs, warnings, where) for part in t.parts]
    end, header = _header_keys(grids[0], options)
    starts = [end]
    clipped: dict[int, int] = {}      # part → its header row printed again cut short
    for p, grid in enumerate(grids[1:], 1):      # the header printed again at the top of each page
        _straddled_repeat(grid, grids[0][:end], header)
        k = 0
        while k < len(grid) and _key(b.text for b in grid[k]) in header:
            k += 1
        cut = _clipped_repeat(grid[k], grids[0][k:end]) if k < len(grid) else None
        if cut is not None:
            clipped[p] = k
            k += 1
            while k < len(grid):
                more = {} if _key(b.text for b in grid[k]) in header else _clipped_repeat(grid[k], grids[0][k:end])
                if more is None:
                    break
                cut.update(more)
                k += 1
            if k < len(grid) and _take_back(grid[k], cut):
                del clipped[p]      # the rest of its text taken back from the row under it: nothing to check
        starts.append(k)
    keys = _key_columns(grids, starts, len(xs) - 1)
    merge_cols = _merge_columns(grids, starts)
    padding = _padding(grids)
    left_open = any(b.open for part in t.parts[:-1] for b in part.boxes)
    out = _Rows()
    for p, (part, grid, start) in enumerate(zip(t.parts, grids, starts)):
        skip = None
        if p and start < len(grid) and out.slots and _key(b.text for b in out.slots[-1]) not in header:
            above = out.slots[-1]
            if _is_cut(above, grid[start], keys) or _number_cut(out.slots[-2:-1], above, grid[start], keys) \
                    or _runs_on(above, grid[start], keys, padding):
                _join_cut(above, grid, start)
                skip = start
            else:
                _carry_merges(above, grid, start, merge_cols, not part.borderless, left_open)
        elif p == 1 and start == 0 and end == len(grids[0]) and grid and _header_cut(grid[0], keys):
            # the table's first page ends with its header, cut by the page break (Word and Writer break
            # a row over pages): the lower part of its cells opens this page (咨询及监督举报电 / 话)
            _join_cut(out.slots[-1], grid, 0)
            header.update(_key(b.text for b in row) for row in out.slots)
            skip = 0
        if p in clipped:
            # the rest of the cut header's text stands under it, over the first rows (said, not guessed
            # away): read with their text, and with the row they continue on the page before if cut
            def at(page: int, row: int) -> str:
                return f"{where.format(page).rpartition('#')[2]}&row={row}"
            rows = [at(part.page, r + 1) for r in range(start, min(start + 2, len(grid)))]
            if skip is not None:
                rows.append(at(out.pages[-1], out.at[-1]))
            warnings.append(f"{where.format(part.page)}&row={clipped[p] + 1}: the table's header printed again here "
                            "is cut short (LibreOffice prints a repeated header row no taller than its first line); "
                            "the rest of its cells' text may be read with the rows below it: check "
                            + ", ".join(rows))
        for r, row in enumerate(grid):
            if r != skip:
                out.add(row, part.page, r + 1)
    if all(part.borderless for part in t.parts):
        _join_split(out.slots, header)
    return out


def _join_split(slots: list[list[_Box]], header: set) -> None:
    """In a table printed without borders, a merged cell's text that runs on from one item's row into the
    next item's (Word and Writer print it at the top of the merge, over the rows' edge; where the next row's
    cell starts its text at that row's top, the two read as cells of their own): a text that cannot end
    where it stops (`_unfinished`: a bracket left open, a trailing 、) over one that closes what it left open
    or goes on with no opening of its own is one cell merged over both rows (…信息公开条 / 例》第二十条,
    …（国务院令第 / 649号）)."""
    for r in range(len(slots) - 1):
        if _key(b.text for b in slots[r]) in header:
            continue
        for c, (p, b) in enumerate(zip(slots[r], slots[r + 1])):
            if p is b or b.col != c or p.col != c or p.cols != b.cols or _blank(p.text) or _blank(b.text):
                continue
            if _unfinished(p.text) and _goes_on(b.text):
                p.text = p.text + "\n" + b.text
                p.height += b.height
                _replace(slots, r + 1, b, p)


def _goes_on(text: str) -> bool:
    """A text that continues one above it: it closes a bracket it did not open (例》…, 649号）), or ends an
    article reference (十条、第二十一条 under …第二)."""
    return _brackets(text)[1] > 0 or bool(_ARTICLE_REST.match(text))


def _grid(path: str, t: _Logical, index: int, options: ReadOptions, warnings: list[str]) -> Grid:
    rows = _rows(t, options, warnings, f"{path}#page={{}}&table={index}")
    numbers = list(range(1, len(rows.slots) + 1))
    last: dict[int, int] = {}
    for i, row in enumerate(rows.slots):
        for b in row:
            last[id(b)] = i
    cells: list[list[Cell]] = []
    for i, row in enumerate(rows.slots):
        no, page = numbers[i], rows.pages[i]
        out = []
        for c, b in enumerate(row):
            if (b.row, b.col) == (i, c):
                out.append(Cell(b.text, no, no, col=c + 1, span=(last[id(b)] - i + 1, b.cols), page=page))
            else:
                out.append(Cell(b.text, no, no, merged=b.row < i, col=c + 1,
                                origin=(numbers[b.row], b.col + 1), page=page))
        cells.append(out)

    def fragment(first: int, last_: int, columns: tuple[int, int] | None = None) -> str:
        i = min(max(first, 1), len(numbers)) - 1
        j = last_ - 1
        row = str(rows.at[i])
        if last_ != first and i < j < len(numbers) and rows.pages[j] == rows.pages[i]:
            row += f"-{rows.at[j]}"
        return f"page={rows.pages[i]}&table={index}&row={row}{column_part(columns)}"

    first_page, last_page = t.parts[0].page, t.parts[-1].page
    pages = f"page {first_page}" if first_page == last_page else f"pages {first_page}-{last_page}"
    return Grid(name=f"table {index} ({pages})", index=index, rows=cells, numbers=numbers,
                fragment=fragment, before=list(t.before))


# ---------------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------------

def _what(data: bytes) -> str:
    head = data[:16].lstrip()
    if head.startswith(b"PK\x03\x04"):
        return "a zip package: .docx/.xlsx?"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an OLE file: .doc/.xls?"
    if head.startswith(b"<"):
        return "HTML or XML text"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "an image: OCR it into a PDF with a text layer first"
    return "no %PDF- header"


def _unreadable(path: str, error: BaseException, page: int | None = None) -> ReadError:
    """A PDF pdfminer cannot parse, or one it cannot decrypt. Out of memory (the build's budget met), it
    raises MemoryError instead: the file may be fine."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    if getattr(error, "args", None) and isinstance(error.args[0], BaseException):
        error = error.args[0]           # pdfplumber wraps pdfminer's errors in PdfminerException
    if out_of_memory(error):
        raise MemoryError(f"{path}: {type(error).__name__}: {error}") from None
    if isinstance(error, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError(path, None, "the PDF is password-protected (encrypted); remove the password "
                                     "(e.g. qpdf --decrypt --password=… in.pdf out.pdf) and read the result")
    where = f" (page {page})" if page else ""
    detail = f"{type(error).__name__}: {error}".rstrip(": ")
    return ReadError(path, None, f"cannot be read as PDF{where}: {detail} (a damaged or truncated file?)")


def _text_page_tables(chars: list[dict], glyphs: _Glyphs, text_tables, furniture: list[tuple[float, str]]):
    """A borderless page's tables (pdfgrid.TextTable: `cells` as pdfplumber gives them, for `_Layout`)."""
    chars = _dedupe([glyphs.fix(ch) for ch in chars])
    found = _spaced(_grid_words().extract_words(chars), chars)
    return text_tables.page(_without_page_numbers(found), furniture)


def _spaced(words: list[dict], chars: list[dict]) -> list[dict]:
    """The words, each one that a space opens, printed between it and the text before it on its line with no
    other gap (1.政务微博 ␣ 2.政务微信: one cell's line), marked with where that text ends (`joined`): pdfgrid
    counts the space as text, not as room between two columns (Calc prints a cell's text as close as 2 pt to
    the next cell's, no space between them; a boundary set in the space cut the cell's line in two)."""
    spaces = [ch for ch in chars if ch["text"].isspace()]
    if not spaces:
        return words
    opened: dict[float, list[tuple[float, float]]] = {}     # x0 of a char a space opens → (its top, text end before)
    for line in _char_lines(chars):
        end = None          # the right end of the text before the run of spaces so far, if each touches the next
        reach = None        # where that run ends
        for ch in line:
            if ch["text"].isspace():
                if end is None and reach is not None and ch["x0"] - reach <= SPACE_GAP:
                    end = reach
                elif end is not None and ch["x0"] - reach > SPACE_GAP:
                    end = None
                reach = ch["x1"] if end is not None else None
                continue
            if end is not None and reach is not None and ch["x0"] - reach <= SPACE_GAP:
                opened.setdefault(round(ch["x0"], 1), []).append((ch["top"], end))
            end, reach = None, ch["x1"]
    if not opened:
        return words
    out = []
    for w in words:
        hit = next((e for t, e in opened.get(round(w["x0"], 1), ()) if abs(t - w["top"]) <= LINE), None)
        out.append({**w, "joined": hit} if hit is not None else w)
    return out


def _without_page_numbers(words: list[dict]) -> list[dict]:
    """The words without those of a line that is a page number in words alone (`_PAGE_WORDING`), wherever it
    stands: no table's text (a sheet holding two pages prints the first one's number in its middle, under the
    table's last row)."""
    dropped, line = set(), []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])) + [None]:
        if line and (w is None or w["top"] - line[0]["top"] > LINE):
            if _PAGE_WORDING.fullmatch("".join(v["text"] for v in line)):
                dropped.update(id(v) for v in line)
            line = []
        if w is not None:
            line.append(w)
    return [w for w in words if id(w) not in dropped] if dropped else words


#: the character keys kept of pages read again without ruled tables (pdfplumber's words and our cells)
_CHAR_KEYS = ("text", "fontname", "x0", "x1", "top", "bottom", "doctop", "upright", "size", "height", "width",
              "glued")


def _drawn_boxes(shapes: list[dict], chars: list[dict]) -> list[dict]:
    """Check boxes drawn as shapes, not text (a web page's <input type=checkbox> printed by a browser: a
    rounded square, and in a ticked one a check mark drawn over it or a coloured fill), as characters ■ and □
    where they stand, so that their cells read as boxes typed as text do (every option was read selected:
    the boxes were not seen). A box is a filled square of 6 to 16 points beside text of its line or over the
    text wrapped under it."""
    squares: dict[tuple[int, int], list[dict]] = {}
    for s in shapes:
        w, h = s["x1"] - s["x0"], s["bottom"] - s["top"]
        if s.get("fill") and 6 <= w <= 16 and 6 <= h <= 16 and 0.8 <= w / h <= 1.25:
            squares.setdefault((round(s["x0"]), round(s["top"])), []).append(s)
    if not squares:
        return []
    sizes = [ch["size"] for ch in chars if not ch["text"].isspace()]
    out = []
    for group in squares.values():
        x0, top = min(s["x0"] for s in group), min(s["top"] for s in group)
        x1, bottom = max(s["x1"] for s in group), max(s["bottom"] for s in group)
        # beside a word of its line, or over one starting under it (a narrow cell wraps the label below its
        # box); not a square in a chart, nor a cell's shading
        size = bottom - top
        if not any(abs((ch["top"] + ch["bottom"]) - (top + bottom)) / 2 <= size and 0 <= ch["x0"] - x1 <= 2 * size
                   or 0 <= ch["top"] - bottom <= size and abs(ch["x0"] - x0) <= 1.5 * size
                   for ch in chars if not ch["text"].isspace()):
            continue
        # a mark inside: a shape well within the box (not its border drawn again)
        inside = [s for s in shapes if s["x0"] >= x0 - 0.5 and s["x1"] <= x1 + 0.5 and s["top"] >= top - 0.5
                  and s["bottom"] <= bottom + 0.5 and s["x1"] - s["x0"] < 0.8 * (x1 - x0)]
        colours = {tuple(round(float(c), 2) for c in (s.get("non_stroking_color") or ()))
                   for s in group if isinstance(s.get("non_stroking_color"), (tuple, list))}
        coloured = any(len(c) == 3 and max(c) - min(c) > 0.15 for c in colours)   # not white, grey or black
        ticked = bool(inside) or coloured
        out.append({"text": "■" if ticked else "□", "fontname": "zwgk-drawn-box", "x0": x0, "x1": x1,
                    "top": top, "bottom": bottom, "doctop": top, "upright": True,
                    "size": max(sizes) if sizes else size, "height": size, "width": x1 - x0})
    return out


def _open_ends(edges: list[dict], height: float) -> list[float]:
    """Where a table's columns end with no rule across them near a page's foot or head: most of the page's
    column rules (three or more) ending (or starting) at one height, in its lower (upper) quarter, with no
    horizontal rule there and not going on past it (drawn a segment per row). Chromium cuts a row at a page break so: the rules run to the foot of the printed
    area and no line closes the row's upper part (nor opens its rest on the next page), and pdfplumber's
    table then stops at the last full rule, leaving the cut part outside."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 4]
    across = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 4]
    columns = len({round(e["x0"]) for e in vertical})
    out = []
    for end in ("bottom", "top"):
        xs: dict[int, set[int]] = {}
        for e in vertical:
            xs.setdefault(round(e[end]), set()).add(round(e["x0"]))
        for y, at in xs.items():
            near = y > 0.75 * height if end == "bottom" else y < 0.25 * height
            if len(at) < 3 or len(at) < 0.6 * columns or not near:
                continue
            # rules drawn a segment per row go on past it (Chromium draws the rules of a two-row header's cells
            # spanning both rows so: they start again under the group cell 公开层级 over 区级 | 乡镇级)
            other = "top" if end == "bottom" else "bottom"
            if len(at & {round(e["x0"]) for e in vertical if abs(e[other] - y) <= 2}) >= len(at) / 2:
                continue
            lo, hi = min(at), max(at)
            # ruled across when rules there (a cell's own, or one line) cover half the columns' width or more
            covered = sum(max(0.0, min(h["x1"], hi) - max(h["x0"], lo)) for h in across if abs(h["top"] - y) <= 2)
            if covered < (hi - lo) / 2:
                out.append(float(y))
    return out


def _slanted(ch: dict) -> bool:
    """A character written at a slant (neither level nor upright: a watermark drawn across the page, 政务公开 or
    the agency's name at 30-45°, or the ring of text round a seal): no part of any cell or line of the text.
    Pages turned by a multiple of 90° keep their text."""
    m = ch.get("matrix")
    if not m:
        return False
    a, b = abs(m[0]), abs(m[1])
    return min(a, b) > 0.05 * max(a, b)     # more than about 3° off level or upright


def _diagonal(e: dict) -> bool:
    """An edge of a drawn shape running at a slant (pdfplumber gives it no orientation): the side of a
    WordArt watermark's glyph, a vector seal, a ◆: never a table's rule."""
    return e["orientation"] is None and min(e["x1"] - e["x0"], e["bottom"] - e["top"]) > 1


def _upright(edges: list[dict]) -> list[dict] | None:
    """The page's ruling lines with their orientation from their geometry, when pdfplumber's is wrong for
    any (None otherwise). On a page turned by /Rotate 90 it keeps a line's orientation from before the turn
    by comparing floats that the turn made unequal (top 240.00000000000006, bottom 240.0000000000001 is
    "v"), so find_tables() finds no table: a landscape catalogue on portrait pages was refused."""
    def turned(e) -> bool:      # labelled across its length (a dot has no orientation)
        w, h = e["x1"] - e["x0"], e["bottom"] - e["top"]
        return max(w, h) > 2 and ("h" if w >= h else "v") != e["orientation"] and not _diagonal(e)
    if not any(turned(e) for e in edges):
        return None
    out = []
    for e in edges:
        if _diagonal(e):
            continue
        w, h = e["x1"] - e["x0"], e["bottom"] - e["top"]
        o = "h" if w >= h else "v"
        if o == "h":
            mid = (e["top"] + e["bottom"]) / 2
            out.append({**e, "object_type": "line_edge", "orientation": o, "top": mid, "bottom": mid,
                        "width": w, "height": 0.0})
        else:
            mid = (e["x0"] + e["x1"]) / 2
            out.append({**e, "object_type": "line_edge", "orientation": o, "x0": mid, "x1": mid,
                        "width": 0.0, "height": h})
    return out


def _glyph_shapes(page) -> list[tuple[float, float, float, float]]:
    """The boxes of the filled outlines drawn on a page (curves of many points, filled and not stroked): the
    letters of a WordArt watermark (水印) or a seal printed as shapes, whose straight stretches are no rules."""
    return [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.curves
            if c.get("fill") and not c.get("stroke") and len(c.get("pts") or ()) > 5]


def _settings(page) -> dict | None:
    """pdfplumber's table settings for a page: its own rules (their orientation mended: `_upright`; the sides
    of filled outlines left out: `_glyph_shapes`), and a line where columns end open (`_open_ends`). None when
    the rules left make no table (fewer than two each way once outlines are left out or rules mended)."""
    edges = page.edges
    shapes = _glyph_shapes(page) if page.curves else []
    if shapes:
        edges = [e for e in edges if not (e["object_type"] == "curve_edge" and any(
            x0 - 0.5 <= e["x0"] and e["x1"] <= x1 + 0.5 and top - 0.5 <= e["top"] and e["bottom"] <= bottom + 0.5
            for x0, top, x1, bottom in shapes))]
    mended = _upright(edges)
    lines = mended if mended is not None else edges if len(edges) < len(page.edges) else None
    ends = _open_ends(lines or edges, float(page.height))
    if lines is not None:
        vertical = [e for e in lines if e["orientation"] == "v"]
        horizontal = [e for e in lines if e["orientation"] == "h"] + ends
        if len(vertical) < 2 or len(horizontal) < 2:
            return None
        return {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return {"explicit_horizontal_lines": ends} if ends else {}


CLIP_SLACK = 1.0    # points: a character whose middle stands this far outside the clipping rectangle is clipped
PAGE_CLIP = 0.9     # a clip this share of the page's height or more is the page's (or its body's), not a merge part's


@lru_cache(maxsize=1)
def _clip_interpreter():
    """pdfminer's page interpreter keeping the clipping path's bounding box (in device space) in the graphics
    state (`clip`: x0, y0, x1, y1, or None), saved and restored with it (q/Q), and carried into form XObjects.
    pdfminer ignores clipping (W, W*): every character drawn is read, shown or not."""
    from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
    from pdfminer.utils import apply_matrix_pt

    class _ClipState(PDFGraphicState):
        clip = None

        def copy(self):
            out = super().copy()
            out.__class__ = _ClipState
            out.clip = self.clip
            return out

    class _Interpreter(PDFPageInterpreter):
        outer = None        # the clip in force where a form XObject is drawn

        def init_state(self, ctm):
            super().init_state(ctm)
            self.graphicstate.__class__ = _ClipState
            self.graphicstate.clip = self.outer

        def subinterp(self):
            interp = super().subinterp()
            interp.outer = self.graphicstate.clip
            return interp

        def do_W(self) -> None:
            # the path's bounding box: the clipping area itself for a rectangle (how office suites clip a cell's
            # text to its cell), more than it for other shapes (nothing inside it read as clipped)
            points = [apply_matrix_pt(self.ctm, seg[k:k + 2]) for seg in self.curpath
                      for k in range(1, len(seg) - 1, 2)]
            if not points:
                return
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = (min(xs), min(ys), max(xs), max(ys))
            old = self.graphicstate.clip
            self.graphicstate.clip = box if old is None else (max(old[0], box[0]), max(old[1], box[1]),
                                                              min(old[2], box[2]), min(old[3], box[3]))

        do_W_a = do_W
    return _Interpreter


def _visible_layout(page):
    """The page's layout (pdfminer's, as pdfplumber makes it) with the text of merged cells cut by a page break
    moved to the middle of the clipping rectangle it is drawn under (`_merge_part`). LibreOffice Calc draws a merged
    cell's text in the middle of the whole merge, on every page the merge spans, clipped to the merge's part on
    that page (a band of its rows): a part's text may stand in the page's margin, above the page, or below the
    table's last row, where nothing shows (read there, it made a row of its own or ended the table, and the part's
    rows read blank), or on one row of the part, as if the merge were that row's alone. Moved, it stands in the
    middle of the part's rows, read as a merged cell's text is, and the parts join over the page breaks (the same
    text) as any merge's."""
    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    _clip_interpreter()(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    layout = device.get_result()
    clipped: dict[tuple, list] = {}        # clip (rounded) → the characters drawn under it

    def collect(container) -> None:
        for o in container._objs:
            if isinstance(o, LTChar):
                clip = getattr(o.graphicstate, "clip", None)
                if clip is not None:
                    clipped.setdefault(tuple(round(v, 1) for v in clip), []).append(o)
            elif isinstance(o, LTContainer):
                collect(o)
    collect(layout)
    parts = []
    height, (mb_x0, mb_top) = float(page.height), page.mediabox[:2]
    for clip, chars in clipped.items():
        if clip[3] - clip[1] >= PAGE_CLIP * height:
            continue        # a clip round the page (Chromium's), or its body: no merge's part
        dy = _merge_part(clip, chars)
        for ch in chars if dy else ():
            ch.set_bbox((ch.x0, ch.y0 + dy, ch.x1, ch.y1 + dy))
            ch.matrix = (*ch.matrix[:5], ch.matrix[5] + dy)
        if dy or _merge_part(clip, chars, centred=True) == 0.0:
            boxes = [(x0 + mb_x0, height - y1 + mb_top, x1 + mb_x0, height - y0 + mb_top)
                     for x0, y0, x1, y1 in _texts(chars)]
            parts.append((height - clip[3] + mb_top, height - clip[1] + mb_top, boxes))
    page._merge_parts = parts
    return layout


def _texts(chars: list) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1; pdfminer's space) of the texts side by side that characters make: characters
    overlapping across (or touching), left to right, are one text."""
    out: list[list[float]] = []
    for ch in sorted(chars, key=lambda ch: ch.x0):
        if out and ch.x0 <= out[-1][2] + CLIP_SLACK:
            box = out[-1]
            box[1], box[2], box[3] = min(box[1], ch.y0), max(box[2], ch.x1), max(box[3], ch.y1)
        else:
            out.append([ch.x0, ch.y0, ch.x1, ch.y1])
    return [tuple(box) for box in out]


def _merge_part(clip: tuple[float, float, float, float], chars: list, centred: bool = False) -> float | None:
    """How far to move the characters drawn under a clipping rectangle (x0, y0, x1, y1; pdfminer's space, y up) to
    stand in its middle, where they are the text of a merged cell's part (0.0: where they are). So they are, within
    the clip's width: hidden all (above or below it), or shown all and standing off its middle, neither at its top
    nor at its bottom (a text centred on a merge cut by the page break, not a cell's own text aligned in it), the
    texts side by side sharing one middle (the merges of one span, each centred on it; a clip round a page's body
    holds rows at many levels). A text shown in part (its other lines over the header printed again) is read as
    printed. `centred`: 0.0 where the characters are such a text standing in the clip's middle already (a merge the
    page holds whole), else None."""
    x0, y0, x1, y1 = clip
    if not chars or not all(x0 - CLIP_SLACK <= (ch.x0 + ch.x1) / 2 <= x1 + CLIP_SLACK for ch in chars):
        return None if centred else 0.0
    low, high = min(ch.y0 for ch in chars), max(ch.y1 for ch in chars)
    dy = (y0 + y1) / 2 - (low + high) / 2
    hidden = [_hidden(ch, clip) for ch in chars]
    if all(hidden) and not centred:
        return dy
    if any(hidden) or (abs(dy) <= LINE) != centred:
        return None if centred else 0.0
    size = max(ch.y1 - ch.y0 for ch in chars)
    if min(y1 - high, low - y0) <= max(LINE, 0.5 * size) and not centred:
        return 0.0          # at the clip's top or bottom: a cell's text aligned there
    mids = [(a + b) / 2 for _, a, _, b in _texts(chars)]
    if centred:
        return 0.0 if max(mids) - min(mids) <= LINE else None
    return dy if max(mids) - min(mids) <= LINE else 0.0


def _hidden(ch, clip: tuple[float, float, float, float]) -> bool:
    """The character's middle stands above or below the clipping rectangle (x0, y0, x1, y1): it is not printed."""
    y = (ch.y0 + ch.y1) / 2
    return not clip[1] - CLIP_SLACK <= y <= clip[3] + CLIP_SLACK


def _pages(path: str, data: bytes, glyphs: _Glyphs,
           kept: list[tuple[int, float, list[dict], list]] | None = None) -> list[_Page]:
    """The pages with their ruled tables. `kept`, if given, receives each page's number, height,
    characters (their keys in _CHAR_KEYS) and the clipping rectangles of its merged cells' parts (`_visible_layout`)
    as long as no page has shown a ruled table: a document without any is read again from them (`_text_pages`)
    without parsing it a second time."""
    try:
        import pdfplumber
    except ImportError:
        raise ReadError(path, None, "reading PDF catalogues needs pdfplumber: pip install pdfplumber") from None
    pages = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        listed = pdf.pages
    except Exception as e:       # pdfminer: PDFSyntaxError, PSEOF, PDFPasswordIncorrect …
        raise _unreadable(path, e) from None
    with pdf:
        for page in listed:
            try:
                # text drawn outside the page, or where a clipping path hides it, is not printed (LibreOffice
                # leaves a merged cell's text in the middle of its rows, which may be below the page, or outside
                # the part of the merge on the page): read what a reader sees
                page._layout = _visible_layout(page)
                x0, top, x1, bottom = page.bbox
                chars = [ch for ch in page.chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1
                         and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom and not _slanted(ch)]
                text = any(not ch["text"].isspace() for ch in chars)
                if text:
                    chars = _deskewed(chars, ((x0 + x1) / 2, (top + bottom) / 2))
                if text and page.images and _scanned(page):
                    chars = _glue_ocr_spaces(chars)
                glyphs.chars += len(chars)
                cids = sum(1 for ch in chars if ch["text"].startswith("(cid:"))
                if cids:
                    glyphs.unmapped[page.page_number] = cids
                    if cids >= 0.5 * len(chars) >= 25 and len(glyphs.unmapped) == len(pages) + 1:
                        # every page so far unreadable, this one mostly: refused below, the rest left unparsed
                        pages.append(_Page(page.page_number, float(page.height), text=True))
                        break
                if text:
                    chars = chars + _drawn_boxes(page.curves + page.rects, chars)
                # only pages with text: a scanned page has no table to read (and no text to put in one)
                settings = _settings(page) if text else None
                tables = page.find_tables(settings) if settings is not None else []
                height = float(page.height)
                # a page without text: a scan (an image), text drawn as outlines (curves), or blank (LibreOffice
                # puts a trailing empty paragraph on a page of its own)
                drawn = not text and bool(page.images or len(page.curves) + len(page.rects) > 10)
            except Exception as e:   # a page pdfminer cannot parse (broken stream, missing object)
                raise _unreadable(path, e, page.page_number) from None
            if text:
                pages.append(_read_page(page.page_number, height, chars, tables, glyphs))
            else:
                pages.append(_Page(page.page_number, height, drawn=drawn))
            if kept is not None:
                if tables:
                    kept.clear()
                    kept = None
                else:
                    kept.append((page.page_number, height,
                                 [{k: ch[k] for k in _CHAR_KEYS if k in ch} for ch in chars] if text else [],
                                 getattr(page, "_merge_parts", [])))
            page.close()     # drop the page's objects: a long catalogue is read in bounded memory
    return pages


def _text_pages(path: str, kept: list[tuple[int, float, list[dict], list]], glyphs: _Glyphs, text_tables: TextTables,
                furniture: dict[int, list[tuple[float, str]]]) -> list[_Page]:
    """The pages with the tables found from the positions of their text (page numbers and running
    headers, `furniture`, left out of them)."""
    pages = []
    tail = None     # the last page's chars (all, and those below its tables) and tables, if none goes on
    for number, height, chars, parts in kept:
        if not chars:
            pages.append(_Page(number, height))
            tail = None
            continue
        try:
            lines = furniture.get(number, [])
            before = text_tables.last
            text_tables.parts = parts
            tables = _text_page_tables(chars, glyphs, text_tables, lines)
            if tail and before is None:
                # a header printed at the foot of the last page, cut by the page break (Word breaks a row
                # over pages): read with its lower part, at the top of this page
                joined = _header_over_break(chars, tail[1], glyphs, text_tables, lines, tables)
                if joined:
                    chars, tables = joined
                    prev = pages[-1]
                    moved = {id(ch) for ch in tail[1]}
                    pages[-1] = _read_page(prev.number, prev.height, [ch for ch in tail[0] if id(ch) not in moved],
                                           tail[2], glyphs)
            pages.append(_read_page(number, height, chars, tables, glyphs))
            tail = (chars, _below_tables(chars, tables, lines), tables) if text_tables.last is None else None
        except (ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as e:
            # a layout the text positions do not make a table of: say where, do not guess
            raise ReadError(path, None, f"page {number}: its table, printed without ruling lines, could not be "
                                        f"laid out from the positions of its text ({type(e).__name__}: {e})") from e
    return pages


def _below_tables(chars: list[dict], tables, furniture: list[tuple[float, str]]) -> list[dict]:
    """The page's characters below its last table (all of them without one), page numbers and running
    headers left out."""
    bottom = max((c[3] for t in tables for c in t.cells), default=float("-inf"))
    return [ch for ch in chars if ch["top"] > bottom
            and not any(abs(ch["top"] - top) <= 3 and ch["text"] in text for top, text in furniture)]


def _header_over_break(chars: list[dict], tail: list[dict], glyphs: _Glyphs, text_tables: TextTables,
                       furniture: list[tuple[float, str]], tables: list) -> tuple[list[dict], list] | None:
    """This page's characters with `tail` (the last page's below its tables) moved to just above its first
    line, and their tables, when a table's header is found there reaching into the moved characters (a
    header printed at the foot of the last page, its row broken over the page break); else None, and
    `text_tables` as the page's first reading left it. Called only where no table went on into the page."""
    if not tail or not chars:
        return None
    first = min(ch["top"] for ch in chars)
    if tables and min(c[1] for t in tables for c in t.cells) <= first + 1:
        return None             # a table opens the page: nothing of it went over the break
    size = max(ch["bottom"] - ch["top"] for ch in tail)
    dy = first - 0.3 * size - max(ch["bottom"] for ch in tail)      # as close as a cell's wrapped lines
    moved = [{**ch, "top": ch["top"] + dy, "bottom": ch["bottom"] + dy, "doctop": ch.get("doctop", 0) + dy}
             for ch in tail]
    joined = moved + chars
    state, text_tables.last = text_tables.last, None      # read again as the page was: no table going on
    again = _text_page_tables(joined, glyphs, text_tables, furniture)
    header = [c for t in again[:1] for c in t.cells if c[1] < first]
    if not header or len(again) < len(tables) or not any(c[3] > first for c in header):
        text_tables.last = state
        return None
    return joined, again


def _ranges(numbers: list[int]) -> str:
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)


def read_pdf(path: str, file: Path, options: ReadOptions) -> Document:
    """The tables of a PDF with a text layer and ruled tables, one Grid per table over its pages."""
    data = read_bytes(path, Path(file))
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, None, f"not a PDF file ({_what(data)})")
    def parse():
        glyphs, kept = _Glyphs(), []
        return _pages(path, data, glyphs, kept), kept, glyphs
    pages, kept, glyphs = remembered("pdf", data, parse)     # once per file in `zwgk mapping draft`
    if not pages:
        raise ReadError(path, None, "cannot be read as PDF: it has no pages")
    if not any(p.text for p in pages):
        raise ReadError(path, None, "no text layer: the PDF is a scan or images only (or its text was turned into "
                                    "outlines); read the catalogue from its Word/Excel original, or OCR it first in "
                                    "Chinese (e.g. ocrmypdf -l chi_sim in.pdf out.pdf) and read the result")
    unmapped = sum(glyphs.unmapped.values())
    if unmapped and unmapped >= 0.2 * glyphs.chars:
        if b"/Encrypt" in data:
            # (opened with no password, an owner password set: fonts whose maps did not decrypt read as (cid:N))
            raise ReadError(path, None, f"the text layer cannot be read: {unmapped:,} of its {glyphs.chars:,} characters "
                                        "are glyphs no character could be read for, and the PDF is encrypted (an owner "
                                        "password restricting copying): remove the encryption (qpdf --decrypt in.pdf "
                                        "out.pdf) and read the result, or read the catalogue from its original")
        # a font embedded without its map from glyphs to characters (no ToUnicode): what is printed cannot be read
        raise ReadError(path, None, f"the text layer cannot be read: {unmapped:,} of its {glyphs.chars:,} characters are "
                                    "glyphs its fonts map to no character ((cid:N): fonts embedded without a ToUnicode "
                                    "map); read the catalogue from its Word/Excel original, or OCR the PDF "
                                    "(ocrmypdf -l chi_sim --force-ocr) and read the result")
    doc = Document(path=path)
    if b"%%EOF" not in data[-2048:]:
        # pdfminer reads what it can of a cut file; say so rather than read half a catalogue quietly
        doc.warnings.append(f"{path}: no %%EOF at the end of the file: it may be truncated, pages may be missing")
    scanned = [p.number for p in pages if not p.text and p.drawn]     # (a blank page is none)
    which = (f"page {scanned[0]} has" if len(scanned) == 1 else f"pages {_ranges(scanned)} have") if scanned else ""
    if not any(p.tables for p in pages):
        # no ruled table: printed without borders (Excel's default); its cells from where its text stands
        furniture = _furniture(pages)
        text_tables = TextTables(options.header_probe, rows=options.header_rows)
        pages = _text_pages(path, kept, glyphs, text_tables, furniture)
        if text_tables.declined & text_tables.merged:
            # a column a later page showed merged down, read as one row's cells before (merges printed where
            # a row's own cells stand): read again knowing it
            pages = _text_pages(path, kept, glyphs, TextTables(options.header_probe, rows=options.header_rows,
                                                               merged=text_tables.merged), furniture)
        del kept
        if not any(p.tables for p in pages):
            also = f"; {which} no text layer (scans?)" if scanned else ""
            raise ReadError(path, None, "no table found: the PDF has text but no table with drawn borders, and "
                                        "no line of it reads as the table's header (序号, 公开内容 … as the mapping's "
                                        f"`headers` name them){also}; check the mapping's header wordings, or read "
                                        "the catalogue from its Word/Excel original")
        doc.merges_seen = False
        doc.warnings.append(f"{path}: no ruled table: cells were found from the positions of the text (columns "
                            "under the header, a row from each item number); merged cells cannot be seen without "
                            "borders: blank first-level and 过程 cells take the value above, as in a text copy")
    if scanned:
        doc.warnings.append(f"{path}: {which} no text layer (scans?), not read")
    unruled = [p.number for p in pages if p.unruled]
    if unruled:
        doc.merges_seen = False
        doc.warnings.append(f"{path}: {'page' if len(unruled) == 1 else 'pages'} {_ranges(unruled)}: lines drawn "
                            "between the table's columns but not between its rows; rows were found from the "
                            "item numbers, and merged cells down them cannot be seen")
    _drop_furniture(pages)
    doc.warnings += _rows_outside(path, pages)
    tables, after = _logical_tables(pages)
    tables = _side_by_side(tables, doc.warnings, path)
    for n, t in enumerate(tables, 1):
        doc.tables.append(_grid(path, t, n, options, doc.warnings))
    if all(c.blank for g in doc.tables for row in g.rows for c in row):
        raise ReadError(path, None, "the ruled tables found have no text in their cells; the text is "
                                    "printed outside the ruling lines or as images (a scan under drawn lines?)")
    doc.after = after
    doc.warnings += [f"{path}: PDF symbol {u} is not a known check box or tick; read as {UNKNOWN_SYMBOL}"
                     for u in sorted(glyphs.unknown)]
    if unmapped:
        doc.warnings.append(f"{path}: {unmapped} character(s) on page(s) {_ranges(sorted(glyphs.unmapped))} are glyphs "
                            "their font maps to no character, read as (cid:N): check the cells holding them")
    return doc
