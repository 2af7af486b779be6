"""``ImportRun``: one CSV import started from the TUI — reported as it goes, cancellable, and
all or nothing.

``core.csvio.import_csv`` commits batch by batch and, when cancelled, finishes the batch in
flight and returns a summary marked ``cancelled`` (the command-line import keeps those rows).
The TUI promises more: a cancelled or failed import leaves no half table. So the import runs
as its own task, ``cancel`` cancels that task, and whatever the outcome short of success, the
table it was filling (a new one: the screen refuses existing titles) is deleted.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.csvio import ImportSummary, import_csv
from core.errors import GridbaseError
from core.schema.tables import delete_table, find_table


@dataclass(frozen=True)
class ImportProgress:
    rows: int
    bytes_done: int
    total_bytes: int | None
    rows_per_s: float


class ImportAborted(Exception):
    """The import was cancelled or failed; nothing was kept. ``str()`` says which."""


def file_size(path: str) -> int | None:
    try:
        return os.path.getsize(path) or None
    except OSError:
        return None


class ImportRun:
    def __init__(self, base_id: str, path: str, title: str, types: dict[str, str], *,
                 batch_size: int, on_progress: Callable[[ImportProgress], None]) -> None:
        self.base_id, self.path, self.title, self.types = base_id, path, title, types
        self.batch_size = batch_size
        self.on_progress = on_progress
        self.total_bytes = file_size(path)
        self._task: asyncio.Task[ImportSummary] | None = None
        self._started = 0.0

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def run(self) -> ImportSummary:
        """Import into a new table ``title`` of the base; return core's summary.

        Raises:
            ImportAborted: cancelled, or core refused the file; the table is gone.
        """
        self._started = time.perf_counter()
        self._task = asyncio.ensure_future(import_csv(
            self.path, table_title=self.title, base_title=self.base_id, types=self.types,
            batch_size=self.batch_size, progress=self._progress))
        try:
            summary = await self._task
        except asyncio.CancelledError:  # cancelled before the batch loop (or with it)
            await self._discard()
            raise ImportAborted("Import cancelled: nothing was imported.") from None
        except Exception as exc:  # core's message says how many rows went in; none stay
            await self._discard()
            message = exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"
            raise ImportAborted(f"Import failed: {message.split(' — the ')[0]}. "
                                "Nothing was imported.") from None
        if summary.cancelled:
            await self._discard()
            raise ImportAborted("Import cancelled: nothing was imported.")
        return summary

    def _progress(self, rows: int, bytes_done: int) -> None:
        rate = rows / max(time.perf_counter() - self._started, 1e-6)
        self.on_progress(ImportProgress(rows, bytes_done, self.total_bytes, rate))

    async def _discard(self) -> None:
        table = await find_table(self.base_id, self.title)
        if table is not None:
            await delete_table(table.id)
