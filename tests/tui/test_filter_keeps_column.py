"""Applying a filter or a sort shows a new grid of the view's rows: the cursor keeps its
column, and the grid scrolls so that column is on screen (at 80 columns the last columns are
off to the right until scrolled to)."""

from __future__ import annotations

import pytest

from core.query.parser import parse_where
from core.records.listing import SortKey
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.widgets.record_grid import RecordGrid
from tui.widgets.table_pane import TablePane


def grid_of(app: GridbaseApp) -> RecordGrid:
    return app.screen_stack[0].query_one(TablePane).grid


def column_on_screen(grid: RecordGrid) -> bool:
    """The cursor column lies wholly inside the grid's scrolling part."""
    geometry, column = grid.geometry, grid.cursor_column
    x = geometry.column_x(column, int(grid.scroll_offset.x))
    view = grid.scrollable_content_region.width
    return column == 0 or geometry.fixed_width <= x and x + geometry.widths[column] <= view


async def change_view(app: GridbaseApp, tasks, change: str) -> None:
    main = app.main_screen
    if change == "sort":
        await main.apply_sort((SortKey(tasks.field("Qty"), True),))
    else:
        await main.apply_filter(None if change == "clear" else parse_where("(Name,like,Task 1)"))


@pytest.mark.parametrize("change", ["filter", "sort", "clear"])
async def test_the_cursor_column_stays_in_view(tasks, change) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if change == "clear":
            await change_view(app, tasks, "filter")
            await settle(pilot)
        grid = grid_of(app)
        await pilot.press("end")  # the last column: the grid scrolls right to it
        await settle(pilot)
        key = grid.columns[grid.cursor_column].key
        assert grid.scroll_offset.x > 0 and column_on_screen(grid)
        await change_view(app, tasks, change)
        await settle(pilot)
        grid = grid_of(app)
        assert grid.columns[grid.cursor_column].key == key
        assert column_on_screen(grid), (grid.scroll_offset, grid.geometry.widths)
        header = screen_text(app).splitlines()[grid.region.y]
        assert key in header, header
