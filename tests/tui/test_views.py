"""Saved views in the TUI: the filter (``/``) and its chips, the "View: …" palette commands,
fields hidden and reordered per view, column widths, and "Copy as API query" — checked
against the real API (``viewId`` and the copied request return the grid's rows)."""

from __future__ import annotations

import sys
import types
from urllib.parse import parse_qsl, urlsplit

import pytest
from textual.command import CommandPalette
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from api.app import create_app
from api.settings import ApiSettings
from core.models import Filter, View
from core.query import parse_where
from core.tokens.service import create_token
from core.views import service as views
from core.views.filters import filters_to_where
from core.views.state import ViewState, save_view_state
from tests.api.conftest import Client, served
from tests.tui.conftest import STATUSES
from tests.tui.helpers import screen_text, settle
from tui import state
from tui.app import GridbaseApp
from tui.commands import COMMANDS
from tui.screens.api_query_screen import ApiQueryScreen
from tui.screens.fields import FieldsScreen
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

WHERE = "(Status,eq,Done)~or((Qty,gte,300)~and(Done,checked))"


def pane_of(app) -> TablePane:
    return app.main_screen.query_one(TablePane)


async def grid_rows(app, n: int = 60) -> list[dict]:
    return await pane_of(app).source.get_rows(0, n)


async def calm(pilot) -> None:
    """``settle``, but not waiting for the worker that waits for the open fields screen."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group != "schema" and not w.is_finished]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def run(pilot, action: str) -> None:
    """A "View: …" command's action, as the palette runs it."""
    title = next(t for t, _, a in COMMANDS if a == action)
    assert title.startswith("View: ")
    await pilot.app.main_screen.run_action(action)
    await pilot.pause()


def notified(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot, text: str | None = None, *keys: str) -> None:
    """Replace the open prompt's text with ``text`` (or press ``keys``) and confirm."""
    await pilot.pause()
    if text is not None:
        pilot.app.screen.query_one(Input).value = text
    await pilot.press(*keys, "enter")
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
async def api(store):
    app = create_app(ApiSettings(manage_store=False, access_log=False, run_dispatcher=False))
    _, plaintext = await create_token("tui-tests", role="editor")
    async with served(app) as url:
        client = Client(url, plaintext)
        try:
            yield client
        finally:
            await client.http.close()


class StandIn(ModalScreen):
    """Takes the place of the filter builder: dismisses at once with a chosen tree."""

    tree = None

    def __init__(self, table, tree) -> None:
        super().__init__()
        self.given = (table.id, tree)

    def on_mount(self) -> None:
        StandIn.seen = self.given
        self.dismiss(types.SimpleNamespace(tree=StandIn.tree))


async def test_slash_applies_the_builders_tree_and_chips_say_it(tasks, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "tui.screens.filter_builder",
                        types.SimpleNamespace(FilterBuilderScreen=StandIn))
    StandIn.tree = parse_where(WHERE)
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert StandIn.seen == (tasks.id, None)
        rows = await grid_rows(app)
        assert rows and all(r["Status"] == "Done" or (r["Qty"] >= 300 and r["Done"]) for r in rows)
        expected = [i for i in range(60) if STATUSES[i % 3] == "Done" or (i >= 30 and i % 2 == 0)]
        assert [r["Name"] for r in rows] == [f"Task {i}" for i in expected]
        assert pane_of(app).source.row_count == len(expected)
        text = screen_text(app)
        assert "Filter: Status is Done or (Qty is at least 300 and Done is checked)" in text
        assert f"row 1 of {len(expected)}" in text
        view = app.main_screen.view
        stored = await Filter.filter(view_id=view.id)
        assert filters_to_where(stored).count("~or(") == 1 and len(stored) == 4
        StandIn.tree = None
        await pilot.press("slash")   # opened on the current filter; None clears it
        await settle(pilot)
        assert StandIn.seen == (tasks.id, parse_where(WHERE))
        assert pane_of(app).source.row_count == 60 and "Filter:" not in screen_text(app)
        assert await Filter.filter(view_id=view.id).count() == 0


async def test_an_invalid_filter_is_refused_and_nothing_changes(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        assert not await main.apply_filter(parse_where("(Qty,eq,lots)"))
        await settle(pilot)
        assert pane_of(app).source.row_count == 60 and main.view.state.where is None
        assert await Filter.filter(view_id=main.view.id).count() == 0


async def test_views_from_the_palette(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        default = main.view
        await main.apply_filter(parse_where("(Status,eq,Todo)"))
        await settle(pilot)
        await palette(pilot, "View: save as")
        await answer(pilot, "Todo only")
        assert main.view.title == "Todo only" and not main.view.is_default
        assert "Tasks · Todo only · row 1 of 20" in screen_text(app)
        await run(pilot, "view_switch")
        await answer(pilot, None, "up")  # the list starts on the open view
        assert main.view.id == default.id and pane_of(app).source.row_count == 20
        await main.apply_filter(None)    # changes the default view only
        await settle(pilot)
        assert pane_of(app).source.row_count == 60
        await run(pilot, "view_switch")
        await answer(pilot, None, "down")
        assert main.view.title == "Todo only" and pane_of(app).source.row_count == 20
        await run(pilot, "view_duplicate")
        await answer(pilot)  # accept "Todo only copy"
        assert main.view.title == "Todo only copy" and pane_of(app).source.row_count == 20
        await run(pilot, "view_rename")
        await answer(pilot, "Default view")  # taken
        assert notified(app, "A view titled 'Default view' already exists")
        await run(pilot, "view_rename")
        await answer(pilot, "Todo again")
        assert "Todo again" in screen_text(app)
        assert state.load_last_view(tasks.id) == main.view.id
        await run(pilot, "view_delete")
        await pilot.press("y")
        await settle(pilot)
        assert main.view.id == default.id and pane_of(app).source.row_count == 60
        titles = await View.filter(table_id=tasks.id).order_by("order").values_list("title", flat=True)
        assert titles == ["Default view", "Todo only"]


async def test_the_last_view_is_reopened_and_the_default_cannot_be_deleted(tasks) -> None:
    async with GridbaseApp().run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = pilot.app.main_screen
        await main.apply_filter(parse_where("(Qty,lt,100)"))
        await run(pilot, "view_delete")
        assert notified(pilot.app, "The default view cannot be deleted")
        await settle(pilot)
    async with GridbaseApp().run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert pane_of(pilot.app).source.row_count == 10
        assert "Filter: Qty is less than 100" in screen_text(pilot.app)


async def test_fields_hide_and_reorder_per_view_and_widths_are_kept(tasks, api) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await calm(pilot)
        screen = app.screen
        assert isinstance(screen, FieldsScreen)
        screen.query_one(DataTable).move_cursor(row=4)          # Status
        await pilot.pause()
        await pilot.press("K", "K", "K")                         # before Qty
        await calm(pilot)
        await pilot.press("down", "down", "down", "h")           # hide Due
        await calm(pilot)
        await pilot.press("escape")
        await settle(pilot)
        keys = [c.key for c in pane_of(app).grid.columns]
        assert keys[:5] == ["Name", "Status", "Qty", "Done", "Notes"] and "Due" not in keys
        view = await View.get(id=app.main_screen.view.id)
        assert view.hidden == [tasks.field("Due").id]
        reply = await api.get(f"/api/v2/tables/{tasks.id}/records",
                              params={"viewId": view.id, "limit": 1})
        assert list(reply.body["list"][0])[:5] == keys[:5]
        assert "Due" not in reply.body["list"][0]
        pane_of(app).grid.move_cursor(column=2)
        await pilot.press("greater_than_sign", "greater_than_sign")
        width = pane_of(app).grid.geometry.widths[2]
        app.main_screen.save_widths()
        await settle(pilot)
        assert (await View.get(id=view.id)).widths == {tasks.field("Qty").id: width}
        await app.main_screen.open_table(tasks.id)
        await settle(pilot)
        assert pane_of(app).grid.geometry.widths[2] == width


async def test_copy_as_api_query_returns_the_grids_rows(tasks, api) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        await main.apply_filter(parse_where('(Name,like,Task 1)~or(Notes,blank)'))
        from core.records.listing import SortKey

        await main.apply_sort((SortKey(tasks.field("Status"), True), SortKey(tasks.field("Qty"))))
        await settle(pilot)
        await pilot.press("Y")
        await pilot.pause()
        path = app.clipboard
        assert path.startswith(f"/api/v2/tables/{tasks.id}/records?where=(Name,like,Task%201)")
        assert "&sort=-Status,Qty" in path and isinstance(app.screen, ApiQueryScreen)
        shown = {w.id: str(w.render()) for w in app.screen.query(Static) if w.id}
        assert shown["path"] == path and shown["curl"].endswith(path + "'")
        assert shown["by_view"].endswith(f"?viewId={main.view.id}")
        await pilot.press("c")
        assert app.clipboard.startswith("curl ") and path in app.clipboard
        await pilot.press("escape")
        assert main.current_api_query() == {
            "where": '(Name,like,Task 1)~or(Notes,blank)', "sort": "-Status,Qty"}
        rows = await grid_rows(app)
        reply = await api.get(path + "&limit=100")
        assert reply.status == 200 and reply.body["list"] == rows
        assert len(rows) == len([i for i in range(60) if str(i).startswith("1") or i % 2 == 0])
        by_view = await api.get(f"/api/v2/tables/{tasks.id}/records",
                                params={"viewId": main.view.id, "limit": 100})
        assert by_view.body["list"] == rows
        query = dict(parse_qsl(urlsplit(path).query))
        assert query["where"] == '(Name,like,Task 1)~or(Notes,blank)'


async def test_sidebar_lists_views_and_opens_them(tasks) -> None:
    big = await views.create_view(tasks.id, "Big")
    await save_view_state(big.id, ViewState(where=parse_where("(Qty,gt,500)")))
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        sidebar = app.main_screen.query_one(Sidebar)
        branch = sidebar.root.children[0].children[0]
        assert branch.data.id == tasks.id
        branch.expand()
        await pilot.pause()
        assert "▸ Default view" in screen_text(app) and "◦ Big" in screen_text(app)  # open: ▸
        sidebar.focus()
        sidebar.move_cursor(branch.children[1])
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.view.id == big.id and pane_of(app).source.row_count == 9
        big_node = next(n for n in sidebar.root.children[0].children[0].children
                        if n.data.id == big.id)
        sidebar.focus()
        sidebar.move_cursor(big_node)
        await pilot.press("r")
        await answer(pilot, "Large")
        assert "Tasks · Large · row 1 of 9" in screen_text(app)
        sidebar.move_cursor(next(n for n in sidebar.root.children[0].children[0].children
                                 if n.data.id == big.id))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.main_screen.view.is_default and pane_of(app).source.row_count == 60
        assert await View.filter(table_id=tasks.id).count() == 1


async def test_the_real_filter_builder_round_trips_the_views_filter(tasks) -> None:
    from tui.screens.filter_builder import FilterBuilderScreen

    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        assert await main.apply_filter(parse_where(WHERE))
        for keys in (["escape"], ["ctrl+s"]):
            await pilot.press("slash")
            for _ in range(3):
                busy = [w for w in app.workers if w.group != "view-query" and not w.is_finished]
                if busy:
                    await app.workers.wait_for_complete(busy)
                await pilot.pause()
            assert isinstance(app.screen, FilterBuilderScreen)
            await pilot.press(*keys)
            await settle(pilot)
            assert main.view.state.where == parse_where(WHERE)
            assert pane_of(app).source.state.where == parse_where(WHERE)
        assert filters_to_where(await Filter.filter(view_id=main.view.id)).count("~or(") == 1


async def test_a_view_made_through_the_api_opens_in_the_tui(tasks, api) -> None:
    qty = tasks.field("Qty")
    made = await api.post(f"/api/v2/meta/tables/{tasks.id}/grids", {"title": "From the API"})
    vid = made.body["id"]
    for path, body in ((f"/api/v2/meta/views/{vid}/filters",
                        {"fk_column_id": qty.id, "comparison_op": "gt", "value": "500"}),
                       (f"/api/v2/meta/views/{vid}/sorts",
                        {"fk_column_id": qty.id, "direction": "desc"})):
        assert (await api.post(path, body)).status == 200
    state.save_last_view(tasks.id, vid)
    app = GridbaseApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.main_screen.view.title == "From the API"
        assert pane_of(app).source.row_count == 9 and pane_of(app).grid.cell_at(0, 0).text == "Task 59"
        assert "Sort: Qty ↓ · Filter: Qty is greater than 500" in screen_text(app)
        await app.main_screen.apply_sort(())
        listed = await api.get(f"/api/v2/meta/views/{vid}/sorts")
        assert listed.body["list"] == []
