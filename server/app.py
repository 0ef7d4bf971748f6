"""Assemble the FastAPI application: store, query workers, routers, CORS, error pages, security headers."""
from __future__ import annotations

import asyncio
import gc
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..uris import prefixes as build_prefixes
from ..uris import URIs
from .sandbox import QueryAnswer, QueryJob, QueryWorkers
from .settings import ServerSettings
from .store import EmbeddedStore, GraphStore, StoreUnavailable

HERE = Path(__file__).parent
CACHE_MAX_BODY = 1 << 20   # results larger than 1 MiB are not kept


class ZwgkState:
    """What every request handler needs; lives in app.state.zwgk."""

    def __init__(self, settings: ServerSettings, store: GraphStore, workers: QueryWorkers | None):
        self.settings, self.store, self.workers = settings, store, workers
        self.base = settings.base
        self.uris = URIs(settings.base)   # data IRIs under the base; the vocabulary's under uris.vocab, served at /vocab/
        self.prefixes = build_prefixes(settings.base)
        self._refresh_lock = asyncio.Lock()
        self._checked = 0.0
        self.search = None
        self.cache: OrderedDict = OrderedDict()   # query results of this build (data only changes on rebuild)
        self.pages: OrderedDict = OrderedDict()   # rendered resource representations of this build
        self.reset_caches()

    def reset_caches(self) -> None:
        from .labels import Labels
        from .search import SearchService, folder_for
        self.labels = Labels(self.store)
        if self.search is None:   # the search index of the store's build: opened or built on the first search
            self.search = SearchService(self.store, folder_for(self.settings))
        self.cache = OrderedDict()
        self.pages = OrderedDict()
        self.originals = None     # catalogue IRI → its original publication (views.originals), per build

    async def refresh(self) -> None:
        """Pick up a new build (the store directory was swapped) without a restart. Looked for at most once
        a second, so most requests skip the hop to a thread."""
        now = time.monotonic()
        if now - self._checked < 1.0:
            return
        self._checked = now
        async with self._refresh_lock:
            changed = await asyncio.get_running_loop().run_in_executor(None, self.store.refresh)
            if changed:
                self.reset_caches()
                if self.workers:
                    await self.workers.reopen()   # workers of the old build finish their query, then go
                quiet_gc()

    async def run_query(self, job: QueryJob) -> QueryAnswer:
        """Answer a user query: from the result cache when the same query was answered on this build,
        else by a worker (embedded store) or by the remote endpoint."""
        key = (job.query, tuple(job.default_graphs or ()), tuple(job.named_graphs or ()) if job.named_graphs
               is not None else None, job.media_type, job.max_rows, self.store.version)
        cached = self.cache.get(key)
        if cached is not None:
            self.cache.move_to_end(key)
            return cached
        if self.workers is None:  # a remote store runs the query itself
            answer = await asyncio.get_running_loop().run_in_executor(None, self.store.run_user_query, job,
                                                                      self.settings.query_timeout)
        else:
            answer = await self.workers.run(job, self.settings.query_timeout)
        if answer.ok and self.settings.query_cache and len(answer.body) <= CACHE_MAX_BODY:
            self.cache[key] = answer
            while len(self.cache) > self.settings.query_cache:
                self.cache.popitem(last=False)
        return answer


class PickUpNewBuilds:
    """ASGI middleware: look for a new build (at most once a second) before a request is handled. Plain ASGI,
    not `@app.middleware("http")`, whose per-request task and streaming wrapper cost more than a whole cached
    page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            await scope["app"].state.zwgk.refresh()
        await self.app(scope, receive, send)


def quiet_gc() -> None:
    """Keep garbage collection out of the requests' way: what exists once the server (or a new build) is set
    up (modules, routes, templates, caches) is frozen out of every collection, so a full collection only walks
    what requests made since, instead of pausing every request for 100 ms and more (issue 13)."""
    gc.collect()
    gc.freeze()


def open_store(settings: ServerSettings) -> tuple[GraphStore, QueryWorkers | None]:
    if settings.store.startswith(("http://", "https://")):
        from .remote import RemoteStore
        return RemoteStore(settings.store, base=settings.base), None
    store = EmbeddedStore(settings.store, settings.dumps)
    workers = QueryWorkers(settings.store, settings.query_workers)
    return store, workers


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    store, workers = open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if workers:
            workers.start()   # spawns the processes; a query waits for its worker to have opened the store
        quiet_gc()
        yield
        if workers:
            workers.stop()
        store.close()

    app = FastAPI(title="zwgk", description="政务公开目录 linked data: SPARQL endpoint, resolvable URIs, dumps",
                  version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None)  # /api: server/apidocs.py
    app.state.zwgk = ZwgkState(settings, store, workers)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Link", "Content-Location", "X-SPARQL-MaxRows",
                                                            "Warning", "Vary"])

    app.add_middleware(PickUpNewBuilds)

    from . import pages, portal, resources, sparql
    app.include_router(sparql.router)
    app.include_router(portal.router)
    app.include_router(pages.router)
    from . import charts
    app.include_router(charts.router)   # /charts/*.svg: server-side SVG charts (server/charts.py)
    app.include_router(resources.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages.install_error_pages(app)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable):  # a remote store is down or failing
        from fastapi.responses import Response
        return Response(f"503 the data store is unavailable: {exc}\n", status_code=503,
                        media_type="text/plain; charset=utf-8", headers={"Retry-After": "30"})

    @app.get("/healthz", summary="Health check: 200 when the store answers a query, else 503")
    async def healthz(request: Request):
        return await health(request.app.state.zwgk)

    from . import apidocs
    docs_pages = apidocs.install(app)  # /api: Swagger UI served by zwgk itself (works offline)
    from .security import install as install_security_headers
    install_security_headers(app, docs_pages)  # nosniff, Referrer-Policy, CSP on HTML pages (server/security.py)
    from . import http
    http.install(app, settings.access_log)  # HEAD, 400 for undecodable paths, gzip, access log (server/http.py)
    return app


async def health(state: ZwgkState):
    """/healthz for load balancers and container health checks: the store answers a one-row query."""
    from fastapi.responses import JSONResponse
    headers = {"Cache-Control": "no-store"}
    kind = "embedded" if isinstance(state.store, EmbeddedStore) else "remote"
    try:
        rows = await asyncio.get_running_loop().run_in_executor(None, probe, state.store)
    except Exception as e:  # noqa: BLE001 — whatever the store raises, the answer is "unavailable", not a 500
        return JSONResponse({"status": "unavailable", "store": kind, "error": str(e).splitlines()[0] if str(e) else
                             type(e).__name__}, status_code=503, headers={**headers, "Retry-After": "30"})
    if not rows:
        return JSONResponse({"status": "empty", "store": kind, "error": "the store holds no triple"},
                            status_code=503, headers=headers)
    return JSONResponse({"status": "ok", "store": kind, "version": state.store.version,
                         "modified": state.store.modified.isoformat(timespec="seconds")}, headers=headers)


HEALTH_QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def probe(store: GraphStore) -> list:
    """The health query's rows. An embedded store whose directory is gone still answers from the files it holds
    open, but a restart, a new query worker or the search index could not open it: unavailable too, unless it
    is back within 0.2 s (a new build is swapped in by two renames)."""
    if isinstance(store, EmbeddedStore) and not store.path.is_dir():
        time.sleep(0.2)
        if not store.path.is_dir():
            raise StoreUnavailable(f"no store at {store.path} any more: pages still come from the build opened "
                                   "before, but nothing can open it again (a restart, a new query worker)")
    return store.select(HEALTH_QUERY)
