"""Another zwgk server's /sparql as the store (`zwgk serve --store http://…/sparql`), and the remote client's
retries: real servers on 127.0.0.1, stopped by PID; the flaky store is a real HTTP server that answers 503 a
given number of times before it answers the query."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pyoxigraph as ox
import pytest

from zwgk.server.remote import RESULTS_XML, RemoteError, SparqlClient, parse_results

from .servers import free_port, running_server, serving

PAGES = ["/", "/id/item/city-ybj/1", "/id/catalogue/juye-ybj?page=2", "/id/law/国务院令第711号", "/vocab/def/zwgk",
         "/search?q=年度报告"]


def test_a_zwgk_server_as_the_store_gives_the_same_pages_and_a_503_while_it_is_down(served_build, server):
    settings, _ = served_build
    upstream_port = free_port()
    upstream = running_server(settings.store, settings.dumps, upstream_port, "--base", settings.base)
    upstream.__enter__()
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with serving(["--host", "127.0.0.1", "--port", str(port), "--base", settings.base, "--dumps",
                      str(settings.dumps), "--store", f"http://127.0.0.1:{upstream_port}/sparql"], url,
                     settings.store.parent / f"over-zwgk-{port}.log", env={"ZWGK_PAGE_SIZE": "20", "ZWGK_REMOTE_RETRIES": "1"}):    # retries: below
            for path in PAGES:
                a, b = (httpx.get(u + path, follow_redirects=True, timeout=60) for u in (server, url))
                assert a.status_code == b.status_code == 200, (path, b.text[:300])
                assert a.text == b.text, path
            a, b = (set(ox.parse(httpx.get(u + "/id/catalogue/city-ybj", headers={"Accept": "text/turtle"}).content,
                                 format=ox.RdfFormat.TURTLE)) for u in (server, url))
            assert a == b and len(a) > 20
            upstream.__exit__(None, None, None)     # the store goes away
            upstream = None
            for path in ("/id/item/city-ybj/2", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"):
                r = httpx.get(url + path, timeout=30)
                assert r.status_code == 503 and "connection refused" in r.text, (path, r.text)
                assert r.headers.get("Retry-After") and "Traceback" not in r.text
    finally:
        if upstream is not None:
            upstream.__exit__(None, None, None)


class Flaky(BaseHTTPRequestHandler):
    """503 for the first `failures` requests, then a SPARQL answer; counts the requests it got."""
    failures = 0
    seen: list[str] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append(self.path)
        if len(type(self).seen) <= type(self).failures:
            body, status, ctype = b"busy", 503, "text/plain"
        else:
            body, status, ctype = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                                   b'<head/><boolean>true</boolean></sparql>', 200, RESULTS_XML)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky():
    Flaky.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_transient_failures_are_retried_with_backoff(flaky, monkeypatch):
    httpd, url = flaky
    Flaky.failures = 2
    client = SparqlClient(url)
    body, ctype, _ = client.query("ASK {}", RESULTS_XML)
    assert bool(parse_results(body, ctype)) is True and len(Flaky.seen) == 3
    # an update that reached the store is not sent again on a 503 (it may have been applied)
    Flaky.seen, Flaky.failures = [], 1
    with pytest.raises(RemoteError, match="unavailable"):
        client.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert len(Flaky.seen) == 1
    # a store that stays down: every attempt made, then one clear error
    Flaky.seen, Flaky.failures = [], 100
    monkeypatch.setenv("ZWGK_REMOTE_RETRIES", "3")
    with pytest.raises(RemoteError, match=r"unavailable \(503\)"):
        SparqlClient(url).query("ASK {}", RESULTS_XML)
    assert len(Flaky.seen) == 3


def test_the_dump_splits_into_graphs_and_hashes_ignore_blank_node_labels():
    """zwgk publish reads each graph as a slice of the N-Quads dump; a graph met in several runs gets them all;
    the content hash does not change with the random labels a build gives blank nodes, and does change with
    the graph's structure."""
    from zwgk.publish.dump import split_dump
    raw = (b'<urn:a> <urn:p> "x" <urn:g1> .\n<urn:b> <urn:p> _:x1 <urn:g2> .\n_:x1 <urn:p> "y" <urn:g2> .\n'
           b'<urn:c> <urn:p> "z\\u00e9" <urn:g1> .\n')
    graphs = split_dump(raw)
    assert {g: d.count for g, d in graphs.items()} == {"urn:g1": 2, "urn:g2": 2}
    assert {str(t) for t in graphs["urn:g1"].triples()} == {'<urn:a> <urn:p> "x"', '<urn:c> <urn:p> "zé"'}
    relabelled = split_dump(b'<urn:b> <urn:p> _:other <urn:g2> .\n_:other <urn:p> "y" <urn:g2> .\n')["urn:g2"]
    split = split_dump(b'<urn:b> <urn:p> _:b1 <urn:g2> .\n_:b2 <urn:p> "y" <urn:g2> .\n')["urn:g2"]
    assert relabelled.sha256 == graphs["urn:g2"].sha256 != split.sha256
