"""``ViewActions``: the main screen's saved views — open a table in a view, apply a new view
state, and the palette's "View: …" commands (save as, switch, rename, delete, duplicate);
rename and delete also serve a view picked in the sidebar (``r``, ``x``).

Views live in core (``core.views``), the same rows the API's ``viewId`` reads. The open view
is saved as it changes: a filter, a sort, hidden fields or the column order are written when
applied, column widths within a second of ``<``/``>`` (``save_widths``, on a timer). The
state file only remembers which view was shown last per table. Whatever sets ``view`` (a
table opened or closed, a view switched, saved as, renamed or deleted) also marks it in the
sidebar.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work

from core.errors import GridbaseError, InvalidQuery
from core.schema.spec import TableSpec
from core.views import service as views
from core.views.state import SavedView, ViewState, open_view, save_view_state
from tui import state as tui_state
from tui.screens.modals import ConfirmScreen, PromptScreen
from tui.screens.pick import PickScreen
from tui.widgets.record_source import CoreRecordSource
from tui.widgets.sidebar import Sidebar
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from tui.catalog import TableEntry

WIDTHS_EVERY = 1.0


class ViewActions:
    """Mixed into ``MainScreen``; relies on its ``current``, ``open_table`` and ``_attempt``."""

    current: TableEntry | None
    _view: SavedView | None = None

    @property
    def view(self) -> SavedView | None:
        """The view the grid shows (None: no table open)."""
        return self._view

    @view.setter
    def view(self, view: SavedView | None) -> None:
        self._view = view
        table = self.current.id if self.current is not None and view is not None else None
        for sidebar in self.query(Sidebar):  # type: ignore[attr-defined]
            sidebar.mark_open(table, view.id if view is not None else None)

    @property
    def pane(self) -> TablePane | None:
        panes = self.query(TablePane)  # type: ignore[attr-defined]
        return panes.first() if panes else None

    def _needs_table(self) -> TablePane | None:
        pane = self.pane
        if pane is None or self.view is None:
            self.notify("Open a table first", severity="warning")  # type: ignore[attr-defined]
            return None
        return pane

    async def opened_source(self, spec: TableSpec, view_id: str | None) -> tuple[
            CoreRecordSource, SavedView]:
        """The view (the last one shown, else the default) and an opened source on it. A saved
        filter that no longer compiles (a field changed type) is dropped, with a warning."""
        saved = await open_view(spec, view_id or tui_state.load_last_view(spec.id))
        source = CoreRecordSource(spec, state=saved.state)
        try:
            await source.open()
        except InvalidQuery as exc:
            self.notify(f"The view's filter no longer applies ({exc.message}); showing every "  # type: ignore[attr-defined]
                        "row", severity="warning", title=saved.title)
            saved = replace(saved, state=replace(saved.state, where=None))
            source = CoreRecordSource(spec, state=saved.state)
            await source.open()
        return source, saved

    def current_state(self) -> ViewState | None:
        pane = self.pane
        if pane is None or self.view is None:
            return None
        widths = pane.column_widths()
        state = pane.source.state
        return state if widths is None else replace(state, widths=widths)

    async def show_state(self, new: ViewState) -> bool:
        """Save ``new`` as the open view's state and show it; False (and a message) if it
        cannot be saved or read — the grid then keeps what it showed."""
        pane = self._needs_table()
        if pane is None or self.view is None:
            return False
        try:
            await save_view_state(self.view.id, new)
            source = pane.source.with_state(new)
            await source.open()
        except Exception as exc:  # an invalid filter, a field deleted meanwhile: say so
            self.notify(error_message(exc), severity="error", title="View not changed")  # type: ignore[attr-defined]
            return False
        self.view = replace(self.view, state=new)
        await pane.show(source, self.view.id, view_label(self.view))
        return True

    def save_widths(self) -> None:
        """Timer: write the widths set with ``<``/``>`` to the view shown, when they changed."""
        pane = self.pane
        widths = pane.column_widths() if pane is not None else None
        if pane is not None and widths is not None and widths != pane.saved_widths:
            pane.saved_widths = widths
            self._write_widths(pane.view_id, widths)

    @work(group="view-widths", exit_on_error=False)
    async def _write_widths(self, view_id: str, widths: dict[str, int]) -> None:
        try:
            await views.update_view(view_id, widths=widths)
        except GridbaseError:
            pass  # the view was deleted meanwhile: nothing to keep

    # --- the palette's "View: …" commands -------------------------------------------------
    async def _switch(self, view_id: str) -> None:
        if self.current is not None:
            self.save_widths()
            await self.open_table(self.current.id, view_id)  # type: ignore[attr-defined]

    async def _views(self) -> list[Any]:
        return await views.list_views(self.current.id) if self.current else []

    @work(exclusive=True, group="views", exit_on_error=False)
    async def action_view_switch(self) -> None:
        if self._needs_table() is None or self.view is None:
            return
        found = await self._views()
        titles = [v.title for v in found]
        title = await self.app.push_screen_wait(  # type: ignore[attr-defined]
            PickScreen("Switch to view", titles, self.view.title))
        if title is not None:
            await self._switch(found[titles.index(title)].id)

    @work(exclusive=True, group="views", exit_on_error=False)
    async def action_view_save_as(self, copy: bool = False) -> None:
        """A new view with the open view's state (``copy``: named "… copy", for Duplicate)."""
        state = self.current_state()
        if state is None or self.view is None or self.current is None:
            self._needs_table()
            return
        suggested = f"{self.view.title} copy" if copy else ""
        title = await self.app.push_screen_wait(PromptScreen(  # type: ignore[attr-defined]
            "Duplicate view as" if copy else "Save view as", suggested, "Arms and Armor, newest"))
        if not title:
            return
        view = await self._attempt(views.create_view(self.current.id, title))  # type: ignore[attr-defined]
        if view and await self._attempt(save_view_state(view.id, state)):  # type: ignore[attr-defined]
            await self.reload_catalog()  # type: ignore[attr-defined]
            await self._switch(view.id)
            self.notify(f"View {view.title!r} saved")  # type: ignore[attr-defined]

    def action_view_duplicate(self) -> None:
        self.action_view_save_as(copy=True)

    @work(exclusive=True, group="views", exit_on_error=False)
    async def action_view_rename(self) -> None:
        if self._needs_table() is not None and self.view is not None:
            await self.rename_view(self.view.id, self.view.title)

    @work(exclusive=True, group="views", exit_on_error=False)
    async def action_view_delete(self) -> None:
        if self._needs_table() is not None and self.view is not None:
            await self.delete_view(self.view.id, self.view.title, self.view.is_default)

    async def rename_view(self, view_id: str, old: str) -> None:
        """Ask for a new title for view ``view_id`` (the open one or one in the sidebar)."""
        title = await self.app.push_screen_wait(PromptScreen("Rename view", old))  # type: ignore[attr-defined]
        if not title or title == old:
            return
        view = await self._attempt(views.update_view(view_id, title=title))  # type: ignore[attr-defined]
        if not view:
            return
        pane = self.pane
        if self.view is not None and self.view.id == view_id and pane is not None:
            self.view = replace(self.view, title=view.title)
            pane.set_view_title(view_label(self.view))
        await self.reload_catalog()  # type: ignore[attr-defined]

    async def delete_view(self, view_id: str, title: str, is_default: bool) -> None:
        """Delete a view after asking; the table shows its default view if it was open."""
        if is_default:
            self.notify("The default view cannot be deleted", severity="warning")  # type: ignore[attr-defined]
            return
        question = f"Delete view {title!r}? Its rows stay in the table."
        if not await self.app.push_screen_wait(ConfirmScreen(question)):  # type: ignore[attr-defined]
            return
        if await self._attempt(views.delete_view(view_id), done=True):  # type: ignore[attr-defined]
            await self.reload_catalog()  # type: ignore[attr-defined]
            if self.view is not None and self.view.id == view_id:
                await self._switch("")


def view_label(view: SavedView) -> str:
    """The view's name for the status line: none for the default view (80 columns are few)."""
    return "" if view.is_default else view.title


def error_message(exc: Exception) -> str:
    return exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"
