"""The webhook form's text conversions and checks, apart from its layout: ``Name: value``
header lines to a dict and back, the timeout as seconds, error messages, and the compact
checkbox the form uses for events and "active".

The rules themselves are core's (``core.hooks.spec`` cleaners); these only turn what was typed
into the values those cleaners take, raising ``ValueError`` with a message for the user.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Checkbox

from core.errors import GridbaseError
from core.hooks import spec as rules


def parse_headers(text: str) -> dict[str, str]:
    """``Name: value`` lines (blank lines skipped) → a dict; ValueError names the bad line."""
    headers: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"line {number}: write headers as Name: value")
        headers[name.strip()] = value.strip()
    return rules.clean_headers(headers)


def headers_text(headers: Mapping[str, str]) -> str:
    """The inverse of ``parse_headers``: one ``Name: value`` line per header."""
    return "\n".join(f"{name}: {value}" for name, value in headers.items())


def parse_timeout(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError("timeout must be a number of seconds") from None
    return rules.clean_timeout(value)


def message_of(exc: Exception) -> str:
    return exc.message if isinstance(exc, GridbaseError) else str(exc)


class Tick(Checkbox):
    """A compact checkbox whose mark is blank when off, so it reads without colour too."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
