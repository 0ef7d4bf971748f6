"""Layout `tsv`: one table row per line, cells separated by tabs (Word or web tables copied as text).

Every non-blank line is a row of the one `Grid`: a line with tabs gives its cells, a line without a tab
is one cell across the table (a title, 第一部分 概述 …, a note), which `assemble` places before, between
or after the items. A table copied or saved from Excel as text quotes a cell holding a line break, a tab
or a quote ("主要职责<line break>内设机构"): where reading the quotes (Python's csv, Excel's dialect) puts
more rows in the shape of the others than reading line by line does, the rows are read so, each from
its first line to its last. A line made only of dashes/pipes (a markdown rule) and a page number left by a PDF
(第 3 页, - 3 -, 3/10) are not rows. Where a PDF broke
a row over several lines, the fragments come out as extra rows: `zwgk.mappings.records` joins them
back, guided by the mapping file. Rows are numbered by line.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from .base import Cell, Document, Grid, ReadOptions, read_text_file

_RULE = re.compile(r"^[\s\-:|=]*$")
#: page furniture a PDF-to-text copy leaves between rows: "第 3 页", "- 3 -", "3/10", "共 5 页", a lone number
PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页|[-—–]\s*\d+\s*[-—–]"
                         r"|\d+\s*/\s*\d+|\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.IGNORECASE)


def _lines(text: str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each line."""
    return [(no, no, line.split("\t")) for no, line in enumerate(text.split("\n"), 1)]


def _quoted(text: str) -> list[tuple[int, int, list[str]]] | None:
    """(first line, last line, cells) of each row read with Excel's quoting, or None when no quoted cell runs
    over a line or the quotes do not close."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=True)
    out, last = [], 0
    try:
        for cells in reader:
            out.append((last + 1, reader.line_num, cells))
            last = reader.line_num
    except csv.Error:
        return None
    return out if any(b > a for a, b, _ in out) else None


def _in_shape(rows: list[tuple[int, int, list[str]]]) -> int:
    """How many rows have as many cells as most rows of two cells or more."""
    counts = Counter(len(c) for _, _, c in rows if len(c) > 1)
    return counts.most_common(1)[0][1] if counts else 0


def read_tsv(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding, notes = read_text_file(file, options.encoding, path)
    records = _lines(text)
    quoted = _quoted(text) if '"' in text else None
    if quoted is not None and _in_shape(quoted) > _in_shape(records):
        records = quoted
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
    return doc
