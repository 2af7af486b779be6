"""``SourceWrites``: the write half of ``CoreRecordSource`` — every change goes through
``core.records.service`` (so it produces the same events and webhooks as the API), tagged with
the source's ``write_source`` ("tui"), and each call is one transaction.

After a write, rows already cached are replaced with what the database now holds, or, when the
row count changed, the cache is dropped and the table recounted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from core.records import service as records
from core.schema.spec import TableSpec
from core.views.position import row_position

Row = dict[str, Any]


class SourceWrites:
    """Mixed into ``CoreRecordSource``; relies on its ``table``, ``_pages`` and ``refresh``."""

    table: TableSpec
    write_source: str
    generation: int
    _pages: OrderedDict[int, list[Row]]

    async def refresh(self) -> None:  # provided by CoreRecordSource
        raise NotImplementedError

    @property
    def pk_key(self) -> str:
        return self.table.pk.title

    async def update_cell(self, record_id: int, key: str, value: Any) -> Row:
        [fresh] = await self.update_rows([{self.pk_key: record_id, key: value}])
        return fresh

    async def update_rows(self, rows: Sequence[Row]) -> list[Row]:
        """One ``update_records`` call (all or nothing); return the records as stored."""
        ids = await records.update_records(self.table, list(rows), source=self.write_source)
        fresh = await self.records(ids)
        by_id = {r[self.pk_key]: r for r in fresh}
        for page in self._pages.values():
            for i, row in enumerate(page):
                if row.get(self.pk_key) in by_id:
                    page[i] = by_id[row[self.pk_key]]
        self.generation += 1
        return fresh

    async def records(self, ids: Sequence[int]) -> list[Row]:
        return [await records.get_record(self.table, rid) for rid in ids]

    async def insert_row(self, values: Row) -> tuple[int, int | None]:
        """Insert one record; return ``(record id, row index)`` — the index where the view's
        filter and sort put it, None when the filter leaves it out (it is saved, not shown)."""
        [record_id] = await self.insert_rows([values])
        return record_id, await self.row_index(record_id)

    async def row_index(self, record_id: int) -> int | None:
        """Where record ``record_id`` is in this view (one COUNT, no rows read); None when the
        view's filter leaves it out."""
        state = self.state  # type: ignore[attr-defined]
        return await row_position(self.table, state.where, state.sort, record_id)

    async def insert_rows(self, rows: Sequence[Row]) -> list[int]:
        """One ``create_records`` call for every row; read-only keys are dropped."""
        clean = [{k: v for k, v in r.items() if self._writable(k)} for r in rows]
        ids = await records.create_records(self.table, clean, source=self.write_source)
        await self.refresh()
        return ids

    async def restore_rows(self, rows: Sequence[Row]) -> list[int]:
        """Put deleted records back with their original ids (undo of a delete)."""
        ids = await records.restore_records(self.table, list(rows), source=self.write_source)
        await self.refresh()
        return ids

    async def delete_row(self, record_id: int) -> Row:
        [before] = await self.delete_rows([record_id])
        return before

    async def delete_rows(self, ids: Sequence[int]) -> list[Row]:
        """Delete records in one call; return their values as they were."""
        before = await self.records(ids)
        await records.delete_records(self.table, list(ids), source=self.write_source)
        await self.refresh()
        return before

    def _writable(self, key: str) -> bool:
        spec = self.table.find(key)
        return spec is not None and spec.type.writable
