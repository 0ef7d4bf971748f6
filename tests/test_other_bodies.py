"""A 公开主体 or 责任科室 cell may name a body other than the agency (县人社局 in a 医保局's catalogue, 市财政局,
某某镇人民政府): it is an org:Organization of its own, org:linkedTo the agency, never one of the agency's offices
(org:OrganizationalUnit, org:unitOf); the agency's own short names (县医保局 for 巨野县医疗保障局) are the agency,
and 办公室, 医疗保险服务中心, 机关党委 stay its offices. Fixtures are built here, in code."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.mint import Minter, now
from zwgk.ontology import code_lists
from zwgk.uris import ORG, RDF, SKOS, URIs

from .conftest import BASE

HEADER = "序号\t事项名称\t公开内容\t公开主体\t责任科室"
ROWS = [
    "1\t城乡居民医保待遇\t待遇标准\t县人社局、县医保局\t待遇保障股",
    "2\t医保基金预算\t预算报告\t巨野县医疗保障局\t县财政局",
    "3\t机构职能\t职能\t办公室\t机关党委",
    "4\t定点机构名单\t名单\t医疗保险服务中心\t各乡镇人民政府（街道办事处）",
    "5\t发展规划\t规划\t县发改委\t规划财务股",
]
MAPPING = """\
catalogue: {id: bodies-test, source: b.txt}
agency: {id: juye-ybj, name: 巨野县医疗保障局, aliases: [医疗保障局]}
reader: tsv
columns:
  - {role: seq, header: [序号]}
  - {role: name, header: [事项名称]}
  - {role: content, header: [公开内容]}
  - {role: subject, header: [公开主体]}
  - {role: responsible_unit, header: [责任科室]}
"""


def _minted(tmp: Path):
    (tmp / "b.txt").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    (tmp / "b.yaml").write_text(MAPPING, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp / "b.yaml"), tmp, BASE)
    minter = Minter(BASE, code_lists(BASE))
    store = ox.Store()
    for g in [minter.catalogue_graph(cat, now()), *minter.agency_graphs([cat])]:
        store.extend(g.quads)
    return cat, store


def _objects(store, s, p):
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)}


def test_other_bodies_are_organizations_linked_to_the_agency(tmp_path):
    cat, store = _minted(tmp_path)
    u = URIs(BASE)
    agency = u.agency("juye-ybj")
    bodies = {name: u.body("juye-ybj", name) for name in ("县人社局", "县财政局", "各乡镇人民政府（街道办事处）")}
    for name, iri in bodies.items():
        assert _objects(store, iri, RDF + "type") == {ORG + "Organization"}, name
        assert _objects(store, iri, SKOS + "prefLabel") == {name}, name
        assert _objects(store, iri, ORG + "linkedTo") == {agency}, name
        assert not _objects(store, iri, ORG + "unitOf"), name
    assert not any(q.object.value in bodies.values()
                   for q in store.quads_for_pattern(ox.NamedNode(agency), ox.NamedNode(ORG + "hasUnit"), None))
    # no office of the agency is named after another body
    units = _objects(store, agency, ORG + "hasUnit")
    assert units == {u.unit("juye-ybj", n) for n in ("待遇保障股", "办公室", "机关党委", "医疗保险服务中心", "规划财务股")}
    assert [r.name for r in cat.records] == ["城乡居民医保待遇", "医保基金预算", "机构职能", "定点机构名单", "发展规划"]
    # 县人社局、县医保局: another body and the agency itself (县医保局: 县, 医, 保, 局 of its name, in order)
    first = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(u.ns + "subjectText"),
                                                              ox.Literal("县人社局、县医保局", language="zh")))
    assert _objects(store, first.value, u.ns + "subject") == {bodies["县人社局"], agency}


def test_short_names_of_other_bodies_are_not_taken_for_the_agency(tmp_path):
    cat, store = _minted(tmp_path)
    u = URIs(BASE)
    plan = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(u.ns + "subjectText"),
                                                             ox.Literal("县发改委", language="zh")))
    # 县发改委: its characters are not the agency's in order: another body
    assert _objects(store, plan.value, u.ns + "subject") == {u.body("juye-ybj", "县发改委")}
