"""Files no Python library reads with their tables and merges (Word 97-2003, RTF, OpenDocument, XML Spreadsheet
2003), turned into .docx or .xlsx by LibreOffice, for the `doc` and `ods` readers to read as `docx` and `xlsx` do.

Why a converter and not a parser: no maintained Python library reads a .doc's tables with their merges; Word's
binary format is what LibreOffice's Word import has read for twenty years (document pipelines such as
unstructured convert .doc the same way). Needs LibreOffice (`soffice`; `ZWGK_SOFFICE` names another binary);
without it the readers say so and how to get it.

Untrusted input, bounded: the file is copied into a temporary directory and converted there with a profile of
its own, in a process group of its own that is killed (by its PID) when it has not finished within
`CONVERT_SECONDS`, or four fifths of the build's time budget for a catalogue when that is shorter (the build
kills a worker over its budget, and LibreOffice's own children would outlive it), and that the kernel kills if
the process reading it dies first. The result is checked by the docx or xlsx reader like any other file (zip
bomb limits included). Within `remembering()` (the draft) a file is converted once.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ...processes import die_with_parent, within_budget
from .base import ReadError, remembered


#: the longest a conversion may take (a catalogue of a hundred pages converts in a few seconds)
CONVERT_SECONDS = 120
SOFFICE_ENV = "ZWGK_SOFFICE"


def soffice() -> str | None:
    """The LibreOffice binary: $ZWGK_SOFFICE, else soffice or libreoffice on the PATH."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


#: the export filter for each target. The source is given a suffix (`source_suffix`) for the application to open
#: it in: LibreOffice detects the format from the content, the suffix settles Writer or Calc
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


def convert(path: str, data: bytes, source_suffix: str = ".doc", target: str = "docx") -> bytes:
    """The file (its bytes `data`, named `path` in messages) as .docx or .xlsx bytes, by LibreOffice."""
    binary = soffice()
    if binary is None:
        named = os.environ.get(SOFFICE_ENV)
        raise ReadError(path, None, (f"{SOFFICE_ENV}={named} is not an executable file" if named else
                                     f"reading this file needs LibreOffice (soffice): install it (apt install "
                                     f"libreoffice-{'writer' if target == 'docx' else 'calc'}-nogui), or save the "
                                     f"file as .{target}"))
    with tempfile.TemporaryDirectory(prefix="zwgk-libreoffice-") as tmp:
        src, out = Path(tmp) / f"catalogue{source_suffix}", Path(tmp) / "out"
        src.write_bytes(data)
        out.mkdir()
        cmd = [binary, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", _FILTERS[target], "--outdir", str(out), str(src)]
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
            raise ReadError(path, None, f"LibreOffice did not convert the file within {limit:g} s "
                                        f"(it was stopped); save the file as .{target}") from None
        result = out / f"catalogue.{target}"
        if proc.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise ReadError(path, None, f"LibreOffice could not convert it to .{target} (a damaged or password-"
                                        f"protected file?){': ' + detail[0][:200] if detail else ''}")
        return result.read_bytes()


def read_converted(path: str, data: bytes, source_suffix: str, target: str, read, options):
    """The file converted to `target` (docx, xlsx; once per content within `remembering()`) and read by `read`
    (read_docx, read_xlsx), its messages naming the catalogue file `path`."""
    converted_bytes = remembered(f"libreoffice-{target}", data, lambda: convert(path, data, source_suffix, target))
    with tempfile.TemporaryDirectory(prefix="zwgk-converted-") as tmp:
        converted = Path(tmp) / f"catalogue.{target}"
        converted.write_bytes(converted_bytes)
        return read(path, converted, options)
