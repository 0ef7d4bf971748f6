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
from functools import lru_cache
from pathlib import Path

from . import __version__
from .config import PROJECT_DIR

#: the package folders whose files make the build what it is (server/ serves; it does not build) …
CODE_DIRS = ("zwgk", "mappings", "ontology", "shapes")
#: … but for the other commands' modules, which a build does not run
NOT_BUILD = {"zwgk/serve.py", "zwgk/publish.py", "zwgk/query.py", "zwgk/coverage.py", "zwgk/cli.py",
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


@lru_cache(maxsize=1)
def code_hash() -> str:
    h = hashlib.sha256(f"zwgk {__version__}\n".encode())
    for folder in CODE_DIRS:
        root = PROJECT_DIR / folder
        files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".ttl", ".yaml", ".yml")
                       and "catalogues" not in p.relative_to(root).parts[:1] and "__pycache__" not in p.parts)
        for p in files:
            if str(p.relative_to(PROJECT_DIR)) in NOT_BUILD:
                continue
            h.update(f"{p.relative_to(PROJECT_DIR)}\n".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def build_hash(base: str) -> str:
    """What every catalogue's output depends on besides its own two files (the vocabulary namespace too:
    every item names its code-list concepts and ontology terms under it)."""
    from .uris import vocab
    return hashlib.sha256(f"{code_hash()}|{base}|{vocab()}".encode()).hexdigest()
