"""The SSRF guard (``GRIDBASE_HOOKS_ALLOW_PRIVATE``) and delivery-log retention, through the
real transport, a real loopback receiver and the real dispatcher."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidRequest
from core.hooks import AiohttpTransport, Dispatcher, HookRequest, HookSpec, TransportError, create_hook
from core.hooks.guard import ENV
from core.models import Delivery
from core.records import service as records
from tests import factories
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher


def _request(url: str) -> HookRequest:
    return HookRequest("POST", url, {"content-type": "application/json"}, b"{}", 2.0)


@pytest.mark.parametrize(("setting", "host", "refused"), [
    (None, "127.0.0.1", None),                  # default: a local tool may call localhost
    (None, "localhost", None),
    ("0", "127.0.0.1", "loopback"),             # off: public destinations only
    ("0", "localhost", "loopback"),             # names are checked where they resolve
    ("false", "[::ffff:127.0.0.1]", "loopback"),
    ("1", "127.0.0.1", None),
])
async def test_loopback_follows_the_setting(receiver: Receiver, monkeypatch: pytest.MonkeyPatch,
                                            setting: str | None, host: str,
                                            refused: str | None) -> None:
    if setting is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, setting)
    url = receiver.url.replace("127.0.0.1", host)
    transport = AiohttpTransport()
    try:
        if refused:
            with pytest.raises(TransportError, match=refused):
                await transport.send(_request(url))
            assert receiver.received == []
        else:
            assert (await transport.send(_request(url))).status == 200
    finally:
        await transport.close()


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/",
                                 "http://[fe80::1]/x", "http://0.0.0.0:9/x"])
async def test_metadata_and_link_local_are_refused_by_default(
        store: str, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.delenv(ENV, raising=False)
    table = await factories.table({"Title": "SingleLineText"})
    with pytest.raises(InvalidRequest, match="Hooks may not call"):
        await create_hook(table.id, HookSpec(title="ssrf", url=url))
    with pytest.raises(TransportError, match="refused"):
        await AiohttpTransport().send(_request(url))
    monkeypatch.setenv(ENV, "1")
    assert (await create_hook(table.id, HookSpec(title="allowed", url=url))).url == url


async def test_dispatcher_logs_a_refused_destination_and_sends_nothing(
        store: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    table, hook = await hooked_table(receiver.url.replace("127.0.0.1", "localhost"))
    monkeypatch.setenv(ENV, "0")
    await records.create_records(table, [{"Title": "x"}])
    dispatcher = make_dispatcher()
    try:
        await dispatcher.run_once()
    finally:
        await dispatcher.stop()
    [first] = await Delivery.filter(hook_id=hook.id).order_by("id")  # final: no retry
    assert first.status == "dead" and "SSRF guard: " in first.error and "loopback" in first.error
    assert receiver.received == []


async def _delivered(table: object, dispatcher: Dispatcher, n: int) -> None:
    for i in range(n):
        await records.create_records(table, [{"Title": f"r{i}"}])  # type: ignore[arg-type]
    await dispatcher.run_until_idle()


async def test_retention_keeps_the_newest_per_hook_and_drops_old(
        store: str, receiver: Receiver) -> None:
    table, hook = await hooked_table(receiver.url)
    dispatcher = make_dispatcher(keep_per_hook=5, keep_days=30)
    try:
        await _delivered(table, dispatcher, 12)
        ids = await Delivery.filter(hook_id=hook.id).order_by("id").values_list("id", flat=True)
        assert len(ids) == 12 and len(receiver.received) == 12
        old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)
        await Delivery.filter(id=ids[-1]).update(created_at=old)  # the newest, but 40 days old
        pending = await Delivery.create(hook_id=hook.id, status="pending", created_at=old,
                                        next_attempt_at=old + dt.timedelta(days=400))
        assert (await dispatcher.prune()).deliveries == 1 + (11 - 5)  # the old one, then all but 5
    finally:
        await dispatcher.stop()
    kept = await Delivery.filter(hook_id=hook.id).order_by("id").values_list("id", flat=True)
    assert kept == [*ids[-6:-1], pending.id]  # the old pending row is never pruned


async def test_retention_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.hooks.dispatcher import DispatcherConfig

    monkeypatch.delenv("GRIDBASE_EVENT_KEEP_DAYS", raising=False)
    assert DispatcherConfig.from_env().event_keep_days == 7.0
    monkeypatch.setenv("GRIDBASE_HOOK_KEEP_LOGS", "50")
    monkeypatch.setenv("GRIDBASE_HOOK_KEEP_DAYS", "0")
    monkeypatch.setenv("GRIDBASE_EVENT_KEEP_DAYS", "0")
    config = DispatcherConfig.from_env()
    assert (config.keep_per_hook, config.keep_days, config.event_keep_days) == (50, 0.0, 0.0)


async def test_old_attempts_go_in_bounded_batches(store: str, receiver: Receiver,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A backlog is deleted a batch per transaction, at most so many batches per prune; the
    next prune goes on where it stopped."""
    from core.hooks import retention

    table, hook = await hooked_table(receiver.url)
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)
    for _ in range(25):
        await Delivery.create(hook_id=hook.id, status="success", created_at=old)
    writes: list[int] = []
    real_write = retention.db.write

    async def counted(fn):  # type: ignore[no-untyped-def]
        writes.append(1)
        return await real_write(fn)

    monkeypatch.setattr(retention, "DELIVERY_BATCH", 10)
    monkeypatch.setattr(retention, "DELIVERY_BATCHES", 2)
    monkeypatch.setattr(retention.db, "write", counted)
    now = dt.datetime.now(dt.timezone.utc)
    first = await retention.prune(now, keep_per_hook=0, keep_days=30)
    assert (first.deliveries, len(writes)) == (20, 2)  # two batches of ten, then it stops
    second = await retention.prune(now, keep_per_hook=0, keep_days=30)
    assert second.deliveries == 5
    assert await Delivery.filter(hook_id=hook.id).count() == 0
