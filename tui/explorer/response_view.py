"""``ResponseView``: status, time, headers and the body — pretty, highlighted JSON, or a
foldable tree of it (``t`` switches)."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static, Tree

from tui.explorer.request import ApiResponse

HIGHLIGHT_LIMIT = 200_000
STATUS_STYLES = {2: "bold green", 3: "bold cyan", 4: "bold yellow", 5: "bold red"}


def status_line(response: ApiResponse) -> Text:
    style = STATUS_STYLES.get(response.status // 100, "bold")
    line = Text(f"{response.status} {response.reason}", style=style)
    line.append(f"   {response.elapsed_ms:.0f} ms   {len(response.text.encode())} bytes", style="dim")
    return line


def headers_text(response: ApiResponse) -> Text:
    text = Text()
    for name, value in response.headers:
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    return text


def body_renderable(response: ApiResponse) -> Syntax | Text:
    """Highlighted JSON; plain text past ``HIGHLIGHT_LIMIT`` (highlighting megabytes stalls)."""
    text = response.pretty()
    if len(text) > HIGHLIGHT_LIMIT:
        return Text(text)
    return Syntax(text, "json" if response.is_json else "text", theme="ansi_dark",
                  word_wrap=True, background_color="default")


class ResponseView(VerticalScroll, can_focus=True):
    """Empty until ``show`` or ``show_message``; keeps the last response in ``response``."""

    DEFAULT_CSS = """
    ResponseView { height: 1fr; padding: 0 1; }
    ResponseView #status { margin-bottom: 1; }
    ResponseView #headers { color: $text-muted; margin-bottom: 1; }
    ResponseView Tree { height: auto; max-height: 100%; }
    """
    BINDINGS = [Binding("t", "toggle_tree", "Tree/text"),
                Binding("H", "toggle_headers", "Headers")]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.response: ApiResponse | None = None
        self.as_tree = False
        self._tree_filled = False

    def compose(self) -> ComposeResult:
        yield Static("No request sent yet: choose an endpoint, then ctrl+s", id="status")
        yield Static("", id="headers")
        yield Static("", id="body")
        tree: Tree[object] = Tree("response", id="tree")
        tree.display = False
        yield tree

    def show(self, response: ApiResponse) -> None:
        self.response = response
        self.query_one("#status", Static).update(status_line(response))
        self.query_one("#headers", Static).update(headers_text(response))
        self.query_one("#body", Static).update(body_renderable(response))
        self.query_one("#tree", Tree).clear()
        self._tree_filled = False
        self._apply_mode()
        self.scroll_home(animate=False)

    def show_message(self, message: str, style: str = "bold") -> None:
        self.response = None
        self.query_one("#status", Static).update(Text(message, style=style))
        for name in ("#headers", "#body"):
            self.query_one(name, Static).update("")
        self.query_one("#tree", Tree).clear()

    @property
    def body_text(self) -> str:
        return self.response.pretty() if self.response else ""

    def _fill_tree(self) -> None:
        """Built on first use: a long list makes many nodes, most never looked at."""
        tree = self.query_one("#tree", Tree)
        if not self._tree_filled and self.response is not None and self.response.is_json:
            tree.add_json(self.response.data)
            tree.root.expand()
            for child in tree.root.children:
                child.expand()
            self._tree_filled = True

    def _apply_mode(self) -> None:
        tree_mode = self.as_tree and self.response is not None and self.response.is_json
        self.query_one("#tree", Tree).display = tree_mode
        self.query_one("#body", Static).display = not tree_mode

    def action_toggle_tree(self) -> None:
        self.as_tree = not self.as_tree
        self._fill_tree()
        self._apply_mode()
        if self.as_tree:
            self.query_one("#tree", Tree).focus()

    def action_toggle_headers(self) -> None:
        headers = self.query_one("#headers", Static)
        headers.display = not headers.display
