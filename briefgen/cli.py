"""Command-line interface: parses arguments, calls one library function, maps errors to exit codes.

Exit codes: 0 ok, 1 a failed check or refused input, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen import __version__
from briefgen.errors import BriefgenError


def _config(ctx: click.Context, articles: str | None = None):  # noqa: ANN202
    from briefgen.config import load_config

    obj = ctx.find_object(dict) or {}
    return load_config(obj.get("root"), articles=articles or obj.get("articles"))


def _fail(exc: BriefgenError) -> None:
    click.echo(f"error: {exc}" if "\n" not in str(exc) else str(exc), err=True)
    sys.exit(exc.exit_code)


def _not_yet(name: str) -> None:
    click.echo(f"briefgen {name}: not yet available in this version", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Register articles (files or folders) in facts/sources.yaml."""
    from briefgen.ingest import run_ingest

    try:
        config = _config(ctx)
        report = run_ingest(config, list(paths) or [config.articles])
    except BriefgenError as exc:
        _fail(exc)
    for line in report.lines():
        click.echo(line)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    sys.exit(1 if report.problems else 0)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print sources and facts as one JSON object instead of writing files.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Extract figures, people, events and topics from registered sources."""
    from briefgen.extract import run_extract

    try:
        config = _config(ctx)
        report = run_extract(config, list(paths), write=not as_json)
    except BriefgenError as exc:
        _fail(exc)
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
@click.option("--as-of", "as_of", help="Judge staleness relative to this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check(ctx: click.Context, strict: bool, as_of: str | None, as_json: bool) -> None:
    """Check the fact base: schema, quotes, conflicts, arithmetic, staleness."""
    _not_yet("check")


@cli.command()
@click.argument("partner", required=False)
@click.option("--metric", help="Only this metric.")
@click.option("--as-of", "as_of", help="Only facts known on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def facts(ctx: click.Context, partner: str | None, metric: str | None, as_of: str | None, as_json: bool) -> None:
    """Show the merged fact base."""
    _not_yet("facts")


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild every output.")
@click.option("--watch", is_flag=True, help="Rebuild when articles, facts, templates or config change.")
@click.pass_context
def build(ctx: click.Context, force: bool, watch: bool) -> None:
    """Ingest new articles, extract, and render every document into build/."""
    _not_yet("build")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="briefgen")
