"""Word output: real footnotes, marking in header and footer, tables, chart, letters, same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from briefgen.config import load_config  # noqa: E402
from briefgen.documents.render import render_document  # noqa: E402
from briefgen.errors import PublishError  # noqa: E402
from briefgen.factbase.load import load_factbase  # noqa: E402
from briefgen.publish.docx import render_docx  # noqa: E402
from briefgen.publish.outputs import publish  # noqa: E402
from briefgen.publish.raster import svg_to_png  # noqa: E402
from briefgen.publish.reference_docx import build_reference, default_reference  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def brief_docx(docs_config, docs_brief) -> bytes:
    return render_docx(docs_brief, docs_config.templates)


def _part(data: bytes, name: str):  # noqa: ANN202 - an ElementTree element
    import xml.etree.ElementTree as ET  # noqa: N817

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ET.fromstring(package.read(name))


def _text(element) -> str:  # noqa: ANN001
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _footnotes(data: bytes) -> dict[str, str]:
    """Footnote id -> text, separators left out."""
    root = _part(data, "word/footnotes.xml")
    return {n.get(f"{W}id"): _text(n) for n in root.findall(f"{W}footnote") if n.get(f"{W}type") is None}


def _body_calls(data: bytes) -> list[int]:
    """Note numbers as a reader sees them, in body order: real footnote references numbered as
    Word numbers them, NOTEREF repeats by the number they show."""
    body = _part(data, "word/document.xml").find(f"{W}body")
    seen: dict[str, int] = {}
    calls: list[int] = []
    in_noteref = False
    for element in body.iter():
        if element.tag == f"{W}footnoteReference":
            seen.setdefault(element.get(f"{W}id"), len(seen) + 1)
            calls.append(seen[element.get(f"{W}id")])
        elif element.tag == f"{W}instrText" and "NOTEREF" in (element.text or ""):
            in_noteref = True
        elif element.tag == f"{W}t" and in_noteref:
            calls.append(int(element.text))
            in_noteref = False
    return calls


def _markdown_calls(markdown: str) -> list[int]:
    body = "\n".join(line for line in markdown.splitlines() if not re.match(r"\[\^\d+\]:", line))
    return [int(n) for n in re.findall(r"(?<!\\)\[\^(\d+)\]", body)]


def test_every_note_is_one_word_footnote_with_its_number_and_quote(docs_brief, brief_docx) -> None:
    notes = _footnotes(brief_docx)
    assert len(notes) == len(docs_brief.notes)
    # Word numbers footnotes in the order of their references in the body.
    body = _part(brief_docx, "word/document.xml")
    order = list(dict.fromkeys(r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")))
    assert len(order) == len(docs_brief.notes)
    for note, footnote_id in zip(docs_brief.notes, order, strict=True):
        text = _squash(notes[footnote_id])
        for citation in note.citations:
            assert _squash(citation.quote[:60]) in text, (note.number, citation.quote)
    # Every call of the Markdown is in the body with its number, repeats as NOTEREF fields.
    assert _body_calls(brief_docx) == _markdown_calls(docs_brief.markdown)
    assert len(_body_calls(brief_docx)) > len(docs_brief.notes)  # some notes are cited twice


def test_header_and_footer_hold_the_workspace_marking_and_page_fields(docs_config, docs_brief, brief_docx) -> None:
    document = docx.Document(io.BytesIO(brief_docx))
    section = document.sections[0]
    # A4 and print.css's margins (in whole twips, so to the millimetre).
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (22, 20)
    header = _text(_part(brief_docx, "word/header1.xml"))
    footer = _part(brief_docx, "word/footer1.xml")
    # The fixture workspace's own marking, not the one the reference document was made with.
    assert docs_config.classification == "RESTRICTED — TEST FIXTURE"
    assert header == f"{docs_config.classification}{docs_brief.title}"
    assert _text(footer).startswith(f"{docs_config.classification} · Generated ")
    fields = [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert document.core_properties.title == docs_brief.title
    assert "Uzbekistan" in document.core_properties.keywords


def test_tables_are_word_tables_with_repeated_header_rows(docs_brief, brief_docx) -> None:
    document = docx.Document(io.BytesIO(brief_docx))
    after = docs_brief.markdown.split("## Key figures", 1)[1].lstrip("\n")
    rows = after.split("\n\n", 1)[0].splitlines()
    assert all(row.startswith("|") for row in rows)
    table = document.tables[0]
    assert len(table.rows) == len(rows) - 1  # the |---| line is not a row
    cells = [c.strip() for c in rows[2].strip("|").split("|")]
    assert [c.text for c in table.rows[1].cells][:2] == cells[:2]
    header = table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader")
    assert header is not None
    # The long label column is the widest.
    widths = [int(g.get(f"{W}w")) for g in table._tbl.find(f"{W}tblGrid")]
    assert widths[0] == max(widths)


def test_the_chart_is_an_embedded_png(docs_brief, brief_docx) -> None:
    from PIL import Image

    assert any(name.endswith(".svg") for name, _ in docs_brief.assets)
    document = docx.Document(io.BytesIO(brief_docx))
    assert len(document.inline_shapes) == 1
    with zipfile.ZipFile(io.BytesIO(brief_docx)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
        image = Image.open(io.BytesIO(package.read(media[0]))).convert("RGB")
    assert image.size == (1920, 780)
    assert (0x2F, 0x5D, 0x8A) in {colour for _, colour in image.getcolors(1 << 16)}  # the bars


def test_same_document_same_bytes(docs_config, docs_brief, brief_docx, monkeypatch: pytest.MonkeyPatch) -> None:
    assert render_docx(docs_brief, docs_config.templates) == brief_docx
    assert f"{docs_brief.generated.isoformat()}T00:00:00Z" in _core(brief_docx)
    # The document's generation date (SOURCE_DATE_EPOCH's date when set) stamps the package.
    regenerated = dataclasses.replace(docs_brief, generated=dt.date(2026, 1, 1))
    assert "2026-01-01T00:00:00Z" in _core(render_docx(regenerated, docs_config.templates))


def _core(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("docProps/core.xml").decode("utf-8")


def _handmade(markdown: str, **changes) -> object:  # noqa: ANN003
    config = load_config(REPO)
    doc = render_document("fact-box", load_factbase(config), "Romania", config)
    return dataclasses.replace(doc, markdown=markdown, assets=(), **changes)


def test_letters_look_alike_notes_and_markup_survive(tmp_path: Path) -> None:
    markdown = (
        "# Қазақстан – România\n\nLine under the title.\n\n"
        "Spătaru, Corlățean, Şerban, Țară; Өскемен, Ұлытау, Қарағанды.[^1] Again[^1] and[^2], "
        "then[^1]. Costs $5 and $6, ~3 and 2^4^, see [a link](https://example.com) "
        "and ![a picture](https://example.com/x.png).\n\n"
        "[^1]: Agency, “Same words”, 1 May 2025: “Same quote…”\n"
        "[^2]: Agency, “Same words”, 1 May 2025: “Same quote…”\n"
    )
    data = render_docx(_handmade(markdown, title="Қазақстан – România"), REPO / "templates")
    body = _text(_part(data, "word/document.xml"))
    for word in ("Spătaru", "Corlățean", "Şerban", "Țară", "Өскемен", "Ұлытау", "Қарағанды", "Қазақстан – România"):
        assert word in body
    assert "$5 and $6, ~3 and 2^4^" in body and "a link" in body and "https" not in body
    assert "a picture" in body
    # Two notes that read alike stay two notes; the repeated one is cited by NOTEREF.
    assert len(_footnotes(data)) == 2
    assert _body_calls(data) == [1, 1, 2, 1]
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[1].style.name == "Brief Line"
    assert document.core_properties.title == "Қазақстан – România"


def test_a_missing_reference_document_is_named(tmp_path: Path) -> None:
    doc = _handmade("# Title\n\nText.\n")
    with pytest.raises(PublishError) as caught:
        render_docx(doc, tmp_path)
    assert caught.value.file.endswith("reference.docx") and "briefgen.publish.reference_docx" in caught.value.message


def test_the_committed_reference_document_is_what_the_script_makes() -> None:
    assert build_reference(default_reference()) == (REPO / "templates" / "reference.docx").read_bytes()


def test_svg_elements_the_rasteriser_cannot_draw_are_refused() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="3"/></svg>'
    with pytest.raises(PublishError, match="circle"):
        svg_to_png(svg, name="x.svg")


def test_romania_documents_as_docx(tmp_path: Path) -> None:
    config = load_config(REPO)
    fb = load_factbase(config)
    docs = [render_document("country-brief", fb, "Romania", config), render_document("fact-box", fb, "Romania", config)]
    docs += [render_document("meeting", fb, "Romania", config, meeting=spec) for spec in fb.meetings("Romania")]
    assert len(docs) == 3
    for doc in docs:
        path = publish(doc, tmp_path, ["docx"], templates=config.templates)[0]
        data = path.read_bytes()
        assert path.suffix == ".docx" and len(_footnotes(data)) == len(doc.notes)
        assert _body_calls(data) == _markdown_calls(doc.markdown)
        assert config.classification in _text(_part(data, "word/header1.xml"))


def test_a_build_without_docx_does_not_load_pandoc(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "facts", tmp_path / "facts")
    text = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    text = text.replace("templates: templates", f"templates: {REPO / 'templates'}")
    text = re.sub(r"formats: \[.*\]", "formats: [md, html]", text)
    (tmp_path / "briefgen.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    probe = ("import sys; from briefgen.cli import main; sys.argv = ['briefgen', 'build'];\n"
             "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
             "print([m for m in ('pypandoc', 'PIL', 'briefgen.publish.docx') if m in sys.modules], code)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.stdout.splitlines()[-1] == "[] 0", out.stdout + out.stderr
    assert (tmp_path / "build" / "romania" / "country-brief.html").is_file()
    assert not list((tmp_path / "build").rglob("*.docx"))


def test_docx_is_in_the_manifest_and_rebuilt_when_deleted(tmp_path: Path) -> None:
    import json
    import shutil

    from briefgen.app.build import build_documents

    shutil.copytree(REPO / "facts", tmp_path / "facts")
    text = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    text = text.replace("templates: templates", f"templates: {REPO / 'templates'}")
    text = re.sub(r"formats: \[.*\]", "formats: [md, docx]", text)
    (tmp_path / "briefgen.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    config = load_config(tmp_path)
    first = build_documents(config)
    assert first.problems == [] and len(first.rendered) == 3
    manifest = json.loads((tmp_path / "build" / ".manifest.json").read_text(encoding="utf-8"))
    outputs = {p for entry in manifest["documents"].values() for p in entry["outputs"]}
    assert {"romania/country-brief.docx", "romania/fact-box.docx"} <= outputs
    assert build_documents(config).up_to_date
    brief = tmp_path / "build" / "romania" / "country-brief.docx"
    before = brief.read_bytes()
    brief.unlink()
    again = build_documents(config)
    assert again.rendered == ["romania/country-brief"] and brief.read_bytes() == before
