"""``PickScreen``: choose one of a few names (a field to sort by, a view to switch to).

Unlike ``ChoiceScreen`` (a select cell's options) it has no "(empty)" entry: Esc is the way
out. Dismisses with the chosen name, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.screens.modals import dialog_css


class PickScreen(ModalScreen[str | None]):
    DEFAULT_CSS = dialog_css("PickScreen")
    BINDINGS = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[str], current: str | None = None) -> None:
        super().__init__()
        self.prompt_title, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, classes="prompt-title")
            yield OptionList(*[Option(c, id=f"o{i}") for i, c in enumerate(self.choices)])
            yield Label("↑↓ choose · Enter to pick · Esc to cancel")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            current = self.current if self.current in self.choices else self.choices[0]
            options.highlighted = self.choices.index(current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int((event.option.id or "o0")[1:])])

    def action_cancel(self) -> None:
        self.dismiss(None)
