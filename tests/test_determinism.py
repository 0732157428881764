"""Same input, same output: the Romania workspace built under several hash seeds gives
byte-identical Markdown, HTML and snapshots, and an unrelated edit re-renders nothing else."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = (0, 1, 2, 3, 4)


def _workspace(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("facts", "templates"):
        shutil.copytree(REPO / name, root / name)
    (root / "articles").mkdir()
    config = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^formats: .*$", "formats: [md, html]", config)
    (root / "briefgen.yaml").write_text(config, encoding="utf-8")
    return root


def _briefgen(root: Path, seed: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONHASHSEED": str(seed)}
    return subprocess.run([sys.executable, "-m", "briefgen", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def _outputs(root: Path) -> dict[str, bytes]:
    build = root / "build"
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and p.suffix in (".md", ".html", ".json", ".svg") and p.name != ".manifest.json"}


@pytest.fixture(scope="module")
def seeded_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    base = tmp_path_factory.mktemp("seeds")
    roots = {}
    for seed in SEEDS:
        root = _workspace(base / f"seed{seed}")
        result = _briefgen(root, seed, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        roots[seed] = root
    return roots


def test_build_is_byte_identical_under_every_hash_seed(seeded_builds: dict[int, Path]) -> None:
    first = _outputs(seeded_builds[SEEDS[0]])
    names = set(first)
    assert {"romania/country-brief.md", "romania/country-brief.html", "romania/.snapshots/country-brief.json",
            "romania/.snapshots/meeting-2026-12-10-political-consultations.json"} <= names
    for seed in SEEDS[1:]:
        other = _outputs(seeded_builds[seed])
        assert sorted(other) == sorted(first), f"PYTHONHASHSEED={seed} wrote other files"
        differing = [name for name in first if other[name] != first[name]]
        assert differing == [], f"PYTHONHASHSEED={seed} differs in {differing}"


def test_a_rebuild_in_another_process_finds_everything_current(seeded_builds: dict[int, Path]) -> None:
    root = seeded_builds[SEEDS[1]]
    diff = _briefgen(root, 4, "diff")
    assert diff.returncode == 0 and "is current" in diff.stdout, diff.stdout + diff.stderr
    # An edit only the meeting sheet prints must not re-render the brief (its inputs are unchanged).
    spec = root / "facts" / "meetings" / "romania-9th-political-consultations.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("place: Astana,", "place: Astana (edited),"), encoding="utf-8")
    again = _briefgen(root, 3, "build")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 documents rendered, 2 up to date" in again.stdout, again.stdout
    brief = (root / "build" / "romania" / "country-brief.md").read_text(encoding="utf-8")
    assert "Changes since" not in brief
