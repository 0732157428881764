"""Saved web pages as they really are: one page written here for each way the old reader failed."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import briefgen
from briefgen.errors import InputError
from briefgen.ingest import webpage
from briefgen.ingest.run import read_article

STORY = """<h1>Romania and Kazakhstan agree to double rail freight</h1>
<p>BUCHAREST – Romania and Kazakhstan agreed on Tuesday to double rail freight along the Middle Corridor
by 2028, the transport ministry said after talks between the two ministers.</p>
<p>Freight between the two countries reached 1.4 million tonnes last year, and trade turnover rose to
$1.1 billion, according to the ministry.</p>
<p>The ministers also discussed a ferry link across the Black Sea from the port of Constanța.</p>"""

SIDEBAR = """<div class="sidebar"><h3>Related coverage</h3><ul>
<li><a href="/a">Hungary and Turkey trade reaches $9.9 billion</a></li>
<li><a href="/b">Poland opens a new embassy in Tashkent</a></li></ul>
<div class="most-read"><h3>Most read</h3><ol><li><a href="/c">Georgia exports 2,000 tonnes of wine</a></li>
<li><a href="/d">Storm closes the airport</a></li></ol></div></div>"""

MENU = """<div class="menu"><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a>
| <a href="/sport">Sport</a> | <a href="/opinion">Opinion</a></div>"""

FOOTER = """<div class="footer"><p>Comment policy: comments are moderated and may take 24 hours to appear.</p>
<p>© 2026 The Bucharest Herald. All rights reserved. Contact | Advertise | Privacy</p></div>"""

CLUTTER = ("Related coverage", "Hungary and Turkey", "$9.9 billion", "Georgia exports", "Comment policy",
           "All rights reserved", "Advertise", "Most read")


def _page(body: str, head: str = "", title: str = "Romania and Kazakhstan agree to double rail freight") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")


def _read(tmp_path: Path, html: str, name: str = "page.html"):  # noqa: ANN202
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return read_article(path, home="Kazakhstan", display=name, warnings=[])


def _assert_story_only(text: str) -> None:
    assert "double rail freight along the Middle Corridor" in text
    assert "trade turnover rose to\n$1.1 billion" not in text  # source line breaks are spaces
    assert "trade turnover rose to $1.1 billion" in text
    assert "ferry link across the Black Sea" in text
    for clutter in CLUTTER:
        assert clutter not in text, clutter


def test_div_soup_with_menus_and_sidebars_keeps_only_the_story(tmp_path: Path) -> None:
    # No <article> or <main>: the old reader kept the whole page, sidebar figures included.
    html = _page(f'{MENU}<div class="wrap"><div class="col-8"><div class="story">{STORY}</div></div>'
                 f'<div class="col-4">{SIDEBAR}</div></div>{FOOTER}')
    article = _read(tmp_path, html)
    _assert_story_only(article.text)
    assert article.source.extractor == webpage.extractor_version()
    # Paragraphs stay paragraphs.
    assert "\n\nFreight between the two countries" in article.text


def test_teaser_articles_do_not_replace_the_story(tmp_path: Path) -> None:
    # The old reader took <article> blocks for the story: here they are teasers of other stories.
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/t{n}">{headline}</a></h2><p>{lead}</p></article>'
        for n, (headline, lead) in enumerate([
            ("Hungary and Turkey trade reaches $9.9 billion", "Related coverage from Ankara."),
            ("Georgia exports 2,000 tonnes of wine", "Most read this week."),
        ])
    )
    html = _page(f'{MENU}<div id="content"><div class="story-body">{STORY}</div>'
                 f'<section class="more">{teasers}</section></div>{FOOTER}')
    article = _read(tmp_path, html)
    _assert_story_only(article.text)
    assert article.source.title == "Romania and Kazakhstan agree to double rail freight"
    # A story that is the page's only <article> is never taken for a teaser, links or not.
    short = ('<article><h1>Romania and Kazakhstan sign a rail deal</h1><h2><a href="/transport">Transport</a></h2>'
             "<p>BUCHAREST – Romania and Kazakhstan signed a rail freight agreement on Tuesday, the transport "
             "ministry said, after two days of talks in the capital about the Middle Corridor.</p></article>")
    article = _read(tmp_path, _page(MENU + short + FOOTER))
    assert "signed a rail freight agreement" in article.text
    assert article.source.extractor == webpage.extractor_version()


def test_a_page_wrapped_in_one_form_is_read(tmp_path: Path) -> None:
    # ASP.NET pages put the whole body in <form id="aspnetForm">; the old reader skipped forms.
    html = _page(f'<form method="post" action="./news.aspx?id=12" id="aspnetForm">'
                 f'<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">'
                 f'{MENU}<div id="ctl00_ContentPlaceHolder1_pnlNews">{STORY}</div>{FOOTER}</form>')
    article = _read(tmp_path, html)
    _assert_story_only(article.text)
    assert "__VIEWSTATE" not in article.text


def test_a_date_only_in_json_ld_is_found(tmp_path: Path) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": "Romania and Kazakhstan agree to double rail freight", "datePublished": "2026-03-10T09:15:00+02:00"}
    html = _page(f"<div>{STORY}</div>", head=f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    source = _read(tmp_path, html).source
    assert source.date == dt.date(2026, 3, 10) and not source.date_inferred


def test_a_date_only_in_og_article_published_time_is_found(tmp_path: Path) -> None:
    html = _page(f"<div>{STORY}</div>",
                 head='<meta property="og:article:published_time" content="2026-03-10T09:15:00+02:00">')
    assert _read(tmp_path, html).source.date == dt.date(2026, 3, 10)


def test_a_utc_timestamp_late_in_the_evening_is_dated_where_it_was_published(tmp_path: Path) -> None:
    # 22:40 UTC on 9 March is 00:40 on 10 March in Bucharest; the page shows its offset elsewhere.
    head = ('<meta property="article:published_time" content="2026-03-09T22:40:00Z">'
            '<meta property="article:modified_time" content="2026-03-10T08:05:00+02:00">')
    html = _page(f"<div>{STORY}</div>", head=head)
    assert _read(tmp_path, html).source.date == dt.date(2026, 3, 10)
    # A time with its own offset is already local: not moved.
    head = '<meta property="article:published_time" content="2026-03-09T23:40:00-05:00">'
    assert _read(tmp_path, _page(f"<div>{STORY}</div>", head=head)).source.date == dt.date(2026, 3, 9)
    # UTC and nothing else known about the publisher: the UTC date.
    head = '<meta property="article:published_time" content="2026-03-09T22:40:00Z">'
    assert _read(tmp_path, _page(f"<div>{STORY}</div>", head=head)).source.date == dt.date(2026, 3, 9)


def test_canonical_url_then_og_url_then_json_ld(tmp_path: Path) -> None:
    canonical = '<link rel="canonical" href="https://herald.example.ro/business/rail-freight-2026">'
    og = '<meta property="og:url" content="https://herald.example.ro/og/rail-freight">'
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "url": "https://herald.example.ro/ld/x"}</script>'
    body = f"<div>{STORY}</div>"
    assert _read(tmp_path, _page(body, head=canonical + og + ld)).source.url == \
        "https://herald.example.ro/business/rail-freight-2026"
    assert _read(tmp_path, _page(body, head=og + ld)).source.url == "https://herald.example.ro/og/rail-freight"
    assert _read(tmp_path, _page(body, head=ld)).source.url == "https://herald.example.ro/ld/x"
    # Relative, javascript: or spaced addresses are no URL to print.
    bad = ('<link rel="canonical" href="/business/rail">'
           '<meta property="og:url" content="javascript:alert(1)">')
    assert _read(tmp_path, _page(body, head=bad)).source.url is None


def test_og_site_name_names_the_outlet_when_the_text_does_not(tmp_path: Path) -> None:
    site = '<meta property="og:site_name" content="The Bucharest Herald">'
    source = _read(tmp_path, _page(f"<div>{STORY}</div>", head=site)).source
    assert source.outlet == "The Bucharest Herald" and source.dateline == "BUCHAREST"
    # The publisher in JSON-LD serves as well.
    ld = ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "publisher": '
          '{"@type": "Organization", "name": "Herald Media"}}]}</script>')
    assert _read(tmp_path, _page(f"<div>{STORY}</div>", head=ld)).source.outlet == "Herald Media"
    # An outlet named in the dateline wins: it is what the text says.
    kazinform = STORY.replace("BUCHAREST –", "ASTANA. KAZINFORM –")
    assert _read(tmp_path, _page(f"<div>{kazinform}</div>", head=site)).source.outlet == "KAZINFORM"


def test_titles_keep_briefgens_logic_with_two_fixes(tmp_path: Path) -> None:
    # A kicker glued to the headline by the markup gets its space.
    glued = STORY.replace("<h1>Romania", '<h1><span class="kicker">Transport</span>Romania')
    assert _read(tmp_path, _page(f"<div>{glued}</div>")).source.title == \
        "Transport Romania and Kazakhstan agree to double rail freight"
    # Without a headline in the page, the browser title loses its site name after " - " and " – ".
    body = "<div>" + STORY.split("</h1>", 1)[1] + "</div>"
    for sep in (" - ", " – ", " | "):
        title = f"Romania and Kazakhstan agree to double rail freight{sep}The Bucharest Herald"
        assert _read(tmp_path, _page(body, title=title)).source.title == \
            "Romania and Kazakhstan agree to double rail freight", sep
    # A dash inside a headline is not a site name.
    title = "Trade with Romania grows – but exports to Kazakhstan fall"
    assert _read(tmp_path, _page(body, title=title)).source.title == title


def test_the_standfirst_the_page_shows_is_kept(tmp_path: Path) -> None:
    lead = "The two countries want to move twice as much freight along the Middle Corridor by 2028."
    head = f'<meta name="description" content="{lead}">'
    html = _page(f'<div class="story"><p class="teaser-lead">{lead}</p>{STORY}</div>', head=head)
    text = _read(tmp_path, html).text
    assert text.count(lead) == 1
    # A description that the page never shows is a summary, not the article's words.
    head = '<meta name="description" content="Our summary of the transport talks between two of our partners today.">'
    assert "Our summary" not in _read(tmp_path, _page(f"<div>{STORY}</div>", head=head)).text


def test_the_hand_written_extractor_reads_what_trafilatura_leaves_empty(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webpage, "_main_text", lambda html: ("", None))
    article = _read(tmp_path, _page(f"<article>{STORY}</article>"))
    assert "double rail freight along the Middle Corridor" in article.text
    assert article.source.extractor == f"{webpage.HANDWRITTEN} {briefgen.__version__}"


def test_a_page_that_is_only_an_address_fetches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """htmldate downloads a string that looks like a URL; briefgen never hands one over."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/article"
    attempts: list = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("network access attempted")

    try:
        with monkeypatch.context() as patch:
            patch.setattr(socket.socket, "connect", refuse)
            patch.setattr(socket, "create_connection", refuse)
            patch.setattr(socket, "getaddrinfo", refuse)
            for html in (url, f'<html><head><link rel="canonical" href="{url}"></head><body><p>{url}</p></body></html>'):
                try:
                    _read(tmp_path, html)
                except InputError:
                    pass
        with pytest.raises(TimeoutError):
            server.accept()
    finally:
        server.close()
    assert attempts == []


def test_trafilatura_is_imported_only_when_a_page_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2026-03-10 Romania and Kazakhstan meet\n\nBUCHAREST – They met.\n",
                                    encoding="utf-8")
    (tmp_path / "b.html").write_text(_page(f"<div>{STORY}</div>"), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from briefgen.ingest.run import read_article; "
        f"read_article(Path({str(tmp_path / 'a.txt')!r})); print('trafilatura' in sys.modules); "
        f"read_article(Path({str(tmp_path / 'b.html')!r})); print('trafilatura' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_the_extractor_version_is_the_pinned_one() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    version = webpage.extractor_version().split()[1]
    assert f'"trafilatura=={version}"' in pyproject
