"""Each assumption briefgen makes about WeasyPrint's private API, checked against the installed
version (briefgen/publish/weasyprint_internals.py is the only module relying on them). Run
against the newest release with `make test-weasyprint-next`."""

from __future__ import annotations

import inspect

import pytest

from briefgen.publish import weasyprint_internals as internals

weasyprint = pytest.importorskip("weasyprint")

HTML = """<html><head><style>
@page { size: A6; margin: 10mm; }
.fn { float: footnote; }
</style></head><body>
<p>Trade reached $1.2 billion<span class="fn" data-call="1" data-n="1">Source: a quote.</span>
and <sup class="fnref" data-call="2" data-target="1">1</sup> again.</p>
</body></html>"""


@pytest.fixture(scope="module")
def document():  # noqa: ANN201
    return weasyprint.HTML(string=HTML).render()


def test_a_page_exposes_its_box_tree(document) -> None:  # noqa: ANN001
    boxes = list(internals.walk(internals.page_box(document.pages[0])))
    assert len(boxes) > 5
    text = "".join(getattr(b, "text", "") or "" for b in boxes)
    assert "Trade reached $1.2 billion" in text


def test_the_root_element_is_the_html_element(document) -> None:  # noqa: ANN001
    root = internals.root_element(document)
    assert root.tag.endswith("html")
    assert [e.get("data-call") for e in root.iter() if e.get("data-call")] == ["1", "2"]


def test_notes_sit_in_a_footnote_area_box_and_calls_are_tagged(document) -> None:  # noqa: ANN001
    boxes = list(internals.walk(internals.page_box(document.pages[0])))
    areas = [b for b in boxes if internals.is_footnote_area(b)]
    assert len(areas) == 1
    notes = [n for n in areas[0].children if getattr(n, "element", None) is not None]
    assert [n.element.get("data-call") for n in notes] == ["1"]
    calls = [b for b in boxes if internals.is_footnote_call(b)]
    assert len(calls) == 1
    assert "".join(getattr(t, "text", "") for t in internals.walk(calls[0])) == "1"
    sups = [b for b in boxes if getattr(b, "element_tag", "") == "sup" and internals.is_inline(b)]
    assert [s.element.get("data-target") for s in sups] == ["1"]


def test_the_footnote_area_shortcut_runs_only_on_the_version_it_was_written_for() -> None:
    with internals.linear_footnote_area() as active:
        assert active == (weasyprint.__version__ == internals.SUPPORTED_VERSION)


@pytest.mark.skipif(weasyprint.__version__ != internals.SUPPORTED_VERSION,
                    reason="the footnote-area shortcut is written for one WeasyPrint version")
def test_the_private_names_the_shortcut_replaces_and_calls_are_as_expected() -> None:
    from weasyprint.formatting_structure import build
    from weasyprint.layout import LayoutContext
    from weasyprint.layout.block import block_level_layout

    assert list(inspect.signature(LayoutContext._update_footnote_area).parameters) == ["self"]
    assert list(inspect.signature(block_level_layout).parameters)[:5] == [
        "context", "box", "bottom_space", "skip_stack", "containing_block"]
    assert list(inspect.signature(build.create_anonymous_boxes).parameters) == ["box"]
    for name in ("current_footnote_area", "current_page_footnotes", "in_column", "page_bottom"):
        assert name in inspect.getsource(LayoutContext), name


def test_the_url_fetcher_is_in_the_form_weasyprint_accepts(tmp_path) -> None:  # noqa: ANN001
    from briefgen.publish.outputs import make_url_fetcher

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
           '<rect width="40" height="20" fill="#2f5d8a"/></svg>')
    (tmp_path / "chart.svg").write_text(svg, encoding="utf-8")
    html = f'<p>Chart: <img src="{(tmp_path / "chart.svg").as_uri()}"></p>'
    document = weasyprint.HTML(string=html, url_fetcher=make_url_fetcher([tmp_path], fonts=())).render()
    images = [b for b in internals.walk(internals.page_box(document.pages[0])) if type(b).__name__ == "InlineReplacedBox"]
    assert len(images) == 1
