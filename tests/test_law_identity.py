"""One law however a catalogue shortens its title: only the National People's Congress makes 法, and every law's
official title starts with 中华人民共和国, which catalogues often leave out (《统计法》, 《预算法实施条例》,
《民法典》). Cited by its short title in one agency's catalogue and in full in another's, a law was two legal
resources (law/统计法 and law/中华人民共和国统计法), each with half of the items citing it."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.legal import national_title, parse_legal_basis
from zwgk.mappings.mint import Minter
from zwgk.ontology import code_lists
from zwgk.uris import URIs

BASE = "http://127.0.0.1:8000"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.mark.parametrize("title, official", [
    ("统计法", "中华人民共和国统计法"), ("刑法", "中华人民共和国刑法"), ("民法典", "中华人民共和国民法典"),
    ("预算法实施条例", "中华人民共和国预算法实施条例"), ("税收征收管理法实施细则", "中华人民共和国税收征收管理法实施细则"),
    ("城市房地产管理法", "中华人民共和国城市房地产管理法"), ("立法法", "中华人民共和国立法法"),
    ("中华人民共和国统计法", "中华人民共和国统计法"),
    # no law's: rules, a province's measures for a law, a decision amending one, regulations, a short title alone
    ("社会救助暂行办法", "社会救助暂行办法"), ("政府信息公开工作考核办法", "政府信息公开工作考核办法"),
    ("浙江省实施《中华人民共和国统计法》办法", "浙江省实施《中华人民共和国统计法》办法"),
    ("关于修改〈中华人民共和国统计法〉的决定", "关于修改〈中华人民共和国统计法〉的决定"),
    ("城市居民最低生活保障条例", "城市居民最低生活保障条例"), ("法", "法"), ("条例", "条例"),
    ("统计工作方法", "统计工作方法"),
    # other instruments whose official title starts with 中华人民共和国 (mappings/laws.yaml); those that do not
    ("政府信息公开条例", "中华人民共和国政府信息公开条例"), ("增值税暂行条例", "中华人民共和国增值税暂行条例"),
    ("母婴保健法实施办法", "中华人民共和国母婴保健法实施办法"), ("信访条例", "信访条例"),
    # a place's own measures for a law, however written (they became made-up national ones)
    ("河南省土地管理法实施办法", "河南省土地管理法实施办法"), ("郑州市统计法实施办法", "郑州市统计法实施办法"),
    ("黑龙江省统计法实施办法", "黑龙江省统计法实施办法"), ("城市居民委员会组织法", "中华人民共和国城市居民委员会组织法"),
    ("民族区域自治法", "中华人民共和国民族区域自治法"), ("国家安全法", "中华人民共和国国家安全法"),
    # what a PDF's line break left of 中华人民共和国 before the title (it became 中华人民共和国人民共和国就业促进法)
    ("人民共和国就业促进法", "中华人民共和国就业促进法"), ("和国安全生产法", "中华人民共和国安全生产法"),
    ("国公路法", "国公路法"),
])
def test_a_law_is_identified_by_its_official_title(title, official):
    assert national_title(title) == official


def test_a_short_title_cites_the_law_its_full_title_does():
    (short,), (full,), (numbered,) = (parse_legal_basis(t) for t in (
        "《统计法》第二十六条", "《中华人民共和国统计法》", "《中华人民共和国统计法》（主席令第15号）"))
    assert short.identifier == full.identifier == "中华人民共和国统计法"
    assert (short.title, short.articles, short.legal_type) == ("统计法", ("26",), "law")
    assert numbered.identifier == "主席令第15号"        # a number still identifies what it numbers


MAPPING = """\
catalogue:
  id: {cid}
  source: {cid}.txt
agency:
  id: {cid}-agency
  name: 某{name}
reader: tsv
columns:
  - {{role: seq, header: 序号}}
  - {{role: name, header: 事项名称}}
  - {{role: legal_basis, header: 公开依据}}
"""


def catalogue(tmp: Path, cid: str, name: str, rows: list[tuple[str, str]]):
    lines = ["序号\t事项名称\t公开依据"] + [f"{n}\t{item}\t{basis}" for n, (item, basis) in enumerate(rows, 1)]
    (tmp / f"{cid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp / f"{cid}.yaml").write_text(MAPPING.format(cid=cid, name=name), encoding="utf-8")
    return read_catalogue(load_mapping(tmp / f"{cid}.yaml"), tmp, BASE)


def test_two_catalogues_citing_a_law_short_and_in_full_cite_one_legal_resource(tmp_path):
    stats = catalogue(tmp_path, "tjj", "统计局", [("统计数据", "《统计法》第二十六条"), ("统计公报", "《统计法》")])
    budget = catalogue(tmp_path, "czj", "财政局", [("部门预算", "《中华人民共和国预算法》第十四条；"
                                                              "《中华人民共和国统计法》"),
                                                  ("预算执行", "《预算法实施条例》")])
    minter = Minter(BASE, code_lists(BASE))
    store = ox.Store()
    built = datetime(2026, 12, 1, tzinfo=timezone.utc)
    for cat in (stats, budget):
        store.extend(minter.catalogue_graph(cat, built).quads)
    store.extend(minter.laws_graph([stats, budget]).quads)
    law = URIs(BASE).law("中华人民共和国统计法")
    citing = {r["item"].value.rsplit("/", 1)[-1] for r in store.query(
        f"SELECT ?item WHERE {{ GRAPH ?g {{ ?item <{minter.zwgk}legalBasis> <{law}> }} }}")}
    assert len(citing) == 3, citing                  # both of the 统计局's items and the 财政局's first
    laws = {r["l"].value for r in store.query(f"SELECT DISTINCT ?l WHERE {{ GRAPH ?g {{ ?l a <{ELI}LegalResource> }} }}")}
    assert laws == {law, URIs(BASE).law("中华人民共和国预算法"), URIs(BASE).law("中华人民共和国预算法实施条例")}
    # named by its official title, the short one kept as an alternative label; the article cited hangs under it
    labels = {(r["p"].value.rsplit("#", 1)[-1], r["o"].value) for r in store.query(
        f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{law}> ?p ?o FILTER(?p IN (<{ELI}title>, <{SKOS}altLabel>)) }} }}")}
    assert labels == {("title", "中华人民共和国统计法"), ("altLabel", "统计法")}
    assert store.query(f"ASK {{ GRAPH ?g {{ <{law}/art/26> <{ELI}is_part_of> <{law}> }} }}")


def test_a_law_cited_by_title_in_one_catalogue_and_by_number_in_others_has_them_as_its_versions(tmp_path):
    """Each catalogue's citations of one instrument with and without its number are made one (the numbered);
    across catalogues the instrument cited by its title alone is a resource of its own: its numbered versions
    (国务院令第492号, the 2007 regulations, and 第711号, the 2019 revision) are linked to it both ways
    (dcterms:hasVersion / isVersionOf) in the legal bases' graph, and nothing else is."""
    alone = catalogue(tmp_path, "a", "甲局", [("机构职能", "《中华人民共和国政府信息公开条例》第二十条")])
    short = catalogue(tmp_path, "d", "丁局", [("机构职能", "《政府信息公开条例》")])
    new = catalogue(tmp_path, "b", "乙局", [("机构职能", "《政府信息公开条例》（国务院令第711号）")])
    old = catalogue(tmp_path, "c", "丙局", [("机构职能", "《中华人民共和国政府信息公开条例》（国务院令第492号）；"
                                                      "《社会救助暂行办法》（国务院令第649号）")])
    store = ox.Store()
    store.extend(Minter(BASE, code_lists(BASE)).laws_graph([alone, new, old, short]).quads)
    u = URIs(BASE)
    links = {(r["s"].value, r["p"].value.rsplit("/", 1)[-1], r["o"].value) for r in store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(?p IN (<http://purl.org/dc/terms/hasVersion>, "
        "<http://purl.org/dc/terms/isVersionOf>)) } }")}
    # (《政府信息公开条例》 cited alone is the same work: mappings/laws.yaml)
    work = u.law("中华人民共和国政府信息公开条例")
    assert links == {link for n in ("国务院令第711号", "国务院令第492号")
                     for link in ((work, "hasVersion", u.law(n)), (u.law(n), "isVersionOf", work))}
