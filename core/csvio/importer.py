"""Importing a CSV file into a table: streaming, batched, typed, and honest about bad rows.

The file is read record by record; the first ``SAMPLE_ROWS`` records choose the field types of
a new table (``infer``), then every record is converted and the rows go in, ``batch_size`` at a
time. Memory stays flat whatever the size of the file.

Two modes:

* default — one transaction per batch. A record that does not fit (wrong number of cells, a
  value its field rejects, malformed CSV) is skipped and reported with the line it starts on.
  Cancelling (Ctrl+C, a TUI cancel) lets the batch being written commit, then stops; the rows
  committed stay, and the summary says ``cancelled`` and how many rows that is.
* ``strict`` — the whole import, table creation included, is ONE transaction, and the first
  bad record aborts it, so a failed or cancelled strict import leaves nothing behind. (A single
  pass keeps streams such as stdin importable; the price, on SQLite, is that other writers
  wait for the import to finish.)
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any, TextIO

from tortoise.backends.base.client import BaseDBAsyncClient

from core import db
from core.csvio.convert import CellError, RowFn, row_converter
from core.csvio.infer import SAMPLE_ROWS
from core.csvio.source import CsvSource, Record, open_source
from core.csvio.summary import FailureLog, ImportSummary
from core.csvio.target import Target, finish, materialise, plan
from core.csvio.writer import BatchWriter, has_listeners
from core.errors import GridbaseError, InvalidValue
from core.schema.spec import TableSpec

Progress = Callable[[int, int], None]
DEFAULT_BATCH = 5000


async def import_csv(path_or_stream: str | os.PathLike[str] | TextIO, *, table_title: str,
                     base_title: str | None = None, types: Mapping[str, str] | None = None,
                     all_text: bool = False, strict: bool = False,
                     batch_size: int = DEFAULT_BATCH,
                     progress: Progress | None = None) -> ImportSummary:
    """Import a CSV file (path or open text stream) into ``table_title``; see the module doc.

    ``types`` maps column titles to field types for a new table (``parse_type_overrides``);
    ``progress(rows_committed, bytes_read)`` is called after every committed batch.
    """
    started = time.perf_counter()
    with open_source(path_or_stream) as source:
        job = _Job(source, strict=strict, batch_size=max(1, batch_size), progress=progress)
        header = source.header()
        sample = source.take(SAMPLE_ROWS, job.malformed)
        target = await plan(base_title, table_title, header, [r for _, r in sample], types,
                            all_text)
        records = chain(sample, source.records(job.malformed))
        if strict:
            table = await db.write(lambda tx: job.run(target, len(header), records, tx))
        else:
            table = await job.run(target, len(header), records)
    return job.summary(target, table, time.perf_counter() - started)


async def _through_cancel(write: Awaitable[Any]) -> bool:
    """Run a batch's transaction to its end even if the import is cancelled meanwhile; return
    whether it was. (A cancel landing inside Tortoise's transaction entry would leave its
    connection state behind; and "the batch in flight is committed" is easy to explain.)"""
    task = asyncio.ensure_future(write)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        return True
    return False


class _Job:
    """The state of one import: counts, failures, and the batch loop."""

    def __init__(self, source: CsvSource, *, strict: bool, batch_size: int,
                 progress: Progress | None) -> None:
        self.source = source
        self.strict = strict
        self.batch_size = batch_size
        self.progress = progress
        self.failures = FailureLog()
        self.rows = 0
        self.cancelled = False
        self.field_ids: list[str] = []

    def fail(self, line: int, field: str | None, message: str) -> None:
        error = self.failures.add(line, field, message)
        if self.strict:
            raise InvalidValue(f"{error.describe()} — nothing was imported (--strict)",
                               line=line, field=field)

    def malformed(self, line: int, message: str) -> None:
        self.fail(line, None, message)

    async def run(self, target: Target, width: int, records: Iterable[Record],
                  tx: BaseDBAsyncClient | None = None) -> TableSpec:
        table, specs = await materialise(target)
        self.field_ids = [s.id for s in specs]
        convert = row_converter(specs, target.keep, width, db.dialect())
        writer = BatchWriter(table, specs, with_rows=await has_listeners(table))
        try:
            for batch in self._batches(records, convert, width, target.titles):
                await self._flush(writer, batch, tx)
        except asyncio.CancelledError:
            if self.strict:
                raise
            self.cancelled = True
        except GridbaseError as exc:  # e.g. the file stops being UTF-8 half way
            if self.strict or not self.rows:
                raise
            await finish(target, table)
            raise type(exc)(f"{exc.message} — the {self.rows:,} rows read before it were "
                            f"imported into table '{table.title}'", **exc.details) from None
        else:
            self._report(self.source.total_bytes or self.source.bytes_done)
        return await finish(target, table)

    def _batches(self, records: Iterable[Record], convert: RowFn, width: int,
                 titles: list[str]) -> Iterator[list[list[Any]]]:
        batch: list[list[Any]] = []
        for line, cells in records:
            if len(cells) != width:
                self.fail(line, None, f"has {len(cells)} cells but the header has {width}")
                continue
            try:
                batch.append(convert(cells))
            except CellError as exc:
                self.fail(line, titles[exc.index], exc.message)
                continue
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    async def _flush(self, writer: BatchWriter, batch: list[list[Any]],
                     tx: BaseDBAsyncClient | None) -> None:
        params = writer.prepare(batch)
        interrupted = False
        if tx is None:
            interrupted = await _through_cancel(db.write(lambda t: writer.write(t, params, len(batch))))
        else:
            await writer.write(tx, params, len(batch))
        self.rows += len(batch)
        self._report(self.source.bytes_done)
        if interrupted:
            raise asyncio.CancelledError

    def _report(self, bytes_done: int) -> None:
        if self.progress is not None:
            self.progress(self.rows, bytes_done)

    def summary(self, target: Target, table: TableSpec, seconds: float) -> ImportSummary:
        columns = tuple((f.title, f.uidt) for f in map(table.field, self.field_ids))
        return ImportSummary(
            table_id=table.id, table_title=table.title, base_id=table.base_id, rows=self.rows,
            failed=tuple(self.failures.entries), failed_count=self.failures.count,
            seconds=seconds, columns=columns, created_table=target.existing is None,
            skipped_columns=tuple(target.skipped), cancelled=self.cancelled)
