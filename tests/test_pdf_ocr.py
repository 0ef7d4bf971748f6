"""Catalogues published as OCR'd scans: a scanned page image with an invisible text layer over it, as
Tesseract/ocrmypdf, ABBYY or Acrobat write it (mappings/readers/pdf.py, pdfgrid.py).

The documents are drawn here with reportlab: a grey image covering the page (the scan), and over it the
text layer in render mode 3 (invisible), word by word as Tesseract writes Chinese (words of one to three
characters, a space after each, the word and its space stretched over the word's ink box), at the places a
table printed without ruling lines puts them (the lines are in the image). Each case is read with the
mapping `zwgk mapping draft` writes for it, unedited.
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.draft import draft_mapping, load_dictionary, probe0, render
from zwgk.mappings.readers.base import ReadOptions
from zwgk.mappings.readers.pdf import read_pdf

from .conftest import BASE

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = 842, 595
COLS = [("序号", 30), ("一级事项", 80), ("二级事项", 90), ("公开内容", 150), ("公开依据", 200), ("公开时限", 110),
        ("公开方式", 50)]
ROWS = [["1", "机构信息", "机构职能", "机构名称、职能、地址", "《中华人民共和国政府信息公开条例》第二十条",
         "变更之日起20个工作日内", "主动"],
        ["2", "机构信息", "领导信息", "领导姓名、职务、分工", "《中华人民共和国政府信息公开条例》第二十条",
         "变更之日起20个工作日内", "主动"],
        ["3", "政策文件", "规范性文件", "文件名称、文号、全文", "《中华人民共和国政府信息公开条例》第二十条",
         "印发之日起20个工作日内", "主动"],
        ["4", "财政信息", "部门预算", "预算报告、预算表格", "《中华人民共和国预算法》第十四条", "批复后20日内", "主动"]]


def ocr_words(text: str) -> list[str]:
    """Tesseract's words of a Chinese line: digits and Latin letters whole, Chinese by two characters."""
    return [w for run in re.findall(r"[0-9A-Za-z]+|[^0-9A-Za-z]+", text)
            for w in ([run] if run.isascii() else [run[i:i + 2] for i in range(0, len(run), 2)])]


def ocr_line(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """`text` as an OCR layer writes it: each word, and a space after it but the last, stretched over the
    word's ink box (a little narrower than the word as printed), invisible."""
    words = ocr_words(text)
    k = 0
    for n, w in enumerate(words):
        s = w + (" " if n + 1 < len(words) else "")
        box = pdfmetrics.stringWidth(w, FONT, size) - 0.8
        t = c.beginText()
        t.setTextRenderMode(3)
        t.setFont(FONT, size)
        t.setHorizScale(100 * box / pdfmetrics.stringWidth(s, FONT, size))
        t.setTextOrigin(x + pdfmetrics.stringWidth(text[:k], FONT, size) + 0.4, y)
        t.textOut(s)
        c.drawText(t)
        k += len(w)


def skewed_line(angle: float):
    """A line writer for a scan that was not deskewed: each line's text (one word, as an OCR engine that writes
    lines whole does) along the scan's baseline, turned by `angle` degrees about the page's centre."""
    a = math.radians(angle)

    def line(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
        dx, dy = x - W / 2, y - H / 2
        t = c.beginText()
        t.setTextRenderMode(3)
        t.setFont(FONT, size)
        t.setTextTransform(math.cos(a), math.sin(a), -math.sin(a), math.cos(a),
                           W / 2 + dx * math.cos(a) - dy * math.sin(a), H / 2 + dx * math.sin(a) + dy * math.cos(a))
        t.textOut(text)
        c.drawText(t)
    return line


def scan(c: canvas.Canvas) -> None:
    """The scanned page: an image covering it (grey: what it shows does not matter here)."""
    buf = io.BytesIO()
    Image.new("L", (84, 60), 235).save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, W, H)


def build(path: Path, line=ocr_line, image: bool = True, step: float = 40, pages=None) -> Path:
    """A scan of the table: `pages`, each a header (the column titles) and its rows, else COLS over ROWS."""
    c = canvas.Canvas(str(path), pagesize=(W, H))
    for n, (header, rows) in enumerate(pages or [([h for h, _ in COLS], ROWS)]):
        if image:
            scan(c)
        if n == 0:
            line(c, "某县卫生健康委员会政务公开标准目录", 280, 540, 16)
        y, x = 500, 40
        for h, (_, w) in zip(header, COLS):
            line(c, h, x + 4, y, 10)
            x += w
        for r in rows:
            y -= step
            x = 40
            for (_, w), v in zip(COLS, r):
                line(c, v, x + 4, y, 9)
                x += w
        c.showPage()
    c.save()
    return path


def read_drafted(path: Path):
    """The catalogue read with the mapping `zwgk mapping draft` writes for it, unedited."""
    text = render(draft_mapping(path, "ocr"))
    (path.parent / "ocr.yaml").write_text(text, encoding="utf-8")
    return text, read_catalogue(load_mapping(path.parent / "ocr.yaml"), path.parent, BASE)


def test_spaces_between_chinese_words_of_an_ocr_layer_are_no_word_boundaries(tmp_path):
    # 一级 事项 is one header cell, 机构 职能 one name: the columns and cells of the paper
    text, cat = read_drafted(build(tmp_path / "scan.pdf"))
    assert "header: [一级事项]" in text and "header: [公开内容]" in text
    assert [(r.seq, r.name, list(r.category)) for r in cat.records] == [
        ("1", "机构职能", ["机构信息"]), ("2", "领导信息", ["机构信息"]), ("3", "规范性文件", ["政策文件"]),
        ("4", "部门预算", ["财政信息"])]
    assert cat.records[0].content == "机构名称、职能、地址"
    # a space beside a digit stays: not between two Chinese characters
    assert [r.time_limit.text for r in cat.records][3] == "批复后 20 日内"


def test_a_space_between_chinese_words_of_a_page_that_is_no_scan_is_kept(tmp_path):
    # the same invisible words without the page image: no OCR layer over a scan, its spaces are the text's
    # (kept in the cells' text; the columns are still the cells', a space inside a cell's line no room between
    # two columns)
    doc = read_pdf("catalogues/text.pdf", build(tmp_path / "text.pdf", image=False),
                   ReadOptions(header_probe=probe0(load_dictionary())))
    rows = doc.tables[0].rows
    assert [c.text for c in rows[0]][:3] == ["序号", "一级 事项", "二级 事项"]
    assert [c.text for c in rows[1]][:4] == ["1", "机构 信息", "机构 职能", "机构 名称 、职 能、 地址"]


def test_a_scan_not_deskewed_is_read_turned_back(tmp_path):
    # at 1° a line drifts 12 pt across the table, half a row: its cells would fall on other rows than its number's
    text, cat = read_drafted(build(tmp_path / "skewed.pdf", line=skewed_line(1), step=24))
    assert [(r.seq, r.name, list(r.category), r.time_limit.text) for r in cat.records] == [
        ("1", "机构职能", ["机构信息"], "变更之日起20个工作日内"), ("2", "领导信息", ["机构信息"], "变更之日起20个工作日内"),
        ("3", "规范性文件", ["政策文件"], "印发之日起20个工作日内"), ("4", "部门预算", ["财政信息"], "批复后20日内")]
    _, cat = read_drafted(build(tmp_path / "skewed-back.pdf", line=skewed_line(-1), step=24))
    assert [r.name for r in cat.records] == ["机构职能", "领导信息", "规范性文件", "部门预算"]


def row(n, seq=None) -> list[str]:
    return [seq or str(n), "机构信息", f"事项{n}", "名称、职能", "《中华人民共和国政府信息公开条例》", "20个工作日内", "主动"]


def test_an_item_number_the_ocr_misread_opens_its_row(tmp_path):
    # l1 for 11 (OCR reads a 1 as l): the number after 10, so it opens its row, not a line of row 10
    text, cat = read_drafted(build(tmp_path / "l1.pdf", step=22, pages=[
        ([h for h, _ in COLS], [row(n, "l1" if n == 11 else None) for n in range(1, 13)])]))
    assert [(r.seq, r.name.replace(" ", "")) for r in cat.records][9:] == [
        ("10", "事项10"), ("l1", "事项11"), ("12", "事项12")]


def test_a_letter_in_the_number_column_is_no_item_number_out_of_sequence(tmp_path):
    # an l standing for no number after the one above (a row's stray mark) opens no row
    _, cat = read_drafted(build(tmp_path / "stray.pdf", step=22, pages=[
        ([h for h, _ in COLS], [row(n, "l" if n == 5 else None) for n in range(1, 9)])]))
    assert [r.name.replace(" ", "") for r in cat.records][3] == "事项4事项5"


def test_the_header_printed_again_with_a_character_misread_continues_the_table(tmp_path):
    # page 2's header reads 公开吋限 (吋 for 时, an OCR misreading): the table goes on, with a warning
    header = [h for h, _ in COLS]
    text, cat = read_drafted(build(tmp_path / "repeat.pdf", step=30, pages=[
        (header, [row(n) for n in range(1, 7)]),
        ([h.replace("时", "吋") for h in header], [row(n) for n in range(7, 11)])]))
    assert [r.seq for r in cat.records] == [str(n) for n in range(1, 11)]
    assert any("reads '公开吋限' where the first reads '公开时限' (column 6)" in w for w in cat.warnings)


def test_a_page_number_in_the_middle_of_a_sheet_of_two_pages_is_no_cell_text(tmp_path):
    # two pages printed on one sheet, one above the other (2-up): the upper one's number, 第 1 页，共 2 页, stands
    # in the sheet's middle, under the table's last row, in its columns: a page number, not that row's text
    path = tmp_path / "2up.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(FONT, 12)
    c.drawString(150, 800, "某县卫生健康委员会政务公开标准目录")
    widths = [30, 80, 110, 200, 100]
    header = ["序号", "一级事项", "二级事项", "公开依据", "公开时限"]
    for half, (top, numbers) in enumerate([(770, range(1, 5)), (370, range(5, 9))]):
        c.setFont(FONT, 9)
        x = 30
        for h, w in zip(header, widths):
            c.drawString(x, top, h)
            x += w
        y = top
        for n in numbers:
            y -= 24
            x = 30
            for v, w in zip([str(n), "机构信息", f"事项{n}", "《中华人民共和国政府信息公开条例》", "20个工作日内"], widths):
                c.drawString(x, y, v)
                x += w
        c.drawCentredString(265, y - 24 if half == 0 else 40, f"第 {half + 1} 页，共 2 页")
    c.save()
    _, cat = read_drafted(path)
    assert [r.seq for r in cat.records] == [str(n) for n in range(1, 9)]
    assert [c.title for c in cat.records[3].legal_basis] == ["中华人民共和国政府信息公开条例"]
