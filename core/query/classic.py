"""Recursive-descent parser for NocoDB's classic v2 ``where`` grammar.

    expression := [connector] clause (connector clause)*
    clause     := "(" expression ")"                 -- a group: "(" followed by "(" or "~"
                | "(" field "," op ["," value] ")"   -- a condition
    connector  := "~and" | "~or" | "~not" | "~andnot" | "~ornot"   (then "(")

The grammar has no quoting of values, so a value is raw text: it runs from the second comma to
the condition's closing parenthesis, which is found the way NocoDB finds it — the value may
hold commas and parentheses (``Birds (in Parables, 1865)``) and ends before the next connector.
Of the ``)`` that end the stretch before that connector, the value keeps the ones it needs to
balance its own ``(``, the enclosing groups take theirs, and any left over belong to the value
(NocoDB's greedy match). A value can therefore not contain ``~and(``/``~or(``/``~not(``; such
values need the ``@`` grammar (``core.query.quoted``). A field is everything up to the first
comma, or a double-quoted title (``"a, b"``, with ``""`` for a quote) when it has commas.

Where NocoDB only splits at a lowercase ``~and(`` and silently reads ``(a,eq,1)~AND(b,eq,2)``
or ``(a,eq,1) ~and (b,eq,2)`` as one condition whose value is the rest of the string, we also
take a connector in any case and with spaces before its ``(`` — but inside a value only right
after a ``)``, which is where a user writes one. There, ``)~xor(`` is an error naming the
unknown connector rather than more value text.
"""

from __future__ import annotations

import bisect
import re

from core.query.ast import Condition, Group, Node
from core.query.errors import QuerySyntaxError
from core.query.operators import OperatorError, canonical

CONNECTOR_NAMES = ("andnot", "ornot", "and", "or", "not")
CONNECTOR_HINT = "use ~and, ~or or ~not"
# NocoDB's split points: a lowercase connector and "(", anywhere, even inside a value.
CONNECTOR_RE = re.compile(r"~(?:andnot|ornot|and|or|not)\(")
# What a user writes after a condition's ")": ") ~AND (", ")~xor(" (group 1: "~word").
_JOIN_RE = re.compile(r"\)\s*(~([A-Za-z]\w*))\s*\(")
_CONNECTOR_AT = re.compile(r"~([A-Za-z]\w*)\s*\(")
MAX_DEPTH = 32
_OP_CHARS = re.compile(r"[A-Za-z0-9_]*")


def unmatched_opens(text: str) -> int:
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth


def has_connector(text: str) -> bool:
    """Whether the parser would end a field or value of this text at a connector."""
    return bool(CONNECTOR_RE.search(text) or _JOIN_RE.search(text))


def unknown_connector(spelling: str, pos: int) -> QuerySyntaxError:
    return QuerySyntaxError(f"unknown connector '{spelling}'", pos, CONNECTOR_HINT)


def combine(connector: str, node: Node) -> tuple[str, Node]:
    """``~andnot`` is AND NOT; ``~ornot(x)`` is OR (NOT x)."""
    if connector == "andnot":
        return "not", node
    if connector == "ornot":
        return "or", Group((("not", node),))
    return connector, node


class ClassicParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        joins = list(_JOIN_RE.finditer(text))
        self.connector_starts = sorted({m.start() for m in CONNECTOR_RE.finditer(text)} | {
            m.start(1) for m in joins if m.group(2).lower() in CONNECTOR_NAMES})
        self.unknown = [(m.start(1), m.group(1)) for m in joins
                        if m.group(2).lower() not in CONNECTOR_NAMES]

    def parse(self) -> Group:
        self._skip_ws()
        group = self._expression(0)
        self._skip_ws()
        if self.pos < len(self.text):
            if self.text[self.pos] == ")":
                raise self._error("unexpected ')': no group is open here")
            raise self._error("expected '~and(', '~or(' or '~not(' before the next condition")
        return group

    def _error(self, message: str, pos: int | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.pos if pos is None else pos)

    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _connector(self) -> str | None:
        """The connector at the cursor, left on its ``(``; None when there is none."""
        match = _CONNECTOR_AT.match(self.text, self.pos)
        if match is None:
            return None
        name = match.group(1).lower()
        if name not in CONNECTOR_NAMES:
            raise unknown_connector("~" + match.group(1), self.pos)
        self.pos = match.end() - 1
        return name

    def _refuse_unknown_connector(self, start: int, end: int) -> None:
        """A ``)~xor(`` between ``start`` and ``end`` is a typo, not text of a field or value."""
        for pos, spelling in self.unknown:
            if start <= pos < end:
                raise unknown_connector(spelling, pos)

    def _next_connector(self, start: int) -> int:
        i = bisect.bisect_left(self.connector_starts, start)
        return self.connector_starts[i] if i < len(self.connector_starts) else len(self.text)

    def _expression(self, depth: int) -> Group:
        items = [combine(self._connector() or "and", self._clause(depth))]
        while True:
            self._skip_ws()
            connector = self._connector()
            if connector is None:
                return Group(tuple(items))
            items.append(combine(connector, self._clause(depth)))

    def _clause(self, depth: int) -> Node:
        if not self.text.startswith("(", self.pos):
            raise self._error("expected '(' to start a condition")
        opened = self.pos
        self.pos += 1
        if self.text[self.pos:self.pos + 1] not in ("(", "~"):
            return self._term(opened, depth)
        if depth >= MAX_DEPTH:
            raise self._error(f"groups are nested more than {MAX_DEPTH} deep", opened)
        inner = self._expression(depth + 1)
        if not self.text.startswith(")", self.pos):
            raise self._error(f"missing ')' to close the group opened at position {opened}")
        self.pos += 1
        return inner

    def _term(self, opened: int, depth: int) -> Condition:
        field = self._field()
        self.pos += 1
        self._skip_ws()
        op_pos = self.pos
        word = _OP_CHARS.match(self.text, self.pos).group()  # type: ignore[union-attr]
        if not word:
            raise self._error("expected an operator after ','")
        self.pos += len(word)
        self._skip_ws()
        if self.text.startswith(")", self.pos):
            self.pos += 1
            value = None
        elif self.text.startswith(",", self.pos):
            self.pos += 1
            value = self._value(opened, depth)
        else:
            raise self._error(f"expected ',' or ')' after operator '{word}'")
        try:
            key, value = canonical(word, value)
        except OperatorError as exc:
            raise QuerySyntaxError(exc.reason, op_pos, exc.hint) from None
        return Condition(field, key, None, value)

    def _field(self) -> str:
        start = self.pos
        quoted = self._quoted_field()
        if quoted is not None:
            return quoted
        self.pos = start
        comma = self.text.find(",", start)
        boundary = self._next_connector(start)
        self._refuse_unknown_connector(start, boundary if comma == -1 else min(comma, boundary))
        if comma == -1 or comma > boundary:
            close = self.text.find(")", start, boundary)
            raise self._error("expected ',' after field name", close if close != -1 else boundary)
        name = self.text[start:comma].strip()
        if not name:
            raise self._error("expected a field name", start)
        self.pos = comma
        return name

    def _quoted_field(self) -> str | None:
        """``"a, b"`` followed by a comma; None (and no input consumed) otherwise."""
        self._skip_ws()
        if not self.text.startswith('"', self.pos):
            return None
        i, chars = self.pos + 1, []
        while i < len(self.text):
            if self.text[i] == '"':
                if self.text.startswith('""', i):
                    chars.append('"')
                    i += 2
                    continue
                break
            chars.append(self.text[i])
            i += 1
        else:
            return None
        self.pos = i + 1
        self._skip_ws()
        return "".join(chars) if self.text.startswith(",", self.pos) else None

    def _value(self, opened: int, depth: int) -> str:
        start = self.pos
        end = self._next_connector(start)
        self._refuse_unknown_connector(start, end)
        region = self.text[start:end].rstrip()
        if not region.endswith(")"):
            last = region.rfind(")")
            if last == -1:
                raise self._error(f"expected ')' to close the condition opened at position "
                                  f"{opened}", start + len(region))
            raise self._error("unexpected text after the condition; join conditions with "
                              "~and(…), ~or(…) or ~not(…)", start + last + 1)
        core = region.rstrip(")")
        closers = len(region) - len(core) - 1
        kept = min(unmatched_opens(core), closers)
        groups = min(closers - kept, depth)
        value = core + ")" * (closers - groups)
        self.pos = start + len(value) + 1
        return value
