"""Fact ids come from what a fact is, so curated entries survive edits to their article; a
curated entry that matches nothing fails the build with file:line; old ids migrate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.extract.run import extract_article
from briefgen.model import Article, Source

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ARTICLE = """Hungary and Kazakhstan review trade in Budapest

BUDAPEST, March 5 (MTI) - The 10th meeting of the Hungarian-Kazakh Intergovernmental Commission was held in Budapest on 5 March 2024, the foreign ministry said.

Bilateral trade totalled USD 416.7 million in 2023, up 12.4% year-on-year. Hungarian exports to Kazakhstan reached USD 310.5 million in 2023.

More than 60 companies with Hungarian capital operate in Kazakhstan. Foreign Minister Peter Szijjarto chaired the meeting.
"""
INSERTED = "A note from the editor, added later and long enough to move every offset after it. "


def _source(text: str) -> Source:
    return Source("2024-03-05-hungary-trade", "articles/hu.txt", "Hungary and Kazakhstan review trade",
                  None, False, "MTI", None, "Hungary", "0" * 64, len(text.split()))


def _ids(text: str) -> dict[tuple, str]:
    facts = extract_article(Article(_source(text), text), "Kazakhstan").facts
    return {(f.kind, f.quote, getattr(f, "value", None), getattr(f, "name", None)): f.id for f in facts}


def test_ids_survive_text_inserted_before_the_fact() -> None:
    before = _ids(ARTICLE)
    edited = ARTICLE.replace("BUDAPEST, March 5", INSERTED + "BUDAPEST, March 5")
    after = _ids(edited)
    assert any(k[0] == "figure" for k in before), before
    unchanged = {k: v for k, v in before.items() if "BUDAPEST" not in k[1]}
    assert unchanged and all(after[k] == v for k, v in unchanged.items())
    assert len(set(before.values())) == len(before)  # unique within the article


def test_the_same_sentence_twice_gets_ordered_ids() -> None:
    sentence = "Bilateral trade totalled USD 416.7 million in 2023."
    text = f"Trade review\n\n{sentence}\n\nIn other news, the weather was fine.\n\n{sentence}\n"
    facts = [f for f in extract_article(Article(_source(text), text), "Kazakhstan").facts if f.kind == "figure"]
    assert len(facts) == 2
    assert facts[1].id == facts[0].id + "-2"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "hu.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "briefgen.yaml").write_text(
        f"home: Kazakhstan\npartners: [Hungary]\ntemplates: {TEMPLATES}\nformats: [md]\n", encoding="utf-8")
    return root


def _build(root: Path, *args: str):  # noqa: ANN202
    return CliRunner().invoke(cli, ["--root", str(root), "build", *args])


def _printed(path: Path) -> str:
    """The document without its "Changes since" lines (which name a withdrawn figure)."""
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if "no longer in the fact base" not in line)


def _figure_id(root: Path, needle: float) -> str:
    data = json.loads(next((root / "facts" / "extracted").glob("*.json")).read_text(encoding="utf-8"))
    return next(f["id"] for f in data["facts"] if f["kind"] == "figure" and f["value"] == needle)


def test_a_rejection_keeps_applying_after_the_article_is_edited(workspace: Path) -> None:
    first = _build(workspace)
    assert first.exit_code == 0, first.output
    brief = workspace / "build" / "hungary" / "country-brief.md"
    assert "$310.5 million" in brief.read_text(encoding="utf-8")
    fact_id = _figure_id(workspace, 310.5e6)
    curated = workspace / "facts" / "curated" / "hungary.yaml"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text(f"rejections:\n  - id: {fact_id}\n    reason: Counted twice.\n", encoding="utf-8")
    assert _build(workspace).exit_code == 0
    assert "$310.5 million" not in _printed(brief)
    article = workspace / "articles" / "hu.txt"
    article.write_text(ARTICLE.replace("BUDAPEST, March 5", INSERTED + "BUDAPEST, March 5"), encoding="utf-8")
    edited = _build(workspace)
    assert edited.exit_code == 0, edited.output
    assert _figure_id(workspace, 310.5e6) == fact_id
    assert "$310.5 million" not in _printed(brief)


def test_a_curated_entry_matching_nothing_fails_the_build_with_its_line(workspace: Path) -> None:
    assert _build(workspace).exit_code == 0
    curated = workspace / "facts" / "curated" / "hungary.yaml"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text("# desk corrections\nrejections:\n  - id: 2024-03-05-hungary-trade#f123\n    reason: Old id.\n",
                       encoding="utf-8")
    failed = _build(workspace)
    assert failed.exit_code == 1
    assert "facts/curated/hungary.yaml:3: rejection: no fact with id '2024-03-05-hungary-trade#f123'" in failed.output
    allowed = _build(workspace, "--allow-unmatched")
    assert allowed.exit_code == 0 and "warning: facts/curated/hungary.yaml:3" in allowed.output


def test_migrate_ids_renames_old_ids_in_extracted_and_curated_files(workspace: Path) -> None:
    assert _build(workspace).exit_code == 0
    extracted = next((workspace / "facts" / "extracted").glob("*.json"))
    new_id = _figure_id(workspace, 310.5e6)
    old_id = new_id.split("#")[0] + "#f9999"
    extracted.write_text(extracted.read_text(encoding="utf-8").replace(f'"{new_id}"', f'"{old_id}"'),
                         encoding="utf-8")
    curated = workspace / "facts" / "curated" / "hungary.yaml"
    curated.parent.mkdir(exist_ok=True)
    original = f"rejections:\n  - id: {old_id}   # the imports line\n    reason: Counted twice.\n"
    curated.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(workspace), "migrate-ids"])
    assert result.exit_code == 0, result.output
    assert "1 fact ids renamed" in result.output
    assert curated.read_text(encoding="utf-8") == original.replace(old_id, new_id)
    assert (curated.parent / "hungary.yaml.before-migrate-ids").read_text(encoding="utf-8") == original
    assert f'"{new_id}"' in extracted.read_text(encoding="utf-8")
    assert _build(workspace).exit_code == 0
