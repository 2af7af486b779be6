"""One line of the filter builder: ``ConditionRow`` (field, operator, value editor, error) or
``GroupRow`` (the head of a nested group), each led by its connector (where/and/or/not).

A condition row edits its ``ConditionDraft`` in place and posts ``FilterRow.Edited``; when the
field, operator or date sub-operator changes it recomposes itself (the operator list and the
value editor depend on them) and keeps the focus on the same control. While the value boxes
still hold the text they were built with, the draft keeps its original value exactly, so an
untouched row gives back the condition it was opened with.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from core.fields.base import FieldSpec
from core.query.choices import operator_choices, operator_label
from core.schema.spec import TableSpec
from tui import filter_rules as rules
from tui.filter_model import ConditionDraft, GroupDraft, Path, Row, connector_text
from tui.widgets.filter_values import ChoicesButton, PickManyScreen, editors, options_of, select

ROW_CSS = """
FilterRow { height: auto; }
FilterRow > .f-line { height: 1; }
FilterRow ConnectorLabel { width: 8; color: $text-accent; }
FilterRow ConnectorLabel:focus { background: $accent; color: $text; }
FilterRow .f-field { width: 22; }  /* "Object Begin Date" and its arrow */
FilterRow .f-field > SelectOverlay { width: 32; }
FilterRow .f-op { width: 19; }
FilterRow .f-sub { width: 23; }
FilterRow .f-value { width: 1fr; min-width: 8; }
FilterRow Button.f-choices { content-align: left middle; text-align: left; }
FilterRow .f-low, FilterRow .f-high { width: 1fr; min-width: 6; margin-right: 1; }
FilterRow .f-group { color: $text-muted; }
FilterRow > .f-error { color: $text-error; display: none; padding-left: 8; }
FilterRow.-error > .f-error { display: block; }
FilterRow.-error ConnectorLabel { color: $text-error; }
"""


class ConnectorLabel(Static, can_focus=True):
    """``where``/``and``/``or``/``and not`` before a row; Space or Enter toggles and/or."""

    BINDINGS = [Binding("space,enter", "screen.toggle_and_or", "And/Or", show=False)]


class FilterRow(Vertical):
    DEFAULT_CSS = ROW_CSS

    class Edited(Message):
        """A row's condition changed (the builder re-checks the tree and recounts)."""

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.path: Path = row.path
        self.connector = connector_text(row)
        self.styles.margin = (0, 0, 0, 2 * row.depth)

    def focus_first(self) -> None:
        widgets = [w for w in self.query("*") if w.focusable]
        if widgets:
            widgets[0].focus()

    def show_error(self, message: str | None) -> None:
        self.query_one(".f-error", Static).update(Text(message or ""))
        self.set_class(bool(message), "-error")


class GroupRow(FilterRow):
    def __init__(self, row: Row) -> None:
        super().__init__(row)
        assert isinstance(row.item.node, GroupDraft)
        self.group = row.item.node

    def compose(self) -> ComposeResult:
        with Horizontal(classes="f-line"):
            yield ConnectorLabel(self.connector)
            yield Static(f"( group of {len(self.group.items)} )", classes="f-group")
        yield Static("", classes="f-error")


class ConditionRow(FilterRow):
    def __init__(self, row: Row, table: TableSpec) -> None:
        super().__init__(row)
        assert isinstance(row.item.node, ConditionDraft)
        self.draft: ConditionDraft = row.item.node
        self.table = table
        self._initial = (self.draft.sub_op, self.draft.value)
        self._texts: dict[Input, str] = {}

    def focus_first(self) -> None:
        self.query_one(".f-field").focus()

    @property
    def spec(self) -> FieldSpec | None:
        return self.table.find(self.draft.field)

    @property
    def kind(self) -> str:
        return rules.editor_kind(self.spec, self.draft.op)

    def compose(self) -> ComposeResult:
        spec, draft = self.spec, self.draft
        self._initial = (draft.sub_op, draft.value)
        fields = [(f.title, f.title) for f in self.table.fields]
        if spec is None:
            fields.append((draft.field, f"{draft.field} (unknown)"))
        ops = operator_choices(spec) if spec is not None else []
        if draft.op not in dict(ops):
            ops.append((draft.op, operator_label(draft.op, spec)))
        with Horizontal(classes="f-line"):
            yield ConnectorLabel(self.connector)
            yield select(fields, draft.field, "f-field")
            yield select(ops, draft.op, "f-op")
            widgets = editors(self.kind, spec, draft)
            self._texts = {w: w.value for w in widgets if isinstance(w, Input)}
            yield from widgets
        yield Static("", classes="f-error")

    def _changed(self) -> None:
        """A value was edited: from now on the row's problems are flagged."""
        self.draft.touched = True
        self.post_message(self.Edited())

    async def _rebuild(self, focus: str) -> None:
        await self.recompose()
        self.query_one(focus).focus()
        self.post_message(self.Edited())

    @on(Select.Changed, ".f-field")
    async def _field_changed(self, event: Select.Changed) -> None:
        event.stop()
        spec = self.table.find(str(event.value))
        if event.value is Select.NULL or spec is None or spec.title == self.draft.field:
            return
        rules.change_field(self.draft, self.spec, spec)
        await self._rebuild(".f-field")

    @on(Select.Changed, ".f-op")
    async def _op_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL or event.value == self.draft.op:
            return
        rules.change_op(self.draft, self.spec, str(event.value))
        await self._rebuild(".f-op")

    @on(Select.Changed, ".f-sub")
    async def _sub_op_changed(self, event: Select.Changed) -> None:
        event.stop()
        shown = self.draft.sub_op or ("exactDate" if self.draft.value is not None else None)
        if event.value is Select.NULL or event.value == shown:
            return
        rules.change_sub_op(self.draft, str(event.value))
        await self._rebuild(".f-sub")

    @on(Select.Changed, ".f-value")
    def _choice_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if value != rules.raw_value(self.draft):
            rules.set_value(self.draft, value)
            self._changed()

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        event.stop()
        before = (self.draft.sub_op, self.draft.value)
        if all(box.value == text for box, text in self._texts.items()):
            self.draft.sub_op, self.draft.value = self._initial
        else:
            self._read_boxes()
        if (self.draft.sub_op, self.draft.value) != before:
            self._changed()

    def _read_boxes(self) -> None:
        if self.kind == rules.PAIR:
            low, high = (self.query_one(c, Input).value.strip() for c in (".f-low", ".f-high"))
            rules.set_value(self.draft, f"{low},{high}" if low or high else None)
            return
        text = self.query_one(".f-value", Input).value
        if self.kind == rules.DATE:
            self.draft.sub_op = self._shown_sub_op()
            rules.set_value(self.draft, text or None, keep_sub_op=True)
        else:
            rules.set_value(self.draft, text or None)

    def _shown_sub_op(self) -> str | None:
        value = self.query_one(".f-sub", Select).value
        return None if value is Select.NULL else str(value)

    @on(Button.Pressed, ".f-choices")
    def _pick(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        assert isinstance(button, ChoicesButton)
        options = options_of(self.spec, button.chosen)
        title = f"{self.draft.field} {operator_label(self.draft.op, self.spec)}"

        def chosen(picked: tuple[str, ...] | None) -> None:
            if picked is None:
                return
            button.show(picked)
            rules.set_value(self.draft, ",".join(picked) or None)
            self._changed()

        self.app.push_screen(PickManyScreen(title, options, button.chosen), chosen)
