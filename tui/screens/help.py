"""``HelpScreen``: every key, grouped by where it works (opened with ``?``)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Grid: move", (
        ("↑ ↓ ← →  h j k l", "move the cell cursor"),
        ("PgUp PgDn", "a screen up / down"),
        ("Home End", "first / last column"),
        ("g G  Ctrl+Home Ctrl+End", "first / last row"),
    )),
    ("Grid: row number", (
        ("← h  at the first column", "onto the row number (highlighted)"),
        ("Home  at the first column", "the same"),
        ("→", "back to the cells"),
        ("Enter, or click a number", "open the record form"),
    )),
    ("Grid: edit", (
        ("Enter, or type", "edit the cell (Enter saves, Esc cancels)"),
        ("Space Enter", "toggle a checkbox; pick a select option"),
        ("a  e", "record form: add a record / edit this one"),
        ("d", "delete the row (asks first)"),
        ("u  Ctrl+R", "undo / redo"),
        ("Shift+arrows", "select a range of cells"),
        ("y Ctrl+C  Ctrl+V", "copy selection as TSV / paste a TSV block"),
        ("Ctrl+D", "fill the selection down"),
        ("<  >", "narrower / wider column"),
    )),
    ("View (saved with the view)", (
        ("/", "filter: conditions, groups, a live count"),
        ("s", "sort: n add, Space asc/desc, K J move"),
        ("F", "fields: add, rename, type, hide, K J move"),
        ("F, then o", "the options of a select field"),
        ("Y  Ctrl+Y", "copy the view as an API query (GET …)"),
        ("Ctrl+P  View: …", "views: save as, switch, rename, delete…"),
    )),
    ("Filter builder (/)", (
        ("Ctrl+N  Ctrl+G", "add a condition / a group"),
        ("Ctrl+D", "delete the row"),
        ("Ctrl+R  Ctrl+L", "indent / outdent the row"),
        ("Ctrl+T  Ctrl+O", "AND or OR / NOT"),
        ("Ctrl+W", "paste a where= string"),
        ("Ctrl+S  Esc", "apply / cancel"),
    )),
    ("API explorer (A)", (
        ("F2 F3 F4 F5", "request / response / snippets / history tab"),
        ("Ctrl+E", "back to the endpoint list"),
        ("Ctrl+S  Ctrl+G", "send the request / cancel it"),
        ("F6", "fill the request from the open view"),
        ("t  H", "response: tree or text / headers"),
        ("→ n  ← p  c", "snippets: next / previous language, copy"),
    )),
    ("Tools", (
        ("T", "API tokens: create, revoke"),
        ("W", "webhooks of the table, live delivery log"),
        ("A", "API explorer: try the REST API"),
        ("I", "import a CSV file into a new table"),
    )),
    ("Sidebar", (
        ("Enter", "open the table or view"),
        ("N  n", "new base / new table"),
        ("r  F2", "rename"),
        ("x  Delete", "delete (asks first)"),
    )),
    ("Everywhere", (
        ("Tab  Shift+Tab", "move between sidebar and grid"),
        ("Ctrl+B", "show / hide the sidebar"),
        ("Ctrl+P", "command palette: every action"),
        ("?", "this help"),
        ("q  Ctrl+Q", "quit (q types a q inside an editor)"),
    )),
)


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in KEYS:
        table.add_row(Text(section, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(Text("  " + keys), what)
    table.add_row("", "")
    table.add_row("", Text("Esc, q or ? closes this page", style="dim"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen Static { width: 1fr; }  /* auto measured it without the scrollbar: rows were cut */
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "gridbase keys"
            yield Static(help_table())

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
