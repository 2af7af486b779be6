"""The options of a select field in the TUI: ``OptionsPrompt`` asks for them as one line when a
field is added as, or changed to, SingleSelect/MultiSelect; ``OptionsScreen`` (``o`` on the
fields screen) adds, renames, reorders and removes them one at a time.

Every check is core's: the prompt validates with ``normalise_options`` (what the API's column
update runs) before it closes, and the screen writes through ``core.schema.select_options``,
which moves the rows' values with a renamed option and refuses to remove one still in use.
"""

from __future__ import annotations

import csv

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, Static

from core.errors import GridbaseError
from core.fields.base import FieldSpec
from core.fields.select import option_titles
from core.schema import select_options
from core.schema.fieldspecs import normalise_options
from core.schema.tables import load_table
from tui.screens.modals import PromptScreen, dialog_css


def split_options(text: str) -> list[str]:
    """``Todo, "Later, maybe", Done`` → three titles (a title holding ``,`` is quoted)."""
    if not text.strip():
        return []
    return [t.strip() for t in next(csv.reader([text], skipinitialspace=True))]


def join_options(titles: list[str]) -> str:
    """The inverse of ``split_options``: titles with ``,`` or ``"`` are quoted."""
    def quoted(title: str) -> str:
        return '"' + title.replace('"', '""') + '"' if "," in title or '"' in title else title
    return ", ".join(quoted(t) for t in titles)


class OptionsPrompt(ModalScreen[list[str] | None]):
    """One line of comma-separated option titles; dismisses with the titles (``[]`` when the
    line is left empty) once core accepts them, or None on Esc."""

    DEFAULT_CSS = dialog_css("OptionsPrompt") + (
        "OptionsPrompt #options-error { color: $text-error; }")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, uidt: str, titles: list[str] | None = None) -> None:
        super().__init__()
        self.prompt_title, self.uidt, self.titles = title, uidt, titles or []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, classes="prompt-title", markup=False)
            yield Input(join_options(self.titles), placeholder="Todo, Doing, Done",
                        id="options-input")
            yield Static("", id="options-error", markup=False)
            yield Label("Comma separated; quote a title that holds a comma. "
                        "Enter to confirm · Esc to cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            titles = split_options(event.value)
            normalise_options(self.uidt, {"options": titles})
        except (GridbaseError, csv.Error) as exc:
            self.query_one("#options-error", Static).update(getattr(exc, "message", str(exc)))
            return
        self.dismiss(titles)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OptionsScreen(ModalScreen[bool]):
    """The options of one select field with how many rows use each; dismisses with True when
    anything changed (so the grid is reopened)."""

    DEFAULT_CSS = """
    OptionsScreen { align: center middle; }
    OptionsScreen > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    OptionsScreen DataTable { height: auto; max-height: 16; }
    OptionsScreen #options-error { color: $text-error; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("n", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("x,delete", "remove", "Remove"),
        Binding("K,shift+up", "move(-1)", "Move up", key_display="K"),
        Binding("J,shift+down", "move(1)", "Move down", key_display="J"),
    ]

    def __init__(self, table_id: str, field: FieldSpec) -> None:
        super().__init__()
        self.table_id, self.field = table_id, field
        self.titles: list[str] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Options of {self.field.title} ({self.field.uidt})"
            yield DataTable(cursor_type="row", zebra_stripes=True, id="options-table")
            yield Static("", id="options-error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Option", "Rows")
        table.focus()
        self.reload()

    @work(exclusive=True, group="options", exit_on_error=False)
    async def reload(self) -> None:
        await self._reload()

    async def _reload(self, cursor: int | None = None) -> None:
        self.field = (await load_table(self.table_id)).field(self.field.id)
        self.titles = option_titles(self.field)
        usage = await select_options.option_usage(self.field.id)
        table = self.query_one(DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for title in self.titles:
            table.add_row(title, str(usage.get(title, 0)))
        if self.titles:
            table.move_cursor(row=max(0, min(row, len(self.titles) - 1)))

    @property
    def current(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.titles[row] if 0 <= row < len(self.titles) else None

    async def _apply(self, titles: list[str], renamed: dict[str, str] | None = None,
                     cursor: int | None = None) -> None:
        """Write the options through core; an error is shown and changes nothing."""
        error = self.query_one("#options-error", Static)
        error.update("")
        try:
            await select_options.set_options(self.field.id, titles, renamed)
        except GridbaseError as exc:
            error.update(exc.message)
            return
        self.changed = True
        await self._reload(cursor)

    @work(exclusive=True, group="options-edit", exit_on_error=False)
    async def action_add(self) -> None:
        title = await self.app.push_screen_wait(PromptScreen(f"New option of {self.field.title}"))
        if title:
            await self._apply([*self.titles, title], cursor=len(self.titles))

    @work(exclusive=True, group="options-edit", exit_on_error=False)
    async def action_rename(self) -> None:
        old = self.current
        if old is None:
            return
        new = await self.app.push_screen_wait(PromptScreen(f"Rename option {old!r}", old))
        if new and new != old:
            await self._apply([new if t == old else t for t in self.titles], {old: new})

    @work(exclusive=True, group="options-edit", exit_on_error=False)
    async def action_remove(self) -> None:
        old = self.current
        if old is not None:
            await self._apply([t for t in self.titles if t != old])

    @work(exclusive=True, group="options-edit", exit_on_error=False)
    async def action_move(self, step: int) -> None:
        row = self.query_one(DataTable).cursor_row
        if self.current is None or not 0 <= row + step < len(self.titles):
            return
        titles = list(self.titles)
        titles[row], titles[row + step] = titles[row + step], titles[row]
        await self._apply(titles, cursor=row + step)

    def action_close(self) -> None:
        self.dismiss(self.changed)
