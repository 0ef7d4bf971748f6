"""The roles level, update_frequency, duration, link, article_text, domain, phone (= phones) and extra;
the warning for a column the mapping does not name; the new items.csv columns and items.csv's CSVW
metadata. Fixtures are built here, in code."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyoxigraph as ox

from zwgk.itemscsv import FIELDS
from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.mint import Minter

from .conftest import BASE
from .officefiles import labels

HEADER = "序号\t事项名称\t公开内容\t公开层级\t更新频率\t公开时长\t公开链接\t条款内容\t领域\t咨询电话\t备注"
ROWS = [
    "1\t项目审批\t审批结果\t县级\t每季度\t长期\thttp://www.example.gov.cn/a/1.html\t第二十条\t重大建设项目\t87654321\t新增",
    "2\t低保名单\t名单\t乡镇级\t1次/年\t5年\t见政府网站\t\t社会救助领域\t0574-87654322\t",
    "3\t文化活动\t活动信息\t社区/村\t实时\t\thttps://x.example.cn/p?q=1\t\t体育健身\t\t重点",
]
MAPPING = """\
catalogue: {{id: roles-test, source: {source}}}
agency: {{id: roles-agency, name: 某县人民政府}}
reader: {reader}
columns:
  - {{role: seq, header: [序号]}}
  - {{role: name, header: [事项名称]}}
  - {{role: content, header: [公开内容]}}
  - {{role: level, header: [公开层级]}}
  - {{role: update_frequency, header: [更新频率, 更新频次]}}
  - {{role: duration, header: [公开时长]}}
  - {{role: link, header: [公开链接]}}
  - {{role: article_text, header: [条款内容]}}
  - {{role: domain, header: [领域, 相应领域]}}
  - {{role: phone, header: [咨询电话]}}
  - {{role: extra, header: [备注], label: 备注}}
"""


def build(tmp: Path, text: str, mapping: str = MAPPING, name: str = "r.txt", reader: str = "tsv"):
    (tmp / name).write_text(text, encoding="utf-8")
    m = tmp / f"{name}.yaml"
    m.write_text(mapping.format(source=name, reader=reader), encoding="utf-8")
    return read_catalogue(load_mapping(m), tmp, BASE)


def columns_mapping(catalogue_id: str, *columns: str) -> str:
    """A mapping (a template for `build`) of agency 某局 whose columns are `columns`, flow-style YAML each."""
    lines = [f"catalogue: {{{{id: {catalogue_id}, source: {{source}}}}}}", "agency: {{id: a, name: 某局}}",
             "reader: {reader}", "columns:"] + ["  - " + c.replace("{", "{{").replace("}", "}}") for c in columns]
    return "\n".join(lines) + "\n"


def catalogue(tmp: Path):
    return build(tmp, "某县政务公开目录\n" + HEADER + "\n" + "\n".join(ROWS) + "\n")


def triples(cat) -> set[tuple[str, str, str]]:
    from zwgk.ontology import code_lists
    g = Minter(BASE, code_lists(BASE)).catalogue_graph(cat, __import__("datetime").datetime(2024, 1, 1))
    return {(q.subject.value, q.predicate.value, q.object.value) for q in g.quads}


Z = "https://w3id.org/zwgk/def/zwgk#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def test_level_text_and_alt_labels(tmp_path):
    cat = catalogue(tmp_path)
    assert [labels(r.level) for r in cat.records] == [["县级"], ["乡级"], ["村级"]]
    assert cat.records[0].level == ["https://w3id.org/zwgk/concept/level/county"]


def test_level_ticks(tmp_path):
    mapping = columns_mapping("ticks", "{role: seq, header: [序号]}", "{role: name, header: [事项名称]}",
                              "{role: level, header: [县级], tick: 县级}", "{role: level, header: [乡级], tick: 乡级}")
    cat = build(tmp_path, "序号\t事项名称\t县级\t乡级\n1\t甲\t√\t\n2\t乙\t√\t√\n3\t丙\t\t✓\n", mapping)
    assert [labels(r.level) for r in cat.records] == [["县级"], ["县级", "乡级"], ["乡级"]]


def test_update_frequency_keeps_text_and_parses_periods(tmp_path):
    cat = catalogue(tmp_path)
    freq = [r.update_frequency for r in cat.records]
    assert [f.text for f in freq] == ["每季度", "1次/年", "实时"]
    assert [f.period for f in freq] == ["quarterly", "yearly", "timely"]
    t = triples(cat)
    node = f"{BASE}/id/item/roles-test/低保名单#update-frequency"
    assert (f"{BASE}/id/item/roles-test/低保名单", Z + "updateFrequency", node) in t
    assert (node, Z + "period", "https://w3id.org/zwgk/concept/period/yearly") in t
    assert (node, RDFS + "label", "1次/年") in t


def test_duration_article_text_and_phone_alias(tmp_path):
    cat = catalogue(tmp_path)
    assert [r.duration for r in cat.records] == ["长期", "5年", ""]
    assert cat.records[0].article_text == "第二十条"
    assert cat.records[0].phones == ["87654321"] and cat.records[1].phones == ["0574-87654322"]
    t = triples(cat)
    item = f"{BASE}/id/item/roles-test/项目审批"
    assert (item, Z + "disclosureDuration", "长期") in t and (item, Z + "articleText", "第二十条") in t


def test_link_urls_are_pages_and_other_text_is_kept(tmp_path):
    cat = catalogue(tmp_path)
    t = triples(cat)
    first, second = (f"{BASE}/id/item/roles-test/{n}" for n in ("项目审批", "低保名单"))
    assert (first, FOAF + "page", "http://www.example.gov.cn/a/1.html") in t
    assert not any(s == first and p == Z + "linkText" for s, p, _ in t)
    assert (second, Z + "linkText", "见政府网站") in t
    assert not any(s == second and p == FOAF + "page" for s, p, _ in t)


def test_domain_code_list_and_unknown_label(tmp_path):
    cat = build(tmp_path, HEADER + "\n" + "\n".join(ROWS).replace("体育健身", "群众体育") + "\n")
    assert [labels(r.domain) for r in cat.records] == [["重大建设项目"], ["社会救助"], ["群众体育"]]
    assert any("'群众体育' is not in the domain code list; kept as a concept of this catalogue's uncontrolled"
               in w for w in cat.warnings)
    assert "/id/concept/uncontrolled/" in cat.records[2].domain[0]
    assert labels(catalogue(tmp_path).records[0].domain) == ["重大建设项目"]


def test_extra_column_is_kept_under_its_label(tmp_path):
    cat = catalogue(tmp_path)
    assert [r.extra for r in cat.records] == [[("备注", "新增")], [], [("备注", "重点")]]
    t = triples(cat)
    item = f"{BASE}/id/item/roles-test/项目审批"
    assert (item, Z + "extra", item + "#extra-1") in t
    assert (item + "#extra-1", RDFS + "label", "备注") in t and (item + "#extra-1", RDF + "value", "新增") in t
    assert (item + "#extra-1", RDF + "type", Z + "ExtraField") in t


def test_label_only_for_extra(tmp_path):
    import pytest
    from zwgk.mappings import MappingError
    with pytest.raises(MappingError, match="'label' only applies to role extra"):
        build(tmp_path, "x", MAPPING.replace("{{role: duration, header: [公开时长]}}",
                                             "{{role: duration, header: [公开时长], label: 时长}}"))


def test_an_unmapped_column_is_a_warning_naming_its_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录"
    for row in [["序号", "事项名称", "公开内容", "公开时长", "备注"], ["1", "机构职能", "职能", "长期", "说明一"],
                ["2", "领导信息", "姓名", "", ""]]:
        ws.append(row)
    wb.save(tmp_path / "w.xlsx")
    (tmp_path / "w.yaml").write_text("""\
catalogue: {id: w, source: w.xlsx}
agency: {id: a, name: 某局}
reader: xlsx
columns:
  - {role: seq, header: [序号]}
  - {role: name, header: [事项名称]}
  - {role: content, header: [公开内容]}
  - {role: duration, header: [公开时长]}
""", encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "w.yaml"), tmp_path, BASE)
    assert [r.name for r in cat.records] == ["机构职能", "领导信息"]
    unmapped = [w for w in cat.warnings if "is not in the mapping" in w]
    assert unmapped == ["catalogues/w.xlsx#sheet=目录&range=A1:E1: column 5 '备注' is not in the mapping: its "
                        "cells are not read; give it a role (extra keeps it as text)"]


def test_items_csv_columns_and_csvw_metadata(tmp_path):
    cats, maps = tmp_path / "c", tmp_path / "m"
    cats.mkdir()
    maps.mkdir()
    (cats / "r.txt").write_text("某县政务公开目录\n" + HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    (maps / "r.yaml").write_text(MAPPING.format(source="r.txt", reader="tsv"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings", str(maps),
         "--store", str(tmp_path / "var" / "store"), "--dumps", str(tmp_path / "var" / "dumps")],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    dumps = tmp_path / "var" / "dumps"
    text = (dumps / "items.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(FIELDS)
    assert FIELDS[-10:] == ["level", "update_frequency", "domain", "link", "article_refs", "duration",
                            "article_text", "extra", "legal_basis_uris", "time_limit_unit"]
    book = openpyxl.load_workbook(dumps / "items.xlsx", read_only=True)       # the same rows for Excel users
    assert [list(r) for r in book["items"].iter_rows(values_only=True)][0] == FIELDS
    manifest = json.loads((dumps / "manifest.json").read_text(encoding="utf-8"))
    assert "items.xlsx" in {f["path"] for f in manifest["files"]}
    rows = list(csv.DictReader(io.StringIO(text)))
    first, second = rows[0], rows[1]
    assert (first["level"], first["update_frequency"], first["domain"]) == ("县级", "每季度", "重大建设项目")
    assert (first["link"], first["duration"], first["article_text"]) == (
        "http://www.example.gov.cn/a/1.html", "长期", "第二十条")
    assert first["extra"] == "备注: 新增" and first["article_refs"] == ""
    assert second["link"] == "见政府网站" and second["update_frequency"] == "1次/年"
    meta = json.loads((dumps / "items.csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "en"}]
    assert meta["url"] == "items.csv"
    schema = meta["tableSchema"]
    assert schema["primaryKey"] == "item_uri" and "item_uri" in schema["aboutUrl"]
    assert [c["titles"] for c in schema["columns"]] == FIELDS
    for c in schema["columns"]:
        assert {d["@language"] for d in c["dc:description"]} == {"zh", "en"}, c["name"]
        assert all(d["@value"] for d in c["dc:description"]) and c["datatype"]
    separated = {c["name"] for c in schema["columns"] if c.get("separator") == "|"}
    assert {"category", "channels", "level", "domain", "phones", "extra"} <= separated
    assert "name" not in separated
    manifest = json.loads((dumps / "manifest.json").read_text(encoding="utf-8"))
    assert "items.csv-metadata.json" in {f["path"] for f in manifest["files"]}
    # the kept column is in the data set's dump too
    import gzip
    quads = list(ox.parse(gzip.decompress((dumps / "zwgk.nt.gz").read_bytes()), format=ox.RdfFormat.N_TRIPLES))
    extra = {q.object.value for q in quads if q.predicate.value == Z + "extra"}
    assert {q.object.value for q in quads if q.subject.value in extra and q.predicate.value == RDF + "value"} \
        == {"新增", "重点"}


def test_a_monthly_deadline_is_minted_as_a_day_of_the_month(tmp_path):
    """每月10日前: the time limit's node holds zwgk:monthlyDeadline "---10"^^xsd:gDay beside its monthly period."""
    from zwgk.ontology import code_lists
    mapping = columns_mapping("monthly", "{role: name, header: [事项名称]}", "{role: time_limit, header: [公开时限]}")
    cat = build(tmp_path, "某局目录\n事项名称\t公开时限\n统计月报\t每月10日前\n", mapping)
    g = Minter(BASE, code_lists(BASE)).catalogue_graph(cat, __import__("datetime").datetime(2024, 1, 1))
    days = [q.object for q in g.quads if q.predicate.value == Z + "monthlyDeadline"]
    assert [(d.value, d.datatype.value) for d in days] == [("---10", "http://www.w3.org/2001/XMLSchema#gDay")]
    assert any(q.predicate.value == Z + "period" and q.object.value.endswith("/monthly") for q in g.quads)
