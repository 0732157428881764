"""File-name parts made from names people type (partners, meetings)."""

from __future__ import annotations

import re
import unicodedata

WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def slugify(text: str, fallback: str = "document") -> str:
    """A safe file-name part: ASCII letters, digits and single hyphens only."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", bare.casefold()).strip("-")[:60].strip("-")
    if slug in WINDOWS_DEVICES:
        # Briefs are copied to shared drives; a folder named "con" cannot exist on Windows.
        return f"{slug}-{fallback}"
    return slug or fallback
