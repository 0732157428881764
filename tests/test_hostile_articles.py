"""Hostile article files: each is read or refused with a clear, located message, and nothing is lost."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.errors import InputError
from briefgen.extract.run import extract_article, run_extract
from briefgen.extract.sentences import MAX_SENTENCE, split_sentences
from briefgen.factbase.load import load_factbase
from briefgen.ingest.registry import load_registry
from briefgen.ingest.run import MAX_ARTICLE_BYTES, read_article, run_ingest

GOOD = (
    " date 2021-09-01 Kazakhstan and Hungary open a trade house in Budapest\n\n"
    "BUDAPEST – Kazakhstan and Hungary opened a trade house in Budapest on Wednesday. "
    "Trade between the two countries reached $410 million in 2020, the ministry said.\n"
)
# Written for this test: one Hungarian figure reported by two outlets in their own words.
STORY_A = (
    " date 2023-03-02 Hungary and Kazakhstan review trade\n\n"
    "BUDAPEST (MTI) – Trade turnover between Kazakhstan and Hungary reached $680 million in 2022, "
    "the Hungarian foreign ministry said on Thursday.\n"
)
STORY_B = (
    " date 2023-03-03 Kazakh-Hungarian commerce grows\n\n"
    "ASTANA. KAZINFORM – In 2022 the trade turnover between Kazakhstan and Hungary amounted to $680 million, "
    "officials in Astana said, adding that both sides want to expand cooperation in agriculture.\n"
)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
    return root


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail any attempt to open a network connection; the attempts are recorded too."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# --- refused files: (name, bytes, message fragment) -------------------------------------------

REFUSED = [
    ("empty.txt", b"", "file is empty"),
    ("blank.md", b" \r\n\t\r\n", "file is empty"),
    ("only-bom.txt", b"\xef\xbb\xbf\r\n", "file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary file"),
    ("nul.txt", GOOD.replace("trade house in", "trade\x00house in").encode(), "contains NUL bytes"),
    ("controls.md", ("\x01\x02\x03\x04 " * 40 + GOOD).encode(), "full of control characters"),
    ("bad-date.txt", GOOD.replace("2021-09-01", "2021-02-29").encode(), "2021-02-29 is not a valid date"),
    ("no-text.html", b"<html><head><script>var a = 1;</script></head><body><nav>Menu</nav></body></html>",
     "no article text found"),
]


@pytest.mark.parametrize(("name", "data", "fragment"), REFUSED, ids=[case[0] for case in REFUSED])
def test_unreadable_articles_are_refused_naming_the_file(tmp_path: Path, name: str, data: bytes, fragment: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        read_article(path, display=f"articles/{name}")
    assert info.value.file == f"articles/{name}"
    assert fragment in info.value.message


def test_a_50_mb_article_is_refused_by_size_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: 50 MB long, nothing written
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_article(path, display="articles/huge.txt")
    assert time.perf_counter() - started < 1
    assert str(info.value) == (
        f"articles/huge.txt: file is {50 * 1024 * 1024} bytes; the limit for an article is {MAX_ARTICLE_BYTES} (5 MB)"
    )


# --- odd but readable files: read, with a warning where the reader should know ------------------

def test_legacy_encodings_are_read_with_a_warning(tmp_path: Path) -> None:
    cp1252 = _write(tmp_path, "cp1252.txt", GOOD.replace("the ministry", "the “Külügy” ministry").encode("cp1252"))
    # 0x81 is unassigned in Windows-1252, so this file can only be Latin-1.
    latin = _write(tmp_path, "latin1.txt", GOOD.replace("–", "-").replace("ministry", "ministère\x81").encode("latin-1"))
    warnings: list = []
    assert "the “Külügy” ministry" in read_article(cp1252, display="cp1252.txt", warnings=warnings).text
    assert "ministère" in read_article(latin, display="latin1.txt", warnings=warnings).text
    assert [str(w) for w in warnings] == [
        "cp1252.txt:3: not valid UTF-8; read it as Windows-1252",
        "latin1.txt:3: not valid UTF-8; read it as Latin-1",
    ]


def test_bom_crlf_and_lone_cr_give_the_same_text_and_hash(tmp_path: Path) -> None:
    variants = {
        "lf.txt": GOOD.encode(),
        "crlf.txt": GOOD.replace("\n", "\r\n").encode(),
        "cr.txt": GOOD.replace("\n", "\r").encode(),
        "bom.txt": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
        "utf16.txt": GOOD.encode("utf-16"),
    }
    articles = [read_article(_write(tmp_path, name, data), warnings=[]) for name, data in variants.items()]
    assert {a.text for a in articles} == {GOOD}
    assert len({a.source.sha256 for a in articles}) == 1
    assert all(a.source.date == dt.date(2021, 9, 1) for a in articles)


def test_dates_in_the_future_or_before_the_web_are_kept_with_a_warning(tmp_path: Path) -> None:
    future = _write(tmp_path, "future.txt", GOOD.replace("2021-09-01", "2999-01-01"))
    ancient = _write(tmp_path, "ancient.txt", GOOD.replace("2021-09-01", "1985-06-30"))
    warnings: list = []
    assert read_article(future, display="future.txt", warnings=warnings).source.date == dt.date(2999, 1, 1)
    assert read_article(ancient, display="ancient.txt", warnings=warnings).source.date == dt.date(1985, 6, 30)
    assert [str(w) for w in warnings] == [
        "future.txt: publication date 2999-01-01 is in the future; kept it, check the article's date",
        "ancient.txt: publication date 1985-06-30 is before 1991, older than any article on the web; "
        "kept it, check the article's date",
    ]


def test_a_one_megabyte_line_is_read_and_split_into_bounded_sentences(tmp_path: Path) -> None:
    filler = "Kazakhstan and Hungary discussed trade, energy and transport in Budapest "
    line = (filler * (1_000_000 // len(filler) + 1))[:1_000_000]
    path = _write(tmp_path, "one-line.txt", " date 2021-09-01 " + line)
    article = read_article(path, warnings=[])
    assert len(article.text) > 1_000_000 and "\n" not in article.text
    sentences = split_sentences(article.text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert all(article.text[s.start:s.end] == s.text for s in sentences)
    # Extraction cost grows linearly (sentences are bounded); a quarter of the line is enough here,
    # benchmarks/hostile_scale.py extracts the whole megabyte.
    piece = article.text[:250_000]
    extraction = extract_article(type(article)(article.source, piece), "Kazakhstan")
    assert all(piece[f.start:f.end] == f.quote for f in extraction.facts)


HOSTILE_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Kazakhstan and Hungary sign a transport deal | Hostile Daily</title>
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/refresh">
<base href="http://127.0.0.1:9/">
<link rel="stylesheet" href="http://127.0.0.1:9/style.css">
<link rel="attachment" href="file:///etc/passwd">
<style>body { background: url("http://127.0.0.1:9/bg.png") } p::after { content: "STYLE-LEAK" }</style>
<script src="http://127.0.0.1:9/x.js"></script>
<script>document.write("SCRIPT-LEAK")</script>
</head><body>
<iframe src="http://127.0.0.1:9/frame">IFRAME-LEAK</iframe>
<article>
<h1>Kazakhstan and Hungary sign a transport deal</h1>
<p>BUDAPEST – Kazakhstan and Hungary signed a transport agreement on 4 May 2022.
<img src="http://127.0.0.1:9/pixel.gif" onerror="alert(1)"> Trade reached $500 million in 2021.</p>
<p>Entities: &lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt; &#60;i&#62; &#0; &#x110000; &#xD800; &bogus; &amp</p>
<p><svg><script>alert("SVG-LEAK")</script></svg><object data="file:///etc/passwd">OBJECT-LEAK</object>
<noscript>NOSCRIPT-LEAK</noscript><template>TEMPLATE-LEAK</template>The talks went well.</p>
<!-- <p>COMMENT-LEAK</p> --><![CDATA[ CDATA-LEAK ]]>
</article></body></html>
"""


def test_hostile_html_yields_only_its_text_and_fetches_nothing(tmp_path: Path, no_network: list) -> None:
    path = _write(tmp_path, "hostile.html", HOSTILE_PAGE)
    article = read_article(path, display="hostile.html", warnings=[])
    text = article.text
    for leak in ("SCRIPT", "STYLE", "IFRAME", "SVG", "OBJECT", "NOSCRIPT", "TEMPLATE", "COMMENT", "passwd", "127.0.0.1"):
        assert leak not in text, leak
    assert article.source.title == "Kazakhstan and Hungary sign a transport deal"
    assert "Trade reached $500 million in 2021." in text
    # Escaped markup stays text (documents escape it again); broken references become U+FFFD.
    assert "<script>alert(1)</script> &lt;b&gt; <i>" in text and "\ufffd" in text
    assert no_network == []
    facts = extract_article(article, "Kazakhstan").facts
    assert all(text[f.start:f.end] == f.quote for f in facts)


@pytest.mark.parametrize("charset", ["unicode-escape", "utf-7", "undefined", "idna", "punycode", "no-such-codec"])
def test_a_page_declaring_a_codec_that_is_no_page_encoding_is_read_as_windows_1252(tmp_path: Path, charset: str) -> None:
    page = (f'<html><head><meta charset="{charset}"><title>Kazakhstan and Hungary meet</title></head><body>'
            "<p>BUDAPEST – Kazakhstan and Hungary met. \\ud800 +ADw-script+AD4- \\x3cb\\x3e caf\xe9.</p></body></html>")
    path = _write(tmp_path, "page.html", page.encode("latin-1", errors="replace"))
    warnings: list = []
    article = read_article(path, display="page.html", warnings=warnings)
    assert "\\ud800 +ADw-script+AD4- \\x3cb\\x3e café." in article.text
    assert warnings[0].message == "not valid UTF-8; read it as Windows-1252"


def test_unpaired_surrogates_become_replacement_characters() -> None:
    from briefgen.ingest.run import article_from_text

    article = article_from_text(GOOD.replace("Wednesday", "Wed\ud800nes\udfffday"), path="a.txt")
    assert "Wed\ufffdnes\ufffdday" in article.text and len(article.source.sha256) == 64


# --- whole batches: every bad file reported, every good file registered ------------------------

def test_a_hostile_batch_reports_each_bad_file_and_registers_every_good_one(workspace: Path) -> None:
    articles = workspace / "articles"
    for name, data, _ in REFUSED:
        _write(articles, name, data)
    _write(articles, "good.txt", GOOD)
    _write(articles, "copies/good-crlf.txt", GOOD.replace("\n", "\r\n"))
    _write(articles, "story-a.txt", STORY_A)
    _write(articles, "page.html", HOSTILE_PAGE)
    _write(articles, "notes.docx", b"PK\x03\x04")
    config = load_config(workspace)
    report = run_ingest(config)
    refused = sorted((p.file, p.message.split(";")[0]) for p in report.problems)
    assert [file for file, _ in refused] == sorted(
        [f"articles/{name}" for name, _, _ in REFUSED] + ["articles/notes.docx"]
    )
    # Files are read in path order, so the copy in copies/ is the one registered.
    assert sorted(s.path for s in report.sources) == [
        "articles/copies/good-crlf.txt", "articles/page.html", "articles/story-a.txt",
    ]
    assert any(w.file == "articles/good.txt" and "same text as articles/copies/good-crlf.txt" in w.message
               for w in report.warnings)
    # The registry on disk is exactly what was reported, and a second run changes nothing.
    assert set(load_registry(config)) == {s.id for s in report.sources}
    again = run_ingest(config)
    assert again.added == [] and again.updated == [] and not again.written


def test_the_same_article_under_two_names_is_registered_once(workspace: Path) -> None:
    _write(workspace / "articles", "a.txt", GOOD)
    _write(workspace / "articles", "b/same.txt", GOOD.replace("\n", "\r\n").encode("utf-8"))
    report = run_ingest(load_config(workspace))
    assert len(report.sources) == 1 and report.added == [report.sources[0].id]
    assert [w.message for w in report.warnings] == [f"same text as articles/a.txt; registered once as {report.sources[0].id}"]


def test_the_same_story_from_two_outlets_is_one_figure_citing_both(workspace: Path) -> None:
    _write(workspace / "articles", "mti.txt", STORY_A)
    _write(workspace / "articles", "kazinform.txt", STORY_B)
    config = load_config(workspace)
    ingest = run_ingest(config)
    assert len(ingest.sources) == 2 and ingest.problems == []
    extract = run_extract(config)
    assert extract.problems == []
    fb = load_factbase(config)
    turnover = [f for f in fb.figures("Hungary", "trade_turnover") if f.period == "2022"]
    assert len(turnover) == 1, turnover
    figure = turnover[0]
    assert figure.value == 680_000_000 and figure.status != "disputed"
    assert sorted(c.source for c in figure.citations) == sorted(s.id for s in ingest.sources)
    for citation in figure.citations:
        assert "680 million" in citation.quote


# --- many tiny articles (the 100,000-file run is benchmarks/hostile_scale.py) -------------------

def _tiny_articles(folder: Path, count: int, duplicate_every: int = 10) -> int:
    """``count`` tiny articles, every ``duplicate_every``-th a copy of the one before; distinct count."""
    distinct = 0
    for index in range(count):
        number = index - 1 if index % duplicate_every == duplicate_every - 1 else index
        distinct += number == index
        day = dt.date(2015, 1, 1) + dt.timedelta(days=number % 3000)
        text = f" date {day.isoformat()} Note {number} on Hungary\n\nBUDAPEST – Item {number} about Hungary.\n"
        (folder / f"{index:06d}.txt").write_text(text, encoding="utf-8")
    return distinct


def test_thousands_of_tiny_articles_register_once_each_in_linear_time(tmp_path: Path) -> None:
    timings = {}
    for count in (600, 2400):
        root = tmp_path / f"ws{count}"
        (root / "articles").mkdir(parents=True)
        (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
        distinct = _tiny_articles(root / "articles", count)
        started = time.perf_counter()
        report = run_ingest(load_config(root))
        timings[count] = time.perf_counter() - started
        assert report.problems == []
        assert len(report.sources) == len(report.added) == distinct
        assert len({s.sha256 for s in report.sources}) == distinct
        assert sum("same text as" in w.message for w in report.warnings) == count - distinct
    # Four times the files may take at most ~8 times as long (quadratic would be 16 times).
    assert timings[2400] < 8 * timings[600] + 0.5, timings
