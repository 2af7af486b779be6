"""``RecordFormScreen``: every writable field of one record, to add a record or edit one.

The form does not write by itself: the pane gives it ``save``, an async callable that takes the
JSON values and writes them in one records-service call (``create_records`` for a new record,
``update_records`` for an existing one). Text is parsed per field before ``save`` runs; a
``GridbaseError`` whose ``details`` name a field is shown under that field, anything else at
the bottom, and the form stays open with nothing written. On success it dismisses with what
``save`` returned. Ctrl+S saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.errors import GridbaseError
from tui.widgets.form_fields import FormField
from tui.widgets.record_source import Column

Save = Callable[[dict[str, Any]], Awaitable[Any]]


class RecordFormScreen(ModalScreen[Any]):
    DEFAULT_CSS = """
    RecordFormScreen { align: center middle; }
    RecordFormScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    RecordFormScreen #form-fields { height: auto; max-height: 1fr; }
    RecordFormScreen #form-error { color: $text-error; display: none; }
    RecordFormScreen #form-error.-shown { display: block; }
    RecordFormScreen .buttons { height: auto; align-horizontal: right; }
    RecordFormScreen Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, title: str, columns: tuple[Column, ...], save: Save,
                 record: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.columns = [c for c in columns if c.editable]
        self.save_values = save
        self.record = record

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.form_title
            box.border_subtitle = "ctrl+s save · esc cancel"
            with VerticalScroll(id="form-fields"):
                for column in self.columns:
                    value = self.record.get(column.key) if self.record else None
                    yield FormField(column.spec, value)
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        fields = self.fields
        if fields:
            fields[0].input.focus()

    @property
    def fields(self) -> list[FormField]:
        return list(self.query(FormField))

    def field(self, key: str) -> FormField | None:
        return next((f for f in self.fields if f.field_key == key), None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = self.collect()
        if values is not None:
            self._save(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def collect(self) -> dict[str, Any] | None:
        """The values to write (only changed ones when editing), or None after showing errors."""
        self._general_error("")
        values: dict[str, Any] = {}
        ok = True
        for field in self.fields:
            field.clear_error()
            try:
                value = field.value()
            except ValueError as exc:
                field.show_error(str(exc))
                ok = False
                continue
            if self.record is None and value in (None, False):
                continue  # let a new record take the defaults
            if self.record is not None and value == self.record.get(field.field_key):
                continue
            values[field.field_key] = value
        return values if ok else None

    @work(exclusive=True, group="form-save", exit_on_error=False)
    async def _save(self, values: dict[str, Any]) -> None:
        try:
            result = await self.save_values(values)
        except Exception as exc:  # shown in the form; nothing was written
            self.show_failure(exc)
            return
        self.dismiss(result)

    def show_failure(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"
        key = exc.details.get("field") if isinstance(exc, GridbaseError) else None
        field = self.field(str(key)) if key is not None else None
        if field is not None:
            field.show_error(message)
            field.input.focus()
        else:
            self._general_error(message)

    def _general_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

