"""Filters on select, number and date fields are served by an index however the field was
made — with the table, added later, or by a CSV import — and text fields get none by default
(``core/schema/ddl.py`` indexes ``(column, id)`` for types whose ``default_indexed`` is set)."""

from __future__ import annotations

from pathlib import Path

from core import db
from core.csvio import import_csv
from core.schema import fields as schema_fields
from core.schema.tables import load_table
from tests import factories

TYPES = {"Kind": "SingleSelect", "Qty": "Number", "Due": "Date", "Note": "SingleLineText"}


async def _indexed_columns(physical: str) -> set[str]:
    if db.dialect() == "sqlite":
        rows = await db.conn().execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [physical])
    else:
        rows = await db.conn().execute_query_dict(
            "SELECT indexname AS name FROM pg_indexes WHERE tablename = $1", [physical])
    prefix = f"ix_{physical[2:]}_"
    return {r["name"][len(prefix):] for r in rows if r["name"].startswith(prefix)}


def _expected(table: object, titles: list[str]) -> set[str]:
    return {table.field(t).column for t in titles}  # type: ignore[attr-defined]


async def test_select_number_date_are_indexed_on_every_path(store: str, tmp_path: Path) -> None:
    table = await factories.table([{"title": k, "uidt": v, **({"options": {"options": ["a"]}}
                                   if v == "SingleSelect" else {})} for k, v in TYPES.items()])
    made = await _indexed_columns(table.physical)
    assert _expected(table, ["Kind", "Qty", "Due"]) <= made
    assert table.field("Note").column not in made

    await schema_fields.add_field(table.id, "Later", "Number")
    table = await load_table(table.id)
    assert table.field("Later").column in await _indexed_columns(table.physical)

    csv = tmp_path / "in.csv"
    csv.write_text("Qty,Due,Note\n1,2025-01-02,x\n2,2025-03-04,y\n")
    summary = await import_csv(str(csv), table_title="Imported")
    imported = await load_table(summary.table_id)
    assert {f.uidt for f in imported.fields if f.title in ("Qty", "Due")} == {"Number", "Date"}
    on_import = await _indexed_columns(imported.physical)
    assert _expected(imported, ["Qty", "Due"]) <= on_import
    assert imported.field("Note").column not in on_import
