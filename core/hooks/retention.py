"""Retention of the delivery log: the dispatcher prunes old attempts so ``gb_delivery`` does
not grow forever.

Only finished attempts go (``success``, ``failed``, ``dead``, ``cancelled``, and ``retry`` —
an attempt whose follow-up row exists); a ``pending`` or ``sending`` row is never touched, so
pruning cannot lose or reorder a delivery. Two limits, both applied:

* ``keep_days`` — finished attempts older than this many days are deleted (default 30);
* ``keep_per_hook`` — each hook keeps at most this many finished attempts, the newest
  (default 1,000; the logs endpoint pages through them).

``GRIDBASE_HOOK_KEEP_DAYS`` and ``GRIDBASE_HOOK_KEEP_LOGS`` override the defaults (a value of
0 turns that limit off); the dispatcher prunes every ``prune_interval`` seconds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.functions import Count

from core import db
from core.models import Delivery

FINISHED = ("success", "failed", "dead", "cancelled", "retry")


async def prune(now: dt.datetime, keep_per_hook: int, keep_days: float) -> int:
    """Delete finished attempts beyond the limits; return how many were deleted."""
    deleted = 0
    if keep_days > 0:
        cutoff = now - dt.timedelta(days=keep_days)
        deleted += await _delete(status__in=FINISHED, created_at__lt=cutoff)
    if keep_per_hook > 0:
        for hook_id in await _crowded_hooks(keep_per_hook):
            deleted += await _trim(hook_id, keep_per_hook)
    return deleted


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
    async def run(tx: Any) -> int:
        return await Delivery.filter(**filters).using_db(tx).delete()

    return await db.write(run)
