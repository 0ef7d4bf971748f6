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


def landscape_one_page_wide(ws, title_rows: str = "2:2") -> None:
    """An openpyxl sheet set up as a catalogue is printed: landscape A4, one page wide, `title_rows` repeated on
    every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = title_rows
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
