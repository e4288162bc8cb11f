"""Golden validation cases: tests/golden/validate/<case>/ overlays the two-task fixture (after the fixture
overlays its `fixtures` file names, one per line: `devices`, tests/fixtures/devices/); expected.txt is the
exact output of `modelzoo validate` (checked by hand when written). Set UPDATE_GOLDEN=1 to rewrite them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, TEMPLATES

from generator.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden" / "validate"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _overlay(case: Path, data: Path) -> None:
    for src in case.rglob("*"):
        rel = src.relative_to(case)
        if src.is_dir() or rel.name in ("expected.txt", "args", "exit", "fixtures"):
            continue
        target = data / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)


@pytest.mark.parametrize("name", CASES)
def test_validate_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    case = GOLDEN / name
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    if (case / "fixtures").is_file():
        for name in (case / "fixtures").read_text().split():
            _overlay(FIXTURES / name, data)
    _overlay(case, data)
    monkeypatch.chdir(tmp_path)
    extra = (case / "args").read_text().split() if (case / "args").is_file() else []
    code = main(["validate", "--data", "data", "--templates", str(TEMPLATES), *extra])
    out = capsys.readouterr()
    actual = f"exit {code}\n" + out.out
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")
    assert out.err == ""
