"""Date sub-operators → calendar days (UTC), including month arithmetic and errors."""

from __future__ import annotations

import datetime as dt

import pytest

from core.query.dates import DayRange, Instant, add_months, resolve

D = dt.date
TODAY = D(2025, 9, 30)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2025, 1, 31), 1, D(2025, 2, 28)), (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2025, 3, 31), -1, D(2025, 2, 28)), (D(2025, 12, 15), 1, D(2026, 1, 15)),
    (D(2025, 1, 15), -1, D(2024, 12, 15)), (D(2024, 2, 29), -12, D(2023, 2, 28)),
])
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("op", "sub_op", "value", "first", "last"), [
    ("eq", "today", None, TODAY, TODAY),
    ("eq", "tomorrow", None, D(2025, 10, 1), D(2025, 10, 1)),
    ("eq", "yesterday", None, D(2025, 9, 29), D(2025, 9, 29)),
    ("eq", "oneWeekAgo", None, D(2025, 9, 23), D(2025, 9, 23)),
    ("eq", "oneWeekFromNow", None, D(2025, 10, 7), D(2025, 10, 7)),
    ("eq", "oneMonthAgo", None, D(2025, 8, 30), D(2025, 8, 30)),
    ("eq", "oneMonthFromNow", None, D(2025, 10, 30), D(2025, 10, 30)),
    ("lt", "daysAgo", "3", D(2025, 9, 27), D(2025, 9, 27)),
    ("gt", "daysFromNow", " 2 ", D(2025, 10, 2), D(2025, 10, 2)),
    ("eq", "exactDate", "2025-01-31", D(2025, 1, 31), D(2025, 1, 31)),
    ("eq", None, "2025-01-31", D(2025, 1, 31), D(2025, 1, 31)),
    ("eq", None, "2025/01/31", D(2025, 1, 31), D(2025, 1, 31)),
    ("isWithin", "pastWeek", None, D(2025, 9, 23), TODAY),
    ("isWithin", "pastMonth", None, D(2025, 8, 30), TODAY),
    ("isWithin", "pastYear", None, D(2024, 9, 30), TODAY),
    ("isWithin", "nextWeek", None, TODAY, D(2025, 10, 7)),
    ("isWithin", "nextMonth", None, TODAY, D(2025, 10, 30)),
    ("isWithin", "nextYear", None, TODAY, D(2026, 9, 30)),
    ("isWithin", "pastNumberOfDays", "14", D(2025, 9, 16), TODAY),
    ("isWithin", "nextNumberOfDays", "0", TODAY, TODAY),
])
def test_resolves_to_days(op: str, sub_op: str | None, value: str | None,
                          first: dt.date, last: dt.date) -> None:
    assert resolve(op, sub_op, value, today=TODAY, with_time=True) == DayRange(first, last)


def test_a_time_of_day_gives_an_instant_on_timestamp_fields_only() -> None:
    moment = dt.datetime(2025, 9, 30, 8, 30, tzinfo=dt.timezone.utc)
    assert resolve("gt", None, "2025-09-30 08:30:00", today=TODAY, with_time=True) == Instant(moment)
    assert resolve("gt", None, "2025-09-30T10:30:00+02:00", today=TODAY,
                   with_time=True) == Instant(moment)
    assert resolve("gt", None, "2025-09-30 08:30:00", today=TODAY,
                   with_time=False) == DayRange(TODAY, TODAY)


@pytest.mark.parametrize(("op", "sub_op", "value", "message"), [
    ("eq", "pastWeek", None, "'pastWeek' is not supported for 'eq'"),
    ("isWithin", "today", None, "'today' is not supported for 'isWithin'"),
    ("isWithin", None, None, "'isWithin' needs a period"),
    ("eq", "daysAgo", None, "'daysAgo' needs a number of days"),
    ("eq", "daysAgo", "x", "'daysAgo' needs a whole number of days, got 'x'"),
    ("isWithin", "pastNumberOfDays", "", "'pastNumberOfDays' needs a number of days"),
    ("eq", "daysAgo", "9999999", "limited to 100000 days"),
    ("eq", "today", "5", "'today' takes no value"),
    ("eq", "exactDate", None, "'exactDate' needs a date"),
    ("eq", None, None, "'eq' needs a date"),
    ("eq", None, "someday", "is not a date"),
    ("eq", None, ("a", "b,c"), "takes a single date"),
])
def test_errors(op: str, sub_op: str | None, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve(op, sub_op, value, today=TODAY, with_time=True)  # type: ignore[arg-type]
