"""Turning a JSON cell value into what the grid shows and what the editor starts with.

Values arrive as the records service's JSON; each field type converts them back to its Python
value (``from_json``) and renders them (``display`` for the cell, ``to_text`` for the editor),
so no field type is special-cased here but one: a checkbox never set (NULL) shows as unchecked,
as NocoDB shows it (the stored NULL is left alone). A value that no longer fits its field (a
select option that was since removed, say) is shown as plain text rather than raising.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rich.cells import cell_len, set_cell_size

from core.fields.base import FieldSpec

ELLIPSIS = "…"
MIN_WIDTH = 3
MAX_AUTO_WIDTH = 32


@dataclass(frozen=True)
class Cell:
    text: str
    color: str | None = None


def python_value(value: Any, spec: FieldSpec) -> Any:
    if value is None:
        return None
    try:
        return spec.type.from_json(value, spec)
    except (ValueError, TypeError):
        return value


def display_cell(value: Any, spec: FieldSpec) -> Cell:
    """The cell text (one line) and, for select values, the option's colour."""
    py = python_value(value, spec)
    if py is None and spec.type.family == "checkbox":
        py = False
    try:
        text = spec.type.display(py, spec)
    except (ValueError, TypeError, AttributeError):
        text = str(value)
    text = text.replace("\r", " ").replace("\n", " ⏎ ")
    colour = getattr(spec.type, "color", None)
    return Cell(text, colour(py, spec) if colour and isinstance(py, str) else None)


def edit_text(value: Any, spec: FieldSpec) -> str:
    """The exact text the editor starts with; ``parse_text`` of it gives the value back."""
    py = python_value(value, spec)
    try:
        return spec.type.to_text(py, spec)
    except (ValueError, TypeError, AttributeError):
        return "" if value is None else str(value)


EditKind = Literal["toggle", "choose", "type"]


def edit_kind(spec: FieldSpec, text: str | None) -> EditKind:
    """How Enter (``text`` None) or a typed key edits a cell: a checkbox toggles on Enter or
    space, a select opens its option list, anything else opens the editor."""
    family = spec.type.family
    if family == "checkbox" and text in (None, " "):
        return "toggle"
    if family == "select":
        return "choose"
    return "type"


def parse_edit(text: str, spec: FieldSpec) -> Any:
    """Typed text → JSON value for the records service. Raises ValueError with a message."""
    return spec.type.to_json(spec.type.parse_text(text, spec), spec)


def fit(text: str, width: int, right: bool = False) -> str:
    """Pad or truncate ``text`` to exactly ``width`` cells, truncating with an ellipsis."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    pad = " " * (width - length)
    return pad + text if right else text + pad


def auto_width(title: str, texts: list[str]) -> int:
    widest = max([cell_len(title), *(cell_len(t) for t in texts)])
    return max(MIN_WIDTH, min(MAX_AUTO_WIDTH, widest))
