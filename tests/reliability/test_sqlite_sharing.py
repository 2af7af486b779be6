"""One SQLite file, three writers at once: two ``gridbase serve`` processes on different ports
(the server refuses a second worker on SQLite, but two servers on one file is what users do)
and a TUI-like process writing through core's records service. For 10 s every client writes;
nothing may surface "database is locked" (or any 5xx), and every acknowledged write is there."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from core import db
from core.db import store
from core.tokens.service import create_token
from tests import factories
from tests.conftest import REPO
from tests.reliability.conftest import integrity, start_server

SECONDS = float(os.environ.get("GRIDBASE_SHARE_SECONDS", "10"))  # the full run: 30
CLIENTS_PER_SERVER = 4


async def _prepare(url: str) -> tuple[str, str, str]:
    async with store(url):
        table = await factories.table({"Title": "SingleLineText", "N": "Number"})
        _, token = await create_token("sharing")
        columns = ", ".join(f'"{table.field(n).column}"' for n in ("Title", "N"))
        return table.id, f'SELECT id, {columns} FROM "{table.physical}"', token


class Writer:
    """One HTTP client: inserts (single and bulk of 20) and updates of its own rows."""

    def __init__(self, http: aiohttp.ClientSession, path: str, name: str) -> None:
        self.http, self.path, self.name = http, path, name
        self.inserted: dict[int, str] = {}
        self.updated: dict[int, str] = {}
        self.failures: list[str] = []
        self.rng = random.Random(name)

    async def run(self, until: float) -> None:
        seq = 0
        while time.monotonic() < until:
            seq += 1
            if self.inserted and self.rng.random() < 0.3:
                rid = self.rng.choice(list(self.inserted))
                if await self._send("PATCH", {"Id": rid, "N": seq}) is not None:
                    self.updated[rid] = str(seq)
                continue
            titles = [f"{self.name}-{seq}-{k}" for k in range(1 if seq % 2 else 20)]
            body = await self._send("POST", [{"Title": t} for t in titles])
            if body is not None:
                self.inserted.update((item["Id"], t) for item, t in zip(body, titles))

    async def _send(self, method: str, body: Any) -> Any:
        try:
            async with self.http.request(method, self.path, json=body) as resp:
                text = await resp.text()
                if resp.status == 200:
                    return json.loads(text)
                self.failures.append(f"{resp.status} {text[:200]}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            self.failures.append(f"{type(exc).__name__}: {exc}")
        return None


async def _stored(url: str, select: str) -> dict[int, tuple[Any, ...]]:
    """id → (Title, N) of every stored row."""
    async with store(url):
        rows = await db.conn().execute_query_dict(select)
    return {r["id"]: tuple(r.values())[1:] for r in rows}


async def _run_clients(servers: list[Any], path: str, token: str) -> list[Writer]:
    writers: list[Writer] = []
    sessions = [aiohttp.ClientSession(s.url, headers={"xc-token": token},
                                      timeout=aiohttp.ClientTimeout(total=60)) for s in servers]
    try:
        for i, http in enumerate(sessions):
            writers += [Writer(http, path, f"s{i}c{c}") for c in range(CLIENTS_PER_SERVER)]
        until = time.monotonic() + SECONDS
        await asyncio.gather(*(w.run(until) for w in writers))
    finally:
        for http in sessions:
            await http.close()
    return writers


async def test_two_servers_and_a_tui_share_one_sqlite_file(tmp_path: Path) -> None:
    url = str(tmp_path / "shared.db")
    table_id, select, token = await _prepare(url)
    servers = [await asyncio.to_thread(start_server, url, tmp_path / f"server{i}.log")
               for i in range(2)]
    try:
        tui = subprocess.Popen([sys.executable, "-m", "tests.reliability.tui_writer", url,
                                table_id, str(SECONDS)], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        writers = await _run_clients(servers, f"/api/v2/tables/{table_id}/records", token)
        out, err = await asyncio.to_thread(tui.communicate, timeout=120)
    finally:
        for s in servers:
            await asyncio.to_thread(s.stop)
    assert tui.returncode == 0, err
    tui_result = json.loads(out.strip().splitlines()[-1])
    failures = [f for w in writers for f in w.failures] + tui_result["errors"]
    assert failures == [], failures[:10]
    logs = "".join(s.log.read_text() for s in servers)
    assert "locked" not in logs and "Traceback" not in logs
    stored = await _stored(url, select)
    inserted = {int(k): v for k, v in tui_result["inserted"].items()}
    updated = {int(k): v for k, v in tui_result["updated"].items()}
    for w in writers:
        inserted.update(w.inserted)
        updated.update(w.updated)
    assert len(inserted) > 200 and len(tui_result["inserted"]) > 20 and updated
    assert {rid: stored.get(rid, (None,))[0] for rid in inserted} == inserted
    assert {rid: _num(stored.get(rid, (None, None))[1]) for rid in updated} == updated
    assert len(stored) == len(inserted)  # nothing unacknowledged or half-written
    print(f"\nsharing one SQLite file for {SECONDS:g} s: 2 servers + a TUI-like process wrote "
          f"{len(inserted):,} rows ({len(tui_result['inserted']):,} by the TUI process) and "
          f"{len(updated):,} updates; 0 failures, 0 'database is locked', 0 lost writes")
    assert await integrity(url) == "ok"


def _num(value: str | None) -> str | None:
    return None if value is None else str(int(float(value)))
