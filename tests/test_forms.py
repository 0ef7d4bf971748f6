"""Catalogues as agencies publish them, whatever the form: the shared table model and the rules every
reader gets from it (`zwgk.mappings.readers.assemble`): text in any encoding, a preamble before the
table, header rows printed again, several tables per document with their titles, a two-row header
copied from a web page. Fixtures are built here, in code."""
from __future__ import annotations

import codecs
import subprocess
import sys

import docx
import openpyxl
import pytest

from zwgk.mappings import ReadError, load_mapping, read_catalogue
from zwgk.mappings.readers import READERS, ReadOptions, assemble

from .conftest import BASE
from .officefiles import labels, workbook
from .test_wordings import drafted

HEADER_1 = "序号\t事项名称\t公开内容\t公开依据\t公开时限\t公开渠道"
MAPPING = """\
catalogue: {{id: forms-test, source: {source}}}
agency: {{id: forms-agency, name: 某街道办事处}}
reader: {reader}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: name, header: [事项名称, 二级事项]}}
  - {{role: content, header: [公开内容]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: time_limit, header: [公开时限]}}
  - {{role: channels, header: [公开渠道]}}
"""


def build(tmp, name: str, data: bytes | str, reader: str = "tsv", extra: str = "", mapping: str = MAPPING):
    (tmp / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    m = tmp / f"{name}.yaml"
    m.write_text(mapping.format(source=name, reader=reader) + extra, encoding="utf-8")
    return read_catalogue(load_mapping(m), tmp, BASE)


ROWS = [
    "1\t机构职能\t本机关职能、内设机构\t《中华人民共和国政府信息公开条例》\t20个工作日\t政府网站",
    "2\t领导信息\t领导姓名、职务\t《中华人民共和国政府信息公开条例》\t20个工作日\t政府网站",
]


# ---------------------------------------------------------------------------------------------------
# text in any encoding
# ---------------------------------------------------------------------------------------------------

TEXT = "某街道办事处政务公开目录\n" + HEADER_1 + "\n" + "\n".join(ROWS) + "\n"


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf-16", TEXT.encode("utf-16")),                       # with its BOM
    ("utf-16-le", TEXT.encode("utf-16-le")),                 # without
    ("gb18030", TEXT.encode("gbk")),
    ("gb18030", TEXT.encode("gb2312")),
    ("gb18030", TEXT.encode("gb18030")),
    ("utf-8", TEXT.replace("\n", "\r\n").encode("utf-8")),   # Windows line ends
    ("utf-8", TEXT.replace("\n", "\r").encode("utf-8")),     # old Mac line ends
])
def test_text_in_any_encoding_is_read(tmp_path, encoding, data):
    cat = build(tmp_path, "t.txt", data)
    assert [r.name for r in cat.records] == ["机构职能", "领导信息"]
    assert cat.records[1].content == "领导姓名、职务" and cat.records[1].first_line == 4
    assert cat.table.encoding == encoding
    detected = [w for w in cat.warnings if "(detected)" in w]
    if encoding.startswith("utf-8"):
        assert not detected
    else:   # the build says which encoding it detected, and how to pin it
        assert detected == [f"catalogues/t.txt: decoded as {encoding} (detected); name it in the mapping "
                            f"('encoding: {encoding}') once checked"]


def test_the_mapping_may_name_the_encoding(tmp_path):
    cat = build(tmp_path, "t.txt", TEXT.encode("gbk"), extra="encoding: gbk\n")
    assert cat.records[0].name == "机构职能" and not any("detected" in w for w in cat.warnings)
    with pytest.raises(ReadError, match=r"catalogues/u.txt:1: not valid utf-8 text .*'encoding'"):
        build(tmp_path, "u.txt", TEXT.encode("gbk"), extra="encoding: utf-8\n")


def test_an_unknown_encoding_name_is_a_mapping_error(tmp_path):
    from zwgk.mappings import MappingError
    with pytest.raises(MappingError, match="unknown encoding 'klingon'"):
        build(tmp_path, "t.txt", TEXT, extra="encoding: klingon\n")


# ---------------------------------------------------------------------------------------------------
# preamble, repeated headers, several tables, titles
# ---------------------------------------------------------------------------------------------------

PREAMBLE_CELLS = """\
某街道办事处政务公开标准目录
第一部分 概述
\t一、公开依据
\t《中华人民共和国政府信息公开条例》
\t二、联系方式
\t电话：0530-1234567

第二部分 基本目录
"""


def cell_per_line(rows: list[list[str]]) -> str:
    return "\n".join("\n".join("\t" + c for c in row) + "\n" for row in rows)


def test_a_preamble_with_tab_led_lines_never_stops_the_build(tmp_path):
    """Tab-led lines of 概述 before the table are preamble: the header is found wherever it starts."""
    header = HEADER_1.split("\t")
    text = PREAMBLE_CELLS + "\n" + cell_per_line([header] + [r.split("\t") for r in ROWS])
    cat = build(tmp_path, "p.txt", text, "cell-per-line",
                extra="preamble: {title: first-line, phone: '电话[:：]\\s*([\\d-]+)'}\n")
    assert [r.name for r in cat.records] == ["机构职能", "领导信息"]
    assert cat.metadata == {"title": "某街道办事处政务公开标准目录", "phone": "0530-1234567"}
    assert "第一部分 概述" in cat.table.preamble and "《中华人民共和国政府信息公开条例》" in cat.table.preamble


def test_tsv_preamble_and_header_repeated_on_every_page(tmp_path):
    text = "\n".join(["标题：某街道办事处政务公开目录", "发布日期：2024-01-01\t来源：办公室",
                      HEADER_1, ROWS[0], "第 1 页", HEADER_1, ROWS[1], "注：目录动态调整。"]) + "\n"
    cat = build(tmp_path, "r.txt", text)
    assert [r.name for r in cat.records] == ["机构职能", "领导信息"]
    assert cat.table.trailer == ["注：目录动态调整。"]


def test_tsv_copied_from_excel_with_quoted_cells_over_several_lines(tmp_path):
    """Excel's copy (and its tab-separated export) quotes a cell holding a line break or a quote: the quoted
    cell is one cell of its row, its lines kept, and the row numbered from its first line to its last (it
    was read as two rows, 主要职责 alone in one and the row's other cells in the next); a quote in a cell is
    doubled in a quoted cell. In a file with no quoted cell over two lines, quotes stay as written."""
    text = "\n".join(["某街道办事处政务公开目录", HEADER_1,
                      '1\t机构职能\t"主要职责\n内设机构"\t《中华人民共和国政府信息公开条例》\t20个工作日\t"政府网站\n政务微信"',
                      '2\t惠民资金\t"""一卡通""发放名单"\t《社会救助暂行办法》\t实时\t政府网站',
                      '3\t领导信息\t"姓名、""分工"""\t《中华人民共和国政府信息公开条例》\t20个工作日\t政府网站']) + "\n"
    cat = build(tmp_path, "r.txt", text)
    assert [r.name for r in cat.records] == ["机构职能", "惠民资金", "领导信息"]
    assert [r.content for r in cat.records] == ["主要职责内设机构", '"一卡通"发放名单', '姓名、"分工"']
    assert len(cat.records[0].channels) == 2
    assert cat.records[0].source_lines == "3-5" and cat.records[1].source_lines == "6"
    # without a quoted cell over two lines the lines are the rows, quotes and all
    plain = build(tmp_path, "p.txt", "\n".join([HEADER_1, '1\t机构职能\t"一卡通"发放名单\t依据\t实时\t政府网站']) + "\n")
    assert plain.records[0].content == '"一卡通"发放名单'


def test_a_row_numbering_the_columns_is_no_item(tmp_path):
    """Many tables print a row numbering their columns under the header (1 2 3 … 6), and again under the
    header printed on each page: no item (it was one, seq 1 named 2, and its 公开主体 cell made the draft's
    agency '7'). An item whose cells are numbers among other text stays an item."""
    numbers = "\t".join(str(k) for k in range(1, 7))
    text = "\n".join([HEADER_1, numbers, ROWS[0], HEADER_1, numbers, ROWS[1],
                      "3\t12345\t2\t3\t4\t政府网站"]) + "\n"
    cat = build(tmp_path, "r.txt", text)
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "12345"]


def test_same_as_above_takes_the_cell_above(tmp_path):
    """同上 (〃) in a cell is the value of the cell above, marked inherited, whatever the mapping's `inherit`
    (it was read as an instrument called 同上, a channel 同上, the time limit 同上); with no row above it stays
    as written, with a warning naming the row."""
    text = "\n".join([HEADER_1, ROWS[0], "2\t领导信息\t领导姓名、职务\t同上\t同上。\t〃", "3\t内设机构\t机构设置\t同上\t同上\t同上"]) + "\n"
    cat = build(tmp_path, "r.txt", text)
    first, second, third = cat.records
    for r in (second, third):
        assert [c.identifier for c in r.legal_basis] == [c.identifier for c in first.legal_basis]
        assert r.time_limit.text == "20个工作日" and labels(r.channels) == ["政府网站"]
        assert {"legal_basis", "time_limit", "channels"} <= r.inherited
    alone = build(tmp_path, "a.txt", "\n".join([HEADER_1, "1\t机构职能\t职能\t同上\t实时\t政府网站"]) + "\n")
    assert any("'同上' in the legal_basis cell, with no row above" in w for w in alone.warnings)


DOMAIN_TABLES = """\
某街道基层政务公开标准目录
一、城乡规划领域基层政务公开标准目录
序号\t公开事项\t\t公开内容\t公开依据\t公开时限\t公开渠道
\t一级事项\t二级事项
1\t规划管理\t控制性详细规划\t规划文本、图则\t《中华人民共和国城乡规划法》\t20个工作日\t政府网站
2\t\t乡村建设规划许可\t许可结果\t《中华人民共和国城乡规划法》\t7个工作日\t政府网站
二、户籍管理领域基层政务公开标准目录
序号\t公开事项\t\t公开内容\t公开依据\t公开时限\t公开渠道
\t一级事项\t二级事项
1\t\t出生登记\t办理条件、材料\t《中华人民共和国户口登记条例》\t20个工作日\t政府网站
2\t户口迁移\t迁入\t办理流程\t《中华人民共和国户口登记条例》\t20个工作日\t政府网站
"""

DOMAIN_MAPPING = """\
catalogue: {{id: jiceng-test, source: {source}}}
agency: {{id: jiceng-agency, name: 某街道办事处}}
reader: {reader}
header: {{rows: 2}}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: category, header: [一级事项]}}
  - {{role: name, header: [二级事项]}}
  - {{role: content, header: [公开内容]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: time_limit, header: [公开时限]}}
  - {{role: channels, header: [公开渠道]}}
item_key: name
"""


def test_one_table_per_domain_each_with_title_and_two_header_rows(tmp_path):
    """基层 catalogues: a title row and two header rows before each table; header rows never become
    items and the category never leaks from one table into the next."""
    cat = build(tmp_path, "d.txt", DOMAIN_TABLES, mapping=DOMAIN_MAPPING)
    assert [r.name for r in cat.records] == ["控制性详细规划", "乡村建设规划许可", "出生登记", "迁入"]
    by = {r.name: r for r in cat.records}
    assert by["乡村建设规划许可"].category == ["规划管理"]          # blank first level: the merged cell above
    assert by["出生登记"].category == []                            # not 规划管理 from the table before
    assert by["迁入"].category == ["户口迁移"]


def test_titles_become_the_first_category_level(tmp_path):
    cat = build(tmp_path, "d.txt", DOMAIN_TABLES, mapping=DOMAIN_MAPPING,
                extra="titles: {role: category, pattern: '[一二三四五六七八九十]+、(.+?)领域'}\n")
    by = {r.name: r for r in cat.records}
    assert by["控制性详细规划"].category == ["城乡规划", "规划管理"]
    assert by["乡村建设规划许可"].category == ["城乡规划", "规划管理"]
    assert by["出生登记"].category == ["户籍管理"]
    assert by["迁入"].category == ["户籍管理", "户口迁移"]
    # a first level named as its domain is a level of its own: both are printed (社会救助领域 › 社会救助)
    text = DOMAIN_TABLES.replace("户口迁移", "户籍管理")
    cat = build(tmp_path, "e.txt", text, mapping=DOMAIN_MAPPING,
                extra="titles: {role: category, pattern: '[一二三四五六七八九十]+、(.+?)领域'}\n")
    assert {r.name: r for r in cat.records}["迁入"].category == ["户籍管理", "户籍管理"]


def test_two_row_header_copied_from_a_web_table(tmp_path):
    """A text copy of a two-row header loses its merges: 公开对象 appears once in row one, 全社会 and
    特定群众 in row two; the header check lines them up instead of failing."""
    mapping = """\
catalogue: {{id: web-copy, source: {source}}}
agency: {{id: web-agency, name: 某局}}
reader: tsv
header: {{rows: 2}}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: category, header: [一级事项]}}
  - {{role: name, header: [二级事项]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: audience, header: [全社会], tick: 全社会}}
  - {{role: audience, header: [特定群众], tick: 特定群众}}
"""
    text = ("序号\t公开事项\t公开依据\t公开对象\n一级事项\t二级事项\t全社会\t特定群众\n"
            "1\t机构信息\t机构职能\t《中华人民共和国政府信息公开条例》\t√\t\n")
    cat = build(tmp_path, "w.txt", text, mapping=mapping)
    rec = cat.records[0]
    assert (rec.category, rec.name, labels(rec.audience)) == (["机构信息"], "机构职能", ["全社会"])
    bad = text.replace("特定群众\n", "特定对象\n", 1)
    with pytest.raises(ReadError, match=r"column 6 \(audience\) should be headed \['特定群众'\]"):
        build(tmp_path, "x.txt", bad, mapping=mapping)


def test_a_header_second_row_as_wide_as_the_cells_the_first_lacks(tmp_path):
    """A two-row header copied as text with no tick columns: its second row (一级事项 | 二级事项 under 公开事项)
    holds exactly the cells the first lacks, plus one, as the rest of a row a line break inside a cell cut
    does: it was joined to the first row (a header cell '公开属性↵一级事项'), the draft found no second header
    row, and every item read wrong. A header cell cut by its line break is still joined (公开内容↵（要素）)."""
    rows = ["1\t机构信息\t机构职能\t职责、内设机构\t《中华人民共和国政府信息公开条例》\t20个工作日内\t主动公开",
            "2\t机构信息\t领导信息\t姓名、分工\t《中华人民共和国政府信息公开条例》\t20个工作日内\t主动公开",
            "3\t财政信息\t预算决算\t部门预算、决算\t《中华人民共和国预算法》\t每年\t依申请公开"]
    text = "\n".join(["某镇政务公开事项目录", "序号\t公开事项\t公开内容\t公开依据\t公开时限\t公开属性",
                      "一级事项\t二级事项", *rows]) + "\n"
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    cat, mapping = drafted(tmp_path, "copy.txt")
    assert [(r.category, r.name, r.content, labels(r.disclosure_type)) for r in cat.records] == [
        (["机构信息"], "机构职能", "职责、内设机构", ["主动公开"]), (["机构信息"], "领导信息", "姓名、分工", ["主动公开"]),
        (["财政信息"], "预算决算", "部门预算、决算", ["依申请公开"])], mapping
    cut = "\n".join(["某镇政务公开事项目录", "序号\t一级事项\t二级事项\t公开内容", "（要素）\t公开依据\t公开时限\t公开属性",
                     *rows]) + "\n"
    (tmp_path / "cut.txt").write_text(cut, encoding="utf-8")
    cat, mapping = drafted(tmp_path, "cut.txt")
    assert [r.content for r in cat.records] == ["职责、内设机构", "姓名、分工", "部门预算、决算"], mapping


# ---------------------------------------------------------------------------------------------------
# several tables in Word and Excel files
# ---------------------------------------------------------------------------------------------------

DOCX_MAPPING = DOMAIN_MAPPING.replace("reader: {reader}", "reader: docx")


def domain_docx(path, domains: list[tuple[str, list[list[str]]]]) -> None:
    d = docx.Document()
    d.add_paragraph("某街道基层政务公开标准目录")
    for title, rows in domains:
        d.add_paragraph(title)
        t = d.add_table(rows=2 + len(rows), cols=7)
        head = [["序号", "公开事项", "", "公开内容", "公开依据", "公开时限", "公开渠道"],
                ["", "一级事项", "二级事项", "", "", "", ""]]
        for r, row in enumerate(head + rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        for c in (0, 3, 4, 5, 6):
            t.cell(0, c).merge(t.cell(1, c))
        t.cell(0, 1).merge(t.cell(0, 2))
        for r in range(3, 2 + len(rows)):
            t.cell(r, 1).text = ""                        # one first-level cell over the table's rows
        t.cell(2, 1).merge(t.cell(1 + len(rows), 1))
    d.save(path)


def test_docx_with_three_domain_tables(tmp_path):
    rows = lambda k: [[str(i), f"领域{k}事项", f"{k}-{i}事项", "内容", "《某法》", "20个工作日", "政府网站"]
                      for i in (1, 2)]
    domain_docx(tmp_path / "three.docx", [(f"{n}、第{k}领域基层政务公开标准目录", rows(k))
                                          for n, k in (("一", 1), ("二", 2), ("三", 3))])
    m = tmp_path / "three.yaml"
    m.write_text(DOCX_MAPPING.format(source="three.docx") + "titles: {role: category, pattern: '、(.+?)基层'}\n",
                 encoding="utf-8")
    cat = read_catalogue(load_mapping(m), tmp_path, BASE)
    assert [r.name for r in cat.records] == ["1-1事项", "1-2事项", "2-1事项", "2-2事项", "3-1事项", "3-2事项"]
    assert [r.category for r in cat.records[::2]] == [["第1领域", "领域1事项"], ["第2领域", "领域2事项"],
                                                      ["第3领域", "领域3事项"]]
    assert [r.source_fragment for r in cat.records[2:4]] == ["table=2&row=3", "table=2&row=4"]
    assert cat.table.preamble == ["某街道基层政务公开标准目录", "一、第1领域基层政务公开标准目录"]
    # naming the tables reads only those; a number out of range is refused
    m.write_text(DOCX_MAPPING.format(source="three.docx") + "tables: [3]\n", encoding="utf-8")
    assert [r.name for r in read_catalogue(load_mapping(m), tmp_path, BASE).records] == ["3-1事项", "3-2事项"]
    m.write_text(DOCX_MAPPING.format(source="three.docx") + "tables: [1, 4]\n", encoding="utf-8")
    with pytest.raises(ReadError, match="the mapping asks for table 4, the document has 3"):
        read_catalogue(load_mapping(m), tmp_path, BASE)


def test_xlsx_with_a_sheet_per_domain(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本目录分领域编制。"
    for k in (1, 2):
        ws = wb.create_sheet(f"领域{k}")
        ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
        ws.append(["1", f"类{k}", f"事项{k}", "内容", "《某法》", "20个工作日", "政府网站"])
    wb.save(tmp_path / "s.xlsx")
    m = tmp_path / "s.yaml"
    m.write_text(DOMAIN_MAPPING.format(source="s.xlsx", reader="xlsx").replace("header: {rows: 2}", "header: {rows: 1}"),
                 encoding="utf-8")
    cat = read_catalogue(load_mapping(m), tmp_path, BASE)
    assert [(r.name, r.source_fragment) for r in cat.records] == [("事项1", "sheet=领域1&range=A2:G2"),
                                                                  ("事项2", "sheet=领域2&range=A2:G2")]
    m.write_text(m.read_text(encoding="utf-8") + "tables: [领域2]\n", encoding="utf-8")
    assert [r.name for r in read_catalogue(load_mapping(m), tmp_path, BASE).records] == ["事项2"]


def test_every_reader_yields_the_same_table_model(tmp_path):
    """docx and text give Documents of Grids; assemble gives the same RawTable rows from both."""
    domain_docx(tmp_path / "one.docx", [("一、城乡规划领域", [["1", "规划管理", "控制性详细规划", "规划文本、图则",
                                                            "《中华人民共和国城乡规划法》", "20个工作日", "政府网站"]])])
    (tmp_path / "one.txt").write_text(DOMAIN_TABLES, encoding="utf-8")
    m = load_mapping((tmp_path / "m.yaml").write_text(DOMAIN_MAPPING.format(source="one.txt", reader="tsv"),
                                                      encoding="utf-8") and tmp_path / "m.yaml")
    from zwgk.mappings.records import header_probe
    probe = header_probe(m)
    opts = ReadOptions(m.ncols, m.header_rows, probe)
    word = READERS["docx"]("one.docx", tmp_path / "one.docx", opts)
    text = READERS["tsv"]("one.txt", tmp_path / "one.txt", opts)
    w = assemble(word, m.ncols, 2, probe)
    t = assemble(text, m.ncols, 2, probe, check_width=False)
    assert w.rows[0].texts() == t.rows[0].texts()[:7]
    first = word.tables[0].rows[2][1]
    assert (first.span, first.origin) == ((1, 1), None)
    covered = word.tables[0].rows[0][2]                 # 公开事项 over two columns
    assert covered.origin == (1, 2) and not covered.merged and covered.text == "公开事项"
    below = word.tables[0].rows[1][0]                   # 序号 over two rows
    assert below.origin == (1, 1) and below.merged


def test_build_names_the_detected_encoding(tmp_path):
    cats, maps = tmp_path / "c", tmp_path / "m"
    cats.mkdir(), maps.mkdir()
    (cats / "g.txt").write_bytes(TEXT.encode("gb18030"))
    (maps / "g.yaml").write_text(MAPPING.format(source="g.txt", reader="tsv"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings",
                           str(maps), "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "dumps")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "catalogues/g.txt: decoded as gb18030 (detected)" in proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------------------------
# hostile office files: refused before any library inflates or expands them
# ---------------------------------------------------------------------------------------------------

def _rezip(src, dst, replace: dict[str, bytes]) -> None:
    import zipfile
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name in set(replace) - set(zin.namelist()):
            zout.writestr(name, replace[name])


def test_a_zip_bomb_is_refused_unread(tmp_path):
    import resource
    domain_docx(tmp_path / "ok.docx", [("一、领域", [["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"]])])
    _rezip(tmp_path / "ok.docx", tmp_path / "bomb.docx", {"word/media/image1.png": b"\0" * (64 << 20)})
    m = tmp_path / "bomb.yaml"
    m.write_text(DOCX_MAPPING.format(source="bomb.docx"), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError, match=r"catalogues/bomb.docx: refused: part 'word/media/image1.png' inflates to "
                                        r"67,108,864 bytes"):
        read_catalogue(load_mapping(m), tmp_path, BASE)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000   # KiB: never inflated


def test_external_entities_in_a_word_file_are_never_read(tmp_path):
    import zipfile
    domain_docx(tmp_path / "ok.docx", [("一、领域", [["1", "类", "事项XXE", "内容", "《某法》", "20个工作日", "政府网站"]])])
    xml = zipfile.ZipFile(tmp_path / "ok.docx").read("word/document.xml").decode("utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    head, rest = xml.split("?>", 1)
    evil = head + f'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>' + rest.replace("事项XXE", "&xxe;")
    _rezip(tmp_path / "ok.docx", tmp_path / "xxe.docx", {"word/document.xml": evil.encode("utf-8")})
    m = tmp_path / "xxe.yaml"
    m.write_text(DOCX_MAPPING.format(source="xxe.docx"), encoding="utf-8")
    try:
        cat = read_catalogue(load_mapping(m), tmp_path, BASE)
    except ReadError as e:
        assert "TOP-SECRET" not in str(e)
    else:
        assert all("TOP-SECRET" not in (r.name + r.content) for r in cat.records)


def test_entity_expansion_in_an_excel_file_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
    wb.active.append(["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"])
    wb.save(tmp_path / "ok.xlsx")
    import zipfile
    sheet = zipfile.ZipFile(tmp_path / "ok.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(9))
    body = sheet.split("?>", 1)[-1]
    evil = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [{lol}]>' + body
    _rezip(tmp_path / "ok.xlsx", tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": evil.encode("utf-8")})
    m = tmp_path / "lol.yaml"
    m.write_text(DOMAIN_MAPPING.format(source="lol.xlsx", reader="xlsx").replace("header: {rows: 2}", ""),
                 encoding="utf-8")
    with pytest.raises(ReadError, match=r"catalogues/lol.xlsx: cannot be read as .xlsx"):
        read_catalogue(load_mapping(m), tmp_path, BASE)


def test_a_stray_cell_far_away_does_not_blow_up_a_sheet(tmp_path):
    import zipfile
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
    ws.append(["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"])
    ws["XFD1048576"].number_format = "0.00"        # formatted, no value: not part of the table
    wb.save(tmp_path / "stray.xlsx")
    m = tmp_path / "stray.yaml"
    m.write_text(DOMAIN_MAPPING.format(source="stray.xlsx", reader="xlsx").replace("header: {rows: 2}", ""),
                 encoding="utf-8")
    assert [r.name for r in read_catalogue(load_mapping(m), tmp_path, BASE).records] == ["事项"]
    ws["XFD1048576"] = "x"                          # a value far away: refused, not read
    wb.save(tmp_path / "stray.xlsx")
    with pytest.raises(ReadError, match=r"sheet 'Sheet' has values from row 1 to 1048576 .* delete the stray cells"):
        read_catalogue(load_mapping(m), tmp_path, BASE)
    # one merge over the rest of the sheet (written into the XML: openpyxl itself would build every cell)
    del ws["XFD1048576"]
    wb.save(tmp_path / "ok.xlsx")
    sheet = zipfile.ZipFile(tmp_path / "ok.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = sheet.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A10:XFD1048576"/></mergeCells>')
    _rezip(tmp_path / "ok.xlsx", tmp_path / "stray.xlsx", {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")})
    with pytest.raises(ReadError, match=r"a merged range over A10:XFD1048576 \(17,179,721,728 cells\)"):
        read_catalogue(load_mapping(m), tmp_path, BASE)


# ---------------------------------------------------------------------------------------------------
# a bad file in any form: a clear error naming it, exit code 1, the last good store and dumps untouched
# ---------------------------------------------------------------------------------------------------

def _pdf(tmp, kind: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp / f"{kind}.pdf"
    c = canvas.Canvas(str(path), encrypt="secret" if kind == "locked" else None)
    if kind == "scan":
        c.rect(50, 50, 400, 600, fill=1)          # an image-like page: no text at all
    else:
        c.setFont("STSong-Light", 12)
        c.drawString(72, 720, "某街道办事处政务公开目录（正文，无表格）")
    c.showPage()
    c.save()
    return path.read_bytes()


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """A folder with one good catalogue, its mapping and its build (var/)."""
    from .test_bad_input import good_folders, run_build
    root = tmp_path_factory.mktemp("good")
    cats, maps = good_folders(root)
    assert run_build(root, cats, maps).returncode == 0
    return root


@pytest.mark.parametrize("name,reader,make,needle", [
    ("scan.pdf", "pdf", lambda t: _pdf(t, "scan"), "no text layer"),
    ("locked.pdf", "pdf", lambda t: _pdf(t, "locked"), "password-protected"),
    ("cut.pdf", "pdf", lambda t: _pdf(t, "text")[:300], "cannot be read as PDF"),
    ("prose.pdf", "pdf", lambda t: _pdf(t, "text"), "no table found"),
    ("fake.pdf", "pdf", lambda t: "<html><body>目录</body></html>".encode(), "not a PDF file"),
    ("notable.html", "html", lambda t: "<html><body><p>某局政务公开目录</p></body></html>".encode("gb18030"), "no table"),
    ("other.html", "html", lambda t: "<table><tr><td>单位</td><td>电话</td></tr></table>".encode(),
     "no row matches the mapping's column headers"),
    ("binary.html", "html", lambda t: b"PK\x03\x04" + b"\x00" * 64, "not an HTML page"),
])
def test_bad_files_of_every_form_fail_the_build_cleanly(good_build, tmp_path, name, reader, make, needle):
    from .test_bad_input import assert_failed_cleanly, run_build, snapshot
    import shutil
    shutil.copytree(good_build, tmp_path, dirs_exist_ok=True)     # a good build, made once for all cases
    cats, maps = tmp_path / "catalogues", tmp_path / "mappings"
    before = snapshot(tmp_path / "var")
    (cats / name).write_bytes(make(tmp_path))
    (maps / "bad.yaml").write_text(MAPPING.format(source=name, reader=reader), encoding="utf-8")
    proc = run_build(tmp_path, cats, maps)
    assert_failed_cleanly(tmp_path, proc, before, f"catalogues/{name}", needle)


# ---------------------------------------------------------------------------------------------------
# details found reading real-looking files
# ---------------------------------------------------------------------------------------------------

def test_page_numbers_and_rules_in_a_text_copy_are_not_titles(tmp_path):
    """'第 1 页' or '---' between rows of a PDF copied to text: dropped, the category still carries on."""
    text = ("序号\t公开事项\t\t公开内容\t公开依据\t公开时限\t公开渠道\n\t一级事项\t二级事项\n"
            "1\t规划管理\t控制性详细规划\t规划文本\t《中华人民共和国城乡规划法》\t20个工作日\t政府网站\n"
            "- 1 -\n第 1 页 共 2 页\n---\n"
            "2\t\t乡村建设规划许可\t许可结果\t《中华人民共和国城乡规划法》\t7个工作日\t政府网站\n")
    cat = build(tmp_path, "n.txt", text, mapping=DOMAIN_MAPPING)
    assert [(r.name, r.category) for r in cat.records] == [("控制性详细规划", ["规划管理"]),
                                                           ("乡村建设规划许可", ["规划管理"])]
    assert not any("spanning the whole table" in w for w in cat.warnings)


def test_every_table_header_is_checked(tmp_path):
    """A second table whose columns are in another order is read by its header (its header rows kept a field
    under every cell), not data in the wrong roles; one whose header the mapping's wordings do not line up is an
    error."""
    swapped = DOMAIN_TABLES.replace("二、户籍管理领域基层政务公开标准目录\n序号\t公开事项\t\t公开内容\t公开依据",
                                    "二、户籍管理领域基层政务公开标准目录\n序号\t公开事项\t\t公开依据\t公开内容")
    swapped = swapped.replace("1\t\t出生登记\t办理条件、材料\t《中华人民共和国户口登记条例》",
                              "1\t\t出生登记\t《中华人民共和国户口登记条例》\t办理条件、材料")
    cat = build(tmp_path, "h.txt", swapped, mapping=DOMAIN_MAPPING)
    by = {r.name: r for r in cat.records}
    assert by["出生登记"].content == "办理条件、材料"
    assert [c.title for c in by["出生登记"].legal_basis] == ["中华人民共和国户口登记条例"]
    reworded = DOMAIN_TABLES.replace("二、户籍管理领域基层政务公开标准目录\n序号\t公开事项\t\t公开内容\t公开依据",
                                     "二、户籍管理领域基层政务公开标准目录\n序号\t公开事项\t\t公开内容\t法律依据")
    with pytest.raises(ReadError, match=r"catalogues/r.txt:9: column 5 \(legal_basis\) should be headed"):
        build(tmp_path, "r.txt", reworded, mapping=DOMAIN_MAPPING)


def test_an_empty_sheet_keeps_the_sheet_numbers(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.create_sheet("空白")
    ws = wb.create_sheet("目录")
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
    ws.append(["1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"])
    wb["封面"]["A1"] = "某局政务公开目录"
    wb.save(tmp_path / "e.xlsx")
    m = tmp_path / "e.yaml"
    m.write_text(DOMAIN_MAPPING.format(source="e.xlsx", reader="xlsx").replace("header: {rows: 2}", "sheet: 3"),
                 encoding="utf-8")
    assert [r.source_fragment for r in read_catalogue(load_mapping(m), tmp_path, BASE).records] == \
        ["sheet=目录&range=A2:G2"]


def test_a_box_ending_a_wrapped_line_belongs_to_the_label_below():
    from zwgk.mappings.cells import read_checkboxes
    assert [(o.label, o.checked) for o in read_checkboxes("■全文发布 □\n政策解读", "glyphs")] == \
        [("全文发布", True), ("政策解读", False)]


def test_a_pdf_given_to_a_text_reader_says_which_reader(tmp_path):
    with pytest.raises(ReadError, match=r"catalogues/x.txt: this is a PDF file, not a text extraction: use 'reader: pdf'"):
        build(tmp_path, "x.txt", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")


def test_formulas_without_computed_values_are_named(tmp_path):
    """A workbook written by a program and never opened in Excel has formulas with no cached value:
    openpyxl reads them as empty; the build says which cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开渠道"])
    ws.append(["=ROW()-1", "类", "事项", "内容", "《某法》", "20个工作日", "政府网站"])
    ws.append(["=ROW()-1", "类", "事项二", "内容", "《某法》", "20个工作日", "政府网站"])
    wb.save(tmp_path / "f.xlsx")      # openpyxl writes formulas without values
    m = tmp_path / "f.yaml"
    m.write_text(DOMAIN_MAPPING.format(source="f.xlsx", reader="xlsx").replace("header: {rows: 2}", ""),
                 encoding="utf-8")
    cat = read_catalogue(load_mapping(m), tmp_path, BASE)
    assert [r.name for r in cat.records] == ["事项", "事项二"] and cat.records[0].seq == ""
    assert any("formulas without a computed value read as empty cells: A2, A3" in w for w in cat.warnings)


def test_gbk_bytes_that_happen_to_be_valid_utf8_get_a_word(tmp_path):
    from zwgk.mappings.readers.base import read_text_file
    (tmp_path / "g.txt").write_bytes("目录\t目录\t目录\n".encode("gbk"))     # valid UTF-8 too: 'Ŀ¼'
    text, used, notes = read_text_file(tmp_path / "g.txt", label="catalogues/g.txt")
    assert used == "utf-8" and text.startswith("Ŀ¼")
    assert notes == ["catalogues/g.txt: read as UTF-8, but it reads as Chinese only in GB18030; if the text "
                     "looks garbled, add 'encoding: gb18030' to the mapping"]
    assert read_text_file(tmp_path / "g.txt", "gb18030")[0].startswith("目录")
    (tmp_path / "u.txt").write_text("目录\t目录\n", encoding="utf-8")
    assert read_text_file(tmp_path / "u.txt")[2] == []


THREE_LEVELS = """\
序号\t一级事项\t二级事项\t三级事项\t公开内容
1\t规划管理\t城乡规划\t控制性详细规划\t规划文本
2\t\t\t乡村建设规划许可\t许可结果
3\t\t—\t规划公示\t公示内容
4\t户籍管理\t户口登记\t出生登记\t办理条件
"""
THREE_MAPPING = """\
catalogue: {{id: levels, source: {source}}}
agency: {{id: levels-agency, name: 某镇人民政府}}
reader: {reader}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: category, header: [一级事项]}}
  - {{role: subcategory, header: [二级事项]}}
  - {{role: name, header: [三级事项]}}
  - {{role: content, header: [公开内容]}}
item_key: seq
"""


def test_a_subcategory_column_is_the_second_level_of_the_category_path(tmp_path):
    cat = build(tmp_path, "l.txt", THREE_LEVELS, mapping=THREE_MAPPING)
    assert [(r.name, r.category) for r in cat.records] == [
        ("控制性详细规划", ["规划管理", "城乡规划"]),
        ("乡村建设规划许可", ["规划管理", "城乡规划"]),       # blank under the same first level: merged above
        ("规划公示", ["规划管理"]),                          # '—': no second level here
        ("出生登记", ["户籍管理", "户口登记"])]
    assert "subcategory" in cat.records[1].inherited


def test_a_subcategory_merged_in_a_word_table(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=4, cols=5)
    for r, row in enumerate([["序号", "一级事项", "二级事项", "三级事项", "公开内容"],
                             ["1", "规划管理", "城乡规划", "控制性详细规划", "规划文本"],
                             ["2", "", "", "乡村建设规划许可", "许可结果"],
                             ["3", "", "", "规划公示", "公示内容"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(1, 1).merge(t.cell(3, 1))
    t.cell(1, 2).merge(t.cell(2, 2))             # the second level spans rows 1-2 only; row 3 is blank
    d.save(tmp_path / "l.docx")
    m = tmp_path / "l.yaml"
    m.write_text(THREE_MAPPING.format(source="l.docx", reader="docx"), encoding="utf-8")
    cat = read_catalogue(load_mapping(m), tmp_path, BASE)
    assert [r.category for r in cat.records] == [["规划管理", "城乡规划"], ["规划管理", "城乡规划"], ["规划管理"]]


def test_cell_per_line_domain_tables_with_titles(tmp_path):
    """One cell per line, one table per domain: the loose line before each table is its title."""
    head = [["序号", "公开事项", "", "公开内容", "公开依据", "公开时限", "公开渠道"],
            ["", "一级事项", "二级事项", "", "", "", ""]]
    one = [["1", "规划管理", "控制性详细规划", "规划文本", "《中华人民共和国城乡规划法》", "20个工作日", "政府网站"]]
    two = [["1", "户口登记", "出生登记", "办理条件", "《中华人民共和国户口登记条例》", "20个工作日", "政府网站"]]
    text = ("某街道基层政务公开标准目录\n\n一、城乡规划领域基层政务公开标准目录\n\n" + cell_per_line(head + one)
            + "\n二、户籍管理领域基层政务公开标准目录\n\n" + cell_per_line(head + two))
    cat = build(tmp_path, "c.txt", text, "cell-per-line", mapping=DOMAIN_MAPPING,
                extra="titles: {role: category, pattern: '、(.+?)领域'}\n")
    assert [(r.name, r.category) for r in cat.records] == [("控制性详细规划", ["城乡规划", "规划管理"]),
                                                           ("出生登记", ["户籍管理", "户口登记"])]
    # the mapping says what titles are: no warning for each (they were told on every build)
    assert not any("a row spanning the whole table" in w for w in cat.warnings)


def test_a_place_in_an_original_in_words():
    """Item pages and source extracts name the place: page, table, sheet, row, range."""
    from zwgk.mappings.readers.base import fragment_words
    from zwgk.mappings.records import Record
    assert fragment_words("page=3&table=1&row=4") == "第3页 表1 第4行"
    assert fragment_words("table=2&row=7-9") == "表2 第7-9行"
    assert fragment_words("sheet=目录&range=A7:N7") == "工作表 目录 A7:N7"
    pdf = Record(row=1, source_file="catalogues/x.pdf", first_line=12, last_line=12,
                 source_fragment="page=2&table=1&row=3")
    assert (pdf.source_label, pdf.source_lines) == ("第2页 表1 第3行", "page=2&table=1&row=3")
    text = Record(row=1, source_file="catalogues/x.txt", first_line=5, last_line=6)
    assert (text.source_label, text.source_lines) == ("第5-6行", "5-6")
    word = Record(row=1, source_file="catalogues/x.docx", first_line=3, last_line=3, source_fragment="table=1&row=3")
    assert word.source_lines == "3"


def test_what_libreoffice_leaves_in_a_converted_page_is_read():
    """Found converting a Word catalogue to a web page with LibreOffice: a check-box control becomes
    '☒\\x01' (a control character after the box); symbol boxes stay private-use characters in any font."""
    from zwgk.mappings.cells import clean_text, read_checkboxes
    from zwgk.mappings.readers.office import normalise_glyphs
    assert [(o.label, o.checked) for o in read_checkboxes("☒\x01政府网站   ☐\x01政府公报", "glyphs")] == \
        [("政府网站", True), ("政府公报", False)]
    assert clean_text("机构\x01职能\x7f") == "机构职能" and "\x00" in clean_text.__wrapped__("a\x00b")
    assert normalise_glyphs("\uf0fe政府网站 \uf0a8政府公报 \uf0fc") == "■政府网站 □政府公报 ✓"


def read_lost_merges(tmp, *rows: str) -> tuple[list[tuple], str]:
    """A text copy under 序号 | 一级事项 | 事项名称 | 公开依据 | 公开渠道 | 责任科室 | 全社会 | 特定群众, its first row
    full, read with its draft: (category, name, channels, office, has a legal basis, audience) per item;
    the draft."""
    text = "\n".join(["序号\t一级事项\t事项名称\t公开依据\t公开渠道\t责任科室\t全社会\t特定群众",
                      "1\t机构信息\t机构职能\t《中华人民共和国政府信息公开条例》\t政府网站\t办公室\t√\t", *rows]) + "\n"
    (tmp / "t.txt").write_text(text, encoding="utf-8")
    cat, mapping = drafted(tmp, "t.txt")
    return [(r.category, r.name, labels(r.channels), r.responsible_unit, bool(r.legal_basis), labels(r.audience))
            for r in cat.records], mapping


def test_a_row_that_lost_merged_cells_and_has_no_tick(tmp_path):
    """A text copy's row that lost the cells merged over it (its 一级事项 and 公开依据) and ticks nothing: its
    cells moved left fit the columns they land in as well (a name under 一级事项, 政府网站 under 事项名称, blank
    tick cells), so it was read where it was printed, every field wrong. Printed to its end (blank tick cells,
    a tab at the end), it prints fewer cells than the columns: it lost merged cells, and is re-seated so."""
    items, mapping = read_lost_merges(tmp_path, "2\t领导信息\t政府网站\t办公室\t\t", "3\t内设机构\t政务微信\t综合科\t\t√")
    assert items == [
        (["机构信息"], "机构职能", ["政府网站"], "办公室", True, ["全社会"]),
        (["机构信息"], "领导信息", ["政府网站"], "办公室", True, []),
        (["机构信息"], "内设机构", ["政务微信"], "综合科", True, ["特定群众"])], mapping


def test_an_office_named_like_a_channel_in_a_row_that_lost_merged_cells(tmp_path):
    """A text copy's row that lost merged cells, whose 责任科室 is 便民服务站: the name of a channel too. Seated
    as the office, it was a misfit (a channel's label outside 公开渠道), so the row was re-seated with it joined
    to the 公开渠道 cell before it: a channel too many, the office lost. An office-shaped label that the
    公开渠道 cells of the table's full rows never hold is the office."""
    items, mapping = read_lost_merges(tmp_path, "2\t服务指南\t信息公告栏\t便民服务站\t√\t",
                                      "3\t领导信息\t政府网站\t办公室\t\t√")
    assert items == [
        (["机构信息"], "机构职能", ["政府网站"], "办公室", True, ["全社会"]),
        (["机构信息"], "服务指南", ["信息公告栏"], "便民服务站", True, ["全社会"]),
        (["机构信息"], "领导信息", ["政府网站"], "办公室", True, ["特定群众"])], mapping


def test_a_text_copy_of_the_jiceng_header_with_only_seq_among_its_upper_cells(tmp_path):
    """The 基层 standard header copied as text: 序号 | 公开事项 | 公开对象 | 公开方式 over 一级事项 | 二级事项 | 全社会 |
    特定群众 | 主动 | 依申请 (the merges lost). The upper row holds one column's text (序号), the rest are groups':
    the header was found one row too low, the first item taken for its second row, and nothing was read."""
    rows = [["序号", "公开事项", "", "公开对象", "", "公开方式", ""],
            ["", "一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请"],
            ["1", "市容管理", "户外广告设置许可", "√", "", "√", ""],
            ["2", "", "城市道路占用许可", "√", "", "√", ""],
            ["3", "综合执法", "行政处罚决定", "", "√", "", "√"]]
    (tmp_path / "cgj.txt").write_text("某县城市管理局政务公开标准目录\n" + "\n".join("\t".join(r) for r in rows) + "\n",
                                      encoding="utf-8")
    cat, text = drafted(tmp_path, "cgj.txt")
    got = [(r.seq, r.category, r.name, [a.rsplit("/", 1)[-1] for a in r.audience],
            [d.rsplit("/", 1)[-1] for d in r.disclosure_type]) for r in cat.records]
    assert got == [("1", ["市容管理"], "户外广告设置许可", ["public"], ["proactive"]),
                   ("2", ["市容管理"], "城市道路占用许可", ["public"], ["proactive"]),
                   ("3", ["综合执法"], "行政处罚决定", ["specific-groups"], ["on-request"])], text


def _multi_row_item_files(folder) -> list[str]:
    """One catalogue as a web page, a Word and an Excel file: item 1's 序号, 事项名称, 公开时限 merged down over three
    rows, each row one element of its 公开内容 and one of its legal bases; item 2 on one row."""
    head = ["序号", "事项名称", "公开内容", "公开依据", "公开时限"]
    rows = [["1", "机构职能", "机构职能", "《中华人民共和国政府信息公开条例》", "20个工作日"],
            ["", "", "内设机构", "《A省政府信息公开规定》", ""],
            ["", "", "办公地址。", "", ""],
            ["2", "领导信息", "领导姓名、职务", "《中华人民共和国政府信息公开条例》", "20个工作日"]]
    cells = "".join(f"<td rowspan=3>{c}</td>" if k in (0, 1, 4) else f"<td>{c}</td>" for k, c in enumerate(rows[0]))
    html = ("<html><head><meta charset='utf-8'></head><body><p>某县民政局政府信息公开目录</p><table border=1><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + f"</tr><tr>{cells}</tr><tr><td>内设机构</td><td>《A省政府信息公开规定》</td>"
            "</tr><tr><td>办公地址。</td><td></td></tr><tr>" + "".join(f"<td>{c}</td>" for c in rows[3]) + "</tr></table></body></html>")
    (folder / "mz.html").write_text(html, encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("某县民政局政府信息公开目录")
    t = d.add_table(rows=5, cols=5)
    for i, h in enumerate(head):
        t.cell(0, i).text = h
    for r, row in enumerate(rows, 1):
        for i, v in enumerate(row):
            if v:
                t.cell(r, i).text = v
    for i in (0, 1, 4):
        t.cell(1, i).merge(t.cell(3, i))
    d.save(folder / "mz.docx")
    workbook(folder / "mz.xlsx", [["某县民政局政府信息公开目录"], head, *rows], ("A3:A5", "B3:B5", "E3:E5"))
    return ["mz.html", "mz.docx", "mz.xlsx"]


def test_an_item_over_several_rows_is_one_item(tmp_path):
    """序号 and 事项名称 merged down over three rows, each row one element of the item's 公开内容 and legal bases: one
    item holding them all (it was three items of one name, keyed 机构职能, 机构职能-2, 机构职能-3, each with one element)."""
    for name in _multi_row_item_files(tmp_path):
        cat, text = drafted(tmp_path, name)
        got = [(r.seq, r.name, r.content, [c.title for c in r.legal_basis], r.time_limit.text) for r in cat.records]
        assert got == [("1", "机构职能", "机构职能；内设机构；办公地址。",
                        ["中华人民共和国政府信息公开条例", "A省政府信息公开规定"], "20个工作日"),
                       ("2", "领导信息", "领导姓名、职务", ["中华人民共和国政府信息公开条例"], "20个工作日")], (name, text)


def test_an_item_over_several_rows_without_seq_is_one_item_and_rows_of_their_own_stay_items(tmp_path):
    """No 序号 column: rows under a merged 事项名称 holding nothing of their own but a 公开内容 element (时限 and
    ticks merged down too) are one item (机构职能 was three items, 机构职能, 机构职能-2, 机构职能-3); rows with a time
    limit or ticks of their own under a merged name stay items of their own, named alike (社会救助, 社会救助-2)."""
    head = ["事项名称", "公开内容", "公开时限", "主动公开", "依申请公开"]
    rows = [["机构职能", "机构职能", "20个工作日内", "√", ""], ["", "内设机构", "", "", ""], ["", "办公地址", "", "", ""],
            ["社会救助", "低保对象名单", "每月10日前", "√", ""], ["", "特困人员名单", "每季度", "", "√"],
            ["财政预算", "部门预算", "批准后20日内", "√", ""]]
    spans = {(0, 0): 3, (0, 2): 3, (0, 3): 3, (0, 4): 3, (3, 0): 2}       # (row, column): rows merged down
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    body = "".join("<tr>" + "".join(f"<td rowspan={spans.get((r, c), 1)}>{v}</td>" for c, v in enumerate(row)
                                    if (r, c) not in covered) + "</tr>" for r, row in enumerate(rows))
    (tmp_path / "mz.html").write_text("<html><head><meta charset='utf-8'></head><body><p>某县民政局政府信息公开目录</p>"
                                      "<table border=1><tr>" + "".join(f"<td>{h}</td>" for h in head) + f"</tr>{body}"
                                      "</table></body></html>", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("某县民政局政府信息公开目录")
    t = d.add_table(rows=len(rows) + 1, cols=len(head))
    for r, row in enumerate([head, *rows]):
        for c, v in enumerate(row):
            if v:
                t.cell(r, c).text = v
    for (r, c), n in spans.items():
        t.cell(r + 1, c).merge(t.cell(r + n, c))
    d.save(tmp_path / "mz.docx")
    cols = "ABCDE"
    workbook(tmp_path / "mz.xlsx", [["某县民政局政府信息公开目录"], head, *rows],
             tuple(f"{cols[c]}{r + 3}:{cols[c]}{r + 2 + n}" for (r, c), n in spans.items()))
    for name in ("mz.html", "mz.docx", "mz.xlsx"):
        cat, text = drafted(tmp_path, name)
        got = [(r.key, r.content, r.time_limit.text, [x.rsplit("/", 1)[-1] for x in r.disclosure_type])
               for r in cat.records]
        assert got == [("机构职能", "机构职能；内设机构；办公地址", "20个工作日内", ["proactive"]),
                       ("社会救助", "低保对象名单", "每月10日前", ["proactive"]),
                       ("社会救助-2", "特困人员名单", "每季度", ["on-request"]),
                       ("财政预算", "部门预算", "批准后20日内", ["proactive"])], (name, text)


def test_rows_without_seq_and_name_go_on_with_the_numbered_item_above(tmp_path):
    """An Excel item whose 公开内容 elements stand one a row, 序号 and 事项名称 left blank under the first (not merged),
    its 事项类别 merged down beside them: the draft reads those rows as the item's (it read each as an item named
    like the one above, category-or-inherit), and their cells are its texts apart (they were glued as one text cut
    by a line break: 机构职能内设机构办公地址)."""
    workbook(tmp_path / "mz.xlsx", [
        ["某县民政局政府信息公开目录"], ["序号", "事项类别", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体"],
        ["1", "机构信息", "机构职能", "机构职能", "《中华人民共和国政府信息公开条例》", "20个工作日", "某县民政局"],
        ["", None, "", "内设机构", "", "", ""], ["", None, "", "办公地址", "", "", ""],
        ["2", None, "领导信息", "领导姓名、职务", "《中华人民共和国政府信息公开条例》", "20个工作日", "某县民政局"]], ("B3:B6",))
    cat, text = drafted(tmp_path, "mz.xlsx")
    assert [(r.seq, r.category, r.name, r.content) for r in cat.records] == [
        ("1", ["机构信息"], "机构职能", "机构职能；内设机构；办公地址"),
        ("2", ["机构信息"], "领导信息", "领导姓名、职务")], text


def test_a_transposed_table_and_a_document_without_one_are_refused_saying_so(tmp_path):
    """A table with its header wordings down the first column (one column per item), a form per item and a
    document of paragraphs were refused asking for wordings to be added to headers.yaml, which were known or not
    the matter (the forms' values were taken for a header: with the table named, items named 公开内容 …)."""
    from zwgk.mappings.draft import draft_mapping
    d = docx.Document()
    t = d.add_table(rows=4, cols=3)
    for r, row in enumerate([["事项名称", "机构职能", "领导信息"], ["公开内容", "职能、内设机构", "领导姓名"],
                             ["公开依据", "《条例》", "《条例》"], ["公开时限", "20个工作日", "20个工作日"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(tmp_path / "across.docx")
    with pytest.raises(ReadError, match="stand down its first column"):
        draft_mapping(tmp_path / "across.docx", "t")
    d = docx.Document()      # a form per item: wordings and values side by side (it read the values as headers)
    for name, category in [("机构职能", "机构信息"), ("领导信息", "机构信息")]:
        t = d.add_table(rows=3, cols=4)
        for r, row in enumerate([["事项名称", name, "事项类别", category], ["公开内容", "职能、内设机构", "公开时限", "20个工作日"],
                                 ["公开主体", "某县民政局", "公开渠道", "政府网站"]]):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
    d.save(tmp_path / "forms.docx")
    with pytest.raises(ReadError, match="is a form, wordings and values side by side"):
        draft_mapping(tmp_path / "forms.docx", "t")
    d = docx.Document()
    for line in ["一、机构职能", "【公开内容】职能、内设机构", "【公开时限】20个工作日"]:
        d.add_paragraph(line)
    d.save(tmp_path / "paragraphs.docx")
    with pytest.raises(ReadError, match="the document has no table"):
        draft_mapping(tmp_path / "paragraphs.docx", "t")


_PLAIN_HEAD = ["序号", "类别", "公开事项名称", "主要内容", "法律依据", "时限要求", "公开渠道"]
_PLAIN_ROWS = [["1", "行政许可", "道路运输经营许可", "许可依据、条件、程序、结果", "《中华人民共和国道路运输条例》",
                "作出决定之日起7个工作日内", "政府网站"],
               ["2", "行政许可", "超限运输车辆行驶公路许可", "许可条件、办理流程、许可结果", "《中华人民共和国公路法》",
                "作出决定之日起7个工作日内", "政府网站、政务微信"],
               ["3", "行政执法", "交通运输行政处罚", "处罚决定书", "《交通运输行政执法程序规定》", "作出决定之日起7个工作日内",
                "政府网站"]]


def _plain_copy(rows) -> str:
    return "某县交通运输局政府信息公开目录\n\n" + "".join("\n".join(r) + "\n\n" for r in [_PLAIN_HEAD, *rows])


def test_a_copy_with_one_cell_a_line_and_no_tab_is_read(tmp_path):
    """A Word table pasted as plain paragraphs: one cell a line, a blank line after each row, no tab anywhere (it
    was refused, 'no tab-separated cells': every item lost). Each line is a cell."""
    (tmp_path / "jt.txt").write_text(_plain_copy(_PLAIN_ROWS), encoding="utf-8")
    cat, text = drafted(tmp_path, "jt.txt")
    assert "reader: cell-per-line" in text
    assert [(r.seq, r.category, r.name, r.content, [c.title for c in r.legal_basis], r.time_limit.text,
             len(r.channels)) for r in cat.records] == [
        (row[0], [row[1]], row[2], row[3], [row[4].strip("《》")], row[5], 1 + row[6].count("、")) for row in _PLAIN_ROWS]


def _emptied(rows, *cells):
    """`rows` with the cells at (row, column) empty."""
    rows = [list(r) for r in rows]
    for r, c in cells:
        rows[r][c] = ""
    return rows


_MORE_PLAIN = [["4", "行政执法", "交通运输行政检查", "检查结果", "《交通运输行政执法程序规定》", "检查结束后20个工作日内",
                "政府网站"]]


def _double_spaced(rows) -> str:
    """`_plain_copy` with two blank lines after each row."""
    return "某县交通运输局政府信息公开目录\n\n\n" + "".join("\n".join(r) + "\n\n\n" for r in [_PLAIN_HEAD, *rows])


@pytest.mark.parametrize("empty,copy", [
    ([(1, 1), (3, 1)], _plain_copy),                    # the cells under a merged 类别
    ([(1, 4), (2, 6), (3, 1), (3, 6)], _plain_copy),    # an empty 法律依据, empty last cells (公开渠道)
    ([(1, 0), (1, 1), (3, 1)], _plain_copy),            # an empty first cell (序号) after the row above's blank line
    ([(1, 1), (3, 1)], lambda rows: _plain_copy(rows).replace("\n\n3\n", "\n\n二、行政执法类\n（依职权）\n\n3\n")),
    ([(1, 1), (3, 1)], lambda rows: _plain_copy(rows) + "注：1. 本目录每年更新。\n2. 解释权归本局。\n"),
    ([(1, 1), (3, 6)], _double_spaced),                 # two blank lines after each row, an empty last cell
])
def test_empty_cells_of_a_copy_without_tabs_are_empty_lines(empty, copy, tmp_path):
    """A Word table pasted as plain paragraphs prints an empty cell as an empty line, like the blank line that
    ends a row: each empty line was taken for a row's end, and the row's two parts were glued to the rows after
    them (4 items read as 2, the second's fields joined to the first's, no warning). A row has as many lines as
    the header has cells: the empty cells are placed by that width and by the rows' numbers; a title between
    rows (of two lines too: they were glued to the row above) and notes after them (the first note was glued to
    the last item) are no row's cells."""
    rows = _emptied(_PLAIN_ROWS + _MORE_PLAIN, *empty)
    (tmp_path / "jt.txt").write_text(copy(rows), encoding="utf-8")
    cat, drafted_text = drafted(tmp_path, "jt.txt")
    assert "reader: cell-per-line" in drafted_text
    category = ""
    want = []
    for row in rows:
        category = row[1] or category          # a blank 类别 in a text copy: the one above
        want.append((row[2], [category], row[3], [c.strip("《》") for c in [row[4]] if c], row[5], bool(row[6])))
    assert [(r.name, r.category, r.content, [c.title for c in r.legal_basis], r.time_limit.text, bool(r.channels))
            for r in cat.records] == want, drafted_text


@pytest.mark.parametrize("copy", [_plain_copy, _double_spaced,
                                  lambda rows: _plain_copy(rows[:2] + [_PLAIN_HEAD] + rows[2:])])   # header again
def test_cells_a_copy_without_tabs_leaves_out_are_not_empty_lines(copy, tmp_path):
    """A web table with a merged 类别 pasted as plain paragraphs may leave the merged cell out of the rows under its
    first (no empty line for it): each row still starts with its number and is followed by the next, one gap of
    blank lines between all rows. Such a copy prints no empty cells: each run of lines is a row, a short one
    re-seated by content, warned (it was refused as a row whose empty cells could not be placed: every item
    lost)."""
    rows = [list(r) for r in _PLAIN_ROWS + _MORE_PLAIN]
    for r in (1, 3):
        del rows[r][1]
    (tmp_path / "jt.txt").write_text(copy(rows), encoding="utf-8")
    cat, drafted_text = drafted(tmp_path, "jt.txt")
    assert "reader: cell-per-line" in drafted_text
    assert [(r.name, r.category, r.content, r.time_limit.text) for r in cat.records] == [
        (row[2], [row[1]], row[3], row[5]) for row in _PLAIN_ROWS + _MORE_PLAIN]
    assert any("re-seated by content" in w for w in cat.warnings)


@pytest.mark.parametrize("seq", [True, False])
def test_a_row_without_tabs_whose_empty_cells_cannot_be_placed_is_refused_at_its_line(seq, tmp_path):
    """A row with an empty cell and a cell of two paragraphs has a blank line and a line more than the header's
    cells: where its cells are cannot be told, and the row is refused at its line, not glued to the next one
    (with 序号: the number alone, then the rest; without: a blank line more before the row's lines)."""
    rows = _emptied(_PLAIN_ROWS + _MORE_PLAIN, (1, 1), (3, 1))
    rows[1][3] = "许可条件、办理流程、\n许可结果"
    if not seq:
        rows = [r[1:] for r in rows]
    head = _PLAIN_HEAD if seq else _PLAIN_HEAD[1:]
    text = _plain_copy(rows).replace("\n".join(_PLAIN_HEAD), "\n".join(head))
    (tmp_path / "jt.txt").write_text(text, encoding="utf-8")
    message = (r"jt\.txt:19: a row of 1 line before a blank line where the header has 7 cells.*cannot be told apart"
               if seq else r"jt\.txt:17: a blank line more between two rows.*remove the line or fill the cell")
    with pytest.raises(ReadError, match=message):
        drafted(tmp_path, "jt.txt")


def test_a_cell_of_two_paragraphs_in_a_copy_without_tabs_is_refused_at_its_line(tmp_path):
    """Without tabs a cell's second paragraph cannot be told from the next cell: a row of more lines than the
    header's is refused naming its line (the draft took it for a column with no header, ignored: the row's last
    cell was lost and the others moved left of their columns)."""
    rows = [list(r) for r in _PLAIN_ROWS]
    rows[1][3] = "许可条件、办理流程、\n许可结果"
    (tmp_path / "jt.txt").write_text(_plain_copy(rows), encoding="utf-8")
    with pytest.raises(ReadError, match=r"jt\.txt:19: row has 8 cells, the mapping declares 7 columns.*without tabs"):
        drafted(tmp_path, "jt.txt")
