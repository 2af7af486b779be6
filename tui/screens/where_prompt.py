"""``WherePromptScreen``: paste or type a ``where`` string (e.g. copied from an API call) and
get it back as a query tree for the filter builder.

The text is parsed by core's parser as it is typed; a syntax error is shown under the input
with a caret at its position, and Enter does nothing until the text parses. Field names and
values are checked afterwards by the builder, row by row, as for any other condition.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from core.query.ast import Group
from core.query.errors import QuerySyntaxError
from core.query.parser import parse_where
from tui.screens.modals import dialog_css

HINT = "Enter to use it · Esc to cancel · e.g. (Department,eq,Arms and Armor)~and(Culture,blank)"


def pointer(text: str, error: QuerySyntaxError, width: int) -> Text:
    """The error under a window of ``text`` with a caret at the error's position."""
    start = max(0, min(error.position - width // 2, len(text) - width + 1))
    window = text[start:start + width]
    caret = " " * (error.position - start) + "^"
    return Text.assemble((window + "\n", "dim"), (caret + "\n", "bold red"),
                         (error.message, "red"))


class WherePromptScreen(ModalScreen[Group | None]):
    DEFAULT_CSS = dialog_css("WherePromptScreen") + """
    WherePromptScreen > Vertical { width: 90; }
    WherePromptScreen #where-error { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Paste a where string", classes="prompt-title")
            yield Input(self.text, placeholder="(Field,op,value)~and(…)", id="where-input")
            yield Static("", id="where-error")
            yield Label(HINT)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._parse(event.value)

    def _parse(self, text: str) -> Group | None | QuerySyntaxError:
        box = self.query_one("#where-error", Static)
        try:
            tree = parse_where(text.strip() or None)
        except QuerySyntaxError as exc:
            box.update(pointer(text, exc, max(20, box.size.width or 80)))
            return exc
        box.update("")
        return tree

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = self._parse(event.value)
        if isinstance(result, QuerySyntaxError) or result is None:
            self.app.bell()  # Esc cancels; an empty text is not a filter to use
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
