"""`briefgen extract` end to end: JSON shape, exact quotes, stable ids, machine-owned files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.extract.run import extract_article, run_extract
from briefgen.ingest.run import normalise_text, read_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "people"
SOURCE_KEYS = ["id", "path", "title", "date", "date_inferred", "outlet", "partner", "sha256"]


def _invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workspace(tmp_path: Path, corpus_dir: Path) -> Path:
    """A workspace with the corpus ingested."""
    (tmp_path / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Romania]\n", encoding="utf-8")
    shutil.copytree(corpus_dir, tmp_path / "articles")
    code, _, err = _invoke(tmp_path, "ingest")
    assert code == 0, err
    return tmp_path


def test_json_quotes_are_exact_spans(workspace: Path) -> None:
    code, out, err = _invoke(workspace, "extract", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["sources", "facts"]
    assert len(data["sources"]) == 5
    texts = {}
    for source in data["sources"]:
        assert list(source) == SOURCE_KEYS
        raw = (workspace / source["path"]).read_text(encoding="utf-8")
        texts[source["id"]] = normalise_text(raw)
    kinds = {fact["kind"] for fact in data["facts"]}
    assert kinds == {"figure", "person", "event", "topic"}
    for fact in data["facts"]:
        text = texts[fact["source"]]
        assert text[fact["start"] : fact["end"]] == fact["quote"], fact["id"]
        if fact["kind"] == "figure":
            assert {"metric", "value", "unit", "approx", "period", "scope"} <= set(fact)
            assert fact["mention"] and fact["mention"] in fact["quote"]
    ids = [fact["id"] for fact in data["facts"]]
    assert len(ids) == len(set(ids))
    # Sorted: by source, then position.
    order = [(fact["source"], fact["start"], fact["id"]) for fact in data["facts"]]
    assert order == sorted(order)
    # --json writes nothing.
    assert not (workspace / "facts" / "extracted").exists() or not list((workspace / "facts" / "extracted").iterdir())


def test_ids_are_stable_across_runs(workspace: Path) -> None:
    first = _invoke(workspace, "extract", "--json")[1]
    second = _invoke(workspace, "extract", "--json")[1]
    assert first == second
    ids = [f["id"] for f in json.loads(first)["facts"]]
    assert any("#p" in i for i in ids) and any("#e" in i for i in ids) and any("#t" in i for i in ids)


def test_extract_writes_files_once(workspace: Path) -> None:
    curated = workspace / "facts" / "curated" / "romania.yaml"
    curated.parent.mkdir(parents=True, exist_ok=True)
    curated.write_text("# hand-written\n", encoding="utf-8")
    code, out, err = _invoke(workspace, "extract")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["source", "figures", "people", "events", "topics"]
    assert "wrote 5 file(s), 0 unchanged" in out
    folder = workspace / "facts" / "extracted"
    files = sorted(folder.glob("*.json"))
    assert len(files) == 5
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    code, out, _ = _invoke(workspace, "extract")
    assert code == 0 and "wrote 0 file(s), 5 unchanged" in out
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.json")} == before
    assert curated.read_text(encoding="utf-8") == "# hand-written\n"
    # The file holds what --json prints for that source.
    data = json.loads(_invoke(workspace, "extract", "--json")[1])
    for path in files:
        content = json.loads(path.read_text(encoding="utf-8"))
        assert path.name == f"{content['source']}.json"
        expected = [f for f in data["facts"] if f["source"] == content["source"]]
        assert [f["id"] for f in content["facts"]] == [f["id"] for f in expected]
        assert content["facts"] == expected


def test_paths_must_be_registered_to_write(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("new") / "hungary.txt"
    shutil.copy(FIXTURES / "hungary_kazakhstan.txt", outside)
    code, _, err = _invoke(workspace, "extract", str(outside))
    assert code == 1
    assert "briefgen ingest" in err and "hungary.txt" in err
    assert not (workspace / "facts" / "extracted").exists()
    # Printing needs no registration.
    code, out, _ = _invoke(workspace, "extract", "--json", str(outside))
    assert code == 0
    data = json.loads(out)
    assert data["sources"][0]["partner"] == "Hungary"
    assert any(f["kind"] == "person" and f["name"] == "Gábor Kertész" for f in data["facts"])
    # A registered file given by path is extracted and written alone.
    registered = sorted((workspace / "articles").glob("004_*.txt"))[0]
    code, out, err = _invoke(workspace, "extract", str(registered))
    assert code == 0, err
    assert len(list((workspace / "facts" / "extracted").glob("*.json"))) == 1


def test_changed_article_is_reported(workspace: Path) -> None:
    article = sorted((workspace / "articles").glob("003_*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    report = run_extract(load_config(workspace), [])
    assert len(report.extractions) == 4
    assert len(report.problems) == 1 and "ingest" in report.problems[0].message


def test_no_sources_is_explained(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("home: Kazakhstan\n", encoding="utf-8")
    code, out, _ = _invoke(tmp_path, "extract")
    assert code == 0
    assert "briefgen ingest" in out


@pytest.mark.parametrize("stem", ["poland_uzbekistan", "hungary_kazakhstan", "turkey_azerbaijan"])
def test_extract_article_is_sorted_and_unique(stem: str) -> None:
    article = read_article(FIXTURES / f"{stem}.txt", home="Kazakhstan")
    extraction = extract_article(article, "Kazakhstan")
    keys = [(f.start, f.id) for f in extraction.facts]
    assert keys == sorted(keys)
    assert len({f.id for f in extraction.facts}) == len(keys)
    assert {f.kind for f in extraction.facts} >= {"person", "event", "topic"}
    for fact in extraction.facts:
        assert article.text[fact.start : fact.end] == fact.quote
    assert extract_article(article, "Kazakhstan") == extraction
