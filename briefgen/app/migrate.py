"""Bring a workspace written by an older briefgen up to today's file formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.storage.lock import workspace_lock


def migrate_machine_files(config: Any) -> list[str]:
    """Convert the YAML registry and fact files of briefgen 0.1 to JSON; one message per kind converted.

    Only machine-owned files change format; facts/curated/, countries and meetings stay YAML.
    """
    facts = Path(config.facts)
    extracted = sorted((facts / "extracted").glob("*.yaml")) if (facts / "extracted").is_dir() else []
    old_registry = (facts / "sources.yaml").is_file()
    if not extracted and not old_registry:
        return []
    # Imported only when there is something to convert: every build asks, and a no-op build
    # should not pay for the YAML reader.
    from briefgen.ingest.registry import migrate_registry
    from briefgen.storage.machine import migrate_yaml

    messages = []
    with workspace_lock(Path(config.build)):  # re-entrant: a build already holds it
        if migrate_registry(config):
            messages.append("converted facts/sources.yaml to facts/sources.json")
        for path in extracted:
            migrate_yaml(path, path.with_suffix(".json"), config.relative(path))
    if extracted:
        messages.append(f"converted {len(extracted)} file(s) in facts/extracted/ from YAML to JSON")
    return messages
