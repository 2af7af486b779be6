"""Whole list responses, kept while the data they were read from is unchanged.

A client that pages through a table, or polls a view, asks for the same page again and again;
between writes the answer is the same bytes. So each worker keeps the last responses (by
table snapshot, parsed query and UTC day) together with the **data version** read just before
the rows were (``core.records.counts.version``: exact, never a timer — on SQLite any commit by
any connection changes it, on PostgreSQL the transaction snapshot). A response is served again
only while the version is unchanged; reading the version first keeps it safe, as for the count
cache: a commit landing between the version read and the row read makes the stored response
newer than its version, so the next request reads again.

Never kept: ``shuffle`` (random by request). Bounded by ``MAX_BYTES`` over all entries, least
recently used first out (``GRIDBASE_API_CACHE_MB``, default 16; 0 turns it off). A schema
change makes a new table snapshot, which no entry matches.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from core.records import counts
from core.records.listing import ListQuery
from core.schema.spec import TableSpec



def _megabytes(text: str | None, default: float) -> int:
    try:
        return int(float(text) * 1024 * 1024) if text else int(default * 1024 * 1024)
    except ValueError:
        return int(default * 1024 * 1024)


MAX_BYTES = _megabytes(os.environ.get("GRIDBASE_API_CACHE_MB"), 16)
_entries: OrderedDict[tuple[Any, ...], tuple[TableSpec, Any, bytes]] = OrderedDict()
_size = 0
hits = 0
"""How many responses were served from here (for tests and benchmarks)."""


async def respond(table: TableSpec, query: ListQuery,
                  build: Callable[[], Awaitable[bytes]]) -> bytes:
    """The response body for ``query``: kept bytes if the data is unchanged, else ``build()``."""
    global hits
    if query.shuffle or MAX_BYTES <= 0:
        return await build()
    key = (table.id, query, dt.datetime.now(dt.timezone.utc).date())
    version = await counts.version()
    entry = _entries.get(key)
    if entry is not None and entry[0] is table and entry[1] == version:
        _entries.move_to_end(key)
        hits += 1
        return entry[2]
    body = await build()
    _keep(key, (table, version, body))
    return body


def _keep(key: tuple[Any, ...], entry: tuple[TableSpec, Any, bytes]) -> None:
    global _size
    if len(entry[2]) > MAX_BYTES // 8:
        return  # one huge page would push out everything else
    old = _entries.pop(key, None)
    if old is not None:
        _size -= len(old[2])
    _entries[key] = entry
    _size += len(entry[2])
    while _size > MAX_BYTES:
        _, dropped = _entries.popitem(last=False)
        _size -= len(dropped[2])


def clear() -> None:
    global _size
    _entries.clear()
    _size = 0
