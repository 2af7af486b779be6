"""CSV import and export: streaming, typed, batched; headless (stdlib ``csv`` and core only)."""

from core.csvio.exporter import export_csv
from core.csvio.importer import import_csv
from core.csvio.infer import infer_column, parse_type_overrides
from core.csvio.summary import ImportSummary, RowError

__all__ = ["ImportSummary", "RowError", "export_csv", "import_csv", "infer_column",
           "parse_type_overrides"]
