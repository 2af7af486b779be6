"""SingleSelect and MultiSelect: values from a list of options.

Options live in ``spec.options["options"]`` as ``[{"title", "color", "order"}]``. MultiSelect
is stored as the option titles joined with ``,`` (NocoDB's v2 format, which is also what the
API returns), so option titles may not contain commas.
"""

from __future__ import annotations

from typing import Any

from core.fields.base import MULTISELECT_OPS, SELECT_OPS, FieldSpec, FieldType, json_kind, registry

PALETTE = ("blue", "green", "yellow", "magenta", "cyan", "red", "bright_blue", "bright_green")


def option_titles(spec: FieldSpec) -> list[str]:
    return [str(o["title"]) for o in spec.options.get("options", [])]


def _option_set(spec: FieldSpec) -> frozenset[str]:
    """The option titles as a set, kept on the (immutable) spec: a bulk insert checks every
    row's value against them."""
    found = spec.__dict__.get("_option_set")
    if found is None:
        found = frozenset(option_titles(spec))
        object.__setattr__(spec, "_option_set", found)
    return found


def make_options(titles: list[str]) -> list[dict[str, Any]]:
    return [
        {"title": t, "color": PALETTE[i % len(PALETTE)], "order": i + 1}
        for i, t in enumerate(titles)
    ]


def _check(titles: list[str], spec: FieldSpec) -> None:
    known = _option_set(spec)
    unknown = [t for t in titles if t not in known]
    if unknown:
        known = option_titles(spec)
        bad = ", ".join(repr(t) for t in unknown)
        raise ValueError(f"{bad} is not an option; options are: {', '.join(known) or '(none)'}")


@registry.register
class SingleSelect(FieldType):
    uidt = "SingleSelect"
    description = "One value from a list of options"
    family = "select"
    operators = SELECT_OPS
    default_indexed = True

    def coerce(self, value: Any, spec: FieldSpec) -> str | None:
        if not isinstance(value, str):
            raise ValueError(f"expected an option title, got {json_kind(value)}")
        value = value.strip()  # as MultiSelect does: " a" from a CSV cell is option "a"
        if not value:
            return None
        _check([value], spec)
        return value

    def sample(self, spec: FieldSpec) -> Any:
        titles = option_titles(spec)
        return titles[0] if titles else "option"

    def color(self, value: str, spec: FieldSpec) -> str | None:
        for o in spec.options.get("options", []):
            if o["title"] == value:
                return str(o.get("color"))
        return None


@registry.register
class MultiSelect(FieldType):
    uidt = "MultiSelect"
    description = "Any number of values from a list of options"
    family = "multiselect"
    operators = MULTISELECT_OPS
    indexable = False

    def coerce(self, value: Any, spec: FieldSpec) -> str | None:
        if isinstance(value, str):
            items = [v.strip() for v in value.split(",")]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = [v.strip() for v in value]
        else:
            raise ValueError("expected option titles as a list or a comma-separated string")
        items = list(dict.fromkeys(i for i in items if i))
        _check(items, spec)
        return ",".join(items) if items else None

    def sample(self, spec: FieldSpec) -> Any:
        return ",".join(option_titles(spec)[:2]) or "a,b"
