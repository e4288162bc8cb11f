"""Reproducible builds: two builds of the same sources are byte-identical, whatever the working directory,
the output folder or Python's hash seed; every date in the site is SOURCE_DATE_EPOCH's, and `make build`
takes SOURCE_DATE_EPOCH from the last commit."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import DATA, ROOT, TEMPLATES

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
EPOCH_DAY = "2023-11-14"
EPOCH_MIDNIGHT = 1699920000  # 2023-11-14T00:00:00Z = EPOCH - 22 h 13 min 20 s


def _build(cwd: Path, site: Path, hash_seed: str) -> None:
    cwd.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "PYTHONHASHSEED": hash_seed,
        "NO_MKDOCS_2_WARNING": "1",
    }
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml")]
    proc = subprocess.run(
        [*args, "--site-dir", str(site)], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _sitemap_dates(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))


def _gzip_header(path: Path) -> tuple[int, bytes]:
    """(mtime, file name) from a gzip header (RFC 1952: MTIME at bytes 4-7, FNAME after the 10-byte header)."""
    data = path.read_bytes()
    assert data[:3] == b"\x1f\x8b\x08"
    (mtime,) = struct.unpack("<I", data[4:8])
    name = data[10 : data.index(b"\x00", 10)] if data[3] & 0x08 else b""
    return mtime, name


def test_two_builds_of_the_project_are_byte_identical(tmp_path: Path) -> None:
    one, two = tmp_path / "one" / "site", tmp_path / "two" / "out"
    _build(tmp_path / "cwd-one", one, hash_seed="1")
    _build(tmp_path / "cwd-two", two, hash_seed="2")
    a, b = _tree(one), _tree(two)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    # What the dates are: the sitemap's and its gzip header's come from SOURCE_DATE_EPOCH.
    assert _sitemap_dates(one) == {EPOCH_DAY}
    assert _gzip_header(one / "sitemap.xml.gz") == (EPOCH_MIDNIGHT, b"sitemap.xml")
    assert gzip.decompress((one / "sitemap.xml.gz").read_bytes()) == (one / "sitemap.xml").read_bytes()
    # No build path leaks into the output.
    for name, content in a.items():
        for leak in (str(tmp_path).encode(), str(ROOT).encode()):
            assert leak not in content, name


def _make_project(root: Path, *, commit_epoch: int | None) -> Path:
    """A folder with the Makefile and a mkdocs.yml building the real docs and data (a git checkout when
    commit_epoch is given, with one commit at that time)."""
    root.mkdir()
    shutil.copy(ROOT / "Makefile", root / "Makefile")
    (root / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        "plugins:\n"
        "  - search\n"
        "  - modelzoo:\n"
        f"      data_dir: {DATA}\n"
        f"      templates_dir: {TEMPLATES}\n",
        encoding="utf-8",
    )
    if commit_epoch is not None:
        date = f"@{commit_epoch} +0000"
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "one"]):
            subprocess.run(
                ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                cwd=root,
                env=env,
                check=True,
                capture_output=True,
            )
    return root


def _make_build(project: Path, epoch: str | None) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "MAKEFLAGS", "MFLAGS")}
    env["GIT_CEILING_DIRECTORIES"] = str(project.parent)  # git must not find a repository above the project
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    # -o: the venv stamp counts as up to date; BIN: this test's venv.
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(
        ["make", "-o", ".venv/.installed-stamp", "build", f"BIN={bin_dir}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "site"


def test_make_build_dates_the_site_by_the_last_commit(tmp_path: Path) -> None:
    project = _make_project(tmp_path / "repo", commit_epoch=1000000000)  # 2001-09-09T01:46:40Z
    site = _make_build(project, None)
    assert _sitemap_dates(site) == {"2001-09-09"}
    assert _gzip_header(site / "sitemap.xml.gz")[0] == 999993600  # 2001-09-09T00:00:00Z
    # An explicit SOURCE_DATE_EPOCH wins over the commit date.
    site = _make_build(project, str(EPOCH))
    assert _sitemap_dates(site) == {EPOCH_DAY}


def test_make_build_outside_git_uses_the_clock(tmp_path: Path) -> None:
    project = _make_project(tmp_path / "plain", commit_epoch=None)
    before = datetime.now(UTC).date()
    site = _make_build(project, None)
    after = datetime.now(UTC).date()
    (day,) = _sitemap_dates(site)
    assert day in {before.isoformat(), after.isoformat()}
