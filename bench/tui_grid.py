"""Benchmark: the TUI grid on a Met-like table of 10k and 1M rows (headless ``run_test``).

For each size it builds a SQLite database with one fast executemany, then measures in a
fresh process (so peak RSS belongs to the TUI alone): time from app start to the first
painted grid, time for Ctrl+End (jump to the last row) to repaint, time for 100 consecutive
PageDowns to settle, rows held in memory, and peak RSS. It prints both sizes side by side
with the 1M/10k ratios. Not a test: nothing is asserted.

Run: ``python bench/tui_grid.py [--sizes 10000,1000000] [--repeat N]`` (N runs per size in
fresh processes, medians reported: first paint is mostly Textual start-up, which a busy
machine stretches, so one run can mislead).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = [
    {"title": "Object Number", "uidt": "SingleLineText"},
    {"title": "Object ID", "uidt": "Number"},
    {"title": "Department", "uidt": "SingleSelect",
     "options": {"options": ["Arms and Armor", "Islamic Art", "Medieval Art",
                             "Musical Instruments", "Asian Art"]}},
    {"title": "Title", "uidt": "SingleLineText"},
    {"title": "Culture", "uidt": "SingleLineText"},
    {"title": "Object Begin Date", "uidt": "Number"},
    {"title": "Is Highlight", "uidt": "Checkbox"},
    {"title": "Acquired", "uidt": "Date"},
]
DEPARTMENTS = FIELDS[2]["options"]["options"]
SIZE = (120, 40)


def met_row(i: int) -> tuple:
    return (f"{1900 + i % 120}.{i % 997}.{i}", 100_000 + i, DEPARTMENTS[i % 5],
            f"Object number {i} of a long and winding title", ("British", "French", "Japanese")[i % 3],
            1400 + i % 600, i % 3 == 0, dt.date(1900 + i % 120, 1 + i % 12, 1 + i % 28))


async def build(path: str, rows: int) -> str:
    from pypika_tortoise import Table
    from tortoise.transactions import in_transaction

    from core import db
    from core.schema import bases, tables

    await db.open_store(path)
    try:
        base = await bases.create_base("Bench")
        spec = await tables.create_table(base.id, "Met objects", FIELDS)
        dialect = db.dialect()
        created = spec.field("CreatedAt")
        stamp = created.type.to_db(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), dialect)
        specs = [spec.field(f["title"]) for f in FIELDS]
        sql, _ = db.query_class().into(Table(spec.physical)).columns(
            created.column, *(s.column for s in specs)).insert(
            stamp, *(stamp for _ in specs)).get_parameterized_sql()
        for start in range(0, rows, 100_000):
            values = [[stamp, *(s.type.to_db(v, dialect) for s, v in zip(specs, met_row(i)))]
                      for i in range(start, min(rows, start + 100_000))]
            async with in_transaction() as tx:
                await tx.execute_many(sql, values)
        if dialect == "sqlite":  # fold the WAL in, so the measured process starts clean
            await db.conn().execute_query("PRAGMA wal_checkpoint(TRUNCATE)")
        return spec.id
    finally:
        await db.close_store()


async def wait_until(pilot, check, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("grid did not paint in time")
        await pilot.pause(0.002)


async def measure(path: str, table_id: str, rows: int) -> dict:
    from core import db
    from tui.app import GridbaseApp
    from tui.widgets.record_grid import RecordGrid

    await db.open_store(path)
    try:
        app = GridbaseApp(path, table_id)
        started = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            def grid() -> RecordGrid | None:
                found = app.screen.query(RecordGrid)
                return found.first() if found else None

            def painted(row: int) -> bool:
                g = grid()
                return g is not None and g.cell_at(row, 0) is not None and g._top_row() <= row

            await wait_until(pilot, lambda: painted(0))
            await pilot.pause()
            first_paint = time.perf_counter() - started

            started = time.perf_counter()
            await pilot.press("ctrl+end")
            await wait_until(pilot, lambda: painted(rows - 1))
            await pilot.pause()
            jump_end = time.perf_counter() - started

            await pilot.press("ctrl+home")
            await wait_until(pilot, lambda: painted(0))
            started = time.perf_counter()
            for _ in range(100):  # the harness's own cost per key press (nothing bound)
                await pilot.press("f12")
            idle_keys = time.perf_counter() - started
            started = time.perf_counter()
            for _ in range(100):
                await pilot.press("pagedown")
            g = grid()
            await wait_until(pilot, lambda: painted(g.cursor_row) and painted(g._top_row()))
            await pilot.pause()
            pagedowns = time.perf_counter() - started
            in_memory = g.source.rows_in_memory
    finally:
        await db.close_store()
    peak_kb = peak_rss_kb()
    return {"first_paint_s": first_paint, "jump_end_s": jump_end, "pagedown100_s": pagedowns,
            "idle100_s": idle_keys,
            "rows_in_memory": in_memory, "peak_rss_mb": peak_kb / 1024}


def peak_rss_kb() -> int:
    """This process's peak RSS. ``ru_maxrss`` would do, but on Linux it survives ``exec`` and
    so reports the parent's peak (the parent built a million rows); VmHWM starts afresh."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_size(rows: int, tmp: str, repeat: int = 1) -> dict:
    """Build the table once, measure ``repeat`` times (fresh processes); the median of each."""
    path = os.path.join(tmp, f"bench_{rows}.db")
    os.environ["GRIDBASE_STATE_DIR"] = tmp
    started = time.perf_counter()
    table_id = asyncio.run(build(path, rows))
    build_s = time.perf_counter() - started
    runs = []
    for _ in range(max(1, repeat)):
        out = subprocess.run([sys.executable, __file__, "--measure", path, table_id, str(rows)],
                             capture_output=True, text=True, check=True, env=os.environ)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    result["build_s"] = build_s
    return result


ROWS = [("build db (executemany)", "build_s", "{:.2f} s"),
        ("mount → first painted grid", "first_paint_s", "{:.3f} s"),
        ("Ctrl+End → last row painted", "jump_end_s", "{:.3f} s"),
        ("100 × PageDown, settled", "pagedown100_s", "{:.3f} s"),
        ("100 × unbound key (harness)", "idle100_s", "{:.3f} s"),
        ("rows held in memory", "rows_in_memory", "{:,}"),
        ("peak RSS (TUI process)", "peak_rss_mb", "{:.1f} MB")]


def report(sizes: list[int], results: list[dict]) -> None:
    heads = [f"{n:,} rows" for n in sizes]
    ratio = len(sizes) == 2
    print(f"{'metric':<30}" + "".join(f"{h:>16}" for h in heads) + (f"{'ratio':>10}" if ratio else ""))
    print("-" * (30 + 16 * len(sizes) + (10 if ratio else 0)))
    for label, key, fmt in ROWS:
        cells = "".join(f"{fmt.format(r[key]):>16}" for r in results)
        extra = ""
        if ratio and results[0][key]:
            extra = f"{results[1][key] / results[0][key]:>9.2f}x"
        print(f"{label:<30}{cells}{extra}")
    print(f"\nterminal {SIZE[0]}x{SIZE[1]}, SQLite file, page 200 rows, LRU of 8 pages; "
          f"ratio = {sizes[-1]:,} / {sizes[0]:,}" if ratio else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure N times per size and report medians (on a busy machine)")
    parser.add_argument("--measure", nargs=3, metavar=("DB", "TABLE", "ROWS"))
    args = parser.parse_args()
    if args.measure:
        path, table_id, rows = args.measure
        print(json.dumps(asyncio.run(measure(path, table_id, int(rows)))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_size(n, tmp, args.repeat) for n in sizes]
    report(sizes, results)
    if args.repeat > 1:
        print(f"medians of {args.repeat} runs per size")


if __name__ == "__main__":
    main()
