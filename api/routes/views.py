"""Meta API for views, their columns, filters and sorts (NocoDB paths, v2 and v1 aliases)."""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import guard_table
from api.body import object_body
from api.routes import add_routes
from api.routes.bases import _list_envelope
from api.serializers import iso, view_json
from core.models import Filter, Sort, View
from core.schema.spec import TableSpec
from core.views import columns as view_columns
from core.views import service as views

bp = Blueprint("views")
PREFIXES = ("/api/v2/meta", "/api/v1/db/meta")


def filter_json(f: Filter) -> dict[str, Any]:
    return {"id": f.id, "fk_view_id": f.view_id, "fk_column_id": f.field_id,
            "comparison_op": f.comparison_op, "comparison_sub_op": f.comparison_sub_op,
            "value": f.value, "logical_op": f.logical_op, "is_group": f.is_group,
            "fk_parent_id": f.parent_id, "order": f.order, "created_at": iso(f.created_at)}


def sort_json(s: Sort) -> dict[str, Any]:
    return {"id": s.id, "fk_view_id": s.view_id, "fk_column_id": s.field_id,
            "direction": s.direction, "order": s.order, "push_to_top": False}


def view_column_json(view_id: str, column: view_columns.ViewColumn) -> dict[str, Any]:
    """NocoDB's grid view column; its ``id`` is the field's id (see ``core.views.columns``)."""
    return {"id": column.field.id, "fk_view_id": view_id, "fk_column_id": column.field.id,
            "title": column.field.title, "show": column.show, "order": column.order,
            "width": column.width, "system": column.field.system}


async def _guard_view(request: Request, view_id: str) -> tuple[View, TableSpec]:
    view = await views.get_view(view_id)
    return view, await guard_table(request, view.table_id)


async def list_views(request: Request, table_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    found = await views.list_views(table_id)
    return json(_list_envelope([view_json(v, table) for v in found]))


async def create_grid(request: Request, table_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    body = object_body(request)
    view = await views.create_view(table_id, body.get("title"),
                                   copy_from=body.get("copy_from_id") or body.get("fk_grid_view_id"))
    return json(view_json(view, table))


async def update_view(request: Request, view_id: str) -> HTTPResponse:
    """Rename, and NocoDB's ``show_system_fields`` (kept as CreatedAt/UpdatedAt hidden or not)."""
    view, table = await _guard_view(request, view_id)
    body = object_body(request)
    hidden = None
    if "show_system_fields" in body:
        hidden = view_columns.hidden_with_system(table, view.hidden or [],
                                                 body["show_system_fields"])
    view = await views.update_view(view_id, title=body.get("title"), hidden=hidden)
    return json(view_json(view, table))


async def list_view_columns(request: Request, view_id: str) -> HTTPResponse:
    await _guard_view(request, view_id)
    found = await view_columns.view_columns(view_id)
    return json(_list_envelope([view_column_json(view_id, c) for c in found]))


async def update_view_column(request: Request, view_id: str, column_id: str) -> HTTPResponse:
    """Set ``show``, ``order`` and/or ``width`` of one field in the view."""
    await _guard_view(request, view_id)
    column = await view_columns.update_view_column(view_id, column_id, object_body(request))
    return json(view_column_json(view_id, column))


async def delete_view(request: Request, view_id: str) -> HTTPResponse:
    await _guard_view(request, view_id)
    await views.delete_view(view_id)
    return json(True)


async def view_filters(request: Request, view_id: str) -> HTTPResponse:
    await _guard_view(request, view_id)
    if request.method == "POST":
        return json(filter_json(await views.add_filter(view_id, object_body(request))))
    return json(_list_envelope([filter_json(f) for f in await views.list_filters(view_id)]))


async def one_filter(request: Request, filter_id: str) -> HTTPResponse:
    f = await views.get_filter(filter_id)
    await _guard_view(request, f.view_id)
    if request.method == "PATCH":
        return json(filter_json(await views.update_filter(filter_id, object_body(request))))
    if request.method == "DELETE":
        await views.delete_filter(filter_id)
        return json(True)
    return json(filter_json(f))


async def filter_children(request: Request, filter_id: str) -> HTTPResponse:
    f = await views.get_filter(filter_id)
    await _guard_view(request, f.view_id)
    kids = await views.list_filters(f.view_id, parent_id=f.id)
    return json(_list_envelope([filter_json(k) for k in kids]))


async def view_sorts(request: Request, view_id: str) -> HTTPResponse:
    await _guard_view(request, view_id)
    if request.method == "POST":
        return json(sort_json(await views.add_sort(view_id, object_body(request))))
    return json(_list_envelope([sort_json(s) for s in await views.list_sorts(view_id)]))


async def one_sort(request: Request, sort_id: str) -> HTTPResponse:
    s = await views.get_sort(sort_id)
    await _guard_view(request, s.view_id)
    if request.method == "PATCH":
        return json(sort_json(await views.update_sort(sort_id, object_body(request))))
    if request.method == "DELETE":
        await views.delete_sort(sort_id)
        return json(True)
    return json(sort_json(s))


def _paths(suffix: str) -> list[str]:
    return [f"{prefix}{suffix}" for prefix in PREFIXES]


add_routes(bp, list_views, _paths("/tables/<table_id:str>/views"), ["GET"], "list_views")
add_routes(bp, create_grid, _paths("/tables/<table_id:str>/grids"), ["POST"], "create_grid")
add_routes(bp, update_view, _paths("/views/<view_id:str>"), ["PATCH"], "update_view")
add_routes(bp, delete_view, _paths("/views/<view_id:str>"), ["DELETE"], "delete_view")
add_routes(bp, list_view_columns, _paths("/views/<view_id:str>/columns"), ["GET"],
           "list_view_columns")
add_routes(bp, update_view_column, _paths("/views/<view_id:str>/columns/<column_id:str>"),
           ["PATCH"], "update_view_column")
add_routes(bp, view_filters, _paths("/views/<view_id:str>/filters"), ["GET", "POST"], "view_filters")
add_routes(bp, one_filter, _paths("/filters/<filter_id:str>"), ["GET", "PATCH", "DELETE"], "one_filter")
add_routes(bp, filter_children, _paths("/filters/<filter_id:str>/children"), ["GET"], "filter_children")
add_routes(bp, view_sorts, _paths("/views/<view_id:str>/sorts"), ["GET", "POST"], "view_sorts")
add_routes(bp, one_sort, _paths("/sorts/<sort_id:str>"), ["GET", "PATCH", "DELETE"], "one_sort")
