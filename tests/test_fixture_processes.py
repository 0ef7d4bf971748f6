"""The servers the tests start (Virtuoso, `zwgk serve`) die with the test process, however it dies: a test run
killed from outside (a time limit, SIGKILL) must not leave them running, holding ports and memory."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def alive(pid: int) -> bool:
    """A process that runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def killed_with_starter(script: str, tmp_path: Path) -> int:
    """Run `script` in a Python child (it prints the PID of the server it started, then sleeps), SIGKILL the child
    as soon as it has printed, and return the server's PID, once it is gone (or fail, after stopping it by PID)."""
    log = tmp_path / "starter.log"
    with open(log, "w") as err:
        starter = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=err,
                                   text=True)
        line = starter.stdout.readline()
        os.kill(starter.pid, signal.SIGKILL)
        starter.wait()
    assert line.strip().isdigit(), f"the starter printed no PID: {line!r} {log.read_text()[-2000:]}"
    pid = int(line)
    deadline = time.monotonic() + 20
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"the server (PID {pid}) outlived the test process that started it")
    return pid


def test_virtuoso_dies_with_the_test_process(tmp_path):
    from .virtuoso import VirtuosoUnavailable, ensure_installed
    try:
        ensure_installed()
    except VirtuosoUnavailable as e:
        pytest.fail(f"Virtuoso is required for this test: {e}")
    killed_with_starter(
        "import time; from pathlib import Path; from tests.virtuoso import start\n"
        f"v = start(Path({str(tmp_path / 'db')!r})); print(v.proc.pid, flush=True); time.sleep(600)", tmp_path)


def test_zwgk_serve_dies_with_the_test_process(built, tmp_path):
    settings, _ = built
    killed_with_starter(
        "import os, time; from pathlib import Path; from tests.servers import free_port, running_server\n"
        f"with running_server(Path({str(settings.store)!r}), Path({str(settings.dumps)!r}), free_port()):\n"
        "    print(Path(f'/proc/self/task/{os.getpid()}/children').read_text().split()[0], flush=True)\n"
        "    time.sleep(600)", tmp_path)
