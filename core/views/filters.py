"""A view's filter rows (NocoDB filter objects) to a ``core.query`` tree, and back.

The rows are the stored truth (they have ids that the meta API addresses). They become the
same tree a ``where`` parameter parses to, so a view means exactly what the same ``where``
means on the API; ``print_where`` of that tree is the view's filter as API text.
``tree_to_filters`` is the inverse (the TUI saves its filter builder's tree with it): rows are
numbered depth-first, so a group always precedes its children. A group's leading ``or``
means the same as ``and`` and reads back as ``and``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from core.errors import InvalidQuery
from core.ids import new_id
from core.models import Filter
from core.query import print_where
from core.query.operators import canonical
from core.query.ast import Condition, Group, Node


def condition_of(f: Filter) -> Condition:
    """One filter row as a condition; the field is referenced by id (renames don't break it).
    Operator spellings are normalised as in a ``where`` (``ge``→``gte``, ``is``+``null``…)."""
    op, value = canonical(f.comparison_op or "eq", f.value)
    return Condition(field=f.field_id or "", op=op, sub_op=f.comparison_sub_op or None, value=value)


def _group(rows: Sequence[Filter], children: dict[str | None, list[Filter]]) -> Group | None:
    items: list[tuple[str, Node]] = []
    for f in rows:
        node = _group(children.get(f.id, []), children) if f.is_group else condition_of(f)
        if node is None:
            continue
        op = (f.logical_op or "and").lower()
        items.append((op if items or op == "not" else "and", node))
    return Group(tuple(items)) if items else None


def filters_to_tree(filters: Sequence[Filter]) -> Group | None:
    """The tree of a view's filter rows (None when the view has no filter)."""
    children: dict[str | None, list[Filter]] = {}
    for f in sorted(filters, key=lambda r: (r.order, r.created_at)):
        children.setdefault(f.parent_id, []).append(f)
    return _group(children.get(None, []), children)


def filters_to_where(filters: Sequence[Filter]) -> str:
    """The view's filter as a ``where`` string ('' when none)."""
    tree = filters_to_tree(filters)
    return "" if tree is None else print_where(tree)


def tree_to_filters(tree: Group | None, view_id: str) -> list[Filter]:
    """Unsaved filter rows (fresh ids) for ``tree``; ``filters_to_tree`` of them gives it back.

    Raises InvalidQuery for a list item that contains a comma: a filter row keeps its value
    as one string, where the comma separates items.
    """
    if tree is None:
        return []
    counter = iter(range(1, 1_000_000))
    return list(_rows(tree, view_id, None, counter))


def _rows(group: Group, view_id: str, parent: str | None, counter: Iterator[int]) -> Iterator[Filter]:
    for conn, node in group.items:
        row = Filter(id=new_id("filter"), view_id=view_id, parent_id=parent, logical_op=conn,
                     order=next(counter), is_group=isinstance(node, Group))
        if isinstance(node, Group):
            yield row
            yield from _rows(node, view_id, row.id, counter)
            continue
        if isinstance(node.value, tuple):
            raise InvalidQuery(f"A view cannot store a list item containing a comma "
                               f"({node.value[0]!r}…)", field=node.field)
        row.field_id, row.comparison_op = node.field, node.op
        row.comparison_sub_op, row.value = node.sub_op, node.value
        yield row
