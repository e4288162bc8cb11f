"""Diagnostics: one finding about the data, located at path:line:col and naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a data file; line and col are 1-based (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    location: Location
    severity: Severity
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, style: str = "text") -> str:
        """One line: ``path:line:col: severity: field: message`` (text) or a GitHub workflow command. Control
        characters that came from the data (a newline that would start a fake message or a ``::`` workflow
        command, a terminal escape) are shown as escapes, never printed."""
        loc = Location(printable(self.location.path), self.location.line, self.location.col)
        field, message = printable(self.field), printable(self.message)
        if style == "github":
            # Workflow commands: %, CR and LF must be escaped in the message; ',' and ':' in properties.
            msg = f"{field}: {message}" if field else message
            msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            path = loc.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
            kind = "error" if self.is_error else "warning"
            return f"::{kind} file={path},line={loc.line},col={loc.col}::{msg}"
        prefix = f"{field}: " if field else ""
        return f"{loc}: {self.severity.value}: {prefix}{message}"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1, line and paragraph separators, bidirectional
    overrides) written as an escape (``\\n``, ``\\u001b``): a message stays one line of plain text."""
    if not _CONTROL.search(text):
        return text

    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        return repr(ch)[1:-1] if ch in "\n\r\t" else f"\\u{ord(ch):04x}"

    return _CONTROL.sub(escape, text)


class DataError(Exception):
    """The data is invalid. Carries every diagnostic found (errors and warnings), sorted."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        errors = sum(d.is_error for d in self.diagnostics)
        super().__init__(f"{errors} error(s) in the model-zoo data")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def report(self, style: str = "text") -> str:
        lines = [d.format(style) for d in self.diagnostics]
        if style == "text":
            lines.append(summary(self.diagnostics))
        return "\n".join(lines)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    diags = list(diagnostics)
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


class Collector:
    """Accumulates diagnostics across the pipeline so that every problem is reported at once."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, location: Location, field: str, message: str) -> None:
        self.items.append(Diagnostic(location, Severity.ERROR, field, message))

    def warning(self, location: Location, field: str, message: str) -> None:
        self.items.append(Diagnostic(location, Severity.WARNING, field, message))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise DataError(self.items)
