"""Where a row of a table printed without borders ends (mappings/readers/pdfgrid.py): catalogues laid out in Word or
Excel as agencies lay them out, printed to PDF by LibreOffice, drafted unedited and read back. The layouts are those
the shipped catalogues printed so (bench/shipped_prints.py) were misread in; the files are written here."""
from __future__ import annotations

import math

from zwgk.mappings import load_mapping
from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.pdf import read_pdf
from zwgk.mappings.records import header_probe

from .libreoffice import convert, require
from .test_draft import draft_to
from .test_office_prints_borderless import OGI, drafted, word_table

require()


def test_a_text_of_a_column_merged_elsewhere_taller_than_its_rows_other_cells(tmp_path):
    """A Word table without borders, no item numbers: 公开依据 merged over a category's rows in the source prints once,
    blank under it, so the column is set aside as merged down while the rows are found, and each row's foot was
    placed under its other cells' text. A row's own 公开依据 of more lines than its other cells ran past that foot:
    it was read as a merge over that row and the next, the next row's own 公开依据 added to it (sanmenxia-ybj printed
    so: three items given 部门预算整体支出绩效评价 twice and the next item's 政府信息公开条例). A text that ends above
    the next row's first line is its own row's."""
    budget = "部门预算整体支出绩效评价（按财政局统一要求）"
    procure = "《中华人民共和国政府采购法》《中华人民共和国政府采购法实施条例》"
    items = [("机构信息", "机构职能", "机构设置、主要职能。", f"{OGI}、机构三定方案"),
             ("", "领导信息", "领导姓名、职务、分工。", ""),
             ("", "内设机构", "内设机构名称、职责。", ""),
             ("财务信息", "部门预决算", "部门预算、决算。", budget),
             ("", "“三公”经费", "“三公”经费使用情况。", budget),
             ("", "政府采购", "采购项目公告、采购结果。", procure),
             ("权责清单", "行政许可", "本单位行政许可事项。", OGI),
             ("", "行政处罚", "本单位行政处罚事项。", OGI),
             ("", "行政检查", "本单位行政检查事项。", OGI)]
    rows = [[cat, name, content, law, "办公室", "20个工作日内", "政府网站"] for cat, name, content, law in items]
    word = tmp_path / "ybj.docx"
    word_table(word, ["事项类别", "事项名称", "公开内容", "公开依据", "公开主体", "公开时限", "公开渠道"], rows,
               [2.4, 2.8, 5, 2.4, 2.4, 3, 2.6])
    cat, text = drafted(tmp_path, word)
    assert [(r.name, r.content) for r in cat.records] == [(n, c) for _, n, c, _ in items], text
    for (_, name, _, law), r in zip(items, cat.records):
        if law:        # (a blank one is a merge the print hides: the draft offers `inherit` for it)
            assert "".join(c.text for c in r.legal_basis).replace("、", "") == law.replace("、", ""), \
                (name, [c.text for c in r.legal_basis])
        assert r.subject == "办公室" and r.time_limit.text == "20个工作日内", (name, r.subject, r.time_limit)


CHANNELS = ["政府网站", "政务微博", "移动客户端", "手机短信推送", "广播", "信息公告栏", "政务服务中心（行政审批局）", "便民服务中心",
            "图书馆", "其他", "政府公报", "政务微信", "微视", "电视", "报刊", "电子信息屏", "便民服务点（室）", "档案馆"]


def merged_sheet(path, heads: list[str], rows: list[list[str]], merged: list[int], runs: list[int]) -> None:
    """An Excel sheet as bench/shipped_prints.py writes a catalogue (Excel's default: no gridlines printed): a
    title, the header row repeated on every page, the columns `merged` merged over each run of `runs` rows (a
    category's), every cell wrapped and centred in its height, each row as tall as its cell of most lines, 9 pt,
    columns 12 characters wide, landscape A4 one page wide."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .libreoffice import landscape_one_page_wide
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, "某区医疗保障局政府信息公开目录清单")
    for i, h in enumerate(heads, 1):
        ws.cell(2, i, h)
    for r, row in enumerate(rows, 3):
        for i, v in enumerate(row, 1):
            ws.cell(r, i, v or None)
    r = 3
    for n in runs:
        for c in merged if n > 1 else ():
            ws.merge_cells(start_row=r, start_column=c + 1, end_row=r + n - 1, end_column=c + 1)
        r += n
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 2, max_col=len(heads)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.font = Font(size=9)
    for i in range(len(heads)):
        ws.column_dimensions[get_column_letter(i + 1)].width = 12
    def lines(text: str) -> int:        # wrapped at 12 characters' width (a Chinese character is two)
        return sum(max(1, math.ceil(sum(1 if ord(ch) < 0x2000 else 2 for ch in part) / 12)) for part in text.split("\n"))
    for r, row in enumerate(rows, 3):
        ws.row_dimensions[r].height = 12.5 * max(lines(v) for v in row) + 3
    landscape_one_page_wide(ws)
    wb.save(path)


def test_merges_over_page_breaks_in_columns_every_row_fills(tmp_path):
    """Excel rows a fifth of a page tall (公开渠道 lists 10 boxes), 公开依据, 公开主体 and 公开时限 merged over each
    category's rows, categories over page breaks. LibreOffice Calc prints a merge's text on every page the merge
    spans, in the middle of the whole merge as laid out from that page: on the next page from above its top, in
    the margin the print area clips, down over the header printed again. Those columns are filled on every row
    (no column set aside as merged), so the text above the header was read as a row of its own: the table split
    in two there, the text added again to the last row of the page before (组织机构组织机构, 办公室办公室), and
    the merge's text printed over the header read as a row the page break cut, added again to the row above
    (yinzhou-ybj printed so: 12 of 18 items right)."""
    boxes = " ".join(("■ " if i == 0 else "□ ") + c for i, c in enumerate(CHANNELS[:10]))
    law = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
    cats = [("信息公开", ["政府信息公开指南", "政府信息公开制度"], "办公室", "相关信息形成或变更之日起20个工作日内，且及时更新"),
            ("组织机构", ["机构概况", "领导信息", "内设机构"], "办公室", "相关信息形成或变更之日起20个工作日内"),
            ("政策文件", ["行政规范性文件", "其他文件", "政策解读"], "相关科室", "文件印发之日起20个工作日内"),
            ("工作信息", ["计划总结", "统计数据"], "医保中心", "1个月内")]
    rows, runs = [], []
    for cat, names, subject, limit in cats:
        runs.append(len(names))
        for k, name in enumerate(names):
            first = k == 0
            rows.append([cat if first else "", name, f"{name}的有关信息。", law if first else "", subject if first else "",
                         limit if first else "", boxes, "0574-88275503" if first else ""])
    sheet = tmp_path / "ybj.xlsx"
    merged_sheet(sheet, ["事项类别", "事项名称", "公开内容", "公开依据", "公开主体", "公开时限", "公开渠道", "咨询电话"], rows,
                 [0, 3, 4, 5, 7], runs)
    pdf = convert(sheet, "pdf", ".pdf")
    mapping, text = draft_to(tmp_path, pdf)
    m = load_mapping(mapping)
    doc = read_pdf(str(pdf), pdf, ReadOptions(m.ncols, m.header_rows, header_probe(m)))
    where = {c.text: g.index for g in doc.tables for row in g.rows for c in row[1:2]}
    # the page after the break goes on with the table its category began in (a merge the print hides reads
    # blank: the draft offers `inherit`; never twice)
    assert where["内设机构"] == where["机构概况"], text
    for g in doc.tables:
        for row in g.rows:
            for c in row:
                for once in {law, "0574-88275503"} | {x for cat, _, subject, limit in cats for x in (cat, subject, limit)}:
                    assert c.text.replace("\n", "").count(once) <= 1, (row[1].text, c.text)
