"""Web-page catalogues: each quirk of real HTML tables, on small pages built here as strings (and bytes in
GB18030, GBK, UTF-8 and UTF-8 with a byte-order mark), read with `read_html` into a `Document`.

Covered: rowspan/colspan (quoted, unquoted, malformed, clamped, rowspan=0), <thead>/<tbody>/<tfoot>,
line breaks and blocks inside cells, nested layout tables, several data tables and the text around them,
declared / missing / wrong charsets, check boxes in every form agencies publish, and hostile input
(no table, binary files, grid-size bombs, deep nesting, DTD entities).
"""
from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from zwgk.mappings.readers.base import Document, ReadError, ReadOptions
from zwgk.mappings.readers.html import read_html


def page(body: str, head: str = '<meta charset="utf-8">', title: str = "政务公开目录") -> str:
    return f"<!DOCTYPE html>\n<html><head>{head}<title>{title}</title></head>\n<body>\n{body}\n</body></html>\n"


def read(tmp_path: Path, content: str | bytes, name: str = "目录.html", encoding: str | None = None) -> Document:
    file = tmp_path / name
    if isinstance(content, str):
        file.write_text(content, encoding="utf-8")
    else:
        file.write_bytes(content)
    return read_html(f"catalogues/{name}", file, ReadOptions(encoding=encoding))


def texts(grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def fails(tmp_path: Path, content: str | bytes, message: str, name: str = "目录.html", **kw) -> ReadError:
    with pytest.raises(ReadError) as e:
        read(tmp_path, content, name, **kw)
    assert str(e.value).startswith(f"catalogues/{name}"), str(e.value)
    assert message in str(e.value), str(e.value)
    return e.value


# ---------------------------------------------------------------------------------------------------
# merges
# ---------------------------------------------------------------------------------------------------

MERGED = page("""
<table border="1">
  <tr><th>序号</th><th colspan="2">公开事项</th><th>公开方式</th></tr>
  <tr><td rowspan="2">1</td><td>行政许可</td><td>许可条件</td><td rowspan=3>政府网站</td></tr>
  <tr><td colspan=2>许可程序</td></tr>
  <tr><td>2</td><td rowspan="2px">行政处罚</td><td>处罚依据</td></tr>
  <tr><td>3</td><td>处罚结果</td></tr>
</table>""")


def test_rowspan_colspan_expand_into_a_rectangle(tmp_path):
    doc = read(tmp_path, MERGED)
    assert len(doc.tables) == 1
    g = doc.tables[0]
    assert (g.name, g.index, g.numbers, g.width) == ("table 1", 1, [1, 2, 3, 4, 5], 4)
    assert texts(g) == [
        ["序号", "公开事项", "公开事项", "公开方式"],
        ["1", "行政许可", "许可条件", "政府网站"],
        ["1", "许可程序", "许可程序", "政府网站"],
        ["2", "行政处罚", "处罚依据", "政府网站"],
        ["3", "行政处罚", "处罚结果", ""],
    ]


def test_spans_origins_and_merged_flags(tmp_path):
    g = read(tmp_path, MERGED).tables[0]
    head = g.rows[0]
    assert (head[1].span, head[1].origin, head[1].merged) == ((1, 2), None, False)
    assert (head[2].span, head[2].origin, head[2].merged) == ((1, 1), (1, 2), False)   # covered from the left
    one = g.rows[1][0]
    assert (one.span, one.origin, one.merged) == ((2, 1), None, False)
    below = g.rows[2][0]
    assert (below.text, below.origin, below.merged) == ("1", (2, 1), True)           # covered from above
    assert [(c.col, c.origin, c.merged) for c in g.rows[2]] == [
        (1, (2, 1), True), (2, None, False), (3, (3, 2), False), (4, (2, 4), True)]
    assert g.rows[1][3].span == (3, 1)                                                # unquoted rowspan=3
    assert g.rows[3][1].span == (2, 1) and g.rows[4][1].origin == (4, 2)              # rowspan="2px" → 2
    pad = g.rows[4][3]
    assert (pad.text, pad.col, pad.origin, pad.merged) == ("", 4, None, False)        # short row padded
    for no, row in zip(g.numbers, g.rows):
        assert [c.col for c in row] == [1, 2, 3, 4]
        assert all(c.first_line == c.last_line == no for c in row)
        assert g.one_cell(g.numbers.index(no)) is False
    assert g.row_text(0) == "序号 公开事项 公开方式"                                   # each real cell once


def test_a_span_a_hidden_row_starts_covers_the_rows_shown_below_it(tmp_path):
    """A row the page hides (display:none: Word's or Excel's web page of a table with a hidden row) whose first
    level starts a rowspan: its own text is left out, the span's text covers the rows shown below it, the first of
    them its top-left (as a spreadsheet's merge under a hidden row is read); the cells were blank, and the rows
    below took the category of the item above the hidden row."""
    g = read(tmp_path, page("""<table>
      <tr><td>序号</td><td>类别</td><td>公开事项</td></tr>
      <tr><td>1</td><td>收费信息</td><td>住宿费</td></tr>
      <tr style="display:none;mso-hide:all"><td></td><td rowspan=4 colspan=2>学生管理</td></tr>
      <tr><td>2</td></tr>
      <tr style="display:none"><td>（停用）</td></tr>
      <tr><td>3</td></tr>
      <tr><td>4</td><td>教师信息</td><td>教师招聘</td></tr></table>""")).tables[0]
    assert texts(g) == [["序号", "类别", "公开事项"], ["1", "收费信息", "住宿费"], ["", "", ""],
                        ["2", "学生管理", "学生管理"], ["", "学生管理", "学生管理"], ["3", "学生管理", "学生管理"],
                        ["4", "教师信息", "教师招聘"]]
    top, right = g.rows[3][1], g.rows[3][2]
    assert (top.merged, top.origin, top.span) == (False, None, (3, 2))          # shown first here: its top
    assert (right.merged, right.origin) == (False, (4, 2))                      # covered from the left
    assert [(c.merged, c.origin) for c in g.rows[5][1:]] == [(True, (4, 2)), (True, (4, 2))]
    assert [(c.merged, c.origin) for c in g.rows[4][1:]] == [(True, (4, 2)), (True, (4, 2))]   # (hidden: blank row)


def test_provenance(tmp_path):
    g = read(tmp_path, MERGED).tables[0]
    assert g.fragment(2, 2) == "table=1&row=2"
    assert g.fragment(2, 5) == "table=1&row=2-5"


@pytest.mark.parametrize("attrs, span", [
    ('colspan=""', (1, 1)), ('colspan="0"', (1, 1)), ("colspan=abc", (1, 1)), ('colspan=" 2 "', (1, 2)),
    ('colspan="+2"', (1, 2)), ('colspan="-2"', (1, 1)), ('colspan="2.7"', (1, 2)), ("colspan=2px", (1, 2)),
    ('rowspan=""', (1, 1)), ('rowspan="x3"', (1, 1)), ("rowspan='2'", (2, 1)),
])
def test_malformed_span_attributes_read_by_their_leading_digits(tmp_path, attrs, span):
    doc = read(tmp_path, page(f"<table><tr><td {attrs}>a</td><td>b</td><td>c</td></tr>"
                              "<tr><td>d</td><td>e</td><td>f</td></tr></table>"))
    assert doc.tables[0].rows[0][0].span == span


def test_rowspan_zero_reaches_the_end_of_its_row_group(tmp_path):
    g = read(tmp_path, page("""<table>
      <tbody><tr><td rowspan="0">组一</td><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></tbody>
      <tbody><tr><td>组二</td><td>d</td></tr></tbody></table>""")).tables[0]
    assert texts(g) == [["组一", "a"], ["组一", "b"], ["组一", "c"], ["组二", "d"]]
    assert g.rows[0][0].span == (3, 1) and g.rows[2][0].merged


def test_huge_spans_are_clamped(tmp_path):
    wide = read(tmp_path, page('<table><tr><td colspan="99999">标题</td></tr><tr><td>a</td></tr></table>')).tables[0]
    assert wide.width == 1000 and wide.rows[0][0].span == (1, 1000) and wide.one_cell(0)
    assert len(wide.rows) == 2 and all(len(r) == 1000 for r in wide.rows)
    assert (wide.rows[1][0].text, wide.rows[1][999].text) == ("a", "")
    tall = read(tmp_path, page('<table><tr><th>事项</th><th>方式</th></tr><tr><td rowspan="99999">a</td><td>b</td></tr>'
                               '<tr><td>c</td></tr></table>')).tables[0]
    assert tall.rows[1][0].span == (2, 1)            # a rowspan past the last row stops there, as in browsers
    assert texts(tall) == [["事项", "方式"], ["a", "b"], ["a", "c"]]


def test_grid_size_bomb_is_refused_quickly_and_small(tmp_path, monkeypatch):
    from zwgk.mappings.readers import html
    # base.read_bytes asks read() for up to the 200 MB limit, which tracemalloc counts though the pages
    # are never touched: measure the reader itself
    bomb = page('<table><tr><td colspan="1000" rowspan="65534">x</td></tr></table>')
    tracemalloc.start()
    start = time.perf_counter()
    e = fails(tmp_path, bomb, "table 1 declares 65,534 rows × 1,000 columns")
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "over the limit" in e.message
    assert elapsed < 5 and peak < 20_000_000    # refused before allocating (bounds against a hang)


def test_many_wide_rows_are_refused_before_they_are_built(tmp_path):
    rows = '<tr><td colspan="1000">x</td></tr>' * 2500
    start = time.perf_counter()
    fails(tmp_path, page(f"<table>{rows}</table>"), "table 1 declares 2,500 rows × 1,000 columns")
    assert time.perf_counter() - start < 5    # a bound against a hang, not a speed figure


# ---------------------------------------------------------------------------------------------------
# rows and row groups
# ---------------------------------------------------------------------------------------------------

def test_thead_tbody_and_tfoot_in_drawing_order(tmp_path):
    g = read(tmp_path, page("""<table>
      <tfoot><tr><td colspan="2">注：以上事项均主动公开</td></tr></tfoot>
      <tbody><tr><td>1</td><td>机构职能</td></tr></tbody>
      <thead><tr><th>序号</th><th>事项</th></tr></thead>
      <tbody><tr><td>2</td><td>政策文件</td></tr></tbody>
    </table>""")).tables[0]
    assert texts(g) == [["序号", "事项"], ["1", "机构职能"], ["2", "政策文件"],
                        ["注：以上事项均主动公开", "注：以上事项均主动公开"]]
    assert g.numbers == [1, 2, 3, 4] and g.one_cell(3)
    assert g.fragment(4, 4) == "table=1&row=4"


def test_table_without_thead_and_stray_wrappers(tmp_path):
    g = read(tmp_path, page("""<table>
      <tr><th>序号</th><th>事项</th></tr>
      <form action="#"><tr><td>1</td><td>机构职能</td></tr></form>
      <tr><form><td>2</td></form><td>政策文件</td></tr>
      <td>3</td><td>规划计划</td>
    </table>""")).tables[0]
    assert texts(g) == [["序号", "事项"], ["1", "机构职能"], ["2", "政策文件"], ["3", "规划计划"]]


def test_cells_outside_rows_and_empty_rows(tmp_path):
    g = read(tmp_path, page("<table><thead><th>序号</th><th>事项</th></thead><tr></tr>"
                            "<tr><td>1</td><td>机构职能</td></tr></table>")).tables[0]
    assert texts(g) == [["序号", "事项"], ["", ""], ["1", "机构职能"]]


def test_rows_of_different_lengths_padded(tmp_path):
    g = read(tmp_path, page("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr></table>")).tables[0]
    assert texts(g) == [["a", "", ""], ["b", "c", "d"]]
    assert [c.col for c in g.rows[0]] == [1, 2, 3]


# ---------------------------------------------------------------------------------------------------
# cell text
# ---------------------------------------------------------------------------------------------------

def cell(tmp_path, html: str) -> str:
    return read(tmp_path, page(f"<table><tr><td>{html}</td></tr></table>")).tables[0].rows[0][0].text


@pytest.mark.parametrize("html, text", [
    ("《条例》<br>第十九条", "《条例》\n第十九条"),
    ("《条例》<br/><br>第十九条", "《条例》\n\n第十九条"),
    ("<p>政府网站</p><p>政务新媒体</p>", "政府网站\n政务新媒体"),
    ("<div><p>甲</p></div><div><p></p><p>乙</p></div>", "甲\n乙"),
    ("<ul><li>一</li><li>二</li></ul>", "一\n二"),
    ("<h3>标题</h3>正文", "标题\n正文"),
    ("\n   自信息形成之日起\n   20个工作日内\n", "自信息形成之日起 20个工作日内"),
    ("县&nbsp;&nbsp;&nbsp;政府 \t 办公室", "县 政府 办公室"),
    ("<br><br>甲<br><p></p><br>", "甲"),
    ("<span>主动</span><b>公开</b>", "主动公开"),
    ("　全文　", "　全文　"),       # U+3000 is text, not HTML white space
    ("", ""),
    ("<script>document.write('x')</script><style>td{}</style><noscript>请启用脚本</noscript>正文", "正文"),
    ("<template><p>模板</p></template>正文", "正文"),
    ("<select><option>依申请公开</option><option selected>主动公开</option></select>", "主动公开"),
])
def test_cell_lines(tmp_path, html, text):
    assert cell(tmp_path, html) == text


# check boxes: every form they are published in ------------------------------------------------------

@pytest.mark.parametrize("html, text", [
    ('<input type="checkbox" checked>政府网站 <input type="checkbox">政府公报', "■政府网站 □政府公报"),
    ('<INPUT TYPE=CHECKBOX CHECKED="checked">是', "■是"),
    ('<input type="radio" checked>主动 <input type="radio">依申请', "■主动 □依申请"),
    ('<input type="text" value="x">文本', "文本"),
    ('<span style="font-family:Wingdings">þ</span>政府网站 <span style="font-family:Wingdings">¨</span>公报',
     "■政府网站 □公报"),
    ("<font face=\"Wingdings 2\">R</font>是 <font face='Wingdings 2'>£</font>否", "■是 □否"),
    ("<span style=\"font-family: 'Wingdings'; font-size:12pt\">ü</span>", "✓"),
    ("<span style='font-family:Wingdings;mso-ascii-font-family:\"Times New Roman\";mso-char-type:symbol;"
     "mso-symbol-font-family:Wingdings'><span style='mso-char-type:symbol'>þ</span></span>政务微博", "■政务微博"),
    ("<span style='font-family:宋体;mso-char-type:symbol;mso-symbol-font-family:Wingdings'>¨</span>两微一端",
     "□两微一端"),
    ("<span style='mso-char-type:symbol;mso-symbol-font-family:Wingdings'>þ</span>政府网站", "■政府网站"),
    ('<div style="font-family:Wingdings"><b>þ</b><span style="font-family:宋体">政府网站</span></div>',
     "■政府网站"),
    ("\uf0fe政府网站 \uf0a8政府公报 \uf0fd其他", "■政府网站 □政府公报 ■其他"),
    ("\uf0fc", "✓"),
    ("þt政府网站 ¨t政府公报", "■政府网站 □政府公报"),
    ("þ政府网站  ¨ 两微一端", "■政府网站 □ 两微一端"),
    ("þ", "■"),
    (" ¨ ", "□"),
    ("þorn", "þorn"),
    ("☑政府网站 ☐公报 ■是 □否 √ ✓", "☑政府网站 ☐公报 ■是 □否 √ ✓"),
    ("×政府公报", "□政府公报"),
    # ticks drawn as images (a CMS's gou.gif): by their alt text when it is a mark, else by their file's name
    ('<img src="/images/gou.gif" alt="√">', "√"), ('<img src="/images/gou.gif">', "√"),
    ('<img src="/uploads/dui.png?v=3">', "√"), ('<img src="icon_check.png" alt="">', "√"),
    ('<IMG SRC="../img/对勾.gif">', "√"), ('<img src="/images/kuang.gif">政府公报', "□政府公报"),
    ('<img src="/images/chahao.png">', "×"), ('<img src="pic.gif" alt="是">', "是"),
    # other images are no text: an arrow, a logo, a photo's alt, an inline image's data
    ('更多<img src="/images/arrow_right.png">', "更多"), ('<img src="logo.png" alt="单位标识">', ""),
    ('<img src="data:image/png;base64,b2s=">', ""),
])
def test_check_boxes(tmp_path, html, text):
    assert cell(tmp_path, html) == text


def test_a_tick_the_pages_css_draws_is_the_cells_text(tmp_path):
    """.tick:before { content: "\\2714" } on the cells (or spans) of a tick column: a tick, as the page shows;
    decorative generated content (a bullet) is not text."""
    doc = read(tmp_path, page('<table><tr><td>主动</td><td>依申请</td><td>说明</td></tr>'
                              '<tr><td class="tick"></td><td></td><td><span class="dot">见附件</span></td></tr>'
                              '<tr><td></td><td><span class="ok mark"></span></td><td></td></tr></table>',
                              head='<meta charset="utf-8"><style>.tick:before{content:"\\2714"} '
                                   'span.ok::after { content: "√" } .dot:before{content:"\\2022"}</style>'))
    assert texts(doc.tables[0]) == [["主动", "依申请", "说明"], ["✔", "", "见附件"], ["", "√", ""]]


def test_wingdings_on_the_cell_itself(tmp_path):
    doc = read(tmp_path, page('<table><tr><td style="font-family:Wingdings">þ</td>'
                              '<td><font face="Wingdings">¨</font></td></tr></table>'))
    assert texts(doc.tables[0]) == [["■", "□"]]


def test_unknown_wingdings_symbol_is_a_warning(tmp_path):
    doc = read(tmp_path, page('<table><tr><td>a</td></tr><tr><td><span style="font-family:Wingdings">J</span></td>'
                              '</tr></table>'))
    assert doc.tables[0].rows[1][0].text == "\ufffd"
    assert any(w.startswith("catalogues/目录.html#table=1&row=2: wingdings U+004A") for w in doc.warnings)


# ---------------------------------------------------------------------------------------------------
# which tables, and the text around them
# ---------------------------------------------------------------------------------------------------

LAYOUT = page("""
<div class="nav">首页 &gt; 政务公开</div>
<table width="100%"><tr><td>
  <table class="frame"><tr><td class="title"><h1>某某县政务公开事项标准目录</h1></td></tr>
  <tr><td>
    <div>发布日期：2023-06-01　来源：县政府办</div>
    <div>索引号：001-2023-0001</div>
    <p>一、概述</p>
    <table border="1"><caption>政务公开事项</caption>
      <tr><th>序号</th><th>事项</th></tr><tr><td>1</td><td>机构职能</td></tr></table>
    <p>XX领域基层政务公开标准目录</p>
    <table border="1"><tr><th>序号</th><th>事项</th></tr><tr><td>1</td><td>财政预算</td></tr></table>
  </td></tr></table>
</td></tr></table>
<p>注：本目录动态更新。</p>
<p>联系电话：0000-1234567</p>
<script>var t = "<table><tr><td>x</td></tr></table>";</script>
<noscript><table><tr><td>请启用脚本</td></tr></table></noscript>
""")


def test_only_innermost_tables_are_read(tmp_path):
    doc = read(tmp_path, LAYOUT)
    assert [g.name for g in doc.tables] == ["table 1", "table 2"]
    assert [g.index for g in doc.tables] == [1, 2]
    assert texts(doc.tables[0]) == [["序号", "事项"], ["1", "机构职能"]]
    assert texts(doc.tables[1]) == [["序号", "事项"], ["1", "财政预算"]]
    assert doc.tables[1].fragment(2, 2) == "table=2&row=2"


def test_text_before_between_and_after_tables(tmp_path):
    doc = read(tmp_path, LAYOUT)
    first, second = doc.tables
    assert first.before == ["首页 > 政务公开", "某某县政务公开事项标准目录", "发布日期：2023-06-01　来源：县政府办",
                            "索引号：001-2023-0001", "一、概述"]
    assert first.caption == "政务公开事项"
    assert second.before == ["XX领域基层政务公开标准目录"] and second.caption == ""
    assert doc.after == ["注：本目录动态更新。", "联系电话：0000-1234567"]
    assert doc.encoding == "utf-8" and doc.warnings == []


def test_a_table_inside_noscript_in_a_cell_does_not_make_it_layout(tmp_path):
    doc = read(tmp_path, page("<table><tr><td>甲<noscript><table><tr><td>请启用脚本</td></tr></table></noscript>"
                              "</td><td>乙</td></tr></table>"))
    assert len(doc.tables) == 1 and texts(doc.tables[0]) == [["甲", "乙"]]


def test_text_around_tables_stays_linear(tmp_path):
    # many tables and paragraphs: one walk of the page
    body = "".join(f"<p>第{i}部分</p><table><tr><td>{i}</td></tr></table>" for i in range(3000))
    start = time.perf_counter()
    doc = read(tmp_path, page(body + "<p>完</p>"))
    assert time.perf_counter() - start < 10   # a bound against quadratic work, not a speed figure
    assert len(doc.tables) == 3000 and doc.tables[2999].before == ["第2999部分"] and doc.after == ["完"]


# ---------------------------------------------------------------------------------------------------
# characters
# ---------------------------------------------------------------------------------------------------

CHINESE = page("""<h1>某某县政务公开目录</h1>
<table><tr><th>序号</th><th>公开事项</th><th>公开依据</th></tr>
<tr><td>1</td><td>机构职能</td><td>《中华人民共和国政府信息公开条例》第二十条</td></tr>
<tr><td>2</td><td>镕𠀀</td><td>■政府网站 □政务新媒体</td></tr></table>""", head="{meta}")
ROWS = [["序号", "公开事项", "公开依据"], ["1", "机构职能", "《中华人民共和国政府信息公开条例》第二十条"],
        ["2", "镕𠀀", "■政府网站 □政务新媒体"]]


def gb(meta: str, encoding: str = "gb18030") -> bytes:
    text = CHINESE.replace("{meta}", meta)
    if encoding == "gbk":
        text = text.replace("𠀀", "")
    return text.encode(encoding)


def test_meta_charset_gb2312(tmp_path):
    doc = read(tmp_path, gb('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))
    assert doc.encoding == "gb18030" and doc.warnings == []
    assert texts(doc.tables[0]) == ROWS
    assert doc.tables[0].before == ["某某县政务公开目录"]


def test_meta_charset_short_form_gbk(tmp_path):
    doc = read(tmp_path, gb("<meta charset=GBK>", "gbk"))
    assert doc.encoding == "gb18030" and doc.warnings == []
    assert texts(doc.tables[0])[2][1] == "镕"


def test_no_meta_gbk_bytes_detected_with_a_warning(tmp_path):
    doc = read(tmp_path, gb("", "gbk"), name="x.html")
    assert doc.encoding == "gb18030"
    assert doc.warnings == ["catalogues/x.html: no charset declared; decoded as gb18030 (detected)"]
    assert texts(doc.tables[0])[1] == ROWS[1]


def test_meta_says_utf8_but_bytes_are_gbk(tmp_path):
    doc = read(tmp_path, gb('<meta charset="utf-8">', "gbk"), name="x.html")
    assert doc.encoding == "gb18030"
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("catalogues/x.html: the page declares charset utf-8 but is not valid utf-8 (byte")
    assert doc.warnings[0].endswith("; decoded as gb18030 (detected)")
    assert texts(doc.tables[0])[1] == ROWS[1]


def test_meta_says_gb2312_but_bytes_are_utf8(tmp_path):
    # not valid GB18030: the declared charset fails, UTF-8 fits
    doc = read(tmp_path, CHINESE.replace("{meta}", '<meta charset="gb2312">').encode("utf-8"), name="x.html")
    assert doc.encoding == "utf-8" and texts(doc.tables[0]) == ROWS
    assert doc.warnings == ["catalogues/x.html: the page declares charset gb2312 but is not valid gb2312 "
                            "(byte 123, line 4); decoded as utf-8"]
    # valid GB18030 too (mojibake): the UTF-8 reading wins all the same
    text = page('<table><tr><td>政府信息公开目录</td><td>主动公开</td></tr></table>', head='<meta charset="gb2312">')
    data = text.encode("utf-8")
    assert data.decode("gb18030") != text
    doc = read(tmp_path, data, name="y.html")
    assert doc.encoding == "utf-8" and texts(doc.tables[0]) == [["政府信息公开目录", "主动公开"]]
    assert doc.warnings == ["catalogues/y.html: the page declares charset gb2312 but its bytes are UTF-8 text; "
                            "decoded as utf-8"]


def test_meta_in_a_comment_is_not_a_declaration(tmp_path):
    doc = read(tmp_path, gb('<!-- <meta charset="utf-8"> --><meta charset="gb2312">'))
    assert doc.encoding == "gb18030" and doc.warnings == []


def test_utf8_with_and_without_bom(tmp_path):
    plain = read(tmp_path, CHINESE.replace("{meta}", "").encode("utf-8"), name="a.html")
    assert plain.encoding == "utf-8" and plain.warnings == [] and texts(plain.tables[0]) == ROWS
    bom = read(tmp_path, b"\xef\xbb\xbf" + CHINESE.replace("{meta}", '<meta charset="gb2312">').encode("utf-8"),
               name="b.html")
    assert bom.encoding == "utf-8-sig" and bom.warnings == [] and texts(bom.tables[0]) == ROWS


def test_utf16_with_bom(tmp_path):
    doc = read(tmp_path, CHINESE.replace("{meta}", "").encode("utf-16"))
    assert doc.encoding == "utf-16" and texts(doc.tables[0]) == ROWS


def test_utf16_without_bom_detected(tmp_path):
    doc = read(tmp_path, CHINESE.replace("{meta}", "").encode("utf-16-le"), name="x.html")
    assert doc.encoding == "utf-16-le" and texts(doc.tables[0]) == ROWS
    assert doc.warnings == ["catalogues/x.html: no byte-order mark; decoded as utf-16-le (detected)"]


def test_unknown_charset_label(tmp_path):
    doc = read(tmp_path, CHINESE.replace("{meta}", '<meta charset="x-no-such-charset">').encode("utf-8"),
               name="x.html")
    assert doc.encoding == "utf-8" and texts(doc.tables[0]) == ROWS
    assert doc.warnings == ["catalogues/x.html: the page declares an unknown charset 'x-no-such-charset'; "
                            "decoded as utf-8"]


def test_xml_declaration(tmp_path):
    xhtml = ('<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
             '<table><tr><td>政务公开</td></tr></table></body></html>').encode("gb18030")
    doc = read(tmp_path, xhtml, name="a.xhtml")
    assert doc.encoding == "gb18030" and texts(doc.tables[0]) == [["政务公开"]]


def test_mapping_encoding_wins(tmp_path):
    data = gb('<meta charset="utf-8">', "gbk")
    doc = read(tmp_path, data, encoding="gbk")
    assert doc.encoding == "gbk" and doc.warnings == [] and texts(doc.tables[0])[1] == ROWS[1]
    e = fails(tmp_path, data, "not valid utf-8 text", encoding="utf-8")
    assert e.line and "encoding" in e.message


@pytest.mark.parametrize("encoding", ["no-such-encoding", "base64", "rot13"])
def test_mapping_encoding_must_be_a_text_encoding(tmp_path, encoding):
    fails(tmp_path, gb("<meta charset=gb2312>"), f"unknown encoding '{encoding}' named by the mapping",
          encoding=encoding)


def test_declared_charset_that_is_no_text_encoding(tmp_path):
    doc = read(tmp_path, CHINESE.replace("{meta}", '<meta charset="base64">').encode("utf-8"), name="x.html")
    assert doc.encoding == "utf-8" and texts(doc.tables[0]) == ROWS
    assert doc.warnings == ["catalogues/x.html: the page declares an unknown charset 'base64'; decoded as utf-8"]


def test_undecodable_page_names_the_byte_and_the_fix(tmp_path, monkeypatch):
    from zwgk.mappings.readers import html
    monkeypatch.setattr(html, "detect_encoding", lambda data: None)
    data = b"<html><body>\n<table><tr><td>\xff\xfe\xfd</td></tr></table>"
    at = data.index(b"\xff")
    e = fails(tmp_path, data, f"not valid UTF-8 (byte {at}, line 2)")
    assert e.line == 2 and "'encoding: gb18030'" in e.message


# ---------------------------------------------------------------------------------------------------
# bad and hostile input
# ---------------------------------------------------------------------------------------------------

def test_page_without_table(tmp_path):
    fails(tmp_path, page("<h1>政务公开</h1><p>本页没有表格。</p>"), "the page has no table (<table> element)")


def test_tables_only_in_scripts_or_templates_are_not_tables(tmp_path):
    fails(tmp_path, page("<template><table><tr><td>x</td></tr></table></template>"
                         "<noscript><table><tr><td>y</td></tr></table></noscript>"
                         "<script>document.write('<table><tr><td>z</td></tr></table>')</script>"),
          "the page has no table")


@pytest.mark.parametrize("content", [b"", b"   \n\t  \n"])
def test_empty_file(tmp_path, content):
    fails(tmp_path, content, "catalogue file is empty")


def test_comment_only_page(tmp_path):
    fails(tmp_path, b"<!-- nothing here -->", "the page has no table")


@pytest.mark.parametrize("content, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "a zip package (an Office .docx/.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a legacy Office file"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "binary (NUL bytes found)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
])
def test_binary_files_are_not_html(tmp_path, content, what):
    fails(tmp_path, content, f"not an HTML page: the file is {what}")


def test_a_web_archive_without_a_page(tmp_path):
    fails(tmp_path, b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n",
          "a web archive (.mht/.mhtml) with no web page (text/html part) in it")


def test_absurd_nesting_is_refused(tmp_path):
    deep = page("<div>" * 5000 + "<table><tr><td>x</td></tr></table>" + "</div>" * 5000)
    fails(tmp_path, deep, "Excessive depth")


def test_ordinary_nesting_is_fine(tmp_path):
    doc = read(tmp_path, page("<div>" * 200 + "<table><tr><td>x</td></tr></table>" + "</div>" * 200))
    assert texts(doc.tables[0]) == [["x"]]


def test_all_tables_of_a_page_share_one_budget(tmp_path, monkeypatch):
    from zwgk.mappings.readers import html
    monkeypatch.setattr(html, "MAX_PAGE_SLOTS", 250)
    table = "<table>" + ("<tr>" + "<td>x</td>" * 10 + "</tr>") * 10 + "</table>"     # 100 slots
    assert len(read(tmp_path, page(table * 2)).tables) == 2
    fails(tmp_path, page(table * 3), "table 3: the page's tables together exceed 250 cells")


def test_too_many_tables(tmp_path, monkeypatch):
    from zwgk.mappings.readers import html
    monkeypatch.setattr(html, "MAX_TABLES", 5)
    fails(tmp_path, page("<table><tr><td>x</td></tr></table>" * 6), "the page has 6 <table> elements, over the limit of 5")


def test_dtd_entities_are_never_expanded(tmp_path):
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    hostile = ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY lol0 "lol">' + lol +
               '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % pe SYSTEM "http://127.0.0.1:9/x.dtd"> %pe;]>\n'
               "<html><body><p>&lol9;</p><table><tr><td>&xxe;</td><td>&lol9;</td><td>&amp;&lt;&#20013;&nbsp;</td>"
               "</tr></table><p>&xxe;</p></body></html>")
    start = time.perf_counter()
    doc = read(tmp_path, hostile)
    assert time.perf_counter() - start < 5    # a bound against a hang, not a speed figure
    g = doc.tables[0]
    assert texts(g) == [["&xxe;", "&lol9;", "&<中"]]
    everything = "\n".join(g.before + doc.after + [c.text for row in g.rows for c in row])
    assert "root:" not in everything and "lollol" not in everything and "]>" not in everything
    if Path("/etc/passwd").exists():
        first = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
        assert first not in everything


def test_large_table_is_read_whole(tmp_path):
    """(Its speed against bare lxml is measured by bench/read.py, not here.)"""
    rows = "".join(f"<tr><td>{i}</td>" + "<td>政府信息公开</td>" * 11 + "</tr>" for i in range(2000))
    g = read(tmp_path, page(f"<table>{rows}</table>")).tables[0]
    assert len(g.rows) == 2000 and g.width == 12 and g.rows[-1][0].text == "1999"


@pytest.mark.parametrize("css,attrs", [
    ("", ("class='table'", "class='tr'", "class='td'")),                               # class names alone
    (".gk{display:table}.r{display:table-row}.c{display:table-cell}", ("class='gk'", "class='r'", "class='c'")),
    ("", ("style='display:table'", "style='display: table-row'", "style='display:table-cell'")),
])
def test_a_table_laid_out_with_divs(tmp_path, css, attrs):
    """A catalogue built of <div>s shown as a table by CSS (some CMS templates): read as a table (the page was
    refused: no table, or no header row among its layout tables)."""
    t, r, c = attrs
    rows = [["序号", "事项名称", "公开内容"], ["1", "机构职能", "主要职责"], ["2", "领导信息", "领导姓名"]]
    body = "".join(f"<div {r}>" + "".join(f"<div {c}>{x}</div>" for x in row) + "</div>" for row in rows)
    doc = read(tmp_path, f"<html><head><style>{css}</style></head><body><table><tr><td>导航</td></tr></table>"
                         f"<div {t}>{body}</div></body></html>")
    grid = doc.tables[-1]
    assert [[x.text for x in row] for row in grid.rows] == rows


def test_a_bootstrap_wrapper_or_a_lone_row_is_no_table(tmp_path):
    doc = read(tmp_path, "<div class='table'><div class='tr'><div class='td'>只一行</div><div class='td'>x</div></div>"
                         "</div><div class='table-responsive table'><table><tr><td>序号</td><td>名称</td></tr></table></div>")
    assert len(doc.tables) == 1 and doc.tables[0].rows[0][0].text == "序号"


def test_a_page_showing_its_catalogue_in_an_iframe_says_so(tmp_path):
    """Saved as 网页，全部, the page keeps its layout and an <iframe> whose document holds the catalogue: the
    error names that document (it said the page had no table, or no header row)."""
    page = ("<html><body><table><tr><td>首页 &gt; 政务公开</td></tr></table>"
            "<iframe src='./page_files/ml.html'></iframe></body></html>")
    with pytest.raises(ReadError, match=r"<iframe> \(\./page_files/ml\.html\)"):
        read(tmp_path, page.replace("<table><tr><td>首页 &gt; 政务公开</td></tr></table>", ""))
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    from zwgk.mappings.draft import draft_mapping
    with pytest.raises(ReadError, match=r"no header row in the page's tables; the page shows its content in an "
                                        r"<iframe> \(\./page_files/ml\.html\)"):
        draft_mapping(tmp_path / "page.html", "x")


def test_notes_after_the_catalogue_but_not_the_site_footer(tmp_path):
    """A CMS page: 注： lines after the catalogue table, then a share bar table and the site's footer. The
    notes are the catalogue's (they were lost: the text before the share bar table went to that table), the
    footer is not (主办单位 … 网站标识码 joined the notes when the footer was no table)."""
    from zwgk.mappings.readers.assemble import assemble
    rows = "".join(f"<tr><td>{n}</td><td>事项{n}</td><td>内容{n}</td></tr>" for n in (1, 2))
    for footer in ("<table><tr><td>分享到：微信 微博</td></tr></table><p>主办单位：某县教育体育局 网站标识码：3609240001</p>",
                   "<div>主办单位：某县教育体育局 网站标识码：3609240001</div>"):
        doc = read(tmp_path, f"<p>某县教育体育局政府信息公开目录</p><table><tr><td>序号</td><td>事项名称</td><td>公开内容</td></tr>"
                             f"{rows}</table><p>注：1.公示栏指本局一楼大厅公示栏。</p><p>2.依申请公开请致电，或联系我们（技术支持单位不受理）。</p>{footer}")
        table = assemble(doc, 3, 1, lambda texts, below=(): "序号" in texts)
        assert table.trailer == ["注：1.公示栏指本局一楼大厅公示栏。", "2.依申请公开请致电，或联系我们（技术支持单位不受理）。"]


def _tick_page(tick: str) -> str:
    rows = "".join(f"<tr><td>{i}</td><td>事项{i}</td><td>内容{i}</td><td>20个工作日内</td>"
                   f"<td>{tick if i % 2 else ''}</td><td>{'' if i % 2 else tick}</td></tr>" for i in range(1, 5))
    return page('<table border="1"><tr><td rowspan="2">序号</td><td rowspan="2">事项名称</td><td rowspan="2">公开内容</td>'
                '<td rowspan="2">公开时限</td><td colspan="2">公开方式</td></tr><tr><td>主动</td><td>依申请</td></tr>'
                f"{rows}</table>")


@pytest.mark.parametrize("tick, seen", [('<img src="/images/gou.gif">', True), ('<img src="/images/g1.gif">', False)])
def test_image_ticks_read_with_an_unedited_draft_and_unseen_ones_said(tmp_path, tick, seen):
    """A CMS page whose 主动 / 依申请 columns tick with an image (gou.gif): drafted as tick columns and read as the
    page shows them. An image whose name says nothing (g1.gif) is no tick: then no row ticks either option, and
    the read says so (it was silent: every item without its disclosure type, probe p28)."""
    from zwgk.mappings import load_mapping, read_catalogue
    from zwgk.mappings.draft import draft_mapping, render
    folder = tmp_path / "catalogues"
    folder.mkdir()
    (folder / "t.html").write_text(_tick_page(tick), encoding="utf-8")
    (tmp_path / "t.yaml").write_text(render(draft_mapping(folder / "t.html", "t")), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "t.yaml"), folder, "http://127.0.0.1:8000")
    types = [[iri.rsplit("/", 1)[-1] for iri in r.disclosure_type] for r in cat.records]
    said = [w for w in cat.warnings if "tick no option in any of the 4 items" in w]
    if seen:
        assert types == [["proactive"], ["on-request"], ["proactive"], ["on-request"]] and not said
    else:
        assert types == [[], [], [], []] and len(said) == 1, cat.warnings
        assert "disclosure type (主动公开, 依申请公开)" in said[0]


@pytest.mark.parametrize("span", [2, 3])
def test_a_table_the_cms_split_goes_on_under_a_header_whose_span_overruns(tmp_path, span):
    """A CMS cuts the catalogue into two <table>s, the header over the first only, and that header's 公开方式 spans
    one column more than its two leaves (colspan="3": a column no browser shows). The second part is the rest of
    the first all the same (its 3 items were dropped silently: probe p28)."""
    from zwgk.mappings import load_mapping, read_catalogue
    from zwgk.mappings.draft import draft_mapping, render
    head = ('<tr><td rowspan="2">序号</td><td rowspan="2">事项名称</td><td rowspan="2">公开内容</td>'
            f'<td rowspan="2">公开时限</td><td colspan="{span}">公开方式</td></tr><tr><td>主动</td><td>依申请</td></tr>')
    part = lambda a, b: "".join(f"<tr><td>{i}</td><td>事项{i}</td><td>内容{i}</td><td>实时</td><td>√</td><td></td></tr>"  # noqa: E731
                                for i in range(a, b))
    folder = tmp_path / "catalogues"
    folder.mkdir()
    (folder / "t.html").write_text(page(f'<table border="1">{head}{part(1, 4)}</table>'
                                        f'<table border="1">{part(4, 7)}</table>'), encoding="utf-8")
    (tmp_path / "t.yaml").write_text(render(draft_mapping(folder / "t.html", "t")), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "t.yaml"), folder, "http://127.0.0.1:8000")
    assert [r.name for r in cat.records] == [f"事项{i}" for i in range(1, 7)]


def test_a_three_row_header_with_a_group_of_one_leaf(tmp_path):
    """公开属性 over 公开对象 | 公开方式 over their ticks, beside 公开层级 over 乡级 alone (a 街道 has no 县级), merged down
    over the lower two rows: the middle row has as many cells as the one under it, yet is the header's (its cells
    the wordings do not know each span columns). The read refused the draft's own mapping (probe p29, a PDF)."""
    from zwgk.mappings import load_mapping, read_catalogue
    from zwgk.mappings.draft import draft_mapping, render
    head = ('<tr><td rowspan="3">序号</td><td colspan="2">公开事项</td><td rowspan="3">公开内容</td>'
            '<td colspan="4">公开属性</td><td>公开层级</td></tr>'
            '<tr><td rowspan="2">一级事项</td><td rowspan="2">二级事项</td><td colspan="2">公开对象</td>'
            '<td colspan="2">公开方式</td><td rowspan="2">乡级</td></tr>'
            '<tr><td>全社会</td><td>特定群众</td><td>主动</td><td>依申请</td></tr>')
    rows = "".join(f"<tr><td>{i}</td><td>社会救助</td><td>事项{i}</td><td>申请条件</td><td>√</td><td></td>"
                   f"<td>√</td><td></td><td>√</td></tr>" for i in range(1, 5))
    folder = tmp_path / "catalogues"
    folder.mkdir()
    (folder / "t.html").write_text(page(f'<table border="1">{head}{rows}</table>'), encoding="utf-8")
    (tmp_path / "t.yaml").write_text(render(draft_mapping(folder / "t.html", "t")), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "t.yaml"), folder, "http://127.0.0.1:8000")
    assert [(r.name, r.category, [i.rsplit("/", 1)[-1] for i in r.disclosure_type + r.level]) for r in cat.records] \
        == [(f"事项{i}", ["社会救助"], ["proactive", "township"]) for i in range(1, 5)]
