"""English for conditions (``Department is Arms and Armor``), used by filter chips and errors.

Only the wording lives here; which label goes with which operator is in the registry
(``core.query.operators``), which also assembles whole trees (``describe_where``).
"""

from __future__ import annotations

import re
from typing import Any

from core.query.ast import Value
from core.query.values import Kind, split_items

_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
_DATE_WORDS = {
    "today": "today", "tomorrow": "tomorrow", "yesterday": "yesterday",
    "oneWeekAgo": "one week ago", "oneWeekFromNow": "one week from now",
    "oneMonthAgo": "one month ago", "oneMonthFromNow": "one month from now",
    "pastWeek": "the past week", "pastMonth": "the past month", "pastYear": "the past year",
    "nextWeek": "the next week", "nextMonth": "the next month", "nextYear": "the next year",
}
_COUNTED = {
    "daysAgo": "{} days ago", "daysFromNow": "{} days from now",
    "pastNumberOfDays": "the past {} days", "nextNumberOfDays": "the next {} days",
}
_LIST_JOIN = {"allof": "and", "nallof": "and"}


def _text(value: Value) -> str:
    if value is None:
        return "…"
    if value == "":
        return '""'
    return value if isinstance(value, str) else ", ".join(value)


def listing(items: tuple[str, ...], conjunction: str) -> str:
    """``a``; ``a or b``; ``a, b or c``."""
    if not items:
        return "…"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def date_phrase(sub_op: str | None, value: Value) -> str:
    if sub_op in _DATE_WORDS and value in (None, ""):
        return _DATE_WORDS[sub_op]
    if sub_op in _COUNTED:
        return _COUNTED[sub_op].format(_text(value))
    if sub_op in _DATE_WORDS:
        return f"{sub_op},{_text(value)}"
    return _text(value)


def _is_date(sub_op: str | None, value: Value) -> bool:
    return sub_op is not None or (isinstance(value, str) and bool(_DATE_RE.match(value)))


def _like(key: str, value: Value) -> str:
    text = _text(value)
    negated = key == "nlike"
    starts, ends = text.startswith("%"), text.endswith("%") and len(text) > 1
    if starts and not ends:
        return ("does not end with " if negated else "ends with ") + text[1:]
    if ends and not starts:
        return ("does not start with " if negated else "starts with ") + text[:-1]
    core = text[1:-1] if starts and ends else text
    return ("does not contain " if negated else "contains ") + core


def describe_condition_value(op: Any, title: str, value: Value, sub_op: str | None) -> str:
    """``op`` is a registry ``Operator`` (key, label, kind, date_label)."""
    kind = op.kind
    if kind is Kind.NONE:
        return f"{title} {op.label}"
    if kind is Kind.PATTERN:
        return f"{title} {_like(op.key, value)}"
    if kind is Kind.PERIOD or (kind is Kind.TYPED and _is_date(sub_op, value)):
        return f"{title} {op.date_label or op.label} {date_phrase(sub_op, value)}"
    if sub_op is not None:
        value = f"{sub_op},{value}" if isinstance(value, str) else (sub_op, *(value or ()))
    if kind is Kind.PAIR:
        items = split_items(value)
        if len(items) == 2:
            return f"{title} {op.label} {items[0]} and {items[1]}"
    if kind in (Kind.LIST, Kind.ITEMS):
        items = tuple(i.strip() if kind is Kind.ITEMS else i for i in split_items(value))
        return f"{title} {op.label} {listing(items, _LIST_JOIN.get(op.key, 'or'))}"
    return f"{title} {op.label} {_text(value)}"
