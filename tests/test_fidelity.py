"""Fidelity: every item of every catalogue, every field, against the hand-checked expected records."""
from __future__ import annotations

import csv
import io
import re

import pytest

from zwgk.config import PROJECT_DIR
from zwgk.itemscsv import FIELDS
from zwgk.mappings import load_mapping, read_catalogue
from zwgk.ontology import code_lists
from zwgk.uris import segment

from .conftest import BASE, expected_files, load_expected

FIELDS_COMPARED = ["key", "source_lines", "seq", "code", "category", "name", "markers", "content", "spec",
                   "legal_basis", "legal_basis_ids", "time_limit", "time_limit_days", "subject",
                   "responsible_unit", "channels", "methods", "disclosure_type", "audience", "stage", "phones",
                   "inherited"]


def comparable_records(records) -> list[dict]:
    """Records in the shape of tests/expected/*.json (code-list concepts by their labels)."""
    codes = code_lists(BASE)
    out = []
    for r in records:
        t = r.time_limit
        out.append({
            "row": r.row, "key": r.key, "source_lines": r.source_lines, "seq": r.seq, "code": r.code,
            "category": r.category, "name": r.name, "markers": r.markers, "content": r.content, "spec": r.spec,
            "legal_basis": [c.text for c in r.legal_basis], "legal_basis_ids": [c.identifier for c in r.legal_basis],
            "time_limit": t.text if t else "", "time_limit_days": t.days if t else None,
            "subject": r.subject, "responsible_unit": r.responsible_unit,
            "channels": [codes.label(i) for i in r.channels], "methods": [codes.label(i) for i in r.methods],
            "disclosure_type": [codes.label(i) for i in r.disclosure_type],
            "audience": [codes.label(i) for i in r.audience], "stage": [codes.label(i) for i in r.stage],
            "phones": r.phones, "inherited": sorted(r.inherited),
        })
    return out


def actual_records(catalogue_id: str) -> list[dict]:
    m = load_mapping(PROJECT_DIR / "mappings" / "catalogues" / f"{catalogue_id}.yaml")
    return comparable_records(read_catalogue(m, PROJECT_DIR / "catalogues", BASE).records)


@pytest.mark.parametrize("path", expected_files(), ids=lambda p: p.stem)
def test_every_item_found(path):
    exp = load_expected(path)
    got = actual_records(exp["catalogue"])
    assert [r["name"] for r in got] == [r["name"] for r in exp["records"]], "items missing, merged or split"
    assert len(got) == exp["items"]


@pytest.mark.parametrize("path", expected_files(), ids=lambda p: p.stem)
def test_every_field_right(path):
    exp = load_expected(path)
    got = {r["row"]: r for r in actual_records(exp["catalogue"])}
    problems = []
    for want in exp["records"]:
        have = got.get(want["row"], {})
        for f in FIELDS_COMPARED:
            if have.get(f) != want[f]:
                problems.append(f"row {want['row']} ({want['name']}) {f}: expected {want[f]!r}, got {have.get(f)!r}")
    assert not problems, "\n".join(problems)


def test_items_csv_matches_expected_records(built):
    settings, _ = built
    text = (settings.dumps / "items.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(text)))
    by_cat: dict[str, list[dict]] = {}
    for row in rows:
        by_cat.setdefault(row["catalogue"], []).append(row)
    joined = ("category", "legal_basis", "legal_basis_ids", "channels", "methods", "disclosure_type", "audience",
              "stage", "phones")
    for path in expected_files():
        exp = load_expected(path)
        csv_rows = by_cat[exp["catalogue"]]
        assert len(csv_rows) == exp["items"]
        for want, have in zip(exp["records"], csv_rows):
            assert have["row"] == str(want["row"])
            assert have["source_file"] == exp["source"] and have["source_lines"] == want["source_lines"]
            assert have["item_uri"].startswith(f"{BASE}/id/item/{exp['catalogue']}/")
            for f in joined:
                if f == "legal_basis_ids":     # document numbers only; every instrument's IRI in legal_basis_uris
                    numbers = [i for i in want[f] if re.search(r"\d+号$", i)]
                    assert have[f] == "|".join(numbers), (want["name"], f)
                    assert have["legal_basis_uris"] == "|".join(f"{BASE}/id/law/{segment(i)}" for i in want[f])
                else:
                    assert have[f] == "|".join(want[f]), (want["name"], f)
            for f in ("seq", "code", "name", "content", "spec", "time_limit", "subject", "responsible_unit"):
                assert have[f] == want[f], (want["name"], f)
            days = want["time_limit_days"]
            assert have["time_limit_days"] == ("" if days is None else str(days))
