"""A catalogue in a known layout needs a mapping file and no code (catalogues the readers never saw)."""
from __future__ import annotations

import csv
import gzip
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "new-layouts"


@pytest.fixture(scope="module")
def unseen_build(tmp_path_factory):
    """`zwgk build` of the catalogues in tests/data/new-layouts/, once for this module: (process, output dir)."""
    out = tmp_path_factory.mktemp("new-layouts")
    proc = subprocess.run(
        [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(DATA), "--mappings", str(DATA),
         "--store", str(out / "store"), "--dumps", str(out / "dumps")],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc, out


def test_unseen_catalogues_build_with_only_mapping_files(unseen_build):
    _, out = unseen_build
    rows = list(csv.DictReader((out / "dumps" / "items.csv").open(encoding="utf-8")))
    by_name = {r["name"]: r for r in rows}
    assert sorted(by_name) == ["国土空间规划", "学生资助", "征地信息", "招生入学", "规划许可"]

    plan = by_name["国土空间规划"]
    assert plan["item_uri"] == "http://127.0.0.1:8000/id/item/ziranziyuan-test/1"
    assert plan["legal_basis_ids"] == "国务院令第711号"                 # document numbers only
    assert plan["legal_basis_uris"] == ("http://127.0.0.1:8000/id/law/中华人民共和国城乡规划法|"
                                        "http://127.0.0.1:8000/id/law/国务院令第711号")
    assert plan["channels"] == "政府网站|两微一端" and plan["audience"] == "全社会"
    assert plan["time_limit_days"] == "20" and plan["phones"] == "0530-1234567"
    assert by_name["规划许可"]["category"] == "规划管理"              # blank first level inherits
    assert by_name["规划许可"]["phones"] == ""                        # other blanks stay blank
    land = by_name["征地信息"]
    assert land["channels"] == "政府网站|社区/企事业单位/村公示栏（电子屏）" and land["audience"] == "特定群众"
    assert land["legal_basis_ids"] == "主席令第32号"

    enrol = by_name["招生入学"]
    assert enrol["legal_basis_ids"] == "国务院令第711号"
    assert enrol["channels"] == "政府网站|两微一端" and enrol["disclosure_type"] == "主动公开"
    aid = by_name["学生资助"]
    assert aid["category"] == "教育信息" and aid["content"] == "资助政策、申请流程、资助名单"
    assert aid["legal_basis"] == "" and aid["time_limit_days"] == "10"
    assert aid["source_lines"] == "22-30"


def test_a_label_outside_the_code_list_is_kept_for_review(unseen_build):
    """'微信/小程序' is no channel of the code list: the build warns, keeps it as a concept of the catalogue's
    uncontrolled scheme (never of the shared code list), and `zwgk validate` reports it as a warning that
    names the item, its source file and line, and the value."""
    proc, out = unseen_build
    assert "'微信/小程序' is not in the channel code list" in proc.stderr
    rows = {r["name"]: r for r in csv.DictReader((out / "dumps" / "items.csv").open(encoding="utf-8"))}
    assert rows["规划许可"]["channels"] == "政府网站|公开查阅点|微信/小程序"
    import rdflib
    g = rdflib.Graph().parse(data=gzip.decompress((out / "dumps" / "zwgk.ttl.gz").read_bytes()), format="turtle")
    item = rdflib.URIRef(rows["规划许可"]["item_uri"])
    concepts = [o for o in g.objects(item, rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#channel"))
                if str(g.value(o, rdflib.SKOS.prefLabel)) == "微信/小程序"]
    assert len(concepts) == 1
    concept = concepts[0]
    scheme = g.value(concept, rdflib.SKOS.inScheme)
    catalogue = rows["规划许可"]["catalogue"]
    assert str(scheme) == f"http://127.0.0.1:8000/id/concept/uncontrolled/{catalogue}"
    assert (scheme, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#UncontrolledScheme")) in g
    assert (g.value(concept, rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#codeList"))
            == rdflib.URIRef("https://w3id.org/zwgk/concept/channel"))
    # the shared code list did not gain the wording
    assert not list(g.triples((None, rdflib.SKOS.inScheme, rdflib.URIRef("https://w3id.org/zwgk/concept/channel")))
                    ) or all(str(g.value(c, rdflib.SKOS.prefLabel)) != "微信/小程序"
                             for c in g.subjects(rdflib.SKOS.inScheme, rdflib.URIRef("https://w3id.org/zwgk/concept/channel")))
    report = subprocess.run([sys.executable, "-m", "zwgk.cli", "validate", "--store", str(out / "store"),
                             "--only", catalogue], capture_output=True, text=True, timeout=120)
    lines = [ln for ln in report.stdout.splitlines() if "[微信/小程序]" in ln]
    src, first = rows["规划许可"]["source_file"], rows["规划许可"]["source_lines"].split("-")[0]
    assert len(lines) == 1 and lines[0].startswith(f"warning: {catalogue}: 《规划许可》 ({src} "), report.stdout
    assert f"第{first}行" in lines[0] and "取值不在代码表中" in lines[0]
