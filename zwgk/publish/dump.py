"""Reading the build's N-Quads dump (`zwgk.nq.gz`): its gzip members inflated in blocks, its graphs found as runs of
lines (never parsed), what changed decided graph by graph, several processes reading it at once; the embedded store
when there is no dump."""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
import pickle
import queue
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyoxigraph as ox
from zlib_ng import zlib_ng as zlib   # zlib's interface; inflates 1.9x faster than zlib

from ..nquads import NQ_INDEX, NotSplittable, content_hash, graph_runs, has_blank_node  # noqa: F401
from .model import PublishError
from .record import Record


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
    recorded SHA-256 (or the build's index of the dump says where each member lies, and its SHA-256). The other
    members are inflated (to find their ends too), and their graphs read. A recorded member is read all the same
    when one of its graphs has lines in a member read, or in a recorded member not found, or has another count
    in the store than the record's."""

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

    def _members(self, known: dict[str, list[str]], texts: dict[int, bytes]) -> bool:
        """Find the members (`self.members`), inflating into `texts` those the record does not know; False when
        that is more than MAX_PLANNED of the data."""
        data, mv, n = self.data, memoryview(self.data), len(self.data)
        magic, at = [], data.find(GZIP_MAGIC, 1)
        while at >= 0:
            magic.append(at)
            at = data.find(GZIP_MAGIC, at + 1)
        inflated, pos = 0, 0
        while pos < n:
            end = self._find_known(pos, known, magic)
            if end is None:
                texts[len(self.members)], end = inflate_whole(mv, pos, n)
                inflated += end - pos
                if inflated > self.MAX_PLANNED * n:
                    return False
            self.members.append(Member(pos, end, hashlib.sha256(mv[pos:end]).hexdigest()))
            pos = skip_padding(data, end, n)
        return True

    def _indexed_members(self, index: list, known: dict[str, list[str]], texts: dict[int, bytes]) -> bool:
        """`_members` from the build's index (`members_index`): where each member lies and its SHA-256 are known,
        so only the members the record does not know are read (at 10,000 catalogues, one member changed: a plan
        in 0.22 s, plus 0.10 s reading the index, against 0.60 s finding and hashing every member); False as
        `_members`, and when a member does not end where the index says."""
        mv, n, inflated = memoryview(self.data), len(self.data), 0
        for member, _ in index:
            if member.sha256 not in known:
                text, end = inflate_whole(mv, member.start, n)
                if end != member.end:
                    return False
                texts[len(self.members)] = text
                inflated += end - member.start
                if inflated > self.MAX_PLANNED * n:
                    return False
            self.members.append(member)
        return True

    def plan(self, record: "Record", remote: dict[str, int], index: list | None = None):
        """The graphs, reading only what may have changed since the record (see the class; with the build's
        `index` of the dump, its members need not be found); None when more than MAX_PLANNED of the data had to
        be inflated to find out (then `stream` it all)."""
        known: dict[str, list[str]] = {}
        for g, shas in record.parts.items():
            for sha in shas:
                known.setdefault(sha, []).append(g)
        mv, n = memoryview(self.data), len(self.data)
        texts: dict[int, bytes] = {}
        if not (self._indexed_members(index, known, texts) if index else self._members(known, texts)):
            self.members = Members()
            return None
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


# -- the build's index of the dump's members ------------------------------------------------------------------

def _index_entry(m) -> tuple[Member, list] | None:
    if not (isinstance(m, list) and len(m) == 4 and all(isinstance(x, int) for x in m[:2])
            and isinstance(m[2], str) and isinstance(m[3], list)):
        return None
    for g in m[3]:
        if not (isinstance(g, list) and len(g) == 4 and isinstance(g[0], str) and isinstance(g[1], int)
                and g[1] >= 0 and isinstance(g[2], str) and isinstance(g[3], bool)):
            return None
    return Member(m[0], m[1], m[2]), m[3]


def members_index(dumps_dir: Path, data: bytes, sha256: str) -> list[tuple[Member, list]] | None:
    """The build's index of its N-Quads dump (zwgk.nquads.NQ_INDEX): each gzip member's place and SHA-256, and its
    graphs as [name, lines, content hash, has blank nodes]. None unless it describes this very dump (its SHA-256
    and size), member after member from the first byte to the last, no graph in two members."""
    try:
        raw = orjson.loads((dumps_dir / NQ_INDEX).read_bytes())
        dump, listed = raw["dump"], raw["members"]
        if dump["sha256"] != sha256 or dump["bytes"] != len(data) or not isinstance(listed, list):
            return None
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    out, pos, names = [], 0, set()
    for m in listed:
        entry = _index_entry(m)
        if entry is None or entry[0].start != pos or entry[0].end <= pos:
            return None
        pos = entry[0].end
        names.update(g[0] for g in entry[1])
        out.append(entry)
    if pos != len(data) or len(names) != sum(len(gs) for _, gs in out):
        return None
    return out


def copy_members(data: bytes, index: list[tuple[Member, list]], decide, directory: Path, file_triples: int):
    """The dump loaded as the build wrote it: its gzip members copied, as they are, into .nq.gz files in
    `directory` of about `file_triples` lines (Virtuoso's loader inflates them; measured as fast as plain files),
    the graphs taken from the index (`members_index`), nothing inflated or hashed. Returns (graphs, Members, files)
    as `read_in_processes` does; None, before writing anything, when a graph is not to be loaded (`decide`):
    a member holds only whole graphs, so it is copied whole or not at all."""
    decided = []                              # per member: its graphs, and whether each is cleared first
    for i, (_, graphs) in enumerate(index):
        decided.append([])
        for name, count, sha, bnodes in graphs:
            g = GraphData(name, [], count, sha, [i], sent=True, bnodes=bnodes)
            changed, to_clear = decide(g)
            if not changed:
                return None
            decided[i].append((g, to_clear))
    files: list = []
    first, names, clear, count = 0, [], [], 0
    for i, (member, _) in enumerate(index):   # a file is a run of members (empty ones included), in order
        for g, to_clear in decided[i]:
            names.append(g.name)
            count += g.count
            if to_clear:
                clear.append(g.name)
        if count >= file_triples or i == len(index) - 1:
            name = f"part-m-{len(files) + 1:05d}.nq.gz"
            with open(directory / name, "wb") as out:
                out.write(memoryview(data)[index[first][0].start:member.end])
            files.append((name, names, count, clear))
            first, names, clear, count = i + 1, [], [], 0
    return [g for graphs in decided for g, _ in graphs], Members(m for m, _ in index), files


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
        bnodes = has_blank_node(data, 0, len(data))
        graphs[name] = GraphData(name, [data], data.count(b"\n"), content_hash([data], bnodes), bnodes=bnodes)
    return graphs, str(store_dir)
