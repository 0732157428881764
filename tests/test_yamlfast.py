"""The fast YAML paths (registry, extracted facts): the same bytes and values as yamlio, the same errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.errors import FactFileError
from briefgen.ingest import registry
from briefgen.ingest.registry import load_registry, registry_path, render_registry
from briefgen.model import Source
from briefgen.storage import yamlfiles as yamlio
from briefgen.storage.yamlfast import dump_fast, parse_fast

SHA_OF_1 = hashlib.sha256(b"1").hexdigest()
# Strings that stress PyYAML's choice between plain, quoted and block styles.
TRICKY = ["", " ", "a ", " a", "yes", "No", "null", "~", "1.5", "0x1F", "1:20", "2024-01-02", "- a", "-a", "? x",
          "a: b", "a:b", "a #b", "a#b", "#a", "&a", "*a", "!a", "|", ">", "'q'", '"q"', "%", "@", "`", "---",
          "...", "x...", "a\nb", "a\tb", "é ș ț", "\u2028", "\x85", "\ufeff", "<<", "=", "[a]", "{a}", "a, b",
          "ä" * 5000, "end:"]
text = st.one_of(st.sampled_from(TRICKY), st.text(alphabet=string.printable + "éșț–’“\u00a0", max_size=30))
scalar = st.one_of(text, st.none(), st.booleans(), st.integers(-10**12, 10**12),
                   st.floats(allow_nan=True, allow_infinity=True), st.dates())
key = st.one_of(st.sampled_from(["id", "kind", "yes", "a b", "1", "x:"]), st.text(string.ascii_letters, min_size=1, max_size=8))
data = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=4)),
                    max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(key, data, max_size=6))
def test_fast_dump_is_byte_identical_to_dump_yaml(value: dict) -> None:
    assert dump_fast(value) == yamlio.dump_yaml(value)


def test_fast_dump_leaves_anchors_to_pyyaml() -> None:
    day = dt.date(2024, 5, 1)
    shared = ["a", "b"]
    value = {"first": day, "second": day, "list": [shared, shared], "deep": {"x": shared}}
    assert dump_fast(value) == yamlio.dump_yaml(value) and "&id001" in dump_fast(value)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(key, data, max_size=6))
def test_fast_parse_reads_what_dump_wrote(value: dict) -> None:
    written = yamlio.dump_yaml(value)
    fast, slow = parse_fast(written, "x.yaml"), yamlio.parse_yaml(written, "x.yaml")
    assert fast == slow
    if isinstance(slow, yamlio.LineDict):
        assert fast.key_lines == slow.key_lines


@pytest.mark.parametrize("bad", [
    "a: 1\nb: 2\na: 3\n",                  # duplicate key
    "a:\n  - 1\n  -2: [\n",                # malformed
    "a:\n\t- 1\n",                         # tab indentation
    "a: !!python/object:os.system x\n",    # unsafe tag
    "a: 2021-02-30\n",                     # impossible date
    "a: &x [1]\nb: *x\n",                  # aliases go the careful way (and are allowed)
    "a: \x07\n",                           # a control character
    "a: " + "[" * 70 + "]" * 70 + "\n",     # nested too deep for yamlio, shallow enough for libyaml
    "a: " + "[" * 900 + "]" * 900 + "\n",   # too deep to give to libyaml at all
    "a: " + "9" * 5000 + "\n",             # a number too long to convert
])
def test_fast_parse_gives_the_same_values_and_errors(bad: str) -> None:
    def outcome(parse):  # noqa: ANN001
        try:
            return "ok", parse(bad, "facts/x.yaml")
        except FactFileError as exc:
            return "error", str(exc)

    assert outcome(parse_fast) == outcome(yamlio.parse_yaml)


# --- the registry ----------------------------------------------------------------------------


class _Config:
    def __init__(self, root: Path):
        self.root = root
        self.facts = root / "facts"

    def relative(self, path: Path) -> str:
        return str(Path(path).relative_to(self.root))


def _sources(count: int) -> list[Source]:
    titles = ["Kazakhstan and Hungary: trade up", "It's a deal", "yes", "Talks #3 in Ankara", "2024",
              "Poland – investment “grows”", "- dash first", "ș and ț"]
    return [
        Source(id=f"2020-01-{1 + n % 28:02d}-item-{n}", path=f"articles/{n:05d}.txt", title=titles[n % len(titles)],
               date=None if n % 11 == 0 else dt.date(2015 + n % 10, 1 + n % 12, 1 + n % 28), date_inferred=n % 3 == 0,
               outlet=None if n % 4 else "KAZINFORM", dateline="ASTANA" if n % 2 else None,
               partner=None if n % 7 == 0 else "Hungary", sha256=hashlib.sha256(str(n).encode()).hexdigest(), words=100 + n)
        for n in range(count)
    ]


def _slow_render(sources: list[Source]) -> str:
    items = sorted(sources, key=lambda s: (s.date or dt.date.max, s.id))
    return registry.HEADER + yamlio.dump_yaml({"sources": [registry.source_to_dict(s) for s in items]})


def test_registry_text_is_unchanged_and_read_without_the_yaml_reader(tmp_path: Path, monkeypatch) -> None:
    sources = _sources(300)
    text = render_registry(sources)
    assert text == _slow_render(sources)
    config = _Config(tmp_path)
    registry_path(config).parent.mkdir(parents=True)
    registry_path(config).write_text(text, encoding="utf-8")
    expected = registry.parse_registry(yamlio.read_yaml(registry_path(config)), "facts/sources.yaml")

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("the canonical registry went through the YAML reader")

    monkeypatch.setattr(registry, "read_fast", refuse)
    loaded = load_registry(config)
    assert loaded == expected and list(loaded) == list(expected)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    words: 100\n", "    words: many\n", "words: expected a whole number"),
    ("    sha256: " + SHA_OF_1, "    sha256: " + SHA_OF_1[:-1] + "g", "sha256: expected"),
    ("    title: It's a deal", "    title: 2024", "title: expected a text"),
    ("    outlet: KAZINFORM\n", "    outlet: KAZINFORM\n    outlet: X\n", "duplicate key"),
    ("    partner: null\n", "    partner: null\n    colour: red\n", "unknown field 'colour'"),
    ("    date: 2016-02-02", "    date: 2016-02-30", "2016-02-30 is not a valid date"),
])
def test_a_damaged_registry_is_a_located_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    config = _Config(tmp_path)
    registry_path(config).parent.mkdir(parents=True)
    text = render_registry(_sources(30))
    assert old in text
    damaged = text.replace(old, new, 1)
    registry_path(config).write_text(damaged, encoding="utf-8")
    with pytest.raises(FactFileError, match=message) as caught:
        load_registry(config)
    bad_line = new.rstrip("\n").split("\n")[-1]
    assert caught.value.file == "facts/sources.yaml"
    assert caught.value.line == damaged.splitlines().index(bad_line) + 1


def test_a_repeated_source_is_a_located_error(tmp_path: Path) -> None:
    config = _Config(tmp_path)
    registry_path(config).parent.mkdir(parents=True)
    text = render_registry(_sources(30))
    first = text.index("  - id:")
    damaged = text + text[first:text.index("  - id:", first + 1)]
    registry_path(config).write_text(damaged, encoding="utf-8")
    with pytest.raises(FactFileError, match="duplicate source id") as caught:
        load_registry(config)
    assert caught.value.line == len(text.splitlines()) + 1


def test_a_valid_hand_edited_registry_still_loads(tmp_path: Path) -> None:
    config = _Config(tmp_path)
    registry_path(config).parent.mkdir(parents=True)
    sources = _sources(12)
    # Two keys swapped in every entry and a comment: valid YAML, not the canonical text.
    text = re.sub(r"(    dateline: .*\n)(    partner: .*\n)", r"\2\1", render_registry(sources)) + "# edited\n"
    registry_path(config).write_text(text, encoding="utf-8")
    assert load_registry(config) == {s.id: s for s in sources}


def test_an_extracted_file_is_written_without_pyyaml(monkeypatch) -> None:
    from briefgen.extract.run import render_extraction
    from briefgen.model import Extraction, Figure, fact_to_dict

    source = _sources(2)[1]
    figure = Figure(id=f"{source.id}#f10", source=source.id, metric="turnover", value=2_920_000_000.0, unit="USD",
                    approx=None, period="2024", scope=None, base=None, quote="trade reached $2.92 billion: a record",
                    start=10, end=46, mention="$2.92 billion", partner="Romania")
    extraction = Extraction(source, (figure,))
    data = {"source": source.id, "sha256": source.sha256, "facts": [fact_to_dict(figure)]}
    expected = yamlio.dump_yaml(data)

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("fell back to PyYAML's emitter")

    monkeypatch.setattr(yamlio, "dump_yaml", refuse)
    text = render_extraction(extraction)
    assert text.endswith(expected) and text.startswith("# Machine-owned")
    assert "    quote: 'trade reached $2.92 billion: a record'\n" in text and "    value: 2920000000.0\n" in text
