"""The path items of one table in the per-base OpenAPI document."""

from __future__ import annotations

from typing import Any

from core.models import View
from core.schema.spec import TableSpec

RESPONSES = {
    "BadRequest": {"description": "Invalid request",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Unauthorized": {"description": "Missing or invalid API token",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "NotFound": {"description": "Not found",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
}
ERRORS = {"400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "422": {"$ref": "#/components/responses/BadRequest"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _one_or_many(name: str) -> dict[str, Any]:
    return {"oneOf": [_ref(name), {"type": "array", "items": _ref(name)}]}


def _param(name: str, description: str, schema: dict[str, Any], where: str = "query",
           **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "description": description, "schema": schema, **extra}


def list_params(table: TableSpec, views: list[View]) -> list[dict[str, Any]]:
    titles = ", ".join(f.title for f in table.fields[:4])
    params = [
        _param("fields", f"Comma-separated field titles to return, e.g. `{titles}`", {"type": "string"}),
        _param("sort", "Comma-separated field titles; prefix `-` for descending, e.g. `-Id`",
               {"type": "string"}),
        _param("where", "Filter, e.g. `(Field,eq,value)~and(Other,gt,5)` — NocoDB where syntax",
               {"type": "string"}),
        _param("limit", "Rows per page (default 25, at most 1000)",
               {"type": "integer", "minimum": 1, "maximum": 1000, "default": 25}),
        _param("offset", "Rows to skip", {"type": "integer", "minimum": 0, "default": 0}),
        _param("page", "Page number from 1: skips (page − 1) × limit rows; wins over `offset`",
               {"type": "integer", "minimum": 1}),
        _param("shuffle", "1 returns rows in random order", {"type": "integer", "enum": [0, 1]}),
    ]
    if views:
        params.append(_param("viewId", "Apply a saved view's filters, sorts and fields: "
                             + "; ".join(f"`{v.id}` {v.title}" for v in views),
                             {"type": "string", "enum": [v.id for v in views]}))
    return params


def _body(name: str, description: str) -> dict[str, Any]:
    return {"required": True, "description": description,
            "content": {"application/json": {"schema": _one_or_many(name)}}}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}},
            **ERRORS}


def table_paths(table: TableSpec, name: str, views: list[View]) -> dict[str, Any]:
    op = name.lower()
    tag = [table.title]
    root = f"/api/v2/tables/{table.id}/records"
    list_schema = {"type": "object", "properties": {
        "list": {"type": "array", "items": _ref(f"{name}Response")},
        "pageInfo": _ref("Paginated")}}
    pk_schema = _one_or_many(f"{name}IdRequest")
    return {
        root: {
            "get": {"tags": tag, "summary": f"List {table.title} records", "operationId": f"{op}-db-table-row-list",
                    "parameters": list_params(table, views), "responses": _ok(list_schema)},
            "post": {"tags": tag, "summary": f"Create {table.title} record(s)", "operationId": f"{op}-create",
                     "requestBody": _body(f"{name}Request", "One record or an array of records"),
                     "responses": _ok(pk_schema, "Primary keys of the created records")},
            "patch": {"tags": tag, "summary": f"Update {table.title} record(s)", "operationId": f"{op}-update",
                      "requestBody": _body(f"{name}Request", "Fields to change; each item carries its Id"),
                      "responses": _ok(pk_schema)},
            "delete": {"tags": tag, "summary": f"Delete {table.title} record(s)", "operationId": f"{op}-delete",
                       "requestBody": _body(f"{name}IdRequest", "Id objects of the records to delete"),
                       "responses": _ok(pk_schema)},
        },
        f"{root}/{{recordId}}": {
            "get": {"tags": tag, "summary": f"Read a {table.title} record", "operationId": f"{op}-read",
                    "parameters": [_param("recordId", "The record's Id", {"type": "integer"}, "path",
                                          required=True),
                                   list_params(table, views)[0]],
                    "responses": _ok(_ref(f"{name}Response"))},
        },
        f"{root}/upsert": {
            "post": {"tags": tag, "summary": f"Insert or update {table.title} record(s) matched on a field",
                     "operationId": f"{op}-upsert",
                     "description": "gridbase extension: rows whose `on` field matches an existing "
                                    "record update it, the others are inserted — in one transaction.",
                     "parameters": [_param("on", "Title of the field to match rows on",
                                           {"type": "string", "enum": [f.title for f in table.writable_fields]},
                                           required=True)],
                     "requestBody": _body(f"{name}Request", "One record or an array of records"),
                     "responses": _ok(pk_schema)},
        },
        f"{root}/count": {
            "get": {"tags": tag, "summary": f"Count {table.title} records", "operationId": f"{op}-count",
                    "parameters": [p for p in list_params(table, views) if p["name"] in ("where", "viewId")],
                    "responses": _ok({"type": "object", "properties": {"count": {"type": "integer"}}})},
        },
    }
