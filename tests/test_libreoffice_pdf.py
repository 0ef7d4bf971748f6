"""A PDF that no zwgk code drew: city-ybj as a Word file laid out as agencies lay them out (landscape A3,
fixed column widths, ruled borders, the two header rows repeated on every page), printed to PDF by
LibreOffice (the real `soffice`, started on the file and ended by its own exit or by its PID on timeout).
Both the reviewed PDF mapping (tests/data/forms/city-ybj-pdf.yaml) and the mapping `zwgk mapping draft`
writes for the PDF, unedited, must read every item and every field of the hand-checked records.

The check boxes are Unicode glyphs (■ □ ✓) in this Word file: LibreOffice has no Wingdings font here and
prints a Wingdings symbol in the middle of a line as an empty box, so a box drawn with w:sym would lose
its state in the PDF itself (a person could not read it either).

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zwgk.mappings import load_mapping, read_catalogue

from .conftest import BASE
from .libreoffice import convert, require
from .test_docx_roundtrip import assert_same_as_expected, extracted_rows, render_docx
from .test_draft import draft_to

FORMS = Path(__file__).parent / "data" / "forms"
require()

#: column widths in mm, in the proportions of agencies' own files (content and legal bases widest)
WIDTHS = [10, 14, 30, 34, 60, 56, 30, 24, 40, 14, 14, 12, 14, 28]
GLYPHS = {"F0FE": "■", "F0A8": "□", "F0FC": "✓"}


def agency_layout(path: Path) -> None:
    """The Word file as an agency lays it out: A3 landscape, fixed widths, borders, repeated header."""
    d = docx.Document(path)
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(420), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))
    widths = [w * 390 / sum(WIDTHS) for w in WIDTHS]
    tbl = d.tables[0]._tbl
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("color", "000000")):
            e.set(qn(f"w:{k}"), v)
        borders.append(e)
    tbl.tblPr.append(borders)
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    tbl.tblPr.append(fixed)
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for tr in tbl.tr_lst[:2]:
        tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for tr in tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
            n = int(span.get(qn("w:val"))) if span is not None else 1
            width = tc.get_or_add_tcPr().get_or_add_tcW()
            width.set(qn("w:type"), "dxa")
            width.set(qn("w:w"), str(int(Mm(sum(widths[col:col + n])).twips)))
            col += n
    for row in d.tables[0].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(9)
    d.save(path)
    # Wingdings symbols → the glyphs they show (see the module text)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                for code, glyph in GLYPHS.items():
                    text = text.replace(f'<w:sym w:font="Wingdings" w:char="{code}"/>', f"<w:t>{glyph}</w:t>")
                data = text.encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def print_to_pdf(docx_path: Path, tmp: Path) -> Path:
    """`soffice --headless --convert-to pdf`, with a profile of its own; killed by PID if it hangs."""
    return convert(docx_path, "pdf", tmp, ".pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(folder, PDF) of city-ybj printed by LibreOffice."""
    tmp = tmp_path_factory.mktemp("libreoffice")
    folder = tmp / "catalogues"
    folder.mkdir()
    word = folder / "city-ybj.docx"
    render_docx(word, extracted_rows())
    agency_layout(word)
    pdf = print_to_pdf(word, tmp)
    word.unlink()
    return folder, pdf


def test_the_pdf_is_a_real_multipage_print(printed):
    import pdfplumber
    _, pdf = printed
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 3
        assert "LibreOffice" in (doc.metadata.get("Producer") or "") + (doc.metadata.get("Creator") or "")
        assert all("公开依据" in p.extract_text().replace(" ", "") for p in doc.pages)   # header repeated


def test_reviewed_mapping_reads_every_item_and_field(printed):
    folder, _ = printed
    mapping = folder / "city-ybj-pdf.yaml"
    shutil.copy(FORMS / "city-ybj-pdf.yaml", mapping)
    assert_same_as_expected(read_catalogue(load_mapping(mapping), folder, BASE))


def test_drafted_mapping_unedited_reads_every_item_and_field(printed, tmp_path):
    folder, pdf = printed
    path, text = draft_to(tmp_path, pdf, "city-ybj-printed")
    assert "reader: pdf" in text
    assert_same_as_expected(read_catalogue(load_mapping(path), folder, BASE))
