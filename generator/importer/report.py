"""What an import found: problems (``file:line: error|warning: message``) and the summary of what it did.

Problems name their file on every line, so that the report of one run can mix the page, a second page
(``--anchors-from``) and the data files it merges into. The summary is plain text for people: it is printed
after a successful import and checked by golden files (tests/golden/import/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    file: str
    line: int
    """1-based; 0 when the problem is about the whole file."""
    severity: Severity
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.message}"


class Problems:
    """Problems of one file, collected so that all of them are reported at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.items.append(Problem(self.file, line, Severity.ERROR, message))

    def warning(self, line: int, message: str) -> None:
        self.items.append(Problem(self.file, line, Severity.WARNING, message))

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)


def format_report(problems: list[Problem]) -> str:
    """Every problem, one per line (by file, line, errors first), and a count line."""
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.severity != Severity.ERROR, p.message))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    lines = [p.format() for p in ordered]
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines) + "\n"


@dataclass
class ColumnMapping:
    label: str
    """The header cell as written."""
    role: str
    """fixed, input, complexity, metric, text or link."""
    keys: list[str]
    detail: str = ""


@dataclass
class TableSummary:
    line: int
    source: str
    section: str
    rows: int
    group_rows: int
    splits: int
    columns: list[ColumnMapping] = field(default_factory=list)
    cells: dict[str, int] = field(default_factory=dict)
    """How many cells were read past something: bold, placeholder, unit."""


@dataclass
class Summary:
    page: str
    task_id: str = ""
    title: str = ""
    order: int = 0
    datasets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    rows: int = 0
    notes: list[tuple[int, str]] = field(default_factory=list)
    """Readings worth knowing (line, text): a heading read as a section, a dataset named only in a table."""
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """Layout left out (line, what): rules, <div id> lines, <br>, stray HTML."""
    merged: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def format(self) -> str:
        out = [f"imported {self.page}: task {self.task_id} ({self.title}), order {self.order}"]
        out.append(f"datasets: {len(self.datasets)}")
        out += [f"  {d}" for d in self.datasets]
        out.append(f"sources: {len(self.sources)}")
        out += [f"  {s}" for s in self.sources]
        out.append(f"references: {len(self.references)}")
        out += [f"  {r}" for r in self.references]
        out.append(f"tables: {len(self.tables)}, model rows: {self.rows}")
        for t in self.tables:
            where = t.source + (f" / {t.section}" if t.section else "")
            groups = f", {t.group_rows} group row{'s' * (t.group_rows != 1)}" if t.group_rows else ""
            splits = f", {t.splits} unlabelled split{'s' * (t.splits != 1)}" if t.splits else ""
            out.append(f"  line {t.line}: {where}: {t.rows} row{'s' * (t.rows != 1)}{groups}{splits}")
            for c in t.columns:
                keys = ", ".join(c.keys)
                detail = f"; {c.detail}" if c.detail else ""
                out.append(f"    {c.label!r} -> {keys} ({c.role}{detail})")
            if t.cells:
                read = ", ".join(f"{n} {what}" for what, n in sorted(t.cells.items()))
                out.append(f"    cells read past: {read}")
        if self.notes:
            out.append("notes:")
            out += [f"  line {no}: {text}" for no, text in sorted(self.notes)]
        if self.skipped:
            out.append("skipped:")
            out += [f"  line {no}: {text}" for no, text in sorted(self.skipped)]
        if self.merged:
            out.append("merged:")
            out += [f"  {m}" for m in self.merged]
        if self.written:
            out.append("written:")
            out += [f"  {w}" for w in self.written]
        return "\n".join(out) + "\n"


__all__ = [
    "ColumnMapping",
    "Problem",
    "Problems",
    "Severity",
    "Summary",
    "TableSummary",
    "format_report",
]
