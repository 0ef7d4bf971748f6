"""Catalogues laid out in Word with Table Grid's rules, printed to PDF by LibreOffice Writer and read back cell by
cell (mappings/readers/pdf.py): what the rules and the lines' positions must tell. Printed by real office software."""
from __future__ import annotations

import re

from docx.shared import Pt

from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.pdf import read_pdf

from .libreoffice import convert, require, word_catalogue

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
