"""Number, money, percentage, rank and count parsing."""

from __future__ import annotations

import pytest

from briefgen.extract.figures import approx_before
from briefgen.extract.numbers import find_quantities, parse_number
from briefgen.extract.readback import find_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$ 1.27 billion", [(1270000000, "USD")]),
        ("US$48 million", [(48000000, "USD")]),
        ("2.92 billion US dollars", [(2920000000, "USD")]),
        ("USD 510.522 million", [(510522000, "USD")]),
        ("$106.2 mln", [(106200000, "USD")]),
        ("USD 2.1bn", [(2100000000, "USD")]),
        ("USD 2,920.5 million", [(2920500000, "USD")]),
        ("5.6 billion euros", [(5600000000, "EUR")]),
        ("EUR 20 million", [(20000000, "EUR")]),
        ("€20m", [(20000000, "EUR")]),
        ("1.57 billion dollars", [(1570000000, "USD")]),
        ("ten billion dollars", [(10000000000, "USD")]),
        ("grew by 45%", [(45, "percent")]),
        ("up 9.1 percent", [(9.1, "percent")]),
        ("rose by 12 per cent", [(12, "percent")]),
        ("2 million tonnes of oil", [(2000000, "tonnes")]),
        ("300 thousand barrels", [(300000, "barrels")]),
        ("KZT 500 billion", [(500000000000, "KZT")]),
    ],
)
def test_amounts_are_normalised_to_base_units(text: str, expected: list) -> None:
    assert find_values(text) == expected


def test_bare_amount_takes_the_currency_of_its_sentence() -> None:
    text = "Trade reached 2.92 billion US dollars (exports - 2.78 billion, imports - 138 million)."
    assert find_values(text) == [(2920000000, "USD"), (2780000000, "USD"), (138000000, "USD")]
    inferred = [q.inferred for q in find_quantities(text)]
    assert inferred == [False, True, True]
    euro = "Investment was EUR 3 billion (of which 1.2 billion in energy)."
    assert find_values(euro) == [(3000000000, "EUR"), (1200000000, "EUR")]


def test_parentheses_are_not_negative_but_a_minus_sign_is() -> None:
    assert find_values("(2.87 billion dollars)") == [(2870000000, "USD")]
    assert find_values("trade changed (-3.5%)") == [(-3.5, "percent")]
    assert find_values("exports - 2.78 billion dollars") == [(2780000000, "USD")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than twenty thousand Kazakh Romanians", [(20000, "people")]),
        ("thirty students", [(30, "people")]),
        ("a dozen companies", [(12, "count")]),
        ("the 22,000 Romanian diaspora", [(22000, "people")]),
        ("35 legal entities", [(35, "count")]),
        ("twenty-five scholarships", [(25, "count")]),
    ],
)
def test_counts_and_number_words(text: str, expected: list) -> None:
    assert find_values(text) == expected


def test_counted_noun_is_recorded() -> None:
    (q,) = find_quantities("over 30 enterprises with Romanian capital")
    assert (q.value, q.unit, q.noun) == (30, "count", "enterprises")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13th largest trade partner", [(13, "rank")]),
        ("No.1 trade partner", [(1, "rank")]),
        ("ranking 5th in Europe", [(5, "rank")]),
        ("the second largest investor", [(2, "rank")]),
        ("the 30th anniversary", [(30, "ordinal")]),
        ("the 8th round of consultations", [(8, "ordinal")]),
        ("the 17th meeting", [(17, "ordinal")]),
        ("the first official visit", []),
    ],
)
def test_ranks_and_event_ordinals(text: str, expected: list) -> None:
    assert find_values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 17 December 1991", []),
        ("On July 15, 2017 the parties", []),
        ("over the past 16 years", [(16, "duration")]),
        ("three years", [(3, "duration")]),
        ("Joint Action Plan 2019-2020", [(2019, "year")]),
        ("in 2021 Kazakhstan's", [(2021, "year")]),
        ("call +7 (7172) 72-05-18 or 8 (7172) 72-05-19", []),
        ("Hotline: 8 800 080 7777", []),
        ("COVID-19 and 5G, Q3 and 9M", []),
        ("at 10:30 on 15.07.2017", []),
    ],
)
def test_dates_years_durations_and_noise(text: str, expected: list) -> None:
    assert find_values(text) == expected


def test_no_float_noise() -> None:
    values = [v for v, _ in find_values("$1.27 billion, $0.3 billion, USD 510.522 million, 17.3%")]
    assert values == [1270000000, 300000000, 510522000, 17.3]
    assert all(isinstance(v, int) for v in values[:3])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2,920.5", "2920.5"), ("1,57", "1.57"), ("22 000", "22000"), ("twenty thousand", "20000"),
     ("one hundred and five", "105"), ("a dozen", "12"), ("banana", None)],
)  # fmt: skip
def test_parse_number(text: str, expected: str | None) -> None:
    result = parse_number(text)
    assert (str(result) if result is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 40 companies", "about"),
        ("nearly 40", "about"),
        ("some 600 students", "about"),
        ("over 30 enterprises", "over"),
        ("More than twenty", "over"),
        ("exceeded 4 billion", "over"),
        ("less than 5%", "under"),
        ("not more than 5%", "under"),
        ("reached 4 billion", None),
    ],
)
def test_approximation_words(text: str, expected: str | None) -> None:
    number = next(i for i, ch in enumerate(text) if ch.isdigit() or text[i:].lower().startswith("twenty"))
    assert approx_before(text, number) == expected


def test_find_values_signs_changes_and_reads_top_partner_as_rank_one() -> None:
    assert find_values("trade fell by 4.2% to $2 bn") == [(-4.2, "percent"), (2000000000, "USD")]
    assert find_values("exports grew by 4.2%") == [(4.2, "percent")]
    assert find_values("Hungary is Kazakhstan's leading trade and investment partner") == [(1, "rank")]
    assert find_values("one of the leading partners") == []
    assert find_values("the 13th largest trade partner") == [(13, "rank")]
    assert (-5000000, "USD") in find_values("a trade deficit of $5 mln")
