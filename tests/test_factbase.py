"""Merging extracted and curated facts, and the FactBase queries templates use."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from briefgen.config import load_config
from briefgen.core.names import name_key
from briefgen.factbase.files import Correction, Curation, Location, Preference, Rejection
from briefgen.factbase.load import load_factbase, merge_facts
from briefgen.model import Event, Extraction, Figure, Person, Source, Topic

HERE = Location("facts/curated/test.yaml", 1)


def source(sid: str, date: str | None, partner: str = "Turkey") -> Source:
    day = dt.date.fromisoformat(date) if date else None
    return Source(sid, f"articles/{sid}.txt", f"Title of {sid}", day, False, "Daily Wire", None, partner, "0" * 64, 100)


def figure(src: str, n: int, metric: str, value: float, unit: str = "USD", period: str | None = "2023",
           scope: str | None = None, base: str | None = None) -> Figure:
    return Figure(f"{src}#f{n}", src, metric, value, unit, None, period, scope, base, f"quote {n}", n, n + 7,
                  partner="Turkey")


def person(src: str, n: int, name: str, role: str | None, country: str = "Turkey", aliases: tuple = ()) -> Person:
    return Person(f"{src}#p{n}", src, name, role, None, country, f"quote {n}", n, n + 7, aliases)


SOURCES = {s.id: s for s in (source("a", "2023-03-01"), source("b", "2024-02-01"), source("c", "2024-06-01"))}


def base(facts: dict[str, list], curation: Curation | None = None):  # noqa: ANN201
    extractions = [Extraction(SOURCES[sid], tuple(fs)) for sid, fs in facts.items()]
    return merge_facts(SOURCES, extractions, curation or Curation(), "Uzbekistan")


def test_same_figure_from_two_articles_is_one_view_with_two_citations() -> None:
    fb = base({"a": [figure("a", 1, "trade_turnover", 2.90e9)], "b": [figure("b", 5, "trade_turnover", 2.91e9)]})
    [view] = fb.figures("Turkey", "trade_turnover")
    assert view.ids == ("a#f1", "b#f5")
    assert [c.source for c in view.citations] == ["a", "b"]
    assert view.as_of == dt.date(2024, 2, 1)
    assert view.value == 2.91e9  # the most recent report
    assert view.status == "extracted"
    assert view.citations[0].title == "Title of a" and view.citations[0].outlet == "Daily Wire"
    assert fb.disputed() == []


def test_values_apart_from_different_sources_are_disputed() -> None:
    fb = base({"a": [figure("a", 1, "trade_turnover", 2.7e9)], "b": [figure("b", 5, "trade_turnover", 2.6e9)]})
    views = fb.figures("Turkey", "trade_turnover")
    assert {v.status for v in views} == {"disputed"}
    [pair] = fb.disputed()
    assert sorted(v.value for v in pair) == [2.6e9, 2.7e9]


def test_a_preference_settles_the_conflict() -> None:
    curation = Curation(preferences=(Preference("a#f1", None, "official statistics", HERE),))
    fb = base({"a": [figure("a", 1, "trade_turnover", 2.7e9)], "b": [figure("b", 5, "trade_turnover", 2.6e9)]}, curation)
    assert [(v.value, v.status) for v in fb.figures("Turkey")] == [(2.7e9, "extracted")]
    superseded = [v for v in fb.all_figures() if v.status == "superseded"]
    assert [v.value for v in superseded] == [2.6e9] and "official statistics" in superseded[0].note
    assert fb.disputed() == []


def test_different_periods_are_a_time_series_not_a_conflict() -> None:
    fb = base({
        "a": [figure("a", 1, "trade_turnover", 2.7e9, period="2022"),
              figure("a", 9, "trade_partner_rank", 12, "rank", period=None, scope="world")],
        "c": [figure("c", 5, "trade_turnover", 2.9e9, period="2023"),
              figure("c", 8, "trade_turnover", 1.1e9, period="2024-01/2024-03"),
              figure("c", 9, "trade_partner_rank", 10, "rank", period=None, scope="world")],
    })
    assert fb.disputed() == []
    assert [v.period for v in fb.series("Turkey", "trade_turnover")] == ["2022", "2023", "2024-01/2024-03"]
    assert fb.latest("Turkey", "trade_turnover").period == "2024-01/2024-03"
    assert fb.latest("Turkey", "trade_turnover", full_year=True).value == 2.9e9
    # A figure without a period stands as of its article's date.
    rank = fb.latest("Turkey", "trade_partner_rank", scope="world")
    assert (rank.value, rank.period, rank.as_of) == (10, None, dt.date(2024, 6, 1))
    assert fb.latest("Turkey", "trade_partner_rank", as_of=dt.date(2024, 1, 1)).value == 12
    assert fb.latest("Turkey", "trade_partner_rank", scope="eu") is None


def test_as_of_hides_what_was_not_yet_published() -> None:
    fb = base({"a": [figure("a", 1, "exports", 2.0e9)], "c": [figure("c", 5, "exports", 2.5e9)]})
    assert [v.status for v in fb.figures(as_of=dt.date(2024, 1, 1))] == ["extracted"]
    assert fb.figures(as_of=dt.date(2022, 1, 1)) == []
    assert len(fb.disputed()) == 1 and fb.disputed(as_of=dt.date(2024, 1, 1)) == []


def test_corrections_and_rejections() -> None:
    curation = Curation(
        corrections=(Correction("a#f1", (("value", 2.95e9), ("period", "2024")), "misprint in the article", HERE),),
        rejections=(Rejection("b#f5", "imports counted twice", HERE),),
    )
    fb = base({"a": [figure("a", 1, "trade_turnover", 2.59e9)], "b": [figure("b", 5, "imports", 1e9)]}, curation)
    [view] = fb.figures("Turkey")
    assert (view.value, view.period, view.status, view.note) == (2.95e9, "2024", "corrected", "misprint in the article")
    [rejected] = fb.rejected()
    assert (rejected.id, rejected.status, rejected.note) == ("b#f5", "rejected", "imports counted twice")
    assert fb.curation_problems == ()


def test_curation_pointing_nowhere_is_a_problem() -> None:
    curation = Curation(rejections=(Rejection("a#f404", "typo", HERE),),
                        corrections=(Correction("a#f1", (("role", "Minister"),), "wrong kind", HERE),))
    fb = base({"a": [figure("a", 1, "exports", 1e9)]}, curation)
    messages = [p.message for p in fb.curation_problems]
    assert any("a#f404" in m for m in messages)
    assert any("role cannot be set on a figure" in m for m in messages)


def test_people_share_identity_across_diacritics_and_take_the_latest_role() -> None:
    fb = base({
        "a": [person("a", 1, "Mehmet Şahin", "Deputy Minister")],
        "c": [person("c", 1, "Mehmet Sahin", "Minister of Trade"), person("c", 40, "Ayşe Yılmaz", None)],
    })
    people = {p.name: p for p in fb.people("Turkey")}
    assert set(people) == {"Mehmet Şahin", "Ayşe Yılmaz"}
    assert people["Mehmet Şahin"].role == "Minister of Trade"
    assert fb.people("Turkey", as_of=dt.date(2023, 12, 31))[0].role == "Deputy Minister"
    history = fb.person_history("mehmet sahin")
    assert [(h.role, h.as_of) for h in history] == [
        ("Deputy Minister", dt.date(2023, 3, 1)), ("Minister of Trade", dt.date(2024, 6, 1))]


def test_name_key_folds_romanian_cedilla_and_comma_forms() -> None:
    assert name_key("Luminița Odobescu") == name_key("Luminiţa ODOBESCU") == "luminita odobescu"
    assert name_key("Nițulescu") == name_key("Niţulescu")
    assert name_key("R. Vasilenko") == "r vasilenko"


def test_events_merge_by_date_and_topics_collect_years() -> None:
    def event(src: str, n: int, date: str | None) -> Event:
        return Event(f"{src}#e{n}", src, "visit", "Official visit", date, "Ankara", None, ("X",), (), "q", n, n + 1)

    fb = base({
        "a": [event("a", 1, "2023-02"), Topic("a#t1-energy", "a", "energy", "q", 1, 2)],
        "c": [event("c", 3, "2023-02"), event("c", 9, None), Topic("c#t4-energy", "c", "energy", "q", 4, 5)],
    })
    events = fb.events("Turkey", "visit")
    assert [len(e.citations) for e in events] == [2, 1]
    assert events[0].date == "2023-02"
    assert fb.events("Turkey", "signing") == []
    [topic] = fb.topics("Turkey")
    assert (topic.topic, topic.years) == ("energy", (2023, 2024))
    assert fb.topics("Turkey", as_of=dt.date(2023, 12, 1))[0].years == (2023,)


def _workspace(tmp_path: Path, corpus_dir: Path) -> Path:
    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    for path in sorted(corpus_dir.glob("*.txt")):
        shutil.copy(path, root / "articles" / path.name)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Romania]\n", encoding="utf-8")
    return root


def test_curated_file_survives_re_extraction(tmp_path: Path, corpus_dir: Path) -> None:
    from briefgen.extract import run as extract
    from briefgen.ingest.run import run_ingest

    root = _workspace(tmp_path, corpus_dir)
    config = load_config(root)
    run_ingest(config, [config.articles])
    extract.run_extract(config, [], write=True)
    fb = load_factbase(config)
    figures = sorted(fb.figures("Romania"), key=lambda v: v.id)
    assert len(figures) >= 2, "extraction found too few figures to curate"
    corrected, rejected = figures[0], figures[1]
    curated = root / "facts" / "curated" / "romania.yaml"
    curated.parent.mkdir(parents=True, exist_ok=True)
    curated.write_text(
        "# Desk corrections (test)\n"
        f"corrections:\n  - id: {corrected.ids[0]}\n    value: 123456789\n    reason: checked against the ministry's statistics\n"
        f"rejections:\n  - id: {rejected.ids[0]}\n    reason: not a bilateral figure\n",
        encoding="utf-8",
    )
    before = curated.read_bytes()
    extract.run_extract(config, [], write=True)
    assert curated.read_bytes() == before
    fb = load_factbase(config)
    assert fb.problems == () and fb.curation_problems == ()
    view = next(v for v in fb.all_figures() if corrected.ids[0] in v.ids)
    assert (view.value, view.status, view.note) == (123456789, "corrected", "checked against the ministry's statistics")
    assert rejected.ids[0] in {v.id for v in fb.rejected()}
    assert all(rejected.ids[0] not in v.ids for v in fb.figures())


def test_profile_and_meetings_load(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    (facts / "countries").mkdir(parents=True)
    (facts / "meetings").mkdir()
    (facts / "countries" / "turkey.yaml").write_text(
        "name: Turkey\nofficial_name: Republic of Türkiye\ncapital: Ankara\nlanguages: [Turkish]\n", encoding="utf-8")
    (facts / "meetings" / "ankara.yaml").write_text(
        "title: Consultations\npartner: Turkey\ndate: 2025-04-02\ntime: 10:30\nround: 3\n"
        "counterparts:\n  - Ayşe Yılmaz\n  - {name: Mehmet Şahin, role: Minister}\n"
        "their_objectives:\n  - {ask: More flights, line: Open to talks}\n", encoding="utf-8")
    fb = load_factbase(load_config(tmp_path))
    assert fb.problems == ()
    assert fb.profile("Turkey")["capital"] == "Ankara"
    assert fb.profile("turkey")["languages"] == ["Turkish"]
    assert fb.profile("Greece") is None
    [meeting] = fb.meetings("Turkey")
    assert meeting["date"] == dt.date(2025, 4, 2) and meeting["time"] == "10:30"
    assert meeting["counterparts"] == [{"name": "Ayşe Yılmaz"}, {"name": "Mehmet Şahin", "role": "Minister"}]
    assert fb.meetings("Greece") == []
    assert fb.partners() == ["Turkey"]


def test_a_fact_id_used_in_two_extracted_files_is_reported_and_the_copy_left_out(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(Path(__file__).parent / "fixtures" / "factbase" / "curated", root)
    extracted = root / "facts" / "extracted"
    original = extracted / "2024-05-05-business-forum-krakow.json"
    before = load_factbase(load_config(root))
    shutil.copy(original, extracted / "zz-copy.json")
    fb = load_factbase(load_config(root))
    clashes = [p for p in fb.problems if "is also used in" in p.message]
    ids = [fact["id"] for fact in json.loads(original.read_text(encoding="utf-8"))["facts"]]
    assert len(clashes) == len(ids) > 0
    assert all(p.file == "facts/extracted/zz-copy.json" and p.line for p in clashes)
    assert all("facts/extracted/2024-05-05-business-forum-krakow.json" in p.message for p in clashes)
    # The copy adds nothing: every figure is still cited once, from the original file.
    assert [(v.id, len(v.citations)) for v in fb.figures()] == [(v.id, len(v.citations)) for v in before.figures()]
