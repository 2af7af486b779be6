"""What a filter form offers for a field: its operators with labels, and the date sub-operators.

The operator registry (``core.query.operators``) and the field types' ``operators`` sets decide
*what* is allowed; this module names the choices for a person — ``is within``, ``past week``,
``number of days ago`` — and says which sub-operators take a value (a number of days or a
date). The TUI's filter builder reads it; ``core.query.dates`` gives each choice its meaning.
"""

from __future__ import annotations

from typing import Literal

from core.fields.base import FieldSpec
from core.query.ast import COMPARISON_SUB_OPS, IS_WITHIN_SUB_OPS
from core.query.operators import OPERATORS, Arity, operators_for

SubOpValue = Literal["days", "date"] | None

SUB_OP_LABELS: dict[str, str] = {
    "today": "today", "tomorrow": "tomorrow", "yesterday": "yesterday",
    "oneWeekAgo": "one week ago", "oneWeekFromNow": "one week from now",
    "oneMonthAgo": "one month ago", "oneMonthFromNow": "one month from now",
    "daysAgo": "number of days ago", "daysFromNow": "number of days from now",
    "exactDate": "exact date",
    "pastWeek": "past week", "pastMonth": "past month", "pastYear": "past year",
    "nextWeek": "next week", "nextMonth": "next month", "nextYear": "next year",
    "pastNumberOfDays": "past number of days", "nextNumberOfDays": "next number of days",
}
_DAYS = frozenset({"daysAgo", "daysFromNow", "pastNumberOfDays", "nextNumberOfDays"})


def is_date(spec: FieldSpec) -> bool:
    """Date-family fields (Date, DateTime, CreatedTime, LastModifiedTime) take sub-operators."""
    return spec.type.family == "date"


def operator_choices(spec: FieldSpec) -> list[tuple[str, str]]:
    """``(key, label)`` of every operator the field's type supports, in registry order;
    date fields read ``is after``/``is before`` rather than ``is greater than``."""
    date = is_date(spec)
    return [(o.key, (o.date_label if date and o.date_label else o.label))
            for o in operators_for(spec.type)]


def operator_label(key: str, spec: FieldSpec | None = None) -> str:
    op = OPERATORS[key]
    return op.date_label if spec is not None and is_date(spec) and op.date_label else op.label


def takes_sub_op(spec: FieldSpec, op: str) -> bool:
    """Whether a condition on ``spec`` with ``op`` chooses a date sub-operator."""
    return is_date(spec) and OPERATORS[op].arity in (Arity.ONE, Arity.PERIOD)


def sub_op_choices(op: str) -> list[tuple[str, str]]:
    """``isWithin`` takes the periods (past week…); the comparisons take days (today…)."""
    keys = IS_WITHIN_SUB_OPS if op == "isWithin" else COMPARISON_SUB_OPS
    return [(k, SUB_OP_LABELS[k]) for k in keys]


def default_sub_op(op: str, current: str | None = None) -> str:
    """The sub-operator a date condition starts with (or keeps, when it still fits ``op``)."""
    keys = [k for k, _ in sub_op_choices(op)]
    if current in keys:
        return current
    return "pastWeek" if op == "isWithin" else "exactDate"


def sub_op_value(sub_op: str | None) -> SubOpValue:
    """What a sub-operator needs after it: a number of days, a date, or nothing."""
    if sub_op in _DAYS:
        return "days"
    if sub_op is None or sub_op == "exactDate":
        return "date"
    return None
