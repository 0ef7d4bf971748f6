"""Validation of the four real catalogues: the findings are the real gaps of the sources (checked against
the hand-checked records in tests/expected/, not against the validator's own output), the reports live in
the graph, and `zwgk validate` prints, formats and exits as documented."""
from __future__ import annotations

import csv
import io
import re

import pyoxigraph as ox
import pytest
import rdflib

from zwgk.cli import main
from zwgk.uris import URIs
from zwgk.validate import validate_store, validation_graph

from .conftest import BASE, expected_files, load_expected

U = URIs(BASE)
SHAPES = "https://w3id.org/zwgk/def/shapes#"
CATALOGUES = ["city-ybj", "juye-ybj", "sanmenxia-ybj", "yinzhou-ybj"]


@pytest.fixture(scope="module")
def findings(built):
    settings, _ = built
    return validate_store(ox.Store.read_only(str(settings.store)), BASE)


def expected_items(field_is_empty, given_elsewhere: bool = False) -> set[str]:
    """IRIs of the items whose hand-checked record satisfies the predicate (`given_elsewhere`: in catalogues
    where some item does not)."""
    out = set()
    for path in expected_files():
        exp = load_expected(path)
        if given_elsewhere and all(field_is_empty(r) for r in exp["records"]):
            continue
        out |= {U.item(exp["catalogue"], r["key"]) for r in exp["records"] if field_is_empty(r)}
    return out


def reported(findings, shape: str) -> set[str]:
    return {f.focus.value for f in findings if f.shape == SHAPES + shape}


def test_no_violations_in_the_real_catalogues(findings):
    assert [f for f in findings if f.severity == "Violation"] == []


@pytest.mark.parametrize("shape,field", [("ItemLegalBasis", "legal_basis"), ("ItemTimeLimit", "time_limit"),
                                         ("ItemChannel", "channels"), ("ItemContent", "content"),
                                         ("ItemSubject", "subject")])
def test_warnings_are_exactly_the_items_that_lack_the_field(findings, shape, field):
    """…in catalogues whose other items give it (a blank cell); a catalogue none of whose items gives it is
    reported once (next test)."""
    assert reported(findings, shape) == expected_items(lambda r: not r[field], given_elsewhere=True)


def test_the_real_gaps(findings):
    # juye-ybj has no 公开依据 column at all: it is reported once, on the catalogue (not on each of its 34 items)
    lacking = {(f.focus.value, f.path.value.rsplit("#", 1)[1]) for f in findings
               if f.shape == SHAPES + "CatalogueFieldShape"}
    assert lacking == {(U.catalogue("juye-ybj"), "legalBasis")}
    basis = reported(findings, "ItemLegalBasis")
    assert not any(i.startswith(f"{BASE}/id/item/juye-ybj/") for i in basis)
    assert reported(findings, "ItemTimeLimit") == {U.item("juye-ybj", "职责边界清单"), U.item("juye-ybj", "证明事项清单")}
    assert reported(findings, "ItemContent") == {U.item("sanmenxia-ybj", "放管服改革"), U.item("sanmenxia-ybj", "民生工程"),
                                                 U.item("juye-ybj", "机构设置")}
    # an inherited basis (a merged cell) is a basis: yinzhou-ybj's 行政规范性文件解读 is not reported
    assert U.item("yinzhou-ybj", "行政规范性文件解读") not in basis


def test_repeated_names_are_advice_and_exactly_the_repeated_ones(findings):
    repeated = set()
    for path in expected_files():
        exp = load_expected(path)
        names = [r["name"] for r in exp["records"]]
        repeated |= {U.item(exp["catalogue"], r["key"]) for r in exp["records"] if names.count(r["name"]) > 1}
    assert reported(findings, "DuplicateNameShape") == repeated
    assert len([i for i in repeated if "/city-ybj/" in i]) == 11      # 预决算 ×3, 专项资金 ×2, 行政权力运行结果 ×6
    assert {f.severity for f in findings if f.shape == SHAPES + "DuplicateNameShape"} == {"Info"}
    assert reported(findings, "DuplicateRowShape") == set()           # same name, but never the same row


def test_infos_for_unparsed_time_limits_laws_without_number_and_agency_region(findings):
    unparsed = {(f.catalogue, f.value.value) for f in findings if f.shape == SHAPES + "TimeLimitUnparsedShape"}
    assert unparsed == {("city-ybj", "按照法定时间公开。"), ("sanmenxia-ybj", "按市财政局统一要求时限公开")}
    assert len([f for f in findings if f.shape == SHAPES + "TimeLimitUnparsedShape"]) == 3
    no_number = {(f.catalogue, f.focus.value.rsplit("/", 1)[1]) for f in findings if f.shape == SHAPES + "LawNumber"}
    # a legal basis is identified by its document number (…号) when it has one, else by its title
    cited_by_title = {(exp["catalogue"], i) for path in expected_files() for exp in [load_expected(path)]
                      for r in exp["records"] for i in r["legal_basis_ids"] if not re.search(r"\d+号", i)}
    assert no_number == cited_by_title
    assert ("yinzhou-ybj", "中华人民共和国公务员法") in no_number and ("city-ybj", "中华人民共和国预算法") in no_number
    assert reported(findings, "AgencyRegion") == {U.agency("city-ybj")}     # the city is not named in its file


def test_reports_are_stored_per_catalogue_and_queryable(built, findings):
    settings, _ = built
    store = ox.Store.read_only(str(settings.store))
    graphs = {g.value for g in store.named_graphs()}
    assert {validation_graph(BASE, c) for c in CATALOGUES} <= graphs
    # the query from the issue, on the union default graph (the SPARQL endpoint's view)
    q = """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT ?item ?r WHERE { ?r sh:focusNode ?item ; sh:resultSeverity sh:Warning }"""
    warned = {r["item"].value for r in store.query(q, use_default_graph_as_union=True)}
    assert warned == {f.focus.value for f in findings if f.severity == "Warning"}
    # one report per catalogue, in its own graph, with skolem IRIs numbered in order
    q = f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
            SELECT ?r WHERE {{ GRAPH <{validation_graph(BASE, 'juye-ybj')}> {{ ?rep sh:result ?r }} }}"""
    results = sorted(r["r"].value for r in store.query(q))
    assert len(results) == len([f for f in findings if f.catalogue == "juye-ybj"])
    assert all(r.startswith(validation_graph(BASE, "juye-ybj") + "#result-") for r in results)
    # the report names its shape, whose bilingual name and message are in the store too
    q = f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
            SELECT ?name WHERE {{ ?r sh:sourceShape <{SHAPES}ItemTimeLimit> . <{SHAPES}ItemTimeLimit> sh:name ?name }}"""
    assert {r["name"].value for r in store.query(q, use_default_graph_as_union=True)} == {"公开时限", "time limit"}


def test_reports_are_stable_across_builds(built, rebuilt):
    settings, _ = built

    def reports(s):
        st = ox.Store.read_only(str(s.store))
        return {q for c in CATALOGUES for q in st.quads_for_pattern(None, None, None, ox.NamedNode(validation_graph(BASE, c)))}
    assert reports(settings) == reports(rebuilt)


def test_reports_are_in_the_catalogue_dumps(built):
    settings, _ = built
    g = rdflib.Graph().parse(settings.dumps / "catalogue" / "juye-ybj.ttl", format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    # its 34 items without a 公开依据 are one finding, on the catalogue (they were 34): 10 in all
    assert len(list(g.subjects(rdflib.RDF.type, sh.ValidationResult))) == 10


def test_cli_text_table_and_exit_code(built, capsys):
    settings, _ = built
    assert main(["validate", "--store", str(settings.store), "--base", BASE]) == 0
    out = capsys.readouterr().out
    header, _, *rows = out.splitlines()
    assert header.split()[:4] == ["catalogue", "violations", "warnings", "infos"]
    juye = next(r for r in rows if r.startswith("juye-ybj"))
    assert juye.split()[1:4] == ["0", "7", "3"] and "事项未写明公开依据" not in out
    assert "warning: juye-ybj: 《巨野县医疗保障局政务公开基本目录》 legalBasis: 目录的事项都未写明公开依据（目录无此列）" in out


@pytest.mark.parametrize("fmt", ["csv", "html", "ttl"])
def test_cli_formats(built, tmp_path, capsys, fmt):
    settings, _ = built
    out = tmp_path / f"report.{fmt}"
    assert main(["validate", "--store", str(settings.store), "--base", BASE, "--format", fmt,
                 "--only", "sanmenxia-ybj", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["catalogue"] for r in rows} == {"sanmenxia-ybj"}
        assert sorted(r["focus_node"].rsplit("/", 1)[1] for r in rows if r["severity"] == "Warning") == ["放管服改革", "民生工程"]
        assert all(r["message_zh"] and r["message_en"] for r in rows)
    elif fmt == "html":
        assert "<table>" in text and "放管服改革" in text and "事项未写明公开内容。" in text
    else:
        g = rdflib.Graph().parse(data=text, format="turtle")
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        assert len(list(g.subjects(rdflib.RDF.type, sh.ValidationResult))) == 7
        assert (rdflib.URIRef(validation_graph(BASE, "sanmenxia-ybj")), sh.conforms, rdflib.Literal(False)) in g
