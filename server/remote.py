"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, Stardog, Neptune …) behind the `GraphStore` interface.

    SparqlClient   the W3C protocols over HTTP (httpx): Query, Update and the Graph Store Protocol; Basic or
                   Digest authentication, answered to the server's challenge; transient failures retried with
                   backoff (tenacity); every failure becomes a `RemoteError` whose message says what went wrong
                   and where (never a password: credentials come from the environment or a config file, see
                   `credentials`).
    RemoteStore    select/construct/describe/graph_of and user queries by SPARQL over the published graphs,
                   answers parsed into pyoxigraph terms, so nothing above the store knows it is remote.

`zwgk publish` writes a publication record, the graph {base}/graph/publication, after every graph it pushed:
which graphs make up the data set and how many triples each holds, and when. The server reads it to know its
data set (a shared store holds other graphs too, e.g. Virtuoso's own system graphs, all part of its default
union graph) and, cheaply, whether the data changed (ETags).
"""
from __future__ import annotations

import configparser
import functools
import hashlib
import os
import re
import ssl
import stat
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pyoxigraph as ox
import tenacity

from .store import GraphStore, StoreUnavailable, inline_bindings

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
STAGING_PREFIX = "urn:zwgk:staging:"          # graphs `zwgk publish` loads into before moving them in place
RESULTS_XML = "application/sparql-results+xml"
RDF_PARSE = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
             "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}
CONFIG_ENV = "ZWGK_SPARQL_CONFIG"
DEFAULT_CONFIG = Path("~/.config/zwgk/sparql.ini")
USER_ENV, PASSWORD_ENV = "ZWGK_SPARQL_USER", "ZWGK_SPARQL_PASSWORD"
RETRIES_ENV = "ZWGK_REMOTE_RETRIES"


def record_graph(base: str) -> str:
    """The publication record's graph (and subject)."""
    return f"{base.rstrip('/')}/graph/publication"


class RemoteError(StoreUnavailable):
    """A remote store failed; `str()` is a message for people (endpoint, HTTP status, the store's own words)."""

    def __init__(self, message: str, status: int | None = None, kind: str = "error", sent: bool = True):
        super().__init__(message)
        # kind: unreachable | timeout | auth | rejected | deadlock | server | error; sent: False when the request
        # never reached the store (safe to send again, whatever it was)
        self.status, self.kind, self.sent = status, kind, sent


class RemoteTimeout(RemoteError):
    pass


# -- credentials ---------------------------------------------------------------------------------------

def read_config(path: str | Path | None = None) -> dict[str, str]:
    """The [sparql] section of the config file (--config, else $ZWGK_SPARQL_CONFIG, else
    ~/.config/zwgk/sparql.ini when it exists): endpoint, update_endpoint, graph_store, user, password."""
    explicit = path or os.environ.get(CONFIG_ENV)
    p = Path(explicit).expanduser() if explicit else DEFAULT_CONFIG.expanduser()
    if not p.exists():
        if explicit:
            raise RemoteError(f"config file {p} does not exist")
        return {}
    mode = p.stat().st_mode
    cp = configparser.ConfigParser(interpolation=None)
    try:
        cp.read(p, encoding="utf-8")
    except configparser.Error as e:
        raise RemoteError(f"config file {p}: {e.message.splitlines()[0]}") from None
    values = dict(cp["sparql"]) if cp.has_section("sparql") else {}
    if "password" in values and mode & (stat.S_IRGRP | stat.S_IROTH):
        raise RemoteError(f"config file {p} holds a password but others can read it: chmod 600 {p}")
    return values


def credentials(user: str | None = None, password_env: str | None = None,
                config: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    """(user, password): the user from the option, $ZWGK_SPARQL_USER or the config file; the password from the
    environment variable named by --password-env (default ZWGK_SPARQL_PASSWORD) or the config file, never
    from the command line."""
    config = config or {}
    user = user or os.environ.get(USER_ENV) or config.get("user")
    var = password_env or PASSWORD_ENV
    password = os.environ.get(var)
    if password is None:
        if password_env and password_env != PASSWORD_ENV:
            raise RemoteError(f"--password-env {password_env}: the environment variable {password_env} is not set")
        password = config.get("password")
    if password is not None and not user:
        user = None
        password = None
    return user, password


def public_url(url: str) -> str:
    """The URL as it may appear in messages and logs: no user info, no query string."""
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return urllib.parse.urlunsplit((p.scheme, host, p.path, "", ""))


def check_url(url: str, what: str = "endpoint") -> str:
    p = urllib.parse.urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise RemoteError(f"the {what} must be an http(s) URL, not {url!r}")
    if p.username or p.password:
        raise RemoteError(f"the {what} URL carries credentials: give the user with --user (or {USER_ENV}) and the "
                          f"password through an environment variable or the config file, never in a URL")
    return url


# -- the protocol client -------------------------------------------------------------------------------

class ChallengeAuth(httpx.Auth):
    """Basic or Digest, whichever the server's 401 challenge asks for; once known, the scheme is used from the
    first request on (Digest reuses the server's nonce: one round trip per request, not two)."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request):
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self._scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif challenge.startswith("basic"):
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


def _retry_attempts() -> int:
    try:
        return max(1, int(os.environ.get(RETRIES_ENV, "4")))
    except ValueError:
        raise RemoteError(f"{RETRIES_ENV} must be a whole number of attempts, "
                          f"not {os.environ[RETRIES_ENV]!r}") from None


@functools.cache
def _tls() -> ssl.SSLContext:
    """The certificates to verify an https store by (certifi's, as httpx's default without trust_env), read once per
    process: building a context reads the whole bundle (~40 ms), and every thread of every client needs one."""
    return httpx.create_ssl_context(trust_env=False)


class SparqlClient:
    """One SPARQL service: the query endpoint, the update endpoint (default: the query endpoint) and,
    optionally, a Graph Store Protocol endpoint. Thread-safe: each thread has its own HTTP connection pool.

    Transient failures are retried with exponential backoff (tenacity; $ZWGK_REMOTE_RETRIES attempts, default 4,
    ~2 s in all): a connection refused or reset, a 502/503/504, a deadlock the store rolled back. Queries are
    retried on all of them; updates and Graph Store requests only when the request cannot have been applied
    (not connected, or rolled back). A query that ran out of time is never re-run."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, graph_store: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float = 60):
        self.endpoint = check_url(endpoint)
        self.update_endpoint = check_url(update_endpoint, "update endpoint") if update_endpoint else endpoint
        self.graph_store = check_url(graph_store, "graph store") if graph_store else None
        self.user = user
        self.timeout = timeout
        self.attempts = _retry_attempts()
        self._password = password
        self._local = threading.local()

    @property
    def http(self) -> httpx.Client:
        # one client per thread: Digest authentication counts its nonce uses in the auth object
        if not hasattr(self._local, "http"):
            auth = ChallengeAuth(self.user, self._password) if self.user and self._password is not None else None
            self._local.http = httpx.Client(auth=auth, follow_redirects=False, trust_env=False,
                                            verify=_tls(), headers={"User-Agent": "zwgk"})
        return self._local.http

    def close(self) -> None:
        if hasattr(self._local, "http"):
            self._local.http.close()
            del self._local.http

    def _fail(self, url: str, e: Exception | httpx.Response, timeout: float | None, what: str) -> RemoteError:
        where = public_url(url)
        if isinstance(e, httpx.Response):
            body = _error_text(e)
            code = e.status_code
            if code == 401:
                hint = ("the user or password was refused" if self.user else
                        f"it needs credentials: give --user (or {USER_ENV}) and the password in {PASSWORD_ENV}")
                return RemoteError(f"{where}: 401 Unauthorized: {hint}", 401, "auth")
            if code == 403:
                return RemoteError(f"{where}: 403 Forbidden: the user{' ' + self.user if self.user else ''} may not "
                                   f"{what} here{': ' + body if body else ''}", 403, "auth")
            if code in (400, 414):
                return RemoteError(f"{where}: the store rejected the {what} ({code}): {body}", code, "rejected")
            if code in (502, 503, 504):
                return RemoteError(f"{where}: the store is unavailable ({code}){': ' + body if body else ''}",
                                   code, "unreachable")
            if re.search(r"\b40001\b|deadlock", body, re.I):
                return RemoteError(f"{where}: the store rolled the {what} back (deadlock): {body}", code, "deadlock")
            return RemoteError(f"{where}: the store failed ({code} {e.reason_phrase}){': ' + body if body else ''}",
                               code, "server")
        if isinstance(e, httpx.TimeoutException) and not isinstance(e, httpx.ConnectTimeout):
            return RemoteTimeout(f"{where}: no answer within {timeout or self.timeout:g} s", None, "timeout")
        text = str(e) or type(e).__name__
        if isinstance(e, (httpx.ConnectError, httpx.ConnectTimeout)):
            if "refused" in text.lower():
                return RemoteError(f"{where}: connection refused: is the store running?", None, "unreachable",
                                   sent=False)
            if re.search(r"name or service|nodename|getaddrinfo|no address", text, re.I):
                return RemoteError(f"{where}: unknown host", None, "unreachable", sent=False)
            return RemoteError(f"{where}: cannot reach the store: {text}", None, "unreachable", sent=False)
        if isinstance(e, httpx.TransportError):    # the connection broke while the request was under way
            return RemoteError(f"{where}: the connection to the store broke: {text}", None, "unreachable")
        return RemoteError(f"{where}: {type(e).__name__}: {text}", None, "error")

    def _send(self, method: str, url: str, what: str, timeout: float | None, idempotent: bool,
              **kw) -> httpx.Response:
        """One HTTP request with retries; an error status or a transport failure becomes a RemoteError."""
        t = timeout or self.timeout
        limits = httpx.Timeout(t, connect=min(t, 10.0))

        def attempt() -> httpx.Response:
            try:
                r = self.http.request(method, url, timeout=limits, **kw)
            except httpx.HTTPError as e:
                raise self._fail(url, e, timeout, what) from None
            if r.status_code >= 400:
                raise self._fail(url, r, timeout, what)
            return r

        def transient(e: BaseException) -> bool:
            if not isinstance(e, RemoteError) or isinstance(e, RemoteTimeout):
                return False
            return e.kind == "deadlock" or (e.kind == "unreachable" and (idempotent or not e.sent))

        retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(self.attempts), reraise=True,
                                     wait=tenacity.wait_exponential(multiplier=0.15, max=2),
                                     retry=tenacity.retry_if_exception(transient))
        return retrying(attempt)

    def query(self, query: str, accept: str, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, timeout: float | None = None,
              params: dict[str, str] | None = None, endpoint: str | None = None) -> tuple[bytes, str, dict]:
        """(body, media type, headers) of a query's answer in the negotiated format. POST, form-encoded
        (SPARQL 1.1 Protocol §2.1.2): the data set and the query go in the body, no URL length limit.
        `endpoint`: another of this service's endpoints (the authenticated one, for the store's own functions)."""
        form = [("query", query)] + [("default-graph-uri", g) for g in default_graphs or []]
        form += [("named-graph-uri", g) for g in named_graphs or []] + list((params or {}).items())
        r = self._send("POST", endpoint or self.endpoint, "query", timeout, True, data=dict_of_lists(form),
                       headers={"Accept": accept})
        ctype = (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return r.content, ctype, {k.lower(): v for k, v in r.headers.items()}

    def update(self, update: str, timeout: float | None = None) -> None:
        """Run a SPARQL Update request (one request: the store applies it as one transaction)."""
        self._send("POST", self.update_endpoint, "update", timeout, False, data={"update": update},
                   headers={"Accept": "*/*"})

    def graph_store_request(self, method: str, graph: str, data: bytes | None = None,
                            content_type: str = "application/n-triples", timeout: float | None = None) -> bytes:
        """A SPARQL 1.1 Graph Store Protocol request on ?graph=<graph> (PUT replaces, POST adds)."""
        if not self.graph_store:
            raise RemoteError("no Graph Store Protocol endpoint was given (--graph-store)")
        headers = {"Content-Type": content_type} if data is not None else {}
        r = self._send(method, self.graph_store, f"graph store {method}", timeout, method in ("GET", "PUT", "DELETE"),
                       params={"graph": graph}, content=data, headers=headers)
        return r.content


def dict_of_lists(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def _error_text(r: httpx.Response, limit: int = 600) -> str:
    try:
        text = r.content.decode("utf-8", "replace")
    except Exception:  # noqa: BLE001
        return ""
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text.lower()[:200] else text
    text = " ".join(text.split())
    cut = text.find("SPARQL query:")     # Virtuoso echoes the whole request after its message: keep the message
    if cut > 0:
        text = text[:cut].strip()
    return text if len(text) <= limit else text[:limit] + " …"


# -- parsing answers into pyoxigraph terms -------------------------------------------------------------

def _fix_bnodes(body: bytes) -> bytes:
    # Virtuoso writes blank nodes as <bnode>nodeID://b10000</bnode> (not a valid blank node label); in XML a
    # literal can never contain the raw text "<bnode>", so this only rewrites blank nodes.
    return body.replace(b"<bnode>nodeID://", b"<bnode>")


def parse_results(body: bytes, media_type: str):
    """QuerySolutions or QueryBoolean from a SPARQL XML or JSON results document."""
    fmt = {"application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}.get(media_type)
    if fmt is None:
        raise RemoteError(f"the store answered a query with {media_type or 'no media type'}, "
                          "not SPARQL query results")
    if fmt == ox.QueryResultsFormat.XML:
        body = _fix_bnodes(body)
    return ox.parse_query_results(body, format=fmt)


def parse_triples(body: bytes, media_type: str) -> list[ox.Triple]:
    fmt = RDF_PARSE.get(media_type)
    if fmt is None:
        raise RemoteError(f"the store answered a graph query with {media_type or 'no media type'}, not RDF")
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        return [q.triple for q in ox.parse(body, format=fmt)]
    return list(ox.parse(body, format=fmt))


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own data set (FROM / FROM NAMED), outside strings, IRIs and comments."""
    from .querytext import strip_strings_and_iris
    return bool(re.search(r"(?<![:\w?$])FROM\b", strip_strings_and_iris(query), re.I))


# -- the store -----------------------------------------------------------------------------------------

RECORD_QUERY = f"""SELECT ?rec ?modified ?id ?g ?n WHERE {{
  GRAPH ?rec {{ ?rec a <{SD}Dataset> ; <{DCT}modified> ?modified ; <{DCT}identifier> ?id .
    FILTER(STRENDS(STR(?rec), "/graph/publication"))
    OPTIONAL {{ ?rec <{SD}namedGraph> ?ng . ?ng <{SD}name> ?g ; <{VOID}triples> ?n }} }}
}}"""
STAMP_QUERY = (f"SELECT ?rec ?modified ?id WHERE {{ GRAPH ?rec {{ ?rec a <{SD}Dataset> ; <{DCT}modified> ?modified ; "
               f"<{DCT}identifier> ?id }} }}")
# A store zwgk publish did not fill (the dumps loaded by the store's own bulk loader, another zwgk server's
# /sparql) has no publication record; each catalogue's graph then says when the build that made it ended
# (prov:endedAtTime of {catalogue}/build): a new build of any catalogue changes the latest time, an added or
# removed catalogue the count.
BUILD_STAMP_QUERY = ("SELECT (COUNT(?t) AS ?n) (MAX(STR(?t)) AS ?m) WHERE { ?b <http://www.w3.org/ns/prov#endedAtTime> "
                     "?t FILTER(STRSTARTS(STR(?b), ?prefix)) }")
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore(GraphStore):
    """The GraphStore over a SPARQL endpoint.

    The data set queries run over (`dataset`, env ZWGK_REMOTE_DATASET):
      graphs  exactly the published graphs (from the publication record), sent with every query as
              default-graph-uri and named-graph-uri: the same answers as the embedded store even in a shared
              store, but a store pays for a data set of many graphs on every query (Virtuoso: ~1 s for an
              aggregate over 600 graphs, against 10 ms over its union graph) and echoes each in a header;
      union   the store's own default data set (Virtuoso: the union of all its graphs), for a store that holds
              this publication only; the store's system graphs (Virtuoso's few thousand triples of its own
              configuration) then count in whole-store statistics;
      auto    (default) graphs up to MAX_EXPLICIT_GRAPHS graphs, else union.
    """

    STAMP_TTL = 5.0              # seconds between two checks of the publication record
    MAX_EXPLICIT_GRAPHS = 40

    def __init__(self, endpoint: str, base: str | None = None, user: str | None = None,
                 password: str | None = None, timeout: float | None = None, config: str | Path | None = None,
                 dataset: str | None = None):
        self.dataset_mode = dataset or os.environ.get("ZWGK_REMOTE_DATASET", "auto")
        if self.dataset_mode not in ("auto", "graphs", "union"):
            raise RemoteError(f"ZWGK_REMOTE_DATASET must be auto, graphs or union, not {self.dataset_mode!r}")
        cfg = read_config(config)
        if user is None and password is None:
            user, password = credentials(None, None, cfg)
        self.client = SparqlClient(endpoint, user=user, password=password,
                                   timeout=timeout or float(os.environ.get("ZWGK_REMOTE_TIMEOUT", "60")))
        self.endpoint = endpoint
        self.base = base.rstrip("/") if base else None
        self.graphs: list[str] = []
        self.scope: list[str] | None = None
        self.counts: dict[str, int] = {}
        self.published_id: str | None = None
        self._stamp = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self.load()

    # the data set ---------------------------------------------------------------------------------------

    def _record(self) -> tuple | None:
        rec = record_graph(self.base) if self.base else None
        rows = self._raw_select(RECORD_QUERY, {"rec": ox.NamedNode(rec)} if rec else None, dataset=False)
        if not rows:
            return None
        if not rec:
            recs = {r["rec"].value for r in rows}
            if len(recs) > 1:
                raise RemoteError(f"{public_url(self.endpoint)} holds several zwgk publications: give --base")
        first = rows[0]
        graphs = {r["g"].value: int(r["n"].value) for r in rows if r["g"] is not None}
        return first["modified"].value, first["id"].value, graphs

    def load(self) -> None:
        record = self._record()
        if record is not None:
            modified, pid, counts = record
            self.counts = counts
            self.graphs = sorted(counts)
            self.published_id = pid
            self._stamp = (modified, pid)
            self.modified = _parse_datetime(modified)
        else:   # not published by `zwgk publish`: every graph under the base, as a loaded dump gives
            if not self.base:
                raise RemoteError(f"{public_url(self.endpoint)} holds no zwgk publication record: give the base "
                                  "(--base) the data was built with")
            rows = self._raw_select(GRAPHS_QUERY, dataset=False)
            from ..uris import vocab   # the ontology, shapes and code lists live under the vocabulary namespace
            prefix, rec = (self.base + "/", vocab()), record_graph(self.base)
            self.graphs = sorted(g.value for r in rows if isinstance(g := r["g"], ox.NamedNode) and
                                 g.value.startswith(prefix) and g.value != rec)
            self.counts = {}
            self.published_id = None
            self._stamp = ("", ",".join(self.graphs), self._build_stamp())
            self.modified = (_parse_datetime(self._stamp[2][1]) if self._stamp[2][1] else
                             datetime.now(timezone.utc).replace(microsecond=0))
        if not self.graphs:
            raise RemoteError(f"{public_url(self.endpoint)} holds no zwgk data"
                              f"{' for ' + self.base if self.base else ''}: run `zwgk publish` first")
        self.version = hashlib.sha256(repr(self._stamp).encode()).hexdigest()[:16]
        self._checked = time.monotonic()
        explicit = self.dataset_mode == "graphs" or (self.dataset_mode == "auto" and
                                                     len(self.graphs) <= self.MAX_EXPLICIT_GRAPHS)
        self.scope = self.graphs if explicit else None

    def refresh(self) -> bool:
        """A new publication? Checked at most every STAMP_TTL seconds (one tiny query)."""
        if time.monotonic() - self._checked < self.STAMP_TTL:
            return False
        with self._lock:
            if time.monotonic() - self._checked < self.STAMP_TTL:
                return False
            self._checked = time.monotonic()
            try:
                rec = {"rec": ox.NamedNode(record_graph(self.base))} if self.base else None
                rows = self._raw_select(STAMP_QUERY, rec, dataset=False)
                if rows:
                    stamp = (rows[0]["modified"].value, rows[0]["id"].value)
                elif self.published_id is None:     # no record: the builds' own time stamps
                    stamp = (*self._stamp[:2], self._build_stamp())
                else:
                    stamp = self._stamp
                if stamp == self._stamp:
                    return False
                self.load()
            except RemoteError:
                return False         # the pages will say the store is down; keep what we know
            return True

    def _build_stamp(self) -> tuple[str, str]:
        rows = self._raw_select(BUILD_STAMP_QUERY, {"prefix": ox.Literal(self.base + "/")}, dataset=False)
        return (rows[0]["n"].value, rows[0]["m"].value if rows[0]["m"] is not None else "") if rows else ("0", "")

    # queries --------------------------------------------------------------------------------------------

    def _raw_select(self, query: str, bindings=None, dataset: bool = True) -> list[dict]:
        graphs = self.scope if dataset else None
        body, ctype, headers = self.client.query(inline_bindings(query, bindings), RESULTS_XML, graphs, graphs)
        if headers.get("x-sql-state") == "S1TAT":
            raise RemoteError(f"{public_url(self.endpoint)} stopped the query at its own time limit and sent a "
                              "partial answer (Virtuoso: [SPARQL] MaxQueryExecutionTime)")
        if "x-sparql-maxrows" in headers:
            raise RemoteError(f"{public_url(self.endpoint)} cut the answer at {headers['x-sparql-maxrows']} rows "
                              "(Virtuoso: raise [SPARQL] ResultSetMaxRows)")
        res = parse_results(body, ctype)
        if isinstance(res, ox.QueryBoolean):
            raise RemoteError("expected SELECT results, got a boolean")
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names} for row in res]

    def select(self, query, bindings=None):
        return self._raw_select(query, bindings)

    def construct(self, query, bindings=None):
        body, ctype, _ = self.client.query(inline_bindings(query, bindings), "application/n-triples",
                                           self.scope, self.scope)
        return parse_triples(body, ctype)

    def describe(self, iris, chunk: int = 200):
        out, seen = [], set()
        for i in range(0, len(iris), chunk):
            values = " ".join(str(ox.NamedNode(iri)) for iri in iris[i:i + chunk])
            rows = self._raw_select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
            for r in rows:
                t = ox.Triple(r["s"], r["p"], r["o"])
                if t not in seen:
                    seen.add(t)
                    out.append(t)
        return out

    def graph_of(self, iri):
        rows = self._raw_select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", {"s": ox.NamedNode(iri)})
        return rows[0]["g"].value if rows else None

    def run_user_query(self, job, timeout: float):
        """A user's query, forwarded to the endpoint with the time limit; the answer is parsed, capped at
        job.max_rows as the embedded path does, and written in the media type the client negotiated."""
        from .results import SELECT_TYPES, write_boolean, write_select, write_triples
        from .sandbox import QueryAnswer, QueryTimeout
        from .querytext import query_kind
        query = job.query if not job.base_iri else f"BASE <{job.base_iri}>\n{job.query}"
        if job.default_graphs is not None or job.named_graphs is not None:
            default, named = job.default_graphs or [], job.named_graphs or []
        elif has_dataset_clause(job.query):
            default = named = None                     # the query names its own data set
        else:
            default = named = self.scope
        graph = query_kind(job.query) == "graph"
        accept = "application/n-triples, text/turtle;q=0.9" if graph else RESULTS_XML
        t0 = time.perf_counter()
        stopped = f"the query ran longer than the {timeout:g} s limit and was stopped"
        try:
            # `timeout` (ms) asks the store to stop the query itself at the deadline (Virtuoso, Stardog; others
            # ignore it or read seconds, which is harmless: the client's own deadline still holds)
            body, ctype, headers = self.client.query(query, accept, default, named, timeout=timeout,
                                                     params={"timeout": str(int(timeout * 1000))})
        except RemoteTimeout:
            raise QueryTimeout(stopped) from None
        except RemoteError as e:
            # the store's verdict on this query (syntax, an estimated cost over its limit …): the query's error
            if e.kind == "rejected" or (e.kind == "server" and re.search(r"\bVirtuoso \w{5} Error\b", str(e))):
                return QueryAnswer(False, error=str(e).split(": ", 1)[-1])
            raise
        if headers.get("x-sql-state") == "S1TAT":   # Virtuoso's "anytime" answer: partial, never to be shown as whole
            raise QueryTimeout(stopped)
        try:
            if ctype in RDF_PARSE:
                triples = parse_triples(body, ctype)
                out, truncated, n = write_triples(iter(triples), job.media_type, job.max_rows, job.prefixes)
                return QueryAnswer(True, out, job.media_type, "graph", truncated, n,
                                   seconds=time.perf_counter() - t0)
            result = parse_results(body, ctype)
        except SyntaxError as e:
            raise RemoteError(f"{public_url(self.endpoint)} sent an answer that does not parse: {e}") from None
        fmt = SELECT_TYPES.get(job.media_type, "json")
        if isinstance(result, ox.QueryBoolean):
            return QueryAnswer(True, write_boolean(bool(result), fmt), job.media_type, "ask",
                               seconds=time.perf_counter() - t0)
        out, truncated, n = write_select(result, fmt, job.max_rows)
        truncated = truncated or "x-sparql-maxrows" in headers
        return QueryAnswer(True, out, job.media_type, "select", truncated, n, seconds=time.perf_counter() - t0)


def _parse_datetime(text: str) -> datetime:
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(timezone.utc).replace(microsecond=0)
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)
