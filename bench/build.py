"""Benchmark `zwgk build` on synthetic sets of N catalogues (copies of the real ones, each with its own
catalogue and agency id), next to bare pyoxigraph measured in the same run:

  full build    `zwgk build` from nothing: read, mint, validate, write parts and dumps, load the store
  bulk NT       `pyoxigraph.Store.bulk_load` of the build's own N-Triples dump, default graph
  bulk NQ       `bulk_load` of the build's own N-Quads dump, into its named graphs (what the build's
                store holds: the issue's yardstick, "full build ≥ 0.5× bulk NQ"); both from a plain file
                inflated beforehand, and not counted afterwards (as the build does not count its store)
  incremental   one catalogue's file edited, `zwgk build` again (re-mints that one, updates the store)
  no change     `zwgk build` again with nothing changed

Before each run the page cache is written out (sync), so that no run pays for writing what the run
before it wrote (the bulk loads write about 1 GB at 1,000 catalogues, just before the incremental build).
For each: wall seconds, CPU seconds (the process and every process it started: workers, store loader),
CPU-s per million triples, and peak RSS: the largest sum of the resident memory of the whole process
tree, sampled every 50 ms from /proc (a build runs several processes at once; the sum is what the machine
must hold).

    python bench/build.py [--copies 250 1000] [--workers N] [--repeat 1]
    python bench/build.py --copies 250 1000 10000 --peer-timeout 1200   # ≈ 15M triples at 10,000: ≈ 40 min

The builds run a snapshot of the code taken at the start (on PYTHONPATH), so that editing the working
tree during a run does not change zwgk's own hash between the full and the incremental build (which would
rightly re-mint every catalogue).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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


def snapshot_code(dest: Path) -> Path:
    """A copy of the zwgk package as installed (zwgk/ with mappings/, ontology/, shapes/ inside it)."""
    pkg = dest / "zwgk"
    shutil.copytree(ROOT / "zwgk", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    for sub in ("mappings", "ontology", "shapes", "server"):
        shutil.copytree(ROOT / sub, pkg / sub, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


CODE: Path | None = None


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants, now."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            fields = stat.rpartition(")")[2].split()
            parents[int(d)] = int(fields[1])
            rss[int(d)] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_child(code: str, timeout: float | None = None) -> dict:
    """Run python code in a child; it prints one JSON line. Adds its wall time, CPU time (with everything it
    started and waited for) and peak RSS of its process tree. `timeout`: a child still running then is
    stopped (by its PID) and its figures are lower bounds ("stopped": True)."""
    os.sync()   # what the cell before wrote reaches the disk now, not while this one is timed
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(CODE)} if CODE else None
    proc = subprocess.Popen([PY, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=CODE or None)   # not in the checkout: `python -c` looks in its folder first
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            stop.wait(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stopped = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        stopped = True
    stop.set()
    sampler.join()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if stopped:
        return {"stopped": True, "triples": None, "wall": wall, "peak_mb": peak[0] / 1e6,
                "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall=wall, cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                  peak_mb=peak[0] / 1e6)
    return result


BUILD = """
import json
from pathlib import Path
from zwgk.build import build
from zwgk.config import Settings
s = Settings(base="http://127.0.0.1:8000", catalogues=Path({cats!r}), mappings=Path({maps!r}),
             store=Path({out!r}) / "store", dumps=Path({out!r}) / "dumps")
r = build(s, progress=lambda m: None, workers={workers})
print(json.dumps({{"items": sum(c.items for c in r.catalogues), "triples": r.total_triples,
                  "minted": len(r.minted), "incremental": r.incremental}}))
"""

BULK = """
import json, pyoxigraph as ox
st = ox.Store({out!r})
st.bulk_load(path={plain!r}, format=ox.RdfFormat.{fmt})
st.flush()
print(json.dumps({{"triples": None}}))   # not counted (0.6 s a million quads): the build's own dump, its count
"""


def inflate(gz: Path, plain: Path) -> None:
    """The dump as a plain file, for the peer to load from (inflated before it is timed; zlib-ng streams it:
    the standard library's gzip.decompress copies what is left after each member, hours at 10,000
    catalogues)."""
    from zlib_ng import gzip_ng
    with gzip_ng.open(gz, "rb") as src, open(plain, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 22)


def line(label: str, r: dict, triples: int) -> str:
    per_m = r["cpu"] / (triples / 1e6)
    if r.get("stopped"):   # figures of a child stopped at --peer-timeout: bounds, marked as such
        return (f"  {label:13s} >{r['wall']:7.2f} s  >{r['cpu']:7.2f} CPU-s  >{per_m:6.2f} CPU-s/M triples  "
                f"<{triples / r['wall']:9.0f} triples/s  peak RSS {r['peak_mb']:7.0f} MB  (stopped, not finished)")
    return (f"  {label:13s} {r['wall']:8.2f} s  {r['cpu']:8.2f} CPU-s  {per_m:7.2f} CPU-s/M triples  "
            f"{triples / r['wall']:10.0f} triples/s  peak RSS {r['peak_mb']:7.0f} MB")


def measure(copies: int, work: Path, workers: int, repeat: int, peer_timeout: float | None = None) -> dict:
    t = time.perf_counter()
    cats, maps = make_synthetic(work / f"syn{copies}", copies)
    print(f"\n== {copies} catalogues (synthetic set written in {time.perf_counter() - t:.1f} s)", flush=True)
    out = work / f"out{copies}"
    runs: dict[str, list[dict]] = {k: [] for k in ("full", "nt", "nq", "incremental", "nochange")}
    for i in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        runs["full"].append(run_child(BUILD.format(cats=str(cats), maps=str(maps), out=str(out), workers=workers)))
        dumps = out / "dumps"
        for kind, name, fmt in (("nt", "zwgk.nt.gz", "N_TRIPLES"), ("nq", "zwgk.nq.gz", "N_QUADS")):
            target, plain = work / f"bulk-{kind}", work / f"bulk-{kind}.{kind}"
            inflate(dumps / name, plain)
            runs[kind].append(run_child(BULK.format(plain=str(plain), fmt=fmt, out=str(target)), peer_timeout))
            shutil.rmtree(target, ignore_errors=True)
            plain.unlink()
        # one catalogue changes: the text of its last item gets a word more (so items.csv changes too)
        src = sorted(cats.iterdir())[copies // 2]
        text = src.read_text(encoding="utf-8")
        at = text.rindex("公开")
        src.write_text(text[:at] + "公开发布" + text[at + 2:], encoding="utf-8")
        runs["incremental"].append(run_child(BUILD.format(cats=str(cats), maps=str(maps), out=str(out), workers=workers)))
        runs["nochange"].append(run_child(BUILD.format(cats=str(cats), maps=str(maps), out=str(out),
                                                       workers=workers)))
        src.write_text(text, encoding="utf-8")
    med = {k: v[0] | {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu", "peak_mb")}
           for k, v in runs.items()}
    triples = med["full"]["triples"]
    for k in ("nt", "nq"):   # a stopped peer did not say how many it loaded: the build's count is what it had
        med[k]["triples"] = med[k]["triples"] or triples
    print(f"  {med['full']['items']} items, {triples} quads in the store; {workers} worker(s); median of {repeat}")
    print(line("full build", med["full"], triples))
    print(line("bulk NT", med["nt"], med["nt"]["triples"]))
    print(line("bulk NQ", med["nq"], med["nq"]["triples"]))
    inc = med["incremental"]
    print(line("incremental", inc, triples) + f"  (minted {inc['minted']}, store updated: {inc['incremental']})")
    print(line("no change", med["nochange"], triples) + f"  (minted {med['nochange']['minted']})")
    rate = lambda k: med[k]["triples"] / med[k]["wall"]   # noqa: E731
    at_least = lambda k: ">" if med[k].get("stopped") else ""   # noqa: E731  (the peer was stopped: a bound)
    print(f"  full build / bulk NQ: {at_least('nq')}{rate('full') / rate('nq'):.2f}x wall rate, "
          f"{at_least('nq')}{med['nq']['cpu'] / med['full']['cpu']:.2f}x CPU;  full build / bulk NT: "
          f"{at_least('nt')}{rate('full') / rate('nt'):.2f}x wall rate")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work / f"syn{copies}", ignore_errors=True)
    return {"copies": copies, "triples": triples, "cpu_per_m": med["full"]["cpu"] / (triples / 1e6),
            "peak_mb": med["full"]["peak_mb"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[250, 1000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--peer-timeout", type=float, default=None, metavar="SECONDS",
                    help="stop a bare bulk_load still running after this long and print its figures as bounds "
                         "(one bulk_load of 14.5M quads ran for more than 40 minutes on a 2-core machine)")
    args = ap.parse_args()
    global CODE
    with tempfile.TemporaryDirectory() as tmp:
        CODE = snapshot_code(Path(tmp) / "code")
        summary = [measure(n, Path(tmp), args.workers, args.repeat, args.peer_timeout) for n in args.copies]
    print("\n== scaling of the full build")
    first = summary[0]
    for s in summary:
        print(f"  {s['copies']:6d} catalogues  {s['triples']:10d} quads  {s['cpu_per_m']:6.2f} CPU-s/M triples "
              f"({s['cpu_per_m'] / first['cpu_per_m']:.2f}x of {first['copies']})  peak RSS {s['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
