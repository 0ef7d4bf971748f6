"""PDF tables printed without borders (Excel prints no gridlines unless asked; a Word table styled without
borders prints none), or with lines between their columns only: cells found from where the text stands
(mappings/readers/pdfgrid.py).

The documents are drawn here with reportlab's canvas, as Word and Excel lay them out: text at the top of
its cell (Word) or in the middle of its cell and of a merged cell's rows (Excel); two header rows with a
cell over two columns; a table over pages, its header printed again or not; a row cut by the page break;
text before and after the table. No line is drawn anywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.cells import clean_text
from zwgk.mappings.draft import load_dictionary, probe0
from zwgk.mappings.readers.base import Document, ReadError, ReadOptions
from zwgk.mappings.readers.pdf import read_pdf

from .conftest import BASE

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
LINE = 12          # points from one line of a cell to the next
PAD = 4            # points between a cell's edge and its text (above and below)
PROBE = probe0(load_dictionary())      # the header probe `zwgk mapping draft` reads a new file with


# ---------------------------------------------------------------------------------------------------
# drawing tables without lines
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class M:
    """A cell over `rows` × `cols` slots (None in the slots it covers)."""
    text: str
    rows: int = 1
    cols: int = 1


@dataclass
class T:
    rows: list[list]                      # cells: text, M, or None under a merge
    widths: tuple = (40, 90, 150, 90)
    valign: str = "top"                   # "top" (Word) or "middle" (Excel)
    line: float = LINE                    # points from one line of a cell to the next
    centred_head: int = 0                 # the first rows, text centred in their cells (Calc's header)


def _cell(x) -> M:
    return x if isinstance(x, M) else M(x)


def heights(t: T) -> list[float]:
    """Each row's height: its tallest one-row cell's lines, a line at least, and the padding."""
    out = []
    for row in t.rows:
        lines = [len(_cell(x).text.split("\n")) for x in row if x is not None and _cell(x).rows == 1]
        out.append(max(lines + [1]) * t.line + 2 * PAD)
    return out


def draw_table(c: canvas.Canvas, t: T, top: float, left: float = 60, page_height: float = HEIGHT) -> float:
    """Print the cells' text where Word or Excel would, and no line; return the table's bottom
    (points from the page's top)."""
    xs = [left + sum(t.widths[:i]) for i in range(len(t.widths) + 1)]
    hs = heights(t)
    ys = [top + sum(hs[:i]) for i in range(len(hs) + 1)]
    c.setFont(FONT, 10)
    for r, row in enumerate(t.rows):
        for col, x in enumerate(row):
            if x is None:
                continue
            m = _cell(x)
            lines = m.text.split("\n") if m.text else []
            span = ys[r + m.rows] - ys[r]
            block = len(lines) * t.line
            first = ys[r] + PAD if t.valign == "top" else ys[r] + (span - block) / 2
            for k, line in enumerate(lines):
                y = page_height - (first + (k + 1) * t.line - 2.5)
                if t.valign == "middle" and m.cols > 1 or r < t.centred_head:    # Excel's "merge and centre"
                    c.drawCentredString((xs[col] + xs[col + m.cols]) / 2, y, line)
                else:
                    c.drawString(xs[col] + PAD, y, line)
    return ys[-1]


def draw(path: Path, pages: list[list], footer: bool = True, running: str | None = None,
         number: str | None = None) -> Path:
    """Pages of items top to bottom: text lines (str, 12 pt) and tables (T); a page number at the foot
    of each page (- 3 -, or as `number` writes {n}), and a running header at its top if given."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, items in enumerate(pages, 1):
        y = 60.0
        if running:
            c.setFont(FONT, 9)
            c.drawString(60, HEIGHT - 36, running)
        for item in items:
            if isinstance(item, T):
                y = draw_table(c, item, y) + 20
            else:
                c.setFont(FONT, 12)
                c.drawString(60, HEIGHT - y - 12, item)
                y += 26
        if footer or number:
            c.setFont(FONT, 9)
            c.drawCentredString(WIDTH / 2, 30, (number or "- {n} -").format(n=n))
        c.showPage()
    c.save()
    return path


def read(path: Path, probe=PROBE) -> Document:
    return read_pdf(f"catalogues/{path.name}", path, ReadOptions(header_probe=probe))


def texts(grid, i: int) -> list[str]:
    return [c.text for c in grid.rows[i]]


def compact(text: str) -> str:
    return "".join(text.split())


HEADER = ["序  号", "事项名称", "公开内容", "公开时限"]     # 序号 printed with spaces, as Word headers often are


def item(n: int, lines: int = 1) -> list[str]:
    content = "\n".join(f"第{k}行内容" for k in range(1, lines + 1))
    return [str(n), f"事项{n}", content, "20个工作日"]


# ---------------------------------------------------------------------------------------------------
# Word: text at the top of its cell; a table over two pages, its header printed again; a row cut
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def word(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "无框.pdf"
    first = [item(n, lines=1 + n % 3) for n in range(1, 6)] + [["6", "行政规范性", "上半\n内容", "20个"]]
    second = [["", "文件解读", "下半", "工作日"]] + [item(n, lines=2) for n in range(7, 10)]
    return read(draw(path, [["某某局政务公开目录", T([HEADER] + first)], [T([HEADER] + second)]]))


def test_word_table_over_pages_is_one_grid_of_its_cells(word):
    assert len(word.tables) == 1 and word.tables[0].name == "table 1 (pages 1-2)"
    grid = word.tables[0]
    assert grid.width == 4
    assert [compact(t) for t in texts(grid, 0)] == ["序号", "事项名称", "公开内容", "公开时限"]
    keys = [texts(grid, i)[0] for i in range(len(grid.rows))]
    # the header printed again on page 2 is kept as a row (assemble drops it); the cut row's lower part
    # is no row of its own
    assert [k for k in keys if compact(k) != "序号"] == [str(n) for n in range(1, 10)]
    assert sum(compact(k) == "序号" for k in keys) == 2
    row = grid.rows[keys.index("2")]          # a cell of three lines, the others of one
    assert [c.text for c in row] == ["2", "事项2", "第1行内容\n第2行内容\n第3行内容", "20个工作日"]


def test_word_row_cut_by_the_page_break_is_joined(word):
    grid = word.tables[0]
    row = next(r for r in grid.rows if r[0].text == "6")
    assert [c.text for c in row] == ["6", "行政规范性\n文件解读", "上半\n内容\n下半", "20个\n工作日"]
    assert row[0].page == 1


def test_word_row_without_an_item_number_cut_by_the_page_break_is_joined(tmp_path):
    """No 序号: a Word row allowed to break over pages, cut after its first line, each of its cells going on
    on the next page (部门和地方 / 政府规章). Every cell the lower part fills goes on from a full last line of
    the row above (the column's own wrapped lines are no longer), level at the cut: one row, not a row of
    its own (where its name read as another item's)."""
    header = ["事项名称", "公开内容", "公开主体", "公开时限"]
    full = [["机构职能", "机构名称、办\n公地址、电话", "办公室", "信息形成之日\n起二十日内"],
            ["行政许可事\n项", "领导姓名、职\n务、分工", "办公室财务\n科", "信息形成之日\n起二十日内"]]
    cut = ["部门和地方", "国家部委、省", "各相关业务", "上级机关发布"]
    rest = ["政府规章", "政府的规章", "科室", "之日起五日内"]
    after = [["其他政策文件", "规范性文件", "办公室", "信息形成之日\n起二十日内"]]
    widths = (80, 80, 70, 80)
    path = draw(tmp_path / "cut-no-number.pdf", [[T([header] + full + [cut], widths=widths)],
                                                 [T([header] + [rest] + after, widths=widths)]])
    grid = read(path).tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header] + full + [
        [f"{a}\n{b}" for a, b in zip(cut, rest)]] + [header] + after


def test_word_text_around_the_table_and_the_warning(word):
    assert word.tables[0].before == ["某某局政务公开目录"]
    assert word.after == []                       # page numbers are no text of the document
    assert not word.merges_seen
    assert any("no ruled table" in w and "merged cells cannot be seen" in w for w in word.warnings)


# ---------------------------------------------------------------------------------------------------
# Excel: text in the middle of its cell, a merged cell's text in the middle of its rows; two header
# rows, a cell over two columns; a category over two columns; a column blank in every item
# ---------------------------------------------------------------------------------------------------

EXCEL_HEADER = [[M("序号", rows=2), M("类别", rows=2), M("事项名称", rows=2), M("公开对象", cols=2), None,
                 M("公开时限", rows=2), M("备注", rows=2)],
                [None, None, None, "全社会", "特定群众", None, None]]
EXCEL_WIDTHS = (36, 70, 110, 50, 56, 110, 40)


def excel_rows() -> list[list]:
    limit = "自信息形成之日\n起20个工作日内"
    return [
        ["1", M("政策文件", rows=3), "规范性文件", "√", "", limit, ""],
        ["2", None, "政策解读", "√", "", "及时公开", ""],
        ["3", None, "其他文件\n（含附件）\n目录", "", "√", limit, ""],
        ["4", M("机构信息", rows=2), "机构职能", "√", "", "及时公开", ""],
        ["5", None, "领导信息", "√", "", limit, ""],
        ["6", "人事任免和招录信息", None, "√", "", "每年1月31日前", ""],
    ]


@pytest.fixture(scope="module")
def excel(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "表格.pdf"
    t = T(EXCEL_HEADER + excel_rows(), widths=EXCEL_WIDTHS, valign="middle")
    return read(draw(path, [["某某局政务公开事项目录", t, "注：本目录由某某局办公室负责解释，自印发之日起施行。",
                             "                                        2024年1月"]]))


def test_excel_two_header_rows_with_a_cell_over_two_columns(excel):
    grid = excel.tables[0]
    assert grid.width == 7                       # 备注, blank in every item, is a column
    upper, lower = grid.rows[0], grid.rows[1]
    assert [c.text for c in upper] == ["序号", "类别", "事项名称", "公开对象", "公开对象", "公开时限", "备注"]
    assert upper[3].span == (1, 2) and upper[4].origin == (grid.numbers[0], 4)
    assert [c.text for c in lower][3:5] == ["全社会", "特定群众"]
    assert all(lower[c].merged for c in (0, 1, 2, 5, 6))


def test_excel_merged_category_text_in_the_middle_belongs_to_all_its_rows(excel):
    grid = excel.tables[0]
    rows = {r[0].text: r for r in grid.rows[2:]}
    assert list(rows) == ["1", "2", "3", "4", "5", "6"]
    first = rows["1"][1]
    assert first.text == "政策文件" and first.span == (3, 1)
    for n in ("2", "3"):
        assert rows[n][1].merged and rows[n][1].origin == (rows["1"][1].first_line, 2)
    assert rows["4"][1].text == "机构信息" and rows["4"][1].span == (2, 1) and rows["5"][1].merged
    assert [rows[n][2].text for n in ("1", "2", "3", "4", "5")] == [
        "规范性文件", "政策解读", "其他文件\n（含附件）\n目录", "机构职能", "领导信息"]


def test_excel_cells_in_the_middle_of_their_rows(excel):
    grid = excel.tables[0]
    rows = {r[0].text: r for r in grid.rows[2:]}
    assert [rows["1"][k].text for k in (3, 4, 5, 6)] == ["√", "", "自信息形成之日\n起20个工作日内", ""]
    assert [rows["3"][k].text for k in (3, 4)] == ["", "√"]
    # a category printed over the next column (a cell merged across, the item has no name of its own):
    # one cell over both
    assert rows["6"][1].text == "人事任免和招录信息" and rows["6"][1].span == (1, 2)
    assert rows["6"][2].origin == (rows["6"][1].first_line, 2)


def test_excel_note_and_date_after_the_table_are_no_rows(excel):
    assert excel.tables[0].before == ["某某局政务公开事项目录"]
    assert excel.after == ["注：本目录由某某局办公室负责解释，自印发之日起施行。", "2024年1月"]
    assert [r[0].text for r in excel.tables[0].rows][-1] == "6"


# ---------------------------------------------------------------------------------------------------
# more layouts
# ---------------------------------------------------------------------------------------------------

def test_page_without_the_header_goes_on_in_the_columns_of_the_page_before(tmp_path):
    """…under a running header (the same line at the same place on every page), which is no row; nor
    are rows printed at the same place on both pages a running header."""
    path = draw(tmp_path / "续页.pdf", [[T([HEADER] + [item(n, 2) for n in range(1, 4)])],
                                        [T([HEADER] + [item(n, 2) for n in range(4, 7)])],
                                        [T([item(n, 2) for n in range(7, 10)])]], running="某某县人民政府办公室")
    doc = read(path)
    assert len(doc.tables) == 1 and doc.tables[0].name == "table 1 (pages 1-3)"
    # (the running line over the first table kept there once, as the document's own text; its repeats not)
    assert doc.tables[0].before == ["某某县人民政府办公室"] and doc.after == []
    grid = doc.tables[0]
    assert [texts(grid, i)[0] for i in range(len(grid.rows)) if compact(texts(grid, i)[0]) != "序号"] == [
        str(n) for n in range(1, 10)]
    assert all(texts(grid, i)[2] == "第1行内容\n第2行内容" for i in range(len(grid.rows))
               if compact(texts(grid, i)[0]) != "序号")


def test_page_without_the_header_after_a_page_of_rows_only(tmp_path):
    path = draw(tmp_path / "续页2.pdf", [[T([HEADER] + [item(n, 2) for n in range(1, 4)])],
                                         [T([item(n, 2) for n in range(4, 7)])]])
    doc = read(path)
    assert len(doc.tables) == 1 and doc.tables[0].name == "table 1 (pages 1-2)"
    assert [texts(doc.tables[0], i)[0] for i in range(1, 7)] == ["1", "2", "3", "4", "5", "6"]
    assert texts(doc.tables[0], 5) == ["5", "事项5", "第1行内容\n第2行内容", "20个工作日"]


def test_two_tables_on_a_page_each_with_its_title(tmp_path):
    path = draw(tmp_path / "两表.pdf", [["一、主动公开", T([HEADER, item(1), item(2)]),
                                        "二、依申请公开", T([HEADER, item(3)])]])
    doc = read(path)
    assert [g.name for g in doc.tables] == ["table 1 (page 1)", "table 2 (page 1)"]
    assert doc.tables[0].before == ["一、主动公开"] and doc.tables[1].before == ["二、依申请公开"]
    assert [texts(doc.tables[1], i)[0] for i in range(2)] == ["序 号", "3"]
    assert doc.tables[1].fragment(2, 2) == "page=1&table=2&row=2"


def test_header_cells_wrapped_in_narrow_columns_printed_on_every_page(tmp_path):
    """No line of the header reads as one (公开 / 时限 wrapped, 序号 in the middle): its lines together
    do; printed at the same place on every page, it is no running header."""
    header = ["序号", "公开\n事项", "公开\n内容", "公开\n时限", "责任\n科室"]
    widths = (36, 60, 150, 70, 60)

    def rows(ns):
        return [[str(n), f"事项{n}", "第1行内容\n第2行内容", "及时", "办公室"] for n in ns]
    path = draw(tmp_path / "窄列.pdf", [[T([header] + rows(range(1, 4)), widths=widths, valign="middle")],
                                        [T([header] + rows(range(4, 6)), widths=widths, valign="middle")]])
    doc = read(path)
    assert len(doc.tables) == 1 and doc.tables[0].name == "table 1 (pages 1-2)"
    grid = doc.tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows))] == (
        [["序号", "公开\n事项", "公开\n内容", "公开\n时限", "责任\n科室"]] + rows(range(1, 4))
        + [["序号", "公开\n事项", "公开\n内容", "公开\n时限", "责任\n科室"]] + rows(range(4, 6)))


@pytest.mark.parametrize("line", [12, 17])
def test_header_cells_wrapped_with_lines_apart_as_fonts_print_them(line, tmp_path):
    """序 / 号 and 公开 / 时限 wrapped, the rest of the header on its first line: at 17 points a line in a 10-point
    font (the gap 0.7 of the text's height, as Noto CJK prints single spacing, LibreOffice's 宋体 on Linux)
    the lower line is still the header's (it was the first row, 号 | | | 时限: "the table starts with a
    continuation row", every item lost), and an item's cell of two lines one cell."""
    header = ["序\n号", "事项名称", "公开内容", "公开\n时限"]
    widths = (24, 90, 150, 40)

    def rows(ns):
        return [[str(n), f"事项{n}", "第1行内容\n第2行内容", "及时"] for n in ns]
    path = draw(tmp_path / "宽行距.pdf", [[T([header] + rows(range(1, 5)), widths=widths, line=line)]])
    grid = read(path).tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header] + rows(range(1, 5))


def test_cells_printed_close_together_and_a_note_column(tmp_path):
    """Excel prints a cell's text as close as 2 pt to the next cell's: two cells, not one. A note in a
    column blank on most rows, right of the columns every item fills, is its own row's only (a category
    column on the left is a merge over the rows around its text)."""
    header = ["序号", "类别", "事项名称", "公开时限", "公开主体", "备注"]
    # 每年的1月31日前公开 fills its column: the next cell's text starts 2 pt after it
    widths = (36, 60, 80, pdfmetrics.stringWidth("每年的1月31日前公开", FONT, 10) + 2, 60, 60)
    rows = [["1", M("政策文件", rows=3), "规范性文件\n（含解读）", "每年的1月31日前公开", "办公室", ""],
            ["2", None, "政策解读", "每年的1月31日前公开", "办公室", "另行公布"],
            ["3", None, "其他文件\n（含附件）", "每年的1月31日前公开", "办公室", ""]]
    path = draw(tmp_path / "紧排.pdf", [[T([header] + rows, widths=widths, valign="middle")]])
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    assert any(w["text"].startswith("每年的1月31日前公开办公室") for w in words)     # one word at 3 pt
    grid = read(path).tables[0]
    assert [texts(grid, i) for i in range(1, 4)] == [
        ["1", "政策文件", "规范性文件\n（含解读）", "每年的1月31日前公开", "办公室", ""],
        ["2", "政策文件", "政策解读", "每年的1月31日前公开", "办公室", "另行公布"],
        ["3", "政策文件", "其他文件\n（含附件）", "每年的1月31日前公开", "办公室", ""]]
    assert grid.rows[1][1].span == (3, 1) and grid.rows[2][5].span == (1, 1)


def test_a_cells_line_with_spaces_close_to_the_cell_before(tmp_path):
    """A cell's line of entries apart by spaces (1.政务微博 2.政务微信), filling its column, its text starting 4 pt
    after the text of the cell before it (Calc): the room a space leaves inside the line is no room between two
    columns (the boundary was set there, and 1.政务微博 read as the end of the 公开内容 cell before it)."""
    header = ["序号", "事项名称", "公开内容", "\u3000" * 8 + "公开渠道"]     # 公开渠道 centred over its column
    content = "医疗服务预警信息的依据、流程"
    widths = (36, 60, pdfmetrics.stringWidth(content, FONT, 10) + PAD, 200)
    rows = [["1", "事项1", content, "1.政务微博 2.政务微信 3.政府公报"],
            ["2", "事项2", "名单", "政府网站"], ["3", "事项3", "结果", "政府网站"]]
    path = draw(tmp_path / "空格.pdf", [["某某局政务公开目录", T([header] + rows, widths=widths)]])
    grid = read(path).tables[0]
    assert [texts(grid, i) for i in range(1, 4)] == rows


def test_a_number_ending_the_page_in_a_cell_is_no_page_number(tmp_path):
    """A cell's last line, a bare number, the page's last line in its bottom margin (国务院令第 / 649 / 号 cut by
    the page break): the cell's text, not the page's number (it was dropped as one: 国务院令第号), which numbers
    the pages as the page numbers do (the page's place in the file, or that plus what the others add)."""
    rows = [item(n, lines=2) for n in range(1, 21)] + [["21", "事项21", "第一行内容\n649", "20个工作日"]]
    grid = read(draw(tmp_path / "页脚.pdf", [[T([HEADER] + rows)]], footer=False)).tables[0]
    assert texts(grid, len(grid.rows) - 1) == ["21", "事项21", "第一行内容\n649", "20个工作日"]
    # a bare page number, on every page as its place: left out
    grid = read(draw(tmp_path / "页码.pdf", [[T([HEADER] + rows[:3])], [T([HEADER] + rows[3:6])]],
                     footer=False, number="{n}")).tables[0]
    assert [compact(texts(grid, i)[0]) for i in range(len(grid.rows))] == ["序号", "1", "2", "3", "序号", "4", "5", "6"]


def test_a_merged_cell_right_of_the_names_printed_across_its_rows(tmp_path):
    """A 公开依据 merged over two items, printed by Excel in the middle of both rows: its lines stand over
    the edge between them, off either row's middle, so it is one merged cell over both (a text in the
    middle of its own row, in a column blank on most rows, stays that row's only)."""
    header = ["序号", "事项名称", "公开内容", "公开依据", "备注"]
    law = "《中华人民共和国\n政府信息公开条例》"
    rows = [["1", "规范性文件", "文件全文\n及解读", M(law, rows=2), ""],
            ["2", "政策解读", "解读材料", None, "另行公布"],
            ["3", "机构职能", "职能\n内设机构\n联系方式", "", ""],
            ["4", "领导信息", "姓名、职务", "", ""]]
    grid = read(draw(tmp_path / "依据.pdf", [[T([header] + rows, widths=(36, 80, 90, 120, 60),
                                                 valign="middle")]])).tables[0]
    assert [texts(grid, i)[3:] for i in range(1, 5)] == [
        [law, ""], [law, "另行公布"], ["", ""], ["", ""]]
    assert grid.rows[1][3].span == (2, 1) and grid.rows[2][3].merged


def test_columns_right_of_the_names_tiled_by_merges_printed_in_their_middle(tmp_path):
    """Excel prints a merged cell's text in the middle of its rows: 公开主体 merged down the whole table
    stands on its middle row only, 公开依据 merged over each category on each one's middle. A column whose
    texts tile it exactly so (each the middle of the rows from the last one's end to the table's foot) is
    read as those merges, right of the names too (each text was its one row's, the rows around it blank).
    A column that does not tile (a text of one row with blank rows below it only) keeps its rows."""
    header = ["序号", "类别", "事项名称", "公开内容", "公开依据", "公开主体", "备注"]
    law1, law2 = "《政府信息公开条例》", "《预算法》"
    rows = [["1", M("政务公开", rows=2), "公开指南", "指南全文\n及目录", M(law1, rows=2), M("某镇人民政府", rows=5), ""],
            ["2", None, "年度报告", "年度报告全文", None, None, ""],
            ["3", M("财政信息", rows=3), "部门预算", "预算表\n及说明", M(law2, rows=3), None, "另见附件"],
            ["4", None, "部门决算", "决算表\n及说明", None, None, ""],
            ["5", None, "三公经费", "三公经费\n预算执行\n情况", None, None, ""]]
    grid = read(draw(tmp_path / "居中.pdf", [[T([header] + rows, widths=(36, 64, 70, 80, 110, 90, 60),
                                                 valign="middle")]])).tables[0]
    body = [texts(grid, i) for i in range(1, 6)]
    assert [r[4] for r in body] == [law1, law1, law2, law2, law2]
    assert [r[5] for r in body] == ["某镇人民政府"] * 5
    assert [r[6] for r in body] == ["", "", "另见附件", "", ""]        # a note of one row stays there
    assert grid.rows[1][5].span == (5, 1) and all(grid.rows[i][5].merged for i in range(2, 6))


def test_a_merged_cell_printed_at_the_top_running_on_below_its_first_row(tmp_path):
    """Printed at the top (Word, Excel's top), a merged cell's text longer than its first row runs on
    into the rows below, between their own lines: one merged cell over the rows it reaches, not a line
    in each row (a text starting where its row starts is that row's own)."""
    header = ["序号", "事项名称", "公开内容", "公开依据"]
    law = "《中华人民共和国\n政府信息公开\n条例》第二十条"
    rows = [["1", "规范性文件", "文件全文", M(law, rows=2)],
            ["2", "政策解读", "解读材料", None],
            ["3", "机构职能", "职能", "《档案法》"],
            ["4", "领导信息", "姓名、职务", ""]]
    grid = read(draw(tmp_path / "顶端.pdf", [[T([header] + rows, widths=(36, 80, 90, 120))]])).tables[0]
    assert [texts(grid, i)[3] for i in range(1, 5)] == [law, law, "《档案法》", ""]
    assert grid.rows[1][3].span == (2, 1) and grid.rows[2][3].merged


def test_a_column_boundary_between_overlapping_header_cells():
    """Word prints 公开对象 at the left of its merge, wider than 全社会 under it, so its cell reaches over
    the start of 特定群众's: the boundary between the two tick columns stays left of where 特定群众's
    ticks start (not in the free strip right of them, which put them in 全社会's column)."""
    from zwgk.mappings.readers.pdfgrid import Line, TextTables

    def word(text, x0, x1, top):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10}
    header = [Line([word("公开对象", 190, 230, 66)], 66, 76), Line([word("特定群众", 226, 266, 78)], 78, 88)]
    body = [Line([word("√", 190, 200, 106)], 106, 116), Line([word("√", 226, 236, 126)], 126, 136),
            Line([word("√", 190, 200, 146), word("√", 226, 236, 146)], 146, 156)]
    xs = TextTables(lambda texts: False)._columns([[190.0, 230.0], [226.0, 266.0]], header, body)
    assert len(xs) == 3 and 200 < xs[1] <= 226


def test_rows_at_the_top_as_tight_as_a_cells_lines(tmp_path, monkeypatch):
    """Excel's auto-fit leaves less room between two rows than between a cell's lines: with text at the
    top, each row still opens at its number (every column's text starts on the number's line), not after
    the widest gap, which lies inside the first item."""
    import tests.test_pdf_borderless as here
    monkeypatch.setattr(here, "PAD", -1.5)      # rows 3 pt closer than a cell's lines
    header = ["序号", "事项名称", "公开内容", "公开时限"]
    rows = [["1", "规范性\n文件", "文件全文\n及解读", "20个工作日"],
            ["2", "政策解读", "解读材料", "及时"]]      # two items: too few to judge by the gaps
    grid = read(draw(tmp_path / "紧凑.pdf", [[T([header] + rows, widths=(36, 80, 110, 80))]])).tables[0]
    assert [texts(grid, i) for i in range(1, 3)] == rows


def test_a_group_centred_over_three_sub_headers_with_the_mappings_own_wordings(tmp_path):
    """Excel centres 公开事项 over 一级事项, 二级目录 and 三级目录, whose columns are of other widths: its
    middle stands over none of them and only one is within a character of it. A reviewed mapping's probe
    knows the leaf wordings only; declaring two header rows, the line just above them is the upper row."""
    path = tmp_path / "三级.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 10)
    for text, x, y in [("公开事项", 175, 100), ("序号", 65, 112), ("公开内容", 340, 112),
                       ("一级事项", 102, 124), ("二级目录", 154, 124), ("三级目录", 227, 124)]:
        c.drawString(x, HEIGHT - y, text)
    for n, y in ((1, 150), (2, 172), (3, 194)):
        for text, x in [(str(n), 70), (f"类别{n}", 102), (f"子类{n}", 154), (f"事项{n}", 227), (f"内容{n}", 340)]:
            c.drawString(x, HEIGHT - y, text)
    c.showPage()
    c.save()
    leaf = {"序号", "一级事项", "二级目录", "三级目录", "公开内容"}
    doc = read_pdf(f"catalogues/{path.name}", path,
                   ReadOptions(header_rows=2, header_probe=lambda texts: sum(t in leaf for t in texts) >= 3))
    grid = doc.tables[0]
    assert "公开事项" in texts(grid, 0) and "公开事项" not in texts(grid, 1)     # the upper row, not a title
    assert [compact(x) for x in texts(grid, 1)] == ["序号", "一级事项", "二级目录", "三级目录", "公开内容"]
    assert texts(grid, 2) == ["1", "类别1", "子类1", "事项1", "内容1"]


def test_a_group_centred_over_three_sub_headers_recognised_from_the_upper_row(tmp_path):
    """The same group, the other way round: the mapping's wordings are those of the upper row (序号
    公开事项 公开内容 政策依据), the sub-headers under 公开事项 are read from the line below it. Centred over
    three columns, 公开事项 reaches within a character of the two right ones only; the third, under no
    other header word, is in its group all the same (the group's middle is then nearer the name's)."""
    path = tmp_path / "三级上.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 10)
    bounds = [40, 70, 113, 156, 225, 335, 430]      # 序号, three levels, 公开内容, 政策依据

    def centred(text: str, a: float, b: float, y: float) -> None:
        c.drawCentredString((a + b) / 2, HEIGHT - y, text)
    for text, i in [("序号", 0), ("公开内容", 4), ("政策依据", 5)]:
        centred(text, bounds[i], bounds[i + 1], 100)
    centred("公开事项", bounds[1], bounds[4], 100)
    for text, i in [("一级目录", 1), ("二级事项", 2), ("三级事项", 3)]:
        centred(text, bounds[i], bounds[i + 1], 118)
    rows = [[str(n), f"类别{n}", f"子类{n}", f"事项{n}", f"公开内容{n}的标准", f"依据文件第{n}号"] for n in (1, 2, 3)]
    for row, y in zip(rows, (142, 164, 186)):
        for text, x in zip(row, bounds):
            c.drawString(x + 3, HEIGHT - y, text)
    c.showPage()
    c.save()
    upper = {"序号", "公开事项", "公开内容", "政策依据"}
    doc = read_pdf(f"catalogues/{path.name}", path,
                   ReadOptions(header_rows=2, header_probe=lambda texts: sum(t in upper for t in texts) >= 3))
    grid = doc.tables[0]
    assert [compact(x) for x in texts(grid, 1)] == ["序号", "一级目录", "二级事项", "三级事项", "公开内容", "政策依据"]
    assert [texts(grid, i) for i in (2, 3, 4)] == rows


def test_the_next_tables_two_header_rows_are_not_the_last_item(tmp_path):
    """Two tables on a page, each under two header rows (Word: text at the top). The second table's upper
    header row (序号 公开事项 公开内容) is recognised above its lower one: the first table ends above it,
    not with it as a last row (where the second table's title went too)."""
    header = [[M("序号", rows=2), M("公开事项", cols=2), None, M("公开内容", rows=2)],
              [None, "一级事项", "事项名称", None]]

    def rows(ns):
        return [[str(n), f"类{n}", f"事项{n}", f"内容{n}"] for n in ns]
    doc = read(draw(tmp_path / "两表.pdf", [[T(header + rows([1, 2]), widths=(36, 60, 90, 90)), "二、第二张表",
                                              T(header + rows([1, 2, 3]), widths=(36, 60, 90, 90))]]))
    first, second = doc.tables
    assert [texts(first, i) for i in range(2, len(first.rows))] == rows([1, 2])
    assert [texts(second, i) for i in range(len(second.rows))][-3:] == rows([1, 2, 3])


def test_a_title_over_the_header_is_no_header_row(tmp_path):
    """A title printed just above the header (closer than a wrapped line) stays a title."""
    t = T([HEADER, item(1), item(2)])
    path = tmp_path / "标题.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    c.drawString(150, HEIGHT - 82, "某某局政务公开事项目录")     # its foot a point above the header's top
    draw_table(c, t, 80)
    c.showPage()
    c.save()
    doc = read(path)
    assert doc.tables[0].before == ["某某局政务公开事项目录"]
    assert [compact(x) for x in texts(doc.tables[0], 0)] == ["序号", "事项名称", "公开内容", "公开时限"]


def test_lines_between_the_columns_only(tmp_path):
    """A frame, a line under the header and lines between the columns, none between the rows: pdfplumber
    finds one table of two rows; each item number opens a row of its own."""
    t = T([HEADER] + [item(n, 2) for n in range(1, 6)])
    path = tmp_path / "竖线.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    bottom = draw_table(c, t, 80)
    xs = [60 + sum(t.widths[:i]) for i in range(len(t.widths) + 1)]
    for y in (80, 80 + heights(t)[0], bottom):
        c.line(xs[0], HEIGHT - y, xs[-1], HEIGHT - y)
    for x in xs:
        c.line(x, HEIGHT - 80, x, HEIGHT - bottom)
    c.showPage()
    c.save()
    doc = read(path)
    grid = doc.tables[0]
    assert [texts(grid, i) for i in range(1, len(grid.rows))] == [
        [str(n), f"事项{n}", "第1行内容\n第2行内容", "20个工作日"] for n in range(1, 6)]
    assert not doc.merges_seen and any("not between its rows" in w for w in doc.warnings)


@pytest.mark.parametrize("valign", ["middle", "top"])
def test_without_item_numbers_the_names_open_the_rows(valign, tmp_path):
    """No 序号: each text of the column every item fills (事项名称) opens a row, whatever the other cells'
    lines; the category merged down is no key, and in the middle of its rows stands for them."""
    header = ["一级事项", "事项名称", "公开内容", "公开时限"]
    rows = [[M("政策文件", rows=3), "规范性文件", "本部门印发的\n规范性文件", "20个工作日"],
            [None, "政策解读", "文件解读\n图解\n视频", "及时"],
            [None, "其他文件", "其他文件", "每年1月31日前"],
            [M("机构信息", rows=2), "机构职能", "职能\n内设机构", "及时"],
            [None, "领导信息", "领导姓名", "及时"]]
    path = draw(tmp_path / "无序号2.pdf", [[T([header] + rows, widths=(70, 90, 120, 90), valign=valign)]])
    grid = read(path).tables[0]
    assert [texts(grid, i)[1:] for i in range(len(grid.rows))] == [header[1:]] + [r[1:] for r in rows]
    categories = [texts(grid, i)[0] for i in range(1, len(grid.rows))]
    if valign == "middle":      # each merge's rows share its text
        assert categories == ["政策文件"] * 3 + ["机构信息"] * 2
        assert grid.rows[1][0].span == (3, 1) and grid.rows[4][0].span == (2, 1)
    else:                       # printed on the merge's first row; the rows below read blank
        assert categories == ["政策文件", "", "", "机构信息", ""]


def test_without_item_numbers_tall_cells_in_the_middle_start_above_the_name(tmp_path):
    """No 序号, text in the middle of its rows (Excel's print, bordered or not): a name of one line beside
    cells of many lines stands in their middle, so every row's taller cells start lines above its name,
    the first row's close under the header, and every one-line cell stands on the name's line. Those
    lines above are the row's, not a row of their own (a row printed at the top would start every cell
    on its name's line)."""
    header = ["目录名称", "公开内容", "内容规范", "公开主体", "公开时限", "公开方式"]
    rows = [["部门文件", "部门发布的文件", "\n".join(f"规范{k}" for k in range(1, 8)), "医疗保障局", "20个工作日", "政府网站"],
            ["主要职责", "\n".join(f"职责{k}" for k in range(1, 6)), "\n".join(f"要求{k}" for k in range(1, 10)),
             "医疗保障局", "及时", "政府网站"],
            ["机构设置", "内设机构", "\n".join(f"设置{k}" for k in range(1, 6)), "医疗保障局", "20个工作日", "政府网站"]]
    path = draw(tmp_path / "居中无序号.pdf", [[T([header] + rows, widths=(70, 90, 80, 80, 80, 70), valign="middle")]])
    grid = read(path).tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header] + rows


def test_without_item_numbers_cells_centred_on_names_in_rows_as_tight_as_their_lines(tmp_path):
    """No 序号, text in the middle (Excel's print, its rows auto-fit): 公开时限 of three lines centred on each
    name, the rows only as tall as those cells, so one row's last line stands about as far above the next
    row's first line as a cell's own lines stand apart (5 pt against 3), and 公开内容 merged over three
    rows. The names' middles part the rows (each cell centred on its own), not the widest gap between
    lines, which lies a line too low."""
    from reportlab.lib.pagesizes import landscape
    width, height = landscape(A4)
    path = tmp_path / "tight.pdf"
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.setFont(FONT, 9)

    def put(x: float, top: float, text: str) -> None:
        c.drawString(x, height - top - 0.867 * 9, text)
    for x, t in [(60, "目录名称"), (160, "公开内容"), (300, "公开时限"), (420, "公开对象")]:
        put(x, 80, t)
    names = ["部门文件", "主要职责", "机构设置", "领导信息", "规划计划", "权责清单"]
    limits = [["相关信息形成", f"之日起{n + 1}个", "工作日内"] for n in range(6)]
    for n, (name, limit) in enumerate(zip(names, limits)):
        mid = 110 + 38 * n + 19
        put(60, mid - 4.5, name)
        put(420, mid - 4.5, "全社会")
        for k, line in enumerate(limit):
            put(300, mid - 16.5 + 12 * k, line)
    for g in range(2):              # 公开内容 merged over three rows, its five lines in their middle
        mid = 110 + 38 * (3 * g + 1) + 19
        for k in range(5):
            put(160, mid - 4.5 + 12 * (k - 2), f"内容{g + 1}第{k + 1}行")
    c.showPage()
    c.save()
    grid = read(path).tables[0]
    assert [texts(grid, i)[0] for i in range(1, len(grid.rows))] == names
    assert [texts(grid, i)[2] for i in range(1, len(grid.rows))] == ["\n".join(lines) for lines in limits]


def test_without_an_item_number_cells_of_several_lines(tmp_path):
    header = ["事项名称", "公开内容", "公开时限", "责任科室"]
    rows = [["事项一", "内容一\n内容一续", "及时", "办公室"], ["事项二", "内容二", "每年", "财务科"],
            ["事项三", "内容三\n内容三续\n内容三再续", "20日", "法规科"]]
    doc = read(draw(tmp_path / "无序号.pdf", [[T([header] + rows, widths=(90, 150, 60, 80))]]))
    grid = doc.tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header] + rows


def test_a_line_no_header_wording_names_is_no_table(tmp_path):
    path = draw(tmp_path / "无表.pdf", [["某某局关于印发政务公开目录的通知", "各科室：现将目录印发给你们。"]])
    with pytest.raises(ReadError) as e:
        read(path)
    assert "no table found: the PDF has text but no table with drawn borders, and no line of it reads as the " \
           "table's header" in str(e.value)


# ---------------------------------------------------------------------------------------------------
# records: a file that shows no merges reads its blank category and 过程 cells as a text copy does
# ---------------------------------------------------------------------------------------------------

MAPPING = """\
catalogue: {id: borderless-test, source: 无框目录.pdf, title: 某某局政务公开目录}
agency: {id: borderless-test, name: 某某局}
reader: pdf
columns:
  - {role: seq, header: [序号]}
  - {role: stage, header: [过程]}
  - {role: category, header: [类别]}
  - {role: name, header: [事项名称]}
  - {role: time_limit, header: [公开时限]}
"""


def test_blank_category_and_stage_cells_take_the_value_above(tmp_path):
    header = ["序号", "过程", "类别", "事项名称", "公开时限"]
    rows = [["1", "决策", "政策文件", "规范性文件", "20个工作日"], ["2", "", "", "政策解读", "及时"],
            ["3", "执行", "机构信息", "机构职能", "及时"], ["4", "", "", "领导信息", "每年"]]
    folder = tmp_path / "catalogues"
    folder.mkdir()
    draw(folder / "无框目录.pdf", [["某某局政务公开目录", T([header] + rows, widths=(36, 50, 80, 110, 90))]])
    (tmp_path / "m.yaml").write_text(MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    got = [(r.name, r.category, r.stage, sorted(r.inherited)) for r in cat.records]
    assert [g[:2] for g in got] == [("规范性文件", ["政策文件"]), ("政策解读", ["政策文件"]),
                                    ("机构职能", ["机构信息"]), ("领导信息", ["机构信息"])]
    assert [len(g[2]) for g in got] == [1, 1, 1, 1]
    assert got[1][2] == got[0][2] and got[3][2] == got[2][2] and got[0][2] != got[2][2]
    assert got[1][3] == ["category", "stage"] and got[0][3] == []


# ---------------------------------------------------------------------------------------------------
# the shipped catalogues as agencies print them without borders: drafted, then read back
# ---------------------------------------------------------------------------------------------------

SHEET_HEADER = ["序号", "公开类别", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]
SHEET_WIDTHS = (30, 62, 84, 150, 150, 92, 64, 72)
FIELDS = ("name", "category", "content", "legal_basis", "time_limit", "subject", "channels")


def wrapped(text: str, width: float) -> str:
    """The text broken into lines that fit `width` points at 10 pt (as a cell wraps it)."""
    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, FONT, 10) > width - 2 * PAD:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return "\n".join(lines + [line])


def sheet_pages(records: list[dict], valign: str, page_height: float) -> list[list]:
    """The records as a sheet of 8 columns, the category merged down over the items it shares and
    printed again on each page the merge goes on to; pages of `page_height` points of table, the
    header on every page."""
    rows = [[str(n), "/".join(r["category"]), r["name"], r["content"], "；".join(r["legal_basis"]),
             r["time_limit"], r["subject"], "、".join(r["channels"])] for n, r in enumerate(records, 1)]
    rows = [[wrapped(t, w) for t, w in zip(row, SHEET_WIDTHS)] for row in rows]
    pages, page, used = [], [], heights(T([SHEET_HEADER]))[0]
    for row in rows:
        h = heights(T([row]))[0]
        if page and used + h > page_height:
            pages.append(page)
            page, used = [], heights(T([SHEET_HEADER]))[0]
        page.append(row)
        used += h
    pages.append(page)
    out = []
    for page in pages:
        cells = [list(row) for row in page]
        k = 0
        while k < len(cells):      # a run of one category: one cell over its rows on this page
            n = 1
            while k + n < len(cells) and page[k + n][1] == page[k][1]:
                cells[k + n][1] = None
                n += 1
            cells[k][1] = M(page[k][1], rows=n)
            k += n
        out.append([T([SHEET_HEADER] + cells, widths=SHEET_WIDTHS, valign=valign)])
    return out


@pytest.mark.parametrize("catalogue, valign", [("city-ybj", "middle"), ("juye-ybj", "top"),
                                               ("sanmenxia-ybj", "middle"), ("yinzhou-ybj", "top")])
def test_shipped_catalogue_printed_without_borders_reads_back(catalogue, valign, tmp_path):
    from reportlab.lib.pagesizes import landscape

    from .conftest import EXPECTED_DIR, load_expected
    from .test_draft import draft_to
    from .test_fidelity import comparable_records

    want = load_expected(EXPECTED_DIR / f"{catalogue}.json")["records"]
    folder = tmp_path / "catalogues"
    folder.mkdir()
    pdf = folder / f"{catalogue}.pdf"
    width, height = landscape(A4)
    c = canvas.Canvas(str(pdf), pagesize=(width, height))
    for n, items in enumerate(sheet_pages(want, valign, page_height=440), 1):
        if n == 1:
            c.setFont(FONT, 14)
            c.drawString(300, height - 54, "某某局政务公开事项目录")
        draw_table(c, items[0], 80, left=40, page_height=height)
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, 20, f"- {n} -")
        c.showPage()
    c.save()
    path, text = draft_to(tmp_path, pdf, f"{catalogue}-printed")
    got = comparable_records(read_catalogue(load_mapping(path), folder, BASE).records)
    # a text printed on one line reads as any cell's line does: a space between two Chinese characters
    # is no space (cells.clean_line); 总体规划 专项规划, two lines of the source joined by a space, is printed
    # here on one line
    want = [{f: clean_text(w[f]) if isinstance(w[f], str) else w[f] for f in w} for w in want]
    assert [r["name"] for r in got] == [r["name"] for r in want]
    problems = [f"row {w['row']} ({w['name']}) {f}: expected {w[f]!r}, got {h[f]!r}"
                for w, h in zip(want, got) for f in FIELDS if h[f] != w[f]]
    assert not problems, "\n".join(problems)


def test_text_anywhere_is_read_or_refused_with_a_reason(tmp_path):
    """Words scattered at random over pages, header wordings among them or not: the reader gives tables
    or a ReadError naming the file, never another exception; without any header wording, it refuses."""
    import random
    plain = ["1", "2", "3", "政策文件", "√", "及时", "20个工作日", "一、", "注：", "第1页"]
    headed = plain + ["序号", "事项名称", "公开内容", "公开时限", "公开对象", "全社会", "备注"]
    for seed in range(12):
        rnd = random.Random(seed)
        with_header = seed % 4 != 0
        words = headed if with_header else plain
        path = tmp_path / f"乱{seed}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        for _ in range(rnd.randint(1, 3)):
            c.setFont(FONT, 10)
            if with_header and rnd.random() < 0.8:
                y = rnd.uniform(60, 300)
                for k, h in enumerate(HEADER):
                    c.drawString(60 + k * rnd.uniform(40, 120), HEIGHT - y, h)
            for _ in range(rnd.randint(0, 120)):
                c.setFont(FONT, rnd.choice([8, 10, 12]))
                c.drawString(rnd.uniform(0, 560), HEIGHT - rnd.uniform(0, 840), rnd.choice(words))
            c.showPage()
        c.save()
        try:
            doc = read(path)
        except ReadError as e:
            assert str(e).startswith(f"catalogues/{path.name}: ")
            assert with_header or "no line of it reads as the table's header" in str(e)
        else:
            assert with_header and doc.tables


def _calc_page_read(tmp_path, name: str, words: list[tuple[float, float, str]], size: float = 6,
                    more: tuple[list[tuple[float, float, str]], ...] = ()) -> tuple[str, list]:
    """catalogues/{name} in tmp_path, a landscape page with a title and `words` (x, top, text) at `size` pt
    (and a page for each of `more`) as LibreOffice prints a sheet or a table without lines, drafted: the
    draft's text and the catalogue it reads."""
    from reportlab.lib.pagesizes import landscape

    from .test_draft import draft_to
    folder = tmp_path / "catalogues"
    folder.mkdir()
    pdf = folder / name
    width, height = landscape(A4)
    c = canvas.Canvas(str(pdf), pagesize=(width, height))
    c.setFont(FONT, 12)
    c.drawString(300, height - 60, "某县某镇政务公开事项目录")
    for page in (words, *more):
        c.setFont(FONT, size)
        for x, top, text in page:
            c.drawString(x, height - top - 0.867 * size, text)      # top of the text to its baseline
        c.showPage()
    c.save()
    path, text = draft_to(tmp_path, pdf, pdf.stem)
    return text, read_catalogue(load_mapping(path), folder, BASE)


def test_a_first_item_printed_in_its_middle_close_under_the_header_is_not_the_header(tmp_path):
    """As LibreOffice Calc prints a sheet whose cells hold their text in the middle (rows at their optimal
    height, no gridlines; bench/calc_prints.py): the first item's two-line cells start above its number, as
    close under the header's lower row (事项类别 事项名称 under 公开事项) as that row is under the one above.
    Their first line ran on the header (事项名称安全监管资金使) and the drafted mapping did not read. A line
    whose text runs on to the middle of the item number just below opens the first row."""
    # (x, top, text): the header, and rows whose cells are centred on their number's line, 19 pt apart
    words = [(104, 85.5, "公开事项"), (59, 90.3, "序号"), (158, 90.3, "公开内容"), (241, 90.3, "政策依据"),
             (330, 90.3, "公开时限"), (78, 95.0, "事项类别"), (119, 95.0, "事项名称")]
    items = [("安全监管", "资金使", "用", "资金使用的名单", "结果", "《中华人民共和国政府信息公开条", "例》", "每季度"),
             ("安全监管", "监督检", "查", "监督检查的标准", "结果", "《自然灾害救助条例》", "", "每月"),
             ("规划管理", "投诉举", "报", "投诉举报的结果", "流程", "国办发[2017]47号", "", "实时")]
    for n, (cat, name1, name2, content1, content2, law1, law2, limit) in enumerate(items):
        mid = 111.6 + 19 * n                           # the number's middle: every row's middle
        words += [(63, mid - 3.1, str(n + 1)), (78, mid - 3.1, cat), (330, mid - 3.1, limit),
                  (107, mid - 7.6, name1), (107, mid + 1.6, name2), (158, mid - 7.6, content1),
                  (158, mid + 1.6, content2)]
        words += [(241, mid - 7.6, law1), (241, mid + 1.6, law2)] if law2 else [(241, mid - 3.1, law1)]
    text, cat = _calc_page_read(tmp_path, "centred.pdf", words)

    records = cat.records
    assert "{role: name, header: [事项名称]}" in text and "{role: category, header: [事项类别]}" in text, text
    assert [r.name for r in records] == ["资金使用", "监督检查", "投诉举报"]
    assert [r.content for r in records] == ["资金使用的名单结果", "监督检查的标准结果", "投诉举报的结果流程"]


def test_rows_printed_in_their_middle_as_close_as_a_cells_lines(tmp_path):
    """As LibreOffice Calc prints a sheet with text in the middle of its cells and rows at their optimal
    height (bench/calc_prints.py): Excel's auto-fit leaves a row's two-line cell as close above the next
    row's as its own two lines are, so a column's cells of three rows run on, line under line, into one
    text centred on the middle row's number (read as one cell merged over the three rows: 资金使用监督检查
    投诉举报 for every item); and the first row's cells start above its number,
    as close under the header's wrapped cell (咨询及监督举报电 / 话, its lines above and below the others'
    header line) as that cell's lines are. The texts part into cells each centred on its row's number, and
    the line under the header opens the first row."""
    # (x, top, text): the header with a wrapped cell, then rows 18 pt apart whose two-line cells (9 pt a
    # line) are centred on their number: a row's last line ends 3 pt above the next row's first
    words = [(59, 90.0, "序号"), (78, 90.0, "事项类别"), (110, 90.0, "事项名称"), (150, 90.0, "公开内容"),
             (240, 90.0, "公开时限"), (300, 85.5, "咨询及监督举报电"), (300, 94.5, "话"), (380, 90.0, "公开对象"),
             (78, 117.0, "安全监管"), (78, 144.0, "规划管理")]   # a category merged over the first two items
    items = [("资金使", "用", "资金使用的名单", "结果", "每季度", "0571-86019876", "全社会"),
             ("监督检", "查", "监督检查的标准", "依据", "每月", "0571-86012345", "特定群众"),
             ("投诉举", "报", "投诉举报的结果", "流程", "实时", "0571-86019876", "全社会")]
    for n, (name1, name2, content1, content2, limit, phone, audience) in enumerate(items):
        mid = 111.0 + 18 * n                            # the number's middle: every row's middle
        words += [(63, mid - 3, str(n + 1)), (240, mid - 3, limit), (300, mid - 3, phone), (380, mid - 3, audience),
                  (110, mid - 7.5, name1), (110, mid + 1.5, name2), (150, mid - 7.5, content1),
                  (150, mid + 1.5, content2)]
    text, cat = _calc_page_read(tmp_path, "tight.pdf", words)

    records = cat.records
    assert "header: [咨询及监督举报电话]}" in text and "{role: name, header: [事项名称]}" in text, text
    assert [r.name for r in records] == ["资金使用", "监督检查", "投诉举报"]
    assert [r.content for r in records] == ["资金使用的名单结果", "监督检查的标准依据", "投诉举报的结果流程"]
    assert [r.time_limit.text for r in records] == ["每季度", "每月", "实时"]
    assert [r.category for r in records] == [["安全监管"], ["安全监管"], ["规划管理"]]
    assert [r.phones for r in records] == [["0571-86019876"], ["0571-86012345"], ["0571-86019876"]]


def test_a_word_table_printed_without_borders_in_narrow_columns(tmp_path):
    """As LibreOffice Writer prints a Word table without borders whose columns are narrow (bench/
    writer_prints.py; the header's words where that print has them): header cells wrap over several lines
    (公开 / 内容 / （要 / 素）), a group name stands at the left of its merge, aligned with its first
    sub-header (公开事项 over 事项类别 and 事项名称), and a header cell of one line stands over a column with no
    other header word (时限). The line over the others was left out of the header, with 序号 and 时限, and
    the draft's columns did not read: the table had two columns fewer than the mapping."""
    header = [[(43, "序号"), (71, "公开事项"), (129, "公开"), (158, "政"), (187, "咨询"), (215, "责任"), (244, "更"),
               (273, "公开"), (302, "时限"), (331, "责"), (359, "公开对象"), (417, "公开属性")],
              [(129, "内容"), (158, "策"), (187, "电话"), (215, "主体"), (244, "新"), (273, "渠道"), (331, "任")],
              [(71, "事项"), (100, "事项"), (129, "（要"), (158, "依"), (244, "周"), (273, "和载"), (331, "科"),
               (359, "全社"), (388, "特定"), (417, "主动"), (446, "依申")],
              [(71, "类别"), (100, "名称"), (129, "素）"), (158, "据"), (244, "期"), (273, "体"), (331, "室"),
               (359, "会"), (388, "群众"), (446, "请")],
              [(331, "（")], [(331, "单")], [(331, "位")], [(331, "）")]]
    words = [(x, 91.3 + 12 * i, t) for i, line in enumerate(header) for x, t in line]
    items = [("安全监管", "资金使用", "资金使用的名单", "每季度", "0571-86019876"),
             ("安全监管", "监督检查", "监督检查的标准", "每月", "0571-86012345"),
             ("规划管理", "投诉举报", "投诉举报的结果", "实时", "0571-86019876")]
    for n, (cat, name, content, limit, phone) in enumerate(items):
        top = 198.0 + 60 * n            # a cell's text at its top, two characters a line
        cells = [(43, str(n + 1)), (71, cat), (100, name), (129, content), (158, "《社会救助暂行办法》"), (187, phone),
                 (215, "某镇人民政府"), (244, "常态化"), (273, "政府网站"), (302, limit), (331, "办公室"), (359, "√"),
                 (417, "√")]
        for x, text in cells:
            pieces = [text] if x == 43 else [text[i:i + 2] for i in range(0, len(text), 2)]
            words += [(x, top + 12 * k, piece) for k, piece in enumerate(pieces)]
    text, cat = _calc_page_read(tmp_path, "writer.pdf", words, size=9)

    records = cat.records
    for head in ("序号", "事项类别", "事项名称", "公开内容（要素）", "时限"):
        assert f"header: [{head}]" in text, text
    assert [r.name for r in records] == ["资金使用", "监督检查", "投诉举报"]
    assert [r.content for r in records] == ["资金使用的名单", "监督检查的标准", "投诉举报的结果"]
    assert [r.time_limit.text for r in records] == ["每季度", "每月", "实时"]


def test_a_header_broken_over_the_page_break_without_borders(tmp_path):
    """As LibreOffice Writer prints a Word document of a table per domain, without borders (bench/
    writer_prints.py; the words where that print has them): the second table starts at the foot of a page,
    its header's first row there (序号 公开事项 公开内 …) and the rest of it on the next page (一级目 / 录 …,
    容 道 体 …). Neither part read as a header: the next page's items were no table's, and were lost without
    a word. The foot of the page is read with the next page's top, as close above it as a cell's lines; and
    a group name printed at the left of its merge is wider than the column under it, whose text wraps
    (公开事项 over 一级目 / 录), so it is no line of that column's cell."""
    first = [(43, "序号"), (82, "公开事项"), (200, "公开内"), (239, "公开渠"), (278, "责任主"), (317, "法律依"),
             (357, "公开时"), (396, "公开范"), (435, "公开属")]
    rest = [(200, "容"), (239, "道"), (278, "体"), (317, "据"), (357, "限"), (396, "围"), (435, "性")]
    lower = [(82, "一级目"), (121, "二级事"), (160, "三级目")]
    foot = [(82, "录"), (121, "项"), (160, "录")]

    def items(top: float, names: list[str]) -> list[tuple[float, float, str]]:
        out = []
        for n, name in enumerate(names):
            y = top + 30 * n
            out += [(x, y, t) for x, t in [(43, str(n + 1)), (82, "规划" if n == 0 else ""), (121, "低保"),
                                           (160, name), (200, name + "的"), (239, "政府"), (278, "某镇"),
                                           (317, "国办发"), (357, "实时"), (396, "全社会"), (435, "主动")] if t]
            out += [(200, y + 12, "名单")]
        return out
    page1 = [(43, 66.4, "一、户籍管理领域基层政务公开标准目录")]
    page1 += [(x, 91.3, t) for x, t in first] + [(x, 103.3, t) for x, t in rest]
    page1 += [(x, 113.6, t) for x, t in lower] + [(x, 125.7, t) for x, t in foot]
    page1 += items(148.0, ["审批", "标准", "统计", "动态", "流程"])
    page1 += [(43, 477.7, "二、养老服务领域基层政务公开标准目录")] + [(x, 502.5, t) for x, t in first]
    page2 = [(x, 41.9, t) for x, t in lower + rest] + [(x, 53.9, t) for x, t in foot] + items(76.3, ["办理", "指南", "文件"])
    text, cat = _calc_page_read(tmp_path, "domains.pdf", page1, size=9, more=(page2,))

    records = cat.records
    assert "tables: [1, 2]" in text, text
    names = ["审批", "标准", "统计", "动态", "流程", "办理", "指南", "文件"]
    assert [r.name for r in records] == names
    assert [r.content for r in records] == [n + "的名单" for n in names]


def test_a_merge_over_the_page_break_printed_on_both_pages_where_its_whole_middle_falls(tmp_path):
    """LibreOffice prints a merged cell's text on every page the merge spans, each time where the middle of
    the whole merge falls with its rows laid out from that page's: below the table's foot on the first
    page (in the margin), high on the next. There its text stands in the middle of the page's first row
    as if it were that row's only, and the rows under it, up to the next merge, read as the next merge's.
    The merge ends as far below its text as its text stood below its top on the page it began."""
    header = [(43, "序号"), (82, "一级目录"), (160, "事项名称"), (240, "公开内容"), (330, "公开时限")]

    def rows(first: int, top: float, merges: list[tuple[str, float]]) -> list[tuple[float, float, str]]:
        out = []
        for k in range(4 if first == 1 else 5):        # rows of 30 pt, each text in its middle
            n, mid = first + k, top + 30 * k + 15
            out += [(43, mid - 4.5, str(n)), (160, mid - 4.5, f"事项{n}"), (240, mid - 10.5, f"内容{n}"),
                    (240, mid + 1.5, "及其说明"), (330, mid - 4.5, "及时")]
        return out + [(82, mid - 4.5, text) for text, mid in merges]
    # 甲 over items 1-2; 乙 over 3-7 (2 rows on page 1, 3 on page 2: 150 pt, its middle 75 pt below its top);
    # 丙 over 8-9
    page1 = [(x, 91.3, t) for x, t in header] + rows(1, 110, [("甲类", 140), ("乙类", 170 + 75)])
    page2 = [(x, 91.3, t) for x, t in header] + rows(5, 110, [("乙类", 110 - 60 + 75), ("丙类", 230)])
    text, cat = _calc_page_read(tmp_path, "merge-over-break.pdf", page1, size=9, more=(page2,))
    assert [r.name for r in cat.records] == [f"事项{n}" for n in range(1, 10)], text
    assert [r.category[0] for r in cat.records] == ["甲类"] * 2 + ["乙类"] * 5 + ["丙类"] * 2


def test_a_merge_printed_over_the_header_printed_again(tmp_path):
    """LibreOffice prints a merged cell's text where the middle of the whole merge falls, on a page break
    too: over the header printed again at the next page's top (执 / 行公 / 开 over 过程, the characters of
    过程 and 行公 read as one word, 过行程公: a city catalogue printed so read 重点过领程域), and in the page's
    top margin (政策文件, a category going on). That line is still the header printed again and the text
    above it the merges' going on (the table goes on, in its columns, the merges' text in the cells under
    the header); it was read as another table's header, its column headed 过行程公, after a table of the
    margin's text, and the draft did not read."""
    header = [(43, "序号"), (82, "过程"), (121, "一级目录"), (190, "事项名称"), (260, "公开内容")]

    def rows(first: int, count: int, top: float) -> list[tuple[float, float, str]]:
        out = []
        for k in range(count):            # rows of 30 pt, each text in its middle
            n, mid = first + k, top + 30 * k + 15
            out += [(43, mid - 4.5, str(n)), (190, mid - 4.5, f"事项{n}"), (260, mid - 10.5, f"内容{n}"),
                    (260, mid + 1.5, "及其说明")]
        return out
    page1 = [(x, 91.3, t) for x, t in header] + rows(1, 5, 110)
    page1 += [(82, 110 + 75 - 4.5, "决策公开"), (121, 110 + 75 - 4.5, "机构信息")]
    page2 = [(121, 30, "政策文件")] + [(x, 91.3, t) for x, t in header] + rows(6, 3, 134)
    page2 += [(82, 79.3, "执"), (82, 91.3, "行公"), (82, 103.3, "开")]
    text, cat = _calc_page_read(tmp_path, "over-header.pdf", page1, size=9, more=(page2,))
    stage = "https://w3id.org/zwgk/concept/stage/"
    assert [r.name for r in cat.records] == [f"事项{n}" for n in range(1, 9)], text
    assert [r.content for r in cat.records] == [f"内容{n}及其说明" for n in range(1, 9)]
    assert [r.stage for r in cat.records] == [[stage + "decision"]] * 5 + [[stage + "implementation"]] * 3
    assert [r.category for r in cat.records] == [["机构信息"]] * 5 + [["政策文件"]] * 3


def test_a_cells_text_ending_just_past_its_columns_edge(tmp_path):
    """Calc prints a wrapped line as wide as its column to the column's edge and a little past it (its
    padding left out): on a page the table goes on to, in the first page's columns, 内设机构及下属单 ends
    1.5 pt right of the boundary (3 pt left of the next column's text there). It is no text merged across
    the two columns: the name took the content's text."""
    header = [(43, "序号"), (121, "事项名称"), (260, "公开内容"), (380, "公开时限")]

    def page(first: int, names: list[str]) -> list[tuple[float, float, str]]:
        words = [(x, 91.3, t) for x, t in header]
        for k, name in enumerate(names):
            n, mid = first + k, 110 + 30 * k + 15
            x = 258.5 - 9 * len(name) if len(name) == 8 else 121
            words += [(43, mid - 4.5, str(n)), (x, mid - 4.5, name), (260, mid - 4.5, f"内容{n}"),
                      (380, mid - 4.5, "及时")]
        return words
    names = ["机构职能", "领导信息", "联系方式", "内设机构及下属单", "办公地址"]
    text, cat = _calc_page_read(tmp_path, "edge.pdf", page(1, names[:3]), size=9, more=(page(4, names[3:]),))
    assert [r.name for r in cat.records] == names, text
    assert [r.content for r in cat.records] == [f"内容{n}" for n in range(1, 6)]


def test_rows_no_table_was_found_for_are_said(tmp_path):
    """Items printed on a page where no table was found (here: a second table whose header is no header
    the mapping knows) are not read; the reader says so, page and count, rather than drop them quietly."""
    header = [(43, "序号"), (82, "事项名称"), (200, "公开内容"), (317, "公开时限")]
    page1 = [(x, 91.3, t) for x, t in header]
    for n in range(4):
        page1 += [(43, 110 + 20 * n, str(n + 1)), (82, 110 + 20 * n, f"事项{n + 1}"),
                  (200, 110 + 20 * n, "主动公开"), (317, 110 + 20 * n, "20个工作日")]
    page2 = [(43, 60, "二、另一张表"), (43, 80, "甲"), (120, 80, "乙"), (240, 80, "丙")]
    page2 += [(x, 100 + 20 * n, t) for n in range(3) for x, t in [(43, str(n + 1)), (120, f"条目{n}"), (240, "内容")]]
    _, cat = _calc_page_read(tmp_path, "lost.pdf", page1, size=9, more=(page2,))
    assert [r.name for r in cat.records] == ["事项1", "事项2", "事项3", "事项4"]
    [warning] = [w for w in cat.warnings if "outside the tables" in w]
    assert warning.startswith("catalogues/lost.pdf: page 2: 3 lines outside the tables read as a table's rows (1 条目0 内容")


@pytest.mark.parametrize("law,articles", [
    (["《中华人民共", "和国政府信息", "公开条", "例》第二十条"], ("20",)),
    (["《中华人民共", "和国政府信息", "公开条例》第二", "十条、第二十", "一条"], ("20", "21")),
])
def test_a_merged_text_running_on_into_the_next_row_without_borders(tmp_path, law, articles):
    """As LibreOffice Writer prints a Word table without borders: a 公开依据 merged over two items is printed
    at the top of the merge, and its lines run on over the first item's row into the second's, the line
    there at that row's top as the row's own text would be. Each part was read as its row's own cell
    (《中华人民共和国政府信息公开条 for one item, 例》第二十条 for the next; …条例》第二 and 十条、第二十一条,
    read as the instruments 十条 and 第二十一条). A text with a bracket left open, or cut inside an article
    reference, over one that closes it or ends the reference is one cell merged over both rows."""
    header = [(43, 91, "序号"), (82, 91, "事项名称"), (200, 91, "公开依据"), (317, 91, "公开时限")]
    words = list(header)
    for n, (name, limit) in enumerate([("资金使用", "实时"), ("监督检查", "每月"), ("投诉举报", "每季度")]):
        top = 110 + 36 * n                                  # three lines a row, the law's fourth on the next
        words += [(43, top, str(n + 1)), (82, top, name), (317, top, limit)]
    words += [(200, 110 + 12 * k, line) for k, line in enumerate(law)]     # rows 1 and 2
    words += [(200, 182, "国办发[2017]47号")]
    _, cat = _calc_page_read(tmp_path, "merged.pdf", words, size=9)
    records = cat.records
    assert [r.name for r in records] == ["资金使用", "监督检查", "投诉举报"]
    assert [[(c.title, c.articles) for c in r.legal_basis] for r in records] == [
        [("中华人民共和国政府信息公开条例", articles)], [("中华人民共和国政府信息公开条例", articles)],
        [("国办发〔2017〕47号", ())]]


def test_an_item_number_wrapped_in_a_narrow_column(tmp_path):
    """A Word table printed without borders whose 序号 column holds one digit a line (序 / 号): item 10 is
    printed 1 / 0, its lower line as close under the upper as a cell's lines, and each opened a row (items
    1 and 0, the tenth item's cells cut in two). Digits under a number's line that make, appended, the
    number after the one before it (and do not alone) are that number's."""
    words = [(43, 91, "序"), (43, 103, "号"), (82, 91, "事项名称"), (200, 91, "公开内容"), (317, 91, "公开时限")]
    names = ["资金使用", "监督检查", "投诉举报", "政策文件", "工作动态", "办理流程", "服务指南", "统计数据",
             "审批结果", "标准规范", "申请条件"]
    for n, name in enumerate(names, 1):
        top = 100 + 30 * n                                  # two lines a row, the second 12 pt under the first
        number = str(n)
        words += [(43, top + 12 * k, d) for k, d in enumerate(number)]
        words += [(82, top, name[:2]), (82, top + 12, name[2:]), (200, top, name + "的名单"), (317, top, "实时")]
    _, cat = _calc_page_read(tmp_path, "narrow.pdf", words, size=9)
    assert [r.name for r in cat.records] == names
    assert [r.seq for r in cat.records][9:] == ["10", "11"]


def test_a_group_name_at_the_left_of_its_merge_over_a_wrapped_sub_header():
    """公开事项 printed at the left of its merge (Word), over 一级 / 目录 (a sub-header wrapped in its column,
    narrower than 公开事项) and 二级目录: it is over both columns, whichever line of the wrapped cell its
    middle stands over (the lower one, 目录, had it read as that cell's first line)."""
    from zwgk.mappings.readers.pdfgrid import _under

    def word(text, x0, top):
        return {"text": text, "x0": x0, "x1": x0 + 9 * len(text), "top": top, "bottom": top + 9}
    upper = word("公开事项", 65, 91.3)
    lower = [word("一级", 65, 113.6), word("二级目录", 102, 113.6), word("目录", 65, 125.7)]
    assert {w["text"] for w in _under(upper, lower)} == {"一级", "二级目录", "目录"}


def test_a_group_name_exactly_as_wide_as_its_first_sub_header_column(tmp_path):
    """As LibreOffice Writer prints a Word table without borders in columns widened to the page (bench/
    writer_prints.py, the words where that print has them): 公开类型 at the left of its merge fills the 主动
    column to the point, and 依申 / 请 of the next column starts 0.2 pt to its right. No strip of the page
    fits between the two header cells, and the columns were read as one (公开类型主动依申请): the draft's
    mapping did not read the document's next tables, whose 公开类型 reaches a little over 依申请."""
    words = [(43, 91.3, "序号"), (82, 91.3, "公开事项"), (200, 91.3, "公开内容"), (317, 91.3, "公开时限"),
             (400, 91.3, "公开类型"), (82, 113.6, "事项类别"), (130, 113.6, "事项名称"), (400, 113.6, "主动"),
             (436.2, 113.6, "依申"), (436.2, 125.7, "请")]
    names = [("资金使用", "主动"), ("监督检查", "依申请"), ("投诉举报", "主动")]
    for n, (name, kind) in enumerate(names):
        top = 148.0 + 34 * n
        words += [(43, top, str(n + 1)), (82, top, "安全监管"), (130, top, name), (200, top, name + "的名单"),
                  (317, top, "实时"), (400 if kind == "主动" else 436.2, top, "■")]
    text, cat = _calc_page_read(tmp_path, "wide.pdf", words, size=9)
    assert "header: [主动]" in text and "header: [依申请]" in text, text
    assert [r.name for r in cat.records] == [name for name, _ in names]
    labels = {"主动": "proactive", "依申请": "on-request"}
    assert [[iri.rsplit("/", 1)[1] for iri in r.disclosure_type] for r in cat.records] == \
        [[labels[kind]] for _, kind in names]


def test_a_header_whose_wrapped_number_column_is_cut_by_the_page_break(tmp_path):
    """As LibreOffice Writer prints a Word document of a table per domain, in columns widened to the page
    (bench/writer_prints.py): the third table's header stands at the foot of a page with nothing under it,
    and its row is broken over the page break where its cells wrap: 序 / 号, 事项 / 类别, 承办科 / 室. The
    lower part opening the next page has 号 in the 序号 column, and was read as a row of its own: the
    header was 序 (the mapping's 序号 not found), and with no item number under the header on its first
    page the table had no key column, so that its first two items were read as one."""
    header = [(43, "序"), (65, "事项"), (102, "事项名称"), (174, "公开内容"), (283, "时限"), (400, "承办科")]
    lower = [(43, "号"), (65, "类别"), (400, "室")]

    def items(top: float, rows: list[tuple[str, str, str]]) -> list[tuple[float, float, str]]:
        out = []
        for n, (cat, name, limit) in enumerate(rows):
            y = top + 34 * n
            out += [(x, y, t) for x, t in [(43, str(n + 1)), (65, cat), (102, name), (174, name + "的"),
                                           (283, limit), (400, "办公")] if t]
            out += [(174, y + 12, "依据"), (400, y + 12, "室")]
        return out
    page1 = [(43, 66.4, "一、就业领域基层政务公开标准目录")] + [(x, 91.3, t) for x, t in header]
    page1 += [(x, 103.3, t) for x, t in lower] + items(126.0, [("就业", "职业介绍", "实时"), ("", "技能培训", "每月")])
    page1 += [(43, 506.0, "二、安全生产领域基层政务公开标准目录")] + [(x, 531.0, t) for x, t in header]
    page2 = [(x, 42.0, t) for x, t in lower]
    page2 += items(64.2, [("事故", "事故登记", "实时"), ("", "项目审批", "每季度"), ("救助", "临时救助", "每月")])
    text, cat = _calc_page_read(tmp_path, "cut.pdf", page1, size=9, more=(page2,))
    assert "header: [序号]" in text and "tables: [1, 2]" in text, text
    assert [r.name for r in cat.records] == ["职业介绍", "技能培训", "事故登记", "项目审批", "临时救助"]
    assert [r.time_limit.text for r in cat.records] == ["实时", "每月", "实时", "每季度", "每月"]
    assert [r.content for r in cat.records][2:] == ["事故登记的依据", "项目审批的依据", "临时救助的依据"]


def test_the_next_tables_header_after_a_table_whose_header_ended_a_page(tmp_path):
    """As LibreOffice Writer prints a Word document of a table per domain without borders (bench/
    writer_prints.py): the second table's header, two rows with a group name over two columns, stands
    alone at the foot of a page; its rows follow on the next page, then the third table with the same
    header. The second table's header words were never kept (its first page held no row), so every word
    of the third table's header was taken for text of a merged cell printed over it, and its header and
    first items came out mixed (公开事 / 安全 / 监管 / 目录 / 类), two items lost without a word."""
    upper = [(43, "序号"), (71, "公开事项"), (150, "公开内容"), (230, "公开时限")]
    lower = [(71, "目录类别"), (110, "目录名称")]

    def header(top: float) -> list[tuple[float, float, str]]:
        return [(x, top, t) for x, t in upper] + [(x, top + 22, t) for x, t in lower]

    def items(top: float, rows: list[tuple[str, str, str]]) -> list[tuple[float, float, str]]:
        out = []
        for n, (cat, name, limit) in enumerate(rows):
            y = top + 30 * n
            out += [(x, y, t) for x, t in [(43, str(n + 1)), (71, cat), (110, name), (150, name + "的名单"),
                                           (230, limit)] if t]
        return out
    page1 = [(43, 66.4, "一、就业领域基层政务公开标准目录")] + header(91.3)
    page1 += items(140.0, [("就业", "职业介绍", "实时"), ("", "技能培训", "每月")])
    page1 += [(43, 480.0, "二、社会救助领域基层政务公开标准目录")] + header(505.0)
    page2 = items(42.0, [("救助", "低保对象", "每季度"), ("", "特困供养", "实时")])
    page2 += [(43, 120.0, "三、安全生产领域基层政务公开标准目录")] + header(145.0)
    page2 += items(195.0, [("安全", "监督检查", "实时"), ("", "登记管理", "每年1月31日前")])
    text, cat = _calc_page_read(tmp_path, "domains.pdf", page1, size=9, more=(page2,))
    assert [r.name for r in cat.records] == ["职业介绍", "技能培训", "低保对象", "特困供养", "监督检查", "登记管理"], text
    assert [r.time_limit.text for r in cat.records] == ["实时", "每月", "每季度", "实时", "实时", "每年1月31日前"]
    assert [r.content for r in cat.records][4:] == ["监督检查的名单", "登记管理的名单"]



# ---------------------------------------------------------------------------------------------------
# merged cells a print without borders shows only by where their text stands, and the draft's patterns
# ---------------------------------------------------------------------------------------------------

def _drafted(tmp_path, pages: list[list]) -> tuple[str, list]:
    """catalogues/目录.pdf drawn from `pages` (see `draw`), drafted: the draft's text and the records it reads."""
    from .test_draft import draft_to
    folder = tmp_path / "catalogues"
    folder.mkdir()
    pdf = draw(folder / "目录.pdf", pages)
    path, text = draft_to(tmp_path, pdf, "mulu")
    return text, read_catalogue(load_mapping(path), folder, BASE).records


DOMAIN_HEADER = ["序号", "一级事项", "事项名称", "公开内容", "公开主体", "公开时限"]


def test_a_column_merged_down_each_domains_table_is_drafted_as_inherited(tmp_path):
    """A 基层 catalogue of one table per domain, 公开主体 and 公开时限 merged down each table and printed at
    its top: filled on each table's first item only, blank on every item after it. The draft took that
    pattern (a cell left blank does not make it) only from the document's first item, so the second
    table's filled first row hid it and the merged cells read blank."""
    def table(n: int, subject: str, limit: str, names: list[str]) -> T:
        rows = [[str(k), "信息" if k == 1 else "", name, f"{name}的名单", subject if k == 1 else "",
                 limit if k == 1 else ""] for k, name in enumerate(names, 1)]
        return T([DOMAIN_HEADER] + rows, widths=(36, 60, 80, 110, 90, 90))
    text, records = _drafted(tmp_path, [["某镇政务公开标准目录",
                                          "一、就业领域", table(1, "某镇人民政府", "实时", ["职业介绍", "技能培训"]),
                                          "二、救助领域", table(2, "社会事务办", "每月", ["低保对象", "特困供养", "临时救助"])]])
    assert "  subject: always" in text and "  time_limit: always" in text, text
    assert [(r.name, r.subject, r.time_limit.text) for r in records] == [
        ("职业介绍", "某镇人民政府", "实时"), ("技能培训", "某镇人民政府", "实时"),
        ("低保对象", "社会事务办", "每月"), ("特困供养", "社会事务办", "每月"), ("临时救助", "社会事务办", "每月")]


def test_a_merge_the_print_shows_fits_the_pattern_of_those_it_hides(tmp_path):
    """公开依据 merged down each category, printed at the top: a long one runs on below its first row and
    is read as merged, the short ones fit their first row and their cells below read blank. The merge
    the reader saw counted as a filled cell against the pattern (filled on every category's first item,
    blank on the others), which then did not hold, and the hidden merges read blank."""
    law = "《中华人民共和国\n政府信息公开\n条例》第二十条"
    header = ["序号", "一级事项", "事项名称", "公开内容", "公开依据"]
    rows = [["1", "政务", "公开指南", "指南全文", "《档案法》"], ["2", "", "年度报告", "报告全文", ""],
            ["3", "财政", "部门预算", "预算表", M(law, rows=2)], ["4", "", "部门决算", "决算表", None],
            ["5", "机构", "机构职能", "职能", "《预算法》"], ["6", "", "领导信息", "姓名", ""]]
    text, records = _drafted(tmp_path, [["某局政务公开目录", T([header] + rows, widths=(36, 60, 80, 90, 120))]])
    assert "  legal_basis: category" in text, text
    assert [[b.title for b in r.legal_basis] for r in records] == [["档案法"]] * 2 + [
        ["中华人民共和国政府信息公开条例"]] * 2 + [["预算法"]] * 2


def test_a_merged_text_off_its_middle_rows_number_is_the_whole_tables(tmp_path):
    """Excel prints 公开主体 merged down a table of three items in the middle of the three rows. The first
    row is a line high, the others two: the text falls inside the middle row, a quarter of that row's
    height off its middle, where the row's own cells (its number) do not stand. It is the merge over the
    table, not the middle row's own cell with blank cells above and below."""
    header = ["序号", "事项名称", "公开内容", "公开主体", "公开时限"]
    rows = [["1", "公开指南", "指南全文", M("某镇人民政府", rows=3), M("实时", rows=3)],
            ["2", "年度报告", "报告全文\n及附表", None, None],
            ["3", "部门预算", "预算表\n及说明", None, None]]
    grid = read(draw(tmp_path / "三行.pdf", [[T([header] + rows, widths=(36, 80, 90, 90, 60), valign="middle")]])
                ).tables[0]
    assert [texts(grid, i)[3:] for i in range(1, 4)] == [["某镇人民政府", "实时"]] * 3
    assert grid.rows[1][3].span == (3, 1) and grid.rows[3][4].merged


def test_a_group_name_over_the_middle_of_three_columns_stretches_no_column(tmp_path):
    """As Excel prints a sheet without gridlines: 公开事项 centred over 事项类别, 二级事项 and 三级事项 (an upper
    header row, as 公开范围 over 全社会 and 特定群众 shows) is narrower than the middle column and stands over
    二级事项's word only, off its middle, reaching right towards 三级事项. Read as a line of 二级事项's cell it
    stretched that column's anchor, the boundary went right of where the names (wider than their header,
    left-aligned) start, the names crossed it as merged over both columns, and the subcategory's text,
    printed in the middle of the row, was woven in between the name's two lines (登记管理资金发登记管理放)."""
    words = [(135, 96, "公开事项"), (47, 105, "序号"), (261, 105, "公开内容"), (420, 105, "公开时限"),
             (520, 105, "责任主体"), (76, 114, "事项类别"), (121, 114, "二级事项"), (180, 114, "三级事项"),
             (690, 96, "公开范围"), (672, 114, "全社会"), (709, 114, "特定群众")]
    rows = [("机构信息", "登记管理", "登记管理资金发", "放"), ("规划管理", "特困供养", "特困供养资金发", "放"),
            ("规划管理", "临时救助", "临时救助服务指", "南")]
    for n, (category, sub, name, rest) in enumerate(rows):
        top = 132 + 30 * n
        words += [(53, top + 6, str(n + 1)), (74, top + 6, category), (119, top + 6, sub), (164.7, top, name),
                  (164.7, top + 12, rest), (238, top, name + rest + "的依据"), (420, top + 6, "20个工作日"),
                  (493, top + 6, "某镇人民政府"), (681 + 40 * (n % 2), top + 6, "√")]
    text, cat = _calc_page_read(tmp_path, "middle-group.pdf", words, size=9)
    assert [r.name for r in cat.records] == [name + rest for _, _, name, rest in rows], text



MIDDLE_HEADER = ["序号", "类别", "事项名称", "公开内容", "公开时限", "公开主体", "备注"]


def _equal_rows_merged_in_the_middle(tmp_path, merged: list[str], shown: str = "") -> list[list[str]]:
    """Five rows of equal height printed in their middle (Excel), 类别 merged over all five, the columns
    `merged` each merged over all five too (else given on the middle row alone), and a 备注 on the middle row;
    `shown` ("before", "after"): a page where 公开时限 and 公开主体 are merged over two and four rows (their texts
    on the edge between two rows, off any one row's middle). The texts of the equal rows."""
    header = MIDDLE_HEADER
    rows = [[str(n), None, f"事项{n}", f"事项{n}的\n公开内容", None, None, ""] for n in range(5, 10)]
    rows[0][1] = M("政务公开", rows=5)
    for c, text in ((4, "20个工作日内"), (5, "某镇人民政府")):
        for r, row in enumerate(rows):
            row[c] = text if r == 2 else ""
        if header[c] in merged:
            rows[0][c] = M(text, rows=5)
            for row in rows[1:]:
                row[c] = None
    rows[2][6] = "另见附件"
    pages = [[T([header] + rows, widths=(36, 64, 70, 90, 80, 80, 60), valign="middle")]]
    if shown:
        before = [["1", M("信息公开", rows=4), "指南", "指南全文\n及目录", M("实时", rows=2), M("某镇人民政府", rows=4), ""],
                  ["2", None, "年报", "年报全文\n及解读", None, None, ""],
                  ["3", None, "预算", "预算表\n及说明", M("每年1月31日前", rows=2), None, ""],
                  ["4", None, "决算", "决算表\n及说明", None, None, ""]]
        pages.insert(0 if shown == "before" else 1, [T([header] + before, widths=(36, 64, 70, 90, 80, 80, 60), valign="middle")])
    grid = read(draw(tmp_path / "等高.pdf", pages)).tables[0]
    first = 6 if shown == "before" else 1     # after the header and the four rows of the page before
    return [texts(grid, i) for i in range(first, first + 5)]


@pytest.mark.parametrize("shown", ["before", "after"])
def test_columns_shown_merged_elsewhere_read_merged_over_the_rows_another_column_is(shown, tmp_path):
    """Excel prints 公开时限 and 公开主体 merged over five rows of equal height in the middle of the middle row,
    where that row's own cells would stand; 类别 beside them is merged over the same rows (same middle). On
    another page, before or after, both columns are seen merged (texts on the edge between two rows, off any
    one row's middle): here too they are merged over the rows 类别's merge proves. A 备注 on the middle row
    stays its row's."""
    body = _equal_rows_merged_in_the_middle(tmp_path, ["公开时限", "公开主体"], shown)
    assert [r[2] for r in body] == [f"事项{n}" for n in range(5, 10)]
    assert [r[4] for r in body] == ["20个工作日内"] * 5
    assert [r[5] for r in body] == ["某镇人民政府"] * 5
    assert [r[6] for r in body] == ["", "", "另见附件", "", ""]


def test_a_column_in_the_middle_of_equal_rows_never_shown_merged_stays_its_rows(tmp_path):
    """The same rows without the other page: a text in the middle row's middle with blank rows as tall
    around it is printed as a merge over them would be, and nothing tells which it is: each stays its row's
    (the pdf reader warns and the rows below inherit it where the mapping says so)."""
    body = _equal_rows_merged_in_the_middle(tmp_path, ["公开时限", "公开主体"])
    assert [r[4] for r in body] == ["", "", "20个工作日内", "", ""]
    assert [r[5] for r in body] == ["", "", "某镇人民政府", "", ""]


@pytest.mark.parametrize("valign", ["top", "middle"])
def test_section_rows_across_a_table_printed_without_borders(valign, tmp_path):
    """一、机构信息 in a cell merged across the table: from the 序号 column on, over the gap to the next
    column (Word, Excel left-aligned), or centred over the table (Excel's merge and centre). Each is a row of
    its own, a section title: it was part of the header (序号一、机构信), or the columns 序号 and 一级事项 were
    one (the title the only text over their gap), or it was glued to the item above, and the texts of the
    columns looked merged down (fewer than SPARSE of the rows fill them once the titles are rows)."""
    from zwgk.mappings.draft import draft_mapping, render
    header = ["序号", "一级事项", "事项名称", "公开内容", "公开时限"]
    sections = {"一、机构信息": ["机构职能", "领导信息", "内设机构"], "二、政策文件": ["规范性文件", "政策解读"],
                "三、财政信息": ["部门预算", "部门决算", "三公经费"]}
    rows, n = [header], 0
    for title, names in sections.items():
        rows.append([M(title, cols=5), None, None, None, None])
        for name in names:
            n += 1
            rows.append([str(n), title[2:], name, f"{name}的具体内容\n包括相关文件", "20个工作日"])
    folder = tmp_path / "catalogues"
    folder.mkdir()
    draw(folder / "分节.pdf", [["某某局政务公开目录", T(rows, widths=(30, 60, 80, 140, 80), valign=valign)]])
    (tmp_path / "d.yaml").write_text(render(draft_mapping(folder / "分节.pdf", "sections")), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "d.yaml"), folder, BASE)
    assert [(r.seq, r.category, r.name, compact(r.content)) for r in cat.records] == [
        (str(k), [t[2:]], name, f"{name}的具体内容包括相关文件")
        for k, (t, name) in enumerate(((t, name) for t, names in sections.items() for name in names), 1)]


def test_ticks_at_the_left_of_columns_headed_in_their_middle(tmp_path):
    """Calc's print without borders: 公开对象 over 全社会 | 特定群众 and 公开方式 over 主动 | 依申请, the headers
    centred in their narrow columns, each √ at its column's left, nearer the header word before than its own:
    the boundary stands before the mark (it was read one column to the left: 全社会 ticked under 特定群众's
    header, '√ √' in one cell), and a sliver between a mark and its header word is no gap."""
    header = [["序号", "事项名称", "公开内容", M("公开对象", cols=2), None, M("公开方式", cols=2), None],
              ["", "", "", "全社会", "特定群众", "主动", "依申请"]]
    ticks = [("√", "", "√", ""), ("", "√", "√", ""), ("√", "", "", "√"), ("", "√", "", "√")]
    rows = [[str(n), f"事项{n}", f"内容{n}", *t] for n, t in enumerate(ticks, 1)]
    path = draw(tmp_path / "勾选.pdf", [["某某局政务公开目录", T(header + rows, widths=(30, 70, 120, 44, 56, 34, 46),
                                                             valign="middle", centred_head=2)]])
    grid = read(path).tables[0]
    got = [texts(grid, i) for i in range(len(grid.rows)) if texts(grid, i)[0].isdigit()]
    assert got == rows
