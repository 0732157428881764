"""Markdown -> HTML and PDF; the only place that knows WeasyPrint."""
