"""Events in an article: consultations, visits, meetings, commissions, signings, recognitions,
anniversaries, each with its date or period, place, participants, documents and quote.

Each detector reads one clause. A clause with no date of its own that reports something done
("held", "met", "signed") is dated by the article, since press releases report the day's events;
background facts (recognitions, anniversaries, commissions) are only dated where the text says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.extract.dates import find_dates
from briefgen.extract.events_rules import (
    ANNIVERSARY,
    COMMISSION,
    CONSULTATIONS,
    DELEGATION,
    DIPLOMATIC_RELATIONS,
    DISCUSSED,
    EXCHANGE,
    FORUM,
    FUTURE,
    MEETING,
    ORDINAL,
    RECOGNITION,
    SIGNING_VERB,
    VISIT,
    VISIT_DATED,
    find_documents,
    ordinal_value,
    place_after,
    roman_value,
)
from briefgen.extract.fastre import StemIndex, literal_stems
from briefgen.extract.lexicon import canonical_country, country_words
from briefgen.extract.people import person_mentions
from briefgen.extract.sentences import Sentence, split_sentences
from briefgen.model import Event, Person, Source

_CLAUSE = re.compile(r",\s+(?:while|whereas)\s|,\s+as\s+well\s+as\s|;\s")
_HEADER = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}[^\n]*")
# Kinds that happened on the article's date when the clause gives no other.
_DATED_BY_ARTICLE = frozenset({"consultations", "meeting", "visit", "signing", "other"})


@dataclass(slots=True)
class _Draft:
    kind: str
    title: str
    start: int
    end: int
    trigger: int
    date: str | None = None
    place: str | None = None
    ordinal: int | None = None
    participants: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    sentence: Sentence | None = None
    # Found by "discussed": an occasion only when two sides are named as the verb's subject.
    needs_pair: bool = False


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _CLAUSE.finditer(sentence.text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence.text)))
    return [(sentence.start + a, sentence.start + b) for a, b in spans if b > a]


# The trigger patterns (and DELEGATION), keyed by themselves: one scan of a clause for the
# letters each needs (see fastre.literal_stems) tells which can match at all; most clauses,
# and most sentences, need none of them.
_DETECTED = (CONSULTATIONS, COMMISSION, FORUM, SIGNING_VERB, RECOGNITION, ANNIVERSARY, DIPLOMATIC_RELATIONS, VISIT,
             VISIT_DATED, MEETING, DISCUSSED, EXCHANGE)
# Keys are the patterns' ids: hashing a compiled pattern hashes all its code, every time.
_TRIGGERS = StemIndex({
    id(pattern): literal_stems(pattern.pattern, pattern.flags) for pattern in (*_DETECTED, DELEGATION)
})
_DETECTED_IDS = frozenset(id(pattern) for pattern in _DETECTED)


def _search(pattern: re.Pattern[str], clause: str, possible: frozenset[object] | None) -> re.Match[str] | None:
    return pattern.search(clause) if possible is None or id(pattern) in possible else None


def _finditer(pattern: re.Pattern[str], clause: str, possible: frozenset[object] | None):
    return pattern.finditer(clause) if possible is None or id(pattern) in possible else ()


def _detect(text: str, start: int, end: int) -> list[_Draft]:
    """Candidate events in the clause ``text[start:end]`` (dates and people come later)."""
    clause = text[start:end]
    drafts: list[_Draft] = []
    possible = _TRIGGERS.possible(clause)
    if possible is not None and possible.isdisjoint(_DETECTED_IDS):
        return drafts  # no trigger can match (most clauses)

    def add(kind: str, title: str, at: int, **extra: object) -> None:
        drafts.append(_Draft(kind, title, start, end, start + at, **extra))

    for match in _finditer(CONSULTATIONS, clause, possible):
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else None
        if ordinal is None and not re.search(r"\b(?:held|hold|holds|took\s+place|convened)\b", clause):
            continue
        words = " ".join(match.group("what").split())
        title = f"{_ordinal_text(ordinal)} round of {words}" if ordinal else words[0].upper() + words[1:]
        add("consultations", title, match.start(), ordinal=ordinal,
            place=place_after(clause, match.end()))
        break
    for match in _finditer(COMMISSION, clause, possible):
        name = " ".join(match.group("name").split())
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else roman_value(match.group("roman"))
        if ordinal is None and _SPEECH.search(clause) and not _OCCASION.search(clause):
            break  # "the potential of our intergovernmental commission": the body, not a session of it
        add("commission", name, match.start("name"), ordinal=ordinal,
            place=place_after(clause, match.end()))
        break
    for match in _finditer(FORUM, clause, possible):
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else roman_value(match.group("roman"))
        if ordinal is None and not _OCCASION.search(clause):
            break  # "Chairman of the ... Business Council": a title, not an occasion
        if ordinal is None:
            # "Chairman of the ... Business Council said at the 7th meeting of the council"
            session = _SESSION_OF.search(clause)
            ordinal = ordinal_value(session.group("ord")) if session else None
        kind = "visit" if match.group("name").lower().endswith("mission") else "forum"
        add(kind, " ".join(match.group("name").split()), match.start("name"), ordinal=ordinal,
            place=place_after(clause, match.end(), visit=kind == "visit"))
        break
    if _search(SIGNING_VERB, clause, possible):
        documents = find_documents(clause)
        if documents:
            docs = [d for _, _, d, _ in documents]
            heads = []
            for _, _, _, head in documents:
                if head not in heads:
                    heads.append(head)
            add("signing", "Signing of the " + " and ".join(heads), documents[0][0], documents=docs)
    match = _search(RECOGNITION, clause, possible)
    if match:
        obj = _country(match.group("obj") or match.group("obj2"))
        subjects = [w for w in country_words(clause, 0, match.start()) if w.kind == "name"]
        title = "Recognition of " + (f"{obj}’s independence" if obj else "independence")
        if subjects and subjects[-1].country != obj:
            title += f" by {subjects[-1].country}"
        add("recognition", title, match.start())
    match = _search(ANNIVERSARY, clause, possible)
    if match:
        ordinal = ordinal_value(match.group("n") or match.group("n2"))
        what = match.group("what") or match.group("what2") or "diplomatic relations"
        what = re.sub(r"^(?:the\s+)?(?:establishment\s+of\s+)?", "", " ".join(what.split()))
        if ordinal:
            add("anniversary", f"{_ordinal_text(ordinal)} anniversary of {what}", match.start(), ordinal=ordinal)
    else:
        match = _search(DIPLOMATIC_RELATIONS, clause, possible)
        if match and any(not d.relative for d in find_dates(clause)):
            add("diplomatic_relations", "Establishment of diplomatic relations", match.start())
    match = _search(VISIT, clause, possible)
    if match:
        words = " ".join((match.group("adj") or "").split())
        place = place_after(clause, match.end(), visit=True)
        title = (words[0].upper() + words[1:] + " visit") if words else "Visit"
        title += f" to {place}" if place else ""
        add("visit", title + (" (twice)" if re.search(r"\btwice\b", clause) else ""), match.start(), place=place)
    else:
        match = _search(VISIT_DATED, clause, possible)
        if match and find_dates(clause):
            words = " ".join(match.group().split())
            add("visit", words[0].upper() + words[1:], match.start())
    match = _search(MEETING, clause, possible)
    if match:
        group = match.group("group")
        noun = (match.group("noun") or "meeting").lower()
        noun = "Meeting" if noun == "met" else noun[0].upper() + noun[1:]
        title = f"{noun} of the {' '.join(group.split())}" if group else noun
        margins = re.search(r"\bon\s+the\s+(?:margins|sidelines)\s+of\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)", clause)
        if margins:
            title += f" on the margins of the {margins.group(1)}"
        add("meeting", title, match.start(), place=place_after(clause, match.end()))
    if not any(d.kind == "meeting" for d in drafts):
        match = _search(DISCUSSED, clause, possible)
        if match and " and " in clause[: match.start()]:
            add("meeting", "Talks", match.start(), place=place_after(clause, match.end()), needs_pair=True)
    match = _search(EXCHANGE, clause, possible)
    if match:
        add("other", "Exchange of " + " ".join(match.group("what").split()), match.start())
    return drafts


_SESSION_OF = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?:meeting|session|sitting|edition)\s+of\s+the\s+(?:council|forum)\b", re.IGNORECASE
)
# "This year marks the 25th anniversary of the signing of the Treaty ...": signed 25 years before.
_ANNIVERSARY_OF_SIGNING = re.compile(
    rf"\b(?P<n>{ORDINAL})\s+anniversary\s+of\s+the\s+signing\b", re.IGNORECASE
)
# An occasion, not the body or the title alone: "was held", "launched", "the 7th session of", a meeting of it.
_OCCASION = re.compile(
    r"\b(?:held|hold|holds|launched|opened|took\s+place|hosted|attended|organi[sz]ed|convened|chaired|co-chaired"
    r"|session|sitting|meeting|plenary)\b",
    re.IGNORECASE,
)
# First-person speech: what a speaker says about a mechanism is not a session of it.
_SPEECH = re.compile(r"\b(?:we|our|us|I)\b|[\"“”]")
# "Kazakh Prime Minister Alikhan Smailov and Iranian Minister of Agriculture discussed ...": two sides
# (a title or a name on each side of "and") as one subject.
_PAIR_SUBJECT = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+){1,6}and\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+|of\s+|the\s+|[–-]\s+){1,12}(?:also\s+)?$"
)


def _country(word: str | None) -> str | None:
    if not word:
        return None
    words = country_words(word)
    return words[0].country if words else None


def _ordinal_text(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _dates(memo: dict, text: str, start: int, end: int, source: Source) -> list:
    """``find_dates`` of one span, computed once per article (drafts of one clause share spans)."""
    key = (start, end)
    if key not in memo:
        memo[key] = find_dates(text, start, end, source.date)
    return memo[key]


# The header's own "date YYYY-MM-DD" is the article's date, never an event's.
_HEADER_DATE = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}")
# A year right after an amount or a comparison is a figure's period ("$5 billion in 2022, 42 percent more
# than in 2021", "for the period 2020 to 2024"), not when an occasion took place.
_FIGURE_PERIOD_BEFORE = re.compile(
    r"(?:(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty))\s*(?:%|percent|per\s+cent"
    r"|billion|million|bln|mln|bn|thousand|tonnes)|\bthan|\bperiod|\bsince|\buntil|\btill|\bmonths?\s+of"
    r"|\bquarters?\s+of|\bhalf\s+of|(?:19|20)\d{2}\s+(?:to|through|until|and))\b[^.;,\d]{0,15}$",
    re.IGNORECASE,
)


def _date(text: str, draft: _Draft, sentence: Sentence, source: Source, memo: dict) -> str | None:
    excluded = [(text.find(d, draft.start, draft.end), len(d)) for d in draft.documents]
    spans = [(a, a + n) for a, n in excluded if a >= 0]
    header = _HEADER_DATE.match(text)
    if header:
        spans.append((0, header.end()))
    spans.extend(
        (m.start, m.end) for m in _dates(memo, text, sentence.start, sentence.end, source)
        if len(m.value) == 4 and _FIGURE_PERIOD_BEFORE.search(text, max(0, m.start - 40), m.start)
    )
    for lo, hi in ((draft.start, draft.end), (sentence.start, sentence.end)):
        mentions = [
            m for m in _dates(memo, text, lo, hi, source) if not any(a <= m.start < b for a, b in spans)
        ]
        if mentions:
            # The date nearest the trigger: "recognised ... in 1991, and ... paid a visit ... in 2014".
            nearest = min(mentions, key=lambda m: max(draft.trigger - m.end, m.start - draft.trigger, 0))
            return nearest.value
    return None


def extract_events(text: str, source: Source, home: str, people: list[Person],
                   visitors: dict[str, str] | None = None) -> list[Event]:
    """Every event the article reports, with participants linked to ``people``.

    ``visitors``, when given, is filled with who visited which place ("his visit to Kazakhstan,
    Prime Minister Petr Fiala ..." -> Petr Fiala: Kazakhstan), for telling people's countries.
    """
    home = canonical_country(home)
    country_of = {p.name: p.country for p in people}
    header = _HEADER.match(text)
    header_end = header.end() if header else 0
    drafts: list[_Draft] = []
    memo: dict = {}
    for sentence in split_sentences(text):
        possible = _TRIGGERS.possible(sentence.text)
        if possible is not None and not possible:
            continue  # nothing to find in any of its clauses
        found: list[_Draft] = []
        for start, end in _clauses(sentence):
            for draft in _detect(text, start, end):
                draft.sentence = sentence
                draft.date = _date(text, draft, sentence, source, memo)
                if draft.kind in ("recognition", "anniversary", "diplomatic_relations"):
                    found.append(draft)
                    continue
                mentions = person_mentions(text, people, start, end)
                for _, name in mentions:
                    if name not in draft.participants:
                        draft.participants.append(name)
                if draft.needs_pair and not _pair(text, draft, mentions):
                    continue  # "discussed" with no two sides named as its subject
                if draft.kind == "visit" and draft.place and visitors is not None and mentions:
                    before = [m for m in mentions if m[0] < draft.trigger]
                    after = [m for m in mentions if m[0] > draft.trigger]
                    visitor = before[-1][1] if before else after[0][1]
                    visitors.setdefault(visitor, draft.place)
                found.extend(_separate_meetings(text, draft, mentions))
        found = _merge_signings(found)
        if drafts and _search(DELEGATION, sentence.text, possible):
            # "The Kazakh delegation was headed by ..., and the Romanian - by ...".
            target = drafts[-1]
            for _, name in person_mentions(text, people, sentence.start, sentence.end):
                if name not in target.participants:
                    target.participants.append(name)
        drafts.extend(d for d in found if d.kind != "meeting" or d.participants or _explicit(text, d, source, memo))
    _anniversary_signings(text, drafts)
    _follow_pronouns(text, drafts)
    drafts = _one_occasion(text, drafts)
    _continue_dates(text, drafts)
    drafts = _one_occasion(text, drafts)  # talks that named the visitor only through their tie to the visit
    _add_principal(drafts, country_of, home)
    _name_meetings(drafts, country_of, home)
    drafts = _signings_in_a_row(_dedupe(drafts, header_end))
    return _finish(text, drafts, source)


_JOINED = re.compile(r"[^.;]*?(?:,\s*|\s+)and\s+[^.;]*")


def _separate_meetings(text: str, draft: _Draft, mentions: list[tuple[int, str]]) -> list[_Draft]:
    """"met with the Prime Minister and the President", "held meetings with A and B": one meeting
    with each counterpart named after the trigger (gold E1), each with the people before it."""
    if draft.kind != "meeting":
        return [draft]
    before = [name for at, name in mentions if at < draft.trigger]
    after: list[tuple[int, str]] = []
    for at, name in mentions:
        if at > draft.trigger and name not in before and name not in (n for _, n in after):
            after.append((at, name))
    if len(after) < 2 or not before or not _JOINED.fullmatch(text, after[0][0], after[1][0]):
        return [draft]
    out = []
    for k, (at, name) in enumerate(after):
        part = _Draft(draft.kind, draft.title, draft.start if k == 0 else at, draft.end,
                      draft.trigger if k == 0 else at, date=draft.date, place=draft.place, ordinal=draft.ordinal,
                      participants=[*before, name], sentence=draft.sentence)
        out.append(part)
    return out


def _pair(text: str, draft: _Draft, mentions: list[tuple[int, str]]) -> bool:
    """Whether "discussed" has two sides as its subject: two people, or a person and a title, joined by "and"."""
    subject = [at for at, _ in mentions if at < draft.trigger]
    lead = text[draft.start : draft.trigger]
    if len(subject) >= 2 and " and " in text[subject[0] : draft.trigger]:
        return True
    return bool(subject) and bool(_PAIR_SUBJECT.search(lead))


_PRONOUN_SUBJECT = re.compile(r"\s*(?:[A-Z][\w ]{0,20},\s*)?(?:He|She)\b")


def _follow_pronouns(text: str, drafts: list[_Draft]) -> None:
    """"He then launched the ... Business Forum": the person the previous occasion opened with."""
    for previous, draft in zip(drafts, drafts[1:], strict=False):
        if not draft.participants and previous.participants and draft.sentence is not None:
            if _PRONOUN_SUBJECT.match(text, draft.sentence.start):
                draft.participants.append(previous.participants[0])


def _anniversary_signings(text: str, drafts: list[_Draft]) -> None:
    """A signing whose Nth anniversary falls in a dated year was signed N years before it."""
    for draft in drafts:
        if draft.kind != "signing" or draft.sentence is None:
            continue
        match = _ANNIVERSARY_OF_SIGNING.search(text, draft.sentence.start, draft.sentence.end)
        anniversary = next((d for d in drafts if d.kind == "anniversary" and d.sentence is draft.sentence and d.date), None)
        years = ordinal_value(match.group("n")) if match else None
        if match and anniversary is not None and years:
            draft.date = str(int(anniversary.date[:4]) - years)


def _explicit(text: str, draft: _Draft, source: Source, memo: dict) -> bool:
    return any(not m.relative for m in _dates(memo, text, draft.start, draft.end, source))


def _merge_signings(found: list[_Draft]) -> list[_Draft]:
    """One signing per sentence: "a Joint Statement was adopted, as well as memoranda were signed"."""
    signings = [d for d in found if d.kind == "signing"]
    if len(signings) < 2:
        return found
    first = signings[0]
    for other in signings[1:]:
        first.end = other.end
        first.documents += [d for d in other.documents if d not in first.documents]
        first.participants += [p for p in other.participants if p not in first.participants]
        heads = first.title.removeprefix("Signing of the ").split(" and ")
        for head in other.title.removeprefix("Signing of the ").split(" and "):
            if head not in heads:
                heads.append(head)
        first.title = "Signing of the " + " and ".join(heads)
    return [d for d in found if d.kind != "signing" or d is first]


# Words tying an occasion to one reported before it: it happened then and there.
_TIED = re.compile(
    r"\b(?:following|during|after|at\s+the\s+(?:end|conclusion|close)\s+of|as\s+part\s+of|in\s+the\s+course\s+of"
    r"|on\s+the\s+(?:sidelines|margins)\s+of|(?:with)?in\s+the\s+framework\s+of)"
    r"\s+(?:the|this|that|his|her|their)\s+(?:(?:[\w.-]+\s+){0,3}?)(?P<noun>talks|meetings?|negotiations|consultations"
    r"|visit|trip|mission|session|forum|commission|council)\b|\b(?P<bound>during\s+which|ended\s+with|concluded\s+with)\b",
    re.IGNORECASE,
)
_TIED_KINDS = {"talks": "meeting", "meeting": "meeting", "meetings": "meeting", "negotiations": "meeting",
               "consultations": "consultations", "visit": "visit", "session": "commission",
               "commission": "commission", "council": "commission", "forum": "forum", "trip": "visit",
               "mission": "visit"}


_ENDED = re.compile(r"\b(?P<noun>talks|meeting|negotiations|visit|session|forum|consultations)\s+(?:ended|concluded)\s+with\b",
                    re.IGNORECASE)


def _tied_to(text: str, draft: _Draft, earlier: list[_Draft], others: list[_Draft]) -> _Draft | None:
    """The occasion ``draft`` says it belongs to ("Following the consultations, ... was signed");
    ``others`` are the article's other occasions, searched when ``earlier`` has none of the kind named."""
    sentence = draft.sentence
    if sentence is None:
        return None
    for match in _TIED.finditer(text, sentence.start, sentence.end):
        if match.start() <= draft.trigger < match.end() or (match.group("noun") and match.start() > draft.end):
            continue  # "During the meeting with ..." names the occasion itself
        if match.group("bound"):
            # "..., during which he ...": the occasion before it in the sentence.
            same = [d for d in others if d.sentence is sentence and d is not draft and d.trigger < match.start()]
            if same:
                return max(same, key=lambda d: d.trigger)
            ended = _ENDED.search(text, sentence.start, match.end())
            if ended is None:
                continue
            noun = ended.group("noun")  # "The meeting ended with signing ...": the meeting reported before
        else:
            noun = match.group("noun")
        kind = _TIED_KINDS[noun.lower()]
        later = [d for d in others if d.sentence is sentence and d is not draft]
        for other in [*reversed(earlier), *later]:
            if other is not draft and (other.kind == kind or (kind == "meeting" and other.kind in ("visit", "consultations"))):
                return other
    return None


def _continue_dates(text: str, drafts: list[_Draft]) -> None:
    """An occasion explicitly tied to another ("Following the consultations", "during which", "The meeting
    ended with signing") took place on its date and, where it names none, at its place (gold E5)."""
    for index, draft in enumerate(drafts):
        if draft.date and draft.place and (draft.participants or draft.kind != "signing"):
            continue
        tied = _tied_to(text, draft, drafts[:index], drafts)
        if tied is not None:
            draft.date = draft.date or tied.date
            draft.place = draft.place or tied.place
            if draft.kind == "signing" and not draft.participants:
                # Documents signed at a meeting are signed by its principals (gold E3).
                draft.participants = list(tied.participants)
            elif draft.kind == "meeting" and tied.kind == "visit" and len(draft.participants) == 1:
                # "During the visit, a meeting with Foreign Minister X was held": the visitor met X.
                draft.participants[:0] = [p for p in tied.participants if p not in draft.participants]
            continue



def _add_principal(drafts: list[_Draft], country_of: dict[str, str | None], home: str) -> None:
    """Meetings naming only the partner's side inherit the home side of that day's consultations
    or visit ("During the meeting with Florin Spătaru, ..." on the day of the consultations)."""
    principal: dict[str | None, str] = {}
    for draft in drafts:
        ours = [p for p in draft.participants if country_of.get(p) == home]
        if ours and draft.kind in ("meeting", "consultations", "visit"):
            if draft.date:
                principal.setdefault(draft.date, ours[0])
        elif draft.kind in ("meeting", "consultations") and draft.participants and draft.date in principal:
            draft.participants.insert(0, principal[draft.date])
        elif draft.kind == "meeting" and len(draft.participants) == 1 and draft.date is None and principal:
            # "talks with the State Secretary ...": an undated side meeting of the article's main occasion.
            draft.participants.insert(0, next(iter(principal.values())))


def _same(a: _Draft, b: _Draft) -> bool:
    if a.date and b.date and a.date != b.date:
        return False
    if a.kind == b.kind == "meeting" and len(a.participants) >= 2 and set(a.participants) == set(b.participants):
        return True  # one meeting reported twice, under two names ("met with", "talks with")
    if (a.kind, a.ordinal, a.title) != (b.kind, b.ordinal, b.title):
        return False
    return a.kind != "meeting" or set(a.participants) == set(b.participants)


# "also met", "also held meetings": a further occasion of the visit, not its main talks.
_ALSO = re.compile(r"\balso\s+(?:met|held|had|received)\b", re.IGNORECASE)


def _signings_in_a_row(drafts: list[_Draft]) -> list[_Draft]:
    """Signings reported one document a sentence, with nothing between them, are one signing
    occasion with all its documents (gold E3)."""
    out: list[_Draft] = []
    for draft in drafts:
        previous = out[-1] if out else None
        if (previous is not None and previous.kind == draft.kind == "signing"
                and _compatible(previous, draft) and set(draft.participants) <= set(previous.participants)):
            previous.documents += [d for d in draft.documents if d not in previous.documents]
            previous.date, previous.place = previous.date or draft.date, previous.place or draft.place
            continue
        out.append(draft)
    return out


def _one_occasion(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A visit and the talks with its host are one occasion (gold E2)."""
    out = list(drafts)
    # Sentences that report occasions, in order: "adjacent" below means next to each other here.
    order = {start: k for k, start in enumerate(sorted({_sentence_start(d) for d in out}))}
    for visit in [d for d in out if d.kind == "visit" and d.participants and not _announced(d)]:
        talks = next((d for d in out if d.kind == "meeting" and _compatible(visit, d) and len(d.participants) >= 2
                      and not _ALSO.search(text, d.start, d.end)
                      and set(visit.participants) & set(d.participants)
                      and abs(order[_sentence_start(d)] - order[_sentence_start(visit)]) <= 1), None)
        if talks is None:
            continue
        keep, drop = (talks, visit) if talks.start <= visit.start else (visit, talks)
        # The occasion's people are the talks' (a visit's clause may name others met later).
        keep.participants = list(talks.participants)
        keep.date = keep.date or drop.date
        keep.place = talks.place or visit.place
        out.remove(drop)
    return out


def _announced(draft: _Draft) -> bool:
    sentence = draft.sentence
    return bool(sentence and FUTURE.search(sentence.text))


def _compatible(a: _Draft, b: _Draft) -> bool:
    return not (a.date and b.date and a.date != b.date) and not (a.place and b.place and a.place != b.place)


def _sentence_start(draft: _Draft) -> int:
    return draft.sentence.start if draft.sentence else draft.start


def _dedupe(drafts: list[_Draft], header_end: int) -> list[_Draft]:
    """Drop repeats of an event within one article (a headline repeating the lead, say)."""
    body = [d for d in drafts if d.start >= header_end]
    # The headline announces an occasion the body reports: it makes no second event.
    drafts = [
        d for d in drafts
        if d.start >= header_end
        or not any(
            b.kind == d.kind
            and (d.ordinal is None or b.ordinal in (None, d.ordinal))
            and not (d.place and b.place and d.place != b.place)
            for b in body
        )
    ]
    kept: list[_Draft] = []
    for draft in drafts:
        index = next((i for i, other in enumerate(kept) if _same(other, draft)), None)
        if index is None:
            kept.append(draft)
            continue
        other = kept[index]
        richer = len(draft.participants) + len(draft.documents) + (draft.place is not None)
        current = len(other.participants) + len(other.documents) + (other.place is not None)
        if other.start < header_end <= draft.start or richer > current:
            other, draft = draft, other
            kept[index] = other
        other.participants += [p for p in draft.participants if p not in other.participants]
        other.date = other.date or draft.date
        other.place = other.place or draft.place
    return sorted(kept, key=lambda d: (d.start, d.trigger))


def _name_meetings(drafts: list[_Draft], country_of: dict[str, str | None], home: str) -> None:
    """"Meeting with Madalina Lupa": meetings are named after the partner's side."""
    for draft in drafts:
        if draft.kind != "meeting" or " " in draft.title or not draft.participants:
            continue
        theirs = [p for p in draft.participants if country_of.get(p) != home]
        draft.title = f"{draft.title} with {(theirs or draft.participants)[0]}"


def _finish(text: str, drafts: list[_Draft], source: Source) -> list[Event]:
    events: list[Event] = []
    used: set[int] = set()
    for draft in drafts:
        start = draft.start
        if start in used:
            # Two events in one clause: the second quote starts at its own trigger word.
            start = draft.trigger
        if start in used:
            continue
        used.add(start)
        quote = text[start : draft.end]
        events.append(
            Event(
                id=f"{source.id}#e{start}",
                source=source.id,
                event=draft.kind,
                title=draft.title,
                date=draft.date,
                place=draft.place,
                ordinal=draft.ordinal,
                participants=tuple(draft.participants),
                documents=tuple(draft.documents),
                quote=quote,
                start=start,
                end=draft.end,
            )
        )
    return sorted(events, key=lambda e: (e.start, e.id))
