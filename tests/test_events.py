"""Event extraction on the corpus and on fixture articles, plus a property test for all three
sentence-level extractors (people, events, topics)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.core.vocab import EVENT_KINDS
from briefgen.extract.dates import find_dates
from briefgen.extract.events import extract_events
from briefgen.extract.people import extract_people
from briefgen.extract.topics import extract_topics
from briefgen.ingest.run import read_article
from briefgen.model import Event, Source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "people"
HOMES = {"poland_uzbekistan": "Uzbekistan", "hungary_kazakhstan": "Kazakhstan", "turkey_azerbaijan": "Azerbaijan"}


def _events(path: Path, home: str) -> tuple[str, list[Event]]:
    article = read_article(path, home=home)
    people = extract_people(article.text, article.source, home)
    events = extract_events(article.text, article.source, home, people)
    for event in events:
        assert article.text[event.start : event.end] == event.quote
        assert event.id == f"{article.source.id}#e{event.start}"
        assert event.event in EVENT_KINDS
    assert len({e.id for e in events}) == len(events)
    return article.text, events


def _corpus(corpus_dir: Path, prefix: str) -> list[Event]:
    return _events(next(corpus_dir.glob(f"{prefix}_*.txt")), "Kazakhstan")[1]


def _one(events: list[Event], kind: str, **fields: object) -> Event:
    found = [e for e in events if e.event == kind and all(getattr(e, k) == v for k, v in fields.items())]
    assert len(found) == 1, (kind, fields, events)
    return found[0]


def test_regular_consultations_and_signing(corpus_dir: Path) -> None:
    events = _corpus(corpus_dir, "000")
    consultations = _one(events, "consultations")
    assert consultations.date == "2018-12-20"  # "this week" in an article of that date
    assert consultations.place == "Bucharest"
    assert consultations.participants == ("Roman Vassilenko", "Danut Neculaescu")
    signing = _one(events, "signing")
    assert len(signing.documents) == 1
    assert signing.documents[0].startswith("Joint Action Plan between the Ministries of Foreign Affairs")
    assert signing.documents[0].endswith("for 2019-2020")
    # The years in the plan's name are not the signing date.
    assert signing.date == "2018-12-20"
    visits = _one(events, "visit")
    assert visits.date == "2016/2018"


def test_anniversary_recognition_meeting_commission(corpus_dir: Path) -> None:
    text, events = _events(next(corpus_dir.glob("001_*.txt")), "Kazakhstan")
    anniversary = _one(events, "anniversary")  # headline and lead are one event
    assert (anniversary.ordinal, anniversary.date) == (30, "2022-07-15")
    # The lead's words are kept, not the headline's.
    assert anniversary.start > text.index("\n") and "today" in anniversary.quote
    recognition = _one(events, "recognition")
    assert recognition.date == "1991-12-17"
    assert recognition.title == "Recognition of Kazakhstan’s independence by Romania"
    meeting = _one(events, "meeting")
    assert meeting.participants == ("Roman Vassilenko", "Madalina Lupa")
    assert meeting.date == "2022-07-15"
    assert meeting.title == "Meeting with Madalina Lupa"
    commission = _one(events, "commission")
    assert commission.title.startswith("Kazakh-Romanian Intergovernmental Commission on Economic")
    assert commission.date is None
    # Diplomatic relations were established in 1992, but the article never says so.
    assert not [e for e in events if e.event == "diplomatic_relations"]


def test_visit_meeting_and_documents(corpus_dir: Path) -> None:
    events = _corpus(corpus_dir, "002")
    # A visit and the talks with its host are one occasion ("During the visit, meeting with ... was
    # held"); the text gives no date, and the article's date is never an event's date by default.
    visit = _one(events, "visit")
    assert (visit.place, visit.participants, visit.date) == ("Bucharest", ("Murat Nurtleu", "Luminița Odobescu"), None)
    assert not [e for e in events if e.event == "meeting"]
    signing = _one(events, "signing")
    assert signing.documents[0] == "Joint Statement of the two ministers"
    assert signing.documents[1].startswith("memoranda")
    assert "foreign policy research institutes" in signing.documents[1]
    assert _one(events, "recognition").date == "1991"


def test_historic_visits(corpus_dir: Path) -> None:
    events = _corpus(corpus_dir, "003")
    first = _one(events, "visit", date="2007")
    assert (first.place, first.participants) == ("Romania", ("Nursultan Nazarbayev",))
    second = _one(events, "visit", date="2010")
    assert second.place == "Kazakhstan" and second.participants == ()
    anniversary = _one(events, "anniversary")
    assert (anniversary.ordinal, anniversary.date) == (25, "2017-07-15")


def test_eighth_round_and_side_meetings(corpus_dir: Path) -> None:
    events = _corpus(corpus_dir, "004")
    consultations = _one(events, "consultations")
    assert consultations.ordinal == 8
    assert consultations.title == "8th round of political consultations"
    assert (consultations.date, consultations.place) == ("2025-03-19", "Bucharest")
    assert consultations.participants == ("Roman Vassilenko", "Ana Tinca")
    unga = _one(events, "meeting", date="2023-09")
    assert "UNGA" in unga.title
    visit = _one(events, "visit")
    assert (visit.date, visit.place, visit.participants) == ("2023-12", "Bucharest", ("Murat Nurtleu",))
    meetings = [e for e in events if e.event == "meeting" and e.title.startswith(("Meeting with", "Talks with"))]
    # Dates only from the text: "on the same day" is the article's day; the other side meetings
    # state none, so they carry none (the article's date is never an event's date by default).
    assert [(m.participants, m.date) for m in meetings] == [
        (("Roman Vassilenko", "Florin Spătaru"), None),
        (("Pavel Nițulescu", "Roman Vassilenko"), "2025-03-19"),
        (("Roman Vassilenko", "Raduly Kalman"), None),
        (("Roman Vassilenko", "Titus Corlățean"), None),
    ]


def test_fixture_poland_uzbekistan() -> None:
    _, events = _events(FIXTURES / "poland_uzbekistan.txt", "Uzbekistan")
    consultations = _one(events, "consultations")  # headline "fifth round" merged with "5th round"
    assert (consultations.ordinal, consultations.place, consultations.date) == (5, "Warsaw", "2024-05-14")
    assert consultations.participants == ("Bakhrom Aloyev", "Władysław Teofil Kowalczyk")
    meeting = _one(events, "meeting")
    assert meeting.participants == ("Bakhrom Aloyev", "Marek Nowakowski")  # "B.Aloev met with ..."
    signing = _one(events, "signing")
    assert signing.documents == ("Memorandum of Understanding on cooperation in the field of agriculture",)
    # "is expected to visit Samarkand next year": an announced visit, dated by the text.
    visit = _one(events, "visit")
    assert (visit.date, visit.place) == ("2025", "Samarkand")


def test_fixture_hungary_kazakhstan() -> None:
    _, events = _events(FIXTURES / "hungary_kazakhstan.txt", "Kazakhstan")
    commission = _one(events, "commission")
    assert (commission.ordinal, commission.date, commission.place) == (9, "2024-03-12", "Budapest")
    assert commission.participants == ("Almas Sadykbekov", "Gábor Kertész")
    assert _one(events, "recognition").date == "1991-12-30"
    visit = _one(events, "visit")
    assert (visit.date, visit.place) == ("2014", "Kazakhstan")
    assert _one(events, "signing").documents == ("Joint Statement on Enhanced Strategic Partnership",)


def test_fixture_turkey_azerbaijan() -> None:
    _, events = _events(FIXTURES / "turkey_azerbaijan.txt", "Azerbaijan")
    assert _one(events, "anniversary").ordinal == 30
    assert _one(events, "diplomatic_relations").date == "1992-01-14"
    assert _one(events, "recognition").date == "1991-11-09"
    visit = _one(events, "visit")
    assert (visit.date, visit.place) == ("2021-12", "Baku")
    signing = _one(events, "signing")
    assert signing.documents == ("Agreement on Defence Industry Cooperation", "Protocol on Road Transport")
    assert signing.date == "2021-12"
    # "On this occasion" points at the anniversary, not at a date: the meeting has none.
    received = _one(events, "meeting", participants=("Elnur Mammadli", "Zeynep Arslan"))
    assert (received.date, received.place) == (None, "Baku")
    # "Özdemir also met ...": a further occasion the text does not date or tie to the visit.
    also = _one(events, "meeting", participants=("Kemal Özdemir", "Ramin Guliyev"))
    assert also.date is None


def test_dates() -> None:
    today = dt.date(2024, 5, 14)
    text = "on 17 December 1991, July 15, 2017, in December 2023, 2016-2018, today, yesterday, in 2007"
    assert [d.value for d in find_dates(text, today=today)] == [
        "1991-12-17",
        "2017-07-15",
        "2023-12",
        "2016/2018",
        "2024-05-14",
        "2024-05-13",
        "2007",
    ]
    assert find_dates("reached 2.92 billion, 2020 million", today=today) == []
    assert find_dates("today", today=None) == []


_VOCABULARY = (
    "Deputy Foreign Minister Roman Vassilenko", "met with", "R.Vasilenko", ", ", ". ", "\n\n",
    "the 8th round of political consultations held today in", "Bucharest", "Minister of",
    "Romanian Ambassador", "signed a Joint Statement", "recognized Kazakhstan’s independence on",
    "17 December 1991", "30th anniv", "official visit to", "Intergovernmental Commission on",
    "energy", "Middle Corridor", "’s", "Ș", "ţ", " - ", "(", ")", "\"", "date 2024-01-01 ",
)
_TEXT = st.lists(st.one_of(st.sampled_from(_VOCABULARY), st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, dated=st.booleans())
def test_extractors_never_raise_and_spans_are_valid(text: str, dated: bool) -> None:
    source = Source("s", "s.txt", "t", dt.date(2024, 1, 1) if dated else None, False, None, None, "Romania", "0", 1)
    people = extract_people(text, source, "Kazakhstan")
    facts = [*people, *extract_events(text, source, "Kazakhstan", people), *extract_topics(text, source)]
    for fact in facts:
        assert 0 <= fact.start <= fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.quote
    assert len({f.id for f in facts}) == len(facts)


def test_fixture_vietnam_dates_from_text_only() -> None:
    """Weekdays resolve against the article's date; an occasion tied to another inherits its date
    and place; an occasion the text does not date has no date."""
    _, events = _events(FIXTURES / "vietnam_kazakhstan.txt", "Kazakhstan")
    consultations = _one(events, "consultations")
    assert (consultations.date, consultations.place) == ("2024-09-11", "Hanoi")  # Wednesday before Friday 13th
    signing = _one(events, "signing")
    assert (signing.date, signing.place) == ("2024-09-11", "Hanoi")  # "Following the consultations"
    assert signing.documents == ("Memorandum on Cooperation between the Diplomatic Academies",)
    meeting = _one(events, "meeting")
    assert meeting.date is None


def test_fixture_mongolia_occasions() -> None:
    """A visit and its main talks are one occasion; "held meetings with A and B" are two meetings; a
    signing the talks "ended with" has their date, place and principals; a business forum is an
    occasion; an anniversary of a signing dates it; announced visits are dated by "this summer"."""
    _, events = _events(FIXTURES / "mongolia_kazakhstan.txt", "Kazakhstan")
    visit = _one(events, "visit", place="Ulaanbaatar")
    assert visit.date == "2024-05-14"
    assert visit.participants == ("Olzhas Bektenov", "Luvsannamsrain Oyun-Erdene")
    assert not [e for e in events if e.event == "meeting" and "Luvsannamsrain Oyun-Erdene" in e.participants]
    signings = [e for e in events if e.event == "signing"]
    talks_signing = next(e for e in signings if e.documents == ("bilateral documents",))
    assert (talks_signing.date, talks_signing.place) == ("2024-05-14", "Ulaanbaatar")
    assert talks_signing.participants == ("Olzhas Bektenov", "Luvsannamsrain Oyun-Erdene")
    # "As part of the visit" ties them to the one-day visit: its date and place.
    side = sorted((e.participants, e.date, e.place) for e in events if e.event == "meeting")
    assert side == [(("Olzhas Bektenov", "Dashzegviin Amarbayasgalan"), "2024-05-14", "Ulaanbaatar"),
                    (("Olzhas Bektenov", "Khishgeegiin Nyambaatar"), "2024-05-14", "Ulaanbaatar")]
    assert _one(events, "forum").title == "Kazakh-Mongolian Business Forum"
    treaty = next(e for e in signings if e.documents and e.documents[0].startswith("Treaty"))
    assert treaty.date == "1994"
    announced = _one(events, "visit", place="Almaty")
    assert announced.date == "2024-06/2024-08"
