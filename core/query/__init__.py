"""The query language: NocoDB-compatible ``where``/``sort``/``fields``/``limit``/``offset``.

Pipeline: text → ``parse_where`` → tree (``ast``) → ``compile_where`` → pypika Criterion with
bound parameters. ``print_where`` writes a tree back as text; ``describe_where`` as English.
"""

from core.query.ast import Condition, Group, Node, and_all, as_group
from core.query.compiler import compile_where
from core.query.errors import InvalidLimit, InvalidOffset, QuerySyntaxError
from core.query.operators import (
    OPERATORS, Arity, Operator, describe_condition, describe_where, operators_for,
)
from core.query.params import (
    build_list_query, parse_fields, parse_limit, parse_offset, parse_sort,
)
from core.query.parser import parse_where
from core.query.printer import print_where

__all__ = [
    "Condition", "Group", "Node", "and_all", "as_group",
    "compile_where",
    "InvalidLimit", "InvalidOffset", "QuerySyntaxError",
    "OPERATORS", "Arity", "Operator", "describe_condition", "describe_where", "operators_for",
    "build_list_query", "parse_fields", "parse_limit", "parse_offset", "parse_sort",
    "parse_where", "print_where",
]
