"""Merged cells of ruled sheets over LibreOffice Calc's page breaks, as the shipped catalogues printed back
(bench/shipped_prints.py, calc-ruled) showed them misread: Calc prints a merge's text where the middle of its
whole span falls, on every page it spans (clipped to the part there, or off the page), and leaves a merge going
on over a break without a rule under its part at the page's foot.

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

import re

import pytest

from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.pdf import read_pdf

from .libreoffice import convert, require
from .test_libreoffice_pdf import calc_printed, framed_landscape

require()

LAW = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
NOTICE = "《财政部关于推进省以下预决算公开工作的通知》（财预〔2013〕309号）"


def test_a_merge_after_one_closed_at_the_pages_foot_is_its_own(tmp_path):
    """Rows so tall that a page holds one: 政策文件 merged over three items, then 工作信息 over six. Calc draws the
    rule under a merge's part at the page's foot only where the merge ends there (政策文件's last part); 工作信息's
    text falls in its middle, on its third page, and its first two parts print blank. They took 政策文件 (a blank
    part opening a page was carried from the part above, closed as it was), and two items read the wrong
    category."""
    import openpyxl

    cats = ["机构信息"] + ["政策文件"] * 3 + ["工作信息"] * 6 + ["人事信息"]
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [["序号", "一级事项", "事项名称", "公开内容", "公开时限", "责任科室"]]
    rows += [[n + 1, None, f"事项{n + 1}", "办理依据、条件、程序、结果", "20个工作日内", "办公室"] for n in range(len(cats))]
    for row in rows:
        ws.append(row)
    start = 0
    for n in range(1, len(cats) + 1):      # each run of one category: its text on its first row, merged down
        if n == len(cats) or cats[n] != cats[start]:
            ws.cell(2 + start, 2, cats[start])
            if n - start > 1:
                ws.merge_cells(start_row=2 + start, start_column=2, end_row=1 + n, end_column=2)
            start = n
    framed_landscape(ws, 400, len(cats))
    cat, text = calc_printed(wb, tmp_path, "gongzuo", 8)
    assert [r.category for r in cat.records] == [[c] for c in cats], text


def test_legal_bases_that_start_alike_on_pages_of_their_own_stay_apart(tmp_path):
    """公开依据 merged over the first two items, on the first page; then one item a page: the law and a notice, the
    same with the law's 《 left out (a typo of the source), and the law alone. Each was taken for the text above
    it cut by the page's edge (it started or ended as that one) and joined to it: the last two items read the law
    and the notice, the second of them with the 《 the source left out."""
    import openpyxl

    legal = [LAW, None, f"{LAW}、{NOTICE}", f"{LAW[1:]}、{NOTICE}", LAW, "《中华人民共和国社会保险法》"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "公开内容", "公开依据", "公开时限", "责任科室"])
    for n, law in enumerate(legal):
        ws.append([n + 1, f"事项{n + 1}", "办理依据、条件、程序、结果", law, "20个工作日内", "办公室"])
    ws.merge_cells(start_row=2, start_column=4, end_row=3, end_column=4)
    framed_landscape(ws, 400, len(legal))
    ws.row_dimensions[2].height = ws.row_dimensions[3].height = 40
    cat, text = calc_printed(wb, tmp_path, "yiju", 4)
    got = [[re.sub(r"\s+", "", c.text) for c in r.legal_basis] for r in cat.records]
    assert got == [[LAW], [LAW], [LAW, NOTICE], [LAW[1:], NOTICE], [LAW], ["《中华人民共和国社会保险法》"]], text


CHANNELS = ("■ 政府网站 □ 政务微博 □ 移动客户端 □ 手机短信推送 □ 广播 □ 信息公告栏 □ 政务服务中心 □ 便民服务中心 "
            "□ 图书馆 □ 其他 □ 政府公报 □ 政务微信 □ 微视 □ 电视 □ 报刊 □ 电子信息屏 □ 档案馆")


@pytest.mark.parametrize("height", [44, 52])
def test_a_merges_lines_printed_over_the_repeated_header_keep_their_breaks(tmp_path, height):
    """公开渠道 merged over three items, its list of boxes long, the header repeated on every page and tall enough
    for two lines: a merge cut by a page break has the lines of its text printed over the repeated header (Calc
    prints the text in the middle of its whole span) and the rest under it, in its part on the page. The lines
    over the header were glued into one (公报□政务微信□微视□电视□), the part no longer went on line by line from
    the part above, and read as a cell of its own, a cut list of boxes."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开渠道"])
    items = 21
    for n in range(items):
        ws.append([n + 1, f"事项{n + 1}", "办理依据、条件、程序、结果", LAW, "20个工作日内", CHANNELS if n % 3 == 0 else None])
    for k in range(0, items, 3):
        ws.merge_cells(start_row=2 + k, start_column=6, end_row=4 + k, end_column=6)
    framed_landscape(ws, height, items)
    ws.row_dimensions[1].height = 30
    ws.column_dimensions["F"].width = 18
    folder = tmp_path / "catalogues"
    folder.mkdir()
    sheet = folder / "qudao.xlsx"
    wb.save(sheet)
    pdf = convert(sheet, "pdf", ".pdf")
    doc = read_pdf(pdf.name, pdf, ReadOptions(6, 1, None))
    (grid,) = doc.tables
    body = [row for row in grid.rows if re.fullmatch(r"\d+", row[0].text.strip())]
    assert [row[0].text.strip() for row in body] == [str(n + 1) for n in range(items)]
    squeeze = lambda t: re.sub(r"\s+", "", t)     # noqa: E731
    assert [squeeze(row[5].text) for row in body] == [squeeze(CHANNELS)] * items
