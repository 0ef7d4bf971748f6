"""Time limits (公开时限): the text as printed, plus the structure that parses out of it.

    相关信息形成或变更之日起 20 个工作日内  → amount 20, unit working-day, trigger 相关信息形成或变更之日起
    事件发生后5小时内                       → amount 5, unit hour, trigger 事件发生后
    每年 1 月 31 日 前                     → annual deadline --01-31
    每月10日前 / 次月5日前                   → monthly deadline ---10 / ---05 (each month's day, period monthly
                                          where the text says every month)
    6月底前公布                            → annual deadline --06-30
    每日 / 至少两周更新1次 / 每月 / 及时公开  → period daily / biweekly / monthly / timely
    年度 / 1次/年 / 每学年 / 每年第一季度 / 每年1月份 → period yearly (a quarter or a month named in a year is no period
                                          of its own, 1月份 no amount of one month)
Numbers may be written in Chinese numerals (二十个工作日内, 二十个工作日, 每年一月底前). Anything that does not parse keeps
only its text (and the shapes report it as advice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .legal import ENTRY_NUMBER, chinese_number

_MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_DAY_NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
#: a day of the year by which (每年1月31日前, 1月31日以前), the end of a month (3月底前) or of the year (年底前,
#: 每年年末前; not 上年底, 2023年底)
_DEADLINE_DAY = re.compile(rf"(每年)?的?({_DAY_NUMBER})月({_DAY_NUMBER})日(?:之|以)?前")
_DEADLINE_MONTH_END = re.compile(rf"(?:(?P<month>{_DAY_NUMBER})月|(?<![0-9一二三四五六七八九十上下本次今去明])年)[底末]"
                                 rf"(?:之|以)?前")
#: a day of every month (每月10日前, 每个月的5号前) or of the month after the one reported on (次月5日前, 下月10日前)
_MONTHLY_DEADLINE = re.compile(rf"(?:每个?月|次月|下月|下一个?月)的?({_DAY_NUMBER})[日号](?:之|以)?前")
#: a year named before a date (2024年12月31日前): the date is that year's, not every year's
_ONE_YEAR = re.compile(r"\d{4}\s*年$")
#: a number and its unit (a number read whole: not from within a longer one)
_AMOUNT = re.compile(r"((?<!\d)\d+|(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+)(个)?"
                     r"(工作日|自然日|小时|日|天|个月|月|年|周)")
#: a least length, not a limit: 公示期不少于30日, 至少5个工作日, 30日以上 (the text keeps it; no amount is read)
_AT_LEAST_BEFORE = re.compile(r"(?:不少于|不得少于|不低于|不短于|至少|最少)$")
_AT_LEAST_AFTER = re.compile(r"^(?:以上|及以上)")
#: how long a text stays up or is kept, not by when it is disclosed: 公示期为5个工作日, 公示5个工作日, 有效期5年,
#: （至少保留5年）
_HOW_LONG_BEFORE = re.compile(r"(?:公示|公告|有效|保留|保存|存档)(?:期|期限|时间)?(?:为|是)?$")
#: a day of a month or quarter: 每月10日前 is the 10th of every month, 次月5日 the 5th of the next, not days
_DAY_OF_PERIOD = re.compile(r"(?:月|季度?)的?$")
#: a month of the year, not months: 每年1月份, 次年3月, 1月上旬, 3月15日
_MONTH_OF_YEAR_BEFORE = re.compile(r"年的?$")
_MONTH_OF_YEAR_AFTER = re.compile(r"^(?:份|初|中|底|末|上旬|中旬|下旬|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])")
#: a number in Chinese numerals is an amount where a limit is worded (二十个工作日内, 之日起二十个工作日, 批准后十日)
#: or where it is the whole of the limit, a remark after it at most (二十个工作日, 三个月, 十五日,
#: 二十个工作日（法律法规另有规定的从其规定）) and its unit days or hours or counted (个): 三月 is March, 一周 and
#: 一年 alone how often; not in a word (上一年度, 五年规划, 一周年)
_LIMIT_AFTER = re.compile(r"^(?:之|以)?内")
_LIMIT_BEFORE = ("起", "后", "前")
_LIMIT_ALONE_AFTER = re.compile(r"^(?:$|[（(，,；;。、])")
#: a number of times after it: 两周更新一次, 1年1次 are how often, not a limit (一次性告知 is no number of times)
_TIMES_AFTER = re.compile(r"^(?:至少)?(?:更新|公开|发布|公布|报送|调整)?(?:\d+|[一二两三四五六七八九十]+)次(?!性)")
#: a quarter named in a year (每年第一季度, 每年一季度) is a time of the year, no quarterly period
_NAMED_QUARTER = re.compile(r"第[一二三四1-4]季度|(?<=年)的?[一二三四1-4]季度")
#: where the words of a limit's own clause start: after a heading or a clause's end, or an open bracket
_CLAUSE_END = "：:；;。"
_OPENERS, _CLOSERS = "（(【[", "）)】]"
_UNITS = {"工作日": "working-day", "自然日": "day", "小时": "hour", "日": "day", "天": "day", "个月": "month", "月": "month", "年": "year",
          "周": "week"}


def _once_per(unit: str) -> str:
    """Once per `unit` as catalogues write it: 1次/年, 一次每年, 每年1次, 一年一次, 年1次."""
    return rf"[1一]次/?每?{unit}|(?:^|[每一1])个?{unit}[1一]次"


_PERIODS = [  # (pattern, period notation); first match wins
    (re.compile(r"两周|二周|双周|半月"), "biweekly"),      # 每半月: twice a month, near enough
    (re.compile(r"(?<![上下])半年|[每按逐]学期"), "half-yearly"),     # a school's term: two a year; 上半年 a time of it
    (re.compile(rf"季度|[每按逐]季|每(?:三|3)个月|{_once_per('季')}"), "quarterly"),
    (re.compile(rf"每月|每个月|[按逐]月|月度|{_once_per('月')}"), "monthly"),
    (re.compile(r"每日|每天|[按逐]日(?!期)|日更新|每个?工作日"), "daily"),
    (re.compile(rf"每周|一周|[按逐]周|周度|{_once_per('周')}"), "weekly"),
    (re.compile(r"及时|即时|动态更新|实时|随时|变化时|有变化即"), "timely"),     # 有变化时更新: as it changes
    (re.compile(rf"每年|年度|[按逐]年|[每按逐]学年|{_once_per('年')}"), "yearly"),   # 每学年: a school year
]


@dataclass(frozen=True)
class TimeLimit:
    text: str
    amount: int | None = None
    unit: str | None = None            # notation in the time-unit scheme
    trigger: str | None = None
    annual_deadline: str | None = None  # xsd:gMonthDay, e.g. --01-31
    monthly_deadline: str | None = None  # xsd:gDay, e.g. ---10
    period: str | None = None          # notation in the period scheme

    @property
    def days(self) -> int | None:
        """The limit in days when it is counted in days (working or calendar); None otherwise."""
        return self.amount if self.unit in ("working-day", "day") else None

    @property
    def parsed(self) -> bool:
        return any(v is not None for v in (self.amount, self.annual_deadline, self.monthly_deadline, self.period))


@lru_cache(maxsize=16384)
def parse_time_limit(text: str) -> TimeLimit | None:
    if not text.strip():
        return None
    compact = re.sub(r"\s+", "", text)
    deadline = None
    m = _DEADLINE_DAY.search(compact)
    if m and _ONE_YEAR.search(compact[:m.start()]):
        m = None        # 2024年12月31日前: a date, once; no deadline of every year (the text keeps it)
    elif m:
        deadline = f"--{chinese_number(m.group(2)):02d}-{chinese_number(m.group(3)):02d}"
    else:
        m = _DEADLINE_MONTH_END.search(compact)
        if m and _ONE_YEAR.search(compact[:m.start()]):
            m = None
        elif m:
            month = chinese_number(m.group("month")) if m.group("month") else 12      # 年底: December's end
            deadline = f"--{month:02d}-{_MONTH_END.get(month, 30):02d}"
    monthly = None
    if m is None and (m := _MONTHLY_DEADLINE.search(compact)) is not None:
        day = chinese_number(m.group(1))
        monthly = f"---{day:02d}" if 1 <= day <= 31 else None
        m = m if monthly else None
    rest = compact[: m.start()] + compact[m.end():] if m else compact
    amount = unit = trigger = None
    a = next((a for a in _AMOUNT.finditer(rest) if _is_amount(a, rest)), None)
    if a:
        amount, unit = chinese_number(a.group(1)), _UNITS[a.group(3)]
        trigger = _trigger(rest[: a.start()])
    period = None
    if deadline is None:   # what an amount was read from is no period (一周内 is 7 days)
        words = _NAMED_QUARTER.sub("", rest[: a.start()] + "，" + rest[a.end():] if a else rest)
        if monthly and m.group(0).startswith("每"):
            words += "每月"          # 每月10日前: every month, by its 10th
        period = next((notation for pattern, notation in _PERIODS if pattern.search(words)), None)
    if unit == "week":  # "至少两周更新1次" has no amount; a bare "2周内" is 14 days
        amount, unit = amount * 7 if amount else None, "day" if amount else None
    return TimeLimit(text=text, amount=amount, unit=unit, trigger=trigger, annual_deadline=deadline,
                     monthly_deadline=monthly, period=period)


def _trigger(before: str) -> str | None:
    """The words before an amount that say from when it counts (信息形成之日起): those of its own clause, after a
    heading or a clause's end (1.主动公开：信息形成之日起 → 信息形成之日起), inside a bracket holding the limit
    (及时（20个工作日内）: none), without numbering, punctuation left at its ends and 的 at the end."""
    start = _open_bracket_end(before, max(before.rfind(ch) for ch in _CLAUSE_END) + 1)
    return ENTRY_NUMBER.sub("", before[start:].lstrip("，,、")).rstrip("的，,、") or None


def _open_bracket_end(text: str, start: int) -> int:
    """Where the text after `start` goes on inside a bracket opened in it and not closed (及时（ → after （), else
    `start`."""
    depth = 0
    for i in range(len(text) - 1, start - 1, -1):
        if text[i] in _CLOSERS:
            depth += 1
        elif text[i] in _OPENERS:
            if not depth:
                return i + 1
            depth -= 1
    return start


def _is_amount(a: re.Match, rest: str) -> bool:
    """Whether a number and unit in the text are a length of time: not a least length (不少于30日, 30日以上), a
    day of a month (每月10日前), a month of the year (每年1月份), an ordinal (第一个工作日), a recurrence (每2年),
    how often (1年1次), a year (2023年), a word (2023年度, 上一年, 一周年; see _LIMIT_AFTER)."""
    before, after = rest[: a.start()], rest[a.end():]
    if _AT_LEAST_BEFORE.search(before) or _AT_LEAST_AFTER.match(after) or _TIMES_AFTER.match(after) \
            or _HOW_LONG_BEFORE.search(before) \
            or before.endswith(("第", "每", "上", "下")) or after.startswith(("度", "年")) \
            or a.group(3) == "年" and re.fullmatch(r"\d{4}", a.group(1)):
        return False
    if not a.group(1).isdigit() and not (_LIMIT_AFTER.match(after) or before.endswith(_LIMIT_BEFORE)
                                         or _stands_alone(a, before, after)):
        return False
    if a.group(3) == "日" and _DAY_OF_PERIOD.search(before):
        return False
    # N月 without 个 is a month of the year (9月, 9月前, 每年1月份, 3月15日), unless worded as a limit (之日起3月内)
    return not (a.group(3) == "月" and not a.group(2)
                and (_MONTH_OF_YEAR_BEFORE.search(before) or _MONTH_OF_YEAR_AFTER.match(after)
                     or not (_LIMIT_AFTER.match(after) or before.endswith(("起", "后")))))


def _stands_alone(a: re.Match, before: str, after: str) -> bool:
    """Whether a number and unit are the whole of the limit (see _LIMIT_ALONE_AFTER): 二十个工作日, 十五日."""
    counted = a.group(2) or a.group(3) in ("工作日", "日", "天", "小时")
    return not before and bool(_LIMIT_ALONE_AFTER.match(after)) and bool(counted)
