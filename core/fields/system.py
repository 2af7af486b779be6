"""ID: the auto-increment primary key every table has, shown as ``Id``."""

from __future__ import annotations

from typing import Any

from core.fields.numeric import IntegerType
from core.fields.base import registry


@registry.register
class ID(IntegerType):
    uidt = "ID"
    description = "The record's number (primary key, read-only)"
    writable = False
    system_column = "id"
    default_indexed = False

    def sample(self, spec: Any) -> Any:
        return 1
