"""Upsert: insert or update rows matched on one field, in one transaction (a gridbase extension)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypika_tortoise import Table as PTable

from core import db
from core.errors import InvalidRequest, InvalidValue
from core.fields.base import FieldSpec
from core.query.sql import bound
from core.records.rows import prepare_values
from core.records.service import insert_tx, update_tx
from core.schema.spec import TableSpec


def _key_field(table: TableSpec, on: str) -> FieldSpec:
    spec = table.find(on)
    if spec is None:
        raise InvalidRequest(f"Field '{on}' not found (upsert ?on=)", field=on)
    if not spec.type.writable or spec.type.family in ("multiselect", "json"):
        raise InvalidRequest(f"Field '{spec.title}' ({spec.uidt}) cannot be used to match rows",
                             field=spec.title)
    return spec


async def _matches(tx: Any, table: TableSpec, key: FieldSpec, values: list[Any]) -> dict[Any, int]:
    t = PTable(table.physical)
    col = t.field(key.column)
    dialect = db.dialect()
    found: dict[Any, list[int]] = {}
    for start in range(0, len(values), 900):
        chunk = [bound(key.type.to_db(v, dialect)) for v in values[start:start + 900]]
        sql, params = db.query_class().from_(t).select(t.id, col).where(col.isin(chunk)) \
            .get_parameterized_sql()
        for row in await tx.execute_query_dict(sql, params):
            found.setdefault(key.type.from_db(row[key.column], dialect), []).append(row["id"])
    for value, ids in found.items():
        if len(ids) > 1:
            raise InvalidRequest(f"Field '{key.title}' value {value!r} matches {len(ids)} records; "
                                 "upsert needs at most one match", field=key.title)
    return {v: ids[0] for v, ids in found.items()}


async def upsert_records(table: TableSpec, rows: Sequence[dict[str, Any]], on: str, *,
                         source: str = "core") -> list[int]:
    key = _key_field(table, on)
    many = len(rows) > 1
    prepared = [prepare_values(table, r, i if many else None, inserting=True)
                for i, r in enumerate(rows)]
    keys = []
    for i, values in enumerate(prepared):
        if values.get(key) is None:
            raise InvalidValue(f"Row {i}: field '{key.title}' is needed to match rows",
                               field=key.title, row=i)
        keys.append(values[key])
    if len(set(keys)) != len(keys):
        raise InvalidRequest(f"Field '{key.title}' has the same value twice in this request",
                             field=key.title)

    async def run(tx: Any) -> list[int]:
        existing = await _matches(tx, table, key, keys)
        updates = [(existing[k], v) for k, v in zip(keys, prepared) if k in existing]
        inserts = [v for k, v in zip(keys, prepared) if k not in existing]
        new_ids = iter(await insert_tx(tx, table, inserts, source) if inserts else [])
        if updates:
            await update_tx(tx, table, updates, source)
        return [existing[k] if k in existing else next(new_ids) for k in keys]

    return await db.write(run)
