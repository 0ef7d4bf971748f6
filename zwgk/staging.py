"""One build at a time, and nothing lost when a build fails or is killed (zwgk.build uses these).

A build holds an exclusive lock (`flock`) on `{store}.lock` (`build_lock`); holding it, it removes what killed
builds left (`remove_leftovers`): their staging directories and a half-done swap, and puts back the last build's
catalogue parts (`CarriedParts.recover`). A finished build is swapped in by renames (`swap_in`), the last copy
removed by a process of its own. The errors a build stops with are here too: `BuildError` (the message names the
file at fault), `BuildLocked`, and `DiskFull`, which `writing` makes of a full disk anywhere.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from .config import Settings


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


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


PARTS = ".parts"                 # the parts of a build, inside its dumps directory (not listed, not served)


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
    for target in (store, dumps):
        old = target.with_name(target.name + ".old")
        if not old.is_dir():
            continue
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            progress(f"putting back {target} from {old}, left by a build stopped while it swapped them")
            os.replace(old, target)
    for target in (store, dumps):   # the last build's copy a process was removing when it was stopped
        trash = re.compile(rf"\.{re.escape(target.name)}\.trash-(\d+)-[0-9a-f]+")
        for d in target.parent.iterdir() if target.parent.is_dir() else ():
            if (m := trash.fullmatch(d.name)) and (int(m.group(1)) == os.getpid() or not _alive(int(m.group(1)))):
                shutil.rmtree(d, ignore_errors=True)
    for d in stale:
        if CarriedParts.recover(d / PARTS, dumps / PARTS):
            progress(f"putting back the catalogue parts of {dumps} from {d}")
        progress(f"removing {d}, left by a build that did not finish")
        shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(dumps / PARTS / "replaced", ignore_errors=True)   # a build killed right after its swap


#: removes the last build's copy, in a process of its own that the build does not wait for; the copy's name
#: carries the remover's process id before the build returns (a next build leaves a copy alone while the process
#: named in it lives), and the remover learns that name on its stdin
_REMOVER = """
import os, shutil, sys
path = sys.stdin.buffer.read()
if path:
    shutil.rmtree(os.fsdecode(path), ignore_errors=True)
"""


def swap_in(new: Path, target: Path) -> None:
    """Replace target by new with two renames; the old copy is removed only afterwards, by a process of its
    own that nobody waits for (at 1,000 catalogues its ~10,000 files took 0.2-0.4 s, which a thread made the
    build wait for before exiting). The copy is `.{target}.trash-{pid}-…`, the pid always that of a live
    process until it is gone: the build's, then, renamed before the build goes on, the remover's (had the
    remover renamed it itself, a build that had ended by then left a name with a dead pid, which the next
    build would remove meanwhile, and a test saw it as left over). A copy whose remover was stopped first
    has a dead pid: the next build removes it (remove_leftovers); one that could not be handed over (no
    process could start) is removed here."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        tag = uuid.uuid4().hex[:8]
        trash = target.with_name(f".{target.name}.trash-{os.getpid()}-{tag}")
        os.replace(old, trash)
        try:
            remover = subprocess.Popen([sys.executable, "-c", _REMOVER], stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            shutil.rmtree(trash, ignore_errors=True)
            return
        theirs = target.with_name(f".{target.name}.trash-{remover.pid}-{tag}")
        try:
            os.replace(trash, theirs)
            remover.stdin.write(os.fsencode(theirs))
            remover.stdin.close()
        except OSError:             # the remover is gone already: removed here
            shutil.rmtree(theirs if theirs.exists() else trash, ignore_errors=True)


class CarriedParts:
    """The last build's catalogue parts (`.parts/catalogue/<id>/`: a catalogue's graph as dump fragments),
    moved into the staged dumps with one rename instead of linked file by file (8,000 links and 1,000 folders
    at 1,000 catalogues: 0.9 s of a one-catalogue rebuild). A part that a minted catalogue replaces, or that of
    a catalogue no longer published, is set aside (`.parts/replaced/<id>`), never deleted before the new build
    is swapped in; so what the last build had can always be put back from what is on disk (`recover`): by a
    build that fails, and by the next build when one was killed (`remove_leftovers`)."""

    def __init__(self, old: Path, new: Path):
        self.old_parts, self.new_parts = old, new
        self.old, self.new, self.aside = old / "catalogue", new / "catalogue", new / "replaced"

    def take(self) -> None:
        self.aside.mkdir()
        if self.old.is_dir():
            os.rename(self.old, self.new)
        else:
            self.new.mkdir()

    def replace(self, cid: str, new: Path | None) -> None:
        """Put `new` (a finished part folder, or None: no part) where the catalogue's part is."""
        final = self.new / cid
        if final.exists():
            if (self.aside / cid).exists():      # the last build's is set aside already: this one is new
                shutil.rmtree(final)
            else:
                os.rename(final, self.aside / cid)
        if new is not None:
            os.replace(new, final)

    def drop_others(self, keep: set[str]) -> None:
        """Set aside the parts of catalogues this build does not publish."""
        for name in os.listdir(self.new):
            if name not in keep and not name.endswith(".new"):
                self.replace(name, None)

    def restore(self) -> None:
        self.recover(self.new_parts, self.old_parts)

    @staticmethod
    def recover(staged_parts: Path, parts: Path) -> bool:
        """Put the last build's parts back from a staged `.parts` folder into `parts`: the parts set aside go
        back, those this build made (`*.new`, and any in the place of one set aside) are removed."""
        cat, aside, home = staged_parts / "catalogue", staged_parts / "replaced", parts / "catalogue"
        if not cat.is_dir() or home.exists() or not parts.is_dir():
            return False
        for name in os.listdir(cat):
            if name.endswith(".new") or (aside / name).exists():
                shutil.rmtree(cat / name, ignore_errors=True)
        if aside.is_dir():
            for name in os.listdir(aside):
                os.rename(aside / name, cat / name)
        os.rename(cat, home)
        return True
