"""Scenes for ``make_screenshots.py`` that drive the newer screens: the filter builder and the
chips it leaves above the grid, the sort screen, the API explorer against a real
``gridbase serve``, the webhooks screen with a real receiver and dispatcher, and the tokens.

Each scene gets a pilot on a fresh copy of the Met sample and leaves the app showing what is
to be saved. Everything goes through the app's own keys (a select is opened with Enter and
walked with the arrows; a URL or token is pasted as a terminal would paste it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select
from textual.widgets._select import SelectOverlay

from core.tokens.service import create_token
from tui.explorer.server import LocalServer, start_server

EXPLORER_FIELDS = "Object Number,Title,Culture,Object Begin Date"
DIALOG_GROUPS = {"schema", "view-query", "hooks-poll", "hooks-edit", "tokens-edit"}


async def settle(pilot: Pilot) -> None:
    """Wait for the workers, except those that wait for a dialog or poll forever."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers
                if not w.is_finished and w.group not in DIALOG_GROUPS]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


async def until(pilot: Pilot, check: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the screen did not get there in time ({check})")
        await pilot.pause(0.05)


async def choose(pilot: Pilot, label: str) -> None:
    """Pick ``label`` in the focused select: Enter, arrows, Enter."""
    select = pilot.app.focused
    assert isinstance(select, Select), select
    target = [str(p) for p, _ in select._options].index(label)
    await pilot.press("enter")
    overlay = select.query_one(SelectOverlay)
    while overlay.highlighted != target:
        await pilot.press("down" if (overlay.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()


async def paste(pilot: Pilot, widget: Input, text: str) -> None:
    widget.focus()
    widget.value = ""
    widget.post_message(events.Paste(text))
    await pilot.pause()


# --- filter and sort ---------------------------------------------------------------------
async def build_filter(pilot: Pilot) -> None:
    """``/``, then Department is Arms and Armor and (Object Begin Date between 1500 and 1600
    or Culture is blank), by keys."""
    await pilot.press("slash")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await choose(pilot, "Department")
    await pilot.press("tab", "tab", *"Arms and Armor", "ctrl+g")
    await choose(pilot, "Object Begin Date")
    await pilot.press("tab")
    await choose(pilot, "is between")
    await pilot.press("tab", *"1500", "tab", *"1600", "ctrl+n")
    await choose(pilot, "Culture")
    await pilot.press("tab")
    await choose(pilot, "is blank")
    await pilot.press("ctrl+t")
    await settle(pilot)
    await until(pilot, lambda: getattr(pilot.app.screen, "matched", None) is not None)


async def filtered_grid(pilot: Pilot) -> None:
    await build_filter(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def sort_levels(pilot: Pilot) -> None:
    """``s`` with two levels: Department, then Object Begin Date descending."""
    await pilot.press("s")
    await settle(pilot)
    for title, flip in (("Department", False), ("Object Begin Date", True)):
        await pilot.press("n")
        await pilot.pause()
        options = pilot.app.screen.query_one(OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = titles.index(title)
        await pilot.press("enter")
        await pilot.pause()
        if flip:
            await pilot.press("space")
    await pilot.pause()


# --- tokens --------------------------------------------------------------------------------
async def tokens(pilot: Pilot) -> None:
    await create_token("ci-bot", "viewer")
    await create_token("reporting", "editor")
    await pilot.press("T")
    await settle(pilot)


# --- the API explorer, against a real server -------------------------------------------------
async def explorer_send(pilot: Pilot, db: str, port: int) -> LocalServer:
    """The filtered view, then ``A``: the view's query (F6), the server and a token pasted,
    ctrl+s. Returns the server (started the way the explorer starts one) for the caller to
    stop after the screenshot."""
    from tui.explorer.request_form import RequestForm

    await filtered_grid(pilot)
    _, token = await create_token("api-explorer", "editor")
    server = await start_server(db, port)
    await pilot.press("A")
    await until(pilot, lambda: pilot.app.screen.query(RequestForm))
    screen = pilot.app.screen
    await until(pilot, lambda: getattr(screen, "form", None) is not None)
    await pilot.press("f6")
    form = screen.form
    await paste(pilot, form.query_one("#param-fields", Input), EXPLORER_FIELDS)
    await paste(pilot, form.query_one("#param-limit", Input), "3")
    await paste(pilot, form.query_one("#server", Input), f"http://127.0.0.1:{port}")
    await paste(pilot, form.query_one("#token", Input), token)
    sent = len(screen.session.history)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: len(screen.session.history) > sent)
    await pilot.pause(0.3)
    return server


# --- webhooks, with a receiver and the dispatcher ------------------------------------------
async def start_receiver() -> tuple[web.AppRunner, str]:
    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_route("POST", "/hook", ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/hook"


async def edit_cells(pilot: Pilot, column: int, words: list[str]) -> None:
    """Type ``words`` into ``column`` of the first rows, one Enter each."""
    from tui.widgets.table_pane import TablePane

    pane = pilot.app.screen.query_one(TablePane)
    for row, word in enumerate(words):
        pane.grid.move_cursor(row, column)
        await pilot.press(*word, "enter")
        await settle(pilot)


async def webhooks(pilot: Pilot, url: str) -> None:
    """``W``, a new hook to the receiver, three edits in the grid, ``W`` again."""
    from tui.widgets.delivery_log import DeliveryLog
    from tui.widgets.table_pane import TablePane

    await pilot.press("W")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*"Arms desk")
    pilot.app.screen.query_one("#in-url", Input).value = url
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    columns = [c.key for c in pilot.app.screen.query_one(TablePane).grid.columns]
    words = ["Spanish", "Milanese", "Dutch"]  # no first letter is a key of the grid
    await edit_cells(pilot, columns.index("Culture"), words)
    await pilot.press("W")
    await settle(pilot)
    await until(pilot, lambda: len(pilot.app.screen.query_one(DeliveryLog).lines) >= 3)
    await pilot.pause(0.3)

