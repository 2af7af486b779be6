"""A large table stays in constant memory: the source never holds more than its page budget."""

from __future__ import annotations

import time

import pytest

from tests import factories as make
from tests.tui.helpers import bulk_fill, screen_text, settle
from tui.app import GridbaseApp
from tui.widgets.record_grid import RecordGrid
from tui.widgets.record_source import MAX_PAGES, PAGE_SIZE

ROWS = 200_000


@pytest.mark.slow
async def test_200k_rows_keep_a_few_pages(store) -> None:
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"}, title="Huge")
    await bulk_fill(table, ["Name", "Qty"], [(f"row {i}", i) for i in range(ROWS)])
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        source = grid.source
        assert source.row_count == ROWS
        started = time.perf_counter()
        await pilot.press("G")
        await settle(pilot)
        assert time.perf_counter() - started < 5  # generous: only the last page is read
        assert grid.cursor_row == ROWS - 1
        assert f"row {ROWS - 1}" in screen_text(app)
        assert f"row {ROWS:,} of {ROWS:,}" in screen_text(app)
        for keys in (["g"], ["pagedown"] * 30, ["G", "pageup", "pageup"], ["g", "G", "g"]):
            await pilot.press(*keys)
            await settle(pilot)
            assert source.rows_in_memory <= MAX_PAGES * PAGE_SIZE
            assert source.pages_in_memory <= MAX_PAGES
        grid.move_cursor(row=123_456)
        await settle(pilot)
        assert source.row_at(123_456)["Name"] == "row 123456"
        assert "row 123456" in screen_text(app)
        assert source.rows_in_memory <= MAX_PAGES * PAGE_SIZE
