"""Value editors of one filter condition, chosen by ``tui.filter_rules.editor_kind``.

A text or number box, two number boxes for ``btw`` (low, high), a select of a field's options,
a button that opens ``PickManyScreen`` for ``in``/``anyof``/…, and for dates a select of the
sub-operators (today, past week, exact date…) followed by a box when the sub-operator takes a
number of days or a date. Value-less operators (``blank``, ``checked``…) get no editor at all.
Each editor carries a class (``f-value``, ``f-low``, ``f-high``, ``f-sub``) the row reads.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList

from core.fields.base import FieldSpec
from core.fields.select import option_titles
from core.query.choices import SUB_OP_LABELS, sub_op_choices, sub_op_value
from core.query.values import split_items
from tui import filter_rules as rules
from tui.filter_model import ConditionDraft
from tui.screens.modals import dialog_css

_PLACEHOLDERS = {"in": "a,b,c", "like": "text (% = any)", "nlike": "text (% = any)"}


def options_of(spec: FieldSpec | None, current: tuple[str, ...]) -> list[str]:
    """A select field's option titles, plus any current value that is no longer an option."""
    titles = option_titles(spec) if spec is not None else []
    return titles + [c for c in current if c not in titles]


def select(choices: list[tuple[str, str]], value: str | None, classes: str) -> Select[str]:
    keys = [k for k, _ in choices]
    current = value if value in keys else Select.NULL
    return Select([(Text(label), key) for key, label in choices], value=current,
                  allow_blank=current is Select.NULL, prompt="(choose)", compact=True,
                  classes=classes)


def editors(kind: str, spec: FieldSpec | None, draft: ConditionDraft) -> list[Widget]:
    """The widgets after the operator, for an editor ``kind``."""
    raw = rules.raw_value(draft)
    if kind == rules.NONE:
        return []
    if kind == rules.DATE:
        return _date_editors(draft)
    if kind == rules.NUMBER:
        return [_box(rules.value_text(raw), "number", "f-value", "number")]
    if kind == rules.PAIR:
        low, high = rules.pair_texts(raw)
        return [_box(low, "from", "f-low", "number"), _box(high, "to", "f-high", "number")]
    if kind == rules.CHOICE:
        text = rules.value_text(raw)
        titles = options_of(spec, (text,) if text else ())
        return [select([(t, t) for t in titles], text or None, "f-value")]
    if kind == rules.CHOICES:
        return [ChoicesButton(tuple(i.strip() for i in split_items(raw)))]
    return [_box(rules.value_text(raw), _PLACEHOLDERS.get(draft.op, "value"), "f-value", "text")]


def _box(text: str, placeholder: str, classes: str, kind: str) -> Input:
    return Input(text, placeholder=placeholder, type=kind, compact=True,  # type: ignore[arg-type]
                 select_on_focus=False, classes=classes)


def _date_editors(draft: ConditionDraft) -> list[Widget]:
    choices = sub_op_choices(draft.op)
    sub = draft.sub_op or ("exactDate" if draft.op != "isWithin" else None)
    if sub is not None and sub not in dict(choices):
        choices.append((sub, SUB_OP_LABELS.get(sub, sub)))
    widgets: list[Widget] = [select(choices, sub, "f-sub")]
    need = sub_op_value(sub)
    if need is not None and sub is not None:
        placeholder = "days" if need == "days" else "YYYY-MM-DD"
        kind = "integer" if need == "days" else "text"
        widgets.append(_box(rules.value_text(draft.value), placeholder, "f-value", kind))
    return widgets


class ChoicesButton(Button):
    """Shows the chosen options; Enter opens a checklist of them."""

    def __init__(self, chosen: tuple[str, ...]) -> None:
        super().__init__(self._label(chosen), compact=True, classes="f-value f-choices")
        self.chosen = chosen

    @staticmethod
    def _label(chosen: tuple[str, ...]) -> Text:
        return Text(", ".join(chosen) if chosen else "(choose…)")

    def show(self, chosen: tuple[str, ...]) -> None:
        self.chosen = chosen
        self.label = self._label(chosen)


class PickManyScreen(ModalScreen[tuple[str, ...] | None]):
    """Tick any number of options (Space); Enter or Ctrl+S keeps them, Esc cancels."""

    DEFAULT_CSS = dialog_css("PickManyScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("enter,ctrl+s", "done", "Done", priority=True)]

    def __init__(self, title: str, options: list[str], chosen: tuple[str, ...]) -> None:
        super().__init__()
        self.prompt_title, self.options, self.chosen = title, options, chosen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.prompt_title), classes="prompt-title")
            yield SelectionList[str](*[(Text(o), o, o in self.chosen) for o in self.options],
                                     compact=True)
            yield Label("space tick · enter/ctrl+s done · esc cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        picked = self.query_one(SelectionList).selected
        self.dismiss(tuple(o for o in self.options if o in picked))

    def action_cancel(self) -> None:
        self.dismiss(None)
