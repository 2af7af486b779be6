"""What ``totalRows`` costs a list request on a big table, and what the count cache buys.

Builds the seeded synthetic Met table (``bench/_synth.py``; select/number/date fields indexed)
with ``--rows`` rows (default 1,000,000) on SQLite and, with ``--pg URL`` or
``GRIDBASE_TEST_PG``, on PostgreSQL, then times ``core.records.service.list_records`` with a
page of 25 for a few queries, three ways:

* **no count** — ``count_total=False`` (the floor: the page alone);
* **count, cold** — ``totalRows`` computed, the count cache emptied before every call (what
  every list cost before the cache, and what the first list after a write costs);
* **count, cached** — ``totalRows`` from the per-table count cache (repeated lists while the
  table does not change).

Each figure is the median of ``--repeat`` runs after a warm-up, in milliseconds. Asserts
nothing; the totals of all three ways are checked to agree.

    python bench/count.py                    # 1M rows, SQLite (+ PostgreSQL if configured)
    python bench/count.py --rows 200000 --repeat 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for _path in (HERE.parent, HERE):  # the repo (core) and bench/ (_synth); appended, so that
    if str(_path) not in sys.path:  # bench/api.py never shadows the api package
        sys.path.append(str(_path))

import _synth  # noqa: E402
from load import _pg_admin, _with_db  # noqa: E402

QUERIES = {
    "unfiltered": ("", ""),
    "eq on a select": ("(Department,eq,{department})", ""),
    "number range + sort": ("(Object Begin Date,gt,1800)", "-Object Begin Date"),
    "like on text": ("(Title,like,vase)", ""),
}


async def _time(fn: Any, repeat: int, before: Any = None) -> tuple[float, Any]:
    result = await fn()
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        result = await fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), result


async def measure(table: Any, repeat: int) -> list[tuple[str, float, float, float, int]]:
    from dataclasses import replace

    from core.query.params import build_list_query
    from core.records import service
    try:
        from core.records.counts import clear
    except ImportError:  # before the count cache existed: every call is cold
        clear = None

    out = []
    for name, (where, sort) in QUERIES.items():
        where = where.format(department=_synth.departments()[0])
        args = {"where": [where] if where else [], "sort": [sort] if sort else []}
        query = build_list_query(lambda n, a=args: a.get(n, []), table)
        bare = replace(query, count_total=False)
        floor, _ = await _time(lambda: service.list_records(table, bare), repeat)
        cold, page = await _time(lambda: service.list_records(table, query), repeat,
                                 before=clear)
        warm, cached = await _time(lambda: service.list_records(table, query), repeat)
        assert page.info.total_rows == cached.info.total_rows
        out.append((name, floor, cold, warm, page.info.total_rows))
    return out


async def run(label: str, url: str, rows: int, repeat: int) -> str:
    from core.db import store

    async with store(url):
        started = time.perf_counter()
        table, _ = await _synth.create_met_table(rows)
        load = time.perf_counter() - started
        results = await measure(table, repeat)
    lines = [f"\n{label}: {rows:,} rows (loaded in {load:.0f} s), list of 25, median of {repeat}",
             "| query | totalRows | no count ms | count, cold ms | count, cached ms |",
             "|---|---|---|---|---|"]
    lines += [f"| {n} | {total:,} | {floor:.1f} | {cold:.1f} | {warm:.1f} |"
              for n, floor, cold, warm, total in results]
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg", default=os.environ.get("GRIDBASE_TEST_PG", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(await run("SQLite", f"{tmp}/count.db", args.rows, args.repeat), flush=True)
    if args.pg:
        name = f"gb_count_{os.getpid()}"
        await _pg_admin(args.pg, f'CREATE DATABASE "{name}"')
        try:
            print(await run("PostgreSQL", _with_db(args.pg, name), args.rows, args.repeat))
        finally:
            await _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"\n{os.cpu_count()} CPUs")


if __name__ == "__main__":
    asyncio.run(main())
