"""The webhooks screen's live delivery log while the dispatcher adds attempts: new lines show at
the top while the cursor stays on the line the user was on, and a pending attempt held back by
its hook's queue says which event it waits behind and when that one is retried."""

from __future__ import annotations

import datetime as dt

from core.hooks import HookSpec, create_hook
from core.models import Delivery, Event
from tests.tui.dialog_helpers import until
from tests.tui.helpers import screen_text, settle
from tests.tui.test_webhooks_screen import log_lines, open_hooks
from tui.app import GridbaseApp
from tui.widgets.delivery_log import DeliveryLog, clock

NOW = dt.datetime.now(dt.timezone.utc)


def log_rows(app: GridbaseApp) -> list[str]:
    """The log's lines on screen, below its header row."""
    text = screen_text(app).splitlines()
    header = next(i for i, line in enumerate(text) if "Next try" in line)
    return [line for line in text[header + 1:] if line.startswith("  ") and ":" in line[:12]]


async def _attempts(hook_id: str, n: int, event_type: str, **fields: object) -> None:
    for _ in range(n):
        await Delivery.create(hook_id=hook_id, event_type=event_type, sent_at=NOW, **fields)


async def test_new_attempts_show_at_the_top_and_the_cursor_stays(tasks) -> None:
    hook = await create_hook(tasks.id, HookSpec(title="Busy", url="http://127.0.0.1:9/"))
    await _attempts(hook.id, 30, "records.after.insert", status="success", response_status=200)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: len(log_lines(app)) == 30)
        log = app.screen.query_one(DeliveryLog)
        log.focus()
        await pilot.press(*["down"] * 8)
        chosen = log.current.id
        visible = len(log_rows(app))
        await _attempts(hook.id, visible, "records.after.update", status="pending",
                        next_attempt_at=NOW)  # more than fit between the top and the cursor
        await until(pilot, lambda: len(log_lines(app)) == 30 + visible)
        await pilot.pause()
        assert log.current.id == chosen
        assert "update" in log_rows(app)[0] and log.scroll_y == 0


async def test_a_held_back_attempt_says_what_it_waits_for(tasks) -> None:
    hook = await create_hook(tasks.id, HookSpec(title="Down", url="http://127.0.0.1:9/"))
    first, second = [await Event.create(base_id=tasks.base_id, table_id=tasks.id,
                                        type="records.after.insert") for _ in range(2)]
    retry_at = NOW + dt.timedelta(minutes=25)
    await Delivery.create(hook_id=hook.id, event_id=first.id, event_type=first.type, attempt=5,
                          status="pending", next_attempt_at=retry_at)
    await Delivery.create(hook_id=hook.id, event_id=second.id, event_type=second.type,
                          status="pending", next_attempt_at=NOW - dt.timedelta(minutes=1))
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: len(log_lines(app)) == 2)
        behind, head = log_rows(app)
        assert f"behind event {first.id}" in behind and clock(retry_at) in behind
        assert "pending" in head and clock(retry_at) in head
        await pilot.press("l", "enter")
        await until(pilot, lambda: "waiting behind" in screen_text(app))
        assert f"waiting behind event {first.id} (retry at {clock(retry_at)})" in screen_text(app)
