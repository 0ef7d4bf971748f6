"""The dump files of a build: the whole data set as gzipped Turtle, N-Triples, JSON-LD and N-Quads, items.csv
and items.xlsx; each catalogue as Turtle, gzipped N-Triples and JSON-LD; and a manifest of sizes and checksums.

Two steps, the way the data flows (zwgk.pipeline):
  1. each catalogue, in its worker, serializes its own graph and SHACL report once into *parts*
     (`fragments`), each one gzip member: N-Quads, N-Triples, a Turtle document, the inside of a JSON-LD
     array; and writes its own dump files (`catalogue_files`: its graph, its agency, the legal bases it
     cites, its report) and its items.csv rows;
  2. `write_dumps` assembles the whole-data-set files from the parts of every catalogue and of the
     shared graphs, without parsing or serializing them again: gzip members concatenate into one gzip
     file, Turtle documents concatenate into one (a prefix may be declared again), JSON-LD arrays are
     spliced (a member of "," between two parts), items.csv is the catalogues' rows under one header.
     Memory stays at one part at a time.

The whole-data-set files are gzipped, Turtle and JSON-LD too (`zwgk.ttl.gz`, `zwgk.jsonld.gz`), because
every build writes them again, unchanged catalogues included: plain, they were 3.3 GB at 10,000 catalogues
(11.8 s of a 22.5 s one-catalogue build), gzipped 0.5 GB; and the server sends them as they are instead of
compressing 1.1 GB of Turtle for every download. A catalogue's own files stay plain (a few hundred KB, read
in a browser).

Files of a dump directory are never rewritten in place (`_write` replaces them): an incremental build
hard-links the unchanged files of the last build into its staging directory.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import NamedTuple

import orjson
import pyoxigraph as ox
from zlib_ng import gzip_ng   # gzip through zlib-ng: at level 6 1.7x faster than zlib's, and a little smaller

from . import __version__
from .itemscsv import FIELDS, csvw_metadata, xlsx_from_rows, xlsx_rows
from .mappings.mint import Graph
from .nquads import NQ_INDEX, graph_index, index_document
from .uris import prefixes, vocab  # noqa: F401  (zwgk.dumps.prefixes: where callers found it)

#: the whole-data-set files and the part each is assembled from
WHOLE = {"zwgk.ttl.gz": "graph.ttl.gz", "zwgk.nt.gz": "graph.nt.gz", "zwgk.jsonld.gz": "graph.jsonld.gz",
         "zwgk.nq.gz": "graph.nq.gz"}

#: beside each part's graph.nq.gz: its gzip member's SHA-256 and its graphs (name, lines, content hash, blank
#: nodes), made in the worker that serialized it; write_dumps gathers them, with where each part's member lies in
#: zwgk.nq.gz, into NQ_INDEX, from which `zwgk publish` hands the store's bulk loader the dump's own gzip members
#: and writes its record without inflating or hashing the dump (0.94 ms a catalogue, on the path to a first load)
PART_INDEX = "graph.nq.json"


def nquads(graphs: list[Graph]) -> bytes:
    return ox.serialize((q for g in graphs for q in g.quads), format=ox.RdfFormat.N_QUADS)


def _write(root: Path, rel: str, data: bytes) -> dict:
    """Write one dump file (a new file: never through a hard link to the last build's); its manifest entry
    (path relative to the dump root, size, checksum)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
    return {"path": rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


#: zlib-ng's level for every gzip member of the dumps. Measured on a catalogue's four parts (828 KB of text):
#: level 6 3.76 ms and 45 KB, 5 3.00 ms and 46 KB, 4 2.67 ms and 50 KB, 1 0.96 ms and 70 KB: 5 saves a fifth of
#: the compressing for 2 % more bytes
GZIP_LEVEL = 5


def gzip_member(data: bytes) -> bytes:
    return gzip_ng.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


#: the gzip members around and between the parts of zwgk.jsonld.gz: "[" part "," part … "]"
JSONLD_OPEN, JSONLD_COMMA, JSONLD_CLOSE = gzip_member(b"["), gzip_member(b",\n"), gzip_member(b"]\n")


def jsonld_inside(triples: list[ox.Triple]) -> bytes:
    """The JSON-LD of triples without its enclosing [ ]: parts join with ',' into one array."""
    data = ox.serialize(triples, format=ox.RdfFormat.JSON_LD).strip()
    if not (data.startswith(b"[") and data.endswith(b"]")):  # pragma: no cover - pyoxigraph writes an array
        raise ValueError("expected a JSON-LD array from the serializer")
    return data[1:-1].strip()


class Fragments(NamedTuple):
    """What `fragments` wrote, for the catalogue's own files (`catalogue_files`) made right after it."""
    quads: int        # the number of distinct quads (what a store holds of them)
    ttl: bytes        # the Turtle
    nt: bytes         # the N-Triples' gzip member
    jsonld: bytes     # the JSON-LD array's inside (`jsonld_inside`)


def fragments(directory: Path, data: list[Graph | ox.Quad], base: str) -> Fragments:
    """Write the parts of the whole-data-set dumps for `data` (minted graphs and quads, in order) into
    `directory`; the number of distinct quads (what a store holds of them: an updated store's size is the sum
    of its parts') and the texts."""
    runs = _runs(data)
    quads = [q for run in runs for q in (run.quads if isinstance(run, Graph) else run)]
    triples = [q.triple for q in quads]
    directory.mkdir(parents=True, exist_ok=True)
    # written as they are: a part folder is always a new one (never links to the last build's files), and parts
    # are not published, so they need no checksum.
    # A minted graph's N-Quads and N-Triples are its own text (mint.Graph: its lines as pyoxigraph writes them),
    # joined rather than serialized again: 0.11 instead of 0.47 ms for the N-Quads of a shipped catalogue (mean
    # of the four, pyoxigraph 0.5). Loose quads (a validation report) are serialized, N-Triples from the triples
    # made for the Turtle and JSON-LD anyway (cutting each line's graph name off pyoxigraph's N-Quads took
    # 1.03 ms for city-ybj's 1,956 quads, serializing the triples 0.38 ms)
    nq = b"".join(run.nquads() if isinstance(run, Graph) else ox.serialize(run, format=ox.RdfFormat.N_QUADS)
                  for run in runs)
    member = gzip_member(nq)
    (directory / "graph.nq.gz").write_bytes(member)
    (directory / PART_INDEX).write_bytes(part_index(member, graph_index(nq)))
    at, texts = 0, []
    for run in runs:
        if isinstance(run, Graph):
            texts.append(run.ntriples())
            at += len(run.quads)
        else:
            texts.append(ox.serialize(triples[at:at + len(run)], format=ox.RdfFormat.N_TRIPLES))
            at += len(run)
    nt = gzip_member(b"".join(texts))
    (directory / "graph.nt.gz").write_bytes(nt)
    ttl = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
    (directory / "graph.ttl.gz").write_bytes(gzip_member(ttl))
    inside = jsonld_inside(triples)   # an empty file when there is nothing: no "," is put before it
    (directory / "graph.jsonld.gz").write_bytes(gzip_member(inside) if inside else b"")
    return Fragments(len(set(quads)), ttl, nt, inside)


def _runs(data: list[Graph | ox.Quad]) -> list[Graph | list[ox.Quad]]:
    """`data` with its loose quads gathered in lists, one for each run of them between graphs."""
    runs: list = []
    for x in data:
        if isinstance(x, Graph):
            runs.append(x)
        elif runs and isinstance(runs[-1], list):
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


def part_index(member: bytes, graphs: list[list] | None) -> bytes:
    """PART_INDEX of a part: its N-Quads' graphs (`graph_index`; null when a line names no graph) and the SHA-256
    of their gzip member."""
    return orjson.dumps({"bytes": len(member), "sha256": hashlib.sha256(member).hexdigest(), "graphs": graphs})


#: the plain part files of a build by a zwgk before the whole Turtle and JSON-LD dumps were gzipped, and what
#: stands for each now
EARLIER_PARTS = (("graph.ttl", "graph.ttl.gz"), ("graph.jsonld", "graph.jsonld.gz"))


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a file of its own, renamed over it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def own_files_lack(root: str, own: set[str], files: list[dict]) -> str | None:
    """The first of a catalogue's own dump files (their manifest entries, paths relative to the dump folder
    `root`) that is not there; `own`: the names in root/catalogue/, listed once for every catalogue."""
    for f in files:
        folder, _, name = f["path"].rpartition("/")
        if not (name in own if folder == "catalogue" else os.path.isfile(f"{root}/{f['path']}")):
            return f["path"]
    return None


def part_lacks(directory: str) -> str | None:
    """The first file the assembly of the whole dumps needs that the part in `directory` lacks (a part of an
    earlier zwgk may have the plain file `upgrade_part` makes the member from); None when it has them all."""
    try:
        have = set(os.listdir(directory))
    except OSError:
        return "its folder"
    earlier = {member: plain for plain, member in EARLIER_PARTS}
    return next((m for m in WHOLE.values() if m not in have and earlier.get(m) not in have), None)


def upgrade_part(directory: Path) -> None:
    """Give a part written by an earlier zwgk the gzip members this one assembles the dumps from, made from its
    plain files (a catalogue kept from such a build: `--only`, or the previous version of one the gate holds
    back). The plain files stay: the last build they belong to is left as it was."""
    for plain, member in EARLIER_PARTS:
        src, dst = directory / plain, directory / member
        if src.is_file() and not dst.exists():
            data = src.read_bytes()
            replace_file(dst, gzip_member(data) if data else b"")
    nq, index = directory / "graph.nq.gz", directory / PART_INDEX
    if nq.is_file() and not index.exists():
        member = nq.read_bytes()
        replace_file(index, part_index(member, graph_index(gzip_ng.decompress(member))))


def context_quads(agency: list[ox.Quad], laws_by_subject: dict[str, list[ox.Quad]], cited: list[str]) -> list[ox.Quad]:
    """What a catalogue's own dump holds besides its graph and report: its agency, the legal bases and
    articles it cites."""
    return agency + [q for law in cited for q in laws_by_subject.get(law, [])]


def context_hash(quads: list[ox.Quad]) -> str:
    return hashlib.sha256(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)).hexdigest()


def laws_by_subject(laws: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    out: dict[str, list[ox.Quad]] = {}
    for q in laws:
        out.setdefault(q.subject.value, []).append(q)
    return out


def catalogue_files(root: Path, cid: str, part: Path, quads: int, context: list[ox.Quad], base: str,
                    texts: Fragments | None = None) -> list[dict]:
    """A catalogue's own dump files in `root`: its part (its graph and report, written by `fragments` in
    `part`, `quads` of them; `texts`: what `fragments` returned, when it has just written them, else they
    are read from `part`) and its context (its agency, the legal bases it cites), put together as the
    whole dumps are: Turtle documents concatenate, gzip members too, JSON-LD arrays splice. Only the
    context is serialized here."""
    triples = [q.triple for q in context]
    if texts is not None:
        ttl, nt, jsonld = texts.ttl, texts.nt, texts.jsonld
    else:
        ttl, nt, jsonld = ((part / name).read_bytes() for name in ("graph.ttl.gz", "graph.nt.gz", "graph.jsonld.gz"))
        ttl, jsonld = (gzip_ng.decompress(x) if x else b"" for x in (ttl, jsonld))
    if triples:
        ttl += ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
        nt += gzip_member(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    inside = [x for x in (jsonld, jsonld_inside(triples) if triples else b"") if x]
    files = [_write(root, f"catalogue/{cid}.ttl", ttl), _write(root, f"catalogue/{cid}.nt.gz", nt),
             _write(root, f"catalogue/{cid}.jsonld", b"[" + b",\n".join(inside) + b"]\n")]
    return [{**f, "triples": quads + len(triples), "catalogue": cid} for f in files]


class _Sink:
    """One whole-data-set file being written: streamed, hashed and counted as it goes."""

    def __init__(self, root: Path, rel: str, head: bytes = b""):
        self.rel, self.path = rel, root / rel
        self.path.unlink(missing_ok=True)
        self.file = open(self.path, "wb")
        self.hash, self.size = hashlib.sha256(), 0
        self.put(head)

    def put(self, data: bytes) -> None:
        if data:
            self.file.write(data)
            self.hash.update(data)
            self.size += len(data)

    def put_file(self, path: str | Path, buf: bytearray, before: bytes = b"") -> bool:
        """Append a file's bytes (after `before`), read into `buf` (one buffer for every part: no new bytes
        object, no fresh pages, per part file); False for an empty file (then `before` is not written).
        A file descriptor, not a file object: 40,000 part files at 10,000 catalogues."""
        view, first = memoryview(buf), True
        fd = os.open(path, os.O_RDONLY)
        try:
            while n := os.readv(fd, (buf,)):
                if first:
                    self.put(before)
                    first = False
                self.file.write(view[:n])
                self.hash.update(view[:n])
                self.size += n
        finally:
            os.close(fd)
        return not first

    def close(self) -> dict:
        self.file.close()
        return {"path": self.rel, "bytes": self.size, "sha256": self.hash.hexdigest()}


def write_dumps(directory: Path, parts: list[tuple[str | None, Path, int]],
                csv_files: list[tuple[Path, int, Path]], last: Path | None = None) -> list[dict]:
    """Assemble the whole-data-set files in `directory` from `parts` (catalogue id or None for shared
    graphs, the part directory written by `fragments`, its quad count), in order, and items.csv from
    the catalogues' own CSV files (path, rows, the catalogue's part directory), and items.xlsx from the
    catalogues' rows kept in their parts (the last build's file, from the dump directory `last`, when
    items.csv is byte-identical). Returns their manifest entries."""
    directory.mkdir(parents=True, exist_ok=True)
    # items.csv first, then items.xlsx in a thread (its deflate releases the GIL) while the RDF dumps are
    # copied and hashed: the two take about as long
    items = _Sink(directory, "items.csv", (",".join(FIELDS) + "\n").encode())
    sheets = []                                        # each catalogue's rows of items.xlsx, kept with its part
    try:
        for path, _, part in csv_files:
            data = path.read_bytes()
            items.put(data[data.index(b"\n") + 1:] if b"\n" in data else b"")   # without its own header
            sheets.append(xlsx_part(part, data))
    finally:
        entry = items.close()
    rows = sum(n for _, n, _ in csv_files)
    xlsx: dict = {}

    def make_xlsx() -> None:
        try:
            xlsx["entry"] = _items_xlsx(directory, entry["sha256"], last, sheets, rows)
        except BaseException as e:  # noqa: BLE001 - raised again in the caller's thread
            xlsx["error"] = e
    worker = threading.Thread(target=make_xlsx, name="zwgk-items-xlsx")
    worker.start()
    sinks = {name: _Sink(directory, name, JSONLD_OPEN if name.endswith(".jsonld.gz") else b"") for name in WHOLE}
    # one pass over the parts in this thread, each part's four files appended in turn. While the Turtle and
    # JSON-LD were plain (3.3 GB at 10,000 catalogues) a thread a file paid; gzipped (0.45 GB in 40,000 part
    # files) the threads only contend: at 10,000 catalogues 6.1-7.3 s with four threads, 4.6 s with one; at
    # 1,000 0.54 s and 0.32-0.38 s
    nq_sink, members = sinks["zwgk.nq.gz"], []      # members: where each part's N-Quads member lies, its index
    try:
        buf, spliced = bytearray(1 << 22), False
        for _, part, _ in parts:
            folder = os.fspath(part)                # paths as text: pathlib cost 1.3 s for 110,000 at 10,000
            for name, sink in sinks.items():
                if name.endswith(".jsonld.gz"):     # JSON-LD arrays splice: a comma between non-empty parts
                    if sink.put_file(f"{folder}/{WHOLE[name]}", buf, JSONLD_COMMA if spliced else b""):
                        spliced = True
                else:
                    start = sink.size
                    sink.put_file(f"{folder}/{WHOLE[name]}", buf)
                    if sink is nq_sink and members is not None:
                        members = _indexed(members, folder, start, sink.size)
        sinks["zwgk.jsonld.gz"].put(JSONLD_CLOSE)
    finally:
        entries = {name: sink.close() for name, sink in sinks.items()}
        worker.join()
    if "error" in xlsx:
        raise xlsx["error"]
    (directory / NQ_INDEX).unlink(missing_ok=True)
    if members is not None:
        dump = entries["zwgk.nq.gz"]
        (directory / NQ_INDEX).write_bytes(index_document(dump["bytes"], dump["sha256"], members))
    quads = sum(n for _, _, n in parts)
    files = [{**entries[n], "triples": quads, "catalogue": None}
             for n in ("zwgk.ttl.gz", "zwgk.nt.gz", "zwgk.jsonld.gz")]
    files.append({**entries["zwgk.nq.gz"], "catalogue": None, "quads": quads})
    files.append({**entry, "catalogue": None, "rows": rows})
    files.append({**xlsx["entry"], "catalogue": None, "rows": rows})
    files.append({**_write(directory, "items.csv-metadata.json", csvw_metadata("items.csv")), "catalogue": None})
    return files


def _indexed(members: list, folder: str, start: int, end: int) -> list | None:
    """`members` with the part in `folder` (its N-Quads member at [start, end) of zwgk.nq.gz) appended as
    [start, end, the member's SHA-256, its graphs]; None when the part has no index, or its index does not
    describe those bytes (then NQ_INDEX is not written, and `zwgk publish` reads the dump)."""
    try:
        with open(f"{folder}/{PART_INDEX}", "rb") as f:
            index = orjson.loads(f.read())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(index, dict) or index.get("graphs") is None or not isinstance(index.get("sha256"), str) \
            or index.get("bytes") != end - start:
        return None
    members.append([start, end, index["sha256"], index["graphs"]])
    return members


def xlsx_part(part: Path, csv_data: bytes, rows_xml: bytes | None = None) -> Path:
    """The file holding a catalogue's rows of items.xlsx (`items.<hash of its CSV>.xml` in its part folder):
    made the first time (from `rows_xml` when given: `itemscsv.csv_and_xlsx_rows`, else from the CSV), then
    carried with the part from build to build."""
    key = hashlib.sha256(csv_data).hexdigest()[:16]
    path = part / f"items.{key}.xml"
    if not path.is_file():
        for old in part.glob("items.*.xml"):
            old.unlink()
        path.write_bytes(xlsx_rows(csv_data)[0] if rows_xml is None else rows_xml)
    return path


def _items_xlsx(directory: Path, csv_sha: str, last: Path | None, sheets: list[Path], rows: int) -> dict:
    """items.xlsx: the catalogues' rows (`xlsx_part`) in a workbook (zwgk.xlsx), or the last build's when its
    items.csv was the same."""
    if last is not None:
        try:
            old = {f["path"]: f for f in json.loads((last / "manifest.json").read_text(encoding="utf-8"))["files"]}
            if old["items.csv"]["sha256"] == csv_sha and (last / "items.xlsx").is_file():
                link_or_copy(last / "items.xlsx", directory / "items.xlsx")
                return {k: v for k, v in old["items.xlsx"].items() if k in ("path", "bytes", "sha256")}
        except (OSError, ValueError, KeyError):
            pass
    return _write(directory, "items.xlsx", xlsx_from_rows(FIELDS, (p.read_bytes() for p in sheets), rows))


def manifest(base: str, files: list[dict], catalogues: list[dict]) -> dict:
    # the vocabulary namespace the data was minted with: a server or a publish with another one refuses it
    return {"base": base, "vocab": vocab(), "generator": f"zwgk {__version__}", "files": files,
            "catalogues": catalogues}


def manifest_text(m: dict) -> str:
    """manifest.json's text: one top-level key per line, a list one entry per line. Written with json's C
    encoder (an `indent` makes json use its Python encoder: 0.25 s at 1,000 catalogues, 2.5 s at 10,000) and
    in the shape the server reads the top-level scalars from without parsing the file (EmbeddedStore)."""
    def value(v) -> str:
        if isinstance(v, list) and v:
            return "[\n  " + ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in v) + "\n ]"
        return json.dumps(v, ensure_ascii=False)
    return "{\n" + ",\n".join(f" {json.dumps(k, ensure_ascii=False)}: {value(v)}" for k, v in m.items()) + "\n}\n"


def link_or_copy(src: str | Path, dst: str | Path, fresh: bool = False) -> None:
    """Put the last build's file `src` at `dst` without copying its bytes when the file system allows.
    `fresh`: `dst`'s folder exists and `dst` does not (saves two system calls a file on 8,000 files)."""
    if not fresh:
        dst = Path(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        import shutil
        shutil.copyfile(src, dst)

