"""Turning a date condition's sub-operator and value into days or an instant.

Date-family filters work at day granularity, in UTC: ``(Due,eq,today)``,
``(Due,lt,daysAgo,3)``, ``(Due,eq,exactDate,2025-09-30)`` or a bare ``(Due,eq,2025-09-30)``
all name one calendar day; ``isWithin`` names an inclusive run of days
(``pastNumberOfDays,14`` = the 14 days before today, and today). Only an exact value with a
time of day (``(Created,gt,2025-09-30 12:00:00)``) yields an ``Instant``. Which SQL a day range
becomes (``=`` on a Date column, a half-open timestamp range on a DateTime one) is up to
``core.query.predicates``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from core.fields.dates import parse_date, parse_datetime
from core.query.ast import IS_WITHIN_SUB_OPS, Value

_MAX_DAYS = 100_000


@dataclass(frozen=True)
class DayRange:
    """Calendar days ``first``..``last``, both included."""

    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Instant:
    at: dt.datetime


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar arithmetic that clamps to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


_FIXED: dict[str, Callable[[dt.date], dt.date]] = {
    "today": lambda d: d,
    "tomorrow": lambda d: d + dt.timedelta(days=1),
    "yesterday": lambda d: d - dt.timedelta(days=1),
    "oneWeekAgo": lambda d: d - dt.timedelta(days=7),
    "oneWeekFromNow": lambda d: d + dt.timedelta(days=7),
    "oneMonthAgo": lambda d: add_months(d, -1),
    "oneMonthFromNow": lambda d: add_months(d, 1),
}
_COUNTED = {"daysAgo": -1, "daysFromNow": 1}
_WITHIN_FIXED: dict[str, Callable[[dt.date], DayRange]] = {
    "pastWeek": lambda d: DayRange(d - dt.timedelta(days=7), d),
    "pastMonth": lambda d: DayRange(add_months(d, -1), d),
    "pastYear": lambda d: DayRange(add_months(d, -12), d),
    "nextWeek": lambda d: DayRange(d, d + dt.timedelta(days=7)),
    "nextMonth": lambda d: DayRange(d, add_months(d, 1)),
    "nextYear": lambda d: DayRange(d, add_months(d, 12)),
}


def resolve(op: str, sub_op: str | None, value: Value, *, today: dt.date,
            with_time: bool) -> DayRange | Instant:
    """The days (or instant) a date condition names; ValueError with a message otherwise.

    ``with_time`` says whether the field keeps a time of day (DateTime and the system times).
    """
    if op == "isWithin":
        return _within(sub_op, value, today)
    if sub_op in IS_WITHIN_SUB_OPS:
        raise ValueError(f"'{sub_op}' is not supported for '{op}'; use it with 'isWithin'")
    if sub_op in _FIXED:
        _no_value(sub_op, value)
        return _day(_FIXED[sub_op](today))
    if sub_op in _COUNTED:
        return _day(today + dt.timedelta(days=_COUNTED[sub_op] * _count(sub_op, value)))
    return _exact(sub_op or op, value, with_time)


def _within(sub_op: str | None, value: Value, today: dt.date) -> DayRange:
    if sub_op is None or sub_op not in IS_WITHIN_SUB_OPS:
        what = f"'{sub_op}' is not supported for 'isWithin'" if sub_op else "'isWithin' needs a period"
        raise ValueError(f"{what}; use one of: {', '.join(IS_WITHIN_SUB_OPS)}")
    if sub_op in _WITHIN_FIXED:
        _no_value(sub_op, value)
        return _WITHIN_FIXED[sub_op](today)
    days = dt.timedelta(days=_count(sub_op, value))
    return DayRange(today - days, today) if sub_op.startswith("past") else DayRange(today, today + days)


def _day(day: dt.date) -> DayRange:
    return DayRange(day, day)


def _no_value(sub_op: str, value: Value) -> None:
    if value not in (None, ""):
        raise ValueError(f"'{sub_op}' takes no value, got {value!r}")


def _count(sub_op: str, value: Value) -> int:
    if value is None or value == "":
        raise ValueError(f"'{sub_op}' needs a number of days, e.g. '{sub_op},3'")
    text = value if isinstance(value, str) else ",".join(value)
    try:
        days = int(text.strip())
    except ValueError:
        raise ValueError(f"'{sub_op}' needs a whole number of days, got {text!r}") from None
    if abs(days) > _MAX_DAYS:
        raise ValueError(f"'{sub_op}' is limited to {_MAX_DAYS} days, got {days}")
    return days


def _exact(what: str, value: Value, with_time: bool) -> DayRange | Instant:
    if value is None or value == "":
        raise ValueError(f"'{what}' needs a date as YYYY-MM-DD")
    if isinstance(value, tuple):
        raise ValueError(f"'{what}' takes a single date, got a list of {len(value)}")
    text = value.strip()
    if with_time and len(text) > 10:
        return Instant(parse_datetime(text))
    return _day(parse_date(text))
