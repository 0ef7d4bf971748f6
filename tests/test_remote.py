"""Publishing to and serving from an external SPARQL store: a real Virtuoso Open Source 7 (tests/virtuoso.py),
started for this module on its own ports with a throw-away database. Nothing is mocked.

The administrator password of that throw-away database reaches `zwgk publish` through an environment
variable, as it would in production; no test puts a password on a command line.
"""
from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from zwgk.server.pages import EXAMPLES
from zwgk.server.remote import RESULTS_XML, STAGING_PREFIX, SparqlClient, parse_results, record_graph
from zwgk.uris import vocab

from .servers import free_port, serving
from .virtuoso import required_virtuoso

SECRET_ENV = "ZWGK_TEST_VIRTUOSO_PASSWORD"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    yield from required_virtuoso(tmp_path_factory.mktemp("virtuoso"))


def zwgk(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def publish_args(v, settings, *extra: str) -> list[str]:
    return ["publish", "--store", str(settings.store), "--dumps", str(settings.dumps), "--endpoint", v.sparql,
            "--update-endpoint", v.sparql_auth, "--user", v.user, "--password-env", SECRET_ENV, *extra]


def reader(v) -> SparqlClient:
    return SparqlClient(v.sparql)


def count(client: SparqlClient, graph: str) -> int:
    body, ctype, _ = client.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", RESULTS_XML)
    return int(list(parse_results(body, ctype))[0]["n"].value)


def remote_graph_counts(client: SparqlClient, base: str) -> dict[str, int]:
    body, ctype, _ = client.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", RESULTS_XML)
    return {r["g"].value: int(r["n"].value) for r in parse_results(body, ctype)
            if r["g"].value.startswith((base + "/", vocab())) and r["g"].value != record_graph(base)}


def staging_graphs(client: SparqlClient) -> list[str]:
    body, ctype, _ = client.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                  f'FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}', RESULTS_XML)
    return [r["g"].value for r in parse_results(body, ctype)]


def record_modified(client: SparqlClient, base: str) -> str:
    rec = record_graph(base)
    body, ctype, _ = client.query(f"SELECT ?m ?id WHERE {{ GRAPH <{rec}> {{ <{rec}> <http://purl.org/dc/terms/modified> "
                                  f"?m ; <http://purl.org/dc/terms/identifier> ?id }} }}", RESULTS_XML)
    return [(r["m"].value, r["id"].value) for r in parse_results(body, ctype)]


def embedded_graph_counts(store_dir: Path) -> dict[str, int]:
    st = ox.Store.read_only(str(store_dir))
    return {g.value: sum(1 for _ in st.quads_for_pattern(None, None, None, g)) for g in st.named_graphs()}


# -- a store zwgk publish did not fill: Virtuoso's own bulk loader, fed the dump ---------------------------------

@pytest.fixture(scope="module")
def bulk_loaded(virtuoso, served_build):
    """The build's N-Quads dump loaded by Virtuoso's own bulk loader (ld_dir + rdf_loader_run over isql), as an
    operator would: no publication record, nothing of zwgk involved. Comes first in this module (the
    publication tests below publish over it, `published` depends on it)."""
    settings, _ = served_build
    local = embedded_graph_counts(settings.store)
    directory = virtuoso.directory / "operator-dumps"
    directory.mkdir()
    shutil.copy(settings.dumps / "zwgk.nq.gz", directory / "zwgk.nq.gz")
    virtuoso.isql(f"ld_dir('{directory}', '*.nq.gz', 'urn:unused'); rdf_loader_run(); checkpoint;")
    assert remote_graph_counts(reader(virtuoso), settings.base) == local
    assert record_modified(reader(virtuoso), settings.base) == []
    return settings


@pytest.fixture(scope="module")
def bulk_server(virtuoso, bulk_loaded):
    """`zwgk serve --store URL` over the bulk-loaded Virtuoso (the same page size as the embedded `server`)."""
    settings = bulk_loaded
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(["--host", "127.0.0.1", "--port", str(port), "--store", virtuoso.sparql, "--base", settings.base,
                  "--dumps", str(settings.dumps)], url, settings.store.parent / f"bulk-server-{port}.log",
                 env={"ZWGK_PAGE_SIZE": "20"}):
        yield url


BULK_PAGES = ["/", "/id/item/city-ybj/1", "/id/catalogue/juye-ybj", "/id/catalogue/juye-ybj?page=2",
              "/id/law/国务院令第711号", "/id/agency/sanmenxia-ybj", "/vocab/concept/channel/website", "/vocab/def/zwgk",
              "/search?q=年度报告", "/.well-known/void"]


def test_a_store_filled_by_its_own_bulk_loader_serves_the_same_pages(bulk_server, server, bulk_loaded):
    """Issue 12: `zwgk serve --store URL` on a Virtuoso that `zwgk publish` never touched (no publication record)
    crashed; it must give the pages the embedded store gives: the same HTML, the same triples."""
    for path in BULK_PAGES:
        a, b = (httpx.get(u + path, follow_redirects=True, timeout=60) for u in (server, bulk_server))
        assert a.status_code == b.status_code == 200, (path, b.text[:300])
        assert a.text == b.text, path
        if path.startswith(("/id/", "/vocab/", "/.well-known/")):
            assert turtle(httpx.get(bulk_server + path, headers={"Accept": "text/turtle"}, follow_redirects=True,
                                    timeout=60)) == \
                turtle(httpx.get(server + path, headers={"Accept": "text/turtle"}, follow_redirects=True,
                                 timeout=60)), path
    base = bulk_loaded.base
    for _, q in EXAMPLES:
        q = q.format(ns=vocab() + "def/zwgk#", base=base, vocab=vocab())
        a, b = (httpx.post(u + "/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"},
                           timeout=60) for u in (server, bulk_server))
        assert a.status_code == b.status_code == 200, b.text[:300]
        if "LIMIT" not in q:
            assert sorted(map(repr, a.json()["results"]["bindings"])) == \
                sorted(map(repr, b.json()["results"]["bindings"])), q


def test_query_command_on_a_store_filled_by_its_own_bulk_loader(virtuoso, bulk_loaded, capsys):
    from zwgk.cli import main
    settings = bulk_loaded
    q = EXAMPLES[0][1].format(ns=vocab() + "def/zwgk#", base=settings.base, vocab=vocab())
    assert main(["query", "--store", str(settings.store), "--dumps", str(settings.dumps), "--format", "csv", q]) == 0
    local = capsys.readouterr().out.replace("\r\n", "\n")   # CSV's CRLF, as the subprocess's text mode reads it
    remote = zwgk("query", "--endpoint", virtuoso.sparql, "--dumps", str(settings.dumps), "--format", "csv", q)
    assert remote.returncode == 0, remote.stderr
    assert local == remote.stdout and local.count("\n") == 5
    # without a base (no dumps to read it from, no --base) a store with no publication record cannot be scoped
    r = zwgk("query", "--endpoint", virtuoso.sparql, "--dumps", str(settings.store.parent / "none"), q)
    assert r.returncode == 1 and "--base" in r.stderr and "Traceback" not in r.stderr, r.stderr


# -- zwgk publish ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(virtuoso, served_build, bulk_loaded):
    """The real build, published to Virtuoso through SPARQL Update (digest-authenticated /sparql-auth), over the
    bulk-loaded copy of the same build (no publication record there: every graph is replaced)."""
    settings, _ = served_build
    r = zwgk(*publish_args(virtuoso, settings), env={SECRET_ENV: virtuoso.password})
    assert r.returncode == 0, r.stderr
    return settings, r


def test_publish_every_graph_with_the_embedded_counts(virtuoso, published):
    settings, r = published
    local = embedded_graph_counts(settings.store)
    assert len(local) >= 16 and any("/id/catalogue/" in g for g in local)
    assert remote_graph_counts(reader(virtuoso), settings.base) == local
    # the summary table names every graph with its read-back count
    for g, n in local.items():
        shown = g[len(settings.base):] if g.startswith(settings.base + "/") else g   # vocabulary graphs in full
        assert any(line.startswith(shown + " ") and f" {n} " in line for line in r.stdout.splitlines()), g
    assert "ok" in r.stdout.splitlines()[-1]
    assert staging_graphs(reader(virtuoso)) == []


def test_publish_twice_through_the_graph_store_protocol_leaves_the_same_triples(virtuoso, published):
    settings, _ = published
    before = remote_graph_counts(reader(virtuoso), settings.base)
    r = zwgk(*publish_args(virtuoso, settings, "--graph-store", virtuoso.graph_store, "--full", "--parallel", "3"),
             env={SECRET_ENV: virtuoso.password})
    assert r.returncode == 0, r.stderr
    assert remote_graph_counts(reader(virtuoso), settings.base) == before == embedded_graph_counts(settings.store)
    # not one triple more in the union of the published graphs (no duplicates across graphs either)
    body, ctype, _ = reader(virtuoso).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", RESULTS_XML,
                                           default_graphs=sorted(before))
    assert int(list(parse_results(body, ctype))[0]["n"].value) == sum(before.values())


def test_publish_through_the_bulk_loader_is_incremental(virtuoso, published, tmp_path):
    """--bulk-dir: the changed graphs go through Virtuoso's own bulk loader; graphs the last publication shows
    unchanged are not sent; nothing changed, nothing is touched (not even the record)."""
    settings, _ = published
    bulk = virtuoso.directory / "bulk"          # inside the test Virtuoso's DirsAllowed
    bulk.mkdir(exist_ok=True)
    local = embedded_graph_counts(settings.store)
    env = {SECRET_ENV: virtuoso.password}
    stamp = record_modified(reader(virtuoso), settings.base)      # the record of the publications above
    r = zwgk(*publish_args(virtuoso, settings, "--bulk-dir", str(bulk)), env=env)
    assert r.returncode == 0 and "nothing changed" in r.stderr, r.stdout + r.stderr
    assert sum(line.endswith(" unchanged") for line in r.stdout.splitlines()) == len(local)
    assert record_modified(reader(virtuoso), settings.base) == stamp

    # one catalogue changed (a triple less, one more): only its graph is sent
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    graph = f"{settings.base}/id/catalogue/yinzhou-ybj"
    lines = gzip.decompress((settings.dumps / "zwgk.nq.gz").read_bytes()).splitlines(keepends=True)
    mine = [i for i, line in enumerate(lines) if line.endswith(f"<{graph}> .\n".encode())]
    lines[mine[0]] = f'<{graph}> <http://purl.org/dc/terms/description> "改过" <{graph}> .\n'.encode()
    del lines[mine[1]]
    (dumps / "zwgk.nq.gz").write_bytes(gzip.compress(b"".join(lines)))
    changed = ["publish", "--store", str(tmp_path / "no-store"), "--dumps", str(dumps), "--base", settings.base,
               *publish_args(virtuoso, settings)[5:], "--bulk-dir", str(bulk)]
    r = zwgk(*changed, env=env)
    assert r.returncode == 0, r.stderr
    statuses = {line.split()[0]: line.split()[-1] for line in r.stdout.splitlines()[2:-2]}
    assert statuses.pop("/id/catalogue/yinzhou-ybj") == "ok" and statuses.pop("/graph/publication") == "ok"
    assert set(statuses.values()) == {"unchanged"}, statuses
    assert remote_graph_counts(reader(virtuoso), settings.base) == {**local, graph: local[graph] - 1}
    body, ctype, _ = reader(virtuoso).query(f'ASK {{ GRAPH <{graph}> {{ <{graph}> ?p "改过" }} }}', RESULTS_XML)
    assert bool(parse_results(body, ctype))
    # and back: the build's own graph again
    r = zwgk(*publish_args(virtuoso, settings, "--bulk-dir", str(bulk)), env=env)
    assert r.returncode == 0 and sum(line.endswith(" unchanged") for line in r.stdout.splitlines()) == len(local) - 1
    assert remote_graph_counts(reader(virtuoso), settings.base) == local
    assert list(bulk.iterdir()) == [] and staging_graphs(reader(virtuoso)) == []    # the files are gone


def test_a_bulk_dir_the_store_may_not_read_is_a_clear_error(virtuoso, published, tmp_path):
    """The store may not read the directory (Virtuoso: not in DirsAllowed): a one-line error, and not one graph
    was cleared (the files are registered with the store before any graph is touched)."""
    settings, _ = published
    r = zwgk(*publish_args(virtuoso, settings, "--bulk-dir", str(tmp_path), "--bulk-dir-remote", "/nonexistent-zwgk",
                           "--full"), env={SECRET_ENV: virtuoso.password})
    assert r.returncode == 1 and "DirsAllowed" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []
    assert remote_graph_counts(reader(virtuoso), settings.base) == embedded_graph_counts(settings.store)


def test_wrong_password_is_a_clear_error(virtuoso, served_build):
    settings, _ = served_build
    r = zwgk(*publish_args(virtuoso, settings), env={SECRET_ENV: "not-the-password-x7"})
    assert r.returncode != 0
    assert "401" in r.stderr and "refused" in r.stderr, r.stderr
    assert "not-the-password-x7" not in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_missing_password_variable_and_credentials_in_urls_are_refused(virtuoso, served_build):
    settings, _ = served_build
    env = {k: v for k, v in os.environ.items() if k != SECRET_ENV}
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", *publish_args(virtuoso, settings)], capture_output=True,
                       text=True, env=env, timeout=60)
    assert r.returncode != 0 and SECRET_ENV in r.stderr and "not set" in r.stderr
    url = virtuoso.sparql.replace("http://", "http://dba:dba@")
    r = zwgk("publish", "--store", str(settings.store), "--dumps", str(settings.dumps), "--endpoint", url)
    assert r.returncode != 0 and "credentials" in r.stderr and "dba:dba" not in r.stderr


def test_store_down_is_a_clear_error(served_build):
    settings, _ = served_build
    down = f"http://127.0.0.1:{free_port()}/sparql"
    once = {"ZWGK_REMOTE_RETRIES": "1"}     # (the retries: tests/test_remote_zwgk.py)
    r = zwgk("publish", "--store", str(settings.store), "--dumps", str(settings.dumps), "--endpoint", down, env=once)
    assert r.returncode != 0 and "connection refused" in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = zwgk("query", "--endpoint", down, "--base", settings.base, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", env=once)
    assert r.returncode != 0 and "connection refused" in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = zwgk("serve", "--store", down, "--base", settings.base, "--port", str(free_port()), env=once)
    assert r.returncode != 0 and "connection refused" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_failed_publish_leaves_the_published_graph_whole(virtuoso, tmp_path):
    """The store rejects a triple in the middle of a large graph (Virtuoso refuses "abc"^^xsd:integer): the
    publish fails with a clear message and exit 1, and a reader polling the graph all along sees only the
    complete old graph; nothing of the staging graph is left."""
    base = "http://example.org/zwgk-partial"
    graph = f"{base}/id/catalogue/big"
    N, L = ox.NamedNode, ox.Literal

    def make(directory: Path, n: int, bad: bool) -> Path:
        (directory / "store").mkdir(parents=True)
        st = ox.Store(str(directory / "store"))
        g = N(graph)
        quads = [ox.Quad(N(f"{base}/id/item/big/{i}"), N("https://w3id.org/zwgk/def/zwgk#rowNumber"),
                         L(str(i), datatype=N("http://www.w3.org/2001/XMLSchema#integer")), g) for i in range(n)]
        if bad:
            quads.insert(n // 2, ox.Quad(N(f"{base}/id/item/big/bad"), N("https://w3id.org/zwgk/def/zwgk#rowNumber"),
                                         L("abc", datatype=N("http://www.w3.org/2001/XMLSchema#integer")), g))
        st.extend(quads)
        st.flush()
        return directory / "store"

    old = make(tmp_path / "v1", 400, False)
    new = make(tmp_path / "v2", 3000, True)
    env = {SECRET_ENV: virtuoso.password}
    common = ["--dumps", str(tmp_path / "none"), "--base", base, "--endpoint", virtuoso.sparql, "--update-endpoint",
              virtuoso.sparql_auth, "--user", virtuoso.user, "--password-env", SECRET_ENV, "--batch", "500"]
    r = zwgk("publish", "--store", str(old), *common, env=env)
    assert r.returncode == 0, r.stderr
    client = reader(virtuoso)
    assert count(client, graph) == 400
    stamp = record_modified(client, base)

    seen, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            seen.append(count(client, graph))

    t = threading.Thread(target=poll)
    t.start()
    try:
        r = zwgk("publish", "--store", str(new), *common, env=env)
    finally:
        stop.set()
        t.join()
    assert r.returncode == 1
    assert "rejected" in r.stderr and "Invalid integer" in r.stderr and "previous version" in r.stderr, r.stderr
    assert len(seen) > 5 and set(seen) == {400}, sorted(set(seen))
    assert count(client, graph) == 400 and record_modified(client, base) == stamp
    assert staging_graphs(client) == []


# -- the same server over Virtuoso ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def remote_server(virtuoso, published):
    settings, _ = published
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(["--host", "127.0.0.1", "--port", str(port), "--store", virtuoso.sparql, "--base", settings.base,
                  "--dumps", str(settings.dumps)], url, settings.store.parent / f"remote-server-{port}.log"):
        yield url


def turtle(r: httpx.Response) -> set:
    assert r.status_code == 200, r.text[:300]
    return set(ox.parse(r.content, format=ox.RdfFormat.TURTLE))


def test_home_page_lists_the_four_catalogues(remote_server, server, published):
    settings, _ = published
    html = httpx.get(remote_server + "/").text
    for cid in ("city-ybj", "juye-ybj", "sanmenxia-ybj", "yinzhou-ybj"):
        assert f'href="/id/catalogue/{cid}"' in html


@pytest.mark.parametrize("path", ["/id/item/city-ybj/1", "/id/catalogue/juye-ybj", "/id/law/国务院令第711号",
                                  "/vocab/concept/channel/website", "/id/agency/sanmenxia-ybj", "/vocab/def/zwgk",
                                  "/.well-known/void"])
def test_resources_as_turtle_are_the_same_triples(remote_server, server, path):
    assert turtle(httpx.get(remote_server + path, headers={"Accept": "text/turtle"})) == \
        turtle(httpx.get(server + path, headers={"Accept": "text/turtle"}))


def test_sparql_answers_are_the_same(remote_server, server, published):
    settings, _ = published
    ns, base = "https://w3id.org/zwgk/def/zwgk#", settings.base
    for _, q in EXAMPLES:
        q = q.format(ns=ns, base=base, vocab=vocab())
        a, b = (httpx.post(u + "/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"})
                for u in (server, remote_server))
        assert a.status_code == b.status_code == 200
        rows = lambda r: sorted(map(repr, r.json()["results"]["bindings"]))  # noqa: E731 (ties may come in any order)
        if "LIMIT" not in q:   # under a LIMIT, rows tied on the sort key may differ: compare the full answers
            assert rows(a) == rows(b), q
    q = f"CONSTRUCT {{ ?i ?p ?o }} WHERE {{ ?i <http://purl.org/dc/terms/isPartOf> <{base}/id/catalogue/yinzhou-ybj> ; ?p ?o }}"
    a, b = (turtle(httpx.get(u + "/sparql", params={"query": q}, headers={"Accept": "text/turtle"}))
            for u in (server, remote_server))
    assert a == b and len(a) > 100


def test_query_command_gives_the_same_rows_on_both_stores(virtuoso, published):
    settings, _ = published
    q = EXAMPLES[0][1].format(ns="https://w3id.org/zwgk/def/zwgk#", base=settings.base, vocab="https://w3id.org/zwgk/")
    local = zwgk("query", "--store", str(settings.store), "--dumps", str(settings.dumps), "--format", "csv", q)
    remote = zwgk("query", "--endpoint", virtuoso.sparql, "--dumps", str(settings.dumps), "--format", "csv", q)
    assert local.returncode == remote.returncode == 0, local.stderr + remote.stderr
    assert local.stdout == remote.stdout and local.stdout.count("\n") == 5


def test_a_query_over_the_time_limit_is_stopped_not_cut(virtuoso, published):
    """Virtuoso answers a query it stopped at the deadline with a partial result and status 200 (X-SQL-State
    S1TAT); zwgk must report the time limit, never show the partial count as the answer."""
    settings, _ = published
    heavy = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{settings.base}/id/catalogue/city-ybj> "
             "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) } }")
    # three-way product of a 2k-triple graph (~10^10 rows): no machine finishes it in 1 s (a two-way one sometimes did)
    r = zwgk("query", "--endpoint", virtuoso.sparql, "--base", settings.base, "--timeout", "1", heavy)
    assert r.returncode == 1 and "1 s limit" in r.stderr and "Traceback" not in r.stderr, r.stdout + r.stderr


def test_credentials_from_a_config_file(virtuoso, tmp_path):
    """endpoint, update endpoint, user and password from the config file alone; a config file others can read is
    refused while it holds a password."""
    base = "http://example.org/zwgk-config"
    (tmp_path / "store").mkdir()
    st = ox.Store(str(tmp_path / "store"))
    st.add(ox.Quad(ox.NamedNode(f"{base}/id/agency/a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   ox.Literal("某局", language="zh"), ox.NamedNode(f"{base}/id/agency/a")))
    st.flush()
    del st
    cfg = tmp_path / "sparql.ini"
    cfg.write_text(f"[sparql]\nendpoint = {virtuoso.sparql}\nupdate_endpoint = {virtuoso.sparql_auth}\n"
                   f"user = {virtuoso.user}\npassword = {virtuoso.password}\n")
    cfg.chmod(0o644)
    args = ["publish", "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "none"), "--base", base,
            "--config", str(cfg)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_SPARQL")}
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", *args], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode != 0 and "chmod 600" in r.stderr
    cfg.chmod(0o600)
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", *args], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert count(reader(virtuoso), f"{base}/id/agency/a") == 1


def test_a_new_publication_is_picked_up_without_restart(virtuoso, published, remote_server):
    settings, _ = published
    before = httpx.get(remote_server + "/id/item/city-ybj/1", headers={"Accept": "text/turtle"})
    r = zwgk(*publish_args(virtuoso, settings, "--graph-store", virtuoso.graph_store, "--full"),
             env={SECRET_ENV: virtuoso.password})
    assert r.returncode == 0, r.stderr
    # RemoteStore checks the publication record at most every 5 s (STAMP_TTL): the new one within 5 s and a bit
    deadline = time.monotonic() + 5 + 3
    while True:
        after = httpx.get(remote_server + "/id/item/city-ybj/1", headers={"Accept": "text/turtle"})
        if before.headers["ETag"] != after.headers["ETag"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert before.headers["ETag"] != after.headers["ETag"]
    assert turtle(before) == turtle(after)
