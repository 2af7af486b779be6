"""JSON shapes of meta objects, as NocoDB clients expect them (bases, tables, columns, views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import db
from core.fields.base import FieldSpec
from core.models import Base, Table, View
from core.schema.spec import TableSpec
from core.views.columns import shows_system_fields

VIEW_TYPES = {"form": 1, "gallery": 2, "grid": 3, "kanban": 4, "map": 5, "calendar": 6}


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")


def base_json(base: Base) -> dict[str, Any]:
    source = "sqlite3" if db.dialect() == "sqlite" else "pg"
    return {"id": base.id, "title": base.title, "description": base.description,
            "meta": {}, "color": None, "order": base.order, "status": None,
            "is_meta": False, "sources": [{"id": base.id, "type": source, "is_meta": True}],
            "created_at": iso(base.created_at), "updated_at": iso(base.updated_at)}


def column_json(table_id: str, spec: FieldSpec) -> dict[str, Any]:
    options = {k: v for k, v in spec.options.items() if k != "options"}
    col: dict[str, Any] = {
        "id": spec.id, "fk_model_id": table_id, "title": spec.title, "column_name": spec.column,
        "uidt": spec.uidt, "dt": spec.type.sql_type(db.dialect()).lower(),
        "pk": spec.uidt == "ID", "pv": spec.primary_value, "rqd": spec.required,
        "ai": spec.uidt == "ID", "unique": spec.uidt == "ID", "system": spec.system,
        "indexed": spec.indexed, "meta": options, "order": spec.order,
    }
    if "options" in spec.options:
        col["colOptions"] = {"options": [
            {"id": f"{spec.id}_{o['order']}", **o} for o in spec.options["options"]]}
    return col


def table_json(table: Table | TableSpec, *, order: int = 0, views: list[View] | None = None,
               with_columns: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": table.id, "base_id": table.base_id, "source_id": table.base_id,
                           "table_name": table.physical, "title": table.title, "type": "table",
                           "meta": {}, "order": getattr(table, "order", order), "mm": False}
    if with_columns and isinstance(table, TableSpec):
        out["columns"] = [column_json(table.id, f) for f in table.fields]
    if views is not None and isinstance(table, TableSpec):
        out["views"] = [view_json(v, table) for v in views]
    return out


def view_json(view: View, table: TableSpec) -> dict[str, Any]:
    return {"id": view.id, "fk_model_id": view.table_id, "title": view.title,
            "type": VIEW_TYPES.get(view.type, 3), "is_default": view.is_default,
            "lock_type": "collaborative", "order": view.order,
            "show_system_fields": shows_system_fields(table, view.hidden or []),
            "created_at": iso(view.created_at), "updated_at": iso(view.updated_at)}
