"""Build every document for every partner into build/<partner>/, incrementally.

Order of work, so that an interrupted build never leaves a mix: ingest and extract new
articles, load the fact base, render the Markdown of each document whose inputs changed,
publish each one (every file atomically), write its snapshot, and write the manifest last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.app.manifest import (
    DocumentEntry,
    Manifest,
    document_inputs,
    kind_digests,
    output_stat,
    outputs_intact,
    read_manifest,
    workspace_fingerprint,
    write_manifest,
)
from briefgen.app.migrate import migrate_machine_files
from briefgen.core.slugs import slugify
from briefgen.core.vocab import OUTPUT_FORMATS as FORMATS
from briefgen.core.workers import worker_count
from briefgen.errors import BriefgenError, Problem, UsageError
from briefgen.storage.lock import remove_partial_files, workspace_lock

SNAPSHOTS = ".snapshots"
# progress(message, done, total): the CLI draws a bar on a terminal and prints lines otherwise.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build wrote, left alone, and what went wrong."""

    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    up_to_date: bool = False

    def lines(self, root: Path | None = None) -> list[str]:
        """Human-readable summary lines."""
        if self.up_to_date:
            return [*self.notes, "up to date: nothing to build"]

        def show(path: Path) -> str:
            try:
                return str(path.relative_to(root)) if root else str(path)
            except ValueError:
                return str(path)

        out = [*self.notes, *(f"wrote {show(p)}" for p in self.written)]
        out.append(f"{len(self.rendered)} documents rendered, {len(self.unchanged)} up to date, "
                   f"{len(self.written)} files written, {len(self.problems)} problems")
        return out

    @property
    def exit_code(self) -> int:
        """0 when every document was built, else 1."""
        return 1 if self.problems else 0


def output_dir(config: Any, partner: str) -> Path:
    """build/<partner-slug>, refusing anything that would land outside build/."""
    build = Path(config.build).resolve()
    folder = (build / slugify(partner, "partner")).resolve()
    if not folder.is_relative_to(build) or folder == build:
        raise UsageError(f"partner {partner!r} does not give a folder inside {build}")
    return folder


def kept_entries(config: Any, manifest: Manifest, built: tuple[str, ...]) -> dict[str, DocumentEntry]:
    """The manifest entries of partners not built this time (those built get fresh entries;
    their failed documents drop out). Each partner's folder is worked out once, not once per
    entry: with 601 partners that was most of the cost of a one-document rebuild."""
    folders = {output_dir(config, p).name for p in built}
    return {k: v for k, v in manifest.documents.items() if k.split("/")[0] not in folders}


def require_workspace(config: Any) -> None:
    """ConfigError unless ``config`` describes a workspace: checked before anything is written,
    so that a build started in the wrong folder leaves no build/ behind."""
    from briefgen.config import CONFIG_NAME
    from briefgen.errors import ConfigError

    root = Path(config.root)
    if not (root / CONFIG_NAME).is_file() and not Path(config.facts).is_dir():
        raise ConfigError(f"not a briefgen workspace: no {CONFIG_NAME} in {root} or any folder above it, "
                          "and no facts folder (run briefgen inside a workspace, or pass --root)")
    templates = Path(config.templates)
    if not templates.is_dir():
        raise ConfigError(f"templates: no such folder {config.relative(templates)}", file=CONFIG_NAME)


def _prepare(config: Any, report: BuildReport, progress: Progress | None) -> None:
    """Register new or changed articles from the articles folder and extract just those."""
    from briefgen.app import reread as rereads
    from briefgen.extract.run import run_extract
    from briefgen.ingest.registry import load_registry
    from briefgen.ingest.run import run_ingest

    try:
        before = load_registry(config)
    except BriefgenError:
        before = {}  # ingest reports the unreadable registry itself
    ingest = run_ingest(config, progress=progress)
    report.warnings.extend(ingest.warnings)
    report.problems.extend(ingest.problems)
    changed = set(ingest.added) | set(ingest.updated)
    # Pages whose recorded extractor differs (a new trafilatura) were just read again; their
    # quotes before re-extraction are kept to say what changed.
    reread = rereads.find_rereads(config, before, ingest.sources)
    # Only new or changed articles are re-extracted: a fresh clone renders from the committed
    # fact base even when the articles behind it are not on this machine.
    paths = [config.root / s.path for s in ingest.sources if s.id in changed]
    if paths:
        extract = run_extract(config, paths, write=True, jobs=0 if len(paths) > 50 else 1, progress=progress)
        report.problems.extend(extract.problems)
    if reread.pairs:
        report.warnings.extend(rereads.compare(config, reread, rereads.read_texts(config, reread)))
        report.notes.append(reread.line())


@dataclass
class _Job:
    """A document to publish, with what the manifest and snapshot need afterwards."""

    key: str
    folder: Path
    doc: Any
    inputs: str
    snapshot_text: str


def _documents(fb: Any, partner: str) -> list[tuple[str, dict | None]]:
    """(kind, meeting spec) of every document a partner gets."""
    return [("country-brief", None), ("fact-box", None)] + [("meeting", spec) for spec in fb.meetings(partner)]


def _plan(config: Any, fb: Any, partner: str, kinds: dict[str, str], manifest: Manifest,
          force: bool, report: BuildReport, keep: dict[str, DocumentEntry]) -> list[_Job]:
    """Render the Markdown of each of the partner's documents whose inputs changed."""
    from briefgen.documents.render import meeting_name, render_document
    from briefgen.documents.snapshots import (
        Snapshot,
        baseline_for,
        compare,
        digest,
        parse_snapshot,
        take_snapshot,
    )

    build = Path(config.build).resolve()
    folder = output_dir(config, partner)
    jobs = []
    made: dict[str, str] = {}  # output name -> the meeting spec it came from
    for kind, spec in _documents(fb, partner):
        try:
            name = meeting_name(spec) if spec is not None else kind
            if spec is not None:
                if name in made:
                    report.problems.append(Problem(
                        f"meeting: would be written as {name}, like {made[name]}; this one is not built "
                        "(give it another date, format or slug)", spec.get("file")))
                    continue
                made[name] = str(spec.get("file") or name)
            key = f"{folder.relative_to(build).as_posix()}/{name}"
            facts = take_snapshot(kind, fb, partner, spec)
            snap_path = folder / SNAPSHOTS / f"{name}.json"
            previous = None
            if snap_path.is_file():
                try:
                    previous = parse_snapshot(snap_path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    pass
                if previous is None:
                    report.warnings.append(Problem(
                        "snapshot unreadable (damaged or from another version): treated as absent, so this "
                        "edition lists no changes since the previous one", config.relative(snap_path)))
            baseline, since = baseline_for(previous, facts)
            inputs = document_inputs(kinds[kind], digest(facts), None if baseline is None else digest(baseline))
            entry = manifest.documents.get(key)
            if not force and entry is not None and entry.inputs == inputs and outputs_intact(build, entry):
                report.unchanged.append(key)
                keep[key] = entry
                continue
            changes = compare(baseline, facts, since)
            doc = render_document(kind, fb, partner, config, meeting=spec, changes=changes)
            snapshot = Snapshot(facts, doc.generated, baseline, since)
            jobs.append(_Job(key, folder, doc, inputs, snapshot.to_json()))
        except BriefgenError as exc:
            report.problems.append(Problem(exc.message, exc.file, exc.line))
    return jobs


def _publish_job(doc: Any, folder: Path, formats: tuple[str, ...], templates: Path) -> tuple[list[Path], Problem | None]:
    """Publish one document; errors come back as a Problem (they cross a process boundary)."""
    from briefgen.publish.outputs import publish

    try:
        return publish(doc, folder, formats, templates=templates), None
    except BriefgenError as exc:
        return [], Problem(exc.message, exc.file, exc.line)


def _workers(jobs: int, count: int, formats: tuple[str, ...]) -> int:
    if "pdf" not in formats and "docx" not in formats:
        return 1  # Markdown and HTML take milliseconds; a process pool would only add start-up time
    return worker_count(jobs, count)


def _publish_all(config: Any, planned: Iterable[_Job], formats: tuple[str, ...], workers: int, total: int,
                 progress: Progress | None, done: Callable[[_Job, list[Path], Problem | None], None]) -> None:
    """Publish each job as it is planned: with workers, PDFs are laid out while later documents'
    Markdown is still being rendered."""
    templates = Path(config.templates)
    if workers <= 1:
        for i, job in enumerate(planned):
            if progress:
                progress(f"publishing {job.key} ({', '.join(formats)})", i, total)
            done(job, *_publish_job(job.doc, job.folder, formats, templates))
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    from briefgen.core.workers import WorkerDied, worker_pool

    finished = 0

    def collect(futures: dict, block: bool) -> None:
        nonlocal finished
        ready = wait(futures, return_when=FIRST_COMPLETED)[0] if block else [f for f in futures if f.done()]
        for future in ready:
            job = futures.pop(future)
            done(job, *future.result())
            finished += 1
            if progress:
                progress(f"published {job.key}", finished, total)

    futures: dict = {}
    try:
        with worker_pool(workers) as pool:
            for job in planned:
                futures[pool.submit(_publish_job, job.doc, job.folder, formats, templates)] = job
                collect(futures, block=False)
            while futures:
                collect(futures, block=True)
    except WorkerDied as exc:
        # Documents not finished are reported (the manifest leaves them out, so the next build redoes them).
        for job in [*futures.values(), *planned]:
            done(job, [], Problem(f"not published: {exc}", job.key))


def build_documents(config: Any, *, partners: list[str] | None = None, formats: list[str] | None = None,
                    force: bool = False, prepare: bool = True, jobs: int = 0,
                    progress: Progress | None = None, on_wait: Callable[[str], None] | None = None,
                    allow_unmatched: bool = False) -> BuildReport:
    """Render country brief, fact box and meeting sheets for each partner into build/, skipping
    documents whose inputs are unchanged; ``jobs`` PDF processes (0: one per core). Curated
    entries that match no fact are problems (warnings with ``allow_unmatched``)."""
    chosen = tuple(formats or config.formats)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    names = tuple(partners or config.partners)
    require_workspace(config)
    for partner in names:
        output_dir(config, partner)
    build = Path(config.build).resolve()
    report = BuildReport()
    with workspace_lock(build, on_wait=on_wait):
        remove_partial_files(build)
        report.notes.extend(migrate_machine_files(config))
        manifest = read_manifest(build)
        if not force and manifest.fingerprint and manifest.fingerprint == workspace_fingerprint(config, chosen, names) \
                and all(outputs_intact(build, e) for e in manifest.documents.values()):
            report.up_to_date = True
            report.unchanged.extend(sorted(manifest.documents))
            return report
        if prepare:
            _prepare(config, report, progress)
        # Taken before the facts are read: an edit made while the build runs is seen next time.
        fingerprint = workspace_fingerprint(config, chosen, names)
        from briefgen.factbase.load import load_factbase

        fb = load_factbase(config)
        report.problems.extend(fb.problems)
        for spec in fb.meetings():
            if spec.get("partner") not in config.partners:
                report.warnings.append(Problem(
                    f"meeting: partner {spec.get('partner')!r} is not in partners in briefgen.yaml; "
                    "no sheet is built for it", spec.get("file")))
        # A curated entry that applies to nothing (its fact's id changed, a typo) would let a
        # rejected or corrected figure back into the documents unnoticed.
        (report.warnings if allow_unmatched else report.problems).extend(fb.curation_problems)
        keep: dict[str, DocumentEntry] = {}
        kinds = kind_digests(config, chosen)
        planned = (job for partner in names for job in _plan(config, fb, partner, kinds, manifest, force, report, keep))
        # At most this many documents; those found up to date are skipped without a job.
        total = sum(len(_documents(fb, partner)) for partner in names)

        def done(job: _Job, written: list[Path], problem: Problem | None) -> None:
            from briefgen.storage.atomic import write_text_atomic

            if problem is not None:
                report.problems.append(problem)
                return
            write_text_atomic(job.folder / SNAPSHOTS / f"{job.doc.name}.json", job.snapshot_text)
            report.written.extend(written)
            report.rendered.append(job.key)
            keep[job.key] = DocumentEntry(job.inputs, {
                p.relative_to(build).as_posix(): output_stat(p) for p in written if output_stat(p) is not None
            })

        def counted(message: str, finished: int, total: int) -> None:
            if progress:  # documents found up to date count as done
                progress(message, finished + len(report.unchanged), total)

        _publish_all(config, planned, chosen, _workers(jobs, total, chosen), total, counted, done)
        write_manifest(build, Manifest("" if report.problems else fingerprint, kept_entries(config, manifest, names) | keep))
    return report
