"""Catalogues zwgk has not seen, built in code, each with an answer key written by hand: what a person
reading the original would record for every item (name, category path and the main fields).

Used by tests/test_draft_unseen.py (drafted mapping, unedited, against the key) and by
bench/draft_accuracy.py (the per-catalogue table). Each catalogue takes a form and layout the repository's
other fixtures do not show (see catalogue-forms notes): a GBK web page of a 基层政务公开标准目录 with one
table per domain, each led by a title row, three levels and 公开层级 ticks under a two-row header, and
the same page selected and pasted as text (merges lost: rows below a rowspan print fewer cells, shifted
left; blank ticks stay empty fields); a Word document with a preamble (第一部分 概述 …) and þ/¨ boxes
whose Wingdings font was lost; an Excel workbook with 更新频率, 公开链接, 相应领域 and 咨询及监督举报电话
columns and merged first levels; a ruled PDF printed page by page, the two-row header again on page 2,
a first-level merge and one row cut by the page break; a tab text copy of a web page whose rows below a
rowspan lost cells; a one-cell-per-line copy of a Word table with 条款内容, 公开时长, 公开层级 as text and
五公开; a web page saved without its charset, split in two tables at a page break, with Wingdings boxes
as private-use characters and 公开属性 naming type and method in one cell.

The key is data, not computed from the generator: where a cell is printed one way (`1.政府网站 2.两微一端`,
`国办发[2017]47号`, `全社会范围主动公开`), the key says what it means (two channels; 国办发〔2017〕47号; the
audience 全社会 and the type 主动公开).

    score(catalogue, key, fields) -> Score(precision, recall, f1, field_accuracy, errors)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from zwgk.mappings.cells import compact

# ---------------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------------

#: the fields an answer key may give, and how a Record's value is read for each
FIELDS = ("category", "content", "legal", "time_limit", "subject", "responsible_unit", "channels", "methods",
          "disclosure_type", "audience", "stage", "level", "domain", "update_frequency", "duration", "link",
          "phones", "article_text")
CONCEPTS = ("channels", "methods", "disclosure_type", "audience", "stage", "level", "domain")


def record_value(rec, name: str, codes):
    """The value of one field of a Record, in the form the keys write it."""
    if name == "category":
        return tuple(compact(c) for c in rec.category)
    if name in CONCEPTS:
        return sorted(compact(codes.label(i)) for i in getattr(rec, name))
    if name == "legal":
        return sorted((c.identifier, tuple(c.articles)) for c in rec.legal_basis)
    if name in ("time_limit", "update_frequency"):
        t = getattr(rec, name)
        return compact(t.text) if t else ""
    if name == "phones":
        return sorted(rec.phones)
    return compact(getattr(rec, name) or "")


def key_value(item: dict, name: str):
    v = item.get(name, "" if name not in CONCEPTS and name not in ("legal", "phones", "category") else ())
    if name == "category":
        return tuple(compact(c) for c in v)
    if name in CONCEPTS:
        return sorted(compact(x) for x in v)
    if name == "legal":
        return sorted((i, tuple(a)) for i, a in v)
    if name == "phones":
        return sorted(v)
    return compact(v)


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    field_accuracy: float
    fields_checked: int
    errors: list[str] = field(default_factory=list)


def score(records, key: list[dict], fields: tuple[str, ...], codes) -> Score:
    """Items are matched by name (in order among items of the same name); field accuracy is the share of
    the key's fields, over the matched items, that the records carry exactly."""
    got: dict[str, list] = {}
    for r in records:
        got.setdefault(compact(r.name), []).append(r)
    want = Counter(compact(i["name"]) for i in key)
    have = Counter(compact(r.name) for r in records)
    matched = sum((want & have).values())
    precision = matched / max(1, sum(have.values()))
    recall = matched / max(1, sum(want.values()))
    f1 = 0.0 if not matched else 2 * precision * recall / (precision + recall)
    errors = [f"extra item {n!r}" for n in (have - want)] + [f"missing item {n!r}" for n in (want - have)]
    right = total = 0
    for item in key:
        candidates = got.get(compact(item["name"]))
        if not candidates:
            continue
        rec = candidates.pop(0)
        for f in fields:
            total += 1
            a, b = record_value(rec, f, codes), key_value(item, f)
            if a == b:
                right += 1
            else:
                errors.append(f"{item['name']}: {f}: got {a!r}, want {b!r}")
    return Score(precision, recall, f1, right / total if total else 0.0, total, errors)


@dataclass
class Unseen:
    id: str                    # the catalogue id given to `zwgk mapping draft --id`
    file: str                  # the file name in catalogues/
    form: str                  # what it is, in words
    make: Callable[[Path], None]
    key: list[dict]
    fields: tuple[str, ...]


# ---------------------------------------------------------------------------------------------------
# 1. A GBK web page: 基层政务公开标准目录, one table per domain, a title row in each table, a two-row
#    header with 公开事项 over three levels and tick columns 公开对象 / 公开方式 / 公开层级
# ---------------------------------------------------------------------------------------------------

QS_SUBJECT = "青山镇人民政府"
QS_LAW_SAFETY = "《中华人民共和国安全生产法》《生产安全事故报告和调查处理条例》"
QS_LAW_RELIEF = "《自然灾害救助条例》（国务院令第577号）"

#: (domain title, [(一级, [(二级, [(三级, content, channels cell, audience ticks, type ticks, level ticks)])])])
QS_TABLES = [
    ("一、安全生产领域基层政务公开标准目录", QS_LAW_SAFETY, [
        ("安全生产监管", [
            ("行政执法", [
                ("行政检查", "检查对象、检查时间、检查结果", "政府网站、公告栏", ("√", ""), ("√", ""), ("√", "√")),
                ("行政处罚", "处罚决定书、处罚依据", "政府网站<br>便民服务中心", ("√", ""), ("√", ""), ("√", "")),
            ]),
            ("安全预警", [
                ("事故预警", "预警信息、防范措施", "政府网站、手机短信", ("√", ""), ("√", ""), ("", "√")),
            ]),
        ]),
        ("事故调查处理", [
            ("事故调查", [
                ("事故调查报告", "调查报告、处理结果", "政府网站", ("√", ""), ("√", ""), ("√", "√")),
            ]),
        ]),
    ]),
    ("二、救灾领域基层政务公开标准目录", QS_LAW_RELIEF, [
        ("救灾工作", [
            ("灾情信息", [
                ("灾情发布", "灾害损失情况、救灾工作动态", "政府网站、广播", ("√", ""), ("√", ""), ("√", "√")),
            ]),
            ("救灾款物", [
                ("款物分配", "分配方案、分配结果", "公告栏", ("", "√"), ("√", ""), ("", "√")),
                ("款物发放", "发放对象、发放标准、发放数量", "公告栏、入户/现场", ("", "√"), ("", "√"), ("", "√")),
            ]),
        ]),
    ]),
]

QS_KEY = [
    {"name": "行政检查", "category": ("安全生产", "安全生产监管", "行政执法"), "content": "检查对象、检查时间、检查结果",
     "legal": [("中华人民共和国安全生产法", ()), ("生产安全事故报告和调查处理条例", ())],
     "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT, "channels": ["政府网站", "信息公告栏"],
     "audience": ["全社会"], "disclosure_type": ["主动公开"], "level": ["县级", "乡级"]},
    {"name": "行政处罚", "category": ("安全生产", "安全生产监管", "行政执法"), "content": "处罚决定书、处罚依据",
     "legal": [("中华人民共和国安全生产法", ()), ("生产安全事故报告和调查处理条例", ())],
     "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT, "channels": ["政府网站", "便民服务中心"],
     "audience": ["全社会"], "disclosure_type": ["主动公开"], "level": ["县级"]},
    {"name": "事故预警", "category": ("安全生产", "安全生产监管", "安全预警"), "content": "预警信息、防范措施",
     "legal": [("中华人民共和国安全生产法", ()), ("生产安全事故报告和调查处理条例", ())],
     "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT, "channels": ["政府网站", "手机短信推送"],
     "audience": ["全社会"], "disclosure_type": ["主动公开"], "level": ["乡级"]},
    {"name": "事故调查报告", "category": ("安全生产", "事故调查处理", "事故调查"), "content": "调查报告、处理结果",
     "legal": [("中华人民共和国安全生产法", ()), ("生产安全事故报告和调查处理条例", ())],
     "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT, "channels": ["政府网站"],
     "audience": ["全社会"], "disclosure_type": ["主动公开"], "level": ["县级", "乡级"]},
    {"name": "灾情发布", "category": ("救灾", "救灾工作", "灾情信息"), "content": "灾害损失情况、救灾工作动态",
     "legal": [("国务院令第577号", ())], "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT,
     "channels": ["政府网站", "广播"], "audience": ["全社会"], "disclosure_type": ["主动公开"],
     "level": ["县级", "乡级"]},
    {"name": "款物分配", "category": ("救灾", "救灾工作", "救灾款物"), "content": "分配方案、分配结果",
     "legal": [("国务院令第577号", ())], "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT,
     "channels": ["信息公告栏"], "audience": ["特定群众"], "disclosure_type": ["主动公开"], "level": ["乡级"]},
    {"name": "款物发放", "category": ("救灾", "救灾工作", "救灾款物"), "content": "发放对象、发放标准、发放数量",
     "legal": [("国务院令第577号", ())], "time_limit": "自信息形成之日起20个工作日内", "subject": QS_SUBJECT,
     "channels": ["信息公告栏", "入户/现场"], "audience": ["特定群众"], "disclosure_type": ["依申请公开"],
     "level": ["乡级"]},
]


QS_HEADER = [[("序号", 2, 1), ("公开事项", 1, 3), ("公开内容（要素）", 2, 1), ("公开依据", 2, 1), ("公开时限", 2, 1),
              ("公开主体", 2, 1), ("公开渠道和载体", 2, 1), ("公开对象", 1, 2), ("公开方式", 1, 2), ("公开层级", 1, 2)],
             [(t, 1, 1) for t in ("一级事项", "二级事项", "三级事项", "全社会", "特定群众", "主动", "依申请", "县级", "乡级")]]


def qingshan_rows() -> list[tuple[str, list[list[tuple[str, int, int]]]]]:
    """(title, rows) per domain table; a row is its printed cells (text, rowspan, colspan): a cell
    covered by a merge above is not printed, as in the page's markup."""
    out = []
    for title, law, groups in QS_TABLES:
        rows = [list(r) for r in QS_HEADER]
        n_items = sum(len(leaves) for _, subs in groups for _, leaves in subs)
        seq, first_row = 1, True
        for first, subs in groups:
            n_first = sum(len(leaves) for _, leaves in subs)
            first_cell = True
            for second, leaves in subs:
                second_cell = True
                for name, content, channels, aud, typ, lvl in leaves:
                    cells = [(str(seq), 1, 1)]
                    if first_cell:
                        cells.append((first, n_first, 1))
                    if second_cell:
                        cells.append((second, len(leaves), 1))
                    cells += [(name, 1, 1), (content, 1, 1)]
                    if first_row:
                        cells += [(law, n_items, 1), ("自信息形成之日起20个工作日内", n_items, 1), (QS_SUBJECT, n_items, 1)]
                    cells.append((channels, 1, 1))
                    cells += [(t, 1, 1) for t in aud + typ + lvl]
                    rows.append(cells)
                    seq, first_cell, second_cell, first_row = seq + 1, False, False, False
        out.append((title, rows))
    return out


def qingshan_html(path: Path) -> None:
    """Saved as Word writes HTML: unquoted attributes, <p> inside cells, GBK declared in <meta>, the
    content table inside a layout table, page metadata above it, a title row at the top of each table."""
    def td(text: str, rows: int, cols: int) -> str:
        span = (f" rowspan={rows}" if rows > 1 else "") + (f" colspan={cols}" if cols > 1 else "")
        return f"<td{span}><p>{text}</p></td>" if len(text) > 6 else f"<td{span} align=center>{text}</td>"
    tables = []
    for title, rows in qingshan_rows():
        trs = [f"<tr><td colspan=15 align=center><p><b>{title}</b></p></td></tr>"]
        trs += ["<tr>" + "".join(td(*c) for c in r) + "</tr>" for r in rows]
        tables.append("<table border=1 cellspacing=0 class=MsoTableGrid>\n" + "\n".join(trs) + "\n</table>")
    page = f"""<html><head><meta http-equiv=Content-Type content="text/html; charset=gbk">
<title>青山镇基层政务公开标准目录</title></head><body>
<table width=100%><tr><td class=nav>首页 &gt; 政务公开 &gt; 基层政务公开</td></tr>
<tr><td>
<h2 align=center>某县青山镇基层政务公开标准目录</h2>
<p class=meta>发布日期：2024-03-15　来源：青山镇党政办　索引号：11330000-2024-00012</p>
{(chr(10) + '<p>&nbsp;</p>' + chr(10)).join(tables)}
<p>注：本目录根据上级部署动态调整。</p>
</td></tr></table></body></html>"""
    path.write_bytes(page.encode("gbk"))


def qingshan_text(path: Path) -> None:
    """The same page selected in a browser and pasted as text (UTF-8): one line per row, a tab between
    the cells each row prints. Merges are lost: a row below a rowspan has fewer cells, shifted left; a
    colspan prints once; blank tick cells stay as empty fields; <br> breaks the line inside its cell
    into a space."""
    lines = ["某县青山镇基层政务公开标准目录", "发布日期：2024-03-15　来源：青山镇党政办"]
    for title, rows in qingshan_rows():
        lines.append(title)
        lines += ["\t".join(text.replace("<br>", " ") for text, _, _ in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# 2. A Word document: a preamble (第一部分 概述 …, 第二部分 基本目录), then one table; channel boxes þ/¨
#    (Wingdings lost), 公开方式 naming 主动/依申请, legal bases quoting articles and bare numbers
# ---------------------------------------------------------------------------------------------------

TJ_ROWS = [  # 目录类别, 目录名称, 公开内容和标准, 公开依据, 公开时限, 责任科室（单位）, 公开渠道, 公开方式
    ("机构职能", "机构概况", "机构名称、办公地址、办公时间、联系方式", "国办发[2017]47号",
     "信息形成之日起20个工作日内", "办公室", "þ政府网站 ¨政务微博 þ政务微信", "主动公开"),
    (None, "领导简介", "领导姓名、职务、分工", "《中华人民共和国政府信息公开条例》第十九条第（三）项",
     "信息形成之日起20个工作日内", "办公室", "þ政府网站 ¨政务微博 ¨政务微信", "主动公开"),
    ("统计数据", "统计公报", "年度国民经济和社会发展统计公报", "《中华人民共和国统计法》第二十条、第二十一条",
     "每年4月30日前", "综合统计科", "þ政府网站 ¨政务微博 þ政务微信", "主动公开"),
    (None, "月度数据", "主要经济指标月度数据", "中华人民共和国统计法实施条例》第三十条",
     "每月15日前", "综合统计科", "þ政府网站 þ政务微博 þ政务微信", "主动公开"),
    (None, "普查资料", "普查公报、普查资料汇编", "《全国经济普查条例》（国务院令第415号）",
     "普查结束后6个月内", "普查中心", "þ政府网站 ¨政务微博 ¨政务微信", "依申请公开"),
    ("统计执法", "行政处罚", "处罚决定书", "《中华人民共和国统计法》第四十条",
     "作出决定之日起7个工作日内", "执法队", "þ政府网站 ¨政务微博 ¨政务微信", "主动公开"),
]

TJ_KEY = [
    {"name": "机构概况", "category": ("机构职能",), "content": "机构名称、办公地址、办公时间、联系方式",
     "legal": [("国办发〔2017〕47号", ())], "time_limit": "信息形成之日起20个工作日内", "responsible_unit": "办公室",
     "channels": ["政府网站", "政务微信"], "disclosure_type": ["主动公开"]},
    {"name": "领导简介", "category": ("机构职能",), "content": "领导姓名、职务、分工",
     "legal": [("中华人民共和国政府信息公开条例", ("19(3)",))], "time_limit": "信息形成之日起20个工作日内",
     "responsible_unit": "办公室", "channels": ["政府网站"], "disclosure_type": ["主动公开"]},
    {"name": "统计公报", "category": ("统计数据",), "content": "年度国民经济和社会发展统计公报",
     "legal": [("中华人民共和国统计法", ("20", "21"))], "time_limit": "每年4月30日前", "responsible_unit": "综合统计科",
     "channels": ["政府网站", "政务微信"], "disclosure_type": ["主动公开"]},
    {"name": "月度数据", "category": ("统计数据",), "content": "主要经济指标月度数据",
     "legal": [("中华人民共和国统计法实施条例", ("30",))], "time_limit": "每月15日前", "responsible_unit": "综合统计科",
     "channels": ["政府网站", "政务微博", "政务微信"], "disclosure_type": ["主动公开"]},
    {"name": "普查资料", "category": ("统计数据",), "content": "普查公报、普查资料汇编",
     "legal": [("国务院令第415号", ())], "time_limit": "普查结束后6个月内", "responsible_unit": "普查中心",
     "channels": ["政府网站"], "disclosure_type": ["依申请公开"]},
    {"name": "行政处罚", "category": ("统计执法",), "content": "处罚决定书",
     "legal": [("中华人民共和国统计法", ("40",))], "time_limit": "作出决定之日起7个工作日内", "responsible_unit": "执法队",
     "channels": ["政府网站"], "disclosure_type": ["主动公开"]},
]


def tongji_docx(path: Path) -> None:
    from docx import Document
    doc = Document()
    for text in ("某区统计局政府信息公开目录", "第一部分 概述",
                 "一、公开依据：《中华人民共和国政府信息公开条例》《中华人民共和国统计法》。",
                 "【责任主体】某区统计局", "【联系方式】咨询电话：0571-88886666，地址：某区人民路1号",
                 "【公开渠道】区政府门户网站、区统计局微信公众号", "【监督渠道】区政务公开办公室，电话0571-88880000",
                 "第二部分 基本目录"):
        doc.add_paragraph(text)
    header = ["序号", "目录类别", "目录名称", "公开内容和标准", "公开依据", "公开时限", "责任科室（单位）", "公开渠道",
              "公开方式"]
    t = doc.add_table(rows=1 + len(TJ_ROWS), cols=len(header))
    t.style = "Table Grid"
    for j, h in enumerate(header):
        t.cell(0, j).text = h
    for r, row in enumerate(TJ_ROWS, 1):
        t.cell(r, 0).text = str(r)
        for j, v in enumerate(row, 1):
            if v is not None:
                t.cell(r, j).text = v
    # first levels merged down their rows (Word keeps the text in the top cell)
    starts = [r for r, row in enumerate(TJ_ROWS, 1) if row[0] is not None] + [len(TJ_ROWS) + 1]
    for a, b in zip(starts, starts[1:]):
        if b - 1 > a:
            text = t.cell(a, 1).text
            t.cell(a, 1).merge(t.cell(b - 1, 1))
            t.cell(a, 1).text = text
    doc.add_paragraph("注：本目录所列事项实行动态调整。")
    doc.save(path)


# ---------------------------------------------------------------------------------------------------
# 3. An Excel workbook: 更新频率, 公开链接, 相应领域, 咨询及监督举报电话; first levels merged; numbered and
#    run-together channel lists
# ---------------------------------------------------------------------------------------------------

HB_LINK = "https://sthjj.example.gov.cn/col/col{}/index.html"
HB_PHONE = "咨询：0571-87001234\n举报：12369"
HB_GROUPS = [  # 一级事项, [(二级事项, 公开内容, 公开依据, 更新频率, 公开渠道, link no)]
    ("环境质量", [("空气质量", "城市空气质量实时数据、日报", "《中华人民共和国大气污染防治法》第二十三条", "实时",
                   "1.政府网站 2.两微一端", 1101),
                  ("水环境质量", "地表水水质月报", "《中华人民共和国水污染防治法》", "每月", "政府网站微信平台等", 1102)]),
    ("环境执法", [("行政处罚", "行政处罚决定书", "《环境行政处罚办法》（环境保护部令第8号）", "信息形成之日起20个工作日内",
                   "政府网站、报刊", 1201),
                  ("双随机抽查", "抽查计划、抽查结果", "国办发〔2015〕58号", "每季度", "1.政府网站 2.两微一端", 1202),
                  ("信访投诉", "投诉受理及办理情况", "《信访工作条例》", "1次/年", "政府网站", 1203)]),
]

HB_KEY = [
    {"name": "空气质量", "category": ("环境质量",), "content": "城市空气质量实时数据、日报",
     "legal": [("中华人民共和国大气污染防治法", ("23",))], "update_frequency": "实时", "domain": ["环境保护"],
     "subject": "市生态环境局", "channels": ["政府网站", "两微一端"], "link": HB_LINK.format(1101),
     "phones": ["0571-87001234", "12369"]},
    {"name": "水环境质量", "category": ("环境质量",), "content": "地表水水质月报",
     "legal": [("中华人民共和国水污染防治法", ())], "update_frequency": "每月", "domain": ["环境保护"],
     "subject": "市生态环境局", "channels": ["政府网站", "政务微信"], "link": HB_LINK.format(1102),
     "phones": ["0571-87001234", "12369"]},
    {"name": "行政处罚", "category": ("环境执法",), "content": "行政处罚决定书",
     "legal": [("环境保护部令第8号", ())], "update_frequency": "信息形成之日起20个工作日内", "domain": ["环境保护"],
     "subject": "市生态环境局", "channels": ["政府网站", "报刊"], "link": HB_LINK.format(1201),
     "phones": ["0571-87001234", "12369"]},
    {"name": "双随机抽查", "category": ("环境执法",), "content": "抽查计划、抽查结果",
     "legal": [("国办发〔2015〕58号", ())], "update_frequency": "每季度", "domain": ["环境保护"],
     "subject": "市生态环境局", "channels": ["政府网站", "两微一端"], "link": HB_LINK.format(1202),
     "phones": ["0571-87001234", "12369"]},
    {"name": "信访投诉", "category": ("环境执法",), "content": "投诉受理及办理情况",
     "legal": [("信访工作条例", ())], "update_frequency": "1次/年", "domain": ["环境保护"],
     "subject": "市生态环境局", "channels": ["政府网站"], "link": HB_LINK.format(1203),
     "phones": ["0571-87001234", "12369"]},
]


def huanbao_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    wb = Workbook()
    ws = wb.active
    ws.title = "填表说明"
    ws["A1"] = "1. 更新频率填写实时、每月、每季度或信息形成之日起的工作日数。"
    ws["A2"] = "2. 公开链接填写栏目地址。"
    ws = wb.create_sheet("政务公开事项目录")
    header = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "相应领域", "更新频率", "公开主体", "公开渠道",
              "公开链接", "咨询及监督举报电话"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"] = "某市生态环境局政务公开事项目录"
    ws.append(header)
    seq = 1
    for first, rows in HB_GROUPS:
        top = ws.max_row + 1
        for name, content, law, freq, channels, link in rows:
            ws.append([seq, first if ws.max_row + 1 == top else None, name, content, law, "环境保护", freq,
                       "市生态环境局", channels, HB_LINK.format(link), HB_PHONE])
            seq += 1
        if ws.max_row > top:
            ws.merge_cells(start_row=top, start_column=2, end_row=ws.max_row, end_column=2)
            ws.cell(top, 2).alignment = Alignment(vertical="center")
    wb.save(path)


# ---------------------------------------------------------------------------------------------------
# 4. A ruled PDF: a two-row header printed again on each page, first levels merged (SPAN) across page
#    breaks, ticks under 公开对象 and 公开方式
# ---------------------------------------------------------------------------------------------------

JT_GROUPS = [  # 一级事项, [二级事项 …]
    ("机构信息", ["机构职能", "领导信息", "内设机构"]),
    ("政策文件", ["规范性文件", "政策解读"]),
    ("行政许可", ["道路运输经营许可", "公路施工许可", "超限运输许可", "涉路施工许可", "出租汽车经营许可"]),
    ("财政信息", ["部门预算", "部门决算"]),
]
JT_SPECIFIC = {"超限运输许可", "涉路施工许可"}          # 特定群众, 依申请
JT_CHANNEL = {"机构信息": "政府网站", "政策文件": "政府网站、政府公报", "规划信息": "政府网站",
              "行政许可": "政府网站、政务服务中心", "行政处罚": "政府网站", "财政信息": "政府网站、报刊"}
JT_CHANNEL_KEY = {"政府网站": ["政府网站"], "政府网站、政府公报": ["政府网站", "政府公报"],
                  "政府网站、政务服务中心": ["政府网站", "政务服务中心"], "政府网站、报刊": ["政府网站", "报刊"]}


def jt_key() -> list[dict]:
    # written out from the printed table: every row the same law, limit and subject; ticks by item
    out = []
    for first, names in JT_GROUPS:
        for name in names:
            special = name in JT_SPECIFIC
            out.append({"name": name, "category": (first,), "content": f"{name}的具体内容",
                        "legal": [("中华人民共和国政府信息公开条例", ())], "time_limit": "信息形成之日起20个工作日内",
                        "subject": "县交通运输局", "channels": JT_CHANNEL_KEY[JT_CHANNEL[first]],
                        "audience": ["特定群众" if special else "全社会"],
                        "disclosure_type": ["依申请公开" if special else "主动公开"]})
    return out


def jiaotong_pdf(path: Path) -> None:
    """Printed as Word prints a long table: page by page, the two header rows again on page 2; the
    merged 行政许可 cell prints its text on page 1 only (blank below the break), and the row
    超限运输许可 is cut by the break: 超限运输 / 许可, 超限运输许可的 / 具体内容, 信息形成之日起20 / 个工作日内."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    upper = ["序号", "公开事项", "", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "", "公开方式", ""]
    lower = ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请"]
    header_style = [("SPAN", (1, 0), (2, 0)), ("SPAN", (8, 0), (9, 0)), ("SPAN", (10, 0), (11, 0))] + \
        [("SPAN", (j, 0), (j, 1)) for j in (0, 3, 4, 5, 6, 7)]
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=9, leading=11, wordWrap="CJK")

    def p(text: str):      # text wrapped inside its cell, as Word and Excel print it
        return Paragraph(text, cell) if text else ""

    def row(seq, first, name, content, law, limit, subject, channels, special):
        ticks = ["", "√", "", "√"] if special else ["√", "", "√", ""]
        return [seq, first, p(name), p(content), p(law), p(limit), p(subject), p(channels)] + ticks

    law, limit, subject = "《中华人民共和国政府信息公开条例》", "信息形成之日起20个工作日内", "县交通运输局"
    pages: list[list] = [[], []]
    spans: list[list] = [[], []]
    seq, page = 1, 0
    for first, names in JT_GROUPS:
        top = (page, len(pages[page]))
        for name in names:
            special = name in JT_SPECIFIC
            if name == "超限运输许可":          # the page breaks inside this row
                pages[0].append(row(str(seq), "", "超限运输", "超限运输许可的", law, "信息形成之日起20", subject,
                                    JT_CHANNEL[first], special))
                spans[0].append((top[1], len(pages[0]) - 1))
                pages[1].append(row("", "", "许可", "具体内容", "", "个工作日内", "", "", False)[:8] + [""] * 4)
                page, top = 1, (1, 0)
                seq += 1
                continue
            pages[page].append(row(str(seq), first if (page, len(pages[page])) == top else "", name,
                                   f"{name}的具体内容", law, limit, subject, JT_CHANNEL[first], special))
            seq += 1
        if top[0] == page and len(pages[page]) - 1 > top[1]:
            spans[page].append((top[1], len(pages[page]) - 1))
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=14, leading=18)
    story = [Paragraph("某县交通运输局政府信息公开目录", title), Spacer(1, 6)]
    for n, (rows, merged) in enumerate(zip(pages, spans)):
        style = [("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + header_style + \
            [("SPAN", (1, a + 2), (1, b + 2)) for a, b in merged if b > a]
        table = Table([upper, lower] + rows, colWidths=[30, 60, 80, 90, 110, 70, 70, 90, 40, 40, 35, 40],
                      rowHeights=[20, 20] + [34] * len(rows))
        table.setStyle(TableStyle(style))
        story += [table] + ([PageBreak()] if n == 0 else [])
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), topMargin=36, bottomMargin=36)
    doc.build(story)


# ---------------------------------------------------------------------------------------------------
# 5. A tab text copy of a web page (rowspans lost: the rows below a merge have fewer cells, shifted
#    left); one cell naming audience and type together (全社会范围主动公开)
# ---------------------------------------------------------------------------------------------------

MZ_TEXT = """某县民政局政府信息公开目录
序号\t一级目录\t二级目录\t公开内容\t公开依据\t公开时限\t公开主体\t公开渠道\t公开对象\t公开方式
1\t社会救助\t最低生活保障\t低保对象名单、保障标准\t《社会救助暂行办法》（国务院令第649号）\t每季度\t县民政局\t政府网站、公告栏\t全社会\t主动公开
2\t特困人员救助供养\t供养标准、供养人员名单\t每季度\t县民政局\t政府网站、公告栏\t全社会\t主动公开
3\t临时救助\t救助对象、救助金额\t作出决定之日起20个工作日内\t县民政局\t政府网站\t全社会范围主动公开\t
4\t养老服务\t养老机构\t养老机构名录、服务收费标准\t《养老机构管理办法》（民政部令第66号）\t信息变更之日起20个工作日内\t县民政局\t政府网站\t全社会\t主动公开
5\t高龄津贴\t发放对象、发放标准\t《老年人权益保障法》第三十三条\t每年1月31日前\t县民政局\t政府网站、公告栏\t特定群众\t依申请公开
6\t社会组织\t登记信息\t成立、变更、注销登记结果\t《社会团体登记管理条例》\t作出决定之日起20个工作日内\t县民政局\t政府网站\t全社会\t主动公开
注：公开方式为“依申请公开”的，可向县民政局申请。
"""

MZ_KEY = [
    {"name": "最低生活保障", "category": ("社会救助",), "content": "低保对象名单、保障标准",
     "legal": [("国务院令第649号", ())], "time_limit": "每季度", "subject": "县民政局",
     "channels": ["政府网站", "信息公告栏"], "audience": ["全社会"], "disclosure_type": ["主动公开"]},
    {"name": "特困人员救助供养", "category": ("社会救助",), "content": "供养标准、供养人员名单",
     "legal": [("国务院令第649号", ())], "time_limit": "每季度", "subject": "县民政局",
     "channels": ["政府网站", "信息公告栏"], "audience": ["全社会"], "disclosure_type": ["主动公开"]},
    {"name": "临时救助", "category": ("社会救助",), "content": "救助对象、救助金额",
     "legal": [("国务院令第649号", ())], "time_limit": "作出决定之日起20个工作日内", "subject": "县民政局",
     "channels": ["政府网站"], "audience": ["全社会"], "disclosure_type": ["主动公开"]},
    {"name": "养老机构", "category": ("养老服务",), "content": "养老机构名录、服务收费标准",
     "legal": [("民政部令第66号", ())], "time_limit": "信息变更之日起20个工作日内", "subject": "县民政局",
     "channels": ["政府网站"], "audience": ["全社会"], "disclosure_type": ["主动公开"]},
    {"name": "高龄津贴", "category": ("养老服务",), "content": "发放对象、发放标准",
     "legal": [("老年人权益保障法", ("33",))], "time_limit": "每年1月31日前", "subject": "县民政局",
     "channels": ["政府网站", "信息公告栏"], "audience": ["特定群众"], "disclosure_type": ["依申请公开"]},
    {"name": "登记信息", "category": ("社会组织",), "content": "成立、变更、注销登记结果",
     "legal": [("社会团体登记管理条例", ())], "time_limit": "作出决定之日起20个工作日内", "subject": "县民政局",
     "channels": ["政府网站"], "audience": ["全社会"], "disclosure_type": ["主动公开"]},
]


def minzheng_tsv(path: Path) -> None:
    path.write_bytes(MZ_TEXT.encode("gb18030"))


# ---------------------------------------------------------------------------------------------------
# 6. One cell per line (a Word table copied to text): 条款内容, 公开时长, 公开层级 as text, 五公开
# ---------------------------------------------------------------------------------------------------

ZF_HEADER = ["序号", "事项类别", "事项名称", "条款内容", "公开依据", "公开时长", "公开层级", "责任单位", "五公开"]
ZF_ROWS = [
    ["1", "财政预决算", "部门预算", "部门预算及说明、“三公”经费预算", "《中华人民共和国预算法》第十四条", "长期",
     "县级、乡级", "镇财政所", "执行和结果"],
    ["2", "", "部门决算", "部门决算及说明、\n“三公”经费决算", "《中华人民共和国预算法》第十四条", "长期", "县级、乡级",
     "镇财政所", "结果"],
    ["3", "涉农补贴", "耕地地力保护补贴", "补贴对象、补贴标准、补贴金额", "财农〔2016〕26 号", "5年", "乡级、村级",
     "镇农业综合服务中心", "执行和结果"],
    ["4", "", "农机购置补贴", "补贴机具、补贴额度", "《农业机械化促进法》第4条", "5年", "乡级", "镇农业综合服务中心",
     "决策"],
    ["5", "户籍管理", "户口迁移", "办理条件、所需材料、办理流程", "《中华人民共和国户口登记条例》第十条", "长期", "乡级",
     "镇派出所", "服务"],
]

ZF_KEY = [
    {"name": "部门预算", "category": ("财政预决算",), "article_text": "部门预算及说明、“三公”经费预算",
     "legal": [("中华人民共和国预算法", ("14",))], "duration": "长期", "level": ["县级", "乡级"],
     "responsible_unit": "镇财政所", "stage": ["执行", "结果"]},
    {"name": "部门决算", "category": ("财政预决算",), "article_text": "部门决算及说明、“三公”经费决算",
     "legal": [("中华人民共和国预算法", ("14",))], "duration": "长期", "level": ["县级", "乡级"],
     "responsible_unit": "镇财政所", "stage": ["结果"]},
    {"name": "耕地地力保护补贴", "category": ("涉农补贴",), "article_text": "补贴对象、补贴标准、补贴金额",
     "legal": [("财农〔2016〕26号", ())], "duration": "5年", "level": ["乡级", "村级"],
     "responsible_unit": "镇农业综合服务中心", "stage": ["执行", "结果"]},
    {"name": "农机购置补贴", "category": ("涉农补贴",), "article_text": "补贴机具、补贴额度",
     "legal": [("农业机械化促进法", ("4",))], "duration": "5年", "level": ["乡级"],
     "responsible_unit": "镇农业综合服务中心", "stage": ["决策"]},
    {"name": "户口迁移", "category": ("户籍管理",), "article_text": "办理条件、所需材料、办理流程",
     "legal": [("中华人民共和国户口登记条例", ("10",))], "duration": "长期", "level": ["乡级"],
     "responsible_unit": "镇派出所", "stage": ["服务"]},
]


def zhen_cell_per_line(path: Path) -> None:
    lines = ["某镇人民政府政务公开事项目录", "一、说明", "本目录依据《中华人民共和国政府信息公开条例》编制。", ""]
    for row in [ZF_HEADER] + ZF_ROWS:
        for cell in row:
            first, *rest = cell.split("\n")
            lines.append("\t" + first)
            lines += rest
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# 7. A web page saved without its charset (GB18030 bytes, no <meta>), the table split in two (the
#    header printed again at a page break, no titles), Wingdings boxes as private-use characters in symbol-font spans,
#    公开属性 naming type and method in one cell, 特定群体, 更新频次, 内容规范, 公开责任
# ---------------------------------------------------------------------------------------------------

WJ_BOX = {True: '<span style="font-family:Wingdings">\uf0fe</span>',
          False: "<span style='font-family:Wingdings'>\uf0a8</span>"}
WJ_CHANNELS = ("政府网站", "政务微博", "公开查阅点")
WJ_ROWS = [  # 事项类别, 事项名称, 公开内容, 内容规范, 公开依据, 公开时限, 公开责任, channel ticks, 公开属性, 公开对象, 更新频次
    [("机构信息", 2, "机构职能", "职能配置、内设机构", "按三定方案公开", "《中华人民共和国政府信息公开条例》第二十条",
      "信息形成或变更之日起20个工作日内", "办公室", (True, False, True), "主动公开（全文发布）", "全社会", "常态化"),
     (None, 0, "领导分工", "领导姓名、职务、分工", "随调整及时更新", "《中华人民共和国政府信息公开条例》第二十条",
      "信息形成或变更之日起20个工作日内", "办公室", (True, True, False), "主动公开（全文发布）", "全社会", "常态化"),
     ("卫生监督", 2, "监督检查", "检查计划、检查结果", "", "国卫监督发〔2019〕11 号", "检查结束后7个工作日内", "卫生监督所",
      (True, False, False), "主动公开", "全社会", "至少两周更新1次"),
     (None, 0, "行政处罚", "处罚决定书", "去除个人隐私", "《中华人民共和国行政处罚法》", "作出决定之日起7个工作日内",
      "卫生监督所", (True, False, False), "主动公开（脱密（脱敏）公开）", "全社会", "实时")],
    [("医疗服务", 2, "医疗机构名录", "机构名称、地址、诊疗科目", "", "《医疗机构管理条例》", "每年1月31日前", "医政科",
      (True, True, True), "主动公开（全文发布）", "全社会", "每年"),
     (None, 0, "出生医学证明", "办理条件、流程", "", "《中华人民共和国母婴保健法》", "实时", "妇幼科",
      (False, False, True), "依申请公开", "特定群体", "常态化")],
]

WJ_KEY = [
    {"name": "机构职能", "category": ("机构信息",), "content": "职能配置、内设机构",
     "legal": [("中华人民共和国政府信息公开条例", ("20",))], "time_limit": "信息形成或变更之日起20个工作日内",
     "responsible_unit": "办公室", "channels": ["政府网站", "公开查阅点"], "disclosure_type": ["主动公开"],
     "methods": ["全文发布"], "audience": ["全社会"], "update_frequency": "常态化"},
    {"name": "领导分工", "category": ("机构信息",), "content": "领导姓名、职务、分工",
     "legal": [("中华人民共和国政府信息公开条例", ("20",))], "time_limit": "信息形成或变更之日起20个工作日内",
     "responsible_unit": "办公室", "channels": ["政府网站", "政务微博"], "disclosure_type": ["主动公开"],
     "methods": ["全文发布"], "audience": ["全社会"], "update_frequency": "常态化"},
    {"name": "监督检查", "category": ("卫生监督",), "content": "检查计划、检查结果",
     "legal": [("国卫监督发〔2019〕11号", ())], "time_limit": "检查结束后7个工作日内", "responsible_unit": "卫生监督所",
     "channels": ["政府网站"], "disclosure_type": ["主动公开"], "methods": [], "audience": ["全社会"],
     "update_frequency": "至少两周更新1次"},
    {"name": "行政处罚", "category": ("卫生监督",), "content": "处罚决定书",
     "legal": [("中华人民共和国行政处罚法", ())], "time_limit": "作出决定之日起7个工作日内", "responsible_unit": "卫生监督所",
     "channels": ["政府网站"], "disclosure_type": ["主动公开"], "methods": ["脱密（脱敏）公开"], "audience": ["全社会"],
     "update_frequency": "实时"},
    {"name": "医疗机构名录", "category": ("医疗服务",), "content": "机构名称、地址、诊疗科目",
     "legal": [("医疗机构管理条例", ())], "time_limit": "每年1月31日前", "responsible_unit": "医政科",
     "channels": ["政府网站", "政务微博", "公开查阅点"], "disclosure_type": ["主动公开"], "methods": ["全文发布"],
     "audience": ["全社会"], "update_frequency": "每年"},
    {"name": "出生医学证明", "category": ("医疗服务",), "content": "办理条件、流程",
     "legal": [("中华人民共和国母婴保健法", ())], "time_limit": "实时", "responsible_unit": "妇幼科",
     "channels": ["公开查阅点"], "disclosure_type": ["依申请公开"], "methods": [], "audience": ["特定群众"],
     "update_frequency": "常态化"},
]


def weijian_html(path: Path) -> None:
    head = ("<thead><tr><th>序号</th><th>事项类别</th><th>事项名称</th><th>公开内容</th><th>内容规范</th><th>公开依据</th>"
            "<th>公开时限</th><th>公开责任</th><th>公开渠道和载体</th><th>公开属性</th><th>公开对象</th><th>更新频次</th>"
            "</tr></thead>")
    tables, seq = [], 1
    for part in WJ_ROWS:
        rows = []
        for first, span, name, content, spec, law, limit, unit, boxes, kind, audience, freq in part:
            cells = [f"<td>{seq}</td>"]
            if first is not None:
                cells.append(f'<td rowspan="{span}" valign="middle">{first}</td>')
            channels = "&nbsp;".join(f"{WJ_BOX[b]}{c}" for b, c in zip(boxes, WJ_CHANNELS))
            cells += [f"<td>{v}</td>" for v in (name, content, spec, law, limit, unit)]
            cells += [f"<td>{channels}</td>", f"<td>{kind}</td>", f"<td>{audience}</td>", f"<td>{freq}</td>"]
            rows.append("<tr>" + "".join(cells) + "</tr>")
            seq += 1
        tables.append(f'<table class="MsoNormalTable" border="1">{head}<tbody>{"".join(rows)}</tbody></table>')
    page = ("<!DOCTYPE html><html><head><title>某市卫生健康委员会政府信息公开目录</title></head><body>"
            "<div class=\"article\"><h1>某市卫生健康委员会政府信息公开目录</h1>"
            "<p>索引号：000014349/2024-00031　发布机构：市卫生健康委</p>"
            + "<p style=\"page-break-before:always\"></p>".join(tables) + "</div></body></html>")
    path.write_bytes(page.encode("gb18030"))


CATALOGUES = [
    Unseen("qingshan-jiceng", "qingshan.html", "web page, GBK, a table per domain with title rows, three levels, "
           "公开层级 ticks", qingshan_html, QS_KEY,
           ("category", "content", "legal", "time_limit", "subject", "channels", "audience", "disclosure_type",
            "level")),
    Unseen("qingshan-text", "qingshan.txt", "text copy of that page: merges lost, cells shifted, ticks as "
           "empty fields", qingshan_text, QS_KEY,
           ("category", "content", "legal", "time_limit", "subject", "channels", "audience", "disclosure_type",
            "level")),
    Unseen("qu-tongji", "tongji.docx", "Word, preamble, þ/¨ boxes, articles and bare numbers", tongji_docx, TJ_KEY,
           ("category", "content", "legal", "time_limit", "responsible_unit", "channels", "disclosure_type")),
    Unseen("shi-huanbao", "huanbao.xlsx", "Excel, 更新频率 公开链接 相应领域 举报电话, merged first levels",
           huanbao_xlsx, HB_KEY,
           ("category", "content", "legal", "update_frequency", "domain", "subject", "channels", "link", "phones")),
    Unseen("xian-jiaotong", "jiaotong.pdf", "ruled PDF, two-row header on every page, merges across pages",
           jiaotong_pdf, jt_key(),
           ("category", "content", "legal", "time_limit", "subject", "channels", "audience", "disclosure_type")),
    Unseen("xian-minzheng", "minzheng.txt", "tab text copy of a web page, cells shifted left under merges",
           minzheng_tsv, MZ_KEY,
           ("category", "content", "legal", "time_limit", "subject", "channels", "audience", "disclosure_type")),
    Unseen("zhen-zhengfu", "zhen.txt", "one cell per line, 条款内容 公开时长 公开层级 五公开",
           zhen_cell_per_line, ZF_KEY,
           ("category", "article_text", "legal", "duration", "level", "responsible_unit", "stage")),
    Unseen("shi-weijian", "weijian.htm", "web page, GB18030 undeclared, table split in two, Wingdings PUA, "
           "type and method in one cell", weijian_html, WJ_KEY,
           ("category", "content", "legal", "time_limit", "responsible_unit", "channels", "disclosure_type",
            "methods", "audience", "update_frequency")),
]
