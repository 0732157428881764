"""The kinds of document briefgen renders and the main template of each (in templates/).

A module of its own so that the manifest can read it on a no-op build without importing the
renderer, Jinja and the selection rules.
"""

from __future__ import annotations

DOCUMENT_TEMPLATES = {"country-brief": "country-brief.md.j2", "meeting": "meeting.md.j2", "fact-box": "fact-box.md.j2"}
KINDS = tuple(DOCUMENT_TEMPLATES)
