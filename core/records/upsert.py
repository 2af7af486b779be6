"""Upsert: insert or update rows matched on one field, in one transaction (a gridbase extension)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypika_tortoise import Table as PTable

from core import db
from core.errors import FieldNotFound, InvalidRequest
from core.fields.base import FieldSpec
from core.query.sql import bound
from core.records.rows import item_error, prepare_values, shown
from core.records.service import insert_tx, update_tx
from core.schema.spec import TableSpec


def _key_field(table: TableSpec, on: str) -> FieldSpec:
    spec = table.find(on)
    if spec is None:
        raise FieldNotFound(f"Field '{on}' not found", field=on, table=table.title)
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
            raise InvalidRequest(f"Field '{key.title}' value {shown(key.type.to_json(value, key))} "
                                 f"matches {len(ids)} records; upsert needs at most one match",
                                 field=key.title, records=ids)
    return {v: ids[0] for v, ids in found.items()}


def _match_value(key: FieldSpec, values: dict[FieldSpec, Any], index: int | None) -> Any:
    if values.get(key) is None:
        raise item_error(index, f"field '{key.title}' is needed to match rows", field=key.title)
    return values[key]


def _refuse_repeats(key: FieldSpec, keys: list[Any]) -> None:
    """Two items with one match value would both insert (or update the same record)."""
    first: dict[Any, int] = {}
    for index, value in enumerate(keys):
        earlier = first.setdefault(value, index)
        if earlier != index:
            given = key.type.to_json(value, key)
            raise InvalidRequest(
                f"Field '{key.title}' has the value {shown(given)} twice in this request: "
                f"records {earlier + 1} and {index + 1} (indexes {earlier} and {index})",
                field=key.title, value=given, rows=[earlier, index])


async def upsert_records(table: TableSpec, rows: Sequence[dict[str, Any]], on: str, *,
                         source: str = "core") -> list[int]:
    key = _key_field(table, on)
    many = len(rows) > 1
    prepared = [prepare_values(table, r, i if many else None, inserting=True)
                for i, r in enumerate(rows)]
    keys = [_match_value(key, values, i if many else None) for i, values in enumerate(prepared)]
    _refuse_repeats(key, keys)

    async def run(tx: Any) -> list[int]:
        existing = await _matches(tx, table, key, keys)
        updates = [(existing[k], v) for k, v in zip(keys, prepared) if k in existing]
        inserts = [v for k, v in zip(keys, prepared) if k not in existing]
        new_ids = iter(await insert_tx(tx, table, inserts, source) if inserts else [])
        if updates:
            await update_tx(tx, table, updates, source)
        return [existing[k] if k in existing else next(new_ids) for k in keys]

    return await db.write(run)
