"""Write errors say what was wrong in the client's terms: the value as JSON, the item as both a
1-based record number and the 0-based index that ``details.row`` carries, and the field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Client, assert_error
from tests.api.test_meta import make_base, make_table

RECORDS = "/records"
UPSERT = "/records/upsert"
LONG = "x" * 100


@pytest.fixture
async def table_id(client: Client) -> str:
    table = await make_table(client, (await make_base(client))["id"])
    reply = await client.post(f"/api/v2/tables/{table['id']}/records",
                              [{"Title": "a", "Begin": 1}, {"Title": "b", "Begin": 2}])
    assert reply.status == 200, reply.text
    return table["id"]


CASES = [
    # method, path, ?on=, body, status, error code, message, details
    ("PATCH", RECORDS, None, {"Id": "abc", "Title": "x"}, 422, "ERR_INVALID_PK_VALUE",
     "invalid primary key 'abc' for 'Id' (expected a positive integer)",
     {"field": "Id", "value": "abc"}),
    ("PATCH", RECORDS, None, [{"Id": 1, "Title": "x"}, {"Id": True}], 422, "ERR_INVALID_PK_VALUE",
     "Record 2 (index 1): invalid primary key true for 'Id' (expected a positive integer)",
     {"field": "Id", "row": 1, "value": True}),
    ("DELETE", RECORDS, None, {"Id": -3}, 422, "ERR_INVALID_PK_VALUE",
     "invalid primary key -3 for 'Id' (expected a positive integer)",
     {"field": "Id", "value": -3}),
    ("DELETE", RECORDS, None, [{"Id": 1}, {"Id": [2]}], 422, "ERR_INVALID_PK_VALUE",
     "Record 2 (index 1): invalid primary key [2] for 'Id' (expected a positive integer)",
     {"field": "Id", "row": 1, "value": [2]}),
    ("PATCH", RECORDS, None, {"Title": "x"}, 422, "ERR_INVALID_VALUE_FOR_FIELD",
     "primary key 'Id' is required", {"field": "Id"}),
    ("POST", RECORDS, None, {"Begin": True}, 422, "ERR_INVALID_VALUE_FOR_FIELD",
     "invalid value true for field 'Begin' (Number): expected a number, got true/false",
     {"field": "Begin", "value": True}),
    ("POST", RECORDS, None, [{"Title": "ok"}, {"Title": ["a"]}], 422, "ERR_INVALID_VALUE_FOR_FIELD",
     """Record 2 (index 1): invalid value ["a"] for field 'Title' (SingleLineText): """
     "expected text, got an array", {"field": "Title", "row": 1, "value": ["a"]}),
    ("POST", RECORDS, None, [{"Title": "ok"}, {"Begin": {"n": None}}], 422,
     "ERR_INVALID_VALUE_FOR_FIELD",
     """Record 2 (index 1): invalid value {"n": null} for field 'Begin' (Number): """
     "expected a number, got an object", {"field": "Begin", "row": 1, "value": {"n": None}}),
    ("POST", RECORDS, None, [{"Title": "ok"}, {"Nope": 1}], 422, "ERR_INVALID_VALUE_FOR_FIELD",
     "Record 2 (index 1): field 'Nope' not found in table 'Met'", {"field": "Nope", "row": 1}),
    ("POST", UPSERT, "Title", {"Begin": 5}, 422, "ERR_INVALID_VALUE_FOR_FIELD",
     "field 'Title' is needed to match rows", {"field": "Title"}),
    ("POST", UPSERT, "Title", [{"Title": "n"}, {"Begin": 5}], 422, "ERR_INVALID_VALUE_FOR_FIELD",
     "Record 2 (index 1): field 'Title' is needed to match rows", {"field": "Title", "row": 1}),
    ("POST", UPSERT, "Title", [{"Title": "a"}, {"Title": "n"}, {"Title": "a"}], 422,
     "ERR_INVALID_REQUEST", "Field 'Title' has the value 'a' twice in this request: "
     "records 1 and 3 (indexes 0 and 2)", {"field": "Title", "value": "a", "rows": [0, 2]}),
    ("POST", UPSERT, "Begin", [{"Begin": 7}, {"Begin": "7"}], 422, "ERR_INVALID_REQUEST",
     "Field 'Begin' has the value 7 twice in this request: records 1 and 2 (indexes 0 and 1)",
     {"field": "Begin", "value": 7, "rows": [0, 1]}),
    ("POST", UPSERT, "Nope", {"Title": "a"}, 404, "ERR_FIELD_NOT_FOUND", "Field 'Nope' not found",
     {"field": "Nope", "table": "Met"}),
]


@pytest.mark.parametrize(("method", "path", "on", "body", "status", "code", "message", "details"),
                         CASES, ids=[c[6][:50] for c in CASES])
async def test_write_error_messages(client: Client, table_id: str, method: str, path: str,
                                    on: str | None, body: Any, status: int, code: str,
                                    message: str, details: dict[str, Any]) -> None:
    url = f"/api/v2/tables/{table_id}{path}"
    reply = await client.call(method, url, body, params={"on": on} if on else None)
    assert_error(reply, status, code)
    assert reply.body["message"] == message
    assert reply.body["details"] == details
    rows = (await client.get(f"/api/v2/tables/{table_id}/records")).body["list"]
    assert [(r["Title"], r["Begin"]) for r in rows] == [("a", 1), ("b", 2)]


async def test_long_values_are_cut_in_the_message_but_whole_in_details(client: Client,
                                                                       table_id: str) -> None:
    reply = await client.post(f"/api/v2/tables/{table_id}/records", {"Begin": LONG})
    assert_error(reply, 422, "ERR_INVALID_VALUE_FOR_FIELD")
    assert reply.body["message"].startswith(f"invalid value '{'x' * 59}…' for field 'Begin'")
    assert len(reply.body["message"]) < 200
    assert reply.body["details"]["value"] == LONG


async def test_a_numeric_string_primary_key_still_works(client: Client, table_id: str) -> None:
    reply = await client.patch(f"/api/v2/tables/{table_id}/records", {"Id": "2", "Title": "B"})
    assert reply.status == 200 and reply.body == {"Id": 2}
    assert (await client.get(f"/api/v2/tables/{table_id}/records/2")).body["Title"] == "B"
