"""The delivery queue: claiming due deliveries under a lease, and recording attempts.

Claiming works one hook at a time and preserves event order: a hook's queue is its
``pending`` deliveries ordered by (event id, delivery id); only a prefix of that queue that is
due and unleased may be claimed, so while the head waits for a retry (or is leased to another
dispatcher) nothing behind it is sent — ``blockers`` says which head each hook waits for, so the
log can show it. Replays (``Delivery.replay``, and their retries) are outside that order: any
due, unleased replay is claimed too, ahead of the ordered prefix, and never waits behind the
head. ``resume`` makes a backing-off head due now, for when the receiver has just answered
2xx to another request. The claim is one short transaction:

* PostgreSQL — ``SELECT … ORDER BY event_id, id LIMIT n FOR UPDATE SKIP LOCKED`` locks the
  prefix; a second, plain read of the head checks that nobody else holds a lock on it (if it
  was skipped the prefix is not ours to take). Dispatchers never wait on each other.
* SQLite — ``core.db.write`` holds the database write lock for the whole transaction.

Both then lease the rows with ``UPDATE … SET lease_owner=?, lease_until=? WHERE id IN (…)
AND status='pending' AND (lease_until IS NULL OR lease_until <= now)`` and check the row count.
A lease outlives its dispatcher only until ``lease_until``: after a crash another dispatcher
(or the restarted one) takes the rows again — at-least-once, never twice while a lease holds.

Recording updates each attempted row (guarded by ``lease_owner``, so a dispatcher whose lease
was taken over records nothing), creates the follow-up attempt of a retry, and releases
claimed rows that were not attempted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from core import db
from core.hooks import rows
from core.models import Delivery


@dataclass(frozen=True)
class Claim:
    owner: str
    hook_id: str
    deliveries: list[Delivery]
    lease_until: dt.datetime


@dataclass(frozen=True)
class Attempt:
    """What happened to one claimed delivery (``status`` is its final status)."""

    delivery: Delivery
    status: str
    url: str = ""
    method: str = "POST"
    request_headers: dict[str, str] | None = None
    request_body: str = ""
    response_status: int | None = None
    response_body: str = ""
    duration_ms: float | None = None
    error: str = ""
    sent_at: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None


CLAIM_FIELDS = ("id", "hook_id", "event_id", "event_type", "rows_selected", "attempt", "replay")
"""What sending needs of a claimed row."""


class _Contended(Exception):
    """Another dispatcher leased part of the prefix first; roll the claim back."""


async def hooks_with_due_work(now: dt.datetime) -> list[str]:
    hook_ids = await Delivery.filter(status="pending", next_attempt_at__lte=now).distinct() \
        .values_list("hook_id", flat=True)
    return sorted(set(hook_ids))


def _free(row: Delivery, now: dt.datetime) -> bool:
    leased = row.lease_until is not None and row.lease_until > now
    due = row.next_attempt_at is None or row.next_attempt_at <= now
    return due and not leased


def _line(hook_id: str) -> Any:
    """The hook's ordered queue (replays are not in it)."""
    return Delivery.filter(hook_id=hook_id, status="pending", replay=False).order_by("event_id", "id")


async def _due_prefix(tx: Any, hook_id: str, now: dt.datetime, limit: int) -> list[Delivery]:
    line = _line(hook_id).using_db(tx)
    prefix = await line.limit(limit).select_for_update(skip_locked=True) if limit > 0 else []
    if not prefix:
        return []
    if db.dialect() == "postgres":
        head = await line.limit(1).values_list("id", flat=True)
        if not head or head[0] != prefix[0].id:
            return []
    taken: list[Delivery] = []
    for row in prefix:
        if not _free(row, now):
            break
        taken.append(row)
    return taken


async def _due_replays(tx: Any, hook_id: str, now: dt.datetime, limit: int) -> list[Delivery]:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    return await Delivery.filter(due, free, hook_id=hook_id, status="pending", replay=True) \
        .using_db(tx).order_by("id").limit(limit).select_for_update(skip_locked=True)


async def _claim_tx(tx: Any, hook_id: str, owner: str, now: dt.datetime, until: dt.datetime,
                    limit: int) -> list[Delivery]:
    replays = await _due_replays(tx, hook_id, now, limit)
    taken = replays + await _due_prefix(tx, hook_id, now, limit - len(replays))
    if not taken:
        return []
    count = await Delivery.filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now),
                                  id__in=[d.id for d in taken], status="pending") \
        .using_db(tx).update(lease_owner=owner, lease_until=until)
    if count != len(taken):
        raise _Contended()
    return taken


async def claim(hook_id: str, owner: str, now: dt.datetime, lease_seconds: float,
                limit: int) -> Claim | None:
    """Lease the due prefix of ``hook_id``'s queue (at most ``limit`` rows), or None."""
    until = now + dt.timedelta(seconds=lease_seconds)
    try:
        taken = await db.write(lambda tx: _claim_tx(tx, hook_id, owner, now, until, limit))
    except _Contended:
        return None
    return Claim(owner, hook_id, taken, until) if taken else None


def result_fields(a: Attempt) -> dict[str, Any]:
    return {"status": a.status, "url": a.url, "method": a.method,
            "request_headers": a.request_headers or {}, "request_body": a.request_body,
            "response_status": a.response_status, "response_body": a.response_body,
            "duration_ms": a.duration_ms, "error": a.error, "sent_at": a.sent_at}


def _follow_up(a: Attempt) -> dict[str, Any]:
    d = a.delivery
    return {"hook_id": d.hook_id, "event_id": d.event_id, "event_type": d.event_type,
            "rows_selected": d.rows_selected, "url": a.url, "method": a.method,
            "attempt": d.attempt + 1, "next_attempt_at": a.next_attempt_at, "replay": d.replay}


async def _record_tx(tx: Any, owner: str, attempts: list[Attempt], release: list[int]) -> None:
    owned = await rows.still_leased(tx, owner, [a.delivery.id for a in attempts])
    mine = [a for a in attempts if a.delivery.id in owned]
    await rows.store_results(tx, owner, [(a.delivery.id, result_fields(a)) for a in mine])
    await rows.insert(tx, [_follow_up(a) for a in mine if a.next_attempt_at is not None])
    if release:
        await Delivery.filter(id__in=release, lease_owner=owner).using_db(tx) \
            .update(lease_owner=None, lease_until=None)


async def record(owner: str, attempts: Sequence[Attempt], release: Sequence[int] = ()) -> None:
    """Store attempts (and their follow-ups) and release unattempted rows, in one transaction."""
    if attempts or release:
        await db.write(lambda tx: _record_tx(tx, owner, list(attempts), list(release)))


# --- what a hook's queue waits for ---------------------------------------------------------
@dataclass(frozen=True)
class Blocker:
    """The head of a hook's queue while it holds the rest back: backing off until
    ``retry_at``, or being sent right now (``retry_at`` None)."""

    delivery_id: int
    event_id: int | None
    attempt: int
    retry_at: dt.datetime | None

    def describe(self, clock: Any = None) -> str:
        """``waiting behind event 21 (retry at 05:29:35)``; ``clock`` formats the time."""
        when = "being sent" if self.retry_at is None else \
            f"retry at {(clock or _iso)(self.retry_at)}"
        return f"waiting behind event {self.event_id} ({when})"

    def as_json(self) -> dict[str, Any]:
        return {"delivery_id": self.delivery_id, "event_id": self.event_id,
                "attempt": self.attempt, "retry_at": _iso(self.retry_at) if self.retry_at else None}


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")


async def blockers(hook_ids: Sequence[str], now: dt.datetime) -> dict[str, Blocker]:
    """Each of ``hook_ids`` whose queue head is not free now → that head (one indexed read
    per hook: the ``(hook_id, status, event_id, id)`` index)."""
    found: dict[str, Blocker] = {}
    for hook_id in dict.fromkeys(hook_ids):
        head = await _line(hook_id).first()
        if head is not None and not _free(head, now):
            leased = head.lease_until is not None and head.lease_until > now
            found[hook_id] = Blocker(head.id, head.event_id, head.attempt,
                                     None if leased else head.next_attempt_at)
    return found


def waits_behind(d: Any, blocker: Blocker | None) -> bool:
    """Whether pending delivery ``d`` (a row or a log line) is held back by ``blocker``."""
    return blocker is not None and d.status == "pending" and not d.replay \
        and d.id != blocker.delivery_id


async def resume(hook_id: str, now: dt.datetime) -> bool:
    """Make the hook's backing-off head due now (the receiver just answered 2xx to another
    request, so waiting out the rest of its backoff only delays the events behind it)."""
    head = await _line(hook_id).first()
    if head is None or head.next_attempt_at is None or head.next_attempt_at <= now:
        return False
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    return await Delivery.filter(free, id=head.id, status="pending") \
        .update(next_attempt_at=now) == 1
