"""Hook conditions: which rows of an event a hook's ``where`` string keeps.

The condition is the same ``where`` language as the data API, and it is evaluated by the
same compiler, so ``like``, dates and blanks mean exactly what they mean in a list request.
The rows come from the event (they may no longer exist in the table), so they are put in a
common table expression that shadows the table's physical name for one statement::

    WITH t_m123(gb_row, id, f_c1, …) AS (VALUES (CAST(? AS BIGINT), …), …)
    SELECT gb_row FROM t_m123 WHERE <compiled condition>

Rules (NocoDB's): an insert or delete keeps the rows that match; an update keeps the rows
that did not match before and match now. No condition keeps every row.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise.context import SqlContext
from pypika_tortoise.queries import AliasedQuery, Selectable

from core import db
from core.fields.base import FieldSpec
from core.query.sql import Raw, bound
from core.schema.spec import TableSpec

ROW_COLUMN = "gb_row"
_PARAMS_PER_QUERY = 30000


def _parse(text: str) -> Any:
    from core.query import parse_where

    return parse_where(text)


def _compile(tree: Any, table: TableSpec) -> Any:
    from core.query.compiler import compile_where

    return compile_where(tree, table, db.dialect())


def check_condition(table: TableSpec, text: str) -> None:
    """Raise the query language's 422 error if ``text`` is not a valid condition here."""
    if text:
        _compile(_parse(text), table)


class _RowValues(Selectable):
    """``VALUES (CAST(? AS type), …), …`` over typed, bound values (one tuple per row)."""

    from_ = None  # read by pypika's WITH RECURSIVE check

    def __init__(self, rows: list[list[Any]], types: list[str]) -> None:
        super().__init__(alias="gb_rows")
        self.rows, self.types = rows, types

    def get_sql(self, ctx: SqlContext) -> str:
        tuples = (", ".join(f"CAST({bound(v).get_sql(ctx)} AS {t})" for v, t in zip(row, self.types))
                  for row in self.rows)
        return "VALUES " + ", ".join(f"({t})" for t in tuples)


def _db_value(spec: FieldSpec, row: dict[str, Any], dialect: str) -> Any:
    value = row.get(spec.title)
    try:
        return spec.type.to_db(spec.type.from_json(value, spec), dialect)
    except (ValueError, TypeError):
        return None


async def matching(table: TableSpec, tree: Any, rows: list[dict[str, Any]]) -> set[int]:
    """Indexes of ``rows`` (API JSON) that satisfy the compiled condition ``tree``."""
    dialect = db.dialect()
    columns = [f for f in table.fields]
    types = ["INTEGER" if dialect == "sqlite" else "BIGINT"] + [f.type.sql_type(dialect) for f in columns]
    names = [ROW_COLUMN] + [f.column for f in columns]
    per_query = max(1, _PARAMS_PER_QUERY // len(names))
    criterion = _compile(tree, table)
    found: set[int] = set()
    for start in range(0, len(rows), per_query):
        chunk = [[start + i] + [_db_value(f, r, dialect) for f in columns]
                 for i, r in enumerate(rows[start:start + per_query])]
        query = db.query_class().with_(_RowValues(chunk, types), table.physical,
                                       *(Raw(f'"{n}"') for n in names)) \
            .from_(AliasedQuery(table.physical)).select(Raw(f'"{ROW_COLUMN}"')).where(criterion)
        sql, params = query.get_parameterized_sql()
        found.update(int(r[ROW_COLUMN]) for r in await db.conn().execute_query_dict(sql, params))
    return found


async def select_rows(table: TableSpec, condition: str, operation: str,
                      rows: list[dict[str, Any]], previous: list[dict[str, Any]]) -> list[int] | None:
    """Indexes of the event's rows to send: None = all (no condition); [] = send nothing.

    ``rows``/``previous`` are the event's ``rows`` and ``previous_rows``; for a delete the
    deleted rows are the previous ones.
    """
    if not condition:
        return None
    tree = _parse(condition)
    if operation == "update":
        now = await matching(table, tree, rows)
        before = await matching(table, tree, previous)
        return [i for i in range(len(rows)) if i in now and i not in before]
    subject = previous if operation == "delete" else rows
    hits = await matching(table, tree, subject)
    return [i for i in range(len(subject)) if i in hits]
