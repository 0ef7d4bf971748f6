"""A real Virtuoso Open Source 7 for tests and benchmarks: installed if missing (Debian package
virtuoso-opensource-7), started on 127.0.0.1 with a temporary database directory and its own free ports,
waited for, and stopped by PID.

    with running_virtuoso(tmp_dir) as v:
        v.sparql        # http://127.0.0.1:PORT/sparql            (queries; updates once granted, see below)
        v.sparql_auth   # http://127.0.0.1:PORT/sparql-auth       (digest auth: user dba, password in v.password)
        v.graph_store   # http://127.0.0.1:PORT/sparql-graph-crud-auth

The database is a fresh one, so the administrator's password is Virtuoso's default ("dba"); it lives in this
throw-away instance only and is handed to the code under test through an environment variable, never a
command line.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zwgk.processes import die_with_parent

PACKAGE = "virtuoso-opensource-7"
BINARY = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
DEFAULT_INI = [Path("/etc/virtuoso-opensource-7/virtuoso.ini"), Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")]


class VirtuosoUnavailable(RuntimeError):
    pass


def ensure_installed() -> None:
    """Install the Debian package when the binary is missing; fail with a clear message if that is impossible."""
    if Path(BINARY).exists() and Path(ISQL).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise VirtuosoUnavailable(f"Virtuoso is not installed ({BINARY} missing) and cannot be installed here "
                                  f"(needs root and apt-get): run `apt-get install -y {PACKAGE}` or .ci/run")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", PACKAGE])
    for cmd in steps:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise VirtuosoUnavailable(f"installing {PACKAGE} failed ({' '.join(cmd)} exited {r.returncode}): "
                                      f"{(r.stderr or r.stdout).strip()[-800:]}")
    if not Path(BINARY).exists():
        raise VirtuosoUnavailable(f"{PACKAGE} was installed but {BINARY} is missing")


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_ini(directory: Path, sql_port: int, http_port: int, max_rows: int = 1_000_000) -> Path:
    """The packaged virtuoso.ini with every path moved into `directory` and the ports replaced."""
    src = next((p for p in DEFAULT_INI if p.exists()), None)
    if src is None:
        raise VirtuosoUnavailable(f"no packaged virtuoso.ini in {[str(p) for p in DEFAULT_INI]}")
    text = src.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{directory}/")
    section = None
    out = []
    for line in text.splitlines():
        m = re.match(r"\s*\[(.+)\]", line)
        if m:
            section = m.group(1)
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else None
        if section == "Parameters" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif section == "HTTPServer" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "URIQA" and key == "DefaultHost":
            line = f"DefaultHost = 127.0.0.1:{http_port}"
        elif section == "SPARQL" and key == "ResultSetMaxRows":
            line = f"ResultSetMaxRows = {max_rows}"
        elif section == "Parameters" and key in ("NumberOfBuffers", "MaxDirtyBuffers"):
            line = f"{key} = {170000 if key == 'NumberOfBuffers' else 130000}"   # ~1.3 GB of buffers
        elif section == "Parameters" and key == "DirsAllowed":
            line = f"DirsAllowed = ., {directory}"
        elif section == "HTTPServer" and key in ("ServerThreads", "MaxClientConnections"):
            line = f"{key} = 20"
        elif section == "Plugins" and key and key.startswith("Load"):
            line = ";" + line     # wiki hosting plugins: not needed
        out.append(line)
    ini = directory / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    return ini


@dataclass
class Virtuoso:
    http_port: int
    sql_port: int
    directory: Path
    proc: subprocess.Popen
    user: str = "dba"
    password: str = "dba"

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.root}/sparql"

    @property
    def sparql_auth(self) -> str:
        return f"{self.root}/sparql-auth"

    @property
    def graph_store(self) -> str:
        return f"{self.root}/sparql-graph-crud-auth"

    def isql(self, sql: str, timeout: float = 60) -> str:
        """Run SQL through isql (the password goes on isql's stdin-free argv of a local throw-away instance)."""
        r = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={sql}"],
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
            raise VirtuosoUnavailable(f"isql failed: {(r.stdout + r.stderr).strip()[-500:]}")
        return r.stdout

    def log(self) -> str:
        p = self.directory / "virtuoso.log"
        return p.read_text(errors="replace")[-3000:] if p.exists() else "(no log)"


def start(directory: Path, timeout: float = 90) -> Virtuoso:
    ensure_installed()
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    ini = write_ini(directory, sql_port, http_port)
    out = open(directory / "stdout.log", "w")
    # its own session (a Ctrl-C in the terminal is the test's to handle), and killed by the kernel when the test
    # process dies however it dies (a test run killed from outside would otherwise leave it running)
    proc = subprocess.Popen([BINARY, "+foreground", "+configfile", str(ini)], cwd=directory,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)
    v = Virtuoso(http_port, sql_port, directory, proc)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise VirtuosoUnavailable(f"virtuoso-t exited with {proc.returncode} while starting:\n{v.log()}")
        try:
            with urllib.request.urlopen(f"{v.sparql}?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop(v)
            raise VirtuosoUnavailable(f"Virtuoso did not answer on {v.sparql} within {timeout:g} s:\n{v.log()}")
        time.sleep(0.3)
    return v


def stop(v: Virtuoso) -> None:
    if v.proc.poll() is None:
        os.kill(v.proc.pid, signal.SIGTERM)
        try:
            v.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(v.proc.pid, signal.SIGKILL)
            v.proc.wait()


@contextmanager
def running_virtuoso(directory: Path):
    v = start(directory)
    try:
        yield v
    finally:
        stop(v)


def required_virtuoso(directory: Path):
    """A test module's Virtuoso (`yield from` it in a fixture): when it cannot start, the tests fail, never pass
    silently or skip (CI installs it)."""
    import pytest
    try:
        with running_virtuoso(directory) as v:
            yield v
    except VirtuosoUnavailable as e:
        pytest.fail(f"Virtuoso is required for these tests and could not be started: {e}")
