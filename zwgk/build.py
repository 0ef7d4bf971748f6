"""`zwgk build`: every catalogue → RDF → the embedded store and the dumps.

The build writes into a fresh directory next to the target and swaps it in only when everything
succeeded, so a failed build leaves the last good store and dumps untouched.

One build at a time per store: a build holds an exclusive lock (`flock`) on `{store}.lock`, next to the
store (e.g. `var/store.lock`; the file holds the build's PID and exists only while a build runs), from
before it reads the first catalogue until its staging directories are gone. A second build of the same
store is refused at once (or, with `--wait`, waits). The kernel releases the lock when the build dies,
however it dies. Holding it, a build knows no other build is alive, so it removes what killed builds left:
their staging directories (`.{store}.building-{pid}`, `.{dumps}.building-{pid}`) and a half-done swap
(`{store}.old` is put back when the store itself is missing). A full disk (ENOSPC, EDQUOT, or EFBIG
from a file size limit) anywhere in the build stops it with a one-line error (`DiskFull`).
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .mappings import Catalogue, MappingError, ReadError, load_mapping, mapping_files, read_catalogue
from .mappings.mint import Graph, Minter, now
from .ontology import code_lists, ontology_triples, vocab_triples
from .shapes import graph_name as shapes_graph_name, shapes_triples
from .gate import publication_gate
from .uris import URIs
from .dumps import nquads, write_dumps


class BuildError(Exception):
    """The build cannot go on; the message names the file (and line) at fault."""
    #: printed after the error by `zwgk build` (None: the message says all there is to say)
    note: str | None = "nothing was changed; the previous store and dumps are kept"


class BuildLocked(BuildError):
    """Another build of the same store is running."""
    note = None


#: a full disk, a full quota, a file size limit (ulimit -f; Python ignores SIGXFSZ, so writes get EFBIG)
DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class DiskFull(BuildError, OSError):
    """A write failed for want of space (or of file size allowance); also an OSError, with its errno."""
    note = None

    def __init__(self, code: int, what: str, detail: str):
        detail = " ".join(detail.split())  # one line, whatever the OS or RocksDB said
        if code == errno.EFBIG:
            msg = (f"file too large while writing {what} ({detail}): a file size limit (ulimit -f) was reached; "
                   f"raise it or free space and build again; the last good store and dumps are kept")
        else:
            msg = (f"no space left on device while writing {what} ({detail}); free space and build again; "
                   f"the last good store and dumps are kept")
        super().__init__(msg)
        self.errno = code


def disk_full_errno(e: BaseException | str) -> int | None:
    """The errno of a disk-full error, or None. pyoxigraph's OSErrors carry no errno: read their text."""
    if isinstance(e, OSError) and e.errno in DISK_FULL:
        return e.errno
    text = str(e)
    return next((code for code in sorted(DISK_FULL) if os.strerror(code) in text), None)


@contextmanager
def writing(what: str):
    """Turn a disk-full OSError raised inside into a DiskFull naming what was being written."""
    try:
        yield
    except DiskFull:
        raise
    except OSError as e:
        code = disk_full_errno(e)
        if code is None:
            raise
        raise DiskFull(code, what, f"{e.filename}: {e.strerror}" if e.filename else (e.strerror or str(e))) from e


@dataclass
class CatalogueResult:
    catalogue_id: str
    items: int
    triples: int
    warnings: list[str]
    findings: dict[str, int] = field(default_factory=dict)   # SHACL severity → count (zwgk.validate)
    status: str = "published"                                 # or why it was held back (zwgk.gate)


@dataclass
class BuildResult:
    catalogues: list[CatalogueResult] = field(default_factory=list)
    total_triples: int = 0
    seconds: float = 0.0
    store: Path | None = None
    dumps: Path | None = None
    held_back: dict[str, str] = field(default_factory=dict)  # catalogue id → why it was not published as built
    violations: list = field(default_factory=list)           # the SHACL violations found (zwgk.validate.Finding)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load_catalogues(settings: Settings, only: list[str] | None = None, progress=log) -> list[Catalogue]:
    files = mapping_files(settings.mappings)
    if not files:
        raise BuildError(f"{settings.mappings}: no mapping files (*.yaml) found")
    cats, seen = [], {}
    for n, path in enumerate(files, 1):
        try:
            mapping = load_mapping(path)
        except MappingError as e:
            raise BuildError(str(e)) from None
        if only and mapping.catalogue_id not in only:
            continue
        if mapping.catalogue_id in seen:
            raise BuildError(f"{path}: catalogue id '{mapping.catalogue_id}' is also used by {seen[mapping.catalogue_id]}")
        seen[mapping.catalogue_id] = path
        try:
            cat = read_catalogue(mapping, settings.catalogues, settings.base)
        except ReadError as e:
            raise BuildError(f"{e} (mapping {path})") from None
        progress(f"[{n}/{len(files)}] {cat.source_file}: {len(cat.records)} items, {len(cat.warnings)} warnings")
        cats.append(cat)
    if only:
        missing = sorted(set(only) - set(seen))
        if missing:
            raise BuildError(f"no mapping file for catalogue(s) {missing}")
    return cats


def mint_graphs(cats: list[Catalogue], base: str) -> tuple[dict[str, Graph], list[Graph]]:
    """(catalogue id → its graph, shared graphs: agencies, laws, vocabularies, ontology)."""
    minter = Minter(base, code_lists(base))
    built_at = now()
    per_cat = {c.mapping.catalogue_id: minter.catalogue_graph(c, built_at) for c in cats}
    uris = URIs(base)
    shared = minter.agency_graphs(cats) + [minter.laws_graph(cats)]
    for name, triples in ((uris.vocab_graph, vocab_triples(base)), (uris.ontology, ontology_triples(base)),
                          (shapes_graph_name(base), shapes_triples(base))):
        g = Graph(name)
        g.quads = [ox.Quad(t.subject, t.predicate, t.object, g.name) for t in triples]
        shared.append(g)
    return per_cat, shared


_LOADER = """
import os, sys
if sys.platform.startswith("linux"):  # die with the build, even when it is SIGKILLed
    import ctypes, signal
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass
    if os.getppid() != int(sys.argv[2]):
        sys.exit("the build that started this loader is gone")
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
commands = sys.stdin.buffer
for line in iter(commands.readline, b""):
    verb, arg = line.decode().rstrip("\\n").split(" ", 1)
    if verb == "load":  # our own serializer wrote these bytes: its IRIs are valid, so skip re-checking them
        store.bulk_load(commands.read(int(arg)), format=ox.RdfFormat.N_QUADS, lenient=True)
    elif verb == "drop":
        store.remove_graph(ox.NamedNode(arg))
store.flush()
print(len(store))
"""


class StoreLoader:
    """The on-disk store, written by a child process, so loading runs on the other core while this
    process validates and writes the dumps (all CPU-bound; threads would share one GIL). Commands go
    over the child's stdin, in order: load N-Quads (sent as bytes, not through a temporary file), drop a
    named graph. A thread sends them, so the build never waits for the child to be ready to read.
    The child holds the build lock with its parent (`lock_fd`) and is killed when its parent dies, so no
    loader of a killed build writes into a staging directory the next build removes."""

    def __init__(self, store_dir: Path, lock_fd: int | None = None):
        self.store_dir = store_dir
        self.errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child can never block on it
        self.proc = subprocess.Popen([sys.executable, "-c", _LOADER, str(store_dir), str(os.getpid())],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                     pass_fds=() if lock_fd is None else (lock_fd,))
        self.queue: queue.Queue = queue.Queue()
        self.sender = threading.Thread(target=self._send_all, daemon=True)
        self.sender.start()

    def _send_all(self) -> None:
        try:
            for chunk in iter(self.queue.get, None):
                self.proc.stdin.write(chunk)
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass  # the child died (finish() reports why) or was stopped (abort())

    def load(self, nquads: bytes) -> None:
        self.queue.put(f"load {len(nquads)}\n".encode())
        self.queue.put(nquads)

    def drop(self, graph_iri: str) -> None:
        self.queue.put(f"drop {graph_iri}\n".encode())

    def abort(self) -> None:
        """Stop the child (by its PID, through the Popen handle) and reap it."""
        self.proc.kill()
        self.queue.put(None)
        self.sender.join()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.errors):
            try:
                stream.close()
            except OSError:  # stdin: the unsent rest of a write the kill cut short
                pass

    def finish(self) -> int:
        """Wait for every command to be carried out; the number of quads in the store."""
        self.queue.put(None)
        self.sender.join()
        out = self.proc.stdout.read()
        self.proc.wait()
        self.proc.stdout.close()
        self.errors.seek(0)
        err = self.errors.read().decode(errors="replace").strip()
        self.errors.close()
        if self.proc.returncode != 0:
            last = err.splitlines()[-1] if err else f"exit code {self.proc.returncode}"
            code = disk_full_errno(err)
            if code is not None:
                raise DiskFull(code, f"the store in {self.store_dir}", last.removeprefix("OSError: "))
            raise BuildError(f"loading the store failed: {last}")
        return int(out.strip())


# -- one build at a time; what killed builds left ----------------------------------------------------

def lock_path(store: Path) -> Path:
    """The lock file of builds of `store`: next to it (the store directory itself is swapped)."""
    return store.with_name(store.name + ".lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped by its parent) is dead too
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _holder(fd: int) -> int | None:
    """The PID the lock holder wrote into the lock file (None while it has not written it yet)."""
    for _ in range(20):
        text = os.pread(fd, 32, 0).decode(errors="replace").strip()
        if text.isdigit():
            return int(text)
        time.sleep(0.05)
    return None


def _try_lock(fd: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


@contextmanager
def build_lock(store: Path, wait: bool = False, progress=log):
    """Hold the exclusive build lock of `store` (see the module's docstring) for the `with` body; yield its fd.
    Refuses (BuildLocked) when another build holds it, or waits for it with wait=True."""
    path = lock_path(store)
    with writing(f"the build lock {path}"):
        path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        with writing(f"the build lock {path}"):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            if not _try_lock(fd, 0):
                holder = _holder(fd)
                if wait:
                    progress(f"waiting for the build of {store}{f' by pid {holder}' if holder else ''} to end")
                    fcntl.flock(fd, fcntl.LOCK_EX)
                elif holder is not None and not _alive(holder):
                    # the build died; a process it started (its store loader) is still on its way out
                    if not _try_lock(fd, 10):
                        raise BuildLocked(f"the build of {store} by pid {holder} is gone, but a process it started "
                                          f"still holds {path}; stop that process and build again")
                else:
                    who = f" (pid {holder})" if holder is not None else ""
                    raise BuildLocked(f"another build of {store} is running{who}; wait for it (zwgk build --wait) "
                                      f"or stop it")
            # locked; but a build that ended meanwhile removed the file we opened: lock the one at `path`
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)
    try:
        with writing(f"the build lock {path}"):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield fd
    finally:
        try:  # removed while still locked, so that a build waiting on this file notices and retries
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


def staging_dirs(target: Path) -> list[tuple[Path, int]]:
    """The staging directories of builds of `target`, with the PIDs their names carry."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.building-(\d+)")
    if not target.parent.is_dir():
        return []
    return [(d, int(m.group(1))) for d in target.parent.iterdir() if (m := pattern.fullmatch(d.name))]


def remove_leftovers(settings: Settings, progress=log) -> None:
    """With the build lock held: remove what killed builds left behind. Every staging directory of the
    store is stale (no other build is alive); a dump staging directory is removed unless the process in
    its name still runs (a build of another store writing the same dumps). A swap cut short between its two
    renames left `{target}.old` and no target: the old one is put back."""
    store, dumps = Path(settings.store), Path(settings.dumps)
    stale = [d for d, _ in staging_dirs(store)]
    stale += [d for d, pid in staging_dirs(dumps) if pid == os.getpid() or not _alive(pid)]
    for d in stale:
        progress(f"removing {d}, left by a build that did not finish")
        shutil.rmtree(d, ignore_errors=True)
    for target in (store, dumps):
        old = target.with_name(target.name + ".old")
        if not old.is_dir():
            continue
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            progress(f"putting back {target} from {old}, left by a build stopped while it swapped them")
            os.replace(old, target)


def swap_in(new: Path, target: Path) -> None:
    """Replace target by new with two renames; the old copy is removed only afterwards."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def sync_store(loader: StoreLoader, loaded: list[Graph], final: list[Graph], loaded_nq: bytes) -> list[bytes]:
    """Bring the store from the graphs it was given to load to the graphs the gate publishes: drop the
    graphs that went or were replaced, load the new ones (the SHACL reports, kept previous versions).
    Returns the final data set as N-Quads, in parts (no copy of the big first part), for the dump."""
    now_by_name = {g.name.value: g for g in final}
    changed = [g for g in loaded if now_by_name.get(g.name.value) is not g]
    before = {id(g) for g in loaded}
    new = nquads([g for g in final if id(g) not in before])
    for g in changed:
        loader.drop(g.name.value)
    if new:
        loader.load(new)
    # rare (a catalogue held back): the first load holds graphs that are gone, so serialize the whole again
    return [loaded_nq, new] if not changed else [nquads(final)]


def build(settings: Settings, only: list[str] | None = None, progress=log,
          allow_violations: bool = False, wait: bool = False) -> BuildResult:
    """Build under the store's build lock (BuildLocked if another build holds it and not `wait`); a full
    disk anywhere raises DiskFull. Either way the staging directories are removed."""
    with writing(f"the build's files (next to {settings.store} and {settings.dumps})"):
        with build_lock(Path(settings.store), wait, progress) as lock_fd:
            t0 = time.perf_counter()
            remove_leftovers(settings, progress)
            result = _build(settings, only, progress, allow_violations, lock_fd)
    result.seconds = time.perf_counter() - t0
    return result


def _build(settings: Settings, only: list[str] | None, progress, allow_violations: bool,
           lock_fd: int | None) -> BuildResult:
    cats = load_catalogues(settings, only, progress)
    per_cat, shared = mint_graphs(cats, settings.base)
    # stage next to each target so the final swap is a rename on the same file system
    staged_store = settings.store.parent / f".{settings.store.name}.building-{os.getpid()}"
    staged_dumps = settings.dumps.parent / f".{settings.dumps.name}.building-{os.getpid()}"
    dumps_what = f"the dumps in {staged_dumps}"
    try:
        for d in (staged_store, staged_dumps):
            if d.exists():
                shutil.rmtree(d)
            with writing(dumps_what if d == staged_dumps else f"the store in {staged_store}"):
                d.parent.mkdir(parents=True, exist_ok=True)
        with writing(dumps_what):
            staged_dumps.mkdir(parents=True)
        minted = [*per_cat.values(), *shared]
        progress(f"loading {sum(len(g.quads) for g in minted)} quads into the store, meanwhile validating "
                 f"{len(cats)} catalogues against the shapes and writing the dumps")
        # the store loads while the shapes are checked; the gate's outcome is applied to it afterwards
        loader = StoreLoader(staged_store, lock_fd)
        try:
            minted_nq = nquads(minted)
            loader.load(minted_nq)
            gate = publication_gate(cats, per_cat, shared, settings, allow_violations, progress, only)
            cats, per_cat, shared = gate.cats, gate.per_cat, gate.shared
            whole = sync_store(loader, minted, [*per_cat.values(), *shared], minted_nq)
            with writing(dumps_what):
                manifest = write_dumps(staged_dumps, cats, per_cat, shared, settings.base, whole)
                gate.add_kept_dumps(staged_dumps, settings.dumps, manifest)
        except BaseException:
            loader.abort()
            raise
        quad_count = loader.finish()
        manifest["built"] = now().isoformat()
        # where /source/catalogues/… and /source/mappings/… are served from
        manifest["sources"] = {"catalogues": str(Path(settings.catalogues).resolve()),
                               "mappings": str(Path(settings.mappings).resolve())}
        manifest["store_quads"] = quad_count
        with writing(dumps_what):
            (staged_dumps / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with writing(f"{settings.store} and {settings.dumps} (swapping the new build in)"):
            swap_in(staged_store, settings.store)
            swap_in(staged_dumps, settings.dumps)
    finally:
        for d in (staged_store, staged_dumps):
            shutil.rmtree(d, ignore_errors=True)
    result = BuildResult(store=settings.store, dumps=settings.dumps, held_back=gate.rejected,
                         violations=[f for f in gate.findings if f.severity == "Violation"])
    counts = gate.all_counts()  # one pass over the findings, not one per catalogue
    for c in cats:
        cid = c.mapping.catalogue_id
        result.catalogues.append(CatalogueResult(cid, len(c.records), len(per_cat[cid].quads), c.warnings,
                                                 dict(counts.get(cid, {})), gate.rejected.get(cid, "published")))
    result.total_triples = quad_count
    return result


def summary_table(result: BuildResult) -> str:
    shacl = lambda f: "/".join(str(f.get(s, 0)) for s in ("Violation", "Warning", "Info"))  # noqa: E731
    rows = [("catalogue", "items", "triples", "warnings", "shacl V/W/I")]
    rows += [(c.catalogue_id, str(c.items), str(c.triples), str(len(c.warnings)), shacl(c.findings))
             for c in result.catalogues]
    total = {s: sum(c.findings.get(s, 0) for c in result.catalogues) for s in ("Violation", "Warning", "Info")}
    rows.append(("total (store, all graphs)", str(sum(c.items for c in result.catalogues)),
                 str(result.total_triples), str(sum(len(c.warnings) for c in result.catalogues)), shacl(total)))
    n = len(rows[0])
    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i]) for i in range(n))  # noqa
    return "\n".join([fmt(rows[0]), line, *map(fmt, rows[1:-1]), line, fmt(rows[-1])])


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
    b = sub.add_parser("build", help="read every catalogue, load the embedded store, write the dumps")
    add_common(b)
    b.add_argument("--catalogues", type=Path, help="folder of catalogue files (default: the project's catalogues/)")
    b.add_argument("--mappings", type=Path, help="folder of mapping files (default: mappings/catalogues/)")
    b.add_argument("--only", nargs="+", metavar="ID",
                   help="rebuild only these catalogue ids; every other catalogue keeps its last build")
    b.add_argument("--allow-violations", action="store_true",
                   help="publish catalogues whose SHACL validation finds violations (default: keep their previous version)")
    b.add_argument("--wait", action="store_true",
                   help="when another build of the same store is running, wait for it to end (default: refuse)")
    b.set_defaults(func=cmd_build)


def cmd_build(args) -> int:
    from .cli import settings_from
    settings = settings_from(args)
    try:
        result = build(settings, only=args.only, allow_violations=args.allow_violations,
                       wait=getattr(args, "wait", False))  # `zwgk serve` builds through here, without --wait
    except BuildError as e:
        print(f"zwgk build: error: {e}", file=sys.stderr)
        if e.note:
            print(f"zwgk build: {e.note}", file=sys.stderr)
        return 1
    for c in result.catalogues:
        for w in c.warnings:
            print(f"warning: {w}", file=sys.stderr)
    print(summary_table(result))
    print(f"store: {result.store}   dumps: {result.dumps}   ({result.seconds:.1f} s)")
    for cid, why in sorted(result.held_back.items()):
        print(f"zwgk build: {cid}: {why}:", file=sys.stderr)
        mine = [f for f in result.violations if f.catalogue == cid]
        for f in mine[:10]:
            print(f"  violation: {f.focus.value}{' ' + f.path.value if f.path else ''}: {f.message('zh')} / "
                  f"{f.message('en')}", file=sys.stderr)
        if len(mine) > 10:
            print(f"  … and {len(mine) - 10} more", file=sys.stderr)
    held = [cid for cid, why in result.held_back.items() if why.startswith("not published")]
    return 1 if held else 0
