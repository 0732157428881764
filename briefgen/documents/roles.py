"""Roles as of a document's date: when each role was held, and who holds an office now.

An article dated 2025 that recalls "the 2007 visit of President X" tells us X was President
in 2007, not in 2025; and a minister whose office a later source gives to someone else is a
former minister, however often the older articles repeat the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.documents.helpers import event_date, period_bounds
from briefgen.model import Citation, EventView, PersonView

# "Foreign Minister" is the "Minister of Foreign Affairs"; "Prime" and "Deputy" are not portfolios.
_NOT_PORTFOLIO = {"prime", "deputy", "first", "vice", "state", "acting", "former", "the", "a", "cabinet"}
_PORTFOLIO_FIRST = re.compile(r"\b([a-z]+) minister\b")
_MINISTER_OF = re.compile(r"(?:^|\b)(deputy |vice |state )?minister of ([a-z]+)")
_HEAD = re.compile(r"^(president|prime minister|speaker|chair(?:man|woman|person)?)(?: of (.+))?$")


def _key(text: str) -> str:
    from briefgen.core.names import name_key

    return name_key(text)


def office_key(role: str | None) -> str | None:
    """The office a role names when only one person holds it at a time, else None.

    ``Foreign Minister`` and ``Deputy Prime Minister - Minister of Foreign Affairs`` both hold
    ``minister of foreign``; a deputy minister, state secretary or ambassador is one of several.
    """
    if not role:
        return None
    key = _key(role).replace(" affairs", "")
    key = _PORTFOLIO_FIRST.sub(lambda m: m.group(0) if m.group(1) in _NOT_PORTFOLIO else f"minister of {m.group(1)}", key)
    for match in _MINISTER_OF.finditer(key):
        if not match.group(1):
            return f"minister of {match.group(2)}"
    head = _HEAD.match(key)
    if head and (head.group(1) in ("president", "prime minister") or head.group(2)):
        office = "chair" if head.group(1).startswith("chair") else head.group(1)
        of = head.group(2) or ""
        # "President of the Republic of Kazakhstan" is the head of state; the country is compared apart.
        return office if not of or "republic" in of.split() else f"{office} of {of}"
    return None


@dataclass(frozen=True, slots=True)
class DatedRole:
    """A person's role with the date it is known for and, for a former office holder, the successor."""

    person: PersonView
    when: str | None                 # partial ISO date: "2007", "2023-12", "2025-03-19"
    day: dt.date | None              # the last day of ``when``, for ordering
    recalled: bool                   # dated by an earlier event the article recalls
    successor: PersonView | None = None

    @property
    def former(self) -> bool:
        """True when a later source gives this office to someone else."""
        return self.successor is not None


def _names(person: PersonView) -> set[str]:
    return {_key(n) for n in (person.name, *person.aliases) if _key(n)}


def role_date(person: PersonView, events: list[EventView]) -> tuple[str | None, dt.date | None, bool]:
    """When ``person``'s role is known for: the article's date, or the date of an earlier event
    the same sentence recalls ("the 2007 visit of President X"), preferring one naming them."""
    if person.as_of is None:
        return None, None, False
    names = _names(person)
    recalled = [
        e for e in events
        if e.date and (event_date(e) or dt.date.max) < person.as_of and _bounds_end(e.date) < person.as_of
        and any(_same_passage(a, b) for a in person.citations for b in e.citations)
    ]
    if recalled:
        naming = [e for e in recalled if names & {_key(p) for p in e.participants}]
        best = max(naming or recalled, key=lambda e: (_bounds_end(e.date), e.id))
        return best.date, _bounds_end(best.date), True
    return person.as_of.isoformat(), person.as_of, False


def _same_passage(a: Citation, b: Citation) -> bool:
    """Two citations of one source quoting the same or overlapping text."""
    if a.source != b.source:
        return False
    if None not in (a.start, a.end, b.start, b.end):
        return a.start < b.end and b.start < a.end
    return a.quote in b.quote or b.quote in a.quote


def _bounds_end(date: str | None) -> dt.date:
    if not date:
        return dt.date.max
    try:
        return dt.date.fromisoformat(date) if len(date) == 10 else period_bounds(date)[1]
    except (ValueError, IndexError):
        return dt.date.max


def dated_roles(people: list[PersonView], events: list[EventView]) -> list[DatedRole]:
    """Every person's role with its date; a single-holder office given later to someone else of
    the same country makes the earlier holder former."""
    dated = []
    for person in people:
        when, day, recalled = role_date(person, events)
        dated.append(DatedRole(person, when, day, recalled))
    out = []
    for row in dated:
        office = office_key(row.person.role)
        later = [
            other for other in dated
            if office and other is not row and other.person.country and other.person.country == row.person.country
            and office_key(other.person.role) == office and other.day and row.day and other.day > row.day
        ]
        successor = max(later, key=lambda o: (o.day, o.person.name)).person if later else None
        out.append(DatedRole(row.person, row.when, row.day, row.recalled, successor))
    return out
