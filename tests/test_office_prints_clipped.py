"""Sheets printed by LibreOffice Calc without gridlines whose merged cells the page breaks cut, drafted unedited and
read back: Calc draws a merged cell's text in the middle of the whole merge on every page the merge spans, clipped
to the merge's part on that page (a band of its rows), so that a part may show nothing, its text drawn in the page's
margin above the repeated header or below the page's last row (pdf.py `_visible_layout`).

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from .libreoffice import convert, landscape_one_page_wide, require
from .test_draft import draft_to, read

require()

TITLE = "某区医疗保障局政府信息公开目录清单"
OGI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
BOXES = ("■ 政府网站 □ 政务微博 □ 移动客户端 □ 手机短信推送 □ 广播 □ 信息公告栏 □ 政务服务中心（行政审批局） □ 便民服务中心 "
         "□ 图书馆 □ 其他")


def plain_sheet(path: Path, heads: list[str], groups: list[tuple[str, list[str], list[str]]], height: float,
                widths: float = 12) -> None:
    """An Excel file: a title, the header (repeated on every page), then each group's items (category, names,
    the texts of the columns merged over the group), the category and the group's columns merged down over its
    items, every row `height` points tall, every cell wrapped and centred vertically, no gridlines printed."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, TITLE)
    for i, h in enumerate(heads, 1):
        ws.cell(2, i, h)
    r = 3
    for category, names, merged in groups:
        for k, name in enumerate(names):
            ws.cell(r + k, 2, name)
            ws.cell(r + k, 3, f"{name}的有关信息。")
            ws.cell(r + k, len(heads), BOXES)
            ws.row_dimensions[r + k].height = height
        ws.cell(r, 1, category)
        for c, text in enumerate(merged, 4):
            ws.cell(r, c, text)
        for c in [1] + list(range(4, 4 + len(merged))):
            if len(names) > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + len(names) - 1, end_column=c)
        r += len(names)
    for row in ws.iter_rows(min_row=2, max_row=r - 1, max_col=len(heads)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.font = Font(size=9)
    for k in range(len(heads)):
        ws.column_dimensions[chr(ord("A") + k)].width = widths
    landscape_one_page_wide(ws)
    wb.save(path)


def drafted(tmp_path: Path, source: Path):
    """The sheet printed by LibreOffice (the sheet then removed), drafted and read with the draft unedited."""
    pdf = convert(source, "pdf", ".pdf")
    source.unlink()
    mapping, text = draft_to(tmp_path, pdf)
    return read(mapping, tmp_path), text


def test_a_merges_part_at_a_pages_foot_showing_nothing_is_the_merges(tmp_path):
    """Rows 153 pt tall, two a page, merges of three items over the page breaks. 政策文件 from the foot of a page: its
    text drawn in the middle of the whole merge, on the next page's first row, and once more on this page, below its
    last row, where the clip hides it. Read there, it ended the table: the draft read two tables (`tables: [1, 2]`),
    and the item on the foot of the page took the category, legal basis, subject and time limit of the merge above
    it. 组织机构 from the top of a page: its text shows on the part's second row, as if it were that row's alone (the
    first took 信息公开 from above), and is hidden in the margin over the next page's header."""
    heads = ["事项类别", "事项名称", "公开内容", "公开依据", "公开主体", "公开时限", "公开渠道"]
    groups = [("信息公开", ["政府信息公开指南", "政府信息公开制度"], [OGI, "办公室", "相关信息形成或变更之日起20个工作日内"]),
              ("组织机构", ["机构概况", "领导信息", "内设机构"], [OGI, "办公室", "相关信息形成或变更之日起20个工作日内"]),
              ("政策文件", ["行政规范性文件", "其他文件", "政策解读"], [OGI, "相关科室", "文件印发之日起20个工作日内"]),
              ("工作信息", ["计划总结", "统计数据"], [OGI, "医保中心", "1个月内"])]
    sheet = tmp_path / "ybj.xlsx"
    plain_sheet(sheet, heads, groups, 153)
    cat, text = drafted(tmp_path, sheet)
    assert "tables:" not in text, text
    want = [(name, category, merged) for category, names, merged in groups for name in names]
    assert [r.name for r in cat.records] == [name for name, _, _ in want], text
    for r, (name, category, (law, subject, limit)) in zip(cat.records, want):
        assert list(r.category) == [category], (name, r.category)
        assert [re.sub(r"\s+", "", c.text) for c in r.legal_basis] == [law], (name, r.legal_basis)
        assert (r.subject, r.time_limit.text) == (subject, limit), (name, r.subject, r.time_limit)


def test_one_item_a_page_its_channels_a_line_each(tmp_path):
    """Rows 328 pt tall, one a page, 公开渠道 listing its boxes a line each: with one item on a page no column has
    two texts to tell the rows by, and each line was read as a row of its own (the draft's mapping refused: "the
    table starts with a continuation row"); the merges' texts each part hides (a category merged over three items
    prints on the middle one's page only) were lines at the page's foot."""
    heads = ["事项类别", "事项名称", "公开内容", "公开依据", "公开主体", "公开渠道"]
    groups = [("信息公开指南", ["政府信息公开指南"], [OGI, "办公室"]),
              ("组织机构", ["机构概况", "领导信息", "内设机构"], [OGI, "办公室"]),
              ("政策文件", ["行政规范性文件", "其他文件", "政策解读"], [OGI, "办公室"])]
    sheet = tmp_path / "ybj.xlsx"
    plain_sheet(sheet, heads, groups, 328)
    wb = openpyxl.load_workbook(sheet)
    for row in wb.active.iter_rows(min_row=3, min_col=6, max_col=6):
        row[0].value = BOXES.replace(" □", "\n□")       # a box a line
    wb.save(sheet)
    cat, text = drafted(tmp_path, sheet)
    want = [(name, category) for category, names, _ in groups for name in names]
    assert [(r.name, list(r.category)) for r in cat.records] == [(n, [c]) for n, c in want], text
    for r in cat.records:
        assert [re.sub(r"\s+", "", c.text) for c in r.legal_basis] == [OGI] and r.subject == "办公室", r.name
        assert [c.rsplit("/", 1)[-1] for c in r.channels] == ["website"], (r.name, r.channels)
