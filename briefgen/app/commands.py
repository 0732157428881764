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


def make_meeting(config: Any, partner: str, *, date: dt.date, place: str | None = None, format: str | None = None,  # noqa: A002
                 counterparts: list[str] | None = None, formats: list[str] | None = None) -> list[Path]:
    """Render a meeting sheet from command-line details (or the matching spec) into build/<partner>/."""
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
    with workspace_lock(Path(config.build)):
        return publish(doc, output_dir(config, partner), tuple(formats or config.formats),
                       templates=Path(config.templates))
