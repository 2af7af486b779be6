"""The field-type contract: storage, conversion, display and the operators a type supports.

A field type is a stateless singleton; everything per-field (title, options such as select
choices or a rating's maximum) comes in a ``FieldSpec``. Values cross three boundaries:

* JSON (API bodies, webhook payloads) — ``from_json`` / ``to_json``;
* text (a CSV cell, a TUI edit) — ``parse_text`` / ``display``;
* the database — ``to_db`` / ``from_db``, which hide the dialect (SQLite keeps dates as ISO
  text, PostgreSQL as DATE/TIMESTAMPTZ).

Conversion errors raise ``ValueError`` with a message meant for a person; callers wrap it in
``InvalidValue`` with the field and row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum
from typing import Any, ClassVar


class Storage(Enum):
    TEXT = "text"
    INTEGER = "integer"
    REAL = "real"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    JSON = "json"


SQL_TYPES: dict[Storage, dict[str, str]] = {
    Storage.TEXT: {"sqlite": "TEXT", "postgres": "TEXT"},
    Storage.INTEGER: {"sqlite": "INTEGER", "postgres": "BIGINT"},
    Storage.REAL: {"sqlite": "REAL", "postgres": "DOUBLE PRECISION"},
    Storage.BOOLEAN: {"sqlite": "BOOLEAN", "postgres": "BOOLEAN"},
    Storage.DATE: {"sqlite": "TEXT", "postgres": "DATE"},
    Storage.DATETIME: {"sqlite": "TEXT", "postgres": "TIMESTAMPTZ"},
    Storage.JSON: {"sqlite": "TEXT", "postgres": "JSONB"},
}

# Operator sets (NocoDB where-syntax §4.3, plus null/notnull everywhere they make sense).
TEXT_OPS = frozenset(
    "eq neq like nlike in blank notblank empty notempty null notnull".split()
)
NUMBER_OPS = frozenset("eq neq gt lt gte lte btw nbtw in blank notblank null notnull".split())
DATE_OPS = frozenset("eq neq gt lt gte lte isWithin blank notblank null notnull".split())
CHECKBOX_OPS = frozenset("checked notchecked".split())
SELECT_OPS = frozenset("eq neq in anyof nanyof blank notblank null notnull".split())
MULTISELECT_OPS = frozenset("anyof allof nanyof nallof blank notblank null notnull".split())
JSON_OPS = frozenset("like nlike blank notblank null notnull".split())


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words, for messages ("expected a number, got an array")."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


@dataclass(frozen=True)
class FieldSpec:
    """What core needs to know about one field, detached from the ORM row."""

    id: str
    title: str
    uidt: str
    column: str
    options: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    system: bool = False
    required: bool = False
    indexed: bool = False
    primary_value: bool = False
    order: int = 0

    @cached_property
    def type(self) -> "FieldType":
        return registry.get(self.uidt)

    def __hash__(self) -> int:
        # The generated hash would build a tuple of every field on each call; fields are dict
        # keys in every validated row of a bulk write. Equal specs share an id, so this agrees
        # with the generated __eq__.
        return hash(self.id)


class FieldType:
    """Base class of every field type. Subclasses set the class attributes and override hooks."""

    uidt: ClassVar[str] = ""
    description: ClassVar[str] = ""
    storage: ClassVar[Storage] = Storage.TEXT
    family: ClassVar[str] = "text"
    operators: ClassVar[frozenset[str]] = TEXT_OPS
    writable: ClassVar[bool] = True
    system_column: ClassVar[str | None] = None
    indexable: ClassVar[bool] = True
    default_indexed: ClassVar[bool] = False
    right_align: ClassVar[bool] = False
    json_schema: ClassVar[dict[str, Any]] = {"type": "string"}

    def sql_type(self, dialect: str) -> str:
        return SQL_TYPES[self.storage][dialect]

    # --- JSON boundary -------------------------------------------------------------------
    def from_json(self, value: Any, spec: FieldSpec) -> Any:
        """Validate an API value and return the Python value to store (None allowed)."""
        if value is None:
            return None
        return self.coerce(value, spec)

    def coerce(self, value: Any, spec: FieldSpec) -> Any:
        raise NotImplementedError

    def to_json(self, value: Any, spec: FieldSpec) -> Any:
        return value

    # --- text boundary -------------------------------------------------------------------
    def parse_text(self, text: str | None, spec: FieldSpec) -> Any:
        """A CSV cell or a typed edit; the empty string means NULL."""
        if text is None or text == "":
            return None
        return self.coerce(text, spec)

    def convert(self, value: Any, source: FieldSpec, spec: FieldSpec) -> Any:
        """A stored value of field ``source`` as a value of this type (changing a field's type).
        Default: through the exact text of the old type."""
        if value is None:
            return None
        return self.parse_text(source.type.to_text(value, source), spec)

    def display(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else str(self.to_json(value, spec))

    def to_text(self, value: Any, spec: FieldSpec) -> str:
        """Exact text for CSV export; ``parse_text(to_text(v)) == v``."""
        return self.display(value, spec)

    # --- database boundary ---------------------------------------------------------------
    def to_db(self, value: Any, dialect: str) -> Any:
        return value

    def from_db(self, raw: Any, dialect: str) -> Any:
        return raw

    def json_reader(self, spec: FieldSpec, dialect: str) -> Callable[[Any], Any] | None:
        """One function from a stored value to its JSON value, or None when they are the same.

        A list of 25 rows calls it once per field rather than ``from_db`` and ``to_json`` per
        cell; types whose stored form is usually already the JSON form override it with a
        check for that form and the full conversion as the fallback.
        """
        cls = type(self)
        if cls.from_db is FieldType.from_db and cls.to_json is FieldType.to_json:
            return None
        from_db, to_json = self.from_db, self.to_json
        return lambda raw: to_json(from_db(raw, dialect), spec)

    def sample(self, spec: FieldSpec) -> Any:
        """An example JSON value for OpenAPI documents."""
        return "text"


class Registry:
    """Field types by ``uidt``."""

    def __init__(self) -> None:
        self._types: dict[str, FieldType] = {}

    def register(self, cls: type[FieldType]) -> type[FieldType]:
        if cls.uidt in self._types:
            raise ValueError(f"field type {cls.uidt!r} is already registered")
        self._types[cls.uidt] = cls()
        return cls

    def get(self, uidt: str) -> FieldType:
        try:
            return self._types[uidt]
        except KeyError:
            known = ", ".join(sorted(self._types))
            raise KeyError(f"unknown field type {uidt!r}; known types: {known}") from None

    def __contains__(self, uidt: object) -> bool:
        return uidt in self._types

    def all(self) -> list[FieldType]:
        return list(self._types.values())

    def names(self) -> list[str]:
        return list(self._types)


registry = Registry()
