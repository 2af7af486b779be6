"""SQL for each operator on one column: functions ``(target, operand) -> Criterion``.

Operands arrive already converted by ``core.query.values`` (numbers as numbers, dates as
``DayRange``/``Instant``, list items as tuples), so this module only decides the SQL shape.
Every value goes in through ``bound()``; the only identifiers are the generated column names.

The semantics are gridbase's (DESIGN §4), the same on SQLite and PostgreSQL: negative
operators (``neq``, ``nlike``, ``nanyof``, ``nallof``) are exact complements, NULL rows included; ``blank`` means NULL or
``''`` for text columns and NULL otherwise; a day on a timestamp column is the half-open range
``[day 00:00, next day 00:00)`` in UTC, which both backends can answer from an index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pypika_tortoise import Criterion
from pypika_tortoise.functions import Coalesce
from pypika_tortoise.terms import Term

from core.fields.base import FieldSpec, Storage
from core.query.dates import DayRange, Instant
from core.query.sql import (
    COMMA, ZERO, Concat, IsNotTrue, LikeEscaped, as_text, bound, contains_item, fold,
)

UTC = dt.timezone.utc


@dataclass(frozen=True)
class Target:
    """The column a condition filters, with what is needed to shape its SQL."""

    column: Term
    spec: FieldSpec
    dialect: str

    @property
    def compared(self) -> Term:
        """The term value comparisons use: an unset Rating counts as 0 (NocoDB)."""
        return Coalesce(self.column, ZERO) if self.spec.uidt == "Rating" else self.column

    @property
    def text_storage(self) -> bool:
        return self.spec.type.storage is Storage.TEXT

    def db(self, value: Any) -> Any:
        return self.spec.type.to_db(value, self.dialect)


def _or_null(t: Target, crit: Criterion) -> Criterion:
    return crit | t.column.isnull()


# --- equality and order ----------------------------------------------------------------------
def eq(t: Target, value: Any) -> Criterion:
    if isinstance(value, (DayRange, Instant)):
        return _on_day(t, value)
    return t.compared == bound(value)


def neq(t: Target, value: Any) -> Criterion:
    if isinstance(value, (DayRange, Instant)):
        lo, hi = _day_bounds(t, value)
        return _or_null(t, (t.column < bound(lo)) | (t.column >= bound(hi)))
    crit = t.compared != bound(value)
    return crit if t.spec.uidt == "Rating" else _or_null(t, crit)


def gt(t: Target, value: Any) -> Criterion:
    if isinstance(value, DayRange):
        return t.column >= bound(_day_bounds(t, value)[1])
    return t.compared > bound(_point(t, value))


def gte(t: Target, value: Any) -> Criterion:
    if isinstance(value, DayRange):
        return t.column >= bound(_day_bounds(t, value)[0])
    return t.compared >= bound(_point(t, value))


def lt(t: Target, value: Any) -> Criterion:
    if isinstance(value, DayRange):
        return t.column < bound(_day_bounds(t, value)[0])
    return t.compared < bound(_point(t, value))


def lte(t: Target, value: Any) -> Criterion:
    if isinstance(value, DayRange):
        return t.column < bound(_day_bounds(t, value)[1])
    return t.compared <= bound(_point(t, value))


def is_within(t: Target, days: DayRange) -> Criterion:
    return _on_day(t, days)


def one_of(t: Target, values: tuple[Any, ...]) -> Criterion:
    return t.compared.isin([bound(v) for v in values])


def between(t: Target, pair: tuple[Any, Any]) -> Criterion:
    return (t.compared >= bound(pair[0])) & (t.compared <= bound(pair[1]))


def not_between(t: Target, pair: tuple[Any, Any]) -> Criterion:
    return (t.compared < bound(pair[0])) | (t.compared > bound(pair[1]))


# --- dates -----------------------------------------------------------------------------------
def _point(t: Target, value: Any) -> Any:
    return t.db(value.at) if isinstance(value, Instant) else value


def _day_bounds(t: Target, value: DayRange | Instant) -> tuple[Any, Any]:
    """``[lo, hi)`` as database values: first day's start to the day after the last."""
    days = value if isinstance(value, DayRange) else DayRange(value.at.date(), value.at.date())
    lo, hi = days.first, days.last + dt.timedelta(days=1)
    if t.spec.type.storage is Storage.DATETIME:
        return t.db(_midnight(lo)), t.db(_midnight(hi))
    return t.db(lo), t.db(hi)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def _on_day(t: Target, value: DayRange | Instant) -> Criterion:
    lo, hi = _day_bounds(t, value)
    return (t.column >= bound(lo)) & (t.column < bound(hi))


# --- text ------------------------------------------------------------------------------------
def like(t: Target, pattern: str) -> Criterion:
    column = as_text(t.column, t.dialect) if t.spec.type.storage is Storage.JSON else t.column
    return LikeEscaped(fold(column, t.dialect), fold(bound(pattern), t.dialect))


def nlike(t: Target, pattern: str) -> Criterion:
    return IsNotTrue(like(t, pattern))


def blank(t: Target, _: Any = None) -> Criterion:
    crit = t.column.isnull()
    return crit | (t.column == bound("")) if t.text_storage else crit


def notblank(t: Target, _: Any = None) -> Criterion:
    crit = t.column.notnull()
    return crit & (t.column != bound("")) if t.text_storage else crit


def empty(t: Target, _: Any = None) -> Criterion:
    return t.column == bound("")


def notempty(t: Target, _: Any = None) -> Criterion:
    """Not the empty string; NULL counts as not empty (a NocoDB quirk kept on purpose)."""
    return _or_null(t, t.column != bound(""))


def null(t: Target, _: Any = None) -> Criterion:
    return t.column.isnull()


def notnull(t: Target, _: Any = None) -> Criterion:
    return t.column.notnull()


# --- checkbox --------------------------------------------------------------------------------
def checked(t: Target, _: Any = None) -> Criterion:
    return t.column == bound(True)


def notchecked(t: Target, _: Any = None) -> Criterion:
    return _or_null(t, t.column == bound(False))


# --- select options --------------------------------------------------------------------------
def _has(t: Target, item: str) -> Criterion:
    """A MultiSelect cell (``a,b,c``) holds ``item`` exactly: ``,a,b,c,`` contains ``,item,``."""
    return contains_item(Concat(COMMA, t.column, COMMA), bound(f",{item},"), t.dialect)


def anyof(t: Target, items: tuple[str, ...]) -> Criterion:
    if t.spec.type.family == "select":
        return t.column.isin([bound(i) for i in items])
    return Criterion.any(_has(t, i) for i in items)


def allof(t: Target, items: tuple[str, ...]) -> Criterion:
    if t.spec.type.family == "select":
        return Criterion.all(t.column == bound(i) for i in items)
    return Criterion.all(_has(t, i) for i in items)


def nanyof(t: Target, items: tuple[str, ...]) -> Criterion:
    return IsNotTrue(anyof(t, items))


def nallof(t: Target, items: tuple[str, ...]) -> Criterion:
    return IsNotTrue(allof(t, items))
