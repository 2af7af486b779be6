"""Metadata migrations after the first: a database made by the shipped ``0001_initial`` is brought
up to date when gridbase next opens it, and the models declare exactly what the migrations
build (Tortoise's own autodetector finds nothing to migrate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate
from tortoise.migrations.autodetector import MigrationAutodetector

from core import db
from core.config import resolve_db_url, tortoise_config
from core.hooks import retention
from core.models import Base, Event
from tests.conftest import drop_database_url, fresh_database_url
from tests.core import dbinspect

ADDED_BY_0002 = [
    # table, indexed columns
    ("gb_delivery", ("hook_id", "id")),
    ("gb_delivery", ("event_id",)),
    ("gb_event", ("dispatched", "created_at")),
]


def _columns(definition: str) -> tuple[str, ...]:
    inside = definition[definition.index("(") + 1:definition.rindex(")")]
    return tuple(c.strip().split()[0].strip('"') for c in inside.split(","))


async def _indexed(table: str) -> set[tuple[str, ...]]:
    return {_columns(d) for d in (await dbinspect.indexes(table)).values()}


async def _store_as_shipped(url: str) -> None:
    """A database migrated to ``0001_initial`` only, holding a base and an event."""
    await migrate(config=tortoise_config(resolve_db_url(url)), target="models.0001_initial")
    await Tortoise.close_connections()
    await db.open_store(url, run_migrations=False)
    try:
        assert ("hook_id", "id") not in await _indexed("gb_delivery")
        await Base.create(id="b1", title="kept")
        await Event.create(base_id="b1", table_id="t1", type="records.after.insert")
    finally:
        await db.close_store()


@pytest.fixture
async def shipped_url(backend: str, tmp_path: Path) -> object:
    url = await fresh_database_url(backend, tmp_path)
    try:
        await _store_as_shipped(url)
        yield url
    finally:
        await drop_database_url(url)


async def test_a_shipped_database_gets_0002_on_next_start(shipped_url: str) -> None:
    async with db.store(shipped_url):
        names = [r["name"] for r in await db.conn().execute_query_dict(
            "SELECT name FROM tortoise_migrations ORDER BY id")]
        assert names == ["0001_initial", "0002_retention_indexes", "0003_delivery_replay"]
        for table, columns in ADDED_BY_0002:
            assert columns in await _indexed(table), f"{table} {columns}"
        assert [b.title for b in await Base.all()] == ["kept"]
        assert await Event.all().count() == 1


async def test_models_match_the_migrations(store: str) -> None:
    config = tortoise_config(resolve_db_url(":memory:"))
    writers = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
    assert [[op.describe() for op in w.operations] for w in writers] == []


@pytest.mark.parametrize(("sql", "index"), [
    # the delivery log, newest first for a hook, and the per-hook trim of retention
    ("SELECT id FROM gb_delivery WHERE hook_id = ? ORDER BY id DESC LIMIT 50",
     ("hook_id", "id")),
    # "does an attempt still refer to this event?" (the event prune; the cascade check)
    ("SELECT 1 FROM gb_delivery WHERE event_id = ?", ("event_id",)),
    # the oldest fanned-out events that no attempt refers to
    (retention._OLD_EVENTS, ("dispatched", "created_at")),
    (retention._OLD_EVENTS, ("event_id",)),
])
async def test_sqlite_plans_use_the_new_indexes(store: str, sql: str,
                                                index: tuple[str, ...]) -> None:
    if store != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    table = "gb_event" if "dispatched" in index else "gb_delivery"
    names = {name for name, d in (await dbinspect.indexes(table)).items() if _columns(d) == index}
    plan = await db.conn().execute_query_dict(f"EXPLAIN QUERY PLAN {sql}", ["x"] * sql.count("?"))
    detail = " ".join(r["detail"] for r in plan)
    assert any(name in detail for name in names), detail
    assert "TEMP B-TREE" not in detail, detail
