"""Word catalogues: each quirk of real .docx tables, on small documents built here with python-docx.

The helpers write real WordprocessingML: merges through python-docx's `cell.merge` (w:gridSpan,
w:vMerge), Wingdings `w:sym` runs, w14:checkbox content controls, legacy FORMCHECKBOX fields,
several paragraphs and `w:br` line breaks in one cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from zwgk.mappings import MappingError, ReadError, load_mapping

from .officefiles import assert_unreadable, labels, mapping_file, read, saved_with_mapping



# ---------------------------------------------------------------------------------------------------
# building documents
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sym:
    """A symbol-font character as Word inserts it (Insert ▸ Symbol): <w:sym w:font=… w:char=…/>."""
    char: str
    font: str = "Wingdings"


@dataclass(frozen=True)
class Box:
    """A check-box content control (Developer ▸ Check Box): w:sdt with w14:checkbox."""
    checked: bool


@dataclass(frozen=True)
class FormBox:
    """A legacy form field check box (FORMCHECKBOX), as in old Word templates."""
    checked: bool


@dataclass(frozen=True)
class Bookmark:
    """A bookmark (w:bookmarkStart/End): markup, not text (text extractions print it as debris)."""
    name: str


BR = object()   # a line break inside a paragraph (Shift+Enter)


def _run(text: str | None = None, sym: Sym | None = None, br: bool = False):
    r = OxmlElement("w:r")
    if sym is not None:
        s = OxmlElement("w:sym")
        s.set(qn("w:font"), sym.font)
        s.set(qn("w:char"), sym.char)
        r.append(s)
    if text is not None:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
    if br:
        r.append(OxmlElement("w:br"))
    return r


def _checkbox_control(checked: bool):
    glyph = "☒" if checked else "☐"   # what Word shows; the reader trusts w14:checked, not the glyph
    return parse_xml(
        f'<w:sdt {nsdecls("w", "w14")}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
        'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts '
        f'w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>')


def _form_checkbox(checked: bool) -> list:
    state = "<w:checked/>" if checked else ""
    begin = parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="C"/>'
                      f'<w:enabled/><w:checkBox><w:sizeAuto/><w:default w:val="0"/>{state}</w:checkBox>'
                      '</w:ffData></w:fldChar></w:r>')
    instr = parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>')
    end = parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>')
    return [begin, instr, end]


def fill(cell, *pieces) -> None:
    """Replace a cell's content. A str's "\\n" starts a new paragraph; BR is a line break; Sym, Box and
    FormBox are check boxes in Word's three forms."""
    fill_tc(cell._tc, *pieces)


def fill_tc(tc, *pieces) -> None:
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    p = OxmlElement("w:p")
    tc.append(p)
    for piece in pieces:
        if isinstance(piece, str):
            for k, line in enumerate(piece.split("\n")):
                if k:
                    p = OxmlElement("w:p")
                    tc.append(p)
                if line:
                    p.append(_run(line))
        elif piece is BR:
            p.append(_run(br=True))
        elif isinstance(piece, Sym):
            p.append(_run(sym=piece))
        elif isinstance(piece, Box):
            p.append(_checkbox_control(piece.checked))
        elif isinstance(piece, FormBox):
            p.extend(_form_checkbox(piece.checked))
        elif isinstance(piece, Bookmark):
            mark = len(tc.xpath(".//w:bookmarkStart"))
            p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{mark}" w:name="{piece.name}"/>'))
            p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{mark}"/>'))
        else:
            raise TypeError(piece)


def make_table(document, rows: list[list], merges=()):
    """A table from rows of cell contents (a str, a tuple of pieces, or None for a cell that a merge
    covers); merges are (top, left, bottom, right), 0-based and inclusive."""
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for top, left, bottom, right in merges:
        table.cell(top, left).merge(table.cell(bottom, right))
    for i, row in enumerate(rows):
        for j, content in enumerate(row):
            if content is None:
                continue
            fill(table.cell(i, j), *(content if isinstance(content, tuple) else (content,)))
    return table


# A six-column catalogue with a two-row header: 公开对象 spans two tick columns (w:gridSpan) and the
# four other headings span both header rows (w:vMerge).
HEADER = [["事项类别", "事项名称", "公开依据", "公开渠道", "公开对象", None],
          [None, None, None, None, "全社会", "特定群众"]]
HEADER_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 5)]

MAPPING = """\
catalogue: {{id: test-docx, source: {source}}}
agency: {{id: test-agency, name: 某县医疗保障局}}
reader: docx
header: {{rows: 2}}
columns:
  - {{role: category, header: [事项类别]}}
  - {{role: name, header: [事项名称]}}
  - {{role: legal_basis, header: [公开依据]}}
  - {{role: channels, header: [公开渠道]}}
  - {{role: audience, header: [全社会], tick: 全社会}}
  - {{role: audience, header: [特定群众], tick: 特定群众}}
codes: {{pattern: '\\d{{6}}'}}
"""


def write(tmp: Path, name: str, document, mapping: str = MAPPING, **format) -> Path:
    return saved_with_mapping(tmp, name, document, mapping, **format)


def catalogue_doc(rows: list[list], merges=()):
    d = docx.Document()
    make_table(d, HEADER + rows, HEADER_MERGES + [(t + 2, l, b + 2, r) for t, l, b, r in merges])
    return d


# ---------------------------------------------------------------------------------------------------
# merges
# ---------------------------------------------------------------------------------------------------

def test_multi_row_header_and_vertical_merges(tmp_path):
    """A merged 事项类别 and a merged 公开依据 apply to every row they span, marked inherited; a cell
    that is simply empty stays empty (no category, no basis), unlike in a text extraction."""
    rows = [
        ["机构信息", "领导信息", "《政府信息公开条例》（国务院令第711号）", "■政府网站", "√", ""],
        [None, "内设机构", None, "■政府网站", "√", ""],
        [None, "机构职能", "", "■政府网站", "√", ""],
        ["", "统计数据", "", "■政府网站", "√", ""],
    ]
    cat = read(tmp_path, write(tmp_path, "m.docx", catalogue_doc(rows, [(0, 0, 2, 0), (0, 2, 1, 2)])))
    lead, units, duties, stats = cat.records
    assert [r.name for r in cat.records] == ["领导信息", "内设机构", "机构职能", "统计数据"]
    assert units.category == duties.category == ["机构信息"]
    assert units.inherited == {"category", "legal_basis"} and duties.inherited == {"category"}
    assert [c.identifier for c in units.legal_basis] == ["国务院令第711号"]
    assert duties.legal_basis == [] and lead.inherited == set()
    assert stats.category == [] and stats.inherited == set()   # blank, not merged: stays blank
    assert labels(lead.audience) == ["全社会"] and labels(lead.channels) == ["政府网站"]


def test_horizontal_merge_gives_every_column_its_text(tmp_path):
    """A first-level entry that is itself the item spans 事项类别 and 事项名称 (w:gridSpan)."""
    rows = [["规划计划\n030000", None, "", "■政府网站", "√", ""]]
    cat = read(tmp_path, write(tmp_path, "h.docx", catalogue_doc(rows, [(0, 0, 0, 1)])))
    (plan,) = cat.records
    assert (plan.name, plan.code, plan.category) == ("规划计划", "030000", ["规划计划"])
    assert plan.inherited == set()


def test_merged_first_level_item_continues_down(tmp_path):
    """A gridSpan cell merged down as well: the rows below are in the same entry, name and category."""
    rows = [["财政资金\n150000", None, "", "■政府网站", "√", ""],
            [None, None, "", "□政府网站", "", "√"]]
    cat = read(tmp_path, write(tmp_path, "hv.docx", catalogue_doc(rows, [(0, 0, 1, 1)])))
    first, second = cat.records
    assert second.name == first.name == "财政资金" and second.code == "150000"
    assert second.inherited == {"name", "category"}
    assert labels(second.audience) == ["特定群众"] and second.channels == []


# ---------------------------------------------------------------------------------------------------
# check boxes and cell text
# ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell,expected", [
    (("■政府网站 □政府公报\n☑两微一端 ☐发布会",), ["政府网站", "两微一端"]),
    ((Sym("F0FE"), "政府网站 ", Sym("F0A8"), "政府公报 ", Sym("F0FE"), "公开查阅点"), ["政府网站", "公开查阅点"]),
    ((Box(True), "政府网站 ", Box(False), "政府公报 ", Box(True), "发布会"), ["政府网站", "发布会"]),
    ((FormBox(False), "政府网站", BR, FormBox(True), "政府公报"), ["政府公报"]),
    (("×政府网站 √政府公报 ✓发布会",), ["政府公报", "发布会"]),
    ((Sym("F052", "Wingdings 2"), "政府网站 ", Sym("F0A3", "Wingdings 2"), "政府公报"), ["政府网站"]),
], ids=["glyphs", "wingdings-sym", "content-control", "form-field", "ticks-and-cross", "wingdings-2"])
def test_check_boxes_in_every_form(tmp_path, cell, expected):
    rows = [["机构信息", "领导信息", "", cell, "√", ""]]
    cat = read(tmp_path, write(tmp_path, "c.docx", catalogue_doc(rows)))
    assert labels(cat.records[0].channels) == expected


@pytest.mark.parametrize("tick,ticked", [("√", True), ("✓", True), ("×", False), ((Sym("F0FC"),), True),
                                         ((Box(True),), True), ((Box(False),), False), ("", False)])
def test_tick_columns(tmp_path, tick, ticked):
    rows = [["机构信息", "领导信息", "", "■政府网站", tick, ""]]
    cat = read(tmp_path, write(tmp_path, "t.docx", catalogue_doc(rows)))
    assert labels(cat.records[0].audience) == (["全社会"] if ticked else [])


def test_paragraphs_line_breaks_and_codes_on_a_second_line(tmp_path):
    rows = [[("政策", BR, "法规\n010000"), ("部门", BR, "文件", "\n010100"),
             "《中华人民共和国政府信息公开条例》（国务院令第711号）；\n《法规规章备案条例》（国务院令第337号）",
             ("■政府网站", BR, "■政府公报"), "√", ""]]
    cat = read(tmp_path, write(tmp_path, "p.docx", catalogue_doc(rows)))
    (r,) = cat.records
    assert (r.name, r.code, r.category, r.category_codes) == ("部门文件", "010100", ["政策法规"], ["010000"])
    assert [c.identifier for c in r.legal_basis] == ["国务院令第711号", "国务院令第337号"]
    assert labels(r.channels) == ["政府网站", "政府公报"]
    assert cat.table.rows[0].cells[1].text == "部门\n文件\n010100"


def test_tracked_changes_are_read_as_accepted(tmp_path):
    d = catalogue_doc([["机构信息", "领导信息", "", "■政府网站", "√", ""]])
    cell = d.tables[0].cell(2, 1)._tc
    cell.find(qn("w:p")).append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>（旧）</w:delText></w:r></w:del>'))
    cell.find(qn("w:p")).append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>简介</w:t></w:r></w:ins>'))
    cat = read(tmp_path, write(tmp_path, "tc.docx", d))
    assert cat.records[0].name == "领导信息简介"


def test_unknown_symbol_is_visible_and_warned(tmp_path):
    rows = [["机构信息", "领导信息", "", (Sym("F04A"), "政府网站"), "√", ""]]
    cat = read(tmp_path, write(tmp_path, "u.docx", catalogue_doc(rows)))
    assert "\ufffd" in cat.table.rows[0].cells[3].text
    assert any("u.docx#table=1" in w and "Wingdings F04A" in w for w in cat.warnings)


# ---------------------------------------------------------------------------------------------------
# text around the table, provenance, which table
# ---------------------------------------------------------------------------------------------------

PREAMBLE_MAPPING = MAPPING + """\
preamble:
  title: first-line
  description: '概述[:：]\\s*(.+)'
  phone: '(?:联系|咨询)电话[:：]\\s*([\\d\\-]+)'
  address: '地址[:：]\\s*(\\S+)'
"""


def test_text_around_the_table_is_read_into_metadata(tmp_path):
    d = docx.Document()
    d.add_paragraph("某县医疗保障局政府信息公开目录")
    d.add_paragraph("概述：本目录列出本局主动公开的政府信息。联系电话：0530-1234567，地址：某县人民路8号。")
    make_table(d, HEADER + [["机构信息", "领导信息", "", "■政府网站", "√", ""],
                            ["注：★为重点事项。", None, None, None, None, None]],
               HEADER_MERGES + [(3, 0, 3, 5)])
    d.add_paragraph("本目录自发布之日起施行。")
    cat = read(tmp_path, write(tmp_path, "pre.docx", d, PREAMBLE_MAPPING))
    assert cat.metadata["title"] == cat.mapping.title == "某县医疗保障局政府信息公开目录"
    assert cat.metadata["phone"] == "0530-1234567" and cat.metadata["address"] == "某县人民路8号。"
    assert cat.mapping.description.startswith("本目录列出")
    assert cat.table.trailer == ["注：★为重点事项。", "本目录自发布之日起施行。"]
    assert [r.name for r in cat.records] == ["领导信息"]


def test_missing_preamble_field_is_a_warning(tmp_path):
    d = catalogue_doc([["机构信息", "领导信息", "", "■政府网站", "√", ""]])
    cat = read(tmp_path, write(tmp_path, "np.docx", d, PREAMBLE_MAPPING))
    assert "title" not in cat.metadata
    assert any("preamble: no phone found" in w for w in cat.warnings)


def test_provenance_points_into_the_table(tmp_path):
    rows = [["机构信息", "领导信息", "", "■政府网站", "√", ""],
            ["一、重点领域信息", None, None, None, None, None],   # a section heading across the table
            ["医疗保障", "待遇政策", "", "■政府网站", "√", ""]]
    cat = read(tmp_path, write(tmp_path, "prov.docx", catalogue_doc(rows, [(1, 0, 1, 5)])))
    first, second = cat.records
    assert (first.source_fragment, first.source_lines) == ("table=1&row=3", "3")
    assert (second.source_fragment, second.source_lines) == ("table=1&row=5", "5")
    assert any("prov.docx#table=1&row=4" in w and "一、重点领域信息" in w for w in cat.warnings)


def test_table_is_found_by_its_header_or_named(tmp_path):
    d = docx.Document()
    make_table(d, [["单位", "某县医疗保障局"], ["电话", "0530-1234567"]])   # a contact table first
    make_table(d, HEADER + [["机构信息", "领导信息", "", "■政府网站", "√", ""]], HEADER_MERGES)
    cat = read(tmp_path, write(tmp_path, "two.docx", d))
    assert cat.records[0].source_fragment == "table=2&row=3"
    named = write(tmp_path, "two.docx", d, MAPPING + "table: 1\n")
    with pytest.raises(ReadError, match=r"two.docx: table 1: no row matches the mapping's column headers"):
        read(tmp_path, named)


def test_override_names_a_table_row(tmp_path):
    mapping = MAPPING + """\
overrides:
  - {{line: 3, cells: {{category: 机构概况}}, reason: the category cell is misprinted}}
"""
    cat = read(tmp_path, write(tmp_path, "o.docx", catalogue_doc([["机构", "领导信息", "", "■政府网站", "√", ""]]),
                               mapping))
    assert cat.records[0].category == ["机构概况"]


# ---------------------------------------------------------------------------------------------------
# files and tables that cannot be read: a clear error naming the file
# ---------------------------------------------------------------------------------------------------

def _mapping_for(tmp: Path, source: str, extra: str = "") -> Path:
    return mapping_file(tmp, MAPPING, source, extra)


@pytest.mark.parametrize("name,content,message", [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "legacy Word 97-2003 (.doc) file"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "password-protected or legacy format"),
    ("broken.docx", b"this is not a zip at all", "not a .docx (Word) file (not a zip package)"),
    ("page.docx", "<html><body>目录</body></html>".encode(), "HTML or XML text"),
    ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00truncated", "cannot be read as .docx (Word)"),
    ("empty.docx", b"", "catalogue file is empty"),
])
def test_unreadable_files(tmp_path, name, content, message):
    assert_unreadable(tmp_path, MAPPING, name, content, message)


def test_an_excel_file_given_to_the_word_reader(tmp_path):
    import openpyxl
    openpyxl.Workbook().save(tmp_path / "sheet.docx")
    with pytest.raises(ReadError, match=r"catalogues/sheet.docx: cannot be read as .docx"):
        read(tmp_path, _mapping_for(tmp_path, "sheet.docx"))


def test_table_out_of_range(tmp_path):
    catalogue_doc([["机构信息", "领导信息", "", "■政府网站", "√", ""]]).save(tmp_path / "one.docx")
    with pytest.raises(ReadError, match=r"one.docx: the mapping asks for table 3, the document has 1"):
        read(tmp_path, _mapping_for(tmp_path, "one.docx", "table: 3\n"))


def test_header_that_does_not_match(tmp_path):
    d = docx.Document()
    header = [row[:] for row in HEADER]
    header[1][5] = "特定对象"
    make_table(d, header + [["机构信息", "领导信息", "", "■政府网站", "√", ""]], HEADER_MERGES)
    with pytest.raises(ReadError) as e:
        read(tmp_path, write(tmp_path, "hd.docx", d))
    assert "catalogues/hd.docx#table=1&row=2: column 6 (audience) should be headed ['特定群众'], found '特定对象'" \
        in str(e.value)


def test_fewer_columns_than_the_mapping(tmp_path):
    d = docx.Document()
    make_table(d, [["事项类别", "事项名称", "公开依据", "公开渠道"], ["机构信息", "领导信息", "", "■政府网站"]])
    with pytest.raises(ReadError, match=r"few.docx#table=1&row=1: table 1 has 4 columns, the mapping declares 6"):
        read(tmp_path, write(tmp_path, "few.docx", d))


@pytest.mark.parametrize("extra,message", [
    ("sheet: 目录\n", "'sheet' applies to readers xlsx, xls and ods"),
    ("table: 0\n", "table must be a table number counted from 1"),
    ("preamble: {phone: '电话(['}\n", "preamble.phone is not a valid regular expression"),
    ("preamble: {fax: first-line}\n", "preamble: unknown field 'fax'"),
])
def test_mapping_keys_are_checked(tmp_path, extra, message):
    path = _mapping_for(tmp_path, "x.docx", extra)
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    assert message in str(e.value) and str(e.value).startswith(f"{path}:")


def test_text_reader_mapping_may_not_name_a_table(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(MAPPING.format(source="x.txt").replace("reader: docx", "reader: tsv") + "table: 2\n",
                    encoding="utf-8")
    with pytest.raises(MappingError, match="'table' applies to reader docx"):
        load_mapping(path)



def test_preamble_contact_and_description_reach_the_rdf(tmp_path):
    """The phone and address read before the table become the catalogue's vCard contact point, and the
    概述 its dct:description."""
    from zwgk.mappings.mint import Minter, now
    from zwgk.ontology import code_lists
    d = docx.Document()
    d.add_paragraph("某县医疗保障局政府信息公开目录")
    d.add_paragraph("概述：本目录列出本局主动公开的政府信息。联系电话：0530-1234567，地址：某县人民路8号。")
    make_table(d, HEADER + [["机构信息", "领导信息", "", "■政府网站", "√", ""]], HEADER_MERGES)
    cat = read(tmp_path, write(tmp_path, "pre.docx", d, PREAMBLE_MAPPING))
    base = "http://127.0.0.1:8000"
    g = Minter(base, code_lists(base)).catalogue_graph(cat, now())
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in g.quads}
    c = f"{base}/id/catalogue/{cat.mapping.catalogue_id}"
    V = "http://www.w3.org/2006/vcard/ns#"
    assert (c, "http://www.w3.org/ns/dcat#contactPoint", c + "#contact") in triples
    assert (c + "#contact", V + "hasTelephone", "tel:+86-530-1234567") in triples
    assert (c + "#address", V + "street-address", "某县人民路8号。") in triples
    assert any(s == c and p == "http://purl.org/dc/terms/description" and o.startswith("本目录列出")
               for s, p, o in triples)


def test_a_merged_second_level_with_categories_from_the_item_codes(tmp_path):
    """Three levels (一级事项 / 二级事项 / 三级事项), codes printed under the names and the category taken from
    the item code's parent (`codes.parent`): a 二级事项 merged over two items is each item's. The second
    item's first level came from its code, not from above, and its merged 二级 was dropped."""
    mapping = """\
catalogue: {{id: test-three, source: {source}}}
agency: {{id: test-agency, name: 某县交通运输局}}
reader: docx
columns:
  - {{role: category, header: [一级事项]}}
  - {{role: subcategory, header: [二级事项]}}
  - {{role: name, header: [三级事项]}}
  - {{role: content, header: [公开内容]}}
codes: {{pattern: '\\d{{6}}', parent: {{prefix: 2, suffix: "0000"}}}}
"""
    rows = [["一级事项", "二级事项", "三级事项", "公开内容"],
            ["政务公开\n010000", "机构信息\n010100", "机构职能\n010101", "主要职责"],
            [None, None, "领导信息\n010102", "领导姓名"],
            [None, "—", "政策文件\n010201", "规范性文件"]]
    d = docx.Document()
    make_table(d, rows, [(1, 0, 3, 0), (1, 1, 2, 1)])
    cat = read(tmp_path, write(tmp_path, "three.docx", d, mapping))
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "政策文件"]
    assert [r.category for r in cat.records] == [["政务公开", "机构信息"], ["政务公开", "机构信息"], ["政务公开"]]
    assert "subcategory" in cat.records[1].inherited


# -- what Word files hold beyond their cells' visible text (a probe of 13 Word catalogues) --------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cell_xml(cell, inner: str):
    """Replace a python-docx cell's paragraphs with this WordprocessingML."""
    from lxml import etree
    tc = cell._tc
    for p in tc.findall(f"{{{_W}}}p"):
        tc.remove(p)
    for el in etree.fromstring(f'<x xmlns:w="{_W}">{inner}</x>'):
        tc.append(el)


def _read(tmp_path, d):
    from zwgk.mappings.readers.docx import read_docx
    d.save(tmp_path / "x.docx")
    return read_docx("x.docx", tmp_path / "x.docx")


def test_hidden_text_and_placeholders_are_not_read(tmp_path):
    """Text formatted hidden (w:vanish: Word neither shows nor prints it) and a content control showing its
    placeholder (单击或点击此处输入文字。, greyed) are no part of a cell: both were read into it."""
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for j, h in enumerate(["事项名称", "公开内容", "备注"]):
        t.cell(0, j).text = h
    t.cell(1, 0).text = "招生信息"
    _cell_xml(t.cell(1, 1), '<w:p><w:r><w:t>招生计划、录取结果</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>'
                            '<w:t>（内部备注：与招生办核对）</w:t></w:r></w:p>')
    _cell_xml(t.cell(1, 2), '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>'
                            '<w:t>单击或点击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    row = _read(tmp_path, d).tables[0].rows[1]
    assert [c.text for c in row] == ["招生信息", "招生计划、录取结果", ""]


def test_a_table_in_a_text_box_is_read(tmp_path):
    """A catalogue laid in a text box (w:txbxContent in a VML shape, or in wps:txbx with its VML copy as
    mc:Fallback): its table is the document's, read once (it was run together into one paragraph's text)."""
    from lxml import etree
    d = docx.Document()
    d.add_paragraph("某县住房和城乡建设局政府信息公开目录")
    t = d.add_table(rows=2, cols=3)
    for j, (h, v) in enumerate(zip(["序号", "公开事项", "公开内容"], ["1", "建筑工程施工许可", "许可结果"])):
        t.cell(0, j).text, t.cell(1, j).text = h, v
    tbl = t._tbl
    tbl.getparent().remove(tbl)
    body = etree.tostring(tbl).decode()
    box = f"<w:txbxContent>{body}<w:p/></w:txbxContent>"
    p = etree.fromstring(
        f'<w:p xmlns:w="{_W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>' + box + '</wps:txbx></w:drawing>'
        '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>' + box + '</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r></w:p>')
    d.element.body.insert(1, p)
    doc = _read(tmp_path, d)
    assert len(doc.tables) == 1
    assert [c.text for c in doc.tables[0].rows[1]] == ["1", "建筑工程施工许可", "许可结果"]
    assert doc.tables[0].before == ["某县住房和城乡建设局政府信息公开目录"]


@pytest.mark.parametrize("fmt,want", [("taiwaneseCountingThousand", "（三）"), ("ideographDigital", "（三）"),
                                      ("chineseLegalSimplified", "（叁）")])
def test_chinese_list_numbering_as_libreoffice_writes_it(tmp_path, fmt, want):
    """LibreOffice writes 一、（一） list numbering as taiwaneseCountingThousand when it turns a .doc, .odt or .rtf
    into .docx (how zwgk reads them): the number was dropped, and with it the sections' titles."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    for lvl in numbering.iter(f"{{{_W}}}lvl"):
        lvl.find(f"{{{_W}}}numFmt").set(f"{{{_W}}}val", fmt)
        lvl.find(f"{{{_W}}}lvlText").set(f"{{{_W}}}val", "（%1）")
    t = d.add_table(rows=4, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "事项名称", "公开内容"
    for i in (1, 2, 3):
        t.cell(i, 0).paragraphs[0].style = "List Number"
        t.cell(i, 0).paragraphs[0].add_run(f"就业创业{i}")
    rows = _read(tmp_path, d).tables[0].rows
    assert rows[3][0].text == f"{want}就业创业3"


# ---------------------------------------------------------------------------------------------------
# what Word and other editors write inside cells and around rows (a probe of file internals)
# ---------------------------------------------------------------------------------------------------

def _wrapped(el, tag: str = "w:customXml"):
    """`el` moved into a new element `tag` (w:customXml w:element="…") standing where it stood."""
    wrapper = parse_xml(f'<{tag} {nsdecls("w")} w:element="item"/>')
    el.addprevious(wrapper)
    wrapper.append(el)
    return wrapper


@pytest.mark.parametrize("what", ["row", "cell", "table"])
def test_custom_xml_around_a_row_a_cell_or_the_table_is_looked_through(what, tmp_path):
    """A w:customXml element (custom XML tagging, as a content control wraps) around a row, a cell or the whole
    table: read as without it (the row was lost, the row's cells shifted one column left, or no table was
    found: 'no header row … add the wordings')."""
    d = catalogue_doc([["机构信息", "机构职能", "《条例》", "政府网站", "√", ""],
                       ["机构信息", "领导信息", "《条例》", "政府网站", "", "√"]])
    tbl = d.tables[0]._tbl
    rows = tbl.findall(qn("w:tr"))
    _wrapped({"row": rows[2], "cell": rows[2].findall(qn("w:tc"))[1], "table": tbl}[what])
    cat = read(tmp_path, write(tmp_path, "x.docx", d))
    assert [(r.name, labels(r.channels), labels(r.audience)) for r in cat.records] == [
        ("机构职能", ["政府网站"], ["全社会"]), ("领导信息", ["政府网站"], ["特定群众"])]


def test_ruby_guides_and_web_hidden_runs(tmp_path):
    """拼音指南 (w:ruby): the base text only (bǎo zhàng was read into 保障标准); a run hidden in the web layout only
    (w:webHidden) is printed and shown in the print layout: read (0571- lost 86010001)."""
    from zwgk.mappings.readers.docx import cell_text
    tc = parse_xml(
        f'<w:tc {nsdecls("w")}><w:p><w:r><w:t>低保对象名单、</w:t></w:r><w:r><w:ruby><w:rubyPr><w:hps w:val="10"/>'
        '</w:rubyPr><w:rt><w:r><w:t>bǎo zhàng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>保障</w:t></w:r></w:rubyBase>'
        '</w:ruby></w:r><w:r><w:t>标准</w:t></w:r></w:p><w:p><w:r><w:t>0571-</w:t></w:r><w:r><w:rPr><w:webHidden/>'
        '</w:rPr><w:t>86010001</w:t></w:r></w:p></w:tc>')
    assert cell_text(tc) == ("低保对象名单、保障标准\n0571-86010001", [])
    ptab = parse_xml(f'<w:tc {nsdecls("w")}><w:p><w:r><w:t>政府网站</w:t><w:ptab w:relativeTo="margin" '
                     'w:alignment="right" w:leader="none"/><w:t>公告栏</w:t></w:r></w:p></w:tc>')
    assert cell_text(ptab) == ("政府网站 公告栏", [])      # an absolute tab (w:ptab) as a tab: they were glued


@pytest.mark.parametrize("font,chars,text", [
    ("Symbol", "0571-86010001", "0571-86010001"),     # a phone number set in Symbol: its digits (13 × � before)
    ("Symbol", "\uf0a320", "≤20"),                     # Insert ▸ Symbol ≤ (Symbol F0A3)
    ("Wingdings", "\uf09f公告栏", "●公告栏"),            # a bullet (Wingdings F09F)
    ("Wingdings", "\uf0fe", "■"),                       # the check box still a check box
])
def test_text_in_symbol_fonts_reads_as_word_shows_it(font, chars, text):
    from zwgk.mappings.readers.docx import cell_text
    tc = parse_xml(f'<w:tc {nsdecls("w")}><w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>'
                   f'<w:t>{chars}</w:t></w:r></w:p></w:tc>')
    assert cell_text(tc) == (text, [])


def test_a_text_box_in_a_cell_is_part_of_its_text(tmp_path):
    """A text box drawn in a cell (Word 2010's drawing in mc:Choice, its VML copy in mc:Fallback): its paragraph
    is a line of the cell, once (公告栏 was dropped: one channel of two read)."""
    from zwgk.mappings.readers.docx import cell_text
    box = '<w:txbxContent><w:p><w:r><w:t>公告栏</w:t></w:r></w:p></w:txbxContent>'
    tc = parse_xml(
        f'<w:tc {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:p><w:r><w:t>政府网站、</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp>'
        f'<wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p></w:tc>')
    assert cell_text(tc) == ("政府网站、\n公告栏", [])


def test_a_table_nested_in_a_cell_reads_a_line_per_row(tmp_path):
    """A small table inside a cell (领导姓名 | 职务 | 分工 under the cell's paragraph): a line per row, its cells apart
    by a space (they were glued to one another: 领导姓名职务分工)."""
    from zwgk.mappings.readers.docx import cell_text

    def tc(text):
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    cell = parse_xml(f'<w:tc {nsdecls("w")}><w:p><w:r><w:t>领导信息：</w:t></w:r></w:p><w:tbl>'
                     f'<w:tr>{tc("姓名")}{tc("职务")}</w:tr><w:tr>{tc("张三")}{tc("局长")}</w:tr></w:tbl><w:p/></w:tc>')
    assert cell_text(cell) == ("领导信息：\n姓名 职务\n张三 局长", [])


def test_text_hidden_by_its_character_style_is_not_read(tmp_path):
    """A run set in a character style that hides its text (an internal note, 内部：待核): not read, as a run hidden
    by itself is not (it was published); a run that shows itself in that style is read."""
    from docx.enum.style import WD_STYLE_TYPE
    d = catalogue_doc([["机构信息", "领导信息", "", "政府网站", "√", ""]])
    hidden = d.styles.add_style("内部批注", WD_STYLE_TYPE.CHARACTER)
    hidden.font.hidden = True
    below = d.styles.add_style("内部批注二", WD_STYLE_TYPE.CHARACTER)
    below.base_style = hidden
    para = d.tables[0].cell(2, 2).paragraphs[0]
    for text, style, shown in (("《条例》", None, None), ("（内部：待核）", hidden, None), ("（另：待定）", below, None),
                               ("第二十条", hidden, True)):
        run = para.add_run(text)
        if style is not None:
            run.style = style
        if shown:
            run.font.hidden = False
    cat = read(tmp_path, write(tmp_path, "h.docx", d))
    assert cat.table.rows[0].cells[2].text == "《条例》第二十条"
