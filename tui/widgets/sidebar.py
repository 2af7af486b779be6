"""``Sidebar``: the tree of bases, their tables and, under a table that has more than its
default view, the saved views. The open table is bold and the open view is bold with a ``▸``
(a table without saved views gets the ``▸`` itself), so the tree says where the grid is.

It shows a catalog and says what the user picked (``TableChosen``, ``ViewChosen``); creating,
renaming and deleting are screen actions bound here so the footer lists them while the tree
has focus.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.catalog import BaseEntry, Entry, TableEntry, ViewEntry

OPEN_MARK = "▸ "


class Sidebar(Tree[Entry]):
    DEFAULT_CSS = """
    Sidebar { width: 26; border-right: vkey $panel-lighten-2; background: $surface; }
    """
    BINDINGS = [
        Binding("n", "screen.new_table", "New table"),
        Binding("N", "screen.new_base", "New base", key_display="N"),
        Binding("r,f2", "screen.rename", "Rename"),
        Binding("x,delete", "screen.delete", "Delete"),
    ]

    class TableChosen(Message):
        def __init__(self, table: TableEntry) -> None:
            super().__init__()
            self.table = table

    class ViewChosen(Message):
        def __init__(self, view: ViewEntry) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Bases", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.open_table: str | None = None
        self.open_view: str | None = None

    def show(self, catalog: list[BaseEntry], current: str | None = None) -> None:
        """Rebuild the tree; put the cursor on table ``current`` if given."""
        self.clear()
        for base in catalog:
            node = self.root.add(Text(base.title), data=base, expand=True)
            for table in base.tables:
                if len(table.views) < 2:
                    node.add_leaf(self._label(table), data=table)
                    continue
                branch = node.add(self._label(table), data=table, expand=table.id == current)
                for view in table.views:
                    branch.add_leaf(self._label(view), data=view)
        self.highlight(current)

    def mark_open(self, table_id: str | None, view_id: str | None) -> None:
        """Mark table ``table_id`` shown in view ``view_id`` as the open one (None: none);
        the open table's views are unfolded so the marked one shows."""
        self.open_table, self.open_view = table_id, view_id
        for node in self._entry_nodes(self.root):
            if isinstance(node.data, TableEntry | ViewEntry):
                node.set_label(self._label(node.data))
            if isinstance(node.data, TableEntry) and node.data.id == table_id and node.allow_expand:
                node.expand()

    def _entry_nodes(self, node: TreeNode[Entry]) -> list[TreeNode[Entry]]:
        found: list[TreeNode[Entry]] = []
        for child in node.children:
            found += [child, *self._entry_nodes(child)]
        return found

    def _label(self, entry: TableEntry | ViewEntry) -> Text:
        """The entry's title; the open table in bold, the open view (or, for a table shown
        without a list of views, the table) with ``OPEN_MARK``."""
        if isinstance(entry, ViewEntry):
            is_open = entry.id == self.open_view and entry.table_id == self.open_table
            bullet = OPEN_MARK if is_open else "★ " if entry.is_default else "◦ "
            return Text(bullet + entry.title, style="bold" if is_open else "")
        if entry.id != self.open_table:
            return Text(entry.title)
        listed = len(entry.views) >= 2
        return Text(("" if listed else OPEN_MARK) + entry.title, style="bold")

    def highlight(self, table_id: str | None) -> None:
        """Put the cursor on table ``table_id`` (without opening it again)."""
        for base_node in self.root.children:
            for node in base_node.children:
                if isinstance(node.data, TableEntry) and node.data.id == table_id:
                    self.call_after_refresh(self.move_cursor, node)
                    return

    @property
    def selected(self) -> Entry | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def on_tree_node_selected(self, event: Tree.NodeSelected[Entry]) -> None:
        event.stop()
        if isinstance(event.node.data, TableEntry):
            self.post_message(self.TableChosen(event.node.data))
        elif isinstance(event.node.data, ViewEntry):
            self.post_message(self.ViewChosen(event.node.data))
