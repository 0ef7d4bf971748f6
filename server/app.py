"""Assemble the FastAPI application: store, query workers, routers, CORS, error pages, security headers."""
from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from ..dumps import prefixes as build_prefixes
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
        self.prefixes = build_prefixes(settings.base)
        self._refresh_lock = asyncio.Lock()
        self._checked = 0.0
        self.search = None
        self.cache: OrderedDict = OrderedDict()   # query results of this build (data only changes on rebuild)
        self.pages: OrderedDict = OrderedDict()   # rendered resource representations of this build
        self.reset_caches()

    def reset_caches(self) -> None:
        from .search import SearchIndex
        from .labels import Labels
        self.labels = Labels(self.store)
        self.search = SearchIndex.from_store(self.store)
        self.cache = OrderedDict()
        self.pages = OrderedDict()

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
                    await asyncio.get_running_loop().run_in_executor(None, self.workers.restart)

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
            await asyncio.get_running_loop().run_in_executor(None, workers.start)
        yield
        if workers:
            workers.stop()
        store.close()

    app = FastAPI(title="zwgk", description="政务公开目录 linked data: SPARQL endpoint, resolvable URIs, dumps",
                  lifespan=lifespan, docs_url="/api", redoc_url=None)
    app.state.zwgk = ZwgkState(settings, store, workers)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Link", "Content-Location", "X-SPARQL-MaxRows",
                                                            "Warning", "Vary"])

    @app.middleware("http")
    async def pick_up_new_builds(request: Request, call_next):
        await request.app.state.zwgk.refresh()
        return await call_next(request)

    from . import pages, portal, resources, sparql
    app.include_router(sparql.router)
    app.include_router(portal.router)
    app.include_router(pages.router)
    app.include_router(resources.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages.install_error_pages(app)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable):  # a remote store is down or failing
        from fastapi.responses import Response
        return Response(f"503 the data store is unavailable: {exc}\n", status_code=503,
                        media_type="text/plain; charset=utf-8", headers={"Retry-After": "30"})

    from .security import install as install_security_headers
    install_security_headers(app)  # nosniff, Referrer-Policy, CSP on HTML pages: on every response (server/security.py)
    return app
