"""``CoreRecordSource``: the grid's ``RecordSource`` (see ``tui.widgets.record_contract``,
re-exported here) over one table, paged from ``core.records.service``.

The grid renders synchronously from what is cached (``row_at``, never I/O) and, in a worker,
calls ``load_next()`` until it returns False. The source keeps at most ``MAX_PAGES`` pages of
``PAGE_SIZE`` rows (least recently used pages go first), loads the pages of the viewport
first and one page either side after, and runs one query at a time.

The source shows one view of the table (``core.views.state.ViewState``): its filter and sort
shape every count and page, its hidden fields and field order the columns. A new view state
means a new source (``with_state``).

Deep pages: the records service pages with OFFSET, whose cost grows with the offset. A page in
the second half of the table is therefore read from the far end (every sort key of the view
flipped, then ``Id`` descending) and reversed, so the last page of a million rows costs what
the first does. The middle of a huge table still pays OFFSET; keyset paging in core would fix that.
Rows are JSON dicts keyed by field title, exactly as the records service returns them.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from core.records import service as records
from core.records.listing import ListQuery, SortKey
from core.schema.spec import TableSpec
from core.views.state import ViewState
from tui.widgets.record_contract import Column, RecordSource, Row, display_columns
from tui.widgets.source_writes import SourceWrites

__all__ = ["Column", "CoreRecordSource", "RecordSource", "Row", "display_columns",
           "MAX_PAGES", "PAGE_SIZE"]

PAGE_SIZE = 200
MAX_PAGES = 8


class CoreRecordSource(SourceWrites, RecordSource):
    """Pages of one core table, cached LRU; see the module docstring."""

    def __init__(self, table: TableSpec, *, page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES, source: str = "tui",
                 state: ViewState = ViewState()) -> None:
        self.table = table
        self.state = state
        self.page_size = page_size
        self.max_pages = max_pages
        self.write_source = source
        self.generation = 0
        self._columns = display_columns(table, state.hidden, state.field_order)
        self._total = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._window = (0, 0)
        self._lock = asyncio.Lock()

    def with_state(self, state: ViewState) -> CoreRecordSource:
        """A fresh (unopened) source over the same table showing ``state``."""
        return CoreRecordSource(self.table, page_size=self.page_size, max_pages=self.max_pages,
                                source=self.write_source, state=state)

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
        """Load the first page (so the first paint shows data) with the row count riding along
        in the same query: one round trip and one COUNT, not a count then a page that counts."""
        self.want(0, min(self.page_size, 50))
        async with self._lock:
            rows, self._total = await self._first_page()
            self._drop_pages()
            if rows:
                self._pages[0] = rows

    async def _first_page(self) -> tuple[list[Row], int]:
        """The view's first ``page_size`` rows and its total (for ``open``)."""
        page = await records.list_records(self.table, ListQuery(
            where=self.state.where, sort=self._sort(), limit=self.page_size))
        return page.rows, page.info.total_rows

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
            page = await records.list_records(self.table, ListQuery(
                where=self.state.where, sort=sort, limit=limit, offset=from_end))
            return list(reversed(page.rows)), page.info.total_rows
        page = await records.list_records(self.table, ListQuery(
            where=self.state.where, sort=self._sort(), limit=max(limit, 1), offset=offset))
        return page.rows[:limit] if limit else [], page.info.total_rows

    def _sort(self) -> tuple[SortKey, ...]:
        return self.state.sort

    async def _count(self) -> int:
        return await records.count_records(self.table, ListQuery(where=self.state.where))

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
        self._total = await self._count()
        self._drop_pages()

    async def reload(self) -> None:
        """Read the total and the pages on screen again, in place (another process wrote):
        unlike ``refresh``, the visible rows never blink to "loading"."""
        async with self._lock:
            self._total = await self._count()
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
