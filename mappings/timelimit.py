"""Time limits (公开时限): the text as printed, plus the structure that parses out of it.

    相关信息形成或变更之日起 20 个工作日内  → amount 20, unit working-day, trigger 相关信息形成或变更之日起
    每年 1 月 31 日 前                     → annual deadline --01-31
    6月底前公布                            → annual deadline --06-30
    至少两周更新1次 / 每月 / 及时公开        → period biweekly / monthly / timely
Anything that does not parse keeps only its text (and the shapes report it as advice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_DEADLINE_DAY = re.compile(r"(每年)?的?(\d{1,2})月(\d{1,2})日(之)?前")
_DEADLINE_MONTH_END = re.compile(r"(每年)?的?(\d{1,2})月(底|末)(之)?前")
_AMOUNT = re.compile(r"(\d+)(个)?(工作日|日|天|个月|月|年|周)")
#: a least length, not a limit: 公示期不少于30日, 至少5个工作日, 30日以上 (the text keeps it; no amount is read)
_AT_LEAST_BEFORE = re.compile(r"(?:不少于|不得少于|不低于|不短于|至少|最少)$")
_AT_LEAST_AFTER = re.compile(r"^(?:以上|及以上)")
#: a day of each month or quarter: 每月10日前 is the 10th of every month, not 10 days
_DAY_OF_PERIOD = re.compile(r"每(?:个)?(?:月|季度?)的?$")
_UNITS = {"工作日": "working-day", "日": "day", "天": "day", "个月": "month", "月": "month", "年": "year",
          "周": "week"}
_PERIODS = [  # (pattern, period notation); first match wins
    (re.compile(r"两周|二周|双周"), "biweekly"),
    (re.compile(r"半年"), "half-yearly"),
    (re.compile(r"季度"), "quarterly"),
    (re.compile(r"每月|每个月|按月"), "monthly"),
    (re.compile(r"每周|一周"), "weekly"),
    (re.compile(r"及时|即时|动态更新|实时|随时"), "timely"),
]


@dataclass(frozen=True)
class TimeLimit:
    text: str
    amount: int | None = None
    unit: str | None = None            # notation in the time-unit scheme
    trigger: str | None = None
    annual_deadline: str | None = None  # xsd:gMonthDay, e.g. --01-31
    period: str | None = None          # notation in the period scheme

    @property
    def days(self) -> int | None:
        """The limit in days when it is counted in days (working or calendar); None otherwise."""
        return self.amount if self.unit in ("working-day", "day") else None

    @property
    def parsed(self) -> bool:
        return any(v is not None for v in (self.amount, self.annual_deadline, self.period))


@lru_cache(maxsize=16384)
def parse_time_limit(text: str) -> TimeLimit | None:
    if not text.strip():
        return None
    compact = re.sub(r"\s+", "", text)
    deadline = None
    m = _DEADLINE_DAY.search(compact)
    if m:
        deadline = f"--{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    else:
        m = _DEADLINE_MONTH_END.search(compact)
        if m:
            month = int(m.group(2))
            deadline = f"--{month:02d}-{_MONTH_END.get(month, 30):02d}"
    rest = compact[: m.start()] + compact[m.end():] if m else compact
    amount = unit = trigger = None
    a = _AMOUNT.search(rest)
    if a and not re.match(r"^\d+次", rest[a.end() - len(a.group(3)):]) \
            and not _AT_LEAST_BEFORE.search(rest[: a.start()]) and not _AT_LEAST_AFTER.match(rest[a.end():]) \
            and not (a.group(3) == "日" and _DAY_OF_PERIOD.search(rest[: a.start()])):
        amount, unit = int(a.group(1)), _UNITS[a.group(3)]
        trigger = rest[: a.start()].rstrip("的，,、") or None
        if unit == "year" and trigger and trigger.endswith("每"):
            amount = unit = trigger = None
    period = None
    if deadline is None:
        for pattern, notation in _PERIODS:
            if pattern.search(compact):
                period = notation
                break
        if period is None and re.search(r"每年", compact):
            period = "yearly"
    if unit == "week":  # "至少两周更新1次" has no amount; a bare "2周内" is 14 days
        amount, unit = amount * 7 if amount else None, "day" if amount else None
    return TimeLimit(text=text, amount=amount, unit=unit, trigger=trigger, annual_deadline=deadline, period=period)
