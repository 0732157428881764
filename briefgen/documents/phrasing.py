"""Number formatting and figure labels: "$2.92 billion", "17.3%", "13th", "Exports (2024)"."""

from __future__ import annotations

import math

CURRENCY = {"USD": "$", "EUR": "€"}
APPROX_WORDS = {"about": "about", "over": "over", "under": "under"}
SCOPE_WORDS = {"world": "in the world", "eu": "in the EU", "europe": "in Europe", "region": "in the region"}


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


def share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole`` rounded to one decimal, or None."""
    if not whole or math.isnan(part) or math.isnan(whole):
        return None
    return round(100.0 * part / whole, 1)


def adjective(country: str) -> str:
    """``Romanian`` for Romania (from the gazetteer), else the name itself."""
    try:
        from briefgen.core.countries import get_country

        adjectives = get_country(country).adjectives
    except (ImportError, KeyError):
        return country
    return adjectives[0] if adjectives else country


def metric_label(metric: str, home: str, partner: str, scope: str | None = None) -> str:
    """A reader's label for a metric between ``home`` and ``partner``."""
    labels = {
        "trade_turnover": "Trade turnover",
        "exports": f"Exports to {partner}",
        "imports": f"Imports from {partner}",
        "trade_balance": "Trade balance",
        "trade_growth": "Growth of trade turnover",
        "exports_growth": "Growth of exports",
        "imports_growth": "Growth of imports",
        "trade_turnover_target": "Trade turnover target",
        "trade_partner_rank": "Rank among trade partners",
        "investment_inflow": f"Investment from {partner}",
        "investment_outflow": f"{adjective(home)} investment in {partner}",
        "companies_partner_capital": f"Companies with {adjective(partner)} capital in {home}",
        "companies_home_capital": f"Companies with {adjective(home)} capital in {partner}",
        "joint_companies": "Joint companies",
        "diaspora": f"{adjective(partner)} diaspora in {home}",
        "students": f"{adjective(partner)} students in {home}",
        "scholarships": "Scholarships",
        "oil_supply": "Oil supplies",
    }
    label = labels.get(metric, metric.replace("_", " ").capitalize())
    if metric == "trade_partner_rank" and scope:
        label = f"{label} {SCOPE_WORDS.get(scope, scope)}"
    return label


def change_phrase(change: float, base_label: str) -> str:
    """``1.6% more than in 2023`` or ``3% less than in 2022``."""
    word = "more" if change >= 0 else "less"
    return f"{percent(abs(change))} {word} than in {base_label}"
