"""The project's one YAML writer (generator.importer.write.dump_yaml, used by the importer and synth): any
string reads back as itself under YAML 1.2 (the project's strict loader) and YAML 1.1 (PyYAML)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.diagnostics import Collector
from generator.importer.write import dump_yaml
from generator.load import load_yaml

TRICKY = [
    "", " ", "yes", "No", "on", "OFF", "y", "n", "null", "~", "true", "1", "1.0", "0.300", "1e3", ".inf",
    ".NaN", "0x1F", "0o17", "1_000", "12:30:00", "2001-12-14", "-", "- item", "? key", ": x", "a: b", "a:b",
    "key:", "#x", "a #b", "a#b", "'q'", '"q"', "[a]", "{a}", "*alias", "&anchor", "!tag", "|", ">", "%x",
    "@x", "`x`", "<<", "=", "tab\there", "lead ", " lead", "caf\u00e9", "\u2028", "x\u0085y", "\ufeffbom",
    "ctrl\x07", "./relative/path/", "https://example.org/#frag", "AP[0.5:0.95]%", "3D Object Detection",
    "line one\nline two", "ends with newline\n", "two\n\n", "\n leading", "  indented\nblock",
    "spaces only line\n  \nafter", "Piotr Dollar\u00c2\u00b4",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_any_string_reads_back_as_itself(text: str, tmp_path: Path) -> None:
    value = {"key": text, "list": [text, {"nested": text}]}
    written = dump_yaml(value, schema_path="schemas/x.schema.json")
    assert written.startswith("# yaml-language-server: $schema=schemas/x.schema.json\n")
    assert yaml.safe_load(written) == value  # YAML 1.1
    path = tmp_path / "x.yaml"
    path.write_text(written, encoding="utf-8", newline="")
    diags = Collector()
    doc = load_yaml(path, "x.yaml", diags)
    assert [d.format() for d in diags.items] == []
    assert doc is not None and doc.value == value  # YAML 1.2, the project's loader


def test_plain_where_safe_quoted_or_a_block_otherwise() -> None:
    assert dump_yaml({"a": "Object Detection", "b": "yes", "c": "a: b", "d": "./x/"}) == (
        'a: Object Detection\nb: "yes"\nc: "a: b"\nd: ./x/\n'
    )
    records = [{"id": "a", "tags": [], "meta": {}, "urls": ["https://x.org/"]}, {"id": "b", "note": "x\ny"}]
    assert dump_yaml(records) == (
        "- id: a\n  tags: []\n  meta: {}\n  urls:\n    - https://x.org/\n\n- id: b\n  note: |-\n    x\n    y\n"
    )
    assert dump_yaml(records, gap=False).count("\n\n") == 0
    assert dump_yaml([]) == "[]\n"
    # keys too: YAML 1.1 reads a plain n as false
    assert dump_yaml({"n": 3, "f": 0.5, "t": True, "none": None}) == '"n": 3\nf: 0.5\nt: true\nnone: null\n'


def test_what_cannot_be_written_is_refused() -> None:
    with pytest.raises(TypeError):
        dump_yaml({"k": object()})
    with pytest.raises(TypeError):
        dump_yaml("a string")  # type: ignore[arg-type]
