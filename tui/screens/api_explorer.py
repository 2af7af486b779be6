"""``ApiExplorerScreen``: try the base's REST API from the terminal.

Endpoints come from the per-base OpenAPI document (core builds it, no HTTP needed); the
request form, response, snippets and history are the parts in ``tui.explorer``. Sending runs
in an exclusive worker (ctrl+g cancels). When nothing answers at a loopback URL, the screen
offers to start ``gridbase serve`` on this database and stops it when it closes.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiohttp
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static, TabbedContent, TabPane

from core.errors import GridbaseError
from core.openapi import base_document
from core.schema.bases import get_base
from tui.explorer.endpoint_list import EndpointList
from tui.explorer.endpoints import Endpoint, endpoints_of
from tui.explorer.history_list import HistoryList
from tui.explorer.request import FormState
from tui.explorer.request_form import RequestForm
from tui.explorer.response_view import ResponseView
from tui.explorer.sending import SendActions
from tui.explorer.server import LocalServer
from tui.explorer.session import ExplorerSession, session_for
from tui.explorer.snippet_view import SnippetView


TAB_WIDGETS: dict[str, type[Widget]] = {
    "response": ResponseView, "snippets": SnippetView, "history": HistoryList}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class ApiExplorerScreen(SendActions, Screen[None]):
    """Endpoints on the left; Request, Response, Snippets and History tabs (F2–F5) on the
    right. Enter on an endpoint opens its form; ctrl+s (or Enter in a field) sends."""

    DEFAULT_CSS = """
    ApiExplorerScreen #explorer-title { height: 1; padding: 0 1; background: $primary-background; }
    ApiExplorerScreen #explorer { height: 1fr; }
    ApiExplorerScreen #endpoints-slot { width: 29; }
    ApiExplorerScreen TabbedContent { width: 1fr; height: 1fr; }
    ApiExplorerScreen TabPane { padding: 0; height: 1fr; }
    ApiExplorerScreen ContentSwitcher { height: 1fr; }
    """
    BINDINGS = [  # the footer shows few keys: the response's and snippets' keys join them
        Binding("escape", "close", "Back"),
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("ctrl+g", "cancel", "Cancel"),
        # priority: over an Input's ctrl+e ("end")
        Binding("ctrl+e", "focus_endpoints", "Endpoints", priority=True, show=False),
        Binding("f2", "tab('request')", "Tabs", key_display="f2-f5"),
        Binding("f3", "tab('response')", "Response", show=False),
        Binding("f4", "tab('snippets')", "Snippets", show=False),
        Binding("f5", "tab('history')", "History", show=False),
        Binding("f6", "from_view", "From view", show=False),
        Binding("q", "app.quit", "Quit", show=False),  # Esc leaves this screen
    ]

    def __init__(self, base_id: str, *, table_id: str | None = None, db_url: str | None = None,
                 query: dict[str, str] | None = None) -> None:
        super().__init__()
        self.base_id, self.table_id, self.db_url = base_id, table_id, db_url
        self.view_query = dict(query or {})
        self.endpoints: dict[str, Endpoint] = {}
        self.form: RequestForm | None = None
        self.server: LocalServer | None = None
        self.http: aiohttp.ClientSession | None = None

    @property
    def session(self) -> ExplorerSession:
        return session_for(self.app)

    @property
    def drafts(self) -> dict[str, FormState]:
        return self.session.drafts

    def compose(self) -> ComposeResult:
        yield Static("API explorer — loading the OpenAPI document…", id="explorer-title")
        with Horizontal(id="explorer"):
            yield Static("", id="endpoints-slot")
            with TabbedContent(id="tabs", initial="request"):
                with TabPane("Request", id="request"):
                    yield Static("Choose an endpoint (Enter)", id="form-empty")
                with TabPane("Response", id="response"):
                    yield ResponseView(id="response-view")
                with TabPane("Snippets", id="snippets"):
                    yield SnippetView(id="snippet-view")
                with TabPane("History", id="history"):
                    yield HistoryList(self.session.history, id="history-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60, connect=5))
        self.load_endpoints()

    async def on_unmount(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.server is not None:
            await asyncio.to_thread(self.server.stop)
            self.server = None

    # --- endpoints and the form ----------------------------------------------------------
    @work(exclusive=True, group="explorer-load", exit_on_error=False)
    async def load_endpoints(self) -> None:
        title = self.query_one("#explorer-title", Static)
        try:
            base = await get_base(self.base_id)
            endpoints = endpoints_of(await base_document(base), self.table_id)
        except Exception as exc:  # an unreadable base is a message, not a crash
            message = exc.message if isinstance(exc, GridbaseError) else f"{exc!r}"
            title.update(Text(f"API explorer — cannot read the base: {message}", style="red"))
            return
        self.endpoints = {e.key: e for e in endpoints}
        title.update(Text.assemble("API explorer — ", (base.title, "bold"),
                                   f" · {_count(len(endpoints), 'endpoint')} · "
                                   f"{_count(len({e.table_id for e in endpoints}), 'table')}"))
        listing = EndpointList(endpoints, id="endpoints")
        await self.query_one("#endpoints-slot").remove()
        await self.query_one("#explorer", Horizontal).mount(listing, before=0)
        listing.focus()
        if endpoints:
            first = self.endpoints.get(self.session.endpoint_key, endpoints[0])
            listing.select(first.key)
            await self.show_endpoint(first)

    async def show_endpoint(self, endpoint: Endpoint, state: FormState | None = None) -> None:
        if self.form is not None:
            self.drafts[self.form.endpoint.key] = self.form.state()
            await self.form.remove()
        draft = self.drafts.get(endpoint.key)
        if draft is not None:  # as left, with the session's current token and server
            draft = replace(draft, token=self.session.token, server=self.session.server_url)
        state = state or draft or FormState(
            endpoint.key, token=self.session.token, server=self.session.server_url)
        self.form = RequestForm(endpoint, state, self.view_query, id="form")
        self.query_one("#form-empty").display = False
        await self.query_one("#request", TabPane).mount(self.form)

    @on(EndpointList.Chosen)
    async def _chosen(self, event: EndpointList.Chosen) -> None:
        await self.show_endpoint(event.endpoint)
        self.query_one(TabbedContent).active = "request"
        if self.form is not None:
            self.form.focus_first()

    @on(HistoryList.Restore)
    async def _restore(self, event: HistoryList.Restore) -> None:
        entry = event.entry
        endpoint = self.endpoints.get(entry.state.endpoint_key)
        if endpoint is None:
            self.notify("That endpoint is gone (table deleted?)", severity="warning")
            return
        self.drafts.pop(endpoint.key, None)
        await self.show_endpoint(endpoint, entry.state)
        self.query_one(EndpointList).select(endpoint.key)
        self._show_result(entry)
        self.query_one(TabbedContent).active = "request"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in any field of the form sends, as in a browser's address bar."""
        event.stop()
        self.action_send()

    @on(Input.Changed, "#token")
    def _token_changed(self, event: Input.Changed) -> None:
        self.session.token = event.value.strip()

    @on(Input.Changed, "#server")
    def _server_changed(self, event: Input.Changed) -> None:
        self.session.server_url = event.value.strip() or self.session.server_url

    @on(TabbedContent.TabActivated, pane="#snippets")
    def _snippets_shown(self) -> None:
        self.query_one(SnippetView).show(self._current_request())

    # --- actions -------------------------------------------------------------------------
    def action_close(self) -> None:
        if self.form is not None:
            self.drafts[self.form.endpoint.key] = self.form.state()
            self.session.endpoint_key = self.form.endpoint.key
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab != "request":
            self.query_one(TAB_WIDGETS[tab]).focus()
        elif self.form is not None:
            self.form.focus_first()

    def action_focus_endpoints(self) -> None:
        for listing in self.query(EndpointList):
            listing.focus()

    def action_from_view(self) -> None:
        if self.form is None or not self.form.fill_from_view():
            self.notify("No filter, sort or fields in the open view (or no where here)",
                        severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel shows in the footer only while a request runs."""
        return self._sending() if action == "cancel" else True

    def _sending(self) -> bool:
        return any(w.group == "explorer-send" and not w.is_finished
                   for w in self.workers if w.node is self)

    def on_worker_state_changed(self) -> None:
        self.refresh_bindings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        elif event.button.id == "from-view":
            self.action_from_view()
