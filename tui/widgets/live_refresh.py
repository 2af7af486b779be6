"""Live refresh: notice, from the change feed, that another process changed the open table.

Every mutation writes one ``core.models.Event`` row (with the table id and an increasing id)
in its own transaction, so "has anything changed?" is one indexed query for the largest event
id of the table. ``LiveRefresh`` polls it every ``POLL_SECONDS`` in a worker and, when it moves,
re-reads the rows on screen in place (``CoreRecordSource.reload``): the cursor stays where it
is and an edit in progress (its text lives in the editor) is untouched.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work

from core.models import Event

if TYPE_CHECKING:
    from tui.widgets.record_grid import RecordGrid
    from tui.widgets.record_source import CoreRecordSource

POLL_SECONDS = 0.5


async def latest_event_id(table_id: str) -> int:
    """The newest change-feed id for ``table_id`` (0 when it has none)."""
    found = await Event.filter(table_id=table_id).order_by("-id").limit(1).values_list(
        "id", flat=True)
    return int(found[0]) if found else 0


class LiveRefresh:
    """Mixed into ``TablePane``; call ``start_live_refresh`` once mounted."""

    source: CoreRecordSource
    grid: RecordGrid
    _seen_event: int | None = None

    if TYPE_CHECKING:
        def set_interval(self, interval: float, callback: Any) -> Any: ...
        def _update_status(self) -> None: ...

    def start_live_refresh(self, every: float = POLL_SECONDS) -> None:
        self.set_interval(every, self._poll_changes)

    @work(exclusive=True, group="live-refresh", exit_on_error=False)
    async def _poll_changes(self) -> None:
        # A query cancelled half-way (the app quitting) can leave aiosqlite's connection
        # busy and hang the process at exit, so the DB part always runs to its end.
        task = asyncio.ensure_future(self._check())
        try:
            changed = await asyncio.shield(task)
        except asyncio.CancelledError:
            await task
            raise
        if changed:
            self.grid.sync()
            self._update_status()

    async def _check(self) -> bool:
        """Read the newest event id; reload the cached rows if it moved. True if it did."""
        latest = await latest_event_id(self.source.table.id)
        seen, self._seen_event = self._seen_event, latest
        if seen is None or latest == seen:
            return False
        await self.source.reload()
        return True
