"""How well `zwgk mapping draft`, unedited, reads the shipped catalogues printed to PDF by a real office suite.

bench/calc_prints.py and bench/writer_prints.py print random layouts; here the catalogues are real ones. Each
shipped catalogue's rows, as its reviewed mapping seats them, are written back into an office file with the
merges its source had (its category merged over each run of one category, and the columns the mapping
inherits merged down over the blank cells they fill), the header row repeated on every page:

  calc-ruled     an Excel sheet (openpyxl), every cell framed, landscape A4 one page wide, rows as tall as
                 their text, printed by LibreOffice Calc (`soffice --convert-to pdf`)
  calc-plain     the same sheet without borders (Excel's default: no gridlines printed)
  writer-ruled   a Word table (python-docx, Table Grid), landscape A4, 9 pt, printed by LibreOffice Writer
  writer-plain   the same table in a style without borders

Each print is drafted (`zwgk mapping draft`) and read with the draft unedited, and compared with the shipped
records: items read, and items right in every compared field (name, content, category, time limit, subject,
responsible unit, channels, legal-basis texts). A print without borders does not show its merges: the draft
lists the blank cells under them for the reviewer's `inherit`, and until then they count as fields off here.

    .venv/bin/python bench/shipped_prints.py [--variants calc-plain …] [-v] [--keep DIR]
"""
from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.libreoffice import convert, landscape_one_page_wide, word_catalogue  # noqa: E402
from tests.test_docx_roundtrip import extracted_rows  # noqa: E402
from zwgk.config import PROJECT_DIR  # noqa: E402
from zwgk.mappings import cells as C  # noqa: E402
from zwgk.mappings import load_mapping, read_catalogue  # noqa: E402
from zwgk.mappings.draft import draft_mapping, render  # noqa: E402

BASE = "http://127.0.0.1:8000"
VARIANTS = ("calc-ruled", "calc-plain", "writer-ruled", "writer-plain")
FIELDS = ("name", "content", "category", "time_limit", "subject", "responsible_unit", "channels")


def compared(record) -> dict:
    return {f: getattr(record, f) for f in FIELDS} | {"legal": [c.text for c in record.legal_basis]}


def sheet_rows(path: Path, mapping) -> tuple[list[list[str]], list[tuple[int, int, int]]]:
    """The catalogue's rows as its mapping seats them (text cleaned of extraction debris), and the merges its
    source had: (column, first row, end row) for each run longer than one row."""
    rows = [["".join(ch for ch in C.strip_debris(C._html_to_glyphs(text)).strip() if ch == "\n" or ch >= " ")
             for text in cells[:mapping.ncols]] for cells in extracted_rows(path)]
    cat = next(i for i, c in enumerate(mapping.columns) if c.role == "category")
    for r in range(1, len(rows)):
        if not rows[r][cat]:
            rows[r][cat] = rows[r - 1][cat]
    inherited = {i for i, c in enumerate(mapping.columns) if c.role in (mapping.inherit or {})} - {cat}
    spans = []
    for i in range(mapping.ncols):
        r = 0
        while r < len(rows):
            k = r + 1
            if i == cat:
                while k < len(rows) and rows[k][i] == rows[r][i]:
                    k += 1
            elif i in inherited and rows[r][i]:
                while k < len(rows) and not rows[k][i] and rows[k][cat] == rows[r][cat]:
                    k += 1
            if k - r > 1:
                spans.append((i, r, k))
            r = k
    return rows, spans


def headers(mapping) -> list[str]:
    return [c.headers[0] if c.headers else (c.label or c.role) for c in mapping.columns]


def write_xlsx(path: Path, mapping, rows, spans, ruled: bool) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from zwgk.mappings.cells import is_wide
    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin) if ruled else Border()
    ws.cell(1, 1, mapping.title or mapping.catalogue_id)
    for i, text in enumerate(headers(mapping)):
        ws.cell(2, i + 1, text)
    for r, cells in enumerate(rows):
        for i, text in enumerate(cells):
            ws.cell(r + 3, i + 1, text or None)
    for i, r, k in spans:
        for j in range(r + 1, k):
            ws.cell(j + 3, i + 1).value = None
        ws.merge_cells(start_row=r + 3, start_column=i + 1, end_row=k + 2, end_column=i + 1)
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 2, max_col=mapping.ncols):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = border
            cell.font = Font(size=9)
    for i in range(mapping.ncols):
        ws.column_dimensions[get_column_letter(i + 1)].width = 12

    def lines(text: str) -> int:        # wrapped at 12 characters' width (a Chinese character is two)
        return sum(max(1, math.ceil(sum(2 if is_wide(ch) else 1 for ch in part) / 12))
                   for part in text.split("\n")) if text else 1
    for r, cells in enumerate(rows):
        merged = {i for i, a, b in spans if a <= r < b}
        ws.row_dimensions[r + 3].height = 12.5 * max([lines(t) for i, t in enumerate(cells) if i not in merged]
                                                     + [1]) + 3
    landscape_one_page_wide(ws)
    wb.save(path)


def write_docx(path: Path, mapping, rows, spans, ruled: bool) -> None:
    d, t = word_catalogue(mapping.title or mapping.catalogue_id, headers(mapping), rows)
    if ruled:
        t.style = "Table Grid"
    for i, r, k in spans:
        text = t.cell(r + 1, i).text
        for j in range(r + 2, k + 1):
            t.cell(j, i).text = ""
        t.cell(r + 1, i).merge(t.cell(k, i)).text = text
    d.save(path)


def run(mapping_path: Path, variant: str, tmp: Path, verbose: bool) -> tuple[str, int, int, int, dict]:
    """(error or "", items read, items wanted, items right in every compared field, fields off) of one print."""
    m = load_mapping(mapping_path)
    want = read_catalogue(m, PROJECT_DIR / "catalogues", BASE).records
    rows, spans = sheet_rows(mapping_path, m)
    suite, borders = variant.split("-")
    folder = tmp / f"{mapping_path.stem}-{variant}"
    folder.mkdir()
    src = folder / f"{mapping_path.stem}.{'xlsx' if suite == 'calc' else 'docx'}"
    (write_xlsx if suite == "calc" else write_docx)(src, m, rows, spans, borders == "ruled")
    pdf = convert(src, "pdf", ".pdf")
    src.unlink()
    try:
        (folder / "m.yaml").write_text(render(draft_mapping(pdf, f"print-{mapping_path.stem}")), encoding="utf-8")
        got = read_catalogue(load_mapping(folder / "m.yaml"), folder, BASE).records
    except Exception as e:     # a draft that does not read: its reason
        return str(e), 0, len(want), 0, {}
    g, w = [compared(r) for r in got], [compared(r) for r in want]
    off: dict[str, int] = {}
    for a, b in zip(g, w):
        for f in b:
            if a[f] != b[f]:
                off[f] = off.get(f, 0) + 1
                if verbose:
                    print(f"    {mapping_path.stem} {variant} {f}: got {str(a[f])[:80]} | want {str(b[f])[:80]}")
    return "", len(got), len(want), sum(a == b for a, b in zip(g, w)), off


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("-v", "--verbose", action="store_true", help="every field off")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the prints and their drafts here (kept)")
    args = ap.parse_args()
    mappings = sorted((PROJECT_DIR / "mappings" / "catalogues").glob("*.yaml"))
    started = time.perf_counter()
    with (nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory()) as d:
        tmp = Path(d)
        if args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
        print(f"{'print':14s} {'catalogue':15s} {'items':>7s} {'right':>6s}  fields off")
        for variant in args.variants:
            for mp in mappings:
                error, n, want, right, off = run(mp, variant, tmp, args.verbose)
                shown = f"does not read: {error[:110]}" if error else ", ".join(f"{f} {k}" for f, k in off.items())
                print(f"{variant:14s} {mp.stem:15s} {n:3d}/{want:<3d} {right:6d}  {shown}")
    print(f"({len(args.variants) * len(mappings)} prints in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
