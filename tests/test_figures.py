"""Figure extraction: metrics from the home country's side, periods, ranks, spans and robustness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.core.vocab import APPROX, METRICS, SCOPES, UNITS
from briefgen.extract.figures import extract_figures
from briefgen.extract.sentences import split_sentences
from briefgen.ingest.run import normalise_text, read_article
from briefgen.model import Source


def make_source(partner: str | None = "Hungary", date: dt.date | None = dt.date(2024, 3, 6)) -> Source:
    return Source(
        id="test-article", path="articles/test.txt", title="Test", date=date, date_inferred=False,
        outlet=None, dateline=None, partner=partner, sha256="0" * 64, words=0,
    )  # fmt: skip


def figures(text: str, home: str = "Kazakhstan", **kwargs) -> list[tuple]:
    found = extract_figures(text, make_source(**kwargs), home)
    return [(f.metric, f.value, f.unit, f.approx, f.period) for f in found]


def test_partner_side_trade_is_turned_to_the_home_side() -> None:
    text = "Hungarian exports to Kazakhstan reached USD 310.5 million in 2023, while imports from Kazakhstan were $90 mln."
    assert figures(text) == [
        ("imports", 310500000, "USD", None, "2023"),
        ("exports", 90000000, "USD", None, "2023"),
    ]
    # The same sentence seen from Hungary.
    assert [f[0] for f in figures(text, home="Hungary", partner="Kazakhstan")] == ["exports", "imports"]


def test_investment_direction() -> None:
    text = (
        "Hungarian companies have invested $2 billion in Kazakhstan. "
        "Kazakh investments in Hungary exceeded USD 300 million. "
        "Gross inflow of investments from Hungary into the economy of Kazakhstan - 2.1 billion dollars."
    )
    assert [(f[0], f[3]) for f in figures(text)] == [
        ("investment_inflow", None),
        ("investment_outflow", "over"),
        ("investment_inflow", None),
    ]


def test_growth_sign_base_and_period() -> None:
    text = (
        "In January-June 2024, trade amounted to USD 610.4 million, down 4.2% on the same period of 2023. "
        "Exports grew by 10 percent compared to 2022."
    )
    found = extract_figures(text, make_source(), "Kazakhstan")
    growth = [(f.metric, f.value, f.period, f.base) for f in found if f.unit == "percent"]
    assert growth == [
        ("trade_growth", -4.2, "2024-01/2024-06", "2023-01/2023-06"),
        ("exports_growth", 10, "2024-01/2024-06", "2022"),
    ]


def test_targets_are_never_actuals() -> None:
    text = "Trade reached $1.1 billion in 2023, and the sides aim to raise trade to $3 billion by 2030."
    assert figures(text) == [
        ("trade_turnover", 1100000000, "USD", None, "2023"),
        ("trade_turnover_target", 3000000000, "USD", None, "2030"),
    ]


def test_ranks_with_scope_and_period() -> None:
    text = (
        "Hungary is Kazakhstan's leading trade partner in the Central Europe region, ranking 4th among the EU "
        "countries and 14th in the world (the 16th place in 2021)."
    )
    found = extract_figures(text, make_source(), "Kazakhstan")
    assert [(f.value, f.scope, f.period, f.metric) for f in found] == [
        (1, "region", None, "trade_partner_rank"),
        (4, "eu", None, "trade_partner_rank"),
        (14, "world", None, "trade_partner_rank"),
        (16, "world", "2021", "trade_partner_rank"),
    ]
    assert figures("Hungary is one of the leading trade partners of Kazakhstan.") == []


def test_counts_by_owner_of_capital() -> None:
    text = (
        "There are about 70 companies with Hungarian participation in Kazakhstan, and 12 legal entities with "
        "Kazakh capital in Hungary. Eight joint ventures work in Almaty."
    )
    assert [(f[0], f[1], f[3]) for f in figures(text)] == [
        ("companies_partner_capital", 70, "about"),
        ("companies_home_capital", 12, None),
        ("joint_companies", 8, None),
    ]


def test_people_students_scholarships_oil() -> None:
    text = (
        "More than five thousand ethnic Hungarians live in Kazakhstan. Some 900 Kazakh students study in Hungary "
        "on 200 scholarships. Kazakhstan shipped 1.2 million tonnes of oil to Hungary in H1 2024. "
        "About 120 students from Hungary study in Kazakhstan."
    )
    # The students metric is the partner's students in the home country (documents print "Hungarian
    # students in Kazakhstan"); Kazakh students abroad are kept as other.
    assert figures(text) == [
        ("diaspora", 5000, "people", "over", None),
        ("other", 900, "people", "about", None),
        ("scholarships", 200, "count", None, None),
        ("oil_supply", 1200000, "tonnes", None, "2024-01/2024-06"),
        ("students", 120, "people", "about", None),
    ]


def test_distractors_are_not_figures() -> None:
    text = (
        "Kazakhstan and Hungary mark the 30th anniversary of diplomatic relations and 25 years of friendship. "
        "The 8th round of political consultations and the 17th meeting of the commission took place on "
        "17 December 2023. Over the past 16 years three agreements were signed, and a Joint Action Plan for "
        "2019-2020 was adopted. Call +36 1 458 1000. The first official visit took place in 2007."
    )
    assert figures(text) == []


def test_spans_ids_and_mentions(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        article = read_article(path)
        found = extract_figures(article.text, article.source, "Kazakhstan")
        assert found, path.name
        for f in found:
            assert article.text[f.start : f.end] == f.quote
            mention_start = int(f.id.rsplit("#f", 1)[1])
            assert f.start <= mention_start and mention_start + len(f.mention) <= f.end
            assert article.text[mention_start : mention_start + len(f.mention)] == f.mention
            assert f.id == f"{article.source.id}#f{mention_start}"
            assert f.partner == article.source.partner == "Romania"
            assert f.metric in METRICS and f.unit in UNITS
            assert f.approx in (None, *APPROX) and f.scope in (None, *SCOPES)
        assert len({f.id for f in found}) == len(found)


def test_extraction_is_deterministic(corpus_dir: Path) -> None:
    article = read_article(sorted(corpus_dir.glob("*.txt"))[-1])
    first = extract_figures(article.text, article.source, "Kazakhstan")
    assert first == extract_figures(article.text, article.source, "Kazakhstan")


def test_sentences_keep_exact_spans_and_datelines() -> None:
    text = normalise_text(
        " date 2018-12-20 ASTANA. KAZINFORM Ministries met. R. Vasilenko spoke.\r\n\r\nTrade was $1.2 bn. "
        "Exports grew, e.g. to the U.S. market. NUR-SULTAN. KAZINFORM – Next."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "date 2018-12-20",
        "ASTANA. KAZINFORM Ministries met.",
        "R. Vasilenko spoke.",
        "Trade was $1.2 bn.",
        "Exports grew, e.g. to the U.S. market.",
        "NUR-SULTAN. KAZINFORM – Next.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


_PIECES = ["billion", " million ", "USD ", "th ", "exports ", "Hungarian ", "in 2023", "about ", "(", ")"]
_TEXT = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(list("0123456789$€%.,-()– \n")),
        st.sampled_from(_PIECES),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_TEXT, partner=st.sampled_from([None, "Hungary", "Atlantis"]), dated=st.booleans())
def test_extraction_never_raises_and_spans_are_valid(raw: str, partner: str | None, dated: bool) -> None:
    text = normalise_text(raw)
    source = make_source(partner=partner, date=dt.date(2024, 1, 1) if dated else None)
    for f in extract_figures(text, source, "Kazakhstan"):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.quote
        assert f.mention and f.mention in f.quote
        mention_start = int(f.id.rsplit("#f", 1)[1])
        assert text[mention_start : mention_start + len(f.mention)] == f.mention
        assert f.unit in UNITS and f.metric in METRICS


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=300))
def test_sentence_spans_are_exact(raw: str) -> None:
    for s in split_sentences(raw):
        assert raw[s.start : s.end] == s.text and s.text.strip() == s.text and s.text
