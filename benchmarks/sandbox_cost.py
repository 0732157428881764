"""What rendering templates in Jinja's sandbox costs: the Romania country brief, fact box and
meeting sheet rendered to Markdown with SandboxedEnvironment and with a plain Environment.

    .venv/bin/python benchmarks/sandbox_cost.py [--runs 20]

Prints the median time per document set for each, in one warm process (templates compiled once).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _render_all(config, fb) -> None:  # noqa: ANN001
    from briefgen.documents.render import render_document

    render_document("country-brief", fb, "Romania", config)
    render_document("fact-box", fb, "Romania", config)
    for spec in fb.meetings("Romania"):
        render_document("meeting", fb, "Romania", config, meeting=spec)


def measure(runs: int) -> dict[str, float]:
    """Median seconds to render the three Romania documents, per environment class; the two
    are timed alternately in one warm process, each with its templates compiled beforehand."""
    import jinja2
    import jinja2.sandbox

    from briefgen.config import load_config
    from briefgen.documents import render
    from briefgen.factbase.load import load_factbase

    config = load_config(REPO)
    fb = load_factbase(config)
    key = str(config.templates)
    original = jinja2.sandbox.SandboxedEnvironment
    environments = {}
    try:
        for label, cls in (("jinja2.Environment", jinja2.Environment), ("jinja2.sandbox.SandboxedEnvironment", original)):
            jinja2.sandbox.SandboxedEnvironment = cls
            render._ENVIRONMENTS.clear()
            _render_all(config, fb)  # compiles the templates into this environment
            environments[label] = render._ENVIRONMENTS[key]
    finally:
        jinja2.sandbox.SandboxedEnvironment = original
    times: dict[str, list[float]] = {label: [] for label in environments}
    for _ in range(runs):
        for label, env in environments.items():
            render._ENVIRONMENTS[key] = env
            start = time.perf_counter()
            _render_all(config, fb)
            times[label].append(time.perf_counter() - start)
    render._ENVIRONMENTS.clear()
    return {label: statistics.median(values) for label, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    medians = measure(args.runs)
    plain, sandboxed = medians["jinja2.Environment"], medians["jinja2.sandbox.SandboxedEnvironment"]
    print("| environment | median per Romania document set |")
    print("|---|---|")
    print(f"| jinja2.Environment | {plain * 1000:.1f} ms |")
    print(f"| jinja2.sandbox.SandboxedEnvironment | {sandboxed * 1000:.1f} ms ({(sandboxed / plain - 1) * 100:+.1f} %) |")


if __name__ == "__main__":
    main()
