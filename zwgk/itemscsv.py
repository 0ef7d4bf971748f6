"""items.csv: one row per disclosure item, the public tabular interface for open-data portals.

The header is fixed (FIELDS); list cells are joined with '|'; text is cleaned of extraction debris.

Cells are text from untrusted catalogues, and a spreadsheet opening the file runs a cell that starts
with '=', '+', '-' or '@' (or a tab or carriage return before one) as a formula ("CSV injection").
Such a cell is written with a single quote in front (the OWASP rule: `=HYPERLINK(…)` → `'=HYPERLINK(…)`),
except a plain number such as `-1` or `+86`, which a spreadsheet reads as that number. Nothing else
changes: phone numbers (`0574-88275503`), IRIs and Chinese text never start with those characters.
"""
from __future__ import annotations

import csv
import io
import re
from operator import itemgetter

from .mappings import Catalogue
from .ontology import CodeLists
from .uris import URIs

FIELDS = ["item_uri", "catalogue", "agency", "row", "seq", "code", "category", "name", "content", "spec",
          "legal_basis", "legal_basis_ids", "time_limit", "time_limit_days", "subject", "responsible_unit",
          "channels", "methods", "disclosure_type", "audience", "stage", "phones", "source_file",
          "source_lines", "level", "update_frequency", "domain", "link", "article_refs", "duration",
          "article_text", "extra", "legal_basis_uris", "time_limit_unit"]

#: time_limit_unit: which days time_limit_days counts
DAY_UNITS = {"working-day": "工作日", "day": "日"}

#: what a spreadsheet may take for the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: the first characters of a text `neutralise` may change: any other text goes as it is, unlooked at
_SUSPECT = frozenset(("'",) + FORMULA_STARTS)
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def _guarded(value: str) -> bool:
    """Whether `neutralise` quotes this text: it starts like a formula after any number of "'" (a plain
    number such as -1 is no formula)."""
    core = value.lstrip("'")
    return core.startswith(FORMULA_STARTS) and not (core == value and _PLAIN_NUMBER.fullmatch(value))


def neutralise(value):
    """A cell value safe to open in a spreadsheet: text starting like a formula gets a leading "'" (also
    when "'" already precede it, so that `restore` can undo it exactly)."""
    if isinstance(value, str) and _guarded(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` was given."""
    return value[1:] if value.startswith("'") and _guarded(value[1:]) else value


def link_cell(text: str, urls: list[str]) -> str:
    """公开链接: its URLs joined by '|' when the cell holds nothing else, else the text as printed."""
    rest = text
    for url in urls:
        rest = rest.replace(url, "")
    return "|".join(urls) if urls and not rest.strip(" \t\n、，,；;|") else text


def article_refs(r) -> str:
    """The cited articles: law identifier/art/number, joined by '|' (国务院令第711号/art/20)."""
    return "|".join(f"{c.identifier}/art/{a}" for c in r.legal_basis for a in getattr(c, "articles", ()) or ())


def records(cat: Catalogue, uris: URIs, codes: CodeLists):
    m = cat.mapping
    labels = lambda iris: "|".join(codes.label(i) for i in iris)  # noqa: E731
    for r in cat.records:
        t = r.time_limit
        row = {
            "item_uri": uris.item(m.catalogue_id, r.key), "catalogue": m.catalogue_id, "agency": m.agency_name,
            "row": r.row, "seq": r.seq, "code": r.code, "category": "|".join(r.category), "name": r.name,
            "content": r.content, "spec": r.spec,
            "legal_basis": "|".join(c.text for c in r.legal_basis),
            # document numbers only (国务院令第711号); an instrument cited by title alone has none here,
            # its IRI is in legal_basis_uris, one per entry of legal_basis
            "legal_basis_ids": "|".join(c.doc_number for c in r.legal_basis if c.doc_number),
            "time_limit": t.text if t else "", "time_limit_days": t.days if t and t.days is not None else "",
            "subject": r.subject, "responsible_unit": r.responsible_unit,
            "channels": labels(r.channels), "methods": labels(r.methods),
            "disclosure_type": labels(r.disclosure_type), "audience": labels(r.audience),
            "stage": labels(r.stage), "phones": "|".join(r.phones),
            "source_file": r.source_file, "source_lines": r.source_lines,
            "level": labels(r.level), "update_frequency": r.update_frequency.text if r.update_frequency else "",
            "domain": labels(r.domain), "link": link_cell(r.link, r.link_urls), "article_refs": article_refs(r),
            "duration": r.duration, "article_text": r.article_text,
            "extra": "|".join(f"{label}: {text}" for label, text in r.extra),
            "legal_basis_uris": "|".join(uris.law(c.identifier) for c in r.legal_basis),
            "time_limit_unit": DAY_UNITS.get(t.unit, "") if t and t.days is not None else "",
        }
        yield row


def write_csv(cats: list[Catalogue], uris: URIs, codes: CodeLists) -> bytes:
    return _csv(values for cat in cats for values in _values(cat, uris, codes))


_IN_ORDER = itemgetter(*FIELDS)


def _values(cat: Catalogue, uris: URIs, codes: CodeLists):
    """`records` as tuples in the order of FIELDS."""
    for r in records(cat, uris, codes):
        yield _IN_ORDER(r)


def _csv(rows) -> bytes:
    """items.csv of these rows (values in the order of FIELDS): the header, then each row with the cells a
    spreadsheet would run as formulas neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    # `neutralise` asked only of text starting with a character it looks at (and of what is not text): the
    # same cells, without a call for most of them (csv_and_xlsx_rows: 15.4 → 13.7 M instructions a catalogue)
    w.writerows([neutralise(v) if v.__class__ is not str or v[:1] in _SUSPECT else v for v in r] for r in rows)
    return buf.getvalue().encode("utf-8")


def csv_and_xlsx_rows(cat: Catalogue, uris: URIs, codes: CodeLists) -> tuple[bytes, bytes]:
    """A catalogue's items.csv (`write_csv` of it) and its rows of items.xlsx (`xlsx_rows` of that CSV), made
    from one reading of its records rather than the rows read back from the CSV: 2.9 instead of 3.7 ms for
    city-ybj. The same bytes either way (tests/test_items_xlsx.py)."""
    from .xlsx import texts_xml
    values = list(_values(cat, uris, codes))
    # the texts the CSV holds (None as ""), before its formula guard
    texts = [["" if v is None else str(v) for v in r] for r in values]
    return _csv(values), texts_xml(FIELDS, texts, set(NUMERIC))[0]


def xlsx_from_csv(csv_bytes: bytes) -> bytes:
    """items.xlsx from items.csv (so it can be made from however items.csv was assembled): the same rows
    as a workbook, for spreadsheet users (Excel on Chinese Windows opens a UTF-8 CSV without a BOM as
    mojibake). Cells hold the text as minted (the CSV's formula guard undone, `restore`) stored as text,
    never as a formula; `row` and `time_limit_days` are numbers; the header row is frozen and filtered;
    a second sheet describes the columns. (zwgk.xlsx writes it; `xlsx_rows` and `xlsx_from_rows` let a
    build keep each catalogue's rows and put them together.)"""
    data, header, n = xlsx_rows(csv_bytes)
    return xlsx_from_rows(header, [data], n)


def xlsx_rows(csv_bytes: bytes) -> tuple[bytes, list[str], int]:
    """The data rows of (a catalogue's) items CSV as the workbook's XML rows. (XML, header, rows)"""
    from .xlsx import rows_xml
    return rows_xml(csv_bytes, set(NUMERIC), restore)


def xlsx_from_rows(header: list[str], data_rows, n_rows: int) -> bytes:
    """The workbook around rows made by `xlsx_rows` (each catalogue's, in order)."""
    from .xlsx import workbook
    widths = {"item_uri": 48, "name": 30, "content": 40, "legal_basis": 40, "category": 24}
    about = [[name, *COLUMNS.get(name, ("", "", "", False))[:2], "|" if COLUMNS.get(name, ("",) * 4)[3] else ""]
             for name in header]
    return workbook(header, data_rows, n_rows, widths, about, ["column", "说明", "description", "list separated by |"])


NUMERIC = ("row", "time_limit_days")


#: items.csv's columns described for CSVW (W3C Tabular Data): (zh, en) description, datatype, list column
COLUMNS = {
    "item_uri": ("事项的 IRI", "the item's IRI", "anyURI", False),
    "catalogue": ("目录标识（catalogue.id）", "the catalogue's id (catalogue.id)", "string", False),
    "agency": ("公开机关名称", "the name of the publishing agency", "string", False),
    "row": ("事项在目录中的序次（从 1 起）", "the item's position in its catalogue, from 1", "integer", False),
    "seq": ("序号", "the printed sequence number (序号)", "string", False),
    "code": ("事项编码", "the item code (事项编码)", "string", False),
    "category": ("事项类别路径，一级在前", "the category path, first level first", "string", True),
    "name": ("事项名称", "the item's name (事项名称)", "string", False),
    "content": ("公开内容", "what is disclosed (公开内容)", "string", False),
    "spec": ("内容规范", "the content specification (内容规范)", "string", False),
    "legal_basis": ("公开依据原文，每项一个", "the legal bases as printed, one per citation", "string", True),
    "legal_basis_ids": ("公开依据的规范文号（只列有文号者，如 国务院令第711号）",
                        "the normalised document numbers of the legal bases (only those cited with one, "
                        "e.g. 国务院令第711号)", "string", True),
    "time_limit": ("公开时限原文", "the time limit as printed (公开时限)", "string", False),
    "time_limit_days": ("以日计的时限天数（工作日或日）", "the limit in days, when counted in (working) days",
                        "integer", False),
    "subject": ("公开主体原文", "the disclosing subject as printed (公开主体)", "string", False),
    "responsible_unit": ("责任科室（单位）原文", "the responsible unit as printed (责任科室)", "string", False),
    "channels": ("公开渠道（代码表首选标签）", "disclosure channels (preferred labels of the code list)", "string", True),
    "methods": ("公开方式", "publication methods (preferred labels)", "string", True),
    "disclosure_type": ("公开属性（主动 / 依申请）", "disclosure type: proactive or on request (preferred labels)",
                        "string", True),
    "audience": ("公开对象", "audiences (preferred labels)", "string", True),
    "stage": ("五公开（决策 执行 管理 服务 结果）", "stages of the five disclosures (preferred labels)", "string", True),
    "phones": ("咨询电话", "enquiry phone numbers as printed", "string", True),
    "source_file": ("来源文件", "the source file, relative to the project", "string", False),
    "source_lines": ("来源中的行（或片段）", "the lines (or fragment) of the source the item was read from",
                     "string", False),
    "level": ("公开层级", "administrative levels of disclosure (preferred labels)", "string", True),
    "update_frequency": ("更新频率原文", "the update frequency as printed (更新频率)", "string", False),
    "domain": ("基层政务公开领域", "grassroots disclosure domains (preferred labels)", "string", True),
    "link": ("公开链接：网址，或不是网址时的原文", "the disclosure link: its URLs, or the text when it is not only URLs",
             "string", True),
    "article_refs": ("引用的条款：依据标识/art/条号", "cited articles: legal-basis identifier/art/article number",
                     "string", True),
    "duration": ("公开时长", "how long the information stays disclosed (公开时长)", "string", False),
    "article_text": ("条款内容", "the text of the cited provisions (条款内容)", "string", False),
    "extra": ("其他栏目，每栏“栏目名: 内容”", "other columns kept, each as 'label: text'", "string", True),
    "time_limit_unit": ("time_limit_days 所计的日：工作日 或 日", "what time_limit_days counts: 工作日 (working days) "
                        "or 日 (calendar days)", "string", False),
    "legal_basis_uris": ("公开依据的 IRI，与 legal_basis 逐项对应（无文号者亦有）",
                         "the IRIs of the legal bases, one per entry of legal_basis (also those without a number)",
                         "anyURI", True),
}


def csvw_metadata(csv_name: str = "items.csv") -> bytes:
    """CSVW metadata for items.csv: every column with its title, zh and en description, datatype and
    '|' separator for list columns; item_uri is the row's subject and primary key."""
    import json
    columns = []
    for name in FIELDS:
        zh, en, datatype, is_list = COLUMNS[name]
        col = {"name": name, "titles": name,
               "dc:description": [{"@value": zh, "@language": "zh"}, {"@value": en, "@language": "en"}],
               "datatype": datatype}
        if is_list:
            col["separator"] = "|"
        if name == "item_uri":
            col["required"] = True
        columns.append(col)
    meta = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": csv_name,
        "dc:title": [{"@value": "政府信息公开目录事项", "@language": "zh"},
                     {"@value": "Disclosure catalogue items", "@language": "en"}],
        "dialect": {"encoding": "utf-8", "header": True},
        "tableSchema": {"columns": columns, "primaryKey": "item_uri", "aboutUrl": "{+item_uri}"},
    }
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
