"""Layout `tsv`: one table row per line, cells separated by tabs (Word or web tables copied as text).

Every non-blank line is a row of the one `Grid`: a line with tabs gives its cells, a line without a tab
is one cell across the table (a title, 第一部分 概述 …, a note), which `assemble` places before, between
or after the items. A line made only of dashes/pipes (a markdown rule) and a page number left by a PDF
(第 3 页, - 3 -, 3/10) are not rows. Where a PDF broke
a row over several lines, the fragments come out as extra rows: `zwgk.mappings.records` joins them
back, guided by the mapping file. Rows are numbered by line.
"""
from __future__ import annotations

import re
from pathlib import Path

from .base import Cell, Document, Grid, ReadOptions, read_text_file

_RULE = re.compile(r"^[\s\-:|=]*$")
#: page furniture a PDF-to-text copy leaves between rows: "第 3 页", "- 3 -", "3/10", "共 5 页", a lone number
PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页|[-—–]\s*\d+\s*[-—–]"
                         r"|\d+\s*/\s*\d+|\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.IGNORECASE)


def read_tsv(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding, notes = read_text_file(file, options.encoding, path)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if _RULE.match(line) or ("\t" not in line and PAGE_NUMBER.match(line)):
            continue   # a markdown rule, a page number: not part of the catalogue
        if "\t" not in line:
            rows.append([Cell(line.strip(), no, no)])
        else:
            rows.append([Cell(t, no, no, col=i) for i, t in enumerate(line.split("\t"), 1)])
        numbers.append(no)
    doc = Document(path, [Grid("the table", 1, rows, numbers)], encoding=encoding, warnings=notes)
    return doc
