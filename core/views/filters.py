"""Turning a view's filter rows (NocoDB filter objects) into a ``where`` string and back.

The rows are the stored truth (they have ids that the meta API addresses); the ``where``
string they print to is parsed by ``core.query`` like any API filter, so a view means exactly
what the same ``where`` means on the API.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Filter
from core.schema.spec import TableSpec

_NEEDS_QUOTES = set(',()"')


def _title(table: TableSpec, field_id: str | None) -> str:
    spec = table.find(field_id or "")
    title = spec.title if spec else (field_id or "?")
    if _NEEDS_QUOTES & set(title):
        return '"' + title.replace('"', '""') + '"'
    return title


def _term(table: TableSpec, f: Filter) -> str:
    parts = [_title(table, f.field_id), f.comparison_op or "eq"]
    if f.comparison_sub_op:
        parts.append(f.comparison_sub_op)
    if f.value is not None and f.value != "":
        parts.append(str(f.value))
    return "(" + ",".join(parts) + ")"


def _join(table: TableSpec, rows: Sequence[Filter], children: dict[str | None, list[Filter]]) -> str:
    out = []
    for i, f in enumerate(rows):
        body = f"({_join(table, children.get(f.id, []), children)})" if f.is_group else _term(table, f)
        if f.is_group and not children.get(f.id):
            continue
        op = (f.logical_op or "and").lower()
        if not out and op != "not":
            out.append(body)
        else:
            out.append(f"~{op}{body}")
    return "".join(out)


def filters_to_where(table: TableSpec, filters: Sequence[Filter]) -> str:
    """The classic-grammar ``where`` string of a view's filter rows ('' when none)."""
    children: dict[str | None, list[Filter]] = {}
    for f in sorted(filters, key=lambda r: (r.order, r.created_at)):
        children.setdefault(f.parent_id, []).append(f)
    return _join(table, children.get(None, []), children)
