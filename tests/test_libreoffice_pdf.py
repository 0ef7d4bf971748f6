"""PDFs that no zwgk code drew: city-ybj as a Word file laid out as agencies lay them out (landscape A3,
fixed column widths, ruled borders, the two header rows repeated on every page), printed to PDF by
LibreOffice (the real `soffice`, started on the file and ended by its own exit or by its PID on timeout).
Both the reviewed PDF mapping (tests/data/forms/city-ybj-pdf.yaml) and the mapping `zwgk mapping draft`
writes for the PDF, unedited, must read every item and every field of the hand-checked records.

The same Word file styled without borders, and city-ybj as an Excel sheet (merged cells, text in the
middle of its cells, no gridlines: Excel's defaults) printed by LibreOffice, are read from the positions
of their text (mappings/readers/pdfgrid.py). The Word print must read back whole. The Excel print shows
a merged 过程 cell's text once, in the middle of its rows, over several pages: where it is printed on no
page of some rows (LibreOffice draws it outside the page), those rows cannot show their 过程; every other
field must read back whole.

The check boxes are Unicode glyphs (■ □ ✓) in this Word file: LibreOffice has no Wingdings font here and
prints a Wingdings symbol in the middle of a line as an empty box, so a box drawn with w:sym would lose
its state in the PDF itself (a person could not read it either).

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zwgk.mappings import load_mapping, read_catalogue

from .conftest import BASE, EXPECTED_DIR, load_expected
from .libreoffice import convert, require
from .test_docx_roundtrip import assert_same_as_expected, comparable, extracted_rows, render_docx
from .test_draft import draft_to
from .test_fidelity import FIELDS_COMPARED

FORMS = Path(__file__).parent / "data" / "forms"
require()

#: column widths in mm, in the proportions of agencies' own files (content and legal bases widest)
WIDTHS = [10, 14, 30, 34, 60, 56, 30, 24, 40, 14, 14, 12, 14, 28]
GLYPHS = {"F0FE": "■", "F0A8": "□", "F0FC": "✓"}


def agency_layout(path: Path, borders: bool = True) -> None:
    """The Word file as an agency lays it out: A3 landscape, fixed widths, borders (or none: a table
    styled without them), repeated header."""
    d = docx.Document(path)
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(420), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))
    widths = [w * 390 / sum(WIDTHS) for w in WIDTHS]
    tbl = d.tables[0]._tbl
    lines = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("color", "000000")) if borders else (("val", "nil"),):
            e.set(qn(f"w:{k}"), v)
        lines.append(e)
    tbl.tblPr.append(lines)
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    tbl.tblPr.append(fixed)
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for tr in tbl.tr_lst[:2]:
        tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for tr in tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
            n = int(span.get(qn("w:val"))) if span is not None else 1
            width = tc.get_or_add_tcPr().get_or_add_tcW()
            width.set(qn("w:type"), "dxa")
            width.set(qn("w:w"), str(int(Mm(sum(widths[col:col + n])).twips)))
            col += n
    for row in d.tables[0].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(9)
    d.save(path)
    # Wingdings symbols → the glyphs they show (see the module text)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                for code, glyph in GLYPHS.items():
                    text = text.replace(f'<w:sym w:font="Wingdings" w:char="{code}"/>', f"<w:t>{glyph}</w:t>")
                data = text.encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def print_to_pdf(docx_path: Path) -> Path:
    """`soffice --headless --convert-to pdf` (tests/libreoffice.py); killed by PID if it hangs."""
    return convert(docx_path, "pdf", ".pdf")


@pytest.fixture(scope="module", params=[True, False], ids=["ruled", "borderless"])
def printed(request, tmp_path_factory):
    """(folder, PDF, borders) of city-ybj printed by LibreOffice, its table ruled or styled without borders."""
    tmp = tmp_path_factory.mktemp("libreoffice")
    folder = tmp / "catalogues"
    folder.mkdir()
    word = folder / "city-ybj.docx"
    render_docx(word, extracted_rows())
    agency_layout(word, borders=request.param)
    pdf = print_to_pdf(word)
    word.unlink()
    return folder, pdf, request.param


def drawn_tables(pdf: Path, header: str | None = None) -> list[bool]:
    """Whether each page has a table drawn with ruling lines (pdfplumber's own finding), and, given a header
    word, that every page prints it (the header repeated)."""
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        assert "LibreOffice" in (doc.metadata.get("Producer") or "") + (doc.metadata.get("Creator") or "")
        drawn = []
        for n, page in enumerate(doc.pages, 1):
            assert header is None or header in page.extract_text().replace(" ", ""), f"page {n}: no {header}"
            drawn.append(bool(page.find_tables()))
            page.close()
        return drawn


def test_the_pdf_is_a_real_multipage_print(printed):
    _, pdf, borders = printed
    drawn = drawn_tables(pdf, "公开依据")
    assert len(drawn) > 3
    assert drawn == [borders] * len(drawn)


def test_reviewed_mapping_reads_every_item_and_field(printed):
    folder, _, borders = printed
    mapping = folder / "city-ybj-pdf.yaml"
    shutil.copy(FORMS / "city-ybj-pdf.yaml", mapping)
    cat = read_catalogue(load_mapping(mapping), folder, BASE)
    assert any("no ruled table" in w for w in cat.warnings) is not borders
    assert_same_as_expected(cat)


def test_drafted_mapping_unedited_reads_every_item_and_field(printed, tmp_path):
    folder, pdf, _ = printed
    path, text = draft_to(tmp_path, pdf, "city-ybj-printed")
    assert "reader: pdf" in text
    assert_same_as_expected(read_catalogue(load_mapping(path), folder, BASE))


# ---------------------------------------------------------------------------------------------------
# the sheet as Excel prints it: no gridlines, text in the middle of its cells
# ---------------------------------------------------------------------------------------------------

#: Excel column widths (characters) and the columns printed in the middle (序号 and the ticks)
XLSX_WIDTHS = [5, 6, 12, 14, 28, 26, 14, 11, 18, 5, 5, 5, 5, 12]
XLSX_CENTRED = {0, 9, 10, 11, 12}


def render_xlsx(path: Path, rows: list[list[str]]) -> None:
    """city-ybj as an agency's Excel sheet: the Word file's cells and merges (header over two rows),
    wrapped text in the middle of its cells, row heights for the lines, A3 landscape fitted to the
    page's width, the header rows printed on every page; no gridlines printed (Excel's default)."""
    import math
    import re

    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .test_docx_roundtrip import HEADER, HEADER_ROWS, layout

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = f"1:{HEADER_ROWS}"
    lines: dict[int, int] = {}
    for s in HEADER + layout(rows):
        text = re.sub(r"\[bookmark: [^\]]*\]", "", s.text).strip()     # the extraction's debris
        cell = ws.cell(s.row + 1, s.col + 1, text)
        centred = s.row < HEADER_ROWS or s.col in XLSX_CENTRED
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if centred else "left")
        cell.font = Font(name="宋体", size=10)
        if s.rows > 1 or s.cols > 1:
            ws.merge_cells(start_row=s.row + 1, start_column=s.col + 1,
                           end_row=s.row + s.rows, end_column=s.col + s.cols)
        width = sum(XLSX_WIDTHS[s.col:s.col + s.cols]) - 1
        n = sum(max(1, math.ceil(sum(2 if ord(ch) > 255 else 1 for ch in part) / width))
                for part in text.split("\n"))
        for r in range(s.row, s.row + s.rows):
            lines[r] = max(lines.get(r, 1), math.ceil(n / s.rows))
    for i, w in enumerate(XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for r, n in lines.items():
        ws.row_dimensions[r + 1].height = 13.5 * n + 3
    wb.save(path)


@pytest.fixture(scope="module")
def printed_from_excel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("excel")
    folder = tmp / "catalogues"
    folder.mkdir()
    sheet = folder / "city-ybj.xlsx"
    render_xlsx(sheet, extracted_rows())
    pdf = convert(sheet, "pdf", ".pdf")
    sheet.unlink()
    return folder, pdf


def test_borderless_excel_print_drafted_mapping_unedited_reads_every_item(printed_from_excel, tmp_path):
    folder, pdf = printed_from_excel
    drawn = drawn_tables(pdf)
    assert len(drawn) > 3 and not any(drawn)
    path, text = draft_to(tmp_path, pdf, "city-ybj-printed")
    assert "reader: pdf" in text
    cat = read_catalogue(load_mapping(path), folder, BASE)
    got, want = comparable(cat), load_expected(EXPECTED_DIR / "city-ybj.json")["records"]
    assert [r["name"] for r in got] == [r["name"] for r in want]
    fields = [f for f in FIELDS_COMPARED if f not in ("source_lines", "stage", "inherited")]
    problems = [f"row {w['row']} ({w['name']}) {f}: expected {w[f]!r}, got {h[f]!r}"
                for w, h in zip(want, got) for f in fields if h[f] != w[f]]
    assert not problems, "\n".join(problems)
    # 过程: every item has one of the catalogue's stages (a merged 过程 cell printed on no page of its
    # rows leaves them the one above), and the first rows, under a 过程 printed in their middle, theirs
    stages = {tuple(r["stage"]) for r in want}
    assert all(tuple(h["stage"]) in stages for h in got)
    assert [h["stage"] for h in got[:8]] == [w["stage"] for w in want[:8]]


# ---------------------------------------------------------------------------------------------------
# a ruled sheet whose merged categories cross the page breaks, printed by Calc
# ---------------------------------------------------------------------------------------------------

CATEGORIES = [("机构信息", ["机构职能", "领导信息", "内设机构", "联系方式", "办公地址", "政策解读"]),
              ("规划计划", ["发展规划", "年度计划", "专项规划", "工作总结", "统计信息", "重点工作"]),
              ("财政信息", ["部门预算", "部门决算", "三公经费", "专项资金", "政府采购", "资产管理"]),
              ("行政执法", ["行政许可", "行政处罚", "行政检查", "行政强制", "执法人员", "执法统计"]),
              ("公共服务", ["办事指南", "收费标准", "投诉渠道", "便民服务", "服务承诺", "满意度调查"])]


def calc_printed(wb, tmp_path: Path, name: str, pages: int):
    """The workbook printed to PDF by LibreOffice Calc (at least `pages` pages), read with its draft unedited:
    (catalogue, the draft's text)."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    sheet = folder / f"{name}.xlsx"
    wb.save(sheet)
    pdf = convert(sheet, "pdf", ".pdf")
    sheet.unlink()
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= pages
    path, text = draft_to(tmp_path, pdf, name)
    return read_catalogue(load_mapping(path), folder, BASE), text


def test_merged_categories_over_calcs_page_breaks(tmp_path):
    """A ruled sheet, every cell framed, its 事项类别 merged over six items, printed by LibreOffice Calc with
    the header on every page: a merge crossing a page break is printed without its bottom rule on the first
    page (no rectangle closes it: its rows were cells of their own, blank), and its text, centred on its whole
    span, falls below the table on the one page or above the header on the next. That text parted the
    pages into tables of their own, the blank rows took the category above (规划计划 for 部门预算), and
    nothing was said. The rows under the open merge are one cell, and text standing in its column outside
    the table, a cell's text of that column on the next or last page, does not part the table."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    frame = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(1, 1, "县市场监督管理局政务公开事项目录")
    ws.merge_cells("A1:E1")
    for j, head in enumerate(["序号", "事项类别", "事项名称", "公开内容", "公开时限"], 1):
        ws.cell(2, j, head)
    names = [(cat, name) for cat, items in CATEGORIES for name in items]
    for i, (cat, name) in enumerate(names):
        r = 3 + i
        for j, v in enumerate([i + 1, cat if i % 6 == 0 else None, name, f"{name}的依据、流程和结果", "实时"], 1):
            if v is not None:
                ws.cell(r, j, v)
        ws.row_dimensions[r].height = 48
    for k in range(len(CATEGORIES)):
        ws.merge_cells(start_row=3 + 6 * k, start_column=2, end_row=8 + 6 * k, end_column=2)
    for row in ws.iter_rows(min_row=2, max_row=2 + len(names), max_col=5):
        for c in row:
            c.border, c.alignment = frame, Alignment(wrap_text=True, vertical="center")
    for j, w in enumerate([6, 10, 14, 40, 12]):
        ws.column_dimensions["ABCDE"[j]].width = w
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.scale = "landscape", 9, 62
    cat, text = calc_printed(wb, tmp_path, "scjg", 3)     # the merges do cross page breaks
    assert [r.name for r in cat.records] == [name for _, name in names], text
    assert [r.category for r in cat.records] == [[c] for c, _ in names], text
    assert "inherit:" not in text.replace("# inherit:", "")


def test_a_merge_over_three_pages_printed_by_calc(tmp_path):
    """A first-level category merged over 110 rows, printed by LibreOffice Calc with its text in the middle of
    its span, two pages on: its parts on the pages before are blank. The part on its first page was read as a
    cell of its own, blank, and the draft's `inherit: category` gave its rows the category above. So did a
    merge starting on a page's last row (行政确认, a page break set after its first row): its one-row part
    there is blank, its text on the next page."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.worksheet.pagebreak import Break

    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    frame = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(["序号", "事项类别", "事项名称", "公开依据", "公开时限"])
    spans = [("行政许可", 38), ("行政处罚", 110), ("行政确认", 5), ("行政检查", 6)]
    row, n, want = 2, 0, []
    for cat, k in spans:
        if cat == "行政确认":
            ws.row_breaks.append(Break(id=row))     # the page ends after its first row
        for j in range(k):
            n += 1
            ws.append([n, cat if j == 0 else None, f"{cat}事项{n}", "《中华人民共和国行政处罚法》", "7个工作日内"])
            want.append(cat)
        ws.merge_cells(start_row=row, start_column=2, end_row=row + k - 1, end_column=2)
        row += k
    for cells in ws.iter_rows():
        for c in cells:
            c.border, c.alignment = frame, Alignment(vertical="center")
    for col, w in zip("ABCDE", [6, 10, 20, 32, 14]):
        ws.column_dimensions[col].width = w
    ws.print_title_rows = "1:1"
    cat, text = calc_printed(wb, tmp_path, "chufa", 4)    # 行政处罚 runs over three pages
    assert [r.category[:1] for r in cat.records] == [[c] for c in want], text


def framed_landscape(ws, height: int, items: int = 20) -> None:
    """Six columns and `items` items framed, middle-aligned, rows `height` pt, landscape fit to width, the
    header printed on every page: how a sheet of Calc's probes is laid out."""
    from openpyxl.styles import Alignment, Border, Side
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=1, max_row=items + 1, max_col=6):
        for c in row:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            c.alignment = Alignment(vertical="center", wrap_text=True)
    for r in range(2, items + 2):
        ws.row_dimensions[r].height = height
    for col, w in zip("ABCDEF", [6, 14, 16, 30, 16, 20]):
        ws.column_dimensions[col].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


@pytest.mark.parametrize("height", [58, 60])
def test_merges_of_two_rows_cut_by_calcs_page_breaks(tmp_path, height):
    """一级事项 merged over two rows, the header repeated on every page: a merge cut one row and one row by the
    break has its text printed on the break itself, in the next page's repeated header (一级事项 + 土地管理: the
    read stopped, the header "found '一级事项土地管理'"). It is the text of the merge's part below."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "事项名称", "公开内容", "公开时限", "公开主体"])
    cats = ["机构信息", "政策文件", "规划管理", "土地管理", "不动产登记", "矿产资源", "执法监察", "财政信息", "建议提案", "信用信息"]
    for n in range(20):
        ws.append([n + 1, cats[n // 2] if n % 2 == 0 else None, f"事项{n + 1}", "办理依据、条件、程序、结果", "20个工作日内",
                   "市自然资源和规划局"])
    for k in range(10):
        ws.merge_cells(start_row=2 + 2 * k, start_column=2, end_row=3 + 2 * k, end_column=2)
    framed_landscape(ws, height)
    cat, text = calc_printed(wb, tmp_path, "ziranziyuan", 3)
    assert [(r.seq, r.category) for r in cat.records] == [(str(n + 1), [cats[n // 2]]) for n in range(20)], text


def test_two_merges_cut_by_one_break_print_their_texts_on_one_line(tmp_path):
    """一级事项 and 责任科室 merged over the same four rows, cut by a Calc page break: both texts, centred on
    the break, print on one line below the page's table (规划管理 规划科). The line parted the pages into two
    tables (the texts had to be one cell's whole text), and the merges lost their text on the first page."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "事项名称", "公开内容", "公开时限", "责任科室"])
    cats = ["机构信息", "政策文件", "规划管理", "土地管理", "不动产登记"]
    units = ["办公室", "法规科", "规划科", "耕地保护科", "登记中心"]
    for n in range(20):
        ws.append([n + 1, cats[n // 4] if n % 4 == 0 else None, f"事项{n + 1}", "办理依据、条件、程序、结果", "20个工作日内",
                   units[n // 4] if n % 4 == 0 else None])
    for k in range(5):
        ws.merge_cells(start_row=2 + 4 * k, start_column=2, end_row=5 + 4 * k, end_column=2)
        ws.merge_cells(start_row=2 + 4 * k, start_column=6, end_row=5 + 4 * k, end_column=6)
    framed_landscape(ws, 52)
    cat, text = calc_printed(wb, tmp_path, "guihua", 2)
    assert [(r.category, r.responsible_unit) for r in cat.records] == \
        [([cats[n // 4]], units[n // 4]) for n in range(20)], text


def test_merges_over_pages_of_one_tall_row(tmp_path):
    """Rows so tall that a page holds one: 一级事项 政策文件 merged over items 2-4 crosses page breaks in parts of
    one row. Calc prints its text where the middle of the whole merge falls, with its rows laid out from each
    page's: inside the middle item's row, off the page for the others; a part ending a page has no rule under
    it. The first part was left blank and took the category above it (a blank part of one row over a part of
    one row was not carried over the break)."""
    import openpyxl

    cats = ["机构信息"] + ["政策文件"] * 3 + ["规划管理"] * 2
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "事项名称", "公开内容", "公开时限", "责任科室"])
    for n, cat in enumerate(cats):
        first = n == 0 or cats[n - 1] != cat
        ws.append([n + 1, cat if first else None, f"事项{n + 1}", "办理依据、条件、程序、结果", "20个工作日内", "办公室"])
    ws.merge_cells(start_row=3, start_column=2, end_row=5, end_column=2)
    ws.merge_cells(start_row=6, start_column=2, end_row=7, end_column=2)
    framed_landscape(ws, 400, len(cats))
    cat, text = calc_printed(wb, tmp_path, "tall", 4)
    assert [r.category for r in cat.records] == [[c] for c in cats], text


def test_a_pdf_whose_fonts_map_no_characters_is_refused_saying_so(printed, tmp_path):
    """A PDF whose embedded fonts lack their ToUnicode map (some converters and printer drivers write them so):
    its text layer reads as (cid:N) glyph numbers. Refused saying so (it was 'no header row … add the table's
    wordings to headers.yaml', which sent the user to the wrong file); a few such glyphs among readable text
    are named in a warning."""
    from zwgk.mappings import ReadError
    from zwgk.mappings.readers import READERS
    read_pdf = READERS["pdf"]
    _, pdf, _ = printed
    data = pdf.read_bytes()
    assert b"/ToUnicode" in data
    broken = tmp_path / "nomap.pdf"
    broken.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))      # same length: the xref stays right
    with pytest.raises(ReadError, match=r"the text layer cannot be read: [\d,]+ of its [\d,]+ characters are glyphs "
                                        r"its fonts map to no character \(\(cid:N\)"):
        read_pdf("catalogues/nomap.pdf", broken)



TURNED = [("机构信息", ["机构职能", "内设机构", "领导信息"]), ("测绘地理信息", ["测绘资质", "地图审核", "地理信息成果"])]


@pytest.mark.parametrize("office", ["word", "excel"])
def test_category_text_turned_to_read_upward(tmp_path, office):
    """Narrow merged 类别 cells with their text turned to read bottom to top: Word's 文字方向 '将所有文字旋转270°'
    (btLr), Excel's 向上旋转文字 (textRotation 90), printed by LibreOffice. Every category was read backwards
    (机构信息 → 息信构机), a wrapped one scrambled (测绘地理信息 → 信理地绘测息), and nothing said (probe p22 a06)."""
    head = ["序号", "类别", "事项名称", "公开内容", "公开时限"]
    rows = [[str(n), cat if k == 0 else "", name, f"{name}的有关信息", "20个工作日内"]
            for n, (cat, name, k) in enumerate(((c, nm, k) for c, names in TURNED for k, nm in enumerate(names)), 1)]
    folder = tmp_path / "catalogues"
    folder.mkdir()
    if office == "word":
        d = docx.Document()
        t = d.add_table(rows=1 + len(rows), cols=len(head))
        t.style = "Table Grid"
        for r, row in enumerate([head] + rows):
            for j, text in enumerate(row):
                t.cell(r, j).text = text
        for k in (1, 4):
            cell = t.cell(k, 1).merge(t.cell(k + 2, 1))
            cell.text = rows[k - 1][1]
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), "btLr")
            cell._tc.get_or_add_tcPr().append(direction)
        for j, w in enumerate([12, 10, 40, 70, 30]):
            for cell in t.columns[j].cells:
                cell.width = Mm(w)
        src = folder / "turned.docx"
        d.save(src)
    else:
        import openpyxl
        from openpyxl.styles import Alignment, Border, Side
        wb = openpyxl.Workbook()
        ws = wb.active
        thin = Side(style="thin")
        for r, row in enumerate([head] + rows, 1):
            for j, text in enumerate(row, 1):
                c = ws.cell(r, j, text or None)
                c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for k in (2, 5):
            ws.merge_cells(start_row=k, start_column=2, end_row=k + 2, end_column=2)
            ws.cell(k, 2).alignment = Alignment(textRotation=90, wrap_text=True, horizontal="center", vertical="center")
        for j, w in enumerate([6, 5, 16, 30, 14]):
            ws.column_dimensions["ABCDE"[j]].width = w
        for r in range(2, 2 + len(rows)):
            ws.row_dimensions[r].height = 17     # 测绘地理信息 longer than its merge: wrapped
        src = folder / "turned.xlsx"
        wb.save(src)
    pdf = convert(src, "pdf", ".pdf")
    src.unlink()
    path, text = draft_to(tmp_path, pdf, "turned")
    cat = read_catalogue(load_mapping(path), folder, BASE)
    assert [(r.name, r.category) for r in cat.records] == [(nm, [c]) for c, names in TURNED for nm in names], text
