"""What the filter builder shows and keeps for one condition, and how a draft is checked.

* ``editor_kind``: which value editor fits a field and operator (none for ``blank``…, a select
  of options, a number box, a pair for ``btw``, a date sub-operator choice…);
* ``change_field`` / ``change_op`` / ``change_sub_op``: keep a draft consistent when one part
  changes (an operator the new field does not support is replaced; a value that no longer
  fits is dropped, one that still fits is kept);
* ``check``: the tree and, per row, the message core gives when it compiles that condition
  (``compile_where``), so a problem is shown beside its own row.
"""

from __future__ import annotations

from core import db
from core.errors import InvalidQuery
from core.fields.base import FieldSpec
from core.query.ast import Group, Value, canonical_value
from core.query.choices import default_sub_op, operator_choices, sub_op_value, takes_sub_op
from core.query.compiler import compile_where
from core.query.operators import OPERATORS, Arity
from core.query.values import split_items
from core.schema.spec import TableSpec
from tui.filter_model import ConditionDraft, GroupDraft, Path, rows, to_tree

NONE, TEXT, NUMBER, PAIR, CHOICE, CHOICES, DATE = (
    "none", "text", "number", "pair", "choice", "choices", "date")


def editor_kind(spec: FieldSpec | None, op: str) -> str:
    arity = OPERATORS[op].arity
    if arity is Arity.NONE:
        return NONE
    if spec is None:
        return TEXT
    if takes_sub_op(spec, op):
        return DATE
    family = spec.type.family
    if family in ("select", "multiselect"):
        return CHOICE if arity is Arity.ONE else CHOICES
    if family == "number" and arity in (Arity.ONE, Arity.PAIR):
        return NUMBER if arity is Arity.ONE else PAIR
    return TEXT


def new_condition(spec: FieldSpec) -> ConditionDraft:
    """A row just added: its problems (no value yet) are not flagged until it is edited."""
    op = operator_choices(spec)[0][0]
    sub_op = default_sub_op(op) if takes_sub_op(spec, op) else None
    return ConditionDraft(spec.title, op, sub_op, touched=False)


def raw_value(draft: ConditionDraft) -> Value:
    """The value as a non-date editor shows it (a leading ``today`` & co. included)."""
    return draft.to_condition().raw_value


def set_value(draft: ConditionDraft, value: Value, *, keep_sub_op: bool = False) -> None:
    if not keep_sub_op:
        draft.sub_op = None
    draft.value = canonical_value(value)


def change_field(draft: ConditionDraft, old: FieldSpec | None, spec: FieldSpec) -> None:
    draft.field = spec.title
    keys = [k for k, _ in operator_choices(spec)]
    op = draft.op if draft.op in keys else keys[0]
    before = editor_kind(old, draft.op)
    draft.op = op
    same_family = old is not None and old.type.family == spec.type.family
    if not same_family or editor_kind(spec, op) != before:
        draft.sub_op, draft.value = None, None
    _fit_sub_op(draft, spec)


def change_op(draft: ConditionDraft, spec: FieldSpec | None, op: str) -> None:
    before = editor_kind(spec, draft.op)
    draft.op = op
    if editor_kind(spec, op) != before or (before == DATE and OPERATORS[op].arity is Arity.PERIOD):
        draft.sub_op, draft.value = None, None
    if spec is not None:
        _fit_sub_op(draft, spec)


def _fit_sub_op(draft: ConditionDraft, spec: FieldSpec) -> None:
    if not takes_sub_op(spec, draft.op):
        return
    if draft.sub_op is None and draft.value is not None and draft.op != "isWithin":
        return  # a bare date, as in (Due,eq,2025-09-30)
    fitted = default_sub_op(draft.op, draft.sub_op)
    if fitted != draft.sub_op:
        draft.sub_op, draft.value = fitted, None


def change_sub_op(draft: ConditionDraft, sub_op: str) -> None:
    if sub_op_value(sub_op) != sub_op_value(draft.sub_op):
        draft.value = None
    draft.sub_op = sub_op


def value_text(value: Value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else ",".join(value)


def pair_texts(value: Value) -> tuple[str, str]:
    items = split_items(value)
    return (items[0], items[1]) if len(items) == 2 else (value_text(value), "")


def check(root: GroupDraft, table: TableSpec) -> tuple[Group | None, dict[Path, str]]:
    """The tree the draft stands for, and core's message for each condition that is wrong."""
    dialect = db.dialect()
    errors: dict[Path, str] = {}
    for row in rows(root):
        node = row.item.node
        if not isinstance(node, ConditionDraft):
            continue
        try:
            compile_where(node.to_condition(), table, dialect)
        except (InvalidQuery, ValueError) as exc:
            errors[row.path] = getattr(exc, "message", str(exc))
    return to_tree(root), errors
