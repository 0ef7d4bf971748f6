"""Layout `cell-per-line`: each table cell starts on a line beginning with a tab; lines without a tab
continue the cell above (a cell with several paragraphs). Rows are separated by blank lines, but a
blank line may also sit inside a cell, so a row is complete only once it has as many cells as the
table has columns (`ncols`, from the mapping file). An extraction with no blank line between its cell
lines at all runs its rows together: they are cut every `ncols` cells. Blocks before the first block
matching the header (a title, 第一部分 概述 with tab-led lines …) are preamble; the header printed again
(a new page, a new table) is skipped; a loose line between two tables is that table's title row.
"""
from __future__ import annotations

import re

from pathlib import Path

from .base import PHONE_ALONE, Cell, Document, Grid, ReadError, ReadOptions, read_text_file

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


def read_cell_per_line(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding, notes = read_text_file(file, options.encoding, path)
    ncols, header_rows, header_probe = options.ncols, options.header_rows, options.header_probe
    before: list[str] = []
    after: list[tuple[str, int]] = []   # loose lines after a complete row: (text, line)
    rows: list[list[Cell]] = []
    pending: list[Cell] = []
    header: list[str] = []        # the first header row's texts, to recognise it printed again
    repeat = 0                    # blocks of a repeated header still to skip
    started = False
    # no blank line between the cell lines anywhere: rows run together, the header's and the items' cells
    # one run; cut in rows of as many cells as the mapping's columns (a row missing a cell shows as a last
    # row left incomplete, below)
    flowing = ncols > 0 and _flowing(text)
    for cells, marker in (_cut(_blocks(text), ncols, header_probe) if flowing else _blocks(text)):
        if marker < 0:  # a loose text line
            line = cells[0]
            if not started:
                before.append(line.text.strip())
            elif pending:
                pending[-1].text += "\n\n" + line.text  # a paragraph inside the open cell
                pending[-1].last_line = line.last_line
            elif len(rows) > header_rows and not after and PHONE_ALONE.fullmatch(line.text.strip()):
                # a number alone after a complete row: the last cell's paragraph (a second phone), no title
                rows[-1][-1].text += "\n\n" + line.text
                rows[-1][-1].last_line = line.last_line
            else:
                after.append((line.text.strip(), line.first_line))
            continue
        texts = [c.text for c in cells]
        if not started:
            if not header_probe(texts):
                # text before the table (第一部分 概述, tab-led lines …) is preamble, wherever the header starts
                before.extend(t.strip() for t in texts if t.strip())
                continue
            started = True
            header = [_compact(t) for t in texts]
        if len(rows) < header_rows:
            rows.append(cells)
            continue
        if after:   # text between two tables: the start of the next table's preamble, not a note
            (title, no), after = after[-1], []
            rows.append([Cell(title, no, no)])     # its last line: the next table's title row
        if not pending and (repeat or [_compact(t) for t in texts] == header):
            # the header printed again (a new page or a new table): never an item
            repeat = header_rows - 1 if not repeat else repeat - 1
            continue
        pending.extend(cells)
        if len(pending) < ncols:
            continue  # a blank line inside a cell split the row; keep collecting
        if len(pending) > ncols:
            raise ReadError(path, pending[0].first_line,
                            f"row has {len(pending)} cells, the mapping declares {ncols} columns: a row from here "
                            "lacks a cell line (its cells ran on into the next row's), or a blank line is missing "
                            f"between two rows before line {pending[-1].last_line}")
        rows.append(pending)
        pending = []
    if pending:
        raise ReadError(path, pending[0].first_line,
                        f"last row is incomplete: {len(pending)} cells, the mapping declares {ncols} columns")
    if not started:
        if not any(m >= 0 for _, m in _blocks(text)):
            raise ReadError(path, None, "no cell lines (lines starting with a tab) found")
        raise ReadError(path, None, "no header row: no block of cells matches the mapping's column headers")
    numbers = [r[0].first_line for r in rows]
    for r, no in zip(rows, numbers):
        for i, c in enumerate(r, 1):
            c.col = i
    return Document(path, [Grid("the table", 1, rows, numbers, before=before)], after=[t for t, _ in after],
                    encoding=encoding,
                    warnings=notes)


def _flowing(text: str) -> bool:
    """No blank line between the first cell line and the last (a line of a tab alone is an empty cell)."""
    lines = text.split("\n")
    at = [i for i, line in enumerate(lines) if _CELL_START.match(line)]
    return len(at) > 1 and all(line.strip() or _CELL_START.match(line) for line in lines[at[0]:at[-1] + 1])


def _cut(blocks, n: int, probe):
    """The blocks of cells cut in runs of n cells, from the first run that reads as the header (the cells
    before it, a preamble's, as one block); loose lines as they are."""
    found = False
    for cells, marker in blocks:
        if marker < 0 or len(cells) <= n:
            found = found or marker >= 0 and probe([c.text for c in cells])
            yield cells, marker
            continue
        start = 0
        if not found:
            start = next((i for i in range(len(cells) - n + 1) if probe([c.text for c in cells[i:i + n]])), 0)
            found = True
            if start:
                yield cells[:start], marker
        for k in range(start, len(cells), n):
            yield cells[k:k + n], marker


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
