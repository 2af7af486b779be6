"""``GridbaseApp`` and ``run_tui``: the shell around the main screen.

Tortoise keeps its state in a ContextVar, so ``run_tui`` opens the store *before*
``run_async()`` (workers started by the app then see it) and closes it in ``finally``
(aiosqlite would otherwise keep the process alive at exit).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from core.db import close_store, open_store
from core.hooks import start_dispatcher
from tui.commands import system_commands
from tui.explorer.session_token import end_session_token
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen


class GridbaseApp(App[None]):
    """The spreadsheet TUI. The store must already be open (see ``run_tui``)."""

    CSS_PATH = "gridbase.tcss"
    TITLE = "gridbase"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, db_key: str | None = None, table_id: str | None = None) -> None:
        super().__init__()
        self.db_key, self.table_id = db_key, table_id

    def get_default_screen(self) -> Screen:
        return MainScreen(self.db_key, self.table_id)

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Show every key", self.action_help)
        yield from system_commands(self.main_screen)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Notifications carry user text (titles, values, error messages): never markup, so a
        title like ``[/x] T`` is shown as typed instead of crashing the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def on_unmount(self) -> None:
        await end_session_token(self)  # the API explorer's token lives as long as the app

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


async def run_tui(db_url: str | None, table_id: str | None = None) -> None:
    """Open the store, run the app until it quits, always close the store.

    The webhook dispatcher runs alongside, so hooks fire for edits made here even when no
    server is running (with a server too, leases keep each attempt sent once)."""
    resolved = await open_store(db_url)
    dispatcher = None
    try:
        dispatcher = await start_dispatcher()
        await GridbaseApp(resolved, table_id).run_async()
    finally:
        if dispatcher is not None:
            await dispatcher.stop()
        await close_store()
