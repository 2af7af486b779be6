"""A view's whole state as one value — filter tree, sorts, hidden fields, field order, column
widths — read and written at once (the TUI's views; the API's ``viewId`` reads the same rows).

In a ``ViewState`` the tree names fields by *title* (what ``print_where`` and the filter
chips show); in the database filter rows name them by *id* (renames do not break a view).
``save_view_state`` converts, checks the tree compiles, and replaces the view's filter and
sort rows and its layout in one transaction, so a failure writes nothing. Reading drops
conditions and sorts on fields that no longer exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from core import db
from core.errors import FieldNotFound
from core.ids import new_id
from core.models import Filter, Sort, View
from core.query.ast import Condition, Group, Node
from core.query.compiler import compile_where
from core.records.listing import SortKey
from core.schema.spec import TableSpec
from core.schema.tables import load_table
from core.views.filters import filters_to_tree, tree_to_filters
from core.views.service import get_view

DEFAULT_TITLE = "Default view"


@dataclass(frozen=True)
class ViewState:
    """What a view shows. ``hidden``, ``field_order`` and ``widths`` hold field ids."""

    where: Group | None = None
    sort: tuple[SortKey, ...] = ()
    hidden: frozenset[str] = frozenset()
    field_order: tuple[str, ...] = ()
    widths: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SavedView:
    id: str
    title: str
    is_default: bool
    state: ViewState


def rename_fields(node: Node, rename: Callable[[str], str | None]) -> Node | None:
    """The tree with each condition's field renamed; conditions renamed to None are dropped
    (and groups left empty with them)."""
    if isinstance(node, Condition):
        name = rename(node.field)
        return None if name is None else Condition(name, node.op, node.sub_op, node.value)
    items = [(conn, new) for conn, child in node.items
             if (new := rename_fields(child, rename)) is not None]
    if not items:
        return None
    if items[0][0] == "or":
        items[0] = ("and", items[0][1])
    return Group(tuple(items))


def _titles(tree: Group | None, table: TableSpec) -> Group | None:
    def title(key: str) -> str | None:
        spec = table.find(key)
        return spec.title if spec is not None else None

    return None if tree is None else rename_fields(tree, title)  # type: ignore[return-value]


def _ids(tree: Group | None, table: TableSpec) -> Group | None:
    return None if tree is None else rename_fields(tree, lambda k: table.field(k).id)  # type: ignore[return-value]


async def default_view(table_id: str) -> View:
    """The table's default view, created when missing (tables made before views existed)."""
    found = await View.filter(table_id=table_id, is_default=True).order_by("created_at").first()
    if found is not None:
        return found
    await load_table(table_id)
    title, n = DEFAULT_TITLE, 1
    while await View.filter(table_id=table_id, title=title).exists():
        n += 1
        title = f"{DEFAULT_TITLE} {n}"
    return await View.create(id=new_id("view"), table_id=table_id, title=title,
                             is_default=True, order=0)


async def load_view_state(view: View, table: TableSpec) -> ViewState:
    tree = filters_to_tree(await Filter.filter(view_id=view.id))
    rows = await Sort.filter(view_id=view.id).order_by("order", "created_at")
    sort = tuple(SortKey(spec, s.direction == "desc") for s in rows
                 if (spec := table.find(s.field_id)) is not None)
    known = {f.id for f in table.fields}
    widths = {k: int(v) for k, v in dict(view.widths or {}).items() if k in known}
    return ViewState(where=_titles(tree, table), sort=sort,
                     hidden=frozenset(h for h in view.hidden or [] if h in known),
                     field_order=tuple(f for f in view.field_order or [] if f in known),
                     widths=widths)


async def open_view(table: TableSpec, view_id: str | None = None) -> SavedView:
    """View ``view_id`` of ``table`` (the default view when None or gone), with its state."""
    view = await View.get_or_none(id=view_id, table_id=table.id) if view_id else None
    view = view or await default_view(table.id)
    return SavedView(view.id, view.title, view.is_default, await load_view_state(view, table))


def _check(state: ViewState, table: TableSpec) -> None:
    for key in (*state.hidden, *state.field_order, *state.widths):
        if table.find(key) is None:
            raise FieldNotFound(f"Field '{key}' not found", field=key, table=table.title)
    for key in state.sort:
        table.field(key.field.id)


async def save_view_state(view_id: str, state: ViewState) -> View:
    """Replace the view's filters, sorts, hidden fields, field order and widths with ``state``.

    Raises:
        ViewNotFound, FieldNotFound, InvalidQuery: nothing is written.
    """
    view = await get_view(view_id)
    table = await load_table(view.table_id)
    _check(state, table)
    tree = _ids(state.where, table)
    if tree is not None:
        compile_where(tree, table, db.dialect())
    filters = tree_to_filters(tree, view.id)

    async def run(tx) -> None:  # type: ignore[no-untyped-def]
        await Filter.filter(view_id=view.id).using_db(tx).delete()
        await Sort.filter(view_id=view.id).using_db(tx).delete()
        for row in filters:
            await row.save(using_db=tx, force_create=True)
        for i, key in enumerate(state.sort, start=1):
            await Sort.create(id=new_id("sort"), view_id=view.id, field_id=key.field.id,
                              direction="desc" if key.descending else "asc", order=i, using_db=tx)
        view.hidden = sorted(table.field(h).id for h in state.hidden)
        view.field_order = [table.field(f).id for f in state.field_order]
        view.widths = {table.field(k).id: int(w) for k, w in state.widths.items()}
        await view.save(using_db=tx)

    await db.write(run)
    return view
