"""Token endpoints, and views with filters and sorts applied through ``viewId``."""

from __future__ import annotations

import hashlib

from core.models import ApiToken
from tests.api.conftest import Client, assert_error
from tests.api.test_data import met  # noqa: F401 - fixture
from tests.api.test_meta import make_base


async def test_token_endpoints_create_list_delete(client: Client) -> None:
    base = await make_base(client)
    path = f"/api/v2/meta/bases/{base['id']}/api-tokens"
    created = await client.post(path, {"description": "ci bot", "role": "viewer", "base_scoped": True})
    assert created.status == 200 and created.body["token"].startswith("gb_")
    plaintext = created.body["token"]
    stored = await ApiToken.get(id=created.body["id"])
    assert stored.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in {stored.token_hash, stored.hint, stored.name}
    listed = await client.get(path)
    assert "ci bot" in [t["description"] for t in listed.body["list"]]
    assert all("token" not in t for t in listed.body["list"])
    assert (await client.get(f"/api/v2/tables/x/records", token=plaintext)).status == 404
    assert (await client.delete(f"{path}/{created.body['id']}")).status == 200
    assert_error(await client.get("/api/v2/meta/bases", token=plaintext), 401)


async def test_view_filters_and_sorts_apply_through_view_id(client: Client, met: str) -> None:  # noqa: F811
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    cols = {c["title"]: c["id"] for c in table["columns"]}
    view = await client.post(f"/api/v2/meta/tables/{met}/grids", {"title": "Armor, newest first"})
    vid = view.body["id"]
    f = await client.post(f"/api/v2/meta/views/{vid}/filters",
                          {"fk_column_id": cols["Department"], "comparison_op": "eq", "value": "Arms and Armor"})
    assert f.status == 200, f.text
    s = await client.post(f"/api/v2/meta/views/{vid}/sorts", {"fk_column_id": cols["Begin"], "direction": "desc"})
    assert s.status == 200
    rows = await client.get(f"/api/v2/tables/{met}/records", params={"viewId": vid})
    assert [r["Id"] for r in rows.body["list"]] == [3, 1]
    narrowed = await client.get(f"/api/v2/tables/{met}/records", params={"viewId": vid, "where": "(Begin,lt,1580)"})
    assert [r["Id"] for r in narrowed.body["list"]] == [1]
    resorted = await client.get(f"/api/v2/tables/{met}/records", params={"viewId": vid, "sort": "Begin"})
    assert [r["Id"] for r in resorted.body["list"]] == [1, 3]
    count = await client.get(f"/api/v2/tables/{met}/records/count", params={"viewId": vid})
    assert count.body == {"count": 2}
    listed = await client.get(f"/api/v2/meta/views/{vid}/filters")
    assert listed.body["list"][0]["comparison_op"] == "eq"
    bad = await client.post(f"/api/v2/meta/views/{vid}/filters",
                            {"fk_column_id": cols["Begin"], "comparison_op": "like", "value": "x"})
    assert_error(bad, 422, None, "Begin")
    assert (await client.delete(f"/api/v2/meta/filters/{f.body['id']}")).status == 200
    after = await client.get(f"/api/v2/tables/{met}/records", params={"viewId": vid})
    assert [r["Id"] for r in after.body["list"]] == [4, 3, 1, 2]


async def test_unknown_view_is_404(client: Client, met: str) -> None:  # noqa: F811
    assert_error(await client.get(f"/api/v2/tables/{met}/records", params={"viewId": "vwnope"}),
                 404, "ERR_VIEW_NOT_FOUND")
