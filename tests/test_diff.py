"""`modelzoo diff`: the data-change report of two hand-made data folders (tests/fixtures/diff/before and
after, whose differences are listed in tests/fixtures/diff/README.md), of a git ref against the working tree,
and its errors. Every expected report below was checked line by line against the fixture files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, TEMPLATES

from generator import diff as diffmod
from generator.cli import main
from generator.validate import build_catalogue

BEFORE = FIXTURES / "diff" / "before"
AFTER = FIXTURES / "diff" / "after"

# The body of the report of before -> after, after the line naming the two sides.
BODY = """\
models: 1 added, 2 removed, 2 changed; Pareto frontier: 1 entered, 1 left; tasks: 2 changed; \
sources: 1 added; datasets: 1 changed; references: 1 added, 1 removed, 1 changed.

### Image Classification: models

**Added** (1)

| model | gmacs | top1 |
|---|---|---|
| Net\\|C &lt;b&gt; · 224x224 · alpha · imagenet | 0.250 | 73.0 |

**Removed** (2)

| model | gmacs | top1 |
|---|---|---|
| NetB · 224x224 · beta · imagenet | *blank* | 75.1 |
| NetD · 224x224 · beta · imagenet \\#2 | 2.0 | 70.5 |

**Changed** (2)

| model | column | old | new |
|---|---|---|---|
| NetA · 224x224 · alpha · imagenet | top1 | 72.00 | 72.50 |
|  | available | Y | *blank* |
| NetD · 224x224 · beta · imagenet | references | paper-c | paper-b |

**Pareto frontier**

| model | metric | frontier |
|---|---|---|
| Net\\|C &lt;b&gt; · 224x224 · alpha · imagenet | Top-1 Accuracy% | entered |
| NetA · 224x224 · alpha · imagenet | Top-1 Accuracy% | left |

### Tasks

**Changed**

| id | field | old | new |
|---|---|---|---|
| image-classification | sources | alpha, beta | alpha, beta, gamma |
|  | sources\\[alpha\\].links\\[1\\].url | ./alpha/ | ./alpha-v2/ |
|  | references | paper-a, paper-b, paper-c | paper-a, paper-b, paper-d |
|  | references\\[paper-d\\].number | *blank* | 3 |
|  | references\\[paper-c\\].number | 3 | *blank* |
| semantic-segmentation | title | Semantic Segmentation | Semantic segmentation |
|  | sources\\[alpha\\].links\\[1\\].url | ./alpha/ | ./alpha-v2/ |

### Sources

**Added**: gamma

### Datasets

**Changed**

| id | field | old | new |
|---|---|---|---|
| imagenet | description | 1000 classes; accuracies on the validation set. | 1000 classes; top-1 \
accuracies measured on the 50,000-image… |

### References

**Added**: paper-d

**Removed**: paper-c

**Changed**

| id | field | old | new |
|---|---|---|---|
| paper-b | title | Paper B | Paper B, revised |
|  | authors | *blank* | C. Author |
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    if argv[:1] == ["diff"]:
        argv = [*argv, "--templates", str(TEMPLATES)]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_report_of_two_folders(capsys, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES)
    code, out, err = _run(["diff", "diff/before", "diff/after"], capsys)
    assert (code, err) == (0, "")
    assert out == "## Data changes\n\ndiff/before → diff/after\n\n" + BODY


def test_the_reverse_comparison_swaps_added_and_removed(capsys, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES)
    code, out, _ = _run(["diff", "diff/after", "diff/before"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[4] == (
        "models: 2 added, 1 removed, 2 changed; Pareto frontier: 1 entered, 1 left; tasks: 2 changed; "
        "sources: 1 removed; datasets: 1 changed; references: 1 added, 1 removed, 1 changed."
    )
    assert "| NetA · 224x224 · alpha · imagenet | top1 | 72.50 | 72.00 |" in lines
    assert "| NetA · 224x224 · alpha · imagenet | Top-1 Accuracy% | entered |" in lines
    assert "**Removed**: gamma" in lines


def test_identical_folders_report_no_change(capsys) -> None:
    code, out, _ = _run(["diff", str(BEFORE), str(BEFORE)], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "No changes to the data."
    assert len(out.splitlines()) == 5


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _modelzoo(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--templates", str(TEMPLATES)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose last commit has the 'before' data and whose working tree has 'after'."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "README").write_text("x\n")
    _git(repo, "add", "README")
    _git(repo, "commit", "-qm", "no data yet")
    shutil.copytree(BEFORE, repo / "data")
    _git(repo, "add", "data")
    _git(repo, "commit", "-qm", "before")
    shutil.rmtree(repo / "data")
    shutil.copytree(AFTER, repo / "data")
    return repo


def test_git_mode_compares_the_ref_with_the_working_tree(repo: Path) -> None:
    proc = _modelzoo(repo, "diff", "--git", "HEAD")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == "## Data changes\n\nHEAD:data → data \\(working tree\\)\n\n" + BODY
    # From a subfolder, with --data pointing at the data folder: same report.
    sub = _modelzoo(repo / "data" / "models", "diff", "--git", "HEAD", "--data", "..")
    assert sub.returncode == 0, sub.stderr
    assert sub.stdout.endswith(BODY)


def test_git_mode_without_data_at_the_ref_reports_everything_added(repo: Path) -> None:
    proc = _modelzoo(repo, "diff", "--git", "HEAD~1")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[2] == "HEAD~1: no data folder → data \\(working tree\\)"
    assert lines[4] == (
        "models: 5 added; Pareto frontier: 2 entered; tasks: 2 added; sources: 3 added; datasets: 2 added; "
        "references: 3 added; zoo: 1 added."
    )
    # Each task's frontier is new: NetC (it dominates every other classifier) and SegA (alone).
    assert "| Net\\|C &lt;b&gt; · 224x224 · alpha · imagenet | Top-1 Accuracy% | entered |" in lines
    assert "| SegA · 1024x512 · alpha · cityscapes | MeanIoU% | entered |" in lines


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=/tmp/evil", "HEAD:data"])
def test_git_mode_rejects_unknown_refs(repo: Path, ref: str) -> None:
    proc = _modelzoo(repo, "diff", f"--git={ref}")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        f"modelzoo diff: error: unknown git ref {ref!r} (for a pull request base, fetch it first)\n"
    )
    assert not Path("/tmp/evil").exists()


def test_git_mode_outside_a_repository(tmp_path: Path) -> None:
    shutil.copytree(AFTER, tmp_path / "data")
    proc = _modelzoo(tmp_path, "diff", "--git", "HEAD")
    assert proc.returncode == 1
    assert proc.stderr.startswith("modelzoo diff: error: not inside a git repository")


def test_invalid_data_prints_the_validator_errors(tmp_path: Path, capsys, monkeypatch) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(AFTER, bad)
    with (bad / "models" / "image-classification.csv").open("a", encoding="utf-8") as fh:
        fh.write("alpha,,imagenet,NetZ,224x224,abc,70,Y,,,\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(["diff", str(BEFORE), "bad"], capsys)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "modelzoo diff: the new data (bad) is invalid:",
        "bad/models/image-classification.csv:6:30: error: gmacs: "
        "expected a plain decimal number like 71.83, got 'abc'",
        "1 error, 0 warnings",
    ]


def test_invalid_data_at_the_git_ref(repo: Path) -> None:
    with (repo / "data" / "models" / "image-classification.csv").open("a", encoding="utf-8") as fh:
        fh.write("alpha,,imagenet,NetZ,224x224,1.0,70,maybe,,,\n")
    _git(repo, "commit", "-qam", "broken")
    proc = _modelzoo(repo, "diff", "--git", "HEAD")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[:2] == [
        "modelzoo diff: the data at HEAD is invalid:",
        "data/models/image-classification.csv:6:37: error: available: expected Y or blank, got 'maybe'",
    ]


@pytest.mark.parametrize(
    "argv", [["diff"], ["diff", "one"], ["diff", "a", "b", "c"], ["diff", "--git", "HEAD", "a", "b"]]
)
def test_usage_errors(argv: list[str], capsys) -> None:
    code, out, err = _run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err == "modelzoo diff: error: give OLD_DATA_DIR NEW_DATA_DIR, or --git BASE_REF\n"


def _with_rows(tmp_path: Path, name: str, rows: list[str]) -> Path:
    data = tmp_path / name
    shutil.copytree(FIXTURES / "two-tasks", data)
    header = "source,group,dataset,name,input_size,gmacs,top1,available,qat,notes,references\n"
    (data / "models" / "image-classification.csv").write_text(header + "".join(rows), encoding="utf-8")
    return data


def test_repeated_keys_are_matched_by_position(tmp_path: Path) -> None:
    a1 = "alpha,,imagenet,NetX,224x224,1.0,70.0,Y,,,paper-a paper-b\n"
    a2 = "alpha,,imagenet,NetX,224x224,1.0,70.5,Y,,,\n"
    a3 = "alpha,,imagenet,NetX,224x224,1.0,71.0,Y,,,\n"
    old, _ = build_catalogue(_with_rows(tmp_path, "old", [a1, a2]))
    new, _ = build_catalogue(_with_rows(tmp_path, "new", [a2, a1, a3]))
    result = diffmod.compare(old, new)
    (task,) = result.tasks
    assert [diffmod.describe(k) for k, _ in task.added] == ["NetX · 224x224 · alpha · imagenet \\#3"]
    assert task.removed == []
    changes = [(diffmod.describe(c.key), [(f.field, f.old, f.new) for f in c.fields]) for c in task.changed]
    assert changes == [
        (
            "NetX · 224x224 · alpha · imagenet",
            [("top1", "70.0", "70.5"), ("references", "paper-a paper-b", None)],
        ),
        (
            "NetX · 224x224 · alpha · imagenet \\#2",
            [("top1", "70.5", "70.0"), ("references", None, "paper-a paper-b")],
        ),
    ]
    # Same input, same answer: the comparison is a pure function of the two folders.
    assert diffmod.report(result, "a", "b") == diffmod.report(diffmod.compare(old, new), "a", "b")


def test_frontier_changes_are_matched_by_model_not_by_anchor(tmp_path: Path, monkeypatch) -> None:
    """frontier_anchors gives anchors, and anchors are not stable: 'Net X' has anchor alpha--net-x--224x224
    alone, but alpha--net-x--224x224-2 once 'Net-X' (same slug) is listed above it. Staying on the
    frontier under another anchor is no change; the model is matched by its key."""
    net_x = "alpha,,imagenet,Net X,224x224,1.0,70.0,Y,,,\n"
    net_dash_x = "alpha,,imagenet,Net-X,224x224,2.0,60.0,Y,,,\n"
    old, _ = build_catalogue(_with_rows(tmp_path, "old", [net_x]))
    new, _ = build_catalogue(_with_rows(tmp_path, "new", [net_dash_x, net_x]))
    assert [m.anchor for m in new.models["image-classification"]] == [
        "alpha--net-x--224x224",
        "alpha--net-x--224x224-2",
    ]
    fronts = {
        id(old): {"image-classification": {"top1": ("Top-1", {"alpha--net-x--224x224"})}},
        id(new): {"image-classification": {"top1": ("Top-1", {"alpha--net-x--224x224-2"})}},
    }
    monkeypatch.setattr(diffmod, "_frontier_function", lambda: lambda cat: fronts[id(cat)])
    (task,) = diffmod.compare(old, new).tasks
    assert [diffmod.describe(k) for k, _ in task.added] == ["Net-X · 224x224 · alpha · imagenet"]
    assert (task.entered, task.left) == ([], [])
    # The other way round, Net-X is on the new frontier and Net X left it.
    fronts[id(new)] = {"image-classification": {"top1": ("Top-1", {"alpha--net-x--224x224"})}}
    (task,) = diffmod.compare(old, new).tasks
    assert [(diffmod.describe(k), m) for k, _, m in task.entered] == [
        ("Net-X · 224x224 · alpha · imagenet", "Top-1")
    ]
    assert [(diffmod.describe(k), m) for k, _, m in task.left] == [
        ("Net X · 224x224 · alpha · imagenet", "Top-1")
    ]


def test_long_values_are_cut_around_the_first_difference() -> None:
    # First difference at index 70: the 60-character window starts 20 characters before it.
    old, new = "a" * 70 + "X" + "b" * 10, "a" * 70 + "Y" + "b" * 10
    assert diffmod._pair(old, new) == ("…" + "a" * 20 + "X" + "b" * 10, "…" + "a" * 20 + "Y" + "b" * 10)
    # First difference at index 10: the window starts at 0 and ends at 60, cutting the tail.
    old, new = "x" * 10 + "A" + "y" * 80, "x" * 10 + "B" + "y" * 80
    assert diffmod._pair(old, new) == ("x" * 10 + "A" + "y" * 49 + "…", "x" * 10 + "B" + "y" * 49 + "…")
    assert diffmod._pair("short", None) == ("short", "*blank*")
    assert diffmod._pair("a.b", "a" * 61) == ("a.b", "a" * 60 + "…")


def test_data_text_is_escaped(tmp_path: Path, capsys) -> None:
    evil = "alpha,,imagenet,<script>alert(1)</script> [x](javascript:y) **b** `c`,224x224,1.0,70.0,Y,,,\n"
    old = _with_rows(tmp_path, "old", [])
    new = _with_rows(tmp_path, "new", [evil])
    code, out, _ = _run(["diff", str(old), str(new)], capsys)
    assert code == 0
    row = next(line for line in out.splitlines() if "alert" in line)
    assert row == (
        "| &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:y\\) \\*\\*b\\*\\* \\`c\\` "
        "· 224x224 · alpha · imagenet | 1.0 | 70.0 |"
    )


def test_git_mode_refuses_a_link_out_of_the_data_folder(repo: Path) -> None:
    (repo / "data" / "escape").symlink_to("/etc/passwd")
    _git(repo, "add", "data/escape")
    _git(repo, "commit", "-qm", "a symlink")
    proc = _modelzoo(repo, "diff", "--git", "HEAD")
    assert proc.returncode == 1
    assert proc.stderr.startswith("modelzoo diff: error: cannot extract data at 'HEAD': ")
    assert "Traceback" not in proc.stderr


def test_extra_columns_sections_model_ids_and_task_content(tmp_path: Path) -> None:
    """The v2 fields: a declared extra column and its cells, a row's section and model id, a metric's unit,
    what a source shows on the page (its sections), each as old → new."""
    old_dir = _with_rows(tmp_path, "old", ["alpha,,imagenet,NetX,224x224,1.0,70.0,Y,,,\n"])
    new_dir = tmp_path / "new"
    shutil.copytree(old_dir, new_dir)
    task = new_dir / "tasks" / "image-classification.yaml"
    text = task.read_text(encoding="utf-8")
    text = text.replace(
        "{key: top1, label: Top-1 Accuracy%,", "{key: top1, label: Top-1 Accuracy%, unit: '%',"
    )
    text = text.replace(
        "  - id: alpha\n", "  - id: alpha\n    sections: [{id: newer, title: Newer models}]\n"
    )
    task.write_text(text + "columns: [{key: config, label: config file}]\n", encoding="utf-8")
    (new_dir / "models" / "image-classification.csv").write_text(
        "source,section,group,dataset,name,input_size,gmacs,top1,config,available,qat,notes,references,model_id\n"
        "alpha,newer,,imagenet,NetX,224x224,1.0,70.0,configs/x.py,Y,,,,cl-0001\n",
        encoding="utf-8",
    )
    old, _ = build_catalogue(old_dir)
    new, _ = build_catalogue(new_dir)
    result = diffmod.compare(old, new)
    (models,) = result.tasks
    assert models.columns == ["gmacs", "top1", "config"]
    ((change),) = models.changed
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("section", None, "newer"),
        ("config", None, "configs/x.py"),
        ("model_id", None, "cl-0001"),
    ]
    tasks = next(r for r in result.records if r.kind == "tasks")
    ((task_id, fields),) = tasks.changed
    assert task_id == "image-classification"
    assert [(f.field, f.old, f.new) for f in fields] == [
        ("sources[alpha].sections", None, "newer"),
        ("sources[alpha].sections[newer].title", None, "Newer models"),
        ("metrics[top1].unit", None, "%"),
        ("columns", None, "config"),
        ("columns[config].label", None, "config file"),
        ("columns[config].kind", None, "text"),
    ]
