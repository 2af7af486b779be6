"""``core.hooks.log``: the latest attempts of one table's hooks (newest first, limited,
filtered by hook and outcome), each hook's last attempt, one attempt in full, and "retry
now" for failed and waiting attempts."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidRequest
from core.hooks import FakeClock, HookSpec, create_hook
from core.hooks.actions import DeliveryNotFound
from core.hooks.log import (
    LogFilter, NotRetryable, get_delivery, last_delivery_by_hook, latest_deliveries, retry_now,
)
from core.models import Delivery, Event
from tests import factories as make

URL = "http://127.0.0.1:9/hook"


async def attempt(hook_id: str, status: str, code: int | None = None, **extra: object) -> Delivery:
    return await Delivery.create(hook_id=hook_id, event_type="records.after.insert", status=status,
                                 response_status=code, **extra)


async def test_latest_deliveries_of_one_table(store: str) -> None:
    table, other = await make.table({"Name": "SingleLineText"}), await make.table({"A": "Number"})
    a = await create_hook(table.id, HookSpec(title="a", url=URL))
    b = await create_hook(table.id, HookSpec(title="b", url=URL))
    elsewhere = await create_hook(other.id, HookSpec(title="x", url=URL))
    first = await attempt(a.id, "success", 200, duration_ms=3.5)
    await attempt(elsewhere.id, "success", 200)
    await attempt(b.id, "retry", 503, error="HTTP 503")
    last = await attempt(a.id, "pending", attempt=2)

    lines = await latest_deliveries(table.id)
    assert [(l.id, l.hook_title, l.outcome) for l in lines] == [
        (last.id, "a", "pending"), (last.id - 1, "b", "503"), (first.id, "a", "200")]
    assert lines[-1].duration_ms == 3.5 and lines[0].attempt == 2
    assert [l.id for l in await latest_deliveries(table.id, limit=2)] == [last.id, last.id - 1]

    by_hook = await last_delivery_by_hook(table.id)
    assert {h: l.id for h, l in by_hook.items()} == {a.id: last.id, b.id: last.id - 1}


async def test_a_table_without_hooks_or_attempts(store: str) -> None:
    table = await make.table({"Name": "SingleLineText"})
    assert await latest_deliveries(table.id) == [] and await last_delivery_by_hook(table.id) == {}
    await create_hook(table.id, HookSpec(title="quiet", url=URL))
    assert await latest_deliveries(table.id) == [] and await last_delivery_by_hook(table.id) == {}


async def test_get_delivery(store: str) -> None:
    table = await make.table({"Name": "SingleLineText"})
    hook = await create_hook(table.id, HookSpec(title="a", url=URL))
    made = await attempt(hook.id, "success", 200, request_body='{"x": 1}', response_body="ok")
    got = await get_delivery(made.id)
    assert (got.request_body, got.response_body, got.hook.title) == ('{"x": 1}', "ok", "a")
    with pytest.raises(DeliveryNotFound):
        await get_delivery(made.id + 1)


async def test_filter_by_hook_and_outcome(store: str) -> None:
    table = await make.table({"Name": "SingleLineText"})
    a = await create_hook(table.id, HookSpec(title="a", url=URL))
    b = await create_hook(table.id, HookSpec(title="b", url=URL))
    made = [await attempt(a.id, "success", 200), await attempt(a.id, "retry", 503),
            await attempt(a.id, "pending", attempt=2), await attempt(b.id, "dead", 500),
            await attempt(b.id, "failed", 410), await attempt(b.id, "success", 204)]
    ok, retried, waiting, dead, failed, fine = (d.id for d in made)
    cases = [(LogFilter(), [fine, failed, dead, waiting, retried, ok]),
             (LogFilter(outcome="failed"), [failed, dead, retried]),
             (LogFilter(outcome="succeeded"), [fine, ok]),
             (LogFilter(hook_id=a.id), [waiting, retried, ok]),
             (LogFilter(hook_id=b.id, outcome="failed"), [failed, dead]),
             (LogFilter(hook_id="hook_elsewhere"), [])]
    for where, expected in cases:
        assert [l.id for l in await latest_deliveries(table.id, where=where)] == expected, where
    assert [l.id for l in await latest_deliveries(table.id, 1, LogFilter(outcome="failed"))] \
        == [failed]
    with pytest.raises(InvalidRequest):
        LogFilter(outcome="weird")


async def hooked_event(active: bool = True) -> tuple[str, int]:
    table = await make.table({"Name": "SingleLineText"})
    hook = await create_hook(table.id, HookSpec(title="r", url=URL, active=active))
    event = await Event.create(base_id=table.base_id, table_id=table.id,
                               type="records.after.insert", rows=[{"Name": "x"}])
    return hook.id, event.id


LATER = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


async def test_retry_now_makes_a_waiting_attempt_due(store: str) -> None:
    hook_id, event_id = await hooked_event()
    first = await attempt(hook_id, "retry", 503, event_id=event_id)
    waiting = await attempt(hook_id, "pending", event_id=event_id, attempt=2,
                            next_attempt_at=LATER)
    clock = FakeClock()
    for target in (first, waiting):  # the failed attempt or its queued follow-up
        await Delivery.filter(id=waiting.id).update(next_attempt_at=LATER)
        got = await retry_now(target.id, clock)
        assert (got.id, got.status, got.next_attempt_at) == (waiting.id, "pending", clock.now())
    await Delivery.filter(id=waiting.id).update(lease_owner="d1", lease_until=LATER)
    with pytest.raises(NotRetryable, match="being sent"):
        await retry_now(waiting.id, clock)
    assert (await Delivery.get(id=waiting.id)).lease_owner == "d1"
    await Delivery.filter(id=waiting.id).update(status="success")
    with pytest.raises(NotRetryable, match="retried already"):
        await retry_now(first.id, clock)


@pytest.mark.parametrize("status", ["failed", "dead", "cancelled"])
async def test_retry_now_queues_one_more_attempt_after_a_final_failure(store: str,
                                                                       status: str) -> None:
    hook_id, event_id = await hooked_event()
    final = await attempt(hook_id, status, 500, event_id=event_id, attempt=3,
                          rows_selected=[0], url="http://old.example/")
    clock = FakeClock()
    queued = await retry_now(final.id, clock)
    assert (queued.status, queued.attempt, queued.event_id, queued.rows_selected) == (
        "pending", 4, event_id, [0])
    assert (queued.url, queued.next_attempt_at) == (URL, clock.now())  # the hook's URL now
    again = await retry_now(final.id, clock)  # twice queues nothing more
    assert again.id == queued.id and await Delivery.filter(hook_id=hook_id).count() == 2
    await Delivery.filter(id=queued.id).update(status="success")
    with pytest.raises(NotRetryable, match="retried already"):
        await retry_now(final.id, clock)


async def test_what_cannot_be_retried(store: str) -> None:
    hook_id, event_id = await hooked_event()
    off_id, off_event = await hooked_event(active=False)
    refused = [(await attempt(hook_id, "success", 200, event_id=event_id), "replay it"),
               (await attempt(hook_id, "failed", 500, test_call=True), "test send"),
               (await attempt(off_id, "failed", 500, event_id=off_event), "hook is off")]
    for delivery, reason in refused:
        with pytest.raises(NotRetryable, match=reason):
            await retry_now(delivery.id)
    with pytest.raises(DeliveryNotFound):
        await retry_now(refused[-1][0].id + 100)
    assert await Delivery.filter(status="pending").count() == 0
