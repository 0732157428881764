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


# Documents judge staleness on the day they are generated: the golden files are generated on
# 14 November 2023, when the fixture's 2021 article is more than 18 months old.
EPOCH = "1700000000"


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


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


def test_facts_as_of_is_latest_cited_source_and_generated_is_the_generation_day(config, fb, monkeypatch) -> None:
    doc = _render("fact-box", fb, "Uzbekistan", config)
    assert doc.generated == dt.date(2023, 11, 14)
    assert doc.facts_as_of == dt.date(2023, 10, 5)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    doc = _render("fact-box", fb, "Uzbekistan", config)
    assert doc.generated == dt.datetime.now(dt.UTC).date()
    assert doc.facts_as_of == dt.date(2023, 10, 5)
    assert "Facts as of 5 October 2023" in doc.markdown


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
    assert "reported as Deputy Foreign Minister (12 May 2021)" in doc.markdown
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


def test_a_role_given_later_to_someone_else_is_former(config, fb) -> None:
    md = _render("country-brief", fb, "Uzbekistan", config).markdown
    assert "| Jasur Tashkentov | Foreign Minister (20 November 2023)" in md
    assert "| Bakhtiyor Saidov |" not in md
    assert "Former counterparts: Bakhtiyor Saidov, Foreign Minister until at least 14 February 2023 (since then: Jasur Tashkentov)" in md
    # The 2023 article recalls the 14 February visit: the role is dated by the visit, not the article.
    assert "| Péter Szijjártó | Foreign Minister (14 February 2023)" in md


def test_stale_figures_are_marked_on_the_meeting_date(config, fb) -> None:
    md = _render("meeting", fb, "Uzbekistan", config).markdown
    assert "| over 90† |" in md
    assert "† Last reported more than 18 months before 12 December 2023 (the meeting date)" in md
    assert "$405.5 million†" not in md
    spec = dict(fb.meetings("Uzbekistan")[0]) | {"date": dt.date(2021, 6, 1)}
    early = render_document("meeting", fb, "Uzbekistan", config, meeting=spec).markdown
    assert "†" not in early


def test_a_quote_window_shows_a_name_far_into_a_long_sentence(config, fb) -> None:
    doc = _render("country-brief", fb, "Uzbekistan", config)
    line = next(x for x in doc.markdown.splitlines() if "Talks with Sardor Nurmatov" in x)
    number = int(re.search(r"\[\^(\d+)\]", line).group(1))
    note = doc.notes[number - 1]
    full = note.citations[0].quote
    assert full.index("Sardor Nurmatov") > 110 and len(full) > 160
    (shown,) = note.quotes()
    assert shown.startswith("…") and "Deputy Minister of Energy Sardor Nurmatov" in shown and len(shown) < len(full)


def test_the_lint_fails_a_note_that_does_not_show_the_name_it_supports() -> None:
    from briefgen.documents.footnotes import Note, Support
    from briefgen.documents.provenance import lint_markdown
    from briefgen.model import Citation

    quote = ("On the same day the delegation, which also included representatives of the export bank and of "
             "several regional chambers of commerce, held talks at the ministry with Deputy Minister Sardor Nurmatov.")
    note = Note(1, (Citation("s", quote, 0, len(quote), None, "T", dt.date(2023, 1, 1)),), (),
                (Support("name", ("Aziz Karimov", "Karimov")),))
    with pytest.raises(RenderError, match="Aziz Karimov"):
        lint_markdown("- Talks (Aziz Karimov)[^1]\n", [note], name="x.md")


def test_separate_meetings_on_one_day_stay_separate(config, fb) -> None:
    md = _render("country-brief", fb, "Uzbekistan", config).markdown
    day = [x for x in md.splitlines() if x.startswith("- **20 November 2023** —")]
    assert len(day) == 3
    assert not any("Nurmatov" in x and "Ismoilov" in x for x in day)


def test_chart_keeps_missing_years_as_gaps(config, fb) -> None:
    chart = dict(_render("country-brief", fb, "Uzbekistan", config).assets)["country-brief-turnover.svg"]
    labels = re.findall(r">(\d{4})</text>", chart)
    assert labels == ["2018", "2019", "2020", "2021", "2022"]
    assert chart.count("no data") == 1 and chart.count("<rect") == 4


def test_no_doubled_place_and_one_commission(config, fb) -> None:
    md = _render("country-brief", fb, "Uzbekistan", config).markdown
    assert "Visit of the Foreign Minister to Tashkent (Péter" in md
    assert "Tashkent, Tashkent" not in md


ROOT = Path(__file__).parent.parent


def test_last_meeting_outcomes_list_what_was_agreed_and_signed() -> None:
    """On the project's own Romania fact base: the last consultations' agreed areas, and the
    documents signed at the 2018 round when the sheet is dated before the 2025 round."""
    if not (ROOT / "facts" / "extracted").is_dir():
        pytest.skip("the workspace's own fact base is absent")
    cfg = load_config(ROOT)
    base = load_factbase(cfg)
    if not base.meetings("Romania"):
        pytest.skip("no Romania meeting spec")
    spec = dict(base.meetings("Romania")[0])
    md = render_document("meeting", base, "Romania", cfg, meeting=spec).markdown
    outcomes = md.split("## Last meeting's outcomes", 1)[1].split("##", 1)[0]
    assert "No documents are recorded" not in outcomes and "Agreed to take forward:" in outcomes
    spec["date"] = dt.date(2020, 1, 10)
    md = render_document("meeting", base, "Romania", cfg, meeting=spec).markdown
    outcomes = md.split("## Last meeting's outcomes", 1)[1].split("##", 1)[0]
    assert "Signed: Joint Action Plan" in outcomes
    history = md.split("## History of this format", 1)[1].split("##", 1)[0]
    assert "consultations" in history and "visit" not in history.casefold()


def test_a_computed_change_is_rounded_to_what_its_inputs_support() -> None:
    from briefgen.documents.helpers import significant_digits, supported_round
    from briefgen.model import FigureView

    def view(value: float) -> FigureView:
        return FigureView("x", ("x",), "P", "trade_turnover", value, "USD", None, "2022", None, None, None, "extracted", ())

    # 1.6 and 2.7 billion support two significant digits: a 69% rise, never "68.8%".
    change = 100.0 * (2.7e9 - 1.6e9) / 1.6e9
    assert supported_round(change, significant_digits(view(2.7e9)), significant_digits(view(1.6e9))) == 69.0
    assert supported_round(100.0 * (405.5 - 374) / 374, 4, 3) == 8.4


def test_counts_and_ranks_are_printed_as_series() -> None:
    """On the project's own Romania fact base: companies over 30 → 37 → about 40, one rank line per scope."""
    if not any((ROOT / "facts" / "extracted").glob("*.json")):
        pytest.skip("the workspace's own fact base is absent")
    cfg = load_config(ROOT)
    md = render_document("country-brief", load_factbase(cfg), "Romania", cfg).markdown
    line = next(x for x in md.splitlines() if x.startswith("- Companies with Romanian capital in Kazakhstan:"))
    assert re.search(r"over 30\S* \(as of December 2018\) → 37\S* \(as of December 2023\) → about 40\S* \(as of March 2025\)", line), line
    assert len([x for x in md.splitlines() if x.startswith("- Rank among trade partners in the world")]) == 1


def test_an_event_date_or_round_its_quote_does_not_show_is_not_printed_as_quoted() -> None:
    from briefgen.documents.selection import CheckedFacts
    from briefgen.model import Citation, EventView

    quote = "Treaty on Friendly Relations and Cooperation between the two countries."
    cite = Citation("s", quote, 0, len(quote), None, "T", dt.date(2018, 5, 2))
    event = EventView("e", "P", "signing", "Signing of the Treaty", "1993", None, 4, (), (), (cite,))
    checked = CheckedFacts._event_checked(event)
    assert checked.date is None and checked.ordinal is None
    shown = EventView("f", "P", "signing", "Signing", "1993", None, None, (), (), (
        Citation("s", "The treaty signed in 1993 still guides relations.", 0, 10, None, "T", dt.date(2018, 5, 2)),))
    assert CheckedFacts._event_checked(shown).date == "1993"
