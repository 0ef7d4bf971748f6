"""Where a row of a table printed without borders ends (mappings/readers/pdfgrid.py): catalogues laid out in Word or
Excel as agencies lay them out, printed to PDF by LibreOffice, drafted unedited and read back. The layouts are those
the shipped catalogues printed so (bench/shipped_prints.py) were misread in; the files are written here."""
from __future__ import annotations

from .libreoffice import require
from .test_office_prints_borderless import OGI, drafted, word_table

require()


def test_a_text_of_a_column_merged_elsewhere_taller_than_its_rows_other_cells(tmp_path):
    """A Word table without borders, no item numbers: 公开依据 merged over a category's rows in the source prints once,
    blank under it, so the column is set aside as merged down while the rows are found, and each row's foot was
    placed under its other cells' text. A row's own 公开依据 of more lines than its other cells ran past that foot:
    it was read as a merge over that row and the next, the next row's own 公开依据 added to it (sanmenxia-ybj printed
    so: three items given 部门预算整体支出绩效评价 twice and the next item's 政府信息公开条例). A text that ends above
    the next row's first line is its own row's."""
    budget = "部门预算整体支出绩效评价（按财政局统一要求）"
    procure = "《中华人民共和国政府采购法》《中华人民共和国政府采购法实施条例》"
    items = [("机构信息", "机构职能", "机构设置、主要职能。", f"{OGI}、机构三定方案"),
             ("", "领导信息", "领导姓名、职务、分工。", ""),
             ("", "内设机构", "内设机构名称、职责。", ""),
             ("财务信息", "部门预决算", "部门预算、决算。", budget),
             ("", "“三公”经费", "“三公”经费使用情况。", budget),
             ("", "政府采购", "采购项目公告、采购结果。", procure),
             ("权责清单", "行政许可", "本单位行政许可事项。", OGI),
             ("", "行政处罚", "本单位行政处罚事项。", OGI),
             ("", "行政检查", "本单位行政检查事项。", OGI)]
    rows = [[cat, name, content, law, "办公室", "20个工作日内", "政府网站"] for cat, name, content, law in items]
    word = tmp_path / "ybj.docx"
    word_table(word, ["事项类别", "事项名称", "公开内容", "公开依据", "公开主体", "公开时限", "公开渠道"], rows,
               [2.4, 2.8, 5, 2.4, 2.4, 3, 2.6])
    cat, text = drafted(tmp_path, word)
    assert [(r.name, r.content) for r in cat.records] == [(n, c) for _, n, c, _ in items], text
    for (_, name, _, law), r in zip(items, cat.records):
        if law:        # (a blank one is a merge the print hides: the draft offers `inherit` for it)
            assert "".join(c.text for c in r.legal_basis).replace("、", "") == law.replace("、", ""), \
                (name, [c.text for c in r.legal_basis])
        assert r.subject == "办公室" and r.time_limit.text == "20个工作日内", (name, r.subject, r.time_limit)
