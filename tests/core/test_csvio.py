"""CSV import and export (``core.csvio``): type inference, the Met sample imported exactly and
round-tripped, bad rows reported by line, ``strict`` leaving nothing, overrides, events."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from core.csvio import export_csv, import_csv, infer_column, parse_type_overrides
from core.csvio.convert import cell_converter, slow_cell
from core.errors import InvalidRequest, InvalidValue
from core.fields.base import FieldSpec
from core.ids import new_id
from core.models import Base, Event, Webhook
from core.records.listing import ListQuery
from core.records.service import count_records, list_records
from core.schema.bases import find_base
from core.schema.tables import load_table, resolve_table
from tests.conftest import met_csv_path


def write_csv(tmp_path: Path, rows: list[list[str]], name: str = "data.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def read_records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


async def rows_of(table_id: str) -> list[dict[str, Any]]:
    return (await list_records(await load_table(table_id), ListQuery(limit=5000))).rows


# --- inference ---------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "uidt"), [
    (["True", "False", "yes", "NO"], "Checkbox"),
    (["0", "1", "1"], "Number"),
    (["1", "-5", "", "42"], "Number"),
    (["013", "14"], "SingleLineText"),                 # leading zero: a code
    (["15518717690117690"], "SingleLineText"),         # > 15 digits: an id list
    (["True", "1"], "SingleLineText"),
    (["1.5", "2", "-0.25", "1e3"], "Decimal"),
    (["2024-01-31", "1999-12-01"], "Date"),
    (["2024-02-30"], "SingleLineText"),
    (["2024-01-31 10:00:00", "2024-01-31T10:00Z", "2024-01-31T10:00:00+02:00"], "DateTime"),
    (["https://www.metmuseum.org/art/1", "www.example.com"], "URL"),
    (["ada@example.com"], "Email"),
    ([" https://example.com"], "SingleLineText"),
    (["Sculpture\n"], "LongText"),
    (["x" * 256], "LongText"),
    (["", ""], "SingleLineText"),
    ([" ", ""], "SingleLineText"),                     # whitespace is a value, not empty
    (["1761      ", "1800"], "SingleLineText"),
])
def test_infer_column(values: list[str], uidt: str) -> None:
    assert infer_column(values) == uidt


@pytest.mark.parametrize(("text", "expected"), [
    ("Qty=Number,Note=text", {"Qty": "Number", "Note": "SingleLineText"}),
    (" Dept, Area = longtext , Ok=Checkbox", {"Dept, Area": "LongText", "Ok": "Checkbox"}),
    ("When=datetime", {"When": "DateTime"}),
])
def test_parse_type_overrides(text: str, expected: dict[str, str]) -> None:
    assert parse_type_overrides(text) == expected


@pytest.mark.parametrize("text", ["Qty", "Qty=Nope", "Qty=ID", "A=Number B=Text"])
def test_parse_type_overrides_rejects(text: str) -> None:
    with pytest.raises(InvalidRequest):
        parse_type_overrides(text)


@pytest.mark.parametrize(("uidt", "texts"), [
    ("Number", ["12", "-3", "013", " 7 ", "1.0", "1e3", "1.5", "abc", "9" * 20, "1_000"]),
    ("Decimal", ["1.5", "-0", "nan", "inf", " 2 ", "1e400", "x"]),
    ("Checkbox", ["True", "false", "YES", "no", "1", "x", "maybe", " True "]),
    ("URL", ["https://a.org/x", "www.a.org", " https://a.org", "https://a.org\n", "nope"]),
    ("Email", ["a@b.co", " a@b.co ", "a@b"]),
    ("PhoneNumber", ["+1 212 535 7710", " 555 1234 ", "call me"]),
])
def test_shortcuts_agree_with_the_field_types(uidt: str, texts: list[str]) -> None:
    spec = FieldSpec(id="c1", title="F", uidt=uidt, column="f_c1")
    fast, slow = cell_converter(spec, "sqlite"), slow_cell(spec, "sqlite")
    assert fast is not None
    for text in texts:
        outcomes = []
        for fn in (fast, slow):
            try:
                outcomes.append(("ok", fn(text)))
            except ValueError:
                outcomes.append(("error", None))
        assert outcomes[0] == outcomes[1], text


# --- the Met sample ----------------------------------------------------------------------

async def test_met_sample_imports_exactly(store: str) -> None:
    summary = await import_csv(met_csv_path(), table_title="Met", base_title="Met Museum",
                               batch_size=700)
    assert (summary.rows, summary.failed_count, len(summary.columns)) == (2000, 0, 54)
    types = dict(summary.columns)
    assert {t: types[t] for t in ("Is Highlight", "Object ID", "Gallery Number", "Constituent ID",
                                  "Artist Prefix", "Dimensions", "Link Resource", "Dynasty")} == {
        "Is Highlight": "Checkbox", "Object ID": "Number", "Gallery Number": "SingleLineText",
        "Constituent ID": "SingleLineText", "Artist Prefix": "LongText", "Dimensions": "LongText",
        "Link Resource": "URL", "Dynasty": "SingleLineText"}
    rows = {r["Object ID"]: r for r in await rows_of(summary.table_id)}
    assert len(rows) == 2000
    piano = rows[503046]
    assert piano["Artist Display Name"] == "Érard|George Henry Blake"
    assert piano["Is Highlight"] is True and piano["Dynasty"] is None
    assert piano["Artist Begin Date"] == "1780      |          "
    assert "\n" in piano["Dimensions"]
    assert sum(r["Culture"] is None for r in rows.values()) == 469
    assert sum(r["Artist Prefix"] == " " for r in rows.values()) == 978
    assert sum(r["Is Highlight"] is False for r in rows.values()) > 0


async def test_met_sample_round_trips(store: str) -> None:
    summary = await import_csv(met_csv_path(), table_title="Met")
    out = io.StringIO()
    count = await export_csv(await load_table(summary.table_id), out)
    original = met_csv_path().read_text(encoding="utf-8")
    assert count == 2000
    exported, expected = read_records(out.getvalue()), read_records(original)
    assert len(exported) == len(expected) == 2001
    for line, (got, want) in enumerate(zip(exported, expected), start=1):
        assert got == want, f"record {line}"
    assert out.getvalue() == original  # minimal quoting and LF, as the Met file itself


# --- bad rows, strict, overrides ----------------------------------------------------------

BAD = [["Name", "Qty", "Note"], ["a", "1", "x"], ["b", "two", "multi\nline"], ["c", "3"],
       ["d", "4", "y"], ["e", "oops", "z"]]


async def test_bad_rows_are_reported_with_their_line_and_skipped(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, BAD)
    summary = await import_csv(path, table_title="T", types={"Qty": "Number"})
    assert summary.rows == 2 and summary.failed_count == 3
    assert [(e.line, e.field) for e in summary.failed] == [(3, "Qty"), (5, None), (7, "Qty")]
    assert "'two' is not a number" in summary.failed[0].message
    assert "has 2 cells" in summary.failed[1].message
    assert [r["Name"] for r in await rows_of(summary.table_id)] == ["a", "d"]


async def test_values_a_backend_cannot_store_are_reported(store: str, tmp_path: Path) -> None:
    rows = [["Name", "When"], ["nul\x00here", "2024-01-01"], ["ok", "0001-01-01T00:00:00+05:00"]]
    summary = await import_csv(write_csv(tmp_path, rows), table_title="T",
                               types={"When": "DateTime"})
    expected = [(3, "When")] + ([(2, "Name")] if store == "postgres" else [])
    assert sorted((e.line, e.field) for e in summary.failed) == sorted(expected)
    assert summary.rows == 2 - len(expected)


async def test_strict_writes_nothing(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, BAD)
    with pytest.raises(InvalidValue, match="line 3, field 'Qty'"):
        await import_csv(path, table_title="T", base_title="New", types={"Qty": "Number"},
                         strict=True)
    assert await find_base("New") is None
    assert await Event.all().count() == 0


async def test_strict_append_to_existing_table_adds_nothing(store: str, tmp_path: Path) -> None:
    good = await import_csv(write_csv(tmp_path, BAD[:2]), table_title="T", types={"Qty": "Number"})
    with pytest.raises(InvalidValue):
        await import_csv(write_csv(tmp_path, BAD, "bad.csv"), table_title="T", strict=True)
    assert await count_records(await load_table(good.table_id)) == 1


async def test_types_override_and_all_text(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["Zip", "Qty", "Ok"], ["013", "5", "yes"], ["", "6", "no"]])
    typed = await import_csv(path, table_title="A", types={"Zip": "Number"})
    assert dict(typed.columns) == {"Zip": "Number", "Qty": "Number", "Ok": "Checkbox"}
    assert [r["Zip"] for r in await rows_of(typed.table_id)] == [13, None]
    text = await import_csv(path, table_title="B", all_text=True)
    assert set(dict(text.columns).values()) == {"SingleLineText"}
    assert [r["Zip"] for r in await rows_of(text.table_id)] == ["013", None]


async def test_select_types_are_applied_after_the_import(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["Dept"], ["Arms"], ["Music"], ["Arms"]])
    summary = await import_csv(path, table_title="S", types={"Dept": "SingleSelect"})
    field = (await load_table(summary.table_id)).field("Dept")
    assert field.uidt == "SingleSelect"
    assert [o["title"] for o in field.options["options"]] == ["Arms", "Music"]


# --- existing tables, headers, streams ----------------------------------------------------

async def test_append_maps_columns_by_title(store: str, tmp_path: Path) -> None:
    first = await import_csv(write_csv(tmp_path, [["A", "B"], ["1", "x"]]), table_title="T")
    again = await import_csv(write_csv(tmp_path, [["b", "a"], ["y", "2"]], "2.csv"), table_title="t")
    assert (again.table_id, again.created_table) == (first.table_id, False)
    assert [(r["A"], r["B"]) for r in await rows_of(first.table_id)] == [(1, "x"), (2, "y")]
    with pytest.raises(InvalidRequest, match="Extra, More"):
        await import_csv(write_csv(tmp_path, [["A", "Extra", "More"]], "3.csv"), table_title="T")


async def test_headers_are_cleaned_and_system_columns_skipped(store: str) -> None:
    stream = io.StringIO("\ufeffId,Name, name ,,CreatedAt\n7,a,b,c,2020-01-01\n")
    summary = await import_csv(stream, table_title="H")
    assert [t for t, _ in summary.columns] == ["Name", "name 2", "Field 4"]
    assert summary.skipped_columns == ("Id", "CreatedAt")
    [row] = await rows_of(summary.table_id)
    assert (row["Id"], row["Name"], row["name 2"], row["Field 4"]) == (1, "a", "b", "c")


async def test_empty_file_is_an_error(store: str, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(InvalidRequest, match="header"):
        await import_csv(tmp_path / "empty.csv", table_title="E")
    with pytest.raises(InvalidRequest, match="not found"):
        await import_csv(tmp_path / "missing.csv", table_title="E")


async def test_a_file_that_stops_being_utf8_keeps_the_rows_before(store: str,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"Name\n" + b"ok\n" * 30000 + "Érard\n".encode("latin-1"))
    with pytest.raises(InvalidRequest, match="not UTF-8.*rows read before it were imported"):
        await import_csv(path, table_title="M", batch_size=1000)
    assert await count_records(await resolve_table("M")) > 0


# --- change feed, cancellation, export options --------------------------------------------

async def test_one_bulk_insert_event_per_batch(store: str) -> None:
    summary = await import_csv(met_csv_path(), table_title="Met", batch_size=900)
    events = await Event.filter(table_id=summary.table_id).order_by("id")
    assert [len(e.record_ids) for e in events] == [900, 900, 200]
    assert {e.type for e in events} == {"records.after.bulkInsert"}
    assert sorted(i for e in events for i in e.record_ids) == list(range(1, 2001))
    assert all(e.rows == [] for e in events)


async def test_event_rows_are_included_when_a_webhook_listens(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["Name"], ["a"]])
    first = await import_csv(path, table_title="W")
    await Webhook.create(id=new_id("hook"), table_id=first.table_id, title="h",
                         events=["after.bulkInsert"], url="http://127.0.0.1:9/h", secret="s")
    await import_csv(path, table_title="W")
    last = await Event.filter(table_id=first.table_id).order_by("-id").first()
    assert last is not None and last.rows[0]["Name"] == "a" and last.rows[0]["Id"] == 2


async def test_cancel_keeps_committed_batches(store: str) -> None:
    def cancel_after_first_batch(rows: int, _bytes: int) -> None:
        raise asyncio.CancelledError

    summary = await import_csv(met_csv_path(), table_title="Met", batch_size=500,
                               progress=cancel_after_first_batch)
    assert summary.cancelled and summary.rows == 500
    assert await count_records(await load_table(summary.table_id)) == 500


async def test_export_fields_system_and_nulls(store: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["Name", "Ok", "Qty"], ["a", "True", ""], ["", "False", "5"]])
    summary = await import_csv(path, table_title="X", base_title="Xb")
    table = await resolve_table("X")
    out = io.StringIO()
    assert await export_csv(table, out, fields=["Qty", "Name"]) == 2
    assert out.getvalue() == "Qty,Name\n,a\n5,\n"
    out = io.StringIO()
    await export_csv(table, out, system=True)
    header, first, _ = read_records(out.getvalue())
    assert header == ["Id", "Name", "Ok", "Qty", "CreatedAt", "UpdatedAt"]
    assert first[:4] == ["1", "a", "True", ""] and first[5] == ""
    assert summary.base_id == (await Base.get(title="Xb")).id
