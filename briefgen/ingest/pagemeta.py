"""What a web page says about itself: canonical URL, site name, standfirst, publication date.

Pure functions over the raw metadata that ``htmltext`` collects (meta tags, ``<link
rel="canonical">``, JSON-LD, ``<time>`` elements). Nothing here follows a URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from briefgen.core.urls import clean_url
from briefgen.ingest.htmltext import HtmlArticle

MAX_OUTLET = 100
# Meta tags giving the publication time, most specific first.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "dc.date.issued", "dcterms.issued", "dc.date", "date",
)
# Every meta tag that carries a timestamp; any of them may show the publisher's UTC offset.
_TIME_META = _PUBLISHED_META + ("article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time")
_DESCRIPTION_META = ("og:description", "description", "twitter:description")
# A standfirst shorter than this is more likely a slogan than a lead.
STANDFIRST_WORDS = 8
_ZERO = dt.timedelta(0)
# A date-time with a UTC offset written anywhere in the page source (scripts included).
_OFFSET_STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})\b")
_RFC_2822 = re.compile(r"\A[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")
# Scanning the whole of a 5 MB page for offsets would cost more than reading it.
_OFFSET_SCAN_CHARS = 1_000_000


def _metas(page: HtmlArticle) -> dict[str, str]:
    return dict(page.metas)


def _json_objects(page: HtmlArticle) -> tuple[dict[str, Any], ...]:
    """Every JSON-LD object of the page, ``@graph`` members included, in page order."""
    return _parse_json_ld(page.json_ld)


@lru_cache(maxsize=4)
def _parse_json_ld(blocks: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    # Each reading of a page asks for the objects several times (URL, outlet, dates).
    found: list[dict[str, Any]] = []
    for block in blocks:
        try:
            data = json.loads(block.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        found.extend(_walk(data, 0))
    return tuple(found)


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)]


def _article_objects(page: HtmlArticle) -> list[dict[str, Any]]:
    """JSON-LD objects describing the article itself (any *Article or *Posting type) first."""
    objects = _json_objects(page)
    articles = [o for o in objects if any(t.endswith(("Article", "Posting", "Report")) for t in _types(o))]
    chosen = {id(o) for o in articles}
    return articles + [o for o in objects if id(o) not in chosen]


def page_url(page: HtmlArticle) -> str | None:
    """The page's own URL: ``<link rel="canonical">``, ``og:url``, or the JSON-LD article's url."""
    metas = _metas(page)
    candidates: list[Any] = [page.canonical, metas.get("og:url")]
    for obj in _article_objects(page)[:3]:
        main = obj.get("mainEntityOfPage")
        candidates += [obj.get("url"), main.get("@id") if isinstance(main, dict) else main]
    for candidate in candidates:
        url = clean_url(candidate)
        if url:
            return url
    return None


def _short_text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text if text and len(text) <= limit else None


def page_outlet(page: HtmlArticle) -> str | None:
    """The site's name: ``og:site_name``, else the JSON-LD publisher's name."""
    metas = _metas(page)
    name = _short_text(metas.get("og:site_name"), MAX_OUTLET)
    if name:
        return name
    for obj in _article_objects(page):
        publisher = obj.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict):
            name = _short_text(publisher.get("name"), MAX_OUTLET)
            if name:
                return name
    return None


def standfirst(page: HtmlArticle) -> str | None:
    """The page's description when the page also shows it (a standfirst), else None.

    Extractors often drop the lead printed above the story in a "teaser" block; a description
    that is metadata only (never shown) is a summary someone wrote, not the article's words.
    """
    metas = _metas(page)
    descriptions = [metas.get(key) for key in _DESCRIPTION_META]
    descriptions += [obj.get("description") for obj in _article_objects(page)[:1]]
    for value in descriptions:
        text = _short_text(value, 2000)
        if text and len(text.split()) >= STANDFIRST_WORDS and text in page.visible:
            return text
    return None


def parse_timestamp(value: str) -> dt.datetime | dt.date | None:
    """An ISO 8601 or RFC 2822 date or date-time (``Z`` and offsets kept), else None."""
    value = value.strip()
    if _RFC_2822.match(value):
        try:
            return email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    except ValueError:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return stamp if len(value) > 10 else stamp.date()


def _timestamps(page: HtmlArticle) -> Iterator[str]:
    """Every timestamp the page carries in its markup, published ones first."""
    metas = _metas(page)
    for obj in _article_objects(page):
        for key in ("datePublished", "dateCreated", "dateModified"):
            if isinstance(obj.get(key), str):
                yield obj[key]
    for key in _TIME_META:
        if key in metas:
            yield metas[key]
    for _, value in page.times:
        yield value


def publisher_offset(page: HtmlArticle, source: str = "") -> dt.timedelta | None:
    """The publisher's UTC offset: the most frequent non-zero offset among the timestamps of the
    page's metadata and of its source (a script's ``"2020-02-24T21:25:54-05:00"`` counts)."""
    offsets: Counter[dt.timedelta] = Counter()
    for value in _timestamps(page):
        stamp = parse_timestamp(value)
        if isinstance(stamp, dt.datetime) and stamp.utcoffset() not in (None, _ZERO):
            offsets[stamp.utcoffset()] += 1
    for sign, hours, minutes in _OFFSET_STAMP.findall(source[:_OFFSET_SCAN_CHARS]):
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (1 if sign == "+" else -1)
        if offset and abs(offset) <= dt.timedelta(hours=14):
            offsets[offset] += 1
    # Counter keeps first-seen order, so a tie goes to the metadata's own offset.
    return offsets.most_common(1)[0][0] if offsets else None


def published_candidates(page: HtmlArticle) -> Iterator[str]:
    """Publication timestamps in order of trust: JSON-LD article, meta tags, ``<time>`` in the article."""
    metas = _metas(page)
    for obj in _article_objects(page):
        if isinstance(obj.get("datePublished"), str):
            yield obj["datePublished"]
    for key in _PUBLISHED_META:
        if key in metas:
            yield metas[key]
    for inside, value in page.times:
        if inside:
            yield value


def local_date(stamp: dt.datetime | dt.date, offset: dt.timedelta | None) -> dt.date:
    """The calendar date of ``stamp`` where it was published.

    A time given in UTC is moved to the publisher's offset when the page shows one elsewhere
    (22:30Z is the next morning in Bucharest); a time with its own offset is already local.
    """
    if not isinstance(stamp, dt.datetime):
        return stamp
    if stamp.utcoffset() == _ZERO and offset is not None:
        return stamp.astimezone(dt.timezone(offset)).date()
    return stamp.date()


def page_date(page: HtmlArticle, source: str = "") -> str | None:
    """The publication date (ISO) from the page's structured metadata, else None."""
    for value in published_candidates(page):
        stamp = parse_timestamp(value)
        if stamp is not None:
            return local_date(stamp, publisher_offset(page, source)).isoformat()
    return None


def any_date(page: HtmlArticle, source: str = "") -> str | None:
    """The date of the first timestamp anywhere in the page's markup (the last resort)."""
    for value in _timestamps(page):
        stamp = parse_timestamp(value)
        if stamp is not None:
            return local_date(stamp, publisher_offset(page, source)).isoformat()
    return None
