"""The exception hierarchy: every error a person can cause carries file and line."""

from __future__ import annotations

from dataclasses import dataclass


class BriefgenError(Exception):
    """Base class for every error briefgen reports to a person."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return format_location(self.file, self.line, self.message)


class ConfigError(BriefgenError):
    """briefgen.yaml is missing, malformed or has unknown keys or wrong types."""

    exit_code = 2


class UsageError(BriefgenError):
    """The command was called with arguments that make no sense."""

    exit_code = 2


class InputError(BriefgenError):
    """An article could not be read or understood."""


class FactFileError(BriefgenError):
    """A file in facts/ is malformed."""


class RenderError(BriefgenError):
    """A document could not be rendered, e.g. a figure without a citation."""


class PublishError(BriefgenError):
    """HTML or PDF output could not be produced or verified."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem; many are collected before reporting."""

    message: str
    file: str | None = None
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        return format_location(self.file, self.line, self.message)


def format_location(file: str | None, line: int | None, message: str) -> str:
    """Render ``file:line: message`` leaving out the parts that are unknown."""
    if file and line:
        return f"{file}:{line}: {message}"
    if file:
        return f"{file}: {message}"
    return message
