"""Plotly figures of a device page (issue 10): 8-bit accuracy against complexity with the device's own Pareto
frontier, and the quantisation drop (32-bit float against 8-bit) per model as a dumbbell chart.

The conventions of ``generator.figures``: plain figure dicts serialised by ``figure_json`` (every data string
escaped for plotly, ``PlotMarkup`` for our own markup), ``scatter`` traces only, a ``meta`` role per trace
for ``plots.js`` to theme ("frontier", "models", "float", "dumbbell"), ``customdata[0]`` the click target
("#<model id>": the model's row in the page's results table). Only figures measured on the page's device
are plotted: a device no report measured has no such plot.

Every hover says where its figures come from: the complexity as the zoo's tables report it
(``Catalogue.provenance``), the float and 8-bit figures as their report measured them
(``Devices.provenance``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.analyse import Point, pareto_front
from generator.catalogue import Catalogue, Model
from generator.figures import (
    CONFIG,
    FIGURE_INLINE_LIMIT,
    PALETTE,
    Listed,
    Missing,
    PlotMarkup,
    _number,
    _pad_linear,
    _pad_log,
    _plural,
    _unit_suffix,
    figure_json,
    log_ticks,
    with_unit,
)
from generator.schema import Metric, Task

LOSS_COLOUR = "#f28e2b"
"""8-bit points below their float figure (orange), and the others (blue): not red and green."""
KEPT_COLOUR = "#4e79a7"
ROW_HEIGHT = 24
"""Pixels per model of a dumbbell chart."""
PARETO_HEIGHT = 420


@dataclass(frozen=True)
class DevicePlot:
    id: str
    """Element id of the plot container: ``pareto--<task>--<dataset>--<metric>`` or
    ``drop--<task>--<metric>`` (a "--" right after the prefix: never a model id, which is a slug)."""
    kind: str
    """"pareto" or "drop"."""
    title: str
    """Plain text: what it plots, e.g. "Image Classification, ImageNet: Top-1 Accuracy%"."""
    figure: str | None
    description: str
    """Plain text: what the plot shows (the no-JavaScript fallback)."""
    missing: tuple[Missing, ...] = ()
    figure_src: str | None = None
    """File name of the figure JSON beside the page when it is too big to inline."""
    points: int = 0


@dataclass(frozen=True)
class Measured:
    """A model's float32 and int8 figures of one metric on one device, with the zoo row that carries it."""

    model_id: str
    label: str
    """The zoo row's name, else the publisher's (artifact) name."""
    runtime: str
    float32: Decimal | None
    int8: Decimal | None
    report: str
    row: Model | None


@dataclass
class DeviceFigures:
    pareto: list[DevicePlot] = field(default_factory=list)
    drop: list[DevicePlot] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def loss(metric: Metric, float32: Decimal, int8: Decimal) -> Decimal:
    """How much worse the 8-bit figure is than the float one (negative: better)."""
    return float32 - int8 if metric.higher_is_better else int8 - float32


def measured(catalogue: Catalogue, device: str, task: Task) -> dict[str, list[Measured]]:
    """Metric key -> the device's figures of the task's models for it, in results order."""
    devices = catalogue.devices
    if devices is None:
        return {}
    rows = {m.anchor: m for m in catalogue.models_of(task.id)}
    out: dict[str, list[Measured]] = {}
    seen: set[str] = set()
    for result in devices.results:
        if result.task != task.id or result.device != device or result.model_id in seen:
            continue
        seen.add(result.model_id)
        f32 = devices.result(result.model_id, device, "float32")
        i8 = devices.result(result.model_id, device, "int8")
        carrier = devices.carriers.get(result.model_id)
        row = rows.get(carrier.anchor) if carrier else None
        entry = devices.models[result.model_id]
        for metric in task.ordered_metrics():
            a = f32.metric(metric.key) if f32 else None
            b = i8.metric(metric.key) if i8 else None
            if a is None and b is None:
                continue
            report = (i8 or f32 or result).report
            out.setdefault(metric.key, []).append(
                Measured(result.model_id, row.name if row else entry.name, entry.runtime, a, b, report, row)
            )
    return out


class _DeviceBuilder:
    def __init__(self, catalogue: Catalogue, device: str) -> None:
        self.catalogue = catalogue
        self.device = device
        devices = catalogue.devices
        if devices is None:
            raise ValueError("a device page needs the catalogue's devices")
        self.devices = devices
        self.name = devices.devices[device].name
        self.files: dict[str, str] = {}

    def _provenance(self, report: str) -> str:
        return self.devices.provenance.get(report, "")

    def _place(self, plot_id: str, figure: str) -> str | None:
        if len(figure.encode("utf-8")) <= FIGURE_INLINE_LIMIT:
            return None
        name = f"{plot_id}.json"
        self.files[name] = figure
        return name

    # -- 8-bit accuracy against complexity ------------------------------------------------------------
    def pareto(self, task: Task, metric: Metric, rows: Sequence[Measured]) -> list[DevicePlot]:
        """One plot per dataset of the zoo rows of the measured models; the models without a zoo row are
        listed under the first (the zoo gives them no complexity)."""
        by_dataset: dict[str, list[Measured]] = {}
        orphans = [m for m in rows if m.int8 is not None and m.row is None]
        for m in rows:
            if m.int8 is not None and m.row is not None:
                by_dataset.setdefault(m.row.dataset, []).append(m)
        datasets = [d for d in task.datasets if d in by_dataset] or ([task.datasets[0]] if orphans else [])
        return [
            self._pareto(task, metric, d, by_dataset.get(d, []), orphans if i == 0 else [])
            for i, d in enumerate(datasets)
        ]

    def _pareto(
        self,
        task: Task,
        metric: Metric,
        dataset_id: str,
        group: Sequence[Measured],
        orphans: Sequence[Measured],
    ) -> DevicePlot:
        complexity = task.complexity
        dataset = self.catalogue.datasets[dataset_id].name
        title = f"{task.title}, {dataset}: 8-bit {metric.label}"
        plot_id = f"pareto--{task.id}--{dataset_id}--{metric.key}"
        # A point per measured model id: a row with two (one network, two runtimes) has two points, each
        # with its own figures (``of_point``: a Point's identity -> what it plots).
        points: list[Point] = []
        of_point: dict[int, Measured] = {}
        for m in group:
            if m.row is not None and m.row.complexity is not None and m.int8 is not None:
                point = Point(m.row, m.row.complexity, m.int8)
                points.append(point)
                of_point[id(point)] = m
        missing: list[Missing] = []
        for left, why in (
            (
                [m for m in group if m.row is not None and m.row.complexity is None],
                f"without {complexity.label}",
            ),
            (list(orphans), f"without a row in the zoo's tables (no {complexity.label})"),
        ):
            if left:
                verb = "is" if len(left) == 1 else "are"
                missing.append(
                    Missing(
                        f"{_plural(len(left), 'model')} {why} {verb} not plotted",
                        tuple(Listed(f"{m.label} ({m.model_id})", m.model_id) for m in left),
                    )
                )
        if not points:
            return DevicePlot(
                plot_id,
                "pareto",
                title,
                None,
                f"No plot: no {task.title} model measured on {self.name} has {complexity.label} in the zoo.",
                tuple(missing),
            )
        front = pareto_front(points, lambda p: p.x, lambda p: p.y, higher_is_better=metric.higher_is_better)
        on_front = {id(p) for p in front}
        traces: list[dict[str, Any]] = [
            {
                "type": "scatter",
                "x": [_number(p.x) for p in front],
                "y": [_number(p.y) for p in front],
                "mode": "lines",
                "line": {"shape": "hv", "width": 2},
                "name": f"Pareto frontier on {self.name}",
                "hoverinfo": "skip",
                "meta": "frontier",
            }
        ]
        colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(task.source_ids)}
        by_source: dict[str, list[Point]] = {}
        for p in points:
            by_source.setdefault(p.model.source, []).append(p)
        for source_id in task.source_ids:
            mine = by_source.get(source_id)
            if not mine:
                continue
            customdata = []
            for p in mine:
                m = of_point[id(p)]
                lines = (
                    [f"{self.name} 32-bit float: {with_unit(str(m.float32), metric.unit)}"]
                    if m.float32
                    else []
                )
                if id(p) in on_front:
                    lines.append(f"On the Pareto frontier of {self.name}")
                customdata.append(
                    [
                        "#" + m.model_id,
                        f"{m.model_id} ({m.runtime})",
                        str(p.x),
                        str(p.y),
                        PlotMarkup("<br>").join(["", *lines]),
                        self._provenance(m.report),
                    ]
                )
            qat = [p.model.qat for p in mine]
            traces.append(
                {
                    "type": "scatter",
                    "x": [_number(p.x) for p in mine],
                    "y": [_number(p.y) for p in mine],
                    "mode": "markers",
                    "name": self.catalogue.source_label(task, source_id),
                    "text": [p.model.name for p in mine],
                    "customdata": customdata,
                    "hovertemplate": PlotMarkup(
                        "<b>%{{text}}</b><br>{}: %{{customdata[1]}}<br>{}: %{{customdata[2]}}{} "
                        "<i>({})</i><br>8-bit {}: %{{customdata[3]}}{} <i>(%{{customdata[5]}})</i>"
                        "%{{customdata[4]}}<br><i>Click: go to its row</i><extra></extra>"
                    ).format(
                        "Model id",
                        complexity.label,
                        _unit_suffix(complexity.unit),
                        self.catalogue.provenance,
                        metric.label,
                        _unit_suffix(metric.unit),
                    ),
                    "marker": {
                        "color": colours[source_id],
                        "size": 10,
                        "symbol": "diamond" if all(qat) else ["diamond" if q else "circle" for q in qat],
                        "line": {"width": 1},
                    },
                    "meta": "models",
                }
            )
        x_range = _pad_log([p.x for p in points])
        y_range = _pad_linear([p.y for p in points])
        ticks = log_ticks(x_range)
        better = "higher is better" if metric.higher_is_better else "lower is better"
        layout = {
            "height": PARETO_HEIGHT,
            "margin": {"l": 64, "r": 16, "t": 12, "b": 8},
            "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {
                "type": "log",
                "range": x_range,
                "title": {"text": f"{complexity.label} ({complexity.unit}, log scale, lower is better)"},
                "automargin": True,
                "zeroline": False,
                "showline": True,
                "ticks": "outside",
                **(
                    {"tickvals": [_number(t) for t in ticks], "ticktext": [f"{t:f}" for t in ticks]}
                    if ticks
                    else {}
                ),
            },
            "yaxis": {
                "range": y_range,
                "title": {"text": f"8-bit {metric.label} ({better})"},
                "automargin": True,
                "zeroline": False,
                "showline": True,
                "ticks": "outside",
            },
            "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top"},
        }
        figure = figure_json({"data": traces, "layout": layout, "config": CONFIG})
        names = ", ".join(f"{p.model.name} ({of_point[id(p)].model_id})" for p in front)
        description = (
            f"A plot of 8-bit {metric.label} on {self.name} against {complexity.label} (log scale) would "
            f"show here: the {_plural(len(points), 'model')} measured there that the zoo gives "
            f"{complexity.label}, with the Pareto frontier through {names}. Drawing it needs JavaScript; the "
            "results table below lists every figure."
        )
        return DevicePlot(
            plot_id,
            "pareto",
            title,
            figure,
            description,
            tuple(missing),
            self._place(plot_id, figure),
            len(points),
        )

    # -- the quantisation drop ---------------------------------------------------------------------------
    def drop(self, task: Task, metric: Metric, rows: Sequence[Measured]) -> DevicePlot | None:
        both = [m for m in rows if m.float32 is not None and m.int8 is not None]
        if not both:
            return None
        plot_id = f"drop--{task.id}--{metric.key}"
        title = f"{task.title}: {metric.label}, 32-bit float and 8-bit on {self.name}"
        ordered = sorted(both, key=lambda m: -loss(metric, m.float32, m.int8))  # type: ignore[arg-type]
        labels = [f"{m.label} · {m.model_id}" for m in ordered]
        lines_x: list[Any] = []
        lines_y: list[Any] = []
        for i, m in enumerate(ordered):
            lines_x += [_number(m.float32), _number(m.int8), None]  # type: ignore[arg-type]
            lines_y += [i, i, None]
        unit = _unit_suffix(metric.unit)

        def changes(m: Measured) -> str:
            change = m.int8 - m.float32  # type: ignore[operator]
            return f"{'+' if change > 0 else ''}{change}{unit}"

        hover = PlotMarkup(
            "<b>%{{text}}</b><br>32-bit float: %{{customdata[1]}}{}<br>8-bit: %{{customdata[2]}}{} "
            "(%{{customdata[3]}})<br><i>%{{customdata[4]}}</i><br><i>Click: go to its row</i><extra></extra>"
        ).format(unit, unit)

        def trace(
            members: list[tuple[int, Measured]], name: str, colour: str | None, which: str
        ) -> dict[str, Any]:
            out: dict[str, Any] = {
                "type": "scatter",
                "x": [_number(m.float32 if which == "float" else m.int8) for _, m in members],  # type: ignore[arg-type]
                "y": [i for i, _ in members],
                "mode": "markers",
                "name": name,
                "text": [f"{m.label} ({m.model_id}, {m.runtime})" for _, m in members],
                "customdata": [
                    ["#" + m.model_id, str(m.float32), str(m.int8), changes(m), self._provenance(m.report)]
                    for _, m in members
                ],
                "hovertemplate": hover,
                "marker": {"size": 9, "line": {"width": 1}},
                "meta": "float" if which == "float" else "models",
            }
            if colour:
                out["marker"]["color"] = colour
            return out

        indexed = list(enumerate(ordered))
        lost = [(i, m) for i, m in indexed if loss(metric, m.float32, m.int8) > 0]  # type: ignore[arg-type]
        kept = [(i, m) for i, m in indexed if loss(metric, m.float32, m.int8) <= 0]  # type: ignore[arg-type]
        traces: list[dict[str, Any]] = [
            {
                "type": "scatter",
                "x": lines_x,
                "y": lines_y,
                "mode": "lines",
                "line": {"width": 2},
                "name": "float to 8-bit",
                "hoverinfo": "skip",
                "showlegend": False,
                "meta": "dumbbell",
            },
            trace(indexed, "32-bit float", None, "float"),
        ]
        if lost:
            traces.append(trace(lost, "8-bit, below float", LOSS_COLOUR, "int8"))
        if kept:
            traces.append(trace(kept, "8-bit, not below float", KEPT_COLOUR, "int8"))
        values = [v for m in ordered for v in (m.float32, m.int8)]
        better = "higher is better" if metric.higher_is_better else "lower is better"
        layout = {
            "height": 110 + ROW_HEIGHT * len(ordered),
            "margin": {"l": 8, "r": 16, "t": 12, "b": 8},
            "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {
                "range": _pad_linear(values),  # type: ignore[arg-type]
                "title": {"text": f"{metric.label} on {self.name} ({better})"},
                "automargin": True,
                "zeroline": False,
                "showline": True,
                "ticks": "outside",
                "side": "top",
            },
            "yaxis": {
                "tickvals": list(range(len(ordered))),
                "ticktext": labels,
                "range": [len(ordered) - 0.5, -0.5],
                "automargin": True,
                "zeroline": False,
                "showgrid": True,
            },
            "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top"},
        }
        figure = figure_json({"data": traces, "layout": layout, "config": CONFIG})
        worst = ordered[0]
        description = (
            f"A chart of {metric.label} in 32-bit float and in 8 bits on {self.name} would show here, one "
            "line per model from its float figure to its 8-bit one, the largest loss first: "
            f"{_plural(len(lost), 'model')} of {len(ordered)} lose accuracy in 8 bits, the most "
            f"{worst.label} ({worst.model_id}: {worst.float32} to {worst.int8}). Drawing it needs "
            "JavaScript; the results table below lists every figure."
        )
        return DevicePlot(
            plot_id, "drop", title, figure, description, (), self._place(plot_id, figure), len(ordered)
        )


def device_figures(catalogue: Catalogue, device: str) -> DeviceFigures:
    """The device page's plots: per task and metric with figures measured on the device, the 8-bit Pareto
    plots (one per dataset of the zoo rows) and the dumbbell chart of the quantisation drop."""
    out = DeviceFigures()
    if catalogue.devices is None:
        return out
    builder = _DeviceBuilder(catalogue, device)
    for task in catalogue.tasks:
        rows = measured(catalogue, device, task)
        for metric in task.ordered_metrics():
            if metric.key not in rows:
                continue
            out.pareto += builder.pareto(task, metric, rows[metric.key])
            plot = builder.drop(task, metric, rows[metric.key])
            if plot is not None:
                out.drop.append(plot)
    out.files = builder.files
    return out
