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
