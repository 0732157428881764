"""`briefgen migrate-ids`: move a workspace from position-based fact ids to content-based ones.

Fact ids used to be character offsets (``<source>#f1234``), which every edit early in an article
shifted. They are now derived from what each fact is (extract.run.stable_ids). Run once after
upgrading and before re-extracting: the stored extracted files still hold each fact under its
old id, so the old -> new mapping is exact. The curated files are rewritten in place (only the
ids change; comments, order and layout stay), each kept as ``<name>.before-migrate-ids`` first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import Problem

_OLD_ID = re.compile(r"#(?:[fpe]\d+|t\d+-\w+)$")


@dataclass
class MigrationReport:
    """Ids renamed, files rewritten and files that could not be read."""

    renamed: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        out = [f"wrote {path}" for path in self.written]
        out.append(f"{len(self.renamed)} fact ids renamed, {len(self.written)} files rewritten")
        return out


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []


def replace_ids(text: str, renamed: dict[str, str]) -> str:
    """``text`` with every whole occurrence of an old id replaced by its new id."""
    if not renamed:
        return text
    pattern = re.compile(r"(?<![\w#/.-])(" + "|".join(map(re.escape, sorted(renamed, key=len, reverse=True)))
                         + r")(?![\w-])")
    return pattern.sub(lambda m: renamed[m.group(1)], text)


def migrate_ids(config: Any, *, write: bool = True) -> MigrationReport:
    """Rename position-based ids in facts/extracted/ and every curated file referring to them."""
    from briefgen.app.migrate import migrate_machine_files
    from briefgen.extract.run import stable_ids
    from briefgen.factbase.files import parse_extracted, read_safely
    from briefgen.factbase.load import load_sources
    from briefgen.factbase.schema import Collector
    from briefgen.storage.atomic import write_text_atomic
    from briefgen.storage.lock import workspace_lock

    report = MigrationReport()
    facts = Path(config.facts)
    if write:
        migrate_machine_files(config)  # YAML fact files of briefgen 0.1 become JSON first
    sources, problems, registry_ok = load_sources(config)
    report.problems.extend(problems)
    with workspace_lock(Path(config.build)):
        rewritten: list[tuple[Path, str]] = []
        for path in _files(facts / "extracted", "*.json"):
            out = Collector(config.relative(path))
            data = read_safely(path, out.file, out)
            parsed = parse_extracted(data, out, sources if registry_ok else None, path.stem) if not out.problems else None
            if parsed is None or parsed.extraction is None or out.problems:
                report.problems.extend(out.problems)
                continue
            extraction = parsed.extraction
            if not any(_OLD_ID.search(f.id) for f in extraction.facts):
                continue
            ordered = sorted(extraction.facts, key=lambda f: (f.start, len(f.id), f.id))
            new = stable_ids(ordered, extraction.source.id)
            report.renamed.update((old.id, f.id) for old, f in zip(ordered, new, strict=True) if old.id != f.id)
        if report.problems:
            return report  # nothing is rewritten unless every file could be read
        # Only the ids change, in the extracted files as in the curated ones.
        for path in [*_files(facts / "extracted", "*.json"), *_files(facts / "curated", "*.y*ml")]:
            text = path.read_text(encoding="utf-8")
            changed = replace_ids(text, report.renamed)
            if changed != text:
                rewritten.append((path, changed))
        if write:
            for path, text in rewritten:
                if path.parent.name == "curated":
                    backup = path.with_name(path.name + ".before-migrate-ids")
                    if not backup.exists():
                        write_text_atomic(backup, path.read_text(encoding="utf-8"))
                write_text_atomic(path, text)
                report.written.append(config.relative(path))
    return report
