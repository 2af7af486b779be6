"""The one registry of filter operators: key, aliases, arity, label, English and SQL.

The parser resolves spellings through ``canonical``; the compiler reads ``kind`` and calls
``build``; the TUI's filter builder lists ``label``s and its chips show ``describe``; API errors
list ``KEYS``. Which operators a field type accepts is the field type's ``operators`` set.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pypika_tortoise import Criterion

from core.query import predicates as p
from core.query.ast import OPERATOR_KEYS, Condition, Group, Node, Value
from core.query.describe import describe_condition_value
from core.query.values import Kind


class Arity(Enum):
    """How many values an operator takes, for forms that ask for them."""

    NONE = 0            # (Notes,blank)
    ONE = 1             # (Status,eq,Done)
    LIST = "list"       # (Id,in,1,2,3)
    PAIR = 2            # (Qty,btw,10,100)
    PERIOD = "period"   # (Due,isWithin,pastWeek) — a date sub-operator, maybe with a number


_ARITY = {Kind.NONE: Arity.NONE, Kind.TYPED: Arity.ONE, Kind.PATTERN: Arity.ONE,
          Kind.LIST: Arity.LIST, Kind.ITEMS: Arity.LIST, Kind.PAIR: Arity.PAIR,
          Kind.PERIOD: Arity.PERIOD}


@dataclass(frozen=True)
class Operator:
    key: str
    label: str
    kind: Kind
    build: Callable[[p.Target, Any], Criterion]
    aliases: tuple[str, ...] = ()
    date_label: str | None = None

    @property
    def arity(self) -> Arity:
        return _ARITY[self.kind]

    def describe(self, field_title: str, value: Value = None, sub_op: str | None = None) -> str:
        """English for a filter chip: ``Department is Arms and Armor``."""
        return describe_condition_value(self, field_title, value, sub_op)


def _op(key: str, label: str, kind: Kind, build: Callable[[p.Target, Any], Criterion],
        *aliases: str, date_label: str | None = None) -> Operator:
    return Operator(key, label, kind, build, aliases, date_label)


OPERATORS: dict[str, Operator] = {o.key: o for o in (
    _op("eq", "is", Kind.TYPED, p.eq),
    _op("neq", "is not", Kind.TYPED, p.neq, "not"),
    _op("gt", "is greater than", Kind.TYPED, p.gt, date_label="is after"),
    _op("lt", "is less than", Kind.TYPED, p.lt, date_label="is before"),
    _op("gte", "is at least", Kind.TYPED, p.gte, "ge", date_label="is on or after"),
    _op("lte", "is at most", Kind.TYPED, p.lte, "le", date_label="is on or before"),
    _op("like", "contains", Kind.PATTERN, p.like),
    _op("nlike", "does not contain", Kind.PATTERN, p.nlike),
    _op("in", "is any of", Kind.LIST, p.one_of),
    _op("btw", "is between", Kind.PAIR, p.between),
    _op("nbtw", "is not between", Kind.PAIR, p.not_between),
    _op("anyof", "has any of", Kind.ITEMS, p.anyof),
    _op("allof", "has all of", Kind.ITEMS, p.allof),
    _op("nanyof", "has none of", Kind.ITEMS, p.nanyof),
    _op("nallof", "does not have all of", Kind.ITEMS, p.nallof),
    _op("blank", "is blank", Kind.NONE, p.blank, "isblank", "is_blank"),
    _op("notblank", "is not blank", Kind.NONE, p.notblank,
        "isnotblank", "is_not_blank", "is_notblank"),
    _op("empty", "is empty", Kind.NONE, p.empty),
    _op("notempty", "is not empty", Kind.NONE, p.notempty),
    _op("null", "is null", Kind.NONE, p.null),
    _op("notnull", "is not null", Kind.NONE, p.notnull),
    _op("checked", "is checked", Kind.NONE, p.checked),
    _op("notchecked", "is not checked", Kind.NONE, p.notchecked),
    _op("isWithin", "is within", Kind.PERIOD, p.is_within),
)}
KEYS: tuple[str, ...] = tuple(OPERATORS)
if KEYS != OPERATOR_KEYS:
    raise RuntimeError("core.query.ast.OPERATOR_KEYS and the registry must list the same keys")

# ``is``/``isnot`` + keyword (NocoDB ``is`` values) and ``not blank`` (the quoted-grammar docs).
_IS = {"null": "null", "notnull": "notnull", "empty": "empty", "notempty": "notempty",
       "blank": "blank", "notblank": "notblank", "true": "checked", "false": "notchecked"}
_ISNOT = {"null": "notnull", "notnull": "null", "empty": "notempty", "notempty": "empty",
          "blank": "notblank", "notblank": "blank", "true": "notchecked", "false": "checked"}
_KEYWORD_OPS = {"is": _IS, "isnot": _ISNOT}
_SPELLINGS = {name.lower(): o.key for o in OPERATORS.values() for name in (o.key, *o.aliases)}


def supported() -> str:
    return ", ".join(KEYS)


class OperatorError(ValueError):
    """An operator spelling that cannot be resolved. ``reason`` names the culprit, ``hint`` says
    what would do; the parser puts the position between them."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(f"{reason}; {hint}")
        self.reason = reason
        self.hint = hint


def canonical(word: str, value: Value) -> tuple[str, Value]:
    """Resolve an operator as written (any case, aliases, ``is``+keyword) to ``(key, value)``.

    Raises OperatorError naming the operator and the supported ones.
    """
    lowered = word.lower()
    if lowered in _KEYWORD_OPS:
        return _keyword(word, _KEYWORD_OPS[lowered], value), None
    key = _SPELLINGS.get(lowered)
    if key is None:
        raise OperatorError(f"unknown operator '{word}'", _suggestion(lowered) + supported())
    if lowered == "not" and isinstance(value, str) and value.strip().lower() in ("blank", "notblank"):
        return _ISNOT[value.strip().lower()], None
    return key, value


def _suggestion(lowered: str) -> str:
    close = difflib.get_close_matches(lowered, _SPELLINGS, n=1)
    return f"did you mean '{_SPELLINGS[close[0]]}'? operators: " if close else "operators: "


def _keyword(word: str, table: dict[str, str], value: Value) -> str:
    keyword = value.strip().lower() if isinstance(value, str) else None
    if keyword not in table:
        raise OperatorError(f"'{word}' needs a keyword value", f"one of: {', '.join(table)}")
    return table[keyword]


def get(key: str) -> Operator:
    return OPERATORS[key]


def operators_for(field_type: Any) -> tuple[Operator, ...]:
    """The operators a field type accepts (its ``operators`` set), in registry order."""
    return tuple(o for o in OPERATORS.values() if o.key in field_type.operators)


_JOIN_WORDS = {"and": "and", "or": "or", "not": "and not"}


def describe_condition(cond: Condition) -> str:
    return OPERATORS[cond.op].describe(cond.field, cond.value, cond.sub_op)


def describe_where(node: Node) -> str:
    """One sentence for a whole tree: ``Status is Done and (Qty is at least 2 or Qty is blank)``."""
    if isinstance(node, Condition):
        return describe_condition(node)
    parts: list[str] = []
    for i, (conn, item) in enumerate(node.items):
        text = describe_where(item)
        if isinstance(item, Group) and len(item.items) > 1:
            text = f"({text})"
        if i == 0:
            parts.append(f"not {text}" if conn == "not" else text)
        else:
            parts.append(f"{_JOIN_WORDS[conn]} {text}")
    return " ".join(parts)
