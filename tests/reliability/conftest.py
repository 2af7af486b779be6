"""Reliability fixtures: the integration suite's real ``gridbase serve`` (re-exported from
``tests/integration/conftest.py``), the webhooks suite's real HTTP receiver, ``bench/`` on the
import path (the load test runs ``bench/load.py``'s code), and helpers that look at a database
from outside a server: row and event counts, the SQLite integrity check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from core import db
from tests.api.conftest import app, client  # noqa: F401 - the in-process served app and its Client
from tests.conftest import REPO
from tests.hooks.conftest import Receiver, receiver, start_receiver, wait_for  # noqa: F401
from tests.integration.conftest import (  # noqa: F401 - fixtures and helpers shared with integration
    Server, free_port, run_cli, server, server_db, start_server, token,
)

sys.path.append(str(REPO / "bench"))  # last: bench/api.py must not shadow the api package


async def scalar(sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row (an open store is needed)."""
    rows = await db.conn().execute_query_dict(sql, params or [])
    return next(iter(rows[0].values())) if rows else None


async def counts(url: str, physical: str | None = None) -> tuple[int, int]:
    """(rows in ``physical`` or 0, change events) of the database at ``url``."""
    async with db.store(url):
        rows = await scalar(f'SELECT COUNT(*) FROM "{physical}"') if physical else 0
        return int(rows), int(await scalar("SELECT COUNT(*) FROM gb_event"))


async def integrity(url: str) -> str:
    """SQLite's ``PRAGMA integrity_check`` answer ("ok" when sound); on PostgreSQL, "ok" once
    every user table reads back in full."""
    async with db.store(url):
        if db.dialect() == "sqlite":
            return str(await scalar("PRAGMA integrity_check"))
        tables = await db.conn().execute_query_dict(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 't\\_%'")
        for t in tables:
            await db.conn().execute_query_dict(f'SELECT * FROM "{t["tablename"]}"')
        return "ok"
