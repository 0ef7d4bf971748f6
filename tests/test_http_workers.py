"""`zwgk serve --http-workers N`: N processes answering on one port under uvicorn's supervisor. Tested on a real
server over the real catalogues: the workers really hold the listening socket, answer what a one-process server
answers, build the search index once (every worker's open index file is the file on disk, none a replaced one),
a worker killed is replaced, and stopping the server by its PID leaves no process behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from zwgk.server.settings import ServerSettings

from .servers import free_port, running_server

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc (Linux)")


def listening_inode(port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[1].rsplit(":", 1)[1] == f"{port:04X}" and f[3] == "0A":    # local port, state LISTEN
                return f[9]
    return None


def open_links(pid: int) -> list[str]:
    out = []
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                out.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                pass
    except OSError:
        pass
    return out


def children(pid: int) -> set[int]:
    """Every process below `pid` (children, grandchildren: the workers' query workers)."""
    parents: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            parents[int(d)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for c, pp in parents.items():
            if pp == p and c not in out:
                out.add(c)
                todo.append(c)
    return out


def workers(server_pid: int, port: int) -> set[int]:
    """The processes below the server that hold its listening socket (the parent binds it and holds it too)."""
    inode = listening_inode(port)
    return {p for p in children(server_pid) if f"socket:[{inode}]" in open_links(p)} if inode else set()


def wait_for(what, timeout: float = 60, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        got = what()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(step)


def server_pid(port: int) -> int:
    """The `zwgk serve` process listening on `port` (the supervisor): the test's own child."""
    inode = listening_inode(port)
    mine = children(os.getpid())
    return next(p for p in sorted(mine) if f"socket:[{inode}]" in open_links(p)
                and "zwgk.cli" in Path(f"/proc/{p}/cmdline").read_text())


def test_settings_travel_through_the_environment(monkeypatch):
    s = ServerSettings(host="0.0.0.0", port=9, base="http://example.org/x", store="/srv/store", query_timeout=2.5,
                       max_rows=7, query_workers=1, allow_service=True, page_size=20, access_log=None)
    for name, value in s.environment().items():
        monkeypatch.setenv(name, value)
    assert ServerSettings() == s
    s.access_log, s.allow_service = "/var/log/a.log", False
    for name, value in s.environment().items():
        monkeypatch.setenv(name, value)
    assert ServerSettings() == s


def test_zero_http_workers_is_refused(tmp_path):
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", "serve", "--http-workers", "0", "--no-build",
                        "--store", str(tmp_path / "s"), "--dumps", str(tmp_path / "d")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--http-workers must be 1 or more" in r.stderr


def test_two_http_workers_answer_like_one(served_build, server, tmp_path):
    settings, _ = served_build
    port = free_port()
    search_dir = tmp_path / "search"              # an index of its own: built by these workers, while they run
    paths = ["/", "/id/law/" + quote("国务院令第711号"), "/search?q=711", "/search?q=" + quote("医保") + "&page=2",
             "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")]
    accept = {"/id": "text/turtle", "/search": "application/json", "/sparql": "application/sparql-results+json",
              "/": "text/html"}                  # the first prefix that fits

    def get(base: str, path: str) -> tuple[int, bytes]:
        with httpx.Client(timeout=60) as c:      # a connection of its own: it may reach any worker
            r = c.get(base + path, headers={"Accept": next(v for k, v in accept.items() if path.startswith(k))})
            return r.status_code, r.content

    with running_server(settings.store, settings.dumps, port, "--http-workers", "2", "--base", settings.base,
                        "--query-workers", "1", env={"ZWGK_SEARCH_DIR": str(search_dir),
                                                     "ZWGK_PAGE_SIZE": "20"}) as base:
        sup = server_pid(port)
        both = wait_for(lambda: len(workers(sup, port)) == 2 and workers(sup, port))
        assert both and sup not in both, f"two worker processes hold the port (got {both})"
        # every request on a new connection, 8 at a time: the workers share them; each answer is the one-process
        # server's (the session's `server`, same store, same base)
        with ThreadPoolExecutor(8) as pool:
            want = {p: get(server, p) for p in paths}
            got = list(pool.map(lambda p: (p, get(base, p)), paths * 12))
        assert all(status == 200 for _, (status, _) in got), [(p, s) for p, (s, _) in got if s != 200]
        assert all(body == want[p][1] for p, (_, body) in got if not p.startswith("/sparql"))
        assert {body for p, (_, body) in got if p.startswith("/sparql")} == {want[paths[-1]][1]}
        # the search index was built once: each worker that opened it holds the file on disk, none a replaced one
        index = search_dir / next(iter(sorted(f.name for f in search_dir.glob("*.sqlite"))))
        def holders():
            held = [w for w in both if str(index.resolve()) in open_links(w)]
            if len(held) < 2:                 # one more search, on a new connection: it may reach the other
                get(base, "/search?q=" + quote("公开"))
            return held if len(held) == 2 else None
        holders = wait_for(holders, timeout=30, step=0.05)
        assert len(holders) == 2, "both workers searched"
        assert not [link for w in both for link in open_links(w) if "(deleted)" in link and ".sqlite" in link]
        assert sorted(f.name for f in search_dir.iterdir() if not f.name.startswith(".")) == [index.name]

        # a worker killed is replaced; the server answers throughout
        victim = min(both)
        its_own = children(victim)                        # its query worker
        assert its_own
        os.kill(victim, signal.SIGKILL)
        renewed = wait_for(lambda: (w := workers(sup, port)) and len(w) == 2 and victim not in w and w, timeout=60)
        assert renewed and victim not in renewed
        assert wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in its_own), timeout=20), \
            "a killed worker's query workers leave too"
        assert all(get(base, p)[0] == 200 for p in paths)
        below = children(sup)
        assert renewed <= below and len(below) >= 4      # two workers, a query worker each
    # stopped by its PID (running_server): nothing it started is left
    assert wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in below), timeout=20), \
        [p for p in below if Path(f"/proc/{p}").exists()]
