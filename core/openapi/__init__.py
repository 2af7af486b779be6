"""The per-base OpenAPI document, generated from the live schema (served by the API, read by the TUI)."""

from core.openapi.document import build_document, base_document

__all__ = ["build_document", "base_document"]
