"""The one rule for a URL briefgen keeps and prints: an absolute http(s) address."""

from __future__ import annotations

import re
from typing import Any

# Absolute, http(s), nothing a reader or a Markdown renderer would read as the end of the
# address or as markup: no spaces, quotes, angle brackets, backslashes or control characters.
_URL = re.compile(r"https?://[^\s<>\"'`\\\[\]()\x00-\x1f\x7f]+\Z", re.IGNORECASE)
MAX_URL = 2000
# Brackets and parentheses are legal in a URL but end a Markdown link; their percent-encoded
# forms name the same resource.
_ENCODE = str.maketrans({"(": "%28", ")": "%29", "[": "%5B", "]": "%5D"})


def clean_url(value: Any) -> str | None:
    """``value`` as an absolute http(s) URL fit to print and link, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip().translate(_ENCODE)
    if len(value) > MAX_URL or not _URL.match(value):
        return None
    return value
