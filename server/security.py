"""Security headers on every response (an ASGI middleware around the whole application).

- every response: `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`;
- every HTML page: a strict `Content-Security-Policy` (`PAGE_CSP`). Our pages run no script and have no
  inline style (server/templates/, server/static/style.css): they load only /static/style.css;
- the API documentation page (`/api`: Swagger UI; server/apidocs.py) loads its script and stylesheet
  from zwgk itself (/api/assets/) and starts it with an inline script: its policy is
  derived from the page itself (`page_policy`): the origins its `<script src>`/stylesheet/icon links name
  (none but our own now) and the SHA-256 of each inline script, nothing else. Those pages show no user
  input, so allowing exactly what they hold is safe;
- a response that sets its own `Content-Security-Policy` (the agency's web pages under /source/, served
  sandboxed) keeps it; a header a response already has is never replaced.
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders

#: the directives every policy ends with: no framing, no <base>, forms only to us
COMMON = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
PAGE_CSP = f"default-src 'self'; object-src 'none'; {COMMON}"
ALWAYS = {"x-content-type-options": "nosniff", "referrer-policy": "same-origin"}
_ALWAYS_RAW = [(k.encode(), v.encode()) for k, v in ALWAYS.items()]
_PAGE_CSP_RAW = (b"content-security-policy", PAGE_CSP.encode())

_INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_SCRIPT_SRC = re.compile(rb"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.I)
_LINK = re.compile(rb"<link\b[^>]*>", re.I)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.I)


def _origin(url: bytes) -> str | None:
    parts = urlsplit(url.decode("utf-8", "replace"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def page_policy(body: bytes) -> str:
    """A CSP allowing exactly what a trusted page (one holding no user input) loads and runs."""
    scripts = {o for u in _SCRIPT_SRC.findall(body) if (o := _origin(u))}
    hashes = {"'sha256-%s'" % base64.b64encode(hashlib.sha256(s).digest()).decode()
              for s in _INLINE_SCRIPT.findall(body)}
    styles, images = set(), set()
    for link in _LINK.findall(body):
        href = _HREF.search(link)
        origin = _origin(href.group(1)) if href else None
        if origin and b"stylesheet" in link.lower():
            styles.add(origin)
        elif origin and b"icon" in link.lower():
            images.add(origin)
    self_ = "'self'"
    src = lambda *parts: " ".join([self_, *sorted(set().union(*parts))])  # noqa: E731
    # Swagger UI draws icons from data: URIs in its stylesheet (its style attributes are set from script,
    # which style-src does not restrict: checked in Chromium with swagger-ui-dist 5.35: no violation)
    return (f"default-src 'self'; script-src {src(scripts, hashes)}; style-src {src(styles)}; "
            f"img-src {src(images, {'data:'})}; connect-src 'self'; object-src 'none'; {COMMON}")


class SecurityHeaders:
    """ASGI middleware: see the module's docstring. `derived_paths`: the pages whose policy is derived
    from their body (they are buffered, so keep them small: the Swagger UI pages)."""

    def __init__(self, app, derived_paths: set[str] | frozenset[str] = frozenset()):
        self.app = app
        self.derived_paths = set(derived_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        derive = scope.get("path") in self.derived_paths
        held: list[dict] = []

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                # on the raw header list, in one pass (MutableHeaders scans the list for every name it is asked)
                raw = message.get("headers") or []
                names, ctype = set(), b""
                for k, v in raw:
                    k = k.lower()
                    names.add(k)
                    if k == b"content-type":
                        ctype = v
                add = [h for h in _ALWAYS_RAW if h[0] not in names]
                html = ctype.lower().startswith((b"text/html", b"application/xhtml+xml"))
                if html and b"content-security-policy" not in names:
                    if derive:
                        if add:
                            message["headers"] = [*raw, *add]
                        held.append(message)  # the policy needs the body: send the start with it
                        return
                    add.append(_PAGE_CSP_RAW)
                if add:
                    message["headers"] = [*raw, *add]
                await send(message)
            elif message["type"] == "http.response.body" and held:
                held.append(message)
                if message.get("more_body", False):
                    return
                start, *parts = held
                held.clear()
                body = b"".join(p.get("body", b"") for p in parts)
                MutableHeaders(scope=start)["content-security-policy"] = page_policy(body)
                await send(start)
                await send({"type": "http.response.body", "body": body, "more_body": False})
            else:
                await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app, derived_paths=()) -> None:
    """Put SecurityHeaders around the whole application, outside Starlette's own error middleware, so that
    even a 500 answer gets the headers. The API documentation pages (FastAPI's own when enabled, and
    `derived_paths`) get a policy derived from their content."""
    derived = {p for p in (app.docs_url, app.docs_url and app.swagger_ui_oauth2_redirect_url, *derived_paths) if p}
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build_stack(), derived)
