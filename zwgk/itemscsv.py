"""items.csv: one row per disclosure item, the public tabular interface for open-data portals.

The header is fixed (FIELDS); list cells are joined with '|'; text is cleaned of extraction debris.
"""
from __future__ import annotations

import csv
import io

from .mappings import Catalogue
from .ontology import CodeLists
from .uris import URIs

FIELDS = ["item_uri", "catalogue", "agency", "row", "seq", "code", "category", "name", "content", "spec",
          "legal_basis", "legal_basis_ids", "time_limit", "time_limit_days", "subject", "responsible_unit",
          "channels", "methods", "disclosure_type", "audience", "stage", "phones", "source_file",
          "source_lines"]


def rows(cat: Catalogue, uris: URIs, codes: CodeLists):
    m = cat.mapping
    labels = lambda iris: "|".join(codes.label(i) for i in iris)  # noqa: E731
    for r in cat.records:
        t = r.time_limit
        yield {
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


def write_csv(cats: list[Catalogue], uris: URIs, codes: CodeLists) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for cat in cats:
        w.writerows(rows(cat, uris, codes))
    return buf.getvalue().encode("utf-8")
