"""Benchmark the server: requests/s and p50/p99 latency at concurrency 8 and 32 for
  (a) a SPARQL SELECT of one agency's items, (b) an item as Turtle, (c) the same item as HTML,
and the same SPARQL query against rdflib-endpoint serving the same dump, in the same run, as a ratio.
Also the cost of the bare store lookup behind an item page, next to the page's own latency.

    python bench/serve.py [--seconds 10] [--connections 8 32]

Needs `wrk` (Debian package) as the load generator and `rdflib-endpoint` (pip) as the peer. Both servers
run on 127.0.0.1 and are stopped by PID at the end. Figures vary ±40% on shared machines: read ratios.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

AGENCY_QUERY = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?item ?name WHERE {{
  ?catalogue dct:publisher <{base}/id/agency/{agency}> .
  ?item dct:isPartOf ?catalogue ; dct:title ?name .
}} ORDER BY ?name"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


# Makes every request's query text unique (a trailing comment), so no result cache can answer it.
UNIQUE_QUERY_LUA = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23" .. tid .. "-" .. counter)
end
"""


def wrk(url: str, connections: int, seconds: int, accept: str, unique: bool = False) -> dict:
    script = []
    if unique:
        lua = Path(tempfile.gettempdir()) / "zwgk-unique-query.lua"
        lua.write_text(UNIQUE_QUERY_LUA)
        script = ["-s", str(lua)]
    out = subprocess.run(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          *script, "-H", f"Accept: {accept}", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(errors.group(1)) if errors else 0}


def row(label: str, c: int, r: dict) -> str:
    return (f"  {label:44s} c={c:<3d} {r['rps']:9.0f} req/s   p50 {r['p50']:7.2f} ms   p99 {r['p99']:7.2f} ms"
            + (f"   NON-2xx {r['non2xx']}" if r["non2xx"] else ""))


def store_lookup_cost(store_dir: Path, base: str, item_path: str, n: int = 2000) -> float:
    """Median-free mean of the bare lookup an item page needs (its triples, its parts', linked labels),
    in-process on an in-memory copy of the store, in ms."""
    code = f"""
import time, pyoxigraph as ox
from zwgk.server.store import EmbeddedStore
from zwgk.server.resources import concise_description
s = EmbeddedStore({str(store_dir)!r})
iri = {base + item_path!r}
concise_description(s, iri)
t = time.perf_counter()
for _ in range({n}):
    concise_description(s, iri)
print((time.perf_counter() - t) / {n} * 1000)
"""
    return float(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    ap.add_argument("--copies", type=int, default=0,
                    help="serve the synthetic set of N catalogues (bench/build.py) instead of the real four")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    rdflib_endpoint = shutil.which("rdflib-endpoint") or str(Path(PY).parent / "rdflib-endpoint")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        port, peer_port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        build = [PY, "-m", "zwgk.cli", "build", "--base", base, "--store", str(tmp / "store"), "--dumps", str(tmp / "dumps")]
        if args.copies:  # the synthetic set of bench/build.py: N catalogues made from the real four
            sys.path.insert(0, str(Path(__file__).parent))
            from build import make_synthetic
            cats, maps = make_synthetic(tmp / "synthetic", args.copies)
            build += ["--catalogues", str(cats), "--mappings", str(maps)]
        subprocess.run(build, check=True, capture_output=True)
        ours = subprocess.Popen([PY, "-m", "zwgk.cli", "serve", "--port", str(port), "--store", str(tmp / "store"),
                                 "--dumps", str(tmp / "dumps"), "--no-build"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        ttl = tmp / "zwgk.ttl"
        shutil.copy(tmp / "dumps" / "zwgk.ttl", ttl)
        peer = subprocess.Popen([rdflib_endpoint, "serve", str(ttl), "--host", "127.0.0.1", "--port", str(peer_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(base + "/", ours, timeout=600)
            wait_for(f"http://127.0.0.1:{peer_port}/?query=ASK%7B%7D", peer, timeout=900)  # rdflib-endpoint: SPARQL at /
            agency = "s00003-ningbo-yinzhou-ybj" if args.copies else "ningbo-yinzhou-ybj"
            query = AGENCY_QUERY.format(base=base, agency=agency)
            ours_q = base + "/sparql?" + urlencode({"query": query})
            peer_q = f"http://127.0.0.1:{peer_port}/?" + urlencode({"query": query})
            n_ours = len(httpx.get(ours_q, headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"])
            n_peer = len(httpx.get(peer_q, headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"])
            assert n_ours == n_peer == 18, (n_ours, n_peer)
            item_path = ("/id/item/s00003-yinzhou-ybj/" if args.copies else "/id/item/yinzhou-ybj/") + "领导信息"
            item = base + quote(item_path)
            print(f"zwgk server vs rdflib-endpoint, same dump ({ttl.stat().st_size} bytes Turtle), "
                  f"{args.seconds} s per figure, wrk -t2")
            for c in args.connections:
                print(f"\n-- concurrency {c}")
                a = wrk(ours_q, c, args.seconds, "application/sparql-results+json")
                u = wrk(ours_q, c, args.seconds, "application/sparql-results+json", unique=True)
                p = wrk(peer_q, c, args.seconds, "application/sparql-results+json", unique=True)
                b = wrk(item, c, args.seconds, "text/turtle")
                h = wrk(item, c, args.seconds, "text/html")
                print(row("(a) SPARQL SELECT one agency's items: zwgk", c, a))
                print(row("    same, every query text unique (no cache)", c, u))
                print(row("    same, unique texts: rdflib-endpoint", c, p))
                print(f"    ratio zwgk/rdflib-endpoint throughput: repeated query {a['rps'] / p['rps']:.1f}x, "
                      f"uncached {u['rps'] / p['rps']:.1f}x")
                print(row("(b) item page as Turtle", c, b))
                print(row("(c) item page as HTML", c, h))
            lookup = store_lookup_cost(tmp / "store", base, item_path)
            one = wrk(item, 1, max(3, args.seconds // 2), "text/turtle")
            print(f"\nbare store lookup behind an item page (in-process, in-memory): {lookup:.3f} ms")
            print(f"item page as Turtle over HTTP, concurrency 1, page cache on (default): p50 {one['p50']:.3f} ms "
                  f"= {one['p50'] / lookup:.1f}x the bare lookup")
            # the same with every page rendered afresh: lookup + negotiation + serialisation + HTTP
            port2 = free_port()
            fresh = subprocess.Popen([PY, "-m", "zwgk.cli", "serve", "--port", str(port2), "--base", base,
                                      "--store", str(tmp / "store"), "--dumps", str(tmp / "dumps"), "--no-build"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "ZWGK_PAGE_CACHE": "0", "ZWGK_QUERY_CACHE": "0"})
            try:
                wait_for(f"http://127.0.0.1:{port2}/", fresh, timeout=600)
                item2 = f"http://127.0.0.1:{port2}" + quote(item_path)
                one2 = wrk(item2, 1, max(3, args.seconds // 2), "text/turtle")
                print(f"item page as Turtle over HTTP, concurrency 1, page cache off: p50 {one2['p50']:.3f} ms "
                      f"= {one2['p50'] / lookup:.1f}x the bare lookup")
            finally:
                stop(fresh)
        finally:
            stop(ours)
            stop(peer)


if __name__ == "__main__":
    main()
