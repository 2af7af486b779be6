"""Several dispatchers on one database: each attempt is sent exactly once, leases expire after
a crash, and fan-out never creates a delivery twice."""

from __future__ import annotations

import asyncio
from collections import Counter

from core.hooks import AiohttpTransport, FakeClock, HookRequest, HookResponse, HookSpec, create_hook
from core.hooks import queue
from core.hooks.fanout import Lease, fan_out
from core.models import Delivery, Event
from core.records import service as records
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher, wait_for


class CountingTransport(AiohttpTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[HookRequest] = []

    async def send(self, request: HookRequest) -> HookResponse:
        self.sent.append(request)
        return await super().send(request)


async def test_two_dispatchers_deliver_each_attempt_exactly_once(store: str, receiver: Receiver) -> None:
    receiver.delay = 0.002
    table, first = await hooked_table(receiver.url + "/a", events=("after.insert",))
    second = await create_hook(table.id, HookSpec(title="b", url=receiver.url + "/b"))
    dispatchers = [make_dispatcher(batch_size=4, poll_interval=0.005) for _ in range(2)]
    for d in dispatchers:
        d.transport = CountingTransport()
    for d in dispatchers:
        await d.start()
    try:
        for i in range(150):
            await records.create_records(table, [{"Title": str(i)}])
        await wait_for(lambda: len(receiver.received) >= 300, timeout=60)
        await asyncio.sleep(0.3)  # room for a duplicate to show up
    finally:
        for d in dispatchers:
            await d.stop()
    sent = Counter((r.path, r.json["id"]) for r in receiver.received)
    assert len(sent) == 300 and set(sent.values()) == {1}
    for hook in (first, second):
        paths = [r.json["id"] for r in receiver.received if r.path.endswith(hook.url[-2:])]
        assert paths == sorted(paths)  # event order per hook
    rows = await Delivery.filter(hook_id__in=[first.id, second.id])
    assert len(rows) == 300 and {d.status for d in rows} == {"success"}
    shares = [len(d.transport.sent) for d in dispatchers]  # type: ignore[attr-defined]
    assert sum(shares) == 300 and min(shares) > 0, shares


async def test_concurrent_fan_out_creates_each_delivery_once(store: str, receiver: Receiver) -> None:
    table, hook = await hooked_table(receiver.url)
    for i in range(40):
        await records.create_records(table, [{"Title": str(i)}])
    clock = FakeClock()
    await asyncio.gather(*(fan_out(clock.now(), limit=7, lease=Lease(f"owner {i}", 30) if i % 2 else None)
                           for i in range(12)))
    while (await fan_out(clock.now())).flagged:
        pass
    pairs = Counter(await Delivery.filter(hook_id=hook.id).values_list("event_id", flat=True))
    assert len(pairs) == 40 and set(pairs.values()) == {1}
    assert await Event.filter(dispatched=False).count() == 0


async def test_a_dead_dispatchers_lease_expires(store: str, receiver: Receiver) -> None:
    clock = FakeClock()
    table, hook = await hooked_table(receiver.url)
    await records.create_records(table, [{"Title": "x"}])
    await fan_out(clock.now())
    crashed = await queue.claim(hook.id, "crashed-owner", clock.now(), 30, 10)
    assert crashed is not None and len(crashed.deliveries) == 1
    survivor = make_dispatcher(clock, lease_seconds=30)
    try:
        assert await survivor.run_until_idle() == 0 and receiver.received == []
        clock.advance(31)
        await survivor.run_until_idle()
    finally:
        await survivor.stop()
    assert len(receiver.received) == 1
    [delivery] = await Delivery.filter(hook_id=hook.id)
    assert delivery.status == "success" and delivery.lease_owner is None
    await queue.record("crashed-owner", [queue.Attempt(delivery, "failed")])
    assert (await Delivery.get(id=delivery.id)).status == "success"  # the stale owner writes nothing
