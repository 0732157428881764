"""The source URL from page to note, the url: header of text articles, `briefgen text`, and
re-reading pages when the extractor changes."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.errors import InputError
from briefgen.ingest.run import read_article
from briefgen.ingest.webpage import extractor_version

REPO = Path(__file__).resolve().parents[1]

# Two saved pages of made-up outlets, written for these tests.
TRADE_URL = "https://www.bucharest-herald.example/business/2026/02/kazakh-romanian-trade-record"
TRADE_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Kazakh-Romanian trade sets a record - Bucharest Herald</title>
<link rel="canonical" href="{TRADE_URL}">
<meta property="og:site_name" content="Bucharest Herald">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "datePublished": "2026-02-11T22:50:00Z", "dateModified": "2026-02-12T10:00:00+02:00"}}</script>
</head><body>
<div class="top"><a href="/">Home</a> <a href="/business">Business</a> <a href="/world">World</a></div>
<div class="content"><h1>Kazakh-Romanian trade sets a record</h1>
<p>BUCHAREST – Trade turnover between Kazakhstan and Romania reached $1.46 billion in 2025, the Romanian
economy ministry said on Wednesday, the highest figure since the two countries established relations.</p>
<p>Romanian exports to Kazakhstan rose to $410 million, driven by machinery and pharmaceuticals.</p>
<p>Officials expect the new ferry service from Constanța to add further volume this year.</p></div>
<div class="aside"><h3>Related coverage</h3><p><a href="/x">Hungary and Serbia trade reaches $5.2 billion</a></p></div>
</body></html>
"""
VISIT_URL = "https://steppe-daily.example/en/news/2026/03/04/odobescu-astana"
VISIT_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Romanian foreign minister visits Astana | Steppe Daily</title>
<meta property="og:url" content="{VISIT_URL}">
<meta property="og:site_name" content="Steppe Daily">
<meta property="article:published_time" content="2026-03-04T11:20:00+05:00">
</head><body><form id="aspnetForm" method="post" action="./news.aspx">
<div class="menu"><a href="/">Home</a> | <a href="/en/news">News</a></div>
<div id="pnlNews"><h1>Romanian foreign minister visits Astana</h1>
<p>ASTANA – Kazakh Foreign Minister Murat Nurtleu met Romanian Foreign Minister Luminița Odobescu in Astana
on 4 March 2026 to discuss energy and transport cooperation, the ministry said.</p>
<p>The ministers agreed to hold the next round of political consultations in Bucharest.</p></div>
<div class="footer">© 2026 Steppe Daily. Comment policy applies.</div></form></body></html>
"""


def _workspace(root: Path, corpus: Path | None = None, formats: str = "[md]") -> Path:
    (root / "articles").mkdir(parents=True)
    if corpus is not None:
        for path in sorted(corpus.glob("*.txt")):
            shutil.copy(path, root / "articles" / path.name)
    (root / "articles" / "herald-trade.html").write_text(TRADE_PAGE, encoding="utf-8")
    (root / "articles" / "steppe-visit.html").write_text(VISIT_PAGE, encoding="utf-8")
    (root / "briefgen.yaml").write_text(
        f"home: Kazakhstan\npartners: [Romania]\ntemplates: {REPO / 'templates'}\nformats: {formats}\n",
        encoding="utf-8")
    return root


def _build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--jobs", "1"])
    return result.exit_code, result.output


# --- url: header of text articles ----------------------------------------------------------------

def test_a_text_article_may_name_its_url_in_a_header_line(tmp_path: Path) -> None:
    body = "BUCHAREST – Kazakhstan and Romania met on 4 March 2026.\n"
    for name, text in (
        ("first.txt", "url: https://news.example/a-b_c?id=4\n date 2026-03-04 Kazakhstan and Romania meet\n\n" + body),
        ("second.md", " date 2026-03-04 Kazakhstan and Romania meet\nURL: https://news.example/a-b_c?id=4\n\n" + body),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        article = read_article(tmp_path / name)
        assert article.source.url == "https://news.example/a-b_c?id=4"
        assert article.source.title == "Kazakhstan and Romania meet"
        assert "news.example" not in article.text and body.strip() in article.text
    (tmp_path / "none.txt").write_text(" date 2026-03-04 Kazakhstan and Romania meet\n\n" + body, encoding="utf-8")
    assert read_article(tmp_path / "none.txt").source.url is None


def test_a_bad_url_header_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(" date 2026-03-04 Meeting\nurl: javascript:alert(1)\n\nText.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(tmp_path / "bad.txt", display="articles/bad.txt")
    assert str(caught.value) == ("articles/bad.txt:2: url: expected an address starting with http:// or https:// "
                                 "and without spaces, got 'javascript:alert(1)'")
    # A bad date header after a url: line is named at its own line.
    (tmp_path / "date.txt").write_text("url: https://news.example/x\n date 2026-02-30 Meeting\n\nText.\n",
                                       encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(tmp_path / "date.txt", display="articles/date.txt")
    assert str(caught.value).startswith("articles/date.txt:2: header date 2026-02-30 is not a valid date")


# --- the registry ----------------------------------------------------------------------------------

def test_the_registry_records_url_and_extractor_and_reads_old_entries(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    (root / "articles" / "note.txt").write_text(
        " date 2026-01-05 Kazakhstan and Romania talk\n\nBUCHAREST – Kazakhstan and Romania talked.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(root), "ingest"])
    assert result.exit_code == 0, result.output
    registry = json.loads((root / "facts" / "sources.json").read_text(encoding="utf-8"))["sources"]
    by_path = {entry["path"]: entry for entry in registry}
    page = by_path["articles/herald-trade.html"]
    assert page["url"] == TRADE_URL and page["extractor"] == extractor_version()
    assert page["outlet"] == "Bucharest Herald" and page["date"] == "2026-02-12"
    # Text articles without a url: header keep the entry they always had.
    assert "url" not in by_path["articles/note.txt"] and "extractor" not in by_path["articles/note.txt"]
    # A registry written before these fields existed still reads.
    for entry in registry:
        entry.pop("url", None)
        entry.pop("extractor", None)
    (root / "facts" / "sources.json").write_text(json.dumps({"sources": registry}, indent=2), encoding="utf-8")
    again = CliRunner().invoke(cli, ["--root", str(root), "ingest"])
    assert again.exit_code == 0, again.output
    assert "2 updated" in again.output  # the two pages gain their url and extractor


# --- briefgen text -------------------------------------------------------------------------------

def test_briefgen_text_prints_each_article_as_read(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    page = root / "articles" / "herald-trade.html"
    result = CliRunner().invoke(cli, ["--root", str(root), "text", str(page)])
    assert result.exit_code == 0, result.output
    assert f"url: {TRADE_URL}" in result.output and "outlet: Bucharest Herald" in result.output
    assert "reached $1.46 billion in 2025" in result.output and "Hungary and Serbia" not in result.output
    missing = root / "articles" / "missing.html"
    result = CliRunner().invoke(cli, ["--root", str(root), "text", "--json", str(page), str(missing)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(rows[0]) == ["path", "title", "date", "url", "outlet", "partner", "text", "error"]
    assert rows[0]["title"] == "Kazakh-Romanian trade sets a record" and rows[0]["date"] == "2026-02-12"
    assert rows[0]["partner"] == "Romania" and rows[0]["error"] is None
    # The text is the one quote offsets refer to: what ingest hashed.
    assert rows[0]["text"] == read_article(page).text
    assert rows[1]["error"] == "no such file" and rows[1]["text"] is None
    assert f"error: {missing}: no such file" in result.stderr


# --- re-reading when the extractor changes -----------------------------------------------------------

def test_build_rereads_pages_read_by_another_extractor_and_reports_lost_quotes(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    code, output = _build(root)
    assert code == 0, output
    registry_path = root / "facts" / "sources.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    page = next(e for e in registry["sources"] if e["path"] == "articles/herald-trade.html")
    extracted = root / "facts" / "extracted" / f"{page['id']}.json"
    facts = json.loads(extracted.read_text(encoding="utf-8"))
    figure = next(f for f in facts["facts"] if f["kind"] == "figure")
    # As an older trafilatura left it: another version recorded, one quote worded otherwise.
    page["extractor"] = "trafilatura 2.2.0"
    registry_path.write_text(json.dumps(registry, indent=2), encoding="utf-8")
    figure["quote"] = "Trade turnover (menu) between Kazakhstan and Romania reached $1.46 billion in 2025"
    extracted.write_text(json.dumps(facts, indent=2), encoding="utf-8")
    curated = root / "facts" / "curated" / "romania.yaml"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text(
        "rejections:\n"
        f"  - id: {figure['id']}\n"
        "    reason: Not a bilateral figure.\n"
        "additions:\n"
        "  - id: curated/romania#menu\n"
        "    kind: person\n"
        "    name: Ana Pop\n"
        "    role: Spokesperson of the Romanian economy ministry\n"
        "    country: Romania\n"
        f"    source: {page['id']}\n"
        "    quote: \"Home Business World Trade turnover\"\n", encoding="utf-8")
    before = curated.read_bytes()
    code, output = _build(root)
    assert f"1 web page re-read with {extractor_version()}; 1 quote changed" in output
    warnings = [line for line in output.splitlines() if line.startswith("warning: facts/curated/romania.yaml")]
    assert any(line.startswith("warning: facts/curated/romania.yaml:2: rejection of ") and "is gone" in line
               for line in warnings), output
    assert any(line.startswith("warning: facts/curated/romania.yaml:5: added person curated/romania#menu")
               for line in warnings), output
    # Nothing a person wrote is touched, and the registry records the extractor that read the page.
    assert curated.read_bytes() == before
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    assert {e["extractor"] for e in registry["sources"] if e["path"].endswith(".html")} == {extractor_version()}
    # The next build has nothing to re-read.
    assert "re-read" not in _build(root)[1]


# --- URLs in notes and Sources -------------------------------------------------------------------

def test_romania_brief_from_the_corpus_and_two_saved_pages_shows_their_urls(tmp_path: Path, corpus_dir: Path) -> None:
    from pypdf import PdfReader

    root = _workspace(tmp_path / "ws", corpus_dir, formats="[md, html, pdf, docx]")
    code, output = _build(root)
    assert code == 0, output
    brief = (root / "build" / "romania" / "country-brief.md").read_text(encoding="utf-8")
    sources = brief.split("## Sources", 1)[1]
    # Markdown: the plain address (an autolink), in the Sources list and in the notes.
    assert f"- Bucharest Herald, “Kazakh-Romanian trade sets a record”, 12 February 2026, <{TRADE_URL}>" in sources
    assert f"- Steppe Daily, “Romanian foreign minister visits Astana”, 4 March 2026, <{VISIT_URL}>" in sources
    notes = [line for line in brief.splitlines() if re.match(r"\[\^\d+\]: ", line)]
    assert any(f"(<{TRADE_URL}>)" in note and "$1.46 billion" in note for note in notes), notes
    assert any(f"(<{VISIT_URL}>)" in note for note in notes), notes
    # Corpus articles have no URL and their entries are unchanged.
    assert "“Kazakhstan, Romania mark 30th anniv of diplomatic relations”, 15 July 2022\n" in sources
    # HTML: a link to each page, and still no link anywhere else.
    html = (root / "build" / "romania" / "country-brief.html").read_text(encoding="utf-8")
    for url in (TRADE_URL, VISIT_URL):
        assert f'<a href="{url}">{url}</a>' in html
    assert set(re.findall(r'href="([^"#][^"]*)"', html)) == {TRADE_URL, VISIT_URL}
    # PDF: the addresses are printed and are links.
    reader = PdfReader(str(root / "build" / "romania" / "country-brief.pdf"))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", "", text)
    assert TRADE_URL in flat and VISIT_URL in flat
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
            if annot.get_object().get("/A", {}).get("/URI")}
    assert uris == {TRADE_URL, VISIT_URL}
    # Word: the same two hyperlinks, and no other.
    with zipfile.ZipFile(root / "build" / "romania" / "country-brief.docx") as docx:
        relations = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    assert set(re.findall(r'Target="(https?://[^"]+)"', relations)) == {TRADE_URL, VISIT_URL}
