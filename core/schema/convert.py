"""Changing a field's type: convert every stored value or refuse, naming the rows that fail.

Each value goes through ``FieldType.convert`` (by default old type → exact text → new type;
Checkbox ↔ number convert as 1/0 and non-zero). Converting to
a select with no options given creates the options from the distinct values found. The new
values go into a fresh column that replaces the old one, all in one transaction.
"""

from __future__ import annotations

import secrets
from typing import Any

from pypika_tortoise import Table as PTable

from core import db
from core.errors import TypeConversionFailed
from core.fields import registry
from core.fields.base import FieldSpec
from core.fields.select import make_options
from core.ids import checked_ident, column_ident
from core.models import Field
from core.schema import ddl
from core.schema.cache import bump
from core.schema.spec import TableSpec

_REPORT_LIMIT = 50


async def _read_all(table: TableSpec, column: str) -> list[tuple[int, Any]]:
    t = PTable(table.physical)
    sql, params = db.query_class().from_(t).select(t.id, t.field(column)).orderby(t.id) \
        .get_parameterized_sql()
    rows = await db.conn().execute_query_dict(sql, params)
    return [(r["id"], r[column]) for r in rows]


def _auto_options(uidt: str, texts: list[str]) -> dict[str, Any]:
    seen: dict[str, None] = {}
    for text in texts:
        parts = text.split(",") if uidt == "MultiSelect" else [text]
        for p in parts:
            if p.strip():
                seen[p.strip()] = None
    return {"options": make_options(list(seen))}


async def convert_column(table: TableSpec, old: FieldSpec, new: dict[str, Any]) -> None:
    dialect = db.dialect()
    old_type, new_type = old.type, registry.get(new["uidt"])
    values = [(rid, old_type.from_db(raw, dialect)) for rid, raw in await _read_all(table, old.column)]
    if new["uidt"] in ("SingleSelect", "MultiSelect") and not new["options"].get("options"):
        texts = [old_type.to_text(v, old) for _, v in values]
        new["options"] = _auto_options(new["uidt"], [t for t in texts if t])
    # From the id, not the old column: appending to it grew past 63 characters (index name)
    # after a few changes.
    column = checked_ident(f"{column_ident(old.id)}_{secrets.token_hex(3)}")
    spec = FieldSpec(id=old.id, title=old.title, uidt=new["uidt"], column=column,
                     options=new["options"], indexed=new["indexed"] and new_type.indexable)
    converted, failed = [], []
    for rid, value in values:
        try:
            converted.append((rid, new_type.to_db(new_type.convert(value, old, spec), dialect)))
        except ValueError as exc:
            failed.append((rid, old_type.to_text(value, old), str(exc)))
    if failed:
        _refuse(old, new["uidt"], failed)

    async def run(tx) -> None:
        await ddl.add_column(tx, dialect, table.physical, spec)
        t = PTable(table.physical)
        for rid, value in converted:
            if value is None:
                continue
            sql, params = db.query_class().update(t).set(t.field(column), value) \
                .where(t.id == rid).get_parameterized_sql()
            await tx.execute_query(sql, params)
        await ddl.drop_column(tx, table.physical, old.column)
        await Field.filter(id=old.id).using_db(tx).update(
            uidt=spec.uidt, column=column, options=spec.options, indexed=spec.indexed)
        await bump(table.id, tx)

    await db.write(run)


def _refuse(old: FieldSpec, uidt: str, failed: list[tuple[int, str, str]]) -> None:
    shown = failed[:_REPORT_LIMIT]
    lines = "; ".join(f"row {rid}: {text!r}" for rid, text, _ in shown[:5])
    more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
    raise TypeConversionFailed(
        f"Cannot change field '{old.title}' from {old.uidt} to {uidt}: "
        f"{len(failed)} value(s) do not convert ({lines}{more})",
        field=old.title, rows=[rid for rid, _, _ in shown],
        errors=[{"id": rid, "value": text, "message": msg} for rid, text, msg in shown],
        count=len(failed))
