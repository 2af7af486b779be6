"""The filter tree: ``Condition`` leaves inside ``Group`` nodes, as frozen dataclasses.

The tree keeps values as the raw strings the user wrote; typing them against a field is the
compiler's job. Every tree is kept in one canonical form (see ``Condition.__post_init__``), so
that printing a tree and parsing the text back gives an equal tree.

A ``Group`` is a sequence of ``(connector, node)`` items with connectors ``"and"``, ``"or"`` or
``"not"`` (= AND NOT). Items combine with SQL precedence, AND binding tighter than OR, exactly
as NocoDB does: ``a ~or b ~and c`` is ``a OR (b AND c)``. A leading ``"not"`` negates the first
item; a leading ``"and"``/``"or"`` just starts the sequence. ``parse_where`` always returns a
``Group``, so nested groups and redundant parentheses survive a round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

CONNECTORS = ("and", "or", "not")

# Canonical operator keys, in the order the registry lists them (aliases are resolved by the
# parser; the tree only ever holds these keys).
OPERATOR_KEYS = (
    "eq", "neq", "gt", "lt", "gte", "lte", "like", "nlike", "in", "btw", "nbtw",
    "anyof", "allof", "nanyof", "nallof", "blank", "notblank", "empty", "notempty",
    "null", "notnull", "checked", "notchecked", "isWithin",
)

# Date sub-operators (NocoDB COMPARISON_SUB_OPS); the second set only goes with ``isWithin``.
IS_WITHIN_SUB_OPS = (
    "pastWeek", "pastMonth", "pastYear", "nextWeek", "nextMonth", "nextYear",
    "pastNumberOfDays", "nextNumberOfDays",
)
COMPARISON_SUB_OPS = (
    "today", "tomorrow", "yesterday", "oneWeekAgo", "oneWeekFromNow", "oneMonthAgo",
    "oneMonthFromNow", "daysAgo", "daysFromNow", "exactDate",
)
SUB_OPS = frozenset(COMPARISON_SUB_OPS + IS_WITHIN_SUB_OPS)

Value = Union[str, tuple[str, ...], None]


def canonical_value(value: str | Sequence[str] | None) -> Value:
    """A list whose items hold no comma means the same as the items joined with commas."""
    if value is None or isinstance(value, str):
        return value
    items = tuple(value)
    if not all(isinstance(item, str) for item in items):
        raise TypeError("condition values must be strings")
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    if not any("," in item for item in items):
        return ",".join(items)
    return items


def _split_sub_op(value: Value) -> tuple[str | None, Value]:
    """Take a leading date sub-operator (``today``, ``exactDate``, …) off a value."""
    if isinstance(value, str):
        head, comma, rest = value.partition(",")
        if head in SUB_OPS:
            return head, rest if comma else None
    elif isinstance(value, tuple) and value[0] in SUB_OPS:
        return value[0], canonical_value(value[1:])
    return None, value


@dataclass(frozen=True)
class Condition:
    """One ``(field,op[,sub_op][,value])`` term.

    ``value`` is ``None`` (no value written), a string (possibly holding commas: a list for
    ``in``/``anyof``/…, ``low,high`` for ``btw``), or a tuple of strings when an item itself
    contains a comma (only the ``@`` grammar can write that). ``sub_op`` is a date
    sub-operator; it is recognised by its spelling, whatever the field, and the compiler puts
    it back into the value for fields that are not dates.
    """

    field: str
    op: str
    sub_op: str | None = None
    value: Value = None

    def __post_init__(self) -> None:
        if self.op not in OPERATOR_KEYS:
            raise ValueError(f"{self.op!r} is not a canonical operator key")
        value = canonical_value(self.value)
        sub_op = self.sub_op
        if sub_op is None:
            sub_op, value = _split_sub_op(value)
        elif sub_op not in SUB_OPS:
            raise ValueError(f"{sub_op!r} is not a date sub-operator")
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "sub_op", sub_op)

    @property
    def raw_value(self) -> Value:
        """The value as written, with the sub-operator put back in front."""
        if self.sub_op is None:
            return self.value
        if self.value is None:
            return self.sub_op
        if isinstance(self.value, tuple):
            return (self.sub_op, *self.value)
        return f"{self.sub_op},{self.value}"


@dataclass(frozen=True)
class Group:
    """Items ``(connector, node)`` combined with SQL precedence (AND before OR)."""

    items: tuple[tuple[str, "Node"], ...]

    def __post_init__(self) -> None:
        items = tuple((str(conn), node) for conn, node in self.items)
        if not items:
            raise ValueError("a group needs at least one item")
        for conn, node in items:
            if conn not in CONNECTORS:
                raise ValueError(f"{conn!r} is not a connector (and, or, not)")
            if not isinstance(node, (Condition, Group)):
                raise TypeError(f"group items must be Condition or Group, not {type(node).__name__}")
        object.__setattr__(self, "items", items)

    @classmethod
    def of(cls, *nodes: "Node", connector: str = "and") -> "Group":
        """``Group.of(a, b, c)``: the nodes joined by one connector."""
        return cls(tuple(("and" if i == 0 else connector, n) for i, n in enumerate(nodes)))

    def conditions(self) -> list[Condition]:
        """Every condition in the tree, left to right."""
        found: list[Condition] = []
        for _, node in self.items:
            found.extend(node.conditions() if isinstance(node, Group) else [node])
        return found


Node = Union[Condition, Group]


def as_group(node: Node) -> Group:
    return node if isinstance(node, Group) else Group((("and", node),))


def and_all(groups: Sequence[Group]) -> Group | None:
    """AND several parsed ``where`` pieces together (a single piece is used as is).

    A piece that uses only ``and``/``not`` is spliced in; one that has an ``or`` stays a nested
    group, since splicing it would change its meaning under AND-before-OR precedence.
    """
    if not groups:
        return None
    if len(groups) == 1:
        return groups[0]
    items: list[tuple[str, Node]] = []
    for group in groups:
        if all(conn != "or" for conn, _ in group.items):
            items.extend(group.items)
        else:
            items.append(("and", group))
    return Group(tuple(items))
