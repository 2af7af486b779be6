"""``FilterBuilderScreen``: build a ``where`` tree by keyboard — rows of (field, operator,
value) in AND/OR groups — with the matching row count and the exact API ``where=`` string.

Opened with a table and its current tree; it dismisses with ``None`` when cancelled (Esc) and
with ``FilterResult(tree)`` when applied (``tree`` is ``None`` once the filter is cleared).
Every edit is checked by compiling each condition with core (``compile_where``): a problem is
shown under its row and blocks Apply; a tree that compiles is counted in an exclusive worker
after a short pause, so a newer edit cancels the count of an older one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.query.ast import Group
from core.query.printer import print_where
from core.records.listing import ListQuery
from core.records.service import count_records
from core.schema.spec import TableSpec
from tui import filter_model as model
from tui import filter_rules as rules
from tui.screens.where_prompt import WherePromptScreen
from tui.widgets.filter_row import ConditionRow, FilterRow, GroupRow

DEBOUNCE = 0.3


@dataclass(frozen=True)
class FilterResult:
    """What Apply (or Clear) gives back: the new tree, ``None`` for no filter."""

    tree: Group | None


def _key(key: str, action: str, label: str) -> Binding:
    return Binding(key, action, label, priority=True, key_display=key.replace("ctrl+", "^"))


class FilterBuilderScreen(ModalScreen[FilterResult | None]):
    DEFAULT_CSS = """
    FilterBuilderScreen { align: center middle; }
    FilterBuilderScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FilterBuilderScreen #fb-rows { height: auto; max-height: 60vh; min-height: 3; }
    FilterBuilderScreen #fb-empty { color: $text-muted; }
    FilterBuilderScreen #fb-count { margin-top: 1; text-style: bold; }
    FilterBuilderScreen #fb-where { color: $text-muted; height: auto; max-height: 3; }
    FilterBuilderScreen .buttons { height: 1; align-horizontal: right; }
    FilterBuilderScreen Button { margin-left: 2; min-width: 9; }
    """
    BINDINGS = [  # all but ctrl+w fit the footer at 80 columns; the help page lists every key
        _key("ctrl+s", "apply", "Apply"),
        Binding("escape", "cancel", "Cancel", key_display="esc"),  # not q: it would drop the draft
        _key("ctrl+n", "add_condition", "Cond"), _key("ctrl+g", "add_group", "Group"),
        _key("ctrl+d", "delete_row", "Del"), _key("ctrl+r", "indent", "In"),
        _key("ctrl+l", "outdent", "Out"), _key("ctrl+t", "toggle_and_or", "And/Or"),
        _key("ctrl+o", "toggle_not", "Not"),
        Binding("ctrl+w", "paste_where", "where=", priority=True, show=False),
    ]

    def __init__(self, table: TableSpec, tree: Group | None) -> None:
        super().__init__()
        self.table = table
        self.root = model.from_tree(tree)
        self.current: model.Path | None = None
        self.total: int | None = None
        self.result_tree: Group | None = tree
        self.errors: dict[model.Path, str] = {}
        self.matched: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"Filter · {self.table.title}")  # a title is not markup
            yield VerticalScroll(id="fb-rows")
            yield Static("", id="fb-count")
            yield Static("", id="fb-where")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="fb-apply", variant="primary", compact=True)
                yield Button("Clear", id="fb-clear", compact=True)
                yield Button("Cancel", id="fb-cancel", compact=True)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        rows = model.rows(self.root)
        await self.rebuild(rows[0].path if rows else None)

    # --- rows ---------------------------------------------------------------------------
    async def rebuild(self, focus: model.Path | None) -> None:
        """Lay the rows out again from the draft and put the focus on row ``focus``."""
        box = self.query_one("#fb-rows", VerticalScroll)
        await box.remove_children()
        widgets: list[Widget] = [self._widget(row) for row in model.rows(self.root)]
        if not widgets:
            widgets = [Static("No conditions: every row matches. ctrl+n adds one.", id="fb-empty")]
        await box.mount_all(widgets)
        self.current = focus
        row = self.row_widget(focus)
        if row is not None:
            row.focus_first()
            row.scroll_visible()
        else:
            self.query_one("#fb-apply", Button).focus()
        self.refresh_preview()

    def _widget(self, row: model.Row) -> FilterRow:
        if isinstance(row.item.node, model.GroupDraft):
            return GroupRow(row)
        return ConditionRow(row, self.table)

    def row_widget(self, path: model.Path | None) -> FilterRow | None:
        return next((w for w in self.query(FilterRow) if w.path == path), None)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        node = self.focused
        while node is not None and not isinstance(node, FilterRow):
            node = node.parent  # type: ignore[assignment]
        if isinstance(node, FilterRow):
            self.current = node.path

    @on(FilterRow.Edited)
    def _edited(self, event: FilterRow.Edited) -> None:
        event.stop()
        self.refresh_preview()

    # --- preview ------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self.result_tree, self.errors = rules.check(self.root, self.table)
        self.matched = None
        flagged = 0
        for row in self.query(ConditionRow):
            error = self.errors.get(row.path) if row.draft.touched else None
            row.show_error(error)
            flagged += error is not None
        where = print_where(self.result_tree) if self.result_tree is not None else "(none)"
        self.query_one("#fb-where", Static).update(Text(f"where={where}"))
        if self.errors:
            self.workers.cancel_group(self, "filter-count")
            self._say(f"{flagged} condition(s) to fix (flagged in red)" if flagged
                      else "Fill in the new condition to see the count")
        else:
            self._say("counting…")
            self.count(self.result_tree)

    def _say(self, text: str) -> None:
        self.query_one("#fb-count", Static).update(Text(text))

    @work(exclusive=True, group="filter-count", exit_on_error=False)
    async def count(self, tree: Group | None) -> None:
        await asyncio.sleep(DEBOUNCE)
        try:
            if self.total is None:
                self.total = await count_records(self.table)
            matched = await count_records(self.table, ListQuery(where=tree))
        except Exception as exc:  # shown, the builder stays usable
            self._say(f"cannot count: {getattr(exc, 'message', exc)}")
            return
        self.matched = matched
        self._say(f"{matched:,} of {self.total:,} rows match")

    # --- structure ----------------------------------------------------------------------
    def _current_item(self) -> model.ItemDraft | None:
        return model.item_at(self.root, self.current) if self.current is not None else None

    def _new_condition(self) -> model.ConditionDraft:
        item = self._current_item()
        node = item.node if item is not None else None
        field = self.table.find(node.field) if isinstance(node, model.ConditionDraft) else None
        return rules.new_condition(field or self.table.primary_value)

    def _insert(self, node: model.ConditionDraft | model.GroupDraft) -> model.Path:
        item = self._current_item()
        if item is not None and isinstance(item.node, model.GroupDraft):
            item.node.items.append(model.ItemDraft("and", node))
            return self.current + (len(item.node.items) - 1,)  # type: ignore[operator]
        return model.insert(self.root, self.current, node)

    async def action_add_condition(self) -> None:
        await self.rebuild(self._insert(self._new_condition()))

    async def action_add_group(self) -> None:
        group = model.GroupDraft([model.ItemDraft("and", self._new_condition())])
        await self.rebuild(self._insert(group) + (0,))

    async def action_delete_row(self) -> None:
        if self.current is not None:
            await self.rebuild(model.delete(self.root, self.current))

    async def action_indent(self) -> None:
        if self.current is not None:
            await self.rebuild(model.indent(self.root, self.current))

    async def action_outdent(self) -> None:
        if self.current is not None:
            await self.rebuild(model.outdent(self.root, self.current))

    async def action_toggle_and_or(self) -> None:
        if self.current is None:
            return
        if model.toggle_and_or(self.root, self.current):
            await self.rebuild(self.current)
        else:
            self.notify("The first row of a group has no and/or; ctrl+o negates it.")

    async def action_toggle_not(self) -> None:
        if self.current is not None:
            model.toggle_not(self.root, self.current)
            await self.rebuild(self.current)

    def action_paste_where(self) -> None:
        """Replace the draft with a pasted ``where`` string (parsed by core)."""
        text = print_where(self.result_tree) if self.result_tree is not None else ""
        self.app.push_screen(WherePromptScreen(text), self._pasted)

    async def _pasted(self, tree: Group | None) -> None:
        if tree is None:
            return
        self.root = model.from_tree(tree)
        rows = model.rows(self.root)
        await self.rebuild(rows[0].path if rows else None)

    # --- outcome ------------------------------------------------------------------------
    @on(Button.Pressed, "#fb-apply")
    def action_apply(self) -> None:
        for row in self.query(ConditionRow):
            row.draft.touched = True  # Apply flags every problem
        self.refresh_preview()
        if self.errors:
            self.app.bell()
            first = self.row_widget(next(iter(self.errors)))
            if first is not None:
                first.focus_first()
            return
        self.dismiss(FilterResult(self.result_tree))

    @on(Button.Pressed, "#fb-clear")
    def action_clear(self) -> None:
        self.dismiss(FilterResult(None))

    @on(Button.Pressed, "#fb-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
