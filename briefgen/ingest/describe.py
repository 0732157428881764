"""Pure text helpers for ingest: header line, title, dateline, date and slug of an article."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from briefgen.core.calendar import MONTH_NUMBERS
from briefgen.core.slugs import slugify

# ` date 2018-12-20 Title` — the token after "date" must start with a digit so that
# an article opening with "date palms ..." is not taken for a header.
_HEADER = re.compile(r"\A[ \t]?date[ \t]+(?P<date>\d\S*)(?:[ \t]+(?P<title>[^\n]*))?[ \t]*(?:\n|\Z)")
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{1,2})-(\d{1,2})\Z")

# Header titles that are page furniture rather than a headline.
_JUNK_TITLES = frozenset(
    (
        "images", "photos", "photo gallery", "gallery", "video", "print", "print version", "share",
        "tell a friend", "send to a friend", "email", "home", "news", "read more", "subscribe",
        "comments", "untitled", "menu", "search", "log in", "follow us",
    )
)
_JUNK_WORDS = frozenset(
    "images image photos photo gallery video videos print share tell a friend email e-mail home news "
    "read more subscribe comments comment untitled menu search login log in version send bookmark "
    "follow us to".split()
)

# First words of the site-name part of "Headline | Ministry of ..." page titles.
_SITE_WORDS = frozenset(
    "ministry embassy consulate mission agency portal website site government office official "
    "news press department".split()
)

_CAPS_WORD = r"[A-Z][A-Z'’\-]+"
_CITY = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_DASH = r"[-–—]"
# "ASTANA. KAZINFORM – ..." / "ASTANA. KAZINFORM ..." (the outlet follows the city).
_DATELINE_OUTLET = re.compile(
    rf"\A(?P<city>{_CITY})\.[ \t]+(?P<outlet>[A-Z][A-Z0-9&'’\-]{{2,}}(?: [A-Z][A-Z0-9&'’\-]{{2,}}){{0,2}})"
    rf"(?:[ \t]*{_DASH}[ \t]*|[ \t]+(?=[A-Z0-9\"“«]))"
)
# "BUCHAREST –", "BUCHAREST (Reuters) –", "ANKARA, May 3 –".
_DATELINE_CITY = re.compile(
    rf"\A(?P<city>{_CITY})(?:,[ \t]*[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}})?"
    rf"(?:[ \t]*\((?P<outlet>[^()\n]{{2,40}})\))?[ \t]*{_DASH}[ \t]+"
)

_MONTHS = MONTH_NUMBERS
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}[ \t,]+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
# Only the lead of an article dates it; a date further down is usually history.
_DATE_LEAD_CHARS = 600

_STOPWORDS = frozenset(
    "a an the of and or to in on at for by with from as is are was were be been this that these those "
    "its it their his her into about over under after before between during within via than s".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_LEADING_DATE = re.compile(
    rf"\A(?:On|In)[ \t]+(?:(?:{_MONTH_NAMES})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}[ \t]+(?:{_MONTH_NAMES})\.?[ \t]+\d{{4}}),?[ \t]+",
    re.I,
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u".split()
)
# Words after which a title may be cut.
_BREAK_WORDS = frozenset(
    "in on at for with to from by of and or but as during after before while which who that where "
    "including between under over into within".split()
)
TITLE_WORDS = 12
SLUG_WORDS = 5


@dataclass(frozen=True, slots=True)
class Header:
    """The optional first line ` date YYYY-MM-DD Title` of a text article."""

    date_text: str
    title: str
    title_start: int
    end: int


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline such as "ASTANA. KAZINFORM –" at the start of the lead."""

    city: str
    outlet: str | None
    end: int


def split_header(text: str) -> Header | None:
    """The header line of ``text``, if it has one."""
    match = _HEADER.match(text)
    if not match:
        return None
    title = (match.group("title") or "").strip()
    title_start = match.start("title") if match.group("title") is not None else match.end("date")
    return Header(match.group("date"), title, title_start, match.end())


# `url: https://…` on the first line, or on the line after the date header.
_URL_LINE = re.compile(r"[ \t]?url:[ \t]*(?P<url>[^\n]*?)[ \t]*(?:\n|\Z)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UrlLine:
    """The optional ``url:`` header line of a text article, as written, and its line number."""

    url: str
    line: int
    start: int
    end: int


def find_url_line(text: str) -> UrlLine | None:
    """The ``url:`` line among the first two lines of ``text`` (the second only after a date header)."""
    match = _URL_LINE.match(text)
    if match:
        return UrlLine(match.group("url"), 1, 0, match.end())
    header = split_header(text)
    if header is None:
        return None
    match = _URL_LINE.match(text, header.end)
    return UrlLine(match.group("url"), 2, match.start(), match.end()) if match else None


def parse_iso_date(value: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None when the text is not a real calendar date."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def find_dateline(lead: str) -> Dateline | None:
    """The dateline city (as written) and outlet at the very start of ``lead``."""
    for pattern in (_DATELINE_OUTLET, _DATELINE_CITY):
        match = pattern.match(lead)
        if match:
            outlet = match.group("outlet")
            return Dateline(match.group("city"), outlet.strip() if outlet else None, match.end())
    return None


def infer_date(text: str) -> dt.date | None:
    """The first full calendar date written in the lead of ``text``."""
    lead = text[:_DATE_LEAD_CHARS]
    found: list[tuple[int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(lead):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found.append((match.start(), dt.date(int(match.group("year")), number, int(match.group("day")))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, keeping inner hyphens and apostrophes)."""
    return _WORD.findall(text)


def more_words_than(text: str, limit: int) -> bool:
    """True when ``text`` has more than ``limit`` words (stops counting there, unlike ``words``)."""
    return next(itertools.islice(_WORD.finditer(text), limit, None), None) is not None


def is_junk_title(title: str) -> bool:
    """True when a header title is page furniture ("Images | Kazakh MFA", "Tell a friend")."""
    if not title.strip():
        return True
    if " | " in title:
        return site_title(title) is None
    tokens = [w.lower() for w in words(title)]
    if not tokens:
        return True
    return title.strip().lower() in _JUNK_TITLES or all(w in _JUNK_WORDS for w in tokens)


def site_title(title: str) -> str | None:
    """The headline part of "Headline | Site name", or None if no part looks like one."""
    parts = [part.strip() for part in re.split(r"\s+[|•·]\s+", title)]
    candidates = [
        p
        for p in parts
        if len(words(p)) >= 3
        and not is_junk_title(p)
        and words(p)[0].lower() not in _SITE_WORDS
    ]
    return max(candidates, key=lambda p: len(words(p))) if candidates else None


_DASH_TAIL = re.compile(r"\s+[-–—]\s+(?P<tail>[^-–—]+)\Z")
# A trailing part of a page title this short is a site or section name ("... – The Herald").
SITE_NAME_WORDS = 4


def _looks_like_name(text: str) -> bool:
    """A short run of capitalised words or a domain ("The Astana Times", "kazinform.kz")."""
    tokens = text.split()
    return 0 < len(tokens) <= SITE_NAME_WORDS and all(t[0].isupper() or t[0].isdigit() or "." in t for t in tokens)


def page_title(title: str, site: str | None = None) -> str | None:
    """The headline in a browser title: site names split off after " | " (either side) and after
    " - " or " – " at the end; None when nothing is left that reads as a headline."""
    if " | " in title or " • " in title or " · " in title:
        title = site_title(title) or ""
    site_key = " ".join(site.split()).casefold() if site else None
    if site_key and title.casefold().startswith(site_key):
        rest = re.sub(r"\A\s*[-–—:|]\s+", "", title[len(site_key):])
        if rest != title[len(site_key):] and len(words(rest)) >= 3:
            title = rest
    while match := _DASH_TAIL.search(title):
        head, tail = title[: match.start()].strip(), match.group("tail").strip()
        is_site = tail.casefold() == site_key or _looks_like_name(tail)
        if not is_site or len(words(head)) < 3:
            break
        title = head
    return title.strip() or None


def is_lead_not_title(title: str) -> bool:
    """True when a header "title" is really the article's opening sentence(s)."""
    if find_dateline(title):
        return True
    count = len(words(title))
    if count > 25:
        return True
    return count > 12 and bool(re.search(r"[.!?][\"”»]?\s+[A-Z\"“«]", title))


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (abbreviations and initials do not end it)."""
    for match in re.finditer(r"[.!?]+[\"»”’)]*(?=\s|$)", text):
        if match.group().startswith("."):
            word = re.search(r"(\S+)$", text[: match.start()])
            token = word.group(1).lower() if word else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            rest = text[match.end():].lstrip()
            if rest and (rest[0].islower() or rest[0].isdigit()):
                continue
        return text[: match.end()].strip()
    return text.strip()


def shorten_title(sentence: str, max_words: int = TITLE_WORDS) -> str:
    """``sentence`` as a title: no leading date, about ``max_words`` words, cut at a phrase break."""
    sentence = " ".join(sentence.split())
    sentence = _LEADING_DATE.sub("", sentence)
    sentence = (sentence[:1].upper() + sentence[1:]).rstrip(" .")
    spans = [m.span() for m in _WORD.finditer(sentence)]
    longest = max_words + 5
    if len(spans) <= longest:
        return sentence
    # Prefer ending just before a preposition, conjunction or punctuation, so the
    # title reads as a phrase ("... arrived in Bucharest…", not "... arrived in…").
    cut = None
    for index in range(longest, max_words // 2 - 1, -1):
        end = spans[index - 1][1]
        following = sentence[end : spans[index][0]]
        next_word = sentence[spans[index][0] : spans[index][1]].lower()
        last_word = sentence[spans[index - 1][0] : end].lower()
        if last_word not in _STOPWORDS and (next_word in _BREAK_WORDS or following.strip(" ")):
            cut = index
            break
    if cut is None:
        cut = max_words
        while cut > 3 and sentence[spans[cut - 1][0] : spans[cut - 1][1]].lower() in _STOPWORDS:
            cut -= 1
    return sentence[: spans[cut - 1][1]].rstrip(" ,;:-–—") + "…"


def headline_line(line: str) -> str | None:
    """``line`` as a headline if it looks like one (short, no final period), else None."""
    line = line.strip()
    if line.startswith("#"):
        line = line.lstrip("#").strip()
        return line or None
    if more_words_than(line, 16) or line.endswith((".", ":", ";", ",")):
        return None
    if len(words(line)) < 2:
        return None
    if find_dateline(line) or not line[0].isupper() and not line[0].isdigit():
        return None
    return None if is_junk_title(line) else line


def is_furniture(line: str) -> bool:
    """A line that is neither headline nor text: a byline or a bare date."""
    # Both kinds are short; counting words first spares the date search on every paragraph.
    if more_words_than(line, 6):
        return False
    return bool(re.match(r"(?i)by\s+[A-Z]", line)) or infer_date(line) is not None


def derive_title(paragraphs: list[str]) -> str:
    """A title from the body: a headline-like first line, else the shortened first sentence."""
    for paragraph in (p.strip() for p in paragraphs):
        first_line = paragraph.split("\n", 1)[0]
        if not first_line or is_furniture(first_line):
            continue
        headline = headline_line(first_line)
        if headline:
            return headline
        dateline = find_dateline(paragraph)
        lead = paragraph[dateline.end :] if dateline else paragraph
        if lead.strip():
            return shorten_title(first_sentence(lead))
    return "Untitled"


def source_id(date: dt.date | None, title: str) -> str:
    """The stable id of a source: ``<date>-<slug>`` or ``undated-<slug>``."""
    prefix = date.isoformat() if date else "undated"
    # Source ids name fact files and curated entries, so their slug rule never changes.
    return f"{prefix}-{slugify(title, 'article', max_words=SLUG_WORDS, stopwords=_STOPWORDS, max_chars=None)}"
