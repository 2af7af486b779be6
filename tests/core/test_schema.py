"""Schema (``core.schema``): bases, tables and fields, checked against the real SQL objects.

Every DDL claim is verified in ``sqlite_master`` / ``information_schema`` (see ``dbinspect``),
and type changes are checked value by value, including the refusals that must leave
everything as it was.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import (BaseNotFound, DuplicateName, FieldNotFound, InvalidRequest, TableNotFound,
                         TypeConversionFailed)
from core.ids import IDENT_RE
from core.models import Base, Event, Field, Table, View
from core.records import service as records
from core.schema import bases, fields, tables
from core.schema.spec import TableSpec
from tests import factories as make
from tests.core import dbinspect

EVIL = 'x"; DROP TABLE gb_base; --'


async def reload(table: TableSpec) -> TableSpec:
    return await tables.load_table(table.id)


async def values(table: TableSpec, title: str) -> list[Any]:
    page = await records.list_records(await reload(table))
    return [row[title] for row in page.rows]


# --- bases ------------------------------------------------------------------------------------

async def test_create_list_get_base(store: str) -> None:
    base = await bases.create_base("  Museum  ", "Collection")
    assert base.id.startswith("p") and base.title == "Museum" and base.description == "Collection"
    assert [b.id for b in await bases.list_bases()] == [base.id]
    assert (await bases.get_base(base.id)).title == "Museum"
    assert (await bases.resolve_base("museum")).id == base.id


@pytest.mark.parametrize("title", ["Museum", "museum", " MUSEUM "])
async def test_duplicate_base_title_refused(store: str, title: str) -> None:
    await bases.create_base("Museum")
    with pytest.raises(DuplicateName, match="already exists"):
        await bases.create_base(title)
    assert await Base.all().count() == 1


@pytest.mark.parametrize("title", ["", "   ", None, 5, "x" * 256])
async def test_bad_base_title_refused(store: str, title: Any) -> None:
    with pytest.raises(InvalidRequest, match="title"):
        await bases.create_base(title)
    assert await Base.all().count() == 0


async def test_rename_base(store: str) -> None:
    base, other = await bases.create_base("A"), await bases.create_base("B")
    assert (await bases.update_base(base.id, title="a")).title == "a"  # own title, other case
    with pytest.raises(DuplicateName):
        await bases.update_base(base.id, title="b")
    assert (await bases.get_base(base.id)).title == "a"
    assert (await bases.get_base(other.id)).title == "B"


async def test_delete_base_drops_its_tables_only(store: str) -> None:
    doomed, kept = await make.base(), await make.base()
    gone = [await make.table(base_id=doomed.id, title=f"T{i}") for i in range(2)]
    stays = await make.table(base_id=kept.id)
    await bases.delete_base(doomed.id)

    names = await dbinspect.table_names()
    assert all(t.physical not in names for t in gone)
    assert stays.physical in names
    assert await Table.filter(base_id=doomed.id).count() == 0
    assert await Field.filter(table_id__in=[t.id for t in gone]).count() == 0
    assert await View.filter(table_id__in=[t.id for t in gone]).count() == 0
    with pytest.raises(BaseNotFound):
        await bases.get_base(doomed.id)


async def test_missing_base(store: str) -> None:
    for call in (bases.get_base("pnope"), bases.delete_base("pnope"), tables.list_tables("pnope"),
                 tables.create_table("pnope", "T")):
        with pytest.raises(BaseNotFound):
            await call


# --- tables -----------------------------------------------------------------------------------

async def test_create_table_makes_a_real_table(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"})
    assert table.physical == f"t_{table.id}" and table.id.startswith("m")
    assert [(f.title, f.uidt, f.system) for f in table.fields] == [
        ("Id", "ID", True), ("Name", "SingleLineText", False), ("Qty", "Number", False),
        ("CreatedAt", "CreatedTime", True), ("UpdatedAt", "LastModifiedTime", True)]
    assert table.primary_value.title == "Name"
    cols = await dbinspect.columns(table.physical)
    assert set(cols) == {"id", "created_at", "updated_at", table.field("Name").column,
                         table.field("Qty").column}
    for f in table.fields:
        if not f.system:
            assert f.column == f"f_{f.id}"
    assert await View.filter(table_id=table.id, is_default=True).count() == 1
    assert {"created_at", "updated_at"} <= await dbinspect.indexed_columns(table.physical)


async def test_table_without_fields_gets_title(store: str) -> None:
    table = await tables.create_table((await make.base()).id, "Empty")
    assert [f.title for f in table.fields if not f.system] == ["Title"]
    assert table.field("Title").uidt == "SingleLineText"


async def test_duplicate_table_title_refused_within_a_base(store: str) -> None:
    base, other = await make.base(), await make.base()
    await make.table(title="Works", base_id=base.id)
    with pytest.raises(DuplicateName):
        await make.table(title=" works ", base_id=base.id)
    assert await Table.filter(base_id=base.id).count() == 1
    await make.table(title="Works", base_id=other.id)  # another base: fine


@pytest.mark.parametrize("defs, error, match", [
    ([{"title": "A"}, {"title": "a"}], DuplicateName, "already exists"),
    ([{"title": "id"}], DuplicateName, "already exists"),
    ([{"title": "createdat"}], DuplicateName, "already exists"),
    ([{"title": "A", "uidt": "Nope"}], InvalidRequest, "Unknown field type 'Nope'; use one of:"),
    ([{"title": "A", "uidt": "CreatedTime"}], InvalidRequest, "system type"),
    ([{"title": "A", "uidt": "ID"}], InvalidRequest, "system type"),
    ([{"title": ""}], InvalidRequest, "non-empty"),
    (["A"], InvalidRequest, "must be an object"),
])
async def test_bad_field_definitions_refused(store: str, defs: list, error: type, match: str) -> None:
    base = await make.base()
    with pytest.raises(error, match=match):
        await tables.create_table(base.id, "T", defs)
    assert await Table.all().count() == 0
    assert not any(n.startswith("t_") for n in await dbinspect.table_names())


async def test_rename_table_is_metadata_only(store: str) -> None:
    table = await make.table()
    await records.create_records(table, [{"Title": "kept"}])
    renamed = await tables.rename_table(table.id, "Renamed")
    assert renamed.title == "Renamed" and renamed.physical == table.physical
    assert await values(renamed, "Title") == ["kept"]
    other = await make.table(title="Other", base_id=table.base_id)
    with pytest.raises(DuplicateName):
        await tables.rename_table(other.id, "renamed")


async def test_delete_table(store: str) -> None:
    table = await make.table()
    await records.create_records(table, [{"Title": "x"}])
    await tables.delete_table(table.id)
    assert not await dbinspect.table_exists(table.physical)
    assert await Field.filter(table_id=table.id).count() == 0
    with pytest.raises(TableNotFound):
        await tables.load_table(table.id)
    with pytest.raises(TableNotFound):
        await tables.delete_table(table.id)


async def test_resolve_table_by_id_or_title(store: str) -> None:
    a, b = await make.base(), await make.base()
    ta = await make.table(title="Same", base_id=a.id)
    await make.table(title="Same", base_id=b.id)
    assert (await tables.resolve_table(ta.id)).id == ta.id
    assert (await tables.resolve_table("same", a.id)).id == ta.id
    with pytest.raises(InvalidRequest, match="Several tables"):
        await tables.resolve_table("Same")
    with pytest.raises(TableNotFound):
        await tables.resolve_table("Nope")


async def test_titles_never_reach_sql(store: str) -> None:
    """A hostile title is just a title: physical names come from ids, values are parameters."""
    base = await bases.create_base(EVIL)
    table = await tables.create_table(base.id, EVIL, [{"title": EVIL, "uidt": "SingleLineText"}])
    [rid] = await records.create_records(table, [{EVIL: "'; DROP TABLE gb_field; --"}])
    await fields.add_field(table.id, EVIL + " 2", "Number")
    table = await reload(table)
    await records.update_records(table, [{"Id": rid, EVIL + " 2": 3}])

    row = await records.get_record(table, rid)
    assert (row[EVIL], row[EVIL + " 2"]) == ("'; DROP TABLE gb_field; --", 3)
    assert {"gb_base", "gb_field", "gb_table"} <= await dbinspect.table_names()
    assert (await bases.get_base(base.id)).title == EVIL
    assert IDENT_RE.match(table.physical)
    assert all(IDENT_RE.match(f.column) for f in table.fields)
    assert all(EVIL not in c for c in await dbinspect.columns(table.physical))


# --- fields -----------------------------------------------------------------------------------

async def test_add_field_adds_a_column(store: str) -> None:
    table = await make.table()
    spec = await fields.add_field(table.id, "Qty", "Number")
    cols = await dbinspect.columns(table.physical)
    assert cols[spec.column] == ("integer" if store == "sqlite" else "bigint")
    assert spec.indexed and spec.column in await dbinspect.indexed_columns(table.physical)
    assert spec.order == max(f.order for f in table.fields if not f.system) + 1
    [rid] = await records.create_records(await reload(table), [{"Qty": 5}])
    assert (await records.get_record(await reload(table), rid))["Qty"] == 5


async def test_add_field_to_existing_rows_is_null(store: str) -> None:
    table = await make.table()
    [rid] = await records.create_records(table, [{"Title": "x"}])
    await fields.add_field(table.id, "Note", "LongText")
    assert (await records.get_record(await reload(table), rid))["Note"] is None


@pytest.mark.parametrize("title, error", [("title", DuplicateName), ("UPDATEDAT", DuplicateName),
                                          ("", InvalidRequest)])
async def test_add_field_with_bad_title_refused(store: str, title: str, error: type) -> None:
    table = await make.table()
    with pytest.raises(error):
        await fields.add_field(table.id, title, "Number")
    assert len(await dbinspect.columns(table.physical)) == 4
    assert [f.title for f in (await reload(table)).fields] == [f.title for f in table.fields]


async def test_rename_field_keeps_column_and_data(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Other": "SingleLineText"})
    [rid] = await records.create_records(table, [{"Name": "Ada"}])
    old = table.field("Name")
    renamed = await fields.update_field(old.id, title="Full name")
    assert renamed.column == old.column and renamed.title == "Full name"
    row = await records.get_record(await reload(table), rid)
    assert row["Full name"] == "Ada" and "Name" not in row
    with pytest.raises(DuplicateName):
        await fields.update_field(old.id, title="other")
    assert (await fields.update_field(old.id, title="FULL NAME")).title == "FULL NAME"


async def test_delete_field_drops_the_column(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"})
    qty = table.field("Qty")
    await fields.delete_field(qty.id)
    assert qty.column not in await dbinspect.columns(table.physical)
    assert qty.column not in await dbinspect.indexed_columns(table.physical)
    assert (await reload(table)).find("Qty") is None
    with pytest.raises(FieldNotFound):
        await fields.delete_field(qty.id)


async def test_deleting_the_primary_value_moves_it(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"})
    await fields.delete_field(table.field("Name").id)
    assert (await reload(table)).primary_value.title == "Qty"


@pytest.mark.parametrize("uidt, default_indexed", [("Number", True), ("SingleLineText", False),
                                                   ("Date", True), ("SingleSelect", True)])
async def test_index_toggle(store: str, uidt: str, default_indexed: bool) -> None:
    table = await make.table({"Name": "SingleLineText", "F": uidt})
    f = table.field("F")
    assert f.indexed is default_indexed
    assert (f.column in await dbinspect.indexed_columns(table.physical)) is default_indexed
    for on in (True, True, False, False, True):
        assert (await fields.set_indexed(f.id, on)).indexed is on
        assert (f.column in await dbinspect.indexed_columns(table.physical)) is on


@pytest.mark.parametrize("uidt", ["LongText", "MultiSelect", "JSON"])
async def test_unindexable_types_refuse_an_index(store: str, uidt: str) -> None:
    table = await make.table({"Name": "SingleLineText", "F": uidt})
    with pytest.raises(InvalidRequest, match="cannot be indexed"):
        await fields.set_indexed(table.field("F").id, True)
    assert table.field("F").column not in await dbinspect.indexed_columns(table.physical)


async def test_required_toggle(store: str) -> None:
    table = await make.table()
    assert (await fields.update_field(table.field("Title").id, required=True)).required
    assert not (await fields.update_field(table.field("Title").id, required=False)).required


@pytest.mark.parametrize("options, match", [
    ({"options": "a,b"}, "must be a list"),
    ({"options": [{"title": ""}]}, "non-empty title"),
    ({"options": [{"label": "no title"}]}, "non-empty title"),
    ({"options": ["a", "a"]}, "unique"),
])
async def test_bad_select_options_refused(store: str, options: dict, match: str) -> None:
    table = await make.table()
    with pytest.raises(InvalidRequest, match=match):
        await fields.add_field(table.id, "S", "SingleSelect", options)
    assert len(await dbinspect.columns(table.physical)) == 4


@pytest.mark.parametrize("uidt, options, match", [
    ("MultiSelect", {"options": ["a,b"]}, "cannot contain ','"),
    ("Rating", {"max": 11}, "1 to 10"),
    ("Rating", {"max": 0}, "1 to 10"),
    ("Rating", {"max": "5"}, "1 to 10"),
])
async def test_bad_type_options_refused(store: str, uidt: str, options: dict, match: str) -> None:
    table = await make.table()
    with pytest.raises(InvalidRequest, match=match):
        await fields.add_field(table.id, "F", uidt, options)


async def test_select_options_accept_plain_titles_and_keep_colours(store: str) -> None:
    table = await make.table()
    spec = await fields.add_field(table.id, "S", "SingleSelect",
                                  {"options": ["a", {"title": "b", "color": "red"}]})
    assert [(o["title"], o["order"]) for o in spec.options["options"]] == [("a", 1), ("b", 2)]
    assert spec.options["options"][1]["color"] == "red"


# --- type changes -----------------------------------------------------------------------------

CONVERSIONS = [
    # from, stored values, to, options, values afterwards (JSON)
    ("SingleLineText", ["12", " -3 ", None], "Number", None, [12, -3, None]),
    ("Number", [12, -3, None], "SingleLineText", None, ["12", "-3", None]),
    ("Number", [12, 0], "Decimal", None, [12, 0]),
    ("Decimal", [2.0, -7.0], "Number", None, [2, -7]),
    ("Decimal", [2.5, 0.1], "SingleLineText", None, ["2.5", "0.1"]),
    ("SingleLineText", ["b", "a", "b", None], "SingleSelect", None, ["b", "a", "b", None]),
    ("SingleLineText", [" a", "a ", "   "], "SingleSelect", None, ["a", "a", None]),
    ("SingleLineText", ["a", "b"], "SingleSelect", {"options": ["a", "b", "c"]}, ["a", "b"]),
    ("SingleLineText", ["a, b", "b,c", None], "MultiSelect", None, ["a,b", "b,c", None]),
    ("SingleSelect", ["x", "y"], "SingleLineText", None, ["x", "y"]),
    ("MultiSelect", ["x,y", "y"], "LongText", None, ["x,y", "y"]),
    ("Date", ["2024-02-29", None], "DateTime", None, ["2024-02-29 00:00:00+00:00", None]),
    ("DateTime", ["2024-02-29T23:30:00+02:00"], "Date", None, ["2024-02-29"]),
    ("DateTime", ["2024-02-29 08:30:00+00:00"], "SingleLineText", None, ["2024-02-29 08:30:00+00:00"]),
    ("Number", [1, 0, None, 5, -2], "Checkbox", None, [True, False, None, True, True]),
    ("Checkbox", [True, False, None], "Number", None, [1, 0, None]),
    ("Checkbox", [True, False], "Decimal", None, [1, 0]),
    ("Checkbox", [True, False], "SingleLineText", None, ["True", "False"]),
    ("SingleLineText", ["yes", "no"], "Checkbox", None, [True, False]),
    ("SingleLineText", ["ada@example.com"], "Email", None, ["ada@example.com"]),
    ("SingleLineText", ['{"a": 1}', "[1, 2]"], "JSON", None, [{"a": 1}, [1, 2]]),
    ("JSON", [{"a": 1}], "LongText", None, ['{"a": 1}']),
    ("Number", [3], "Rating", None, [3]),
    ("Percent", [12.5], "Decimal", None, [12.5]),
]


def _opts(uidt: str, vals: list[Any]) -> dict[str, Any] | None:
    if uidt not in ("SingleSelect", "MultiSelect"):
        return None
    titles = sorted({p for v in vals if v for p in v.split(",")})
    return {"options": titles}


@pytest.mark.parametrize("src, stored, dst, options, expected", CONVERSIONS)
async def test_type_change_converts_values(store: str, src: str, stored: list, dst: str,
                                           options: dict | None, expected: list) -> None:
    table = await make.table([{"title": "Name", "uidt": "SingleLineText"},
                              {"title": "F", "uidt": src, "options": _opts(src, stored)}])
    await records.create_records(table, [{"F": v} for v in stored])
    old = table.field("F")

    new = await fields.update_field(old.id, uidt=dst, options=options)

    assert new.uidt == dst and new.id == old.id and new.title == "F"
    assert await values(table, "F") == expected
    assert [type(v) for v in await values(table, "F")] == [type(v) for v in expected]
    cols = await dbinspect.columns(table.physical)
    assert old.column not in cols and new.column in cols
    assert IDENT_RE.match(new.column)
    if dst in ("SingleSelect", "MultiSelect") and options is None:
        found = sorted({p for v in expected if v for p in v.split(",")})
        assert sorted(o["title"] for o in new.options["options"]) == found
    assert (new.column in await dbinspect.indexed_columns(table.physical)) is new.indexed
    assert await Event.filter(table_id=table.id).count() == 1  # the insert only


REFUSALS = [
    # from, stored values, to, options, indexes of the rows that cannot convert
    ("SingleLineText", ["1", "x", "2", "y"], "Number", None, [1, 3]),
    ("SingleLineText", ["1", "1.5"], "Number", None, [1]),
    ("Decimal", [1.0, 2.5], "Number", None, [1]),
    ("SingleLineText", ["a@b.co", "nope"], "Email", None, [1]),
    ("SingleLineText", ["a", "z", "b"], "SingleSelect", {"options": ["a", "b"]}, [1]),
    ("SingleLineText", ["a,z"], "MultiSelect", {"options": ["a"]}, [0]),
    ("SingleLineText", ["2024-01-01", "soon"], "Date", None, [1]),
    ("SingleLineText", ["{", "{}"], "JSON", None, [0]),
    ("Number", [3, 9], "Rating", None, [1]),
]


@pytest.mark.parametrize("src, stored, dst, options, bad", REFUSALS)
async def test_type_change_refusal_names_rows_and_changes_nothing(
        store: str, src: str, stored: list, dst: str, options: dict | None, bad: list[int]) -> None:
    table = await make.table([{"title": "Name", "uidt": "SingleLineText"},
                              {"title": "F", "uidt": src}])
    ids = await records.create_records(table, [{"F": v} for v in stored])
    before_values = await values(table, "F")
    before_cols = await dbinspect.columns(table.physical)
    old = table.field("F")

    with pytest.raises(TypeConversionFailed) as caught:
        await fields.update_field(old.id, uidt=dst, options=options, title="Renamed")

    err = caught.value
    assert err.details["rows"] == [ids[i] for i in bad]
    assert err.details["count"] == len(bad)
    assert [e["id"] for e in err.details["errors"]] == [ids[i] for i in bad]
    assert err.details["field"] == "F"
    assert f"from {src} to {dst}" in err.message
    for i in bad:
        assert f"row {ids[i]}:" in err.message
    after = await reload(table)
    assert after.field("F") == old and after.field("F").uidt == src
    assert await values(table, "F") == before_values
    assert await dbinspect.columns(table.physical) == before_cols


async def test_refusal_report_is_capped_but_counts_all(store: str) -> None:
    table = await make.table({"F": "SingleLineText"})
    ids = await records.create_records(table, [{"F": f"bad{i}"} for i in range(60)])
    with pytest.raises(TypeConversionFailed) as caught:
        await fields.change_type(table.field("F").id, "Number")
    assert caught.value.details["count"] == 60
    assert caught.value.details["rows"] == ids[:50]
    assert "and 55 more" in caught.value.message


async def test_repeated_type_changes_keep_a_valid_indexed_column(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Qty": "Number"})
    await records.create_records(table, [{"Qty": 7}])
    qty = table.field("Qty")
    for uidt in ["SingleLineText", "Number"] * 4:
        spec = await fields.change_type(qty.id, uidt)
        assert IDENT_RE.match(spec.column) and spec.indexed
        assert spec.column in await dbinspect.indexed_columns(table.physical)
    assert await values(table, "Qty") == [7]
    assert len(await dbinspect.columns(table.physical)) == 5


async def test_type_change_keeps_order_required_and_primary(store: str) -> None:
    table = await make.table([{"title": "Code", "uidt": "SingleLineText", "required": True},
                              {"title": "Other", "uidt": "Number"}])
    await records.create_records(table, [{"Code": "1"}])
    old = table.field("Code")
    new = await fields.change_type(old.id, "Number")
    assert (new.order, new.required, new.primary_value) == (old.order, True, True)
    assert [f.title for f in (await reload(table)).fields] == [f.title for f in table.fields]


# --- system fields ----------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Id", "CreatedAt", "UpdatedAt"])
@pytest.mark.parametrize("action", ["rename", "delete", "retype", "options"])
async def test_system_fields_are_fixed(store: str, title: str, action: str) -> None:
    table = await make.table()
    f = table.field(title)
    call = {"rename": lambda: fields.update_field(f.id, title="Other"),
            "delete": lambda: fields.delete_field(f.id),
            "retype": lambda: fields.update_field(f.id, uidt="SingleLineText"),
            "options": lambda: fields.update_field(f.id, options={"x": 1})}[action]
    with pytest.raises(InvalidRequest, match=f"system field '{title}'"):
        await call()
    after = (await reload(table)).field(title)
    assert (after.title, after.uidt, after.column, after.options) == (f.title, f.uidt, f.column, {})
    assert f.column in await dbinspect.columns(table.physical)


async def test_unknown_field_id(store: str) -> None:
    for call in (fields.update_field("cnope", title="x"), fields.delete_field("cnope"),
                 fields.set_indexed("cnope", True), fields.change_type("cnope", "Number")):
        with pytest.raises(FieldNotFound):
            await call


async def test_cached_table_spec_sees_every_schema_change(store: str) -> None:
    from core.schema.cache import table_spec
    from core.schema.tables import rename_table

    table = await make.table({"Name": "SingleLineText"})
    first = await table_spec(table.id)
    assert await table_spec(table.id) is first  # unchanged schema: served from the cache
    added = await fields.add_field(table.id, "Qty", "Number")
    assert (await table_spec(table.id)).find("Qty") is not None
    await fields.update_field(added.id, title="Quantity")
    assert (await table_spec(table.id)).find("Quantity") is not None
    await fields.set_indexed(added.id, False)
    assert (await table_spec(table.id)).field("Quantity").indexed is False
    await fields.update_field(added.id, uidt="SingleLineText")
    assert (await table_spec(table.id)).field("Quantity").uidt == "SingleLineText"
    await fields.delete_field(added.id)
    assert (await table_spec(table.id)).find("Quantity") is None
    await rename_table(table.id, "Renamed")
    assert (await table_spec(table.id)).title == "Renamed"


async def test_postgres_indexes_match_the_nulls_first_sort(store: str) -> None:
    """Sorting puts NULLs first ascending; a PostgreSQL index must be built that way to serve it."""
    table = await make.table({"Qty": "Number"})
    definitions = list((await dbinspect.indexes(table.physical)).values())
    qty = next(d for d in definitions if table.field("Qty").column in d)
    if store == "postgres":
        assert "NULLS FIRST" in qty
    else:
        assert "NULLS" not in qty
