"""``MainScreen``: the sidebar of bases and tables beside the open table, and the footer.

The screen is where the sidebar's requests meet core: it opens tables (in their last view,
remembering the last table), and its mixins create, rename and delete bases and tables
(``SchemaActions``), manage saved views (``ViewActions``), filter, sort and copy the API query
(``QueryActions``) and open the tool screens (``ToolActions``). Failures become notifications.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from core.errors import GridbaseError
from core.schema import tables
from tui import state
from tui.catalog import BaseEntry, TableEntry, find_table, load_catalog
from tui.screens.fields import FieldsScreen
from tui.screens.main_query import QueryActions
from tui.screens.main_refresh import SchemaRefresh
from tui.screens.main_schema import SchemaActions
from tui.screens.main_tools import ToolActions
from tui.screens.main_views import WIDTHS_EVERY, ViewActions, error_message, view_label
from tui.screens.modals import PromptScreen
from tui.transfer import export_table
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

EMPTY_TEXT = """[b]No table open[/b]

Pick a table in the sidebar, or create one:
  [b]N[/b]  new base      [b]n[/b]  new table  (sidebar focused; Tab moves focus)
  [b]?[/b]  help          [b]ctrl+p[/b]  every command"""


class MainScreen(QueryActions, ViewActions, SchemaActions, ToolActions, SchemaRefresh,
                 Screen[None]):
    BINDINGS = [Binding("ctrl+b", "toggle_sidebar", "Sidebar", show=False),
                Binding("F", "fields", "Fields", show=False),
                *QueryActions.QUERY_BINDINGS, *ToolActions.TOOL_BINDINGS]

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
        self.set_interval(WIDTHS_EVERY, self.save_widths)
        self.start_schema_refresh()
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
            self.notify(error_message(exc), severity="error", title="Cannot read bases")
        sidebar = self.query_one(Sidebar)
        sidebar.show(self.catalog, self.current.id if self.current else None)

    # --- opening tables ------------------------------------------------------------------
    @on(Sidebar.TableChosen)
    def _chosen(self, event: Sidebar.TableChosen) -> None:
        self._open_worker(event.table.id)

    @on(Sidebar.ViewChosen)
    def _view_chosen(self, event: Sidebar.ViewChosen) -> None:
        self._open_worker(event.view.table_id, event.view.id)

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _open_worker(self, table_id: str, view_id: str | None = None) -> None:
        self.save_widths()
        await self.open_table(table_id, view_id)

    async def open_table(self, table_id: str, view_id: str | None = None) -> None:
        """Show ``table_id`` in view ``view_id`` (default: the view shown last, else the
        table's default view)."""
        self.save_widths()
        try:
            spec = await tables.load_table(table_id)
            source, view = await self.opened_source(spec, view_id)
        except Exception as exc:  # a table that cannot be read is a message, not a crash
            self.notify(error_message(exc), severity="error", title="Cannot open table")
            return
        self.current, self.view = find_table(self.catalog, table_id), view
        base = next((b.title for b in self.catalog if b.id == spec.base_id), "")
        main = self.query_one("#main", Container)
        await main.remove_children()
        await main.mount(TablePane(source, f"{base} › {spec.title}", view_id=view.id,
                                   view_title=view_label(view), id="pane"))
        self.query_one(Sidebar).highlight(table_id)
        state.save_last_table(self.db_key, table_id)
        state.save_last_view(table_id, view.id)

    async def close_table(self) -> None:
        self.current, self.view = None, None
        main = self.query_one("#main", Container)
        await main.remove_children()
        await main.mount(Static(EMPTY_TEXT, id="empty"))
        state.save_last_table(self.db_key, None)

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
        if self.current is None or self.view is None:
            self.notify("Open a table first", severity="warning")
            return
        if await self.app.push_screen_wait(FieldsScreen(self.current.id, self.view.id)):
            await self.open_table(self.current.id, self.view.id)

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
            await self.open_table(self.current.id, self.view.id if self.view else None)
