"""``FilterChips``: a line (two when long) above the grid saying what the view does to the table.

"Filter: Department is Arms and Armor and Object Begin Date is between 1500 and 1600 ·
Sort: Object Begin Date ↓ · 2 hidden", worded by the operators' own descriptions
(``core.query.describe_where``). Hidden when the view neither filters, sorts nor hides.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from core.query import describe_where
from core.views.state import ViewState


def sort_summary(state: ViewState) -> str:
    return ", ".join(f"{k.field.title} {'↓' if k.descending else '↑'}" for k in state.sort)


def chips_text(state: ViewState) -> Text:
    """The line for ``state`` (empty when there is nothing to say)."""
    text = Text(overflow="ellipsis")
    parts: list[tuple[str, str]] = []
    if state.where is not None:
        parts.append(("Filter: ", describe_where(state.where)))
    if state.sort:
        parts.append(("Sort: ", sort_summary(state)))
    if state.hidden:
        parts.append(("", f"{len(state.hidden)} hidden"))
    for i, (label, body) in enumerate(parts):
        if i:
            text.append(" · ", style="dim")
        text.append(label, style="bold")
        text.append(body)
    return text


class FilterChips(Static):
    DEFAULT_CSS = """
    FilterChips { height: auto; max-height: 2; width: 1fr; background: $boost; color: $text;
                  padding: 0 1; }
    """

    def show_state(self, state: ViewState) -> None:
        text = chips_text(state)
        self.update(text)
        self.display = bool(text.plain)
