"""Selections made for documents from the fact base (docdata)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.documents.selection import events_by_kind
from briefgen.model import Citation, EventView


def _event(eid: str, kind: str, title: str, date: str, source: str) -> EventView:
    cite = Citation(source, f"quote from {source}", 0, 10, None, f"Article {source}", dt.date(2020, 1, 1))
    return EventView(eid, "Poland", kind, title, date, None, None, (), (), (cite,))


class _Facts:
    def __init__(self, events: list[EventView]):
        self._events = events

    def events(self, partner: str, as_of: dt.date | None = None) -> list[EventView]:
        return self._events


def test_once_only_event_reported_twice_is_listed_once_with_both_sources() -> None:
    coarse = _event("a#e1", "recognition", "Recognition of independence by Poland", "1991", "a")
    fine = _event("b#e7", "recognition", "Poland recognises Uzbekistan's independence", "1991-12-30", "b")
    other = _event("c#e2", "anniversary", "30th anniversary of relations", "2022-01-05", "c")
    relations = events_by_kind(_Facts([coarse, fine, other]), "Poland", None)["relations"]
    assert [e.id for e in relations] == ["b#e7", "c#e2"]
    assert [c.source for c in relations[0].citations] == ["b", "a"]


def test_repeated_visits_with_different_titles_stay_apart() -> None:
    first = _event("a#e1", "visit", "Visit of the minister", "2023-12", "a")
    second = _event("b#e2", "visit", "Visit of the prime minister", "2023-12-14", "b")
    timeline = events_by_kind(_Facts([first, second]), "Poland", None)["timeline"]
    assert [e.id for e in timeline] == ["a#e1", "b#e2"]


def _person_base(people: list[tuple[str, str, str | None, str]]):  # noqa: ANN202
    from briefgen.factbase.files import Curation
    from briefgen.factbase.query import merge_facts
    from briefgen.model import Extraction, Person, Source

    sources, extractions = {}, []
    for i, (name, role, country, day) in enumerate(people):
        sid = f"{day}-article-{i}"
        sources[sid] = Source(sid, f"a/{sid}.txt", f"Article {i}", dt.date.fromisoformat(day), False,
                              None, None, "Hungary", "0" * 64, 100)
        quote = f"{role} {name} spoke."
        person = Person(f"{sid}#p0", sid, name, role, None, country, quote, 0, len(quote))
        extractions.append(Extraction(sources[sid], (person,)))
    return merge_facts(sources, extractions, Curation(), "Uzbekistan")


def test_one_person_spelled_differently_across_articles_is_one_row() -> None:
    fb = _person_base([
        ("B. Saidov", "Deputy Minister", "Uzbekistan", "2019-03-01"),
        ("Bakhtiyor Saidov", "Minister of Foreign Affairs", "Uzbekistan", "2024-05-02"),
        ("Bahtiyor Saidov", "Minister of Foreign Affairs", None, "2023-01-10"),
        ("Ben Saidov", "Trade Attaché", "Israel", "2022-02-02"),
    ])
    rows = {p.name: p for p in fb.people("Hungary")}
    assert sorted(rows) == ["Bakhtiyor Saidov", "Ben Saidov"]
    assert rows["Bakhtiyor Saidov"].role == "Minister of Foreign Affairs"
    assert {"B. Saidov"} <= set(rows["Bakhtiyor Saidov"].aliases)
    history = fb.person_history("B. Saidov")
    assert [p.role for p in history] == ["Deputy Minister", "Minister of Foreign Affairs", "Minister of Foreign Affairs"]


def test_templates_reach_figures_only_through_the_provenance_filter() -> None:
    from briefgen.config import load_config
    from briefgen.documents.selection import CheckedFacts
    from briefgen.factbase.load import load_factbase

    checked = CheckedFacts(load_factbase(load_config(Path(__file__).parent / "fixtures" / "docs")))
    # Unfiltered figure queries of the FactBase are not reachable through the view documents use.
    for name in ("all_figures", "rejected", "records", "current_roles", "location"):
        assert not hasattr(checked, name), name
    assert checked.figures() and all(hasattr(checked, n) for n in ("latest", "series", "disputed", "people"))
