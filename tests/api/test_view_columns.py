"""``GET/PATCH /api/v2/meta/views/{viewId}/columns[/{columnId}]`` (and the v1 aliases), the view's
``show_system_fields``, and the API's ``viewId`` list agreeing with the TUI grid's data source."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import View
from core.schema.tables import load_table
from core.views.columns import moved
from core.views.state import open_view
from tests.api.conftest import Client, assert_error
from tests.api.test_data import met  # noqa: F401 - fixture
from tui.widgets.record_source import CoreRecordSource

PREFIXES = ["/api/v2/meta", "/api/v1/db/meta"]
ALL = ["Title", "Department", "Begin", "Highlight", "Id", "CreatedAt", "UpdatedAt"]


async def _view(client: Client, table: str, title: str = "Mine") -> dict[str, Any]:
    reply = await client.post(f"/api/v2/meta/tables/{table}/grids", {"title": title})
    assert reply.status == 200, reply.text
    return reply.body


async def _columns(client: Client, view_id: str, prefix: str = PREFIXES[0]) -> list[dict[str, Any]]:
    reply = await client.get(f"{prefix}/views/{view_id}/columns")
    assert reply.status == 200, reply.text
    return reply.body["list"]


async def _keys(client: Client, table: str, view_id: str) -> list[str]:
    reply = await client.get(f"/api/v2/tables/{table}/records",
                             params={"viewId": view_id, "limit": 1})
    return list(reply.body["list"][0])


async def _grid(table_id: str, view_id: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The TUI grid's columns and rows for this view (its data source, opened as the TUI does)."""
    spec = await load_table(table_id)
    source = CoreRecordSource(spec, state=(await open_view(spec, view_id)).state)
    await source.open()
    keys = [c.key for c in source.columns]
    return keys, [{k: r[k] for k in keys} for r in await source.get_rows(0, 100)]


async def _agree(client: Client, table: str, view_id: str) -> list[str]:
    keys, rows = await _grid(table, view_id)
    reply = await client.get(f"/api/v2/tables/{table}/records",
                             params={"viewId": view_id, "limit": 100})
    assert [list(r) for r in reply.body["list"]] == [keys] * len(rows)
    assert reply.body["list"] == rows
    return keys


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_columns_of_a_new_view(client: Client, met: str, prefix: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    ids = {c["title"]: c["id"] for c in table["columns"]}
    columns = await _columns(client, vid, prefix)
    assert [c["title"] for c in columns] == ALL
    assert columns[1] == {"id": ids["Department"], "fk_view_id": vid,
                          "fk_column_id": ids["Department"], "title": "Department", "show": True,
                          "order": 2, "width": None, "system": False}
    assert [c["order"] for c in columns] == list(range(1, 8))
    assert all(c["show"] for c in columns)


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_patch_show_order_width(client: Client, met: str, prefix: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    ids = {c["title"]: c["id"] for c in await _columns(client, vid)}
    path = f"{prefix}/views/{vid}/columns"
    hidden = await client.patch(f"{path}/{ids['Department']}", {"show": False})
    assert hidden.status == 200 and hidden.body["show"] is False, hidden.text
    assert "Department" not in await _keys(client, met, vid)
    moved_up = await client.patch(f"{path}/{ids['Highlight']}", {"order": 2, "width": 12})
    assert (moved_up.body["order"], moved_up.body["width"]) == (2, 12)
    assert [c["title"] for c in await _columns(client, vid)] == [
        "Title", "Highlight", "Department", "Begin", "Id", "CreatedAt", "UpdatedAt"]
    assert await _agree(client, met, vid) == [
        "Title", "Highlight", "Begin", "Id", "CreatedAt", "UpdatedAt"]
    view = await View.get(id=vid)  # stored where the TUI keeps them
    assert (view.hidden, view.widths) == ([ids["Department"]], {ids["Highlight"]: 12})
    shown = await client.patch(f"{path}/{ids['Department']}",
                               {"show": True, "width": None, "fk_column_id": "ignored", "id": "x"})
    assert shown.body["show"] is True and "Department" in await _keys(client, met, vid)
    cleared = await client.patch(f"{path}/{ids['Highlight']}", {"width": None})
    assert cleared.body["width"] is None and (await View.get(id=vid)).widths == {}


async def test_fractional_order_places_between_neighbours(client: Client, met: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    ids = {c["title"]: c["id"] for c in await _columns(client, vid)}
    await client.patch(f"/api/v2/meta/views/{vid}/columns/{ids['Department']}", {"order": 3.5})
    assert [c["title"] for c in await _columns(client, vid)][:4] == [
        "Title", "Begin", "Department", "Highlight"]


@pytest.mark.parametrize(("ids", "field", "order", "expected"), [
    ("ABCDE", "A", 3, "BCADE"), ("ABCDE", "E", 2, "AEBCD"), ("ABCDE", "C", 1, "CABDE"),
    ("ABCDE", "B", 99, "ACDEB"), ("ABCDE", "D", 0, "DABCE"),
    ("ABCDE", "A", 3.5, "BCADE"), ("ABCDE", "E", 1.5, "AEBCD"),
])
def test_moved(ids: str, field: str, order: float, expected: str) -> None:
    assert "".join(moved(list(ids), field, order)) == expected


BAD_PATCHES = [  # column, body, status, code, message fragment
    ("Department", {"show": "no"}, 422, None, "show must be true or false"),
    ("Department", {"show": False, "order": "first"}, 422, None, "order must be a number"),
    ("Department", {"show": False, "order": -1}, 422, None, "order must be a number"),
    ("Department", {"show": False, "width": "200px"}, 422, None,
     "width must be a whole number of terminal cells"),
    ("Department", {"order": 2, "width": 0}, 422, None, "from 1 to 200"),
    ("Id", {"show": False}, 422, None, "Field 'Id' is always shown"),
    ("Title", {"show": False}, 422, None, "Field 'Title' is always shown"),
    ("cnope", {"show": False}, 404, "ERR_FIELD_NOT_FOUND", "cnope"),
]


async def test_bad_column_patch_writes_nothing(client: Client, met: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    ids = {c["title"]: c["id"] for c in await _columns(client, vid)}
    for column, body, status, code, fragment in BAD_PATCHES:
        reply = await client.patch(f"/api/v2/meta/views/{vid}/columns/{ids.get(column, column)}",
                                   body)
        assert_error(reply, status, code, fragment)
        view = await View.get(id=vid)
        assert (view.hidden, view.field_order, view.widths) == ([], [], {}), body


async def test_unknown_view_and_non_object_body(client: Client, met: str) -> None:  # noqa: F811
    assert_error(await client.get("/api/v2/meta/views/vwnope/columns"), 404, "ERR_VIEW_NOT_FOUND")
    assert_error(await client.patch("/api/v2/meta/views/vwnope/columns/c1", {"show": True}),
                 404, "ERR_VIEW_NOT_FOUND")
    vid = (await _view(client, met))["id"]
    column = (await _columns(client, vid))[1]["id"]
    assert_error(await client.patch(f"/api/v2/meta/views/{vid}/columns/{column}", [1]), 400)


async def test_show_system_fields_hides_them_in_api_and_grid(client: Client, met: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    listed = (await client.get(f"/api/v2/meta/tables/{met}/views")).body["list"]
    assert all(v["show_system_fields"] is True for v in listed)
    assert await _agree(client, met, vid) == ALL
    off = await client.patch(f"/api/v2/meta/views/{vid}", {"show_system_fields": False})
    assert off.status == 200 and off.body["show_system_fields"] is False, off.text
    assert await _agree(client, met, vid) == ["Title", "Department", "Begin", "Highlight", "Id"]
    shown = {c["title"]: c["show"] for c in await _columns(client, vid)}
    assert (shown["CreatedAt"], shown["UpdatedAt"], shown["Id"]) == (False, False, True)
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    assert {v["id"]: v["show_system_fields"] for v in table["views"]}[vid] is False
    narrowed = await client.get(f"/api/v2/tables/{met}/records",
                                params={"viewId": vid, "fields": "Title,CreatedAt"})
    assert list(narrowed.body["list"][0]) == ["Title"]
    # one system field shown again counts as showing system fields
    created = next(c for c in await _columns(client, vid) if c["title"] == "CreatedAt")
    await client.patch(f"/api/v2/meta/views/{vid}/columns/{created['id']}", {"show": True})
    views = (await client.get(f"/api/v2/meta/tables/{met}/views")).body["list"]
    assert {v["id"]: v["show_system_fields"] for v in views}[vid] is True
    assert await _agree(client, met, vid) == [
        "Title", "Department", "Begin", "Highlight", "Id", "CreatedAt"]
    back = await client.patch(f"/api/v2/meta/views/{vid}", {"show_system_fields": True})
    assert back.body["show_system_fields"] is True and await _agree(client, met, vid) == ALL


async def test_bad_show_system_fields_writes_nothing(client: Client, met: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    reply = await client.patch(f"/api/v2/meta/views/{vid}",
                               {"title": "Renamed", "show_system_fields": "no"})
    assert_error(reply, 422, None, "show_system_fields must be true or false")
    view = await View.get(id=vid)
    assert (view.title, view.hidden) == ("Mine", [])


async def test_hidden_field_with_filter_and_sort_agrees_with_grid(client: Client, met: str) -> None:  # noqa: F811
    vid = (await _view(client, met))["id"]
    ids = {c["title"]: c["id"] for c in await _columns(client, vid)}
    await client.post(f"/api/v2/meta/views/{vid}/filters",
                      {"fk_column_id": ids["Begin"], "comparison_op": "gt", "value": "1300"})
    await client.post(f"/api/v2/meta/views/{vid}/sorts",
                      {"fk_column_id": ids["Begin"], "direction": "desc"})
    await client.patch(f"/api/v2/meta/views/{vid}/columns/{ids['Begin']}", {"show": False})
    await client.patch(f"/api/v2/meta/views/{vid}", {"show_system_fields": False})
    await client.patch(f"/api/v2/meta/views/{vid}/columns/{ids['Id']}", {"order": 1})
    keys = await _agree(client, met, vid)
    assert keys == ["Title", "Department", "Highlight", "Id"]
    _, rows = await _grid(met, vid)
    assert [r["Id"] for r in rows] == [4, 3, 1]
