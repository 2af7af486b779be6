"""The ``totalRows`` cache (``core.records.counts``) never serves a stale count: whatever
changes the rows — the records service, raw SQL in this process (as imports do), a column
dropped, another connection or process committing — the next list counts again; while
nothing changes, repeated lists are answered from the cache."""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg

from core import db
from core.query.params import build_list_query
from core.records import counts, service as records
from core.schema import fields as schema_fields
from core.schema.tables import load_table
from tests import factories


def _query(table: Any, where: str = "") -> Any:
    return build_list_query(lambda n: [where] if n == "where" and where else [], table)


async def _totals(table: Any) -> tuple[int, int, int]:
    """(all rows, rows with N > 5, the /count of N > 5), as a client would see them."""
    everything = await records.list_records(table, _query(table))
    big = await records.list_records(table, _query(table, "(N,gt,5)"))
    return (everything.info.total_rows, big.info.total_rows,
            await records.count_records(table, _query(table, "(N,gt,5)")))


async def test_repeated_lists_hit_and_every_local_write_misses(store: str) -> None:
    table = await factories.table({"Title": "SingleLineText", "N": "Number"})
    await factories.rows(table, *({"Title": f"r{i}", "N": i} for i in range(10)))
    assert await _totals(table) == (10, 4, 4)
    before = counts.hits
    assert await _totals(table) == (10, 4, 4)
    assert counts.hits == before + 3  # nothing changed: no COUNT(*) ran
    [rid] = await records.create_records(table, [{"N": 50}])
    assert await _totals(table) == (11, 5, 5)
    await records.update_records(table, [{"Id": rid, "N": 1}])
    assert await _totals(table) == (11, 4, 4)
    await records.delete_records(table, [{"Id": 1}, {"Id": 10}])
    assert await _totals(table) == (9, 3, 3)
    n = table.field("N").column
    await db.conn().execute_query(f'UPDATE "{table.physical}" SET "{n}" = 100')  # an import's way
    assert await _totals(table) == (9, 9, 9)


async def test_schema_change_misses(store: str) -> None:
    table = await factories.table({"Title": "SingleLineText", "N": "Number"})
    await factories.rows(table, {"N": 1}, {"N": 9})
    assert (await records.list_records(table, _query(table, "(N,gt,5)"))).info.total_rows == 1
    await schema_fields.delete_field(table.field("N").id)
    await schema_fields.add_field(table.id, "N", "Number")
    table = await load_table(table.id)
    assert (await records.list_records(table, _query(table, "(N,gt,5)"))).info.total_rows == 0


async def _write_elsewhere(backend: str, table: Any, url: str) -> None:
    """Insert one row through a connection this process's store knows nothing about."""
    stamp = "2026-01-01 00:00:00" if backend == "sqlite" else None
    if backend == "sqlite":
        with sqlite3.connect(url) as other:
            other.execute(f'INSERT INTO "{table.physical}" (created_at) VALUES (?)', (stamp,))
        return
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'INSERT INTO "{table.physical}" (created_at) VALUES (now())')
    finally:
        await conn.close()


async def test_a_commit_from_another_connection_misses(store: str, db_url: str) -> None:
    table = await factories.table({"Title": "SingleLineText"})
    await factories.rows(table, {"Title": "a"}, {"Title": "b"})
    assert (await records.list_records(table, _query(table))).info.total_rows == 2
    assert (await records.list_records(table, _query(table))).info.total_rows == 2
    await _write_elsewhere(store, table, db_url)
    assert (await records.list_records(table, _query(table))).info.total_rows == 3
    assert await records.count_records(table, _query(table)) == 3


async def test_the_cache_stays_bounded(store: str) -> None:
    table = await factories.table({"N": "Number"})
    for i in range(counts.MAX_ENTRIES + 20):
        await records.count_records(table, _query(table, f"(N,gt,{i})"))
    assert len(counts._cache) == counts.MAX_ENTRIES
