"""The fields screen: list, add, rename, change type (with core's conversion report), delete
with a confirm, and hide/show grid columns."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from core.records import service as records
from core.schema.tables import load_table
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.fields import FieldsScreen, field_types
from tui.screens.modals import ChoiceScreen, ConfirmScreen
from tui.widgets.table_pane import TablePane


async def calm(pilot) -> None:
    """``settle``, except for the main screen's worker that waits for this screen to close."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group != "schema" and not w.is_finished]
        if busy:  # (an empty list would mean "every worker")
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def open_fields(pilot) -> FieldsScreen:
    await pilot.press("F")
    await calm(pilot)
    assert isinstance(pilot.app.screen, FieldsScreen)
    return pilot.app.screen


async def pick(pilot, uidt: str) -> None:
    assert isinstance(pilot.app.screen, ChoiceScreen)
    pilot.app.screen.query_one(OptionList).highlighted = field_types().index(uidt) + 1
    await pilot.press("enter")
    await calm(pilot)


async def titles(tasks) -> list[str]:
    return [f.title for f in (await load_table(tasks.id)).fields if not f.system]


async def test_lists_fields_and_adds_renames_deletes(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_fields(pilot)
        text = screen_text(app)
        assert all(t in text for t in ("Name ★", "Qty", "Number", "Status", "SingleSelect"))
        await pilot.press("n", *"Price", "enter")
        await pick(pilot, "Currency")
        assert "Price" in await titles(tasks)
        assert screen.query_one(DataTable).row_count == 7
        await pilot.press("r", *"Cost", "enter")  # the cursor stays on row 1: Name
        await calm(pilot)
        assert (await titles(tasks))[0] == "Cost"
        screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await calm(pilot)
        assert "Qty" not in await titles(tasks)
        await pilot.press("escape")
        await settle(pilot)
        columns = [c.key for c in app.screen.query_one(TablePane).grid.columns]
        assert "Price" in columns and "Qty" not in columns and "Cost" in columns


async def test_failed_type_change_shows_the_rows(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_fields(pilot)
        screen.query_one(DataTable).move_cursor(row=0)  # Name: "Task 0" … not numbers
        await pilot.press("t")
        await pick(pilot, "Number")
        text = screen_text(app)
        assert "Cannot change field 'Name'" in text and "row 1" in text
        assert (await load_table(tasks.id)).field("Name").uidt == "SingleLineText"
        assert (await records.get_record(tasks, 1))["Name"] == "Task 0"


async def test_hide_and_show_a_column(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_fields(pilot)
        screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("space")
        await calm(pilot)
        assert "hidden" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Qty" not in [c.key for c in app.screen.query_one(TablePane).grid.columns]
    app = GridbaseApp()  # remembered across runs
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Qty" not in [c.key for c in app.screen.query_one(TablePane).grid.columns]
        screen = await open_fields(pilot)
        screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("h", "escape")
        await settle(pilot)
        assert "Qty" in [c.key for c in app.screen.query_one(TablePane).grid.columns]


async def test_export_csv_from_the_palette_action(tasks, tmp_path) -> None:
    from tui.screens.main import MainScreen
    from tui.screens.modals import PromptScreen

    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.run_worker(app.screen.run_action("export_csv"))
        await pilot.pause(0.2)
        assert isinstance(app.screen, PromptScreen)
        target = tmp_path / "out.csv"
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)  # no dialog is waiting any more
        lines = target.read_text().splitlines()
        assert lines[0].startswith("Name,Qty") and len(lines) == 61
        assert isinstance(app.screen, MainScreen)
