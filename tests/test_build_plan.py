"""A build's plan and the shares of work it hands the workers: the mapping files of a build that mints every
catalogue are loaded by the workers, as the build would load them itself; batches shrink towards the end."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from zwgk.build import PLAN_LOAD_MIN, plan
from zwgk.config import Settings
from zwgk.staging import BuildError
from zwgk.pipeline import BATCH_BYTES, BATCH_SIZE, Budget, Workers, batches

from .conftest import BASE
from .test_bad_input import GOOD_MAPPING, GOOD_SOURCE, run_build


def many_mappings(root: Path, n: int) -> tuple[Path, Path]:
    """A catalogue folder with the one good catalogue and `n` mapping files reading it, each its own catalogue
    (ids m000, m001 …)."""
    cats, maps = root / "catalogues", root / "mappings"
    cats.mkdir()
    maps.mkdir()
    shutil.copy(GOOD_SOURCE, cats)
    text = GOOD_MAPPING.read_text(encoding="utf-8")
    for i in range(n):
        (maps / f"m{i:03d}.yaml").write_text(text.replace("  id: yinzhou-ybj\n", f"  id: m{i:03d}\n", 1),
                                             encoding="utf-8")
    return cats, maps


def small_catalogues(root: Path, n: int) -> Settings:
    """`n` mapping files m000, m001 … reading one catalogue of two items (agencies a0-a2), and the settings of
    their build in root/var: where the build's path is what is tested."""
    cats, maps = root / "catalogues", root / "mappings"
    cats.mkdir()
    maps.mkdir()
    (cats / "t.txt").write_text("事项名称\t公开内容\n甲\t内容一\n乙\t内容二\n", encoding="utf-8")
    for i in range(n):
        (maps / f"m{i:03d}.yaml").write_text(
            f"catalogue: {{id: m{i:03d}, source: t.txt}}\nagency: {{id: a{i % 3}, name: 某局{i % 3}}}\nreader: tsv\n"
            "columns:\n  - {role: name, header: 事项名称}\n  - {role: content, header: 公开内容}\n", encoding="utf-8")
    return Settings(base=BASE, catalogues=cats, mappings=maps, store=root / "var" / "store", dumps=root / "var" / "dumps")


def test_the_workers_load_the_mapping_files_as_the_plan_would(tmp_path):
    cats, maps = many_mappings(tmp_path, PLAN_LOAD_MIN + 3)
    s = Settings(base=BASE, catalogues=cats, mappings=maps, store=tmp_path / "store", dumps=tmp_path / "dumps")
    pool = Workers(2, Budget(), BASE)
    pool.start(2)
    try:
        loaded_by_workers, gone = plan(s, None, None, load=pool.load_mappings)
    finally:
        pool.close()
    by_itself, _ = plan(s, None, None)
    assert gone == []
    assert len(loaded_by_workers) == PLAN_LOAD_MIN + 3
    assert [(p.cid, p.source, p.mapping_hash, p.source_hash, p.mint) for p in loaded_by_workers] == \
        [(p.cid, p.source, p.mapping_hash, p.source_hash, p.mint) for p in by_itself]
    assert [p.loaded for p in loaded_by_workers] == [p.loaded for p in by_itself]
    assert [p.loaded.catalogue_id for p in loaded_by_workers] == [f"m{i:03d}" for i in range(PLAN_LOAD_MIN + 3)]


def test_a_broken_mapping_file_among_many_is_named_with_its_line(tmp_path):
    """The first broken file in the build's order is the one named, as when the build loads them itself."""
    cats, maps = many_mappings(tmp_path, PLAN_LOAD_MIN + 8)
    good = (maps / "m020.yaml").read_text(encoding="utf-8")
    (maps / "m020.yaml").write_text(good.replace("role: content", "role: contents"), encoding="utf-8")
    (maps / "m030.yaml").write_text("catalogue:\n  id: x\n  source: [unclosed\n", encoding="utf-8")
    proc = run_build(tmp_path, cats, maps)
    assert proc.returncode != 0
    line = next(n for n, t in enumerate(good.splitlines(), 1) if "role: content" in t)
    assert f"m020.yaml:{line}: " in proc.stderr and "unknown role 'contents'" in proc.stderr, proc.stderr
    assert "m030.yaml" not in proc.stderr
    assert not (tmp_path / "var" / "dumps").exists() and not list((tmp_path / "var").glob(".*building*"))


def test_a_build_of_many_catalogues_has_the_workers_load_its_mapping_files_and_publishes_each(tmp_path,
                                                                                               monkeypatch):
    """A build that mints every catalogue of PLAN_LOAD_MIN or more has its workers load the mapping files (each
    once), and mints and publishes every catalogue, in the mapping files' order (small catalogues of two
    items: the build's path is what is tested)."""
    import json

    from zwgk.build import build
    asked: list[list[str]] = []
    real = Workers.load_mappings
    monkeypatch.setattr(Workers, "load_mappings", lambda self, paths: asked.append(list(paths)) or real(self, paths))
    n = PLAN_LOAD_MIN + 1
    settings = small_catalogues(tmp_path, n)
    result = build(settings, progress=lambda m: None)
    assert [[Path(p).name for p in paths] for paths in asked] == [[f"m{i:03d}.yaml" for i in range(n)]]
    assert result.minted == [f"m{i:03d}" for i in range(n)]
    manifest = json.loads((tmp_path / "var" / "dumps" / "manifest.json").read_text(encoding="utf-8"))
    ids = [f["catalogue"] for f in manifest["files"] if f["path"].startswith("catalogue/") and f["path"].endswith(".csv")]
    assert ids == [f"m{i:03d}" for i in range(n)]
    asked.clear()
    build(settings, progress=lambda m: None)        # nothing changed: no mapping file is loaded again
    assert asked == []


@pytest.mark.parametrize("n,workers", [(250, 2), (1000, 2), (40, 4), (7, 2), (1, 1)])
def test_batches_shrink_towards_the_end_and_keep_the_order(n, workers):
    items = [{"id": i, "bytes": 1000} for i in range(n)]
    out = batches(items, workers)
    assert [it["id"] for b in out for it in b] == list(range(n))
    sizes = [len(b) for b in out]
    assert max(sizes) <= BATCH_SIZE
    assert sizes == sorted(sizes, reverse=True)            # never larger than the one before
    left = n
    for size in sizes:                                       # each at most a (2 × workers)th of what is left
        assert size <= max(1, -(-left // (2 * workers)))
        left -= size
    assert sizes[-1] == 1 and (n < 2 * workers or len(sizes) >= 2 * workers)


def test_batches_keep_large_files_apart():
    items = [{"id": i, "bytes": BATCH_BYTES // 2 + 1} for i in range(6)]
    assert [len(b) for b in batches(items, 1)] == [1] * 6


def test_the_store_loader_loads_as_each_share_of_the_catalogues_is_done(tmp_path, monkeypatch):
    """The loader is told to load what it gathered as each of LOAD_MARKS (1/3, 2/3, 5/6, 11/12) of the catalogues
    is done, and once the last jobs are with the workers; not after the last job (its part is loaded at the end).
    One worker, 12 catalogues: batches of 6, 3, 2 and 1 (guided), so the marks 4, 8, 10 and 11 are crossed by the
    first three jobs, the third also handing out the last: loads after 6, 9 and 11 catalogues."""
    import math

    from zwgk.build import LOAD_MARKS, build
    from zwgk.storeloader import StoreLoader
    n = 12
    settings = small_catalogues(tmp_path, n)
    done, flushed = [0], []
    real = StoreLoader.flush
    monkeypatch.setattr(StoreLoader, "flush", lambda self: flushed.append(done[0]) or real(self))
    assert [len(b) for b in batches([{}] * n, 1)] == [6, 3, 2, 1]
    assert sorted({math.ceil(n * f) for f in LOAD_MARKS}) == [4, 8, 10, 11]
    build(settings, progress=lambda m: None, workers=1, advance=lambda k, total, what: done.__setitem__(0, k))
    assert flushed == [6, 9, 11]


def test_a_mappings_folder_whose_files_are_one_below_says_where(tmp_path):
    """`--mappings mappings` (the project's folder, its mapping files in mappings/catalogues/): the error points at
    the folder below (it said only that no mapping file was found)."""
    s = small_catalogues(tmp_path, 1)
    above = Settings(base=BASE, catalogues=s.catalogues, mappings=tmp_path, store=s.store, dumps=s.dumps)
    with pytest.raises(BuildError, match=f"--mappings {re.escape(str(s.mappings))}"):
        plan(above, None, None)
