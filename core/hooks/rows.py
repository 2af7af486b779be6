"""Bulk writes of ``Delivery`` rows with one ``executemany`` each.

The dispatcher writes a row per event and one or two updates per attempt; through the ORM
that is a query object built per row, which costs more than the HTTP request it logs. These
helpers convert values with the model's own fields (so JSON and timestamps are stored exactly
as the ORM would store them) and send one statement with many parameter sets.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from typing import Any

from core import db
from core.models import Delivery

UTC = dt.timezone.utc
_FIELDS = Delivery._meta.fields_map
_INSERTED = ("hook_id", "event_id", "event_type", "rows_selected", "test_call", "replay", "url",
             "method", "attempt", "status", "next_attempt_at", "request_headers", "request_body",
             "response_body", "error", "lease_owner", "lease_until", "created_at")
_RESULT = ("status", "url", "method", "request_headers", "request_body", "response_status",
           "response_body", "duration_ms", "error", "sent_at")
_DEFAULTS: dict[str, Any] = {"event_type": "", "rows_selected": None, "test_call": False,
                             "replay": False, "url": "", "method": "POST", "attempt": 1, "status": "pending",
                             "next_attempt_at": None, "request_headers": {}, "request_body": "",
                             "response_body": "", "error": "", "lease_owner": None,
                             "lease_until": None}


def placeholders(sql: str) -> str:
    """``?`` → ``$1, $2 …`` on PostgreSQL."""
    if db.dialect() != "postgres":
        return sql
    counter = itertools.count(1)
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def _db(name: str, value: Any) -> Any:
    field = _FIELDS.get(name.removesuffix("_id")) if name.endswith("_id") else _FIELDS[name]
    if field is None or name in ("hook_id", "event_id"):
        return value
    return field.to_db_value(value, Delivery)


async def insert(tx: Any, items: Sequence[dict[str, Any]]) -> None:
    """New delivery rows; each item names at least ``hook_id`` and ``event_id``."""
    if not items:
        return
    now = dt.datetime.now(UTC)
    columns = ", ".join(f'"{c}"' for c in _INSERTED)
    sql = placeholders(f'INSERT INTO "gb_delivery" ({columns}) VALUES '
                        f'({", ".join("?" for _ in _INSERTED)})')
    values = [[_db(c, {**_DEFAULTS, "created_at": now, **item}[c]) for c in _INSERTED]
              for item in items]
    await tx.execute_many(sql, values)


async def store_results(tx: Any, owner: str, results: Sequence[tuple[int, dict[str, Any]]]) -> None:
    """Write each attempt's outcome to its row and clear the row's lease (rows ``owner``
    still leases only)."""
    if not results:
        return
    assignments = ", ".join(f'"{c}" = ?' for c in _RESULT)
    sql = placeholders(f'UPDATE "gb_delivery" SET {assignments}, "lease_owner" = NULL, '
                        '"lease_until" = NULL WHERE "id" = ? AND "lease_owner" = ?')
    await tx.execute_many(sql, [[_db(c, fields[c]) for c in _RESULT] + [row_id, owner]
                                for row_id, fields in results])


async def still_leased(tx: Any, owner: str, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that ``owner`` still leases, locked until the transaction ends."""
    if not ids:
        return set()
    lock = " FOR UPDATE" if db.dialect() == "postgres" else ""
    marks = ", ".join("?" for _ in ids)
    sql = placeholders(f'SELECT "id" FROM "gb_delivery" WHERE "lease_owner" = ? '
                       f'AND "id" IN ({marks}){lock}')
    return {r["id"] for r in await tx.execute_query_dict(sql, [owner, *ids])}
