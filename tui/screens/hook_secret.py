"""``HookSecretScreen``: a webhook's signing secret and a receiver-side snippet that checks
the signature, both copyable (OSC 52), and rotation (``r``, after a confirm) to a new secret,
which the screen then shows; it dismisses with True when the secret changed.

The snippet follows ``core.hooks.signing`` exactly: the ``X-Gridbase-Signature`` header is
``t=<unix seconds>,v1=<hex HMAC-SHA256>`` over ``b"<t>." + raw body`` keyed with the secret,
and a stale timestamp is refused. A test runs the snippet against a real signed delivery.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from core.errors import GridbaseError
from core.hooks import rotate_secret
from core.hooks.signing import DEFAULT_TOLERANCE, SIGNATURE_HEADER
from tui.screens.modals import ConfirmScreen

SNIPPET = '''import hashlib
import hmac
import time

SECRET = {secret!r}


def verify(header: str, body: bytes, tolerance: int = {tolerance}) -> bool:
    """True if the {header} header signs this raw body."""
    parts = [p.strip().partition("=") for p in header.split(",")]
    stamp = next((v for k, _, v in parts if k == "t"), "")
    if not stamp.isdigit():
        return False
    if abs(time.time() - int(stamp)) > tolerance:
        return False  # stale: maybe a replayed request
    signed = stamp.encode() + b"." + body
    key = SECRET.encode()
    expected = hmac.new(key, signed, hashlib.sha256).hexdigest()
    sent = [v for k, _, v in parts if k == "v1"]
    return any(hmac.compare_digest(expected, v) for v in sent)


# aiohttp, for example:
# verify(request.headers["{header}"], await request.read())
'''


def verification_snippet(secret: str) -> str:
    """Python code a receiver can paste to check ``X-Gridbase-Signature`` with ``secret``."""
    return SNIPPET.format(secret=secret, header=SIGNATURE_HEADER, tolerance=DEFAULT_TOLERANCE)


class HookSecretScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    HookSecretScreen { align: center middle; }
    HookSecretScreen > Vertical {
        width: 90; max-width: 100%; height: 100%; max-height: 40;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HookSecretScreen #hook-secret { text-style: bold; color: $text-success; }
    HookSecretScreen TextArea { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close"),
                Binding("s", "copy('secret')", "Copy secret"),
                Binding("c", "copy('snippet')", "Copy snippet"),
                Binding("r", "rotate", "Rotate")]

    def __init__(self, title: str, secret: str, hook_id: str | None = None) -> None:
        super().__init__()
        self.hook_title, self.secret, self.hook_id = title, secret, hook_id
        self.snippet = verification_snippet(secret)
        self.rotated = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"Signing secret of {self.hook_title}")
            yield Static(self.secret, id="hook-secret")
            yield Static(f"Each request carries {SIGNATURE_HEADER}: t=<unix>,v1=<HMAC-SHA256 "
                         "of \"t.body\">. Check it like this:")
            yield TextArea(self.snippet, read_only=True, soft_wrap=False, id="hook-snippet")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_copy(self, what: str) -> None:
        self.app.copy_to_clipboard(self.secret if what == "secret" else self.snippet)
        self.notify(f"{what.capitalize()} copied to the clipboard")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.hook_id is not None if action == "rotate" else True

    @work(exclusive=True, group="hook-secret-rotate", exit_on_error=False)
    async def action_rotate(self) -> None:
        question = (f"Rotate the secret of {self.hook_title!r}? Receivers must check the new "
                    "one: deliveries from now on are signed with it.")
        if self.hook_id is None or not await self.app.push_screen_wait(
                ConfirmScreen(question, yes="Rotate")):
            return
        try:
            hook = await rotate_secret(self.hook_id)
        except GridbaseError as exc:
            self.notify(exc.message, title="Not rotated", severity="error", markup=False)
            return
        self.show_secret(hook.secret)
        self.notify("New secret: receivers must use it from now on")

    def show_secret(self, secret: str) -> None:
        self.secret, self.snippet, self.rotated = secret, verification_snippet(secret), True
        self.query_one("#hook-secret", Static).update(Text(secret))
        self.query_one(TextArea).load_text(self.snippet)

    def action_close(self) -> None:
        self.dismiss(self.rotated)
