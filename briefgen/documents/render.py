"""Render documents (country brief, meeting sheet, fact box) to Markdown with Jinja2 templates."""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.core.clock import today
from briefgen.core.slugs import slugify
from briefgen.core.values import ordinal
from briefgen.core.vocab import TOPIC_LABELS
from briefgen.documents import history, selection
from briefgen.documents.escape import Md, finalize, md_escape, md_url
from briefgen.documents.footnotes import Note, NoteRegistry
from briefgen.documents.helpers import DocWriter, event_date
from briefgen.documents.kinds import DOCUMENT_TEMPLATES, KINDS
from briefgen.documents.provenance import lint_markdown
from briefgen.errors import RenderError


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """One rendered document: Markdown, its notes, and files it references (charts)."""

    kind: str
    name: str
    title: str
    partner: str
    markdown: str
    notes: tuple[Note, ...]
    assets: tuple[tuple[str, str], ...]
    facts_as_of: dt.date | None
    generated: dt.date | None
    classification: str
    desk: str
    description: str
    keywords: tuple[str, ...]
    lang: str = "en"


def generation_date() -> dt.date:
    """The day the document is generated: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    return today()


def meeting_name(meeting: dict) -> str:
    """``meeting-2026-12-10-political-consultations`` for a meeting spec."""
    slug = slugify(meeting.get("slug") or meeting.get("format") or meeting.get("title") or "", "meeting")
    return f"meeting-{_as_date(meeting['date']).isoformat()}-{slug}"


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RenderError(f"meeting date: expected YYYY-MM-DD, got {value!r}") from None


# Compiling the templates took most of a Markdown build, so one Environment per templates
# folder is kept (Jinja reloads a template whose file changed). Per-document helpers (the
# footnote registry, settings) are looked up through a context variable at call time, because
# Jinja caches imported macro modules together with the globals they saw first.
_ENVIRONMENTS: dict[str, Any] = {}
_HELPERS: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("briefgen_template_helpers")
_HELPER_NAMES = ("value", "fig", "cite", "when", "label", "date", "trend", "pair", "shares", "period",
                 "md_list", "stale_marked", "event_day")


def _dispatch(name: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        return _HELPERS.get()[name](*args, **kwargs)

    call.__name__ = name
    return call


def _environment(config: Any):  # noqa: ANN202 - jinja2 is imported lazily
    key = str(config.templates)
    env = _ENVIRONMENTS.get(key)
    if env is not None:
        return env
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: a template (shared between desks, mailed around) can reach only the values and
    # helpers given to it, never Python's internals (no `__class__`, no `os.popen`); cost in
    # benchmarks/README.md ("Sandboxed templates").
    env = SandboxedEnvironment(
        loader=FileSystemLoader(key),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.globals.update({name: _dispatch(name) for name in _HELPER_NAMES})
    env.globals["ordinal"] = lambda n: Md(ordinal(int(n)))
    env.globals["topic_label"] = _topic_label
    env.globals["link"] = md_url
    env.filters["esc"] = md_escape
    env.filters["date"] = _dispatch("date")
    _ENVIRONMENTS[key] = env
    return env


def _helpers(writer: DocWriter) -> dict[str, Any]:
    helpers = writer.globals()
    missing = set(_HELPER_NAMES) - set(helpers)
    if missing:
        raise RenderError(f"template helpers missing: {', '.join(sorted(missing))}")
    return helpers


def _topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def _context(kind: str, fb: Any, partner: str, config: Any, as_of: dt.date | None,
             meeting: dict | None, metrics: tuple[str, ...] | None) -> dict[str, Any]:
    home = fb.home
    blank = dict.fromkeys(("name", "official_name", "capital", "languages", "our_embassy", "their_embassy", "notes"))
    ctx: dict[str, Any] = {"home": home, "partner": partner, "profile": blank | dict(fb.profile(partner) or {})}
    if kind == "fact-box":
        ctx["box"] = selection.key_figures(fb, partner, as_of, metrics)
        ctx["title"] = f"{home} – {partner}: key figures"
        return ctx
    if kind == "country-brief":
        ctx["title"] = f"{home} – {partner}: country brief"
        ctx["box"] = selection.key_figures(fb, partner, as_of, metrics)
        ctx["trends"] = selection.trends(fb, partner, as_of, every_stated_growth=True)
        rows = selection.trade_rows(fb, partner, as_of)
        ctx["trade_full"] = [r for r in rows if r.full_year]
        ctx["trade_partial"] = [r for r in rows if not r.full_year]
        ctx["ranks"] = selection.ranks(fb, partner, as_of)
        # One line per scope, oldest first: the rank as a series, not four separate lines.
        ctx["rank_series"] = [[r for r in ctx["ranks"] if r.scope == scope]
                              for scope in dict.fromkeys(r.scope for r in ctx["ranks"])]
        ctx["events"] = history.events_by_kind(fb, partner, as_of)
        ctx["established"] = history.relations_established(ctx["events"]["relations"])
        ctx["people"] = selection.people(fb, partner, as_of)
        ctx["topics"] = selection.topics(fb, partner, as_of)
        ctx["culture_figures"] = [v for v in ctx["box"] if v.metric in selection.CULTURE_METRICS]
        ctx["series"] = selection.earlier_counts(fb, partner, ctx["box"], as_of)
        exports = fb.latest(partner, "exports", as_of=as_of, full_year=True)
        period = exports.period if exports else None
        ctx["share_base"] = selection.companion(fb, partner, "trade_turnover", period, exports, as_of) if period else None
        ctx["share_exports"] = exports
        ctx["share_imports"] = selection.companion(fb, partner, "imports", period, exports, as_of) if period else None
        ctx["disputed"] = [group for group in fb.disputed(as_of=as_of) if group and group[0].partner == partner]
        ctx["sources"] = sorted(
            (s for s in fb.sources.values() if s.partner == partner and (as_of is None or s.date is None or s.date <= as_of)),
            key=lambda s: (s.date or dt.date.min, s.id),
        )
        ctx["chart"] = None
        return ctx
    if meeting is None:
        raise RenderError("a meeting sheet needs a meeting (a spec or --date/--place/--format)")
    return ctx | _meeting_context(fb, partner, meeting)


_MEETING_KEYS = ("title", "partner", "date", "time", "place", "format", "round", "principal", "counterparts",
                 "objectives", "their_objectives", "talking_points", "deliverables", "follow_ups",
                 "sensitivities", "press", "slug")


def _meeting_context(fb: Any, partner: str, meeting: dict) -> dict[str, Any]:
    meeting = dict.fromkeys(_MEETING_KEYS) | dict(meeting)
    day = _as_date(meeting["date"])
    events = fb.events(partner, as_of=day)
    kind = history.format_event_kind(meeting.get("format"))
    earlier = [e for e in events if e.event == kind and (event_date(e) or dt.date.max) < day]
    from briefgen.documents.roles import dated_roles

    roles = {}
    for row in dated_roles(fb.people(partner, as_of=day), events):
        for alias in (row.person.name, *row.person.aliases):
            roles.setdefault(selection.name_key(alias), row)
    counterparts = []
    for entry in meeting.get("counterparts") or []:
        name, role = (entry.get("name"), entry.get("role")) if isinstance(entry, dict) else (str(entry), None)
        reported = [p for p in fb.person_history(name) if p.as_of is None or p.as_of <= day]
        known = reported[-1] if reported else None
        dated = roles.get(selection.name_key(known.name)) if known else None
        met = [e for e in events if selection.last_event_with([e], known or _bare_person(name), day)]
        counterparts.append({"name": name, "role": role, "known": dated.person if dated else known, "dated": dated, "met": met})
    last = earlier[-1] if earlier else None
    return {
        "title": meeting.get("title") or f"{meeting.get('format') or 'Meeting'} with {partner}",
        "meeting": meeting,
        "day": day,
        "counterparts": counterparts,
        "earlier": earlier,
        "last": last,
        "outcomes": history.last_meeting_outcomes(fb, partner, last, day),
        "box": selection.key_figures(fb, partner, day, selection.MEETING_METRICS, scopes=("world",)),
        "trends": selection.trends(fb, partner, day),
        "ranks": [r for r in selection.ranks(fb, partner, day) if r.scope == "world"][-1:],
    }


def _bare_person(name: str):  # noqa: ANN202
    from briefgen.model import PersonView

    return PersonView(id="", name=name, role=None, organisation=None, country=None, as_of=None, citations=())


def _render_once(kind: str, fb: Any, partner: str, config: Any, ctx: dict[str, Any],
                 doc: dict[str, Any], stale: frozenset[str]) -> tuple[str, NoteRegistry]:
    from jinja2 import TemplateError, TemplateSyntaxError

    notes = NoteRegistry()
    # Every reported role of each person, so an event's participant is quoted from the same article.
    people = [v for p in fb.people(partner) for v in fb.person_history(p.name)]
    writer = DocWriter(fb.home, partner, notes, stale=stale, people=people)
    env = _environment(config)
    token = _HELPERS.set(_helpers(writer))
    name = DOCUMENT_TEMPLATES[kind]
    try:
        body = env.get_template(name).render(**ctx, doc=doc)
    except TemplateSyntaxError as exc:
        file = _shown(config, exc.filename) if exc.filename else f"templates/{name}"
        raise RenderError(f"template error: {exc.message}", file=file, line=exc.lineno) from None
    except (TemplateError, TypeError) as exc:
        where, line = _template_line(exc)
        file = _shown(config, where) if where else f"templates/{name}"
        raise RenderError(f"template error: {exc}", file=file, line=line) from None
    finally:
        _HELPERS.reset(token)
    body = body.rstrip("\n") + "\n"
    if notes.notes:
        body += "\n" + notes.markdown() + "\n"
    return body, notes


def _shown(config: Any, path: str) -> str:
    return config.relative(Path(path)) if hasattr(config, "relative") else path


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where the error arose: the innermost template frame, which
    is the macro's file when the error is inside an imported macro."""
    tb = exc.__traceback__
    file, line = None, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            file, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return file, line


def render_document(kind: str, fb: Any, partner: str, config: Any, *, as_of: dt.date | None = None,
                    meeting: dict | None = None, metrics: tuple[str, ...] | list[str] | None = None,
                    changes: Any = None) -> RenderedDocument:
    """Render one document to Markdown, footnote every figure and lint its provenance;
    ``changes`` (a snapshot.Changes) adds the "Changes since" section."""
    if kind not in KINDS:
        raise RenderError(f"unknown document kind {kind!r} (choose from {', '.join(KINDS)})")
    metrics = tuple(metrics) if metrics else None
    if changes:
        from briefgen.documents.snapshots import with_curation

        changes = with_curation(changes, fb)
    fb = selection.CheckedFacts(fb)
    ctx = _context(kind, fb, partner, config, as_of, meeting, metrics)
    ctx["left_out"] = sorted(fb.left_out.values(), key=lambda v: (v.metric, v.id))
    ctx["changes"] = changes if changes else None
    assets: list[tuple[str, str]] = []
    name = meeting_name(meeting) if kind == "meeting" and meeting else kind
    if kind == "country-brief":
        chart = _chart(ctx, fb.home, partner)
        if chart is not None:
            chart_name = f"{name}-turnover.svg"
            assets.append((chart_name, chart))
            ctx["chart"] = {"file": chart_name, "alt": f"Trade turnover between {fb.home} and {partner} by full year"}
    generated = generation_date()
    # Freshness is judged on the document's own date: the meeting's, else the day it is generated.
    judged_on = ctx["day"] if kind == "meeting" else as_of or generated
    stale = selection.stale_ids(fb, partner, judged_on, config.stale_after_months, ctx.get("day", as_of))
    judged_label = "the meeting date" if kind == "meeting" else "the date of this document" if as_of is None else ""
    doc = {"facts_as_of": None, "generated": generated, "judged_on": judged_on, "judged_label": judged_label,
           "stale_months": config.stale_after_months, "classification": config.classification, "desk": config.desk}
    # Facts-as-of is the newest source actually cited, known only after a first pass.
    _, notes = _render_once(kind, fb, partner, config, ctx, doc, stale)
    dates = [c.date for note in notes.notes for c in note.citations if c.date]
    facts_as_of = max(dates) if dates else None
    markdown, notes = _render_once(kind, fb, partner, config, ctx, doc | {"facts_as_of": facts_as_of}, stale)
    settings = {"classification": config.classification, "desk": config.desk, "home": config.home, "partner": partner}
    lint_markdown(markdown, notes.notes, name=f"{name}.md",
                  settings={**settings, **{f"{k} (escaped)": str(md_escape(v)) for k, v in settings.items() if v}})
    return RenderedDocument(
        kind=kind,
        name=name,
        title=ctx["title"],
        partner=partner,
        markdown=markdown,
        notes=notes.notes,
        assets=tuple(assets),
        facts_as_of=facts_as_of,
        generated=generated,
        classification=config.classification,
        desk=config.desk,
        description=f"{ctx['title']}; every figure footnoted to its source",
        keywords=(fb.home, partner, kind.replace("-", " ")),
    )


def _chart(ctx: dict[str, Any], home: str, partner: str) -> str | None:
    from briefgen.core.values import format_value
    from briefgen.documents.chart import bar_chart
    from briefgen.documents.helpers import period_label

    by_year = {
        int(row.period[:4]): (period_label(row.period), row.figures["trade_turnover"].value,
                              format_value(row.figures["trade_turnover"].value, row.figures["trade_turnover"].unit))
        for row in ctx["trade_full"]
        if "trade_turnover" in row.figures and row.period[:4].isdigit()
    }
    if len(by_year) < 2:
        return None
    # Years the sources skip keep their place on the axis, so the bars are not evenly spaced lies.
    points = [by_year.get(year, (str(year), None, "")) for year in range(min(by_year), max(by_year) + 1)]
    return bar_chart(points, f"Trade turnover {home} – {partner}, full years")


__all__ = ["KINDS", "Md", "RenderedDocument", "meeting_name", "render_document", "slugify"]
