"""Layout `doc`: a Word 97-2003 document (.doc, or a .wps that WPS saved in Word's binary format), turned into
.docx by LibreOffice and read by the `docx` reader: the same tables, merges, check boxes and text around them.

Why a converter and not a parser: no maintained Python library reads a .doc's tables with their merges; Word's
binary format is what LibreOffice's Word import has read for twenty years (document pipelines such as
unstructured convert .doc the same way). Needs LibreOffice Writer (`soffice`; `ZWGK_SOFFICE` names another
binary); without it the reader says so and how to get it.

Untrusted input, bounded: the file is copied into a temporary directory and converted there with a profile of
its own, in a process group of its own that is killed (by its PID) when it has not finished within
`CONVERT_SECONDS`, or four fifths of the build's time budget for a catalogue when that is shorter (the build
kills a worker over its budget, and LibreOffice's own children would outlive it), and that the kernel kills if
the process reading it dies first. The result must be a .docx,
which the docx reader checks like any other (zip bomb limits included). Within `remembering()` (the draft) a
file is converted once.

Provenance: `file.doc#table=N&row=R`, the tables and rows counted as Word shows them (LibreOffice keeps them).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ...processes import die_with_parent, within_budget
from .base import Document, ReadError, ReadOptions, read_bytes, remembered
from .office import OLE, ZIP, is_workbook

#: the longest a conversion may take (a catalogue of a hundred pages converts in a few seconds)
CONVERT_SECONDS = 120
SOFFICE_ENV = "ZWGK_SOFFICE"


def soffice() -> str | None:
    """The LibreOffice binary: $ZWGK_SOFFICE, else soffice or libreoffice on the PATH."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: str, data: bytes) -> bytes:
    """The document as .docx bytes, by LibreOffice."""
    binary = soffice()
    if binary is None:
        named = os.environ.get(SOFFICE_ENV)
        raise ReadError(path, None, (f"{SOFFICE_ENV}={named} is not an executable file" if named else
                                     "reading a Word 97-2003 (.doc) file needs LibreOffice (soffice): install it "
                                     "(apt install libreoffice-writer-nogui), or save the file as .docx"))
    with tempfile.TemporaryDirectory(prefix="zwgk-doc-") as tmp:
        src, out = Path(tmp) / "catalogue.doc", Path(tmp) / "out"
        src.write_bytes(data)
        out.mkdir()
        cmd = [binary, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    start_new_session=True, preexec_fn=die_with_parent, cwd=tmp)
        except OSError as e:
            raise ReadError(path, None, f"LibreOffice ({binary}) could not be started: {e.strerror or e}") from None
        limit = within_budget(CONVERT_SECONDS)
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReadError(path, None, f"LibreOffice did not convert the document within {limit:g} s "
                                        "(it was stopped); save the file as .docx") from None
        result = out / "catalogue.docx"
        if proc.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise ReadError(path, None, "LibreOffice could not convert it to .docx (a damaged or password-protected "
                                        f"document?){': ' + detail[0][:200] if detail else ''}")
        return result.read_bytes()


def read_doc(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every top-level table of the document as a Grid, as `read_docx` gives them for its .docx."""
    from .docx import read_docx
    data = read_bytes(path, Path(file))
    if data.startswith(ZIP):
        raise ReadError(path, None, "a Word 2007+ document (a zip package), not a .doc file: give the mapping "
                                    "`reader: docx`")
    if not data.startswith(OLE):
        what = ("an RTF document" if data.startswith(b"{\\rtf") else
                "HTML or XML text (a web page saved as .doc?)" if data.lstrip()[:1] == b"<" else "no OLE header")
        raise ReadError(path, None, f"not a Word 97-2003 (.doc) file ({what})")
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ReadError(path, None, "a password-protected Office document: remove the password (open it in Word, "
                                    "WPS or LibreOffice and save it without one)")
    if is_workbook(Path(file)):
        raise ReadError(path, None, "an Excel 97-2003 (.xls) workbook: give its mapping `reader: xls`")
    docx_bytes = remembered("doc", data, lambda: convert(path, data))
    with tempfile.TemporaryDirectory(prefix="zwgk-doc-") as tmp:
        converted = Path(tmp) / "catalogue.docx"
        converted.write_bytes(docx_bytes)
        return read_docx(path, converted, options)
