"""The grid's data contract, ``RecordSource``, and ``CoreRecordSource``, which pages a table
from ``core.records.service``.

The grid renders synchronously from what is cached (``row_at``, never I/O) and, in a worker,
calls ``load_next()`` until it returns False. The source keeps at most ``MAX_PAGES`` pages of
``PAGE_SIZE`` rows (least recently used pages go first), loads the pages of the viewport
first and one page either side after, and runs one query at a time.

Deep pages: the records service pages with OFFSET, whose cost grows with the offset. A page in
the second half of the table is therefore read from the far end (every sort key flipped,
``Id`` descending) and reversed, so the last page of a million rows costs what the first
does. The middle of a huge table still pays OFFSET; keyset paging in core would fix that.
Rows are JSON dicts keyed by field title, exactly as the records service returns them.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from core.fields.base import FieldSpec
from core.records import service as records
from core.records.listing import ListQuery, SortKey
from core.schema.spec import TableSpec
from tui.widgets.source_writes import SourceWrites

Row = dict[str, Any]
PAGE_SIZE = 200
MAX_PAGES = 8


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
    async def insert_row(self, values: Row) -> tuple[int, int]:
        """Insert a record; return ``(record id, row index)``."""

    @abstractmethod
    async def delete_row(self, record_id: int) -> Row:
        """Delete a record; return its values as they were."""

    @abstractmethod
    async def refresh(self) -> None:
        """Recount the rows and drop every cached page."""

    @property
    def rows_in_memory(self) -> int:
        return 0


def display_columns(table: TableSpec, hidden: frozenset[str] = frozenset()) -> tuple[Column, ...]:
    """Primary value first, then user fields in order, then system fields (Id, times);
    fields whose id is in ``hidden`` are left out (the primary value never is)."""
    primary = table.primary_value
    rest = [f for f in table.fields if f is not primary and f.id not in hidden]
    user = [f for f in rest if not f.system]
    system = [f for f in rest if f.system]
    return tuple(Column(f) for f in (primary, *user, *system))


class CoreRecordSource(SourceWrites, RecordSource):
    """Pages of one core table, cached LRU; see the module docstring."""

    def __init__(self, table: TableSpec, *, page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES, source: str = "tui",
                 hidden: frozenset[str] = frozenset()) -> None:
        self.table = table
        self.page_size = page_size
        self.max_pages = max_pages
        self.write_source = source
        self.generation = 0
        self._columns = display_columns(table, hidden)
        self._total = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._window = (0, 0)
        self._lock = asyncio.Lock()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def row_count(self) -> int:
        return self._total

    @property
    def rows_in_memory(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    @property
    def pages_in_memory(self) -> int:
        return len(self._pages)

    async def open(self) -> None:
        """Count the rows and load the first page (so the first paint shows data)."""
        await self.refresh()
        self.want(0, min(self.page_size, 50))
        await self.load_next()

    def row_at(self, index: int) -> Row | None:
        page_no, slot = divmod(index, self.page_size)
        rows = self._pages.get(page_no)
        if rows is None or slot >= len(rows):
            return None
        self._pages.move_to_end(page_no)
        return rows[slot]

    def want(self, first: int, last: int) -> None:
        self._window = (max(0, first), max(0, last))

    def _wanted_pages(self) -> list[int]:
        first, last = self._window
        lo, hi = first // self.page_size, last // self.page_size
        pages = [*range(lo, hi + 1), hi + 1, lo - 1]
        limit = max(1, (self._total + self.page_size - 1) // self.page_size)
        return [p for p in dict.fromkeys(pages) if 0 <= p < limit][: self.max_pages]

    def missing_pages(self) -> list[int]:
        if self._total == 0:
            return []
        return [p for p in self._wanted_pages() if p not in self._pages]

    async def load_next(self) -> bool:
        async with self._lock:
            missing = self.missing_pages()
            if not missing:
                return False
            await self._load_page(missing[0])
            return True

    async def _load_page(self, page_no: int) -> None:
        rows, total = await self._fetch(page_no * self.page_size, self.page_size)
        if total != self._total:
            self._total = total
            self._drop_pages()
            return
        self._pages[page_no] = rows
        self._pages.move_to_end(page_no)
        self._evict()
        self.generation += 1

    def _evict(self) -> None:
        keep = set(self._wanted_pages())
        for page_no in list(self._pages):
            if len(self._pages) <= self.max_pages:
                break
            if page_no not in keep:
                del self._pages[page_no]

    async def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Rows ``offset..offset+limit`` and the total, reading from the nearer end."""
        limit = max(0, min(limit, self._total - offset))
        if offset > self._total // 2 and limit > 0:
            from_end = self._total - (offset + limit)
            sort = tuple(SortKey(k.field, not k.descending) for k in self._sort()) + (
                SortKey(self.table.pk, descending=True),)
            page = await records.list_records(
                self.table, ListQuery(sort=sort, limit=limit, offset=from_end))
            return list(reversed(page.rows)), page.info.total_rows
        page = await records.list_records(
            self.table, ListQuery(sort=self._sort(), limit=max(limit, 1), offset=offset))
        return page.rows[:limit] if limit else [], page.info.total_rows

    def _sort(self) -> tuple[SortKey, ...]:
        return ()

    async def get_rows(self, offset: int, limit: int) -> list[Row]:
        out: list[Row] = []
        for index in range(offset, min(offset + limit, self._total)):
            row = self.row_at(index)
            if row is None:
                async with self._lock:
                    page_no = index // self.page_size
                    if page_no not in self._pages:
                        await self._load_page(page_no)
                row = self.row_at(index)
            if row is None:
                break
            out.append(row)
        return out

    async def refresh(self) -> None:
        self._total = await records.count_records(self.table)
        self._drop_pages()

    async def reload(self) -> None:
        """Read the total and the pages on screen again, in place (another process wrote):
        unlike ``refresh``, the visible rows never blink to "loading"."""
        async with self._lock:
            self._total = await records.count_records(self.table)
            fresh: OrderedDict[int, list[Row]] = OrderedDict()
            for page_no in [p for p in self._wanted_pages() if p in self._pages][:3]:
                rows, total = await self._fetch(page_no * self.page_size, self.page_size)
                if total != self._total:
                    self._total, fresh = total, OrderedDict()
                    break
                fresh[page_no] = rows
            self._pages = fresh
            self.generation += 1

    def _drop_pages(self) -> None:
        self._pages.clear()
        self.generation += 1
