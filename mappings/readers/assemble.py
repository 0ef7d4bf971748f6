"""Document → RawTable: the one place where the tables a reader found become the catalogue's table.

The same rules for every form (web page, PDF, Word, Excel, text):
  - which tables: those the mapping names (`tables:`), else every table with a row matching the header;
  - where a table's header starts: the first row matching the mapping's column headers, wherever it is
    (text before it — title, 第一部分 概述, contact details — is the preamble, never an error);
  - header rows printed again (before every table, at the top of every PDF page, before every item)
    are dropped, never read as items;
  - a row that is one cell across the table is not an item: before the header it is a title, between
    items a section title for the rows below it, after the last item a note (trailer);
  - a row numbering the columns (1 2 3 … under the header, as many forms print) is no item;
  - a table's title (its <caption>, a title row above its header, or the last line of text before it)
    travels with its rows, for the mapping's `titles:` to use.
Nothing here knows what a column means.
"""
from __future__ import annotations

import re
from typing import Callable

from .base import Cell, Document, Grid, RawRow, RawTable, ReadError

_SPACES = re.compile(r"\s+")


def _key(texts: list[str]) -> tuple[str, ...]:
    out = [_SPACES.sub("", t) for t in texts]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def _blank(row: list[Cell]) -> bool:
    """No text of its own: its cells blank, or covered by a merge from a row above (an empty row inside a
    merged 事项类别 is no item)."""
    return all(c.blank or c.merged for c in row)


def choose_tables(doc: Document, probe: Callable[[list[str]], bool], wanted: list[int | str] | None,
                  unit: str = "table") -> list[Grid]:
    """The grids the mapping names (numbers counted from 1, or sheet names), else every grid with a
    row matching the header. `unit` is what the form calls a table ("sheet" in a workbook)."""
    if not doc.tables:
        raise ReadError(doc.path, None, "the document has no table")
    if wanted:
        out = []
        names = {g.name: g for g in doc.tables}
        for n in wanted:
            if isinstance(n, str):
                g = names.get(f"{unit} '{n}'")
                if g is None:
                    listed = [g.name.split("'", 1)[-1].rstrip("'") for g in doc.tables]
                    raise ReadError(doc.path, None, f"the workbook has no {unit} '{n}'; its {unit}s: {listed}")
                out.append(g)
            elif not 1 <= n <= len(doc.tables):
                whole = "workbook" if unit == "sheet" else "document"
                raise ReadError(doc.path, None, f"the mapping asks for {unit} {n}, the {whole} has {len(doc.tables)}")
            else:
                out.append(doc.tables[n - 1])
        return out
    out = [g for g in doc.tables if any(probe([c.text for c in row]) for row in g.rows)]
    if not out:
        g = doc.tables[0]
        first = next((g.row_text(i) for i in range(len(g.rows)) if g.row_text(i)), "(empty)")
        many = f" (nor in the {len(doc.tables) - 1} other tables)" if len(doc.tables) > 1 else ""
        raise ReadError(doc.path, None, f"{g.name}: no row matches the mapping's column headers{many} "
                                        f"(no header row found; first row reads '{first[:60]}'); check 'columns' and the table")
    return out


def assemble(doc: Document, ncols: int, header_rows: int, probe: Callable[[list[str]], bool],
             tables: list[int | str] | None = None, check_width: bool = True, unit: str = "table") -> RawTable:
    """The catalogue's table from the document's tables. `check_width`: refuse a table narrower than
    the mapping's columns (off for text layouts, whose rows are as wide as their cells)."""
    chosen = choose_tables(doc, probe, tables, unit)
    table = RawTable(path=doc.path, encoding=doc.encoding)
    table.warnings = list(doc.warnings)
    header_keys: list[tuple[str, ...]] = []
    for n, grid in enumerate(chosen):
        if grid.fragment:
            table.fragments[grid.index] = grid.fragment
        start = next((i for i, row in enumerate(grid.rows) if probe([c.text for c in row])), None)
        if start is None:
            first = next((grid.row_text(i) for i in range(len(grid.rows)) if grid.row_text(i)), "(empty)")
            raise ReadError(doc.path, None, f"{grid.name}: no row matches the mapping's column headers "
                                            f"(no header row found; first row reads '{first[:60]}'); check 'columns' and the table")
        if check_width and grid.width < ncols:
            raise table.error(grid.numbers[start], f"{grid.name} has {grid.width} columns, the mapping declares "
                                                   f"{ncols}", grid.index)
        above = [t for t in (grid.row_text(i) for i in range(start)) if t]
        if n == 0:
            table.preamble = [t for t in grid.before if t] + above
        title = grid.caption or next((t for t in reversed([t for t in grid.before if t] + above)), "")
        head = list(range(start, min(start + header_rows, len(grid.rows))))
        rows = _header_rows(grid, head)
        table.headers.append(rows)          # every table's header is checked against the mapping
        if n == 0 or not table.header:
            table.header = rows
        header_keys = [_key([c.text for c in grid.rows[i]]) for i in head]
        # what each body row is, decided once: blank, the header printed again, one cell across, an item
        kinds = []
        for i in range(start + len(head), len(grid.rows)):
            row = grid.rows[i]
            kinds.append((i, "blank" if _blank(row) or _column_numbers(row) else "header"
                          if _is_header(row, header_keys, probe) else "one-cell" if grid.one_cell(i) else "item"))
        last_item = max((i for i, kind in kinds if kind == "item"), default=None)
        skip_header = 0
        for i, kind in kinds:
            row, no = grid.rows[i], grid.numbers[i]
            if skip_header and kind != "blank" and _key([c.text for c in row]) in header_keys:
                skip_header -= 1
                continue
            skip_header = 0
            if kind == "blank":
                continue
            if last_item is None or i > last_item:
                text = grid.row_text(i)      # notes (注：…) after the last item
                if text and kind != "header":
                    table.trailer.append(text)
                continue
            if kind == "header":
                skip_header = len(header_keys) - 1    # the header printed again (a new page, a new table)
                if _key([c.text for c in row]) != header_keys[0]:   # with other texts: checked too
                    table.headers.append(_header_rows(grid, [k for k, _ in kinds if i <= k < i + len(header_keys)]))
                continue
            if kind == "one-cell":
                title = grid.row_text(i)
                table.warnings.append(f"{_where(table, grid, no)}: a row spanning the whole table is not an item; "
                                      f"read as the title of the rows below: '{title[:60]}'")
                continue
            if grid.fragment:        # rows of a table: every cell has the row's number
                table.rows.append(RawRow(list(row), no, no, grid.index, title))
            else:                    # lines of a text: a row's cells may run over several lines
                first = min((c.first_line for c in row), default=no)
                last = max((c.last_line for c in row), default=no)
                table.rows.append(RawRow(list(row), first, last, grid.index, title))
    table.trailer += [t for t in doc.after if t]
    return table


def _header_rows(grid: Grid, indexes: list[int]) -> list[RawRow]:
    out = []
    for i in indexes:
        row = grid.rows[i]
        first = min((c.first_line for c in row), default=grid.numbers[i])
        last = max((c.last_line for c in row), default=grid.numbers[i])
        out.append(RawRow(list(row), first, last, grid.index))
    return out


def _column_numbers(row: list[Cell]) -> bool:
    """A row numbering the table's columns: 1, 2, 3 … from the left, three at least, nothing else."""
    texts = [_SPACES.sub("", c.text) for c in row if not c.blank]
    return len(texts) >= 3 and texts == [str(k) for k in range(1, len(texts) + 1)]


def _is_header(row: list[Cell], header_keys: list[tuple[str, ...]], probe) -> bool:
    """The first header row printed again: identical to it, or (a variant) matching the mapping's headers."""
    if not header_keys:
        return False
    texts = [c.text for c in row]
    if not probe(texts):
        first = header_keys[0]
        # identical to the first header row (a probe may miss a header without the mapping's aliases)
        return bool(first) and _key(texts[:1]) == first[:1] and _key(texts) == first
    return _key(texts) not in header_keys[1:]


def _where(table: RawTable, grid: Grid, no: int) -> str:
    frag = grid.fragment(no, no) if grid.fragment else None
    return f"{table.path}#{frag}" if frag else f"{table.path}:{no}"
