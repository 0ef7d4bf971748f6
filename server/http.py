"""HTTP basics around the whole application (ASGI middlewares), outermost first:

    AccessLog        opt-in, one line per response in the Combined Log Format (Apache/nginx `combined`)
    CheckPath        a path holding a NUL byte or bytes that are not UTF-8 is a 400, before any route sees it
    HeadWithoutBody  HEAD is answered as GET is, with the same status and headers, and no body (RFC 9110 §9.3.2)
    Compress         gzip for compressible responses above 1 KB, `Vary: Accept-Encoding`
    SecurityHeaders  (server/security.py), then Starlette's own stack (errors, CORS, routes)

and `allow_head`, which lets every GET route answer HEAD too (Starlette's own `Route` does this; FastAPI's
`APIRoute` does not, so every route but /sparql answered HEAD with 405). A route answers HEAD by running its
GET handler: `FileResponse` and `StaticFiles` then send only the headers (a HEAD on a dump reads nothing), and
HeadWithoutBody drops the body of every other response, after Compress has sized it, so HEAD and GET carry the
same Content-Length, Content-Encoding and ETag.

Compress is written here rather than taken from Starlette (`GZipMiddleware`), for what that one gets wrong for
this server: (1) a HEAD on a file is answered with headers only, so Starlette sees an empty body and leaves it
uncompressed while the GET is compressed — HEAD and GET then disagree on Content-Encoding and Content-Length;
here the decision is taken from the declared Content-Length; (2) a compressed file kept its strong ETag and
`Accept-Ranges: bytes`, so a client resuming a download by Range would splice identity bytes into a gzip
stream; here the ETag becomes weak and Accept-Ranges is dropped; (3) `gzip;q=0` counted as accepting gzip;
(4) what is compressed is an allow-list of text-like media types, so PDF, Office files (zip) and `.gz` dumps
are never compressed twice. Deflate is zlib-ng's at level 2: on an item page, a catalogue page and an item as
Turtle it sends a few bytes fewer than zlib's level 1 (nginx's default) in 0.4-0.9 times its CPU; zlib-ng's own
level 1 is faster still but 14-16 % larger. Starlette's default 9 costs several times more.
"""
from __future__ import annotations

import functools
import logging
import logging.handlers
import re
import sys
import time
import warnings
from collections import OrderedDict
from urllib.parse import unquote_to_bytes

import anyio.to_thread
from starlette.datastructures import MutableHeaders
from zlib_ng import zlib_ng as zlib   # zlib's interface, zlib-ng's deflate (see LEVEL)

from .security import ALWAYS

MIN_SIZE = 1024                 # bodies of 1 KB or less are sent as they are
THREAD_SIZE = 256 * 1024        # larger bodies are compressed on a worker thread, not on the event loop
BUFFER_MAX = 1 << 20            # responses declaring up to 1 MiB are compressed whole (and keep a Content-Length)
LEVEL = 2                       # zlib-ng: 10 KB item page 2,698 B in 82 us, 14 KB catalogue page 3,200 B in 84 us,
                                # item Turtle 1,509 B in 47 us; zlib level 1 (the level before zlib-ng): 2,741 B /
                                # 208 us, 3,248 B / 89 us, 1,522 B / 50 us; zlib-ng level 1: 14-16 % larger. Pages
                                # are made per request, so this is paid on every one
COMPRESSIBLE = re.compile(
    r"^\s*(text/[\w.+-]+|image/svg\+xml|application/(json|xml|javascript|ecmascript|n-triples|n-quads|trig|"
    r"sparql-query|x-ndjson|[\w.-]+\+json|[\w.-]+\+xml))\s*(;|$)", re.I)


def compressible(content_type: str) -> bool:
    return bool(COMPRESSIBLE.match(content_type or ""))


@functools.lru_cache(maxsize=256)
def _compressible(content_type: bytes) -> bool:
    """`compressible` of a raw header value, kept: responses come in a handful of types."""
    return compressible(content_type.decode("latin-1"))


def _accepts_gzip(accept_encoding: str | None) -> bool:
    """`accepts_gzip`, kept per header value (clients send a few, again and again; a long one is not kept)."""
    if accept_encoding is None or len(accept_encoding) > 256:
        return accepts_gzip(accept_encoding)
    return _accepts_gzip_kept(accept_encoding)


@functools.lru_cache(maxsize=1024)
def _accepts_gzip_kept(accept_encoding: str) -> bool:
    return accepts_gzip(accept_encoding)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether `Accept-Encoding` allows gzip (q-values honoured: `gzip;q=0` refuses it, `*` allows it)."""
    if not accept_encoding:
        return False
    gzip = star = None
    for part in accept_encoding.split(","):
        coding, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        coding = coding.lower()
        if coding in ("gzip", "x-gzip"):
            gzip = q
        elif coding == "*":
            star = q
    return (gzip if gzip is not None else star or 0.0) > 0


def plain_response(status: int, text: str):
    """A minimal ASGI text response (for answers given before any route runs)."""
    body = (text + "\n").encode("utf-8")

    async def respond(scope, receive, send):
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        headers += [(k.encode(), v.encode()) for k, v in ALWAYS.items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})
    return respond


def path_problem(scope) -> str | None:
    """Why the request path cannot name anything we serve (None when it can)."""
    if "\x00" in scope.get("path", ""):
        return "the path holds a NUL byte (%00)"
    raw = scope.get("raw_path")
    if raw:
        try:
            unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return "the path is not UTF-8 once percent-decoded"
    return None


class CheckPath:
    """400 for a path no route can name: a NUL byte (`/dumps/zwgk.ttl%00`) would reach the filesystem as an
    'embedded null byte' ValueError (a 500); invalid UTF-8 (`%FF`) would be silently replaced by U+FFFD."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = path_problem(scope)
            if problem:
                await plain_response(400, f"400 Bad Request: {problem}")(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadWithoutBody:
    """HEAD runs the GET handler (see allow_head); the body is dropped here, its headers kept as they are.
    Should a route still answer HEAD with 405 (one added after the application started), the request is run
    again as a GET, whose body is dropped the same way."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        pristine = dict(scope)
        retrying, refused = False, False

        async def send_headers_only(message):
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 405 and not retrying:
                refused = True
            if refused and not retrying:
                return
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_headers_only)
        if refused:
            retrying = True   # the GET's answer, whatever its status, is the HEAD's
            await self.app(dict(pristine, method="GET"), receive, send_headers_only)


class CompressedCache:
    """The gzip of bodies sent recently, keyed by the body itself: the server renders the same page, result or
    file again and again (its page and result caches hand out the very same bytes object, whose hash Python
    keeps), and compressing a 30 KB item page costs more than rendering it from the page cache. Bounded by
    the bytes it holds (bodies and their gzip)."""

    def __init__(self, max_bytes: int = 32 << 20, max_body: int = BUFFER_MAX):
        self.entries: OrderedDict[bytes, bytes] = OrderedDict()
        self.size, self.max_bytes, self.max_body = 0, max_bytes, max_body

    def get(self, body: bytes) -> bytes | None:
        hit = self.entries.get(body)
        if hit is not None:
            self.entries.move_to_end(body)
        return hit

    def put(self, body: bytes, gz: bytes) -> None:
        if len(body) > self.max_body or body in self.entries:
            return
        self.entries[body] = gz
        self.size += len(body) + len(gz)
        while self.size > self.max_bytes:
            old, old_gz = self.entries.popitem(last=False)
            self.size -= len(old) + len(old_gz)


class Compress:
    """gzip; see the module's docstring for what it does and why it is not Starlette's GZipMiddleware.

    A response that declares its length (up to BUFFER_MAX) is compressed whole and keeps a Content-Length,
    however its body is cut into messages; a longer one, or one of unknown length, is compressed as it
    streams (no Content-Length). A HEAD gets the headers its GET would get; when its body is not there to
    size (a file's HEAD) or would be streamed, Content-Length is left out, as RFC 9110 §8.6 allows."""

    def __init__(self, app, minimum_size: int = MIN_SIZE, level: int = LEVEL, cache: CompressedCache | None = None):
        self.app, self.minimum_size, self.level = app, minimum_size, level
        self.cache = cache if cache is not None else CompressedCache()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept_encoding, ranged = None, False
        for k, v in scope.get("headers") or ():
            k = k.lower()
            if k == b"accept-encoding":
                value = v.decode("latin-1")
                accept_encoding = value if accept_encoding is None else f"{accept_encoding},{value}"
            elif k == b"range":
                ranged = True
        wanted = not ranged and _accepts_gzip(accept_encoding)
        head = scope["method"] == "HEAD"
        start: dict | None = None
        declared: int | None = None
        parts: list[bytes] = []
        mode = "pass"    # pass | hold (start held until the first body part) | buffer | stream
        compressor = None

        def encoded(headers: MutableHeaders, length: int | None) -> None:
            headers["content-encoding"] = "gzip"
            etag = headers.get("etag")
            if etag and not etag.startswith("W/"):   # another representation: no longer byte-identical
                headers["etag"] = "W/" + etag
            if "accept-ranges" in headers:          # ranges of the identity file would not fit the gzip stream
                del headers["accept-ranges"]
            if length is not None:
                headers["content-length"] = str(length)
            elif "content-length" in headers:
                del headers["content-length"]

        async def squeeze(data: bytes, last: bool) -> bytes:
            nonlocal compressor
            if compressor is None:
                compressor = zlib.compressobj(self.level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

            def run():
                return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
            return await anyio.to_thread.run_sync(run) if len(data) >= THREAD_SIZE else run()

        async def send_compressed(message):
            nonlocal start, declared, mode
            kind = message["type"]
            if kind == "http.response.start":
                # the headers this needs, in one pass over the raw list (MutableHeaders scans it for each)
                length = ctype = vary = None
                coded = False
                for k, v in message.get("headers") or ():
                    k = k.lower()
                    if k == b"content-length":
                        length = v
                    elif k == b"content-type":
                        ctype = v
                    elif k == b"vary":
                        vary = v if vary is None else vary + b", " + v
                    elif k in (b"content-encoding", b"content-range"):
                        coded = True
                declared = int(length) if length and length.isascii() and length.isdigit() else None
                eligible = (200 <= message["status"] and message["status"] not in (204, 206, 304) and not coded
                            and _compressible(ctype or b"")
                            and (declared is None or declared > self.minimum_size))
                if eligible and (vary is None or b"accept-encoding" not in vary.lower()):
                    MutableHeaders(scope=message).add_vary_header("Accept-Encoding")
                if eligible and wanted:
                    start, mode = message, "hold"
                    return
                await send(message)
                return
            if mode == "pass" or kind != "http.response.body":
                await send(message)
                return
            body, more = message.get("body", b""), message.get("more_body", False)
            if mode == "hold":
                if declared is not None and declared <= BUFFER_MAX:
                    mode = "buffer"
                elif not more and len(body) <= self.minimum_size:   # a stream that turned out small
                    mode = "pass"
                    await send(start)
                    await send(message)
                    return
                else:
                    mode = "stream"
                    encoded(MutableHeaders(scope=start), None)
                    await send(start)
            if mode == "stream":
                data = b"" if head else await squeeze(body, not more)   # a HEAD's body is dropped anyway
                await send({"type": "http.response.body", "body": data, "more_body": more})
                return
            if body:
                parts.append(body)    # buffer
            if more:
                return
            whole = parts[0] if len(parts) == 1 else b"".join(parts)   # the very object a cache handed out
            parts.clear()
            if head and not whole:      # a file's HEAD: only headers, nothing to size
                encoded(MutableHeaders(scope=start), None)
                await send(start)
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            data = self.cache.get(whole)
            if data is None:
                data = await squeeze(whole, True)
                self.cache.put(whole, data)
            encoded(MutableHeaders(scope=start), len(data))
            await send(start)
            await send({"type": "http.response.body", "body": data, "more_body": False})

        await self.app(scope, receive, send_compressed)


# -- access log -------------------------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNSAFE = re.compile(rb'[^\x20-\x7e]|["\\]')


def clf_escape(raw: bytes | str) -> str:
    """As Apache escapes logged strings: `"` and `\\` backslashed, other bytes outside printable ASCII as \\xhh."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    return _UNSAFE.sub(lambda m: b"\\" + m.group() if m.group() in (b'"', b"\\")
                       else b"\\x%02x" % m.group()[0], raw).decode("ascii")


def clf_time(t: float) -> str:
    lt = time.localtime(t)
    off = lt.tm_gmtoff // 60
    sign = "-" if off < 0 else "+"
    return (f"[{lt.tm_mday:02d}/{_MONTHS[lt.tm_mon - 1]}/{lt.tm_year}:{lt.tm_hour:02d}:{lt.tm_min:02d}:"
            f"{lt.tm_sec:02d} {sign}{abs(off) // 60:02d}{abs(off) % 60:02d}]")


class AccessLogError(Exception):
    """The access log cannot be written (a missing folder, no permission)."""


def open_access_log(target: str) -> logging.Logger:
    """A logger writing bare lines to `target`: '-' is standard output, anything else a file appended to (and
    reopened when logrotate moves it away)."""
    logger = logging.getLogger(f"zwgk.access.{target}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        try:
            handler = logging.StreamHandler(sys.stdout) if target == "-" else \
                logging.handlers.WatchedFileHandler(target, encoding="utf-8")
        except OSError as e:
            raise AccessLogError(f"cannot write the access log {target}: {e.strerror or e}") from None
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


class AccessLog:
    """One line per response in the Combined Log Format:
    `host - - [10/Oct/2000:13:55:36 +0800] "GET /path?q HTTP/1.1" 200 2326 "referer" "user-agent"`;
    the size is the body bytes sent (after compression; `-` for none), the time the request's arrival."""

    def __init__(self, app, logger: logging.Logger):
        self.app, self.logger = app, logger

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        arrived = time.time()
        status, size = 0, 0

        async def counting(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            self.logger.info(self.line(scope, arrived, status or 500, size))

    @staticmethod
    def line(scope, arrived: float, status: int, size: int) -> str:
        headers = dict(scope.get("headers") or [])    # raw bytes: logged as sent, escaped
        client = scope.get("client")
        target = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        request = f'{scope["method"]} {clf_escape(target)} HTTP/{scope.get("http_version", "1.1")}'
        field = lambda name: clf_escape(headers[name]) if name in headers else "-"  # noqa: E731 (name: bytes)
        return (f'{client[0] if client else "-"} - - {clf_time(arrived)} "{request}" {status} '
                f'{size if size else "-"} "{field(b"referer")}" "{field(b"user-agent")}"')


# -- installing ---------------------------------------------------------------------------------------------

def _api_routes(routes):
    """Every FastAPI route, also those of included routers (FastAPI ≥ 0.16x keeps them in the router)."""
    from fastapi.routing import APIRoute
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        sub = getattr(route, "original_router", None)
        if sub is not None:
            yield from _api_routes(sub.routes)


def allow_head(app) -> None:
    """Every GET route answers HEAD too (its GET handler runs; HeadWithoutBody drops the body). The OpenAPI
    document keeps listing GET only: the HEAD operations added here are taken out of it again."""
    added = {id(r): r for r in _api_routes(app.router.routes) if "GET" in r.methods and "HEAD" not in r.methods}
    for route in added.values():
        route.methods.add("HEAD")
    paths = {r.path_format for r in added.values()}
    openapi = app.openapi

    def openapi_without_added_heads():
        if app.openapi_schema is None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Duplicate Operation ID")
                schema = openapi()
            for path, operations in schema.get("paths", {}).items():
                if path in paths and "get" in operations:
                    operations.pop("head", None)
        return app.openapi_schema

    app.openapi = openapi_without_added_heads


def install(app, access_log: str | None = None) -> None:
    """Wrap the application (after server/security.py did) in the middlewares above; make GET routes answer
    HEAD. Done when Starlette builds its middleware stack, so routes added after this call are covered.
    The access log is opened now: AccessLogError when it cannot be written."""
    build_stack = app.build_middleware_stack
    logger = open_access_log(access_log) if access_log else None

    def build():
        allow_head(app)
        stack = CheckPath(HeadWithoutBody(Compress(build_stack())))
        return AccessLog(stack, logger) if logger else stack
    app.build_middleware_stack = build
