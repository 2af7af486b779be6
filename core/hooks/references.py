"""Keeping hook conditions true to the fields they name when a field changes.

A hook's condition is ``where`` text that names fields by title (as users write them), unlike
a view's filter rows, which hold field ids. So ``core.schema.fields`` calls this module on
every field change, from both faces:

* rename — each condition naming the field by its old title is rewritten to the new title in
  the rename's transaction (parse, replace, print; ``parse(print(t)) == t``);
* delete and type change — refused while they would make a hook's condition invalid, naming
  the hooks, just as removing a select option that rows still hold is refused. Dropping the
  term silently would widen the hook to every row; deactivating the hook would drop the
  events of the meantime; leaving it would fail every delivery. The owner edits or deletes
  the hook, then retries.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.errors import InvalidQuery, InvalidRequest
from core.hooks.conditions import check_condition
from core.models import Webhook
from core.query import Condition, Group, parse_where, print_where
from core.schema.spec import TableSpec


def _tree(text: str) -> Group | None:
    try:
        return parse_where(text)
    except InvalidQuery:
        return None  # an unreadable condition is reported by its deliveries, not rewritten


def _renamed_tree(group: Group, old: str, new: str) -> Group:
    def swap(node: Condition | Group) -> Condition | Group:
        if isinstance(node, Group):
            return _renamed_tree(node, old, new)
        return replace(node, field=new) if node.field == old else node

    return Group(tuple((conn, swap(node)) for conn, node in group.items))


def renamed_condition(text: str, old: str, new: str) -> str:
    """``text`` with every reference to the field titled ``old`` now naming ``new``."""
    tree = _tree(text or "")
    if tree is None or all(c.field != old for c in tree.conditions()):
        return text
    return print_where(_renamed_tree(tree, old, new))


async def rename_in_conditions(tx: Any, table_id: str, old: str, new: str) -> list[Webhook]:
    """Rewrite the conditions of ``table_id``'s hooks that name ``old``; the hooks changed."""
    changed: list[Webhook] = []
    for hook in await Webhook.filter(table_id=table_id).using_db(tx):
        text = renamed_condition(hook.condition, old, new)
        if text != hook.condition:
            await Webhook.filter(id=hook.id).using_db(tx).update(condition=text)
            hook.condition = text
            changed.append(hook)
    return changed


def _problem(table: TableSpec, text: str) -> str | None:
    try:
        check_condition(table, text)
    except InvalidQuery as exc:
        return exc.message
    return None


def newly_broken(before: TableSpec, after: TableSpec, hooks: list[Webhook]) -> list[tuple[Webhook, str]]:
    """Hooks whose condition is valid on ``before`` but not on ``after``, with the reason."""
    found: list[tuple[Webhook, str]] = []
    for hook in hooks:
        problem = _problem(after, hook.condition) if hook.condition else None
        if problem and _problem(before, hook.condition) is None:
            found.append((hook, problem))
    return found


async def refuse_breaking(before: TableSpec, after: TableSpec, field_title: str, action: str,
                          tx: Any = None) -> None:
    """InvalidRequest naming the hooks whose condition ``action`` (``"delete field 'X'"``)
    would break; ``after`` is the table as it would be."""
    query = Webhook.filter(table_id=before.id).order_by("created_at", "id")
    broken = newly_broken(before, after, await (query.using_db(tx) if tx else query))
    if not broken:
        return
    names = ", ".join(f"'{h.title}' ({h.id})" for h, _ in broken)
    raise InvalidRequest(
        f"Cannot {action}: the condition of hook {names} would no longer "
        f"work ({broken[0][1]}). Change or delete the hook's condition first",
        field=field_title, hooks=[h.id for h, _ in broken])


def without_field(table: TableSpec, field_id: str) -> TableSpec:
    return replace(table, fields=tuple(f for f in table.fields if f.id != field_id))


def with_field(table: TableSpec, spec: Any) -> TableSpec:
    """``table`` with the field of ``spec.id`` replaced by ``spec``."""
    return replace(table, fields=tuple(spec if f.id == spec.id else f for f in table.fields))
