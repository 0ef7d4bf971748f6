"""Headings of two levels over a catalogue's items (`titles:` given as a list of levels, outer first): a county's
compilation (汇编) of its bodies' catalogues puts a body's heading (一、县财政局) over its tables and domain
headings (（一）财政预决算) under it, as heading paragraphs, rows across the table or lines of a text copy. Each
level is kept until a heading of its own or an outer one replaces it (an outer heading clears the inner levels).
Every file is built here, in code; each is read with a mapping written as a user would (the draft's proposal
is tested in tests/test_draft_title_levels.py)."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from zwgk.mappings import MappingError, ReadError, load_mapping, read_catalogue

from .conftest import BASE
from .test_hostile import DIGITS, SLOW
from .test_several_tables import add_table

HEADER = ["序号", "事项名称", "公开内容", "公开时限"]
#: body → its domains → their items (a town's 机构信息 as a county department's: the same domain, another body)
BODIES = {"县财政局": {"财政预决算": ["政府预算", "政府决算"], "政府采购": ["采购意向"]},
          "某某镇人民政府": {"机构信息": ["机构职能"], "社会救助": ["低保对象公示", "特困人员名单"]}}
NUMBERS = "一二三四五六七八九十"
WANT = [("县财政局", ["财政预决算"], "政府预算"), ("县财政局", ["财政预决算"], "政府决算"),
        ("县财政局", ["政府采购"], "采购意向"), ("某某镇人民政府", ["机构信息"], "机构职能"),
        ("某某镇人民政府", ["社会救助"], "低保对象公示"), ("某某镇人民政府", ["社会救助"], "特困人员名单")]

LEVELS = """titles:
  - {role: subject, pattern: '^[一二三四五六七八九十]+、(.+)$'}
  - {role: category, pattern: '^[（(][一二三四五六七八九十]+[)）](.+)$'}
"""


def mapping(reader: str, source: str, titles: str = LEVELS, extra: str = "") -> str:
    return f"""catalogue: {{id: hb, source: {source}}}
agency: {{id: xian, name: 某某县人民政府}}
reader: {reader}
columns:
  - {{role: seq, header: 序号}}
  - {{role: name, header: 事项名称}}
  - {{role: content, header: 公开内容}}
  - {{role: time_limit, header: 公开时限}}
{extra}{titles}"""


def item(n: int, name: str) -> list[str]:
    return [str(n), name, f"{name}的内容", "20个工作日内"]


def read(folder: Path, source: str, reader: str, titles: str = LEVELS, extra: str = ""):
    (folder / "m.yaml").write_text(mapping(reader, source, titles, extra), encoding="utf-8")
    return read_catalogue(load_mapping(folder / "m.yaml"), folder, BASE)


def got(cat) -> list[tuple]:
    return [(r.subject, r.category, r.name) for r in cat.records]


def html_rows_across(folder: Path) -> str:
    """A web page: each body's heading a paragraph over its table, its domains rows across the table."""
    tables = []
    for b, (body, domains) in enumerate(BODIES.items()):
        rows = ["<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>"]
        n = 0
        for d, (domain, names) in enumerate(domains.items()):
            rows.append(f"<tr><td colspan=4>（{NUMBERS[d]}）{domain}</td></tr>")
            for name in names:
                n += 1
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in item(n, name)) + "</tr>")
        tables.append(f"<p>{NUMBERS[b]}、{body}</p><table border=1>{''.join(rows)}</table>")
    (folder / "hb.html").write_text('<html><head><meta charset="utf-8"></head><body><h2>某某县政务公开标准目录汇编</h2>'
                                    + "".join(tables) + "</body></html>", encoding="utf-8")
    return "hb.html"


def docx_headings(folder: Path) -> str:
    """A Word document: both levels heading paragraphs, one table per domain (its header printed over each)."""
    d = docx.Document()
    d.add_paragraph("某某县政务公开标准目录汇编")
    for b, (body, domains) in enumerate(BODIES.items()):
        d.add_paragraph(f"{NUMBERS[b]}、{body}")
        for k, (domain, names) in enumerate(domains.items()):
            d.add_paragraph(f"（{NUMBERS[k]}）{domain}")
            add_table(d, [HEADER] + [item(n, name) for n, name in enumerate(names, 1)])
    d.save(folder / "hb.docx")
    return "hb.docx"


def text_copy(folder: Path) -> str:
    """A text copy (Word saved as text): headings lines of one cell, the header printed under each body's."""
    lines = ["某某县政务公开标准目录汇编", ""]
    for b, (body, domains) in enumerate(BODIES.items()):
        lines += [f"{NUMBERS[b]}、{body}", "\t".join(HEADER)]
        n = 0
        for k, (domain, names) in enumerate(domains.items()):
            lines.append(f"（{NUMBERS[k]}）{domain}")
            for name in names:
                n += 1
                lines.append("\t".join(item(n, name)))
        lines.append("")
    (folder / "hb.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "hb.txt"


def workbook_title_rows(folder: Path) -> str:
    """A workbook, one sheet per body: its heading the title row above the header, its domains rows in the
    first cell alone."""
    wb = Workbook()
    wb.remove(wb.active)
    for b, (body, domains) in enumerate(BODIES.items()):
        ws = wb.create_sheet(f"表{b + 1}")
        ws.append([f"{NUMBERS[b]}、{body}"])
        ws.append(HEADER)
        n = 0
        for k, (domain, names) in enumerate(domains.items()):
            ws.append([f"（{NUMBERS[k]}）{domain}"])
            for name in names:
                n += 1
                ws.append(item(n, name))
    wb.save(folder / "hb.xlsx")
    return "hb.xlsx"


FORMS = [(html_rows_across, "html"), (docx_headings, "docx"), (text_copy, "tsv"), (workbook_title_rows, "xlsx")]


@pytest.mark.parametrize("make,reader", FORMS, ids=[r for _, r in FORMS])
def test_a_body_heading_and_domain_headings_give_subject_and_category(make, reader, tmp_path):
    """With one rule the inner heading replaced the outer as the rows' title: the body was lost (role: subject:
    no subject, the domains warned of as not matching; role: category: the domain only)."""
    cat = read(tmp_path, make(tmp_path), reader)
    assert got(cat) == WANT
    assert not [w for w in cat.warnings if "titles" in w or "spanning" in w], cat.warnings


def test_an_outer_heading_clears_the_inner_level(tmp_path):
    """A body whose items stand under no domain heading: they take the new body and no domain (not the domain
    of the body before)."""
    lines = ["某某县政务公开标准目录汇编", "一、县财政局", "\t".join(HEADER), "（一）财政预决算", "\t".join(item(1, "政府预算")),
             "二、县民政局", "\t".join(HEADER), "\t".join(item(1, "机构职能")), "（一）社会救助", "\t".join(item(2, "低保名单"))]
    (tmp_path / "c.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat = read(tmp_path, "c.txt", "tsv")
    assert got(cat) == [("县财政局", ["财政预决算"], "政府预算"), ("县民政局", [], "机构职能"),
                        ("县民政局", ["社会救助"], "低保名单")]


def test_levels_of_categories_go_before_the_items_own_path(tmp_path):
    """Two category levels (the domain, its part) before the category the row's own column gives; a line no level
    matches (a sentence, the catalogue's title) heads nothing; an item's own subject cell wins over the heading."""
    lines = ["某某镇政务公开标准目录", "一、社会救助", "本部分公开社会救助信息。", "\t".join(HEADER + ["一级事项", "公开主体"]),
             "（一）最低生活保障", "\t".join(item(1, "办理指南") + ["政策", ""]),
             "\t".join(item(2, "审核结果") + ["结果", "县民政局"]), "二、公共文化", "\t".join(item(3, "活动预告") + ["活动", ""])]
    (tmp_path / "d.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    levels = """titles:
  - {role: category, pattern: '^[一二三四五六七八九十]+、(.+)$'}
  - {role: category, pattern: '^[（(][一二三四五六七八九十]+[)）](.+)$'}
"""
    extra_cols = "  - {role: category, header: 一级事项}\n  - {role: subject, header: 公开主体}\n"
    text = mapping("tsv", "d.txt", levels).replace("columns:\n", "columns:\n", 1)
    text = text.replace("  - {role: time_limit, header: 公开时限}\n", "  - {role: time_limit, header: 公开时限}\n" + extra_cols)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    cat = read_catalogue(load_mapping(tmp_path / "m.yaml"), tmp_path, BASE)
    assert got(cat) == [("", ["社会救助", "最低生活保障", "政策"], "办理指南"),
                        ("县民政局", ["社会救助", "最低生活保障", "结果"], "审核结果"),
                        ("", ["公共文化", "活动"], "活动预告")]


def test_a_level_that_is_ignored_clears_the_levels_inside_it(tmp_path):
    """第一部分 县直部门 over the bodies: an `ignore` level gives nothing and ends the body above it."""
    lines = ["第一部分 县直部门", "一、县财政局", "\t".join(HEADER), "\t".join(item(1, "政府预算")),
             "第二部分 乡镇", "\t".join(HEADER), "\t".join(item(1, "机构职能"))]
    (tmp_path / "e.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    levels = LEVELS.replace("titles:\n", "titles:\n  - {role: ignore, pattern: '^第[一二三四五六七八九十]+部分'}\n")
    cat = read(tmp_path, "e.txt", "tsv", levels)
    assert got(cat) == [("县财政局", [], "政府预算"), ("", [], "机构职能")]


@pytest.mark.parametrize("titles,want", [
    ("titles: category\n", [["（一）财政预决算"], ["（一）财政预决算"], ["（二）政府采购"], ["（一）机构信息"],
                            ["（二）社会救助"], ["（二）社会救助"]]),
    ("titles: {role: category, pattern: '^[（(][一二三四五六七八九十]+[)）](.+)$'}\n",
     [["财政预决算"], ["财政预决算"], ["政府采购"], ["机构信息"], ["社会救助"], ["社会救助"]]),
])
def test_one_rule_reads_as_before(titles, want, tmp_path):
    """`titles` as one rule: the last heading is the rows' title, as it always was."""
    cat = read(tmp_path, html_rows_across(tmp_path), "html", titles)
    assert [r.category for r in cat.records] == want and not any(r.subject for r in cat.records)


# -- a bad list of levels names the file and the line ------------------------------------------------

def mapping_error(folder: Path, titles: str) -> tuple[MappingError, str]:
    text = mapping("tsv", "hb.txt", titles)
    path = folder / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    assert str(e.value).startswith(f"{path}:{e.value.line}: "), str(e.value)
    return e.value, text


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


@pytest.mark.parametrize("titles,says,at", [
    ("titles:\n  - {role: subject}\n", "titles level 1 needs a pattern", "{role: subject}"),
    ("titles:\n  - {role: subject, pattern: '、(.+)'}\n  - {role: categroy, pattern: '）(.+)'}\n",
     "titles level 2: role must be one of category, subject, responsible_unit or 'ignore', not 'categroy'", "categroy"),
    ("titles:\n  - {role: subject, pattern: '、(.+)'}\n  - {role: subject, pattern: '）(.+)'}\n",
     "titles level 2: level 1 already gives the subject", "'）(.+)'"),
    ("titles:\n  - {role: subject, pattern: '、(.+)'}\n  - {role: category, patern: '）(.+)'}\n",
     "titles level 2: unknown key 'patern' (did you mean 'pattern'?)", "patern"),
    ("titles:\n  - {role: subject, pattern: '、(.+)'}\n  - category\n",
     "titles level 2 must be {role: …, pattern: regex}", "- category"),
    ("titles:\n  - {role: subject, pattern: '、(.+)'}\n  - role: category\n    pattern: '(\\w+\\s?)+领域'\n",
     "titles level 2.pattern may take exponential time", "pattern: '(\\w"),
    ("titles:\n  - {role: subject, pattern: '、(.+'}\n", "titles level 1.pattern is not a valid regular expression",
     "'、(.+'"),
    ("titles: []\n", "titles: the list of levels is empty", "titles:"),
])
def test_a_bad_level_is_refused_at_its_line(titles, says, at, tmp_path):
    e, text = mapping_error(tmp_path, titles)
    assert says in e.message, e.message
    assert e.line == line_of(text, at), (e.line, e.message)


def test_a_level_pattern_that_backtracks_is_stopped_at_its_line(tmp_path, monkeypatch):
    """A level's pattern that gets past the load-time check and runs without end names the mapping's line."""
    import zwgk.mappings.spec as spec
    monkeypatch.setattr(spec, "PATTERN_TIMEOUT", 0.2)
    lines = ["一、" + DIGITS + "!", "\t".join(HEADER), "\t".join(item(1, "政府预算"))]
    (tmp_path / "s.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    titles = f"titles:\n  - {{role: subject, pattern: '{SLOW}'}}\n"
    with pytest.raises(ReadError) as e:
        read(tmp_path, "s.txt", "tsv", titles)
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    where = f"{tmp_path / 'm.yaml'}:{line_of(text, 'role: subject')}"
    assert str(e.value).startswith(f"{where}: titles level 1.pattern took over 0.2 s"), str(e.value)


def test_the_readmes_levels_read_as_it_says(tmp_path):
    """The example of mappings/README.md (### Levels of headings), pasted as written."""
    readme = (Path(__file__).parent.parent / "mappings" / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Levels of headings", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    cat = read(tmp_path, docx_headings(tmp_path), "docx", block)
    assert got(cat) == WANT
