"""Word 97-2003 (.doc) catalogues: the `doc` reader converts with LibreOffice and reads what the `docx` reader
reads. city-ybj's table saved as .doc by LibreOffice Writer (its own Word 97 writer) reads back to the
project's expected records with the reviewed mapping and with a drafted one (one conversion for all the reads);
files that are not .doc are refused with the reason; a converter that is missing, fails or hangs is a clear
error, and a hung one is stopped by its PID. The conversions need LibreOffice (skipped without it unless
ZWGK_REQUIRE_LIBREOFFICE=1); the refusals run everywhere."""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from zwgk.mappings import ReadError, load_mapping, read_catalogue
from zwgk.mappings.readers import doc as D, libreoffice as LO
from zwgk.mappings.readers.base import ReadOptions

from .conftest import BASE
from .test_docx_roundtrip import OFFICE, assert_same_as_expected, extracted_rows


def city_ybj_html(path: Path) -> None:
    """city-ybj's table as a web page: the layout the Word rendering has (tests/test_docx_roundtrip.py), its
    merges as rowspan/colspan, a cell's lines as <br>."""
    import html
    from .test_docx_roundtrip import HEADER, layout
    from .test_xlsx import _BOOKMARK
    rows: dict[int, list] = {}
    for s in HEADER + layout(extracted_rows()):
        rows.setdefault(s.row, []).append(s)
    out = ['<html><head><meta charset="utf-8"></head><body><p>市医疗保障局政务公开事项标准目录</p><table border="1">']
    for r in sorted(rows):
        out.append("<tr>" + "".join(f'<td rowspan="{s.rows}" colspan="{s.cols}">'
                                    + "<br>".join(html.escape(_BOOKMARK.sub("", line)) for line in s.text.split("\n"))
                                    + "</td>" for s in sorted(rows[r], key=lambda s: s.col)) + "</tr>")
    path.write_text("\n".join(out) + "</table></body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def word97(tmp_path_factory) -> Path:
    """city-ybj's table saved as .doc by LibreOffice Writer (its own Word 97 writer), from a web page of it opened
    in Writer (one conversion; Writer's direct .docx-to-.doc export of python-docx's file drops the table)."""
    from .libreoffice import convert, require
    require()
    tmp = tmp_path_factory.mktemp("doc")
    page = tmp / "city-ybj.html"
    city_ybj_html(page)
    doc = convert(page, "doc:MS Word 97", ".doc", infilter="HTML (StarWriter)")
    folder = tmp / "catalogues"
    folder.mkdir()
    shutil.move(doc, folder / "city-ybj.doc")
    return folder / "city-ybj.doc"


def doc_mapping(folder: Path) -> Path:
    text = (OFFICE / "city-ybj-docx.yaml").read_text(encoding="utf-8")
    assert "reader: docx" in text and "source: city-ybj.docx" in text
    path = folder / "city-ybj-doc.yaml"
    path.write_text(text.replace("reader: docx", "reader: doc").replace("source: city-ybj.docx",
                                                                        "source: city-ybj.doc"), encoding="utf-8")
    return path


def test_a_word97_file_reads_every_item_and_field_with_its_reviewed_or_drafted_mapping(word97, monkeypatch):
    """Within one `remembering()` (as the draft reads), every read of the file uses one conversion."""
    from zwgk.mappings.draft import draft_mapping, render
    from zwgk.mappings.readers.base import remembering
    assert word97.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # a compound file, not a package
    calls = []
    real = LO.convert
    monkeypatch.setattr(LO, "convert", lambda *a: calls.append(1) or real(*a))
    with remembering():
        cat = read_catalogue(load_mapping(doc_mapping(word97.parent)), word97.parent, BASE)
        assert_same_as_expected(cat)
        assert cat.records[0].source_fragment.startswith("table=1&row=")
        text = render(draft_mapping(word97, "city-ybj-drafted"))
        assert "reader: doc" in text
        (word97.parent / "drafted.yaml").write_text(text, encoding="utf-8")
        assert_same_as_expected(read_catalogue(load_mapping(word97.parent / "drafted.yaml"), word97.parent, BASE))
    assert len(calls) == 1


def test_a_build_converts_the_doc_in_its_worker_within_the_worker_budgets(word97, tmp_path):
    """`zwgk build` reads the .doc in a worker process under its memory limit (RLIMIT_AS, which LibreOffice
    inherits) and links every item to its row in the .doc."""
    import csv
    import subprocess
    import sys
    cats, maps = tmp_path / "catalogues", tmp_path / "mappings"
    cats.mkdir()
    maps.mkdir()
    shutil.copy(word97, cats)
    shutil.copy(doc_mapping(word97.parent), maps)
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings",
                           str(maps), "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "dumps"),
                           "--base", BASE], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    items = list(csv.DictReader((tmp_path / "dumps" / "items.csv").open(encoding="utf-8")))
    assert len(items) == 44 and {r["source_file"] for r in items} == {"catalogues/city-ybj.doc"}
    assert items[0]["source_lines"] == "3"


# ---------------------------------------------------------------------------------------------------
# refusals and a converter that fails (no LibreOffice needed)
# ---------------------------------------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(tmp: Path, name: str, content: bytes):
    (tmp / name).write_bytes(content)
    return D.read_doc(f"catalogues/{name}", tmp / name, ReadOptions())


def _docx_package() -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


@pytest.mark.parametrize("name,content,message", [
    ("new.doc", _docx_package(), "a Word 2007+ document (a zip package), not a .doc file: give the mapping "
                                 "`reader: docx`"),
    # a zip package cut short (a download that stopped): said so, not given to another reader
    ("cut.doc", b"PK\x03\x04" + b"\0" * 100, "a zip package (an Office or OpenDocument file) that cannot be opened: "
                                             "damaged or truncated"),
    ("page.doc", "<html><table><tr><td>序号</td></tr></table></html>".encode(),
     "not a Word 97-2003 (.doc), RTF or OpenDocument text file (HTML or XML text (a web page saved as .doc?))"),
    ("locked.doc", OLE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"), "a password-protected Office document"),
    ("empty.doc", b"", "catalogue file is empty"),
])
def test_files_that_are_no_doc_are_refused(tmp_path, name, content, message):
    with pytest.raises(ReadError) as e:
        read(tmp_path, name, content)
    assert str(e.value).startswith(f"catalogues/{name}: ") and message in str(e.value), str(e.value)


def test_an_xls_given_to_the_doc_reader(tmp_path):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("目录").write(0, 0, "序号")
    wb.save(str(tmp_path / "w.doc"))
    with pytest.raises(ReadError, match=r"catalogues/w.doc: an Excel 97-2003 \(.xls\) workbook: give its mapping "
                                        r"`reader: xls`"):
        D.read_doc("catalogues/w.doc", tmp_path / "w.doc", ReadOptions())


def fake_soffice(tmp: Path, body: str) -> Path:
    script = tmp / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_no_converter_a_failing_one_and_a_hung_one_stopped_by_its_pid(tmp_path, monkeypatch):
    content = OLE + b"\0" * 1000
    monkeypatch.setenv(LO.SOFFICE_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(ReadError, match=r"catalogues/a.doc: ZWGK_SOFFICE=.*nowhere is not an executable file"):
        read(tmp_path, "a.doc", content)
    monkeypatch.setenv(LO.SOFFICE_ENV, str(fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; "
                                                                 "exit 1")))
    with pytest.raises(ReadError, match=r"LibreOffice could not convert it to .docx \(a damaged or password-protected "
                                        r"file\?\): Error: source file could not be loaded"):
        read(tmp_path, "a.doc", content)
    pid_file = tmp_path / "pid"
    monkeypatch.setenv(LO.SOFFICE_ENV, str(fake_soffice(tmp_path, f"echo $$ > {pid_file}; exec sleep 60")))
    monkeypatch.setattr(LO, "CONVERT_SECONDS", 1)
    t0 = time.monotonic()
    with pytest.raises(ReadError, match=r"LibreOffice did not convert the file within 1 s \(it was stopped\)"):
        read(tmp_path, "a.doc", content)
    assert time.monotonic() - t0 < 10
    pid = int(pid_file.read_text())
    assert not os.path.exists(f"/proc/{pid}") or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_a_helper_gets_what_is_left_of_the_catalogue_budget(monkeypatch):
    """A converter started 1 s into a 3 s budget gets 1.4 s (four fifths of the budget, less what was spent: on a
    busy machine the reading before it may take much of the budget, and the build would stop the worker before
    the converter, with a message that does not say LibreOffice hung); never less than 0.1 s; no budget, no
    limit but its own."""
    from zwgk import processes
    monkeypatch.setattr(processes, "time_budget", 3.0)
    monkeypatch.setattr(processes, "budget_started", time.monotonic() - 1.0)
    assert 1.3 <= processes.within_budget(120) <= 1.4
    assert processes.within_budget(0.5) == 0.5
    monkeypatch.setattr(processes, "budget_started", time.monotonic() - 10.0)
    assert processes.within_budget(120) == 0.1
    monkeypatch.setattr(processes, "budget_started", None)
    assert processes.within_budget(120) == pytest.approx(2.4)
    monkeypatch.setattr(processes, "time_budget", None)
    assert processes.within_budget(120) == 120


def test_a_build_stops_a_hung_converter_within_the_catalogue_time_budget(tmp_path):
    """With `--catalogue-timeout 3`, the conversion is stopped at four fifths of it (2.4 s, less what the worker
    spent on the catalogue before) by the worker itself, its whole process group with it (LibreOffice's own
    children: here a `sleep` the script started), and the build fails naming the file; killed by the build
    instead, the worker would leave them running."""
    import subprocess
    import sys
    cats, maps = tmp_path / "catalogues", tmp_path / "mappings"
    cats.mkdir()
    maps.mkdir()
    (cats / "city-ybj.doc").write_bytes(OLE + b"\0" * 1000)
    shutil.copy(doc_mapping(tmp_path), maps)
    pids = tmp_path / "pids"
    script = fake_soffice(tmp_path, f"sleep 60 & echo $! > {pids}; echo $$ >> {pids}; wait")
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--catalogues", str(cats), "--mappings",
                           str(maps), "--store", str(tmp_path / "store"), "--dumps", str(tmp_path / "dumps"),
                           "--base", BASE, "--catalogue-timeout", "3"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, LO.SOFFICE_ENV: str(script)})
    assert proc.returncode == 1
    limit = re.search(r"catalogues/city-ybj.doc: LibreOffice did not convert the file within ([\d.]+) s", proc.stderr)
    assert limit and 0.1 <= float(limit.group(1)) <= 2.4, proc.stderr
    for pid in map(int, pids.read_text().split()):
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), pid


# ---------------------------------------------------------------------------------------------------
# RTF and OpenDocument text (reader doc), OpenDocument spreadsheet and XML Spreadsheet 2003 (reader ods)
# ---------------------------------------------------------------------------------------------------

def city_ybj_xml_spreadsheet(path: Path) -> None:
    """city-ybj as an XML Spreadsheet 2003 file, laid out as tests/test_xlsx.py lays out its workbook: a 说明 sheet,
    then 目录 with a title row and the table from column B, merges as ss:MergeAcross / ss:MergeDown (a cell after
    a covered one placed by ss:Index), a cell's lines as &#10;. (LibreOffice here reads this format but cannot
    write it: its export filter is not installed.)"""
    from xml.sax.saxutils import escape
    from .test_docx_roundtrip import HEADER, layout
    from .test_xlsx import _BOOKMARK
    spans = HEADER + layout(extracted_rows())
    width = max(s.col + s.cols for s in spans)
    rows: dict[int, list] = {}
    for sp in spans:
        rows.setdefault(sp.row, []).append(sp)

    def cell(col: int, text: str, across: int = 0, down: int = 0) -> str:
        if text.isdigit() and col == 2:          # 序号 as a number
            return f'<Cell ss:Index="{col}"><Data ss:Type="Number">{text}</Data></Cell>'
        value = escape(text).replace("\n", "&#10;")
        merge = (f' ss:MergeAcross="{across}"' if across else "") + (f' ss:MergeDown="{down}"' if down else "")
        return f'<Cell ss:Index="{col}"{merge}><Data ss:Type="String">{value}</Data></Cell>'
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
           '<Worksheet ss:Name="说明"><Table><Row><Cell><Data ss:Type="String">本工作簿第二页为目录。</Data></Cell></Row>'
           '</Table></Worksheet>', '<Worksheet ss:Name="目录"><Table>',
           f'<Row>{cell(2, "市医疗保障局政务公开事项标准目录", across=width - 1)}</Row>']
    for r in sorted(rows):
        out.append("<Row>" + "".join(cell(sp.col + 2, _BOOKMARK.sub("", sp.text).strip(), sp.cols - 1, sp.rows - 1)
                                     for sp in sorted(rows[r], key=lambda sp: sp.col)) + "</Row>")
    out.append("</Table></Worksheet></Workbook>")
    path.write_text("\n".join(out), encoding="utf-8")


@pytest.fixture(scope="module")
def other_forms(tmp_path_factory) -> dict[str, Path]:
    """city-ybj saved by LibreOffice as RTF and .odt (from the web page of its table, in Writer) and as .ods (from
    the workbook tests/test_xlsx.py renders, in Calc); and as XML Spreadsheet 2003, written here."""
    from .libreoffice import convert, require
    from .test_xlsx import render_xlsx
    require()
    tmp = tmp_path_factory.mktemp("forms")
    page = tmp / "city-ybj.html"
    city_ybj_html(page)
    book = tmp / "city-ybj.xlsx"
    render_xlsx(book, extracted_rows())
    made = {"rtf": convert(page, "rtf", ".rtf", infilter="HTML (StarWriter)"),
            "odt": convert(page, "odt", ".odt", infilter="HTML (StarWriter)"),
            "ods": convert(book, "ods", ".ods"),
            "xml": tmp / "city-ybj.xml"}
    city_ybj_xml_spreadsheet(made["xml"])
    out = {}
    for kind, path in made.items():
        (tmp / kind).mkdir()
        out[kind] = Path(shutil.move(path, tmp / kind / path.name))
    return out


@pytest.mark.parametrize("kind,reader", [("rtf", "doc"), ("odt", "doc"), ("ods", "ods"), ("xml", "ods")])
def test_rtf_opendocument_and_xml_spreadsheets_read_every_item(other_forms, kind, reader):
    from zwgk.mappings.draft import detect_reader
    source = other_forms[kind]
    assert detect_reader(source)[0] == reader
    mapping = OFFICE / ("city-ybj-docx.yaml" if reader == "doc" else "city-ybj-xlsx.yaml")
    text = mapping.read_text(encoding="utf-8")
    text = text.replace("reader: docx", f"reader: {reader}").replace("reader: xlsx", f"reader: {reader}")
    text = text.replace("source: city-ybj.docx", f"source: {source.name}").replace("source: city-ybj.xlsx",
                                                                                   f"source: {source.name}")
    (source.parent / "m.yaml").write_text(text, encoding="utf-8")
    cat = read_catalogue(load_mapping(source.parent / "m.yaml"), source.parent, BASE)
    assert_same_as_expected(cat)
    if reader == "ods":
        assert cat.records[0].source_fragment == "sheet=目录&range=B4:O4"


def test_a_sheet_an_ods_hides_is_not_read(tmp_path):
    """An old version kept in a hidden sheet before the catalogue's, saved as .ods by Calc: not read, told, the
    sheets keeping their numbers, as of an .xlsx (LibreOffice's .xlsx of it shows every sheet: it was read)."""
    from openpyxl import Workbook

    from zwgk.mappings.readers.ods import read_ods

    from .libreoffice import convert, require
    require()
    wb = Workbook()
    old = wb.active
    old.title = "旧版"
    old.append(["序号", "事项名称"])
    old.append(["1", "旧的事项"])
    old.sheet_state = "hidden"
    new = wb.create_sheet("目录")
    new.append(["序号", "事项名称"])
    new.append(["1", "机构职能"])
    wb.active = 1
    wb.save(tmp_path / "h.xlsx")
    doc = read_ods("catalogues/h.ods", convert(tmp_path / "h.xlsx", "ods", ".ods"), ReadOptions())
    assert [(g.name, g.index, [[c.text for c in r] for r in g.rows]) for g in doc.tables] == [
        ("sheet '旧版'", 1, []), ("sheet '目录'", 2, [["序号", "事项名称"], ["1", "机构职能"]])]
    assert "catalogues/h.ods: sheet '旧版' is hidden: not read" in doc.warnings


def test_spreadsheets_and_documents_given_to_the_other_reader(tmp_path):
    from zwgk.mappings.readers.ods import read_ods
    import zipfile
    with zipfile.ZipFile(tmp_path / "t.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ReadError, match=r"catalogues/t.ods: an OpenDocument text: give the mapping `reader: doc`"):
        read_ods("catalogues/t.ods", tmp_path / "t.ods", ReadOptions())
    with zipfile.ZipFile(tmp_path / "s.odt", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(ReadError, match=r"catalogues/s.odt: an OpenDocument package of another kind .*"
                                        r"`reader: ods` spreadsheets"):
        D.read_doc("catalogues/s.odt", tmp_path / "s.odt", ReadOptions())
    (tmp_path / "p.xls").write_text("<html><table><tr><td>序号</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(ReadError, match=r"not an OpenDocument or XML Spreadsheet 2003 file \(HTML"):
        read_ods("catalogues/p.xls", tmp_path / "p.xls", ReadOptions())
