"""The PDF step lays a document out as few times as it can, and still verifies every note's page."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.factbase import load_factbase
from briefgen.publish import PageNotes, check_pages, inspect_layout, page_repeats, render_pdf
from briefgen.publish_html import markdown_to_html, plan_calls
from briefgen.render import render_document

FIXTURE = Path(__file__).parent / "fixtures" / "docs"


def _page(floated: tuple[int, ...], plain: tuple[tuple[int, int], ...] = ()) -> PageNotes:
    return PageNotes(tuple(str(c) for c in floated), floated, plain, tuple((c, str(c)) for c in floated))


def test_page_repeats_demotes_later_calls_of_a_note_on_the_same_page_only() -> None:
    labels = ["a", "a", "b", "a", "b", "a"]
    pages = [_page((1, 3), ((2, 1),)), _page((4, 5, 6))]
    assert page_repeats(pages, labels, set()) == {2: 1, 6: 4}
    # A demoted call that landed on a page without its note floats it there (call 4 here).
    pages = [_page((1,), ((2, 1),)), _page((3, 5), ((4, 1), (6, 1)))]
    assert page_repeats(pages, labels, set()) == {2: 1, 5: 3, 6: 4}
    assert page_repeats(pages, labels, {6}) == {2: 1, 5: 3}


@pytest.fixture(scope="module")
def config():
    return load_config(FIXTURE)


def test_the_guess_demotes_only_nearby_repeats(config) -> None:
    doc = render_document("country-brief", load_factbase(config), "Uzbekistan", config)
    labels, guess = plan_calls(doc)
    html = markdown_to_html(doc, inline_notes=True, css="")
    assert len(labels) == html.count('class="fn"') > len(set(labels))
    assert all(labels[call - 1] == labels[target - 1] and target < call for call, target in guess.items())


@pytest.mark.parametrize("kind", ["country-brief", "fact-box"])
def test_a_pdf_takes_at_most_two_layouts_and_is_verified(config, kind: str) -> None:
    doc = render_document(kind, load_factbase(config), "Uzbekistan", config)
    layouts = []
    pdf, placement = render_pdf(doc, config.templates, after_layout=layouts.append)
    assert placement == "page" and pdf.startswith(b"%PDF")
    assert 1 <= len(layouts) <= 2
    assert check_pages(inspect_layout(layouts[-1])) == ([], {}, set())
