"""FactBase -> Markdown: selections, template helpers, phrasing, footnotes, provenance lint, snapshots."""
