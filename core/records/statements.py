"""Hand-built statements for the hot paths (bulk INSERT, read by id): placeholders only,
identifiers only from checked generated names.

Building a 1,000-row multi-VALUES INSERT through pypika costs ~48 ms; this string costs ~2 ms
and is cached per shape. (pypika also inlines some values, such as the string ``"*"``, as
literals instead of binding them; here every value is a placeholder.)
"""

from __future__ import annotations

from functools import lru_cache

from core.ids import checked_ident


def _placeholders(dialect: str, start: int, count: int) -> str:
    if dialect == "sqlite":
        return ",".join("?" * count)
    return ",".join(f"${i}" for i in range(start, start + count))


@lru_cache(maxsize=256)
def insert_returning_id(dialect: str, physical: str, columns: tuple[str, ...], rows: int) -> str:
    """``INSERT INTO "t" ("c1",…) VALUES (…),(…) RETURNING "id"`` for ``rows`` rows."""
    cols = ",".join(f'"{checked_ident(c)}"' for c in columns)
    width = len(columns)
    values = ",".join(f"({_placeholders(dialect, 1 + r * width, width)})" for r in range(rows))
    return f'INSERT INTO "{checked_ident(physical)}" ({cols}) VALUES {values} RETURNING "id"'


@lru_cache(maxsize=256)
def select_by_id(dialect: str, physical: str, columns: tuple[str, ...]) -> str:
    """``SELECT "c1",… FROM "t" WHERE "id" = ?`` (one record, the hot path of a read)."""
    cols = ",".join(f'"{checked_ident(c)}"' for c in columns)
    return f'SELECT {cols} FROM "{checked_ident(physical)}" WHERE "id"={_placeholders(dialect, 1, 1)}'
