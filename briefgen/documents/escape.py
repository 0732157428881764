"""Markdown escaping for text that comes from articles and facts.

Every fact-derived string passes through ``md_escape`` before it reaches a
document (the Jinja ``finalize`` hook applies it to every printed value that
is not already trusted ``Md``), so markup inside a quote shows as text in
python-markdown, pandoc and GitHub alike.
"""

from __future__ import annotations

import re

# Characters python-markdown (with the tables extension), pandoc and GitHub all
# accept behind a backslash.
_BACKSLASH = set("\\`*_{}[]()#+-.!|")
# Characters python-markdown cannot backslash-escape: numeric or named entities
# display literally in all three renderers.
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "~": "&#126;", "^": "&#94;"}
# Inline-active characters escaped wherever they occur; the rest of _BACKSLASH
# only matters at the start of a line (lists, headings, quotes).
_INLINE = set("\\`*_{}[]|!")
_LEADING_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
_WHITESPACE = re.compile(r"\s+")
# Control characters show as nothing, and python-markdown uses \x02 and \x03 as its own
# placeholder marks, so they are dropped rather than passed on.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Md(str):
    """A string that is already trusted Markdown (produced by briefgen, not by a fact)."""

    __slots__ = ()

    def __add__(self, other: str) -> str:
        # Concatenation with untrusted text must not launder it into trusted text.
        if isinstance(other, Md):
            return Md(str.__add__(self, other))
        return str.__add__(self, other)


def md_escape(value: object) -> Md:
    """Escape ``value`` so Markdown renders it literally, on one line."""
    if isinstance(value, Md):
        return value
    spaced = _CONTROLS.sub("", _WHITESPACE.sub(" ", str(value)))
    text = _WHITESPACE.sub(" ", spaced).strip()
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _ENTITY:
            out.append(_ENTITY[char])
        elif char in _INLINE or (index == 0 and char in _BACKSLASH):
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out)
    # "1. text" or "1) text" at the start would open an ordered list.
    escaped = _LEADING_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped, count=1)
    return Md(escaped)


def md_url(url: object) -> Md:
    """``url`` as a Markdown autolink (``<https://…>``: the plain address, a link once rendered);
    anything that is not a clean http(s) URL is escaped text and links nowhere."""
    from briefgen.core.urls import clean_url

    clean = clean_url(url)
    return Md(f"<{clean}>") if clean else md_escape(url)


def finalize(value: object) -> object:
    """Jinja finalize hook: trusted Markdown passes, everything else is Markdown-escaped.

    The environment runs with autoescape on so that macro output comes back as
    ``Markup`` (trusted); the value returned here is ``Markup`` too, so Jinja's
    HTML escaping never touches it and only the Markdown escaping applies.
    """
    from markupsafe import Markup

    if isinstance(value, Md | Markup):
        return Markup(value)
    if value is None or isinstance(value, bool):
        raise TypeError(f"a template printed {value!r}; use a default or a condition")
    return Markup(md_escape(value))
