"""items.csv: one row per disclosure item, the public tabular interface for open-data portals.

The header is fixed (FIELDS); list cells are joined with '|'; text is cleaned of extraction debris.

Cells are text from untrusted catalogues, and a spreadsheet opening the file runs a cell that starts
with '=', '+', '-' or '@' (or a tab or carriage return before one) as a formula ("CSV injection").
Such a cell is written with a single quote in front (the OWASP rule: `=HYPERLINK(…)` → `'=HYPERLINK(…)`),
except a plain number such as `-1` or `+86`, which a spreadsheet reads as that number. Nothing else
changes: phone numbers (`0574-88275503`), IRIs and Chinese text never start with those characters.
"""
from __future__ import annotations

import csv
import io
import re

from .mappings import Catalogue
from .ontology import CodeLists
from .uris import URIs

FIELDS = ["item_uri", "catalogue", "agency", "row", "seq", "code", "category", "name", "content", "spec",
          "legal_basis", "legal_basis_ids", "time_limit", "time_limit_days", "subject", "responsible_unit",
          "channels", "methods", "disclosure_type", "audience", "stage", "phones", "source_file",
          "source_lines"]

#: what a spreadsheet may take for the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def neutralise(value):
    """A cell value safe to open in a spreadsheet: text starting like a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def rows(cat: Catalogue, uris: URIs, codes: CodeLists):
    m = cat.mapping
    labels = lambda iris: "|".join(codes.label(i) for i in iris)  # noqa: E731
    for r in cat.records:
        t = r.time_limit
        row = {
            "item_uri": uris.item(m.catalogue_id, r.key), "catalogue": m.catalogue_id, "agency": m.agency_name,
            "row": r.row, "seq": r.seq, "code": r.code, "category": "|".join(r.category), "name": r.name,
            "content": r.content, "spec": r.spec,
            "legal_basis": "|".join(c.text for c in r.legal_basis),
            "legal_basis_ids": "|".join(c.identifier for c in r.legal_basis),
            "time_limit": t.text if t else "", "time_limit_days": t.days if t and t.days is not None else "",
            "subject": r.subject, "responsible_unit": r.responsible_unit,
            "channels": labels(r.channels), "methods": labels(r.methods),
            "disclosure_type": labels(r.disclosure_type), "audience": labels(r.audience),
            "stage": labels(r.stage), "phones": "|".join(r.phones),
            "source_file": r.source_file, "source_lines": r.source_lines,
        }
        yield {k: neutralise(v) for k, v in row.items()}


def write_csv(cats: list[Catalogue], uris: URIs, codes: CodeLists) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for cat in cats:
        w.writerows(rows(cat, uris, codes))
    return buf.getvalue().encode("utf-8")
