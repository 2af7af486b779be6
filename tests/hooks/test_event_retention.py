"""Retention of the change feed (``gb_event``): old, fanned-out events that no delivery attempt
refers to are pruned, in batches; every event still needed — not fanned out yet, being sent,
waiting for a retry, or in the delivery log where it can be replayed — is kept."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.hooks import replay, retention
from core.models import Delivery, Event, Webhook
from core.records import service as records
from tests.conftest import PG_URL
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher

NOW = dt.datetime.now(dt.timezone.utc)

EVENTS = [
    # name, fanned out, age in days, its hook's attempts (oldest first), pruned at 7 days
    ("not fanned out yet", False, 10, (), False),
    ("no hook wanted it", True, 10, (), True),
    ("younger than the limit", True, 3, (), False),
    ("due to be sent", True, 10, ("pending",), False),
    ("being sent", True, 10, ("sending",), False),
    ("waiting for its retry", True, 10, ("retry", "pending"), False),
    ("sent, in the log", True, 10, ("success",), False),
    ("given up, in the log", True, 10, ("retry", "dead"), False),
]


async def _event(name: str, dispatched: bool, age_days: float, hook: Webhook | None = None,
                 statuses: tuple[str, ...] = ()) -> Event:
    event = await Event.create(base_id="b", table_id=hook.table_id if hook else "t",
                               type="records.after.insert", rows=[{"Title": name}],
                               dispatched=dispatched)
    await Event.filter(id=event.id).update(created_at=NOW - dt.timedelta(days=age_days))
    for status in statuses:
        assert hook is not None, "attempts need a hook"
        await Delivery.create(hook_id=hook.id, event_id=event.id, status=status)
    return event


async def _names() -> set[str]:
    return {e["rows"][0]["Title"] for e in await Event.all().values("rows")}


async def test_only_events_nothing_needs_are_pruned(store: str, receiver: Receiver) -> None:
    _, hook = await hooked_table(receiver.url)
    for name, dispatched, age, statuses, _ in EVENTS:
        await _event(name, dispatched, age, hook, statuses)
    attempts = await Delivery.all().count()
    pruned = await retention.prune(NOW, keep_per_hook=0, keep_days=0, event_keep_days=7)
    assert pruned == retention.Pruned(deliveries=0, events=1, more=False)
    assert await _names() == {name for name, *_, gone in EVENTS if not gone}
    assert await Delivery.all().count() == attempts  # no attempt was cascaded away


async def test_keep_days_zero_keeps_every_event(store: str) -> None:
    await _event("ancient", True, 4000)
    assert (await retention.prune(NOW, 0, 0, event_keep_days=0)).events == 0
    assert await _names() == {"ancient"}


async def test_an_event_goes_with_its_last_logged_attempt(store: str, receiver: Receiver) -> None:
    _, hook = await hooked_table(receiver.url)
    old = await _event("attempt pruned", True, 40, hook, ("success",))
    await Delivery.filter(event_id=old.id).update(created_at=NOW - dt.timedelta(days=40))
    await _event("attempt kept", True, 10, hook, ("success",))
    pruned = await retention.prune(NOW, keep_per_hook=0, keep_days=30, event_keep_days=7)
    assert (pruned.deliveries, pruned.events) == (1, 1)
    assert await _names() == {"attempt kept"}


async def test_a_kept_attempt_can_still_be_replayed(store: str, receiver: Receiver) -> None:
    table, hook = await hooked_table(receiver.url)
    dispatcher = make_dispatcher()
    try:
        await records.create_records(table, [{"Title": "shipped"}])
        await dispatcher.run_until_idle()
        sent = await Delivery.get(hook_id=hook.id)
        await Event.filter(id=sent.event_id).update(created_at=NOW - dt.timedelta(days=30))
        assert (await dispatcher.prune()).events == 0
        await replay(hook.id, delivery_id=sent.id)
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    assert receiver.event_ids() == [sent.event_id, sent.event_id]
    assert [r.json["data"]["rows"][0]["Title"] for r in receiver.received] == ["shipped"] * 2


@pytest.mark.parametrize(("batches", "size", "deleted", "more"), [
    (10, 2, 5, False),   # five deletable events among the seven, two a batch
    (2, 2, 4, True),     # stopped at the batch limit with one left
    (1, 5, 5, True),     # a full batch: there may be more
    (1, 6, 5, False),
])
async def test_events_go_in_batches(store: str, receiver: Receiver, batches: int, size: int,
                                    deleted: int, more: bool) -> None:
    _, hook = await hooked_table(receiver.url)
    for i in range(7):  # the 2nd and 4th oldest are referenced: kept, and skipped over
        await _event(f"e{i}", True, 20 - i, hook, ("success",) if i in (1, 3) else ())
    cutoff = NOW - dt.timedelta(days=7)
    assert await retention.prune_events(cutoff, batches, size) == (deleted, more)
    left = await retention.prune_events(cutoff, 10, 10)
    assert left == (5 - deleted, False)
    assert await _names() == {"e1", "e3"}


async def test_the_dispatcher_works_off_a_backlog_between_rounds(
        store: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "EVENT_BATCH", 2)
    monkeypatch.setattr(retention, "EVENT_BATCHES", 2)
    for i in range(11):
        await _event(f"old {i}", True, 30)
    dispatcher = make_dispatcher(prune_interval=3600.0)
    try:
        assert await dispatcher.prune() == retention.Pruned(events=4, more=True)
        await dispatcher.start()  # the next prunes are due at once, not in an hour
        await asyncio.wait_for(_all_pruned(), 10.0)
    finally:
        await dispatcher.stop()
    assert await Event.all().count() == 0


async def _all_pruned() -> None:
    while await Event.all().count():
        await asyncio.sleep(0.01)


@pytest.mark.skipif(not PG_URL, reason="needs GRIDBASE_TEST_PG")
async def test_postgres_skips_an_event_a_writer_is_referencing(
        store: str, db_url: str, receiver: Receiver) -> None:
    """An attempt being inserted for an old event (a replay) while the prune runs keeps the
    event, and so the attempt is not cascaded away when it commits."""
    import asyncpg

    if store != "postgres":
        pytest.skip("PostgreSQL row locks")
    _, hook = await hooked_table(receiver.url)
    event = await _event("being replayed", True, 30)
    other = await asyncpg.connect(db_url)
    try:
        writer = other.transaction()
        await writer.start()
        await other.execute(_INSERT_ATTEMPT, hook.id, event.id)
        pruning = asyncio.ensure_future(retention.prune_events(NOW - dt.timedelta(days=7), 10, 10))
        await asyncio.wait({pruning}, timeout=10.0)
        finished_first = pruning.done()  # the prune did not wait for the writer ...
        await writer.commit()
        assert finished_first and await pruning == (0, False)  # ... nor delete its event
    finally:
        await other.close()
    assert await _names() == {"being replayed"}
    assert await Delivery.filter(event_id=event.id).count() == 1


_INSERT_ATTEMPT = (
    "INSERT INTO gb_delivery (hook_id, event_id, event_type, test_call, replay, url, method, "
    "attempt, status, request_headers, request_body, response_body, error, created_at) "
    "VALUES ($1, $2, '', false, false, '', 'POST', 1, 'pending', '{}', '', '', '', now())")
