"""Excel catalogues: merged ranges, values as shown, symbol-font ticks, sheets, provenance and errors,
on small workbooks built here with openpyxl; and city-ybj rendered as a workbook reads back to the
project's expected records."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from zwgk.mappings import MappingError, ReadError, load_mapping, read_catalogue

from .conftest import BASE
from .officefiles import assert_unreadable, labels, mapping_file, read, saved_with_mapping
from .test_docx_roundtrip import HEADER, OFFICE, TICKS, assert_same_as_expected, extracted_rows, layout


MAPPING = """\
catalogue: {{id: test-xlsx, source: {source}}}
agency: {{id: test-agency, name: 某县医疗保障局}}
reader: xlsx
header: {{rows: 2}}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: category, header: [事项类别]}}
  - {{role: name, header: [事项名称]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: channels, header: [公开渠道]}}
  - {{role: audience, header: [全社会], tick: 全社会}}
  - {{role: audience, header: [特定群众], tick: 特定群众}}
codes: {{pattern: '\\d{{6}}'}}
item_key: seq
"""

HEADER_ROWS = [["序号", "事项类别", "事项名称", "公开依据", "公开渠道", "公开对象", None],
               [None, None, None, None, None, "全社会", "特定群众"]]
HEADER_MERGES = ["A{0}:A{1}", "B{0}:B{1}", "C{0}:C{1}", "D{0}:D{1}", "E{0}:E{1}", "F{0}:G{0}"]


def workbook(rows: list[list], merges=(), title: str | None = "某县医疗保障局政府信息公开目录", sheet="目录"):
    """A workbook whose sheet `sheet` holds a title row (merged across), the two-row header and `rows`;
    merges are ranges in data-row numbers counted from 1 ("B{1}:B{3}" → the first three data rows)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    top = 1
    if title:
        ws.append([title])
        ws.merge_cells("A1:G1")
        top = 2
    for row in HEADER_ROWS:
        ws.append(row)
    for m in HEADER_MERGES:
        ws.merge_cells(m.format(top, top + 1))
    first = top + 2
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(re.sub(r"\{(\d+)\}", lambda g: str(first + int(g.group(1)) - 1), m))
    return wb


def write(tmp: Path, name: str, wb, mapping: str = MAPPING) -> Path:
    return saved_with_mapping(tmp, name, wb, mapping)


def test_merged_ranges_apply_to_every_row_they_span(tmp_path):
    rows = [[1, "机构信息", "领导信息", "《政府信息公开条例》（国务院令第711号）", "■政府网站", "√", None],
            [2, None, "内设机构", None, "■政府网站", "√", None],
            [3, None, "机构职能", None, "■政府网站", "√", None],
            [4, None, "统计数据", None, "■政府网站", "√", None]]
    cat = read(tmp_path, write(tmp_path, "m.xlsx", workbook(rows, ["B{1}:B{3}", "D{1}:D{2}"])))
    lead, units, duties, stats = cat.records
    assert units.category == duties.category == ["机构信息"] and units.inherited == {"category", "legal_basis"}
    assert [c.identifier for c in units.legal_basis] == ["国务院令第711号"] and duties.legal_basis == []
    assert stats.category == [] and stats.inherited == set()   # empty, not merged: stays empty
    assert cat.table.preamble == ["某县医疗保障局政府信息公开目录"]


def test_values_as_shown(tmp_path):
    """Whole numbers without .0, codes stored as numbers keep the zeros their format shows, Alt+Enter
    line breaks are lines, a Wingdings ü is a tick and þ/¨ are boxes."""
    rows = [[1.0, "政策法规\n010000", "部门文件", "", "■政府网站\n□政府公报", "√", None],
            [2, "政策法规\n010000", "规范性文件", "", "þ政府网站 ¨政府公报", "ü", None]]
    wb = workbook(rows)
    ws = wb["目录"]
    ws["C5"] = "规范性文件\n010300"
    for cell in ("E5", "F5"):
        ws[cell].font = Font(name="Wingdings")   # the boxes' glyphs; the Chinese falls back to another font
    cat = read(tmp_path, write(tmp_path, "v.xlsx", wb))
    first, second = cat.records
    assert (first.seq, first.code, first.name, first.category) == ("1", "", "部门文件", ["政策法规"])
    assert (second.seq, second.name, second.code) == ("2", "规范性文件", "010300")
    assert labels(first.channels) == ["政府网站"] and labels(second.channels) == ["政府网站"]
    assert labels(second.audience) == ["全社会"]


def test_a_code_stored_as_a_number_keeps_its_leading_zero(tmp_path):
    mapping = MAPPING.replace("  - {{role: legal_basis, header: [公开依据]}}", "  - {{role: code, header: [公开依据]}}")
    wb = workbook([[1, "政策法规", "部门文件", 10100, "■政府网站", "√", None]])
    wb["目录"]["D4"].number_format = "000000"
    cat = read(tmp_path, write(tmp_path, "z.xlsx", wb, mapping))
    assert cat.records[0].code == "010100"


def test_provenance_names_sheet_and_range(tmp_path):
    rows = [[1, "机构信息", "领导信息", "", "■政府网站", "√", None],
            [2, "机构信息", "内设机构", "", "■政府网站", "√", None],
            ["注：本目录每年更新。"]]
    wb = workbook(rows, ["A{3}:G{3}"], sheet="2024 目录")
    cat = read(tmp_path, write(tmp_path, "p.xlsx", wb))
    assert [r.source_fragment for r in cat.records] == ["sheet=2024%20目录&range=A4:G4", "sheet=2024%20目录&range=A5:G5"]
    assert cat.records[1].source_lines == "5"
    assert cat.table.trailer == ["注：本目录每年更新。"]


def test_table_starting_in_column_b(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(HEADER_ROWS + [[1, "机构信息", "领导信息", "", "■政府网站", "√", None]], 3):
        for c, v in enumerate(row, 2):
            ws.cell(r, c, v)
    for m in HEADER_MERGES:
        ws.merge_cells(re.sub(r"([A-G])", lambda g: chr(ord(g.group(1)) + 1), m).format(3, 4))
    cat = read(tmp_path, write(tmp_path, "b.xlsx", wb))
    assert cat.records[0].name == "领导信息" and cat.records[0].source_fragment.endswith("range=B5:H5")


def test_sheet_is_found_by_header_or_named(tmp_path):
    wb = workbook([[1, "机构信息", "领导信息", "", "■政府网站", "√", None]])
    notes = wb.create_sheet("说明", 0)
    notes["A1"] = "填报说明：……"
    cat = read(tmp_path, write(tmp_path, "s.xlsx", wb))
    assert cat.records[0].source_fragment.startswith("sheet=目录&")
    for extra, ok in (("sheet: 2\n", True), ("sheet: 目录\n", True)):
        assert read(tmp_path, write(tmp_path, "s.xlsx", wb, MAPPING + extra)).records[0].name == "领导信息"
    with pytest.raises(ReadError, match=r"s.xlsx: the workbook has no sheet 'Sheet1'; its sheets: \['说明', '目录'\]"):
        read(tmp_path, write(tmp_path, "s.xlsx", wb, MAPPING + "sheet: Sheet1\n"))
    with pytest.raises(ReadError, match=r"s.xlsx: the mapping asks for sheet 5, the workbook has 2"):
        read(tmp_path, write(tmp_path, "s.xlsx", wb, MAPPING + "sheet: 5\n"))
    with pytest.raises(ReadError, match=r"s.xlsx: sheet '说明': no row matches the mapping's column headers"):
        read(tmp_path, write(tmp_path, "s.xlsx", wb, MAPPING + "sheet: 1\n"))


def test_header_that_does_not_match(tmp_path):
    wb = workbook([[1, "机构信息", "领导信息", "", "■政府网站", "√", None]])
    wb["目录"]["G3"] = "特定对象"
    with pytest.raises(ReadError) as e:
        read(tmp_path, write(tmp_path, "h.xlsx", wb))
    assert "catalogues/h.xlsx#sheet=目录&range=A3:G3: column 7 (audience) should be headed ['特定群众']" in str(e.value)


def _mapping_for(tmp: Path, source: str, extra: str = "") -> Path:
    return mapping_file(tmp, MAPPING, source, extra)


@pytest.mark.parametrize("name,content,message", [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "legacy Excel 97-2003 (.xls) file"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "password-protected or legacy format"),
    ("broken.xlsx", b"not a workbook", "not a .xlsx (Excel) file (not a zip package)"),
    ("cut.xlsx", b"PK\x03\x04\x14\x00\x00\x00truncated", "cannot be read as .xlsx (Excel)"),
])
def test_unreadable_files(tmp_path, name, content, message):
    assert_unreadable(tmp_path, MAPPING, name, content, message)


def test_a_word_file_given_to_the_excel_reader(tmp_path):
    import docx
    docx.Document().save(tmp_path / "doc.xlsx")
    with pytest.raises(ReadError, match=r"catalogues/doc.xlsx: cannot be read as .xlsx"):
        read(tmp_path, _mapping_for(tmp_path, "doc.xlsx"))


@pytest.mark.parametrize("extra,message", [
    ("table: 1\n", "'table' applies to reader docx"),
    ("sheet: 0\n", "sheet must be a sheet name or a sheet number counted from 1"),
    ("sheet: [a, b]\n", "sheet must be a sheet name or a sheet number counted from 1"),
])
def test_mapping_keys_are_checked(tmp_path, extra, message):
    path = _mapping_for(tmp_path, "x.xlsx", extra)
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    assert message in str(e.value) and str(e.value).startswith(f"{path}:")


# ---------------------------------------------------------------------------------------------------
# round trip
# ---------------------------------------------------------------------------------------------------

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def render_xlsx(path: Path, rows: list[list[str]]) -> None:
    """city-ybj as a workbook, from the same layout as the Word rendering (tests/test_docx_roundtrip.py):
    the layout's merges as merged ranges; a title row and a 说明 sheet before the table; the table from
    column B; 序号 as numbers; ticks as √, ✓ or a Wingdings ü, row by row in turn."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本工作簿第二页为目录。"
    ws = wb.create_sheet("目录")
    ws["B1"] = "市医疗保障局政务公开事项标准目录"
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=1 + len(rows[0]))
    for s in HEADER + layout(rows):
        r, c = s.row + 2, s.col + 2          # below the title row, from column B
        text = _BOOKMARK.sub("", s.text)
        cell = ws.cell(r, c)
        if s.col == 0 and text.strip().isdigit():
            cell.value = int(text)
        elif s.col in TICKS and text.strip() == "√" and s.row % 3 == 1:
            cell.value = "✓"
        elif s.col in TICKS and text.strip() == "√" and s.row % 3 == 2:
            cell.value, cell.font = "ü", Font(name="Wingdings")
        else:
            cell.value = text or None
        if s.rows > 1 or s.cols > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + s.rows - 1, end_column=c + s.cols - 1)
    wb.save(path)


def test_city_ybj_from_excel_equals_its_text_extraction(tmp_path):
    mapping = OFFICE / "city-ybj-xlsx.yaml"
    m = load_mapping(mapping)
    render_xlsx(tmp_path / m.source, extracted_rows())
    shutil.copy(mapping, tmp_path)
    cat = read_catalogue(m, tmp_path, BASE)
    assert_same_as_expected(cat)
    assert cat.records[0].source_fragment == "sheet=目录&range=B4:O4" and cat.records[0].source_lines == "4"
    assert cat.table.preamble == ["市医疗保障局政务公开事项标准目录"]
