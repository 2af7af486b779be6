"""The grid: cursor keys, frozen header and first column, cell rendering, widths, status line,
and the row number (the cursor reaches it; Enter or a click there opens the record form)."""

from __future__ import annotations

import pytest

from core.records import service as records
from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.record_form import RecordFormScreen
from tui.widgets.record_grid import RecordGrid
from tui.widgets.status_line import StatusLine
from tui.widgets.table_pane import TablePane

LAST_COLUMN = 9  # Name Qty Done Due Status Notes Id CreatedAt UpdatedAt


def grid_of(app: GridbaseApp) -> RecordGrid:
    return app.screen.query_one(RecordGrid)


@pytest.mark.parametrize("keys, expected", [
    (["down", "down", "right"], (2, 1)),
    (["j", "j", "j", "l", "l", "k", "h"], (2, 1)),
    (["up", "left"], (0, 0)),
    (["G"], (59, 0)),
    (["G", "g"], (0, 0)),
    (["ctrl+end"], (59, 0)),
    (["ctrl+end", "ctrl+home"], (0, 0)),
    (["end"], (0, LAST_COLUMN - 1)),
    (["end", "home"], (0, 0)),
    (["pagedown"], (20, 0)),
    (["pagedown", "pagedown", "pageup"], (20, 0)),
])
async def test_keys_move_the_cursor(tasks, keys, expected) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, RecordGrid)
        await pilot.press(*keys)
        grid = grid_of(app)
        assert (grid.cursor_row, grid.cursor_column) == expected


async def test_opens_first_table_with_status_and_cells(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "row 1 of 60" in text
        assert "Task 0" in text and "Tasks" in text
        assert "☑" in text and "☐" in text          # checkbox glyphs
        assert "┃ 10│" in text                       # numbers right-aligned in their column
        assert "2025-01-01" in text


async def test_cells_render_per_field_type(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(160, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        grid = grid_of(app)
        names = [c.key for c in grid.columns]
        status = grid.cell_at(1, names.index("Status"))
        assert status.text == "Doing" and status.color == "green"
        notes_width = grid.geometry.widths[names.index("Notes")]
        line = screen_text(app).splitlines()[2]
        assert "a rather long note" in line and "…" in line
        assert notes_width < len(grid.cell_at(1, names.index("Notes")).text)


async def test_header_and_first_column_stay_when_scrolled(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("end", "G")
        text = screen_text(app)
        assert "Name" in text.splitlines()[0]          # header still on top
        assert "Task 59" in text                       # frozen first column
        assert "UpdatedAt" in text.splitlines()[0]     # scrolled to the last column
        assert "row 60 of 60 · UpdatedAt" in app.screen.query_one(StatusLine).text


async def test_widths_follow_content_and_keys(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        assert grid.geometry.widths[0] == len("Task 10")
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert grid.geometry.widths[0] == len("Task 10") + 4
        await pilot.press("less_than_sign")
        assert grid.geometry.widths[0] == len("Task 10") + 2


async def test_missing_rows_show_ellipsis_then_load(store) -> None:
    table = await make.table({"Name": "SingleLineText"}, title="Big")
    await make.rows(table, *[{"Name": f"n{i}"} for i in range(1000)])
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        grid.move_cursor(row=700)
        assert grid.cell_at(700, 0) is None
        assert "…" in screen_text(app) or grid.source.row_at(700) is not None
        await settle(pilot)
        assert grid.source.row_at(700)["Name"] == "n700"
        assert "n700" in screen_text(app)


@pytest.mark.parametrize("done, shown", [(None, "☐"), (False, "☐"), (True, "☑")])
async def test_a_checkbox_never_set_shows_unchecked(store, done, shown) -> None:
    table = await make.table({"Name": "SingleLineText", "Done": "Checkbox"}, title="Todo")
    await make.rows(table, {"Name": "one", "Done": done})
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert grid_of(app).cell_at(0, 1).text == shown
        assert f"one ┃{shown}" in screen_text(app)
    assert (await records.get_record(table, 1))["Done"] is done  # NULL stays stored


async def test_empty_table_says_how_to_add(store) -> None:
    await make.table({"Name": "SingleLineText"}, title="Empty")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "no rows — press a to add one" in screen_text(app)
        await pilot.press("a", *"First", "ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        assert pane.source.row_count == 1
        assert (await records.count_records(pane.source.table)) == 1


@pytest.mark.parametrize("keys, on_gutter, column", [
    (["l", "l", "home"], False, 0),
    (["home"], True, 0),                           # Home from the first column
    (["l", "home", "home"], True, 0),
    (["left"], True, 0),
    (["h", "j", "j"], True, 0),                    # up and down stay on the row numbers
    (["left", "right"], False, 0),
    (["left", "end"], False, LAST_COLUMN - 1),
    (["left", "shift+down"], False, 0),
])
async def test_the_cursor_reaches_the_row_number(tasks, keys, on_gutter, column) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        grid = grid_of(app)
        assert (grid.on_gutter, grid.cursor_column) == (on_gutter, column)


async def test_row_number_is_highlighted_and_typing_there_edits_nothing(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await pilot.press("j", "left")
        cursor = grid._component("cursor")
        line = grid.render_line(2)                        # row 2 (index 1) under the header
        number = next(s for s in line if s.text.strip() == "2")
        assert cursor.reverse and number.style.reverse
        cell = next(s for s in line if s.text.startswith("Task 1"))
        assert not cell.style.reverse                     # the first cell is not the cursor
        await pilot.press("x")
        await settle(pilot)
        assert not app.screen.query_one(TablePane).editor.is_open


async def test_enter_on_the_row_number_opens_the_record_form(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "home", "home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        assert app.screen.field("Name").input.value == "Task 2"


async def test_a_click_on_a_row_number_opens_its_record(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = grid_of(app)
        await pilot.click(grid, offset=(0, 4))            # the row number of the 4th row
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        assert app.screen.field("Name").input.value == "Task 3"
        assert (grid.cursor_row, grid.on_gutter) == (3, True)


def status_of(app: GridbaseApp) -> str:
    return app.screen.query_one(StatusLine).text


async def test_status_line_says_enter_opens_the_form_on_the_row_number(tasks) -> None:
    """On the row number the status names no column: Enter opens the record form there;
    stepping onto and off the row number redraws it at once."""
    app = GridbaseApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        assert status_of(app).endswith("row 5 of 60 · Name (SingleLineText)")
        await pilot.press("left")
        await pilot.pause()
        assert grid_of(app).on_gutter
        assert status_of(app).endswith("row 5 of 60 · Enter: record form")
        assert "Name" not in status_of(app).split(" · ", 1)[1]
        await pilot.press("right")
        await pilot.pause()
        assert status_of(app).endswith("row 5 of 60 · Name (SingleLineText)")
