"""``compile_where``: a filter tree + a table → one pypika ``Criterion`` with bound parameters.

Each condition is checked against its field — the field must exist (422, not 404: the table
is there, the filter is wrong), the operator must be one the field type supports, and the
value must convert — then handed to its operator's ``build``. Items of a group combine with
SQL precedence: consecutive ``and``/``not`` items form a chain (``not`` = AND NOT), ``or``
starts a new chain, and the chains are ORed, so ``a ~or b ~and c`` is ``a OR (b AND c)``.
``~not(x)`` keeps every row ``x`` does not match, rows where ``x`` is unknown (NULL) included —
the complement, as the in-memory evaluation of the same tree would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pypika_tortoise import Criterion, Table

from core.errors import InvalidQuery
from core.fields.base import FieldSpec
from core.query.ast import Condition, Group, Node, as_group
from core.query.operators import OPERATORS, operators_for
from core.query.predicates import Target
from core.query.sql import IsNotTrue
from core.query.values import convert
from core.schema.spec import TableSpec

UTC = dt.timezone.utc


@dataclass(frozen=True)
class _Context:
    table: TableSpec
    dialect: str
    now: dt.datetime
    physical: Table


def compile_where(node: Node, table: TableSpec, dialect: str, *,
                  now: dt.datetime | None = None) -> Criterion:
    """SQL for ``node`` against ``table`` on ``dialect`` ("sqlite" or "postgres").

    ``now`` (UTC; naive means UTC) anchors ``today``, ``daysAgo`` and ``isWithin``.
    Raises ``InvalidQuery`` for unknown fields, unsupported operators and bad values.
    """
    moment = dt.datetime.now(UTC) if now is None else _as_utc(now)
    context = _Context(table, dialect, moment, Table(table.physical))
    return _group(as_group(node), context)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _group(group: Group, context: _Context) -> Criterion:
    chains: list[list[Criterion]] = []
    for connector, item in group.items:
        crit = _node(item, context)
        if connector == "not":
            crit = IsNotTrue(crit)
        if connector == "or" or not chains:
            chains.append([crit])
        else:
            chains[-1].append(crit)
    return Criterion.any(Criterion.all(chain) for chain in chains)


def _node(node: Node, context: _Context) -> Criterion:
    return _group(node, context) if isinstance(node, Group) else _condition(node, context)


def _condition(cond: Condition, context: _Context) -> Criterion:
    spec = resolve_field(cond, context.table)
    operator = OPERATORS[cond.op]
    try:
        operand = convert(operator.kind, cond, spec, context.dialect, context.now)
    except ValueError as exc:
        raise InvalidQuery(
            f"Invalid value for field '{spec.title}' ({spec.uidt}): {exc}",
            field=spec.title, operator=cond.op, value=_shown(cond),
        ) from None
    target = Target(context.physical.field(spec.column), spec, context.dialect)
    return operator.build(target, operand)


def resolve_field(cond: Condition, table: TableSpec) -> FieldSpec:
    """The condition's field, checked to support the operator; InvalidQuery otherwise."""
    spec = table.find(cond.field)
    if spec is None:
        raise InvalidQuery(f"Field '{cond.field}' not found", field=cond.field)
    allowed = [o.key for o in operators_for(spec.type)]
    if cond.op not in allowed:
        raise InvalidQuery(
            f"Operator '{cond.op}' is not supported for field '{spec.title}' of type "
            f"{spec.uidt}; supported: {', '.join(allowed)}",
            field=spec.title, type=spec.uidt, operator=cond.op, supported=allowed,
        )
    return spec


def _shown(cond: Condition) -> str | list[str] | None:
    raw = cond.raw_value
    return list(raw) if isinstance(raw, tuple) else raw
