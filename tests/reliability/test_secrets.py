"""Tokens stay secret: a real ``gridbase serve`` (access log on, as users run it) never writes
a token to its output — not for good requests (``xc-token`` or ``Bearer``), errors, failed
authentication with near-miss tokens, nor a token created through the API — and the database
holds only hashes: the plaintext appears in no byte of the SQLite files (WAL included) and in
no row of any PostgreSQL table, while its SHA-256 does."""

from __future__ import annotations

import asyncio
import glob
from pathlib import Path

import aiohttp
import pytest

from core import db
from core.tokens.service import hash_token
from tests.reliability.conftest import Server, run_cli

pytestmark = pytest.mark.slow


async def _traffic(server: Server, token: str) -> list[str]:
    """Authenticated, failing and token-creating requests; returns every plaintext seen."""
    seen = [token, token + "x", token[:-1], "gb_" + "A" * 40]
    async with aiohttp.ClientSession(server.url) as http:
        good = {"xc-token": token}
        async with http.post("/api/v2/meta/bases", json={"title": "B"}, headers=good) as r:
            base = await r.json()
        for headers in (good, {"Authorization": f"Bearer {token}"}):
            async with http.get("/api/v2/meta/bases", headers=headers) as r:
                assert r.status == 200
            async with http.get("/api/v2/tables/mnope/records", headers=headers) as r:
                assert r.status == 404
        for wrong in seen[1:]:
            for headers in ({"xc-token": wrong}, {"Authorization": f"Bearer {wrong}"}):
                async with http.get("/api/v2/meta/bases", headers=headers) as r:
                    assert r.status == 401
        async with http.post(f"/api/v2/meta/bases/{base['id']}/api-tokens",
                             json={"description": "made by API"}, headers=good) as r:
            assert r.status == 200, await r.text()
            seen.append((await r.json())["token"])
    return seen


async def _pg_rows_as_text(url: str) -> str:
    async with db.store(url):
        names = await db.conn().execute_query_dict(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        texts = []
        for n in names:
            rows = await db.conn().execute_query_dict(f'SELECT t::text AS r FROM "{n["tablename"]}" t')
            texts += [r["r"] for r in rows]
    return "\n".join(texts)


def _sqlite_bytes(path: str) -> bytes:
    return b"".join(Path(p).read_bytes() for p in sorted(glob.glob(path + "*")))


async def test_tokens_never_reach_logs_and_are_stored_hashed(server: Server, token: str) -> None:
    plaintexts = await _traffic(server, token)
    await asyncio.sleep(0.2)
    if server.db.startswith("postgres"):
        stored = await _pg_rows_as_text(server.db)
        as_bytes = stored.encode()
    else:
        as_bytes = _sqlite_bytes(server.db)  # while the server runs: the WAL holds new rows
    server.stop()
    log = server.log.read_text()
    assert "GET /api/v2/meta/bases 200" in log and "GET /api/v2/meta/bases 401" in log
    for secret in plaintexts:
        assert secret not in log, "a token reached the server's output"
        assert secret.encode() not in as_bytes, "a token is stored in plaintext"
    for secret in (plaintexts[0], plaintexts[-1]):
        assert hash_token(secret).encode() in as_bytes
    listing = run_cli(server.db, "token", "list").stdout
    assert all(secret not in listing for secret in plaintexts)
