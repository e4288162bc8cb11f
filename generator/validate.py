"""Stage 2 — validate: raw records -> typed records, plus cross-record checks -> the catalogue.

Every problem becomes a ``Diagnostic`` at path:line:col naming the field; all of them are collected
before anything is raised, so one run shows every error. Errors stop the build; warnings do not.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.catalogue import Catalogue, Model, TiModel, slugify
from generator.diagnostics import Collector, DataError, Diagnostic, Location
from generator.escape import id_problem, url_problem
from generator.files import FileRefused, lexists_contained, list_contained, resolve_root
from generator.gcpause import gc_paused
from generator.load import CsvTable, YamlDoc, load_yaml, read_csv
from generator.paths import TASK_NAMES, docs_names, root_name_clash, section_anchor
from generator.prose import Prose, ProseError, inline_problems
from generator.prose import render as render_prose
from generator.schema import (
    ANCHOR_PATTERN,
    COMPLEXITY_MAX,
    COMPLEXITY_MIN,
    DATE_PATTERN,
    DOWNLOAD_COLUMNS,
    FIGURE_DECIMALS,
    FIGURE_DIGITS,
    FIXED_COLUMNS,
    HTTP_URL_PATTERN,
    INPUT_SIZE_PATTERN,
    MAX_ID,
    MAX_MAGNITUDE,
    MAX_MODEL_ROWS,
    MAX_RECORDS,
    MAX_TEXT,
    MAX_URL,
    OPTIONAL_COLUMNS,
    OPTIONAL_INPUT_SIZE_PATTERN,
    RESERVED_COLUMNS,
    SLUG_PATTERN,
    URL_PATTERN,
    Column,
    Dataset,
    Metric,
    ModelRow,
    Reference,
    Source,
    Task,
    Zoo,
    clipped,
    parse_figure,
    parse_input_size,
    plain_figure,
    plain_flag,
    plain_model_ids,
    plain_references,
    plain_text,
    quoted,
)

_SLUG = re.compile(SLUG_PATTERN)
_URL = re.compile(URL_PATTERN)
LIST_FILES: dict[str, type[BaseModel]] = {"datasets": Dataset, "sources": Source, "references": Reference}
PLAIN_ROW_FIELDS = frozenset(
    {
        *("source", "section", "group", "dataset", "name", "input_size", "complexity", "metrics"),
        *("available", "qat", "notes", "references", "model_id", "float_model"),
    }
)
"""The fields of ModelRow whose cells ``check_rows`` tests with ``schema.plain_*``. Should ModelRow have
another, every row goes through ModelRow until that field is tested too (and tests/test_validate_rows.py
fails to say so)."""


@dataclass
class _Typed:
    """A validated YAML record and where it was written."""

    record: Any
    doc: YamlDoc
    at: tuple[str | int, ...]

    def where(self, *sub: str | int, key: bool = False) -> Location:
        return self.doc.locate((*self.at, *sub), key=key)


def display_path(path: Path, root: Path | None) -> str:
    root = root or Path.cwd()
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_number_text(value)}"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return quoted(value)
    return repr(value)


def _number_text(value: Any, raw: str | None = None) -> str:
    """A number for a message: as written when the YAML text is known, cut when long. (str() of an int
    of more than 4,300 digits raises ValueError.)"""
    if raw is not None:
        return clipped(raw)
    try:
        return clipped(str(value))
    except ValueError:
        return "a number too long to show"


_PATTERN_HINTS = {
    INPUT_SIZE_PATTERN: "expected an input size like 224x224, 520 or (416,416) (numbers of at most 6 digits)",
    ANCHOR_PATTERN: "expected an anchor without spaces, quotes, <, > or &",
    DATE_PATTERN: "expected a date like 2025-03-10",
    OPTIONAL_INPUT_SIZE_PATTERN: "expected an input size like 224x224, 520 or (416,416), or blank",
}


def _message(err: Any, field: str, raw: str | None) -> str:
    """A human message for one pydantic error."""
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see the JSON schema for the allowed fields)"
    if kind == "string_type":
        if isinstance(value, bool | int | float):
            shown = _number_text(value, raw) if not isinstance(value, bool) else raw or str(value).lower()
            return f'expected text, got {_describe(value)}: quote it ("{shown}") to keep it as written'
        return f"expected text, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern")
        if pattern == HTTP_URL_PATTERN:
            return f"expected an absolute http(s) URL, got {quoted(value)}"
        if pattern == URL_PATTERN:
            return f"expected an http(s) URL or a ./relative link, got {quoted(value)}"
        if pattern in _PATTERN_HINTS:
            return f"{_PATTERN_HINTS[pattern]}, got {quoted(value)}"
        return (
            f"expected a lowercase id like 'edgeai-tv' (a-z, 0-9, single - _ . between), got {quoted(value)}"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {err['ctx']['max_length']} characters long, got {len(value)}"
    if kind in ("less_than_equal", "greater_than_equal"):
        ctx = err.get("ctx", {})
        word, bound = ("at most", ctx.get("le")) if kind == "less_than_equal" else ("at least", ctx.get("ge"))
        return f"must be {word} {_num(bound)}, got {_number_text(value, raw)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}"
    if kind == "finite_number":
        return f"expected a finite number, got {_number_text(value, raw)}"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        # A whole number too large for a float (pydantic takes ints for floats up to about 1e308).
        word, bound = ("at most", MAX_MAGNITUDE) if value > 0 else ("at least", -MAX_MAGNITUDE)
        return f"must be {word} {bound}, got {_number_text(value, raw)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {_describe(value)}"
    if kind == "bool_type":
        return f"expected true or false, got {_describe(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(value)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_describe(value)}"
    if kind == "too_short":
        return "must have at least one item"
    if kind == "too_long":
        ctx = err.get("ctx", {})
        return f"must have at most {ctx.get('max_length')} items, got {ctx.get('actual_length')}"
    msg: str = err["msg"]
    return msg.removeprefix("Value error, ")


def _dotted(loc: Iterable[str | int]) -> str:
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + p)
    return "".join(parts)


def _validate_record(
    model: type[BaseModel], doc: YamlDoc, at: tuple[str | int, ...], value: Any, diags: Collector, label: str
) -> Any | None:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            full = (*at, *loc)
            if any(full[: len(r)] == r for r in doc.rejected):
                continue  # the loader refused that value and said why
            key = err["type"] in ("extra_forbidden",)
            where = doc.locate(full, key=key)
            if err["type"] == "missing":
                where = doc.locate((*at, *loc[:-1]))  # the mapping that lacks it
            field = _dotted((label, *loc)) if label else _dotted(loc) or "(document)"
            diags.error(where, field, _message(err, field, doc.raw.get(full)))
        return None


class _Validator:
    def __init__(self, data_dir: Path, display_root: Path | None) -> None:
        self.dir = data_dir
        self.real = data_dir  # resolved once the folder is known to exist (see build_catalogue)
        self.root = display_root
        self.diags = Collector()
        self.files: dict[str, str] = {}
        self.cited: set[str] = set()
        # Ids written in each list file, valid or not (so one bad record does not cascade into
        # "unknown id" errors elsewhere); None when the file could not be read at all.
        self.declared: dict[str, set[str] | None] = {}
        # Set when a task or models file could not be checked: warnings about the whole catalogue
        # (uncited references, unlisted sources) would then be misleading and are skipped.
        self.incomplete = False
        self._task_ids: dict[str, _TaskIds] = {}
        self.model_ids: dict[str, tuple[str, int]] = {}  # model_id -> (file, line) of its row: zoo-wide
        # The model registry (devices/models.csv) by id, when the data has one: a zoo row's ids must be in it.
        self.registry: dict[str, TiModel] | None = None
        self.registry_written: set[str] = set()  # every id it writes: one of an invalid row is not unknown
        self.notes: dict[str, Prose | ProseError] = {}  # the models' notes, each text rendered once

    def show(self, path: Path) -> str:
        return display_path(path, self.root)

    # -- file access: only regular files inside the data folder, through generator.files ------------
    def exists(self, rel: str) -> bool:
        """Whether anything is at ``rel`` (a link too: reading it is then refused, with a located error)."""
        return lexists_contained(self.real, rel)

    def list(self, folder: str, pattern: str) -> list[str] | None:
        """The names in a subfolder matching ``pattern``; [] if it is missing; None (and an error) if it is
        refused (a symbolic link, say)."""
        try:
            return list_contained(self.real, folder, pattern)
        except FileRefused as exc:
            self.diags.error(Location(self.show(self.dir / folder), 0, 0), "(folder)", str(exc))
            self.incomplete = True
            return None
        except (FileNotFoundError, NotADirectoryError):
            return []

    # -- YAML -------------------------------------------------------------------------------------
    def load_one(self, name: str, model: type[BaseModel], *, required: bool = True) -> _Typed | None:
        path = self.dir / f"{name}.yaml"
        shown = self.show(path)
        self.files[name] = shown
        if not self.exists(f"{name}.yaml"):
            if required:
                self.diags.error(Location(shown, 0, 0), "(file)", f"missing file: expected {name}.yaml here")
            return None
        doc = load_yaml(self.real / f"{name}.yaml", shown, self.diags, root=self.real)
        if doc is None:
            return None
        record = _validate_record(model, doc, (), doc.value, self.diags, "")
        return _Typed(record, doc, ()) if record is not None else None

    def load_list(self, name: str, model: type[BaseModel]) -> list[_Typed]:
        path = self.dir / f"{name}.yaml"
        shown = self.show(path)
        self.files[name] = shown
        self.declared[name] = None
        if not self.exists(f"{name}.yaml"):
            self.diags.error(Location(shown, 0, 0), "(file)", f"missing file: expected {name}.yaml here")
            return []
        doc = load_yaml(self.real / f"{name}.yaml", shown, self.diags, root=self.real)
        if doc is None:
            self.incomplete = True
            return []
        if doc.value is None:
            self.declared[name] = set()
            return []
        if not isinstance(doc.value, list):
            self.diags.error(
                doc.locate(()), "(document)", f"expected a list of records, got {_describe(doc.value)}"
            )
            return []
        if len(doc.value) > MAX_RECORDS:
            # Not checked further: ids of the other files are not checked against this one either.
            self.diags.error(
                doc.locate((MAX_RECORDS,)),
                "(document)",
                f"expected at most {MAX_RECORDS} records, found {len(doc.value)}",
            )
            self.incomplete = True
            return []
        self.declared[name] = {
            i["id"] for i in doc.value if isinstance(i, dict) and isinstance(i.get("id"), str)
        }
        out = []
        for i, item in enumerate(doc.value):
            label = f"[{i}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str) and len(item["id"]) <= MAX_ID:
                label = item["id"]
            record = _validate_record(model, doc, (i,), item, self.diags, label)
            if record is not None:
                out.append(_Typed(record, doc, (i,)))
        return out

    def unique(self, items: list[_Typed], kind: str) -> dict[str, _Typed]:
        seen: dict[str, _Typed] = {}
        for item in items:
            rid = item.record.id
            if rid in seen:
                first = seen[rid].where("id")
                self.diags.error(
                    item.where("id"), f"{rid}.id", f"duplicate {kind} id {rid!r} (first defined at {first})"
                )
            else:
                seen[rid] = item
        return seen

    # -- CSV --------------------------------------------------------------------------------------
    def load_models(self, task: Task, path: Path) -> list[Model]:
        shown = self.show(path)
        table = read_csv(self.real / "models" / path.name, shown, self.diags, root=self.real)
        if table is None or not self.check_header(task, table):
            self.incomplete = True
            return []
        if len(table.rows) > MAX_MODEL_ROWS:
            self.diags.error(
                Location(table.path, table.rows[MAX_MODEL_ROWS].line, 1),
                "(file)",
                f"expected at most {MAX_MODEL_ROWS} model rows, found {len(table.rows)}",
            )
            self.incomplete = True
            return []
        return self.check_rows(task, table)

    def check_header(self, task: Task, table: CsvTable) -> bool:
        required = task.required_columns()
        allowed = set(task.header())
        header = [h.strip() for h in table.header]
        ok = True
        seen: set[str] = set()
        for i, name in enumerate(header):
            where = Location(table.path, 1, table.header_cols[i])
            if name in seen:
                self.diags.error(where, name or "(header)", "column appears twice in the header")
                ok = False
            seen.add(name)
            if name not in allowed:
                hint = f" (task {task.id!r} declares metrics: {', '.join(m.key for m in task.metrics)}"
                if task.columns:
                    hint += f"; columns: {', '.join(c.key for c in task.columns)}"
                self.diags.error(where, name or "(header)", f"unknown column{hint})")
                ok = False
        missing = [c for c in required if c not in seen]
        if missing:
            self.diags.error(
                Location(table.path, 1, 1),
                "(header)",
                f"missing column{'s' * (len(missing) > 1)}: {', '.join(missing)}; expected header: "
                + ",".join(required)
                + f" (and, optional, {', '.join(OPTIONAL_COLUMNS[:-1])} and {OPTIONAL_COLUMNS[-1]})",
            )
            ok = False
        return ok

    def task_ids(self, task: Task) -> _TaskIds:
        """The task's ids as sets and maps (a row's lookups are then O(1), not O(sources))."""
        ids = self._task_ids.get(task.id)
        if ids is None:
            sections = {e.id: frozenset(s.id for s in e.sections) for e in task.sources}
            owners: dict[str, str] = {}
            for entry in task.sources:
                for section in entry.sections:
                    owners.setdefault(section.id, entry.id)
            ids = self._task_ids[task.id] = _TaskIds(
                frozenset(task.source_ids),
                frozenset(task.datasets),
                frozenset(r.id for r in task.references),
                sections,
                owners,
            )
        return ids

    def check_links(self, task: Task, source: str, dataset: str, section: str) -> list[tuple[str, str]]:
        """Problems, as (column, message), of a row's source, section and dataset: they exist and belong to
        the task. Depends on the three texts only (``check_rows`` asks once per distinct triple)."""
        problems: list[tuple[str, str]] = []
        known = self.declared
        ids = self.task_ids(task)
        for field, value, kind, allowed in (
            ("source", source, "sources", ids.sources),
            ("dataset", dataset, "datasets", ids.datasets),
        ):
            pool = known.get(kind)
            if not value or pool is None or len(value) > MAX_ID:
                continue  # reported by the schema (missing, too long), or the list file itself is broken
            if value not in pool:
                problems.append((field, f"unknown {field} {value!r}{_near(value, pool)}"))
            elif value not in allowed:
                problems.append((field, f"{field} {value!r} is not in the {kind} of task {task.id!r}"))
        if section and source in ids.sections and len(section) <= MAX_ID and _SLUG.match(section):
            mine = ids.sections[source]
            if section not in mine:
                owner = ids.section_owner.get(section)
                if owner is not None:
                    why = f"section {section!r} is a section of source {owner!r}, not of {source!r}"
                elif mine:
                    why = (
                        f"unknown section {section!r} of source {source!r}{_near(section, mine)} "
                        f"(its sections on task {task.id!r}: {', '.join(sorted(mine))})"
                    )
                else:
                    why = (
                        f"unknown section {section!r}: source {source!r} has no sections on task {task.id!r}"
                    )
                problems.append(("section", why))
        return problems

    def check_references(self, task: Task, cell: str) -> list[tuple[str, str]]:
        """Problems of a references cell: each id exists and is in the task's references. Every id it names
        counts as cited. Depends on the text only (``check_rows`` asks once per distinct cell)."""
        problems: list[tuple[str, str]] = []
        refs = self.declared.get("references")
        ids = self.task_ids(task)
        for ref in dict.fromkeys(cell.split()) if len(cell) <= MAX_TEXT else ():  # too long: the schema's
            self.cited.add(ref)
            if len(ref) > MAX_ID or not _SLUG.match(ref):
                continue  # the schema says why
            if refs is not None and ref not in refs:
                problems.append(("references", f"unknown reference {ref!r}{_near(ref, refs)}"))
            elif ref not in ids.references:
                problems.append(
                    (
                        "references",
                        f"reference {ref!r} is not in the references of task {task.id!r} (add it there, "
                        "with its number)",
                    )
                )
        return problems

    def check_extra(self, task: Task, column: Column, text: str) -> str | None:
        """The problem of an extra column's cell, if any: plain text within MAX_TEXT, or (kind link) a link
        the pages can have; a ./relative one needs the task's links_base."""
        if not text:
            return None
        if column.kind == "text":
            if len(text) > MAX_TEXT:
                return f"must be at most {MAX_TEXT} characters long, got {len(text)}"
            return None
        if len(text) > MAX_URL:
            return f"must be at most {MAX_URL} characters long, got {len(text)}"
        if not _URL.match(text):
            return f"expected an http(s) URL or a ./relative link, got {quoted(text)}"
        if why := url_problem(text):
            return f"not a link the pages can have: {why}"
        if text.startswith(".") and task.links_base is None:
            return f"relative link {quoted(text)} needs the task's links_base"
        return None

    def check_model_ids(self, task: Task, cell: str, path: str, line: int) -> list[tuple[str, str]]:
        """A row's model ids (space separated): each the id of this row only, zoo-wide; and, when the data
        has a model registry (devices/models.csv), each in it, as a model of this task. Its problems, as
        (column, message)."""
        problems: list[tuple[str, str]] = []
        if len(cell) > MAX_TEXT:
            return problems  # the schema says so
        for model_id in dict.fromkeys(cell.split()):
            if len(model_id) > MAX_ID or not _SLUG.match(model_id):
                continue  # the schema's
            first = self.model_ids.setdefault(model_id, (path, line))
            if first != (path, line):
                problems.append(
                    (
                        "model_id",
                        f"model id {model_id!r} is already the id of the model at {Location(*first, 1)}",
                    )
                )
                continue
            if self.registry is None:
                continue
            entry = self.registry.get(model_id)
            if entry is None and model_id in self.registry_written:
                continue  # its registry row has an error
            if entry is None:
                pool = self.registry.keys()
                problems.append(
                    (
                        "model_id",
                        f"unknown model id {model_id!r}{_near(model_id, pool)}: add it to devices/models.csv",
                    )
                )
            elif entry.task != task.id:
                what = f"of task {entry.task!r}" if entry.task else "of no task of the zoo"
                problems.append(
                    (
                        "model_id",
                        f"model id {model_id!r} is a model {what} ({entry.location}), not of {task.id!r}",
                    )
                )
        if len(cell.split()) != len(set(cell.split())):
            twice = next(i for i in cell.split() if cell.split().count(i) > 1)
            problems.append(("model_id", f"model id {twice!r} is listed twice in the cell"))
        return problems

    def check_notes(self, text: str) -> list[str]:
        """The problems of a notes cell, one paragraph of inline prose (bare URLs become links): rendered
        once per text."""
        result = self.notes.get(text)
        if result is None:
            try:
                result = self.notes[text] = render_prose(text, bare_urls=True)
            except ProseError as exc:
                result = self.notes[text] = exc
        if isinstance(result, ProseError):
            return list(result.problems)
        return inline_problems(result, in_link=False)

    def check_figure(
        self, task: Task, metric: Metric | None, text: str, value: Decimal | str | None
    ) -> str | None:
        """The problem of a figure (the complexity's when ``metric`` is None), if any: within its bounds,
        then within the figure limits; the first that applies. A figure comes as (cell text, ``_figure`` of
        it); a cell that does not parse is left to the schema, which reports it.

        Complexity is > 0 and within ``COMPLEXITY_MIN``..``COMPLEXITY_MAX`` (its axis is logarithmic); a
        metric within its declared bounds, and at most ``MAX_MAGNITUDE`` when it declares no maximum (figures
        are never negative). Then at most ``FIGURE_DECIMALS`` decimals and ``FIGURE_DIGITS`` digits."""
        if not isinstance(value, Decimal):
            return None
        if metric is None:
            label = task.complexity.label
            if value <= 0:
                return f"{label} must be greater than 0, got {clipped(text)}"
            if not COMPLEXITY_MIN <= value <= COMPLEXITY_MAX:
                return f"{label} must be within {COMPLEXITY_MIN}–{COMPLEXITY_MAX}, got {clipped(text)}"
            return _figure_limits(label, text, value)
        # Decimal compares with a float by converting it exactly: the same, converted once per metric.
        low, high = _bounds(metric.minimum, metric.maximum)
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{_num(metric.minimum)}–{_num(metric.maximum)}"
            return f"{metric.label} must be within {bounds}, got {clipped(text)}"
        if high is None and value > MAX_MAGNITUDE:
            return (
                f"{metric.label} must be at most {MAX_MAGNITUDE} (the limit for a metric that declares "
                f"no maximum), got {clipped(text)}"
            )
        return _figure_limits(metric.label, text, value)

    def check_rows(self, task: Task, table: CsvTable) -> list[Model]:
        """Every row: its cells against ``ModelRow``, its ids against the task (``check_links``,
        ``check_references``), its figures, extra cells, notes and model id; a Model for each valid row.

        Cells repeat (a source, a dataset, a figure, a references cell), and each check of a cell depends on
        its text alone: it is made once per distinct text of its column (the dicts below), its findings
        reported at every row that has the text. A row whose cells all plainly pass ModelRow
        (``schema.plain_*``) is not given to it; any other row is, and ModelRow's messages are reported."""
        header = [h.strip() for h in table.header]
        index = {name: i for i, name in enumerate(header)}
        width = len(header)
        ckey = task.complexity.key
        # Column positions, looked up once (check_header has made sure every required column is there);
        # an optional column that is absent reads as blank.
        i_source, i_group, i_dataset, i_name, i_size, i_available, i_qat, i_notes, i_refs = (
            index[name] for name in FIXED_COLUMNS
        )
        i_section, i_model_id, i_float = (index.get(name) for name in OPTIONAL_COLUMNS)
        metric_keys = [metric.key for metric in task.metrics]
        path = table.path
        models: list[Model] = []
        anchors: dict[str, int] = {}  # anchor base -> rows that have it so far
        # With a float_model column: the anchors every row would have, valid or not (a float_model cell
        # naming a row that has errors of its own is not reported again), and the float_model cells to check
        # once every row is known.
        written: Counter[str] = Counter()
        pairings: list[tuple[str, Location, dict[str, Any]]] = []
        first_dataset = task.datasets[0]
        plain_source, plain_dataset, plain_section, plain_group, plain_name, plain_size, plain_notes = (
            plain_text(name)
            for name in ("source", "dataset", "section", "group", "name", "input_size", "notes")
        )
        plain_float_model = plain_text("float_model")
        fast = set(ModelRow.model_fields) == PLAIN_ROW_FIELDS
        # Per column, text (or texts) -> what its checks found: problems as (column, message), whether
        # ModelRow plainly takes it, and what it becomes.
        places: dict[tuple[str, str, str], tuple[list[tuple[str, str]], bool]] = {}
        cited: dict[str, tuple[list[tuple[str, str]], tuple[str, ...] | None]] = {}
        # The complexity first (metric None): (position, column, metric, text -> (problem, plainly taken,
        # value)).
        figure_cols: list[tuple[int, str, Metric | None, dict[str, tuple[str | None, bool, Any]]]] = [
            (index[key], key, metric, {})
            for key, metric in ((ckey, None), *((metric.key, metric) for metric in task.metrics))
        ]
        extra_cols: list[tuple[Column, int, dict[str, str | None]]] = [
            (column, index[column.key], {}) for column in task.columns
        ]
        notes_found: dict[str, tuple[list[tuple[str, str]], bool]] = {}
        sizes: dict[str, tuple[tuple[str, tuple[int, ...]], str] | None] = {}  # -> (parsed, in anchors)
        slugs: dict[str, str] = {}
        for row in table.rows:
            cells = row.cells
            if len(cells) != width:
                self.diags.error(
                    Location(path, row.line, row.cols[-1] if row.cols else 1),
                    "(row)",
                    f"expected {width} cells, found {len(cells)}",
                )
                continue
            source = cells[i_source].strip()
            section = cells[i_section].strip() if i_section is not None else ""
            dataset = cells[i_dataset].strip()
            group = cells[i_group].strip()
            name = cells[i_name].strip()
            input_size = cells[i_size].strip()
            available_text = cells[i_available].strip()
            qat_text = cells[i_qat].strip()
            notes = cells[i_notes].strip()
            references_text = cells[i_refs].strip()
            model_id = cells[i_model_id].strip() if i_model_id is not None else ""
            model_ids = plain_model_ids(model_id)
            float_model = ""
            if i_float is not None:
                float_model = cells[i_float].strip()
                own = _row_anchor(
                    {"source": source, "name": name, "dataset": dataset, "input_size": input_size},
                    first_dataset,
                    written,
                )
                if float_model:
                    pairings.append(
                        (
                            own or "",
                            Location(path, row.line, row.cols[i_float]),
                            {
                                "float_model": float_model,
                                "qat": qat_text,
                                "source": source,
                                "dataset": dataset,
                            },
                        )
                    )

            # Cross-record checks run on the cells themselves, so they are reported even when another cell
            # of the row is malformed.
            place = places.get((source, dataset, section))
            if place is None:
                place = places[(source, dataset, section)] = (
                    self.check_links(task, source, dataset, section),
                    plain_source(source) and plain_dataset(dataset) and plain_section(section),
                )
            problems = list(place[0])
            plain = fast and place[1]
            refs_found = cited.get(references_text)
            if refs_found is None:
                refs_found = cited[references_text] = (
                    self.check_references(task, references_text),
                    plain_references(references_text),
                )
            problems += refs_found[0]
            references = refs_found[1]
            figures: list[Decimal | str | None] = []
            for i, key, metric, figure_found in figure_cols:
                text = cells[i].strip()
                figure = figure_found.get(text)
                if figure is None:
                    value = _figure(text)
                    problem = self.check_figure(task, metric, text, value)
                    figure = figure_found[text] = (problem, plain_figure(value), value)
                if figure[0]:
                    problems.append((key, figure[0]))
                plain = plain and figure[1]
                figures.append(figure[2])
            extras: dict[str, str] = {}
            for column, i, extra_found in extra_cols:
                text = extras[column.key] = cells[i].strip()
                if text not in extra_found:
                    extra_found[text] = self.check_extra(task, column, text)
                if extra_found[text]:
                    problems.append((column.key, extra_found[text]))  # type: ignore[arg-type]
            if model_id:
                problems += self.check_model_ids(task, model_id, path, row.line)
            note = notes_found.get(notes)
            if note is None:
                found = (
                    self.check_notes(notes) if notes and len(notes) <= MAX_TEXT else []
                )  # else: the schema's
                note = notes_found[notes] = ([("notes", problem) for problem in found], plain_notes(notes))
            problems += note[0]
            size = sizes.get(input_size, False)
            if size is False:
                size = sizes[input_size] = None
                if plain_size(input_size):
                    parsed_size = parse_input_size(input_size)
                    size = sizes[input_size] = (parsed_size, _size_slug(parsed_size))
            available, qat = plain_flag(available_text), plain_flag(qat_text)
            plain = (
                plain
                and note[1]
                and references is not None
                and size is not None
                and available is not None
                and qat is not None
                and plain_name(name)
                and plain_group(group)
                and model_ids is not None
                and plain_float_model(float_model)
            )

            if problems or not plain:

                def col(name: str, row: Any = row) -> Location:
                    return Location(path, row.line, row.cols[index[name]])

                for column_key, message in problems:
                    self.diags.error(col(column_key), column_key, message)
                if not plain:
                    # Figures as parsed once above: the schema gets the Decimal (or the text, to report it).
                    data = {
                        "source": source,
                        "section": section,
                        "group": group,
                        "dataset": dataset,
                        "name": name,
                        "input_size": input_size,
                        "complexity": figures[0],
                        "metrics": dict(zip(metric_keys, figures[1:], strict=True)),
                        "available": available_text,
                        "qat": qat_text,
                        "notes": notes,
                        "references": references_text,
                        "model_id": model_id,
                        "float_model": float_model,
                    }
                    parsed = self.model_row(data, ckey, col)
                    if parsed is None or problems:
                        continue
                    # Taken after all (the plain_* tests only say yes when sure): ModelRow's values.
                    source, section, group, dataset = (
                        parsed.source,
                        parsed.section,
                        parsed.group,
                        parsed.dataset,
                    )
                    name, input_size, notes, model_ids, float_model = (
                        parsed.name,
                        parsed.input_size,
                        parsed.notes,
                        parsed.model_id,
                        parsed.float_model,
                    )
                    available, qat, references = parsed.available, parsed.qat, parsed.references
                    figures = [parsed.complexity, *(parsed.metrics[key] for key in metric_keys)]
                    parsed_size = parse_input_size(input_size)
                    size = (parsed_size, _size_slug(parsed_size))
                if problems:
                    continue
            slug = slugs.get(name)
            if slug is None:
                slug = slugs[name] = slugify(name)
            base = f"{source}--{slug}--{size[1]}"  # type: ignore[index]
            if dataset != first_dataset:
                base += f"--{dataset}"
            count = anchors[base] = anchors.get(base, 0) + 1
            anchor = base if count == 1 else f"{base}-{count}"
            models.append(
                Model(
                    task=task.id,
                    source=source,
                    group=group,
                    dataset=dataset,
                    name=name,
                    input_size=input_size,
                    complexity=figures[0],  # type: ignore[arg-type]
                    metrics=dict(zip(metric_keys, figures[1:], strict=True)),  # type: ignore[arg-type]
                    available=available,  # type: ignore[arg-type]
                    qat=qat,  # type: ignore[arg-type]
                    notes=notes,
                    references=references,  # type: ignore[arg-type]
                    anchor=anchor,
                    location=Location(path, row.line, 1),
                    section=section,
                    extras=extras,
                    model_ids=model_ids,
                    float_model=float_model,
                    size=size[0],  # type: ignore[index]
                )
            )
        self.check_pairings(task, pairings, {m.anchor: m for m in models}, written)
        return models

    def model_row(self, data: dict[str, Any], ckey: str, col: Any) -> ModelRow | None:
        """A row validated by ModelRow; None, and its messages reported, when it is invalid."""
        try:
            return ModelRow.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                column = {"complexity": ckey, "metrics": None}.get(str(loc[0]), str(loc[0]))
                if column is None:
                    column = str(loc[1])
                if column == "name" and err["type"] == "string_too_short":
                    msg = "a model needs a name"
                elif column == "references" and err["type"] == "string_pattern_mismatch":
                    got = quoted(err["input"])
                    msg = f"reference ids are lowercase slugs separated by spaces, got {got}"
                else:
                    msg = _message(err, column, None)
                self.diags.error(col(column), column, msg)
            return None

    def check_pairings(
        self,
        task: Task,
        pairings: list[tuple[str, Location, dict[str, Any]]],
        valid: dict[str, Model],
        written: Counter[str],
    ) -> None:
        """Each ``float_model`` cell: on a QAT row, naming the anchor of a float row of the same source and
        dataset of this task. A cell naming a row that has errors of its own is not checked further."""
        for own, where, data in pairings:
            target = data["float_model"]
            if len(target) > MAX_TEXT:
                continue  # the schema says so
            if data["qat"] not in ("Y", ""):
                continue  # not a flag: the schema says so
            if data["qat"] != "Y":
                self.diags.error(
                    where, "float_model", "only a QAT row (qat Y) names the float model it was trained from"
                )
                continue
            if target == own:
                self.diags.error(where, "float_model", f"{quoted(target)} is this row's own anchor")
                continue
            if target not in valid:
                if target not in written:
                    prefix = f"{data['source']}--"
                    near = _near(target, [a for a in valid if a.startswith(prefix)])
                    self.diags.error(
                        where,
                        "float_model",
                        f"no row of task {task.id!r} has the anchor {quoted(target)}{near} (a row's anchor "
                        "is its permalink: source--name--input-size)",
                    )
                continue
            twin = valid[target]
            if twin.qat:
                why = f"row {target!r} ({twin.location}) is a QAT model itself: name the float model"
            elif twin.source != data["source"]:
                why = (
                    f"row {target!r} ({twin.location}) is from source {twin.source!r}, "
                    f"not {data['source']!r}: a QAT model's float twin is from its own source"
                )
            elif twin.dataset != data["dataset"]:
                why = (
                    f"row {target!r} ({twin.location}) is a result on dataset {twin.dataset!r}, "
                    f"not {data['dataset']!r}"
                )
            else:
                continue
            self.diags.error(where, "float_model", why)


@dataclass(frozen=True)
class _TaskIds:
    sources: frozenset[str]
    datasets: frozenset[str]
    references: frozenset[str]
    sections: dict[str, frozenset[str]]
    """Source id -> the ids of its sections on the task."""
    section_owner: dict[str, str]
    """Section id -> the (first) source of the task that has it."""


def _row_anchor(data: dict[str, Any], first_dataset: str, written: Counter[str]) -> str | None:
    """The anchor a row's cells give it (counted in ``written``, with its repeats), whether or not the row is
    valid; None when its source, name or input size cannot make one. For a valid row it is the anchor
    ``check_rows`` gives it."""
    source, name, dataset = data["source"], data["name"], data["dataset"]
    if not (source and name and dataset) or len(name) > MAX_TEXT:
        return None
    try:
        size = parse_input_size(data["input_size"])
    except ValueError:
        return None
    base = f"{source}--{slugify(name)}--{_size_slug(size)}"
    if dataset != first_dataset:
        base += f"--{dataset}"
    written[base] += 1
    return base if written[base] == 1 else f"{base}-{written[base]}"


def _size_slug(size: tuple[str, tuple[int, ...]]) -> str:
    """An input size in a row anchor: what ``slugify`` makes of its text (``224x224``, ``520``,
    ``1536-768`` for ``(1536,768)``), from the parsed numbers."""
    kind, numbers = size
    return "x".join(map(str, numbers)) if kind != "range" else "-".join(map(str, numbers))


@functools.cache
def _bounds(low: float | None, high: float | None) -> tuple[Decimal | None, Decimal | None]:
    return (
        None if low is None else Decimal.from_float(low),
        None if high is None else Decimal.from_float(high),
    )


def _figure_limits(label: str, text: str, value: Decimal) -> str | None:
    """Why a figure inside its bounds still has too many digits, or None."""
    _, digits, exponent = value.as_tuple()
    decimals = -int(exponent)  # a plain decimal: the exponent is minus the digits after the point
    if decimals > FIGURE_DECIMALS:
        return f"{label} must have at most {FIGURE_DECIMALS} decimals, got {decimals}: {clipped(text)}"
    if len(digits) > FIGURE_DIGITS:
        count = len(digits)
        return f"{label} must have at most {FIGURE_DIGITS} significant digits, got {count}: {clipped(text)}"
    return None


def _figure(text: str) -> Decimal | str | None:
    """A figure cell parsed: None when blank, its Decimal, or the text itself when it is not a figure."""
    if not text:
        return None
    try:
        return parse_figure(text)
    except ValueError:
        return text


def _num(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)


def _near(name: str, known: Iterable[str]) -> str:
    """The hint ' (did you mean "x"?)' for the known id closest to ``name``, or ''. Memoised: a file with
    thousands of rows naming the same unknown id asks once (difflib over hundreds of ids is slow)."""
    return _nearest(name.lower(), frozenset(known))


@functools.lru_cache(maxsize=4096)
def _nearest(name: str, known: frozenset[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@gc_paused
def build_catalogue(
    data_dir: Path, *, display_root: Path | None = None, docs_dir: Path | None = None
) -> tuple[Catalogue, list[Diagnostic]]:
    """Load and validate a data folder. Returns the catalogue and its warnings; raises DataError on errors.

    ``docs_dir``: the folder of hand-written pages the site also holds; a task id that would put its folder
    on one of its names is an error (as is one of the names the site uses itself, see ``generator.paths``).
    """
    v = _Validator(Path(data_dir), display_root)
    docs = docs_names(docs_dir)
    diags = v.diags
    if not v.dir.is_dir():
        diags.error(Location(v.show(v.dir), 0, 0), "(folder)", "data folder not found")
        raise DataError(diags.items)
    v.real = resolve_root(v.dir)

    zoo = v.load_one("zoo", Zoo)
    lists = {name: v.unique(v.load_list(name, model), name[:-1]) for name, model in LIST_FILES.items()}
    datasets, sources, references = lists["datasets"], lists["sources"], lists["references"]

    # Tasks: one file each, id == file name.
    tasks: dict[str, _Typed] = {}
    task_dir = v.dir / "tasks"
    task_names = v.list("tasks", "*.yaml")
    task_files = [task_dir / name for name in task_names or ()]
    if task_names == []:
        diags.error(
            Location(v.show(task_dir), 0, 0), "(folder)", "no task files: expected tasks/<task-id>.yaml"
        )
    for path in task_files:
        v.files[f"task:{path.stem}"] = v.show(path)
        doc = load_yaml(v.real / "tasks" / path.name, v.show(path), diags, root=v.real)
        if doc is None:
            continue
        task = _validate_record(Task, doc, (), doc.value, diags, "")
        # The id is checked even when another field is invalid (its own errors are the schema's).
        task_id = task.id if task is not None else _written_id(doc.value)
        if task_id is not None:
            if task_id != path.stem:
                diags.error(
                    doc.locate(("id",)), "id", f"task id {task_id!r} must match its file name {path.stem!r}"
                )
                continue
            clash = root_name_clash(task_id, docs)
            if clash:
                diags.error(
                    doc.locate(("id",)),
                    "id",
                    f"task id {task_id!r} cannot name a folder of the site: {clash}",
                )
                continue
        if task is None:
            continue
        typed = _Typed(task, doc, ())
        if _check_columns(diags, typed):
            tasks[task.id] = typed
    if len(tasks) < len(task_files):
        v.incomplete = True

    # References between YAML records (checked against every id written, valid or not).
    for item in tasks.values():
        _check_task_links(diags, v.declared, item)
        v.files[f"task:{item.record.id}"] = item.doc.path

    # Devices: their records and the model registry, which the models files' ids are checked against.
    from generator.validate_devices import DeviceChecker

    devices = DeviceChecker(v)
    devices.records(Path(name).stem for name in task_names or ())

    # Models.
    models: dict[str, tuple[Model, ...]] = {}
    model_dir = v.dir / "models"
    model_names = v.list("models", "*.csv")  # None: the folder is refused (and reported once)
    for task_id, item in sorted(tasks.items()) if model_names is not None else []:
        path = model_dir / f"{task_id}.csv"
        v.files[f"models:{task_id}"] = v.show(path)
        if path.name not in model_names:
            diags.error(
                Location(v.show(path), 0, 0),
                "(file)",
                f"missing models file for task {task_id!r}: expected it here",
            )
            continue
        models[task_id] = tuple(v.load_models(item.record, path))
    devices.figures(tasks)
    _check_page_ids(diags, sources, tasks, models)
    if model_names is not None and task_names is not None:  # a refused folder is reported once, not per file
        for path in (model_dir / name for name in model_names):
            if path.stem not in tasks and f"task:{path.stem}" not in v.files:
                diags.error(
                    Location(v.show(path), 1, 1),
                    "(file)",
                    f"no task {path.stem!r}: add tasks/{path.stem}.yaml",
                )

    prose = _check_publishable(diags, zoo, datasets, sources, references, tasks, devices.devices)
    if not v.incomplete:
        _warnings(diags, tasks, sources, references, v.cited)
        devices.warnings(models, tasks)
    for task_id, rows in models.items():
        _duplicate_warnings(diags, tasks[task_id].record, rows)
        _typo_warnings(diags, rows)
    diags.raise_if_errors()
    assert zoo is not None  # an absent or invalid zoo.yaml is an error above

    ordered_tasks = sorted(tasks.values(), key=lambda t: (t.record.order, t.record.id))
    # The References page's order: as the tasks (in their order) number them, then the others.
    ref_order: dict[str, None] = {}
    for t in ordered_tasks:
        numbers = t.record.reference_numbers()
        ref_order.update(dict.fromkeys(sorted(numbers, key=lambda r: numbers[r])))
    ref_order.update(dict.fromkeys(references))
    catalogue = Catalogue(
        zoo=zoo.record,
        tasks=tuple(t.record for t in ordered_tasks),
        datasets={k: t.record for k, t in datasets.items()},
        sources={k: t.record for k, t in sources.items()},
        references={r: references[r].record for r in ref_order if r in references},
        models=models,
        numbers={t.record.id: t.record.reference_numbers() for t in ordered_tasks},
        files=dict(sorted(v.files.items())),
        prose=prose,
        notes={text: result for text, result in v.notes.items() if isinstance(result, Prose)},
        devices=devices.build(models, [t.record.id for t in ordered_tasks]),
    )
    return catalogue, sorted(diags.items)


def _warnings(
    diags: Collector,
    tasks: dict[str, _Typed],
    sources: dict[str, _Typed],
    references: dict[str, _Typed],
    cited_by_rows: set[str],
) -> None:
    """Warnings about the catalogue as a whole; only meaningful when every file could be checked."""
    cited = set(cited_by_rows)
    listed: dict[str, list[str]] = {}
    for t in sorted(tasks.values(), key=lambda t: (t.record.order, t.record.id)):
        task: Task = t.record
        for entry in task.sources:
            cited.update(entry.references)
        for ref_id, number in task.reference_numbers().items():
            listed.setdefault(ref_id, []).append(f"[{number}] on task {task.id!r}")
    # A reference in a task's numbered list shows in that page's References section (TI's pages cite most of
    # theirs from prose, "SSD [1]"): only one that no page lists and nothing cites is never shown.
    for ref_id, item in references.items():
        if ref_id not in cited and ref_id not in listed:
            diags.warning(
                item.where("id"), ref_id, "reference is listed by no task and cited by no model or source"
            )
    shown = {s for t in tasks.values() for s in t.record.source_ids}
    for source_id, item in sources.items():
        if source_id not in shown:
            diags.warning(item.where("id"), source_id, "source is listed on no task page")


def _check_publishable(
    diags: Collector,
    zoo: _Typed | None,
    datasets: dict[str, _Typed],
    sources: dict[str, _Typed],
    references: dict[str, _Typed],
    tasks: dict[str, _Typed],
    devices: dict[str, _Typed] | None = None,
) -> dict[str, Prose]:
    """What the pages publish as HTML, checked here so that its problems are errors at the field (and not
    template errors): every prose field, rendered once (``generator.prose``), every link target and
    anchor (the rules of the templates' ``url`` and ``id`` filters). Returns text -> rendered prose, for
    the catalogue: the templates only look the HTML up."""
    done: dict[str, Prose | ProseError] = {}

    def value(item: _Typed, path: tuple[str | int, ...]) -> Any:
        found = item.record
        for part in path:
            found = found[part] if isinstance(part, int) else getattr(found, part)
        return found

    def prose(
        item: _Typed, path: tuple[str | int, ...], field: str, *, inline: bool = False, in_link: bool = False
    ) -> None:
        text = value(item, path)
        if text is None:
            return
        if text not in done:
            try:
                done[text] = render_prose(text)
            except ProseError as exc:
                done[text] = exc
        result = done[text]
        if isinstance(result, ProseError):
            problems = list(result.problems)
        else:
            problems = inline_problems(result, in_link=in_link) if inline else []
        for problem in problems:
            diags.error(item.where(*path), field, problem)

    def link(item: _Typed, path: tuple[str | int, ...], field: str) -> None:
        target = value(item, path)
        why = target and url_problem(target)
        if why:
            diags.error(item.where(*path), field, f"not a link the pages can have: {why}")

    def anchor(item: _Typed, path: tuple[str | int, ...], field: str) -> None:
        why = id_problem(value(item, path))
        if why:
            diags.error(item.where(*path), field, f"not an element id: {why}")

    if zoo is not None:
        prose(zoo, ("description",), "description")
        link(zoo, ("repository",), "repository")
    for dataset_id, item in datasets.items():
        prose(item, ("description",), f"{dataset_id}.description")
        link(item, ("url",), f"{dataset_id}.url")
    for source_id, item in sources.items():
        prose(item, ("summary",), f"{source_id}.summary", inline=True)
        link(item, ("url",), f"{source_id}.url")
    for ref_id, item in references.items():
        for i in range(len(item.record.urls)):
            link(item, ("urls", i), f"{ref_id}.urls[{i}]")
    for device_id, item in (devices or {}).items():
        prose(item, ("description",), f"{device_id}.description")
    for item in tasks.values():
        task: Task = item.record
        for name in ("introduction", "datasets_intro", "sources_intro", "notes"):
            prose(item, (name,), name)
        link(item, ("links_base",), "links_base")
        for i, entry in enumerate(task.sources):
            at = f"sources[{i}]"
            prose(item, ("sources", i, "description"), f"{at}.description")
            for j, one in enumerate(entry.links):
                path = ("sources", i, "links", j)
                prose(item, (*path, "label"), f"{at}.links[{j}].label", inline=True, in_link=bool(one.url))
                link(item, (*path, "url"), f"{at}.links[{j}].url")
            for j in range(len(entry.sections)):
                prose(item, ("sources", i, "sections", j, "description"), f"{at}.sections[{j}].description")
            for j in range(len(entry.notes)):
                prose(item, ("sources", i, "notes", j), f"{at}.notes[{j}]")
            for j in range(len(entry.anchors)):
                anchor(item, ("sources", i, "anchors", j), f"{at}.anchors[{j}]")
    return {text: result for text, result in done.items() if isinstance(result, Prose)}


# Element ids of the task page's own sections and plots: a source id or an anchor must not take them.
RESERVED_IDS = frozenset({"introduction", "datasets", "models", "notes", "pareto", "references"})
RESERVED_PREFIXES = ("pareto-", "ref-", "__")
"""Plot ids are ``pareto-<dataset>``, ``pareto--<dataset>--<metric>`` and ``pareto-<source>--<dataset>``;
the task's references are ``ref-<id>``; mkdocs-material's own elements have ids starting with ``__``
(``__drawer``, ``__search``, ``__toc``, ``__nav_2``, ``__palette_0``...)."""


def _reserved_id(name: str) -> bool:
    return name in RESERVED_IDS or name.startswith(RESERVED_PREFIXES)


def _written_id(value: Any) -> str | None:
    """The id of an invalid record when it is itself a valid id (else the schema reports it)."""
    rid = value.get("id") if isinstance(value, dict) else None
    return rid if isinstance(rid, str) and len(rid) <= MAX_ID and _SLUG.match(rid) else None


def _heading_id(title: str) -> str:
    """The id Python-Markdown's toc gives a task page's title heading (it has no explicit id). Raw HTML
    ids (anchors, plot containers, reference entries) are invisible to toc, so it can give the heading one
    of them; the ids of the other headings (attribute lists) it avoids."""
    from markdown.extensions.toc import slugify

    return str(slugify(title, "-"))


def _check_page_ids(
    diags: Collector,
    sources: dict[str, _Typed],
    tasks: dict[str, _Typed],
    models: dict[str, tuple[Model, ...]],
) -> None:
    """Source ids and each task's anchors become element ids on task pages: they must be unique there, and
    not one the page has anyway (its sections, plots, references, title heading, sub-section headings, model
    rows, the theme's elements). An anchor equal to its source's own id is simply not written twice."""
    for source_id, item in sources.items():
        if _reserved_id(source_id):
            diags.error(
                item.where("id"), f"{source_id}.id", f"{source_id!r} is an id the task page uses itself"
            )
        elif source_id in TASK_NAMES:
            diags.error(
                item.where("id"),
                f"{source_id}.id",
                f"{source_id!r} names a page of every task (<task>/{source_id}/), where a large task "
                "puts a source's pages",
            )
    for task_id, item in tasks.items():
        task: Task = item.record
        heading = _heading_id(task.title)
        plots = {f"pareto-{d}" for d in task.datasets}
        plots |= {f"pareto--{d}--{m.key}" for d in task.datasets for m in task.metrics}
        if heading in plots:
            diags.error(
                item.where("title"),
                "title",
                f"its heading's id would be {heading!r}, the id of a plot on the page",
            )
        elif heading in {f"ref-{r.id}" for r in task.references}:
            diags.error(
                item.where("title"),
                "title",
                f"its heading's id would be {heading!r}, the id of a reference on the page",
            )
        taken: dict[str, str] = {s: f"the id of source {s!r}" for s in task.source_ids}
        taken.setdefault(heading, f"the id of the title heading of task {task_id!r}")
        for entry in task.sources:
            for section in entry.sections:
                anchor = section_anchor(entry.id, section.id)
                taken.setdefault(anchor, f"the id of the heading of section {section.id!r} of {entry.id!r}")
        anchors = {a for e in task.sources for a in e.anchors}
        for m in models.get(task_id, ()):
            if m.anchor in anchors:  # only these can clash (looked up, not all rows kept)
                taken.setdefault(m.anchor, f"the anchor of a model row of this task ({m.location})")
        for i, entry in enumerate(task.sources):
            for j, anchor in enumerate(entry.anchors):
                if anchor == entry.id:
                    continue  # the source's own id: written once
                clash = taken.get(anchor) or (
                    "an id the task page uses itself" if _reserved_id(anchor) else None
                )
                if clash:
                    diags.error(
                        item.where("sources", i, "anchors", j),
                        f"sources[{i}].anchors[{j}]",
                        f"{anchor!r} is already {clash}",
                    )
                else:
                    taken[anchor] = f"an anchor of source {entry.id!r}"


def _check_columns(diags: Collector, item: _Typed) -> bool:
    """Complexity, metric and extra column keys are unique and do not take the fixed model columns; one
    primary metric at most; bounds in order; a link label only on a link column."""
    task: Task = item.record
    seen = {task.complexity.key}
    ok = True

    def clash(key: str, at: tuple[str | int, ...], field: str) -> None:
        nonlocal ok
        if key in seen or key in RESERVED_COLUMNS:
            what = "already a column of this task"
            if key in DOWNLOAD_COLUMNS:
                what = "a column the downloads add (data/<task>.csv)"
            elif key in RESERVED_COLUMNS:
                what = "a fixed model column"
            diags.error(item.where(*at), field, f"{key!r} is {what}")
            ok = False
        seen.add(key)

    primary: int | None = None
    for i, metric in enumerate(task.metrics):
        clash(metric.key, ("metrics", i, "key"), f"metrics[{i}].key")
        if metric.minimum is not None and metric.maximum is not None and metric.minimum > metric.maximum:
            diags.error(
                item.where("metrics", i, "minimum"),
                f"metrics[{i}].minimum",
                f"minimum {_num(metric.minimum)} is above maximum {_num(metric.maximum)}",
            )
            ok = False
        if metric.primary:
            if primary is not None:
                diags.error(
                    item.where("metrics", i, "primary"),
                    f"metrics[{i}].primary",
                    f"only one metric can be primary: metrics[{primary}] ({task.metrics[primary].key!r}) is",
                )
                ok = False
            else:
                primary = i
    for i, column in enumerate(task.columns):
        clash(column.key, ("columns", i, "key"), f"columns[{i}].key")
        if column.link_label is not None and column.kind != "link":
            diags.error(
                item.where("columns", i, "link_label"),
                f"columns[{i}].link_label",
                "only a column of kind link has a link_label",
            )
            ok = False
    if task.complexity.key in RESERVED_COLUMNS:
        what = (
            "a column the downloads add"
            if task.complexity.key in DOWNLOAD_COLUMNS
            else "a fixed model column"
        )
        diags.error(item.where("complexity", "key"), "complexity.key", f"{task.complexity.key!r} is {what}")
        ok = False
    return ok


def _check_task_links(diags: Collector, declared: dict[str, set[str] | None], item: _Typed) -> None:
    """The ids a task file names (datasets, sources, references, each source's references) exist and are
    listed once; reference numbers are unique on the page (a repeat is a warning: TI's detection page
    defines [2] twice); ./relative links have a links_base to resolve against."""
    task: Task = item.record
    pool = declared.get("datasets")
    seen: set[str] = set()
    for i, dataset in enumerate(task.datasets):
        if pool is not None and dataset not in pool:
            diags.error(
                item.where("datasets", i),
                f"datasets[{i}]",
                f"unknown dataset {dataset!r}{_near(dataset, pool)}",
            )
        if dataset in seen:
            diags.error(item.where("datasets", i), f"datasets[{i}]", f"dataset {dataset!r} is listed twice")
        seen.add(dataset)
    for field, kind in (("sources", "source"), ("references", "reference")):
        pool = declared.get(field)
        seen = set()
        for i, entry in enumerate(getattr(task, field)):
            where = item.where(field, i, "id")
            if pool is not None and entry.id not in pool:
                diags.error(where, f"{field}[{i}]", f"unknown {kind} {entry.id!r}{_near(entry.id, pool)}")
            if entry.id in seen:
                diags.error(where, f"{field}[{i}]", f"{kind} {entry.id!r} is listed twice")
            seen.add(entry.id)
    numbers: dict[int, tuple[str, Location]] = {}
    for i, ref in enumerate(task.references):
        if ref.number is None:
            continue
        where = item.where("references", i, "number")
        first = numbers.setdefault(ref.number, (ref.id, where))
        if first[1] != where:
            diags.warning(
                where,
                f"references[{i}].number",
                f"[{ref.number}] is also the number of {first[0]!r} at {first[1]}: two references show as "
                f"[{ref.number}] on this page",
            )
    listed = {r.id for r in task.references}
    refs = declared.get("references")
    for i, entry in enumerate(task.sources):
        for j, ref in enumerate(entry.references):
            field = f"sources[{i}].references[{j}]"
            if refs is not None and ref not in refs:
                diags.error(
                    item.where("sources", i, "references", j),
                    field,
                    f"unknown reference {ref!r}{_near(ref, refs)}",
                )
            elif ref not in listed:
                diags.error(
                    item.where("sources", i, "references", j),
                    field,
                    f"reference {ref!r} is not in the references of this task "
                    "(add it there, with its number)",
                )
        section_ids: dict[str, int] = {}
        for j, section in enumerate(entry.sections):
            if section.id in section_ids:
                diags.error(
                    item.where("sources", i, "sections", j, "id"),
                    f"sources[{i}].sections[{j}].id",
                    f"section {section.id!r} is listed twice in source {entry.id!r}",
                )
            section_ids.setdefault(section.id, j)
        if task.links_base is None:
            for j, link in enumerate(entry.links):
                if link.url and link.url.startswith("."):
                    diags.error(
                        item.where("sources", i, "links", j, "url"),
                        f"sources[{i}].links[{j}].url",
                        f"relative link {link.url!r} needs the task's links_base",
                    )


def _duplicate_warnings(diags: Collector, task: Task, rows: tuple[Model, ...]) -> None:
    first: dict[tuple[str, str, str, str], Model] = {}
    for m in rows:
        key = (m.source, m.dataset, m.name, m.input_size)
        if key not in first:
            first[key] = m
            continue
        prev = first[key]
        diffs = []
        if prev.complexity != m.complexity:
            diffs.append(f"{task.complexity.key} {_show(prev.complexity)} vs {_show(m.complexity)}")
        for metric in task.metrics:
            a, b = prev.metric(metric.key), m.metric(metric.key)
            if a != b:
                diffs.append(f"{metric.key} {_show(a)} vs {_show(b)}")
        for column in task.columns:
            if prev.extras.get(column.key) != m.extras.get(column.key):
                diffs.append(column.key)
        attrs = ("available", "qat", "notes", "references", "group", "section", "model_id", "float_model")
        for attr in attrs:
            if getattr(prev, attr) != getattr(m, attr):
                diffs.append(attr)
        what = f"with different values ({'; '.join(diffs)})" if diffs else "with the same values"
        diags.warning(
            m.location,
            "name",
            f"{m.name} {m.input_size} from {m.source} is listed twice: "
            f"also at line {prev.location.line} {what}",
        )


def _show(value: object) -> str:
    return "blank" if value is None else str(value)


_WORD = re.compile(r"[^\W_]+")  # runs of characters for which str.isalnum() is true


def _tokens(name: str) -> list[str]:
    return [t for t in _WORD.findall(name) if len(t) >= 5]


def _one_typo_apart(a: str, b: str) -> bool:
    """True when a and b differ by one letter inserted, deleted, or swapped with its neighbour.

    Not a substitution: names of different models often differ by one letter in place of another (ResNet and
    RegNet, MobileNet and MobileDet). Edits that touch a digit are not typos either: MobileNetV1 and
    MobileNetV2 are different models.
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    ja, jb = len(a), len(b)
    while ja > i and jb > i and a[ja - 1] == b[jb - 1]:
        ja -= 1
        jb -= 1
    da, db = a[i:ja], b[i:jb]
    changed = da + db
    if any(c.isdigit() for c in changed):
        return False
    if len(da) + len(db) == 1:  # one letter more in one of them
        return True
    return len(da) == len(db) == 2 and da == db[::-1]


def _typo_warnings(diags: Collector, rows: tuple[Model, ...]) -> None:
    """Warn on name tokens one typo away from a more common token (symmetric-deletion index, O(n·L))."""
    count: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for m in rows:
        for tok in set(_tokens(m.name)):
            low = tok.lower()
            count[low] += 1
            spelled.setdefault(low, tok)
    buckets: defaultdict[str, set[str]] = defaultdict(set)
    for tok in count:
        buckets[tok].add(tok)
        for i in range(len(tok)):
            buckets[tok[:i] + tok[i + 1 :]].add(tok)
    suspicious: dict[str, str] = {}
    for group in buckets.values():
        if len(group) < 2:
            continue
        for a in group:
            for b in group:
                if a < b and _one_typo_apart(a, b):
                    rare, common = (a, b) if (count[a], b) < (count[b], a) else (b, a)
                    suspicious.setdefault(rare, common)
    if not suspicious:
        return
    for m in rows:
        for tok in _tokens(m.name):
            common = suspicious.get(tok.lower())
            if common:
                diags.warning(
                    m.location,
                    "name",
                    f"{tok!r} in {m.name!r} looks like a typo of {spelled[common]!r} "
                    f"(used {count[common]}×, this spelling {count[tok.lower()]}×)",
                )
