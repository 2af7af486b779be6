"""The tokens screen's dialogs: the new-token form (name, role, optional base scope) and the
one-time display of a new token's plaintext, with copy to the clipboard (OSC 52)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from core.tokens.service import ROLES
from tui.screens.modals import dialog_css

ALL_BASES = ""


@dataclass(frozen=True)
class TokenRequest:
    name: str
    role: str
    base_id: str | None


class NewTokenScreen(ModalScreen[TokenRequest | None]):
    """Ask for a name, a role and an optional base; Enter or Ctrl+S creates, Esc cancels."""

    DEFAULT_CSS = dialog_css("NewTokenScreen") + """
    NewTokenScreen Select { width: 100%; }
    NewTokenScreen #token-error { color: $text-error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "create", "Create")]

    def __init__(self, bases: list[tuple[str, str]]) -> None:
        """``bases``: (title, id) pairs offered as scopes."""
        super().__init__()
        self.bases = bases

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("New API token", classes="prompt-title")
            yield Input(placeholder="name, e.g. ci-bot", id="token-name")
            yield Label("Role")
            yield Select([(r, r) for r in ROLES], value=ROLES[0], allow_blank=False,
                         id="token-role")
            yield Label("Base scope")
            yield Select([("All bases", ALL_BASES), *self.bases], value=ALL_BASES,
                         allow_blank=False, id="token-base")
            yield Static("", id="token-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create", id="create", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#token-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.dismiss(None)

    def action_create(self) -> None:
        name = self.query_one("#token-name", Input).value.strip()
        if not name:
            self.query_one("#token-error", Static).update("A token needs a name")
            return
        role = str(self.query_one("#token-role", Select).value)
        base = str(self.query_one("#token-base", Select).value)
        self.dismiss(TokenRequest(name, role, base or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TokenShownScreen(ModalScreen[None]):
    """The new token's plaintext, shown this once; ``c`` copies it, Esc or Enter closes."""

    DEFAULT_CSS = dialog_css("TokenShownScreen") + """
    TokenShownScreen > Vertical { width: 70; max-width: 100%; }
    TokenShownScreen #token-plaintext { text-style: bold; color: $text-success; }
    TokenShownScreen #token-warning { width: 100%; }
    """
    BINDINGS = [Binding("c", "copy", "Copy"), Binding("escape,enter,q", "close", "Close")]

    def __init__(self, name: str, plaintext: str) -> None:
        super().__init__()
        self.token_name, self.plaintext = name, plaintext

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Token {self.token_name!r} created"), classes="prompt-title")
            yield Static(self.plaintext, id="token-plaintext", markup=False)
            yield Static("Copy it now: it is stored only as a hash and will not be shown again.",
                         id="token-warning")
            with Horizontal(classes="buttons"):
                yield Button("Copy (c)", id="copy", variant="primary")
                yield Button("Close (Esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.plaintext)
        self.notify("Token copied to the clipboard")

    def action_close(self) -> None:
        self.dismiss(None)
