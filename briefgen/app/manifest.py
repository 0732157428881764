"""The build manifest (build/.manifest.json): what each output was made from.

Two levels keep a no-op build cheap. The workspace fingerprint (config, every file in facts/
and templates/, the articles folder listing, versions) lets a build stop before the fact base
is even loaded. When it differs, each document's own input digest (its facts snapshot, its
templates, the settings it prints) decides whether that document is rendered again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.core.clock import source_date
from briefgen.documents.kinds import DOCUMENT_TEMPLATES
from briefgen.ingest.files import HTML_SUFFIXES
from briefgen.storage.atomic import write_text_atomic

MANIFEST_NAME = ".manifest.json"
MANIFEST_FORMAT = 1


@dataclass
class DocumentEntry:
    """One document in the manifest: its input digest and the outputs it produced."""

    inputs: str
    outputs: dict[str, tuple[int, int]] = field(default_factory=dict)  # build-relative path -> (size, mtime_ns)


@dataclass
class Manifest:
    """The whole manifest: the workspace fingerprint and one entry per document."""

    fingerprint: str = ""
    documents: dict[str, DocumentEntry] = field(default_factory=dict)

    def to_json(self) -> str:
        """Deterministic JSON text."""
        docs = {name: {"inputs": e.inputs, "outputs": {p: list(v) for p, v in sorted(e.outputs.items())}}
                for name, e in sorted(self.documents.items())}
        data = {"format": MANIFEST_FORMAT, "version": __version__, "fingerprint": self.fingerprint, "documents": docs}
        return json.dumps(data, sort_keys=True, indent=1) + "\n"


def read_manifest(build: Path) -> Manifest:
    """The manifest in ``build``; an empty one when missing, unreadable or from another version."""
    try:
        data = json.loads((Path(build) / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT or data.get("version") != __version__:
            return Manifest()
        docs = {
            name: DocumentEntry(entry["inputs"], {p: (int(v[0]), int(v[1])) for p, v in entry["outputs"].items()})
            for name, entry in data["documents"].items()
        }
        return Manifest(str(data["fingerprint"]), docs)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return Manifest()


def write_manifest(build: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (the last step of a build)."""
    write_text_atomic(Path(build) / MANIFEST_NAME, manifest.to_json())


def output_stat(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of an output, or None when it is missing."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def outputs_intact(build: Path, entry: DocumentEntry) -> bool:
    """True when every output recorded for a document is still there, untouched."""
    return bool(entry.outputs) and all(output_stat(Path(build) / rel) == tuple(stat)
                                       for rel, stat in entry.outputs.items())


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def _library_versions() -> str:
    """Installed versions of the libraries that shape outputs, read from their dist-info
    folder names (importlib.metadata costs more than the whole no-op build should)."""
    import importlib.util

    out = []
    # (module, distribution): pandoc's version is the pypandoc-binary wheel's; Pillow draws the
    # chart for Word.
    for name, dist in (("jinja2", "jinja2"), ("markdown", "markdown"), ("weasyprint", "weasyprint"),
                       ("pypandoc", "pypandoc_binary"), ("PIL", "pillow")):
        spec = importlib.util.find_spec(name)
        found = "none"
        if spec is not None and spec.origin:
            site = Path(spec.origin).parent.parent
            infos = sorted(p.name for p in site.glob("*.dist-info") if p.name.casefold().startswith(dist + "-"))
            found = ";".join(infos) or "unknown"
        out.append(f"{name}={found}")
    return ",".join(out)


def _settings(config: Any, formats: tuple[str, ...]) -> dict:
    # Only settings that show in a document; adding a partner must not rebuild the others.
    return {
        "home": config.home, "classification": config.classification, "desk": config.desk,
        "stale_after_months": config.stale_after_months, "formats": list(formats),
        "source_date": str(source_date() or ""),
        "versions": f"briefgen={__version__},{_library_versions()}",
    }


def workspace_fingerprint(config: Any, formats: tuple[str, ...], partners: tuple[str, ...]) -> str:
    """A digest of everything a build reads; unchanged means there is nothing to do."""
    from briefgen.config import CONFIG_NAME

    digest = hashlib.sha256()
    digest.update(json.dumps([_settings(config, formats), list(partners)], sort_keys=True).encode())
    config_file = Path(config.root) / CONFIG_NAME
    if config_file.is_file():
        digest.update(b"config\0" + config_file.read_bytes())
    for label, folder in (("facts", Path(config.facts)), ("templates", Path(config.templates))):
        for path in _files(folder):
            digest.update(f"{label}\0{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    articles = Path(config.articles)
    # Articles are compared by listing (name, size, mtime); ingest itself hashes their text.
    pages = False
    for path in _files(articles):
        st = path.stat()
        digest.update(f"article\0{path.relative_to(articles).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        pages = pages or path.suffix.lower() in HTML_SUFFIXES
    if pages:
        # Another trafilatura reads the same page differently: ingest must read it again.
        from briefgen.ingest.webpage import extractor_version

        digest.update(f"extractor\0{extractor_version()}\n".encode())
    return digest.hexdigest()


def _template_digest(templates: Path, kind: str) -> str:
    """A digest of the templates, stylesheet and assets a document of ``kind`` uses."""
    others = {name for k, name in DOCUMENT_TEMPLATES.items() if k != kind}
    digest = hashlib.sha256()
    for path in _files(Path(templates)):
        rel = path.relative_to(templates).as_posix()
        if rel not in others:
            digest.update(f"{rel}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def kind_digests(config: Any, formats: tuple[str, ...]) -> dict[str, str]:
    """Per document kind, a digest of its templates and the settings it prints; computed once
    per build (it reads every template file), not once per document."""
    settings = json.dumps(_settings(config, formats), sort_keys=True)
    return {
        kind: hashlib.sha256(f"{settings}\0{_template_digest(Path(config.templates), kind)}".encode()).hexdigest()
        for kind in DOCUMENT_TEMPLATES
    }


def document_inputs(kind_digest: str, facts_digest: str, baseline_digest: str | None) -> str:
    """The input digest of one document: its kind's templates and settings, its facts and baseline."""
    return hashlib.sha256(f"{kind_digest}\0{facts_digest}\0{baseline_digest}".encode()).hexdigest()
