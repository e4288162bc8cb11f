"""Import a model-zoo page in the style of TI's edgeai-modelzoo task pages into a data folder (data model
v2, /work/notes/datamodel.md), merging with what the folder already holds. One page is one task.

The jobs, one module each:

* ``markdown``: the page -> located blocks (headings, paragraphs, bullet lists, tables with each cell's
  line and column, HTML lines, rules);
* ``records`` (with ``cells`` for headers and cells, ``references`` for reference entries): blocks -> the
  task's records (task, its per-task source content and sections, datasets, sources, references, model
  rows), every problem collected with its line;
* ``write``: records -> data files (the project's one YAML writer, the CSV), merged into the folder and
  written only through ``generator.files``;
* ``report``: problems as ``file:line: error|warning: message`` and the summary of what was read.

Nothing is written when the page (or the folder) has an error; every problem is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.files import FileRefused, check_output_path, read_bytes_contained, resolve_root
from generator.importer.cells import metric_key
from generator.importer.records import Known, Options, PageRecords, add_anchors, read_page
from generator.importer.report import Problem, Problems, Severity, Summary, format_report
from generator.importer.write import dump_yaml, merge, read_folder, write_files


class ReadmeImportError(Exception):
    """The page cannot be imported; ``problems`` holds every problem found (errors and warnings)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = next((p for p in problems if p.severity is Severity.ERROR), problems[0] if problems else None)
        self.line = first.line if first else 0
        self.reason = first.message if first else ""
        super().__init__(format_report(problems).rstrip("\n"))


@dataclass
class ImportResult:
    problems: list[Problem]
    summary: Summary
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def report(self) -> str:
        return format_report(self.problems)


MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Bytes of a page (TI's largest has 24 kB)."""


def read_page_text(page: Path, display: str, what: str = "page") -> tuple[str | None, Problems]:
    """The page's text: a regular file (no link, FIFO or device), at most 10 MiB, UTF-8 (a BOM is fine)."""
    problems = Problems(display)
    try:
        raw = read_bytes_contained(resolve_root(Path(page).parent), Path(page).name, max_bytes=MAX_PAGE_BYTES)
    except FileRefused as exc:
        problems.error(0, f"cannot read the {what}: {exc}")
        return None, problems
    except OSError as exc:
        problems.error(0, f"cannot read the {what}: {exc.strerror or type(exc).__name__}")
        return None, problems
    try:
        return raw.decode("utf-8-sig"), problems
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        problems.error(
            line, f"the {what} is not UTF-8 text: byte 0x{byte} at offset {exc.start} ({exc.reason})"
        )
        return None, problems


def import_page(
    page: Path,
    out: Path,
    *,
    options: Options | None = None,
    anchors_from: Path | None = None,
    notice: Path | None = None,
    display_page: str | None = None,
    display_out: str | None = None,
) -> ImportResult:
    """Import ``page`` into the data folder ``out`` (created if need be); nothing is written on an error.

    ``anchors_from``: another version of the same page (TI's current one) whose sources' anchors are kept
    working too. ``notice``: a licence notice to keep with the data, written to ``out/NOTICE.md``. Raises
    FileRefused when ``out`` is, or lies under, a symbolic link (checked before anything is read).
    """
    options = options or Options()
    shown_page = display_page or str(page)
    shown_out = display_out or str(out)
    check_output_path(Path(out))
    folder, folder_problems = read_folder(Path(out), shown_out)
    problems: list[Problem] = [p for f in folder_problems for p in f.items]
    text, read = read_page_text(Path(page), shown_page)
    problems += read.items
    if text is None:
        return ImportResult(problems, Summary(shown_page))
    records = read_page(text, display=shown_page, options=options, known=folder.known)
    problems += records.problems.items
    if anchors_from is not None:
        other_text, other_read = read_page_text(Path(anchors_from), str(anchors_from))
        problems += other_read.items
        if other_text is not None:
            other = read_page(other_text, display=str(anchors_from), options=options, known=folder.known)
            problems += [p for p in other.problems.items if p.severity is Severity.ERROR]
            add_anchors(records, other, str(anchors_from))
    notice_text = None
    if notice is not None:
        notice_text, notice_read = read_page_text(Path(notice), str(notice), "notice")
        problems += notice_read.items
    result = ImportResult(problems, records.summary)
    if not result.ok:  # the page's errors and the data folder's: nothing is written
        return result
    merged = merge(folder, records, notice=notice_text)
    result.problems += merged.problems.items
    result.written = write_files(Path(out), merged.files)
    records.summary.merged = merged.notes
    records.summary.written = [f"{shown_out}/{p.relative_to(Path(out)).as_posix()}" for p in result.written]
    return result


def parse_readme(text: str, *, task_id: str | None = None, links_base: str | None = None) -> PageRecords:
    """The records of a page's text (into an empty data folder); raises ReadmeImportError on an error."""
    records = read_page(text, display="README", options=Options(task_id=task_id, links_base=links_base))
    if records.problems.has_errors:
        raise ReadmeImportError(records.problems.items)
    return records


def import_readme(
    readme: Path, out_dir: Path, *, links_base: str | None = None, task_id: str | None = None
) -> list[Path]:
    """Import ``readme`` into ``out_dir``; the files written, sorted. Raises ReadmeImportError."""
    result = import_page(Path(readme), Path(out_dir), options=Options(task_id=task_id, links_base=links_base))
    if not result.ok:
        raise ReadmeImportError(result.problems)
    return result.written


__all__ = [
    "ImportResult",
    "Known",
    "Options",
    "PageRecords",
    "ReadmeImportError",
    "dump_yaml",
    "import_page",
    "import_readme",
    "metric_key",
    "parse_readme",
    "read_page",
]
