"""briefgen check: golden reports on fixture fact bases, single checks, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.factbase.check import check_factbase, months_before, run_check
from briefgen.factbase.load import load_factbase

FIXTURES = Path(__file__).parent / "fixtures" / "factbase"
GOLDEN = Path(__file__).parent / "golden" / "check"
AS_OF = dt.date(2025, 6, 1)
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _updating(request: pytest.FixtureRequest) -> bool:
    try:
        return bool(request.config.getoption("--update-golden", default=False))
    except ValueError:
        return False


@pytest.mark.parametrize("case", CASES)
def test_check_report_matches_golden(case: str, request: pytest.FixtureRequest) -> None:
    report = run_check(load_config(FIXTURES / case), as_of=AS_OF)
    text = "\n".join(report.lines()) + "\n"
    golden_txt, golden_json = GOLDEN / f"{case}.txt", GOLDEN / f"{case}.json"
    if _updating(request):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden_txt.write_text(text, encoding="utf-8")
        golden_json.write_text(report.to_json(), encoding="utf-8")
    assert text == golden_txt.read_text(encoding="utf-8")
    assert report.to_json() == golden_json.read_text(encoding="utf-8")


def test_conflicts_case_finds_each_kind_of_warning_and_no_error() -> None:
    report = run_check(load_config(FIXTURES / "conflicts"), as_of=AS_OF)
    codes = sorted({f.code for f in report.warnings})
    assert codes == ["arithmetic-sum", "conflict", "growth-base", "person-roles", "stale"]
    assert report.errors == ()
    assert report.exit_code(strict=False) == 0
    assert report.exit_code(strict=True) == 1
    conflict = next(f for f in report.warnings if f.code == "conflict")
    assert "€12.4 billion" in conflict.message and "€12.9 billion" in conflict.message
    # Ranks without a period from different dates are a time series, not a conflict.
    assert "trade_partner_rank" not in conflict.message


def test_curated_case_settles_the_conflict_and_reports_bad_entries() -> None:
    report = run_check(load_config(FIXTURES / "curated"), as_of=AS_OF)
    codes = [f.code for f in report.errors]
    assert codes.count("quote") == 2
    assert "curated-id" in codes and "value-not-in-quote" in codes
    assert not any(f.code in ("conflict", "person-roles", "growth-base") for f in report.warnings)
    bad_id = next(f for f in report.errors if f.code == "curated-id")
    assert (bad_id.file, bad_id.line) == ("facts/curated/poland.yaml", 12)
    # The corrected growth (4.8%) is exempt from the value-in-quote check.
    assert not any("#f112" in f.message for f in report.errors)


def test_malformed_case_reports_every_problem_with_its_line() -> None:
    report = run_check(load_config(FIXTURES / "malformed"), as_of=AS_OF)
    located = {(f.file, f.line) for f in report.errors}
    assert ("facts/extracted/2023-03-10-hungary-poland-review-trade-ties.json", 11) in located  # missing comma
    assert ("facts/extracted/2024-05-05-business-forum-krakow.json", 18) in located  # duplicate key
    assert ("facts/curated/poland.yaml", 12) in located  # 2023-13-01
    messages = [f.text() for f in report.errors]
    assert 'facts/curated/more.yaml:12: [schema] value: expected a number, got "2.9 bn"' in messages
    assert any('unknown metric "trade_volume"' in m for m in messages)
    assert any("unknown source" in m for m in messages)
    assert len(report.errors) >= 15
    # The valid rest of a partly broken file still loads.
    assert load_factbase(load_config(FIXTURES / "malformed")).people("Poland")


def test_quote_check_needs_the_article(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "curated", root)
    shutil.rmtree(root / "articles")
    report = run_check(load_config(root), as_of=AS_OF)
    assert not any(f.code == "quote" for f in report.errors)
    assert any(f.code == "quotes-unchecked" for f in report.info)


def test_growth_arithmetic_allows_rounding_but_not_a_wrong_rate() -> None:
    fb = load_factbase(load_config(FIXTURES / "curated"))
    # 4.8% (corrected) against 13.0 / 12.4 = +4.84%: within rounding, so no warning.
    report = check_factbase(fb, as_of=AS_OF)
    assert not any(f.code == "arithmetic-growth" for f in report.warnings)
    conflicts = run_check(load_config(FIXTURES / "conflicts"), as_of=AS_OF)
    assert not any(f.code == "arithmetic-growth" for f in conflicts.warnings)


def test_stale_is_relative_to_as_of() -> None:
    fb = load_factbase(load_config(FIXTURES / "conflicts"))
    early = check_factbase(fb, as_of=dt.date(2024, 6, 1), stale_months=18)
    late = check_factbase(fb, as_of=dt.date(2027, 1, 1), stale_months=18)
    assert not any(f.code == "stale" for f in early.warnings)
    stale = [f for f in late.warnings if f.code == "stale"]
    assert len(stale) == len({(v.metric, v.scope) for v in fb.figures()})


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(dt.date(2025, 8, 31), 18) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2025, 1, 15), 1) == dt.date(2024, 12, 15)


def test_report_is_deterministic_and_json_mirrors_lines() -> None:
    config = load_config(FIXTURES / "conflicts")
    first, second = run_check(config, as_of=AS_OF), run_check(config, as_of=AS_OF)
    assert first.lines() == second.lines() and first.to_json() == second.to_json()
    data = json.loads(first.to_json())
    assert [f["message"] for f in data["warnings"]] == [f.message for f in first.warnings]
    assert data["summary"] == {"errors": 0, "warnings": len(first.warnings)}


def test_cli_check_exit_codes() -> None:
    runner = CliRunner()
    root = str(FIXTURES / "conflicts")
    ok = runner.invoke(cli, ["--root", root, "check", "--as-of", "2025-06-01"])
    assert ok.exit_code == 0, ok.output
    assert "[conflict]" in ok.output
    strict = runner.invoke(cli, ["--root", root, "check", "--as-of", "2025-06-01", "--strict"])
    assert strict.exit_code == 1
    failing = runner.invoke(cli, ["--root", str(FIXTURES / "malformed"), "check", "--as-of", "2025-06-01"])
    assert failing.exit_code == 1
    assert "Traceback" not in failing.output
    as_json = runner.invoke(cli, ["--root", root, "check", "--as-of", "2025-06-01", "--json"])
    assert json.loads(as_json.output)["summary"]["errors"] == 0


def test_cli_bad_as_of_is_a_usage_error() -> None:
    runner = CliRunner()
    for command in ("check", "facts"):
        result = runner.invoke(cli, ["--root", str(FIXTURES / "conflicts"), command, "--as-of", "2023-13-01"])
        assert result.exit_code == 2
        assert "--as-of" in result.output


def test_cli_facts_table_and_json() -> None:
    runner = CliRunner()
    root = str(FIXTURES / "conflicts")
    table = runner.invoke(cli, ["--root", root, "facts", "Poland", "--metric", "trade_turnover"])
    assert table.exit_code == 0, table.output
    assert "€12.4 billion" in table.output and "disputed" in table.output
    early = runner.invoke(cli, ["--root", root, "facts", "--as-of", "2024-03-01", "--json"])
    rows = json.loads(early.output)
    turnover_2022 = [r for r in rows if r["metric"] == "trade_turnover" and r["period"] == "2022"]
    # Before the Krakow article (May 2024) the 2022 figure was undisputed.
    assert [(r["value"], r["status"]) for r in turnover_2022] == [(12.4e9, "extracted")]
    assert all(c["date"] <= "2024-03-01" for r in rows for c in r["citations"])
