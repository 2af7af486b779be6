"""A hook's queue while its head backs off: normal events wait behind it (and the log and the
API say what for), replays and tests do not, a 2xx to a replay or a test makes the head due at
once; a destination the SSRF guard refuses is dead at once; test payloads have unique ids."""

from __future__ import annotations

import pytest

from core.hooks import FakeClock, list_deliveries, replay
from core.hooks import test_hook as send_test
from core.hooks.log import latest_deliveries
from core.models import Delivery
from core.records import service as records
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher


async def _rows(hook_id: str) -> list[Delivery]:
    return await Delivery.filter(hook_id=hook_id).order_by("id")


async def _backing_off(receiver: Receiver, clock: FakeClock) -> tuple[object, object, list[int]]:
    """A hook whose first event went through, whose second got a 500 (its retry waits 10 s)
    and whose third waits behind it. Returns (table, hook, [event ids])."""
    receiver.script = [200, 500]
    table, hook = await hooked_table(receiver.url, events=("after.insert",))
    dispatcher = make_dispatcher(clock)
    try:
        for title in ("ok", "outage", "later"):
            await records.create_records(table, [{"Title": title}])
            await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    assert len(receiver.received) == 2
    events = sorted({d.event_id for d in await _rows(hook.id)})
    return table, hook, events


async def test_waiting_is_explained_and_a_replay_goes_first(
        store: str, receiver: Receiver, clock: FakeClock) -> None:
    table, hook, (ok, outage, later) = await _backing_off(receiver, clock)
    [waiting] = [ln for ln in await latest_deliveries(table.id, now=clock.now())
                 if ln.waiting_behind is not None]
    head = await Delivery.get(hook_id=hook.id, event_id=outage, status="pending")
    assert waiting.outcome == f"behind event {outage}" and waiting.next_try == head.next_attempt_at
    assert waiting.waiting_behind.describe().startswith(f"waiting behind event {outage} (retry at ")
    page, _ = await list_deliveries(hook.id)
    marked = {d.event_id: d.waiting_behind for d in page if d.status == "pending"}
    assert marked[outage] is None and marked[later].as_json()["delivery_id"] == head.id

    await replay(hook.id, event_id=later, clock=clock)  # the receiver is back: 200s from here on
    dispatcher = make_dispatcher(clock)
    try:
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    # the replay is not held back, and its 200 lets the queue go on without waiting 10 s
    assert receiver.event_ids() == [ok, outage, later, outage, later]
    assert [d.status for d in await _rows(hook.id)] == ["success", "retry", "success", "success",
                                                        "success"]


async def test_a_failing_replay_retries_without_holding_up_new_events(
        store: str, receiver: Receiver, clock: FakeClock) -> None:
    receiver.script = [200, 500]
    table, hook = await hooked_table(receiver.url, events=("after.insert",))
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "a"}])
        await dispatcher.run_until_idle()
        [first] = await _rows(hook.id)
        await replay(hook.id, delivery_id=first.id, clock=clock)
        await dispatcher.run_until_idle()  # the replay gets the 500
        await records.create_records(table, [{"Title": "b"}])
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    rows = await _rows(hook.id)
    follow_up = next(d for d in rows if d.status == "pending")
    assert follow_up.replay and follow_up.attempt == 2 and follow_up.event_id == first.event_id
    assert receiver.event_ids()[-1] == rows[-1].event_id != first.event_id
    assert [line.waiting_behind for line in await latest_deliveries(table.id, now=clock.now())] \
        == [None] * len(rows)


async def test_a_successful_test_send_makes_the_head_due_and_has_its_own_id(
        store: str, receiver: Receiver, clock: FakeClock) -> None:
    _, hook, (_, outage, _) = await _backing_off(receiver, clock)
    sent = [await send_test(hook.id, clock=clock) for _ in range(2)]
    head = await Delivery.get(hook_id=hook.id, event_id=outage, status="pending")
    assert head.next_attempt_at == clock.now()
    ids = [r.json["id"] for r in receiver.received[-2:]]
    assert ids == [-sent[0].id, -sent[1].id] and all(i < 0 for i in ids)


@pytest.mark.parametrize("url", ["http://0xa9fea9fe/a", "http://169.254.169.254/a"])
async def test_a_refused_destination_is_dead_at_once_with_the_guards_message(
        store: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("GRIDBASE_HOOKS_ALLOW_PRIVATE", "1")  # let the hook be saved
    table, hook = await hooked_table(url, events=("after.insert",))
    monkeypatch.delenv("GRIDBASE_HOOKS_ALLOW_PRIVATE")
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "x"}])
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    [only] = await _rows(hook.id)
    assert only.status == "dead" and only.attempt == 1
    assert only.error.startswith("SSRF guard: refused to call ") and "link-local" in only.error
    [line] = await latest_deliveries(table.id)
    assert line.short_outcome == "SSRF guard"
    tested = await send_test(hook.id)
    assert tested.status == "failed" and "link-local" in tested.error
