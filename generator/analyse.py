"""Stage 4 — analyse: Pareto frontiers of complexity against each metric, from the catalogue.

Pure Python over the catalogue (no mkdocs, no plotly). For every task, each of its datasets and each of its
metrics (the primary first):

- a model is *plottable* for a metric when it has both the task's complexity figure and that metric; the
  others are excluded and listed by what they lack;
- a plottable model is *on the frontier* when no other plottable model is at least as good on both axes
  and strictly better on one (complexity: lower is better; metric: higher is better unless the metric
  says ``higher_is_better: false``). Models equal on both axes therefore never dominate each other: they
  are on the frontier together or off it together. Exact duplicate rows are simply such ties.
- frontiers are computed over all sources of the task and per source.

Each dataset has a *default* metric: the first of the task's metrics (primary first) that has a plottable
model on it, else the primary. Its frontier is the one the task page shows first and marks (★) in tables.

Figures are compared as ``Decimal`` — exactly as written in the data, no float rounding. Everything is
ordered deterministically: frontier points by complexity, then best metric first, then catalogue (CSV)
order; other lists in catalogue order.

``float_twins`` pairs each quantization-aware trained (QAT) model with the float model it was trained from,
and ``qat_drop`` is what quantization cost it on a metric.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TypeVar

from generator.catalogue import Catalogue, Model
from generator.gcpause import gc_paused
from generator.schema import Metric, Task

T = TypeVar("T")


def pareto_front(
    items: Sequence[T],
    cost: Callable[[T], Decimal],
    value: Callable[[T], Decimal],
    *,
    higher_is_better: bool = True,
) -> list[T]:
    """The items no other item dominates, ordered by cost, then best value first, then input order.

    ``a`` dominates ``b`` when cost(a) <= cost(b) and value(a) is at least as good as value(b), with at
    least one of the two strict. O(n log n): one stable sort by cost, then one sweep (``_sweep``).
    """
    costs = [cost(item) for item in items]
    order = sorted(range(len(items)), key=costs.__getitem__)  # stable: equal costs keep input order
    kept = _sweep([costs[i] for i in order], [value(items[i]) for i in order], higher_is_better)
    return [items[order[k]] for k in kept]


def _sweep(costs: Sequence[Decimal], values: Sequence[Decimal], higher_is_better: bool) -> list[int]:
    """Positions of the frontier in items already sorted by cost (equal costs in input order).

    Items of one cost form a group; the group's best value is on the frontier when it beats the best value
    of every strictly cheaper item, and then so is every item of the group with that value (ties: on the
    frontier together), in input order. So the positions come by cost, then input order; all the items of
    a group that are kept share its best value, hence "best value first" holds too.
    """
    better = operator.gt if higher_is_better else operator.lt
    kept: list[int] = []
    best: Decimal | None = None  # best value among items of strictly lower cost
    n = len(costs)
    start = 0
    while start < n:
        group_cost = costs[start]
        group_best = values[start]
        end = start + 1
        while end < n and costs[end] == group_cost:
            if better(values[end], group_best):
                group_best = values[end]
            end += 1
        if best is None or better(group_best, best):
            best = group_best
            kept.extend(k for k in range(start, end) if values[k] == group_best)
        start = end
    return kept


@dataclass(frozen=True, slots=True)
class Point:
    """A plottable model: its complexity (x) and primary metric (y), exactly as written."""

    model: Model
    x: Decimal
    y: Decimal


@dataclass(frozen=True)
class Pareto:
    """The frontier of one (task, dataset), over all sources (``source`` None) or over one source."""

    task: str
    dataset: str
    source: str | None
    metric: Metric
    points: tuple[Point, ...]
    """Plottable models, in catalogue order."""
    frontier: tuple[Point, ...]
    """Points on the frontier, by complexity (then best metric first, then catalogue order)."""
    missing_complexity: tuple[Model, ...]
    """Models without a complexity figure (whether or not they have the metric), in catalogue order."""
    missing_metric: tuple[Model, ...]
    """Models with a complexity figure but without the primary metric, in catalogue order."""

    @cached_property
    def anchors(self) -> frozenset[str]:
        return frozenset(p.model.anchor for p in self.frontier)

    @property
    def excluded(self) -> tuple[Model, ...]:
        return self.missing_complexity + self.missing_metric

    @cached_property
    def coincident(self) -> tuple[tuple[Point, ...], ...]:
        """Groups of two or more points at exactly the same (x, y), in catalogue order of their first."""
        groups: dict[tuple[Decimal, Decimal], list[Point]] = {}
        for point in self.points:
            groups.setdefault((point.x, point.y), []).append(point)
        return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def pareto(
    task: Task,
    models: Sequence[Model],
    dataset: str,
    source: str | None = None,
    metric: Metric | None = None,
) -> Pareto:
    """Frontier of ``models`` (of one task) on ``dataset`` for ``metric`` (default: the primary), over all
    sources or only ``source``."""
    return _pareto(
        task,
        [m for m in models if m.dataset == dataset and (source is None or m.source == source)],
        dataset,
        source,
        metric or task.primary,
    )


def _pareto(task: Task, models: Sequence[Model], dataset: str, source: str | None, metric: Metric) -> Pareto:
    """``pareto`` of models already restricted to the dataset (and source)."""
    points: list[Point] = []
    missing_complexity: list[Model] = []
    missing_metric: list[Model] = []
    key = metric.key
    for model in models:
        x = model.complexity
        if x is None:
            missing_complexity.append(model)
            continue
        y = model.metrics.get(key)
        if y is None:
            missing_metric.append(model)
        else:
            points.append(Point(model, x, y))
    front = pareto_front(points, lambda p: p.x, lambda p: p.y, higher_is_better=metric.higher_is_better)
    return Pareto(
        task=task.id,
        dataset=dataset,
        source=source,
        metric=metric,
        points=tuple(points),
        frontier=tuple(front),
        missing_complexity=tuple(missing_complexity),
        missing_metric=tuple(missing_metric),
    )


@dataclass(frozen=True)
class TaskAnalysis:
    task: Task
    frontiers: dict[tuple[str, str], Pareto]
    """(dataset id, metric key) -> frontier over all sources, for every dataset and metric of the task."""
    source_frontiers: dict[tuple[str, str, str], Pareto]
    """(source id, dataset id, metric key) -> frontier over that source, for every source, dataset and
    metric of the task."""
    datasets: tuple[str, ...]
    """The datasets analysed: the task's, in its order, then any other its rows name."""

    def metrics(self, dataset: str) -> tuple[Metric, ...]:
        """The metrics a plot of ``dataset`` offers: those with a plottable model, the primary first (then
        in the task's order); the primary alone when none has one."""
        offered = tuple(m for m in self.task.ordered_metrics() if self.frontiers[(dataset, m.key)].points)
        return offered or (self.task.primary,)

    def default_metric(self, dataset: str) -> Metric:
        """The metric shown first for ``dataset``."""
        return self.metrics(dataset)[0]

    @cached_property
    def overall(self) -> dict[str, Pareto]:
        """Dataset id -> frontier over all sources for its default metric, in dataset order."""
        return {d: self.frontiers[(d, self.default_metric(d).key)] for d in self.datasets}

    @cached_property
    def by_source(self) -> dict[tuple[str, str], Pareto]:
        """(source id, dataset id) -> frontier over that source for the dataset's default metric."""
        return {
            (s, d): self.source_frontiers[(s, d, self.default_metric(d).key)]
            for s in self.task.source_ids
            for d in self.datasets
        }

    @property
    def frontier_anchors(self) -> set[str]:
        """Anchors of the models on the all-sources frontier of their dataset's default metric."""
        return {anchor for p in self.overall.values() for anchor in p.anchors}


@gc_paused
def analyse_task(catalogue: Catalogue, task: Task) -> TaskAnalysis:
    """Every frontier of the task: the same ``Pareto`` records as ``pareto`` gives for each dataset, metric
    and source (``tests/test_analyse.py`` compares them), computed with one sort per dataset.

    A dataset's rows with a complexity figure are sorted by it once (stably: equal figures stay in
    catalogue order); a metric's points in that order are then that list without the rows lacking the
    metric, and a source's are its own rows of it, in the same order. Each frontier is then one sweep.
    """
    models = catalogue.models_of(task.id)
    datasets = list(task.datasets)
    for model in models:  # a dataset used by rows but not listed by the task still gets analysed
        if model.dataset not in datasets:
            datasets.append(model.dataset)
    rows: dict[str, list[Model]] = {d: [] for d in datasets}  # dataset -> its rows, in catalogue order
    for model in models:
        rows[model.dataset].append(model)
    metrics = task.ordered_metrics()
    source_ids = task.source_ids
    frontiers: dict[tuple[str, str], Pareto] = {}
    source_frontiers: dict[tuple[str, str, str], Pareto] = {}
    for d in datasets:
        mine = rows[d]
        by_cost = sorted((m for m in mine if m.complexity is not None), key=_complexity)
        no_complexity = [m for m in mine if m.complexity is None]
        mine_of, by_cost_of = _by_source(mine, source_ids), _by_source(by_cost, source_ids)
        no_complexity_of = _by_source(no_complexity, source_ids)
        for metric in metrics:
            key = metric.key
            frontiers[(d, key)] = _from_sorted(
                task, d, None, metric, *_plottable(mine, by_cost, key), no_complexity
            )
            for s in source_ids:
                source_frontiers[(s, d, key)] = _from_sorted(
                    task, d, s, metric, *_plottable(mine_of[s], by_cost_of[s], key), no_complexity_of[s]
                )
    # The records in the order the comprehensions of ``pareto`` calls would make them.
    frontiers = {(d, m.key): frontiers[(d, m.key)] for d in datasets for m in metrics}
    source_frontiers = {
        (s, d, m.key): source_frontiers[(s, d, m.key)] for s in source_ids for d in datasets for m in metrics
    }
    return TaskAnalysis(task, frontiers, source_frontiers, tuple(datasets))


def _plottable(
    rows: Sequence[Model], by_cost: Sequence[Model], key: str
) -> tuple[list[Point], list[Point], list[Model]]:
    """For the metric ``key``: the points of ``rows`` (in catalogue order), the same Points by complexity
    (``by_cost``: the rows that have one, sorted by it), and the rows with a complexity but not the metric.
    New Points for each record, as ``pareto`` makes them (figures tell a point from another by identity)."""
    made: dict[int, Point] = {}  # id of the row -> its point, in complexity order (a dict keeps it)
    for m in by_cost:
        y = m.metrics.get(key)
        if y is not None:
            made[id(m)] = Point(m, m.complexity, y)  # type: ignore[arg-type]
    points: list[Point] = []
    missing_metric: list[Model] = []
    for m in rows:
        if m.complexity is not None:
            point = made.get(id(m))
            if point is None:
                missing_metric.append(m)
            else:
                points.append(point)
    return points, list(made.values()), missing_metric


def _complexity(model: Model) -> Decimal:
    return model.complexity  # type: ignore[return-value]  # only called on rows that have one


def _by_source(models: Sequence[Model], source_ids: Sequence[str]) -> dict[str, list[Model]]:
    """Source id -> its models, in the order given (a source of the task with none: [])."""
    out: dict[str, list[Model]] = {s: [] for s in source_ids}
    for model in models:
        found = out.get(model.source)
        if found is not None:
            found.append(model)
    return out


def _from_sorted(
    task: Task,
    dataset: str,
    source: str | None,
    metric: Metric,
    points: list[Point],
    by_cost: list[Point],
    missing_metric: list[Model],
    missing_complexity: list[Model],
) -> Pareto:
    """A ``Pareto`` from its points in catalogue order and the same points sorted by complexity (stably)."""
    kept = _sweep([p.x for p in by_cost], [p.y for p in by_cost], metric.higher_is_better)
    return Pareto(
        task=task.id,
        dataset=dataset,
        source=source,
        metric=metric,
        points=tuple(points),
        frontier=tuple(by_cost[k] for k in kept),
        missing_complexity=tuple(missing_complexity),
        missing_metric=tuple(missing_metric),
    )


@gc_paused
def analyse(catalogue: Catalogue) -> dict[str, TaskAnalysis]:
    """Task id -> its analysis, for every task, in catalogue order."""
    return {task.id: analyse_task(catalogue, task) for task in catalogue.tasks}


def frontier_anchors(catalogue: Catalogue) -> dict[str, set[str]]:
    """Task id -> anchors of the models on the all-sources Pareto frontier of their (task, dataset)."""
    return {task_id: a.frontier_anchors for task_id, a in analyse(catalogue).items()}


_QAT_SUFFIX = re.compile(r"[\s._-]*(?:\(qat\)|qat)$", re.IGNORECASE)


def float_name(name: str) -> str | None:
    """The name of a QAT model's float twin by TI's naming rule: the name without its QAT suffix
    (``MobileNetV2-QAT`` -> ``MobileNetV2``; also `` QAT``, ``_qat``, ``(QAT)``); None when it has none."""
    match = _QAT_SUFFIX.search(name)
    if match is None or match.start() == 0:
        return None
    return name[: match.start()]


def float_twins(models: Sequence[Model]) -> dict[str, Model]:
    """QAT model anchor -> its float twin, for the models of one task: the row its ``float_model`` cell
    names (the validator has checked it: a float row of the same source and dataset), else the first float
    row (in file order) of the same source, dataset and input size whose name is its name without the QAT
    suffix (``float_name``, compared case-insensitively). A QAT model with neither has no twin."""
    by_anchor = {m.anchor: m for m in models}
    by_name: dict[tuple[str, str, str, str], Model] = {}
    for m in models:
        if not m.qat:
            by_name.setdefault((m.source, m.dataset, m.input_size, m.name.casefold()), m)
    out: dict[str, Model] = {}
    for m in models:
        if not m.qat:
            continue
        twin = by_anchor.get(m.float_model) if m.float_model else None
        if twin is None and not m.float_model:
            stem = float_name(m.name)
            if stem is not None:
                twin = by_name.get((m.source, m.dataset, m.input_size, stem.casefold()))
        if twin is not None:
            out[m.anchor] = twin
    return out


def qat_drop(qat: Model, twin: Model, metric: Metric) -> Decimal | None:
    """What quantization cost ``qat`` on ``metric`` against its float ``twin``: float minus QAT for a
    higher-is-better metric, QAT minus float otherwise (positive: the QAT model is worse), exactly; None
    when either lacks the figure."""
    a, b = twin.metrics.get(metric.key), qat.metrics.get(metric.key)
    if a is None or b is None:
        return None
    return a - b if metric.higher_is_better else b - a
