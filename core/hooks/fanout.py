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

A hook receives events of its table whose base operation it subscribes to, that happened
after it was created, while it is active; an event whose rows none match the condition makes
no delivery (NocoDB does the same). A condition that no longer compiles (a field it names was
deleted) records a failed delivery saying so, so the owner sees it in the hook's log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from core import db
from core.errors import GridbaseError
from core.hooks.conditions import select_rows
from core.hooks.spec import operation_of
from core.models import Delivery, Event, Webhook
from core.schema.spec import TableSpec
from core.schema.tables import load_table

ADVISORY_LOCK = 0x6772696462617365  # "gridbase"


@dataclass(frozen=True)
class Planned:
    event_id: int
    hook: Webhook
    event_type: str
    selected: list[int] | None
    error: str = ""


async def fan_out(now: dt.datetime, limit: int = 500) -> int:
    """Create deliveries for up to ``limit`` undispatched events; return how many events were
    flagged (0 also when another dispatcher holds the fan-out lock)."""
    heads = await Event.filter(dispatched=False).order_by("id").limit(limit) \
        .values("id", "table_id", "type")
    if not heads:
        return 0
    plans = await _plan(heads)
    ids = [h["id"] for h in heads]
    return await db.write(lambda tx: _commit(tx, ids, plans, now))


def _wants(hook: Webhook, head: dict[str, Any]) -> bool:
    op = operation_of(head["type"])
    return head["id"] > hook.since_event_id and f"after.{op}" in (hook.events or [])


async def _plan(heads: list[dict[str, Any]]) -> list[Planned]:
    hooks = await Webhook.filter(active=True, table_id__in={h["table_id"] for h in heads}) \
        .order_by("created_at", "id")
    by_table: dict[str, list[Webhook]] = defaultdict(list)
    for hook in hooks:
        by_table[hook.table_id].append(hook)
    pairs = [(h, k) for h in heads for k in by_table.get(h["table_id"], []) if _wants(k, h)]
    conditional = {h["id"] for h, k in pairs if k.condition}
    events = {e.id: e for e in await Event.filter(id__in=conditional)} if conditional else {}
    tables: dict[str, TableSpec] = {}
    plans = []
    for head, hook in pairs:
        plan = await _plan_one(head, hook, events.get(head["id"]), tables)
        if plan.error or plan.selected != []:
            plans.append(plan)
    return plans


async def _plan_one(head: dict[str, Any], hook: Webhook, event: Event | None,
                    tables: dict[str, TableSpec]) -> Planned:
    op = operation_of(head["type"]) or "insert"
    if event is None:
        return Planned(head["id"], hook, head["type"], None)
    try:
        if hook.table_id not in tables:
            tables[hook.table_id] = await load_table(hook.table_id)
        selected = await select_rows(tables[hook.table_id], hook.condition, op,
                                     event.rows, event.previous_rows)
    except GridbaseError as exc:
        return Planned(head["id"], hook, head["type"], None, f"condition: {exc.message}")
    return Planned(head["id"], hook, head["type"], selected)


async def _locked(tx: Any) -> bool:
    if db.dialect() != "postgres":
        return True  # core.db.write already holds SQLite's write lock
    rows = await tx.execute_query_dict("SELECT pg_try_advisory_xact_lock($1) AS ok", [ADVISORY_LOCK])
    return bool(rows[0]["ok"])


def _delivery(plan: Planned, now: dt.datetime) -> Delivery:
    return Delivery(hook_id=plan.hook.id, event_id=plan.event_id, event_type=plan.event_type,
                    rows_selected=plan.selected, url=plan.hook.url, method=plan.hook.method,
                    status="failed" if plan.error else "pending", error=plan.error,
                    next_attempt_at=None if plan.error else now)


async def _commit(tx: Any, ids: list[int], plans: list[Planned], now: dt.datetime) -> int:
    if not await _locked(tx):
        return 0
    still = set(await Event.filter(id__in=ids, dispatched=False).using_db(tx)
                .values_list("id", flat=True))
    if not still:
        return 0
    new = [_delivery(p, now) for p in plans if p.event_id in still]
    if new:
        await Delivery.bulk_create(new, using_db=tx)
    await Event.filter(id__in=list(still)).using_db(tx).update(dispatched=True)
    return len(still)
