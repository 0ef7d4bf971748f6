"""The common item types, the alignment rules and the agency × item-type coverage matrix on the real
catalogues."""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from zwgk.cli import main
from zwgk.coverage import coverage_matrix, missing_query, to_csv
from zwgk.itemtypes import item_types, key
from zwgk.ontology import code_lists

from .conftest import BASE, expected_files, load_expected

CITY, JUYE = f"{BASE}/id/agency/city-ybj", f"{BASE}/id/agency/heze-juye-ybj"
SANMENXIA, YINZHOU = f"{BASE}/id/agency/sanmenxia-ybj", f"{BASE}/id/agency/ningbo-yinzhou-ybj"


@pytest.fixture(scope="module")
def matrix(built):
    settings, _ = built
    return coverage_matrix(ox.Store.read_only(str(settings.store)), BASE)


def test_every_rule_names_a_concept_of_the_scheme():
    codes = code_lists(BASE)
    assert set(item_types().notations) == {c.rsplit("/", 1)[1] for c in codes.labels["item-type"].values()}
    for concept in codes.labels["item-type"].values():
        assert codes.pref_en.get(concept), concept          # labelled in zh and en


def test_every_item_of_the_real_catalogues_has_a_type_or_a_written_decision(matrix):
    assert matrix.unreviewed == []


def test_rules_do_not_rot():
    """Every decision about one catalogue's item, and every name reviewed and left without a type, matches an
    item of the real catalogues (no dead decisions). The names of the types are wordings of catalogues of
    many agencies, not only these four (next test)."""
    rules = item_types()
    seen = {(load_expected(p)["catalogue"], key(r["name"])) for p in expected_files() for r in load_expected(p)["records"]}
    names = {n for _, n in seen}
    assert set(rules.by_catalogue_name) <= seen
    assert rules.reviewed <= names
    assert not set(rules.by_name) & rules.reviewed          # no name both typed and left without a type


@pytest.mark.parametrize("name,categories,want", [
    ("部门预算", ["财务信息"], ["budget"]), ("部门决算", ["财政信息"], ["budget"]),
    ("部门预算及“三公”经费预算", [], ["budget", "three-public-funds"]),
    ("人事信息", ["其他"], ["personnel"]),                      # the type's own label
    ("危险化学品经营许可", ["行政许可"], ["admin-licensing"]),     # under a category named as a type
    ("抽查结果", ["双随机一公开"], ["double-random"]),             # “双随机、一公开” without its marks
    ("文件解读", ["政策文件", "政策解读"], ["policy-interpretation"]),   # the lowest level decides
    ("领导简介", ["机构信息", "领导信息"], ["leadership"]),
    ("★政府信息公开指南", [], ["disclosure-guide"]),
    ("工作动态", ["其他"], []),                                  # no type: nothing guessed
])
def test_common_wordings_of_other_agencies_are_typed(name, categories, want):
    """Items of catalogues of other agencies (a probe of eight: 470 of 516 items had no type, and every
    agency was 'missing' its budget): their common names and categories take their type."""
    assert item_types().types_of("x", name, categories) == want


def test_the_matrix_on_the_real_catalogues(matrix):
    assert [name for _, name in matrix.agencies] == ["三门峡市医疗保障局", "巨野县医疗保障局", "市医疗保障局", "鄞州区医疗保障局"]
    c = matrix.counts
    assert c[(CITY, "annual-report")] == 0 and c[(CITY, "disclosure-guide")] == 0
    assert all(c[(a, "annual-report")] == 1 for a in (JUYE, SANMENXIA, YINZHOU))
    assert c[(CITY, "budget")] == 3 and c[(CITY, "three-public-funds")] == 3   # 年度部门预决算及“三公”经费情况 ×3
    assert c[(JUYE, "double-random")] == 1 and c[(JUYE, "law-enforcement")] == 1  # 专题展示, by category
    assert c[(SANMENXIA, "power-list")] == 4                                       # items under 权责清单
    assert c[(SANMENXIA, "disclosure-guide")] == 1                                 # 依申请公开: a written decision
    assert matrix.gaps(CITY) == ["disclosure-guide", "annual-report"]
    assert "power-list" in matrix.gaps(YINZHOU) and matrix.gaps(SANMENXIA) == []


def test_which_agencies_do_not_publish_their_annual_report(built):
    settings, _ = built
    store = ox.Store.read_only(str(settings.store))
    rows = list(store.query(missing_query(BASE, "annual-report"), use_default_graph_as_union=True))
    assert [(r["agency"].value, r["name"].value) for r in rows] == [(CITY, "市医疗保障局")]


def test_csv(matrix):
    rows = list(csv.DictReader(io.StringIO(to_csv(matrix))))
    assert len(rows) == 4 and rows[0]["agency_name"] == "三门峡市医疗保障局"
    city = next(r for r in rows if r["agency"] == CITY)
    assert city["annual-report"] == "0" and city["gaps"] == "disclosure-guide|annual-report"


def test_cli_prints_and_writes(built, tmp_path, capsys):
    settings, _ = built
    assert main(["coverage", "--base", BASE, "--store", str(settings.store), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "市医疗保障局: 22/26 types; missing where most peers list it: 政府信息公开指南、政府信息公开年度报告" in out
    html = (tmp_path / "coverage.html").read_text(encoding="utf-8")
    assert "政府信息公开年度报告" in html and "SELECT ?agency" in html
    assert (tmp_path / "coverage.csv").read_text(encoding="utf-8").startswith("agency,agency_name,disclosure-guide")
    assert main(["coverage", "--base", BASE, "--store", str(settings.store), "--missing", "annual-report"]) == 0
    assert capsys.readouterr().out.strip() == f"市医疗保障局\t{CITY}"


def test_the_untyped_list_says_how_many_it_leaves_out():
    """The text lists 30 untyped items and says how many more there are (it announced 470 and printed 30)."""
    from zwgk.coverage import Matrix, to_text
    m = Matrix([], [], {}, [(f"http://x/item/{k}", f"事项{k}") for k in range(47)])
    lines = to_text(m).splitlines()[1:]          # (the matrix's header line, empty here)
    assert lines[0].startswith("47 item(s) have no type") and len(lines) == 32
    assert lines[-1] == "  … 17 more (every one in coverage.html beside coverage.csv)"
