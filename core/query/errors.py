"""Errors of the query language: a malformed ``where`` (with the character position) and bad
``limit``/``offset`` values. All are ``InvalidQuery`` (HTTP 422) with their own stable code."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidQuery


class QuerySyntaxError(InvalidQuery):
    """The ``where`` text cannot be parsed; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int, **details: Any) -> None:
        super().__init__(f"{message} at position {position}", position=position, **details)
        self.position = position
        self.reason = message


class InvalidLimit(InvalidQuery):
    code = "ERR_INVALID_LIMIT_VALUE"


class InvalidOffset(InvalidQuery):
    code = "ERR_INVALID_OFFSET_VALUE"
