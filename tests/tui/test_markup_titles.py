"""User text is never read as Rich markup: titles with square brackets show as typed."""

from __future__ import annotations

from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.modals import ConfirmScreen
from tui.widgets.sidebar import Sidebar

TITLE = "[/x] T [b]"


async def test_bracketed_titles_open_show_and_confirm(store) -> None:
    table = await make.table({"[/f]": "SingleLineText"}, title=TITLE)
    await make.rows(table, {"[/f]": "[bold]cell[/]"})
    app = GridbaseApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert TITLE in text and "[/f]" in text and "[bold]cell[/]" in text
        app.notify(f"Table {TITLE!r} saved")
        app.screen.query_one(Sidebar).focus()
        await pilot.press("down", "x")  # delete the table: the question names it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert TITLE in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app._notifications and all(not n.markup for n in app._notifications)
