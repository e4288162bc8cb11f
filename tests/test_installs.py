"""No install path can pick a pre-release (issue 12): `mkdocs` 2.0 pre-releases are on PyPI, have no plugin
system and refuse to run where a mkdocs.yml exists (`uv pip compile` of `mkdocs>=1.6` with `--prerelease
allow` picks 2.0.dev6).

The paths: `make install` (pip --require-hashes of the lock: exact versions, so the lock must hold no
pre-release), `make lock` (uv resolves: it is told `--prerelease disallow`), the workflows and .ci/run
(they install through make only, see test_workflows.py) and pre-commit (local hooks with `language:
system`: it installs nothing). Nothing may ask for pre-releases (pip's --pre, PIP_PRE, uv's --prerelease
allow, UV_PRERELEASE), and pyproject.toml keeps mkdocs below 2.
"""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

LOCK = ROOT / "requirements" / "lock.txt"
INSTALL_FILES = [
    ROOT / "Makefile",
    ROOT / ".ci" / "run",
    ROOT / ".pre-commit-config.yaml",
    *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
]
ASKS_FOR_PRERELEASES = re.compile(
    r"--pre\b|--prerelease(?:=|\s+)(?!disallow\b)|PIP_PRE\b|UV_PRERELEASE\b|--prerelease-package|allow-prereleases"
)


def _locked() -> dict[str, Version]:
    pins = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([^\s;\\]+)", LOCK.read_text(encoding="utf-8"))
    return {name.lower().replace("_", "-"): Version(version) for name, version in pins}


def test_the_lock_holds_no_pre_release_and_mkdocs_1() -> None:
    locked = _locked()
    assert len(locked) > 40
    pre = {name: str(v) for name, v in locked.items() if v.is_prerelease or v.is_devrelease}
    assert pre == {}
    assert Version("1.6") <= locked["mkdocs"] < Version("2")
    assert Version("1.6") <= locked["properdocs"] < Version("2")


def test_pyproject_keeps_mkdocs_below_2_and_asks_for_no_pre_release() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [
        Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]
    for req in requirements:
        # a specifier naming a pre-release (">=2.0b1") would let resolvers pick pre-releases of it
        assert not req.specifier.prereleases, str(req)
    (mkdocs,) = (r for r in requirements if r.name == "mkdocs")
    for version in ("2.0", "2.0.0a1", "2.0.0.dev3", "2.1"):
        assert not mkdocs.specifier.contains(version, prereleases=True), version
    assert mkdocs.specifier.contains("1.6.1")
    (properdocs,) = (r for r in requirements if r.name == "properdocs")
    assert not properdocs.specifier.contains("2.0.0a1", prereleases=True)


def test_make_lock_refuses_pre_releases_whatever_the_lock_args() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    (compile_line,) = (line for line in makefile.splitlines() if "uv pip compile" in line)
    # uv refuses a second --prerelease ("cannot be used multiple times"), so LOCK_ARGS cannot turn it off
    assert "--prerelease disallow" in compile_line and compile_line.count("--prerelease") == 1, compile_line
    assert "$(LOCK_ARGS)" in compile_line
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line]
    assert installs, "no pip install in the Makefile?"
    for line in installs:  # exact versions only: the lock by hash, the project itself, a pinned uv
        assert (
            "--require-hashes -r requirements/lock.txt" in line
            or "--no-deps" in line
            or re.search(r"pip install --quiet uv==[\d.]+$", line)
        ), line


def test_nothing_asks_for_pre_releases() -> None:
    for path in INSTALL_FILES:
        text = path.read_text(encoding="utf-8")
        found = ASKS_FOR_PRERELEASES.search(text)
        assert found is None, f"{path.relative_to(ROOT)}: {found.group() if found else ''}"
    # and the pattern does find them
    for text in (
        "pip install --pre x",
        "uv pip compile --prerelease allow",
        "PIP_PRE: 1",
        "--prerelease=allow",
    ):
        assert ASKS_FOR_PRERELEASES.search(text), text
    assert ASKS_FOR_PRERELEASES.search("--prerelease disallow") is None


def test_pre_commit_installs_nothing() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for repo in config["repos"]:
        assert repo["repo"] == "local"  # no hook repository to clone and install
        for hook in repo["hooks"]:
            assert hook["language"] == "system", hook["id"]  # no environment of its own
            assert "additional_dependencies" not in hook, hook["id"]
