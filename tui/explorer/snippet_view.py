"""``SnippetView``: the current request as curl, Python or JavaScript; ←/→ cycle the
language, ``c`` copies (OSC 52, ``App.copy_to_clipboard``). The token is masked on screen,
as in the form, and copied in full."""

from __future__ import annotations

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.explorer.request import ApiRequest
from tui.explorer.snippets import LANGUAGES, LEXERS, shown_snippet, snippet


class SnippetView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    SnippetView { height: 1fr; padding: 0 1; }
    SnippetView #languages { margin-bottom: 1; }
    """
    BINDINGS = [Binding("right,n", "cycle(1)", "Next language"),
                Binding("left,p", "cycle(-1)", "Previous", show=False),
                Binding("c,y", "copy", "Copy")]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.language = LANGUAGES[0]
        self.request: ApiRequest | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="languages")
        yield Static("Choose an endpoint first", id="code")

    def on_mount(self) -> None:
        self._render_tabs()

    @property
    def code(self) -> str:
        return snippet(self.language, self.request) if self.request else ""

    def show(self, request: ApiRequest | None) -> None:
        self.request = request
        self._render_code()

    def _render_tabs(self) -> None:
        tabs = Text()
        for language in LANGUAGES:
            style = "reverse bold" if language == self.language else "dim"
            tabs.append(f" {language} ", style=style)
            tabs.append(" ")
        tabs.append(" ←/→ · c copy", style="dim")
        self.query_one("#languages", Static).update(tabs)

    def _render_code(self) -> None:
        code = self.query_one("#code", Static)
        if self.request is None:
            code.update("Fill in the form first (a path parameter or the body is invalid)")
            return
        shown = Syntax(shown_snippet(self.language, self.request), LEXERS[self.language],
                       theme="ansi_dark", word_wrap=True, background_color="default")
        if not self.request.token:
            code.update(shown)
            return
        note = Text("The token is masked here; c copies it in full.\n", style="dim")
        code.update(Group(note, shown))

    def action_cycle(self, step: int) -> None:
        index = (LANGUAGES.index(self.language) + step) % len(LANGUAGES)
        self.language = LANGUAGES[index]
        self._render_tabs()
        self._render_code()

    def action_copy(self) -> None:
        if self.request is None:
            self.notify("Nothing to copy yet", severity="warning")
            return
        self.app.copy_to_clipboard(self.code)
        self.notify(f"Copied the {self.language} snippet")
