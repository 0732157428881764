"""Limits are consistent end to end (issue 17, item 3): whatever ingest accepts, extract either
writes a fact file every later command reads, or refuses it by name; file names that cannot be
written into the registry are refused at ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.app.build import build_documents
from briefgen.config import load_config
from briefgen.extract.run import run_extract
from briefgen.factbase.check import run_check
from briefgen.ingest.run import run_ingest
from briefgen.storage import machine

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "hungary_mti_trade.txt"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# The real limits scaled down by 80 (5 MB articles, 64 MB fact files), so that the largest
# article extracts in a second instead of half a minute; their ratio is what matters.
SCALE = 80


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    import briefgen.ingest.run as ingest

    article, facts = ingest.MAX_ARTICLE_BYTES // SCALE, machine.MAX_JSON_BYTES // SCALE
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", article)
    monkeypatch.setattr(machine, "MAX_JSON_BYTES", facts)
    return article, facts


def _workspace(root: Path, text: str) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "big.txt").write_text(text, encoding="utf-8")
    (root / "briefgen.yaml").write_text(
        f"home: Kazakhstan\npartners: [Hungary]\ntemplates: {TEMPLATES}\nformats: [md]\n", encoding="utf-8")
    return root


def _largest(body: str, title: str, limit: int) -> str:
    text = title + "\n"
    while len((text + body).encode("utf-8")) <= limit:
        text += body
    return text


def test_the_largest_allowed_article_is_extracted_and_read_back(tmp_path: Path, limits: tuple[int, int]) -> None:
    article_limit, _ = limits
    title, body = ARTICLE.read_text(encoding="utf-8").split("\n", 1)
    root = _workspace(tmp_path / "ws", _largest(body, title, article_limit))
    config = load_config(root)
    assert run_ingest(config).problems == []
    report = run_extract(config)
    assert report.problems == [] and len(report.written) == 1
    assert run_check(config).errors == ()
    built = build_documents(config)
    assert built.problems == [] and "hungary/country-brief" in built.rendered
    assert run_extract(config).problems == []  # and again: nothing left that a later run cannot read


def test_an_article_whose_facts_would_exceed_the_fact_file_limit_is_refused_by_name(
        tmp_path: Path, limits: tuple[int, int]) -> None:
    article_limit, fact_limit = limits
    # One long sentence dense with figures: each figure repeats the whole sentence as its quote.
    figures = ", ".join(f"USD {n}.5 million in {2000 + n % 20}" for n in range(1, 60))
    sentence = f"Hungarian exports to Kazakhstan reached {figures}, the ministry said.\n\n"
    root = _workspace(tmp_path / "ws", _largest(sentence, "Hungary and Kazakhstan trade", article_limit))
    config = load_config(root)
    assert run_ingest(config).problems == []
    report = run_extract(config)
    assert [p.file for p in report.problems] == ["articles/big.txt"]
    assert f"more than the {fact_limit} a fact file may hold; not extracted" in report.problems[0].message
    assert not list((root / "facts" / "extracted").glob("*.json"))
    assert run_check(config).errors == ()  # everything that was written can be read


def test_a_file_name_that_is_not_utf8_is_refused_at_ingest(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws", ARTICLE.read_text(encoding="utf-8"))
    odd = Path(str(root / "articles") + "/caf\udce9.txt")
    odd.write_bytes(ARTICLE.read_bytes().replace(b"Budapest", b"Debrecen"))
    config = load_config(root)
    report = run_ingest(config)  # the workspace's own folder: refusals are warnings there
    assert [str(p) for p in report.problems + report.warnings] == [
        "articles/caf\\xe9.txt: the file name is not valid UTF-8; rename the file to register it"]
    assert len(report.sources) == 1
    assert run_extract(config).problems == [] and run_check(config).errors == ()
