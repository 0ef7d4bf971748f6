"""Catalogues as the tools agencies use export them, in quirks the shipped catalogues do not show (a probe of 14
files in 11 forms): Excel's rich text and hidden rows, Excel's "save as web page", Word's automatic numbering,
Chromium's "save as PDF". Each test builds the smallest such file in code, drafts its mapping as `zwgk mapping
draft` does and reads it with the draft unedited."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zwgk.mappings.readers import base

from .officefiles import labels
from .test_wordings import drafted

HEADER = ["序号", "事项名称", "公开内容", "公开渠道", "联系电话"]
ROWS = [["1", "机构职能", "主要职责", "政府网站", "0311-85021001"],
        ["2", "领导信息", "领导姓名、职务", "政府网站", "0311-85021001"],
        ["3", "规范性文件", "行政规范性文件", "政府网站", "0311-85021001"]]


def workbook(rows=ROWS) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "目录"
    ws.append(["某局政务公开事项目录"])
    ws.append(HEADER)
    for r in rows:
        ws.append([int(r[0])] + r[1:])
    return wb


def test_wingdings_2_boxes_in_rich_text(tmp_path):
    """A box inserted from Wingdings 2 in an Excel cell is a run of its own (R ☑, £ ☐) beside the options in
    the cell's font: only the ticked ones are channels (every option was, or one label R政府网站£政务微信)."""
    wb = workbook()
    box = InlineFont(rFont="Wingdings 2")
    for row in (3, 4, 5):
        wb.active.cell(row, 4).value = CellRichText([TextBlock(box, "R"), "政府网站 ", TextBlock(box, "£"), "政务微信 ",
                                                     TextBlock(box, "R"), "信息公告栏"])
    wb.save(tmp_path / "boxes.xlsx")
    cat, _ = drafted(tmp_path, "boxes.xlsx")
    assert [labels(r.channels) for r in cat.records] == [["政府网站", "信息公告栏"]] * 3


def test_hidden_rows_and_sheets_are_not_read(tmp_path):
    """No viewer shows them and no printer prints them: a withdrawn item kept in a hidden row, an old version
    in a hidden sheet (each was read as items, without a word)."""
    wb = workbook(ROWS + [["4", "已取消事项", "（已取消）", "政府网站", ""]])
    wb.active.row_dimensions[6].hidden = True
    old = wb.create_sheet("旧版")
    old.append(HEADER)
    old.append([1, "旧事项", "旧内容", "政府网站", ""])
    old.sheet_state = "hidden"
    wb.save(tmp_path / "hidden.xlsx")
    cat, _ = drafted(tmp_path, "hidden.xlsx")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件"]
    assert any("hidden row(s) 6 not read" in w for w in cat.warnings)
    assert any("sheet '旧版' is hidden: not read" in w for w in cat.warnings)


def test_hidden_rows_and_sheets_of_an_xls(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("目录")
    for r, row in enumerate([HEADER] + ROWS + [["4", "已取消事项", "（已取消）", "政府网站", ""]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    sheet.row(4).hidden = True
    for r, v in enumerate(["审核意见", "请核实", "请核实", "请核实"]):     # a hidden column of the agency's own
        sheet.write(r, 5, v)
    sheet.col(5).hidden = True
    old = book.add_sheet("旧版")
    old.write(0, 0, "序号")
    old.write(0, 1, "事项名称")
    old.write(1, 0, "1")
    old.write(1, 1, "旧事项")
    old.visibility = 1
    book.save(str(tmp_path / "hidden.xls"))
    cat, _ = drafted(tmp_path, "hidden.xls")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件"]
    assert any("hidden row(s) 5 not read" in w for w in cat.warnings)
    assert any("hidden column(s) F not read" in w for w in cat.warnings) and not any(r.extra for r in cat.records)


def test_a_custom_number_format_shows_the_phone(tmp_path):
    """A phone typed as 031185021001: Excel keeps the number 31185021001 and a format 0000-00000000 shows
    0311-85021001 (it was read 31185021001)."""
    wb = workbook()
    for row in (3, 4, 5):
        cell = wb.active.cell(row, 5)
        cell.value = 31185021001
        cell.number_format = "0000-00000000"
    wb.save(tmp_path / "phone.xlsx")
    cat, _ = drafted(tmp_path, "phone.xlsx")
    assert [r.phones for r in cat.records] == [["0311-85021001"]] * 3


def test_hidden_columns_are_not_read(tmp_path):
    """A column the agency hid (its own 审核意见: "请核实公开依据") is no part of the catalogue, as a hidden row is
    not: no viewer shows it and no printer prints it (it was read as an extra field of every item)."""
    wb = workbook()
    ws = wb.active
    ws.cell(2, 6, "审核意见")
    for row in (3, 4, 5):
        ws.cell(row, 6, "请核实公开依据")
    ws.column_dimensions["F"].hidden = True
    wb.save(tmp_path / "hidden_col.xlsx")
    cat, text = drafted(tmp_path, "hidden_col.xlsx")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件"]
    assert not any(r.extra for r in cat.records) and "审核意见" not in text
    assert any("hidden column(s) F not read" in w for w in cat.warnings)


@pytest.mark.parametrize("value,fmt,shown", [
    (51263456789, "0000\\-00000000", "0512-63456789"), (51263456789, '0000"-"00000000', "0512-63456789"),
    (0.95, "0%", "95%"), (1, "0%", "100%"), (0.875, "0.0%", "87.5%"), (3.14159, "0.00", "3.14"),
    (10100, "[Red]000000;-000000", "010100"),
    # words in the format around the number (they were lost: 20, 10)
    (20, '0"个工作日"', "20个工作日"), (10, '"每月"0"日前"', "每月10日前"), (3, '"第"000"号"', "第003号"),
    (2.5, '0.0"小时"', "2.5小时"),
    # a formula's float as Excel's General shows it, to 15 significant digits (it was 1.0000000000000002)
    (1.0000000000000002, "General", "1"), (0.1 + 0.2, "General", "0.3"), (3.14159, "General", "3.14159"),
    # dates in formats of years, months and days with words (they were 2024-03-31)
    (__import__("datetime").date(2024, 3, 31), 'yyyy"年"m"月"d"日"', "2024年3月31日"),
    (__import__("datetime").datetime(2024, 1, 5), 'm"月"d"日"', "1月5日"),
    # numbers between separators: as shown with the year first or no year (it was 2024-01-05: a yearly date made a
    # one-off), as ISO where the locale decides (m/d/yy, Excel's built-in 14)
    (__import__("datetime").datetime(2024, 1, 5), "yyyy/m/d", "2024/1/5"),
    (__import__("datetime").datetime(2024, 1, 5), "m/d", "1/5"),
    (__import__("datetime").datetime(2024, 1, 5), "m/d/yy", "2024-01-05")])
def test_number_formats_as_the_sheet_shows_them(value, fmt, shown):
    """A phone format whose - is stored as a literal (0000\\-00000000 by Excel, 0000"-"00000000 by LibreOffice), a
    percentage, fixed decimals, a format with a colour and a section for negatives, words around a number, a
    date with 年月日: as shown (51263456789, 0.95)."""
    from zwgk.mappings.readers.office import shown_text
    assert shown_text(value, fmt) == shown


@pytest.mark.parametrize("number,iri", [
    ("5722398765", "tel:+86-572-2398765"), ("57186012345", "tel:+86-571-86012345"), ("2087654321", "tel:+86-20-87654321"),
    ("13800138000", "tel:+86-13800138000"), ("4008123123", "tel:+86-4008123123"), ("86012345", "tel:+86-571-86012345")])
def test_phone_iris_of_numbers_without_their_zero(number, iri):
    """A landline typed 05722398765 in a number cell is 5722398765: its 0 given back (it was a local number
    5722398765); mobile, 400 and 800 numbers take no area code (13800138000 was +86-571-13800138000)."""
    from zwgk.mappings.mint import Minter
    assert Minter.tel(number, "0571") == iri


EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<style><!--
.font5 {color:windowtext; font-size:9.0pt; font-family:宋体;}
.font7 {color:windowtext; font-size:9.0pt; font-family:"Wingdings 2", serif;}
td {mso-style-parent:style0; font-family:宋体;}
.xl65 {mso-number-format:"\\@"; white-space:normal;}
--></style></head><body>
<table border=0 cellpadding=0 cellspacing=0 width=600>
 <tr><td colspan=5 class=xl65>某市市场监督管理局政务公开事项目录</td></tr>
 <tr><td>序号</td><td>事项名称</td><td>公开内容</td><td>公开渠道</td><td>联系电话</td></tr>
 <tr><td colspan=3 style='mso-ignore:colspan'>一、主动公开事项</td><td></td><td></td></tr>
 <tr><td>1</td><td>机构职能</td><td>主要职责</td><td class=xl65><font class="font7">R</font><font class="font5">政府网站 </font><font class="font7">£</font><font class="font5">政务微信</font></td><td>0311-85021001</td></tr>
 <tr height=0 style='display:none'><td>2</td><td>已取消事项</td><td>（已取消）</td><td>政府网站</td><td></td></tr>
 <tr><td>3</td><td>规范性文件</td><td>行政规范性文件</td><td class=xl65><font class="font7">£</font><font class="font5">政府网站 </font><font class="font7">R</font><font class="font5">政务微信</font></td><td>0311-85021001</td></tr>
 <tr><td colspan=4 style='mso-ignore:colspan'>注：公开时限为最长时限。</td><td></td></tr>
</table></body></html>"""


def test_an_excel_sheet_saved_as_a_web_page(tmp_path):
    """Excel's 另存为网页: boxes in a font set by a CSS class (<font class="font7">R</font>), hidden rows kept
    as display:none, text running over empty cells written as colspan with mso-ignore:colspan (a section
    title and a note became items whose every cell was their text)."""
    (tmp_path / "sheet.htm").write_text(EXCEL_PAGE, encoding="utf-8")
    cat, _ = drafted(tmp_path, "sheet.htm")
    assert [(r.seq, r.name, labels(r.channels)) for r in cat.records] == [
        ("1", "机构职能", ["政府网站"]), ("3", "规范性文件", ["政务微信"])]
    assert any("read as the title of the rows below: '一、主动公开事项'" in w for w in cat.warnings)


def test_a_hidden_row_starting_a_merged_first_level(tmp_path):
    """Word's or Excel's web page of a table with a hidden row (display:none) whose merged first level covers the
    rows shown below it: those rows are in that category, as the page shows them (they were in the category of
    the item above the hidden row, 收费信息, without a word); the hidden row's own item is not read."""
    hide = " style='display:none;mso-hide:all'"
    rows = ("<tr><td>序号</td><td>类别</td><td>公开事项</td><td>公开内容</td><td>公开时限</td></tr>"
            "<tr><td>1</td><td rowspan=2>收费信息</td><td>收费项目及标准</td><td>收费标准</td><td>每学期开学前</td></tr>"
            "<tr><td>2</td><td>住宿费</td><td>住宿费标准</td><td>每学期开学前</td></tr>"
            f"<tr{hide}><td></td><td rowspan=3>学生管理</td><td>（停用）学籍异动公示</td><td>异动学生名单</td><td>每月</td></tr>"
            "<tr><td>3</td><td>学生资助政策</td><td>资助标准</td><td>每学年初</td></tr>"
            "<tr><td>4</td><td>学生奖惩</td><td>奖惩办法</td><td>每学年初</td></tr>"
            "<tr><td>5</td><td>教师信息</td><td>教师招聘</td><td>招聘公告</td><td>招聘前</td></tr>")
    (tmp_path / "school.htm").write_text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type '
        'content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document></head><body>'
        f"<p class=MsoNormal>某县第一中学信息公开目录</p><table class=MsoNormalTable border=1>{rows}</table></body></html>",
        encoding="utf-8")
    cat, text = drafted(tmp_path, "school.htm")
    assert [(r.name, r.category) for r in cat.records] == [
        ("收费项目及标准", ["收费信息"]), ("住宿费", ["收费信息"]), ("学生资助政策", ["学生管理"]), ("学生奖惩", ["学生管理"]),
        ("教师招聘", ["教师信息"])], text


def test_an_excel_page_writes_a_run_of_empty_cells_as_one_ignored_colspan(tmp_path):
    """Excel's web page writes adjacent empty cells as one <td colspan=2 style='mso-ignore:colspan'>: two empty
    cells, not one (every cell after them moved a column left: the subject read as the time limit, the phone
    lost), and not a merge; under a floating picture, mso-ignore:colspan-rowspan leaves empty cells below too."""
    head = "<tr><td>序号</td><td>事项名称</td><td>公开依据</td><td>公开时限</td><td>公开主体</td><td>联系电话</td></tr>"
    rows = ["<tr><td>1</td><td>机构职能</td><td>《条例》</td><td>20个工作日内</td><td>某街道办事处</td><td>0571-86010001</td></tr>",
            "<tr><td>2</td><td>领导信息</td><td colspan=2 style='mso-ignore:colspan'></td><td>某街道办事处</td>"
            "<td>0571-86010002</td></tr>",
            "<tr><td>3</td><td>内设机构</td><td colspan=2 rowspan=2 style='mso-ignore:colspan-rowspan'></td>"
            "<td>某街道办事处</td><td>0571-86010003</td></tr>",
            "<tr><td>4</td><td>政策文件</td><td>某街道办事处</td><td>0571-86010004</td></tr>"]
    (tmp_path / "e.htm").write_text("<html><body><p>某街道政务公开目录</p><table>" + head + "".join(rows)
                                    + "</table></body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "e.htm")
    assert [(r.name, r.time_limit.text if r.time_limit else "", r.subject, r.phones) for r in cat.records] == [
        ("机构职能", "20个工作日内", "某街道办事处", ["0571-86010001"]), ("领导信息", "", "某街道办事处", ["0571-86010002"]),
        ("内设机构", "", "某街道办事处", ["0571-86010003"]), ("政策文件", "", "某街道办事处", ["0571-86010004"])], text


@pytest.mark.parametrize("picture", [
    # Excel: a cell holding a picture (a logo in the title cell), its text in a table of one cell
    "<span style='mso-ignore:vglayout2'><table cellpadding=0 cellspacing=0><tr><td>某街道政务公开目录</td></tr></table></span>",
    # Word: a picture wrapped in a cell (a QR code), in a table of its own around the <img>
    "<![if !vml]><table cellpadding=0 cellspacing=0 align=left><tr><td width=7></td></tr><tr><td></td>"
    "<td><img width=60 height=60 src=qr.png></td></tr></table><![endif]>某街道政务公开目录"])
def test_a_picture_in_a_cell_leaves_its_table_a_table(tmp_path, picture):
    """A picture in a cell comes with a small table positioning it: the catalogue's table is no page layout for
    that (it was read as text: no header row, nothing read)."""
    head = "<tr><td>序号</td><td>事项名称</td><td>公开内容</td><td>公开时限</td></tr>"
    rows = "".join(f"<tr><td>{n}</td><td>事项{n}</td><td>内容</td><td>20个工作日内</td></tr>" for n in (1, 2, 3))
    (tmp_path / "p.htm").write_text(f"<html><body><table><tr><td colspan=4>{picture}</td></tr>{head}{rows}</table>"
                                    "</body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "p.htm")
    assert [r.name for r in cat.records] == ["事项1", "事项2", "事项3"], text


@pytest.mark.parametrize("section", [
    "<tr><td>{n}</td><td colspan=4>{t}</td></tr>",                                # 一 | name across the rest
    "<tr><td>{n}</td><td>{t}</td><td></td><td></td><td></td></tr>",               # 一 | name | empty cells
    "<tr><td colspan=2>{n}、{t}</td><td></td><td></td><td></td></tr>",            # 一、name over two | empty
    "<tr><td>{n}、</td><td colspan=4>{t}</td></tr>"])
def test_a_section_numbered_in_the_first_column(tmp_path, section):
    """Word-made 基层 tables number their 一级事项 in the 序号 column, 一 alone, the name beside it (across the
    row or in its own cell, the rest empty); or the numbered name over the first two cells. Each is a
    section's title, the category of the rows below: all but the last were items (named 机构信息, that text
    in every merged column) and the rows below had no category."""
    head = "<tr><td>序号</td><td>公开事项</td><td>公开内容</td><td>公开时限</td><td>公开主体</td></tr>"
    items = ["<tr><td>1</td><td>机构职能</td><td>职能</td><td>20个工作日</td><td>县住建局</td></tr>",
             "<tr><td>2</td><td>施工许可</td><td>许可结果</td><td>7个工作日</td><td>县住建局</td></tr>"]
    rows = [head, section.format(n="一", t="机构信息"), items[0], section.format(n="二", t="行政许可"), items[1]]
    (tmp_path / "zjj.html").write_text("<html><body><p>某县住房和城乡建设局政府信息公开目录</p><table border=1>"
                                       + "".join(rows) + "</table></body></html>", encoding="utf-8")
    cat, _ = drafted(tmp_path, "zjj.html")
    assert [(r.name, r.category, r.time_limit.text) for r in cat.records] == [
        ("机构职能", ["机构信息"], "20个工作日"), ("施工许可", ["行政许可"], "7个工作日")]


def test_word_automatic_numbering(tmp_path):
    """序号 made with Word's 编号 (the number is in no run of the cell: it read blank) and a 公开内容 that is a
    numbered list (its entries were glued: 主要职责内设机构)."""
    d = docx.Document()
    d.add_paragraph("某局政务公开事项目录")
    t = d.add_table(rows=4, cols=3)
    for j, h in enumerate(["序号", "事项名称", "公开内容"]):
        t.cell(0, j).text = h
    for i, (name, content) in enumerate([("机构职能", "主要职责"), ("领导信息", "领导姓名"), ("规范性文件", "文件全文")], 1):
        t.cell(i, 0).paragraphs[0].style = "List Number"
        t.cell(i, 1).text = name
        t.cell(i, 2).text = content
    c = t.cell(1, 2)
    c.paragraphs[0].style = "List Number 2"
    c.add_paragraph("内设机构", style="List Number 2")
    d.save(tmp_path / "numbered.docx")
    cat, _ = drafted(tmp_path, "numbered.docx")
    assert [(r.seq, r.key) for r in cat.records] == [("1", "1"), ("2", "2"), ("3", "3")]
    assert cat.records[0].content == "1.主要职责\n2.内设机构"


def test_radicals_standing_for_ideographs():
    # what Chromium writes for 人民 网 二十 日 门 见 when the font draws both with one glyph
    assert base.fold_radicals("中华⼈⺠共和国 政府⽹站 第⼆⼗条 之⽇起 部⻔ ⻅") == "中华人民共和国 政府网站 第二十条 之日起 部门 见"
    assert base.fold_radicals("⼀般") == "一般" and base.fold_radicals("政府网站") == "政府网站"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    """One real Chromium for the module's prints, launched once (a launch costs seconds), closed at its end."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def chromium_pdf(browser, html: str, out: Path, **options) -> Path:
    """`html` printed to `out` by `browser` (the `chromium` fixture), on a page of a new context of its own, as
    a browser launched for it alone would print it."""
    page = browser.new_page()
    try:
        page.set_content(html)
        page.pdf(path=str(out), **options)
    finally:
        page.context.close()
    return out


@pytest.mark.parametrize("thead", [True, False])
def test_rows_chromium_cuts_at_a_page_break(chromium, tmp_path, thead):
    """Chromium cuts a tall row at the page break and draws no rule under its upper part (nor above its rest,
    nor, without <thead>, above a page's first row): the cut row's upper part (its 序号 and name) stood
    outside the table and the item was lost; without <thead> the next pages were dropped (5 of 8 read)."""
    lines = "<br>".join(f"《中华人民共和国政府信息公开条例》第{n}条" for n in range(1, 9))
    rows = "".join(f"<tr><td>{i}</td><td>机构信息</td><td>事项{i}</td><td>{lines}</td><td>政府网站</td></tr>"
                   for i in range(1, 9))
    head = "<tr><th>序号</th><th>一级事项</th><th>事项名称</th><th>公开依据</th><th>公开渠道</th></tr>"
    html = ("<meta charset=utf-8><style>td,th{border:1px solid #000;font-size:16px}table{border-collapse:collapse}"
            f"</style><p>某局政务公开目录</p><table>{f'<thead>{head}</thead><tbody>' if thead else f'<tbody>{head}'}"
            f"{rows}</tbody></table>")
    chromium_pdf(chromium, html, tmp_path / "cut.pdf", format="A4")
    cat, _ = drafted(tmp_path, "cut.pdf")
    assert [(r.seq, r.name, len(r.legal_basis[0].articles)) for r in cat.records] == \
        [(str(i), f"事项{i}", 8) for i in range(1, 9)]


def test_a_two_row_web_header_repeated_by_chromium_on_every_page(chromium, tmp_path):
    """A <thead> of two rows (公开层级 over 区级 | 乡镇级) printed by Chromium on every page: it draws the rules of the
    cells spanning both rows a segment per row, so most column rules start again under 公开层级 near the page's
    head. That was taken for a row cut by the page break: a rule drawn across cut the header in two (序 / 号),
    the header was not found or each page's became an item and a level '✓公开层级'."""
    head = ("<thead><tr><th rowspan=2>序号</th><th rowspan=2>事项类别</th><th rowspan=2>事项名称</th>"
            "<th rowspan=2>公开内容</th><th rowspan=2>公开渠道</th><th colspan=2>公开层级</th><th rowspan=2>责任股室</th></tr>"
            "<tr><th>区级</th><th>乡镇级</th></tr></thead>")
    rows = "".join(f"<tr><td>{i}</td>{f'<td rowspan=4>类别{(i - 1) // 4 + 1}</td>' if i % 4 == 1 else ''}"
                   f"<td>事项{i}</td><td>{'公开内容要素。' * 12}</td><td>☑政府网站<br>☐政府公报<br>☑两微一端</td>"
                   f"<td>✓</td><td>{'✓' if i % 2 else ''}</td><td>办公室</td></tr>" for i in range(1, 17))
    html = ("<meta charset=utf-8><style>@page{size:A4 landscape;margin:12mm}body{font-size:12px}"
            "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:3px 4px}</style>"
            f"<h2>某区民政局政府信息公开目录</h2><table>{head}<tbody>{rows}</tbody></table>")
    chromium_pdf(chromium, html, tmp_path / "thead.pdf", prefer_css_page_size=True)
    cat, text = drafted(tmp_path, "thead.pdf")
    assert [(r.seq, r.name, r.category) for r in cat.records] == [
        (str(i), f"事项{i}", [f"类别{(i - 1) // 4 + 1}"]) for i in range(1, 17)], text
    assert [labels(r.channels + r.level) for r in cat.records] == [
        ["政府网站", "两微一端", "区级"] + (["乡级"] if i % 2 else []) for i in range(1, 17)]


def test_check_boxes_of_a_web_page_printed_by_chromium(chromium, tmp_path):
    """A CMS page's <input type=checkbox> printed by Chromium: the boxes are drawn (a rounded square, a check
    mark inside the ticked ones), not text. They are read as ■ and □ where they stand, beside their label or
    over it in a narrow column (every option was read selected: nothing said which were)."""
    def boxes(options, ticked):
        return "<br>".join(f'<input type="checkbox"{" checked" if o in ticked else ""} disabled><label>{o}</label>'
                           for o in options)
    rows = [("1", "机构职能", ["政府网站"], ["全社会"], ["县级"]), ("2", "领导信息", ["政府网站", "两微一端"], ["特定群体"], ["市级"]),
            ("3", "部门预算", ["两微一端"], ["全社会", "特定群体"], ["市级", "县级"])]
    body = "".join(f"<tr><td>{n}</td><td>{name}</td><td>{boxes(['政府网站', '两微一端', '公开查阅点'], ch)}</td>"
                   f"<td>{boxes(['全社会', '特定群体'], aud)}</td><td style='width:40px'>{boxes(['市级', '县级'], lv)}</td></tr>"
                   for n, name, ch, aud, lv in rows)
    html = ("<meta charset=utf-8><style>td,th{border:1px solid #999;font-size:13px}table{border-collapse:collapse}"
            "</style><p>某市医疗保障局政府信息公开目录</p><table><tr><th>序号</th><th>事项名称</th><th>公开渠道</th>"
            f"<th>公开对象</th><th>公开层级</th></tr>{body}</table>")
    chromium_pdf(chromium, html, tmp_path / "inputs.pdf", format="A4")
    cat, text = drafted(tmp_path, "inputs.pdf")
    assert [(r.name, labels(r.channels), labels(r.audience), labels(r.level)) for r in cat.records] == [
        ("机构职能", ["政府网站"], ["全社会"], ["县级"]), ("领导信息", ["政府网站", "两微一端"], ["特定群众"], ["市级"]),
        ("部门预算", ["两微一端"], ["全社会", "特定群众"], ["市级", "县级"])], text


def test_a_web_table_saved_as_pdf_by_chromium(chromium, tmp_path):
    """The browser's 'save as PDF' (Chromium/Skia) writes 人 as ⼈ U+2F08, 门 as ⻔ U+2ED4 …: every channel was
    unknown (政府⽹站), articles were lost (第⼆⼗条), names and agencies misspelt."""
    rows = "".join(f"<tr><td>{i}</td><td>部门预算{i}</td><td>《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条</td>"
                   f"<td>政府网站</td><td>区民政局</td></tr>" for i in (1, 2))
    html = ("<meta charset=utf-8><style>body{font-family:'Noto Sans CJK SC'}td,th{border:1px solid #000}"
            "table{border-collapse:collapse}</style><p>某区民政局政务公开目录</p><table><tr><th>序号</th><th>事项名称</th>"
            f"<th>公开依据</th><th>公开渠道</th><th>公开主体</th></tr>{rows}</table>")
    chromium_pdf(chromium, html, tmp_path / "saved.pdf")
    cat, _ = drafted(tmp_path, "saved.pdf")
    assert [(r.name, r.subject, labels(r.channels), [(c.identifier, c.articles) for c in r.legal_basis])
            for r in cat.records] == [(f"部门预算{i}", "区民政局", ["政府网站"], [("国务院令第711号", ("20",))])
                                      for i in (1, 2)]


def test_door_radical_saved_by_chromium_is_the_simplified_ideograph(chromium, tmp_path):
    """Skia writes 户 (U+6237) in a Simplified Chinese font as the Kangxi radical ⼾ U+2F3E, whose NFKC form is the
    traditional 戶 U+6236: 户籍 and 住户 were read 戶籍, 住戶 (a name no longer the catalogue's text)."""
    assert base.fold_radicals("⼾籍 住⼾ ⺃⺂⺕") == "户籍 住户 乚乛彐"
    rows = "".join(f"<tr><td>{i}</td><td>{name}</td><td>政府网站</td></tr>" for i, name in ((1, "户籍管理"), (2, "低收入户认定")))
    html = ("<meta charset=utf-8><style>body{font-family:'Noto Sans CJK SC'}td,th{border:1px solid #000}"
            "table{border-collapse:collapse}</style><p>某区公安分局政务公开目录</p><table><tr><th>序号</th><th>事项名称</th>"
            f"<th>公开渠道</th></tr>{rows}</table>")
    chromium_pdf(chromium, html, tmp_path / "door.pdf")
    cat, _ = drafted(tmp_path, "door.pdf")
    assert [r.name for r in cat.records] == ["户籍管理", "低收入户认定"]


def test_a_web_page_printed_by_chromium_with_background_graphics(chromium, tmp_path):
    """Chromium's print with background graphics paints a CMS page's boxes (a coloured banner, a side bar and a
    white content box holding the catalogue, a footer): pdfplumber finds a "table" of those boxes round the
    catalogue, whose text then stood in one of its cells: no header row, the file refused (probe p22 a03)."""
    rows = "".join(f"<tr><td>{i}</td><td>机构信息</td><td>事项{i}</td><td>20个工作日内</td></tr>" for i in range(1, 6))
    table = ("<table style='border-collapse:collapse'><tr><td>序号</td><td>一级事项</td><td>二级事项</td><td>公开时限</td>"
             f"</tr>{rows}</table>")
    html = ("<meta charset=utf-8><style>td{border:1px solid #000}.t{background:#b40f0f;color:#fff;height:60px}"
            ".row{display:flex}.side{background:#eef;width:120px}.w{background:#fff;padding:10px;flex:1}</style>"
            "<div class=t>某市人民政府</div><div class=row><div class=side>首页<br>政务公开</div><div class=w>"
            f"<h2>某局政府信息公开目录</h2>{table}</div></div><div class=t>主办：某市人民政府办公室</div>")
    chromium_pdf(chromium, html, tmp_path / "painted.pdf", print_background=True)
    cat, _ = drafted(tmp_path, "painted.pdf")
    assert [(r.seq, r.name, r.category) for r in cat.records] == [(str(i), f"事项{i}", ["机构信息"]) for i in range(1, 6)]


def test_a_sheet_saved_as_csv_by_excel(tmp_path):
    """Excel's "CSV（逗号分隔）" on a Chinese system: GBK, commas, a cell holding a line break quoted (it was read
    as one cell per line: no header found)."""
    text = ("某局政务公开事项目录,,,,\n" + ",".join(HEADER) + "\n"
            + '1,机构职能,"主要职责\n内设机构",政府网站,0311-85021001\n'
            + "".join(",".join(r) + "\n" for r in ROWS[1:]))
    (tmp_path / "saved.csv").write_bytes(text.encode("gbk"))
    cat, draft = drafted(tmp_path, "saved.csv")
    assert "comma-separated values" in draft
    assert [(r.seq, r.name, r.content) for r in cat.records] == [
        ("1", "机构职能", "主要职责内设机构"), ("2", "领导信息", "领导姓名、职务"), ("3", "规范性文件", "行政规范性文件")]
    assert cat.records[0].source_lines == "3-4"


def test_a_web_table_copied_from_the_browser_with_a_line_break_in_a_cell(tmp_path):
    """A browser ends the copied line at a cell's <br> without quoting it: the row's rest came out as a row
    of its own (an item named by the cell's second line, the row above without its channels)."""
    text = "\t".join(HEADER) + "\n1\t机构职能\t主要职责\n内设机构\t政府网站\t0311-85021001\n" + \
        "".join("\t".join(r) + "\n" for r in ROWS[1:])
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    cat, _ = drafted(tmp_path, "copy.txt")
    assert [(r.seq, r.name, labels(r.channels)) for r in cat.records] == [
        ("1", "机构职能", ["政府网站"]), ("2", "领导信息", ["政府网站"]), ("3", "规范性文件", ["政府网站"])]


def test_a_table_inside_a_layout_table_of_a_word_file(tmp_path):
    """A web page pasted into Word: the catalogue inside a one-cell table (the file could not be read: no
    header row, the catalogue flattened into the outer cell's text)."""
    d = docx.Document()
    d.add_paragraph("某镇人民政府政务公开目录")
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "发布日期：2023-05-01"
    inner = cell.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for i, r in enumerate([HEADER] + ROWS):
        for j, v in enumerate(r):
            inner.cell(i, j).text = v
    d.save(tmp_path / "nested.docx")
    cat, _ = drafted(tmp_path, "nested.docx")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件"]


def test_a_landscape_table_on_pages_turned_by_rotate_90(tmp_path):
    """Landscape content on portrait pages turned by /Rotate 90 (printer drivers, scanners): pdfplumber keeps
    each ruling line's orientation from before the turn, so no table was found ("no header row")."""
    import pypdfium2 as pdfium
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = [["序号", "一级事项", "事项名称", "公开内容", "公开依据", "公开时限", "公开渠道"]] + \
        [[str(i), "机构信息" if i == 1 else "", f"事项{i}", "职责、内设机构", "《中华人民共和国政府信息公开条例》", "20个工作日内",
          "政府网站"] for i in range(1, 9)]
    t = Table(data)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
                           ("SPAN", (1, 1), (1, 8))]))        # 一级事项 merged over the eight items
    SimpleDocTemplate(str(tmp_path / "land.pdf"), pagesize=landscape(A4)).build([t])
    src, dst = pdfium.PdfDocument(str(tmp_path / "land.pdf")), pdfium.PdfDocument.new()
    w, h = src[0].get_size()
    page = dst.new_page(h, w)                                   # a portrait page …
    obj = src.page_as_xobject(0, dst).as_pageobject()
    obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0))
    page.insert_obj(obj)
    page.gen_content()
    page.set_rotation(90)                                       # … turned to show the table upright
    dst.save(str(tmp_path / "turned.pdf"))
    src.close()
    dst.close()
    (tmp_path / "land.pdf").unlink()
    cat, _ = drafted(tmp_path, "turned.pdf")
    assert [(r.seq, r.category, r.name, r.time_limit.amount) for r in cat.records] == \
        [(str(i), ["机构信息"], f"事项{i}", 20) for i in range(1, 9)]
    assert not any("no ruled table" in w for w in cat.warnings)


def test_a_sentence_between_a_section_heading_and_its_table(tmp_path):
    """一、概况信息 / 本部分公开…，共2项。 / the table: the heading is the table's title (the sentence was, and the
    items had no category)."""
    page = "<meta charset=utf-8><p>某街道办事处政府信息公开目录</p>"
    for k, (part, names) in enumerate([("概况信息", ["机构职能", "领导信息"]), ("重点领域信息", ["财政预决算", "社会救助"])]):
        page += f"<p>{'一二'[k]}、{part}</p><p>本部分公开{part}，共{len(names)}项。</p><table border=1>"
        page += "<tr><td>序号</td><td>信息名称</td><td>公开内容</td><td>责任科室</td></tr>"
        page += "".join(f"<tr><td>{i}</td><td>{n}</td><td>{n}的具体内容</td><td>党政办公室</td></tr>"
                        for i, n in enumerate(names, 1))
        page += "</table>"
    (tmp_path / "parts.html").write_text(page, encoding="utf-8")
    cat, _ = drafted(tmp_path, "parts.html")
    assert [(r.category, r.name) for r in cat.records] == [
        (["概况信息"], "机构职能"), (["概况信息"], "领导信息"), (["重点领域信息"], "财政预决算"), (["重点领域信息"], "社会救助")]


MHT = """MIME-Version: 1.0
Content-Type: multipart/related;
\tboundary="----=_NextPart_01D9"

This is a multi-part message in MIME format.

------=_NextPart_01D9
Content-Location: http://ybj.example.gov.cn/gkml/index.html
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html; charset="gb2312"

{body}
------=_NextPart_01D9
Content-Location: http://ybj.example.gov.cn/logo.png
Content-Transfer-Encoding: base64
Content-Type: image/png

iVBORw0KGgo=
------=_NextPart_01D9--
"""


@pytest.mark.parametrize("name", ["saved.mht", "saved.mhtml"])
def test_a_web_page_saved_as_a_web_archive(tmp_path, name):
    """IE/Edge's "web archive, single file" (.mht) and Chrome's "webpage, single file" (.mhtml): the page, its
    charset and quoted-printable encoding inside a MIME file (refused before: save it as HTML only)."""
    import quopri
    page = ("<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'></head><body>"
            "<p>某市医疗保障局政府信息公开目录</p><table border=1>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [HEADER] + ROWS)
            + "</table></body></html>")
    body = quopri.encodestring(page.encode("gb2312")).decode("ascii")
    (tmp_path / name).write_bytes(MHT.format(body=body).replace("\n", "\r\n").encode("ascii"))
    cat, _ = drafted(tmp_path, name)
    assert [(r.seq, r.name, labels(r.channels)) for r in cat.records] == [
        ("1", "机构职能", ["政府网站"]), ("2", "领导信息", ["政府网站"]), ("3", "规范性文件", ["政府网站"])]


def test_a_web_archive_labelled_gb2312_holding_characters_only_gbk_has(tmp_path):
    """Word's single-file web page says charset="gb2312" in its part, and holds GBK-only characters (张堃):
    read as GB18030, as browsers and the <meta> path read gb2312 (it was refused: 'not valid gb2312 text …
    fix or remove the mapping's encoding', before any mapping)."""
    import quopri
    rows = [r[:] for r in ROWS]
    rows[0][2] = "负责人张堃"
    page = ("<html><body><p>某市医疗保障局政府信息公开目录</p><table border=1>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [HEADER] + rows)
            + "</table></body></html>")
    body = quopri.encodestring(page.encode("gb18030")).decode("ascii")
    (tmp_path / "w.mht").write_bytes(MHT.format(body=body).replace("\n", "\r\n").encode("ascii"))
    cat, text = drafted(tmp_path, "w.mht")
    assert cat.records[0].content == "负责人张堃" and "encoding: gb18030" in text


def test_what_a_word_web_page_hides_is_not_read_and_what_excel_clips_is(tmp_path):
    """Word's web page: hidden text (display:none;mso-hide:all), a tracked deletion (<del>), a comment's anchor
    ([A1]) and the comment itself; LibreOffice's export of hidden text by a class (.T1{display:none}): none of
    them read (they were the cells' text and the page's notes). Excel's web page writes text clipped by the
    next cell display:none: it is the cell's, read."""
    head = "<tr><td>序号</td><td>事项名称</td><td>公开内容</td></tr>"
    word = ("<html><head><style>.T1{display:none}</style></head><body><p>某街道政务公开目录</p><table>" + head +
            "<tr><td>1</td><td>机构职能</td><td>街道职能<span style='display:none;mso-hide:all'>（内部备注：待核）</span>"
            "<a class=msocomanchor href='#_msocom_1'>[A1]</a></td></tr>"
            "<tr><td>2</td><td>低保</td><td>低保对象<del>身份证号</del>名单<span class=T1>（待审）</span></td></tr></table>"
            "<div style='mso-element:comment-list'><p>请核对</p></div></body></html>")
    (tmp_path / "w.htm").write_text(word, encoding="utf-8")
    cat, text = drafted(tmp_path, "w.htm")
    assert [r.content for r in cat.records] == ["街道职能", "低保对象名单"], text
    assert "请核对" not in text and not any("请核对" in n for n in cat.table.trailer)
    excel = ("<html><head><meta name=ProgId content=Excel.Sheet></head><body><table>" + head +
             "<tr><td>1</td><td>机构职能</td><td>街道职能<span style='display:none'>、内设机构</span></td></tr>"
             "<tr><td>2</td><td>低保</td><td>名单</td></tr></table></body></html>")
    (tmp_path / "e.htm").write_text(excel, encoding="utf-8")
    cat, text = drafted(tmp_path, "e.htm")
    assert [r.content for r in cat.records] == ["街道职能、内设机构", "名单"], text


def test_a_markdown_table(tmp_path):
    text = ("# 某县税务局政府信息公开目录\n\n| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER) + "\n"
            + "".join("| " + " | ".join(r) + " |\n" for r in ROWS))
    (tmp_path / "gkml.md").write_text(text.replace("主要职责", "主要职责<br />内设机构"), encoding="utf-8")
    cat, draft = drafted(tmp_path, "gkml.md")
    assert [(r.name, r.content) for r in cat.records][0] == ("机构职能", "主要职责内设机构")
    assert len(cat.records) == 3 and "name: 某县税务局" in draft


@pytest.mark.parametrize("text", [
    "某局政务公开目录\n序号  事项名称      公开内容\n1     机构职能      主要职责\n2     领导信息      领导姓名\n",   # pdftotext -layout
    "某局政务公开目录\n序号 事项名称 公开内容 1 机构职能 主要职责 2 领导信息 领导姓名\n第 1 页 共 1 页\n",            # a viewer's copy
])
def test_a_text_with_no_cells_is_refused_saying_why(tmp_path, text):
    from zwgk.mappings import ReadError
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match="no table: the text has no tab-separated cells .* give zwgk the original"):
        drafted(tmp_path, "copy.txt")


def test_a_copy_from_excel_with_several_cells_over_lines_in_a_row(tmp_path):
    """Excel quotes a cell over several lines when it copies a sheet as text; with two such cells in a row,
    reading line by line looked as regular as reading the quotes and won (no table could be read: "the table
    starts with a continuation row")."""
    rows = ["序号\t事项名称\t公开内容\t公开依据\t公开时限"]
    for i in range(1, 4):
        rows.append(f'{i}\t事项{i}\t"职责\n机构"\t"《中华人民共和国政府信息公开条例》\n第二十条"\t20个工作日内')
    (tmp_path / "copy.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    cat, _ = drafted(tmp_path, "copy.txt")
    assert [(r.seq, r.name, r.legal_basis[0].articles) for r in cat.records] == [(str(i), f"事项{i}", ("20",))
                                                                                for i in range(1, 4)]


def test_a_word_table_saved_as_text_with_paragraphs_in_cells(tmp_path):
    """Word's "save as text" ends a row's line at every paragraph mark inside a cell: when most rows are cut so,
    their pieces outnumbered the whole rows and were taken for the table's width (ticks moved a column)."""
    rows = ["序号\t事项名称\t公开渠道\t全社会\t特定群众"]
    for i in range(1, 6):
        rows += [f"{i}\t事项{i}\t政府网站", "社区公示栏\t√\t"] if i != 3 else [f"{i}\t事项{i}\t政府网站\t√\t"]
    (tmp_path / "word.txt").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    cat, _ = drafted(tmp_path, "word.txt")
    assert [labels(r.audience) for r in cat.records] == [["全社会"]] * 5
    assert labels(cat.records[0].channels) == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]


@pytest.mark.parametrize("foot", [
    {1: "填报单位（盖章）：某县住房和城乡建设局", 3: "填报人：王××", 5: "联系电话：0527-86212345", 7: "填报日期：2024年3月15日"},
    {1: "填报单位（盖章）：某县住房和城乡建设局    填报人：王××    填报日期：2024年3月15日"},
    {1: "备注", 2: "社会保险待遇标准每年调整后及时更新。"},
    {1: "合计", 2: "共3项"},
    {1: "填表说明：公开对象、公开方式请在对应栏内打“√”。"},
])
def test_a_signature_a_total_or_a_note_under_the_table_is_no_item(foot, tmp_path):
    """Under an Excel table: a signature typed a part a cell (填报单位（盖章）：… | 填报人：… | 填报日期：…) or in
    one, a 备注 or 合计 cell with its text beside it, a 填表说明：: notes of the table, not items (they were
    read as an item, or glued to the last one: 序号 '3填报单位（盖章）：…', and their texts in the tick columns
    made the draft read those columns as text, every tick lost)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某县住房和城乡建设局政务公开事项目录"])
    ws.append(["序号", "事项名称", "公开内容", "公开时限", "全社会", "特定群众", "主动", "依申请"])
    ws.append([1, "申请条件及程序", "申请条件、材料", "20个工作日内", "√", None, "√", None])
    ws.append([2, "审核结果公示", "审核结果", "20个工作日内", "√", None, "√", None])
    ws.append([3, "租赁补贴发放", "发放情况", "20个工作日内", None, "√", None, "√"])
    ws.append([])
    for column, text in foot.items():
        ws.cell(7, column, text)
    if 2 in foot and len(foot) == 2:
        ws.merge_cells("B7:H7")
    wb.save(tmp_path / "foot.xlsx")
    cat, text = drafted(tmp_path, "foot.xlsx")
    assert [(r.seq, r.name, r.time_limit.text) for r in cat.records] == [
        ("1", "申请条件及程序", "20个工作日内"), ("2", "审核结果公示", "20个工作日内"), ("3", "租赁补贴发放", "20个工作日内")]
    assert [labels(r.audience + r.disclosure_type) for r in cat.records] == [
        ["全社会", "主动公开"], ["全社会", "主动公开"], ["特定群众", "依申请公开"]], text


@pytest.mark.parametrize("yes,no", [("●", ""), ("●", "○"), ("是", "否"), ("Y", "N"), ("√", "/"), ("√", "—"),
                                    ("√", "无"), ("√\u200b", ""), ("\ufeff√", "/"), ("✔\ufe0f", ""), ("☒", "☐")])
def test_tick_columns_marked_with_dots_or_yes_and_no(yes, no, tmp_path):
    """Tick columns marked ● (○), 是 / 否 or Y / N: ticks (● read as a cell saying nothing, 是/否 as concepts of
    their own: every item's audience and disclosure type lost or wrong). A cell left unticked on purpose (/, —,
    无), the invisible characters editors leave beside a tick (a zero-width space after √, a byte-order mark, an
    emoji variation selector) made every such column one of text, its ticks lost; Word's checked box ☒ (a
    check-box content control printed or saved as a web page) was no tick."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某县自然资源局政府信息公开目录"])
    ws.append(["序号", "事项名称", "公开内容", "全社会", "特定群体", "主动公开", "依申请公开"])
    ws.append([1, "国土空间规划", "规划文本", yes, no, yes, no])
    ws.append([2, "不动产登记", "登记结果", no, yes, no, yes])
    ws.append([3, "土地征收", "征收公告", yes, no, yes, no])
    wb.save(tmp_path / "ticks.xlsx")
    cat, text = drafted(tmp_path, "ticks.xlsx")
    assert [labels(r.audience + r.disclosure_type) for r in cat.records] == [
        ["全社会", "主动公开"], ["特定群众", "依申请公开"], ["全社会", "主动公开"]], text
    assert not cat.warnings
    assert not any(r.extra for r in cat.records)     # 是 / 否 are the ticks, no remark on them


@pytest.mark.parametrize("groups", [True, False])
def test_a_tick_column_under_a_group_headed_by_an_unknown_wording(groups, tmp_path):
    """公开层级 over 县级 | 镇（场）级, the second a wording the level list lacks: a level column whose ticks keep
    the wording (uncontrolled, with a warning). It was kept as text under its header, its ticks dropped; with
    公开层级 the header's only group, the row of 县级 | 镇（场）级 was no header at all and the read stopped."""
    audience = ("<td colspan=2>公开对象</td>", "<td>全社会</td><td>特定群众</td>", "<td>√</td><td></td>") if groups \
        else ("", "", "")
    head = (f"<tr><td rowspan=2>序号</td><td rowspan=2>事项名称</td><td rowspan=2>公开内容</td>{audience[0]}"
            f"<td colspan=2>公开层级</td></tr><tr>{audience[1]}<td>县级</td><td>镇（场）级</td></tr>")
    rows = "".join(f"<tr><td>{k}</td><td>事项{k}</td><td>内容</td>{audience[2]}<td>{a}</td><td>{b}</td></tr>"
                   for k, a, b in [(1, "√", ""), (2, "√", "√"), (3, "", "√")])
    (tmp_path / "lv.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某县农业农村局政务公开目录</p>'
                                      f"<table border=1>{head}{rows}</table></body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "lv.html")
    assert [labels(r.level) for r in cat.records] == [["县级"], ["县级", "镇（场）级"], ["镇（场）级"]], text
    assert any("'镇（场）级' is not in the level code list" in w for w in cat.warnings)


def test_wingdings_2_boxes_whose_font_was_lost(tmp_path):
    """A workbook's Wingdings 2 boxes on a web page made from it, the font lost: R (☑), P (✓), £ (☐) as letters,
    alone in tick cells or before options. Ticks and boxes (they were concepts R, £ and P, with warnings)."""
    from zwgk.mappings import cells as C
    head = ("<tr><td rowspan=2>序号</td><td rowspan=2>事项名称</td><td rowspan=2>公开渠道</td><td colspan=2>公开对象</td>"
            "<td colspan=2>公开方式</td></tr><tr><td>全社会</td><td>特定群体</td><td>主动</td><td>依申请</td></tr>")
    rows = [["1", "机构职能", "R政府网站 £政务微博", "R", "£", "P", ""], ["2", "临时救助", "£政府网站 R政务微博", "£", "R", "", "P"]]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    (tmp_path / "w2.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某区民政局政务公开目录</p>'
                                      f"<table border=1>{head}{body}</table></body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "w2.html")
    assert [labels(r.channels + r.audience + r.disclosure_type) for r in cat.records] == [
        ["政府网站", "全社会", "主动公开"], ["政务微博", "特定群众", "依申请公开"]], text
    assert not cat.warnings
    assert C.lost_wingdings("Rate 政府") == "Rate 政府" and C.lost_wingdings("APP客户端") == "APP客户端"


def test_a_two_row_header_copied_from_excel(tmp_path):
    """Excel copies a two-row header with a field for every cell a merge covers, in both rows (公开事项 | "" over
    一级事项 | 二级事项): the rows line up by position (the blank after a spanning cell's children was read as the
    next column's header: an extra column, every column right of it headed by its left neighbour's text)."""
    lines = ["某街道基层政务公开标准目录",
             "序号\t公开事项\t\t公开内容\t公开依据\t公开时限\t公开渠道\t公开对象\t\t公开方式\t\t责任科室",
             "\t一级事项\t二级事项\t\t\t\t\t全社会\t特定群体\t主动\t依申请\t",
             "1\t社会救助\t最低生活保障\t低保审核确认结果\t《社会救助暂行办法》\t20个工作日内\t政府网站\t√\t\t√\t\t社会事务办",
             "2\t\t临时救助\t救助对象、金额\t《社会救助暂行办法》\t20个工作日内\t政府网站、社区公示栏\t\t√\t\t√\t社会事务办"]
    (tmp_path / "copy.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "copy.txt")
    assert [(r.category, r.name, r.content, r.responsible_unit) for r in cat.records] == [
        (["社会救助"], "最低生活保障", "低保审核确认结果", "社会事务办"), (["社会救助"], "临时救助", "救助对象、金额", "社会事务办")], text
    assert [labels(r.channels + r.audience + r.disclosure_type) for r in cat.records] == [
        ["政府网站", "全社会", "主动公开"], ["政府网站", "社区/企事业单位/村公示栏（电子屏）", "特定群众", "依申请公开"]]


def test_a_tick_with_a_remark(tmp_path):
    """√（涉及个人隐私的除外） in a tick column: a tick, and its remark kept under the column (one such cell made
    the draft read the whole column as text: every tick of it lost)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某县人社局政府信息公开目录"])
    ws.append(["序号", "事项名称", "公开内容", "主动公开", "依申请公开"])
    ws.append([1, "机构职能", "主要职责", "√", None])
    ws.append([2, "人事信息", "人事任免", None, "√"])
    ws.append([3, "行政处罚", "处罚决定", "√（涉及个人隐私的除外）", "√"])
    wb.save(tmp_path / "remark.xlsx")
    cat, text = drafted(tmp_path, "remark.xlsx")
    assert [labels(r.disclosure_type) for r in cat.records] == [["主动公开"], ["依申请公开"], ["主动公开", "依申请公开"]], text
    assert cat.records[2].extra == [("主动公开", "√（涉及个人隐私的除外）")] and not cat.records[0].extra


def test_a_row_of_a_dot_template_with_no_option_selected(tmp_path):
    """Options marked ● (selected) and ○ (not), as templates print them: in a column marked so, a row where no
    option is selected (○政府网站 ○政府公报) has no channel. ○ alone read as list bullets gave it every option."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某县卫生健康局政务公开目录"])
    ws.append(["序号", "事项名称", "公开内容", "公开渠道"])
    ws.append([1, "机构职能", "内设机构及职能", "●政府网站 ○政府公报 ●两微一端"])
    ws.append([2, "医疗机构名单", "名单及地址", "○政府网站 ○政府公报 ○两微一端"])
    ws.append([3, "疫苗接种点", "接种点名称", "○政府网站 ●政府公报 ○两微一端"])
    wb.save(tmp_path / "dots.xlsx")
    cat, text = drafted(tmp_path, "dots.xlsx")
    assert [labels(r.channels) for r in cat.records] == [["政府网站", "两微一端"], [], ["政府公报"]], text
    # a column of ○ alone is a list: every entry is the item's
    ws.delete_rows(3, 3)
    ws.append([1, "机构职能", "内设机构及职能", "○政府网站 ○政务微博"])
    wb.save(tmp_path / "bullets.xlsx")
    cat, text = drafted(tmp_path, "bullets.xlsx")
    assert [labels(r.channels) for r in cat.records] == [["政府网站", "政务微博"]], text


def test_a_header_of_three_rows(tmp_path):
    """公开属性 over 公开对象 | 公开方式 over 全社会 | 特定群众 | 主动 | 依申请, 序号 … merged down the three rows: the
    draft read two rows and the read stopped at the third ('column 1 (seq) should be headed 序号, found 1'): the
    whole catalogue lost."""
    wb = Workbook()
    ws = wb.active
    ws.append(["某镇人民政府政务公开标准目录"])
    ws.append(["序号", "事项名称", "公开时限", "公开渠道", "公开属性", "", "", ""])
    ws.append(["", "", "", "", "公开对象", "", "公开方式", ""])
    ws.append(["", "", "", "", "全社会", "特定群众", "主动", "依申请"])
    for c in range(1, 5):
        ws.merge_cells(start_row=2, start_column=c, end_row=4, end_column=c)
    ws.merge_cells("E2:H2"), ws.merge_cells("E3:F3"), ws.merge_cells("G3:H3")
    ws.append([1, "财政预算", "批复后20日内", "政府网站", "√", "", "√", ""])
    ws.append([2, "低保对象", "每月10日前", "公示栏", "", "√", "", "√"])
    wb.save(tmp_path / "three.xlsx")
    cat, text = drafted(tmp_path, "three.xlsx")
    assert "rows: 3" in text, text
    assert [(r.seq, r.name, labels(r.audience + r.disclosure_type)) for r in cat.records] == [
        ("1", "财政预算", ["全社会", "主动公开"]), ("2", "低保对象", ["特定群众", "依申请公开"])], text


# -- files as a failed download leaves them (a probe of 66 damaged and odd files) -----------------------------

def test_a_page_or_text_cut_short_is_told(tmp_path):
    """A web page whose download stopped inside its table, a text copy cut inside a row: read as far as they go
    (the parsers close what is open), with a warning; they built with exit 0 and no word, the last items lost."""
    rows = [["序号", "事项名称", "公开内容", "公开时限"]] + [[str(i), f"事项{i}", "内容", "20个工作日内"] for i in range(1, 6)]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = f'<html><head><meta charset="utf-8"></head><body><p>某局政务公开目录</p><table border=1>{body}</table></body></html>'
    (tmp_path / "cut.html").write_text(page[:page.index("<td>5</td>") + 20], encoding="utf-8")
    cat, _ = drafted(tmp_path, "cut.html")
    assert any("the page ends inside its table 1" in w and "cut short" in w for w in cat.warnings), cat.warnings
    (tmp_path / "whole.html").write_text(page, encoding="utf-8")
    assert not any("cut short" in w for w in drafted(tmp_path, "whole.html")[0].warnings)
    lines = ["\t".join(r) for r in rows]
    (tmp_path / "cut.txt").write_text("\n".join(lines)[:-9], encoding="utf-8")      # cut in the last row
    cat, _ = drafted(tmp_path, "cut.txt")
    assert any("the file ends in the middle of a row" in w for w in cat.warnings), cat.warnings
    (tmp_path / "whole.txt").write_text("\n".join(lines), encoding="utf-8")         # no line end, whole: nothing
    assert not any("middle of a row" in w for w in drafted(tmp_path, "whole.txt")[0].warnings)
    # cut inside its last character: no encoding reads it (the advice was to name GB18030, then to remove it)
    (tmp_path / "char.txt").write_bytes("\n".join(lines).encode("utf-8")[:-1])
    with pytest.raises(Exception, match=r"the file ends inside a character \(its last 2 byte\(s\) begin a UTF-8 "
                                        r"character that is not there\): a download or copy cut short"):
        drafted(tmp_path, "char.txt")


def test_a_text_mixing_two_encodings_names_its_lines(tmp_path):
    """A UTF-8 text copy with a line pasted from a GBK file: refused naming that line and what it reads as (no
    one encoding reads the whole file: the advice was to name GB18030, which garbles the UTF-8 lines, and then
    to remove it). A GB18030 file is still read as one."""
    from zwgk.mappings.readers.base import ReadError, decode
    lines = ["某局政务公开目录", "序号\t事项名称\t公开内容"] + [f"{i}\t事项{i}\t内容{i}" for i in range(1, 8)]
    data = "\n".join(lines[:5]).encode("utf-8") + "\n9\t混入的一行\t国标编码\n".encode("gbk") + \
        "\n".join(lines[5:]).encode("utf-8")
    for named in (None, "utf-8"):
        with pytest.raises(ReadError) as e:
            decode("catalogues/mixed.txt", data, named)
        assert str(e.value).startswith("catalogues/mixed.txt:6: the file mixes encodings: its text is UTF-8 but for "
                                       "line(s) 6, which read as GB18030 ('9 混入的一行 国标编码')"), str(e.value)
    assert decode("x", "\n".join(lines).encode("gb18030"))[1] == "gb18030"


def test_a_text_whose_chinese_was_written_as_question_marks_is_refused_saying_so(tmp_path):
    """Excel's "CSV" (not "CSV UTF-8") on a system set to another language writes every Chinese character as '?'
    (so does LibreOffice's text export without a Chinese locale): the text is not in the file any more. The draft
    said "no header row" and pointed at headers.yaml. A catalogue with a few question marks of its own reads."""
    from zwgk.mappings.readers.base import ReadError, read_text_file
    rows = [["某局政务公开目录"], ["序号", "事项名称", "公开内容", "公开时限"]] + \
        [[str(i), f"事项{i}", "本部门的规范性文件", "20个工作日内"] for i in range(1, 6)]
    text = "\n".join(",".join(r) for r in rows)
    (tmp_path / "lost.csv").write_bytes(text.encode("ascii", errors="replace"))
    with pytest.raises(ReadError) as e:
        read_text_file(tmp_path / "lost.csv", label="catalogues/lost.csv")
    assert str(e.value).startswith("catalogues/lost.csv:1: 102 characters of the file are '?' ('????????'): it was "
                                   "saved in a character set without Chinese characters"), str(e.value)
    with pytest.raises(Exception, match=r"lost.csv:1: 102 characters of the file are '\?'"):
        drafted(tmp_path, "lost.csv")
    (tmp_path / "own.csv").write_text(text.replace("本部门的规范性文件", "是否公开??"), encoding="utf-8")
    cat, _ = drafted(tmp_path, "own.csv")
    assert [r.content for r in cat.records] == ["是否公开??"] * 5


def test_a_workbook_named_xls_and_zip_packages_cut_short(tmp_path):
    """A site's 导出 button saves its .xlsx as .xls: read by what it holds (every reader refused it, each
    pointing to the other); a zip package cut short is said to be one, whatever its name (a cut .xlsx was 'a
    Word document', a cut .ods 'give the mapping reader: xlsx')."""
    import io as _io
    workbook().save(tmp_path / "导出.xls")
    cat, text = drafted(tmp_path, "导出.xls")
    assert "reader: xlsx" in text and [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件"]
    buf = _io.BytesIO()
    workbook().save(buf)
    (tmp_path / "cut.xlsx").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(Exception, match="a zip package .* cannot be opened: damaged or truncated"):
        drafted(tmp_path, "cut.xlsx")
    from zwgk.mappings.readers import READERS
    (tmp_path / "cut.ods").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(Exception, match="a zip package .* cannot be opened"):
        READERS["ods"]("catalogues/cut.ods", tmp_path / "cut.ods", None)


def test_chinese_built_in_date_formats_and_escaped_line_breaks(tmp_path):
    """Excel's built-in formats for Chinese (numbers 27-36, 50-58, named by number only in the file: openpyxl knows
    none, and 2024年3月31日 read as 45382), and OOXML's escapes other than _x000D_ (_x000B_, Word's line break
    pasted into a cell, read as written)."""
    import re
    import zipfile

    from openpyxl import Workbook

    from zwgk.mappings.readers.xlsx import read_xlsx
    from zwgk.mappings.readers.base import ReadOptions
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "公开时限", "公开内容"])
    ws.append(["1", "年报", __import__("datetime").datetime(2024, 3, 31), "甲_x000B_乙"])
    ws["C2"].number_format = "yyyy-mm-dd;@"      # two date styles, renumbered below as Excel's zh-CN 31 and 58
    ws.append(["2", "月报", __import__("datetime").datetime(2024, 3, 31)])
    ws["C3"].number_format = "m-d;@"
    wb.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    styles = parts["xl/styles.xml"].decode()
    for k, code in re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/>', styles):
        new = {"yyyy-mm-dd;@": "31", "m-d;@": "58"}.get(code)     # (built-in formats are named, not declared)
        if new is None:
            continue
        styles = styles.replace(f'<numFmt numFmtId="{k}" formatCode="{code}"/>', "")
        styles = styles.replace(f'numFmtId="{k}"', f'numFmtId="{new}"')
    parts["xl/styles.xml"] = styles.encode()
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    grid = read_xlsx("catalogues/b.xlsx", tmp_path / "b.xlsx", ReadOptions()).tables[0]
    assert [[c.text for c in row] for row in grid.rows[1:]] == [["1", "年报", "2024年3月31日", "甲\n乙"],
                                                               ["2", "月报", "3月31日", ""]]
