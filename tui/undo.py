"""The TUI's undo/redo history: each entry records one write in both directions.

Entries are values; ``TablePane`` applies them through the record source. Every kind of write
fits one of three shapes: cells changed (an edit, a form save, a paste over rows, a fill-down),
rows inserted (the form's add, rows appended by a paste) and rows deleted. A deleted row comes
back with its original id (``restore_records``), so entries never need re-pointing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

MAX_UNDO = 200
Row = dict[str, Any]


@dataclass(frozen=True)
class CellsChanged:
    """``before``/``after``: partial rows (primary key + changed keys), in the same order."""

    before: tuple[Row, ...]
    after: tuple[Row, ...]
    row: int
    key: str | None = None


@dataclass(frozen=True)
class RowsInserted:
    """Full records as stored (with their ids)."""

    rows: tuple[Row, ...]
    row: int


@dataclass(frozen=True)
class RowsDeleted:
    rows: tuple[Row, ...]
    row: int


UndoEntry = Union[CellsChanged, RowsInserted, RowsDeleted]


class UndoStack:
    """Undo and redo lists. A new edit clears the redo list, as in every editor."""

    def __init__(self, limit: int = MAX_UNDO) -> None:
        self._undo: list[UndoEntry] = []
        self._redo: list[UndoEntry] = []
        self._limit = limit

    def push(self, entry: UndoEntry) -> None:
        self._undo.append(entry)
        del self._undo[: -self._limit]
        self._redo.clear()

    def pop(self) -> UndoEntry | None:
        """The entry to undo; call ``undone`` once it is applied (or ``push_back`` if not)."""
        return self._undo.pop() if self._undo else None

    def pop_redo(self) -> UndoEntry | None:
        return self._redo.pop() if self._redo else None

    def undone(self, entry: UndoEntry) -> None:
        self._redo.append(entry)

    def redone(self, entry: UndoEntry) -> None:
        self._undo.append(entry)

    def push_back(self, entry: UndoEntry, redo: bool = False) -> None:
        """Applying ``entry`` failed: keep it where it was."""
        (self._redo if redo else self._undo).append(entry)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    def __len__(self) -> int:
        return len(self._undo)
