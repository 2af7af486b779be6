"""The store (``core.config``, ``core.db``): where the database is, how SQLite is tuned, migrations,
and write transactions that never surface SQLite's ``database is locked``."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tortoise.exceptions import OperationalError

from core import db
from core.config import is_postgres, resolve_db_url
from core.errors import DatabaseNotFound
from core.models import Base, Event
from core.records import service as records
from tests import factories as make
from tests.core import dbinspect

REPO = Path(__file__).resolve().parents[2]
PRAGMAS = "?busy_timeout=10000&synchronous=NORMAL"
MIGRATIONS = sorted(p.stem for p in (REPO / "core" / "migrations").glob("[0-9]*.py"))


# --- where the database is --------------------------------------------------------------------

RESOLVE = [
    # --db value, GRIDBASE_DB, expected URL ({cwd}, {xdg}, {home} are temp dirs)
    (None, None, "sqlite://{xdg}/gridbase/gridbase.db" + PRAGMAS),
    (None, "", "sqlite://{xdg}/gridbase/gridbase.db" + PRAGMAS),
    (None, "env.db", "sqlite://{cwd}/env.db" + PRAGMAS),
    ("arg.db", "env.db", "sqlite://{cwd}/arg.db" + PRAGMAS),
    ("sqlite://rel.db", None, "sqlite://{cwd}/rel.db" + PRAGMAS),
    ("sqlite://{cwd}/abs.db", None, "sqlite://{cwd}/abs.db" + PRAGMAS),
    ("~/h.db", None, "sqlite://{home}/h.db" + PRAGMAS),
    (":memory:", None, "sqlite://:memory:" + PRAGMAS),
    ("postgres://u:p@h:5432/db", "env.db", "postgres://u:p@h:5432/db"),
    ("postgresql://u@h/db", None, "postgres://u@h/db"),
    ("asyncpg://u@h/db?minsize=2", None, "postgres://u@h/db?minsize=2"),
    (None, "postgresql://u@h/envdb", "postgres://u@h/envdb"),
]


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    paths = {k: tmp_path / k for k in ("cwd", "xdg", "home")}
    for p in paths.values():
        p.mkdir()
    monkeypatch.chdir(paths["cwd"])
    monkeypatch.setenv("XDG_DATA_HOME", str(paths["xdg"]))
    monkeypatch.setenv("HOME", str(paths["home"]))
    monkeypatch.delenv("GRIDBASE_DB", raising=False)
    return {k: str(p.resolve()) for k, p in paths.items()}


@pytest.mark.parametrize("arg, env, expected", RESOLVE)
def test_resolve_db_url(dirs: dict[str, str], monkeypatch: pytest.MonkeyPatch, arg: str | None,
                        env: str | None, expected: str) -> None:
    if env is not None:
        monkeypatch.setenv("GRIDBASE_DB", env)
    url = resolve_db_url(arg.format(**dirs) if arg else arg)
    assert url == expected.format(**dirs)
    if url.startswith("sqlite://") and ":memory:" not in url:
        assert Path(url[len("sqlite://"):].split("?")[0]).parent.is_dir()


@pytest.mark.parametrize("arg, env", [("sub/dir/a.db", None), (None, "sub/dir/a.db"),
                                      ("sqlite://sub/a.db", None)])
def test_an_explicit_path_needs_its_directory(dirs: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                                              arg: str | None, env: str | None) -> None:
    if env is not None:
        monkeypatch.setenv("GRIDBASE_DB", env)
    missing = Path(dirs["cwd"]) / (arg or env or "").removeprefix("sqlite://")
    with pytest.raises(DatabaseNotFound, match=f"^directory {missing.parent} does not exist$"):
        resolve_db_url(arg)
    assert list(Path(dirs["cwd"]).iterdir()) == []


def test_xdg_unset_falls_back_to_home(dirs: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    assert resolve_db_url() == f"sqlite://{dirs['home']}/.local/share/gridbase/gridbase.db" + PRAGMAS


@pytest.mark.parametrize("url, expected", [
    ("postgres://h/db", True), ("postgresql://h/db", True), ("asyncpg://h/db", True),
    ("sqlite:///x.db", False), ("/tmp/x.db", False), ("x.db", False),
])
def test_is_postgres(url: str, expected: bool) -> None:
    assert is_postgres(url) is expected


async def test_open_store_uses_gridbase_db(dirs: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDBASE_DB", "from-env.db")
    async with db.store() as url:
        assert url == f"sqlite://{dirs['cwd']}/from-env.db" + PRAGMAS
        await make.base("B")
    assert (Path(dirs["cwd"]) / "from-env.db").stat().st_size > 0
    assert not (Path(dirs["xdg"]) / "gridbase" / "gridbase.db").exists()


# --- SQLite tuning and migrations -------------------------------------------------------------

async def test_sqlite_wal_and_busy_timeout(tmp_path: Path) -> None:
    async with db.store(str(tmp_path / "x.db")):
        assert db.dialect() == "sqlite"
        pragma = {name: list((await db.conn().execute_query_dict(f"PRAGMA {name}"))[0].values())[0]
                  for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")}
        assert pragma == {"journal_mode": "wal", "busy_timeout": 10000, "synchronous": 1,
                          "foreign_keys": 1}
    with sqlite3.connect(tmp_path / "x.db") as other:  # WAL is persistent in the file
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_migrations_are_recorded(store: str, db_url: str) -> None:
    assert MIGRATIONS and MIGRATIONS[0] == "0001_initial"
    rows = await db.conn().execute_query_dict("SELECT app, name FROM tortoise_migrations ORDER BY id")
    assert [(r["app"], r["name"]) for r in rows] == [("models", m) for m in MIGRATIONS]
    await make.base("kept")
    await db.close_store()
    await db.open_store(db_url)  # again: nothing re-applied, data intact
    rows = await db.conn().execute_query_dict("SELECT name FROM tortoise_migrations")
    assert sorted(r["name"] for r in rows) == MIGRATIONS
    assert [b.title for b in await Base.all()] == ["kept"]
    assert db.dialect() == store


# --- write(): retried whole on "database is locked" ---------------------------------------------

async def test_write_retries_a_locked_transaction_from_the_start(store: str) -> None:
    calls = []

    async def fn(tx: Any) -> str:
        calls.append(1)
        await Base.create(id=f"p{len(calls)}", title=f"attempt {len(calls)}", using_db=tx)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "done"

    assert await db.write(fn) == "done"
    assert len(calls) == 3
    assert [b.title for b in await Base.all()] == ["attempt 3"]  # failed attempts rolled back


@pytest.mark.parametrize("error", [OperationalError("no such table: x"), ValueError("bad")])
async def test_write_does_not_retry_other_errors(store: str, error: Exception) -> None:
    calls = []

    async def fn(tx: Any) -> None:
        calls.append(1)
        await Base.create(id="p1", title="t", using_db=tx)
        raise error

    with pytest.raises(type(error)):
        await db.write(fn)
    assert len(calls) == 1 and await Base.all().count() == 0


async def test_write_gives_up_after_its_retries(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "_LOCK_RETRIES", 3)
    calls = []

    async def fn(tx: Any) -> None:
        calls.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError, match="locked"):
        await db.write(fn)
    assert len(calls) == 3


async def test_write_waits_for_another_connection_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    async with db.store(str(path)):
        table = await make.table({"Name": "SingleLineText"})
        locked, release = threading.Event(), 1.0

        def hold_lock() -> None:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE gb_base SET title = title")
            locked.set()
            time.sleep(release)
            other.execute("COMMIT")
            other.close()

        holder = threading.Thread(target=hold_lock)
        holder.start()
        await asyncio.to_thread(locked.wait)
        start = time.monotonic()
        [rid] = await records.create_records(table, [{"Name": "after the lock"}])
        waited = time.monotonic() - start
        await asyncio.to_thread(holder.join)
        assert waited >= release * 0.5
        assert (await records.get_record(table, rid))["Name"] == "after the lock"


async def test_write_takes_the_sqlite_write_lock_up_front(tmp_path: Path) -> None:
    """Before ``fn`` runs, another connection can no longer start a write (so ``fn``'s reads
    cannot go stale before its writes: no SQLITE_BUSY_SNAPSHOT)."""
    path = tmp_path / "x.db"
    seen = []

    async def fn(tx: Any) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen.append("other got the lock")
            other.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            seen.append(str(exc))
        finally:
            other.close()

    async with db.store(str(path)):
        await db.write(fn)
    assert seen == ["database is locked"]


WRITER = textwrap.dedent("""
    import asyncio, sys, time
    from core.db import store
    from core.records import service as records
    from core.schema.tables import load_table

    async def main(url, table_id, tag, seconds):
        async with store(url):
            table = await load_table(table_id)
            n, end = 0, time.monotonic() + seconds
            while time.monotonic() < end:
                ids = await records.create_records(table, [{"Name": f"{tag}-{n}"},
                                                           {"Name": f"{tag}-{n + 1}"}])
                await records.update_records(table, [{"Id": ids[0], "Qty": n}])
                await records.list_records(table)
                n += 2
            print(n)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
""")


@pytest.mark.slow
async def test_two_processes_writing_one_sqlite_file(tmp_path: Path) -> None:
    """Two processes hammer one file through records.service: no error, every row there."""
    path = str(tmp_path / "shared.db")
    async with db.store(path):
        table = await make.table({"Name": "SingleLineText", "Qty": "Number"})
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITER, path, table.id, tag, "2.5", cwd=str(REPO),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE) for tag in ("A", "B")]
    results = [await p.communicate() for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode()[-2000:]
        assert b"locked" not in err
    counts = {tag: int(out) for tag, (out, _) in zip("AB", results)}
    assert all(n >= 10 for n in counts.values()), counts

    async with db.store(path):
        rows = await dbinspect.raw_rows(table.physical)
        name, qty = table.field("Name").column, table.field("Qty").column
        expected = {f"{tag}-{i}" for tag, n in counts.items() for i in range(n)}
        assert sorted(r[name] for r in rows) == sorted(expected)
        assert sum(r[qty] is not None for r in rows) == sum(counts.values()) // 2
        assert await Event.all().count() == sum(counts.values())
