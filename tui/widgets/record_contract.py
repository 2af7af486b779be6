"""The grid's data contract: ``Column`` (a field shown as a column), ``RecordSource`` (what the
grid reads rows from) and ``display_columns`` (which fields a view shows, in which order).
``CoreRecordSource`` (``tui.widgets.record_source``) implements the contract over core."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from core.fields.base import FieldSpec
from core.schema.spec import TableSpec
from core.views.columns import shown_fields

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One grid column: the field behind it and how the grid treats it."""

    spec: FieldSpec

    @property
    def key(self) -> str:
        return self.spec.title

    @property
    def editable(self) -> bool:
        return self.spec.type.writable

    @property
    def right_align(self) -> bool:
        return self.spec.type.right_align


class RecordSource(ABC):
    """What the grid needs from a table. Implementations may page lazily."""

    generation: int = 0
    """Bumped whenever cached rows change, so views can drop what they derived from them."""

    @property
    @abstractmethod
    def columns(self) -> tuple[Column, ...]:
        """Columns in display order; the first is the frozen (primary value) column."""

    @property
    @abstractmethod
    def row_count(self) -> int:
        """Rows in the table (cached; refreshed after writes)."""

    @abstractmethod
    def row_at(self, index: int) -> Row | None:
        """The row at ``index`` if it is in memory, else None. Never does I/O."""

    @abstractmethod
    def want(self, first: int, last: int) -> None:
        """Tell the source which rows are on screen, so ``load_next`` knows what to fetch."""

    @abstractmethod
    async def load_next(self) -> bool:
        """Fetch one missing page the viewport wants; False when nothing is missing."""

    @abstractmethod
    async def get_rows(self, offset: int, limit: int) -> list[Row]:
        """Rows ``offset .. offset+limit`` (fewer at the end)."""

    @abstractmethod
    async def update_cell(self, record_id: int, key: str, value: Any) -> Row:
        """Write a JSON ``value`` to one cell; return the record as stored.

        Raises:
            GridbaseError: the value does not fit or the record is gone; nothing is written.
        """

    @abstractmethod
    async def insert_row(self, values: Row) -> tuple[int, int | None]:
        """Insert a record; return ``(record id, row index)``, the index None when the view's
        filter leaves the new record out."""

    @abstractmethod
    async def delete_row(self, record_id: int) -> Row:
        """Delete a record; return its values as they were."""

    @abstractmethod
    async def refresh(self) -> None:
        """Recount the rows and drop every cached page."""

    @property
    def rows_in_memory(self) -> int:
        return 0


def display_columns(table: TableSpec, hidden: frozenset[str] = frozenset(),
                    order: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """The view's fields as core's ``shown_fields`` arranges them (the API's ``viewId`` uses
    the same rule): primary value first, then user fields, then system fields."""
    return tuple(Column(f) for f in shown_fields(table, hidden, order))
