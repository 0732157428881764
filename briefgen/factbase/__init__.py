"""Extracted + curated facts -> the FactBase: files and schema, curation, queries, check."""
