"""Several server workers share one PostgreSQL database; on SQLite the server runs one and says so."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import PG_URL, drop_database_url, fresh_database_url
from tests.integration.conftest import run_cli, start_server


@pytest.mark.skipif(not PG_URL, reason="needs GRIDBASE_TEST_PG")
async def test_two_workers_on_postgres_accept_concurrent_writes(tmp_path: Path) -> None:
    db = await fresh_database_url("postgres", tmp_path)
    server = start_server(db, tmp_path / "server.log", workers=2)
    try:
        token = run_cli(db, "token", "create", "--name", "w").stdout.strip().splitlines()[-1]
        async with aiohttp.ClientSession(server.url, headers={"xc-token": token}) as http:
            async with http.post("/api/v2/meta/bases", json={"title": "B"}) as r:
                base = await r.json()
            async with http.post(f"/api/v2/meta/bases/{base['id']}/tables",
                                 json={"title": "T", "columns": [{"title": "N", "uidt": "Number"}]}) as r:
                table = await r.json()
            path = f"/api/v2/tables/{table['id']}/records"

            async def insert(n: int) -> int:
                async with http.post(path, json={"N": n}) as r:
                    return r.status

            statuses = await asyncio.gather(*(insert(n) for n in range(200)))
            async with http.get(f"{path}/count") as r:
                count = (await r.json())["count"]
        assert statuses == [200] * 200 and count == 200
        assert "(2 workers)" in server.log.read_text()
    finally:
        server.stop()
        await drop_database_url(db)


def test_sqlite_server_runs_one_worker_and_says_so(tmp_path: Path) -> None:
    server = start_server(str(tmp_path / "one.db"), tmp_path / "server.log", workers=3)
    try:
        log = server.log.read_text()
        assert "SQLite allows one writer" in log and "(1 worker)" in log
    finally:
        server.stop()
