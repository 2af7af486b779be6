"""``print_where``: canonical text, and ``parse_where(print_where(tree)) == tree``."""

from __future__ import annotations

import pytest

from core.query import parse_where, print_where
from tests.query.test_parser import CLASSIC, DOC_EXAMPLES, QUOTED
from tests.query.trees import C, G

CANONICAL = [
    ("(Email,is,notnull)", "(Email,notnull)"),
    ("(a,ge,1)~and(b,not,2)", "(a,gte,1)~and(b,neq,2)"),
    ("  @ ( City , eq , New York ) ", "(City,eq,New York)"),
    ('@("Product Name",eq,"Laptop, 15-inch")', "(Product Name,eq,Laptop, 15-inch)"),
    ("(a,eq,1)~andnot(b,eq,2)", "(a,eq,1)~not(b,eq,2)"),
    ("(a,eq,1)~ornot(b,eq,2)", "(a,eq,1)~or(~not(b,eq,2))"),
    ("(a,eq,1) ~or(b,eq,2) ", "(a,eq,1)~or(b,eq,2)"),
    ("(Due,isWithin,pastNumberOfDays,14)", "(Due,isWithin,pastNumberOfDays,14)"),
    ("@(Name,in,\"a\",\"b\")", "(Name,in,a,b)"),
    ("(a,eq,1) ~AND (b,eq,2)~Or(c,eq,3)", "(a,eq,1)~and(b,eq,2)~or(c,eq,3)"),
    ("@(a,eq,1)~AND~NOT(b,eq,2)", "(a,eq,1)~not(b,eq,2)"),
]


@pytest.mark.parametrize(("text", "printed"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_canonical_text(text: str, printed: str) -> None:
    assert print_where(parse_where(text)) == printed


TREES = [
    (G(C("a, b", "eq", "1")), '("a, b",eq,1)'),
    (G(C(" padded", "eq", "1")), '(" padded",eq,1)'),
    (G(C("(x)", "eq", "1")), '("(x)",eq,1)'),
    (G(C('"q"', "eq", "1")), '("""q""",eq,1)'),
    (G(C("", "eq", "1")), '("",eq,1)'),
    (G(C("a", "eq", "x~or(y")), '@("a",eq,"x~or(y")'),
    (G(C("a", "in", ("p,q", "r"))), '@("a",in,"p,q","r")'),
    (G(G(C("a", "eq", "x("))), '@(("a",eq,"x("))'),
    (G(C("a", "eq", "x) ~and(b")), '@("a",eq,"x) ~and(b")'),
    (G(C("a", "eq", 'say "hi"'), ("or", C("b", "eq", "x~not(y"))),
     "@(\"a\",eq,'say \"hi\"')~or(\"b\",eq,\"x~not(y\")"),
    (G(C("a", "eq", "`\"'~or(")), '@("a",eq,"`""\'~or(")'),
    (C("a", "eq", "1"), "(a,eq,1)"),
    # text the parser would now read as a connector after ")" is quoted
    (G(C("a", "eq", "x)~AND(y")), '@("a",eq,"x)~AND(y")'),
    (G(C("a", "eq", "x) ~or (y")), '@("a",eq,"x) ~or (y")'),
    (G(C("a", "eq", "x)~xor(y")), '@("a",eq,"x)~xor(y")'),
    (G(C("a)~AND(b", "eq", "1")), '("a)~AND(b",eq,1)'),
    (G(C("a) ~xor (b", "eq", "1")), '("a) ~xor (b",eq,1)'),
    (G(C("a", "eq", "x ~AND (y")), "(a,eq,x ~AND (y)"),
    (G(C("a", "eq", "f(x)"), ("or", C("b", "eq", "g)"))), "(a,eq,f(x))~or(b,eq,g))"),
    (G(C("Due", "eq", "2025-01-31", "exactDate")), "(Due,eq,exactDate,2025-01-31)"),
    (G(("not", G(C("a", "eq", "1"), ("or", C("b", "blank"))))), "~not((a,eq,1)~or(b,blank))"),
]


@pytest.mark.parametrize(("tree", "printed"), TREES, ids=[t[1] for t in TREES])
def test_prints_classic_when_possible_else_quoted(tree: object, printed: str) -> None:
    assert print_where(tree) == printed
    expected = tree if tree.__class__.__name__ == "Group" else G(tree)
    assert parse_where(printed) == expected


@pytest.mark.parametrize("text", [t for t, _ in DOC_EXAMPLES + CLASSIC + QUOTED])
def test_round_trip_of_every_parser_example(text: str) -> None:
    tree = parse_where(text)
    assert parse_where(print_where(tree)) == tree
