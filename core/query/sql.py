"""Small pypika terms the compiler needs and pypika_tortoise lacks, all dialect-aware.

* ``bound(value)`` — a value that is always a bound parameter. pypika's own wrapper inlines
  the string ``"*"`` as a literal, and a user value must never reach the SQL text.
* ``LikeEscaped`` — ``x LIKE pattern ESCAPE '\\'`` (pypika has no ESCAPE clause).
* ``IsNotTrue`` — two-valued negation, so "not X" is every row X does not match.
* ``Concat`` — ``a || b || c``, which SQLite and PostgreSQL both understand (``CONCAT`` is
  missing from older SQLite).
* ``fold(term, dialect)`` — the case folding used by ``like``: the ``gb_fold`` function on
  SQLite (see ``core.query.folding``) and ``lower`` on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Criterion, Function, Term, ValueWrapper

from core.query.folding import SQLITE_FOLD_FUNCTION


class Bound(ValueWrapper):
    """A constant that is always sent as a parameter when the query is parameterised."""

    def get_sql(self, ctx: SqlContext) -> str:
        if ctx.parameterizer is None:
            return super().get_sql(ctx)
        return ctx.parameterizer.create_param(self.value).get_sql(ctx)


def bound(value: Any) -> Bound:
    return Bound(value)


class LikeEscaped(Criterion):
    """``(left LIKE right ESCAPE '\\')``; backslash escapes ``%``, ``_`` and itself."""

    def __init__(self, left: Term, right: Term) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def nodes_(self) -> Any:
        yield self
        yield from self.left.nodes_()
        yield from self.right.nodes_()

    def get_sql(self, ctx: SqlContext) -> str:
        inner = ctx.copy(with_alias=False, subcriterion=False)
        return f"({self.left.get_sql(inner)} LIKE {self.right.get_sql(inner)} ESCAPE '\\')"


class IsNotTrue(Criterion):
    """``(crit) IS NOT TRUE``: the exact complement of ``crit``, counting NULL (unknown) as
    not matching, unlike SQL's ``NOT`` which leaves NULL rows out of both sides."""

    def __init__(self, term: Criterion) -> None:
        super().__init__()
        self.term = term

    def nodes_(self) -> Any:
        yield self
        yield from self.term.nodes_()

    def get_sql(self, ctx: SqlContext) -> str:
        inner = ctx.copy(with_alias=False, subcriterion=False)
        return f"(({self.term.get_sql(inner)}) IS NOT TRUE)"


class Concat(Term):
    """``(a || b || …)``: string concatenation that NULL propagates through."""

    def __init__(self, *parts: Term) -> None:
        super().__init__()
        self.parts = parts

    def nodes_(self) -> Any:
        yield self
        for part in self.parts:
            yield from part.nodes_()

    def get_sql(self, ctx: SqlContext) -> str:
        inner = ctx.copy(with_alias=False, subcriterion=False)
        return "(" + " || ".join(p.get_sql(inner) for p in self.parts) + ")"


class Raw(Term):
    """A fixed SQL snippet written by this package (never user text)."""

    def __init__(self, sql: str) -> None:
        super().__init__()
        self.sql = sql

    def get_sql(self, ctx: SqlContext) -> str:
        return self.sql


COMMA = Raw("','")
ZERO = Raw("0")


def fold(term: Term, dialect: str) -> Function:
    name = SQLITE_FOLD_FUNCTION if dialect == "sqlite" else "lower"
    return Function(name, term)


def as_text(term: Term, dialect: str) -> Term:
    """The column as text (JSONB needs a cast on PostgreSQL; SQLite already stores text)."""
    return _Cast(term) if dialect == "postgres" else term


class _Cast(Term):
    def __init__(self, term: Term) -> None:
        super().__init__()
        self.term = term

    def nodes_(self) -> Any:
        yield self
        yield from self.term.nodes_()

    def get_sql(self, ctx: SqlContext) -> str:
        return f"CAST({self.term.get_sql(ctx.copy(with_alias=False))} AS TEXT)"


def contains_item(haystack: Term, needle: Term, dialect: str) -> Criterion:
    """``needle`` occurs in ``haystack`` (exact, case-sensitive): instr/strpos > 0."""
    name = "instr" if dialect == "sqlite" else "strpos"
    return Function(name, haystack, needle) > ZERO
