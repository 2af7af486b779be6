"""The small dialogs draw as centred boxes: their style is scoped to each dialog's class."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.containers import Vertical

from tests.tui.helpers import screen_text
from tui.screens.modals import ChoiceScreen, ConfirmScreen, PromptScreen

QUESTION = "Delete table 'Objects' and all its rows? This cannot be undone."


@pytest.mark.parametrize("dialog", [
    lambda: ConfirmScreen(QUESTION),
    lambda: PromptScreen(QUESTION, "Objects"),
    lambda: ChoiceScreen(QUESTION, ["Todo", "Done"]),
])
async def test_dialog_is_a_centred_box_showing_the_whole_question(dialog) -> None:
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(dialog())
        await pilot.pause()
        box = app.screen.query_one(Vertical).region
        assert box.width == 60 and box.x == 10  # 60 wide, centred in 80 columns
        text = screen_text(app)
        assert "╭" in text and "cannot be" in text and "undone." in text
