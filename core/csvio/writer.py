"""Writing one batch of converted rows, plus its change-feed event, in the caller's transaction.

SQLite: one prepared ``INSERT`` run with ``executemany``. The transaction holds the write lock
(``core.db.write`` takes it first), and the table's key is AUTOINCREMENT, so the batch's ids
are the ``len(batch)`` ids ending at ``max(id)`` read afterwards.

PostgreSQL: one ``INSERT … SELECT … FROM unnest($2::text[], $3::bigint[], …) RETURNING id``
per batch — a single statement whatever the batch size (no 32,767-parameter limit), and the
ids come back from the statement itself, correct with any number of concurrent writers.

Each batch appends one ``records.after.bulkInsert`` event with its record ids. The rows
themselves are put in the event only when an active webhook listens on the table (checked
once per import), because reading them back would halve the import's speed for nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypika_tortoise import Parameter, Table as PTable
from pypika_tortoise.functions import Max
from tortoise.backends.base.client import BaseDBAsyncClient

from core import db
from core.fields.base import FieldSpec
from core.ids import checked_ident
from core.models import Webhook
from core.records import events
from core.records.readers import row_reader
from core.records.rows import now_utc
from core.schema.spec import TableSpec

_FETCH_CHUNK = 900


async def has_listeners(table: TableSpec) -> bool:
    return await Webhook.filter(table_id=table.id, active=True).exists()


class BatchWriter:
    """Inserts batches of value lists (one value per field of ``specs``, in that order)."""

    def __init__(self, table: TableSpec, specs: Sequence[FieldSpec], *, with_rows: bool) -> None:
        self.table = table
        self.specs = list(specs)
        self.with_rows = with_rows
        self.dialect = db.dialect()
        self._t = PTable(table.physical)
        self._created = table.system_field("created_at")
        self._sql = self._sqlite_sql() if self.dialect == "sqlite" else self._pg_sql()

    def prepare(self, rows: list[list[Any]]) -> list[Any]:
        """The statement parameters for ``rows`` (done outside the transaction, which may be
        retried). Rows are extended in place on SQLite: they are not used again."""
        stamp = self._created.type.to_db(now_utc(), self.dialect)
        if self.dialect == "sqlite":
            for row in rows:
                row.append(stamp)
            return rows
        return [stamp, *(list(column) for column in zip(*rows))] if rows else [stamp]

    async def write(self, tx: BaseDBAsyncClient, params: list[Any], count: int) -> list[int]:
        """Insert one prepared batch of ``count`` rows and append its event; return the ids."""
        if count == 0:
            return []
        if self.dialect == "sqlite":
            await tx.execute_many(self._sql, params)
            ids = await self._last_ids(tx, count)
        else:
            result = await tx.execute_query_dict(self._sql, params)
            ids = sorted(r["id"] for r in result)
        rows = await self._fetch(tx, ids) if self.with_rows else []
        await events.append(tx, self.table, events.BULK_INSERT, ids, rows, source="import")
        return ids

    def _sqlite_sql(self) -> str:
        columns = [*(s.column for s in self.specs), "created_at"]
        query = db.query_class().into(self._t).columns(*columns) \
            .insert(*(Parameter("?") for _ in columns))
        return str(query.get_sql())

    def _pg_sql(self) -> str:
        # pypika cannot express INSERT … SELECT FROM unnest(); every name here is a generated
        # identifier checked by core.ids, and every value is a bound parameter.
        names = ", ".join(f'"{checked_ident(c)}"' for c in ["created_at", *(s.column for s in self.specs)])
        arrays = ", ".join(f"${i + 2}::{s.type.sql_type('postgres')}[]" for i, s in enumerate(self.specs))
        return (f'INSERT INTO "{checked_ident(self.table.physical)}" ({names}) '
                f'SELECT $1::timestamptz, u.* FROM unnest({arrays}) AS u RETURNING "id"')

    async def _last_ids(self, tx: BaseDBAsyncClient, count: int) -> list[int]:
        sql, params = db.query_class().from_(self._t).select(Max(self._t.id).as_("top")) \
            .get_parameterized_sql()
        top = int((await tx.execute_query_dict(sql, params))[0]["top"])
        return list(range(top - count + 1, top + 1))

    async def _fetch(self, tx: BaseDBAsyncClient, ids: list[int]) -> list[dict[str, Any]]:
        t, rows = self._t, []
        columns = ["id", *(f.column for f in self.table.fields if f.column != "id")]
        for start in range(0, len(ids), _FETCH_CHUNK):
            sql, params = db.query_class().from_(t).select(*(t.field(c) for c in columns)) \
                .where(t.id.isin(ids[start:start + _FETCH_CHUNK])).orderby(t.id) \
                .get_parameterized_sql()
            raw = await tx.execute_query_dict(sql, params)
            rows.extend(map(row_reader(self.table, self.table.fields, self.dialect), raw))
        return rows
