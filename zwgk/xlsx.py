"""items.xlsx written directly as SpreadsheetML (ECMA-376), not through openpyxl.

Why by hand: openpyxl's write-only workbook spent 1-2 ms a row (a cell object, a style lookup and an
element per cell): 35-70 s for the 31,000 items of 1,000 catalogues, on every build that changed any item
- most of a one-catalogue rebuild, and minutes at 10,000 catalogues. Here a catalogue's rows are written
once, as XML text, when it is minted (`rows_xml`, kept with its part); the workbook around them is put
together by concatenation and one fast deflate (`workbook`), in well under a second at 1,000 catalogues.

What is written, and read back by openpyxl and LibreOffice in the tests: two sheets (`items`: the rows of
items.csv; `columns`: what each column holds), every text cell an inline string (t="inlineStr": text that
starts with '=' is never a formula), `row` and `time_limit_days` as numbers, the header row bold, frozen
and filtered, column widths. Rows and cells carry no `r` reference (optional in the standard: they follow
one another), which is what lets a catalogue's rows be written once and placed anywhere. Text is escaped
for XML, and characters XML cannot hold (control characters) as `_xHHHH_`, as Excel writes them.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: what XML 1.0 cannot hold (besides tab, newline, carriage return), and text that reads as such an escape
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
#: any text `text` would change: most cells have none, and go as they are (one search instead of a substitution
#: and a translation: the rows of the shipped city-ybj went from 2.7 to 0.9 CPU-ms)
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>]|_(?=x[0-9A-Fa-f]{4}_)")


def text(value: str) -> str:
    """Text for a cell: `_xHHHH_` for what XML cannot hold (and for a "_" that starts such a sequence in the
    text itself, so that it reads back as written), then &, <, > escaped."""
    if not _SPECIAL.search(value):
        return value
    value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value.translate(_XML)


#: the most characters Excel holds in a cell (a longer text: the file does not open); the whole text is in
#: items.csv and the RDF
EXCEL_CELL = 32_767
#: the CSV parts' fields are ours, as long as a catalogue's cell: no limit but memory's (the csv module stops
#: at 131,072 characters and failed the build, naming no file)
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


def _cell(value, bold: bool = False) -> str:
    style = ' s="1"' if bold else ""
    if value.__class__ is int:
        return f"<c{style}><v>{value}</v></c>"
    if value == "":
        return "<c/>"
    if len(value) > EXCEL_CELL:
        value = value[:EXCEL_CELL - 1] + "…"
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{text(value)}</t></is></c>'


def row(values: Iterable, bold: bool = False) -> str:
    return "<row>" + "".join([_cell(v, bold) for v in values]) + "</row>"


def rows_xml(csv_bytes: bytes, numeric: set[str], restore=lambda v: v) -> tuple[bytes, list[str], int]:
    """The data rows of a CSV file (its first line is the header) as <row> elements: numbers in the
    `numeric` columns (when the cell is digits), text given through `restore` (the CSV's formula guard
    undone). (XML, header, number of rows)"""
    reader = csv.reader(io.StringIO(csv_bytes.decode("utf-8")))
    header = next(reader, [])
    xml, n = texts_xml(header, reader, numeric, restore)
    return xml, header, n


def texts_xml(header: list[str], rows: Iterable[list[str]], numeric: set[str],
              restore=lambda v: v) -> tuple[bytes, int]:
    """Rows of texts under `header` (as a CSV holds them) as <row> elements: numbers in the `numeric` columns
    (when the cell is digits), text given through `restore`. (XML, number of rows)"""
    nums = [i for i, name in enumerate(header) if name in numeric]
    out = []
    for r in rows:
        values = [restore(v) for v in r]
        for i in nums:
            if i < len(r) and r[i].isdigit():
                values[i] = int(r[i])
        # what `row` makes, written out here: a call less a cell, and the escaping looked for once a row
        # (most rows need none): with `itemscsv`'s guard looked at only where it may apply, csv_and_xlsx_rows
        # went from 15.4 to 12.4 M instructions a shipped catalogue (callgrind, mean of the four)
        special = _SPECIAL.search("\x7f".join([v for v in values if v.__class__ is str]))
        out.append("<row>" + "".join([
            "<c/>" if v == "" else f"<c><v>{v}</v></c>" if v.__class__ is int
            else _cell(v) if special or len(v) > EXCEL_CELL
            else f'<c t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>' for v in values]) + "</row>")
    return "".join(out).encode("utf-8"), len(out)


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def workbook(header: list[str], data_rows: Iterable[bytes], n_rows: int, widths: dict[str, float],
             about: list[list[str]], about_header: list[str]) -> bytes:
    """The workbook: sheet `items` (the header, then `data_rows`: <row> elements, `n_rows` of them) and
    sheet `columns` (`about_header`, then the rows of `about`)."""
    last = f"{column_letter(len(header))}{n_rows + 1}"
    cols = "".join(f'<col min="{i}" max="{i}" width="{widths.get(name, 14)}" customWidth="1"/>'
                   for i, name in enumerate(header, 1))
    frozen = ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
              'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    head = (f'{DECL}<worksheet xmlns="{MAIN}"><dimension ref="A1:{last}"/>{frozen}<cols>{cols}</cols>'
            f'<sheetData>{row(header, bold=True)}').encode("utf-8")
    tail = f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode("utf-8")
    second = (f'{DECL}<worksheet xmlns="{MAIN}"><sheetData>{row(about_header, bold=True)}'
              + "".join(row(r) for r in about) + "</sheetData></worksheet>").encode("utf-8")
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    parts = {
        "[Content_Types].xml": (
            f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet}"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{sheet}"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'{DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="items" sheetId="1" r:id="rId1"/><sheet name="columns" sheetId="2" r:id="rId2"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"items!$A$1:${column_letter(len(header))}${n_rows + 1}</definedName></definedNames></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{DECL}<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'{DECL}<styleSheet xmlns="{MAIN}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
    }
    buf = io.BytesIO()
    # deflate level 1: 4x the speed of the default on the big sheet, 15% larger; fixed dates, so that the same
    # rows make the same bytes
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(_entry(name), body.encode("utf-8"))
        z.writestr(_entry("xl/worksheets/sheet2.xml"), second)
        with z.open(_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as f:   # streamed
            f.write(head)
            for chunk in data_rows:
                f.write(chunk)
            f.write(tail)
    return buf.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    # the entry's deflate level: public from Python 3.13 on, before that only as zipfile's own attribute
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
    return info
