"""Markdown -> HTML for the documents: screen HTML with endnotes, print HTML with notes at their calls."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as ET  # noqa: N817 - python-markdown hands us ElementTree elements

from briefgen.footnotes import long_date

_MARKER = re.compile(r"^<!-- provenance: (?:on|off) -->\n", re.MULTILINE)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string (quotes, backslashes and line breaks escaped)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{out}"'


def page_css(doc) -> str:  # noqa: ANN001 - RenderedDocument
    """Running header and footer texts of ``doc`` for the @page margin boxes."""
    generated = f"Generated {long_date(doc.generated)}" if doc.generated else ""
    return (
        "@page { "
        f"@top-left {{ content: {_css_string(doc.classification)}; }} "
        f"@top-right {{ content: {_css_string(doc.title)}; }} "
        f"@bottom-left {{ content: {_css_string(generated)}; }} "
        '@bottom-right { content: "page " counter(page) " of " counter(pages); } '
        "}\n"
    )


def _safe_links(root: ET.Element, assets: dict[str, str]) -> None:
    """Drop any link or image that is not a footnote link or one of our own assets."""
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "img":
                if child.get("src") not in assets:
                    parent.remove(child)
                else:
                    child.set("src", assets[child.get("src")])
            elif child.tag == "a":
                href = child.get("href") or ""
                if not href.startswith("#"):
                    child.attrib.pop("href", None)


def _note_holder(root: ET.Element) -> ET.Element | None:
    holder = None
    for div in root.iter("div"):
        if "footnote" in (div.get("class") or "").split():
            holder = div
    return holder


def _call_sites(root: ET.Element, labels: object) -> list[tuple[ET.Element, ET.Element, str]]:
    """(parent, sup, label) of every call of a note in ``labels``; their order numbers the calls."""
    sites = []
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "sup" and (child.get("id") or "").startswith("fnref"):
                link = child.find("a")
                label = ((link.get("href") if link is not None else "") or "").split(":", 1)[-1]
                if label in labels:
                    sites.append((parent, child, label))
    return sites


def _inline_notes(root: ET.Element, plain: dict[int, int]) -> None:
    """Move each note's text into a ``span.fn`` at each of its calls; drop the endnote list."""
    notes: dict[str, ET.Element] = {}
    holder = _note_holder(root)
    if holder is None:
        return
    for li in holder.iter("li"):
        label = (li.get("id") or "").split(":", 1)[-1]
        span = ET.Element("span", {"class": "fn", "data-n": label})
        for p in li:
            span.text = (span.text or "") + (p.text or "")
            for child in p:
                if "footnote-backref" in (child.get("class") or ""):
                    span_tail = child.tail or ""
                    if len(span):
                        span[-1].tail = (span[-1].tail or "") + span_tail
                    else:
                        span.text = (span.text or "") + span_tail
                    continue
                span.append(copy.deepcopy(child))
        if span.text:
            span.text = span.text.rstrip("\u00a0 ")
        notes[label] = span
    sites = _call_sites(root, notes)
    # The PDF numbers notes with WeasyPrint's footnote counter (one per floated note);
    # a demoted repeat shows the number its target note will get.
    shown: dict[int, int] = {}
    for call in range(1, len(sites) + 1):
        if call not in plain:
            shown[call] = len(shown) + 1
    for call, (parent, child, label) in enumerate(sites, start=1):
        if call in plain:
            span = ET.Element("sup", {"class": "fnref", "data-n": label, "data-call": str(call),
                                      "data-target": str(plain[call])})
            span.text = str(shown.get(plain[call], label))
        else:
            span = copy.deepcopy(notes[label])
            span.set("data-call", str(call))
        span.tail = child.tail
        parent.insert(list(parent).index(child), span)
        parent.remove(child)
    for parent in root.iter():
        if holder in list(parent):
            parent.remove(holder)
            break


# Estimated layout for predicting which repeated calls share a page (see plan_calls).
_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "img", "pre", "blockquote", "dt", "dd"}
_LINE_CHARS = {"tr": 55}  # characters per printed line: table rows wrap in narrow cells
_BODY_LINE_CHARS = 95
_BLOCK_LINES = {"img": 14.0, "h1": 3.0, "h2": 2.2, "h3": 1.8}
# Repeats whose estimated distance from the floated call stays under this many lines are printed
# as bare numbers from the first layout on; a page holds about 50 lines.
_NEAR_LINES = 9.0


def _own_text(element: ET.Element) -> int:
    """Characters of ``element``'s text outside nested blocks."""
    size = len(element.text or "")
    for child in element:
        if child.tag not in _BLOCKS and child.tag not in ("ul", "ol", "table"):
            size += _own_text(child)
        size += len(child.tail or "")
    return size


def _call_lines(root: ET.Element) -> list[tuple[str, float]]:
    """(note label, estimated line of the block it is called in) for every call, in call order."""
    lines: dict[int, float] = {}
    line = 0.0

    def visit(element: ET.Element, block_top: float) -> None:
        nonlocal line
        if element.tag == "div" and "footnote" in (element.get("class") or "").split():
            return
        if element.tag in _BLOCKS:
            block_top = line
            chars = max(1, _own_text(element))
            line += _BLOCK_LINES.get(element.tag, -(-chars // _LINE_CHARS.get(element.tag, _BODY_LINE_CHARS)) + 0.3)
        if element.tag == "sup":
            lines[id(element)] = block_top
        for child in element:
            visit(child, block_top)

    visit(root, 0.0)
    holder = _note_holder(root)
    if holder is None:
        return []
    labels = {(li.get("id") or "").split(":", 1)[-1] for li in holder.iter("li")}
    return [(label, lines[id(sup)]) for _, sup, label in _call_sites(root, labels)]


def plan_calls(doc) -> tuple[list[str], dict[int, int]]:  # noqa: ANN001 - RenderedDocument
    """The note label of every call (in order), and a first guess at ``plain_calls`` for print:
    calls that repeat a note floated a few estimated lines before -> that call (counted from 1).

    The guess only saves layouts; the layout itself is verified.
    """
    calls: list[tuple[str, float]] = []

    def inspect(root: ET.Element) -> None:
        calls.extend(_call_lines(root))

    _convert(doc, inspect)
    return [label for label, _ in calls], _near_repeats(calls)


def _near_repeats(calls: list[tuple[str, float]]) -> dict[int, int]:
    """Repeats a few estimated lines after the call floating their note -> that call."""
    last: dict[str, tuple[int, float]] = {}
    repeats: dict[int, int] = {}
    for call, (label, line) in enumerate(calls, start=1):
        floated = last.get(label)
        if floated is not None and line - floated[1] <= _NEAR_LINES:
            repeats[call] = floated[0]
        else:
            last[label] = (call, line)
    return repeats


def _convert(doc, finish) -> str:  # noqa: ANN001
    """``doc``'s Markdown as HTML body text; ``finish(root)`` edits the element tree last."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class _Finish(Treeprocessor):
        def run(self, root: ET.Element) -> None:
            finish(root)

    md = markdown.Markdown(
        extensions=["footnotes", "tables", "attr_list", "toc"],
        extension_configs={"footnotes": {"UNIQUE_IDS": False}, "toc": {"permalink": False}},
        output_format="html",
    )
    # Facts are escaped before they reach Markdown; refusing raw HTML as well means a
    # template bug cannot smuggle markup through either.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Finish(md), "briefgen-finish", 0)
    return md.convert(_MARKER.sub("", doc.markdown))


def markdown_to_html(doc, *, inline_notes: bool, css: str, extra_css: str = "",  # noqa: ANN001
                     asset_urls: dict[str, str] | None = None, plain_calls: dict[int, int] | None = None) -> str:
    """A complete HTML document for ``doc``; raw HTML in the Markdown is not passed through.

    ``inline_notes`` puts each note at its call (for page-bottom notes in print);
    ``plain_calls`` maps calls (counted from 1) to print as a bare number to the call
    whose floated note they repeat.
    """
    assets = {name: name for name, _ in doc.assets} | dict(asset_urls or {})

    def finish(root: ET.Element) -> None:
        _safe_links(root, assets)
        if inline_notes:
            _inline_notes(root, plain_calls or {})

    body = _convert(doc, finish)
    meta = [
        f'<meta name="author" content="{html.escape(doc.desk or doc.classification)}">',
        f'<meta name="description" content="{html.escape(doc.description)}">',
        f'<meta name="keywords" content="{html.escape(", ".join(doc.keywords))}">',
        '<meta name="generator" content="briefgen">',
    ]
    if doc.generated:
        meta.append(f'<meta name="dcterms.created" content="{doc.generated.isoformat()}">')
        meta.append(f'<meta name="dcterms.modified" content="{doc.generated.isoformat()}">')
    kind_class = html.escape(doc.kind)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(doc.title)}</title>\n" + "\n".join(meta) + "\n"
        f"<style>\n{css}\n{extra_css}</style>\n</head>\n"
        f'<body class="{kind_class}">\n{body}\n</body>\n</html>\n'
    )
