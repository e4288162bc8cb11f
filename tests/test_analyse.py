"""Pareto analysis: hand-checked golden frontiers (tests/golden/pareto/), the seed's included, the rules for
ties, duplicates and missing figures, and a brute-force cross-check of the O(n log n) sweep."""

from __future__ import annotations

import itertools
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURES

from generator.analyse import (
    Pareto,
    analyse,
    analyse_task,
    float_name,
    float_twins,
    frontier_anchors,
    pareto,
    pareto_front,
    qat_drop,
)
from generator.catalogue import Catalogue
from generator.validate import build_catalogue

GOLDEN = Path(__file__).resolve().parent / "golden" / "pareto"
CASES = yaml.safe_load((GOLDEN / "cases.yaml").read_text(encoding="utf-8"))


def _catalogue(data: Path) -> Catalogue:
    catalogue, _ = build_catalogue(data)
    return catalogue


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return _catalogue(DATA)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_cases(case: dict) -> None:
    points = [(label, Decimal(x), Decimal(y)) for label, x, y in case["points"]]
    front = pareto_front(
        points, lambda p: p[1], lambda p: p[2], higher_is_better=case.get("higher_is_better", True)
    )
    assert [p[0] for p in front] == case["front"], case["why"]


def _brute_force(points: list[tuple[int, int, int]], higher: bool) -> list[int]:
    """The definition, pairwise: indices of the points no other point dominates (O(n²))."""

    def better_or_equal(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
        return a[1] <= b[1] and (a[2] >= b[2] if higher else a[2] <= b[2])

    return [
        p[0]
        for p in points
        if not any(better_or_equal(q, p) and (q[1], q[2]) != (p[1], p[2]) for q in points)
    ]


@pytest.mark.parametrize("higher", [True, False])
@pytest.mark.parametrize("seed_value", range(40))
def test_sweep_agrees_with_pairwise_definition(seed_value: int, higher: bool) -> None:
    rng = random.Random(seed_value)
    # a small grid, so that equal costs, equal values and exact duplicates are frequent
    n = rng.randint(0, 30)
    points = [(i, rng.randint(1, 8), rng.randint(1, 8)) for i in range(n)]
    front = pareto_front(points, lambda p: Decimal(p[1]), lambda p: Decimal(p[2]), higher_is_better=higher)
    assert sorted(p[0] for p in front) == sorted(_brute_force(points, higher))
    # ordered by cost, then best value first, then input order
    sign = -1 if higher else 1
    assert [p[0] for p in front] == [p[0] for p in sorted(front, key=lambda p: (p[1], sign * p[2], p[0]))]
    # the frontier is a staircase: strictly better value at each strictly higher cost
    for a, b in itertools.pairwise(front):
        if a[1] < b[1]:
            assert (b[2] > a[2]) if higher else (b[2] < a[2])
        else:
            assert (a[1], a[2]) == (b[1], b[2])


def test_input_order_does_not_change_the_frontier_set() -> None:
    rng = random.Random(7)
    points = [(i, rng.randint(1, 6), rng.randint(1, 6)) for i in range(25)]
    expected = {p[0] for p in pareto_front(points, lambda p: p[1], lambda p: p[2])}
    for _ in range(5):
        shuffled = points[:]
        rng.shuffle(shuffled)
        assert {p[0] for p in pareto_front(shuffled, lambda p: p[1], lambda p: p[2])} == expected


def _anchors(models: tuple) -> list[str]:
    return [m.anchor for m in models]


def test_seed_golden(seed: Catalogue) -> None:
    golden = yaml.safe_load((GOLDEN / "seed.yaml").read_text(encoding="utf-8"))
    analysis = analyse(seed)[golden["task"]]
    overall: Pareto = analysis.overall[golden["dataset"]]
    assert len(overall.points) == golden["plotted"] == 47
    assert _anchors(overall.missing_complexity) == golden["missing_complexity"]
    assert len(golden["missing_complexity"]) == 11  # 11 of the 58 rows lack GigaMACs
    assert _anchors(overall.missing_metric) == golden["missing_metric"]
    assert [p.model.anchor for p in overall.frontier] == golden["frontier"]
    for source, expected in golden["sources"].items():
        by_source = analysis.by_source[(source, golden["dataset"])]
        assert [p.model.anchor for p in by_source.frontier] == expected, source
    assert set(golden["sources"]) == {s for s, _ in analysis.by_source}


def test_seed_frontier_figures(seed: Catalogue) -> None:
    """The frontier is a staircase through the seed's figures as written in the README."""
    overall = analyse(seed)["image-classification"].overall["imagenet"]
    figures = [(str(p.x), str(p.y)) for p in overall.frontier]
    assert figures == [
        ("0.0526", "61.9"),
        ("0.054", "62.688"),
        ("0.136", "73.9"),
        ("0.315", "74.08"),
        ("0.407", "75.1"),
        ("0.631", "76.7"),
        ("0.899", "77.6"),
        ("2.640", "80.2"),
        ("4.5", "81.2"),
        ("8.7", "83.2"),
        ("15.4", "84.81"),
    ]


def test_frontier_anchors_api(seed: Catalogue) -> None:
    golden = yaml.safe_load((GOLDEN / "seed.yaml").read_text(encoding="utf-8"))
    result = frontier_anchors(seed)
    assert result["image-classification"] == set(golden["frontier"])  # the seed's, checked by hand
    assert set(result) == {t.id for t in seed.tasks}  # one entry per task, the six others from TI's pages
    assert all(isinstance(v, set) for v in result.values())


def test_two_tasks_fixture() -> None:
    catalogue = _catalogue(FIXTURES / "two-tasks")
    # NetA (0.300, 72.00) beats NetA-QAT (0.300, 71.5); NetB has no GigaMACs; SegA is alone.
    assert frontier_anchors(catalogue) == {
        "image-classification": {"alpha--neta--224x224"},
        "semantic-segmentation": {"alpha--sega--1024x512"},
    }
    analysis = analyse_task(catalogue, catalogue.task("image-classification"))
    overall = analysis.overall["imagenet"]
    assert _anchors(overall.missing_complexity) == ["beta--netb--224x224"]
    beta = analysis.by_source[("beta", "imagenet")]
    assert beta.points == () and beta.frontier == ()
    assert _anchors(beta.missing_complexity) == ["beta--netb--224x224"]


def _write_models(data: Path, rows: list[str]) -> None:
    header = "source,group,dataset,name,input_size,gmacs,top1,available,qat,notes,references\n"
    (data / "models" / "image-classification.csv").write_text(header + "\n".join(rows) + "\n")


def test_missing_metric_duplicates_and_lower_is_better(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    _write_models(
        data,
        [
            "alpha,,imagenet,Cheap,224x224,0.5,20.0,Y,,,",
            "alpha,,imagenet,Twin,224x224,1.0,10.0,Y,,,",
            "beta,,imagenet,Twin,224x224,1.0,10.0,Y,,,",
            "beta,,imagenet,NoMetric,224x224,2.0,,Y,,,",
            "beta,,imagenet,NoFigures,224x224,,,Y,,,",
            "alpha,,imagenet,Worse,224x224,3.0,15.0,Y,,,",
        ],
    )
    task_file = data / "tasks" / "image-classification.yaml"
    task_file.write_text(
        task_file.read_text().replace(
            "{key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}",
            "{key: top1, label: Top-1 Error%, higher_is_better: false, minimum: 0, maximum: 100}",
        )
    )
    catalogue = _catalogue(data)
    overall = analyse_task(catalogue, catalogue.task("image-classification")).overall["imagenet"]
    # error: lower is better. Cheap (0.5, 20) then the two Twins (1.0, 10): equal on both axes, both on
    # the frontier, in catalogue order. Worse (3.0, 15) is beaten by the Twins.
    assert [p.model.anchor for p in overall.frontier] == [
        "alpha--cheap--224x224",
        "alpha--twin--224x224",
        "beta--twin--224x224",
    ]
    assert [[p.model.anchor for p in g] for g in overall.coincident] == [
        ["alpha--twin--224x224", "beta--twin--224x224"]
    ]
    # missing both: listed once, under the complexity; missing only the metric: under the metric
    assert _anchors(overall.missing_complexity) == ["beta--nofigures--224x224"]
    assert _anchors(overall.missing_metric) == ["beta--nometric--224x224"]
    assert len(overall.points) == 4


@pytest.mark.parametrize("seed_value", range(8))
def test_every_metric_and_source_frontier_agrees_with_the_definition(tmp_path: Path, seed_value: int) -> None:
    """Random rows with two metrics (the second lower-is-better), blanks included: every frontier of the
    analysis (each metric, over all sources and per source) is the pairwise definition's, and each lists
    the rows it left out by what they lack."""
    rng = random.Random(seed_value)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task_file = data / "tasks" / "image-classification.yaml"
    task_file.write_text(
        task_file.read_text().replace(
            "  - {key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}",
            "  - {key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}\n"
            "  - {key: err, label: Error, higher_is_better: false}",
        )
    )

    def cell() -> str:
        return "" if rng.random() < 0.15 else str(rng.randint(1, 6))

    rows = [
        f"{rng.choice(['alpha', 'beta'])},,imagenet,M{i},224x224,{cell()},{cell()},{cell()},Y,,,"
        for i in range(rng.randint(0, 25))
    ]
    (data / "models" / "image-classification.csv").write_text(
        "source,group,dataset,name,input_size,gmacs,top1,err,available,qat,notes,references\n"
        + "".join(r + "\n" for r in rows)
    )
    catalogue = _catalogue(data)
    task = catalogue.task("image-classification")
    analysis = analyse_task(catalogue, task)
    models = catalogue.models_of(task.id)
    checked = 0
    for metric in task.metrics:
        for source in (None, "alpha", "beta"):
            mine = [m for m in models if source is None or m.source == source]
            found = (
                analysis.frontiers[("imagenet", metric.key)]
                if source is None
                else analysis.source_frontiers[(source, "imagenet", metric.key)]
            )
            assert found.metric == metric and found.source == source
            plotted = [m for m in mine if m.complexity is not None and m.metric(metric.key) is not None]
            points = [(i, int(m.complexity), int(m.metric(metric.key))) for i, m in enumerate(plotted)]
            expected = {plotted[i].anchor for i in _brute_force(points, metric.higher_is_better)}
            assert {p.model.anchor for p in found.frontier} == expected
            assert _anchors(found.missing_complexity) == [m.anchor for m in mine if m.complexity is None]
            assert _anchors(found.missing_metric) == [
                m.anchor for m in mine if m.complexity is not None and m.metric(metric.key) is None
            ]
            checked += 1
    assert checked == 6
    # the default metric: the primary when it has a point, else the first that has one
    has = {m.key: bool(analysis.frontiers[("imagenet", m.key)].points) for m in task.metrics}
    expected_default = "top1" if has["top1"] or not has["err"] else "err"
    assert analysis.default_metric("imagenet").key == expected_default
    assert analysis.overall["imagenet"] is analysis.frontiers[("imagenet", expected_default)]


@pytest.mark.parametrize("seed_value", range(6))
def test_analyse_task_gives_what_pareto_gives_for_each_frontier(tmp_path: Path, seed_value: int) -> None:
    """analyse_task sorts each dataset's rows once and splits them by metric and source; ``pareto`` filters
    and sorts the rows of each dataset, metric and source on its own: the same records, in the same order
    (ties across sources and written differently, 2 and 2.0, included)."""
    rng = random.Random(seed_value)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task_file = data / "tasks" / "image-classification.yaml"
    task_file.write_text(
        task_file.read_text()
        .replace("datasets: [imagenet]", "datasets: [imagenet, cityscapes]")
        .replace(
            "  - {key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}",
            "  - {key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}\n"
            "  - {key: err, label: Error, higher_is_better: false, primary: true}",
        )
    )

    def cell() -> str:
        return "" if rng.random() < 0.15 else rng.choice(["1", "2", "2.0", "3", "3.50", "3.5", "4"])

    rows = [
        f"{rng.choice(['alpha', 'beta'])},,{rng.choice(['imagenet', 'cityscapes'])},M{i},224x224,"
        f"{cell()},{cell()},{cell()},Y,,,"
        for i in range(rng.randint(15, 40))
    ]
    (data / "models" / "image-classification.csv").write_text(
        "source,group,dataset,name,input_size,gmacs,top1,err,available,qat,notes,references\n"
        + "".join(r + "\n" for r in rows)
    )
    catalogue = _catalogue(data)
    task = catalogue.task("image-classification")
    models = catalogue.models_of(task.id)
    analysis = analyse_task(catalogue, task)
    metrics = task.ordered_metrics()
    assert metrics[0].key == "err"
    expected = {(d, m.key): pareto(task, models, d, None, m) for d in task.datasets for m in metrics}
    assert list(analysis.frontiers.items()) == list(expected.items())
    expected_by_source = {
        (s, d, m.key): pareto(task, models, d, s, m)
        for s in task.source_ids
        for d in task.datasets
        for m in metrics
    }
    assert list(analysis.source_frontiers.items()) == list(expected_by_source.items())
    # as pareto makes them: each record has Points of its own, its frontier some of them (figures tell
    # points apart by identity: a model of a source plot is not "at the same place" as itself)
    every = [*analysis.frontiers.values(), *analysis.source_frontiers.values()]
    owner: dict[int, Pareto] = {}
    for record in every:
        for point in record.points:
            assert owner.setdefault(id(point), record) is record
        assert all(owner[id(point)] is record for point in record.frontier)
    # not vacuous: a frontier with tied points (equal on both axes)
    assert any(len({(p.x, p.y) for p in f.frontier}) < len(f.frontier) for f in every)


# -- QAT models and their float twins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("MobileNetV2-QAT", "MobileNetV2"),
        ("MobileNetV2+FPNLite-QAT", "MobileNetV2+FPNLite"),
        ("ResNet50 qat", "ResNet50"),
        ("ResNet50_QAT", "ResNet50"),
        ("ResNet50 (QAT)", "ResNet50"),
        ("QAT", None),  # nothing left
        ("MobileNetV2", None),
        ("SQATNet", None),
        ("NetQATx", None),
    ],
)
def test_float_name_drops_the_qat_suffix(name: str, stem: str | None) -> None:
    assert float_name(name) == stem


def test_seed_qat_models_pair_with_their_float_twins(seed: Catalogue) -> None:
    pairs = {qat: twin.anchor for qat, twin in float_twins(seed.models_of("image-classification")).items()}
    # edgeai-tv's MobileNetV2-1.4-QAT has no float twin in its own source (tf1-models has one): none
    assert pairs == {
        "edgeai-tv--mobilenetv2-qat--224x224": "edgeai-tv--mobilenetv2--224x224",
        "edgeai-tv--mobilenetv3lite-small-qat--224x224": "edgeai-tv--mobilenetv3lite-small--224x224",
        "edgeai-tv--mobilenetv3lite-large-qat--224x224": "edgeai-tv--mobilenetv3lite-large--224x224",
        "torchvision--mobilenetv2-qat--224x224": "torchvision--mobilenetv2--224x224",
    }
    segmentation = float_twins(seed.models_of("semantic-segmentation"))
    assert {q: t.anchor for q, t in segmentation.items()} == {
        "edgeai-tensorvision--mobilenetv2s16-deeplabv3lite-qat--768x384--cityscapes": (
            "edgeai-tensorvision--mobilenetv2s16-deeplabv3lite--768x384--cityscapes"
        ),
        "edgeai-tensorvision--mobilenetv2-unetlite-qat--768x384--cityscapes": (
            "edgeai-tensorvision--mobilenetv2-unetlite--768x384--cityscapes"
        ),
        "edgeai-tensorvision--mobilenetv2-fpnlite-qat--768x384--cityscapes": (
            "edgeai-tensorvision--mobilenetv2-fpnlite--768x384--cityscapes"
        ),
    }
    task = seed.task("image-classification")
    models = {m.anchor: m for m in seed.models_of("image-classification")}
    qat = models["edgeai-tv--mobilenetv2-qat--224x224"]
    assert qat_drop(qat, models["edgeai-tv--mobilenetv2--224x224"], task.primary) == Decimal("0.37")


def test_float_model_cell_pairs_what_names_do_not(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    csv = data / "models" / "image-classification.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",float_model", *(line + "," for line in lines[1:])]
    lines += [
        "alpha,,imagenet,NetA-8bit,224x224,0.300,70.25,,Y,,,alpha--neta--224x224",  # named: paired
        "alpha,,imagenet,NetA-int8,224x224,0.300,70.0,,Y,,,",  # the name does not tell: none
        "alpha,,imagenet,NetA-QAT,160x160,0.200,69.0,,Y,,,",  # no float NetA at 160x160: none
    ]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalogue = _catalogue(data)
    models = catalogue.models_of("image-classification")
    pairs = {qat: twin.anchor for qat, twin in float_twins(models).items()}
    assert pairs == {
        "alpha--neta-qat--224x224": "alpha--neta--224x224",
        "alpha--neta-8bit--224x224": "alpha--neta--224x224",
    }
    by = {m.anchor: m for m in models}
    task = catalogue.task("image-classification")
    drop = qat_drop(by["alpha--neta-8bit--224x224"], by["alpha--neta--224x224"], task.primary)
    assert drop == Decimal("1.75")
    lower = task.primary.model_copy(update={"higher_is_better": False})
    assert qat_drop(by["alpha--neta-8bit--224x224"], by["alpha--neta--224x224"], lower) == Decimal("-1.75")
    # a better "float" figure: a larger drop; a worse one: a negative drop
    assert qat_drop(by["alpha--neta-8bit--224x224"], by["beta--netb--224x224"], task.primary) == Decimal(
        "4.85"
    )
    assert qat_drop(by["beta--netb--224x224"], by["alpha--neta-8bit--224x224"], task.primary) == Decimal(
        "-4.85"
    )
