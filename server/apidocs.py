"""/api: the OpenAPI documentation (Swagger UI), working offline.

FastAPI's own pages load Swagger UI from a CDN: without the internet (an intranet deployment, a government
network) /api was a blank page. Here the assets come from the `fastapi-offline` package (Swagger UI 5
bundle, MIT) and are served by zwgk itself under /api/assets/; the page's Content-Security-Policy
(server/security.py) is derived from the page, so it allows exactly those same-origin files and the one
inline script that starts the viewer. (The package's ReDoc is not offered: it styles itself with inline
<style> elements, which the policy refuses; checked in Chromium.)
"""
from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
DOCS, ASSETS_URL = "/api", "/api/assets"


def install(app: FastAPI) -> set[str]:
    """Add the documentation page and its assets; the page's path (for its derived CSP)."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="api-assets")

    @app.get(DOCS, include_in_schema=False)
    async def swagger_ui(request: Request):
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=root + app.openapi_url, title=f"{app.title} API",
                                   swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
                                   swagger_ui_parameters=app.swagger_ui_parameters)

    return {DOCS}
