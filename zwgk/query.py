"""`zwgk query`: run a SPARQL query against the embedded store, or a remote endpoint (--endpoint: any SPARQL 1.1
store, also one `zwgk publish` did not fill, or another zwgk server's /sparql; zwgk.server.remote), and print
the answer as a table, CSV, SPARQL JSON or Turtle.

    zwgk query 'SELECT ?c (COUNT(?i) AS ?n) WHERE { ?i <http://purl.org/dc/terms/isPartOf> ?c } GROUP BY ?c'
    zwgk query --endpoint http://127.0.0.1:8890/sparql --format csv - < query.rq

Both run over the same data set: the union of the published graphs (for a remote store, the graphs the
publication record lists, or without one every graph under the base and the vocabulary namespace — never the
store's own system graphs), unless the query names its own with FROM.
"""
from __future__ import annotations

import json
import os
import sys
import time
import unicodedata
from pathlib import Path

import pyoxigraph as ox

FORMATS = ("table", "csv", "json", "ttl")


def add_parser(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query on the embedded store or a remote endpoint")
    p.add_argument("query", help="the query text, or - to read it from stdin, or @FILE")
    p.add_argument("--endpoint", help="a remote SPARQL endpoint (default: the embedded store; env ZWGK_SPARQL_ENDPOINT "
                                      "is NOT used here, so that a bare `zwgk query` is always local)")
    p.add_argument("--store", help="embedded store (env ZWGK_STORE; default: store/ below ZWGK_VAR, var/)")
    p.add_argument("--dumps", help="dump directory, for the base (env ZWGK_DUMPS; default: dumps/ below ZWGK_VAR)")
    p.add_argument("--base", default=os.environ.get("ZWGK_BASE"), help="URI base of the data (default: the build's)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output (default: table)")
    p.add_argument("--user", help="user name for the endpoint (env ZWGK_SPARQL_USER, or the config file)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the password "
                                                         "(default ZWGK_SPARQL_PASSWORD)")
    p.add_argument("--config", help="config file with a [sparql] section (env ZWGK_SPARQL_CONFIG)")
    p.add_argument("--timeout", type=float, default=60, help="seconds (default 60)")
    p.add_argument("--max-rows", type=int, default=100_000, help="rows printed at most (default 100000)")
    p.set_defaults(func=cmd_query)


def read_query(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    if arg.startswith("@"):
        return Path(arg[1:]).read_text(encoding="utf-8")
    return arg


def media_for(kind: str, fmt: str) -> str:
    if kind == "graph":
        return "text/turtle" if fmt in ("ttl", "table") else {"csv": None, "json": "application/ld+json"}[fmt] or ""
    return {"table": "application/sparql-results+json", "json": "application/sparql-results+json",
            "csv": "text/csv", "ttl": ""}[fmt]


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def cell(b: dict | None, prefixes: dict[str, str]) -> str:
    if b is None:
        return ""
    if b["type"] == "uri":
        v = b["value"]
        for p, ns in prefixes.items():
            if v.startswith(ns) and len(v) > len(ns) and all(c not in v[len(ns):] for c in "/#?"):
                return f"{p}:{v[len(ns):]}"
        return f"<{v}>"
    if b["type"] == "bnode":
        return f"_:{b['value']}"
    text = b["value"].replace("\n", " ")
    return text + (f"@{b['xml:lang']}" if b.get("xml:lang") and not b["xml:lang"].startswith("zh") else "")


def table(body: bytes, prefixes: dict[str, str]) -> str:
    data = json.loads(body)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    names = data["head"]["vars"]
    rows = [[cell(b.get(v), prefixes) for v in names] for b in data["results"]["bindings"]]
    widths = [max([width(n)] + [width(r[i]) for r in rows]) for i, n in enumerate(names)]
    pad = lambda s, w: s + " " * (w - width(s))  # noqa: E731
    out = ["  ".join(pad(n, w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    out += ["  ".join(pad(c, w) for c, w in zip(r, widths)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def run(query: str, media: str, args, prefixes: dict, base: str | None):
    """A QueryAnswer from the embedded store or the remote endpoint (the same code paths the server uses)."""
    from .server.sandbox import QueryJob
    job = QueryJob(query=query, media_type=media, default_graphs=None, named_graphs=None, max_rows=args.max_rows,
                   prefixes=prefixes)
    if args.endpoint:
        from .server.remote import RemoteStore, credentials, read_config
        cfg = read_config(args.config)
        user, password = credentials(args.user, args.password_env, cfg)
        store = RemoteStore(args.endpoint, base=base, user=user, password=password, timeout=args.timeout)
        return store.run_user_query(job, args.timeout)
    from .server.worker import _run
    if not Path(args.store).is_dir():
        raise FileNotFoundError(f"no store at {args.store}; run `zwgk build` first (or give --endpoint)")
    return _run(ox.Store.read_only(args.store), job)


def cmd_query(args) -> int:
    from .config import Settings
    from .uris import prefixes as build_prefixes
    defaults = Settings()             # ZWGK_STORE / ZWGK_DUMPS, else below ZWGK_VAR, as for `zwgk build`
    args.store, args.dumps = str(args.store or defaults.store), str(args.dumps or defaults.dumps)
    from .server.remote import RemoteError
    from .server.sandbox import QueryTimeout
    from .server.querytext import query_kind
    query = read_query(args.query)
    manifest = Path(args.dumps) / "manifest.json"
    base = args.base or (json.loads(manifest.read_text(encoding="utf-8")).get("base") if manifest.exists() else None)
    prefixes = build_prefixes(base or "http://127.0.0.1:8000")
    kind = query_kind(query)
    media = media_for(kind, args.format)
    if not media:
        print(f"zwgk query: error: a {kind} query cannot be written as {args.format}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        answer = run(query, media, args, prefixes, base)
    except (RemoteError, QueryTimeout, FileNotFoundError) as e:
        print(f"zwgk query: error: {e}", file=sys.stderr)
        return 1
    if not answer.ok:
        print(f"zwgk query: error: {answer.error}", file=sys.stderr)
        return 1
    out = table(answer.body, prefixes) if args.format == "table" and answer.kind != "graph" else answer.body.decode()
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if answer.truncated:
        print(f"zwgk query: only the first {args.max_rows} rows are shown (--max-rows)", file=sys.stderr)
    print(f"({time.perf_counter() - t0:.3f} s, {'remote ' + args.endpoint if args.endpoint else 'embedded store'})",
          file=sys.stderr)
    return 0
