"""`modelzoo synth`: deterministic, valid by construction, shaped like a real zoo."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from conftest import TEMPLATES

from generator.catalogue import Catalogue
from generator.cli import main
from generator.diagnostics import Collector
from generator.importer.write import dump_yaml
from generator.load import load_yaml
from generator.synth import _split, default_sources, synthesize, write_synthetic
from generator.validate import build_catalogue


def _catalogue(tmp_path: Path, models: int, **kw) -> Catalogue:
    out = tmp_path / "data"
    write_synthetic(out, models, **kw)
    catalogue, warnings = build_catalogue(out)
    assert [w.format() for w in warnings] == []
    return catalogue


def test_split_is_proportional_and_gives_everyone_one_first() -> None:
    # 10 over weights 4:2:2 -> one each, then 7 by weight: 3.5, 1.75, 1.75 -> 3, 1, 1 and the two largest
    # remainders (.75, .75) get the last two.
    assert _split(10, [4, 2, 2]) == [4, 3, 3]
    # fewer than the parts: no minimum; 2 by weight: 1, .5, .5 -> the first .5 (lowest index) wins
    assert _split(2, [4, 2, 2]) == [1, 1, 0]
    assert _split(0, [1, 1]) == [0, 0]
    assert sum(_split(100_000, [4, 2, 2, 1, 1])) == 100_000


def test_default_sources_is_one_per_250_models_and_one_per_task_at_least() -> None:
    assert default_sources(10_000, 3) == 40
    assert default_sources(1_000, 3) == 4
    assert default_sources(58, 3) == 3
    assert default_sources(100_000, 3) == 400


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_synthetic(a, 400, tasks=4, seed=7)
    write_synthetic(b, 400, tasks=4, seed=7)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    assert len(files_a) == 1 + 4 + 4 + 4  # marker, zoo/datasets/sources/references, 4 tasks, 4 models files
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    assert synthesize(400, tasks=4, seed=8) != synthesize(400, tasks=4, seed=7)


@pytest.mark.parametrize(
    ("models", "sources", "tasks", "seed"),
    [
        (0, None, 1, 0),  # empty tasks: header-only models files
        (7, None, 3, 1),  # fewer models than sources x tasks
        (120, 1, 3, 4),  # one source serving three tasks
        (600, 9, 5, 2),  # every task kind
        (2_500, None, 7, 3),  # kinds repeat: image-classification-2, semantic-segmentation-2
    ],
)
def test_valid_by_construction(
    tmp_path: Path, models: int, sources: int | None, tasks: int, seed: int
) -> None:
    catalogue = _catalogue(tmp_path, models, sources=sources, tasks=tasks, seed=seed)
    assert sum(len(rows) for rows in catalogue.models.values()) == models
    assert len(catalogue.tasks) == tasks
    assert len(catalogue.sources) == (sources or default_sources(models, tasks))
    assert all(task.sources for task in catalogue.tasks)


def test_yaml_is_the_project_writers_and_reads_alike_in_yaml_1_1_and_1_2(tmp_path: Path) -> None:
    out = tmp_path / "data"
    write_synthetic(out, 300, tasks=5, seed=1)
    plain = 0
    for path in sorted(out.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        diags = Collector()
        doc = load_yaml(path, path.name, diags)
        assert diags.items == [] and doc is not None
        assert yaml.safe_load(text) == doc.value, path.name  # PyYAML (1.1) reads what the loader (1.2) reads
        assert dump_yaml(doc.value) == text, path.name  # written by the one writer the importer uses
        stack = [yaml.compose(text)]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                stack.extend(v for _, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif node.style is None and node.tag == "tag:yaml.org,2002:str":
                plain += 1
    assert plain > 100  # strings are plain where that is safe, not all quoted


def test_shaped_like_a_real_zoo(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path, 3_000, tasks=5, seed=0)
    tasks = {t.id: t for t in catalogue.tasks}
    assert {t: [m.key for m in task.metrics] for t, task in tasks.items()} == {
        "image-classification": ["top1"],
        "semantic-segmentation": ["miou"],
        "object-detection": ["ap", "ap50"],
        "keypoint-detection": ["ap", "ap50"],
        "depth-estimation": ["absrel", "delta1"],
    }
    assert [m.higher_is_better for m in tasks["depth-estimation"].metrics] == [False, True]
    assert tasks["semantic-segmentation"].datasets == ["cityscapes", "ade20k"]
    counts = {t: len(rows) for t, rows in catalogue.models.items()}
    assert counts["image-classification"] == max(counts.values())

    cls = catalogue.models["image-classification"]
    # Complexity: log-uniform over 0.02-40 GMACs: each of four equal bins of log(GMACs) holds about a quarter.
    logs = [math.log(m.complexity) for m in cls if m.complexity is not None and not m.qat]
    lo, hi = math.log(0.02), math.log(40)
    bins = [0] * 4
    for x in logs:
        bins[min(int((x - lo) / (hi - lo) * 4), 3)] += 1
    assert all(0.18 < b / len(logs) < 0.32 for b in bins), bins
    # Accuracy rises with log compute, saturating: the first quarter of the range gains more than the last.
    by_bin: dict[int, list[float]] = defaultdict(list)
    for m in cls:
        if m.complexity is not None and m.metrics["top1"] is not None and not m.qat:
            x = (math.log(m.complexity) - lo) / (hi - lo)
            by_bin[min(int(x * 4), 3)].append(float(m.metrics["top1"]))
    means = [statistics.mean(by_bin[i]) for i in range(4)]
    assert means == sorted(means)
    assert means[1] - means[0] > means[3] - means[2] > 0
    assert all(float(m.metrics["top1"]) < 100 for m in cls if m.metrics["top1"] is not None)

    # Some cells are missing, as in real zoos.
    missing_gmacs = sum(m.complexity is None for m in cls) / len(cls)
    assert 0.02 < missing_gmacs < 0.12
    det = catalogue.models["object-detection"]
    assert 0.05 < sum(m.metrics["ap50"] is None for m in det) / len(det) < 0.3
    # AP50 is above AP (derived from it).
    pairs = [(m.metrics["ap"], m.metrics["ap50"]) for m in det if None not in m.metrics.values()]
    assert sum(ap50 > ap for ap, ap50 in pairs) / len(pairs) > 0.95

    # Float/QAT pairs: every QAT row has its float twin in the same source, same complexity, no better.
    all_rows = [m for rows in catalogue.models.values() for m in rows]
    by_name = {(m.task, m.source, m.name): m for m in all_rows}
    qat = [m for m in all_rows if m.qat]
    assert qat
    for m in qat:
        twin = by_name[(m.task, m.source, m.name.removesuffix("-QAT"))]
        assert not twin.qat and twin.complexity == m.complexity and m.group == "QAT models"
        for key, value in m.metrics.items():
            if value is not None:
                assert twin.metrics[key] is not None and value <= twin.metrics[key]

    # Groups are contiguous within a source's section (each section is a table, which prints a group row
    # where the group changes); sections are contiguous within a source, in the order the task lists them.
    for task_id, rows in catalogue.models.items():
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        sections: dict[str, list[str]] = defaultdict(list)
        previous = None
        for m in rows:
            if (m.source, m.section, m.group) != previous:
                assert m.group not in seen[(m.source, m.section)] or m.group == "", (m.source, m.group)
                seen[(m.source, m.section)].add(m.group)
            if not sections[m.source] or sections[m.source][-1] != m.section:
                sections[m.source].append(m.section)
            previous = (m.source, m.section, m.group)
        task = tasks[task_id]
        for source_id, found in sections.items():
            declared = ["", *(s.id for s in task.source(source_id).sections)]
            assert found == [s for s in declared if s in found], (task_id, source_id, found)
    assert any(m.group.endswith(" family") for m in all_rows)
    assert {m.section for m in det} == {"", "newer-models", "other-models"}

    # References: papers cited by most models, some rows cite two; each task numbers its own, some without
    # a number (numbered after the others); a source's section on a page cites its zoo's reference.
    assert sum(bool(m.references) for m in all_rows) / len(all_rows) > 0.7
    assert any(len(m.references) == 2 for m in all_rows)
    assert any(r.number is None for t in catalogue.tasks for r in t.references)
    for task in catalogue.tasks:
        assert {f"{e.id}-zoo" for e in task.sources} <= {r.id for r in task.references}
        assert sorted(catalogue.numbers[task.id].values()) == list(range(1, len(task.references) + 1))

    # Units, a GFLOPs task, declared extra columns with values, model ids on every other task.
    assert {t: (task.complexity.key, task.complexity.unit) for t, task in tasks.items()} == {
        "image-classification": ("gmacs", "GMAC"),
        "semantic-segmentation": ("gmacs", "GMAC"),
        "object-detection": ("gmacs", "GMAC"),
        "keypoint-detection": ("gflops", "GFLOP"),
        "depth-estimation": ("gmacs", "GMAC"),
    }
    assert [m.unit for m in tasks["depth-estimation"].metrics] == [None, "%"]
    assert [(c.key, c.kind) for c in tasks["object-detection"].columns] == [("config", "text")]
    assert [(c.key, c.kind) for c in tasks["depth-estimation"].columns] == [("weights", "link")]
    assert sum(bool(m.extras["config"]) for m in det) / len(det) > 0.8
    depth = catalogue.models["depth-estimation"]
    assert any(m.extras["weights"].startswith("./") for m in depth)
    assert any(m.extras["weights"].startswith("https://") for m in depth)
    ids = {t: [m.model_id for m in rows] for t, rows in catalogue.models.items()}
    assert all(ids["image-classification"]) and all(ids["object-detection"]) and all(ids["depth-estimation"])
    assert not any(ids["semantic-segmentation"]) and not any(ids["keypoint-detection"])
    assert any("https://" in m.notes for m in all_rows) and catalogue.notes


def test_cli_writes_replaces_and_refuses_a_foreign_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "zoo"
    assert main(["synth", "--models", "50", "--sources", "2", "--tasks", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert str(out / "models" / "image-classification.csv") in printed
    assert main(["validate", "--data", str(out), "--templates", str(TEMPLATES)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 errors, 0 warnings")
    # an earlier synth folder is replaced whole (a third task's files appear)
    assert main(["synth", "--models", "50", "--tasks", "3", "--out", str(out)]) == 0
    assert (out / "tasks" / "object-detection.yaml").is_file()

    foreign = tmp_path / "data"
    foreign.mkdir()
    (foreign / "zoo.yaml").write_text("title: mine\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["synth", "--models", "5", "--out", str(foreign)]) == 1
    assert "is not empty and was not written by `modelzoo synth`" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["zoo.yaml"]

    assert main(["synth", "--models", "-1", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()
