"""NocoDB v2 data API: ``/api/v2/tables/{tableId}/records`` and friends."""

from __future__ import annotations

import time
from typing import Any

from sanic import Blueprint, Request
from sanic.helpers import json_dumps
from sanic.response import HTTPResponse, json, raw

from api import page_cache
from api.auth import guard_table
from api.body import arg_values, first_arg, json_body, view_id_arg
from api.errors import InvalidJson, TooManyRecords
from core.errors import InvalidRequest
from core.query.params import build_list_query, parse_fields
from core.records import service as records
from core.records.upsert import upsert_records
from core.schema.spec import TableSpec
from core.views.apply import apply_view

bp = Blueprint("data", url_prefix="/api/v2/tables/<table_id:str>")


async def _list_query(request: Request, table: TableSpec) -> Any:
    settings = request.app.ctx.settings
    query = build_list_query(lambda n: arg_values(request, n), table, max_limit=settings.max_limit)
    view_id = view_id_arg(request)
    if view_id:
        query = await apply_view(view_id, table, query,
                                 explicit_sort=bool(first_arg(request, "sort", "s")),
                                 explicit_fields=bool(first_arg(request, "fields", "f")))
    return query


@bp.get("/records")
async def list_records(request: Request, table_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    query = await _list_query(request, table)
    started = time.perf_counter()

    async def read() -> bytes:
        return json_dumps((await records.list_records(table, query)).as_json()).encode()

    body = await page_cache.respond(table, query, read)
    elapsed = f"{(time.perf_counter() - started) * 1000:.1f}"
    return raw(body, content_type="application/json", headers={"xc-db-response": elapsed})


@bp.get("/records/count")
async def count_records(request: Request, table_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    query = await _list_query(request, table)
    return json({"count": await records.count_records(table, query)})


@bp.get("/records/<record_id:str>")
async def read_record(request: Request, table_id: str, record_id: str) -> HTTPResponse:
    table = await guard_table(request, table_id)
    fields = parse_fields(arg_values(request, "fields") + arg_values(request, "f"), table)
    return json(await records.get_record(table, record_id, fields))


def _rows(request: Request) -> tuple[list[Any], bool]:
    """The body as a list of items and whether it was a single object."""
    body = json_body(request)
    if isinstance(body, dict):
        return [body], True
    if isinstance(body, list):
        if not body:
            raise InvalidRequest("The request body is an empty list")
        limit = request.app.ctx.settings.bulk_max
        if len(body) > limit:
            raise TooManyRecords(f"Maximum {limit} records during insert", limit=limit)
        return body, False
    raise InvalidJson("Invalid JSON in request body: expected an object or an array of objects")


def _pk_response(table: TableSpec, ids: list[int], single: bool) -> HTTPResponse:
    key = table.pk.title
    items = [{key: i} for i in ids]
    return json(items[0] if single else items)


async def _write(request: Request, table_id: str, write: Any) -> HTTPResponse:
    """Insert/update/delete: one object or a list in, PK object(s) out, in one transaction."""
    table = await guard_table(request, table_id)
    rows, single = _rows(request)
    return _pk_response(table, await write(table, rows, source="api"), single)


@bp.post("/records")
async def create_records(request: Request, table_id: str) -> HTTPResponse:
    return await _write(request, table_id, records.create_records)


@bp.patch("/records")
async def update_records(request: Request, table_id: str) -> HTTPResponse:
    return await _write(request, table_id, records.update_records)


@bp.delete("/records")
async def delete_records(request: Request, table_id: str) -> HTTPResponse:
    return await _write(request, table_id, records.delete_records)


@bp.post("/records/upsert")
async def upsert(request: Request, table_id: str) -> HTTPResponse:
    """gridbase extension: insert or update matching on ``?on=Field``, in one transaction."""
    table = await guard_table(request, table_id)
    on = first_arg(request, "on")
    if not on:
        raise InvalidRequest("Query parameter 'on' (the field to match on) is required",
                             field="on")
    rows, single = _rows(request)
    ids = await upsert_records(table, rows, on, source="api")
    return _pk_response(table, ids, single)
