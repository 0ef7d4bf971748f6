"""Headings numbered by dotted codes (1 行政权力, 1.1 行政许可, 1.1.1 …; 2.1 最低生活保障 / 2.2 特困人员救助供养), as rows
across the table or lines of a text copy, alone or mixed with the Chinese styles (一、 over 1.1 over （1）): each
code's depth (its number of dotted parts) is its level, the code is the category's code (skos:notation), the name
is kept without it. Before, 2.1 under 2 was no sub-category: the draft's one rule kept the last heading alone, cut
after its first dot ('1 最低生活保障', no code), and a mapping could keep no heading's code. Item numbers 1.1, 1.2
in the 序号 column, decimals (1.5万元), dates (2024.1), versions and articles are no headings. Every file is built
here, in code: a web page, a Word file, an Excel sheet and a text copy."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from zwgk.mappings import cells as C
from zwgk.mappings import load_mapping, read_catalogue

from .conftest import BASE
from .test_wordings import drafted

HEADER = ["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开方式"]
#: (code, name, children) down to the items' names
DOTTED = [("1", "行政权力", [("1.1", "行政许可", [("1.1.1", "建设工程规划许可", ["许可条件", "许可结果"]),
                                                 ("1.1.2", "临时建设许可", ["临时许可结果"])]),
                             ("1.2", "行政处罚", ["违法建设处罚"])]),
          ("2", "公共服务", [("2.1", "最低生活保障", ["低保审核", "低保名单"]),
                             ("2.2", "特困人员救助供养", ["特困人员认定"])])]
#: 一、 over 1.1 over （1）
MIXED = [("一、", "社会救助", [("1.1", "最低生活保障", [("（1）", "城市低保", ["城市低保审核"]),
                                                      ("（2）", "农村低保", ["农村低保审核", "农村低保名单"])]),
                               ("1.2", "特困人员救助供养", ["特困人员认定"])]),
         ("二、", "就业服务", [("2.1", "就业援助", [("（1）", "援助对象", ["援助对象认定"]),
                                                  ("（2）", "援助岗位", ["公益性岗位"])])])]


def want(tree, path=(), codes=()) -> list[tuple]:
    """(name, category path, its codes) of every item under the tree."""
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append((node, list(path), list(codes)))
            continue
        number, name, children = node
        code = number if number[0].isdigit() else ""
        out += want(children, (*path, name), (*codes, code))
    return out


def rows(tree):
    """('heading', '1.1 行政许可') for a heading, the cells of an item row otherwise (numbered 1, 2 … under it)."""
    n = 0
    for node in tree:
        if isinstance(node, str):
            n += 1
            yield [str(n), node, f"{node}的结果，补助标准1.5万元", "《中华人民共和国政府信息公开条例》第二十条",
                   "2024.1起20个工作日内", "某县人民政府", "政府网站", "主动公开"]
        else:
            number, name, children = node
            yield ("heading", f"{number}{'' if number.endswith(('、', '）')) else ' '}{name}")
            yield from rows(children)


def xlsx(folder: Path, tree) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某县政务公开事项目录"])
    ws.append(HEADER)
    for row in rows(tree):
        if isinstance(row, tuple):
            ws.append([row[1]])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(HEADER))
        else:
            ws.append(row)
    wb.save(folder / "ml.xlsx")
    return "ml.xlsx"


def html(folder: Path, tree) -> str:
    body = "".join(f'<tr><td colspan="{len(HEADER)}">{row[1]}</td></tr>' if isinstance(row, tuple) else
                   "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows(tree))
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>"
    (folder / "ml.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某县政务公开事项目录</p>'
                                    f'<table border="1">{head}{body}</table></body></html>', encoding="utf-8")
    return "ml.html"


def word(folder: Path, tree) -> str:
    d = docx.Document()
    d.add_paragraph("某县政务公开事项目录")
    body = list(rows(tree))
    t = d.add_table(rows=len(body) + 1, cols=len(HEADER))
    for j, h in enumerate(HEADER):
        t.cell(0, j).text = h
    for i, row in enumerate(body, 1):
        if isinstance(row, tuple):
            t.cell(i, 0).merge(t.cell(i, len(HEADER) - 1)).text = row[1]
        else:
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    d.save(folder / "ml.docx")
    return "ml.docx"


def text(folder: Path, tree) -> str:
    lines = ["某县政务公开事项目录", "\t".join(HEADER)]
    lines += [row[1] if isinstance(row, tuple) else "\t".join(row) for row in rows(tree)]
    (folder / "ml.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "ml.txt"


FORMS = [xlsx, html, word, text]
READERS = {xlsx: "xlsx", html: "html", word: "docx", text: "tsv"}


def got(cat) -> list[tuple]:
    return [(r.name, r.category, r.category_codes) for r in cat.records]


@pytest.mark.parametrize("make", FORMS, ids=lambda f: f.__name__)
def test_dotted_code_headings_nest_by_their_depth_in_the_draft(make, tmp_path):
    cat, drafted_text = drafted(tmp_path, make(tmp_path, DOTTED))
    assert got(cat) == want(DOTTED), drafted_text
    assert drafted_text.count("  - role: category") == 3, drafted_text
    assert "(?P<code>" in drafted_text and "# guess:" in drafted_text.split("titles:", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("make", FORMS, ids=lambda f: f.__name__)
def test_dotted_codes_mixed_with_chinese_numbering_in_the_draft(make, tmp_path):
    cat, drafted_text = drafted(tmp_path, make(tmp_path, MIXED))
    assert got(cat) == want(MIXED), drafted_text


def test_the_depth_comes_from_the_code_not_from_the_order_met(tmp_path):
    """A first section whose items sit under a code of three parts (1.1.1) before any code of two parts is met
    elsewhere alone: 1.1.1 is still the third level, 2.1 the second."""
    tree = [("1", "行政权力", [("1.1", "行政许可", [("1.1.1", "规划许可", ["许可结果"]), ("1.1.2", "施工许可", ["施工结果"])])]),
            ("2", "公共服务", [("2.1", "社会救助", ["低保名单"]), ("2.2", "养老服务", ["养老补贴"])])]
    cat, drafted_text = drafted(tmp_path, xlsx(tmp_path, tree))
    assert got(cat) == want(tree), drafted_text


MAPPING = """catalogue: {{id: ml, source: {source}}}
agency: {{id: xian, name: 某县人民政府}}
reader: {reader}
columns:
  - {{role: seq, header: 序号}}
  - {{role: name, header: 事项名称}}
  - {{role: content, header: 公开内容}}
  - {{role: legal_basis, header: 公开依据}}
  - {{role: time_limit, header: 公开时限}}
  - {{role: subject, header: 公开主体}}
  - {{role: channels, header: 公开渠道}}
  - {{role: disclosure_type, header: 公开方式}}
{titles}"""

#: written as a person would: one pattern per depth, the shorter ones matching the start of longer codes too
#: (\\d+\\.\\d+ finds 1.1 in 1.1.1): a code the text goes on from is no code of that level
DOTTED_LEVELS = r"""titles:
  - {role: category, pattern: '^(?P<code>\d+)\s+(.+)$'}
  - {role: category, pattern: '^(?P<code>\d+\.\d+)\s*(.+)$'}
  - {role: category, pattern: '^(?P<code>\d+\.\d+\.\d+)\s*(.+)$'}
"""
MIXED_LEVELS = r"""titles:
  - {role: category, pattern: '^[一二三四五六七八九十]+、(.+)$'}
  - {role: category, pattern: '^(?P<code>\d+\.\d+)\s*(.+)$'}
  - {role: category, pattern: '^（\d+）(.+)$'}
"""


def read(folder: Path, source: str, titles: str):
    reader = READERS[next(f for f in FORMS if f.__name__ == {"xlsx": "xlsx", "html": "html", "docx": "word",
                                                               "txt": "text"}[source.rsplit(".", 1)[1]])]
    (folder / "m.yaml").write_text(MAPPING.format(source=source, reader=reader, titles=titles), encoding="utf-8")
    return read_catalogue(load_mapping(folder / "m.yaml"), folder, BASE)


@pytest.mark.parametrize("make", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("tree,titles", [(DOTTED, DOTTED_LEVELS), (MIXED, MIXED_LEVELS)], ids=["dotted", "mixed"])
def test_a_mapping_keeps_each_headings_code(make, tree, titles, tmp_path):
    cat = read(tmp_path, make(tmp_path, tree), titles)
    assert got(cat) == want(tree)


def test_heading_codes_are_the_categories_notations(tmp_path):
    from zwgk.mappings.mint import Minter, category_key
    from zwgk.ontology import code_lists
    cat = read(tmp_path, xlsx(tmp_path, DOTTED), DOTTED_LEVELS)
    r = next(r for r in cat.records if r.name == "许可条件")
    assert [category_key(r, level) for level in range(3)] == ["1", "1.1", "1.1.1"]
    g = Minter(BASE, code_lists(BASE)).catalogue_graph(cat, __import__("datetime").datetime(2026, 1, 1))
    notations = {str(q.object.value) for q in g.quads if str(q.predicate.value).endswith("#notation")}
    assert {"1", "1.1", "1.1.1", "1.2", "2", "2.1", "2.2"} <= notations


def test_a_code_numbered_afresh_for_each_body_names_no_category(tmp_path):
    """Two bodies, each numbering its categories from 1: code 1 is 行政权力 under one, 公共服务 under the other;
    kept as a code, one concept would carry both names. Left out, each category keyed by its name, said."""
    tree = [("一、", "县财政局", [("1", "行政权力", ["财政处罚"])]), ("二、", "县教育局", [("1", "公共服务", ["招生计划"])])]
    titles = r"""titles:
  - {role: subject, pattern: '^[一二三四五六七八九十]+、(.+)$'}
  - {role: category, pattern: '^(?P<code>\d+)\s+(.+)$'}
"""
    cat = read(tmp_path, html(tmp_path, tree), titles)
    assert [(r.name, r.category, r.category_codes) for r in cat.records] == [
        ("财政处罚", ["行政权力"], [""]), ("招生计划", ["公共服务"], [""])]
    assert any("heading code '1' stands for 2 categories" in w for w in cat.warnings), cat.warnings


# -- no headings ------------------------------------------------------------------------------------

def test_items_numbered_with_dotted_codes_are_items(tmp_path):
    """Items numbered 1.1, 1.2 in the 序号 column under a heading row 1 行政权力: the items are items (every
    field kept), their numbers no heading level."""
    items = [("1.1", "建设工程规划许可"), ("1.2", "临时建设许可"), ("2.1", "低保审核")]
    d = docx.Document()
    d.add_paragraph("某县政务公开事项目录")
    lines = [HEADER, ["1 行政权力"], *[[seq, name, f"{name}结果", "《条例》", "20个工作日内", "某县人民政府",
                                         "政府网站", "主动公开"] for seq, name in items[:2]],
             ["2 公共服务"], [items[2][0], items[2][1], "低保结果", "《条例》", "20个工作日内", "某县人民政府",
                              "政府网站", "主动公开"]]
    t = d.add_table(rows=len(lines), cols=len(HEADER))
    for i, row in enumerate(lines):
        if len(row) == 1:
            t.cell(i, 0).merge(t.cell(i, len(HEADER) - 1)).text = row[0]
        else:
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    d.save(tmp_path / "items.docx")
    cat, drafted_text = drafted(tmp_path, "items.docx")
    assert [(r.seq, r.name, r.category, r.content) for r in cat.records] == [
        ("1.1", "建设工程规划许可", ["行政权力"], "建设工程规划许可结果"),
        ("1.2", "临时建设许可", ["行政权力"], "临时建设许可结果"), ("2.1", "低保审核", ["公共服务"], "低保结果")], \
        drafted_text
    # the headings' numbers, every heading numbered so, are their codes; the items' numbers make no level
    assert [r.category_codes for r in cat.records] == [["1"], ["1"], ["2"]], drafted_text
    assert drafted_text.count("(?P<code>") == 1 and "(?P<code>[1-9]\\d?)(?!" in drafted_text, drafted_text


@pytest.mark.parametrize("line", ["1.5万元以下的项目", "2024.1", "2024.1.1 发布", "1.0版", "V1.2 说明", "3.14%",
                                  "1.1《中华人民共和国政府信息公开条例》第十条", "1行政权力", "0.5 小时", "1.05 万人"])
def test_numbers_that_are_no_codes(line):
    assert C.dotted_code(line) is None


@pytest.mark.parametrize("line,code", [("1 行政权力", ("1", 1, "行政权力")), ("1.1 行政许可", ("1.1", 2, "行政许可")),
                                       ("2.1最低生活保障", ("2.1", 2, "最低生活保障")),
                                       ("1.1.1 建设工程规划许可", ("1.1.1", 3, "建设工程规划许可")),
                                       ("1．2 行政处罚", ("1.2", 2, "行政处罚")), ("1、行政权力", ("1", 1, "行政权力"))])
def test_codes(line, code):
    assert C.dotted_code(line) == code


# -- a heading's code in the 序号 column, its name in the next ----------------------------------------

def split_rows(coded_items: bool) -> list[list[str]]:
    """1 | 行政权力, 1.1 | 行政许可 …, rows of their own, the rest of the row blank; the items under them numbered
    afresh (1, 2) or by their heading's code (1.1.1, 1.1.2)."""
    out = [HEADER]
    for code, name, children in [("1", "行政权力", [("1.1", "行政许可", ["规划许可", "施工许可"]), ("1.2", "行政处罚", ["违法处罚"])]),
                                 ("2", "公共服务", [("2.1", "社会救助", ["低保名单", "特困名单"])])]:
        out.append([code, name] + [""] * (len(HEADER) - 2))
        for code2, name2, items in children:
            out.append([code2, name2] + [""] * (len(HEADER) - 2))
            for n, item in enumerate(items, 1):
                out.append([f"{code2}.{n}" if coded_items else str(n), item, f"{item}结果", "《条例》", "20个工作日内",
                            "某县人民政府", "政府网站", "主动公开"])
    return out


@pytest.mark.parametrize("coded_items", [False, True], ids=["items-1-2", "items-1.1.1"])
@pytest.mark.parametrize("form", ["xlsx", "html"])
def test_a_headings_code_and_name_in_two_cells_of_its_row(form, coded_items, tmp_path):
    """The row 1.1 | 行政许可 | (blank …) over the items under it is a heading, not an item without fields."""
    lines = split_rows(coded_items)
    if form == "xlsx":
        wb = openpyxl.Workbook()
        wb.active.append(["某县政务公开事项目录"])
        for row in lines:
            wb.active.append(row)
        wb.save(tmp_path / "split.xlsx")
    else:
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in lines)
        (tmp_path / "split.html").write_text(f'<html><head><meta charset="utf-8"></head><body><p>某县政务公开事项目录'
                                             f'</p><table border="1">{body}</table></body></html>', encoding="utf-8")
    cat, drafted_text = drafted(tmp_path, f"split.{form}")
    seqs = ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"] if coded_items else ["1", "2", "1", "1", "2"]
    assert [(r.seq, r.name, r.category, r.category_codes, r.content) for r in cat.records] == [
        (seq, name, path, codes, f"{name}结果") for seq, (name, path, codes) in zip(seqs, [
            ("规划许可", ["行政权力", "行政许可"], ["1", "1.1"]), ("施工许可", ["行政权力", "行政许可"], ["1", "1.1"]),
            ("违法处罚", ["行政权力", "行政处罚"], ["1", "1.2"]), ("低保名单", ["公共服务", "社会救助"], ["2", "2.1"]),
            ("特困名单", ["公共服务", "社会救助"], ["2", "2.1"])])], drafted_text


def test_an_item_numbered_with_a_code_and_blank_cells_stays_an_item(tmp_path):
    """Items numbered 1.1, 1.2 under the heading 1 行政权力 (2.1 under 2 公共服务), the first with its other cells
    blank: an item, and no item number a heading level."""
    lines = [HEADER, ["1", "行政权力"] + [""] * (len(HEADER) - 2), ["1.1", "规划许可"] + [""] * (len(HEADER) - 2),
             ["1.2", "施工许可", "施工许可结果", "《条例》", "20个工作日内", "某县人民政府", "政府网站", "主动公开"],
             ["2", "公共服务"] + [""] * (len(HEADER) - 2),
             ["2.1", "低保名单", "低保名单结果", "《条例》", "20个工作日内", "某县人民政府", "政府网站", "主动公开"]]
    wb = openpyxl.Workbook()
    wb.active.append(["某县政务公开事项目录"])
    for row in lines:
        wb.active.append(row)
    wb.save(tmp_path / "items.xlsx")
    cat, drafted_text = drafted(tmp_path, "items.xlsx")
    assert [(r.seq, r.name, r.category) for r in cat.records] == [
        ("1.1", "规划许可", ["行政权力"]), ("1.2", "施工许可", ["行政权力"]), ("2.1", "低保名单", ["公共服务"])], \
        drafted_text


def test_the_readmes_dotted_levels_read_as_it_says(tmp_path):
    """The dotted-code example of mappings/README.md (### Levels of headings, **Codes.**), pasted as written."""
    import textwrap
    readme = (Path(__file__).parent.parent / "mappings" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Levels of headings", 1)[1].split("**Codes.**", 1)[1]
    block = textwrap.dedent(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    cat = read(tmp_path, text(tmp_path, DOTTED), block)
    assert got(cat) == want(DOTTED)


@pytest.mark.parametrize("make", [xlsx, text], ids=["xlsx", "text"])
def test_one_level_of_coded_headings_keeps_each_code(make, tmp_path):
    """Only 2.1 最低生活保障 / 2.2 特困人员救助供养 over the items: one rule, the code whole and kept (it was cut after
    its first dot: '1 最低生活保障', no code)."""
    tree = [("2.1", "最低生活保障", ["低保审核", "低保名单"]), ("2.2", "特困人员救助供养", ["特困人员认定"])]
    cat, drafted_text = drafted(tmp_path, make(tmp_path, tree))
    assert got(cat) == want(tree), drafted_text


def test_a_compilations_bodies_over_dotted_codes(tmp_path):
    """一、县财政局 over 1 行政权力 over 1.1 行政许可: the body the subject, both coded levels the category path.
    (The items' own 公开主体 cells name their subject here.)"""
    tree = [("一、", "县财政局", [("1", "行政权力", [("1.1", "行政许可", ["财政许可"]), ("1.2", "行政处罚", ["财政处罚"])]),
                                 ("2", "公共服务", [("2.1", "预算公开", ["部门预算"])])]),
            ("二、", "县教育局", [("1", "行政权力", [("1.1", "行政许可", ["办学许可"])]),
                                 ("2", "公共服务", [("2.2", "招生考试", ["招生计划"])])])]
    cat, drafted_text = drafted(tmp_path, xlsx(tmp_path, tree))
    assert "  - role: subject" in drafted_text and drafted_text.count("  - role: category") == 2, drafted_text
    assert [(r.name, r.category, r.category_codes) for r in cat.records] == [
        (name, path[1:], codes[1:]) for name, path, codes in want(tree)]


def test_a_lone_coded_sub_heading_nests_and_ends_where_the_item_codes_say(tmp_path):
    """Rows of a code and a name alone in the 编号 column (2 社会救助, 2.1 最低生活保障) over items coded on from them:
    a lone 2.1 under 2 is a level inside it (its code says so; it needed two such headings: 社会救助 was replaced
    by 最低生活保障), and 2.2 临时救助 after 2.1's items is under 社会救助 alone (it was under 最低生活保障)."""
    head = ["编号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体"]
    rows = [["1", "机构信息"], ["1.1", "机构职能", "机构职能、内设机构", "《中华人民共和国政府信息公开条例》", "20个工作日内", "某县民政局"],
            ["1.2", "领导信息", "领导姓名", "《中华人民共和国政府信息公开条例》", "20个工作日内", "某县民政局"],
            ["2", "社会救助"], ["2.1", "最低生活保障"],
            ["2.1.1", "城市低保", "城市低保标准", "《社会救助暂行办法》", "每月10日前", "某县民政局"],
            ["2.1.2", "农村低保", "农村低保标准", "《社会救助暂行办法》", "每月10日前", "某县民政局"],
            ["2.2", "临时救助", "救助对象、救助金额", "《社会救助暂行办法》", "实时", "某县民政局"]]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r + [""] * (len(head) - len(r))) + "</tr>" for r in rows)
    (tmp_path / "mz.html").write_text(
        '<html><head><meta charset="utf-8"></head><body><h1>某县民政局政府信息公开目录</h1><table border=1><tr>'
        + "".join(f"<th>{h}</th>" for h in head) + f"</tr>{body}</table></body></html>", encoding="utf-8")
    cat, text = drafted(tmp_path, "mz.html")
    assert [(r.seq, r.category, r.category_codes) for r in cat.records] == [
        ("1.1", ["机构信息"], ["1"]), ("1.2", ["机构信息"], ["1"]),
        ("2.1.1", ["社会救助", "最低生活保障"], ["2", "2.1"]), ("2.1.2", ["社会救助", "最低生活保障"], ["2", "2.1"]),
        ("2.2", ["社会救助"], ["2"])], text


def test_one_coded_section_over_items_coded_on_from_it_is_their_category(tmp_path):
    """A single heading row (1 | 行政权力) over items coded 1.1, 1.2: their first category level, its code kept (the
    draft wanted two titles at least: every item lost its category)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某县政务公开事项目录"])
    ws.append(["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开方式"])
    ws.append(["1", "行政权力"])
    for seq, name in (("1.1", "规划许可"), ("1.2", "施工许可")):
        ws.append([seq, name, name + "结果", "《条例》", "20个工作日内", "某县人民政府", "政府网站", "主动公开"])
    wb.save(tmp_path / "f.xlsx")
    cat, text = drafted(tmp_path, "f.xlsx")
    assert [(r.seq, r.name, r.category, r.category_codes) for r in cat.records] == [
        ("1.1", "规划许可", ["行政权力"], ["1"]), ("1.2", "施工许可", ["行政权力"], ["1"])], text


# -- codes of one part alone ------------------------------------------------------------------------

@pytest.mark.parametrize("mark", ["", "、", "."], ids=["space", "dun", "dot"])
@pytest.mark.parametrize("make", FORMS, ids=lambda f: f.__name__)
def test_headings_numbered_with_one_part_alone_keep_their_codes(make, mark, tmp_path):
    """1 行政权力, 2 公共服务, 3 机构信息 (or 1、…, 1. …) over their items, no 1.1 below: every heading numbered so,
    each number its own, the number is the category's code (it was cut off and lost); an item whose name opens
    with digits (12345热线) keeps them."""
    tree = [(f"1{mark}", "行政权力", ["许可结果", "处罚结果"]), (f"2{mark}", "公共服务", ["12345热线", "低保名单"]),
            (f"3{mark}", "机构信息", ["机构职能"])]
    cat, drafted_text = drafted(tmp_path, make(tmp_path, tree))
    assert got(cat) == [(name, path, [code.rstrip("、.")]) for name, path, [code] in want(tree)], drafted_text
    assert "(?P<code>" in drafted_text


def test_one_part_numbers_some_heading_lacks_are_no_codes(tmp_path):
    """Headings not all numbered with a number of their own (1 行政权力, 2 公共服务, 1 其他: numbered afresh) give no
    codes: the words are the categories."""
    tree = [("1", "行政权力", ["许可结果"]), ("2", "公共服务", ["低保名单"]), ("1", "其他信息", ["机构职能"])]
    cat, drafted_text = drafted(tmp_path, xlsx(tmp_path, tree))
    assert got(cat) == [("许可结果", ["行政权力"], [""]), ("低保名单", ["公共服务"], [""]),
                        ("机构职能", ["其他信息"], [""])], drafted_text
