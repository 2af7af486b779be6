"""The shell: sidebar CRUD for bases and tables, last table remembered, help, palette, quit."""

from __future__ import annotations

import json

import pytest
from textual.command import CommandPalette

from core.schema import bases, tables
from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tui import state
from tui.app import GridbaseApp
from tui.commands import COMMANDS
from tui.screens.help import HelpScreen
from tui.screens.modals import ConfirmScreen, PromptScreen
from tui.widgets.record_grid import RecordGrid
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane


async def test_remembers_the_last_table(store, state_dir) -> None:
    first = await make.table({"Name": "SingleLineText"}, title="First")
    second = await make.table({"Name": "SingleLineText"}, title="Second", base_id=first.base_id)
    app = GridbaseApp("db-a")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TablePane).table_title.endswith("First")
        await pilot.press("shift+tab")          # grid → sidebar
        assert isinstance(app.focused, Sidebar)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.query_one(TablePane).table_title.endswith("Second")
    saved = json.loads((state_dir / "tui.json").read_text())
    assert saved["last_table"]["db-a"] == second.id
    app = GridbaseApp("db-a")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TablePane).table_title.endswith("Second")
    assert state.load_last_table("db-b") is None


async def test_explicit_table_wins(store) -> None:
    first = await make.table({"Name": "SingleLineText"}, title="First")
    await make.table({"Name": "SingleLineText"}, title="Second", base_id=first.base_id)
    app = GridbaseApp(None, "Second")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TablePane).table_title.endswith("Second")


async def test_create_base_and_table_from_the_sidebar(store) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No table open" in screen_text(app)
        await pilot.press("N")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"Museum", "enter")
        await settle(pilot)
        await pilot.press("n", *"Objects", "enter")
        await settle(pilot)
        [base] = await bases.list_bases()
        [table] = await tables.list_tables(base.id)
        assert (base.title, table.title) == ("Museum", "Objects")
        assert app.screen.query_one(TablePane).table_title == "Museum › Objects"
        assert isinstance(app.focused, RecordGrid)
        assert "Objects" in screen_text(app)


async def test_rename_and_delete_a_table(store) -> None:
    spec = await make.table({"Name": "SingleLineText"}, title="Old")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "r", "ctrl+u", *"New", "enter")
        await settle(pilot)
        assert (await tables.load_table(spec.id)).title == "New"
        assert app.screen.query_one(TablePane).table_title.endswith("New")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert await tables.list_tables(spec.base_id)
        await pilot.press("x", "y")
        await settle(pilot)
        assert await tables.list_tables(spec.base_id) == []
        assert not app.screen.query(TablePane)
        assert "No table open" in screen_text(app)


async def test_errors_are_notifications_not_crashes(store) -> None:
    spec = await make.table({"Name": "SingleLineText"}, title="Taken")
    await make.table({"Name": "SingleLineText"}, title="Other", base_id=spec.base_id)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "n", *"taken", "enter")
        await settle(pilot)
        assert app.is_running
        assert any("already exists" in n.message for n in app._notifications)
        await pilot.pause(0.2)
        assert "A table titled 'taken' already" in screen_text(app)


async def test_delete_a_base(store) -> None:
    spec = await make.table({"Name": "SingleLineText"}, title="T")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "home", "x")
        assert "and its 1 table(s)?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert await bases.list_bases() == []
        assert "No table open" in screen_text(app)
    assert spec.id


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys(store, key) -> None:
    await make.table({"Name": "SingleLineText"})
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running


async def test_help_screen(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "undo / redo" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_sidebar_toggles(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        await pilot.press("ctrl+b")
        assert not sidebar.display and isinstance(app.focused, RecordGrid)
        assert "Base" not in screen_text(app).splitlines()[0]
        await pilot.press("ctrl+b")
        assert sidebar.display and app.focused is sidebar


def test_palette_lists_every_action() -> None:
    titles = [title for title, _, _ in COMMANDS]
    for needed in ("New base", "New table", "Rename table", "Rename base", "Delete table",
                   "Delete base", "Add row", "Edit record", "Delete row", "Undo", "Redo",
                   "Edit cell", "Copy selection", "Paste", "Fill down", "Fields…",
                   "Export CSV…", "Toggle sidebar", "First row", "Last row"):
        assert needed in titles


async def test_palette_runs_a_command(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Add row", "Undo", "Help", "Quit", "New base"} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Last row")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(RecordGrid).cursor_row == 59
