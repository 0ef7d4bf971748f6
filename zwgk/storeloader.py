"""The store loader: the on-disk store, written by a child process while the catalogue passes run (zwgk.build)."""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .staging import BuildError, DiskFull, disk_full_errno

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
from zlib_ng import gzip_ng   # inflates 1.9x faster than zlib
store = ox.Store(sys.argv[1])
commands = sys.stdin.buffer
batch, size, LIMIT = [], 0, int(sys.argv[3])

def flush():
    global batch, size
    if batch:  # our own serializer wrote these bytes: its IRIs are valid, so skip re-checking them
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
    batch, size = [], 0

for line in iter(commands.readline, b""):
    verb, _, arg = line.decode().rstrip("\\n").partition(" ")
    if verb == "flush":
        flush()
        continue
    if verb == "load":
        data = commands.read(int(arg))
    elif verb == "file":
        with open(arg, "rb") as f:
            data = f.read()
        if arg.endswith(".gz"):
            data = gzip_ng.decompress(data)
    elif verb == "drop":
        flush()
        store.remove_graph(ox.NamedNode(arg))
        continue
    batch.append(data)
    size += len(data)
    if size >= LIMIT:
        flush()
flush()
store.flush()
"""

#: N-Quads bytes the store loader gathers at most before one bulk load. Each bulk load writes new sorted
#: files that overlap every earlier one, which RocksDB then compacts: at 1,000 catalogues (294 MB) loading in
#: 16 MB batches took 33 CPU-s, in 64 MB batches 27 CPU-s, all at once 26 CPU-s (but 1.5 GB); a 64 MB batch
#: holds the loader near 450 MB whatever the size of the data set. At 10,000 catalogues (2.9 GB) 64 MB batches
#: took 395 CPU-s, 256 MB batches 422 CPU-s (and 1.8 GB): the merging grows with the store, not the batch count
LOAD_BATCH = 64 << 20


class StoreLoader:
    """The on-disk store, written by a child process, so loading runs beside the catalogue passes.
    Commands go over the child's stdin, in order: load N-Quads (sent as bytes, or a file the child reads,
    gzipped or not), drop a named graph, flush; loads are gathered into batches of LOAD_BATCH bytes (or
    until a flush). A thread sends them, so the build never waits for the child to be ready to read.
    The child holds the build lock with its parent (`lock_fd`) and is killed when its parent dies, so no
    loader of a killed build writes into a staging directory the next build removes."""

    def __init__(self, store_dir: Path, lock_fd: int | None = None, batch: int = LOAD_BATCH):
        self.store_dir = store_dir
        self.errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child can never block on it
        self.proc = subprocess.Popen([sys.executable, "-c", _LOADER, str(store_dir), str(os.getpid()), str(batch)],
                                     stdin=subprocess.PIPE, stderr=self.errors,
                                     pass_fds=() if lock_fd is None else (lock_fd,))
        self.queue: queue.Queue = queue.Queue()
        self.closed = False
        self.sender = threading.Thread(target=self._send_all, daemon=True)
        self.sender.start()

    def _send_all(self) -> None:
        try:
            for chunk in iter(self.queue.get, None):
                self.proc.stdin.write(chunk)
                if self.queue.empty():   # nothing more to send now: what was sent reaches the child (stdin is
                    self.proc.stdin.flush()   # buffered: a flush command would otherwise wait for 8 KB more)
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass  # the child died (finish() reports why) or was stopped (abort())

    def load(self, nquads: bytes) -> None:
        self.queue.put(f"load {len(nquads)}\n".encode())
        self.queue.put(nquads)

    def load_file(self, path: Path) -> None:
        """Load an N-Quads file (gzipped when its name ends in .gz), read by the child."""
        self.queue.put(f"file {Path(path).resolve()}\n".encode())

    def drop(self, graph_iri: str) -> None:
        self.queue.put(f"drop {graph_iri}\n".encode())

    def flush(self) -> None:
        """Load what has been gathered now, without waiting for a full batch."""
        self.queue.put(b"flush\n")

    def abort(self) -> None:
        """Stop the child (by its PID, through the Popen handle) and reap it."""
        self.proc.kill()
        self.close_input()
        self.sender.join()
        self.proc.wait()
        for stream in (self.proc.stdin, self.errors):
            try:
                stream.close()
            except OSError:  # stdin: the unsent rest of a write the kill cut short
                pass

    def close_input(self) -> None:
        """No more commands: the child carries out those sent and exits (`finish` waits)."""
        if not self.closed:
            self.closed = True
            self.queue.put(None)

    def finish(self) -> None:
        """Wait for every command to be carried out."""
        self.close_input()
        self.sender.join()
        self.proc.wait()
        self.errors.seek(0)
        err = self.errors.read().decode(errors="replace").strip()
        self.errors.close()
        if self.proc.returncode != 0:
            last = err.splitlines()[-1] if err else f"exit code {self.proc.returncode}"
            code = disk_full_errno(err)
            if code is not None:
                raise DiskFull(code, f"the store in {self.store_dir}", last.removeprefix("OSError: "))
            raise BuildError(f"loading the store failed: {last}")
