"""A check of a data folder against data model v2 (/work/notes/datamodel.md), written from the spec and
independently of generator.importer and generator.schema (which is still v1): the importer's output is
checked with it.

``problems(folder)`` lists every departure from the spec as "file: message". One reading of the spec is
this project's choice and is marked so below: a source that declares sections may also have rows in its
implicit section "" (TI's keypoint page has a table before its first sub-heading).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml

SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
HTTP = re.compile(r"https?://[^\s<>\"]+")
LINK = re.compile(r"https?://[^\s<>\"]+|\./[^\s<>\"]*")
FIGURE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
SIZE = re.compile(r"[1-9][0-9]*x[1-9][0-9]*|[1-9][0-9]*|\([1-9][0-9]*, ?[1-9][0-9]*\)")
ANCHOR = re.compile(r"""[^\s"'<>&]+""")

ZOO_KEYS = {"title", "description", "repository", "provenance"}
DATASET_KEYS = {"id", "name", "description", "url"}
REFERENCE_KEYS = {"id", "title", "authors", "venue", "year", "description", "urls"}
SOURCE_KEYS = {"id", "title", "label", "summary", "url"}
TASK_KEYS = {
    "id", "title", "order", "introduction", "datasets", "datasets_intro", "sources_intro", "complexity",
    "metrics", "columns", "sources", "notes", "references", "links_base", "rows_per_page",
}  # fmt: skip
COMPLEXITY_KEYS = {"key", "label", "unit", "description"}
METRIC_KEYS = {"key", "label", "unit", "higher_is_better", "minimum", "maximum", "primary"}
COLUMN_KEYS = {"key", "label", "kind", "link_label"}
ENTRY_KEYS = {
    "id",
    "title",
    "anchors",
    "description",
    "links",
    "sections",
    "footnotes",
    "notes",
    "references",
}
FIXED = ["source", "group", "dataset", "name", "input_size", "available", "qat", "notes", "references"]
OPTIONAL = ["section", "model_id"]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _records(out: list[str], name: str, value: Any, keys: set[str]) -> dict[str, dict[str, Any]]:
    if not isinstance(value, list):
        out.append(f"{name}: not a list")
        return {}
    by_id: dict[str, dict[str, Any]] = {}
    for k, record in enumerate(value):
        if not isinstance(record, dict):
            out.append(f"{name}[{k}]: not a mapping")
            continue
        extra = set(record) - keys
        if extra:
            out.append(f"{name}[{k}]: fields not in the spec: {sorted(extra)}")
        ident = record.get("id")
        if not isinstance(ident, str) or not SLUG.fullmatch(ident):
            out.append(f"{name}[{k}]: id {ident!r} is not a slug")
            continue
        if ident in by_id:
            out.append(f"{name}: id {ident!r} twice")
        by_id[ident] = record
    return by_id


def _text(out: list[str], where: str, value: Any, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        out.append(f"{where}: expected text, got {value!r}")


def problems(folder: Path) -> list[str]:
    out: list[str] = []
    zoo = _load(folder / "zoo.yaml")
    if not isinstance(zoo, dict) or set(zoo) - ZOO_KEYS:
        out.append(f"zoo.yaml: fields {sorted(zoo) if isinstance(zoo, dict) else zoo!r}")
    datasets = _records(out, "datasets.yaml", _load(folder / "datasets.yaml"), DATASET_KEYS)
    references = _records(out, "references.yaml", _load(folder / "references.yaml"), REFERENCE_KEYS)
    sources = _records(out, "sources.yaml", _load(folder / "sources.yaml"), SOURCE_KEYS)
    for ident, d in datasets.items():
        _text(out, f"datasets.yaml {ident}.name", d.get("name"), required=True)
        if "url" in d and not HTTP.fullmatch(str(d["url"])):
            out.append(f"datasets.yaml {ident}.url: not an http(s) URL")
    for ident, r in references.items():
        _text(out, f"references.yaml {ident}.title", r.get("title"), required=True)
        if not all(isinstance(a, str) for a in r.get("authors", [])):
            out.append(f"references.yaml {ident}.authors: not a list of names")
        if "year" in r and not isinstance(r["year"], int):
            out.append(f"references.yaml {ident}.year: not a whole number")
        if not all(isinstance(u, str) and HTTP.fullmatch(u) for u in r.get("urls", [])):
            out.append(f"references.yaml {ident}.urls: not http(s) URLs")
    for ident, s in sources.items():
        _text(out, f"sources.yaml {ident}.title", s.get("title"), required=True)
        if "url" in s and not HTTP.fullmatch(str(s["url"])):
            out.append(f"sources.yaml {ident}.url: not an http(s) URL")
    for path in sorted((folder / "tasks").glob("*.yaml")):
        out += _task(folder, path, datasets, references, sources)
    tasks = {p.stem for p in (folder / "tasks").glob("*.yaml")}
    models = {p.stem for p in (folder / "models").glob("*.csv")}
    if tasks != models:
        out.append(f"tasks {sorted(tasks)} and models files {sorted(models)} differ")
    return out


def _task(
    folder: Path,
    path: Path,
    datasets: dict[str, Any],
    references: dict[str, Any],
    sources: dict[str, Any],
) -> list[str]:
    out: list[str] = []
    name = f"tasks/{path.name}"
    task = _load(path)
    if not isinstance(task, dict):
        return [f"{name}: not a mapping"]
    if set(task) - TASK_KEYS:
        out.append(f"{name}: fields not in the spec: {sorted(set(task) - TASK_KEYS)}")
    if task.get("id") != path.stem:
        out.append(f"{name}: id {task.get('id')!r} is not the file name")
    if not isinstance(task.get("order"), int):
        out.append(f"{name}: order is not a whole number")
    for ident in task.get("datasets", []):
        if ident not in datasets:
            out.append(f"{name}: dataset {ident!r} is not in datasets.yaml")
    complexity = task.get("complexity")
    if (
        not isinstance(complexity, dict)
        or set(complexity) - COMPLEXITY_KEYS
        or not {"key", "label", "unit"} <= set(complexity)
    ):
        out.append(f"{name}: complexity {complexity!r}")
        complexity = {"key": "?"}
    metrics = task.get("metrics", [])
    if not metrics:
        out.append(f"{name}: no metrics")
    for m in metrics:
        if set(m) - METRIC_KEYS or not {"key", "label", "higher_is_better"} <= set(m):
            out.append(f"{name}: metric {m!r}")
        if ("minimum" in m and "maximum" in m) and not m["minimum"] < m["maximum"]:
            out.append(f"{name}: metric {m['key']!r} bounds")
    if sum(bool(m.get("primary")) for m in metrics) > 1:
        out.append(f"{name}: more than one primary metric")
    columns = task.get("columns", [])
    for c in columns:
        if set(c) - COLUMN_KEYS or c.get("kind") not in ("text", "link"):
            out.append(f"{name}: column {c!r}")
    numbers = {}
    for ref in task.get("references", []):
        if set(ref) != {"id", "number"} or ref["id"] not in references or not isinstance(ref["number"], int):
            out.append(f"{name}: reference {ref!r}")
        numbers[ref.get("id")] = ref.get("number")
    entries: dict[str, dict[str, Any]] = {}
    anchors: set[str] = set()
    for entry in task.get("sources", []):
        entry = {"id": entry} if isinstance(entry, str) else entry
        ident = entry.get("id")
        if ident not in sources:
            out.append(f"{name}: source {ident!r} is not in sources.yaml")
        if ident in entries:
            out.append(f"{name}: source {ident!r} twice")
        entries[ident] = entry
        if set(entry) - ENTRY_KEYS:
            out.append(f"{name}: source {ident!r} fields {sorted(set(entry) - ENTRY_KEYS)}")
        for anchor in entry.get("anchors", []):
            if not ANCHOR.fullmatch(anchor) or anchor in anchors:
                out.append(f"{name}: source {ident!r} anchor {anchor!r}")
            anchors.add(anchor)
        for link in entry.get("links", []):
            if set(link) - {"label", "url"} or "label" not in link:
                out.append(f"{name}: source {ident!r} link {link!r}")
            if "url" in link and not LINK.fullmatch(link["url"]):
                out.append(f"{name}: source {ident!r} link url {link['url']!r}")
        ids = [s.get("id") for s in entry.get("sections", [])]
        for s in entry.get("sections", []):
            if set(s) - {"id", "title", "description"} or not SLUG.fullmatch(str(s.get("id"))):
                out.append(f"{name}: source {ident!r} section {s!r}")
        if len(ids) != len(set(ids)):
            out.append(f"{name}: source {ident!r} sections repeat an id")
        for f in entry.get("footnotes", []):
            if set(f) != {"marker", "text"}:
                out.append(f"{name}: source {ident!r} footnote {f!r}")
        for ref in entry.get("references", []):
            if ref not in numbers:
                out.append(f"{name}: source {ident!r} cites {ref!r}, not in the task's references")
    out += _models(folder, path.stem, complexity["key"], metrics, columns, entries, task, numbers)
    return out


def _models(
    folder: Path,
    task_id: str,
    complexity: str,
    metrics: list[dict[str, Any]],
    columns: list[dict[str, Any]],
    entries: dict[str, dict[str, Any]],
    task: dict[str, Any],
    numbers: dict[str, Any],
) -> list[str]:
    out: list[str] = []
    name = f"models/{task_id}.csv"
    if not (folder / name).is_file():
        return [f"{name}: missing"]
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    needed = set(FIXED) | {complexity} | {m["key"] for m in metrics} | {c["key"] for c in columns}
    if not needed <= set(header) or set(header) - needed - set(OPTIONAL) or len(header) != len(set(header)):
        out.append(f"{name}: header {header}")
        return out
    kinds = {c["key"]: c["kind"] for c in columns}
    for no, cells in enumerate(rows[1:], start=2):
        row = dict(zip(header, cells, strict=True))
        where = f"{name}:{no}"
        entry = entries.get(row["source"])
        if entry is None:
            out.append(f"{where}: source {row['source']!r} is not a source of the task")
            continue
        sections = {s["id"] for s in entry.get("sections", [])}
        # this project's reading: '' (the source's part before its first sub-heading) is always allowed
        if row.get("section", "") not in sections | {""}:
            out.append(f"{where}: section {row['section']!r} is not one of {sorted(sections)}")
        if row["dataset"] not in task.get("datasets", []):
            out.append(f"{where}: dataset {row['dataset']!r} is not a dataset of the task")
        if not row["name"].strip():
            out.append(f"{where}: no name")
        if not SIZE.fullmatch(row["input_size"]):
            out.append(f"{where}: input size {row['input_size']!r}")
        for key in [complexity, *(m["key"] for m in metrics)]:
            if row[key] and not FIGURE.fullmatch(row[key]):
                out.append(f"{where}: {key} {row[key]!r} is not a plain decimal")
        for flag in ("available", "qat"):
            if row[flag] not in ("Y", ""):
                out.append(f"{where}: {flag} {row[flag]!r}")
        for ref in row["references"].split():
            if ref not in numbers:
                out.append(f"{where}: reference {ref!r} is not in the task's references")
        for key, kind in kinds.items():
            if kind == "link" and row[key] and not LINK.fullmatch(row[key]):
                out.append(f"{where}: {key} {row[key]!r} is not a URL or ./path")
    return out
