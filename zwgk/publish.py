"""`zwgk publish`: push every graph of the build to an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB …).

Each named graph of the build (a catalogue's graph is named by the catalogue's IRI; agencies, legal bases, code
lists, the ontology, the shapes and the validation reports have their own) replaces the graph of the same name in
the store. The graphs are read from the build's N-Quads dump (`zwgk.nq.gz`, where each graph's quads are
consecutive, so a graph is a slice of the file and never parsed unless a protocol needs triples), or from the
embedded store when there is no dump. The dump is one gzip member per part of the build (1,002 at 1,000
catalogues), inflated member by member (linear in its size: gzip.decompress is not) in blocks zlib hands out.

Incremental: the publication record ({base}/graph/publication) keeps, for every graph, its triple count, the
SHA-256 of its N-Quads (blank nodes numbered in order of appearance, so the hash does not depend on their random
labels) and the SHA-256 of the dump's gzip members its lines were in; and the SHA-256 of the dump. A graph whose
hash and count are those of the record, and whose count in the store is still that count, is left alone
("unchanged"); `--full` replaces every graph. A graph a previous publication had and this build has not is
dropped. Last, the record is replaced — unless nothing changed, when the store is not touched at all. What is
read of the dump for that:

* the same dump as the last publication's (its SHA-256): nothing; the store's counts are checked against the
  record's, and that is all (`Publication.nothing_changed`);
* another dump, through the bulk loader: only its gzip members that are not, byte for byte, members of the dump
  published last (after `zwgk build --only ID`, that catalogue's part; `DumpReader.plan`);
* else every member.

Three ways to load, fastest first:

* the store's own bulk loader (Virtuoso: ld_add/ld_dir + rdf_loader_run, called over the authenticated SPARQL
  endpoint as `sql:` functions) when `--bulk-dir DIR` names a directory the store can read (one in Virtuoso's
  DirsAllowed; `--bulk-dir-remote` when the store sees it under another path, e.g. a container volume): the
  changed graphs are written there as N-Quads files of BULK_FILE_TRIPLES and loaded in place by `--parallel`
  loaders at the store's own speed (`BulkLoader`). The dump is read first, by several processes at once, when the
  loaders would share this machine's cores with the reading; else the loaders load the first files while the
  rest is still being read (`read_first`). A graph the store holds already is cleared first, at a time no loader
  runs (Virtuoso loses triples of a load running while another request clears graphs); with `--full`, where
  most graphs are usually as the store holds them, they are loaded over what it holds instead, and only those
  that then hold more triples than the build's are cleared and loaded again (`Publication.reload`: dropping a
  row costs Virtuoso more than loading one). Then the store
  checkpoints, every count is read back, and the record is replaced in one transaction: updated (a few graphs
  changed), copied in place from its staging graph loaded with the graphs, or, the first time, loaded in place
  with the graphs but without its stamp (readers see no record without one) and stamped. In place means a reader
  may see a changed graph partly loaded while the load runs; a publish that fails says so and names the graphs;
* the SPARQL 1.1 Graph Store Protocol (`--graph-store`), `--parallel` graphs at a time;
* SPARQL Update requests (a batch the store rejects as too large is split in two and retried).

The last two load each graph into a staging graph (urn:zwgk:staging:…), in batches in which triples sharing a blank
node always travel together; read its count back (it must equal the build's: a partial load stops here, and the
published graph was never touched); swap it in with one `MOVE` (a reader sees the old graph or the new one), and
read the count back again.

`zwgk publish` prints, on stderr, when each of its steps ended (seconds from its start): `bench/publish.py` shows
them under each run.

Credentials: --user (or ZWGK_SPARQL_USER) and a password from the environment (ZWGK_SPARQL_PASSWORD, or the
variable --password-env names) or the config file's [sparql] section; never from the command line, never printed.
"""
from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import importlib
import io
import json
import math
import os
import pickle
import queue
import re
import shutil
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from zlib_ng import zlib_ng as zlib   # zlib's interface; inflates 1.9x faster than zlib

from .server.remote import (DCT, RDF_TYPE, RESULTS_XML, SD, STAGING_PREFIX, VOID, XSD, RemoteError, SparqlClient,
                            credentials, parse_results, public_url, read_config, record_graph)

DEFAULT_UPDATE_BATCH = 1000      # triples per SPARQL Update request (Virtuoso 7 compiles each into SQL: ~1,500 max)
DEFAULT_GSP_BATCH = 50_000       # triples per Graph Store Protocol POST
DEFAULT_PARALLEL = 2             # loaders / streams at a time (Virtuoso's advice: about one per 2.5 cores)
BULK_FILE_TRIPLES = 25_000       # triples per bulk-load file (the loaders share the files out; the last ones
                                 # loaded, one loader may wait for the other: small files, a short wait)
BULK_FIRST_FILE_TRIPLES = 5_000  # the first file: the loaders start while the rest is still being read
OPS_PER_REQUEST = 200            # CLEAR/MOVE/DROP operations per SPARQL Update request
RECORD_UPDATE_MAX = 20           # changed graphs up to which the record is updated in place, not rewritten
SPDX = "http://spdx.org/rdf/terms#"
BULK_ENV, BULK_REMOTE_ENV = "ZWGK_BULK_DIR", "ZWGK_BULK_DIR_REMOTE"


@dataclass
class GraphReport:
    graph: str
    triples: int
    remote: int | None = None
    seconds: float = 0.0
    batches: int = 0
    status: str = "pending"


class PublishError(Exception):
    pass


# -- the build's graphs ------------------------------------------------------------------------------------

@dataclass
class GraphData:
    """One graph of the build: its quads as N-Quads text (one quad a line), their number and content hash."""
    name: str
    parts: list          # memoryview slices of the dump (or bytes), in order
    count: int
    sha256: str
    members: list = field(default_factory=list)      # the numbers of the dump's gzip members its lines are in
    known: bool = False                               # not read: as published last (DumpReader.plan), no parts
    recorded: list = field(default_factory=list)      # then: its members' SHA-256, as the record gives them
    sent: bool = False                                # read by another process, which wrote it to a file
    bnodes: bool = False                              # its lines hold blank nodes

    def nquads(self) -> bytes:
        return b"".join(bytes(p) for p in self.parts)

    def triples(self) -> list[ox.Triple]:
        return [q.triple for q in ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS)]


_BNODE = re.compile(rb"(?:^|(?<=> ))_:([A-Za-z0-9_.\-]+)", re.M)


def content_hash(parts: list, has_bnodes: bool) -> str:
    """SHA-256 of a graph's N-Quads, blank nodes renamed _:b0, _:b1 … in order of appearance (labels are random
    per build; renaming is a bijection, so equal hashes still mean equal graphs)."""
    h = hashlib.sha256()
    labels: dict[bytes, bytes] = {}
    for p in parts:
        if has_bnodes:
            p = _BNODE.sub(lambda m: b"_:b%d" % labels.setdefault(m.group(1), len(labels)), bytes(p))
        h.update(p)
    return h.hexdigest()


class NotSplittable(Exception):
    pass


def graph_runs(raw: bytes, pos: int = 0, n: int | None = None):
    """The runs of lines naming one graph in raw[pos:n] (an N-Quads text whose quads are grouped by graph;
    n just past a line end, or the end of raw), found without looking at every line: the end of each run by
    binary search, then checked (every line of the run names the graph, by bytes.count). Yields (graph, start,
    end, lines, has blank nodes). Raises NotSplittable for a line without a graph, ValueError for a last line
    without its newline."""
    n = len(raw) if n is None else n
    while pos < n:
        eol = raw.index(b"\n", pos)
        if not raw.endswith(b"> .\n", pos, eol + 1):
            raise NotSplittable(f"a line does not end with a graph name: {raw[pos:eol][:200]!r}")
        k = raw.rfind(b" <", pos, eol - 2)
        suffix = raw[k:eol + 1]                      # b" <graph> .\n": only ever at the end of a line
        lo, hi = pos, n                              # the line holding byte lo is in the run; hi: past it or the end
        while hi - lo > 1:
            mid = (lo + hi) // 2
            start = raw.rfind(b"\n", 0, mid) + 1
            end = raw.index(b"\n", mid) + 1
            if raw.endswith(suffix, start, end):
                lo = mid
            else:
                hi = mid
        end = raw.index(b"\n", lo) + 1
        lines = raw.count(b"\n", pos, end)
        if raw.count(suffix, pos, end) != lines:     # not one run (the file is not grouped): line by line
            run_end = pos
            while run_end < n and raw.endswith(suffix, run_end, raw.index(b"\n", run_end) + 1):
                run_end = raw.index(b"\n", run_end) + 1
            end, lines = run_end, raw.count(b"\n", pos, run_end)
        yield suffix[2:-4].decode("utf-8"), pos, end, lines, has_blank_node(raw, pos, end)
        pos = end


def has_blank_node(raw: bytes, pos: int, end: int) -> bool:
    """Whether raw[pos:end] holds "_:". bytes.find(b"_:") stops at every ":" (8.6M of them in the 1,000-catalogue
    dump: 0.37 s); "_" is rare in N-Quads, and finding one byte is memchr: each "_" is looked at, up to 64 in a
    row, then the plain search."""
    i = raw.find(b"_", pos, end)
    for _ in range(64):
        if i < 0:
            return False
        if raw.startswith(b"_:", i, end):
            return True
        i = raw.find(b"_", i + 1, end)
    return i >= 0 and raw.find(b"_:", i, end) >= 0


def split_dump(raw: bytes) -> dict[str, GraphData]:
    """The graphs of an N-Quads text whose quads are grouped by graph (`graph_runs`); a graph met in several
    runs gets them all."""
    mv = memoryview(raw)
    found: dict[str, list] = {}
    counts: dict[str, int] = {}
    bnodes: set[str] = set()
    for name, start, end, lines, has_bnodes in graph_runs(raw):
        found.setdefault(name, []).append(mv[start:end])
        counts[name] = counts.get(name, 0) + lines
        if has_bnodes:
            bnodes.add(name)
    return {g: GraphData(g, parts, counts[g], content_hash(parts, g in bnodes), bnodes=g in bnodes)
            for g, parts in found.items()}


INFLATE_INPUT = 1 << 16      # compressed bytes per zlib call (the input left after a member is copied: keep it small)
GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class Member:
    """A gzip member of the dump (the build writes one per part: a catalogue's graphs, the shared graphs …): where
    it starts and ends in the file, and the SHA-256 of those bytes."""
    start: int
    end: int
    sha256: str


class Members(list):
    """The dump's members in order; `exact` unless a member ended inside a line (its graphs then not told apart)."""
    exact = True


def inflate_member(mv: memoryview, pos: int, n: int):
    """Inflate the gzip member at mv[pos:n]: yields its text in pieces, returns where the member ends. zlib checks
    its CRC and length."""
    d = zlib.decompressobj(wbits=31)
    while not d.eof:
        if pos >= n:
            raise EOFError("the gzip data ends inside a member")
        chunk = mv[pos:pos + INFLATE_INPUT]
        pos += len(chunk)
        out = d.decompress(chunk)
        if out:
            yield out
    return pos - len(d.unused_data)


def inflate_whole(mv: memoryview, pos: int, n: int) -> tuple[bytes, int]:
    """The whole text of the gzip member at mv[pos:n], and where the member ends (`inflate_member`, drained)."""
    pieces, gen = [], inflate_member(mv, pos, n)
    while True:
        try:
            pieces.append(next(gen))
        except StopIteration as stop:
            return b"".join(pieces), stop.value


def skip_padding(data: bytes, pos: int, n: int) -> int:
    while pos < n and data[pos] == 0:          # zero padding after a member, as gzip readers allow
        pos += 1
    return pos


def inflate_blocks(data: bytes, members: Members | None = None, start: int = 0, stop: int | None = None):
    """The text of gzip data of one member or many (a build's zwgk.nq.gz is one member per part, concatenated),
    in blocks of whole lines as zlib hands them out: (buffer, start, end, member), the block being
    buffer[start:end] (not copied: a line cut between two of zlib's pieces comes as a small block of its own),
    from the member numbered `member` (appended to `members` when it ends). Linear in the size: gzip.decompress
    copies the input left after every member (5.7 s instead of 1.1 s for the 1,002 members of the 1,000-catalogue
    dump), and joining zlib's pieces into larger blocks would copy (and page in) every byte once more.
    data[start:stop]: whole members."""
    members = members if members is not None else Members()
    mv, pos, n = memoryview(data), start, len(data) if stop is None else stop
    carry = b""                     # the start of a line, from the piece before
    while pos < n:
        number = len(members)
        text = inflate_member(mv, pos, n)
        while True:
            try:
                piece = next(text)
            except StopIteration as stop:
                end = stop.value
                break
            start = 0
            if carry:
                nl = piece.find(b"\n")
                if nl < 0:
                    carry += piece
                    continue
                bridge = carry + piece[:nl + 1]
                yield bridge, 0, len(bridge), number
                start, carry = nl + 1, b""
            last = piece.rfind(b"\n", start) + 1
            if last > start:
                yield piece, start, last, number
                carry = piece[last:]
            else:
                carry = piece[start:]
        members.append(Member(pos, end, hashlib.sha256(mv[pos:end]).hexdigest()))
        if carry:
            members.exact = False       # a line goes on in the next member
        pos = skip_padding(data, end, n)
    if carry:
        yield carry, 0, len(carry), len(members) - 1


class Prefetch:
    """Iterate over `items` in a thread of its own, `depth` items ahead (zlib and hashlib let go of the GIL while
    they work): started at once; closing, or leaving the loop early, stops it."""
    _END = object()

    def __init__(self, items, depth: int = 2, name: str = "zwgk-prefetch"):   # depth 0: no limit
        self.queue: queue.Queue = queue.Queue(depth)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(items,), name=name, daemon=True)
        self.thread.start()

    def _put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def _run(self, items) -> None:
        try:
            for item in items:
                if not self._put((item, None)):
                    return
            self._put((self._END, None))
        except BaseException as e:  # noqa: BLE001 - raised again in the reader's thread
            self._put((self._END, e))

    def __iter__(self):
        try:
            while True:
                item, error = self.queue.get()
                if item is self._END:
                    if error is not None:
                        raise error
                    return
                yield item
        finally:
            self.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def _graphs_of(blocks):
    """Graphs from blocks of N-Quads (buffer, start, end, member), each as soon as its run of lines has ended."""
    name, parts, count, bnodes, members = None, [], 0, False, []
    for buf, first, end, member in blocks:
        mv = memoryview(buf)
        for g, start, stop, lines, has_bnodes in graph_runs(buf, first, end):
            if g != name:
                if name is not None:
                    yield GraphData(name, parts, count, content_hash(parts, bnodes), members, bnodes=bnodes)
                name, parts, count, bnodes, members = g, [], 0, False, []
            parts.append(mv[start:stop])
            count += lines
            bnodes = bnodes or has_bnodes
            if not members or members[-1] != member:
                members.append(member)
    if name is not None:
        yield GraphData(name, parts, count, content_hash(parts, bnodes), members, bnodes=bnodes)


class DumpReader:
    """The graphs of a build's dump, gzipped N-Quads grouped by graph, and its gzip members (`members`).

    `stream()`: every graph, as soon as its run of lines has ended, inflated, split and hashed by a thread of its
    own (running ahead, while the caller writes and sends; `close` stops it). A graph met again later comes
    again, with its later lines.

    `plan(record, remote)`, for an incremental publish: the members whose bytes are those of a member of the
    dump published last (the record names each graph's members by their SHA-256) are not inflated at all; their
    graphs come back as they were published (`known`). A member is found by its bytes alone: it starts where the
    one before ended and ends where the next gzip header starts (or where the data ends), and those bytes have a
    recorded SHA-256. The other members are inflated (to find their ends too), and their graphs read. A recorded
    member is read all the same when one of its graphs has lines in a member read, or in a recorded member not
    found, or has another count in the store than the record's."""

    MAX_PLANNED = 0.25     # the share of the data inflated while planning, past which every member is streamed

    def __init__(self, data: bytes):
        self.data = data
        self.members = Members()
        self.prefetch: Prefetch | None = None

    def stream(self):
        self.prefetch = Prefetch(_graphs_of(inflate_blocks(self.data, members=self.members)), depth=0,
                                 name="zwgk-read")
        return iter(self.prefetch)

    def close(self) -> None:
        if self.prefetch is not None:
            self.prefetch.close()

    def part_shas(self, g: "GraphData") -> list[str]:
        return [self.members[i].sha256 for i in g.members] if self.members.exact else []

    def _find_known(self, pos: int, known: dict[str, list[str]], magic: list[int]) -> int | None:
        """The end of the recorded member starting at `pos`, if one does: tried at the next three gzip headers."""
        n = len(self.data)
        k = bisect.bisect_right(magic, pos)
        ends = magic[k:k + 3] if k + 3 <= len(magic) else magic[k:] + [n]
        h, last = hashlib.sha256(), pos
        mv = memoryview(self.data)
        for end in ends:
            h.update(mv[last:end])
            last = end
            if h.hexdigest() in known:
                return end
        return None

    def plan(self, record: "Record", remote: dict[str, int]):
        """The graphs, reading only what may have changed since the record (see the class); None when more than
        MAX_PLANNED of the data had to be inflated to find out (then `stream` it all)."""
        known: dict[str, list[str]] = {}
        for g, shas in record.parts.items():
            for sha in shas:
                known.setdefault(sha, []).append(g)
        data, mv, n = self.data, memoryview(self.data), len(self.data)
        magic, at = [], data.find(GZIP_MAGIC, 1)
        while at >= 0:
            magic.append(at)
            at = data.find(GZIP_MAGIC, at + 1)
        texts: dict[int, bytes] = {}
        inflated, pos = 0, 0
        while pos < n:
            end = self._find_known(pos, known, magic)
            if end is None:
                texts[len(self.members)], end = inflate_whole(mv, pos, n)
                inflated += end - pos
                if inflated > self.MAX_PLANNED * n:
                    self.members = Members()
                    return None
            self.members.append(Member(pos, end, hashlib.sha256(mv[pos:end]).hexdigest()))
            pos = skip_padding(data, end, n)
        if any(not t.endswith(b"\n") for t in texts.values() if t):
            self.members = Members()
            return None
        names: dict[int, set[str]] = {}

        def read_member(i: int) -> None:
            if i not in texts:
                texts[i] = inflate_whole(mv, self.members[i].start, n)[0]
            names[i] = {g for g, *_ in graph_runs(texts[i], 0, len(texts[i]))}

        for i in list(texts):
            read_member(i)
        seen = set().union(*names.values())
        skip = {i for i in range(len(self.members)) if i not in names}
        while True:
            shas = {self.members[i].sha256 for i in skip}
            bad = [i for i in skip if any(
                g in seen or record.graphs.get(g, (-1, None))[1] is None or
                remote.get(g) != record.graphs[g][0] or not set(record.parts.get(g, ())) <= shas
                for g in known[self.members[i].sha256])]
            if not bad:
                break
            for i in bad:
                skip.discard(i)
                read_member(i)
                seen |= names[i]
        out = list(_graphs_of((texts[i], 0, len(texts[i]), i) for i in sorted(names)))
        done = set()
        for i in sorted(skip):
            for g in known[self.members[i].sha256]:
                if g not in done:
                    done.add(g)
                    count, sha = record.graphs[g]
                    out.append(GraphData(g, [], count, sha, known=True, recorded=record.parts[g]))
        return out


class dump_graphs:
    """Every graph of gzipped N-Quads (`DumpReader.stream`); `close` stops the reading."""

    def __init__(self, data: bytes):
        self.reader = DumpReader(data)
        self.graphs = self.reader.stream()

    def __iter__(self):
        return self.graphs

    def close(self) -> None:
        self.reader.close()


READ_ENV = "ZWGK_BULK_READ"         # "first" or "streamed": how `read_first` decides, when set
READ_FIRST: bool | None = None      # the same, for tests


def read_first(parallel: int) -> int:
    """How many processes read the dump before the load begins; 0: it is read while the store loads it. Read
    first when the store's loaders would share the machine's cores with the reading (measured on 2 cores with 2
    loaders: the load of 1.45M triples slows from 10.9 to 13.3 s while the reading runs beside it, which is the
    time the reading takes; 2 processes read it in half that); the reading runs beside the load when there are
    cores to spare (or no fork)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    fork = hasattr(os, "fork") and sys.platform.startswith("linux")
    how = os.environ.get(READ_ENV, "").strip().lower()
    first = READ_FIRST if READ_FIRST is not None else how == "first" if how in ("first", "streamed") else \
        cores < parallel + 2
    return min(max(cores, 2), 4) if first and fork else 0


# -- reading in several processes -------------------------------------------------------------------------------

class Irregular(Exception):
    """A graph met in two runs of lines: not for `read_in_processes`."""


def _member_at(data: bytes, pos: int) -> bool:
    """A whole gzip member starts at `pos` (header, deflate data, CRC and length all right)."""
    try:
        inflate_whole(memoryview(data), pos, len(data))
        return True
    except (zlib.error, EOFError):
        return False


def _read_range(data: bytes, lo: int, hi: int, decide, directory: Path, prefix: str, file_triples: int):
    """In a child process: the graphs of the members in data[lo:hi], decided (`decide(graph)`: (changed, to clear)),
    the changed ones written to files in `directory`. Returns what the parent needs, all plain data."""
    members = Members()
    graphs, files, seen = [], [], set()
    pending: list[GraphData] = []
    clear: list[str] = []
    count = 0

    def flush() -> None:
        name = f"{prefix}-{len(files) + 1:05d}.nq"
        with open(directory / name, "wb") as out:
            for g in pending:
                for p in g.parts:
                    out.write(p)
        files.append((name, [g.name for g in pending], count, list(clear)))

    for g in _graphs_of(inflate_blocks(data, members, lo, hi)):
        if g.name in seen:
            raise Irregular(g.name)
        seen.add(g.name)
        changed, to_clear = decide(g)
        graphs.append((g.name, g.count, g.sha256, g.members, changed, g.bnodes))
        if changed:
            pending.append(g)
            count += g.count
            if to_clear:
                clear.append(g.name)
            if count >= file_triples:
                flush()
                pending, clear, count = [], [], 0
    if pending:
        flush()
    return graphs, [(m.start, m.end, m.sha256) for m in members], members.exact, files


def _in_children(jobs: list):
    """Each job run in a forked child (it inherits the data: nothing is copied to it), its result pickled back
    through a pipe; an exception raised in a child is raised here."""
    children: list[tuple[int, int]] = []
    unread: set[int] = set()
    try:
        for job in jobs:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:                      # the child: compute, write the answer, leave without cleaning up
                try:
                    os.close(r)
                    try:
                        answer = pickle.dumps((True, job()))
                    except BaseException as e:  # noqa: BLE001 - handed to the parent
                        answer = pickle.dumps((False, e if isinstance(e, (Irregular, NotSplittable, OSError, EOFError,
                                                                          ValueError, zlib.error)) else repr(e)))
                    view = memoryview(answer)
                    while view:
                        view = view[os.write(w, view):]
                finally:
                    os._exit(0)
            os.close(w)
            children.append((pid, r))
            unread.add(r)
        results = []
        for pid, r in children:
            unread.discard(r)
            with os.fdopen(r, "rb") as f:
                answer = f.read()
            if not answer:
                raise PublishError("a process reading the dump ended without an answer")
            ok, value = pickle.loads(answer)
            if not ok:
                raise value if isinstance(value, BaseException) else PublishError(f"a reading process failed: {value}")
            results.append(value)
        return results
    finally:
        for r in unread:                      # a child still writing gets EPIPE, and leaves
            os.close(r)
        for pid, _ in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def read_in_processes(data: bytes, workers: int, decide, directory: Path, file_triples: int):
    """The whole dump read by `workers` processes at once, each a run of its gzip members (cut where a member
    starts: a gzip header where a whole member inflates), deciding each graph and writing the changed ones to
    files in `directory` (as `_read_range`). Returns (graphs, Members of the whole dump, files), the graphs as
    GraphData without their lines (`sent` when written); None when the dump does not split (one member, or a
    graph met in two runs: then the caller reads it itself, and the files written are left to it)."""
    n = len(data)
    cuts = [0]
    for k in range(1, workers):
        at = data.find(GZIP_MAGIC, max(n * k // workers, cuts[-1] + 1))
        while at > 0 and not _member_at(data, at):
            at = data.find(GZIP_MAGIC, at + 1)
        if at > 0:
            cuts.append(at)
    cuts.append(n)
    if len(cuts) < 3:
        return None
    try:
        parts = _in_children([functools.partial(_read_range, data, lo, hi, decide, directory, f"part-{i}",
                                                file_triples) for i, (lo, hi) in enumerate(zip(cuts, cuts[1:]))])
    except Irregular:
        return None
    members, graphs, files = Members(), [], []
    for found, part_members, exact, part_files in parts:
        offset = len(members)
        members += [Member(*m) for m in part_members]
        members.exact = members.exact and exact
        for name, count, sha, local, changed, bnodes in found:
            graphs.append(GraphData(name, [], count, sha, [offset + i for i in local], sent=changed, bnodes=bnodes))
        files += part_files
    if len({g.name for g in graphs}) < len(graphs):
        return None
    return graphs, members, files


def merge(a: GraphData, b: GraphData) -> GraphData:
    """One graph from two runs of its lines."""
    parts = a.parts + b.parts
    bnodes = a.bnodes or b.bnodes      # (every reader that gives a graph its lines sets the flag)
    return GraphData(a.name, parts, a.count + b.count, content_hash(parts, bnodes),
                     a.members + [m for m in b.members if m not in a.members], bnodes=bnodes)


def collect(graphs) -> dict[str, GraphData]:
    """A name → graph map of `dump_graphs`' graphs (a graph met in several runs gets them all)."""
    out: dict[str, GraphData] = {}
    for g in graphs:
        out[g.name] = merge(out[g.name], g) if g.name in out else g
    return out


def read_manifest(dumps_dir: Path | None) -> dict:
    path = dumps_dir / "manifest.json" if dumps_dir else None
    if path is None or not path.is_file():
        return {}
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return m if isinstance(m, dict) else {}


def store_graph_names(store_dir: Path) -> set[str] | None:
    if not store_dir.is_dir():
        return None
    store = ox.Store.read_only(str(store_dir))
    try:
        return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    finally:
        del store


@dataclass
class Dump:
    """The build's N-Quads dump (zwgk.nq.gz), its bytes and their SHA-256, and what the build says of it."""
    path: Path | None
    data: bytes | None = None
    sha256: str | None = None
    manifest: dict | None = None

    @classmethod
    def of(cls, dumps_dir: Path | None) -> "Dump":
        path = dumps_dir / "zwgk.nq.gz" if dumps_dir else None
        if path is None or not path.is_file():
            return cls(None)
        data = path.read_bytes()
        return cls(path, data, hashlib.sha256(data).hexdigest(), read_manifest(dumps_dir))

    @property
    def expected_quads(self) -> int | None:
        n = (self.manifest or {}).get("store_quads")
        return n if isinstance(n, int) else None

    @property
    def vouched(self) -> bool:
        """The build's manifest gives this very file (its SHA-256) and the store's quad count."""
        entry = next((f for f in (self.manifest or {}).get("files", []) if isinstance(f, dict) and
                      f.get("path") == "zwgk.nq.gz"), None)
        return entry is not None and entry.get("sha256") == self.sha256 and self.expected_quads is not None

    def agrees(self, names, quads: int, store_names: set[str] | None) -> bool:
        """The graphs read from the dump may stand for the build: the store's graphs, the manifest's count."""
        return ((store_names is None or set(names) == store_names) and
                (self.expected_quads is None or self.expected_quads == quads))


def read_graphs(store_dir: Path, dumps_dir: Path | None, dump: Dump | None = None,
                reader: DumpReader | None = None) -> tuple[dict[str, GraphData], str]:
    """Every named graph of the build, from the N-Quads dump when it is there and agrees with the store (the
    same graphs, the quad count the manifest gives), else from the store. (graphs, where from)"""
    dump = dump if dump is not None else Dump.of(dumps_dir)
    store_names = store_graph_names(store_dir)
    if dump.path is not None:
        try:
            graphs = collect((reader or DumpReader(dump.data)).stream())
        except (NotSplittable, OSError, EOFError, ValueError, zlib.error):   # ValueError: no final newline, not UTF-8
            graphs = None
        if graphs is not None and dump.agrees(graphs, sum(g.count for g in graphs.values()), store_names):
            return graphs, str(dump.path)
    if store_names is None:
        raise PublishError(f"no store at {store_dir} and no dump at {dumps_dir and dumps_dir / 'zwgk.nq.gz'}; "
                           "run `zwgk build` first")
    store = ox.Store.read_only(str(store_dir))
    graphs = {}
    for name in sorted(store_names):
        data = ox.serialize(store.quads_for_pattern(None, None, None, ox.NamedNode(name)), format=ox.RdfFormat.N_QUADS)
        graphs[name] = GraphData(name, [data], data.count(b"\n"), content_hash([data], b"_:" in data),
                                 bnodes=b"_:" in data)
    return graphs, str(store_dir)


# -- loading through the protocols ---------------------------------------------------------------------------

def staging_graph(graph: str) -> str:
    """Where `graph` is loaded before the swap; fixed per graph, so a crashed run's leftovers are reused."""
    return STAGING_PREFIX + hashlib.sha1(graph.encode()).hexdigest()


def units(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """The triples in indivisible groups: every triple alone, except that triples connected through blank nodes
    form one group (a blank node split across two requests would become two nodes)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        b = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(b) == 2:
            parent[find(b[0])] = find(b[1])
        elif b:
            find(b[0])
    plain, groups = [], {}
    for t in triples:
        b = next((n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)), None)
        if b is None:
            plain.append([t])
        else:
            groups.setdefault(find(b), []).append(t)
    return plain + list(groups.values())


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    out, cur = [], []
    for u in units(triples):
        if cur and len(cur) + len(u) > size:
            out.append(cur)
            cur = []
        cur = cur + u if cur else list(u)
    if cur:
        out.append(cur)
    return out


def ntriples(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class Publisher:
    def __init__(self, client: SparqlClient, use_gsp: bool, batch: int | None = None, progress=None):
        self.client = client
        self.use_gsp = use_gsp
        self.batch = batch or (DEFAULT_GSP_BATCH if use_gsp else DEFAULT_UPDATE_BATCH)
        self.progress = progress or (lambda n: None)

    def ask(self, query: str) -> bool:
        body, ctype, _ = self.client.query(query, RESULTS_XML)
        return bool(parse_results(body, ctype))

    def count(self, graph: str) -> int:
        return self.counts([graph]).get(graph, 0)

    def counts(self, graphs: list[str]) -> dict[str, int]:
        """Triples per graph (graphs the store does not have are left out). Many graphs: one GROUP BY over the
        store's graphs (Virtuoso: 0.8 s for 3,000 graphs and 1.45M triples; a VALUES list of graph names is planned
        as a scan per name and times out); a few: one COUNT each."""
        wanted = set(graphs)
        if len(graphs) > 8:
            every = self.all_counts()
            if every is not None:
                return {g: n for g, n in every.items() if g in wanted}
        out: dict[str, int] = {}
        for g in graphs:
            body, ctype, _ = self.client.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                                               RESULTS_XML)
            n = int(list(parse_results(body, ctype))[0]["n"].value)
            if n:
                out[g] = n
        return out

    def all_counts(self) -> dict[str, int] | None:
        """Triples per graph for every graph of the store, in one GROUP BY; None when the store cut the answer at
        its row limit."""
        rows, headers = self.rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        if "x-sparql-maxrows" in headers:
            return None
        return {r["g"]: int(r["n"]) for r in rows if r["g"] is not None}

    def rows(self, query: str) -> tuple[list[dict[str, str | None]], dict]:
        """A SELECT's rows as the values' text (None: unbound), asked as CSV (SPARQL 1.1 CSV results: Virtuoso
        writes 3,000 rows in a fifth of the time it takes for XML, 0.05 s instead of 0.15-0.3 s), else XML."""
        body, ctype, headers = self.client.query(query, f"text/csv, {RESULTS_XML};q=0.9")
        if ctype == "text/csv":
            reader = csv.reader(io.StringIO(body.decode("utf-8")))
            names = next(reader, [])
            if not names or not body.endswith(b"\n"):
                raise RemoteError(f"{public_url(self.client.endpoint)} answered a query with a cut CSV document")
            return [{n: v or None for n, v in zip(names, row)} for row in reader], headers
        res = parse_results(body, ctype)
        names = [v.value for v in res.variables]
        return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in res], headers

    def updates(self, ops: list[str]) -> None:
        """Many update operations, OPS_PER_REQUEST to a request."""
        for i in range(0, len(ops), OPS_PER_REQUEST):
            self.client.update(" ;\n".join(ops[i:i + OPS_PER_REQUEST]))

    def _insert(self, graph: str, chunk: list[ox.Triple]) -> int:
        """Insert one batch into `graph`; returns the number of requests it took (a rejected batch is split)."""
        if self.use_gsp:
            self.client.graph_store_request("POST", graph, ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES),
                                            "text/turtle")   # N-Triples is Turtle; stores parse text/turtle fastest
            return 1
        body = ntriples(chunk)
        has_bnode = any(isinstance(n, ox.BlankNode) for t in chunk for n in (t.subject, t.object))
        # INSERT DATA is the plain form; with blank nodes INSERT … WHERE {} (Virtuoso refuses them in INSERT DATA)
        update = (f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}" if has_bnode
                  else f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
        try:
            self.client.update(update)
            return 1
        except RemoteError as e:
            parts = units(chunk)
            if e.kind != "rejected" or len(parts) < 2:
                raise
            half = len(parts) // 2          # too large for the store: split in two and retry
            return (self._insert(graph, [t for u in parts[:half] for t in u]) +
                    self._insert(graph, [t for u in parts[half:] for t in u]))

    def replace(self, graph: str, triples: list[ox.Triple], report: GraphReport) -> None:
        t0 = time.perf_counter()
        stage = staging_graph(graph)
        self.client.update(f"DROP SILENT GRAPH <{stage}>")
        try:
            for chunk in batches(triples, self.batch):
                report.batches += self._insert(stage, chunk)
                self.progress(len(chunk))
            staged = self.count(stage)
            if staged != len(triples):
                raise PublishError(f"{graph}: the store holds {staged} triples after loading {len(triples)}: "
                                   "partial load; the published graph was left as it was")
            self.client.update(f"MOVE <{stage}> TO <{graph}>")
        except BaseException:
            try:
                self.client.update(f"DROP SILENT GRAPH <{stage}>")
            except RemoteError:
                pass
            raise
        report.remote = self.count(graph)
        report.seconds = time.perf_counter() - t0
        if report.remote != len(triples):
            report.status = "MISMATCH"
            raise PublishError(f"{graph}: read back {report.remote} triples, published {len(triples)}")
        report.status = "ok"

    def record_head(self, base: str) -> list[ox.Triple]:
        """The record's own triples (those of the record and of its dump's nodes; not the graphs' entries), as the
        store holds them."""
        rec = record_graph(base)
        body, ctype, _ = self.client.query(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{rec}> {{ ?s ?p ?o "
            f"FILTER(?s IN (<{rec}>, <{rec}#dump>, <{rec}#dump-sha256>) && ?p != <{SD}namedGraph>) }} }}", RESULTS_XML)
        return [ox.Triple(r["s"], r["p"], r["o"]) for r in parse_results(body, ctype)]

    def record_dump(self, base: str) -> str | None:
        """The SHA-256 of the dump the last publication was read from (None: no record, or none in it)."""
        rec = record_graph(base)
        rows, _ = self.rows(f"SELECT ?dump WHERE {{ GRAPH <{rec}> {{ <{rec}> <{DCT}source> ?d . "
                            f"?d <{SPDX}checksum> ?dk . ?dk <{SPDX}checksumValue> ?dump }} }}")
        return rows[0]["dump"] if len(rows) == 1 else None

    def previous(self, base: str, checksums: bool = True) -> "Record":
        """The last publication's graphs, (triples, sha256 or None) each, and the SHA-256 of the dump's gzip members
        each graph's lines were in; only the triple counts unless `checksums` (Virtuoso at 3,000 graphs: 0.04 s for
        the counts, 0.15 s for everything in one query; 0.3 s for the counts and the checksums without the members,
        and 0.45 s with spdx:checksum/spdx:checksumValue as a property path). An answer cut at the store's row
        limit counts as no record."""
        rec = record_graph(base)
        more = (f"OPTIONAL {{ ?ng <{SPDX}checksum> ?ck . ?ck <{SPDX}checksumValue> ?sha }} "
                f"OPTIONAL {{ ?ng <{DCT}source> ?part }} ") if checksums else ""
        rows, headers = self.rows(
            f"SELECT ?g ?n {'?sha ?part ' if checksums else ''}WHERE {{ GRAPH <{rec}> {{ "
            f"<{rec}> <{SD}namedGraph> ?ng . ?ng <{SD}name> ?g . OPTIONAL {{ ?ng <{VOID}triples> ?n }} {more}}} }}")
        if "x-sparql-maxrows" in headers:
            return Record({})
        graphs: dict[str, tuple[int, str | None]] = {}
        parts: dict[str, list[str]] = {}
        prefix = f"{rec}#part-"
        for r in rows:
            g = r["g"]
            if g is None:
                continue
            graphs[g] = (int(r["n"]) if r["n"] is not None else -1, r.get("sha"))
            part = r.get("part")
            if part and part.startswith(prefix) and part[len(prefix):] not in parts.setdefault(g, []):
                parts[g].append(part[len(prefix):])
        return Record(graphs, parts={g: p for g, p in parts.items() if p})


@dataclass
class Record:
    """What the publication record in the store says: {graph: (triples, sha256)}, the dump's SHA-256, and (when
    asked for) {graph: the SHA-256 of the dump's gzip members its lines were in}."""
    graphs: dict[str, tuple[int, str | None]]
    dump: str | None = None
    parts: dict[str, list[str]] = field(default_factory=dict)


# -- loading through the store's bulk loader --------------------------------------------------------------------

class BulkLoader:
    """Virtuoso's bulk loader, driven over SPARQL while the graphs are still being read: `sql:ld_add` registers
    each file as soon as it is written, `--parallel` loaders (`sql:rdf_loader_run`, one request each, taking
    files off the shared list) load them meanwhile and are started again while files keep coming,
    `bif:exec('checkpoint')` makes the load durable (the loader bypasses the transaction log). Needs the
    authenticated endpoint (the dba's rights).

    A file with graphs the store holds already is held back until no loader runs: then those graphs are cleared
    and the file registered (Virtuoso loses triples of the files being loaded while another request clears
    graphs: 1863 of a graph's 1956 triples, no error anywhere).

        with BulkLoader(client, local_dir, remote_dir, parallel, timeout, clear) as loader:
            loader.open()                 # the store may read the directory: checked before anything is touched
            loader.add(graph, to_clear)   # … for each graph; to_clear: whether the store may hold it
            loader.finish()               # the last file, every loader done, checkpoint
    """

    def __init__(self, client: SparqlClient, local_dir: Path, remote_dir: str | None, parallel: int,
                 timeout: float, clear, file_triples: int | None = None):
        self.client, self.local_dir, self.parallel, self.timeout = client, Path(local_dir), parallel, timeout
        self.clear, self.file_triples = clear, file_triples or BULK_FILE_TRIPLES
        self.remote_dir = (remote_dir or str(self.local_dir.resolve())).rstrip("/")
        if not self.local_dir.is_dir():
            raise PublishError(f"--bulk-dir {self.local_dir}: no such directory")
        if not os.access(self.local_dir, os.W_OK):
            raise PublishError(f"--bulk-dir {self.local_dir}: not writable")
        run = f"zwgk-{uuid.uuid4().hex[:12]}"
        self.local, self.remote = self.local_dir / run, f"{self.remote_dir}/{run}"
        self.pending: list[GraphData] = []
        self.pending_clear: list[str] = []
        self.pending_triples = 0
        self.written = 0
        self.held: list[tuple[str, list[str], int]] = []       # written, waiting for their graphs to be cleared
        self.held_graphs: set[str] = set()                       # and their graphs
        self.files: list[tuple[str, list[str], int]] = []      # registered: file name, its graphs, its triples
        self.cond = threading.Condition()
        self.done = False
        self.seen: list[float] = []       # per loader: the files registered when it last started (inf: stopped)
        self.busy = 0
        self.loaders: list[threading.Thread] = []
        self.errors: list[BaseException] = []
        self.seconds = 0.0              # from the first file registered to the checkpoint's end
        self._t0: float | None = None
        self.loaded_at: float | None = None       # perf_counter() when the last loader returned

    def call(self, expression: str, timeout: float | None = None) -> str:
        body, ctype, _ = self.client.query(f"SELECT ({expression} AS ?r) WHERE {{}}", RESULTS_XML,
                                           timeout=timeout or self.timeout, endpoint=self.client.update_endpoint)
        rows = list(parse_results(body, ctype))
        return rows[0]["r"].value if rows and rows[0]["r"] is not None else ""

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(failed=kind is not None)

    def open(self) -> None:
        """Make the run's directory and check that the store may read it and sees what zwgk writes there."""
        self.local.mkdir()
        (self.local / "probe.txt").write_bytes(b"zwgk\n")
        try:     # registers nothing (no *.nq yet); Virtuoso checks DirsAllowed
            self.call(f"sql:ld_dir({ox.Literal(self.remote)}, \"*.nq\", {ox.Literal(STAGING_PREFIX + 'unused')})")
        except RemoteError as e:
            if re.search(r"FA\d+|access control|DirsAllowed|denied", str(e), re.I):
                raise PublishError(f"the store may not read {self.remote}: add {self.remote_dir} to DirsAllowed in "
                                   f"its virtuoso.ini, or give --bulk-dir-remote as the store sees --bulk-dir "
                                   f"({e})") from None
            raise
        seen = self.call(f"bif:file_stat({ox.Literal(self.remote + '/probe.txt')}, 1)")
        if not seen or seen == "0":
            raise PublishError(f"the store does not see the files zwgk writes to {self.local_dir} at {self.remote}: "
                               f"give --bulk-dir-remote as the store sees --bulk-dir")

    def add(self, graph: GraphData, to_clear: bool) -> None:
        """Put a graph's lines into the file being filled (written and registered, or held, once full)."""
        self.pending.append(graph)
        if to_clear:
            self.pending_clear.append(graph.name)
        self.pending_triples += graph.count
        if self.pending_triples >= (self.file_triples if self.files or self.held else BULK_FIRST_FILE_TRIPLES):
            self.flush()

    def flush(self) -> None:
        """Write the file being filled; register it, or hold it when it has graphs to clear first."""
        if self.pending:
            self.written += 1
            name = f"part-{self.written:05d}.nq"
            tmp = self.local / (name + ".tmp")
            with open(tmp, "wb") as out:
                for g in self.pending:
                    for p in g.parts:
                        out.write(p)
            tmp.rename(self.local / name)
            entry = (name, list(dict.fromkeys(self.pending_clear)), self.pending_triples)
            # held too: more lines of a graph held back (a dump not grouped by graph), not to be cleared after them
            hold = entry[1] or any(g.name in self.held_graphs for g in self.pending)
            self.pending, self.pending_clear, self.pending_triples = [], [], 0
            if hold:
                self.held.append(entry)
                self.held_graphs.update(entry[1])
            else:
                self._register([entry])
        if self.held and self._idle():
            self._release()

    def adopt(self, entries: list[tuple[str, list[str], int, list[str]]]) -> None:
        """Files written to the run's directory by others (`read_in_processes`), before anything was registered:
        (name, its graphs, its triples, the graphs to clear first); cleared, registered."""
        self.clear([g for *_, graphs in entries for g in graphs])
        self.written += len(entries)
        self._register([(name, graphs, triples) for name, graphs, triples, _ in entries], every=True)

    def _idle(self) -> bool:
        """No loader runs nor is about to (every one has seen every file registered, or stopped)."""
        with self.cond:
            return self.busy == 0 and all(s >= len(self.files) for s in self.seen)

    def _release(self) -> None:
        """The held files: their graphs cleared (no loader running), then registered."""
        held, self.held, self.held_graphs = self.held, [], set()
        self.clear([g for _, graphs, _ in held for g in graphs])
        self._register(held)

    def _register(self, entries: list[tuple[str, list[str], int]], every: bool = False) -> None:
        """Put files on the store's load list: one ld_add each, or (`every`: they are all the run's directory
        holds) one ld_dir for them all (60 requests at 1,000 catalogues: 0.3 s before the load could begin)."""
        if every:
            self.call(f"sql:ld_dir({ox.Literal(self.remote)}, \"*.nq\", {ox.Literal(STAGING_PREFIX + 'unused')})")
        for name, _, _ in [] if every else entries:
            self.call(f"sql:ld_add({ox.Literal(self.remote + '/' + name)}, {ox.Literal(STAGING_PREFIX + 'unused')})")
        with self.cond:
            self.files += entries
            self.cond.notify_all()
        if not self.loaders:
            self._t0 = time.perf_counter()
            self.seen = [0] * self.parallel
            self.loaders = [threading.Thread(target=self._loader, args=(i,), name=f"zwgk-loader-{i}", daemon=True)
                            for i in range(self.parallel)]
            for t in self.loaders:
                t.start()

    def _loader(self, i: int) -> None:
        """One loader: rdf_loader_run takes registered files until none is left, and returns; it is called again
        when more were registered meanwhile, and once more after the last."""
        try:
            while True:
                with self.cond:
                    while len(self.files) == self.seen[i] and not self.done:
                        self.cond.wait()
                    self.seen[i], last = len(self.files), self.done
                    self.busy += 1
                try:
                    self.call("sql:rdf_loader_run()", max(self.timeout, 3600))
                finally:
                    with self.cond:
                        self.busy -= 1
                        self.cond.notify_all()
                if last:
                    return
        except BaseException as e:  # noqa: BLE001 - raised again by finish()
            self.errors.append(e)
        finally:
            with self.cond:
                self.seen[i] = math.inf
                self.cond.notify_all()

    def _wait_idle(self) -> None:
        with self.cond:
            while not (self.busy == 0 and all(s >= len(self.files) for s in self.seen)):
                self.cond.wait()

    def finish(self, checkpoint: bool = True) -> None:
        """The last file; the held files once the loaders are idle; every loader to its end; a checkpoint (or
        call `checkpoint` later)."""
        self.flush()
        if self.held:
            self._wait_idle()
            if self.errors:
                raise self.errors[0]
            self._release()
        self._stop_loaders()
        self.loaded_at = time.perf_counter()
        if self.errors:
            raise self.errors[0]
        if checkpoint:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Make the load durable (Virtuoso's loader does not log)."""
        if self.loaders:
            self.call('bif:exec("checkpoint")', max(self.timeout, 600))
            self.seconds = time.perf_counter() - (self._t0 or time.perf_counter())

    def _stop_loaders(self) -> None:
        with self.cond:
            self.done = True
            self.cond.notify_all()
        for t in self.loaders:
            t.join()

    def close(self, failed: bool = False) -> None:
        """After the load, or a failure (the files not taken yet are taken off the list first, and the loaders
        finish the files they are loading): the run's files off the store's load list (ld_dir never registers a
        file twice) and removed."""
        try:
            if failed and self.files:
                self._forget(" AND LL_STATE = 0")
            self._stop_loaders()
            if self.files:
                self._forget()
        finally:
            if failed or not self.files:
                shutil.rmtree(self.local, ignore_errors=True)
            else:       # while the record is moved in place; `removed()` waits for it
                self._removing = threading.Thread(target=shutil.rmtree, args=(self.local, True), daemon=True)
                self._removing.start()

    def removed(self) -> None:
        """The run's directory is gone (after `close`)."""
        if getattr(self, "_removing", None) is not None:
            self._removing.join()

    def _forget(self, condition: str = "") -> None:
        pattern = self.remote.replace("'", "''") + "/%"
        sql = f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE '{pattern}'{condition}"
        try:
            self.call(f"bif:exec({ox.Literal(sql)})")
        except RemoteError:
            pass


# -- the publication record ---------------------------------------------------------------------------------

@dataclass
class NewRecord:
    """The publication record to write: `fixed` (what every record says), `stamp` (this publication's time,
    identifier, build time, dump checksum) and each graph's `entries` (name, count, checksum, members; the node
    of a graph is named after the graph, so a graph's entry is the same triples from one publication to the
    next when the graph is)."""
    fixed: list
    stamp: list
    entries: dict

    def triples(self) -> list[ox.Triple]:
        return self.fixed + self.stamp + [t for g in sorted(self.entries) for t in self.entries[g]]

    def __len__(self) -> int:
        return len(self.fixed) + len(self.stamp) + sum(len(e) for e in self.entries.values())

    def update(self, old: list[ox.Triple], graphs: list[str]) -> str:
        """One SPARQL Update request (one transaction: a reader sees the old record or the new) turning the
        record whose head and entries of `graphs` (changed, added or gone) are `old`, and whose other entries are
        this one's, into this one. DELETE DATA and INSERT DATA: Virtuoso takes 0.1-0.25 s for each DELETE … WHERE
        of a graph's entry, a few ms for the data."""
        rec = self.fixed[0].subject.value            # the record is about itself: its graph's name
        new = self.fixed + self.stamp + [t for g in graphs for t in self.entries.get(g, [])]
        return (f"DELETE DATA {{ GRAPH <{rec}> {{\n{ntriples(old)}}} }} ;\n"
                f"INSERT DATA {{ GRAPH <{rec}> {{\n{ntriples(new)}}} }}")


def record_triples(base: str, graphs: dict[str, tuple[int, str | None]], built: str | None,
                   dump_sha256: str | None = None, parts: dict[str, list[str]] | None = None) -> NewRecord:
    """The publication record: when, an identifier, the build's time, and for every graph its name, its triple
    count and the SHA-256 of its N-Quads; and the SHA-256 of the dump (zwgk.nq.gz) the graphs were read from,
    with which the next publish of the same dump knows that nothing changed without inflating it, and of each of
    the dump's gzip members each graph's lines were in (dct:source <…#part-SHA256>), with which the next publish
    of another dump inflates only the members that are not byte for byte those of this one."""
    rec = ox.NamedNode(record_graph(base))
    N, L = ox.NamedNode, ox.Literal
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fixed = [ox.Triple(rec, N(RDF_TYPE), N(SD + "Dataset")),
             ox.Triple(rec, N(DCT + "description"), L("zwgk publish: the graphs of this data set", language="en"))]
    stamp = [ox.Triple(rec, N(DCT + "modified"), L(now, datatype=N(XSD + "dateTime"))),
             ox.Triple(rec, N(DCT + "identifier"), L(uuid.uuid4().hex))]
    if built:
        stamp.append(ox.Triple(rec, N(DCT + "created"), L(built, datatype=N(XSD + "dateTime"))))
    if dump_sha256:
        dump, ck = N(f"{rec.value}#dump"), N(f"{rec.value}#dump-sha256")
        stamp += [ox.Triple(rec, N(DCT + "source"), dump),
                  ox.Triple(dump, N(SPDX + "fileName"), L("zwgk.nq.gz")),
                  ox.Triple(dump, N(SPDX + "checksum"), ck),
                  ox.Triple(ck, N(SPDX + "algorithm"), N(SPDX + "checksumAlgorithm_sha256")),
                  ox.Triple(ck, N(SPDX + "checksumValue"), L(dump_sha256, datatype=N(XSD + "hexBinary")))]
    entries = {}
    for g, (count, sha) in graphs.items():
        ng = N(f"{rec.value}#graph-{hashlib.sha1(g.encode()).hexdigest()[:20]}")
        entry = [ox.Triple(rec, N(SD + "namedGraph"), ng),      # an sd:NamedGraph by sd:namedGraph's range
                 ox.Triple(ng, N(SD + "name"), N(g)),
                 ox.Triple(ng, N(VOID + "triples"), L(str(count), datatype=N(XSD + "integer")))]
        entry += [ox.Triple(ng, N(DCT + "source"), N(f"{rec.value}#part-{part}"))
                  for part in dict.fromkeys((parts or {}).get(g, ()))]
        if sha:
            ck = N(f"{ng.value}-sha256")
            entry += [ox.Triple(ng, N(SPDX + "checksum"), ck),
                      ox.Triple(ck, N(SPDX + "algorithm"), N(SPDX + "checksumAlgorithm_sha256")),
                      ox.Triple(ck, N(SPDX + "checksumValue"), L(sha, datatype=N(XSD + "hexBinary")))]
        entries[g] = entry
    return NewRecord(fixed, stamp, entries)


# -- progress and summary --------------------------------------------------------------------------------------

class Progress:
    """The progress of the graphs sent, on stderr: on a terminal a bar over their triples with the count, the
    time elapsed and the time left, and the graphs done (zwgk.console); elsewhere a line per graph. Thread-safe."""

    def __init__(self, total: int, graphs: int, stream=None):
        from .console import make_console, progress
        self.graphs, self.stream = graphs, stream if stream is not None else sys.stderr
        self.graphs_done = 0
        self.lock = threading.Lock()
        self.shown = ExitStack()
        self.bar = self.shown.enter_context(progress(total, "publishing", unit="triples",
                                                     console=make_console(self.stream)))
        self.bar.update(0)     # shown from now on, the time elapsed counting (a bulk load reports once, at its end)

    def update(self, n: int) -> None:
        self.bar.advance(n)

    def graph_done(self, report: GraphReport) -> None:
        with self.lock:
            self.graphs_done += 1
            if self.bar.active:
                self.bar.update(what=f"graph {self.graphs_done}/{self.graphs}: {report.graph}")
            else:
                self.stream.write(f"[{self.graphs_done}/{self.graphs}] {report.graph}: {report.triples} triples "
                                  f"({report.seconds:.2f} s)\n")
                self.stream.flush()

    def close(self) -> None:
        self.shown.close()


def summary_table(reports: list[GraphReport], base: str, seconds: float) -> str:
    from .console import table

    def short(g: str) -> str:
        return g[len(base):] if g.startswith(base + "/") else g
    rows = [(short(r.graph), r.triples, "" if r.remote is None else r.remote, r.batches, f"{r.seconds:.2f}",
             r.status) for r in reports]
    total = sum(r.triples for r in reports)
    sent = sum(r.triples for r in reports if r.status == "ok")
    unchanged = sum(1 for r in reports if r.status == "unchanged")
    footer = (f"total ({len(reports)} graphs, {unchanged} unchanged; {sent} triples sent, "
              f"{sent / max(seconds, 1e-9):,.0f} triples/s)", total, sum(r.remote or 0 for r in reports),
              sum(r.batches for r in reports), f"{seconds:.2f}",
              "ok" if all(r.status in ("ok", "unchanged") or r.status.startswith("dropped") for r in reports)
              else "FAILED")
    return table(["graph", "triples", "read back", "requests", "seconds", "status"], rows, footer,
                 ["left", "right", "right", "right", "right", "left"])


# -- publish -----------------------------------------------------------------------------------------------------

def publish(store_dir: Path, base: str, client: SparqlClient, use_gsp: bool, batch: int | None = None,
            built: str | None = None, show_progress: bool = True, dumps_dir: Path | None = None,
            bulk_dir: Path | None = None, bulk_remote: str | None = None, parallel: int = DEFAULT_PARALLEL,
            full: bool = False, timeout: float = 300, times: list | None = None) -> tuple[list[GraphReport], float]:
    """Publish the changed graphs; returns the reports. Raises PublishError/RemoteError (reports on `.reports`).
    `times` gets (step, seconds since the start) as the steps end."""
    run = Publication(store_dir, base, client, use_gsp, batch, built, show_progress, dumps_dir, full)
    try:
        if bulk_dir is not None:
            run.bulk(bulk_dir, bulk_remote, parallel, timeout)
        else:
            run.protocols(parallel)
    except (RemoteError, PublishError) as e:
        run.close()
        e.reports = run.order()  # type: ignore[attr-defined]
        raise
    run.close()
    if times is not None:
        times += run.times
    return run.order(), time.perf_counter() - run.t0


class Publication:
    """One run of `zwgk publish`: the reports of the graphs as they are decided, sent and read back."""

    def __init__(self, store_dir: Path, base: str, client: SparqlClient, use_gsp: bool, batch: int | None,
                 built: str | None, show_progress: bool, dumps_dir: Path | None, full: bool):
        self.t0 = time.perf_counter()
        self.store_dir, self.base, self.client, self.use_gsp = store_dir, base, client, use_gsp
        self.built, self.show_progress, self.dumps_dir, self.full = built, show_progress, dumps_dir, full
        self.pub = Publisher(client, use_gsp, batch)
        self.reports: dict[str, GraphReport] = {}
        self.dropped: list[GraphReport] = []
        self.rec_report: GraphReport | None = None
        self.bar: Progress | None = None
        self.dump = Dump.of(dumps_dir)
        self.previous = Record({})
        self.times: list[tuple[str, float]] = []     # (what, seconds since the start) when each step ended
        self.remote: dict[str, int] | None = None

    def mark(self, what: str, at: float | None = None) -> None:
        self.times.append((what, (at or time.perf_counter()) - self.t0))

    def order(self) -> list[GraphReport]:
        return [self.reports[g] for g in sorted(self.reports)] + self.dropped + \
            ([self.rec_report] if self.rec_report else [])

    def close(self) -> None:
        if self.bar:
            self.bar.close()
            self.bar = None

    def progress(self, n: int) -> None:
        if self.bar:
            self.bar.update(n)

    def begin(self) -> None:
        """The update endpoint and the credentials first (a no-op update), even when nothing is to be sent; then,
        at the same time, the last publication's record, the store's counts (`nothing_changed`) and the embedded
        store's graphs. Of the record, only the counts when it names this very dump (nothing changed, likely)."""
        self.client.update(f"DROP SILENT GRAPH <{STAGING_PREFIX}check>")
        pool = ThreadPoolExecutor(2)
        self._counts = pool.submit(self.pub.all_counts)
        self._store_names = pool.submit(store_graph_names, self.store_dir)
        pool.shutdown(wait=False)
        dump = self.pub.record_dump(self.base)
        self.previous = self.pub.previous(self.base, checksums=not (dump and dump == self.dump.sha256))
        self.previous.dump = dump
        self.mark("record read")

    def same_dump(self) -> bool:
        """The dump is the one the last publication was read from (its SHA-256 in the record)."""
        return not self.full and self.dump.sha256 is not None and self.previous.dump == self.dump.sha256

    def nothing_changed(self) -> bool:
        """The store's counts; True when nothing changed since the last publication, known from the dump's
        checksum alone (not one byte of it inflated): the same dump, the record's graphs still in the store with
        their counts (and the store, if there, with the same graphs)."""
        self.remote = self._counts.result()
        self.mark("store counted")
        graphs = self.previous.graphs
        same = self.same_dump() and graphs and all(n >= 0 for n, _ in graphs.values()) and \
            self.dump.agrees(graphs, sum(n for n, _ in graphs.values()), self._store_names.result())
        if same:
            remote = self.remote if self.remote is not None else self.pub.counts(sorted(graphs))
            same = all(remote.get(g) == n for g, (n, _) in graphs.items())
        if same:
            for g, (n, _) in graphs.items():
                self.reports[g] = GraphReport(g, n, n, status="unchanged")
            return True
        if self.same_dump():        # the record was read without its checksums: now with them
            self.previous = self.pub.previous(self.base)
            self.previous.dump = self.dump.sha256
        return False

    def unchanged(self, g: GraphData) -> bool:
        return (not self.full and self.previous.graphs.get(g.name) == (g.count, g.sha256) and
                self.remote is not None and self.remote.get(g.name) == g.count)

    def record(self, graphs: dict[str, GraphData], reader: DumpReader | None) -> "NewRecord":
        """The new record; with the dump's checksum and the graphs' members when the graphs came from the dump
        (`reader`)."""
        self.parts = {g: d.recorded if d.known else reader.part_shas(d) for g, d in graphs.items()} if reader else {}
        return record_triples(self.base, {g: (d.count, d.sha256) for g, d in graphs.items()}, self.built,
                              self.dump.sha256 if reader else None, self.parts)

    # -- through the store's bulk loader --------------------------------------------------------------------

    def bulk(self, bulk_dir: Path, bulk_remote: str | None, parallel: int, timeout: float) -> None:
        """Through the store's bulk loader. The graphs of the dump are decided (unchanged or not) one by one, the
        changed ones written to files the loaders load: the dump read first by several processes, or as the
        loaders load it (`read_first`), or only its members that changed (`DumpReader.plan`). A graph the store
        may hold is cleared before its file is registered, at a time no loader runs. The record is loaded with
        the graphs (into its staging graph, or in place without its stamp the first time) or updated after them
        (a few entries); once the store has checkpointed and every count has been read back, it is moved in
        place, or gets its stamp, in one transaction."""
        loader = BulkLoader(self.client, bulk_dir, bulk_remote, parallel, timeout, self.clear)  # checks the dir
        self.begin()
        # streamed when the checks read_graphs makes can wait for the end: the build's manifest vouches for the
        # dump (the same file), or there is no store to hold it against
        streamed = self.dump.path is not None and (self.dump.vouched or not self.store_dir.is_dir())
        reader = DumpReader(self.dump.data) if self.dump.path is not None else None
        # the members of the dump published last are known (the record has them): planned, after the counts;
        # else the dump is inflated from now on, while the store counts
        planned = streamed and bool(self.previous.parts) and not self.full
        # all of it read before the load by several processes when the store would have to share the cores with
        # the reading (`read_first`), else inflated from now on, while the store counts, and loaded as it is read
        workers = read_first(parallel) if streamed else 0
        source = reader.stream() if streamed and not planned and not workers and not self.same_dump() else None
        try:
            nothing = self.nothing_changed()
        except BaseException:
            if reader is not None:
                reader.close()
            raise
        if nothing:
            if reader is not None:
                reader.close()
            return
        known = self.remote is not None        # else the counts of the last publication's graphs only
        remote = self.remote = self.remote if known else self.pub.counts(sorted(self.previous.graphs))
        store_names = None
        if streamed:
            if source is None and planned and known:
                source = reader.plan(self.previous, remote)
                self.mark("dump planned")
            if source is None and not workers:
                source = reader.stream()
            store_names = self._store_names.result()
        else:
            got, where = read_graphs(self.store_dir, self.dumps_dir, self.dump, reader)
            source = (got[g] for g in sorted(got))
            if where != str(self.dump.path):
                reader = None
        rec = record_graph(self.base)
        stage = staging_graph(rec)
        graphs: dict[str, GraphData] = {}
        changed: dict[str, None] = {}
        # cleared before anything is loaded: the record's staging graph (a failed run's leftovers), and the record's
        # graph when it lists no graph (loaded in place then)
        cleared = {stage} | (set() if self.previous.graphs else {rec})

        def decide(g: GraphData) -> tuple[bool, bool]:
            """(changed, to be cleared first: the store may hold it, as a graph of the last publication, counted
            in the store, or any when the store's counts are not known). With --full, only a graph with blank nodes
            is cleared first (loaded again, they would be new ones); the others are loaded over what the store
            holds, and those that then hold more than the build's triples are cleared and loaded again
            (`reload`)."""
            if not self.full and (g.known or self.unchanged(g)):    # known: not read, unchanged (DumpReader.plan)
                return False, False
            may_hold = g.name not in cleared and (g.name in self.previous.graphs or g.name in remote or not known)
            return True, may_hold and (g.bnodes or not self.full)

        def send(g: GraphData) -> None:
            """Load a changed graph (one another process read has been written to a file already)."""
            if self.bar is None and self.show_progress:
                self.bar = Progress(None, 0)
            self.reports[g.name].status = "FAILED"
            if not g.sent:
                to_clear = decide(g)[1] if g.name not in cleared else False
                cleared.add(g.name)
                loader.add(g, to_clear)

        written = None
        with loader:
            loader.open()
            self.clear(sorted(cleared))
            if streamed and source is None:           # read first, by processes: they write the files
                got = read_in_processes(self.dump.data, workers, decide, loader.local, loader.file_triples)
                if got is None:                       # a dump they cannot share out: read here
                    for f in loader.local.glob("part-*-*.nq"):
                        f.unlink()
                    source = reader.stream()
                else:
                    source, reader.members, written = iter(got[0]), got[1], got[2]
            try:
                for g in source:
                    if g.name in graphs:     # more lines of a graph met before (a dump not grouped by graph)
                        whole = graphs[g.name] = merge(graphs[g.name], g)
                        self.reports[g.name].triples = whole.count
                        if g.name in changed:
                            send(g)                        # its first lines are in a file already, or pending
                        else:
                            changed[g.name] = None
                            send(whole)
                        continue
                    graphs[g.name] = g
                    self.reports[g.name] = GraphReport(g.name, g.count)
                    if g.sent or decide(g)[0]:
                        changed[g.name] = None
                        send(g)
                    else:
                        self.reports[g.name].status, self.reports[g.name].remote = "unchanged", g.count
            except (NotSplittable, OSError, EOFError, ValueError, zlib.error) as e:
                raise PublishError(f"{self.dump.path}: {e}; {len(loader.files)} file(s) of graphs were loaded "
                                   f"already, in place") from None
            finally:
                if reader is not None:
                    reader.close()
            self.mark("dump read")
            if streamed and not self.dump.agrees(graphs, sum(g.count for g in graphs.values()), store_names):
                loader.finish()
                raise PublishError(f"the dump {self.dump.path} does not hold the graphs of the store {self.store_dir} "
                                   f"(or not the manifest's count): run `zwgk build` again; the changed graphs "
                                   f"read from the dump were loaded in place")
            if written:
                loader.adopt(written)
            gone = sorted(set(self.previous.graphs) - set(graphs))
            if not changed and not gone:
                return
            record = self.record(graphs, reader)
            rec_report = self.rec_report = GraphReport(rec, len(record), status="FAILED")
            # the record: a few entries changed, updated after the load (`update_record`); else the whole of it
            # loaded with the graphs: into its staging graph, copied in place after the load; or, the first time,
            # in place but without its stamp, which readers need to see a record at all, added last
            touched = self.record_diff(list(changed) + gone)
            in_place = touched is None and not self.previous.graphs
            target = rec if in_place else stage
            body = record.fixed + [t for g in sorted(record.entries) for t in record.entries[g]] if in_place else \
                record.triples()
            if touched is None:
                loader.add(GraphData(target, [ox.serialize((ox.Quad(*t, ox.NamedNode(target)) for t in body),
                                                           format=ox.RdfFormat.N_QUADS)], len(body), ""), False)
            loader.finish(checkpoint=False)
            self.mark("first file loading", loader._t0)
            self.mark("loaded", loader.loaded_at)
            # then the counts (not while the store checkpoints: a GROUP BY running through a checkpoint came
            # back without a row once in some twenty runs)
            loader.checkpoint()
            self.mark("checkpoint")
            now = self.pub.counts(list(changed) + ([target] if touched is None else []))
            short = [g for g in changed if now.get(g, 0) != graphs[g].count]
            if short:                         # read again before calling it a failure
                now.update({g: n for g, n in self.pub.counts(short).items()})
            self.mark("counts read back")
            over = {g for g in changed if now.get(g, 0) > graphs[g].count} if self.full else set()
            if over:
                now.update(self.reload(over, graphs, bulk_dir, bulk_remote, parallel, timeout))
                self.mark(f"{len(over)} graph(s) cleared and loaded again")
        try:
            sent = sum(graphs[g].count for g in changed)
            if self.bar:
                self.bar.bar.update(total=sent + len(record))
                self.progress(sent + len(record))
            bad = []
            for g in changed:
                r = self.reports[g]
                r.remote, r.batches, r.seconds = now.get(g, 0), 2 if g in over else 1, loader.seconds
                r.status = "ok" if r.remote == r.triples else "MISMATCH"
                if r.status != "ok":
                    bad.append(f"{g} holds {r.remote} of {r.triples}")
            if bad or (touched is None and now.get(target, 0) != len(body)):
                try:
                    self.client.update(f"DROP SILENT GRAPH <{target}>")
                except RemoteError:
                    pass
                if not bad:
                    bad.append(f"the record's graph {target} holds {now.get(target, 0)} of {len(body)}")
                raise PublishError(f"the bulk load of {loader.remote} is incomplete: {'; '.join(bad[:5])}"
                                   f"{' …' if len(bad) > 5 else ''} (the store's DB.DBA.LOAD_LIST says why, in "
                                   f"ll_error); these graphs were replaced in place and are incomplete now")
            self.drop(gone)
            t = time.perf_counter()
            if in_place:
                self.client.update(f"INSERT DATA {{ GRAPH <{rec}> {{\n{ntriples(record.stamp)}}} }}")
                rec_report.remote, rec_report.batches = self.pub.count(rec), 1
                if rec_report.remote != len(record):
                    rec_report.status = "MISMATCH"
                    raise PublishError(f"{rec}: read back {rec_report.remote} triples, published {len(record)}")
                rec_report.status = "ok"
            elif touched is None:
                # in one transaction (a reader sees the old record or the new); then the staging graph dropped row
                # by row while the record is counted (MOVE does both in one transaction: 0.9 s instead of 0.3 + 0.1
                # for the 21,000 triples at 1,000 catalogues)
                self.client.update(f"COPY <{stage}> TO <{rec}>")
                with ThreadPoolExecutor(1) as pool:
                    dropped = pool.submit(self.client.update, f"DEFINE sql:log-enable 3\nDROP SILENT GRAPH <{stage}>")
                    rec_report.remote, rec_report.batches = self.pub.count(rec), 1
                    dropped.result()
                if rec_report.remote != len(record):
                    rec_report.status = "MISMATCH"
                    raise PublishError(f"{rec}: read back {rec_report.remote} triples, published {len(record)}")
                rec_report.status = "ok"
            else:
                self.update_record(record, touched, rec_report)
            rec_report.seconds = loader.seconds + time.perf_counter() - t
            self.mark("record replaced")
        finally:
            loader.removed()      # the run's directory, removed meanwhile

    def reload(self, names: set[str], graphs: dict[str, GraphData], bulk_dir: Path, bulk_remote: str | None,
               parallel: int, timeout: float) -> dict[str, int]:
        """--full, after the load: the graphs that hold more triples than the build's now (the build's triples and
        others the store held), cleared and loaded again; their counts read back. A graph that holds exactly the
        build's count holds exactly the build's triples, all of them having been loaded into it, so it is not
        touched twice: --full over a store that holds what the build has clears only the graphs with blank nodes.
        (The one thing a count cannot tell apart now: a load that lost some of a graph's triples, into a graph
        that held as many others. Loads lose triples only while graphs are cleared beside them, which
        `BulkLoader` never lets happen.) No loader runs now."""
        self.clear(sorted(names))
        if all(graphs[g].parts for g in names):
            again = [graphs[g] for g in sorted(names)]
        else:                                 # read by other processes: read again, for these graphs only
            reader = DumpReader(self.dump.data)
            try:
                again = list(collect(g for g in reader.stream() if g.name in names).values())
            finally:
                reader.close()
        with BulkLoader(self.client, bulk_dir, bulk_remote, parallel, timeout, self.clear) as loader:
            loader.open()
            for g in again:
                loader.add(g, False)
            loader.finish()
        loader.removed()
        return self.pub.counts(sorted(names))

    def clear(self, graphs: list[str]) -> None:
        """Empty graphs for the bulk loader: each row deleted in a transaction of its own and not logged, as the
        loader loads (Virtuoso's sql:log-enable 2; the checkpoint after the load makes both durable): 300 graphs
        of the 1,000-catalogue set, 145,000 triples, in 3-6 s; logged (log-enable 3) 7.6-8.6 s; in one
        transaction for the lot, three times that. A reader may see a graph partly cleared, as it may see one
        partly loaded."""
        for i in range(0, len(graphs), OPS_PER_REQUEST):
            self.client.update("DEFINE sql:log-enable 2\n" +
                               " ;\n".join(f"CLEAR SILENT GRAPH <{g}>" for g in graphs[i:i + OPS_PER_REQUEST]))

    def record_diff(self, graphs: list[str]) -> list[str] | None:
        """The graphs whose entries to rewrite in the record (`NewRecord.update`): `graphs` (changed or gone), and
        those now in other gzip members of the dump; or None: the whole record, when there is none yet or too many
        entries change (a reader sees the old record or the new either way)."""
        touched = set(graphs) | {g for g, parts in self.parts.items()
                                 if set(parts) != set(self.previous.parts.get(g, ()))}
        return sorted(touched) if self.previous.graphs and len(touched) <= RECORD_UPDATE_MAX else None

    def update_record(self, record: "NewRecord", graphs: list[str], report: GraphReport) -> None:
        """The record's head and the entries of `graphs`, in one request: the old ones as the store holds them (the
        head) or as this version of zwgk writes them (the entries, from what `previous` read); the whole record
        all the same (staged, then moved in place) when the count read back is not the new record's (a record
        another version of zwgk wrote, or one changed by hand)."""
        rec = record_graph(self.base)
        was = {g: self.previous.graphs[g] for g in graphs if g in self.previous.graphs}
        old = record_triples(self.base, was, None, None, self.previous.parts)
        self.client.update(record.update(self.pub.record_head(self.base) + [t for e in old.entries.values() for t in e],
                                         graphs))
        report.remote, report.batches = self.pub.count(rec), 1
        # the request is one transaction: its new identifier there, it was applied; the count: nothing was left over
        identifier = ntriples([record.stamp[1]])
        if report.remote == len(record) and self.pub.ask(f"ASK {{ GRAPH <{rec}> {{ {identifier} }} }}"):
            report.status = "ok"
        else:
            Publisher(self.client, self.use_gsp).replace(rec, record.triples(), report)

    def drop(self, gone: list[str]) -> None:
        """Graphs of an earlier publication this build no longer has."""
        if gone:
            self.pub.updates([f"DROP SILENT GRAPH <{g}>" for g in gone])
            self.dropped += [GraphReport(g, 0, 0, 0.0, 1, "dropped (not in this build)") for g in gone]

    # -- through the Graph Store Protocol or SPARQL Update ----------------------------------------------------

    def protocols(self, parallel: int) -> None:
        self.begin()
        if self.nothing_changed():
            return
        reader = DumpReader(self.dump.data) if self.dump.path is not None else None
        graphs, where = read_graphs(self.store_dir, self.dumps_dir, self.dump, reader)
        if where != str(self.dump.path):
            reader = None
        remote = self.remote if self.remote is not None else self.pub.counts(sorted(graphs))
        changed = []
        for g in sorted(graphs):
            self.reports[g] = GraphReport(g, graphs[g].count)
            if not self.full and self.previous.graphs.get(g) == (graphs[g].count, graphs[g].sha256) and \
                    remote.get(g) == graphs[g].count:
                self.reports[g].status, self.reports[g].remote = "unchanged", remote[g]
            else:
                changed.append(g)
        gone = sorted(set(self.previous.graphs) - set(graphs))
        if not changed and not gone:
            return
        if self.show_progress:
            self.bar = Progress(sum(graphs[g].count for g in changed), len(changed))
            self.pub.progress = self.bar.update

        def one(g: str) -> None:
            self.reports[g].status = "FAILED"
            self.pub.replace(g, graphs[g].triples(), self.reports[g])
            if self.bar:
                self.bar.graph_done(self.reports[g])
        with ThreadPoolExecutor(max(1, parallel)) as pool:
            for f in [pool.submit(one, g) for g in changed]:
                f.result()
        self.drop(gone)
        rec = record_graph(self.base)
        record = self.record(graphs, reader)
        rec_report = self.rec_report = GraphReport(rec, len(record), status="FAILED")
        touched = self.record_diff(changed + gone)
        if touched is None:
            Publisher(self.client, self.use_gsp).replace(rec, record.triples(), rec_report)
        else:
            self.update_record(record, touched, rec_report)


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
    p = sub.add_parser("publish", help="push every graph of the build to a SPARQL store (Virtuoso, Fuseki …)",
                       description=__doc__.split("\n\n")[0])
    add_common(p)
    p.add_argument("--endpoint", help="SPARQL query endpoint (env ZWGK_SPARQL_ENDPOINT, or the config file)")
    p.add_argument("--update-endpoint", help="SPARQL Update endpoint (default: the query endpoint; "
                                             "Virtuoso: …/sparql-auth)")
    p.add_argument("--graph-store", help="SPARQL 1.1 Graph Store Protocol endpoint, for fast batch loading "
                                         "(Virtuoso: …/sparql-graph-crud-auth)")
    p.add_argument("--bulk-dir", type=Path, default=os.environ.get(BULK_ENV) or None,
                   help=f"a directory the store can read (Virtuoso: one in DirsAllowed): load through the store's own "
                        f"bulk loader, the fastest way (env {BULK_ENV})")
    p.add_argument("--bulk-dir-remote", default=os.environ.get(BULK_REMOTE_ENV) or None, metavar="PATH",
                   help=f"the --bulk-dir as the store sees it, when that differs (env {BULK_REMOTE_ENV})")
    p.add_argument("--parallel", type=int, default=DEFAULT_PARALLEL,
                   help=f"bulk loaders, or graphs loaded at a time through the protocols (default {DEFAULT_PARALLEL})")
    p.add_argument("--full", action="store_true",
                   help="replace every graph, also those the last publication shows unchanged")
    p.add_argument("--user", help="user name (env ZWGK_SPARQL_USER, or the config file)")
    p.add_argument("--password-env", metavar="VAR",
                   help="name of the environment variable holding the password (default ZWGK_SPARQL_PASSWORD; "
                        "else the config file's password)")
    p.add_argument("--config", help="config file with a [sparql] section: endpoint, update_endpoint, graph_store, "
                                    "user, password (env ZWGK_SPARQL_CONFIG; default ~/.config/zwgk/sparql.ini)")
    p.add_argument("--batch", type=int, help=f"triples per request (default {DEFAULT_UPDATE_BATCH} with SPARQL "
                                             f"Update, {DEFAULT_GSP_BATCH} with the Graph Store Protocol)")
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for each request (default 300)")
    p.set_defaults(func=cmd_publish)


def remote_client(args, cfg: dict | None = None) -> SparqlClient:
    cfg = cfg if cfg is not None else read_config(getattr(args, "config", None))
    endpoint = args.endpoint or os.environ.get("ZWGK_SPARQL_ENDPOINT") or cfg.get("endpoint")
    if not endpoint:
        raise RemoteError("no endpoint: give --endpoint URL (or ZWGK_SPARQL_ENDPOINT, or endpoint= in the config file)")
    user, password = credentials(getattr(args, "user", None), getattr(args, "password_env", None), cfg)
    return SparqlClient(endpoint, getattr(args, "update_endpoint", None) or cfg.get("update_endpoint"),
                        getattr(args, "graph_store", None) or cfg.get("graph_store"), user, password,
                        timeout=getattr(args, "timeout", None) or 60)


def cmd_publish(args) -> int:
    from .cli import settings_from
    settings = settings_from(args)
    manifest_path = Path(settings.dumps) / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except ValueError as e:
        print(f"zwgk publish: error: {manifest_path}: not JSON ({e})", file=sys.stderr)
        return 1
    base = (args.base or manifest.get("base") or settings.base).rstrip("/")
    if manifest.get("base") and manifest["base"].rstrip("/") != base:
        print(f"zwgk publish: error: the store was built for {manifest['base']}, not {base}", file=sys.stderr)
        return 1
    from .uris import vocab
    if manifest.get("vocab") and manifest["vocab"] != vocab():
        print(f"zwgk publish: error: the store was built with the vocabulary namespace {manifest['vocab']}, not "
              f"{vocab()}: rebuild with this one (ZWGK_VOCAB / --vocab), or publish with that one",
              file=sys.stderr)
        return 1
    if args.parallel < 1:
        print("zwgk publish: error: --parallel must be 1 or more", file=sys.stderr)
        return 2
    times: list[tuple[str, float]] = []
    # the summary table's modules (zwgk.console, and the readers' `printable` it imports: 0.15 s), imported while
    # publish waits for the store
    threading.Thread(target=lambda: importlib.import_module("zwgk.mappings.readers.base"), daemon=True).start()
    try:
        client = remote_client(args)
        how = (f" (bulk loader, {args.bulk_dir})" if args.bulk_dir else
               f" (graph store {public_url(client.graph_store)})" if client.graph_store else "")
        print(f"zwgk publish: {settings.store} → {public_url(client.endpoint)}{how}"
              f"{' as ' + client.user if client.user else ''}", file=sys.stderr)
        reports, seconds = publish(Path(settings.store), base, client, bool(client.graph_store), args.batch,
                                   manifest.get("built"), dumps_dir=Path(settings.dumps), bulk_dir=args.bulk_dir,
                                   bulk_remote=args.bulk_dir_remote, parallel=args.parallel, full=args.full,
                                   timeout=args.timeout, times=times)
    except (RemoteError, PublishError) as e:
        reports = getattr(e, "reports", None)
        if reports:
            print(summary_table(reports, base, 0.0))
        print(f"zwgk publish: error: {e}", file=sys.stderr)
        if reports and not args.bulk_dir:
            ok = sum(1 for r in reports if r.status == "ok")
            print(f"zwgk publish: {ok} graph(s) were replaced completely before the error; the graph that failed "
                  "and those after it keep their previous version (readers never see a partial graph); "
                  "run zwgk publish again", file=sys.stderr)
        return 1
    print(summary_table(reports, base, seconds))
    if times:
        print("zwgk publish: steps, seconds from the start: " + ", ".join(f"{what} {t:.2f}" for what, t in times),
              file=sys.stderr)
    if all(r.status == "unchanged" for r in reports):
        print("zwgk publish: nothing changed since the last publication; the store was left as it was",
              file=sys.stderr)
    return 0
