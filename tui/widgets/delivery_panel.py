"""``DeliveryPanel``: the webhooks screen's live delivery log with its title, its filter (all,
failed only or succeeded only; all hooks or one), the detail view and "retry now".

It polls ``core.hooks.log`` every ``POLL_SECONDS`` (one small, limited query), so it follows
deliveries made by the dispatcher in this process or in a server, and posts ``Changed`` when
new lines arrive (the screen then refreshes each hook's last delivery). The screen's keys
call ``cycle_outcome``, ``only_hook`` and ``retry_current``; Enter on a line opens it.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from core.errors import GridbaseError
from core.hooks.log import OUTCOMES, LogFilter, get_delivery, latest_deliveries, retry_now
from tui.screens.delivery_detail import DeliveryDetailScreen
from tui.widgets.delivery_log import DeliveryLog

POLL_SECONDS = 0.75
LOG_LIMIT = 50
OUTCOME_LABELS = {"all": "all", "failed": "failed only", "succeeded": "succeeded only"}


def log_title(where: LogFilter, hook_title: str) -> str:
    """``Deliveries, newest first · failed only · hook 'x'``: what the log shows (at most 76
    characters, so it fits at 80 columns)."""
    hook = f"hook '{clip(hook_title, 24)}'" if where.hook_id else "all hooks"
    return f"Deliveries, newest first · {OUTCOME_LABELS[where.outcome]} · {hook}"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def next_outcome(outcome: str) -> str:
    names = list(OUTCOMES)
    return names[(names.index(outcome) + 1) % len(names)]


class DeliveryPanel(Vertical):
    DEFAULT_CSS = """
    DeliveryPanel { height: 1fr; }
    DeliveryPanel #log-title { text-style: bold; }
    DeliveryPanel DeliveryLog { height: 1fr; }
    """

    class Changed(Message):
        """New or changed lines are on screen."""

    def __init__(self, table_id: str, **kwargs: str) -> None:
        super().__init__(**kwargs)
        self.table_id = table_id
        self.where, self.hook_title = LogFilter(), ""

    def compose(self) -> ComposeResult:
        yield Static(Text(log_title(self.where, "")), id="log-title")
        yield DeliveryLog(id="delivery-log")

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    @property
    def log(self) -> DeliveryLog:
        return self.query_one(DeliveryLog)

    # --- the filter -------------------------------------------------------------------------
    def filter(self, where: LogFilter, hook_title: str = "") -> None:
        self.where, self.hook_title = where, hook_title
        self.query_one("#log-title", Static).update(Text(log_title(where, hook_title)))
        self.poll()

    def cycle_outcome(self) -> None:
        """all → failed only → succeeded only → all."""
        self.filter(LogFilter(self.where.hook_id, next_outcome(self.where.outcome)),
                    self.hook_title)

    def only_hook(self, hook_id: str | None, hook_title: str = "") -> None:
        """Limit the log to ``hook_id``; the same hook again (or None) shows all hooks."""
        if hook_id is None or hook_id == self.where.hook_id:
            self.filter(LogFilter(None, self.where.outcome))
        else:
            self.filter(LogFilter(hook_id, self.where.outcome), hook_title)

    # --- reading ----------------------------------------------------------------------------
    @work(exclusive=True, group="hooks-poll", exit_on_error=False)
    async def poll(self) -> None:
        # A query cancelled half-way (the screen closing) could leave aiosqlite's connection
        # busy, so the DB part always runs to its end.
        task = asyncio.ensure_future(latest_deliveries(self.table_id, LOG_LIMIT, self.where))
        try:
            lines = await asyncio.shield(task)
        except asyncio.CancelledError:
            await task
            raise
        if self.is_attached and self.log.show(lines):
            self.post_message(self.Changed())

    @on(DataTable.RowSelected, "#delivery-log")
    def _delivery_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_delivery()

    @work(exclusive=True, group="hooks-detail", exit_on_error=False)
    async def open_delivery(self) -> None:
        line = self.log.current
        if line is None:
            return
        try:
            delivery = await get_delivery(line.id)
        except GridbaseError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.app.push_screen(DeliveryDetailScreen(delivery, line.hook_title, line.waiting_behind))

    # --- retry now --------------------------------------------------------------------------
    @work(exclusive=True, group="hooks-retry", exit_on_error=False)
    async def retry_current(self) -> None:
        line = self.log.current
        if line is None:
            self.notify("No delivery selected in the log", severity="warning")
            return
        try:
            queued = await retry_now(line.id)
        except GridbaseError as exc:
            self.notify(exc.message, title="Not retried", severity="error", markup=False)
            return
        self.notify(f"Delivery {queued.id} (attempt {queued.attempt}) is sent now", markup=False)
        self.poll()
