"""``ImportColumns``: the import screen's preview — one line per CSV column with its title, a
``Select`` of field types (the inferred one chosen), a verdict, and the first values.

Choosing another type re-checks the column's sampled cells at once (``check_column``) and
flags the values that will not convert, in red, with how many sampled cells fail.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Select, Static

from tui.screens.import_preview import (ColumnCheck, CsvPreview, PreviewColumn, check_column,
                                        import_types)

TITLE_WIDTH = 22


class ColumnRow(Horizontal):
    """One column of the preview; ``uidt`` is the type it will be imported as."""

    DEFAULT_CSS = f"""
    ColumnRow {{ height: 1; }}
    ColumnRow > .import-col-title {{ width: {TITLE_WIDTH}; }}
    ColumnRow > Select {{ width: 18; margin-right: 1; }}
    ColumnRow > .import-col-verdict {{ width: 8; }}
    ColumnRow > .import-col-values {{ width: 1fr; color: $text-muted; }}
    """

    class Retyped(Message):
        """The column's type changed (and its sample was checked again)."""

        def __init__(self, row: ColumnRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, column: PreviewColumn, dialect: str, types: list[str]) -> None:
        super().__init__()
        self.column, self.dialect, self.types = column, dialect, types
        self.check = check_column(column, column.inferred, dialect)

    @property
    def uidt(self) -> str:
        return self.check.uidt

    def compose(self) -> ComposeResult:
        yield Label(Content(_clip(self.column.title, TITLE_WIDTH - 1)), classes="import-col-title")
        yield Select([(t, t) for t in self.types], value=self.column.inferred,
                     allow_blank=False, compact=True)
        yield Static(classes="import-col-verdict")
        yield Static(classes="import-col-values")

    def on_mount(self) -> None:
        self._show()

    @on(Select.Changed)
    def _retype(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.uidt:
            self.set_type(event.value)

    def set_type(self, uidt: str) -> None:
        """Import the column as ``uidt``; re-check its sample and redraw the verdict."""
        self.check = check_column(self.column, uidt, self.dialect)
        select = self.query_one(Select)
        if select.value != uidt:
            select.value = uidt
        self._show()
        self.post_message(self.Retyped(self))

    def _show(self) -> None:
        self.query_one(".import-col-verdict", Static).update(verdict(self.check))
        self.query_one(".import-col-values", Static).update(values_line(self.column, self.check))


class ImportColumns(VerticalScroll):
    """Every column of a ``CsvPreview``, in file order."""

    DEFAULT_CSS = "ImportColumns { height: 1fr; min-height: 3; }"

    def __init__(self, preview: CsvPreview, dialect: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.preview, self.dialect = preview, dialect

    def compose(self) -> ComposeResult:
        types = import_types()
        for column in self.preview.columns:
            yield ColumnRow(column, self.dialect, types)

    @property
    def rows(self) -> list[ColumnRow]:
        return list(self.query(ColumnRow))

    def types(self) -> dict[str, str]:
        """Column title → field type, as ``import_csv(types=…)`` takes it."""
        return {row.column.title: row.uidt for row in self.rows}

    def row(self, title: str) -> ColumnRow:
        return next(r for r in self.rows if r.column.title == title)

    def failing(self) -> list[ColumnRow]:
        return [r for r in self.rows if not r.check.ok]


def verdict(check: ColumnCheck) -> Content:
    if check.ok:
        return Content.styled("✓", "$text-success")
    return Content.styled(f"✗ {check.bad_count:,}", "bold $text-error")


def values_line(column: PreviewColumn, check: ColumnCheck) -> Content:
    """The first values; when some fail, the rejected ones come first, struck out in red."""
    rejected = [Content.styled(_clip(v, 24), "$text-error strike") for v in check.bad[:2]]
    fine = [Content(_clip(v, 24)) for v in column.shown if v not in check.bad]
    parts = rejected + fine or [Content.styled("(empty)", "italic")]
    return Content(" · ").join(parts)


def _clip(text: str, width: int) -> str:
    flat = text.replace("\r", " ").replace("\n", " ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"
