"""Live refresh: writes made outside the app (as the API server would) show up within a
second, from the change feed, without moving the cursor or closing an edit in progress."""

from __future__ import annotations

import asyncio

from core.records import service as records
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.widgets.live_refresh import latest_event_id
from tui.widgets.table_pane import TablePane


async def wait_for(pilot, predicate, seconds: float = 1.5) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await pilot.pause(0.05)
        if predicate():
            return True
    return predicate()


async def test_latest_event_id_follows_the_feed(tasks) -> None:
    first = await latest_event_id(tasks.id)
    await records.update_records(tasks, [{"Id": 1, "Name": "x"}], source="api")
    assert await latest_event_id(tasks.id) > first > 0
    assert await latest_event_id("nosuchtable") == 0


async def test_outside_update_insert_and_delete_appear_within_a_second(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        await pilot.press("j", "j", "j", "l")
        await pilot.pause(0.6)  # the first poll learns the current event id
        await records.update_records(tasks, [{"Id": 2, "Name": "Changed elsewhere"}],
                                     source="api")
        assert await wait_for(pilot, lambda: "Changed elsewhere" in screen_text(app))
        assert (pane.grid.cursor_row, pane.grid.cursor_column) == (3, 1)
        await records.create_records(tasks, [{"Name": "Extra"}], source="api")
        assert await wait_for(pilot, lambda: "row 4 of 61" in screen_text(app))
        await records.delete_records(tasks, [1], source="api")
        assert await wait_for(pilot, lambda: "row 4 of 60" in screen_text(app))
        assert "Task 0" not in screen_text(app)


async def test_refresh_keeps_an_edit_in_progress(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.6)
        await pilot.press(*"Half typ")
        await records.update_records(tasks, [{"Id": 3, "Name": "Other"}], source="api")
        assert await wait_for(pilot, lambda: "Other" in screen_text(app))
        pane = app.screen.query_one(TablePane)
        assert pane.editor.is_open and pane.editor.input.value == "Half typ"
        await pilot.press("e", "enter")
        await settle(pilot)
        assert (await records.get_record(tasks, 1))["Name"] == "Half type"
        assert (await records.get_record(tasks, 3))["Name"] == "Other"
