"""The README's main command path: `zwgk serve --rebuild` builds from catalogues/ and serves, with every
minted IRI under the server's own base."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import httpx

from .servers import free_port


def test_serve_rebuild_builds_then_serves(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "zwgk.cli", "serve", "--rebuild", "--port", str(port),
                             "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "dumps")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        r = httpx.get(base + quote("/id/law/国务院令第711号"), headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and base + "/id/law/" in r.text
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    assert "building first" in out and f"open {base}/" in out


def test_query_and_serve_find_the_store_below_zwgk_var(built, tmp_path):
    """`zwgk build`, `validate` and `coverage` put and find the store and dumps below ZWGK_VAR; `zwgk query`
    and `zwgk serve` did not (they looked in ./var and said "no store", or built a second one there)."""
    settings, _ = built
    env = {k: v for k, v in os.environ.items() if k not in ("ZWGK_STORE", "ZWGK_DUMPS")}
    env["ZWGK_VAR"] = str(settings.var)
    query = subprocess.run([sys.executable, "-m", "zwgk.cli", "query", "--format", "csv",
                            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.split()[-1]) > 1000
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "zwgk.cli", "serve", "--no-build", "--port", str(port),
                             "--base", settings.base], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, r = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert r is not None and r.status_code == 200 and r.json()["boolean"] is True
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=20)
    assert not (tmp_path / "var").exists()


def test_a_store_built_for_another_base_is_rebuilt_from_its_own_catalogues(tmp_path, capsys):
    """`zwgk serve` over a store built for another base builds it again from the catalogues and mappings it was
    built from (its manifest's sources), not from the project's catalogues/ (a store of one catalogue of the
    user's was rebuilt as the four shipped ones: the user's data gone). When those folders are gone, it says so
    and builds nothing."""
    import json
    import shutil
    from pathlib import Path

    from zwgk.build import build
    from zwgk.config import Settings
    from zwgk.serve import ensure_built
    project = Path(__file__).resolve().parents[1]
    cats, maps = tmp_path / "mine", tmp_path / "mymaps"
    cats.mkdir()
    maps.mkdir()
    shutil.copy(project / "catalogues" / "000_beb97e4d7e9a21fa.txt", cats)
    shutil.copy(project / "mappings" / "catalogues" / "yinzhou-ybj.yaml", maps)
    var = tmp_path / "var"
    settings = Settings(base="http://127.0.0.1:8001", var=var, catalogues=cats, mappings=maps)
    build(settings, progress=lambda msg: None)
    store, dumps = Path(settings.store), Path(settings.dumps)
    assert ensure_built("http://127.0.0.1:8002", store, dumps) == 0
    manifest = json.loads((dumps / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base"] == "http://127.0.0.1:8002"
    assert [c["id"] for c in manifest["catalogues"]] == ["yinzhou-ybj"]
    assert f"building first from {cats.resolve()}" in capsys.readouterr().err
    shutil.rmtree(cats)
    assert ensure_built("http://127.0.0.1:8003", store, dumps) == 1
    assert "the folders it was built from are gone" in capsys.readouterr().err
    assert json.loads((dumps / "manifest.json").read_text(encoding="utf-8"))["base"] == "http://127.0.0.1:8002"
