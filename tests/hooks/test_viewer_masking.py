"""Receiver credentials (header values, URL query values and password) are hidden from viewer
tokens in hook JSON and in delivery logs; editors see them as saved and sent."""

from __future__ import annotations

import pytest

from api.routes.hooks import MASK, masked_url
from core.hooks import Dispatcher
from core.records import service as records
from core.tokens.service import create_token
from tests import factories
from tests.api.conftest import Client
from tests.hooks.conftest import FIELDS, Receiver


@pytest.mark.parametrize("url, expected", [
    ("https://h.org/p", "https://h.org/p"),
    ("https://h.org/p?key=abc&flag", f"https://h.org/p?key={MASK}&flag"),
    ("https://u:pw@h.org:8443/p?a=1", f"https://u:{MASK}@h.org:8443/p?a={MASK}"),
    ("https://u@h.org/p", "https://u@h.org/p"),
])
def test_masked_url(url: str, expected: str) -> None:
    assert masked_url(url) == expected


async def test_viewer_sees_header_names_not_values(client: Client, store: str, receiver: Receiver,
                                                   dispatcher: Dispatcher) -> None:
    table = await factories.table(FIELDS)
    body = {"title": "t", "url": receiver.url + "?key=s3cret", "events": ["insert"],
            "headers": {"X-Token": "abc", "Authorization": "Bearer zzz"}}
    hook = (await client.post(f"/api/v2/meta/tables/{table.id}/hooks", body)).body
    await records.create_records(table, [{"Title": "a"}])
    await dispatcher.run_until_idle()
    _, viewer = await create_token("viewer", role="viewer")

    for reply in [(await client.get(f"/api/v2/meta/tables/{table.id}/hooks", token=viewer)).body["list"][0],
                  (await client.get(f"/api/v2/meta/hooks/{hook['id']}", token=viewer)).body]:
        assert reply["headers"] == {"X-Token": MASK, "Authorization": MASK}
        assert reply["notification"]["payload"]["headers"] == [
            {"name": "X-Token", "value": MASK, "enabled": True},
            {"name": "Authorization", "value": MASK, "enabled": True}]
        assert reply["url"] == reply["notification"]["payload"]["path"] == receiver.url + f"?key={MASK}"
        assert "secret" not in reply and "abc" not in str(reply) and "s3cret" not in str(reply)
    [log] = (await client.get(f"/api/v2/meta/hooks/{hook['id']}/logs", token=viewer)).body["list"]
    sent = log["payload"]["headers"]
    assert sent["X-Token"] == sent["Authorization"] == sent["Content-Type"] == MASK
    assert sent["X-Gridbase-Event"] == "records.after.insert" and sent["X-Gridbase-Signature"] != MASK
    assert log["payload"]["url"].endswith(f"?key={MASK}") and "zzz" not in str(log)

    editor_hook = (await client.get(f"/api/v2/meta/hooks/{hook['id']}")).body
    assert editor_hook["headers"] == {"X-Token": "abc", "Authorization": "Bearer zzz"}
    [editor_log] = (await client.get(f"/api/v2/meta/hooks/{hook['id']}/logs")).body["list"]
    assert editor_log["payload"]["headers"]["X-Token"] == "abc"
    assert editor_log["payload"]["url"] == receiver.url + "?key=s3cret"
    assert receiver.received[0].headers["X-Token"] == "abc"
