"""A per-process cache of ``TableSpec`` values, checked against ``Table.version`` on each use.

Loading a table's fields costs two ORM queries and model building on every request; checking
one integer costs a single indexed lookup. Every schema change bumps the version (after its
change commits), so another process's change — the TUI adding a field while the server runs —
is seen on the very next request.
"""

from __future__ import annotations

from collections import OrderedDict

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from core import db, peek
from core.errors import TableNotFound
from core.models import Table
from core.schema.spec import TableSpec

_MAX = 512
# A constant statement: building it with pypika on every request cost as much as running it.
_VERSION_SQL = {"sqlite": 'SELECT "version" FROM "gb_table" WHERE "id"=?',
                "postgres": 'SELECT "version" FROM "gb_table" WHERE "id"=$1'}
_cache: OrderedDict[str, tuple[int, TableSpec]] = OrderedDict()


async def table_spec(table_id: str, *, side: bool = True) -> TableSpec:
    """The current ``TableSpec`` of ``table_id`` (TableNotFound if it does not exist).

    The version is read on ``core.peek``'s side connection when it can be (a read request
    then needs no trip to the main connection's thread). ``side=False`` reads it on the main
    connection: a write asks for that, because the await puts it in line behind the queries
    already waiting for that connection — the webhook dispatcher's, woken by the previous
    commit. Without it, back-to-back writes took the connection ahead of the dispatcher
    every time and webhook latency doubled under load (bench/webhooks.py: p50 73 → 150 ms).
    """
    from core.schema.tables import load_table

    peeked = peek.rows(_VERSION_SQL["sqlite"], (table_id,)) if side else None
    if peeked is None:
        found = await db.conn().execute_query_dict(_VERSION_SQL[db.dialect()], [table_id])
        peeked = [(r["version"],) for r in found]
    if not peeked:
        raise TableNotFound(f"Table '{table_id}' not found", table=table_id)
    version = peeked[0][0]
    hit = _cache.get(table_id)
    if hit is not None and hit[0] == version:
        _cache.move_to_end(table_id)
        return hit[1]
    spec = await load_table(table_id)
    _cache[table_id] = (version, spec)
    if len(_cache) > _MAX:
        _cache.popitem(last=False)
    return spec


async def bump(table_id: str, tx: BaseDBAsyncClient | None = None) -> None:
    """Mark the table's schema as changed (call after the change is written)."""
    query = Table.filter(id=table_id)
    if tx is not None:
        query = query.using_db(tx)
    await query.update(version=F("version") + 1)
