"""``QueryActions``: the main screen's filter (``/``), sort (``s``) and "Copy as API query"
(``Y``) — each works on the open view through ``ViewActions.show_state``.

The filter builder (``tui.screens.filter_builder.FilterBuilderScreen``) is imported when
first opened. It dismisses with None (cancelled) or a result whose ``.tree`` is the new filter
(None clears it). The API query is the exact request that returns the grid's rows
(``tui.api_query``); it is copied with OSC 52, which reaches the user's clipboard over SSH too,
and shown in full with its ``viewId`` form and a curl command (``ApiQueryScreen``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from core.query.ast import Group
from core.records.listing import SortKey
from tui.api_query import query_params, records_path
from tui.screens.api_query_screen import ApiQueryScreen
from tui.screens.sort import SortScreen

if TYPE_CHECKING:
    from core.views.state import SavedView, ViewState
    from tui.widgets.table_pane import TablePane


class QueryActions:
    """Mixed into ``MainScreen`` after ``ViewActions`` (``pane``, ``view``, ``show_state``)."""

    QUERY_BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "sort", "Sort", show=False),
        Binding("Y,ctrl+y", "copy_api_query", "API query", show=False),
    ]

    view: SavedView | None
    pane: TablePane | None

    if TYPE_CHECKING:
        async def show_state(self, new: ViewState) -> bool: ...
        def _needs_table(self) -> TablePane | None: ...

    async def apply_filter(self, tree: Group | None) -> bool:
        """Filter the open view by ``tree`` (field titles; None shows every row)."""
        state = self.current_state()  # type: ignore[attr-defined]
        return state is not None and await self.show_state(replace(state, where=tree))

    async def apply_sort(self, keys: tuple[SortKey, ...]) -> bool:
        state = self.current_state()  # type: ignore[attr-defined]
        return state is not None and await self.show_state(replace(state, sort=tuple(keys)))

    @work(exclusive=True, group="view-query", exit_on_error=False)
    async def action_filter(self) -> None:
        pane = self._needs_table()
        if pane is None:
            return
        try:
            from tui.screens.filter_builder import FilterBuilderScreen
        except ImportError:
            self.notify("The filter builder is not available", severity="error")  # type: ignore[attr-defined]
            return
        screen = FilterBuilderScreen(pane.source.table, pane.source.state.where)
        result = await self.app.push_screen_wait(screen)  # type: ignore[attr-defined]
        if result is not None:
            await self.apply_filter(result.tree)

    @work(exclusive=True, group="view-query", exit_on_error=False)
    async def action_sort(self) -> None:
        pane = self._needs_table()
        if pane is None:
            return
        screen = SortScreen(pane.source.table, pane.source.state.sort)
        keys = await self.app.push_screen_wait(screen)  # type: ignore[attr-defined]
        if keys is not None:
            await self.apply_sort(keys)

    def api_request(self) -> str | None:
        """``/api/v2/tables/{id}/records?…`` for the open view (None when no table is open)."""
        pane = self.pane
        return None if pane is None else records_path(pane.source.table, self.current_api_query())

    def current_api_query(self) -> dict[str, str]:
        """The open view as the API explorer's query parameters (``where``, ``sort``,
        ``fields``; only those the view sets)."""
        pane = self.pane
        if pane is None:
            return {}
        source = pane.source
        return query_params(source.table, source.state, [c.spec for c in source.columns])

    def action_copy_api_query(self) -> None:
        path = self.api_request()
        if path is None:
            self._needs_table()
            return
        self.app.copy_to_clipboard(path)  # type: ignore[attr-defined]
        pane, view = self.pane, self.view
        by_view = records_path(pane.source.table, {"viewId": view.id}) if pane and view else path
        title = view.title if view is not None else ""
        self.app.push_screen(ApiQueryScreen(path, by_view, title))  # type: ignore[attr-defined]
