"""Layout `xlsx`: the sheets of an Excel workbook (openpyxl), read cell by cell.

Every sheet becomes a `Grid`; the mapping names the sheets holding the catalogue (`sheet: 目录` by name,
or `sheet: 2`, 1-based, or `tables: [...]`); without it, every sheet whose rows include the header. The table spans the sheet's used columns. A merged range gives
its value to every cell it covers; cells below its first row are flagged `merged` (the value of the
merged cell above). Values are read as shown: whole numbers without ".0", codes stored as numbers with
their leading zeros when the cell's format pads them (000000), dates as YYYY-MM-DD. Text in a symbol
font (Wingdings þ/¨) becomes the check-box glyphs ■/□. Rows above the header are the preamble, rows
after the last item that span the whole table (注：…) the trailer.
Row numbers are sheet rows; provenance is `file.xlsx#sheet=Sheet1&range=A7:N7`.
"""
from __future__ import annotations

import io

import re
from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock

from .base import Document, ReadError, ReadOptions
from .office import (MAX_SLOTS, Slot, check_office_file, check_used_range, sheet_fragment, shown_text, slots_to_grid,
                     unreadable, ZH_BUILTIN_FORMATS, hidden_sheet, without_hidden, without_hidden_columns)


def _know_zh_formats() -> None:
    """openpyxl's table of built-in formats, with the Chinese ones it lacks (added once; none it has replaced)."""
    from openpyxl.styles import numbers
    for k, fmt in ZH_BUILTIN_FORMATS.items():
        numbers.BUILTIN_FORMATS.setdefault(k, fmt)


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescaped(text: str) -> str:
    """OOXML's escaped characters as themselves: _x000D_ (a carriage return), _x000B_ (a line break pasted from
    Word), _x0009_ …; _x005F_ is a _ (so _x005F_x000D_ is the text _x000D_)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def value_text(cell) -> str:
    """A cell's value as the user sees it (office.shown_text; OOXML's escapes `unescaped`).
    Rich text is read run by run, each in its own font: a check box inserted from Wingdings 2 is a run of
    its own (R ☑, £ ☐) beside the option in the cell's font."""
    v = cell.value
    font = cell.font.name if cell.font is not None else None
    if isinstance(v, str):
        return shown_text(unescaped(v), font=font)
    if isinstance(v, CellRichText):
        return "".join(shown_text(unescaped(str(run)),
                                  font=(getattr(run.font, "rFont", None) or font) if isinstance(run, TextBlock) else font)
                       for run in v)
    return shown_text(v, cell.number_format)


def used_range(ws) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column) of the cells holding a value. Not the sheet's
    declared dimension: one stray formatted cell at XFD1048576 would make that 17 billion cells."""
    keys = [k for k, cell in ws._cells.items() if cell.value is not None and str(cell.value).strip()]
    if not keys:
        return None
    rows, cols = [k[0] for k in keys], [k[1] for k in keys]
    return min(rows), max(rows), min(cols), max(cols)


def sheet_grid(ws, where: str = "") -> tuple[list[list[Slot]], list[int], int]:
    """(the sheet's used range as slots, merges resolved; its row numbers; its first column).
    Only cells inside the used range are touched: openpyxl creates every cell it is asked for."""
    bounds = used_range(ws)
    if bounds is None:
        return [], [], 1
    r0, r1, c0, c1 = bounds
    check_used_range(where, ws.title, r0, r1, c0, c1)
    merged: dict[tuple[int, int], Slot] = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(rng.min_row, rng.min_col)
        text = value_text(top)
        # only the part inside the used range matters (a merge over A1:XFD1048576 is one cell)
        for r in range(max(rng.min_row, r0), min(rng.max_row, r1) + 1):
            for c in range(max(rng.min_col, c0), min(rng.max_col, c1) + 1):
                merged[(r, c)] = Slot(text, r > rng.min_row, rng.coord)
    grid = []
    for r, cells in enumerate(ws.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1), r0):
        grid.append([merged.get((r, c0 + i)) or Slot(value_text(cell), False, (r, c0 + i))
                     for i, cell in enumerate(cells)])
    return grid, list(range(r0, r1 + 1)), c0


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


# a formula cell with no cached value: <c r="B2"><f>…</f></c> (or an empty <v/>)
_FORMULA_ONLY = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3}\d{1,7})"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)'
                           rb'\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')


def check_sheets(path: str, file: Path) -> list[str]:
    """Look at the sheets' XML before openpyxl does. Refuse a merged range too large to be a table
    cell: openpyxl makes one object per cell a merge covers, so one merge over A1:XFD1048576 (17 billion
    cells) in a 10 KB file exhausts memory. Warn about formulas without a cached value (a workbook
    written by a program, never opened in Excel): they read as empty cells."""
    import zipfile
    warnings = []
    with zipfile.ZipFile(file) as z:
        for name in z.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            data = z.read(name)      # bounded: check_office_file refused parts that inflate too far
            empty = [m.group(1).decode() for m in _FORMULA_ONLY.finditer(data)]
            if empty:
                more = f" and {len(empty) - 10} more" if len(empty) > 10 else ""
                warnings.append(f"{path}: {name}: formulas without a computed value read as empty cells: "
                                f"{', '.join(empty[:10])}{more}; open and save the file in Excel or WPS to compute them")
            for m in _MERGE.finditer(data):
                c0, r0, c1, r1 = _column(m.group(1)), int(m.group(2)), _column(m.group(3)), int(m.group(4))
                area = (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
                if area > MAX_SLOTS:
                    ref = m.group(0).split(b'ref="')[1].rstrip(b'"').decode()
                    raise ReadError(path, None, f"{name}: a merged range over {ref} ({area:,} cells) is not a "
                                                "table cell; unmerge it in Excel")
    return warnings


def read_xlsx(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every sheet of the workbook as a Grid (numbered from 1, in the workbook's order)."""
    check_office_file(path, Path(file), "xlsx")
    notes = check_sheets(path, Path(file))
    try:
        import openpyxl
        _know_zh_formats()
        # data_only: formulas' cached values; rich_text: each run's font (check boxes in a symbol font)
        # (given the open file, not its name: openpyxl refuses a workbook named .xls whatever it holds, and a
        # site's 导出 button saves its .xlsx so)
        with open(file, "rb") as f:
            wb = openpyxl.load_workbook(io.BytesIO(f.read()), data_only=True, rich_text=True)
    except Exception as e:   # openpyxl: InvalidFileException, BadZipFile, KeyError, lxml errors
        raise unreadable(path, "xlsx", e) from None
    doc = Document(path, warnings=notes)
    for index, ws in enumerate(wb.worksheets, 1):
        if ws.sheet_state != "visible":     # no viewer shows it (an old version kept hidden): an empty Grid
            hidden_sheet(doc, path, ws.title, index, used_range(ws) is not None)
            continue
        slots, numbers, c0 = sheet_grid(ws, path)   # an empty sheet is an empty Grid: numbers stay the workbook's
        dims = ws.row_dimensions
        slots, numbers = without_hidden(doc, path, ws.title, slots, numbers, lambda r: r in dims and dims[r].hidden)
        hidden_cols = [(d.min, d.max) for d in ws.column_dimensions.values() if d.hidden and d.min and d.max]
        slots = without_hidden_columns(doc, path, ws.title, slots, c0,
                                       lambda c: any(lo <= c <= hi for lo, hi in hidden_cols))
        width = max((len(r) for r in slots), default=1)

        doc.tables.append(slots_to_grid(f"sheet '{ws.title}'", index, slots, numbers,
                                        sheet_fragment(ws.title, c0, width)))
    return doc
