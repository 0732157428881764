"""`briefgen check`: schema, curation, quotes, conflicts, arithmetic, staleness and roles."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from briefgen.core.clock import today
from briefgen.core.periods import (
    months_before,
    period_end,
    previous_period,
    same_period_kind,
)
from briefgen.core.values import format_value
from briefgen.errors import BriefgenError, Problem
from briefgen.factbase.curation import is_same_value
from briefgen.factbase.query import FactBase
from briefgen.model import FigureView

SEVERITIES = ("error", "warning", "info")
SUM_TOLERANCE = 0.02  # exports + imports may differ from turnover by this share
GROWTH_TOLERANCE = 0.15  # percentage points, on top of the rounding of the figures compared
GROWTH_OF = {"trade_growth": "trade_turnover", "exports_growth": "exports", "imports_growth": "imports"}
# Unit families of numbers.find_values that a figure of each unit may be read as.
_COUNTABLE = {"count", "people", "number", "", None}


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the check, located in facts/ where possible."""

    severity: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    facts: tuple[str, ...] = ()

    def text(self) -> str:
        """``file:line: [code] message``."""
        place = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return f"{place}[{self.code}] {self.message}"

    def to_dict(self) -> dict:
        """A JSON-ready mapping."""
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "file": self.file, "line": self.line, "facts": list(self.facts)}


def _order(f: Finding) -> tuple:
    return (f.file or "~", f.line or 0, f.code, f.message)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """All findings of one check, grouped by severity."""

    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    info: tuple[Finding, ...]
    as_of: dt.date

    def exit_code(self, strict: bool = False) -> int:
        """1 on errors (or on warnings when strict), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def lines(self) -> list[str]:
        """The human report: errors, warnings, info, then a summary line."""
        out: list[str] = []
        for title, findings in (("errors", self.errors), ("warnings", self.warnings), ("info", self.info)):
            out.append(f"{title} ({len(findings)}):")
            out.extend(f"  {f.text()}" for f in findings)
        out.append(f"check as of {self.as_of.isoformat()}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return out

    def to_json(self) -> str:
        """The same content as ``lines()`` as a JSON document."""
        data = {
            "as_of": self.as_of.isoformat(),
            "errors": [f.to_dict() for f in self.errors],
            "warnings": [f.to_dict() for f in self.warnings],
            "info": [f.to_dict() for f in self.info],
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings)},
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _label(view: FigureView) -> str:
    scope = f" {view.scope}" if view.scope else ""
    when = view.period or f"as of {view.as_of.isoformat() if view.as_of else '?'}"
    return f"{view.partner} {view.metric}{scope} {when}"


class _Checker:
    def __init__(self, fb: FactBase, as_of: dt.date, stale_months: int, texts: dict[str, str] | None):
        self.fb, self.as_of, self.stale_months, self.texts = fb, as_of, stale_months, texts
        self.findings: list[Finding] = []

    def add(self, severity: str, code: str, message: str, ids: tuple[str, ...] = ()) -> None:
        where = next((self.fb.location(i) for i in ids if self.fb.location(i)), None)
        self.findings.append(Finding(severity, code, message, where.file if where else None,
                                     where.line if where else None, tuple(ids)))

    def located(self, severity: str, code: str, problem: Problem) -> None:
        self.findings.append(Finding(severity, code, problem.message, problem.file, problem.line))

    # -- errors -------------------------------------------------------------

    def quotes(self) -> None:
        if self.texts is None:
            return
        cited = {r.citation.source for r in self.fb.records.values() if r.citation.source}
        missing = sorted(cited - set(self.texts))
        if missing:
            self.add("info", "quotes-unchecked",
                     f"quotes not checked for {len(missing)} source(s) whose article is not available: {', '.join(missing)}")
        for record in sorted(self.fb.records.values(), key=lambda r: r.fact.id):
            citation = record.citation
            if record.status == "rejected" or not citation.source or citation.source not in self.texts:
                continue
            text = self.texts[citation.source]
            if citation.start is None:
                if citation.quote not in text:
                    self.add("error", "quote", f"{record.fact.id}: quote not found in {citation.source}", (record.fact.id,))
                continue
            if text[citation.start:citation.end] != citation.quote:
                elsewhere = text.find(citation.quote)
                hint = f" (it occurs at {elsewhere})" if elsewhere >= 0 else " (nor anywhere in the article)"
                self.add("error", "quote",
                         f"{record.fact.id}: quote not found at {citation.start}-{citation.end} in {citation.source}{hint}",
                         (record.fact.id,))

    def values_in_quotes(self) -> None:
        from briefgen.extract.readback import (
            find_values,  # compiles the extraction patterns: only when checking
        )

        for record in sorted(self.fb.records.values(), key=lambda r: r.fact.id):
            fact = record.fact
            if fact.kind != "figure" or record.status == "rejected" or not fact.quote:
                continue
            if "value" in record.corrected or "unit" in record.corrected:
                continue  # the correction's reason explains the difference
            found = find_values(fact.quote)
            if not any(_unit_fits(fact.unit, family) and is_same_value(value, fact.value) for value, family in found):
                self.add("error", "value-not-in-quote",
                         f"{fact.id}: {format_value(fact.value, fact.unit)} does not occur in its quote {json.dumps(fact.quote, ensure_ascii=False)}",
                         (fact.id,))

    # -- warnings -----------------------------------------------------------

    def conflicts(self) -> None:
        for views in self.fb.disputed():
            parts = [f"{format_value(v.value, v.unit)} ({', '.join(sorted({c.source or c.outlet or '?' for c in v.citations}))})" for v in views]
            ids = tuple(i for v in views for i in v.ids)
            self.add("warning", "conflict", f"{_label(views[0])}: {' vs '.join(parts)}", ids)

    def sums(self, views: list[FigureView]) -> None:
        by_key: dict[tuple, dict[str, list[FigureView]]] = {}
        for v in views:
            if v.period and v.metric in ("trade_turnover", "exports", "imports"):
                by_key.setdefault((v.partner, v.period, v.scope), {}).setdefault(v.metric, []).append(v)
        for (partner, period, _scope), metrics in sorted(by_key.items(), key=lambda kv: tuple(map(str, kv[0]))):
            for t, e, i in product(metrics.get("trade_turnover", []), metrics.get("exports", []), metrics.get("imports", [])):
                if len({t.unit, e.unit, i.unit}) != 1 or not t.value:
                    continue
                total = e.value + i.value
                if abs(total - t.value) > SUM_TOLERANCE * abs(t.value):
                    self.add("warning", "arithmetic-sum",
                             f"{partner} {period}: exports {format_value(e.value, e.unit)} + imports {format_value(i.value, i.unit)} = "
                             f"{format_value(total, t.unit)}, but turnover is {format_value(t.value, t.unit)} "
                             f"({abs(total - t.value) / t.value:.1%} apart)",
                             t.ids + e.ids + i.ids)

    def growth(self, views: list[FigureView]) -> None:
        by_period: dict[tuple, list[FigureView]] = {}
        for v in sorted(views, key=lambda v: (v.as_of or dt.date.min, v.id)):
            by_period.setdefault((v.partner, v.metric, v.period, v.scope), []).append(v)

        def pick(key: tuple, g: FigureView) -> FigureView | None:
            # Prefer the values the growth's own article states; else the latest known.
            found = by_period.get(key, [])
            own = {c.source for c in g.citations}
            return next((v for v in found if own & {c.source for c in v.citations}), found[-1] if found else None)

        for g in views:
            if g.metric not in GROWTH_OF or not g.period or g.unit != "percent":
                continue
            base = g.base or previous_period(g.period)
            if base is None:
                continue
            if g.base and not same_period_kind(g.period, g.base):
                self.add("warning", "growth-base",
                         f"{_label(g)}: growth of {format_value(g.value, g.unit)} compares {g.period} with {g.base}, a different kind of period",
                         g.ids)
                continue
            now = pick((g.partner, GROWTH_OF[g.metric], g.period, g.scope), g)
            then = pick((g.partner, GROWTH_OF[g.metric], base, g.scope), g)
            if not now or not then or not then.value or not now.value or now.unit != then.unit:
                continue
            actual = (now.value / then.value - 1) * 100
            slack = GROWTH_TOLERANCE + _half_unit(g.value) + 100 * (now.value / then.value) * (
                _half_unit(now.value) / abs(now.value) + _half_unit(then.value) / abs(then.value))
            if abs(actual - g.value) > slack:
                self.add("warning", "arithmetic-growth",
                         f"{_label(g)}: stated {format_value(g.value, g.unit)}, but {format_value(now.value, now.unit)} ({now.period}) "
                         f"against {format_value(then.value, then.unit)} ({then.period}) is {actual:+.2f}%",
                         g.ids + now.ids + then.ids)

    def doubts(self, views: list[FigureView]) -> None:
        """Figures the extractor was unsure of: listed until a person confirms them in facts/curated/."""
        for v in views:
            if v.review:
                self.add("warning", "needs-review",
                         f"{_label(v)}: {format_value(v.value, v.unit)} needs review: {v.review} "
                         f"(confirm or correct {v.id} in facts/curated/; documents leave it out until then)",
                         v.ids)

    def within_articles(self) -> None:
        """Checks inside one article: exports + imports against turnover in one sentence (whatever
        periods were read for them), and one amount given two different meanings."""
        by_sentence: dict[tuple, list] = {}
        by_amount: dict[tuple, list] = {}
        for record in sorted(self.fb.records.values(), key=lambda r: r.fact.id):
            fact = record.fact
            if fact.kind != "figure" or record.status == "rejected" or not record.citation.source:
                continue
            by_sentence.setdefault((record.citation.source, fact.start), []).append(fact)
            if fact.unit not in ("percent", "rank", "count", "people"):
                by_amount.setdefault((record.citation.source, fact.unit, round(fact.value, 6)), []).append(fact)
        for facts in by_sentence.values():
            metrics = {m: [f for f in facts if f.metric == m] for m in ("trade_turnover", "exports", "imports")}
            for t, e, i in product(metrics["trade_turnover"], metrics["exports"], metrics["imports"]):
                if len({t.unit, e.unit, i.unit}) != 1 or not t.value or (t.period and t.period == e.period == i.period):
                    continue  # one stated period: the fact-base-wide sum check reports it
                total = e.value + i.value
                if abs(total - t.value) > SUM_TOLERANCE * abs(t.value):
                    self.add("warning", "arithmetic-sum",
                             f"{t.id}: in one sentence, exports {format_value(e.value, e.unit)} + imports "
                             f"{format_value(i.value, i.unit)} = {format_value(total, t.unit)}, but turnover is "
                             f"{format_value(t.value, t.unit)}", (t.id, e.id, i.id))
        for facts in by_amount.values():
            labels = sorted({f.metric for f in facts})
            if len(labels) > 1:
                self.add("warning", "two-labels",
                         f"{facts[0].source}: {format_value(facts[0].value, facts[0].unit)} is read as "
                         f"{' and as '.join(labels)} in one article", tuple(f.id for f in facts))

    def stale(self, views: list[FigureView]) -> None:
        cutoff = months_before(self.as_of, self.stale_months)
        latest: dict[tuple, FigureView] = {}
        for v in views:
            key = (v.partner, v.metric, v.scope)
            rank = (period_end(v.period, v.as_of) or dt.date.min, v.as_of or dt.date.min, v.id)
            old = latest.get(key)
            if old is None or rank > (period_end(old.period, old.as_of) or dt.date.min, old.as_of or dt.date.min, old.id):
                latest[key] = v
        for v in latest.values():
            if v.as_of and v.as_of < cutoff:
                self.add("warning", "stale",
                         f"{_label(v)}: latest figure {format_value(v.value, v.unit)} is as of {v.as_of.isoformat()}, "
                         f"older than {self.stale_months} months", v.ids)

    def roles(self) -> None:
        for group, roles in self.fb.current_roles(None):
            if len(roles) > 1:
                ids = tuple(dict.fromkeys([*(v.id for v in roles), *sorted(r.fact.id for r in group)]))
                stated = "; ".join(f"{v.role} ({', '.join(c.source or c.outlet or '?' for c in v.citations)})" for v in roles)
                when = roles[0].as_of.isoformat() if roles[0].as_of else "an unknown date"
                self.add("warning", "person-roles", f"{roles[0].name} has two current roles on {when}: {stated}", ids)

    # -- info -----------------------------------------------------------------

    def counts(self, views: list[FigureView]) -> None:
        kinds: dict[str, Counter] = {}
        for record in self.fb.records.values():
            if record.status != "rejected":
                kinds.setdefault(record.partner or "?", Counter())[record.fact.kind] += 1
        for partner in sorted(kinds):
            summary = ", ".join(f"{kinds[partner][k]} {k}(s)" for k in ("figure", "person", "event", "topic"))
            self.add("info", "count", f"{partner}: {summary}")
        years: dict[tuple, Counter] = {}
        for v in views:
            end = period_end(v.period, v.as_of)
            years.setdefault((v.partner, v.metric), Counter())[str(end.year) if end else "undated"] += 1
        for (partner, metric), counter in sorted(years.items()):
            spread = ", ".join(f"{year}: {n}" for year, n in sorted(counter.items()))
            self.add("info", "count", f"{partner} {metric}: {sum(counter.values())} figure(s) ({spread})")
        rejected, superseded = len(self.fb.rejected()), sum(v.status == "superseded" for v in self.fb.all_figures())
        if rejected or superseded:
            self.add("info", "curation", f"{rejected} figure(s) rejected, {superseded} superseded by a preference")


def _unit_fits(unit: str, family: str | None) -> bool:
    return family == unit or (unit in _COUNTABLE and family in _COUNTABLE)


def _half_unit(value: float) -> float:
    """Half the last significant digit of ``value`` as written (2.92e9 -> 5e6)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** exponent if isinstance(exponent, int) else 0.0


def check_factbase(
    fb: FactBase,
    problems: list[Problem] | tuple[Problem, ...] | None = None,
    *,
    as_of: dt.date | None = None,
    stale_months: int = 18,
    article_texts: dict[str, str] | None = None,
) -> CheckReport:
    """Check a loaded fact base (pure); ``article_texts`` maps source id -> normalised text."""
    checker = _Checker(fb, as_of or today(), stale_months, article_texts)
    for problem in fb.problems if problems is None else problems:
        checker.located("error", "schema", problem)
    for problem in fb.curation_problems:
        checker.located("error", "curated-id", problem)
    checker.quotes()
    checker.values_in_quotes()
    views = fb.figures()
    checker.conflicts()
    checker.sums(views)
    checker.growth(views)
    checker.stale(views)
    checker.doubts(views)
    checker.within_articles()
    checker.roles()
    checker.counts(views)
    grouped = {s: [f for f in checker.findings if f.severity == s] for s in SEVERITIES}
    return CheckReport(
        errors=tuple(sorted(grouped["error"], key=_order)),
        warnings=tuple(sorted(grouped["warning"], key=_order)),
        info=tuple(grouped["info"]),
        as_of=checker.as_of,
    )


def run_check(config, *, as_of: dt.date | None = None) -> CheckReport:  # noqa: ANN001
    """Load the fact base, read the available articles, and check everything (the caller decides
    the exit code with ``report.exit_code(strict)``)."""
    from briefgen.factbase.load import load_factbase

    fb = load_factbase(config)
    texts = read_article_texts(config, fb)
    return check_factbase(fb, as_of=as_of, stale_months=config.stale_after_months, article_texts=texts)


def read_article_texts(config, fb: FactBase) -> dict[str, str]:  # noqa: ANN001
    """Texts of the registered articles that are present and unchanged (others are skipped)."""
    from briefgen.ingest.run import load_article  # only a check reads the articles themselves

    texts: dict[str, str] = {}
    for source_id, source in sorted(fb.sources.items()):
        try:
            texts[source_id] = load_article(config, source).text
        except (BriefgenError, OSError):
            continue
    return texts


__all__ = ["CheckReport", "Finding", "check_factbase", "run_check"]
