"""A long fuzzing campaign over ingest, extraction, YAML loading and Markdown escaping.

    .venv/bin/python benchmarks/fuzz_campaign.py --minutes 20 [--batch 500] [--seed 1] [--json out.json]

Runs the properties of tests/test_fuzz.py (the test suite runs them with a few dozen examples)
round-robin, ``--batch`` examples per target per round, until the time is up. Prints, per target,
how many inputs were tried and every distinct failure found (the shrunk input and the error).
Exit code 1 when something was found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import test_fuzz as props  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@dataclass
class Target:
    """One property under test, with its input strategy and what the campaign saw."""

    name: str
    strategy: st.SearchStrategy
    check: Callable[..., None]
    tried: int = 0
    seconds: float = 0.0
    findings: dict[str, str] = field(default_factory=dict)


def targets() -> list[Target]:
    """The fuzzed properties: the same checks as tests/test_fuzz.py."""
    return [
        Target("ingest: decode+describe random bytes",
               st.tuples(props.article_bytes, st.sampled_from(("text", "html")), st.sampled_from(props.DECLARED)),
               lambda pair: props.check_ingest_bytes(*pair)),
        Target("ingest: normalise+describe article-like text",
               st.tuples(props.article_texts, st.sampled_from(("text", "html"))),
               lambda pair: props.check_ingest_text(*pair)),
        Target("extract: spans of article-like text",
               st.tuples(props.article_texts, st.sampled_from(("Kazakhstan", "Hungary", "Uzbekistan"))),
               lambda pair: props.check_extract(*pair)),
        Target("extract: spans of arbitrary text", st.text(max_size=400), props.check_extract),
        Target("yaml: parse+validate random text", props.yaml_texts, props.check_yaml),
        Target("yaml: dump/parse round trip", props.yaml_values, props.check_yaml_round_trip),
        Target("yaml: fact-file validators on typed junk", props.fact_file_values, props.check_yaml_round_trip),
        Target("escape: arbitrary text renders literally", st.text(max_size=200), props.check_escape),
        Target("escape: markup pieces render literally",
               st.lists(st.sampled_from(props.ARTICLE_PIECES), max_size=16).map("".join), props.check_escape),
    ]


def _signature(exc: BaseException) -> str:
    """Error type plus the innermost briefgen frame: one finding per distinct bug."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "briefgen" in f.filename or "test_fuzz" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def run_round(target: Target, batch: int) -> None:
    """Run ``batch`` examples of one target, recording a shrunk failing input if there is one."""
    failing: list[str] = []

    def probe(value: object) -> None:
        target.tried += 1
        try:
            target.check(value)
        except Exception:
            failing[:] = [repr(value)[:400]]
            raise

    runner = settings(
        max_examples=batch, deadline=None, database=None, suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
    )(given(target.strategy)(probe))
    started = time.perf_counter()
    try:
        runner()
    except Exception as exc:  # noqa: BLE001 - every failure is a finding to report
        key = _signature(exc)
        if key not in target.findings:
            target.findings[key] = f"{failing[0] if failing else '?'} -> {str(exc).splitlines()[0][:300]}"
    target.seconds += time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Run the campaign and print a Markdown table of inputs tried and findings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=500, help="examples per target per round")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.minutes * 60
    chosen = targets()
    rounds = 0
    while time.monotonic() < deadline:
        for target in chosen:
            if time.monotonic() >= deadline:
                break
            run_round(target, args.batch)
        rounds += 1
        total = sum(t.tried for t in chosen)
        print(f"round {rounds}: {total} inputs tried, {sum(len(t.findings) for t in chosen)} findings", flush=True)
    print("\n| target | inputs tried | seconds | findings |\n|---|---:|---:|---|")
    for target in chosen:
        found = "; ".join(f"{k}: {v}" for k, v in target.findings.items()) or "none"
        print(f"| {target.name} | {target.tried:,} | {target.seconds:.0f} | {found} |")
    print(f"| **total** | {sum(t.tried for t in chosen):,} | | {sum(len(t.findings) for t in chosen)} |")
    if args.json:
        args.json.write_text(json.dumps([
            {"target": t.name, "tried": t.tried, "seconds": round(t.seconds, 1), "findings": t.findings} for t in chosen
        ], indent=2), encoding="utf-8")
    return 1 if any(t.findings for t in chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
