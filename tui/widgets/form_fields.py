"""``FormField``: one labelled, type-appropriate input of the record form, with its error line.

Which widget a field gets depends on its type: a ``Checkbox`` for checkboxes, a ``Select`` of
the options for single selects, a ``SelectionList`` for multi-selects, a ``TextArea`` for long
text and JSON, and a one-line ``Input`` for everything else (text, numbers, dates, e-mail…).
``value()`` turns what is on screen into the JSON value the records service takes, parsing
text with the field type (``parse_edit``), so a bad number is caught before anything is sent.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from core.fields.base import FieldSpec
from core.fields.select import option_titles
from tui.widgets.cells import edit_text, parse_edit

LONG_TYPES = frozenset({"LongText", "JSON"})


def input_kind(spec: FieldSpec) -> str:
    """``checkbox``, ``select``, ``multiselect``, ``area`` or ``line``."""
    family = spec.type.family
    if family in ("checkbox", "select", "multiselect"):
        return family
    return "area" if spec.uidt in LONG_TYPES or family == "json" else "line"


class FormField(Vertical):
    """Label, input and error line for one field (``field_key`` is the field's title)."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > Label { color: $text-muted; }
    FormField > Input, FormField > Select { width: 100%; }
    FormField > TextArea { height: 5; }
    FormField > SelectionList { height: auto; max-height: 6; }
    FormField > .field-error { color: $text-error; display: none; }
    FormField.-error > .field-error { display: block; }
    FormField.-error > Label { color: $text-error; }
    """

    def __init__(self, spec: FieldSpec, value: Any = None) -> None:
        super().__init__(id=None)
        self.spec = spec
        self.field_key = spec.title
        self.kind = input_kind(spec)
        self.initial = value

    def compose(self) -> ComposeResult:
        yield Label(Text.assemble(self.spec.title, "  ", (self.spec.uidt, "dim")))
        yield self._make_input()
        yield Static("", classes="field-error")

    def _make_input(self) -> Widget:
        spec, value = self.spec, self.initial
        if self.kind == "checkbox":
            return Checkbox(spec.title, bool(value), compact=True)
        if self.kind == "select":
            choices = [(t, t) for t in option_titles(spec)]
            current = value if value in option_titles(spec) else Select.NULL
            return Select(choices, value=current, allow_blank=True, prompt="(empty)",
                          compact=True)
        if self.kind == "multiselect":
            chosen = set(value) if isinstance(value, list) else set(str(value or "").split(","))
            return SelectionList[str](*[(t, t, t in chosen) for t in option_titles(spec)],
                                      compact=True)
        text = edit_text(value, spec)
        if self.kind == "area":
            return TextArea(text, soft_wrap=True, compact=True, show_line_numbers=False)
        placeholder = "YYYY-MM-DD" if spec.uidt == "Date" else spec.uidt
        return Input(text, placeholder=placeholder, compact=True, select_on_focus=False)

    @property
    def input(self) -> Widget:
        return self.children[1]

    def value(self) -> Any:
        """The JSON value to write. Raises ValueError with the field type's message."""
        widget = self.input
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            chosen = [t for t in option_titles(self.spec) if t in widget.selected]
            return ",".join(chosen) or None
        text = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return parse_edit(text, self.spec)

    def show_error(self, message: str) -> None:
        self.query_one(".field-error", Static).update(message)
        self.add_class("-error")

    def clear_error(self) -> None:
        self.remove_class("-error")

    @property
    def has_error(self) -> bool:
        return self.has_class("-error")
