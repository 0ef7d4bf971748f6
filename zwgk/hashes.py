"""Content hashes that decide what an incremental `zwgk build` re-mints.

A catalogue is re-minted when the hash of its catalogue file or of its mapping file changed, or when
the build's own inputs changed: the URI base, the vocabulary namespace, the zwgk version and the code,
ontology, code lists, item types and shapes it mints and validates with (`code_hash`: every .py, .ttl and
.yaml file of the zwgk package, the mapping files of catalogues excepted). A change there re-mints every
catalogue.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from functools import lru_cache
from pathlib import Path

from . import __version__
from .config import PROJECT_DIR

#: the package folders whose files make the build what it is (server/ serves; it does not build) …
CODE_DIRS = ("zwgk", "mappings", "ontology", "shapes")
#: … but for the other commands' modules, which a build does not run (a name ending in / : a whole package)
NOT_BUILD = {"zwgk/serve.py", "zwgk/publish/", "zwgk/query.py", "zwgk/coverage.py", "zwgk/cli.py",
             "zwgk/__main__.py", "mappings/draft.py"}


def file_hash(path: str | Path) -> str | None:
    """SHA-256 of a regular file's bytes; None for anything else (missing, a FIFO, a device, a directory),
    which the reader then refuses with its own message. Never opens what is not a regular file."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


class HashCache:
    """`file_hash`, remembered from one build to the next by the file's identity (size, modification and
    change times in ns, inode), as git's index does: a build of 1,000 catalogues no longer reads 2,000 files
    to find the one that changed. A hash is trusted again only if it was taken at least TRUST_NS after the
    file last changed, so a file edited within a coarse file system's time step of being hashed (same size,
    same times) is read again rather than taken as unchanged."""

    TRUST_NS = 2_000_000_000

    def __init__(self, known: dict | None = None):
        self.known = known if isinstance(known, dict) else {}
        self.seen: dict[str, list] = {}      # what the next build will know

    def hash(self, path: str | Path) -> str | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        key = str(path)
        ident = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        rec = self.known.get(key)
        if isinstance(rec, list) and len(rec) == 6 and rec[:4] == ident \
                and rec[5] - max(st.st_mtime_ns, st.st_ctime_ns) >= self.TRUST_NS:
            self.seen[key] = rec
            return rec[4]
        hashed_at = time.time_ns()
        h = file_hash(path)
        if h is not None:
            self.seen[key] = ident + [h, hashed_at]
        return h


@lru_cache(maxsize=1)
def code_hash() -> str:
    h = hashlib.sha256(f"zwgk {__version__}\n".encode())
    for folder in CODE_DIRS:
        root = PROJECT_DIR / folder
        files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".ttl", ".yaml", ".yml")
                       and "catalogues" not in p.relative_to(root).parts[:1] and "__pycache__" not in p.parts)
        for p in files:
            rel = p.relative_to(PROJECT_DIR).as_posix()
            if rel in NOT_BUILD or any(rel.startswith(d) for d in NOT_BUILD if d.endswith("/")):
                continue
            h.update(f"{rel}\n".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def build_hash(base: str) -> str:
    """What every catalogue's output depends on besides its own two files (the vocabulary namespace too:
    every item names its code-list concepts and ontology terms under it)."""
    from .uris import vocab
    return hashlib.sha256(f"{code_hash()}|{base}|{vocab()}".encode()).hexdigest()
