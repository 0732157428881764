"""Ingest: reading articles, describing them, and keeping facts/sources.yaml."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import FactFileError, InputError
from briefgen.ingest import run as ingest_module
from briefgen.ingest.describe import (
    find_dateline,
    infer_date,
    is_junk_title,
    shorten_title,
    site_title,
    source_id,
)
from briefgen.ingest.htmltext import extract_html
from briefgen.ingest.registry import load_registry, registry_path
from briefgen.ingest.run import load_article, normalise_text, read_article, run_ingest

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD_TEXT = (
    " date 2021-09-01 Kazakhstan and Hungary open a trade house in Budapest\n\n"
    "BUDAPEST – Kazakhstan and Hungary opened a trade house in Budapest on Wednesday.\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace with default settings and an empty articles folder."""
    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Romania]\n", encoding="utf-8")
    return root


def _ingest(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), "ingest", *args])


# --- normalisation ---------------------------------------------------------------------


def test_normalise_text_unifies_line_ends_bom_and_composition():
    raw = "\ufeffCafe\u0301 one\r\ntwo\rthree\n"
    assert normalise_text(raw) == "Caf\u00e9 one\ntwo\nthree\n"
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)


@given(st.text(alphabet=st.sampled_from("ab \r\n\ufeff\u0301eé\u212b"), max_size=40))
def test_normalise_text_is_idempotent_and_has_no_carriage_returns(raw):
    text = normalise_text(raw)
    assert normalise_text(text) == text
    assert "\r" not in text and not text.startswith("\ufeff")
    assert text.count("\n") == raw.count("\n") + raw.count("\r") - raw.count("\r\n")


# --- reading single articles -------------------------------------------------------------


def test_header_title_date_dateline_and_outlet():
    warnings = []
    article = read_article(FIXTURES / "hungary_consultations.txt", warnings=warnings)
    source = article.source
    assert source.date == dt.date(2021, 4, 8) and not source.date_inferred
    assert source.title == "Kazakhstan and Hungary review trade and transit cooperation"
    assert (source.dateline, source.outlet) == ("BUDAPEST", "STEPPEWIRE")
    assert source.partner == "Hungary"
    assert source.id == "2021-04-08-kazakhstan-hungary-review-trade-transit"
    # The text is the whole normalised file, header included, and the hash is of that text.
    raw = (FIXTURES / "hungary_consultations.txt").read_text(encoding="utf-8")
    assert article.text == normalise_text(raw)
    assert source.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    body = raw.split("\n", 1)[1]
    assert source.words == sum(1 for token in body.split() if any(c.isalnum() for c in token))
    assert warnings == []


def test_junk_header_title_is_replaced_by_the_headline_in_the_body():
    source = read_article(FIXTURES / "poland_junk_title.txt").source
    assert source.title == "Kazakhstan and Poland agree on a new programme of student exchanges"
    assert source.dateline == "WARSAW" and source.outlet is None
    assert source.partner == "Poland"


def test_lead_paragraph_in_the_header_gives_a_short_title_without_dateline():
    source = read_article(FIXTURES / "lead_as_title.txt").source
    assert (source.dateline, source.outlet) == ("TASHKENT", "DALANEWS")
    assert source.title.startswith("Delegations of Kazakhstan and Uzbekistan discussed water management")
    assert "DALANEWS" not in source.title and len(source.title.split()) <= 18
    assert source.id == "2020-03-03-delegations-kazakhstan-uzbekistan-discussed-water"
    assert source.partner == "Uzbekistan"


def test_markdown_without_header_infers_the_date_from_the_lead_only():
    source = read_article(FIXTURES / "turkey_no_header.md").source
    assert source.title == "Kazakhstan and Turkey open a joint logistics centre"
    assert source.date == dt.date(2022, 9, 12) and source.date_inferred
    assert source.dateline == "ANKARA"
    assert source.partner == "Turkey"


def test_article_without_any_date_is_undated_with_a_warning():
    warnings = []
    source = read_article(FIXTURES / "undated_note.txt", display="articles/undated_note.txt", warnings=warnings).source
    assert source.date is None and not source.date_inferred
    assert source.id.startswith("undated-cooperation-kazakhstan-georgia")
    assert source.partner == "Georgia"
    assert [str(w) for w in warnings] == [
        "articles/undated_note.txt: no date in the header or the opening of the text; registered as undated"
    ]


def test_html_page_main_text_title_and_date():
    article = read_article(FIXTURES / "uzbekistan_page.html")
    text, source = article.text, article.source
    assert source.title == "Kazakhstan and Uzbekistan sign a border agreement"
    assert source.date == dt.date(2023, 6, 21) and not source.date_inferred
    assert source.dateline == "TASHKENT" and source.partner == "Uzbekistan"
    for chrome in ("Breaking news", "Sport news", "trackingText", "color: red", "Mongolia", "Contact us",
                   "Enable JavaScript", "Your comment", "Subscribe"):
        assert chrome not in text
    assert "the document “historic”. Trade between the two countries reached $ 4.1 billion last year." in text
    assert "TASHKENT – The foreign ministers" in text
    assert "\n\nBorder length: about 2,300 km\n\nCrossings: 11" in text


def test_html_falls_back_to_title_element_and_time_element():
    page = extract_html(
        "<html><head><title>Print | Kazakhstan and Latvia talk transit | Daily Site</title></head>"
        "<body><nav>Home</nav><p>First <b>para</b>graph<br>second line</p><p>Next</p>"
        "<time datetime='2020-02-01'>Feb 1</time></body></html>"
    )
    assert page.text == "First paragraph\nsecond line\n\nNext\n\nFeb 1"
    assert page.title == "Print | Kazakhstan and Latvia talk transit | Daily Site"
    assert page.date_text == "2020-02-01"
    article = ingest_module.article_from_text(
        "<title>Print | Kazakhstan and Latvia talk transit | Daily Site</title><p>Riga and Astana agreed.</p>",
        path="x.html",
        kind="html",
    )
    assert article.source.title == "Kazakhstan and Latvia talk transit"
    assert article.source.partner == "Latvia"


def test_html_declared_charset_is_honoured_without_warning(tmp_path: Path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Print</title></head><body><article><h1>Болгария и Казахстан</h1>"
        "<p>SOFIA – Kazakhstan and Bulgaria agreed on flights. Встреча в Софии.</p></article></body></html>"
    )
    path = tmp_path / "bg.html"
    path.write_bytes(page.encode("cp1251"))
    warnings = []
    source = read_article(path, warnings=warnings).source
    assert source.title == "Болгария и Казахстан" and source.partner == "Bulgaria"
    assert not [w for w in warnings if "UTF-8" in w.message]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASTANA. KAZINFORM - On July 15, 2017 the two countries", dt.date(2017, 7, 15)),
        ("The talks were held on 15 July 2017 in Astana.", dt.date(2017, 7, 15)),
        ("Published July 15, 2017.", dt.date(2017, 7, 15)),
        ("On Sept. 3rd, 2019 ministers met", dt.date(2019, 9, 3)),
        ("Dated 2016-05-04.", dt.date(2016, 5, 4)),
        ("Ministers met on February 30, 2020 reportedly.", None),
        ("Ministers met in 2020.", None),
    ],
)
def test_infer_date(text, expected):
    assert infer_date(text) == expected


@pytest.mark.parametrize(
    ("lead", "city", "outlet"),
    [
        ("ASTANA. KAZINFORM – Talks were held", "ASTANA", "KAZINFORM"),
        ("NUR-SULTAN. KAZINFORM Talks were held", "NUR-SULTAN", "KAZINFORM"),
        ("ASTANA. KAZINFORM - On July 15", "ASTANA", "KAZINFORM"),
        ("BUCHAREST – Talks were held", "BUCHAREST", None),
        ("ANKARA (Steppe Wire) — Talks", "ANKARA", "Steppe Wire"),
    ],
)
def test_find_dateline(lead, city, outlet):
    found = find_dateline(lead)
    assert found is not None and (found.city, found.outlet) == (city, outlet)


@pytest.mark.parametrize("lead", ["The ASTANA meeting", "Talks – in Astana", "UN. The talks", "A – b"])
def test_no_dateline(lead):
    assert find_dateline(lead) is None


def test_title_helpers():
    assert is_junk_title("Images | Kazakh MFA") and is_junk_title("Tell a friend") and is_junk_title("Print")
    assert not is_junk_title("Kazakhstan and Poland sign a visa deal")
    assert is_junk_title("News | Ministry of Foreign Affairs of Latvia")
    assert site_title("Kazakhstan and Poland sign a visa deal | Steppe Wire") == "Kazakhstan and Poland sign a visa deal"
    assert source_id(None, "Ştefan's Café — the Road to Türkiye, 2024!") == "undated-stefan-cafe-road-turkiye-2024"
    long = "Ministers of Hungary and Kazakhstan opened a new trade house in Budapest with twenty firms from both countries present"
    assert shorten_title(long) == "Ministers of Hungary and Kazakhstan opened a new trade house in Budapest with twenty firms…"
    assert shorten_title("On 3 May 2021, ministers met in Riga.") == "Ministers met in Riga"


# --- bad input, one at a time through the library ------------------------------------------


def test_bad_files_are_refused_with_the_file_named(tmp_path: Path):
    cases = {
        "empty.txt": (b"", "file is empty"),
        "blank.md": (b"  \n\n", "file is empty"),
        "binary.txt": (bytes(range(256)) * 4, "binary file"),
        "bad_date.txt": (b" date 2023-02-30 Kazakhstan and Latvia meet\n\nRIGA - Talks.\n", "2023-02-30 is not a valid date"),
        "notes.docx": (b"PK\x03\x04", "unknown article type ('.docx')"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            read_article(path, display=name)
        assert info.value.file == name and message in info.value.message, name
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ingest_module, "MAX_ARTICLE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text(GOOD_TEXT * 5, encoding="utf-8")
    with pytest.raises(InputError, match="the limit for an article is 100"):
        read_article(path)


def test_windows_1252_and_bom_files_are_read_with_a_warning(tmp_path: Path):
    cp = tmp_path / "cp1252.txt"
    cp.write_bytes(GOOD_TEXT.replace("Budapest on", "Budapest’s centre on").encode("cp1252"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    warnings = []
    cp_article = read_article(cp, display="cp1252.txt", warnings=warnings)
    bom_article = read_article(bom, display="bom.txt", warnings=warnings)
    assert "Budapest’s centre" in cp_article.text
    assert bom_article.text == GOOD_TEXT and bom_article.source.date == dt.date(2021, 9, 1)
    assert [str(w) for w in warnings] == [
        "cp1252.txt:3: not valid UTF-8; read it as Windows-1252",
        "bom.txt: file starts with a byte-order mark; ignored it",
    ]


# --- the command, with a mixed batch ---------------------------------------------------------


def test_cli_bad_batch_reports_each_file_and_still_registers_the_good_one(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(workspace)
    articles = workspace / "articles"
    (articles / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (articles / "bad_date.txt").write_text(" date 2023-02-30 Title here\n\nBody.\n", encoding="utf-8")
    (articles / "old.doc").write_bytes(b"whatever")
    (articles / "cp.txt").write_bytes(GOOD_TEXT.replace("Hungary", "Hungary’s partner Latvia").encode("cp1252"))
    (workspace / "nothing").mkdir()
    result = _ingest(workspace, "articles", "nothing", "missing.txt")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == sorted(
        [
            "error: articles/bad_date.txt:1: header date 2023-02-30 is not a valid date (expected a real YYYY-MM-DD)",
            "error: articles/binary.txt: binary file, not text (it contains NUL bytes)",
            "error: articles/empty.txt: file is empty",
            "error: articles/old.doc: unknown article type ('.doc'); expected .txt, .md or .html",
            "error: nothing: folder has no articles (.txt, .md, .markdown, .html, .htm)",
            "error: missing.txt: no such file or folder",
        ]
    )
    assert "warning: articles/cp.txt:1: not valid UTF-8; read it as Windows-1252" in result.stderr
    sources = load_registry(load_config(workspace))
    assert sorted(s.path for s in sources.values()) == ["articles/cp.txt", "articles/good.txt"]


def test_cli_without_paths_ingests_the_configured_articles_folder(workspace: Path):
    (workspace / "articles" / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = _ingest(workspace)
    assert result.exit_code == 0, result.output
    assert "added 2021-09-01-kazakhstan-hungary-open-trade-house" in result.stdout
    empty = workspace / "elsewhere"
    empty.mkdir()
    # The workspace's own folder may be empty (a fresh clone): a warning, and the registry stays.
    before = registry_path(load_config(workspace)).read_bytes()
    result = CliRunner().invoke(cli, ["--root", str(workspace), "--articles", "elsewhere", "ingest"])
    assert result.exit_code == 0
    assert "warning: elsewhere: folder has no articles" in result.stderr
    assert registry_path(load_config(workspace)).read_bytes() == before
    # Named explicitly, an empty folder is refused.
    result = _ingest(workspace, str(empty))
    assert result.exit_code == 1
    assert f"error: {empty}: folder has no articles" in result.stderr


def test_fresh_workspace_without_articles_writes_no_registry(workspace: Path):
    result = _ingest(workspace)
    assert result.exit_code == 0
    assert "warning: articles: folder has no articles" in result.stderr
    assert not (workspace / "facts" / "sources.json").exists()


# --- the registry ------------------------------------------------------------------------------


def test_registry_is_sorted_deterministic_and_merged(workspace: Path):
    config = load_config(workspace)
    shutil.copytree(FIXTURES, workspace / "articles", dirs_exist_ok=True)
    report = run_ingest(config, [config.articles])
    assert report.problems == [] and len(report.added) == 6
    path = registry_path(config)
    first = path.read_bytes()
    text = first.decode("utf-8")
    ids = [source["id"] for source in json.loads(text)["sources"]]
    dated = sorted((s.date, s.id) for s in report.sources if s.date)
    assert ids == [i for _, i in dated] + [s.id for s in report.sources if s.date is None]
    assert '      "path": "articles/hungary_consultations.txt",\n' in text
    # A second run changes no byte and does not even rewrite the file.
    mtime = path.stat().st_mtime_ns
    again = run_ingest(config, [config.articles])
    assert path.read_bytes() == first and path.stat().st_mtime_ns == mtime
    assert again.added == [] and len(again.unchanged) == 6 and not again.written
    # Sources whose files are gone stay registered (a fresh clone has no articles).
    (workspace / "articles" / "turkey_no_header.md").unlink()
    run_ingest(config, [workspace / "articles" / "hungary_consultations.txt"])
    assert path.read_bytes() == first
    assert "2022-09-12-kazakhstan-turkey-open-joint-logistics" in load_registry(config)


def test_changed_text_updates_the_entry_for_that_path(workspace: Path):
    config = load_config(workspace)
    article = workspace / "articles" / "a.txt"
    article.write_text(GOOD_TEXT, encoding="utf-8")
    run_ingest(config, [article])
    article.write_text(GOOD_TEXT.replace("Wednesday", "Thursday"), encoding="utf-8")
    report = run_ingest(config, [article])
    sources = load_registry(config)
    assert len(sources) == 1 and report.updated == ["2021-09-01-kazakhstan-hungary-open-trade-house"]
    assert next(iter(sources.values())).sha256 == hashlib.sha256(article.read_bytes()).hexdigest()


def test_duplicates_are_registered_once_and_id_collisions_get_a_suffix(workspace: Path):
    config = load_config(workspace)
    articles = workspace / "articles"
    (articles / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (articles / "b.txt").write_text(GOOD_TEXT, encoding="utf-8")
    other = GOOD_TEXT + "\nA second paragraph makes this a different text.\n"
    (articles / "c.txt").write_text(other, encoding="utf-8")
    report = run_ingest(config, [articles])
    duplicate_warnings = [str(w) for w in report.warnings if "same text" in w.message]
    assert duplicate_warnings == [f"{articles / 'b.txt'}: same text as articles/a.txt; registered once as {report.added[0]}"]
    plain = "2021-09-01-kazakhstan-hungary-open-trade-house"
    suffix = hashlib.sha256(other.encode("utf-8")).hexdigest()[:7]
    assert sorted(report.added) == [plain, f"{plain}-{suffix}"]
    # The same run again gives the same ids.
    assert sorted(s.id for s in run_ingest(config, [articles]).sources) == sorted(report.added)


def test_load_registry_errors_name_file_and_line(workspace: Path):
    config = load_config(workspace)
    assert load_registry(config) == {}
    (workspace / "articles" / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run_ingest(config, [workspace / "articles"])
    path = registry_path(config)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"words": \d+', '"words": "many"', text), encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_registry(config)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if '"id":' in x)
    assert str(info.value) == f"facts/sources.json:{line}: words: expected a whole number, got 'many'"


def test_impossible_date_in_the_registry_is_a_located_error(workspace: Path):
    config = load_config(workspace)
    (workspace / "articles" / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run_ingest(config, [workspace / "articles"])
    path = registry_path(config)
    text = path.read_text(encoding="utf-8")
    assert '"date": "2021-09-01"' in text
    path.write_text(text.replace('"date": "2021-09-01"', '"date": "2021-13-01"'), encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_registry(config)
    line = next(n for n, x in enumerate(text.splitlines(), 1) if '"id":' in x)
    assert str(info.value).startswith(f"facts/sources.json:{line}: date: '2021-13-01' is not a valid date")


def test_load_article_verifies_the_text(workspace: Path):
    config = load_config(workspace)
    path = workspace / "articles" / "a.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    run_ingest(config, [path])
    (source,) = load_registry(config).values()
    article = load_article(config, source)
    assert article.source == source and article.text == GOOD_TEXT
    path.write_text(GOOD_TEXT + "More.\n", encoding="utf-8")
    with pytest.raises(InputError, match="text changed since source"):
        load_article(config, source)
    path.unlink()
    with pytest.raises(InputError, match="is missing"):
        load_article(config, source)


# --- the shared corpus ------------------------------------------------------------------------


def test_corpus_is_registered_with_dates_titles_outlets_and_partner(workspace: Path, corpus_dir: Path):
    result = _ingest(workspace, str(corpus_dir))
    assert result.exit_code == 0, result.output
    config = load_config(workspace)
    sources = {Path(s.path).name[:3]: s for s in load_registry(config).values()}
    assert sorted(sources) == ["000", "001", "002", "003", "004"]
    assert {k: s.date for k, s in sources.items()} == {
        "000": dt.date(2018, 12, 20),
        "001": dt.date(2022, 7, 15),
        "002": dt.date(2023, 12, 14),
        "003": dt.date(2017, 7, 15),
        "004": dt.date(2025, 3, 19),
    }
    assert [k for k, s in sources.items() if s.date_inferred] == ["003"]
    assert {k: s.outlet for k, s in sources.items()} == {
        "000": "KAZINFORM", "001": "KAZINFORM", "002": None, "003": "KAZINFORM", "004": None
    }
    assert {s.partner for s in sources.values()} == {"Romania"}
    for key in ("002", "004"):
        assert sources[key].title not in ("Images | Kazakh MFA", "Tell a friend")
        assert "Kazakhstan" in sources[key].title
    assert sources["000"].title.startswith("Foreign Ministries of Kazakhstan and Romania")
    assert sources["000"].id == "2018-12-20-foreign-ministries-kazakhstan-romania-held"
    for source in sources.values():
        assert (workspace / source.path).resolve() == (corpus_dir / Path(source.path).name).resolve()
        assert load_article(config, source).source is source
    first = registry_path(config).read_bytes()
    again = _ingest(workspace, str(corpus_dir))
    assert again.exit_code == 0 and registry_path(config).read_bytes() == first
