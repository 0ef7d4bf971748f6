"""Layout `tsv`: one table row per line, cells separated by tabs (Word or web tables copied as text).

A Markdown pipe table (| 序号 | 事项名称 |, its rule line skipped, <br> a line break in a cell) is read by
its cells. A text with no tab that reads as comma-separated values (a sheet saved by Excel as CSV, cells quoted where
they hold a comma, a quote or a line break) is read so, each row from its first line to its last.
Every non-blank line is a row of the one `Grid`: a line with tabs gives its cells, a line without a tab
is one cell across the table (a title, 第一部分 概述 …, a note), which `assemble` places before, between
or after the items, or the rest of the item above: a web page's row below the item's rowspans that printed its
own cell alone (`assemble._below_rowspans`). A table copied or saved from Excel as text quotes a cell holding a line break, a tab
or a quote ("主要职责<line break>内设机构"): where reading the quotes (Python's csv, Excel's dialect) puts
more rows in the shape of the others than reading line by line does, the rows are read so, each from
its first line to its last. A line made only of dashes/pipes (a markdown rule) and a page number left by a PDF
(第 3 页, - 3 -, 3/10) are not rows. Where a PDF broke
a row over several lines, the fragments come out as extra rows: `zwgk.mappings.records` joins them
back, guided by the mapping file. A row a browser's copy cut at a line break inside a cell is joined back
(`_rejoined`), but for a header's second row that lost its merges (the header wordings tell them apart).
Rows are numbered by line.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from .base import PAGE_NUMBER, PHONE_ALONE, Cell, Document, Grid, ReadOptions, read_text_file

_RULE = re.compile(r"^[\s\-:|=]*$")


def _lines(text: str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each line."""
    return [(no, no, line.split("\t")) for no, line in enumerate(text.split("\n"), 1)]


def _excel_rows(text: str, delimiter: str, strict: bool) -> list[tuple[int, int, list[str]]] | None:
    """(first line, last line, cells) of each row read with Excel's quoting; None when the quotes do not close."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=strict)
    out, last = [], 0
    try:
        for cells in reader:
            out.append((last + 1, reader.line_num, cells))
            last = reader.line_num
    except csv.Error:
        return None
    return out


def _quoted(text: str) -> list[tuple[int, int, list[str]]] | None:
    """(first line, last line, cells) of each row read with Excel's quoting, or None when no quoted cell runs
    over a line or the quotes do not close."""
    out = _excel_rows(text, "\t", True)
    return out if out and any(b > a for a, b, _ in out) else None


def comma_separated(text: str) -> list[tuple[int, int, list[str]]] | None:
    """(first line, last line, cells) of each row of a text with no tab that reads as comma-separated values
    (Excel's CSV: cells quoted where they hold a comma, a quote or a line break): most of its rows, three
    at least, with as many cells, three or more. None otherwise."""
    if "\t" in text or "," not in text:
        return None
    out = _excel_rows(text, ",", False)
    if out is None:
        return None
    filled = [c for _, _, c in out if any(t.strip() for t in c)]
    counts = Counter(len(c) for c in filled if len(c) >= 3)
    if not counts:
        return None
    n = counts.most_common(1)[0][1]
    return out if n >= 3 and n * 2 >= len(filled) else None


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def pipe_table(text: str) -> list[tuple[int, int, list[str]]] | None:
    """(line, line, cells) of each row of a Markdown pipe table (| 序号 | 事项名称 | … |, `<br>` a line break
    in a cell): a text with no tab whose lines holding cells mostly start and end with |. None otherwise."""
    if "\t" in text or "|" not in text:
        return None
    lines = [(no, line.strip()) for no, line in enumerate(text.split("\n"), 1) if line.strip()]
    piped = [(no, line) for no, line in lines if line.startswith("|") and line.endswith("|") and line.count("|") >= 3]
    if len(piped) < 3 or len(piped) * 2 < len(lines):
        return None
    out = []
    for no, line in lines:
        if line.startswith("|") and line.endswith("|"):
            out.append((no, no, [_BR.sub("\n", c.strip()) for c in line[1:-1].split("|")]))
        else:
            out.append((no, no, [line]))
    return out


def _rejoined(rows: list[tuple[int, int, list[str]]], probe=None) -> list[tuple[int, int, list[str]]]:
    """Rows a line break inside a cell cut in two (a web table with <br> in a cell, selected and copied: the
    browser ends the line there, unquoted): a row shorter than most whose next line, starting with no number,
    holds exactly the cells it lacks plus the cut cell's rest is one row, the cut cell's lines joined. Not a
    header row (`probe`) and a line under it of header wordings (`probe.known`), starting with one: the
    header's second row, its merges lost (公开事项 … 公开属性 over 一级目录 | 二级事项, which fill the gaps under
    公开事项 and happen to be as many as the cells the first row lacks)."""
    counts = Counter(len(c) for _, _, c in rows if len(c) > 1)
    if not counts:
        return rows
    # the table's width: the widest that several rows have (when most rows are cut, their pieces outnumber
    # the whole rows: Word's "save as text" ends a row's line at every paragraph mark in a cell)
    total = sum(counts.values())
    width = max((k for k, n in counts.items() if n >= 2 and n >= 0.2 * total), default=counts.most_common(1)[0][0])
    # ... or the header's, when every row is cut (codes printed under the names: 1 | 机构信息 / 010000 | 机构职能 / …)
    headers = [len(c) for _, _, c in rows if len(c) > width and _probed(probe, c)]
    width = max([width, *headers])
    out: list[tuple[int, int, list[str]]] = []
    k = 0
    while k < len(rows):
        first, last, cells = rows[k]
        j, joined = k, list(cells)
        while 2 <= len(joined) < width and j + 1 < len(rows):
            _, end, more = rows[j + 1]
            if len(more) < 2:
                # lines with no tab: the cut cell's middle paragraphs (街道职能 / 内设机构 / 办公地址 …), when the
                # line after them holds exactly the cells the row lacks
                m = j + 1
                while m < len(rows) and len(rows[m][2]) < 2 and rows[m][2][0].strip():
                    m += 1
                if m == j + 1 or m >= len(rows) or len(joined) + len(rows[m][2]) - 1 != width:
                    break
                more = ["\n".join(r[2][0] for r in rows[j + 1:m]) + "\n" + rows[m][2][0], *rows[m][2][1:]]
                end, step = rows[m][1], m - j
            else:
                step = 1
            if len(joined) + len(more) - 1 > width or not joined[-1].strip() \
                    or not more[0].strip() or _NUMBER.match(more[0]) or j == k and _headed(cells, more, probe):
                break
            joined = joined[:-1] + [f"{joined[-1]}\n{more[0]}"] + more[1:]
            j, last = j + step, end
        if len(joined) == width and joined[-1].strip() and j + 1 < len(rows) and len(rows[j + 1][2]) == 1 \
                and PHONE_ALONE.fullmatch(rows[j + 1][2][0].strip()):
            # a number alone on the line after a whole row: the rest of its last cell, cut at its line break (a
            # second phone), not a line across the table
            joined = joined[:-1] + [f"{joined[-1]}\n{rows[j + 1][2][0]}"]
            j, last = j + 1, rows[j + 1][1]
        if j > k and len(joined) == width:
            out.append((first, last, joined))
            k = j + 1
        else:
            out.append(rows[k])
            k += 1
    return out



def _probed(probe, cells: list[str]) -> bool:
    try:
        return bool(probe and probe(cells))
    except Exception:       # a probe that cannot judge these cells: not a header
        return False


def _headed(row: list[str], below: list[str], probe) -> bool:
    """`row` is a header row and `below` a second one: its first cell and most of the others header wordings
    (the probe's `known`), none an item's number."""
    known = getattr(probe, "known", None)
    if known is None or not probe(row):
        return False
    texts = [t for t in below if t.strip()]
    return known(below[0]) and not any(_NUMBER.match(t) for t in texts) and \
        2 * sum(1 for t in texts if known(t)) >= len(texts)


#: a cell that starts a row: an item's number (not a code printed under a name: 010100 has a leading 0 and six
#: digits)
_NUMBER = re.compile(r"^\s*[1-9]\d{0,3}\s*[.、]?\s*$")


def _shapely(rows: list[tuple[int, int, list[str]]]) -> float:
    """The share of the rows of two cells or more that have as many cells as most of them: near 1 for a
    table read right, lower where cells over several lines were cut into rows of their own (each such
    cell adds a piece of a row, and a row with two of them two pieces)."""
    counts = Counter(len(c) for _, _, c in rows if len(c) > 1)
    return counts.most_common(1)[0][1] / sum(counts.values()) if counts else 0.0


def read_tsv(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding, notes = read_text_file(file, options.encoding, path)
    records = comma_separated(text) or pipe_table(text) or _lines(text)
    quoted = _quoted(text) if '"' in text and "\t" in text else None
    if quoted is not None and _shapely(quoted) >= _shapely(records):
        records = quoted
    records = _rejoined(records, options.header_probe)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for first, last, cells in records:
        line = "\t".join(cells)
        if not line.strip():
            continue
        if _RULE.match(line) or (len(cells) == 1 and PAGE_NUMBER.match(line)):
            continue   # a markdown rule, a page number: not part of the catalogue
        if len(cells) == 1:
            rows.append([Cell(line.strip(), first, last)])
        else:
            rows.append([Cell(t, first, last, col=i) for i, t in enumerate(cells, 1)])
        numbers.append(first)
    doc = Document(path, [Grid("the table", 1, rows, numbers)], encoding=encoding, warnings=notes)
    widths = Counter(len(r) for r in rows if len(r) > 1)
    if rows and widths and not text.endswith(("\n", "\r")) and 1 < len(rows[-1]) < widths.most_common(1)[0][0]:
        # no line end, and fewer cells than the rows have: a file cut short (a download, a copy), its last
        # row read as far as it goes
        doc.warnings.append(f"{path}:{numbers[-1]}: the file ends in the middle of a row (no line end, "
                            f"{len(rows[-1])} of {widths.most_common(1)[0][0]} cells): a copy cut short? The last "
                            "item may be incomplete")
    return doc
