"""Cell-level rules: cleaning, check boxes, legal bases, time limits, realignment."""
from __future__ import annotations

import pytest

from zwgk.mappings.cells import clean_text, read_checkboxes, split_phones
from zwgk.mappings.legal import parse_legal_basis
from zwgk.mappings.timelimit import parse_time_limit


def checked(raw, convention):
    return [o.label for o in read_checkboxes(raw, convention) if o.checked]


def test_cleaning_removes_extraction_spaces_between_cjk_only():
    assert clean_text("相关信息 形成或变 更之日起 20个工作 日内") == "相关信息形成或变更之日起 20个工作日内"
    assert clean_text("Word 与 PDF 下载") == "Word 与 PDF 下载"
    assert clean_text("[bookmark: _GoBack]　2773368") == "2773368"
    assert clean_text("<p>1、总体情况；</p> <p>2、存在的问题</p>") == "1、总体情况； 2、存在的问题"


def test_cell_lines_join_by_mapping_rule():
    assert clean_text("重大决策\n预公开") == "重大决策预公开"
    assert clean_text("总体规划\n专项规划　", joiner=" ") == "总体规划 专项规划"


@pytest.mark.parametrize("raw,convention,want", [
    ('<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政务微博', "html", ["政府网站"]),
    ('<input type="checkbox"/> 预公开 <input checked="" type="checkbox"/> 脱密（脱 敏）公开', "html", ["脱密（脱敏）公开"]),
    ("■政府网站   ■政府公报\n□两微一端   □发布会", "glyphs", ["政府网站", "政府公报"]),
    ("政府网站                     □政府公报\n□政务微博", "lost-glyph", ["政府网站"]),
    ("□预公开\n全文发布\n□脱密脱敏公开\n其他", "lost-glyph", ["全文发布", "其他"]),
    ("　政府网站", "lost-glyph", ["政府网站"]),
])
def test_checkbox_conventions(raw, convention, want):
    assert checked(raw, convention) == want


def test_phones_lose_extraction_spaces():
    assert split_phones("0574- 87406586") == ["0574-87406586"]
    assert split_phones("　2810312\n2810323") == ["2810312", "2810323"]
    # wrapped in a narrow column: the last digits on a line of their own belong to the number above
    assert split_phones("0571-\n8601234\n5") == ["0571-86012345"]
    assert split_phones("0571-8601\n2345\n12369") == ["0571-86012345", "12369"]
    # a column three characters wide (LibreOffice Writer's print of a Word table): every line a piece
    assert split_phones("057\n1-\n860\n123\n45") == ["0571-86012345"]
    assert split_phones("057\n1-\n860\n198\n76\n、\n057\n1-\n860\n123\n45") == ["0571-86019876", "0571-86012345"]
    # its last two lines joined (a row cut by a page break: 123 + 45): the local number is completed
    assert split_phones("057\n1-\n860\n12345") == ["0571-86012345"]
    assert split_phones("0571-86019876\n12345") == ["0571-86019876", "12345"]    # a hotline after a number


def test_phones_written_other_ways():
    """Numbers as agencies also write them: another dash, the area code in brackets, digits grouped by
    spaces; each is written the usual way (0571-86660001), none dropped or cut (86660001, 0571)86660002)."""
    assert split_phones("0571—86660001") == ["0571-86660001"]
    assert split_phones("0571－86660001") == ["0571-86660001"]
    assert split_phones("(0571)86660002") == ["0571-86660002"]
    assert split_phones("咨询电话：（0571）86660002") == ["0571-86660002"]
    assert split_phones("0571 8666 0003") == ["0571-86660003"]
    assert split_phones("0571 86660004（工作日）") == ["0571-86660004"]
    assert split_phones("138 0013 8000") == ["13800138000"]
    # full-width digits; an extension stays with its number, and is the tel: IRI's ;ext= (RFC 3966)
    assert split_phones("０５７１－８６００３３３３") == ["0571-86003333"]
    assert split_phones("0571-88888888转8001、0571-85001111（分机802）") == ["0571-88888888转8001", "0571-85001111转802"]
    from zwgk.mappings.mint import Minter
    assert Minter.tel("0571-88888888转8001", None) == "tel:+86-571-88888888;ext=8001"
    assert Minter.tel("88888888转8001", "0571") == "tel:+86-571-88888888;ext=8001"
    # numbers a space apart stay two numbers; years are none
    assert split_phones("86660001 86660002") == ["86660001", "86660002"]
    assert split_phones("2019 2020") == []


@pytest.mark.parametrize("cell", [
    "《中华人民共和国政府信息公开条例》（国务院令 第 711 号）",
    "中华人民共和国政府信息公开条例》（国务院令第711号）",
    "《中华人民共和国 政府信息公开 条例》（国务院令 第 711 号）",
])
def test_spellings_of_one_instrument_share_an_identifier(cell):
    [c] = parse_legal_basis(clean_text(cell))
    assert c.identifier == "国务院令第711号"
    assert c.title == "中华人民共和国政府信息公开条例"
    assert c.legal_type == "administrative-regulation"


def test_legal_basis_cell_with_several_instruments():
    cites = parse_legal_basis("《中华人民共和国公务员法》《公务员录用规定（试行）》（人事部令 第 7 号）、三定方案")
    assert [c.identifier for c in cites] == ["中华人民共和国公务员法", "人事部令第7号", "三定方案"]
    assert [c.legal_type for c in cites] == ["law", "departmental-rule", "other"]
    assert cites[1].text == "《公务员录用规定（试行）》（人事部令 第 7 号）"



def test_a_title_whose_closing_bracket_is_missing_keeps_its_last_character():
    """A cell cut short (a print that lost the line below, a typo): 《…安全生产 with no 》. Its title ran to
    the character before the cell's end (中华人民共和国安全生), an instrument nobody cited."""
    [c] = parse_legal_basis("《中华人民共和国安全生产")
    assert c.title == c.identifier == "中华人民共和国安全生产" and c.text == "《中华人民共和国安全生产"
    a, b = parse_legal_basis("《社会救助暂行办法》《自然灾害救助条例")
    assert (a.title, b.title) == ("社会救助暂行办法", "自然灾害救助条例")


@pytest.mark.parametrize("raw,ident", [
    ("（财预〔2013〕309 号）", "财预〔2013〕309号"),
    ("（国办发﹝2014﹞46号）", "国办发〔2014〕46号"),
    ("(中办发〔2016〕8号)", "中办发〔2016〕8号"),
])
def test_document_numbers_are_normalised(raw, ident):
    [c] = parse_legal_basis("《某通知》" + raw)
    assert c.identifier == ident and c.legal_type == "normative-document"


@pytest.mark.parametrize("text,amount,unit,trigger,deadline,period", [
    ("相关信息形成或变更之日起 20 个工作日内", 20, "working-day", "相关信息形成或变更之日起", None, None),
    ("做出决定之日起7个工作日内之内", 7, "working-day", "做出决定之日起", None, None),
    ("答复后1个月内", 1, "month", "答复后", None, None),
    ("本级政府财政部门批复后20日内。", 20, "day", "本级政府财政部门批复后", None, None),
    ("每年 1 月 31 日 前", None, None, None, "--01-31", None),
    ("6月底前公布", None, None, None, "--06-30", None),
    ("每月", None, None, None, None, "monthly"),
    ("至少两周更新1次", None, None, None, None, "biweekly"),
    ("至少半年更新1次", None, None, None, None, "half-yearly"),
    ("按照法定时间公开。", None, None, None, None, None),
])
def test_time_limits_parse(text, amount, unit, trigger, deadline, period):
    t = parse_time_limit(text)
    assert (t.amount, t.unit, t.trigger, t.annual_deadline, t.period) == (amount, unit, trigger, deadline, period)
    assert t.text == text
    assert t.parsed == any(v is not None for v in (amount, deadline, period))


@pytest.mark.parametrize("text,monthly,period", [
    ("每月10日前", "---10", "monthly"), ("每个月的5号前", "---05", "monthly"), ("每月十日前", "---10", "monthly"),
    ("次月5日前公开上月数据", "---05", None), ("下月10日之前", "---10", None),
    ("每月", None, "monthly"), ("每年1月31日前", None, None), ("每月32日前", None, "monthly"),
])
def test_a_day_of_every_month_is_a_monthly_deadline(text, monthly, period):
    """每月10日前: by the 10th of every month (it was only 'monthly': the day was lost from the structure)."""
    t = parse_time_limit(text)
    assert (t.monthly_deadline, t.period, t.amount) == (monthly, period, None)
    assert t.parsed == (monthly is not None or period is not None or t.annual_deadline is not None)



@pytest.mark.parametrize("text", ["每日", "每天更新", "按日更新", "每个工作日"])
def test_daily_updates_are_a_period(text):
    """每日 / 每天: the daily period (the period list had none: nothing was read)."""
    t = parse_time_limit(text)
    assert (t.period, t.amount) == ("daily", None)


def test_a_soft_hyphen_is_no_character_of_the_text():
    """U+00AD, which a word processor shows only where a line breaks (领导\\xad信息 was a name with it inside)."""
    assert clean_text("领导\u00ad信息") == "领导信息" and clean_text("Annual\u00adReport") == "AnnualReport"
