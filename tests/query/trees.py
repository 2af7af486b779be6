"""Short constructors for expected trees in the query tests: ``G(C("a", "eq", "1"), ("or", …))``."""

from __future__ import annotations

from core.query.ast import Condition, Group, Node


def C(field: str, op: str, value: str | tuple[str, ...] | None = None,
      sub_op: str | None = None) -> Condition:
    return Condition(field, op, sub_op, value)


def G(*items: Node | tuple[str, Node]) -> Group:
    """Items are nodes (joined with "and") or ``(connector, node)`` pairs."""
    return Group(tuple(item if isinstance(item, tuple) else ("and", item) for item in items))
