"""Custom webhook bodies: a small, handlebars-compatible subset of NocoDB's templates.

Tags: ``{{ path }}`` inserts a value (strings as they are, anything else as JSON) and
``{{ json path }}`` inserts JSON (``{{ json path true }}`` pretty-printed). Paths are dotted,
with list indexes as numbers or ``[0]``: ``{{ data.rows.0.Title }}``. As in NocoDB, both
``event`` and ``data`` name the whole v2 envelope, so ``{{ json event }}`` is the default body.

If the template is valid JSON, each string inside it is rendered on its own, so a value with
quotes cannot break the JSON, and a string that is exactly one ``{{ json … }}`` tag becomes
that value (an object stays an object). Otherwise the whole text is rendered.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TAG = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_MISSING = object()


def lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.replace("[", ".").replace("]", "").split("."):
        if part == "" or part == "this":
            continue
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _evaluate(expression: str, context: dict[str, Any]) -> tuple[Any, bool]:
    """(value, is_json_helper) for the inside of one tag."""
    words = expression.split()
    if words and words[0] == "json":
        value = lookup(context, words[1]) if len(words) > 1 else context
        return (None if value is _MISSING else value), True
    value = lookup(context, words[0]) if words else _MISSING
    return (None if value is _MISSING else value), False


def _as_text(expression: str, context: dict[str, Any]) -> str:
    value, is_json = _evaluate(expression, context)
    words = expression.split()
    if is_json:
        pretty = len(words) > 2 and words[2] == "true"
        return json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def render_text(template: str, context: dict[str, Any]) -> str:
    return _TAG.sub(lambda m: _as_text(m.group(1), context), template)


def _render_leaf(text: str, context: dict[str, Any]) -> Any:
    whole = _TAG.fullmatch(text.strip())
    if whole:
        value, is_json = _evaluate(whole.group(1), context)
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
    """The request body for ``envelope`` (the v2 payload) under ``template``."""
    context = {"event": envelope, "data": envelope}
    try:
        tree = json.loads(template)
    except ValueError:
        return render_text(template, context)
    return json.dumps(_render_tree(tree, context), ensure_ascii=False)
