"""A 公开依据 printed as two columns, the instrument (《中华人民共和国政府信息公开条例》) and its articles (第十九条、第二十条,
第二十条第（一）项) under 依据条款, 条款, a second column under 公开依据, or 具体条款: read as one citation a row, as the
citation written in one cell (…条例》第十九条) is, its articles linked (role `legal_articles`, mappings/legal.py
`with_article_column`, mappings/draft.py `article_column`). The article column was kept as text (or as a field of
no instrument), and its items lost their links to the articles."""
from __future__ import annotations

import gzip

import openpyxl
import pytest

from zwgk.mappings import MappingError, load_mapping, read_catalogue
from zwgk.mappings import legal
from zwgk.mappings.legal import parse_legal_basis

from .conftest import BASE
from .test_bad_input import build_one
from .test_side_blocks import word_table
from .test_wordings import drafted

REG, BUDGET = "《中华人民共和国政府信息公开条例》", "《中华人民共和国预算法》"
HEAD = ["序号", "事项名称", "公开内容", "公开依据", "依据条款", "公开时限", "公开主体"]
ROWS = [["1", "机构职能", "职能、内设机构", REG, "第十九条、第二十条", "20个工作日", "某局"],
        ["2", "财政预算", "预算报告", f"{REG}\n{BUDGET}", "第二十条第（一）项\n第十四条", "20个工作日", "某局"],
        ["3", "财政决算", "决算报告", BUDGET, "/", "20个工作日", "某局"],
        ["4", "政策解读", "解读材料", f"{REG}\n{BUDGET}", "第二十条", "20个工作日", "某局"]]
#: what each row cites: (title, articles) a citation
WANT = [[("中华人民共和国政府信息公开条例", ("19", "20"))],
        [("中华人民共和国政府信息公开条例", ("20(1)",)), ("中华人民共和国预算法", ("14",))],
        [("中华人民共和国预算法", ())],
        [("中华人民共和国政府信息公开条例", ()), ("中华人民共和国预算法", ())]]


def cited(cat) -> list[list[tuple[str, tuple[str, ...]]]]:
    return [[(c.title, c.articles) for c in r.legal_basis] for r in cat.records]


@pytest.mark.parametrize("basis, articles, want", [
    (REG, "第十九条、第二十条", [("中华人民共和国政府信息公开条例", ("19", "20"), f"{REG}第十九条、第二十条")]),
    (REG, "第十九条\n第二十条", [("中华人民共和国政府信息公开条例", ("19", "20"), f"{REG}第十九条、第二十条")]),
    (REG, "第19条", [("中华人民共和国政府信息公开条例", ("19",), f"{REG}第19条")]),
    (f"{REG}（国务院令第711号）", "第二十条第（一）项", [("中华人民共和国政府信息公开条例", ("20(1)",),
                                                   f"{REG}（国务院令第711号）第二十条第（一）项")]),
    (f"{REG}、{BUDGET}", "第二十条；第十四条、第十五条", [("中华人民共和国政府信息公开条例", ("20",), f"{REG}第二十条"),
                                                  ("中华人民共和国预算法", ("14", "15"), f"{BUDGET}第十四条、第十五条")]),
    # the articles the cell beside gives are added to those the instrument's cell gives
    (f"{REG}第十九条", "第二十条", [("中华人民共和国政府信息公开条例", ("19", "20"), f"{REG}第十九条第二十条")]),
])
def test_the_articles_beside_an_instrument_are_its(basis, articles, want):
    paired, ok = legal.with_article_column(parse_legal_basis(basis), articles)
    assert ok and [(c.title, c.articles, c.text) for c in paired] == want
    # the same instrument and articles as the citation written in one cell
    one = parse_legal_basis(paired[-1].text)[-1]
    assert (paired[-1].identifier, paired[-1].articles) == (one.identifier, one.articles)


@pytest.mark.parametrize("basis, articles", [
    (f"{REG}、{BUDGET}", "第二十条"),                   # two instruments, one group: whose?
    (f"{REG}、{BUDGET}", "第二十条\n第十四条\n第五条"),  # three groups
    (REG, "全文"), (REG, "相关条款"),                    # no article references
    ("", "第二十条"),                                     # no instrument
])
def test_articles_that_do_not_pair_up_are_kept_apart(basis, articles):
    paired, ok = legal.with_article_column(parse_legal_basis(basis), articles)
    assert not ok and paired == parse_legal_basis(basis)


@pytest.mark.parametrize("cell", ["", "无", "/", "——"])
def test_an_article_cell_saying_nothing_leaves_the_citations(cell):
    assert legal.with_article_column(parse_legal_basis(REG), cell) == (parse_legal_basis(REG), True)


def workbook(path, head=HEAD, rows=ROWS, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录"
    ws.append(["某局政府信息公开目录"])
    for r in [*([head] if isinstance(head[0], str) else head), *rows]:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)


def test_a_mapping_reads_the_article_column_with_its_instruments(tmp_path):
    workbook(tmp_path / "x.xlsx")
    roles = ["seq", "name", "content", "legal_basis", "legal_articles", "time_limit", "subject"]
    (tmp_path / "m.yaml").write_text(
        "catalogue: {id: x, source: x.xlsx}\nagency: {id: x, name: 某局}\nreader: xlsx\ncolumns:\n"
        + "".join(f"  - {{role: {r}, header: [{h}]}}\n" for r, h in zip(roles, HEAD)), encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)
    assert cited(cat) == WANT
    # the row whose articles do not pair up: its instruments cited, its articles kept as text, the row named
    assert cat.records[3].extra == [("依据条款", "第二十条")]
    assert [w for w in cat.warnings if "pair up" in w] == [
        "catalogues/x.xlsx#sheet=目录&range=A6:G6: the articles '第二十条' do not pair up one to one with the 2 "
        "instrument(s) of the legal basis beside them (one group of articles a line or between ；, each an "
        "instrument's, in order): the instruments are cited without them, the articles kept as text under '依据条款'"]
    assert not any(r.extra for r in cat.records[:3])


def test_the_articles_need_a_legal_basis_column(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "catalogue: {id: x, source: x.xlsx}\nagency: {id: x, name: 某局}\nreader: xlsx\ncolumns:\n"
        "  - {role: name, header: [事项名称]}\n  - {role: legal_articles, header: [依据条款]}\n", encoding="utf-8")
    with pytest.raises(MappingError, match="the role 'legal_articles' .* but none the role 'legal_basis'"):
        load_mapping(tmp_path / "m.yaml")


def _page(head_rows: str, tmp_path, name="x.html"):
    body = "".join("<tr>" + "".join(f"<td>{c.replace(chr(10), '<br>')}</td>" for c in r) + "</tr>" for r in ROWS)
    (tmp_path / name).write_text(f'<html><head><meta charset="utf-8"></head><body><p>某局政府信息公开目录</p>'
                                 f"<table border=1>{head_rows}{body}</table></body></html>", encoding="utf-8")


def _cells(texts):
    return "".join(f"<td>{t}</td>" for t in texts)


LAYOUTS = {
    "依据条款": "<tr>" + _cells(HEAD) + "</tr>",
    # 具体条款 is an article text's wording elsewhere: its cells, article references, say which
    "具体条款": "<tr>" + _cells(HEAD[:4] + ["具体条款"] + HEAD[5:]) + "</tr>",
    # 公开依据 over both columns, one header row
    "one header over two": "<tr>" + _cells(HEAD[:3]) + "<td colspan=2>公开依据</td>" + _cells(HEAD[5:]) + "</tr>",
    # 公开依据 over 依据文件 | 条款
    "two rows": "<tr>" + "".join(f"<td rowspan=2>{h}</td>" for h in HEAD[:3]) + "<td colspan=2>公开依据</td>"
                + "".join(f"<td rowspan=2>{h}</td>" for h in HEAD[5:]) + "</tr><tr><td>依据文件</td><td>条款</td></tr>",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_draft_reads_the_article_column_as_the_instruments(layout, tmp_path):
    _page(LAYOUTS[layout], tmp_path)
    cat, text = drafted(tmp_path, "x.html")
    assert "role: legal_articles" in text, text
    assert cited(cat) == WANT, text


def test_a_column_of_article_texts_under_such_a_wording_is_their_text(tmp_path):
    rows = [r[:4] + ["第十九条 行政机关应当主动公开本行政机关的下列政府信息" if r[4] != "/" else "/"] + r[5:] for r in ROWS]
    workbook(tmp_path / "x.xlsx", rows=rows)
    cat, text = drafted(tmp_path, "x.xlsx")
    assert "{role: article_text, header: [依据条款]}" in text, text
    assert cat.records[0].article_text.startswith("第十九条行政机关") and not cat.records[0].legal_basis[0].articles


def test_the_draft_of_a_word_table_links_the_articles(tmp_path):
    word_table(tmp_path / "x.docx", [HEAD] + ROWS, "某局政府信息公开目录")
    cat, text = drafted(tmp_path, "x.docx")
    assert cited(cat) == WANT, text


def test_the_build_links_the_items_to_the_articles(tmp_path):
    """The item whose articles stand beside the instrument cites the same article resources as one whose cell
    holds both."""
    import rdflib
    text = ("事项名称\t公开依据\t依据条款\n"
            f"甲\t{REG}（国务院令第711号）\t第二十条、第二十一条\n"
            f"乙\t{REG}（国务院令第711号）第二十条\t\n")
    proc = build_one(tmp_path, text, "tsv", "  - {role: name, header: 事项名称}\n  - {role: legal_basis, header: 公开依据}\n"
                                            "  - {role: legal_articles, header: 依据条款}\n")
    assert proc.returncode == 0, proc.stderr
    g = rdflib.Graph().parse(data=gzip.decompress((tmp_path / "var" / "dumps" / "zwgk.ttl.gz").read_bytes()),
                             format="turtle")
    Z = rdflib.Namespace("https://w3id.org/zwgk/def/zwgk#")
    law = rdflib.URIRef("http://127.0.0.1:8000/id/law/国务院令第711号")
    items = {str(o): s for s, o in g.subject_objects(rdflib.DCTERMS.title)
             if (s, rdflib.RDF.type, Z.DisclosureItem) in g}
    assert set(g.objects(items["甲"], Z.legalBasisArticle)) == {rdflib.URIRef(f"{law}/art/{n}") for n in (20, 21)}
    assert set(g.objects(items["乙"], Z.legalBasisArticle)) == {rdflib.URIRef(f"{law}/art/20")}
    assert set(g.objects(items["甲"], Z.legalBasisText)) == {rdflib.Literal(f"{REG}（国务院令第711号）第二十条、第二十一条", lang="zh")}
