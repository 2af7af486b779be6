"""Exporting a table as CSV, streamed: keyset pages by id, never the whole table in memory.

The header is the field titles; by default only user fields, so an import followed by an export
gives back the columns of the original file (``system=True`` adds Id, CreatedAt, UpdatedAt).
Cells are each field type's exact text (``to_text``): NULL is an empty cell, a checkbox is
``True``/``False``, text keeps its spaces and newlines. Lines end in ``\\n``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from pypika_tortoise import Order, Table as PTable

from core import db
from core.fields.base import FieldSpec
from core.query import compile_where, parse_where
from core.schema.spec import TableSpec

PAGE_SIZE = 5000


async def export_csv(table: TableSpec, out: TextIO, *, where: Any = None,
                     fields: Sequence[str | FieldSpec] | None = None,
                     system: bool = False) -> int:
    """Write ``table`` (rows matching ``where``: a ``where`` string or a parsed tree) to ``out``;
    return the number of rows written. ``fields`` picks and orders columns by title or id."""
    chosen = _fields(table, fields, system)
    criterion = _criterion(table, where)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.title for f in chosen])
    cells = [_cell(f, db.dialect()) for f in chosen]
    count, last = 0, None
    while True:
        page = await _page(table, chosen, criterion, last)
        writer.writerows([[fn(raw[f.column]) for f, fn in zip(chosen, cells)] for raw in page])
        count += len(page)
        if len(page) < PAGE_SIZE:
            return count
        last = page[-1]["id"]


def _fields(table: TableSpec, fields: Sequence[str | FieldSpec] | None,
            system: bool) -> list[FieldSpec]:
    if fields:
        return [f if isinstance(f, FieldSpec) else table.field(f) for f in fields]
    if system:
        return list(table.fields)  # Id first, CreatedAt/UpdatedAt last (their order values)
    return [f for f in table.fields if not f.system]


def _cell(spec: FieldSpec, dialect: str) -> Callable[[Any], str]:
    ftype = spec.type
    return lambda raw: "" if raw is None else ftype.to_text(ftype.from_db(raw, dialect), spec)


def _criterion(table: TableSpec, where: Any) -> Any:
    tree = parse_where(where) if isinstance(where, str) else where
    return None if tree is None else compile_where(tree, table, db.dialect())


async def _page(table: TableSpec, fields: list[FieldSpec], criterion: Any,
                after: int | None) -> list[dict[str, Any]]:
    t = PTable(table.physical)
    columns = list(dict.fromkeys(["id", *(f.column for f in fields)]))
    query = db.query_class().from_(t).select(*(t.field(c) for c in columns))
    if after is not None:
        query = query.where(t.id > after)
    if criterion is not None:
        query = query.where(criterion)
    sql, params = query.orderby(t.id, order=Order.asc).limit(PAGE_SIZE).get_parameterized_sql()
    return await db.conn().execute_query_dict(sql, params)
