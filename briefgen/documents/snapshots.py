"""What a document was rendered from, and what changed since the previous rendering.

A snapshot is the slice of the fact base one document reads (figures, events, people and,
for a brief, topics and sources), as plain JSON. Its digest is the document's fact input in
the build manifest; comparing it with the previous snapshot gives "Changes since ...".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from briefgen.model import Citation, EventView, FigureView, PersonView, TopicView

SNAPSHOT_FORMAT = 1
_VIEWS = {"figures": FigureView, "events": EventView, "people": PersonView, "topics": TopicView}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _citation(data: dict) -> Citation:
    return Citation(**(data | {"date": _date(data.get("date"))}))


def _view(cls: type, data: dict) -> Any:
    """Rebuild a view dataclass from its snapshot mapping."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "citations":
            value = tuple(_citation(c) for c in value)
        elif f.name == "as_of":
            value = _date(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


def take_snapshot(kind: str, fb: Any, partner: str, meeting: dict | None = None) -> dict:
    """The facts a document of ``kind`` about ``partner`` is rendered from, as plain data."""
    from briefgen.documents.selection import CheckedFacts

    facts: dict[str, Any] = {"profile": _plain(fb.profile(partner) or {})}
    # Seen as the renderer sees them: a figure the document leaves out is not a change to list.
    checked = fb if isinstance(fb, CheckedFacts) else CheckedFacts(fb)
    facts["figures"] = [_plain(v) for v in checked.figures(partner)]
    if kind != "fact-box":
        facts["events"] = [_plain(v) for v in fb.events(partner)]
        facts["people"] = [_plain(v) for v in fb.people(partner)]
    if kind == "country-brief":
        facts["topics"] = [_plain(v) for v in fb.topics(partner)]
        facts["sources"] = sorted(
            [s.id, s.title, s.outlet, _plain(s.date)] for s in fb.sources.values() if s.partner == partner
        )
    if kind == "meeting" and meeting is not None:
        facts["meeting"] = _plain(meeting)
        names = [c.get("name") if isinstance(c, dict) else str(c) for c in meeting.get("counterparts") or []]
        facts["counterparts"] = [[_plain(p) for p in fb.person_history(n)] for n in names if n]
    return facts


def digest(data: Any) -> str:
    """A stable sha256 of JSON-able data."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Changes:
    """Differences between the facts of the previous rendering and the current ones."""

    since: dt.date | None
    new: tuple[FigureView, ...] = ()
    changed: tuple[tuple[FigureView, FigureView], ...] = ()
    withdrawn: tuple[FigureView, ...] = ()
    events: tuple[EventView, ...] = ()
    people: tuple[PersonView, ...] = ()
    # (figure id, "rejected: <reason>") for changes a person made in facts/curated/.
    curation: tuple[tuple[str, str], ...] = ()

    def why(self, view: FigureView) -> str:
        """The curation behind a withdrawn or changed figure, or ""."""
        notes = dict(self.curation)
        return next((notes[i] for i in (view.id, *view.ids) if i in notes), "")

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.withdrawn or self.events or self.people)

    def count(self) -> int:
        """How many entries the section lists."""
        return len(self.new) + len(self.changed) + len(self.withdrawn) + len(self.events) + len(self.people)


def _figure_key(view: FigureView) -> tuple:
    # An undated count ("37 companies", "12th partner") restated later is the same figure
    # updated, so figures without a period are compared by metric and scope alone.
    return (view.metric, view.period or "", view.scope or "")


def _latest_by_key(views: list[FigureView]) -> dict[tuple, FigureView]:
    out: dict[tuple, FigureView] = {}
    for view in views:
        key = _figure_key(view)
        held = out.get(key)
        if held is None or (view.as_of or dt.date.min, view.id) > (held.as_of or dt.date.min, held.id):
            out[key] = view
    return out


def _event_key(view: EventView) -> tuple:
    return (view.event, view.date or "", " ".join(view.title.casefold().split()))


def _person_key(view: PersonView) -> str:
    from briefgen.core.names import name_key

    return name_key(view.name)


def _views(facts: dict, section: str) -> list[Any]:
    return [_view(_VIEWS[section], item) for item in facts.get(section) or []]


def _same_value(old: FigureView, new: FigureView) -> bool:
    return old.unit == new.unit and old.approx == new.approx and abs(old.value - new.value) <= 1e-9 * max(1.0, abs(old.value))


def compare(old: dict | None, new: dict, since: dt.date | None) -> Changes:
    """What ``new`` adds, changes and withdraws relative to ``old`` (no changes without ``old``)."""
    if old is None:
        return Changes(since)
    before = _latest_by_key(_views(old, "figures"))
    after = _latest_by_key(_views(new, "figures"))
    order = sorted(after, key=lambda k: after[k].id)
    added = tuple(after[k] for k in order if k not in before)
    changed = tuple((before[k], after[k]) for k in order if k in before and not _same_value(before[k], after[k]))
    withdrawn = tuple(before[k] for k in sorted(before, key=lambda k: before[k].id) if k not in after)
    events: tuple[EventView, ...] = ()
    people: tuple[PersonView, ...] = ()
    if "events" in new:
        known = {_event_key(e) for e in _views(old, "events")}
        events = tuple(e for e in _views(new, "events") if _event_key(e) not in known)
    if "people" in new:
        known_people = {_person_key(p) for p in _views(old, "people")}
        people = tuple(p for p in _views(new, "people") if _person_key(p) not in known_people)
    return Changes(since, added, changed, withdrawn, events, people)


def with_curation(changes: Changes, fb: Any) -> Changes:
    """``changes`` naming the curation (rejection, correction, preference) behind each withdrawn
    or changed figure, so that a document says why a figure went."""
    records = getattr(fb, "records", None)
    if not changes or records is None:
        return changes
    superseded = {i: v.note for v in fb.all_figures() if v.status == "superseded" and v.note for i in v.ids}
    notes: dict[str, str] = {}
    views = [*changes.withdrawn, *(new for _, new in changes.changed)]
    for view in views:
        for fact_id in (view.id, *view.ids):
            record = records.get(fact_id)
            if record is None:
                continue
            if record.status == "rejected" and record.note:
                notes[view.id] = f"rejected: {record.note}"
            elif fact_id in superseded:
                notes[view.id] = superseded[fact_id]
            elif record.status == "corrected" and record.note:
                notes[view.id] = f"corrected: {record.note}"
            if view.id in notes:
                break
    return dataclasses.replace(changes, curation=tuple(sorted(notes.items())))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A document's stored snapshot: the facts it was last rendered from and its baseline."""

    facts: dict
    date: dt.date | None
    baseline: dict | None        # facts of the rendering before the last change
    baseline_date: dt.date | None

    def to_json(self) -> str:
        """Deterministic JSON text."""
        data = {
            "format": SNAPSHOT_FORMAT,
            "date": _plain(self.date),
            "facts": self.facts,
            "baseline": None if self.baseline is None else {"date": _plain(self.baseline_date), "facts": self.baseline},
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def parse_snapshot(text: str) -> Snapshot | None:
    """A stored snapshot, or None when it is unreadable or from another format."""
    try:
        data = json.loads(text)
        if data.get("format") != SNAPSHOT_FORMAT:
            return None
        base = data.get("baseline")
        snapshot = Snapshot(data["facts"], _date(data.get("date")), base and base["facts"],
                            _date(base.get("date")) if base else None)
        # Rebuild every view once: a damaged or older snapshot fails here, not mid-build.
        for facts in (snapshot.facts, snapshot.baseline or {}):
            for section in _VIEWS:
                _views(facts, section)
        return snapshot
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def baseline_for(previous: Snapshot | None, facts: dict) -> tuple[dict | None, dt.date | None]:
    """The facts to compare against: the previous rendering's, or its own baseline when the
    facts did not change, so that rebuilding the same facts gives the same document."""
    if previous is None:
        return None, None
    if previous.facts == facts:
        return previous.baseline, previous.baseline_date
    return previous.facts, previous.date


def change_lines(changes: Changes, home: str, partner: str) -> list[str]:
    """Terminal lines for ``briefgen diff``."""
    from briefgen.core.values import format_value
    from briefgen.documents.helpers import date_text, period_label
    from briefgen.documents.phrasing import metric_label

    def label(v: FigureView) -> str:
        when = period_label(v.period) if v.period else (f"as of {date_text(v.as_of)}" if v.as_of else "undated")
        return f"{metric_label(v.metric, home, partner, v.scope)} ({when})"

    def value(v: FigureView) -> str:
        return (f"{v.approx} " if v.approx else "") + format_value(v.value, v.unit)

    def source(v: Any) -> str:
        c = v.citations[0] if v.citations else None
        return f"  [{c.title}, {date_text(c.date)}]" if c else ""

    lines = [f"+ {label(v)}: {value(v)}{source(v)}" for v in changes.new]
    lines += [f"~ {label(n)}: {value(o)} -> {value(n)}{source(n)}" for o, n in changes.changed]
    lines += [f"- {label(v)}: {value(v)} (withdrawn){source(v)}" for v in changes.withdrawn]
    lines += [f"+ event {e.date or 'undated'}: {e.title}{source(e)}" for e in changes.events]
    lines += [f"+ person {p.name}{', ' + p.role if p.role else ''}{source(p)}" for p in changes.people]
    return lines
