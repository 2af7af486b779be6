"""Build the OpenAPI 3 document of one base's data API, in the shape NocoDB publishes.

One tag per table; concrete paths per table (``/api/v2/tables/m…/records``); schemas
``<T>Request`` (writable fields), ``<T>Response`` (all fields) and ``<T>IdRequest`` typed from
the field registry; examples taken from a real row of each table when there is one.
"""

from __future__ import annotations

import re
from typing import Any

from core.models import Base, View
from core.openapi import paths
from core.records import service as records
from core.records.listing import ListQuery
from core.schema.spec import TableSpec
from core.schema.tables import list_tables, load_table

SECURITY_SCHEMES = {
    "xcToken": {"type": "apiKey", "in": "header", "name": "xc-token",
                "description": "API token (create one with `gridbase token create`)"},
    "bearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "The same API token as `Authorization: Bearer <token>`"},
}
COMMON_SCHEMAS: dict[str, Any] = {
    "Paginated": {"type": "object", "properties": {
        "totalRows": {"type": "integer"}, "page": {"type": "integer"},
        "pageSize": {"type": "integer"}, "isFirstPage": {"type": "boolean"},
        "isLastPage": {"type": "boolean"}}},
    "Error": {"type": "object", "properties": {
        "error": {"type": "string", "example": "ERR_INVALID_FILTER"},
        "message": {"type": "string"}, "msg": {"type": "string"}}},
}


def schema_names(tables: list[TableSpec]) -> dict[str, str]:
    """ASCII, unique schema name stems per table id (``Met``, ``Met_1`` …)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for table in tables:
        stem = re.sub(r"[^A-Za-z0-9_]", "_", table.title).strip("_") or "Table"
        if stem[0].isdigit():
            stem = "T_" + stem
        name, n = stem, 0
        while name.lower() in used:
            n += 1
            name = f"{stem}_{n}"
        used.add(name.lower())
        names[table.id] = name
    return names


def field_schema(spec: Any) -> dict[str, Any]:
    schema = dict(spec.type.json_schema)
    if spec.type.family == "select" and spec.options.get("options"):
        schema["enum"] = [o["title"] for o in spec.options["options"]]
    schema["nullable"] = True
    if not spec.type.writable:
        schema["readOnly"] = True
    if spec.type.description:
        schema["description"] = spec.type.description
    return schema


def table_schemas(table: TableSpec, name: str, sample: dict[str, Any] | None) -> dict[str, Any]:
    response = {f.title: field_schema(f) for f in table.fields}
    request = {f.title: field_schema(f) for f in table.writable_fields}
    example = sample or {f.title: f.type.sample(f) for f in table.fields}
    return {
        f"{name}Response": {"type": "object", "properties": response, "example": example},
        f"{name}Request": {"type": "object", "properties": request,
                           "example": {k: v for k, v in example.items() if k in request}},
        f"{name}IdRequest": {"type": "object", "required": [table.pk.title],
                             "properties": {table.pk.title: {"type": "integer"}},
                             "example": {table.pk.title: example.get(table.pk.title, 1)}},
    }


def build_document(base: Base, tables: list[TableSpec], views: dict[str, list[View]],
                   samples: dict[str, dict[str, Any]], server_url: str | None = None) -> dict[str, Any]:
    names = schema_names(tables)
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": f"{base.title} — gridbase data API", "version": "2.0",
                 "description": f"REST API of the base **{base.title}** (`{base.id}`), "
                                "compatible with NocoDB's v2 data API."},
        "servers": [{"url": server_url or "/"}],
        "tags": [{"name": t.title, "description": f"Records of table {t.title} (`{t.id}`)"}
                 for t in tables],
        "paths": {},
        "components": {"securitySchemes": SECURITY_SCHEMES, "schemas": dict(COMMON_SCHEMAS),
                       "responses": paths.RESPONSES},
        "security": [{"xcToken": []}, {"bearerAuth": []}],
    }
    for table in tables:
        name = names[table.id]
        doc["components"]["schemas"].update(table_schemas(table, name, samples.get(table.id)))
        doc["paths"].update(paths.table_paths(table, name, views.get(table.id, [])))
    return doc


async def base_document(base: Base, server_url: str | None = None) -> dict[str, Any]:
    """Load the live schema and one sample row per table, then build the document."""
    specs = [await load_table(t.id) for t in await list_tables(base.id)]
    views = {s.id: await View.filter(table_id=s.id).order_by("order", "created_at") for s in specs}
    samples: dict[str, dict[str, Any]] = {}
    for spec in specs:
        page = await records.list_records(spec, ListQuery(limit=1))
        if page.rows:
            samples[spec.id] = page.rows[0]
    return build_document(base, specs, views, samples, server_url)
