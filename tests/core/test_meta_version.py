"""The metadata version (``core.schema.changes.meta_version``) moves on every kind of schema
change a client must redraw for, and stays put when nothing changed (rows do not count)."""

from __future__ import annotations

from core.records import service as records
from core.schema import bases, fields, select_options, tables
from core.schema.changes import meta_version
from core.views import service as views
from tests import factories as make


async def test_meta_version_moves_on_every_schema_change(store: str) -> None:
    table = await make.table({"Name": "SingleLineText", "Tag": "SingleSelect"})
    first = await meta_version()
    assert await meta_version() == first
    await records.create_records(table, [{"Name": "row"}])
    assert await meta_version() == first  # rows are the change feed's business

    async def moved(change) -> None:  # type: ignore[no-untyped-def]
        before = await meta_version()
        await change
        assert await meta_version() != before

    other = await make.table({"A": "Number"}, title="Other", base_id=table.base_id)
    await moved(tables.rename_table(other.id, "Renamed"))
    await moved(fields.add_field(table.id, "Qty", "Number"))
    await moved(fields.update_field(table.field("Name").id, title="Title"))
    await moved(select_options.set_options(table.field("Tag").id, ["x"]))
    view = await views.create_view(table.id, "Mine")
    await moved(views.update_view(view.id, title="Ours"))
    await moved(views.delete_view(view.id))
    await moved(fields.delete_field(table.field("Tag").id))
    await moved(tables.delete_table(other.id))
    await moved(bases.update_base(table.base_id, title="New name"))
    await moved(make.base("Second"))
