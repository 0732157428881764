"""Occasions after detection: what one event is, and what ties events together.

Detection (events.py) finds candidate events clause by clause; the rules here make them the
occasions a desk officer counts (gold conventions E1-E6 of the development set): a meeting with
each counterpart, a visit and its main talks as one, signings in a row as one; dates, places and
principals carried over explicit ties ("Following the consultations", "The meeting ended with
signing", "as part of the visit"); headlines that repeat the body dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.extract.events_rules import FUTURE, ORDINAL, ordinal_value
from briefgen.extract.sentences import Sentence


@dataclass(slots=True)
class Draft:
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


# "This year marks the 25th anniversary of the signing of the Treaty ...": signed 25 years before.
_ANNIVERSARY_OF_SIGNING = re.compile(
    rf"\b(?P<n>{ORDINAL})\s+anniversary\s+of\s+the\s+signing\b", re.IGNORECASE
)
# "Kazakh Prime Minister Alikhan Smailov and Iranian Minister of Agriculture discussed ...": two sides
# (a title or a name on each side of "and") as one subject.
_PAIR_SUBJECT = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+){1,6}and\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+|of\s+|the\s+|[–-]\s+){1,12}(?:also\s+)?$"
)


_JOINED = re.compile(r"[^.;]*?(?:,\s*|\s+)and\s+[^.;]*")


def separate_meetings(text: str, draft: Draft, mentions: list[tuple[int, str]]) -> list[Draft]:
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
        part = Draft(draft.kind, draft.title, draft.start if k == 0 else at, draft.end,
                      draft.trigger if k == 0 else at, date=draft.date, place=draft.place, ordinal=draft.ordinal,
                      participants=[*before, name], sentence=draft.sentence)
        out.append(part)
    return out


def has_pair(text: str, draft: Draft, mentions: list[tuple[int, str]]) -> bool:
    """Whether "discussed" has two sides as its subject: two people, or a person and a title, joined by "and"."""
    subject = [at for at, _ in mentions if at < draft.trigger]
    lead = text[draft.start : draft.trigger]
    if len(subject) >= 2 and " and " in text[subject[0] : draft.trigger]:
        return True
    return bool(subject) and bool(_PAIR_SUBJECT.search(lead))


_PRONOUN_SUBJECT = re.compile(r"\s*(?:[A-Z][\w ]{0,20},\s*)?(?:He|She)\b")


def follow_pronouns(text: str, drafts: list[Draft]) -> None:
    """"He then launched the ... Business Forum": the person the previous occasion opened with."""
    for previous, draft in zip(drafts, drafts[1:], strict=False):
        if not draft.participants and previous.participants and draft.sentence is not None:
            if _PRONOUN_SUBJECT.match(text, draft.sentence.start):
                draft.participants.append(previous.participants[0])


def anniversary_signings(text: str, drafts: list[Draft]) -> None:
    """A signing whose Nth anniversary falls in a dated year was signed N years before it."""
    for draft in drafts:
        if draft.kind != "signing" or draft.sentence is None:
            continue
        match = _ANNIVERSARY_OF_SIGNING.search(text, draft.sentence.start, draft.sentence.end)
        anniversary = next((d for d in drafts if d.kind == "anniversary" and d.sentence is draft.sentence and d.date), None)
        years = ordinal_value(match.group("n")) if match else None
        if match and anniversary is not None and years:
            draft.date = str(int(anniversary.date[:4]) - years)


def merge_signings(found: list[Draft]) -> list[Draft]:
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


def _tied_to(text: str, draft: Draft, earlier: list[Draft], others: list[Draft]) -> Draft | None:
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


def continue_dates(text: str, drafts: list[Draft]) -> None:
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



def add_principal(drafts: list[Draft], country_of: dict[str, str | None], home: str) -> None:
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


def _same(a: Draft, b: Draft) -> bool:
    if a.date and b.date and a.date != b.date:
        return False
    if a.kind == b.kind == "meeting" and len(a.participants) >= 2 and set(a.participants) == set(b.participants):
        return True  # one meeting reported twice, under two names ("met with", "talks with")
    if (a.kind, a.ordinal, a.title) != (b.kind, b.ordinal, b.title):
        return False
    return a.kind != "meeting" or set(a.participants) == set(b.participants)


# "also met", "also held meetings": a further occasion of the visit, not its main talks.
_ALSO = re.compile(r"\balso\s+(?:met|held|had|received)\b", re.IGNORECASE)


def signings_in_a_row(drafts: list[Draft]) -> list[Draft]:
    """Signings reported one document a sentence, with nothing between them, are one signing
    occasion with all its documents (gold E3)."""
    out: list[Draft] = []
    for draft in drafts:
        previous = out[-1] if out else None
        if (previous is not None and previous.kind == draft.kind == "signing"
                and _compatible(previous, draft) and set(draft.participants) <= set(previous.participants)):
            previous.documents += [d for d in draft.documents if d not in previous.documents]
            previous.date, previous.place = previous.date or draft.date, previous.place or draft.place
            continue
        out.append(draft)
    return out


def one_occasion(text: str, drafts: list[Draft]) -> list[Draft]:
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


def _announced(draft: Draft) -> bool:
    sentence = draft.sentence
    return bool(sentence and FUTURE.search(sentence.text))


def _compatible(a: Draft, b: Draft) -> bool:
    return not (a.date and b.date and a.date != b.date) and not (a.place and b.place and a.place != b.place)


def _sentence_start(draft: Draft) -> int:
    return draft.sentence.start if draft.sentence else draft.start


def dedupe(drafts: list[Draft], header_end: int) -> list[Draft]:
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
    kept: list[Draft] = []
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


def name_meetings(drafts: list[Draft], country_of: dict[str, str | None], home: str) -> None:
    """"Meeting with Madalina Lupa": meetings are named after the partner's side."""
    for draft in drafts:
        if draft.kind != "meeting" or " " in draft.title or not draft.participants:
            continue
        theirs = [p for p in draft.participants if country_of.get(p) != home]
        draft.title = f"{draft.title} with {(theirs or draft.participants)[0]}"
