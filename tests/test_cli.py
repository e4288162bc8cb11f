"""The `modelzoo` command: exit codes, formats, and `python -m generator`."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from conftest import DATA, FIXTURES, ROOT

from generator.cli import main

# The reference figures of TI's accuracy report that differ from the zoo table's for the same model (the
# mapping tools/ti-model-ids.csv says which row each model id is): (results file, line, id, reference,
# zoo figure, zoo file line, the row's name and input size).
REFERENCE_DIFFERS = [
    ("image-classification", 16, "top1", "cl-0100", "78.69", "78.6", 42, "EfficeintNet-EdgeTPU-M 240x240"),
    ("image-classification", 22, "top1", "cl-0140", "81.5", "80.2", 40, "EfficientNet-Lite4 300x300"),
    ("image-classification", 34, "top1", "cl-3090", "71.88", "72.00", 10, "MobileNetV2 224x224"),
    ("image-classification", 43, "top1", "cl-6090", "71.88", "72.00", 10, "MobileNetV2 224x224"),
    ("image-classification", 55, "top1", "cl-6160", "72.834", "72.83", 15, "RegNetX-400MF 224x224"),
    ("image-classification", 58, "top1", "cl-6170", "75.212", "75.21", 16, "RegNetX-800MF 224x224"),
    ("image-classification", 106, "top1", "cl-6720", "72.13", "72.132", 20, "facebook/deit-tiny-patch16-224 224x224"),
    ("image-classification", 109, "top1", "cl-6730", "78.59", "78.586", 29, "facebook/levit-128 224x224"),
    (
        "image-classification", 112, "top1", "cl-6750", "80.43", "81.2", 22,
        "microsoft/swin-tiny-patch4-window7-224 224x224",
    ),
    (
        "image-classification", 115, "top1", "cl-6760", "83.07", "83.2", 23,
        "microsoft/swin-small-patch4-window7-224 224x224",
    ),
    ("keypoint-detection", 4, "ap", "kd-7060", "49.6", "51.2", 6, "Yolox_s_pose_ti_lite_640 640x640"),
    ("object-detection", 52, "ap", "od-8970", "32.2", "28.0", 14, "Efficientdet-b0-lite 512x512"),
    ("object-detection", 58, "ap", "od-9203", "50.3", "50.6", 9, "YOLOv7-l-orig 640x640"),
    ("semantic-segmentation", 13, "meaniou", "ss-8610", "51.08", "51.01", 2, "MobileNetV2S16+DeepLabV3Lite 512x512"),
    ("semantic-segmentation", 16, "meaniou", "ss-8630", "50.07", "49.95", 3, "MobileNetV2+UNetLite 512x512"),
    ("semantic-segmentation", 19, "meaniou", "ss-8650", "50.55", "50.72", 4, "MobileNetV2+FPNLite 512x512"),
    ("semantic-segmentation", 22, "meaniou", "ss-8670", "52.9", "52.93", 5, "MobileNetV2-1.4+FPNLite 512x512"),
    ("semantic-segmentation", 25, "meaniou", "ss-8690", "50.85", "51.03", 6, "RegNetX400MF+FPNLite 384x384"),
    ("semantic-segmentation", 28, "meaniou", "ss-8700", "53.16", "53.29", 7, "RegNetX800MF+FPNLite 512x512"),
    ("semantic-segmentation", 34, "meaniou", "ss-8720", "61.09", "61.15", 11, "RegNetX800MF+FPNLite 512x512"),
]  # fmt: skip


def test_validate_real_data_shows_the_zoos_defects_as_warnings(capsys, monkeypatch) -> None:
    """The committed data (TI's seven task pages and device files) is valid; what it gets wrong is warned
    about: the seed's duplicate DeiT row and "EfficeintNet" typo, the two references TI's detection page
    numbers [2], the model ids of TI's report and artifact lists that no zoo row carries (the mapping leaves
    their row blank) and the reference figures that differ from the zoo table's."""
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    with (ROOT / "tools" / "ti-model-ids.csv").open(encoding="utf-8", newline="") as fh:
        mapping = sorted(csv.DictReader(fh), key=lambda r: r["model_id"])
    # devices/models.csv lists the ids sorted, from line 2
    uncarried = [
        f"data/devices/models.csv:{i + 2}:1: warning: {r['model_id']}: model id is carried by no zoo row: it "
        "is shown on the device pages only"
        for i, r in enumerate(mapping)
        if not r["row"]
    ]
    assert len(uncarried) == 21
    differs = [
        f"data/devices/results/{task}.csv:{line}:20: warning: {key}: reference figure {ref} of {model_id!r} "
        f"differs from the zoo table's {zoo} for the same model (data/models/{task}.csv:{zoo_line}: {row})"
        for task, line, key, model_id, ref, zoo, zoo_line, row in REFERENCE_DIFFERS
    ]
    assert out == [
        *uncarried,
        *differs,
        "data/models/image-classification.csv:26:1: warning: name: facebook/deit-tiny-patch16-224 224x224 from "
        "edgeai-hf-transformers is listed twice: also at line 20 with different values (top1 72.132 vs 72.2; "
        "model_id)",
        "data/models/image-classification.csv:41:1: warning: name: 'EfficeintNet' in 'EfficeintNet-EdgeTPU-S' "
        "looks like a typo of 'EfficientNet' (used 4×, this spelling 3×)",
        "data/models/image-classification.csv:42:1: warning: name: 'EfficeintNet' in 'EfficeintNet-EdgeTPU-M' "
        "looks like a typo of 'EfficientNet' (used 4×, this spelling 3×)",
        "data/models/image-classification.csv:43:1: warning: name: 'EfficeintNet' in 'EfficeintNet-EdgeTPU-L' "
        "looks like a typo of 'EfficientNet' (used 4×, this spelling 3×)",
        "data/tasks/object-detection.yaml:150:13: warning: references[2].number: [2] is also the number of "
        "'pascal-visual-object' at data/tasks/object-detection.yaml:148:13: two references show as [2] on "
        "this page",
        "0 errors, 46 warnings",
    ]


def test_usage_errors_exit_2(capsys) -> None:
    for argv in (["validate", "--format", "xml"], ["nope"], ["render"], []):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        assert code == 2, argv
    assert "usage: modelzoo" in capsys.readouterr().err


def test_missing_data_folder_is_an_error_not_a_traceback(tmp_path: Path, capsys) -> None:
    assert main(["validate", "--data", str(tmp_path / "absent"), "--templates", str(ROOT / "templates")]) == 1
    out = capsys.readouterr().out
    assert "error: (folder): data folder not found" in out


def test_render_refuses_a_folder_it_did_not_write(tmp_path: Path, capsys) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mine.md").write_text("keep me")
    code = main(
        [
            "render",
            "--data",
            str(FIXTURES / "two-tasks"),
            "--templates",
            str(ROOT / "templates"),
            "--out",
            str(tmp_path / "docs"),
        ]
    )
    assert code == 1
    assert "was not written by `modelzoo render`" in capsys.readouterr().err
    assert (tmp_path / "docs" / "mine.md").read_text() == "keep me"


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    a = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(DATA), "--format", "github"],
        capture_output=True,
        text=True,
        check=False,
    )
    b = subprocess.run(
        [
            str(Path(sys.executable).parent / "modelzoo"),
            "validate",
            "--data",
            str(DATA),
            "--format",
            "github",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout
    assert a.stdout.count("::warning file=") == 46  # as many as the text format lists above


def test_messages_never_print_control_characters_from_the_data(tmp_path: Path, capsys) -> None:
    """A newline in a value would start a fake message (or a `::error` workflow command in CI logs), a terminal
    escape would rewrite the terminal: both are shown as escapes."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task = data / "tasks" / "image-classification.yaml"
    text = task.read_text(encoding="utf-8")
    task.write_text(
        text.replace("label: Top-1 Accuracy%", 'label: "Top-1\\n::error file=x::fake \\e[31m"'),
        encoding="utf-8",
    )
    csv = data / "models" / "image-classification.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("72.00", "172.00"), encoding="utf-8")
    assert (
        main(["validate", "--data", str(data), "--templates", str(ROOT / "templates"), "--format", "github"])
        == 1
    )
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "172.00" in x]
    assert line.endswith("::top1: Top-1\\n::error file=x::fake \\u001b[31m must be within 0–100, got 172.00")
    assert not [x for x in out.splitlines() if x.startswith("::error file=x")]


def test_a_template_error_is_one_located_line_everywhere(tmp_path: Path, capsys) -> None:
    """`modelzoo render`, `modelzoo validate` and `mkdocs build` report a broken template alike: its file and
    line, no traceback."""
    import shutil

    from conftest import mkdocs_build

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    index = templates / "index.md.j2"
    index.write_text(index.read_text(encoding="utf-8") + "\n{{ no_such_value.at_all }}\n", encoding="utf-8")
    line = index.read_text(encoding="utf-8").count("\n")
    expected = (
        f"templates/index.md.j2:{line}:0: error: (template): UndefinedError: 'no_such_value' is undefined"
    )
    data = str(FIXTURES / "two-tasks")
    import os

    os.chdir(tmp_path)
    capsys.readouterr()
    assert main(["render", "--data", data, "--templates", "templates", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert expected in err.splitlines() and "Traceback" not in err
    assert main(["validate", "--data", data, "--templates", "templates"]) == 1
    assert expected in capsys.readouterr().out.splitlines()
    assert not (tmp_path / "out").exists()
    conf = tmp_path / "build"
    conf.mkdir()
    build = mkdocs_build(conf, FIXTURES / "two-tasks", templates=templates)
    assert build.returncode == 1 and "Traceback" not in build.log
    assert (
        f"index.md.j2:{line}:0: error: (template): UndefinedError: 'no_such_value' is undefined" in build.log
    )
