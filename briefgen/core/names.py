"""Person names: folding, identity keys, and matching spelling variants, diacritics and initials."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` without diacritics, case-folded: "Nițulescu" and "Nitulescu" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """Identity key of a person's name: casefold, no diacritics (ş/ș, ţ/ț alike), no punctuation."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())

PARTICLES = frozenset("von van der den de da di del la le bin ibn al el ter ten dos das".split())


_PART = re.compile(r"[^\W\d_]\.|[^\s.]+")
_REPEATS = re.compile(r"(.)\1+")


def name_parts(name: str) -> list[str]:
    """Name parts; initials keep their dot ("R.Vasilenko" -> ["R.", "Vasilenko"])."""
    return _PART.findall(name)


# Transliteration variants of one sound: Aloyev/Aloev, Vasiliy/Vasily, Mukhtar/Muhtar, Wasil/Vasil.
_TRANSLITERATIONS = (("ye", "e"), ("iy", "i"), ("kh", "h"), ("w", "v"))


@lru_cache(maxsize=1 << 14)
def _key(part: str) -> str:
    key = fold(part).replace("’", "").replace("'", "")
    for variant, plain in _TRANSLITERATIONS:
        key = key.replace(variant, plain)
    return _REPEATS.sub(r"\1", key)


@lru_cache(maxsize=1 << 14)
def _significant_parts(name: str) -> tuple[str, ...]:
    """The parts of a name without particles ("von", "de"); names are compared often."""
    return tuple(p for p in name_parts(name) if fold(p) not in PARTICLES)


def names_match(a: str, b: str) -> bool:
    """True when two name forms can denote the same person (spelling, diacritics, initials)."""
    pa = _significant_parts(a)
    pb = _significant_parts(b)
    if not pa or not pb:
        return False
    if len(pa) == 1 or len(pb) == 1:
        single, other = (pa, pb) if len(pa) == 1 else (pb, pa)
        if single[0].endswith("."):
            return False
        return any(_key(single[0]) == _key(p) for p in other if not p.endswith("."))
    if _key(pa[-1]) != _key(pb[-1]):
        return False
    fa, fb = pa[0], pb[0]
    if fa.endswith(".") or fb.endswith("."):
        return fold(fa[0]) == fold(fb[0])
    return _key(fa) == _key(fb)


def surname_key(name: str) -> str | None:
    """The spelling-insensitive key of a multi-part name's last part (None for one-part names);
    names that can match share it, so candidates are found without comparing every pair."""
    parts = _significant_parts(name)
    if len(parts) < 2 or parts[-1].endswith("."):
        return None
    return _key(parts[-1])


def fullness(name: str) -> tuple[int, int, int]:
    """How complete a name form is: more parts, fewer initials, more diacritics rank higher."""
    parts = name_parts(name)
    initials = sum(p.endswith(".") for p in parts)
    accents = sum(1 for ch in name if fold(ch) != ch.casefold())
    return (len(parts) - initials, -initials, accents)
