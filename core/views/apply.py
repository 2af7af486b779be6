"""Applying a saved view to a list query, as NocoDB does with ``viewId``.

``where`` is ANDed with the view's filter; an explicit ``sort`` replaces the view's sorts;
``fields`` is intersected with the view's visible fields (without ``fields``: the visible ones,
in the order the TUI grid shows them — ``columns.shown_fields`` — so hidden system fields,
NocoDB's ``show_system_fields`` off, stay out too).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core import db
from core.models import Filter, Sort
from core.errors import InvalidQuery
from core.query.ast import Group
from core.query.compiler import compile_where
from core.records.listing import ListQuery, SortKey
from core.schema.spec import TableSpec
from core.views.columns import shown_fields
from core.views.filters import condition_of, filters_to_tree
from core.views.service import get_view


def check_condition(table: TableSpec, values: dict[str, Any]) -> None:
    """Raise InvalidQuery if this single filter would not compile."""
    try:
        row = Filter(id="probe", field_id=values.get("field_id"), value=values.get("value"),
                     comparison_op=values.get("comparison_op"),
                     comparison_sub_op=values.get("comparison_sub_op"))
        tree = Group.of(condition_of(row))
    except ValueError as exc:
        raise InvalidQuery(f"Invalid filter: {exc}") from None
    compile_where(tree, table, db.dialect())


async def view_tree(view_id: str) -> Group | None:
    return filters_to_tree(await Filter.filter(view_id=view_id))


async def apply_view(view_id: str, table: TableSpec, query: ListQuery, *,
                     explicit_sort: bool, explicit_fields: bool) -> ListQuery:
    view = await get_view(view_id, table.id)
    saved = await view_tree(view.id)
    where = query.where
    if saved is not None:
        where = saved if where is None else Group.of(saved, where)
    sort = query.sort
    if not explicit_sort:
        rows = await Sort.filter(view_id=view.id).order_by("order", "created_at")
        sort = tuple(SortKey(table.field(s.field_id), s.direction == "desc") for s in rows
                     if table.find(s.field_id))
    visible = shown_fields(table, set(view.hidden or []), view.field_order or [])
    if explicit_fields and query.fields:
        shown = set(visible)
        fields = tuple(f for f in query.fields if f in shown)
    else:
        fields = visible
    return replace(query, where=where, sort=sort, fields=fields)
