"""``FilterChips``: a line (two when long) above the grid saying what the view does to the table.

"Sort: Object Begin Date ↓ · 2 hidden · Filter: Department is Arms and Armor and Object Begin
Date is between 1500 and 1600", worded by the operators' own descriptions
(``core.query.describe_where``). The short parts come first and a filter too long for two
lines ends in "…", so nothing is cut silently. Hidden when the view neither filters, sorts
nor hides.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from core.query import describe_where
from core.views.state import ViewState

MAX_LINES = 2


def sort_summary(state: ViewState) -> str:
    return ", ".join(f"{k.field.title} {'↓' if k.descending else '↑'}" for k in state.sort)


def chips_text(state: ViewState) -> Text:
    """The line for ``state`` (empty when there is nothing to say)."""
    text = Text(overflow="ellipsis")
    parts: list[tuple[str, str]] = []
    if state.sort:
        parts.append(("Sort: ", sort_summary(state)))
    if state.hidden:
        parts.append(("", f"{len(state.hidden)} hidden"))
    if state.where is not None:
        parts.append(("Filter: ", describe_where(state.where)))
    for i, (label, body) in enumerate(parts):
        if i:
            text.append(" · ", style="dim")
        text.append(label, style="bold")
        text.append(body)
    return text


def fit_lines(text: Text, width: int, lines: int = MAX_LINES) -> Text:
    """``text`` wrapped to ``width``; past ``lines`` lines, cut with a final "…"."""
    if width < 2:
        return text
    wrapped = text.wrap(Console(width=width), width)
    if len(wrapped) <= lines:
        return text
    last = wrapped[lines - 1]
    last.rstrip()
    last.truncate(width - 1)
    last.append("…", style="dim")
    return Text("\n").join([*wrapped[: lines - 1], last])


class FilterChips(Static):
    DEFAULT_CSS = """
    FilterChips { height: auto; max-height: 2; width: 1fr; background: $boost; color: $text;
                  padding: 0 1; }
    """

    chips: Text | None = None

    def show_state(self, state: ViewState) -> None:
        self.chips = chips_text(state)
        self.display = bool(self.chips.plain)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self.chips is not None:
            self.update(fit_lines(self.chips, self.content_region.width))
