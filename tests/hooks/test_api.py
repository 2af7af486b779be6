"""The hooks meta API: NocoDB paths and bodies, errors, test, logs, replay, sample payloads."""

from __future__ import annotations

import pytest

from core.hooks import verify_signature
from core.models import Event
from core.records import service as records
from core.tokens.service import create_token
from tests import factories
from tests.api.conftest import Client, assert_error
from tests.hooks.conftest import FIELDS, Receiver, make_dispatcher

NOCODB_BODY = {
    "title": "notify", "event": "after", "operation": ["insert", "update"], "version": "v3",
    "active": True, "condition": False,
    "notification": {"type": "URL", "payload": {
        "method": "POST", "path": "https://example.org/hook", "parameters": [], "body": "",
        "headers": [{"name": "X-Token", "value": "abc", "enabled": True},
                    {"name": "X-Off", "value": "no", "enabled": False}]}},
}


async def _table_id(store: str) -> str:
    return (await factories.table(FIELDS)).id


@pytest.mark.parametrize("prefix", ["/api/v2/meta", "/api/v1/db/meta"])
async def test_create_list_read_update_delete(client: Client, store: str, prefix: str) -> None:
    tid = await _table_id(store)
    created = await client.post(f"{prefix}/tables/{tid}/hooks", NOCODB_BODY)
    assert created.status == 200, created.text
    hook = created.body
    assert hook["events"] == ["after.insert", "after.update"] and hook["operation"] == ["insert", "update"]
    assert hook["url"] == "https://example.org/hook" and hook["headers"] == {"X-Token": "abc"}
    assert hook["fk_model_id"] == tid and hook["secret"].startswith("gbhs_")
    listed = await client.get(f"{prefix}/tables/{tid}/hooks")
    assert [h["id"] for h in listed.body["list"]] == [hook["id"]] and "secret" not in listed.body["list"][0]
    assert (await client.get(f"{prefix}/hooks/{hook['id']}")).body["secret"] == hook["secret"]
    patched = await client.patch(f"{prefix}/hooks/{hook['id']}",
                                 {"url": "http://127.0.0.1:9/h", "active": False, "timeout": 3,
                                  "condition": "(Qty,gt,1)", "events": ["after.delete"]})
    assert patched.status == 200, patched.text
    assert (patched.body["url"], patched.body["active"], patched.body["timeout"]) == ("http://127.0.0.1:9/h", False, 3.0)
    assert patched.body["events"] == ["after.delete"] and patched.body["condition"] == "(Qty,gt,1)"
    assert (await client.delete(f"{prefix}/hooks/{hook['id']}")).body is True
    assert_error(await client.get(f"{prefix}/hooks/{hook['id']}"), 404, "ERR_HOOK_NOT_FOUND")


async def test_viewer_reads_hook_without_its_secret(client: Client, store: str) -> None:
    tid = await _table_id(store)
    hook = (await client.post(f"/api/v2/meta/tables/{tid}/hooks", NOCODB_BODY)).body
    _, viewer = await create_token("viewer", role="viewer")
    read = await client.get(f"/api/v2/meta/hooks/{hook['id']}", token=viewer)
    assert read.status == 200 and "secret" not in read.body
    assert_error(await client.patch(f"/api/v2/meta/hooks/{hook['id']}", {"active": False}, token=viewer), 403)


INVALID = [  # body → status, error code, message fragment
    ({"title": "x", "url": "ftp://example.org"}, 422, "ERR_INVALID_REQUEST", "Invalid URL"),
    ({"title": "x"}, 422, "ERR_INVALID_REQUEST", "URL"),
    ({"title": "x", "url": "https://e.org", "events": ["after.explode"]}, 422, None, "unknown hook event"),
    ({"title": "x", "url": "https://e.org", "condition": "(Nope,eq,1)"}, 422, "ERR_INVALID_FILTER", "Nope"),
    ({"title": "x", "url": "https://e.org", "condition": "(Qty,eq"}, 422, "ERR_INVALID_FILTER", None),
    ({"title": "x", "url": "https://e.org", "timeout": "fast"}, 422, None, "timeout"),
    ({**NOCODB_BODY, "notification": {"type": "Email", "payload": {}}}, 422, None, "URL notifications"),
    ({**NOCODB_BODY, "event": "before"}, 422, None, "after"),
]


async def test_invalid_hooks_are_422(client: Client, store: str) -> None:
    tid = await _table_id(store)
    for body, status, code, fragment in INVALID:
        reply = await client.post(f"/api/v2/meta/tables/{tid}/hooks", body)
        assert_error(reply, status, code, *([fragment] if fragment else []))
    assert (await client.get(f"/api/v2/meta/tables/{tid}/hooks")).body["list"] == []


async def test_unknown_table_and_bad_json(client: Client, store: str) -> None:
    assert_error(await client.post("/api/v2/meta/tables/mnope/hooks", NOCODB_BODY), 404, "ERR_TABLE_NOT_FOUND")
    tid = await _table_id(store)
    assert_error(await client.post(f"/api/v2/meta/tables/{tid}/hooks", raw=b"{"), 400, "ERR_INVALID_JSON")


async def test_test_endpoint_sends_a_signed_sample_now(client: Client, store: str, receiver: Receiver) -> None:
    tid = await _table_id(store)
    hook = (await client.post(f"/api/v2/meta/tables/{tid}/hooks",
                              {"title": "t", "url": receiver.url, "events": ["insert"]})).body
    reply = await client.post(f"/api/v2/meta/hooks/{hook['id']}/test", {"operation": "update"})
    assert reply.status == 200, reply.text
    assert reply.body["status"] == "success" and reply.body["test_call"] is True
    assert reply.body["response"] == {"status": 200, "data": "answer 200"}
    [got] = receiver.received
    assert got.json["type"] == "records.after.update" and got.json["test"] is True
    assert set(got.json["data"]["rows"][0]) >= {"Id", "Title", "Qty", "Status"}
    assert verify_signature(hook["secret"], got.headers["X-Gridbase-Signature"], got.body)
    receiver.script = [500]
    failed = await client.post(f"/api/v2/meta/hooks/{hook['id']}/test")
    assert failed.body["status"] == "failed" and failed.body["error_message"] == "HTTP 500"


async def test_logs_newest_first_paged_and_replay(client: Client, store: str, receiver: Receiver) -> None:
    table = await factories.table(FIELDS)
    hook = (await client.post(f"/api/v2/meta/tables/{table.id}/hooks",
                              {"title": "t", "url": receiver.url, "events": ["after.insert"]})).body
    for title in ("a", "b", "c"):
        await records.create_records(table, [{"Title": title}])
    dispatcher = make_dispatcher()
    try:
        await dispatcher.run_until_idle()
        logs = await client.get(f"/api/v2/meta/hooks/{hook['id']}/logs", params={"limit": 2})
        assert logs.body["pageInfo"]["totalRows"] == 3 and len(logs.body["list"]) == 2
        newest = logs.body["list"][0]
        assert newest["status"] == "success" and newest["payload"]["method"] == "POST"
        assert [d["id"] for d in logs.body["list"]] == sorted((d["id"] for d in logs.body["list"]), reverse=True)
        page2 = await client.get(f"/api/v2/meta/hooks/{hook['id']}/logs", params={"limit": 2, "offset": 2})
        assert len(page2.body["list"]) == 1 and page2.body["pageInfo"]["isLastPage"] is True
        first_event = (await Event.filter(table_id=table.id).order_by("id").first()).id
        again = await client.post(f"/api/v2/meta/hooks/{hook['id']}/replay", {"event_id": first_event})
        assert again.status == 200 and again.body["status"] == "pending"
        by_delivery = await client.post(f"/api/v2/meta/hooks/{hook['id']}/replay", {"delivery_id": newest["id"]})
        assert by_delivery.body["event_id"] == newest["event_id"]
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    assert receiver.event_ids()[3:] == [first_event, newest["event_id"]]
    assert_error(await client.post(f"/api/v2/meta/hooks/{hook['id']}/replay", {"event_id": 999999}),
                 404, "ERR_EVENT_NOT_FOUND")
    assert_error(await client.post(f"/api/v2/meta/hooks/{hook['id']}/replay", {}), 422)
    assert_error(await client.get(f"/api/v2/meta/hooks/{hook['id']}/logs", params={"limit": "x"}), 422)


SAMPLES = [("insert", "records.after.insert"), ("bulkUpdate/v2", "records.after.update"),
           ("delete/v3", "records.after.delete")]


async def test_sample_payload(client: Client, store: str) -> None:
    table = await factories.table(FIELDS)
    await records.create_records(table, [{"Title": "real row", "Qty": 4}])
    for path, type_ in SAMPLES:
        reply = await client.get(f"/api/v2/meta/tables/{table.id}/hooks/samplePayload/{path}")
        assert reply.status == 200, reply.text
        assert reply.body["type"] == type_ and reply.body["data"]["table_name"] == "Things"
        assert reply.body["data"]["rows"][0]["Title"] == "real row"
    assert_error(await client.get(f"/api/v2/meta/tables/{table.id}/hooks/samplePayload/explode"), 422)


async def test_rotate_secret(client: Client, store: str) -> None:
    tid = await _table_id(store)
    hook = (await client.post(f"/api/v2/meta/tables/{tid}/hooks", NOCODB_BODY)).body
    rotated = await client.post(f"/api/v2/meta/hooks/{hook['id']}/rotate-secret")
    assert rotated.body["secret"] != hook["secret"]
