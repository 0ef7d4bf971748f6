"""Benchmark validation: the shapes compiled to SPARQL on the pyoxigraph store (zwgk.validate, what
`zwgk build` and `zwgk validate` run) next to pyshacl (the reference) on the whole graph, in the same run,
for the four catalogues and for a synthetic set of N catalogues (bench/build.py's make_synthetic).

    python bench/validate.py [--copies 1000] [--repeat 3] [--pyshacl-whole-full]

Two shape sets are timed:
  full   every shape in shapes/ (core constraints and the SPARQL-based ones)
  core   the core constraints only (the SPARQL-based shapes removed): the comparison the issue quotes
For each, the findings of both engines are compared (focus, path, value, severity, shape, component,
messages) and the run says whether they are identical. Every measurement runs in its own process and
reports its own peak memory (max RSS).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BASE = "http://127.0.0.1:8000"
sys.path.insert(0, str(ROOT / "bench"))
from build import make_synthetic  # noqa: E402

COMMON = """
import json, resource, sys, time
import pyoxigraph as ox
from zwgk import validate as V
from zwgk.shaclsparql import SH, compile_shapes
from zwgk.shapes import shapes_graph
BASE, STORE, SHAPES, OUT = {base!r}, {store!r}, {shapes!r}, {out!r}
shapes = shapes_graph(BASE)
if SHAPES == "core":
    for s in list(shapes.subjects(SH.sparql, None)):
        shapes.remove((s, None, None))
def dump(findings):
    rows = sorted({{(f.severity, str(f.focus), str(f.path), str(f.value), f.shape, f.component, f.messages)
                   for f in findings}})
    json.dump(rows, open(OUT, "w"), ensure_ascii=False)
    return len(rows)
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

SPARQL = COMMON + """
store = ox.Store.read_only(STORE)
checks = compile_shapes(shapes, BASE)
MODE = {mode!r}
if MODE == "memory":      # what `zwgk build` does: the data is already in an in-memory store
    store = ox.Store()
    store.bulk_extend(ox.Store.read_only(STORE))
times = []
for _ in range({repeat}):
    t = time.perf_counter()
    if MODE == "copy":    # copy the on-disk store into memory (timed), validate there
        store = ox.Store()
        store.bulk_extend(ox.Store.read_only(STORE))
    found = V.validate_store(store, BASE, checks=checks)
    times.append(time.perf_counter() - t)
print(json.dumps({{"seconds": times, "findings": dump(found), "peak_mb": peak_mb(), "triples": len(store)}}))
"""

PER_CATALOGUE = COMMON + """
store = ox.Store.read_only(STORE)
t = time.perf_counter()
found = V.validate_store_pyshacl(store, BASE, workers=2)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": [dt], "load_seconds": 0, "findings": dump(found), "peak_mb": peak_mb(), "triples": 0}}))
"""

PYSHACL = COMMON + """
store = ox.Store.read_only(STORE)
t = time.perf_counter()
triples = {{q.triple for g in V.data_graph_names(store, BASE) for q in store.quads_for_pattern(None, None, None, g)}}
data = V._rdflib_graph(triples)
load = time.perf_counter() - t
t = time.perf_counter()
found = V.pyshacl_findings(data, BASE, shapes=shapes)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": [dt], "load_seconds": load, "findings": dump(found), "peak_mb": peak_mb(),
                  "triples": len(data)}}))
"""


def child(code: str, timeout: float | None = None) -> dict:
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, timeout=timeout).stdout
    return json.loads(out.strip().splitlines()[-1])


def build_store(cats: Path, maps: Path, var: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run([PY, "-m", "zwgk.cli", "build", "--base", BASE, "--catalogues", str(cats), "--mappings",
                           str(maps), "--store", str(var / "store"), "--dumps", str(var / "dumps")],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    return time.perf_counter() - t


def measure(label: str, cats: Path, maps: Path, work: Path, repeat: int, whole_full: bool) -> None:
    var = work / label.replace(" ", "-")
    build_s = build_store(cats, maps, var)
    store = str(var / "store")
    print(f"\n== {label} (store built in {build_s:.1f} s, validation included)", flush=True)
    print(f"  {'shapes':6s} {'engine':52s} {'seconds':>9s} {'peak MB':>8s} {'findings':>9s}")
    for shapes in ("core", "full"):
        ref_out = var / f"{shapes}-pyshacl.json"
        if shapes == "core" or whole_full:
            ref = child(PYSHACL.format(base=BASE, store=store, shapes=shapes, out=str(ref_out)))
            ref_label = f"pyshacl, whole graph (+{ref['load_seconds']:.1f} s rdflib load)"
        else:   # pyshacl on the whole graph takes hours here: per catalogue, 2 processes
            ref = child(PER_CATALOGUE.format(base=BASE, store=store, shapes=shapes, out=str(ref_out)))
            ref_label = "pyshacl, per catalogue, 2 processes (parent's MB)"
        r_sec = ref["seconds"][0]
        print(f"  {shapes:6s} {ref_label:52s} {r_sec:9.2f} {ref['peak_mb']:8.0f} {ref['findings']:9d}", flush=True)
        for mode, what in (("disk", "SPARQL on the on-disk store (zwgk validate)"),
                           ("copy", "SPARQL, on-disk store copied into memory"),
                           ("memory", "SPARQL on an in-memory store (zwgk build)")):
            out = var / f"{shapes}-sparql-{mode}.json"
            fast = child(SPARQL.format(base=BASE, store=store, shapes=shapes, out=str(out), repeat=repeat, mode=mode))
            f_sec = statistics.median(fast["seconds"])
            same = json.loads(out.read_text()) == json.loads(ref_out.read_text())
            name = f"{what} (median of {repeat})"
            print(f"  {shapes:6s} {name:52s} {f_sec:9.2f} {fast['peak_mb']:8.0f} {fast['findings']:9d}  "
                  f"{r_sec / f_sec:6.1f}x faster than pyshacl; identical findings: {'yes' if same else 'NO'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pyshacl-whole-full", action="store_true",
                    help="on the synthetic set, run pyshacl with every shape on the whole graph (hours for 1000: its "
                         "SPARQL-based constraints run once per focus node) instead of per catalogue")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        measure("4 catalogues", ROOT / "catalogues", ROOT / "mappings" / "catalogues", work, args.repeat, True)
        cats, maps = make_synthetic(work / "synthetic", args.copies)
        measure(f"{args.copies} catalogues", cats, maps, work, args.repeat, args.pyshacl_whole_full)


if __name__ == "__main__":
    main()
