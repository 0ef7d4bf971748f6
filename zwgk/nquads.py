"""N-Quads text grouped by graph, read line by line without parsing: the runs of lines naming one graph, whether
they hold blank nodes, and a graph's content hash. Shared by the build (each part's index of its graphs,
`zwgk.dumps`) and by `zwgk publish` (reading the dump, `zwgk.publish.dump`), so that both hash a graph the same way.

Hand-written, not a parser: the text is the build's own serializer output (one quad a line, the graph name last),
and parsing 1.45M quads to find where each graph's lines begin and end would cost seconds where a byte search
costs milliseconds."""
from __future__ import annotations

import hashlib
import re

import orjson

#: the build's index of zwgk.nq.gz (where each part's gzip member lies, and its graphs), in the dump directory:
#: not a published file (the manifest does not list it); bound to the zwgk.nq.gz it describes by that file's SHA-256
NQ_INDEX = "zwgk.nq.members.json"


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


def graph_index(nq: bytes) -> list[list] | None:
    """The graphs of an N-Quads text grouped by graph, in order of appearance: [name, lines, content hash, has blank
    nodes] each (a graph met in several runs counted and hashed over all of them, as `zwgk publish` reads a
    dump); None when a line names no graph."""
    mv = memoryview(nq)
    found: dict[str, list] = {}
    try:
        for name, start, end, lines, bnodes in graph_runs(nq):
            entry = found.setdefault(name, [[], 0, False])
            entry[0].append(mv[start:end])
            entry[1] += lines
            entry[2] = entry[2] or bnodes
    except NotSplittable:
        return None
    return [[name, lines, content_hash(parts, bnodes), bnodes] for name, (parts, lines, bnodes) in found.items()]


def index_document(size: int, sha256: str, members: list[list]) -> bytes:
    """NQ_INDEX for a zwgk.nq.gz of `size` bytes and this SHA-256, its members given as [start, end, SHA-256,
    `graph_index`]."""
    return orjson.dumps({"dump": {"path": "zwgk.nq.gz", "bytes": size, "sha256": sha256}, "members": members})


def index_of(members: list[bytes], texts: list[bytes]) -> bytes:
    """NQ_INDEX of the gzip data that is `members` concatenated, each the gzip member of the N-Quads text beside
    it (what `zwgk.dumps.write_dumps` gathers from the parts' own indexes, made here from the texts)."""
    entries, at = [], 0
    for member, text in zip(members, texts, strict=True):
        entries.append([at, at + len(member), hashlib.sha256(member).hexdigest(), graph_index(text)])
        at += len(member)
    data = b"".join(members)
    return index_document(len(data), hashlib.sha256(data).hexdigest(), entries)
