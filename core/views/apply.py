"""Applying a saved view to a list query, as NocoDB does with ``viewId``.

``where`` is ANDed with the view's filter; an explicit ``sort`` replaces the view's sorts;
``fields`` is intersected with the view's visible fields (without ``fields``: the visible ones).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core import db
from core.models import Filter, Sort
from core.query import parse_where
from core.query.ast import Group
from core.query.compiler import compile_where
from core.records.listing import ListQuery, SortKey
from core.schema.spec import TableSpec
from core.views.filters import filters_to_where
from core.views.service import get_view


def check_condition(table: TableSpec, values: dict[str, Any]) -> None:
    """Raise InvalidQuery if this single filter would not compile."""
    row = Filter(id="probe", field_id=values.get("field_id"), comparison_op=values.get("comparison_op"),
                 comparison_sub_op=values.get("comparison_sub_op"), value=values.get("value"),
                 logical_op="and", is_group=False, order=0)
    compile_where(parse_where(filters_to_where(table, [row])), table, db.dialect())


async def view_where(table: TableSpec, view_id: str) -> str:
    return filters_to_where(table, await Filter.filter(view_id=view_id))


async def apply_view(view_id: str, table: TableSpec, query: ListQuery, *,
                     explicit_sort: bool, explicit_fields: bool) -> ListQuery:
    view = await get_view(view_id, table.id)
    where_text = await view_where(table, view.id)
    where = query.where
    if where_text:
        view_tree = parse_where(where_text)
        where = view_tree if where is None else Group.of(view_tree, where)
    sort = query.sort
    if not explicit_sort:
        rows = await Sort.filter(view_id=view.id).order_by("order", "created_at")
        sort = tuple(SortKey(table.field(s.field_id), s.direction == "desc") for s in rows
                     if table.find(s.field_id))
    hidden = set(view.hidden or [])
    visible = tuple(f for f in table.fields if f.id not in hidden or f.uidt == "ID")
    if explicit_fields and query.fields:
        fields = tuple(f for f in query.fields if f.id not in hidden)
    else:
        fields = visible
    return replace(query, where=where, sort=sort, fields=fields)
