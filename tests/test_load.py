"""The strict loaders: YAML 1.2 scalars, no duplicate keys/tags/aliases; CSV with BOM, CRLF and positions."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Collector
from generator.load import load_yaml, read_csv


def _yaml(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    diags = Collector()
    return load_yaml(path, "x.yaml", diags), [d.format() for d in diags.items]


def test_yaml_scalars_follow_yaml_1_2_core(tmp_path: Path) -> None:
    doc, errors = _yaml(tmp_path, "a: no\nb: 1.10\nc: 2024-01-02\nd: true\ne: ~\nf: '1.10'\ng: 0x1F\nh: on\n")
    assert errors == []
    assert doc.value == {
        "a": "no",
        "b": 1.1,
        "c": "2024-01-02",
        "d": True,
        "e": None,
        "f": "1.10",
        "g": "0x1F",
        "h": "on",
    }
    # The text as written is kept, so a message can show "1.10" rather than 1.1.
    assert doc.raw[("b",)] == "1.10"


def test_yaml_duplicate_keys_tags_and_aliases_are_errors(tmp_path: Path) -> None:
    _, errors = _yaml(tmp_path, "a: 1\nb: !!python/name:os.system x\na: 2\n")
    assert errors == [
        "x.yaml:2:4: error: b: YAML tags are not allowed (tag:yaml.org,2002:python/name:os.system)",
        "x.yaml:3:1: error: a: duplicate key 'a' (first at line 1)",
    ]
    doc, errors = _yaml(tmp_path, "a: &x [1]\nb: *x\n")
    assert doc is None
    assert errors == ["x.yaml:2:4: error: (syntax): invalid YAML: YAML aliases (*name) are not allowed"]


def test_yaml_locations_of_values_and_keys(tmp_path: Path) -> None:
    doc, _ = _yaml(tmp_path, "- id: a\n  links:\n    - url: x\n")
    assert str(doc.locate((0, "links", 0, "url"))) == "x.yaml:3:12"
    assert str(doc.locate((0, "links", 0, "url"), key=True)) == "x.yaml:3:7"
    assert str(doc.locate((0, "missing"))) == "x.yaml:1:3"


def test_csv_bom_crlf_quotes_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes('\ufeffa,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"multi\r\nline",6\r\n'.encode())
    diags = Collector()
    table = read_csv(path, "m.csv", diags)
    assert diags.items == []
    assert table.header == ["a", "b", "c"]
    assert [(r.line, r.cells, r.cols) for r in table.rows] == [
        (2, ["1", 'x, "y"', "3"], [1, 3, 14]),
        # a cell after a line break inside quotes points at the last column known on the first line
        (4, ["4", "multi\r\nline", "6"], [1, 3, 3]),
    ]


def test_csv_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"a,b\n1,2\n3,\xff\n")
    diags = Collector()
    assert read_csv(path, "m.csv", diags) is None
    assert [d.format() for d in diags.items] == [
        "m.csv:3:1: error: (file): not valid UTF-8: invalid start byte at byte 10"
    ]


def test_yaml_control_characters_are_a_located_error(tmp_path: Path) -> None:
    doc, errors = _yaml(tmp_path, 'a: 1\ntitle: "a\x07b"\n')
    assert doc is None
    assert errors == ["x.yaml:2:10: error: (syntax): invalid YAML: control character U+0007"]
