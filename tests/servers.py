"""Real servers for tests: `zwgk serve` started as a subprocess on a free 127.0.0.1 port, stopped by PID."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from zwgk.processes import die_with_parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_by_pid(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 15 s: always by the process's own PID, never by name."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


@contextmanager
def serving(args: list[str], base: str, log_path: Path, env: dict | None = None):
    """Run `zwgk serve ARGS`, wait until base/ answers 200 (60 s at most), yield, stop it by PID."""
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "zwgk.cli", "serve", *args], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})}, preexec_fn=die_with_parent)  # dies with the test
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer within 60 s; see {log_path}")
            time.sleep(0.2)
        yield base
    finally:
        stop_by_pid(proc)
        log.close()


@contextmanager
def running_server(store: Path, dumps: Path, port: int, *extra: str, env: dict | None = None):
    """Start `zwgk serve` on 127.0.0.1:port over an existing store; yield its base URL; stop it by PID."""
    base = f"http://127.0.0.1:{port}"
    with serving(["--host", "127.0.0.1", "--port", str(port), "--store", str(store), "--dumps", str(dumps),
                  "--no-build", *extra], base, store.parent / f"server-{port}.log", env) as url:
        yield url
