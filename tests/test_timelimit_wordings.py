"""公开时限 as catalogues word them (probe p21, mappings/timelimit.py): Chinese numerals alone, the trigger
before the amount."""
from __future__ import annotations

import pytest

from zwgk.mappings.timelimit import parse_time_limit


@pytest.mark.parametrize("text,amount,unit", [
    # a number in Chinese numerals that is the whole of the limit (a remark after it at most) was no amount
    ("二十个工作日", 20, "working-day"), ("七个工作日", 7, "working-day"), ("三个月", 3, "month"),
    ("十五日", 15, "day"), ("二十个工作日（法律法规另有规定的从其规定）", 20, "working-day"),
    ("十日，法律另有规定的除外", 10, "day"),
])
def test_a_limit_in_chinese_numerals_alone(text, amount, unit):
    t = parse_time_limit(text)
    assert (t.amount, t.unit) == (amount, unit) and t.text == text


@pytest.mark.parametrize("text,period", [
    # what is no limit stays none: March, how often, words
    ("三月", None), ("一周", "weekly"), ("两周", "biweekly"), ("一年", None), ("五年规划", None),
    ("上一年度", "yearly"), ("一次性告知", None),
])
def test_chinese_numerals_that_are_no_limit(text, period):
    t = parse_time_limit(text)
    assert (t.amount, t.unit, t.period) == (None, None, period)


@pytest.mark.parametrize("text,trigger", [
    # the words of the limit's own clause: not a heading before it, nor what comes before a bracket holding it
    ("及时（20个工作日内）", None), ("1.主动公开：信息形成之日起20个工作日内", "信息形成之日起"),
    ("依申请：收到申请之日起20个工作日内；主动：信息形成之日起20个工作日", "收到申请之日起"),
    ("（1）信息形成之日起20个工作日内", "信息形成之日起"), ("每年1月31日前，信息形成后10日内", "信息形成后"),
    # as before: brackets of the trigger's own, a comma before the amount
    ("信息形成（变更）之日起20个工作日内", "信息形成（变更）之日起"), ("自收到申请之日起，20个工作日内", "自收到申请之日起"),
    ("相关信息形成或变更之日起 20 个工作日内", "相关信息形成或变更之日起"),
])
def test_the_trigger_is_the_words_of_the_limits_clause(text, trigger):
    t = parse_time_limit(text)
    assert t.trigger == trigger and t.amount is not None


# -- a probe of ~230 time-limit wordings through parse_time_limit: what it got wrong ------------------------

@pytest.mark.parametrize("text,amount,unit,deadline,period", [
    # N月 without 个 is a month of the year (it was N months), unless worded as a limit
    ("9月", None, None, None, None),
    ("9月前", None, None, None, None),
    ("2023年1月-12月", None, None, None, None),
    ("自收到申请之日起3月内", 3, "month", None, None),
    ("3个月", 3, "month", None, None),
    # 上半年 / 下半年 are times of the year, not half-yearly
    ("每年上半年", None, None, None, "yearly"),
    ("下半年", None, None, None, None),
    ("每半年", None, None, None, "half-yearly"),
    # how long a text stays up or is kept is no limit
    ("公示期为5个工作日", None, None, None, None),
    ("公示5个工作日", None, None, None, None),
    ("有效期5年", None, None, None, None),
    ("长期公开（至少保留5年）", None, None, None, None),
    # a date of one year is no deadline of every year
    ("2024年12月31日前", None, None, None, None),
    ("2023年3月底前", None, None, None, None),
    ("每年1月31日以前", None, None, "--01-31", None),
    ("年底前", None, None, "--12-31", None),
    ("上年底前", None, None, None, None),
    # natural days are days; every three months is quarterly
    ("7个自然日内", 7, "day", None, None),
    ("每三个月", None, None, None, "quarterly"),
])
def test_wordings_the_probe_found_misread(text, amount, unit, deadline, period):
    t = parse_time_limit(text)
    assert (t.amount, t.unit, t.annual_deadline, t.period) == (amount, unit, deadline, period), text
