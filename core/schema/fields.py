"""Adding, renaming, re-indexing, retyping and deleting fields of a user table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core import db
from core.errors import DuplicateName, FieldNotFound, InvalidRequest
from core.fields import registry
from core.fields.base import FieldSpec
from core.hooks.references import refuse_breaking, rename_in_conditions, with_field, without_field
from core.models import Field, Table
from core.schema import ddl
from core.schema.cache import bump
from core.schema.bases import clean_title
from core.schema.convert import convert_column
from core.schema.fieldspecs import new_field_row, normalise_options, spec_of, validate_new_fields
from core.schema.select_options import SELECT_TYPES, refuse_used
from core.schema.tables import load_table


async def _field_row(field_id: str) -> Field:
    row = await Field.get_or_none(id=field_id)
    if row is None:
        raise FieldNotFound(f"Field '{field_id}' not found", field=field_id)
    return row


async def add_field(table_id: str, title: str, uidt: str = "SingleLineText",
                    options: dict[str, Any] | None = None, **extra: Any) -> FieldSpec:
    table = await load_table(table_id)
    d = validate_new_fields([{"title": title, "uidt": uidt, "options": options, **extra}],
                            taken={f.title for f in table.fields})[0]
    order = max((f.order for f in table.fields if not f.system), default=0) + 1

    async def run(tx) -> FieldSpec:
        spec = await new_field_row(tx, table_id, d, order=order)
        await ddl.add_column(tx, db.dialect(), table.physical, spec)
        await bump(table_id, tx)
        return spec

    return await db.write(run)


async def update_field(field_id: str, *, title: str | None = None, uidt: str | None = None,
                       options: dict[str, Any] | None = None, indexed: bool | None = None,
                       required: bool | None = None) -> FieldSpec:
    """Rename, change options, toggle the index, or change the type (converting values)."""
    row = await _field_row(field_id)
    if uidt is not None and uidt != row.uidt:
        await change_type(field_id, uidt, options)
        row = await _field_row(field_id)
        options = None
    old_title = row.title
    if title is not None and title != row.title:
        await _rename(row, title)
    if options is not None:
        _no_system(row, "change the options of")
        normalised = normalise_options(row.uidt, options)
        await _keep_used_options(row, normalised)
        row.options = normalised
    if required is not None:
        row.required = bool(required)
    await _save(row, old_title)
    if indexed is not None:
        await set_indexed(field_id, indexed)
    return spec_of(await _field_row(field_id))


async def _save(row: Field, old_title: str) -> None:
    """Save ``row``; a rename rewrites the hook conditions naming the old title in the same
    transaction, so no event is judged against a title that no longer exists."""

    async def run(tx) -> None:
        await row.save(using_db=tx)
        if row.title != old_title:
            await rename_in_conditions(tx, row.table_id, old_title, row.title)
        await bump(row.table_id, tx)

    await db.write(run)


async def _keep_used_options(row: Field, options: dict[str, Any]) -> None:
    """Refuse replacing a select's options without one that rows still hold."""
    if row.uidt not in SELECT_TYPES:
        return
    kept = {str(o["title"]) for o in options.get("options", [])}
    removed = [str(o["title"]) for o in (row.options or {}).get("options", [])
               if str(o["title"]) not in kept]
    await refuse_used(row, row.id, removed)


async def _rename(row: Field, title: str) -> None:
    _no_system(row, "rename")
    title = clean_title(title, "Field")
    clash = [f for f in await Field.filter(table_id=row.table_id)
             if f.id != row.id and f.title.casefold() == title.casefold()]
    if clash:
        raise DuplicateName(f"A field titled '{title}' already exists", field=title)
    row.title = title


def _no_system(row: Field, action: str) -> None:
    if row.system:
        raise InvalidRequest(f"Cannot {action} the system field '{row.title}'", field=row.title)


async def set_indexed(field_id: str, on: bool) -> FieldSpec:
    row = await _field_row(field_id)
    if on and not registry.get(row.uidt).indexable:
        raise InvalidRequest(f"Fields of type {row.uidt} cannot be indexed", field=row.title)
    table = await Table.get(id=row.table_id)

    async def run(tx) -> None:
        if on:
            await ddl.create_index(tx, table.physical, row.column)
        else:
            await ddl.drop_index(tx, table.physical, row.column)
        await Field.filter(id=row.id).using_db(tx).update(indexed=on)
        await bump(row.table_id, tx)

    await db.write(run)
    return spec_of(await _field_row(field_id))


async def delete_field(field_id: str) -> None:
    """Drop the field, unless a hook's condition uses it (refused, naming the hooks)."""
    row = await _field_row(field_id)
    _no_system(row, "delete")
    table = await Table.get(id=row.table_id)
    spec = await load_table(row.table_id)

    async def run(tx) -> None:
        await refuse_breaking(spec, without_field(spec, row.id), row.title,
                              f"delete field '{row.title}'", tx)
        await ddl.drop_column(tx, table.physical, row.column)
        await Field.filter(id=row.id).using_db(tx).delete()
        await bump(row.table_id, tx)
        if row.primary_value:
            nxt = await Field.filter(table_id=table.id, system=False).using_db(tx).order_by("order").first()
            if nxt:
                await Field.filter(id=nxt.id).using_db(tx).update(primary_value=True)

    await db.write(run)


async def change_type(field_id: str, uidt: str, options: dict[str, Any] | None = None) -> FieldSpec:
    """Convert every value to the new type, or raise TypeConversionFailed listing the rows.
    Refused, naming the hooks, when a hook's condition would not work on the new type."""
    row = await _field_row(field_id)
    _no_system(row, "change the type of")
    table = await load_table(row.table_id)
    old = table.field(row.id)
    d = validate_new_fields([{"title": row.title, "uidt": uidt, "options": options,
                              "indexed": row.indexed}], taken=set())[0]
    retyped = replace(old, uidt=d["uidt"], options=d["options"] or {})
    await refuse_breaking(table, with_field(table, retyped), row.title,
                          f"change field '{row.title}' to {d['uidt']}")
    await convert_column(table, old, d)
    return spec_of(await _field_row(field_id))
