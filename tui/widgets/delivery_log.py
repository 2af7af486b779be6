"""``DeliveryLog``: the live table of webhook attempts (newest first) on the webhooks screen.

It only draws what it is given (``show(lines)``, lines from ``core.hooks.log``); the screen
polls. Redrawing is skipped when nothing changed, and the cursor stays on the same delivery
unless it was on the newest line, where it keeps following the newest. The view does not chase
the cursor on a redraw: scrolled to the top it stays there, so new attempts show up at the top
even when that pushes the cursor's line down (or off the bottom); scrolled down it keeps the
same lines in view. (Scrolling to the cursor hid the newest lines above the header, with the
scrollbar's thumb still at the top.) A pending attempt held back by its hook's queue shows
``behind event 21`` and, as its next try, the time that event is retried.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import DataTable

from core.hooks.log import DeliveryLine

COLUMNS = ("Time", "Event", "Hook", "Try", "Result", "ms", "Next try")
STYLES = {"success": "green", "pending": "yellow", "sending": "yellow", "retry": "dark_orange",
          "failed": "red", "dead": "bold red", "cancelled": "dim"}


def clock(value: dt.datetime | None) -> str:
    return "" if value is None else value.astimezone().strftime("%H:%M:%S")


def event_label(line: DeliveryLine) -> str:
    kind = line.event_type.rsplit(".", 1)[-1]
    return f"test {kind}" if line.test_call else kind


def result_text(line: DeliveryLine) -> Text:
    """Short, so "ms" and "Next try" stay on screen at 80 columns; Enter shows it all."""
    return Text(line.short_outcome, style=STYLES.get(line.status, ""))


def cells(line: DeliveryLine) -> tuple[object, ...]:
    duration = "" if line.duration_ms is None else f"{line.duration_ms:.0f}"
    return (clock(line.at), event_label(line), Text(line.hook_title[:18]), str(line.attempt),
            result_text(line), duration, clock(line.next_try))


class DeliveryLog(DataTable):
    """Rows keyed by delivery id; Enter posts ``DataTable.RowSelected`` as usual."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.lines: list[DeliveryLine] = []

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def show(self, lines: list[DeliveryLine]) -> bool:
        """Draw ``lines``; False (and nothing redrawn) when they are what is shown already."""
        if lines == self.lines:
            return False
        keep = self.current.id if self.current is not None and self.cursor_row > 0 else None
        top = self._top_line()
        self.lines = lines
        self.clear()  # (also scrolls to the top)
        for line in lines:
            self.add_row(*cells(line), key=str(line.id))
        ids = [line.id for line in lines]
        self.move_cursor(row=ids.index(keep) if keep in ids else 0, scroll=False)
        # Moving the cursor scrolls it into view after the refresh; this runs after that.
        self.call_after_refresh(self.scroll_to, y=ids.index(top) if top in ids else 0,
                                animate=False, immediate=True)
        return True

    def _top_line(self) -> int | None:
        """The id of the first line in view when scrolled down, else None (at the top)."""
        row = int(self.scroll_y)
        return self.lines[row].id if 0 < row < len(self.lines) else None

    @property
    def current(self) -> DeliveryLine | None:
        row = self.cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None
