"""The CI workflows, checked offline: valid against GitHub's workflow schema (check-jsonschema's vendored
copy), no zizmor finding of medium severity or higher, and the properties the contributor loop relies on
(least privilege, pinned actions, no untrusted input in scripts, the always-run gate, one lock file used
everywhere). Also the path filter script and the pre-commit hooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT, TEMPLATES

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _workflow(name: str) -> dict[str, Any]:
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in _steps(job))


def _uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in _steps(job) if s.get("uses", "").split("@")[0] == action]


def _tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is not installed in the venv ({BIN}): run make install"
    return str(path)


def test_workflow_files() -> None:
    assert {"lock-update.yml", "site.yml"} <= {p.name for p in WORKFLOWS.iterdir()}


def test_workflows_match_the_github_workflow_schema(tmp_path: Path) -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    cmd = [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    proc = subprocess.run([*cmd, *files], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The same check refuses a broken workflow (a job without runs-on, a step both run and uses).
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    steps:\n      - run: x\n        uses: y@z\n", encoding="utf-8")
    proc = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stdout


def _zizmor(path: Path) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Exit codes: 0 no findings, 10-14 findings of the highest severity informational..high; else a failure.
    assert proc.returncode == 0 or 10 <= proc.returncode <= 14, proc.stderr
    return json.loads(proc.stdout)


def test_zizmor_finds_nothing_of_medium_severity_or_higher(tmp_path: Path) -> None:
    findings = _zizmor(ROOT / ".github")
    serious = [
        (f["ident"], f["determinations"]["severity"])
        for f in findings
        if f["determinations"]["severity"] in ("Medium", "High")
    ]
    assert serious == []
    # ... while it does flag the classic mistakes in a workflow that makes them.
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    idents = {f["ident"] for f in _zizmor(bad)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"} <= idents


def test_least_privilege_and_pinned_actions() -> None:
    for name in sorted(p.name for p in WORKFLOWS.glob("*.y*ml")):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        wf = _workflow(name)
        assert "pull_request_target" not in wf["on"]
        assert wf["permissions"] == {"contents": "read"}, name
        assert "concurrency" in wf
        for job_id, job in wf["jobs"].items():
            assert "timeout-minutes" in job, (name, job_id)
            # Every action is pinned by a full commit SHA, with its version in a comment.
            for step in _steps(job):
                if "uses" in step:
                    assert SHA_PIN.match(step["uses"]), step["uses"]
            # No expression is ever expanded inside a script: contexts reach shells through env.
            assert "${{" not in _runs(job), (name, job_id)
            for step in _uses(job, "actions/checkout"):
                assert step["with"]["persist-credentials"] is False
        for line in text.splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    site = _workflow("site.yml")["jobs"]
    assert {k: v.get("permissions") for k, v in site.items()} == {
        "changes": None,
        "site": None,
        "deploy": {"pages": "write", "id-token": "write"},
        "gate": None,
    }
    lock = _workflow("lock-update.yml")["jobs"]
    # The job that runs the upgraded dependencies cannot write; the one that writes runs none of them.
    assert lock["resolve"].get("permissions") is None
    assert lock["propose"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert not _runs(lock["propose"]).strip()


def test_the_pull_request_loop() -> None:
    wf = _workflow("site.yml")
    assert set(wf["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert wf["on"]["push"] == {"branches": ["main"]}
    assert wf["on"]["pull_request"] is None  # no workflow-level path filter: the gate must always report
    jobs = wf["jobs"]
    site = jobs["site"]
    assert site["needs"] == "changes"
    assert site["if"] == "needs.changes.outputs.site == 'true'"
    runs = [s.get("run", s.get("uses", "")) for s in _steps(site)]
    order = [
        "make install",
        ".venv/bin/modelzoo validate --format github",
        '.venv/bin/modelzoo diff --git "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"',
        ".ci/run",
        "make build",
    ]
    positions = [next(i for i, run in enumerate(runs) if cmd in run) for cmd in order]
    assert positions == sorted(positions)
    report = next(s for s in _steps(site) if "modelzoo diff" in s.get("run", ""))
    assert report["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert report["if"] == "github.event_name == 'pull_request'"
    (preview,) = _uses(site, "actions/upload-artifact")
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["path"] == "site/"
    (pages,) = _uses(site, "actions/upload-pages-artifact")
    assert pages["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "site"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in _steps(deploy)] == ["actions/deploy-pages"]
    # The gate: always runs, needs every other job, fails unless each succeeded or was skipped.
    gate = jobs["gate"]
    assert gate["if"] == "always()"
    assert sorted(gate["needs"]) == sorted(k for k in jobs if k != "gate")


def test_gate_script_fails_on_failure_and_cancellation(tmp_path: Path) -> None:
    (step,) = _steps(_workflow("site.yml")["jobs"]["gate"])
    script = tmp_path / "gate.sh"
    script.write_text(step["run"], encoding="utf-8")

    def gate(changes: str, site: str, deploy: str) -> int:
        env = {"CHANGES": changes, "SITE": site, "DEPLOY": deploy, "PATH": "/usr/bin:/bin"}
        return subprocess.run(
            ["bash", "-e", str(script)], env=env, capture_output=True, check=False
        ).returncode

    assert gate("success", "success", "skipped") == 0  # a pull request
    assert gate("success", "skipped", "skipped") == 0  # nothing relevant changed
    assert gate("success", "success", "success") == 0  # a push to main
    assert gate("success", "failure", "skipped") == 1
    assert gate("success", "cancelled", "skipped") == 1
    assert gate("success", "success", "failure") == 1
    assert gate("failure", "skipped", "skipped") == 1


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "zoo.yaml").write_text("title: x\n")
    (repo / "README.md").write_text("readme\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    return repo


def _site_changed(repo: Path, base: str) -> str:
    proc = subprocess.run(
        ["bash", str(ROOT / ".github" / "scripts" / "site-changed"), base, "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("README.md", "site=false\n"),
        ("LICENSE", "site=false\n"),
        ("data/zoo.yaml", "site=true\n"),
        ("templates/task.md.j2", "site=true\n"),
        ("mkdocs.yml", "site=true\n"),
        ("requirements/lock.txt", "site=true\n"),
        ("docs/index.md", "site=true\n"),
        ("generator/cli.py", "site=true\n"),
        ("pyproject.toml", "site=true\n"),
        (".github/workflows/site.yml", "site=true\n"),
        ("notes/data/zoo.yaml", "site=false\n"),  # the filters are anchored at the repository root
    ],
)
def test_path_filter(repo: Path, path: str, expected: str) -> None:
    base = _git(repo, "rev-parse", "HEAD")
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((target.read_text() if target.exists() else "") + "change\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "change")
    assert _site_changed(repo, base) == expected


def test_path_filter_without_a_usable_base_runs_everything(repo: Path) -> None:
    (repo / "README.md").write_text("only the readme\n")
    _git(repo, "commit", "-qam", "readme")
    assert _site_changed(repo, _git(repo, "rev-parse", "HEAD~1")) == "site=false\n"
    assert _site_changed(repo, "0" * 40) == "site=true\n"  # a new branch
    assert _site_changed(repo, "") == "site=true\n"  # workflow_dispatch
    assert _site_changed(repo, "1234567" * 5 + "12345") == "site=true\n"  # force-pushed away


def test_a_data_file_moved_out_of_data_counts(repo: Path) -> None:
    base = _git(repo, "rev-parse", "HEAD")
    _git(repo, "mv", "data/zoo.yaml", "zoo.yaml")
    _git(repo, "commit", "-qm", "move")
    assert _site_changed(repo, base) == "site=true\n"


def test_one_lock_file_everywhere() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/lock.txt" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for name in ("site.yml", "lock-update.yml"):
        runs = "\n".join(_runs(job) for job in _workflow(name)["jobs"].values())
        assert "pip install" not in runs  # every install goes through make, i.e. the lock
    site_runs = _runs(_workflow("site.yml")["jobs"]["site"])
    assert "make install" in site_runs and ".ci/run" in site_runs
    lock_runs = _runs(_workflow("lock-update.yml")["jobs"]["resolve"])
    assert "make lock LOCK_ARGS=--upgrade" in lock_runs and ".ci/run" in lock_runs
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    assert lock.startswith("# Locked dependencies")
    requirements = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([^\s;]+)(?: ; [^\n]*)? \\$", lock)
    assert len(requirements) == len(re.findall(r"(?m)^[A-Za-z0-9]", lock))  # every entry pinned with ==
    blocks = re.split(r"(?m)^(?=[A-Za-z0-9])", lock)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    names = {name.lower().replace("_", "-") for name, _ in requirements}
    assert {"mkdocs", "mkdocs-material", "zizmor", "check-jsonschema", "setuptools"} <= names


def test_lock_update_workflow() -> None:
    wf = _workflow("lock-update.yml")
    assert set(wf["on"]) == {"schedule", "workflow_dispatch"}
    (cron,) = (entry["cron"] for entry in wf["on"]["schedule"])
    assert cron.split()[2:] == ["*", "*", "1"]  # weekly, on Mondays
    (create,) = _uses(wf["jobs"]["propose"], "peter-evans/create-pull-request")
    assert create["with"]["add-paths"] == "requirements/lock.txt"


def _hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    return repo["hooks"]


def test_pre_commit_hooks_use_the_venv() -> None:
    hooks = _hooks()
    ids = {h["id"] for h in hooks}
    assert {"modelzoo-validate", "ruff-check", "ruff-format", "schema-tasks", "schema-sources"} <= ids
    for hook in hooks:
        assert hook["language"] == "system"
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/")
        assert (BIN / program.removeprefix(".venv/bin/")).exists(), program


def _run_hook(hook: dict[str, Any], files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook the way pre-commit does: its entry, plus the matching files unless pass_filenames is off."""
    args = hook["entry"].split()
    args[0] = str(BIN / args[0].removeprefix(".venv/bin/"))
    matching = [f for f in files if re.search(hook.get("files", ""), f)]
    if hook.get("pass_filenames", True):
        args += matching
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_pre_commit_hooks_pass_on_the_repository_and_catch_bad_data(tmp_path: Path) -> None:
    files = sorted(
        p.relative_to(ROOT).as_posix() for p in (*ROOT.glob("data/**/*.yaml"), *WORKFLOWS.glob("*.yml"))
    )
    hooks = {h["id"]: h for h in _hooks()}
    data_hooks = [h for h in hooks.values() if h["id"].startswith("schema-") or h["id"] == "zizmor"]
    covered = set()
    for hook in [*data_hooks, hooks["modelzoo-validate"]]:
        proc = _run_hook(hook, files, ROOT)
        assert proc.returncode == 0, (hook["id"], proc.stdout, proc.stderr)
        covered |= {f for f in files if re.search(hook["files"], f)}
    assert covered == set(files)  # every data YAML file and workflow is checked by some hook

    # A copy of the project's data with a wrong type: the schema hook and the validate hook both fail.
    shutil.copytree(ROOT / "data", tmp_path / "data")
    task = tmp_path / "data" / "tasks" / "image-classification.yaml"
    task.write_text(task.read_text(encoding="utf-8").replace("order: 1", "order: first"), encoding="utf-8")
    assert "order: first" in task.read_text(encoding="utf-8")
    proc = _run_hook(hooks["schema-tasks"], ["data/tasks/image-classification.yaml"], tmp_path)
    assert proc.returncode == 1 and "order" in proc.stdout, proc.stdout
    proc = _run_hook(hooks["modelzoo-validate"], [], tmp_path)
    assert proc.returncode == 1 and "order: expected a whole number" in proc.stdout, proc.stdout


def test_the_report_step_writes_the_job_summary(tmp_path: Path) -> None:
    """Run the workflow's report step as GitHub does (bash -eo pipefail), in a clone-like repository with
    origin/main holding the 'before' data and the working tree the 'after' data."""
    site = _workflow("site.yml")["jobs"]["site"]
    (step,) = [s for s in _steps(site) if "modelzoo diff" in s.get("run", "")]
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "diff" / "before", repo / "data")
    shutil.copytree(TEMPLATES, repo / "templates")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "main")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.rmtree(repo / "data")
    shutil.copytree(FIXTURES / "diff" / "after", repo / "data")
    wrapper = repo / ".venv" / "bin" / "modelzoo"
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")

    def run(base_ref: str) -> tuple[int, str, str]:
        summary = tmp_path / f"summary-{base_ref}.md"
        env = {
            "PATH": "/usr/bin:/bin",
            "GITHUB_STEP_SUMMARY": str(summary),
            "BASE_REF": base_ref,
            "PYTHONPATH": str(ROOT),
        }
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return proc.returncode, summary.read_text(encoding="utf-8"), proc.stdout

    code, summary, _ = run("main")
    assert code == 0
    assert summary.startswith(
        "## Data changes\n\norigin/main:data → data \\(working tree\\)\n\nmodels: 1 added"
    )
    code, summary, out = run("no-such-branch")
    assert code == 0  # the report never fails the job...
    assert summary == "No data-change report: `modelzoo diff` failed, see the log of this step.\n"
    assert out == "::warning::no data-change report: modelzoo diff failed (see the log)\n"  # ...it warns


def test_the_symlink_step_refuses_a_tracked_symlink(tmp_path: Path) -> None:
    """A pull request that adds a symlink (say docs/x.md -> /etc/hostname) fails before anything reads it."""
    site = _workflow("site.yml")["jobs"]["site"]
    runs = [s.get("run", "") for s in _steps(site)]
    (step,) = [s for s in _steps(site) if s.get("name") == "No symlinks in the repository"]
    assert runs.index(step["run"]) < next(i for i, r in enumerate(runs) if "make install" in r)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "data").mkdir()
    (repo / "data" / "zoo.yaml").write_text("title: x\n", encoding="utf-8")
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")

    def run() -> subprocess.CompletedProcess[str]:
        _git(repo, "add", "-A")
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )

    assert run().returncode == 0
    (repo / "docs").mkdir()
    (repo / "docs" / "x.md").symlink_to("/etc/hostname")
    proc = run()
    assert proc.returncode == 1
    assert proc.stdout == "::error file=docs/x.md::symlinks are not allowed in this repository\n"
