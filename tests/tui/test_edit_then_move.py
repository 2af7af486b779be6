"""Keys typed right after a checkbox toggle act from where the cursor is: the save puts the
cursor back on the edited row only when a sorted or filtered view moved that row."""

from __future__ import annotations

import pytest

from core.query.parser import parse_where
from core.records import service as records
from core.records.listing import SortKey
from tests.tui.helpers import settle
from tests.tui.test_type_ahead import burst
from tui.app import GridbaseApp
from tui.widgets.table_pane import TablePane

DONE = 2  # the Done column (a checkbox); row i is checked when i is even


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


@pytest.mark.parametrize("keys, row, column", [
    (" j", 1, DONE),
    (" jj", 2, DONE),
    (" l", 0, DONE + 1),
    (" j j", 2, DONE),
])
async def test_keys_after_a_toggle_are_not_lost(tasks, keys, row, column) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane_of(app).grid.move_cursor(0, DONE)
        burst(app, keys)  # the save ends after the moves
        await settle(pilot)
        grid = pane_of(app).grid
        assert (grid.cursor_row, grid.cursor_column) == (row, column)
        assert (await records.get_record(tasks, 1))["Done"] is False  # row 0 was checked
        toggled = keys.count(" ") == 2
        assert (await records.get_record(tasks, 2))["Done"] is toggled  # row 1 was not


async def test_a_filter_that_keeps_the_row_keeps_the_move(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.main_screen.apply_filter(parse_where("(Name,like,Task)"))
        await settle(pilot)
        pane_of(app).grid.move_cursor(0, DONE)
        burst(app, " j")
        await settle(pilot)
        assert pane_of(app).grid.cursor_row == 1
        assert (await records.get_record(tasks, 1))["Done"] is False


async def test_a_sort_that_moves_the_row_takes_the_cursor_along(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.main_screen.apply_sort((SortKey(tasks.field("Done")), SortKey(tasks.pk)))
        await settle(pilot)
        pane = pane_of(app)
        pane.grid.move_cursor(0, DONE)  # unchecked rows first: Task 1, Task 3, …
        assert pane.source.row_at(0)["Name"] == "Task 1"
        await pilot.press("space")
        await settle(pilot)
        row = pane.grid.cursor_row
        assert row > 0 and pane.source.row_at(row)["Name"] == "Task 1"
        assert pane.source.row_at(row)["Done"] is True
