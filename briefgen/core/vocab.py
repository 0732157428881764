"""The closed vocabularies of the fact base: fact kinds, metrics, units, approximations, scopes,
event kinds and cooperation topics with their labels. Schemas, rules and documents all read these."""

from __future__ import annotations

# Every format a document can be published in, in the order a build writes them.
OUTPUT_FORMATS = ("md", "html", "pdf", "docx")

FACT_KINDS = ("figure", "person", "event", "topic")

METRICS = (
    "trade_turnover",
    "exports",
    "imports",
    "trade_balance",
    "trade_growth",
    "exports_growth",
    "imports_growth",
    "trade_turnover_target",
    "trade_partner_rank",
    "investment_inflow",
    "investment_outflow",
    "companies_partner_capital",
    "companies_home_capital",
    "joint_companies",
    "diaspora",
    "students",
    "scholarships",
    "oil_supply",
    "other",
)

UNITS = ("USD", "EUR", "percent", "rank", "count", "people", "tonnes", "barrels", "cubic_metres")
APPROX = ("about", "over", "under")
SCOPES = ("world", "eu", "europe", "region")

EVENT_KINDS = (
    "consultations",
    "visit",
    "meeting",
    "commission",
    "forum",
    "signing",
    "recognition",
    "diplomatic_relations",
    "anniversary",
    "other",
)

# Cooperation areas in the order documents list them, with the label they print.
TOPIC_LABELS: dict[str, str] = {
    "energy": "Energy",
    "transport": "Transport and logistics",
    "agriculture": "Agriculture and food",
    "digital": "IT and digital",
    "tourism": "Tourism",
    "education": "Education",
    "science": "Science",
    "culture": "Culture",
    "health": "Health",
    "finance": "Banking and finance",
    "defence": "Defence",
    "nuclear": "Nuclear",
    "investment": "Investment",
    "trade": "Trade",
    "green_economy": "Green economy",
    "multilateral": "Multilateral cooperation",
    "security": "Security",
    "parliamentary": "Parliamentary dialogue",
}
