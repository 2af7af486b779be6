"""``TableSpec``: an immutable snapshot of one user table's metadata, used by records and queries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.errors import FieldNotFound
from core.fields.base import FieldSpec


@dataclass(frozen=True)
class TableSpec:
    id: str
    base_id: str
    title: str
    physical: str
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec:
        """Find a field by title, then by id, then by physical column; raise FieldNotFound."""
        found = self.find(key)
        if found is None:
            raise FieldNotFound(f"Field '{key}' not found", field=key, table=self.title)
        return found

    def find(self, key: str) -> FieldSpec | None:
        return self._lookup.get(key)

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """What the records layer builds from this snapshot and reuses (row readers, list
        statements); a schema change makes a new snapshot, so nothing here outlives the
        fields it was built from."""
        return {}

    @cached_property
    def _lookup(self) -> dict[str, FieldSpec]:
        """Titles win over ids, ids over physical columns (filled in reverse priority)."""
        index: dict[str, FieldSpec] = {}
        for attr in ("column", "id", "title"):
            for f in reversed(self.fields):
                index[getattr(f, attr)] = f
        return index

    def system_field(self, column: str) -> FieldSpec:
        """A system field by column (``id``, ``created_at``, ``updated_at``). Unlike ``find``,
        never a user field that is merely *titled* ``created_at`` (common in imported CSVs)."""
        return next(f for f in self.fields if f.system and f.column == column)

    @property
    def pk(self) -> FieldSpec:
        return next(f for f in self.fields if f.uidt == "ID")

    @property
    def writable_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.type.writable)

    @property
    def primary_value(self) -> FieldSpec:
        for f in self.fields:
            if f.primary_value:
                return f
        return next((f for f in self.fields if not f.system), self.pk)
