"""JSON Schemas of the YAML data files, generated from the pydantic records in ``generator.schema``.

They live in ``data/schemas/<kind>.schema.json`` and each YAML file points at its schema with a
``# yaml-language-server: $schema=...`` comment, so editors can complete and check fields.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from generator import schema
from generator.files import make_output_folder, write_contained


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of YAML file: zoo, task, sources, references or datasets."""
    model, shape = schema.SCHEMA_KINDS[kind]
    if shape == "one":
        return model.model_json_schema()
    return TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]


def json_schema_texts() -> dict[str, str]:
    """File name -> exact text of every schema file (sorted keys, 2-space indent, final newline)."""
    return {
        f"{kind}.schema.json": json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n"
        for kind in schema.SCHEMA_KINDS
    }


def write_json_schemas(out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/schemas/<kind>.schema.json`` for every kind; ``out_dir`` is the data folder."""
    root = make_output_folder(Path(out_dir))  # refuses a folder that is, or lies under, a symbolic link
    written = []
    for name, text in json_schema_texts().items():
        write_contained(root, f"schemas/{name}", text.encode("utf-8"))  # never through a link
        written.append(Path(out_dir) / "schemas" / name)
    return written
