"""Print workbooks to PDF with LibreOffice Calc as an office user would: every row at its optimal height (the
text of wrapped cells shown whole, as Excel's auto-fit does), then File > Export as PDF. Run by the Python that
has LibreOffice's `uno` module (Debian: /usr/bin/python3 with python3-uno), not the project's venv:

    /usr/bin/python3 bench/calc_print.py BOOK.xlsx …      # writes BOOK.pdf beside each; prints its path

`soffice --convert-to pdf` keeps the heights stored in the file (openpyxl stores none: every row one line
high, wrapped text cut off), so the rows are fitted here through UNO (`Rows.OptimalHeight`). One soffice
for all the files, with a profile of its own, in its own process group, ended by its PID."""
import os
import signal
import subprocess
import sys
import tempfile
import time
import shutil

import uno  # noqa: E402  (LibreOffice's bridge)
from com.sun.star.beans import PropertyValue  # noqa: E402


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(paths):
    profile = tempfile.mkdtemp(prefix="zwgk-calc-print-")
    pipe = "zwgk-calc-print-%d" % os.getpid()
    proc = subprocess.Popen([shutil.which("soffice") or "soffice", "-env:UserInstallation=file://" + profile,
                             "--headless", "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(300):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:  # not listening yet
                time.sleep(0.1)
        if ctx is None:
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for path in paths:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                               (prop("Hidden", True),))
            for i in range(doc.Sheets.Count):
                doc.Sheets.getByIndex(i).Rows.OptimalHeight = True
            out = os.path.splitext(os.path.abspath(path))[0] + ".pdf"
            doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "calc_pdf_Export"),))
            doc.close(True)
            print(out, flush=True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes as soffice quits
            pass
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
