"""Publish a rendered document as Markdown, HTML, PDF (WeasyPrint, verifying every footnote) and
Word (.docx, pandoc)."""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen.core.vocab import OUTPUT_FORMATS as FORMATS
from briefgen.errors import PublishError
from briefgen.publish.html import markdown_to_html, page_css
from briefgen.publish.weasyprint_internals import (
    is_footnote_area,
    is_footnote_call,
    is_inline,
    linear_footnote_area,
    page_box,
    root_element,
    walk,
)
from briefgen.storage.atomic import write_bytes_atomic

# Break settings tried in turn when a page-bottom note does not land on its call's page.
RETRY_CSS = (
    ".fn { footnote-policy: line; }",
    ".fn { footnote-policy: block; } p, li { orphans: 1; widows: 1; }",
    "",
)
_MAX_DEDUPE_PASSES = 6
# print.css names its fonts with local(); WeasyPrint then reads the font file that
# fontconfig found through the URL fetcher, so these folders (fonts only) are allowed.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


class RefusedFetch(PublishError):
    """WeasyPrint asked for a resource outside the allowed folders."""


def make_url_fetcher(allowed: list[Path], fonts: tuple[Path, ...] = FONT_DIRS) -> Callable[..., Any]:
    """A URL fetcher serving only ``data:`` URLs, files inside ``allowed`` folders and font files
    inside ``fonts``; everything else (http, https, other files) is refused.

    In the form the installed WeasyPrint expects: up to 65, a function returning a dict; from
    the releases that have ``weasyprint.urls.URLFetcher`` (which no longer accept the dict), an
    instance of it whose ``fetch`` returns a ``URLFetcherResponse``."""
    roots = [Path(folder).resolve() for folder in allowed]
    font_roots = [Path(folder).resolve() for folder in fonts]

    def resolve(url: str) -> tuple[bytes, str | None, str]:
        """(content, mime type, final URL) of an allowed URL; RefusedFetch otherwise."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            header, _, payload = url[5:].partition(",")
            mime = header.split(";")[0] or "text/plain"
            data = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode("utf-8")
            return data, mime, url
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            font = path.suffix.lower() in FONT_SUFFIXES and any(path.is_relative_to(r) for r in font_roots)
            if path.is_file() and (font or any(path.is_relative_to(root) for root in roots)):
                return path.read_bytes(), mimetypes.guess_type(path.name)[0], path.as_uri()
        raise RefusedFetch(f"refused to fetch {url!r}: only data: URLs, files in the templates' assets folder and system fonts")

    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):
        class _Fetcher(urls.URLFetcher):
            def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ARG002 - WeasyPrint's signature
                data, mime, final = resolve(url)
                return urls.URLFetcherResponse(final, data, {"Content-Type": mime} if mime else None)

        return _Fetcher()

    def fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict:  # noqa: ARG001 - WeasyPrint 65's signature
        data, mime, final = resolve(url)
        found = {"string": data, "mime_type": mime}
        return found | {"redirected_url": final} if final.startswith("file:") else found

    return fetch


@dataclass(frozen=True, slots=True)
class PageNotes:
    """Footnote calls and notes found on one laid-out page."""

    calls: tuple[str, ...]          # note numbers of floated calls, in order
    call_ids: tuple[int, ...]       # call counters (data-call) of floated calls
    plain: tuple[tuple[int, int], ...]  # (data-call, target data-call) of bare repeat calls
    notes: tuple[tuple[int, str], ...]  # (data-call, note number) of notes in the footnote area


def _calls(document) -> list:  # noqa: ANN001 - weasyprint Document
    """The HTML elements of every call (a floated note or a bare repeat), in document order."""
    if not document.pages:
        return []
    root = root_element(document)
    return [e for e in root.iter() if e.get("data-call")]


def floated_calls(document) -> list[int]:  # noqa: ANN001 - weasyprint Document
    """The data-call ids of the notes floated to the page bottom, in document order."""
    return [int(e.get("data-call")) for e in _calls(document) if "fn" in (e.get("class") or "").split()]


def call_labels(document) -> list[str]:  # noqa: ANN001 - weasyprint Document
    """The note label of every call (floated or bare), in call order."""
    labels = {int(e.get("data-call")): e.get("data-n") for e in _calls(document)}
    return [labels[call] for call in sorted(labels)]


def inspect_layout(document) -> list[PageNotes]:  # noqa: ANN001 - weasyprint Document
    """Calls and notes per laid-out page (calls are matched to notes by document order)."""
    floated = floated_calls(document)
    pages = []
    index = 0
    for page in document.pages:
        calls, call_ids, plain, notes = [], [], [], []
        for box in walk(page_box(page)):
            if is_footnote_area(box):
                for note in box.children:
                    element = getattr(note, "element", None)
                    if element is not None and element.get("data-call"):
                        notes.append((int(element.get("data-call")), element.get("data-n")))
                continue
            tag = getattr(box, "element_tag", "") or ""
            if is_footnote_call(box):
                text = "".join(getattr(t, "text", "") for t in walk(box))
                calls.append(text)
                call_ids.append(floated[index] if index < len(floated) else -1)
                index += 1
            elif tag == "sup" and is_inline(box):
                element = box.element
                if "fnref" in (element.get("class") or "") and element.get("data-target"):
                    plain.append((int(element.get("data-call")), int(element.get("data-target"))))
        pages.append(PageNotes(tuple(calls), tuple(call_ids), tuple(dict.fromkeys(plain)), tuple(notes)))
    return pages


def check_pages(pages: list[PageNotes]) -> tuple[list[str], dict[int, int], set[int]]:
    """Problems (a floated call whose note is not on its page), repeats to demote (call -> the
    call floating the same note on that page) and demoted calls whose note is on another page."""
    problems: list[str] = []
    repeats: dict[int, int] = {}
    astray: set[int] = set()
    for number, page in enumerate(pages, start=1):
        on_page = {call for call, _ in page.notes}
        label_of = dict(page.notes)
        first: dict[str, int] = {}
        for call, shown in zip(page.call_ids, page.calls, strict=True):
            if call not in on_page:
                problems.append(f"page {number}: note {shown} is not on the page of its call")
                continue
            label = label_of[call]
            if label in first:
                repeats[call] = first[label]
            else:
                first[label] = call
        for call, target in page.plain:
            if target not in on_page:
                astray.add(call)
        stray = on_page - set(page.call_ids)
        for call in sorted(stray):
            problems.append(f"page {number}: a note (call {call}) appears away from its call")
    return problems, repeats, astray


def page_repeats(pages: list[PageNotes], labels: list[str], pinned: set[int]) -> dict[int, int]:
    """Which calls to print bare, given the page each call landed on: every call of a note after
    the first on its page -> that first call (whose note floats). ``pinned`` calls always float."""
    demoted: dict[int, int] = {}
    for page in pages:
        first: dict[str, int] = {}
        for call in sorted([*page.call_ids, *(call for call, _ in page.plain)]):
            if not 0 < call <= len(labels):
                continue
            label = labels[call - 1]
            if label in first and call not in pinned:
                demoted[call] = first[label]
            else:
                first.setdefault(label, call)
    return demoted


def _stylesheet(templates: Path) -> str:
    path = Path(templates) / "print.css"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PublishError(f"cannot read the print stylesheet: {exc.strerror}", file=str(path)) from None


def render_pdf(doc, templates: Path, *, after_layout: Callable | None = None) -> tuple[bytes, str]:  # noqa: ANN001
    """PDF bytes of ``doc`` and how notes were placed ("page" or "endnotes"); never loses a note.

    ``after_layout`` is called with each laid-out document before verification (tests use it
    to simulate WeasyPrint dropping a note).
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint reports refused fetches and CSS it ignores as log warnings; keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    css = _stylesheet(templates)
    assets_dir = templates / "assets"
    fetcher = make_url_fetcher([assets_dir])
    base_url = assets_dir.resolve().as_uri() + "/"
    urls = {
        name: "data:image/svg+xml;base64," + base64.b64encode(content.encode("utf-8")).decode("ascii")
        for name, content in doc.assets
    }
    identifier = hashlib.sha256(doc.markdown.encode("utf-8")).hexdigest()[:32].encode("ascii")

    # @font-face rules only take effect with a font configuration.
    fonts = FontConfiguration()

    def layout(html_text: str):  # noqa: ANN202
        html = weasyprint.HTML(string=html_text, base_url=base_url, url_fetcher=fetcher)
        with linear_footnote_area():
            document = html.render(font_config=fonts)
        if after_layout is not None:
            after_layout(document)
        return document

    def write(document) -> bytes:  # noqa: ANN001
        return document.write_pdf(pdf_identifier=identifier)

    failures: list[str] = []
    for extra in RETRY_CSS:
        # First the repeats the layout itself keeps on their note's page (glued_repeats): one
        # layout, verified. Otherwise (a block too tall to keep whole, or a note pushed to the
        # next page) the repeats are placed by the pages this layout gave, which also frees
        # footnote space, and the next layout is checked again.
        plain: dict[int, int] | None = None
        tried: list[dict[int, int] | None] = []
        pinned: set[int] = set()  # once the plans go round in circles: calls that strayed, always floated
        for _ in range(_MAX_DEDUPE_PASSES):
            html_text = markdown_to_html(doc, inline_notes=True, css=css, extra_css=page_css(doc) + extra,
                                         asset_urls=urls, plain_calls=plain)
            document = layout(html_text)
            pages = inspect_layout(document)
            problems, repeats, astray = check_pages(pages)
            if not (problems or astray):
                break
            problems += [f"repeated calls {sorted(astray)} left their note's page"] if astray else []
            labels = call_labels(document)
            tried.append(plain)
            plain = page_repeats(pages, labels, pinned)
            if plain in tried:
                pinned |= astray | set(repeats)
                plain = page_repeats(pages, labels, pinned)
                if plain in tried:
                    break
        if not problems:
            return write(document), "page"
        failures.extend(problems)
    # Last resort: all notes at the end, where none can be lost.
    html_text = markdown_to_html(doc, inline_notes=False, css=css, extra_css=page_css(doc), asset_urls=urls)
    document = layout(html_text)
    text = "".join(getattr(b, "text", "") or "" for page in document.pages for b in walk(page_box(page)))
    missing = [note.number for note in doc.notes if f"{note.number}" not in text]
    if missing:
        raise PublishError(f"{doc.name}.pdf: footnotes {missing} could not be placed; first problem: {failures[:1]}")
    return write(document), "endnotes"


def publish(doc, out_dir: Path, formats: tuple[str, ...] | list[str], *, templates: Path,  # noqa: ANN001
            after_layout: Callable | None = None) -> list[Path]:
    """Write ``doc`` into ``out_dir`` in each format; all files are produced before any is written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise PublishError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    outputs: list[tuple[Path, bytes]] = []
    if "md" in formats or "html" in formats:
        outputs.extend((out_dir / name, content.encode("utf-8")) for name, content in doc.assets)
    if "md" in formats:
        outputs.append((out_dir / f"{doc.name}.md", doc.markdown.encode("utf-8")))
    if "html" in formats:
        html_text = markdown_to_html(doc, inline_notes=False, css=_stylesheet(templates))
        outputs.append((out_dir / f"{doc.name}.html", html_text.encode("utf-8")))
    if "pdf" in formats:
        pdf, _placement = render_pdf(doc, templates, after_layout=after_layout)
        outputs.append((out_dir / f"{doc.name}.pdf", pdf))
    if "docx" in formats:
        from briefgen.publish.docx import render_docx

        outputs.append((out_dir / f"{doc.name}.docx", render_docx(doc, templates)))
    written = []
    for path, data in outputs:
        write_bytes_atomic(path, data)
        written.append(path)
    return written
