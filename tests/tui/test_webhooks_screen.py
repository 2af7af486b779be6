"""The webhooks screen against a real receiver and the real dispatcher: create in the form
(with checks shown in place), an edit in the grid showing up in the live log with status 200,
the detail and replay, enable/disable, test send, the secret and its verification snippet
(run against a real signed request), secret rotation, the log's hook and outcome filters,
retry now, and delete."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from textual.widgets import Checkbox, DataTable, Input, TextArea

from core.hooks import HookSpec, create_hook, verify_signature
from core.hooks import test_hook as send_test
from core.models import Delivery, Webhook
from core.records import service as records
from tests.hooks.conftest import Receiver, make_dispatcher, start_receiver
from tests.integration.conftest import free_port
from tests.tui import dialog_helpers
from tests.tui.dialog_helpers import until
from tests.tui.helpers import screen_text, settle
from tests.tui.test_screens import SIZES, svg_text
from tui.app import GridbaseApp
from tui.screens.delivery_detail import DeliveryDetailScreen
from tui.screens.filter_builder import FilterBuilderScreen
from tui.screens.hook_secret import HookSecretScreen, verification_snippet
from tui.screens.modals import ConfirmScreen
from tui.screens.webhook_form import HookFormScreen
from tui.screens.webhooks import WebhooksScreen
from tui.widgets.delivery_log import DeliveryLog
from tui.widgets.table_pane import TablePane


@pytest.fixture
async def sink() -> AsyncIterator[Receiver]:
    got = Receiver()
    runner = await start_receiver(got)
    try:
        yield got
    finally:
        await runner.cleanup()


@pytest.fixture
async def running(store: str) -> AsyncIterator[None]:
    """The real dispatcher, as ``run_tui`` starts it beside the app (new events wake it; a
    slow idle poll leaves the single SQLite connection to the app)."""
    dispatcher = await make_dispatcher(poll_interval=0.5).start()
    try:
        yield
    finally:
        await dispatcher.stop()


async def calm(pilot) -> None:
    await dialog_helpers.calm(pilot, ("hooks-edit", "hook-form-builder", "schema"),
                              skip=("hooks-poll",))


async def open_hooks(pilot) -> WebhooksScreen:
    await pilot.press("W")
    await calm(pilot)
    assert isinstance(pilot.app.screen, WebhooksScreen)
    return pilot.app.screen


def log_lines(app) -> list:
    return app.screen.query_one(DeliveryLog).lines


async def test_edit_in_the_grid_shows_in_the_live_log(tasks, sink, running) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await pilot.press("n")
        await calm(pilot)
        assert isinstance(app.screen, HookFormScreen)
        await pilot.press("S")  # typed into the focused title
        app.screen.query_one("#in-url", Input).value = sink.url
        await pilot.press("ctrl+s")
        await calm(pilot)
        assert isinstance(app.screen, WebhooksScreen)
        hook = await Webhook.get(title="S")
        assert hook.events == ["after.insert", "after.update", "after.delete"]
        row = app.screen.query_one("#hooks-table", DataTable).get_row_at(0)
        assert [str(c) for c in row[:2]] == ["S", "ins upd del"]
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one(TablePane).grid.move_cursor(0, 0)
        await pilot.press("Z", "enter")
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: [(l.event_type, l.response_status) for l in log_lines(app)]
                    == [("records.after.update", 200)])
        text = screen_text(app)
        assert "update" in text and "200" in text
        last = str(app.screen.query_one("#hooks-table", DataTable).get_row_at(0)[4])
        assert last.startswith("200 ")  # the hook's last delivery
        assert sink.received[0].json["data"]["rows"][0]["Name"] == "Z"

        await pilot.press("l", "enter")  # the detail, then replay
        await until(pilot, lambda: isinstance(app.screen, DeliveryDetailScreen))
        assert "Response status 200" in screen_text(app)
        body = str(app.screen.query_one("#delivery-text").render())
        assert '"Name": "Z"' in body and "Response body" in body and "answer 200" in body
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, WebhooksScreen))
        await until(pilot, lambda: [l.response_status for l in log_lines(app)] == [200, 200])
        assert sink.event_ids()[0] == sink.event_ids()[1]


async def test_form_checks_every_setting_in_place(tasks, sink) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await pilot.press("n")
        await calm(pilot)
        form = app.screen
        form.query_one("#in-url", Input).value = "ftp://example.com/x"
        form.query_one("#in-condition", Input).value = "(Nope,eq,1)"
        for box in form.query(Checkbox).results():
            if box.id and box.id.startswith("ev-"):
                box.value = False
        form.query_one("#in-headers", TextArea).text = "no colon here"
        form.query_one("#in-timeout", Input).value = "soon"
        await pilot.press("ctrl+s")
        await calm(pilot)
        assert isinstance(app.screen, HookFormScreen)
        errors = {w.id: str(w.render()) for w in form.query(".error.-shown").results()}
        assert "title" in errors["err-title"]
        assert "Invalid URL" in errors["err-url"]
        assert "Nope" in errors["err-condition"]
        assert "at least one event" in errors["err-events"]
        assert "line 1" in errors["err-headers"]
        assert "number" in errors["err-timeout"]
        assert await Webhook.all().count() == 0

        form.query_one("#in-title", Input).value = "Done rows"
        form.query_one("#in-url", Input).value = sink.url
        form.query_one("#in-condition", Input).value = "(Status,eq,Done)"
        await calm(pilot)
        await pilot.press("ctrl+f")  # the filter builder opens on the condition; Apply returns it
        await until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is form)
        form.query_one("#ev-update", Checkbox).value = True
        form.query_one("#in-headers", TextArea).text = "X-Team: data\n\n"
        form.query_one("#in-timeout", Input).value = "2.5"
        await calm(pilot)
        assert not list(form.query(".error.-shown").results())
        await pilot.press("ctrl+s")
        await calm(pilot)
        assert isinstance(app.screen, WebhooksScreen)
        hook = await Webhook.get(title="Done rows")
        assert (hook.events, hook.condition, hook.headers, hook.timeout_s) == (
            ["after.update"], "(Status,eq,Done)", {"X-Team": "data"}, 2.5)


async def test_toggle_test_secret_snippet_and_delete(tasks, sink) -> None:
    hook = await create_hook(tasks.id, HookSpec(title="Probe", url=sink.url))
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await pilot.press("space")
        await calm(pilot)
        assert not (await Webhook.get(id=hook.id)).active
        assert app.screen.query_one("#hooks-table", DataTable).get_row_at(0)[3] == "off"
        await pilot.press("space", "t")
        await calm(pilot)
        assert (await Webhook.get(id=hook.id)).active
        assert "Test to 'Probe': 200" in screen_text(app)
        assert (await Delivery.get(hook_id=hook.id)).test_call
        await until(pilot, lambda: [l.event_type for l in log_lines(app)] == ["records.after.insert"])
        assert "test insert" in screen_text(app)

        await pilot.press("e")  # the form shows the hook as it is
        await calm(pilot)
        form = app.screen
        assert isinstance(form, HookFormScreen)
        assert [form.query_one(f"#ev-{e}", Checkbox).value for e in ("insert", "update", "delete")] \
            == [True, False, False]
        assert form.query_one("#in-url", Input).value == sink.url
        form.query_one("#in-title", Input).value = "Probe 2"
        await pilot.press("ctrl+s")
        await calm(pilot)
        assert isinstance(app.screen, WebhooksScreen)
        assert (await Webhook.get(id=hook.id)).title == "Probe 2"
        assert str(app.screen.query_one("#hooks-table", DataTable).get_row_at(0)[0]) == "Probe 2"

        await pilot.press("s")
        await calm(pilot)
        assert isinstance(app.screen, HookSecretScreen)
        assert hook.secret in screen_text(app)
        await pilot.press("c")
        assert app.clipboard == verification_snippet(hook.secret)
        await pilot.press("escape")
        await calm(pilot)

        await pilot.press("x")
        await calm(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await calm(pilot)
        assert await Webhook.filter(id=hook.id).count() == 0
        assert app.screen.query_one("#hooks-table", DataTable).row_count == 0


async def test_titles_and_urls_with_brackets_are_text_not_markup(tasks, sink) -> None:
    """A hook titled like a Rich closing tag once crashed the screen; it must show as typed
    in the list, the log, the detail, the secret, the form, the confirm and the status."""
    title = "[/x] hook"
    hook = await create_hook(tasks.id, HookSpec(title=title, url=sink.url + "?q=[/b]"))
    await send_test(hook.id)
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: len(log_lines(app)) == 1)
        assert screen_text(app).count(title) == 2  # the hook and its log line
        await pilot.press("l", "enter")
        await until(pilot, lambda: isinstance(app.screen, DeliveryDetailScreen))
        assert f"to {title}" in screen_text(app)
        await pilot.press("escape", "tab", "s")
        await calm(pilot)
        assert isinstance(app.screen, HookSecretScreen) and title in screen_text(app)
        await pilot.press("escape", "e")
        await calm(pilot)
        form = app.screen
        assert isinstance(form, HookFormScreen) and f"Edit {title}" in screen_text(app)
        form.query_one("#in-url", Input).value = "[/u]"
        await calm(pilot)
        assert "Invalid URL: '[/u]'" in screen_text(app)
        await pilot.press("escape", "t")
        await calm(pilot)
        assert f"Test to '{title}': 200" in screen_text(app)
        await pilot.press("x")
        await calm(pilot)
        assert f"Delete webhook '{title}'" in screen_text(app)


async def test_a_connection_error_leaves_the_log_columns_on_screen(tasks) -> None:
    """The error's kind in the log (its message is in the detail), so the "ms" and "Next try"
    columns are not pushed off an 80-column screen."""
    url = f"http://127.0.0.1:{free_port()}/"
    hook = await create_hook(tasks.id, HookSpec(title="Down", url=url))
    sent = await send_test(hook.id)
    assert sent.error.startswith("ClientConnectorError: ")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: len(log_lines(app)) == 1)
        text = screen_text(app)
        assert "Next try" in text and "ClientConnectorError" in text
        assert "Cannot connect" not in text
        assert f"failed {log_lines(app)[0].at.astimezone().strftime('%H:%M:%S')}" in text
        await pilot.press("l", "enter")
        await until(pilot, lambda: isinstance(app.screen, DeliveryDetailScreen))
        assert "Cannot connect" in str(app.screen.query_one("#delivery-text").render())


async def test_failing_receiver_shows_the_retry_schedule(tasks, sink, running) -> None:
    await create_hook(tasks.id, HookSpec(title="Flaky", url=sink.url))
    sink.script = [503]
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await records.create_records(tasks, [{"Name": "new"}])
        await until(pilot, lambda: [l.status for l in log_lines(app)] == ["pending", "retry"])
        pending, failed = log_lines(app)
        assert failed.outcome == "503" and pending.attempt == 2
        assert pending.next_attempt_at is not None
        text = screen_text(app)
        assert "503" in text and pending.next_attempt_at.astimezone().strftime("%H:%M:%S") in text


async def test_snippet_verifies_a_real_signed_request(tasks, sink, running) -> None:
    hook = await create_hook(tasks.id, HookSpec(title="Signed", url=sink.url))
    await records.create_records(tasks, [{"Name": "Signed"}])
    deadline = time.monotonic() + 10
    while not sink.received:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)
    got = sink.received[0]
    namespace: dict = {}
    exec(verification_snippet(hook.secret), namespace)  # the code the user copies
    verify = namespace["verify"]
    header = got.headers["X-Gridbase-Signature"]
    assert verify(header, got.body)
    assert not verify(header, got.body + b" ")
    assert not verify(header.replace("t=", "t=1"), got.body)  # a stale or forged timestamp
    namespace["SECRET"] = "gbhs_wrong"
    assert not verify(header, got.body)


@pytest.mark.parametrize("size", SIZES)
async def test_screen_and_form_fit(tasks, sink, size) -> None:
    """Hooks, the log with a line, the footer keys and the whole form show at both sizes."""
    hook = await create_hook(tasks.id, HookSpec(title="Fits", url=sink.url, events=("after.insert", "after.delete")))
    await send_test(hook.id)
    app = GridbaseApp()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await until(pilot, lambda: len(log_lines(app)) == 1)
        text = svg_text(app.export_screenshot())
        for expected in ("Webhooks of Tasks", "Fits", "ins del", "Deliveries", "test insert",
                         "200", "New", "Edit", "On/off", "Test", "Secret", "Delete", "Back",
                         "all · all hooks", "f failed/succeeded", "R retry now"):
            assert expected in text, expected
        await pilot.press("e")
        await calm(pilot)
        text = screen_text(app)
        for expected in ("Edit Fits", "URL", "insert", "delete", "Method", "Condition",
                         "Headers", "Timeout", "Active", "Save"):
            assert expected in text, expected
        assert all(len(line) <= size[0] for line in text.splitlines())


async def test_log_filters_by_outcome_and_by_hook(tasks, sink, running) -> None:
    good = await create_hook(tasks.id, HookSpec(title="Good", url=sink.url))
    await create_hook(tasks.id, HookSpec(title="Down", url=f"http://127.0.0.1:{free_port()}/"))
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await records.create_records(tasks, [{"Name": "new"}])
        seen = lambda: sorted((l.hook_title, l.status) for l in log_lines(app))  # noqa: E731
        await until(pilot, lambda: seen() == [("Down", "pending"), ("Down", "retry"),
                                              ("Good", "success")])
        steps = [("f", "failed only · all hooks", [("Down", "retry")]),
                 ("f", "succeeded only · all hooks", [("Good", "success")]),
                 ("h", "succeeded only · hook 'Good'", [("Good", "success")]),
                 ("f", "all · hook 'Good'", [("Good", "success")]),
                 ("down", "all · hook 'Good'", [("Good", "success")]),
                 ("h", "all · hook 'Down'", [("Down", "pending"), ("Down", "retry")]),
                 ("f", "failed only · hook 'Down'", [("Down", "retry")]),
                 ("h", "failed only · all hooks", [("Down", "retry")])]
        for key, title, expected in steps:
            await pilot.press(key)
            await until(pilot, lambda: seen() == expected and title in screen_text(app))
            assert f"Deliveries, newest first · {title}" in screen_text(app), key
        assert app.screen.current.id != good.id  # the cursor moved to "Down" on the way


async def test_retry_now_sends_at_once(tasks, sink, running) -> None:
    """A 503 waits ~10 s for its retry: R sends it now. A 410 is final: R in its detail
    queues one more attempt. Both reach the receiver again well before any schedule."""
    await create_hook(tasks.id, HookSpec(title="Flaky", url=sink.url))
    sink.script = [503]
    app = GridbaseApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await records.create_records(tasks, [{"Name": "a"}])
        outcomes = lambda: [(l.attempt, l.status) for l in log_lines(app)]  # noqa: E731
        await until(pilot, lambda: outcomes() == [(2, "pending"), (1, "retry")])
        started = time.monotonic()
        await pilot.press("l", "R")  # on the waiting attempt, the newest line
        await until(pilot, lambda: outcomes() == [(2, "success"), (1, "retry")])
        assert time.monotonic() - started < 5 and len(sink.received) == 2

        sink.script = [410]
        await records.create_records(tasks, [{"Name": "b"}])
        await until(pilot, lambda: outcomes()[0] == (1, "failed"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DeliveryDetailScreen))
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, WebhooksScreen))
        await until(pilot, lambda: outcomes()[:2] == [(2, "success"), (1, "failed")])
        assert sink.event_ids()[-1] == sink.event_ids()[-2] and len(sink.received) == 4
        await pilot.press("down", "R")  # the 410 is answered already by the attempt after it
        await until(pilot, lambda: any("retried already" in n.message
                                       for n in app._notifications))
        assert len(sink.received) == 4 and len(log_lines(app)) == 4


async def test_rotate_the_secret_after_a_confirm(tasks, sink, running) -> None:
    hook = await create_hook(tasks.id, HookSpec(title="Signed", url=sink.url))
    old = hook.secret
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_hooks(pilot)
        await pilot.press("s", "r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # cancelled: nothing changes
        await until(pilot, lambda: isinstance(app.screen, HookSecretScreen))
        assert (await Webhook.get(id=hook.id)).secret == old
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Rotate the secret of 'Signed'?" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HookSecretScreen))
        new = (await Webhook.get(id=hook.id)).secret
        await until(pilot, lambda: new in screen_text(app))
        assert new != old and old not in screen_text(app)
        await pilot.press("c")
        assert app.clipboard == verification_snippet(new)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WebhooksScreen))
        await calm(pilot)
        assert app.screen.current.secret == new  # the list was reloaded
        await records.create_records(tasks, [{"Name": "after"}])
        await until(pilot, lambda: len(sink.received) == 1)
        got = sink.received[0]
        header = got.headers["X-Gridbase-Signature"]
        assert verify_signature(new, header, got.body)
        assert not verify_signature(old, header, got.body)
