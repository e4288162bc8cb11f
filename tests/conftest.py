"""Shared test helpers: project paths, fixture data folders, and a real mkdocs build into tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = ROOT / "data"
TEMPLATES = ROOT / "templates"
# mkdocs.yml's search separator: INHERIT replaces the parent's plugin list, so a test build repeats it.
SEARCH_SEPARATOR = r"[\s\-/_.]+"


def copy_data(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def engine_build(config: Path, site: Path, *, engine: str = "mkdocs", strict: bool = True) -> Build:
    """`ENGINE build` of a config (ENGINE: mkdocs or properdocs, run as `python -m ENGINE`); returns its log."""
    args = [sys.executable, "-m", engine, "build", "-f", str(config), "--site-dir", str(site)]
    args.append("--strict" if strict else "--no-strict")  # mkdocs.yml itself says strict: true
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=config.parent, timeout=300, check=False
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def mkdocs_build(
    tmp_path: Path,
    data_dir: Path,
    *,
    site: Path | None = None,
    strict: bool = True,
    templates: Path = TEMPLATES,
    docs: Path = ROOT / "docs",
    engine: str = "mkdocs",
) -> Build:
    """Run a real `mkdocs build` (or `properdocs build`) of the project's site with another data folder
    (and templates, docs folder); returns its log."""
    site = site or tmp_path / "site"
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        "plugins:\n"
        f"  - search: {{separator: {json.dumps(SEARCH_SEPARATOR)}}}\n"
        "  - modelzoo:\n"
        f"      data_dir: {data_dir}\n"
        f"      templates_dir: {templates}\n",
        encoding="utf-8",
    )
    return engine_build(config, site, engine=engine, strict=strict)


def assert_no_warnings(build: Build) -> None:
    """The build succeeded and mkdocs logged no WARNING or ERROR line (data warnings aside)."""
    assert build.returncode == 0, build.log
    bad = [
        line
        for line in build.log.splitlines()
        if line.startswith(("WARNING", "ERROR")) and ": warning: " not in line
    ]
    assert not bad, "\n".join(bad)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real data/ built once with --strict for the whole session."""
    tmp = tmp_path_factory.mktemp("seed-site")
    build = mkdocs_build(tmp, DATA)
    assert_no_warnings(build)
    return build
