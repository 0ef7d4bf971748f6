"""`zwgk publish --bulk-dir` on small made-up builds, against a real Virtuoso Open Source 7 (tests/virtuoso.py):
the dump inflated and split while Virtuoso's loaders already load the first files (tiny files here, so that a
publish makes many and the loaders run while graphs are still read, cleared and held back), an unchanged dump
known from its checksum without inflating it, changed, added and removed graphs, --full, a dump not grouped by
graph, a dump the store disagrees with. And the reading itself: gzip members, blocks, runs of graphs.

Every publish here is checked against the store's own counts and the publication record: what the docstring of
zwgk.publish promises (counts verified, removed graphs dropped, the record replaced last, nothing staged left,
no file left in the bulk directory)."""
from __future__ import annotations

import gzip
import hashlib
import json
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from zwgk import publish as P
from zwgk.nquads import NQ_INDEX, index_of
from zwgk.publish import bulk as B, dump as D, model as M, protocols as PR, record as R
from zwgk.server.remote import STAGING_PREFIX, SparqlClient, record_graph

from .virtuoso import required_virtuoso

BASE = "http://example.org/zwgk-bulk"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    yield from required_virtuoso(tmp_path_factory.mktemp("virtuoso-bulk"))


INDEXED = False     # make_build writes the build's index of the dump's members (zwgk.nquads.NQ_INDEX)


@pytest.fixture(params=["streamed", "read first", "members"])
def tiny_files(monkeypatch, request):
    """Files of 300 triples, the first of 50: a publish of a few thousand triples makes many. Each test three times:
    the dump read while the store loads it, read first by several processes (`zwgk.publish.dump.read_first`), and
    with the build's index of its members, which a first publish and --full copy to the loaders as they are
    (`zwgk.publish.dump.copy_members`; the index left aside where a graph is in two members)."""
    monkeypatch.setattr(B, "BULK_FILE_TRIPLES", 300)
    monkeypatch.setattr(B, "BULK_FIRST_FILE_TRIPLES", 50)
    monkeypatch.setattr(D, "READ_FIRST", request.param == "read first")
    monkeypatch.setattr(sys.modules[__name__], "INDEXED", request.param == "members")
    # the same Virtuoso for both: each its own data set (base, record)
    monkeypatch.setattr(sys.modules[__name__], "BASE", f"{BASE}-{request.param.replace(' ', '-')}")
    return request.param


def graph_lines(i: int, n: int, extra: str = "") -> list[str]:
    g = f"{BASE}/id/catalogue/c{i}"
    lines = [f'<{BASE}/id/item/c{i}/{k}> <{BASE}/def#p> "v{k}{extra}" <{g}> .\n' for k in range(n)]
    if i % 7 == 3:      # blank nodes, labelled at random by each build
        label = hashlib.sha1(f"{i}{extra}{n}".encode()).hexdigest()[:8]
        lines += [f"<{g}> <{BASE}/def#b> _:x{label} <{g}> .\n", f'_:x{label} <{BASE}/def#q> "b" <{g}> .\n']
    return lines


def make_build(directory: Path, graphs: dict[int, list[str]], *, per_member: int = 4, manifest: bool = True,
               store: bool = True, order: list[int] | None = None, store_graphs: dict[int, list[str]] | None = None
               ) -> Path:
    """A build directory as `zwgk build` leaves it: dumps/zwgk.nq.gz (a gzip member for every `per_member`
    graphs, as the build concatenates its parts: a member whose graphs did not change is the same bytes),
    dumps/manifest.json vouching for it, and store/ with the same quads."""
    directory.mkdir(parents=True)
    runs = [graphs[i] for i in (order or sorted(graphs))]
    groups = [runs[k:k + per_member] for k in range(0, len(runs), per_member)]
    texts = ["".join(line for run in group for line in run).encode() for group in groups]
    members = [gzip.compress(text, mtime=0) for text in texts]
    data = b"".join(members)
    (directory / "dumps").mkdir()
    (directory / "dumps" / "zwgk.nq.gz").write_bytes(data)
    if INDEXED:            # as zwgk.dumps.write_dumps writes it from the parts' own indexes
        (directory / "dumps" / NQ_INDEX).write_bytes(index_of(members, texts))
    quads = sum(len(run) for run in runs)
    if manifest:
        (directory / "dumps" / "manifest.json").write_text(json.dumps({
            "base": BASE, "store_quads": quads, "built": "2026-01-01T00:00:00+00:00",
            "files": [{"path": "zwgk.nq.gz", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}]}))
    if store:
        st = ox.Store(str(directory / "store"))
        lines = [line for run in (store_graphs or graphs).values() for line in run]
        st.load(input="".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
        st.flush()
        del st
    return directory


def client(v) -> SparqlClient:
    return SparqlClient(v.sparql, v.sparql_auth, None, v.user, v.password)


def run(v, build: Path, bulk: Path, **kw) -> list[M.GraphReport]:
    reports, _ = P.publish(build / "store", BASE, client(v), False, dumps_dir=build / "dumps", bulk_dir=bulk,
                           show_progress=False, **kw)
    return reports


def published(v) -> dict[str, int]:
    counts = PR.Publisher(client(v), False).all_counts()
    return {g: n for g, n in counts.items() if g.startswith(BASE + "/id/")}


def expected(graphs: dict[int, list[str]]) -> dict[str, int]:
    return {f"{BASE}/id/catalogue/c{i}": len(lines) for i, lines in graphs.items()}


def check(v, build: Path, bulk: Path, graphs: dict[int, list[str]]) -> R.Record:
    """The store holds exactly these graphs with these counts, the record says so (with the SHA-256 of each
    graph and of the dump), and nothing is left behind."""
    assert published(v) == expected(graphs)
    record = PR.Publisher(client(v), False).previous(BASE)
    assert {g: n for g, (n, _) in record.graphs.items()} == expected(graphs)
    dump = (build / "dumps" / "zwgk.nq.gz").read_bytes()
    reader = D.DumpReader(dump)
    truth = D.collect(reader.stream())
    assert record.graphs == {g: (d.count, d.sha256) for g, d in truth.items()}
    assert PR.Publisher(client(v), False).record_dump(BASE) == hashlib.sha256(dump).hexdigest()
    assert {g: sorted(p) for g, p in record.parts.items()} == {g: sorted(reader.part_shas(d)) for g, d in truth.items()}
    counts = PR.Publisher(client(v), False).all_counts()
    assert not [g for g in counts if g.startswith(STAGING_PREFIX)]
    assert list(bulk.iterdir()) == []
    return record


def record_stamp(v) -> tuple:
    rows, _ = PR.Publisher(client(v), False).rows(
        f"SELECT ?m ?id WHERE {{ GRAPH <{record_graph(BASE)}> {{ <{record_graph(BASE)}> "
        f"<http://purl.org/dc/terms/modified> ?m ; <http://purl.org/dc/terms/identifier> ?id }} }}")
    return tuple(sorted((r["m"], r["id"]) for r in rows))


@pytest.fixture
def bulk(virtuoso):
    d = virtuoso.directory / "bulk"
    d.mkdir(exist_ok=True)
    return d


def statuses(reports: list[M.GraphReport]) -> dict[str, str]:
    return {r.graph.rsplit("/", 1)[-1]: r.status for r in reports}


def test_a_build_streamed_into_the_loaders_then_the_same_dump_is_not_even_inflated(virtuoso, bulk, tmp_path,
                                                                                    tiny_files, monkeypatch):
    graphs = {i: graph_lines(i, 40 + 13 * i) for i in range(40)}
    build = make_build(tmp_path / "b1", graphs)
    real_inflate, inflated = D.inflate_member, []
    monkeypatch.setattr(D, "inflate_member", lambda *a: inflated.append(a[1]) or real_inflate(*a))
    reports = run(virtuoso, build, bulk)
    assert set(statuses(reports).values()) == {"ok"}
    assert (inflated == []) == (tiny_files == "members")     # with the index: the members copied, none inflated
    monkeypatch.setattr(D, "inflate_member", real_inflate)
    check(virtuoso, build, bulk, graphs)
    stamp = record_stamp(virtuoso)

    def not_read(*_):
        raise AssertionError("the dump was inflated although the record says it is the one published")
    monkeypatch.setattr(D, "inflate_member", not_read)
    reports = run(virtuoso, build, bulk)
    assert {r.status for r in reports} == {"unchanged"} and len(reports) == len(graphs)
    assert record_stamp(virtuoso) == stamp


def test_changed_added_and_removed_graphs_and_then_full(virtuoso, bulk, tmp_path, tiny_files):
    graphs = {i: graph_lines(i, 30 + 7 * i) for i in range(40)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    check(virtuoso, build, bulk, graphs)
    # every other graph changed (each held back until no loader runs, then cleared), three new ones (loaded at
    # once, while the changed ones wait), two gone (dropped); blank nodes relabelled in graph 3: unchanged
    new = {i: (graph_lines(i, 30 + 7 * i, "-2") if i % 2 else lines) for i, lines in graphs.items()}
    new[3] = [line.replace("_:x", "_:y") for line in graphs[3]]
    new.update({i: graph_lines(i, 100) for i in (40, 41, 42)})
    del new[10], new[12]
    build2 = make_build(tmp_path / "b2", new)
    reports = run(virtuoso, build2, bulk)
    st = statuses(reports)
    sent = {f"c{i}" for i in new if i != 3 and (i % 2 or i >= 40)}
    assert {g for g, s in st.items() if s == "ok"} == sent | {"publication"}
    assert st["c3"] == "unchanged" and st["c4"] == "unchanged"
    assert st["c10"].startswith("dropped") and st["c12"].startswith("dropped")
    check(virtuoso, build2, bulk, new)
    # --full: every graph cleared before the load and loaded again; with another dump than the last (whose gzip
    # members the record knows), and with the same
    reports = run(virtuoso, build, bulk, full=True)
    assert {r.status for r in reports} == {"ok", "dropped (not in this build)"} and len(reports) == len(graphs) + 1 + 3
    check(virtuoso, build, bulk, graphs)
    reports = run(virtuoso, build, bulk, full=True)
    assert {r.status for r in reports} == {"ok"}
    check(virtuoso, build, bulk, graphs)


def test_full_loads_over_the_store_and_clears_only_the_graphs_that_then_hold_more(virtuoso, bulk, tmp_path,
                                                                                   tiny_files, monkeypatch):
    """--full does not clear every graph first (57 of 69 s at 1,000 catalogues went to that): the graphs are loaded
    over what the store holds; a graph that then holds more than the build's triples (one added by hand here) is
    cleared and loaded again; one that lost a triple gets it back by the load alone; graphs with blank nodes are
    cleared first (loaded again, they would be new blank nodes)."""
    graphs = {i: graph_lines(i, 20 + i) for i in range(700, 720)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    check(virtuoso, build, bulk, graphs)
    c = lambda i: f"{BASE}/id/catalogue/c{i}"  # noqa: E731
    client(virtuoso).update(f'INSERT DATA {{ GRAPH <{c(705)}> {{ <{BASE}/id/item/c705/0> <{BASE}/def#p> "by hand" }} }}')
    client(virtuoso).update(f'DELETE DATA {{ GRAPH <{c(706)}> {{ <{BASE}/id/item/c706/0> <{BASE}/def#p> "v0" }} }}')
    assert published(virtuoso)[c(705)] == len(graphs[705]) + 1
    assert published(virtuoso)[c(706)] == len(graphs[706]) - 1
    cleared: list[str] = []
    real = P.Publication.clear
    monkeypatch.setattr(P.Publication, "clear", lambda self, gs: cleared.extend(gs) or real(self, gs))
    reports = run(virtuoso, build, bulk, full=True)
    assert set(statuses(reports).values()) == {"ok"}
    check(virtuoso, build, bulk, graphs)
    with_bnodes = {c(i) for i in graphs if i % 7 == 3}
    assert with_bnodes == {c(703), c(710), c(717)}
    assert {g for g in cleared if g.startswith(f"{BASE}/id/")} == with_bnodes | {c(705)}
    assert cleared.count(c(705)) == 1
    assert {r.graph: r.batches for r in reports if r.batches == 2} == {c(705): 2}
    # again, the store as the build: only the graphs with blank nodes are cleared
    cleared.clear()
    assert set(statuses(run(virtuoso, build, bulk, full=True)).values()) == {"ok"}
    check(virtuoso, build, bulk, graphs)
    assert {g for g in cleared if g.startswith(f"{BASE}/id/")} == with_bnodes


def test_only_the_members_that_changed_are_inflated(virtuoso, bulk, tmp_path, tiny_files, monkeypatch):
    """After a build that changed one catalogue, only its gzip member is inflated: the others are the bytes of
    members published before (the record names each graph's members by their SHA-256). A graph the store lost
    triples of is read and loaded again although its member did not change."""
    graphs = {i: graph_lines(i, 20 + i) for i in range(300, 340)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    check(virtuoso, build, bulk, graphs)
    real, inflated = D.inflate_member, []

    def counted(mv, pos, n):
        inflated.append(pos)
        return real(mv, pos, n)
    monkeypatch.setattr(D, "inflate_member", counted)
    replaced = []
    real_replace = PR.Publisher.replace
    monkeypatch.setattr(PR.Publisher, "replace", lambda self, g, *a: replaced.append(g) or real_replace(self, g, *a))
    new = {**graphs, 305: graph_lines(305, 20 + 305, "-2")}            # the second member (graphs 304-307)
    build2 = make_build(tmp_path / "b2", new)
    found = []                      # members found by hashing at gzip headers: not with the build's index
    real_find = D.DumpReader._find_known
    monkeypatch.setattr(D.DumpReader, "_find_known", lambda self, *a: found.append(a[0]) or real_find(self, *a))
    st = statuses(run(virtuoso, build2, bulk))
    assert (found == []) == (tiny_files == "members")
    read = list(inflated)
    assert replaced == []           # the record: its stamp and the entries of 304-307 updated in one request
    assert {g for g, s in st.items() if s != "unchanged"} == {"c305", "publication"}
    check(virtuoso, build2, bulk, new)
    data = (build2 / "dumps" / "zwgk.nq.gz").read_bytes()
    assert read == [data.find(b"\x1f\x8b\x08", 1)]
    # --full back to the first build: nine of its ten members are the last publication's, and every graph is sent
    assert set(statuses(run(virtuoso, build, bulk, full=True)).values()) == {"ok"}
    check(virtuoso, build, bulk, graphs)
    run(virtuoso, build2, bulk)

    # one graph changed, one removed, one added (new members at the end), and the store lost a triple of graph
    # 313 (its member unchanged): those members are read
    inflated.clear()
    client(virtuoso).update(f'DELETE DATA {{ GRAPH <{BASE}/id/catalogue/c313> {{ <{BASE}/id/item/c313/0> '
                            f'<{BASE}/def#p> "v0" }} }}')
    assert published(virtuoso)[f"{BASE}/id/catalogue/c313"] == len(graphs[313]) - 1
    newer = {**new, 322: graph_lines(322, 50), 340: graph_lines(340, 10)}
    del newer[339]
    build3 = make_build(tmp_path / "b3", newer)
    st = statuses(run(virtuoso, build3, bulk))
    read = list(inflated)
    assert {g for g, s in st.items() if s == "ok"} == {"c313", "c322", "c340", "publication"}
    assert st["c339"].startswith("dropped")
    check(virtuoso, build3, bulk, newer)
    assert len(read) == 3           # the members of 312-315, 320-323 and 336-338 + 340, not one more
    inflated.clear()
    # --full: every member read (here, or by other processes), or with the index copied as it is
    st = statuses(run(virtuoso, build3, bulk, full=True))
    assert set(st.values()) == {"ok"}
    assert len(inflated) == {"streamed": 10, "members": 0}.get(tiny_files, len(inflated))
    check(virtuoso, build3, bulk, newer)
    assert replaced == []
    # a record someone added to (a graph's entry): updated in place, its count is not the new record's: rewritten
    rec = record_graph(BASE)
    entry = f"{rec}#graph-{hashlib.sha1(f'{BASE}/id/catalogue/c301'.encode()).hexdigest()[:20]}"
    client(virtuoso).update(f'INSERT DATA {{ GRAPH <{rec}> {{ <{entry}> <urn:x> "by hand" }} }}')
    newest = {**newer, 300: graph_lines(300, 5)}
    build4 = make_build(tmp_path / "b4", newest)
    st = statuses(run(virtuoso, build4, bulk))
    assert st["c300"] == "ok" and replaced == [rec]
    check(virtuoso, build4, bulk, newest)


def test_a_dump_not_grouped_by_graph(virtuoso, bulk, tmp_path, tiny_files):
    """A graph in several runs of lines is one graph: loaded whole, counted whole, hashed whole. (Each graph is
    decided when its run of lines ends, while the loaders run: one that comes back later is sent again, even
    when it turns out unchanged. The build's dumps are grouped by graph.)"""
    graphs = {i: graph_lines(i, 60) for i in range(100, 106)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    check(virtuoso, build, bulk, graphs)
    split = {i: lines for i, lines in graphs.items()}
    split[101] = graph_lines(101, 60, "-x")            # changed, its lines in three runs
    split[103] = graphs[103]                            # unchanged, in two runs: sent again
    runs = {1011: split[101][:20], 1031: split[103][:30], 1012: split[101][20:45], 1032: split[103][30:],
            1013: split[101][45:]}
    text_graphs = {**{i: split[i] for i in (100, 102, 104, 105)}, **runs}
    build2 = make_build(tmp_path / "b2", text_graphs, order=[100, 1011, 1031, 102, 1012, 104, 1032, 105, 1013],
                        store_graphs=split)
    reports = run(virtuoso, build2, bulk)
    st = statuses(reports)
    assert st["c101"] == st["c103"] == "ok" and st["c100"] == st["c105"] == "unchanged"
    check(virtuoso, build2, bulk, split)


def test_a_dump_the_store_disagrees_with_fails_and_leaves_the_record(virtuoso, bulk, tmp_path):
    """The manifest vouches for the dump, but the store holds other graphs (a build broken off between the
    two): the publish says so, and the record is not replaced."""
    graphs = {i: graph_lines(i, 20) for i in range(200, 204)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    stamp = record_stamp(virtuoso)
    changed = {**graphs, 200: graph_lines(200, 25)}
    build2 = make_build(tmp_path / "b2", changed, store_graphs={**changed, 299: graph_lines(299, 5)})
    with pytest.raises(M.PublishError, match="does not hold the graphs of the store"):
        run(virtuoso, build2, bulk)
    assert record_stamp(virtuoso) == stamp
    assert list(bulk.iterdir()) == []


def loaders_meet(virtuoso, monkeypatch, harm):
    """Before the first of the run's loaders starts (the others wait for it): `harm(loader)` puts the store or
    the files in the state to test. Returns the list `harm`'s results go to."""
    real, lock, done = B.BulkLoader.call, threading.Lock(), []

    def call(self, expression, timeout=None):
        if expression.startswith("sql:rdf_loader_run"):
            with lock:
                if not done:
                    done.append(harm(self))
        return real(self, expression, timeout)
    monkeypatch.setattr(B.BulkLoader, "call", call)
    return done


def test_a_file_the_stores_loader_failed_on_for_a_deadlock_is_loaded_again(virtuoso, bulk, tmp_path, tiny_files,
                                                                           monkeypatch):
    """Virtuoso's ld_file, on any error in a file, records it in LL_ERROR, keeps what it inserted before and goes
    on with the next file: a deadlock between the two loaders once left four graphs empty in CI, and the publish
    reported them short. Here the store is put in that state before the loaders start: one file marked done
    with a 40001 error, one of its graphs holding one of its lines and a stray triple. The publish clears that
    file's graphs, loads it again, and every graph holds exactly its triples."""
    monkeypatch.setattr(sys.modules[__name__], "BASE", f"{BASE}-reloaded")     # a data set of its own
    graphs = {i: graph_lines(i, 40 + 13 * i) for i in range(40)}
    build = make_build(tmp_path / "b1", graphs)

    def deadlock(loader):
        victim = loader.files[0]
        g = victim.graphs[0]
        one = next(line for lines in graphs.values() for line in lines if line.rstrip(" .\n").endswith(f"<{g}>"))
        virtuoso.isql(f"update DB.DBA.LOAD_LIST set LL_STATE = 2, LL_ERROR = '40001 deadlock (set by the test)' "
                      f"where LL_FILE = '{loader.remote}/{victim.name}';")
        virtuoso.isql(f"sparql insert data {{ graph <{g}> {{ <{g}> <{BASE}/def#stray> 1 . "
                      f"{one.rsplit('<', 1)[0]}}} }};")
        return victim.name
    hit = loaders_meet(virtuoso, monkeypatch, deadlock)
    times: list = []
    reports, _ = P.publish(build / "store", BASE, client(virtuoso), False, dumps_dir=build / "dumps", bulk_dir=bulk,
                           show_progress=False, times=times)
    assert hit and set(statuses(reports).values()) == {"ok"}
    assert any("1 file(s) the store's loader failed on" in what for what, _ in times), times
    check(virtuoso, build, bulk, graphs)


def test_a_file_the_stores_loader_did_not_load_stops_the_publish_naming_it(virtuoso, bulk, tmp_path, monkeypatch):
    """Any other failure of the store's loader is not retried: the publish stops, naming the file, its graphs and
    what the store's load list says, and leaves the record as it was. Here the file is gone before the loaders
    start (Virtuoso's loader skips a file it cannot stat and leaves it on the list, with no error)."""
    monkeypatch.setattr(sys.modules[__name__], "BASE", f"{BASE}-not-loaded")
    graphs = {i: graph_lines(i, 20) for i in range(300, 304)}
    build = make_build(tmp_path / "b1", graphs)
    run(virtuoso, build, bulk)
    stamp = record_stamp(virtuoso)
    changed = {**graphs, 301: graph_lines(301, 30)}
    build2 = make_build(tmp_path / "b2", changed)

    def spoil(loader):
        (loader.local / loader.files[0].name).unlink()
        return loader.files[0]
    hit = loaders_meet(virtuoso, monkeypatch, spoil)
    with pytest.raises(M.PublishError) as e:
        run(virtuoso, build2, bulk)
    message = str(e.value)
    assert f"the store's bulk loader failed on {bulk.resolve()}/zwgk-" in message and hit[0].name in message
    assert f"{BASE}/id/catalogue/c301" in message and "left in LL_STATE 0 (not loaded: the store could not stat the file)" in message, message
    assert record_stamp(virtuoso) == stamp
    assert list(bulk.iterdir()) == []


# -- reading the dump ---------------------------------------------------------------------------------------------

def test_inflate_reads_many_members_in_blocks_of_whole_lines(monkeypatch):
    text = b"".join(b"line %d\n" % i for i in range(20_000))
    cuts = [0, 7, 70_000, 70_001, 150_000, len(text)]
    cuts = sorted({text.index(b"\n", c) + 1 if 0 < c < len(text) else c for c in cuts})
    data = b"".join(gzip.compress(text[a:b]) for a, b in zip(cuts, cuts[1:])) + b"\0\0"   # zero padding
    for size in (3, 100, 1 << 16):          # compressed bytes per zlib call: pieces of a few bytes and up
        monkeypatch.setattr(D, "INFLATE_INPUT", size)
        members = D.Members()
        blocks = [(bytes(buf[a:b]), m) for buf, a, b, m in D.inflate_blocks(data, members)]
        assert b"".join(b for b, _ in blocks) == text and all(b.endswith(b"\n") for b, _ in blocks)
        assert len(members) == len(cuts) - 1
        assert members.exact and members[-1].end == len(data) - 2
        assert [m for _, m in blocks] == sorted(m for _, m in blocks)
        assert [text[a:b] for a, b in zip(cuts, cuts[1:])] == \
            [b"".join(b for b, m in blocks if m == k) for k in range(len(members))]
    mid_line = gzip.compress(b"a\nb") + gzip.compress(b"c\n")      # a member ending inside a line
    members = D.Members()
    assert b"".join(bytes(buf[a:b]) for buf, a, b, _ in D.inflate_blocks(mid_line, members)) == b"a\nbc\n"
    assert not members.exact
    with pytest.raises(EOFError):
        list(D.inflate_blocks(data[:-20]))
    with pytest.raises(D.zlib.error):     # the error of the zlib zwgk.publish inflates with (zlib-ng's)
        list(D.inflate_blocks(b"not gzip at all"))


def test_graphs_read_in_small_blocks_are_the_graphs_of_the_whole(monkeypatch):
    graphs = {i: graph_lines(i, 50 + i) for i in range(30)}
    text = "".join(line for lines in graphs.values() for line in lines).encode()
    data = gzip.compress(text[:len(text) // 3]) + gzip.compress(text[len(text) // 3:])
    whole = D.split_dump(text)
    monkeypatch.setattr(D, "INFLATE_INPUT", 97)       # pieces of a few kB: runs across their ends
    streamed = D.collect(D.dump_graphs(data))
    assert {g: (d.count, d.sha256) for g, d in streamed.items()} == {g: (d.count, d.sha256) for g, d in whole.items()}
    assert {g: b"".join(bytes(p) for p in d.parts) for g, d in streamed.items()} == \
        {g: d.nquads() for g, d in whole.items()}


def test_the_reading_thread_passes_its_error_on_and_stops_when_left():
    def items():
        yield 1
        raise ValueError("broken")
    it = iter(D.Prefetch(items()))
    assert next(it) == 1
    with pytest.raises(ValueError, match="broken"):
        next(it)
    endless = D.Prefetch(iter(int, 1), depth=2)      # never ends: closing stops it
    assert next(iter(endless)) == 0
    endless.close()
    assert not endless.thread.is_alive()


def test_reading_processes_hand_back_results_and_errors():
    """The dump read by forked processes: each one's result comes back; one's error is raised here, and no
    process is left behind (nor a parent's code run in a child)."""
    import os
    big = b"x" * 300_000                           # more than a pipe holds
    assert D._in_children([lambda: 1, lambda: big]) == [1, big]
    with pytest.raises(D.Irregular, match="g1"):
        D._in_children([lambda: big, lambda: (_ for _ in ()).throw(D.Irregular("g1")), lambda: big])
    with pytest.raises(M.PublishError, match="failed"):
        D._in_children([lambda: 1 / 0])
    try:                                          # no child ended without being waited for (others may run)
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        pass
    # a dump of one member is not shared out; one of several members is, at a member's start
    one = gzip.compress(b"".join(line.encode() for line in graph_lines(1, 50)))
    assert D.read_in_processes(one, 2, lambda g: (True, False), Path("/nonexistent"), 100) is None


def indexed_build(tmp_path: Path, monkeypatch, graphs: dict[int, list[str]]):
    """A build's dumps with the index of its members: (dumps dir, zwgk.nq.gz, its SHA-256, the index as JSON,
    the index as `members_index` reads it)."""
    monkeypatch.setattr(sys.modules[__name__], "INDEXED", True)
    dumps = make_build(tmp_path / "b", graphs, store=False) / "dumps"
    data = (dumps / "zwgk.nq.gz").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    return dumps, data, sha, json.loads((dumps / NQ_INDEX).read_text()), D.members_index(dumps, data, sha)


def test_an_index_that_does_not_describe_the_dump_exactly_is_left_aside(tmp_path, monkeypatch):
    """The build's index of the dump's members is used only when it describes this very file, member after
    member, each graph in one member; anything else (another dump, a gap, a graph in two members, a broken or
    hostile file) and publish reads the dump itself."""
    graphs = {i: graph_lines(i, 5 + i) for i in range(10)}
    dumps, data, sha, good, index = indexed_build(tmp_path, monkeypatch, graphs)
    assert [len(gs) for _, gs in index] == [4, 4, 2]
    assert {g for _, gs in index for g, *_ in gs} == set(expected(graphs))

    def with_index(raw) -> list | None:
        (dumps / NQ_INDEX).write_text(raw if isinstance(raw, str) else json.dumps(raw))
        return D.members_index(dumps, data, sha)
    assert with_index(good) is not None
    assert with_index({**good, "dump": {**good["dump"], "sha256": "0" * 64}}) is None
    gap = json.loads(json.dumps(good))
    gap["members"][1][0] += 1
    assert with_index(gap) is None
    twice = json.loads(json.dumps(good))
    twice["members"][1][3].append(twice["members"][0][3][0])
    assert with_index(twice) is None
    short = json.loads(json.dumps(good))
    short["members"].pop()
    assert with_index(short) is None
    wrong = json.loads(json.dumps(good))
    wrong["members"][0][3][0][1] = "many"
    assert with_index(wrong) is None
    assert with_index(json.dumps(good)[:100]) is None
    assert with_index('{"dump": [], "members": 1}') is None
    (dumps / NQ_INDEX).unlink()
    assert D.members_index(dumps, data, sha) is None


def test_a_plan_from_an_index_whose_members_do_not_end_where_it_says_reads_everything(tmp_path, monkeypatch):
    """An index that covers the dump but joins two members into one entry passes the index's own checks; the plan
    finds the member ending elsewhere and gives up (the whole dump is then read), and a right index plans only
    the member the record does not know."""
    graphs = {i: graph_lines(i, 30) for i in range(40)}     # ten members
    dumps, data, sha, good, index = indexed_build(tmp_path, monkeypatch, graphs)
    truth = D.collect(D.DumpReader(data).stream())
    record = R.Record({g: (d.count, d.sha256) for g, d in truth.items()}, None,
                      {g: [index[i][0].sha256 for i in d.members] for g, d in truth.items()})
    for i in range(4, 8):                              # the record does not know the second member
        record.parts[f"{BASE}/id/catalogue/c{i}"] = ["f" * 64]
    remote = {g: d.count for g, d in truth.items()}
    planned = D.DumpReader(data).plan(record, remote, index)
    assert planned is not None
    assert sorted(g.name for g in planned if not g.known) == [f"{BASE}/id/catalogue/c{i}" for i in range(4, 8)]
    joined = json.loads(json.dumps(good))
    first, second = joined["members"][0], joined["members"].pop(1)
    joined["members"][0] = [first[0], second[1], "0" * 64, first[3] + second[3]]
    (dumps / NQ_INDEX).write_text(json.dumps(joined))
    wrong = D.members_index(dumps, data, sha)
    assert wrong is not None                           # it passes its own checks
    assert D.DumpReader(data).plan(record, remote, wrong) is None
