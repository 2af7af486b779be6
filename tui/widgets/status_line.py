"""``StatusLine``: one line of text under the grid ("row 51,203 of 1,000,000 · Title").

A reactive that only repaints: it changes on every cursor move, and a ``Static.update``
would ask for a full layout each time.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; background: $panel; color: $text-muted; padding: 0 1; }
    """
    text: reactive[str] = reactive("", layout=False)

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")
