"""Layout `doc`: a Word 97-2003 document (.doc, or a .wps that WPS saved in Word's binary format), an RTF
document or an OpenDocument text (.odt), turned into .docx by LibreOffice (`libreoffice.py`) and read by the
`docx` reader: the same tables, merges, check boxes and text around them.

Provenance: `file.doc#table=N&row=R`, the tables and rows counted as Word shows them (LibreOffice keeps them).
"""
from __future__ import annotations

from pathlib import Path

from .base import Document, ReadError, ReadOptions, read_bytes
from .libreoffice import read_converted
from .office import (ODT, OLE, ZIP, check_package, damaged_zip, encrypted_package, is_workbook, open_document_type,
                     zip_opens)

def read_doc(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every top-level table of the document as a Grid, as `read_docx` gives them for its .docx."""
    from .docx import read_docx
    data = read_bytes(path, Path(file))
    if data.startswith(ZIP):
        if not zip_opens(Path(file)):
            raise damaged_zip(path)
        kind = open_document_type(Path(file))
        if kind != ODT:
            raise ReadError(path, None, "a Word 2007+ document (a zip package), not a .doc file: give the mapping "
                                        "`reader: docx`" if kind is None else
                                        f"an OpenDocument package of another kind ({kind.decode('ascii', 'replace')}):"
                                        " `reader: doc` reads text documents (.odt), `reader: ods` spreadsheets")
        check_package(path, Path(file), "docx")       # a zip bomb is refused before LibreOffice inflates it
        suffix = ".odt"
    elif data.startswith(b"{\\rtf"):
        suffix = ".rtf"
    elif data.startswith(OLE):
        if encrypted_package(data):
            raise ReadError(path, None, "a password-protected Office document: remove the password (open it in "
                                        "Word, WPS or LibreOffice and save it without one)")
        if is_workbook(Path(file)):
            raise ReadError(path, None, "an Excel 97-2003 (.xls) workbook: give its mapping `reader: xls`")
        suffix = ".doc"
    else:
        what = "HTML or XML text (a web page saved as .doc?)" if data.lstrip()[:1] == b"<" else "no OLE header"
        raise ReadError(path, None, f"not a Word 97-2003 (.doc), RTF or OpenDocument text file ({what})")
    return read_converted(path, data, suffix, "docx", read_docx, options)
