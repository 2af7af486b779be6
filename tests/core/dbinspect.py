"""Look at the real SQL objects behind the metadata (sqlite_master / information_schema / pg_indexes).

Core tests use these to prove that DDL really happened, independent of core's own bookkeeping.
"""

from __future__ import annotations

from typing import Any

from core import db


async def _rows(sqlite_sql: str, pg_sql: str, *params: Any) -> list[dict[str, Any]]:
    sql = sqlite_sql if db.dialect() == "sqlite" else pg_sql
    return await db.conn().execute_query_dict(sql, list(params))


async def table_names() -> set[str]:
    rows = await _rows(
        "SELECT name FROM sqlite_master WHERE type = 'table'",
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    )
    return {r["name"] for r in rows}


async def table_exists(name: str) -> bool:
    return name in await table_names()


async def columns(table: str) -> dict[str, str]:
    """Column name → declared SQL type, lower-case (``text``, ``bigint``, ``timestamp with time zone`` …)."""
    if db.dialect() == "sqlite":
        rows = await db.conn().execute_query_dict(f'PRAGMA table_info("{table}")')
        return {r["name"]: r["type"].lower() for r in rows}
    rows = await db.conn().execute_query_dict(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = $1", [table])
    return {r["column_name"]: r["data_type"].lower() for r in rows}


async def indexes(table: str) -> dict[str, str]:
    """Index name → its SQL definition, for the indexes gridbase created on ``table``."""
    rows = await _rows(
        "SELECT name, sql AS definition FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        "SELECT indexname AS name, indexdef AS definition FROM pg_indexes "
        "WHERE schemaname = 'public' AND tablename = $1 AND indexname NOT LIKE '%_pkey'",
        table,
    )
    return {r["name"]: r["definition"] for r in rows}


async def indexed_columns(table: str) -> set[str]:
    """The first column of each index on ``table``."""
    out = set()
    for definition in (await indexes(table)).values():
        inside = definition[definition.index("(") + 1:]
        out.add(inside.split(",")[0].split()[0].strip('"'))  # "col ASC NULLS FIRST" on PG
    return out


async def raw_rows(table: str) -> list[dict[str, Any]]:
    """Every row of a physical table exactly as the driver returns it, by id."""
    return await db.conn().execute_query_dict(f'SELECT * FROM "{table}" ORDER BY id')


async def count(table: str) -> int:
    rows = await db.conn().execute_query_dict(f'SELECT COUNT(*) AS n FROM "{table}"')
    return int(rows[0]["n"])
