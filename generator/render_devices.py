"""Render, devices (issue 10): the device pages, the devices overview, and the devices' line under each
model's name in the task tables. Template contexts only: ``generator.render`` renders them with the same
environment (escaping by construction: every value here is plain text or a number, never markup).

The task tables show the devices (``DeviceColumn``) as a line under each model's name (a line, not a
column: the name cell wraps, so no table gets wider for it), one device at a time, picked by buttons above
the tables (devices.js; without JavaScript the first device a report measured): per model id of the row, the
8-bit figure on that device and its change from 32-bit float (the float figure and the provenance in its
tooltip), and the size of the compiled model shipped for it, marked ✓ recommended or s shortlisted only. A
figure is only ever shown with the device it was measured on: the other devices' parts show their
artifacts alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from generator.catalogue import Artifact, Catalogue, Devices, Model
from generator.device_figures import device_figures, loss
from generator.paths import DEVICES_PAGE, device_page
from generator.schema import Metric, Task

CHANGE_DECIMALS = 2
"""Decimals of an 8-bit figure's change from float (the figures themselves are shown as written)."""
MINUS = "\u2212"


def change(metric: Metric, float32: Decimal, int8: Decimal) -> tuple[str, str]:
    """The change from float to 8-bit as text ("−0.1", "+0.4", "±0") and its class: "mz-loss" when the 8-bit
    figure is worse, "mz-gain" when better, "mz-same"."""
    diff = int8 - float32
    if -diff.as_tuple().exponent > CHANGE_DECIMALS:  # type: ignore[operator]
        diff = diff.quantize(Decimal(1).scaleb(-CHANGE_DECIMALS), ROUND_HALF_EVEN)
    worse = loss(metric, float32, int8)
    kind = "mz-loss" if worse > 0 else "mz-gain" if worse < 0 else "mz-same"
    if diff == 0:
        return "\u00b10", kind
    text = str(abs(diff))
    return (MINUS if diff < 0 else "+") + text, kind


def size_text(size: int) -> str:
    """Bytes for a reader: "19.6 MB", "812 kB" (decimal units, as file managers show them; a no-break
    space before the unit)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}\u00a0MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f}\u00a0kB"
    return f"{size}\u00a0B"


def bytes_text(size: int) -> str:
    return f"{size:,} bytes"


@dataclass(frozen=True)
class DeviceColumn:
    """What the task tables show of the devices: a line under each model's name, one device at a time (a
    picker above the tables chooses it; without JavaScript, ``default``)."""

    devices: tuple[dict[str, Any], ...]
    """Each device: id, name, whether it is the default (the first a report measured, else the first)."""
    cell: Callable[[Model, str], dict[str, Any] | None]
    """(model, path of the page it is on) -> the line's context, or None when the row has nothing."""
    note: str = ""
    """Where its figures come from, as sentences (under a page's Models heading)."""


def _metric_of(task: Task, *results: Any) -> Metric | None:
    """The first metric (primary first) the results have a figure of."""
    for metric in task.ordered_metrics():
        if any(r is not None and r.metric(metric.key) is not None for r in results):
            return metric
    return None


def device_column(catalogue: Catalogue, task: Task) -> DeviceColumn | None:
    """What a task's tables show of the devices (the line under the names), or None without devices."""
    devices = catalogue.devices
    if devices is None or not devices.devices:
        return None
    from generator.render import relative

    measured = devices.measured_devices()
    default = measured[0] if measured else next(iter(devices.devices))
    reports = sorted({r.report for r in devices.results if r.device})
    shipped = [devices.devices[d].name for d in devices.devices if devices.artifacts.get(d)]
    parts = []
    if reports:
        parts.append(
            "8-bit figures, and their change from 32-bit float: "
            + "; ".join(devices.provenance[r] for r in reports if r in devices.provenance)
        )
    if shipped:
        parts.append(
            f"the size of the compiled model shipped for {', '.join(shipped)} (✓: recommended, s: "
            "shortlisted only), as their lists give it"
        )
    note = ". ".join(p[:1].upper() + p[1:] for p in parts) + "." if parts else ""

    def cell(model: Model, page: str) -> dict[str, Any] | None:
        ids = [i for i in model.model_ids if i in devices.models]
        if not ids:
            return None
        out = []
        for device_id, device in devices.devices.items():
            shown = []
            for model_id in ids:
                f32 = devices.result(model_id, device_id, "float32")
                i8 = devices.result(model_id, device_id, "int8")
                artifact = devices.artifacts_of(model_id).get(device_id)
                if f32 is None and i8 is None and artifact is None:
                    continue
                href = relative(page, device_page(device_id))
                part: dict[str, Any] = {
                    "model_id": model_id,
                    "runtime": devices.models[model_id].runtime if len(ids) > 1 else "",
                    "figures": None,
                    "href": href + "#" + model_id,
                    "artifact": None,
                }
                metric = _metric_of(task, f32, i8)
                if metric is not None:
                    part["figures"] = _figures(devices, metric, f32, i8)
                if artifact is not None:
                    part["artifact"] = {**_artifact(artifact), "href": href + "#artifact--" + model_id}
                shown.append(part)
            if shown:
                out.append(
                    {"id": device_id, "name": device.name, "default": device_id == default, "parts": shown}
                )
        return {"devices": out} if out else None

    choices = tuple(
        {"id": d, "name": device.name, "default": d == default} for d, device in devices.devices.items()
    )
    return DeviceColumn(choices, cell, note)


def _figures(devices: Devices, metric: Metric, f32: Any, i8: Any) -> dict[str, Any]:
    a = f32.metric(metric.key) if f32 is not None else None
    b = i8.metric(metric.key) if i8 is not None else None
    out: dict[str, Any] = {
        "metric": metric.label,
        "unit": metric.unit or "",
        "float32": "" if a is None else str(a),
        "int8": "" if b is None else str(b),
        "change": "",
        "kind": "",
        "provenance": devices.provenance.get((i8 or f32).report, ""),
    }
    if a is not None and b is not None:
        out["change"], out["kind"] = change(metric, a, b)
    return out


def _artifact(artifact: Artifact) -> dict[str, Any]:
    return {
        "size": size_text(artifact.size),
        "bytes": bytes_text(artifact.size),
        "shortlisted": artifact.shortlisted,
        "recommended": artifact.recommended,
    }


# -- the device pages --------------------------------------------------------------------------------------


def device_contexts(
    catalogue: Catalogue, href: Callable[[str, str, str], str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The devices overview and each device's page: page path -> template context; and their figure files.
    ``href(task, anchor, from_page)``: the URL of a zoo row from a page."""
    devices = catalogue.devices
    if devices is None:
        return {}, {}
    from generator.render import relative

    tasks = {t.id: t for t in catalogue.tasks}
    measured = devices.measured_devices()
    contexts: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}

    def model_link(model_id: str, page: str) -> dict[str, Any]:
        entry = devices.models[model_id]
        carrier = devices.carriers.get(model_id)
        row = None
        if carrier is not None:
            row = next((m for m in catalogue.models_of(carrier.task) if m.anchor == carrier.anchor), None)
        return {
            "label": row.name if row else entry.name,
            "href": href(carrier.task, carrier.anchor, page) if carrier else None,
            "zoo": row,
            "task": tasks[entry.task].title if entry.task in tasks else "",
        }

    overview_rows = []
    for device_id, device in devices.devices.items():
        page = device_page(device_id)
        artifacts = devices.artifacts.get(device_id, ())
        figures = device_figures(catalogue, device_id)
        for name, text in figures.files.items():
            files[f"devices/{device_id}/{name}"] = text
        reports = [r for r in devices.reports.values() if r.device == device_id]
        results = [r for r in devices.results if r.device == device_id]
        by_task: list[dict[str, Any]] = []
        for task in catalogue.tasks:
            mine = [r for r in results if r.task == task.id]
            if not mine:
                continue
            metrics = [m for m in task.ordered_metrics() if any(r.metric(m.key) is not None for r in mine)]
            rows = []
            for model_id in dict.fromkeys(r.model_id for r in mine):
                f32 = devices.result(model_id, device_id, "float32")
                i8 = devices.result(model_id, device_id, "int8")
                ref = devices.result(model_id, "", "reference")
                cells = []
                for metric in metrics:
                    a = f32.metric(metric.key) if f32 else None
                    b = i8.metric(metric.key) if i8 else None
                    r = ref.metric(metric.key) if ref else None
                    ch = change(metric, a, b) if a is not None and b is not None else ("", "")
                    link = model_link(model_id, page)
                    zoo_value = link["zoo"].metric(metric.key) if link["zoo"] is not None else None
                    cells.append(
                        {
                            "float32": "" if a is None else str(a),
                            "int8": "" if b is None else str(b),
                            "change": ch[0],
                            "kind": ch[1],
                            "reference": "" if r is None else str(r),
                            "zoo": "" if zoo_value is None else str(zoo_value),
                            "differs": r is not None and zoo_value is not None and r != zoo_value,
                        }
                    )
                entry = devices.models[model_id]
                rows.append(
                    {
                        "id": model_id,
                        "model": model_link(model_id, page),
                        "runtime": entry.runtime,
                        "input_size": entry.input_size,
                        "dataset": entry.dataset,
                        "cells": cells,
                        "report": (i8 or f32 or ref).report if (i8 or f32 or ref) else "",
                    }
                )
            by_task.append({"task": task, "metrics": metrics, "rows": rows})
        artifact_rows = [
            {
                "artifact": a,
                "model": model_link(a.model_id, page),
                "entry": devices.models[a.model_id],
                "size": size_text(a.size),
                "bytes": bytes_text(a.size),
                "measured": bool(devices.result(a.model_id, device_id, "int8")),
            }
            for a in artifacts
        ]
        context = {
            "device": device,
            "artifacts": artifact_rows,
            "artifact_provenance": devices.artifact_provenance.get(device_id, ""),
            "artifacts_url": device.artifacts.url if device.artifacts else None,
            "reports": [{"report": r, "provenance": devices.provenance.get(r.id, "")} for r in reports],
            "measured_by": [
                {"name": devices.devices[d].name, "href": relative(page, device_page(d))} for d in measured
            ],
            "results": by_task,
            "result_count": len({r.model_id for r in results}),
            "figures": figures,
            "zoo_provenance": catalogue.provenance,
            "devices_href": relative(page, DEVICES_PAGE),
            "recommended": sum(a.recommended for a in artifacts),
            "shortlisted": sum(a.shortlisted for a in artifacts),
        }
        contexts[page] = context
        overview_rows.append(
            {
                "device": device,
                "href": relative(DEVICES_PAGE, page),
                "artifacts": len(artifacts),
                "recommended": context["recommended"],
                "shortlisted": context["shortlisted"],
                "measured": context["result_count"],
                "reports": context["reports"],
            }
        )
    # The overview's matrix: every model id some device ships, with its artifact on each device.
    shipped = [d for d in devices.devices if devices.artifacts.get(d)]
    matrix = []
    rank = {t.id: i for i, t in enumerate(catalogue.tasks)}
    for model_id in sorted(devices.models, key=lambda i: (rank.get(devices.models[i].task, len(rank)), i)):
        per_device = devices.artifacts_of(model_id)
        if not per_device:
            continue
        matrix.append(
            {
                "id": model_id,
                "entry": devices.models[model_id],
                "model": model_link(model_id, DEVICES_PAGE),
                "cells": [
                    {
                        "href": relative(DEVICES_PAGE, device_page(d)) + "#artifact--" + model_id,
                        **_artifact(per_device[d]),
                    }
                    if d in per_device
                    else None
                    for d in shipped
                ],
            }
        )
    contexts[DEVICES_PAGE] = {
        "rows": overview_rows,
        "shipped": [devices.devices[d] for d in shipped],
        "matrix": matrix,
        "registry": len(devices.models),
        "carried": len(devices.carriers),
        "zoo_provenance": catalogue.provenance,
    }
    return contexts, files


def home_devices(catalogue: Catalogue, from_page: str) -> list[dict[str, Any]]:
    """The home page's list of devices: name, link, artifacts and whether figures were measured there."""
    devices = catalogue.devices
    if devices is None:
        return []
    from generator.render import relative

    measured = set(devices.measured_devices())
    return [
        {
            "device": device,
            "href": relative(from_page, device_page(device_id)),
            "artifacts": len(devices.artifacts.get(device_id, ())),
            "measured": len({r.model_id for r in devices.results if r.device == device_id})
            if device_id in measured
            else 0,
        }
        for device_id, device in devices.devices.items()
    ]
