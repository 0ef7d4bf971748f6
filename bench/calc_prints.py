"""How well `zwgk mapping draft`, unedited, reads Excel workbooks printed to PDF by a real office suite.

bench/draft_accuracy.py draws its prints itself (reportlab). Here the random layouts of tests/unseen_random.py
are written as .xlsx, given what an office user gives a sheet before printing it (column widths from the
texts, wrapped cells, the text at the top or in the middle of its cells, landscape, fit to the page's
width; and, a third way, in the middle with every cell framed), and printed by LibreOffice Calc with every
row at its optimal height (bench/calc_print.py, through LibreOffice's own Python: `soffice --convert-to pdf`
alone keeps one-line rows and cuts wrapped text). Each print is drafted and read with the draft, and scored
against the layout's key: met (item-F1 >= 0.95 and field accuracy >= 0.90), perfect, a draft that does not
read (read errors), and the fields read blank or read with a wrong value.

    .venv/bin/python bench/calc_prints.py [--seeds 30] [--python /usr/bin/python3] [-v] [--keep DIR] [--only SEED …]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.unseen import score  # noqa: E402
from tests.unseen_random import random_catalogue  # noqa: E402
from zwgk.mappings import load_mapping, read_catalogue  # noqa: E402
from zwgk.mappings.draft import display_width, draft_mapping, render  # noqa: E402
from zwgk.ontology import code_lists  # noqa: E402

BASE = "http://127.0.0.1:8000"
BLANK = re.compile(r"got (''|\[\])")
#: how the sheets are printed: text at the top of its cells, or in the middle; and in the middle with every
#: cell framed (a ruled PDF, read from its lines)
VARIANTS = ("top", "center", "ruled")


def dress(path: Path, valign: str, ruled: bool = False) -> None:
    """The sheet as a user sets it up for printing: widths, wrapping, alignment, landscape on one page wide;
    `ruled`: every cell of the table framed (thin borders, as 所有框线 gives)."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.properties import PageSetupProperties
    wb = load_workbook(path)
    for ws in wb.worksheets:
        widths: dict[str, int] = {}
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if c.value is None:
                    continue
                n = max(display_width(part) for part in str(c.value).split("\n"))
                widths[c.column_letter] = max(widths.get(c.column_letter, 0), n)
                c.alignment = Alignment(wrap_text=True, vertical=valign, horizontal="center" if n <= 8 else "left")
                c.font = Font(name="宋体", size=10)
        if ruled:       # every cell of the table, merged ones' covered cells too (as Excel frames a range)
            thin = Side(style="thin")
            for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=ws.max_column):
                for c in row:
                    c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for col, n in widths.items():
            ws.column_dimensions[col].width = min(22, max(5, n * 0.6 + 2))
        ws["A1"].font = Font(name="宋体", size=16)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options of a print bench: --seeds, -v, --keep DIR, --only SEED …"""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=30, help="random layouts, each printed both ways (default 30)")
    ap.add_argument("-v", "--verbose", action="store_true", help="each print's result")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the prints and their drafts here (kept)")
    ap.add_argument("--only", type=int, nargs="+", metavar="SEED", help="these seeds only")
    return ap


def workspace(keep: Path | None):
    """Where the prints are made: `keep` (made if need be, kept), else a temporary folder."""
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        return nullcontext(str(keep))
    return tempfile.TemporaryDirectory()


def report(jobs: list, variants: tuple[str, ...], label: str, verbose: bool, keep: bool = False) -> None:
    """Draft each print of `jobs` ((variant, seed, folder, source file name, key, fields); the print is the
    .pdf of the source's stem beside it), read it with the draft and print a line of scores per variant."""
    width = max([8] + [len(v) for v in variants])
    print(f"{label:<{width}} {'prints':>6} {'met':>5} {'perfect':>8} {'no read':>8} {'blank':>6} {'wrong':>6}")
    for variant in variants:
        met = perfect = failed = blank = wrong = 0
        mine = [j for j in jobs if j[0] == variant]
        for _, seed, folder, name, key, fields in mine:
            if not keep:
                (folder / name).unlink()
            pdf = folder / (Path(name).stem + ".pdf")
            try:
                (folder / "m.yaml").write_text(render(draft_mapping(pdf, f"random-{seed}")), encoding="utf-8")
                s = score(read_catalogue(load_mapping(folder / "m.yaml"), folder, BASE).records, key, fields,
                          code_lists(BASE))
            except Exception as e:  # a draft that does not read: counted, and said with -v
                failed += 1
                if verbose:
                    print(f"  {variant} {seed}: does not read: {str(e)[:160]}")
                continue
            b = sum(1 for e in s.errors if BLANK.search(e))
            blank, wrong = blank + b, wrong + len(s.errors) - b
            ok = s.f1 >= 0.95 and s.field_accuracy >= 0.90
            met, perfect = met + ok, perfect + (s.f1 == 1.0 and s.field_accuracy == 1.0)
            if verbose and not ok:
                print(f"  {variant} {seed}: F1 {s.f1:.2f} acc {s.field_accuracy:.3f}: {s.errors[:2]}")
        print(f"{variant:<{width}} {len(mine):>6} {met:>5} {perfect:>8} {failed:>8} {blank:>6} {wrong:>6}")


def main() -> int:
    ap = arguments(__doc__)
    ap.add_argument("--python", default="/usr/bin/python3", help="a Python with LibreOffice's uno module")
    args = ap.parse_args()
    with workspace(args.keep) as tmp:
        jobs = []
        for variant in VARIANTS:
            for seed in args.only or range(args.seeds):
                make, name, key, fields = random_catalogue(seed, "xlsx")
                folder = Path(tmp) / f"{variant}-{seed}"
                folder.mkdir(exist_ok=True)
                make(folder / name)
                dress(folder / name, "top" if variant == "top" else "center", ruled=variant == "ruled")
                jobs.append((variant, seed, folder, name, key, fields))
        t = time.perf_counter()
        subprocess.run([args.python, str(ROOT / "bench" / "calc_print.py")] +
                       [str(f / n) for _, _, f, n, _, _ in jobs], check=True, stdout=subprocess.DEVNULL, timeout=3600)
        print(f"{len(jobs)} workbooks printed by LibreOffice Calc in {time.perf_counter() - t:.1f} s")
        report(jobs, VARIANTS, "cells", args.verbose, keep=bool(args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
