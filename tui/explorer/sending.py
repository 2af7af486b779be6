"""``SendActions``: the explorer screen's sending — build the request from the form, offer a
session token and a local server when they are missing, send in an exclusive worker (ctrl+g
cancels), show the result and keep it in the history."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import aiohttp
from textual import work
from textual.widgets import TabbedContent

from core.errors import GridbaseError
from tui.explorer.history_list import HistoryList
from tui.explorer.request import (ApiRequest, ApiResponse, FormState, RequestProblem,
                                  ServerUnreachable, build_request, send)
from tui.explorer.response_view import ResponseView
from tui.explorer.server import (LocalServer, ServerStartFailed, local_port, shown_database,
                                 start_server)
from tui.explorer.session import ExplorerSession, HistoryEntry
from tui.explorer.session_token import create_session_token
from tui.explorer.snippet_view import SnippetView
from tui.screens.modals import ConfirmScreen

if TYPE_CHECKING:
    from tui.explorer.request_form import RequestForm

SEND_ERRORS = (ServerUnreachable, ServerStartFailed, aiohttp.ClientError, asyncio.TimeoutError)


class SendActions:
    """Mixed into ``ApiExplorerScreen``, whose ``form``, ``session``, ``http``, ``server``,
    ``db_url`` and ``base_id`` it uses."""

    form: RequestForm | None
    session: ExplorerSession
    http: aiohttp.ClientSession | None
    server: LocalServer | None
    db_url: str | None
    base_id: str
    if TYPE_CHECKING:  # provided by the Screen
        app: Any
        workers: Any
        query_one: Any
        notify: Any

    def _current_request(self) -> ApiRequest | None:
        if self.form is None:
            return None
        try:
            return build_request(self.form.endpoint, self.form.state())
        except RequestProblem:
            return None

    @work(exclusive=True, group="explorer-send", exit_on_error=False)
    async def send_request(self) -> None:
        prepared = await self._prepare()
        if prepared is not None:
            await self._exchange(*prepared)

    async def _prepare(self) -> tuple[FormState, ApiRequest] | None:
        """The form's request (after offering a token), or None with the reason shown."""
        if self.form is None:
            self.notify("Choose an endpoint first", severity="warning")
            return None
        state = self.form.state()
        try:
            request = build_request(self.form.endpoint, state)
        except RequestProblem as exc:
            self.notify(str(exc), severity="error", title="Cannot send", markup=False)
            return None
        if not request.token and await self._offer_token(self.form):
            state = self.form.state()
            request = build_request(self.form.endpoint, state)
        self.session.token, self.session.server_url = request.token, request.server
        return state, request

    async def _exchange(self, state: FormState, request: ApiRequest) -> None:
        self.query_one(SnippetView).show(request)
        self.query_one(TabbedContent).active = "response"
        view = self.query_one(ResponseView)
        view.show_message(f"Sending {request.method} {request.path} … (ctrl+g cancels)")
        try:
            response = await self._send_or_start(request)
        except asyncio.CancelledError:
            view.show_message("Cancelled", "bold yellow")
            raise
        except SEND_ERRORS as exc:
            self._remember(HistoryEntry(state, request, None, str(exc) or type(exc).__name__))
            return
        self._remember(HistoryEntry(state, request, response))

    def _remember(self, entry: HistoryEntry) -> None:
        self.session.remember(entry)
        self.query_one(HistoryList).add_entry(entry)
        self._show_result(entry)

    def _show_result(self, entry: HistoryEntry) -> None:
        view = self.query_one(ResponseView)
        if entry.response is not None:
            view.show(entry.response)
        else:
            view.show_message(entry.error, "bold red")
        self.query_one(SnippetView).show(entry.request)

    async def _send_or_start(self, request: ApiRequest) -> ApiResponse:
        assert self.http is not None
        try:
            return await send(self.http, request)
        except ServerUnreachable:
            if not await self._offer_server(request.server):
                raise
        return await send(self.http, request)

    async def _offer_server(self, url: str) -> bool:
        """Ask to start ``gridbase serve`` for this database at ``url``; True once it runs."""
        port = local_port(url)
        if port is None or not self.db_url or (self.server and self.server.running):
            return False
        question = (f"No server answers at {url}.\nStart one in the background?\n"
                    f"  gridbase --db {shown_database(self.db_url)} serve --port {port}\n"
                    "It stops when the explorer closes.")
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Start")):
            return False
        self.query_one(ResponseView).show_message(f"Starting gridbase serve on port {port} …")
        self.server = await start_server(self.db_url, port)
        self.notify(f"gridbase serve runs at {self.server.url} (log: {self.server.log})",
                    markup=False)
        return True

    async def _offer_token(self, form: RequestForm) -> bool:
        """No token: offer, once per session, to make one for this session (it is revoked
        when the app ends; see ``tui.explorer.session_token``)."""
        if self.session.token_offered:
            return False
        self.session.token_offered = True
        question = ("No API token given: the API will answer 401.\nCreate a token for this "
                    "session\n(editor, this base only; revoked when gridbase exits)?")
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Create")):
            return False
        try:
            token, plaintext = await create_session_token(self.base_id)
        except GridbaseError as exc:
            self.notify(exc.message, severity="error", title="Cannot create a token",
                        markup=False)
            return False
        self.session.token, self.session.token_id = plaintext, token.id
        form.set_token(plaintext)
        self.notify(f"Token {token.name}: {plaintext}\n(shown once; revoked when gridbase "
                    "exits)", title="Token created", timeout=20, markup=False)
        return True

    def action_send(self) -> None:
        self.send_request()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "explorer-send")
