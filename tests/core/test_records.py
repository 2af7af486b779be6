"""Records (``core.records``): list/get/count/create/update/delete, paging as NocoDB, bulk
atomicity, and the change feed written in the same transaction as the data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from core.errors import InvalidValue, RecordNotFound
from core.models import Event
from core.records import events
from core.records import service as records
from core.records.listing import ListQuery, PageInfo
from core.schema.spec import TableSpec
from tests import factories as make
from tests.core import dbinspect

UTC = dt.timezone.utc
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$")
FIELDS = {"Name": "SingleLineText", "Qty": "Number", "Done": "Checkbox"}


async def things(n: int = 0, **fields: str) -> tuple[TableSpec, list[int]]:
    table = await make.table(fields or FIELDS)
    ids = await records.create_records(table, [{"Name": f"n{i}", "Qty": i} for i in range(n)]) \
        if n else []
    return table, ids


async def all_events() -> list[Event]:
    return await Event.all().order_by("id")


async def names(table: TableSpec) -> list[str | None]:
    return [r["Name"] for r in (await records.list_records(table, ListQuery(limit=1000))).rows]


# --- create / get / count ---------------------------------------------------------------------

async def test_create_one(store: str) -> None:
    table, _ = await things()
    [rid] = await records.create_records(table, [{"Name": "Ada", "Qty": "3", "Done": "yes"}])
    row = await records.get_record(table, rid)
    assert row == {"Id": rid, "Name": "Ada", "Qty": 3, "Done": True,
                   "CreatedAt": row["CreatedAt"], "UpdatedAt": None}
    assert list(row) == [f.title for f in table.fields]


async def test_create_many_returns_ids_in_input_order(store: str) -> None:
    table, _ = await things()
    given = ["c", "a", "b", None, "a"]
    ids = await records.create_records(table, [{"Name": n} for n in given])
    assert len(set(ids)) == 5 and ids == sorted(ids)
    assert [(await records.get_record(table, i))["Name"] for i in ids] == given


async def test_create_many_chunks(store: str) -> None:
    """Wide rows force several INSERT statements; ids must still follow the input."""
    table = await make.table({f"F{i}": "Number" for i in range(25)})
    rows = [{f"F{i}": n * 100 + i for i in range(25)} for n in range(2500)]
    ids = await records.create_records(table, rows)
    assert len(ids) == 2500 and len(set(ids)) == 2500
    page = await records.list_records(table, ListQuery(limit=1000, offset=1500))
    assert [r["F3"] for r in page.rows] == [n * 100 + 3 for n in range(1500, 2500)]
    assert [r["Id"] for r in page.rows] == ids[1500:]
    [event] = await all_events()
    assert event.record_ids == ids and len(event.rows) == 2500


async def test_create_nothing(store: str) -> None:
    table, _ = await things()
    assert await records.create_records(table, []) == []
    assert await all_events() == []


@pytest.mark.parametrize("key", ["Qty", "id", "column"])
async def test_fields_can_be_named_by_title_id_or_column(store: str, key: str) -> None:
    table, _ = await things()
    qty = table.field("Qty")
    name = {"Qty": "Qty", "id": qty.id, "column": qty.column}[key]
    [rid] = await records.create_records(table, [{name: 9}])
    assert (await records.get_record(table, rid))["Qty"] == 9


async def test_get_selected_fields(store: str) -> None:
    table, [rid] = await things(1)
    row = await records.get_record(table, rid, (table.field("Qty"),))
    assert row == {"Qty": 0}


@pytest.mark.parametrize("rid", [999, "999", "abc", "", "1.5", True])
async def test_get_missing_record(store: str, rid: Any) -> None:
    table, _ = await things(1)
    with pytest.raises(RecordNotFound, match="not found"):
        await records.get_record(table, rid)


async def test_get_accepts_a_numeric_string(store: str) -> None:
    table, [rid] = await things(1)
    assert (await records.get_record(table, str(rid)))["Id"] == rid


async def test_count(store: str) -> None:
    table, _ = await things(7)
    assert await records.count_records(table) == 7
    await records.delete_records(table, [{"Id": 1}, {"Id": 2}])
    assert await records.count_records(table) == 5


# --- paging -----------------------------------------------------------------------------------

PAGE_INFO = [
    # total, limit, offset, pageInfo JSON (NocoDB: `page` when offset is a multiple of limit, else `offset`)
    (7, 25, 0, {"totalRows": 7, "page": 1, "pageSize": 25, "isFirstPage": True, "isLastPage": True}),
    (7, 3, 0, {"totalRows": 7, "page": 1, "pageSize": 3, "isFirstPage": True, "isLastPage": False}),
    (7, 3, 3, {"totalRows": 7, "page": 2, "pageSize": 3, "isFirstPage": False, "isLastPage": False}),
    (7, 3, 6, {"totalRows": 7, "page": 3, "pageSize": 3, "isFirstPage": False, "isLastPage": True}),
    (6, 3, 3, {"totalRows": 6, "page": 2, "pageSize": 3, "isFirstPage": False, "isLastPage": True}),
    (7, 2, 3, {"totalRows": 7, "offset": 3, "pageSize": 2, "isFirstPage": False, "isLastPage": False}),
    (7, 5, 3, {"totalRows": 7, "offset": 3, "pageSize": 5, "isFirstPage": False, "isLastPage": True}),
    (7, 3, 7, {"totalRows": 7, "offset": 7, "pageSize": 3, "isFirstPage": False, "isLastPage": True}),
    (7, 3, 9, {"totalRows": 7, "page": 4, "pageSize": 3, "isFirstPage": False, "isLastPage": True}),
    (7, 10, 100, {"totalRows": 7, "page": 11, "pageSize": 10, "isFirstPage": False, "isLastPage": True}),
    (0, 25, 0, {"totalRows": 0, "page": 1, "pageSize": 25, "isFirstPage": True, "isLastPage": True}),
    (400, 100, 200, {"totalRows": 400, "page": 3, "pageSize": 100, "isFirstPage": False,
                     "isLastPage": False}),
]


@pytest.mark.parametrize("total, limit, offset, expected", PAGE_INFO)
def test_page_info_json(total: int, limit: int, offset: int, expected: dict) -> None:
    info = PageInfo(total_rows=total, page_size=limit, offset=offset).as_json()
    assert info == expected
    assert list(info) == list(expected)


@pytest.mark.parametrize("total, limit, offset, expected", [c for c in PAGE_INFO if c[0] < 10])
async def test_list_pages(store: str, total: int, limit: int, offset: int, expected: dict) -> None:
    table, ids = await things(total)
    page = await records.list_records(table, ListQuery(limit=limit, offset=offset))
    assert page.as_json()["pageInfo"] == expected
    assert [r["Id"] for r in page.rows] == ids[offset:offset + limit]
    assert page.as_json()["list"] == page.rows


async def test_list_rows_are_api_json(store: str) -> None:
    table, _ = await things()
    await records.create_records(table, [{"Name": "a", "Qty": 1, "Done": True}, {}])
    rows = (await records.list_records(table)).rows
    assert [{k: v for k, v in r.items() if k != "CreatedAt"} for r in rows] == [
        {"Id": 1, "Name": "a", "Qty": 1, "Done": True, "UpdatedAt": None},
        {"Id": 2, "Name": None, "Qty": None, "Done": None, "UpdatedAt": None}]


async def test_list_selected_fields_and_pks(store: str) -> None:
    table, ids = await things(5)
    q = ListQuery(fields=(table.field("Name"),), pks=(ids[3], ids[1], 999))
    page = await records.list_records(table, q)
    assert page.rows == [{"Name": "n1"}, {"Name": "n3"}]
    assert page.info.total_rows == 2
    assert (await records.list_records(table, ListQuery(pks=()))).rows == []


# --- update -----------------------------------------------------------------------------------

async def test_update_is_partial(store: str) -> None:
    table, _ = await things()
    [rid] = await records.create_records(table, [{"Name": "Ada", "Qty": 1, "Done": True}])
    created = (await records.get_record(table, rid))["CreatedAt"]
    assert await records.update_records(table, [{"Id": rid, "Qty": 2}]) == [rid]
    row = await records.get_record(table, rid)
    assert (row["Name"], row["Qty"], row["Done"], row["CreatedAt"]) == ("Ada", 2, True, created)


async def test_update_many(store: str) -> None:
    table, ids = await things(4)
    assert await records.update_records(table, [{"Id": ids[2], "Name": "x"}, {"Id": str(ids[0]), "Name": "y"}]) \
        == [ids[2], ids[0]]
    assert await names(table) == ["y", "n1", "x", "n3"]


async def test_update_nothing_writes_nothing(store: str) -> None:
    table, _ = await things(1)
    assert await records.update_records(table, []) == []
    assert await records.delete_records(table, []) == []
    assert len(await all_events()) == 1


@pytest.mark.parametrize("keys, message, missing", [
    ([{"Id": 99}], "Record '99' not found", ["99"]),
    ([{"Id": 1}, {"Id": 98}, {"Id": 99}], "Records '98, 99' not found", ["98", "99"]),
])
@pytest.mark.parametrize("op", ["update", "delete"])
async def test_missing_ids_are_named_and_nothing_changes(store: str, op: str, keys: list, message: str,
                                                         missing: list) -> None:
    table, _ = await things(2)
    before = await dbinspect.raw_rows(table.physical)
    with pytest.raises(RecordNotFound, match=re.escape(message)) as caught:
        if op == "update":
            await records.update_records(table, [{**k, "Name": "changed"} for k in keys])
        else:
            await records.delete_records(table, keys)
    assert caught.value.details["records"] == missing
    assert await dbinspect.raw_rows(table.physical) == before
    assert len(await all_events()) == 1


@pytest.mark.parametrize("op", ["update", "delete"])
async def test_duplicate_id_in_bulk_refused(store: str, op: str) -> None:
    table, ids = await things(2)
    before = await dbinspect.raw_rows(table.physical)
    with pytest.raises(InvalidValue, match=f"Duplicate record with id {ids[0]}"):
        if op == "update":
            await records.update_records(table, [{"Id": ids[0], "Name": "a"}, {"Id": ids[1]},
                                                 {"Id": ids[0], "Name": "b"}])
        else:
            await records.delete_records(table, [ids[0], {"Id": ids[1]}, {"Id": ids[0]}])
    assert await dbinspect.raw_rows(table.physical) == before
    assert len(await all_events()) == 1


@pytest.mark.parametrize(("item", "message"), [
    ({"Name": "no id"}, "primary key 'Id' is required"),
    ({"Id": None}, "primary key 'Id' is required"),
    (None, "primary key 'Id' is required"),
    ({"Id": "x"}, "invalid primary key 'x' for 'Id' (expected a positive integer)"),
    ({"Id": True}, "invalid primary key true for 'Id' (expected a positive integer)"),
    ({"Id": 0}, "invalid primary key 0 for 'Id' (expected a positive integer)"),
    ("x", "invalid primary key 'x' for 'Id' (expected a positive integer)"),
])
async def test_update_needs_a_primary_key(store: str, item: Any, message: str) -> None:
    table, _ = await things(1)
    with pytest.raises(InvalidValue) as caught:
        await records.update_records(table, [item])
    assert caught.value.message == message


# --- validation -------------------------------------------------------------------------------

@pytest.mark.parametrize("row, field, message", [
    ({"Id": 5, "Name": "x"}, "Id", "'Id' is set by the database and cannot be given on insert"),
    ({"Nope": 1}, "Nope", "field 'Nope' not found in table 'Things'"),
    ({"Qty": "many"}, "Qty", "invalid value 'many' for field 'Qty' (Number): 'many' is not a number"),
    ({"Done": "perhaps"}, "Done", "invalid value 'perhaps' for field 'Done' (Checkbox)"),
    ({"Name": ["a"]}, "Name", "expected text, got an array"),
    ({"Name": "nul\x00"}, "Name", "cannot contain the NUL character"),
])
async def test_bad_insert_refused(store: str, row: dict, field: str, message: str) -> None:
    table, _ = await things()
    with pytest.raises(InvalidValue, match=re.escape(message)) as caught:
        await records.create_records(table, [row])
    assert caught.value.details["field"] == field
    assert "row" not in caught.value.details  # one item: no index to give
    assert await dbinspect.count(table.physical) == 0
    assert await all_events() == []


@pytest.mark.parametrize("row", ["text", 5, None, ["Name"]])
async def test_a_record_must_be_an_object(store: str, row: Any) -> None:
    table, _ = await things()
    with pytest.raises(InvalidValue, match="must be a JSON object"):
        await records.create_records(table, [row])


@pytest.mark.parametrize("row, ok", [
    ({"Code": "A1"}, True), ({"Code": "A1", "Other": None}, True),
    ({}, False), ({"Code": None}, False), ({"Other": "x"}, False),
])
async def test_required_field_on_insert(store: str, row: dict, ok: bool) -> None:
    table = await make.table([{"title": "Code", "uidt": "SingleLineText", "required": True},
                              {"title": "Other", "uidt": "SingleLineText"}])
    if ok:
        assert len(await records.create_records(table, [row])) == 1
    else:
        with pytest.raises(InvalidValue, match="field 'Code' is required") as caught:
            await records.create_records(table, [row])
        assert caught.value.details["field"] == "Code"


async def test_required_field_on_update(store: str) -> None:
    table = await make.table([{"title": "Code", "uidt": "SingleLineText", "required": True},
                              {"title": "Other", "uidt": "SingleLineText"}])
    [rid] = await records.create_records(table, [{"Code": "A"}])
    await records.update_records(table, [{"Id": rid, "Other": "x"}])  # Code not touched: fine
    with pytest.raises(InvalidValue, match="field 'Code' is required"):
        await records.update_records(table, [{"Id": rid, "Code": None}])
    assert (await records.get_record(table, rid))["Code"] == "A"


async def test_system_fields_are_not_writable(store: str) -> None:
    table, _ = await things()
    [rid] = await records.create_records(table, [{"Name": "a", "CreatedAt": "1999-01-01 00:00:00+00:00",
                                                  "UpdatedAt": "1999-01-01 00:00:00+00:00"}])
    row = await records.get_record(table, rid)
    assert not row["CreatedAt"].startswith("1999") and row["UpdatedAt"] is None


# --- bulk atomicity ---------------------------------------------------------------------------

async def test_bulk_insert_with_one_bad_row_writes_nothing(store: str) -> None:
    table, _ = await things()
    rows = [{"Name": "ok", "Qty": 1}, {"Name": "bad", "Qty": "x"}, {"Name": "ok too", "Qty": 3}]
    expected = r"^Record 2 \(index 1\): invalid value 'x' for field 'Qty'"
    with pytest.raises(InvalidValue, match=expected) as caught:
        await records.create_records(table, rows)
    assert (caught.value.details["row"], caught.value.details["field"]) == (1, "Qty")
    assert await dbinspect.count(table.physical) == 0
    assert await all_events() == []


async def test_bulk_update_with_one_bad_row_writes_nothing(store: str) -> None:
    table, ids = await things(3)
    before = await dbinspect.raw_rows(table.physical)
    with pytest.raises(InvalidValue, match=r"^Record 3 \(index 2\): .*'Done'") as caught:
        await records.update_records(table, [{"Id": ids[0], "Name": "a"}, {"Id": ids[1], "Qty": 5},
                                             {"Id": ids[2], "Done": 7}])
    assert (caught.value.details["row"], caught.value.details["field"]) == (2, "Done")
    assert await dbinspect.raw_rows(table.physical) == before
    assert len(await all_events()) == 1


# --- the change feed --------------------------------------------------------------------------

async def test_insert_event(store: str) -> None:
    table, _ = await things()
    ids = await records.create_records(table, [{"Name": "a"}, {"Name": "b"}], source="api")
    [event] = await all_events()
    assert (event.type, event.table_id, event.base_id, event.source) == \
        (events.INSERT, table.id, table.base_id, "api")
    assert event.record_ids == ids
    assert event.rows == [await records.get_record(table, i) for i in ids]
    assert event.previous_rows == []


async def test_update_event(store: str) -> None:
    table, ids = await things(3)
    before = [await records.get_record(table, i) for i in (ids[2], ids[0])]
    await records.update_records(table, [{"Id": ids[2], "Qty": 20}, {"Id": ids[0], "Name": "z"}])
    event = (await all_events())[-1]
    assert len(await all_events()) == 2
    assert (event.type, event.record_ids) == (events.UPDATE, [ids[2], ids[0]])
    assert event.previous_rows == before
    assert event.rows == [await records.get_record(table, i) for i in (ids[2], ids[0])]
    assert event.rows[0]["Qty"] == 20 and event.rows[1]["Name"] == "z"
    assert event.rows[0]["UpdatedAt"] is not None and before[0]["UpdatedAt"] is None


async def test_delete_event(store: str) -> None:
    table, ids = await things(3)
    before = [await records.get_record(table, i) for i in (ids[1], ids[0])]
    assert await records.delete_records(table, [{"Id": ids[1]}, ids[0]]) == [ids[1], ids[0]]
    event = (await all_events())[-1]
    assert len(await all_events()) == 2
    assert (event.type, event.record_ids, event.rows) == (events.DELETE, [ids[1], ids[0]], [])
    assert event.previous_rows == before
    assert await names(table) == ["n2"]


async def _insert(table: TableSpec, ids: list[int]) -> Any:
    return await records.create_records(table, [{"Name": "new"}, {"Name": "new 2"}])


async def _update(table: TableSpec, ids: list[int]) -> Any:
    return await records.update_records(table, [{"Id": ids[0], "Name": "changed"}])


async def _delete(table: TableSpec, ids: list[int]) -> Any:
    return await records.delete_records(table, [{"Id": ids[1]}])


MUTATIONS: dict[str, Callable[[TableSpec, list[int]], Awaitable[Any]]] = {
    "insert": _insert, "update": _update, "delete": _delete}


@pytest.mark.parametrize("op", MUTATIONS)
async def test_event_failure_rolls_back_the_data(store: str, op: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The event is written after the data; if writing it fails, the data must not stay."""
    table, ids = await things(2)
    before = await dbinspect.raw_rows(table.physical)
    real_append = events.append

    async def append_then_fail(*args: Any, **kwargs: Any) -> Any:
        await real_append(*args, **kwargs)
        raise RuntimeError("event store is down")

    monkeypatch.setattr(events, "append", append_then_fail)
    with pytest.raises(RuntimeError, match="event store is down"):
        await MUTATIONS[op](table, ids)
    assert await dbinspect.raw_rows(table.physical) == before
    assert len(await all_events()) == 1


@pytest.mark.parametrize("op", MUTATIONS)
async def test_database_error_in_event_insert_rolls_back_the_data(store: str, op: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A real failure inside the Event INSERT (NOT NULL violated) undoes the data write too."""
    table, ids = await things(2)
    before = await dbinspect.raw_rows(table.physical)
    real_append = events.append

    async def broken_append(tx: Any, table_: TableSpec, *args: Any, **kwargs: Any) -> Any:
        await real_append(tx, table_, *args, **kwargs)
        await tx.execute_query("INSERT INTO gb_event (base_id) VALUES (NULL)")

    monkeypatch.setattr(events, "append", broken_append)
    with pytest.raises(Exception, match="(?i)null|constraint"):
        await MUTATIONS[op](table, ids)
    assert await dbinspect.raw_rows(table.physical) == before
    assert len(await all_events()) == 1


@pytest.mark.parametrize("op", MUTATIONS)
async def test_each_mutation_writes_exactly_one_event(store: str, op: str) -> None:
    table, ids = await things(2)
    await MUTATIONS[op](table, ids)
    assert [e.type for e in await all_events()] == [events.INSERT, f"records.after.{op}"]


# --- timestamps -------------------------------------------------------------------------------

async def test_created_and_updated_at(store: str) -> None:
    table, _ = await things()
    start = dt.datetime.now(UTC).replace(microsecond=0)
    [rid] = await records.create_records(table, [{"Name": "a"}])
    row = await records.get_record(table, rid)
    assert STAMP.match(row["CreatedAt"]) and row["UpdatedAt"] is None
    created = dt.datetime.fromisoformat(row["CreatedAt"])
    assert start <= created <= dt.datetime.now(UTC)

    await records.update_records(table, [{"Id": rid, "Name": "b"}])
    row = await records.get_record(table, rid)
    assert STAMP.match(row["UpdatedAt"])
    assert created <= dt.datetime.fromisoformat(row["UpdatedAt"]) <= dt.datetime.now(UTC)
    assert dt.datetime.fromisoformat(row["CreatedAt"]) == created


@pytest.mark.parametrize("uidt", ["JSON", "SingleLineText", "Date", "Number"])
async def test_user_fields_titled_like_system_columns(store: str, uidt: str) -> None:
    """A user field *titled* created_at/updated_at (common in imported CSVs) is not the system column."""
    table = await make.table({"Name": "SingleLineText", "created_at": uidt, "updated_at": uidt})
    [rid] = await records.create_records(table, [{"Name": "a"}])
    await records.update_records(table, [{"Id": rid, "Name": "b"}])
    row = await records.get_record(table, rid)
    assert row["created_at"] is None and row["updated_at"] is None
    assert STAMP.match(row["CreatedAt"]) and STAMP.match(row["UpdatedAt"])
    if store == "sqlite":  # stored exactly as formatted, so text comparison and sorting hold
        [raw] = await dbinspect.raw_rows(table.physical)
        assert (raw["created_at"], raw["updated_at"]) == (row["CreatedAt"], row["UpdatedAt"])


async def test_star_and_quote_values_round_trip_as_bound_parameters(store: str) -> None:
    """pypika inlines some strings (``*``) as literals; writes must bind every value."""
    table = await make.table({"Name": "SingleLineText"})
    ids = await records.create_records(table, [{"Name": "*"}, {"Name": "'; DROP TABLE gb_base; --"}])
    await records.update_records(table, [{"Id": ids[0], "Name": "* *"}])
    got = [(await records.get_record(table, i))["Name"] for i in ids]
    assert got == ["* *", "'; DROP TABLE gb_base; --"]


async def test_restore_records_brings_rows_back_with_their_ids(store: str) -> None:
    """Undo of a delete: the row returns with its Id and CreatedAt, and one insert event."""
    table, ids = await things(3)
    before = await records.get_record(table, ids[1])
    await records.delete_records(table, [ids[1]])
    assert await records.restore_records(table, [before], source="tui") == [ids[1]]
    assert await records.get_record(table, ids[1]) == before
    last = (await all_events())[-1]
    assert (last.type, last.record_ids, last.source) == (events.INSERT, [ids[1]], "tui")
    [new] = await records.create_records(table, [{"Name": "next"}])
    assert new == ids[2] + 1  # the id sequence is not disturbed


async def test_restore_records_refuses_a_taken_id(store: str) -> None:
    table, ids = await things(2)
    row = await records.get_record(table, ids[0])
    with pytest.raises(InvalidValue):
        await records.restore_records(table, [row, {**row, "Id": 99}])
    assert await records.count_records(table) == 2
