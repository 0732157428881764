"""A floor on extraction quality over the real articles of ../shared/realeval-dev (the development set).

The numbers come from the set's own scorers, run by ``benchmarks/realeval.py``; each floor sits just
under what the extractor reaches, so a change that makes real articles worse fails here. Raise them
when extraction improves. Skips when ../shared/realeval-dev is not beside the repository.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "realeval-dev"

# Minimums (junk: a maximum), the scorers' summary names.
FLOORS = {
    "figures.P": 0.98, "figures.R": 0.97, "figures.metric": 0.97, "figures.period": 0.97, "figures.exact": 0.94,
    "people.P": 0.98, "people.R": 0.95, "people.country": 0.91,
    "events.P": 0.90, "events.R": 0.95, "events.date": 0.95, "events.place": 0.91,
}  # fmt: skip
MAX_JUNK_NAMES = 1


def _realeval():
    spec = importlib.util.spec_from_file_location("realeval", REPO / "benchmarks" / "realeval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (DEV / "articles").is_dir(), reason=f"{DEV} is absent: the development set is not beside the repository"
)
def test_development_set_floor() -> None:
    numbers = _realeval().summaries(DEV)
    below = {name: numbers.get(name) for name, floor in FLOORS.items() if numbers.get(name, 0.0) < floor}
    assert not below, f"below the floor on the development set: {below} (floors {FLOORS})"
    assert numbers["people.junk"] <= MAX_JUNK_NAMES, numbers
