"""Layout `tsv`: one table row per line, cells separated by tabs (Word tables copied as text).

Blank lines are ignored; a line made only of dashes/pipes (a markdown rule) is not a row. Where a PDF
broke a row over several lines, the fragments come out as extra rows: `zwgk.mappings.records` joins
them back, guided by the mapping file.
"""
from __future__ import annotations

import re

from .base import Cell, RawRow, RawTable, ReadError

_RULE = re.compile(r"^[\s\-:|=]*$")


def read_tsv(path: str, text: str, ncols: int, header_rows: int, header_probe) -> RawTable:
    table = RawTable(path=path)
    in_table = False
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            (table.trailer if in_table else table.preamble).append(line.strip())
            continue
        if _RULE.match(line):
            continue
        row = RawRow([Cell(t, no, no) for t in line.split("\t")], no, no)
        if not in_table:
            if not header_probe(row.texts()):
                table.preamble.append(line.strip())
                continue
            in_table = True
        if len(table.header) < header_rows:
            table.header.append(row)
        else:
            table.rows.append(row)
    if not in_table:
        raise ReadError(path, None, "no header row matching the mapping's column headers was found")
    return table
