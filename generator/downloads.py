"""The downloads for scripts: the whole catalogue as JSON (with its JSON Schema), each task's models as CSV.

At stable URLs of the site (``generator.paths``)::

    data/zoo.json           every record: the zoo, datasets, sources, references, and per task its
                            declared complexity, metrics (units, bounds, direction), extra columns, numbered
                            references and its models keyed by their row anchors
    data/zoo.schema.json    the JSON Schema (draft 2020-12) of zoo.json; ``SCHEMA_VERSION`` is in both
    data/<task>.csv         one row per model: the models file's columns (figures as written), its anchor,
                            the float twin and QAT drop, the row's URL and where its figures come from

Figures keep the text written in the data (``"0.300"``) next to their value as a JSON number; a link
column's ./relative cells are resolved against the task's ``links_base``. Every model carries its
provenance, ``reported`` (as its source reports it, transcribed in the zoo's data file and line named). With
devices (data/devices.yaml, data/devices/), zoo.json's ``devices`` holds the devices, the reports, TI's model
registry (each id with the zoo row that carries it), each model id's results (device, precision, figures,
report, and the provenance as the site shows it: ``measured`` for a device's figures, ``reported`` for the
training repository's figure the report lists) and each device's artifacts; a zoo model's ``devices`` lists
the ids of its results.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return: a model named ``-QAT`` or ``=HYPERLINK(...)`` in a stranger's pull request) get a leading
``'`` (``spreadsheet_safe``), which spreadsheets show as text; the JSON has the text as written.

Pure functions of the catalogue (and of where each model's row is: ``row_url``); no file is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from generator import paths
from generator.analyse import float_twins, qat_drop
from generator.catalogue import Catalogue, Devices, Model
from generator.schema import Column, Task

SCHEMA_VERSION = 1
"""The shape of zoo.json; raised when a key changes meaning or goes away (new keys keep it)."""

PROVENANCE = {
    "reported": "as the model's source (its training repository) reports it, transcribed in the zoo's data "
    "file (file and line relative to the data folder)",
    "measured": "measured by the device's publisher on the device or in its emulation, as the report named "
    "(`devices.reports`) gives it, transcribed in the data file and line named",
}
"""Provenance kinds -> what they mean (in zoo.json, for people reading it)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads a cell starting with as a formula (OWASP's CSV injection list)."""


_NEGATIVE = re.compile(r"-[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading ``'``, but a plain
    negative number (a QAT drop of ``-0.12``), which no spreadsheet runs."""
    if cell.startswith(FORMULA_STARTS) and _NEGATIVE.fullmatch(cell) is None:
        return "'" + cell
    return cell


def _figure(value: Decimal | None) -> dict[str, Any] | None:
    if value is None:
        return None
    whole = int(value)
    return {"text": str(value), "value": whole if value == whole else float(value)}


def _extra(task: Task, column: Column, model: Model) -> str:
    """An extra column's cell: as written; a link column's ./relative URL resolved against links_base."""
    cell = model.extras.get(column.key, "")
    if column.kind == "link" and cell.startswith(("./", "../")):
        return urljoin(task.links_base or "", cell)
    return cell


def _provenance(task: Task, model: Model) -> dict[str, Any]:
    return {
        "kind": "reported",
        "source": model.source,
        "file": f"models/{task.id}.csv",
        "line": model.location.line,
    }


def _model(task: Task, model: Model, twin: Model | None, url: str) -> dict[str, Any]:
    drops = {}
    if twin is not None:
        for metric in task.metrics:
            drop = qat_drop(model, twin, metric)
            if drop is not None:
                drops[metric.key] = {"text": str(drop), "value": _number(drop)}
    return {
        "source": model.source,
        "section": model.section or None,
        "group": model.group or None,
        "dataset": model.dataset,
        "name": model.name,
        "input_size": model.input_size,
        "complexity": _figure(model.complexity),
        "metrics": {m.key: _figure(model.metrics.get(m.key)) for m in task.metrics},
        "columns": {c.key: _extra(task, c, model) or None for c in task.columns},
        "available": model.available,
        "qat": model.qat,
        "float_model": twin.anchor if twin is not None else None,
        "qat_drop": drops,
        "notes": model.notes or None,
        "references": list(model.references),
        "model_id": model.model_id or None,
        "devices": list(model.model_ids),
        "url": url,
        "provenance": _provenance(task, model),
    }


def _number(value: Decimal) -> int | float:
    whole = int(value)
    return whole if value == whole else float(value)


def _results_file(catalogue: Catalogue, task: str) -> str:
    return f"devices/results/{task}.csv" if task else "devices/results.csv"


def devices_document(catalogue: Catalogue) -> dict[str, Any] | None:
    """zoo.json's ``devices``: None when the zoo has none."""
    devices: Devices | None = catalogue.devices
    if devices is None:
        return None
    results: dict[str, list[dict[str, Any]]] = {model_id: [] for model_id in devices.models}
    tasks = {t.id: t for t in catalogue.tasks}
    for r in devices.results:
        task = tasks.get(r.task)
        keys = [m.key for m in task.metrics] if task is not None else list(r.metrics)
        measured = r.precision != "reference"
        results[r.model_id].append(
            {
                "device": r.device or None,
                "precision": r.precision,
                "metrics": {k: _figure(r.metrics.get(k)) for k in keys if r.metrics.get(k) is not None},
                "report": r.report,
                "provenance": {
                    "kind": "measured" if measured else "reported",
                    "text": (devices.provenance if measured else devices.reference_provenance).get(
                        r.report, ""
                    ),
                    "file": _results_file(catalogue, r.task),
                    "line": r.location.line,
                },
            }
        )
    return {
        "devices": {
            d.id: {
                "name": d.name,
                "description": d.description,
                "links": [{"label": link.label, "url": str(link.url)} for link in d.links],
                "page": paths.page_url(paths.device_page(d.id)),
            }
            for d in devices.devices.values()
        },
        "reports": {
            r.id: {
                "title": r.title,
                "by": r.by,
                "date": str(r.date),
                "method": r.method,
                "device": r.device,
                "scope": r.scope,
                "url": None if r.url is None else str(r.url),
                "provenance": devices.provenance.get(r.id, ""),
            }
            for r in devices.reports.values()
        },
        "models": {
            e.id: {
                "task": e.task or None,
                "dataset": e.dataset,
                "runtime": e.runtime,
                "name": e.name,
                "run_dir": e.run_dir,
                "model_file": e.model_file or None,
                "input_size": e.input_size or None,
                "zoo": None
                if (c := devices.carriers.get(e.id)) is None
                else {"task": c.task, "anchor": c.anchor},
                "results": results[e.id],
            }
            for e in devices.models.values()
        },
        "artifacts": {
            device: [
                {
                    "model_id": a.model_id,
                    "runtime": a.runtime,
                    "name": a.name,
                    "size": a.size,
                    "shortlisted": a.shortlisted,
                    "recommended": a.recommended,
                    "provenance": {
                        "text": devices.artifact_provenance.get(device, ""),
                        "file": f"devices/artifacts/{device}.csv",
                        "line": a.location.line,
                    },
                }
                for a in artifacts
            ]
            for device, artifacts in devices.artifacts.items()
        },
    }


def zoo_document(catalogue: Catalogue, row_url: Callable[[Task, Model], str]) -> dict[str, Any]:
    """zoo.json as a dict. ``row_url(task, model)``: the URL of the model's row, relative to the site root
    (``image-classification/#anchor``)."""
    zoo = catalogue.zoo
    tasks: dict[str, Any] = {}
    for task in catalogue.tasks:
        models = catalogue.models_of(task.id)
        twins = float_twins(models)
        numbers = catalogue.numbers.get(task.id, {})
        tasks[task.id] = {
            "title": task.title,
            "order": task.order,
            "page": paths.page_url(paths.task_page(task.id)),
            "explorer": paths.page_url(paths.explore_page(task.id)),
            "csv": paths.task_csv(task.id),
            "datasets": list(task.datasets),
            "sources": task.source_ids,
            "complexity": {
                "key": task.complexity.key,
                "label": task.complexity.label,
                "unit": task.complexity.unit,
                "description": task.complexity.description,
            },
            "metrics": [
                {
                    "key": m.key,
                    "label": m.label,
                    "unit": m.unit,
                    "higher_is_better": m.higher_is_better,
                    "primary": m is task.primary,
                    "minimum": m.minimum,
                    "maximum": m.maximum,
                    "description": m.description,
                }
                for m in task.metrics
            ],
            "columns": [
                {"key": c.key, "label": c.label, "kind": c.kind, "link_label": c.link_label}
                for c in task.columns
            ],
            "references": {ref_id: numbers[ref_id] for ref_id in numbers},
            "links_base": task.links_base,
            "models": {m.anchor: _model(task, m, twins.get(m.anchor), row_url(task, m)) for m in models},
        }
    return {
        "$schema": "zoo.schema.json",
        "schema_version": SCHEMA_VERSION,
        "zoo": {
            "title": zoo.title,
            "description": zoo.description,
            "repository": zoo.repository,
            "provenance": catalogue.provenance,
        },
        "provenance": PROVENANCE,
        "datasets": {
            d.id: {"name": d.name, "description": d.description, "url": d.url}
            for d in catalogue.datasets.values()
        },
        "sources": {
            s.id: {"title": s.title, "label": s.label, "summary": s.summary, "url": s.url}
            for s in catalogue.sources.values()
        },
        "references": {
            r.id: {
                "title": r.title,
                "authors": list(r.authors),
                "venue": r.venue,
                "year": r.year,
                "description": r.description,
                "urls": list(r.urls),
            }
            for r in catalogue.references.values()
        },
        "tasks": tasks,
        "devices": devices_document(catalogue),
    }


def zoo_json(catalogue: Catalogue, row_url: Callable[[Task, Model], str]) -> str:
    """The text of data/zoo.json: compact (a zoo of 100,000 models is large enough), in record order (sorted
    keys would lose the tasks' and the models' order), UTF-8 as is."""
    text = json.dumps(
        zoo_document(catalogue, row_url), separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text + "\n"


def csv_header(task: Task) -> list[str]:
    """The columns of ``data/<task>.csv``."""
    return [
        "id",
        "source",
        "section",
        "group",
        "dataset",
        "name",
        "input_size",
        task.complexity.key,
        *(m.key for m in task.metrics),
        *(c.key for c in task.columns),
        "available",
        "qat",
        "float_model",
        "qat_drop",
        "notes",
        "references",
        "model_id",
        "url",
        "provenance",
    ]


def _csv_row(task: Task, model: Model, twin: Model | None, url: str) -> Iterable[str]:
    drop = qat_drop(model, twin, task.primary) if twin is not None else None
    where = _provenance(task, model)
    return (
        model.anchor,
        model.source,
        model.section,
        model.group,
        model.dataset,
        model.name,
        model.input_size,
        "" if model.complexity is None else str(model.complexity),
        *("" if model.metrics.get(m.key) is None else str(model.metrics[m.key]) for m in task.metrics),
        *(_extra(task, c, model) for c in task.columns),
        "Y" if model.available else "",
        "Y" if model.qat else "",
        twin.anchor if twin is not None else "",
        "" if drop is None else str(drop),
        model.notes,
        " ".join(model.references),
        model.model_id,
        url,
        f"reported by {model.source}: {where['file']}:{where['line']}",
    )


def task_csv(catalogue: Catalogue, task: Task, row_url: Callable[[Task, Model], str]) -> str:
    """The text of data/<task>.csv: a header (``csv_header``), then one row per model in the models file's
    order; ``qat_drop`` is on the task's primary metric; every cell through ``spreadsheet_safe``."""
    models = catalogue.models_of(task.id)
    twins = float_twins(models)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(task))
    for m in models:
        writer.writerow(spreadsheet_safe(c) for c in _csv_row(task, m, twins.get(m.anchor), row_url(task, m)))
    return out.getvalue()


def downloads(catalogue: Catalogue, row_url: Callable[[Task, Model], str]) -> dict[str, str]:
    """Path (relative to the site root) -> text of every download: zoo.json, its schema, a CSV per task."""
    out = {
        paths.ZOO_JSON: zoo_json(catalogue, row_url),
        paths.ZOO_SCHEMA: json.dumps(ZOO_SCHEMA, indent=1, ensure_ascii=False) + "\n",
    }
    for task in catalogue.tasks:
        out[paths.task_csv(task.id)] = task_csv(catalogue, task, row_url)
    return out


# -- the JSON Schema of zoo.json -----------------------------------------------------------------------------

_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_FIGURE = {
    "type": ["object", "null"],
    "description": "A figure: its text as written in the data file, and its value.",
    "required": ["text", "value"],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
        "value": {"type": "number"},
    },
}


def _record(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        out["description"] = description
    return out


def _keyed(value: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "additionalProperties": value}


_MODEL = _record(
    {
        "source": {**_TEXT, "description": "Id of its source (`sources`)."},
        "section": _OPTIONAL_TEXT,
        "group": _OPTIONAL_TEXT,
        "dataset": {**_TEXT, "description": "Id of its dataset (`datasets`)."},
        "name": _TEXT,
        "input_size": {**_TEXT, "description": "As written: 224x224, 520 or (1536,768)."},
        "complexity": {**_FIGURE, "description": "The task's complexity figure (its `complexity.unit`)."},
        "metrics": _keyed(_FIGURE, "Metric key -> figure (the task's `metrics`: units, direction)."),
        "columns": _keyed(
            _OPTIONAL_TEXT,
            "Extra column key -> its cell (a link column's ./relative URL resolved against `links_base`).",
        ),
        "available": {"type": "boolean"},
        "qat": {"type": "boolean", "description": "Quantization-aware trained."},
        "float_model": {
            **_OPTIONAL_TEXT,
            "description": "For a QAT model: the anchor (key in the task's `models`) of its float twin.",
        },
        "qat_drop": _keyed(
            {**_FIGURE, "type": "object"},
            "Metric key -> what quantization cost: float minus QAT (QAT minus float for a lower-is-better "
            "metric); positive means the QAT model is worse.",
        ),
        "notes": {**_OPTIONAL_TEXT, "description": "Markdown, as written."},
        "references": {"type": "array", "items": _TEXT, "description": "Ids in `references`."},
        "model_id": {**_OPTIONAL_TEXT, "description": "TI's model ids of the row, space separated."},
        "devices": {
            "type": "array",
            "items": _TEXT,
            "description": "The same ids, each a key of `devices.models` (its results and artifacts).",
        },
        "url": {**_TEXT, "description": "Its row on the site, relative to the site's root."},
        "provenance": _record(
            {
                "kind": {"enum": ["reported"]},
                "source": _TEXT,
                "file": {**_TEXT, "description": "The data file, relative to the data folder."},
                "line": {"type": "integer", "minimum": 1},
            },
            "Where its figures come from (see the top-level `provenance`).",
        ),
    },
    "One model result (one row of the task's models file).",
)

_TASK = _record(
    {
        "title": _TEXT,
        "order": {"type": "integer"},
        "page": {**_TEXT, "description": "The task's page, relative to the site's root."},
        "explorer": {**_TEXT, "description": "Its explorer page, relative to the site's root."},
        "csv": {**_TEXT, "description": "Its models as CSV, relative to the site's root."},
        "datasets": {"type": "array", "items": _TEXT},
        "sources": {"type": "array", "items": _TEXT},
        "complexity": _record(
            {"key": _TEXT, "label": _TEXT, "unit": _TEXT, "description": _OPTIONAL_TEXT},
            "The one complexity quantity of the task (x axis of its plots).",
        ),
        "metrics": {
            "type": "array",
            "minItems": 1,
            "items": _record(
                {
                    "key": _TEXT,
                    "label": _TEXT,
                    "unit": _OPTIONAL_TEXT,
                    "higher_is_better": {"type": "boolean"},
                    "primary": {"type": "boolean"},
                    "minimum": {"type": ["number", "null"]},
                    "maximum": {"type": ["number", "null"]},
                    "description": _OPTIONAL_TEXT,
                }
            ),
        },
        "columns": {
            "type": "array",
            "items": _record(
                {
                    "key": _TEXT,
                    "label": _TEXT,
                    "kind": {"enum": ["text", "link"]},
                    "link_label": _OPTIONAL_TEXT,
                }
            ),
        },
        "references": _keyed(
            {"type": "integer", "minimum": 1}, "Reference id -> its [n] on the task's page."
        ),
        "links_base": {**_OPTIONAL_TEXT, "description": "What ./relative links are resolved against."},
        "models": _keyed(_MODEL, "Row anchor (the row's permalink id, stable) -> the model."),
    },
    "One task: its page's declarations and its models.",
)

_WHERE = {
    "text": {**_TEXT, "description": "As the site shows it with the figure."},
    "file": {**_TEXT, "description": "The data file, relative to the data folder."},
    "line": {"type": "integer", "minimum": 1},
}

_DEVICES = {
    **_record(
        {
            "devices": _keyed(
                _record(
                    {
                        "name": _TEXT,
                        "description": {**_OPTIONAL_TEXT, "description": "Markdown, as written."},
                        "links": {"type": "array", "items": _record({"label": _TEXT, "url": _TEXT})},
                        "page": {**_TEXT, "description": "Its page, relative to the site's root."},
                    }
                ),
                "Device id -> device (a SoC), in the site's order.",
            ),
            "reports": _keyed(
                _record(
                    {
                        "title": _TEXT,
                        "by": _TEXT,
                        "date": {**_TEXT, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                        "method": {"enum": ["emulation", "board"]},
                        "device": {**_TEXT, "description": "The device measured (`devices`)."},
                        "scope": _OPTIONAL_TEXT,
                        "url": _OPTIONAL_TEXT,
                        "provenance": {**_TEXT, "description": "What the site says of its figures."},
                    }
                ),
                "Report id -> a report device figures come from.",
            ),
            "models": _keyed(
                _record(
                    {
                        "task": {**_OPTIONAL_TEXT, "description": "A task id, null for none of the zoo's."},
                        "dataset": _TEXT,
                        "runtime": _TEXT,
                        "name": {**_TEXT, "description": "The publisher's artifact name."},
                        "run_dir": _TEXT,
                        "model_file": _OPTIONAL_TEXT,
                        "input_size": _OPTIONAL_TEXT,
                        "zoo": {
                            **_record({"task": _TEXT, "anchor": _TEXT}),
                            "type": ["object", "null"],
                            "description": "The zoo row that carries the id (its task and anchor), if any.",
                        },
                        "results": {
                            "type": "array",
                            "items": _record(
                                {
                                    "device": {
                                        **_OPTIONAL_TEXT,
                                        "description": "Null for the `reference` precision.",
                                    },
                                    "precision": {"enum": ["float32", "int8", "reference"]},
                                    "metrics": _keyed(
                                        {**_FIGURE, "type": "object"}, "Metric key (of its task) -> figure."
                                    ),
                                    "report": {**_TEXT, "description": "Id in `reports`."},
                                    "provenance": _record(
                                        {"kind": {"enum": ["measured", "reported"]}, **_WHERE},
                                        "measured: by the report's device run; reported: the training "
                                        "repository's figure, as the report lists it.",
                                    ),
                                }
                            ),
                        },
                    }
                ),
                "Model id (TI's `cl-0000`) -> the publisher's model, with its results.",
            ),
            "artifacts": _keyed(
                {
                    "type": "array",
                    "items": _record(
                        {
                            "model_id": _TEXT,
                            "runtime": _TEXT,
                            "name": _TEXT,
                            "size": {"type": "integer", "minimum": 1, "description": "Bytes."},
                            "shortlisted": {"type": "boolean"},
                            "recommended": {"type": "boolean"},
                            "provenance": _record(_WHERE),
                        }
                    ),
                },
                "Device id -> the compiled models shipped for it, in its list's order.",
            ),
        },
        "The devices, their reports and results, and the compiled models shipped for them.",
    ),
    "type": ["object", "null"],
}

ZOO_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "zoo.schema.json",
    "title": "modelzoo-docs catalogue (data/zoo.json)",
    **_record(
        {
            "$schema": {"const": "zoo.schema.json"},
            "schema_version": {"const": SCHEMA_VERSION},
            "zoo": _record(
                {
                    "title": _TEXT,
                    "description": _OPTIONAL_TEXT,
                    "repository": _OPTIONAL_TEXT,
                    "provenance": {
                        **_TEXT,
                        "description": "Where the models' figures come from, as the site says it.",
                    },
                }
            ),
            "provenance": _keyed(_TEXT, "Provenance kind -> what it means."),
            "datasets": _keyed(
                _record({"name": _TEXT, "description": _OPTIONAL_TEXT, "url": _OPTIONAL_TEXT}),
                "Id -> dataset.",
            ),
            "sources": _keyed(
                _record(
                    {
                        "title": _TEXT,
                        "label": _OPTIONAL_TEXT,
                        "summary": _OPTIONAL_TEXT,
                        "url": _OPTIONAL_TEXT,
                    }
                ),
                "Id -> source (a repository models come from).",
            ),
            "references": _keyed(
                _record(
                    {
                        "title": _TEXT,
                        "authors": {"type": "array", "items": _TEXT},
                        "venue": _OPTIONAL_TEXT,
                        "year": {"type": ["integer", "null"]},
                        "description": _OPTIONAL_TEXT,
                        "urls": {"type": "array", "items": _TEXT},
                    }
                ),
                "Id -> reference.",
            ),
            "tasks": _keyed(_TASK, "Task id -> task, in the site's order."),
            "devices": _DEVICES,
        },
        "Every record of the zoo, as the site shows it. Figures are {text as written, value}.",
    ),
}
