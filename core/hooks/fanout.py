"""Fan-out: turning new change-feed events into one pending ``Delivery`` per matching hook.

The "cursor" is the ``Event.dispatched`` flag, not a last-seen id: on PostgreSQL a
transaction that took id 10 may commit after one that took id 11, and a cursor at 11 would
skip event 10 for ever. Unflagged events are read in id order; matching hooks and their
conditions are worked out outside any transaction; then one short write transaction creates
the deliveries and flags the events, creating only for events still unflagged. That
transaction is serialised between dispatchers — SQLite's write lock (``core.db.write``) or a
PostgreSQL transaction-level advisory lock (a dispatcher that does not get it skips the
round) — so two dispatchers never create the same delivery, and deliveries are created in
event order.

When a hook has nothing queued, its new deliveries are inserted already leased to the
dispatcher doing the fan-out (the "fast path": no separate claim round trip before the first
send). That is safe for ordering: with nothing pending, the new rows are the queue's head.

A hook receives events of its table whose base operation it subscribes to, that happened
after it was created, while it is active; an event whose rows none match the condition makes
no delivery (NocoDB does the same). A condition that no longer compiles (a field it names was
deleted) records a failed delivery saying so, so the owner sees it in the hook's log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from core import db
from core.errors import GridbaseError
from core.hooks import rows
from core.hooks.conditions import select_rows
from core.hooks.queue import CLAIM_FIELDS, Claim
from core.hooks.spec import operation_of
from core.models import Delivery, Event, Webhook
from core.schema.spec import TableSpec
from core.schema.tables import load_table

ADVISORY_LOCK = 0x6772696462617365  # "gridbase"
LEASE_MARGIN = 2.0


@dataclass(frozen=True)
class Planned:
    event_id: int
    hook: Webhook
    event_type: str
    selected: list[int] | None
    error: str = ""


@dataclass(frozen=True)
class Lease:
    """Who takes idle hooks' new deliveries at once, and for how long at least."""

    owner: str
    seconds: float


@dataclass
class FanOut:
    flagged: int = 0
    claims: list[Claim] = field(default_factory=list)
    hooks: dict[str, Webhook] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)


def lease_for(hook: Webhook, seconds: float) -> float:
    """A lease covers at least one request at the hook's timeout."""
    return max(seconds, hook.timeout_s + 2 * LEASE_MARGIN)


async def fan_out(now: dt.datetime, limit: int = 500, lease: Lease | None = None) -> FanOut:
    """Create deliveries for up to ``limit`` undispatched events. ``flagged`` is 0 when there
    were none or another dispatcher holds the fan-out lock."""
    heads = await Event.filter(dispatched=False).order_by("id").limit(limit) \
        .values("id", "table_id", "type")
    if not heads:
        return FanOut()
    result = FanOut()
    plans = await _plan(heads, result)
    ids = [h["id"] for h in heads]
    return await db.write(lambda tx: _commit(tx, ids, plans, now, lease, result))


def _wants(hook: Webhook, head: dict[str, Any]) -> bool:
    op = operation_of(head["type"])
    return head["id"] > hook.since_event_id and f"after.{op}" in (hook.events or [])


async def _plan(heads: list[dict[str, Any]], result: FanOut) -> list[Planned]:
    hooks = await Webhook.filter(active=True, table_id__in={h["table_id"] for h in heads}) \
        .select_related("table").order_by("created_at", "id")
    by_table: dict[str, list[Webhook]] = defaultdict(list)
    for hook in hooks:
        by_table[hook.table_id].append(hook)
        result.hooks[hook.id] = hook
    pairs = [(h, k) for h in heads for k in by_table.get(h["table_id"], []) if _wants(k, h)]
    wanted = {h["id"] for h, _ in pairs}
    result.events = {e.id: e for e in await Event.filter(id__in=wanted)} if wanted else {}
    tables: dict[str, TableSpec] = {}
    plans = []
    for head, hook in pairs:
        plan = await _plan_one(head, hook, result.events[head["id"]], tables)
        if plan.error or plan.selected != []:
            plans.append(plan)
    return plans


async def _plan_one(head: dict[str, Any], hook: Webhook, event: Event,
                    tables: dict[str, TableSpec]) -> Planned:
    if not hook.condition:
        return Planned(head["id"], hook, head["type"], None)
    try:
        if hook.table_id not in tables:
            tables[hook.table_id] = await load_table(hook.table_id)
        selected = await select_rows(tables[hook.table_id], hook.condition,
                                     operation_of(head["type"]) or "insert",
                                     event.rows, event.previous_rows)
    except GridbaseError as exc:
        return Planned(head["id"], hook, head["type"], None, f"condition: {exc.message}")
    return Planned(head["id"], hook, head["type"], selected)


async def _locked(tx: Any) -> bool:
    if db.dialect() != "postgres":
        return True  # core.db.write already holds SQLite's write lock
    found = await tx.execute_query_dict("SELECT pg_try_advisory_xact_lock($1) AS ok", [ADVISORY_LOCK])
    return bool(found[0]["ok"])


async def _flag(tx: Any, ids: list[int]) -> set[int]:
    """Flag those of ``ids`` still unflagged; return them."""
    marks = ", ".join("?" for _ in ids)
    sql = rows.placeholders(f'UPDATE "gb_event" SET "dispatched" = ? WHERE "dispatched" = ? '
                            f'AND "id" IN ({marks}) RETURNING "id"')
    return {r["id"] for r in await tx.execute_query_dict(sql, [True, False, *ids])}


async def _idle_hooks(tx: Any, hook_ids: set[str]) -> set[str]:
    if not hook_ids:
        return set()
    busy = await Delivery.filter(hook_id__in=hook_ids, status="pending").using_db(tx) \
        .distinct().values_list("hook_id", flat=True)
    return hook_ids - set(busy)


def _delivery(plan: Planned, now: dt.datetime, leased: dict[str, tuple[str, dt.datetime]]) -> dict[str, Any]:
    owner, until = leased.get(plan.hook.id, (None, None))
    return {"hook_id": plan.hook.id, "event_id": plan.event_id, "event_type": plan.event_type,
            "rows_selected": plan.selected, "url": plan.hook.url, "method": plan.hook.method,
            "status": "failed" if plan.error else "pending", "error": plan.error,
            "next_attempt_at": None if plan.error else now, "lease_owner": owner,
            "lease_until": until}


async def _commit(tx: Any, ids: list[int], plans: list[Planned], now: dt.datetime,
                  lease: Lease | None, result: FanOut) -> FanOut:
    result.claims = []  # db.write may run this again from the start
    if not await _locked(tx) or not (still := await _flag(tx, ids)):
        return FanOut(hooks=result.hooks, events=result.events)
    plans = [p for p in plans if p.event_id in still]
    idle = await _idle_hooks(tx, {p.hook.id for p in plans if not p.error}) if lease else set()
    leased = {h: (lease.owner, now + dt.timedelta(seconds=lease_for(result.hooks[h], lease.seconds)))
              for h in idle} if lease else {}
    await rows.insert(tx, [_delivery(p, now, leased) for p in plans])
    for hook_id, (owner, until) in leased.items():
        taken = await Delivery.filter(hook_id=hook_id, lease_owner=owner, status="pending") \
            .using_db(tx).order_by("event_id", "id").only(*CLAIM_FIELDS)
        result.claims.append(Claim(owner, hook_id, taken, until))
    result.flagged = len(still)
    return result
