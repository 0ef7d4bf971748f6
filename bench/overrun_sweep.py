"""Ruled Word and Excel tables printed by LibreOffice at font sizes 9 to 14 pt (steps of 0.5), read back cell by cell.

At some sizes (10.5 pt, 五号, in Noto Sans CJK) Writer prints a row's first line a little above the row's top rule,
just where the next line of the tallest cell above would fall: a reader taking lines across a rule for the cell
above (pdf.py `take_back_overruns`, meant for the header repeated cut short on a continued page) reads names cut
and contents run together. Each print here is read by the PDF reader (no mapping, no draft) and every body cell's
text compared with the text written, whitespace aside: a print is right when every cell is. Layouts: a single
header row over 8 equal columns (portrait, as python-docx leaves a table), and a two-row header with cells merged
down both rows and long names in narrow columns (landscape), repeated on every page (LibreOffice cuts it short on
continued pages: its merged cells' last lines overrun into the first row, the case `take_back_overruns` is for);
in the template's font, Noto Sans CJK SC and Noto Serif CJK SC, the template's line spacing and 1.5 lines; and an Excel sheet with all borders.

    .venv/bin/python bench/overrun_sweep.py [--keep DIR] [--sizes 9 10.5 …]
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.libreoffice import two_row_header  # noqa: E402
from writer_prints import print_all  # noqa: E402
from zwgk.mappings.readers.base import ReadOptions  # noqa: E402
from zwgk.mappings.readers.pdf import read_pdf  # noqa: E402

WORDS = ["道路运输经营许可", "超限运输车辆行驶公路许可", "交通运输行政处罚", "公路建设项目信息", "公路养护施工公告",
         "许可依据、条件、程序、结果", "处罚决定书", "项目名称、建设规模、施工单位、招标结果", "施工路段、时间、绕行线路",
         "《中华人民共和国道路运输条例》（国务院令第406号）", "《中华人民共和国公路法》", "作出决定之日起7个工作日内",
         "政府网站", "运输管理股", "规模以上工业增加值", "社会消费品零售总额", "信息形成或变更之日起20个工作日内",
         "政府网站、政务新媒体、公开栏", "办公室", "全社会", "主动公开", "县级", "机构职能、内设机构、领导分工"]
SIZES = [9 + k / 2 for k in range(11)]
#: the template's own font (Calibri, not installed: LibreOffice lays the lines out about 1.17 em apart and prints a
#: first line just above its rule, the geometry of the misread prints), and two named CJK fonts (1.45 em apart)
FONTS = ["", "Noto Sans CJK SC", "Noto Serif CJK SC"]


#: the probe's rows (a Word table read wrong at 10.5 pt: 道路运输经营许可 read 经营许可), then random ones
PROBE = [["行政许可", "道路运输经营许可", "许可依据、条件、程序、结果", "《中华人民共和国道路运输条例》（国务院令第406号）"],
         ["行政许可", "超限运输车辆行驶公路许可", "许可条件、办理流程、许可结果", "《中华人民共和国公路法》"],
         ["行政许可", "交通运输行政处罚", "处罚决定书", "《交通运输行政执法程序规定》（交通运输部令2019年第9号）"],
         ["行政许可", "公路建设项目信息", "项目名称、建设规模、施工单位、招标结果", "《中华人民共和国公路法》"],
         ["行政许可", "公路养护施工公告", "施工路段、时间、绕行线路", "《中华人民共和国公路法》"]]


def body(seed: int, n: int, cols: int) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = [[str(i)] + [rnd.choice(WORDS) + ("" if rnd.random() < 0.6 else rnd.choice(WORDS)) for _ in range(cols - 1)]
            for i in range(1, n + 1)]
    for row, probe in zip(rows, PROBE if cols == 8 else []):
        row[1:] = probe + ["作出决定之日起7个工作日内", "政府网站", "运输管理股"]
    return rows


def word(path: Path, size: float, font: str, spacing: float, two_rows: bool, seed: int) -> list[list[str]]:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(size)
    if font:
        normal.font.name = font
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if spacing:         # else the template's own (LibreOffice lays it out at about 1.17 em)
        normal.paragraph_format.line_spacing = spacing
    if two_rows:
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    d.add_paragraph("某县交通运输局政府信息公开目录")
    heads = (["序号", "公开事项名称", "公开内容和标准", "公开依据", "公开时限", "全社会", "特定群众", "公开渠道和载体"]
             if two_rows else ["序号", "类别", "公开事项名称", "主要内容", "法律依据", "时限要求", "公开渠道", "承办股室"])
    rows = body(seed, 14 if two_rows else 10, len(heads))
    top = 2 if two_rows else 1
    t = d.add_table(rows=top + len(rows), cols=len(heads))
    t.style = "Table Grid"
    if two_rows:
        two_row_header(t, heads)
    else:
        for i, h in enumerate(heads):
            t.cell(0, i).text = h
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        t.rows[0]._tr.get_or_add_trPr().append(flag)
    for r, row in enumerate(rows, top):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    if two_rows:        # narrow columns: 公开内容和标准 and 公开渠道和载体 wrap to 3 lines, one more than the header's rows
        from docx.shared import Pt as Cm
        widths = [size * n + 11 for n in (2.5, 6.5, 3.5, 10, 2.5, 3.5, 4.5, 3.5)]
        grid = t._tbl.tblGrid.findall(qn("w:gridCol"))
        for gc, w in zip(grid, widths):
            gc.set(qn("w:w"), str(int(Cm(w).twips)))
        for row in t.rows:
            for c, w in zip(row.cells, widths):
                c.width = Cm(w)
    d.save(path)
    return rows


def sheet(path: Path, size: float, seed: int) -> list[list[str]]:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    heads = ["序号", "类别", "公开事项名称", "主要内容", "法律依据", "时限要求", "公开渠道", "承办股室"]
    rows = body(seed, 40, len(heads))
    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    for r, row in enumerate([heads] + rows, 1):
        for c, v in enumerate(row, 1):
            cell = ws.cell(r, c, v)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(size=size)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in "ABCDEFGH":
        ws.column_dimensions[c].width = 12
    per_line = max(1, int(60 / size))      # Chinese characters a 12-character column holds on a line
    for r, row in enumerate(rows, 2):      # Excel keeps a row's height as saved: each as tall as its text
        ws.row_dimensions[r].height = max(-(-len(v) // per_line) for v in row) * size * 1.4 + 4
    ws.print_title_rows = "1:1"
    wb.save(path)
    return rows


def _plain(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check(pdf: Path, rows: list[list[str]]) -> list[str]:
    """The cells read differently from what was written (first few), or [] when every body cell reads right."""
    doc = read_pdf(f"catalogues/{pdf.name}", pdf, ReadOptions())
    want = {r[0]: [_plain(v) for v in r] for r in rows}
    got: dict[str, list[str]] = {}
    for grid in doc.tables:
        for row in grid.rows:
            texts = [_plain(c.text) for c in row]
            if texts and texts[0] in want and texts[0] not in got:
                got[texts[0]] = texts
    wrong = [f"item {k} missing" for k in want if k not in got]
    wrong += [f"item {k}: {g[i]!r} for {w[i]!r}" for k, w in want.items() if (g := got.get(k))
              for i in range(len(w)) if i >= len(g) or g[i] != w[i]]
    return wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--sizes", type=float, nargs="+", default=SIZES)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp())
    tmp.mkdir(parents=True, exist_ok=True)
    jobs = []
    for size in args.sizes:
        for font in FONTS:
            for spacing in (0, 1.5):
                for two in (False, True):
                    name = f"w{size:g}-{font.split()[1] if font else 'Template'}-{spacing:g}-{'two' if two else 'one'}"
                    src = tmp / f"{name}.docx"
                    jobs.append((name, word(src, size, font, spacing, two, int(size * 10))))
        name = f"x{size:g}"
        jobs.append((name, sheet(tmp / f"{name}.xlsx", size, int(size * 10))))
    todo = [tmp / f"{n}{'.xlsx' if n.startswith('x') else '.docx'}" for n, _ in jobs if not (tmp / f"{n}.pdf").exists()]
    if todo:
        print_all(todo, tmp)
    bad = 0
    for name, rows in jobs:
        wrong = check(tmp / f"{name}.pdf", rows)
        bad += bool(wrong)
        if wrong or args.verbose:
            print(f"{name:28} {'right' if not wrong else f'{len(wrong)} cells wrong: ' + '; '.join(wrong[:3])}")
    print(f"{len(jobs) - bad}/{len(jobs)} prints read right")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
