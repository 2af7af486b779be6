"""Bases, tables and fields: metadata rows plus the DDL that keeps the real SQL tables in step."""
