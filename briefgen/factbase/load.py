"""Loading the fact base from facts/ (the only disk access); curation is applied in curation.py, queries in query.py."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import FactFileError, Problem
from briefgen.factbase.files import (
    Curation,
    Location,
    parse_country,
    parse_curated,
    parse_extracted,
    parse_meeting,
    read_safely,
)
from briefgen.factbase.query import FactBase, merge_facts
from briefgen.factbase.schema import Collector
from briefgen.ingest.registry import OLD_REGISTRY_NAME
from briefgen.model import Extraction, Source

__all__ = ["FactBase", "figures_json", "load_factbase", "load_sources", "merge_facts"]


def _display(config, path: Path) -> str:  # noqa: ANN001 - Config
    return config.relative(path) if hasattr(config, "relative") else str(path)


def load_sources(config) -> tuple[dict[str, Source], list[Problem], bool]:  # noqa: ANN001 - Config
    """The source registry, its problems, and whether it could be read at all."""
    from briefgen.ingest.registry import load_registry

    try:
        return load_registry(config), [], True
    except FactFileError as exc:
        return {}, [Problem(exc.message, exc.file, exc.line)], False


def _files(folder: Path, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes and p.is_file())


def old_format_files(config) -> list[Path]:  # noqa: ANN001 - Config
    """Machine-owned YAML files of an older briefgen (the registry, extracted facts) still in facts/."""
    facts = Path(config.facts)
    return [p for p in (facts / OLD_REGISTRY_NAME, *_files(facts / "extracted")) if p.is_file()]


def load_factbase(config) -> FactBase:  # noqa: ANN001 - Config
    """Read facts/ (registry, extracted, curated, countries, meetings) and merge it; never raises for bad files."""
    facts = Path(config.facts)
    sources, problems, registry_ok = load_sources(config)
    extractions: list[Extraction] = []
    locations: dict[str, Location] = {}
    old = old_format_files(config)
    if old:
        problems.append(Problem(f"{len(old)} file(s) written by an older briefgen as YAML; "
                                "`briefgen build` converts them to JSON", _display(config, old[0])))
    # Resolved once: resolving every one of 10,000 paths cost seconds.
    extracted_folder = _display(config, facts / "extracted")
    for path in _files(facts / "extracted", (".json",)):
        out = Collector(f"{extracted_folder}/{path.name}")
        data = read_safely(path, out.file, out)
        if not out.problems:
            parsed = parse_extracted(data, out, sources if registry_ok else None, path.stem)
            # Only this file's ids are looked up: a set of every id so far, per file, made loading quadratic.
            duplicates = sorted(fact_id for fact_id in parsed.locations if fact_id in locations)
            for fact_id in duplicates:
                where = parsed.locations[fact_id]
                out.add(f"id: fact id {fact_id!r} is also used in {locations[fact_id].file}", where.line)
            if parsed.extraction is not None and not duplicates:
                extractions.append(parsed.extraction)
                locations.update(parsed.locations)
        problems.extend(out.problems)
    curated = []
    for path in _files(facts / "curated"):
        out = Collector(_display(config, path))
        data = read_safely(path, out.file, out)
        if not out.problems:
            curated.append(parse_curated(data, out, sources if registry_ok else None))
        problems.extend(out.problems)
    profiles: dict[str, dict] = {}
    for path in _files(facts / "countries"):
        out = Collector(_display(config, path))
        data = read_safely(path, out.file, out)
        profile = parse_country(data, out) if not out.problems else None
        if profile is not None:
            profiles[profile["name"]] = profile
        problems.extend(out.problems)
    meetings: list[dict] = []
    for path in _files(facts / "meetings"):
        out = Collector(_display(config, path))
        data = read_safely(path, out.file, out)
        meeting = parse_meeting(data, out) if not out.problems else None
        if meeting is not None:
            meetings.append({**meeting, "file": out.file})
        problems.extend(out.problems)
    curation = Curation(*(tuple(e for c in curated for e in getattr(c, name)) for name in
                          ("corrections", "rejections", "preferences", "additions", "confirmations")))
    return merge_facts(
        sources, extractions, curation, config.home,
        locations=locations, problems=problems, profiles=profiles, meetings=meetings,
    )


def figure_to_dict(view) -> dict:  # noqa: ANN001 - FigureView
    """A JSON-ready mapping of a merged figure with its citations."""
    return {
        "id": view.id, "ids": list(view.ids), "partner": view.partner, "metric": view.metric,
        "value": view.value, "unit": view.unit, "approx": view.approx, "period": view.period,
        "scope": view.scope, "base": view.base, "as_of": view.as_of.isoformat() if view.as_of else None,
        "status": view.status, "note": view.note,
        "citations": [
            {"source": c.source, "quote": c.quote, "start": c.start, "end": c.end, "outlet": c.outlet,
             "title": c.title, "date": c.date.isoformat() if c.date else None, "url": c.url}
            for c in view.citations
        ],
    }


def figures_json(views) -> str:  # noqa: ANN001 - list[FigureView]
    """Figures as a JSON document (a list), deterministic."""
    import json

    return json.dumps([figure_to_dict(v) for v in views], indent=2, ensure_ascii=False) + "\n"
