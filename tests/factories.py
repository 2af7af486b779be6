"""Factories: make bases, tables and records with defaults so a test names only what it checks."""

from __future__ import annotations

import secrets
from typing import Any

from core.records import service as records
from core.schema import bases, tables
from core.schema.spec import TableSpec


async def base(title: str | None = None) -> Any:
    return await bases.create_base(title or f"Base {secrets.token_hex(3)}")


async def table(fields: list[dict[str, Any]] | dict[str, str] | None = None, *,
                title: str = "Things", base_id: str | None = None) -> TableSpec:
    """``fields`` as ``{"Title": "SingleLineText", "Qty": "Number"}`` or full definitions."""
    if isinstance(fields, dict):
        fields = [{"title": k, "uidt": v} for k, v in fields.items()]
    if base_id is None:
        base_id = (await base()).id
    return await tables.create_table(base_id, title, fields)


async def rows(table_spec: TableSpec, *items: dict[str, Any]) -> list[int]:
    return await records.create_records(table_spec, list(items))
