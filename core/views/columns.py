"""A view's fields one by one — shown or hidden, position, width — and the one rule for which
fields a view shows in which order, used by the TUI grid and by the API's ``viewId`` alike.

gridbase keeps a view's layout on the view (``hidden``, ``field_order``, ``widths``, by field
id), not in per-column rows as NocoDB does, so a view column's id is its field's id. Changes go
through ``service.update_view``, the function the TUI's fields screen and column widths write
with. NocoDB's ``show_system_fields`` is not stored either: a view shows system fields while
CreatedAt or UpdatedAt is not hidden, and switching it off hides both. The primary key and the
primary value (display field) are always shown, as in NocoDB.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import InvalidRequest
from core.fields.base import FieldSpec
from core.models import View
from core.schema.spec import TableSpec
from core.schema.tables import load_table
from core.views.service import get_view, update_view

MIN_WIDTH, MAX_WIDTH = 1, 200
"""Column widths in terminal cells (the TUI grid clamps to the same range)."""


@dataclass(frozen=True)
class ViewColumn:
    """One field as a view shows it: ``order`` is its 1-based position, ``width`` in terminal
    cells (None: fitted to the content)."""

    field: FieldSpec
    show: bool
    order: int
    width: int | None


def always_shown(table: TableSpec, spec: FieldSpec) -> bool:
    return spec.uidt == "ID" or spec.id == table.primary_value.id


def arranged_fields(table: TableSpec, order: Sequence[str] = ()) -> tuple[FieldSpec, ...]:
    """Every field in view order: the primary value first, then user fields, then system fields,
    each group as placed by ``order`` (field ids; unlisted fields after, in table order)."""
    primary = table.primary_value
    place = {fid: i for i, fid in enumerate(order)}
    rest = sorted((f for f in table.fields if f.id != primary.id),
                  key=lambda f: (f.system, place.get(f.id, len(place))))
    return (primary, *rest)


def shown_fields(table: TableSpec, hidden: Collection[str] = (),
                 order: Sequence[str] = ()) -> tuple[FieldSpec, ...]:
    """The fields a view with these ``hidden`` ids and this ``order`` shows, in order."""
    return tuple(f for f in arranged_fields(table, order)
                 if f.id not in hidden or always_shown(table, f))


def _optional_system(table: TableSpec) -> tuple[FieldSpec, ...]:
    return tuple(f for f in table.fields if f.system and not always_shown(table, f))


def shows_system_fields(table: TableSpec, hidden: Collection[str]) -> bool:
    return any(f.id not in hidden for f in _optional_system(table))


def _width(value: Any) -> int | None:
    try:
        return max(MIN_WIDTH, min(MAX_WIDTH, int(value)))
    except (TypeError, ValueError):
        return None


def columns_of(table: TableSpec, view: View) -> list[ViewColumn]:
    hidden, widths = set(view.hidden or []), dict(view.widths or {})
    return [ViewColumn(f, f.id not in hidden or always_shown(table, f), i, _width(widths.get(f.id)))
            for i, f in enumerate(arranged_fields(table, view.field_order or []), start=1)]


async def view_columns(view_id: str) -> list[ViewColumn]:
    view = await get_view(view_id)
    return columns_of(await load_table(view.table_id), view)


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
        return bool(value)
    raise InvalidRequest(f"{name} must be true or false, got {value!r}", field=name, value=value)


def _order(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 2**31:
        return float(value)
    raise InvalidRequest(f"order must be a number, 1 for the first field, got {value!r}",
                         field="order", value=value)


def _new_width(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and MIN_WIDTH <= value <= MAX_WIDTH:
        return value
    raise InvalidRequest(f"width must be a whole number of terminal cells from {MIN_WIDTH} to "
                         f"{MAX_WIDTH} (or null to fit the content), got {value!r}",
                         field="width", value=value)


def moved(ids: Sequence[str], field_id: str, order: float) -> list[str]:
    """``ids`` with ``field_id`` moved to 1-based position ``order``; a fraction (2.5) puts it
    between the fields now at 2 and 3, which is what NocoDB's web UI sends after a drag."""
    if order == int(order):
        rest = [i for i in ids if i != field_id]
        at = min(max(int(order) - 1, 0), len(rest))
        return [*rest[:at], field_id, *rest[at:]]
    keyed = [(float(n), i) for n, i in enumerate(ids, start=1) if i != field_id]
    return [i for _, i in sorted([*keyed, (order, field_id)], key=lambda k: k[0])]


async def update_view_column(view_id: str, field_key: str,
                             changes: Mapping[str, Any]) -> ViewColumn:
    """Apply ``show``/``order``/``width`` from ``changes`` (other keys are ignored, as NocoDB
    clients send the whole column object back) to one field of the view.

    Raises:
        ViewNotFound, FieldNotFound, InvalidRequest: nothing is written.
    """
    view = await get_view(view_id)
    table = await load_table(view.table_id)
    spec = table.field(field_key)
    hidden, widths = set(view.hidden or []), dict(view.widths or {})
    order = [f.id for f in arranged_fields(table, view.field_order or [])]
    if "show" in changes:
        show = _flag(changes["show"], "show")
        if not show and always_shown(table, spec):
            raise InvalidRequest(f"Field '{spec.title}' is always shown (the primary key and "
                                 "the display value cannot be hidden)", field=spec.title)
        hidden = hidden - {spec.id} if show else hidden | {spec.id}
    if "order" in changes:
        order = moved(order, spec.id, _order(changes["order"]))
    if "width" in changes:
        width = _new_width(changes["width"])
        if width is None:
            widths.pop(spec.id, None)
        else:
            widths[spec.id] = width
    view = await update_view(view.id, hidden=sorted(hidden), widths=widths, field_order=order)
    return next(c for c in columns_of(table, view) if c.field.id == spec.id)


def hidden_with_system(table: TableSpec, hidden: Collection[str], value: Any) -> list[str]:
    """The view's hidden field ids once NocoDB's ``show_system_fields`` is set to ``value``:
    CreatedAt and UpdatedAt shown (true) or hidden (false), the other fields as they were."""
    show = _flag(value, "show_system_fields")
    system = {f.id for f in _optional_system(table)}
    return sorted(set(hidden) - system if show else set(hidden) | system)
