"""Synthetic data folders shaped like real model zoos, for the benchmark (bench/) and the scaling tests.

``write_synthetic(out, models=N, sources=S, tasks=T, seed=K)`` writes the layout of data/ (zoo.yaml,
datasets.yaml, sources.yaml, references.yaml, tasks/<id>.yaml, models/<id>.csv). The same arguments always
give byte-identical files. The data is valid by construction (no errors and no warnings from
``generator.validate.build_catalogue``) and looks like a real zoo:

* tasks of different kinds, each with its own metrics and units: classification (top1), semantic
  segmentation (miou, two datasets), object detection (ap + ap50, a `config` text column), keypoint
  detection (ap + ap50, complexity in GFLOPs), depth estimation (absrel, lower is better, + delta1, a
  `weights` link column); more tasks repeat these kinds;
* classification holds the largest share of the models; within a task the sources' shares are skewed;
* complexity log-uniform over the task's range; the primary metric rises with log compute and saturates
  below a ceiling, plus a per-family offset and noise;
* model families with a paper each (cited by most of their models), a model-zoo reference per source
  (which its section on each task page cites), every task numbering its own references; optional family
  groups, float/QAT pairs in a "QAT models" group with a footnote, missing cells, notes with links;
* what a source shows on a page is the task's: anchors, description, links, footnotes, notes, and for
  some sources two sub-sections ("Newer models", "Other models"); model ids on every other task.

Every number comes from ``random.Random`` instances seeded with strings derived from the arguments.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.publish.folder import replace_folder

MARKER = ".modelzoo-synth"
MODELS_PER_SOURCE = 250  # default number of sources: one per this many models (10k models -> 40 sources)


@dataclass(frozen=True)
class MetricKind:
    key: str
    label: str
    unit: str | None
    at_min: float  # typical value at the smallest compute of the task
    at_max: float  # typical value at the largest compute
    noise: float
    decimals: int
    minimum: float | None = 0
    maximum: float | None = 100
    missing: float = 0.02
    derived_offset: float | None = None  # value = first metric + this offset (e.g. AP50 from AP)


@dataclass(frozen=True)
class TaskKind:
    id: str
    title: str
    datasets: tuple[str, ...]
    gmacs: tuple[float, float]
    input_sizes: tuple[str, ...]
    stems: tuple[str, ...]
    metrics: tuple[MetricKind, ...]
    weight: int  # share of the models relative to the other tasks
    complexity: tuple[str, str, str] = ("gmacs", "GigaMACs", "GMAC")  # key, label, unit
    column: tuple[str, str, str] | None = None  # an extra column: key, label, kind
    abbr: str = "m"  # model ids: <abbr><round>-<number>


_PERCENT = {"minimum": 0, "maximum": 100}

KINDS: tuple[TaskKind, ...] = (
    TaskKind(
        "image-classification",
        "Image Classification",
        ("imagenet",),
        (0.02, 40.0),
        ("224x224", "224x224", "224x224", "256x256", "192x192", "160x160", "288x288", "320x320"),
        (
            "ResNet",
            "MobileNet",
            "EfficientNet",
            "RegNetX",
            "ConvNeXt",
            "DenseNet",
            "GhostNet",
            "ShuffleNet",
            "SqueezeNet",
            "ViT",
            "DeiT",
            "Swin",
            "MixNet",
            "HRNet",
            "Inception",
        ),
        (MetricKind("top1", "Top-1 Accuracy%", "%", 52.0, 86.0, 1.8, 2, **_PERCENT),),
        4,
        abbr="cl",
    ),
    TaskKind(
        "semantic-segmentation",
        "Semantic Segmentation",
        ("cityscapes", "ade20k"),
        (1.0, 600.0),
        ("1024x512", "768x384", "2048x1024", "512x512"),
        ("DeepLab", "SegFormer", "UNet", "PSPNet", "FPN", "LRASPP", "BiSeNet", "OCRNet"),
        (MetricKind("miou", "MeanIoU%", "%", 48.0, 82.0, 2.0, 2, **_PERCENT),),
        2,
        abbr="ss",
    ),
    TaskKind(
        "object-detection",
        "Object Detection",
        ("coco",),
        (2.0, 800.0),
        ("512x512", "640x640", "320x320", "416x416", "1024x1024"),
        ("YOLOX", "SSDLite", "RetinaNet", "FCOS", "CenterNet", "EfficientDet", "DETR", "FasterRCNN"),
        (
            MetricKind("ap", "AP[0.5:0.95]%", "%", 18.0, 55.0, 1.5, 1, **_PERCENT),
            MetricKind("ap50", "AP50%", "%", 0, 0, 1.5, 1, missing=0.15, derived_offset=18.0, **_PERCENT),
        ),
        2,
        column=("config", "config file", "text"),
        abbr="od",
    ),
    TaskKind(
        "keypoint-detection",
        "Keypoint Detection",
        ("coco-kpts",),
        (2.0, 300.0),
        ("512x512", "640x640", "960x960"),
        ("HRNetPose", "SimpleBaseline", "YOLOPose", "RTMPose", "ViTPose"),
        (
            MetricKind("ap", "AP[0.5:0.95]%", "%", 40.0, 75.0, 1.5, 1, **_PERCENT),
            MetricKind("ap50", "AP50%", "%", 0, 0, 1.0, 1, missing=0.2, derived_offset=20.0, **_PERCENT),
        ),
        1,
        complexity=("gflops", "GFLOPs", "GFLOP"),
        abbr="kd",
    ),
    TaskKind(
        "depth-estimation",
        "Depth Estimation",
        ("kitti-depth",),
        (0.5, 200.0),
        ("640x192", "1216x352", "1024x320"),
        ("MiDaS", "FastDepth", "MonoDepth", "AdaBins", "DPTHybrid"),
        (
            MetricKind("absrel", "AbsRel", None, 0.16, 0.05, 0.008, 3, maximum=None),
            MetricKind("delta1", "δ<1.25%", "%", 78.0, 97.0, 1.0, 2, **_PERCENT),
        ),
        1,
        column=("weights", "Weights", "link"),
        abbr="de",
    ),
)

DATASETS: dict[str, tuple[str, str, str]] = {
    "imagenet": (
        "ImageNet",
        "ILSVRC 2012 classification: 1.28 million training images in 1,000 classes; "
        "accuracies are measured on the 50,000 validation images.",
        "https://image-net.org/",
    ),
    "cityscapes": (
        "Cityscapes",
        "Urban street scenes from 50 cities, 19 classes; mIoU on the 500 *val* images.",
        "https://www.cityscapes-dataset.com/",
    ),
    "ade20k": (
        "ADE20K",
        "Scene parsing benchmark with 150 classes; mIoU on the 2,000 validation images.",
        "https://groups.csail.mit.edu/vision/datasets/ADE20K/",
    ),
    "coco": (
        "COCO",
        "Common Objects in Context, 80 categories; AP on *val2017*.",
        "https://cocodataset.org/",
    ),
    "coco-kpts": (
        "COCO Keypoints",
        "COCO person keypoints (17 per person); OKS-based AP on *val2017*.",
        "https://cocodataset.org/#keypoints-2017",
    ),
    "kitti-depth": (
        "KITTI Depth",
        "KITTI depth prediction benchmark, Eigen split; lower AbsRel is better.",
        "https://www.cvlibs.net/datasets/kitti/eval_depth.php",
    ),
}

_ORGS = ("EdgeAI", "TorchVision", "PyCls", "TF-Slim", "GluonCV", "ONNX", "OpenMMLab", "HF", "Keras", "Timm")
_FRAMEWORKS = ("PyTorch", "TensorFlow", "MXNet", "ONNX Runtime", "TFLite", "JAX")
_HUBS = ("google", "facebook", "microsoft", "nvidia", "apple")
_SIZES = ("T", "S", "M", "L", "XL")
_SURNAMES = (
    "Tanaka",
    "Müller",
    "García",
    "Okafor",
    "Ivanova",
    "Chen",
    "Kowalski",
    "Nakamura",
    "Dubois",
    "Haddad",
    "Lindqvist",
    "Singh",
    "O'Brien",
    "Rossi",
    "Park",
    "Novak",
)
_ADJECTIVES = ("Efficient", "Scalable", "Lightweight", "Accurate", "Robust", "Fast", "Simple", "Deeper")
_NOUNS = ("Networks", "Architectures", "Transformers", "Backbones", "Detectors", "Models")
_VENUES = (
    "Conference on Computer Vision and Pattern Recognition (CVPR)",
    "International Conference on Computer Vision (ICCV)",
    "European Conference on Computer Vision (ECCV)",
    "Advances in Neural Information Processing Systems",
    "International Conference on Learning Representations",
    "arXiv preprint",
)


@dataclass
class _Source:
    index: int
    id: str
    org: str
    has_qat: bool
    grouped: bool
    hub: str | None
    sectioned: bool = False  # its tables are in two sub-sections on each task page


@dataclass
class _Family:
    task: str
    name: str
    stem: str
    bonus: float
    ref_id: str


def default_sources(models: int, tasks: int) -> int:
    """Sources when not given: one per 250 models (10k models -> 40), at least one per task."""
    return max(tasks, min(1000, math.ceil(models / MODELS_PER_SOURCE)))


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder); every part gets
    at least one while there are enough to go round."""
    n = len(weights)
    base = [1] * n if total >= n else [0] * n
    rest = total - sum(base)
    scale = sum(weights)
    exact = [rest * w / scale for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


def _task_kinds(tasks: int) -> list[TaskKind]:
    out = []
    for t in range(tasks):
        kind = KINDS[t % len(KINDS)]
        round_ = t // len(KINDS)
        if round_:
            kind = dataclasses.replace(
                kind,
                id=f"{kind.id}-{round_ + 1}",
                title=f"{kind.title} {round_ + 1}",
                abbr=f"{kind.abbr}{round_ + 1}",
            )
        out.append(kind)
    return out


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _curve(q: float) -> float:
    """0 -> 0, 1 -> 1, concave: gains shrink as compute grows (a soft ceiling)."""
    return (1 - math.exp(-2.5 * q)) / (1 - math.exp(-2.5))


def _clamp(value: float, metric: MetricKind) -> float:
    low = metric.minimum if metric.minimum is not None else 0.0
    high = metric.maximum - 0.05 if metric.maximum is not None else math.inf
    return min(max(value, low), high)


def synthesize(models: int, *, sources: int | None = None, tasks: int = 3, seed: int = 0) -> dict[str, str]:
    """The files of a synthetic data folder: {path relative to the folder: text}."""
    if models < 0 or tasks < 1 or (sources is not None and sources < 1):
        raise ValueError("models must be >= 0, tasks and sources >= 1")
    n_sources = sources if sources is not None else default_sources(models, tasks)
    kinds = _task_kinds(tasks)
    rng = random.Random(f"modelzoo-synth:{seed}")

    srcs = []
    for s in range(n_sources):
        org = _ORGS[s % len(_ORGS)]
        srcs.append(
            _Source(
                index=s,
                id=f"{org.lower()}-zoo-{s + 1:03d}",
                org=org,
                has_qat=rng.random() < 0.45,
                grouped=rng.random() < 0.3,
                hub=rng.choice(_HUBS) if rng.random() < 0.15 else None,
                sectioned=s % 5 == 2,
            )
        )
    # Each source serves the task of its index modulo T; every 7th also serves the next task.
    task_sources: list[list[_Source]] = [[] for _ in kinds]
    for src in srcs:
        task_sources[src.index % tasks].append(src)
        if tasks > 1 and src.index % 7 == 6:
            task_sources[(src.index + 1) % tasks].append(src)
    for t, lst in enumerate(task_sources):
        if not lst:
            lst.append(srcs[t % n_sources])
        lst.sort(key=lambda s: s.index)

    per_task = _split(models, [k.weight for k in kinds])
    files: dict[str, str] = {}
    families: list[_Family] = []
    cited: set[str] = set()
    family_counter = 0
    rows_by_task: dict[str, list[dict[str, str]]] = {}
    for kind, count, t_sources in zip(kinds, per_task, task_sources, strict=True):
        trng = random.Random(f"modelzoo-synth:{seed}:{kind.id}")
        n_families = max(2, math.ceil(count / 40))
        pool = []
        for _ in range(n_families):
            family_counter += 1
            stem = trng.choice(kind.stems)
            name = f"{stem}-{family_counter}"
            pool.append(_Family(kind.id, name, stem, trng.gauss(0, 1.5), f"{name.lower()}-paper"))
        families.extend(pool)
        # Skewed shares: a few big sources, a long tail.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(t_sources))]
        trng.shuffle(weights)
        rows: list[dict[str, str]] = []
        for src, n in zip(t_sources, _split(count, weights), strict=True):
            rows.extend(_source_rows(kind, src, n, pool, seed, cited))
        if len(rows_by_task) % 2 == 0:  # model ids on every other task (the column is optional)
            for i, row in enumerate(rows, 1):
                row["model_id"] = f"{kind.abbr}-{i:05d}"
        rows_by_task[kind.id] = rows

    refs = _references(families, srcs, cited, rng)
    files["zoo.yaml"] = _yaml(
        {
            "title": f"Synthetic Model Zoo ({models} models)",
            "description": (
                f"A synthetic zoo of **{models}** models from {n_sources} sources and {tasks} tasks, "
                f"generated by `modelzoo synth --models {models} --sources {n_sources} --tasks {tasks} "
                f"--seed {seed}` for benchmarks and tests. The figures are not real."
            ),
            "repository": "https://github.com/example-org/synthetic-zoo",
        }
    )
    used_datasets = sorted({d for k in kinds for d in k.datasets})
    files["datasets.yaml"] = _yaml(
        [
            {"id": d, "name": DATASETS[d][0], "description": DATASETS[d][1], "url": DATASETS[d][2]}
            for d in used_datasets
        ]
    )
    anchors = {src.id: _anchors(src, rng) for src in srcs}
    files["sources.yaml"] = _yaml([_source_record(src, rng) for src in srcs])
    files["references.yaml"] = _yaml(refs)
    for t, (kind, t_sources) in enumerate(zip(kinds, task_sources, strict=True)):
        rows = rows_by_task[kind.id]
        entries = [_task_source(kind, src, anchors[src.id], seed) for src in t_sources]
        cited_here = [r for row in rows for r in row["references"].split()]
        cited_here += [r for e in entries for r in e.get("references", ())]
        task_refs = _task_references(list(dict.fromkeys(cited_here)), random.Random(f"{seed}:{kind.id}:refs"))
        files[f"tasks/{kind.id}.yaml"] = _yaml(_task_record(kind, t + 1, entries, task_refs))
        header = ["source"] + ["section"] * any(s.sectioned for s in t_sources)
        header += ["group", "dataset", "name", "input_size", kind.complexity[0]]
        header += [m.key for m in kind.metrics] + ([kind.column[0]] if kind.column is not None else [])
        header += ["available", "qat", "notes", "references"] + ["model_id"] * (
            "model_id" in (rows or [{}])[0]
        )
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([row.get(h, "") for h in header] for row in rows)
        files[f"models/{kind.id}.csv"] = buf.getvalue()
    return dict(sorted(files.items()))


def _anchors(src: _Source, rng: random.Random) -> list[str]:
    """The legacy anchors a source keeps on every page it is on: for two in five; one in nine of those
    lists its own id too (written once)."""
    if rng.random() >= 0.4:
        return []
    framework = _FRAMEWORKS[src.index % len(_FRAMEWORKS)]
    legacy = f"{src.org}-{framework.replace(' ', '-')}-{src.index + 1}"
    return [legacy, src.id] if src.index % 9 == 4 else [legacy]


def _task_references(ids: list[str], rng: random.Random) -> list[Any]:
    """A task's references in the order its page cites them: explicit numbers for about nine in ten, in
    order; the others (bare ids) are numbered after them."""
    out: list[Any] = []
    number = 0
    for ref_id in ids:
        if rng.random() < 0.9:
            number += 1
            out.append({"id": ref_id, "number": number})
        else:
            out.append(ref_id)
    return out


def _source_rows(
    kind: TaskKind, src: _Source, n: int, pool: list[_Family], seed: int, cited: set[str]
) -> list[list[str]]:
    """The CSV rows of one source in one task: float models (grouped by family or not), then QAT twins."""
    if n == 0:
        return []
    rng = random.Random(f"modelzoo-synth:{seed}:{kind.id}:{src.id}")
    n_qat = round(n * 0.15) if src.has_qat and n >= 4 else 0
    n_float = n - n_qat
    lo, hi = math.log(kind.gmacs[0]), math.log(kind.gmacs[1])
    used: dict[str, int] = {}
    floats = []
    for _ in range(n_float):
        family = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)] if rng.random() < 0.5 else None
        family = family or rng.choice(pool)
        log_g = rng.uniform(lo, hi)
        gmacs = math.exp(log_g)
        q = (log_g - lo) / (hi - lo)
        size = _SIZES[min(int(q * len(_SIZES)), len(_SIZES) - 1)]  # the name says how big the model is
        k = used.get(f"{family.name}-{size}", 0) + 1
        used[f"{family.name}-{size}"] = k
        name = f"{family.name}-{size}{k if k > 1 else ''}"
        if src.hub:
            name = f"{src.hub}/{name.lower()}"
        values: list[float | None] = []
        for metric in kind.metrics:
            if metric.derived_offset is not None:
                base = values[0]
                value = None if base is None else base + metric.derived_offset * (1 - base / 110)
                value = None if value is None else value + rng.gauss(0, metric.noise)
            else:
                value = metric.at_min + (metric.at_max - metric.at_min) * _curve(q)
                sign = 1 if metric.at_max >= metric.at_min else -0.01
                value += sign * family.bonus + rng.gauss(0, metric.noise)
            values.append(None if value is None else _clamp(value, metric))
        shown = [
            "" if v is None or rng.random() < m.missing else _fmt(v, m.decimals)
            for m, v in zip(kind.metrics, values, strict=True)
        ]
        refs = []
        if rng.random() < 0.8:
            refs.append(family.ref_id)
        if rng.random() < 0.25:
            refs.append(f"{src.id}-zoo")
        cited.update(refs)
        dataset = kind.datasets[0] if len(kind.datasets) == 1 or rng.random() < 0.7 else kind.datasets[1]
        draw = rng.random()
        notes = (
            "Distilled from a larger teacher"
            if draw < 0.03
            else "Trained longer, see https://example.org/recipes/long-schedule"
            if draw < 0.04
            else ""
        )
        row = {
            "source": src.id,
            "section": ("newer-models" if q > 0.5 else "other-models") if src.sectioned else "",
            "group": f"{family.stem} family" if src.grouped else "",
            "dataset": dataset,
            "name": name,
            "input_size": rng.choice(kind.input_sizes),
            kind.complexity[0]: "" if rng.random() < 0.06 else _fmt(max(gmacs, 0.005), 3),
            **dict(zip((m.key for m in kind.metrics), shown, strict=True)),
            "available": "Y" if rng.random() < 0.85 else "",
            "qat": "",
            "notes": notes,
            "references": " ".join(refs),
        }
        if kind.column is not None:
            row[kind.column[0]] = _extra_cell(kind.column[2], src, family, name, rng)
        floats.append(row)
    floats.sort(key=lambda r: (r["section"], r["group"]))  # stable: keeps the order within a group
    rows = list(floats)
    for r in rng.sample(floats, n_qat):
        drop = {
            m.key: ""
            if not r[m.key]
            else _fmt(max(float(r[m.key]) - abs(rng.gauss(0.6, 0.4)), 0), m.decimals)
            for m in kind.metrics
        }
        twin = {
            **r,
            **drop,
            "section": "other-models" if src.sectioned else "",
            "group": "QAT models",
            "name": f"{r['name']}-QAT",
            "qat": "Y",
            "notes": "QAT* Model",
        }
        rows.append(twin)
    return rows


def _extra_cell(kind: str, src: _Source, family: _Family, name: str, rng: random.Random) -> str:
    """The extra column's cell: a config file path (``kind`` text) or the weights' URL (a link, mostly
    relative)."""
    draw = rng.random()
    if kind == "text":
        return "" if draw < 0.1 else f"configs/{family.stem.lower()}/{name.lower().replace('/', '_')}.py"
    if draw < 0.1:
        return ""
    if draw < 0.3:
        return f"https://example.org/weights/{src.id}/{name}.onnx"
    return f"./weights/{src.id}/{name}.onnx"


def _references(
    families: list[_Family], srcs: list[_Source], cited: set[str], rng: random.Random
) -> list[dict[str, Any]]:
    """Every reference cited (a family paper cited by none of its models is left out): no uncited ones."""
    refs: list[dict[str, Any]] = []
    for src in srcs:
        refs.append(
            {
                "id": f"{src.id}-zoo",
                "title": f"{src.org} model zoo {src.index + 1}",
                "description": f"Pretrained models and training scripts of the {src.org} zoo.",
                "urls": [f"https://github.com/example-org/{src.id}"],
            }
        )
    for family in families:
        if family.ref_id not in cited:
            continue
        year = rng.randint(2012, 2025)
        arxiv = rng.randrange(10**5)
        task_words = family.task.replace("-", " ").title()
        refs.append(
            {
                "id": family.ref_id,
                "title": f"{family.name}: {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} for {task_words}",
                "authors": [
                    f"{chr(65 + rng.randrange(26))}. {rng.choice(_SURNAMES)}"
                    for _ in range(rng.randint(1, 6))
                ],
                "venue": rng.choice(_VENUES),
                "year": year,
                "urls": [f"https://arxiv.org/abs/{year % 100:02d}{rng.randint(1, 12):02d}.{arxiv:05d}"],
            }
        )
    return refs


def _source_record(src: _Source, rng: random.Random) -> dict[str, Any]:
    """The source as sources.yaml names it (what it shows is each task's: ``_task_source``)."""
    framework = _FRAMEWORKS[src.index % len(_FRAMEWORKS)]
    record: dict[str, Any] = {"id": src.id, "title": f"{src.org} {framework} models ({src.index + 1})"}
    if rng.random() < 0.3:
        record["label"] = f"{src.org} {src.index + 1}"
    if rng.random() < 0.5:
        record["summary"] = f"({framework} models, exported to ONNX)"
    if rng.random() < 0.5:
        record["url"] = f"https://github.com/example-org/{src.id}"
    return record


def _task_source(kind: TaskKind, src: _Source, anchors: list[str], seed: int) -> dict[str, Any]:
    """The source as one task's page shows it."""
    rng = random.Random(f"modelzoo-synth:{seed}:{kind.id}:{src.id}:entry")
    framework = _FRAMEWORKS[src.index % len(_FRAMEWORKS)]
    entry: dict[str, Any] = {"id": src.id}
    if rng.random() < 0.1:
        entry["title"] = f"{src.org} {kind.title} models ({src.index + 1})"
    if anchors:
        entry["anchors"] = anchors
    entry["description"] = (
        f"Models trained with the {src.org} training scripts in {framework}; see the "
        "[training guide](https://example.org/guide) for the recipes."
    )
    entry["links"] = [
        {"label": "**Training source code**", "url": f"https://github.com/example-org/{src.id}"},
        {"label": "**Models Link**", "url": f"./{src.id}/"},
    ]
    if src.sectioned:
        entry["sections"] = [
            {
                "id": "newer-models",
                "title": "Newer models",
                "description": "Trained with the current recipes (*lite* variants).",
            },
            {"id": "other-models", "title": "Other models"},
        ]
    if src.has_qat:
        entry["footnotes"] = [
            {"marker": "*", "text": "Quantization Aware Training using the edgeai-modeloptimization tools"}
        ]
    if rng.random() < 0.3:
        entry["notes"] = ["Accuracy figures are those reported by the training repository."]
    entry["references"] = [f"{src.id}-zoo"]
    return entry


def _task_record(
    kind: TaskKind, order: int, sources: list[dict[str, Any]], references: list[Any]
) -> dict[str, Any]:
    metrics = []
    for m in kind.metrics:
        metric: dict[str, Any] = {"key": m.key, "label": m.label}
        if m.unit:
            metric["unit"] = m.unit
        metric["higher_is_better"] = m.at_max >= m.at_min or m.derived_offset is not None
        if m.minimum is not None:
            metric["minimum"] = m.minimum
        if m.maximum is not None:
            metric["maximum"] = m.maximum
        metrics.append(metric)
    key, label, unit = kind.complexity
    record: dict[str, Any] = {
        "id": kind.id,
        "title": kind.title,
        "order": order,
        "introduction": f"{kind.title} models of the synthetic zoo, with their complexity and accuracy.",
        "datasets": list(kind.datasets),
        "sources_intro": "Models from the following repositories are part of this zoo.",
        "sources": sources,
        "complexity": {"key": key, "label": label, "unit": unit},
        "metrics": metrics,
    }
    if kind.column is not None:
        column: dict[str, Any] = {"key": kind.column[0], "label": kind.column[1], "kind": kind.column[2]}
        if kind.column[2] == "link":
            column["link_label"] = "ONNX"
        record["columns"] = [column]
    record["notes"] = (
        f"- {label}: complexity in {unit} (lower is better).\n"
        "- Input Size: the resolution the model was evaluated at."
    )
    record["references"] = references
    record["links_base"] = f"https://github.com/example-org/synthetic-zoo/tree/main/models/{kind.id}/"
    return record


# ---------------------------------------------------------------------------------------------- YAML
def _yaml(value: dict[str, Any] | list[Any]) -> str:
    """The project's YAML writer (``generator.importer.write.dump_yaml``): block style, plain strings where
    YAML 1.1 and 1.2 read them alike, double-quoted otherwise."""
    from generator.importer.write import dump_yaml

    return dump_yaml(value)


# ------------------------------------------------------------------------------------------- writing
def write_synthetic(
    out_dir: Path, models: int, *, sources: int | None = None, tasks: int = 3, seed: int = 0
) -> list[Path]:
    """Write a synthetic data folder to ``out_dir``, replacing an earlier synthetic one (all or nothing).

    A folder that is not empty and was not written by this function is left alone: FolderInUse.
    """
    files = synthesize(models, sources=sources, tasks=tasks, seed=seed)
    return replace_folder(files, out_dir, marker=MARKER, command="modelzoo synth")
