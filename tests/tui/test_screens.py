"""Snapshot-style checks: the exported SVG of each main screen shows what it must, at 80x24
and 120x40. (Text assertions rather than pixel diffs: pytest-textual-snapshot is not used.)"""

from __future__ import annotations

import html
import re

import pytest

from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.help import KEYS
from tui.screens.main import MainScreen
from tui.widgets.record_grid import RecordGrid
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

SIZES = [(80, 24), (120, 40)]
KEY_NAMES = {"up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp",
             "pagedown": "PgDn", "slash": "/", "question_mark": "?", "less_than_sign": "<",
             "greater_than_sign": ">", "delete": "Delete", "enter": "Enter", "home": "Home",
             "end": "End", "f2": "F2"}


def shown_key(key: str) -> str:
    """A binding's key as the help page writes it ("ctrl+home" is "Ctrl+Home")."""
    if key.startswith("shift+"):
        return "Shift+arrows"
    if key.startswith("ctrl+"):
        return "Ctrl+" + KEY_NAMES.get(key[5:], key[5:].upper())
    return KEY_NAMES.get(key, key)


def svg_text(svg: str) -> str:
    """The visible text of an exported SVG, in order (spans joined, entities decoded)."""
    body = svg.split("<g class", 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


class TestGridScreen:
    @pytest.mark.parametrize("size", SIZES)
    async def test_grid_shows_table_rows_status_and_keys(self, tasks, size) -> None:
        """The sidebar lists the table; header, first rows, status line and footer show."""
        app = GridbaseApp()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            text = svg_text(app.export_screenshot())
            for expected in ("Tasks", "Name", "Qty", "Done", "Task 0", "Task 9",
                             "row 1 of 60", "Add", "Undo", "Quit", "Help"):
                assert expected in text, expected
            lines = screen_text(app).splitlines()
            assert len(lines) == size[1] and all(len(line) <= size[0] for line in lines)

    async def test_wide_screen_shows_more_columns_and_rows(self, tasks) -> None:
        """At 120x40 every task column fits and 35+ rows show."""
        app = GridbaseApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            text = screen_text(app)
            assert all(c in text.splitlines()[0] for c in ("Status", "Notes", "Due"))
            assert "Task 35" in text

    async def test_sidebar_hidden_gives_the_grid_the_width(self, tasks) -> None:
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+b")
            header = screen_text(app).splitlines()[0]
            assert header.lstrip().startswith("Name") and "Status" in header


class TestModalScreens:
    @pytest.mark.parametrize("size", SIZES)
    async def test_help_lists_keys(self, tasks, size) -> None:
        app = GridbaseApp()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            text = svg_text(app.export_screenshot())
            for expected in ("gridbase keys", "move the cell cursor", "undo / redo"):
                assert expected in text, expected

    def test_help_names_every_key_of_the_main_screen(self) -> None:
        listed = {k for _, rows in KEYS for keys, _ in rows for k in keys.replace(",", " ").split()}
        owners = (MainScreen, TablePane, RecordGrid, Sidebar, GridbaseApp)
        keys = {k for owner in owners for b in owner.BINDINGS for k in b.key.split(",")}
        assert len(keys) > 30 and not {shown_key(k) for k in keys} - listed

    async def test_help_scrolls_to_every_group_at_80x24(self, tasks) -> None:
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            top = text = svg_text(app.export_screenshot())
            for _ in range(3):  # a page at a time, as a reader would
                await pilot.press("pagedown")
                await settle(pilot)
                text += svg_text(app.export_screenshot())
            assert "Grid: move" in top and "Esc, q or ? closes this page" not in top
            for section, rows in KEYS:
                assert section in text, section
                for _, what in rows:
                    assert what in text, what
            assert "Esc, q or ? closes this page" in text

    @pytest.mark.parametrize("size", SIZES)
    async def test_editing_a_cell_shows_the_editor_and_errors(self, tasks, size) -> None:
        app = GridbaseApp()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("right", "enter", *"x")
            await settle(pilot)
            assert "0x" in svg_text(app.export_screenshot())
            await pilot.press("enter")
            await settle(pilot)
            assert "'0x' is not a number" in svg_text(app.export_screenshot())

    async def test_delete_confirm(self, tasks) -> None:
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await pilot.pause()  # not settle(): the delete worker waits for the answer
            text = svg_text(app.export_screenshot())
            assert "Delete row 1 (Task 0)?" in text and "Cancel (n)" in text


class TestSixteenColours:
    async def test_ansi_theme_keeps_the_cursor_visible(self, tasks) -> None:
        """With the terminal's own 16 colours the cursor is reverse video, not a tint."""
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = "ansi-dark"
            await settle(pilot)
            grid = app.screen.query_one("RecordGrid")
            assert grid._component("cursor").reverse
            assert "Task 0" in screen_text(app) and "row 1 of 60" in screen_text(app)
