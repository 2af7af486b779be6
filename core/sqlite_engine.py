"""A Tortoise SQLite engine that registers gridbase's SQL functions on every connection.

``gb_fold`` (Unicode case folding for ``like``) must exist on each SQLite connection, including
ones Tortoise opens lazily, so it is installed in the client's post-connect hook.
"""

from __future__ import annotations

from tortoise.backends.sqlite.client import SqliteClient

from core.query.folding import install_sqlite_functions


class GridbaseSqliteClient(SqliteClient):
    async def _post_connect(self) -> None:
        await super()._post_connect()
        if self._connection is not None:
            await install_sqlite_functions(self._connection)


client_class = GridbaseSqliteClient


def get_client_class(db_info: dict) -> type[SqliteClient]:
    return GridbaseSqliteClient
