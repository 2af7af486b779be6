"""The sort screen (``s``): levels added by keyboard, flipped, reordered and removed; applied
to the grid and saved as the view's sorts; Esc changes nothing."""

from __future__ import annotations

from textual.widgets import OptionList

from core.models import Sort
from core.records import service as records
from core.records.listing import ListQuery, SortKey
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.pick import PickScreen
from tui.screens.sort import SortScreen
from tui.widgets.table_pane import TablePane


async def calm(pilot) -> None:
    """``settle`` without waiting on the worker that waits for the open modal."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group != "view-query" and not w.is_finished]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def add_level(pilot, table, title: str) -> None:
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickScreen)
    titles = [f.title for f in table.fields]
    pilot.app.screen.query_one(OptionList).highlighted = titles.index(title)
    await pilot.press("enter")
    await pilot.pause()


async def test_sort_levels_by_keyboard(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await calm(pilot)
        screen = app.screen
        assert isinstance(screen, SortScreen)
        await add_level(pilot, tasks, "Status")
        await add_level(pilot, tasks, "Qty")
        await add_level(pilot, tasks, "Qty")  # refused: already a level
        assert "Qty is already a sort level" in screen_text(app)
        await add_level(pilot, tasks, "Name")
        await pilot.press("x")                # remove Name (the cursor is on the new level)
        await pilot.press("space", "K")       # Qty descending, then first
        assert [(k.field.title, k.descending) for k in screen.keys] == [
            ("Qty", True), ("Status", False)]
        await pilot.press("ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        keys = (SortKey(tasks.field("Qty"), True), SortKey(tasks.field("Status")))
        expected = (await records.list_records(tasks, ListQuery(sort=keys, limit=60))).rows
        assert await pane.source.get_rows(0, 60) == expected
        assert pane.grid.cell_at(0, 0).text == "Task 59"
        stored = await Sort.filter(view_id=pane.view_id).order_by("order")
        assert [(s.field_id, s.direction) for s in stored] == [
            (tasks.field("Qty").id, "desc"), (tasks.field("Status").id, "asc")]
        assert "Sort: Qty ↓, Status ↑" in screen_text(app)


async def test_escape_keeps_the_sort_and_an_empty_sort_restores_id_order(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        assert await main.apply_sort((SortKey(tasks.field("Qty"), True),))
        await settle(pilot)
        await pilot.press("s")
        await calm(pilot)
        await pilot.press("x", "escape")
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        assert pane.grid.cell_at(0, 0).text == "Task 59"
        await pilot.press("s")
        await calm(pilot)
        await pilot.press("x", "ctrl+s")
        await settle(pilot)
        assert pane.grid.cell_at(0, 0).text == "Task 0"
        assert await Sort.filter(view_id=pane.view_id).count() == 0
        assert "Sort:" not in screen_text(app)
