"""SIGKILL mid-write, then restart (complements ``tests/hooks/test_crash.py``, which kills the
server during single-row inserts and checks delivery). Here the server dies during a 50k-row
import through the bulk endpoint (1,000 rows a request) while other clients stream bulk
inserts of 50 — on SQLite and PostgreSQL. Afterwards: the database passes its integrity check,
every request is either entirely present or entirely absent (acknowledged ones present), each
present request has exactly one event, and after a restart every committed event reaches the
real HTTP receiver. The same for ``gridbase import`` killed mid-file: only whole batches (one
transaction and one event each) remain, and their events are delivered."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from core import db
from core.hooks import HookSpec, create_hook
from core.tokens.service import create_token
from tests import factories
from tests.integration.conftest import gridbase_cmd
from tests.reliability.conftest import Receiver, counts, integrity, start_server, wait_for

pytestmark = pytest.mark.slow
IMPORT_ROWS, IMPORT_BATCH, STREAM_BATCH, CLI_BATCH = 50_000, 1000, 50, 2000


async def _prepare(url: str, hook_url: str) -> tuple[str, str, str]:
    async with db.store(url):
        table = await factories.table({"Title": "SingleLineText", "Req": "Number"})
        await create_hook(table.id, HookSpec(title="crash", url=hook_url, events=("after.insert",),
                                             timeout=2))
        _, token = await create_token("crash")
        req = table.field("Req").column
        return table.id, f'SELECT "{req}" AS req, COUNT(*) AS n FROM "{table.physical}" GROUP BY 1', token


class Load:
    """The import and the stream; ``sent``/``acked`` map request number → row count."""

    def __init__(self, http: aiohttp.ClientSession, path: str) -> None:
        self.http, self.path = http, path
        self.sent: dict[int, int] = {}
        self.acked: set[int] = set()
        self.numbers = iter(range(1, 1_000_000))

    async def post(self, rows: int) -> None:
        req = next(self.numbers)
        self.sent[req] = rows
        body = [{"Title": f"r{req}-{k}", "Req": req} for k in range(rows)]
        async with self.http.post(self.path, json=body) as resp:
            assert resp.status == 200, await resp.text()
            assert len(await resp.json()) == rows
        self.acked.add(req)

    async def import_rows(self) -> None:
        for _ in range(IMPORT_ROWS // IMPORT_BATCH):
            await self.post(IMPORT_BATCH)

    async def stream(self) -> None:
        while True:
            await self.post(STREAM_BATCH)

    def imported(self) -> int:
        return sum(self.sent[r] for r in self.acked if self.sent[r] == IMPORT_BATCH)


async def _kill_mid_import(server: Any, table_id: str, token: str) -> Load:
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(server.url, headers={"xc-token": token}, timeout=timeout) as http:
        load = Load(http, f"/api/v2/tables/{table_id}/records")
        tasks = [asyncio.create_task(load.import_rows())]
        tasks += [asyncio.create_task(load.stream()) for _ in range(3)]
        await wait_for(lambda: load.imported() >= IMPORT_ROWS // 3 or tasks[0].done(), timeout=120)
        assert not tasks[0].done(), "the import must still be running when the server dies"
        server.stop(signal.SIGKILL)
        await asyncio.gather(*tasks, return_exceptions=True)
    return load


async def _stored(url: str, group_sql: str) -> tuple[Counter[int], list[dict[str, Any]]]:
    async with db.store(url):
        groups = await db.conn().execute_query_dict(group_sql)
        events = await db.conn().execute_query_dict("SELECT id, record_ids FROM gb_event")
    return Counter({int(g["req"]): int(g["n"]) for g in groups}), events


async def test_sigkill_during_bulk_import_and_stream(db_url: str, backend: str, receiver: Receiver,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    receiver.delay = 0.005
    table_id, group_sql, token = await _prepare(db_url, receiver.url)
    monkeypatch.setenv("GRIDBASE_HOOK_LEASE_S", "2")
    log = tmp_path / "server.log"
    server = await asyncio.to_thread(start_server, db_url, log)
    load = await _kill_mid_import(server, table_id, token)

    assert await integrity(db_url) == "ok"
    present, events = await _stored(db_url, group_sql)
    assert {req: n for req, n in present.items() if n != load.sent[req]} == {}  # all or nothing
    assert load.acked <= set(present), "an acknowledged request is missing"
    assert len(load.sent) > len(load.acked), "some requests must have been in flight"
    assert len(events) == len(present)  # one event per committed request, none for the rest
    event_ids = {e["id"] for e in events}

    server = await asyncio.to_thread(start_server, db_url, log)
    try:
        await wait_for(lambda: event_ids <= set(receiver.event_ids()), timeout=60)
    finally:
        await asyncio.to_thread(server.stop)
    delivered = [r.json for r in receiver.received if r.json["id"] in event_ids]
    rows_delivered = {r["Req"] for d in delivered for r in d["data"]["rows"]}
    assert rows_delivered == set(present)
    print(f"\n{backend}: server killed after {load.imported():,} of {IMPORT_ROWS:,} rows imported "
          f"through the bulk endpoint; {len(load.sent)} requests sent, "
          f"{len(load.acked)} acknowledged, {len(present)} committed; "
          f"{len(event_ids)} events all delivered after restart")


def _csv(path: Path, rows: int) -> Path:
    with path.open("w") as f:
        f.write("Title,Req\n")
        f.writelines(f"imported {i},{i}\n" for i in range(rows))
    return path


async def _kill_import_midway(url: str, csv: Path, base_id: str, physical: str) -> int:
    """Start ``gridbase import`` into the hooked table, SIGKILL it once some batches are in."""
    proc = subprocess.Popen([*gridbase_cmd(), "--db", url, "import", str(csv), "--table", "Things",
                             "--base", base_id, "--batch-size", str(CLI_BATCH), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        await wait_for_async(lambda: _rows_at_least(url, physical, IMPORT_ROWS // 4), proc)
    finally:
        proc.kill()
        proc.wait()
    return proc.returncode


async def _rows_at_least(url: str, physical: str, n: int) -> bool:
    rows, _ = await counts(url, physical)
    return rows >= n


async def wait_for_async(check: Any, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert proc.poll() is None, f"import ended before the kill: {proc.stderr.read()!r}"
        assert time.monotonic() < deadline, "import made no progress"
        await asyncio.sleep(0.05)


async def test_sigkill_during_cli_import_keeps_whole_batches(db_url: str, backend: str,
                                                             receiver: Receiver,
                                                             tmp_path: Path) -> None:
    table_id, _, _ = await _prepare(db_url, receiver.url)
    async with db.store(db_url):
        from core.schema.tables import load_table
        table = await load_table(table_id)
    csv = _csv(tmp_path / "big.csv", IMPORT_ROWS)
    assert await _kill_import_midway(db_url, csv, table.base_id, table.physical) == -signal.SIGKILL

    assert await integrity(db_url) == "ok"
    rows, _ = await counts(db_url, table.physical)
    async with db.store(db_url):
        events = await db.conn().execute_query_dict("SELECT id, record_ids FROM gb_event")
    sizes = [len(e["record_ids"] if isinstance(e["record_ids"], list)
                 else json.loads(e["record_ids"])) for e in events]
    assert 0 < rows < IMPORT_ROWS and rows % CLI_BATCH == 0  # whole batches only
    assert sizes == [CLI_BATCH] * (rows // CLI_BATCH)  # one event per committed batch
    server = await asyncio.to_thread(start_server, db_url, tmp_path / "server.log")
    try:
        await wait_for(lambda: {e["id"] for e in events} <= set(receiver.event_ids()), timeout=60)
    finally:
        await asyncio.to_thread(server.stop)
    assert sum(len(r.json["data"]["rows"]) for r in receiver.received) >= rows
    print(f"\n{backend}: `gridbase import` killed after {rows:,} of {IMPORT_ROWS:,} rows; "
          f"{len(events)} events delivered after restart")
