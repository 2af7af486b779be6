"""Select options (``core.schema.select_options``): add, rename (rows follow), remove (refused
while used), the validation the API shares, and the options a type change starts from."""

from __future__ import annotations

import pytest

from core.errors import InvalidRequest
from core.fields.select import option_titles
from core.records import service as records
from core.schema import select_options as opts
from core.schema.tables import load_table
from tests import factories as make


async def status_table(uidt: str = "SingleSelect"):  # type: ignore[no-untyped-def]
    table = await make.table([
        {"title": "Name", "uidt": "SingleLineText"},
        {"title": "Status", "uidt": uidt, "options": {"options": ["Todo", "Doing", "Done"]}}])
    await make.rows(table, {"Name": "a", "Status": "Todo"}, {"Name": "b", "Status": "Todo"},
                    {"Name": "c", "Status": "Done"}, {"Name": "d"})
    return table


async def options_of(table) -> list[str]:  # type: ignore[no-untyped-def]
    return option_titles((await load_table(table.id)).field("Status"))


async def statuses(table) -> list[str | None]:  # type: ignore[no-untyped-def]
    page = await records.list_records(await load_table(table.id))
    return [r.get("Status") for r in page.rows]


async def test_usage_counts_every_option(store: str) -> None:
    table = await status_table()
    assert await opts.option_usage(table.field("Status").id) == {"Todo": 2, "Doing": 0, "Done": 1}


async def test_add_and_reorder_keep_colours(store: str) -> None:
    table = await status_table()
    field = table.field("Status")
    colours = {o["title"]: o["color"] for o in field.options["options"]}
    spec = await opts.set_options(field.id, ["Done", "Todo", "Doing", "Blocked"])
    assert option_titles(spec) == ["Done", "Todo", "Doing", "Blocked"]
    assert all(o["color"] == colours[o["title"]] for o in spec.options["options"][:3])
    await records.update_records(await load_table(table.id), [{"Id": 4, "Status": "Blocked"}])
    assert await statuses(table) == ["Todo", "Todo", "Done", "Blocked"]


async def test_rename_moves_the_rows_values(store: str) -> None:
    table = await status_table()
    field = table.field("Status")
    await opts.set_options(field.id, ["To do", "Doing", "Done"], {"Todo": "To do"})
    assert await options_of(table) == ["To do", "Doing", "Done"]
    assert await statuses(table) == ["To do", "To do", "Done", None]
    assert await opts.option_usage(field.id) == {"To do": 2, "Doing": 0, "Done": 1}


async def test_multiselect_rename_changes_only_that_item(store: str) -> None:
    table = await make.table([{"title": "Tags", "uidt": "MultiSelect",
                               "options": {"options": ["a", "ab", "b"]}}])
    await make.rows(table, {"Tags": "a,b"}, {"Tags": "ab"}, {"Tags": "b,a"})
    field = table.field("Tags")
    assert await opts.option_usage(field.id) == {"a": 2, "ab": 1, "b": 2}
    await opts.set_options(field.id, ["x", "ab", "b"], {"a": "x"})
    page = await records.list_records(await load_table(table.id))
    assert [r["Tags"] for r in page.rows] == ["x,b", "ab", "b,x"]


async def test_removing_an_unused_option_works_and_a_used_one_is_refused(store: str) -> None:
    table = await status_table()
    field = table.field("Status")
    await opts.set_options(field.id, ["Todo", "Done"])
    assert await options_of(table) == ["Todo", "Done"]
    with pytest.raises(InvalidRequest, match=r"'Todo' of 'Status' is used by 2 row"):
        await opts.set_options(field.id, ["Done"])
    assert await options_of(table) == ["Todo", "Done"]


@pytest.mark.parametrize("uidt, titles, renamed, message", [
    ("SingleSelect", ["Todo", "Todo", "Done"], {}, "unique"),
    ("SingleSelect", ["Todo", "", "Done"], {}, "non-empty"),
    ("MultiSelect", ["Todo", "Doing", "Done", "a,b"], {}, "cannot contain ','"),
    ("SingleSelect", ["Todo", "Doing", "Done"], {"Nope": "Done"}, "'Nope' is not an option"),
    ("SingleSelect", ["Doing", "Todo", "Done"], {"Todo": "Doing", "Doing": "Todo"}, "one option"),
])
async def test_invalid_options_change_nothing(store: str, uidt: str, titles: list[str],
                                              renamed: dict[str, str], message: str) -> None:
    table = await status_table(uidt)
    with pytest.raises(InvalidRequest, match=message):
        await opts.set_options(table.field("Status").id, titles, renamed)
    assert await options_of(table) == ["Todo", "Doing", "Done"]
    assert await statuses(table) == ["Todo", "Todo", "Done", None]


async def test_only_select_fields_have_options(store: str) -> None:
    table = await status_table()
    with pytest.raises(InvalidRequest, match="only SingleSelect and MultiSelect"):
        await opts.option_usage(table.field("Name").id)


@pytest.mark.parametrize("field, uidt, expected", [
    ("Name", "SingleSelect", ["a", "b", "c", "d"]),
    ("Status", "MultiSelect", ["Todo", "Doing", "Done"]),
])
async def test_suggested_options(store: str, field: str, uidt: str, expected: list[str]) -> None:
    table = await status_table()
    assert await opts.suggested_options(table.field(field).id, uidt) == expected
