"""Shared fixtures: an empty, migrated store per test on SQLite, and on PostgreSQL when
GRIDBASE_TEST_PG is set, without paying for a migration each time:

* SQLite: each test gets a copy of one migrated template file (~1 ms);
* PostgreSQL: the session creates and migrates its own database (``gbt_s_<random>``, dropped
  at the end), and each test starts by dropping every user table (``t_*``) and truncating the
  metadata tables. Tests that need a brand-new database use ``fresh_database_url``.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from core.db import close_store, open_store
from core.db import store as store_context

PG_URL = os.environ.get("GRIDBASE_TEST_PG", "")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
REPO = Path(__file__).resolve().parent.parent
MET_CSV_CANDIDATES = [REPO.parent / "shared" / "data" / "met_sample.csv",
                      REPO / "core" / "data" / "met_sample.csv"]


def met_csv_path() -> Path:
    for path in MET_CSV_CANDIDATES:
        if path.exists():
            return path
    raise FileNotFoundError("met_sample.csv not found")


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_with_db(PG_URL, urlsplit(PG_URL).path.lstrip("/") or "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def fresh_database_url(backend: str, tmp_path: Path) -> str:
    """A URL of an empty database of ``backend`` (created now)."""
    if backend == "sqlite":
        return str(tmp_path / f"gb_{secrets.token_hex(3)}.db")
    name = f"gbt_{secrets.token_hex(6)}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    return _with_db(PG_URL, name)


async def drop_database_url(url: str) -> None:
    if url.startswith("postgres"):
        name = urlsplit(url).path.lstrip("/")
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


async def _migrate(url: str) -> None:
    async with store_context(url):
        pass


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(str(path)))
    assert not Path(f"{path}-wal").exists()  # closed cleanly: the file alone is the database
    return path


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """One migrated PostgreSQL database for the session ("" when GRIDBASE_TEST_PG is unset)."""
    if not PG_URL:
        yield ""
        return
    name = f"gbt_s_{secrets.token_hex(5)}"
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
async def db_url(backend: str, tmp_path: Path, sqlite_template: Path,
                 pg_session_url: str) -> AsyncIterator[str]:
    """An empty, migrated database URL (nothing opened)."""
    if backend == "sqlite":
        target = tmp_path / f"gb_{secrets.token_hex(3)}.db"
        shutil.copyfile(sqlite_template, target)
        yield str(target)
        return
    await _empty_pg(pg_session_url)
    yield pg_session_url


@pytest.fixture
async def store(db_url: str, backend: str) -> AsyncIterator[str]:
    """An open store on a fresh database; yields the backend name ("sqlite" or "postgres")."""
    await open_store(db_url)
    try:
        yield backend
    finally:
        await close_store()
