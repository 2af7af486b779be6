"""The main screen's footer at 80 columns shows whole keys only: every key it lists ends
before the command palette's hint, so no letter of a key cut off peeks out at the right edge
(Textual draws keys that overflow under the docked hint, leaving one column of them showing)."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.widgets.sidebar import Sidebar


async def grid(pilot) -> None:
    pass


async def editor(pilot) -> None:
    await pilot.press("x")


async def gutter(pilot) -> None:
    await pilot.press("left")


async def sidebar(pilot) -> None:
    pilot.app.screen.query_one(Sidebar).focus()


@pytest.mark.parametrize("reach", [grid, editor, gutter, sidebar])
async def test_footer_keys_fit_at_80_columns(tasks, reach) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await reach(pilot)
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = [k for k in footer.query("FooterKey") if not k.has_class("-command-palette")]
        palette = footer.query_one("FooterKey.-command-palette").region
        assert keys
        assert all(k.region.right <= palette.x for k in keys), [k.description for k in keys]
        assert screen_text(app).splitlines()[-1].rstrip().endswith("palette")
