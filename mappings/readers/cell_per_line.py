"""Layout `cell-per-line`: each table cell starts on a line beginning with a tab; lines without a tab
continue the cell above (a cell with several paragraphs). Rows are separated by blank lines, but a
blank line may also sit inside a cell, so a row is complete only once it has as many cells as the
table has columns (`ncols`, from the mapping file).
"""
from __future__ import annotations

import re

from .base import Cell, RawRow, RawTable, ReadError

_CELL_START = re.compile(r"^ *\t")   # some extractions put a stray space before the tab


def _blocks(text: str):
    """Yield (cells, trailing_text_lines) per blank-line-separated block of cell lines."""
    cells: list[Cell] = []
    blank_seen = False
    for no, line in enumerate(text.split("\n"), 1):
        m = _CELL_START.match(line)
        if m:
            if blank_seen and cells:
                yield cells, no
                cells = []
            blank_seen = False
            cells.append(Cell(line[m.end():], no, no))
        elif not line.strip():
            blank_seen = True
        elif cells and not blank_seen:
            cells[-1].text += "\n" + line
            cells[-1].last_line = no
        else:
            # text after a blank line: a paragraph inside the last cell, or prose outside the table;
            # the caller decides, knowing whether the row is complete.
            if cells:
                yield cells, no
                cells = []
            yield [Cell(line, no, no)], -no  # negative marker: a loose text line
            blank_seen = False
    if cells:
        yield cells, 0


def read_cell_per_line(path: str, text: str, ncols: int, header_rows: int, header_probe) -> RawTable:
    table = RawTable(path=path)
    pending: list[Cell] = []
    started = False
    for cells, marker in _blocks(text):
        if marker < 0:  # a loose text line
            line = cells[0]
            if not started:
                table.preamble.append(line.text.strip())
            elif pending:
                pending[-1].text += "\n\n" + line.text  # a paragraph inside the open cell
                pending[-1].last_line = line.last_line
            else:
                table.trailer.append(line.text.strip())
            continue
        if not started:
            if not header_probe([c.text for c in cells]):
                raise ReadError(path, cells[0].first_line,
                                "first block of cells is not the header the mapping file describes")
            started = True
        if len(table.header) < header_rows:
            table.header.append(RawRow(cells, cells[0].first_line, cells[-1].last_line))
            continue
        pending.extend(cells)
        if len(pending) < ncols:
            continue  # a blank line inside a cell split the row; keep collecting
        if len(pending) > ncols:
            raise ReadError(path, pending[0].first_line,
                            f"row has {len(pending)} cells, the mapping declares {ncols} columns")
        table.rows.append(RawRow(pending, pending[0].first_line, pending[-1].last_line))
        pending = []
    if pending:
        raise ReadError(path, pending[0].first_line,
                        f"last row is incomplete: {len(pending)} cells, the mapping declares {ncols} columns")
    if not started:
        raise ReadError(path, None, "no cell lines (lines starting with a tab) found")
    return table
