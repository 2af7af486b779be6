"""``PickScreen``: choose one of a few names (a field to sort by, a view to switch to).

Unlike ``ChoiceScreen`` (a select cell's options) it has no "(empty)" entry: Esc is the way
out. Typing jumps to the first name that starts with (else contains) what was typed, so
"obj b" finds "Object Begin Date" among fifty fields. Dismisses with the chosen name, or None.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.screens.modals import dialog_css


TYPING_PAUSE = 1.0  # seconds between keys before typing starts a new search


def find_match(choices: list[str], typed: str) -> int | None:
    """The first choice starting with ``typed`` (case-insensitive), else the first holding it."""
    typed = typed.casefold()
    names = [c.casefold() for c in choices]
    starts = (i for i, n in enumerate(names) if n.startswith(typed))
    return next(starts, next((i for i, n in enumerate(names) if typed in n), None))


class SearchList(OptionList):
    """An ``OptionList`` that moves to the option matching what is typed."""

    typed = ""
    last_key = 0.0

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable()

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.is_printable:
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        self.typed = (self.typed if now - self.last_key < TYPING_PAUSE else "") + event.character
        self.last_key = now
        choices = [str(self.get_option_at_index(i).prompt) for i in range(self.option_count)]
        index = find_match(choices, self.typed)
        if index is not None:
            self.highlighted = index


class PickScreen(ModalScreen[str | None]):
    DEFAULT_CSS = dialog_css("PickScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[str], current: str | None = None) -> None:
        super().__init__()
        self.prompt_title, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, classes="prompt-title")
            yield SearchList(*[Option(c, id=f"o{i}") for i, c in enumerate(self.choices)])
            yield Label("type to find · ↑↓ choose · Enter to pick · Esc to cancel")

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
