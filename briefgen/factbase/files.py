"""Validated contents of the files in facts/: extracted facts, curation entries, profiles, meetings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import FactFileError
from briefgen.factbase.schema import (
    ADDITION_SPECS,
    CONFIRMATION_SPEC,
    CORRECTION_SPEC,
    COUNTRY_SPEC,
    CURATED_KEYS,
    EXTRACTED_SPEC,
    FACT_CLASSES,
    FACT_SPECS,
    MEETING_SPEC,
    PREFERENCE_SPEC,
    REJECTION_SPEC,
    Collector,
    check_mapping,
    describe,
    item_line,
)
from briefgen.model import Extraction, Fact, Source
from briefgen.storage.machine import read_json
from briefgen.storage.yamlfiles import LineDict, LineList, read_yaml


@dataclass(frozen=True, slots=True)
class Location:
    """Where a fact or curation entry is written."""

    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Reference:
    """An external publication a hand-added fact cites instead of a registered article."""

    outlet: str
    title: str
    date: dt.date
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """Replace some fields of an extracted fact."""

    id: str
    changes: tuple[tuple[str, Any], ...]
    reason: str
    where: Location


@dataclass(frozen=True, slots=True)
class Rejection:
    """Exclude an extracted fact from every query."""

    id: str
    reason: str
    where: Location


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A person checked a fact against its article and found it right."""

    id: str
    reason: str | None
    where: Location


@dataclass(frozen=True, slots=True)
class Preference:
    """Settle a conflict: ``prefer`` wins over ``over`` (None = every other fact under its key)."""

    prefer: str
    over: tuple[str, ...] | None
    reason: str
    where: Location


@dataclass(frozen=True, slots=True)
class Addition:
    """A fact added by hand, citing a registered source (with quote) or an external reference."""

    fact: Fact
    partner: str | None
    reference: Reference | None
    note: str | None
    where: Location


@dataclass(frozen=True, slots=True)
class Curation:
    """Every entry of every file in facts/curated/."""

    corrections: tuple[Correction, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    preferences: tuple[Preference, ...] = ()
    additions: tuple[Addition, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()


@dataclass
class ExtractedFile:
    """One validated facts/extracted/<id>.json."""

    extraction: Extraction | None
    locations: dict[str, Location] = field(default_factory=dict)


def _build_fact(kind: str, values: dict[str, Any]) -> Fact:
    cls = FACT_CLASSES[kind]
    args: dict[str, Any] = {}
    for name, f in cls.__dataclass_fields__.items():
        if name in values:
            args[name] = values[name]
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            # Left out (allowed by the schema): an empty list, or null.
            args[name] = () if FACT_SPECS[kind][name].type == "text_list" else None
    return cls(**args)


def parse_extracted(
    data: Any, out: Collector, sources: dict[str, Source] | None, stem: str
) -> ExtractedFile:
    """Validate one extracted file; ``sources`` None means the registry could not be read."""
    result = ExtractedFile(None)
    mapping = as_mapping(data, out, "a mapping with source, sha256 and facts")
    if mapping is None:
        return result
    # Facts are validated one by one below; the header keys here.
    header = LineDict((k, v) for k, v in mapping.items() if k != "facts")
    header.line, header.key_lines = mapping.line, mapping.key_lines
    good, values = check_mapping(header, EXTRACTED_SPEC, out)
    source_id = values.get("source")
    if not good or source_id is None:
        return result
    if source_id != stem:
        out.add(f"source: {describe(source_id)} does not match the file name {stem}.json", mapping.line_of("source"))
    source = None
    if sources is not None:
        source = sources.get(source_id)
        if source is None:
            out.add(f"source: unknown source {describe(source_id)} (not in facts/sources.json)", mapping.line_of("source"))
            return result
    facts: list[Fact] = []
    for line, item in as_list(mapping, "facts", out):
        if not isinstance(item, LineDict):
            out.add(f"facts: expected a mapping for each fact, got {describe(item)}", line)
            continue
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in FACT_SPECS:
            out.add(f"kind: unknown kind {describe(kind)} (choose from {', '.join(FACT_SPECS)})", item.line_of("kind"))
            continue
        good, fact_values = check_mapping(item, FACT_SPECS[kind], out, entry=f"a {kind}")
        if not good:
            continue
        if fact_values["source"] != source_id:
            out.add(f"source: {describe(fact_values['source'])} differs from the file's source {describe(source_id)}", item.line_of("source"))
            continue
        if fact_values["id"] in result.locations:
            out.add(f"id: duplicate fact id {describe(fact_values['id'])}", item.line_of("id"))
            continue
        result.locations[fact_values["id"]] = Location(out.file, item.line)
        facts.append(_build_fact(kind, fact_values))
    if source is None:
        source = Source(source_id, "", source_id, None, False, None, None, None, values.get("sha256") or "", 0)
    result.extraction = Extraction(source, tuple(facts))
    return result


def parse_curated(data: Any, out: Collector, sources: dict[str, Source] | None) -> Curation:
    """Validate one curated file into its entries (bad entries are left out, with a problem each)."""
    mapping = as_mapping(data, out, f"a mapping with the keys {', '.join(CURATED_KEYS)}")
    if mapping is None:
        return Curation()
    for key in mapping:
        if key not in CURATED_KEYS:
            out.add(f"{key}: unknown key (known keys: {', '.join(CURATED_KEYS)})", mapping.line_of(key))
    entries: dict[str, list] = {key: [] for key in CURATED_KEYS}
    specs = {"corrections": CORRECTION_SPEC, "rejections": REJECTION_SPEC, "preferences": PREFERENCE_SPEC,
             "confirmations": CONFIRMATION_SPEC}
    for key, spec in specs.items():
        for line, item in as_list(mapping, key, out):
            if not isinstance(item, LineDict):
                out.add(f"{key}: expected a mapping for each entry, got {describe(item)}", line)
                continue
            good, values = check_mapping(item, spec, out, entry=f"an entry of {key}")
            if not good:
                continue
            where = Location(out.file, item.line)
            if key == "corrections":
                changes = tuple((k, v) for k, v in values.items() if k not in ("id", "reason"))
                if not changes:
                    out.add("correction changes nothing (give at least one field to change)", item.line)
                    continue
                entries[key].append(Correction(values["id"], changes, values["reason"], where))
            elif key == "rejections":
                entries[key].append(Rejection(values["id"], values["reason"], where))
            elif key == "confirmations":
                entries[key].append(Confirmation(values["id"], values.get("reason"), where))
            else:
                over = tuple(values["over"]) if values.get("over") is not None else None
                entries[key].append(Preference(values["prefer"], over, values["reason"], where))
    for line, item in as_list(mapping, "additions", out):
        addition = _parse_addition(item, line, out, sources)
        if addition is not None:
            entries["additions"].append(addition)
    return Curation(*(tuple(entries[key]) for key in CURATED_KEYS))


def _parse_addition(item: Any, line: int | None, out: Collector, sources: dict[str, Source] | None) -> Addition | None:
    if not isinstance(item, LineDict):
        out.add(f"additions: expected a mapping for each entry, got {describe(item)}", line)
        return None
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in ADDITION_SPECS:
        out.add(f"kind: unknown kind {describe(kind)} (choose from {', '.join(ADDITION_SPECS)})", item.line_of("kind"))
        return None
    good, values = check_mapping(item, ADDITION_SPECS[kind], out, entry=f"an added {kind}")
    if not good:
        return None
    source_id = values.get("source")
    reference = values.get("reference")
    if source_id and reference:
        out.add("give either source (with quote) or reference, not both", item.line)
        return None
    if not source_id and not reference:
        out.add(f"an added {kind} must cite a source: a registered source id with its quote, "
                "or a reference {outlet, title, date, url}", item.line)
        return None
    partner = values.get("partner")
    if source_id:
        if sources is not None and source_id not in sources:
            out.add(f"source: unknown source {describe(source_id)} (not in facts/sources.json)", item.line_of("source"))
            return None
        if not values.get("quote"):
            out.add("quote: missing (required when citing a registered source)", item.line)
            return None
        if partner is None and sources is not None:
            partner = sources[source_id].partner
    if kind == "figure" and not partner:
        out.add("partner: missing (required for a figure citing an external reference)", item.line)
        return None
    values.setdefault("source", source_id or "")
    values["source"] = values["source"] or ""
    values.setdefault("quote", "")
    values["quote"] = values["quote"] or ""
    values.setdefault("start", -1)
    values.setdefault("end", -1)
    values["start"] = -1 if values["start"] is None else values["start"]
    values["end"] = -1 if values["end"] is None else values["end"]
    if kind == "figure":
        values["partner"] = partner
    ref = Reference(**reference) if reference else None
    return Addition(_build_fact(kind, values), partner, ref, values.get("note"), Location(out.file, item.line))


def parse_country(data: Any, out: Collector) -> dict | None:
    """Validate a country profile into a plain dict."""
    mapping = as_mapping(data, out, "a mapping of profile fields")
    if mapping is None:
        return None
    good, values = check_mapping(mapping, COUNTRY_SPEC, out)
    return values if good else None


def parse_meeting(data: Any, out: Collector) -> dict | None:
    """Validate a meeting spec into a plain dict (``time`` given back as "HH:MM")."""
    mapping = as_mapping(data, out, "a mapping of meeting fields")
    if mapping is None:
        return None
    if "time" in mapping:
        mapping["time"] = time_text(mapping["time"])
    good, values = check_mapping(mapping, MEETING_SPEC, out)
    return values if good else None


# ---------------------------------------------------------------------------
# Reading files without ever raising for bad input.


def read_safely(path: Path, display: str, out: Collector) -> Any:
    """Parse one file of facts/ (JSON if machine-owned, else YAML); a malformed file becomes a
    problem and yields None."""
    try:
        return read_json(path, display=display) if path.suffix == ".json" else read_yaml(path, display=display)
    except FactFileError as exc:
        out.add(exc.message, exc.line)
    return None


def time_text(value: Any) -> Any:
    """YAML 1.1 reads 10:30 as the sexagesimal number 630; give back "10:30"."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    return value


def as_mapping(data: Any, out: Collector, what: str) -> LineDict | None:
    """``data`` if it is a mapping, else one problem (an empty file is an empty mapping)."""
    if data is None:
        return LineDict()
    if not isinstance(data, LineDict):
        out.add(f"expected {what}, got {describe(data)}", 1)
        return None
    return data


def as_list(data: LineDict, key: str, out: Collector) -> list[tuple[int | None, Any]]:
    """Items of the list under ``key`` with their lines (missing or null -> empty)."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, LineList):
        out.add(f"{key}: expected a list, got {describe(value)}", data.line_of(key))
        return []
    return [(item_line(value, i, value.line), item) for i, item in enumerate(value)]
