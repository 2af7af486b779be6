"""A metadata version: one value that moves whenever a base, table, field or view is created,
renamed, changed or deleted — by this process or by another one (the API server).

It is one statement of six aggregates over the small metadata tables, the same on SQLite and
PostgreSQL. A deletion lowers a count; a creation or a rename (``save`` stamps ``updated_at``
with the time) raises a ``max(updated_at)``; a field change bumps its table's ``version``
(``core.schema.cache.bump``), which moves the sum. A client polls it and re-reads the
catalog only when it moved.
"""

from __future__ import annotations

from core import db

_SQL = ('SELECT (SELECT count(*) FROM "gb_base") AS bases,'
        ' (SELECT max("updated_at") FROM "gb_base") AS base_stamp,'
        ' (SELECT count(*) FROM "gb_table") AS tables,'
        ' (SELECT max("updated_at") FROM "gb_table") AS table_stamp,'
        ' (SELECT sum("version") FROM "gb_table") AS versions,'
        ' (SELECT count(*) FROM "gb_view") AS views,'
        ' (SELECT max("updated_at") FROM "gb_view") AS view_stamp')

MetaVersion = tuple[str, ...]


async def meta_version() -> MetaVersion:
    """The current metadata version: compare two for equality, nothing else."""
    rows = await db.conn().execute_query_dict(_SQL)
    return tuple(str(value) for value in rows[0].values())
