"""Saved views of a table: filters, sorts, hidden fields and column widths (NocoDB's grid views)."""
