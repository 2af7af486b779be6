"""Meta API for tables and their columns (NocoDB v2 paths plus the v1 aliases nocodb-sdk uses)."""

from __future__ import annotations

import csv
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from api.auth import guard_table, require_base
from api.body import object_body
from api.routes import add_routes
from api.routes.bases import _list_envelope
from api.serializers import column_json, table_json
from core.errors import InvalidRequest
from core.models import Field, View
from core.schema import fields as field_service
from core.schema import tables
from core.schema.spec import TableSpec

bp = Blueprint("tables")
BASE_PREFIXES = ("/api/v2/meta/bases", "/api/v1/db/meta/projects")
META_PREFIXES = ("/api/v2/meta", "/api/v1/db/meta")
SYSTEM_UIDTS = {"ID", "CreatedTime", "LastModifiedTime", "CreatedBy", "LastModifiedBy", "Order"}


def field_definition(col: dict[str, Any]) -> dict[str, Any]:
    """A NocoDB column body → gridbase field definition (title, uidt, options, flags)."""
    options: dict[str, Any] = dict(col.get("meta") or {}) if isinstance(col.get("meta"), dict) else {}
    col_options = col.get("colOptions") or {}
    if isinstance(col_options, dict) and col_options.get("options") is not None:
        options["options"] = col_options["options"]
    elif col.get("dtxp") and col.get("uidt") in ("SingleSelect", "MultiSelect"):
        reader = csv.reader([str(col["dtxp"])], quotechar="'", skipinitialspace=True)
        options["options"] = [t for t in next(reader) if t]
    return {"title": col.get("title") or col.get("column_name"), "uidt": col.get("uidt"),
            "options": options, "required": bool(col.get("rqd", False)),
            **({"indexed": col["indexed"]} if "indexed" in col else {})}


async def _table_out(spec: TableSpec) -> dict[str, Any]:
    views = await View.filter(table_id=spec.id).order_by("order", "created_at")
    return table_json(spec, views=views, with_columns=True)


async def list_tables(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    return json(_list_envelope([table_json(t) for t in await tables.list_tables(base_id)]))


async def create_table(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    body = object_body(request)
    columns = body.get("columns") or []
    if not isinstance(columns, list):
        raise InvalidRequest("'columns' must be a list", field="columns")
    defs = [field_definition(c) for c in columns
            if isinstance(c, dict) and c.get("uidt") not in SYSTEM_UIDTS]
    bad = [c for c in columns if not isinstance(c, dict)]
    if bad:
        raise InvalidRequest("Each column must be an object with title and uidt", field="columns")
    spec = await tables.create_table(base_id, body.get("title") or body.get("table_name"), defs)
    return json(await _table_out(spec))


async def read_table(request: Request, table_id: str) -> HTTPResponse:
    return json(await _table_out(await guard_table(request, table_id)))


async def update_table(request: Request, table_id: str) -> HTTPResponse:
    await guard_table(request, table_id)
    body = object_body(request)
    if body.get("title") is not None:
        await tables.rename_table(table_id, body["title"])
    return json({"msg": "The table has been updated successfully"})


async def delete_table(request: Request, table_id: str) -> HTTPResponse:
    await guard_table(request, table_id)
    await tables.delete_table(table_id)
    return json(True)


async def add_column(request: Request, table_id: str) -> HTTPResponse:
    await guard_table(request, table_id)
    d = field_definition(object_body(request))
    await field_service.add_field(table_id, d.pop("title"), d.pop("uidt") or "SingleLineText",
                                  d.pop("options"), **d)
    return json(await _table_out(await tables.load_table(table_id)))


async def _field_table(request: Request, column_id: str) -> TableSpec:
    row = await Field.get_or_none(id=column_id)
    if row is None:
        from core.errors import FieldNotFound

        raise FieldNotFound(f"Field '{column_id}' not found", field=column_id)
    return await guard_table(request, row.table_id)


async def read_column(request: Request, column_id: str) -> HTTPResponse:
    spec = await _field_table(request, column_id)
    return json(column_json(spec.id, spec.field(column_id)))


async def update_column(request: Request, column_id: str) -> HTTPResponse:
    spec = await _field_table(request, column_id)
    body = object_body(request)
    d = field_definition({**body, "uidt": body.get("uidt")})
    has_options = bool(body.get("colOptions") or body.get("meta") or body.get("dtxp"))
    await field_service.update_field(
        column_id, title=body.get("title"), uidt=body.get("uidt"),
        options=d["options"] if has_options else None,
        indexed=body.get("indexed"), required=body.get("rqd"))
    return json(await _table_out(await tables.load_table(spec.id)))


async def delete_column(request: Request, column_id: str) -> HTTPResponse:
    await _field_table(request, column_id)
    await field_service.delete_field(column_id)
    return json(True)


_TABLES = [f"{p}/<base_id:str>/tables" for p in BASE_PREFIXES]
_TABLE = [f"{p}/tables/<table_id:str>" for p in META_PREFIXES]
_COLUMN = [f"{p}/columns/<column_id:str>" for p in META_PREFIXES]
add_routes(bp, list_tables, _TABLES, ["GET"], "list_tables")
add_routes(bp, create_table, _TABLES, ["POST"], "create_table")
add_routes(bp, read_table, _TABLE, ["GET"], "read_table")
add_routes(bp, update_table, _TABLE, ["PATCH"], "update_table")
add_routes(bp, delete_table, _TABLE, ["DELETE"], "delete_table")
add_routes(bp, add_column, [f"{p}/columns" for p in _TABLE], ["POST"], "add_column")
add_routes(bp, read_column, _COLUMN, ["GET"], "read_column")
add_routes(bp, update_column, _COLUMN, ["PATCH"], "update_column")
add_routes(bp, delete_column, _COLUMN, ["DELETE"], "delete_column")
