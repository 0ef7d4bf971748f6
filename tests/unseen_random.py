"""Random catalogues for `zwgk mapping draft`: many layouts from one seed, to check that the draft's rules
are general rather than fitted to the hand-made catalogues of tests/unseen.py.

A seed picks: one table or one per domain (each with a "X、YY领域基层政务公开标准目录" title); one or two
header rows (公开事项 over the levels, 公开对象 / 公开方式 / 公开层级 over tick columns); two or three
category levels; the header wordings (synonyms agencies use); which optional columns there are (公开层级,
更新频率, 责任科室, 咨询电话) and their order after the name; tick columns or text columns for
公开对象 / 公开属性 / 公开层级; the tick glyph; how a channel list is written (、 ， space, numbered, one per
line); whether 公开依据 / 公开时限 / 公开主体 are merged over the whole table, over each first level or not at
all; legal bases with articles or document numbers. The table is one grid of cells with row and column
spans, written as a web page (rowspan/colspan), its text copy (merged cells lost, the rest shifted left), a
Word document (real merges), an Excel workbook (merged ranges, a sheet per table), or printed to PDF on
landscape pages (cells wrapped to their column's width, rows never cut): as Word prints it (every cell
ruled, text at the top, the header again on every page) or as Excel prints it without gridlines (a sheet
from a new page in its own column widths, text in the middle of its rows or at their top, a merged cell's
text in the middle of all its rows, the header repeated or not).

The key of each item is derived from the same choices (what each cell means), not from reading the file.

    random_catalogue(seed, form) -> (make(path), file name, key, fields)
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

#: the forms: a web page, its text copy, Word, Excel, and the same tables printed to PDF as Word prints them
#: (ruled) and as Excel does without gridlines
FORMS = ("html", "text", "docx", "xlsx", "xls", "pdf", "pdf-borderless")

LEVEL1 = ["一级事项", "事项类别", "一级目录", "目录类别"]
LEVEL2_NAME = ["二级事项", "事项名称", "二级目录", "目录名称"]
LEVEL2_SUB = ["二级事项", "二级目录"]
LEVEL3 = ["三级事项", "三级目录"]
HEADERS = {
    "content": ["公开内容", "公开内容（要素）", "公开内容和标准"],
    "legal": ["公开依据", "政策依据", "法律依据"],
    "time_limit": ["公开时限", "时限"],
    "subject": ["公开主体", "责任主体", "公开单位"],
    "responsible_unit": ["责任科室", "责任单位", "承办科室", "责任科室（单位）"],
    "channels": ["公开渠道", "公开渠道和载体", "公开载体", "发布渠道"],
    "update_frequency": ["更新频率", "更新频次", "更新周期"],
    "phones": ["咨询电话", "联系电话", "咨询及监督举报电话"],
    "audience": ["公开对象", "公开范围"],
    "disclosure_type": ["公开属性", "公开方式", "公开类型"],
    "level": ["公开层级"],
}
FIRST = ["社会救助", "养老服务", "安全监管", "事故处理", "户籍办理", "补贴发放", "就业服务", "机构信息", "财政资金",
         "规划管理", "执法监督", "医疗服务"]
SECOND = ["低保", "特困供养", "临时救助", "行政检查", "行政处罚", "预警信息", "补贴标准", "登记管理", "资金使用",
          "项目审批", "监督检查", "投诉举报"]
LEAF = ["办理流程", "申请条件", "审批结果", "对象名单", "资金发放", "政策文件", "检查结果", "投诉处理", "服务指南",
        "工作动态", "统计数据", "标准规范"]
DOMAINS = ["安全生产", "救灾", "社会救助", "养老服务", "户籍管理", "涉农补贴", "就业", "城乡规划"]
#: (cell text, identifiers with articles)
LAWS = [("《中华人民共和国安全生产法》", [("中华人民共和国安全生产法", ())]),
        ("《社会救助暂行办法》（国务院令第649号）", [("国务院令第649号", ())]),
        ("《中华人民共和国政府信息公开条例》第二十条、第二十一条", [("中华人民共和国政府信息公开条例", ("20", "21"))]),
        ("国办发[2017]47号", [("国办发〔2017〕47号", ())]),
        ("《自然灾害救助条例》《中华人民共和国行政许可法》", [("自然灾害救助条例", ()), ("中华人民共和国行政许可法", ())])]
LIMITS = ["自信息形成之日起20个工作日内", "每年1月31日前", "信息变更之日起10个工作日内", "实时", "每季度"]
CHANNELS = ["政府网站", "信息公告栏", "政务微信", "便民服务中心", "政府公报", "广播", "政务微博"]
FREQUENCIES = ["实时", "每月", "每季度", "1次/年", "常态化"]
OFFICES = ["办公室", "社会事务办", "综合执法队", "财政所", "便民服务站"]
PHONES = ["0571-86012345", "0571-86019876"]


@dataclass
class Cell:
    text: str
    rows: int = 1
    cols: int = 1


def channel_text(rng: random.Random, chosen: list[str]) -> str:
    style = rng.choice(["、", "，", " ", "numbered", "lines"])
    if style == "numbered":
        return " ".join(f"{i}.{c}" for i, c in enumerate(chosen, 1))
    if style == "lines":
        return "\n".join(chosen)
    return style.join(chosen)


def random_catalogue(seed: int, form: str):
    """(make(path), file name, key, fields) of catalogue `seed` in `form`."""
    rng = random.Random(seed)
    levels = rng.choice([2, 3])
    two_rows = rng.random() < 0.6
    ticks = {r: two_rows and rng.random() < 0.7 for r in ("audience", "disclosure_type", "level")}
    optional = [r for r in ("level", "update_frequency", "responsible_unit", "phones") if rng.random() < 0.5]
    middle = ["legal", "time_limit", "subject", "channels"] + [r for r in optional if r != "level"]
    rng.shuffle(middle)
    concept = ["audience", "disclosure_type"] + (["level"] if "level" in optional else [])
    merge_mode = rng.choice(["table", "first", "none"])
    tick = rng.choice(["√", "✓", "■"])
    domains = rng.sample(DOMAINS, rng.choice([1, 2, 3]))
    headers = {k: rng.choice(v) for k, v in HEADERS.items()}
    lv = [rng.choice(LEVEL1)] + ([rng.choice(LEVEL2_SUB), rng.choice(LEVEL3)] if levels == 3
                                 else [rng.choice(LEVEL2_NAME)])
    if lv[0] in ("目录类别", "事项类别") and lv[1] in ("二级目录", "二级事项") and levels == 2:
        lv[1] = "事项名称" if lv[0] == "事项类别" else "目录名称"

    # the header: (upper cells, lower cells) over the columns
    columns: list[tuple[str, str | None]] = [("seq", None)] + [("cat", str(i)) for i in range(levels)] + \
        [("content", None)] + [(r, None) for r in middle]
    options = {"audience": ["全社会", "特定群众"], "disclosure_type": ["主动", "依申请"], "level": ["县级", "乡级"]}
    for r in concept:
        columns += [(r, o) for o in options[r]] if ticks[r] else [(r, None)]
    width = len(columns)
    upper: list[Cell | None] = []
    lower: list[Cell | None] = []
    i = 0
    while i < width:
        role, opt = columns[i]
        if role == "seq":
            text = "序号"
        elif role == "cat":
            if two_rows:
                upper.append(Cell("公开事项", 1, levels))
                upper += [None] * (levels - 1)
                lower += [Cell(t) for t in lv]
                i += levels
                continue
            text = lv[int(opt)]
        elif opt is not None:
            upper.append(Cell(headers[role], 1, len(options[role])))
            upper += [None] * (len(options[role]) - 1)
            lower += [Cell(o) for o in options[role]]
            i += len(options[role])
            continue
        else:
            text = headers[role]
        upper.append(Cell(text, 2 if two_rows else 1))
        lower.append(None)
        i += 1
    header = [upper, lower] if two_rows else [upper]

    key: list[dict] = []
    tables = []
    used_names: set[str] = set()
    for d_no, domain in enumerate(domains):
        plan = []
        for f in rng.sample(FIRST, rng.randint(1, 3)):
            subs = []
            for s in rng.sample(SECOND, rng.randint(1, 2)):
                if levels == 3:
                    leaves = [f"{s}{x}" for x in rng.sample(LEAF, rng.randint(1, 3))]
                    leaves = [n for n in leaves if n not in used_names]
                    used_names.update(leaves)
                    subs.append((s, leaves))
                else:
                    name = f"{f}{s}"
                    if name not in used_names:
                        used_names.add(name)
                        subs.append((s, [name]))
            if any(leaves for _, leaves in subs):
                plan.append((f, [(s, leaves) for s, leaves in subs if leaves]))
        n_table = sum(len(leaves) for _, subs in plan for _, leaves in subs)
        rows: list[list[Cell | None]] = []
        shared = {"legal": rng.randrange(len(LAWS)), "time_limit": rng.randrange(len(LIMITS)),
                  "subject": "某镇人民政府"}
        seq = 1
        for f, subs in plan:
            n_first = sum(len(leaves) for _, leaves in subs)
            per_first = {"legal": rng.randrange(len(LAWS)), "time_limit": rng.randrange(len(LIMITS)),
                         "subject": rng.choice(["某镇人民政府", "某镇社会事务办"])}
            top_first = True
            for s, leaves in subs:
                top_second = True
                for name in leaves:
                    top_table = not rows
                    item = {"name": name, "category": ((domain,) if len(domains) > 1 else ()) +
                            ((f, s) if levels == 3 else (f,))}
                    row: list[Cell | None] = []
                    for role, opt in columns:
                        if role == "seq":
                            row.append(Cell(str(seq)))
                        elif role == "cat":
                            k = int(opt)
                            if k == 0:
                                row.append(Cell(f, n_first) if top_first else None)
                            elif k == 1 and levels == 3:
                                row.append(Cell(s, len(leaves)) if top_second else None)
                            else:
                                row.append(Cell(name))
                        elif role == "content":
                            text = f"{name}的{'、'.join(rng.sample(['依据', '流程', '结果', '标准', '名单'], 2))}"
                            item["content"] = text
                            row.append(Cell(text))
                        elif role in ("legal", "time_limit", "subject"):
                            if merge_mode == "table":
                                value, span, top = shared[role], n_table, top_table
                            elif merge_mode == "first":
                                value, span, top = per_first[role], n_first, top_first
                            else:
                                value = {"legal": rng.randrange(len(LAWS)), "time_limit": rng.randrange(len(LIMITS)),
                                         "subject": "某镇人民政府"}[role]
                                span, top = 1, True
                            text = LAWS[value][0] if role == "legal" else LIMITS[value] if role == "time_limit" \
                                else value
                            item[role] = LAWS[value][1] if role == "legal" else text
                            row.append(Cell(text, span) if top else None)
                        elif role == "channels":
                            chosen = rng.sample(CHANNELS, rng.randint(1, 3))
                            item["channels"] = chosen
                            row.append(Cell(channel_text(rng, chosen)))
                        elif role == "update_frequency":
                            item[role] = rng.choice(FREQUENCIES)
                            row.append(Cell(item[role]))
                        elif role == "responsible_unit":
                            item[role] = rng.choice(OFFICES)
                            row.append(Cell(item[role]))
                        elif role == "phones":
                            item[role] = [rng.choice(PHONES)]
                            row.append(Cell(item[role][0]))
                        elif opt is not None:           # a tick column
                            labels = item.setdefault(role, [])
                            if role == "level":
                                on = rng.random() < 0.6 or (opt == "乡级" and not labels)
                            else:
                                on = (opt == options[role][0]) == (rng.random() < 0.75)
                            if on:
                                labels.append({"主动": "主动公开", "依申请": "依申请公开"}.get(opt, opt))
                            row.append(Cell(tick if on else ""))
                        else:                           # a text column of one label
                            label = rng.choice(options[role]) if role != "level" else \
                                rng.choice(["县级", "乡级", "县级、乡级"])
                            item[role] = [{"主动": "主动公开", "依申请": "依申请公开"}.get(x, x)
                                          for x in label.split("、")]
                            row.append(Cell({"主动": "主动公开", "依申请": "依申请公开"}.get(label, label)))
                    rows.append(row)
                    key.append(item)
                    seq, top_first, top_second = seq + 1, False, False
        title = f"{'一二三四'[d_no]}、{domain}领域基层政务公开标准目录" if len(domains) > 1 else None
        tables.append((title, rows))
    # an item whose tick row has no tick keeps no label: the key has an empty list then
    fields = ("category", "content", "legal", "time_limit", "subject", "channels", "audience",
              "disclosure_type") + tuple(r for r in ("level", "update_frequency", "responsible_unit", "phones")
                                         if r in optional)
    for item in key:
        for r in ("audience", "disclosure_type", "level"):
            item.setdefault(r, [])
    name = f"random-{seed}." + {"html": "html", "text": "txt", "docx": "docx", "xlsx": "xlsx", "xls": "xls", "pdf": "pdf",
                                "pdf-borderless": "pdf"}[form]
    catalogue_title = "某县某镇基层政务公开标准目录" if len(domains) > 1 else "某县某镇政务公开事项目录"

    def make(path: Path) -> None:
        if form == "pdf-borderless":
            write_excel_pdf(path, catalogue_title, header, tables, width, seed)
        else:
            WRITERS[form](path, catalogue_title, header, tables, width)
    return make, name, key, fields


def origins(grid: list[list[Cell | None]]):
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                yield r, c, cell


def write_html(path: Path, title: str, header, tables, width: int) -> None:
    out = [f"<html><head><meta charset=utf-8><title>{title}</title></head><body><h2>{title}</h2>"]
    for t_title, rows in tables:
        out.append("<table border=1>")
        if t_title:
            out.append(f"<tr><td colspan={width}>{t_title}</td></tr>")
        for row in header + rows:
            tds = "".join(f"<td rowspan={c.rows} colspan={c.cols}>{c.text.replace(chr(10), '<br>')}</td>"
                          for c in row if c is not None)
            out.append(f"<tr>{tds}</tr>")
        out.append("</table>")
    path.write_text("\n".join(out) + "</body></html>", encoding="utf-8")


def write_text(path: Path, title: str, header, tables, width: int) -> None:
    """What selecting the web page's table and pasting it as text gives: cells covered by a merge are not
    printed, a line break inside a cell becomes a space."""
    lines = [title]
    for t_title, rows in tables:
        if t_title:
            lines.append(t_title)
        lines += ["\t".join(c.text.replace("\n", " ") for c in row if c is not None) for row in header + rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(path: Path, title: str, header, tables, width: int) -> None:
    from docx import Document
    doc = Document()
    doc.add_paragraph(title)
    for t_title, rows in tables:
        if t_title:
            doc.add_paragraph(t_title)
        grid = header + rows
        t = doc.add_table(rows=len(grid), cols=width)
        t.style = "Table Grid"
        for r, c, cell in origins(grid):
            if cell.rows > 1 or cell.cols > 1:
                t.cell(r, c).merge(t.cell(r + cell.rows - 1, c + cell.cols - 1))
            t.cell(r, c).text = cell.text
    doc.save(path)


def write_xlsx(path: Path, title: str, header, tables, width: int) -> None:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for n, (t_title, rows) in enumerate(tables, 1):
        ws = wb.create_sheet(f"表{n}")
        ws.cell(1, 1, t_title or title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        for r, c, cell in origins(header + rows):
            ws.cell(r + 2, c + 1, cell.text)
            if cell.rows > 1 or cell.cols > 1:
                ws.merge_cells(start_row=r + 2, start_column=c + 1, end_row=r + 1 + cell.rows,
                               end_column=c + cell.cols)
    wb.save(path)




def write_xls(path: Path, title: str, header, tables, width: int) -> None:
    """As write_xlsx, in Excel 97-2003's format (xlwt)."""
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    for n, (t_title, rows) in enumerate(tables, 1):
        ws = wb.add_sheet(f"表{n}")
        ws.write_merge(0, 0, 0, width - 1, t_title or title)
        for r, c, cell in origins(header + rows):
            if cell.rows > 1 or cell.cols > 1:
                ws.write_merge(r + 1, r + cell.rows, c, c + cell.cols - 1, cell.text)
            else:
                ws.write(r + 1, c, cell.text)
    wb.save(str(path))


# -- PDF: the grid laid out on pages as Word and Excel print it (reportlab) -------------------------------

PDF_FONT = "STSong-Light"
PAGE_W, PAGE_H = 842.0, 595.0      # A4 landscape, in points
MARGIN, SIZE, LEAD, PAD = 40.0, 9.0, 12.0, 3.0


def _wrap(text: str, width: float) -> list[str]:
    """The lines a cell of `width` points prints `text` in: its own line breaks, then a break before the
    character that would cross the cell's edge (Chinese wraps between any two characters)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    out = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and stringWidth(line + ch, PDF_FONT, SIZE) > width - 2 * PAD:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return [ln for ln in out if ln] if text else []


def _widths(grid, width: int) -> list[float]:
    """Column widths as an agency sets them: narrow for numbers and ticks, wider for long texts, the whole
    fitting the page."""
    want = [30.0] * width
    for _, c, cell in origins(grid):
        if cell.cols == 1:
            longest = max((len(p) for p in cell.text.split("\n")), default=0)
            want[c] = max(want[c], min(22.0 + SIZE * longest, 150.0))
    scale = (PAGE_W - 2 * MARGIN) / sum(want)
    return [w * scale for w in want]


def write_pdf(path: Path, title: str, header, tables, width: int, *, ruled: bool, valign: str = "top",
              repeat: bool = True, sheet_per_page: bool = False) -> None:
    """Print the tables: `ruled` draws every cell's box as Word's Table Grid does (else no line at all, as
    Excel prints without gridlines); text at the top of its cell (`valign` "top") or in the middle of its
    cell's rows, a merged cell's across pages (Excel); rows are never cut; the header rows again on every
    page (`repeat`); each table on a page of its own (`sheet_per_page`: Excel's sheets) or after the one
    before; a page number at each page's foot."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    bottom = PAGE_H - MARGIN - 20
    pages: list[list] = [[]]   # per page: ("text", x, top, text, centred, size) and ("box", x0, top, x1, bottom)
    y = MARGIN

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = MARGIN

    pages[0].append(("text", PAGE_W / 2, y + 14, title, True, 14))
    y += 30
    for n, (t_title, rows) in enumerate(tables):
        grid = header + rows
        ws = _widths(grid, width)
        xs = [MARGIN + sum(ws[:i]) for i in range(width + 1)]
        lines = {}
        heights = [LEAD + 2 * PAD] * len(grid)
        for r, col, cell in origins(grid):
            lines[r, col] = _wrap(cell.text, xs[col + cell.cols] - xs[col])
            if cell.rows == 1:
                heights[r] = max(heights[r], len(lines[r, col]) * LEAD + 2 * PAD)
        for r, col, cell in origins(grid):     # a merged cell's text needs its rows' height
            need = len(lines[r, col]) * LEAD + 2 * PAD - sum(heights[r:r + cell.rows])
            if need > 0:
                heights[r + cell.rows - 1] += need
        if n and sheet_per_page and pages[-1]:
            new_page()
        if t_title:
            if y + 20 + sum(heights[:len(header) + 1]) > bottom:
                new_page()
            pages[-1].append(("text", MARGIN, y + 12, t_title, False, 11))
            y += 20
        # place the rows: row → (page, top); the header rows again at the top of every new page
        place: dict[int, tuple[int, float]] = {}
        repeated: list[tuple[int, int, float]] = []      # (page, header row, top)
        for r, h in enumerate(heights):
            if r >= len(header) and y + h > bottom:
                new_page()
                if repeat:
                    for hr in range(len(header)):
                        repeated.append((len(pages) - 1, hr, y))
                        y += heights[hr]
            place[r] = (len(pages) - 1, y)
            y += h
        y += 16

        def draw_cell(r: int, col: int, cell, where: dict[int, tuple[int, float]]) -> None:
            span = list(range(r, r + cell.rows))
            x0, x1 = xs[col], xs[col + cell.cols]
            centred = cell.cols > 1 or r < len(header) or len(cell.text) == 1
            tx = (x0 + x1) / 2 if centred else x0 + PAD
            text_lines = [ln.replace("✓", "√") for ln in lines[r, col]]   # (a glyph the PDF font lacks)
            if valign == "top":     # Word: from the top of the cell, on into the next page's part if need be
                k = 0
                for rr in span:
                    page, top = where[rr]
                    if rr == r or where[rr - 1][0] != page:
                        fit = max(1, int((sum(heights[q] for q in span if where[q][0] == page) - 2 * PAD) // LEAD))
                        for j, ln in enumerate(text_lines[k:k + fit], 1):
                            pages[page].append(("text", tx, top + PAD + LEAD * j - 2.5, ln, centred, SIZE))
                        k += fit
            else:                   # Excel: in the middle of all its rows, wherever that falls
                total = sum(heights[q] for q in span)
                first = (total - len(text_lines) * LEAD) / 2
                for k, ln in enumerate(text_lines):
                    off = first + (k + 1) * LEAD - 2.5
                    for rr in span:
                        if off <= heights[rr] or rr == span[-1]:
                            page, top = where[rr]
                            pages[page].append(("text", tx, top + off, ln, centred, SIZE))
                            break
                        off -= heights[rr]
            if ruled:               # its box on each page it reaches
                for page in sorted({where[q][0] for q in span}):
                    mine = [q for q in span if where[q][0] == page]
                    top = where[mine[0]][1]
                    pages[page].append(("box", x0, top, x1, top + sum(heights[q] for q in mine)))

        for r, col, cell in origins(grid):
            draw_cell(r, col, cell, place)
        for page, hr, top in repeated:
            for col, cell in enumerate(header[hr]):
                if cell is not None:
                    draw_cell(hr, col, cell, {q: (page, top + sum(heights[hr:q])) for q in range(hr, hr + cell.rows)})
    for number, items in enumerate(pages, 1):
        for it in items:
            if it[0] == "text":
                _, x, top, s, centred, size = it
                c.setFont(PDF_FONT, size)
                (c.drawCentredString if centred else c.drawString)(x, PAGE_H - top, s)
            else:
                _, x0, y0, x1, y1 = it
                c.setLineWidth(0.5)
                c.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0, stroke=1, fill=0)
        c.setFont(PDF_FONT, SIZE)
        c.drawCentredString(PAGE_W / 2, 24, f"- {number} -")
        c.showPage()
    c.save()


def write_word_pdf(path: Path, title: str, header, tables, width: int) -> None:
    """As Word prints the document: every cell's box ruled, text at the top, the header on every page."""
    write_pdf(path, title, header, tables, width, ruled=True)


def write_excel_pdf(path: Path, title: str, header, tables, width: int, seed: int = 0) -> None:
    """As Excel prints the workbook without gridlines: a sheet from a new page, text in the middle of its
    rows or at their top, the header rows printed again on every page or not (a print title or none)."""
    rng = random.Random(f"excel-print-{seed}")
    write_pdf(path, title, header, tables, width, ruled=False, valign=rng.choice(["middle", "top"]),
              repeat=rng.random() < 0.7, sheet_per_page=True)


WRITERS = {"html": write_html, "text": write_text, "docx": write_docx, "xlsx": write_xlsx, "xls": write_xls,
           "pdf": write_word_pdf, "pdf-borderless": write_excel_pdf}
