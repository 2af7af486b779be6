"""The list parameters besides ``where``: ``sort``, ``fields``, ``limit``, ``offset``, ``page``,
``shuffle``, ``pks`` — checked against a table and gathered into a ``ListQuery``.

Every parameter may be repeated (``sort=-A&sort=B``) and the list ones also take comma lists.
Unknown fields in ``sort``/``fields`` are 404 ``ERR_FIELD_NOT_FOUND`` (NocoDB's data API);
``limit``/``offset`` that are not non-negative integers and a ``page`` that is not a positive
one are 422 with their own codes; a limit of 0 means the default and one above the maximum is
clamped. ``page`` (1-based, as newer NocoDB builds read it) sets the offset to
(page − 1) · limit and wins over ``offset`` when both are given (both are still checked).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.errors import FieldNotFound, InvalidQuery
from core.fields.base import FieldSpec
from core.query.errors import InvalidLimit, InvalidOffset, InvalidPage
from core.query.parser import parse_where
from core.records.listing import DEFAULT_LIMIT, MAX_LIMIT, ListQuery, SortKey
from core.schema.spec import TableSpec

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})
_MAX_OFFSET = 2**63
"""Past any table, and past what a database can bind."""


def _pieces(values: Sequence[str]) -> list[str]:
    """Repeated values and comma lists, flattened and trimmed; empty pieces dropped."""
    return [p.strip() for v in values for p in str(v).split(",") if p.strip()]


def parse_sort(values: Sequence[str], table: TableSpec) -> tuple[SortKey, ...]:
    """``-A,B`` / ``+A`` / repeated → sort keys in order (``-`` = descending)."""
    keys: list[SortKey] = []
    for piece in _pieces(values):
        descending = piece.startswith("-")
        name = piece[1:].strip() if piece[0] in "+-" else piece
        spec = table.find(name) or table.find(piece)
        if spec is None:
            raise FieldNotFound(f"Field '{name}' not found", field=name, table=table.title)
        keys.append(SortKey(spec, descending=descending and spec.title != piece))
    return tuple(keys)


def parse_fields(values: Sequence[str], table: TableSpec) -> tuple[FieldSpec, ...] | None:
    """The requested fields in order (duplicates dropped); ``None`` for all (absent or ``*``)."""
    names = _pieces(values)
    if not names or "*" in names:
        return None
    unknown = [n for n in names if table.find(n) is None]
    if unknown:
        joined = ", ".join(unknown)
        raise FieldNotFound(f"Field '{joined}' not found", field=joined, fields=unknown,
                            table=table.title)
    return tuple(dict.fromkeys(table.field(n) for n in names))


def _non_negative(value: Any, error: type[InvalidQuery], name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip()
    if isinstance(value, str) and text.isascii() and text.isdigit():
        return int(text)
    raise error(f"{name} must be a non-negative integer, got {value!r}", value=str(value))


def parse_limit(value: Any, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    limit = _non_negative(value, InvalidLimit, "limit")
    if not limit:
        return min(default, maximum)
    return min(limit, maximum)


def parse_offset(value: Any) -> int:
    offset = _non_negative(value, InvalidOffset, "offset") or 0
    if offset >= _MAX_OFFSET:
        raise InvalidOffset(f"Offset value '{value}' is invalid", value=str(value))
    return offset


def parse_page(value: Any) -> int | None:
    """The 1-based page number, or None when ``page`` is absent or empty."""
    try:
        page = _non_negative(value, InvalidPage, "page")
    except InvalidPage:
        page = 0
    if page == 0:
        raise InvalidPage(f"page must be a positive integer (1 is the first page), got {value!r}",
                          value=str(value))
    return page


def page_offset(page: int, limit: int) -> int:
    """The offset where ``page`` starts, ``limit`` rows a page."""
    offset = (page - 1) * limit
    if offset >= _MAX_OFFSET:
        raise InvalidPage(f"Page value '{page}' is invalid: it starts past any table",
                          value=str(page))
    return offset


def parse_shuffle(value: Any) -> bool:
    word = "" if value is None else str(value).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise InvalidQuery(f"shuffle must be true or false, got {value!r}", value=str(value))


def parse_pks(values: Sequence[str]) -> tuple[int, ...] | None:
    if not values:
        return None
    pieces = _pieces(values)
    bad = [p for p in pieces if not (p.isascii() and p.isdigit() and int(p) < 2**63)]
    if bad:
        raise InvalidQuery(f"pks must be record ids, got {', '.join(bad)}", value=bad)
    return tuple(int(p) for p in pieces)


def build_list_query(get_all: Callable[[str], list[str]], table: TableSpec, *,
                     max_limit: int = MAX_LIMIT) -> ListQuery:
    """A ``ListQuery`` from request-like parameters; ``get_all(name)`` returns every value of
    ``name``. Long and short names (``where``/``w``/``filter``, ``sort``/``s``, ``page``/``p``, …)
    are all read: list parameters take the values of each, single ones (limit, offset, page,
    shuffle) the last value of the long name if given, else of the short one."""

    def every(*names: str) -> list[str]:
        return [v for name in names for v in get_all(name) or []]

    def last(long: str, short: str) -> str | None:
        found = list(get_all(long) or []) or list(get_all(short) or [])
        return found[-1] if found else None

    limit = parse_limit(last("limit", "l"), maximum=max_limit)
    offset = parse_offset(last("offset", "o"))
    page = parse_page(last("page", "p"))
    return ListQuery(
        where=parse_where(every("where", "w", "filter")),
        sort=parse_sort(every("sort", "s"), table),
        fields=parse_fields(every("fields", "f"), table),
        limit=limit,
        offset=offset if page is None else page_offset(page, limit),
        shuffle=parse_shuffle(last("shuffle", "r")),
        pks=parse_pks(list(get_all("pks") or [])),
    )
