"""Templates are rendered in Jinja's sandbox (issue 17, item 9): a template cannot reach Python's
internals to run a command; trying is one located template error."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from briefgen.documents.render import render_document
from briefgen.errors import RenderError
from briefgen.factbase.load import load_factbase

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ doc.__class__ }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_template_cannot_reach_python_internals(docs_config, tmp_path: Path, escape: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    brief = templates / "country-brief.md.j2"
    brief.write_text(escape.replace("MARKER", str(tmp_path / "ran")) + "\n" + brief.read_text(encoding="utf-8"),
                     encoding="utf-8")
    config = dataclasses.replace(docs_config, templates=templates)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenderError) as caught:
        render_document("country-brief", load_factbase(config), "Uzbekistan", config)
    assert caught.value.line == 1 and "is unsafe" in caught.value.message
    assert not (tmp_path / "ran").exists()
