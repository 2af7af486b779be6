"""Editing the options of a SingleSelect or MultiSelect field: add, rename, reorder, remove.

Options are validated by ``normalise_options`` (the check the API's column update runs:
unique, non-empty, no ``,`` in a MultiSelect title) and kept in ``Field.options`` as the API
writes them. Two rules the API's plain "replace the options" cannot give: a renamed option's
values follow it in every row (one transaction with the option change), and an option still
used by rows is not removed — the error says how many rows use it, so nothing is left
holding a value that is no longer an option.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise import Table as PTable
from pypika_tortoise.functions import Count

from core import db
from core.errors import FieldNotFound, InvalidRequest
from core.fields.base import FieldSpec
from core.fields.select import option_titles
from core.models import Field, Table
from core.schema.cache import bump
from core.schema.convert import _auto_options, _read_all
from core.schema.fieldspecs import normalise_options, spec_of
from core.schema.tables import load_table

SELECT_TYPES = ("SingleSelect", "MultiSelect")


async def _select_field(field_id: str) -> tuple[Field, str]:
    """The field's row and its table's physical name; InvalidRequest unless it is a select."""
    row = await Field.get_or_none(id=field_id)
    if row is None:
        raise FieldNotFound(f"Field '{field_id}' not found", field=field_id)
    if row.uidt not in SELECT_TYPES:
        raise InvalidRequest(f"Field '{row.title}' is {row.uidt}; only SingleSelect and "
                             "MultiSelect fields have options", field=row.title)
    return row, (await Table.get(id=row.table_id)).physical


async def option_usage(field_id: str) -> dict[str, int]:
    """How many rows hold each option of the select field (every option, 0 when unused)."""
    row, physical = await _select_field(field_id)
    t = PTable(physical)
    col = t.field(row.column)
    sql, params = db.query_class().from_(t).select(col, Count("*").as_("n")) \
        .where(col.notnull()).groupby(col).get_parameterized_sql()
    counts = {title: 0 for title in option_titles(spec_of(row))}
    for found in await db.conn().execute_query_dict(sql, params):
        for title in _titles_in(row.uidt, found[row.column]):
            counts[title] = counts.get(title, 0) + found["n"]
    return counts


def _titles_in(uidt: str, stored: str) -> list[str]:
    return stored.split(",") if uidt == "MultiSelect" else [stored]


async def set_options(field_id: str, titles: list[str],
                      renamed: dict[str, str] | None = None) -> FieldSpec:
    """Make ``titles`` the field's options, in that order; ``renamed`` maps an old title to
    its new one so the rows holding it follow. Colours stay with their option.

    Raises:
        InvalidRequest: a title is empty, repeated, or (MultiSelect) holds a ``,``; a
            renamed title is not an option; or a removed option is still used by rows.
    """
    renamed = dict(renamed or {})
    row, physical = await _select_field(field_id)
    old = {str(o["title"]): o for o in (row.options or {}).get("options", [])}
    unknown = [t for t in renamed if t not in old]
    if unknown:
        raise InvalidRequest(f"{unknown[0]!r} is not an option of '{row.title}'", field=row.title)
    if set(renamed.values()) & set(renamed):  # a swap would need a temporary title
        raise InvalidRequest("Rename one option at a time", field=row.title)
    was = {new: prior for prior, new in renamed.items()}
    items = [{"title": t, "color": old.get(was.get(t, t), {}).get("color")} for t in titles]
    options = normalise_options(row.uidt, {**(row.options or {}), "options": items})
    removed = [t for t in old if t not in renamed and t not in titles]
    await refuse_used(row, field_id, removed)

    async def run(tx) -> None:  # type: ignore[no-untyped-def]
        for prior, new in renamed.items():
            await _rename_values(tx, row, physical, prior, new)
        await Field.filter(id=row.id).using_db(tx).update(options=options)
        await bump(row.table_id, tx)

    await db.write(run)
    return spec_of(await Field.get(id=field_id))


async def refuse_used(row: Field, field_id: str, removed: list[str]) -> None:
    """InvalidRequest if rows still hold one of the ``removed`` options (the API's column
    update calls this too, so neither face leaves values that are no longer options)."""
    if not removed:
        return
    usage = await option_usage(field_id)
    used = [(t, usage.get(t, 0)) for t in removed if usage.get(t, 0)]
    if used:
        title, count = used[0]
        raise InvalidRequest(
            f"Option {title!r} of '{row.title}' is used by {count} row(s); change or clear "
            "those rows first (or rename the option)", field=row.title)


async def _rename_values(tx: Any, row: Field, physical: str, prior: str, new: str) -> None:
    """Store ``new`` wherever a row holds ``prior`` (MultiSelect: in its list, in place)."""
    t = PTable(physical)
    col = t.field(row.column)
    query = db.query_class()
    if row.uidt == "SingleSelect":
        sql, params = query.update(t).set(col, new).where(col == prior).get_parameterized_sql()
        await tx.execute_query(sql, params)
        return
    sql, params = query.from_(t).select(t.id, col).where(col.like(f"%{prior}%")) \
        .get_parameterized_sql()
    for found in await tx.execute_query_dict(sql, params):
        parts = found[row.column].split(",")
        if prior in parts:
            value = ",".join(new if p == prior else p for p in parts)
            sql, params = query.update(t).set(col, value).where(t.id == found["id"]) \
                .get_parameterized_sql()
            await tx.execute_query(sql, params)


async def suggested_options(field_id: str, uidt: str) -> list[str]:
    """The options a change of the field to select type ``uidt`` would start with: its own
    options when it already is a select, else the distinct values of its rows (what
    ``change_type`` derives when no options are given)."""
    table = await load_table((await Field.get(id=field_id)).table_id)
    spec = table.field(field_id)
    if spec.uidt in SELECT_TYPES:
        return option_titles(spec)
    rows = await _read_all(table, spec.column)
    texts = [spec.type.to_text(spec.type.from_db(raw, db.dialect()), spec) for _, raw in rows]
    return [o["title"] for o in _auto_options(uidt, [t for t in texts if t])["options"]]
