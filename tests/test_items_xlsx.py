"""items.xlsx: the rows of items.csv as a workbook (text kept as text, never a formula; numbers as numbers),
and the CSV's formula guard undone exactly (itemscsv.neutralise / restore)."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from zwgk.itemscsv import (FIELDS, csv_and_xlsx_rows, neutralise, records, restore, write_csv, xlsx_from_csv,
                           xlsx_rows)
from zwgk.mappings import load_mapping, read_catalogue
from zwgk.ontology import code_lists
from zwgk.uris import URIs

from .conftest import BASE

TEXT = ("序号\t事项名称\t公开内容\t公开时限\n"
        "1\t=HYPERLINK(\"http://evil.example\")\t+1 内容\t20个工作日\n"
        "2\t'=已加引号\t@提示\t10日内\n"
        "3\t-事项三\t普通内容\t每年3月31日前\n")
MAPPING = """\
catalogue: {id: xlsx-test, source: x.txt}
agency: {id: xlsx-agency, name: 某县人民政府}
reader: tsv
columns:
  - {role: seq, header: [序号]}
  - {role: name, header: [事项名称]}
  - {role: content, header: [公开内容]}
  - {role: time_limit, header: [公开时限]}
"""


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xlsx")
    (tmp / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp / "x.yaml").write_text(MAPPING, encoding="utf-8")
    return read_catalogue(load_mapping(tmp / "x.yaml"), tmp, BASE)


@pytest.mark.parametrize("text", ["=1+1", "+86", "-", "@x", "'=x", "''=x", "'", "''", "-1", "正文", "\t缩进", ""])
def test_the_formula_guard_is_undone_exactly(text):
    assert restore(neutralise(text)) == text


def test_xlsx_has_the_csv_rows_as_minted(cat):
    uris, codes = URIs(BASE), code_lists(BASE)
    data = write_csv([cat], uris, codes)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_from_csv(data)))
    ws = wb["items"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == FIELDS
    want = list(records(cat, uris, codes))
    assert len(rows) - 1 == len(want) == 3
    for got, exp in zip(rows[1:], want):
        for name, value in zip(FIELDS, got):
            if name in ("row", "time_limit_days"):
                assert value == (int(exp[name]) if exp[name] != "" else None), name
            else:
                assert (value or "") == exp[name], name
    # formula-like text is a string cell, not a formula
    cells = {c.value: c.data_type for c in next(ws.iter_rows(min_row=2, max_row=2))}
    assert cells['=HYPERLINK("http://evil.example")'] == "s"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(FIELDS)).column_letter}4"
    assert [r[0] for r in wb["columns"].iter_rows(min_row=2, values_only=True)] == FIELDS


def test_a_catalogues_rows_made_at_once_are_its_csv_and_the_sheet_rows_of_that_csv(cat):
    """A build's worker makes a catalogue's items.csv and its rows of items.xlsx from one reading of its records
    (csv_and_xlsx_rows): the same bytes as the CSV and the rows read back from it, for the real catalogues and
    for cells a spreadsheet would run as formulas, XML escapes and characters XML cannot hold."""
    from zwgk.config import PROJECT_DIR
    from zwgk.mappings import mapping_files
    uris, codes = URIs(BASE), code_lists(BASE)
    cats = [read_catalogue(load_mapping(m), PROJECT_DIR / "catalogues", BASE)
            for m in mapping_files(PROJECT_DIR / "mappings" / "catalogues")]
    odd = cats[0].records[0]
    odd.content = "a & b <c> _x0041_ bell\x07 '=x"
    odd.name, odd.seq = "=SUM(A1:A2)", 7
    for c in [cat, *cats]:
        data, sheet = csv_and_xlsx_rows(c, uris, codes)
        assert data == write_csv([c], uris, codes)
        assert sheet == xlsx_rows(data)[0]
    data, sheet = csv_and_xlsx_rows(cats[0], uris, codes)      # the odd cells are there, as each file holds them
    assert b"'=SUM(A1:A2)" in data and ">=SUM(A1:A2)<".encode() in sheet
    assert "a &amp; b &lt;c&gt; _x005F_x0041_ bell_x0007_ '=x".encode() in sheet


def test_time_limit_unit_says_which_days(cat):
    rows = list(csv.DictReader(io.StringIO(write_csv([cat], URIs(BASE), code_lists(BASE)).decode("utf-8"))))
    assert [(r["time_limit_days"], r["time_limit_unit"]) for r in rows] == [("20", "工作日"), ("10", "日"), ("", "")]
    assert rows[0]["name"].startswith("'=") and rows[1]["name"] == "''=已加引号"


def test_libreoffice_calc_opens_the_workbook_with_every_cell(tmp_path):
    """Real spreadsheet software reads the hand-written workbook (zwgk.xlsx): LibreOffice Calc converts
    items.xlsx of the real catalogues to CSV, and every cell is the CSV's (its formula guard undone), with
    text that looks like a formula, escapes XML needs and characters it cannot hold."""
    from .libreoffice import convert, require
    require()
    from zwgk.mappings import mapping_files
    from zwgk.config import PROJECT_DIR
    cats = [read_catalogue(load_mapping(m), PROJECT_DIR / "catalogues", BASE)
            for m in mapping_files(PROJECT_DIR / "mappings" / "catalogues")]
    uris, codes = URIs(BASE), code_lists(BASE)
    data = write_csv(cats, uris, codes)
    tricky = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    extra = ["=SUM(A1:A2)", "a & b <c>", "literal _x0041_ text", "两行\n文本", "tab\there", "bell\x07char"]
    for k, value in enumerate(extra):
        tricky[1 + k][FIELDS.index("content")] = neutralise(value)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(tricky)
    book = tmp_path / "items.xlsx"
    book.write_bytes(xlsx_from_csv(buf.getvalue().encode("utf-8")))
    out = convert(book, "csv:Text - txt - csv (StarCalc):44,34,76", ".csv")
    got = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert got[0] == FIELDS and len(got) == len(tricky) > 100
    for want, row in zip(tricky[1:], got[1:]):
        assert [c for c in row] == [restore(v) for v in want], want[0]
    assert got[1][FIELDS.index("content")] == "=SUM(A1:A2)"          # text, not a formula's value


def test_a_cell_longer_than_excel_holds():
    """A catalogue's cell of 200,000 characters (a page's one cell holding the text of many): the build's
    rows of items.xlsx are made from its CSV part, whose reader stopped at 131,072 characters ('field larger
    than field limit', the build failed naming no file); Excel holds 32,767 a cell: cut there, with …"""
    from zwgk.xlsx import EXCEL_CELL, rows_xml
    long = "公开内容" * 50_000
    buf = io.StringIO()
    csv.writer(buf).writerows([["name", "content"], ["事项", long]])
    xml, header, n = rows_xml(buf.getvalue().encode("utf-8"), set())
    assert header == ["name", "content"] and n == 1
    cell = xml.decode("utf-8").split("<t xml:space=\"preserve\">")[2].split("</t>")[0]
    assert len(cell) == EXCEL_CELL and cell.endswith("…") and cell.startswith("公开内容")
