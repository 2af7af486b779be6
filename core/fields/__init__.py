"""The field-type registry. Importing this package registers every built-in type."""

from core.fields.base import FieldSpec, FieldType, Storage, registry
from core.fields import checkbox, dates, json_field, numeric, select, system, text  # noqa: F401

__all__ = ["FieldSpec", "FieldType", "Storage", "registry"]
