"""Figure values as a reader expects them: "$2.92 billion", "17.3%", "13th", "about 40".

One formatter for every place that prints a value: documents, `briefgen check`, `briefgen facts`.
"""

from __future__ import annotations

CURRENCY = {"USD": "$", "EUR": "€"}
APPROX_WORDS = {"about": "about", "over": "over", "under": "under"}


def trim(number: float, decimals: int) -> str:
    """``number`` with at most ``decimals`` decimals and no trailing zeros."""
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def ordinal(number: float) -> str:
    """``13th``, ``1st``, ``22nd``."""
    n = int(round(number))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def money(value: float, unit: str) -> str:
    """``$2.92 billion``, ``$138 million``, ``$950,000``; two decimals at most for billions."""
    sign = "−" if value < 0 else ""
    value = abs(value)
    symbol = CURRENCY.get(unit, "")
    suffix = "" if symbol else f" {unit}"
    if value >= 1e9 - 5e6:
        body = f"{trim(value / 1e9, 2)} billion"
    elif value >= 1e6:
        body = f"{trim(value / 1e6, 1)} million"
    else:
        body = trim(value, 0)
    return f"{sign}{symbol}{body}{suffix}"


def percent(value: float) -> str:
    """``17.3%`` (one decimal at most, two below one percent)."""
    decimals = 2 if 0 < abs(value) < 1 else 1
    return f"{trim(value, decimals)}%"


def format_value(value: float, unit: str, approx: str | None = None) -> str:
    """A figure's value as a reader expects it, with its approximation word."""
    if unit in CURRENCY or unit == "EUR":
        text = money(value, unit)
    elif unit == "percent":
        text = percent(value)
    elif unit == "rank":
        text = ordinal(value)
    elif unit in ("count", "people"):
        text = trim(value, 0) if float(value).is_integer() else trim(value, 1)
    elif unit in ("tonnes", "barrels", "cubic_metres"):
        word = {"tonnes": "tonnes", "barrels": "barrels", "cubic_metres": "cubic metres"}[unit]
        if value >= 1e6:
            text = f"{trim(value / 1e6, 2)} million {word}"
        else:
            text = f"{trim(value, 0)} {word}"
    else:
        text = trim(value, 2)
    word = APPROX_WORDS.get(approx or "")
    return f"{word} {text}" if word else text
