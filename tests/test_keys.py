"""Item keys and category concepts where names repeat: each item its own IRI, kept when a row is added
elsewhere, and each category its own concept under its own parent (a probe of large county catalogues: a
name repeated under many categories, names differing only in characters an IRI segment cannot hold)."""
from __future__ import annotations

from datetime import datetime

from zwgk.mappings.mint import Minter
from zwgk.ontology import code_lists
from zwgk.uris import segment

from .conftest import BASE
from .test_new_roles import build, columns_mapping

MAPPING = columns_mapping("keys", "{role: category, header: [一级事项]}", "{role: subcategory, header: [二级事项]}",
                          "{role: name, header: [事项名称]}", "{role: content, header: [公开内容]}")
SKOS = "http://www.w3.org/2004/02/skos/core#"


def catalogue(tmp_path, rows: list[tuple[str, str, str]]):
    lines = ["某县政务公开目录", "一级事项\t二级事项\t事项名称\t公开内容"] + ["\t".join([*r, "内容"]) for r in rows]
    return build(tmp_path, "\n".join(lines) + "\n", MAPPING)


ROWS = [("城乡规划", "办事服务", "办事指南"), ("城乡规划", "规划政策", "办事指南"), ("社会救助", "办事服务", "办事指南"),
        ("城乡规划", "办事服务", "行政许可/备案结果"), ("城乡规划", "办事服务", "行政许可-备案结果")]


def test_names_repeated_are_told_apart_by_as_much_of_their_category_as_it_takes(tmp_path):
    """办事指南 under two second levels of 城乡规划 and under 社会救助: keyed with the levels that tell them apart (they
    were 城乡规划-办事指南, -2 in row order: adding a row moved an IRI to another item); 行政许可/备案结果 and
    行政许可-备案结果, one IRI segment, are two keys (they were one IRI, two items' triples on it)."""
    cat = catalogue(tmp_path, ROWS)
    keys = [r.key for r in cat.records]
    assert keys[:3] == ["城乡规划-办事服务-办事指南", "城乡规划-规划政策-办事指南", "社会救助-办事指南"]
    assert len({segment(k) for k in keys}) == len(keys), keys
    again = catalogue(tmp_path, ROWS[:1] + [("城乡规划", "办事服务", "办事指南")] + ROWS[1:])
    assert [r.key for r in again.records if r.key in keys] == keys     # every key kept, the new row's its own
    assert again.records[1].key not in keys


def test_a_second_level_named_alike_under_two_first_levels_is_two_concepts(tmp_path):
    """办事服务 under 城乡规划 and under 社会救助: two concepts, each narrower than its own first level (one concept
    under whichever came first, the other's items counted under it)."""
    cat = catalogue(tmp_path, ROWS[:3])
    g = Minter(BASE, code_lists(BASE)).catalogue_graph(cat, datetime(2024, 1, 1))
    label = {q.subject.value: q.object.value for q in g.quads if q.predicate.value == SKOS + "prefLabel"}
    broader = sorted((label[q.subject.value], label[q.object.value]) for q in g.quads if q.predicate.value == SKOS + "broader")
    assert broader == [("办事服务", "城乡规划"), ("办事服务", "社会救助"), ("规划政策", "城乡规划")]
