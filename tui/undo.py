"""The TUI's undo stack: each entry records how to reverse one edit, insert or delete.

Entries are values; ``TablePane`` applies them through the record source. A deleted row comes
back as a new record (core assigns ids on insert), so undoing a delete re-points older
entries from the old id to the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Union

MAX_UNDO = 200


@dataclass(frozen=True)
class CellChanged:
    record_id: int
    key: str
    before: Any
    row: int


@dataclass(frozen=True)
class RowInserted:
    record_id: int
    row: int


@dataclass(frozen=True)
class RowDeleted:
    values: dict[str, Any]
    record_id: int
    row: int


UndoEntry = Union[CellChanged, RowInserted, RowDeleted]


class UndoStack:
    def __init__(self, limit: int = MAX_UNDO) -> None:
        self._entries: list[UndoEntry] = []
        self._limit = limit

    def push(self, entry: UndoEntry) -> None:
        self._entries.append(entry)
        del self._entries[: -self._limit]

    def pop(self) -> UndoEntry | None:
        return self._entries.pop() if self._entries else None

    def remap(self, old_id: int, new_id: int) -> None:
        """A restored row got ``new_id``: make older entries about ``old_id`` follow it."""
        self._entries = [replace(e, record_id=new_id) if e.record_id == old_id else e
                         for e in self._entries]

    def __len__(self) -> int:
        return len(self._entries)
