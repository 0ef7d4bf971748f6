"""Catalogues laid out in Word or Excel without borders and printed to PDF by LibreOffice, drafted unedited and
read back (mappings/readers/pdfgrid.py): what a print's geometry alone must tell. Each layout is one a probe of
borderless prints found misread; the files are written here, then printed by real office software."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .libreoffice import convert, require
from .test_draft import draft_to, read

require()

TITLE = "某县人力资源和社会保障局政务公开事项目录"
OGI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"


def word_table(path: Path, heads: list[str], rows: list[list[str]], widths_cm: list[float], size: int = 9) -> None:
    """A Word file: a title, then a table in Word's default style (no borders), landscape, its header row repeated
    on every page, every cell top-aligned and left-aligned (Word's defaults)."""
    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5))
    d.styles["Normal"].font.size = Pt(size)
    d.add_paragraph(TITLE)
    t = d.add_table(rows=1 + len(rows), cols=len(heads))
    t.autofit = False
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(repeat)
    for i, h in enumerate(heads):
        t.cell(0, i).text = h
    for r, row in enumerate(rows, 1):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    for row in t.rows:
        for i, c in enumerate(row.cells):
            c.width = Cm(widths_cm[i])
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    d.save(path)


def test_a_page_opening_with_the_rest_of_a_cut_row_sets_no_column_aside(tmp_path):
    """Rows whose 公开渠道 cells list 26 lines are cut by page breaks: a page opens with the rest of a row (text in
    公开渠道 alone, no item number). That fragment was counted as a row when the reader judged which columns are
    merged down (blank in a fifth of the rows): every column but 序号 and 公开内容 was set aside, the rows' edges
    were placed from those two alone, and from that page on each row's channels and legal bases ran into the
    next row's (city-ybj printed so: 15 of 44 items right)."""
    boxes = ["■政府网站", "□政府公报", "■两微一端", "□发布会", "□广播电视", "□纸质媒体", "■公开查阅点", "■政务服务中心",
             "□便民服务站", "□入户/现场", "□社区/企事业单位/村公示栏（电子屏）", "□精准推送", "□其他"]
    ticked = ["■政府网站", "■两微一端", "■公开查阅点", "■政务服务中心"]
    laws = [OGI, "《中华人民共和国预算法》", "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"]
    names = ["机构职能", "领导信息", "规范性文件", "政策解读", "部门预算", "政府采购", "行政许可", "行政处罚"]
    tall = {0, 1, 3}      # every box listed twice: the rows the page breaks cut
    rows = [[str(i + 1), "政务公开", n, f"{n}的相关信息。", "；".join(laws[:1] if i in tall else laws), "20个工作日内",
             "某县人社局", "\n".join(boxes * 2 if i in tall else ticked), "办公室"] for i, n in enumerate(names)]
    word = tmp_path / "rsj.docx"
    word_table(word, ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "责任科室"],
               rows, [1.2, 2.2, 2.6, 5, 5, 3, 3, 1.7, 2.2])
    pdf = convert(word, "pdf", ".pdf")
    word.unlink()
    mapping, text = draft_to(tmp_path, pdf)
    cat = read(mapping, tmp_path)
    assert [r.name for r in cat.records] == names, text
    for i, r in enumerate(cat.records):
        assert sorted(c.rsplit("/", 1)[-1] for c in r.channels) == \
            ["reading-point", "service-centre", "two-micro-one-end", "website"], (r.name, r.channels)
        assert len(r.legal_basis) == (1 if i in tall else 3), (r.name, r.legal_basis)
        assert r.content == f"{r.name}的相关信息。" and r.time_limit.text == "20个工作日内" and r.subject == "某县人社局"
