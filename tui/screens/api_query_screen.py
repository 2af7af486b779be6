"""``ApiQueryScreen``: the open view as REST requests, in full — the ``GET`` with its
``where``/``sort``/``fields``, the same rows by ``viewId``, and a curl command — each on its
own wrapped lines (a toast would cut them at 80x24), each copied with one key (OSC 52, so it
reaches the clipboard over SSH). Opened by ``Y`` after the request was copied.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from tui.api_query import curl_command
from tui.screens.modals import dialog_css


class ApiQueryScreen(ModalScreen[None]):
    DEFAULT_CSS = dialog_css("ApiQueryScreen") + """
    ApiQueryScreen > Vertical { width: 100; }
    ApiQueryScreen VerticalScroll { height: auto; max-height: 18; }
    ApiQueryScreen .what { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,q,enter", "close", "Close"),
                Binding("y", "copy('path')", "Copy GET"),
                Binding("v", "copy('by_view')", "Copy viewId GET"),
                Binding("c", "copy('curl')", "Copy curl")]

    def __init__(self, path: str, view_path: str, view_title: str) -> None:
        super().__init__()
        self.requests = {"path": path, "by_view": view_path, "curl": curl_command(path)}
        self.view_title = view_title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"API query · {self.view_title} (copied)"), classes="prompt-title")
            with VerticalScroll():
                for key, what in (("path", "GET — the grid's filter, sort and fields"),
                                  ("by_view", "GET — the same rows by the saved view"),
                                  ("curl", "curl (token in $GRIDBASE_TOKEN)")):
                    yield Label(what, classes="what")
                    yield Static(Text(self.requests[key]), id=key)
        yield Footer(compact=True)

    def action_copy(self, key: str) -> None:
        self.app.copy_to_clipboard(self.requests[key])
        self.notify(f"Copied the {'curl command' if key == 'curl' else 'request'}", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
