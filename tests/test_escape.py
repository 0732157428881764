"""Text from articles shows literally: no markup, links, images, footnotes or template code."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest

from briefgen.documents.escape import Md, finalize, md_escape

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![i](file:///etc/passwd)",
    "*bold* and _italic_ and __strong__",
    "a | b | c",
    "`code` and ``more``",
    "see [^1] and [^1]: fake note",
    "{{ 7*7 }} {% if x %}",
    "# heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "~~struck~~ x^2^",
    "AT&T &amp; &lt;b&gt;",
    "back\\slash",
    "<http://evil.example/>",
    "line one\nline two",
]


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["footnotes", "tables"])


def _visible(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_literally_in_python_markdown(text: str) -> None:
    html = _html(f"Quote: {md_escape(text)}")
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert "<h1" not in html and "<ol>" not in html and "<blockquote>" not in html
    assert _visible(html) == "Quote: " + " ".join(text.split())


def test_hostile_text_in_a_table_cell_stays_in_its_cell() -> None:
    row = " | ".join(md_escape(t) for t in ("a | b", "*x*"))
    html = _html(f"| one | two |\n|---|---|\n| {row} |")
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert [_visible(c) for c in cells] == ["a | b", "*x*"]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_hostile_text_renders_literally_in_pandoc() -> None:
    source = "\n\n".join(f"Quote: {md_escape(t)}" for t in HOSTILE)
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=source, capture_output=True,
                          text=True, check=True).stdout
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<em>" not in html
    paragraphs = [_visible(p) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]
    assert paragraphs == ["Quote: " + " ".join(t.split()) for t in HOSTILE]


def test_finalize_trusts_only_briefgen_markdown() -> None:
    assert str(finalize(Md("**ours**"))) == "**ours**"
    assert str(finalize("**theirs**")) == "\\*\\*theirs\\*\\*"
    assert str(finalize(12)) == "12"
    with pytest.raises(TypeError):
        finalize(None)
    # Concatenating trusted and untrusted text does not make it trusted.
    assert not isinstance(Md("a") + "*b*", Md)


def test_hostile_fixture_brief_shows_title_literally(tmp_path: Path) -> None:
    from briefgen.config import load_config
    from briefgen.documents.render import render_document
    from briefgen.factbase.load import load_factbase
    from briefgen.publish.outputs import publish

    config = load_config(Path(__file__).parent / "fixtures" / "docs")
    doc = render_document("country-brief", load_factbase(config), "Turkey", config)
    html = publish(doc, tmp_path, ["html"], templates=config.templates)[0].read_text(encoding="utf-8")
    assert "<script>" not in html and "javascript:" not in html.split("<body")[0]
    assert 'href="javascript' not in html and "<b>" not in html and "<i>" not in html
    text = _visible(html.split("<body", 1)[1])
    assert "[x](javascript:alert(1)) <script>alert(1)</script> {{ 7*7 }} [^1]" in text
    assert "Deputy Minister *of* <i>Trade</i>" in text
