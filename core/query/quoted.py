"""Tokenizer and recursive-descent parser for the quoted ``where`` grammar (``@`` prefix).

    expression := [connector] clause (connector clause)*
    clause     := "(" expression ")" | "(" value "," op ("," value)* ")"
    connector  := "~and" | "~or" | "~not" | "~and" "~not" | "~or" "~not"
    value      := word | "…" | '…' | `…`

Whitespace between tokens is ignored, and connectors are read in any case (``~AND``). A word
is unquoted text without ``, ( ) ~`` or quotes (inner spaces kept: ``New York``). A quoted
string may hold anything; the quote character itself is written twice (``'it''s'``); NocoDB
has no escape, this is our extension.
Several values after the operator form a list: ``@(Name,in,"Smith, J","Doe")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.query.ast import Condition, Group, Node, canonical_value
from core.query.classic import (
    CONNECTOR_HINT, CONNECTOR_NAMES, MAX_DEPTH, combine, unknown_connector,
)
from core.query.errors import QuerySyntaxError
from core.query.operators import OperatorError, canonical

QUOTES = ('"', "'", "`")
_CONNECTOR_RE = re.compile(r"~([A-Za-z]\w*)")
_WORD_RE = re.compile(r"[^(),~\"'`]+")


@dataclass(frozen=True)
class Token:
    kind: str  # "(" ")" "," "connector" "word" "string" "end"
    text: str
    pos: int


def tokenize(text: str, start: int) -> list[Token]:
    tokens: list[Token] = []
    pos = start
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            tokens.append(Token("end", "", pos))
            return tokens
        token = _token_at(text, pos)
        tokens.append(token)
        pos = _end_of(text, token)


def _token_at(text: str, pos: int) -> Token:
    ch = text[pos]
    if ch in "(),":
        return Token(ch, ch, pos)
    if ch == "~":
        return _connector(text, pos)
    if ch in QUOTES:
        return Token("string", _string(text, pos), pos)
    return Token("word", _WORD_RE.match(text, pos).group().rstrip(), pos)  # type: ignore[union-attr]


def _connector(text: str, pos: int) -> Token:
    match = _CONNECTOR_RE.match(text, pos)
    if not match:
        raise QuerySyntaxError("unexpected '~'", pos,
                               f"{CONNECTOR_HINT}, and quote a value that contains '~'")
    if match.group(1).lower() not in CONNECTOR_NAMES:
        raise unknown_connector(match.group(), pos)
    return Token("connector", match.group(1).lower(), pos)


def _string(text: str, pos: int) -> str:
    quote, i, chars = text[pos], pos + 1, []
    while i < len(text):
        if text[i] == quote:
            if text.startswith(quote * 2, i):
                chars.append(quote)
                i += 2
                continue
            return "".join(chars)
        chars.append(text[i])
        i += 1
    raise QuerySyntaxError(f"unterminated string: missing closing {quote}", pos)


def _end_of(text: str, token: Token) -> int:
    if token.kind == "string":
        body = token.text.replace(text[token.pos], text[token.pos] * 2)
        return token.pos + len(body) + 2
    if token.kind == "connector":
        return token.pos + 1 + len(token.text)
    if token.kind == "word":
        return _WORD_RE.match(text, token.pos).end()  # type: ignore[union-attr]
    return token.pos + 1


class QuotedParser:
    def __init__(self, text: str, start: int) -> None:
        self.tokens = tokenize(text, start)
        self.i = 0

    def parse(self) -> Group:
        group = self._expression(0)
        if self._peek().kind != "end":
            token = self._peek()
            what = "')': no group is open here" if token.kind == ")" else repr(token.text)
            raise QuerySyntaxError(f"unexpected {what}; join conditions with ~and, ~or or ~not",
                                   token.pos)
        return group

    def _peek(self) -> Token:
        return self.tokens[self.i]

    def _take(self, kind: str, expected: str) -> Token:
        token = self._peek()
        if token.kind != kind:
            found = "the end" if token.kind == "end" else repr(token.text or token.kind)
            raise QuerySyntaxError(f"expected {expected}, found {found}", token.pos)
        self.i += 1
        return token

    def _connector(self) -> str | None:
        if self._peek().kind != "connector":
            return None
        name = self._take("connector", "a connector").text
        if name in ("and", "or") and self._peek().kind == "connector" and self._peek().text == "not":
            self.i += 1
            return "andnot" if name == "and" else "ornot"
        return name

    def _expression(self, depth: int) -> Group:
        items = [combine(self._connector() or "and", self._clause(depth))]
        while (connector := self._connector()) is not None:
            items.append(combine(connector, self._clause(depth)))
        return Group(tuple(items))

    def _clause(self, depth: int) -> Node:
        opened = self._take("(", "'('")
        if self._peek().kind in ("(", "connector"):
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError(f"groups are nested more than {MAX_DEPTH} deep",
                                       opened.pos)
            inner = self._expression(depth + 1)
            self._take(")", "')' to close the group")
            return inner
        return self._term()

    def _value(self, what: str) -> str:
        token = self._peek()
        if token.kind not in ("word", "string"):
            self._take("word", what)
        self.i += 1
        return token.text

    def _term(self) -> Condition:
        field = self._value("a field name")
        self._take(",", "',' after the field name")
        op_token = self._take("word", "an operator")
        values: list[str] = []
        while self._peek().kind == ",":
            self.i += 1
            values.append(self._value("a value after ','"))
        self._take(")", "',' or ')'")
        try:
            key, value = canonical(op_token.text, canonical_value(values))
        except OperatorError as exc:
            raise QuerySyntaxError(exc.reason, op_token.pos, exc.hint) from None
        return Condition(field, key, None, value)
