"""HTTP correctness and production basics (server/http.py, server/apidocs.py, /healthz, zwgk/config.py, the CLI):
HEAD like GET without a body on every route kind, undecodable paths as 400/404, gzip with Vary and never twice,
/api offline, the Combined Log Format access log, the TOML config file and its precedence, --version.

Against real servers: the session's `zwgk serve` (conftest `server`) and one more started here from a config
file; the middlewares' units against a bare Starlette application."""
from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import rdflib
import pytest

import zwgk
from zwgk.config import ConfigError, PROJECT_DIR, read_config
from zwgk.server.http import accepts_gzip, clf_escape

from .servers import free_port, running_server, serving, stop_by_pid

GZ = {"Accept-Encoding": "gzip"}
SAME = ("content-type", "content-encoding", "etag", "vary", "cache-control", "content-location", "link",
        "last-modified", "content-security-policy", "content-disposition")
CLF = re.compile(r'^(\S+) - - \[(\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "([^"\\]*(?:\\.[^"\\]*)*)" '
                 r'(\d{3}) (\d+|-) "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"$')


def cli(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    return subprocess.run([sys.executable, "-m", "zwgk", *args], capture_output=True, text=True, cwd=cwd,
                          env={**clean, **(env or {})}, timeout=60)


HTTP = httpx.Client(timeout=30)   # one client (and one TLS context) for every request of this module


def raw_get(url: str, headers: dict | None = None) -> tuple[httpx.Response, bytes]:
    """A response and its body as sent (not decompressed)."""
    with HTTP.stream("GET", url, headers=headers or {}) as r:
        return r, b"".join(r.iter_raw())


@pytest.fixture(scope="module")
def paths(server):
    """One path of every route kind."""
    q = ("SELECT ?i WHERE { ?i a ?t FILTER(STRENDS(STR(?t), 'DisclosureItem')) } ORDER BY ?i LIMIT 1")
    item = HTTP.get(server + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"},
                     timeout=30).json()["results"]["bindings"][0]["i"]["value"]
    q = "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> } ORDER BY ?c LIMIT 50"
    concepts = [b["c"]["value"] for b in HTTP.get(server + "/sparql", params={"query": q},
                headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]]
    source = sorted(p.name for p in (PROJECT_DIR / "catalogues").glob("*.txt"))[0]
    kinds = {"home": "/", "item page": item.removeprefix(server), "dump file": "/dumps/catalogue/city-ybj.ttl",
             "gzipped dump": "/dumps/zwgk.nq.gz", "whole dump, plain name": "/dumps/zwgk.ttl", "sparql GET": "/sparql",
             "sparql query": "/sparql?query=" + quote("SELECT * { ?s ?p ?o } LIMIT 3"),
             "source file": f"/source/catalogues/{source}", "api": "/api", "api asset": "/api/assets/swagger-ui.css",
             "static": "/static/style.css", "ontology": "/vocab/def/zwgk", "ontology as turtle": "/vocab/def/zwgk.ttl",
             "dumps page": "/dumps/", "catalog": "/catalog", "void": "/.well-known/void",
             "context": "/context.jsonld", "search": "/search?q=%E5%B9%B4%E5%BA%A6", "healthz": "/healthz",
             "openapi": "/openapi.json", "not found": "/id/no/such/thing"}
    local = [c for c in concepts if c.startswith(server)]
    if local:
        kinds["code list concept"] = local[0].removeprefix(server)
    return kinds


# -- HEAD ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_head_is_get_without_body_on_every_route_kind(server, paths, encoding):
    assert len(paths) >= 20
    for kind, path in paths.items():
        headers = {"Accept-Encoding": encoding}
        get, body = raw_get(server + path, headers)
        head = HTTP.head(server + path, headers=headers)
        assert head.status_code == get.status_code, (kind, path, head.status_code, get.status_code)
        assert head.status_code != 405, (kind, path)
        assert head.content == b"", (kind, path)
        for name in SAME:
            assert head.headers.get(name) == get.headers.get(name), (kind, path, name)
        if "content-length" in head.headers:   # RFC 9110 §8.6: when sent, it is the GET's length
            assert int(head.headers["content-length"]) == len(body), (kind, path)
        elif not get.headers.get("content-encoding"):
            assert kind in ("dump file", "gzipped dump", "whole dump, plain name", "api asset", "static"), (kind, path)


def test_head_on_dumps_reports_the_files_length(server, served_build):
    settings, _ = served_build
    for name in ("zwgk.ttl.gz", "catalogue/city-ybj.ttl", "zwgk.nq.gz"):
        r = HTTP.head(f"{server}/dumps/{name}", headers={"Accept-Encoding": "identity"})
        assert r.status_code == 200
        assert int(r.headers["content-length"]) == (Path(settings.dumps) / name).stat().st_size


def test_openapi_lists_get_only_where_head_was_added(server):
    doc = HTTP.get(server + "/openapi.json").json()
    ops = {path: set(o) for path, o in doc["paths"].items()}
    assert "head" in ops["/sparql"]   # declared by the SPARQL endpoint itself
    assert all("head" not in o for p, o in ops.items() if p != "/sparql"), ops
    assert "/healthz" in ops and "get" in ops["/dumps/{path}"]


def test_head_falls_back_to_get_for_a_route_that_refuses_it():
    """A route that still answers HEAD with 405 (added after the application started) is run as GET."""
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from zwgk.server.http import HeadWithoutBody

    async def only_get(request):
        if request.method != "GET":
            return PlainTextResponse("no", status_code=405)
        return PlainTextResponse("x" * 5000, headers={"ETag": '"e"'})

    app = HeadWithoutBody(Starlette(routes=[Route("/r", only_get, methods=["GET", "HEAD"])]))

    async def both():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return await c.head("/r"), await c.get("/r")
    head, get = asyncio.run(both())
    assert (head.status_code, head.content, head.headers["etag"]) == (200, b"", '"e"')
    assert head.headers["content-length"] == get.headers["content-length"] == "5000"


# -- undecodable paths ------------------------------------------------------------------------------------------

def test_nul_and_undecodable_paths_are_client_errors(server):
    for path in ("/dumps/zwgk.ttl%00", "/source/catalogues/%00"):
        for method in ("GET", "HEAD"):
            r = HTTP.request(method, server + path)
            assert r.status_code == 400, (method, path)
            if method == "GET":
                assert "NUL" in r.text and r.headers["x-content-type-options"] == "nosniff"
    for path in ("/%00", "/id/%00", "/def/zwgk%00", "/static/%00", "/api/assets/%00", "/source/%00/x", "/dumps/%00",
                 "/id/%FF", "/source/catalogues/%C0%AF", "/id/%ED%A0%80", "/id/a%0Ab", "/search?q=%00",
                 "/search?q=%FF", "/id/x?page=%00", "/sparql?query=%00", "/catalog?format=%00",
                 "/source/catalogues/..%2F..%2Fpyproject.toml", "/dumps/%2e%2e/manifest.json"):
        for method in ("GET", "HEAD"):
            r = HTTP.request(method, server + path)
            assert r.status_code < 500, (method, path, r.status_code)
            assert r.status_code in (200, 400, 404, 406), (method, path, r.status_code)
    assert HTTP.get(server + "/id/%FF").text.startswith("400 Bad Request: the path is not UTF-8")


# -- gzip ---------------------------------------------------------------------------------------------------

def test_turtle_dump_is_gzipped_with_vary_and_a_weak_etag(server, served_build):
    settings, _ = served_build
    on_disk = (Path(settings.dumps) / "catalogue" / "city-ybj.ttl").read_bytes()
    r, sent = raw_get(server + "/dumps/catalogue/city-ybj.ttl", GZ)
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()
    assert gzip.decompress(sent) == on_disk
    assert len(sent) < len(on_disk) / 4
    assert r.headers["etag"].startswith('W/"') and "accept-ranges" not in r.headers
    plain, body = raw_get(server + "/dumps/catalogue/city-ybj.ttl", {"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and body == on_disk
    assert "accept-encoding" in plain.headers["vary"].lower()   # a cache must not serve the gzip to this client
    refused, body = raw_get(server + "/dumps/catalogue/city-ybj.ttl", {"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers and body == on_disk


@pytest.mark.parametrize("name", ["zwgk.ttl", "zwgk.jsonld"])
def test_whole_dumps_kept_gzipped_answer_at_their_plain_names(server, served_build, name):
    """zwgk.ttl and zwgk.jsonld are written gzipped only (zwgk.ttl.gz …): at the plain name, the file as it is
    with Content-Encoding: gzip to a client that takes gzip, else inflated, every member of it."""
    settings, _ = served_build
    gz = (Path(settings.dumps) / f"{name}.gz").read_bytes()
    text = gzip.decompress(gz)
    assert gz.count(b"\x1f\x8b\x08") >= 6          # one member a part: four catalogues, shared, static …
    media = "text/turtle" if name.endswith(".ttl") else "application/ld+json"
    r, sent = raw_get(f"{server}/dumps/{name}", GZ)
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip" and sent == gz
    assert r.headers["content-type"].startswith(media) and "accept-encoding" in r.headers["vary"].lower()
    assert int(r.headers["content-length"]) == len(gz) and r.headers.get("accept-ranges") == "none"
    for headers in ({"Accept-Encoding": "identity"}, {"Accept-Encoding": "gzip;q=0"}, {**GZ, "Range": "bytes=0-99"}):
        r, body = raw_get(f"{server}/dumps/{name}", headers)
        assert r.status_code == 200 and "content-encoding" not in r.headers and body == text, headers
        assert r.headers["content-type"].startswith(media)
    if name.endswith(".ttl"):
        assert len(rdflib.Graph().parse(data=text, format="turtle")) > 8000
    else:
        assert json.loads(text) and text.startswith(b"[") and text.rstrip().endswith(b"]")
    head = HTTP.head(f"{server}/dumps/{name}", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b"" and "content-length" not in head.headers
    assert HTTP.get(f"{server}/dumps/{name}.gz.gz").status_code == 404
    assert HTTP.get(f"{server}/dumps/catalogue/city-ybj.ttl.gz").status_code == 404   # no such file: not listed


def test_gzipped_dumps_are_not_gzipped_again(server, served_build):
    settings, _ = served_build
    on_disk = (Path(settings.dumps) / "zwgk.nq.gz").read_bytes()
    r, sent = raw_get(server + "/dumps/zwgk.nq.gz", GZ)
    assert r.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in r.headers
    assert sent == on_disk and gzip.decompress(sent).startswith(b"<")


def test_pages_and_results_are_gzipped_small_answers_are_not(server, paths):
    for kind in ("home", "item page", "ontology", "catalog", "sparql GET"):
        r, sent = raw_get(server + paths[kind], GZ)
        assert r.headers.get("content-encoding") == "gzip", kind
        assert int(r.headers["content-length"]) == len(sent), kind
        assert gzip.decompress(sent) == HTTP.get(server + paths[kind], headers={"Accept-Encoding": "identity"},
                                                  timeout=30).content, kind
    r, sent = raw_get(server + "/healthz", GZ)
    assert len(sent) <= 1024 and "content-encoding" not in r.headers


def test_range_requests_are_not_compressed(server):
    r, sent = raw_get(server + "/dumps/catalogue/city-ybj.ttl", {**GZ, "Range": "bytes=0-99"})
    assert r.status_code == 206 and len(sent) == 100 and "content-encoding" not in r.headers


def test_accept_encoding_parsing():
    assert accepts_gzip("gzip") and accepts_gzip("gzip, deflate, br") and accepts_gzip("br;q=1, gzip;q=0.5")
    assert accepts_gzip("*") and accepts_gzip("x-gzip") and accepts_gzip("GZIP")
    assert not accepts_gzip(None) and not accepts_gzip("") and not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0") and not accepts_gzip("*, gzip;q=0") and not accepts_gzip("br")
    assert not accepts_gzip("gzip;q=abc")


# -- /api offline, /healthz ------------------------------------------------------------------------------------

def test_api_is_served_offline(server):
    r = HTTP.get(server + "/api")
    assert r.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert urls and all(u.startswith("/") for u in urls), urls   # nothing from another origin (no CDN)
    assert "/api/assets/swagger-ui-bundle.js" in urls and "/api/assets/swagger-ui.css" in urls
    csp = r.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:]) and len(script_src) == 2
    assert "http" not in csp
    for url in urls:
        asset = HTTP.get(server + url)
        assert asset.status_code == 200 and len(asset.content) > 0, url
    js = HTTP.get(server + "/api/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in js.text and "javascript" in js.headers["content-type"]


def test_healthz(server):
    r = HTTP.get(server + "/healthz")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["status"] == "ok" and body["store"] == "embedded" and body["version"]
    assert body["version"] in HTTP.head(server + "/vocab/def/zwgk").headers["etag"]


def healthz_becomes(base: str, status: int, seconds: float = 10) -> httpx.Response:
    """/healthz once it answers `status` (it is looked at again until `seconds` have passed)."""
    deadline = time.monotonic() + seconds
    while (r := HTTP.get(base + "/healthz")).status_code != status and time.monotonic() < deadline:
        time.sleep(0.3)
    return r


def test_healthz_is_503_while_a_remote_store_is_down(served_build, tmp_path):
    """`zwgk serve --store URL` over another `zwgk serve`'s /sparql (both on 127.0.0.1): healthy, then the
    upstream is stopped by its PID: /healthz and an item page answer 503 saying what is wrong (never 500), and
    /healthz is 200 again once the upstream is back on its port."""
    settings, _ = served_build
    upstream_port, port = free_port(), free_port()
    with contextlib.ExitStack() as upstream:
        def start_upstream():
            upstream.enter_context(running_server(settings.store, settings.dumps, upstream_port,
                                                  "--base", settings.base))
        start_upstream()
        endpoint = f"http://127.0.0.1:{upstream_port}/sparql"
        with serving(["--host", "127.0.0.1", "--port", str(port), "--base", settings.base, "--dumps",
                      str(settings.dumps), "--store", endpoint], f"http://127.0.0.1:{port}",
                     tmp_path / "remote.log", env={"ZWGK_REMOTE_RETRIES": "1"}) as base:   # (retries: test_remote_zwgk)
            r = HTTP.get(base + "/healthz")
            assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["store"] == "remote"
            upstream.close()                     # tests/servers.py: SIGTERM to the upstream's own PID
            r = HTTP.get(base + "/healthz")
            assert r.status_code == 503 and r.headers["retry-after"] and r.headers["cache-control"] == "no-store"
            assert r.json() == {"status": "unavailable", "store": "remote",
                                "error": f"{endpoint}: connection refused: is the store running?"}
            for accept in ("text/html", "text/turtle"):   # no page of it was asked for before: none is cached
                page = HTTP.get(base + "/id/item/city-ybj/1", headers={"Accept": accept})
                assert page.status_code == 503 and page.headers["retry-after"], (accept, page.text[:300])
                assert page.text.startswith("503 the data store is unavailable: ") and "connection refused" in page.text
                assert "Traceback" not in page.text
            start_upstream()
            r = healthz_becomes(base, 200)
            assert r.status_code == 200 and r.json()["store"] == "remote", r.text


def test_healthz_is_503_when_the_embedded_store_directory_is_gone(served_build, tmp_path):
    """The server keeps answering from the store files it holds open, but nothing could open the store again (a
    restart, a new query worker): /healthz says so, pages are still served (not a 500), and /healthz is 200 again
    once a store is back in place."""
    settings, _ = served_build
    store = tmp_path / "store"
    shutil.copytree(settings.store, store)
    with running_server(store, settings.dumps, free_port(), "--base", settings.base) as base:
        assert HTTP.get(base + "/healthz").json()["status"] == "ok"
        shutil.rmtree(store)
        r = HTTP.get(base + "/healthz")
        assert r.status_code == 503 and r.headers["retry-after"] and r.headers["cache-control"] == "no-store"
        assert r.json()["status"] == "unavailable" and r.json()["store"] == "embedded"
        assert r.json()["error"].startswith(f"no store at {store} any more: ")
        assert HTTP.get(base + "/id/item/city-ybj/1", headers={"Accept": "text/html"}).status_code == 200
        shutil.copytree(settings.store, store)   # a build put (back) in place: picked up, healthy again
        r = healthz_becomes(base, 200)
        assert r.status_code == 200 and r.json()["status"] == "ok", r.text


# -- the command line, the config file, the access log --------------------------------------------------------

def test_version_and_python_dash_m():
    import importlib.metadata
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"zwgk {zwgk.__version__}"
    assert importlib.metadata.version("zwgk") == zwgk.__version__
    r = cli("--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: zwgk ")
    assert all(w in r.stdout for w in ("build", "serve", "publish", "--config", "--version"))


def test_config_file_errors_name_the_file_and_line(tmp_path):
    cfg = tmp_path / "zwgk.toml"
    for text, message in (('base = "http://x"\nprot = 8000\n', ":2: unknown key 'prot' (did you mean 'port'?)"),
                          ('port = "8000"\n', ":1: port must be an integer, not '8000'"),
                          ("allow_service = 1\n", ":1: allow_service must be a boolean"),
                          ('sparql_password = "s"\n', ":1: sparql_password does not belong in a config file"),
                          ("# settings\n[serve]\nport = 1\n", ":2: [serve]: a config file holds plain keys only"),
                          ("port = \n", ": not valid TOML: ")):
        cfg.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as e:
            read_config(cfg)
        assert str(e.value).startswith(str(cfg)) and message in str(e.value), str(e.value)
    r = cli("--config", str(cfg), "build")
    assert r.returncode == 2 and r.stderr.startswith(f"zwgk: error: {cfg}: not valid TOML") and "Traceback" not in r.stderr
    r = cli("--config", str(tmp_path / "missing.toml"), "build")
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_config_values_and_relative_paths(tmp_path):
    cfg = tmp_path / "conf" / "zwgk.toml"
    cfg.parent.mkdir()
    cfg.write_text('store = "data/store"\nremote_timeout = 5\nallow_service = true\naccess_log = "-"\n'
                   'dumps = "/srv/dumps"\nbase = "https://example.org"\nport = 9\n', encoding="utf-8")
    assert read_config(cfg) == {"ZWGK_STORE": str(cfg.parent / "data" / "store"), "ZWGK_REMOTE_TIMEOUT": "5",
                                "ZWGK_ALLOW_SERVICE": "1", "ZWGK_ACCESS_LOG": "-", "ZWGK_DUMPS": "/srv/dumps",
                                "ZWGK_BASE": "https://example.org", "ZWGK_PORT": "9"}
    cfg.write_text('store = "http://virtuoso:8890/sparql"\n', encoding="utf-8")
    assert read_config(cfg) == {"ZWGK_STORE": "http://virtuoso:8890/sparql"}


@pytest.fixture(scope="module")
def configured_server(served_build, tmp_path_factory):
    """`python -m zwgk --config FILE serve` run from another folder: the config file names the store and dumps
    by paths relative to itself, the host, port and base, max_rows = 3 (the option --max-rows 7 wins),
    query_timeout = 4 (the environment's ZWGK_QUERY_TIMEOUT=6 wins) and an access log beside it."""
    settings, _ = served_build
    folder = tmp_path_factory.mktemp("configured")
    port = free_port()
    cfg = folder / "zwgk.toml"
    cfg.write_text(f'base = "{settings.base}"\nstore = "{os.path.relpath(settings.store, folder)}"\n'
                   f'dumps = "{os.path.relpath(settings.dumps, folder)}"\nhost = "127.0.0.1"\nport = {port}\n'
                   'max_rows = 3\nquery_timeout = 4\nquery_workers = 1\naccess_log = "access.log"\n', encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("cwd")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    log = open(folder / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "zwgk", "--config", str(cfg), "serve", "--no-build", "--max-rows", "7"],
                            cwd=elsewhere, stdout=log, stderr=subprocess.STDOUT,
                            env={**clean, "ZWGK_QUERY_TIMEOUT": "6"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text()
            try:
                if HTTP.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the configured server did not answer"
            time.sleep(0.2)
        yield base, folder / "access.log"
    finally:
        stop_by_pid(proc)
        log.close()


def test_config_file_precedence(configured_server):
    base, _ = configured_server
    sd = HTTP.get(base + "/sparql", headers={"Accept": "text/turtle"}).text
    assert "at most 7 result rows" in sd            # option over config file
    assert "Query timeout 6 s" in sd                # environment over config file
    r = HTTP.get(base + "/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 20"},
                  headers={"Accept": "text/csv"})
    assert r.headers["x-sparql-maxrows"] == "7"


def test_access_log_in_combined_log_format(configured_server):
    base, path = configured_server
    ua = 'probe "quoted" \\ 测试'
    r, sent = raw_get(base + "/vocab/def/zwgk?x=1", {**GZ, "User-Agent": ua.encode(), "Referer": "http://example.org/a b"})
    HTTP.head(base + "/dumps/zwgk.ttl")
    HTTP.get(base + "/dumps/zwgk.ttl%00")
    deadline = time.monotonic() + 10
    wanted = ("?x=1 HTTP/1.1", '"HEAD /dumps/zwgk.ttl ', "zwgk.ttl%00")   # a line is written once its response is sent
    while time.monotonic() < deadline and not all(w in path.read_text(encoding="utf-8") for w in wanted):
        time.sleep(0.1)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(CLF.match(line) for line in lines), [line for line in lines if not CLF.match(line)]
    page = [CLF.match(line).groups() for line in lines if '"GET /vocab/def/zwgk?x=1 ' in line][-1]
    assert page[0] == "127.0.0.1" and page[2] == "GET /vocab/def/zwgk?x=1 HTTP/1.1" and page[3] == "200"
    assert int(page[4]) == len(sent)                 # the bytes sent: the compressed body
    assert page[5] == "http://example.org/a b" and page[6] == clf_escape(ua)
    assert page[6] == 'probe \\"quoted\\" \\\\ \\xe6\\xb5\\x8b\\xe8\\xaf\\x95'
    head = [CLF.match(line).groups() for line in lines if '"HEAD /dumps/zwgk.ttl ' in line][-1]
    assert head[3] == "200" and head[4] == "-"
    bad = [CLF.match(line).groups() for line in lines if "zwgk.ttl%00" in line][-1]
    assert bad[3] == "400"
