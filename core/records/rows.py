"""Converting rows between JSON (titles → API values) and the database (columns → values)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from core.errors import InvalidPkValue, InvalidValue, RecordNotFound
from core.fields.base import FieldSpec
from core.records.readers import row_reader
from core.schema.spec import TableSpec

UTC = dt.timezone.utc
MAX_ID = 2**63


def now_utc() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


def to_json_row(table: TableSpec, raw: dict[str, Any], fields: tuple[FieldSpec, ...],
                dialect: str) -> dict[str, Any]:
    """One stored row as a JSON row (for many rows, take ``row_reader`` once and call it)."""
    return row_reader(table, fields, dialect)(raw)


def item_error(index: int | None, message: str, *, error: type[InvalidValue] = InvalidValue,
               **details: Any) -> InvalidValue:
    """An error about item ``index`` of a list body (None: the body was one object).

    People count from 1 and programs from 0, so a list item's message says both
    (``Record 2 (index 1): …``) and ``details.row`` carries the 0-based index."""
    if index is None:
        return error(message, **details)
    return error(f"Record {index + 1} (index {index}): {message}", row=index, **details)


def shown(value: Any, limit: int = 60) -> str:
    """``value`` for a message, spelt as JSON (``true``, ``["a"]``, ``null``) and cut to
    ``limit`` characters; a string is put in single quotes like the names around it."""
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= limit else f"'{value[:limit - 1]}…'"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def prepare_values(table: TableSpec, row: Any, index: int | None, *,
                   inserting: bool) -> dict[FieldSpec, Any]:
    """Validate one JSON row; return {field: python value}. Raise InvalidValue naming row/field."""
    if not isinstance(row, dict):
        raise item_error(index, "each record must be a JSON object")
    values: dict[FieldSpec, Any] = {}
    for key, value in row.items():
        spec = table.find(key)
        if spec is None:
            raise item_error(index, f"field '{key}' not found in table '{table.title}'", field=key)
        if spec.uidt == "ID":
            if inserting:
                raise item_error(index, f"'{spec.title}' is set by the database and cannot be "
                                 "given on insert", field=spec.title)
            continue
        if not spec.type.writable:
            continue
        try:
            values[spec] = spec.type.from_json(value, spec)
        except ValueError as exc:
            # the field type's reason may quote the value as Python does; show it as above
            reason = str(exc).replace(repr(value), shown(value))
            raise item_error(index, f"invalid value {shown(value)} for field '{spec.title}' "
                             f"({spec.uidt}): {reason}", field=spec.title,
                             value=_jsonable(value)) from None
    if inserting:
        _check_required(table, values, index)
    else:
        for spec, value in values.items():
            if spec.required and value is None:
                raise item_error(index, f"field '{spec.title}' is required", field=spec.title)
    return values


def _check_required(table: TableSpec, values: dict[FieldSpec, Any], index: int | None) -> None:
    for spec in table.fields:
        if spec.required and values.get(spec) is None:
            raise item_error(index, f"field '{spec.title}' is required", field=spec.title)


def _jsonable(value: Any) -> Any:
    """The value as the client sent it, for ``details.value`` (text if it is not JSON)."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def record_id(table: TableSpec, row: Any, index: int | None) -> int:
    """The primary key from an update/delete item (``{"Id": 5}``; a bare int is accepted too)."""
    pk = table.pk
    value = row.get(pk.title, row.get("id")) if isinstance(row, dict) else row
    if value is None:
        raise item_error(index, f"primary key '{pk.title}' is required", field=pk.title)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise item_error(index, f"invalid primary key {shown(value)} for '{pk.title}' "
                         "(expected a positive integer)", error=InvalidPkValue, field=pk.title,
                         value=_jsonable(value))
    if value >= MAX_ID:
        raise RecordNotFound(f"Record '{value}' not found", record=str(value))
    return value
