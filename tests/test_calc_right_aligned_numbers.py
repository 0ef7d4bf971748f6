"""An Excel catalogue printed by LibreOffice Calc without borders, its 序号 and 公开时限 stored as numbers (as most
workbooks store them): Calc right-aligns a number, so in a narrow column under a centred header word it prints
right of that word's end, just before the next column's left-aligned text (序号's 1 at x 79-85, the header word
序号 at 62-78, 一级事项's 安置政策 from 86). The column boundary was set before the numbers (where texts start
between the two header words: taken for the next column's left edge), no number stood in the key column, no row
was cut, and a sheet's items ran together into one (probe U-3: 4 of 7 items read, 时限 20202020).

Needs LibreOffice (`soffice`); skipped without it unless ZWGK_REQUIRE_LIBREOFFICE=1 (CI sets it).
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from .libreoffice import convert, landscape_one_page_wide, require
from .test_draft import draft_to, read

require()

TITLE = "某市退役军人事务局政府信息公开目录"
HEADS = ["序号", "一级事项", "事项名称", "公开内容", "公开时限（工作日）", "主动", "依申请", "咨询电话"]
ITEMS = [("优抚政策", "抚恤补助标准", "各类优抚对象补助标准", 20, True),
         ("优抚政策", "优待证申领", "申领条件、申领流程", 15, True),
         ("优抚政策", "个人抚恤档案", "本人抚恤档案信息", 20, False),
         ("烈士褒扬", "烈士纪念设施名录", "设施名称、地址、保护级别", 5, True),
         ("烈士褒扬", "烈士评定结果", "评定对象、评定结果", 20, True)]


def plain_sheets(path: Path, sheets: list[list[tuple]]) -> None:
    """The catalogue as a workbook, a sheet each of `sheets` (each printed on a page of its own): the header
    centred, the cells in Excel's default horizontal alignment (numbers right, text left), 序号 and 公开时限 as
    numbers, no borders, narrow number columns, landscape, one page wide."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for items in sheets:
        ws = wb.create_sheet()
        ws.cell(1, 1, TITLE)
        for j, h in enumerate(HEADS, 1):
            ws.cell(2, j, h).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, (cat, name, content, days, active) in enumerate(items, 1):
            values = [i, cat, name, content, days, "✓" if active else "", "" if active else "✓", 7312345678]
            for j, v in enumerate(values, 1):
                ws.cell(2 + i, j, v).alignment = Alignment(vertical="center", wrap_text=True)
        for letter, width in zip("ABCDEFGH", (6, 12, 22, 26, 12, 6, 7, 14)):
            ws.column_dimensions[letter].width = width
        landscape_one_page_wide(ws)
    wb.save(path)


def printed(tmp_path: Path, sheets: list[list[tuple]]):
    """The workbook printed by Calc, drafted and read with the draft unedited: (its records, the draft's text)."""
    sheet = tmp_path / "ty.xlsx"
    plain_sheets(sheet, sheets)
    pdf = convert(sheet, "pdf", ".pdf")
    sheet.unlink()
    mapping, text = draft_to(tmp_path, pdf)
    return read(mapping, tmp_path).records, text


def check(records, sheets: list[list[tuple]], text: str) -> None:
    """Every item read, each in its columns: 序号, category, content, time limit, and its tick's disclosure type."""
    assert [r.name for r in records] == [name for items in sheets for _, name, _, _, _ in items], text
    numbered = [(i, item) for items in sheets for i, item in enumerate(items, 1)]
    for r, (i, (cat, name, content, days, active)) in zip(records, numbered):
        assert r.seq == str(i), (name, r.seq)
        assert list(r.category) == [cat] and r.content == content, (name, r.category, r.content)
        assert r.time_limit.text == str(days), (name, r.time_limit)
        assert [t.rsplit("/", 1)[-1] for t in r.disclosure_type] == (["proactive"] if active else ["on-request"]), \
            (name, r.disclosure_type)


def test_numbers_right_aligned_past_their_header_word_stay_in_their_column(tmp_path):
    records, text = printed(tmp_path, [ITEMS])
    check(records, [ITEMS], text)

