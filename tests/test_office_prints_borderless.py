"""Catalogues laid out in Word or Excel without borders and printed to PDF by LibreOffice, drafted unedited and
read back (mappings/readers/pdfgrid.py): what a print's geometry alone must tell. Each layout is one a probe of
borderless prints found misread; the files are written here, then printed by real office software."""
from __future__ import annotations

import math
from pathlib import Path

import openpyxl
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .libreoffice import convert, landscape_one_page_wide, require, word_catalogue
from .test_draft import draft_to, read

require()

TITLE = "某县人力资源和社会保障局政务公开事项目录"
OGI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"


def word_table(path: Path, heads: list[str], rows: list[list[str]], widths_cm: list[float], size: int = 9,
               vertical=WD_CELL_VERTICAL_ALIGNMENT.TOP) -> None:
    """A Word file: a title, then a table in Word's default style (no borders), landscape, its header row repeated
    on every page, every cell left-aligned and top-aligned (Word's defaults), or in `vertical` alignment."""
    d, t = word_catalogue(TITLE, heads, rows, size)
    t.autofit = False
    for row in t.rows:
        for i, c in enumerate(row.cells):
            c.width = Cm(widths_cm[i])
            c.vertical_alignment = vertical
    d.save(path)


def sheet_table(path: Path, heads: list[str], rows: list[list[str]], widths: list[float],
                vertical: str | None = None, horizontal: str | None = None,
                groups: dict[str, tuple[int, int]] | None = None) -> None:
    """An Excel file: a title, then the table, no gridlines printed (Excel's default), every cell wrapped, in
    `vertical` and `horizontal` alignment (None: Excel's default, the bottom; the left for text), each row as
    tall as its cell of most lines (as Excel's auto-fit makes it: LibreOffice's conversion keeps the heights
    saved; a column `widths` characters wide holds half as many Chinese ones), landscape, one page wide, the
    header repeated on every page. `groups`: header cells over columns first to last (公开对象 over 全社会 and
    特定群众), a header of two rows, the other columns' cells merged down both."""
    def lines(text: str, width: float) -> int:
        return max(1, math.ceil(sum(1 if ord(ch) < 0x2000 else 2 for ch in text) / width))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, TITLE)
    low = 3 if groups else 2            # the header's last row
    for i, h in enumerate(heads, 1):
        ws.cell(low, i, h)
    for name, (a, z) in (groups or {}).items():
        ws.cell(2, a + 1, name)
        ws.merge_cells(start_row=2, start_column=a + 1, end_row=2, end_column=z + 1)
    grouped = {i for a, z in (groups or {}).values() for i in range(a, z + 1)}
    for i in range(len(heads)) if groups else ():
        if i not in grouped:
            ws.cell(2, i + 1, heads[i])
            ws.merge_cells(start_row=2, start_column=i + 1, end_row=3, end_column=i + 1)
    for r, row in enumerate(rows, low + 1):
        for i, v in enumerate(row, 1):
            ws.cell(r, i, v)
        ws.row_dimensions[r].height = 12.5 * max(lines(v, w) for v, w in zip(row, widths)) + 3
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=2, max_row=low + len(rows), max_col=len(heads)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, **({"vertical": vertical} if vertical else {}),
                                       **({"horizontal": horizontal} if horizontal else {}))
            cell.font = Font(size=9)
    landscape_one_page_wide(ws, f"2:{low}")
    wb.save(path)


def drafted(tmp_path: Path, source: Path):
    """The office file printed by LibreOffice (the file then removed), drafted and read with the draft unedited:
    (the catalogue, the draft's text)."""
    pdf = convert(source, "pdf", ".pdf")
    source.unlink()
    mapping, text = draft_to(tmp_path, pdf)
    return read(mapping, tmp_path), text


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
    cat, text = drafted(tmp_path, word)
    assert [r.name for r in cat.records] == names, text
    for i, r in enumerate(cat.records):
        assert sorted(c.rsplit("/", 1)[-1] for c in r.channels) == \
            ["reading-point", "service-centre", "two-micro-one-end", "website"], (r.name, r.channels)
        assert len(r.legal_basis) == (1 if i in tall else 3), (r.name, r.legal_basis)
        assert r.content == f"{r.name}的相关信息。" and r.time_limit.text == "20个工作日内" and r.subject == "某县人社局"


def test_cells_printed_at_the_bottom_of_their_rows(tmp_path):
    """Excel's default vertical alignment is the bottom: a wrapped cell's lines end on its row's last line, where
    the item number (one line) prints, and the row's upper lines stand above the number. Rows were opened at each
    number's line, as where numbers stand on their rows' first line, so each row's upper lines went to the row
    above (a probe's Calc print: no item of 14 right)."""
    contents = ["本部门的机构设置、主要职能、办公地址、办公时间、联系方式、负责人姓名。", "领导姓名、职务、工作分工、简历及标准工作照。",
                "本部门制定的规范性文件全文，规范性文件的公众参与、专家论证、风险评估、合法性审查和集体讨论决定情况。",
                "部门预算、决算报表及说明，“三公”经费预算、决算及说明。", "采购项目公告、采购文件、采购结果、采购合同、投诉处理结果。",
                "许可事项名称、设定依据、申请条件、办理材料、办理流程、办理时限、收费标准、许可结果。"]
    names = ["机构职能", "领导信息", "规范性文件", "部门预决算", "政府采购", "行政许可"]
    laws = [[OGI], [OGI, "《中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》（中办发〔2016〕8号）"],
            [OGI, "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"],
            ["《中华人民共和国预算法》"], [OGI, "《中华人民共和国政府采购法》"], ["《中华人民共和国行政许可法》"]]
    limits = ["信息形成或者变更之日起20个工作日内", "20个工作日内", "自文件印发之日起20个工作日内", "本级财政部门批复后20日内",
              "自采购合同签订之日起2个工作日内", "作出行政许可决定之日起7个工作日内"]
    channels = ["政府网站、政务微博", "政府网站", "政府网站、政府公报", "政府网站、公开查阅点", "政府网站", "政府网站、政务服务中心"]
    rows = [[str(i + 1), names[i], contents[i], "；".join(laws[i]), limits[i], "某县人力资源和社会保障局", channels[i]]
            for i in range(len(names))]
    sheet = tmp_path / "rsj.xlsx"
    sheet_table(sheet, ["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"], rows,
                [5, 12, 30, 30, 16, 14, 14])
    cat, text = drafted(tmp_path, sheet)
    assert [r.name for r in cat.records] == names, text
    for i, r in enumerate(cat.records):
        assert r.content == contents[i], (r.name, r.content)
        assert [c.text.rstrip("；") for c in r.legal_basis] == laws[i], (r.name, r.legal_basis)
        assert r.time_limit.text == limits[i] and r.subject == "某县人力资源和社会保障局", (r.name, r.time_limit, r.subject)
        assert len(r.channels) == channels[i].count("、") + 1, (r.name, r.channels)


def test_a_centred_text_wider_than_any_on_the_first_page_is_its_columns(tmp_path):
    """Text centred in its cells (Calc, 水平居中): the column boundaries are placed from the first page's text, and a
    later page's text wider than any there (双随机一公开 under names of four characters, 全社会、特定群 under 全社会)
    crosses them on both sides. It was read as a cell merged across two columns (the item's number and name read
    as one name, 9双随机一公开; the audience's first character among the channels, 政务全服务中心). Centred on the
    middle its column's texts share, it is that column's."""
    law = "；".join([OGI, "《中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》（中办发〔2016〕8号）"])
    first = [("机构职能", "机构设置、主要职能。"), ("领导信息", "领导姓名、职务、工作分工。"), ("内设机构", "内设机构名称及职能。"),
             ("政策文件", "规范性文件全文。"), ("政策解读", "政策解读材料。")]
    later = [("双随机一公开", "随机抽查事项清单、抽查结果。"), ("建议提案办理", "建议提案办理复文。"), ("社会保险待遇", "待遇标准及发放情况。"),
             ("就业创业服务", "就业创业政策及服务事项。")]
    rows = [[str(i + 1), n, c, law, "20个工作日内", "政府网站、政务服务中心" if i >= len(first) else "政府网站",
             "全社会、特定群众" if i >= len(first) else "全社会", "主动公开、依申请公开" if i >= len(first) else "主动公开"]
            for i, (n, c) in enumerate(first + later)]
    sheet = tmp_path / "rsj.xlsx"
    sheet_table(sheet, ["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开渠道", "公开对象", "公开方式"], rows,
                [5, 12, 30, 14, 14, 10, 10, 10], vertical="center", horizontal="center")
    cat, text = drafted(tmp_path, sheet)
    assert [(r.name, r.content) for r in cat.records] == first + later, text
    for i, r in enumerate(cat.records):
        wide = i >= len(first)
        assert [c.text.rstrip("；") for c in r.legal_basis] == law.split("；"), (r.name, r.legal_basis)
        assert r.time_limit.text == "20个工作日内", (r.name, r.time_limit)
        assert sorted(c.rsplit("/", 1)[-1] for c in r.channels) == (["service-centre", "website"] if wide else ["website"]), \
            (r.name, r.channels)
        assert len(r.audience) == (2 if wide else 1) and len(r.disclosure_type) == (2 if wide else 1), \
            (r.name, r.audience, r.disclosure_type)


def test_rows_centred_in_their_cells_cut_by_page_breaks(tmp_path):
    """Word rows whose cells print in their middle (垂直居中), in a large font, cut by the page breaks: a page opens
    with the rest of the row cut at the foot of the page before, then the next row, whose cells are centred on its
    number. The rest was read as the next row's upper lines (its content, legal bases and channels given to the
    next item); and the cut row at the first page's foot, its cells starting on its number's line there, stood
    off its number's middle as merged cells do: four columns were set aside as merged down, and rows' legal bases
    ran into their neighbours' (a probe's print: 10 of 14 items wrong)."""
    ogi, law2 = OGI, "《中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》（中办发〔2016〕8号）"
    items = [("机构信息", "机构职能", "本部门的机构设置、主要职能、办公地址、办公时间、联系方式、负责人姓名。", [ogi]),
             ("机构信息", "领导信息", "领导姓名、职务、工作分工、简历及标准工作照。", [ogi, law2]),
             ("政策文件", "规范性文件", "本部门制定的规范性文件全文，规范性文件的公众参与、专家论证、风险评估、合法性审查和集体讨论决定情况。",
              [ogi, "《重大行政决策程序暂行条例》（国务院令第713号）",
               "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"]),
             ("政策文件", "政策解读", "对重要政策文件的背景依据、目标任务、主要内容、涉及范围、执行标准、注意事项、关键词诠释、新旧政策差异等的解读材料。",
              [law2]),
             ("财政信息", "部门预决算", "部门预算、决算报表及说明，“三公”经费预算、决算及说明。",
              ["《中华人民共和国预算法》", "《关于印发〈地方预决算公开操作规程〉的通知》（财预〔2016〕143号）"]),
             ("财政信息", "政府采购", "采购项目公告、采购文件、采购结果、采购合同、投诉处理结果。",
              [ogi, "《中华人民共和国招标投标法实施条例》（国务院令第698号）"]),
             ("行政权力", "行政许可", "许可事项名称、设定依据、申请条件、办理材料、办理流程、办理时限、收费标准、许可结果。",
              ["《中华人民共和国行政许可法》", ogi]),
             ("行政权力", "行政处罚", "处罚依据、处罚程序、救济渠道，行政处罚决定书（依法不予公开的除外）。",
              ["《中华人民共和国行政处罚法》", ogi]),
             ("行政权力", "双随机一公开", "随机抽查事项清单、抽查计划、抽查结果及查处情况。",
              ["《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）"]),
             ("建议提案", "建议提案办理", "人大代表建议和政协委员提案的办理复文、办理情况总体报告。",
              ["《国务院办公厅关于做好全国人大代表建议和全国政协委员提案办理结果公开工作的通知》（国办发〔2014〕46号）", ogi])]
    channels = ["政府网站、政务微博、政务微信", "政府网站", "政府网站、政府公报、公开查阅点"]
    rows = [[str(i + 1), cat, name, content, "\n".join(laws), "信息形成或者变更之日起20个工作日内", "某县人力资源和社会保障局",
             channels[i % 3]] for i, (cat, name, content, laws) in enumerate(items)]
    word = tmp_path / "rsj.docx"
    word_table(word, ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"], rows,
               [1.2, 2.2, 2.4, 5.5, 6, 3.2, 3, 3.2], size=12, vertical=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    cat, text = drafted(tmp_path, word)
    assert [(r.name, r.content) for r in cat.records] == [(n, c) for _, n, c, _ in items], text
    for i, r in enumerate(cat.records):
        assert list(r.category) == [items[i][0]], (r.name, r.category)
        assert [c.text.rstrip("；") for c in r.legal_basis] == items[i][3], (r.name, r.legal_basis)
        assert r.time_limit.text == "信息形成或者变更之日起20个工作日内" and r.subject == "某县人力资源和社会保障局", \
            (r.name, r.time_limit, r.subject)
        assert len(r.channels) == channels[i % 3].count("、") + 1, (r.name, r.channels)


def test_a_headers_lower_row_a_lines_height_under_it(tmp_path):
    """A header of two rows printed by Calc at the top of its cells: 公开对象 and 公开方式, merged over their tick
    columns, at the left of their merges over 全社会 特定群众 and 主动 依申请, the lower row a line's height under the
    upper one, further than a cell's wrapped lines (a table one page wide, its print scaled down). The lower row was
    read as the first row, without a number: the draft made 公开对象 and 公开方式 columns of text, and the page
    printing the header again did not read ("the table starts with a continuation row")."""
    names = ["机构职能", "领导信息", "规范性文件", "政策解读", "部门预决算", "政府采购", "行政许可", "行政处罚", "双随机一公开",
             "建议提案办理", "应急预案", "社会保险待遇", "就业服务", "劳动监察"]
    audience = [["全社会"], ["全社会", "特定群众"], ["特定群众"]]
    types = [["主动公开"], ["主动公开", "依申请公开"], ["依申请公开"]]
    long = "本部门的机构设置、主要职能、办公地址、办公时间、联系方式、负责人姓名及其他有关信息。"
    rows = [[str(i + 1), "政务公开", n, f"{n}的有关信息。" if i % 2 else long, OGI, "20个工作日内", "某县人社局",
             "政府网站、政务微博、政务微信"]
            + ["√" if a in audience[i % 3] else "" for a in ("全社会", "特定群众")]
            + ["√" if t in types[i % 3] else "" for t in ("主动公开", "依申请公开")] for i, n in enumerate(names)]
    sheet = tmp_path / "rsj.xlsx"
    sheet_table(sheet, ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道",
                        "全社会", "特定群众", "主动", "依申请"], rows, [5, 10, 12, 28, 30, 16, 14, 16, 7, 7, 7, 7],
                vertical="top", groups={"公开对象": (8, 9), "公开方式": (10, 11)})
    cat, text = drafted(tmp_path, sheet)
    assert [r.name for r in cat.records] == names, text
    for i, r in enumerate(cat.records):
        assert r.content == (f"{r.name}的有关信息。" if i % 2 else long), (r.name, r.content)
        assert [c.text for c in r.legal_basis] == [OGI] and r.time_limit.text == "20个工作日内", r.name
        assert len(r.channels) == 3 and r.subject == "某县人社局", (r.name, r.channels, r.subject)
        assert len(r.audience) == len(audience[i % 3]) and len(r.disclosure_type) == len(types[i % 3]), \
            (r.name, r.audience, r.disclosure_type)
