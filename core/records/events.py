"""The change feed: one ``Event`` row per mutation, written inside the mutation's transaction.

Event types follow NocoDB's webhook names (``records.after.insert`` …). Rows are carried in
their API JSON form so a webhook payload is ready without another query.
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from core.models import Event
from core.schema.spec import TableSpec

INSERT = "records.after.insert"
UPDATE = "records.after.update"
DELETE = "records.after.delete"
BULK_INSERT = "records.after.bulkInsert"


async def append(tx: BaseDBAsyncClient, table: TableSpec, type_: str, ids: list[int],
                 rows: list[dict[str, Any]], previous: list[dict[str, Any]] | None = None,
                 *, source: str = "core") -> Event:
    return await Event.create(base_id=table.base_id, table_id=table.id, type=type_,
                              record_ids=ids, rows=rows, previous_rows=previous or [],
                              source=source, using_db=tx)
