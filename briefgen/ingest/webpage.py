"""Reading a saved web page: main text with trafilatura, headline, date, URL and site name.

trafilatura is given the page's text only; it is never handed a URL and none of its download
functions is called, so reading a page opens no connection (tests/test_network.py).
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefgen import __version__
from briefgen.ingest import describe as meta
from briefgen.ingest import pagemeta
from briefgen.ingest.htmltext import HtmlArticle, extract_html

# Names the registry records with a version ("trafilatura 2.3.1", "briefgen-htmltext 0.1.0"),
# so that a change of extractor re-reads the pages.
TRAFILATURA = "trafilatura"
HANDWRITTEN = "briefgen-htmltext"


# Never article text, whatever trafilatura's scoring thinks: what a browser does not show
# (templates, hidden elements), embedded objects, navigation, and teasers: on a page with
# several <article>s, one of at most two paragraphs whose first subheading links elsewhere.
_PRUNE = (
    "//script|//style|//noscript|//template|//iframe|//object|//embed|//svg|//canvas|//nav"
    "|//*[@hidden]|//*[@aria-hidden='true']|//*[@role='navigation']"
    "|//article[count(//article) > 1 and (.//h2|.//h3|.//h4)[1]//a[@href] and count(.//p) <= 2]"
)


# Elements of trafilatura's article tree that stand as paragraphs of their own.
_BLOCKS = frozenset("p head list item quote code table row div".split())
_PARAGRAPH = "\x1d"  # stands for a paragraph break until the text is joined


@dataclass(frozen=True, slots=True)
class WebPage:
    """A page as briefgen reads it: text (blank lines between paragraphs) and what it says of itself."""

    text: str
    title: str | None
    date_text: str | None
    url: str | None
    outlet: str | None
    extractor: str


@cache
def extractor_version() -> str:
    """``trafilatura <version>``, the extractor that reads pages (from the installed package)."""
    return f"{TRAFILATURA} {importlib.metadata.version(TRAFILATURA)}"


def _main_text(html: str) -> tuple[str, str | None]:
    """trafilatura's main text as paragraphs, and its (htmldate) publication date."""
    import trafilatura  # only when a page is read: importing it takes half a second or more

    try:
        document = trafilatura.bare_extraction(
            html,
            favor_precision=True,  # clutter becomes facts; a missed sidebar line costs nothing
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            deduplicate=False,
            prune_xpath=_PRUNE,
        )
    except Exception:  # a bug of the library on a hostile page must not stop ingest
        # The hand-written extractor reads the page instead (read_page's fallback).
        return "", None
    if document is None or document.body is None:
        return "", None
    return body_text(document.body), document.date


def body_text(body: Any) -> str:
    """The text of trafilatura's article tree: a paragraph per block, a line per ``<lb>``.

    Its own text output is not used: it unescapes the text once more (a page's ``&amp;lt;b&amp;gt;``
    would come out as ``<b>``) and marks list items with "- ".
    """
    parts: list[str] = []

    def walk(element: Any) -> None:
        block = element.tag in _BLOCKS
        if block:
            parts.append(_PARAGRAPH)
        elif element.tag == "lb":
            parts.append("\n")
        elif element.tag == "cell" and element.getprevious() is not None:
            parts.append(" | ")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(_PARAGRAPH)

    walk(body)
    paragraphs = []
    for chunk in "".join(parts).split(_PARAGRAPH):
        lines = (" ".join(line.split()) for line in chunk.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _title(page: HtmlArticle, outlet: str | None) -> str | None:
    """briefgen's headline: the article's <h1>, else the browser title without the site name."""
    if page.title and page.title != page.title_element:
        title = page.title if " | " not in page.title else meta.site_title(page.title)
    elif page.title_element:
        title = meta.page_title(page.title_element, outlet)
    else:
        title = None
    return None if title is None or meta.is_junk_title(title) else title


def read_page(html: str) -> WebPage:
    """Read one HTML page: trafilatura's main text (the hand-written extractor's when it finds
    none) with the standfirst the page shows, briefgen's title, and the page's own metadata."""
    page = extract_html(html)
    text, library_date = _main_text(html)
    extractor = extractor_version()
    if not text.strip():
        text, extractor = page.text, f"{HANDWRITTEN} {__version__}"
    lead = pagemeta.standfirst(page)
    if lead and lead not in " ".join(text.split()):
        text = f"{lead}\n\n{text}" if text else lead
    outlet = pagemeta.page_outlet(page)
    date = pagemeta.page_date(page, html) or library_date or pagemeta.any_date(page, html)
    return WebPage(text, _title(page, outlet), date, pagemeta.page_url(page), outlet, extractor)


def page_text(html: str) -> str:
    """The text of an HTML page as ``read_page`` gives it (what quote offsets refer to)."""
    return read_page(html).text
