"""The records service both faces call: list/get/count and create/update/delete one or many.

A write is one transaction: every row is validated before anything is written, and the
change-feed ``Event`` is appended in the same transaction, so a failure leaves neither data
nor event behind. Writes return primary keys in input order. ``totalRows`` and counts come
from the count cache while the data is unchanged (``counts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypika_tortoise import Order, Table as PTable
from pypika_tortoise.functions import Count
from pypika_tortoise.terms import CustomFunction

from core import db, peek
from core.errors import InvalidQuery, InvalidValue, RecordNotFound
from core.fields.base import FieldSpec, FieldType
from core.query.sql import bound
from core.records import counts, events
from core.records.listing import ListQuery, Page, PageInfo, SortKey
from core.records.statements import insert_returning_id, select_by_id
from core.records.readers import row_reader
from core.records.rows import MAX_ID, now_utc, prepare_values, record_id, to_json_row
from core.schema.spec import TableSpec

_RANDOM = CustomFunction("RANDOM")
_CHUNK_PARAMS = 30000
_MAX_PLANS = 256
# A page read on the side connection that takes longer than this moves to the main one.
_PEEK_BUDGET = 0.001


class _Nulls:
    """ORDER BY direction that puts NULLs first ascending and last descending on PostgreSQL
    (SQLite already does so)."""

    def __init__(self, value: str) -> None:
        self.value = value


_PG_ORDER = {False: _Nulls("ASC NULLS FIRST"), True: _Nulls("DESC NULLS LAST")}


def _criterion(table: TableSpec, q: ListQuery, t: PTable) -> Any:
    crit = None
    if q.where is not None:
        from core.query.compiler import compile_where

        crit = compile_where(q.where, table, db.dialect())
    if q.pks is not None:
        pk_crit = t.id.isin(list(q.pks)) if q.pks else t.id.isnull()
        crit = pk_crit if crit is None else crit & pk_crit
    return crit


def _order(query: Any, t: PTable, sort: Sequence[SortKey], shuffle: bool) -> Any:
    if shuffle:
        return query.orderby(_RANDOM())
    pg = db.dialect() == "postgres"
    for key in sort:
        direction = _PG_ORDER[key.descending] if pg else (Order.desc if key.descending else Order.asc)
        query = query.orderby(t.field(key.field.column), order=direction)
    if not any(k.field.column == "id" for k in sort):
        query = query.orderby(t.id, order=Order.asc)
    return query


@dataclass(frozen=True)
class _Plan:
    """The statements of one list query on one table snapshot, built once (``_plan``)."""

    page: tuple[str, list[Any]]
    counted: tuple[str, list[Any]]
    """The page with ``totalRows`` riding along as an uncorrelated scalar subquery (one round
    trip for both, the subquery run once)."""
    count: tuple[str, list[Any]]
    count_key: tuple[str, ...]


def _plan(table: TableSpec, q: ListQuery) -> _Plan:
    """The statements for ``q``, kept on the table snapshot: building them with pypika cost
    more than running them for a page of an indexed query. Relative dates (``today``) are
    resolved per UTC day, so the day is part of the key."""
    key = ("plan", db.dialect(), q, dt.datetime.now(dt.timezone.utc).date())
    try:
        plan = table.memo.get(key)
    except TypeError:  # an unhashable value somewhere in the query: build, do not keep
        return _build_plan(table, q)
    if plan is None:
        plan = _build_plan(table, q)
        if len(table.memo) >= _MAX_PLANS:
            table.memo.clear()
        table.memo[key] = plan
    return plan


def _build_plan(table: TableSpec, q: ListQuery) -> _Plan:
    fields = q.fields or table.fields
    t = PTable(table.physical)
    columns = list(dict.fromkeys(["id", *(f.column for f in fields)]))
    crit = _criterion(table, q, t)
    query = db.query_class().from_(t).select(*(t.field(c) for c in columns))
    if crit is not None:
        query = query.where(crit)
    if q.after_id is not None:
        if q.sort or q.shuffle:
            raise InvalidQuery("after_id pages only in the default order (no sort)")
        query = query.where(t.id > q.after_id)
    counted = query.select(_counter(t, crit).as_("gb_total"))

    def finish(built: Any) -> tuple[str, list[Any]]:
        sql, params = _order(built, t, q.sort, q.shuffle).limit(q.limit).offset(q.offset) \
            .get_parameterized_sql()
        return sql, list(params)

    count_sql, count_params = _counter(t, crit).get_parameterized_sql()
    return _Plan(page=finish(query), counted=finish(counted),
                 count=(count_sql, list(count_params)),
                 count_key=counts.key(table.physical, count_sql, count_params))


async def list_records(table: TableSpec, q: ListQuery = ListQuery()) -> Page:
    fields = tuple(q.fields or table.fields)
    plan = _plan(table, q)
    total, remember = await _cached_total(plan) if q.count_total else (-1, None)
    sql, params = plan.page if total is not None else plan.counted
    raw = await _read_page(table, sql, params)
    read = row_reader(table, fields, db.dialect())
    rows = [read(r) for r in raw]
    if total is None:
        total = int(raw[0]["gb_total"]) if raw else await _count(plan)
        remember(total)  # type: ignore[misc]
    return Page(rows=rows, info=PageInfo(total_rows=total, page_size=q.limit, offset=q.offset))


async def _read_page(table: TableSpec, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Read on the side connection (``core.peek``) within a small budget; a statement that
    overran it once (or has no side connection) goes to the main connection from then on."""
    slow = ("slow", sql)
    raw = None if slow in table.memo else peek.dict_rows(sql, params, budget=_PEEK_BUDGET)
    if raw is None:
        table.memo[slow] = True
        raw = await db.conn().execute_query_dict(sql, params)
    return raw


def _counter(t: PTable, crit: Any) -> Any:
    counter = db.query_class().from_(t).select(Count("*").as_("n"))
    return counter.where(crit) if crit is not None else counter


async def _cached_total(plan: _Plan) -> tuple[int | None, Any]:
    """(the cached count or None, a function that caches a fresh one) — see ``counts``."""
    taken_at = await counts.version()
    return counts.get(plan.count_key, taken_at), \
        lambda n: counts.put(plan.count_key, taken_at, n)


async def _count(plan: _Plan) -> int:
    rows = await db.conn().execute_query_dict(*plan.count)
    return int(rows[0]["n"])


async def count_records(table: TableSpec, q: ListQuery = ListQuery()) -> int:
    """How many rows match (cached while the data does not change, see ``counts``)."""
    plan = _plan(table, q)
    total, remember = await _cached_total(plan)
    if total is None:
        total = await _count(plan)
        remember(total)
    return total


async def get_record(table: TableSpec, rid: int | str,
                     fields: tuple[FieldSpec, ...] | None = None) -> dict[str, Any]:
    pk = _parse_pk(rid)
    fields = fields or table.fields
    dialect = db.dialect()
    columns = tuple(dict.fromkeys(["id", *(f.column for f in fields)]))
    sql = select_by_id(dialect, table.physical, columns)
    raw = peek.dict_rows(sql, (pk,))
    if raw is None:
        raw = await db.conn().execute_query_dict(sql, [pk])
    if not raw:
        raise RecordNotFound(f"Record '{rid}' not found", record=str(rid))
    return to_json_row(table, raw[0], fields, dialect)


def _parse_pk(rid: int | str) -> int:
    value = rid if isinstance(rid, int) and not isinstance(rid, bool) else None
    if isinstance(rid, str) and rid.strip().isdigit() and len(rid.strip()) < 20:
        value = int(rid)
    if value is None or not 0 < value < MAX_ID:
        raise RecordNotFound(f"Record '{rid}' not found", record=str(rid))
    return value


async def _fetch(table: TableSpec, ids: list[int], fields: tuple[FieldSpec, ...],
                 tx: Any = None) -> list[dict[str, Any]]:
    """Rows with these ids as JSON, in the order of ``ids`` (missing ones left out)."""
    if not ids:
        return []
    t = PTable(table.physical)
    columns = list(dict.fromkeys(["id", *(f.column for f in fields)]))
    found: dict[int, dict[str, Any]] = {}
    read = row_reader(table, tuple(fields), db.dialect())
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        sql, params = db.query_class().from_(t).select(*(t.field(c) for c in columns)) \
            .where(t.id.isin(chunk)).get_parameterized_sql()
        for raw in await (tx or db.conn()).execute_query_dict(sql, params):
            found[raw["id"]] = read(raw)
    return [found[i] for i in ids if i in found]


async def create_records(table: TableSpec, rows: Sequence[dict[str, Any]], *,
                         source: str = "core") -> list[int]:
    """Insert rows (validated first); return their ids in input order."""
    prepared = [prepare_values(table, r, i if len(rows) > 1 else None, inserting=True)
                for i, r in enumerate(rows)]
    if not prepared:
        return []
    return await db.write(lambda tx: insert_tx(tx, table, prepared, source))


async def insert_tx(tx: Any, table: TableSpec, prepared: list[dict[FieldSpec, Any]],
                    source: str) -> list[int]:
    """Insert validated rows and append their event, inside the caller's transaction."""
    created = now_utc()
    ids = await _insert(tx, table, prepared, created)
    await events.append(tx, table, events.INSERT, ids, _inserted_rows(table, ids, prepared, created),
                        source=source)
    return ids


def _inserted_rows(table: TableSpec, ids: list[int], prepared: list[dict[FieldSpec, Any]],
                   created: Any) -> list[dict[str, Any]]:
    """The rows as a read would return them, built from what was written (no re-read). Each
    field's conversion is looked up once, and the shared system values converted once."""
    stamp = {"created_at": created, "updated_at": None}
    plan = []
    for f in table.fields:
        identity = type(f.type).to_json is FieldType.to_json
        is_stamp = f.system and f.column in stamp
        constant = f.type.to_json(stamp[f.column], f) if is_stamp else None
        plan.append((f.title, f, f.system and f.column == "id", is_stamp, constant,
                     None if identity else f.type.to_json))
    rows = []
    for rid, values in zip(ids, prepared):
        row: dict[str, Any] = {}
        for title, f, is_id, is_stamp, constant, to_json in plan:
            if is_id:
                row[title] = rid
            elif is_stamp:
                row[title] = constant
            else:
                value = values.get(f)
                row[title] = value if to_json is None else to_json(value, f)
        rows.append(row)
    return rows


async def _insert(tx: Any, table: TableSpec, prepared: list[dict[FieldSpec, Any]],
                  created: Any) -> list[int]:
    dialect = db.dialect()
    cols = table.writable_fields
    columns = ("created_at", *(f.column for f in cols))
    stamp = table.system_field("created_at").type.to_db(created, dialect)
    per_chunk = max(1, _CHUNK_PARAMS // len(columns))
    ids: list[int] = []
    for start in range(0, len(prepared), per_chunk):
        chunk = prepared[start:start + per_chunk]
        params = [p for values in chunk
                  for p in (stamp, *(f.type.to_db(values.get(f), dialect) for f in cols))]
        sql = insert_returning_id(dialect, table.physical, columns, len(chunk))
        result = await tx.execute_query_dict(sql, params)
        ids.extend(sorted(r["id"] for r in result))
    return ids


async def update_records(table: TableSpec, rows: Sequence[dict[str, Any]], *,
                         source: str = "core") -> list[int]:
    """Partial updates; each row carries its primary key. Missing ids → RecordNotFound."""
    many = len(rows) > 1
    items = [(record_id(table, r, i if many else None),
              prepare_values(table, r, i if many else None, inserting=False))
             for i, r in enumerate(rows)]
    return await db.write(lambda tx: update_tx(tx, table, items, source))


async def update_tx(tx: Any, table: TableSpec, items: list[tuple[int, dict[FieldSpec, Any]]],
                    source: str) -> list[int]:
    """Apply validated partial updates and append their event, inside the caller's transaction."""
    if not items:
        return []
    ids = _unique_ids([rid for rid, _ in items])
    before = await _existing(tx, table, ids)
    dialect = db.dialect()
    stamp = _stamp(table, "updated_at", dialect)
    t = PTable(table.physical)
    for rid, values in items:
        query = db.query_class().update(t).set(t.updated_at, stamp)
        for spec, value in values.items():
            query = query.set(t.field(spec.column), bound(spec.type.to_db(value, dialect)))
        sql, params = query.where(t.id == rid).get_parameterized_sql()
        await tx.execute_query(sql, params)
    after = await _fetch(table, ids, table.fields, tx)
    await events.append(tx, table, events.UPDATE, ids, after, before, source=source)
    return ids


async def delete_records(table: TableSpec, keys: Sequence[Any], *, source: str = "core") -> list[int]:
    many = len(keys) > 1
    ids = _unique_ids([record_id(table, k, i if many else None) for i, k in enumerate(keys)])
    if not ids:
        return []

    async def run(tx: Any) -> list[int]:
        before = await _existing(tx, table, ids)
        t = PTable(table.physical)
        for start in range(0, len(ids), 900):
            sql, params = db.query_class().from_(t).delete() \
                .where(t.id.isin(ids[start:start + 900])).get_parameterized_sql()
            await tx.execute_query(sql, params)
        await events.append(tx, table, events.DELETE, ids, [], before, source=source)
        return ids

    return await db.write(run)


def _stamp(table: TableSpec, column: str, dialect: str) -> Any:
    """Now, as the system timestamp ``column`` stores it."""
    return table.system_field(column).type.to_db(now_utc(), dialect)


def _unique_ids(ids: list[int]) -> list[int]:
    seen: set[int] = set()
    for rid in ids:
        if rid in seen:
            raise InvalidValue(f"Duplicate record with id {rid}", record=rid)
        seen.add(rid)
    return ids


async def _existing(tx: Any, table: TableSpec, ids: list[int]) -> list[dict[str, Any]]:
    rows = await _fetch(table, ids, table.fields, tx)
    if len(rows) != len(ids):
        present = {r[table.pk.title] for r in rows}
        missing = [str(i) for i in ids if i not in present]
        noun = "Record" if len(missing) == 1 else "Records"
        raise RecordNotFound(f"{noun} '{', '.join(missing)}' not found", records=missing)
    return rows


async def restore_records(table: TableSpec, rows: Sequence[dict[str, Any]], *,
                          source: str = "core") -> list[int]:
    """Re-insert deleted rows with their original ``Id`` (and ``CreatedAt``), for undo.

    Each row is a record as read (JSON, keyed by title, with its primary key). The values are
    validated like an insert; an Id that is taken raises ``InvalidValue`` and writes nothing.
    """
    pk = table.pk.title
    ids = _unique_ids([record_id(table, r, i) for i, r in enumerate(rows)])
    prepared = [prepare_values(table, {k: v for k, v in r.items() if k != pk}, i,
                               inserting=True) for i, r in enumerate(rows)]
    if not prepared:
        return []
    created_spec = table.system_field("created_at")
    stamps = [created_spec.type.from_json(r.get(created_spec.title), created_spec)
              if r.get(created_spec.title) is not None else now_utc() for r in rows]

    async def run(tx: Any) -> list[int]:
        present = await _fetch(table, ids, (table.pk,), tx)
        if present:
            taken = present[0][pk]
            raise InvalidValue(f"A record with id {taken} already exists", record=taken)
        dialect = db.dialect()
        cols = table.writable_fields
        sql = insert_returning_id(dialect, table.physical,
                                  ("id", "created_at", *(f.column for f in cols)), 1)
        for rid, stamp, values in zip(ids, stamps, prepared):
            await tx.execute_query_dict(sql, [rid, created_spec.type.to_db(stamp, dialect),
                                              *(f.type.to_db(values.get(f), dialect) for f in cols)])
        after = await _fetch(table, ids, table.fields, tx)
        await events.append(tx, table, events.INSERT, ids, after, source=source)
        return ids

    return await db.write(run)
