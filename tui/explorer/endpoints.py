"""Endpoints of one base, read from the per-base OpenAPI document that the server publishes.

The document's paths are concrete (``/api/v2/tables/m1…/records``); here the table id becomes
the path parameter ``{tableId}`` again, pre-filled, so every path parameter is edited alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "patch", "delete")
METHOD_COLOURS = {"GET": "green", "POST": "blue", "PATCH": "yellow", "DELETE": "red"}
_TABLE_PATH = re.compile(r"^/api/v2/tables/(?P<id>[^/{}]+)(?P<rest>/.*)?$")


@dataclass(frozen=True)
class Param:
    """One path or query parameter of an endpoint."""

    name: str
    location: str
    description: str = ""
    required: bool = False
    default: str = ""


@dataclass(frozen=True)
class Endpoint:
    """One operation: ``method`` on ``path`` (a template with ``{tableId}``)."""

    method: str
    path: str
    table_id: str
    table_title: str
    summary: str
    params: tuple[Param, ...]
    body_example: str | None = None

    @property
    def key(self) -> str:
        """Unique in a base: the method and the concrete path (``GET /api/v2/tables/m1…``)."""
        return f"{self.method} {self.path.replace('{tableId}', self.table_id)}"

    @property
    def short_path(self) -> str:
        """The path after the table's prefix, e.g. ``records/{recordId}``."""
        return self.path.split("/{tableId}/", 1)[-1]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` pointers (``#/components/…``) until a concrete node."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        node = target
    return node


def _example(doc: dict[str, Any], schema: Any) -> Any:
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    if "oneOf" in schema:
        return _example(doc, schema["oneOf"][0])
    if schema.get("type") == "array":
        return [_example(doc, schema.get("items", {}))]
    return None


def _id_example(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``{"Id": 1}`` for a ``<T>Request`` body: the example of its sibling ``<T>IdRequest``."""
    ref = (schema.get("oneOf") or [schema])[0].get("$ref", "")
    if not ref.endswith("Request"):
        return {}
    found = _example(doc, {"$ref": ref.removesuffix("Request") + "IdRequest"}) if ref else None
    return found if isinstance(found, dict) else {}


def body_example(doc: dict[str, Any], method: str, operation: dict[str, Any]) -> str | None:
    """The request body's example as pretty JSON; a PATCH example also carries the row's Id."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content.get("schema", {})
    example = _example(doc, schema)
    if method == "PATCH" and isinstance(example, dict):
        example = {**_id_example(doc, schema), **example}
    return json.dumps(example if example is not None else {}, indent=2, ensure_ascii=False)


def _param(raw: dict[str, Any]) -> Param:
    default = raw.get("schema", {}).get("default", "")
    return Param(raw["name"], raw.get("in", "query"), raw.get("description", ""),
                 bool(raw.get("required")), "" if default is None else str(default))


def _endpoint(doc: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> Endpoint:
    match = _TABLE_PATH.match(path)
    table_id = match["id"] if match else ""
    template = f"/api/v2/tables/{{tableId}}{match['rest'] or ''}" if match else path
    params = [Param("tableId", "path", "The table's id", True, table_id)] if match else []
    params += [_param(p) for p in operation.get("parameters", [])]
    tags = operation.get("tags") or [""]
    return Endpoint(method.upper(), template, table_id, tags[0], operation.get("summary", ""),
                    tuple(params), body_example(doc, method.upper(), operation))


def endpoints_of(doc: dict[str, Any], first_table: str | None = None) -> list[Endpoint]:
    """Every operation of the document, grouped by table (``first_table``'s group first)."""
    found = [_endpoint(doc, path, method, item[method])
             for path, item in doc.get("paths", {}).items() for method in METHODS if method in item]
    order = list(dict.fromkeys(e.table_id for e in found))
    if first_table in order:
        order.remove(first_table)
        order.insert(0, first_table)
    return sorted(found, key=lambda e: order.index(e.table_id))
