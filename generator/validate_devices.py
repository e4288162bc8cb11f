"""Stage 2, devices (issue 10): the devices data, validated like the rest (located errors, all at once).

What it reads, all optional (a zoo without devices has none of it):

- ``devices.yaml``: the devices (TI's SoCs): id, name, description, links, where their artifact list comes
  from (``schema.Device``);
- ``devices/reports.yaml``: the reports device figures come from: who measured, when, how (PC emulation
  of a device, or on its board), which device (``schema.Report``);
- ``devices/models.csv``: the model registry, one row per publisher's model id (TI's ``cl-0000``): its task
  (a zoo task id, or blank), dataset, runtime, name, run folder, model file, input size. Once there is a
  registry, every id used anywhere (a zoo row's ``model_id`` cell, a result, an artifact) must be in it;
- ``devices/results/<task>.csv``: figures of the task's models per device and precision (``float32``,
  ``int8``; ``reference``: the training repository's figure as the report lists it, no device), one column
  per metric of the task, and the report they come from;
- ``devices/artifacts/<device>.csv``: the compiled models shipped for the device: model id, runtime, name,
  size in bytes, shortlisted, recommended.

Errors: unknown model id, task, device, report or column (a metric the task does not declare), a precision
not in the list, a duplicate (model, device, precision), a report's figures given for another device than
the one it measured, figures outside the metric's bounds, sizes that are not positive whole numbers.
Warnings: a registry id no zoo row carries (it is shown on the device pages only), and a reference figure
that differs from the zoo table's figure for the same model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from generator.catalogue import Artifact, Carrier, Devices, Model, Result, TiModel
from generator.diagnostics import Location
from generator.load import CsvRow, CsvTable, read_csv
from generator.schema import (
    MAX_BYTES,
    MAX_DEVICE_ROWS,
    MAX_ID,
    PRECISIONS,
    SLUG_PATTERN,
    ArtifactRow,
    Device,
    RegistryRow,
    Report,
    Task,
    quoted,
)

if TYPE_CHECKING:
    from generator.validate import _Typed, _Validator

_SLUG = re.compile(SLUG_PATTERN)
_SIZE = re.compile(r"^[1-9][0-9]*$")

REGISTRY_COLUMNS = ("model_id", "task", "dataset", "runtime", "name", "run_dir")
REGISTRY_OPTIONAL = ("model_file", "input_size")
RESULT_COLUMNS = ("model_id", "device", "precision", "report")
ARTIFACT_COLUMNS = ("model_id", "runtime", "name", "size", "shortlisted", "recommended")

DEVICE_PAGE_IDS = frozenset({"accuracy", "drop", "artifacts", "results"})
"""Element ids of a device page's own sections: a model id (its row's id there) may not take one. The page's
other ids have a "--" (``pareto--<task>--<dataset>--<metric>``, ``artifact--<model id>``): never a slug."""

METHODS = {"emulation": "PC emulation of {device}", "board": "on the {device} board"}


def provenance(report: Report, device_name: str) -> str:
    """Where a report's device figures come from: "measured by TI: PC emulation of AM68A, report of
    2025-03-10"."""
    how = METHODS[report.method].format(device=device_name)
    return f"measured by {report.by}: {how}, report of {report.date}"


def reference_provenance(report: Report) -> str:
    """Where a report's ``reference`` figures come from."""
    return f"reported by the training repository, as listed in {report.title} ({report.date})"


@dataclass
class _Table:
    """A devices CSV file being checked: its table, column positions and a cell locator."""

    table: CsvTable
    index: dict[str, int]

    def col(self, row: CsvRow, name: str) -> Location:
        i = self.index.get(name)
        return Location(self.table.path, row.line, row.cols[i] if i is not None else 1)

    def cell(self, row: CsvRow, name: str) -> str:
        i = self.index.get(name)
        return row.cells[i].strip() if i is not None else ""


class DeviceChecker:
    """Loads and checks the devices data for one ``_Validator`` run, in the pipeline's order: ``records``
    (devices, reports, registry: before the models files, whose ids are checked against the registry), then
    ``figures`` (results and artifacts), ``warnings`` and ``build``."""

    def __init__(self, v: _Validator) -> None:
        self.v = v
        self.present = v.exists("devices.yaml") or v.exists("devices")
        self.devices: dict[str, _Typed] = {}
        self.reports: dict[str, _Typed] = {}
        self.registry: dict[str, TiModel] = {}
        self.registry_ok = True
        self.registry_present = False
        self.written: set[str] = set()
        """Every id the registry writes, valid row or not: an id of an invalid row is not "unknown"."""
        self.results: list[Result] = []
        self.result_cells: dict[tuple[str, str], Location] = {}  # (model id, metric) -> reference cell
        self.artifacts: dict[str, list[Artifact]] = {}

    # -- YAML records and the registry --------------------------------------------------------------
    def records(self, task_ids: Iterable[str]) -> None:
        """devices.yaml, devices/reports.yaml and devices/models.csv. Sets the validator's registry."""
        if not self.present:
            return
        v = self.v
        self.devices = v.unique(v.load_list("devices", Device), "device")
        if v.exists("devices/reports.yaml"):
            self.reports = _unique_reports(v, v.load_list("devices/reports", Report))
        else:
            v.declared["devices/reports"] = set()
        known = v.declared.get("devices")
        for report_id, item in self.reports.items():
            device = item.record.device
            if known is not None and device not in known:
                v.diags.error(
                    item.where("device"),
                    f"{report_id}.device",
                    f"unknown device {device!r}{_near(device, known)}",
                )
        for device_id, item in self.devices.items():
            for i, link in enumerate(item.record.links):
                _link(v, item, ("links", i, "url"), f"{device_id}.links[{i}].url", link.url)
            if item.record.artifacts is not None and item.record.artifacts.url:
                _link(v, item, ("artifacts", "url"), f"{device_id}.artifacts.url", item.record.artifacts.url)
        for report_id, item in self.reports.items():
            if item.record.url:
                _link(v, item, ("url",), f"{report_id}.url", item.record.url)
        if v.exists("devices/models.csv"):
            self.registry_present = True
            self._registry(set(task_ids))
            v.registry = self.registry if self.registry_ok else None
            v.registry_written = self.written
            if not self.registry_ok:
                v.incomplete = True

    def _registry(self, task_ids: set[str]) -> None:
        v = self.v
        path = v.dir / "devices" / "models.csv"
        shown = v.show(path)
        v.files["devices:models"] = shown
        found = self._table(path, REGISTRY_COLUMNS, REGISTRY_OPTIONAL)
        if found is None:
            self.registry_ok = False
            return
        headings = {_heading_id(item.record.name): d for d, item in self.devices.items()}
        for row in found.table.rows:
            unchecked = False
            if not self._cells_ok(found, row):
                continue
            data = {name: found.cell(row, name) for name in (*REGISTRY_COLUMNS, *REGISTRY_OPTIONAL)}
            model_id, task = data["model_id"], data["task"]
            if model_id and len(model_id) <= MAX_ID and _SLUG.match(model_id):
                self.written.add(model_id)
            if task and task not in task_ids and len(task) <= MAX_ID and _SLUG.match(task):
                unchecked = True
                v.diags.error(
                    found.col(row, "task"),
                    "task",
                    f"unknown task {task!r}{_near(task, task_ids)} (a task of the zoo, or blank)",
                )
            if model_id in DEVICE_PAGE_IDS:
                v.diags.error(
                    found.col(row, "model_id"),
                    "model_id",
                    f"{model_id!r} is an id the device pages use themselves",
                )
            elif model_id in headings:
                v.diags.error(
                    found.col(row, "model_id"),
                    "model_id",
                    f"{model_id!r} is the id of the title heading of the page of device "
                    f"{headings[model_id]!r}",
                )
            first = self.registry.get(model_id)
            if first is not None:
                v.diags.error(
                    found.col(row, "model_id"),
                    "model_id",
                    f"model id {model_id!r} is listed twice: first at {first.location}",
                )
                continue
            parsed = self._parse(RegistryRow, data, found, row)
            if parsed is None:
                continue
            entry = TiModel(
                id=parsed.model_id,
                task=parsed.task,
                dataset=parsed.dataset,
                runtime=parsed.runtime,
                name=parsed.name,
                run_dir=parsed.run_dir,
                model_file=parsed.model_file,
                input_size=parsed.input_size,
                location=Location(found.table.path, row.line, 1),
            )
            if not unchecked:  # an unknown task: the id is known (self.written), its task is not
                self.registry[model_id] = entry

    # -- results and artifacts ----------------------------------------------------------------------
    def figures(self, tasks: dict[str, _Typed]) -> None:
        """devices/results/<task>.csv and devices/artifacts/<device>.csv."""
        if not self.present:
            return
        v = self.v
        names = v.list("devices/results", "*.csv")
        for name in names or ():
            stem = name.removesuffix(".csv")
            path = v.dir / "devices" / "results" / name
            if stem not in tasks:
                if f"task:{stem}" not in v.files:  # an invalid task file is reported as such
                    v.diags.error(
                        Location(v.show(path), 1, 1),
                        "(file)",
                        f"no task {stem!r}: a results file is named after its task (tasks/{stem}.yaml)",
                    )
                else:
                    v.incomplete = True
                continue
            v.files[f"results:{stem}"] = v.show(path)
            self._results(tasks[stem].record, path)
        names = v.list("devices/artifacts", "*.csv")
        declared = v.declared.get("devices")
        for name in names or ():
            stem = name.removesuffix(".csv")
            path = v.dir / "devices" / "artifacts" / name
            if stem not in self.devices:
                if declared is not None and stem not in declared:
                    v.diags.error(
                        Location(v.show(path), 1, 1),
                        "(file)",
                        f"no device {stem!r}{_near(stem, declared)}: an artifacts file is named after its "
                        "device (devices.yaml)",
                    )
                else:
                    v.incomplete = True
                continue
            item = self.devices[stem]
            if item.record.artifacts is None:
                v.diags.error(
                    item.where("id"),
                    stem,
                    f"device {stem!r} has an artifacts file (devices/artifacts/{name}): say where it comes "
                    "from in its artifacts field (title, url)",
                )
            v.files[f"artifacts:{stem}"] = v.show(path)
            self._artifacts(stem, path)

    def _known_model(self, found: _Table, row: CsvRow, task: str | None) -> bool:
        """The row's model id is in the registry (and, for ``task``, a model of that task)."""
        v = self.v
        model_id = found.cell(row, "model_id")
        if not model_id or len(model_id) > MAX_ID or not _SLUG.match(model_id):
            return True  # the schema says why
        if not self.registry_ok:
            return True  # the registry itself is broken: reported there
        entry = self.registry.get(model_id)
        if entry is None and model_id in self.written:
            return True  # its registry row has an error
        if entry is None:
            where = "devices/models.csv" if self.registry_present else "devices/models.csv (there is none)"
            v.diags.error(
                found.col(row, "model_id"),
                "model_id",
                f"unknown model id {model_id!r}{_near(model_id, self.registry)}: add it to {where}",
            )
            return False
        if task is not None and entry.task != task:
            what = f"of task {entry.task!r}" if entry.task else "of no task of the zoo"
            v.diags.error(
                found.col(row, "model_id"),
                "model_id",
                f"model id {model_id!r} is a model {what} ({entry.location}), not of {task!r}",
            )
            return False
        return True

    def _results(self, task: Task, path: Path) -> None:
        from generator.validate import _bounds, _figure, _figure_limits, _num

        v = self.v
        metrics = {m.key: m for m in task.metrics}
        found = self._table(path, RESULT_COLUMNS, (), extra=metrics, task=task)
        if found is None:
            v.incomplete = True
            return
        columns = [m for m in task.metrics if m.key in found.index]
        devices = v.declared.get("devices")
        reports = v.declared.get("devices/reports")
        seen: dict[tuple[str, str, str], Location] = {}
        for row in found.table.rows:
            if not self._cells_ok(found, row):
                continue
            model_id, device = found.cell(row, "model_id"), found.cell(row, "device")
            precision, report = found.cell(row, "precision"), found.cell(row, "report")
            ok = self._slug(found, row, "model_id", required=True)
            ok = self._known_model(found, row, task.id) and ok
            if precision not in PRECISIONS:
                expected = ", ".join(PRECISIONS)
                v.diags.error(
                    found.col(row, "precision"),
                    "precision",
                    f"expected one of {expected}, got {quoted(precision)}"
                    if precision
                    else f"required: one of {expected}",
                )
                ok = False
            if precision == "reference":
                if device:
                    v.diags.error(
                        found.col(row, "device"),
                        "device",
                        "a reference figure is the training repository's, not a device's: leave it blank",
                    )
                    ok = False
            elif not device:
                if precision in PRECISIONS:
                    v.diags.error(
                        found.col(row, "device"),
                        "device",
                        f"required: the device the {precision} figure was measured on",
                    )
                    ok = False
            elif not self._slug(found, row, "device", required=True):
                ok = False
            elif devices is not None and device not in devices:
                v.diags.error(
                    found.col(row, "device"), "device", f"unknown device {device!r}{_near(device, devices)}"
                )
                ok = False
            device_ok = ok
            if not report:
                v.diags.error(
                    found.col(row, "report"), "report", "required: the id of the report (reports.yaml)"
                )
                ok = False
            elif self._slug(found, row, "report", required=True) and reports is not None:
                if report not in reports:
                    hint = "" if v.exists("devices/reports.yaml") else " (there is no devices/reports.yaml)"
                    v.diags.error(
                        found.col(row, "report"),
                        "report",
                        f"unknown report {report!r}{_near(report, reports)}{hint}",
                    )
                    ok = False
                elif precision != "reference" and device and device_ok and report in self.reports:
                    measured = self.reports[report].record.device
                    if measured != device:
                        v.diags.error(
                            found.col(row, "device"),
                            "device",
                            f"report {report!r} measured device {measured!r}, not {device!r}",
                        )
                        ok = False
            values: dict[str, Decimal | None] = {}
            for metric in columns:
                text = found.cell(row, metric.key)
                value = _figure(text)
                if isinstance(value, str):
                    v.diags.error(
                        found.col(row, metric.key),
                        metric.key,
                        f"expected a plain decimal number like 71.83, got {quoted(text)}",
                    )
                    ok = False
                    continue
                if value is not None:
                    low, high = _bounds(metric.minimum, metric.maximum)
                    problem = None
                    if (low is not None and value < low) or (high is not None and value > high):
                        bounds = f"{_num(metric.minimum)}–{_num(metric.maximum)}"
                        problem = f"{metric.label} must be within {bounds}, got {text}"
                    else:
                        problem = _figure_limits(metric.label, text, value)
                    if problem:
                        v.diags.error(found.col(row, metric.key), metric.key, problem)
                        ok = False
                        continue
                values[metric.key] = value
            if ok and not any(value is not None for value in values.values()):
                v.diags.error(
                    Location(found.table.path, row.line, 1),
                    "(row)",
                    f"a result needs at least one figure ({', '.join(m.key for m in columns)})",
                )
                ok = False
            key = (model_id, device, precision)
            if ok and key in seen:
                on = f" on {device}" if device else ""
                v.diags.error(
                    found.col(row, "model_id"),
                    "model_id",
                    f"model {model_id!r} already has {_a(precision)} result{on} at {seen[key]}",
                )
                ok = False
            if not ok:
                continue
            seen[key] = Location(found.table.path, row.line, 1)
            result = Result(
                model_id=model_id,
                task=task.id,
                device=device,
                precision=precision,
                metrics=values,
                report=report,
                location=Location(found.table.path, row.line, 1),
            )
            self.results.append(result)
            if precision == "reference":
                for metric in columns:
                    self.result_cells[(model_id, metric.key)] = found.col(row, metric.key)

    def _artifacts(self, device: str, path: Path) -> None:
        v = self.v
        found = self._table(path, ARTIFACT_COLUMNS, ())
        if found is None:
            v.incomplete = True
            return
        rows: list[Artifact] = []
        seen: dict[str, Location] = {}
        for row in found.table.rows:
            if not self._cells_ok(found, row):
                continue
            ok = self._known_model(found, row, None)
            text = found.cell(row, "size")
            size: int | str = text
            if not _SIZE.match(text):
                if not text:
                    why = "required: the artifact's size in bytes"
                elif text.strip("0") == "":
                    why = f"must be at least 1 byte, got {quoted(text)}"
                elif text.isdigit():
                    why = f"expected a whole number of bytes without leading zeros, got {quoted(text)}"
                else:
                    why = f"expected a positive whole number of bytes like 19589032, got {quoted(text)}"
                v.diags.error(found.col(row, "size"), "size", why)
                ok = False
            elif len(text) > len(str(MAX_BYTES)) or int(text) > MAX_BYTES:
                v.diags.error(
                    found.col(row, "size"),
                    "size",
                    f"must be at most {MAX_BYTES} bytes, got {quoted(text)}",
                )
                ok = False
            else:
                size = int(text)
            data = {name: found.cell(row, name) for name in ARTIFACT_COLUMNS}
            data["size"] = size if isinstance(size, int) else 1
            parsed = self._parse(ArtifactRow, data, found, row)
            model_id = found.cell(row, "model_id")
            if parsed is None or not ok:
                continue
            if model_id in seen:
                v.diags.error(
                    found.col(row, "model_id"),
                    "model_id",
                    f"model id {model_id!r} is listed twice for {device!r}: first at {seen[model_id]}",
                )
                continue
            seen[model_id] = Location(found.table.path, row.line, 1)
            rows.append(
                Artifact(
                    device=device,
                    model_id=parsed.model_id,
                    runtime=parsed.runtime,
                    name=parsed.name,
                    size=parsed.size,
                    shortlisted=parsed.shortlisted,
                    recommended=parsed.recommended,
                    location=Location(found.table.path, row.line, 1),
                )
            )
        self.artifacts[device] = rows

    # -- warnings and the catalogue's part ----------------------------------------------------------
    def carriers(self, models: dict[str, tuple[Model, ...]]) -> dict[str, Carrier]:
        out: dict[str, Carrier] = {}
        for task_id, rows in models.items():
            for m in rows:
                for model_id in m.model_ids:
                    out.setdefault(model_id, Carrier(task_id, m.anchor, m.location))
        return out

    def warnings(self, models: dict[str, tuple[Model, ...]], tasks: dict[str, _Typed]) -> None:
        """Registry ids no zoo row carries (a row with an error carries what it writes); reference figures
        that differ from the zoo table's."""
        if not self.present:
            return
        v = self.v
        carriers = self.carriers(models)
        for model_id, entry in self.registry.items():
            if model_id not in v.model_ids:
                v.diags.warning(
                    entry.location,
                    model_id,
                    "model id is carried by no zoo row: it is shown on the device pages only",
                )
        rows = {m.anchor: m for task_rows in models.values() for m in task_rows}
        for result in self.results:
            carrier = carriers.get(result.model_id)
            if result.precision != "reference" or carrier is None:
                continue
            row = rows.get(carrier.anchor)
            if row is None or row.task != result.task:
                continue
            task: Task = tasks[result.task].record
            for metric in task.metrics:
                mine, theirs = result.metric(metric.key), row.metric(metric.key)
                if mine is None or theirs is None or mine == theirs:
                    continue
                v.diags.warning(
                    self.result_cells[(result.model_id, metric.key)],
                    metric.key,
                    f"reference figure {mine} of {result.model_id!r} differs from the zoo table's {theirs} "
                    f"for the same model ({row.location.path}:{row.location.line}: {row.name} "
                    f"{row.input_size})",
                )

    def build(self, models: dict[str, tuple[Model, ...]], task_order: list[str]) -> Devices | None:
        if not self.present:
            return None
        devices = {k: t.record for k, t in self.devices.items()}
        reports = {k: t.record for k, t in self.reports.items()}
        rank = {t: i for i, t in enumerate(task_order)}
        results = sorted(self.results, key=lambda r: rank.get(r.task, len(rank)))  # stable: file order
        return Devices(
            devices=devices,
            reports=reports,
            models=dict(self.registry),
            results=tuple(results),
            artifacts={d: tuple(self.artifacts.get(d, ())) for d in devices},
            carriers=self.carriers(models),
            provenance={
                r.id: provenance(r, devices[r.device].name) for r in reports.values() if r.device in devices
            },
            reference_provenance={r.id: reference_provenance(r) for r in reports.values()},
            artifact_provenance={
                d.id: (d.artifacts.title if d.artifacts else f"the artifact list of {d.name}")
                for d in devices.values()
            },
        )

    # -- helpers ------------------------------------------------------------------------------------
    def _table(
        self,
        path: Path,
        required: tuple[str, ...],
        optional: tuple[str, ...],
        *,
        extra: dict[str, Any] | None = None,
        task: Task | None = None,
    ) -> _Table | None:
        """Read a devices CSV file and check its header: the required columns, the optional ones and
        (results) the task's metric keys, at least one of them."""
        v = self.v
        rel = path.relative_to(v.dir).as_posix()
        table = read_csv(v.real / rel, v.show(path), v.diags, root=v.real)
        if table is None:
            return None
        header = [h.strip() for h in table.header]
        allowed = {*required, *optional, *(extra or {})}
        ok = True
        seen: set[str] = set()
        for i, name in enumerate(header):
            where = Location(table.path, 1, table.header_cols[i])
            if name in seen:
                v.diags.error(where, name or "(header)", "column appears twice in the header")
                ok = False
            seen.add(name)
            if name not in allowed:
                if task is not None:
                    hint = f" (task {task.id!r} declares metrics: {', '.join(m.key for m in task.metrics)})"
                else:
                    hint = f" (expected: {', '.join((*required, *optional))})"
                v.diags.error(where, name or "(header)", f"unknown column{hint}")
                ok = False
        missing = [c for c in required if c not in seen]
        if missing:
            v.diags.error(
                Location(table.path, 1, 1),
                "(header)",
                f"missing column{'s' * (len(missing) > 1)}: {', '.join(missing)}; expected header: "
                + ",".join(required)
                + (f" (and, optional, {' and '.join(optional)})" if optional else "")
                + (", then metric columns" if extra is not None else ""),
            )
            ok = False
        if extra is not None and ok and not seen & set(extra):
            v.diags.error(
                Location(table.path, 1, 1),
                "(header)",
                f"no metric column: expected at least one of {', '.join(extra)}",
            )
            ok = False
        if not ok:
            return None
        if len(table.rows) > MAX_DEVICE_ROWS:
            v.diags.error(
                Location(table.path, table.rows[MAX_DEVICE_ROWS].line, 1),
                "(file)",
                f"expected at most {MAX_DEVICE_ROWS} rows, found {len(table.rows)}",
            )
            return None
        return _Table(table, {name: i for i, name in enumerate(header)})

    def _cells_ok(self, found: _Table, row: CsvRow) -> bool:
        if len(row.cells) == len(found.index):
            return True
        self.v.diags.error(
            Location(found.table.path, row.line, row.cols[-1] if row.cols else 1),
            "(row)",
            f"expected {len(found.index)} cells, found {len(row.cells)}",
        )
        return False

    def _slug(self, found: _Table, row: CsvRow, name: str, *, required: bool) -> bool:
        """The cell is an id (a slug); an error at it otherwise."""
        text = found.cell(row, name)
        if not text and not required:
            return True
        if text and len(text) <= MAX_ID and _SLUG.match(text):
            return True
        from generator.validate import _message

        if not text:
            message = "required field is missing"
        elif len(text) > MAX_ID:
            err = {"type": "string_too_long", "ctx": {"max_length": MAX_ID}, "input": text}
            message = _message(err, name, None)
        else:
            err = {"type": "string_pattern_mismatch", "ctx": {"pattern": SLUG_PATTERN}, "input": text}
            message = _message(err, name, None)
        self.v.diags.error(found.col(row, name), name, message)
        return False

    def _parse(self, model: type[BaseModel], data: dict[str, Any], found: _Table, row: CsvRow) -> Any:
        """A row's cells through its pydantic record; each problem an error at its cell."""
        from generator.validate import _message

        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                column = str(err["loc"][0])
                if column == "size":
                    continue  # checked before, with its own message
                if err["type"] == "string_too_short" or (err["type"] == "missing"):
                    message = "required field is missing"
                else:
                    message = _message(err, column, None)
                self.v.diags.error(found.col(row, column), column, message)
            return None


def _a(word: str) -> str:
    """``word`` after its indefinite article: "an int8", "a float32"."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _unique_reports(v: _Validator, items: list[_Typed]) -> dict[str, _Typed]:
    return v.unique(items, "report")


def _link(v: _Validator, item: _Typed, path: tuple[str | int, ...], field: str, target: str) -> None:
    from generator.escape import url_problem

    why = url_problem(target)
    if why:
        v.diags.error(item.where(*path), field, f"not a link the pages can have: {why}")


def _near(name: str, known: Iterable[str]) -> str:
    from generator.validate import _near as near

    return near(name, known)


def _heading_id(title: str) -> str:
    from generator.validate import _heading_id as heading

    return heading(title)
