"""How well `zwgk mapping draft`, unedited, reads Word documents printed to PDF by a real office suite.

bench/draft_accuracy.py draws its Word prints itself (reportlab), and bench/calc_prints.py has LibreOffice Calc
print workbooks. Here the random layouts of tests/unseen_random.py are written as .docx (python-docx, as
tests/unseen_random.py writes them), set up as an office user sets a wide table up before printing
(landscape A4, narrow margins, a small font), and printed by LibreOffice Writer (`soffice --convert-to pdf`:
Writer lays the table out itself, every row as tall as its text). Five ways (VARIANTS): with the Table Grid
style's borders (a ruled PDF, read from its lines); with a table style without borders (a PDF read from where
its text stands), in python-docx's narrow columns or in columns widened to the page; and ruled or widened with
the header's rows repeated on every page (标题行重复). Each print is drafted and read with the draft, and scored against the layout's key as
bench/calc_prints.py scores (met: item-F1 >= 0.95 and field accuracy >= 0.90).

    .venv/bin/python bench/writer_prints.py [--seeds 30] [-v] [--keep DIR] [--only SEED …]
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from calc_prints import arguments, report, workspace  # noqa: E402
from tests.unseen_random import random_catalogue  # noqa: E402
from zwgk.mappings.draft import display_width  # noqa: E402

#: how the documents are printed: with the Table Grid's borders, without borders, and without borders in
#: columns widened to the page; and the first and last with the header repeated on every page
VARIANTS = ("ruled", "plain", "wide", "ruled-repeat", "wide-repeat")


def dress(path: Path, ruled: bool, wide: bool = False, repeat: bool = False) -> None:
    """The document as a user sets it up for printing a wide table: landscape A4, 1.5 cm margins, 9 pt text;
    without borders, the table in Word's default table style (no lines); `wide`: the columns widened to the
    page, each as its longest text asks (python-docx leaves them as narrow as on a portrait page); `repeat`:
    the header's rows marked to be printed again at the top of every page (标题行重复)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    doc = Document(path)
    if repeat:      # 标题行重复: the header's rows (those above the first item) printed again on every page
        for table in doc.tables:
            for row in table.rows:
                if row.cells[0].text.strip().isdigit():
                    break
                flag = OxmlElement("w:tblHeader")
                flag.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(flag)
    if wide:
        for table in doc.tables:
            need = [max(5, min(24, max(display_width(c.text.split("\n")[0]) for c in col.cells)))
                    for col in table.columns]
            grid = table._tbl.tblGrid.findall(qn("w:gridCol"))     # what LibreOffice lays the table out by
            for col, gc, n in zip(table.columns, grid, need):
                width = Cm(26.7 * n / sum(need))
                gc.set(qn("w:w"), str(int(width.twips)))
                for cell in col.cells:
                    cell.width = width
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)
    for table in doc.tables:
        if not ruled:
            table.style = doc.styles["Normal Table"]
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
    doc.save(path)


def print_all(paths: list[Path], out: Path, timeout: float = 1800) -> None:
    """Print the documents to PDF in `out` with one soffice (a profile of its own, in its own process group,
    stopped by its PID if it overruns)."""
    profile = Path(tempfile.mkdtemp(prefix="zwgk-writer-print-"))
    proc = subprocess.Popen([shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}",
                             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out)]
                            + [str(p) for p in paths],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    args = arguments(__doc__).parse_args()
    with workspace(args.keep) as tmp:
        jobs = []
        t = time.perf_counter()
        for variant in VARIANTS:
            out = Path(tmp) / f"print-{variant}"
            out.mkdir(exist_ok=True)
            mine = []
            for seed in args.only or range(args.seeds):
                make, name, key, fields = random_catalogue(seed, "docx")
                folder = Path(tmp) / f"{variant}-{seed}"
                folder.mkdir(exist_ok=True)
                make(folder / name)
                dress(folder / name, variant.startswith("ruled"), wide=variant.startswith("wide"),
                      repeat=variant.endswith("repeat"))
                mine.append((variant, seed, folder, name, key, fields))
            print_all([f / n for _, _, f, n, _, _ in mine], out)
            for _, _, folder, name, _, _ in mine:
                pdf = out / (Path(name).stem + ".pdf")
                if not pdf.is_file():
                    raise SystemExit(f"LibreOffice Writer did not print {folder / name}")
                pdf.replace(folder / pdf.name)
            jobs += mine
        print(f"{len(jobs)} documents printed by LibreOffice Writer in {time.perf_counter() - t:.1f} s")
        report(jobs, VARIANTS, "table", args.verbose, keep=bool(args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
