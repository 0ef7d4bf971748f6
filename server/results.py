"""SPARQL query results → bytes, in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and RDF formats.

Results are capped: at most `max_rows` rows (or triples) are written and the caller is told whether more
existed, so it can announce the truncation instead of hiding it.
"""
from __future__ import annotations

import io
import json
import re
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

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
    return escape(XML_INVALID.sub("\ufffd", value))


def xml_attr(value: str) -> str:
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
