"""Benchmark `zwgk publish` and the remote store, against a real Virtuoso Open Source 7 started for the run
(tests/virtuoso.py: throw-away database, own ports, stopped at the end):

1. publish throughput (triples/s) for the four catalogues — through the Graph Store Protocol and through SPARQL
   Update — and for the synthetic set of N catalogues (bench/build.py's make_synthetic; Graph Store Protocol);
2. latency of the README's example queries (server/pages.py EXAMPLES), embedded vs Virtuoso, same run: through
   `zwgk serve` (what users see; every query text made unique so the server's result cache never answers) and
   directly on Virtuoso's own /sparql endpoint.

    python bench/publish.py [--copies 1000] [--repeat 15] [--skip-synthetic]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import make_synthetic  # noqa: E402
from tests.servers import free_port  # noqa: E402
from tests.virtuoso import running_virtuoso  # noqa: E402

PY = sys.executable
SECRET_ENV = "ZWGK_BENCH_VIRTUOSO_PASSWORD"


def build(var: Path, base: str, cats: Path | None = None, maps: Path | None = None) -> tuple[float, int]:
    args = [PY, "-m", "zwgk.cli", "build", "--base", base, "--store", str(var / "store"), "--dumps", str(var / "dumps")]
    if cats:
        args += ["--catalogues", str(cats), "--mappings", str(maps)]
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"build failed: {r.stderr[-2000:]}")
    manifest = json.loads((var / "dumps" / "manifest.json").read_text())
    return time.perf_counter() - t, manifest["store_quads"]


def publish(v, var: Path, gsp: bool, batch: int | None = None) -> dict:
    args = [PY, "-m", "zwgk.cli", "publish", "--store", str(var / "store"), "--dumps", str(var / "dumps"),
            "--endpoint", v.sparql, "--update-endpoint", v.sparql_auth, "--user", v.user, "--password-env", SECRET_ENV]
    if gsp:
        args += ["--graph-store", v.graph_store]
    if batch:
        args += ["--batch", str(batch)]
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, env={**os.environ, SECRET_ENV: v.password})
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"publish failed: {r.stderr[-2000:]}")
    last = r.stdout.strip().splitlines()[-1].split()
    triples = int(next(x for x in last if x.isdigit() and int(x) > 100))
    graphs = int(r.stdout.strip().splitlines()[-1].split("(")[1].split()[0])
    return {"seconds": dt, "triples": triples, "graphs": graphs, "rate": triples / dt}


class Server:
    def __init__(self, store: str, base: str, dumps: Path, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([PY, "-m", "zwgk.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                                      "--store", store, "--base", base, "--dumps", str(dumps), "--no-build"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.url + "/", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"server over {store} did not start")
            time.sleep(0.3)

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


def latency(url: str, query: str, repeat: int, graphs: list[str] | None = None) -> float:
    """Median milliseconds of `repeat` runs, each with a unique query text (no cache can answer it)."""
    times = []
    with httpx.Client(timeout=120) as c:
        for n in range(repeat + 1):
            params = [("query", f"{query}\n# run {n} {time.time_ns()}")]
            params += [("default-graph-uri", g) for g in graphs or []] + [("named-graph-uri", g) for g in graphs or []]
            t = time.perf_counter()
            r = c.post(url, content=urlencode(params), headers={"Accept": "application/sparql-results+json",
                                                                "Content-Type": "application/x-www-form-urlencoded"})
            dt = time.perf_counter() - t
            r.raise_for_status()
            if n:                       # the first run warms up
                times.append(dt * 1000)
    return statistics.median(times)


def query_latencies(v, var: Path, base: str, repeat: int) -> list[tuple]:
    from zwgk.server.pages import EXAMPLES
    from zwgk.server.remote import RemoteStore
    store = RemoteStore(v.sparql, base=base)
    scope = f"the {len(store.graphs)} published graphs" if store.scope else "the store's union graph"
    print(f"  (zwgk over Virtuoso queries {scope}; direct: the store's union graph)", flush=True)
    emb = Server(str(var / "store"), base, var / "dumps", free_port())
    rem = None
    rows = []
    try:
        rem = Server(v.sparql, base, var / "dumps", free_port())
        for title, q in EXAMPLES:
            q = q.format(ns=f"{base}/def/zwgk#", base=base)
            rows.append((title.split(" ", 1)[1] if " " in title else title,
                         latency(emb.url + "/sparql", q, repeat), latency(rem.url + "/sparql", q, repeat),
                         latency(v.sparql, q, repeat)))
    finally:
        emb.stop()
        if rem:
            rem.stop()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--skip-synthetic", action="store_true")
    a = ap.parse_args()
    base = "http://127.0.0.1:8000"
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-publish-") as tmp:
        tmp = Path(tmp)
        with running_virtuoso(tmp / "virtuoso") as v:
            print(f"Virtuoso {v.sparql} (pid {v.proc.pid})", flush=True)
            secs, quads = build(tmp / "four", base)
            print(f"\nfour catalogues: {quads} triples, built in {secs:.1f} s", flush=True)
            results = []
            for label, gsp, batch in (("SPARQL Update, 1,000 triples/request", False, None),
                                      ("Graph Store Protocol, 50,000 triples/request", True, None),
                                      ("Graph Store Protocol, again (replacing)", True, None)):
                r = publish(v, tmp / "four", gsp, batch)
                results.append(("four catalogues", label, r))
                print(f"  {label:48} {r['seconds']:7.2f} s  {r['rate']:10,.0f} triples/s", flush=True)
            print("\nquery latency, median ms (unique query texts, no cache), four catalogues:", flush=True)
            lat = query_latencies(v, tmp / "four", base, a.repeat)
            print(f"  {'query':40} {'embedded':>10} {'virtuoso via zwgk':>18} {'virtuoso direct':>16}")
            for title, e, r, d in lat:
                print(f"  {title[:40]:40} {e:10.1f} {r:18.1f} {d:16.1f}")
            if not a.skip_synthetic:
                cats, maps = make_synthetic(tmp / "syn", a.copies)
                secs, quads = build(tmp / "synvar", base, cats, maps)
                print(f"\n{a.copies} synthetic catalogues: {quads:,} triples, built in {secs:.1f} s", flush=True)
                for label in ("Graph Store Protocol, first publish", "Graph Store Protocol, again (replacing)"):
                    r = publish(v, tmp / "synvar", True)
                    print(f"  {label:48} {r['seconds']:7.2f} s  {r['rate']:10,.0f} triples/s  ({r['graphs']} graphs)",
                          flush=True)
                print(f"\nquery latency, median ms, {a.copies} catalogues:", flush=True)
                lat = query_latencies(v, tmp / "synvar", base, max(3, a.repeat // 3))
                print(f"  {'query':40} {'embedded':>10} {'virtuoso via zwgk':>18} {'virtuoso direct':>16}")
                for title, e, r, d in lat:
                    print(f"  {title[:40]:40} {e:10.1f} {r:18.1f} {d:16.1f}")


if __name__ == "__main__":
    main()
