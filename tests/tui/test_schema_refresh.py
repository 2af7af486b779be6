"""Schema refresh: tables, columns and views created, changed or deleted outside the app (as the
API server does) show up within about a second, keeping the sidebar's cursor and marker and the
grid's cursor; a deleted open table or view is said so and the screen falls back."""

from __future__ import annotations

from core.schema import fields, tables
from core.views import service as views
from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tests.tui.test_live_refresh import wait_for
from tui.app import GridbaseApp
from tui.catalog import TableEntry, ViewEntry
from tui.widgets.record_grid import RecordGrid
from tui.widgets.sidebar import OPEN_MARK, Sidebar
from tui.widgets.table_pane import TablePane

SECONDS = 3.0  # the poll is every second; a loaded machine may need a second more


def sidebar_titles(app: GridbaseApp) -> list[str]:
    sidebar = app.screen.query_one(Sidebar)
    found, stack = [], list(sidebar.root.children)
    while stack:
        node = stack.pop(0)
        found.append(str(node.label))
        stack[:0] = list(node.children)
    return found


def told(app: GridbaseApp, message: str) -> bool:
    return any(message in n.message for n in app._notifications)


def grid_keys(app: GridbaseApp) -> list[str]:
    grids = app.screen.query(RecordGrid)  # none for a moment while the grid is swapped
    return [c.key for c in grids.first().columns] if grids else []


async def test_new_table_appears_in_the_sidebar_keeping_cursor_and_marker(tasks) -> None:
    other = await make.table({"A": "Number"}, title="Other", base_id=tasks.base_id)
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.pause(1.2)  # the first poll learns the current version
        node = next(n for n in sidebar.root.children[0].children if n.data.id == other.id)
        sidebar.move_cursor(node)
        await pilot.pause()
        await tables.create_table(tasks.base_id, "Made by the API")
        assert await wait_for(pilot, lambda: any("Made by the API" in t
                                                 for t in sidebar_titles(app)), SECONDS)
        assert isinstance(sidebar.selected, TableEntry) and sidebar.selected.id == other.id
        assert OPEN_MARK + "Tasks" in sidebar_titles(app)


async def test_new_column_reaches_the_open_grid_keeping_the_cursor(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(TablePane)
        pane.grid.focus()
        await pilot.press("j", "j", "j", "l")
        await pilot.pause(1.2)
        await fields.add_field(tasks.id, "Added elsewhere", "Number")
        assert await wait_for(pilot, lambda: "Added elsewhere" in grid_keys(app), SECONDS)
        await settle(pilot)
        grid = app.screen.query_one(TablePane).grid
        assert (grid.cursor_row, grid.columns[grid.cursor_column].key) == (3, "Qty")
        await fields.delete_field(tasks.field("Qty").id)
        assert await wait_for(pilot, lambda: "Qty" not in grid_keys(app), SECONDS)


async def test_deleted_view_falls_back_to_the_default_and_deleted_table_closes(tasks) -> None:
    mine = await views.create_view(tasks.id, "Mine")
    app = GridbaseApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        node = next(n for n in sidebar.root.children[0].children[0].children
                    if isinstance(n.data, ViewEntry) and n.data.id == mine.id)
        sidebar.select_node(node)
        await settle(pilot)
        assert app.screen.view.id == mine.id
        await pilot.pause(1.2)
        await views.delete_view(mine.id)
        assert await wait_for(pilot, lambda: app.screen.view.is_default, SECONDS)
        assert told(app, "View 'Mine' was deleted by someone else; showing 'Default view'")
        assert app.screen.query(TablePane)
        assert not any("Mine" in t for t in sidebar_titles(app))
        await tables.delete_table(tasks.id)
        assert await wait_for(pilot, lambda: not app.screen.query(TablePane), SECONDS)
        assert told(app, "Table 'Tasks' was deleted by someone else")
        assert "No table open" in screen_text(app)
