"""``MainScreen``: the sidebar of bases and tables beside the open table, and the footer.

The screen is where the sidebar's requests meet core's schema functions: it creates, renames
and deletes bases and tables (asking through modal dialogs, in workers), opens tables, and
remembers the last one. Failures become notifications.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from core.errors import GridbaseError
from core.schema import bases, tables
from tui import state
from tui.catalog import BaseEntry, TableEntry, find_table, load_catalog
from tui.screens.fields import FieldsScreen
from tui.screens.main_tools import ToolActions
from tui.transfer import export_table
from tui.screens.modals import ConfirmScreen, PromptScreen
from tui.widgets.record_source import CoreRecordSource
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

EMPTY_TEXT = """[b]No table open[/b]

Pick a table in the sidebar, or create one:
  [b]N[/b]  new base      [b]n[/b]  new table  (sidebar focused; Tab moves focus)
  [b]?[/b]  help          [b]ctrl+p[/b]  every command"""


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"


class MainScreen(ToolActions, Screen[None]):
    BINDINGS = [Binding("ctrl+b", "toggle_sidebar", "Sidebar"),
                Binding("F", "fields", "Fields", show=False),
                *ToolActions.TOOL_BINDINGS]

    def __init__(self, db_key: str | None = None, table_key: str | None = None) -> None:
        super().__init__()
        self.db_key, self.table_key = db_key, table_key
        self.catalog: list[BaseEntry] = []
        self.current: TableEntry | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="workspace"):
            yield Sidebar(id="sidebar")
            with Container(id="main"):
                yield Static(EMPTY_TEXT, id="empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Sidebar).focus()
        self.start()

    @work(exclusive=True, group="catalog", exit_on_error=False)
    async def start(self) -> None:
        """Load the catalog and open the requested, the last, or the first table."""
        await self.reload_catalog()
        target = await self._initial_table()
        if target is not None:
            await self.open_table(target.id)

    async def _initial_table(self) -> TableEntry | None:
        if self.table_key:
            try:
                spec = await tables.resolve_table(self.table_key)
                return find_table(self.catalog, spec.id)
            except GridbaseError as exc:
                self.notify(exc.message, severity="error")
        last = state.load_last_table(self.db_key)
        found = find_table(self.catalog, last) if last else None
        return found or next((t for b in self.catalog for t in b.tables), None)

    async def reload_catalog(self) -> None:
        try:
            self.catalog = await load_catalog()
        except Exception as exc:
            self.notify(_message(exc), severity="error", title="Cannot read bases")
        sidebar = self.query_one(Sidebar)
        sidebar.show(self.catalog, self.current.id if self.current else None)

    # --- opening tables ------------------------------------------------------------------
    @on(Sidebar.TableChosen)
    def _chosen(self, event: Sidebar.TableChosen) -> None:
        self._open_worker(event.table.id)

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _open_worker(self, table_id: str) -> None:
        await self.open_table(table_id)

    async def open_table(self, table_id: str) -> None:
        try:
            spec = await tables.load_table(table_id)
            source = CoreRecordSource(spec, hidden=frozenset(state.load_hidden(spec.id)))
            await source.open()
        except Exception as exc:  # a table that cannot be read is a message, not a crash
            self.notify(_message(exc), severity="error", title="Cannot open table")
            return
        self.current = find_table(self.catalog, table_id)
        base = next((b.title for b in self.catalog if b.id == spec.base_id), "")
        main = self.query_one("#main", Container)
        await main.remove_children()
        await main.mount(TablePane(source, f"{base} › {spec.title}", id="pane"))
        self.query_one(Sidebar).highlight(table_id)
        state.save_last_table(self.db_key, table_id)

    async def close_table(self) -> None:
        self.current = None
        main = self.query_one("#main", Container)
        await main.remove_children()
        await main.mount(Static(EMPTY_TEXT, id="empty"))
        state.save_last_table(self.db_key, None)

    # --- creating, renaming, deleting ----------------------------------------------------
    def _selected_base(self) -> BaseEntry | None:
        entry = self.query_one(Sidebar).selected
        base_id = entry.base_id if isinstance(entry, TableEntry) else (
            entry.id if isinstance(entry, BaseEntry) else None)
        base_id = base_id or (self.current.base_id if self.current else None)
        found = next((b for b in self.catalog if b.id == base_id), None)
        return found or (self.catalog[0] if self.catalog else None)

    def _target(self, which: str) -> BaseEntry | TableEntry | None:
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
            self.notify(_message(exc), severity="error")
            return None
        return True if done else result

    # --- layout and delegation (also used by the command palette) ------------------------
    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.focus()
        else:
            self.action_focus_grid()

    def action_focus_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = True
        sidebar.focus()

    def action_focus_grid(self) -> None:
        for pane in self.query(TablePane):
            pane.grid.focus()

    async def action_pane(self, action: str) -> None:
        pane = self.query(TablePane).first() if self.query(TablePane) else None
        if pane is None:
            self.notify("Open a table first", severity="warning")
            return
        await pane.run_action(action)

    async def action_grid(self, action: str) -> None:
        for pane in self.query(TablePane):
            pane.grid.focus()
            await pane.grid.run_action(action)
            return
        self.notify("Open a table first", severity="warning")

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_fields(self) -> None:
        """The fields screen; the table is reopened when a field or its visibility changed."""
        if self.current is None:
            self.notify("Open a table first", severity="warning")
            return
        if await self.app.push_screen_wait(FieldsScreen(self.current.id)):
            await self.open_table(self.current.id)

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_export_csv(self) -> None:
        pane = self.query(TablePane).first() if self.query(TablePane) else None
        if pane is None or self.current is None:
            self.notify("Open a table first", severity="warning")
            return
        path = await self.app.push_screen_wait(
            PromptScreen("Export CSV to", f"{self.current.title}.csv"))
        if path:
            count = await self._attempt(export_table(pane.source.table, path))
            if count is not None:
                self.notify(f"Exported {count:,} rows to {path}")

    @work(exclusive=True, group="catalog", exit_on_error=False)
    async def action_reload(self) -> None:
        await self.reload_catalog()
        if self.current is not None:
            await self.open_table(self.current.id)
