"""Import a publisher's device files (TI's accuracy report and artifact lists) into a data folder (issue 10).

The input is a config file (``tools/ti-devices.yaml``): the devices as ``devices.yaml`` holds them, the
report's record and file, the artifact list of each device, and how the publisher's task and metric names
translate into the zoo's. From it and the files it names, ``import_devices`` writes:

- ``devices.yaml`` and ``devices/reports.yaml`` (the config's records, as written);
- ``devices/models.csv``: the registry, one row per model id of the report or of an artifact list (what the
  report says of a model, else the first artifact list that has it);
- ``devices/results/<task>.csv``: per report row, its float32 and int8 figures (of the report's device) and
  its ``reference`` figure (the training repository's, as the report lists it, no device);
- ``devices/artifacts/<device>.csv``: the artifacts, size in bytes, shortlisted and recommended as Y/blank;
- the ``model_id`` cells of the zoo's rows (``models/<task>.csv``), from a reviewed mapping
  (``tools/ti-model-ids.csv``: model id, task, row anchor, how it was decided), which must name every id.

``propose`` suggests that mapping for a person to review: for each model id, the zoo rows of its task whose
source, dataset and input size agree with the id's run folder (``<id>_<runtime>_<dataset>_<source>_<model>``)
and report row, ranked by how alike the names are. Nothing is written when anything has an error; every
problem is reported at once, as ``file:line: error|warning: message``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.importer.report import Problem, Problems, Severity
from generator.importer.write import dump_yaml, models_csv, write_files
from generator.schema import (
    FIGURE_DECIMALS,
    PRECISIONS,
    SLUG_PATTERN,
    Device,
    Report,
    parse_figure,
    parse_input_size,
)

_SLUG = re.compile(SLUG_PATTERN)

REPORT_COLUMNS = (
    "serial_num",
    "model_id",
    "runtime_name",
    "task_type",
    "dataset_name",
    "model_path",
    "input_resolution",
    "metric_name",
    "metric_reference",
    "model_shortlist",
    "run_dir",
    "artifact_name",
)
"""TI's accuracy report, but for its two figure columns (named after the device: the config says which)."""
ARTIFACT_COLUMNS = (
    "task_type",
    "session_name",
    "run_dir",
    "model_name",
    "size",
    "shortlisted",
    "recommended",
)
FLAGS = {"True": "Y", "False": ""}
MAPPING_COLUMNS = ("model_id", "task", "row", "how")
REGISTRY_HEADER = ["model_id", "task", "dataset", "runtime", "name", "run_dir", "model_file", "input_size"]
ARTIFACTS_HEADER = ["model_id", "runtime", "name", "size", "shortlisted", "recommended"]
SCHEMA_PATHS = {"devices.yaml": "schemas/devices.schema.json", "reports": "../schemas/reports.schema.json"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ReportInput(_Strict):
    file: str
    """The report's file name, in the folder given with --from."""
    float_column: str
    """Its column of the float32 figures (TI: ``AM68A_32bits-float-simulation_metric``)."""
    int8_column: str
    record: dict[str, Any]
    """``devices/reports.yaml``'s record of it (``schema.Report``)."""


class DevicesConfig(_Strict):
    """The config file of ``modelzoo import-devices`` and ``modelzoo propose-ids``."""

    devices: list[dict[str, Any]]
    """``devices.yaml`` as written (each a ``schema.Device``)."""
    tasks: dict[str, str]
    """The publisher's task name (``task_type``) -> the zoo's task id ("" for a task without a page)."""
    metrics: dict[str, str]
    """The publisher's metric name (``metric_name``) -> the metric key of the task."""
    report: ReportInput
    artifacts: dict[str, str]
    """Device id -> its artifact list's file name, in the folder given with --from."""
    datasets: dict[str, str] = {}
    """For the proposer: a dataset name of the publisher's -> the zoo's dataset id, where they differ."""
    sources: dict[str, list[str]] = {}
    """For the proposer: a source of the run folders (``torchvision``) -> the zoo's source ids it may be."""
    words: dict[str, str] = {}
    """For the proposer: a word of the publisher's names -> the zoo's (``mobv2``: ``mobilenetv2``)."""


@dataclass
class TiEntry:
    """A registry row being built: what the publisher says of one model id, and where."""

    model_id: str
    task: str
    dataset: str
    runtime: str
    name: str
    run_dir: str
    model_file: str = ""
    input_size: str = ""
    where: str = ""
    """file:line of the row it was taken from."""

    def row(self) -> dict[str, str]:
        return {
            "model_id": self.model_id,
            "task": self.task,
            "dataset": self.dataset,
            "runtime": self.runtime,
            "name": self.name,
            "run_dir": self.run_dir,
            "model_file": self.model_file,
            "input_size": self.input_size,
        }


@dataclass
class Inputs:
    """The config and the publisher's files, read and checked."""

    config: DevicesConfig
    registry: dict[str, TiEntry] = field(default_factory=dict)
    results: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Task id -> its results rows."""
    artifacts: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Device id -> its artifacts rows."""
    problems: list[Problem] = field(default_factory=list)


@dataclass
class DevicesImport:
    problems: list[Problem]
    summary: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


# -- reading -----------------------------------------------------------------------------------------------


def _read_text(path: Path, problems: Problems, what: str) -> str | None:
    from generator.importer import read_page_text

    text, read = read_page_text(path, problems.file, what)
    problems.items += read.items
    return text


def _csv_rows(text: str, problems: Problems, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with exactly ``columns`` (in any order), each with its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not cells:
                continue
            if header is None:
                header = cells
                missing = [c for c in columns if c not in header]
                extra = [c for c in header if c not in columns]
                if missing or extra or len(set(header)) != len(header):
                    problems.error(
                        start,
                        f"expected the columns {', '.join(columns)}"
                        + (f"; missing: {', '.join(missing)}" if missing else "")
                        + (f"; unknown: {', '.join(extra)}" if extra else ""),
                    )
                    return []
                continue
            if len(cells) != len(header):
                problems.error(start, f"expected {len(header)} cells, found {len(cells)}")
                continue
            out.append((start, dict(zip(header, (c.strip() for c in cells), strict=True))))
    except csv.Error as exc:
        problems.error(line + 1, f"invalid CSV: {exc}")
        return []
    if header is None:
        problems.error(0, "the file is empty: expected a header row")
    return out


def read_config(path: Path, display: str | None = None) -> tuple[DevicesConfig | None, list[Problem]]:
    """The config file, every field checked (the devices and the report's record as the data model has
    them)."""
    from generator.diagnostics import Collector
    from generator.load import load_yaml

    shown = display or str(path)
    problems = Problems(shown)
    diags = Collector()
    doc = load_yaml(Path(path), shown, diags)
    for d in diags.items:
        problems.error(d.location.line, f"{d.field}: {d.message}")
    if doc is None or problems.has_errors:
        return None, problems.items
    try:
        config = DevicesConfig.model_validate(doc.value)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.error(doc.locate(loc).line, f"{_dotted(loc)}: {err['msg']}")
        return None, problems.items
    for i, record in enumerate(config.devices):
        _check_record(Device, record, ("devices", i), doc, problems)
    _check_record(Report, config.report.record, ("report", "record"), doc, problems)
    ids = [d.get("id") for d in config.devices]
    for device in config.artifacts:
        if device not in ids:
            problems.error(
                doc.locate(("artifacts", device)).line, f"artifacts: no device {device!r} in devices"
            )
    if config.report.record.get("device") not in ids:
        problems.error(
            doc.locate(("report", "record", "device")).line, "report.record.device: not in devices"
        )
    return (None if problems.has_errors else config), problems.items


def _check_record(
    model: type[BaseModel], value: Any, at: tuple[Any, ...], doc: Any, problems: Problems
) -> None:
    try:
        model.model_validate(value)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*at, *err["loc"])
            problems.error(doc.locate(loc).line, f"{_dotted(loc)}: {err['msg']}")


def _dotted(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _figure(text: str, problems: Problems, line: int, column: str) -> str | None:
    """A figure as written ("" when blank); an error when it is not a plain decimal of the data model."""
    if not text:
        return ""
    try:
        value = parse_figure(text)
    except ValueError as exc:
        problems.error(line, f"{column}: {exc}")
        return None
    if -value.as_tuple().exponent > FIGURE_DECIMALS:  # type: ignore[operator]
        problems.error(line, f"{column}: at most {FIGURE_DECIMALS} decimals, got {text}")
        return None
    return text


def _run_parts(run_dir: str) -> tuple[str, str, str, str, str]:
    """``<id>_<runtime>_<dataset>_<source>_<model>`` -> its five parts ("" where missing)."""
    parts = run_dir.split("_", 4)
    parts += [""] * (5 - len(parts))
    return parts[0], parts[1], parts[2], parts[3], parts[4]


def read_inputs(config: DevicesConfig, folder: Path, display: str) -> Inputs:
    """The report and the artifact lists named by the config, read from ``folder``."""
    inputs = Inputs(config)
    report = config.report
    report_id = str(report.record["id"])
    device = str(report.record["device"])
    shown = f"{display}/{report.file}"
    problems = Problems(shown)
    text = _read_text(folder / report.file, problems, "report")
    columns = (*REPORT_COLUMNS, report.float_column, report.int8_column)
    for line, row in _csv_rows(text, problems, columns) if text is not None else ():
        model_id = row["model_id"]
        if not _SLUG.match(model_id):
            problems.error(line, f"model_id: not an id: {model_id!r}")
            continue
        if row["task_type"] not in config.tasks:
            problems.error(line, f"task_type: {row['task_type']!r} is not in the config's tasks")
            continue
        task = config.tasks[row["task_type"]]
        if model_id in inputs.registry:
            problems.error(line, f"model_id: {model_id!r} twice (first at {inputs.registry[model_id].where})")
            continue
        metric = config.metrics.get(row["metric_name"])
        if metric is None:
            problems.error(line, f"metric_name: {row['metric_name']!r} is not in the config's metrics")
            continue
        if not task:
            problems.error(line, f"task_type: {row['task_type']!r} has figures but no task of the zoo")
            continue
        figures = {
            "float32": _figure(row[report.float_column], problems, line, report.float_column),
            "int8": _figure(row[report.int8_column], problems, line, report.int8_column),
            "reference": _figure(row["metric_reference"], problems, line, "metric_reference"),
        }
        size = row["input_resolution"]
        try:
            parse_input_size(size)
        except ValueError as exc:
            problems.error(line, f"input_resolution: {exc}")
            continue
        inputs.registry[model_id] = TiEntry(
            model_id,
            task,
            row["dataset_name"],
            row["runtime_name"],
            row["artifact_name"],
            row["run_dir"],
            row["model_path"],
            size,
            f"{shown}:{line}",
        )
        rows = inputs.results.setdefault(task, [])
        for precision in PRECISIONS:
            value = figures[precision]
            if value:
                rows.append(
                    {
                        "model_id": model_id,
                        "device": "" if precision == "reference" else device,
                        "precision": precision,
                        metric: value,
                        "report": report_id,
                    }
                )
    inputs.problems += problems.items
    warned: set[tuple[str, str, str]] = set()
    for device_id, name in config.artifacts.items():
        shown = f"{display}/{name}"
        problems = Problems(shown)
        text = _read_text(folder / name, problems, "artifact list")
        out = inputs.artifacts.setdefault(device_id, [])
        for line, row in _csv_rows(text, problems, ARTIFACT_COLUMNS) if text is not None else ():
            model_id, _, dataset, _, _ = _run_parts(row["run_dir"])
            if not _SLUG.match(model_id):
                problems.error(line, f"run_dir: no model id at its start: {row['run_dir']!r}")
                continue
            if row["task_type"] not in config.tasks:
                problems.error(line, f"task_type: {row['task_type']!r} is not in the config's tasks")
                continue
            flags = {k: FLAGS.get(row[k]) for k in ("shortlisted", "recommended")}
            bad = [k for k, v in flags.items() if v is None]
            if bad:
                problems.error(line, f"{', '.join(bad)}: expected True or False")
                continue
            if not re.fullmatch(r"[1-9][0-9]*", row["size"]):
                problems.error(line, f"size: expected a positive whole number of bytes, got {row['size']!r}")
                continue
            entry = inputs.registry.get(model_id)
            said = (model_id, row["model_name"], row["run_dir"])
            if entry is None:
                entry = inputs.registry[model_id] = TiEntry(
                    model_id,
                    config.tasks[row["task_type"]],
                    dataset,
                    row["session_name"],
                    row["model_name"],
                    row["run_dir"],
                    where=f"{shown}:{line}",
                )
            elif said not in warned:  # the same in every list: said once
                warned.add(said)
                if entry.name != row["model_name"]:
                    problems.warning(
                        line,
                        f"{model_id}: model_name {row['model_name']!r} differs from {entry.name!r} "
                        f"({entry.where}); the registry keeps the latter",
                    )
                if _run_parts(entry.run_dir)[2:] != _run_parts(row["run_dir"])[2:]:
                    problems.warning(
                        line,
                        f"{model_id}: run_dir {row['run_dir']!r} names another model than {entry.run_dir!r} "
                        f"({entry.where}); the registry keeps the latter (said once for all the lists)",
                    )
            out.append(
                {
                    "model_id": model_id,
                    "runtime": row["session_name"],
                    "name": row["model_name"],
                    "size": row["size"],
                    **{k: v or "" for k, v in flags.items()},
                }
            )
        inputs.problems += problems.items
    return inputs


# -- the zoo's rows: proposals and the reviewed mapping ------------------------------------------------------

_NOISE = {"onnx", "tflite", "model", "simp", "float", "fp32", "tv", "lite", "ti", "coco", "edgeailite"}
"""Words of run folders and model names that say nothing about which network it is."""


def _words(text: str, aliases: dict[str, str]) -> list[str]:
    """Lowercase words of a name, without dates, resolutions and noise, each through ``aliases``:
    ``mobilenet_v2_tv_onnx`` -> [mobilenet, v2]."""
    words = re.findall(r"[a-z]+[0-9]*(?:p[0-9]+)?|[0-9]+(?:\.[0-9]+)?[a-z]*", text.lower())
    out = []
    for w in words:
        w = aliases.get(w, w)
        if re.fullmatch(r"[0-9]{6,8}", w) or re.fullmatch(r"[0-9]+x[0-9]+", w) or w in _NOISE or not w:
            continue
        out.append(w)
    return out


def likeness(ti_name: str, zoo_name: str, aliases: dict[str, str] | None = None) -> float:
    """How alike two model names are, 0..1: their words joined, in order and sorted (TI writes
    ``fpn_aspp_regnetx800mf`` for the zoo's ``RegNetX800MF+FPNLite``), compared letter by letter."""
    a, b = _words(ti_name, aliases or {}), _words(zoo_name, aliases or {})
    if not a or not b:
        return 0.0
    best = 0.0
    for x, y in (("".join(a), "".join(b)), ("".join(sorted(a)), "".join(sorted(b)))):
        best = max(best, difflib.SequenceMatcher(None, x, y, autojunk=False).ratio())
    return best


@dataclass(frozen=True)
class Candidate:
    anchor: str
    name: str
    score: float
    why: str


@dataclass(frozen=True)
class Proposal:
    model_id: str
    task: str
    candidates: tuple[Candidate, ...]
    """Zoo rows of its task whose source and dataset agree, the likeliest first (at most three)."""
    note: str


def _sizes_agree(ti: str, zoo: tuple[str, tuple[int, ...]]) -> bool:
    if not ti:
        return True
    kind, numbers = parse_input_size(ti)
    if kind == "side":
        return len(set(zoo[1])) == 1 and zoo[1][0] == numbers[0]
    return sorted(numbers) == sorted(zoo[1])


FIGURE_EQUAL = 0.5
"""What a zoo row's figure equal to the report's reference figure adds to its likeness."""
FIGURE_CLOSE = 0.25
"""... within 0.2 of it."""
SIZE_DIFFERS = 0.3
"""What an input size that differs takes away."""
PROPOSE_AT = 0.8
"""The score a row needs to be proposed (below it, the candidates are only listed)."""


def propose(inputs: Inputs, catalogue: Any) -> list[Proposal]:
    """For every registry id, the zoo rows it may be: the rows of its task whose source (the run folder's,
    through the config's ``sources``) and dataset agree, scored by how alike the names are (``likeness``),
    plus ``FIGURE_EQUAL`` when the row's figure is the report's reference figure (``FIGURE_CLOSE`` when
    within 0.2), less ``SIZE_DIFFERS`` when the input sizes differ."""
    config = inputs.config
    references = {
        r["model_id"]: (key, Decimal(value))
        for task_rows in inputs.results.values()
        for r in task_rows
        if r["precision"] == "reference"
        for key, value in r.items()
        if key not in ("model_id", "device", "precision", "report") and value
    }
    task_ids = {t.id for t in catalogue.tasks}
    out = []
    for model_id, entry in sorted(inputs.registry.items()):
        if not entry.task or entry.task not in task_ids:
            out.append(Proposal(model_id, entry.task, (), "no task page in the zoo"))
            continue
        _, _, run_dataset, source, model = _run_parts(entry.run_dir)
        dataset = config.datasets.get(entry.dataset, config.datasets.get(run_dataset, entry.dataset))
        sources = config.sources.get(source, [source])
        reference = references.get(model_id)
        found = []
        for m in catalogue.models_of(entry.task):
            if m.source not in sources or m.dataset != dataset:
                continue
            score = max(
                likeness(model, m.name, config.words), likeness(entry.model_file, m.name, config.words)
            )
            why = [f"name {score:.2f}"]
            if reference is not None and m.metric(reference[0]) is not None:
                mine = m.metric(reference[0])
                if mine == reference[1]:
                    score += FIGURE_EQUAL
                    why.append(f"{reference[0]} {mine} = the reference")
                elif abs(mine - reference[1]) <= Decimal("0.2"):
                    score += FIGURE_CLOSE
                    why.append(f"{reference[0]} {mine} ~ the reference {reference[1]}")
                else:
                    why.append(f"{reference[0]} {mine} vs the reference {reference[1]}")
            if not _sizes_agree(entry.input_size, m.size):
                score -= SIZE_DIFFERS
                why.append(f"input size {m.input_size} vs {entry.input_size}")
            found.append(Candidate(m.anchor, m.name, round(score, 3), ", ".join(why)))
        found.sort(key=lambda c: -c.score)
        note = "" if found else f"no zoo row of source {source} and dataset {dataset}"
        out.append(Proposal(model_id, entry.task, tuple(found[:3]), note))
    return out


def proposals_csv(proposals: list[Proposal]) -> str:
    """The proposals in the mapping file's columns, the best candidate in ``row`` and the others in ``how``,
    for a person to review."""
    rows = []
    for p in proposals:
        best = p.candidates[0] if p.candidates else None
        if best is not None and best.score < PROPOSE_AT:
            how = f"none above {PROPOSE_AT}; best {best.anchor} {best.score} ({best.why})"
            best = None
        else:
            how = f"proposed {best.score}: {best.name} ({best.why})" if best else f"none: {p.note}"
        how += "".join(f"; or {c.anchor} {c.score} ({c.why})" for c in p.candidates[1:3])
        rows.append({"model_id": p.model_id, "task": p.task, "row": best.anchor if best else "", "how": how})
    return models_csv(list(MAPPING_COLUMNS), rows)


@dataclass(frozen=True)
class Mapped:
    model_id: str
    task: str
    row: str
    how: str
    line: int


def read_mapping(
    path: Path, display: str, inputs: Inputs, catalogue: Any
) -> tuple[dict[str, Mapped], list[Problem]]:
    """The reviewed mapping: every registry id once, with its task; a row anchor of that task, or blank;
    each row named once per id."""
    problems = Problems(display)
    text = _read_text(path, problems, "mapping")
    out: dict[str, Mapped] = {}
    anchors = {t.id: {m.anchor for m in catalogue.models_of(t.id)} for t in catalogue.tasks}
    for line, row in _csv_rows(text, problems, MAPPING_COLUMNS) if text is not None else ():
        model_id, task, anchor = row["model_id"], row["task"], row["row"]
        entry = inputs.registry.get(model_id)
        if entry is None:
            problems.error(line, f"model_id: {model_id!r} is in neither the report nor an artifact list")
            continue
        if model_id in out:
            problems.error(line, f"model_id: {model_id!r} twice (first at line {out[model_id].line})")
            continue
        if task != entry.task:
            problems.error(
                line, f"task: {model_id!r} is a model of {entry.task!r} ({entry.where}), not {task!r}"
            )
            continue
        if anchor and anchor not in anchors.get(task, ()):
            problems.error(line, f"row: no row {anchor!r} in models/{task}.csv")
            continue
        if not row["how"]:
            problems.error(line, "how: say how it was decided")
            continue
        out[model_id] = Mapped(model_id, task, anchor, row["how"], line)
    for model_id, entry in inputs.registry.items():
        if model_id not in out and text is not None:
            problems.error(0, f"{model_id!r} ({entry.where}) is not in the mapping: review it and add it")
    return out, problems.items


# -- writing ----------------------------------------------------------------------------------------------


def _with_model_ids(text: str, lines: dict[int, str]) -> str:
    """A models file's text with its ``model_id`` column set: line -> cell (others blank)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    line = 0
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not cells:
            continue
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=True))
        row["model_id"] = lines.get(start, row.get("model_id", ""))
        rows.append(row)
    if header is None:  # no header: not a models file the validator took (nothing to set)
        return text
    columns = header if "model_id" in header else [*header, "model_id"]
    return models_csv(columns, rows)


def import_devices(
    config_path: Path,
    folder: Path,
    mapping: Path,
    out: Path,
    *,
    display_folder: str | None = None,
) -> DevicesImport:
    """Import the devices files into the data folder ``out`` (which must validate); nothing is written on
    an error."""
    from generator.diagnostics import DataError
    from generator.validate import build_catalogue

    config, problems = read_config(config_path)
    if config is None:
        return DevicesImport(problems)
    shown = display_folder or str(folder)
    inputs = read_inputs(config, Path(folder), shown)
    problems += inputs.problems
    try:
        catalogue, _ = build_catalogue(Path(out))
    except DataError as exc:
        problems += [
            Problem(d.location.path, d.location.line, Severity.ERROR, f"{d.field}: {d.message}")
            for d in exc.errors
        ]
        return DevicesImport(problems)
    mapped, mapping_problems = read_mapping(Path(mapping), str(mapping), inputs, catalogue)
    problems += mapping_problems
    result = DevicesImport(problems)
    if not result.ok:
        return result
    files: dict[str, str] = {
        "devices.yaml": dump_yaml(config.devices, schema_path=SCHEMA_PATHS["devices.yaml"]),
        "devices/reports.yaml": dump_yaml([config.report.record], schema_path=SCHEMA_PATHS["reports"]),
        "devices/models.csv": models_csv(
            REGISTRY_HEADER, [e.row() for _, e in sorted(inputs.registry.items())]
        ),
    }
    for task in catalogue.tasks:
        rows = inputs.results.get(task.id)
        if rows:
            keys = [m.key for m in task.metrics if any(m.key in r for r in rows)]
            files[f"devices/results/{task.id}.csv"] = models_csv(
                ["model_id", "device", "precision", *keys, "report"], rows
            )
    for device, rows in inputs.artifacts.items():
        files[f"devices/artifacts/{device}.csv"] = models_csv(ARTIFACTS_HEADER, rows)
    by_row: dict[tuple[str, str], list[str]] = {}
    for m in mapped.values():
        if m.row:
            by_row.setdefault((m.task, m.row), []).append(m.model_id)
    carried = 0
    for task in catalogue.tasks:
        lines = {
            model.location.line: " ".join(sorted(by_row[(task.id, model.anchor)]))
            for model in catalogue.models_of(task.id)
            if (task.id, model.anchor) in by_row
        }
        if lines:
            carried += sum(len(v.split()) for v in lines.values())
            rel = f"models/{task.id}.csv"
            files[rel] = _with_model_ids((Path(out) / rel).read_text(encoding="utf-8"), lines)
    result.written = write_files(Path(out), files)
    total = len(inputs.registry)
    result.summary = [
        f"devices: {len(config.devices)}; report: {config.report.record['id']}",
        f"registry: {total} model ids, {carried} carried by a zoo row, {total - carried} not",
        f"results: {sum(len(r) for r in inputs.results.values())} rows",
        "artifacts: " + ", ".join(f"{d} {len(r)}" for d, r in inputs.artifacts.items()),
    ]
    return result


__all__ = [
    "DevicesConfig",
    "DevicesImport",
    "Inputs",
    "Proposal",
    "import_devices",
    "likeness",
    "proposals_csv",
    "propose",
    "read_config",
    "read_inputs",
    "read_mapping",
]
