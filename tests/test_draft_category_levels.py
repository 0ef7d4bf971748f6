"""The draft of a catalogue whose hierarchy is written as numbered section rows inside its table (一、民生保障,
then （一）社会救助, （二）就业服务 …, then the items 1. 2. …), no level naming a body or a disclosure type: it
proposes `titles` as two category levels, outer first. It proposed one rule, and every item lost its first
level (民生保障). Files built in code: an Excel sheet (the section's words in a cell merged across the row) and
a Word table (the same, merged after the number)."""
from __future__ import annotations

import docx
import openpyxl
import pytest

from .test_wordings import drafted

HEADER = ["序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开方式"]
TREE = [("一、", "民生保障", [("（一）", "社会救助", ["低保审核", "临时救助"]), ("（二）", "就业服务", ["岗位信息"])]),
        ("二、", "城市管理", [("（一）", "市容环境", ["环境整治", "违建查处"]), ("（二）", "安全生产", ["安全检查"])])]
WANT = [(name, [first, second]) for _, first, seconds in TREE for _, second, names in seconds for name in names]


def rows():
    """(number, words) for a section row, the cells of an item row otherwise."""
    for n1, first, seconds in TREE:
        yield (n1, first)
        for n2, second, names in seconds:
            yield (n2, second)
            for i, name in enumerate(names, 1):
                yield [f"{i}.", name, f"{name}结果", "《中华人民共和国政府信息公开条例》", "实时", "某街道办事处",
                       "政府网站", "主动公开"]


def xlsx(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某街道办事处政务公开事项目录"])
    ws.append(HEADER)
    for row in rows():
        ws.append(list(row))
        if isinstance(row, tuple):
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=len(HEADER))
    wb.save(tmp_path / "jd.xlsx")
    return "jd.xlsx"


def word(tmp_path):
    d = docx.Document()
    d.add_paragraph("某街道办事处政务公开事项目录")
    body = list(rows())
    t = d.add_table(rows=len(body) + 1, cols=len(HEADER))
    for j, h in enumerate(HEADER):
        t.cell(0, j).text = h
    for i, row in enumerate(body, 1):
        if isinstance(row, tuple):
            t.cell(i, 0).text = row[0]
            t.cell(i, 1).merge(t.cell(i, len(HEADER) - 1)).text = row[1]
        else:
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    d.save(tmp_path / "jd.docx")
    return "jd.docx"


@pytest.mark.parametrize("make", [xlsx, word], ids=["xlsx", "docx"])
def test_two_levels_of_numbered_section_rows_are_two_category_levels(make, tmp_path):
    cat, text = drafted(tmp_path, make(tmp_path))
    assert [(r.name, r.category) for r in cat.records] == WANT, text
    levels = text.split("titles:", 1)[1].split("\n", 1)[1].splitlines()
    assert levels[0].startswith("  - role: category") and "# guess:" in levels[0], text
    assert levels[2].startswith("  - role: category") and "# guess:" in levels[2], text


def test_section_rows_naming_disclosure_types_keep_one_rule(tmp_path):
    """一、主动公开事项 over （一）… : the outer level names a type, which the title gives; no category levels."""
    global TREE
    saved = TREE
    TREE = [("一、", "主动公开事项", saved[0][2]), ("二、", "依申请公开事项", saved[1][2])]
    try:
        cat, text = drafted(tmp_path, xlsx(tmp_path))
    finally:
        TREE = saved
    assert "  - role: category" not in text, text
