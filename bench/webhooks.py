"""Benchmark: webhook delivery through a real ``gridbase serve`` against the floor, a bare
aiohttp loop posting to the same receiver.

In one run, with the receiver in its own process (an aiohttp app that notes each request's
event id and arrival time, and returns 200):

1. floor — the bench process posts N bodies of the same size to the receiver, one at a time
   over one session (what an ordered, one-hook delivery can at best do), and 8 at a time;
2. live — single-row inserts through the API with one hook on the table: first N/10 paced by
   one client, then N from 8 clients in parallel (the server saturated); deliveries/s over the
   delivery window, and commit-to-receipt latency per event (``gb_event.created_at``, stamped
   inside the insert's transaction, to the receiver's clock);
3. backlog — N events written while no server runs, then the server started: how fast the
   dispatcher drains a queue (its own ceiling, not limited by the insert rate).

Prints a table; asserts nothing. ``python bench/webhooks.py --rows 10000 [--pg URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


# --- the receiver (own process) ------------------------------------------------------------
def _receiver_main(port_out: Any) -> None:
    receipts: list[tuple[int, float]] = []

    async def hook(request: web.Request) -> web.Response:
        body = await request.read()
        receipts.append((json.loads(body).get("id", -1), time.time()))
        return web.Response(text="ok")

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(receipts)

    async def reset(request: web.Request) -> web.Response:
        receipts.clear()
        return web.json_response(True)

    async def main() -> None:
        app = web.Application()
        app.router.add_post("/hook", hook)
        app.router.add_get("/stats", stats)
        app.router.add_post("/reset", reset)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


async def receipts(base: str) -> list[tuple[int, float]]:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/stats") as r:
        return [tuple(x) for x in await r.json()]  # type: ignore[misc]


async def reset(base: str) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{base}/reset"):
        pass


# --- setup and the server ------------------------------------------------------------------
async def prepare(db: str, hook_url: str) -> tuple[str, str]:
    from core.db import close_store, open_store
    from core.hooks import HookSpec, create_hook
    from core.schema import bases, tables
    from core.tokens.service import create_token

    await open_store(db)
    try:
        base = await bases.create_base("Bench")
        table = await tables.create_table(base.id, "Orders", [
            {"title": "Title", "uidt": "SingleLineText"}, {"title": "Qty", "uidt": "Number"}])
        await create_hook(table.id, HookSpec(title="bench", url=hook_url, events=("after.insert",)))
        _, token = await create_token("bench", role="editor")
        return table.id, token
    finally:
        await close_store()


async def write_backlog(db: str, table_id: str, rows: int) -> None:
    from core.db import close_store, open_store
    from core.records import service as records
    from core.schema.tables import load_table

    await open_store(db)
    try:
        table = await load_table(table_id)
        for i in range(rows):
            await records.create_records(table, [{"Title": f"backlog {i}", "Qty": i}])
    finally:
        await close_store()


async def event_times(db: str) -> dict[int, float]:
    from core.db import close_store, open_store
    from core.models import Event

    await open_store(db)
    try:
        return {e["id"]: e["created_at"].timestamp()
                for e in await Event.all().values("id", "created_at")}
    finally:
        await close_store()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = shutil.which("gridbase", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "cli"]
    out = log.open("ab")
    proc = subprocess.Popen([*cmd, "--db", db, "serve", "--port", str(port)], stdout=out,
                            stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)})
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(log.read_text())


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- measurements --------------------------------------------------------------------------
async def floor(hook_url: str, rows: int, body: bytes, parallel: int) -> float:
    """Requests per second of a bare aiohttp loop (``parallel`` in flight)."""
    items = iter(range(rows))
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        async def worker() -> None:
            for i in items:
                payload = body.replace(b'"id":0', f'"id":{i}'.encode())
                async with http.post(hook_url, data=payload, headers=headers) as r:
                    await r.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(parallel)))
        return rows / (time.perf_counter() - started)


async def insert_rows(api: str, table_id: str, token: str, rows: int, parallel: int = 8) -> float:
    items = iter(range(rows))
    async with aiohttp.ClientSession(api, headers={"xc-token": token}) as http:
        async def worker() -> None:
            for i in items:
                async with http.post(f"/api/v2/tables/{table_id}/records",
                                     json={"Title": f"order {i}", "Qty": i}) as r:
                    assert r.status == 200, await r.text()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(parallel)))
        return rows / (time.perf_counter() - started)


async def wait_for_receipts(base: str, count: int, timeout: float) -> list[tuple[int, float]]:
    deadline = time.monotonic() + timeout
    while True:
        got = await receipts(base)
        if len({i for i, _ in got}) >= count or time.monotonic() > deadline:
            return got
        await asyncio.sleep(0.2)


def rate(got: list[tuple[int, float]]) -> float:
    times = sorted(t for _, t in got)
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def latencies(got: list[tuple[int, float]], created: dict[int, float]) -> list[float]:
    first: dict[int, float] = {}
    for event_id, at in got:
        first.setdefault(event_id, at)
    return sorted((at - created[i]) * 1000 for i, at in first.items() if i in created)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


SAMPLE = json.dumps({"type": "records.after.insert", "id": 0, "version": "v2", "base_id": "p" * 15,
                     "data": {"table_id": "m" * 15, "table_name": "Orders", "previous_rows": [],
                              "rows": [{"Id": 1, "Title": "order 1", "Qty": 1,
                                        "CreatedAt": "2026-01-01 00:00:00+00:00",
                                        "UpdatedAt": None}]}}, separators=(",", ":")).encode()


@dataclass
class Live:
    """One live phase: inserts through the API while the server delivers."""

    clients: int
    insert_rate: float
    got: list[tuple[int, float]]
    latency: list[float] = field(default_factory=list)


async def run(rows: int, pg: str | None, clients: int = 8) -> None:
    parent, child = mp.Pipe()
    receiver = mp.Process(target=_receiver_main, args=(child,), daemon=True)
    receiver.start()
    rbase = f"http://127.0.0.1:{parent.recv()}"
    workdir = Path(tempfile.mkdtemp(prefix="gb_bench_hooks_"))
    db = pg or str(workdir / "bench.db")
    try:
        await bench(rows, db, rbase, workdir, clients)
    finally:
        receiver.terminate()
        shutil.rmtree(workdir, ignore_errors=True)


async def live_phase(api: str, rbase: str, table_id: str, token: str, rows: int,
                     clients: int) -> Live:
    await reset(rbase)
    inserts = await insert_rows(api, table_id, token, rows, clients)
    return Live(clients, inserts, await wait_for_receipts(rbase, rows, timeout=600))


async def bench(rows: int, db: str, rbase: str, workdir: Path, clients: int) -> None:
    hook_url = f"{rbase}/hook"
    floors = (await floor(hook_url, rows, SAMPLE, 1), await floor(hook_url, rows, SAMPLE, 8))
    table_id, token = await prepare(db, hook_url)
    server, api = start_server(db, workdir / "server.log")
    try:
        paced = await live_phase(api, rbase, table_id, token, max(1, rows // 10), 1)
        loaded = await live_phase(api, rbase, table_id, token, rows, clients)
    finally:
        stop_server(server)
    created = await event_times(db)
    for phase in (paced, loaded):
        phase.latency = latencies(phase.got, created)
    await reset(rbase)
    await write_backlog(db, table_id, rows)
    server, api = start_server(db, workdir / "server.log")
    try:
        backlog = await wait_for_receipts(rbase, rows, timeout=600)
    finally:
        stop_server(server)
    report(rows, db, floors, [paced, loaded], backlog)


def _line(name: str, value: str, ratio: str = "") -> None:
    print(f"| {name:<50} | {value:>14} | {ratio:>8} |")


def _live_lines(phase: Live, floor1: float) -> None:
    tag = f"live, {phase.clients} client{'s' if phase.clients > 1 else ''}"
    events = len({i for i, _ in phase.got})
    _line(f"{tag}: API inserts (rows/s)", f"{phase.insert_rate:,.0f}")
    _line(f"{tag}: deliveries/s", f"{rate(phase.got):,.0f}", f"{rate(phase.got) / floor1:.2f}x")
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        _line(f"{tag}: commit-to-receipt {name} (ms)", f"{pct(phase.latency, q):,.1f}")
    _line(f"{tag}: events received / duplicates", f"{events:,} / {len(phase.got) - events:,}")


def report(rows: int, db: str, floors: tuple[float, float], phases: list[Live],
           backlog: list[tuple[int, float]]) -> None:
    backend = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    floor1, floor8 = floors
    print(f"\nwebhooks: {rows:,} single-row inserts (paced phase: {phases[0].clients} client, "
          f"{len(phases[0].got):,} rows), one hook, {backend}, {os.cpu_count()} CPUs\n")
    _line("measure", "value", "vs floor")
    print(f"|{'-' * 52}|{'-' * 16}|{'-' * 10}|")
    _line("floor: bare aiohttp loop, 1 in flight (req/s)", f"{floor1:,.0f}", "1.00x")
    _line("floor: bare aiohttp loop, 8 in flight (req/s)", f"{floor8:,.0f}", f"{floor8 / floor1:.2f}x")
    for phase in phases:
        _live_lines(phase, floor1)
    _line("backlog: deliveries/s draining a queue", f"{rate(backlog):,.0f}",
          f"{rate(backlog) / floor1:.2f}x")
    print("\nRatios are against the 1-in-flight floor: one hook delivers in event order, one "
          "request at a time. Live deliveries/s cannot exceed the API's insert rate; the backlog "
          "row is the dispatcher's own ceiling.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--pg", help="a PostgreSQL URL of an empty database (default: SQLite)")
    parser.add_argument("--clients", type=int, default=8, help="parallel API clients (default 8)")
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.pg, args.clients))


if __name__ == "__main__":
    main()
