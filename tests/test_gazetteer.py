"""The country gazetteer and partner detection."""

from __future__ import annotations

import pytest

from briefgen.core.countries import (
    count_mentions,
    countries,
    detect_partner,
    find_country,
    get_country,
)

EUROPE_AND_CENTRAL_ASIA = (
    "Albania Andorra Armenia Austria Azerbaijan Belarus Belgium|Bosnia and Herzegovina|Bulgaria Croatia "
    "Cyprus Czechia Denmark Estonia Finland France Georgia Germany Greece Hungary Iceland Ireland Italy "
    "Kazakhstan Kosovo Kyrgyzstan Latvia Liechtenstein Lithuania Luxembourg Malta Moldova Monaco "
    "Montenegro Netherlands|North Macedonia|Norway Poland Portugal Romania Russia|San Marino|Serbia "
    "Slovakia Slovenia Spain Sweden Switzerland Tajikistan Turkey Turkmenistan Ukraine|United Kingdom|"
    "Uzbekistan|Vatican City"
)
EU_MEMBERS = {
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland",
    "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg",
    "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
}


def test_every_european_and_central_asian_state_is_known():
    wanted = ["Bosnia and Herzegovina", "North Macedonia", "San Marino", "United Kingdom", "Vatican City"]
    singles = [
        name
        for chunk in EUROPE_AND_CENTRAL_ASIA.split("|")
        if chunk not in wanted
        for name in chunk.split()
    ]
    for name in singles + wanted:
        country = find_country(name)
        assert country is not None and country.name == name, name
        assert country.region, name
    assert len(singles + wanted) == 55


def test_eu_membership_flags_are_exactly_the_27_members():
    assert {c.name for c in countries() if c.eu} == EU_MEMBERS


def test_lookup_by_alternative_names_and_former_capital_names():
    kazakhstan = get_country("Republic of Kazakhstan")
    assert kazakhstan is get_country("kazakhstan") is get_country("KZ")
    assert kazakhstan.capital == "Astana"
    assert {"Nur-Sultan", "Akmola"} <= set(kazakhstan.capitals)
    assert {"Almaty", "Alma-Ata"} <= set(kazakhstan.cities)
    assert {"Kazakh", "Kazakhstani"} <= set(kazakhstan.adjectives)
    assert get_country("Türkiye").name == "Turkey"
    assert get_country("Czech Republic").name == "Czechia"
    assert get_country("Romania").eu and not get_country("Moldova").eu
    with pytest.raises(KeyError, match="Atlantis"):
        get_country("Atlantis")


def test_no_phrase_names_two_countries_and_codes_are_unique():
    seen: dict[str, str] = {}
    for country in countries():
        for phrase in country.mentions:
            assert seen.setdefault(phrase, country.name) == country.name, phrase
    codes = [c.code for c in countries()]
    assert len(codes) == len(set(codes)) and all(len(code) == 2 for code in codes)


def test_words_inside_longer_words_and_names_do_not_count():
    text = "Kazakhstan and Kazakhstani firms; the Kazakh-Romanian commission met in Nur-Sultan."
    assert count_mentions(text) == {"Kazakhstan": (4, 0), "Romania": (1, text.index("Romanian"))}
    counts = count_mentions("Papua New Guinea sent a team; Guinea-Bissau did not. Equatorial Guinea too.")
    assert set(counts) == {"Papua New Guinea", "Guinea-Bissau", "Equatorial Guinea"}
    assert "Guinea" not in count_mentions("Papua New Guinea and Equatorial Guinea")
    text = "A Romanianist wrote about Romanians."
    assert count_mentions(text) == {"Romania": (1, text.index("Romanians"))}


def test_partner_is_the_most_mentioned_foreign_country():
    text = "Astana hosted the Hungarian minister. Kazakhstan and Hungary signed deals; Budapest and Poland too."
    assert detect_partner(text, "Kazakhstan") == "Hungary"
    # The home country never wins, even when it is named most often and named differently.
    assert detect_partner("Kazakhstan, Kazakh, Astana, Kazakhstani and Poland.", "Republic of Kazakhstan") == "Poland"
    # Another home country works the same way.
    assert detect_partner("Hungary and Kazakhstan: Budapest welcomed Kazakh investors.", "Hungary") == "Kazakhstan"


def test_ties_go_to_the_first_mentioned_country():
    assert detect_partner("Talks with Latvia and Lithuania, then Lithuania and Latvia.", "Kazakhstan") == "Latvia"
    assert detect_partner("Vilnius then Riga.", "Kazakhstan") == "Lithuania"


def test_ambiguous_names_and_currencies_need_other_evidence():
    assert detect_partner("Trade reached 2 billion US dollars and US$ 3 million with Hungary.", "Kazakhstan") == "Hungary"
    assert detect_partner("A delegation from Atlanta, Georgia visited Hungary.", "Kazakhstan") == "Hungary"
    assert detect_partner("Georgia and Georgian officials in Tbilisi met one Hungarian.", "Kazakhstan") == "Georgia"
    assert detect_partner("Latin American and North American buyers came to Poland.", "Kazakhstan") == "Poland"
    assert detect_partner("Nothing foreign here at all.", "Kazakhstan") is None
