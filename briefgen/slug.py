"""File-name parts made from names people type (partners, meetings)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, fallback: str = "document") -> str:
    """A safe file-name part: ASCII letters, digits and single hyphens only."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", bare.casefold()).strip("-")[:60].strip("-")
    return slug or fallback
