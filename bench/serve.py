"""Benchmark the server against the thinnest FastAPI + pyoxigraph app over the same store (bench/thin_app.py),
in one run, on the synthetic set of N catalogues (bench/build.py's), as issue 13 asks:

  throughput  requests/s, p50 and p99 at concurrency 8 (wrk), zwgk and the thin app one after the other, for
              (1) SPARQL, a random agency's items, every query text unique (no result cache can answer),
              (2) an item as Turtle and (3) as HTML, random items over every item of the set;
  HEAD, gzip  zwgk's item HTML page requested with HEAD and with Accept-Encoding: gzip, each as a ratio of the
              plain GET's figures measured in the same rounds, by the bench's own HTTP client (wrk cannot do
              HEAD);
  startup     seconds from starting the process to the first 200 of an item page and of a SPARQL query,
              and memory (RSS of the server, PSS of the server with its query workers) after the runs,
              at every size given to --startup.

    python bench/serve.py [--copies 1000] [--startup 1000 10000] [--seconds 10] [--connections 8] [--repeat 2]
                          [--data DIR]

The built sets are kept in --data (default /tmp/zwgk-bench-serve/{N}) and reused, since building 1,000
catalogues takes minutes. Targets (issue 13): every cell >= 0.8x the thin app, p99 <= 1.5x the thin app's,
startup < 2 s; (issue 12) HEAD and gzip add < 10 % to the item page's time and server CPU per request. Needs `wrk` (Debian
package). Servers run on 127.0.0.1 and are stopped by PID. On a shared 2-core machine figures move by tens of
per cent between runs: read the ratios, and use --repeat.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BASE = "http://127.0.0.1:8000"   # the base the sets are built with; both servers are given it

AGENCY_QUERY = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?item ?name WHERE {{
  ?catalogue dct:publisher <{agency}> .
  ?item dct:isPartOf ?catalogue ; dct:title ?name .
}} ORDER BY ?name"""
AGENCIES = "SELECT DISTINCT ?a WHERE { ?c <http://purl.org/dc/terms/publisher> ?a } ORDER BY ?a"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL: by the process's own PID."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def first_200(url: str, proc: subprocess.Popen, started: float, accept: str, timeout: float = 600) -> float:
    """Seconds from `started` to the first 200 from `url`."""
    with httpx.Client(timeout=5) as client:
        while time.perf_counter() - started < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[:4]} exited with {proc.returncode}")
            try:
                if client.get(url, headers={"Accept": accept}).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def memory(pid: int) -> tuple[float, float]:
    """(RSS of the process, PSS of it and its children) in MB."""
    def pss(p: int) -> float:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            return 0.0
        return int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1)) / 1024

    rss = int(re.search(r"^VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M).group(1)) / 1024
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return rss, pss(pid) + sum(pss(c) for c in children)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the process and its live children (the query workers), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")

    def one(p: int, reaped: bool = False) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return sum(int(f) for f in fields[11:15 if reaped else 13]) / tick   # utime stime (cutime cstime)

    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return one(pid, reaped=True) + sum(one(c) for c in children)   # a worker killed and reaped still counts


# ---- data ----------------------------------------------------------------------------------------------

def ensure_built(data: Path, copies: int) -> tuple[Path, Path]:
    """The synthetic set of `copies` catalogues built into data/{copies}, reused when it is there."""
    d = data / str(copies)
    store, dumps = d / "store", d / "dumps"
    if (dumps / "manifest.json").exists() and store.is_dir():
        return store, dumps
    sys.path.insert(0, str(Path(__file__).parent))
    from build import make_synthetic
    shutil.rmtree(d / "synthetic", ignore_errors=True)
    cats, maps = make_synthetic(d / "synthetic", copies)
    print(f"building {copies} catalogues into {d} (kept for the next runs) …", flush=True)
    t = time.perf_counter()
    subprocess.run([PY, "-m", "zwgk.cli", "build", "--base", BASE, "--store", str(store), "--dumps", str(dumps),
                    "--catalogues", str(cats), "--mappings", str(maps)], check=True, capture_output=True)
    print(f"  built in {time.perf_counter() - t:.0f} s", flush=True)
    return store, dumps


def item_paths(dumps: Path) -> list[str]:
    with open(dumps / "items.csv", encoding="utf-8", newline="") as f:
        return [quote(r["item_uri"][len(BASE):]) for r in csv.DictReader(f)]


# ---- servers -------------------------------------------------------------------------------------------

def start_zwgk(store: Path, dumps: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([PY, "-m", "zwgk.cli", "serve", "--port", str(port), "--base", BASE, "--store", str(store),
                             "--dumps", str(dumps), "--no-build"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_thin(store: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([PY, str(Path(__file__).parent / "thin_app.py"), "--store", str(store), "--port", str(port),
                             "--base", BASE], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---- load ----------------------------------------------------------------------------------------------

LUA = """
local paths = {%s}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local counter = 0
function init(args) math.randomseed(tid * 7919) end
request = function()
  counter = counter + 1
  local p = paths[math.random(#paths)]
  %s
  return wrk.format(nil, p)
end
"""
#: what makes each request's text unique (a comment line in the query), so no cache answers it
UNIQUE_QUERY = 'p = p .. "%0A%23" .. tid .. "-" .. counter'


def lua_script(paths: list[str], unique: str | None = None, prefix: str = "zwgk-bench-") -> Path:
    """A wrk script requesting `paths` at random; `unique`: a Lua statement changing `p` per request."""
    f = Path(tempfile.mkstemp(suffix=".lua", prefix=prefix)[1])
    f.write_text(LUA % (",".join(json.dumps(p) for p in paths), unique or ""))
    return f


def run_wrk(port: int, script: Path, connections: int, seconds: int, accept: str) -> dict:
    """wrk's figures: req/s, p50 and p99 in ms, requests, non-2xx answers, socket errors."""
    out = subprocess.run(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
                          "--latency", "-s", str(script), "-H", f"Accept: {accept}", f"http://127.0.0.1:{port}/"],
                         capture_output=True, text=True, check=True).stdout

    def ms(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms(50), "p99": ms(99),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)), "bad": int(bad.group(1)) if bad else 0,
            "errors": errors.group(1) if errors else ""}


def wrk(port: int, pid: int, script: Path, connections: int, seconds: int, accept: str) -> dict:
    """`run_wrk`, with the server's CPU time per request."""
    return with_cpu(pid, lambda: run_wrk(port, script, connections, seconds, accept))


def with_cpu(pid: int, run) -> dict:
    """The figures `run()` gives, with the server's CPU time per request ("cpu_ms") meanwhile."""
    cpu = cpu_seconds(pid)
    r = run()
    r["cpu_ms"] = (cpu_seconds(pid) - cpu) / max(1, r["requests"]) * 1000
    return r


async def http_load(port: int, paths: list[str], connections: int, seconds: float, method: str,
                    headers: dict[str, str]) -> dict:
    """run_wrk's figures for `connections` keep-alive HTTP/1.1 connections requesting `paths` at random with
    `method` for `seconds`. wrk cannot measure HEAD: it reads the Content-Length of a HEAD answer (the GET's, as
    RFC 9110 wants) as a body still to come, and waits for it until its timeout."""
    import random
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    counts = {"bad": 0, "errors": 0}
    fields = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"127.0.0.1:{port}", **headers}.items())

    async def body(reader, head: bytes) -> None:
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        if length:
            await reader.readexactly(int(length.group(1)))
            return
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):   # chunked
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")

    async def connection(seed: int) -> None:
        pick = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                writer.write(f"{method} {pick.choice(paths)} HTTP/1.1\r\n{fields}\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                if method != "HEAD":
                    await body(reader, head)
                latencies.append(time.perf_counter() - t)
                counts["bad"] += int(head[9:12]) >= 400
        except (OSError, asyncio.IncompleteReadError, ValueError):
            counts["errors"] += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection(i * 7919) for i in range(connections)))
    cut = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"rps": len(latencies) / (time.perf_counter() - started), "p50": cut[49] * 1000, "p99": cut[98] * 1000,
            "requests": len(latencies), "bad": counts["bad"],
            "errors": f"{counts['errors']} connection(s) broke" if counts["errors"] else ""}


def sanity(zwgk_port: int, thin_port: int, item: str, query: str) -> None:
    """Both servers give the same answers before they are compared."""
    import pyoxigraph as ox
    graphs = []
    for port in (zwgk_port, thin_port):
        body = httpx.get(f"http://127.0.0.1:{port}{item}", headers={"Accept": "text/turtle"}).content
        graphs.append({str(t) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)})
    assert graphs[0] == graphs[1], f"the two servers describe {item} differently"
    rows = [httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": query},
                      headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
            for port in (zwgk_port, thin_port)]
    assert rows[0] == rows[1] and rows[0], "the two servers answer the query differently"


#: the item HTML page's variants measured against its plain GET: (name, method, extra request headers)
GZIP = {"Accept-Encoding": "gzip"}
VARIANTS = [("GET", "GET", {}), ("HEAD", "HEAD", {}), ("GET gzip", "GET", GZIP)]
ADDED_TARGET = 0.10   # issue 12: HEAD and gzip add < 10 % to the item page's figures


def variants_sanity(port: int, item: str) -> None:
    """zwgk answers the item page's HEAD with the GET's headers and no body, and its gzip GET compressed."""
    html = {"Accept": "text/html", "Accept-Encoding": "identity"}
    get = httpx.get(f"http://127.0.0.1:{port}{item}", headers=html)
    head = httpx.head(f"http://127.0.0.1:{port}{item}", headers=html)
    assert get.status_code == head.status_code == 200 and not head.content, "HEAD is not GET without its body"
    assert head.headers["content-length"] == str(len(get.content)), "HEAD and GET disagree on the length"
    with httpx.stream("GET", f"http://127.0.0.1:{port}{item}", headers={**html, **GZIP}) as r:
        assert r.headers.get("content-encoding") == "gzip", "the item page is not sent gzipped"


def variants(port: int, pid: int, paths: list[str], args) -> list[dict]:
    """Rounds of the item HTML page as plain GET, HEAD and gzip GET, back to back (the order turning each
    round), all three by `http_load` (wrk cannot do HEAD), after a warm-up of plain GETs (not counted: the
    page cache, shared by the three, would otherwise favour whichever comes later): per round, {variant name:
    figures}."""
    asyncio.run(http_load(port, paths, args.connections, args.seconds, "GET", {"Accept": "text/html"}))
    rounds = []
    for i in range(args.repeat):
        k = i % len(VARIANTS)
        got = {}
        for name, method, headers in VARIANTS[k:] + VARIANTS[:k]:
            load = http_load(port, paths, args.connections, args.seconds, method, {"Accept": "text/html", **headers})
            got[name] = with_cpu(pid, lambda: asyncio.run(load))
        rounds.append(got)
        print(f"  item as HTML, zwgk, HEAD and gzip (bench's own HTTP client) [{i + 1}]\n" +
              "\n".join(f"    {line(name, got[name])}" for name, _, _ in VARIANTS), flush=True)
    return rounds


def added(rounds: list[dict], name: str) -> tuple[float, float, float, float]:
    """A variant against the plain GET of the same rounds (medians): req/s ratio, p99 ratio, CPU ratio, and what
    it adds: the larger of the time per request (1/req/s) and the server CPU per request it adds, as a fraction.
    The p99 is shown, not judged: over a few seconds on a shared machine it moves by tens of per cent from one
    run of the same requests to the next, far more than the 10 % to be told apart."""
    rps = statistics.median(r[name]["rps"] / r["GET"]["rps"] for r in rounds)
    p99 = statistics.median(r[name]["p99"] / r["GET"]["p99"] for r in rounds)
    cpu = statistics.median(r[name]["cpu_ms"] / r["GET"]["cpu_ms"] for r in rounds)
    return rps, p99, cpu, max(1 / rps if rps else float("inf"), cpu) - 1


def line(name: str, r: dict) -> str:
    extra = (f"  NON-2xx {r['bad']}" if r["bad"] else "") + (f"  socket errors {r['errors']}" if r["errors"] else "")
    return (f"{name:8s} {r['rps']:8.0f} req/s  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  "
            f"server CPU {r['cpu_ms']:6.2f} ms/request{extra}")


def wait_for_search_index(store: Path, port: int, timeout: float = 1800) -> None:
    """zwgk builds its search index in a background thread the first time a build is searched, and keeps it on
    disk ({store}.search/VERSION.sqlite): start it with a search, and wait for it, so that its one-off cost is
    not measured as requests'."""
    folder = store.with_name(store.name + ".search")
    deadline = time.monotonic() + timeout
    if not any(folder.glob("*.sqlite")):
        print(f"  waiting for zwgk's search index of this build ({folder}, built once) …", flush=True)
        try:   # answered once the index is there, or with a 503 after 30 s while it is still being built
            httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "目录"}, timeout=60)
        except httpx.HTTPError:
            pass
    while time.monotonic() < deadline and not any(folder.glob("*.sqlite")):
        time.sleep(1)


def throughput(store: Path, dumps: Path, args) -> list[tuple]:
    zport, tport = free_port(), free_port()
    zwgk, thin = start_zwgk(store, dumps, zport), start_thin(store, tport)
    paths = item_paths(dumps)
    try:
        first_200(f"http://127.0.0.1:{zport}/sparql", zwgk, time.perf_counter(), "text/html")
        wait_for_search_index(store, zport)
        first_200(f"http://127.0.0.1:{tport}{paths[0]}", thin, time.perf_counter(), "text/turtle")
        agencies = [b["a"]["value"] for b in httpx.get(f"http://127.0.0.1:{tport}/sparql", params={"query": AGENCIES})
                    .json()["results"]["bindings"]]
        queries = ["/sparql?" + urlencode({"query": AGENCY_QUERY.format(agency=a)}) for a in agencies]
        sanity(zport, tport, paths[len(paths) // 3], AGENCY_QUERY.format(agency=agencies[len(agencies) // 2]))
        cells = [("SPARQL, unique query text (JSON)", lua_script(queries, UNIQUE_QUERY), "application/sparql-results+json"),
                 ("item as Turtle, random items", lua_script(paths), "text/turtle"),
                 ("item as HTML, random items", lua_script(paths), "text/html")]
        print(f"\n{len(paths)} items, {len(agencies)} agencies; wrk -t2 -c{args.connections}, {args.seconds} s per "
              f"figure, {args.repeat} round(s), zwgk and the thin app alternating", flush=True)
        results = []
        for name, script, accept in cells:
            runs = []
            for i in range(args.repeat):
                order = [("zwgk", zport, zwgk.pid), ("thin", tport, thin.pid)][:: 1 if i % 2 == 0 else -1]
                got = {who: wrk(port, pid, script, args.connections, args.seconds, accept) for who, port, pid in order}
                runs.append(got)
                print(f"  {name} [{i + 1}]\n    {line('zwgk', got['zwgk'])}\n    {line('thin', got['thin'])}", flush=True)
            rps = statistics.median(r["zwgk"]["rps"] / r["thin"]["rps"] for r in runs)
            p99 = statistics.median(r["zwgk"]["p99"] / r["thin"]["p99"] for r in runs)
            results.append((name, runs, rps, p99))
            script.unlink()
        variants_sanity(zport, paths[len(paths) // 3])
        rounds = variants(zport, zwgk.pid, paths, args)
        rss, pss = memory(zwgk.pid)
        trss, tpss = memory(thin.pid)
        print(f"  memory after the runs: zwgk RSS {rss:.0f} MB (with its query workers PSS {pss:.0f} MB); "
              f"thin app RSS {trss:.0f} MB")
        return results, rounds
    finally:
        stop(zwgk)
        stop(thin)


def startup(store: Path, dumps: Path) -> dict:
    item = item_paths(dumps)[0]
    query = "/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    out = {}
    for who in ("zwgk", "thin"):
        port = free_port()
        t = time.perf_counter()
        proc = start_zwgk(store, dumps, port) if who == "zwgk" else start_thin(store, port)
        try:
            page = first_200(f"http://127.0.0.1:{port}{item}", proc, t, "text/turtle")
            cpu = cpu_seconds(proc.pid)
            sparql = first_200(f"http://127.0.0.1:{port}{query}", proc, t, "application/sparql-results+json")
            with httpx.Client(timeout=120) as client:   # a short warm-up, then memory (cold disk: slow pages)
                for p in item_paths(dumps)[:: max(1, len(item_paths(dumps)) // 300)]:
                    client.get(f"http://127.0.0.1:{port}{p}", headers={"Accept": "text/html"})
            rss, pss = memory(proc.pid)
            out[who] = (page, sparql, rss, pss, cpu)
        finally:
            stop(proc)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=1000, help="catalogues in the throughput runs")
    ap.add_argument("--startup", type=int, nargs="*", default=[1000], help="sizes (catalogues) to time startup at")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=1, help="rounds per cell (ratios: the median)")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "zwgk-bench-serve")
    ap.add_argument("--no-throughput", action="store_true")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    sizes = sorted(set(args.startup) | ({args.copies} if not args.no_throughput else set()))
    built = {n: ensure_built(args.data, n) for n in sizes}
    results, rounds = ([], []) if args.no_throughput else throughput(*built[args.copies], args)
    starts = {n: startup(*built[n]) for n in args.startup}

    print(f"\nzwgk vs the thin FastAPI + pyoxigraph app, same store, {args.copies} catalogues, "
          f"concurrency {args.connections}")
    print(f"  {'':34s} {'zwgk req/s':>10s} {'thin req/s':>10s} {'ratio':>6s}   {'zwgk p99':>9s} {'thin p99':>9s} "
          f"{'ratio':>6s}   {'CPU ms/req zwgk/thin':>20s}   target >=0.8x, p99 <=1.5x")
    for name, runs, rps, p99 in results:
        z = statistics.median(r["zwgk"]["rps"] for r in runs)
        t = statistics.median(r["thin"]["rps"] for r in runs)
        zp = statistics.median(r["zwgk"]["p99"] for r in runs)
        tp = statistics.median(r["thin"]["p99"] for r in runs)
        zc = statistics.median(r["zwgk"]["cpu_ms"] for r in runs)
        tc = statistics.median(r["thin"]["cpu_ms"] for r in runs)
        ok = "ok" if rps >= 0.8 and p99 <= 1.5 else "MISSED"
        print(f"  {name:34s} {z:10.0f} {t:10.0f} {rps:5.2f}x   {zp:7.2f}ms {tp:7.2f}ms {p99:5.2f}x   "
              f"{zc:8.2f} / {tc:5.2f} ms   {ok}")
    if rounds:
        get = {k: statistics.median(r["GET"][k] for r in rounds) for k in ("rps", "p99", "cpu_ms")}
        print(f"\nzwgk's item as HTML: HEAD and Accept-Encoding: gzip against the plain GET of the same "
              f"{len(rounds)} round(s)")
        print(f"  {'plain GET':34s} {get['rps']:10.0f} req/s   p99 {get['p99']:7.2f}ms   "
              f"CPU {get['cpu_ms']:.2f} ms/req")
        verdict = []
        for name, _, _ in VARIANTS[1:]:
            rps, p99, cpu, more = added(rounds, name)
            print(f"  {name:34s} {rps:9.2f}x req/s   p99 {p99:5.2f}x     CPU {cpu:.2f}x   adds {more:+.1%}")
            verdict.append((name, more))
        ok = "ok" if all(more < ADDED_TARGET for _, more in verdict) else "MISSED"
        print(f"  HEAD/gzip add < {ADDED_TARGET:.0%}: {ok} (time or server CPU per request: " +
              ", ".join(f"{n} {m:+.1%}" for n, m in verdict) + "; p99 shown, not judged)")
    for n, s in starts.items():
        (zp, zs, zr, zpss, zc), (tp, ts, tr, tpss, tc) = s["zwgk"], s["thin"]
        ok = "ok" if max(zp, zs) < 2 else "MISSED"
        print(f"  startup at {n} catalogues: zwgk first 200 item {zp:.2f} s (CPU {zc:.2f} s), SPARQL {zs:.2f} s, "
              f"RSS {zr:.0f} MB (PSS with workers {zpss:.0f} MB); thin app {tp:.2f} s (CPU {tc:.2f} s) / {ts:.2f} s, "
              f"RSS {tr:.0f} MB   target < 2 s: {ok}")


if __name__ == "__main__":
    main()
