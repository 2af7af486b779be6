"""JSON: any JSON value, kept as text on SQLite and JSONB on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from core.fields.base import JSON_OPS, FieldSpec, FieldType, Storage, registry


@registry.register
class JSON(FieldType):
    uidt = "JSON"
    description = "Any JSON value"
    storage = Storage.JSON
    family = "json"
    operators = JSON_OPS
    indexable = False
    json_schema: dict[str, Any] = {}

    def coerce(self, value: Any, spec: FieldSpec) -> Any:
        """Only what both backends store and give back as valid JSON: no NaN/Infinity, no
        NUL in strings (PostgreSQL's JSONB refuses both; SQLite would return invalid JSON)."""
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not valid JSON: {exc}") from None
        if _has_nul(value):
            raise ValueError("not valid JSON here: strings cannot contain the NUL character")
        return value

    def parse_text(self, text: str | None, spec: FieldSpec) -> Any:
        if text is None or text == "":
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON: {exc.msg} at position {exc.pos}") from None
        return self.coerce(value, spec)

    def display(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False)

    def to_db(self, value: Any, dialect: str) -> Any:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def from_db(self, raw: Any, dialect: str) -> Any:
        return None if raw is None else json.loads(raw)

    def sample(self, spec: FieldSpec) -> Any:
        return {"key": "value"}


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False
