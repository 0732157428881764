"""Schemas of the files in facts/: every problem reported with file and line, never a traceback."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.factbase.files import parse_curated, parse_extracted, parse_meeting, read_safely
from briefgen.factbase.load import load_factbase
from briefgen.factbase.schema import FACT_SPECS, Collector, period_range
from briefgen.model import Event, Figure, Person, Source, Topic
from briefgen.storage.yamlfiles import parse_yaml

SOURCES = {"s1": Source("s1", "articles/s1.txt", "T", dt.date(2024, 1, 5), False, None, None, "Hungary", "0" * 64, 10)}


def _curated(text: str, name: str = "facts/curated/hu.yaml"):  # noqa: ANN202
    out = Collector(name)
    return parse_curated(parse_yaml(text, name), out, SOURCES), [str(p) for p in out.problems]


def test_fact_specs_cover_every_model_field() -> None:
    for kind, cls in (("figure", Figure), ("person", Person), ("event", Event), ("topic", Topic)):
        names = {f.name for f in dataclasses.fields(cls)}
        assert set(FACT_SPECS[kind]) == names | {"kind"}


@pytest.mark.parametrize("period", ["2024", "2023-12", "2018-01/2018-09", "2005/2023-09", "2024-02-29"])
def test_valid_periods(period: str) -> None:
    start, end = period_range(period)
    assert start <= end


@pytest.mark.parametrize("period", ["2023-13", "24", "2024/2023", "Q3 2023", "2023-02-30", "", "2018-01/2018-09/2019"])
def test_invalid_periods(period: str) -> None:
    assert period_range(period) is None


def test_curated_entries_parse() -> None:
    curation, problems = _curated(
        "corrections:\n"
        "  - id: s1#f10\n    value: 2.9\n    period: 2024\n    approx: null\n    reason: misprint\n"
        "rejections:\n  - {id: s1#f20, reason: duplicate}\n"
        "preferences:\n  - {prefer: s1#f10, over: [s2#f3], reason: official}\n  - {prefer: s1#f11, reason: newer}\n"
        "additions:\n"
        "  - id: hu#1\n    kind: figure\n    source: s1\n    quote: Trade was 1 billion.\n"
        "    metric: trade_turnover\n    value: 1000000000\n    unit: USD\n    period: '2023'\n"
        "  - id: hu#2\n    kind: event\n    event: visit\n    title: State visit\n    date: 2024-05-02\n"
        "    reference: {outlet: Gazette, title: Visit, date: 2024-05-03, url: https://example.org/v}\n"
    )
    assert problems == []
    [correction] = curation.corrections
    assert dict(correction.changes) == {"value": 2.9, "period": "2024", "approx": None}
    assert (correction.where.file, correction.where.line) == ("facts/curated/hu.yaml", 2)
    assert curation.rejections[0].id == "s1#f20"
    assert [p.over for p in curation.preferences] == [("s2#f3",), None]
    figure, event = curation.additions
    assert figure.partner == "Hungary" and figure.fact.partner == "Hungary" and figure.fact.start == -1
    assert event.reference.outlet == "Gazette" and event.fact.date == "2024-05-02"


def test_every_curated_problem_in_one_run() -> None:
    _, problems = _curated(
        "corrections:\n"
        "  - id: s1#f10\n    value: \"2.9 bn\"\n    reason: typo\n"   # 3
        "  - id: s1#f11\n    colour: red\n    reason: x\n"            # 6
        "  - id: s1#f12\n    reason: nothing changed\n"               # 8
        "rejections:\n  - id: s1#f20\n"                               # 11
        "additions:\n"
        "  - id: hu#1\n    kind: figure\n    metric: exports\n    value: 5\n    unit: USD\n    partner: Hungary\n"  # 13
        "  - id: hu#2\n    kind: figure\n    source: s9\n    quote: q\n    metric: exports\n    value: 5\n    unit: USD\n"  # 19
        "  - id: hu#3\n    kind: rumour\n"                            # 27
        "  - id: hu#4\n    kind: figure\n    metric: gdp\n    value: 5\n    unit: USD\n    partner: Hungary\n"
        "    reference: {outlet: X, title: Y, date: 2024-01-01}\n"
        "extras: []\n"
    )
    shortened = sorted((p.split(" (")[0] for p in problems), key=lambda p: int(p.split(":")[1]))
    assert shortened == [
        'facts/curated/hu.yaml:3: value: expected a number, got "2.9 bn"',
        "facts/curated/hu.yaml:6: colour: unknown key",
        "facts/curated/hu.yaml:8: correction changes nothing",
        "facts/curated/hu.yaml:11: reason: missing",
        "facts/curated/hu.yaml:13: an added figure must cite a source: a registered source id with its quote, "
        "or a reference {outlet, title, date, url}",
        'facts/curated/hu.yaml:21: source: unknown source "s9"',
        'facts/curated/hu.yaml:27: kind: unknown kind "rumour"',
        'facts/curated/hu.yaml:30: metric: unknown metric "gdp"',
        "facts/curated/hu.yaml:35: extras: unknown key",
    ]


def test_extracted_fact_problems_leave_the_good_facts() -> None:
    text = (
        "source: s1\nsha256: abc\nfacts:\n"
        "  - id: s1#f1\n    kind: figure\n    source: s1\n    metric: exports\n    value: 5.0\n    unit: USD\n"
        "    period: '2023'\n    quote: Exports were 5 dollars.\n    start: 0\n    end: 23\n"
        "  - id: s1#f2\n    kind: figure\n    source: s1\n    metric: exports\n    value: 5.0\n    unit: USD\n"
        "    start: 0\n    end: 23\n"
        "  - id: s1#p3\n    kind: person\n    source: s2\n    name: A\n    quote: q\n    start: 0\n    end: 1\n"
        "  - id: s1#f1\n    kind: topic\n    source: s1\n    topic: energy\n    quote: q\n    start: 0\n    end: 1\n"
    )
    out = Collector("facts/extracted/s1.yaml")
    parsed = parse_extracted(parse_yaml(text, out.file), out, SOURCES, "s1")
    assert [f.id for f in parsed.extraction.facts] == ["s1#f1"]
    assert parsed.extraction.facts[0].approx is None  # left out: reads as null
    messages = [str(p) for p in out.problems]
    assert messages == [
        "facts/extracted/s1.yaml:14: quote: missing (required in a figure)",
        'facts/extracted/s1.yaml:24: source: "s2" differs from the file\'s source "s1"',
        'facts/extracted/s1.yaml:29: id: duplicate fact id "s1#f1"',
    ]


def test_extracted_file_must_match_a_registered_source() -> None:
    out = Collector("facts/extracted/s3.yaml")
    parsed = parse_extracted(parse_yaml("source: s3\nfacts: []\n", out.file), out, SOURCES, "s3")
    assert parsed.extraction is None
    assert [str(p) for p in out.problems] == [
        'facts/extracted/s3.yaml:1: source: unknown source "s3" (not in facts/sources.json)']


def test_meeting_time_and_types() -> None:
    out = Collector("facts/meetings/m.yaml")
    meeting = parse_meeting(parse_yaml("title: T\npartner: Hungary\ndate: 2025-03-01\ntime: 09:05\n", out.file), out)
    assert meeting["time"] == "09:05" and out.problems == []
    bad = parse_meeting(parse_yaml("title: T\ndate: '2025-02-30'\nround: 2.5\n", out.file), out)
    assert bad is None
    assert [p.message for p in out.problems] == [
        'date: expected a date (YYYY-MM-DD), got "2025-02-30"',
        "round: expected a whole number, got 2.5",
        "partner: missing (required)",
    ]


def test_invalid_calendar_date_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nreference:\n  date: 2023-13-01\n", encoding="utf-8")
    out = Collector("facts/curated/x.yaml")
    assert read_safely(path, out.file, out) is None
    assert [str(p) for p in out.problems] == ["facts/curated/x.yaml:3: 2023-13-01 is not a valid date"]


def test_broken_registry_is_one_problem_and_no_cascade(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    (facts / "extracted").mkdir(parents=True)
    (facts / "sources.json").write_text('{"sources": [\n  {"id": "s1",\n   "path": "x"\n  }\n', encoding="utf-8")
    (facts / "extracted" / "s1.json").write_text('{"facts": [], "source": "s1"}\n', encoding="utf-8")
    (facts / "extracted" / "s2.json").write_bytes(b'{"source": "s2",\n "facts": ["\xff"]}\n')
    fb = load_factbase(load_config(tmp_path))
    messages = [str(p) for p in fb.problems]
    assert messages == [
        "facts/sources.json:5: malformed JSON: Expecting ',' delimiter",
        "facts/extracted/s2.json:2: not valid UTF-8 text",
    ]


def test_curated_readme_example_is_valid() -> None:
    readme = Path(__file__).resolve().parents[1] / "facts" / "curated" / "README.md"
    text = readme.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    out = Collector("README.md")
    curation = parse_curated(parse_yaml(example, out.file), out, None)
    assert out.problems == []
    assert [len(curation.corrections), len(curation.rejections), len(curation.preferences), len(curation.additions)] == [1, 1, 1, 2]
