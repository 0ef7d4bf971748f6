"""LibreOffice for the tests that need real office software: `soffice` found on PATH, run headless with a
profile of its own (one per test process, made by its first conversion: a new profile costs about a second a
start), ended by its own exit or by its PID (process group) on timeout. A module needing it
calls `require()`: skipped without LibreOffice, an error when ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it)."""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require() -> None:
    if SOFFICE is None:
        if os.environ.get("ZWGK_REQUIRE_LIBREOFFICE") == "1":
            raise RuntimeError("ZWGK_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed", allow_module_level=True)


@functools.cache
def profile() -> Path:
    """This test process's LibreOffice profile (its conversions run one at a time), removed when it exits."""
    folder = Path(tempfile.mkdtemp(prefix="zwgk-test-soffice-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / "profile"


def convert(src: Path, to: str, suffix: str, infilter: str | None = None) -> Path:
    """`soffice --headless --convert-to TO` of `src` into its folder; the file written (src with `suffix`).
    `infilter`: the import filter (a web page opened in Writer: "HTML (StarWriter)")."""
    proc = subprocess.Popen(
        [SOFFICE, f"-env:UserInstallation={profile().as_uri()}", "--headless",
         *([f"--infilter={infilter}"] if infilter else []), "--convert-to", to, "--outdir", str(src.parent), str(src)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    out = src.with_suffix(suffix)
    assert proc.returncode == 0 and out.exists(), f"LibreOffice could not convert {src.name} to {to}"
    return out


def word_catalogue(title: str, heads: list[str], rows: list[list[str]], size: int = 9):
    """A Word document set up as catalogues are printed, (document, table): landscape, 1.5 cm margins, `size` pt
    text, a title line, then the table in Word's default style (no borders) with `heads` as its header row,
    repeated on every page, and `rows` under it."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5))
    d.styles["Normal"].font.size = Pt(size)
    d.add_paragraph(title)
    t = d.add_table(rows=1 + len(rows), cols=len(heads))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(repeat)
    for i, h in enumerate(heads):
        t.cell(0, i).text = h
    for r, row in enumerate(rows, 1):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    return d, t


def landscape_one_page_wide(ws, title_rows: str = "2:2") -> None:
    """An openpyxl sheet set up as a catalogue is printed: landscape A4, one page wide, `title_rows` repeated on
    every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = title_rows
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def two_row_header(t, heads: list[str], group: tuple[int, int] = (5, 6), name: str = "公开对象") -> None:
    """The Word table `t`'s first two rows made a header of two, both repeated on every page: `name` over the
    columns `group` (first, last), their `heads` under it, every other head merged down both rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    a, z = group
    for i, h in enumerate(heads):
        if a <= i <= z:
            t.cell(1, i).text = h
        else:
            t.cell(0, i).merge(t.cell(1, i)).text = h
    t.cell(0, a).merge(t.cell(0, z)).text = name
    for row in t.rows[:2]:
        props = row._tr.get_or_add_trPr()
        if props.find(qn("w:tblHeader")) is None:
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            props.append(flag)
