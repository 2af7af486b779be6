"""Core test fixtures: an empty, migrated database per test, without paying for a migration each time.

Migrating costs ~0.1 s on SQLite and creating + migrating a PostgreSQL database ~0.5 s, which was
most of the suite's time. So:

* SQLite: each test gets a copy of one migrated template file (~1 ms);
* PostgreSQL: the session migrates one database, and each test starts by dropping every user
  table (``t_*``) and truncating the metadata tables (identities restarted).

The shared ``store`` fixture still opens each database through ``open_store``, whose migration
step then finds nothing to do.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from core.db import store as open_store
from tests.conftest import PG_URL, _pg_admin, _with_db


async def _migrate(url: str) -> None:
    async with open_store(url):
        pass


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(str(path)))
    assert not Path(f"{path}-wal").exists()  # closed cleanly: the file alone is the database
    return path


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    name = f"gbt_core_{secrets.token_hex(5)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = _with_db(PG_URL, name)
    try:
        asyncio.run(_migrate(url))
        yield url
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _empty_pg(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("SET lock_timeout = '10s'")
        names = [r["tablename"] for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        user = [n for n in names if n.startswith("t_")]
        meta = [n for n in names if not n.startswith("t_") and n != "tortoise_migrations"]
        if user:
            await conn.execute("DROP TABLE " + ", ".join(f'"{n}"' for n in user) + " CASCADE")
        await conn.execute("TRUNCATE " + ", ".join(f'"{n}"' for n in meta)
                           + " RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@pytest.fixture
async def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """An empty, migrated database URL (nothing opened)."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / f"gb_{secrets.token_hex(3)}.db"
        shutil.copyfile(template, target)
        yield str(target)
        return
    url = request.getfixturevalue("pg_session_url")
    await _empty_pg(url)
    yield url
