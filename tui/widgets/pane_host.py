"""``PaneHost``: what ``TablePane`` gives the mixins that hold its actions (rows, clipboard),
declared once so each mixin type-checks on its own."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from tui.undo import UndoStack

if TYPE_CHECKING:
    from tui.widgets.record_grid import RecordGrid
    from tui.widgets.record_source import CoreRecordSource


class PaneHost:
    source: CoreRecordSource
    grid: RecordGrid
    undo_stack: UndoStack
    table_title: str
    _write_lock: asyncio.Lock

    if TYPE_CHECKING:
        def _after_write(self, row: int | None = None, column: int | None = None) -> None: ...
        def _report(self, exc: Exception, from_editor: bool) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        @property
        def app(self) -> Any: ...
