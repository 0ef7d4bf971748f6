"""SPARQL query results → bytes, in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and RDF formats.

Results are capped: at most `max_rows` rows (or triples) are written and the caller is told whether more
existed, so it can announce the truncation instead of hiding it.

The query workers use `native_select` / `native_triples`: pyoxigraph's own writers (SPARQL JSON and XML,
N-Triples), no Python object per row; CSV and TSV keep the Python writers (see `native_select`). The cap is counted on a line-per-row form written by the engine (TSV for solutions: a literal's line
breaks are escaped there; N-Triples for triples), whose writing stops as soon as the cap is passed, so a
query matching millions of rows is not evaluated further; the rows kept are then re-written by the engine
in the format asked for (a few % of the query's own cost). The Python writers below (`write_select` …) stay
for the remote store, whose results arrive as parsed terms.
"""
from __future__ import annotations

import io
import json
import re
from itertools import islice

import pyoxigraph as ox

from .conneg import DATASET_TYPES, RDF_TYPES

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Characters XML 1.0 cannot carry, not even as character references (a control character from a Word table, say).
# JSON, CSV, TSV and the RDF text formats escape them; in the two XML formats they become U+FFFD, so that the
# document still parses.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    from xml.sax.saxutils import escape   # imported when needed: it pulls in urllib.request (0.2 s at start)
    return escape(XML_INVALID.sub("\ufffd", value))


def xml_attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr
    return quoteattr(XML_INVALID.sub("\ufffd", value))


def term_json(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(t.subject), "predicate": term_json(t.predicate),
                                            "object": term_json(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def term_xml(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_text(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_text(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={xml_attr(t.language)}>{xml_text(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={xml_attr(t.datatype.value)}>{xml_text(t.value)}</literal>"
        return f"<literal>{xml_text(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{term_xml(t.subject)}</subject><predicate>{term_xml(t.predicate)}</predicate>"
                f"<object>{term_xml(t.object)}</object></triple>")
    raise TypeError(f"unexpected term {t!r}")


def term_csv(t) -> str:
    if t is None:
        return ""
    v = f"_:{t.value}" if isinstance(t, ox.BlankNode) else (t.value if hasattr(t, "value") else str(t))
    if any(c in v for c in ',"\r\n'):
        v = '"' + v.replace('"', '""') + '"'
    return v


def term_tsv(t) -> str:
    return "" if t is None else str(t)  # pyoxigraph prints terms in N-Triples syntax, as TSV requires


def write_select(solutions, fmt: str, max_rows: int) -> tuple[bytes, bool, int]:
    """(body, truncated, rows written) for a SELECT result."""
    variables = [v.value for v in solutions.variables]
    rows = list(islice(solutions, max_rows + 1))
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    if fmt == "json":
        body = {"head": {"vars": variables}, "results": {"bindings": [
            {v: term_json(r[v]) for v in variables if r[v] is not None} for r in rows]}}
        if truncated:
            body["head"]["link"] = [f"urn:zwgk:truncated:{max_rows}"]
        return json.dumps(body, ensure_ascii=False).encode(), truncated, len(rows)
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.write("<head>" + "".join(f"<variable name={xml_attr(v)}/>" for v in variables))
        if truncated:
            out.write(f'<link href="urn:zwgk:truncated:{max_rows}"/>')
        out.write("</head><results>")
        for r in rows:
            out.write("<result>")
            for v in variables:
                if r[v] is not None:
                    out.write(f"<binding name={xml_attr(v)}>{term_xml(r[v])}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode(), truncated, len(rows)
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(term_csv(r[v]) for v in variables) for r in rows]
        return ("\r\n".join(lines) + "\r\n").encode(), truncated, len(rows)
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(term_tsv(r[v]) for v in variables) for r in rows]
        return ("\n".join(lines) + "\n").encode(), truncated, len(rows)
    raise ValueError(fmt)


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    # CSV/TSV define no boolean form; write the value under a conventional column, as Jena does
    if fmt == "csv":
        return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


def write_triples(triples, media_type: str, max_rows: int, prefixes: dict | None = None) -> tuple[bytes, bool, int]:
    fmt_name = (RDF_TYPES.get(media_type) or DATASET_TYPES.get(media_type))[0]
    fmt = getattr(ox.RdfFormat, fmt_name)
    items = list(islice(triples, max_rows + 1))
    truncated = len(items) > max_rows
    items = items[:max_rows]
    if media_type in DATASET_TYPES:  # a graph is a dataset with only a default graph
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in items]
    kw = {"prefixes": prefixes} if prefixes and fmt_name in ("TURTLE", "TRIG") else {}
    body = ox.serialize(items, format=fmt, **kw)
    if fmt_name == "RDF_XML":
        body = XML_INVALID.sub("\ufffd", body.decode("utf-8")).encode("utf-8")
    return body, truncated, len(items)


# ---- native writers (query workers) ---------------------------------------------------------------------

_XML_INVALID_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")   # XML_INVALID, as UTF-8 bytes
_FFFD = "\ufffd".encode()
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


class _Enough(Exception):
    """Raised from inside the engine's writer once more than the cap has been written."""


class _LineCap:
    """A binary sink for pyoxigraph's writers counting lines; it stops the writer past `limit` lines."""

    def __init__(self, limit: int):
        self.limit, self.lines, self.chunks = limit, 0, []

    def write(self, data) -> int:
        data = bytes(data)
        self.chunks.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Enough
        return len(data)

    def flush(self) -> None:
        pass

    def body(self, keep_lines: int) -> bytes:
        """What was written, cut after its first `keep_lines` lines."""
        data = b"".join(self.chunks)
        if self.lines <= keep_lines:
            return data
        end = -1
        for _ in range(keep_lines):
            end = data.index(b"\n", end + 1)
        return data[:end + 1]


def _capped(serialize, fmt, limit: int) -> tuple[_LineCap, bool]:
    """Run `serialize(sink, format=fmt)` into a line-counting sink stopped past `limit` lines: (sink, stopped)."""
    sink = _LineCap(limit)
    try:
        serialize(sink, format=fmt)
    except _Enough:   # pyoxigraph passes the sink's exception through
        return sink, True
    return sink, False


def xml_safe(body: bytes) -> bytes:
    """Characters XML 1.0 cannot carry become U+FFFD (in the UTF-8 bytes, without decoding them)."""
    return _XML_INVALID_UTF8.sub(_FFFD, body) if _XML_INVALID_UTF8.search(body) else body


def native_select(solutions, fmt: str, max_rows: int) -> tuple[bytes, bool, int]:
    """(body, truncated, rows) for a SELECT result, written by the engine: see the module's docstring."""
    sink, stopped = _capped(solutions.serialize, ox.QueryResultsFormat.TSV, max_rows + 1)   # header + rows
    tsv = sink.body(max_rows + 1)
    rows = tsv.count(b"\n") - 1
    truncated = stopped or sink.lines - 1 > max_rows
    kept = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    if fmt in ("csv", "tsv"):
        # written by the Python writers: the engine's CSV leaves an IRI holding a comma unquoted (…#line=28,50),
        # and its TSV writes numbers and booleans in Turtle's short form (20), which N-Triples term parsers
        # (rdflib's, for one) refuse; the Python TSV writer gives every term in N-Triples syntax
        return write_select(kept, fmt, max_rows)[0], truncated, rows
    body = kept.serialize(format=_RESULT_FORMATS[fmt])
    if fmt == "xml":
        body = xml_safe(body)
        if truncated:   # announce the cut as the Python writer does: a link in the head
            i = body.index(b"</head>")
            body = body[:i] + f'<link href="urn:zwgk:truncated:{max_rows}"/>'.encode() + body[i:]
    elif fmt == "json" and truncated:
        # the engine writes {"head":{"vars":[…]}, …: variable names hold no brackets, so the first "]}" closes head
        i = body.index(b"]}") + 1
        body = body[:i] + f',"link":["urn:zwgk:truncated:{max_rows}"]'.encode() + body[i:]
    return body, truncated, rows


def native_triples(triples, media_type: str, max_rows: int, prefixes: dict | None = None) -> tuple[bytes, bool, int]:
    """(body, truncated, triples) for a CONSTRUCT/DESCRIBE result. N-Triples and N-Quads (a graph's triples
    are written the same in both) come from the engine's writer; the other formats go through `write_triples`
    (triples handed to the engine's serializer, which needs them all for prefixes and nesting)."""
    if media_type not in ("application/n-triples", "application/n-quads"):
        return write_triples(triples, media_type, max_rows, prefixes)
    sink, stopped = _capped(triples.serialize, ox.RdfFormat.N_TRIPLES, max_rows)
    body = sink.body(max_rows)
    return body, stopped or sink.lines > max_rows, body.count(b"\n")
