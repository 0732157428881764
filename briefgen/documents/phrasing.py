"""Figure labels and phrases: "Exports to Romania", "1.6% more than in 2023"; values are formatted
by ``briefgen.core.values``."""

from __future__ import annotations

import math

from briefgen.core.countries import get_country
from briefgen.core.values import percent

SCOPE_WORDS = {"world": "in the world", "eu": "in the EU", "europe": "in Europe", "region": "in the region"}


def share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole`` rounded to one decimal, or None."""
    if not whole or math.isnan(part) or math.isnan(whole):
        return None
    return round(100.0 * part / whole, 1)


def adjective(country: str) -> str:
    """``Romanian`` for Romania (from the gazetteer), else the name itself."""
    try:
        adjectives = get_country(country).adjectives
    except KeyError:
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
