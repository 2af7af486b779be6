"""The tokens screen: list, create (shown once, copied), scope to a base, revoke with a
confirm, and errors as notifications."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Input, Select

from core.models import ApiToken
from core.tokens import service
from tests.tui import dialog_helpers
from tests.tui.dialog_helpers import until
from tests.tui.helpers import screen_text, settle
from tests.tui.test_screens import SIZES, svg_text
from tui.app import GridbaseApp
from tui.screens.modals import ConfirmScreen
from tui.screens.token_dialogs import NewTokenScreen, TokenShownScreen
from tui.screens.tokens import TokensScreen


async def calm(pilot) -> None:
    await dialog_helpers.calm(pilot, ("tokens-edit", "schema"))


async def open_tokens(pilot) -> TokensScreen:
    await settle(pilot)
    await pilot.press("T")
    await calm(pilot)
    assert isinstance(pilot.app.screen, TokensScreen)
    return pilot.app.screen


async def test_create_shows_the_token_once_and_copies_it(tasks) -> None:
    await service.create_token("old", "viewer")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tokens(pilot)
        assert "old" in screen_text(app) and "viewer" in screen_text(app)
        await pilot.press("n")
        await calm(pilot)
        assert isinstance(app.screen, NewTokenScreen)
        app.screen.query_one("#token-base", Select).value = tasks.base_id
        app.screen.query_one("#token-role", Select).value = "viewer"
        await pilot.press(*"ci-bot", "enter")
        await calm(pilot)
        assert isinstance(app.screen, TokenShownScreen)
        plaintext = app.screen.plaintext
        assert plaintext.startswith("gb_") and plaintext in screen_text(app)
        await pilot.press("c")
        assert app.clipboard == plaintext
        token = await service.authenticate(plaintext)
        assert token is not None and token.name == "ci-bot"
        assert (token.role, token.base_id) == ("viewer", tasks.base_id)
        await pilot.press("escape")
        await calm(pilot)
        assert app.screen is screen and screen.query_one(DataTable).row_count == 2
        text = screen_text(app)
        assert "ci-bot" in text and plaintext not in text and f"…{plaintext[-4:]}" in text


async def test_revoke_asks_first(tasks) -> None:
    token, plaintext = await service.create_token("deploy")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tokens(pilot)
        await pilot.press("x")
        await calm(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await calm(pilot)
        assert (await ApiToken.get(id=token.id)).revoked_at is None
        await pilot.press("x")
        await calm(pilot)
        await pilot.press("y")
        await calm(pilot)
        assert (await ApiToken.get(id=token.id)).revoked_at is not None
        assert await service.authenticate(plaintext) is None
        assert app.screen.query_one(DataTable).row_count == 0  # revoked: no longer listed…
        assert "1 revoked not shown" in screen_text(app)
        await pilot.press("v")  # …until asked for
        await calm(pilot)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert str(row[0]) == "deploy" and row[5]  # the revoked column is filled
        assert "strike" in str(row[0].style)  # and the name is struck through
        await pilot.press("x")  # a second revoke only warns
        await calm(pilot)
        assert isinstance(app.screen, TokensScreen)
        await pilot.press("escape")
        await calm(pilot)
        assert not isinstance(app.screen, TokensScreen)


async def test_bad_input_writes_nothing(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tokens(pilot)
        await pilot.press("n")
        await calm(pilot)
        await pilot.press("enter")  # no name: said in place, the dialog stays
        await calm(pilot)
        assert isinstance(app.screen, NewTokenScreen)
        assert "A token needs a name" in screen_text(app)
        app.screen.query_one(Input).value = "x" * 300  # core refuses it: a notification
        await pilot.press("enter")
        await calm(pilot)
        assert isinstance(app.screen, TokensScreen)
        assert any("longer than 255" in n.message for n in app._notifications)
        assert await ApiToken.all().count() == 0


async def test_palette_entry_opens_the_screen(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Tokens")
        found = app.screen.query_one(CommandList)

        def tokens_highlighted() -> bool:
            index = found.highlighted
            return index is not None and "Tokens" in str(found.get_option_at_index(index).prompt)

        await until(pilot, tokens_highlighted)
        await pilot.press("enter")
        await calm(pilot)
        assert isinstance(app.screen, TokensScreen)
        assert "New token" in screen_text(app)  # the footer names the keys


@pytest.mark.parametrize("size", SIZES)
async def test_screen_and_form_fit(tasks, size) -> None:
    """The list, its keys in the footer, and the whole new-token form show at both sizes."""
    await service.create_token("reporting", "viewer", tasks.base_id)
    app = GridbaseApp()
    async with app.run_test(size=size) as pilot:
        await open_tokens(pilot)
        text = svg_text(app.export_screenshot())
        for expected in ("API tokens", "Name", "Role", "Base", "Created", "Last used",
                         "reporting", "viewer", "never", "New token", "Revoke", "Back"):
            assert expected in text, expected
        await pilot.press("n")
        await calm(pilot)
        text = screen_text(app)
        for expected in ("New API token", "Role", "editor", "Base scope", "All bases", "Create"):
            assert expected in text, expected
        assert all(len(line) <= size[0] for line in text.splitlines())


async def test_names_with_brackets_are_text_not_markup(tasks) -> None:
    """A name like "[/x] bot" (a Rich closing tag) once crashed the app after the token was
    stored, so its plaintext was lost; the warning under it must fit at 80 columns too."""
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tokens(pilot)
        await pilot.press("n")
        await calm(pilot)
        await pilot.press(*"[/x] bot", "enter")
        await calm(pilot)
        assert isinstance(app.screen, TokenShownScreen)
        text = screen_text(app)
        assert "Token '[/x] bot' created" in text and app.screen.plaintext in text
        assert "will not be shown" in text and "│ again." in text
        await pilot.press("escape")
        await calm(pilot)
        assert "[/x] bot" in screen_text(app)
        await pilot.press("x")
        await calm(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Revoke token '[/x] bot'" in screen_text(app)
        await pilot.press("y")
        await calm(pilot)
        assert "Token '[/x] bot' revoked" in [n.message for n in app._notifications]
        assert (await ApiToken.get(name="[/x] bot")).revoked_at is not None
