"""Command-line interface: parses arguments, calls one library function, maps errors to exit codes.

Exit codes: 0 ok, 1 a failed check or refused input, 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from briefgen import __version__
from briefgen.core.vocab import METRICS, OUTPUT_FORMATS
from briefgen.errors import BriefgenError


def _config(ctx: click.Context, articles: str | None = None):  # noqa: ANN202
    from briefgen.config import load_config

    obj = ctx.find_object(dict) or {}
    return load_config(obj.get("root"), articles=articles or obj.get("articles"))


class _Commands(click.Group):
    """The command group: the one place where library errors become messages and exit codes."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except BriefgenError as exc:
            click.echo(f"error: {exc}" if "\n" not in str(exc) else str(exc), err=True)
            ctx.exit(exc.exit_code)


# A calendar date on the command line; click refuses anything else with exit code 2.
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _output_formats(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """``--output md,pdf``: output formats, each one of briefgen's (a usage error, exit 2, otherwise)."""
    if not value:
        return None
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in OUTPUT_FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    return chosen


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Workspace folder (default: nearest folder with briefgen.yaml).")
@click.option("--articles", "articles", envvar="BRIEFGEN_ARTICLES", help="Articles folder (overrides briefgen.yaml).")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, articles: str | None) -> None:
    """Build country briefs whose every figure is footnoted to its source article."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root
    ctx.obj["articles"] = articles


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Read files in this many processes (0: one per core).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], jobs: int) -> None:
    """Register articles (files or folders) in facts/sources.json."""
    from briefgen.app.migrate import migrate_machine_files
    from briefgen.ingest.run import run_ingest

    config = _config(ctx)
    for note in migrate_machine_files(config):
        click.echo(note)
    with _progress() as progress:
        report = run_ingest(config, list(paths), jobs=jobs, progress=progress)
    for line in report.lines():
        click.echo(line)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    sys.exit(1 if report.problems else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object a line per file: path, title, date, url, outlet, partner, text, error.")
@click.pass_context
def text(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Print each article as briefgen reads it: the text every quote refers to."""
    from briefgen.ingest.show import read_articles

    articles = read_articles(paths, _config(ctx).home)
    for article in articles:
        if as_json:
            click.echo(article.to_json())
        else:
            for line in article.lines():
                click.echo(line)
        if article.error:
            click.echo(f"error: {article.path}: {article.error}", err=True)
        for warning in article.warnings:
            click.echo(f"warning: {warning}", err=True)
    sys.exit(1 if any(a.error for a in articles) else 0)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print sources and facts as one JSON object instead of writing files.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Extract in this many processes (0: one per core).")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, jobs: int) -> None:
    """Extract figures, people, events and topics from registered sources."""
    from briefgen.app.migrate import migrate_machine_files
    from briefgen.extract.run import run_extract

    config = _config(ctx)
    if not as_json:
        for note in migrate_machine_files(config):
            click.echo(note)
    with _progress() as progress:
        report = run_extract(config, list(paths), write=not as_json, jobs=jobs, progress=progress)
    if as_json:
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(1 if report.problems else 0)


@cli.command()
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--as-of", "as_of", type=DATE, help="Judge staleness relative to this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check(ctx: click.Context, strict: bool, as_of: dt.datetime | None, as_json: bool) -> None:
    """Check the fact base: schema, quotes, conflicts, arithmetic, staleness."""
    from briefgen.factbase.check import run_check

    config = _config(ctx)
    report = run_check(config, as_of=_day(as_of))
    if as_json:
        click.echo(report.to_json(), nl=False)
    else:
        for line in report.lines():
            click.echo(line)
    sys.exit(report.exit_code(strict))


@cli.command()
@click.argument("partner", required=False)
@click.option("--metric", type=click.Choice(METRICS), help="Only this metric.")
@click.option("--as-of", "as_of", type=DATE, help="Only facts known on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def facts(ctx: click.Context, partner: str | None, metric: str | None, as_of: dt.datetime | None, as_json: bool) -> None:
    """Show the merged fact base."""
    from briefgen.app.commands import fact_listing, print_listing
    from briefgen.factbase.load import figures_json, load_factbase

    config = _config(ctx)
    fb = load_factbase(config)
    if as_json:
        click.echo(figures_json(fb.figures(partner, metric, _day(as_of))), nl=False)
        return
    print_listing(fact_listing(fb, partner, metric, _day(as_of)), terminal=sys.stdout.isatty())


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on a terminal; plain lines on stderr otherwise (logs, CI, pipes)."""
    if not sys.stderr.isatty():
        def line(message: str, done: int, total: int) -> None:
            # Long runs (thousands of articles) report every tenth, not every item.
            step = max(1, total // 10) if total > 20 else 1
            if done % step == 0 or done == total:
                click.echo(f"[{done}/{total}] {message}", err=True)

        yield line
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("building", total=None)

        def update(message: str, done: int, total: int) -> None:
            bar.update(task, description=message, completed=done, total=total)

        yield update


def _print_build(config, report, changed: list[str] | None = None) -> None:  # noqa: ANN001
    if changed:
        click.echo(f"changed: {', '.join(changed)}")
    for line in report.lines(config.root):
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild every output.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Produce PDFs in this many processes (0: one per core).")
@click.option("--watch", is_flag=True, help="Rebuild when articles, facts, templates or config change.")
@click.option("--allow-unmatched", is_flag=True,
              help="Curated entries that match no fact are warnings, not errors (exit 0).")
@click.pass_context
def build(ctx: click.Context, force: bool, jobs: int, watch: bool, allow_unmatched: bool) -> None:
    """Ingest new articles, extract, and render every changed document into build/."""
    from briefgen.app.build import build_documents

    def wait(message: str) -> None:
        click.echo(message, err=True)

    def run(config):  # noqa: ANN001, ANN202
        with _progress() as progress:
            return build_documents(config, force=force, jobs=jobs, progress=progress, on_wait=wait,
                                   allow_unmatched=allow_unmatched)

    if watch:
        from briefgen.app.watch import watch_and_build

        click.echo("watching articles, facts, templates and briefgen.yaml; Ctrl-C stops", err=True)
        try:
            from briefgen.config import find_root

            watch_and_build(lambda: _config(ctx), run, on_build=_print_build,
                            on_error=lambda exc: click.echo(f"error: {exc}", err=True),
                            root=(ctx.find_object(dict) or {}).get("root") or find_root(),
                            on_note=lambda text: click.echo(text, err=True))
        except KeyboardInterrupt:
            # Outputs are written atomically, so stopping mid-build loses nothing.
            click.echo("stopped", err=True)
            sys.exit(130)
        return
    config = _config(ctx)
    report = run(config)
    _print_build(config, report)
    sys.exit(report.exit_code)


@cli.command("migrate-ids")
@click.pass_context
def migrate_ids(ctx: click.Context) -> None:
    """Rename position-based fact ids (older versions) in facts/extracted/ and facts/curated/."""
    from briefgen.app.migrate_ids import migrate_ids as run_migration

    report = run_migration(_config(ctx))
    for line in report.lines():
        click.echo(line)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(1 if report.problems else 0)


@cli.command()
@click.argument("partner", required=False)
@click.pass_context
def diff(ctx: click.Context, partner: str | None) -> None:
    """Show what changed in the fact base since each partner's last country brief."""
    from briefgen.app.diff import diff_partners, pending_line

    config = _config(ctx)
    results = diff_partners(config, partner)
    pending = pending_line(config)
    for result in results:
        for line in result.lines(config.home):
            click.echo(line)
    if pending:
        click.echo(pending)


@cli.command()
@click.argument("partner", required=False)
@click.option("--port", type=click.IntRange(min=0, max=65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
@click.option("--as-of", "as_of", type=DATE, help="Judge staleness relative to this date (YYYY-MM-DD).")
@click.pass_context
def review(ctx: click.Context, partner: str | None, port: int, no_browser: bool, as_of: dt.datetime | None) -> None:
    """Open a local page to check, correct and confirm PARTNER's facts (writes facts/curated/)."""
    from briefgen.app.review.server import serve

    config = _config(ctx)
    try:
        serve(config, partner, port=port, open_browser=not no_browser, as_of=_day(as_of), say=click.echo)
    except KeyboardInterrupt:
        pass  # uvicorn finished the open requests and re-raised Ctrl-C: the normal way to stop
    click.echo("stopped", err=True)


def _split(values: str | None) -> list[str] | None:
    return [v.strip() for v in values.split(",") if v.strip()] if values else None


@cli.command()
@click.argument("partner")
@click.option("--metrics", help="Comma-separated metrics, e.g. trade_turnover,exports (default: the key figures).")
@click.option("--write", is_flag=True, help="Write build/<partner>/fact-box.* instead of printing Markdown.")
@click.option("--output", "formats", callback=_output_formats,
              help="With --write: comma-separated output formats (md,html,pdf,docx).")
@click.pass_context
def factbox(ctx: click.Context, partner: str, metrics: str | None, write: bool, formats: list[str] | None) -> None:
    """Print (or write) the partner's fact box: key figures with footnotes."""
    from briefgen.app.commands import make_factbox

    config = _config(ctx)
    doc, written = make_factbox(config, partner, metrics=_split(metrics), formats=formats, write=write)
    if write:
        for path in written:
            click.echo(f"wrote {config.relative(path)}")
    else:
        click.echo(doc.markdown, nl=False)


@cli.command()
@click.argument("partner")
@click.option("--date", "date", type=DATE, required=True, help="Meeting date (YYYY-MM-DD).")
@click.option("--counterpart", "counterparts", multiple=True, help="A counterpart's name (repeatable).")
@click.option("--place", help="Where the meeting takes place.")
@click.option("--format", "meeting_format", help='Meeting format, e.g. "political consultations".')
@click.option("--output", "formats", callback=_output_formats,
              help="Comma-separated output formats (md,html,pdf,docx).")
@click.option("--force", is_flag=True, help="Replace a sheet already written for that date.")
@click.pass_context
def meeting(ctx: click.Context, partner: str, date: dt.datetime, counterparts: tuple[str, ...], place: str | None,
            meeting_format: str | None, formats: list[str] | None, force: bool) -> None:
    """Write a meeting-prep sheet for PARTNER into build/<partner>/."""
    from briefgen.app.commands import make_meeting

    config = _config(ctx)
    written = make_meeting(config, partner, date=date.date(), place=place, format=meeting_format,
                           counterparts=list(counterparts), formats=formats, force=force)
    for path in written:
        click.echo(f"wrote {config.relative(path)}")


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so locks are released and workers stopped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


def main() -> None:
    """Console-script entry point: click's own handling, except that Ctrl-C, SIGTERM and SIGHUP
    stop the run with one line (exit 130, 143, 129); outputs are written atomically, so what was
    written is complete and the rest is left as it was."""
    import signal

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        code = cli.main(prog_name="briefgen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort as exc:
        if not isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("Aborted!", err=True)
            sys.exit(1)
        click.echo("interrupted; nothing half-written was left behind", err=True)
        code = 130
    except KeyboardInterrupt:
        click.echo("interrupted; nothing half-written was left behind", err=True)
        code = 130
    except OSError as exc:
        # Library code turns expected failures into located errors; this is the last net, so that
        # even an unforeseen one is one line naming the path and the cause.
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        code = 1
    except _Stopped as exc:
        click.echo(f"stopped by {signal.Signals(exc.signum).name}; nothing half-written was left behind", err=True)
        code = 128 + exc.signum
    sys.exit(code if isinstance(code, int) else 0)
