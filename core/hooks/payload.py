"""The request body a hook sends: the v2 envelope, or the hook's own template over it.

``{"type": "records.after.insert", "id": <event id>, "version": "v2", "base_id": …,
"data": {"table_id", "table_name", "rows": […], "previous_rows": […]}}`` — one envelope per
event, carrying every affected row the hook's condition kept (a bulk write of 500 rows is one
envelope with 500 rows, never one row). Bulk events use their base type
(``records.after.bulkInsert`` is sent as ``records.after.insert``). For a delete, ``rows`` holds
the deleted rows, as NocoDB sends them; ``previous_rows`` is filled for updates only.

Test sends use the same envelope with ``"test": true`` and a negative ``id`` (minus the test
attempt's id; never a real event's), built from the table's newest record (so a sample looks
like a real payload) or from each field type's sample value. A preview of the payload
(``sample_envelope`` alone) says ``id`` 0.
"""

from __future__ import annotations

import json
from typing import Any

from core.errors import InvalidRequest
from core.hooks.spec import operation_of
from core.hooks.template import render
from core.models import Event, Webhook
from core.records.listing import ListQuery, SortKey
from core.schema.spec import TableSpec

VERSION = "v2"
OPERATIONS = ("insert", "update", "delete")


def event_type(operation: str) -> str:
    return f"records.after.{operation}"


def envelope(*, event_id: int, operation: str, base_id: str, table_id: str, table_name: str,
             rows: list[dict[str, Any]], previous_rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": event_type(operation), "id": event_id, "version": VERSION, "base_id": base_id,
        "data": {"table_id": table_id, "table_name": table_name, "rows": rows,
                 "previous_rows": previous_rows},
    }


def _pick(items: list[dict[str, Any]], selected: list[int] | None) -> list[dict[str, Any]]:
    if selected is None:
        return list(items)
    return [items[i] for i in selected if 0 <= i < len(items)]


def event_envelope(event: Event, table_name: str, selected: list[int] | None) -> dict[str, Any]:
    """The envelope of a stored event, limited to the rows the hook's condition kept."""
    operation = operation_of(event.type) or "insert"
    if operation == "delete":
        rows, previous = _pick(event.previous_rows or event.rows, selected), []
    elif operation == "update":
        rows, previous = _pick(event.rows, selected), _pick(event.previous_rows, selected)
    else:
        rows, previous = _pick(event.rows, selected), []
    return envelope(event_id=event.id, operation=operation, base_id=event.base_id,
                    table_id=event.table_id, table_name=table_name, rows=rows,
                    previous_rows=previous)


def body_of(hook: Webhook, payload: dict[str, Any]) -> bytes:
    if hook.body_template:
        return render(hook.body_template, payload).encode()
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _synthetic_row(table: TableSpec) -> dict[str, Any]:
    return {f.title: f.type.sample(f) for f in table.fields}


async def sample_row(table: TableSpec) -> dict[str, Any]:
    """The table's newest record, or a row of sample values when the table is empty."""
    from core.records.service import list_records

    query = ListQuery(sort=(SortKey(table.pk, descending=True),), limit=1)
    page = await list_records(table, query)
    return page.rows[0] if page.rows else _synthetic_row(table)


async def sample_envelope(table: TableSpec, operation: str) -> dict[str, Any]:
    """What a hook on ``table`` receives for ``operation`` (``insert``, ``bulkUpdate`` …)."""
    op = operation_of(operation)
    if op is None:
        raise InvalidRequest(f"unknown operation {operation!r}; use {', '.join(OPERATIONS)}",
                             operation=operation)
    row = await sample_row(table)
    payload = envelope(event_id=0, operation=op, base_id=table.base_id, table_id=table.id,
                       table_name=table.title, rows=[row], previous_rows=[row] if op == "update" else [])
    payload["test"] = True
    return payload
