"""Officials named in an article: name, role, organisation and country, as the article states them.

A person is recorded only where the text gives a title next to the name ("Deputy Foreign
Minister Roman Vassilenko", "Florin Spătaru, State Counsellor ...", "the State Secretary ...,
Raduly Kalman"); bare mentions ("said Vassilenko", "R.Vasilenko") are linked to such a person
as aliases. Poets honoured by monuments carry no title and so are never officials.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from briefgen.core.names import fold, fullness, name_parts, names_match
from briefgen.extract.lexicon import canonical_country, country_words
from briefgen.extract.mentions import ORG_HEADS, POSSESSIVE, Mention, name_mentions
from briefgen.extract.sentences import Sentence, split_sentences
from briefgen.model import Person, Source

_HONOURED = re.compile(
    r"\b(?:monuments?|busts?|statues?|poets?|composers?|writers?|painters?|named after|memory of"
    r"|hono(?:u)?r of|memorials?|mausoleum)\b",
    re.IGNORECASE,
)
_CONTEXT_SIDE = re.compile(
    r"\W*(?:side|delegation|party|team|government|diplomat|minister)\b", re.IGNORECASE
)
_COUNTERPART = re.compile(r"\b(?:his|her|their|the)\s+(?:[\w-]+\s+)?counterparts?,?\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|and|but)\s|;\s")


# --- roles ---------------------------------------------------------------------------------


def _split_role(text: str, start: int, end: int) -> tuple[str, str | None, str | None]:
    """(role, organisation, country) from the role phrase ``text[start:end]``."""
    words = country_words(text, start, end)
    country = None
    for word in words:
        if not re.search(r"\b(?:to|in)\s+$", text[max(start, word.start - 4) : word.start]):
            country = word.country
            break
    role_start, role_end = start, end
    if words and words[0].start == start and words[0].kind in ("adjective", "name"):
        role_start = words[0].end
    if words and words[-1].end == end and words[-1].start > role_start:
        cut = re.search(r"\s*(?:\bof\s+(?:the\s+)?|,\s*)$", text[role_start : words[-1].start])
        if cut:
            role_end = role_start + cut.start()
    role = text[role_start:role_end]
    role = re.sub(r"^(?:the|The)\s+", "", role).strip(" ,-–")
    organisation = None
    for match in re.finditer(r"\s(?:of|at)\s+(?:the\s+)?", role):
        rest = role[match.end() :]
        chunk = re.split(r"\s(?:of|for|at)\s", rest, maxsplit=1)[0]
        if any(fold(POSSESSIVE.sub("", w)) in ORG_HEADS for w in chunk.split()):
            organisation = rest
            role = role[: match.start()]
            break
    return role.strip(" ,-–") or text[start:end], organisation, country


def _context_country(text: str, sentence: Sentence, role_start: int) -> str | None:
    """A country named by the clause before the role: "The Kazakh side was represented by ..."."""
    head = text[sentence.start : role_start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause_start = sentence.start + (breaks[-1].end() if breaks else 0)
    for word in reversed(country_words(text, clause_start, role_start)):
        if _CONTEXT_SIDE.match(text, word.end):
            return word.country
    return None


# --- extraction ---------------------------------------------------------------------------


def _all_mentions(text: str) -> list[Mention]:
    mentions: list[Mention] = []
    for sentence in split_sentences(text):
        mentions.extend(name_mentions(sentence, text))
    return mentions


def _honoured(text: str, mention: Mention) -> bool:
    anchor = mention.role_start if mention.role_start is not None else mention.start
    window = text[max(mention.sentence.start, anchor - 60) : anchor]
    return bool(_HONOURED.search(window))


def _counterpart(text: str, mention: Mention, records: list[dict]) -> dict | None:
    """"... met his Hungarian counterpart Gábor Kertész": the role of the person met, in the
    country the adjective names."""
    before = _COUNTERPART.search(text, mention.sentence.start, mention.start)
    if before is None or len(name_parts(mention.name)) < 2:
        return None
    words = country_words(text, before.start(), before.end())
    peers = [r for r in records if mention.sentence.start <= r["anchor"].start < mention.start]
    return {
        "name": mention.name,
        "anchor": mention,
        "role": peers[-1]["role"] if peers else "counterpart",
        "organisation": None,
        "country": words[0].country if words else None,
        "forms": [mention],
    }


def extract_people(text: str, source: Source, home: str) -> list[Person]:
    """Every official the article names with a title; bare mentions become aliases."""
    home = canonical_country(home)
    mentions = [m for m in _all_mentions(text) if not _honoured(text, m)]
    titled = sorted(
        (m for m in mentions if m.role_start is not None),
        key=lambda m: (len(name_parts(m.name)) < 2, m.start),
    )
    records: list[dict] = []
    for mention in titled:
        match = next((r for r in records if names_match(r["name"], mention.name)), None)
        if match is not None:
            match["forms"].append(mention)
            continue
        role, organisation, country = _split_role(text, mention.role_start, mention.role_end)
        country = country or _context_country(text, mention.sentence, mention.role_start)
        records.append(
            {
                "name": mention.name,
                "anchor": mention,
                "role": role,
                "organisation": organisation,
                "country": country,
                "forms": [mention],
            }
        )
    for mention in mentions:
        if mention.role_start is not None:
            continue
        candidates = [r for r in records if names_match(r["name"], mention.name)]
        if candidates:
            before = [r for r in candidates if r["anchor"].start <= mention.start]
            chosen = max(before, key=lambda r: r["anchor"].start) if before else candidates[0]
            chosen["forms"].append(mention)
        elif counterpart := _counterpart(text, mention, records):
            records.append(counterpart)
    people: list[Person] = []
    for record in records:
        anchor: Mention = record["anchor"]
        name = max((f.name for f in record["forms"]), key=fullness)
        aliases = []
        for form in sorted(record["forms"], key=lambda f: f.start):
            if form.name != name and form.name not in aliases:
                aliases.append(form.name)
        people.append(
            Person(
                id=f"{source.id}#p{anchor.start}",
                source=source.id,
                name=name,
                role=record["role"],
                organisation=record["organisation"],
                country=record["country"],
                quote=anchor.sentence.text,
                start=anchor.sentence.start,
                end=anchor.sentence.end,
                aliases=tuple(aliases),
                date=source.date,
            )
        )
    people.sort(key=lambda p: int(p.id.rsplit("#p", 1)[1]))
    return people


def _is_word(char: str) -> bool:
    """Whether the regex class ``\\w`` matches ``char`` (Unicode letters, digits, underscore)."""
    return char.isalnum() or char == "_"


def person_mentions(text: str, people: list[Person], start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(offset, person name) for every mention of ``people`` in ``text[start:end]``, in order.

    A mention is a name form standing alone (no letter, digit or dot before it, no letter or
    digit after it); where forms overlap, the leftmost wins, and at one place the longest.
    """
    forms: dict[str, str] = {}
    for person in people:
        for form in (person.name, *person.aliases, name_parts(person.name)[-1]):
            if len(form) >= 3:
                forms.setdefault(form, person.name)
    if not forms:
        return []
    stop = len(text) if end is None else end
    # str.find per form instead of one regex of all forms: every article has other people,
    # and compiling their pattern cost more than the search.
    longest: dict[int, str] = {}
    for form in forms:
        size = len(form)
        at = text.find(form, start, stop)
        while at >= 0:
            after = at + size
            if (
                (at == 0 or not (_is_word(text[at - 1]) or text[at - 1] == "."))
                and (after == stop or not _is_word(text[after]))
                and size > len(longest.get(at, ""))
            ):
                longest[at] = form
            at = text.find(form, at + 1, stop)
    found: list[tuple[int, str]] = []
    free = start
    for at in sorted(longest):
        if at >= free:
            form = longest[at]
            found.append((at, forms[form]))
            free = at + len(form)
    return found


def resolve_people(people: list[Person]) -> list[Person]:
    """Give every record of one person (across articles) the fullest name form, shared aliases
    and a country where only some records state it; roles stay dated per record."""
    groups: list[list[Person]] = []
    for person in sorted(people, key=lambda p: (-fullness(p.name)[0], p.id)):
        matches = [g for g in groups if any(names_match(person.name, other.name) for other in g)]
        if len(matches) == 1 or (matches and len(name_parts(person.name)) > 1):
            matches[0].append(person)
        else:
            groups.append([person])
    resolved: dict[str, Person] = {}
    for group in groups:
        forms = Counter(p.name for p in group)
        canonical = max(forms, key=lambda n: (fullness(n), forms[n], n))
        aliases = sorted({a for p in group for a in (p.name, *p.aliases)} - {canonical})
        countries = Counter(p.country for p in group if p.country)
        country = countries.most_common(1)[0][0] if countries else None
        for person in group:
            resolved[person.id] = dataclasses.replace(
                person,
                name=canonical,
                aliases=tuple(aliases),
                country=person.country or country,
            )
    return [resolved[p.id] for p in people]
