"""Documents of several tables (one per 领域, per office, a 主动公开 and a 依申请公开 table) whose headers are not
all the first one's: another wording, one header row where the first has two, 公开对象 in words where the first
ticks 全社会 | 特定群众, columns in another order, a column of one table only. Each is read with its draft,
unedited (mappings/draft.py `other_headers`; mappings/readers/assemble.py `header_depth`; records.HeaderProbe.align).
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from zwgk.mappings.readers.base import Cell

from .officefiles import labels
from .test_wordings import drafted

TOP = ["序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
       "公开对象", "公开对象", "公开方式", "公开方式"]
LEAF = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "全社会", "特定群众", "主动", "依申请"]
MERGES = [(0, 0, 1, 0), (0, 1, 0, 2)] + [(0, c, 1, c) for c in range(3, 8)] + [(0, 8, 0, 9), (0, 10, 0, 11)]


def ticked(n: int, first: str, name: str, specific: bool = False) -> list[str]:
    return [str(n), first, name, f"{name}的内容", "《中华人民共和国政府信息公开条例》第二十条", "信息形成之日起20个工作日内",
            "某镇人民政府", "政府网站、信息公告栏", "" if specific else "√", "√" if specific else "",
            "" if specific else "√", "√" if specific else ""]


def add_table(d, rows: list[list[str]], merges=()) -> None:
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) not in covered:
                t.cell(r, c).text = text
    for r1, c1, r2, c2 in merges:
        text = rows[r1][c1]
        t.cell(r1, c1).merge(t.cell(r2, c2)).text = text


def two_domains(path: Path, second: tuple) -> Path:
    d = docx.Document()
    d.add_paragraph("某县某镇基层政务公开标准目录")
    d.add_paragraph("一、社会救助领域基层政务公开标准目录")
    add_table(d, [TOP, LEAF, ticked(1, "最低生活保障", "办事指南"), ticked(2, "最低生活保障", "审核结果", True)], MERGES)
    d.add_paragraph("二、公共文化服务领域基层政务公开标准目录")
    add_table(d, *second)
    d.save(path)
    return path


WORDS = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]


def worded(n: int, name: str, audience: str, kind: str) -> list[str]:
    return [str(n), "群众文化活动", name, f"{name}的内容", "《中华人民共和国公共文化服务保障法》第二十七条", "活动前5个工作日",
            "某镇综合文化站", "政务微信", audience, kind]


@pytest.mark.parametrize("second", [
    # another wording (公开内容 for 公开内容（要素）), the same two header rows
    ([[*TOP[:3], "公开内容", *TOP[4:]], [*LEAF[:3], "公开内容", *LEAF[4:]],
      ticked(1, "群众文化活动", "活动预告"), ticked(2, "群众文化活动", "活动成果", True)], MERGES),
    # one header row (the leaf wordings) under the first table's two
    ([LEAF, ticked(1, "群众文化活动", "活动预告"), ticked(2, "群众文化活动", "活动成果", True)],),
    # one header row, 公开对象 / 公开方式 in words (as the guideline prints that domain)
    ([WORDS, worded(1, "活动预告", "全社会", "主动"), worded(2, "活动成果", "特定群众", "依申请")],),
], ids=["wording", "one-row", "words"])
def test_tables_of_one_document_headed_otherwise(second, tmp_path):
    """Each was not read at all (the draft kept the first table's header only: 'column 4 (content) should be
    headed …', '… has 10 columns, the mapping declares 12', or the second table's first item taken for a
    second header row)."""
    two_domains(tmp_path / "jd.docx", second)
    cat, text = drafted(tmp_path, "jd.docx")
    assert [(r.category, r.name) for r in cat.records] == [
        (["社会救助", "最低生活保障"], "办事指南"), (["社会救助", "最低生活保障"], "审核结果"),
        (["公共文化服务", "群众文化活动"], "活动预告"), (["公共文化服务", "群众文化活动"], "活动成果")], text
    assert [labels(r.audience + r.disclosure_type) for r in cat.records] == [
        ["全社会", "主动公开"], ["特定群众", "依申请公开"]] * 2, text
    assert all(r.content == f"{r.name}的内容" and r.legal_basis for r in cat.records)
    if "公开内容" in second[0][-1] or "公开内容" in second[0][0]:
        assert "header: [公开内容（要素）, 公开内容]" in text


def test_a_table_with_columns_in_another_order_lacking_some(tmp_path):
    """A 主动公开 table and a 依申请公开 table whose columns are fewer, in another order and worded as such tables
    word them (受理科室 before 办理时限, for 责任科室 and 公开时限): each is read by its headers (the second was
    refused: its columns, in another order, lacked one)."""
    d = docx.Document()
    d.add_paragraph("某区市场监督管理局政府信息公开目录")
    d.add_paragraph("一、主动公开目录")
    add_table(d, [["序号", "一级类别", "信息名称", "公开内容", "公开依据", "公开时限", "责任科室", "公开渠道"],
                  ["1", "机构信息", "机构职能", "主要职责", "《中华人民共和国政府信息公开条例》", "20个工作日内", "办公室", "政府网站"],
                  ["2", "机构信息", "领导信息", "领导姓名", "《中华人民共和国政府信息公开条例》", "20个工作日内", "办公室", "政府网站"]])
    d.add_paragraph("二、依申请公开目录")
    add_table(d, [["序号", "信息名称", "公开内容", "公开依据", "受理科室", "办理时限"],
                  ["1", "行政处罚案卷", "处罚决定书", "《中华人民共和国行政处罚法》", "执法稽查科", "收到申请之日起20个工作日内"]])
    d.save(tmp_path / "scjg.docx")
    cat, text = drafted(tmp_path, "scjg.docx")
    got = [(r.name, r.responsible_unit, r.time_limit.text) for r in cat.records]
    assert got == [("机构职能", "办公室", "20个工作日内"), ("领导信息", "办公室", "20个工作日内"),
                   ("行政处罚案卷", "执法稽查科", "收到申请之日起20个工作日内")], text
    assert any("table 2 has no column" in w for w in cat.warnings)


def test_a_table_of_contents_before_the_catalogue(tmp_path):
    """A web page listing its tables first (目录 merged over the links): no catalogue table (its one
    wording was counted once per cell it spans, and its links read as the items), and the page's title
    above it is the catalogue's (the title was the line between the contents and the first table)."""
    rows = "".join(f'<tr><td><a href="#t{k}">{k}、{name}</a></td><td>{n}项</td><td>第{k}页</td></tr>'
                   for k, (name, n) in enumerate([("办公室", 2), ("医政医管科", 1)], 1))
    header = ("<tr><td>序号</td><td>一级类别</td><td>二级类别</td><td>公开内容</td><td>公开时限</td></tr>")
    page = ('<html><head><meta charset="utf-8"></head><body><p>某区卫生健康委员会政府信息公开目录</p>'
            f'<table border=1><tr><td colspan=3>目录</td></tr>{rows}</table>'
            f'<p>一、办公室</p><table border=1>{header}<tr><td>1</td><td>机构信息</td><td>机构职能</td>'
            '<td>主要职责</td><td>20个工作日内</td></tr><tr><td>2</td><td>机构信息</td><td>领导信息</td>'
            '<td>领导姓名</td><td>20个工作日内</td></tr></table>'
            f'<p>二、医政医管科</p><table border=1>{header}<tr><td>1</td><td>行政许可</td><td>医疗机构执业登记</td>'
            '<td>登记结果</td><td>20个工作日内</td></tr></table></body></html>')
    (tmp_path / "wjw.html").write_text(page, encoding="utf-8")
    cat, text = drafted(tmp_path, "wjw.html")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "医疗机构执业登记"], text
    assert cat.mapping.title == "某区卫生健康委员会政府信息公开目录"
    assert "tables: [2, 3]" in text


def test_a_word_table_of_contents_with_its_pages_before_the_catalogue(tmp_path):
    """目  录 over 序号 | 目录名称 | 页码 before the catalogue's table: 目录名称 names items, yet a table of the
    pages they stand on is no catalogue (the draft took its header, and its own read failed: 'column 2 (name)
    should be headed … found 一级事项')."""
    d = docx.Document()
    d.add_paragraph("某镇政务公开事项目录")
    d.add_paragraph("目  录")
    add_table(d, [["序号", "目录名称", "页码"], ["1", "机构信息", "2"], ["2", "社会救助", "3"]])
    d.add_paragraph("正文")
    add_table(d, [["序号", "一级事项", "二级事项", "公开内容", "公开时限"], ["1", "机构信息", "机构职能", "内容", "20个工作日内"],
                  ["2", "社会救助", "低保", "内容", "20个工作日内"]])
    d.save(tmp_path / "toc.docx")
    cat, text = drafted(tmp_path, "toc.docx")
    assert [(r.category, r.name) for r in cat.records] == [(["机构信息"], "机构职能"), (["社会救助"], "低保")], text


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_table_of_the_offices_phones_beside_the_catalogue(where, tmp_path):
    """The 编制说明 before the catalogue, or 附：各科室联系方式 after it, holds a table of the offices: 序号 | 科室 |
    负责事项 | 联系电话 | 办公地点, two header wordings known. Before, it was taken for the catalogue (its offices
    read as the items, the catalogue left out without a word); after, its columns were added to the
    catalogue's as 'only in table 2', 办公地点 a second name column, and the draft was refused. A header
    naming no items (no 事项名称, 一级事项, 公开内容 …) is none of the catalogue's."""
    d = docx.Document()
    contacts = [["序号", "科室", "负责事项", "联系电话", "办公地点"], ["1", "办公室", "机构信息、财务信息", "0571-1", "三楼"],
                ["2", "社会事务科", "社会救助、养老服务", "0571-2", "二楼"]]
    catalogue = [["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限"]] + [
        [str(k), "机构信息", f"事项{k}", "内容", "《中华人民共和国政府信息公开条例》", "20个工作日内"] for k in (1, 2, 3)]
    d.add_paragraph("某街道办事处政务公开目录")
    if where == "before":
        d.add_paragraph("编制说明")
        add_table(d, contacts)
    d.add_paragraph("政务公开事项")
    add_table(d, catalogue)
    if where == "after":
        d.add_paragraph("附：各科室联系方式")
        add_table(d, contacts)
    d.save(tmp_path / "jd.docx")
    cat, text = drafted(tmp_path, "jd.docx")
    assert [(r.seq, r.name, r.category) for r in cat.records] == [(str(k), f"事项{k}", ["机构信息"]) for k in (1, 2, 3)], text
    assert "办公地点" not in text


@pytest.mark.parametrize("heading", ["一、{}", "（一）{}", "第一部分 {}"])
def test_one_table_per_first_level_whose_header_only_the_first_prints(heading, tmp_path):
    """One Word table per 一级事项 under a numbered heading, the header row in the first table only (Word's 拆分表格
    and a heading typed between): the others go on with it, each under its heading, its category. Tables 2
    and 3 were left out without a word (2 of 6 items read); a mapping naming them failed ('no row matches')."""
    numbers = "一二三"
    d = docx.Document()
    d.add_paragraph("某局政务公开事项目录")
    n = 0
    for k, first in enumerate(("机构信息", "政策文件", "行政许可")):
        d.add_paragraph(heading.replace("一", numbers[k]).format(first))
        rows = [["序号", "事项名称", "公开内容", "公开时限"]] if k == 0 else []
        for j in (1, 2):
            n += 1
            rows.append([str(n), f"{first}{j}", "内容", "20个工作日内"])
        add_table(d, rows)
    d.add_paragraph("注：本目录动态调整。")
    d.save(tmp_path / "split.docx")
    cat, text = drafted(tmp_path, "split.docx")
    assert [(r.seq, r.name, r.category) for r in cat.records] == [
        (str(k * 2 + j), f"{first}{j}", [first]) for k, first in enumerate(("机构信息", "政策文件", "行政许可"))
        for j in (1, 2)], text


def test_tables_titled_as_catalogues_over_their_own_first_level(tmp_path):
    """一、自然资源领域基层政务公开标准目录 over one table, 二、其他政府信息公开目录 over another, each with its
    一级事项 column: the titles name catalogues, not a category level (the draft made them the first level:
    ['其他政府信息公开目录', '机构信息'])."""
    d = docx.Document()
    d.add_paragraph("某县自然资源局政务公开目录")
    for k, (title, first) in enumerate([("一、自然资源领域基层政务公开标准目录", "国土空间规划"),
                                        ("二、其他政府信息公开目录", "机构信息")]):
        d.add_paragraph(title)
        add_table(d, [["序号", "一级事项", "二级事项", "公开内容", "公开时限"],
                      [str(2 * k + 1), first, f"{first}甲", "内容", "20个工作日内"],
                      [str(2 * k + 2), first, f"{first}乙", "内容", "20个工作日内"]])
    d.save(tmp_path / "zrzy.docx")
    cat, text = drafted(tmp_path, "zrzy.docx")
    assert [r.category for r in cat.records] == [["国土空间规划"]] * 2 + [["机构信息"]] * 2, text


@pytest.mark.parametrize("title_row", ["某镇人民政府政务公开事项目录——{}", "{}", None])
def test_one_sheet_per_first_level(title_row, tmp_path):
    """A workbook of one sheet per 一级事项 (机构信息, 政策文件 …), no column of it: each sheet's title (the part
    after the words all titles share) or, with no title row, the sheet's name is its items' category. Every
    item had none: no titles were drafted, and a sheet's name was never a title. The catalogue's title is
    what the titles share (it was the first sheet's, ——机构信息 and all)."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    n = 0
    for sheet in ("机构信息", "政策文件", "财政信息"):
        ws = wb.create_sheet(sheet)
        if title_row:
            ws.append([title_row.format(sheet)])
        ws.append(["序号", "事项名称", "公开内容", "公开时限"])
        for k in (1, 2):
            n += 1
            ws.append([n, f"{sheet}{k}", "内容", "20个工作日内"])
    wb.save(tmp_path / "zf.xlsx")
    cat, text = drafted(tmp_path, "zf.xlsx")
    assert [(r.name, r.category) for r in cat.records] == [
        (f"{sheet}{k}", [sheet]) for sheet in ("机构信息", "政策文件", "财政信息") for k in (1, 2)], text
    if title_row and "——" in title_row:
        assert cat.mapping.title == "某镇人民政府政务公开事项目录"


def test_default_sheet_names_are_no_titles(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for k, sheet in enumerate(("Sheet1", "Sheet2")):
        ws = wb.create_sheet(sheet)
        ws.append(["序号", "事项名称", "公开内容", "公开时限"])
        ws.append([k + 1, f"事项{k}", "内容", "20个工作日内"])
    wb.save(tmp_path / "plain.xlsx")
    cat, text = drafted(tmp_path, "plain.xlsx")
    assert [(r.name, r.category) for r in cat.records] == [("事项0", []), ("事项1", [])], text
    assert "titles:" not in text


@pytest.mark.parametrize("title_merge", ["A6:E6", "A6:D6", None])
def test_two_blocks_of_one_sheet_with_their_own_columns(title_merge, tmp_path):
    """一、主动公开事项 and its table, blank rows, 二、依申请公开事项 (merged across the row, or over fewer columns
    than the table has) and a table with columns of its own (受理科室, 申请方式), on one sheet: two blocks, each
    lined up by its header, the second's columns in the draft. The read stopped ('column 4 (time_limit) should be
    headed ['公开时限'], found '受理科室'')."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["某区市场监督管理局政府信息公开目录"])
    ws.append(["一、主动公开事项"])
    ws.append(["序号", "事项名称", "公开内容", "公开时限", "公开渠道"])
    ws.append([1, "机构职能", "内设机构", "20个工作日内", "政府网站"])
    ws.append([2, "行政处罚", "处罚决定", "7个工作日内", "政府网站"])
    ws.append(["二、依申请公开事项"])
    ws.append(["序号", "事项名称", "公开内容", "受理科室", "申请方式"])
    ws.append([1, "企业登记档案", "原始档案", "登记注册股", "当面、邮寄"])
    ws.insert_rows(6, 2)            # two blank rows between the blocks
    if title_merge:
        ws.merge_cells(title_merge.replace("6", "8"))
    wb.save(tmp_path / "blocks.xlsx")
    cat, text = drafted(tmp_path, "blocks.xlsx")
    assert [(r.name, r.time_limit.text if r.time_limit else "", r.responsible_unit, labels(r.disclosure_type))
            for r in cat.records] == [("机构职能", "20个工作日内", "", ["主动公开"]), ("行政处罚", "7个工作日内", "", ["主动公开"]),
                                      ("企业登记档案", "", "登记注册股", ["依申请公开"])], text
    assert cat.records[2].source_fragment.endswith("A10:E10")


def test_a_table_split_by_a_page_break_with_its_header_copied(tmp_path):
    """A Word table split at a page break, its header row copied over the second part, nothing between them but
    the break: the second part is the first's rest, and the 一级事项 merge the split cut (学生资助 over 资助政策 /
    受助名单) goes on across it (受助名单 had no category, with a warning)."""
    from docx.enum.text import WD_BREAK
    header = ["序号", "一级事项", "二级事项", "公开内容", "公开时限"]
    d = docx.Document()
    d.add_paragraph("某区教育局政务公开事项目录")
    add_table(d, [header, ["1", "招生入学", "招生政策", "内容", "20个工作日内"],
                  ["2", "学生资助", "资助政策", "内容", "20个工作日内"]])
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_table(d, [header, ["3", "", "受助名单", "内容", "20个工作日内"], ["4", "教师管理", "教师招聘", "内容", "20个工作日内"]])
    d.save(tmp_path / "split.docx")
    cat, text = drafted(tmp_path, "split.docx")
    assert [(r.name, r.category) for r in cat.records] == [("招生政策", ["招生入学"]), ("资助政策", ["学生资助"]),
                                                          ("受助名单", ["学生资助"]), ("教师招聘", ["教师管理"])], text
    assert not any("cut off" in w for w in cat.warnings), cat.warnings


@pytest.mark.parametrize("between", ["- 1 -", "第 1 页 共 2 页", "1"])
def test_a_table_split_with_a_page_number_typed_between_its_parts(between, tmp_path):
    """A Word table split in two, its rest without a header, a page number typed between them (a footer
    pasted into the body): the rest is read (its items were left out without a word, 2 of 4 read)."""
    d = docx.Document()
    d.add_paragraph("某局政务公开事项目录")
    add_table(d, [["序号", "事项名称", "公开内容", "公开时限"], ["1", "机构职能", "内容", "20个工作日内"],
                  ["2", "领导信息", "内容", "20个工作日内"]])
    d.add_paragraph(between)
    add_table(d, [["3", "内设机构", "内容", "20个工作日内"], ["4", "政策文件", "内容", "20个工作日内"]])
    d.save(tmp_path / "split.docx")
    cat, text = drafted(tmp_path, "split.docx")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "内设机构", "政策文件"], text


def test_a_web_table_cut_in_parts_with_a_pager_table_between(tmp_path):
    """A web page's catalogue cut in two tables, a small table of its own holding 第1页 between them (a pager):
    the second part is the first's rest (it was left out without a word); a table of other text between is
    no pager, and the part after it no rest."""
    head = "<tr><td>序号</td><td>事项名称</td><td>公开内容</td><td>公开时限</td></tr>"

    def rows(ns):
        return "".join(f"<tr><td>{n}</td><td>事项{n}</td><td>内容</td><td>20个工作日内</td></tr>" for n in ns)
    for pager, want in (("第1页", 4), ("办公室 0571-1", 2)):
        (tmp_path / "p.html").write_text(
            f'<html><head><meta charset="utf-8"></head><body><p>某局政务公开目录</p><table>{head}{rows((1, 2))}</table>'
            f'<table><tr><td>{pager}</td></tr></table><table>{rows((3, 4))}</table></body></html>', encoding="utf-8")
        cat, text = drafted(tmp_path, "p.html")
        assert [r.name for r in cat.records] == [f"事项{n}" for n in range(1, want + 1)], text


PAGED_HEAD = "<tr><th>序号</th><th>事项类别</th><th>事项名称</th><th>公开内容</th><th>公开时限</th></tr>"


def paged_row(n: int, category: str, name: str, rowspan: int = 1) -> str:
    first = f'<td rowspan="{rowspan}">{category}</td>' if rowspan > 1 else "" if category is None else f"<td>{category}</td>"
    return f"<tr><td>{n}</td>{first}<td>{name}</td><td>{name}的内容</td><td>20个工作日内</td></tr>"


def paged_page(pager: str) -> str:
    """A CMS article's catalogue cut by its pager: the second part has no header, and its first row's first level
    is blank (the rowspan over 交通违法处理 / 交通事故认定 cut by the split)."""
    return ('<html><head><meta charset="utf-8"></head><body><h1>某市公安局政府信息公开目录</h1>'
            f'<table border=1><thead>{PAGED_HEAD}</thead><tbody>{paged_row(1, "户籍管理", "户口迁移办理", 2)}'
            f'{paged_row(2, None, "居民身份证办理")}{paged_row(3, "交通管理", "交通违法处理")}</tbody></table>'
            f'{pager}<table border=1><tbody>{paged_row(4, "&nbsp;", "交通事故认定")}'
            f'{paged_row(5, "治安管理", "治安行政处罚决定")}</tbody></table><p>注：目录实行动态调整。</p></body></html>')


@pytest.mark.parametrize("pager", [
    '<div class="page">共2页 <a href="#">上一页</a> 1 <a href="#">2</a> <a href="#">下一页</a></div>',
    "<p>首页 上一页 下一页 尾页</p>",
    "<div>1 2</div>",
    '<ul class="pages"><li>«</li><li>1</li><li><a href="#">2</a></li><li>»</li><li>共5条 当前第1/2页</li></ul>',
    '<div>第一页 1 2 下一页 最后页 跳转到第 <input size=2> 页 <button>GO</button></div>',
    "<table><tr><td>上一页</td><td>1</td><td>2</td><td>下一页</td></tr></table>",
], ids=["count-prev-numbers-next", "first-prev-next-last", "numbers", "list", "jump-box", "pager-table"])
def test_a_web_table_cut_by_the_articles_pager(pager, tmp_path):
    """A CMS article's catalogue cut in two by its pager (the second part with no header of its own): the second
    part is the first's rest, and its first row, its first level blank, under the category above (a pager
    between the parts was no page number: the second part was left out without a word, 3 of 5 items read)."""
    (tmp_path / "paged.html").write_text(paged_page(pager), encoding="utf-8")
    cat, text = drafted(tmp_path, "paged.html")
    assert [(r.name, r.category) for r in cat.records] == [
        ("户口迁移办理", ["户籍管理"]), ("居民身份证办理", ["户籍管理"]), ("交通违法处理", ["交通管理"]),
        ("交通事故认定", ["交通管理"]), ("治安行政处罚决定", ["治安管理"])], text
    assert "tables: [" in text and not any("is not read" in w for w in cat.warnings), cat.warnings


def test_a_table_as_wide_left_unread_after_the_catalogue_is_warned_of(tmp_path):
    """A table as wide as the catalogue's, with no header of its own, right after it, not read (text between them
    that is no pager: 本目录未完): its items are left out, and the draft and the read say so, naming the table
    (they were left out without a word)."""
    (tmp_path / "paged.html").write_text(paged_page("<p>本目录未完，下接第二部分</p>"), encoding="utf-8")
    cat, text = drafted(tmp_path, "paged.html")
    assert [r.name for r in cat.records] == ["户口迁移办理", "居民身份证办理", "交通违法处理"], text
    warned = [w for w in cat.warnings if "is not read" in w]
    assert len(warned) == 1 and "table 2 (2 rows) is as wide as table 1" in warned[0] and "本目录未完" in warned[0] \
        and "`tables:`" in warned[0], cat.warnings
    assert "table: 1" in text and "not read: see the warning" in text, text


def test_page_furniture_wordings():
    """What a page prints between the parts of a table (mappings/pagers.yaml), and what it is not."""
    from zwgk.mappings.readers.base import page_furniture
    for text in ["共2页 上一页 1 2 下一页", "首页 上一页 下一页 尾页", "1 2", "« 1 2 3 »", "[1] [2] [下一页]", "首页上一页12下一页尾页",
                 "共36条 每页20条 当前第1/2页", "第1页/共2页", "- 1 -", "第 3 页", "2/5", "Prev 1 2 Next"]:
        assert page_furniture(text), text
    for text in ["二、政策文件", "本目录未完", "办公室 0571-1", "2023-01-05", "87654321", "1、机构职能", "首页 > 政务公开",
                 "上一篇：某局2023年工作总结", "…", ""]:
        assert not page_furniture(text), text


RELATED = ("<h4>相关文件</h4><table border=1><tr><td>序号</td><td>{name}</td><td>发布日期</td></tr>"
           "<tr><td>1</td><td>某市公安局政府信息公开指南</td><td>2023-01-05</td></tr>"
           "<tr><td>2</td><td>某市公安局2022年政府信息公开工作年度报告</td><td>2023-01-30</td></tr></table>")


@pytest.mark.parametrize("name", ["文件名称", "事项名称"])
def test_a_related_files_table_after_the_catalogue_lists_no_items(name, tmp_path):
    """A CMS article's 相关文件 table after the catalogue (序号 | 文件名称 | 发布日期: the guide, the annual report)
    shares only 序号 and a name with the catalogue's header: its files are no items, its wordings no aliases of the
    catalogue's columns (the draft took it: 文件名称 an alias of the name, 发布日期 an extra column, two items
    invented; on a page whose catalogue has more columns its mapping did not read: 'table 2 has 7 columns, the
    mapping declares 8'); without `table:` the reader does not take it either."""
    head = ("<tr><th>序号</th><th>事项类别</th><th>事项名称</th><th>公开内容</th><th>公开依据</th><th>公开时限</th>"
            "<th>责任科室</th></tr>")
    rows = "".join(f"<tr><td>{n}</td><td>户籍管理</td><td>{item}</td><td>{item}的内容</td><td>《中华人民共和国户口登记条例》</td>"
                   f"<td>20个工作日内</td><td>治安管理支队</td></tr>" for n, item in enumerate(["户口迁移办理", "居民身份证办理"], 1))
    (tmp_path / "page.html").write_text(
        f'<html><head><meta charset="utf-8"></head><body><h1>某市公安局政府信息公开目录</h1><table border=1>{head}{rows}'
        f"</table>{RELATED.format(name=name)}</body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "page.html")
    assert [r.name for r in cat.records] == ["户口迁移办理", "居民身份证办理"], text
    assert "文件名称" not in text and "发布日期" not in text and "tables:" not in text, text
    from zwgk.mappings import load_mapping, read_catalogue
    (tmp_path / "probe.yaml").write_text("\n".join(line for line in text.splitlines() if not line.startswith("table")),
                                         encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "probe.yaml"), tmp_path, "http://127.0.0.1:8000")
    assert [r.name for r in cat.records] == ["户口迁移办理", "居民身份证办理"]


@pytest.mark.parametrize("between", ["本局各科室联系方式如下，欢迎监督。", "二、联系方式"])
def test_a_table_after_a_sentence_is_no_continuation(tmp_path, between):
    """Only a heading stands between a table and its rest, whose first row is an item's: a table as wide after a
    sentence, or after a heading but not starting with an item's number, is another's."""
    d = docx.Document()
    d.add_paragraph("某局政务公开事项目录")
    add_table(d, [["序号", "事项名称", "公开内容", "公开时限"], ["1", "机构职能", "内容", "20个工作日内"]])
    d.add_paragraph(between)
    add_table(d, [["办公室", "0571-1", "三楼", "张三"], ["法规科", "0571-2", "二楼", "李四"]])
    d.save(tmp_path / "two.docx")
    cat, text = drafted(tmp_path, "two.docx")
    assert [r.name for r in cat.records] == ["机构职能"], text


def test_header_depth_of_each_table():
    from zwgk.mappings.readers.assemble import header_depth
    from zwgk.mappings.readers.base import Grid

    class Probe:
        every = {"序号", "事项名称", "公开对象", "全社会", "特定群众"}

    def grid(rows):
        return Grid("table 1", 1, [[Cell(t, n, n, merged=t == "^") for t in r] for n, r in enumerate(rows, 1)],
                    list(range(1, len(rows) + 1)))
    two = grid([["序号", "事项名称", "公开对象", "公开对象"], ["^", "^", "全社会", "特定群众"], ["1", "机构职能", "√", ""]])
    one = grid([["序号", "事项名称", "全社会", "特定群众"], ["1", "机构职能", "√", ""]])
    worded = grid([["序号", "事项名称", "公开内容", "公开对象"], ["", "机构职能", "主要职责", "全社会"]])   # an item
    assert header_depth(two, 0, 1, Probe()) == 2 and header_depth(one, 0, 2, Probe()) == 1
    assert header_depth(worded, 0, 2, Probe()) == 1
    assert header_depth(two, 0, 2, lambda texts, below=(): True) == 2      # a draft's probe: the mapping's rows
    # the header printed again before every item (WPS), the items numbered 1. by a list: an item between two
    # printings of the header is no row of group names (header of three rows: the first item lost, every
    # header after it read as an item)
    again = grid([["序号", "事项名称", "公开对象"], ["1.", "机构职能", "全社会"], ["序号", "事项名称", "公开对象"],
                  ["2.", "领导信息", "全社会"]])
    assert header_depth(again, 0, 1, Probe()) == 1
    groups = grid([["序号", "事项名称", "公开属性", "公开属性"], ["^", "^", "公开对象", "^"], ["^", "^", "全社会", "特定群众"]])
    assert header_depth(groups, 0, 1, Probe()) == 3


def test_one_table_per_department_titled_after_it(tmp_path):
    """A county's catalogue of its departments: one table each, titled 县财政局政府信息公开目录 …, and no 公开主体
    column. The title names its items' subject (`titles: {role: subject}`; every subject was lost). A 公开方式
    column of 主动 / 依申请 beside a 公开渠道 one keeps its own wording (公开渠道 was added to its header)."""
    d = docx.Document()
    d.add_paragraph("某县县直部门政府信息公开目录")
    header = ["序号", "一级类别", "二级类别", "公开内容", "公开时限", "公开方式", "公开渠道"]
    for k, (body, items) in enumerate([("县财政局", ["部门预算", "政府债务"]), ("县水利局", ["防汛抗旱", "水利工程"])], 1):
        d.add_paragraph(f"{body}政府信息公开目录")
        add_table(d, [header] + [[str(n), "业务信息", name, f"{name}的内容", "20个工作日内", "主动", "政府网站"]
                                 for n, name in enumerate(items, 1)])
    d.save(tmp_path / "xzbm.docx")
    cat, text = drafted(tmp_path, "xzbm.docx")
    assert [(r.name, r.subject) for r in cat.records] == [("部门预算", "县财政局"), ("政府债务", "县财政局"),
                                                          ("防汛抗旱", "县水利局"), ("水利工程", "县水利局")], text
    assert "role: subject" in text and "header: [公开方式, 公开渠道]" not in text
    assert [labels(r.channels + r.disclosure_type) for r in cat.records] == [["政府网站", "主动公开"]] * 4


@pytest.mark.parametrize("ending", ["政府信息公开目录", "政府信息公开事项清单"])
def test_one_sheet_per_office_of_the_agency(ending, tmp_path):
    """A workbook of one sheet per office of the agency, each titled 松阳县交通运输局办公室政府信息公开事项清单 …, no
    责任科室 column: the title names its items' office, and the agency is what the offices share. Titles ending
    清单 were none (every office lost), offices ending 科/股 ran on to the 政府 of 政府信息公开 (…规划建设科政府), and
    the agency was the first office."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for k, office in enumerate(("办公室", "规划建设科", "运输管理股"), 1):
        ws = wb.create_sheet(office)
        ws.append([f"松阳县交通运输局{office}{ending}"])
        ws.append(["序号", "事项名称", "公开内容", "公开时限"])
        ws.append([k, f"{office}事项", "内容", "20个工作日内"])
    wb.save(tmp_path / "jtj.xlsx")
    cat, text = drafted(tmp_path, "jtj.xlsx")
    assert [(r.name, r.responsible_unit) for r in cat.records] == [
        (f"{o}事项", f"松阳县交通运输局{o}") for o in ("办公室", "规划建设科", "运输管理股")], text
    assert cat.mapping.agency_name == "松阳县交通运输局"


@pytest.mark.parametrize("numbered", [True, False])
def test_a_countys_collection_of_tables_titled_with_bodies(numbered, tmp_path):
    """A county's 汇编: one table per body under a heading naming the body alone (一、某某县财政局, 二、某某镇人民政府),
    no 公开主体 column: the heading names its items' subject, and the catalogue is the county government's (the
    heading was a category level, or with no number nothing at all: every body lost; the agency was 某某县)."""
    d = docx.Document()
    d.add_paragraph("某某县政务公开标准目录汇编")
    for k, (body, first) in enumerate([("某某县财政局", "财政预决算"), ("某某镇人民政府", "机构信息")]):
        d.add_paragraph(("一、", "二、")[k] + body if numbered else body)
        add_table(d, [["序号", "一级事项", "二级事项", "公开内容"], ["1", first, f"{first}事项", "内容"]])
    d.save(tmp_path / "hb.docx")
    cat, text = drafted(tmp_path, "hb.docx")
    assert [(r.category, r.subject) for r in cat.records] == [
        (["财政预决算"], "某某县财政局"), (["机构信息"], "某某镇人民政府")], text
    assert cat.mapping.agency_name == "某某县人民政府" and "guess: the people's government of the place" in text


def test_a_workbook_of_sheets_titled_after_a_countys_bodies(tmp_path):
    """One sheet per body of a county, each titled 某某县财政局政务公开标准目录 …: the items' subjects, and the catalogue
    the county government's (it was the first sheet's body, whose items were then read as the agency's own)."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for k, body in enumerate(("某某县人民政府办公室", "某某县财政局", "某某县民政局"), 1):
        ws = wb.create_sheet(body[3:])
        ws.append([f"{body}政务公开标准目录"])
        ws.append(["序号", "一级事项", "二级事项", "公开内容"])
        ws.append([1, "机构信息", f"事项{k}", "内容"])
    wb.save(tmp_path / "xian.xlsx")
    cat, text = drafted(tmp_path, "xian.xlsx")
    assert [r.subject for r in cat.records] == ["某某县人民政府办公室", "某某县财政局", "某某县民政局"], text
    assert cat.mapping.agency_name == "某某县人民政府", text


def test_a_table_titled_after_a_disclosure_type_gives_it_to_its_items(tmp_path):
    """二、依申请公开目录 over a table with no 公开方式 column: its items are disclosed on request (they had no
    disclosure type); an item's own cell wins, and a title naming two types gives none."""
    d = docx.Document()
    d.add_paragraph("某区市场监督管理局政府信息公开目录")
    for title, rows in [("一、主动公开目录", [["1", "机构职能", "主要职责", "依申请"], ["2", "领导信息", "领导姓名", ""]]),
                        ("二、依申请公开目录", [["1", "行政处罚案卷", "处罚决定书", ""]]),
                        ("三、主动公开和依申请公开目录", [["1", "统计数据", "统计表", ""]])]:
        d.add_paragraph(title)
        add_table(d, [["序号", "信息名称", "公开内容", "公开属性"]] + rows)
    d.save(tmp_path / "types.docx")
    cat, text = drafted(tmp_path, "types.docx")
    assert [(r.name, labels(r.disclosure_type)) for r in cat.records] == [
        ("机构职能", ["依申请公开"]), ("领导信息", ["主动公开"]), ("行政处罚案卷", ["依申请公开"]), ("统计数据", [])], text


@pytest.mark.parametrize("appendix", ["附：联系方式", "附件1：各科室联系电话", "附表"])
def test_an_appendix_under_the_items_ends_them(appendix, tmp_path):
    """Under the catalogue's items on its sheet, after a blank row, 附：联系方式 over the offices' phones (科室 | 电话
    | 地址 in the first columns): no item (they were four, 附：联系方式 and 地址 among their names), kept as notes."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开渠道"])
    ws.append(["1", "机构信息", "机构职能", "内容", "20个工作日内", "政府网站"])
    ws.append(["2", "机构信息", "领导信息", "内容", "20个工作日内", "政府网站"])
    ws.append([])
    ws.append([appendix])
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=3)
    ws.append(["科室", "电话", "地址"])
    ws.append(["党政办", "0571-86010001", "某某路1号"])
    wb.save(tmp_path / "a.xlsx")
    cat, text = drafted(tmp_path, "a.xlsx")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息"], text


def test_a_group_over_tick_columns_in_one_table_a_text_column_in_the_other(tmp_path):
    """Table 1's 公开对象 column holds words; table 2 has 公开对象 over 全社会 | 特定群众 with ticks. The mapping has
    both; table 2's 全社会 column is the 全社会 tick column's, not the 公开对象 text column's (the group cell's
    text took it: the items ticked 全社会 had no audience, and 'table 2 has no column 全社会' was told), and
    the titles, naming the first levels under them or grouping them (二、社会救助及城市管理), add no level."""
    d = docx.Document()
    d.add_paragraph("某街道政务公开目录")
    d.add_paragraph("一、机构信息")
    add_table(d, [["序号", "一级事项", "二级事项", "公开内容", "公开对象"], ["1", "机构信息", "机构职能", "内容", "全社会"],
                  ["2", "机构信息", "领导信息", "内容", "特定群众"]])
    d.add_paragraph("二、社会救助及城市管理")
    add_table(d, [["序号", "一级事项", "二级事项", "公开内容", "公开对象", ""], ["", "", "", "", "全社会", "特定群众"],
                  ["3", "社会救助", "低保", "内容", "√", ""], ["4", "城市管理", "行政处罚", "内容", "", "√"]],
              merges=[(0, c, 1, c) for c in range(4)] + [(0, 4, 0, 5)])
    d.save(tmp_path / "ticks.docx")
    cat, text = drafted(tmp_path, "ticks.docx")
    assert [(r.category, r.name, labels(r.audience)) for r in cat.records] == [
        (["机构信息"], "机构职能", ["全社会"]), (["机构信息"], "领导信息", ["特定群众"]),
        (["社会救助"], "低保", ["全社会"]), (["城市管理"], "行政处罚", ["特定群众"])], text
    assert not any("no column '全社会'" in w for w in cat.warnings if "table 2" in w), cat.warnings


def test_a_contacts_table_at_the_foot_of_the_catalogue_table(tmp_path):
    """A web table ending with 联系方式 across it over the offices' phones (科室 | 电话 | 地址, each merged over a few
    columns): notes, not items (they were two items, 科室 and 党政办); a 联系方式 title over items stays a title."""
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开渠道")) + "</tr>"

    def item(n, first, name):
        return f"<tr><td>{n}</td><td>{first}</td><td>{name}</td><td>内容</td><td>20个工作日内</td><td>政府网站</td></tr>"
    foot = ('<tr><td colspan=6>联系方式</td></tr><tr><td colspan=2>科室</td><td colspan=2>电话</td><td colspan=2>地址</td></tr>'
            '<tr><td colspan=2>党政办</td><td colspan=2>0571-86010001</td><td colspan=2>某某路1号</td></tr>')
    for rows, want in ((item(1, "机构信息", "机构职能") + item(2, "机构信息", "领导信息") + foot, ["机构职能", "领导信息"]),
                       (item(1, "机构信息", "机构职能") + '<tr><td colspan=6>联系方式</td></tr>' + item(2, "联系方式", "办公电话")
                        + item(3, "联系方式", "办公地址"), ["机构职能", "办公电话", "办公地址"])):
        (tmp_path / "c.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某街道政务公开目录</p>'
                                         f'<table border=1>{head}{rows}</table></body></html>', encoding="utf-8")
        cat, text = drafted(tmp_path, "c.html")
        assert [r.name for r in cat.records] == want, text


def fields(r) -> tuple:
    """Every field an item of these tests fills."""
    return (r.category, r.name, r.content, [c.title for c in r.legal_basis], r.time_limit.text if r.time_limit else "",
            r.subject, r.responsible_unit, labels(r.channels), labels(r.audience), labels(r.disclosure_type), labels(r.level))


# a text copy (a browser's selection of a 基层 page, tab-separated) of two domain tables, the header of two rows
# that lost their merges: 公开事项 over 一级事项 | 二级事项, 公开对象 / 公开方式 / 公开层级 over their ticks
TEXT_TOP = ["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式",
            "公开层级"]
TEXT_LEAF = ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请", "县级", "乡级"]


def text_row(n: int, first: str, name: str, levels: bool) -> str:
    return "\t".join([str(n), first, name, f"{name}内容", "《中华人民共和国预算法》", "20个工作日内", "某镇人民政府", "政府网站",
                      "√", "", "√", ""] + (["√", "√"] if levels else []))


@pytest.mark.parametrize("levels_first", [True, False], ids=["later-lacks-levels", "later-has-levels"])
def test_a_text_copy_of_tables_one_lacking_the_level_group(levels_first, tmp_path):
    """A text copy whose tables' two-row headers differ by their rightmost group (公开层级 over 县级 | 乡级 in one
    only): each table is read by its header. The later table lacking it was refused ('column 13 (level) should be
    headed ['县级'], found '(blank)'): every item lost; the later table having it had its level ticks dropped (the
    draft read the first header only)."""
    def table(title, levels, items):
        top, leaf = (TEXT_TOP, TEXT_LEAF) if levels else (TEXT_TOP[:-1], TEXT_LEAF[:-2])
        return [title, "\t".join(top), "\t".join(leaf)] + [text_row(n, a, b, levels) for n, (a, b) in enumerate(items, 1)]
    budget = table("一、财政预决算领域基层政务公开标准目录", True, [("预算", "部门预算"), ("决算", "部门决算")])
    safety = table("二、安全生产领域基层政务公开标准目录", False, [("行政执法", "行政检查"), ("行政执法", "行政处罚")])
    if not levels_first:
        budget[0], safety[0] = "二" + budget[0][1:], "一" + safety[0][1:]
    lines = ["某镇基层政务公开标准目录"] + (budget + safety if levels_first else safety + budget)
    (tmp_path / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "a.txt")

    def want(domain, first, name, levels):
        return ([domain, first], name, f"{name}内容", ["中华人民共和国预算法"], "20个工作日内", "某镇人民政府", "", ["政府网站"], ["全社会"],
                ["主动公开"], ["县级", "乡级"] if levels else [])
    budget_items = [want("财政预决算", "预算", "部门预算", True), want("财政预决算", "决算", "部门决算", True)]
    safety_items = [want("安全生产", "行政执法", "行政检查", False), want("安全生产", "行政执法", "行政处罚", False)]
    assert [fields(r) for r in cat.records] == (budget_items + safety_items if levels_first
                                                 else safety_items + budget_items), text


def test_a_text_copy_of_tables_with_columns_in_another_order(tmp_path):
    """A text copy of two tables of one-row headers, the second's columns in another order (公开主体 before 公开内容):
    each read by its header (the read was refused: 'column 4 (content) should be headed ['公开内容'], found
    '公开主体'')."""
    h1 = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]
    h2 = ["序号", "一级事项", "二级事项", "公开主体", "公开时限", "公开内容", "公开渠道", "公开依据", "公开对象", "公开方式"]

    def row(h, n, a, b):
        v = {"序号": str(n), "一级事项": a, "二级事项": b, "公开内容": b + "内容", "公开依据": "《中华人民共和国预算法》",
             "公开时限": "20个工作日内", "公开主体": "某镇人民政府", "公开渠道": "政府网站", "公开对象": "全社会", "公开方式": "主动公开"}
        return "\t".join(v[k] for k in h)
    lines = ["某镇基层政务公开标准目录", "一、财政预决算领域基层政务公开标准目录", "\t".join(h1), row(h1, 1, "预算", "部门预算"),
             "二、安全生产领域基层政务公开标准目录", "\t".join(h2), row(h2, 1, "行政执法", "行政检查")]
    (tmp_path / "c.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "c.txt")
    assert [fields(r) for r in cat.records] == [
        (["财政预决算", "预算"], "部门预算", "部门预算内容", ["中华人民共和国预算法"], "20个工作日内", "某镇人民政府", "", ["政府网站"], ["全社会"],
         ["主动公开"], []),
        (["安全生产", "行政执法"], "行政检查", "行政检查内容", ["中华人民共和国预算法"], "20个工作日内", "某镇人民政府", "", ["政府网站"], ["全社会"],
         ["主动公开"], [])], text


LEVELS_TAIL = ["《社会救助暂行办法》（国务院令第649号）", "20个工作日内", "某镇人民政府", "政府网站", "全社会", "主动公开"]
LEVELS_HEAD = ["公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]


def leveled(category: list[str], name: str, content: str) -> tuple:
    return (category, name, content, ["社会救助暂行办法"], "20个工作日内", "某镇人民政府", "", ["政府网站"], ["全社会"],
            ["主动公开"], [])


def test_a_table_of_three_levels_then_one_of_two(tmp_path):
    """A domain table of three levels (一级 | 二级 | 三级事项), then one of two: the second table's 二级事项 names its
    items. The draft heads the name [三级事项, 二级事项] and the subcategory [二级事项]; the subcategory took the
    second table's 二级事项 (seated in the mapping's order), the name found no column, the table was read by
    position and refused ('table 2 has 10 columns, the mapping declares 11'): every item lost."""
    d = docx.Document()
    d.add_paragraph("某镇基层政务公开标准目录")
    d.add_paragraph("一、社会救助领域基层政务公开标准目录")
    add_table(d, [["序号", "一级事项", "二级事项", "三级事项"] + LEVELS_HEAD,
                  ["1", "社会救助", "最低生活保障", "低保办事指南", "指南"] + LEVELS_TAIL,
                  ["2", "社会救助", "临时救助", "临时救助政策", "政策"] + LEVELS_TAIL])
    d.add_paragraph("二、财政预决算领域基层政务公开标准目录")
    add_table(d, [["序号", "一级事项", "二级事项"] + LEVELS_HEAD, ["1", "预算", "部门预算", "预算表"] + LEVELS_TAIL])
    d.save(tmp_path / "levels.docx")
    cat, text = drafted(tmp_path, "levels.docx")
    assert [fields(r) for r in cat.records] == [
        leveled(["社会救助", "社会救助", "最低生活保障"], "低保办事指南", "指南"),
        leveled(["社会救助", "社会救助", "临时救助"], "临时救助政策", "政策"),
        leveled(["财政预决算", "预算"], "部门预算", "预算表")], text


def test_a_table_of_two_levels_then_one_of_three(tmp_path):
    """A domain table of two levels (一级 | 二级事项), then one of three: the second table's 二级事项 is a level, its
    三级事项 names its items (the draft made 三级事项 an alias of the name: the second table's items were named by
    their second level, 三级事项 'not in the mapping: its cells are not read')."""
    d = docx.Document()
    d.add_paragraph("某镇基层政务公开标准目录")
    d.add_paragraph("一、财政预决算领域基层政务公开标准目录")
    add_table(d, [["序号", "一级事项", "二级事项"] + LEVELS_HEAD, ["1", "预算", "部门预算", "预算表"] + LEVELS_TAIL,
                  ["2", "决算", "部门决算", "决算表"] + LEVELS_TAIL])
    d.add_paragraph("二、社会救助领域基层政务公开标准目录")
    add_table(d, [["序号", "一级事项", "二级事项", "三级事项"] + LEVELS_HEAD,
                  ["1", "社会救助", "最低生活保障", "低保办事指南", "指南"] + LEVELS_TAIL,
                  ["2", "社会救助", "最低生活保障", "低保审核结果", "结果"] + LEVELS_TAIL])
    d.save(tmp_path / "levels.docx")
    cat, text = drafted(tmp_path, "levels.docx")
    assert [fields(r) for r in cat.records] == [
        leveled(["财政预决算", "预算"], "部门预算", "预算表"), leveled(["财政预决算", "决算"], "部门决算", "决算表"),
        leveled(["社会救助", "社会救助", "最低生活保障"], "低保办事指南", "指南"),
        leveled(["社会救助", "社会救助", "最低生活保障"], "低保审核结果", "结果")], text
    assert not any("not in the mapping" in w for w in cat.warnings), cat.warnings


@pytest.mark.parametrize("numbers", [("附件1：", "附件2："), ("附件1 ", "附件2 "), ("表1 ", "表2 "), ("附表1", "附表2")])
def test_domain_titles_numbered_as_attachments_or_tables(numbers, tmp_path):
    """Domain tables titled 附件1：…领域… / 表1 …领域…: the number is no part of the domain (it was: 附件1：财政预决算,
    表1 财政预决算)."""
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]
    d = docx.Document()
    d.add_paragraph("某镇基层政务公开标准目录")
    d.add_paragraph(numbers[0] + "财政预决算领域基层政务公开标准目录")
    add_table(d, [head, ["1", "预算", "部门预算", "预算表"] + LEVELS_TAIL])
    d.add_paragraph(numbers[1] + "社会救助领域基层政务公开标准目录")
    add_table(d, [head, ["1", "最低生活保障", "办事指南", "指南"] + LEVELS_TAIL])
    d.save(tmp_path / "n.docx")
    cat, text = drafted(tmp_path, "n.docx")
    assert [fields(r) for r in cat.records] == [leveled(["财政预决算", "预算"], "部门预算", "预算表"),
                                                 leveled(["社会救助", "最低生活保障"], "办事指南", "指南")], text


def test_blocks_of_one_sheet_titled_as_attachments(tmp_path):
    """Domain tables stacked on one sheet, each under a title row 附件N：…领域…目录 and the same header: the title of
    the second opens its block, not an appendix (it and every row under it were notes: all after the first block
    lost)."""
    from openpyxl import Workbook
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]
    wb = Workbook()
    ws = wb.active
    for title, items in (("附件1：财政预决算领域基层政务公开标准目录", [["1", "预算", "部门预算", "预算表"]]),
                         ("附件2：社会救助领域基层政务公开标准目录", [["1", "最低生活保障", "办事指南", "指南"],
                                                                 ["2", "临时救助", "救助结果", "结果"]])):
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(head))
        ws.append(head)
        for item in items:
            ws.append(item + LEVELS_TAIL)
    wb.save(tmp_path / "s.xlsx")
    cat, text = drafted(tmp_path, "s.xlsx")
    assert [fields(r) for r in cat.records] == [
        leveled(["财政预决算", "预算"], "部门预算", "预算表"), leveled(["社会救助", "最低生活保障"], "办事指南", "指南"),
        leveled(["社会救助", "临时救助"], "救助结果", "结果")], text


def test_a_third_block_of_a_sheet_with_the_first_blocks_header(tmp_path):
    """Three blocks on one sheet: the first and third ticking 公开对象 / 公开方式 under a two-row header, the second
    printing them in words: the third is a block of its own, read by its header (it was cut only where a header
    differed from the first block's: its rows were read with the second's columns, their ticks lost)."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    top = ["序号", "公开事项", None, "公开内容", "公开时限", "公开对象", None, "公开方式", None]
    leaf = [None, "一级事项", "二级事项", None, None, "全社会", "特定群众", "主动", "依申请"]

    def ticked(r, title, items):
        ws.cell(r, 1, title)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
        for k, (a, b) in enumerate(zip(top, leaf), 1):
            ws.cell(r + 1, k, a)
            ws.cell(r + 2, k, b)
        for c in (1, 4, 5):
            ws.merge_cells(start_row=r + 1, start_column=c, end_row=r + 2, end_column=c)
        for c in (2, 6, 8):
            ws.merge_cells(start_row=r + 1, start_column=c, end_row=r + 1, end_column=c + 1)
        r += 3
        for n, (a, b, specific, asked) in enumerate(items, 1):
            for k, v in enumerate([str(n), a, b, b + "内容", "20个工作日内", "" if specific else "√", "√" if specific else "",
                                   "" if asked else "√", "√" if asked else ""], 1):
                ws.cell(r, k, v)
            r += 1
        return r + 1
    r = ticked(1, "一、财政预决算领域基层政务公开标准目录", [("预算", "部门预算", False, False)])
    ws.cell(r, 1, "二、安全生产领域基层政务公开标准目录")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    for k, h in enumerate(["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开对象", "公开方式"], 1):
        ws.cell(r + 1, k, h)
    for k, v in enumerate(["1", "行政执法", "行政检查", "行政检查内容", "20个工作日内", "全社会", "主动公开"], 1):
        ws.cell(r + 2, k, v)
    ticked(r + 4, "三、养老服务领域基层政务公开标准目录", [("高龄津贴", "发放名单", True, False), ("养老机构", "机构名录", False, True)])
    wb.save(tmp_path / "b.xlsx")
    cat, text = drafted(tmp_path, "b.xlsx")

    def item(category, name, audience, kind):
        return (category, name, f"{name}内容", [], "20个工作日内", "", "", [], [audience], [kind], [])
    assert [fields(r) for r in cat.records] == [
        item(["财政预决算", "预算"], "部门预算", "全社会", "主动公开"), item(["安全生产", "行政执法"], "行政检查", "全社会", "主动公开"),
        item(["养老服务", "高龄津贴"], "发放名单", "特定群众", "主动公开"),
        item(["养老服务", "养老机构"], "机构名录", "全社会", "依申请公开")], text


@pytest.mark.parametrize("form", ["html", "docx"])
def test_titles_in_one_cell_tables_of_their_own_title_the_next_table(tmp_path, form):
    """Word saved as a web page (or a Word file) puts each domain's title in a one-cell table of its own above the
    domain's table: that text titles the table (every item lost its domain level: no `titles:` was drafted)."""
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开渠道"]
    parts = [("一、财政预决算领域基层政务公开标准目录", [("预算", "部门预算")]),
             ("二、社会救助领域基层政务公开标准目录", [("最低生活保障", "办事指南")])]
    rows = lambda items: [head] + [[str(n), a, b, b + "内容", "20个工作日内", "某镇人民政府", "政府网站"]
                                   for n, (a, b) in enumerate(items, 1)]
    if form == "html":
        body = "".join(f'<table width="100%"><tr><td align="center"><b>{title}</b></td></tr></table><table border="1">'
                       + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows(items))
                       + "</table>" for title, items in parts)
        (tmp_path / "a.html").write_text(f'<html><head><meta charset="utf-8"></head><body><h1>某镇基层政务公开标准目录'
                                         f'</h1>{body}</body></html>', encoding="utf-8")
    else:
        d = docx.Document()
        d.add_paragraph("某镇基层政务公开标准目录")
        for title, items in parts:
            d.add_table(rows=1, cols=1).cell(0, 0).text = title
            grid = rows(items)
            t = d.add_table(rows=len(grid), cols=len(head))
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    t.cell(r, c).text = v
        d.save(tmp_path / "a.docx")
    cat, text = drafted(tmp_path, f"a.{form}")
    assert [(r.category, r.name) for r in cat.records] == [(["财政预决算", "预算"], "部门预算"),
                                                         (["社会救助", "最低生活保障"], "办事指南")], text


def test_an_appendix_of_phones_headed_with_a_catalogue_wording_holds_no_items(tmp_path):
    """附件：咨询监督电话一览表 over 序号 | 公开事项 | 责任科室 | 咨询电话 | 监督电话, after two domain tables: whom to call
    about what, no items (its rows were read as items named 财政预决算 and 社会救助, and its title, naming no 领域,
    kept the draft from titling the real items with their domains)."""
    def table(doc, header, rows):
        t = doc.add_table(rows=1 + len(rows), cols=len(header))
        for j, h in enumerate(header):
            t.cell(0, j).text = h
        for i, r in enumerate(rows, 1):
            for j, v in enumerate(r):
                t.cell(i, j).text = v
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]
    tail = ["《中华人民共和国预算法》", "20个工作日内", "某镇人民政府", "政府网站", "全社会", "主动公开"]
    d = docx.Document()
    d.add_paragraph("某镇基层政务公开标准目录")
    d.add_paragraph("一、财政预决算领域基层政务公开标准目录")
    table(d, head, [["1", "预算", "部门预算", "预算表"] + tail, ["2", "决算", "部门决算", "决算表"] + tail])
    d.add_paragraph("二、社会救助领域基层政务公开标准目录")
    table(d, head, [["1", "最低生活保障", "办事指南", "指南"] + tail])
    d.add_paragraph("附件：咨询监督电话一览表")
    table(d, ["序号", "公开事项", "责任科室", "咨询电话", "监督电话"],
          [["1", "财政预决算", "党政办", "0571-86010001", "0571-86010009"],
           ["2", "社会救助", "社会事务办", "0571-86010002", "0571-86010009"]])
    d.save(tmp_path / "a.docx")
    cat, text = drafted(tmp_path, "a.docx")
    assert [(r.category, r.name) for r in cat.records] == [
        (["财政预决算", "预算"], "部门预算"), (["财政预决算", "决算"], "部门决算"), (["社会救助", "最低生活保障"], "办事指南")], text


def test_two_blocks_side_by_side_name_their_items_from_the_first(tmp_path):
    """Two blocks side by side on one sheet under one header printed twice (序号 … | 序号 …): each item of the first
    block is named by its own 二级事项 (the name was taken from the second block's, beside the first's other
    fields, since a table's name column is its deepest level's); the second block's items are read after the
    first's (they were lost: see test_side_blocks.py)."""
    import openpyxl
    from zwgk.mappings import load_mapping, read_catalogue
    from .conftest import BASE
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开时限"]
    left = [["1", "机构信息", "机构职能", "街道职能、内设机构", "20个工作日内"], ["2", "机构信息", "领导信息", "领导姓名、职务", "20个工作日内"]]
    right = [["3", "社会救助", "最低生活保障", "低保对象名单", "每月10日前"], ["4", "社会救助", "临时救助", "救助金额", "实时"]]
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, (a, b) in enumerate(zip([head] + left, [head] + right), 1):
        for c, v in enumerate(a + [""] + b, 1):
            ws.cell(r, c, v or None)
    wb.save(tmp_path / "x.xlsx")
    (tmp_path / "m.yaml").write_text(
        "catalogue: {id: x, source: x.xlsx}\nagency: {id: x, name: 某街道办事处}\nreader: xlsx\ncolumns:\n"
        + "".join(f"  - {{role: {role}, header: [{h}]}}\n"
                  for role, h in zip(["seq", "category", "name", "content", "time_limit"], head)), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)
    assert [(r.seq, r.name, r.content) for r in cat.records] == [("1", "机构职能", "街道职能、内设机构"),
                                                                ("2", "领导信息", "领导姓名、职务"),
                                                                ("3", "最低生活保障", "低保对象名单"),
                                                                ("4", "临时救助", "救助金额")]


def test_a_column_split_in_parts_under_its_header(tmp_path):
    """公开内容 over 要素1 | 要素2 | 要素3 (a header cell spanning parts of its own, wordings no list holds): a two-row
    header whose parts are each kept (the draft took one row: its read was refused), and a cell merged across the
    parts is read once (it was stated again under each part)."""
    head = ("<tr><th rowspan=2>序号</th><th rowspan=2>事项名称</th><th colspan=3>公开内容</th><th rowspan=2>公开依据</th>"
            "<th rowspan=2>公开时限</th></tr><tr><th>要素1</th><th>要素2</th><th>要素3</th></tr>")
    law = "《中华人民共和国政府信息公开条例》"
    rows = (f"<tr><td>1</td><td>机构职能</td><td>机构职能</td><td>内设机构</td><td>办公地址</td><td>{law}</td><td>20个工作日</td></tr>"
            f"<tr><td>2</td><td>临时救助</td><td colspan=3>救助对象、救助金额</td><td>{law}</td><td>实时</td></tr>")
    (tmp_path / "mz.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某县民政局政府信息公开目录</p>'
                                      f'<table border=1>{head}{rows}</table></body></html>', encoding="utf-8")
    cat, text = drafted(tmp_path, "mz.html")
    first, second = cat.records
    kept = [first.content, first.spec] + [t for _, t in first.extra]
    assert sorted(kept) == sorted(["机构职能", "内设机构", "办公地址"]), text
    assert second.content == "救助对象、救助金额" and "救助对象、救助金额" not in [t for _, t in second.extra], text
