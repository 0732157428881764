"""Hostile fact files: each is one located problem, and the rest of the fact base is exactly as before."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.extract.run import extract_article, extracted_path, render_extraction
from briefgen.factbase.load import load_factbase
from briefgen.ingest.run import article_from_text
from briefgen.storage.machine import parse_json, read_json
from briefgen.storage.yamlfiles import MAX_YAML_BYTES, parse_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "docs"


def _bomb() -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 14)]
    return "\n".join(lines) + "\n"


def _merge_bomb() -> str:
    lines = ["base0: &b0 {k0: 0}"]
    lines += [f"base{i}: &b{i}\n  <<: [{', '.join([f'*b{i - 1}'] * 12)}]\n  k{i}: {i}" for i in range(1, 12)]
    return "\n".join(lines) + "\n"


# (folder, file name, content, expected line, message fragment)
CASES = [
    # The 101st alias is on line 13 (nine per line from line 2) and line 27 (twelve per three lines).
    ("curated", "bomb.yaml", _bomb(), 13, "too many YAML aliases"),
    ("curated", "merge-bomb.yaml", _merge_bomb(), 27, "too many YAML aliases"),
    ("curated", "python.yaml", "corrections:\n  - !!python/object/apply:os.system ['touch /tmp/pwned']\n", 2,
     "unsupported YAML tag"),
    ("curated", "pyname.yaml", "rejections:\n  - id: !!python/name:os.system\n    reason: x\n", 2, "unsupported YAML tag"),
    ("curated", "tabs.yaml", "rejections:\n\t- id: x\n", 2, "tab character"),
    ("curated", "duplicate.yaml", "rejections: []\ncorrections: []\nrejections: []\n", 3,
     "duplicate key 'rejections' (first on line 1)"),
    ("curated", "wrong-type.yaml",
     "corrections:\n  - id: 2023-10-05-hungarianuzbek-trade-keeps-growing#f40\n"
     "    value: 2.9 bn\n    reason: typo\n", 3, 'value: expected a number, got "2.9 bn"'),
    ("curated", "not-finite.yaml", "corrections:\n  - id: x\n    value: .nan\n    reason: r\n", 3,
     "value: expected a finite number, got nan"),
    ("curated", "unknown-key.yaml", "rejections: []\nsecret_override: yes\n", 2, "secret_override: unknown key"),
    ("curated", "nested.yaml", "additions: " + "[" * 500 + "]" * 500 + "\n", 1, "nested more than 64 levels deep"),
    ("curated", "long-number.yaml", "corrections:\n  - id: x\n    value: " + "9" * 5000 + "\n    reason: r\n", 3,
     "number with 5000 characters is too long"),
    ("curated", "control.yaml", "rejections:\n  - id: x\x00y\n    reason: r\n", 2, "character U+0000 is not allowed"),
    ("curated", "kind-mapping.yaml", "additions:\n  - kind: {figure: 1}\n    id: x\n", 2, "kind: unknown kind a mapping"),
    ("meetings", "surrogate.yaml", 'title: "Talks \\ud800"\npartner: Uzbekistan\ndate: 2024-01-01\n', 1,
     "unpaired surrogate"),
    ("curated", "list.yaml", "- just\n- a list\n", 1, "expected a mapping with the keys"),
    ("curated", "latin1.yaml", "rejections:\n  - id: x\n    reason: caf\xe9\n", 3, "not valid UTF-8"),
    ("meetings", "bad-meeting.yaml", "title: T\npartner: Uzbekistan\ndate: next week\nround: nine\n", 3,
     'date: expected a date (YYYY-MM-DD), got "next week"'),
    ("meetings", "bad-date.yaml", "title: T\npartner: Uzbekistan\ndate: 2026-02-30\n", 3, "2026-02-30 is not a valid date"),
    ("countries", "ruritania.yaml", "name: Ruritania\nlanguages: {a: 1}\n", 2, "languages: expected a list"),
    ("extracted", "2099-01-01-unknown.json", '{\n  "facts": [],\n  "sha256": "x",\n  "source": "2099-01-01-unknown"\n}\n', 4,
     "unknown source"),
    ("extracted", "2099-01-02-broken.json", '{\n  "facts": [\n    {"id": "a"\n  ]\n}\n', 4, "malformed JSON"),
    ("extracted", "2099-01-03-surrogate.json", '{"facts": [], "sha256": "x", "source": "\\ud800"}\n', None,
     "unpaired surrogate"),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the document fixture's fact base (small, so each case loads it quickly)."""
    root = tmp_path_factory.mktemp("facts") / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    for folder in ("curated", "meetings", "countries", "extracted"):
        (root / "facts" / folder).mkdir(exist_ok=True)
    (root / "briefgen.yaml").write_text("home: Hungary\npartners: [Uzbekistan, Turkey]\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def baseline(workspace: Path) -> dict:
    fb = load_factbase(load_config(workspace))
    assert fb.problems == () and fb.figures()
    return _snapshot(fb)


def _snapshot(fb) -> dict:  # noqa: ANN001 - FactBase
    partners = fb.partners()
    return {
        "sources": fb.sources,
        "figures": fb.figures(),
        "people": {p: fb.people(p) for p in partners},
        "events": {p: fb.events(p) for p in partners},
        "topics": {p: fb.topics(p) for p in partners},
        "profiles": {p: fb.profile(p) for p in partners},
        "meetings": fb.meetings(),
        "rejected": fb.rejected(),
    }


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("folder", "name", "content", "line", "fragment"), CASES, ids=[c[1] for c in CASES])
def test_a_hostile_fact_file_is_one_located_problem_and_alters_nothing_else(
    workspace: Path, baseline: dict, folder: str, name: str, content: str, line: int, fragment: str
) -> None:
    config = load_config(workspace)
    path = workspace / "facts" / folder / name
    path.write_bytes(content.encode("latin-1") if name == "latin1.yaml" else content.encode("utf-8"))
    files = _digests(workspace / "facts")
    try:
        fb = load_factbase(config)
    finally:
        after_files = _digests(workspace / "facts")
        path.unlink()
    assert after_files == files  # loading never writes
    problems = [*fb.problems, *getattr(fb, "curation_problems", ())]
    located = [p for p in problems if p.file == f"facts/{folder}/{name}"]
    assert located, [str(p) for p in problems]
    assert located[0].line == line and fragment in located[0].message, str(located[0])
    assert len(located) == len(problems)  # nothing else is reported
    assert _snapshot(fb) == baseline


def test_a_ten_megabyte_fact_file_is_refused_without_parsing(workspace: Path) -> None:
    path = workspace / "facts" / "curated" / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"rejections:\n")
        handle.truncate(10 * 1024 * 1024)
    try:
        fb = load_factbase(load_config(workspace))
    finally:
        path.unlink()
    messages = [str(p) for p in (*fb.problems, *getattr(fb, "curation_problems", ()))]
    assert f"facts/curated/huge.yaml: file is {10 * 1024 * 1024} bytes; the limit for a YAML file is {MAX_YAML_BYTES}" \
        in messages


LINE_BREAKS = "Trade reached $250 million in 2023,\u2028the ministry said\x85 and \u2029repeated."


def test_line_break_characters_in_quotes_survive_the_fact_file(tmp_path: Path) -> None:
    text = f" date 2024-01-10 Kazakhstan and Hungary trade\n\nBUDAPEST – Trade between Kazakhstan and Hungary. {LINE_BREAKS}\n"
    article = article_from_text(text, path="articles/a.txt", home="Kazakhstan")
    extraction = extract_article(article, "Kazakhstan")
    assert any("\x85" in f.quote for f in extraction.facts)
    written = render_extraction(extraction)
    facts = parse_json(written, "x.json")["facts"]
    for fact, original in zip(facts, extraction.facts, strict=True):
        assert fact["quote"] == original.quote == article.text[fact["start"]:fact["end"]]
    path = extracted_path(type("C", (), {"facts": tmp_path})(), article.source.id)
    path.parent.mkdir(parents=True)
    path.write_text(written, encoding="utf-8")
    assert read_json(path)["facts"] == facts


def test_a_fact_of_an_unhashable_kind_is_a_problem_and_the_other_facts_stay() -> None:
    from briefgen.factbase.files import parse_extracted
    from briefgen.factbase.schema import Collector

    text = ("source: s1\nfacts:\n  - kind: [figure]\n  - id: s1#t5-energy\n    kind: topic\n    source: s1\n"
            "    topic: energy\n    quote: energy\n    start: 5\n    end: 11\n")
    out = Collector("facts/extracted/s1.yaml")
    parsed = parse_extracted(parse_yaml(text, out.file), out, None, "s1")
    assert [str(p) for p in out.problems] == [
        "facts/extracted/s1.yaml:3: kind: unknown kind a list (choose from figure, person, event, topic)"
    ]
    assert [f.id for f in parsed.extraction.facts] == ["s1#t5-energy"]
