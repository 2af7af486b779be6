"""Tiny reads on a side connection to the SQLite file, run synchronously in the caller's thread.

Every API request checks a table's schema version, every list the data version behind the
count cache, and a read of one record is one primary-key lookup. Through aiosqlite each such read is a hop to its worker thread and back, which cost
more than the rest of a ``get-one`` request put together. These reads are point lookups in
pages SQLite already holds in memory (microseconds), so they run here on a second, read-only
connection in autocommit mode: each statement is its own read transaction, ended as soon as it
returns, so it never holds back a checkpoint or a writer.

The side connection also makes the data version simpler: its ``PRAGMA data_version`` changes
whenever any *other* connection commits, and for it that includes this process's main
connection, so one number covers every writer (see ``core.records.counts``).

``rows`` returns None when there is no side connection to use (PostgreSQL, an in-memory
database, a file that cannot be opened, or a busy moment — it never waits for a lock, since it
would wait on the event loop): callers then take the async path.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core import db
from core.query.folding import install_on

_STEPS = 2000  # virtual-machine steps between budget checks (a few microseconds)
_side: sqlite3.Connection | None = None
_side_path: str | None = None
_looked = False


def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]] | None:
    """The rows of one small read on the side connection, or None to use the main one."""
    side = _connection()
    if side is None:
        return None
    try:
        return side.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return None  # e.g. a checkpoint or recovery holds the file this instant


def dict_rows(sql: str, params: Sequence[Any] = (), *,
              budget: float | None = None) -> list[dict[str, Any]] | None:
    """Like ``rows``, each row as ``{column: value}`` (the shape Tortoise returns).

    With ``budget`` (seconds), a statement still running after that long is interrupted and
    None returned, so the caller runs it on the main connection's thread instead: a page of an
    indexed query is read here in microseconds, while a scan cannot hold up the event loop for
    longer than the budget.
    """
    side = _connection()
    if side is None:
        return None
    if budget is not None:
        deadline = time.perf_counter() + budget
        side.set_progress_handler(lambda: time.perf_counter() > deadline, _STEPS)
    try:
        cursor = side.execute(sql, params)
        found = cursor.fetchall()
    except sqlite3.OperationalError:  # interrupted, or busy this instant
        return None
    finally:
        if budget is not None:
            side.set_progress_handler(None, 0)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in found]


def path() -> str | None:
    """The file the side connection reads, or None when there is none."""
    return _side_path if _connection() is not None else None


def close() -> None:
    """Forget the side connection (``core.db`` calls this when a store opens and closes)."""
    global _side, _side_path, _looked
    if _side is not None:
        _side.close()
    _side = _side_path = None
    _looked = False


def _connection() -> sqlite3.Connection | None:
    """The side connection of the open store, opened on first use; decided once per store
    (every request asks, and asking Tortoise for its connection costs more than the read)."""
    global _side, _side_path, _looked
    if _looked:
        return _side
    main = db.conn()
    path = getattr(main, "filename", None) if db.dialect() == "sqlite" else None
    _looked = True
    if not path or path == ":memory:" or path.startswith("file::memory"):
        return None
    try:
        side = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=0,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    install_on(side)  # gb_fold, which `like` filters call
    _side, _side_path = side, path
    return side
