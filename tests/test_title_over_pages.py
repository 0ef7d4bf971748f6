"""A catalogue's title printed again on every page (a workbook of one sheet per domain, each sheet under the same
title row, printed to PDF): the title is the document's, kept once before the first table, its repeats left out
as running lines; a labelled line under it (领域：建设工程  更新日期：2023年4月) is no title and names no agency."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from zwgk.mappings.draft import load_dictionary, title_line

from .libreoffice import convert, landscape_one_page_wide, require
from .test_draft import draft_to, read
from .test_pdf import HEADER, Page, T, draw, item
from .test_pdf import read as read_pdf

TITLE = "某市住房和城乡建设局政府信息公开目录"
AGENCY = "某市住房和城乡建设局"


def test_a_title_over_every_page_is_kept_once_before_the_first_table(tmp_path):
    path = draw(tmp_path / "两页.pdf", [
        Page([TITLE, "领域：建设工程    更新日期：2023年4月", T([HEADER, item(1), item(2)])]),
        Page([TITLE, "领域：住房保障    更新日期：2023年4月", T([HEADER, item(3)])]),
        Page([TITLE, T([item(4)])]),
    ])
    doc = read_pdf(path)
    assert [g.before for g in doc.tables] == [[TITLE, "领域：建设工程 更新日期：2023年4月"],
                                              ["领域：住房保障 更新日期：2023年4月"]]
    assert [r[0].text for r in doc.tables[-1].rows] == ["序号", "3", "4"]     # the title no break in the table


def test_a_running_line_first_met_under_a_table_is_no_title(tmp_path):
    """A line repeated at the top of pages that the first page does not print above its table (it starts on the
    page after): a running header over a table going on, left out everywhere."""
    path = draw(tmp_path / "页眉.pdf", [
        Page([T([HEADER, item(1), item(2)])]),
        Page(["某某县人民政府办公室", T([item(3)])]),
        Page(["某某县人民政府办公室", T([item(4)])]),
    ])
    doc = read_pdf(path)
    assert len(doc.tables) == 1 and doc.tables[0].before == []
    assert [r[0].text for r in doc.tables[0].rows] == ["序号", "1", "2", "3", "4"]


def test_a_labelled_line_is_no_title():
    d = load_dictionary()
    assert title_line(["领域：建设工程 更新日期：2023年4月"], d) is None
    assert title_line(["更新日期：2023年4月", "某县政务公开事项"], d) == 1
    assert title_line(["附件2：某县交通运输局政府信息公开目录"], d) == 0      # a title's prefix is no label
    assert title_line(["领域：住房保障", TITLE], d) == 1


HEADS = ["序号", "一级事项", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]
SHEETS = {
    "建设工程": [["1", "建设工程管理", "建筑工程施工许可证核发", "项目名称、建设单位、许可证编号",
                "《建筑工程施工许可管理办法》", "作出许可决定之日起7个工作日内", AGENCY, "政府网站"],
             ["2", "建设工程管理", "建设工程竣工验收备案", "备案项目名称、备案日期", "《建设工程质量管理条例》",
              "备案之日起20个工作日内", AGENCY, "政府网站"]],
    "住房保障": [["1", "保障性住房", "公租房配租结果", "配租对象、房源位置", "《公共租赁住房管理办法》",
                "配租后公示7日", AGENCY, "政府网站"]],
}


def test_a_workbook_of_sheets_under_one_title_printed_to_pdf_names_its_agency(tmp_path):
    """Each sheet: the title row merged across, a line naming its domain and date, the header, its items; printed
    by LibreOffice, each sheet on a page of its own under its title. The draft took the 领域 line, the first left
    once the title was dropped from every page as a running header, for the catalogue's title, and named no
    agency (未知机关)."""
    require()
    wb = openpyxl.Workbook()
    for n, (domain, rows) in enumerate(SHEETS.items()):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = domain
        ws.cell(1, 1, TITLE)
        ws.cell(2, 1, f"领域：{domain}                    更新日期：2023年4月")
        for r in (1, 2):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADS))
        for r, row in enumerate([HEADS, *rows], 3):
            for i, v in enumerate(row, 1):
                ws.cell(r, i, v).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = 30
        for i, w in enumerate((5, 12, 16, 24, 26, 18, 20, 10)):
            ws.column_dimensions[chr(65 + i)].width = w
        landscape_one_page_wide(ws, "3:3")
    src = tmp_path / "zj.xlsx"
    wb.save(src)
    pdf = convert(src, "pdf", ".pdf")
    src.unlink()
    mapping, text = draft_to(tmp_path, pdf, "zj")
    assert f"title: {TITLE}" in text and f"name: {AGENCY}" in text, text
    cat = read(mapping, tmp_path)
    assert [r.name for r in cat.records] == [row[2] for rows in SHEETS.values() for row in rows]
    assert cat.mapping.title == TITLE
