"""Markdown -> HTML for the documents: screen HTML with endnotes, print HTML with notes at their calls."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as ET  # noqa: N817 - python-markdown hands us ElementTree elements

from briefgen.documents.footnotes import long_date

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


def _source_link(link: ET.Element, href: str) -> bool:
    """True for a source's address as briefgen writes it (an autolink of a clean http(s) URL):
    article text is escaped before it reaches Markdown, so no quote can make one."""
    from briefgen.core.urls import clean_url

    return clean_url(href) == href and "".join(link.itertext()) == href and len(link) == 0


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
                if not href.startswith("#") and not _source_link(child, href):
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


def _inline_notes(root: ET.Element, plain: dict[int, int] | None) -> None:
    """Move each note's text into a ``span.fn`` at each of its calls; drop the endnote list.

    ``plain`` maps calls to print as bare numbers to the call floating their note; without it
    the repeats that can be kept on their note's page by the layout itself are chosen
    (see ``glued_repeats``).
    """
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
    if plain is None:
        plain = glued_repeats(root, sites)
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


# The blocks a call can sit in: a demoted repeat is kept on its note's page by keeping its
# block whole and glued to the block before it.
_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dt", "dd"}
_LINE_CHARS = {"tr": 55}  # characters per printed line: table rows wrap in narrow cells
_BODY_LINE_CHARS = 95
# Blocks held together on one page stay under this many estimated lines (a page holds about
# 50): longer stretches would leave large gaps at page feet, so the note floats again instead.
_MAX_GLUED_LINES = 14.0
KEEP_WHOLE = "bf-keep"   # break-inside: avoid (print.css)
KEEP_NEXT = "bf-glue"    # break-after: avoid (print.css)


def _own_text(element: ET.Element) -> int:
    """Characters of ``element``'s text outside nested blocks."""
    size = len(element.text or "")
    for child in element:
        if child.tag not in _BLOCKS and child.tag not in ("ul", "ol", "table"):
            size += _own_text(child)
        size += len(child.tail or "")
    return size


def _block_lines(element: ET.Element) -> float:
    """Estimated printed lines of a block's own text."""
    chars = max(1, _own_text(element))
    return -(-chars // _LINE_CHARS.get(element.tag, _BODY_LINE_CHARS)) + 0.3


def _add_class(element: ET.Element, name: str) -> None:
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def glued_repeats(root: ET.Element, sites: list[tuple[ET.Element, ET.Element, str]]) -> dict[int, int]:
    """Repeated calls to print bare (call -> the call floating its note), chosen so that the
    layout cannot part them from their note: a repeat in the block of the previous call of its
    note, or in a later block of the same parent a few lines on. The blocks from that call to
    the repeat are marked to stay whole and together; other repeats float their note again.
    """
    parents = {id(child): parent for parent in root.iter() for child in parent}
    # Positions among siblings; glue() only adds classes, so they stay valid throughout.
    position = {id(child): index for parent in root.iter() for index, child in enumerate(parent)}

    def block_of(element: ET.Element) -> ET.Element | None:
        node = parents.get(id(element))
        while node is not None and node.tag not in _BLOCKS:
            node = parents.get(id(node))
        return node

    def glue(previous: ET.Element, block: ET.Element) -> bool:
        """Keep ``previous`` through ``block`` (later siblings) on one page, if short enough."""
        parent = parents.get(id(block))
        if parent is None or parents.get(id(previous)) is not parent:
            return False
        first, last = position[id(previous)], position[id(block)]
        # Each block is at least one line: a longer gap can never be held (and is not summed).
        if last < first or last - first > _MAX_GLUED_LINES:
            return False
        run = parent[first:last + 1]
        if any(s.tag not in _BLOCKS for s in run):
            return False
        start = first
        while start > 0 and KEEP_NEXT in (parent[start - 1].get("class") or "").split():
            start -= 1  # already held to this stretch by another note's run
        if sum(_block_lines(s) for s in parent[start:last + 1]) > _MAX_GLUED_LINES:
            return False
        for held in run:
            _add_class(held, KEEP_WHOLE)
            if held is not block:
                _add_class(held, KEEP_NEXT)
        return True

    runs: dict[str, tuple[int, ET.Element]] = {}  # label -> (floating call, block of its last call)
    plain: dict[int, int] = {}
    for call, (_parent, sup, label) in enumerate(sites, start=1):
        block = block_of(sup)
        if block is None:
            runs.pop(label, None)
            continue
        if label in runs and glue(runs[label][1], block):
            plain[call] = runs[label][0]
            runs[label] = (runs[label][0], block)
        else:
            runs[label] = (call, block)
    _group_glued_rows(root)
    return plain


def _group_glued_rows(root: ET.Element) -> None:
    """Give each stretch of glued table rows its own unbreakable ``tbody``.

    WeasyPrint 65 moves a row that does not fit to the next page without looking at the
    previous row's ``break-after``; a row group kept whole is honoured.
    """
    for table in root.iter("table"):
        for body in [child for child in table if child.tag == "tbody"]:
            rows = list(body)
            groups: list[list[ET.Element]] = [[]]
            for row in rows:
                groups[-1].append(row)
                if KEEP_NEXT not in (row.get("class") or "").split():
                    groups.append([])
            if all(len(group) <= 1 for group in groups):
                continue
            position = list(table).index(body)
            table.remove(body)
            plain: list[ET.Element] = []
            new_bodies: list[ET.Element] = []
            for group in [g for g in groups if g]:
                if len(group) == 1:
                    plain.extend(group)
                    continue
                if plain:
                    new_bodies.append(_tbody(plain, None))
                    plain = []
                new_bodies.append(_tbody(group, KEEP_WHOLE))
            if plain:
                new_bodies.append(_tbody(plain, None))
            for offset, new_body in enumerate(new_bodies):
                table.insert(position + offset, new_body)


def _tbody(rows: list[ET.Element], css_class: str | None) -> ET.Element:
    body = ET.Element("tbody", {"class": css_class} if css_class else {})
    body.extend(rows)
    return body


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
    whose floated note they repeat (default: the repeats ``glued_repeats`` can keep on
    their note's page).
    """
    assets = {name: name for name, _ in doc.assets} | dict(asset_urls or {})

    def finish(root: ET.Element) -> None:
        _safe_links(root, assets)
        if inline_notes:
            _inline_notes(root, plain_calls)

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
