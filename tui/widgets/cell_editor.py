"""``CellEditor``: a one-line input laid over a grid cell, with its error shown beneath it.

It only collects text: ``Committed`` carries what was typed and the container decides
whether it parses; ``show_error`` keeps the editor open with the reason next to the cell.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static


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
    BINDINGS = [Binding("escape", "cancel", "Cancel edit")]

    class Committed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

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

    def open(self, text: str, x: int, y: int, width: int) -> None:
        self.styles.offset = (x, y)
        self.styles.width = width
        self.clear_error()
        self.display = True
        self.input.value = text
        self.input.cursor_position = len(text)
        self.input.focus()

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

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
