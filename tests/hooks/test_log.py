"""``core.hooks.log``: the latest attempts of one table's hooks (newest first, limited), each
hook's last attempt, and one attempt in full."""

from __future__ import annotations

import pytest

from core.hooks import HookSpec, create_hook
from core.hooks.actions import DeliveryNotFound
from core.hooks.log import get_delivery, last_delivery_by_hook, latest_deliveries
from core.models import Delivery
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
