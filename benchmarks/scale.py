"""Linear at scale (issue 17, item 10): three steps that were quadratic, each timed at N and 4N.

    .venv/bin/python benchmarks/scale.py [--n-html 20000] [--n-people 1250] [--n-partners 150] [--runs 3]

- html: an HTML page with N unclosed <b> followed by N stray </i> (the end-tag search was
  quadratic), through the ingest stage's HTML text extraction;
- people: N articles naming one official in four spellings, the fact base asked what a build asks
  (people, current roles, the counterpart's history; joining spellings compared every pair);
- manifest: the manifest entries kept at the end of a build of N partners (every partner's
  output folder was worked out again for every entry).

Linear growth shows as a ratio near 4 between the 4N and the N time (far below 16).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _median(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def html_case(n: int) -> Callable[[], object]:
    from briefgen.ingest.htmltext import extract_html

    page = ("<html><body><article><h1>Trade</h1><p>Trade grew. " + "<b>x " * n + "</i>" * n
            + "</p></article></body></html>")
    return lambda: extract_html(page)


def people_case(n: int) -> Callable[[], object]:
    from briefgen.factbase.files import Curation
    from briefgen.factbase.query import merge_facts
    from briefgen.model import Extraction, Person, Source

    spellings = ("Roman Vassilenko", "Roman Vasilenko", "R. Vassilenko", "R.Vasilenko")
    extractions = []
    for i in range(n):
        source = Source(f"s{i:06d}", f"articles/{i}.txt", f"Article {i}", dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
                        False, "KAZINFORM", None, "Romania", "0" * 64, 100)
        name = spellings[i % len(spellings)]
        quote = f"Deputy Foreign Minister {name} met the delegation."
        person = Person(f"s{i:06d}#p-1", source.id, name, "Deputy Foreign Minister", "Ministry of Foreign Affairs",
                        "Kazakhstan", quote, 0, len(quote), (), source.date)
        extractions.append((source, Extraction(source, (person,))))
    sources = {s.id: s for s, _ in extractions}
    fb = merge_facts(sources, [e for _, e in extractions], Curation(), "Kazakhstan")

    def step() -> object:
        fb._cache.clear()  # a fresh fact base, as each build loads one
        people = fb.people("Romania")
        roles = fb.current_roles("Romania")
        history = fb.person_history("Roman Vassilenko")
        return people, roles, history

    return step


def manifest_case(n: int) -> Callable[[], object]:
    from briefgen.app.build import kept_entries
    from briefgen.app.manifest import DocumentEntry, Manifest
    from briefgen.config import load_config

    root = Path(tempfile.mkdtemp(prefix="briefgen-scale-"))
    partners = [f"Partnerland {i}" for i in range(n)]
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners:\n" + "".join(f"  - {p}\n" for p in partners),
                                        encoding="utf-8")
    config = load_config(root)
    documents = {}
    for i in range(n):
        for name in ("country-brief", "fact-box", "meeting-2026-01-01-visit"):
            documents[f"partnerland-{i}/{name}"] = DocumentEntry("0" * 64, {f"partnerland-{i}/{name}.md": (1, 1)})
    manifest = Manifest("", documents)
    # A build of every partner (what `briefgen build` does after an edit): each entry is checked
    # against the folders of the partners built.
    return lambda: kept_entries(config, manifest, tuple(partners))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-html", type=int, default=20000)
    parser.add_argument("--n-people", type=int, default=1250)
    parser.add_argument("--n-partners", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = [("html: N <b> then N stray </i>", html_case, args.n_html),
            ("people: N articles, one official, 4 spellings", people_case, args.n_people),
            ("manifest: entries kept after a build of N partners", manifest_case, args.n_partners)]
    print("| step | N | time at N | time at 4N | 4N / N |")
    print("|---|---|---|---|---|")
    for label, case, n in rows:
        small = _median(case(n), args.runs)
        large = _median(case(4 * n), args.runs)
        print(f"| {label} | {n:,} | {small * 1000:.1f} ms | {large * 1000:.1f} ms | {large / small:.1f} |")


if __name__ == "__main__":
    main()
