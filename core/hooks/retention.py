"""Retention of the webhook outbox: the dispatcher prunes old delivery attempts and old change
events so ``gb_delivery`` and ``gb_event`` do not grow forever.

Delivery attempts: only finished ones go (``success``, ``failed``, ``dead``, ``cancelled``, and
``retry`` — an attempt whose follow-up row exists); a ``pending`` or ``sending`` row is never
touched, so pruning cannot lose or reorder a delivery. Two limits, both applied:

* ``keep_days`` — finished attempts older than this many days are deleted (default 30);
* ``keep_per_hook`` — each hook keeps at most this many finished attempts, the newest
  (default 1,000; the logs endpoint pages through them).

Events (one per API call or TUI action, carrying every row it touched): an event goes once it
is older than ``event_keep_days`` (default 7), has been fanned out (``Event.dispatched``), and
no attempt refers to it any more. The last condition is what keeps an event while it is still
needed — a pending, sending or retry-scheduled attempt sends it, and a logged attempt can be
replayed or retried, which resends the event's rows — and it is also required:
``gb_delivery.event_id`` is ``ON DELETE CASCADE``, so deleting a referenced event would delete
its attempts from the log. An event therefore lives as long as the log keeps an attempt of it,
and goes at the first prune after the attempt's own retention. (An event no hook wanted can
still be replayed by id until it is ``event_keep_days`` old.)

Events are deleted in batches of ``EVENT_BATCH``, each its own short write transaction (on
SQLite, the write lock), at most ``EVENT_BATCHES`` per prune; ``Pruned.more`` tells the
dispatcher to come back at once rather than after ``prune_interval``, so a large backlog is
worked off between delivery rounds instead of stalling them.

``GRIDBASE_HOOK_KEEP_DAYS``, ``GRIDBASE_HOOK_KEEP_LOGS`` and ``GRIDBASE_EVENT_KEEP_DAYS``
override the defaults (a value of 0 turns that limit off); the dispatcher prunes every
``prune_interval`` seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count

from core import db
from core.hooks import rows
from core.models import Delivery

FINISHED = ("success", "failed", "dead", "cancelled", "retry")
DELIVERY_BATCH = 1000
DELIVERY_BATCHES = 20
EVENT_BATCH = 500
EVENT_BATCHES = 20
_START = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_UNREFERENCED = 'NOT EXISTS (SELECT 1 FROM "gb_delivery" AS d WHERE d."event_id" = "gb_event"."id")'
_OLD_EVENTS = ('SELECT "id", "created_at" FROM "gb_event" WHERE "dispatched" = ? '
               f'AND "created_at" < ? AND "created_at" >= ? AND {_UNREFERENCED} '
               'ORDER BY "created_at" LIMIT ?')


@dataclass(frozen=True)
class Pruned:
    """What one prune deleted; ``more``: it stopped at its batch limit with events left."""

    deliveries: int = 0
    events: int = 0
    more: bool = False


@dataclass(frozen=True)
class _Batch:
    scanned: int
    deleted: int
    last: Any


async def prune(now: dt.datetime, keep_per_hook: int, keep_days: float,
                event_keep_days: float = 0.0) -> Pruned:
    """Delete finished attempts beyond the limits, then events no longer needed."""
    deleted = 0
    if keep_days > 0:
        cutoff = now - dt.timedelta(days=keep_days)
        deleted += await _delete(status__in=FINISHED, created_at__lt=cutoff)
    if keep_per_hook > 0:
        for hook_id in await _crowded_hooks(keep_per_hook):
            deleted += await _trim(hook_id, keep_per_hook)
    if event_keep_days <= 0:
        return Pruned(deliveries=deleted)
    cutoff = now - dt.timedelta(days=event_keep_days)
    events, more = await prune_events(cutoff, EVENT_BATCHES, EVENT_BATCH)
    return Pruned(deleted, events, more)


async def _crowded_hooks(keep: int) -> list[str]:
    """Hooks with more than ``keep`` finished attempts."""
    return await Delivery.filter(status__in=FINISHED).annotate(n=Count("id")) \
        .group_by("hook_id").filter(n__gt=keep).values_list("hook_id", flat=True)


async def _trim(hook_id: str, keep: int) -> int:
    """Keep the ``keep`` newest finished attempts of one hook."""
    edge = await Delivery.filter(hook_id=hook_id, status__in=FINISHED).order_by("-id") \
        .offset(keep).limit(1).values_list("id", flat=True)
    if not edge:
        return 0
    return await _delete(hook_id=hook_id, status__in=FINISHED, id__lte=edge[0])


async def _delete(**filters: Any) -> int:
    """Delete the matching attempts in transactions of ``DELIVERY_BATCH`` rows (up to
    ``DELIVERY_BATCHES`` per prune; the next prune goes on), so a long backlog never holds
    SQLite's write lock for long."""

    async def run(tx: Any) -> int:
        ids = await Delivery.filter(**filters).using_db(tx).order_by("id") \
            .limit(DELIVERY_BATCH).values_list("id", flat=True)
        return await Delivery.filter(id__in=ids).using_db(tx).delete() if ids else 0

    deleted = 0
    for _ in range(DELIVERY_BATCHES):
        batch = await db.write(run)
        deleted += batch
        if batch < DELIVERY_BATCH:
            break
    return deleted


async def prune_events(cutoff: dt.datetime, batches: int, size: int) -> tuple[int, bool]:
    """Delete fanned-out, unreferenced events created before ``cutoff``, oldest first, in up
    to ``batches`` transactions; return how many went and whether some are left."""
    deleted, after = 0, _START
    for _ in range(batches):
        batch = await db.write(functools.partial(_delete_events, cutoff=cutoff, after=after,
                                                 size=size))
        deleted += batch.deleted
        if batch.scanned < size:
            return deleted, False
        after = batch.last  # events kept by a concurrent reference are not read again
    return deleted, True


async def _delete_events(tx: Any, cutoff: dt.datetime, after: Any, size: int) -> _Batch:
    """One batch: pick the oldest candidates, then delete those still unreferenced.

    On PostgreSQL the pick locks them (``FOR UPDATE``, skipping rows a writer holds), so an
    attempt inserted for one of them from now on waits for this transaction and then fails
    on the foreign key instead of being cascaded away; the delete, a new statement, sees every
    attempt committed before the lock. On SQLite ``db.write`` holds the write lock throughout."""
    lock = " FOR UPDATE SKIP LOCKED" if db.dialect() == "postgres" else ""
    picked = await tx.execute_query_dict(rows.placeholders(_OLD_EVENTS + lock),
                                         [True, cutoff, after, size])
    if not picked:
        return _Batch(0, 0, after)
    ids = [p["id"] for p in picked]
    marks = ", ".join("?" for _ in ids)
    sql = rows.placeholders(f'DELETE FROM "gb_event" WHERE "id" IN ({marks}) '
                            f'AND {_UNREFERENCED} RETURNING "id"')
    gone = await tx.execute_query_dict(sql, ids)
    return _Batch(len(picked), len(gone), picked[-1]["created_at"])
