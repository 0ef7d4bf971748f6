"""Catalogues laid out in Word with Table Grid's rules, printed to PDF by LibreOffice Writer and read back cell by
cell (mappings/readers/pdf.py): what the rules and the lines' positions must tell. Printed by real office software."""
from __future__ import annotations

import re

import pytest

from docx.shared import Pt

from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.pdf import read_pdf

from .libreoffice import convert, require, two_row_header, word_catalogue

require()

HEADS = ["序号", "类别", "公开事项名称", "主要内容", "法律依据", "时限要求", "公开渠道", "承办股室"]
ITEMS = [("道路运输经营许可", "许可依据、条件、程序、结果", "《中华人民共和国道路运输条例》（国务院令第406号）"),
         ("超限运输车辆行驶公路许可", "许可条件、办理流程、许可结果", "《中华人民共和国公路法》"),
         ("交通运输行政处罚", "处罚决定书", "《交通运输行政执法程序规定》（交通运输部令2019年第9号）"),
         ("公路建设项目信息", "项目名称、建设规模、施工单位、招标结果", "《中华人民共和国公路法》"),
         ("公路养护施工公告", "施工路段、时间、绕行线路", "《中华人民共和国公路法》")]


def test_first_lines_standing_across_their_rule_at_10_5_pt_are_their_rows(tmp_path):
    """At 10.5 pt (五号, the body size of most Chinese Word documents) Writer prints each row's first line 0.6 pt
    above the row's top rule (its cells have no top padding), and where the cell above is the tallest of its row,
    that cell's next line would stand just there: the first lines were read as the last lines of the cells above
    (道路运输经营许可 read 经营许可, its first line in the header; 施工路 of the next item's 主要内容 read at the
    end of this one's). Every row's first line stands so, the same way from its rule: each cell reads whole."""
    rows = [[str(i), "行政许可", name, content, law, "作出决定之日起7个工作日内", "政府网站", "运输管理股"]
            for i, (name, content, law) in enumerate(ITEMS, 1)]
    d, t = word_catalogue("某县交通运输局政府信息公开目录", HEADS, rows, size=10.5)
    t.style = "Table Grid"
    d.styles["Normal"].font.size = Pt(10.5)
    src = tmp_path / "目录.docx"
    d.save(src)
    pdf = convert(src, "pdf", ".pdf")
    [grid] = read_pdf(f"catalogues/{pdf.name}", pdf, ReadOptions()).tables
    got = [[re.sub(r"\s+", "", c.text) for c in row] for row in grid.rows]
    assert got == [HEADS] + rows, got


def cut_header_print(tmp_path, two_rows: bool, font: str, spacing: float):
    """A Word table in Table Grid over pages, its header repeated, in `font` at 10.5 pt and `spacing` lines, columns
    so narrow that 公开内容和标准 and 公开渠道和载体 wrap to three lines; the header of two rows (公开对象 over 全社会 and
    特定群众, the other cells merged down both) or of one. Printed by Writer: (the rows written, the grid read)."""
    from docx.oxml.ns import qn

    heads = ["序号", "公开事项名称", "公开内容和标准", "公开依据", "公开时限", "全社会", "特定群众", "公开渠道和载体"]
    rows = [[str(i), name, content, law, "作出决定之日起7个工作日内", "√", "", "政府网站、政务新媒体"]
            for i, (name, content, law) in enumerate(ITEMS * 3, 1)]
    d, t = word_catalogue("某县交通运输局政府信息公开目录", heads, [], size=10.5)
    normal = d.styles["Normal"]
    normal.font.name = font
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    normal.paragraph_format.line_spacing = spacing
    t.style = "Table Grid"
    top = 2 if two_rows else 1
    for _ in range(top - 1 + len(rows)):
        t.add_row()
    if two_rows:
        two_row_header(t, heads)
    for r, row in enumerate(rows, top):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    widths = [10.5 * n + 11 for n in (2.5, 6.5, 3.5, 10, 2.5, 3.5, 4.5, 3.5)]
    for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(Pt(w).twips)))
    for row in t.rows:
        for c, w in zip(row.cells, widths):
            c.width = Pt(w)
    src = tmp_path / "目录.docx"
    d.save(src)
    pdf = convert(src, "pdf", ".pdf")
    [grid] = read_pdf(f"catalogues/{pdf.name}", pdf, ReadOptions()).tables
    return rows, grid


@pytest.mark.parametrize("font, spacing", [("Noto Sans CJK SC", 1.0), ("Noto Serif CJK SC", 1.5)])
def test_a_header_printed_again_cut_short_takes_back_its_last_lines(tmp_path, font, spacing):
    """Writer prints the header repeated on a continued page no taller than on the first page's first line (the
    header of two rows: its cells merged down both), and the lines it cuts (准 of 公开内容和标准, 体 of 公开渠道和载体)
    overrun into the first row under it, on its first line's level or lower: read there, they were glued into that
    row's cells (交通运输行政处罚准, 准超限运输车辆行驶公路许可, 交通运准输行政处罚 where the glyphs overprint; overrun_sweep:
    none of the 44 prints of a two-row header in a named Noto font read right). The header's text on the first page
    says what was cut: those lines are taken out of the cells under it, and the header printed again reads whole."""
    rows, grid = cut_header_print(tmp_path, True, font, spacing)
    body = {}
    for row in grid.rows:
        texts = [re.sub(r"\s+", "", c.text) for c in row]
        if texts[0].isdigit():
            body.setdefault(texts[0], texts)
    assert list(body.values()) == [[re.sub(r"\s+", "", v) for v in row] for row in rows]
