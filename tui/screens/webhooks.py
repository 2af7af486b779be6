"""``WebhooksScreen``: the webhooks of one table (``W`` in the grid, or "Webhooks" in the
palette) above a live log of their deliveries.

Hooks: create and edit in a form (``HookFormScreen``), enable/disable, delete after a confirm,
send a test, show (and rotate) the signing secret with a verification snippet. The log
(``DeliveryPanel``) follows deliveries made by the dispatcher in this process or in a server:
``f`` cycles all / failed only / succeeded only, ``h`` limits it to the selected hook (again:
all hooks), ``R`` retries the selected delivery now, and Enter shows it in full, with replay.
Everything goes through ``core.hooks``; failures become notifications.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import asdict

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from core.errors import GridbaseError
from core.hooks import create_hook, delete_hook, list_hooks, test_hook, update_hook
from core.hooks.log import DeliveryLine, last_delivery_by_hook
from core.hooks.service import spec_of
from core.hooks.spec import HookSpec, operation_of
from core.models import Webhook
from core.schema.tables import load_table
from tui.screens.hook_secret import HookSecretScreen
from tui.screens.modals import ConfirmScreen
from tui.screens.webhook_form import HookFormScreen, Save
from tui.widgets.delivery_log import clock, result_text
from tui.widgets.delivery_panel import DeliveryPanel, clip

COLUMNS = ("Title", "Events", "URL", "On", "Last delivery")
HINT = "Enter edits · l log · f failed/succeeded · h this hook · R retry now"


def message_of(exc: Exception) -> str:
    return exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"


def hook_cells(hook: Webhook, last: DeliveryLine | None) -> tuple[object, ...]:
    events = " ".join(e.rsplit(".", 1)[-1][:3] for e in hook.events or ())
    seen = "—" if last is None else last_seen(last)
    return (Text(clip(hook.title, 20)), events, Text(clip(hook.url, 30)),
            "on" if hook.active else "off", seen)


def last_seen(line: DeliveryLine) -> Text:
    """The HTTP status, or the attempt's status (``failed``, ``retry``…) when nothing answered:
    short, so the time fits at 80 columns (the log below has the error)."""
    text = result_text(line)
    if line.response_status is None:
        text = Text(line.status, style=text.style)
    return text.append(f" {clock(line.at)}")


class WebhooksScreen(Screen[None]):
    DEFAULT_CSS = """
    WebhooksScreen > Vertical { height: 1fr; padding: 0 1; }
    WebhooksScreen .heading { text-style: bold; }
    WebhooksScreen #hooks-table { height: auto; max-height: 8; }
    WebhooksScreen DeliveryPanel { height: 1fr; }
    WebhooksScreen #hooks-status { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("n", "create", "New"),
        Binding("e", "edit", "Edit"),
        Binding("space", "toggle", "On/off"),
        Binding("t", "test", "Test"),
        Binding("s", "secret", "Secret"),
        Binding("x,delete", "delete", "Delete"),
        Binding("l", "focus_log", "Log", show=False),
        Binding("f", "cycle_outcome", "Filter", show=False),
        Binding("h", "only_hook", "This hook", show=False),
        Binding("R", "retry_now", "Retry now", show=False),
    ]

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.hooks: list[Webhook] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Webhooks", id="hooks-title", classes="heading")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="hooks-table")
            yield DeliveryPanel(self.table_id)
            yield Static(HINT, id="hooks-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.hooks_table.add_columns(*COLUMNS)
        self.hooks_table.focus()
        self.reload()

    @property
    def hooks_table(self) -> DataTable:
        return self.query_one("#hooks-table", DataTable)

    @property
    def panel(self) -> DeliveryPanel:
        return self.query_one(DeliveryPanel)

    @property
    def current(self) -> Webhook | None:
        row = self.hooks_table.cursor_row
        return self.hooks[row] if 0 <= row < len(self.hooks) else None

    def say(self, text: str) -> None:
        self.query_one("#hooks-status", Static).update(Text(text))

    # --- reading ----------------------------------------------------------------------------
    @work(exclusive=True, group="hooks", exit_on_error=False)
    async def reload(self, select: str | None = None) -> None:
        try:
            await self._reload(select)
        except GridbaseError as exc:  # the table is gone
            self.notify(exc.message, severity="error", markup=False)
            self.dismiss(None)

    async def _reload(self, select: str | None = None) -> None:
        table = await load_table(self.table_id)
        self.query_one("#hooks-title", Static).update(Text(f"Webhooks of {table.title}"))
        self.hooks = await list_hooks(self.table_id)
        last = await last_delivery_by_hook(self.table_id)
        grid = self.hooks_table
        keep = select or (self.current.id if self.current else None)
        grid.clear()
        for hook in self.hooks:
            grid.add_row(*hook_cells(hook, last.get(hook.id)), key=hook.id)
        ids = [h.id for h in self.hooks]
        if ids:
            grid.move_cursor(row=ids.index(keep) if keep in ids else 0)

    @on(DeliveryPanel.Changed)
    def _log_changed(self) -> None:
        self.reload()

    # --- hooks ------------------------------------------------------------------------------
    async def _form(self, title: str, save: Save, spec: HookSpec | None = None) -> None:
        hook = await self.app.push_screen_wait(HookFormScreen(title, self.table_id, save, spec))
        if hook is not None:
            await self._reload(select=hook.id)
            self.say(f"Saved {hook.title!r}")

    @work(exclusive=True, group="hooks-edit", exit_on_error=False)
    async def action_create(self) -> None:
        await self._form("New webhook", lambda spec: create_hook(self.table_id, spec))

    @work(exclusive=True, group="hooks-edit", exit_on_error=False)
    async def action_edit(self) -> None:
        hook = self.current
        if hook is not None:
            await self._form(f"Edit {hook.title}",
                             lambda spec: update_hook(hook.id, **asdict(spec)), spec_of(hook))

    @on(DataTable.RowSelected, "#hooks-table")
    def _hook_chosen(self) -> None:
        self.action_edit()

    async def _change(self, call: Awaitable[object], done: str) -> None:
        try:
            await call
        except Exception as exc:
            self.notify(message_of(exc), severity="error", markup=False)
            return
        self.say(done)
        await self._reload()

    @work(exclusive=True, group="hooks-edit", exit_on_error=False)
    async def action_toggle(self) -> None:
        hook = self.current
        if hook is not None:
            state = "off" if hook.active else "on"
            await self._change(update_hook(hook.id, active=not hook.active),
                               f"{hook.title!r} is {state}")

    @work(exclusive=True, group="hooks-edit", exit_on_error=False)
    async def action_delete(self) -> None:
        hook = self.current
        if hook is None:
            return
        question = f"Delete webhook {hook.title!r} and its delivery log?"
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            if self.panel.where.hook_id == hook.id:
                self.panel.only_hook(None)
            await self._change(delete_hook(hook.id), f"Deleted {hook.title!r}")

    @work(exclusive=True, group="hooks-test", exit_on_error=False)
    async def action_test(self) -> None:
        hook = self.current
        if hook is None:
            return
        self.say(f"Sending a test to {hook.url} …")
        try:
            operation = operation_of((hook.events or ["insert"])[0]) or "insert"
            sent = await test_hook(hook.id, operation)
        except Exception as exc:
            self.say("")
            self.notify(message_of(exc), title="Test not sent", severity="error", markup=False)
            return
        took = "" if sent.duration_ms is None else f" in {sent.duration_ms:.0f} ms"
        outcome = sent.response_status or sent.error or sent.status
        self.say(f"Test to {hook.title!r}: {outcome}{took} ({sent.status})")
        self.notify(f"Test {sent.status}: {outcome}{took}", markup=False,
                    severity="information" if sent.status == "success" else "error")

    def action_secret(self) -> None:
        hook = self.current
        if hook is not None:
            screen = HookSecretScreen(hook.title, hook.secret, hook.id)
            self.app.push_screen(screen, lambda rotated: self.reload() if rotated else None)

    # --- the log ----------------------------------------------------------------------------
    def action_focus_log(self) -> None:
        self.panel.log.focus()

    def action_cycle_outcome(self) -> None:
        self.panel.cycle_outcome()

    def action_only_hook(self) -> None:
        hook = self.current
        self.panel.only_hook(hook and hook.id, hook.title if hook else "")

    def action_retry_now(self) -> None:
        self.panel.retry_current()

    def action_close(self) -> None:
        self.dismiss(None)
