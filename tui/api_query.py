"""The open view as a REST request: ``GET /api/v2/tables/{id}/records?where=…&sort=…&fields=…``.

``where`` is ``print_where`` of the view's tree, the canonical text the API parses back to the
same tree; ``sort`` and ``fields`` name fields by title, or by id when a title could not be
read back (it holds a comma, which separates items, or spaces at its ends, which are
trimmed). ``fields`` is only written when the view hides or reorders columns. Values are
percent-encoded except the characters the query language is made of (and never ``'``), so the text stays
readable and pastes into a shell or a browser unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from core.fields.base import FieldSpec
from core.query import print_where
from core.records.listing import SortKey
from core.schema.spec import TableSpec
from core.views.state import ViewState

SAFE = "(),~-_.!*@:/"
DEFAULT_SERVER = "http://127.0.0.1:8080"


def field_name(spec: FieldSpec) -> str:
    title = spec.title
    return spec.id if "," in title or title != title.strip() or not title else title


def sort_param(keys: Sequence[SortKey]) -> str:
    return ",".join(("-" if k.descending else "") + field_name(k.field) for k in keys)


def query_params(table: TableSpec, state: ViewState,
                 columns: Sequence[FieldSpec]) -> dict[str, str]:
    """``where``, ``sort`` and ``fields`` for the view (only those that say something)."""
    params: dict[str, str] = {}
    if state.where is not None:
        params["where"] = print_where(state.where)
    if state.sort:
        params["sort"] = sort_param(state.sort)
    if state.hidden or state.field_order:
        params["fields"] = ",".join(field_name(c) for c in columns)
    return params


def records_path(table: TableSpec, params: dict[str, str]) -> str:
    """The path with its percent-encoded query string."""
    query = "&".join(f"{k}={quote(v, safe=SAFE)}" for k, v in params.items())
    return f"/api/v2/tables/{table.id}/records" + (f"?{query}" if query else "")


def curl_command(path: str, server: str = DEFAULT_SERVER) -> str:
    return f"curl -H \"xc-token: $GRIDBASE_TOKEN\" '{server}{path}'"
