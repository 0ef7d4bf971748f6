"""`zwgk build` validates each catalogue: one with violations is not published (its previous good version
stays, or it is left out), the build says why and exits non-zero; --allow-violations publishes it.

The broken catalogue is yinzhou-ybj minted by a defective minter that drops the name (dct:title) of its
first item, 政府信息公开指南. (A mapping override that blanks the name cannot produce that item: the
reader skips a row with no name, with a warning.)"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from zwgk.cli import main
from zwgk.config import PROJECT_DIR
from zwgk.mappings.mint import DCT, Minter
from zwgk.validate import validation_graph

from .conftest import BASE

MAPPINGS = PROJECT_DIR / "mappings" / "catalogues"
SOURCES = {"yinzhou-ybj": "000_beb97e4d7e9a21fa.txt", "sanmenxia-ybj": "002_08c7875b6cc0594c.txt"}
GUIDE = f"{BASE}/id/item/yinzhou-ybj/政府信息公开指南"


def two_catalogues(root: Path) -> tuple[Path, Path]:
    """A catalogue folder and a mapping folder under `root` holding yinzhou-ybj and sanmenxia-ybj."""
    cats, maps = root / "catalogues", root / "mappings"
    cats.mkdir()
    maps.mkdir()
    for cid, src in SOURCES.items():
        shutil.copy(PROJECT_DIR / "catalogues" / src, cats)
        shutil.copy(MAPPINGS / f"{cid}.yaml", maps)
    return cats, maps


@pytest.fixture
def workspace(tmp_path):
    return (tmp_path, *two_catalogues(tmp_path))


def zwgk_build(tmp, cats, maps, *extra) -> int:
    return main(["build", "--base", BASE, "--catalogues", str(cats), "--mappings", str(maps),
                 "--store", str(tmp / "var" / "store"), "--dumps", str(tmp / "var" / "dumps"), *extra])


def break_yinzhou(monkeypatch) -> None:
    """From now on, the minter forgets the name of yinzhou-ybj's 政府信息公开指南."""
    original = Minter.item

    def item(self, g, cat, r):
        n = len(g.quads)
        original(self, g, cat, r)
        if cat.mapping.catalogue_id == "yinzhou-ybj" and r.name == "政府信息公开指南":
            g.quads[n:] = [q for q in g.quads[n:] if q.predicate.value != DCT + "title"]
    monkeypatch.setattr(Minter, "item", item)


def titles(store: ox.Store, cid: str) -> set[str]:
    q = f"""SELECT ?t WHERE {{ GRAPH <{BASE}/id/catalogue/{cid}> {{ ?i a <https://w3id.org/zwgk/def/zwgk#DisclosureItem> ;
            <http://purl.org/dc/terms/title> ?t }} }}"""
    return {r["t"].value for r in store.query(q)}


def test_a_catalogue_with_violations_keeps_its_previous_version(workspace, capsys, monkeypatch):
    tmp, cats, maps = workspace
    assert zwgk_build(tmp, cats, maps) == 0
    dumps = tmp / "var" / "dumps"
    before = {p.name: p.read_bytes() for p in (dumps / "catalogue").glob("yinzhou-ybj.*")}
    capsys.readouterr()

    break_yinzhou(monkeypatch)
    (cats / SOURCES["sanmenxia-ybj"]).write_text(                       # the other catalogue changes too
        (cats / SOURCES["sanmenxia-ybj"]).read_text(encoding="utf-8").replace("机构职能", "机构职责"), encoding="utf-8")
    assert zwgk_build(tmp, cats, maps, "--full") == 1   # its files did not change: --full mints it again
    err = capsys.readouterr().err
    assert "yinzhou-ybj: not published: 1 violation(s); the previous version is kept" in err
    assert "公开事项必须有且只有一个带语言标签的名称（dct:title）。" in err

    store = ox.Store.read_only(str(tmp / "var" / "store"))
    assert "政府信息公开指南" in titles(store, "yinzhou-ybj") and len(titles(store, "yinzhou-ybj")) == 18
    assert "机构职责" in titles(store, "sanmenxia-ybj")                  # the good catalogue was published
    assert list(store.quads_for_pattern(ox.NamedNode(f"{BASE}/id/agency/ningbo-yinzhou-ybj"), None, None))
    assert list(store.quads_for_pattern(None, None, None, ox.NamedNode(validation_graph(BASE, "yinzhou-ybj"))))
    # its dumps are the previous ones, byte for byte, and are still listed and in items.csv
    assert {p.name: p.read_bytes() for p in (dumps / "catalogue").glob("yinzhou-ybj.*")} == before
    manifest = json.loads((dumps / "manifest.json").read_text())
    assert {c["id"] for c in manifest["catalogues"]} == {"yinzhou-ybj", "sanmenxia-ybj"}
    rows = list(csv.DictReader((dumps / "items.csv").open(encoding="utf-8")))
    assert sum(r["catalogue"] == "yinzhou-ybj" for r in rows) == 18
    entry = next(f for f in manifest["files"] if f["path"] == "items.csv")
    assert entry["rows"] == len(rows) == 46 and entry["bytes"] == (dumps / "items.csv").stat().st_size


def test_without_a_previous_version_the_catalogue_is_left_out(workspace, capsys, monkeypatch):
    tmp, cats, maps = workspace
    break_yinzhou(monkeypatch)
    assert zwgk_build(tmp, cats, maps) == 1
    assert "yinzhou-ybj: not published: 1 violation(s), and no previous version to keep" in capsys.readouterr().err
    store = ox.Store.read_only(str(tmp / "var" / "store"))
    graphs = {g.value for g in store.named_graphs()}
    assert f"{BASE}/id/catalogue/yinzhou-ybj" not in graphs and f"{BASE}/id/agency/ningbo-yinzhou-ybj" not in graphs
    assert f"{BASE}/id/catalogue/sanmenxia-ybj" in graphs
    assert not (tmp / "var" / "dumps" / "catalogue" / "yinzhou-ybj.ttl").exists()


def test_allow_violations_publishes_with_the_report(workspace, capsys, monkeypatch):
    tmp, cats, maps = workspace
    break_yinzhou(monkeypatch)
    assert zwgk_build(tmp, cats, maps, "--allow-violations") == 0
    store = ox.Store.read_only(str(tmp / "var" / "store"))
    assert "政府信息公开指南" not in titles(store, "yinzhou-ybj")
    q = f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
            SELECT ?path WHERE {{ GRAPH <{validation_graph(BASE, 'yinzhou-ybj')}> {{
              ?r sh:resultSeverity sh:Violation ; sh:resultPath ?path }} }}"""
    assert {r["path"].value.rsplit("/", 1)[1] for r in store.query(q)} == {"title"}
    # and `zwgk validate` on that store exits 1
    assert main(["validate", "--base", BASE, "--store", str(tmp / "var" / "store")]) == 1


@pytest.mark.parametrize("how", ["--only the other", "held back"])
def test_a_part_of_an_earlier_zwgk_is_carried_into_the_dumps(workspace, capsys, monkeypatch, how):
    """A part written by a zwgk from before the whole Turtle and JSON-LD dumps were gzipped (graph.ttl and
    graph.jsonld plain) and before parts indexed their N-Quads (graph.nq.json) is kept by this one — under
    `--only`, or as the previous version of a catalogue held back — and its triples are in the whole dumps,
    its graphs in the index of zwgk.nq.gz that `zwgk publish` reads."""
    import gzip
    tmp, cats, maps = workspace
    assert zwgk_build(tmp, cats, maps) == 0
    dumps = tmp / "var" / "dumps"
    part = dumps / ".parts" / "catalogue" / "yinzhou-ybj"
    for plain in ("graph.ttl", "graph.jsonld"):
        member = part / f"{plain}.gz"
        (part / plain).write_bytes(gzip.decompress(member.read_bytes()))
        member.unlink()
    (part / "graph.nq.json").unlink()
    state_path = dumps / ".parts" / "state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state["build_hash"] = "an earlier zwgk"
    state_path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    if how == "held back":
        break_yinzhou(monkeypatch)
        assert zwgk_build(tmp, cats, maps) == 1
        assert "yinzhou-ybj: not published: 1 violation(s); the previous version is kept" in capsys.readouterr().err
    else:
        assert zwgk_build(tmp, cats, maps, "--only", "sanmenxia-ybj") == 0
    import rdflib
    g = rdflib.Graph().parse(data=gzip.decompress((dumps / "zwgk.ttl.gz").read_bytes()), format="turtle")
    item = rdflib.URIRef("https://w3id.org/zwgk/def/zwgk#DisclosureItem")
    titles = {str(g.value(i, rdflib.URIRef(DCT + "title"))) for i in g.subjects(rdflib.RDF.type, item)
              if str(i).startswith(f"{BASE}/id/item/yinzhou-ybj/")}
    assert len(titles) == 18 and "政府信息公开指南" in titles
    nodes = json.loads(gzip.decompress((dumps / "zwgk.jsonld.gz").read_bytes()))
    assert any(n.get("@id") == GUIDE for n in nodes)
    assert len(g) == len({q.triple for q in ox.Store.read_only(str(tmp / "var" / "store"))})
    import hashlib

    from zwgk.publish.dump import members_index
    data = (dumps / "zwgk.nq.gz").read_bytes()
    index = members_index(dumps, data, hashlib.sha256(data).hexdigest())
    assert index is not None and f"{BASE}/id/catalogue/yinzhou-ybj" in {g[0] for _, gs in index for g in gs}
