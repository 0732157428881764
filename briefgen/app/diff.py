"""`briefgen diff`: what the next (or the last) country brief says changed, in the terminal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from briefgen.app.build import SNAPSHOTS, output_dir
from briefgen.documents.snapshots import (
    Changes,
    baseline_for,
    compare,
    parse_snapshot,
    take_snapshot,
)


@dataclass(frozen=True, slots=True)
class PartnerDiff:
    """The changes for one partner's country brief and what they are measured against."""

    partner: str
    changes: Changes | None      # None: no brief has been built yet
    pending: bool                # True: the fact base moved on since the last build
    built: dt.date | None        # date printed on the last built brief

    def lines(self, home: str) -> list[str]:
        """Terminal lines: a heading, then one line per change."""
        from briefgen.documents.helpers import date_text
        from briefgen.documents.snapshots import change_lines

        if self.changes is None:
            return [f"{self.partner}: no country brief built yet (run `briefgen build`)"]
        since = date_text(self.changes.since) if self.changes.since else "the first edition"
        if self.pending:
            head = f"{self.partner}: not yet built; the next brief will list changes since {since}"
        else:
            head = f"{self.partner}: brief of {date_text(self.built)} is current; it lists changes since {since}"
        body = change_lines(self.changes, home, self.partner) or ["  no changes"]
        return [head, *body]


def diff_partners(config: Any, partner: str | None = None) -> list[PartnerDiff]:
    """Compare each partner's last built country brief with the current fact base."""
    from briefgen.app.commands import known_partner
    from briefgen.factbase.load import load_factbase

    fb = load_factbase(config)
    names = [known_partner(fb, config, partner)] if partner else list(config.partners)
    out = []
    for name in names:
        path = output_dir(config, name) / SNAPSHOTS / "country-brief.json"
        try:
            previous = parse_snapshot(path.read_text(encoding="utf-8")) if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            previous = None  # unreadable: as if no brief had been built
        facts = take_snapshot("country-brief", fb, name)
        if previous is None:
            out.append(PartnerDiff(name, None, True, None))
            continue
        baseline, since = baseline_for(previous, facts)
        out.append(PartnerDiff(name, compare(baseline, facts, since), previous.facts != facts, previous.date))
    return out
