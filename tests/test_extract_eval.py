"""Evaluation of the figure extractor against hand-written gold annotations (tests/gold/*.yaml).

Run ``.venv/bin/python tests/test_extract_eval.py`` to print the table without pytest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefgen.core.vocab import APPROX, METRICS, SCOPES, UNITS  # noqa: E402
from briefgen.extract.figures import extract_figures  # noqa: E402
from briefgen.extract.readback import find_values  # noqa: E402
from briefgen.ingest.run import read_article  # noqa: E402
from briefgen.model import Figure  # noqa: E402
from briefgen.storage.yamlfiles import read_yaml  # noqa: E402

GOLD = REPO / "tests" / "gold"
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"
THRESHOLDS = {"precision": 0.97, "recall": 0.95, "metric": 0.90, "period": 0.90, "detail": 0.90}
TOLERANCE = 0.005


@dataclasses.dataclass
class Score:
    """Counts for one article or for all of them."""

    name: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    metric_ok: int = 0
    period_ok: int = 0
    # approx, scope and base all agreeing with gold (reported, checked at a looser bar).
    detail_ok: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.metric_ok += other.metric_ok
        self.period_ok += other.period_ok
        self.detail_ok += other.detail_ok

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def metric(self) -> float:
        return self.metric_ok / self.matched if self.matched else 1.0

    @property
    def period(self) -> float:
        return self.period_ok / self.matched if self.matched else 1.0

    @property
    def detail(self) -> float:
        return self.detail_ok / self.matched if self.matched else 1.0


def article_path(ref: str) -> Path:
    """The file a gold annotation refers to: "corpus:<name>" or a path under tests/."""
    if ref.startswith("corpus:"):
        return CORPUS / ref.split(":", 1)[1]
    return REPO / "tests" / ref


def gold_files() -> list[Path]:
    """Gold annotations whose article is present (corpus ones are skipped without ../shared)."""
    return [p for p in sorted(GOLD.glob("*.yaml")) if article_path(str(read_yaml(p)["article"])).is_file()]


def load_case(path: Path) -> tuple[str, Figure | None, list[dict], list[Figure]]:
    """Read a gold file, extract its article and return (name, _, gold figures, predictions)."""
    gold = read_yaml(path)
    article = read_article(article_path(str(gold["article"])), home=gold["home"])
    # The gold file fixes date and partner so the score measures figure extraction alone.
    source = dataclasses.replace(
        article.source, date=dt.date.fromisoformat(str(gold["date"])), partner=gold["partner"]
    )
    predicted = extract_figures(article.text, source, gold["home"])
    for figure in predicted:
        assert article.text[figure.start : figure.end] == figure.quote
    return path.stem, None, list(gold["figures"]), predicted


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def match(gold: list[dict], predicted: list[Figure]) -> list[tuple[dict, Figure]]:
    """One-to-one pairs by (unit, value within 0.5%), preferring pairs that also agree on metric and period."""
    pairs: list[tuple[dict, Figure]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    preferences = (
        lambda g, p: g["metric"] == p.metric and _period(g) == p.period,
        lambda g, p: g["metric"] == p.metric,
        lambda g, p: True,
    )
    for prefer in preferences:
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(predicted):
                if pi in used_p or p.unit != g["unit"] or not _close(float(g["value"]), p.value):
                    continue
                if prefer(g, p):
                    pairs.append((g, p))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    return pairs


def _period(g: dict) -> str | None:
    return None if g.get("period") is None else str(g["period"])


def score_case(name: str, gold: list[dict], predicted: list[Figure]) -> Score:
    """Score one article and list its mistakes."""
    pairs = match(gold, predicted)
    score = Score(name, gold=len(gold), predicted=len(predicted), matched=len(pairs))
    for g, p in pairs:
        score.metric_ok += g["metric"] == p.metric
        score.period_ok += _period(g) == p.period
        if g["metric"] != p.metric or _period(g) != p.period:
            score.errors.append(
                f"{name}: {p.mention!r} gold {g['metric']}/{_period(g)} got {p.metric}/{p.period}"
            )
        wanted = (g.get("approx"), g.get("scope"), None if g.get("base") is None else str(g["base"]))
        got = (p.approx, p.scope, p.base)
        score.detail_ok += wanted == got
        if wanted != got:
            score.errors.append(f"{name}: {p.mention!r} approx/scope/base gold {wanted} got {got}")
    matched_p = {id(p) for _, p in pairs}
    matched_g = {id(g) for g, _ in pairs}
    score.errors += [f"{name}: extra {p.metric} {p.value} {p.unit} {p.mention!r}" for p in predicted if id(p) not in matched_p]
    score.errors += [f"{name}: missed {g['metric']} {g['value']} {g['unit']}" for g in gold if id(g) not in matched_g]
    return score


def evaluate() -> tuple[Score, list[Score]]:
    """Score every gold article; the overall score and the per-article ones."""
    total = Score("ALL")
    rows = []
    for path in gold_files():
        name, _, gold, predicted = load_case(path)
        row = score_case(name, gold, predicted)
        rows.append(row)
        total.add(row)
    return total, rows


def table(total: Score, rows: list[Score]) -> str:
    """The evaluation table as text."""
    lines = [f"{'article':30} {'gold':>4} {'pred':>4} {'match':>5} {'prec':>6} {'recall':>6} {'metric':>6} {'period':>6} {'detail':>6}"]
    for row in [*rows, total]:
        lines.append(
            f"{row.name:30} {row.gold:4} {row.predicted:4} {row.matched:5} {row.precision:6.3f} "
            f"{row.recall:6.3f} {row.metric:6.3f} {row.period:6.3f} {row.detail:6.3f}"
        )
    errors = [e for row in rows for e in row.errors]
    return "\n".join(lines + (["", "mistakes:", *errors] if errors else []))


def test_gold_files_are_valid() -> None:
    files = sorted(GOLD.glob("*.yaml"))
    fixtures = [p for p in files if str(read_yaml(p)["article"]).startswith("fixtures/")]
    assert len(fixtures) >= 10
    for path in files:
        gold = read_yaml(path)
        assert article_path(str(gold["article"])).is_file() or str(gold["article"]).startswith("corpus:")
        dt.date.fromisoformat(str(gold["date"]))
        for fig in gold["figures"]:
            assert fig["metric"] in METRICS, (path.name, fig)
            assert fig["unit"] in UNITS, (path.name, fig)
            assert fig.get("approx") in (None, *APPROX), (path.name, fig)
            assert fig.get("scope") in (None, *SCOPES), (path.name, fig)


def test_extraction_meets_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    total, rows = evaluate()
    assert rows, "no gold articles found"
    with capsys.disabled():
        print("\n" + table(total, rows))
    assert total.precision >= THRESHOLDS["precision"], table(total, rows)
    assert total.recall >= THRESHOLDS["recall"], table(total, rows)
    assert total.metric >= THRESHOLDS["metric"], table(total, rows)
    assert total.period >= THRESHOLDS["period"], table(total, rows)
    assert total.detail >= THRESHOLDS["detail"], table(total, rows)


def test_every_figure_value_occurs_in_its_quote() -> None:
    """What check verifies later: find_values reads each extracted value back from its quote."""
    for path in gold_files():
        name, _, _, predicted = load_case(path)
        for figure in predicted:
            found = find_values(figure.quote, default_currency=figure.unit)
            assert any(u == figure.unit and _close(v, figure.value) for v, u in found), (name, figure.mention)


def test_corpus_extraction_speed(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = [read_article(p) for p in sorted(corpus_dir.glob("*.txt"))]
    extract_figures(articles[0].text, articles[0].source, "Kazakhstan")  # warm the regex caches
    timings = []
    for article in articles:
        started = time.perf_counter()
        extract_figures(article.text, article.source, "Kazakhstan")
        timings.append((article.source.id, time.perf_counter() - started))
    with capsys.disabled():
        print("\nextraction time per corpus article:")
        for name, seconds in timings:
            print(f"  {name[:60]:60} {seconds * 1000:7.1f} ms")
        print(f"  {'total':60} {sum(s for _, s in timings) * 1000:7.1f} ms")
    assert sum(s for _, s in timings) < 0.5


if __name__ == "__main__":
    print(table(*evaluate()))
