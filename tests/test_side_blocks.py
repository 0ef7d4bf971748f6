"""Blocks of a catalogue side by side in one table: one domain's items in columns A:E, another's in G:K under
the same header (or a 依申请公开 block with fewer columns), one empty column between them or none, starting on
one row or not, a title over each or one across both; in an Excel sheet, a web page's table, a Word table. Each
is read with its draft, unedited (mappings/readers/assemble.py `side_by_side`; mappings/draft.py `find_header`).
The second block's items were lost without a word (or their cells joined to the first block's rows)."""
from __future__ import annotations

import docx
import openpyxl
import pytest

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.readers import ReadError

from .conftest import BASE
from . import libreoffice
from .officefiles import labels
from .test_wordings import drafted

HEAD = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体"]
LEFT = [["1", "机构信息", "机构职能", "街道职能、内设机构", "20个工作日内", "某街道办事处"],
        ["2", "机构信息", "领导信息", "领导姓名、职务", "20个工作日内", "某街道办事处"],
        ["3", "城市管理", "行政处罚", "处罚决定书", "7个工作日内", "某街道办事处"]]
RIGHT = [["4", "社会救助", "最低生活保障", "低保对象名单", "每月10日前", "某街道办事处"],
         ["5", "社会救助", "临时救助", "救助对象、救助金额", "实时", "某街道办事处"]]
WANT = [(r[2], r[1], r[3]) for r in LEFT + RIGHT]


def sheet(path, blocks, merges=()):
    """An Excel sheet holding each block (first row, first column, rows) where it says; `merges` merged."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录"
    for r0, c0, rows in blocks:
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v:
                    ws.cell(r0 + r, c0 + c, v)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)


def read(cat):
    return [(r.name, r.category[0] if r.category else "", r.content) for r in cat.records]


def merged_down(rows):
    """The block's rows with each 一级事项 printed once, over the rows of its category (the merges: B2:B3 …)."""
    out = [list(r) for r in rows]
    for k in range(1, len(out)):
        if out[k][1] == rows[k - 1][1]:
            out[k][1] = ""
    return out


LAYOUTS = {
    # one empty column between the blocks, 一级事项 merged within each (机构信息 over B2:B3)
    "gap": ([(1, 1, [HEAD] + merged_down(LEFT)), (1, 8, [HEAD] + merged_down(RIGHT))], ["B2:B3", "I2:I3"]),
    # no empty column: the header's first wording printed again starts the second block
    "no gap": ([(1, 1, [HEAD] + LEFT), (1, 7, [HEAD] + RIGHT)], []),
    # a title over each block, merged across it, the second two rows lower
    "titles, rows apart": ([(1, 1, [["一、机构信息及城市管理"], HEAD] + LEFT), (3, 8, [["二、社会救助"], HEAD] + RIGHT)],
                           ["A1:F1", "H3:M3"]),
    # no empty column, the second block lower than the first, a title over it
    "no gap, rows apart": ([(1, 1, [HEAD] + LEFT), (2, 7, [["二、社会救助"], HEAD] + RIGHT)], ["G2:L2"]),
    # one title merged across both blocks; the right block the longer
    "one title across": ([(1, 1, [["某街道政府信息公开目录"]]), (2, 1, [HEAD] + RIGHT), (2, 8, [HEAD] + LEFT)], ["A1:M1"]),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_blocks_side_by_side_on_a_sheet_are_each_read(layout, tmp_path):
    blocks, merges = LAYOUTS[layout]
    sheet(tmp_path / "side.xlsx", blocks, merges)
    cat, text = drafted(tmp_path, "side.xlsx")
    want = WANT if layout != "one title across" else [(r[2], r[1], r[3]) for r in RIGHT + LEFT]
    assert read(cat) == want, text
    # the draft's columns are one block's: no second 序号, 二级事项 … column
    assert text.count("header: [序号") == 1, text


def test_three_blocks_side_by_side(tmp_path):
    third = [["6", "财政信息", "部门预算", "预算报告", "批复后20日内", "某街道办事处"]]
    sheet(tmp_path / "three.xlsx", [(1, 1, [HEAD] + LEFT), (1, 8, [HEAD] + RIGHT), (1, 15, [HEAD] + third)])
    cat, text = drafted(tmp_path, "three.xlsx")
    assert read(cat) == WANT + [("部门预算", "财政信息", "预算报告")], text


def test_a_block_with_columns_of_its_own_beside_the_first(tmp_path):
    """一、主动公开 in A:F, 二、依申请公开 beside it with 受理科室 where the first has 公开主体 and 办理时限 for 公开时限:
    each lined up by its header."""
    head2 = ["序号", "一级事项", "二级事项", "公开内容", "办理时限", "受理科室"]
    right = [["1", "社会救助", "临时救助", "救助对象、救助金额", "15个工作日", "社会事务办"]]
    sheet(tmp_path / "two.xlsx", [(1, 1, [["一、主动公开目录"], HEAD] + LEFT), (1, 8, [["二、依申请公开目录"], head2] + right)],
          ["A1:F1", "H1:M1"])
    cat, text = drafted(tmp_path, "two.xlsx")
    assert read(cat) == WANT[:3] + [("临时救助", "社会救助", "救助对象、救助金额")], text
    last = cat.records[-1]
    assert (last.time_limit.text, last.responsible_unit, labels(last.disclosure_type)) == \
        ("15个工作日", "社会事务办", ["依申请公开"]), text


def test_a_mapping_of_the_first_block_reads_the_second(tmp_path):
    """A mapping written for the columns of one block (as the header reads) reads the block beside it too."""
    sheet(tmp_path / "x.xlsx", [(1, 1, [HEAD] + LEFT), (1, 8, [HEAD] + RIGHT)])
    (tmp_path / "m.yaml").write_text(
        "catalogue: {id: x, source: x.xlsx}\nagency: {id: x, name: 某街道办事处}\nreader: xlsx\ncolumns:\n"
        + "".join(f"  - {{role: {role}, header: [{h}]}}\n"
                  for role, h in zip(["seq", "category", "name", "content", "time_limit", "subject"], HEAD)),
        encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)
    assert read(cat) == WANT
    assert [r.seq for r in cat.records] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("gap", [True, False])
def test_blocks_side_by_side_in_a_web_table(gap, tmp_path):
    blank = [""] * len(HEAD)
    left, right = [HEAD] + LEFT, [HEAD] + RIGHT
    rows = [left[i] + ([""] if gap else []) + (right[i] if i < len(right) else blank) for i in range(len(left))]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    (tmp_path / "side.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某街道政府信息公开目录</p>'
                                        f"<table border=1>{body}</table></body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "side.html")
    assert read(cat) == WANT, text


def word_table(path, rows: list[list[str]], title: str = "") -> None:
    """A Word document holding one table of these rows, under the title when one is given."""
    d = docx.Document()
    if title:
        d.add_paragraph(title)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(path)


def test_blocks_side_by_side_in_a_word_table(tmp_path):
    blank = [""] * len(HEAD)
    left, right = [HEAD] + LEFT, [HEAD] + RIGHT
    rows = [left[i] + [""] + (right[i] if i < len(right) else blank) for i in range(len(left))]
    word_table(tmp_path / "side.docx", rows, "某街道政府信息公开目录")
    cat, text = drafted(tmp_path, "side.docx")
    assert read(cat) == WANT, text


def test_a_legend_beside_the_catalogue_is_no_block(tmp_path):
    """A two-column 序号 | 说明事项 box beside the table, after an empty column: no items from it, none lost."""
    legend = [["序号", "说明事项"], ["1", "公开方式分主动公开和依申请公开"], ["2", "咨询电话工作日可拨打"]]
    sheet(tmp_path / "legend.xlsx", [(1, 1, [HEAD] + LEFT + RIGHT), (1, 8, legend)])
    cat, text = drafted(tmp_path, "legend.xlsx")
    assert read(cat) == WANT, text


def test_the_offices_phones_beside_the_catalogue_are_no_fields_of_its_items(tmp_path):
    """科室 | 联系电话 | 地址 beside the table under a title 联系方式: no items from it, and its phones are not the
    phones of the items printed on the same rows (they were: the draft made its columns the items' phones)."""
    head = HEAD + ["咨询电话"]
    rows = [r + ["0571-86010001"] for r in LEFT + RIGHT]
    box = [["联系方式"], ["科室", "联系电话", "地址"], ["党政办", "0571-86010009", "某某路1号"]]
    sheet(tmp_path / "phones.xlsx", [(1, 1, [head] + rows), (1, 9, box)], ["I1:K1"])
    cat, text = drafted(tmp_path, "phones.xlsx")
    assert read(cat) == WANT, text
    assert [r.phones for r in cat.records] == [["0571-86010001"]] * 5, text


def test_columns_repeating_the_header_beside_it_are_told(tmp_path):
    """序号 | 二级事项 printed again beside the table, with no header of their own (an index of the items): not
    read as the items' 序号 and names (the draft named the items from it), and told."""
    index = [["序号", "二级事项"], ["1", "机构职能"], ["2", "领导信息"]]
    sheet(tmp_path / "index.xlsx", [(1, 1, [HEAD] + LEFT + RIGHT), (1, 8, index)])
    cat, text = drafted(tmp_path, "index.xlsx")
    assert read(cat) == WANT, text
    assert any("columns 8-9 repeat the header's wordings (序号, 二级事项)" in w for w in cat.warnings), cat.warnings


def test_one_table_parted_by_an_empty_column_is_one_table(tmp_path):
    """An empty column inside a table (its header blank too), the same rows filled on both sides: one table."""
    rows = [r[:3] + [""] + r[3:] for r in [HEAD] + LEFT + RIGHT]
    sheet(tmp_path / "one.xlsx", [(1, 1, rows)])
    cat, text = drafted(tmp_path, "one.xlsx")
    assert read(cat) == WANT, text
    assert [r.time_limit.text for r in cat.records] == [r[4] for r in LEFT + RIGHT], text


def test_blocks_side_by_side_under_two_row_headers(tmp_path):
    """Each block's header of two rows, 公开对象 over 全社会 | 特定群众 ticked: each block read under its own."""
    up = ["序号", "一级事项", "二级事项", "公开内容", "公开对象", ""]
    down = ["", "", "", "", "全社会", "特定群众"]
    left = [r[:4] + ["√", ""] for r in LEFT]
    right = [r[:4] + ["", "√"] for r in RIGHT]
    merges = [f"{c}1:{c}2" for c in "ABCDHIJK"] + ["E1:F1", "L1:M1"]
    sheet(tmp_path / "two.xlsx", [(1, 1, [up, down] + left), (1, 8, [up, down] + right)], merges)
    cat, text = drafted(tmp_path, "two.xlsx")
    assert read(cat) == WANT, text
    assert [labels(r.audience) for r in cat.records] == [["全社会"]] * 3 + [["特定群众"]] * 2, text


# -- provenance and overrides of the blocks' items ---------------------------------------------------------
# A block's item was said to come from the sheet's whole row (A2:M2) and an override of its row hit the item of
# the block on its left, whatever was meant: each item now names its own cells, each field its cell, and an
# override names its block.

MAPPING = ("catalogue: {id: x, source: SOURCE}\nagency: {id: x, name: 某街道办事处}\nreader: READER\ncolumns:\n"
           + "".join(f"  - {{role: {role}, header: [{h}]}}\n"
                     for role, h in zip(["seq", "category", "name", "content", "time_limit", "subject"], HEAD)))


def blocks_read(tmp_path, source: str, overrides: str = ""):
    reader = source.rsplit(".", 1)[1].replace("txt", "tsv")
    (tmp_path / "m.yaml").write_text(MAPPING.replace("SOURCE", source).replace("READER", reader) + overrides,
                                     encoding="utf-8")
    return read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)


def test_an_item_of_a_block_on_a_sheet_names_its_own_cells(tmp_path):
    sheet(tmp_path / "x.xlsx", [(1, 1, [HEAD] + merged_down(LEFT)), (1, 8, [HEAD] + merged_down(RIGHT))],
          ["B2:B3", "I2:I3"])
    cat = blocks_read(tmp_path, "x.xlsx")
    assert [r.source_fragment for r in cat.records] == [
        "sheet=目录&range=A2:F2", "sheet=目录&range=A3:F3", "sheet=目录&range=A4:F4",
        "sheet=目录&range=H2:M2", "sheet=目录&range=H3:M3"]
    # the rows are shared: items.csv says which cells (not row 2 for two items)
    assert [r.source_lines for r in cat.records][::3] == ["sheet=目录&range=A2:F2", "sheet=目录&range=H2:M2"]
    right = dict(cat.records[4].cells)
    # 社会救助 merged over I2:I3: the field's cell is the merge's
    assert (right["name"], right["category"], right["time_limit"]) == \
        ("sheet=目录&range=J3", "sheet=目录&range=I2", "sheet=目录&range=L3")
    assert dict(cat.records[1].cells)["content"] == "sheet=目录&range=D3"


def test_an_override_names_the_block_of_its_row(tmp_path):
    sheet(tmp_path / "x.xlsx", [(1, 1, [HEAD] + LEFT), (1, 8, [HEAD] + RIGHT)])
    fix = "overrides:\n  - {line: 3, cells: {time_limit: 每月}, reason: r, block: BLOCK}\n"
    cat = blocks_read(tmp_path, "x.xlsx", fix.replace("BLOCK", "2"))
    assert [r.time_limit.text for r in cat.records] == ["20个工作日内"] * 2 + ["7个工作日内", "每月10日前", "每月"]
    cat = blocks_read(tmp_path, "x.xlsx", fix.replace("BLOCK", "1"))
    assert [r.time_limit.text for r in cat.records][1] == "每月"
    assert not any("blocks side by side" in w for w in cat.warnings), cat.warnings
    # without `block`, as before: the leftmost, told
    cat = blocks_read(tmp_path, "x.xlsx", fix.replace(", block: BLOCK", ""))
    assert [r.time_limit.text for r in cat.records][1] == "每月"
    assert any("names a row of 2 blocks side by side (block 1: columns 1-6, block 2: columns 8-13): applied to the "
               "leftmost" in w for w in cat.warnings), cat.warnings
    # a row the block does not have: an error naming the blocks
    with pytest.raises(ReadError, match=r"names block 2 at a line no row of that block holds; the table has "
                                        r"block 1 \(columns 1-6\), block 2 \(columns 8-13\)"):
        blocks_read(tmp_path, "x.xlsx", fix.replace("line: 3", "line: 4").replace("BLOCK", "2"))


def _table_rows(gap: bool = True) -> list[list[str]]:
    blank = [""] * len(HEAD)
    left, right = [HEAD] + LEFT, [HEAD] + RIGHT
    return [left[i] + ([""] if gap else []) + (right[i] if i < len(right) else blank) for i in range(len(left))]


def _word(path):
    word_table(path, _table_rows())


def _web(path):
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in _table_rows())
    path.write_text(f'<html><head><meta charset="utf-8"></head><body><table border=1>{body}</table></body></html>',
                    encoding="utf-8")


@pytest.mark.parametrize("source, write", [("x.docx", _word), ("x.html", _web)])
def test_an_item_of_a_block_in_a_table_names_its_columns(source, write, tmp_path):
    write(tmp_path / source)
    cat = blocks_read(tmp_path, source, "overrides:\n  - {line: 2, cells: {name: 低保}, reason: r, block: 2}\n")
    assert [r.source_fragment for r in cat.records] == [
        "table=1&row=2&col=1-6", "table=1&row=3&col=1-6", "table=1&row=4&col=1-6",
        "table=1&row=2&col=8-13", "table=1&row=3&col=8-13"]
    assert cat.records[3].source_label == "表1 第2行 第8-13列"
    assert (cat.records[0].name, cat.records[3].name) == ("机构职能", "低保")
    assert dict(cat.records[3].cells)["content"] == "table=1&row=2&col=11"


def test_blocks_side_by_side_in_a_text_copy_keep_their_lines_and_blocks(tmp_path):
    """A tab-separated copy of the sheet: lines cannot name columns (RFC 5147), the override's block can."""
    (tmp_path / "x.txt").write_text("\n".join("\t".join(r) for r in _table_rows()) + "\n", encoding="utf-8")
    cat = blocks_read(tmp_path, "x.txt", "overrides:\n  - {line: 2, cells: {name: 低保}, reason: r, block: 2}\n")
    assert [(r.name, r.source_lines) for r in cat.records] == [
        ("机构职能", "2"), ("领导信息", "3"), ("行政处罚", "4"), ("低保", "2"), ("临时救助", "3")]
    assert [r.columns for r in cat.records] == [(1, 6)] * 3 + [(8, 13)] * 2


@pytest.mark.parametrize("to", ["xls", "ods", "pdf"])
def test_an_item_of_a_block_converted_by_libreoffice_names_its_cells(to, tmp_path):
    """The sheet saved as Excel 97-2003 or OpenDocument, the Word table printed to PDF: the same provenance."""
    libreoffice.require()
    if to == "pdf":
        _word(tmp_path / "x.docx")
        libreoffice.convert(tmp_path / "x.docx", "pdf", ".pdf")
    else:
        sheet(tmp_path / "x.xlsx", [(1, 1, [HEAD] + LEFT), (1, 8, [HEAD] + RIGHT)])
        libreoffice.convert(tmp_path / "x.xlsx", to, f".{to}")
    cat = blocks_read(tmp_path, f"x.{to}", "overrides:\n  - {line: 2, cells: {name: 低保}, reason: r, block: 2}\n")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "行政处罚", "低保", "临时救助"]
    # (a PDF's columns are those its text shows: the empty one between the blocks is none)
    right = "page=1&table=1&row=2&col=7-12" if to == "pdf" else "sheet=目录&range=H2:M2"
    assert (cat.records[0].source_fragment.replace("A2:F2", "x"), cat.records[3].source_fragment) == \
        ("page=1&table=1&row=2&col=1-6" if to == "pdf" else "sheet=目录&range=x", right)
    assert dict(cat.records[3].cells)["seq"] == right.replace(":M2", "").replace("-12", "")
