"""``parse_where``: the ``where`` parameter (one string or several) → a filter tree.

A string starting with ``@`` uses the quoted grammar (``core.query.quoted``); anything else the
classic NocoDB grammar (``core.query.classic``). Several strings (``where`` repeated) are parsed
one by one and ANDed. Empty input means no filter. Errors are ``QuerySyntaxError`` with the
0-based position in the offending string.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import InvalidQuery
from core.query.ast import Group, and_all
from core.query.classic import ClassicParser
from core.query.errors import QuerySyntaxError
from core.query.quoted import QuotedParser


def parse_where(text: str | Sequence[str] | None) -> Group | None:
    """Parse one or several ``where`` strings; ``None`` when there is no filter at all."""
    if text is None:
        return None
    pieces = [text] if isinstance(text, str) else list(text)
    groups: list[Group] = []
    for index, piece in enumerate(pieces):
        try:
            group = parse_piece(piece)
        except QuerySyntaxError as exc:
            if len(pieces) > 1:
                exc.details["piece"] = index
            raise
        if group is not None:
            groups.append(group)
    return and_all(groups)


def parse_piece(text: str) -> Group | None:
    if not isinstance(text, str):
        raise InvalidQuery("Invalid filter format. Expected string or array of strings.")
    body = text.lstrip()
    if not body.rstrip():
        return None
    if body.startswith("@"):
        return QuotedParser(text, len(text) - len(body) + 1).parse()
    return ClassicParser(text).parse()
