"""Build every document for every partner into build/<partner>/ (ingest and extract first)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.errors import BriefgenError, Problem, UsageError
from briefgen.render import RenderedDocument, render_document, slugify
from briefgen.yamlio import write_text_atomic


@dataclass
class BuildReport:
    """What a build wrote, left alone, and what went wrong."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self, root: Path | None = None) -> list[str]:
        """Human-readable summary lines."""
        def show(path: Path) -> str:
            try:
                return str(path.relative_to(root)) if root else str(path)
            except ValueError:
                return str(path)

        out = [f"wrote {show(p)}" for p in self.written]
        out += [f"up to date: {name}" for name in self.unchanged]
        out.append(f"{len(self.written)} files written, {len(self.unchanged)} documents up to date, "
                   f"{len(self.problems)} problems")
        return out

    @property
    def exit_code(self) -> int:
        """0 when every document was built, else 1."""
        return 1 if self.problems else 0


def output_dir(config: Any, partner: str) -> Path:
    """build/<partner-slug>, refusing anything that would land outside build/."""
    build = Path(config.build).resolve()
    folder = (build / slugify(partner, "partner")).resolve()
    if not folder.is_relative_to(build) or folder == build:
        raise UsageError(f"partner {partner!r} does not give a folder inside {build}")
    return folder


def _stamp(doc: RenderedDocument, templates: Path, formats: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(",".join(formats).encode())
    digest.update(doc.markdown.encode("utf-8"))
    for name, content in doc.assets:
        digest.update(name.encode() + content.encode("utf-8"))
    css = templates / "print.css"
    if css.is_file():
        digest.update(css.read_bytes())
    return digest.hexdigest() + "\n"


def _outputs(folder: Path, doc: RenderedDocument, formats: tuple[str, ...]) -> list[Path]:
    return [folder / f"{doc.name}.{fmt}" for fmt in formats]


def _prepare(config: Any, report: BuildReport) -> None:
    """Register new or changed articles from the articles folder and extract just those."""
    from briefgen.extract import run_extract
    from briefgen.ingest import run_ingest

    ingest = run_ingest(config)
    report.warnings.extend(ingest.warnings)
    report.problems.extend(ingest.problems)
    changed = set(ingest.added) | set(ingest.updated)
    # Only new or changed articles are re-extracted: a fresh clone renders from the committed
    # fact base even when the articles behind it are not on this machine.
    paths = [config.root / s.path for s in ingest.sources if s.id in changed]
    if paths:
        extract = run_extract(config, paths, write=True)
        report.problems.extend(extract.problems)


def build_documents(config: Any, *, partners: list[str] | None = None, formats: list[str] | None = None,
                    force: bool = False, prepare: bool = True) -> BuildReport:
    """Render country brief, fact box and meeting sheets for each partner into build/."""
    from briefgen.factbase import load_factbase
    from briefgen.publish import FORMATS, publish

    report = BuildReport()
    chosen = tuple(formats or config.formats)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    if prepare:
        _prepare(config, report)
    fb = load_factbase(config)
    report.problems.extend(fb.problems)
    for partner in partners or config.partners:
        folder = output_dir(config, partner)
        jobs: list[tuple[str, dict | None]] = [("country-brief", None), ("fact-box", None)]
        jobs += [("meeting", spec) for spec in fb.meetings(partner)]
        for kind, spec in jobs:
            try:
                doc = render_document(kind, fb, partner, config, meeting=spec)
                stamp_path = folder / f".{doc.name}.stamp"
                stamp = _stamp(doc, Path(config.templates), chosen)
                fresh = stamp_path.is_file() and stamp_path.read_text(encoding="utf-8") == stamp
                if fresh and not force and all(p.is_file() for p in _outputs(folder, doc, chosen)):
                    report.unchanged.append(f"{folder.name}/{doc.name}")
                    continue
                report.written.extend(publish(doc, folder, chosen, templates=Path(config.templates)))
                write_text_atomic(stamp_path, stamp)
            except BriefgenError as exc:
                report.problems.append(Problem(exc.message, exc.file, exc.line))
    return report


def _partner(fb: Any, config: Any, partner: str) -> str:
    known = list(dict.fromkeys([*config.partners, *fb.partners()]))
    for name in known:
        if name.casefold() == partner.casefold():
            return name
    raise UsageError(f"unknown partner {partner!r} (known: {', '.join(known) or 'none'})")


def make_factbox(config: Any, partner: str, *, metrics: list[str] | None = None,
                 formats: list[str] | None = None, write: bool = False) -> tuple[RenderedDocument, list[Path]]:
    """Render the partner's fact box; write it into build/<partner>/ when ``write``."""
    from briefgen.factbase import load_factbase
    from briefgen.model import METRICS
    from briefgen.publish import publish

    bad = [m for m in metrics or () if m not in METRICS]
    if bad:
        raise UsageError(f"unknown metric {bad[0]!r} (choose from {', '.join(METRICS)})")
    fb = load_factbase(config)
    partner = _partner(fb, config, partner)
    doc = render_document("fact-box", fb, partner, config, metrics=metrics)
    if not write:
        return doc, []
    return doc, publish(doc, output_dir(config, partner), tuple(formats or config.formats),
                        templates=Path(config.templates))


def make_meeting(config: Any, partner: str, *, date: str, place: str | None = None, format: str | None = None,  # noqa: A002
                 counterparts: list[str] | None = None, formats: list[str] | None = None) -> list[Path]:
    """Render a meeting sheet from command-line details (or the matching spec) into build/<partner>/."""
    import datetime as dt

    from briefgen.factbase import load_factbase
    from briefgen.publish import publish

    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD, got {date!r}") from None
    fb = load_factbase(config)
    partner = _partner(fb, config, partner)
    spec = next((m for m in fb.meetings(partner) if m["date"] == day
                 and (format is None or (m.get("format") or "").casefold() == format.casefold())), None)
    if spec is None:
        spec = {
            "title": f"{(format or 'Meeting').capitalize()} with {partner}",
            "partner": partner, "date": day, "place": place, "format": format,
            "counterparts": [{"name": name, "role": None} for name in counterparts or []],
        }
    else:
        spec = dict(spec)
        if place:
            spec["place"] = place
        if counterparts:
            spec["counterparts"] = [{"name": name, "role": None} for name in counterparts]
    doc = render_document("meeting", fb, partner, config, meeting=spec)
    return publish(doc, output_dir(config, partner), tuple(formats or config.formats),
                   templates=Path(config.templates))
