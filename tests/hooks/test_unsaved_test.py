"""NocoDB's ``POST …/tables/{t}/hooks/test``: a test send of an unsaved hook definition,
checked like a saved hook, answering with the attempt; nothing is saved or logged."""

from __future__ import annotations

from typing import Any

from core.hooks import verify_signature
from core.models import Delivery, Webhook
from tests import factories
from tests.api.conftest import Client, assert_error
from tests.hooks.conftest import FIELDS, Receiver


def _definition(url: str, **extra: Any) -> dict[str, Any]:
    return {"title": "draft", "event": "after", "operation": ["update"], "condition": True,
            "notification": {"type": "URL", "payload": {
                "method": "PUT", "path": url, "parameters": [{"name": "q", "value": "1"}],
                "headers": [{"name": "X-Token", "value": "abc", "enabled": True}],
                "body": '{"n": {{ json event.data.rows.0.Qty }}}'}}, **extra}


async def test_unsaved_definition_is_sent_with_the_given_rows(client: Client, store: str,
                                                              receiver: Receiver) -> None:
    table = await factories.table(FIELDS)
    path = f"/api/v2/meta/tables/{table.id}/hooks/test"
    sample = {"data": {"rows": [{"Id": 1, "Qty": 7}], "previous_rows": [{"Id": 1, "Qty": 6}]}}
    reply = await client.post(path, {"hook": _definition(receiver.url), "payload": sample})
    assert reply.status == 200, reply.text
    assert reply.body["msg"] == "The hook has been tested successfully"
    assert (reply.body["status"], reply.body["test_call"], reply.body["type"]) == (
        "success", True, "records.after.update")
    assert reply.body["response"] == {"status": 200, "data": "answer 200"}
    [got] = receiver.received
    assert (got.method, got.json, got.headers["X-Token"]) == ("PUT", {"n": 7}, "abc")
    assert reply.body["payload"]["url"] == receiver.url + "?q=1"
    assert await Webhook.filter(table_id=table.id).count() == 0 and await Delivery.all().count() == 0

    receiver.script = [503]
    failed = await client.post(path, {"hook": _definition(receiver.url)})
    assert failed.body["status"] == "failed" and failed.body["msg"] == "The hook test failed: HTTP 503"
    sample_row = (await client.get(f"/api/v2/meta/tables/{table.id}/hooks/samplePayload/update")).body
    assert receiver.received[1].json == {"n": sample_row["data"]["rows"][0]["Qty"]}  # no rows given


async def test_a_saved_hooks_edits_are_signed_with_its_secret(client: Client, store: str,
                                                              receiver: Receiver) -> None:
    table = await factories.table(FIELDS)
    saved = (await client.post(f"/api/v2/meta/tables/{table.id}/hooks",
                               {"title": "t", "url": "https://example.org/h"})).body
    definition = {**_definition(receiver.url), "id": saved["id"]}
    del definition["notification"]["payload"]["body"]
    reply = await client.post(f"/api/v2/meta/tables/{table.id}/hooks/test", {"hook": definition})
    assert reply.status == 200, reply.text
    got = receiver.received[0]
    assert got.json["test"] is True and got.json["data"]["table_id"] == table.id
    assert verify_signature(saved["secret"], got.headers["X-Gridbase-Signature"], got.body)


async def test_definitions_are_checked_like_saved_hooks(client: Client, store: str) -> None:
    table = await factories.table(FIELDS)
    path = f"/api/v2/meta/tables/{table.id}/hooks/test"
    cases = [
        ({"hook": _definition("ftp://example.org/h")}, "Invalid URL"),
        ({"hook": _definition("http://169.254.169.254/latest")}, "169.254.169.254"),
        ({"hook": {**_definition("https://example.org/h"), "filters": [{"fk_column_id": "x"}]}}, "filters[0]"),
        ({"hook": {"title": "x", "url": "https://example.org/h", "condition": "(Nope,eq,1)"}}, "Nope"),
        ({"hook": _definition("https://example.org/h"), "payload": {"data": {"rows": "all"}}}, "rows"),
        ({"hook": {"title": "x"}}, "URL"),
    ]
    for body, fragment in cases:
        assert_error(await client.post(path, body), 422, None, fragment)
    assert_error(await client.post("/api/v2/meta/tables/mnope/hooks/test",
                                   {"hook": _definition("https://example.org/h")}), 404)
