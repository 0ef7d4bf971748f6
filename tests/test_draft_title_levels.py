"""The draft of a county's compilation (汇编) whose bodies' headings stand over their domains' headings: it
proposes `titles` as two levels, unedited right (the body the items' subject, the domain their first category
level), marked `# guess:`. It proposed one rule, the domain a category, and every body was lost. Files built in
code (tests/test_title_levels.py); read with the draft as written (tests/test_wordings.py `drafted`)."""
from __future__ import annotations

import docx
import pytest

from .officefiles import labels
from .test_several_tables import add_table
from .test_title_levels import FORMS, HEADER, WANT, item
from .test_wordings import drafted


@pytest.mark.parametrize("make,reader", FORMS, ids=[r for _, r in FORMS])
def test_a_compilations_two_heading_levels_are_drafted(make, reader, tmp_path):
    cat, text = drafted(tmp_path, make(tmp_path))
    assert [(r.subject, r.category, r.name) for r in cat.records] == WANT, text
    levels = text.split("titles:", 1)[1].split("\n", 1)[1].splitlines()[:4]
    assert levels[0].startswith("  - role: subject") and "# guess:" in levels[0], text
    assert levels[2].startswith("  - role: category") and "# guess:" in levels[2], text
    if reader != "xlsx":        # (the workbook has no title naming the county)
        assert cat.mapping.agency_name == "某某县人民政府", text


def compilation(tmp_path, bodies: list[str], domains: list[str], name: str = "hb.docx"):
    """A Word compilation: each body's heading, then its domains' headings each over a table of one item."""
    d = docx.Document()
    d.add_paragraph("某某县政务公开标准目录汇编")
    n = 0
    for b, body in enumerate(bodies):
        d.add_paragraph(f"{'一二三四五'[b]}、{body}")
        for k, domain in enumerate(domains):
            n += 1
            d.add_paragraph(f"（{'一二三四五'[k]}）{domain}")
            add_table(d, [HEADER + ["公开方式"], item(1, f"事项{n}") + [""]])
    d.save(tmp_path / name)
    return drafted(tmp_path, name)


def test_a_bodys_heading_naming_its_catalogue_gives_the_body(tmp_path):
    """一、县财政局政务公开标准目录: the subject is the body, without the catalogue's words; a body whose name
    ends otherwise (县气象台) among bodies is still one of the level."""
    cat, text = compilation(tmp_path, ["县财政局政务公开标准目录", "县气象台", "某某镇人民政府"], ["机构信息", "政策文件"])
    assert [(r.subject, r.category) for r in cat.records] == [
        ("县财政局", ["机构信息"]), ("县财政局", ["政策文件"]), ("县气象台", ["机构信息"]), ("县气象台", ["政策文件"]),
        ("某某镇人民政府", ["机构信息"]), ("某某镇人民政府", ["政策文件"])], text


def test_domains_naming_disclosure_types_give_no_category(tmp_path):
    """（一）主动公开目录 / （二）依申请公开目录 under each body: no category level (the title gives the type)."""
    cat, text = compilation(tmp_path, ["县财政局", "县民政局"], ["主动公开目录", "依申请公开目录"])
    assert [(r.subject, r.category, labels(r.disclosure_type)) for r in cat.records] == [
        ("县财政局", [], ["主动公开"]), ("县财政局", [], ["依申请公开"]),
        ("县民政局", [], ["主动公开"]), ("县民政局", [], ["依申请公开"])], text
    assert "- role: ignore" in text


def test_headings_of_one_body_stay_one_rule(tmp_path):
    """一、县财政局 alone over （一）机构职能 …: no levels; the draft proposes one rule, the last heading the first
    category level."""
    cat, text = compilation(tmp_path, ["县财政局"], ["机构职能", "领导信息"])
    assert "  - role:" not in text, text
    assert all(not r.subject for r in cat.records)
    assert [r.category for r in cat.records][:2] == [["机构职能"], ["领导信息"]], text


def test_headings_whose_outer_level_names_no_bodies_are_two_category_levels(tmp_path):
    """一、概况信息 over （一）机构职能 (the parts of one body's catalogue): two category levels, outer first; one rule
    kept the inner heading alone and lost 概况信息 (tests/test_draft_category_levels.py)."""
    cat, text = compilation(tmp_path, ["概况信息", "政务动态"], ["机构职能", "领导信息"])
    assert all(not r.subject for r in cat.records)
    assert [r.category for r in cat.records] == [["概况信息", "机构职能"], ["概况信息", "领导信息"],
                                                 ["政务动态", "机构职能"], ["政务动态", "领导信息"]], text
