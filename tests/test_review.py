"""Doubt and consistency: figures the extractor cannot decide carry `review`, `check` lists them as
needing review, documents leave them out until a person confirms them in facts/curated/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from briefgen.config import load_config
from briefgen.documents.selection import CheckedFacts, key_figures
from briefgen.extract.run import run_extract
from briefgen.factbase.check import run_check
from briefgen.factbase.load import load_factbase
from briefgen.ingest.run import run_ingest

FIXTURE = Path(__file__).parent / "fixtures" / "review"
AS_OF = dt.date(2024, 9, 1)


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE, root)
    config = load_config(root)
    run_ingest(config)
    run_extract(config)
    return root


def _figures(root: Path) -> dict[float, object]:
    fb = load_factbase(load_config(root))
    return {v.value: v for v in fb.figures("Malaysia")}


def test_doubtful_figures_are_marked_listed_and_left_out(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    views = _figures(root)
    # "a further $75 million": nothing says what the amount measures.
    assert views[75e6].metric == "other" and views[75e6].review.startswith("no metric cue")
    # The exports' period is the article's reporting period, not stated with the figure.
    assert views[160e6].metric == "imports" and views[160e6].period == "2024-01/2024-06"
    assert "reporting period" in views[160e6].review
    assert views[210e6].review is None
    report = run_check(load_config(root), as_of=AS_OF)
    flagged = [f for f in report.warnings if f.code == "needs-review"]
    assert len(flagged) == 2 and all("needs review" in f.text() for f in flagged)
    # The documents' fact box shows the turnover but not the unconfirmed imports.
    rows = key_figures(CheckedFacts(load_factbase(load_config(root))), "Malaysia", AS_OF)
    assert [r.metric for r in rows] == ["trade_turnover"]


def test_a_curated_confirmation_clears_the_doubt(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    fact_id = _figures(root)[160e6].id
    curated = root / "facts" / "curated" / "malaysia.yaml"
    curated.parent.mkdir(parents=True, exist_ok=True)
    curated.write_text(
        f"corrections:\n  - id: {fact_id}\n    review: null\n"
        "    reason: The ministry's release covers January-June 2024 throughout.\n",
        encoding="utf-8",
    )
    views = _figures(root)
    assert views[160e6].review is None
    report = run_check(load_config(root), as_of=AS_OF)
    assert [f.facts for f in report.warnings if f.code == "needs-review"] == [(views[75e6].id,)]
    rows = key_figures(CheckedFacts(load_factbase(load_config(root))), "Malaysia", AS_OF)
    assert sorted(r.metric for r in rows) == ["imports", "trade_turnover"]


def test_checks_inside_one_article(tmp_path: Path) -> None:
    """Exports + imports against turnover; one amount read with two meanings in one article."""
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE, root)
    (root / "articles" / "malaysia-2023.txt").write_text(
        " date 2024-08-20 Kazakh-Malaysian trade in 2023\n\n"
        "In 2023, bilateral trade reached $500 million, with Kazakh exports of $120 million and imports of"
        " $310 million.\n\nMalaysia supplied palm oil worth $45 million in 2023. Kazakhstan's exports to"
        " Malaysia reached $45 million in 2022.\n",
        encoding="utf-8",
    )
    config = load_config(root)
    run_ingest(config)
    run_extract(config)
    report = run_check(load_config(root), as_of=AS_OF)
    sums = [f for f in report.warnings if f.code == "arithmetic-sum"]
    assert len(sums) == 1 and "$120 million" in sums[0].message and "$500 million" in sums[0].message
    labels = [f for f in report.warnings if f.code == "two-labels"]
    assert len(labels) == 1 and "$45 million" in labels[0].message and "exports" in labels[0].message
