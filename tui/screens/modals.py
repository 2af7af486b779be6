"""Small modal dialogs: ask for a title, confirm a deletion, pick a select option.

Each dismisses with its answer (``None`` when cancelled with Esc), so callers use
``push_screen(dialog, callback)`` or ``await push_screen_wait(dialog)`` in a worker.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

EMPTY_CHOICE = "(empty)"

_MODAL_CSS = """
Dialog { align: center middle; }
Dialog > Vertical {
    width: 60; max-width: 95%; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 0 1;
}
Dialog .prompt-title { text-style: bold; width: 100%; }
Dialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
Dialog Button { margin-left: 1; min-width: 10; }
Dialog OptionList { height: auto; max-height: 14; }
"""


def dialog_css(screen_name: str) -> str:
    """The dialog box style for the screen class ``screen_name``.

    A screen's DEFAULT_CSS is scoped to its class: a rule that does not start with the class
    name is read as "inside it" and never matches the screen itself, so each dialog gets the
    rules under its own name."""
    return _MODAL_CSS.replace("Dialog", screen_name)


MODAL_CSS = dialog_css("ModalScreen")  # matches nothing when scoped: use dialog_css(name)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a base or table title)."""

    DEFAULT_CSS = dialog_css("PromptScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt_title, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, classes="prompt-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("Enter to confirm · Esc to cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no question; y (or Enter on the Delete button) confirms, n, q or Esc cancels."""

    DEFAULT_CSS = dialog_css("ConfirmScreen")
    BINDINGS = [Binding("escape,n,q", "answer(False)", "Cancel"),
                Binding("y", "answer(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Delete") -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="prompt-title", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="no")
                yield Button(f"{self.yes} (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of ``choices`` (a select field's options); ``""`` means empty the cell."""

    DEFAULT_CSS = dialog_css("ChoiceScreen")
    BINDINGS = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[str], current: str | None = None) -> None:
        super().__init__()
        self.prompt_title, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, classes="prompt-title", markup=False)
            options = [Option(EMPTY_CHOICE, id="empty")]
            options += [Option(c, id=f"o{i}") for i, c in enumerate(self.choices)]
            yield OptionList(*options, id="choices")
            yield Label("↑↓ choose · Enter to set · Esc to cancel")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current) + 1
        else:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or "empty"
        self.dismiss("" if oid == "empty" else self.choices[int(oid[1:])])

    def action_cancel(self) -> None:
        self.dismiss(None)
