"""``ToolActions``: the main screen's doors to the tool screens — tokens, webhooks, the API
explorer and CSV import. Each screen lives in its own module, imported when first opened
(the grid's start-up does not pay for them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

if TYPE_CHECKING:
    from tui.catalog import BaseEntry, TableEntry


class ToolActions:
    """Mixed into ``MainScreen``; relies on its ``current``, ``db_key``, ``catalog``,
    ``_selected_base``, ``reload_catalog`` and ``open_table``."""

    TOOL_BINDINGS = [
        Binding("T", "tokens", "Tokens", show=False),
        Binding("W", "webhooks", "Webhooks", show=False),
        Binding("A", "api_explorer", "API", show=False),
        Binding("I", "import_csv", "Import", show=False),
    ]

    current: TableEntry | None
    db_key: str | None

    def action_tokens(self) -> None:
        from tui.screens.tokens import TokensScreen
        self.app.push_screen(TokensScreen())  # type: ignore[attr-defined]

    def action_webhooks(self) -> None:
        if self.current is None:
            self.notify("Open a table first: webhooks belong to a table",  # type: ignore[attr-defined]
                        severity="warning")
            return
        from tui.screens.webhooks import WebhooksScreen
        self.app.push_screen(WebhooksScreen(self.current.id))  # type: ignore[attr-defined]

    def action_api_explorer(self) -> None:
        base: BaseEntry | None = self._selected_base()  # type: ignore[attr-defined]
        if base is None:
            self.notify("Create a base first (N)", severity="warning")  # type: ignore[attr-defined]
            return
        from tui.screens.api_explorer import ApiExplorerScreen
        table_id = self.current.id if self.current and self.current.base_id == base.id else None
        self.app.push_screen(ApiExplorerScreen(  # type: ignore[attr-defined]
            base.id, table_id=table_id, db_url=self.db_key, query=self.current_api_query()))

    def current_api_query(self) -> dict[str, str]:
        """The open view's filter/sort/fields as API query parameters (``where``, ``sort``,
        ``fields``); empty when none is set. ``MainScreen`` overrides it once views exist."""
        return {}

    @work(exclusive=True, group="schema", exit_on_error=False)
    async def action_import_csv(self) -> None:
        base: BaseEntry | None = self._selected_base()  # type: ignore[attr-defined]
        if base is None:
            self.notify("Create a base first (N)", severity="warning")  # type: ignore[attr-defined]
            return
        from tui.screens.import_csv import ImportScreen
        table_id = await self.app.push_screen_wait(ImportScreen(base.id))  # type: ignore[attr-defined]
        if table_id:
            await self.reload_catalog()  # type: ignore[attr-defined]
            await self.open_table(table_id)  # type: ignore[attr-defined]
