"""The provenance lint: every printed figure sits next to a footnote whose quote states it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.documents.footnotes import Derived, Note
from briefgen.documents.provenance import find_mentions, lint_markdown
from briefgen.documents.render import render_document
from briefgen.errors import RenderError
from briefgen.factbase.load import load_factbase
from briefgen.model import Citation

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
QUOTE = ("Trade turnover between the two countries for 2024 amounted to 2.92 billion US dollars "
         "(exports - 2.78 billion, imports - 138 million), which is 1.6% more than in 2023; "
         "the partner is the 13th largest.")


def _note(number: int = 1, quote: str = QUOTE, derived=()) -> Note:
    citation = Citation("src", quote, 0, len(quote), "Outlet", "Title", dt.date(2025, 3, 19))
    return Note(number, (citation,), tuple(derived))


def test_supported_figures_pass_with_rounding() -> None:
    md = ("# Brief\n\nTrade turnover reached $2.92 billion in 2024, 1.6% more than in 2023.[^1]\n\n"
          "| Exports (2024) | $2.8 billion | [^1] |\n|---|---|---|\n| Imports | $138 million[^1] | — |\n\n"
          "- Rank: 13th[^1]\n")
    lint_markdown(md, [_note()], name="doc.md")


def test_dates_years_rounds_and_section_numbers_are_not_figures() -> None:
    md = ("## 3. Political dialogue\n\n"
          "- **17 December 1991** — recognition; consultations on 2018-12-20, 10:00, in Jan–Sep 2018.\n"
          "- The 8th round of consultations and the 30th anniversary, 2016–2018, 2005 – Q3 2023.\n"
          "- Years: 2018, 2023, 2025.\n")
    lint_markdown(md, [], name="doc.md")


@pytest.mark.parametrize(("line", "figure", "why"), [
    ("Trade reached $3.5 billion in 2024.", "$3.5 billion", "has no footnote"),
    ("Trade reached $3.5 billion in 2024.[^1]", "$3.5 billion", "is not in the quote of footnote 1"),
    ("Exports rose 45% in 2024.[^1]", "45%", "is not in the quote of footnote 1"),
    ("About 40 companies.[^9]", "40", "cites a footnote that does not exist"),
    ("It ranks 14th among partners.[^1]", "14th", "is not in the quote"),
])
def test_unsupported_figures_fail_with_document_line_and_figure(line: str, figure: str, why: str) -> None:
    md = f"# Brief\n\nIntro without figures.\n\n{line}\n"
    with pytest.raises(RenderError) as info:
        lint_markdown(md, [_note()], name="brief.md")
    message = str(info.value)
    assert message.startswith("brief.md:5: ")
    assert f"“{figure}”" in message and why in message


def test_a_footnote_in_another_sentence_does_not_cover_a_figure() -> None:
    md = "Trade reached $2.92 billion. Nothing else matters here.[^1]\n"
    with pytest.raises(RenderError, match="has no footnote"):
        lint_markdown(md, [_note()], name="d.md")


def test_computed_values_are_covered_by_their_derivation() -> None:
    note = _note(derived=[Derived(95.2, "percent", "Share computed as 2.78 ÷ 2.92.")])
    lint_markdown("Exports made up 95.2% of turnover.[^1]\n", [note], name="d.md")


def test_find_mentions_reads_money_percent_ordinals_and_counts() -> None:
    values = [(m.text, m.value) for m in find_mentions("over $1.27 billion, 45%, 13th largest, 22,000 people")]
    assert values == [("$1.27 billion", 1.27e9), ("45%", 45.0), ("13th", 13.0), ("22,000", 22000.0)]


def test_a_template_that_prints_a_bare_number_fails_the_build(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(FIXTURE / "../../../templates", templates)
    bad = (templates / "fact-box.md.j2").read_text(encoding="utf-8")
    # A careless edit: print the raw value next to the label instead of value(v) with cite(v).
    bad = bad.replace("{{ fact_box(box, doc) }}", "{% for v in box %}\n- {{ label(v) }}: {{ v.value }}\n{% endfor %}")
    (templates / "fact-box.md.j2").write_text(bad, encoding="utf-8")
    config = dataclasses.replace(load_config(FIXTURE), templates=templates)
    with pytest.raises(RenderError) as info:
        render_document("fact-box", load_factbase(config), "Uzbekistan", config)
    message = str(info.value)
    assert message.startswith("fact-box.md:") and "has no footnote" in message
    assert "“410000000" in message


def test_desk_wording_in_titles_and_marked_spans_is_not_a_figure() -> None:
    text = ("# Talks on the G7 agenda\n\n"
            "- **Ann Lee**: <!-- provenance: off -->head of the G20 unit (per the meeting spec)<!-- provenance: on -->.\n")
    lint_markdown(text, [], name="meeting.md")
    with pytest.raises(RenderError, match="figure “20” has no footnote"):
        lint_markdown(text + "- The G20 summit follows.\n", [], name="meeting.md")
