"""``row_position``: where one record sits in a view — how many of the view's rows come before
it in the view's order — answered by the database with one COUNT, whatever the table's size.

The order is the records service's: each sort key as given, NULLs first ascending and last
descending (both backends), then ``Id`` ascending. "Before" is spelled out key by key with
the record's own stored values, so the count agrees with the rows ``list_records`` pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from typing import Any

from pypika_tortoise import Criterion, Table as PTable
from pypika_tortoise.functions import Count
from pypika_tortoise.terms import Term

from core import db
from core.query.ast import Group
from core.query.compiler import compile_where
from core.query.sql import bound
from core.records.listing import SortKey
from core.schema.spec import TableSpec


def _before(column: Term, value: Any, descending: bool) -> Criterion | None:
    """Rows strictly before ``value`` on one key (None: no row can be)."""
    if value is None:
        return column.notnull() if descending else None
    if descending:
        return column > bound(value)
    return column.isnull() | (column < bound(value))


def _same(column: Term, value: Any) -> Criterion:
    return column.isnull() if value is None else column == bound(value)


def _before_record(t: PTable, keys: Sequence[tuple[str, bool]], values: dict[str, Any]
                   ) -> Criterion:
    """(k1 before) OR (k1 same AND k2 before) OR …; the last key is ``id`` (never NULL)."""
    alternatives: list[Criterion] = []
    same: list[Criterion] = []
    for column, descending in keys:
        term = t.field(column)
        before = _before(term, values[column], descending)
        if before is not None:
            alternatives.append(reduce(lambda a, b: a & b, [*same, before]))
        same.append(_same(term, values[column]))
    return reduce(lambda a, b: a | b, alternatives)


def order_keys(sort: Sequence[SortKey]) -> list[tuple[str, bool]]:
    """``(column, descending)`` as the service orders: the sort up to an ``Id`` key, else
    ending with ``Id`` ascending."""
    keys: list[tuple[str, bool]] = []
    for key in sort:
        keys.append((key.field.column, key.descending))
        if key.field.column == "id":
            return keys
    return [*keys, ("id", False)]


async def row_position(table: TableSpec, where: Group | None, sort: Sequence[SortKey],
                       record_id: int) -> int | None:
    """The 0-based index of record ``record_id`` among the rows matching ``where`` (field
    titles or ids) in ``sort`` order; None when the record is gone or does not match."""
    t = PTable(table.physical)
    crit = compile_where(where, table, db.dialect()) if where is not None else None
    keys = order_keys(sort)
    columns = list(dict.fromkeys(["id", *(c for c, _ in keys)]))
    find = db.query_class().from_(t).select(*(t.field(c) for c in columns)).where(
        t.id == bound(record_id))
    rows = await _query(find.where(crit) if crit is not None else find)
    if not rows:
        return None
    before = _before_record(t, keys, rows[0])
    count = db.query_class().from_(t).select(Count("*").as_("n")).where(before)
    found = await _query(count.where(crit) if crit is not None else count)
    return int(found[0]["n"])


async def _query(query: Any) -> list[dict[str, Any]]:
    sql, params = query.get_parameterized_sql()
    return await db.conn().execute_query_dict(sql, params)
