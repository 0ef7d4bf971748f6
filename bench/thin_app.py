"""The yardstick of bench/serve.py: the thinnest FastAPI + pyoxigraph app serving the same store.

    python bench/thin_app.py --store DIR --port P [--base URI]

It opens the on-disk store read-only and answers, in the event loop, with no cache, no worker process, no
timeout, no row cap, no content negotiation beyond the three routes the bench calls:

    /sparql?query=…   SELECT results as SPARQL JSON, written by pyoxigraph
    /id/…  (Accept: text/turtle)   the item's triples, its #parts', and the labels of what it links to
    /id/…  (Accept: text/html)     the same as a table, a label for every predicate and link (Jinja2)

what a developer would write in an afternoon. zwgk's server does more per request (negotiation, caching
headers, security headers, SHACL findings and the graph on item pages, a query sandbox); the bench reports
its throughput and latency as ratios of this app's, measured in the same run.
"""
from __future__ import annotations

import argparse

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response
from jinja2 import Environment

LABELS = [ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
          ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")]
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PAGE = Environment(autoescape=True).from_string("""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>{{ title }}</title></head><body><h1>{{ title }}</h1><p><code>{{ iri }}</code></p><table>
{% for p, plabel, values in rows %}<tr><th><a href="{{ p }}">{{ plabel }}</a></th><td>
{% for text, link in values %}<div>{% if link %}<a href="{{ link }}">{{ text }}</a>{% else %}{{ text }}{% endif %}</div>{% endfor %}
</td></tr>{% endfor %}</table></body></html>""")


def make_app(store_path: str, base: str) -> FastAPI:
    store = ox.Store.read_only(store_path)
    app = FastAPI()

    def description(iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        triples = [q.triple for q in store.quads_for_pattern(node, None, None)]
        parts = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)
                 and t.object.value.startswith(iri + "#")}
        for part in sorted(parts):
            triples += [q.triple for q in store.quads_for_pattern(ox.NamedNode(part), None, None)]
        linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} - {iri, *parts}
        for other in sorted(linked):
            for p in LABELS:
                triples += [q.triple for q in store.quads_for_pattern(ox.NamedNode(other), p, None)]
        return triples

    def label(iri: str) -> str:
        node = ox.NamedNode(iri)
        for p in (*LABELS, TITLE):
            for q in store.quads_for_pattern(node, p, None):
                return q.object.value
        return iri.rsplit("/", 1)[-1]

    @app.get("/sparql")
    async def sparql(query: str):
        body = store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, media_type="application/sparql-results+json")

    @app.get("/id/{path:path}")
    async def resource(request: Request, path: str):
        iri = base + request.scope["path"]
        triples = description(iri)
        if not triples:
            return Response(status_code=404)
        if "text/html" in request.headers.get("accept", ""):
            rows: dict[str, list] = {}
            for t in triples:
                if t.subject.value == iri:
                    o = t.object
                    rows.setdefault(t.predicate.value, []).append(
                        (label(o.value), o.value) if isinstance(o, ox.NamedNode) else (o.value, None))
            html = PAGE.render(title=label(iri), iri=iri,
                               rows=[(p, label(p), sorted(v)) for p, v in sorted(rows.items())])
            return Response(html, media_type="text/html; charset=utf-8")
        return Response(ox.serialize(triples, format=ox.RdfFormat.TURTLE), media_type="text/turtle")

    return app


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    args = ap.parse_args()
    uvicorn.run(make_app(args.store, args.base), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
