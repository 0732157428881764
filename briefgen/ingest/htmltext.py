"""One pass of the standard library's HTML parser over a page: the hand-written main-text
extractor (the fallback when trafilatura finds nothing), the headline, and the raw metadata
(meta tags, canonical link, JSON-LD, <time> elements, visible text) that ``pagemeta`` reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose content is never article text.
_SKIP = frozenset(
    "script style noscript iframe nav aside form template svg button select textarea object embed "
    "canvas dialog menu".split()
)
# Page chrome that is skipped outside <article>/<main> (inside, a <header> holds the headline).
_CHROME = frozenset(("header", "footer"))
_SKIP_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "menu"))
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article main table tr "
    "figure figcaption address hr header footer".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Stands for <br> until whitespace is collapsed (source newlines are just spaces in HTML).
_BREAK = "\x1e"
_DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "pubdate")
# Never shown by a browser: their text is not part of the visible page.
_INVISIBLE = frozenset("script style noscript template title head".split())
# Elements inside a headline that set a kicker or strapline apart from it ("<span>Romania</span>Trade
# rises"): their edges separate words even when the markup has no space there.
_HEADLINE_BREAKS = frozenset("span small strong b div p br sup".split())
# Many metadata tags; a cap keeps a hostile page from filling memory with them.
_MAX_METAS = 500
_MAX_JSON_LD = 20


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What an HTML page yields: main text with blank lines between paragraphs, title, date text."""

    text: str
    title: str | None
    date_text: str | None
    title_element: str | None = None
    metas: tuple[tuple[str, str], ...] = ()  # (lowercased property/name/itemprop, content), first wins
    canonical: str | None = None
    json_ld: tuple[str, ...] = ()
    times: tuple[tuple[bool, str], ...] = ()  # (inside an <article>, datetime attribute)
    visible: str = ""  # every shown text node of the page, spaces collapsed


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []  # (tag, opened a skipped region, region)
        # How many of each tag are open: an end tag nothing opened is dropped without searching
        # the stack (80,000 stray </i> after 80,000 <b> made that search quadratic).
        self.open: dict[str, int] = {}
        self.skip_depth = 0
        self.article_depth = 0
        self.main_depth = 0
        self.in_title = False
        self.in_h1 = False
        self.pre_depth = 0
        self.title_parts: list[str] = []
        self.h1: list[tuple[bool, str]] = []  # (inside article, text)
        self.h1_parts: list[str] = []
        self.meta_dates: dict[str, str] = {}
        self.metas: dict[str, str] = {}
        self.canonical: str | None = None
        self.json_ld: list[str] = []
        self.in_json_ld = False
        self.json_parts: list[str] = []
        self.invisible_depth = 0
        self.visible: list[str] = []
        self.time_dates: list[tuple[bool, str]] = []
        # Each block: (scope, text) where scope is "article", "main" or "page".
        self.blocks: list[tuple[str, str]] = []
        self.current: list[str] = []

    def _scope(self) -> str:
        if self.article_depth:
            return "article"
        return "main" if self.main_depth else "page"

    def _flush(self) -> None:
        raw = "".join(self.current)
        self.current = []
        if self.pre_depth:
            text = raw.strip("\n")
        else:
            text = "\n".join(" ".join(line.split()) for line in raw.split(_BREAK)).strip()
            text = re.sub(r"\n{2,}", "\n", text)
        if text.strip():
            self.blocks.append((self._scope(), text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
            content = attributes.get("content", "").strip()
            if key in _DATE_META and content:
                self.meta_dates.setdefault(key, content)
            if key and content and len(self.metas) < _MAX_METAS:
                self.metas.setdefault(key, content)
            return
        if tag == "link":
            if "canonical" in attributes.get("rel", "").lower().split() and self.canonical is None:
                self.canonical = attributes.get("href", "").strip() or None
            return
        if tag == "script" and attributes.get("type", "").strip().lower() == "application/ld+json":
            self.in_json_ld = len(self.json_ld) < _MAX_JSON_LD
            self.json_parts = []
        if tag == "body":
            self.invisible_depth = 0  # a <head> left open ends where the body starts
        elif tag in _INVISIBLE:
            self.invisible_depth += 1
        elif self.in_h1 and tag in _HEADLINE_BREAKS:
            self.h1_parts.append(" ")
        if tag == "time" and attributes.get("datetime") and not self.skip_depth:
            self.time_dates.append((bool(self.article_depth), attributes["datetime"].strip()))
        if tag == "br":
            self.current.append("\n" if self.pre_depth else _BREAK)
            return
        if tag in _VOID:
            if tag == "hr":
                self._flush()
            return
        skipped = (
            tag in _SKIP
            or (tag in _CHROME and not self.article_depth and not self.main_depth)
            or attributes.get("role", "").lower() in _SKIP_ROLES
            or attributes.get("aria-hidden", "").lower() == "true"
            or "hidden" in attributes
        )
        if tag in _BLOCKS and not self.skip_depth:
            self._flush()
        region = ""
        if tag == "article" or attributes.get("role", "").lower() == "article":
            region = "article"
            self.article_depth += 1
        elif tag == "main" or attributes.get("role", "").lower() == "main":
            region = "main"
            self.main_depth += 1
        self.stack.append((tag, skipped, region))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skipped:
            self.skip_depth += 1
        if tag == "title" and not self.skip_depth:
            self.in_title = True
        if tag == "h1" and not self.skip_depth:
            self.in_h1 = True
            self.h1_parts = []
        if tag == "pre":
            self.pre_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.open.get(tag):
            return
        # Close the innermost matching element, and any unclosed ones inside it.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return
        while len(self.stack) > index:
            closed = self.stack.pop()
            self.open[closed[0]] -= 1
            self._close(*closed)

    def _close(self, tag: str, skipped: bool, region: str) -> None:
        if tag in _INVISIBLE:
            self.invisible_depth = max(0, self.invisible_depth - 1)
        elif self.in_h1 and tag in _HEADLINE_BREAKS:
            self.h1_parts.append(" ")
        if tag == "script" and self.in_json_ld:
            self.in_json_ld = False
            self.json_ld.append("".join(self.json_parts))
        if tag in _BLOCKS and not self.skip_depth:
            self._flush()
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
            heading = " ".join("".join(self.h1_parts).split())
            if heading:
                self.h1.append((bool(self.article_depth), heading))
        if tag == "title":
            self.in_title = False
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if skipped:
            self.skip_depth -= 1
        if region == "article":
            self.article_depth -= 1
        elif region == "main":
            self.main_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_json_ld:
            self.json_parts.append(data)
            return
        if not self.invisible_depth:
            self.visible.append(data)
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self.current.append(data)


def extract_html(html: str) -> HtmlArticle:
    """The main text, title and publication date text of an HTML article page."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    while parser.stack:
        parser._close(*parser.stack.pop())
    parser._flush()
    for scope in ("article", "main", "page"):
        chosen = [text for where, text in parser.blocks if where == scope]
        if scope == "main":
            chosen = [text for where, text in parser.blocks if where in ("article", "main")]
        if chosen:
            break
    else:
        chosen = []
    in_article = [text for inside, text in parser.h1 if inside]
    title_element = " ".join("".join(parser.title_parts).split()) or None
    title = (in_article or [text for _, text in parser.h1] or [None])[0] or title_element
    date_text = None
    for key in _DATE_META:
        if key in parser.meta_dates:
            date_text = parser.meta_dates[key]
            break
    if date_text is None and parser.time_dates:
        inside = [value for in_art, value in parser.time_dates if in_art]
        date_text = (inside or [value for _, value in parser.time_dates])[0]
    return HtmlArticle(
        "\n\n".join(chosen),
        title,
        date_text,
        title_element=title_element,
        metas=tuple(parser.metas.items()),
        canonical=parser.canonical,
        json_ld=tuple(parser.json_ld),
        times=tuple(parser.time_dates),
        visible=" ".join(" ".join(parser.visible).split()),
    )
