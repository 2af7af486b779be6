"""Custom webhook bodies: a small, handlebars-compatible subset of NocoDB's templates.

Tags: ``{{ path }}`` inserts a value (strings as they are, anything else as JSON) and
``{{ json path }}`` inserts JSON (``{{ json path true }}`` pretty-printed); ``{{! … }}`` is a
comment. Paths are Handlebars paths: segments joined by ``.`` (or ``/``), a segment in
brackets taken literally, so titles with spaces or dots are reachable —
``{{ event.data.rows.[0].[Object Begin Date] }}``; ``rows.0.Title`` and ``rows[0]`` work too.
As in NocoDB, both ``event`` and ``data`` name the whole v2 envelope, so ``{{ json event }}`` is
the default body.

Blocks: ``{{#if path}}…{{else}}…{{/if}}`` and ``{{#unless path}}…{{/unless}}`` (false is
``null``, missing, ``false``, ``0``, ``""`` and ``[]``, as in Handlebars), and
``{{#each path}}…{{else}}…{{/each}}`` over a list (or an object's values), where ``this`` (or a
bare field name) is the item, ``@index`` its position and ``@key`` its key; a name the item
lacks is looked up in the enclosing scopes (Handlebars' ``compat`` lookup). Any other block
helper (``{{#with}}``, ``{{#eq}}``…) or an unclosed block is a ``TemplateError``: ``check``
finds it when the hook is saved, and a send with such a body fails with that message.

If the template is valid JSON, each string inside it is rendered on its own, so a value with
quotes cannot break the JSON, and a string that is exactly one ``{{ json … }}`` tag becomes
that value (an object stays an object). Otherwise the whole text is rendered.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidRequest

_TAG = re.compile(r"\{\{\{\s*(.*?)\s*\}\}\}|\{\{\s*(.*?)\s*\}\}", re.S)
"""``{{ x }}`` or Handlebars' unescaped ``{{{ x }}}`` (the same here: nothing is escaped)."""
_SEGMENT = re.compile(r"\[([^\]]*)\]|([^.\[\]/]+)")
_WORD = re.compile(r"(?:\[[^\]]*\]|[^\s\[])+")
_MISSING = object()
BLOCKS = ("if", "unless", "each")


class TemplateError(InvalidRequest):
    """The body template cannot be rendered (names the tag)."""

    code = "ERR_INVALID_TEMPLATE"


# --- paths and values ----------------------------------------------------------------------
def segments(path: str) -> list[str]:
    """``rows.[0].[Object Begin Date]`` → ``["rows", "0", "Object Begin Date"]``."""
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _SEGMENT.finditer(path)]


def _step(value: Any, part: str) -> Any:
    if isinstance(value, dict) and part in value:
        return value[part]
    if isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
        return value[int(part)]
    return _MISSING


def lookup(context: Any, path: str) -> Any:
    value = context
    for part in segments(path):
        if part != "this":
            value = _step(value, part)
            if value is _MISSING:
                break
    return value


def _resolve(scopes: list[Any], path: str) -> Any:
    """``path`` in the innermost scope that has it (``this…``: in the innermost only)."""
    if path == "this" or path.startswith(("this.", "this/", "this[")):
        return lookup(scopes[-1], path)
    for scope in reversed(scopes):
        value = lookup(scope, path)
        if value is not _MISSING:
            return value
    return _MISSING


def _expression(match: re.Match[str]) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def _truthy(value: Any) -> bool:
    if value is _MISSING or value is None or value is False or value == "" or value == []:
        return False
    return not (isinstance(value, (int, float)) and value == 0)


# --- parsing -------------------------------------------------------------------------------
@dataclass
class _Block:
    helper: str
    path: str
    body: list[Any] = field(default_factory=list)
    otherwise: list[Any] = field(default_factory=list)
    in_else: bool = False

    def add(self, node: Any) -> None:
        (self.otherwise if self.in_else else self.body).append(node)


def _open(expression: str) -> _Block:
    helper, _, path = expression[1:].strip().partition(" ")
    if helper not in BLOCKS:
        raise TemplateError(f"body template: unknown block helper {{{{#{helper}}}}} (supported: "
                            + ", ".join(f"#{b}" for b in BLOCKS) + ")", field="body")
    words = _WORD.findall(path)
    if len(words) != 1:
        raise TemplateError(f"body template: {{{{#{helper}}}}} takes one path, as in "
                            f"{{{{#{helper} event.data.rows}}}}", field="body")
    return _Block(helper, words[0])


def _close(stack: list[_Block], expression: str) -> _Block:
    name = expression[1:].strip()
    if len(stack) < 2 or stack[-1].helper != name:
        expected = f"expected {{{{/{stack[-1].helper}}}}}" if len(stack) > 1 else "none is open"
        raise TemplateError(f"body template: {{{{/{name}}}}} does not close a block "
                            f"({expected})", field="body")
    return stack.pop()


def parse(template: str) -> list[Any]:
    """Text and tags as a tree: str (text), ``("tag", expression)`` and ``_Block`` nodes."""
    stack = [_Block("", "")]
    position = 0
    for match in _TAG.finditer(template):
        stack[-1].add(template[position:match.start()])
        position, expression = match.end(), _expression(match)
        if expression.startswith("!"):
            continue
        if expression.startswith("#"):
            stack.append(_open(expression))
        elif expression.startswith("/"):
            block = _close(stack, expression)
            stack[-1].add(block)
        elif expression == "else" and len(stack) > 1:
            stack[-1].in_else = True
        else:
            stack[-1].add(("tag", expression))
    if len(stack) > 1:
        raise TemplateError(f"body template: {{{{#{stack[-1].helper}}}}} is never closed "
                            f"(add {{{{/{stack[-1].helper}}}}})", field="body")
    stack[-1].add(template[position:])
    return stack[0].body


# --- rendering -----------------------------------------------------------------------------
def _evaluate(expression: str, scopes: list[Any]) -> tuple[Any, bool]:
    """(value, is_json_helper) for the inside of one tag."""
    words = _WORD.findall(expression)
    if words and words[0] == "json":
        value = _resolve(scopes, words[1]) if len(words) > 1 else scopes[0]
        return (None if value is _MISSING else value), True
    value = _resolve(scopes, words[0]) if words else _MISSING
    return (None if value is _MISSING else value), False


def _as_text(expression: str, scopes: list[Any]) -> str:
    value, is_json = _evaluate(expression, scopes)
    if is_json:
        words = _WORD.findall(expression)
        pretty = len(words) > 2 and words[2] == "true"
        return json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _items(value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, dict):
        return list(value.items())
    return list(enumerate(value)) if isinstance(value, list) else []


def _each(block: _Block, scopes: list[Any]) -> str:
    items = _items(_resolve(scopes, block.path))
    if not items:
        return _render_nodes(block.otherwise, scopes)
    out = []
    for index, (key, item) in enumerate(items):
        meta = {"@index": index, "@key": key, "@first": index == 0, "@last": index == len(items) - 1}
        out.append(_render_nodes(block.body, [*scopes, meta, item]))
    return "".join(out)


def _render_block(block: _Block, scopes: list[Any]) -> str:
    if block.helper == "each":
        return _each(block, scopes)
    wanted = _truthy(_resolve(scopes, block.path)) != (block.helper == "unless")
    return _render_nodes(block.body if wanted else block.otherwise, scopes)


def _render_nodes(nodes: list[Any], scopes: list[Any]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Block):
            out.append(_render_block(node, scopes))
        else:
            out.append(_as_text(node[1], scopes))
    return "".join(out)


def render_text(template: str, context: dict[str, Any]) -> str:
    return _render_nodes(parse(template), [context])


def _render_leaf(text: str, context: dict[str, Any]) -> Any:
    whole = _TAG.fullmatch(text.strip())
    if whole:
        value, is_json = _evaluate(_expression(whole), [context])
        if is_json:
            return value
    return render_text(text, context)


def _render_tree(node: Any, context: dict[str, Any]) -> Any:
    if isinstance(node, str):
        return _render_leaf(node, context)
    if isinstance(node, list):
        return [_render_tree(item, context) for item in node]
    if isinstance(node, dict):
        return {render_text(k, context): _render_tree(v, context) for k, v in node.items()}
    return node


def render(template: str, envelope: dict[str, Any]) -> str:
    """The request body for ``envelope`` (the v2 payload) under ``template``; raises
    ``TemplateError`` for a block it cannot render."""
    context = {"event": envelope, "data": envelope}
    try:
        tree = json.loads(template)
    except ValueError:
        return render_text(template, context)
    return json.dumps(_render_tree(tree, context), ensure_ascii=False)


def check(template: str | None) -> None:
    """Raise ``TemplateError`` if ``template`` has a block that cannot be rendered (an
    unknown helper, an unclosed or mismatched block) — for when a hook is saved."""
    if template:
        render(template, {})
