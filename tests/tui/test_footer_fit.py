"""Every footer at 80 columns shows whole keys only: each key it lists ends before the command
palette's hint, so no letter of a key cut off peeks out at the right edge (Textual draws keys
that overflow under the docked hint, leaving one column of them showing). Keys left out of a
footer stay bound and are listed in the ``?`` help page."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import Screen
from textual.widgets import Footer

import tui.screens as screens_package
from core.models import Delivery
from tests.tui.dialog_helpers import calm
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.screens.delivery_detail import DeliveryDetailScreen
from tui.screens.hook_secret import HookSecretScreen
from tui.widgets.sidebar import Sidebar


DIALOG_GROUPS = {"schema", "fields-edit", "view-query"}  # workers that wait for their dialog


async def keys(pilot, *pressed: str) -> None:
    """Press ``pressed`` one at a time, letting each opened screen (and its workers) settle."""
    for key in pressed:
        await pilot.press(key)
        await calm(pilot, DIALOG_GROUPS, skip={"hooks-poll"})
        await pilot.pause(0.2)


async def push(pilot, screen: Screen) -> None:
    await pilot.app.push_screen(screen)
    await pilot.pause(0.2)


async def sidebar(pilot) -> None:
    pilot.app.screen.query_one(Sidebar).focus()


async def select_options(pilot) -> None:
    await keys(pilot, "F", "down", "down", "down", "down", "o")  # Status, a select field


async def delivery_detail(pilot) -> None:
    delivery = Delivery(id=7, hook_id="h", event_type="records.after.update", url="http://x/",
                        request_headers={"Content-Type": "application/json"})
    await push(pilot, DeliveryDetailScreen(delivery, "Sink"))


async def hook_secret(pilot) -> None:
    await push(pilot, HookSecretScreen("Sink", "s3cret", "h"))


def explorer(tab: str, sending: bool):
    """The API explorer on tab ``tab`` (F2–F5), with or without a request running (which
    adds ctrl+g Cancel to the footer)."""
    async def reach(pilot) -> None:
        await keys(pilot, "A", tab)
        if sending:
            pilot.app.screen._sending = lambda: True
            pilot.app.screen.refresh_bindings()
            await pilot.pause(0.2)
            assert "Cancel" in screen_text(pilot.app).splitlines()[-1]
    return reach


REACH = {  # how to reach each footer (each screen, and each focus that adds keys to it)
    "MainScreen": lambda pilot: keys(pilot),
    "MainScreen-editor": lambda pilot: keys(pilot, "x"),
    "MainScreen-gutter": lambda pilot: keys(pilot, "left"),
    "MainScreen-sidebar": sidebar,
    "FieldsScreen": lambda pilot: keys(pilot, "F"),
    "OptionsScreen": select_options,
    "SortScreen": lambda pilot: keys(pilot, "s"),
    "FilterBuilderScreen": lambda pilot: keys(pilot, "slash"),
    "FilterBuilderScreen-condition": lambda pilot: keys(pilot, "slash", "ctrl+n"),
    "TokensScreen": lambda pilot: keys(pilot, "T"),
    "WebhooksScreen": lambda pilot: keys(pilot, "W"),
    "HookSecretScreen": hook_secret,
    "DeliveryDetailScreen": delivery_detail,
    "ApiExplorerScreen": lambda pilot: keys(pilot, "A"),
    **{f"ApiExplorerScreen-{tab}{sending}": explorer(tab, bool(sending))
       for tab in ("f2", "f3", "f4", "f5") for sending in ("", "-sending")},
    "ApiQueryScreen": lambda pilot: keys(pilot, "Y"),
}


@pytest.mark.parametrize("name", list(REACH))
async def test_footer_keys_fit_at_80_columns(tasks, name) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await REACH[name](pilot)
        await pilot.pause()
        assert type(app.screen).__name__ == name.split("-")[0], screen_text(app)
        footer = app.screen.query_one(Footer)
        line = screen_text(app).splitlines()[footer.region.y]
        assert_keys_whole(app.screen, footer, line)


def assert_keys_whole(screen: Screen, footer: Footer, line: str) -> None:
    """Every key shown ends before the palette hint (or the footer's end on a modal screen,
    which has no palette) and reads whole in the footer's row of the screen."""
    shown = [k for k in footer.query("FooterKey") if not k.has_class("-command-palette")]
    end = footer.region.right
    if screen.app.COMMAND_PALETTE_BINDING in screen.active_bindings:  # not on modal screens
        end = footer.query_one("FooterKey.-command-palette").region.x
        assert line.rstrip().endswith("^p palette"), line
    assert shown
    for key in shown:
        label = f"{key.key_display} {key.description}"
        assert key.region.right <= end and label in line, (label, line)


def test_every_screen_with_a_footer_is_checked() -> None:
    """A new screen that shows a footer must be added to ``REACH`` above."""
    names = {name.split("-")[0] for name in REACH}
    with_footer = {
        cls.__name__ for module in screens_modules() for _, cls in inspect.getmembers(module)
        if inspect.isclass(cls) and issubclass(cls, Screen) and cls.__module__ == module.__name__
        and "Footer(" in inspect.getsource(cls)}
    assert with_footer - names == set()


def screens_modules() -> list:
    return [importlib.import_module(f"{screens_package.__name__}.{m.name}")
            for m in pkgutil.iter_modules(screens_package.__path__)]
