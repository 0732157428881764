"""Slugs: the file-name parts made from titles and names (source ids, partner folders, meeting sheets)."""

from __future__ import annotations

import re
import unicodedata

WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def slugify(text: str, fallback: str = "document", *, max_words: int | None = None,
            stopwords: frozenset[str] = frozenset(), max_chars: int | None = 60) -> str:
    """ASCII letters and digits of ``text`` in lower case, words joined by single hyphens.

    ``stopwords`` are left out (unless nothing else is left), at most ``max_words`` words and
    ``max_chars`` characters are kept; ``fallback`` stands in for an empty slug.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    words = [w for w in words if w not in stopwords] or words
    slug = "-".join(words[:max_words])
    if max_chars is not None:
        slug = slug[:max_chars].strip("-")
    if slug in WINDOWS_DEVICES:
        # Briefs are copied to shared drives; a folder named "con" cannot exist on Windows.
        return f"{slug}-{fallback}"
    return slug or fallback
