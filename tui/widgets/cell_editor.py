"""``CellEditor``: a one-line input laid over a grid cell, with its error shown beneath it.

It only collects text: ``Committed`` carries what was typed and the container decides
whether it parses; ``show_error`` keeps the editor open with the reason next to the cell.
Enter commits, Tab commits and moves to the next column, Esc cancels. ``replay`` applies a key
that was typed before the editor had the focus exactly as if it had been typed into it.
"""

from __future__ import annotations

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

INPUT_KEYS = BindingsMap(Input.BINDINGS).key_to_bindings
EDITOR_KEYS = {"enter": "commit", "tab": "commit(1)", "escape": "cancel"}


class CellEditor(Vertical):
    DEFAULT_CSS = """
    CellEditor {
        position: absolute; layer: editor; display: none;
        width: 24; height: auto; background: $panel;
    }
    CellEditor > Input {
        width: 100%; border: none; height: 1; padding: 0;
        background: $accent-muted; color: $foreground; text-style: bold;
    }
    CellEditor > #cell-error { color: $text-error; background: $error-muted; display: none; }
    CellEditor.-error > #cell-error { display: block; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel edit"),
                Binding("tab", "commit(1)", "Save, next column", show=False)]

    class Committed(Message):
        """Save ``text``; then move the cursor ``move`` columns (Tab: 1)."""

        def __init__(self, text: str, move: int = 0) -> None:
            super().__init__()
            self.text, self.move = text, move

    class Cancelled(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Input(compact=True, id="cell-input", select_on_focus=False)
        yield Static("", id="cell-error")

    @property
    def input(self) -> Input:
        return self.query_one("#cell-input", Input)

    @property
    def is_open(self) -> bool:
        return self.display

    def open(self, text: str) -> None:
        """Show ``text`` for editing (``place`` puts the editor over its cell)."""
        self.clear_error()
        self.display = True
        self.input.value = text
        self.input.cursor_position = len(text)
        self.input.focus()

    def place(self, x: int, y: int, width: int) -> None:
        self.styles.offset = (x, y)
        self.styles.width = width

    def close(self) -> None:
        self.display = False
        self.clear_error()

    def show_error(self, message: str) -> None:
        self.query_one("#cell-error", Static).update(message)
        self.add_class("-error")

    def clear_error(self) -> None:
        self.remove_class("-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Committed(event.value))

    def action_commit(self, move: int = 0) -> None:
        self.post_message(self.Committed(self.input.value, move))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def replay(self, key: str, character: str | None) -> None:
        """Apply a key typed before the editor had the focus as the editor would have."""
        if key in EDITOR_KEYS:
            self._run(EDITOR_KEYS[key], self)
        elif character is not None and character.isprintable():
            self.input.insert_text_at_cursor(character)
        else:
            for binding in INPUT_KEYS.get(key, ()):
                self._run(binding.action, self.input)

    @staticmethod
    def _run(action: str, target: Input | CellEditor) -> None:
        """Run a (synchronous) key action now, so replayed keys apply in the order typed."""
        _, name, args = parse(action)
        getattr(target, f"action_{name}")(*args)
