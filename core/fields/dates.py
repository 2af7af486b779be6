"""Date and time field types: Date, DateTime and the system CreatedTime / LastModifiedTime.

DateTime values are stored in UTC with second precision and shown as NocoDB does,
``YYYY-MM-DD HH:MM:SS+00:00``. Input without an offset is taken as UTC. SQLite keeps both as
ISO text (which sorts and compares correctly); PostgreSQL as DATE / TIMESTAMPTZ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from core.fields.base import DATE_OPS, FieldSpec, FieldType, Storage, json_kind, registry

UTC = dt.timezone.utc
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")


def format_datetime(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {json_kind(value)}")
    text = value.strip()
    if len(text) == 10 and text[4] == "-":
        try:  # the ISO form, by far the most common, parsed in C
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date-time (expected YYYY-MM-DD HH:MM:SS, optionally +HH:MM)"
            ) from None
    else:
        raise ValueError(f"expected a date-time string, got {json_kind(value)}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@registry.register
class Date(FieldType):
    uidt = "Date"
    description = "A calendar date"
    storage = Storage.DATE
    family = "date"
    operators = DATE_OPS
    default_indexed = True
    json_schema = {"type": "string", "format": "date"}

    def coerce(self, value: Any, spec: FieldSpec) -> dt.date:
        return parse_date(value)

    def to_json(self, value: Any, spec: FieldSpec) -> Any:
        return None if value is None else value.isoformat()

    def to_db(self, value: Any, dialect: str) -> Any:
        if value is None or dialect == "postgres":
            return value
        return value.isoformat()

    def from_db(self, raw: Any, dialect: str) -> Any:
        if raw is None or isinstance(raw, dt.date):
            return raw
        return dt.date.fromisoformat(raw)

    def json_reader(self, spec: FieldSpec, dialect: str) -> Callable[[Any], Any] | None:
        full = super().json_reader(spec, dialect)
        # SQLite keeps the ISO text that to_json would print.
        return lambda raw: raw if raw is None or (type(raw) is str and len(raw) == 10) \
            else full(raw)

    def sample(self, spec: FieldSpec) -> Any:
        return "2025-09-30"


@registry.register
class DateTime(FieldType):
    uidt = "DateTime"
    description = "A date and time (UTC)"
    storage = Storage.DATETIME
    family = "date"
    operators = DATE_OPS
    default_indexed = True
    json_schema = {"type": "string", "format": "date-time"}

    def coerce(self, value: Any, spec: FieldSpec) -> dt.datetime:
        return parse_datetime(value)

    def to_json(self, value: Any, spec: FieldSpec) -> Any:
        return None if value is None else format_datetime(value)

    def to_db(self, value: Any, dialect: str) -> Any:
        if value is None or dialect == "postgres":
            return value
        return format_datetime(value)

    def from_db(self, raw: Any, dialect: str) -> Any:
        if raw is None:
            return None
        if isinstance(raw, dt.datetime):
            return raw.astimezone(UTC)
        return parse_datetime(raw)

    def json_reader(self, spec: FieldSpec, dialect: str) -> Callable[[Any], Any] | None:
        full = super().json_reader(spec, dialect)
        # SQLite keeps the text ``format_datetime`` wrote, which is what to_json prints.
        return lambda raw: raw if raw is None or (type(raw) is str and len(raw) == 25
                                                  and raw.endswith("+00:00")) else full(raw)

    def sample(self, spec: FieldSpec) -> Any:
        return "2025-09-30 08:30:00+00:00"


class SystemTime(DateTime):
    writable = False
    indexable = True


@registry.register
class CreatedTime(SystemTime):
    uidt = "CreatedTime"
    description = "When the record was created (read-only)"
    system_column = "created_at"


@registry.register
class LastModifiedTime(SystemTime):
    uidt = "LastModifiedTime"
    description = "When the record was last changed (read-only; empty until then)"
    system_column = "updated_at"
