"""``FieldsScreen``: the fields of the open table — add, rename, change type, delete, edit a
select field's options — and, for the open view, hide/show and reorder its columns (``F`` in
the grid, or "Fields…"). Adding a select field, or changing a field to one, asks for its
options (pre-filled from the field's values when converting).

Schema changes go through ``core.schema.fields`` in workers; a failure (a duplicate title, a
type change whose values do not convert — core's ``TypeConversionFailed`` names the rows) is
shown on the screen and changes nothing. Hidden fields and the column order belong to the
view (``View.hidden`` / ``View.field_order``, which the API's ``viewId`` reads too) and are
saved at once. The primary field is always shown, first. The screen dismisses with True when
anything changed, so the table is reopened.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from core.errors import GridbaseError
from core.fields import registry
from core.fields.base import FieldSpec
from core.schema import fields as schema_fields
from core.schema import select_options
from core.schema.tables import load_table
from core.views import service as views
from tui.screens.modals import ChoiceScreen, ConfirmScreen, PromptScreen
from tui.screens.select_options import OptionsPrompt, OptionsScreen
from tui.widgets.record_source import display_columns


def field_types() -> list[str]:
    return [n for n in registry.names() if registry.get(n).writable]


class FieldsScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    FieldsScreen { align: center middle; }
    FieldsScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FieldsScreen DataTable { height: auto; max-height: 20; }
    FieldsScreen #fields-error { color: $text-error; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("n", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("t", "retype", "Type"),
        Binding("o", "options", "Options"),
        Binding("x,delete", "delete", "Delete"),
        Binding("space,h", "toggle_hidden", "Hide/show", key_display="h"),
        Binding("K,shift+up", "move(-1)", "Up", key_display="K"),
        Binding("J,shift+down", "move(1)", "Down", key_display="J"),
    ]

    def __init__(self, table_id: str, view_id: str) -> None:
        super().__init__()
        self.table_id, self.view_id = table_id, view_id
        self.specs: list[FieldSpec] = []
        self.hidden: set[str] = set()
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Fields"
            yield DataTable(cursor_type="row", zebra_stripes=True, id="fields-table")
            yield Static("", id="fields-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Field", "Type", "Grid")
        table.focus()
        self.reload()

    @work(exclusive=True, group="fields", exit_on_error=False)
    async def reload(self) -> None:
        await self._reload()

    async def _reload(self) -> None:
        spec = await load_table(self.table_id)
        view = await views.get_view(self.view_id, self.table_id)
        self.hidden = set(view.hidden or [])
        columns = display_columns(spec, order=tuple(view.field_order or []))
        self.specs = [c.spec for c in columns if not c.spec.system]
        await self._fill()

    async def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for f in self.specs:
            shown = "hidden" if f.id in self.hidden else "shown"
            table.add_row(f.title + (" ★" if f.primary_value else ""), f.uidt, shown, key=f.id)
        if self.specs:
            table.move_cursor(row=min(row, len(self.specs) - 1))

    @property
    def current(self) -> FieldSpec | None:
        row = self.query_one(DataTable).cursor_row
        return self.specs[row] if 0 <= row < len(self.specs) else None

    def show_error(self, message: str) -> None:
        self.query_one("#fields-error", Static).update(message)

    async def _run(self, call) -> bool:  # type: ignore[no-untyped-def]
        self.show_error("")
        try:
            await call
        except Exception as exc:  # shown here; the schema is unchanged
            self.show_error(exc.message if isinstance(exc, GridbaseError) else str(exc))
            return False
        self.changed = True
        await self._reload()
        return True

    @work(exclusive=True, group="fields-edit", exit_on_error=False)
    async def action_add(self) -> None:
        title = await self.app.push_screen_wait(PromptScreen("New field title"))
        if not title:
            return
        uidt = await self.app.push_screen_wait(ChoiceScreen(f"Type of {title}", field_types(),
                                                            "SingleLineText"))
        if not uidt:
            return
        options = await self._ask_options(f"Options of {title}", uidt, [])
        if options is not None:
            await self._run(schema_fields.add_field(self.table_id, title, uidt, options))

    async def _ask_options(self, prompt: str, uidt: str,
                           titles: list[str]) -> dict[str, Any] | None:
        """A select type's options from the user (None: cancelled); other types need none."""
        if uidt not in select_options.SELECT_TYPES:
            return {}
        chosen = await self.app.push_screen_wait(OptionsPrompt(prompt, uidt, titles))
        return None if chosen is None else {"options": chosen}

    @work(exclusive=True, group="fields-edit", exit_on_error=False)
    async def action_rename(self) -> None:
        field = self.current
        if field is None:
            return
        title = await self.app.push_screen_wait(PromptScreen("Rename field", field.title))
        if title and title != field.title:
            await self._run(schema_fields.update_field(field.id, title=title))

    @work(exclusive=True, group="fields-edit", exit_on_error=False)
    async def action_retype(self) -> None:
        field = self.current
        if field is None:
            return
        uidt = await self.app.push_screen_wait(
            ChoiceScreen(f"New type for {field.title}", field_types(), field.uidt))
        if not uidt or uidt == field.uidt:
            return
        suggested: list[str] = []
        if uidt in select_options.SELECT_TYPES:
            suggested = await select_options.suggested_options(field.id, uidt)
        options = await self._ask_options(f"Options of {field.title} as {uidt}", uidt, suggested)
        if options is not None:
            await self._run(schema_fields.update_field(field.id, uidt=uidt, options=options))

    @work(exclusive=True, group="fields-edit", exit_on_error=False)
    async def action_options(self) -> None:
        field = self.current
        if field is None:
            return
        if field.uidt not in select_options.SELECT_TYPES:
            self.show_error(f"{field.title} is {field.uidt}: only SingleSelect and MultiSelect "
                            "fields have options (t changes the type)")
            return
        if await self.app.push_screen_wait(OptionsScreen(self.table_id, field)):
            self.changed = True
            await self._reload()

    @work(exclusive=True, group="fields-edit", exit_on_error=False)
    async def action_delete(self) -> None:
        field = self.current
        if field is None:
            return
        question = f"Delete field {field.title!r} and its values? This cannot be undone."
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            await self._run(schema_fields.delete_field(field.id))

    def action_toggle_hidden(self) -> None:
        field = self.current
        if field is None:
            return
        if field.primary_value:
            self.show_error("The primary field is always shown")
            return
        self.hidden ^= {field.id}
        self._save_layout()

    def action_move(self, step: int) -> None:
        field, row = self.current, self.query_one(DataTable).cursor_row
        if field is None or not 0 < row + step < len(self.specs):
            return
        if field.primary_value:
            self.show_error("The primary field is always first")
            return
        self.specs[row], self.specs[row + step] = self.specs[row + step], self.specs[row]
        self.query_one(DataTable).move_cursor(row=row + step)
        self._save_layout()

    @work(exclusive=True, group="fields-layout", exit_on_error=False)
    async def _save_layout(self) -> None:
        """Save the hidden fields and the order shown to the view, then show them."""
        order = [f.id for f in self.specs]
        if await self._run(views.update_view(self.view_id, hidden=sorted(self.hidden),
                                             field_order=order)):
            return
        await self._reload()

    def action_close(self) -> None:
        self.dismiss(self.changed)
