"""What documents show of the partner's events: relations, mechanisms, the timeline, and the
history and outcomes of a meeting's format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from briefgen.model import EventView, TopicView

RELATION_EVENTS = ("recognition", "diplomatic_relations", "anniversary")
ONCE_ONLY_EVENTS = ("recognition", "diplomatic_relations")
MECHANISM_EVENTS = ("consultations", "commission")
FORMAT_EVENTS = {"consultation": "consultations", "commission": "commission", "visit": "visit", "sign": "signing"}


def events_by_kind(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[EventView]]:
    """Relations, mechanisms and the timeline of visits and meetings."""
    events = _undated_into_dated(_precise(fb.events(partner, as_of=as_of)))
    return {
        "relations": [e for e in events if e.event in RELATION_EVENTS],
        "mechanisms": _one_per_mechanism([e for e in events if e.event in MECHANISM_EVENTS]),
        # Undated events stay, placed at the date of the article reporting them (and printed as
        # "reported ..."), rather than vanish or borrow the article's date as their own.
        "timeline": sorted((e for e in events if e.event not in RELATION_EVENTS and (e.date or reported_on(e))),
                           key=lambda e: (_start(e) or reported_on(e) or dt.date.max, e.title, e.id)),
    }


def _undated_into_dated(events: list[EventView]) -> list[EventView]:
    """An undated report of an event another source dates ("First official visit to Bucharest",
    reported 14 December 2023; dated December 2023 by a later article) is that event: its
    citations join the dated one, in the same year as the report."""
    merged: dict[int, list] = {}
    dropped: set[int] = set()
    for event in events:
        reported = reported_on(event)
        if event.date or reported is None:
            continue
        same = [d for d in events if d.date and d.event == event.event and d.title.casefold() == event.title.casefold()
                and d.date[:4] == str(reported.year)]
        if same:
            dropped.add(id(event))
            merged.setdefault(id(same[0]), []).extend(event.citations)
    return [dataclasses.replace(e, citations=e.citations + tuple(merged[id(e)])) if id(e) in merged else e
            for e in events if id(e) not in dropped]


def reported_on(event: EventView) -> dt.date | None:
    """The date of the earliest article reporting ``event``."""
    dates = [c.date for c in event.citations if c.date]
    return min(dates) if dates else None


def _start(event: EventView) -> dt.date | None:
    from briefgen.documents.helpers import event_date

    return event_date(event)


def relations_established(relations: list[EventView]) -> tuple[int, list[EventView]] | None:
    """The year diplomatic relations were established, read back from dated anniversaries
    ("the 30th anniversary" on 15 July 2022: 1992) when no source dates the establishment itself
    and every anniversary agrees."""
    if any(e.event == "diplomatic_relations" and e.date for e in relations):
        return None
    dated = [e for e in relations if e.event == "anniversary" and e.ordinal and e.date and e.date[:4].isdigit()]
    years = {int(e.date[:4]) - e.ordinal for e in dated}
    return (years.pop(), dated) if len(years) == 1 else None


def _one_per_mechanism(events: list[EventView]) -> list[EventView]:
    """Undated mentions of a standing mechanism ("the Intergovernmental Commission") under two
    wordings are one mechanism: the first wording, citing every article naming it."""
    first: dict[str, int] = {}
    out: list[EventView] = []
    for event in events:
        if event.date:
            out.append(event)
        elif event.event in first:
            held = out[first[event.event]]
            out[first[event.event]] = dataclasses.replace(held, citations=held.citations + event.citations)
        else:
            first[event.event] = len(out)
            out.append(event)
    return out


# A sentence recording an agreement, not a topic merely raised.
_AGREED = re.compile(r"\b(?:agreed|agree to|agreement was reached|decided|resolved to|committed to|signed)\b", re.IGNORECASE)


def last_meeting_outcomes(fb: Any, partner: str, last: EventView | None, day: dt.date) -> dict[str, Any]:
    """What was signed and agreed at ``last``: its own documents and those of signing events of
    the same day, and the cooperation areas the article reporting it says the sides agreed on."""
    if last is None:
        return {"signed": [], "areas": []}
    signed = [last] if last.documents else []
    signed += [e for e in fb.events(partner, "signing", as_of=day) if e.date == last.date and e.documents]
    sources = {c.source for c in last.citations}
    areas = []
    for topic in fb.topics(partner, as_of=day):
        cited = tuple(c for c in topic.citations if c.source in sources and _AGREED.search(c.quote))
        if cited:
            areas.append(TopicView(topic.topic, topic.partner, topic.years, cited))
    return {"signed": signed, "areas": areas}


def _precise(events: list[EventView]) -> list[EventView]:
    """Drop an event repeated by another source with a more precise date ("December 2023" vs
    14 Dec), keeping its citations on the precise one. Recognition and the establishment of
    relations happen once, so for them the kind alone makes two reports the same event."""
    def same(coarse: EventView, fine: EventView) -> bool:
        return (fine is not coarse and fine.event == coarse.event and bool(fine.date and coarse.date)
                and len(fine.date) > len(coarse.date) and fine.date.startswith(coarse.date)
                and (fine.title == coarse.title or coarse.event in ONCE_ONLY_EVENTS))

    extra: dict[int, list] = {}
    dropped = set()
    for event in events:
        finer = [e for e in events if same(event, e)]
        if finer:
            dropped.add(id(event))
            extra.setdefault(id(finer[0]), []).extend(event.citations)
    return [
        dataclasses.replace(e, citations=e.citations + tuple(extra[id(e)])) if id(e) in extra else e
        for e in events if id(e) not in dropped
    ]


def format_event_kind(format_text: str | None) -> str:
    """The event kind a meeting format corresponds to ("political consultations" -> consultations)."""
    text = (format_text or "").casefold()
    for word, kind in FORMAT_EVENTS.items():
        if word in text:
            return kind
    return "meeting"
