"""`zwgk serve`: run the server (FastAPI on uvicorn) over the embedded store or a remote SPARQL endpoint.

With the embedded store, the graph is built first when there is no store yet, or when it was built for
another URI base (so that every IRI the server shows resolves on this host and port).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the graph: SPARQL endpoint, resolvable URIs, dumps")
    p.add_argument("--host", default=os.environ.get("ZWGK_HOST", "127.0.0.1"), help="interface (env ZWGK_HOST)")
    p.add_argument("--port", type=int, default=int(os.environ.get("ZWGK_PORT", "8000")), help="port (env ZWGK_PORT)")
    p.add_argument("--base", default=os.environ.get("ZWGK_BASE"),
                   help="URI base (env ZWGK_BASE; default http://{host}:{port})")
    from .cli import add_vocab
    add_vocab(p)
    p.add_argument("--store", help="embedded store directory, or the http(s) URL of a SPARQL endpoint (env ZWGK_STORE; "
                                   "default: store/ below ZWGK_VAR, var/)")
    p.add_argument("--dumps", help="dump directory (env ZWGK_DUMPS; default: dumps/ below ZWGK_VAR, var/)")
    p.add_argument("--timeout", type=float, help="SPARQL query time limit in seconds (env ZWGK_QUERY_TIMEOUT; 10)")
    p.add_argument("--max-rows", type=int, help="result rows per query (env ZWGK_MAX_ROWS; 10000)")
    p.add_argument("--query-workers", type=int, help="query worker processes (env ZWGK_QUERY_WORKERS; 2)")
    p.add_argument("--http-workers", type=int, default=int(os.environ.get("ZWGK_HTTP_WORKERS", "1") or 1),
                   metavar="N", help="HTTP worker processes sharing the port (env ZWGK_HTTP_WORKERS; 1): each has its "
                                     "own query workers and caches; one that dies is replaced")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE (federated queries); off by default")
    p.add_argument("--access-log", nargs="?", const="-", metavar="FILE",
                   help="log every request in the Combined Log Format to FILE, or to standard output when FILE is "
                        "omitted or '-' (env ZWGK_ACCESS_LOG); off by default")
    p.add_argument("--no-build", action="store_true", help="never build, even if the store is missing or stale")
    p.add_argument("--rebuild", action="store_true", help="build from the catalogues first, always")
    p.set_defaults(func=cmd_serve)


def store_base(dumps: Path) -> str | None:
    return built_with(dumps).get("base")


def built_with(dumps: Path) -> dict:
    """The manifest of the last build ({} when there is none or it is unreadable): its base and vocab."""
    m = dumps / "manifest.json"
    try:
        return json.loads(m.read_text(encoding="utf-8")) if m.exists() else {}
    except (OSError, ValueError):
        return {}


def other_vocab(dumps: Path) -> str | None:
    """Why the store does not fit the vocabulary namespace in use (it was minted with another one), or None."""
    from .uris import vocab
    minted = built_with(dumps).get("vocab")
    if minted in (None, vocab()):
        return None
    return f"the store was built with the vocabulary namespace {minted}, serving with {vocab()}"


def ensure_built(base: str, store: Path, dumps: Path, always: bool = False) -> int:
    """Build when asked to, or when the store is missing or was minted for another base or vocabulary
    namespace; 0 when ready."""
    reason = "--rebuild" if always else None
    if reason:
        pass
    elif not store.is_dir():
        reason = f"no store at {store}"
    elif store_base(dumps) not in (None, base):
        reason = f"the store was built for {store_base(dumps)}, serving as {base}"
    else:
        reason = other_vocab(dumps)
    if reason is None:
        return 0
    # built again from what it was built from (the catalogues and mappings its manifest names), never from the
    # defaults over a store of other catalogues (a store of the user's own was rebuilt from the shipped four)
    sources = built_with(dumps).get("sources") or {}
    catalogues, mappings = sources.get("catalogues"), sources.get("mappings")
    if store.is_dir() and (catalogues or mappings):
        missing = [d for d in (catalogues, mappings) if d and not Path(d).is_dir()]
        if missing:
            print(f"zwgk serve: error: {reason}, and the folders it was built from are gone ({', '.join(missing)}): "
                  "build it with `zwgk build --base …` from its catalogues, or serve it with the base it was built for",
                  file=sys.stderr)
            return 1
    print(f"zwgk serve: {reason}: building first" + (f" from {catalogues}" if catalogues and store.is_dir() else ""),
          file=sys.stderr)
    from .build import cmd_build
    from argparse import Namespace
    own = store.is_dir()
    return cmd_build(Namespace(base=base, store=str(store), dumps=dumps, catalogues=catalogues if own else None,
                               mappings=mappings if own else None, only=None, allow_violations=False))


def cmd_serve(args) -> int:
    # the application (FastAPI, ~1 s of imports) and uvicorn are imported once the arguments, the store and the
    # build are found good: a command refused is answered at once
    from .server.settings import ServerSettings
    given = {k: getattr(args, k, None) for k in ("store", "dumps")}
    settings = ServerSettings(host=args.host, port=args.port, base=args.base, **{k: v for k, v in given.items() if v})
    for attr, value in (("query_timeout", args.timeout), ("max_rows", args.max_rows),
                        ("query_workers", args.query_workers)):
        if value is not None:
            setattr(settings, attr, value)
    settings.allow_service = settings.allow_service or args.allow_service
    workers = getattr(args, "http_workers", 1)
    if workers is None or workers < 1:
        print("zwgk serve: error: --http-workers must be 1 or more", file=sys.stderr)
        return 2
    if getattr(args, "access_log", None):
        settings.access_log = args.access_log
    from .uris import BaseError, check_base
    try:
        settings.base = check_base(settings.base)
    except BaseError as e:
        print(f"zwgk serve: error: {e}", file=sys.stderr)
        return 2
    from .cli import use_vocab
    use_vocab(args, "zwgk serve")
    if settings.store.startswith(("http://", "https://")):
        pass
    elif args.no_build:   # data minted with another namespace would be served as no term of this one
        mismatch = other_vocab(Path(settings.dumps))
        if mismatch:
            print(f"zwgk serve: error: {mismatch}: drop --no-build to rebuild it, or serve with that namespace "
                  "(ZWGK_VOCAB / --vocab)", file=sys.stderr)
            return 1
        built_for = store_base(Path(settings.dumps))
        if built_for not in (None, settings.base):   # its /id/… pages would all be 404: said, then served
            print(f"zwgk serve: warning: the store was built for {built_for}, serving as {settings.base}: its "
                  f"resources' IRIs are under {built_for}, so no /id/… page of this server finds one; serve with "
                  f"--base {built_for}, or drop --no-build to build it for {settings.base}", file=sys.stderr)
    else:
        code = ensure_built(settings.base, Path(settings.store), Path(settings.dumps), args.rebuild)
        if code:
            return code
    import uvicorn

    from .server import create_app
    from .server.http import AccessLogError
    from .server.store import StoreUnavailable
    try:
        app = create_app(settings)
    except (StoreUnavailable, AccessLogError) as e:
        print(f"zwgk serve: error: {e}", file=sys.stderr)
        return 1
    print(f"zwgk serve: open {settings.base}/  (SPARQL: {settings.base}/sparql)"
          f"{f'  [{workers} HTTP worker processes]' if workers > 1 else ''}", flush=True)
    if workers == 1:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
        return 0
    # Several processes on one socket: uvicorn's own supervisor binds it, starts the workers (fresh interpreters,
    # each making its application from the environment: these settings, the config file's and --vocab's
    # variables), replaces one that dies, stops them on SIGTERM/SIGINT, and stops if one cannot start. The
    # application made here only checked that the store and the access log open.
    app.state.zwgk.store.close()
    del app
    os.environ.update(settings.environment())
    uvicorn.run("zwgk.server.app:create_app", factory=True, workers=workers, host=settings.host, port=settings.port,
                log_level="warning", access_log=False)
    return 0
