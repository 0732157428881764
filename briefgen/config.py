"""Workspace configuration (``briefgen.yaml``): a declarative schema, validated on load."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from briefgen.core.vocab import OUTPUT_FORMATS
from briefgen.errors import ConfigError, FactFileError
from briefgen.storage.yamlfiles import LineDict, read_yaml

CONFIG_NAME = "briefgen.yaml"
MAX_STALE_MONTHS = 1200  # a century; more reaches before year 1 of the calendar


def _setting(default: Any, description: str, *, folder: bool = False) -> Any:
    """A key of briefgen.yaml: its default and the description its error messages use."""
    return field(default=default, metadata={"description": description, "folder": folder})


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of one workspace; folder settings are absolute paths.

    Each field after ``root`` is one key of briefgen.yaml, declared here once: the validator,
    the defaults and the error messages are all derived from these declarations.
    """

    root: Path
    home: str = _setting("Kazakhstan", "a country name")
    partners: tuple[str, ...] = _setting(("Romania",), "a list of country names")
    articles: Path = _setting(Path("articles"), "a folder path", folder=True)
    facts: Path = _setting(Path("facts"), "a folder path", folder=True)
    templates: Path = _setting(Path("templates"), "a folder path", folder=True)
    build: Path = _setting(Path("build"), "a folder path", folder=True)
    classification: str = _setting("OFFICIAL — FOR INTERNAL USE", "a text")
    desk: str = _setting("", "a text")
    formats: tuple[str, ...] = _setting(OUTPUT_FORMATS, f"a list drawn from {', '.join(OUTPUT_FORMATS)}")
    stale_after_months: int = _setting(18, "a whole number of months")

    def relative(self, path: Path) -> str:
        """Display ``path`` relative to the workspace root where possible."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


# key -> (the Python type a YAML value must have, its description), from the declarations above.
_SETTINGS = {f.name: f for f in fields(Config) if f.name != "root"}
_YAML_TYPES = {str: str, Path: str, int: int, tuple: list}


def _yaml_type(setting: Any) -> type:
    default = setting.default
    return _YAML_TYPES[type(default) if not isinstance(default, Path) else Path]


_SCHEMA: dict[str, tuple[type, str]] = {
    name: (_yaml_type(setting), setting.metadata["description"]) for name, setting in _SETTINGS.items()
}
_PATH_KEYS = tuple(name for name, setting in _SETTINGS.items() if setting.metadata["folder"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


def _validate(data: Any, file: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        raise ConfigError(f"expected a mapping of settings, got {_describe(data)}", file=file, line=1)
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = data.line_of(key)
        if key not in _SCHEMA:
            known = ", ".join(_SCHEMA)
            raise ConfigError(f"unknown key {key!r} (known keys: {known})", file=file, line=line)
        expected, description = _SCHEMA[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{key}: expected {description}, got {_describe(value)}", file=file, line=line)
        if expected is list:
            if not value or not all(isinstance(item, str) and item.strip() for item in value):
                raise ConfigError(f"{key}: expected {description}, got {_describe(value)}", file=file, line=line)
            if key == "formats":
                bad = [item for item in value if item not in OUTPUT_FORMATS]
                if bad:
                    raise ConfigError(f"formats: unknown format {bad[0]!r} (choose from {', '.join(OUTPUT_FORMATS)})",
                                      file=file, line=line)
            value = tuple(item.strip() for item in value)
        elif expected is str:
            value = value.strip()
            if not value and key != "desk":
                raise ConfigError(f"{key}: expected {description}, got an empty text", file=file, line=line)
        elif key == "stale_after_months" and not 0 < value <= MAX_STALE_MONTHS:
            raise ConfigError(f"{key}: expected a number of months from 1 to {MAX_STALE_MONTHS}, got {value}",
                              file=file, line=line)
        values[key] = value
    return values


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding briefgen.yaml, else ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return here


def load_config(root: Path | None = None, *, articles: str | Path | None = None) -> Config:
    """Load and validate ``briefgen.yaml`` under ``root`` (defaults when absent).

    The articles folder is taken, in order, from the ``articles`` argument,
    the ``BRIEFGEN_ARTICLES`` environment variable and the config file.
    """
    root = find_root(root) if root is None else Path(root).resolve()
    path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if path.is_file():
        try:
            data = read_yaml(path, display=CONFIG_NAME)
        except FactFileError as exc:
            raise ConfigError(exc.message, file=exc.file, line=exc.line) from None
        values = _validate(data, CONFIG_NAME)
        lines = {key: data.line_of(key) for key in values}
    override = articles if articles is not None else os.environ.get("BRIEFGEN_ARTICLES")
    if override:
        values["articles"] = str(override)
    defaults = {f.name: f.default for f in fields(Config) if f.name != "root"}
    merged = {**defaults, **values}
    for key in _PATH_KEYS:
        folder = Path(os.path.expanduser(str(merged[key])))
        merged[key] = folder if folder.is_absolute() else root / folder
    if merged["home"] in merged["partners"]:
        raise ConfigError(f"partners: the home country {merged['home']!r} cannot be its own partner", file=CONFIG_NAME)
    _check_folders(root, merged, values, lines)
    _check_partner_folders(merged["partners"], lines.get("partners"))
    return Config(root=root, **merged)


# Folders briefgen writes into; the others (articles, templates) are only read.
_WRITTEN = ("facts", "build")


def _check_folders(root: Path, merged: dict[str, Any], given: dict[str, Any], lines: dict[str, int]) -> None:
    """The four folders are separate, and a folder briefgen writes stays inside the workspace
    unless the setting is an explicit absolute path: a build cleaning up after itself must never
    reach a user's other files."""
    resolved = {key: Path(merged[key]).resolve() for key in _PATH_KEYS}
    for key in _WRITTEN:
        text = str(given.get(key, ""))
        explicit = Path(os.path.expanduser(text)).is_absolute()
        if text and not explicit and not resolved[key].is_relative_to(root):
            raise ConfigError(f"{key}: {text!r} is outside the workspace; write an absolute path if that is meant",
                              file=CONFIG_NAME, line=lines.get(key))
    for i, key in enumerate(_PATH_KEYS):
        for other in _PATH_KEYS[i + 1:]:
            a, b = resolved[key], resolved[other]
            if a == b or a.is_relative_to(b) or b.is_relative_to(a):
                later = max((key, other), key=lambda k: lines.get(k, 0))
                raise ConfigError(f"{later}: the {key} and {other} folders overlap ({a} and {b}); "
                                  "each must be a separate folder", file=CONFIG_NAME, line=lines.get(later))


def _check_partner_folders(partners: tuple[str, ...], line: int | None) -> None:
    """Two partners whose output folders would be the same (Romania, romania) are refused."""
    from briefgen.core.slugs import slugify

    seen: dict[str, str] = {}
    for partner in partners:
        slug = slugify(partner, "partner")
        if slug in seen:
            raise ConfigError(f"partners: {seen[slug]!r} and {partner!r} would share the output folder build/{slug}/",
                              file=CONFIG_NAME, line=line)
        seen[slug] = partner
