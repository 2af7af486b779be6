"""The delivery log as the TUI reads it: the latest attempts of a table's hooks (optionally
of one hook, and only failed or succeeded ones), each hook's last attempt, one attempt in
full — and "retry now" for an attempt that failed or is waiting.

Cheap on purpose, because the webhooks screen polls it about once a second: the table's hook
ids first (a handful), then one ``ORDER BY id DESC LIMIT n`` over ``gb_delivery`` reading
only the summary columns — request and response bodies are read for the detail view alone.
The hook and status filters are the leading columns of the ``(hook_id, status, event_id, id)``
index, and the dispatcher's retention keeps at most ``keep_per_hook`` attempts per hook.

A pending attempt that its hook's queue holds back (the head is backing off, or being sent)
carries that head as ``waiting_behind``: its own "next try" has passed, and the log says what
it waits for instead — one more indexed read per hook with pending lines on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Max

from core.errors import InvalidRequest
from core.hooks.actions import DeliveryNotFound
from core.hooks.clock import Clock, SystemClock
from core.hooks.dispatcher import wake_all
from core.hooks.queue import Blocker, blockers, waits_behind
from core.hooks.service import get_hook
from core.models import Delivery, Webhook

_SUMMARY = ("id", "hook_id", "event_type", "attempt", "status", "response_status", "error",
            "duration_ms", "test_call", "replay", "created_at", "sent_at", "next_attempt_at")

OUTCOMES: dict[str, tuple[str, ...] | None] = {
    "all": None, "failed": ("failed", "dead", "retry"), "succeeded": ("success",)}
"""Log filters by outcome → the attempt statuses they keep (``retry``: failed, retried later)."""
FINAL_FAILURES = ("failed", "dead", "cancelled")


class NotRetryable(InvalidRequest):
    code = "ERR_DELIVERY_NOT_RETRYABLE"


@dataclass(frozen=True)
class LogFilter:
    """Which attempts the log shows: one hook's or all, and one of ``OUTCOMES``."""

    hook_id: str | None = None
    outcome: str = "all"

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise InvalidRequest(f"Unknown outcome filter {self.outcome!r}", field="outcome")


@dataclass(frozen=True)
class DeliveryLine:
    """One attempt, as a log line."""

    id: int
    hook_id: str
    hook_title: str
    event_type: str
    attempt: int
    status: str
    response_status: int | None
    error: str
    duration_ms: float | None
    test_call: bool
    at: dt.datetime
    next_attempt_at: dt.datetime | None
    replay: bool = False
    waiting_behind: Blocker | None = None
    """The head of the hook's queue this pending attempt waits for (None: not held back)."""

    @property
    def outcome(self) -> str:
        """``200``, ``HTTP 503``-style errors, ``behind event 21`` for an attempt held back by
        its hook's queue, or the status while nothing was sent yet."""
        if self.response_status is not None:
            return str(self.response_status)
        if self.waiting_behind is not None:
            return f"behind event {self.waiting_behind.event_id}"
        return self.error or self.status

    @property
    def next_try(self) -> dt.datetime | None:
        """When this attempt may go at the earliest (the head's retry time when held back)."""
        if self.waiting_behind is not None:
            return self.waiting_behind.retry_at
        return self.next_attempt_at if self.status == "pending" else None

    @property
    def short_outcome(self) -> str:
        """``outcome`` for a narrow column: an error's kind (``ClientConnectorError``) without
        its long message (the detail view has it), at most 22 characters."""
        text = self.outcome.split(":", 1)[0].strip() if self.error else self.outcome
        return text if len(text) <= 22 else text[:21] + "…"


def _line(row: dict[str, Any], titles: dict[str, str]) -> DeliveryLine:
    return DeliveryLine(
        id=int(row["id"]), hook_id=row["hook_id"], hook_title=titles.get(row["hook_id"], "?"),
        event_type=row["event_type"] or "", attempt=int(row["attempt"]), status=row["status"],
        response_status=row["response_status"], error=row["error"] or "",
        duration_ms=row["duration_ms"], test_call=bool(row["test_call"]),
        at=row["sent_at"] or row["created_at"], next_attempt_at=row["next_attempt_at"],
        replay=bool(row["replay"]))


async def _mark_waiting(lines: list[DeliveryLine], now: dt.datetime) -> list[DeliveryLine]:
    """``lines`` with ``waiting_behind`` set on the pending ones their hook's head holds back."""
    found = await blockers([ln.hook_id for ln in lines if ln.status == "pending"], now)
    return [replace(ln, waiting_behind=found[ln.hook_id])
            if waits_behind(ln, found.get(ln.hook_id)) else ln for ln in lines]


async def _titles(table_id: str) -> dict[str, str]:
    rows = await Webhook.filter(table_id=table_id).values_list("id", "title")
    return {hook_id: title for hook_id, title in rows}


async def latest_deliveries(table_id: str, limit: int = 50, where: LogFilter = LogFilter(),
                            now: dt.datetime | None = None) -> list[DeliveryLine]:
    """The newest ``limit`` attempts of the table's hooks that ``where`` keeps, newest first."""
    titles = await _titles(table_id)
    hook_ids = [h for h in titles if where.hook_id in (None, h)]
    if not hook_ids:
        return []
    query = Delivery.filter(hook_id__in=hook_ids)
    statuses = OUTCOMES[where.outcome]
    if statuses is not None:
        query = query.filter(status__in=statuses)
    rows = await query.order_by("-id").limit(limit).values(*_SUMMARY)
    return await _mark_waiting([_line(r, titles) for r in rows], now or SystemClock().now())


async def last_delivery_by_hook(table_id: str) -> dict[str, DeliveryLine]:
    """Each of the table's hooks that has attempts → its newest attempt."""
    titles = await _titles(table_id)
    if not titles:
        return {}
    newest = await Delivery.filter(hook_id__in=list(titles)).annotate(last=Max("id")) \
        .group_by("hook_id").values_list("last", flat=True)
    rows = await Delivery.filter(id__in=[int(i) for i in newest]).values(*_SUMMARY)
    lines = await _mark_waiting([_line(r, titles) for r in rows], SystemClock().now())
    return {ln.hook_id: ln for ln in lines}


async def get_delivery(delivery_id: int) -> Delivery:
    """One attempt with everything (request headers and body, response), its hook loaded."""
    delivery = await Delivery.filter(id=delivery_id).select_related("hook").first()
    if delivery is None:
        raise DeliveryNotFound(f"Delivery '{delivery_id}' not found", delivery=delivery_id)
    return delivery


async def _bring_forward(delivery_id: int, now: dt.datetime) -> bool:
    """Make a waiting attempt due now, unless a dispatcher holds it (sending it already)."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    return await Delivery.filter(free, id=delivery_id, status="pending") \
        .update(next_attempt_at=now) == 1


async def _waiting(d: Delivery) -> Delivery | None:
    """The pending attempt of ``d``'s event for its hook, if one is queued."""
    return await Delivery.filter(hook_id=d.hook_id, event_id=d.event_id, status="pending") \
        .order_by("-id").first()


async def _sent_again(d: Delivery) -> bool:
    """Whether a later attempt (a retry or a replay) of ``d``'s event went to its hook."""
    return await Delivery.filter(hook_id=d.hook_id, event_id=d.event_id, id__gt=d.id).exists()


async def _retryable(delivery_id: int) -> Delivery:
    d = await Delivery.filter(id=delivery_id).first()
    if d is None:
        raise DeliveryNotFound(f"Delivery '{delivery_id}' not found", delivery=delivery_id)
    if d.event_id is None:
        raise NotRetryable("A test send cannot be retried: send a new test",
                           delivery=delivery_id)
    if d.status == "success":
        raise NotRetryable(f"Delivery {d.id} succeeded: replay it to send it again",
                           delivery=delivery_id)
    if not (await get_hook(d.hook_id)).active:
        raise NotRetryable("The hook is off: turn it on to retry", delivery=delivery_id)
    return d


async def retry_now(delivery_id: int, clock: Clock | None = None) -> Delivery:
    """Send a failed or waiting attempt's event again as soon as a dispatcher can.

    A waiting attempt (``pending``, or the follow-up of a ``retry``) becomes due now; after a
    final failure (``failed``, ``dead``, ``cancelled``) one more attempt is queued, due now.
    Pressing it twice queues nothing more. Returns the attempt that will be sent."""
    d = await _retryable(delivery_id)
    now = (clock or SystemClock()).now()
    waiting = d if d.status == "pending" else await _waiting(d)
    if waiting is None and (d.status not in FINAL_FAILURES or await _sent_again(d)):
        raise NotRetryable(f"Delivery {d.id} was retried already: replay it to send it again",
                           delivery=delivery_id)
    if waiting is None:
        hook = await get_hook(d.hook_id)
        waiting = await Delivery.create(
            hook_id=d.hook_id, event_id=d.event_id, event_type=d.event_type,
            rows_selected=d.rows_selected, url=hook.url, method=hook.method,
            attempt=d.attempt + 1, replay=d.replay, status="pending", next_attempt_at=now)
    elif not await _bring_forward(waiting.id, now):
        raise NotRetryable(f"Delivery {waiting.id} is being sent right now",
                           delivery=delivery_id)
    wake_all()
    return await Delivery.get(id=waiting.id)
