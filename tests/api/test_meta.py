"""Meta API: bases, tables, columns (v2 paths and the v1 aliases nocodb-sdk calls)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Client, assert_error

MET_COLUMNS = [
    {"title": "Title", "uidt": "SingleLineText"},
    {"title": "Department", "uidt": "SingleSelect", "dtxp": "'Arms and Armor','Medieval Art'"},
    {"title": "Begin", "uidt": "Number"},
    {"title": "Highlight", "uidt": "Checkbox"},
]


async def make_base(client: Client, title: str = "Met Museum") -> dict:
    reply = await client.post("/api/v2/meta/bases", {"title": title})
    assert reply.status == 200, reply.text
    return reply.body


async def make_table(client: Client, base_id: str, title: str = "Met", columns=None) -> dict:
    reply = await client.post(f"/api/v2/meta/bases/{base_id}/tables",
                              {"title": title, "columns": columns or MET_COLUMNS})
    assert reply.status == 200, reply.text
    return reply.body


@pytest.mark.parametrize("prefix", ["/api/v2/meta/bases", "/api/v1/db/meta/projects"])
async def test_base_lifecycle(client: Client, prefix: str) -> None:
    created = await client.post(prefix, {"title": "Inventory"})
    assert created.status == 200 and created.body["id"].startswith("p")
    base_id = created.body["id"]
    listed = await client.get(prefix)
    assert [b["title"] for b in listed.body["list"]] == ["Inventory"]
    assert listed.body["pageInfo"]["totalRows"] == 1
    renamed = await client.patch(f"{prefix}/{base_id}", {"title": "Stock"})
    assert renamed.body["title"] == "Stock"
    assert (await client.get(f"{prefix}/{base_id}")).body["title"] == "Stock"
    assert (await client.delete(f"{prefix}/{base_id}")).status == 200
    assert_error(await client.get(f"{prefix}/{base_id}"), 404, "ERR_BASE_NOT_FOUND", base_id)


async def test_duplicate_and_blank_base_titles_are_refused(client: Client) -> None:
    await make_base(client, "Same")
    assert_error(await client.post("/api/v2/meta/bases", {"title": "same"}), 422, None, "already exists")
    assert_error(await client.post("/api/v2/meta/bases", {"title": "  "}), 422, None, "title")


async def test_table_create_read_with_columns_and_views(client: Client) -> None:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    assert table["id"].startswith("m")
    titles = [c["title"] for c in table["columns"]]
    assert titles == ["Id", "Title", "Department", "Begin", "Highlight", "CreatedAt", "UpdatedAt"]
    dept = next(c for c in table["columns"] if c["title"] == "Department")
    assert [o["title"] for o in dept["colOptions"]["options"]] == ["Arms and Armor", "Medieval Art"]
    assert table["views"][0]["is_default"] is True and table["views"][0]["type"] == 3
    read = await client.get(f"/api/v1/db/meta/tables/{table['id']}")
    assert read.status == 200 and [c["title"] for c in read.body["columns"]] == titles
    listed = await client.get(f"/api/v1/db/meta/projects/{base['id']}/tables")
    assert [t["title"] for t in listed.body["list"]] == ["Met"]


async def test_table_rename_and_delete(client: Client) -> None:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    assert (await client.patch(f"/api/v2/meta/tables/{table['id']}", {"title": "Objects"})).status == 200
    assert (await client.get(f"/api/v2/meta/tables/{table['id']}")).body["title"] == "Objects"
    assert (await client.delete(f"/api/v2/meta/tables/{table['id']}")).body is True
    assert_error(await client.get(f"/api/v2/meta/tables/{table['id']}"), 404, "ERR_TABLE_NOT_FOUND")


async def test_column_add_update_type_change_delete(client: Client) -> None:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    tid = table["id"]
    added = await client.post(f"/api/v2/meta/tables/{tid}/columns", {"title": "Year", "uidt": "SingleLineText"})
    year = next(c for c in added.body["columns"] if c["title"] == "Year")
    await client.post(f"/api/v2/tables/{tid}/records", [{"Year": "1500"}, {"Year": "1620"}])
    changed = await client.patch(f"/api/v2/meta/columns/{year['id']}", {"uidt": "Number", "title": "Accession Year"})
    assert changed.status == 200, changed.text
    col = next(c for c in changed.body["columns"] if c["id"] == year["id"])
    assert (col["title"], col["uidt"]) == ("Accession Year", "Number")
    rows = await client.get(f"/api/v2/tables/{tid}/records", params={"fields": "Accession Year"})
    assert [r["Accession Year"] for r in rows.body["list"]] == [1500, 1620]
    assert (await client.delete(f"/api/v2/meta/columns/{year['id']}")).status == 200
    assert_error(await client.get(f"/api/v2/meta/columns/{year['id']}"), 404, "ERR_FIELD_NOT_FOUND")


async def test_type_change_that_cannot_convert_names_rows(client: Client) -> None:
    base = await make_base(client)
    table = await make_table(client, base["id"])
    title = next(c for c in table["columns"] if c["title"] == "Title")
    await client.post(f"/api/v2/tables/{table['id']}/records", [{"Title": "12"}, {"Title": "twelve"}])
    reply = await client.patch(f"/api/v2/meta/columns/{title['id']}", {"uidt": "Number"})
    assert_error(reply, 422, "ERR_TYPE_CONVERSION", "twelve")
    assert reply.body["details"]["rows"] == [2]


async def test_bad_column_type_is_a_clear_error(client: Client) -> None:
    base = await make_base(client)
    reply = await client.post(f"/api/v2/meta/bases/{base['id']}/tables",
                              {"title": "T", "columns": [{"title": "A", "uidt": "Hologram"}]})
    assert_error(reply, 422, None, "Hologram")


async def test_options_still_used_by_rows_are_not_removed(client: Client) -> None:
    """Replacing a select's options keeps every option that rows hold (the TUI's rule too),
    so no row is left with a value that is no longer an option."""
    base = await make_base(client)
    table = await make_table(client, base["id"])
    dept = next(c for c in table["columns"] if c["title"] == "Department")
    await client.post(f"/api/v2/tables/{table['id']}/records", [{"Department": "Arms and Armor"}])
    reply = await client.patch(f"/api/v2/meta/columns/{dept['id']}",
                               {"colOptions": {"options": [{"title": "Medieval Art"}]}})
    assert_error(reply, 422, None, "'Arms and Armor' of 'Department' is used by 1 row")
    kept = await client.get(f"/api/v2/meta/columns/{dept['id']}")
    assert [o["title"] for o in kept.body["colOptions"]["options"]] == ["Arms and Armor",
                                                                        "Medieval Art"]
    unused = await client.patch(f"/api/v2/meta/columns/{dept['id']}",
                                {"colOptions": {"options": [{"title": "Arms and Armor"}]}})
    assert unused.status == 200, unused.text
