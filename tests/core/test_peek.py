"""``core.peek``: small reads on a side connection to the SQLite file, and the data version it
gives the count cache (``core.records.counts``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import db, peek
from core.records import counts
from core.records import service as records
from core.records import service as service_module
from tests import factories as make


async def test_side_connection_reads_the_store(store: str) -> None:
    await make.base("Seen")
    found = peek.rows("SELECT title FROM gb_base")
    if store == "postgres":
        assert found is None  # PostgreSQL has no side connection: callers take the async path
        return
    assert found == [("Seen",)]


async def test_version_moves_on_this_process_and_other_connections(store: str,
                                                                   tmp_path: Path) -> None:
    if store == "postgres":
        pytest.skip("the side connection is SQLite only")
    table = await make.table({"Name": "SingleLineText"})
    before = await counts.version()
    assert before == await counts.version()  # nothing committed: the same version

    await records.create_records(table, [{"Name": "a"}])  # a commit on the main connection
    after_own = await counts.version()
    assert after_own != before

    other = sqlite3.connect(db.conn().filename, isolation_level=None)  # another process's view
    other.execute(f'UPDATE "{table.physical}" SET "{table.field("Name").column}" = \'b\'')
    other.close()
    assert await counts.version() != after_own


async def test_record_read_by_id_sees_the_latest_commit(store: str) -> None:
    table = await make.table({"Name": "SingleLineText"})
    [rid] = await records.create_records(table, [{"Name": "first"}])
    assert (await records.get_record(table, rid))["Name"] == "first"
    await records.update_records(table, [{"Id": rid, "Name": "second"}])
    assert (await records.get_record(table, rid))["Name"] == "second"


async def test_path_with_uri_characters(tmp_path: Path) -> None:
    path = tmp_path / "a dir #1?x" / "my db%.sqlite"
    path.parent.mkdir()
    async with db.store(str(path)):
        assert peek.rows("SELECT 1") == [(1,)]


async def test_in_memory_store_has_no_side_connection() -> None:
    async with db.store(":memory:"):
        assert peek.rows("SELECT 1") is None


async def test_a_read_over_budget_is_interrupted(store: str) -> None:
    if store == "postgres":
        pytest.skip("the side connection is SQLite only")
    heavy = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) "
             "SELECT count(*) AS c FROM n")
    assert peek.dict_rows(heavy, budget=0.001) is None  # interrupted: the caller goes async
    assert peek.dict_rows("SELECT 2 AS two", budget=0.001) == [{"two": 2}]  # handler cleared
    assert peek.dict_rows(heavy) == [{"c": 5000000}]  # no budget: runs to the end


async def test_a_list_whose_page_overruns_the_budget_moves_to_the_main_connection(
        store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    table = await make.table({"Name": "SingleLineText"})
    await make.rows(table, *({"Name": f"row {i}"} for i in range(30)))
    expected = await records.list_records(table)
    monkeypatch.setattr(service_module, "_PEEK_BUDGET", 0.0)  # every side read overruns…
    monkeypatch.setattr(peek, "_STEPS", 1)  # …and is checked at once, however small
    table.memo.clear()
    again = await records.list_records(table)
    assert again == expected
    slow = [k for k in table.memo if k[0] == "slow"]
    assert len(slow) == 1  # remembered: the next list goes straight to the main connection
    assert await records.list_records(table) == expected
