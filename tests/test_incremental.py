"""Incremental builds (issue 13) and per-catalogue budgets (issue 14), on two real catalogues.

A build re-mints only the catalogues whose files changed (said by the build's own report), replaces their
graphs and dump files and leaves every other catalogue's quads and dump files byte-identical; a removed
mapping removes its catalogue; a catalogue over its memory or time budget stops the build with one line
naming the file and the limit, and the last good store and dumps stay as they were."""
from __future__ import annotations

import csv
import gzip
import hashlib
import json

import pyoxigraph as ox
import pytest

from zwgk import build as B
from zwgk.build import build, update_in_place
from zwgk.cli import main
from zwgk.config import Settings
from zwgk.pipeline import Budget

from .conftest import BASE
from .test_validate_gate import SOURCES, two_catalogues

@pytest.fixture
def workspace(tmp_path):
    cats, maps = two_catalogues(tmp_path)
    settings = Settings(base=BASE, catalogues=cats, mappings=maps, store=tmp_path / "var" / "store",
                        dumps=tmp_path / "var" / "dumps")
    return settings


def graphs(store_dir) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in ox.Store.read_only(str(store_dir)):
        out.setdefault(q.graph_name.value, set()).add(str(q))
    return out


def files(dumps) -> dict[str, str]:
    return {str(p.relative_to(dumps)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dumps.rglob("*")) if p.is_file()}


def catalogue_files(dumps, cid: str) -> dict[str, str]:
    return {k: v for k, v in files(dumps).items() if k.startswith(f"catalogue/{cid}.")}


def test_only_changed_catalogues_are_minted_and_the_others_stay_byte_identical(workspace, monkeypatch):
    # each of the two catalogues is half the store: updated in place all the same, to test that path here (the
    # choice between it and loading afresh is tested below)
    monkeypatch.setattr(B, "UPDATE_IN_PLACE_MAX", 1.0)
    s = workspace
    first = build(s, progress=lambda m: None)
    assert sorted(first.minted) == sorted(SOURCES) and not first.incremental
    # a store loaded afresh is counted; an updated one is the sum of its parts' counts: the two agree
    state = json.loads((s.dumps / ".parts" / "state.json").read_text(encoding="utf-8"))
    assert first.total_triples == len(ox.Store.read_only(str(s.store))) == \
        sum(c["quads"] for c in state["catalogues"].values()) + state["shared_quads"] + state["static_quads"]
    before, yinzhou_dumps = graphs(s.store), catalogue_files(s.dumps, "yinzhou-ybj")

    same = build(s, progress=lambda m: None)                      # nothing changed: nothing minted
    assert same.minted == [] and same.incremental and sorted(same.kept) == sorted(SOURCES)
    assert graphs(s.store) == before

    src = s.catalogues / SOURCES["sanmenxia-ybj"]
    src.write_text(src.read_text(encoding="utf-8").replace("机构职能", "机构职责"), encoding="utf-8")
    only = build(s, only=["yinzhou-ybj"], progress=lambda m: None)    # --only: the others stay, changed or not
    assert only.minted == ["yinzhou-ybj"] and only.kept == ["sanmenxia-ybj"]
    assert graphs(s.store)[f"{BASE}/id/catalogue/sanmenxia-ybj"] == before[f"{BASE}/id/catalogue/sanmenxia-ybj"]
    yinzhou_dumps = catalogue_files(s.dumps, "yinzhou-ybj")
    before = graphs(s.store)

    again = build(s, progress=lambda m: None)
    assert again.minted == ["sanmenxia-ybj"] and again.kept == ["yinzhou-ybj"] and again.incremental
    after = graphs(s.store)
    cat = f"{BASE}/id/catalogue/"
    assert after[cat + "yinzhou-ybj"] == before[cat + "yinzhou-ybj"]          # the other: same quads
    assert after[f"{BASE}/graph/validation/yinzhou-ybj"] == before[f"{BASE}/graph/validation/yinzhou-ybj"]
    assert any("机构职责" in q for q in after[cat + "sanmenxia-ybj"])
    assert not any("机构职能" in q for q in after[cat + "sanmenxia-ybj"])
    assert catalogue_files(s.dumps, "yinzhou-ybj") == yinzhou_dumps          # its dumps: byte-identical
    # the whole dumps are assembled from the parts and hold exactly the store
    stored = {str(q) for g in after.values() for q in g}
    dumped = {str(q) for q in ox.parse(gzip.decompress((s.dumps / "zwgk.nq.gz").read_bytes()),
                                       format=ox.RdfFormat.N_QUADS)}
    named = lambda quads: {q for q in quads if "_:" not in q}   # noqa: E731  (blank nodes get new labels)
    assert named(dumped) == named(stored) and len(dumped) == len(stored)
    manifest = json.loads((s.dumps / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store_quads"] == len(stored)
    for f in manifest["files"]:
        assert (s.dumps / f["path"]).stat().st_size == f["bytes"], f["path"]

    (s.mappings / "yinzhou-ybj.yaml").unlink()                   # a removed mapping removes its catalogue
    gone = build(s, progress=lambda m: None)
    assert gone.removed == ["yinzhou-ybj"] and gone.minted == []
    left = graphs(s.store)
    assert cat + "yinzhou-ybj" not in left and f"{BASE}/graph/validation/yinzhou-ybj" not in left
    assert f"{BASE}/id/agency/ningbo-yinzhou-ybj" not in left                  # its agency too
    assert left[cat + "sanmenxia-ybj"] == after[cat + "sanmenxia-ybj"]
    assert catalogue_files(s.dumps, "yinzhou-ybj") == {}
    rows = list(csv.DictReader((s.dumps / "items.csv").open(encoding="utf-8")))
    assert {r["catalogue"] for r in rows} == {"sanmenxia-ybj"} and len(rows) == 28



def named(store_dir) -> dict[str, set[str]]:
    """graphs(), without the quads holding blank nodes (a store loaded afresh labels them anew); their count kept."""
    return {g: {q for q in qs if "_:" not in q} | {f"{len(qs)} quads"} for g, qs in graphs(store_dir).items()}


def test_update_in_place_or_load_afresh_by_the_share_replaced():
    state = {"catalogues": {"a": {"quads": 700}, "b": {"quads": 200}, "c": {"quads": 100}}}
    assert update_in_place(state, []) and update_in_place(state, ["c", "new"]) and update_in_place(state, ["b", "c"])
    assert not update_in_place(state, ["a"]) and not update_in_place(state, ["a", "c"])
    assert update_in_place({"catalogues": {}}, ["new"])


def test_a_store_mostly_replaced_is_loaded_afresh_with_the_same_quads(workspace):
    """Above UPDATE_IN_PLACE_MAX of the store to replace (--full; one of the two catalogues changed), the new store
    is loaded afresh from every catalogue's part, and counted: the kept catalogue's quads stay as they were."""
    s = workspace
    build(s, progress=lambda m: None)
    graphs_before = graphs(s.store)
    full = build(s, full=True, progress=lambda m: None)
    assert not full.incremental and sorted(full.minted) == sorted(SOURCES)
    # minted again (their times are this build's): the same graphs, each with as many quads
    assert {g: len(qs) for g, qs in graphs(s.store).items()} == {g: len(qs) for g, qs in graphs_before.items()}
    assert full.total_triples == len(ox.Store.read_only(str(s.store)))
    before = named(s.store)

    src = s.catalogues / SOURCES["sanmenxia-ybj"]
    src.write_text(src.read_text(encoding="utf-8").replace("机构职能", "机构职责"), encoding="utf-8")
    again = build(s, progress=lambda m: None)
    assert again.minted == ["sanmenxia-ybj"] and again.kept == ["yinzhou-ybj"] and not again.incremental
    after, cat = named(s.store), f"{BASE}/id/catalogue/"
    assert after[cat + "yinzhou-ybj"] == before[cat + "yinzhou-ybj"]
    assert after[f"{BASE}/graph/validation/yinzhou-ybj"] == before[f"{BASE}/graph/validation/yinzhou-ybj"]
    assert any("机构职责" in q for q in after[cat + "sanmenxia-ybj"])
    assert again.total_triples == len(ox.Store.read_only(str(s.store))) == \
        json.loads((s.dumps / "manifest.json").read_text(encoding="utf-8"))["store_quads"]

def test_a_build_with_nothing_changed_leaves_the_last_build_standing(workspace, tmp_path):
    """Nothing changed: the last store and dumps stand as they are (not copied, not re-assembled: the same
    files, the same build stamp), the result still lists every catalogue; a file touched but not changed
    does not change that, and its hash is taken once, not by every later build; the same files read from
    another folder make a real build (the manifest names the folders /source serves)."""
    import os
    import shutil
    s = workspace
    first = build(s, progress=lambda m: None)
    manifest = (s.dumps / "manifest.json").read_text(encoding="utf-8")
    stamp = (s.store / "zwgk-build.json").read_text()
    inodes = {p: p.stat().st_ino for p in (s.store, s.dumps, s.dumps / "zwgk.nq.gz", s.dumps / "items.xlsx")}
    said = []
    same = build(s, progress=said.append)
    assert any("nothing changed since the last build (2 catalogues)" in m for m in said), said
    assert same.minted == [] and sorted(same.kept) == sorted(SOURCES) and same.total_triples == first.total_triples
    # the summary says so too (it said "store updated in place of the last one")
    assert B.minted_line(same) == "minted 0 of 2 catalogues; 2 kept from the last build; store and dumps unchanged"
    assert [(c.catalogue_id, c.items, c.triples, c.title) for c in same.catalogues] == \
        [(c.catalogue_id, c.items, c.triples, c.title) for c in first.catalogues]
    assert (s.dumps / "manifest.json").read_text(encoding="utf-8") == manifest      # same build time, too
    assert (s.store / "zwgk-build.json").read_text() == stamp
    assert {p: p.stat().st_ino for p in inodes} == inodes

    src = s.catalogues / SOURCES["sanmenxia-ybj"]
    os.utime(src, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns + 10**9))    # touched, same bytes
    state = lambda: json.loads((s.dumps / ".parts" / "state.json").read_text(encoding="utf-8"))  # noqa: E731
    key = str(src)
    touched = build(s, progress=lambda m: None)
    assert touched.minted == [] and (s.dumps / "manifest.json").read_text(encoding="utf-8") == manifest
    assert state()["file_hashes"][key][1] == src.stat().st_mtime_ns                 # remembered as it is now

    moved = tmp_path / "elsewhere"
    shutil.copytree(s.catalogues, moved)
    other = build(Settings(base=s.base, catalogues=moved, mappings=s.mappings, store=s.store, dumps=s.dumps),
                  progress=lambda m: None)
    assert other.minted == []                                                          # same bytes: kept …
    assert json.loads((s.dumps / "manifest.json").read_text(encoding="utf-8"))["sources"]["catalogues"] == \
        str(moved.resolve())                                                           # … but a new build


def test_a_build_whose_code_changed_says_why_it_mints_everything(workspace, monkeypatch):
    """A build after zwgk's code, ontology or shapes changed re-mints every catalogue, and says why (it said
    only "minted 2 of 2 …; store loaded afresh", as if the catalogues had changed)."""
    s = workspace
    build(s, progress=lambda m: None)
    monkeypatch.setattr(B, "build_hash", lambda base: "another code")
    said = []
    again = build(s, progress=said.append)
    assert sorted(again.minted) == sorted(SOURCES)
    assert any("changed since the last build: every catalogue is minted again" in m for m in said), said
    said.clear()
    build(s, progress=said.append)
    assert not any("every catalogue is minted again" in m for m in said), said


def test_a_catalogue_over_its_budget_fails_alone_and_clearly(workspace, capsys):
    s = workspace
    (s.mappings / "sanmenxia-ybj.yaml").unlink()
    build(s, progress=lambda m: None)
    store_before, dumps_before = graphs(s.store), files(s.dumps)
    # a 29 MB catalogue of 12,000 rows: its bytes alone are more than a 16 MiB budget
    row = "事项\t" + "公开内容" * 200 + "\t20个工作日\n"
    (s.catalogues / "big.txt").write_text("事项名称\t公开内容\t公开时限\n" + row * 12000, encoding="utf-8")
    (s.mappings / "big.yaml").write_text(
        "catalogue: {id: big, source: big.txt}\nagency: {id: a, name: 某局}\nreader: tsv\ncolumns:\n"
        "  - {role: name, header: 事项名称}\n  - {role: content, header: 公开内容}\n"
        "  - {role: time_limit, header: 公开时限}\n", encoding="utf-8")
    args = ["build", "--base", BASE, "--catalogues", str(s.catalogues), "--mappings", str(s.mappings),
            "--store", str(s.store), "--dumps", str(s.dumps)]
    assert main([*args, "--catalogue-memory", "16M"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert err == [f"zwgk build: error: {s.catalogues}/big.txt: over its memory budget of 16 MiB "
                   f"(--catalogue-memory, ZWGK_CATALOGUE_MEMORY); the catalogue was not read"]
    assert graphs(s.store) == store_before and files(s.dumps) == dumps_before

    # the same file within the memory budget, but with half a second to go through
    with pytest.raises(Exception, match=r"big\.txt: not done within its time budget of 0\.5 s"):
        build(s, budget=Budget(memory=0, seconds=0.5), progress=lambda m: None)
    assert graphs(s.store) == store_before and files(s.dumps) == dumps_before
    assert not list(s.store.parent.glob(".*building*"))
