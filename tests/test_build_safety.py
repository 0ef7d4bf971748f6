"""Builds under hostile conditions: two builds at once, a build killed with SIGKILL, a full disk (a real
tmpfs) and a file size limit; and the security headers of the server's responses.

Builds run as real `zwgk build` subprocesses, paused, resumed and killed by their own PID."""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from zwgk.config import PROJECT_DIR

from .test_bad_input import good_folders

CATALOGUES, MAPPINGS = PROJECT_DIR / "catalogues", PROJECT_DIR / "mappings" / "catalogues"


def build_cmd(var: Path, catalogues: Path, mappings: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(catalogues), "--mappings", str(mappings),
            "--store", str(var / "store"), "--dumps", str(var / "dumps"), *extra]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def start(cmd: list[str], log: Path) -> subprocess.Popen:
    with open(log, "w") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    """Kill a process we started, by its PID, if it is still there (resuming it first if it was paused)."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGCONT)
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def poll(condition, timeout: float = 30, every: float = 0.005, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)
    return value


def files(directory: Path) -> dict[str, str]:
    """Every file under a directory → its SHA-256."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def quads(store: Path) -> int:
    return len(ox.Store.read_only(str(store)))


def leftovers(var: Path, wait: float = 30) -> list[str]:
    """What builds left beside the store and dumps. The last build's copy is removed by a process of its own
    after the build returns (`.{name}.trash-{its pid}-…`): waited for while such a process lives."""
    deadline = time.monotonic() + wait
    while True:
        names = sorted(p.name for p in var.iterdir()
                       if ".building-" in p.name or ".trash-" in p.name or p.name.endswith((".lock", ".old")))
        removing = [n for n in names if (m := re.search(r"\.trash-(\d+)-", n)) and int(m.group(1)) != os.getpid()
                    and Path(f"/proc/{m.group(1)}").exists()]
        if not removing or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("zwgk build: ")]


def dead_pid() -> int:
    """The PID of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A folder with one good catalogue, its mapping and their build: built once for the module."""
    root = tmp_path_factory.mktemp("one")
    cats, maps = good_folders(root, "c", "m")
    first = run(build_cmd(root / "var", cats, maps))
    assert first.returncode == 0, first.stderr
    return root


@pytest.fixture
def one(built_once, tmp_path):
    """A folder with one good catalogue and its mapping, built once (a copy of the module's build, made
    elsewhere): (var, catalogues, mappings)."""
    shutil.copytree(built_once, tmp_path, dirs_exist_ok=True, symlinks=True)
    return tmp_path / "var", tmp_path / "c", tmp_path / "m"


# -- 1. one build at a time ---------------------------------------------------------------------------

def test_a_second_build_is_refused_while_one_runs_and_waits_with_wait(tmp_path):
    cats, maps = good_folders(tmp_path, "c", "m")
    var = tmp_path / "var"
    lock = var / "store.lock"
    first = start(build_cmd(var, cats, maps), tmp_path / "first.log")
    waiting = None
    try:
        # the first build holds the lock from before it reads a catalogue: pause it there, by its PID
        poll(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), what="the lock file")
        os.kill(first.pid, signal.SIGSTOP)

        t0 = time.monotonic()
        second = run(build_cmd(var, cats, maps))
        assert second.returncode == 1
        assert error_lines(second.stderr) == [
            f"zwgk build: error: another build of {var / 'store'} is running (pid {first.pid}); "
            f"wait for it (zwgk build --wait) or stop it"]
        assert time.monotonic() - t0 < 15, "the second build was not refused at once"

        # `zwgk serve` builds first when there is no store yet: through the same lock
        serve = run([sys.executable, "-m", "zwgk.cli", "serve", "--port", "1", "--store", str(var / "store"),
                     "--dumps", str(var / "dumps")])
        assert serve.returncode == 1
        assert f"another build of {var / 'store'} is running (pid {first.pid})" in serve.stderr

        waiting = start(build_cmd(var, cats, maps, "--wait"), tmp_path / "waiting.log")
        poll(lambda: "waiting for the build" in (tmp_path / "waiting.log").read_text(), what="--wait to wait")
        assert f"by pid {first.pid}" in (tmp_path / "waiting.log").read_text()
        assert waiting.poll() is None
        os.kill(first.pid, signal.SIGCONT)
        assert first.wait(timeout=60) == 0, (tmp_path / "first.log").read_text()
        assert waiting.wait(timeout=60) == 0, (tmp_path / "waiting.log").read_text()
    finally:
        stop(first)
        if waiting is not None:
            stop(waiting)
    assert quads(var / "store") > 1000
    assert leftovers(var) == [], "a finished build leaves no lock file or staging directory"


# -- 2. leftovers of killed builds -----------------------------------------------------------------------

def loader_alive(staged_store: Path) -> bool:
    """Whether a process (the store loader of a build) has the staging store on its command line."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(staged_store).encode() in cmdline.read_bytes():
                return True
        except OSError:
            pass
    return False


def test_a_build_killed_midway_keeps_the_last_build_and_the_next_build_cleans_up(tmp_path):
    var = tmp_path / "var"
    first = run(build_cmd(var, CATALOGUES, MAPPINGS))
    assert first.returncode == 0, first.stderr
    dumps_before, quads_before = files(var / "dumps"), quads(var / "store")
    shutil.copytree(var / "dumps", tmp_path / "dumps-before")

    for attempt in range(5):  # the window between staging and swapping is short: try again if we missed it
        # --full: a build with nothing changed would leave the last build as it is, with no staging to catch
        proc = start(build_cmd(var, CATALOGUES, MAPPINGS, "--full"), tmp_path / f"killed-{attempt}.log")
        staged_store, staged_dumps = var / f".store.building-{proc.pid}", var / f".dumps.building-{proc.pid}"
        try:
            poll(lambda: (staged_store.exists() and staged_dumps.exists()) or proc.poll() is not None,
                 what="the staging directories")
            os.kill(proc.pid, signal.SIGSTOP)
            midway = staged_store.exists() and staged_dumps.exists()
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            stop(proc)
        if midway:
            break
    else:
        pytest.fail("could not catch a build between staging and swapping")
    assert proc.returncode == -signal.SIGKILL
    # the killed build's store loader died with it (it would otherwise go on writing the staging store)
    poll(lambda: not loader_alive(staged_store), timeout=10, every=0.05, what="the loader to die")
    # what is served is untouched; the catalogue parts (the build's cache, not served) may be in the staging
    # directory, moved there by the killed build: the next build puts them back, and re-mints nothing
    served = lambda d: {k: v for k, v in files(d).items() if not k.startswith(".parts/")}  # noqa: E731
    assert served(var / "dumps") == served(tmp_path / "dumps-before"), "a killed build changed the last good dumps"
    assert quads(var / "store") == quads_before
    assert leftovers(var) == sorted([staged_dumps.name, staged_store.name, "store.lock"])
    moved = not (var / "dumps" / ".parts" / "catalogue").exists()

    after = run(build_cmd(var, CATALOGUES, MAPPINGS))
    assert after.returncode == 0, after.stderr
    assert f"removing {staged_store}, left by a build that did not finish" in after.stderr
    assert ("putting back the catalogue parts" in after.stderr) == moved
    assert "minted 0 of" in after.stdout + after.stderr, "the parts were lost: the next build minted again"
    assert leftovers(var) == []
    assert quads(var / "store") == quads_before
    assert files(var / "dumps").keys() == dumps_before.keys()
    assert {k: v for k, v in files(var / "dumps").items() if k.startswith(".parts/catalogue/")} == \
        {k: v for k, v in dumps_before.items() if k.startswith(".parts/catalogue/")}


def test_stale_staging_directories_are_removed_and_live_ones_kept(one):
    var, cats, maps = one
    gone = dead_pid()
    stale = [var / f".store.building-{gone}", var / f".dumps.building-{gone}", var / ".store.building-1",
             var / f".dumps.trash-{gone}-0a1b2c3d"]     # the last build's copy a stopped process was removing
    for d in stale:
        (d / "sub").mkdir(parents=True)
        (d / "sub" / "x.sst").write_bytes(b"\0" * 1000)
    # a dump staging directory of a live process (a build of another store writing the same dumps) stays
    live = var / f".dumps.building-{os.getpid()}"
    live.mkdir()
    removing = var / f".store.trash-{os.getpid()}-0a1b2c3d"   # … and one a live process is removing
    removing.mkdir()
    (var / "store.lock").write_text(f"{gone}\n")  # what a killed build leaves: a lock file nobody holds
    proc = run(build_cmd(var, cats, maps, "--full"))
    assert proc.returncode == 0, proc.stderr
    assert not any(d.exists() for d in stale)
    assert live.is_dir() and removing.is_dir()
    assert leftovers(var) == sorted([live.name, removing.name])   # (the build's own last copies are gone)


def test_the_last_copy_being_removed_always_names_a_live_process(tmp_path):
    """Right after a build that swapped in a new store returns, its last copy is named after the live process
    removing it (or gone), never after the build that has ended: a next build would take that copy for one whose
    remover was stopped, and this suite for a leftover (the remover used to rename it itself once started)."""
    for attempt in range(3):
        var = tmp_path / f"v{attempt}"
        (var / "store").mkdir(parents=True)
        (var / "new").mkdir()
        for i in range(2000):               # enough files that removing them takes a while
            (var / "store" / f"{i}.sst").write_bytes(b"x")
        code = ("import sys; from pathlib import Path; from zwgk.staging import swap_in; "
                "swap_in(Path(sys.argv[1]) / 'new', Path(sys.argv[1]) / 'store')")
        assert subprocess.run([sys.executable, "-c", code, str(var)], cwd=PROJECT_DIR).returncode == 0
        for d in var.iterdir():
            if m := re.fullmatch(r"\.store\.trash-(\d+)-[0-9a-f]+", d.name):
                assert Path(f"/proc/{m.group(1)}").exists() or not d.exists(), d.name
        assert (var / "store").is_dir() and not (var / "new").exists()
        assert leftovers(var) == []


def test_a_swap_cut_short_is_put_back(one):
    """A build killed between the two renames of its swap left `store.old` and no `store`: the next build
    puts it back before anything else, so even a build that then fails leaves the last good store."""
    var, cats, maps = one
    quads_before, dumps_before = quads(var / "store"), files(var / "dumps")
    os.replace(var / "store", var / "store.old")
    (var / "dumps.old").mkdir()  # and a stale copy beside a complete dumps directory goes
    (maps / "broken.yaml").write_text("catalogue: {id: x, source: nowhere.txt}\n", encoding="utf-8")
    proc = run(build_cmd(var, cats, maps))
    assert proc.returncode == 1
    assert f"putting back {var / 'store'} from {var / 'store.old'}" in proc.stderr
    assert "previous store and dumps are kept" in proc.stderr
    assert quads(var / "store") == quads_before
    assert files(var / "dumps") == dumps_before
    assert leftovers(var) == []


# -- 3. a full disk -------------------------------------------------------------------------------------

@contextmanager
def tmpfs(directory: Path, size: str):
    directory.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the file size limit test covers this")
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=True)


def test_a_full_disk_is_a_one_line_error_and_keeps_the_last_build(tmp_path):
    with tmpfs(tmp_path / "disk", "6m") as disk:
        cats, maps = good_folders(tmp_path, "c", "m")
        var = disk / "var"
        first = run(build_cmd(var, cats, maps))
        assert first.returncode == 0, first.stderr
        dumps_before, quads_before = files(var / "dumps"), quads(var / "store")
        st = os.statvfs(disk)
        filler = disk / "filler"
        filler.write_bytes(b"\0" * (st.f_bavail * st.f_frsize - 64 * 1024))  # leave 64 KiB

        proc = run(build_cmd(var, cats, maps, "--full"))   # (with nothing changed, nothing would be written)
        assert proc.returncode == 1
        lines = error_lines(proc.stderr)
        assert len(lines) == 1, proc.stderr
        assert re.fullmatch(r"zwgk build: error: no space left on device while writing the (dumps|store) "
                            r"in .*/\.(dumps|store)\.building-\d+ \(.*No space left on device\); "
                            r"free space and build again; the last good store and dumps are kept", lines[0]), lines[0]
        assert files(var / "dumps") == dumps_before, "a failed build changed the last good dumps"
        assert quads(var / "store") == quads_before
        assert leftovers(var) == [], "staging directories or the lock file left behind"

        filler.unlink()  # space again: the next build goes through
        again = run(build_cmd(var, cats, maps))
        assert again.returncode == 0, again.stderr


def test_a_file_size_limit_is_reported_like_a_full_disk(one):
    """Writes beyond RLIMIT_FSIZE fail with EFBIG (Python ignores SIGXFSZ), as a quota or a full disk would."""
    var, cats, maps = one
    dumps_before, quads_before = files(var / "dumps"), quads(var / "store")

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))
    proc = run(build_cmd(var, cats, maps, "--full"), preexec_fn=limit_file_size)
    assert proc.returncode == 1
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert re.match(r"zwgk build: error: file too large while writing the (dumps|store) "
                    r"in .*/\.(dumps|store)\.building-\d+ \(.*File too large\): "
                    r"a file size limit \(ulimit -f\) was reached", lines[0]), lines[0]
    assert lines[0].endswith("; the last good store and dumps are kept")
    assert files(var / "dumps") == dumps_before
    assert quads(var / "store") == quads_before
    assert leftovers(var) == []


# -- 4. security headers ---------------------------------------------------------------------------------

HTML_PATHS = ["/", "/sparql", "/search?q=%E5%B9%B4%E5%BA%A6", "/id/catalogue/city-ybj", "/vocab/def/zwgk", "/dumps/",
              "/source/catalogues/000_beb97e4d7e9a21fa.txt", "/no/such/page"]
OTHER_PATHS = ["/static/style.css", "/dumps/items.csv", "/openapi.json", "/context.jsonld",
               "/sparql?query=ASK%7B%7D&format=json", "/id/catalogue/city-ybj.ttl"]


def directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


@pytest.mark.parametrize("path", HTML_PATHS)
def test_html_pages_send_a_strict_content_security_policy(server, path):
    r = httpx.get(server + path, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = directives(r.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"] and "script-src" not in csp and "style-src" not in csp
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # nothing inline that the policy would block: scripts (the SPARQL editor) only from our /static/
    scripts = re.findall(r"<script\b([^>]*)>", r.text)
    assert all(re.search(r'\bsrc="/static/[^"]+"', attrs) for attrs in scripts), scripts
    assert " style=" not in r.text and "<style" not in r.text


@pytest.mark.parametrize("path", OTHER_PATHS)
def test_every_response_says_nosniff(server, path):
    r = httpx.get(server + path)
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_the_api_page_may_run_exactly_swagger_ui(server):
    r = httpx.get(server + "/api")
    assert r.status_code == 200
    csp = directives(r.headers["content-security-policy"])
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert inline, "FastAPI's Swagger UI page starts it with an inline script"
    import base64
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    for url in re.findall(r'<script src="([^"]+)"', r.text):    # served by zwgk itself: works offline
        assert url.startswith("/"), url
    assert all(s == "'self'" or s.startswith("'sha256-") for s in csp["script-src"]), csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["connect-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]


def test_a_policy_set_by_the_response_is_kept_and_errors_get_the_headers():
    """In process: a response with its own CSP (as /source/ gives an agency's web page) keeps it; an unhandled
    error (answered by Starlette's outermost error middleware) still says nosniff."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse
    from fastapi.testclient import TestClient

    from zwgk.server.security import install

    app = FastAPI()

    @app.get("/sandboxed")
    def sandboxed():
        return HTMLResponse("<p>theirs</p>", headers={"Content-Security-Policy": "sandbox; default-src 'none'"})

    @app.get("/broken")
    def broken():
        raise RuntimeError("boom")
    install(app)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/sandboxed")
    assert r.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert r.headers["x-content-type-options"] == "nosniff"
    r = client.get("/broken")
    assert r.status_code == 500 and r.headers["x-content-type-options"] == "nosniff"


def test_carried_parts_are_put_back_from_what_is_on_disk(tmp_path):
    """A build moves the last build's catalogue parts into its staging directory and sets aside those it
    replaces (zwgk.staging.CarriedParts); whenever it stops, killed at any step, the parts are recovered
    from the disk alone, byte for byte."""
    from zwgk.staging import CarriedParts
    parts = tmp_path / "dumps" / ".parts"
    for cid in ("a", "b", "c"):
        (parts / "catalogue" / cid).mkdir(parents=True)
        (parts / "catalogue" / cid / "graph.nq.gz").write_text(f"old {cid}")
    before = files(tmp_path / "dumps")
    steps = ["take", "scratch", "replace b", "drop c"]
    for stop_after in range(len(steps) + 1):
        staged = tmp_path / f"staged-{stop_after}" / ".parts"
        staged.mkdir(parents=True)
        carried = CarriedParts(parts, staged)
        for step in steps[:stop_after]:
            if step == "take":
                carried.take()
            elif step == "scratch":
                (staged / "catalogue" / "b.new").mkdir()
                (staged / "catalogue" / "b.new" / "graph.nq.gz").write_text("new b")
            elif step == "replace b":
                carried.replace("b", staged / "catalogue" / "b.new")
            else:
                carried.drop_others({"a", "b"})
        # killed here: the next build recovers from the disk alone
        recovered = CarriedParts.recover(staged, parts)
        assert recovered == (stop_after >= 1)
        assert files(tmp_path / "dumps") == before, steps[:stop_after]
