"""``api.page_cache``: a repeated list is answered from kept bytes only while the data it was
read from is unchanged — a write through the API, a write by another process and a schema
change are all seen by the very next request."""

from __future__ import annotations

import sqlite3

import pytest

from api import page_cache
from core import db
from tests.api.conftest import Client
from tests.api.test_data import met  # noqa: F401  (fixture)

LIST = "/api/v2/tables/{}/records"


async def _titles(client: Client, table_id: str, **params: str) -> list[str]:
    reply = await client.get(LIST.format(table_id), params={"fields": "Title", **params})
    assert reply.status == 200, reply.text
    return [r["Title"] for r in reply.body["list"]]


async def test_a_repeated_list_is_served_again_until_a_write(client: Client, met: str) -> None:
    first = await _titles(client, met)
    before = page_cache.hits
    assert await _titles(client, met) == first
    assert page_cache.hits == before + 1  # served from the kept response
    await client.post(LIST.format(met), {"Title": "New arrival"})
    assert await _titles(client, met) == [*first, "New arrival"]  # the next request sees it


async def test_a_write_by_another_process_is_seen(client: Client, met: str, store: str) -> None:
    if store == "postgres":
        pytest.skip("another SQLite connection stands for another process")
    await _titles(client, met)
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    physical = table["table_name"]
    title_col = next(c["column_name"] for c in table["columns"] if c["title"] == "Title")
    other = sqlite3.connect(db.conn().filename, isolation_level=None)
    other.execute(f'UPDATE "{physical}" SET "{title_col}" = \'changed\' WHERE "id" = 1')
    other.close()
    assert (await _titles(client, met))[0] == "changed"


async def test_a_schema_change_is_seen(client: Client, met: str) -> None:
    reply = await client.get(LIST.format(met))
    assert "Room" not in reply.body["list"][0]
    await client.post(f"/api/v2/meta/tables/{met}/columns", {"title": "Room", "uidt": "Number"})
    assert "Room" in (await client.get(LIST.format(met))).body["list"][0]


async def test_shuffle_is_never_kept(client: Client, met: str) -> None:
    await _titles(client, met, shuffle="1")
    before = page_cache.hits
    await _titles(client, met, shuffle="1")
    assert page_cache.hits == before


async def test_kept_bytes_are_bounded(client: Client, met: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    page_cache.clear()
    monkeypatch.setattr(page_cache, "MAX_BYTES", 4000)
    for offset in range(20):  # twenty different pages
        await _titles(client, met, offset=str(offset % 4), limit=str(1 + offset // 4))
    assert 0 < page_cache._size <= 4000
    assert page_cache._size == sum(len(e[2]) for e in page_cache._entries.values())
