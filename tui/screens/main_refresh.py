"""``SchemaRefresh``: the main screen follows schema changes made by another process (the API
server adding a table or a column, renaming or deleting a view) within about a second.

The signal is ``core.schema.changes.meta_version`` — one statement of aggregates over the
metadata tables — read every ``SCHEMA_POLL_SECONDS`` (half as often as the rows' change feed
in ``LiveRefresh``). When it moves, the catalog is read again: the sidebar is rebuilt only if
the catalog differs, keeping the cursor's entry, the folded branches and the open-view
marker. The open grid is rebuilt only if its table's fields or its view's columns, filter or
sort differ, keeping the cursor on the same row and column. A table or view deleted
elsewhere is said so: the grid closes, or shows the table's default view. Nothing moves
while a dialog is open over the screen or a cell is being edited; the change is picked up
right after.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets.tree import TreeNode

from core.schema import tables
from core.schema.changes import MetaVersion, meta_version
from core.schema.spec import TableSpec
from core.views.state import SavedView, ViewState, open_view
from tui import state as tui_state
from tui.catalog import BaseEntry, Entry, TableEntry, find_table, load_catalog
from tui.screens.main_views import view_label
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from textual.app import App

SCHEMA_POLL_SECONDS = 1.0


def _nodes(node: TreeNode[Entry]) -> list[TreeNode[Entry]]:
    found: list[TreeNode[Entry]] = []
    for child in node.children:
        found += [child, *_nodes(child)]
    return found


def _columns_of(state: ViewState) -> tuple[Any, ...]:
    """What of a view state shapes the grid (widths are saved by this screen as they change)."""
    return state.hidden, state.field_order, state.where, state.sort


def same_grid(pane: TablePane, spec: TableSpec, saved: SavedView) -> bool:
    shown = pane.source.table
    return (shown.fields == spec.fields and pane.view_id == saved.id
            and _columns_of(pane.source.state) == _columns_of(saved.state))


class SchemaRefresh:
    """Mixed into ``MainScreen``; call ``start_schema_refresh`` once mounted."""

    catalog: list[BaseEntry]
    current: TableEntry | None
    view: SavedView | None
    pane: TablePane | None
    _seen_meta: MetaVersion | None = None
    _checking = False

    if TYPE_CHECKING:
        app: App[Any]

        def set_interval(self, interval: float, callback: Any) -> Any: ...
        def query_one(self, selector: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        async def close_table(self) -> None: ...
        async def opened_source(self, spec: TableSpec, view_id: str | None) -> Any: ...

    def start_schema_refresh(self, every: float = SCHEMA_POLL_SECONDS) -> None:
        self.set_interval(every, self._poll_schema)

    def _poll_schema(self) -> None:
        if not self._checking:  # a slow rebuild is never cut short by the next tick
            self._checking = True
            self._schema_worker()

    @work(group="schema-refresh", exit_on_error=False)
    async def _schema_worker(self) -> None:
        # As in LiveRefresh: a query cancelled half-way (the app quitting) can hang aiosqlite.
        task = asyncio.ensure_future(self._schema_check())
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            await task
            raise
        finally:
            self._checking = False

    async def _schema_check(self) -> None:
        """Read the metadata version; follow the change if it moved (and it is a good time)."""
        latest = await meta_version()
        seen, self._seen_meta = self._seen_meta, latest
        if seen is None or latest == seen:
            return
        if self.app.screen is not self or not await self.follow_schema():
            self._seen_meta = seen  # not now: try again on the next tick

    async def follow_schema(self) -> bool:
        """Show the catalog and the open table as they are now; False if the grid is busy
        with an edit (nothing changed then)."""
        pane = self.pane
        if pane is not None and pane.editor.is_open:
            return False
        catalog = await load_catalog()
        if catalog != self.catalog:
            self._show_catalog(catalog)
        if self.current is None or self.view is None:
            return True
        table = find_table(catalog, self.current.id)
        if table is None:
            self.notify(f"Table '{self.current.title}' was deleted by someone else",
                        severity="warning", title="Table closed")
            await self.close_table()
            return True
        self.current = table
        await self._follow_table(table)
        return True

    def _show_catalog(self, catalog: list[BaseEntry]) -> None:
        """Rebuild the sidebar from ``catalog``: the cursor stays on its entry, branches stay
        folded or unfolded as they were (a new base or table arrives unfolded)."""
        sidebar: Sidebar = self.query_one(Sidebar)
        picked = sidebar.selected
        folded = {n.data.id for n in _nodes(sidebar.root)
                  if n.data is not None and n.allow_expand and not n.is_expanded}
        self.catalog = catalog
        sidebar.show(catalog, self.current.id if self.current else None)
        for node in _nodes(sidebar.root):
            if node.data is not None and node.data.id in folded:
                node.collapse()
        target = next((n for n in _nodes(sidebar.root) if picked is not None
                       and n.data is not None and n.data.id == picked.id), None)
        if target is not None:
            sidebar.call_after_refresh(sidebar.move_cursor, target)

    async def _follow_table(self, table: TableEntry) -> None:
        """Rebuild the grid if the open table's fields or view changed (the title always)."""
        assert self.view is not None
        pane = self.pane
        spec = await tables.load_table(table.id)
        saved = await open_view(spec, self.view.id)  # the default view when it is gone
        if pane is None:
            return
        base = next((b.title for b in self.catalog if b.id == spec.base_id), "")
        pane.set_title(f"{base} › {spec.title}")
        if saved.id != self.view.id:
            self.notify(f"View '{self.view.title}' was deleted by someone else; showing "
                        f"'{saved.title}'", severity="warning")
            tui_state.save_last_view(table.id, saved.id)
        if same_grid(pane, spec, saved):
            self.view = saved  # its title may have changed
            pane.set_view_title(view_label(saved))
            return
        row = pane.grid.cursor_row
        source, saved = await self.opened_source(spec, saved.id)
        self.view = saved
        await pane.show(source, saved.id, view_label(saved))
        pane.grid.move_cursor(row)
