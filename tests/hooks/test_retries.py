"""Retries with backoff on an injectable clock, final failures, Retry-After, dead deliveries,
and per-hook ordering behind a retry."""

from __future__ import annotations

import pytest

from core.hooks import (
    Dispatcher, DispatcherConfig, FakeClock, HookResponse, RecordingTransport, TransportError,
)
from core.models import Delivery
from core.records import service as records
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher


async def _attempts(hook_id: str) -> list[Delivery]:
    return await Delivery.filter(hook_id=hook_id).order_by("id")


async def test_500_then_200_is_two_attempts_ten_seconds_apart(
        store: str, receiver: Receiver, clock: FakeClock) -> None:
    receiver.script = [500]
    table, hook = await hooked_table(receiver.url)
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "x"}])
        await dispatcher.run_until_idle()
        first, retry = await _attempts(hook.id)
        assert (first.status, first.response_status, first.error) == ("retry", 500, "HTTP 500")
        assert retry.status == "pending" and retry.attempt == 2
        assert (retry.next_attempt_at - first.sent_at).total_seconds() == pytest.approx(10)
        clock.advance(9)
        assert await dispatcher.run_until_idle() == 0  # not due yet
        clock.advance(1)
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    statuses = [(d.attempt, d.status, d.response_status) for d in await _attempts(hook.id)]
    assert statuses == [(1, "retry", 500), (2, "success", 200)]
    assert [r.json["id"] for r in receiver.received] == [receiver.received[0].json["id"]] * 2


async def test_410_is_final(store: str, receiver: Receiver, clock: FakeClock) -> None:
    receiver.script = [410]
    table, hook = await hooked_table(receiver.url)
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "x"}])
        await dispatcher.run_until_idle()
        clock.advance(86400)
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    [only] = await _attempts(hook.id)
    assert (only.status, only.response_status, only.next_attempt_at is not None) == ("failed", 410, True)
    assert len(receiver.received) == 1


@pytest.mark.parametrize("answer, retried", [
    (HookResponse(503), True), (HookResponse(429), True), (HookResponse(408), True),
    (TransportError("connection refused"), True), (HookResponse(404), False),
    (HookResponse(400), False), (HookResponse(301), False), (HookResponse(204), False),
])
async def test_which_answers_are_retried(store: str, clock: FakeClock, answer: object,
                                         retried: bool) -> None:
    transport = RecordingTransport(answer, HookResponse(200))  # type: ignore[arg-type]
    table, hook = await hooked_table("http://receiver.invalid/hook")
    dispatcher = Dispatcher(transport=transport, clock=clock, config=DispatcherConfig(jitter=0))
    await records.create_records(table, [{"Title": "x"}])
    await dispatcher.run_until_idle()
    clock.advance(11)
    await dispatcher.run_until_idle()
    assert len(transport.requests) == (2 if retried else 1)


async def test_schedule_then_dead(store: str, clock: FakeClock) -> None:
    transport = RecordingTransport(TransportError("timed out after 10s"))
    table, hook = await hooked_table("http://receiver.invalid/hook")
    dispatcher = Dispatcher(transport=transport, clock=clock, config=DispatcherConfig(jitter=0))
    await records.create_records(table, [{"Title": "x"}])
    gaps = []
    for _ in range(10):
        await dispatcher.run_until_idle()
        pending = await Delivery.filter(hook_id=hook.id, status="pending").first()
        if pending is None:
            break
        gaps.append(round((pending.next_attempt_at - clock.now()).total_seconds()))
        clock.advance(gaps[-1])
    attempts = await _attempts(hook.id)
    assert gaps == [10, 60, 300, 1800, 7200, 21600]
    assert [d.status for d in attempts] == ["retry"] * 6 + ["dead"]
    assert attempts[-1].error == "timed out after 10s" and len(transport.requests) == 7


async def test_retry_after_is_honoured(store: str, clock: FakeClock) -> None:
    transport = RecordingTransport(HookResponse(429, headers={"retry-after": "120"}), HookResponse(200))
    table, hook = await hooked_table("http://receiver.invalid/hook")
    dispatcher = Dispatcher(transport=transport, clock=clock, config=DispatcherConfig(jitter=0))
    await records.create_records(table, [{"Title": "x"}])
    await dispatcher.run_until_idle()
    retry = await Delivery.get(hook_id=hook.id, status="pending")
    assert (retry.next_attempt_at - clock.now()).total_seconds() == pytest.approx(120)


async def test_later_events_wait_behind_a_retry(store: str, receiver: Receiver, clock: FakeClock) -> None:
    receiver.script = [503]
    table, hook = await hooked_table(receiver.url, events=("after.insert",))
    dispatcher = make_dispatcher(clock)
    try:
        for title in ("first", "second", "third"):
            await records.create_records(table, [{"Title": title}])
        await dispatcher.run_until_idle()
        assert len(receiver.received) == 1  # the 503; the others wait
        clock.advance(15)
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    titles = [r.json["data"]["rows"][0]["Title"] for r in receiver.received]
    assert titles == ["first", "first", "second", "third"]


async def test_timeout_is_retried(store: str, receiver: Receiver, clock: FakeClock) -> None:
    receiver.delay = 1.0
    table, hook = await hooked_table(receiver.url, timeout=0.2)
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "slow"}])
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    first = (await _attempts(hook.id))[0]
    assert (first.status, first.response_status) == ("retry", None)
    assert first.error == "timed out after 0.2s" and first.duration_ms < 900
