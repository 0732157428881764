"""Rendering the three documents: golden Markdown on a fixture fact base, and the phrasing rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.core.values import format_value, ordinal
from briefgen.documents.render import meeting_name, render_document, slugify
from briefgen.errors import RenderError
from briefgen.factbase.load import load_factbase

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
GOLDEN = Path(__file__).parent / "golden" / "docs"


@pytest.fixture(scope="module")
def config():
    return load_config(FIXTURE)


@pytest.fixture(scope="module")
def fb(config):
    return load_factbase(config)


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _update(request) -> bool:
    try:
        return bool(request.config.getoption("--update-golden"))
    except ValueError:
        return False


def _render(kind, fb, partner, config):
    meeting = fb.meetings(partner)[0] if kind == "meeting" else None
    return render_document(kind, fb, partner, config, meeting=meeting)


CASES = [
    ("uzbekistan", "Uzbekistan", "country-brief"),
    ("uzbekistan", "Uzbekistan", "fact-box"),
    ("uzbekistan", "Uzbekistan", "meeting"),
    ("turkey", "Turkey", "country-brief"),
]


@pytest.mark.parametrize(("case", "partner", "kind"), CASES)
def test_golden_markdown(request, config, fb, case, partner, kind) -> None:
    doc = _render(kind, fb, partner, config)
    files = {f"{doc.name}.md": doc.markdown} | dict(doc.assets)
    for name, content in files.items():
        path = GOLDEN / case / name
        if _update(request):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            continue
        assert path.is_file(), f"missing golden file {path}; run pytest --update-golden"
        assert content == path.read_text(encoding="utf-8"), f"{name} differs from {path}"


def test_rendering_is_deterministic(config, fb) -> None:
    first = _render("country-brief", fb, "Uzbekistan", config)
    second = _render("country-brief", load_factbase(config), "Uzbekistan", config)
    assert first.markdown == second.markdown
    assert first.assets == second.assets


def test_number_formatting() -> None:
    assert format_value(2.92e9, "USD") == "$2.92 billion"
    assert format_value(1.6e9, "USD") == "$1.6 billion"
    assert format_value(138e6, "USD") == "$138 million"
    assert format_value(35.5e6, "USD") == "$35.5 million"
    assert format_value(17.3, "percent") == "17.3%"
    assert format_value(13, "rank") == "13th"
    assert [ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert format_value(40, "count", "about") == "about 40"
    assert format_value(22000, "people") == "22,000"
    assert format_value(4e9, "USD", "over") == "over $4 billion"


def test_trend_sentence_has_value_period_change_base_and_one_note(config, fb) -> None:
    md = _render("country-brief", fb, "Uzbekistan", config).markdown
    doc = _render("country-brief", fb, "Uzbekistan", config)
    match = re.search(r"^- Trade turnover reached \$405\.5 million in 2022, 8\.4% more than in 2021\.\[\^(\d+)\]$",
                      md, re.MULTILINE)
    assert match, md
    # Value and growth come from the same report even though another source disagrees.
    note = doc.notes[int(match.group(1)) - 1]
    assert [("405.5" in c.quote and "8.4%" in c.quote) for c in note.citations] == [True]


def test_partial_year_is_labelled_and_never_compared(config, fb) -> None:
    md = _render("country-brief", fb, "Uzbekistan", config).markdown
    assert "| Jan–Aug 2023 (partial year) |" in md
    partial = next(x for x in md.splitlines() if x.startswith("- Trade turnover reached $290 million"))
    assert "more than" not in partial and "less than" not in partial
    assert "Trade turnover (Jan–Aug 2023, partial year)" in md
    # The chart shows full years only.
    chart = dict(_render("country-brief", fb, "Uzbekistan", config).assets)["country-brief-turnover.svg"]
    assert "$290 million" not in chart and "$374 million" in chart


def test_facts_as_of_is_latest_cited_source_and_generation_date_follows(config, fb, monkeypatch) -> None:
    doc = _render("fact-box", fb, "Uzbekistan", config)
    assert doc.facts_as_of == dt.date(2023, 10, 5)
    assert doc.generated == doc.facts_as_of
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = _render("fact-box", fb, "Uzbekistan", config)
    assert doc.generated == dt.date(2023, 11, 14)
    assert doc.facts_as_of == dt.date(2023, 10, 5)


def test_same_quote_reuses_its_note_and_several_sources_share_one(config, fb) -> None:
    doc = _render("country-brief", fb, "Uzbekistan", config)
    quotes = [(tuple((c.source, c.quote) for c in note.citations), note.derived) for note in doc.notes]
    assert len(quotes) == len(set(quotes))
    shared = [note for note in doc.notes if len(note.citations) > 1]
    assert shared and {c.outlet for c in shared[0].citations} == {"Silk Road Wire", "Tashkent Ledger"}
    body = doc.markdown.split("\n[^1]:")[0]
    counts = [body.count(f"[^{note.number}]") for note in doc.notes]
    assert max(counts) > 1 and min(counts) >= 1


def test_meeting_sheet_uses_only_facts_known_on_the_meeting_date(config, fb) -> None:
    spec = dict(fb.meetings("Uzbekistan")[0])
    spec["date"] = dt.date(2023, 3, 1)
    doc = render_document("meeting", fb, "Uzbekistan", config, meeting=spec)
    assert "$290 million" not in doc.markdown and "$410 million" not in doc.markdown
    assert "$405.5 million" in doc.markdown
    assert all(c.date <= spec["date"] for note in doc.notes for c in note.citations)
    # The counterpart's role is the one known then, not his later promotion.
    assert "reported as Deputy Foreign Minister on 12 May 2021" in doc.markdown
    assert meeting_name(spec) == "meeting-2023-03-01-political-consultations"


def test_fact_box_metrics_and_unknown_kind(config, fb) -> None:
    doc = render_document("fact-box", fb, "Uzbekistan", config, metrics=["exports", "students"])
    rows = [x for x in doc.markdown.splitlines() if x.startswith("| ") and "Figure" not in x]
    assert [r.split("|")[1].strip() for r in rows] == [
        "Exports to Uzbekistan (2022)", "Uzbek students in Hungary (as of February 2023)"]
    with pytest.raises(RenderError, match="unknown document kind"):
        render_document("memo", fb, "Uzbekistan", config)


def test_brief_macro_is_the_standalone_fact_box(config, fb) -> None:
    box = _render("fact-box", fb, "Uzbekistan", config).markdown
    brief = _render("country-brief", fb, "Uzbekistan", config).markdown
    table = [x for x in box.splitlines() if x.startswith("|")]
    assert "\n".join(table) in brief


def test_template_error_is_located(tmp_path, fb) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(FIXTURE / "../../../templates", templates)
    (templates / "fact-box.md.j2").write_text("# {{ title }}\n{{ no_such_thing }}\n", encoding="utf-8")
    config = dataclasses.replace(load_config(FIXTURE), templates=templates)
    with pytest.raises(RenderError) as info:
        render_document("fact-box", fb, "Uzbekistan", config)
    assert "no_such_thing" in str(info.value) and ":2:" in str(info.value)


def test_slugify_keeps_paths_tame() -> None:
    assert slugify("Côte d'Ivoire") == "cote-d-ivoire"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("///") == "document"
