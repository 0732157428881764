"""Documents made on demand outside a full build: a fact box for chosen metrics, a meeting sheet from flags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from briefgen.app.build import output_dir
from briefgen.documents.render import RenderedDocument, render_document
from briefgen.errors import UsageError
from briefgen.storage.lock import workspace_lock


def known_partner(fb: Any, config: Any, partner: str) -> str:
    """The configured or known partner matching ``partner`` regardless of case."""
    known = list(dict.fromkeys([*config.partners, *fb.partners()]))
    for name in known:
        if name.casefold() == partner.casefold():
            return name
    raise UsageError(f"unknown partner {partner!r} (known: {', '.join(known) or 'none'})")


def make_factbox(config: Any, partner: str, *, metrics: list[str] | None = None,
                 formats: list[str] | None = None, write: bool = False) -> tuple[RenderedDocument, list[Path]]:
    """Render the partner's fact box; write it into build/<partner>/ when ``write``."""
    from briefgen.core.vocab import METRICS
    from briefgen.factbase.load import load_factbase
    from briefgen.publish.outputs import publish

    bad = [m for m in metrics or () if m not in METRICS]
    if bad:
        raise UsageError(f"unknown metric {bad[0]!r} (choose from {', '.join(METRICS)})")
    fb = load_factbase(config)
    partner = known_partner(fb, config, partner)
    doc = render_document("fact-box", fb, partner, config, metrics=metrics)
    if not write:
        return doc, []
    with workspace_lock(Path(config.build)):
        return doc, publish(doc, output_dir(config, partner), tuple(formats or config.formats),
                            templates=Path(config.templates))


def existing_sheets(folder: Path, day: dt.date) -> list[Path]:
    """The meeting-sheet files already in ``folder`` for the meeting day ``day``."""
    from briefgen.core.vocab import OUTPUT_FORMATS

    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"meeting-{day.isoformat()}-*") if p.suffix.lstrip(".") in OUTPUT_FORMATS)


def make_meeting(config: Any, partner: str, *, date: dt.date, place: str | None = None, format: str | None = None,  # noqa: A002
                 counterparts: list[str] | None = None, formats: list[str] | None = None,
                 force: bool = False) -> list[Path]:
    """Render a meeting sheet from command-line details (or the matching spec) into build/<partner>/.

    A sheet already written for that day (perhaps edited by the desk) is never silently
    replaced: without ``force`` this refuses; with it, the sheet's formats not written again
    are removed so that no stale sibling is left beside the new sheet.
    """
    from briefgen.factbase.load import load_factbase
    from briefgen.publish.outputs import publish

    day = date
    fb = load_factbase(config)
    partner = known_partner(fb, config, partner)
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
    folder = output_dir(config, partner)
    with workspace_lock(Path(config.build)):
        present = existing_sheets(folder, day)
        if present and not force:
            shown = ", ".join(config.relative(p) for p in present)
            raise UsageError(f"a meeting sheet for {day.isoformat()} is already there ({shown}); "
                             "nothing was written: rerun with --force to replace it")
        written = publish(doc, folder, tuple(formats or config.formats), templates=Path(config.templates))
        for stale in present:
            if stale.stem == doc.name and stale not in written:
                stale.unlink()
        return written


FIGURE_COLUMNS = ("partner", "metric", "period", "value", "unit", "approx", "as_of", "status", "sources")
PERSON_COLUMNS = ("partner", "name", "role", "country", "as_of", "sources")
EVENT_COLUMNS = ("partner", "date", "event", "title", "place", "participants", "sources")


def fact_listing(fb: Any, partner: str | None, metric: str | None, as_of: Any) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(section title, columns, rows) of the figures and, unless one metric is asked for, the
    people and events known on ``as_of``: what `briefgen facts` prints."""
    from briefgen.core.values import format_value

    def sources(view: Any) -> str:
        return ", ".join(dict.fromkeys(c.source or c.outlet or "?" for c in view.citations))

    def day(value: Any) -> str:
        return value.isoformat() if value else "—"

    figures = [
        (v.partner, v.metric + (f" ({v.scope})" if v.scope else ""), v.period or "—",
         format_value(v.value, v.unit), v.unit, v.approx or "", day(v.as_of), v.status, sources(v))
        for v in fb.figures(partner, metric, as_of)
    ]
    sections = [(f"{len(figures)} figure(s)", FIGURE_COLUMNS, figures)]
    if metric is not None:
        return sections
    partners = [partner] if partner else fb.partners()
    people = [(p, v.name, v.role or "", v.country or "", day(v.as_of), sources(v))
              for p in partners for v in fb.people(p, as_of=as_of)]
    events = [(p, e.date or "—", e.event, e.title, e.place or "", "; ".join(e.participants), sources(e))
              for p in partners for e in fb.events(p, as_of=as_of)]
    sections.append((f"{len(people)} person(s)", PERSON_COLUMNS, people))
    sections.append((f"{len(events)} event(s)", EVENT_COLUMNS, events))
    return sections


def plain_listing(sections: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]) -> str:
    """The listing as tab-separated columns under a ``# title`` line per section (for pipes)."""
    lines: list[str] = []
    for title, columns, rows in sections:
        if lines:
            lines.append("")
        lines.append(f"# {title}")
        lines.append("\t".join(columns))
        lines.extend("\t".join(" ".join(cell.split()) for cell in row) for row in rows)
    return "\n".join(lines) + "\n"


def print_listing(sections: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]], *, terminal: bool) -> None:
    """Print the listing: rich tables in a terminal, plain tab-separated columns into a pipe."""
    import click

    if not terminal:
        # Piped into grep, cut or a spreadsheet: plain columns, no box drawing.
        click.echo(plain_listing(sections), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, columns, rows in sections:
        table = Table(title=title)
        for column in columns:
            table.add_column(column, justify="right" if column == "value" else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)
