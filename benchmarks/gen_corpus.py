"""Write a deterministic synthetic corpus of press releases and a briefgen workspace around it.

    .venv/bin/python benchmarks/gen_corpus.py OUT --articles 1000 --partners 10 [--seed 7]

Every article is built from templates written for this benchmark: a ` date YYYY-MM-DD Title`
header, a dateline, and paragraphs with trade figures in varied money formats, growth rates,
ranks, companies, diaspora, officials with roles, consultation rounds, visits and signings.
The same seed gives byte-identical files. Figures follow one series per partner, so articles
that cite the same year agree (as real ones mostly do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefgen.core.countries import countries, get_country  # noqa: E402

PREFERRED = ("Romania", "Hungary", "Poland", "Turkey", "Uzbekistan", "Georgia", "Germany", "Italy")
OUTLETS = ("KAZINFORM", "MFA PRESS", "DIPLOMATIC WIRE")
FIRST_YEAR, LAST_YEAR = 2015, 2025
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
GIVEN = ("Adrian", "Bogdan", "Carmen", "Dana", "Elif", "Ferenc", "Gabriela", "Henrik", "Ilona", "Jan",
         "Katarzyna", "Levan", "Marta", "Nodir", "Oana", "Piotr", "Rustam", "Sabina", "Tamas", "Ulrike",
         "Viktor", "Zofia", "Aigerim", "Berik", "Dauren", "Gulnara", "Marat", "Saule", "Timur", "Yerlan",
         "Lorenzo", "Giulia", "Klaus", "Nino", "Selin", "Murat", "Anna", "Erik", "Irina", "Omar")  # fmt: skip
FAMILY = ("Albescu", "Barta", "Cernat", "Dobos", "Erdem", "Farkas", "Gorski", "Halvorsen", "Ionescu",
          "Janik", "Kaya", "Lomidze", "Molnar", "Novak", "Ortega", "Petrov", "Quadri", "Rahimov", "Sandor",
          "Tanaka", "Ulmer", "Varga", "Wojcik", "Yilmaz", "Zeller", "Abenov", "Bekova", "Dzhakupov",
          "Iskakov", "Mukanova", "Nurlanov", "Sarsenbayev", "Tokhtarov", "Beridze", "Conti", "Ferrari",
          "Brandt", "Keller", "Demir", "Ruiz")  # fmt: skip
TOPICS = ("agriculture", "transport and logistics", "energy", "information technology", "tourism",
          "education", "healthcare", "culture", "water management", "mining", "pharmaceuticals",
          "civil aviation", "food processing", "renewable energy", "digitalisation")  # fmt: skip
DOCUMENTS = ("a memorandum of understanding on cooperation in {topic}",
             "an agreement on cooperation in {topic}", "a roadmap for cooperation in {topic}",
             "a joint action plan on {topic}", "an intergovernmental agreement on {topic}")  # fmt: skip
# Roles on each side; a person holds a role for a three-year term.
HOME_ROLES = ("Foreign Minister", "Deputy Foreign Minister", "Minister of Trade and Integration",
              "Ambassador to {partner}")  # fmt: skip
PARTNER_ROLES = ("Foreign Minister", "State Secretary of the Ministry of Foreign Affairs",
                 "Minister of Economy", "Ambassador to {home}")  # fmt: skip


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Side:
    """What the templates need to know about one country."""

    name: str
    adjective: str
    capital: str


def side(name: str) -> Side:
    """The country ``name`` as the gazetteer knows it."""
    country = get_country(name)
    adjective = country.adjectives[0] if country.adjectives else country.name
    return Side(country.name, adjective, country.capital or country.name)


def choose_partners(count: int, home: str) -> list[str]:
    """``count`` partner names: the preferred ones first, then the gazetteer's countries in order."""
    home_name = get_country(home).name
    names = [n for n in PREFERRED if n != home_name]
    names += [c.name for c in countries() if c.capitals and c.name != home_name and c.name not in names]
    if count > len(names):
        raise SystemExit(f"the gazetteer has only {len(names)} partners with a capital")
    return names[:count]


class Partner:
    """One partner's stable history: trade series, rank, companies, diaspora, officials."""

    def __init__(self, seed: int, home: Side, name: str):
        self.home, self.side = home, side(name)
        rng = random.Random(f"{seed}:{name}")
        self.seed = seed
        value = rng.uniform(5e7, 2.5e9)
        self.turnover: dict[int, float] = {}
        for year in range(FIRST_YEAR - 3, LAST_YEAR + 1):
            self.turnover[year] = round(value, -6)
            value *= 1 + rng.uniform(-0.12, 0.22)
        self.export_share = rng.uniform(0.35, 0.8)
        self.base_rank = rng.randint(5, 40)
        self.companies = rng.randint(12, 400)
        self.diaspora = rng.choice((0, rng.randint(2, 90) * 1000))
        self.relations_year = rng.choice((1991, 1992, 1992, 1993, 1995))
        self.first_round_year = rng.randint(2005, 2014)

    def growth(self, year: int) -> float:
        """Year-on-year change of turnover in percent, one decimal."""
        return round(100 * (self.turnover[year] / self.turnover[year - 1] - 1), 1)

    def rank(self, year: int) -> int:
        return max(2, self.base_rank - (year - FIRST_YEAR) // 2)

    def round_in(self, year: int) -> int:
        return max(1, year - self.first_round_year + 1)

    def official(self, own: bool, role_index: int, year: int) -> tuple[str, str]:
        """(name, role) of who held a role in ``year``; ``own`` means the home side."""
        roles = HOME_ROLES if own else PARTNER_ROLES
        role = roles[role_index].format(partner=self.side.name, home=self.home.name)
        term = (year - FIRST_YEAR) // 3
        who = random.Random(f"{self.seed}:{self.side.name}:{own}:{role_index}:{term}")
        return f"{who.choice(GIVEN)} {who.choice(FAMILY)}", role


def money(rng: random.Random, usd: float) -> str:
    """``usd`` written the way press releases write money, in one of many formats."""
    billions, millions = usd / 1e9, usd / 1e6
    forms = [f"${millions:,.1f} million", f"US${millions:,.0f} million", f"USD {millions:,.1f} million",
             f"{millions:,.0f} million US dollars"]  # fmt: skip
    if billions >= 1:
        forms += [f"${billions:.2f} billion", f"$ {billions:.2f} billion", f"{billions:.2f} billion US dollars",
                  f"US${billions:.1f} bn", f"USD {billions:.2f} bln", f"{billions:.2f} bln dollars"]  # fmt: skip
    return rng.choice(forms)


def change(rng: random.Random, percent: float) -> str:
    """A growth rate in words: "grew by 12.3%", "fell 4 per cent"."""
    size = abs(percent)
    if percent >= 0:
        return rng.choice((f"grew by {size}%", f"increased by {size} percent", f"rose {size}%",
                           f"was up {size} per cent"))  # fmt: skip
    return rng.choice((f"fell by {size}%", f"decreased by {size} percent", f"declined {size}%",
                       f"was down {size} per cent"))  # fmt: skip


def trade_paragraph(rng: random.Random, p: Partner, day: dt.date) -> str:
    """Turnover for the last full year, maybe a partial year, exports and imports."""
    home, other = p.home, p.side
    year = day.year - 1
    total = p.turnover[year]
    opening = rng.choice((
        f"In {year}, trade turnover between {home.name} and {other.name} reached {money(rng, total)}",
        f"Bilateral trade amounted to {money(rng, total)} in {year}",
        f"According to the {home.adjective} statistics bureau, mutual trade with {other.name} totalled "
        f"{money(rng, total)} last year",
    ))  # fmt: skip
    text = f"{opening} and {change(rng, p.growth(year))} compared with {year - 1}."
    exports = total * p.export_share
    if rng.random() < 0.6:
        text += rng.choice((
            f" {home.adjective} exports came to {money(rng, exports)}, while imports from {other.name} "
            f"stood at {money(rng, total - exports)}.",
            f" Of this, exports to {other.name} accounted for {money(rng, exports)} and imports for "
            f"{money(rng, total - exports)}.",
        ))  # fmt: skip
    if day.month >= 3 and rng.random() < 0.5:
        months = day.month - 1
        partial = p.turnover[day.year] * months / 12
        text += (f" In January–{MONTHS[months - 1]} {day.year} the volume of trade was "
                 f"{money(rng, partial)}.")  # fmt: skip
    return text


def context_paragraphs(rng: random.Random, p: Partner, day: dt.date) -> list[str]:
    """Rank, companies, diaspora and topics, each present with some probability."""
    home, other = p.home, p.side
    out = []
    if rng.random() < 0.5:
        out.append(rng.choice((
            f"{other.name} is {home.name}'s {ordinal(p.rank(day.year - 1))} largest trading partner in the world.",
            f"Today {other.name} ranks {ordinal(p.rank(day.year - 1))} among {home.name}'s trade partners.",
        )))  # fmt: skip
    if rng.random() < 0.5:
        count = p.companies + (day.year - FIRST_YEAR) * 3
        out.append(rng.choice((
            f"More than {count} companies with {other.adjective} capital operate in {home.name}.",
            f"About {count} enterprises with {other.adjective} participation are registered in {home.name}, "
            f"mostly in trade and construction.",
        )))  # fmt: skip
    if p.diaspora and rng.random() < 0.35:
        out.append(rng.choice((
            f"Some {p.diaspora:,} people of {other.adjective} origin live in {home.name} and keep cultural "
            f"centres in several cities.",
            f"The {other.adjective} community of {home.name}, about {p.diaspora // 1000} thousand people, "
            f"serves as a living bridge between the two nations.",
        )))  # fmt: skip
    out.append(rng.choice((
        f"In the course of the talks, the sides reviewed how the agreements reached at previous meetings are "
        f"being carried out and drew up a calendar of bilateral events for {day.year}. Both delegations "
        f"stressed the value of regular dialogue at every level, from parliaments to regional administrations.",
        f"The meeting took place in a constructive and friendly atmosphere. The diplomats looked at the state "
        f"of political, trade and cultural ties and at ways to remove the obstacles that still hold back "
        f"business between {home.name} and {other.name}, including visas and transport tariffs.",
    )))  # fmt: skip
    topics = rng.sample(TOPICS, 3)
    out.append(rng.choice((
        f"The parties identified {topics[0]}, {topics[1]} and {topics[2]} as promising areas of cooperation.",
        f"Particular attention was paid to {topics[0]} and {topics[1]}, as well as to joint projects in "
        f"{topics[2]}.",
        f"The diplomats discussed prospects in {topics[0]}, {topics[1]} and {topics[2]}.",
    )))  # fmt: skip
    return out


def lead(rng: random.Random, p: Partner, day: dt.date, kind: str) -> tuple[str, str]:
    """(title, opening paragraph with dateline) for one kind of release."""
    home, other = p.home, p.side
    ours, our_role = p.official(True, rng.choice((0, 1)), day.year)
    theirs, their_role = p.official(False, rng.choice((0, 1)), day.year)
    round_no = p.round_in(day.year)
    outlet = rng.choice(OUTLETS)
    if rng.random() < 0.7:
        dateline = f"{home.capital.upper()}. {outlet} – "
    else:
        dateline = f"{other.capital.upper()} – "
    if kind == "consultations":
        title = f"{home.name} and {other.name} hold {ordinal(round_no)} round of political consultations"
        body = (f"The {ordinal(round_no)} round of political consultations between the foreign ministries of "
                f"{home.name} and {other.name} took place in {rng.choice((home.capital, other.capital))}. "
                f"The {home.adjective} delegation was led by {our_role} {ours}, and the {other.adjective} "
                f"side by {their_role} {theirs}, the press service of the ministry reports.")  # fmt: skip
    elif kind == "visit":
        title = f"{home.adjective} {our_role} visits {other.capital}"
        body = (f"{our_role} of {home.name} {ours} paid an official visit to {other.capital}, where talks were "
                f"held with {their_role} {theirs}. It was the first such visit in {rng.randint(3, 9)} years.")  # fmt: skip
    elif kind == "signing":
        topic = rng.choice(TOPICS)
        document = rng.choice(DOCUMENTS).format(topic=topic)
        title = f"{home.name} and {other.name} sign documents on {topic}"
        body = (f"Following talks between {our_role} {ours} and {their_role} {theirs}, the sides signed "
                f"{document}. The {ordinal(p.round_in(day.year) // 2 + 1)} meeting of the intergovernmental "
                f"commission is planned for {day.year + 1}.")  # fmt: skip
    elif kind == "anniversary":
        years = day.year - p.relations_year
        title = f"{home.name}, {other.name} mark {ordinal(years)} anniversary of diplomatic relations"
        body = (f"{home.name} and {other.name} marked {years} years since establishing diplomatic relations in "
                f"{p.relations_year}. {our_role} {ours} and {their_role} {theirs} exchanged congratulatory "
                f"messages, and a reception was held at the embassy in {other.capital}.")  # fmt: skip
    else:
        title = f"{home.adjective}-{other.adjective} trade {'up' if p.growth(day.year - 1) >= 0 else 'down'} in {day.year - 1}"
        body = (f"Trade and economic ties topped the agenda when the {other.adjective} delegation led by "
                f"{their_role} {theirs} met {our_role} {ours} "
                f"in {home.capital}. A business forum held alongside gathered {rng.randint(40, 300)} "
                f"companies from both countries.")  # fmt: skip
    if rng.random() < 0.08:
        title = "Tell a friend"  # page furniture instead of a headline, as real pages have
    return title, dateline + body


def background(rng: random.Random, p: Partner, day: dt.date) -> list[str]:
    """History, investment, multilateral work and next steps, each present with some probability."""
    home, other = p.home, p.side
    out = []
    if rng.random() < 0.6:
        previous = max(1, p.round_in(day.year) - 1)
        out.append(rng.choice((
            f"Diplomatic relations between {home.name} and {other.name} were established in {p.relations_year}. "
            f"Since then the foreign ministries have held {previous} rounds of political consultations, and an "
            f"intergovernmental commission on trade and economic cooperation meets regularly.",
            f"{other.name} recognised the independence of {home.name} in {p.relations_year}, and embassies were "
            f"opened in {home.capital} and {other.capital} soon afterwards. The legal framework now counts more "
            f"than {rng.randint(20, 90)} treaties and agreements.",
        )))  # fmt: skip
    if rng.random() < 0.5:
        since = rng.randint(2005, 2012)
        out.append(rng.choice((
            f"{other.adjective} direct investment in {home.name} has reached {money(rng, p.turnover[day.year - 1] * 0.6)} "
            f"since {since}, most of it in processing industries and logistics.",
            f"Since {since} investors from {other.name} have put {money(rng, p.turnover[day.year - 1] * 0.4)} "
            f"into the {home.adjective} economy.",
        )))  # fmt: skip
    if rng.random() < 0.6:
        out.append(rng.choice((
            "The two sides also compared positions on regional security, the work of the United Nations and "
            "the OSCE, and agreed to support each other's candidacies in international organisations where "
            "their interests coincide.",
            "On the multilateral track, the diplomats exchanged views on connectivity between Europe and Asia, "
            "the Middle Corridor and climate policy, noting that their positions are close on most questions "
            "on the global agenda.",
        )))  # fmt: skip
    out.append(rng.choice((
        f"The parties agreed to hold the next round of consultations in {rng.choice((home.capital, other.capital))} "
        f"in {day.year + 1} and to prepare a programme of cultural events for the coming season.",
        "It was agreed to step up contacts between business associations and regions, and to keep up the pace "
        "of high-level visits in the coming years.",
    )))  # fmt: skip
    return out


def quote(rng: random.Random, p: Partner, day: dt.date) -> str:
    """A closing quote attributed by surname."""
    name, _ = p.official(rng.random() < 0.5, 0, day.year)
    said = rng.choice(("We are ready to take our partnership to a new level",
                       "Our economies complement each other, and there is room to grow",
                       "Transport links are the key to unlocking trade between our regions",
                       "We value the trust that has built up between our countries"))  # fmt: skip
    return f"\u201c{said},\u201d {name.split()[-1]} said."


def article(rng: random.Random, p: Partner, day: dt.date) -> str:
    """One press release, header line included."""
    kind = rng.choice(("consultations", "visit", "signing", "anniversary", "trade"))
    title, opening = lead(rng, p, day, kind)
    paragraphs = [opening, trade_paragraph(rng, p, day), *context_paragraphs(rng, p, day),
                  *background(rng, p, day), quote(rng, p, day)]  # fmt: skip
    return f" date {day.isoformat()} {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_workspace(out: Path, articles: int, partners: list[str], *, home: str, seed: int,
                    doc_partners: int | None = None, formats: tuple[str, ...] = ("md",)) -> list[Path]:
    """Write ``articles`` releases spread evenly over ``partners`` and briefgen.yaml; returns the files."""
    home_side = side(home)
    models = [Partner(seed, home_side, name) for name in partners]
    rng = random.Random(seed)
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    span = (dt.date(LAST_YEAR, 6, 30) - dt.date(FIRST_YEAR, 1, 1)).days
    written = []
    for number in range(articles):
        model = models[number % len(models)]
        day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(span))
        name = model.side.name.lower().replace(" ", "-")
        path = folder / f"{number:05d}-{name}.txt"
        path.write_text(article(rng, model, day), encoding="utf-8")
        written.append(path)
    listed = partners[: doc_partners or len(partners)]
    config = [f"home: {home_side.name}", "partners:", *(f"  - {n}" for n in listed),
              "articles: articles", f"formats: [{', '.join(formats)}]", 'desk: "Benchmark desk"']  # fmt: skip
    (out / "briefgen.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: write one workspace."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="workspace folder to create")
    parser.add_argument("--articles", "-n", type=int, default=100)
    parser.add_argument("--partners", type=int, default=8, help="how many partners the articles cover")
    parser.add_argument("--doc-partners", type=int, help="how many of them briefgen.yaml lists (default all)")
    parser.add_argument("--home", default="Kazakhstan")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="md", help="comma-separated formats for briefgen.yaml")
    args = parser.parse_args(argv)
    names = choose_partners(args.partners, args.home)
    files = write_workspace(args.out, args.articles, names, home=args.home, seed=args.seed,
                            doc_partners=args.doc_partners, formats=tuple(args.formats.split(",")))  # fmt: skip
    print(f"wrote {len(files)} articles about {len(names)} partners to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
