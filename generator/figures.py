"""Plotly figures of the Pareto analysis: complexity (log x) against a metric (y).

Per dataset, one overview plot for each metric a reader may pick (``TaskAnalysis.metrics``: the default
first), and per source one plot of the dataset's default metric. Axis titles and hover figures carry the
units the task declares.

Figures are plain dicts in plotly.js's figure format, serialised to compact JSON (no plotly import at run
time: building them with ``plotly.graph_objects`` cost seconds for a zoo of 10,000 models; the tests check
every attribute with plotly's validators). ``docs/assets/javascripts/plots.js`` draws them with the
vendored plotly.js and applies the colours of the Material palette (font, grid, hover labels, frontier
lines), so the JSON carries no theme.

- one ``scatter`` trace per source (type set explicitly: never ``scattergl``, which the basic plotly.js
  bundle does not have), QAT models as diamonds;
- per point: ``x``, ``y``, ``text`` (the model's name) and ``customdata`` = [link, input size, complexity
  as written, metric as written, extra hover lines (the model's other metrics among them)]; the trace's one
  ``hovertemplate`` holds what all its points share (source name, labels, units, where the figures come
  from: ``Catalogue.provenance``). The link is "#anchor"
  (the row is on the page of the plot) or "PAGEKEY#anchor" (the row is on the page that the page's
  ``a[data-mz-page="PAGEKEY"]`` links to); a click on the point goes there;
- the frontier as a step line (``line.shape="hv"``: the best metric reachable within a complexity budget);
- escaping by construction: plotly renders hover text, trace names and axis titles as HTML, and reads
  ``%{...}`` as a template field in them. ``figure_json`` escapes every plain ``str`` of a figure (``esc``:
  ``& < >`` as entities, the brace of ``%{`` too); our own markup (hover templates, ``<br>`` joins) is
  ``PlotMarkup``, a ``markupsafe.Markup`` whose formatting and joining escape the data text they take in
  the same way (``PlotMarkup("<b>{}</b>").format(name)``). Literals (``"scatter"``, colours, ``#anchor``
  links) have nothing that escaping changes.

An overview figure larger than ``FIGURE_INLINE_LIMIT`` bytes goes to a JSON file beside the task page
(``TaskFigures.files``; the plot container names it in ``data-figure-src``) instead of a ``data-figure``
attribute: a big attribute makes the page heavy and mkdocs' search plugin slow. Source plots always stay
inline: they are small, and on a task split into pages they sit on the source's own page.

Each trace carries ``meta`` with its role ("frontier", "faint-frontier", "source-frontier", "models",
"key") for the script's theming.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from markupsafe import Markup

from generator.analyse import Pareto, Point, TaskAnalysis
from generator.catalogue import Catalogue, Model
from generator.schema import Dataset, Metric, Source, Task

# Tableau 10, reordered so the low-contrast yellow and grey come last. Fixed by the source's position in
# the task, so a source has the same colour in the overview and in its own section.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#ff9da7",
    "#edc948",
    "#bab0ac",
)
FIGURE_INLINE_LIMIT = 48_000
"""Bytes of figure JSON above which an overview plot loads its figure from a file."""
OVERVIEW_HEIGHT = 460
MODEBAR_MARGIN = 36
"""Pixels above the plotting area: the toolbar (plotly's modebar, 2 + 26 px high at the top right) sits
there, never over a point."""
SOURCE_HEIGHT = 300
CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "showSendToCloud": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


def esc(text: object) -> str:
    """Text from a data file, for plotly's HTML-like labels: &, < and > become entities, and so does the
    brace of ``%{``: plotly.js reads ``%{...}`` as a template field in hover templates, and in trace names
    and axis titles too (``%{meta}``); it shows ``&#123;`` as ``{``."""
    s = text if type(text) is str else str(text)
    if "&" not in s and "<" not in s and ">" not in s and "%{" not in s:  # most texts: names, figures
        return s
    return html.escape(s, quote=False).replace("%{", "%&#123;")


class PlotMarkup(Markup):
    """Our own markup in a figure (hover templates, ``<br>``-joined lines): kept as it is by
    ``figure_json``. Data text that it formats, joins or is added to is escaped with ``esc``; any other
    ``Markup`` counts as text here."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> PlotMarkup:
        if isinstance(s, PlotMarkup):
            return s
        return cls(esc(s))


_PLAIN = (int, float, bool, type(None))


def _escaped(value: Any) -> Any:
    """A copy of a figure's value with every plain string escaped (``PlotMarkup`` kept as it is)."""
    kind = type(value)
    if kind is str:  # the common case first (exact type: PlotMarkup is a str too)
        return esc(value)
    if isinstance(value, PlotMarkup):
        return str(value)
    if isinstance(value, str):
        return esc(value)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if all(type(item) in _PLAIN for item in value):  # coordinates: nothing to escape
            return list(value)
        return [_escaped(item) for item in value]
    return value


def figure_json(figure: dict[str, Any]) -> str:
    """Compact JSON of a figure, every plain string of it escaped for plotly (``PlotMarkup`` is ours), with
    <, > and / escaped as plotly's encoder does (so the text can never close an HTML element it is embedded
    in). Non-ASCII stays as is (the pages and files are UTF-8)."""
    text = json.dumps(_escaped(figure), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    # (str.replace: much faster than str.translate with a dict on megabytes of text)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\/")


def _number(value: Decimal) -> int | float:
    """A figure as a JSON number: an int when it is whole (shorter), else the nearest float."""
    whole = int(value)
    return whole if value == whole else float(value)


def default_link(model: Model) -> str:
    """The click target of a model's point when its row is on the plot's page: "#anchor"."""
    return "#" + model.anchor


def source_label(source: Source) -> str:
    """A source's name without a task: its label, else its title (``Catalogue.source_label`` is its name
    on one task's page)."""
    return source.label or source.title


@dataclass(frozen=True)
class Listed:
    """A model named in a sentence under a plot: display label and row anchor."""

    label: str
    anchor: str


@dataclass(frozen=True)
class Missing:
    """Models left out of a plot for one reason: "11 models without GigaMACs are not plotted"."""

    text: str
    models: tuple[Listed, ...]


@dataclass(frozen=True)
class Plot:
    id: str
    """Element id of the plot container (or of the sentence that replaces it)."""
    kind: str
    """"overview" (all sources) or "source"."""
    dataset: Dataset
    source: Source | None
    figure: str | None
    """Figure JSON; None when there is nothing to plot. It goes in the data-figure attribute, unless
    ``figure_src`` is set."""
    description: str
    """Plain text: what the plot shows (the no-JavaScript fallback), or why there is no plot."""
    missing: tuple[Missing, ...] = field(default=())
    points: int = 0
    figure_src: str | None = None
    """File name of the figure JSON (``TaskFigures.files``) when it is too big to inline: a URL relative
    to the task page, for the data-figure-src attribute."""
    metric: Metric | None = None
    """The metric on the y axis."""
    summary: str = ""
    """Plain text: the drawn plot's text alternative (its ``aria-label``, set by plots.js with
    ``role="figure"``): what it plots, how many models, the frontier's models, where the figures are
    listed."""


@dataclass(frozen=True)
class TaskFigures:
    overview: tuple[Plot, ...]
    """One plot per dataset of the task, over all sources, for the dataset's default metric."""
    choices: dict[str, tuple[Plot, ...]]
    """Dataset id -> its overview plot for each metric a reader may pick (``TaskAnalysis.metrics``): the
    default first (the plot of ``overview``), then the others in the task's order."""
    sources: dict[str, tuple[Plot, ...]]
    """Source id -> one plot per dataset the source has models for (empty when it has no models)."""
    files: dict[str, str] = field(default_factory=dict)
    """File name -> figure JSON, for the plots with ``figure_src``: files to write in the folder of the
    task page (``<task-id>/index.md``)."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _pad_log(values: Sequence[Decimal]) -> list[float]:
    """The log10 x range: 7% of the span on each side, at least 0.12 (a quarter of a 1-2-5 step). Valid
    complexity figures are 1e-6..1e6, so the range is within -6.84..6.84."""
    lo, hi = math.log10(min(values)), math.log10(max(values))
    pad = max((hi - lo) * 0.07, 0.12)
    return [round(lo - pad, 4), round(hi + pad, 4)]


def _pad_linear(values: Sequence[Decimal]) -> list[float]:
    """The y range: 10% of the span on each side (2% of the value, at least 1, for a single value).

    Computed on the Decimals and rounded outwards, to the pad's own precision (at least 4 decimals): the
    range holds every point however close the values are (0.000001 apart, or 15 digits each) and is never
    empty. Valid metric figures are 0..1e9 with at most 6 decimals, well within a float."""
    lo, hi = min(values), max(values)
    pad = (hi - lo) / 10 if hi > lo else max(abs(hi) * Decimal("0.02"), Decimal(1))
    step = Decimal(1).scaleb(min(-4, pad.adjusted() - 1))
    return [float((lo - pad).quantize(step, ROUND_FLOOR)), float((hi + pad).quantize(step, ROUND_CEILING))]


TICKS_125 = 12
"""Most ticks of the 1-2-5 series; a wider range gets the powers of ten."""
TICKS_DECADES = 8
"""Most ticks of the powers of ten; a wider range (more than about 7 decades) gets plotly's own ticks, which
it thins to the plot's width."""


def log_ticks(log_range: Sequence[float]) -> list[Decimal]:
    """Readable tick values for a log axis: 1-2-5 per decade inside the range (at most ``TICKS_125``), or the
    powers of ten for a wider range (at most ``TICKS_DECADES``), or 1-9 when 1-2-5 gives fewer than 3;
    [] (plotly's own ticks) when none of these fits."""
    lo, hi = 10 ** log_range[0], 10 ** log_range[1]
    decades = range(math.floor(log_range[0]) - 1, math.ceil(log_range[1]) + 1)

    def inside(mantissas: Sequence[int]) -> list[Decimal]:
        ticks = (Decimal(m).scaleb(e) for e in decades for m in mantissas)
        return [t for t in ticks if lo <= t <= hi]

    ticks = inside((1, 2, 5))
    if len(ticks) > TICKS_125:
        ticks = inside((1,))
        return ticks if len(ticks) <= TICKS_DECADES else []
    if len(ticks) >= 3:
        return ticks
    ticks = inside((1, 2, 3, 4, 5, 6, 7, 8, 9))
    return ticks if len(ticks) >= 2 else []


def axis_ranges(points: Sequence[Point]) -> tuple[list[float], list[float]]:
    """Axis ranges holding every point with padding: x as log10 of GigaMACs (plotly's log-axis range)."""
    return _pad_log([p.x for p in points]), _pad_linear([p.y for p in points])


def with_unit(figure: str, unit: str | None) -> str:
    """A figure with its unit symbol: "0.844 GMAC", "49.0%" (no space before a percent sign)."""
    if not unit:
        return figure
    return f"{figure}{'' if unit in ('%', '‰') else ' '}{unit}"


def overview_id(dataset: str, metric: Metric, task: Task) -> str:
    """The element id of a dataset's overview plot for a metric: ``pareto-<dataset>`` for the primary
    metric, ``pareto--<dataset>--<metric>`` for another (no source plot, ``pareto-<source>--<dataset>``,
    has "--" right after "pareto-": a slug never starts with "-")."""
    return f"pareto-{dataset}" if metric.key == task.primary.key else f"pareto--{dataset}--{metric.key}"


class _Builder:
    def __init__(
        self, catalogue: Catalogue, analysis: TaskAnalysis, link: Callable[[Model], str], source_files: bool
    ) -> None:
        self.catalogue = catalogue
        self.analysis = analysis
        self.link = link
        self.source_files = source_files
        self.task: Task = analysis.task
        self.colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(self.task.source_ids)}
        self._labels = {s: catalogue.source_label(self.task, s) for s in self.task.source_ids}
        self._numbers = catalogue.numbers.get(self.task.id, {})
        self._hover: dict[tuple[str, str], PlotMarkup] = {}
        self._others: dict[str, tuple[Metric, ...]] = {}
        self.files: dict[str, str] = {}

    # -- text ----------------------------------------------------------------------------------------
    def axis_titles(self, metric: Metric) -> tuple[str, str]:
        """Plain text (escaped by ``figure_json``), with the units: "GigaMACs (GMAC, log scale, lower is
        better)", "Top-1 Accuracy% (%, higher is better)"."""
        complexity = self.task.complexity
        better = "higher is better" if metric.higher_is_better else "lower is better"
        x_unit = f"{complexity.unit}, " if complexity.unit else ""
        y_unit = f"{metric.unit}, " if metric.unit else ""
        return (
            f"{complexity.label} ({x_unit}log scale, lower is better)",
            f"{metric.label} ({y_unit}{better})",
        )

    def hover_template(self, source_id: str, metric: Metric) -> PlotMarkup:
        """What every point of a source's trace shows on hover; the per-point parts come from ``text``
        (name) and ``customdata`` (input size, figures as written, extra lines). Units are the trace's."""
        key = (source_id, metric.key)
        if key not in self._hover:
            complexity = self.task.complexity
            self._hover[key] = PlotMarkup(
                "<b>%{{text}}</b><br>Source: {}<br>Input size: %{{customdata[1]}}<br>"
                "{}: %{{customdata[2]}}{}<br>{}: %{{customdata[3]}}{}%{{customdata[4]}}<br>"
                "<i>Figures {}</i><br><i>Click: go to its row</i>%{{hovertext}}<extra></extra>"
            ).format(
                self._labels[source_id],
                complexity.label,
                _unit_suffix(complexity.unit),
                metric.label,
                _unit_suffix(metric.unit),
                self.catalogue.provenance,
            )
        return self._hover[key]

    def extra_lines(self, point: Point, pareto: Pareto) -> PlotMarkup:
        """Hover lines only some points have, each after a <br>: the model's other metrics, QAT,
        references, on the frontier. Empty when none. (Other models at the same place are named by
        plots.js, in ``hovertext``: it groups the points whose markers overlap as drawn.)"""
        model = point.model
        lines: list[str] = []
        for other in self._other_metrics(pareto.metric):
            value = model.metric(other.key)
            if value is not None:
                lines.append(f"{other.label}: {with_unit(str(value), other.unit)}")
        if model.qat:
            lines.append("QAT model")
        numbers = [self._numbers[r] for r in model.references]
        if numbers:
            lines.append("References: " + ", ".join(f"[{n}]" for n in numbers))
        if model.anchor in pareto.anchors:
            lines.append("On the Pareto frontier")
        return PlotMarkup("<br>").join(["", *lines])  # each line escaped, each after a <br>

    def _other_metrics(self, metric: Metric) -> tuple[Metric, ...]:
        """The task's metrics but ``metric``, primary first (computed once per metric)."""
        if metric.key not in self._others:
            self._others[metric.key] = tuple(m for m in self.task.ordered_metrics() if m.key != metric.key)
        return self._others[metric.key]

    def listed(self, models: Sequence[Model], with_source: bool, metric: Metric) -> tuple[Listed, ...]:
        """Display labels for a list of models; repeated names get their source, then their metric."""
        names = Counter(m.name for m in models)
        by_source = Counter((m.source, m.name) for m in models)
        out = []
        for m in models:
            label = m.name
            extra = []
            if with_source and names[m.name] > 1 and by_source[(m.source, m.name)] < names[m.name]:
                extra.append(self._labels[m.source])
            if by_source[(m.source, m.name)] > 1:
                value = m.metric(metric.key)
                extra.append(f"{metric.label} {value}" if value is not None else m.input_size)
            if extra:
                label += f" ({', '.join(extra)})"
            out.append(Listed(label, m.anchor))
        return tuple(out)

    def missing(self, pareto: Pareto, with_source: bool) -> tuple[Missing, ...]:
        out = []
        for label, models in (
            (self.task.complexity.label, pareto.missing_complexity),
            (pareto.metric.label, pareto.missing_metric),
        ):
            if models:
                verb = "is" if len(models) == 1 else "are"
                text = f"{_plural(len(models), 'model')} without {label} {verb} not plotted"
                out.append(Missing(text, self.listed(models, with_source, pareto.metric)))
        return tuple(out)

    def frontier_names(self, pareto: Pareto, with_source: bool) -> str:
        names = []
        for p in pareto.frontier:
            name = p.model.name
            if with_source:
                name += f" ({self._labels[p.model.source]})"
            names.append(name)
        return ", ".join(names)

    # -- traces --------------------------------------------------------------------------------------
    def frontier_trace(
        self, pareto: Pareto, *, name: str, role: str, colour: str | None = None
    ) -> dict[str, Any]:
        line: dict[str, Any] = {"shape": "hv", "width": 2 if role != "faint-frontier" else 1.5}
        if role == "faint-frontier":
            line["dash"] = "dot"
        if colour:
            line["color"] = colour
        return {
            "type": "scatter",
            "x": [_number(p.x) for p in pareto.frontier],
            "y": [_number(p.y) for p in pareto.frontier],
            "mode": "lines",
            "line": line,
            "name": name,
            "hoverinfo": "skip",
            "meta": role,
        }

    def qat_key(self) -> dict[str, Any]:
        """A legend entry that explains the diamonds: no points (the script ignores clicks on it)."""
        return {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": "QAT model",
            "marker": {"symbol": "diamond", "size": 9, "color": "rgba(0,0,0,0)", "line": {"width": 1.5}},
            "hoverinfo": "skip",
            "meta": "key",
        }

    def model_trace(
        self, source_id: str, points: Sequence[Point], pareto: Pareto, size: int
    ) -> dict[str, Any]:
        link = self.link
        customdata = [
            [
                link(p.model),
                p.model.input_size,
                str(p.x),  # as written (a Decimal's digits: nothing to escape)
                str(p.y),
                self.extra_lines(p, pareto),
            ]
            for p in points
        ]
        qat = [p.model.qat for p in points]
        symbol: str | list[str] = "circle"  # one value for the trace unless it mixes QAT and float models
        if all(qat):
            symbol = "diamond"
        elif any(qat):
            symbol = ["diamond" if q else "circle" for q in qat]
        return {
            "type": "scatter",
            "x": [_number(p.x) for p in points],
            "y": [_number(p.y) for p in points],
            "mode": "markers",
            "name": self._labels[source_id],
            "text": [p.model.name for p in points],
            "customdata": customdata,
            "hovertemplate": self.hover_template(source_id, pareto.metric),
            "hovertext": "",  # plots.js: the other models drawn at the same place, per point
            "marker": {
                "color": self.colours[source_id],
                "size": size,
                "symbol": symbol,
                "line": {"width": 1},
            },
            "meta": "models",
        }

    def figure(
        self, traces: list[dict[str, Any]], points: Sequence[Point], height: int, metric: Metric
    ) -> str:
        x_range, y_range = axis_ranges(points)
        x_title, y_title = self.axis_titles(metric)
        ticks = log_ticks(x_range)
        x_ticks: dict[str, Any] = (
            {"tickvals": [_number(t) for t in ticks], "ticktext": [f"{t:f}" for t in ticks]} if ticks else {}
        )
        if any(p.model.qat for p in points):
            traces.append(self.qat_key())
        layout = {
            "height": height,
            "margin": {"l": 64, "r": 16, "t": MODEBAR_MARGIN, "b": 8},
            "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {
                "type": "log",
                "range": x_range,
                "title": {"text": x_title},
                "automargin": True,
                "zeroline": False,
                "showline": True,
                "ticks": "outside",
                **x_ticks,
            },
            "yaxis": {
                "range": y_range,
                "title": {"text": y_title},
                "automargin": True,
                "zeroline": False,
                "showline": True,
                "ticks": "outside",
            },
            "legend": {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": -0.19 if height >= OVERVIEW_HEIGHT else -0.3,
                "yanchor": "top",
            },
        }
        return figure_json({"data": traces, "layout": layout, "config": CONFIG})

    # -- plots ---------------------------------------------------------------------------------------
    def overview(self, dataset: Dataset, metric: Metric) -> Plot:
        pareto = self.analysis.frontiers[(dataset.id, metric.key)]
        plot_id = overview_id(dataset.id, metric, self.task)
        missing = self.missing(pareto, with_source=True)
        complexity = self.task.complexity.label
        if not pareto.points:
            count = len(pareto.excluded)
            why = (
                f"No plot: no {dataset.name} model has both {complexity} and {metric.label}."
                if count
                else f"No plot: there are no {dataset.name} models yet."
            )
            return Plot(plot_id, "overview", dataset, None, None, why, missing, metric=metric)
        traces = [self.frontier_trace(pareto, name="Pareto frontier", role="frontier")]
        by_source: dict[str, list[Point]] = {}
        for point in pareto.points:
            by_source.setdefault(point.model.source, []).append(point)
        sources = 0
        for source_id in self.task.source_ids:
            if source_id in by_source:
                sources += 1
                traces.append(self.model_trace(source_id, by_source[source_id], pareto, size=10))
        figure = self.figure(traces, pareto.points, OVERVIEW_HEIGHT, metric)
        src = None
        if len(figure.encode("utf-8")) > FIGURE_INLINE_LIMIT:
            src = f"{plot_id}.json"
            self.files[src] = figure
        description = (
            f"A plot of {metric.label} against {complexity} (log scale) would show "
            f"here: the {_plural(len(pareto.points), f'{dataset.name} model')} that "
            f"{_have(len(pareto.points))} both, coloured by source ({_plural(sources, 'source')}), with the "
            f"Pareto frontier as a step line through the {_plural(len(pareto.frontier), 'model')} that no "
            "other model beats on both: "
            f"{self.frontier_names(pareto, with_source=True)}. Drawing it needs JavaScript; "
            "the tables below list every figure."
        )
        summary = (
            f"Plot of {metric.label} against {complexity} (log scale): "
            f"{_plural(len(pareto.points), f'{dataset.name} model')} from {_plural(sources, 'source')}. "
            f"The Pareto frontier joins {_plural(len(pareto.frontier), 'model')}: "
            f"{self.frontier_names(pareto, with_source=True)}. The tables below list every model's figures."
        )
        return Plot(
            plot_id,
            "overview",
            dataset,
            None,
            figure,
            description,
            missing,
            len(pareto.points),
            src,
            metric,
            summary,
        )

    def source(self, source: Source, dataset: Dataset) -> Plot | None:
        pareto = self.analysis.by_source[(source.id, dataset.id)]
        metric = pareto.metric
        if not pareto.points and not pareto.excluded:
            return None  # no models of this dataset: the table says so
        plot_id = f"pareto-{source.id}--{dataset.id}"  # "--" never occurs in an id
        missing = self.missing(pareto, with_source=False)
        label = self._labels[source.id]
        complexity = self.task.complexity.label
        if not pareto.points:
            count = len(pareto.excluded)
            why = (
                f"No plot: none of the {_plural(count, f'{dataset.name} model')} of {label} has both "
                f"{complexity} and {metric.label}."
                if count > 1
                else f"No plot: its {dataset.name} model does not have both {complexity} and {metric.label}."
            )
            return Plot(plot_id, "source", dataset, source, None, why, missing, metric=metric)
        overall = self.analysis.overall[dataset.id]
        colour = self.colours[source.id]
        traces = [
            self.frontier_trace(overall, name="All-sources frontier", role="faint-frontier"),
            self.frontier_trace(
                pareto, name="Frontier of this source", role="source-frontier", colour=colour
            ),
            self.model_trace(source.id, pareto.points, overall, size=9),
        ]
        figure = self.figure(traces, pareto.points, SOURCE_HEIGHT, metric)
        src = None
        if self.source_files and len(figure.encode("utf-8")) > FIGURE_INLINE_LIMIT:
            # Split layout: the plot is on the source's own page, <task>/<source>/index.md.
            src = f"{plot_id}.json"
            self.files[f"{source.id}/{src}"] = figure
        description = (
            f"A plot of {metric.label} against {complexity} (log scale) would show "
            f"here: the {_plural(len(pareto.points), f'{dataset.name} model')} of {label} that "
            f"{_have(len(pareto.points))} both, "
            f"over the all-sources Pareto frontier; the frontier of this source joins "
            f"{self.frontier_names(pareto, with_source=False)}. Drawing it needs JavaScript."
        )
        summary = (
            f"Plot of {metric.label} against {complexity} (log scale): "
            f"the {_plural(len(pareto.points), f'{dataset.name} model')} of {label}, over the all-sources "
            f"Pareto frontier. The frontier of this source joins "
            f"{self.frontier_names(pareto, with_source=False)}. The table below lists every model's figures."
        )
        return Plot(
            plot_id,
            "source",
            dataset,
            source,
            figure,
            description,
            missing,
            len(pareto.points),
            src,
            metric,
            summary,
        )


def _unit_suffix(unit: str | None) -> str:
    """What follows a figure for its unit: "" without one, "%" right after it, else a space and the unit."""
    return with_unit("", unit)


def task_figures(
    catalogue: Catalogue,
    analysis: TaskAnalysis,
    link: Callable[[Model], str] | None = None,
    *,
    source_files: bool = False,
) -> TaskFigures:
    """The overview plots (one per dataset) and the per-source plots of one task.

    ``link(model)`` is the click target of a model's point, as seen from the task page: "#anchor" when
    the row is on that page (the default, for every model), "PAGEKEY#anchor" when it is on the page
    linked by ``a[data-mz-page="PAGEKEY"]``. With ``source_files`` (the split layout, where each source's
    plot is on ``<task>/<source>/index.md``) large source plots go to files too, keyed "<source>/<name>"."""
    builder = _Builder(catalogue, analysis, link or default_link, source_files)
    datasets = [catalogue.datasets[d] for d in analysis.datasets if d in catalogue.datasets]
    choices = {d.id: tuple(builder.overview(d, m) for m in analysis.metrics(d.id)) for d in datasets}
    overview = tuple(plots[0] for plots in choices.values())
    sources: dict[str, tuple[Plot, ...]] = {}
    for source_id in analysis.task.source_ids:
        source = catalogue.sources[source_id]
        plots = (builder.source(source, d) for d in datasets)
        sources[source_id] = tuple(p for p in plots if p is not None)
    return TaskFigures(overview=overview, choices=choices, sources=sources, files=builder.files)
