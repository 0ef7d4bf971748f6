"""PDF catalogues: each quirk of tables printed from Word or Excel, on small PDFs drawn here with reportlab.

Most documents are drawn with the canvas (`draw`): ruled tables of given rows, cells and merges on each
page, so a page break can cut a row or a merged cell exactly where Word or Excel would. One document
is laid out by reportlab's own table flowable (`platypus.Table`, header repeated on every page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.readers.base import Document, ReadError, ReadOptions
from zwgk.mappings.readers.pdf import read_pdf
from zwgk.ontology import code_lists

from .conftest import BASE

FONT = "STSong-Light"      # a CID font every PDF reader knows: Chinese text pdfplumber extracts
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
HEADER = ["序号", "事项名称", "公开内容", "公开时限"]
WIDTHS = (40, 120, 160, 100)


# ---------------------------------------------------------------------------------------------------
# drawing PDFs
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class M:
    """A cell over `rows` × `cols` slots (None in the slots it covers); `middle`: its text is printed in
    the middle of the span, as Excel does, not at its top."""
    text: str
    rows: int = 1
    cols: int = 1
    middle: bool = False


@dataclass
class T:
    """A ruled table: rows of cells (text, M, or None where a merge covers the slot)."""
    rows: list[list]
    widths: tuple = WIDTHS
    height: float = 30


@dataclass
class Page:
    items: list = field(default_factory=list)      # text lines (str) and tables (T), top to bottom
    footer: str | None = "- {n} -"                  # page number, {n} the page


def draw_table(c: canvas.Canvas, t: T, top: float, left: float = 60) -> float:
    """Draw each real cell's four borders (no line inside a merge) and its text; return the bottom."""
    xs = [left + sum(t.widths[:i]) for i in range(len(t.widths) + 1)]
    ys = [top - i * t.height for i in range(len(t.rows) + 1)]
    for r, row in enumerate(t.rows):
        for col, cell in enumerate(row):
            if cell is None:
                continue
            m = cell if isinstance(cell, M) else M(cell)
            x0, x1, y0, y1 = xs[col], xs[col + m.cols], ys[r], ys[r + m.rows]
            c.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
            lines = m.text.split("\n") if m.text else []
            first = (y0 + y1) / 2 + (len(lines) - 1) * 6 - 3.5 if m.middle else y0 - 12
            c.setFont(FONT, 10)
            for k, line in enumerate(lines):
                c.drawString(x0 + 3, first - 12 * k, line)
    return ys[-1]


def draw(path: Path, pages: list[Page], **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for n, page in enumerate(pages, 1):
        y = HEIGHT - 80
        for item in page.items:
            if isinstance(item, T):
                y = draw_table(c, item, y) - 16
            else:
                c.setFont(FONT, 12)
                c.drawString(60, y - 12, item)
                y -= 24
        if page.footer:
            c.setFont(FONT, 9)
            c.drawCentredString(WIDTH / 2, 30, page.footer.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return path


def read(path: Path, **options) -> Document:
    return read_pdf(f"catalogues/{path.name}", path, ReadOptions(**options))


def texts(grid, i: int) -> list[str]:
    return [c.text for c in grid.rows[i]]


def item(n: int, name: str | None = None) -> list[str]:
    return [str(n), name or f"事项{n}", "主动公开", "20个工作日"]


def refused(path: Path, message: str) -> str:
    with pytest.raises(ReadError) as e:
        read(path)
    assert str(e.value).startswith(f"catalogues/{path.name}: ") and message in str(e.value), str(e.value)
    return str(e.value)


# ---------------------------------------------------------------------------------------------------
# a table over 3 pages, header repeated (reportlab's table flowable)
# ---------------------------------------------------------------------------------------------------

N_ITEMS = 70


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "三页.pdf"
    rows = [HEADER] + [[str(i), f"事项{i}", "主动公开\n■政府网站 □政务微博" if i % 10 == 0 else "主动公开",
                        "20个工作日"] for i in range(1, N_ITEMS + 1)]
    table = Table(rows, repeatRows=1, colWidths=WIDTHS)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20)

    def page_number(c, doc):
        c.setFont(FONT, 9)
        c.drawCentredString(WIDTH / 2, 30, f"第 {doc.page} 页")

    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("某某县人民政府政务公开目录", title), Paragraph("（2024年版）", title), table,
         Paragraph("注：本目录每年更新一次。", title)], onFirstPage=page_number, onLaterPages=page_number)
    return path


@pytest.fixture(scope="module")
def three(three_pages) -> Document:
    return read(three_pages)


def test_table_over_pages_is_one_grid(three):
    assert len(three.tables) == 1
    grid = three.tables[0]
    assert grid.index == 1 and grid.name == "table 1 (pages 1-3)"
    pages = sorted({c.page for row in grid.rows for c in row})
    assert pages == [1, 2, 3]
    # every printed row kept, the header on pages 2 and 3 too (assemble drops it), numbered 1, 2, 3 …
    assert len(grid.rows) == 1 + N_ITEMS + 2
    assert grid.numbers == list(range(1, len(grid.rows) + 1))
    headers = [i for i in range(len(grid.rows)) if texts(grid, i) == HEADER]
    assert len(headers) == 3 and headers[0] == 0
    items = [texts(grid, i)[0] for i in range(len(grid.rows)) if i not in headers]
    assert items == [str(i) for i in range(1, N_ITEMS + 1)]
    for i, row in enumerate(grid.rows):
        assert [c.col for c in row] == [1, 2, 3, 4]
        assert all(c.first_line == c.last_line == grid.numbers[i] for c in row)
        assert all(c.span == (1, 1) and c.origin is None and not c.merged for c in row)


def test_rows_are_located_by_page_table_and_row_on_the_page(three):
    grid = three.tables[0]
    second = next(i for i in range(1, len(grid.rows)) if texts(grid, i) == HEADER)
    no = grid.numbers[second]
    assert grid.rows[second][0].page == 2
    assert grid.fragment(1, 1) == "page=1&table=1&row=1"
    assert grid.fragment(3, 5) == "page=1&table=1&row=3-5"
    assert grid.fragment(no, no) == "page=2&table=1&row=1"
    assert grid.fragment(no + 1, no + 2) == "page=2&table=1&row=2-3"
    assert grid.fragment(no - 1, no + 1) == f"page=1&table=1&row={second}"   # over a page break: its first row


def test_cell_lines_and_check_boxes(three):
    grid = three.tables[0]
    row = next(r for r in grid.rows if r[0].text == "10")
    assert row[2].text == "主动公开\n■政府网站 □政务微博"


def test_text_before_and_after_without_page_numbers(three):
    assert three.tables[0].before == ["某某县人民政府政务公开目录", "（2024年版）"]
    assert three.after == ["注：本目录每年更新一次。"]
    assert three.warnings == []


def seen(doc: Document) -> tuple:
    """All a read found: each table's cells, row numbers, text before and links into the file, the text
    after, the warnings."""
    return ([(g.name, g.rows, g.numbers, g.before, g.caption, [g.fragment(n, n) for n in g.numbers])
             for g in doc.tables], doc.after, doc.warnings, doc.merges_seen)


def test_a_file_read_again_while_remembering_is_parsed_once(three_pages, monkeypatch):
    """`remembering()` (the draft's reads): pdfplumber parses a file once, whatever the options of the reads,
    and each read gets its own copy (a reader changing what it parsed changes no later read). Outside it,
    every read parses the file."""
    import pdfplumber
    from zwgk.mappings.readers.base import remembering
    opened = []
    real = pdfplumber.open
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: opened.append(1) or real(*a, **k))
    first, second = read(three_pages), read(three_pages, header_rows=2)
    assert len(opened) == 2
    with remembering():
        a = read(three_pages)
        a.tables[0].rows.clear()
        a.tables[0].before.append("changed")
        b = read(three_pages, header_rows=2)
        c = read(three_pages)
    assert len(opened) == 3
    assert seen(b) == seen(second) and seen(c) == seen(first) != seen(a)
    read(three_pages)
    assert len(opened) == 4
    from zwgk.mappings.draft import draft_mapping       # reads the file three times or more, parses it once
    assert draft_mapping(three_pages, "three").header_rows == 1
    assert len(opened) == 5


# ---------------------------------------------------------------------------------------------------
# a row cut by the page break
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cut_row(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "断行.pdf"
    draw(path, [Page(["政府信息公开目录", T([HEADER, item(1), item(2),
                                          ["3", "行政规范性", "主动公开\n政府网站", "20个"]])]),
                # the lower part of item 3; its 公开内容 goes on as a merge with item 4's
                Page([T([HEADER, ["", "文件解读", M("政务微博", rows=2), "工作日"], ["4", "事项4", None, "20个工作日"],
                         item(5)])])])
    return read(path)


def test_row_cut_by_page_break_is_joined(cut_row):
    grid = cut_row.tables[0]
    content = "主动公开\n政府网站\n政务微博"     # the parts a line apart, as two lines of one cell on a page
    assert [texts(grid, i) for i in range(len(grid.rows))] == [
        HEADER, item(1), item(2), ["3", "行政规范性\n文件解读", content, "20个\n工作日"],
        HEADER, ["4", "事项4", content, "20个工作日"], item(5)]
    # the merge going on below the lower part starts at item 3's cell
    assert grid.rows[3][2].span == (3, 1) and not grid.rows[3][2].merged
    assert grid.rows[5][2].merged and grid.rows[5][2].origin == (4, 3) and grid.rows[5][2].page == 2
    assert grid.rows[4][2].text == "公开内容" and grid.rows[4][2].origin is None
    assert grid.numbers == [1, 2, 3, 4, 5, 6, 7]
    assert grid.rows[3][1].page == 1 and grid.rows[3][1].first_line == grid.rows[3][1].last_line == 4
    # item 4 is the 3rd row printed on page 2 (the header, the lower part of item 3, item 4)
    assert grid.fragment(6, 6) == "page=2&table=1&row=3"
    assert grid.fragment(4, 4) == "page=1&table=1&row=4"
    assert grid.name == "table 1 (pages 1-2)"


def test_a_header_cut_by_the_page_break_is_joined(tmp_path):
    """A table whose first page holds only its header, that row cut by the page break (Word and LibreOffice
    Writer let a row break over pages): the lower part of its cells opens the next page (公开 / 时限). It is
    the header's, not a row of its own (the header did not match the mapping's: 公开 for 公开时限)."""
    path = draw(tmp_path / "表头断行.pdf", [
        Page(["政府信息公开目录", T([["序号", "事项名称", "公开内容", "公开"]])]),
        Page([T([["", "", "", "时限"], item(1), item(2)])])])
    [grid] = read(path).tables
    assert [texts(grid, i) for i in range(len(grid.rows))] == [["序号", "事项名称", "公开内容", "公开\n时限"],
                                                               item(1), item(2)]
    assert grid.name == "table 1 (pages 1-2)" and grid.fragment(2, 2) == "page=2&table=1&row=2"


def pdf_mapping(cid: str, source: str, columns: list[tuple[str, str]]) -> str:
    """A small mapping of a PDF of 某某局 whose columns are (role, header) pairs."""
    return (f"catalogue: {{id: {cid}, source: {source}, title: 某某局政务公开目录}}\n"
            f"agency: {{id: {cid}, name: 某某局}}\nreader: pdf\ncolumns:\n"
            + "".join(f"  - {{role: {role}, header: [{header}]}}\n" for role, header in columns))


CUT_MAPPING = pdf_mapping("cut-test", "断行.pdf", [("seq", "序号"), ("name", "事项名称"), ("channels", "公开渠道"),
                                                  ("time_limit", "公开时限")])


def test_a_row_cut_by_the_page_break_reads_as_one_row_of_a_page(tmp_path):
    """The parts of a cell cut by a page break are two lines of one cell, as on a page: a list goes on with
    its next entry (湖南日报 / 信息公告栏: two channels, read as one '湖南日报信息公告栏' when the parts were
    glued), a wrapped text goes on (行政规范性 / 文件解读, 20个 / 工作日: one text)."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    header = ["序号", "事项名称", "公开渠道", "公开时限"]
    draw(folder / "断行.pdf", [
        Page(["某某局政务公开目录", T([header, ["1", "机构职能", "政府网站", "20个工作日"],
                                      ["2", "行政规范性", "政府网站\n湖南日报", "20个"]])]),
        Page([T([header, ["", "文件解读", "信息公告栏", "工作日"], ["3", "预决算", "政务微博", "及时"]])])])
    (tmp_path / "m.yaml").write_text(CUT_MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    cl = code_lists(BASE)
    got = [(r.name, [cl.label(c) for c in r.channels], r.time_limit.text) for r in cat.records]
    assert got[1] == ("行政规范性文件解读", ["政府网站", "湖南日报", "信息公告栏"], "20个工作日"), got
    assert [g[0] for g in got] == ["机构职能", "行政规范性文件解读", "预决算"]


def test_a_row_cut_with_its_item_number_reads_as_one_row(tmp_path):
    """An item number wrapped in a narrow 序号 column and cut by the page break with its row (1 / 1 for 11):
    the row opening the next page, numbered 1 after 10, is the rest of item 11 (it was an item '务指南' of
    its own, and item 11 '资金使用服'); an item numbered 1 that starts a new list stays one."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    header = ["序号", "事项名称", "公开渠道", "公开时限"]
    items = [[str(n), f"事项{n}", "政府网站", "20个工作日"] for n in range(1, 11)]
    draw(folder / "断行.pdf", [
        Page(["某某局政务公开目录", T([header, *items, ["1", "资金使用服", "政府网站", "20个"]], height=24)]),
        Page([T([header, ["1", "务指南", "", "工作日"], ["12", "预决算", "政务微博", "及时"]], height=24)])])
    (tmp_path / "m.yaml").write_text(CUT_MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    got = [(r.name, r.time_limit.text) for r in cat.records]
    assert got[10:] == [("资金使用服务指南", "20个工作日"), ("预决算", "及时")], got
    assert len(got) == 12
    # a list numbered again from 1 on the next page: its first item is no part of the last one before
    draw(folder / "断行.pdf", [
        Page(["某某局政务公开目录", T([header, *items[:9], ["1", "资金使用服务", "政府网站", "20个工作日"]], height=24)]),
        Page([T([header, ["1", "务指南", "政务微博", "及时"]], height=24)])])
    names = [r.name for r in read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE).records]
    assert names[-2:] == ["资金使用服务", "务指南"], names


def test_a_line_wrapped_at_a_space_keeps_it(tmp_path):
    """A cell's line that wrapped at a space of its text prints the space at its end (起 20␣ / 个工作日内): the
    text keeps it where a space within a line stays, beside a digit (it read 起 20个工作日内, 令第 711号), not
    between two Chinese characters (政府网站␣ / 政务微博 is 政府网站政务微博, as on one line)."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    header = ["序号", "事项名称", "公开渠道", "公开时限"]
    draw(folder / "断行.pdf", [Page(["某某局政务公开目录", T([
        header, ["1", "机构职能", "政府网站", "信息形成之日起 20 \n个工作日内"],
        ["2", "政策文件\n（国务院令第 711 \n号）", "政府网站 \n政务微博", "20个工作日"]], height=40)])])
    [grid] = read(folder / "断行.pdf").tables
    assert texts(grid, 1)[3] == "信息形成之日起 20 \n个工作日内"
    (tmp_path / "m.yaml").write_text(CUT_MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    cl = code_lists(BASE)
    got = [(r.name, [cl.label(c) for c in r.channels], r.time_limit.text) for r in cat.records]
    assert got == [("机构职能", ["政府网站"], "信息形成之日起 20 个工作日内"),
                   ("政策文件（国务院令第 711 号）", ["政府网站", "政务微博"], "20个工作日")], got


MERGE_MAPPING = pdf_mapping("merge-test", "跨页.pdf", [("seq", "序号"), ("category", "一级目录"), ("name", "事项名称"),
                                                      ("time_limit", "公开时限")])


def test_a_merges_text_printed_over_the_header_repeated_on_the_next_page(tmp_path):
    """Calc prints a merged cell's text in the middle of its whole span, on every page the span crosses: over a
    page break it may stand over the header printed again, both centred in the column, their characters read
    interleaved (一行级政目权录力). The header is the header (it was no header, and the page's rows were lost
    to it), and the merge's text is its text there with the lines below the header (行政权力 / 运行): the
    merge over the break is one cell, 行政权力运行."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    header = ["序号", "一级目录", "事项名称", "公开时限"]
    first = T([header, ["1", "机构", "事项1", "20个工作日"], ["2", M("行政权力", rows=2), "事项2", "20个工作日"],
               ["3", None, "事项3", "20个工作日"]])
    second = T([header, ["4", M("运行", rows=2), "事项4", "20个工作日"], ["5", None, "事项5", "20个工作日"]])
    c = canvas.Canvas(str(folder / "跨页.pdf"), pagesize=A4)
    draw_table(c, first, HEIGHT - 80)
    c.showPage()
    draw_table(c, second, HEIGHT - 80)
    c.setFont(FONT, 10)
    c.drawString(60 + WIDTHS[0] + 3 + 5, HEIGHT - 80 - 12, "行政权力")    # over 一级目录, half a character on
    c.showPage()
    c.save()
    (tmp_path / "m.yaml").write_text(MERGE_MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    got = [(r.seq, r.category, r.name) for r in cat.records]
    assert got == [("1", ["机构"], "事项1")] + [(str(n), ["行政权力运行"], f"事项{n}") for n in range(2, 6)], got


def test_a_merges_text_shown_on_both_sides_of_the_break_with_a_line_on_both(tmp_path):
    """Calc prints a merged cell's text across the page break on both pages, each showing the lines on its side
    and the line the break cuts (行政 / 权力 ending one page, 权力 / 运行 opening the next): one merge, its text
    行政权力运行 (the parts were two categories, 行政权力 and 权力运行). Two merges whose texts only share words
    (政策文件 / 文件解读) stay two."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    header = ["序号", "一级目录", "事项名称", "公开时限"]

    def pages(upper: str, lower: str) -> list[Page]:
        return [Page([T([header, ["1", "机构", "事项1", "20个工作日"], ["2", M(upper, rows=2), "事项2", "20个工作日"],
                         ["3", None, "事项3", "20个工作日"]])]),
                Page([T([header, ["4", M(lower, rows=2), "事项4", "20个工作日"], ["5", None, "事项5", "20个工作日"]])])]
    (tmp_path / "m.yaml").write_text(MERGE_MAPPING, encoding="utf-8")
    draw(folder / "跨页.pdf", pages("行政\n权力", "权力\n运行"))
    got = [r.category for r in read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE).records]
    assert got == [["机构"]] + [["行政权力运行"]] * 4, got
    draw(folder / "跨页.pdf", pages("政策文件", "文件解读"))
    got = [r.category for r in read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE).records]
    assert got == [["机构"], ["政策文件"], ["政策文件"], ["文件解读"], ["文件解读"]], got


def test_a_header_printed_again_cut_short_is_the_header(tmp_path):
    """LibreOffice prints a repeated header row (标题行重复) no taller than its first line: on the next page
    the header's cells are cut at their foot (公开 for 公开 / 时限). It is the header printed again, read as
    the header's text (and dropped as a repeated header is), with a warning that the rest of its text may
    stand in the row below."""
    header = ["序号", "事项名称", "公开内容", "公开\n时限"]
    path = draw(tmp_path / "重复表头.pdf", [
        Page(["政府信息公开目录", T([header, item(1), item(2)])]),
        Page([T([["序号", "事项名称", "公开内容", "公开"], item(3)])])])
    doc = read(path)
    [grid] = doc.tables
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header, item(1), item(2), header, item(3)]
    [warning] = [w for w in doc.warnings if "printed again here is cut short" in w]
    assert warning.startswith("catalogues/重复表头.pdf#page=2&table=1&row=1: ")
    assert warning.endswith("check page=2&table=1&row=2")      # item 3, the first row under it


def test_a_header_line_overrunning_the_rule_is_the_header_s(tmp_path):
    """The repeated header row cut short, its next line printed anyway across its foot (LibreOffice Writer:
    公开 / 时限 / 要求, the last line over the rule and over the text of the row below): that line is the
    header's, so the header reads whole (dropped as a repeated header, no warning) and the item under it
    keeps its own text (要求 was read into item 3's 公开时限, or woven into it: 20要求个工作日)."""
    header = ["序号", "事项名称", "公开内容", "公开\n时限\n要求"]
    path = draw(tmp_path / "越线.pdf", [
        Page(["政府信息公开目录", T([header, item(1), item(2)], height=40)]),
        Page([T([header, item(3), item(4)], height=30)])])
    doc = read(path)
    [grid] = doc.tables
    assert [texts(grid, i) for i in range(len(grid.rows))] == [header, item(1), item(2), header, item(3), item(4)]
    assert not [w for w in doc.warnings if "cut short" in w], doc.warnings


@pytest.fixture(scope="module")
def new_row_on_next_page(tmp_path_factory) -> Document:
    """The next page opens ("续表" above the table) with a new item whose 公开时限 is blank: not a cut row."""
    path = tmp_path_factory.mktemp("pdf") / "新行.pdf"
    draw(path, [Page([T([HEADER, item(1), item(2), item(3)])]),
                Page(["续表", T([HEADER, ["4", "事项4", "主动公开", ""], item(5)])])])
    return read(path)


def test_new_row_on_next_page_is_not_joined(new_row_on_next_page):
    grid = new_row_on_next_page.tables[0]
    assert [texts(grid, i)[0] for i in range(len(grid.rows))] == ["序号", "1", "2", "3", "序号", "4", "5"]
    assert texts(grid, 3) == item(3) and texts(grid, 5) == ["4", "事项4", "主动公开", ""]
    assert len(new_row_on_next_page.tables) == 1 and new_row_on_next_page.after == []


# ---------------------------------------------------------------------------------------------------
# merges: over a page break (both ways), text in the middle of the span, across columns
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_merges(tmp_path_factory) -> Document:
    """类别 (column 2) merged down over the page breaks: 1→2 its text is on the upper part (Word, or
    Excel with the text on the first page); 2→3 on the lower part (Excel: the middle of the span fell
    on the next page)."""
    path = tmp_path_factory.mktemp("pdf") / "跨页合并.pdf"
    header = ["序号", "类别", "事项", "时限"]
    draw(path, [
        Page([T([header, ["1", "概况信息", "机构职能", "20日"], ["2", M("政务公开", rows=2), "领导信息", "20日"],
                 ["3", None, "内设机构", "20日"]])]),
        Page([T([header, ["4", M("", rows=2), "政策文件", "20日"], ["5", None, "政策解读", "20日"],
                 ["6", "规划信息", "发展规划", "20日"], ["7", M("", rows=2), "预算", "20日"],
                 ["8", None, "决算", "20日"]])]),
        Page([T([header, ["9", M("财政预决算", rows=2, middle=True), "三公经费", "20日"],
                 ["10", None, "专项资金", "20日"], ["11", "其他", "其他", "20日"]])]),
        # Word: a merge starting on the last row of page 3 goes on, blank, at the top of page 4
        Page([T([header, ["12", M("", rows=2), "其他事项", "20日"], ["13", None, "其他事项", "20日"],
                 ["14", "结束", "其他", "20日"]])]),
    ])
    return read(path)


def _column(grid, col: int) -> dict[str, tuple]:
    """序号 → (text, merged, origin, span) of the column's cell, for item rows."""
    return {r[0].text: (r[col - 1].text, r[col - 1].merged, r[col - 1].origin, r[col - 1].span)
            for r in grid.rows if r[0].text.isdigit()}


def test_merge_over_page_break_text_above(page_merges):
    grid = page_merges.tables[0]
    assert len(page_merges.tables) == 1
    no = {r[0].text: grid.numbers[i] for i, r in enumerate(grid.rows)}
    col = _column(grid, 2)
    top = (no["2"], 2)
    assert col["2"] == ("政务公开", False, None, (no["5"] - no["2"] + 1, 1))
    assert col["3"] == ("政务公开", True, top, (1, 1))
    assert col["4"] == ("政务公开", True, top, (1, 1))      # the blank part on page 2 is the merge
    assert col["5"] == ("政务公开", True, top, (1, 1))
    assert col["6"] == ("规划信息", False, None, (1, 1))


def test_merge_over_page_break_text_below(page_merges):
    grid = page_merges.tables[0]
    no = {r[0].text: grid.numbers[i] for i, r in enumerate(grid.rows)}
    col = _column(grid, 2)
    top = (no["7"], 2)
    # the blank part ending page 2 takes the text printed on page 3
    assert col["7"] == ("财政预决算", False, None, (no["10"] - no["7"] + 1, 1))
    assert [col[n] for n in ("8", "9", "10")] == [("财政预决算", True, top, (1, 1))] * 3
    assert grid.rows[no["9"] - 1][1].page == 3


def test_merge_starting_on_the_last_row_of_a_page(page_merges):
    grid = page_merges.tables[0]
    no = {r[0].text: grid.numbers[i] for i, r in enumerate(grid.rows)}
    col = _column(grid, 2)
    assert col["11"] == ("其他", False, None, (no["13"] - no["11"] + 1, 1))
    assert col["12"] == col["13"] == ("其他", True, (no["11"], 2), (1, 1))
    assert col["14"] == ("结束", False, None, (1, 1))
    assert grid.name == "table 1 (pages 1-4)"


def test_a_merged_text_running_on_over_the_page_break_is_one_text(tmp_path):
    """Word and LibreOffice flow a merged cell's text into its part on the next page: a text that cannot end
    where the page cut it (after 、, or with 《 open) goes on there. A finished one does not take the next
    page's merge (a new cell that starts there)."""
    path = tmp_path / "续页.pdf"
    header = ["序号", "事项", "依据", "时限"]
    draw(path, [
        Page([T([header, ["1", "事项1", M("《政府信息公开条例》\n第十九条、第二十条、", rows=2), "20日"],
                 ["2", "事项2", None, "20日"]])]),
        Page([T([header, ["3", "事项3", M("第二十一条", rows=2), "20日"], ["4", "事项4", None, "20日"],
                 ["5", "事项5", M("《中华人民共和国", rows=2), "20日"], ["6", "事项6", None, "20日"]])]),
        Page([T([header, ["7", "事项7", M("档案法》", rows=2), "20日"], ["8", "事项8", None, "20日"],
                 ["9", "事项9", M("《保密法》", rows=2), "20日"], ["10", "事项10", None, "20日"]])]),
        Page([T([header, ["11", "事项11", M("《统计法》", rows=2), "20日"], ["12", "事项12", None, "20日"]])]),
    ])
    grid = read(path).tables[0]
    no = {r[0].text: grid.numbers[i] for i, r in enumerate(grid.rows)}
    col = _column(grid, 3)
    first = "《政府信息公开条例》\n第十九条、第二十条、第二十一条"
    assert col["1"] == (first, False, None, (no["4"] - no["1"] + 1, 1))
    assert [col[n] for n in ("2", "3", "4")] == [(first, True, (no["1"], 3), (1, 1))] * 3
    assert col["5"][0] == col["8"][0] == "《中华人民共和国档案法》" and col["8"][2] == (no["5"], 3)
    assert col["9"] == ("《保密法》", False, None, (2, 1))          # finished: the next page's is its own
    assert col["11"] == ("《统计法》", False, None, (2, 1)) and col["12"][:3] == ("《统计法》", True, (no["11"], 3))


@pytest.fixture(scope="module")
def merges(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "合并.pdf"
    draw(path, [Page([T([
        HEADER,
        [M("一、主动公开事项", cols=4), None, None, None],
        ["1", "事项1", M("主动公开", rows=3, middle=True), "20个工作日"],
        ["2", "事项2", None, "20个工作日"],
        ["3", "事项3", None, "20个工作日"],
        ["4", M("事项4（含附件）", cols=2), None, "即时"],
    ])], footer="{n}/{total}")])
    return read(path)


def test_text_in_the_middle_of_a_merge_belongs_to_all_its_rows(merges):
    grid = merges.tables[0]
    assert grid.name == "table 1 (page 1)"
    top, mid, bottom = (grid.rows[i][2] for i in (2, 3, 4))
    assert [c.text for c in (top, mid, bottom)] == ["主动公开"] * 3
    assert top.span == (3, 1) and not top.merged and top.origin is None
    assert mid.merged and bottom.merged and mid.origin == bottom.origin == (3, 3)
    assert [c.page for c in (top, mid, bottom)] == [1, 1, 1]


def test_horizontal_merge(merges):
    grid = merges.tables[0]
    title = grid.rows[1]
    assert [c.text for c in title] == ["一、主动公开事项"] * 4
    assert title[0].span == (1, 4) and all(c.origin == (2, 1) and not c.merged for c in title[1:])
    assert grid.one_cell(1) and not grid.one_cell(2)
    row = grid.rows[5]
    assert texts(grid, 5) == ["4", "事项4（含附件）", "事项4（含附件）", "即时"]
    assert row[1].span == (1, 2) and row[2].origin == (6, 2) and not row[2].merged
    assert merges.after == []     # "1/1" is a page number


@pytest.fixture(scope="module")
def fewer_columns(tmp_path_factory) -> Document:
    """Page 2 prints 公开内容 and 公开时限 as one cell: the boundary between them is missing."""
    path = tmp_path_factory.mktemp("pdf") / "列数.pdf"
    draw(path, [Page([T([HEADER, item(1), item(2)])]),
                Page([T([["3", "事项3", "主动公开 20个工作日"], item(4)[:3]], widths=(40, 120, 260))])])
    return read(path)


def test_page_with_a_missing_column_boundary(fewer_columns):
    assert len(fewer_columns.tables) == 1
    grid = fewer_columns.tables[0]
    assert grid.width == 4 and len(grid.rows) == 5
    row = grid.rows[3]
    assert [c.text for c in row] == ["3", "事项3", "主动公开 20个工作日", "主动公开 20个工作日"]
    assert row[2].span == (1, 2) and row[3].origin == (4, 3) and not row[3].merged
    assert [c.page for c in row] == [2] * 4
    assert texts(grid, 2) == item(2)


# ---------------------------------------------------------------------------------------------------
# several tables, text around them
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_tables(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "两表.pdf"
    draw(path, [
        Page(["某某局政府信息公开目录", "一、主动公开", T([HEADER, item(1), item(2)]), "二、依申请公开",
              T([HEADER, item(3)])], footer="第 {n} 页 共 {total} 页"),
        # lined up with the table ending page 1, but after a heading: a new table
        Page(["三、其他", T([HEADER, item(4)])], footer="第 {n} 页 共 {total} 页"),
        # opening its page, but not lined up with the table before: a new table
        Page([T([["类别", "说明"], ["其他", "无"]], widths=(100, 200))], footer="第 {n} 页 共 {total} 页"),
    ])
    return read(path)


def test_two_tables_on_one_page(two_tables):
    assert [g.name for g in two_tables.tables] == ["table 1 (page 1)", "table 2 (page 1)", "table 3 (page 2)",
                                                   "table 4 (page 3)"]
    first, second = two_tables.tables[:2]
    assert first.before == ["某某局政府信息公开目录", "一、主动公开"]
    assert second.before == ["二、依申请公开"]
    assert [texts(first, i) for i in range(3)] == [HEADER, item(1), item(2)]
    assert [texts(second, i) for i in range(2)] == [HEADER, item(3)]
    assert second.numbers == [1, 2] and second.fragment(2, 2) == "page=1&table=2&row=2"


def test_a_new_table_on_the_next_page(two_tables):
    third, fourth = two_tables.tables[2:]
    assert third.before == ["三、其他"] and [texts(third, i) for i in range(2)] == [HEADER, item(4)]
    assert fourth.before == [] and texts(fourth, 1) == ["其他", "无"]
    assert fourth.fragment(1, 2) == "page=3&table=4&row=1-2"
    assert two_tables.after == []


@pytest.fixture(scope="module")
def running_header(tmp_path_factory) -> Document:
    """A running header in every page's top margin does not stop the table going on."""
    path = tmp_path_factory.mktemp("pdf") / "页眉.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, rows in enumerate(([HEADER, item(1)], [item(2), item(3)]), 1):
        c.setFont(FONT, 9)
        c.drawString(60, HEIGHT - 40, "某某县人民政府办公室")
        bottom = draw_table(c, T(rows), HEIGHT - 80)
        if n == 2:
            c.setFont(FONT, 12)
            c.drawString(60, bottom - 30, "附件：公开指南")
        c.drawString(WIDTH - 80, 30, str(n))
        c.showPage()
    c.save()
    return read(path)


def test_running_header_and_text_after(running_header):
    assert len(running_header.tables) == 1
    grid = running_header.tables[0]
    assert [texts(grid, i)[0] for i in range(len(grid.rows))] == ["序号", "1", "2", "3"]
    # the running line above the first table is the document's own text, kept there once; its repeats are not
    assert grid.before == ["某某县人民政府办公室"] and running_header.after == ["附件：公开指南"]


def test_text_on_pages_before_the_table(tmp_path):
    path = draw(tmp_path / "封面.pdf", [Page(["某某县政务公开目录", "2024年12月"]),
                                       Page(["一、主动公开", T([HEADER, item(1)])])])
    doc = read(path)
    assert doc.tables[0].before == ["某某县政务公开目录", "2024年12月", "一、主动公开"]
    assert doc.tables[0].name == "table 1 (page 2)" and doc.tables[0].fragment(2, 2) == "page=2&table=1&row=2"


def test_characters_printed_twice_are_read_once(tmp_path):
    """Simulated bold (WPS, Word with a font lacking bold) prints each glyph twice, a little apart."""
    path = tmp_path / "加粗.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 14)
    for dx in (0, 0.3):
        c.drawString(60 + dx, HEIGHT - 60, "政务公开目录")
    bottom = draw_table(c, T([HEADER, item(1)]), HEIGHT - 80)
    c.setFont(FONT, 10)
    c.drawString(63 + 0.3, HEIGHT - 80 - 12, "序号")      # the header cell printed again
    c.drawString(60, bottom - 30, "注：111")               # the same character next to itself stays
    c.showPage()
    c.save()
    doc = read(path)
    assert doc.tables[0].before == ["政务公开目录"]
    assert texts(doc.tables[0], 0) == HEADER
    assert doc.after == ["注：111"]


def test_symbol_font_check_boxes():
    from zwgk.mappings.readers.pdf import _Glyphs
    glyphs = _Glyphs()
    def char(text, font):
        return glyphs.fix({"text": text, "fontname": font})["text"]
    assert char("\uf0fe", "ABCDEF+Wingdings-Regular") == "■"
    assert char("\uf0a8", "Wingdings") == "□"
    assert char("\u00fe", "BCDEFG+Wingdings,Bold") == "■"
    assert char("R", "Wingdings2") == "■"
    assert char("\u00d6", "SymbolMT") == "√"
    assert char("政", "ABCDEF+Wingdings-Regular") == "政"     # a fallback font's character
    for glyph in "■□☑☐√✓":
        assert char(glyph, "SimSun") == glyph
    assert char("\uf0e0", "Wingdings") == "\ufffd" and glyphs.unknown == {"wingdings F0E0"}


# ---------------------------------------------------------------------------------------------------
# files refused
# ---------------------------------------------------------------------------------------------------

def test_scan_is_refused(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    image = Image.new("RGB", (200, 100), "white")
    for x in range(200):
        image.putpixel((x, 50), (0, 0, 0))
    path = tmp_path / "扫描.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 60, 400, 400, 200)
    c.showPage()
    c.rect(60, 400, 400, 200)      # a page with lines, no text
    c.showPage()
    c.save()
    refused(path, "no text layer: the PDF is a scan or images only (or its text was turned into outlines); read the "
                  "catalogue from its Word/Excel original, or OCR it first in Chinese (e.g. ocrmypdf -l chi_sim")


def test_scanned_pages_among_text_pages_are_reported(tmp_path):
    """A page that is an image among text pages is said not read; a blank page (LibreOffice puts a trailing
    empty paragraph on a page of its own) is no scan, and nothing is said of it (it was 'no text layer
    (scans?)')."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    path = tmp_path / "部分扫描.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    draw_table(c, T([HEADER, item(1)]), HEIGHT - 80)
    c.showPage()
    c.drawImage(ImageReader(Image.new("RGB", (200, 100), "gray")), 60, 400, 400, 200)   # a scanned page
    c.showPage()
    c.setFont(FONT, 9)
    c.showPage()                    # blank
    c.save()
    doc = read(path)
    assert [texts(doc.tables[0], i) for i in range(2)] == [HEADER, item(1)]
    assert doc.warnings == [f"catalogues/{path.name}: page 2 has no text layer (scans?), not read"]


def test_encrypted_pdf_is_refused(tmp_path):
    path = draw(tmp_path / "加密.pdf", [Page([T([HEADER, item(1)])])], encrypt="secret")
    refused(path, "password-protected")


def test_corrupt_files_are_refused(tmp_path):
    good = draw(tmp_path / "好.pdf", [Page([T([HEADER, item(1)])])]).read_bytes()
    for name, data in (("截断.pdf", good[: len(good) // 3]), ("乱码.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20)):
        (tmp_path / name).write_bytes(data)
        message = refused(tmp_path / name, "")
        assert "PDF" in message
    (tmp_path / "文本.pdf").write_text("序号\t事项名称\n1\t事项1\n", encoding="utf-8")
    refused(tmp_path / "文本.pdf", "not a PDF file")
    (tmp_path / "网页.pdf").write_bytes(b"<html><body>404</body></html>")
    refused(tmp_path / "网页.pdf", "not a PDF file (HTML or XML text)")
    (tmp_path / "空.pdf").write_bytes(b"")
    refused(tmp_path / "空.pdf", "empty")
    refused(tmp_path / "没有.pdf", "not found")


def test_pdf_with_neither_a_ruled_table_nor_a_header_line_is_refused(tmp_path):
    path = tmp_path / "无表.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 10)
    for k, line in enumerate(["序号  事项名称  公开内容", "1  事项1  主动公开"]):
        c.drawString(60, 700 - 14 * k, line)
    c.showPage()
    c.save()
    message = refused(path, "no table found: the PDF has text but no table with drawn borders, and no line "
                            "of it reads as the table's header")
    assert "no text layer" not in message


# ---------------------------------------------------------------------------------------------------
# what government PDFs print over and beside their tables (a probe of 12 PDFs with page furniture)
# ---------------------------------------------------------------------------------------------------

def _furnished(path: Path, over) -> Path:
    """One ruled table of three items, and `over(canvas)` drawn over it."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    c.drawString(60, HEIGHT - 70, "某市卫生健康委员会政府信息公开目录")
    draw_table(c, T([HEADER, item(1, "机构职能"), item(2, "行政处罚"), item(3, "部门预算")]), HEIGHT - 90)
    over(c)
    c.showPage()
    c.save()
    return path


def _filled(c, pts: list[tuple[float, float]], gray: float = 0.9) -> None:
    """A filled shape, not stroked, through these corners."""
    p = c.beginPath()
    p.moveTo(*pts[0])
    for pt in pts[1:]:
        p.lineTo(*pt)
    p.close()
    c.setFillGray(gray)
    c.drawPath(p, stroke=0, fill=1)


THREE_ITEMS = [HEADER, item(1, "机构职能"), item(2, "行政处罚"), item(3, "部门预算")]


def test_a_watermark_written_across_the_table_is_no_part_of_it(tmp_path):
    """A watermark in the text layer, at a slant over the table (绍兴市卫生健康委员会 at 35°): its characters
    went into the cells under them (生行政处罚, 卫市部门预算) and the header (会员公开依据)."""
    def watermark(c):
        c.saveState()
        c.setFont(FONT, 40)
        c.translate(100, HEIGHT - 200)
        c.rotate(35)
        c.drawString(0, 0, "绍兴市卫生健康委员会")
        c.restoreState()
    doc = read(_furnished(tmp_path / "w.pdf", watermark))
    assert [texts(doc.tables[0], i) for i in range(4)] == THREE_ITEMS
    assert doc.tables[0].before == ["某市卫生健康委员会政府信息公开目录"]
    assert not any("(cid:" in w for w in doc.warnings)      # (its fonts map every glyph: nothing said of them)


def test_a_shape_with_slanted_sides_over_the_table_is_no_rule(tmp_path):
    """A filled shape with diagonal sides over the table (a WordArt watermark's glyphs, a vector seal): its
    edges were made into rules (two more columns, cells cut), and a page of horizontal rules and a small ◆
    (抄送/印发 under a notice) was refused as damaged (pdfplumber given no vertical rule)."""
    doc = read(_furnished(tmp_path / "s.pdf", lambda c: _filled(c, [(150, HEIGHT - 100), (320, HEIGHT - 200),
                                                                    (330, HEIGHT - 195)])))
    assert [texts(doc.tables[0], i) for i in range(4)] == THREE_ITEMS
    c = canvas.Canvas(str(tmp_path / "n.pdf"), pagesize=A4)
    draw_table(c, T([HEADER, item(1)]), HEIGHT - 90)
    c.showPage()
    c.line(60, 200, 500, 200)
    c.line(60, 180, 500, 180)
    _filled(c, [(300, 190), (306, 196), (312, 190), (306, 184)], 0)       # a ◆
    c.setFont(FONT, 10)
    c.drawString(60, 186, "抄送：县政府办公室")
    c.showPage()
    c.save()
    assert [texts(g, 1) for g in read(tmp_path / "n.pdf").tables] == [item(1)]


def test_a_footnote_mark_after_a_citation_is_no_part_of_it(tmp_path):
    """Word's footnote reference printed small and raised after the words it notes (…第二十条¹): the mark went
    into the cell's text (1第二十条, read as a citation and its article lost); a small raised 2 after a letter
    (m²) stays."""
    def marks(c):
        c.setFont(FONT, 7)
        c.drawString(60 + 40 + 120 + 3 + 10 * 4, HEIGHT - 90 - 30 - 12 + 4, "1")     # after 主动公开 of item 1
        c.drawString(60 + 40 + 3 + 10 * 4 + 6, HEIGHT - 90 - 60 - 12 + 4, "2")        # after 行政处罚m
    def letters(c):
        c.setFont(FONT, 10)
        c.drawString(60 + 40 + 3 + 10 * 4, HEIGHT - 90 - 60 - 12, "m")
        marks(c)
    doc = read(_furnished(tmp_path / "f.pdf", letters))
    assert texts(doc.tables[0], 1) == item(1, "机构职能")
    assert texts(doc.tables[0], 2)[1] == "行政处罚m2"


def test_the_straight_sides_of_a_filled_outline_are_no_rules(tmp_path):
    """Word's 水印 printed by LibreOffice as the letters' filled outlines: their straight stretches are edges as
    a rule's are, and cut the cells under them (公开内容 read as two columns, the draft made one a spec)."""
    def cross(c):      # a letter-like outline (十): twelve corners, every side level or upright
        x, y, w, t = 230, HEIGHT - 200, 60, 12      # its stem crosses the rules between three rows
        _filled(c, [(x, y), (x + w, y), (x + w, y + t), (x + (w + t) / 2, y + t), (x + (w + t) / 2, y + t + 80),
                    (x + (w - t) / 2, y + t + 80), (x + (w - t) / 2, y + t), (x, y + t)], 0.85)
    doc = read(_furnished(tmp_path / "o.pdf", cross))
    assert [texts(doc.tables[0], i) for i in range(4)] == THREE_ITEMS


def _boxed(path: Path, ruled: bool) -> Path:
    """A web page's layout printed with its background colours: a banner across the top, a side bar and a white
    content box beside each other below it, a footer band, each a filled rectangle (`ruled`: each framed with
    a line as well); in the content box a title and the catalogue, a ruled table."""
    c = canvas.Canvas(str(path), pagesize=A4)
    top, side, bottom = HEIGHT - 20, 150, 60
    for (x0, y0, x1, y1), grey in (((20, top - 60, WIDTH - 20, top), 0.6), ((20, bottom, side, top - 60), 0.9),
                                   ((side, bottom, WIDTH - 20, top - 60), 1.0), ((20, 20, WIDTH - 20, bottom), 0.6)):
        c.setFillGray(grey)
        c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1 if ruled else 0, fill=1)
    c.setFillGray(0)
    c.setFont(FONT, 12)
    c.drawString(40, top - 40, "某市人民政府")
    c.drawString(30, top - 100, "首页")
    c.drawString(side + 10, top - 100, "某局政府信息公开目录")
    draw_table(c, T([HEADER, item(1), item(2), item(3)], widths=(30, 100, 160, 90)), top - 120, left=side + 10)
    c.setFont(FONT, 9)
    c.drawString(40, 35, "主办：某市人民政府办公室")
    c.save()
    return path


def test_a_table_in_a_web_page_painted_with_its_background_colours(tmp_path):
    """A web page printed by Chromium with background graphics: the filled boxes of its layout (banner, side
    bar, content box) have sides that pdfplumber takes for rules, and it finds a "table" of those boxes round
    the catalogue. That was the table, the catalogue inside one of its cells only its text: no header row,
    the file refused (probe p22 a03: 0 of 25 items). Boxes painted but not ruled are no table; the catalogue is
    read, the boxes' text is text outside it."""
    doc = read(_boxed(tmp_path / "painted.pdf", ruled=False))
    assert len(doc.tables) == 1
    assert [texts(doc.tables[0], i) for i in range(4)] == [HEADER, item(1), item(2), item(3)]
    assert doc.tables[0].before == ["某市人民政府", "首页 某局政府信息公开目录"]
    assert doc.after == ["主办：某市人民政府办公室"]


def test_a_ruled_table_holding_another_one_in_a_cell_is_the_table(tmp_path):
    """Ruled boxes, rows and columns of them, round a table: the outer one is the table (a Word table nested in
    a cell is that cell's text), unlike boxes only painted."""
    doc = read(_boxed(tmp_path / "ruled.pdf", ruled=True))
    assert len(doc.tables) == 1 and len(doc.tables[0].rows[0]) == 2
    assert "某局政府信息公开目录" in doc.tables[0].rows[1][1].text and "事项3" in doc.tables[0].rows[1][1].text


@pytest.mark.parametrize("angle", [90, -90])
def test_text_turned_a_quarter_reads_in_its_own_direction(tmp_path, angle):
    """A narrow merged 类别 cell with its text turned a quarter: 90° reads bottom to top (Word's 文字方向 btLr,
    Excel's 向上旋转文字), its wrapped lines left to right; -90° reads top to bottom (tbRl), its lines right to
    left. pdfplumber reads every turned character top to bottom: 机构信息 printed upward read 息信构机, and a
    wrapped cell was scrambled (测绘地理信息 → 信理地绘测息)."""
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    widths = (30, 40, 120, 160)
    rows = [["序号", "类别", "事项名称", "公开内容"]] + [[str(i), None, f"事项{i}", "主动公开"] for i in range(1, 9)]
    for k in (1, 5):
        rows[k][1] = M("", rows=4)
    top = HEIGHT - 80
    draw_table(c, T(rows, widths=widths, height=24), top)
    c.setFont(FONT, 10)
    for k, lines in ((1, ["机构信息"]), (5, ["测绘地理", "信息"])):
        # the lines centred in the merge (4 rows of 24 pt), each 12 pt apart across the column
        x, y = 60 + 30 + 20, top - 24 * k - 48
        c.saveState()
        c.translate(x + (len(lines) - 1) * 6 * (-1 if angle == 90 else 1), y)
        c.rotate(angle)
        for n, line in enumerate(lines):
            c.drawCentredString(0, -12 * n - 3.5, line)
        c.restoreState()
    c.save()
    grid = read(path).tables[0]
    assert [grid.rows[k][1].text for k in (1, 5)] == ["机构信息", "测绘地理\n信息"]
    assert [texts(grid, k)[2] for k in range(1, 9)] == [f"事项{i}" for i in range(1, 9)]


def _no_numbers(path: Path, cut: bool) -> Path:
    """A table with no 序号 column, its narrow columns wrapping each cell's text as Word does (a line as full as
    the cell allows, 3 pt padding each side), over two pages, the header printed again on the second. `cut`: the
    fourth item's row is broken by the page break after its first line, every cell's first line full (定点零 /
    售药店); else the fourth item ends the first page whole and the fifth opens the second."""
    head, widths = ["事项名称", "公开内容", "公开时限", "公开主体"], (36, 66, 56, 46)
    items = [("机构职能", "本局主要职责内设机构", "信息形成之日起二十日", "某市医疗保障局"),
             ("领导信息", "局领导姓名职务分工", "信息形成之日起二十日", "某市医疗保障局"),
             ("参保缴费", "参保范围缴费标准", "变更之日起二十日", "某市医疗保障局"),
             ("定点零售药店", "定点零售药店名单和申请条件", "信息形成或变更之日起", "某市医疗保障局"),
             ("支付方式改革", "支付方式改革政策", "文件印发之日起二十日", "某市医疗保障局")]

    def wrapped(text: str, width: float) -> list[str]:
        n = int((width - 6) // 10)
        return [text[i:i + n] for i in range(0, len(text), n)]
    cells = [[wrapped(t, w) for t, w in zip(it, widths)] for it in items]
    c = canvas.Canvas(str(path), pagesize=A4)
    xs = [60 + sum(widths[:i]) for i in range(len(widths) + 1)]

    def row(top: float, lines: list[list[str]]) -> float:
        bottom = top - 12 * max(len(x) for x in lines) - 6
        for k, text in enumerate(lines):
            c.rect(xs[k], bottom, xs[k + 1] - xs[k], top - bottom)
            c.setFont(FONT, 10)
            for n, line in enumerate(text):
                c.drawString(xs[k] + 3, top - 12 - 12 * n, line)
        return bottom
    top = row(HEIGHT - 60, [wrapped(h, w) for h, w in zip(head, widths)])
    for k in range(3 if cut else 4):
        top = row(top, cells[k])
    if cut:
        row(top, [x[:1] for x in cells[3]])
    c.setFont(FONT, 9)
    c.drawCentredString(WIDTH / 2, 30, "- 1 -")
    c.showPage()
    top = row(HEIGHT - 60, [wrapped(h, w) for h, w in zip(head, widths)])
    if cut:
        top = row(top, [x[1:] for x in cells[3]])
    row(top, cells[4])
    c.setFont(FONT, 9)
    c.drawCentredString(WIDTH / 2, 30, "- 2 -")
    c.save()
    return path


@pytest.mark.parametrize("cut", [True, False])
def test_a_row_without_an_item_number_cut_by_the_page_break(tmp_path, cut):
    """No 序号 column, and a row broken by the page break after its first line, every cell of it going on: no
    column that every item fills is blank in the lower part, so it was an item of its own (定点零 / 售药店: two
    items, probe p22 a11). Each upper part's last line is full (the text went on: no room for what opens the
    cell below) and they stand level at the cut: one row. A whole row ending the page is not joined."""
    grid = read(_no_numbers(tmp_path / "cut.pdf", cut)).tables[0]
    body = [texts(grid, k) for k in range(len(grid.rows)) if re.sub(r"\s+", "", texts(grid, k)[0]) != "事项名称"]
    names = [re.sub(r"\s+", "", r[0]) for r in body]
    assert names == ["机构职能", "领导信息", "参保缴费", "定点零售药店", "支付方式改革"]
    assert [re.sub(r"\s+", "", r[1]) for r in body][3] == "定点零售药店名单和申请条件"


def test_a_three_digit_number_wrapped_in_a_narrow_column_is_one_number(tmp_path):
    """A ruled table whose 序号 column wraps 100 as 10 / 0 (Word's narrow column at 8 pt): one item, the number
    joined (each such row was split at its digit lines into two items, 10 and 0, as a band of items whose rows are
    not ruled; a 323-item catalogue read as 547). A band of items one after another (5 / 6) is still parted."""
    rows = [HEADER, item(98), item(99), ["10\n0", "事项100", "主动公开", "20个工作日"],
            ["10\n1", "事项101", "主动公开", "20个工作日"]]
    c = canvas.Canvas(str(tmp_path / "n.pdf"), pagesize=A4)
    draw_table(c, T(rows, height=36), HEIGHT - 90)
    c.showPage()
    c.save()
    grid = read(tmp_path / "n.pdf").tables[0]
    assert [texts(grid, i)[1] for i in range(1, len(grid.rows))] == ["事项98", "事项99", "事项100", "事项101"]
    assert [texts(grid, i)[0] for i in (3, 4)] == ["10\n0", "10\n1"]


def test_a_ruled_pdf_of_two_tables_with_other_columns_is_drafted_with_both(tmp_path):
    """A 主动公开 table, then a 依申请公开 table with a column the first lacks (受理科室), printed with rules: the
    draft gives that column (as for the same document in Word), and both tables read. It left the column out
    of a PDF's mapping, and the read stopped at table 2 ('has 5 columns, the mapping declares 4'), or lined
    ticks up with the wrong column; only an unruled print's columns, found where text stands, may be noise."""
    from zwgk.mappings.draft import draft_mapping, render
    folder = tmp_path / "catalogues"
    folder.mkdir()
    first = ["序号", "事项名称", "公开内容", "公开时限"]
    other = ["序号", "事项名称", "公开内容", "受理科室", "公开时限"]
    draw(folder / "两表.pdf", [Page(["某县某局政务公开目录", "一、主动公开", T([first, item(1), item(2)]), "二、依申请公开",
                                     T([other, ["1", "依申请1", "申请答复", "办公室", "20个工作日"],
                                            ["2", "依申请2", "申请答复", "法规科", "20个工作日"]],
                                       widths=(40, 100, 120, 80, 80))])])
    (tmp_path / "m.yaml").write_text(render(draft_mapping(folder / "两表.pdf", "two")), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    assert [(r.name, r.responsible_unit) for r in cat.records] == [
        ("事项1", ""), ("事项2", ""), ("依申请1", "办公室"), ("依申请2", "法规科")]


def test_a_later_tables_header_cut_by_the_page_break_gives_no_columns(tmp_path):
    """A ruled PDF of tables per domain, the second's two header rows at the foot of a page and cut there (全社 /
    会, 特定 / 群众): its cut wordings are no columns of their own (they were added as 'only in table 2' columns,
    one of them a second name, and the draft could not be read)."""
    from zwgk.mappings.draft import draft_mapping, render
    folder = tmp_path / "catalogues"
    folder.mkdir()
    def rows(start):
        return [[str(k), f"事项{k}", "内容", "√", ""] for k in range(start, start + 2)]
    widths = (40, 100, 120, 60, 60)
    header = [[M("序号", rows=2), M("事项名称", rows=2), M("公开内容", rows=2), M("公开对象", cols=2), None],
              [None, None, None, "全社会", "特定群众"]]
    cut = [[M("序号", rows=2), M("事项名称", rows=2), M("公开内容", rows=2), M("公开对象", cols=2), None],
           [None, None, None, "全社", "特定"]]
    draw(folder / "两域.pdf", [
        Page(["某县某镇政务公开目录", "一、社会救助领域", T(header + rows(1), widths=widths), "二、养老服务领域",
              T(cut, widths=widths)]),
        Page([T([["", "", "", "会", "群众"]] + rows(3), widths=widths)])])
    text = render(draft_mapping(folder / "两域.pdf", "two"))
    assert "only in" not in text and "reading the catalogue with this mapping failed" not in text, text
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), folder, BASE)
    assert [r.name for r in cat.records] == ["事项1", "事项2", "事项3", "事项4"]


def test_a_merge_cut_by_the_page_break_whose_text_excel_prints_on_the_rule(tmp_path):
    """Excel prints a merged cell's text once, in the middle of its whole span: a merge the page break cuts may have
    it on page 1's last rule, the merge's parts on both pages blank (found in a probe of an Excel print). The text
    is the merge's, read over the break, and the table goes on over it (it was a table of its own from page 2, the
    text lost and its rows given no 类别)."""
    path = tmp_path / "跨页合并居中.pdf"
    header = ["序号", "类别", "事项", "时限"]
    c = canvas.Canvas(str(path), pagesize=A4)
    bottom = draw_table(c, T([header, ["1", M("概况信息", rows=2), "机构职能", "20日"], ["2", None, "领导信息", "20日"],
                              ["3", M("", rows=1), "部门决算", "20日"]]), HEIGHT - 80)
    c.setFont(FONT, 10)
    c.drawString(60 + WIDTHS[0] + 3, bottom - 4.5, "财政信息")    # across the last rule, mostly below it
    c.showPage()
    draw_table(c, T([header, ["4", M("", rows=1), "部门预算", "20日"], ["5", M("人事信息", rows=2), "招录", "20日"],
                     ["6", None, "培训", "20日"]]), HEIGHT - 80)
    c.showPage()
    c.save()
    import pdfplumber
    with pdfplumber.open(path) as pdf:       # the case: the text's boxes cross the rule, their middle below it
        rule = HEIGHT - bottom
        stray = [ch for ch in pdf.pages[0].chars if ch["text"] in "财政信息" and abs(ch["top"] - rule) < 12]
        assert stray and all(ch["top"] < rule < (ch["top"] + ch["bottom"]) / 2 for ch in stray)
    doc = read(path)
    assert len(doc.tables) == 1
    grid = doc.tables[0]
    assert [texts(grid, i)[:3] for i in range(len(grid.rows)) if texts(grid, i)[0].isdigit()] == [
        ["1", "概况信息", "机构职能"], ["2", "概况信息", "领导信息"], ["3", "财政信息", "部门决算"], ["4", "财政信息", "部门预算"],
        ["5", "人事信息", "招录"], ["6", "人事信息", "培训"]]
    assert _column(grid, 2)["4"][1], "the merge goes on over the page break"


def test_a_sheet_printed_down_then_over_is_one_table(tmp_path):
    """A sheet too wide for the page, printed in Excel's default page order: columns A-C of every row on pages 1-2,
    D-E on pages 3-4, each at the same heights as its page in the first run (the title's rows left blank). One
    table, row by row, each cell from its own page, with a warning saying so; the columns D-E were a second
    table no mapping reads (lost without a word, probe p29)."""
    path = tmp_path / "先下后右.pdf"
    left, right = ["序号", "事项名称", "公开内容"], ["公开时限", "公开主体"]
    rows = [[str(i), f"事项{i}", f"内容{i}", f"{i}个工作日内", "办公室"] for i in range(1, 9)]
    wl, wr = (40, 120, 160), (120, 100)
    draw(path, [Page(["某局政务公开目录", T([left] + [r[:3] for r in rows[:4]], widths=wl)]),
                Page(["", T([left] + [r[:3] for r in rows[4:]], widths=wl)]),
                Page(["", T([right] + [r[3:] for r in rows[:4]], widths=wr)]),
                Page(["", T([right] + [r[3:] for r in rows[4:]], widths=wr)])])
    doc = read(path)
    assert len(doc.tables) == 1, [texts(g, 0) for g in doc.tables]
    grid = doc.tables[0]
    body = [texts(grid, i) for i in range(len(grid.rows)) if texts(grid, i)[0].isdigit()]
    assert body == rows
    assert any("pages 3-4 hold the columns to the right of pages 1-2" in w for w in doc.warnings), doc.warnings


def test_a_sheet_printed_down_then_over_in_three_runs_its_title_on_each(tmp_path):
    """Too wide for two runs of pages, and titled over its whole width: the title printed again on each run's
    first page (Calc), columns A-C, D-E and F in three runs. One table, row by row (the runs after the first,
    having the title before them, were tables of their own; a third was never joined: 6 of 6 fields lost from
    every item's right)."""
    path = tmp_path / "三段.pdf"
    parts = [["序号", "事项名称", "公开内容"], ["公开时限", "公开主体"], ["公开方式"]]
    rows = [[str(i), f"事项{i}", f"内容{i}", f"{i}个工作日内", "办公室", "主动公开"] for i in range(1, 9)]
    widths = [(40, 120, 160), (120, 100), (120,)]
    pages, at = [], 0
    for header, w in zip(parts, widths):
        cut = slice(at, at + len(header))
        pages += [Page(["某局政务公开目录", T([header] + [r[cut] for r in rows[:4]], widths=w)]),
                  Page(["", T([header] + [r[cut] for r in rows[4:]], widths=w)])]
        at += len(header)
    draw(path, pages)
    doc = read(path)
    assert len(doc.tables) == 1, [texts(g, 0) for g in doc.tables]
    grid = doc.tables[0]
    assert [texts(grid, i) for i in range(len(grid.rows)) if texts(grid, i)[0].isdigit()] == rows
    assert [w.split(": ", 1)[1][:55] for w in doc.warnings if "printed down" in w] == [
        "pages 3-4 hold the columns to the right of pages 1-2 (a", "pages 5-6 hold the columns to the right of pages 3-4 (a"]


def test_two_tables_of_the_same_rows_with_a_title_between_stay_two(tmp_path):
    """The second run has text before it (its own title): another table, not columns of the first."""
    path = tmp_path / "两表.pdf"
    rows = [[str(i), f"事项{i}", f"内容{i}"] for i in range(1, 4)]
    draw(path, [Page(["一、主动公开", T([HEADER[:3]] + rows, widths=(40, 120, 160))]),
                Page(["二、依申请公开", T([HEADER[:3]] + rows, widths=(40, 120, 160))])])
    assert len(read(path).tables) == 2


def test_an_encrypted_pdf_whose_text_does_not_decrypt_says_so(tmp_path):
    """Opened without a password (an owner password restricting copying), a PDF whose fonts' maps read nothing:
    the message names the encryption and how to remove it (it blamed fonts embedded without a ToUnicode map)."""
    from reportlab.lib import pdfencrypt
    path = tmp_path / "加密.pdf"
    c = canvas.Canvas(str(path), pagesize=A4,
                      encrypt=pdfencrypt.StandardEncryption("", ownerPassword="own", canPrint=1, canCopy=0))
    c.setFont(FONT, 12)
    c.drawString(60, 700, "某局政务公开目录 序号 事项名称")
    c.save()
    with pytest.raises(ReadError, match=r"the PDF is encrypted .*qpdf --decrypt"):
        read(path)
