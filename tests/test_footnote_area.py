"""The linear footnote area changes how long a PDF takes to lay out, never what is on each page.

Compared page by page as text, not as bytes: whether two float sums of note heights agree to
the last bit depends on the font's metrics, and no test may depend on which fonts are installed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen.publish.html import markdown_to_html, page_css
from briefgen.publish.weasyprint_internals import SUPPORTED_VERSION, linear_footnote_area

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(weasyprint.__version__ != SUPPORTED_VERSION,
                                reason=f"the shortcut is written for WeasyPrint {SUPPORTED_VERSION} and off elsewhere")


def _many_notes() -> str:
    # Notes of different lengths, in paragraphs, a list and a table, over several pages.
    body = []
    for i in range(30):
        body.append(f"Paragraph {i} states a figure[^n{i}] and another[^m{i % 7}].\n")
    body.append("".join(f"- item {i}[^n{i}]\n" for i in range(0, 30, 3)))
    body.append("| A | B |\n|--|--|\n" + "".join(f"| row {i}[^m{i % 7}] | {i}[^n{i}] |\n" for i in range(12)))
    notes = [f"[^n{i}]: Source {i}: " + "a quoted sentence of evidence " * (1 + i % 6) for i in range(30)]
    notes += [f"[^m{i}]: Other source {i}." for i in range(7)]
    return "\n".join(body) + "\n" + "\n".join(notes) + "\n"


def _pdf(config, doc) -> tuple[list[str], int]:
    """The text of each page (body and footnote area) and the number of pages."""
    import io

    from pypdf import PdfReader

    css = (Path(config.templates) / "print.css").read_text(encoding="utf-8")
    html = markdown_to_html(doc, inline_notes=True, css=css, extra_css=page_css(doc))
    document = weasyprint.HTML(string=html).render()
    reader = PdfReader(io.BytesIO(document.write_pdf(pdf_identifier=b"0" * 32)))
    return [page.extract_text() for page in reader.pages], len(document.pages)


@pytest.mark.parametrize("case", ["fixture brief", "many notes"])
def test_every_page_holds_the_same_text_and_notes_with_and_without_it(docs_config, docs_brief, case: str, monkeypatch) -> None:
    doc = docs_brief if case == "fixture brief" else dataclasses.replace(docs_brief, markdown=_many_notes())
    import weasyprint.layout as layout_module

    calls = {"area layouts": 0}
    original = layout_module.block_level_layout

    def counting(context, box, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if type(box).__name__ == "FootnoteAreaBox":
            calls["area layouts"] += 1
        return original(context, box, *args, **kwargs)

    # The name WeasyPrint's own footnote-area update calls (page.py lays out each page's final area separately).
    monkeypatch.setattr(layout_module, "block_level_layout", counting)
    stock, pages = _pdf(docs_config, doc)
    stock_layouts = calls["area layouts"]
    calls["area layouts"] = 0
    with linear_footnote_area() as active:
        linear, _ = _pdf(docs_config, doc)
    assert active, "weasyprint is pinned to the version the shortcut is written for"
    assert pages >= 2 and len(linear) == len(stock)
    for number, (ours, theirs) in enumerate(zip(linear, stock, strict=True), 1):
        assert ours == theirs, f"page {number} differs"
    # Stock WeasyPrint lays the whole area out again for every note added to a page.
    assert stock_layouts > 20 and calls["area layouts"] == 0


def test_it_restores_weasyprint_afterwards() -> None:
    from weasyprint.layout import LayoutContext

    before = LayoutContext._update_footnote_area
    with linear_footnote_area(), linear_footnote_area():
        assert LayoutContext._update_footnote_area is not before
    assert LayoutContext._update_footnote_area is before
