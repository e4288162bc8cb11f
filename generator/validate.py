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

from generator.catalogue import Catalogue, Model, slugify
from generator.diagnostics import Collector, DataError, Diagnostic, Location
from generator.escape import id_problem, url_problem
from generator.files import FileRefused, lexists_contained, list_contained, resolve_root
from generator.load import CsvTable, YamlDoc, load_yaml, read_csv
from generator.paths import docs_names, root_name_clash
from generator.prose import Prose, ProseError, inline_problems
from generator.prose import render as render_prose
from generator.schema import (
    COMPLEXITY_MAX,
    COMPLEXITY_MIN,
    FIGURE_DECIMALS,
    FIGURE_DIGITS,
    FIXED_COLUMNS,
    HTTP_URL_PATTERN,
    MAX_ID,
    MAX_MAGNITUDE,
    MAX_MODEL_ROWS,
    MAX_RECORDS,
    SLUG_PATTERN,
    URL_PATTERN,
    Dataset,
    Metric,
    ModelRow,
    Reference,
    Source,
    Task,
    Zoo,
    clipped,
    parse_figure,
    quoted,
)

_SLUG = re.compile(SLUG_PATTERN)
LIST_FILES: dict[str, type[BaseModel]] = {"datasets": Dataset, "sources": Source, "references": Reference}


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
    "input_size": "expected WIDTHxHEIGHT like 224x224",
    "legacy_anchor": "expected an anchor without spaces, quotes, <, > or &",
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
        last = field.rsplit(".", 1)[-1]
        if last in _PATTERN_HINTS:
            return f"{_PATTERN_HINTS[last]}, got {quoted(value)}"
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
            if err["type"] == "model_type":
                loc = ()
            full = (*at, *loc)
            if any(full[: len(r)] == r for r in doc.rejected):
                continue  # the loader refused that value and said why
            key = err["type"] in ("extra_forbidden",)
            where = doc.locate(full, key=key)
            if err["type"] == "missing":
                where = doc.locate(at)
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
        self._task_ids: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

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
        expected = task.columns()
        header = [h.strip() for h in table.header]
        ok = True
        seen: set[str] = set()
        for i, name in enumerate(header):
            where = Location(table.path, 1, table.header_cols[i])
            if name in seen:
                self.diags.error(where, name or "(header)", "column appears twice in the header")
                ok = False
            seen.add(name)
            if name not in expected:
                hint = f" (task {task.id!r} declares metrics: {', '.join(m.key for m in task.metrics)})"
                self.diags.error(where, name or "(header)", f"unknown column{hint}")
                ok = False
        missing = [c for c in expected if c not in seen]
        if missing:
            self.diags.error(
                Location(table.path, 1, 1),
                "(header)",
                f"missing column{'s' * (len(missing) > 1)}: {', '.join(missing)}; expected header: "
                + ",".join(expected),
            )
            ok = False
        return ok

    def task_ids(self, task: Task) -> tuple[frozenset[str], frozenset[str]]:
        """The task's sources and datasets as sets (a row's lookup is then O(1), not O(sources))."""
        ids = self._task_ids.get(task.id)
        if ids is None:
            ids = self._task_ids[task.id] = (frozenset(task.sources), frozenset(task.datasets))
        return ids

    def check_links(self, task: Task, data: dict[str, Any], col: Any) -> bool:
        """Source, dataset and references of one row exist and belong to the task."""
        ok = True
        known = self.declared
        allowed_sources, allowed_datasets = self.task_ids(task)
        for field, kind, allowed in (
            ("source", "sources", allowed_sources),
            ("dataset", "datasets", allowed_datasets),
        ):
            value = data[field]
            pool = known.get(kind)
            if not value or pool is None or len(value) > MAX_ID:
                continue  # reported by the schema (missing, too long), or the list file itself is broken
            if value not in pool:
                self.diags.error(col(field), field, f"unknown {field} {value!r}{_near(value, pool)}")
                ok = False
            elif value not in allowed:
                self.diags.error(
                    col(field), field, f"{field} {value!r} is not in the {kind} of task {task.id!r}"
                )
                ok = False
        refs = known.get("references")
        for ref in data["references"].split():
            self.cited.add(ref)
            if refs is not None and ref not in refs and len(ref) <= MAX_ID and _SLUG.match(ref):
                self.diags.error(
                    col("references"), "references", f"unknown reference {ref!r}{_near(ref, refs)}"
                )
                ok = False
        return ok

    def check_figures(
        self,
        task: Task,
        complexity: tuple[str, Decimal | str | None],
        metrics: list[tuple[Metric, str, Decimal | str | None]],
        col: Any,
    ) -> bool:
        """Each figure within its bounds, then within the figure limits. Each figure comes as (cell text,
        ``_figure`` of it); cells that do not parse are left to the schema, which reports them.

        Complexity is > 0 and within ``COMPLEXITY_MIN``..``COMPLEXITY_MAX`` (its axis is logarithmic); a
        metric within its declared bounds, and at most ``MAX_MAGNITUDE`` when it declares no maximum (figures
        are never negative). Then at most ``FIGURE_DECIMALS`` decimals and ``FIGURE_DIGITS`` digits: one
        message per cell, the first that applies."""
        ok = True
        ckey = task.complexity.key
        text, value = complexity
        if isinstance(value, Decimal):
            label = task.complexity.label
            if value <= 0:
                problem: str | None = f"{label} must be greater than 0, got {clipped(text)}"
            elif not COMPLEXITY_MIN <= value <= COMPLEXITY_MAX:
                problem = f"{label} must be within {COMPLEXITY_MIN}–{COMPLEXITY_MAX}, got {clipped(text)}"
            else:
                problem = _figure_limits(label, text, value)
            if problem:
                self.diags.error(col(ckey), ckey, problem)
                ok = False
        for metric, text, value in metrics:
            if not isinstance(value, Decimal):
                continue
            # Decimal compares with a float by converting it exactly: the same, converted once per metric.
            low, high = _bounds(metric.minimum, metric.maximum)
            if (low is not None and value < low) or (high is not None and value > high):
                bounds = f"{_num(metric.minimum)}–{_num(metric.maximum)}"
                problem = f"{metric.label} must be within {bounds}, got {clipped(text)}"
            elif high is None and value > MAX_MAGNITUDE:
                problem = (
                    f"{metric.label} must be at most {MAX_MAGNITUDE} (the limit for a metric that declares "
                    f"no maximum), got {clipped(text)}"
                )
            else:
                problem = _figure_limits(metric.label, text, value)
            if problem:
                self.diags.error(col(metric.key), metric.key, problem)
                ok = False
        return ok

    def check_rows(self, task: Task, table: CsvTable) -> list[Model]:
        header = [h.strip() for h in table.header]
        index = {name: i for i, name in enumerate(header)}
        ckey = task.complexity.key
        # Column positions, looked up once (check_header has made sure every column is there).
        i_source, i_group, i_dataset, i_name, i_size, i_available, i_qat, i_notes, i_refs = (
            index[name] for name in FIXED_COLUMNS
        )
        i_complexity = index[ckey]
        metric_cols = [(metric, index[metric.key]) for metric in task.metrics]
        path = table.path
        models: list[Model] = []
        anchors: Counter[str] = Counter()
        first_dataset = task.datasets[0]
        for row in table.rows:
            cells = row.cells
            if len(cells) != len(header):
                self.diags.error(
                    Location(path, row.line, row.cols[-1] if row.cols else 1),
                    "(row)",
                    f"expected {len(header)} cells, found {len(cells)}",
                )
                continue

            def col(name: str, row: Any = row) -> Location:
                return Location(path, row.line, row.cols[index[name]])

            # Figures are parsed once, here; the schema gets the Decimal (or the text, to report it).
            complexity_text = cells[i_complexity].strip()
            complexity = _figure(complexity_text)
            figures = []
            for metric, i in metric_cols:
                text = cells[i].strip()
                figures.append((metric, text, _figure(text)))
            data = {
                "source": cells[i_source].strip(),
                "group": cells[i_group].strip(),
                "dataset": cells[i_dataset].strip(),
                "name": cells[i_name].strip(),
                "input_size": cells[i_size].strip(),
                "complexity": complexity,
                "metrics": {metric.key: value for metric, _, value in figures},
                "available": cells[i_available].strip(),
                "qat": cells[i_qat].strip(),
                "notes": cells[i_notes].strip(),
                "references": cells[i_refs].strip(),
            }
            # Cross-record checks run on the cells themselves, so they are reported even when
            # another cell of the row is malformed.
            ok = self.check_links(task, data, col)
            ok = self.check_figures(task, (complexity_text, complexity), figures, col) and ok
            try:
                parsed = ModelRow.model_validate(data)
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
                continue
            if not ok:
                continue
            base = f"{parsed.source}--{slugify(parsed.name)}--{parsed.input_size}"
            if parsed.dataset != first_dataset:
                base += f"--{parsed.dataset}"
            anchors[base] += 1
            anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
            models.append(
                Model(
                    task=task.id,
                    source=parsed.source,
                    group=parsed.group,
                    dataset=parsed.dataset,
                    name=parsed.name,
                    input_size=parsed.input_size,
                    complexity=parsed.complexity,
                    metrics=dict(parsed.metrics),
                    available=parsed.available,
                    qat=parsed.qat,
                    notes=parsed.notes,
                    references=parsed.references,
                    anchor=anchor,
                    location=Location(table.path, row.line, 1),
                )
            )
        return models


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
    declared_refs = v.declared.get("references")
    for item in sources.values():
        for i, ref in enumerate(item.record.references):
            if declared_refs is not None and ref not in declared_refs:
                diags.error(
                    item.where("references", i), f"{item.record.id}.references", f"unknown reference {ref!r}"
                )
    numbers: dict[int, _Typed] = {}
    for item in references.values():
        n = item.record.number
        if n is None:
            continue
        if n in numbers:
            other = numbers[n].record.id
            diags.error(
                item.where("number"), f"{item.record.id}.number", f"number {n} is also used by {other!r}"
            )
        else:
            numbers[n] = item
    for task_id, item in tasks.items():
        task: Task = item.record
        for field, kind in (("datasets", "dataset"), ("sources", "source")):
            pool = v.declared.get(field)
            seen_ids: set[str] = set()
            for i, ref in enumerate(getattr(task, field)):
                if pool is not None and ref not in pool:
                    diags.error(
                        item.where(field, i), f"{field}[{i}]", f"unknown {kind} {ref!r}{_near(ref, pool)}"
                    )
                if ref in seen_ids:
                    diags.error(item.where(field, i), f"{field}[{i}]", f"{kind} {ref!r} is listed twice")
                seen_ids.add(ref)
        v.files[f"task:{task_id}"] = item.doc.path
        if task.links_base is None:
            # ./relative links of the task's sources have nothing to resolve against.
            for source_id in dict.fromkeys(task.sources):
                source = sources.get(source_id)
                for i, link in enumerate(source.record.links if source else ()):
                    if link.url and link.url.startswith("."):
                        diags.error(
                            source.where("links", i, "url"),
                            f"{source_id}.links[{i}].url",
                            f"relative link {link.url!r} needs links_base in {item.doc.path}",
                        )

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
    _check_page_ids(diags, sources, tasks, models)
    if model_names is not None and task_names is not None:  # a refused folder is reported once, not per file
        for path in (model_dir / name for name in model_names):
            if path.stem not in tasks and f"task:{path.stem}" not in v.files:
                diags.error(
                    Location(v.show(path), 1, 1),
                    "(file)",
                    f"no task {path.stem!r}: add tasks/{path.stem}.yaml",
                )

    prose = _check_publishable(diags, zoo, datasets, sources, references, tasks)
    if not v.incomplete:
        _warnings(diags, tasks, sources, references, v.cited)
    for task_id, rows in models.items():
        _duplicate_warnings(diags, tasks[task_id].record, rows)
        _typo_warnings(diags, rows)
    diags.raise_if_errors()
    assert zoo is not None  # an absent or invalid zoo.yaml is an error above

    ordered_refs = sorted(
        references.values(),
        key=lambda t: (t.record.number is None, t.record.number or 0, t.doc.marks[t.at].line),
    )
    ref_numbers: dict[str, int] = {}
    next_number = max((t.record.number or 0 for t in ordered_refs), default=0) + 1
    for t in ordered_refs:
        if t.record.number is not None:
            ref_numbers[t.record.id] = t.record.number
        else:
            ref_numbers[t.record.id] = next_number
            next_number += 1
    catalogue = Catalogue(
        zoo=zoo.record,
        tasks=tuple(t.record for t in sorted(tasks.values(), key=lambda t: (t.record.order, t.record.id))),
        datasets={k: t.record for k, t in datasets.items()},
        sources={k: t.record for k, t in sources.items()},
        references={t.record.id: t.record for t in ordered_refs},
        models=models,
        reference_numbers=ref_numbers,
        files=dict(sorted(v.files.items())),
        prose=prose,
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
    for item in sources.values():
        cited.update(item.record.references)
    for ref_id, item in references.items():
        if ref_id not in cited:
            number = f" [{item.record.number}]" if item.record.number is not None else ""
            diags.warning(item.where("id"), f"{ref_id}", f"reference{number} is cited by no model or source")
    shown = {s for t in tasks.values() for s in t.record.sources}
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
) -> dict[str, Prose]:
    """What the pages publish as HTML, checked here so that its problems are errors at the field (and not
    template errors): every prose field, rendered once (``generator.prose``), every link target and
    legacy anchor (the rules of the templates' ``url`` and ``id`` filters). Returns text -> rendered prose,
    for the catalogue: the templates only look the HTML up."""
    done: dict[str, Prose | ProseError] = {}

    def value(item: _Typed, path: tuple[str | int, ...]) -> Any:
        found = item.record
        for part in path:
            found = found[part] if isinstance(part, int) else getattr(found, part)
        return found

    def prose(item: _Typed, path: tuple[str | int, ...], field: str, *, inline: bool = False) -> None:
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
            in_link = inline and path[0] == "links" and bool(item.record.links[path[1]].url)
            problems = inline_problems(result, in_link=in_link) if inline else []
        for problem in problems:
            diags.error(item.where(*path), field, problem)

    def link(item: _Typed, path: tuple[str | int, ...], field: str) -> None:
        target = value(item, path)
        why = target and url_problem(target)
        if why:
            diags.error(item.where(*path), field, f"not a link the pages can have: {why}")

    if zoo is not None:
        prose(zoo, ("description",), "description")
        link(zoo, ("repository",), "repository")
    for dataset_id, item in datasets.items():
        prose(item, ("description",), f"{dataset_id}.description")
        link(item, ("url",), f"{dataset_id}.url")
    for source_id, item in sources.items():
        source: Source = item.record
        prose(item, ("summary",), f"{source_id}.summary", inline=True)
        prose(item, ("description",), f"{source_id}.description")
        for i in range(len(source.links)):
            prose(item, ("links", i, "label"), f"{source_id}.links[{i}].label", inline=True)
            link(item, ("links", i, "url"), f"{source_id}.links[{i}].url")
        for i in range(len(source.notes)):
            prose(item, ("notes", i), f"{source_id}.notes[{i}]")
        anchor = source.legacy_anchor
        why = anchor and id_problem(anchor)
        if why:
            where = item.where("legacy_anchor")
            diags.error(where, f"{source_id}.legacy_anchor", f"not an element id: {why}")
    for ref_id, item in references.items():
        for i in range(len(item.record.urls)):
            link(item, ("urls", i), f"{ref_id}.urls[{i}]")
    for item in tasks.values():
        for name in ("introduction", "sources_intro", "notes"):
            prose(item, (name,), name)
        link(item, ("links_base",), "links_base")
    return {text: result for text, result in done.items() if isinstance(result, Prose)}


# Element ids of the task page's own sections and plots: a source id or legacy anchor must not take them.
RESERVED_IDS = frozenset({"introduction", "datasets", "models", "notes", "pareto"})
RESERVED_PREFIXES = ("pareto-", "__")
"""Plot ids are ``pareto-<dataset>`` and ``pareto-<source>--<dataset>``; mkdocs-material's own elements have
ids starting with ``__`` (``__drawer``, ``__search``, ``__toc``, ``__nav_2``, ``__palette_0``...)."""


def _reserved_id(name: str) -> bool:
    return name in RESERVED_IDS or name.startswith(RESERVED_PREFIXES)


def _written_id(value: Any) -> str | None:
    """The id of an invalid record when it is itself a valid id (else the schema reports it)."""
    rid = value.get("id") if isinstance(value, dict) else None
    return rid if isinstance(rid, str) and len(rid) <= MAX_ID and _SLUG.match(rid) else None


def _heading_id(title: str) -> str:
    """The id Python-Markdown's toc gives a task page's title heading (it has no explicit id). Raw HTML
    ids (legacy anchors, plot containers) are invisible to toc, so it can give the heading one of them."""
    from markdown.extensions.toc import slugify

    return str(slugify(title, "-"))


def _check_page_ids(
    diags: Collector,
    sources: dict[str, _Typed],
    tasks: dict[str, _Typed],
    models: dict[str, tuple[Model, ...]],
) -> None:
    """Source ids and legacy anchors become element ids on task pages: they must be unique there, and not
    one the page has anyway (its sections, plots, title heading, model rows, the theme's elements)."""
    taken: dict[str, str] = {}
    for source_id, item in sources.items():
        if _reserved_id(source_id):
            diags.error(
                item.where("id"), f"{source_id}.id", f"{source_id!r} is an id the task page uses itself"
            )
        taken[source_id] = f"the id of source {source_id!r}"
    legacy = {i.record.legacy_anchor: s for s, i in sources.items() if i.record.legacy_anchor is not None}
    # Ids of the task pages a source is shown on that only its legacy anchor can take: the title
    # heading's and the model rows' (a row anchor has "--", which no source id has).
    on_page: dict[str, str] = {}
    for task_id, item in tasks.items():
        task: Task = item.record
        heading = _heading_id(task.title)
        if heading in {f"pareto-{d}" for d in task.datasets}:
            diags.error(
                item.where("title"),
                "title",
                f"its heading's id would be {heading!r}, the id of a plot on the page",
            )
        ids = {heading: f"the id of the title heading of task {task_id!r}"}
        for m in models.get(task_id, ()):
            if m.anchor in legacy:
                ids.setdefault(m.anchor, f"the anchor of a model row of task {task_id!r} ({m.location})")
        shown = set(task.sources)
        for anchor, what in ids.items():
            if legacy.get(anchor) in shown:
                on_page.setdefault(anchor, what)
    for source_id, item in sources.items():
        anchor = item.record.legacy_anchor
        if anchor is None:
            continue
        clash = (
            taken.get(anchor)
            or ("an id the task page uses itself" if _reserved_id(anchor) else None)
            or on_page.get(anchor)
        )
        if clash and anchor != source_id:
            diags.error(
                item.where("legacy_anchor"), f"{source_id}.legacy_anchor", f"{anchor!r} is already {clash}"
            )
        taken.setdefault(anchor, f"the legacy anchor of source {source_id!r}")


def _check_columns(diags: Collector, item: _Typed) -> bool:
    """Metric keys are unique and do not clash with the fixed model columns."""
    task: Task = item.record
    seen = {task.complexity.key}
    ok = True
    for i, metric in enumerate(task.metrics):
        if metric.key in seen or metric.key in FIXED_COLUMNS:
            what = "a fixed model column" if metric.key in FIXED_COLUMNS else "already a column of this task"
            diags.error(item.where("metrics", i, "key"), f"metrics[{i}].key", f"{metric.key!r} is {what}")
            ok = False
        seen.add(metric.key)
        if metric.minimum is not None and metric.maximum is not None and metric.minimum > metric.maximum:
            diags.error(
                item.where("metrics", i, "minimum"),
                f"metrics[{i}].minimum",
                f"minimum {_num(metric.minimum)} is above maximum {_num(metric.maximum)}",
            )
            ok = False
    if task.complexity.key in FIXED_COLUMNS:
        diags.error(
            item.where("complexity", "key"),
            "complexity.key",
            f"{task.complexity.key!r} is a fixed model column",
        )
        ok = False
    return ok


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
        for attr in ("available", "qat", "notes", "references", "group"):
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
    """True when a and b differ by one letter edit (substitution, insertion, deletion, adjacent swap).

    Edits that touch a digit are not typos: MobileNetV1 and MobileNetV2 are different models.
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
    if len(da) <= 1 and len(db) <= 1:
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
