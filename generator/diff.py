"""Data-change report: what an edit of the data folder changes in the catalogue, as Markdown.

``modelzoo diff OLD_DATA_DIR NEW_DATA_DIR`` compares two data folders; ``modelzoo diff --git BASE_REF``
compares the data folder as it was at BASE_REF with the working tree (CI writes it to the job summary of a
pull request). The report lists models added, removed and changed (old → new per CSV column: figures,
extra columns, flags, section, model id...); tasks (their metrics, columns, references and what each source
shows on the page), sources, datasets and references added, removed and changed (old → new per field); and
the models that entered or left a task's Pareto frontier of a metric.

Models are matched by (task, source, dataset, name, input_size). A key listed more than once in a file is
matched by position: the n-th such row of the old file with the n-th of the new one, and shown as "#n".
Every piece of data text is escaped with ``escape.md_text``.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.catalogue import Catalogue, Model
from generator.escape import md_text

ModelKey = tuple[str, str, str, str, str, int]
"""(task, source, dataset, name, input_size, n): n counts the rows with the same first five fields, from 1."""

BLANK = "*blank*"
_EXCERPT = 60  # longest value shown whole; longer values are cut around their first difference


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ModelChange:
    old: Model
    new: Model
    key: ModelKey
    fields: tuple[FieldChange, ...]


@dataclass
class TaskModels:
    """The model changes of one task (a task added or removed has all its models added or removed)."""

    task_id: str
    title: str
    columns: list[str]
    added: list[tuple[ModelKey, Model]] = field(default_factory=list)
    removed: list[tuple[ModelKey, Model]] = field(default_factory=list)
    changed: list[ModelChange] = field(default_factory=list)
    entered: list[tuple[ModelKey, Model, str]] = field(default_factory=list)
    """Models on a Pareto frontier of the new data and not of the old, with the frontier's metric label."""
    left: list[tuple[ModelKey, Model, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.entered or self.left)


@dataclass
class RecordChanges:
    """Added, removed and changed records of one kind ("tasks", "sources", ...), by id."""

    kind: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, tuple[FieldChange, ...]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class DataDiff:
    tasks: list[TaskModels]
    records: list[RecordChanges]

    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(t.added) for t in self.tasks),
            "removed": sum(len(t.removed) for t in self.tasks),
            "changed": sum(len(t.changed) for t in self.tasks),
            "entered": sum(len(t.entered) for t in self.tasks),
            "left": sum(len(t.left) for t in self.tasks),
        }

    def __bool__(self) -> bool:
        return any(self.tasks) or any(self.records)


# --- comparing ---------------------------------------------------------------------------------------


def model_keys(models: Iterable[Model]) -> Iterator[tuple[ModelKey, Model]]:
    """Each model with its key, in file order; repeated keys are numbered 1, 2, ... in file order."""
    seen: defaultdict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for m in models:
        base = (m.task, m.source, m.dataset, m.name, m.input_size)
        seen[base] += 1
        yield (*base, seen[base]), m


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _cells(model: Model, complexity_key: str, keys: list[str]) -> dict[str, str | None]:
    """A model as its CSV cells (figures as written, flags as Y or blank); blank cells are None. ``keys``:
    the task's metric and extra column keys."""
    cells: dict[str, str | None] = {
        "section": model.section or None,
        "group": model.group or None,
        complexity_key: _figure(model.complexity),
    }
    for key in keys:
        cells[key] = _figure(model.metrics[key]) if key in model.metrics else model.extras.get(key) or None
    cells["available"] = "Y" if model.available else None
    cells["qat"] = "Y" if model.qat else None
    cells["notes"] = model.notes or None
    cells["references"] = " ".join(model.references) or None
    cells["model_id"] = model.model_id or None
    cells["float_model"] = model.float_model or None
    return cells


def _task_columns(catalogue: Catalogue | None, task_id: str) -> tuple[str, list[str]] | None:
    """The task's complexity key and its metric and extra column keys."""
    if catalogue is None:
        return None
    try:
        task = catalogue.task(task_id)
    except KeyError:
        return None
    return task.complexity.key, [m.key for m in task.metrics] + [c.key for c in task.columns]


def _frontier_function() -> Callable[[Catalogue], Mapping[str, dict[str, tuple[str, set[str]]]]]:
    """Task id -> metric key -> (its label, the anchors of the models on one of its all-sources Pareto
    frontiers, over the datasets) (the analysis stage)."""
    from generator.analyse import analyse

    def frontiers(catalogue: Catalogue) -> dict[str, dict[str, tuple[str, set[str]]]]:
        out: dict[str, dict[str, tuple[str, set[str]]]] = {}
        for task_id, analysis in analyse(catalogue).items():
            by_metric = out.setdefault(task_id, {})
            for (_, key), pareto in analysis.frontiers.items():
                by_metric.setdefault(key, (pareto.metric.label, set()))[1].update(pareto.anchors)
        return out

    return frontiers


def compare(old: Catalogue | None, new: Catalogue | None) -> DataDiff:
    """Everything that differs between two catalogues (None: no data folder on that side)."""
    frontier_fn = _frontier_function()
    old_front = frontier_fn(old) if old is not None else {}
    new_front = frontier_fn(new) if new is not None else {}
    new_ids = [t.id for t in new.tasks] if new else []
    old_ids = [t.id for t in old.tasks] if old else []
    task_ids = new_ids + [t for t in old_ids if t not in new_ids]
    titles = {t.id: t.title for c in (old, new) if c is not None for t in c.tasks}

    tasks: list[TaskModels] = []
    for task_id in task_ids:
        new_cols = _task_columns(new, task_id)
        old_cols = _task_columns(old, task_id)
        ckey, metric_keys = new_cols or old_cols or ("", [])
        if new_cols and old_cols:  # a metric dropped by the new task still shows as a change
            metric_keys = metric_keys + [k for k in old_cols[1] if k not in metric_keys]
        result = TaskModels(task_id, titles[task_id], [ckey, *metric_keys])
        old_rows = dict(model_keys(old.models_of(task_id) if old else ()))
        new_rows = dict(model_keys(new.models_of(task_id) if new else ()))
        for key, model in new_rows.items():
            before = old_rows.get(key)
            if before is None:
                result.added.append((key, model))
                continue
            a, b = _cells(before, ckey, metric_keys), _cells(model, ckey, metric_keys)
            fields = tuple(FieldChange(k, a[k], b[k]) for k in b if a[k] != b[k])
            if fields:
                result.changed.append(ModelChange(before, model, key, fields))
        result.removed = [(key, m) for key, m in old_rows.items() if key not in new_rows]
        metrics = {**old_front.get(task_id, {}), **new_front.get(task_id, {})}
        for key, (label, _) in metrics.items():
            on_old = _frontier_keys(old_rows, old_front.get(task_id, {}).get(key, ("", set()))[1])
            on_new = _frontier_keys(new_rows, new_front.get(task_id, {}).get(key, ("", set()))[1])
            result.entered += [(k, new_rows[k], label) for k in new_rows if k in on_new and k not in on_old]
            result.left += [(k, old_rows[k], label) for k in old_rows if k in on_old and k not in on_new]
        if result:
            tasks.append(result)

    records = [
        _records("tasks", _by_id(old, "tasks"), _by_id(new, "tasks")),
        _records("sources", _by_id(old, "sources"), _by_id(new, "sources")),
        _records("datasets", _by_id(old, "datasets"), _by_id(new, "datasets")),
        _records("references", _by_id(old, "references"), _by_id(new, "references")),
        _records("zoo", _by_id(old, "zoo"), _by_id(new, "zoo")),
    ]
    return DataDiff(tasks, records)


def _frontier_keys(rows: dict[ModelKey, Model], anchors: set[str]) -> set[ModelKey]:
    return {key for key, m in rows.items() if m.anchor in anchors}


def _by_id(catalogue: Catalogue | None, kind: str) -> dict[str, dict[str, Any]]:
    """Records of one kind as flat {field path: value} dicts, by id, in catalogue order."""
    if catalogue is None:
        return {}
    if kind == "tasks":
        return {t.id: _flat(t) for t in catalogue.tasks}
    if kind == "zoo":
        return {"zoo": _flat(catalogue.zoo)}
    records: dict[str, BaseModel] = getattr(catalogue, kind)
    return {rid: _flat(rec) for rid, rec in records.items()}


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """A record as {dotted field path: display text}: sub-records and lists of them are expanded
    (``links[1].url``); lists of plain values stay one field (``authors``). A list of records with ids or
    keys (a task's sources, references, metrics, columns, a source's sections) is one field of its ids in
    order, and each item is known by its id (``sources[alpha].links[1].url``): inserting one does not
    renumber the others."""
    out: dict[str, Any] = {}
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            out.update(_flat(getattr(value, name), f"{prefix}.{name}" if prefix else name))
    elif isinstance(value, list | tuple) and any(isinstance(v, BaseModel) for v in value):
        names = [_item_id(item) for item in value]
        if all(names) and len(set(names)) == len(names):
            out[prefix] = _plain(names)
            for name, item in zip(names, value, strict=True):
                out.update(
                    {
                        k: v
                        for k, v in _flat(item, f"{prefix}[{name}]").items()
                        if not k.endswith("].id") and not k.endswith("].key")
                    }
                )
        else:
            for i, item in enumerate(value):
                out.update(_flat(item, f"{prefix}[{i}]"))
    else:
        out[prefix] = _plain(value)
    return out


def _item_id(item: Any) -> str | None:
    """The id (or key) that names a record in its list, or None."""
    name = getattr(item, "id", None) or getattr(item, "key", None)
    return name if isinstance(name, str) else None


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(_plain(v)) for v in value) or None
    return " ".join(str(value).split())


def _records(kind: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> RecordChanges:
    result = RecordChanges(kind)
    result.added = [rid for rid in new if rid not in old]
    result.removed = [rid for rid in old if rid not in new]
    for rid, after in new.items():
        before = old.get(rid)
        if before is None:
            continue
        paths = list(after) + [p for p in before if p not in after]
        fields = tuple(
            FieldChange(p, before.get(p), after.get(p)) for p in paths if before.get(p) != after.get(p)
        )
        if fields:
            result.changed.append((rid, fields))
    return result


# --- the report --------------------------------------------------------------------------------------


def _value(text: str | None) -> str:
    return BLANK if text is None or text == "" else md_text(text)


def _pair(old: str | None, new: str | None) -> tuple[str, str]:
    """Old and new cell text; long values are cut to the same window around their first difference."""
    if old is None or new is None or max(len(old), len(new)) <= _EXCERPT:
        return _value(old), _value(new)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    start = max(0, start - _EXCERPT // 3)

    def cut(text: str) -> str:
        piece = text[start : start + _EXCERPT]
        head = "…" if start > 0 else ""
        tail = "…" if start + _EXCERPT < len(text) else ""
        return head + md_text(piece.strip() if head or tail else piece) + tail

    return cut(old), cut(new)


def describe(key: ModelKey) -> str:
    """A model's key as escaped Markdown text: 'name · input_size · source · dataset', '#n' if repeated."""
    _, source, dataset, name, size, n = key
    text = " · ".join(md_text(p) for p in (name, size, source, dataset))
    return f"{text} \\#{n}" if n > 1 else text


def _counts(kind: str, **counts: int) -> str:
    parts = [f"{n} {what}" for what, n in counts.items() if n]
    return f"{kind}: {', '.join(parts) or 'no change'}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def report(diff: DataDiff, old_label: str, new_label: str) -> str:
    """The Markdown report of a comparison; labels name the two sides (they are escaped)."""
    lines = ["## Data changes", "", f"{md_text(old_label)} → {md_text(new_label)}", ""]
    if not diff:
        lines.append("No changes to the data.")
        return "\n".join(lines) + "\n"
    c = diff.counts()
    summary = [_counts("models", added=c["added"], removed=c["removed"], changed=c["changed"])]
    if c["entered"] or c["left"]:
        summary.append(_counts("Pareto frontier", entered=c["entered"], left=c["left"]))
    for rec in diff.records:
        if rec:
            summary.append(
                _counts(rec.kind, added=len(rec.added), removed=len(rec.removed), changed=len(rec.changed))
            )
    lines += ["; ".join(summary) + ".", ""]

    for task in diff.tasks:
        lines += [f"### {md_text(task.title)}: models", ""]
        cols = [md_text(c) for c in task.columns]
        for title, rows in (("Added", task.added), ("Removed", task.removed)):
            if not rows:
                continue
            lines += [f"**{title}** ({len(rows)})", ""]
            body = []
            for key, m in rows:
                cells = _cells(m, task.columns[0], task.columns[1:])
                body.append([describe(key)] + [_value(cells[c]) for c in task.columns])
            lines += [*_table(["model", *cols], body), ""]
        if task.changed:
            lines += [f"**Changed** ({len(task.changed)})", ""]
            body = []
            for change in task.changed:
                for i, fc in enumerate(change.fields):
                    old, new = _pair(fc.old, fc.new)
                    body.append([describe(change.key) if i == 0 else "", md_text(fc.field), old, new])
            lines += [*_table(["model", "column", "old", "new"], body), ""]
        if task.entered or task.left:
            lines += ["**Pareto frontier**", ""]
            body = [[describe(k), md_text(label), "entered"] for k, _, label in task.entered]
            body += [[describe(k), md_text(label), "left"] for k, _, label in task.left]
            lines += [*_table(["model", "metric", "frontier"], body), ""]

    for rec in diff.records:
        if not rec:
            continue
        lines += [f"### {rec.kind.capitalize()}", ""]
        if rec.added:
            lines += ["**Added**: " + ", ".join(md_text(r) for r in rec.added), ""]
        if rec.removed:
            lines += ["**Removed**: " + ", ".join(md_text(r) for r in rec.removed), ""]
        if rec.changed:
            body = []
            for rid, fields in rec.changed:
                for i, fc in enumerate(fields):
                    old, new = _pair(fc.old, fc.new)
                    body.append([md_text(rid) if i == 0 else "", md_text(fc.field), old, new])
            lines += ["**Changed**", "", *_table(["id", "field", "old", "new"], body), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- inputs: folders and git -------------------------------------------------------------------------


class DiffError(Exception):
    """A problem with the inputs of a comparison (not with the data itself)."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None


def extract_data_at(ref: str, data_dir: Path, dest: Path) -> Path | None:
    """Write the data folder as it was at git ``ref`` under ``dest`` (same path as in the repository).

    Returns the extracted folder, or None when the folder did not exist at that ref.
    """
    data_dir = Path(data_dir).resolve()
    probe = data_dir if data_dir.is_dir() else data_dir.parent
    if not probe.is_dir():
        raise DiffError(f"data folder not found: {data_dir}")
    top = _git(["rev-parse", "--show-toplevel"], probe)
    if top.returncode != 0:
        raise DiffError(f"not inside a git repository: {probe}")
    root = Path(top.stdout.decode().strip()).resolve()
    try:
        rel = data_dir.relative_to(root).as_posix()
    except ValueError:
        raise DiffError(f"the data folder {data_dir} is outside the git repository {root}") from None
    # Resolve the ref to a commit first: nothing user-given is passed to git as an option afterwards.
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if commit.returncode != 0:
        raise DiffError(f"unknown git ref {ref!r} (for a pull request base, fetch it first)")
    sha = commit.stdout.decode().strip()
    if rel != "." and _git(["cat-file", "-e", f"{sha}:{rel}"], root).returncode != 0:
        return None
    archive = _git(["archive", "--format=tar", sha, "--", rel], root)
    if archive.returncode != 0:
        detail = archive.stderr.decode(errors="replace").strip()
        raise DiffError(f"git archive of {rel} at {ref!r} failed: {detail}")
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")  # refuses links out of dest, absolute paths, devices
    except tarfile.TarError as exc:
        raise DiffError(f"cannot extract {rel} at {ref!r}: {exc}") from None
    return dest / rel


@dataclass(frozen=True)
class SiteFolders:
    """The folders besides the data that the pipeline reads (as ``build_site`` takes them)."""

    templates: Path
    docs: Path | None = None


def _load(
    data_dir: Path | None, folders: SiteFolders, display_root: Path | None, which: str
) -> Catalogue | None:
    """The catalogue of a data folder, through the whole pipeline (so a folder that would not build is
    reported as the build reports it); invalid data prints the errors and raises SystemExit(1)."""
    from generator.diagnostics import DataError
    from generator.pipeline import build_site

    if data_dir is None:
        return None
    try:
        site = build_site(data_dir, folders.templates, docs_dir=folders.docs, display_root=display_root)
    except DataError as exc:
        print(f"modelzoo diff: {which} is invalid:", file=sys.stderr)
        print(exc.report("text"), file=sys.stderr)
        raise SystemExit(1) from None
    return site.catalogue


def diff_folders(old_dir: Path, new_dir: Path, folders: SiteFolders) -> str:
    """The report comparing two data folders."""
    old = _load(Path(old_dir), folders, None, f"the old data ({_label(old_dir)})")
    new = _load(Path(new_dir), folders, None, f"the new data ({_label(new_dir)})")
    return report(compare(old, new), _label(old_dir), _label(new_dir))


def diff_git(ref: str, data_dir: Path, folders: SiteFolders) -> str:
    """The report comparing the data folder at git ``ref`` with the working tree (both rendered with the
    working tree's templates)."""
    with tempfile.TemporaryDirectory(prefix="modelzoo-diff-") as tmp:
        old_dir = extract_data_at(ref, data_dir, Path(tmp))
        old = _load(old_dir, folders, Path(tmp), f"the data at {ref}")
        new = _load(Path(data_dir), folders, None, "the data of the working tree")
    rel = _label(data_dir)
    old_label = f"{ref}:{rel}" if old_dir is not None else f"{ref}: no {rel} folder"
    return report(compare(old, new), old_label, f"{rel} (working tree)")


def _label(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


def run(args: argparse.Namespace) -> int:
    """The ``modelzoo diff`` command: prints the report; 1 on invalid data or a git problem, 2 on misuse."""
    folders: list[Path] = args.folders
    if (args.git is not None and folders) or (args.git is None and len(folders) != 2):
        print("modelzoo diff: error: give OLD_DATA_DIR NEW_DATA_DIR, or --git BASE_REF", file=sys.stderr)
        return 2
    from generator.cli import docs_dir

    site_folders = SiteFolders(args.templates, docs_dir(args))
    try:
        text = (
            diff_git(args.git, args.data, site_folders)
            if args.git is not None
            else diff_folders(folders[0], folders[1], site_folders)
        )
    except DiffError as exc:
        print(f"modelzoo diff: error: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    sys.stdout.write(text)
    return 0
