"""Load: a real ``gridbase serve`` under N concurrent aiohttp clients, and nothing lost.

For each backend (SQLite, and PostgreSQL when ``--pg URL`` or ``GRIDBASE_TEST_PG`` is given):

1. builds a database with the seeded synthetic Met table (``bench/_synth.py``, ``--rows``,
   select/number/date fields indexed) and an editor token;
2. starts ``gridbase serve --workers 2`` (the server runs one worker on SQLite and says so);
3. runs ``--clients`` keep-alive clients for ``--seconds``, each request drawn at random:
   70 % filtered lists (eq on the select, a number range sorted, a date range sorted; 25 rows),
   20 % single-row updates, 10 % bulk inserts of 50 rows. Each client updates only ids
   ``≡ client (mod clients)`` so the last acknowledged value of every id is known;
4. stops the server (SIGTERM) and checks the database: every acknowledged insert is present
   with its title and every acknowledged update left its value.

Prints one table per run: requests, req/s, per-kind p50/p99 (ms), 5xx answers, connection
errors, other non-2xx answers, and lost acknowledged writes. ``--quick`` uses CI sizes.
Asserts nothing; ``tests/reliability/test_load.py`` runs the same code and asserts.

    python bench/load.py                          # 100k rows, 64 clients, 60 s, SQLite (+PG)
    python bench/load.py --quick                  # 10k rows, 16 clients, 8 s
    python bench/load.py --pg postgres://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
for _path in (HERE.parent, HERE):  # the repo (core) and bench/ (_synth); appended, so that
    if str(_path) not in sys.path:  # bench/api.py never shadows the api package
        sys.path.append(str(_path))

import _synth  # noqa: E402

KINDS = ("list", "update", "insert")
MIX = (0.7, 0.2, 0.1)
BULK = 50


@dataclass(frozen=True)
class LoadConfig:
    rows: int = 100_000
    clients: int = 64
    seconds: float = 60.0
    workers: int = 2
    seed: int = 7


QUICK = LoadConfig(rows=10_000, clients=16, seconds=8.0)


@dataclass
class Stats:
    """What the clients saw; ``acked_*`` are the writes the server confirmed with a 2xx."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    server_errors: int = 0
    connection_errors: int = 0
    other_errors: dict[int, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    acked_inserts: dict[int, str] = field(default_factory=dict)
    acked_updates: dict[int, str] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


@dataclass(frozen=True)
class LoadResult:
    backend: str
    config: LoadConfig
    workers: int
    stats: Stats
    lost_inserts: int
    lost_updates: int
    log: str


# --- the database and the server ----------------------------------------------------------
async def prepare(db_url: str, rows: int) -> tuple[str, str]:
    """A migrated database with the synthetic table; returns (table id, editor token)."""
    from core.db import store
    from core.tokens.service import create_token

    async with store(db_url):
        table, _ = await _synth.create_met_table(rows)
        _, token = await create_token("load", role="editor")
        return table.id, token


def gridbase_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "gridbase"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db_url: str, workers: int, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``gridbase serve`` on a free loopback port until the block ends (SIGTERM, then KILL)."""
    port = free_port()
    with log.open("ab") as out:
        proc = subprocess.Popen([*gridbase_cmd(), "--db", db_url, "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--workers", str(workers)],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


# --- the clients ----------------------------------------------------------------------------
def _list_params(rng: random.Random, departments: list[str]) -> dict[str, str]:
    pick = rng.random()
    if pick < 0.4:
        where = f"(Department,eq,{rng.choice(departments)})"
        sort = "-Id"
    elif pick < 0.7:
        lo = rng.randint(-3000, 1900)
        where = f"(Object Begin Date,gt,{lo})~and(Object Begin Date,lt,{lo + 300})"
        sort = "-Object Begin Date"
    else:
        year = rng.randint(1870, 2020)
        where = f"(Accession Date,gte,{year}-01-01)~and(Accession Date,lt,{year + 5}-01-01)"
        sort = "Accession Date"
    return {"where": where, "sort": sort, "limit": "25", "offset": str(rng.choice((0, 0, 25, 50)))}


class Client:
    def __init__(self, http: Any, path: str, index: int, cfg: LoadConfig, stats: Stats,
                 pool: tuple[list[str], list[dict[str, Any]]]) -> None:
        self.http, self.path, self.index, self.cfg, self.stats = http, path, index, cfg, stats
        self.rng = random.Random(cfg.seed * 1000 + index)
        self.departments, self.pool = pool
        self.seq = 0
        self.mine = list(range(index + 1, cfg.rows + 1, cfg.clients)) or [1]

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            kind = self.rng.choices(KINDS, MIX)[0]
            self.seq += 1
            await getattr(self, f"_{kind}")()

    async def _call(self, kind: str, method: str, **kw: Any) -> Any:
        import aiohttp

        started = time.perf_counter()
        try:
            async with self.http.request(method, self.path, **kw) as resp:
                body = await resp.json(content_type=None) if resp.status < 300 else await resp.text()
                status = resp.status
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            self.stats.connection_errors += 1
            self._sample(f"{kind}: {type(exc).__name__}: {exc}")
            return None
        self.stats.latencies[kind].append(time.perf_counter() - started)
        if status >= 500:
            self.stats.server_errors += 1
            self._sample(f"{kind}: {status} {str(body)[:200]}")
        elif status >= 300:
            self.stats.other_errors[status] = self.stats.other_errors.get(status, 0) + 1
            self._sample(f"{kind}: {status} {str(body)[:200]}")
        return body if status < 300 else None

    def _sample(self, text: str) -> None:
        if len(self.stats.error_samples) < 10:
            self.stats.error_samples.append(text)

    async def _list(self) -> None:
        await self._call("list", "GET", params=_list_params(self.rng, self.departments))

    async def _update(self) -> None:
        rid = self.rng.choice(self.mine)
        value = f"u-{self.index}-{self.seq}"
        if await self._call("update", "PATCH", json={"Id": rid, "Title": value}) is not None:
            self.stats.acked_updates[rid] = value

    async def _insert(self) -> None:
        titles = [f"i-{self.index}-{self.seq}-{k}" for k in range(BULK)]
        start = self.rng.randrange(len(self.pool) - BULK)
        rows = [{**row, "Title": t} for row, t in zip(self.pool[start:start + BULK], titles)]
        body = await self._call("insert", "POST", json=rows)
        if isinstance(body, list) and len(body) == BULK:
            self.stats.acked_inserts.update((item["Id"], t) for item, t in zip(body, titles))


async def drive(base_url: str, table_id: str, token: str, cfg: LoadConfig) -> Stats:
    """Run ``cfg.clients`` clients for ``cfg.seconds`` against a running server."""
    import aiohttp

    stats = Stats()
    pool = (_synth.departments(), _synth.api_rows(2000))
    connector = aiohttp.TCPConnector(limit=cfg.clients)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base_url, headers={"xc-token": token}, connector=connector,
                                     timeout=timeout) as http:
        path = f"/api/v2/tables/{table_id}/records"
        clients = [Client(http, path, i, cfg, stats, pool) for i in range(cfg.clients)]
        started = time.monotonic()
        await asyncio.gather(*(c.run(started + cfg.seconds) for c in clients))
        stats.elapsed = time.monotonic() - started
    return stats


# --- checking what was acknowledged ----------------------------------------------------------
async def lost_writes(db_url: str, table_id: str, stats: Stats) -> tuple[int, int]:
    """(acknowledged inserts missing or wrong, acknowledged updates not the stored value)."""
    from core import db
    from core.schema.tables import load_table

    async with db.store(db_url):
        table = await load_table(table_id)
        stored = await _titles(db, table, [*stats.acked_inserts, *stats.acked_updates])
    lost_i = sum(1 for rid, t in stats.acked_inserts.items() if stored.get(rid) != t)
    lost_u = sum(1 for rid, t in stats.acked_updates.items() if stored.get(rid) != t)
    return lost_i, lost_u


async def _titles(db: Any, table: Any, ids: list[int]) -> dict[int, str]:
    """id → stored Title for ``ids`` (parameterised, 500 ids a statement)."""
    column = table.field("Title").column
    sqlite = db.dialect() == "sqlite"
    out: dict[int, str] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        marks = ", ".join("?" * len(chunk)) if sqlite else "SELECT unnest($1::bigint[])"
        sql = f'SELECT id, "{column}" AS t FROM "{table.physical}" WHERE id IN ({marks})'
        rows = await db.conn().execute_query_dict(sql, chunk if sqlite else [chunk])
        out.update((r["id"], r["t"]) for r in rows)
    return out


# --- one run, and the report ----------------------------------------------------------------
async def run_load(backend: str, db_url: str, cfg: LoadConfig, log: Path) -> LoadResult:
    table_id, token = await prepare(db_url, cfg.rows)
    with serving(db_url, cfg.workers, log) as (url, _):
        stats = await drive(url, table_id, token, cfg)
    lost_i, lost_u = await lost_writes(db_url, table_id, stats)
    text = log.read_text(errors="replace")
    workers = 1 if "(1 worker)" in text else cfg.workers
    return LoadResult(backend, cfg, workers, stats, lost_i, lost_u, text)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(results: list[LoadResult]) -> str:
    head = ("| backend | workers | rows | clients × s | requests | req/s | list p50/p99 ms "
            "| update p50/p99 ms | insert-50 p50/p99 ms | 5xx | conn errors | other non-2xx "
            "| lost writes (of acked) |")
    lines = [head, "|" + "---|" * 13]
    for r in results:
        s, c = r.stats, r.config
        kinds = " | ".join(f"{percentile(s.latencies[k], .5):.0f} / {percentile(s.latencies[k], .99):.0f}"
                           for k in KINDS)
        acked = len(s.acked_inserts) + len(s.acked_updates)
        other = sum(s.other_errors.values())
        lines.append(f"| {r.backend} | {r.workers} | {c.rows:,} | {c.clients} × {c.seconds:g} "
                     f"| {s.requests:,} | {s.requests / max(s.elapsed, 1e-9):.0f} | {kinds} "
                     f"| {s.server_errors} | {s.connection_errors} | {other} "
                     f"| {r.lost_inserts + r.lost_updates} (of {acked:,}) |")
    return "\n".join(lines)


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


async def _pg_admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--quick", action="store_true", help="CI sizes: 10k rows, 16 clients, 8 s")
    parser.add_argument("--pg", default=os.environ.get("GRIDBASE_TEST_PG", ""),
                        help="a PostgreSQL server URL (a scratch database is created and dropped)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else LoadConfig()
    cfg = LoadConfig(rows=args.rows or base.rows, clients=args.clients or base.clients,
                     seconds=args.seconds or base.seconds)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            results.append(await run_load("SQLite", f"{tmp}/load.db", cfg, Path(tmp, "sqlite.log")))
        if args.pg:
            name = f"gb_load_{os.getpid()}"
            await _pg_admin(args.pg, f'CREATE DATABASE "{name}"')
            try:
                results.append(await run_load("PostgreSQL", _with_db(args.pg, name), cfg,
                                              Path(tmp, "pg.log")))
            finally:
                await _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"\nload: {MIX[0]:.0%} filtered lists / {MIX[1]:.0%} single updates / "
          f"{MIX[2]:.0%} bulk inserts of {BULK}; {os.cpu_count()} CPUs\n")
    print(report(results))
    for r in results:
        for sample in r.stats.error_samples:
            print(f"  {r.backend}: {sample}")


if __name__ == "__main__":
    asyncio.run(main())
