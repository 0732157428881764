"""Declarative schemas for the files in facts/, validated with every problem collected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from briefgen.core.periods import period_range
from briefgen.core.vocab import APPROX, EVENT_KINDS, FACT_KINDS, METRICS, SCOPES, UNITS
from briefgen.errors import Problem
from briefgen.model import Event, Figure, Person, Topic
from briefgen.storage.yamlfiles import LineDict

FACT_CLASSES = {"figure": Figure, "person": Person, "event": Event, "topic": Topic}


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping: its type, whether it must be present, allowed values."""

    type: str  # text, number, int, date, period, when, text_list, mapping, list
    required: bool = False
    nullable: bool = True
    choices: tuple[str, ...] | None = None
    item: dict[str, Field] | None = None  # schema of mapping items in a list


def describe(value: Any) -> str:
    """A short, quoted rendering of a YAML value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        # An error line stays one short line even when the value is a whole file.
        if len(value) > _EXCERPT:
            return json.dumps(value[:_EXCERPT], ensure_ascii=False)[:-1] + f'…" ({len(value)} characters)'
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"


_EXCERPT = 60


# ---------------------------------------------------------------------------
# Generic validation


class Collector:
    """Collects problems for one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None) -> None:
        """Record one problem at ``line``."""
        self.problems.append(Problem(message, self.file, line))


def _check_value(name: str, value: Any, field: Field, line: int | None, out: Collector) -> tuple[bool, Any]:
    """Validate and normalise one value; (ok, normalised value)."""
    if value is None:
        if not field.nullable:
            out.add(f"{name}: expected {_expected(field)}, got nothing", line)
            return False, None
        return True, None
    kind = field.type
    if kind == "text":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            out.add(f"{name}: expected a text, got {describe(value)}", line)
            return False, None
        value = value.strip()
        if field.choices is not None and value not in field.choices:
            out.add(f"{name}: unknown {name} {describe(value)} (choose from {', '.join(field.choices)})", line)
            return False, None
        return True, value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out.add(f"{name}: expected a number, got {describe(value)}", line)
            return False, None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            # YAML's .nan and .inf (or a 400-digit integer) are no figure a brief can print.
            shown = describe(value) if len(str(value)) < 40 else f"a number with {len(str(value))} digits"
            out.add(f"{name}: expected a finite number, got {shown}", line)
            return False, None
        return True, number
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            out.add(f"{name}: expected a whole number, got {describe(value)}", line)
            return False, None
        return True, value
    if kind == "date":
        return _check_date(name, value, line, out)
    if kind in ("period", "when"):
        if isinstance(value, dt.date) and kind == "when":
            return True, value.isoformat()
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or period_range(text) is None:
            what = "an ISO date or period" if kind == "when" else "an ISO 8601 period like 2024 or 2018-01/2018-09"
            out.add(f"{name}: expected {what}, got {describe(value)}", line)
            return False, None
        return True, text.strip()
    if kind == "text_list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            out.add(f"{name}: expected a list of texts, got {describe(value)}", line)
            return False, None
        return True, tuple(v.strip() for v in value)
    if kind == "mapping":
        if not isinstance(value, LineDict):
            out.add(f"{name}: expected a mapping, got {describe(value)}", line)
            return False, None
        return check_mapping(value, field.item or {}, out, prefix=f"{name}.")
    if kind == "list":
        if not isinstance(value, list):
            out.add(f"{name}: expected a list, got {describe(value)}", line)
            return False, None
        items, ok = [], True
        for index, item in enumerate(value):
            at = item_line(value, index, line)
            if field.item is None:
                if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                    out.add(f"{name}[{index + 1}]: expected a text, got {describe(item)}", at)
                    ok = False
                    continue
                items.append(str(item).strip())
                continue
            if isinstance(item, str) and "name" in field.item:
                items.append({"name": item.strip()})
                continue
            if not isinstance(item, LineDict):
                out.add(f"{name}[{index + 1}]: expected a mapping, got {describe(item)}", at)
                ok = False
                continue
            good, normal = check_mapping(item, field.item, out, prefix=f"{name}[{index + 1}].")
            ok = ok and good
            items.append(normal)
        return ok, items
    raise AssertionError(f"unknown field type {kind}")


def _expected(field: Field) -> str:
    return {
        "text": "a text",
        "number": "a number",
        "int": "a whole number",
        "date": "a date (YYYY-MM-DD)",
        "period": "an ISO period",
        "when": "an ISO date or period",
        "text_list": "a list of texts",
        "mapping": "a mapping",
        "list": "a list",
    }[field.type]


def _check_date(name: str, value: Any, line: int | None, out: Collector) -> tuple[bool, Any]:
    if isinstance(value, dt.datetime):
        return True, value.date()
    if isinstance(value, dt.date):
        return True, value
    if isinstance(value, str):
        try:
            return True, dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    out.add(f"{name}: expected a date (YYYY-MM-DD), got {describe(value)}", line)
    return False, None


def item_line(items: Any, index: int, fallback: int | None) -> int | None:
    """Line of item ``index`` of a YAML list, else ``fallback``."""
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines and index < len(lines) else fallback


def check_mapping(
    data: LineDict, spec: dict[str, Field], out: Collector, *, prefix: str = "", entry: str = ""
) -> tuple[bool, dict[str, Any]]:
    """Validate ``data`` against ``spec``: unknown keys, missing keys, types, vocabularies."""
    ok = True
    values: dict[str, Any] = {}
    for key in data:
        line = data.line_of(key)
        if key not in spec:
            out.add(f"{prefix}{key}: unknown key (known keys: {', '.join(spec)})", line)
            ok = False
            continue
        good, value = _check_value(f"{prefix}{key}", data[key], spec[key], line, out)
        ok = ok and good
        if good:
            values[key] = value
    for key, field in spec.items():
        if field.required and key not in data:
            out.add(f"{prefix}{key}: missing (required{' in ' + entry if entry else ''})", data.line)
            ok = False
    return ok, values


# ---------------------------------------------------------------------------
# Fact schemas, derived from the model dataclasses so that new fields are covered.

_NAMED = {
    "metric": Field("text", choices=METRICS),
    "unit": Field("text", choices=UNITS),
    "approx": Field("text", choices=APPROX),
    "scope": Field("text", choices=SCOPES),
    "event": Field("text", choices=EVENT_KINDS),
    "period": Field("period"),
    "base": Field("period"),
}
_ANNOTATION_TYPES = {
    "str": "text",
    "float": "number",
    "int": "int",
    "dt.date": "date",
    "tuple[str, ...]": "text_list",
}


def _fact_spec(cls: type) -> dict[str, Field]:
    spec: dict[str, Field] = {"id": Field("text", required=True, nullable=False),
                              "kind": Field("text", required=True, nullable=False, choices=FACT_KINDS)}
    for f in dataclasses.fields(cls):
        if f.name == "id":
            continue
        annotation = str(f.type).replace(" ", "")
        nullable = annotation.endswith("|None")
        base = annotation.removesuffix("|None").replace(",...", ", ...")
        # A nullable field may be left out; it then reads as null.
        required = not nullable and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        named = _NAMED.get(f.name)
        if cls is Event and f.name == "date":
            named = Field("when")
        kind = named.type if named else _ANNOTATION_TYPES.get(base, "text")
        choices = named.choices if named else None
        spec[f.name] = Field(kind, required=required, nullable=nullable, choices=choices)
    return spec


FACT_SPECS = {kind: _fact_spec(cls) for kind, cls in FACT_CLASSES.items()}

EXTRACTED_SPEC = {
    "source": Field("text", required=True, nullable=False),
    "sha256": Field("text"),
    "facts": Field("list"),
}

REFERENCE_SPEC = {
    "outlet": Field("text", required=True, nullable=False),
    "title": Field("text", required=True, nullable=False),
    "date": Field("date", required=True, nullable=False),
    "url": Field("text"),
}

# Corrections may change any descriptive field of any kind; the kind is checked at merge.
CORRECTABLE = {
    name: field
    for spec in FACT_SPECS.values()
    for name, field in spec.items()
    if name not in ("id", "kind", "source", "quote", "start", "end", "mention", "partner")
}
CORRECTION_SPEC = {"id": Field("text", required=True, nullable=False)} | {
    name: dataclasses.replace(field, required=False) for name, field in CORRECTABLE.items()
} | {"reason": Field("text", required=True, nullable=False)}
REJECTION_SPEC = {
    "id": Field("text", required=True, nullable=False),
    "reason": Field("text", required=True, nullable=False),
}
# A person checked the fact against its article and found it right; the reason is optional.
CONFIRMATION_SPEC = {
    "id": Field("text", required=True, nullable=False),
    "reason": Field("text"),
}
PREFERENCE_SPEC = {
    "prefer": Field("text", required=True, nullable=False),
    "over": Field("list"),
    "reason": Field("text", required=True, nullable=False),
}


def _addition_spec(kind: str) -> dict[str, Field]:
    spec = {name: dataclasses.replace(field) for name, field in FACT_SPECS[kind].items()}
    for name, field in spec.items():
        if name in ("source", "quote", "start", "end", "mention") or field.type == "text_list":
            spec[name] = dataclasses.replace(field, required=False)
    spec["partner"] = Field("text")
    spec["reference"] = Field("mapping", item=REFERENCE_SPEC)
    spec["note"] = Field("text")
    return spec


ADDITION_SPECS = {kind: _addition_spec(kind) for kind in ("figure", "person", "event")}

CURATED_KEYS = ("corrections", "rejections", "preferences", "additions", "confirmations")

COUNTRY_SPEC = {
    "name": Field("text", required=True, nullable=False),
    "official_name": Field("text"),
    "capital": Field("text"),
    "languages": Field("list"),
    "our_embassy": Field("text"),
    "their_embassy": Field("text"),
    "notes": Field("list"),
}

MEETING_SPEC = {
    "title": Field("text", required=True, nullable=False),
    "partner": Field("text", required=True, nullable=False),
    "date": Field("date", required=True, nullable=False),
    "time": Field("text"),
    "place": Field("text"),
    "format": Field("text"),
    "round": Field("int"),
    "principal": Field("text"),
    "counterparts": Field("list", item={"name": Field("text", required=True, nullable=False), "role": Field("text")}),
    "objectives": Field("list"),
    "their_objectives": Field("list", item={"ask": Field("text", required=True), "line": Field("text")}),
    "talking_points": Field("list"),
    "deliverables": Field("list"),
    "follow_ups": Field("list"),
    "sensitivities": Field("list", item={"topic": Field("text", required=True), "line": Field("text")}),
    "press": Field("text"),
    "slug": Field("text"),
}
