"""`zwgk build --only ID` rebuilds those catalogues and keeps every other one as the last build had it
(it used to publish a store and dumps holding only the catalogues named)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pyoxigraph as ox

from zwgk.config import PROJECT_DIR

BASE = "http://127.0.0.1:8000"


def build(tmp, *extra):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--store", str(tmp / "store"),
                           "--dumps", str(tmp / "dumps"), "--catalogues", str(PROJECT_DIR / "catalogues"),
                           "--mappings", str(PROJECT_DIR / "mappings" / "catalogues"), *extra],
                          capture_output=True, text=True, timeout=300)


def graphs(store_dir) -> dict[str, set]:
    store = ox.Store.read_only(str(store_dir))
    out = {}
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode):
            out.setdefault(q.graph_name.value, set()).add(str(q))
    return out


def test_only_rebuilds_one_catalogue_and_keeps_the_others(tmp_path):
    first = build(tmp_path)
    assert first.returncode == 0, first.stderr
    before = graphs(tmp_path / "store")
    manifest = json.loads((tmp_path / "dumps" / "manifest.json").read_text(encoding="utf-8"))
    others = {f["path"]: (tmp_path / "dumps" / f["path"]).read_bytes() for f in manifest["files"]
              if f.get("catalogue") not in (None, "yinzhou-ybj")}
    rows_before = sorted(map(tuple, csv.reader((tmp_path / "dumps" / "items.csv").open(encoding="utf-8"))))

    again = build(tmp_path, "--only", "yinzhou-ybj")
    assert again.returncode == 0, again.stderr
    after = graphs(tmp_path / "store")
    cat = lambda cid: f"{BASE}/id/catalogue/{cid}"   # noqa: E731
    for cid in ("city-ybj", "juye-ybj", "sanmenxia-ybj"):
        assert after[cat(cid)] == before[cat(cid)], cid              # every other catalogue's quads, unchanged
    rebuilt = lambda quads: {q for q in quads if "prov#endedAtTime" not in q}   # noqa: E731
    assert rebuilt(after[cat("yinzhou-ybj")]) == rebuilt(before[cat("yinzhou-ybj")])   # re-minted: the same
    assert "1 catalogue" not in again.stdout and "3 other catalogue(s) keep their last build" in again.stdout + again.stderr
    assert after[f"{BASE}/id/law"] == before[f"{BASE}/id/law"]        # every legal basis still there
    assert set(after) == set(before)                                 # every graph (agencies, reports …)
    for path, data in others.items():                                 # the others' dumps, byte-identical
        assert (tmp_path / "dumps" / path).read_bytes() == data, path
    rows_after = sorted(map(tuple, csv.reader((tmp_path / "dumps" / "items.csv").open(encoding="utf-8"))))
    assert rows_after == rows_before                                  # items.csv: every item, once


def test_a_kept_catalogue_whose_last_files_are_damaged_is_minted_again(tmp_path):
    """A file of a kept catalogue gone from the last build (a part the dumps are assembled from, or one of its
    own dump files, which a kept catalogue's are linked from): that catalogue is minted again, and says so,
    instead of the build failing on the missing file; the data set comes out whole."""
    first = build(tmp_path)
    assert first.returncode == 0, first.stderr
    before = graphs(tmp_path / "store")
    dumps = tmp_path / "dumps"
    for gone, cid in ((dumps / ".parts" / "catalogue" / "juye-ybj" / "graph.nt.gz", "juye-ybj"),
                      (dumps / "catalogue" / "sanmenxia-ybj.csv", "sanmenxia-ybj")):
        gone.unlink()
        again = build(tmp_path, "--only", "yinzhou-ybj")
        assert again.returncode == 0, again.stderr
        rel = gone.relative_to(dumps).as_posix()
        assert f"{cid}: the last build's files of it lack {rel.rsplit('/', 1)[-1] if '.parts' in rel else rel}; " \
               "it is minted again" in again.stdout + again.stderr
        assert f"minted 2 of 4 catalogues ({cid}, yinzhou-ybj)" in again.stdout + again.stderr or \
               f"minted 2 of 4 catalogues (yinzhou-ybj, {cid})" in again.stdout + again.stderr
        assert gone.is_file()
        after = graphs(tmp_path / "store")
        assert set(after) == set(before)
        assert len(after[f"{BASE}/id/catalogue/{cid}"]) == len(before[f"{BASE}/id/catalogue/{cid}"])
