"""Keys typed faster than the cell editor takes the focus (a fast typist, a burst over SSH):
they reach the grid first, and once a typed key has started an edit every one of them belongs
to it — a letter bound to a grid command ("a" adds a row, "y" copies, "j" moves) is typed into
the cell, and Enter, Esc and Tab act as they do in the editor, in the order typed. The first
key, typed with no edit pending, still runs its binding."""

from __future__ import annotations

import pytest
from textual import events

from core.records import service as records
from tests.tui.helpers import settle
from tui.app import GridbaseApp
from tui.widgets.record_grid import RecordGrid
from tui.widgets.table_pane import TablePane

COLUMNS = ["Name", "Qty", "Done", "Due", "Status", "Notes", "Id"]
NAMED = {" ": "space", "\t": "tab", "\r": "enter", "\x1b": "escape", "\x7f": "backspace"}


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


def burst(app: GridbaseApp, text: str) -> None:
    """Post every key at once, as a terminal delivers a burst: none is handled before the
    last is queued, so the editor cannot have taken the focus in between."""
    for char in text:
        key = NAMED.get(char, char)
        app.post_message(events.Key(key, char if char.isprintable() else None))


@pytest.mark.parametrize("column, typed, expected", [
    ("Name", "maybe yes\r", "maybe yes"),          # a, y, e, s are grid bindings
    ("Name", "Zeal\r", "Zeal"),
    ("Name", "xhjkl\r", "xhjkl"),                  # cursor keys
    ("Name", "xabcd\x7f\r", "xabc"),               # backspace edits the text
    ("Qty", "1599\r", 1599),
    ("Notes", "Mr Quit quit\r", "Mr Quit quit"),   # q does not quit
])
async def test_a_burst_types_into_the_cell(tasks, column, typed, expected) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        pane.grid.move_cursor(2, COLUMNS.index(column))
        await pilot.pause()
        burst(app, typed)
        await settle(pilot)
        assert app.is_running
        assert (await records.get_record(tasks, 3))[column] == expected
        assert pane.source.row_count == 60  # "a" added no row
        assert not pane.editor.is_open and isinstance(app.focused, RecordGrid)
        assert (pane.grid.cursor_row, pane.grid.cursor_column) == (2, COLUMNS.index(column))


async def test_escape_in_a_burst_cancels_and_later_keys_are_the_grids(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        burst(app, "xyz\x1bjj")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "Task 0"
        assert not pane.editor.is_open
        assert pane.grid.cursor_row == 2  # j after Esc moves the cursor


async def test_tab_in_a_burst_saves_and_moves_right(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        burst(app, "note\t")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "note"
        assert pane.grid.cursor_column == COLUMNS.index("Qty")
        assert not pane.editor.is_open and isinstance(app.focused, RecordGrid)


async def test_tab_in_the_editor_saves_and_moves_right(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        await pilot.press("enter", "ctrl+u", *"typed", "tab")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "typed"
        assert pane.grid.cursor_column == COLUMNS.index("Qty")


async def test_a_letter_with_no_edit_pending_runs_its_binding(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        burst(app, "jjl")
        await settle(pilot)
        assert (pane.grid.cursor_row, pane.grid.cursor_column) == (2, 1)
        assert not pane.editor.is_open


async def test_a_burst_on_a_checkbox_toggles_then_moves(tasks) -> None:
    """Space toggles a checkbox without opening the editor, so the l after it is the grid's."""
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        pane.grid.move_cursor(0, COLUMNS.index("Done"))
        await pilot.pause()
        burst(app, " l")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Done"] is False
        assert pane.grid.cursor_column == COLUMNS.index("Due") and not pane.editor.is_open


async def test_a_move_then_a_letter_edits_the_row_moved_to(tasks) -> None:
    """"jx": the j moves the cursor before the x starts the edit (a binding is not left to
    run after the editor has taken the focus)."""
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "jx\r")
        await settle(pilot)
        assert (await records.get_record(tasks, 2))["Name"] == "x"
        assert (await records.get_record(tasks, 1))["Name"] == "Task 0"
