"""Benchmark search: the JSON search endpoint (`/search`, Accept: application/json) of `zwgk serve` on the
synthetic set of N catalogues (bench/build.py's make_synthetic; 1,000 by default, ~31,000 items), at
concurrency 8, next to two references measured in the same run:

  1. the floor of the HTTP stack: a bare uvicorn + Starlette app answering a fixed JSON body of the same
     size, so the ratio says what the search itself costs on top of serving any JSON;
  2. the index alone: the same searches called in-process on the SQLite file (no HTTP), uncached.

Three loads on zwgk: `repeated` (queries drawn from a list of 16 — words, law numbers, synonyms, facets;
answered from the per-build result cache after the first time, as popular searches are), `uncached` (the
same 16, each request asking for a different page, so every request runs the search) and `distinct`
(2,000 queries made of one or two words cut from random titles of the data, every request a different
page: the long tail of searches nobody made before). In process, without HTTP: the searches with the
word cache warm and cold (every word read from the SQLite file).
Also printed: the time to build the index from the store (done lazily by the server, cached on disk).

Each load runs on `zwgk serve` with one HTTP process and with as many as the machine has cores
(`--http-workers`), the bare app in as many processes as zwgk each time.

    python bench/search.py [--copies 1000] [--seconds 10] [--connections 8] [--http-workers N ...] [--data DIR]

Needs `wrk` (Debian package). Servers run on 127.0.0.1 and are stopped by PID. Figures vary ±40% on a
shared machine: read the ratios.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BASE = "http://127.0.0.1:8000"
QUERIES = [  # (q, facets)
    ("711", {}), ("国务院令第711号", {}), ("巨野", {}), ("医保", {}), ("年度报告", {}), ("年报", {}),
    ("政府信息公开", {}), ("预算", {}), ("行政处罚", {}), ("领导信息", {}), ("财政资金", {}), ("人事", {}),
    ("公开", {"channel": ["https://w3id.org/zwgk/concept/channel/website"]}), ("医保", {"kind": ["item"]}),
    ("年度报告", {"kind": ["item"]}), ("依申请公开", {}),
]


sys.path.insert(0, str(Path(__file__).parent))
from serve import ensure_built, free_port, lua_script, run_wrk, stop  # noqa: E402  (bench/serve.py: the same helpers)


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 180, headers: dict | None = None) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:4]} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=60, headers=headers).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def path_of(q: str, facets: dict, page: int | None = None) -> str:
    params = [("q", q)] + [(k, v) for k, vs in facets.items() for v in vs]
    if page:
        params.append(("page", str(page)))
    return "/search?" + urlencode(params)


#: each request asks for another page of its query, so the server's result cache never answers it
UNCACHED = 'p = p .. "&page=" .. (tid * 1000000 + counter)'


def wrk(port: int, paths: list[str], connections: int, seconds: int, uncached: bool = False) -> dict:
    script = lua_script(paths, UNCACHED if uncached else None, prefix="zwgk-search-bench-")
    try:
        return run_wrk(port, script, connections, seconds, "application/json")
    finally:
        script.unlink()


FLOOR_APP = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(sys.argv[2], "rb").read()
async def search(request):
    return Response(body, media_type="application/json")
uvicorn.run(Starlette(routes=[Route("/search", search)]), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", access_log=False)
"""


def in_process(index_path: Path, queries: list[tuple[str, dict]], cold: bool, rounds: int = 3) -> dict:
    """The searches on the index file directly, without the answer and query caches; `cold`: without the
    word cache either (every word's documents read from the file), else words' arrays are kept."""
    sys.path.insert(0, str(ROOT))
    from zwgk.server.search import SearchIndex
    times = []
    index = SearchIndex(index_path, cache=0, postings_cache=0 if cold else 8_000_000, match_cache=0)
    for _ in range(rounds):
        for q, facets in queries:
            t = time.perf_counter()
            index._search(q, {k: sorted(v) for k, v in facets.items()}, 0, 20)
            times.append(time.perf_counter() - t)
    return {"per_s": len(times) / sum(times), "p50": statistics.median(times) * 1000,
            "max": max(times) * 1000}


def distinct_queries(index_path: Path, n: int = 2000, seed: int = 7) -> list[str]:
    """Queries nobody made before: one or two words (2 to 4 characters) cut from random titles."""
    import random
    import sqlite3
    rnd = random.Random(seed)
    titles = [t for (t,) in sqlite3.connect(index_path).execute("SELECT ntitle FROM docs WHERE length(ntitle) >= 4")]
    out = set()
    while len(out) < n:
        t = rnd.choice(titles)
        words = []
        for _ in range(rnd.choice((1, 1, 2))):
            k = rnd.randint(2, min(4, len(t)))
            i = rnd.randint(0, len(t) - k)
            words.append(t[i:i + k])
        out.add(" ".join(words))
    return sorted(out)


def line(name: str, r: dict) -> str:
    bad = f"  NON-2xx {r['bad']}" if r.get("bad") else ""
    return f"  {name:34s} {r['rps']:8.0f} req/s  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms{bad}"


def start_zwgk(store: Path, dumps: Path, port: int, processes: int) -> subprocess.Popen:
    return subprocess.Popen([PY, "-m", "zwgk.cli", "serve", "--port", str(port), "--base", BASE, "--store", str(store),
                             "--dumps", str(dumps), "--no-build", "--http-workers", str(processes)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_floor(port: int, sample: str, processes: int) -> subprocess.Popen:
    """The bare app, in as many processes as zwgk (uvicorn's own --workers when more than one)."""
    if processes == 1:
        return subprocess.Popen([PY, "-c", FLOOR_APP, str(port), sample], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    folder = Path(tempfile.mkdtemp(prefix="zwgk-floor-"))
    (folder / "floor_app.py").write_text(FLOOR_MODULE)
    return subprocess.Popen([PY, "-m", "uvicorn", "--app-dir", str(folder), "floor_app:app", "--port", str(port),
                             "--workers", str(processes), "--log-level", "warning", "--no-access-log"],
                            env={**os.environ, "FLOOR_BODY": sample}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


FLOOR_MODULE = """
import os
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(os.environ["FLOOR_BODY"], "rb").read()
async def search(request):
    return Response(body, media_type="application/json")
app = Starlette(routes=[Route("/search", search)])
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--http-workers", type=int, nargs="+", metavar="N",
                    help="zwgk serve --http-workers values to measure (default: 1, and the machine's cores if more)")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "zwgk-bench")
    ap.add_argument("--keep-index", action="store_true", help="reuse the search index of an earlier run")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("bench/search.py needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    counts = args.http_workers or sorted({1, cores})
    store, dumps = ensure_built(args.data, args.copies)
    search_dir = store.with_name(store.name + ".search")
    if not args.keep_index:
        shutil.rmtree(search_dir, ignore_errors=True)   # measure the index build too
    port = free_port()
    proc = start_zwgk(store, dumps, port, 1)
    floor = None
    try:
        wait_for(f"http://127.0.0.1:{port}/", proc)
        first = wait_for(f"http://127.0.0.1:{port}/search?q=711", proc, timeout=1800,
                         headers={"Accept": "application/json"})
        index_files = sorted(search_dir.glob("*.sqlite"))
        index_path = index_files[0]
        import sqlite3
        meta = dict(sqlite3.connect(index_path).execute("SELECT key, value FROM meta"))
        body = httpx.get(f"http://127.0.0.1:{port}{path_of('医保', {})}", headers={"Accept": "application/json"})
        answer = body.json()
        assert answer["total"] > 0 and answer["results"], "the search found nothing: the bench would be meaningless"
        law = httpx.get(f"http://127.0.0.1:{port}/search?q=711", headers={"Accept": "application/json"}).json()
        assert law["results"][0]["kind"] == "law", "711 must find the law first"
        print(f"{args.copies} catalogues: {meta['docs']} documents indexed in {float(meta['seconds']):.1f} s "
              f"(first search answered {first:.1f} s after the server was up); index "
              f"{index_path.stat().st_size / 1e6:.1f} MB")
        website = next(v["value"] for f in httpx.get(f"http://127.0.0.1:{port}/search?q=公开", timeout=120,
                                                        headers={"Accept": "application/json"}).json()["facets"]
                       if f["name"] == "channel" for v in f["values"] if v["value"].endswith("/channel/website"))
        for _, facets in QUERIES:   # the channel's IRI as this build minted it
            for k, vs in facets.items():
                facets[k] = [website if v == "{website}" else v for v in vs]
        paths = [path_of(q, f) for q, f in QUERIES]
        fd, sample = tempfile.mkstemp(suffix=".json")
        os.write(fd, body.content)
        os.close(fd)
        distinct = distinct_queries(index_path)
        c = args.connections
        results = {}
        for n in counts:
            if n != 1 or proc.poll() is not None:        # the server for this count (the first one serves 1)
                stop(proc)
                port = free_port()
                proc = start_zwgk(store, dumps, port, n)
                wait_for(f"http://127.0.0.1:{port}/", proc)
            for p in paths:  # every query answered once (correctness and a warm page cache of the OS)
                r = httpx.get(f"http://127.0.0.1:{port}{p}", headers={"Accept": "application/json"}, timeout=120)
                assert r.status_code == 200, (p, r.status_code)
            fport = free_port()
            floor = start_floor(fport, sample, n)
            wait_for(f"http://127.0.0.1:{fport}/search", floor)
            print(f"JSON search, c={c}, {args.seconds} s each ({len(body.content)} bytes per answer), "
                  f"{n} HTTP process{'es' if n > 1 else ''} (zwgk serve --http-workers {n}; the bare app as many):")
            bare = wrk(fport, ["/search?q=x"], c, args.seconds)
            stop(floor)
            floor = None
            repeated = wrk(port, paths, c, args.seconds)
            uncached = wrk(port, paths, c, args.seconds, uncached=True)
            tail = wrk(port, [path_of(q, {}) for q in distinct], c, args.seconds, uncached=True)
            print(line("bare uvicorn+Starlette, same JSON", bare))
            print(line("zwgk /search, repeated queries", repeated))
            print(line("zwgk /search, uncached (every one searched)", uncached))
            print(line(f"zwgk /search, {len(distinct)} distinct queries", tail))
            print(f"  ratios to the bare floor: repeated {repeated['rps'] / bare['rps']:.2f}, "
                  f"uncached {uncached['rps'] / bare['rps']:.2f}, distinct {tail['rps'] / bare['rps']:.2f}")
            results[n] = (repeated, uncached, tail)
        fixed = [(q, {k: list(v) for k, v in f.items()}) for q, f in QUERIES]
        for name, queries in (("the 16 queries", fixed), (f"{len(distinct)} distinct", [(q, {}) for q in distinct])):
            for cold in (False, True):
                ip = in_process(index_path, queries, cold, rounds=3 if len(queries) < 100 else 1)
                print(f"  index alone, in process, {name}, word cache {'cold' if cold else 'warm'}: "
                      f"{ip['per_s']:.0f} searches/s, p50 {ip['p50']:.2f} ms, slowest {ip['max']:.1f} ms")
        for n, (repeated, uncached, tail) in results.items():
            for name, r in (("repeated", repeated), ("uncached", uncached), ("distinct", tail)):
                verdict = "meets" if r["rps"] >= 1000 else "MISSES"
                print(f"target >= 1,000 req/s at c={c}, {n} HTTP process{'es' if n > 1 else ''}, {name}: "
                      f"{verdict} ({r['rps']:.0f})")
        os.unlink(sample)
    finally:
        stop(proc)
        if floor:
            stop(floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
