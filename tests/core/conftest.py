"""Core test fixtures: a fresh SQLite database per test is a copy of one migrated template.

Migrating an empty file costs ~0.1 s and a copy ~1 ms, which is most of the suite's time.
The shared ``store`` fixture still opens each copy through ``open_store`` (migrations then find
nothing to do). PostgreSQL keeps the shared fixture's fresh database per test.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.db import store as open_store
from tests.conftest import drop_database_url, fresh_database_url


async def _migrate(path: Path) -> None:
    async with open_store(str(path)):
        pass


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(path))
    assert not Path(f"{path}-wal").exists()  # closed cleanly: the file alone is the database
    return path


@pytest.fixture
async def db_url(backend: str, tmp_path: Path, sqlite_template: Path) -> AsyncIterator[str]:
    """An empty, migrated database URL (nothing opened); dropped afterwards."""
    if backend == "sqlite":
        target = tmp_path / f"gb_{secrets.token_hex(3)}.db"
        shutil.copyfile(sqlite_template, target)
        yield str(target)
        return
    url = await fresh_database_url(backend, tmp_path)
    try:
        yield url
    finally:
        await drop_database_url(url)
