"""Property-based fuzzing of everything that reads outside input: ingest, extraction, YAML, escaping.

Each ``check_*`` function states the property for one input; the tests below run it with a
modest number of examples, and benchmarks/fuzz_campaign.py runs the same checks for minutes.
Properties: nothing but a BriefgenError escapes, every span indexes its text exactly, and escaped
text renders exactly as written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.documents.escape import md_escape
from briefgen.errors import BriefgenError, FactFileError
from briefgen.extract.run import extract_article
from briefgen.factbase.files import parse_country, parse_curated, parse_extracted, parse_meeting
from briefgen.factbase.schema import (
    COUNTRY_SPEC,
    CURATED_KEYS,
    EXTRACTED_SPEC,
    FACT_SPECS,
    MEETING_SPEC,
    Collector,
)
from briefgen.ingest.run import article_from_text, decode_article, normalise_text
from briefgen.model import Article, Source
from briefgen.publish.html import markdown_to_html
from briefgen.storage.yamlfiles import dump_yaml, parse_yaml

# --- strategies ------------------------------------------------------------------------------

# Pieces of real-looking articles, so random text reaches the extractors' deeper paths.
ARTICLE_PIECES = (
    " date 2023-04-05 Kazakhstan and Hungary sign a deal\n", " date 1989-01-01 ", " date 2999-12-31 x\n",
    "ASTANA. KAZINFORM – ", "BUDAPEST – ", "ANKARA, May 3 – ", "\n\n", "\n", "\r\n", "\r", " ", ". ",
    "Kazakhstan", "Hungary", "Uzbekistan", "Turkey", "Romania", "Hungarian", "Kazakh", "Tashkent",
    "trade turnover", "reached", "amounted to", "$1.27 billion", "US$ 1,270 million", "USD 310.5 mln",
    "EUR 2 bn", "12.5%", "by 10 percent", "in 2023", "in January-June 2024", "compared to 2022",
    "the 9th round of political consultations", "Minister of Foreign Affairs", "Péter Szijjártó",
    "Deputy Prime Minister", "Mukhtar Tileuberdi", "met with", "visited", "signed a memorandum on",
    "energy", "transport", "education", "over 400 companies", "students", "ranks 3rd", "on 12 May 2021",
    "May 12, 2021", "<p>", "</p>", "<script>alert(1)</script>", "<br>", "&amp;", "&#0;", "&#x110000;",
    "<article>", "</article>", "<h1>", "</h1>", "<title>", "</title>", "<!--", "-->", "<![CDATA[",
    '<meta name="date" content="2022-02-30">', '<time datetime="x">', "\u0301", "\ufeff", "\x00", "\x85",
    "\u2028", "\ud800", "\udfff", "«", "»", "“", "”", "–", "—", "…", "[^1]", "{{ 7*7 }}", "*", "_", "|", "`",
)

article_texts = st.lists(
    st.one_of(st.sampled_from(ARTICLE_PIECES), st.text(max_size=12)), max_size=60
).map("".join)

article_bytes = st.one_of(
    st.binary(max_size=600),
    st.tuples(article_texts, st.sampled_from(("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"))).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    ),
)

YAML_PIECES = (
    "a: 1\n", "- x\n", "  ", "\t", "key: value\n", "&a [1, 2]\n", "*a\n", "<<: *a\n", "!!python/object:os.system\n",
    "!!binary aGk=\n", "!!set {a, b}\n", "? [1]\n: 2\n", "date: 2023-13-01\n", "date: 2023-01-01\n", "---\n",
    "...\n", "%YAML 1.1\n", "{", "}", "[", "]", ",", ":", "'", '"', "#", "|\n  x\n", ">\n", "~", "null",
    "1e1000", ".inf", "0x1F", "10:30", "id: f1\n", "kind: figure\n", "value: 1.5\n", "period: 2023\n",
    "facts:\n", "corrections:\n", "additions:\n", "title: T\n", "partner: Hungary\n", "\x00", "\ufeff", "\x85",
    "[" * 70, "{a: " * 70, "- " * 70, ".nan", "-.inf", "9" * 5000, "<<: [*a, *a]\n", "!!binary aGVsbG8=",
    '"\\ud800"', '"\\U0010FFFF"', '"\\x85"',
)

yaml_texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)), max_size=40).map("".join),
    st.text(max_size=200),
)

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1)),
)
yaml_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)),
    max_leaves=20,
)

# Keys the fact-file schemas know, so generated files reach the validators' type checks.
SCHEMA_KEYS = sorted(
    set(MEETING_SPEC) | set(COUNTRY_SPEC) | set(CURATED_KEYS) | set(EXTRACTED_SPEC)
    | {key for spec in FACT_SPECS.values() for key in spec} | {"reason", "prefer", "over", "reference", "note", "url"}
)
_schema_scalars = st.one_of(
    yaml_values, st.sampled_from(("figure", "person", "event", "topic", "USD", "trade_turnover", "2023", "2018-01/2018-09")),
)
_entries = st.dictionaries(st.sampled_from(SCHEMA_KEYS), _schema_scalars, max_size=8)
fact_file_values = st.dictionaries(
    st.sampled_from(SCHEMA_KEYS), st.one_of(_schema_scalars, st.lists(_entries, max_size=4)), max_size=6,
)

# --- properties ------------------------------------------------------------------------------

_SOURCE = Source("fuzz", "articles/fuzz.txt", "Fuzz", dt.date(2024, 1, 1), False, None, None, "Hungary", "0" * 64, 1)


# Charsets a page may declare, sensible or not.
DECLARED = (None, "utf-8", "cp1251", "shift_jis", "utf-16", "utf-7", "unicode-escape", "idna", "undefined", "rot13", "x")


def check_ingest_bytes(data: bytes, kind: str = "text", declared: str | None = None) -> None:
    """Decoding and describing any bytes gives an article or an InputError, never anything else."""
    try:
        raw = decode_article(data, "fuzz.txt", [], declared)
    except BriefgenError:
        return
    check_ingest_text(raw, kind)


def check_ingest_text(raw: str, kind: str = "text") -> None:
    """Normalising is idempotent; an article's text is normalised and its hash is of that text."""
    text = normalise_text(raw)
    assert normalise_text(text) == text
    assert "\r" not in text and not text.startswith("\ufeff")
    try:
        article = article_from_text(raw, path="fuzz.txt", kind=kind, home="Kazakhstan", warnings=[])
    except BriefgenError:
        return
    assert normalise_text(article.text) == article.text
    assert article.source.id and "/" not in article.source.id and ".." not in article.source.id
    assert article.source.words >= 0 and len(article.source.sha256) == 64


def check_extract(raw: str, home: str = "Kazakhstan") -> None:
    """Every extracted fact quotes its article exactly at its span; ids are unique."""
    text = normalise_text(raw)
    extraction = extract_article(Article(_SOURCE, text), home)
    ids = [fact.id for fact in extraction.facts]
    assert len(ids) == len(set(ids))
    for fact in extraction.facts:
        assert 0 <= fact.start <= fact.end <= len(text), fact
        assert text[fact.start:fact.end] == fact.quote, fact
        if fact.kind == "figure" and fact.mention:
            assert fact.mention in fact.quote, fact


def check_yaml(text: str) -> None:
    """Any YAML text parses or is refused with a located FactFileError; validators only collect problems."""
    try:
        data = parse_yaml(text, "facts/curated/fuzz.yaml")
    except FactFileError as exc:
        assert exc.file == "facts/curated/fuzz.yaml"
        assert exc.line is None or exc.line >= 1
        return
    check_schemas(data)


def check_schemas(data: object) -> None:
    """The fact-file validators turn any parsed YAML into values or problems, never an exception."""
    for parse in (parse_country, parse_meeting):
        parse(data, Collector("f.yaml"))
    for sources in ({}, None):  # None: registry unreadable, so every fact entry is validated
        parse_curated(data, Collector("f.yaml"), sources)
        parse_extracted(data, Collector("f.yaml"), sources, "fuzz")


def check_yaml_round_trip(value: object) -> None:
    """What briefgen writes, it reads back unchanged (and hand-mangled copies never crash)."""
    text = dump_yaml(value)
    assert parse_yaml(text, "x.yaml") == value
    check_schemas(parse_yaml(text, "x.yaml"))


def visible_html(doc_html: str) -> str:
    """The text a reader sees in the body of an HTML page."""
    body = doc_html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()


def render_markdown(markdown: str) -> str:
    """Markdown -> HTML with briefgen's own converter (publish_html), as documents are made."""
    doc = SimpleNamespace(
        markdown=markdown, assets=(), desk="", classification="", description="", keywords=(), generated=None,
        kind="fuzz", lang="en", title="fuzz",
    )
    return markdown_to_html(doc, inline_notes=False, css="")


def expected_visible(text: str) -> str:
    """What escaped ``text`` must show: the same characters, whitespace runs as one space, and no
    control characters (they have no visible form)."""
    spaced = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", re.sub(r"\s+", " ", text))
    return " ".join(spaced.split())


def check_escape(text: str) -> None:
    """Escaped text shows exactly as written in a paragraph and in a table cell, with no markup."""
    escaped = md_escape(text)
    assert "\n" not in escaped
    page = render_markdown(f"Quote: {escaped}")
    body = page.split("<body", 1)[1]
    for tag in ("<script", "<img", "<a ", "<em>", "<strong>", "<code>", "<sup", "<h1", "<ol", "<ul", "<blockquote"):
        assert tag not in body, (tag, body)
    assert visible_html(page) == ("Quote: " + expected_visible(text)).strip()
    table = render_markdown(f"| a | b |\n|---|---|\n| {escaped} | x |")
    cells = re.findall(r"<td>(.*?)</td>", table, re.S)
    assert len(cells) == 2 and html.unescape(re.sub(r"<[^>]+>", "", cells[1])) == "x", table
    assert html.unescape(re.sub(r"<[^>]+>", "", cells[0])).strip() == expected_visible(text)


# --- the tests (modest example counts; the campaign runs thousands) --------------------------

MODEST = settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@MODEST
@given(article_bytes, st.sampled_from(("text", "html")), st.sampled_from(DECLARED))
def test_fuzz_ingest_bytes(data: bytes, kind: str, declared: str | None) -> None:
    check_ingest_bytes(data, kind, declared)


@MODEST
@given(article_texts, st.sampled_from(("text", "html")))
def test_fuzz_ingest_text(raw: str, kind: str) -> None:
    check_ingest_text(raw, kind)


@MODEST
@given(article_texts, st.sampled_from(("Kazakhstan", "Hungary", "Uzbekistan")))
def test_fuzz_extract_spans(raw: str, home: str) -> None:
    check_extract(raw, home)


@MODEST
@given(yaml_texts)
def test_fuzz_yaml(text: str) -> None:
    check_yaml(text)


@MODEST
@given(yaml_values)
def test_fuzz_yaml_round_trip(value: object) -> None:
    check_yaml_round_trip(value)


@settings(MODEST, max_examples=40)  # each example dumps and parses a whole file
@given(fact_file_values)
def test_fuzz_fact_file_validators(value: dict) -> None:
    check_yaml_round_trip(value)


@MODEST
@given(st.text(max_size=80))
def test_fuzz_escape_round_trips(text: str) -> None:
    check_escape(text)


@MODEST
@given(st.lists(st.sampled_from(ARTICLE_PIECES), max_size=12).map("".join))
def test_fuzz_escape_round_trips_markup_pieces(text: str) -> None:
    check_escape(text)
