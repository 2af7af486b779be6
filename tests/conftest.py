"""Shared fixtures: a fresh store per test on SQLite, and on PostgreSQL when GRIDBASE_TEST_PG is set.

PostgreSQL tests create a database of their own per test (``gbt_<random>``) on the server named
by GRIDBASE_TEST_PG and drop it afterwards, so runs never see each other's data.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from core.db import close_store, open_store

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


@pytest.fixture
async def db_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database URL (nothing opened); dropped afterwards."""
    url = await fresh_database_url(backend, tmp_path)
    try:
        yield url
    finally:
        await drop_database_url(url)


@pytest.fixture
async def store(db_url: str, backend: str) -> AsyncIterator[str]:
    """An open store on a fresh database; yields the backend name ("sqlite" or "postgres")."""
    await open_store(db_url)
    try:
        yield backend
    finally:
        await close_store()
