"""The committed data/ and its JSON Schemas against generator.schema (moved unchanged from test_importer.py;
they are about the data folder, not the importer)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from conftest import DATA

from generator import schema
from generator.jsonschema import json_schema_texts, write_json_schemas


def test_committed_json_schemas_are_current(tmp_path: Path) -> None:
    written = write_json_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{kind}.schema.json" for kind in schema.SCHEMA_KINDS)
    for path in written:
        assert (DATA / "schemas" / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in (DATA / "schemas").iterdir()) == sorted(json_schema_texts())


def test_every_yaml_file_points_at_its_schema() -> None:
    heads = {
        "zoo.yaml": "schemas/zoo.schema.json",
        "datasets.yaml": "schemas/datasets.schema.json",
        "sources.yaml": "schemas/sources.schema.json",
        "references.yaml": "schemas/references.schema.json",
        **{f"tasks/{p.name}": "../schemas/task.schema.json" for p in (DATA / "tasks").glob("*.yaml")},
        "devices.yaml": "schemas/devices.schema.json",
        "devices/reports.yaml": "../schemas/reports.schema.json",
    }
    for name, target in heads.items():
        first = (DATA / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={target}"
        assert (DATA / name).parent.joinpath(target).resolve().is_file()


def test_committed_records_validate() -> None:
    schema.Zoo.model_validate(yaml.safe_load((DATA / "zoo.yaml").read_text(encoding="utf-8")))
    for name, model in (
        ("datasets", schema.Dataset),
        ("sources", schema.Source),
        ("references", schema.Reference),
    ):
        for item in yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8")):
            model.model_validate(item)
    for name, model in (("devices.yaml", schema.Device), ("devices/reports.yaml", schema.Report)):
        for item in yaml.safe_load((DATA / name).read_text(encoding="utf-8")):
            model.model_validate(item)
    tasks = sorted((DATA / "tasks").glob("*.yaml"))
    assert len(tasks) == 7
    for path in tasks:
        task = schema.Task.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        with (DATA / "models" / f"{task.id}.csv").open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert set(task.required_columns()) <= set(header) <= set(task.header()), task.id
