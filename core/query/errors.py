"""Errors of the query language: a malformed ``where`` (with the character position) and bad
``limit``/``offset``/``page`` values. All are ``InvalidQuery`` (HTTP 422) with their own stable code."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidQuery


class QuerySyntaxError(InvalidQuery):
    """The ``where`` text cannot be parsed; ``position`` is the 0-based offset of the problem.

    The message reads ``<reason> at position <n>[; <hint>]``: the culprit and its place come
    first, so that a long hint (a list of operators) is not read as the thing that is wrong.
    """

    def __init__(self, message: str, position: int, hint: str = "", **details: Any) -> None:
        text = f"{message} at position {position}" + (f"; {hint}" if hint else "")
        super().__init__(text, position=position, **details)
        self.position = position
        self.reason = message
        self.hint = hint


class InvalidLimit(InvalidQuery):
    code = "ERR_INVALID_LIMIT_VALUE"


class InvalidOffset(InvalidQuery):
    code = "ERR_INVALID_OFFSET_VALUE"


class InvalidPage(InvalidQuery):
    code = "ERR_INVALID_PAGE_VALUE"
