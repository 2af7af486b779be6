"""The ``totalRows`` cache: a list request pays for ``COUNT(*)`` only when the data changed.

Counting a filtered million-row table costs a full scan (0.2–0.5 s for a ``like``) while the
page itself costs a millisecond, and a client paging through results asks for the same count
again and again. So each process keeps the last counts (per table, per ``where``) together with
a **data version** read just before the count was taken, and reuses a count only while the
version is unchanged. The version is exact, never a timer:

* SQLite — ``PRAGMA data_version`` read on the side connection of ``core.peek``: it changes
  whenever any other connection commits to the file, and for the side connection that includes
  this process's main one (records, imports, field conversions, DDL). Where there is no side
  connection (an in-memory database), the main connection's ``total_changes()`` (rows it has
  written), ``data_version`` (others' commits) and ``schema_version`` (DDL) together;
* PostgreSQL — the transaction snapshot (``txid_current_snapshot()``): equal snapshots see
  exactly the same committed transactions, so the same count.

Reading the version *before* counting keeps it safe: a commit landing between the two makes the
stored count newer than its version, so the next request sees a different version and counts
again. The cost is one tiny query per list; the gain is the whole ``COUNT(*)`` on every
repeated list of an unchanged table. Any write invalidates — on PostgreSQL a write to any
database of the cluster, so on a busy shared cluster the cache simply misses and counts as
before (exact but unhelpful there; a per-table version would need every writer's help).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from core import db, peek

MAX_ENTRIES = 512
_SQLITE_VERSION = ("SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) "
                   "AS d, (SELECT schema_version FROM pragma_schema_version) AS s")
_PG_VERSION = "SELECT txid_current_snapshot()::text AS s"
# On the side connection (core.peek), data_version also moves on this process's own commits.
_SIDE_VERSION = "PRAGMA data_version"

_cache: OrderedDict[tuple[str, ...], tuple[Any, int]] = OrderedDict()
hits = 0
"""How many counts were answered from the cache (for tests and benchmarks)."""


async def version() -> tuple[Any, ...]:
    """The current data version of the open store (see the module doc)."""
    side = peek.rows(_SIDE_VERSION)
    if side is not None:
        return (peek.path(), "side", *side[0])
    conn = db.conn()
    where = getattr(conn, "filename", None) or getattr(conn, "database", "")
    sql = _SQLITE_VERSION if db.dialect() == "sqlite" else _PG_VERSION
    row = (await conn.execute_query_dict(sql))[0]
    return (where, *row.values())


def key(physical: str, sql: str, params: Any) -> tuple[str, ...]:
    """The cache key of one count statement (its SQL and bound values)."""
    return (physical, sql, repr(params))


def get(cache_key: tuple[str, ...], current: tuple[Any, ...]) -> int | None:
    """The cached count for ``cache_key`` if it was taken at ``current``, else None."""
    global hits
    entry = _cache.get(cache_key)
    if entry is None or entry[0] != current:
        return None
    _cache.move_to_end(cache_key)
    hits += 1
    return entry[1]


def put(cache_key: tuple[str, ...], taken_at: tuple[Any, ...], total: int) -> None:
    _cache[cache_key] = (taken_at, total)
    _cache.move_to_end(cache_key)
    while len(_cache) > MAX_ENTRIES:
        _cache.popitem(last=False)


def clear() -> None:
    _cache.clear()
