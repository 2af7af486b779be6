"""Checkbox: a boolean. Text accepts the spellings people and spreadsheets use."""

from __future__ import annotations

from typing import Any

from core.fields.base import CHECKBOX_OPS, FieldSpec, FieldType, Storage, registry

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "checked", "x", "✓", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "unchecked", "off", ""})


@registry.register
class Checkbox(FieldType):
    uidt = "Checkbox"
    description = "True or false"
    storage = Storage.BOOLEAN
    family = "checkbox"
    operators = CHECKBOX_OPS
    json_schema = {"type": "boolean"}

    def coerce(self, value: Any, spec: FieldSpec) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
        raise ValueError(f"{value!r} is not true or false")

    def parse_text(self, text: str | None, spec: FieldSpec) -> Any:
        if text is None or text == "":
            return None
        return self.coerce(text, spec)

    def convert(self, value: Any, source: FieldSpec, spec: FieldSpec) -> Any:
        if value is not None and source.type.family == "number":
            return value != 0
        return super().convert(value, source, spec)

    def from_db(self, raw: Any, dialect: str) -> Any:
        return None if raw is None else bool(raw)

    def display(self, value: Any, spec: FieldSpec) -> str:
        if value is None:
            return ""
        return "☑" if value else "☐"

    def to_text(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else ("True" if value else "False")

    def sample(self, spec: FieldSpec) -> Any:
        return True
