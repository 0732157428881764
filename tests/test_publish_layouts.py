"""The PDF step lays a document out once when it can, and always verifies every note's page."""

from __future__ import annotations

import dataclasses
import re

import pytest

from briefgen.documents.render import render_document
from briefgen.factbase.load import load_factbase
from briefgen.publish.html import markdown_to_html
from briefgen.publish.outputs import (
    PageNotes,
    check_pages,
    inspect_layout,
    page_repeats,
    render_pdf,
)


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


# Notes a and b; calls 1-9 in order. The filler paragraph is about 20 printed lines.
_GLUE_CASE = """\
| Figure | Value |
|:--|--:|
| one[^a] | 1[^a] |
| two | 2[^a] |
| three[^b] | 3 |
| four | 4[^a] |

Later text[^b] and more[^a].

{filler}

Far away[^a].

[^a]: Note a.
[^b]: Note b.
"""


def _attr(tag: str, name: str) -> str:
    return re.search(rf'{name}="([^"]*)"', tag)[1]


def _print_html(doc, markdown_text: str, plain: dict[int, int] | None = None) -> str:
    return markdown_to_html(dataclasses.replace(doc, markdown=markdown_text), inline_notes=True, css="",
                            plain_calls=plain)


def test_repeats_nearby_are_bare_and_held_on_their_notes_page(docs_brief) -> None:
    html = _print_html(docs_brief, _GLUE_CASE.format(filler="Filler words here. " * 100))
    bare = {int(_attr(tag, "data-call")): int(_attr(tag, "data-target"))
            for tag in re.findall(r'<sup class="fnref"[^>]*>', html)}
    floated = [int(_attr(tag, "data-call")) for tag in re.findall(r'<span class="fn"[^>]*>', html)]
    # Same row (2), the next row (3) and a row after another (5) print the number of call 1;
    # the paragraph after the table starts a new run (7), and so does the far one (8).
    assert bare == {2: 1, 3: 1, 5: 1} and floated == [1, 4, 6, 7, 8]
    # The rows that carry the run are one row group kept whole, each row kept whole.
    body = re.search(r'<tbody class="bf-keep">(.*?)</tbody>', html, re.S)
    assert body and body[1].count("<tr") == 4 and body[1].count("bf-glue") == 3
    assert "bf-keep" not in html.split("</table>")[1]


def test_a_stretch_too_long_to_hold_floats_the_note_again(docs_brief) -> None:
    rows = "".join(f"| row {i} with a longer description of the figure in words | {i}[^a] |\n" for i in range(40))
    html = _print_html(docs_brief, f"| Figure | Value |\n|:--|--:|\n{rows}\n[^a]: Note a.\n")
    floated = html.count('class="fn"')
    assert 40 > floated > 1, floated
    # No glued row group is taller than the limit: each stays a small fraction of a page.
    for body in re.findall(r'<tbody class="bf-keep">(.*?)</tbody>', html, re.S):
        assert body.count("<tr") <= 14


def test_given_plan_is_used_as_is(docs_brief) -> None:
    html = _print_html(docs_brief, _GLUE_CASE.format(filler="x"), plain={})
    assert 'class="fnref"' not in html and "bf-keep" not in html and html.count('class="fn"') == 8


@pytest.mark.parametrize("kind", ["country-brief", "fact-box"])
def test_a_pdf_takes_one_layout_and_is_verified(docs_config, kind: str) -> None:
    doc = render_document(kind, load_factbase(docs_config), "Uzbekistan", docs_config)
    layouts = []
    pdf, placement = render_pdf(doc, docs_config.templates, after_layout=layouts.append)
    assert placement == "page" and pdf.startswith(b"%PDF")
    assert len(layouts) == 1
    problems, _duplicates, astray = check_pages(inspect_layout(layouts[-1]))
    assert problems == [] and astray == set()


def test_a_repeat_the_layout_cannot_hold_is_placed_by_the_pages(docs_config, docs_brief) -> None:
    # The first item's own text is short, so the next item is glued to it, but its nested
    # list is taller than a page: the layout cannot keep the two together, and the bare
    # repeat lands on a later page than its note. That layout is not shipped.
    nested = "".join(f"    - nested item {i}\n" for i in range(120))
    doc = dataclasses.replace(docs_brief, markdown=f"- start[^a]\n{nested}- end[^a]\n\n[^a]: Note a.\n")
    layouts = []
    pdf, placement = render_pdf(doc, docs_config.templates, after_layout=layouts.append)
    first = check_pages(inspect_layout(layouts[0]))
    assert first[2], "the first layout should have parted the repeat from its note"
    assert placement == "page" and len(layouts) >= 2
    problems, _duplicates, astray = check_pages(inspect_layout(layouts[-1]))
    assert problems == [] and astray == set()
