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
from generator.load import CsvTable, YamlDoc, load_yaml, read_csv
from generator.paths import docs_names, root_name_clash
from generator.prose import Prose, ProseError, inline_problems
from generator.prose import render as render_prose
from generator.schema import (
    FIXED_COLUMNS,
    HTTP_URL_PATTERN,
    SLUG_PATTERN,
    URL_PATTERN,
    Dataset,
    Metric,
    ModelRow,
    Reference,
    Source,
    Task,
    Zoo,
    parse_figure,
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
        return f"the number {value}"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


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
        shown = raw if raw is not None else value
        if isinstance(value, bool | int | float):
            return f'expected text, got {_describe(value)}: quote it ("{shown}") to keep it as written'
        return f"expected text, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern")
        if pattern == HTTP_URL_PATTERN:
            return f"expected an absolute http(s) URL, got {value!r}"
        if pattern == URL_PATTERN:
            return f"expected an http(s) URL or a ./relative link, got {value!r}"
        last = field.rsplit(".", 1)[-1]
        if last in _PATTERN_HINTS:
            return f"{_PATTERN_HINTS[last]}, got {value!r}"
        return f"expected a lowercase id like 'edgeai-tv' (a-z, 0-9, single - _ . between), got {value!r}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}"
    if kind == "finite_number":
        return f"expected a finite number, got {raw if raw is not None else value}"
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

    # -- YAML -------------------------------------------------------------------------------------
    def load_one(self, name: str, model: type[BaseModel], *, required: bool = True) -> _Typed | None:
        path = self.dir / f"{name}.yaml"
        shown = self.show(path)
        self.files[name] = shown
        if not path.is_file():
            if required:
                self.diags.error(Location(shown, 0, 0), "(file)", f"missing file: expected {name}.yaml here")
            return None
        doc = load_yaml(path, shown, self.diags)
        if doc is None:
            return None
        record = _validate_record(model, doc, (), doc.value, self.diags, "")
        return _Typed(record, doc, ()) if record is not None else None

    def load_list(self, name: str, model: type[BaseModel]) -> list[_Typed]:
        path = self.dir / f"{name}.yaml"
        shown = self.show(path)
        self.files[name] = shown
        self.declared[name] = None
        if not path.is_file():
            self.diags.error(Location(shown, 0, 0), "(file)", f"missing file: expected {name}.yaml here")
            return []
        doc = load_yaml(path, shown, self.diags)
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
        self.declared[name] = {
            i["id"] for i in doc.value if isinstance(i, dict) and isinstance(i.get("id"), str)
        }
        out = []
        for i, item in enumerate(doc.value):
            label = f"[{i}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
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
        table = read_csv(path, shown, self.diags)
        if table is None or not self.check_header(task, table):
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
            if not value or pool is None:
                continue  # reported as missing by the schema, or the list file itself is broken
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
            if refs is not None and ref not in refs and _SLUG.match(ref):
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
        """Complexity > 0 and metrics within their declared bounds. Each figure comes as (cell text,
        ``_figure`` of it); cells that do not parse are left to the schema, which reports them."""
        ok = True
        ckey = task.complexity.key
        text, value = complexity
        if isinstance(value, Decimal) and value <= 0:
            self.diags.error(col(ckey), ckey, f"{task.complexity.label} must be greater than 0, got {text}")
            ok = False
        for metric, text, value in metrics:
            if not isinstance(value, Decimal):
                continue
            # Decimal compares with a float by converting it exactly: the same, converted once per metric.
            low, high = _bounds(metric.minimum, metric.maximum)
            if (low is not None and value < low) or (high is not None and value > high):
                bounds = f"{_num(metric.minimum)}–{_num(metric.maximum)}"
                self.diags.error(
                    col(metric.key), metric.key, f"{metric.label} must be within {bounds}, got {text}"
                )
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
                    elif column == "references" and len(loc) > 1:
                        msg = f"reference ids are lowercase slugs separated by spaces, got {err['input']!r}"
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
    import difflib

    close = difflib.get_close_matches(name.lower(), list(known), n=1)
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

    zoo = v.load_one("zoo", Zoo)
    lists = {name: v.unique(v.load_list(name, model), name[:-1]) for name, model in LIST_FILES.items()}
    datasets, sources, references = lists["datasets"], lists["sources"], lists["references"]
    _check_page_ids(diags, sources)

    # Tasks: one file each, id == file name.
    tasks: dict[str, _Typed] = {}
    task_dir = v.dir / "tasks"
    task_files = sorted(task_dir.glob("*.yaml")) if task_dir.is_dir() else []
    if not task_files:
        diags.error(
            Location(v.show(task_dir), 0, 0), "(folder)", "no task files: expected tasks/<task-id>.yaml"
        )
    for path in task_files:
        v.files[f"task:{path.stem}"] = v.show(path)
        doc = load_yaml(path, v.show(path), diags)
        if doc is None:
            continue
        task = _validate_record(Task, doc, (), doc.value, diags, "")
        if task is None:
            continue
        typed = _Typed(task, doc, ())
        if task.id != path.stem:
            diags.error(
                typed.where("id"), "id", f"task id {task.id!r} must match its file name {path.stem!r}"
            )
            continue
        clash = root_name_clash(task.id, docs)
        if clash:
            diags.error(
                typed.where("id"), "id", f"task id {task.id!r} cannot name a folder of the site: {clash}"
            )
            continue
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
    for task_id, item in sorted(tasks.items()):
        path = model_dir / f"{task_id}.csv"
        v.files[f"models:{task_id}"] = v.show(path)
        if not path.is_file():
            diags.error(
                Location(v.show(path), 0, 0),
                "(file)",
                f"missing models file for task {task_id!r}: expected it here",
            )
            continue
        models[task_id] = tuple(v.load_models(item.record, path))
    if model_dir.is_dir():
        for path in sorted(model_dir.glob("*.csv")):
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


def _check_page_ids(diags: Collector, sources: dict[str, _Typed]) -> None:
    """Source ids and legacy anchors become element ids on task pages: they must be unique there."""
    taken: dict[str, str] = {}
    for source_id, item in sources.items():
        if source_id in RESERVED_IDS or source_id.startswith("pareto-"):
            diags.error(
                item.where("id"), f"{source_id}.id", f"{source_id!r} is an id the task page uses itself"
            )
        taken[source_id] = f"the id of source {source_id!r}"
    for source_id, item in sources.items():
        anchor = item.record.legacy_anchor
        if anchor is None:
            continue
        clash = taken.get(anchor) or ("an id the task page uses itself" if anchor in RESERVED_IDS else None)
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
