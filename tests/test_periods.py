"""Reporting periods: parsing from text and ISO 8601 period arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.core.periods import (
    is_full_year,
    period_bounds,
    period_label,
    previous_period,
    same_period_kind,
)
from briefgen.extract.periods import find_period, find_periods

DEC_2023 = dt.date(2023, 12, 14)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("in 2021", DEC_2023, "2021"),
        ("in the first three quarters of 2018", DEC_2023, "2018-01/2018-09"),
        ("in January-October of this year", DEC_2023, "2023-01/2023-10"),
        ("(from 2005 to Q3 2023)", DEC_2023, "2005/2023-09"),
        ("in the eight months of 2022", DEC_2023, "2022-01/2022-08"),
        ("the first nine months of 2023", DEC_2023, "2023-01/2023-09"),
        ("in 9M 2023", DEC_2023, "2023-01/2023-09"),
        ("in H1 2024", DEC_2023, "2024-01/2024-06"),
        ("in the first half of 2019", DEC_2023, "2019-01/2019-06"),
        ("in Q1 2024", DEC_2023, "2024-01/2024-03"),
        ("in the second quarter of last year", DEC_2023, "2022-04/2022-06"),
        ("January-June 2024", DEC_2023, "2024-01/2024-06"),
        ("from January to March 2024", DEC_2023, "2024-01/2024-03"),
        ("last year", DEC_2023, "2022"),
        ("this year", DEC_2023, "2023"),
        ("(September 2023)", DEC_2023, "2023-09"),
        ("on 17 December 1991", DEC_2023, "1991-12-17"),
        ("for 2019-2020", DEC_2023, "2019/2020"),
        ("since 2005", DEC_2023, "2005/2023"),
        ("in the first two months of 2024", DEC_2023, "2024-01/2024-02"),
    ],
)
def test_periods_in_text(text: str, today: dt.date, expected: str) -> None:
    assert find_period(text, today) == expected


def test_a_period_without_year_is_the_latest_one_ended_by_the_article_date() -> None:
    assert find_period("in the first quarter", dt.date(2024, 5, 2)) == "2024-01/2024-03"
    assert find_period("in the first quarter", dt.date(2024, 2, 2)) == "2023-01/2023-03"
    assert find_period("in January-September", dt.date(2023, 10, 5)) == "2023-01/2023-09"


def test_relative_periods_need_an_article_date() -> None:
    assert find_period("last year", None) is None
    assert find_period("in 2021", None) == "2021"


@pytest.mark.parametrize(
    "text",
    ["over the past 16 years", "over the past decade", "three months", "a 25-year partnership", "the 5G network"],
)
def test_durations_are_not_periods(text: str) -> None:
    assert find_period(text, DEC_2023) is None


def test_comparison_bases_are_marked() -> None:
    mentions = find_periods("up 17.3% in 2021 compared to 2020", DEC_2023)
    assert [(m.period, m.base) for m in mentions] == [("2021", False), ("2020", True)]
    (same,) = [m for m in find_periods("grew 45% compared to the same period last year", DEC_2023)]
    assert same.base and same.same_period and same.period is None
    assert find_periods("1.6% more than in 2023", DEC_2023)[0].base
    assert find_periods("up 12.4% year-on-year", DEC_2023)[0].same_period


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2018-01/2018-09", dt.date(2018, 1, 1), dt.date(2018, 9, 30)),
        ("2005/2023-09", dt.date(2005, 1, 1), dt.date(2023, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("1991-12-17", dt.date(1991, 12, 17), dt.date(1991, 12, 17)),
    ],
)
def test_period_bounds(period: str, first: dt.date, last: dt.date) -> None:
    assert period_bounds(period) == (first, last)


@pytest.mark.parametrize("bad", ["", "2024-13", "Q1 2024", "2024/2023", "2024-02-30", "20245"])
def test_period_bounds_rejects_non_periods(bad: str) -> None:
    with pytest.raises(ValueError):
        period_bounds(bad)


def test_is_full_year() -> None:
    assert is_full_year("2021")
    assert is_full_year("2021-01/2021-12")
    assert not is_full_year("2021-01/2021-09")
    assert not is_full_year("2019/2020")


@pytest.mark.parametrize(
    ("period", "label"),
    [
        ("2024", "2024"),
        ("2018-01/2018-09", "Jan–Sep 2018"),
        ("2005/2023-09", "2005 – Q3 2023"),
        ("2024-01/2024-03", "Q1 2024"),
        ("2024-01/2024-06", "H1 2024"),
        ("2019/2020", "2019–2020"),
        ("2023-09", "Sep 2023"),
        ("2023-03/2024-02", "Mar 2023 – Feb 2024"),
        ("1991-12-17", "17 Dec 1991"),
    ],
)
def test_period_label(period: str, label: str) -> None:
    assert period_label(period) == label


def test_same_period_kind_and_previous_period() -> None:
    assert same_period_kind("2018-01/2018-09", "2017-01/2017-09")
    assert same_period_kind("2021", "2022-01/2022-12")
    assert not same_period_kind("2021", "2022-01/2022-06")
    assert not same_period_kind("2021", "nonsense")
    assert previous_period("2018-01/2018-09") == "2017-01/2017-09"
    assert previous_period("2024") == "2023"
    assert previous_period("2005/2023-09") == "2004/2022-09"
    assert previous_period("2024-02-29") == "2023-02-28"
    assert previous_period("garbage") is None
