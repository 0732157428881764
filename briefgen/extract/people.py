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
    r"(?:[’']s)?\s+(?:side|delegation|party|team|government|diplomat|minister)s?\b", re.IGNORECASE
)
_COUNTERPART = re.compile(
    r"\b(?:his|her|their|the)\s+(?:[\w-]+\s+)?(?:counterparts?|colleagues?),?\s+$", re.IGNORECASE
)
# "..., Azernews reports": an outlet credited for the news, not a person.
_CREDITED = re.compile(r"\s+(?:reports|reported|writes|wrote|informs)\b")
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


def _same_person(a: str, b: str) -> bool:
    """Two forms of one person's name in one article, a reporter's typo included ("Nazabayev" for
    "Nazarbayev", "Batyrshavey" for "Batyrshayev"): long surnames one slip apart, the rest alike."""
    if names_match(a, b):
        return True
    pa, pb = name_parts(a), name_parts(b)
    if len(pa) > 1 and len(pb) > 1 and fold(pa[0]) != fold(pb[0]):
        return False
    last_a, last_b = fold(pa[-1]), fold(pb[-1])
    return min(len(last_a), len(last_b)) >= 8 and _one_slip(last_a, last_b)


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one letter added, dropped, changed, or two neighbours swapped,
    not at the end (where "Kowalska"/"Kowalski", "Abdulkarimov"/"Abdulkarimova" are two people)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i >= min(len(a), len(b)) - 1:
        return False
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


_LIST_GAP = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_LIST_WORDS = frozenset("of and the for on in at to".split())
_LIST_VERBS = re.compile(r"(?:ed|ing)$|^(?:said|met|says|is|are|was|were|has|have|had|will|noted|stated|told|also)$")


def _list_gap(gap: str) -> bool:
    """Whether ``gap`` only separates list items: a comma or "and", or further titled names between
    commas ("..., Minister of Ecology, Geology and Natural resources Magzum Mirzagaliyev, ")."""
    if _LIST_GAP.fullmatch(gap):
        return True
    if not re.match(r"\s*,", gap) or not re.search(r",\s*(?:and\s+)?$", gap):
        return False
    words = re.findall(r"[^\W\d_][\w’'-]*", gap)
    for k, word in enumerate(words):
        if word[0].isupper() or word in _LIST_WORDS:
            continue
        if k == 0 or not words[k - 1][0].isupper() or _LIST_VERBS.search(word):
            return False
    return True


def _list_countries(text: str, records: list[dict]) -> None:
    """Titled names listed one after another ("Kazakhstan's Foreign Minister A, Energy Minister B,
    and ...") share the country of the member before them when they state none of their own."""
    ordered = sorted(records, key=lambda r: r["anchor"].start)
    for previous, record in zip(ordered, ordered[1:], strict=False):
        anchor, before = record["anchor"], previous["anchor"]
        if record["country"] or anchor.role_start is None or anchor.sentence is not before.sentence:
            continue
        if before.end <= anchor.role_start and _list_gap(text[before.end : anchor.role_start]):
            record["country"] = previous["country"]


def _dateline_country(source: Source, home: str) -> str | None:
    """The home country when the article is datelined in a home city: a home outlet does not name
    the country of its own officials ("NUR-SULTAN – ... said President Tokayev")."""
    if not source.dateline:
        return None
    words = country_words(source.dateline.title())
    return home if words and words[0].country == home else None


def extract_people(text: str, source: Source, home: str, *, dateline: bool = True) -> list[Person]:
    """Every official the article names with a title; bare mentions become aliases.

    ``dateline`` False leaves the countries the text does not state empty (``settle_countries`` then
    fills them from the article's occasions first, and from the dateline last).
    """
    home = canonical_country(home)
    mentions = [
        m for m in _all_mentions(text)
        if not _honoured(text, m) and not (" " not in m.name and _CREDITED.match(text, m.end))
    ]
    titled = sorted(
        (m for m in mentions if m.role_start is not None),
        key=lambda m: (len(name_parts(m.name)) < 2, m.start),
    )
    records: list[dict] = []
    for mention in titled:
        match = next((r for r in records if _same_person(r["name"], mention.name)), None)
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
        candidates = [r for r in records if _same_person(r["name"], mention.name)]
        if candidates:
            before = [r for r in candidates if r["anchor"].start <= mention.start]
            chosen = max(before, key=lambda r: r["anchor"].start) if before else candidates[0]
            chosen["forms"].append(mention)
        elif counterpart := _counterpart(text, mention, records):
            records.append(counterpart)
    _list_countries(text, records)
    local = _dateline_country(source, home) if dateline else None
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
                country=record["country"] or local,
                quote=anchor.sentence.text,
                start=anchor.sentence.start,
                end=anchor.sentence.end,
                aliases=tuple(aliases),
                date=source.date,
            )
        )
    people.sort(key=lambda p: int(p.id.rsplit("#p", 1)[1]))
    return people


# Occasions whose two named participants stand for the two sides.
_TWO_SIDED = ("meeting", "consultations", "commission", "signing")


def settle_countries(people: list[Person], events: list, source: Source, home: str,
                     visitors: dict[str, str] | None = None) -> list[Person]:
    """Countries the text leaves unsaid, from the article's occasions, then from its dateline.

    In a bilateral article the two people of a meeting, a round of consultations or a commission's
    co-chairs are from the two sides, and a visitor is not from the country visited ("his visit to
    Kazakhstan, Prime Minister Petr Fiala"); what is still unknown after that is a home official when
    the article is datelined in a home city.
    """
    home = canonical_country(home)
    partner = source.partner
    country = {p.name: p.country for p in people}
    other = {home: partner, partner: home}
    for name, place in (visitors or {}).items():
        words = country_words(place)
        if name in country and country[name] is None and words and words[0].country in other:
            country[name] = other[words[0].country]
    changed = True
    while changed and partner:
        changed = False
        for event in events:
            names = [n for n in event.participants if n in country]
            if event.event == "visit" and event.place and len(names) == 1 and country[names[0]] is None:
                words = country_words(event.place)
                visited = words[0].country if words else None
                if visited in other:
                    country[names[0]] = other[visited]
                    changed = True
            if event.event in _TWO_SIDED and len(names) == 2:
                a, b = names
                for known, unknown in ((a, b), (b, a)):
                    if country[unknown] is None and country[known] in other:
                        country[unknown] = other[country[known]]
                        changed = True
    local = _dateline_country(source, home)
    return [
        dataclasses.replace(p, country=country[p.name] or local) if (country[p.name] or local) != p.country else p
        for p in people
    ]


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
