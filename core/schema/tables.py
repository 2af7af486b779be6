"""Tables: metadata plus the real SQL table ``t_<id>`` with ``id``, ``created_at``, ``updated_at``.

Every table gets three system fields (``Id``, ``CreatedAt``, ``UpdatedAt``) and a default grid
view. A table created without fields gets a ``Title`` text field, as in NocoDB.
"""

from __future__ import annotations

from typing import Any

from core import db
from core.errors import DuplicateName, InvalidRequest, TableNotFound
from core.fields.base import FieldSpec
from core.ids import new_id, table_ident
from core.models import Field, Table, View
from core.schema import ddl
from core.schema.bases import clean_title, get_base
from core.schema.fieldspecs import new_field_row, spec_of, validate_new_fields
from core.schema.spec import TableSpec

SYSTEM_FIELDS = (("Id", "ID", "id", 0), ("CreatedAt", "CreatedTime", "created_at", 1_000_000),
                 ("UpdatedAt", "LastModifiedTime", "updated_at", 1_000_001))


async def create_table(base_id: str, title: str, fields: list[dict[str, Any]] | None = None) -> TableSpec:
    base = await get_base(base_id)
    title = clean_title(title, "Table")
    if await find_table(base.id, title):
        raise DuplicateName(f"A table titled '{title}' already exists in this base", field="title")
    defs = fields if fields else [{"title": "Title", "uidt": "SingleLineText"}]
    rows = validate_new_fields(defs, taken={t for t, *_ in SYSTEM_FIELDS})
    table_id = new_id("table")
    physical = table_ident(table_id)
    order = await Table.filter(base_id=base.id).count()

    async def run(tx) -> None:
        dialect = db.dialect()
        await Table.create(id=table_id, base_id=base.id, title=title, physical=physical,
                           order=order, using_db=tx)
        await ddl.create_table(tx, dialect, physical)
        for ftitle, uidt, column, forder in SYSTEM_FIELDS:
            await Field.create(id=new_id("field"), table_id=table_id, title=ftitle, uidt=uidt,
                               column=column, order=forder, system=True,
                               indexed=column != "id", using_db=tx)
        for i, row in enumerate(rows):
            spec = await new_field_row(tx, table_id, row, order=i + 1, primary=(i == 0))
            await ddl.add_column(tx, dialect, physical, spec)
        await View.create(id=new_id("view"), table_id=table_id, title="Default view",
                          is_default=True, using_db=tx)

    await db.write(run)
    return await load_table(table_id)


async def list_tables(base_id: str) -> list[Table]:
    await get_base(base_id)
    return await Table.filter(base_id=base_id).order_by("order", "created_at")


async def find_table(base_id: str, title: str) -> Table | None:
    for table in await Table.filter(base_id=base_id):
        if table.title.casefold() == title.strip().casefold():
            return table
    return None


async def resolve_table(key: str, base_id: str | None = None) -> TableSpec:
    """A table by id, or by title (within ``base_id`` if given, else across bases if unique)."""
    table = await Table.get_or_none(id=key)
    if table is None:
        candidates = await Table.filter(**({"base_id": base_id} if base_id else {}))
        matches = [t for t in candidates if t.title.casefold() == key.strip().casefold()]
        if len(matches) > 1:
            raise InvalidRequest(f"Several tables are titled '{key}'; name the base too")
        table = matches[0] if matches else None
    if table is None:
        raise TableNotFound(f"Table '{key}' not found", table=key)
    return await load_table(table.id)


async def load_table(table_id: str) -> TableSpec:
    table = await Table.get_or_none(id=table_id)
    if table is None:
        raise TableNotFound(f"Table '{table_id}' not found", table=table_id)
    rows = await Field.filter(table_id=table_id).order_by("order", "created_at")
    specs: tuple[FieldSpec, ...] = tuple(spec_of(r) for r in rows)
    return TableSpec(id=table.id, base_id=table.base_id, title=table.title,
                     physical=table.physical, fields=specs)


async def rename_table(table_id: str, title: str) -> TableSpec:
    table = await Table.get_or_none(id=table_id)
    if table is None:
        raise TableNotFound(f"Table '{table_id}' not found", table=table_id)
    title = clean_title(title, "Table")
    other = await find_table(table.base_id, title)
    if other and other.id != table.id:
        raise DuplicateName(f"A table titled '{title}' already exists in this base", field="title")
    table.title = title
    table.version += 1
    await table.save()
    return await load_table(table_id)


async def delete_table(table_id: str) -> None:
    table = await Table.get_or_none(id=table_id)
    if table is None:
        raise TableNotFound(f"Table '{table_id}' not found", table=table_id)

    async def run(tx) -> None:
        await ddl.drop_table(tx, table.physical)
        await Table.filter(id=table.id).using_db(tx).delete()

    await db.write(run)
