"""Every use of WeasyPrint's private API in briefgen, in one place (tests/test_weasyprint.py checks
each assumption against the installed version; `make test-weasyprint-next` against the newest).

1. The box tree of a laid-out page (``Page._page_box``, ``FootnoteAreaBox``, ``InlineBox``, the
   ``::footnote-call`` pseudo-element tag): how the PDF check finds, per page, which footnote
   calls and which notes it holds.
2. A linear-time footnote area for WeasyPrint 65.1 page layout, used while briefgen lays out a PDF.

WeasyPrint re-lays out the whole footnote area of a page every time a note is added to it
(``LayoutContext._update_footnote_area``), so a page with k notes lays out k(k+1)/2 notes;
with 15-20 notes a page that was about 60 % of a brief's layout time (pyinstrument). Notes
in an unconstrained area are stacked one under the other, so the area is as tall as the sum
of its notes: each note is laid out alone once, and the sum is kept.

The shortcut only applies where the area is just its notes stacked: WeasyPrint 65.1 (the private
names below belong to it), outside multi-column layout, an area of automatic height with no
minimum or maximum, and notes without vertical margins. Anything else takes WeasyPrint's own
path. ``tests/test_footnote_area.py`` checks that every page holds the same text and notes either
way (by text, not bytes: whether two float sums agree to the last bit depends on the font).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from math import inf

SUPPORTED_VERSION = "65.1"
_LOCK = threading.RLock()  # one patch at a time; re-entrant for nested renders


def _zero(value: object) -> bool:
    return getattr(value, "value", value) == 0


def _unconstrained(area) -> bool:  # noqa: ANN001 - weasyprint FootnoteAreaBox
    style = area.style
    return (style["height"] == "auto" and (style["min_height"] == "auto" or _zero(style["min_height"]))
            and getattr(style["max_height"], "value", None) == inf)


def _make_update(original, block_level_layout, create_anonymous_boxes):  # noqa: ANN001, ANN202
    """``_update_footnote_area`` that sums cached note heights where the area is just its notes stacked."""

    def note_height(context, area, note) -> float:  # noqa: ANN001
        cache = context.__dict__.setdefault("_briefgen_note_heights", {})
        key = (id(note), area.page.width)
        if key not in cache:
            others, area.children = area.children, [note]
            alone = area.deepcopy()  # as WeasyPrint does: layout must not touch the page's boxes
            area.children = others
            laid = block_level_layout(context, create_anonymous_boxes(alone), -inf, None, area.page)[0]
            cache[key] = (laid.height, laid.margin_height() - laid.height, note)  # keeps note alive: ids stay unique
        return cache[key][0]

    def update(context) -> bool:  # noqa: ANN001 - weasyprint LayoutContext
        area = context.current_footnote_area
        notes = context.current_page_footnotes
        if (context.in_column or not notes or not _unconstrained(area)
                or not all(_zero(n.style["margin_top"]) and _zero(n.style["margin_bottom"]) for n in notes)):
            return original(context)
        if area.height != "auto":
            context.page_bottom += area.margin_height()
        area.children = notes
        height = sum(note_height(context, area, note) for note in notes)
        chrome = context.__dict__["_briefgen_note_heights"][(id(notes[0]), area.page.width)][1]
        area.height = height
        context.page_bottom -= chrome + height
        return False  # an area of automatic height always holds its notes

    return update


@contextlib.contextmanager
def linear_footnote_area() -> Iterator[bool]:
    """Within the block, WeasyPrint lays out each footnote once per page (yields whether it does)."""
    import weasyprint
    from weasyprint.formatting_structure import build
    from weasyprint.layout import LayoutContext
    from weasyprint.layout.block import block_level_layout

    if weasyprint.__version__ != SUPPORTED_VERSION:
        yield False
        return
    with _LOCK:
        original = LayoutContext._update_footnote_area
        LayoutContext._update_footnote_area = _make_update(original, block_level_layout, build.create_anonymous_boxes)
        try:
            yield True
        finally:
            LayoutContext._update_footnote_area = original


# -- the box tree of laid-out pages -------------------------------------------


def page_box(page):  # noqa: ANN001, ANN201 - weasyprint Page -> PageBox
    """The root box of a laid-out page (private: ``Page._page_box``)."""
    return page._page_box


def walk(box):  # noqa: ANN001, ANN201 - WeasyPrint boxes
    """``box`` and every box inside it, depth first."""
    yield box
    for child in getattr(box, "children", None) or ():
        yield from walk(child)


def root_element(document):  # noqa: ANN001, ANN201 - weasyprint Document -> html5lib element
    """The <html> element the document was laid out from."""
    return page_box(document.pages[0]).children[0].element


def is_footnote_area(box) -> bool:  # noqa: ANN001
    """True for the box holding a page's footnotes."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.FootnoteAreaBox)


def is_inline(box) -> bool:  # noqa: ANN001
    """True for an inline box (a footnote call, a <sup>)."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.InlineBox)


def is_footnote_call(box) -> bool:  # noqa: ANN001
    """True for the inline box WeasyPrint makes for a footnote's call mark."""
    return (getattr(box, "element_tag", "") or "").endswith("::footnote-call") and is_inline(box)
