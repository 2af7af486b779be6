"""Where columns sit on screen: widths, the row-number gutter and the frozen first column.

Kept apart from the widget so the arithmetic (which columns are visible at a horizontal
scroll offset, where a cell is) can be read and tested without a running app.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

SEPARATOR = 1


@dataclass
class GridGeometry:
    """``widths[0]`` is the frozen column; the others scroll horizontally."""

    widths: list[int] = field(default_factory=list)
    gutter: int = 2

    @property
    def frozen_width(self) -> int:
        return self.widths[0] + SEPARATOR if self.widths else 0

    @property
    def fixed_width(self) -> int:
        """Gutter plus frozen column: the part that never scrolls sideways."""
        return self.gutter + self.frozen_width

    def offsets(self) -> list[int]:
        """x of each scrolling column (index 1..) inside the scrolling area."""
        out, x = [], 0
        for width in self.widths[1:]:
            out.append(x)
            x += width + SEPARATOR
        return out

    @property
    def scroll_width(self) -> int:
        return sum(w + SEPARATOR for w in self.widths[1:])

    @property
    def total_width(self) -> int:
        return self.fixed_width + self.scroll_width

    def visible_columns(self, scroll_x: int, view_width: int) -> list[int]:
        """Indexes (1..) of scrolling columns that overlap ``[scroll_x, scroll_x+view_width)``."""
        offsets = self.offsets()
        if not offsets or view_width <= 0:
            return []
        start = max(0, bisect_right(offsets, scroll_x) - 1)
        out = []
        for i in range(start, len(offsets)):
            if offsets[i] >= scroll_x + view_width:
                break
            out.append(i + 1)
        return out

    def column_x(self, column: int, scroll_x: int) -> int:
        """x of a column's first cell relative to the widget (may be off screen)."""
        if column == 0:
            return self.gutter
        return self.fixed_width + self.offsets()[column - 1] - scroll_x

    def scroll_x_showing(self, column: int, scroll_x: int, view_width: int) -> int:
        """The smallest change of ``scroll_x`` that brings ``column`` fully into view."""
        if column == 0:
            return scroll_x
        start = self.offsets()[column - 1]
        end = start + self.widths[column] + SEPARATOR
        if start < scroll_x:
            return start
        if end > scroll_x + view_width:
            return max(0, min(start, end - view_width))
        return scroll_x

    @staticmethod
    def gutter_for(row_count: int) -> int:
        return len(str(max(row_count, 1))) + 1
