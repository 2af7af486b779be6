"""Testing a hook definition before it is saved (NocoDB's ``POST …/tables/{t}/hooks/test``).

The definition goes through the same checks as a saved hook (``service.checked``: URL and
SSRF literal guard, headers, condition) and the request through the same sender and transport
(so the address guard applies to the resolved host too). Like a saved hook's test it is sent
once, without retries and without the condition. The rows are the caller's sample
(``rows``/``previous_rows``) or, when none is given, the table's sample envelope.
Nothing is stored: an unsaved hook has no delivery log. It is signed with the secret of the
hook named by ``hook_id`` when that hook is on this table (testing edits of a saved hook, so
the receiver can verify), else with a throwaway secret.
"""

from __future__ import annotations

import time
from typing import Any

from core.errors import InvalidRequest
from core.hooks.actions import send_once
from core.hooks.clock import Clock, SystemClock
from core.hooks.payload import envelope, sample_envelope
from core.hooks.service import checked, columns
from core.hooks.signing import new_secret
from core.hooks.spec import HookSpec, operation_of
from core.hooks.transport import HookTransport
from core.models import Delivery, Webhook
from core.schema.spec import TableSpec
from core.schema.tables import load_table


def _rows(value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise InvalidRequest(f"payload.data.{name} must be a list of row objects", field=name)
    return value


async def _payload(table: TableSpec, operation: str, sample: dict[str, Any] | None) -> dict[str, Any]:
    data = (sample or {}).get("data")
    if not isinstance(data, dict) or data.get("rows") is None:
        return await sample_envelope(table, operation)
    rows = _rows(data["rows"], "rows")
    previous = _rows(data.get("previous_rows", rows if operation == "update" else []), "previous_rows")
    # Nothing is logged for a trial, so no attempt id to negate as tests do: the clock in µs,
    # negative like every test id, so a receiver that drops duplicates keeps each trial.
    payload = envelope(event_id=-(time.time_ns() // 1000), operation=operation, base_id=table.base_id, table_id=table.id,
                       table_name=table.title, rows=rows, previous_rows=previous)
    payload["test"] = True
    return payload


async def _secret(table_id: str, hook_id: str | None) -> str:
    saved = await Webhook.get_or_none(id=hook_id, table_id=table_id) if hook_id else None
    return saved.secret if saved else new_secret()


async def _send(hook: Webhook, delivery: Delivery, payload: dict[str, Any],
                transport: HookTransport | None, clock: Clock) -> None:
    for name, value in (await send_once(hook, delivery, payload, transport, clock)).items():
        setattr(delivery, name, value)


async def try_definition(table_id: str, spec: HookSpec, *, operation: str | None = None,
                          sample: dict[str, Any] | None = None, hook_id: str | None = None,
                          transport: HookTransport | None = None,
                          clock: Clock | None = None) -> Delivery:
    """Send one test of an unsaved hook; the unsaved ``Delivery`` describes the attempt."""
    table = await load_table(table_id)
    spec = await checked(table_id, spec)
    op = operation_of(operation) if operation else operation_of(spec.events[0])
    if op is None:
        raise InvalidRequest(f"unknown operation {operation!r}; use insert, update or delete",
                             field="operation")
    payload = await _payload(table, op, sample)
    hook = Webhook(id=hook_id or "unsaved", table_id=table_id,
                   secret=await _secret(table_id, hook_id), **columns(spec))
    delivery = Delivery(hook_id=hook.id, event_id=None, event_type=payload["type"], attempt=1,
                        test_call=True, status="sending", url=hook.url, method=hook.method)
    await _send(hook, delivery, payload, transport, clock or SystemClock())
    return delivery
