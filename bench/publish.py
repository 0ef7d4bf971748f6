"""Benchmark `zwgk publish` and the remote store, against real Virtuoso Open Source 7 instances started for the
run (tests/virtuoso.py: throw-away databases, own ports, stopped at the end):

1. publish throughput (triples/s) for the four catalogues — through the Graph Store Protocol (one stream and
   parallel streams) and through SPARQL Update;
2. the synthetic set of N catalogues (bench/build.py's make_synthetic; --copies 1000 is ~1.45M triples), next
   to the peer measured in the same run: Virtuoso's own bulk loader (ld_dir + the same number of parallel
   rdf_loader_run + checkpoint) on the same N-Quads, already split into plain files of the size zwgk writes, in
   a fresh instance of its own. Then `zwgk publish --bulk-dir` end to end (a fresh instance: process start,
   reading the dump, writing the files, loading, checkpoint, counts read back, the record), again with nothing
   changed, again with one catalogue changed (its gzip member only, as `zwgk build` leaves the dump), and --full
   back to the first build (every graph loaded over what the store holds; the changed catalogue's graph, which
   then holds more triples than the build's, cleared and loaded again). Under each publish, the steps zwgk
   publish reports (seconds from its own start, after the process's imports);
3. latency of the README's example queries (server/pages.py EXAMPLES), embedded vs Virtuoso, same run: through
   `zwgk serve` (what users see; every query text made unique so the server's result cache never answers) and
   directly on Virtuoso's own /sparql endpoint.

    python bench/publish.py [--copies 1000] [--parallel 2] [--repeat 15] [--skip-synthetic] [--skip-latency]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
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
from tests.virtuoso import ISQL, running_virtuoso  # noqa: E402

PY = sys.executable
SECRET_ENV = "ZWGK_BENCH_VIRTUOSO_PASSWORD"
BASE = "http://127.0.0.1:8000"


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


def publish(v, var: Path, gsp: bool = False, batch: int | None = None, *extra: str, dumps: Path | None = None) -> dict:
    args = [PY, "-m", "zwgk.cli", "publish", "--store", str(var / "store"), "--dumps", str(dumps or var / "dumps"),
            "--base", BASE, "--endpoint", v.sparql, "--update-endpoint", v.sparql_auth, "--user", v.user,
            "--password-env", SECRET_ENV, *extra]
    if gsp:
        args += ["--graph-store", v.graph_store]
    if batch:
        args += ["--batch", str(batch)]
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, env={**os.environ, SECRET_ENV: v.password})
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"publish failed: {r.stderr[-2000:]}")
    last = r.stdout.strip().splitlines()[-1]
    graphs, unchanged = (int(x) for x in re.search(r"\((\d+) graphs, (\d+) unchanged", last).groups())
    sent = int(re.search(r"(\d+) triples sent", last).group(1))
    steps = re.search(r"steps, seconds from the start: (.*)", r.stderr)
    return {"seconds": dt, "triples": sent, "graphs": graphs, "unchanged": unchanged, "rate": sent / dt,
            "steps": steps.group(1) if steps else ""}


def bare_bulk_load(v, dumps: Path, parallel: int) -> dict:
    """The peer: Virtuoso's bulk loader on the same N-Quads (split beforehand into plain files of the size zwgk
    writes, zwgk.publish.bulk.BULK_FILE_TRIPLES lines, so that `parallel` loaders share them), then a checkpoint. Only
    the load and the checkpoint are timed."""
    from zwgk.publish.bulk import BULK_FILE_TRIPLES
    directory = v.directory / "peer"
    directory.mkdir()
    lines = gzip.decompress((dumps / "zwgk.nq.gz").read_bytes()).splitlines(keepends=True)
    per = BULK_FILE_TRIPLES
    for n, i in enumerate(range(0, len(lines), per)):
        (directory / f"part-{n:05d}.nq").write_bytes(b"".join(lines[i:i + per]))
    v.isql(f"ld_dir('{directory}', '*.nq', 'urn:unused');")
    t = time.perf_counter()
    procs = [subprocess.Popen([ISQL, f"127.0.0.1:{v.sql_port}", v.user, v.password, "exec=rdf_loader_run();"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(parallel)]
    for p in procs:
        p.wait()
    v.isql("checkpoint;")
    dt = time.perf_counter() - t
    return {"seconds": dt, "triples": len(lines), "rate": len(lines) / dt}


def one_catalogue_changed(var: Path, dest: Path, catalogue: str) -> Path:
    """A copy of the dumps in which one catalogue's graph has one triple more, as `zwgk build` leaves them after
    that catalogue changed: zwgk.nq.gz is the build's parts, one gzip member each, concatenated, so only that
    catalogue's member is new (the others are the same bytes), manifest.json vouches for the new file, and the
    index of its members (zwgk.nquads.NQ_INDEX) describes it, when the build wrote one."""
    from zwgk.nquads import NQ_INDEX, index_of
    from zwgk.publish.dump import inflate_whole, skip_padding
    dest.mkdir(parents=True, exist_ok=True)
    data = (var / "dumps" / "zwgk.nq.gz").read_bytes()
    g = f"{BASE}/id/catalogue/{catalogue}"
    suffix = f" <{g}> .\n".encode()
    extra = f'<{g}> <http://purl.org/dc/terms/description> "bench" <{g}> .\n'.encode()
    out, texts, pos, mv = [], [], 0, memoryview(data)
    while pos < len(data):
        text, end = inflate_whole(mv, pos, len(data))
        at = text.find(suffix)
        if at >= 0:                             # the catalogue's member: the triple at the start of its graph's run
            first = text.rfind(b"\n", 0, at) + 1
            text = text[:first] + extra + text[first:]
            out.append(gzip.compress(text, mtime=0))
        else:
            out.append(data[pos:end])
        texts.append(text)
        pos = skip_padding(data, end, len(data))
    new = b"".join(out)
    (dest / "zwgk.nq.gz").write_bytes(new)
    if (var / "dumps" / NQ_INDEX).is_file():
        (dest / NQ_INDEX).write_bytes(index_of(out, texts))
    manifest = json.loads((var / "dumps" / "manifest.json").read_text())
    manifest["store_quads"] += 1
    for f in manifest["files"]:
        if f["path"] == "zwgk.nq.gz":
            f.update(bytes=len(new), sha256=hashlib.sha256(new).hexdigest(), quads=f.get("quads", 0) + 1)
    (dest / "manifest.json").write_text(json.dumps(manifest))
    return dest


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
            from zwgk.uris import URIs
            q = q.format(ns=URIs(base).ns, base=base, vocab=URIs(base).vocab)
            rows.append((title.split(" ", 1)[1] if " " in title else title,
                         latency(emb.url + "/sparql", q, repeat), latency(rem.url + "/sparql", q, repeat),
                         latency(v.sparql, q, repeat)))
    finally:
        emb.stop()
        if rem:
            rem.stop()
    return rows


def show(label: str, r: dict, peer: dict | None = None) -> None:
    ratio = f"  {r['rate'] / peer['rate']:5.2f}× the bare loader" if peer and r["triples"] else ""
    extra = f"  ({r['graphs']} graphs, {r['unchanged']} unchanged)" if "graphs" in r else ""
    print(f"  {label:52} {r['seconds']:7.2f} s  {r['triples']:>9,} triples  {r['rate']:10,.0f} triples/s{ratio}{extra}",
          flush=True)
    if r.get("steps"):       # zwgk publish's own steps (from its start, not the process's): where the time went
        print(f"  {'':52}   steps: {r['steps']}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--parallel", type=int, default=2, help="bulk loaders (zwgk publish --parallel and the peer)")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    a = ap.parse_args()
    base = BASE
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-publish-") as tmp:
        tmp = Path(tmp)
        with running_virtuoso(tmp / "virtuoso") as v:
            print(f"Virtuoso {v.sparql} (pid {v.proc.pid})", flush=True)
            secs, quads = build(tmp / "four", base)
            print(f"\nfour catalogues: {quads} triples, built in {secs:.1f} s", flush=True)
            for label, gsp, extra in (("SPARQL Update, 1,000 triples/request", False, ()),
                                      ("Graph Store Protocol, 1 stream", True, ("--full", "--parallel", "1")),
                                      ("Graph Store Protocol, 4 parallel streams", True, ("--full", "--parallel", "4")),
                                      ("again, nothing changed", True, ())):
                show(label, publish(v, tmp / "four", gsp, None, *extra))
            if not a.skip_latency:
                print("\nquery latency, median ms (unique query texts, no cache), four catalogues:", flush=True)
                lat = query_latencies(v, tmp / "four", base, a.repeat)
                print(f"  {'query':40} {'embedded':>10} {'virtuoso via zwgk':>18} {'virtuoso direct':>16}")
                for title, e, r, d in lat:
                    print(f"  {title[:40]:40} {e:10.1f} {r:18.1f} {d:16.1f}")
        if a.skip_synthetic:
            return
        cats, maps = make_synthetic(tmp / "syn", a.copies)
        secs, quads = build(tmp / "synvar", base, cats, maps)
        print(f"\n{a.copies} synthetic catalogues: {quads:,} triples, built in {secs:.1f} s; "
              f"{a.parallel} loader(s)", flush=True)
        with running_virtuoso(tmp / "virtuoso-peer") as v:
            peer = bare_bulk_load(v, tmp / "synvar" / "dumps", a.parallel)
            show("peer: Virtuoso's bulk loader alone (fresh instance)", peer)
        with running_virtuoso(tmp / "virtuoso-zwgk") as v:
            bulk = v.directory / "bulk"
            bulk.mkdir()
            opts = ("--bulk-dir", str(bulk), "--parallel", str(a.parallel))
            show("zwgk publish --bulk-dir, first (fresh instance)", publish(v, tmp / "synvar", False, None, *opts),
                 peer)
            show("zwgk publish --bulk-dir, nothing changed", publish(v, tmp / "synvar", False, None, *opts), peer)
            changed = one_catalogue_changed(tmp / "synvar", tmp / "changed", "s00000-city-ybj")
            show("zwgk publish --bulk-dir, one catalogue changed",
                 publish(v, tmp / "synvar", False, None, *opts, dumps=changed), peer)
            show("zwgk publish --bulk-dir --full (load over, reload)",
                 publish(v, tmp / "synvar", False, None, *opts, "--full"), peer)
            if not a.skip_latency:
                print(f"\nquery latency, median ms, {a.copies} catalogues:", flush=True)
                lat = query_latencies(v, tmp / "synvar", base, max(3, a.repeat // 3))
                print(f"  {'query':40} {'embedded':>10} {'virtuoso via zwgk':>18} {'virtuoso direct':>16}")
                for title, e, r, d in lat:
                    print(f"  {title[:40]:40} {e:10.1f} {r:18.1f} {d:16.1f}")


if __name__ == "__main__":
    main()
