"""DDL for user tables. Identifiers come only from ``core.ids`` (checked generated names);
values never appear here. Runs through ``execute_query`` so it stays inside the transaction
(``execute_script`` would COMMIT on SQLite)."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from core.fields.base import FieldSpec, Storage, SQL_TYPES
from core.ids import checked_ident


def _q(name: str) -> str:
    return f'"{checked_ident(name)}"'


def index_name(physical: str, column: str) -> str:
    return checked_ident(f"ix_{physical[2:]}_{column}")


async def create_table(tx: BaseDBAsyncClient, dialect: str, physical: str) -> None:
    pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"
    ts = SQL_TYPES[Storage.DATETIME][dialect]
    await tx.execute_query(
        f"CREATE TABLE {_q(physical)} (id {pk}, created_at {ts} NOT NULL, updated_at {ts})"
    )
    await create_index(tx, physical, "created_at")
    await create_index(tx, physical, "updated_at")


async def drop_table(tx: BaseDBAsyncClient, physical: str) -> None:
    await tx.execute_query(f"DROP TABLE IF EXISTS {_q(physical)}")


async def add_column(tx: BaseDBAsyncClient, dialect: str, physical: str, spec: FieldSpec) -> None:
    sql_type = spec.type.sql_type(dialect)
    await tx.execute_query(f"ALTER TABLE {_q(physical)} ADD COLUMN {_q(spec.column)} {sql_type}")
    if spec.indexed:
        await create_index(tx, physical, spec.column)


async def drop_column(tx: BaseDBAsyncClient, physical: str, column: str) -> None:
    await drop_index(tx, physical, column)
    await tx.execute_query(f"ALTER TABLE {_q(physical)} DROP COLUMN {_q(column)}")


async def create_index(tx: BaseDBAsyncClient, physical: str, column: str) -> None:
    """An index on ``(column, id)``: serves filters, sorts and keyset paging on that column.

    gridbase sorts NULLs first ascending (SQLite's order); PostgreSQL's default index order puts
    them last, which could not serve that sort, so its index says NULLS FIRST."""
    name = index_name(physical, column)
    nulls = " ASC NULLS FIRST" if tx.capabilities.dialect != "sqlite" else ""
    await tx.execute_query(
        f"CREATE INDEX IF NOT EXISTS {_q(name)} ON {_q(physical)} ({_q(column)}{nulls}, id)"
    )


async def drop_index(tx: BaseDBAsyncClient, physical: str, column: str) -> None:
    await tx.execute_query(f"DROP INDEX IF EXISTS {_q(index_name(physical, column))}")
