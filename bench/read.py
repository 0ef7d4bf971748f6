"""Benchmark the structured readers: zwgk's PDF and web-page readers next to the bare library each one
is built on (pdfplumber, lxml), measured in the same run on the same file.

    python bench/read.py [--pages 50] [--rows 2000] [--repeat 3]

The catalogues are generated here, in a temporary directory, shaped like the published ones:
  PDF   a ruled table of 12 columns printed by reportlab (`platypus.Table`, STSong-Light, landscape A4)
        over --pages pages: a two-row header repeated on every page (a horizontal merge: 公开对象 and
        公开方式 over two columns each), the first-level column (事项类别) merged vertically over 2–6
        rows, Chinese text on several lines in most cells, a title above and page numbers below. The
        number of item rows is adjusted until the document has --pages pages (the header line says
        how many it has).
  HTML  a page with a table of 12 columns and --rows item rows: a two-row <thead> with colspan, rowspan
        merges on 事项类别, <br> inside cells, ☑/☐ check boxes; GB18030 bytes declaring
        <meta charset="gb2312"> (as most county sites publish them), and the same page in UTF-8.

The PDF is also printed without any line (no grid, no shading: a sheet Excel prints without gridlines),
which zwgk reads from the positions of its text (mappings/readers/pdfgrid.py).

What is timed, per file:
  pdfplumber   `pdfplumber.open`, then for every page `page.find_tables()`, `t.extract()` for each table,
               `page.close()`: the tables of every page as lists of strings, nothing joined over pages;
               for the PDF without lines, `find_tables` with the "text" strategy (columns and rows from
               the text's alignments: a row per printed line, no merge);
  lxml         decode the bytes (the declared charset), `lxml.html.fromstring`, every <tr> and the
               `text_content()` of its <td>/<th>: the cells' strings, no merge expanded;
  zwgk read    `READERS["pdf"|"html"](label, path, ReadOptions(12, 2, probe))` → Document: every cell
               with its merge and provenance, one table over all pages (PDF), spans expanded (HTML);
  + assemble   the same run's Document → the catalogue's RawTable (`zwgk.mappings.readers.assemble`,
               with the header probe): header found, the header printed again on each page dropped.
               Its line is read + assemble, the whole path from the file to the RawTable.

How to read the figures: each measurement is repeated --repeat times, the library's run and zwgk's
alternating (library first on odd repeats, zwgk first on even ones), with `gc.collect()` before every
run and one untimed warm-up of each on a small file first (imports, pdfminer's CMaps). Figures are the
median, the minimum in brackets. CPU time (`time.process_time`) is the one compared: the machine is
shared and wall time moves with its load; wall time is printed next to it. The ratio is zwgk's CPU
time over the bare library's (medians): 1.00x is the library's own speed, the target is at most 1.5x.
The lines marked `check` say what each side read (tables, rows, items), to show they did the whole work.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

import lxml.html
import pdfplumber
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

import zwgk.mappings.readers.html  # noqa: F401  (imported before timing, as pdfplumber and lxml are)
import zwgk.mappings.readers.pdf  # noqa: F401
from zwgk.mappings.readers import READERS, ReadOptions, assemble

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

NCOLS, HEADER_ROWS = 12, 2
TOP = ["序号", "事项类别", "事项名称", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
       "公开对象", "", "公开方式", ""]
SUB = ["", "", "", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请"]
WIDTHS = (26, 58, 80, 100, 104, 76, 62, 88, 38, 40, 30, 36)


def probe(texts: list[str]) -> bool:
    """The mapping's header probe: the first header row."""
    return "序号" in texts and "事项名称" in texts and "公开对象" in texts


# ---------------------------------------------------------------------------------------------------
# The catalogue's content (the same items for both forms)
# ---------------------------------------------------------------------------------------------------

CATEGORIES = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励",
              "公共服务", "政策文件"]
NAMES = ["建设工程规划许可证核发", "乡村建设规划许可证核发", "临时用地审批", "土地复垦方案审查",
         "城镇污水排入排水管网许可", "食品经营许可", "最低生活保障金给付", "特困人员救助供养",
         "农村危房改造补助", "耕地占用税征收", "行政规范性文件解读", "重大行政决策公开"]
CONTENTS = ["办理依据", "办理条件", "申请材料", "办理流程", "办理时限", "收费标准", "咨询电话", "监督投诉",
            "处罚决定", "检查结果"]
BASES = ["《中华人民共和国政府信息公开条例》", "《中华人民共和国行政许可法》", "《中华人民共和国城乡规划法》",
         "《社会救助暂行办法》", "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"]
LIMITS = ["自信息形成或者变更之日起20个工作日内", "作出决定之日起7个工作日内", "实时更新", "每季度公开一次"]
SUBJECTS = ["县自然资源局", "县住房和城乡建设局", "县民政局", "县市场监督管理局", "县税务局", "各乡镇人民政府"]
CHANNELS = ["政府网站", "政务新媒体", "政务服务中心", "公开栏", "便民服务站", "新闻发布会", "广播电视"]


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def items(n: int) -> list[dict]:
    """n items in categories of 2–6 consecutive rows (the first-level column merged over them)."""
    rnd = random.Random(20240601)
    out, i, group = [], 0, 0
    while i < n:
        size = min(2 + group % 5, n - i)
        for k in range(size):
            i += 1
            contents = rnd.sample(CONTENTS, rnd.randint(1, 4))
            channels = rnd.sample(CHANNELS, rnd.randint(1, 3))
            whole = rnd.random() < 0.8
            active = rnd.random() < 0.9
            out.append({
                "no": str(i), "category": (CATEGORIES[group % len(CATEGORIES)], f"（第{group + 1}类）"),
                "span": size if k == 0 else 0,
                "name": NAMES[i % len(NAMES)] + f"（{i}）", "contents": [f"{j + 1}.{c}" for j, c in enumerate(contents)],
                "basis": rnd.choice(BASES), "limit": rnd.choice(LIMITS), "subject": rnd.choice(SUBJECTS),
                "channels": channels, "whole": whole, "active": active,
            })
        group += 1
    return out


# ---------------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------------

def pdf_rows(its: list[dict]) -> tuple[list[list[str]], list[tuple]]:
    """The table's rows (strings, "\\n" between printed lines) and its SPAN commands."""
    rows = [list(TOP), list(SUB)]
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(8)] + [("SPAN", (8, 0), (9, 0)), ("SPAN", (10, 0), (11, 0))]
    for it in its:
        y = len(rows)
        if it["span"] > 1:
            spans.append(("SPAN", (1, y), (1, y + it["span"] - 1)))
        rows.append([
            it["no"], "\n".join(it["category"]) if it["span"] else "",
            "\n".join(wrap(it["name"], 9)), "\n".join(it["contents"]), "\n".join(wrap(it["basis"], 12)),
            "\n".join(wrap(it["limit"], 8)), it["subject"], "\n".join(it["channels"]),
            "√" if it["whole"] else "", "" if it["whole"] else "√", "√" if it["active"] else "",
            "" if it["active"] else "√"])
    return rows, spans


def make_pdf(path: Path, nitems: int, ruled: bool = True) -> int:
    """Write the catalogue with `nitems` items (its table ruled, or printed without any line, as Excel
    prints a sheet without gridlines); return its number of pages."""
    rows, spans = pdf_rows(items(nitems))
    table = Table(rows, colWidths=WIDTHS, repeatRows=HEADER_ROWS)
    lines = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("BACKGROUND", (0, 0), (-1, 1), "#dddddd")] if ruled else []
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 7.5), ("LEADING", (0, 0), (-1, -1), 9),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, 1), "CENTER"),
                               *lines, *spans]))
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20)
    width, _ = landscape(A4)

    def page_number(c, doc):
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, 20, f"- {doc.page} -")

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=36, rightMargin=36, topMargin=36,
                            bottomMargin=36)
    doc.build([Paragraph("某某县基层政务公开标准目录", title), table, Paragraph("注：本目录每年更新一次。", title)],
              onFirstPage=page_number, onLaterPages=page_number)
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def pdf_for_pages(path: Path, pages: int, ruled: bool = True) -> tuple[int, int]:
    """Write a PDF of exactly `pages` pages (as near as the table's merges allow); (items, pages)."""
    n = max(1, pages * 12)
    tried: dict[int, int] = {}
    for _ in range(8):
        got = tried[n] = make_pdf(path, n, ruled)
        if got == pages:
            return n, got
        per_page = n / got
        n = max(1, round((pages - 0.5) * per_page))     # aim at the middle of the last page
        while n in tried:                               # (a step already taken: nudge by one item)
            n += 1 if tried[n] < pages else -1
    best = min(tried, key=lambda k: (abs(tried[k] - pages), -k))
    return best, make_pdf(path, best, ruled)


#: pdfplumber's settings for a table without lines: columns and rows from the text's alignments
TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def bare_pdf(path: Path, settings: dict | None = None) -> tuple[int, int]:
    """pdfplumber alone: every page's tables, extracted. (tables, rows)."""
    tables = rows = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for t in page.find_tables(settings or {}):
                rows += len(t.extract())
                tables += 1
            page.close()
    return tables, rows


# ---------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------

def box(on: bool) -> str:
    return "☑" if on else "☐"


def make_html(nitems: int, encoding: str, label: str) -> bytes:
    th = "".join(f'<th rowspan="2">{t}</th>' for t in TOP[:8])
    head = (f'<tr>{th}<th colspan="2">公开对象</th><th colspan="2">公开方式</th></tr>\n'
            f"<tr>{''.join(f'<th>{t}</th>' for t in SUB[8:])}</tr>")
    body = []
    for it in items(nitems):
        cat = ""
        if it["span"]:
            rs = f' rowspan="{it["span"]}"' if it["span"] > 1 else ""
            cat = f'<td{rs} style="text-align:center">{"<br>".join(it["category"])}</td>'
        channels = " ".join(f"{box(c in it['channels'])}{c}" for c in CHANNELS[:4])
        body.append(
            f'<tr><td align="center">{it["no"]}</td>{cat}<td>{it["name"]}</td><td>{"<br>".join(it["contents"])}</td>'
            f'<td>{it["basis"]}</td><td>{it["limit"]}</td><td>{it["subject"]}</td><td>{channels}</td>'
            f'<td align="center">{box(it["whole"])}</td><td align="center">{box(not it["whole"])}</td>'
            f'<td align="center">{box(it["active"])}</td><td align="center">{box(not it["active"])}</td></tr>')
    page = (f'<!DOCTYPE html>\n<html><head><meta charset="{label}"><title>某某县基层政务公开标准目录</title></head>\n'
            f'<body><div class="main"><h1>某某县基层政务公开标准目录</h1>\n<p>发布机构：某某县人民政府办公室　'
            f'发布日期：2024-06-01</p>\n<table border="1" cellspacing="0" width="100%">\n<thead>{head}</thead>\n'
            f"<tbody>\n" + "\n".join(body) + "\n</tbody></table>\n<p>注：本目录每年更新一次。</p></div></body></html>\n")
    return page.encode(encoding)


def bare_html(data: bytes, codec: str) -> tuple[int, int]:
    """lxml alone: decode, parse, every row's cells' text. (rows, cells)."""
    root = lxml.html.fromstring(data.decode(codec))
    rows = [[c.text_content() for c in tr.iterchildren("td", "th")] for tr in root.iter("tr")]
    return len(rows), sum(len(r) for r in rows)


# ---------------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------------

def timed(fn):
    """(cpu seconds, wall seconds, result) of one run, after a full collection."""
    gc.collect()
    c, w = time.process_time(), time.perf_counter()
    result = fn()
    return time.process_time() - c, time.perf_counter() - w, result


def zwgk_run(reader: str, label: str, path: Path):
    """zwgk's reader, then assemble on its Document: ((cpu, wall) read, (cpu, wall) assemble, doc, table)."""
    cpu, wall, doc = timed(lambda: READERS[reader](label, path, ReadOptions(NCOLS, HEADER_ROWS, probe)))
    c, w = time.process_time(), time.perf_counter()
    table = assemble(doc, NCOLS, HEADER_ROWS, probe)
    return (cpu, wall), (time.process_time() - c, time.perf_counter() - w), doc, table


def measure(bare, reader: str, label: str, path: Path, repeat: int) -> dict:
    """Interleaved runs of the bare library and of zwgk; lists of (cpu, wall) per kind."""
    out = {"bare": [], "read": [], "full": []}
    for i in range(repeat):
        for who in (("bare", "zwgk") if i % 2 == 0 else ("zwgk", "bare")):
            if who == "bare":
                cpu, wall, out["bare_result"] = timed(bare)
                out["bare"].append((cpu, wall))
            else:
                read, asm, out["doc"], out["table"] = zwgk_run(reader, label, path)
                out["read"].append(read)
                out["full"].append((read[0] + asm[0], read[1] + asm[1]))
    return out


def stat(runs: list[tuple[float, float]], k: int) -> tuple[float, float]:
    values = [r[k] for r in runs]
    return statistics.median(values), min(values)


def report(unit: str, count: int, res: dict, bare_label: str, repeat: int) -> None:
    print(f"  {'':44s} {'CPU s':>16s} {'wall s':>16s} {unit + '/s (CPU)':>14s} {unit + '/s (wall)':>15s}")
    for kind, name in (("bare", bare_label), ("read", "zwgk reader → Document"),
                       ("full", "zwgk reader + assemble → RawTable")):
        (cm, cn), (wm, wn) = stat(res[kind], 0), stat(res[kind], 1)
        print(f"  {name:44s} {cm:7.3f} ({cn:6.3f}) {wm:7.3f} ({wn:6.3f}) {count / cm:14.0f} {count / wm:15.0f}")
    bare_cpu, bare_wall = stat(res["bare"], 0)[0], stat(res["bare"], 1)[0]
    parts = []
    for kind, name in (("read", "reader"), ("full", "reader+assemble")):
        cpu, wall = stat(res[kind], 0)[0], stat(res[kind], 1)[0]
        parts.append(f"{name} {cpu / bare_cpu:.2f}x (wall {wall / bare_wall:.2f}x)")
    print(f"  ratio zwgk/{bare_label.split(':')[0]}, CPU time, medians of {repeat}: " + ",  ".join(parts)
          + "   (target ≤ 1.5x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=50, help="pages of the PDF table (default 50)")
    ap.add_argument("--rows", type=int, default=2000, help="item rows of the HTML table (default 2000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each reader, interleaved (default 3)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)

        # --- PDF: ruled, and printed without lines (pdfplumber's text strategy as the peer) ---
        for ruled, what, settings, peer in (
                (True, "ruled table", None, "pdfplumber: find_tables + extract"),
                (False, "table printed without lines", TEXT_STRATEGY, "pdfplumber: text strategy + extract")):
            t = time.perf_counter()
            pdf = work / ("目录.pdf" if ruled else "无框目录.pdf")
            nitems, pages = pdf_for_pages(pdf, args.pages, ruled)
            made = time.perf_counter() - t
            small = work / "small.pdf"
            make_pdf(small, 20, ruled)
            bare_pdf(small, settings), zwgk_run("pdf", "catalogues/small.pdf", small)       # warm-up, untimed
            print(f"\n== PDF, {what}: {pages} pages, {NCOLS} columns, {nitems} items, "
                  f"{pdf.stat().st_size / 1e6:.1f} MB (generated in {made:.1f} s); median of {args.repeat}, "
                  "min in brackets", flush=True)
            res = measure(lambda: bare_pdf(pdf, settings), "pdf", f"catalogues/{pdf.name}", pdf, args.repeat)
            report("pages", pages, res, peer, args.repeat)
            tables, rows = res["bare_result"]
            doc, table = res["doc"], res["table"]
            print(f"  check: pdfplumber {tables} page tables, {rows} rows; zwgk {len(doc.tables)} table(s) "
                  f"({', '.join(g.name for g in doc.tables)}), {sum(len(g.rows) for g in doc.tables)} rows, "
                  f"RawTable {len(table.header)} header rows + {len(table.rows)} items of {nitems}", flush=True)

        # --- HTML ---
        for codec, label in (("gb18030", "gb2312"), ("utf-8", "utf-8")):
            data = make_html(args.rows, codec, label)
            page = work / f"目录-{codec}.html"
            page.write_bytes(data)
            small = work / f"small-{codec}.html"
            small.write_bytes(make_html(20, codec, label))
            bare_html(small.read_bytes(), codec), zwgk_run("html", "catalogues/small.html", small)   # warm-up
            print(f"\n== HTML, {codec} (<meta charset=\"{label}\">): {args.rows} item rows, {NCOLS} columns, "
                  f"{len(data) / 1e6:.1f} MB; median of {args.repeat}, min in brackets", flush=True)
            res = measure(lambda: bare_html(data, codec), "html", f"catalogues/{page.name}", page, args.repeat)
            report("rows", args.rows, res, "lxml: fromstring + text_content", args.repeat)
            trs, cells = res["bare_result"]
            doc, table = res["doc"], res["table"]
            print(f"  check: lxml {trs} <tr>, {cells} cells; zwgk {len(doc.tables)} table(s), "
                  f"{sum(len(g.rows) for g in doc.tables)} rows × {doc.tables[0].width} columns "
                  f"(decoded as {doc.encoding}), RawTable {len(table.header)} header rows + {len(table.rows)} "
                  f"items of {args.rows}", flush=True)


if __name__ == "__main__":
    main()
