"""Range selection with Shift+arrows, copy as TSV, paste of a TSV block (updating and
appending, all or nothing), fill-down, each undoable."""

from __future__ import annotations

from core.records import service as records
from core.records.listing import ListQuery
from tests.tui.helpers import settle
from tui.app import GridbaseApp
from tui.widgets.pane_clipboard import parse_tsv
from tui.widgets.table_pane import TablePane


def pane_of(app: GridbaseApp) -> TablePane:
    return app.screen_stack[0].query_one(TablePane)


def test_parse_tsv() -> None:
    assert parse_tsv("a\tb\r\nc\td\n") == [["a", "b"], ["c", "d"]]
    assert parse_tsv("x") == [["x"]]


async def test_shift_arrows_select_and_copy_as_tsv(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "shift+right", "shift+down", "y")
        await settle(pilot)
        assert pane_of(app).grid.selection == (1, 0, 2, 1)
        assert app.clipboard == "Task 1\t10\nTask 2\t20"
        await pilot.press("down")  # a plain move drops the selection
        assert pane_of(app).grid.anchor is None


async def test_paste_block_updates_and_appends_then_undo(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane_of(app).grid.move_cursor(58, 0)
        app.copy_to_clipboard("A\t1\nB\t2\nC\t3\n")
        await pilot.press("ctrl+v")
        await settle(pilot)
        got = [(r["Name"], r["Qty"]) for r in (await records.list_records(tasks, ListQuery(limit=100))).rows[58:]]
        assert got == [("A", 1), ("B", 2), ("C", 3)]
        assert pane_of(app).source.row_count == 61
        await pilot.press("u", "u")
        await settle(pilot)
        got = [(r["Name"], r["Qty"]) for r in (await records.list_records(tasks, ListQuery(limit=100))).rows[58:]]
        assert got == [("Task 58", 580), ("Task 59", 590)]


async def test_bad_cell_pastes_nothing(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.copy_to_clipboard("A\t1\nB\tnot a number\nC\t3")
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "Task 0"
        assert await records.count_records(tasks) == 60


async def test_fill_down_copies_the_top_row_of_the_selection(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l", "shift+down", "shift+down", "shift+down", "ctrl+d")
        await settle(pilot)
        assert [(await records.get_record(tasks, i))["Qty"] for i in (1, 2, 3, 4)] == [0] * 4
        await pilot.press("u")
        await settle(pilot)
        assert [(await records.get_record(tasks, i))["Qty"] for i in (1, 2, 3, 4)] == [
            0, 10, 20, 30]
