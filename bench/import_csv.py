"""Benchmark: ``gridbase import`` against the floor, a plain sqlite3 ``executemany``.

Generates N Met-like rows (whole rows drawn from the bundled Met sample with
``random.Random(42)``, each given a unique ``Object ID`` and ``Object Number``), writes them to
a temporary CSV, then in the same run:

1. ``gridbase --db … import`` as a child process — wall time (process start included) and the
   child's peak RSS (``os.wait4`` rusage);
2. the floor, also a child process: ``csv.reader`` over the same file, the same per-column types
   as gridbase chose (int / float / bool, ``""`` → NULL), ``executemany`` into an equivalent
   table (same columns and types, ``id`` AUTOINCREMENT, ``created_at``), same PRAGMAs (WAL,
   ``synchronous=NORMAL``), one transaction per 5,000 rows, no indexes. It reports its total
   time and, separately, the time spent inside ``executemany``/``commit`` alone.

Prints a table; asserts nothing. ``python bench/import_csv.py --rows 200000``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MET = REPO / "core" / "data" / "met_sample.csv"
BATCH = 5000
SQL_TYPES = {"Number": "INTEGER", "Decimal": "REAL", "Checkbox": "BOOLEAN"}
BOOLS = {"true": True, "yes": True, "false": False, "no": False}


def generate(path: Path, rows: int) -> None:
    with open(MET, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        pool = list(reader)
    rng = random.Random(42)
    number, oid = header.index("Object Number"), header.index("Object ID")
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(rng.choice(pool))
            row[oid] = str(1_000_000 + i)
            row[number] = f"{row[number]}.{i}"
            writer.writerow(row)


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({child.returncode}):\n{err.decode()}")
    return wall, usage.ru_maxrss / 1024, out.decode()


def gridbase_types(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT uidt FROM gb_field WHERE system = 0 ORDER BY \"order\"")
        return [r[0] for r in rows]


def floor_table(conn: sqlite3.Connection, types: list[str]) -> str:
    """Create the equivalent table; return its INSERT statement."""
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    cols = ", ".join(f"c{i} {SQL_TYPES.get(u, 'TEXT')}" for i, u in enumerate(types))
    conn.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                 f"created_at TEXT NOT NULL, updated_at TEXT, {cols})")
    return (f"INSERT INTO t (created_at, {', '.join(f'c{i}' for i in range(len(types)))}) "
            f"VALUES (?, {', '.join('?' for _ in types)})")


def floor_rows(path: str, types: list[str]) -> Iterator[list[object]]:
    """The CSV's records typed as gridbase types them: int / float / bool, "" → NULL."""
    typed = [(i, int if u == "Number" else float if u == "Decimal" else BOOLS.get)
             for i, u in enumerate(types) if u in SQL_TYPES]
    stamp = "2026-01-01 00:00:00+00:00"
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for cells in reader:
            values: list[object] = [stamp, *(v or None for v in cells)]
            for i, fn in typed:
                if cells[i]:
                    values[i + 1] = fn(cells[i].lower() if fn is BOOLS.get else cells[i])
            yield values


def floor(db: str, path: str, types: list[str]) -> dict[str, float]:
    """The floor: csv.reader + minimal typing + executemany, one transaction per batch."""
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    sql = floor_table(conn, types)
    insert_s, rows = 0.0, 0
    batch: list[list[object]] = []
    for values in chain(floor_rows(path, types), [None]):
        if values is not None:
            batch.append(values)
        if len(batch) == BATCH or (values is None and batch):
            t0 = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
            insert_s += time.perf_counter() - t0
            rows, batch = rows + len(batch), []
    conn.close()
    return {"rows": rows, "seconds": time.perf_counter() - started, "insert_seconds": insert_s}


def gridbase_cmd() -> list[str]:
    found = shutil.which("gridbase", path=str(Path(sys.executable).parent)) or shutil.which("gridbase")
    return [found] if found else [sys.executable, "-m", "cli"]


def report(rows: int, size_mb: float, gb: tuple[float, float], fl: dict[str, float],
           fl_rss: float) -> None:
    gb_rate, fl_rate = rows / gb[0], rows / fl["seconds"]
    ins_rate = rows / fl["insert_seconds"]
    print(f"\nimport of {rows:,} Met-like rows ({size_mb:,.0f} MB CSV, 54 columns), SQLite\n")
    print(f"| {'run':<44} | {'seconds':>8} | {'rows/s':>9} | {'vs floor':>8} | {'peak RSS':>9} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 11}|{'-' * 10}|{'-' * 11}|")
    print(f"| {'gridbase import (child process, wall)':<44} | {gb[0]:>8.2f} | {gb_rate:>9,.0f} "
          f"| {gb_rate / fl_rate:>7.2f}x | {gb[1]:>6.0f} MB |")
    print(f"| {'floor: csv.reader + sqlite3 executemany':<44} | {fl['seconds']:>8.2f} | "
          f"{fl_rate:>9,.0f} | {1:>7.2f}x | {fl_rss:>6.0f} MB |")
    print(f"| {'  of which executemany + commit only':<44} | {fl['insert_seconds']:>8.2f} | "
          f"{ins_rate:>9,.0f} | {'':>8} | {'':>9} |")
    print(f"\ngridbase / floor = {gb_rate / fl_rate:.2f}  (goal ≥ 0.5);  "
          f"gridbase / executemany-only = {gb_rate / ins_rate:.2f};  peak RSS {gb[1]:.0f} MB (goal < 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--floor", nargs=3, metavar=("DB", "CSV", "TYPES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        db, path, types = args.floor
        print(json.dumps(floor(db, path, json.loads(types))))
        return
    with tempfile.TemporaryDirectory(prefix="gb-bench-") as tmp:
        csv_path, gb_db, fl_db = Path(tmp, "met.csv"), Path(tmp, "gb.db"), Path(tmp, "floor.db")
        print(f"generating {args.rows:,} rows …", file=sys.stderr)
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        env = {**os.environ, "GRIDBASE_DB": str(gb_db)}
        print("gridbase import …", file=sys.stderr)
        gb_wall, gb_rss, _ = run_child([*gridbase_cmd(), "--db", str(gb_db), "import",
                                        str(csv_path), "--table", "Bench", "--quiet"], env)
        print("floor …", file=sys.stderr)
        types = json.dumps(gridbase_types(gb_db))
        _, fl_rss, out = run_child([sys.executable, __file__, "--floor", str(fl_db),
                                    str(csv_path), types])
        report(args.rows, size_mb, (gb_wall, gb_rss), json.loads(out), fl_rss)


if __name__ == "__main__":
    main()
