"""NocoDB's inline hook ``filters`` and URL ``parameters``, as gridbase's condition and URL.

NocoDB keeps a hook's condition as filter objects (``fk_column_id``, ``comparison_op``,
``comparison_sub_op``, ``value``, ``logical_op``; groups with ``is_group`` and ``children``)
and its query string as ``[{name, value, enabled}]``. A hook here holds a ``where`` string and
one URL, so both are translated when the hook is saved: the filters through the same
conversion a view's filter rows go through (``core.views.filters``), with each field written
by its title (the text a user reads and a rename rewrites), and the parameters appended to
the URL's query string. Whatever cannot be translated is refused, naming its place in the list
(``filters[1].children[0]``): a hook must never be saved doing less than it was asked to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode, urlsplit, urlunsplit

from core.errors import InvalidQuery, InvalidRequest
from core.hooks.conditions import check_condition
from core.ids import new_id
from core.models import Filter
from core.query import Group, print_where
from core.query.ast import CONNECTORS
from core.schema.spec import TableSpec
from core.views.filters import condition_of, filters_to_tree


def _bad(place: str, problem: str, name: str) -> InvalidRequest:
    return InvalidRequest(f"{place}: {problem}", field=name, item=place)


def _text(value: Any, place: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ",".join(str(v) for v in value)
    raise _bad(place, f"value {value!r} is not text, a number or a list of them", "filters")


def _leaf(table: TableSpec, item: dict[str, Any], row: Filter, place: str) -> None:
    """Fill ``row`` from a condition object, checked on its own so errors name its place."""
    column = item.get("fk_column_id")
    field = next((f for f in table.fields if f.id == column), None)
    if field is None:
        raise _bad(place, f"fk_column_id {column!r} is not a field of table '{table.title}'",
                   "filters")
    row.field_id, row.comparison_op = field.title, item.get("comparison_op") or "eq"
    row.comparison_sub_op, row.value = item.get("comparison_sub_op"), _text(item.get("value"), place)
    try:
        check_condition(table, print_where(Group.of(condition_of(row))))
    except (ValueError, InvalidQuery) as exc:
        raise _bad(place, getattr(exc, "message", str(exc)), "filters") from None


def _rows(table: TableSpec, items: Any, parent: str | None, place: str,
          counter: Iterator[int]) -> Iterator[Filter]:
    if not isinstance(items, list):
        raise _bad(place, "must be a list of filter objects", "filters")
    for i, item in enumerate(items):
        here = f"{place}[{i}]"
        if not isinstance(item, dict):
            raise _bad(here, "is not a filter object", "filters")
        logical = str(item.get("logical_op") or "and").lower()
        if logical not in CONNECTORS:
            raise _bad(here, f"logical_op {item.get('logical_op')!r} is not and, or, not", "filters")
        row = Filter(id=new_id("filter"), parent_id=parent, logical_op=logical,
                     order=next(counter), is_group=bool(item.get("is_group")))
        if row.is_group:
            yield row
            yield from _rows(table, item.get("children") or [], row.id, f"{here}.children", counter)
        else:
            _leaf(table, item, row, here)
            yield row


def filters_condition(table: TableSpec, filters: Any) -> str:
    """The ``where`` text meaning the same as NocoDB ``filters`` ('' for none)."""
    tree = filters_to_tree(list(_rows(table, filters, None, "filters", iter(range(1, 1_000_000)))))
    return "" if tree is None else print_where(tree)


def _parameter_pairs(items: Any) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        raise _bad("parameters", "must be a list of {name, value} objects", "parameters")
    pairs: list[tuple[str, str]] = []
    for i, item in enumerate(items):
        place = f"parameters[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name", ""), str):
            raise _bad(place, "is not a {name, value} object", "parameters")
        value = item.get("value")
        if not item.get("enabled", True) or not (item.get("name") or value not in (None, "")):
            continue  # NocoDB's form keeps switched-off and blank rows
        if not item.get("name"):
            raise _bad(place, f"the parameter with value {value!r} has no name", "parameters")
        if isinstance(value, (dict, list)):
            raise _bad(place, f"the value of '{item['name']}' must be text or a number", "parameters")
        pairs.append((item["name"], "" if value is None else str(value)))
    return pairs


def with_parameters(url: str, parameters: Any) -> str:
    """``url`` with the enabled ``parameters`` in its query string, percent-encoded.

    The existing query is kept as written, except the pairs whose name a parameter sets, which
    the parameters replace (saving the same hook twice must not repeat them).
    """
    pairs = _parameter_pairs(parameters)
    if not pairs:
        return url
    parts = urlsplit(url)
    names = {name for name, _ in pairs}
    kept = [p for p in parts.query.split("&")
            if p and unquote_plus(p.partition("=")[0]) not in names]
    query = "&".join(kept + [urlencode(pairs, quote_via=quote)])
    return urlunsplit(parts._replace(query=query))
