"""Text copies of catalogues whose items span several rows: 序号, 事项名称 (and 公开依据, 公开时限, 公开主体 …)
merged down over two to four rows, one 公开内容 element (or one element and its own 公开时限 or 公开渠道) a row.
Selected in a browser and pasted (tab-separated), or copied one cell per line, the rows below the item's first
print only the cells that are not merged: one or two, moved left. They are the item's, as a web page's rowspans
read (records.join_fragments joins its rows, its cells after a ；), not section titles nor items of their own;
titles between the groups (一、机构信息, （一）…, a heading over items numbered from 1 again) stay titles, and a
table heading its groups with unnumbered rows keeps reading them as titles (mappings/readers/assemble.py
`_below_rowspans`, records.reseat_lost_merges(lost_item=True), cell_per_line: blocks short of the columns).
Every fixture is built here: the body as rows of cells, None where a cell above is merged down over it.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.cells import compact

from .conftest import BASE
from .test_wordings import drafted

LAW = "《中华人民共和国政府信息公开条例》第二十条"
T20 = "信息形成或变更之日起20个工作日内"
HEADER = ["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]

#: titles numbered as sections between groups of items of one to four rows, the last item over two
NUMBERED = [
    "一、机构信息",
    ["1", "机构职能", "机构职能", LAW, T20, "办公室", "政府网站"],
    [None, None, "内设机构", None, None, None, None],
    [None, None, "办公地址、办公时间", None, None, None, None],
    ["2", "领导信息", "领导姓名、职务、分工", LAW, T20, "办公室", "政府网站"],
    "二、政策文件",
    "（一）规范性文件",
    ["3", "规范性文件", "本部门制发的规范性文件", LAW, T20, "法规科", "政府网站"],
    [None, None, "规范性文件解读", None, None, None, None],
    "（二）规划计划",
    ["4", "规划计划", "发展规划", "国办发〔2017〕47号", T20, "规划科", "政府网站"],
    [None, None, "年度工作计划", None, None, None, None],
    [None, None, "工作总结", None, None, None, None],
    [None, None, "专项规划", None, None, None, None],
    ["5", "统计信息", "统计公报", "国办发〔2017〕47号", T20, "统计科", "政府网站"],
    "三、财政信息",
    ["6", "政府采购", "采购项目信息", LAW, T20, "财务科", "政府网站"],
    ["7", "财政预决算", "部门预算", LAW, "批复后20日内", "财务科", "政府网站"],
    [None, None, "部门决算", None, None, None, None],
]
NUMBERED_KEY = [  # name, category (the title over it), 公开内容, 公开时限, 公开主体
    ("机构职能", "机构信息", "机构职能；内设机构；办公地址、办公时间", T20, "办公室"),
    ("领导信息", "机构信息", "领导姓名、职务、分工", T20, "办公室"),
    ("规范性文件", "规范性文件", "本部门制发的规范性文件；规范性文件解读", T20, "法规科"),
    ("规划计划", "规划计划", "发展规划；年度工作计划；工作总结；专项规划", T20, "规划科"),
    ("统计信息", "规划计划", "统计公报", T20, "统计科"),
    ("政府采购", "财政信息", "采购项目信息", T20, "财务科"),
    ("财政预决算", "财政信息", "部门预算；部门决算", "批复后20日内", "财务科"),
]

#: a first level merged over its items too, and rows below an item's printing their own 公开渠道 or 公开时限
CATEGORY_HEADER = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]
CATEGORY = [
    ["1", "机构信息", "机构职能", "机构职能", LAW, T20, "办公室", "政府网站"],
    [None, None, None, "内设机构", None, None, None, "政府网站、公告栏"],
    [None, None, None, "办公地址、办公时间", None, None, None, "政府网站"],
    ["2", None, "领导信息", "领导姓名、职务、分工", LAW, T20, "办公室", "政府网站"],
    ["3", "政策文件", "规范性文件", "本部门制发的规范性文件", LAW, "文件印发之日起20个工作日内", "法规科", "政府网站"],
    [None, None, None, "规范性文件解读", None, "解读发布之日起3个工作日内", None, None],
    ["4", None, "规划计划", "发展规划", "国办发〔2017〕47号", T20, "规划科", "政府网站"],
    [None, None, None, "年度工作计划", None, None, None, None],
    [None, None, None, "工作总结", None, None, None, None],
    ["5", "财政信息", "财政预决算", "部门预算", LAW, "批复后20日内", "财务科", "政府网站"],
    [None, None, None, "部门决算", None, None, None, None],
]
CATEGORY_KEY = [  # name, category, 公开内容, 公开时限, 公开主体, 公开渠道
    ("机构职能", "机构信息", "机构职能；内设机构；办公地址、办公时间", T20, "办公室", ["信息公告栏", "政府网站"]),
    ("领导信息", "机构信息", "领导姓名、职务、分工", T20, "办公室", ["政府网站"]),
    ("规范性文件", "政策文件", "本部门制发的规范性文件；规范性文件解读", "文件印发之日起20个工作日内；解读发布之日起3个工作日内",
     "法规科", ["政府网站"]),
    ("规划计划", "政策文件", "发展规划；年度工作计划；工作总结", T20, "规划科", ["政府网站"]),
    ("财政预决算", "财政信息", "部门预算；部门决算", "批复后20日内", "财务科", ["政府网站"]),
]


def printed(body: list) -> list:
    """Per row: a title's text, or the cells it prints (a cell merged down from above is not printed)."""
    return [row if isinstance(row, str) else [t for t in row if t is not None] for row in body]


def tsv(path: Path, header: list[str], body: list, after: tuple[str, ...] = ()) -> Path:
    """A web page's table selected and pasted: one line a row, a tab between the cells it prints."""
    lines = ["某局政府信息公开目录", "\t".join(header)]
    lines += [row if isinstance(row, str) else "\t".join(row) for row in printed(body)]
    path.write_text("\n".join([*lines, *after]) + "\n", encoding="utf-8")
    return path


def cell_per_line(path: Path, header: list[str], body: list, tab_titles: bool = False) -> Path:
    """A Word table copied one cell a tab-led line, a blank line after each row (a title: a line of its own,
    tab-led or not)."""
    lines = ["某局政府信息公开目录", ""]
    for row in [header, *printed(body)]:
        if isinstance(row, str):
            lines += [("\t" if tab_titles else "") + row, ""]
        else:
            lines += ["\t" + t for t in row] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def web_page(path: Path, header: list[str], body: list) -> Path:
    """The page itself: rowspans."""
    trs = ["<tr>" + "".join(f"<th>{t}</th>" for t in header) + "</tr>"]
    for n, row in enumerate(body):
        if isinstance(row, str):
            trs.append(f"<tr><td colspan={len(header)}>{row}</td></tr>")
            continue
        tds = []
        for j, text in enumerate(row):
            if text is None:
                continue
            k = 1
            while n + k < len(body) and not isinstance(body[n + k], str) and body[n + k][j] is None:
                k += 1
            tds.append(f"<td rowspan={k}>{html.escape(text)}</td>")
        trs.append("<tr>" + "".join(tds) + "</tr>")
    path.write_text("<html><head><meta charset=utf-8></head><body><p>某局政府信息公开目录</p><table border=1>"
                    + "".join(trs) + "</table></body></html>", encoding="utf-8")
    return path


def without_seq(header: list[str], body: list) -> tuple[list[str], list]:
    return header[1:], [row if isinstance(row, str) else row[1:] for row in body]


def read(records) -> list[tuple]:
    return [(r.name, "/".join(r.category), compact(r.content or ""), r.time_limit.text if r.time_limit else "",
             r.subject) for r in records]


def want(key) -> list[tuple]:
    return [(name, cat, compact(content), limit, subject) for name, cat, content, limit, subject, *_ in key]


@pytest.mark.parametrize("seq", [True, False], ids=["序号", "no-序号"])
@pytest.mark.parametrize("form", ["tsv", "cell-per-line", "cell-per-line-tab-titles"])
def test_a_text_copy_of_items_over_several_rows_under_numbered_titles(form, seq, tmp_path):
    # the rows below an item's first were section titles (内设机构 the title of 领导信息) and their 公开内容
    # lost; a one-cell-per-line copy did not read ("row has 9 cells, the mapping declares 7 columns")
    header, body = (HEADER, NUMBERED) if seq else without_seq(HEADER, NUMBERED)
    if form == "tsv":
        tsv(tmp_path / "c.txt", header, body)
    else:
        cell_per_line(tmp_path / "c.txt", header, body, tab_titles=form.endswith("titles"))
    cat, text = drafted(tmp_path, "c.txt")
    assert read(cat.records) == want(NUMBERED_KEY), text
    sections = [w for w in cat.warnings if "read as the title" in w]
    assert not any(t in w for w in sections for t in ("内设机构", "工作总结", "部门决算")), sections


@pytest.mark.parametrize("form", ["html", "tsv", "cell-per-line"])
def test_rows_below_an_item_printing_their_own_channel_or_time_limit(form, tmp_path):
    # a first level merged over items too: the rows below print one or two cells (内设机构 | 政府网站、公告栏);
    # they were items named by their channel (政府网站、公告栏) or glued to the next row
    make = {"html": web_page, "tsv": tsv, "cell-per-line": cell_per_line}[form]
    path = make(tmp_path / ("c.html" if form == "html" else "c.txt"), CATEGORY_HEADER, CATEGORY)
    cat, text = drafted(tmp_path, path.name)
    assert read(cat.records) == want(CATEGORY_KEY), text
    from zwgk.ontology import code_lists
    codes = code_lists(BASE)
    assert [sorted(codes.label(c) for c in r.channels) for r in cat.records] == [k[5] for k in CATEGORY_KEY]


MAPPING = """catalogue: {{id: rowspans, source: {source}, title: 某局政府信息公开目录}}
agency: {{id: rowspans, name: 某局}}
reader: {reader}
titles: {{role: category, pattern: '^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.+)$'}}
realign: true
columns:
  - {{role: seq, header: [序号]}}
  - {{role: name, header: [事项名称]}}
  - {{role: content, header: [公开内容]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: time_limit, header: [公开时限]}}
  - {{role: subject, header: [公开主体]}}
  - {{role: channels, header: [公开渠道]}}
"""


@pytest.mark.parametrize("reader", ["tsv", "cell-per-line"])
def test_an_explicit_mapping_reads_the_items_over_several_rows(reader, tmp_path):
    (tmp_path / "c.txt").unlink(missing_ok=True)
    (tsv if reader == "tsv" else cell_per_line)(tmp_path / "c.txt", HEADER, NUMBERED)
    (tmp_path / "m.yaml").write_text(MAPPING.format(source="c.txt", reader=reader), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)
    assert read(cat.records) == want(NUMBERED_KEY)
    lines = {r.name: (r.first_line, r.last_line) for r in cat.records}
    assert lines["规划计划"][1] > lines["规划计划"][0]      # the item's source runs over its rows


HEADINGS = [
    "机构信息",
    ["1", "机构职能", "机构职能、内设机构", LAW, T20, "办公室", "政府网站"],
    ["2", "领导信息", "领导姓名、职务、分工", LAW, T20, "办公室", "政府网站"],
    "政策文件",
    ["3", "规范性文件", "本部门制发的规范性文件", LAW, T20, "法规科", "政府网站"],
    "财政信息",
    ["4", "财政预决算", "部门预算、部门决算", LAW, T20, "财务科", "政府网站"],
]


@pytest.mark.parametrize("seq", [True, False], ids=["序号", "no-序号"])
@pytest.mark.parametrize("form", ["tsv", "cell-per-line-tab-titles"])
def test_unnumbered_headings_over_groups_stay_titles(form, seq, tmp_path):
    # a table heading its groups with unnumbered one-cell rows (the first right under the header): 政策文件,
    # after an item's row, is the title of the items below, not that item's 公开内容
    header, body = (HEADER, HEADINGS) if seq else without_seq(HEADER, HEADINGS)
    if form == "tsv":
        tsv(tmp_path / "c.txt", header, body)
    else:
        cell_per_line(tmp_path / "c.txt", header, body, tab_titles=True)
    cat, text = drafted(tmp_path, "c.txt")
    assert [(r.name, "/".join(r.category), r.content) for r in cat.records] == [
        ("机构职能", "机构信息", "机构职能、内设机构"), ("领导信息", "机构信息", "领导姓名、职务、分工"),
        ("规范性文件", "政策文件", "本部门制发的规范性文件"), ("财政预决算", "财政信息", "部门预算、部门决算")], text


RESTART = [
    ["1", "最低生活保障", "低保对象名单", LAW, T20, "民政局", "政府网站"],
    [None, None, "保障标准", None, None, None, None],
    ["2", "特困人员救助供养", "供养标准、供养人员名单", LAW, T20, "民政局", "政府网站"],
    [None, None, "救助程序", None, None, None, None],
    "养老服务领域",
    ["1", "养老机构", "养老机构名录", LAW, T20, "民政局", "政府网站"],
    [None, None, "服务收费标准", None, None, None, None],
    ["2", "高龄津贴", "发放对象、发放标准", LAW, T20, "民政局", "政府网站"],
]


def test_an_unnumbered_title_over_items_numbered_again_from_1(tmp_path):
    # 养老服务领域 after 救助程序 (the rest of item 2): the items under it are numbered from 1 again
    tsv(tmp_path / "c.txt", HEADER, RESTART, after=("本目录根据工作实际动态调整。",))
    cat, text = drafted(tmp_path, "c.txt")
    assert [(r.name, r.content) for r in cat.records] == [
        ("最低生活保障", "低保对象名单；保障标准"), ("特困人员救助供养", "供养标准、供养人员名单；救助程序"),
        ("养老机构", "养老机构名录；服务收费标准"), ("高龄津贴", "发放对象、发放标准")], text
    assert [r.category[-1] if r.category else "" for r in cat.records][2:] == ["养老服务领域"] * 2, text
    # a sentence after the last item is the table's note, not its 公开内容
    assert "本目录根据工作实际动态调整。" in cat.table.trailer


OWN_TIME = [
    ["1", "财政预决算", "部门预算", LAW, "批复后20日内", "财务科", "政府网站"],
    [None, None, "部门决算", None, "批准后20日内", None, None],
    ["2", "政府采购", "采购意向", LAW, "采购活动开始前30日", "财务科", "政府网站"],
    [None, None, "中标结果", None, "确定中标供应商之日起2个工作日内", None, None],
    [None, None, "合同", None, "合同签订之日起2个工作日内", None, None],
    ["3", "机构职能", "机构职能、内设机构", LAW, T20, "办公室", "政府网站"],
]


@pytest.mark.parametrize("seq", [True, False], ids=["序号", "no-序号"])
@pytest.mark.parametrize("form", ["tsv", "cell-per-line"])
def test_rows_below_an_item_printing_an_element_and_its_time_limit(form, seq, tmp_path):
    # 部门决算 | 批准后20日内 under 财政预决算: without a 序号 column it was an item 部门决算 whose 公开内容 was a
    # time limit (both cells fit where they were printed)
    header, body = (HEADER, OWN_TIME) if seq else without_seq(HEADER, OWN_TIME)
    (tsv if form == "tsv" else cell_per_line)(tmp_path / "c.txt", header, body)
    cat, text = drafted(tmp_path, "c.txt")
    assert [(r.name, r.content, r.time_limit.text) for r in cat.records] == [
        ("财政预决算", "部门预算；部门决算", "批复后20日内；批准后20日内"),
        ("政府采购", "采购意向；中标结果；合同", "采购活动开始前30日；确定中标供应商之日起2个工作日内；合同签订之日起2个工作日内"),
        ("机构职能", "机构职能、内设机构", T20)], text
    assert all(r.subject == ("财务科" if n < 2 else "办公室") for n, r in enumerate(cat.records))


# Guards: one-cell rows after an item's row that are no part of it (a regression of the rows-below-rowspans reading:
# the title glued to the item's 公开内容, the items below losing their category).

def _item(n: int, name: str, content: str) -> list[str]:
    return [str(n), name, content, LAW, T20, "市场监管局", "政府网站"]


#: section titles met only after items: unnumbered (行政许可类), under a numbered one, or numbered 1. 2.
GROUP_TITLES = {
    "unnumbered": [_item(1, "机构职能", "主要职责"), _item(2, "领导信息", "领导姓名、分工"),
                   "行政许可类", _item(3, "食品经营许可", "许可条件、程序"), _item(4, "许可结果", "许可决定书"),
                   "行政处罚类", _item(5, "处罚依据", "处罚裁量基准"), _item(6, "处罚结果", "处罚决定书")],
    "sub-titles": ["一、机构信息", _item(1, "机构职能", "主要职责"), _item(2, "领导信息", "领导姓名、分工"),
                   "二、执法信息", "行政许可类", _item(3, "食品经营许可", "许可条件、程序"),
                   _item(4, "许可结果", "许可决定书"),
                   "行政处罚类", _item(5, "处罚依据", "处罚裁量基准"), _item(6, "处罚结果", "处罚决定书")],
    "numbered-sub-titles": ["一、机构信息", _item(1, "机构职能", "主要职责"), _item(2, "领导信息", "领导姓名、分工"),
                            "二、执法信息", "1.许可", _item(3, "食品经营许可", "许可条件、程序"),
                            _item(4, "许可结果", "许可决定书"),
                            "2.处罚", _item(5, "处罚依据", "处罚裁量基准"), _item(6, "处罚结果", "处罚决定书")],
}


@pytest.mark.parametrize("form", ["tsv", "cell-per-line"])
@pytest.mark.parametrize("layout", list(GROUP_TITLES))
def test_titles_after_items_stay_titles(layout, form, tmp_path):
    # 行政处罚类 (or 2.处罚) after item 4's row was read as its next row: 公开内容 '许可决定书；行政处罚类', and the
    # items below under the title before (or none)
    body = GROUP_TITLES[layout]
    (tsv if form == "tsv" else cell_per_line)(tmp_path / "c.txt", HEADER, body)
    cat, text = drafted(tmp_path, "c.txt")
    assert [r.content for r in cat.records] == ["主要职责", "领导姓名、分工", "许可条件、程序", "许可决定书",
                                               "处罚裁量基准", "处罚决定书"], text
    last = [r.category[-1] if r.category else "" for r in cat.records]
    assert last[2:] == ({"numbered-sub-titles": ["许可"] * 2 + ["处罚"] * 2}.get(layout)
                        or ["行政许可类"] * 2 + ["行政处罚类"] * 2), text


def _page(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["\t".join(header), *("\t".join(r) for r in rows)]


def test_a_page_title_over_the_header_printed_again_is_no_items_content(tmp_path):
    # a printout copied as text: each page repeats a title line and the header; the title line after the last item
    # of a page was glued to its 公开内容 ('领导姓名、分工；某街道政府信息公开目录')
    lines = ["某街道政府信息公开目录", *_page(HEADER, [_item(1, "机构职能", "主要职责"), _item(2, "领导信息", "领导姓名、分工")]),
             "- 1 -", "\f某街道政府信息公开目录", *_page(HEADER, [_item(3, "最低生活保障", "低保对象名单、保障标准"),
                                                          _item(4, "临时救助", "救助对象、救助金额")]),
             "第1页/共3页", "某街道办事处", *_page(HEADER, [_item(5, "特困供养", "特困人员名单")]), "2/3"]
    (tmp_path / "c.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "c.txt")
    assert [r.content for r in cat.records] == ["主要职责", "领导姓名、分工", "低保对象名单、保障标准",
                                               "救助对象、救助金额", "特困人员名单"], text


def test_a_page_title_over_the_header_printed_again_one_cell_per_line(tmp_path):
    # the same printout copied one cell a line: the reader skips the header printed again; the title line over it
    # was read as the next row of the page's last item
    def block(cells):
        return ["\t" + t for t in cells] + [""]
    lines = ["某街道政府信息公开目录", "", *block(HEADER), *block(_item(1, "机构职能", "主要职责")),
             *block(_item(2, "领导信息", "领导姓名、分工")), "第 1 页 共 2 页", "", "某街道政府信息公开目录", "",
             *block(HEADER), *block(_item(3, "最低生活保障", "低保对象名单、保障标准")), "第 2 页 共 2 页"]
    (tmp_path / "c.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "c.txt")
    assert [r.content for r in cat.records] == ["主要职责", "领导姓名、分工", "低保对象名单、保障标准"], text


#: rows below an item printing its own 公开渠道 or 公开依据 alone (one more channel, one more law a row)
OWN_CHANNEL = [
    ["1", "机构信息", "机构职能", "机构职能、内设机构", LAW, T20, "民政局", "政府网站"],
    [None, None, None, None, None, None, None, "政务微信"],
    [None, None, None, None, None, None, None, "信息公告栏"],
    ["2", None, "领导信息", "领导姓名、职务、分工", LAW, T20, "民政局", "政府网站"],
    ["3", "社会救助", "最低生活保障", "低保标准、低保对象名单", "《社会救助暂行办法》", "每月10日前", "民政局", "信息公告栏"],
    [None, None, None, None, "《最低生活保障审核确认办法》", None, None, None],
    ["4", None, "临时救助", "救助对象、救助金额", "《社会救助暂行办法》", "实时", "民政局", "政府网站"],
]


@pytest.mark.parametrize("form", ["tsv", "cell-per-line"])
def test_rows_below_an_item_printing_only_a_channel_or_a_law(form, tmp_path):
    # 政务微信 / 《最低生活保障审核确认办法》 alone under an item went into its 公开内容 ('机构职能、内设机构；政务微信')
    (tsv if form == "tsv" else cell_per_line)(tmp_path / "c.txt", CATEGORY_HEADER, OWN_CHANNEL)
    cat, text = drafted(tmp_path, "c.txt")
    from zwgk.ontology import code_lists
    codes = code_lists(BASE)
    assert [r.content for r in cat.records] == ["机构职能、内设机构", "领导姓名、职务、分工", "低保标准、低保对象名单",
                                               "救助对象、救助金额"], text
    assert [sorted(codes.label(c) for c in r.channels) for r in cat.records][0] == ["信息公告栏", "政务微信", "政府网站"]
    assert len(cat.records[2].legal_basis) == 2, text


@pytest.mark.parametrize("form", ["tsv", "cell-per-line"])
def test_an_element_ending_as_some_titles_do_stays_the_items(form, tmp_path):
    """…信息 and …事项 end group titles (执法信息, 依申请公开事项) and elements alike (中标信息): a one-cell row so worded
    after an item's row is the item's unless a title no item precedes ends so too (中标信息 was read as the title of
    the items below, the element lost, without a word); one ending in 类 or 领域 titles the items below."""
    header = ["序号", "事项名称", "公开内容", "公开时限"]
    body = [["1", "政府采购", "采购公告", "20个工作日内"], [None, None, "中标信息", None],
            ["2", "财政预算", "部门预算", "批准后20日内"], "行政处罚类", ["3", "行政处罚", "处罚决定", "7个工作日内"]]
    make = tsv if form == "tsv" else cell_per_line
    make(tmp_path / "a.txt", header, body)
    cat, text = drafted(tmp_path, "a.txt")
    assert [(r.name, r.content) for r in cat.records] == [
        ("政府采购", "采购公告；中标信息"), ("财政预算", "部门预算"), ("行政处罚", "处罚决定")], text
    assert cat.records[-1].category[-1:] == ["行政处罚类"], text


@pytest.mark.parametrize("form", ["tsv", "cell-per-line"])
def test_rows_below_an_item_naming_a_document_it_publishes_are_its_content(form, tmp_path):
    """A row under an item's holding a document's title alone (《政府工作报告》, 《XX区国民经济和社会发展统计公报》: a
    document the item publishes) is the item's 公开内容, as the web page's rowspans read: it was taken for the
    item's 公开依据 (a title in 《》), and the bulletin for a 政府公报 channel (公报 read in it), its text lost. A
    law or a notice with its number alone so is still the item's 公开依据."""
    notice = "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
    body = [["1", "政府工作报告", "年度政府工作报告全文", LAW, T20, "办公室", "政府网站"],
            [None, None, "《政府工作报告》", None, None, None, None],
            ["2", "统计公报", "国民经济和社会发展统计公报", "《中华人民共和国统计法》", T20, "统计科", "政府网站"],
            [None, None, "《XX区国民经济和社会发展统计公报》", None, None, None, None],
            ["3", "规范性文件", "本部门制发的规范性文件", LAW, T20, "法规科", "政府网站"],
            [None, None, None, notice, None, None, None],
            ["4", "财政预决算", "部门预算", LAW, "批复后20日内", "财务科", "政府网站"]]
    (tsv if form == "tsv" else cell_per_line)(tmp_path / "c.txt", HEADER, body)
    cat, text = drafted(tmp_path, "c.txt")
    from zwgk.ontology import code_lists
    codes = code_lists(BASE)
    assert [(r.name, r.content, [c.text for c in r.legal_basis]) for r in cat.records] == [
        ("政府工作报告", "年度政府工作报告全文；《政府工作报告》", [LAW]),
        ("统计公报", "国民经济和社会发展统计公报；《XX区国民经济和社会发展统计公报》", ["《中华人民共和国统计法》"]),
        ("规范性文件", "本部门制发的规范性文件", [LAW, notice]),
        ("财政预决算", "部门预算", [LAW])], text
    assert [[codes.label(c) for c in r.channels] for r in cat.records] == [["政府网站"]] * 4


def test_the_words_ending_a_groups_title_are_data(tmp_path, monkeypatch):
    """The words a group's title ends with are mappings/section-titles.yaml's (strong: 类, 领域; weak: 事项, 信息), not
    code: a word added there (专栏) makes a one-cell row so worded after an item's row the title of the items below,
    as 行政处罚类 is; with the shipped words that row is the item's next 公开内容 element."""
    import importlib

    import yaml
    assemble = importlib.import_module("zwgk.mappings.readers.assemble")    # (the package's `assemble` is a function)
    shipped = yaml.safe_load(assemble.SECTION_TITLES_FILE.read_text(encoding="utf-8"))
    assert shipped == {"strong": ["类", "领域"], "weak": ["事项", "信息"]}
    header = ["序号", "事项名称", "公开内容", "公开时限"]
    body = [["1", "政府采购", "采购公告", "20个工作日内"], "政务公开专栏", ["2", "行政处罚", "处罚决定", "7个工作日内"]]
    tsv(tmp_path / "a.txt", header, body)
    cat, text = drafted(tmp_path, "a.txt")
    assert [(r.name, r.content) for r in cat.records] == [("政府采购", "采购公告；政务公开专栏"), ("行政处罚", "处罚决定")], text
    words = tmp_path / "section-titles.yaml"
    words.write_text("strong: [类, 领域, 专栏]\nweak: [事项, 信息]\n", encoding="utf-8")
    monkeypatch.setattr(assemble, "SECTION_TITLES_FILE", words)
    assemble.title_endings.cache_clear()
    try:
        cat, text = drafted(tmp_path, "a.txt")
    finally:
        assemble.title_endings.cache_clear()
    assert [(r.name, r.content) for r in cat.records] == [("政府采购", "采购公告"), ("行政处罚", "处罚决定")], text
    assert cat.records[1].category[-1:] == ["政务公开专栏"], text
