"""Shared pytest configuration: the --update-golden switch, paths to shared data, the docs fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DOCS = Path(__file__).parent / "fixtures" / "docs"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files under tests/golden/ from the current output (review the diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files should be rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus folder beside the repository; skips the test when absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


@pytest.fixture(scope="session")
def docs_config():
    """The config of tests/fixtures/docs, a workspace whose facts are already extracted."""
    from briefgen.config import load_config

    return load_config(DOCS)


@pytest.fixture(scope="session")
def docs_brief(docs_config):
    """The Uzbekistan country brief of tests/fixtures/docs, rendered once for every test that reads it."""
    from briefgen.documents.render import render_document
    from briefgen.factbase.load import load_factbase

    return render_document("country-brief", load_factbase(docs_config), "Uzbekistan", docs_config)


@pytest.fixture(autouse=True, scope="session")
def _generation_day():
    """Documents judge staleness on the day they are generated: tests generate them on 1 December
    2023, so what they print does not change with the calendar (tests of the date override it).
    Session-wide, so documents rendered once for a module or the session see it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1701388800")
        yield


@pytest.fixture
def docs_workspace(tmp_path: Path):  # noqa: ANN201 - a factory
    """A factory: a copy of the docs fixture's facts as a workspace at tmp_path/ws, templates from
    the repository, publishing the given formats."""
    import re
    import shutil

    def make(formats: str = "[md]") -> Path:
        root = tmp_path / "ws"
        shutil.copytree(DOCS / "facts", root / "facts")
        config = (DOCS / "briefgen.yaml").read_text(encoding="utf-8")
        config = config.replace("templates: ../../../templates", f"templates: {REPO / 'templates'}")
        config = re.sub(r"(?m)^formats: .*$", f"formats: {formats}", config)
        (root / "briefgen.yaml").write_text(config, encoding="utf-8")
        return root

    return make
