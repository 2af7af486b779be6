"""What an owner does with a hook besides editing it: send a test now, replay a past event,
read the delivery log, and preview the payload.

* ``test_hook`` sends a sample envelope (``"test": true``, built from the table's newest row)
  at once, without retries and without the condition (as NocoDB does), and logs it as a
  delivery with ``test_call`` set. Its ``id`` is minus that delivery's id: unique per test, so
  a receiver that drops duplicate ids keeps every test, and never a real (positive) event id.
* ``replay`` queues a new first attempt of a past event for the dispatcher, marked ``replay``:
  it is sent as soon as a dispatcher can, outside the hook's event order, so it never waits
  behind a delivery that is backing off. Replaying a delivery reuses the rows it carried;
  replaying an event applies the hook's condition as the original fan-out did.
* A test or replay answered 2xx shows the receiver is back: the hook's backing-off queue
  head becomes due now (``queue.resume``).
* ``list_deliveries`` marks each pending attempt held back by its hook's queue head
  (``waiting_behind``, a ``queue.Blocker``), for the API's log.
"""

from __future__ import annotations

from typing import Any

from core.errors import InvalidRequest, NotFound
from core.hooks.clock import Clock, SystemClock
from core.hooks.conditions import select_rows
from core.hooks.dispatcher import running_transport, wake_all
from core.hooks.payload import sample_envelope
from core.hooks.queue import blockers, result_fields, resume, waits_behind
from core.hooks.sender import Policy, attempt
from core.hooks.service import get_hook
from core.hooks.spec import operation_of
from core.hooks.transport import AiohttpTransport, HookTransport
from core.models import Delivery, Event, Webhook
from core.schema.tables import load_table


class DeliveryNotFound(NotFound):
    code = "ERR_DELIVERY_NOT_FOUND"


class EventNotFound(NotFound):
    code = "ERR_EVENT_NOT_FOUND"


async def list_deliveries(hook_id: str, limit: int = 25, offset: int = 0) -> tuple[list[Delivery], int]:
    """A page of the hook's attempts, newest first, and the total count. Each attempt has
    ``waiting_behind``: the ``Blocker`` it waits for, or None."""
    await get_hook(hook_id)
    query = Delivery.filter(hook_id=hook_id)
    page = await query.order_by("-id").offset(offset).limit(limit)
    blocker = (await blockers([hook_id], SystemClock().now())).get(hook_id)
    for d in page:
        d.waiting_behind = blocker if waits_behind(d, blocker) else None  # type: ignore[attr-defined]
    return page, await query.count()


async def sample_payload(table_id: str, operation: str) -> dict[str, Any]:
    return await sample_envelope(await load_table(table_id), operation)


async def send_once(hook: Webhook, delivery: Delivery, payload: dict[str, Any],
                    transport: HookTransport | None, clock: Clock) -> dict[str, Any]:
    """One attempt, no retry, through the given transport, else the running dispatcher's,
    else a transport of its own (closed after); return the attempt's result fields."""
    shared = transport or running_transport()
    own = None if shared else AiohttpTransport()
    try:
        result = await attempt(hook, delivery, payload, shared or own, clock, Policy(retries=False))
    finally:
        if own is not None:
            await own.close()
    return result_fields(result)


async def _send_test(hook: Webhook, delivery: Delivery, payload: dict[str, Any],
                     transport: HookTransport | None, clock: Clock) -> None:
    fields = await send_once(hook, delivery, payload, transport, clock)
    await Delivery.filter(id=delivery.id).update(**fields)
    if fields["status"] == "success":
        await _resume(hook.id, clock)


async def _resume(hook_id: str, clock: Clock) -> None:
    if await resume(hook_id, clock.now()):
        wake_all()


async def test_hook(hook_id: str, operation: str = "insert", *, transport: HookTransport | None = None,
                    clock: Clock | None = None) -> Delivery:
    """Send a sample now and return its logged delivery (status ``success`` or ``failed``)."""
    hook = await get_hook(hook_id)
    payload = await sample_envelope(await load_table(hook.table_id), operation)
    delivery = await Delivery.create(hook_id=hook.id, event_id=None, event_type=payload["type"],
                                     test_call=True, status="sending", url=hook.url,
                                     method=hook.method)
    payload["id"] = -delivery.id
    await _send_test(hook, delivery, payload, transport, clock or SystemClock())
    return await Delivery.get(id=delivery.id)


async def _selection(hook: Webhook, event: Event) -> list[int] | None:
    earlier = await Delivery.filter(hook_id=hook.id, event_id=event.id).order_by("-id").first()
    if earlier is not None:
        return earlier.rows_selected
    table = await load_table(hook.table_id)
    selected = await select_rows(table, hook.condition, operation_of(event.type) or "insert",
                                 event.rows, event.previous_rows)
    if selected == []:
        raise InvalidRequest(f"The hook's condition matches none of the rows of event {event.id}",
                             event=event.id)
    return selected


async def _event_of(hook: Webhook, event_id: Any, delivery_id: Any) -> tuple[Event, list[int] | None, bool]:
    if delivery_id is not None:
        source = await Delivery.get_or_none(id=_int(delivery_id, "delivery_id"), hook_id=hook.id)
        if source is None or source.event_id is None:
            raise DeliveryNotFound(f"Delivery '{delivery_id}' of this hook not found "
                                   "(test deliveries cannot be replayed)", delivery=delivery_id)
        return await Event.get(id=source.event_id), source.rows_selected, True
    event = await Event.get_or_none(id=_int(event_id, "event_id"))
    if event is None or event.table_id != hook.table_id:
        raise EventNotFound(f"Event '{event_id}' of this hook's table not found", event=event_id)
    return event, None, False


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise InvalidRequest(f"{name} must be a positive integer", field=name)
    return int(value)


async def replay(hook_id: str, *, event_id: Any = None, delivery_id: Any = None,
                 clock: Clock | None = None) -> Delivery:
    """Queue event ``event_id`` (or the event of delivery ``delivery_id``) for sending again."""
    if event_id is None and delivery_id is None:
        raise InvalidRequest("Give event_id or delivery_id to replay", field="event_id")
    hook = await get_hook(hook_id)
    event, selected, reuse = await _event_of(hook, event_id, delivery_id)
    if not reuse:
        selected = await _selection(hook, event)
    delivery = await Delivery.create(hook_id=hook.id, event_id=event.id, event_type=event.type,
                                     rows_selected=selected, url=hook.url, method=hook.method,
                                     replay=True, status="pending",
                                     next_attempt_at=(clock or SystemClock()).now())
    wake_all()
    return delivery
