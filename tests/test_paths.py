"""Names that end up in file paths (partner, meeting slug, source id) never lead outside the workspace."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefgen.app.build import build_documents, output_dir
from briefgen.config import load_config
from briefgen.documents.render import meeting_name
from briefgen.errors import FactFileError, InputError
from briefgen.extract.run import run_extract
from briefgen.factbase.load import load_factbase
from briefgen.ingest.run import load_article, load_registry, run_ingest
from briefgen.storage.yamlfiles import dump_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

HOSTILE_NAMES = [
    "../../etc", "../../../../../../tmp/evil", "/etc/passwd", "C:\\Windows\\System32", "\\\\server\\share",
    "CON", "NUL", "aux", "COM1", "lpt9", ".", "..", "...", "", " ", "-", "a/../../b", "~root", "$HOME",
    "x" * 300, "Türkiye", "日本", "Кыргызстан", "Côte d’Ivoire", "name\x00nul", "new\nline", "*?<>|\"",
]
# A file-name part that is safe on every file system: short, ASCII, no leading dot or separator.
PORTABLE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    config = config.replace("templates: ../../../templates", f"templates: {TEMPLATES}")
    (root / "briefgen.yaml").write_text(config.replace("formats: [md, html, pdf]", "formats: [md]"), encoding="utf-8")
    return root


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_partner_names_give_a_portable_folder_inside_build(workspace: Path, name: str) -> None:
    config = load_config(workspace)
    folder = output_dir(config, name)
    assert folder.parent == (workspace / "build").resolve()
    assert PORTABLE.fullmatch(folder.name), folder.name


def test_building_for_hostile_partners_writes_only_inside_build(workspace: Path) -> None:
    outside_before = sorted(p for p in workspace.parent.rglob("*") if not _inside(p, workspace))
    partners = ["../../etc", "/etc/passwd", "..", "C:\\Windows", "日本", "x" * 300]
    report = build_documents(load_config(workspace), partners=partners, prepare=False)
    assert report.written and all(_inside(p, workspace / "build") for p in report.written)
    assert all(PORTABLE.fullmatch(p.parent.name) for p in report.written)
    assert sorted(p for p in workspace.parent.rglob("*") if not _inside(p, workspace)) == outside_before
    assert not (workspace / "build" / "..").resolve().joinpath("etc").exists()


@pytest.mark.parametrize("slug", HOSTILE_NAMES)
def test_meeting_slugs_give_a_portable_file_name(slug: str) -> None:
    name = meeting_name({"date": "2023-12-12", "slug": slug, "format": "talks"})
    assert re.fullmatch(r"meeting-2023-12-12-[a-z0-9-]+", name) and len(name) < 100, name


def test_hostile_meeting_slugs_are_built_inside_the_partner_folder(workspace: Path) -> None:
    meetings = workspace / "facts" / "meetings"
    for index, slug in enumerate(("../../../../outside", "/etc/cron.d/x", "..", "x" * 400)):
        spec = {"title": "Talks", "partner": "Uzbekistan", "date": f"2024-01-{index + 10}", "slug": slug}
        (meetings / f"hostile-{index}.yaml").write_text(dump_yaml(spec), encoding="utf-8")
    config = load_config(workspace)
    assert len(load_factbase(config).meetings("Uzbekistan")) == 5
    report = build_documents(config, partners=["Uzbekistan"], prepare=False)
    assert report.problems == [], [str(p) for p in report.problems]
    sheets = sorted(p.name for p in report.written if p.name.startswith("meeting-2024"))
    assert sheets == ["meeting-2024-01-10-outside.md", "meeting-2024-01-11-etc-cron-d-x.md",
                      "meeting-2024-01-12-meeting.md", f"meeting-2024-01-13-{'x' * 60}.md"]
    assert all(p.parent == (workspace / "build" / "uzbekistan").resolve() for p in report.written)


@pytest.mark.parametrize("name", ["CON", "NUL", "aux", "COM1", "lpt9"])
def test_reserved_device_names_are_not_used_as_folders(workspace: Path, name: str) -> None:
    assert output_dir(load_config(workspace), name).name not in WINDOWS_DEVICES


# --- source ids and article paths from a hand-edited registry ----------------------------------

ARTICLE = " date 2021-09-01 Kazakhstan and Hungary open a trade house\n\nBUDAPEST – Trade reached $410 million in 2020.\n"


@pytest.fixture
def registered(tmp_path: Path) -> Path:
    root = tmp_path / "reg" / "ws"
    (root / "articles").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
    (root / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    run_ingest(load_config(root))
    return root


@pytest.mark.parametrize("bad_id", ["../../../evil", "/tmp/evil", "..", ".hidden", "a\\b", "x/y", "id with space"])
def test_a_source_id_that_is_not_a_file_name_is_refused_before_anything_is_written(registered: Path, bad_id: str) -> None:
    registry = registered / "facts" / "sources.json"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(re.sub(r'(?m)^      "id": .*,$', lambda _: f'      "id": {json.dumps(bad_id)},', text),
                        encoding="utf-8")
    config = load_config(registered)
    with pytest.raises(FactFileError) as info:
        load_registry(config)
    assert info.value.file == "facts/sources.json" and info.value.line == 7
    assert "is not a plain file name" in info.value.message
    with pytest.raises(FactFileError):
        run_extract(config)
    assert [p.name for p in registered.parent.rglob("*.json") if not _inside(p, registered)] == []
    assert not (registered / "facts" / "extracted").exists()
    assert load_factbase(config).problems[0].message == info.value.message


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../../../etc/passwd", "/dev/zero", "articles"])
def test_a_registered_path_to_a_system_file_is_refused_unread(registered: Path, path: str) -> None:
    config = load_config(registered)
    source = next(iter(load_registry(config).values()))
    moved = type(source)(**{**{f: getattr(source, f) for f in source.__slots__}, "path": path})
    with pytest.raises(InputError) as info:
        load_article(config, moved)
    assert info.value.file == path
