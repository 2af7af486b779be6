"""``TokensScreen``: the API tokens of the database (``T`` in the grid, or "Tokens" in the
palette) — list them with role, base scope, creation, last use and revocation; create one
(its plaintext is shown once, with copy via OSC 52); revoke one after a confirm.

Everything goes through ``core.tokens.service`` in workers; failures become notifications.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from core.errors import GridbaseError
from core.models import ApiToken
from core.schema.bases import list_bases
from core.tokens import service
from tui.screens.modals import ConfirmScreen
from tui.screens.token_dialogs import NewTokenScreen, TokenShownScreen

COLUMNS = ("Name", "Role", "Base", "Created", "Last used", "Revoked", "Hint")
HINT = "n new · x revoke · Esc back  (tokens authorise the REST API: xc-token header)"


def when(value: dt.datetime | None) -> str:
    return "" if value is None else value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def message_of(exc: Exception) -> str:
    return exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"


class TokensScreen(Screen[None]):
    DEFAULT_CSS = """
    TokensScreen > Vertical { height: 1fr; padding: 0 1; }
    TokensScreen #tokens-title { text-style: bold; }
    TokensScreen DataTable { height: 1fr; }
    TokensScreen #tokens-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("n", "create", "New token"),
        Binding("x,delete", "revoke", "Revoke"),
        Binding("r", "reload", "Reload"),
        Binding("v", "toggle_revoked", "Revoked"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[ApiToken] = []
        self.bases: dict[str, str] = {}
        self.show_revoked = False
        """Revoked tokens are kept (for the record) but listed only on request (``v``)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("API tokens", id="tokens-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="tokens-table")
            yield Static(HINT, id="tokens-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.action_reload()

    @work(exclusive=True, group="tokens", exit_on_error=False)
    async def action_reload(self) -> None:
        await self._reload()

    async def _reload(self) -> None:
        self.bases = {b.id: b.title for b in await list_bases()}
        every = await service.list_tokens(include_revoked=True)
        self.tokens = [t for t in every if self.show_revoked or t.revoked_at is None]
        hidden = len(every) - len(self.tokens)
        self.query_one("#tokens-title", Static).update(
            "API tokens" + (f" ({hidden} revoked not shown: v shows them)" if hidden else ""))
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for token in self.tokens:
            table.add_row(*self._cells(token), key=token.id)
        if self.tokens:
            table.move_cursor(row=min(max(row, 0), len(self.tokens) - 1))

    def _cells(self, token: ApiToken) -> tuple[Text | str, ...]:
        """Names are shown as typed: a ``[`` in them is text, not markup."""
        scope = "all bases" if token.base_id is None else self.bases.get(token.base_id, token.base_id)
        style = "dim strike" if token.revoked_at is not None else ""  # seen even when scrolled
        return (Text(token.name, style=style), token.role, Text(scope), when(token.created_at),
                when(token.last_used_at) or "never", when(token.revoked_at), f"…{token.hint}")

    async def action_toggle_revoked(self) -> None:
        self.show_revoked = not self.show_revoked
        await self._reload()

    @property
    def current(self) -> ApiToken | None:
        row = self.query_one(DataTable).cursor_row
        return self.tokens[row] if 0 <= row < len(self.tokens) else None

    @work(exclusive=True, group="tokens-edit", exit_on_error=False)
    async def action_create(self) -> None:
        choices = [(title, base_id) for base_id, title in self.bases.items()]
        request = await self.app.push_screen_wait(NewTokenScreen(choices))
        if request is None:
            return
        try:
            token, plaintext = await service.create_token(request.name, request.role,
                                                          request.base_id)
        except Exception as exc:  # nothing was stored; say why
            self.notify(message_of(exc), title="Token not created", severity="error",
                        markup=False)
            return
        await self._reload()
        self._select(token.id)
        await self.app.push_screen_wait(TokenShownScreen(token.name, plaintext))

    @work(exclusive=True, group="tokens-edit", exit_on_error=False)
    async def action_revoke(self) -> None:
        token = self.current
        if token is None:
            return
        if token.revoked_at is not None:
            self.notify(f"Token {token.name!r} is already revoked", severity="warning",
                        markup=False)
            return
        question = f"Revoke token {token.name!r} (…{token.hint})? Clients using it get 401."
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Revoke")):
            return
        try:
            await service.revoke_token(token.id)
        except Exception as exc:
            self.notify(message_of(exc), title="Token not revoked", severity="error",
                        markup=False)
        else:
            self.notify(f"Token {token.name!r} revoked", markup=False)
        await self._reload()

    def _select(self, token_id: str) -> None:
        ids = [t.id for t in self.tokens]
        if token_id in ids:
            self.query_one(DataTable).move_cursor(row=ids.index(token_id))

    def action_close(self) -> None:
        self.dismiss(None)
