"""``SchemaActions``: the main screen's create, rename and delete of bases and tables, asking
through modal dialogs in workers; a failure (a duplicate title…) becomes a notification."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from textual import work

from core.schema import bases, tables
from tui.catalog import BaseEntry, TableEntry, ViewEntry, find_table
from tui.screens.main_views import error_message
from tui.screens.modals import ConfirmScreen, PromptScreen
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane


class SchemaActions:
    """Mixed into ``MainScreen``; relies on its ``catalog``, ``current``, ``reload_catalog``,
    ``open_table`` and ``close_table`` (and ``ViewActions`` for a view picked in the sidebar)."""

    catalog: list[BaseEntry]
    current: TableEntry | None

    def _selected_base(self) -> BaseEntry | None:
        entry = self.query_one(Sidebar).selected
        base_id = entry.base_id if isinstance(entry, TableEntry) else (
            entry.id if isinstance(entry, BaseEntry) else None)
        base_id = base_id or (self.current.base_id if self.current else None)
        found = next((b for b in self.catalog if b.id == base_id), None)
        return found or (self.catalog[0] if self.catalog else None)

    def _target(self, which: str) -> BaseEntry | TableEntry | ViewEntry | None:
        if which == "selected":
            return self.query_one(Sidebar).selected or self.current
        if which == "table":
            return self.current
        return next((b for b in self.catalog if self.current and b.id == self.current.base_id),
                    None)

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_new_base(self) -> None:
        title = await self.app.push_screen_wait(PromptScreen("New base title", placeholder="Museum"))
        if title and await self._attempt(bases.create_base(title)):
            await self.reload_catalog()
            self.notify(f"Base {title!r} created — press n for a table")

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_new_table(self) -> None:
        base = self._selected_base()
        if base is None:
            self.notify("Create a base first (N)", severity="warning")
            return
        title = await self.app.push_screen_wait(PromptScreen(f"New table in {base.title}"))
        spec = title and await self._attempt(tables.create_table(base.id, title))
        if spec:
            await self.reload_catalog()
            await self.open_table(spec.id)

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_rename(self, which: str = "selected") -> None:
        entry = self._target(which)
        if entry is None:
            self.notify("Nothing to rename", severity="warning")
            return
        if isinstance(entry, ViewEntry):
            await self.rename_view(entry.id, entry.title)
            return
        kind = "base" if isinstance(entry, BaseEntry) else "table"
        title = await self.app.push_screen_wait(PromptScreen(f"Rename {kind}", entry.title))
        if not title or title == entry.title:
            return
        call = (bases.update_base(entry.id, title=title) if kind == "base"
                else tables.rename_table(entry.id, title))
        if await self._attempt(call):
            await self.reload_catalog()
            if self.current is not None:
                self.current = find_table(self.catalog, self.current.id)
                self._retitle()

    def _retitle(self) -> None:
        if self.current is None:
            return
        base = next((b.title for b in self.catalog if b.id == self.current.base_id), "")
        for pane in self.query(TablePane):
            pane.set_title(f"{base} › {self.current.title}")

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_delete(self, which: str = "selected") -> None:
        entry = self._target(which)
        if entry is None:
            self.notify("Nothing to delete", severity="warning")
            return
        if isinstance(entry, ViewEntry):
            await self.delete_view(entry.id, entry.title, entry.is_default)
            return
        if isinstance(entry, BaseEntry):
            question = (f"Delete base {entry.title!r} and its {len(entry.tables)} table(s)? "
                        "This cannot be undone.")
            call = bases.delete_base(entry.id)
        else:
            question = f"Delete table {entry.title!r} and all its rows? This cannot be undone."
            call = tables.delete_table(entry.id)
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            call.close()
            return
        if await self._attempt(call, done=True) and self.current and entry.id in (
                self.current.id, self.current.base_id):
            await self.close_table()
        await self.reload_catalog()

    async def _attempt(self, call: Awaitable[Any], done: bool = False) -> Any:
        """Await a core call; show its error instead of raising. Returns its result (or True)."""
        try:
            result = await call
        except Exception as exc:  # duplicate title, locked database, …: tell, don't crash
            self.notify(error_message(exc), severity="error")
            return None
        return True if done else result

