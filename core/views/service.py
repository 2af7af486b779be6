"""Views and their filters and sorts: the service behind the meta API and the TUI."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidRequest, NotFound, ViewNotFound
from core.ids import new_id
from core.models import Filter, Sort, View
from core.schema.bases import clean_title
from core.schema.tables import load_table

LOGICAL_OPS = ("and", "or", "not")


class FilterNotFound(NotFound):
    code = "ERR_FILTER_NOT_FOUND"


class SortNotFound(NotFound):
    code = "ERR_SORT_NOT_FOUND"


async def get_view(view_id: str, table_id: str | None = None) -> View:
    view = await View.get_or_none(id=view_id)
    if view is None or (table_id is not None and view.table_id != table_id):
        raise ViewNotFound(f"View '{view_id}' not found", view=view_id)
    return view


async def list_views(table_id: str) -> list[View]:
    await load_table(table_id)
    return await View.filter(table_id=table_id).order_by("order", "created_at")


async def views_by_table(table_ids: list[str]) -> dict[str, list[View]]:
    """The views of several tables in one query, each list in order."""
    found: dict[str, list[View]] = {t: [] for t in table_ids}
    for view in await View.filter(table_id__in=table_ids).order_by("order", "created_at"):
        found[view.table_id].append(view)
    return found


async def create_view(table_id: str, title: str, *, copy_from: str | None = None) -> View:
    await load_table(table_id)
    title = clean_title(title, "View")
    if await View.filter(table_id=table_id, title=title).exists():
        raise InvalidRequest(f"A view titled '{title}' already exists", field="title")
    order = await View.filter(table_id=table_id).count()
    view = await View.create(id=new_id("view"), table_id=table_id, title=title, order=order)
    if copy_from:
        await _copy(await get_view(copy_from, table_id), view)
    return view


async def _copy(source: View, target: View) -> None:
    target.hidden, target.field_order, target.widths = source.hidden, source.field_order, source.widths
    await target.save()
    rows = await Filter.filter(view_id=source.id).order_by("order", "created_at")
    ids = {f.id: new_id("filter") for f in rows}  # first, so a child may precede its group
    for f in rows:
        await Filter.create(id=ids[f.id], view_id=target.id, parent_id=ids.get(f.parent_id or ""),
                            field_id=f.field_id, comparison_op=f.comparison_op,
                            comparison_sub_op=f.comparison_sub_op, value=f.value,
                            logical_op=f.logical_op, is_group=f.is_group, order=f.order)
    for s in await Sort.filter(view_id=source.id).order_by("order"):
        await Sort.create(id=new_id("sort"), view_id=target.id, field_id=s.field_id,
                          direction=s.direction, order=s.order)


async def update_view(view_id: str, *, title: str | None = None, hidden: list[str] | None = None,
                      widths: dict[str, int] | None = None,
                      field_order: list[str] | None = None) -> View:
    view = await get_view(view_id)
    if title is not None:
        title = clean_title(title, "View")
        if await View.filter(table_id=view.table_id, title=title).exclude(id=view.id).exists():
            raise InvalidRequest(f"A view titled '{title}' already exists", field="title")
        view.title = title
    if hidden is not None:
        view.hidden = list(hidden)
    if widths is not None:
        view.widths = dict(widths)
    if field_order is not None:
        view.field_order = list(field_order)
    await view.save()
    return view


async def delete_view(view_id: str) -> None:
    view = await get_view(view_id)
    if view.is_default:
        raise InvalidRequest("The default view cannot be deleted")
    await view.delete()


async def list_filters(view_id: str, parent_id: str | None = None) -> list[Filter]:
    await get_view(view_id)
    return await Filter.filter(view_id=view_id, parent_id=parent_id).order_by("order", "created_at")


async def get_filter(filter_id: str) -> Filter:
    f = await Filter.get_or_none(id=filter_id)
    if f is None:
        raise FilterNotFound(f"Filter '{filter_id}' not found", filter=filter_id)
    return f


def _filter_values(body: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, attr in (("fk_column_id", "field_id"), ("comparison_op", "comparison_op"),
                      ("comparison_sub_op", "comparison_sub_op"), ("logical_op", "logical_op"),
                      ("is_group", "is_group"), ("fk_parent_id", "parent_id")):
        if key in body:
            values[attr] = body[key]
    if "value" in body:
        values["value"] = None if body["value"] is None else str(body["value"])
    if values.get("logical_op") is not None and values["logical_op"] not in LOGICAL_OPS:
        raise InvalidRequest(f"logical_op must be one of {', '.join(LOGICAL_OPS)}", field="logical_op")
    return values


async def add_filter(view_id: str, body: dict[str, Any]) -> Filter:
    view = await get_view(view_id)
    values = _filter_values(body)
    await _check_filter(view, values)
    order = await Filter.filter(view_id=view_id, parent_id=values.get("parent_id")).count()
    return await Filter.create(id=new_id("filter"), view_id=view_id, order=order + 1, **values)


async def update_filter(filter_id: str, body: dict[str, Any]) -> Filter:
    f = await get_filter(filter_id)
    values = _filter_values(body)
    for attr, value in values.items():
        setattr(f, attr, value)
    await _check_filter(await get_view(f.view_id), {
        "field_id": f.field_id, "comparison_op": f.comparison_op, "is_group": f.is_group,
        "parent_id": f.parent_id, "comparison_sub_op": f.comparison_sub_op, "value": f.value})
    await f.save()
    return f


async def delete_filter(filter_id: str) -> None:
    f = await get_filter(filter_id)
    await Filter.filter(parent_id=f.id).delete()
    await f.delete()


async def _check_filter(view: View, values: dict[str, Any]) -> None:
    """Validate by compiling the view's filter with this one added (same rules as the API)."""
    table = await load_table(view.table_id)
    if not values.get("is_group"):
        table.field(values.get("field_id") or "")
    parent = values.get("parent_id")
    if parent and not await Filter.filter(id=parent, view_id=view.id, is_group=True).exists():
        raise InvalidRequest(f"Filter group '{parent}' not found in this view", field="fk_parent_id")
    if not values.get("is_group"):
        from core.views.apply import check_condition

        check_condition(table, values)


async def list_sorts(view_id: str) -> list[Sort]:
    await get_view(view_id)
    return await Sort.filter(view_id=view_id).order_by("order", "created_at")


async def add_sort(view_id: str, body: dict[str, Any]) -> Sort:
    view = await get_view(view_id)
    table = await load_table(view.table_id)
    field = table.field(str(body.get("fk_column_id") or ""))
    direction = str(body.get("direction") or "asc").lower()
    if direction not in ("asc", "desc"):
        raise InvalidRequest("direction must be 'asc' or 'desc'", field="direction")
    order = await Sort.filter(view_id=view_id).count()
    return await Sort.create(id=new_id("sort"), view_id=view_id, field_id=field.id,
                             direction=direction, order=order + 1)


async def get_sort(sort_id: str) -> Sort:
    s = await Sort.get_or_none(id=sort_id)
    if s is None:
        raise SortNotFound(f"Sort '{sort_id}' not found", sort=sort_id)
    return s


async def update_sort(sort_id: str, body: dict[str, Any]) -> Sort:
    s = await get_sort(sort_id)
    if "direction" in body:
        if body["direction"] not in ("asc", "desc"):
            raise InvalidRequest("direction must be 'asc' or 'desc'", field="direction")
        s.direction = body["direction"]
    if "fk_column_id" in body:
        table = await load_table((await get_view(s.view_id)).table_id)
        s.field_id = table.field(str(body["fk_column_id"])).id
    await s.save()
    return s


async def delete_sort(sort_id: str) -> None:
    await (await get_sort(sort_id)).delete()
