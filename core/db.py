"""Opening and closing the store, the dialect in use, and write transactions that never fail
with SQLite's ``database is locked``.

Tortoise keeps its state in a ContextVar, so ``open_store`` must run in the task that later
spawns the workers (the TUI calls it before ``run_async``; the server in each worker's
``before_server_start``). ``global_fallback`` makes the state visible to unrelated tasks too.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.exceptions import OperationalError
from tortoise.migrations.api.migrate import migrate
from tortoise.transactions import in_transaction

from core.config import resolve_db_url, tortoise_config

T = TypeVar("T")
_LOCK_RETRIES = 40


async def open_store(url: str | None = None, *, global_fallback: bool = True,
                     run_migrations: bool = True) -> str:
    """Connect, bring the metadata schema up to date, and return the resolved URL."""
    # Tortoise caches each model's INSERT/DELETE SQL by connection *name* ("default"), not by
    # dialect: reopening on another backend in the same process (tests do) would reuse `?` SQL.
    EXECUTOR_CACHE.clear()
    _forget_side_connection()
    resolved = resolve_db_url(url)
    config = tortoise_config(resolved)
    if run_migrations:
        await migrate_store(resolved)
    await Tortoise.init(config=config, _enable_global_fallback=global_fallback)
    return resolved


async def migrate_store(url: str) -> None:
    """Apply pending metadata migrations (idempotent); leaves no connection open."""
    try:
        await migrate(config=tortoise_config(url))
    finally:
        await Tortoise.close_connections()


async def close_store() -> None:
    _forget_side_connection()
    await Tortoise.close_connections()


def _forget_side_connection() -> None:
    from core import peek  # peek reads this module's connection

    peek.close()


@asynccontextmanager
async def store(url: str | None = None) -> AsyncIterator[str]:
    """``async with store(url):`` — open, yield the URL, always close (aiosqlite hangs otherwise)."""
    resolved = await open_store(url)
    try:
        yield resolved
    finally:
        await close_store()


def conn() -> BaseDBAsyncClient:
    return connections.get("default")


def dialect() -> str:
    """``"sqlite"`` or ``"postgres"``."""
    return "sqlite" if conn().capabilities.dialect == "sqlite" else "postgres"


def query_class() -> Any:
    """The dialect-correct pypika_tortoise Query class."""
    return conn().query_class


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


async def write(fn: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
    """Run ``fn(tx)`` in one transaction; on SQLite take the write lock first and retry the
    whole transaction if another process held it (SQLITE_BUSY_SNAPSHOT is not covered by the
    busy timeout). ``fn`` must therefore be safe to run again from the start."""
    for attempt in range(_LOCK_RETRIES):
        try:
            return await _finish_then_cancel(_transaction(fn))
        except OperationalError as exc:
            if not _is_locked(exc) or attempt == _LOCK_RETRIES - 1:
                raise
            await asyncio.sleep(min(0.5, 0.01 * 2**attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


async def _transaction(fn: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
    async with in_transaction() as tx:
        if dialect() == "sqlite":
            await tx.execute_query("UPDATE gb_base SET id = id WHERE 0 = 1")
        return await fn(tx)


async def _finish_then_cancel(coro: Awaitable[T]) -> T:
    """Let a started transaction finish even if the caller is cancelled, then re-raise the
    cancellation: Tortoise 1.1.9 leaves a SQLite connection broken when a task is cancelled
    while a transaction begins (``close`` then fails)."""
    task = asyncio.ensure_future(coro)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.gather(task, return_exceptions=True)
        raise
