"""Excel 97-2003 (.xls) catalogues: the `xls` reader (xlrd) promises what the `xlsx` reader does (merged ranges,
values as shown, symbol-font ticks, sheets, provenance), on small workbooks written here with xlwt; city-ybj
rendered as an .xls reads back to the project's expected records, written by xlwt and by LibreOffice Calc
(the real BIFF8 writer, when it is installed); files that are not .xls are refused with the reason; a drafted
mapping of an .xls needs no edit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlwt

from zwgk.mappings import MappingError, ReadError, load_mapping, read_catalogue
from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.office import MAX_SLOTS
from zwgk.mappings.readers.xls import read_xls

from .conftest import BASE
from .officefiles import assert_unreadable, labels, mapping_file, read
from .test_docx_roundtrip import HEADER, OFFICE, TICKS, assert_same_as_expected, extracted_rows, layout
from .test_xlsx import _BOOKMARK, HEADER_ROWS, MAPPING as XLSX_MAPPING

MAPPING = XLSX_MAPPING.replace("reader: xlsx", "reader: xls").replace("test-xlsx", "test-xls")
TITLE = "某县医疗保障局政府信息公开目录"


def style(font: str | None = None, number_format: str | None = None) -> xlwt.XFStyle:
    s = xlwt.XFStyle()
    if font:
        s.font = xlwt.Font()
        s.font.name = font
    if number_format:
        s.num_format_str = number_format
    return s


def workbook(rows: list[list], merges: list[tuple[int, int, int, int]] = (), sheet: str = "目录",
             styles: dict[tuple[int, int], xlwt.XFStyle] | None = None) -> xlwt.Workbook:
    """A workbook whose sheet holds a title row merged across, the two-row header (merged as test_xlsx's) and
    `rows`; `merges`: (first row, last row, first column, last column) of data cells, counted from 0 within
    `rows`; `styles`: a data cell's style, by the same (row, column)."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    ws.write_merge(0, 0, 0, 6, TITLE)
    for c in range(5):
        ws.write_merge(1, 2, c, c, HEADER_ROWS[0][c])
    ws.write_merge(1, 1, 5, 6, HEADER_ROWS[0][5])
    ws.write(2, 5, "全社会")
    ws.write(2, 6, "特定群众")
    top, covered = 3, set()
    for r0, r1, c0, c1 in merges:
        ws.write_merge(top + r0, top + r1, c0, c1, rows[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) not in covered and value is not None:
                ws.write(top + r, c, value, (styles or {}).get((r, c), style()))
    return wb


def saved(tmp: Path, name: str, wb: xlwt.Workbook, mapping: str = MAPPING) -> Path:
    wb.save(str(tmp / name))
    return mapping_file(tmp, mapping, name)


def test_merged_ranges_apply_to_every_row_they_span(tmp_path):
    rows = [[1, "机构信息", "领导信息", "《政府信息公开条例》（国务院令第711号）", "■政府网站", "√", None],
            [2, None, "内设机构", None, "■政府网站", "√", None],
            [3, None, "机构职能", None, "■政府网站", "√", None],
            [4, None, "统计数据", None, "■政府网站", "√", None]]
    cat = read(tmp_path, saved(tmp_path, "m.xls", workbook(rows, [(0, 2, 1, 1), (0, 1, 3, 3)])))
    lead, units, duties, stats = cat.records
    assert units.category == duties.category == ["机构信息"] and units.inherited == {"category", "legal_basis"}
    assert [c.identifier for c in units.legal_basis] == ["国务院令第711号"] and duties.legal_basis == []
    assert stats.category == [] and stats.inherited == set()   # empty, not merged: stays empty
    assert cat.table.preamble == [TITLE]
    assert [r.source_fragment for r in cat.records[:2]] == ["sheet=目录&range=A4:G4", "sheet=目录&range=A5:G5"]
    assert cat.records[1].source_lines == "5"


def test_values_as_shown(tmp_path):
    """Whole numbers without .0, codes stored as numbers keep the zeros their format shows, line breaks in a
    cell are lines, a Wingdings ü is a tick and þ/¨ are boxes."""
    rows = [[1.0, "政策法规\n010000", "部门文件", "", "■政府网站\n□政府公报", "√", None],
            [2, "政策法规\n010000", "规范性文件\r\n010300", "", "þ政府网站 ¨政府公报", "ü", None]]
    wings = style("Wingdings")
    cat = read(tmp_path, saved(tmp_path, "v.xls", workbook(rows, styles={(1, 4): wings, (1, 5): wings})))
    first, second = cat.records
    assert (first.seq, first.code, first.name, first.category) == ("1", "", "部门文件", ["政策法规"])
    assert (second.seq, second.name, second.code) == ("2", "规范性文件", "010300")
    assert labels(first.channels) == ["政府网站"] and labels(second.channels) == ["政府网站"]
    assert labels(second.audience) == ["全社会"]


def test_numbers_dates_truth_values_and_errors_as_excel_shows_them(tmp_path):
    import datetime as dt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("值")
    ws.write(0, 0, 10100, style(number_format="000000"))
    ws.write(0, 1, 3.5)
    ws.write(0, 2, dt.date(2024, 3, 1), style(number_format="YYYY-MM-DD"))
    ws.write(0, 3, dt.datetime(2024, 3, 1, 9, 30), style(number_format="YYYY-MM-DD hh:mm"))
    ws.write(0, 4, True)
    ws.write(0, 5, xlwt.Formula("1/0"))        # no cached value: xlwt writes 0 with the formula
    ws.write(0, 6, 20)
    wb.save(str(tmp_path / "n.xls"))
    grid = read_xls("catalogues/n.xls", tmp_path / "n.xls", ReadOptions()).tables[0]
    assert [c.text for c in grid.rows[0]][:5] == ["010100", "3.5", "2024-03-01", "2024-03-01 09:30:00", "是"]
    assert grid.rows[0][6].text == "20"


#: a date's number format and the text Excel shows: words (年月日), numbers between separators with the year first
#: or no year (a yearly deadline, 6月30日 or 6/30, must not gain the year the cell stores), and formats shown in the
#: reader's own locale or with a short year, as ISO
DATE_FORMATS = [('yyyy"年"m"月"d"日"', "2023年6月30日"), ("yyyy年m月d日", "2023年6月30日"),
                ('[$-804]yyyy"年"m"月"d"日"', "2023年6月30日"), ('m"月"d"日"', "6月30日"), ("yyyy/m/d", "2023/6/30"),
                ("yyyy-mm-dd;@", "2023-06-30"), ("m/d", "6/30"), ("m/d/yy", "2023-06-30"), ("yy/m/d", "2023-06-30")]


def test_dates_as_their_format_shows_them_in_xls_and_xlsx(tmp_path):
    """A date cell of an .xls by its number format, as the .xlsx reader reads the same cell (the .xls gave
    2023-06-30 whatever the format: the yearly deadline 6月30日 became a one-off date); Excel's Chinese built-in
    formats, which a file names by number only (31: yyyy年m月d日, 58: m月d日), too."""
    import datetime as dt
    from openpyxl import Workbook

    from zwgk.mappings.readers.xlsx import read_xlsx
    day = dt.datetime(2023, 6, 30)
    wb = xlwt.Workbook(encoding="utf-8")
    # a built-in format is an XF naming its number with no FORMAT record, as Excel writes 31 and 58
    wb._Workbook__styles._num_formats.update({"(zh-CN 31)": 31, "(zh-CN 58)": 58})
    ws = wb.add_sheet("目录")
    for r, fmt in enumerate([f for f, _ in DATE_FORMATS] + ["(zh-CN 31)", "(zh-CN 58)"]):
        ws.write(r, 0, fmt)
        ws.write(r, 1, day, style(number_format=fmt))
    wb.save(str(tmp_path / "d.xls"))
    grid = read_xls("catalogues/d.xls", tmp_path / "d.xls", ReadOptions()).tables[0]
    assert [row[1].text for row in grid.rows] == [shown for _, shown in DATE_FORMATS] + ["2023年6月30日", "6月30日"]
    book = Workbook()
    for fmt, _ in DATE_FORMATS:
        book.active.append([fmt, day])
        book.active.cell(book.active.max_row, 2).number_format = fmt
    book.save(tmp_path / "d.xlsx")
    grid = read_xlsx("catalogues/d.xlsx", tmp_path / "d.xlsx", ReadOptions()).tables[0]
    assert [row[1].text for row in grid.rows] == [shown for _, shown in DATE_FORMATS]


def test_table_starting_in_column_b_and_sheets_named_or_numbered(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("说明").write(0, 0, "本工作簿第二页为目录。")
    ws = wb.add_sheet("2024 目录")
    for r, row in enumerate(HEADER_ROWS + [[1, "机构信息", "领导信息", "", "■政府网站", "√", None]], 2):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.write(r, c, v)
    for extra in ("sheet: 2024 目录\n", "sheet: 2\n", ""):
        mapping = mapping_file(tmp_path, MAPPING.replace("header: {{rows: 2}}", "header: {{rows: 2}}\n" + extra),
                               "b.xls")
        wb.save(str(tmp_path / "b.xls"))
        cat = read(tmp_path, mapping)
        assert cat.records[0].name == "领导信息", extra
        assert cat.records[0].source_fragment == "sheet=2024%20目录&range=B5:H5", extra


def test_a_stray_value_far_away_is_refused_and_formatted_blanks_are_not_cells(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("目录")
    ws.write(0, 0, "序号")
    ws.write(65000, 200, "", style("Wingdings"))      # a formatted blank far away: not part of the table
    wb.save(str(tmp_path / "f.xls"))
    grid = read_xls("catalogues/f.xls", tmp_path / "f.xls", ReadOptions()).tables[0]
    assert len(grid.rows) == 1 and len(grid.rows[0]) == 1
    ws.write(65000, 201, "x")                          # a value there: over MAX_SLOTS cells between
    wb.save(str(tmp_path / "f.xls"))
    assert 65001 * 202 > MAX_SLOTS
    with pytest.raises(ReadError, match=r"catalogues/f.xls: sheet '目录' has values from row 1 to 65001 .* "
                                        r"delete the stray cells"):
        read_xls("catalogues/f.xls", tmp_path / "f.xls", ReadOptions())


def test_a_merged_range_over_the_whole_sheet_is_one_cell_of_the_used_range(tmp_path):
    """A MERGEDCELLS record over A1:IV65536 (16.7 million cells) in a 6 KB file: clipped to the used range, read
    at once."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("目录")
    ws.write(0, 0, "序号")
    ws.write(1, 0, 1)
    ws._Worksheet__merged_ranges.append((0, 65535, 0, 255))     # the record alone, no blank cells written
    ws._Worksheet__merged_ranges.append((0, 1, 3, 4))           # and one whose first cell no row reaches
    wb.save(str(tmp_path / "m.xls"))
    assert (tmp_path / "m.xls").stat().st_size < 10_000
    grid = read_xls("catalogues/m.xls", tmp_path / "m.xls", ReadOptions()).tables[0]
    assert [[c.text for c in row] for row in grid.rows] == [["序号"], ["序号"]]
    assert grid.rows[0][0].span == (2, 1) and grid.rows[1][0].merged


@pytest.mark.parametrize("name,content,message", [
    ("zip.xls", b"PK\x03\x04" + b"\0" * 100, "an Excel 2007+ workbook (a zip package), not an .xls file: give the "
                                             "mapping `reader: xlsx`"),
    ("page.xls", "<html><table><tr><td>序号</td></tr></table></html>".encode(),
     "not an Excel 97-2003 (.xls) file (HTML or XML text (a web page saved as .xls?))"),
    ("cut.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "cannot be read as .xls (Excel 97-2003)"),
    ("empty.xls", b"", "catalogue file is empty"),
])
def test_unreadable_files(tmp_path, name, content, message):
    assert_unreadable(tmp_path, MAPPING, name, content, message)


def test_an_xls_given_to_the_xlsx_reader_and_a_compound_file_without_a_workbook(tmp_path):
    rows = [[1, "机构信息", "领导信息", "", "■政府网站", "√", None]]
    workbook(rows).save(str(tmp_path / "w.xls"))
    with pytest.raises(ReadError, match=r"catalogues/w.xls: an Excel 97-2003 \(.xls\) workbook: give its mapping "
                                        r"`reader: xls`"):
        read(tmp_path, mapping_file(tmp_path, XLSX_MAPPING, "w.xls"))
    # the same compound file with its Workbook stream renamed (as a .doc has a WordDocument stream instead)
    data = (tmp_path / "w.xls").read_bytes().replace("Workbook".encode("utf-16-le"), "Wordbook".encode("utf-16-le"))
    (tmp_path / "d.xls").write_bytes(data)
    with pytest.raises(ReadError, match=r"catalogues/d.xls: cannot be read as .xls \(Excel 97-2003\): .*workbook"):
        read(tmp_path, mapping_file(tmp_path, MAPPING, "d.xls"))


def test_the_draft_knows_an_xls_by_its_content(tmp_path):
    from zwgk.mappings.draft import detect_reader
    workbook([[1, "机构信息", "领导信息", "", "■政府网站", "√", None]]).save(str(tmp_path / "目录.dat"))
    assert detect_reader(tmp_path / "目录.dat")[:3] == ("xls", "an Excel 97-2003 workbook", True)
    (tmp_path / "page.xls").write_text("<html><table><tr><td>序号</td><td>事项名称</td></tr></table></html>",
                                       encoding="utf-8")
    assert detect_reader(tmp_path / "page.xls")[0] == "html"      # a web page saved as .xls
    (tmp_path / "odd.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert detect_reader(tmp_path / "odd.et")[:3] == ("xls", "named .et, but no Excel 97-2003 workbook xlrd can open",
                                                      True)                  # not taken for a Word file


def test_mapping_keys_are_checked(tmp_path):
    path = mapping_file(tmp_path, MAPPING, "x.xls", "table: 1\n")
    with pytest.raises(MappingError, match="'table' applies to reader docx, doc, html or pdf .*an xls catalogue names "
                                           "its 'sheet'"):
        load_mapping(path)


# ---------------------------------------------------------------------------------------------------
# round trip: city-ybj as an .xls
# ---------------------------------------------------------------------------------------------------

def render_xls(path: Path, rows: list[list[str]]) -> None:
    """city-ybj as an .xls, as tests/test_xlsx.py renders it as .xlsx: a 说明 sheet first, the table below a
    title row from column B, the layout's merges as merged ranges, 序号 as numbers, ticks as √, ✓ or a
    Wingdings ü in turn."""
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("说明").write(0, 0, "本工作簿第二页为目录。")
    ws = wb.add_sheet("目录")
    ws.write_merge(0, 0, 1, len(rows[0]), "市医疗保障局政务公开事项标准目录")
    wings = style("Wingdings")
    for s in HEADER + layout(rows):
        r, c = s.row + 1, s.col + 1          # below the title row, from column B
        text = _BOOKMARK.sub("", s.text)
        value, how = text, style()
        if s.col == 0 and text.strip().isdigit():
            value = int(text)
        elif s.col in TICKS and text.strip() == "√" and s.row % 3 == 1:
            value = "✓"
        elif s.col in TICKS and text.strip() == "√" and s.row % 3 == 2:
            value, how = "ü", wings
        if s.rows > 1 or s.cols > 1:
            ws.write_merge(r, r + s.rows - 1, c, c + s.cols - 1, value, how)
        elif value != "":
            ws.write(r, c, value, how)
    wb.save(str(path))


def xls_mapping(tmp: Path, source: str) -> Path:
    text = (OFFICE / "city-ybj-xlsx.yaml").read_text(encoding="utf-8")
    text = text.replace("reader: xlsx", "reader: xls").replace("source: city-ybj.xlsx", f"source: {source}")
    path = tmp / "city-ybj-xls.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_city_ybj_from_an_xls_equals_its_text_extraction(tmp_path):
    render_xls(tmp_path / "city-ybj.xls", extracted_rows())
    cat = read_catalogue(load_mapping(xls_mapping(tmp_path, "city-ybj.xls")), tmp_path, BASE)
    assert_same_as_expected(cat)
    assert cat.records[0].source_fragment == "sheet=目录&range=B4:O4" and cat.records[0].source_lines == "4"
    assert cat.table.preamble == ["市医疗保障局政务公开事项标准目录"]


def test_a_drafted_mapping_of_an_xls_reads_every_item_and_field_unedited(tmp_path):
    from zwgk.mappings.draft import draft_mapping, render
    render_xls(tmp_path / "city-ybj.xls", extracted_rows())
    text = render(draft_mapping(tmp_path / "city-ybj.xls", "city-ybj-drafted"))
    assert "reader: xls" in text and "sheet: 目录" in text
    (tmp_path / "drafted.yaml").write_text(text, encoding="utf-8")
    assert_same_as_expected(read_catalogue(load_mapping(tmp_path / "drafted.yaml"), tmp_path, BASE))


def test_city_ybj_saved_as_xls_by_libreoffice_calc(tmp_path):
    """The workbook test_xlsx renders, saved as Excel 97-2003 by LibreOffice Calc (its own BIFF8 writer, as an
    agency's office suite writes it): read with the same mapping, reader xls, it gives the same records."""
    from .libreoffice import convert, require
    from .test_xlsx import render_xlsx
    require()
    render_xlsx(tmp_path / "city-ybj.xlsx", extracted_rows())
    (tmp_path / "out").mkdir()
    xls = convert(tmp_path / "city-ybj.xlsx", "xls", ".xls")
    shutil.copy(xls, tmp_path / "out" / "city-ybj.xls")
    cat = read_catalogue(load_mapping(xls_mapping(tmp_path, "city-ybj.xls")), tmp_path / "out", BASE)
    assert_same_as_expected(cat)
