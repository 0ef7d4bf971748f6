"""A catalogue in .docx or .xlsx needs a mapping file and no code: `zwgk build` on city-ybj rendered as a
Word document and as an Excel workbook (tests/data/office/*.yaml), through to items.csv and the RDF."""
from __future__ import annotations

import csv
import gzip
import shutil
import subprocess
import sys

from zwgk.mappings import load_mapping

from .conftest import BASE
from .test_docx_roundtrip import OFFICE, extracted_rows, render_docx
from .test_xls import render_xls, xls_mapping
from .test_xlsx import render_xlsx


def test_build_reads_word_and_excel_catalogues(tmp_path):
    cats, maps = tmp_path / "catalogues", tmp_path / "mappings"
    cats.mkdir()
    maps.mkdir()
    rows = extracted_rows()
    for name, render in (("city-ybj-docx", render_docx), ("city-ybj-xlsx", render_xlsx)):
        mapping = OFFICE / f"{name}.yaml"
        render(cats / load_mapping(mapping).source, rows)
        shutil.copy(mapping, maps)
    render_xls(cats / "city-ybj.xls", rows)          # and as Excel 97-2003
    (maps / "city-ybj-xls.yaml").write_text(xls_mapping(tmp_path, "city-ybj.xls").read_text(encoding="utf-8")
                                            .replace("id: city-ybj-xlsx", "id: city-ybj-xls"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings", str(maps),
         "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "dumps"), "--base", BASE],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr

    items = list(csv.DictReader((tmp_path / "dumps" / "items.csv").open(encoding="utf-8")))
    word = [r for r in items if r["catalogue"] == "city-ybj-docx"]
    excel = [r for r in items if r["catalogue"] == "city-ybj-xlsx"]
    old = [r for r in items if r["catalogue"] == "city-ybj-xls"]
    assert len(word) == len(excel) == len(old) == 44
    assert (word[0]["source_file"], word[0]["source_lines"]) == ("catalogues/city-ybj.docx", "3")   # table row
    assert (excel[0]["source_file"], excel[0]["source_lines"]) == ("catalogues/city-ybj.xlsx", "4")  # sheet row
    same = ("name", "code", "category", "channels", "audience", "disclosure_type", "stage", "legal_basis_ids")
    assert [[r[f] for f in same] for r in word] == [[r[f] for f in same] for r in excel] \
        == [[r[f] for f in same] for r in old]
    assert (old[0]["source_file"], old[0]["source_lines"]) == ("catalogues/city-ybj.xls", "4")

    nt = gzip.decompress((tmp_path / "dumps" / "zwgk.nt.gz").read_bytes()).decode("utf-8")
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    assert f"{derived} <{BASE}/source/catalogues/city-ybj.docx#table=1&row=3> ." in nt
    assert f"{derived} <{BASE}/source/catalogues/city-ybj.xlsx#sheet=目录&range=B4:O4> ." in nt
    assert f"{derived} <{BASE}/source/catalogues/city-ybj.xls#sheet=目录&range=B4:O4> ." in nt
