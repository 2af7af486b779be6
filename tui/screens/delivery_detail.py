"""``DeliveryDetailScreen``: one webhook attempt in full — what was sent (method, URL,
headers, body) and what came back (status, body, error, duration), or what a waiting attempt
waits behind — with replay (``r``), which queues the same event to the hook again, outside its
event order (``core.hooks.replay``), and retry now (``R``) for a failed or waiting attempt
(``core.hooks.log.retry_now``)."""

from __future__ import annotations

import json

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from core.errors import GridbaseError
from core.hooks import replay
from core.hooks.log import retry_now
from core.hooks.queue import Blocker
from core.models import Delivery
from tui.widgets.delivery_log import clock


def pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def _when_next(d: Delivery, behind: Blocker | None) -> str:
    """`` · waiting behind event 21 (retry at 05:29:35)`` when the hook's queue holds the
    attempt back (its own next-try time has passed), else `` · next try 05:07:36``."""
    if behind is not None:
        return f" · {behind.describe(clock)}"
    waiting = d.status == "pending" and d.next_attempt_at is not None
    return f" · next try {clock(d.next_attempt_at)}" if waiting else ""


def describe(d: Delivery, behind: Blocker | None = None) -> str:
    """The attempt as markup text: the outcome first, then the request, then the response body."""
    headers = "\n".join(f"  {k}: {v}" for k, v in (d.request_headers or {}).items())
    status = "—" if d.response_status is None else str(d.response_status)
    took = "" if d.duration_ms is None else f" in {d.duration_ms:.0f} ms"
    lines = [
        f"[b]{escape(d.event_type or 'event')}[/b] · attempt {d.attempt} · {d.status}"
        + (" · test send" if d.test_call else "") + (" · replay" if d.replay else ""),
        f"[b]Response[/b] status {status}{took} · sent {clock(d.sent_at) or '—'}"
        + _when_next(d, behind),
    ]
    if d.error:
        lines.append(f"[red]{escape(d.error)}[/red]")
    lines += ["", f"[b]Request[/b]  {d.method} {escape(d.url)}", escape(headers),
              escape(pretty(d.request_body)) if d.request_body else "(not sent yet)",
              "", "[b]Response body[/b]",
              escape(pretty(d.response_body)) if d.response_body else "(none)"]
    return "\n".join(lines)


class DeliveryDetailScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    DeliveryDetailScreen { align: center middle; }
    DeliveryDetailScreen > Vertical {
        width: 100; max-width: 100%; height: 100%; max-height: 44;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DeliveryDetailScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close"), Binding("r", "replay", "Replay"),
                Binding("R", "retry_now", "Retry now")]

    def __init__(self, delivery: Delivery, hook_title: str, behind: Blocker | None = None) -> None:
        super().__init__()
        self.delivery, self.hook_title, self.behind = delivery, hook_title, behind

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"Delivery {self.delivery.id} to {self.hook_title}")
            with VerticalScroll(id="delivery-body"):
                yield Static(describe(self.delivery, self.behind), id="delivery-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    @work(exclusive=True, group="delivery-replay", exit_on_error=False)
    async def action_replay(self) -> None:
        d = self.delivery
        if d.event_id is None:
            self.notify("A test send has no event to replay", severity="warning")
            return
        try:
            queued = await replay(d.hook_id, delivery_id=d.id)
        except GridbaseError as exc:
            self.notify(exc.message, title="Not replayed", severity="error", markup=False)
            return
        self.notify(f"Event {d.event_id} queued again as delivery {queued.id}")
        self.dismiss(None)

    @work(exclusive=True, group="delivery-replay", exit_on_error=False)
    async def action_retry_now(self) -> None:
        try:
            queued = await retry_now(self.delivery.id)
        except GridbaseError as exc:
            self.notify(exc.message, title="Not retried", severity="error", markup=False)
            return
        self.notify(f"Delivery {queued.id} (attempt {queued.attempt}) is sent now", markup=False)
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
