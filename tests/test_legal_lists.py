"""Lists of legal bases written without 《》: apart at 、 only where each part names an instrument. A title with a
、 in it (a 三定 regulation: 本机关职能配置、内设机构和人员编制规定), two issuers before what they issued, or the
articles of one instrument (…第十九条、第二十条规定) are one citation, not two of which one is invented."""
from __future__ import annotations

import pytest

from zwgk.mappings.legal import parse_legal_basis


def cited(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.identifier, tuple(c.articles)) for c in parse_legal_basis(text)]


@pytest.mark.parametrize("text, expected", [
    ("本机关职能配置、内设机构和人员编制规定", [("本机关职能配置、内设机构和人员编制规定", ())]),
    ("某县医疗保障局职能配置、内设机构和人员编制规定", [("某县医疗保障局职能配置、内设机构和人员编制规定", ())]),
    ("《中华人民共和国政府信息公开条例》、本局职能配置、内设机构和人员编制规定",
     [("中华人民共和国政府信息公开条例", ()), ("本局职能配置、内设机构和人员编制规定", ())]),
    ("1、某街道职能配置、内设机构和人员编制规定；2、《中华人民共和国预算法》",
     [("某街道职能配置、内设机构和人员编制规定", ()), ("中华人民共和国预算法", ())]),
    ("依据中华人民共和国政府信息公开条例第十九条、第二十条规定", [("中华人民共和国政府信息公开条例", ("19", "20"))]),
    ("国务院办公厅、财政部关于印发某某办法的通知", [("国务院办公厅、财政部关于印发某某办法的通知", ())]),
])
def test_a_title_with_a_comma_is_one_citation(text, expected):
    assert cited(text) == expected


@pytest.mark.parametrize("text, expected", [
    # each part is an instrument of its own: still apart
    ("政府信息公开条例、预算法", [("中华人民共和国政府信息公开条例", ()), ("中华人民共和国预算法", ())]),
    ("本局三定方案、政府信息公开条例", [("本局三定方案", ()), ("中华人民共和国政府信息公开条例", ())]),
    ("国办发〔2019〕14号、某某办法", [("国办发〔2019〕14号", ()), ("某某办法", ())]),
    # issuers listed before what they issued (an older rule), unchanged
    ("《中华人民共和国政府信息公开条例》和省、市有关规定", [("中华人民共和国政府信息公开条例", ()), ("省、市有关规定", ())]),
])
def test_instruments_listed_stay_apart(text, expected):
    assert cited(text) == expected
