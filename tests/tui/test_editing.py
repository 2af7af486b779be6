"""Editing cells of each main type, invalid input, paste, add/delete rows and undo."""

from __future__ import annotations

import pytest
from textual import events

from core.records import service as records
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.modals import ChoiceScreen, ConfirmScreen
from tui.widgets.cell_editor import CellEditor
from tui.widgets.record_grid import RecordGrid
from tui.widgets.table_pane import TablePane

COLUMNS = ["Name", "Qty", "Done", "Due", "Status", "Notes", "Id"]


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


async def goto(pilot, column: str, row: int = 0) -> None:
    pane_of(pilot.app).grid.move_cursor(row, COLUMNS.index(column))
    await pilot.pause()


@pytest.mark.parametrize("column, keys, expected", [
    ("Name", [*"Hello", "enter"], "Hello"),
    ("Name", ["enter", "ctrl+u", *"Renamed", "enter"], "Renamed"),
    ("Qty", [*"42", "enter"], 42),
    ("Qty", ["enter", "backspace", "enter"], None),   # "0" → "" → NULL
    ("Due", [*"2025-02-03", "enter"], "2025-02-03"),
    ("Done", ["space"], False),                       # row 0 starts checked
    ("Done", ["enter"], False),
    ("Status", ["enter", "down", "down", "enter"], "Done"),  # Todo → Doing → Done
    ("Status", ["enter", "home", "enter"], None),      # "(empty)"
    ("Notes", [*"two words", "enter"], "two words"),
])
async def test_edit_each_type(tasks, column, keys, expected) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, column)
        await pilot.press(*keys)
        await settle(pilot)
        assert (await records.get_record(tasks, 1))[column] == expected
        assert isinstance(app.focused, RecordGrid)
        assert not pane_of(app).editor.is_open


async def test_invalid_input_shows_message_and_writes_nothing(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "Qty")
        await pilot.press(*"zz9", "enter")
        await settle(pilot)
        editor = app.screen.query_one(CellEditor)
        assert editor.is_open and editor.has_class("-error")
        assert "'zz9' is not a number" in screen_text(app)
        assert (await records.get_record(tasks, 1))["Qty"] == 0
        await pilot.press("escape")
        assert not editor.is_open and isinstance(app.focused, RecordGrid)
        assert (await records.get_record(tasks, 1))["Qty"] == 0


async def test_escape_cancels_and_q_types_inside_the_editor(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", *"quit")
        editor = app.screen.query_one(CellEditor)
        assert editor.input.value == "Task 0quit"
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and not editor.is_open
        assert (await records.get_record(tasks, 1))["Name"] == "Task 0"


async def test_read_only_column_is_not_edited(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "Id")
        await pilot.press(*"99", "enter")
        await settle(pilot)
        assert not pane_of(app).editor.is_open
        assert (await records.get_record(tasks, 1))["Id"] == 1


async def test_undo_restores_an_edit(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "Name", row=3)
        await pilot.press(*"New", "enter")
        await settle(pilot)
        assert (await records.get_record(tasks, 4))["Name"] == "New"
        await goto(pilot, "Qty", row=0)
        await pilot.press("u")
        await settle(pilot)
        assert (await records.get_record(tasks, 4))["Name"] == "Task 3"
        grid = pane_of(app).grid
        assert (grid.cursor_row, grid.cursor_column) == (3, 0)
        assert "Task 3" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert (await records.get_record(tasks, 4))["Name"] == "New"
        await pilot.press("x", *"yz", "enter")  # a new edit clears what could be redone
        await settle(pilot)
        assert pane_of(app).undo_stack.redo_count == 0


async def test_add_row_through_the_form_then_undo_and_redo(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Fresh", "ctrl+s")
        await settle(pilot)
        pane = pane_of(app)
        assert pane.source.row_count == 61 and pane.grid.cursor_row == 60
        assert "row 61 of 61" in screen_text(app)
        assert (await records.get_record(tasks, 61))["Name"] == "Fresh"
        await pilot.press("u")
        await settle(pilot)
        assert await records.count_records(tasks) == 60
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert (await records.get_record(tasks, 61))["Name"] == "Fresh"


@pytest.mark.parametrize("answer, remaining", [("y", 59), ("n", 60), ("escape", 60)])
async def test_delete_row_asks_first(tasks, answer, remaining) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete row 2 (Task 1)?" in screen_text(app)
        await pilot.press(answer)
        await settle(pilot)
        assert await records.count_records(tasks) == remaining
        assert pane_of(app).source.row_count == remaining


async def test_undo_delete_brings_the_row_back(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert await records.count_records(tasks) == 59
        await pilot.press("u")
        await settle(pilot)
        page = await records.list_records(tasks)
        assert page.info.total_rows == 60
        restored = await records.get_record(tasks, 1)  # with its original id
        assert (restored["Name"], restored["Qty"], restored["Status"]) == ("Task 0", 0, "Todo")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert await records.count_records(tasks) == 59


async def test_select_offers_the_options(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "Status")
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert all(o in text for o in ("(empty)", "Todo", "Doing", "Done"))
        await pilot.press("escape")
        assert (await records.get_record(tasks, 1))["Status"] == "Todo"


async def test_paste_from_clipboard_and_terminal(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.copy_to_clipboard("Pasted")
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "Pasted"
        await goto(pilot, "Qty")
        pane_of(app).grid.post_message(events.Paste("77\n"))
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Qty"] == 77
        pane_of(app).grid.post_message(events.Paste("many"))
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Qty"] == 77


async def test_copy_cell_puts_its_text_on_the_clipboard(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "Due", row=2)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.clipboard == "2025-01-03"
