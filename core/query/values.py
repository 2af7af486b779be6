"""Converting a condition's raw text into the operand its operator needs, against one field.

* numbers go through the field type (``coerce`` then ``to_db``), so ``(Qty,gt,abc)`` fails;
* dates become days or an instant (``core.query.dates``), with ``today`` etc. taken from ``now``;
* text and select values are used as written (a filter may look for a value that is no longer
  a valid option or e-mail address), and ``like`` values become escaped LIKE patterns;
* lists (``in``, ``anyof``…) split a string on commas; ``btw`` needs exactly two items.

Problems raise ``ValueError`` with a message for a person; the compiler adds the field.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from core.fields.base import FieldSpec, Storage
from core.query import dates
from core.query.ast import Condition, Value


class Kind(Enum):
    """How an operator reads its value."""

    NONE = "none"        # blank, null, checked… (a value, if written, is ignored)
    TYPED = "typed"      # one value of the field's type (eq, gt…)
    PATTERN = "pattern"  # one LIKE pattern (like, nlike)
    LIST = "list"        # comma list of typed values (in)
    ITEMS = "items"      # comma list of option titles, trimmed (anyof, allof…)
    PAIR = "pair"        # low,high (btw, nbtw)
    PERIOD = "period"    # an isWithin sub-operator


def like_pattern(text: str) -> str:
    """A LIKE pattern for ``ESCAPE '\\'``: ``\\%``/``\\_`` stay literal, any other backslash is
    literal too; the value is wrapped in ``%…%`` unless it starts or ends with a wildcard ``%``."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in ("\\%", "\\_", "\\\\"):
            tokens.append(pair)
            i += 2
            continue
        tokens.append("\\\\" if text[i] == "\\" else text[i])
        i += 1
    pattern = "".join(tokens)
    if tokens and (tokens[0] == "%" or tokens[-1] == "%"):
        return pattern
    return f"%{pattern}%"


def split_items(value: Value) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else tuple(value.split(","))


def convert(kind: Kind, cond: Condition, spec: FieldSpec, dialect: str,
            now: dt.datetime) -> Any:
    """The operand for ``predicates``; ValueError if the value does not fit."""
    if kind is Kind.NONE:
        return None
    if spec.type.family == "date":
        return _date_operand(kind, cond, spec, now)
    raw = cond.raw_value
    if kind is Kind.TYPED:
        return _typed(_single(cond.op, raw), spec, dialect)
    if kind is Kind.PATTERN:
        return like_pattern(_single(cond.op, raw))
    if kind is Kind.LIST:
        return tuple(_typed(item, spec, dialect) for item in _some(cond.op, split_items(raw)))
    if kind is Kind.ITEMS:
        items = tuple(i.strip() for i in split_items(raw) if i.strip())
        return _some(cond.op, items)
    if kind is Kind.PAIR:
        return _pair(cond.op, raw, spec, dialect)
    raise ValueError(f"'{cond.op}' only applies to date fields")


def _date_operand(kind: Kind, cond: Condition, spec: FieldSpec, now: dt.datetime) -> Any:
    if kind not in (Kind.TYPED, Kind.PERIOD):
        raise ValueError(f"'{cond.op}' does not apply to dates")
    with_time = spec.type.storage is Storage.DATETIME
    return dates.resolve(cond.op, cond.sub_op, cond.value, today=now.date(), with_time=with_time)


def _single(op: str, raw: Value) -> str:
    if raw is None:
        raise ValueError(f"'{op}' needs a value")
    if isinstance(raw, tuple):
        raise ValueError(f"'{op}' takes one value, got a list of {len(raw)}")
    return raw


def _some(op: str, items: tuple[Any, ...]) -> tuple[Any, ...]:
    if not items:
        raise ValueError(f"'{op}' needs at least one value")
    return items


def _typed(text: str, spec: FieldSpec, dialect: str) -> Any:
    if spec.type.family != "number":
        return text
    return spec.type.to_db(spec.type.coerce(text, spec), dialect)


def _pair(op: str, raw: Value, spec: FieldSpec, dialect: str) -> tuple[Any, Any]:
    items = split_items(raw)
    if len(items) != 2:
        raise ValueError(f"'{op}' needs two values as low,high, got {_show(raw)}")
    return _typed(items[0], spec, dialect), _typed(items[1], spec, dialect)


def _show(raw: Value) -> str:
    return "nothing" if raw is None else repr(raw if isinstance(raw, str) else ",".join(raw))
