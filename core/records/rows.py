"""Converting rows between JSON (titles → API values) and the database (columns → values)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.errors import InvalidValue, RecordNotFound
from core.fields.base import FieldSpec
from core.schema.spec import TableSpec

UTC = dt.timezone.utc
MAX_ID = 2**63


def now_utc() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


def to_json_row(table: TableSpec, raw: dict[str, Any], fields: tuple[FieldSpec, ...],
                dialect: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        ftype = f.type
        out[f.title] = ftype.to_json(ftype.from_db(raw.get(f.column), dialect), f)
    return out


def _where(index: int | None) -> str:
    return "" if index is None else f"Row {index}: "


def prepare_values(table: TableSpec, row: Any, index: int | None, *,
                   inserting: bool) -> dict[FieldSpec, Any]:
    """Validate one JSON row; return {field: python value}. Raise InvalidValue naming row/field."""
    if not isinstance(row, dict):
        raise InvalidValue(f"{_where(index)}each record must be a JSON object", row=index)
    values: dict[FieldSpec, Any] = {}
    for key, value in row.items():
        spec = table.find(key)
        if spec is None:
            raise InvalidValue(f"{_where(index)}field '{key}' not found in table '{table.title}'",
                               field=key, row=index)
        if spec.uidt == "ID":
            if inserting:
                raise InvalidValue(f"{_where(index)}'{spec.title}' is set by the database and "
                                   "cannot be given on insert", field=spec.title, row=index)
            continue
        if not spec.type.writable:
            continue
        try:
            values[spec] = spec.type.from_json(value, spec)
        except ValueError as exc:
            raise InvalidValue(
                f"{_where(index)}invalid value {value!r} for field '{spec.title}' "
                f"({spec.uidt}): {exc}", field=spec.title, row=index, value=_jsonable(value),
            ) from None
    if inserting:
        _check_required(table, values, index)
    else:
        for spec, value in values.items():
            if spec.required and value is None:
                raise InvalidValue(f"{_where(index)}field '{spec.title}' is required",
                                   field=spec.title, row=index)
    return values


def _check_required(table: TableSpec, values: dict[FieldSpec, Any], index: int | None) -> None:
    for spec in table.fields:
        if spec.required and values.get(spec) is None:
            raise InvalidValue(f"{_where(index)}field '{spec.title}' is required",
                               field=spec.title, row=index)


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def record_id(table: TableSpec, row: Any, index: int | None) -> int:
    """The primary key from an update/delete item (``{"Id": 5}``; a bare int is accepted too)."""
    pk = table.pk
    value = row.get(pk.title, row.get("id")) if isinstance(row, dict) else row
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{_where(index)}primary key '{pk.title}' is required", field=pk.title,
                           row=index)
    if not 0 < value < MAX_ID:
        raise RecordNotFound(f"Record '{value}' not found", record=str(value))
    return value
