"""Layout `xls`: the sheets of an Excel 97-2003 workbook (.xls, BIFF8, as Excel, WPS and LibreOffice still save
it), read by xlrd cell by cell into the same grid as `xlsx`.

Many agencies publish their catalogue as .xls. Everything the `xlsx` reader promises holds: every sheet a
`Grid`, merged ranges give their value to every cell they cover (cells below the first row flagged `merged`),
values as shown (whole numbers without ".0", codes stored as numbers keep the zeros their format pads, dates
by their format as in `xlsx`, TRUE/FALSE as 是/否, errors as Excel shows them), text in a symbol font (Wingdings
þ/¨) as the check-box glyphs ■/□, and provenance `file.xls#sheet=目录&range=A7:N7`.

Bounded work on a hostile file: the file is read whole but is at most `MAX_FILE_BYTES`; rows are read ragged
(a stray cell at IV65536 does not pad every row to 256 cells); only the used range (cells holding a value)
becomes slots; merged ranges are clipped to it.
"""
from __future__ import annotations

from pathlib import Path

from .base import Document, ReadError, ReadOptions, read_bytes
from .office import (OLE, ZIP, ZH_BUILTIN_FORMATS, QuietLog, Slot, check_used_range, sheet_fragment, shown_text,
                     slots_to_grid, hidden_sheet, without_hidden, without_hidden_columns)

class _Book:
    """What a cell's text needs from the workbook: its format string and font name, by XF index."""

    def __init__(self, book):
        self.book = book
        # (xlrd names none of Excel's Chinese built-in formats: a date in one had no format, and was ISO)
        self.formats = {k: f.format_str or ZH_BUILTIN_FORMATS.get(k, "") for k, f in book.format_map.items()}

    def format_of(self, xf_index: int) -> str:
        try:
            return self.formats.get(self.book.xf_list[xf_index].format_key, "")
        except IndexError:
            return ""

    def font_of(self, xf_index: int) -> str | None:
        try:
            return self.book.font_list[self.book.xf_list[xf_index].font_index].name
        except IndexError:
            return None


def value_text(sheet, book: _Book, r: int, c: int) -> str:
    """A cell's value as Excel shows it."""
    import xlrd
    if r >= sheet.nrows or c >= sheet.row_len(r):     # rows are ragged: past a row's last cell, nothing
        return ""
    kind, v = sheet.cell_type(r, c), sheet.cell_value(r, c)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return shown_text(bool(v))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(v, "#ERROR")
    xf = sheet.cell_xf_index(r, c)
    if kind == xlrd.XL_CELL_DATE:
        try:
            v = xlrd.xldate.xldate_as_datetime(v, book.book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return str(v)
    if kind in (xlrd.XL_CELL_DATE, xlrd.XL_CELL_NUMBER):    # a date by its format too: 6月30日, not 2023-06-30
        return shown_text(v, book.format_of(xf))
    if kind == xlrd.XL_CELL_TEXT:
        return shown_text(v, font=book.font_of(xf))
    return shown_text(v)


def used_range(sheet) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column), 0-based, of the cells holding a value (not blank
    cells that only carry a format)."""
    import xlrd
    rows, cols = [], []
    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        for c, kind in enumerate(types):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if kind == xlrd.XL_CELL_TEXT and not str(sheet.cell_value(r, c)).strip():
                continue
            rows.append(r)
            cols.append(c)
    if not rows:
        return None
    return min(rows), max(rows), min(cols), max(cols)


def sheet_grid(sheet, book: _Book, where: str) -> tuple[list[list[Slot]], list[int], int]:
    """(the used range as slots, merges resolved; its row numbers as Excel shows them; its first column, 1-based)."""
    bounds = used_range(sheet)
    if bounds is None:
        return [], [], 1
    r0, r1, c0, c1 = bounds
    check_used_range(where, sheet.name, r0 + 1, r1 + 1, c0 + 1, c1 + 1)
    merged: dict[tuple[int, int], Slot] = {}
    for rlo, rhi, clo, chi in sheet.merged_cells:          # half-open, 0-based
        if rlo >= rhi or clo >= chi:
            continue
        text = value_text(sheet, book, rlo, clo)
        key = ("merge", rlo, clo)
        for r in range(max(rlo, r0), min(rhi - 1, r1) + 1):
            for c in range(max(clo, c0), min(chi - 1, c1) + 1):
                merged[(r, c)] = Slot(text, r > rlo, key)
    grid = []
    for r in range(r0, r1 + 1):
        grid.append([merged.get((r, c)) or Slot(value_text(sheet, book, r, c), False, (r, c))
                     for c in range(c0, c1 + 1)])
    return grid, list(range(r0 + 1, r1 + 2)), c0 + 1


def _open(path: str, data: bytes):
    import xlrd
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, logfile=QuietLog())
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise ReadError(path, None, "the workbook is password-protected (encrypted); open it in Excel, WPS or "
                                        "LibreOffice and save it without a password") from None
        raise ReadError(path, None, f"cannot be read as .xls (Excel 97-2003): {e}") from None
    except Exception as e:   # a damaged compound file: struct.error, IndexError, AssertionError, ...
        raise ReadError(path, None, f"cannot be read as .xls (Excel 97-2003): {type(e).__name__}: {e} "
                                    "(a damaged or truncated file?)") from None


def read_xls(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every sheet of the workbook as a Grid (numbered from 1, in the workbook's order)."""
    data = read_bytes(path, Path(file))
    if data.startswith(ZIP):
        raise ReadError(path, None, "an Excel 2007+ workbook (a zip package), not an .xls file: give the mapping "
                                    "`reader: xlsx`")
    if not data.startswith(OLE):
        what = "HTML or XML text (a web page saved as .xls?)" if data.lstrip()[:1] == b"<" else "no OLE header"
        raise ReadError(path, None, f"not an Excel 97-2003 (.xls) file ({what})")
    book = _open(path, data)
    info = _Book(book)
    doc = Document(path)
    for index, sheet in enumerate(book.sheets(), 1):
        if sheet.visibility:                # hidden (1) or very hidden (2): an empty Grid, told
            hidden_sheet(doc, path, sheet.name, index, used_range(sheet) is not None)
            continue
        slots, numbers, c0 = sheet_grid(sheet, info, path)
        rows = sheet.rowinfo_map      # row numbers as Excel shows them, 1-based
        slots, numbers = without_hidden(doc, path, sheet.name, slots, numbers,
                                        lambda r: r - 1 in rows and rows[r - 1].hidden)
        cols = sheet.colinfo_map      # 0-based
        slots = without_hidden_columns(doc, path, sheet.name, slots, c0, lambda c: c - 1 in cols and cols[c - 1].hidden)
        width = max((len(r) for r in slots), default=1)

        doc.tables.append(slots_to_grid(f"sheet '{sheet.name}'", index, slots, numbers,
                                        sheet_fragment(sheet.name, c0, width)))
    book.release_resources()
    return doc
