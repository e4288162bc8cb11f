"""The rendered pages of a small multi-task zoo (tests/fixtures/multi-task/, whose README says what it holds),
byte for byte against tests/golden/render/multi-task/ (read by hand when written; UPDATE_GOLDEN=1 rewrites
them), and the real `mkdocs build --strict` of it, without a warning."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import FIXTURES, ROOT, TEMPLATES, assert_no_warnings, mkdocs_build
from htmltools import ids, parse

from generator.pipeline import build_site

FIXTURE = FIXTURES / "multi-task"
GOLDEN = Path(__file__).resolve().parent / "golden" / "render" / "multi-task"


def _golden_files() -> dict[str, str]:
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }


def test_rendered_pages_are_the_golden_files() -> None:
    site = build_site(FIXTURE, TEMPLATES, docs_dir=ROOT / "docs", display_root=ROOT)
    # TI's detection page numbers two references [2]: a warning, never an error
    assert [w.format() for w in site.warnings] == [
        "tests/fixtures/multi-task/tasks/object-detection.yaml:46:24: warning: references[2].number: [2] is "
        "also the number of 'voc' at tests/fixtures/multi-task/tasks/object-detection.yaml:45:23: two "
        "references show as [2] on this page"
    ]
    files = site.files()
    if os.environ.get("UPDATE_GOLDEN"):
        for stale in GOLDEN.rglob("*"):
            if stale.is_file() and stale.relative_to(GOLDEN).as_posix() not in files:
                stale.unlink()
        for name, text in files.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    golden = _golden_files()
    assert sorted(files) == sorted(golden)
    for name, text in files.items():
        assert text == golden[name], f"{name} differs from tests/golden/render/multi-task/{name}"


def test_the_multi_task_zoo_builds_strict(tmp_path: Path) -> None:
    build = mkdocs_build(tmp_path, FIXTURE)
    assert_no_warnings(build)
    home = parse(build.page("index.html"))
    rows = [[td.text.strip() for td in tr.iter("td")] for tr in home.iter("tr")][1:]
    # TI's order, with the model counts
    assert [r[:2] for r in rows] == [
        ["Image Classification", "2"],
        ["Object Detection", "10"],
        ["Object 6D Pose Estimation", "1"],
    ]
    detection = parse(build.page("object-detection/index.html"))
    present = ids(detection)
    assert {
        "edgeai-mmdetection",
        "edgeai-mmdet--newer-models",
        "ref-voc",
        "ref-coco",
        "references",
    } <= present
    assert {"pareto-coco", "pareto--coco--ap50", "pareto-widerface", "pareto--widerface--ap50"} <= present
    # the newer models' table has no GigaMACs column: none of its rows has one
    tables = list(detection.iter("table"))
    headers = [[th.text for th in t.iter("th")] for t in tables]
    assert headers[0] == [
        "Dataset",
        "Model Name",
        "Input Size",
        "AP[0.5:0.95]%",
        "AP50%",
        "config file",
        "Weights",
    ]
    assert "GigaMACs" in headers[1]
    pose = parse(build.page("object-6d-pose/index.html"))
    (gflops,) = [th for th in pose.iter("th") if th.text == "GFLOPS"]
    # its description, then where the figures come from (this zoo.yaml does not say: the default)
    assert gflops.attrs["title"] == (
        "Giga floating point operations (1 MAC is about 2 FLOPs). Figures as given in the data files."
    )
    classification = parse(build.page("image-classification/index.html"))
    assert [el.attrs.get("id") for el in classification.iter()].count("edgeai-tv") == 1
