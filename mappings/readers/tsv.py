"""Layout `tsv`: one table row per line, cells separated by tabs (Word or web tables copied as text).

Every non-blank line is a row of the one `Grid`: a line with tabs gives its cells, a line without a tab
is one cell across the table (a title, 第一部分 概述 …, a note), which `assemble` places before, between
or after the items. A line made only of dashes/pipes (a markdown rule) is not a row. Where a PDF broke
a row over several lines, the fragments come out as extra rows: `zwgk.mappings.records` joins them
back, guided by the mapping file. Rows are numbered by line.
"""
from __future__ import annotations

import re
from pathlib import Path

from .base import Cell, Document, Grid, ReadOptions, read_text_with_encoding

_RULE = re.compile(r"^[\s\-:|=]*$")


def read_tsv(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding = read_text_with_encoding(file, options.encoding, path)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            rows.append([Cell(line.strip(), no, no)])
        elif _RULE.match(line):
            continue
        else:
            rows.append([Cell(t, no, no, col=i) for i, t in enumerate(line.split("\t"), 1)])
        numbers.append(no)
    doc = Document(path, [Grid("the table", 1, rows, numbers)], encoding=encoding)
    return doc
