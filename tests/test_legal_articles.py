"""Legal citations with articles (mappings/legal.py) and their ELI subdivisions in the built data."""
from __future__ import annotations

import csv
import gzip

import pytest

from zwgk.mappings.legal import article_label, chinese_number, parse_legal_basis

from .test_bad_input import build_one

REG = "《中华人民共和国政府信息公开条例》"


@pytest.mark.parametrize("cell,ident,articles", [
    (f"{REG}第二十条、第二十一条", "中华人民共和国政府信息公开条例", ("20", "21")),
    (f"{REG}第二十条，第二十一条", "中华人民共和国政府信息公开条例", ("20", "21")),
    (f"{REG}第二十条和第二十一条", "中华人民共和国政府信息公开条例", ("20", "21")),
    (f"{REG}（国务院令第711号）第十九条", "国务院令第711号", ("19",)),
    (f"{REG}第十九条第（三）项", "中华人民共和国政府信息公开条例", ("19(3)",)),
    (f"{REG}第十九条第二款第三项", "中华人民共和国政府信息公开条例", ("19.2(3)",)),
    (f"{REG}第4条", "中华人民共和国政府信息公开条例", ("4",)),
    (f"{REG}第 4 条", "中华人民共和国政府信息公开条例", ("4",)),
    (f"{REG}第一百零二条", "中华人民共和国政府信息公开条例", ("102",)),
    (f"{REG}第二十条（国务院令第711号）", "国务院令第711号", ("20",)),
    (f"{REG}第二十条；{REG}第二十一条", "中华人民共和国政府信息公开条例", ("20", "21")),
    # an item in brackets without 第 before it: of the article (no whole article 20 beside 20(1))
    (f"{REG}第二十条（一）项", "中华人民共和国政府信息公开条例", ("20(1)",)),
    (f"{REG}第十九条第一款（三）项", "中华人民共和国政府信息公开条例", ("19.1(3)",)),
    (f"{REG}第二十条（一）、（五）项", "中华人民共和国政府信息公开条例", ("20(1)", "20(5)")),
    (f"{REG}第三十八条第一款、第二款（二）项", "中华人民共和国政府信息公开条例", ("38.1", "38.2(2)")),
])
def test_one_instrument_with_its_articles(cell, ident, articles):
    [c] = parse_legal_basis(cell)
    assert c.identifier == ident and c.articles == articles
    assert c.title == "中华人民共和国政府信息公开条例"


@pytest.mark.parametrize("cell,ident,articles", [
    # articles after ； and articles alone after a separator: of the instrument before them (they were lost)
    (f"{REG}（国务院令第711号）第十九条；第二十条", "国务院令第711号", ("19", "20")),
    (f"{REG}（国务院令第711号）第四十九条; 第五十条", "国务院令第711号", ("49", "50")),
    (f"{REG}（国务院令第711号）；第二十条", "国务院令第711号", ("20",)),
    ("中华人民共和国律师法；第二十三条", "中华人民共和国律师法", ("23",)),
    ("国办发〔2017〕47号，第三条", "国办发〔2017〕47号", ("3",)),
    # an instrument cited by its number alone, its articles right after it (they were lost)
    ("国务院令第711号第二十条", "国务院令第711号", ("20",)),
    ("国办发〔2019〕14号 第三条、第五条", "国办发〔2019〕14号", ("3", "5")),
    ("国务院令第711号第二十条；第二十一条", "国务院令第711号", ("20", "21")),
])
def test_articles_after_a_separator_are_of_the_instrument_before(cell, ident, articles):
    [c] = parse_legal_basis(cell)
    assert (c.identifier, c.articles) == (ident, articles)


def test_articles_of_several_instruments_stay_with_theirs():
    cites = parse_legal_basis(f"{REG}第二十条、《中华人民共和国预算法》第十四条、三定方案")
    assert [(c.identifier, c.articles) for c in cites] == [
        ("中华人民共和国政府信息公开条例", ("20",)), ("中华人民共和国预算法", ("14",)), ("三定方案", ())]
    assert cites[0].text == f"{REG}第二十条"


def test_citations_without_articles_are_as_before():
    cites = parse_legal_basis("《中华人民共和国公务员法》《公务员录用规定（试行）》（人事部令 第 7 号）、三定方案")
    assert [c.identifier for c in cites] == ["中华人民共和国公务员法", "人事部令第7号", "三定方案"]
    assert all(c.articles == () for c in cites)


@pytest.mark.parametrize("cell,number", [
    ("国办发〔2017〕47号:发布本地区重大建设项目", "国办发〔2017〕47号"),
    ("国办发〔2017〕47号：发布本地区重大建设项目", "国办发〔2017〕47号"),
    ("国办发[2017]47号发布本地区重大建设项目", "国办发〔2017〕47号"),
])
def test_document_number_without_brackets_ends_at_hao(cell, number):
    [c] = parse_legal_basis(cell)
    assert c.doc_number == number and c.identifier == number
    assert "发布本地区" not in c.text and c.legal_type == "normative-document" and c.year == "2017"


def test_document_number_after_a_title_without_brackets():
    [c, d] = parse_legal_basis("《关于全面推进政务公开工作的意见》中办发〔2016〕8号，三定方案")
    assert c.identifier == "中办发〔2016〕8号" and c.title == "关于全面推进政务公开工作的意见"
    assert d.identifier == "三定方案"


@pytest.mark.parametrize("cell,ident,articles", [
    # a range of articles: each of them; of items: each item
    ("《社会救助暂行办法》（国务院令第649号）第九条至第十五条", "国务院令第649号", tuple(str(k) for k in range(9, 16))),
    (f"{REG}第二十条第（一）至（五）项", "中华人民共和国政府信息公开条例", ("20(1)", "20(2)", "20(3)", "20(4)", "20(5)")),
    (f"{REG}第1条至第99999条", "中华人民共和国政府信息公开条例", ("1", "99999")),     # too wide: its ends
    # 第 left out after the first article
    (f"{REG}第20条、21条", "中华人民共和国政府信息公开条例", ("20", "21")),
    # the number in a bracket with the date and 修订; of several, the last (the one in force)
    (f"{REG}（2019年4月3日国务院令第711号修订）第二十条", "国务院令第711号", ("20",)),
    (f"{REG}（2007年4月5日中华人民共和国国务院令第492号公布，2019年4月3日中华人民共和国国务院令第711号修订）",
     "国务院令第711号", ()),
    # words leading into the citation and after it, numbering, 等法律法规: no instruments
    (f"依据{REG}第十九条、第二十条规定", "中华人民共和国政府信息公开条例", ("19", "20")),
    (f"1.{REG}第二十条", "中华人民共和国政府信息公开条例", ("20",)),
    (f"{REG}等法律法规", "中华人民共和国政府信息公开条例", ()),
    (f"根据{REG}的有关规定", "中华人民共和国政府信息公开条例", ()),
])
def test_citations_as_agencies_write_them(cell, ident, articles):
    """Wordings of 公开依据 cells seen in catalogues beyond the four shipped ones: each reads as one instrument
    with its articles, nothing else (no instrument called 至第十五条, 21条, 1., 依据, 规定 or 等法律法规)."""
    [c] = parse_legal_basis(cell)
    assert (c.identifier, c.articles) == (ident, articles)


def test_a_notice_issuing_the_instrument_is_cited_by_its_number():
    """印发《X》的通知（号） and 关于印发…的通知（号） without 《》: the notice, identified by its number, its title as
    printed (not X alone, and no instruments made of the words before and after X)."""
    [c] = parse_legal_basis("中共中央办公厅 国务院办公厅印发《关于全面推进政务公开工作的意见》的通知（中办发〔2016〕8号）")
    assert (c.identifier, c.title) == ("中办发〔2016〕8号", "中共中央办公厅国务院办公厅印发《关于全面推进政务公开工作的意见》的通知")
    [c] = parse_legal_basis("国务院办公厅关于印发2023年政务公开工作要点的通知（国办发〔2023〕15号）")
    assert (c.identifier, c.title) == ("国办发〔2023〕15号", "国务院办公厅关于印发2023年政务公开工作要点的通知")
    a, b = parse_legal_basis("1.《中华人民共和国政府信息公开条例》\n2.《社会救助暂行办法》")
    assert (a.identifier, b.identifier) == ("中华人民共和国政府信息公开条例", "社会救助暂行办法")
    # a cell of many ranges: at most ARTICLES_MAX articles are spelt out, the later ranges by their ends
    [c] = parse_legal_basis("《X》" + "、".join(f"第{k * 300 + 1}条至第{k * 300 + 200}条" for k in range(50)))
    assert len(c.articles) < 1000 and c.articles[-2:] == ("14701", "14900")
    # what names an instrument without 《》 still does
    assert [c.identifier for c in parse_legal_basis("三定方案；机构职能规定")] == ["三定方案", "机构职能规定"]


@pytest.mark.parametrize("text,n", [("二十一", 21), ("十九", 19), ("十", 10), ("一百零二", 102), ("4", 4),
                                    ("两百", 200), ("一百一十", 110)])
def test_numerals(text, n):
    assert chinese_number(text) == n


@pytest.mark.parametrize("notation,label", [("20", "第二十条"), ("21", "第二十一条"), ("19(3)", "第十九条第（三）项"),
                                            ("19.2", "第十九条第二款"), ("102", "第一百零二条"), ("110", "第一百一十条")])
def test_article_labels(notation, label):
    assert article_label(notation) == label


def test_build_mints_article_subdivisions(tmp_path):
    import rdflib
    text = ("事项名称\t公开依据\t公开渠道\t公开对象\n"
            f"甲\t{REG}（国务院令第711号）第二十条、第二十一条\t政府网站、政务微博\t全社会范围主动公开\n"
            f"乙\t{REG}（国务院令第711号）第二十条\t1.政府网站 2.两微一端\t全社会\n")
    proc = build_one(tmp_path, text, "tsv",
                     "  - {role: name, header: 事项名称}\n  - {role: legal_basis, header: 公开依据}\n"
                     "  - {role: channels, header: 公开渠道}\n  - {role: audience, header: 公开对象}\n")
    assert proc.returncode == 0, proc.stderr
    dumps = tmp_path / "var" / "dumps"
    g = rdflib.Graph().parse(data=gzip.decompress((dumps / "zwgk.ttl.gz").read_bytes()), format="turtle")
    ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    Z = rdflib.Namespace("https://w3id.org/zwgk/def/zwgk#")
    SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    law = rdflib.URIRef("http://127.0.0.1:8000/id/law/国务院令第711号")
    art20, art21 = (rdflib.URIRef(f"{law}/art/{n}") for n in (20, 21))
    assert (art20, rdflib.RDF.type, ELI.LegalResourceSubdivision) in g
    assert (art20, ELI.is_part_of, law) in g and (art21, ELI.is_part_of, law) in g
    assert (art20, SKOS.prefLabel, rdflib.Literal("第二十条", lang="zh")) in g
    assert (art21, rdflib.RDFS.label, rdflib.Literal("第二十一条", lang="zh")) in g
    items = {str(o): s for s, o in g.subject_objects(rdflib.DCTERMS.title)
             if (s, rdflib.RDF.type, Z.DisclosureItem) in g}
    a, b = items["甲"], items["乙"]
    assert set(g.objects(a, Z.legalBasisArticle)) == {art20, art21}
    assert set(g.objects(b, Z.legalBasisArticle)) == {art20}
    assert set(g.objects(a, Z.legalBasis)) == {law}
    # the subdivisions are in the legal-basis graph, like the instrument
    quads = gzip.decompress((dumps / "zwgk.nq.gz").read_bytes()).decode("utf-8").splitlines()
    graph_of = {q.split(" ")[-2] for q in quads if q.startswith(f"<{art20}> <{ELI.is_part_of}>")}
    assert graph_of == {"<http://127.0.0.1:8000/id/law>"}
    rows = {r["name"]: r for r in csv.DictReader((dumps / "items.csv").open(encoding="utf-8"))}
    assert rows["甲"]["channels"] == "政府网站|政务微博"
    assert rows["甲"]["audience"] == "全社会" and rows["甲"]["disclosure_type"] == "主动公开"
    assert rows["乙"]["channels"] == "政府网站|两微一端"
    # the catalogue's own dump carries the articles it cites, with the instrument
    own = rdflib.Graph().parse(dumps / "catalogue" / "t.ttl", format="turtle")
    assert (art21, ELI.is_part_of, law) in own and (law, rdflib.RDF.type, ELI.LegalResource) in own
