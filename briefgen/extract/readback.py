"""Reading the numbers of a quote back, as extraction reads them: how `briefgen check` and the
provenance lint verify that a printed value really occurs in the quote that cites it."""

from __future__ import annotations

import re

from briefgen.extract.metrics import growth
from briefgen.extract.numbers import find_quantities


def find_values(quote: str, default_currency: str | None = "USD") -> list[tuple[float, str]]:
    """Every number in ``quote`` with its unit family, normalised as extraction does.

    A fall ("down 4.2%") is negative as in extraction; an amount next to a trade balance is listed
    with both signs, since a deficit is negative from one side and positive from the other.
    """
    quantities = find_quantities(quote, default_currency)
    out: list[tuple[float, str]] = []
    for i, q in enumerate(quantities):
        value = q.value
        if q.unit == "percent":
            previous_end = quantities[i - 1].end if i else 0
            next_start = quantities[i + 1].start if i + 1 < len(quantities) else len(quote)
            value = value * (growth(quote, q, previous_end, next_start) or 1)
        out.append((value, q.unit))
        if q.unit not in ("percent", "rank", "count", "people", "year", "duration", "ordinal") and _BALANCE.search(quote):
            out.append((-value, q.unit))
    return out


_BALANCE = re.compile(r"\b(?:balance|surplus|deficit)\b", re.IGNORECASE)
