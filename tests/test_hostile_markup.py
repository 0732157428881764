"""Markup inside quotes and names shows literally in Markdown, HTML and PDF; footnotes stay in order."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.app.build import build_documents
from briefgen.config import load_config
from briefgen.documents.escape import md_escape
from briefgen.documents.render import render_document
from briefgen.factbase.load import load_factbase
from briefgen.publish.outputs import publish
from briefgen.storage.yamlfiles import dump_yaml

REPO = Path(__file__).resolve().parents[1]

# Every string a hostile article or fact file might carry into a handout.
HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![i](file:///etc/passwd)",
    "{{ 7*7 }}",
    "{% raw %}",
    "*starred*",
    "_underscored_",
    "a | b",
    "`tick` and ``ticks``",
    "[^1]",
    "[^99]: fake note",
    '<img src="http://127.0.0.1:9/p.gif">',
    "<http://127.0.0.1:9/auto>",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "~~struck~~ x^2^",
    "back\\slash \\*",
    "<!-- hidden -->",
    "# not a heading",
]

ARTICLE = (
    " date 2026-06-01 Kazakhstan and Romania review trade {{ 7*7 }} <script>alert(1)</script>\n\n"
    "ASTANA. KAZINFORM – Trade turnover between Kazakhstan and Romania reached $3.1 billion in 2025, "
    "said the head of the " + " ".join(h for h in HOSTILE if not h.startswith("#")) + " trade house.\n"
)


# Title and counterparts are printed where the provenance lint runs, which (rightly) refuses a
# number without a footnote, so the hostile strings there carry no digits.
NO_DIGITS = ["<script>alert(x)</script>", "{{ x*x }}", "[x](javascript:alert(x))", "*b* _i_ `c`", "Ana [^x] Pop"]


def _meeting_spec() -> dict:
    return {
        "title": "Talks on " + NO_DIGITS[0] + " " + NO_DIGITS[1],
        "partner": "Romania",
        "date": "2026-12-11",
        "place": HOSTILE[1],
        "format": "hostile consultations",
        "principal": HOSTILE[4],
        "counterparts": [{"name": "Ion " + NO_DIGITS[0], "role": NO_DIGITS[2]}, {"name": NO_DIGITS[4], "role": NO_DIGITS[3]}],
        "objectives": HOSTILE,
        "their_objectives": [{"ask": HOSTILE[5], "line": HOSTILE[6]}],
        "talking_points": HOSTILE[7:],
        "deliverables": [HOSTILE[8]],
        "follow_ups": [HOSTILE[9]],
        "sensitivities": [{"topic": HOSTILE[10], "line": HOSTILE[11]}],
        "press": HOSTILE[12],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository workspace with a hostile article and meeting spec, built as md+html."""
    root = tmp_path_factory.mktemp("hostile") / "ws"
    root.mkdir()
    shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    shutil.copytree(REPO / "facts", root / "facts")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "articles").mkdir()
    (root / "articles" / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "facts" / "meetings" / "hostile.yaml").write_text(dump_yaml(_meeting_spec()), encoding="utf-8")
    report = build_documents(load_config(root), formats=["md", "html"])
    assert report.problems == [], [str(p) for p in report.problems]
    return root / "build" / "romania"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _visible(page: str) -> str:
    body = page.split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _check_footnotes(markdown: str, page: str) -> None:
    """Notes are numbered 1..n in order of first call, each called, each defined once, none added."""
    body, _, _ = markdown.partition("\n[^1]: ")
    definitions = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", markdown, re.M)]
    assert definitions == list(range(1, len(definitions) + 1))
    calls = [int(n) for n in re.findall(r"(?<!\\)\[\^(\d+)\](?!:)", body)]
    assert list(dict.fromkeys(calls)) == definitions
    assert len(re.findall(r'<li id="fn:\d+"', page)) == len(definitions)


def test_markdown_escapes_every_hostile_string_and_keeps_notes_in_order(built: Path) -> None:
    for name in ("country-brief", "fact-box", "meeting-2026-12-11-hostile-consultations"):
        markdown = (built / f"{name}.md").read_text(encoding="utf-8")
        page = (built / f"{name}.html").read_text(encoding="utf-8")
        assert "<script" not in markdown and "<img" not in markdown
        assert not re.search(r"(?<!\\)\]\((?:javascript|file)", markdown)
        _check_footnotes(markdown, page)
    sheet = (built / "meeting-2026-12-11-hostile-consultations.md").read_text(encoding="utf-8")
    for text in HOSTILE + NO_DIGITS:
        assert str(md_escape(text)) in sheet, text


def test_html_shows_every_hostile_string_literally_and_links_nowhere(built: Path) -> None:
    sheet = (built / "meeting-2026-12-11-hostile-consultations.html").read_text(encoding="utf-8")
    brief = (built / "country-brief.html").read_text(encoding="utf-8")
    for page in (sheet, brief):
        body = page.split("<body", 1)[1]
        for tag in ("<script", "<iframe", "<em>starred", "<code>", "<del>", "<!--"):
            assert tag not in body, tag
        assert re.findall(r'href="(?!#)', body) == []
        assert set(re.findall(r'<img[^>]*src="([^"]*)"', body)) <= {"country-brief-turnover.svg"}
    shown = _visible(sheet)
    for text in HOSTILE + NO_DIGITS:
        assert " ".join(text.split()) in shown, text
    # The brief's first note quotes a window of the hostile sentence around the figure, literally.
    assert "$3.1 billion in 2025, said the head of the <script>alert(1)</script>" in _visible(brief)


def test_pdf_shows_hostile_strings_literally_with_no_links(built: Path, tmp_path: Path) -> None:
    config = load_config(built.parent.parent)
    fb = load_factbase(config)
    spec = next(m for m in fb.meetings("Romania") if m["format"] == "hostile consultations")
    doc = render_document("meeting", fb, "Romania", config, meeting=spec)
    pdf = publish(doc, tmp_path, ["pdf"], templates=config.templates)[0]
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = _squash("".join(page.extract_text() for page in reader.pages))
    for hostile in HOSTILE + NO_DIGITS:
        assert _squash(hostile) in text, hostile
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A") or {}
            assert "/URI" not in action and "/JS" not in action, action
