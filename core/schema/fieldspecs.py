"""Validating field definitions and turning Field rows into ``FieldSpec`` values."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from core.errors import DuplicateName, InvalidRequest
from core.fields import registry
from core.fields.base import FieldSpec
from core.fields.select import make_options
from core.ids import column_ident, new_id
from core.models import Field
from core.schema.bases import clean_title


def spec_of(row: Field) -> FieldSpec:
    return FieldSpec(id=row.id, title=row.title, uidt=row.uidt, column=row.column,
                     options=dict(row.options or {}), system=row.system, required=row.required,
                     indexed=row.indexed, primary_value=row.primary_value, order=row.order)


def check_uidt(uidt: object) -> str:
    if not isinstance(uidt, str) or uidt not in registry:
        known = ", ".join(t.uidt for t in registry.all() if t.writable)
        raise InvalidRequest(f"Unknown field type {uidt!r}; use one of: {known}", field="uidt")
    if not registry.get(uidt).writable:
        raise InvalidRequest(f"Field type '{uidt}' is a system type and cannot be added",
                             field="uidt")
    return uidt


def normalise_options(uidt: str, options: Any) -> dict[str, Any]:
    """Accept NocoDB's ``colOptions``/``dtxp`` shapes and plain lists of option titles."""
    opts = dict(options or {})
    if uidt in ("SingleSelect", "MultiSelect") and "options" in opts:
        items = opts["options"]
        if not isinstance(items, list):
            raise InvalidRequest("Select options must be a list", field="options")
        titles = [i.get("title") if isinstance(i, dict) else i for i in items]
        if not all(isinstance(t, str) and t for t in titles):
            raise InvalidRequest("Every select option needs a non-empty title", field="options")
        if uidt == "MultiSelect" and any("," in t for t in titles):
            raise InvalidRequest("MultiSelect option titles cannot contain ','", field="options")
        if len(set(titles)) != len(titles):
            raise InvalidRequest("Select option titles must be unique", field="options")
        colours = {i["title"]: i.get("color") for i in items if isinstance(i, dict)}
        made = make_options(titles)
        for o in made:
            o["color"] = colours.get(o["title"]) or o["color"]
        opts["options"] = made
    if uidt == "Rating":
        top = opts.get("max", 5)
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 10:
            raise InvalidRequest("Rating max must be a whole number from 1 to 10", field="max")
    return opts


def validate_new_fields(defs: list[dict[str, Any]], taken: set[str]) -> list[dict[str, Any]]:
    """Check titles/types of several new fields; return cleaned definitions."""
    seen = {t.casefold() for t in taken}
    cleaned = []
    for d in defs:
        if not isinstance(d, dict):
            raise InvalidRequest("Each field definition must be an object with title and uidt")
        title = clean_title(d.get("title") or d.get("column_name"), "Field")
        if title.casefold() in seen:
            raise DuplicateName(f"A field titled '{title}' already exists", field=title)
        seen.add(title.casefold())
        uidt = check_uidt(d.get("uidt", "SingleLineText"))
        options = normalise_options(uidt, d.get("options") or d.get("colOptions") or d.get("meta"))
        ftype = registry.get(uidt)
        indexed = bool(d.get("indexed", ftype.default_indexed)) and ftype.indexable
        cleaned.append({"title": title, "uidt": uidt, "options": options, "indexed": indexed,
                        "required": bool(d.get("required", d.get("rqd", False)))})
    return cleaned


async def new_field_row(tx: BaseDBAsyncClient, table_id: str, d: dict[str, Any], *,
                        order: int, primary: bool = False) -> FieldSpec:
    field_id = new_id("field")
    row = await Field.create(id=field_id, table_id=table_id, title=d["title"], uidt=d["uidt"],
                             column=column_ident(field_id), order=order, options=d["options"],
                             indexed=d["indexed"], required=d["required"],
                             primary_value=primary, using_db=tx)
    return spec_of(row)
