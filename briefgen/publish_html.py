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


def _inline_notes(root: ET.Element, plain: dict[int, int]) -> None:
    """Move each note's text into a ``span.fn`` at each of its calls; drop the endnote list."""
    notes: dict[str, ET.Element] = {}
    holder = None
    for div in root.iter("div"):
        if "footnote" in (div.get("class") or "").split():
            holder = div
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
    sites = []
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "sup" and (child.get("id") or "").startswith("fnref"):
                link = child.find("a")
                label = ((link.get("href") if link is not None else "") or "").split(":", 1)[-1]
                if label in notes:
                    sites.append((parent, child, label))
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


def markdown_to_html(doc, *, inline_notes: bool, css: str, extra_css: str = "",  # noqa: ANN001
                     asset_urls: dict[str, str] | None = None, plain_calls: dict[int, int] | None = None) -> str:
    """A complete HTML document for ``doc``; raw HTML in the Markdown is not passed through.

    ``inline_notes`` puts each note at its call (for page-bottom notes in print);
    ``plain_calls`` maps calls (counted from 1) to print as a bare number to the call
    whose floated note they repeat.
    """
    import markdown
    from markdown.treeprocessors import Treeprocessor

    assets = {name: name for name, _ in doc.assets} | dict(asset_urls or {})

    class _Finish(Treeprocessor):
        def run(self, root: ET.Element) -> None:
            _safe_links(root, assets)
            if inline_notes:
                _inline_notes(root, plain_calls or {})

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
    body = md.convert(_MARKER.sub("", doc.markdown))
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
