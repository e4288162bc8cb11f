"""The devices importer (generator.importer.devices): TI's accuracy report and artifact lists into the data
folder, the reviewed mapping of TI's model ids to zoo rows, and the proposer that suggests it. TI's files are
read here independently (the csv module, TI's own column names)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from generator.cli import main
from generator.importer.devices import PROPOSE_AT, propose, read_config, read_inputs
from generator.validate import build_catalogue

TI = ROOT / "tests" / "fixtures" / "ti-zoo" / "devices"
CONFIG = ROOT / "tools" / "ti-devices.yaml"
MAPPING = ROOT / "tools" / "ti-model-ids.csv"
REPORT = TI / "accuracy_report_20250310-190344_pc.csv"
SOCS = {"am62a": "AM62A", "am67a": "AM67A", "am68a": "AM68A", "am69a": "AM69A", "tda4vm": "TDA4VM"}
TASKS = {
    "classification": "image-classification",
    "detection": "object-detection",
    "segmentation": "semantic-segmentation",
    "keypoint_detection": "keypoint-detection",
}
METRICS = {"accuracy_top1%": "top1", "accuracy_ap[.5:.95]%": "ap", "accuracy_mean_iou%": "meaniou"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ti_ids() -> set[str]:
    ids = {r["model_id"] for r in _rows(REPORT)}
    for soc in SOCS.values():
        ids |= {r["run_dir"].split("_")[0] for r in _rows(TI / f"artifacts-{soc}-8bits.csv")}
    return ids


def test_tis_files_hold_77_report_rows_and_79_model_ids() -> None:
    assert len(_rows(REPORT)) == 77
    assert len(_ti_ids()) == 79
    assert {len(_rows(TI / f"artifacts-{soc}-8bits.csv")) for soc in SOCS.values()} == {17}


def test_every_report_row_is_in_the_results_as_ti_wrote_it() -> None:
    """Per report row: its float32 and int8 figures, of AM68A (the SoC the report emulated), and its
    reference figure (the training repository's), without a device; each exactly as TI wrote it."""
    results: dict[tuple[str, str, str], dict[str, str]] = {}
    for path in sorted((DATA / "devices" / "results").glob("*.csv")):
        for row in _rows(path):
            key = (row["model_id"], row["device"], row["precision"])
            assert key not in results
            results[key] = {"task": path.stem, **row}
    assert len(results) == 3 * 77
    for ti in _rows(REPORT):
        metric = METRICS[ti["metric_name"]]
        task = TASKS[ti["task_type"]]
        for device, precision, column in (
            ("am68a", "float32", "AM68A_32bits-float-simulation_metric"),
            ("am68a", "int8", "AM68A_8bits_metric"),
            ("", "reference", "metric_reference"),
        ):
            row = results[(ti["model_id"], device, precision)]
            assert (row["task"], row[metric], row["report"]) == (task, ti[column], "ti-accuracy-20250310")


def test_every_artifact_of_every_soc_is_in_its_file_as_ti_listed_it() -> None:
    for device, soc in SOCS.items():
        ours = _rows(DATA / "devices" / "artifacts" / f"{device}.csv")
        theirs = _rows(TI / f"artifacts-{soc}-8bits.csv")
        flag = {"True": "Y", "False": ""}
        assert [
            (r["model_id"], r["runtime"], r["name"], r["size"], r["shortlisted"], r["recommended"])
            for r in ours
        ] == [
            (
                t["run_dir"].split("_")[0],
                t["session_name"],
                t["model_name"],
                t["size"],
                flag[t["shortlisted"]],
                flag[t["recommended"]],
            )
            for t in theirs
        ]


def test_the_registry_has_every_id_once_with_what_ti_says_of_it() -> None:
    registry = _rows(DATA / "devices" / "models.csv")
    assert [r["model_id"] for r in registry] == sorted(_ti_ids())
    by_id = {r["model_id"]: r for r in registry}
    for ti in _rows(REPORT):
        row = by_id[ti["model_id"]]
        assert (row["task"], row["dataset"], row["runtime"], row["name"], row["run_dir"]) == (
            TASKS[ti["task_type"]],
            ti["dataset_name"],
            ti["runtime_name"],
            ti["artifact_name"],
            ti["run_dir"],
        )
        assert (row["model_file"], row["input_size"]) == (ti["model_path"], ti["input_resolution"])
    # the two ids of the artifact lists only: the 6D pose model (a zoo task) and visual localization (none)
    assert by_id["6dpose-7200"]["task"] == "object-6d-pose"
    assert by_id["visloc-7500"]["task"] == ""
    assert by_id["visloc-7500"]["name"] == "ONR-VISLOC-7500-tiad-dkaze-carla-768x384"


def test_the_mapping_reviews_every_id_and_the_zoo_rows_carry_it() -> None:
    mapping = _rows(MAPPING)
    assert sorted(r["model_id"] for r in mapping) == sorted(_ti_ids())
    assert all(r["how"] for r in mapping)
    unmatched = sorted(r["model_id"] for r in mapping if not r["row"])
    assert unmatched == [
        "cl-0000", "cl-0080", "cl-0160", "cl-6010", "cl-6500", "cl-6508", "cl-6510", "cl-6530", "cl-6540",
        "cl-6550", "cl-6570", "cl-6580", "cl-6590", "cl-6600", "cl-6840", "od-2150", "ss-2580", "ss-7618",
        "ss-8730", "ss-8740", "visloc-7500",
    ]  # fmt: skip
    assert all(r["how"].startswith("none: ") for r in mapping if not r["row"])
    catalogue, _ = build_catalogue(DATA)
    carried = {
        i: (m.task, m.anchor) for t in catalogue.tasks for m in catalogue.models_of(t.id) for i in m.model_ids
    }
    assert carried == {r["model_id"]: (r["task"], r["row"]) for r in mapping if r["row"]}
    # one network, two runtimes: one row carries both ids
    both = [m for t in catalogue.tasks for m in catalogue.models_of(t.id) if len(m.model_ids) > 1]
    assert sorted((m.anchor, m.model_ids) for m in both) == [
        ("edgeai-tensorvision--mobilenetv2s16-deeplabv3lite--512x512--cocoseg21", ("ss-5710", "ss-8710")),
        ("tf1-models--ssdlite-mobiledet-dsp-320x320-coco-20200519--320x320", ("od-2020", "od-5120")),
        ("torchvision--mobilenetv2--224x224", ("cl-3090", "cl-6090")),
    ]


def test_the_mapping_records_what_the_proposer_proposed() -> None:
    """Each decision says whether the proposer agreed, or what it proposed: still true of the proposer."""
    config, problems = read_config(CONFIG)
    assert config is not None, problems
    inputs = read_inputs(config, TI, "ti")
    catalogue, _ = build_catalogue(DATA)
    best = {
        p.model_id: p.candidates[0].anchor if p.candidates and p.candidates[0].score >= PROPOSE_AT else ""
        for p in propose(inputs, catalogue)
    }
    agreed = 0
    for row in _rows(MAPPING):
        said = re.search(r"\((the proposer [^()]*)\)$", row["how"])
        assert said, row
        proposal = best[row["model_id"]]
        if proposal == row["row"]:
            assert said.group(1) == "the proposer agreed", row
            agreed += 1
        else:
            assert said.group(1) == f"the proposer proposed {proposal or 'none'}", row
    assert agreed == 68


def test_propose_ids_prints_a_mapping_to_review(capsys) -> None:
    code = main(["propose-ids", str(CONFIG), "--from", str(TI), "--data", str(DATA)])
    out = capsys.readouterr()
    assert code == 0, out.err
    rows = list(csv.DictReader(out.out.splitlines()))
    assert len(rows) == 79
    by_id = {r["model_id"]: r for r in rows}
    assert by_id["cl-6080"]["row"] == "torchvision--shufflenetv2--224x224"
    assert by_id["cl-6080"]["how"].startswith(
        "proposed 1.389: ShuffleNetV2 (name 0.89, top1 69.36 = the reference)"
    )
    assert by_id["visloc-7500"] == {
        "model_id": "visloc-7500",
        "task": "",
        "row": "",
        "how": "none: no task page in the zoo",
    }
    # the od-5120 run folder of TI's artifact lists: said once
    assert (
        out.err.count(": warning: ") == 1
        and "od-5120" in out.err
        and out.err.endswith("0 errors, 1 warning\n")
    )


def _zoo_without_devices(tmp_path: Path) -> Path:
    data = shutil.copytree(DATA, tmp_path / "data")
    shutil.rmtree(data / "devices")
    (data / "devices.yaml").unlink()
    for path in (data / "models").glob("*.csv"):  # the rows' ids go too: the registry is gone
        rows = _rows(path)
        header = [c for c in rows[0] if c != "model_id"]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, header, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return data


def test_import_devices_writes_the_devices_and_the_rows_ids(tmp_path: Path, capsys) -> None:
    data = _zoo_without_devices(tmp_path)
    code = main(
        ["import-devices", str(CONFIG), "--from", str(TI), "--model-ids", str(MAPPING), "--out", str(data)]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.splitlines()[:4] == [
        "devices: 5; report: ti-accuracy-20250310",
        "registry: 79 model ids, 58 carried by a zoo row, 21 not",
        "results: 231 rows",
        "artifacts: am62a 17, am67a 17, am68a 17, am69a 17, tda4vm 17",
    ]
    for name in (
        "devices.yaml",
        "devices/models.csv",
        "devices/results/object-detection.csv",
        "models/object-detection.csv",
    ):
        assert (data / name).read_bytes() == (DATA / name).read_bytes(), name


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda rows: rows[1:], ": error: '6dpose-7200' ("),
        (
            lambda rows: [{**rows[0], "row": "nope"}, *rows[1:]],
            ":2: error: row: no row 'nope' in models/object-6d-pose.csv",
        ),
        (
            lambda rows: [{**rows[0], "task": "image-classification"}, *rows[1:]],
            ":2: error: task: '6dpose-7200' is a model of 'object-6d-pose'",
        ),
        (lambda rows: [*rows, rows[0]], ":81: error: model_id: '6dpose-7200' twice (first at line 2)"),
        (
            lambda rows: [{**rows[0], "model_id": "cl-9999"}, *rows[1:]],
            ":2: error: model_id: 'cl-9999' is in neither the report nor an artifact list",
        ),
    ],
)
def test_import_devices_refuses_a_mapping_that_is_not_reviewed(tmp_path: Path, capsys, change, error) -> None:
    data = _zoo_without_devices(tmp_path)
    mapping = tmp_path / "ids.csv"
    rows = change(_rows(MAPPING))
    with mapping.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["model_id", "task", "row", "how"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    code = main(
        ["import-devices", str(CONFIG), "--from", str(TI), "--model-ids", str(mapping), "--out", str(data)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert error in err, err
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == before  # nothing written
