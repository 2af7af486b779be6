"""The filter builder's editable tree: mutable drafts of ``core.query.ast`` nodes and the
structural edits (add, delete, indent, outdent, and/or, not) the builder's keys perform.

A draft mirrors the frozen tree one to one — a ``GroupDraft`` holds ``ItemDraft``s of
``(connector, node)`` — so ``to_tree(from_tree(t)) == t`` and only the user's edits change the
result. Items are addressed by ``Path``s (indices from the root); ``rows`` lists them in screen
order with their depth. Empty groups are dropped when the tree is built (a ``Group`` needs one
item at least), and an empty root means "no filter".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from core.query.ast import Condition, Group, Value

Path = tuple[int, ...]


@dataclass
class ConditionDraft:
    field: str
    op: str
    sub_op: str | None = None
    value: Value = None
    touched: bool = field(default=True, compare=False)  # False: just added, not edited yet

    def to_condition(self) -> Condition:
        return Condition(self.field, self.op, self.sub_op, self.value)


@dataclass
class GroupDraft:
    items: list["ItemDraft"] = field(default_factory=list)


@dataclass
class ItemDraft:
    connector: str
    node: Union[ConditionDraft, GroupDraft]


@dataclass(frozen=True)
class Row:
    """One line of the builder: an item, where it is, and how deep it is nested."""

    path: Path
    item: ItemDraft

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    @property
    def first(self) -> bool:
        return self.path[-1] == 0


def from_tree(tree: Group | None) -> GroupDraft:
    if tree is None:
        return GroupDraft()
    return GroupDraft([ItemDraft(conn, _draft(node)) for conn, node in tree.items])


def _draft(node: Condition | Group) -> ConditionDraft | GroupDraft:
    if isinstance(node, Group):
        return from_tree(node)
    return ConditionDraft(node.field, node.op, node.sub_op, node.value)


def to_tree(root: GroupDraft) -> Group | None:
    items: list[tuple[str, Condition | Group]] = []
    for item in root.items:
        node = item.node
        built = to_tree(node) if isinstance(node, GroupDraft) else node.to_condition()
        if built is not None:
            items.append((item.connector, built))
    return Group(tuple(items)) if items else None


def rows(root: GroupDraft, prefix: Path = ()) -> list[Row]:
    found: list[Row] = []
    for i, item in enumerate(root.items):
        found.append(Row(prefix + (i,), item))
        if isinstance(item.node, GroupDraft):
            found.extend(rows(item.node, prefix + (i,)))
    return found


def group_at(root: GroupDraft, path: Path) -> GroupDraft:
    group = root
    for index in path:
        node = group.items[index].node
        assert isinstance(node, GroupDraft)
        group = node
    return group


def item_at(root: GroupDraft, path: Path) -> ItemDraft:
    return group_at(root, path[:-1]).items[path[-1]]


def insert(root: GroupDraft, after: Path | None, node: ConditionDraft | GroupDraft) -> Path:
    """Put ``node`` after the item at ``after`` (in the same group), or last in the root."""
    if after is None:
        root.items.append(ItemDraft("and", node))
        return (len(root.items) - 1,)
    parent = group_at(root, after[:-1])
    parent.items.insert(after[-1] + 1, ItemDraft("and", node))
    return after[:-1] + (after[-1] + 1,)


def delete(root: GroupDraft, path: Path) -> Path | None:
    """Remove an item (a group with everything in it); the path of the row to go to next."""
    parent = group_at(root, path[:-1])
    parent.items.pop(path[-1])
    _fix_first(parent)
    if parent.items:
        return path[:-1] + (min(path[-1], len(parent.items) - 1),)
    if len(path) > 1:
        return delete(root, path[:-1])
    return None


def _fix_first(group: GroupDraft) -> None:
    """A new first item keeps a ``not`` it had; an ``or`` in front of nothing becomes ``and``."""
    if group.items and group.items[0].connector == "or":
        group.items[0].connector = "and"


def indent(root: GroupDraft, path: Path) -> Path:
    """Move an item into the group just above it, or wrap it in a new group of its own."""
    parent = group_at(root, path[:-1])
    index = path[-1]
    item = parent.items[index]
    above = parent.items[index - 1].node if index > 0 else None
    if isinstance(above, GroupDraft):
        parent.items.pop(index)
        above.items.append(item)
        return path[:-1] + (index - 1, len(above.items) - 1)
    parent.items[index] = ItemDraft(item.connector, GroupDraft([ItemDraft("and", item.node)]))
    if item.connector == "not":
        parent.items[index].node.items[0].connector = "and"  # type: ignore[union-attr]
    return path + (0,)


def outdent(root: GroupDraft, path: Path) -> Path:
    """Move an item out of its group: before the group when it was first, after it otherwise."""
    if len(path) < 2:
        return path
    group_path, index = path[:-1], path[-1]
    group = group_at(root, group_path)
    grand = group_at(root, group_path[:-1])
    item = group.items.pop(index)
    _fix_first(group)
    slot = group_path[-1] + (0 if index == 0 else 1)
    if not group.items:  # the item takes the emptied group's place and connector
        item.connector = grand.items.pop(group_path[-1]).connector
        slot = group_path[-1]
    grand.items.insert(slot, item)
    if slot == 0:
        _fix_first(grand)
    return group_path[:-1] + (slot,)


def toggle_and_or(root: GroupDraft, path: Path) -> bool:
    """``and`` ⇄ ``or`` (``and not`` becomes ``or``); False for a group's first item."""
    item = item_at(root, path)
    if path[-1] == 0:
        return False
    item.connector = "and" if item.connector == "or" else "or"
    return True


def toggle_not(root: GroupDraft, path: Path) -> None:
    item = item_at(root, path)
    item.connector = "and" if item.connector == "not" else "not"


def connector_text(row: Row) -> str:
    """The word before a row: ``where``/``not`` first, then ``and``/``or``/``and not``."""
    conn = row.item.connector
    if row.first:
        return "not" if conn == "not" else "where"
    return "and not" if conn == "not" else conn
