"""``StatusLine``: one line under the grid ("Met › Met objects · row 51 of 2,000 · Title
(SingleLineText)").

The line is made of ranked parts. When it is too narrow for all of them (80 columns with the
sidebar leave about 50), whole parts are dropped, least useful first for someone editing
cells: the table's title (the sidebar marks it), then the view's, then the column's type. The
column's name and the row position are what a user editing looks at, so they stay in full.

A reactive that only repaints: it changes on every cursor move, and a ``Static.update``
would ask for a full layout each time.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

COLUMN, POSITION, KIND, VIEW, TABLE = range(5)  # ranks: the higher, the sooner dropped


@dataclass(frozen=True)
class Part:
    text: str
    rank: int
    glue: str = " · "  # put before the text unless the part comes first


def joined(parts: tuple[Part, ...] | list[Part]) -> str:
    return "".join((part.glue if i else "") + part.text for i, part in enumerate(parts))


def fitted(parts: tuple[Part, ...], width: int) -> str:
    """The parts that fit in ``width`` cells, dropping the highest rank first (the last
    one left is cut with an ellipsis by ``render`` if even it is too wide)."""
    kept = [part for part in parts if part.text]
    while len(kept) > 1 and cell_len(joined(kept)) > width:
        kept.remove(max(kept, key=lambda part: part.rank))
    return joined(kept)


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; background: $panel; color: $text-muted; padding: 0 1; }
    """
    parts: reactive[tuple[Part, ...]] = reactive((), layout=False)

    @property
    def text(self) -> str:
        """The whole line, as it reads when nothing has to be dropped."""
        return joined([part for part in self.parts if part.text])

    def show_cell(self, table: str, view: str, row: int, count: int, column: str,
                  kind: str = "") -> None:
        """The cursor's place: row ``row`` (0-based) of ``count``, in ``column`` of type
        ``kind`` (no type: ``column`` is a hint such as "Enter: record form")."""
        self.parts = (Part(table, TABLE), Part(view, VIEW),
                      Part(f"row {row + 1:,} of {count:,}", POSITION), Part(column, COLUMN),
                      Part(f"({kind})" if kind else "", KIND, " "))

    def show_note(self, table: str, view: str, note: str) -> None:
        """A sentence in place of the cursor's place (no rows, say); it outranks the titles."""
        self.parts = (Part(table, TABLE), Part(view, VIEW), Part(note, COLUMN))

    def render(self) -> Text:
        return Text(fitted(self.parts, self.content_size.width), no_wrap=True,
                    overflow="ellipsis")
