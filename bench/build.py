"""Benchmark `zwgk build`: items/s, triples/s and peak memory, for the four catalogues and for a synthetic
set of N catalogues made from them, next to three references measured in the same run:

  1. a bare `pyoxigraph.Store.bulk_load` of the same N-Triples into the default graph (the store's own
     rate limit, the issue's yardstick);
  2. a bare `bulk_load` of the same N-Quads into their named graphs (what zwgk's store holds: one graph
     per catalogue, agency, legal bases, …; the store keeps six indexes for named graphs, three for the
     default graph);
  3. a floor: the load of (2), in a child process and with lenient parsing as the build's own loader
     does, while this process writes the build's dump files, their bytes prepared in advance. Any build that makes this store and these dumps spends at least this long,
     before reading, minting, validating or serializing anything.

    python bench/build.py [--copies 1000] [--repeat 3]

Each measurement runs in its own process, so peak memory (max RSS) is that process's alone.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def make_synthetic(dest: Path, copies: int) -> tuple[Path, Path]:
    """`copies` catalogues cycling through the real ones, each with its own catalogue and agency id."""
    cats, maps = dest / "catalogues", dest / "mappings"
    cats.mkdir(parents=True)
    maps.mkdir()
    originals = sorted((ROOT / "mappings" / "catalogues").glob("*.yaml"))
    for n in range(copies):
        m = originals[n % len(originals)]
        text = m.read_text(encoding="utf-8")
        source = re.search(r"^\s*source:\s*(\S+)", text, re.M).group(1)
        new_source = f"syn{n:05d}-{source}"
        shutil.copy(ROOT / "catalogues" / source, cats / new_source)
        text = re.sub(r"^(\s*id:\s*)(\S+)", lambda mm: f"{mm.group(1)}s{n:05d}-{mm.group(2)}", text, flags=re.M)
        text = text.replace(f"source: {source}", f"source: {new_source}")
        (maps / f"s{n:05d}-{m.name}").write_text(text, encoding="utf-8")
    return cats, maps


def run_child(code: str) -> dict:
    """Run python code in a child; it prints one JSON line. Adds the child's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = peak / 1024 if peak > before else None  # ru_maxrss is the max over all children
    return result


BUILD = """
import json, time
from pathlib import Path
from zwgk.build import build
from zwgk.config import Settings
s = Settings(base="http://127.0.0.1:8000", catalogues=Path({cats!r}), mappings=Path({maps!r}),
             store=Path({out!r}) / "store", dumps=Path({out!r}) / "dumps")
t = time.perf_counter()
r = build(s, progress=lambda m: None)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "items": sum(c.items for c in r.catalogues), "triples": r.total_triples}}))
"""

BULK = """
import json, time, gzip, pyoxigraph as ox
data = gzip.decompress(open({dump!r}, "rb").read())
t = time.perf_counter()
st = ox.Store({out!r})
st.bulk_load(data, format=ox.RdfFormat.{fmt})
st.flush()
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "triples": len(st)}}))
"""

FLOOR = """
import gzip, json, subprocess, sys, threading, time
from pathlib import Path
src, out = Path({dumps!r}), Path({out!r})
files = [(p.relative_to(src), p.read_bytes()) for p in src.rglob("*") if p.is_file()]
quads = gzip.decompress((src / "zwgk.nq.gz").read_bytes())
t = time.perf_counter()
loader = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph as ox; st = ox.Store(sys.argv[1]); "
                           "st.bulk_load(sys.stdin.buffer.read(), format=ox.RdfFormat.N_QUADS, lenient=True); "
                           "st.flush(); print(len(st))", str(out / "store")], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
feed = threading.Thread(target=lambda: (loader.stdin.write(quads), loader.stdin.close()))
feed.start()
for rel, data in files:
    (out / "dumps" / rel).parent.mkdir(parents=True, exist_ok=True)
    (out / "dumps" / rel).write_bytes(data)
feed.join()
n = int(loader.stdout.read())
loader.wait()
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "triples": n, "dump_bytes": sum(len(d) for _, d in files)}}))
"""


def measure(label: str, cats: Path, maps: Path, repeat: int, work: Path) -> None:
    builds, bulks, quad_bulks, floors = [], [], [], []
    for i in range(repeat):
        out = work / f"{label}-{i}"
        builds.append(run_child(BUILD.format(cats=str(cats), maps=str(maps), out=str(out))))
        dumps = out / "dumps"
        bulks.append(run_child(BULK.format(dump=str(dumps / "zwgk.nt.gz"), fmt="N_TRIPLES",
                                           out=str(work / f"{label}-bulk-{i}"))))
        quad_bulks.append(run_child(BULK.format(dump=str(dumps / "zwgk.nq.gz"), fmt="N_QUADS",
                                                out=str(work / f"{label}-bulkq-{i}"))))
        floors.append(run_child(FLOOR.format(dumps=str(dumps), out=str(work / f"{label}-floor-{i}"))))
        for d in (out, *(work / f"{label}-{kind}-{i}" for kind in ("bulk", "bulkq", "floor"))):
            shutil.rmtree(d, ignore_errors=True)
    b_sec, k_sec, q_sec, f_sec = (statistics.median(r["seconds"] for r in runs)
                                  for runs in (builds, bulks, quad_bulks, floors))
    items, triples = builds[0]["items"], builds[0]["triples"]
    build_rate, bulk_rate = triples / b_sec, bulks[0]["triples"] / k_sec
    quad_rate, floor_rate = quad_bulks[0]["triples"] / q_sec, floors[0]["triples"] / f_sec
    print(f"\n== {label}: {items} items, {triples} triples (median of {repeat})")
    print(f"  zwgk build (read, map, mint, validate, load store, dumps): {b_sec:8.2f} s  "
          f"{items / b_sec:10.0f} items/s  {build_rate:10.0f} triples/s  peak {builds[0]['peak_mb'] or 0:7.0f} MB")
    print(f"  1. bulk_load of the same N-Triples, default graph:        {k_sec:8.2f} s  "
          f"{'':10s}        {bulk_rate:10.0f} triples/s")
    print(f"  2. bulk_load of the same N-Quads, named graphs:           {q_sec:8.2f} s  "
          f"{'':10s}        {quad_rate:10.0f} triples/s")
    floor_label = f"3. floor: (2) while writing the dumps' {floors[0]['dump_bytes'] / 1e6:.0f} MB:"
    print(f"  {floor_label:57s}{f_sec:8.2f} s  "
          f"{'':10s}        {floor_rate:10.0f} triples/s")
    print(f"  ratio of rates, build/1: {build_rate / bulk_rate:.2f}x   build/2: {build_rate / quad_rate:.2f}x   "
          f"build/3: {build_rate / floor_rate:.2f}x   (3 itself/1: {floor_rate / bulk_rate:.2f}x)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        measure("4 catalogues", ROOT / "catalogues", ROOT / "mappings" / "catalogues", args.repeat, work)
        t = time.perf_counter()
        cats, maps = make_synthetic(work / "synthetic", args.copies)
        print(f"\n(synthetic set of {args.copies} catalogues written in {time.perf_counter() - t:.1f} s)")
        measure(f"{args.copies} catalogues", cats, maps, args.repeat, work)


if __name__ == "__main__":
    main()
