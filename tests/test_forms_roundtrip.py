"""Round trip: city-ybj published as a web page and as a PDF reads back to the project's expected records.

The cells and the real table structure are those of `test_docx_roundtrip` (the text extraction's cells,
merges rebuilt by `layout`). Rendered here:
  - a web page as agencies' sites serve it: GB18030 bytes declared `gb2312` in a <meta>, page metadata
    (发布日期, 来源, 索引号) above, the content table inside a layout table, rowspan/colspan, a <thead> of
    two rows, lines as <br> and <p>, check boxes in the forms pages use, row by row in turn (■/□ text,
    <input type=checkbox checked>, Wingdings private-use characters, þ/¨ of a lost Wingdings font,
    ☑/☐), ticks as √ ✓ ☑;
  - a PDF printed from Word: reportlab draws the table over several landscape pages with the two header
    rows repeated on every page, its merges as ruling lines, and cells wrapped in their columns.
The mapping files (tests/data/forms/city-ybj-html.yaml, -pdf.yaml) are the docx mapping with another
reader: whatever is inherited must come from the file's own merges.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from zwgk.mappings import load_mapping, read_catalogue

from .conftest import BASE
from . import test_docx_roundtrip as docx_roundtrip
from .test_docx_roundtrip import CHANNELS, HEADER, HEADER_ROWS, TICKS, assert_same_as_expected, extracted_rows, layout

FORMS = Path(__file__).parent / "data" / "forms"
_BOOKMARK = re.compile(r"\[bookmark: ([^\]]*)\]")


def spans(rows):
    return HEADER + layout(rows)


# ---------------------------------------------------------------------------------------------------
# web page
# ---------------------------------------------------------------------------------------------------

def html_cell(text: str, col: int, n: int) -> str:
    """A cell's content as a web page writes it; `n` (the row) picks the form."""
    anchors = "".join(f'<a name="{html.escape(b)}"></a>' for b in _BOOKMARK.findall(text))
    text = _BOOKMARK.sub("", text)
    if col in TICKS and text.strip() == "√":
        return ("√", "✓", "☑")[n % 3]
    lines = []
    for line in text.split("\n"):
        out = []
        for part in re.split(r"([■□])", line):
            if part in ("■", "□") and col == CHANNELS:
                on = part == "■"
                out.append([part,
                            '<input type="checkbox" checked="checked">' if on else '<input type="checkbox">',
                            "\uf0fe" if on else "\uf0a8",
                            '<span style="font-family:Wingdings">%s</span>' % ("þ" if on else "¨"),
                            "þ" if on else "¨",
                            "☑" if on else "☐"][n % 6])
            else:
                out.append(html.escape(part))
        lines.append("".join(out))
    sep = "<br>" if n % 2 == 0 else "</p><p>"
    body = sep.join(lines)
    return anchors + (body if n % 2 == 0 else f"<p>{body}</p>")


def render_html(path: Path, rows: list[list[str]]) -> None:
    all_spans = spans(rows)
    starts: dict[int, list] = {}
    for s in all_spans:
        starts.setdefault(s.row, []).append(s)
    trs = []
    for r in range(HEADER_ROWS + len(rows)):
        tds = []
        for s in sorted(starts.get(r, []), key=lambda s: s.col):
            attrs = (f' rowspan="{s.rows}"' if s.rows > 1 else "") + (f" colspan={s.cols}" if s.cols > 1 else "")
            tag = "th" if r < HEADER_ROWS else "td"
            content = html.escape(s.text) if r < HEADER_ROWS else html_cell(s.text, s.col, s.row)
            tds.append(f"<{tag}{attrs}>{content} </{tag}>")
        trs.append("<tr>" + "".join(tds) + "</tr>")
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>市医疗保障局政务公开事项标准目录</title><style>td {{ border: 1px solid }}</style>
<script>var x = "<table><tr><td>not a table</td></tr></table>";</script></head>
<body><table class="layout"><tr><td>
<h1>市医疗保障局政务公开事项标准目录</h1>
<p>发布日期：2023-05-06　来源：市医疗保障局　索引号：11330200MB1234567X/2023-00012</p>
<table border="1" cellspacing="0">
<thead>{"".join(trs[:HEADER_ROWS])}</thead>
<tbody>{"".join(trs[HEADER_ROWS:])}</tbody>
</table>
<p>注：本目录动态调整。</p>
</td></tr></table></body></html>"""
    path.write_bytes(page.encode("gb18030"))


def read_rendered(tmp: Path, name: str, render):
    return docx_roundtrip.read_rendered(tmp, name, render, FORMS)


def test_city_ybj_from_a_web_page_equals_its_text_extraction(tmp_path):
    cat = read_rendered(tmp_path, "city-ybj-html", render_html)
    assert_same_as_expected(cat)
    first, last = cat.records[0], cat.records[-1]
    assert (first.source_lines, first.source_fragment) == ("3", "table=1&row=3")   # the layout table around it is not counted
    assert (last.source_lines, last.source_fragment) == ("46", "table=1&row=46")
    assert cat.table.preamble[0] == "市医疗保障局政务公开事项标准目录"
    assert cat.table.trailer == ["注：本目录动态调整。"]
    assert cat.table.encoding == "gb18030"


def test_the_web_page_fixture_uses_real_html_structure(tmp_path):
    render_html(tmp_path / "c.html", extracted_rows())
    page = (tmp_path / "c.html").read_bytes().decode("gb18030")
    assert page.count("rowspan=") > 20 and page.count("colspan=") > 10 and "<input" in page
    assert "\uf0fe" in page and "þ" in page and "<br>" in page and "<p>" in page


# ---------------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------------

def render_pdf(path: Path, rows: list[list[str]]) -> None:
    """The table over as many pages as it takes, the two header rows on each, as Word prints it: a
    vertical merge crossing a page break goes on as a blank merged cell at the top of the next page."""
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6, leading=7.5, wordWrap="CJK")
    widths = [w * 1.45 for w in (22, 30, 62, 62, 118, 104, 62, 50, 62, 24, 24, 24, 24, 52)]
    all_spans = spans(rows)
    total = HEADER_ROWS + len(rows)

    def page_table(first: int, end: int, title: bool) -> Table:
        """Header rows plus body rows first … end-1; merges clipped to them (text in the first part only)."""
        keep = list(range(HEADER_ROWS)) + list(range(first, end))
        at = {r: k for k, r in enumerate(keep)}
        grid = [["" for _ in widths] for _ in keep]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for s in all_spans:
            rows_in = [r for r in range(s.row, s.row + s.rows) if r in at]
            if not rows_in:
                continue
            top, bottom = at[rows_in[0]], at[rows_in[-1]]
            if rows_in[0] == s.row:
                text = _BOOKMARK.sub("", s.text)
                grid[top][s.col] = Paragraph(html.escape(text).replace("\n", "<br/>"), style)
            if bottom > top or s.cols > 1:
                commands.append(("SPAN", (s.col, top), (s.col + s.cols - 1, bottom)))
        return Table(grid, colWidths=widths, style=TableStyle(commands), repeatRows=HEADER_ROWS)

    frame = landscape(A3)[1] - 72 - 24          # page height less margins, title room
    story = [Paragraph("市医疗保障局政务公开事项标准目录", ParagraphStyle("t", fontName="STSong-Light", fontSize=12))]
    first = HEADER_ROWS
    while first < total:
        end = first + 1
        while end < total and page_table(first, end + 1, False).wrap(1150, frame)[1] <= 0.8 * frame:
            end += 1
        story += [page_table(first, end, False), PageBreak()]
        first = end
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A3), leftMargin=20, rightMargin=20)
    doc.build(story[:-1])


def test_city_ybj_from_a_pdf_equals_its_text_extraction(tmp_path):
    cat = read_rendered(tmp_path, "city-ybj-pdf", render_pdf)
    assert_same_as_expected(cat)
    first = cat.records[0]
    assert first.source_fragment == "page=1&table=1&row=3"
    pages = {r.source_fragment.split("&")[0] for r in cat.records}
    assert len(pages) > 2, pages        # the table runs over several pages, read as one
    assert cat.table.preamble == ["市医疗保障局政务公开事项标准目录"]
