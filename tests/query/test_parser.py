"""``parse_where``: the classic grammar, the ``@`` grammar, aliases, and error positions."""

from __future__ import annotations

import pytest

from core.errors import InvalidQuery
from core.query import QuerySyntaxError, parse_where
from tests.query.trees import C, G

# Every example of where-syntax.md §9, as NocoDB means it.
DOC_EXAMPLES = [
    ("(Status,eq,Done)", G(C("Status", "eq", "Done"))),
    ("(Status,eq,Done)~and(Priority,gt,2)",
     G(C("Status", "eq", "Done"), C("Priority", "gt", "2"))),
    ("(checkNumber,eq,JM555205)~or((amount,gt,200)~and(amount,lt,2000))",
     G(C("checkNumber", "eq", "JM555205"),
       ("or", G(C("amount", "gt", "200"), C("amount", "lt", "2000"))))),
    ("~not(Archived,checked)", G(("not", C("Archived", "checked")))),
    ("(Tags,anyof,red,blue)", G(C("Tags", "anyof", "red,blue"))),
    ("(Due,isWithin,pastNumberOfDays,14)", G(C("Due", "isWithin", "14", "pastNumberOfDays"))),
    ("(Due,eq,exactDate,2025-01-31)", G(C("Due", "eq", "2025-01-31", "exactDate"))),
    ("(Due,lt,today)", G(C("Due", "lt", None, "today"))),
    ("(Name,like,%son)", G(C("Name", "like", "%son"))),
    ("(Name,like,jo)", G(C("Name", "like", "jo"))),
    ("(Notes,blank)", G(C("Notes", "blank"))),
    ("(Email,is,notnull)", G(C("Email", "notnull"))),
    ("(Qty,btw,10,100)", G(C("Qty", "btw", "10,100"))),
    ("(Id,in,1,2,3)", G(C("Id", "in", "1,2,3"))),
    ("@(\"Product Name\",eq,\"Laptop, 15-inch\")~or(City,eq,'New York')",
     G(C("Product Name", "eq", "Laptop, 15-inch"), ("or", C("City", "eq", "New York")))),
    ('@("Title", not, blank)', G(C("Title", "notblank"))),
]

CLASSIC = [
    # values run to the condition's closing parenthesis: commas and parentheses included
    ("(Title,like,Birds (in Parables, 1865))", G(C("Title", "like", "Birds (in Parables, 1865)"))),
    ("(Title,eq,... (Krishna))", G(C("Title", "eq", "... (Krishna)"))),
    ("(MultiLineText,eq,Allahabad, India)", G(C("MultiLineText", "eq", "Allahabad, India"))),
    ("(a,eq,x(y)", G(C("a", "eq", "x(y"))),
    ("(a,eq,x))", G(C("a", "eq", "x)"))),
    ("(a,eq,(1)(2))~or(b,eq,3)", G(C("a", "eq", "(1)(2)"), ("or", C("b", "eq", "3")))),
    ("(a,eq,x((y)))", G(C("a", "eq", "x((y))"))),
    ("(a,eq, spaced )", G(C("a", "eq", " spaced "))),
    ("(a,eq,)", G(C("a", "eq", ""))),
    ("(a,eq,(~x)", G(C("a", "eq", "(~x"))),
    ("(a,like,~andy)", G(C("a", "like", "~andy"))),
    # field titles: spaces, parentheses, dots, slashes; quoted when they hold commas
    ("(Size (mm),eq,1800)", G(C("Size (mm)", "eq", "1800"))),
    ("(Object Name,eq,Grand Pianoforte)", G(C("Object Name", "eq", "Grand Pianoforte"))),
    ("(a.b/c,eq,1)", G(C("a.b/c", "eq", "1"))),
    ('("a, b",eq,1)', G(C("a, b", "eq", "1"))),
    ('("(x)",eq,1)', G(C("(x)", "eq", "1"))),
    ('("say ""hi""",eq,1)', G(C('say "hi"', "eq", "1"))),
    ('("quoted" title,eq,1)', G(C('"quoted" title', "eq", "1"))),
    (" ( Status , eq ,Done)", G(C("Status", "eq", "Done"))),
    # connectors and groups
    ("(a,eq,1)~or(b,eq,2)~and(c,eq,3)",
     G(C("a", "eq", "1"), ("or", C("b", "eq", "2")), C("c", "eq", "3"))),
    ("(a,eq,1)~not(b,eq,2)", G(C("a", "eq", "1"), ("not", C("b", "eq", "2")))),
    ("~or(a,eq,1)", G(("or", C("a", "eq", "1")))),
    ("(a,eq,1) ~or(b,eq,2) ", G(C("a", "eq", "1"), ("or", C("b", "eq", "2")))),
    ("((a,eq,1)~or(b,eq,2))~and(c,eq,3)",
     G(G(C("a", "eq", "1"), ("or", C("b", "eq", "2"))), C("c", "eq", "3"))),
    ("((a,eq,1))", G(G(C("a", "eq", "1")))),
    ("(~not(a,eq,1))", G(G(("not", C("a", "eq", "1"))))),
    ("(a,eq,1)~or((b,eq,2)~and((c,eq,3)~or((d,eq,4)~and(e,eq,5))))",
     G(C("a", "eq", "1"),
       ("or", G(C("b", "eq", "2"),
                G(C("c", "eq", "3"), ("or", G(C("d", "eq", "4"), C("e", "eq", "5")))))))),
    ("((Title,eq,Birds (in Parables, 1865)))~or(x,eq,1)",
     G(G(C("Title", "eq", "Birds (in Parables, 1865)")), ("or", C("x", "eq", "1")))),
    ("((a,eq,1)~or(b,eq,x)))", G(G(C("a", "eq", "1"), ("or", C("b", "eq", "x)"))))),
    ("(a,eq,1)~andnot(b,eq,2)", G(C("a", "eq", "1"), ("not", C("b", "eq", "2")))),
    # connectors in any case and with spaces around them (NocoDB reads these as one value)
    ("(Culture,eq,French)~AND(AccessionYear,gt,2000)",
     G(C("Culture", "eq", "French"), C("AccessionYear", "gt", "2000"))),
    ("(Culture,eq,French) ~and (AccessionYear,gt,2000)",
     G(C("Culture", "eq", "French"), C("AccessionYear", "gt", "2000"))),
    ("(a,eq,1)~Or(b,eq,2)\t~NOT\t(c,eq,3)",
     G(C("a", "eq", "1"), ("or", C("b", "eq", "2")), ("not", C("c", "eq", "3")))),
    ("~Not (a,eq,1)", G(("not", C("a", "eq", "1")))),
    ("(a,eq,1)~AndNot(b,eq,2)", G(C("a", "eq", "1"), ("not", C("b", "eq", "2")))),
    ("((a,eq,1) ~OR (b,eq,2)) ~And ((c,eq,3))",
     G(G(C("a", "eq", "1"), ("or", C("b", "eq", "2"))), G(C("c", "eq", "3")))),
    ("(Title,like,Birds (in Parables, 1865)) ~OR (a,blank)",
     G(C("Title", "like", "Birds (in Parables, 1865)"), ("or", C("a", "blank")))),
    ("(a,eq,x)) ~or (b,eq,1)", G(C("a", "eq", "x)"), ("or", C("b", "eq", "1")))),
    ("((a,eq,f(x)) ~or (b,eq,1))", G(G(C("a", "eq", "f(x)"), ("or", C("b", "eq", "1"))))),
    # only right after a ")" is a spaced or capitalised connector one; elsewhere it is value text
    ("(a,eq,x ~AND (y)", G(C("a", "eq", "x ~AND (y"))),
    ("(a,like,~AND(x))", G(C("a", "like", "~AND(x)"))),
    ("(a,eq,x~xor(y))", G(C("a", "eq", "x~xor(y)"))),
    ("(a,eq,:)~)", G(C("a", "eq", ":)~"))),
    ("(a,eq,1)~ornot(b,eq,2)", G(C("a", "eq", "1"), ("or", G(("not", C("b", "eq", "2")))))),
    # date sub-operators are recognised by spelling; the compiler decides what they mean
    ("(Due,eq,today)", G(C("Due", "eq", None, "today"))),
    ("(Due,eq,daysAgo,3)", G(C("Due", "eq", "3", "daysAgo"))),
    ("(Due,eq,2025-09-30)", G(C("Due", "eq", "2025-09-30"))),
    ("(Due,isWithin,pastWeek)", G(C("Due", "isWithin", None, "pastWeek"))),
    ("(Status,eq,today, or tomorrow)", G(C("Status", "eq", " or tomorrow", "today"))),
]

ALIASES = [
    ("(a,ge,1)", "gte", "1"), ("(a,le,1)", "lte", "1"), ("(a,not,1)", "neq", "1"),
    ("(a,isblank)", "blank", None), ("(a,is_blank)", "blank", None),
    ("(a,isnotblank)", "notblank", None), ("(a,is_not_blank)", "notblank", None),
    ("(a,is_notblank)", "notblank", None), ("(a,is,blank)", "blank", None),
    ("(a,is,notblank)", "notblank", None), ("(a,is,null)", "null", None),
    ("(a,is,NULL)", "null", None), ("(a,is,notnull)", "notnull", None),
    ("(a,is,empty)", "empty", None), ("(a,is,notempty)", "notempty", None),
    ("(a,is,true)", "checked", None), ("(a,is,false)", "notchecked", None),
    ("(a,isnot,null)", "notnull", None), ("(a,isnot,notnull)", "null", None),
    ("(a,isnot,empty)", "notempty", None), ("(a,isnot,notempty)", "empty", None),
    ("(a,isnot,blank)", "notblank", None), ("(a,isnot,true)", "notchecked", None),
    ("(a,isnot,false)", "checked", None), ("(a,not,blank)", "notblank", None),
    ("(a,EQ,1)", "eq", "1"), ("(a,iswithin,pastWeek)", "isWithin", None),
    ("(a,neq,blank)", "neq", "blank"),
]

QUOTED = [
    ("@(a,eq,1)", G(C("a", "eq", "1"))),
    ("  @ ( City , eq , New York ) ", G(C("City", "eq", "New York"))),
    ("@(Title,eq,\"~and(x)\")", G(C("Title", "eq", "~and(x)"))),
    ("@(Title,eq,'say \"hi\"')", G(C("Title", "eq", 'say "hi"'))),
    ("@(Title,eq,\"it's\")", G(C("Title", "eq", "it's"))),
    ("@(Title,eq,`both \" and '`)", G(C("Title", "eq", "both \" and '"))),
    ('@(Title,eq,"doubled "" quote")', G(C("Title", "eq", 'doubled " quote'))),
    ("@(Title,eq,\"\")", G(C("Title", "eq", ""))),
    ("@(Notes,blank)", G(C("Notes", "blank"))),
    ("@(Name,in,\"Smith, J\",\"Doe\")", G(C("Name", "in", ("Smith, J", "Doe")))),
    ("@(Name,in,\"a,b\")", G(C("Name", "in", "a,b"))),
    ("@(Id,in,1,2,3)", G(C("Id", "in", "1,2,3"))),
    ("@(Due,eq,exactDate,\"2025-01-31\")", G(C("Due", "eq", "2025-01-31", "exactDate"))),
    ("@(a,eq,1)~and~not(b,eq,2)", G(C("a", "eq", "1"), ("not", C("b", "eq", "2")))),
    ("@(a,eq,1)~or ~not(b,eq,2)", G(C("a", "eq", "1"), ("or", G(("not", C("b", "eq", "2")))))),
    ("@((a,eq,1)~or(b,eq,2))~and(c,eq,\")\")",
     G(G(C("a", "eq", "1"), ("or", C("b", "eq", "2"))), C("c", "eq", ")"))),
    ("@~not(a,eq,1)", G(("not", C("a", "eq", "1")))),
    ("@(a,is,null)", G(C("a", "null"))),
    ("@(a,eq,1)~AND~NOT(b,eq,2) ~Or (c,eq,3)",
     G(C("a", "eq", "1"), ("not", C("b", "eq", "2")), ("or", C("c", "eq", "3")))),
]


@pytest.mark.parametrize(("text", "tree"), DOC_EXAMPLES + CLASSIC + QUOTED,
                         ids=[t for t, _ in DOC_EXAMPLES + CLASSIC + QUOTED])
def test_parses(text: str, tree: object) -> None:
    assert parse_where(text) == tree


@pytest.mark.parametrize(("text", "op", "value"), ALIASES, ids=[a[0] for a in ALIASES])
def test_aliases_are_normalised(text: str, op: str, value: str | None) -> None:
    (_, cond), = parse_where(text).items
    assert (cond.op, cond.value) == (op, value)


@pytest.mark.parametrize("empty", [None, "", "   ", [], ["", " "]])
def test_no_filter(empty: object) -> None:
    assert parse_where(empty) is None


def test_repeated_pieces_are_anded() -> None:
    assert parse_where(["(a,eq,1)", "(b,eq,2)~not(c,eq,3)"]) == G(
        C("a", "eq", "1"), C("b", "eq", "2"), ("not", C("c", "eq", "3")))
    # a piece with ~or stays a group, or AND-before-OR would change its meaning
    assert parse_where(["(a,eq,1)~or(b,eq,2)", "(c,eq,3)"]) == G(
        G(C("a", "eq", "1"), ("or", C("b", "eq", "2"))), C("c", "eq", "3"))
    assert parse_where(["(a,eq,1)", ""]) == G(C("a", "eq", "1"))


ERRORS = [
    ("abc", 0, "expected '(' to start a condition"),
    ("(Status eq Done)", 15, "expected ',' after field name"),
    ("(Status)~and(b,eq,1)", 7, "expected ',' after field name"),
    ("(,eq,1)", 1, "expected a field name"),
    ("(a,)", 3, "expected an operator after ','"),
    ("(a,eq;1)", 5, "expected ',' or ')' after operator 'eq'"),
    ("(a,foo,1)", 3, "unknown operator 'foo'"),
    ("(Culture,eqq,French)", 9, "unknown operator 'eqq'"),
    ("(a,is,maybe)", 3, "'is' needs a keyword value"),
    ("(Status,eq,Done", 15, "expected ')' to close the condition opened at position 0"),
    ("(a,eq,1)x", 8, "unexpected text after the condition"),
    ("(a,eq,1)~or", 8, "unexpected text after the condition"),
    ("(a,blank)x", 9, "expected '~and(', '~or(' or '~not(' before the next condition"),
    ("(a,blank))", 9, "unexpected ')': no group is open here"),
    ("((a,eq,1)", 9, "missing ')' to close the group opened at position 0"),
    ("(a,eq,1)~or((b,eq,2)~and(c,eq,(3))", 34, "missing ')' to close the group opened at position 11"),
    # an unknown connector after ")" is named, not swallowed into the value
    ("(Culture,eq,French)~xor(AccessionYear,gt,2000)", 19, "unknown connector '~xor'"),
    ("(Culture,eq,French) ~XOR (AccessionYear,gt,2000)", 20, "unknown connector '~XOR'"),
    ("(a,eq,1)~or(b,eq,2)~andd(c,eq,3)", 19, "unknown connector '~andd'"),
    ("(a,blank)~xor(b,eq,1)", 9, "unknown connector '~xor'"),
    ("((a,eq,1))~xor((b,eq,2))", 10, "unknown connector '~xor'"),
    ("(Status)~xor(b,eq,1)", 8, "unknown connector '~xor'"),
    ("~nand(a,eq,1)", 0, "unknown connector '~nand'"),
    ("(~nand(a,eq,1))", 1, "unknown connector '~nand'"),
    ("@(a,eq,\"x)", 7, "unterminated string: missing closing \""),
    ("@(a eq)", 6, "expected ',' after the field name, found ')'"),
    ("@(a,eq,1)~foo(b,eq,2)", 9, "unknown connector '~foo'"),
    ("@(a,eq,1)~AND~xor(b,eq,2)", 13, "unknown connector '~xor'"),
    ("@(a,eq,1)~ (b,eq,2)", 9, "unexpected '~'"),
    ("@(a,eq,1)(b,eq,2)", 9, "unexpected '('; join conditions with ~and, ~or or ~not"),
    ("@(a,eq,)", 7, "expected a value after ','"),
    ("@(a,bogus,1)", 4, "unknown operator 'bogus'"),
    ("@(a,eq,1", 8, "expected ',' or ')', found the end"),
    ("@", 1, "expected '(', found the end"),
    ("(" * 40 + "a,eq,1" + ")" * 40, 32, "groups are nested more than 32 deep"),
    ("@" + "(" * 40 + "a,eq,1" + ")" * 40, 33, "groups are nested more than 32 deep"),
]


@pytest.mark.parametrize(("text", "position", "reason"), ERRORS, ids=[e[0] for e in ERRORS])
def test_syntax_errors_carry_position_and_reason(text: str, position: int, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_where(text)
    error = caught.value
    assert error.position == position
    assert error.reason.startswith(reason)
    assert error.message.startswith(f"{error.reason} at position {position}")
    assert error.code == "ERR_INVALID_FILTER" and error.status == 422
    assert error.details["position"] == position


# The culprit and its position come first; what would do comes after, never before them.
HINTS = [
    ("(Culture,eqq,French)", "unknown operator 'eqq' at position 9; did you mean 'eq'? "
                             "operators: eq, neq, gt, "),
    ("(Done,foo,1)", "unknown operator 'foo' at position 6; operators: eq, neq, "),
    ("@(a,bogus,1)", "unknown operator 'bogus' at position 4; operators: eq, "),
    ("(a,is,maybe)", "'is' needs a keyword value at position 3; one of: null, notnull, "),
    ("(Culture,eq,French)~xor(AccessionYear,gt,2000)",
     "unknown connector '~xor' at position 19; use ~and, ~or or ~not"),
    ("@(a,eq,1)~xor(b,eq,2)", "unknown connector '~xor' at position 9; use ~and, ~or or ~not"),
]


@pytest.mark.parametrize(("text", "start"), HINTS, ids=[h[0] for h in HINTS])
def test_error_names_the_culprit_and_position_before_the_hint(text: str, start: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_where(text)
    assert caught.value.message.startswith(start)


def test_error_in_second_piece_names_the_piece() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_where(["(a,eq,1)", "(b,zz,2)"])
    assert caught.value.details["piece"] == 1 and caught.value.position == 3


def test_non_string_where_is_invalid() -> None:
    with pytest.raises(InvalidQuery, match="Expected string or array of strings"):
        parse_where([5])  # type: ignore[list-item]
