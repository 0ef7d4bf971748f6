"""Charts drawn on the server as SVG: no script, no CDN, no client framework, and nothing the pages'
Content-Security-Policy forbids (colours are presentation attributes, not style attributes).

    bar_chart   horizontal bars with labels and values (items per category, coverage per agency,
                channels used); each bar can link somewhere
    /charts/catalogue.svg?iri=…   items per category of one catalogue (the catalogue page shows it)
    /charts/channels.svg          items per publication channel, all catalogues or one agency's

Hand-written rather than a plotting library: a bar chart is forty lines of SVG text, while the libraries
on PyPI that draw SVG server-side (matplotlib, pygal) add tens of megabytes, a font cache and, for
matplotlib, 0.5 s of import time, for charts whose only need is CJK labels in the page's own font.
"""
from __future__ import annotations

import html
import unicodedata
import zlib

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter()

PALETTE = "#b3261e"        # the site's accent colour
MUTED = "#5b6472"
GRID = "#e3e6ea"
FONT = '-apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'


def text_width(text: str, size: float) -> float:
    """Approximate rendered width: CJK (wide) characters are one em, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def clip(text: str, size: float, width: float) -> str:
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def bar_chart(rows: list[tuple[str, float, str | None]], title: str, unit: str = "", width: int = 640,
              maximum: float | None = None, value_format: str = "{:g}", standalone: bool = False,
              description: str = "") -> str:
    """Horizontal bars, one per (label, value, link or None), in the given order.

    `maximum` fixes the scale (e.g. 100 for percentages); `standalone` adds the XML namespace so the
    SVG can be served as an image file."""
    e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    size, bar_h, gap, top = 13, 18, 6, 30
    label_w = min(max([text_width(label, size) for label, _, _ in rows] + [40]) + 12, width * 0.42)
    value_w = max([text_width(value_format.format(v) + unit, size) for _, v, _ in rows] + [20]) + 10
    plot_w = max(60.0, width - label_w - value_w - 8)
    top_value = maximum if maximum is not None else max([v for _, v, _ in rows] + [0]) or 1
    height = top + len(rows) * (bar_h + gap) + 8
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    tid = f"chart-{zlib.crc32(title.encode()):08x}"
    out = [f'<svg{ns} class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-family="{e(FONT)}" font-size="{size}" aria-labelledby="{tid}">',
           f'<title id="{tid}">{e(title)}</title>']
    if description:
        out.append(f"<desc>{e(description)}</desc>")
    out.append(f'<text x="0" y="16" font-weight="600" fill="#1d2430">{e(title)}</text>')
    if not rows:
        out.append(f'<text x="0" y="{top + 12}" fill="{MUTED}">无数据 no data</text>')
    for n, (label, value, link) in enumerate(rows):
        y = top + n * (bar_h + gap)
        w = 0 if top_value <= 0 else max(0.0, min(1.0, value / top_value)) * plot_w
        shown = value_format.format(value) + unit
        bar = (f'<g class="bar"><title>{e(label)}: {e(shown)}</title>'
               f'<text x="{label_w - 8:.1f}" y="{y + bar_h - 5}" text-anchor="end" fill="#1d2430">'
               f'{e(clip(label, size, label_w - 10))}</text>'
               f'<rect x="{label_w:.1f}" y="{y}" width="{plot_w:.1f}" height="{bar_h}" fill="{GRID}" opacity="0.5"/>'
               f'<rect x="{label_w:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE}"/>'
               f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}" fill="{MUTED}">{e(shown)}</text></g>')
        out.append(f'<a href="{e(link)}">{bar}</a>' if link else bar)
    out.append("</svg>")
    return "".join(out)


def svg_response(svg: str) -> Response:
    return Response(svg, media_type="image/svg+xml; charset=utf-8", headers={"Cache-Control": "max-age=60"})


# -- data --------------------------------------------------------------------------------------------

CATEGORY_COUNTS = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?cat (COUNT(DISTINCT ?item) AS ?n) WHERE {{
  ?item dct:isPartOf ?catalogue ; <{ns}category> ?cat .
}} GROUP BY ?cat ORDER BY DESC(?n) ?cat"""

CHANNEL_COUNTS = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?channel (COUNT(DISTINCT ?item) AS ?n) WHERE {{
  ?item <{ns}channel> ?channel .
}} GROUP BY ?channel ORDER BY DESC(?n) ?channel"""

CHANNEL_COUNTS_OF_AGENCY = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?channel (COUNT(DISTINCT ?item) AS ?n) WHERE {{
  ?catalogue dct:publisher ?agency . ?item dct:isPartOf ?catalogue ; <{ns}channel> ?channel .
}} GROUP BY ?channel ORDER BY DESC(?n) ?channel"""


def vocab_ns(app) -> str:
    from ..uris import URIs
    return URIs(app.base).ns


def category_counts(app, catalogue: str) -> list[tuple[str, float, str | None]]:
    import pyoxigraph as ox
    from .views import href
    rows = app.store.select(CATEGORY_COUNTS.format(ns=vocab_ns(app)), {"catalogue": ox.NamedNode(catalogue)})
    return [(app.labels.get(r["cat"].value), int(r["n"].value), href(app, r["cat"].value)) for r in rows]


def channel_counts(app, agency: str | None = None) -> list[tuple[str, float, str | None]]:
    import pyoxigraph as ox
    from .views import href
    if agency:
        rows = app.store.select(CHANNEL_COUNTS_OF_AGENCY.format(ns=vocab_ns(app)), {"agency": ox.NamedNode(agency)})
    else:
        rows = app.store.select(CHANNEL_COUNTS.format(ns=vocab_ns(app)))
    return [(app.labels.get(r["channel"].value), int(r["n"].value), href(app, r["channel"].value)) for r in rows]


def _iri_param(request: Request, app) -> str | None:
    iri = request.query_params.get("iri", "")
    if iri.startswith("/"):
        iri = app.base + iri
    return iri if iri.startswith(app.base + "/id/") and not any(c in iri for c in '<>"{}|^`\\ ') else None


@router.get("/charts/catalogue.svg", summary="Items per category of a catalogue, as an SVG bar chart")
async def catalogue_chart(request: Request):
    app = request.app.state.zwgk
    iri = _iri_param(request, app)
    if iri is None:
        return Response("400 give the catalogue as ?iri=…/id/catalogue/{id}\n", status_code=400,
                        media_type="text/plain; charset=utf-8")
    rows = category_counts(app, iri)
    title = f"各类别事项数 Items per category · {app.labels.get(iri)}"
    return svg_response(bar_chart(rows, title, standalone=True))


@router.get("/charts/channels.svg", summary="Items per publication channel, as an SVG bar chart")
async def channels_chart(request: Request):
    app = request.app.state.zwgk
    agency = _iri_param(request, app) if request.query_params.get("iri") else None
    if request.query_params.get("iri") and agency is None:
        return Response("400 ?iri= must be an agency of this server\n", status_code=400,
                        media_type="text/plain; charset=utf-8")
    title = "各公开渠道的事项数 Items per channel" + (f" · {app.labels.get(agency)}" if agency else "")
    return svg_response(bar_chart(channel_counts(app, agency), title, standalone=True))
