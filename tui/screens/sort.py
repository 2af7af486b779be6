"""``SortScreen``: the open view's sort levels (``s``) — add a field, flip ascending/descending,
change a level's field, move levels up and down, remove them.

The first level sorts first; rows equal on every level stay in ``Id`` order. Nothing is
applied until Ctrl+S (Esc cancels): the screen dismisses with the new levels, or None.
Each field sorts once (adding or choosing a field already used is refused with a message).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from core.records.listing import SortKey
from core.schema.spec import TableSpec
from tui.screens.pick import PickScreen

HINT = "The first level sorts first; the next ones break ties, then Id. Ctrl+S applies."


class SortScreen(ModalScreen[tuple[SortKey, ...] | None]):
    DEFAULT_CSS = """
    SortScreen { align: center middle; }
    SortScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SortScreen DataTable { height: auto; max-height: 14; }
    SortScreen #sort-hint { color: $text-muted; }
    SortScreen #sort-error { color: $text-error; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("n,a", "add", "Add"),
        Binding("space,t", "flip", "Asc/desc"),
        Binding("f", "change_field", "Field"),
        Binding("K,shift+up", "move(-1)", "Up", key_display="K"),
        Binding("J,shift+down", "move(1)", "Down", key_display="J"),
        Binding("x,delete", "remove", "Remove"),
    ]

    def __init__(self, table: TableSpec, keys: tuple[SortKey, ...] = ()) -> None:
        super().__init__()
        self.table = table
        self.keys: list[SortKey] = list(keys)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Sort {self.table.title}"
            yield DataTable(cursor_type="row", id="sort-levels")
            yield Static(HINT, id="sort-hint")
            yield Static("", id="sort-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Field", "Direction")
        table.focus()
        self._fill()

    def _fill(self, row: int | None = None) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row if row is None else row
        table.clear()
        for i, key in enumerate(self.keys, start=1):
            direction = "descending ↓" if key.descending else "ascending ↑"
            table.add_row(str(i), key.field.title, direction)
        if not self.keys:
            table.add_row("", "(no sort: Id order — press n to add a level)", "")
        table.move_cursor(row=max(0, min(row, len(self.keys) - 1)))

    @property
    def row(self) -> int | None:
        row = self.query_one(DataTable).cursor_row
        return row if 0 <= row < len(self.keys) else None

    def show_error(self, message: str) -> None:
        self.query_one("#sort-error", Static).update(message)

    def _pick(self, title: str, current: str | None, done) -> None:  # type: ignore[no-untyped-def]
        choices = [f.title for f in self.table.fields]
        self.app.push_screen(PickScreen(title, choices, current), done)

    def _field(self, title: str | None, skip: int | None) -> SortKey | None:
        """The chosen field as an ascending key, unless another level already sorts by it."""
        if title is None:
            return None
        spec = self.table.field(title)
        if any(k.field.id == spec.id for i, k in enumerate(self.keys) if i != skip):
            self.show_error(f"{spec.title} is already a sort level")
            return None
        self.show_error("")
        return SortKey(spec)

    def action_add(self) -> None:
        def chosen(title: str | None) -> None:
            key = self._field(title, None)
            if key is not None:
                self.keys.append(key)
                self._fill(len(self.keys) - 1)

        self._pick("Sort by", None, chosen)

    def action_change_field(self) -> None:
        row = self.row
        if row is None:
            return

        def chosen(title: str | None) -> None:
            key = self._field(title, row)
            if key is not None:
                self.keys[row] = SortKey(key.field, self.keys[row].descending)
                self._fill(row)

        self._pick("Sort by", self.keys[row].field.title, chosen)

    def action_flip(self) -> None:
        row = self.row
        if row is not None:
            key = self.keys[row]
            self.keys[row] = SortKey(key.field, not key.descending)
            self._fill(row)

    def action_move(self, step: int) -> None:
        row = self.row
        if row is None or not 0 <= row + step < len(self.keys):
            return
        self.keys[row], self.keys[row + step] = self.keys[row + step], self.keys[row]
        self._fill(row + step)

    def action_remove(self) -> None:
        row = self.row
        if row is not None:
            del self.keys[row]
            self._fill(row)

    def action_apply(self) -> None:
        self.dismiss(tuple(self.keys))

    def action_cancel(self) -> None:
        self.dismiss(None)
