"""``print_where``: a filter tree → the canonical ``where`` string, so that
``parse_where(print_where(tree)) == tree`` for every tree.

The classic grammar is preferred because every NocoDB client understands it. When a title or
value cannot be written in it (a value containing ``~or(``, a list item containing a comma, a
value whose parentheses would be read as closing a group…) the whole string is written in the
``@`` grammar, with each title and value quoted. Whether the classic text reads back as the
same tree is checked by parsing it, which keeps the printer honest without a second copy of
the parser's rules.
"""

from __future__ import annotations

from collections.abc import Callable

from core.errors import InvalidQuery
from core.query.ast import Condition, Group, Node, as_group
from core.query.classic import has_connector
from core.query.parser import parse_where
from core.query.quoted import QUOTES


def print_where(node: Node) -> str:
    """Canonical text for a tree (a bare ``Condition`` prints as a one-item group)."""
    group = as_group(node)
    text = _items(group, _classic_term)
    try:
        if parse_where(text) == group:
            return text
    except InvalidQuery:
        pass
    return "@" + _items(group, _quoted_term)


def _items(group: Group, term: Callable[[Condition], str]) -> str:
    parts: list[str] = []
    for i, (connector, node) in enumerate(group.items):
        prefix = "" if i == 0 and connector == "and" else "~" + connector
        body = _items(node, term) if isinstance(node, Group) else term(node)
        parts.append(f"{prefix}({body})")
    return "".join(parts)


def _classic_field(title: str) -> str:
    plain = (title and title == title.strip() and "," not in title
             and not title.startswith(('"', "(", "~")) and not has_connector(title))
    return title if plain else '"' + title.replace('"', '""') + '"'


def _classic_term(cond: Condition) -> str:
    raw = cond.raw_value
    value = "" if raw is None else "," + (raw if isinstance(raw, str) else ",".join(raw))
    return f"{_classic_field(cond.field)},{cond.op}{value}"


def quote(text: str) -> str:
    """Quote with a character the text does not contain, else double the ``"``."""
    for mark in QUOTES:
        if mark not in text:
            return f"{mark}{text}{mark}"
    return '"' + text.replace('"', '""') + '"'


def _quoted_term(cond: Condition) -> str:
    parts = [quote(cond.field), cond.op]
    if cond.sub_op is not None:
        parts.append(cond.sub_op)
    if cond.value is not None:
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        parts.extend(quote(v) for v in values)
    return ",".join(parts)
