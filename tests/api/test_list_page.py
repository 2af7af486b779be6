"""``page``/``p`` on the list endpoint (offset = (page − 1) · limit, reported in ``pageInfo``) and
``filter`` as an alias of ``where``, over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Client, assert_error
from tests.api.test_data import met  # noqa: F401 - fixture
from tests.api.test_meta import make_base, make_table


@pytest.fixture
async def many(client: Client) -> str:
    """A table of 25 records, Id 1 … 25."""
    table = await make_table(client, (await make_base(client))["id"])
    rows = [{"Title": f"Object {i}", "Begin": 1500 + i} for i in range(1, 26)]
    assert (await client.post(f"/api/v2/tables/{table['id']}/records", rows)).status == 200
    return table["id"]


async def _list(client: Client, table: str, params: dict[str, Any]) -> Any:
    reply = await client.get(f"/api/v2/tables/{table}/records", params=params)
    assert reply.status == 200, reply.text
    return [r["Id"] for r in reply.body["list"]], reply.body["pageInfo"]


@pytest.mark.parametrize(("params", "ids", "page_info"), [
    ({"page": 3, "limit": 10}, [21, 22, 23, 24, 25],
     {"totalRows": 25, "page": 3, "pageSize": 10, "isFirstPage": False, "isLastPage": True}),
    ({"p": 2, "l": 10}, list(range(11, 21)),
     {"totalRows": 25, "page": 2, "pageSize": 10, "isFirstPage": False, "isLastPage": False}),
    ({"page": 1, "limit": 10}, list(range(1, 11)),
     {"totalRows": 25, "page": 1, "pageSize": 10, "isFirstPage": True, "isLastPage": False}),
    ({"page": 2, "limit": 10, "offset": 3}, list(range(11, 21)),
     {"totalRows": 25, "page": 2, "pageSize": 10, "isFirstPage": False, "isLastPage": False}),
    ({"page": 2}, [],
     {"totalRows": 25, "page": 2, "pageSize": 25, "isFirstPage": False, "isLastPage": True}),
    ({"page": 5, "limit": 10}, [],
     {"totalRows": 25, "page": 5, "pageSize": 10, "isFirstPage": False, "isLastPage": True}),
])
async def test_page_is_honoured_and_reported(client: Client, many: str, params: dict[str, Any],
                                             ids: list[int], page_info: dict[str, Any]) -> None:
    assert await _list(client, many, params) == (ids, page_info)


async def test_pages_cover_the_table_once(client: Client, many: str) -> None:
    seen: list[int] = []
    for page in range(1, 10):
        ids, info = await _list(client, many, {"page": page, "limit": 7, "sort": "-Begin"})
        seen += ids
        if info["isLastPage"]:
            break
    assert seen == list(range(25, 0, -1))


async def test_page_works_with_where_and_view(client: Client, many: str) -> None:
    ids, info = await _list(client, many, {"page": 2, "limit": 3, "where": "(Begin,gt,1510)"})
    assert ids == [14, 15, 16] and info["totalRows"] == 15 and info["page"] == 2
    view = (await client.post(f"/api/v2/meta/tables/{many}/grids", {"title": "Late"})).body
    ids, info = await _list(client, many, {"page": 2, "limit": 3, "viewId": view["id"],
                                           "sort": "-Begin"})
    assert ids == [22, 21, 20] and info["page"] == 2


async def test_bad_page_is_422(client: Client, met: str) -> None:  # noqa: F811
    for page in ["0", "-1", "two", "1.5"]:
        reply = await client.get(f"/api/v2/tables/{met}/records", params={"page": page})
        assert_error(reply, 422, "ERR_INVALID_PAGE_VALUE", "page must be a positive integer", page)


async def test_page_past_any_table_is_422(client: Client, met: str) -> None:  # noqa: F811
    reply = await client.get(f"/api/v2/tables/{met}/records",
                             params={"page": "92233720368547759", "limit": 1000})
    assert_error(reply, 422, "ERR_INVALID_PAGE_VALUE", "Page value '92233720368547759' is invalid")


async def test_filter_is_an_alias_of_where(client: Client, met: str) -> None:  # noqa: F811
    where = "(Department,eq,Arms and Armor)"
    ids, info = await _list(client, met, {"filter": where})
    assert ids == [1, 3] and info["totalRows"] == 2
    ids, _ = await _list(client, met, {"filter": where, "where": "(Begin,gt,1580)"})
    assert ids == [3]
    count = await client.get(f"/api/v2/tables/{met}/records/count", params={"filter": where})
    assert count.body == {"count": 2}
    bad = await client.get(f"/api/v2/tables/{met}/records", params={"filter": "(Nope,eq,1)"})
    assert bad.status in (404, 422) and "Nope" in bad.body["message"]
