"""NocoDB v2 data API: list/read/count/create/update/delete/upsert and their errors."""

from __future__ import annotations

import pytest

from tests.api.conftest import Client, assert_error
from tests.api.test_meta import make_base, make_table

ROWS = [
    {"Title": "Armor of Henry II", "Department": "Arms and Armor", "Begin": 1555, "Highlight": True},
    {"Title": "Reliquary (Krishna))", "Department": "Medieval Art", "Begin": 1200, "Highlight": False},
    {"Title": "Sword, with scabbard", "Department": "Arms and Armor", "Begin": 1600},
    {"Title": "Érard piano", "Begin": 1840, "Highlight": True},
]


@pytest.fixture
async def met(client: Client) -> str:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    reply = await client.post(f"/api/v2/tables/{table['id']}/records", ROWS)
    assert reply.status == 200 and reply.body == [{"Id": 1}, {"Id": 2}, {"Id": 3}, {"Id": 4}]
    return table["id"]


async def test_list_envelope_and_page_info(client: Client, met: str) -> None:
    reply = await client.get(f"/api/v2/tables/{met}/records", params={"limit": 2, "offset": 2})
    assert reply.status == 200
    assert [r["Id"] for r in reply.body["list"]] == [3, 4]
    assert reply.body["pageInfo"] == {"totalRows": 4, "page": 2, "pageSize": 2,
                                      "isFirstPage": False, "isLastPage": True}
    assert "xc-db-response" in reply.headers
    first = reply.body["list"][0]
    assert list(first) == ["Id", "Title", "Department", "Begin", "Highlight", "CreatedAt", "UpdatedAt"]
    assert first["UpdatedAt"] is None and first["CreatedAt"].endswith("+00:00")


@pytest.mark.parametrize(("params", "ids"), [
    ({"where": "(Department,eq,Arms and Armor)"}, [1, 3]),
    ({"w": "(Begin,btw,1500,1600)~and(Highlight,checked)"}, [1]),
    ({"where": "(Title,like,érard)"}, [4]),
    ({"where": "(Title,eq,Reliquary (Krishna)))"}, [2]),
    ({"where": "(Department,blank)"}, [4]),
    ({"where": "(Title,like,Sword, with)"}, [3]),
    ({"sort": "-Begin", "fields": "Title"}, None),
    ({"s": "Department,-Begin"}, [4, 3, 1, 2]),
    ({"pks": "3,1"}, [1, 3]),
])
async def test_list_filters_sorts_fields(client: Client, met: str, params: dict, ids: list | None) -> None:
    reply = await client.get(f"/api/v2/tables/{met}/records", params=params)
    assert reply.status == 200, reply.text
    if ids is None:
        assert reply.body["list"] == [{"Title": r["Title"]} for r in sorted(ROWS, key=lambda r: -r["Begin"])]
    else:
        assert [r["Id"] for r in reply.body["list"]] == ids


async def test_repeated_where_params_are_anded(client: Client, met: str) -> None:
    reply = await client.get(f"/api/v2/tables/{met}/records",
                             params=[("where", "(Department,eq,Arms and Armor)"), ("where", "(Begin,gt,1560)")])
    assert [r["Id"] for r in reply.body["list"]] == [3]


@pytest.mark.parametrize(("params", "status", "code", "fragment"), [
    ({"where": "(Nope,eq,1)"}, 422, "ERR_INVALID_FILTER", "Nope"),
    ({"where": "(Title,eq"}, 422, None, "position"),
    ({"where": "(Begin,gt,abc)"}, 422, None, "Begin"),
    ({"where": "(Highlight,like,x)"}, 422, None, "Highlight"),
    ({"sort": "-Nope"}, 404, "ERR_FIELD_NOT_FOUND", "Nope"),
    ({"fields": "Title,Nope,Zip"}, 404, "ERR_FIELD_NOT_FOUND", "Nope"),
    ({"limit": "-1"}, 422, None, "imit"),
    ({"offset": "x"}, 422, None, "ffset"),
])
async def test_bad_list_params(client: Client, met: str, params: dict, status: int, code: str | None,
                               fragment: str) -> None:
    assert_error(await client.get(f"/api/v2/tables/{met}/records", params=params), status, code, fragment)


async def test_limit_clamped_and_offset_past_end(client: Client, met: str) -> None:
    clamped = await client.get(f"/api/v2/tables/{met}/records", params={"limit": 5000})
    assert clamped.body["pageInfo"]["pageSize"] == 1000
    past = await client.get(f"/api/v2/tables/{met}/records", params={"offset": 100})
    assert past.status == 200 and past.body["list"] == []


async def test_read_count_update_delete(client: Client, met: str) -> None:
    one = await client.get(f"/api/v2/tables/{met}/records/2", params={"fields": "Title,Begin"})
    assert one.body == {"Title": "Reliquary (Krishna))", "Begin": 1200}
    count = await client.get(f"/api/v2/tables/{met}/records/count", params={"where": "(Highlight,checked)"})
    assert count.body == {"count": 2}
    updated = await client.patch(f"/api/v2/tables/{met}/records", [{"Id": 2, "Begin": 1210}, {"Id": 3, "Highlight": True}])
    assert updated.body == [{"Id": 2}, {"Id": 3}]
    assert (await client.get(f"/api/v2/tables/{met}/records/2")).body["Begin"] == 1210
    deleted = await client.delete(f"/api/v2/tables/{met}/records", {"Id": 4})
    assert deleted.body == {"Id": 4}
    assert (await client.get(f"/api/v2/tables/{met}/records/count")).body == {"count": 3}
    assert_error(await client.get(f"/api/v2/tables/{met}/records/4"), 404, "ERR_RECORD_NOT_FOUND", "4")


async def test_bulk_insert_with_one_bad_row_writes_nothing(client: Client, met: str) -> None:
    reply = await client.post(f"/api/v2/tables/{met}/records",
                              [{"Title": "ok"}, {"Title": "bad", "Begin": "soon"}, {"Title": "ok2"}])
    assert_error(reply, 422, "ERR_INVALID_VALUE_FOR_FIELD", "Record 2 (index 1): ", "Begin")
    assert reply.body["details"] == {"field": "Begin", "row": 1, "value": "soon"}
    assert (await client.get(f"/api/v2/tables/{met}/records/count")).body == {"count": 4}


@pytest.mark.parametrize(("method", "body", "status", "code", "fragment"), [
    ("post", b"{not json", 400, "ERR_INVALID_JSON", "Invalid JSON"),
    ("post", b"\xff\xfe", 400, "ERR_INVALID_JSON", "Invalid JSON"),
    ("post", b"42", 400, "ERR_INVALID_JSON", "object"),
    ("post", b'{"Department": "Sculpture"}', 422, "ERR_INVALID_VALUE_FOR_FIELD", "Department"),
    ("post", b'{"Id": 9, "Title": "x"}', 422, None, "Id"),
    ("post", b'{"Nope": 1}', 422, None, "Nope"),
    ("patch", b'[{"Id": 1, "Begin": 1}, {"Id": 1, "Begin": 2}]', 422, None, "Duplicate"),
    ("patch", b'{"Id": 99, "Begin": 1}', 404, "ERR_RECORD_NOT_FOUND", "99"),
    ("patch", b'{"Begin": 1}', 422, None, "Id"),
    ("delete", b'[{"Id": 1}, {"Id": 77}]', 404, "ERR_RECORD_NOT_FOUND", "77"),
])
async def test_bad_writes(client: Client, met: str, method: str, body: bytes, status: int,
                          code: str | None, fragment: str) -> None:
    reply = await client.call(method.upper(), f"/api/v2/tables/{met}/records", raw=body)
    assert_error(reply, status, code, fragment)
    assert (await client.get(f"/api/v2/tables/{met}/records/count")).body == {"count": 4}
    assert (await client.get(f"/api/v2/tables/{met}/records/1")).body["Begin"] == 1555


async def test_too_many_rows_and_too_large_body(client: Client, met: str) -> None:
    reply = await client.post(f"/api/v2/tables/{met}/records", [{"Title": str(i)} for i in range(1001)])
    assert_error(reply, 422, "ERR_MAX_INSERT_LIMIT_EXCEEDED", "1000")
    huge = b'{"Title": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    assert (await client.call("POST", f"/api/v2/tables/{met}/records", raw=huge)).status == 413


async def test_unknown_table_and_route(client: Client) -> None:
    assert_error(await client.get("/api/v2/tables/mnope/records"), 404, "ERR_TABLE_NOT_FOUND", "mnope")
    assert_error(await client.get("/api/v2/nothing/here"), 404, "ERR_NOT_FOUND")


async def test_upsert_inserts_and_updates_in_one_call(client: Client, met: str) -> None:
    reply = await client.post(f"/api/v2/tables/{met}/records/upsert",
                              [{"Title": "Armor of Henry II", "Begin": 1556}, {"Title": "New", "Begin": 1}],
                              params={"on": "Title"})
    assert reply.status == 200, reply.text
    assert reply.body == [{"Id": 1}, {"Id": 5}]
    assert (await client.get(f"/api/v2/tables/{met}/records/1")).body["Begin"] == 1556
    missing = await client.post(f"/api/v2/tables/{met}/records/upsert", {"Title": "x"})
    assert_error(missing, 422, None, "on")


async def test_nul_characters_are_refused_on_every_backend(client: Client, met: str) -> None:
    assert_error(await client.post(f"/api/v2/tables/{met}/records", {"Title": "a\u0000b"}), 400,
                 "ERR_INVALID_JSON", "NUL")
    assert_error(await client.get(f"/api/v2/tables/{met}/records", params={"viewId": "a\u0000"}), 400)
    assert_error(await client.get(f"/api/v2/tables/{met}%00/records"), 400)
    assert (await client.get(f"/api/v2/tables/{met}/records/count")).body == {"count": 4}


async def test_offset_beyond_any_integer_is_a_clear_error(client: Client, met: str) -> None:
    reply = await client.get(f"/api/v2/tables/{met}/records",
                             params={"offset": "85576578584797527349919744", "shuffle": "1"})
    assert_error(reply, 422, "ERR_INVALID_OFFSET_VALUE", "Offset")
