"""Word output: a rendered document's Markdown as .docx, written by pandoc.

pandoc comes with the ``pypandoc-binary`` wheel (a Debian ``pandoc`` on PATH is the fallback).
Every Markdown footnote becomes a real Word footnote with the same number; a note cited again
becomes a NOTEREF field showing that number (see docx_filter.lua). Styles, A4 page, header and
footer come from ``templates/reference.docx`` (made by briefgen.publish.reference_docx), whose
marking, title and date placeholders are filled in here for each document. Charts go in as a
PNG rendition of their SVG. pandoc runs sandboxed (it reads nothing but its arguments) and with
SOURCE_DATE_EPOCH set, so the same document gives the same bytes.
"""

from __future__ import annotations

import base64
import calendar
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from briefgen.documents.footnotes import long_date
from briefgen.errors import PublishError

REFERENCE_NAME = "reference.docx"
FILTER = Path(__file__).with_name("docx_filter.lua")
# pandoc's Markdown, narrowed to what python-markdown (the HTML and PDF path) reads the same
# way: no smart quotes, no TeX, no citations, no sub/superscript or strike-out, no captions
# made from an image's alt text, no letter-numbered or definition lists.
PANDOC_FROM = ("markdown-smart-tex_math_dollars-tex_math_single_backslash-raw_tex-citations"
               "-implicit_figures-fancy_lists-example_lists-definition_lists-subscript-superscript-strikeout")
_NOTE_DEFINITION = re.compile(r"^\[\^([A-Za-z0-9_-]+)\]:[ \t]", re.MULTILINE)
_TIMEOUT = 120
# The earliest time a zip entry can carry.
_EPOCH_FALLBACK = 315532800


def pandoc_path() -> str:
    """The pandoc executable: the pypandoc-binary wheel's, else one on PATH."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if found:
            return found
    raise PublishError("Word output needs pandoc: install briefgen with its dependencies "
                       "(pypandoc-binary) or the pandoc package")


def labelled_markdown(markdown: str) -> str:
    """``markdown`` with each footnote's label repeated inside it as an empty span, which the
    Lua filter reads to tell one note cited twice from two notes that read alike."""
    return _NOTE_DEFINITION.sub(lambda m: f'{m.group(0)}[]{{note="{m.group(1)}"}} ', markdown)


def with_embedded_images(markdown: str, images: dict[str, bytes]) -> str:
    """``markdown`` whose references to the named images point at data: URLs of their bytes."""
    for name, data in images.items():
        url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        markdown = markdown.replace(f"]({name})", f"]({url})")
    return markdown


def fill_reference(reference: bytes, values: dict[str, str]) -> bytes:
    """The reference document with its header and footer placeholders replaced by ``values``."""
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(reference)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if re.fullmatch(r"word/(header|footer)\d*\.xml", info.filename):
                    text = data.decode("utf-8")
                    for key, value in values.items():
                        text = text.replace("{{" + key + "}}", escape(value))
                    data = text.encode("utf-8")
                target.writestr(info, data)
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError) as exc:
        raise PublishError(f"not a Word document ({exc})", file=REFERENCE_NAME) from None
    return out.getvalue()


def source_date_epoch(doc) -> str:  # noqa: ANN001 - RenderedDocument
    """Midnight (UTC) of the document's generation date (SOURCE_DATE_EPOCH's date when that is set)."""
    day = doc.generated or doc.facts_as_of
    if day is None:
        return str(_EPOCH_FALLBACK)
    return str(max(_EPOCH_FALLBACK, calendar.timegm(day.timetuple())))


def _reference(templates: Path) -> bytes:
    path = Path(templates) / REFERENCE_NAME
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PublishError(f"cannot read the Word reference document: {exc.strerror} "
                           "(make it with: python -m briefgen.publish.reference_docx)", file=str(path)) from None


def render_docx(doc, templates: Path) -> bytes:  # noqa: ANN001 - RenderedDocument
    """The .docx bytes of ``doc``."""
    from briefgen.publish.raster import svg_to_png

    generated = f"Generated {long_date(doc.generated)}" if doc.generated else ""
    reference = fill_reference(_reference(templates), {
        "classification": doc.classification, "title": doc.title, "generated": generated,
    })
    images = {name: svg_to_png(content, name=name) for name, content in doc.assets if name.endswith(".svg")}
    markdown = with_embedded_images(labelled_markdown(doc.markdown), images)
    meta = [("lang", doc.lang), ("subject", doc.description), ("description", doc.description)]
    meta += [("keywords", keyword) for keyword in doc.keywords]
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(doc)}
    with tempfile.TemporaryDirectory(prefix="briefgen-docx-") as tmp:
        folder = Path(tmp)
        (folder / "reference.docx").write_bytes(reference)
        (folder / "document.md").write_text(markdown, encoding="utf-8")
        command = [pandoc_path(), "--fail-if-warnings", "-f", PANDOC_FROM, "-t", "docx",
                   "--reference-doc", "reference.docx", "--columns", "100000", "--lua-filter", str(FILTER), "-o", "document.docx"]
        for key, value in meta:
            command += ["-M", f"{key}={value}"]
        command.append("document.md")
        try:
            result = subprocess.run(command, cwd=folder, env=env, capture_output=True, timeout=_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PublishError(f"{doc.name}.docx: pandoc could not run ({exc})") from None
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PublishError(f"{doc.name}.docx: pandoc failed: {message[0] if message else result.returncode}")
        return (folder / "document.docx").read_bytes()
