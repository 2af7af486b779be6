"""Helpers for the query tests: an offline ``TableSpec`` for SQL-shape tests, and a runner that
answers "which ids match this where?" on the store opened by the shared ``store`` fixture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pypika_tortoise import Table
from pypika_tortoise.dialects import PostgreSQLQuery, SQLLiteQuery

from core import db
from core.fields.base import FieldSpec
from core.query import compile_where, parse_where
from core.schema.spec import TableSpec

NOW = dt.datetime(2025, 9, 30, 12, 0, tzinfo=dt.timezone.utc)
QUERY_CLASS = {"sqlite": SQLLiteQuery, "postgres": PostgreSQLQuery}


def spec_table(fields: dict[str, str], options: dict[str, dict] | None = None) -> TableSpec:
    """A ``TableSpec`` built in memory (no database): ``{"Name": "SingleLineText", …}``."""
    options = options or {}
    specs = [FieldSpec("fid", "Id", "ID", "id", system=True)]
    for i, (title, uidt) in enumerate(fields.items()):
        specs.append(FieldSpec(f"fld{i}", title, uidt, f"f_c{i:02d}", options=options.get(title, {})))
    specs.append(FieldSpec("fca", "CreatedAt", "CreatedTime", "created_at", system=True))
    specs.append(FieldSpec("fua", "UpdatedAt", "LastModifiedTime", "updated_at", system=True))
    return TableSpec("tid", "bid", "Things", "t_things", tuple(specs))


def to_sql(where: str | Sequence[str], table: TableSpec, dialect: str,
           now: dt.datetime = NOW) -> tuple[str, list]:
    """``SELECT id … WHERE <compiled>`` as (sql, params), without a database."""
    crit = compile_where(parse_where(where), table, dialect, now=now)
    t = Table(table.physical)
    return QUERY_CLASS[dialect].from_(t).select(t.id).where(crit).get_parameterized_sql()


async def matching_ids(table: TableSpec, where: str | Sequence[str],
                       now: dt.datetime | None = NOW) -> list[int]:
    """Ids of the rows of ``table`` that ``where`` selects, in id order, on the open store."""
    crit = compile_where(parse_where(where), table, db.dialect(), now=now)
    t = Table(table.physical)
    sql, params = db.query_class().from_(t).select(t.id).where(crit).orderby(t.id) \
        .get_parameterized_sql()
    return [row["id"] for row in await db.conn().execute_query_dict(sql, params)]
