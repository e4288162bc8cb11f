"""Contained file access (generator.files): reads that follow no link and cannot be raced, output folders
that are not links and writes that go through none, and templates read under the same rules."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TEMPLATES

from generator import files
from generator.cli import main
from generator.diagnostics import DataError
from generator.files import (
    FileRefused,
    check_output_path,
    lexists_contained,
    list_contained,
    read_bytes_contained,
    write_contained,
)
from generator.pipeline import build_site

LINK = "a symbolic link (links are not followed: put the file itself here)"
README = ROOT / "tests" / "fixtures" / "seed" / "README.md"


@pytest.fixture(params=["descriptors", "paths"])
def walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the POSIX descriptor walk and with the path-by-path fallback (other platforms)."""
    if request.param == "paths":
        monkeypatch.setattr(files, "_fd_walk_supported", lambda: False)
    else:
        assert files._fd_walk_supported()
    return request.param


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "a.yaml").write_bytes(b"a: 1\n")
    (root / ".hidden.yaml").write_bytes(b"")
    (root / "sub" / "b.csv").write_bytes(b"x\n")
    (tmp_path / "secret").write_bytes(b"SECRET\n")
    return root


def _refused(root: Path, rel: str) -> str:
    with pytest.raises(FileRefused) as err:
        read_bytes_contained(root, rel)
    assert "SECRET" not in str(err.value)
    assert "secret" not in str(err.value)  # nor the link's target
    return str(err.value)


def test_regular_files_below_the_root_are_read(tmp_path: Path, walk: str) -> None:
    root = _tree(tmp_path).resolve()
    assert read_bytes_contained(root, "a.yaml") == b"a: 1\n"
    assert read_bytes_contained(root, Path("sub") / "b.csv") == b"x\n"
    assert read_bytes_contained(root, "./sub//b.csv") == b"x\n"
    with pytest.raises(FileNotFoundError):
        read_bytes_contained(root, "missing.yaml")
    with pytest.raises(NotADirectoryError):
        read_bytes_contained(root, "a.yaml/x")


def test_links_anywhere_below_the_root_are_refused(tmp_path: Path, walk: str) -> None:
    root = _tree(tmp_path).resolve()
    (root / "out.yaml").symlink_to(tmp_path / "secret")
    (root / "in.yaml").symlink_to("a.yaml")
    (root / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    (root / "linked").symlink_to(root / "sub", target_is_directory=True)
    (root / "sub" / "deeper").symlink_to(tmp_path, target_is_directory=True)
    assert _refused(root, "out.yaml") == LINK
    assert _refused(root, "in.yaml") == LINK
    assert _refused(root, "dangling.yaml") == LINK
    folder = "the folder {!r} is a symbolic link (links are not followed)"
    assert _refused(root, "linked/b.csv") == folder.format("linked")
    assert _refused(root, "sub/deeper/secret") == folder.format("sub/deeper")


def test_paths_leaving_the_root_are_refused(tmp_path: Path, walk: str) -> None:
    root = _tree(tmp_path).resolve()
    outside = "outside the folder: absolute paths and '..' are not allowed"
    assert _refused(root, "../secret") == outside
    assert _refused(root, "sub/../../secret") == outside
    assert _refused(root, str(tmp_path / "secret")) == outside
    assert _refused(root, "") == "a folder, not a regular file"


def test_devices_fifos_and_folders_are_refused(tmp_path: Path, walk: str) -> None:
    root = _tree(tmp_path).resolve()
    os.mkfifo(root / "pipe")
    assert _refused(root, "pipe") == "a FIFO (named pipe), not a regular file"
    assert _refused(root, "sub") == "a folder, not a regular file"
    assert _refused(Path("/dev"), "null") == "a device, not a regular file"


def test_reads_are_bounded(tmp_path: Path, walk: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path).resolve()
    (root / "big").write_bytes(b"x" * 11)
    assert read_bytes_contained(root, "big", max_bytes=11) == b"x" * 11
    assert _refused_big(root, max_bytes=10) == "the file is too large (11 bytes): at most 10 bytes are read"
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 5)  # the default is read when called
    assert _refused_big(root) == "the file is too large (11 bytes): at most 5 bytes are read"


def _refused_big(root: Path, **kw: int) -> str:
    with pytest.raises(FileRefused) as err:
        read_bytes_contained(root, "big", **kw)
    return str(err.value)


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, monkeypatch) -> None:
    """The race the descriptor walk closes: the entry is checked, then replaced by a link before it is
    opened. O_NOFOLLOW refuses the link; the content behind it is never read."""
    root = _tree(tmp_path).resolve()
    original = files._check_regular
    swapped = []

    def check_then_swap(mode: int) -> None:
        original(mode)
        if not swapped:
            (root / "a.yaml").unlink()
            (root / "a.yaml").symlink_to(tmp_path / "secret")
            swapped.append(True)

    monkeypatch.setattr(files, "_check_regular", check_then_swap)
    assert _refused(root, "a.yaml") == LINK
    assert swapped


def test_listing_matches_like_glob_and_refuses_linked_folders(tmp_path: Path, walk: str) -> None:
    root = _tree(tmp_path).resolve()
    (root / "b.yaml").symlink_to(tmp_path / "secret")
    (root / "c.YAML").write_bytes(b"")
    # every entry matching, whatever it is (reading applies the rules), hidden names included, sorted
    assert list_contained(root, "", "*.yaml") == sorted(p.name for p in root.glob("*.yaml"))
    assert list_contained(root, "", "*.yaml") == [".hidden.yaml", "a.yaml", "b.yaml"]
    assert list_contained(root, "sub", "*.csv") == ["b.csv"]
    (root / "linked").symlink_to(root / "sub", target_is_directory=True)
    with pytest.raises(FileRefused, match=r"^the folder 'linked' is a symbolic link"):
        list_contained(root, "linked", "*")
    with pytest.raises(FileNotFoundError):
        list_contained(root, "missing", "*")
    with pytest.raises(NotADirectoryError):
        list_contained(root, "a.yaml", "*")
    assert lexists_contained(root, "b.yaml")  # a link is there: reading it is refused
    assert not lexists_contained(root, "nothing.yaml")
    assert not lexists_contained(root, "a.yaml/x")
    with pytest.raises(FileRefused):
        lexists_contained(root, "linked/b.csv")


# ------------------------------------------------------------------------------------------------ writing


def test_writes_create_real_folders_and_go_through_no_link(tmp_path: Path, walk: str) -> None:
    root = tmp_path / "out"
    root.mkdir()
    assert write_contained(root, "a/b/c.txt", b"one") == root / "a" / "b" / "c.txt"
    assert write_contained(root, "a/b/c.txt", b"two") == root / "a" / "b" / "c.txt"
    assert (root / "a" / "b" / "c.txt").read_bytes() == b"two"
    assert sorted(p.name for p in (root / "a" / "b").iterdir()) == ["c.txt"]  # no temporary file left
    secret = tmp_path / "secret"
    secret.write_bytes(b"keep")
    (root / "file-link").symlink_to(secret)
    (tmp_path / "elsewhere").mkdir()
    (root / "dir-link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(FileRefused, match=r"^a symbolic link"):
        write_contained(root, "file-link", b"overwritten")
    with pytest.raises(FileRefused, match=r"^the folder 'dir-link' is a symbolic link"):
        write_contained(root, "dir-link/x.txt", b"planted")
    assert secret.read_bytes() == b"keep"
    assert list((tmp_path / "elsewhere").iterdir()) == []
    # a hard link to a file elsewhere is replaced, not written through
    os.link(secret, root / "hard")
    write_contained(root, "hard", b"new")
    assert (root / "hard").read_bytes() == b"new"
    assert secret.read_bytes() == b"keep"


def test_output_paths_that_are_or_lie_under_links_are_refused(tmp_path: Path, monkeypatch) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert check_output_path(tmp_path / "new" / "out") == tmp_path / "new" / "out"
    with pytest.raises(FileRefused) as err:
        check_output_path(tmp_path / "link")
    assert str(err.value) == f"refusing to write to {tmp_path / 'link'}: it is a symbolic link"
    with pytest.raises(FileRefused) as err:
        check_output_path(tmp_path / "link" / "out")
    assert str(err.value) == (
        f"refusing to write to {tmp_path / 'link' / 'out'}: {tmp_path / 'link'} is a symbolic link"
        " (give a path without links)"
    )
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileRefused, match=r"is not a folder$"):
        check_output_path(tmp_path / "file" / "out")
    # relative paths start at the working directory; '..' is applied as written, so what is checked is
    # what is written
    monkeypatch.chdir(real)
    assert check_output_path(Path("out")) == real / "out"
    assert check_output_path(Path("../link/../real/out")) == real / "out"
    with pytest.raises(FileRefused):
        check_output_path(Path("../link/out"))


def _cli_error(capsys) -> str:
    """The command's error (stderr, without the data warnings `render` prints before it)."""
    return "".join(line for line in capsys.readouterr().err.splitlines(True) if ": warning: " not in line)


def _render(out: Path) -> int:
    return main(
        ["render", "--data", str(FIXTURES / "two-tasks"), "--templates", str(TEMPLATES), "--out", str(out)]
    )


def test_render_synth_and_import_refuse_linked_output_folders(tmp_path: Path, capsys) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep")
    (tmp_path / "out").symlink_to(victim, target_is_directory=True)
    (tmp_path / "under").symlink_to(victim, target_is_directory=True)
    for argv, out in (
        (None, tmp_path / "out"),
        (None, tmp_path / "under" / "md"),
        (["synth", "--models", "5", "--out"], tmp_path / "out"),
        (["synth", "--models", "5", "--out"], tmp_path / "under" / "zoo"),
        (["import", str(README), "--out"], tmp_path / "out"),
        (["import", str(README), "--out"], tmp_path / "under" / "data"),
    ):
        capsys.readouterr()
        code = _render(out) if argv is None else main([*argv, str(out)])
        err = _cli_error(capsys)
        assert code == 1, (argv, out)
        assert err.startswith(f"modelzoo: error: refusing to write to {out}: "), err
        assert err.endswith(" is a symbolic link\n") or err.endswith(
            " is a symbolic link (give a path without links)\n"
        )
        assert "Traceback" not in err
        assert [p.name for p in victim.iterdir()] == ["keep.txt"]


def test_import_into_a_folder_writes_through_no_link(tmp_path: Path, capsys) -> None:
    out = tmp_path / "data"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (out / "tasks").symlink_to(victim, target_is_directory=True)
    assert main(["import", str(README), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        "modelzoo: error: the folder 'tasks' is a symbolic link (links are not followed)\n"
    )
    assert list(victim.iterdir()) == []
    # and the schema files, which `modelzoo schema` writes too
    shutil.rmtree(out)
    out.mkdir()
    (out / "schemas").symlink_to(victim, target_is_directory=True)
    assert main(["schema", "--data", str(out)]) == 1
    assert capsys.readouterr().err == (
        "modelzoo: error: the folder 'schemas' is a symbolic link (links are not followed)\n"
    )
    assert list(victim.iterdir()) == []


def test_render_replaces_its_own_folder_but_not_a_planted_marker(tmp_path: Path, capsys) -> None:
    out = tmp_path / "md"
    assert _render(out) == 0
    assert (out / ".modelzoo-render").is_file()
    assert _render(out) == 0  # replaced whole, no leftover beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["md"]
    # a folder whose marker is a link was not written by render: it is not replaced
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "mine.md").write_text("keep")
    (foreign / ".modelzoo-render").symlink_to(out / ".modelzoo-render")
    capsys.readouterr()
    assert _render(foreign) == 1
    assert "is not empty and was not written by `modelzoo render`" in _cli_error(capsys)
    assert (foreign / "mine.md").read_text() == "keep"
    (tmp_path / "plain").write_text("a file")
    assert _render(tmp_path / "plain") == 1
    assert (
        _cli_error(capsys)
        == f"modelzoo: error: refusing to write to {tmp_path / 'plain'}: it is not a folder\n"
    )


# -------------------------------------------------------------------------------------------- templates


def _templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return templates


def _template_errors(tmp_path: Path, templates: Path, capsys, monkeypatch) -> list[str]:
    """`modelzoo validate` with these templates, and build_site's DataError: the same errors."""
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(["validate", "--data", str(FIXTURES / "two-tasks"), "--templates", "templates"])
    out = capsys.readouterr().out
    with pytest.raises(DataError) as err:
        build_site(FIXTURES / "two-tasks", Path("templates"))
    assert code == 1
    assert out == err.value.report() + "\n"
    assert "SECRET" not in out
    return [d.format() for d in err.value.errors]


def test_a_template_that_is_a_link_is_a_template_error(tmp_path: Path, capsys, monkeypatch) -> None:
    templates = _templates(tmp_path)
    (tmp_path / "evil.j2").write_text("SECRET {{ 1 }}")
    (templates / "task.md.j2").unlink()
    (templates / "task.md.j2").symlink_to(tmp_path / "evil.j2")
    assert _template_errors(tmp_path, templates, capsys, monkeypatch) == [
        f"templates:0:0: error: (template): TemplateFileError: template 'task.md.j2': {LINK}"
    ]


def test_an_included_link_is_reported_at_the_include(tmp_path: Path, capsys, monkeypatch) -> None:
    templates = _templates(tmp_path)
    (tmp_path / "evil.j2").write_text("SECRET")
    (templates / "table.md.j2").unlink()
    (templates / "table.md.j2").symlink_to(tmp_path / "evil.j2")
    line = next(
        i
        for i, text in enumerate((templates / "task.md.j2").read_text().splitlines(), 1)
        if "table.md.j2" in text
    )
    assert _template_errors(tmp_path, templates, capsys, monkeypatch) == [
        f"templates/task.md.j2:{line}:0: error: (template): TemplateFileError: template 'table.md.j2': {LINK}"
    ]


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/../../x"])
def test_includes_outside_the_templates_folder_are_template_errors(
    tmp_path: Path, capsys, monkeypatch, name: str
) -> None:
    templates = _templates(tmp_path)
    page = templates / "index.md.j2"
    page.write_text(f'{{% include "{name}" %}}\n' + page.read_text())
    assert _template_errors(tmp_path, templates, capsys, monkeypatch) == [
        f"templates/index.md.j2:1:0: error: (template): TemplateFileError: template {name!r} is outside the "
        "templates folder"
    ]


def test_a_missing_include_is_still_not_found(tmp_path: Path, capsys, monkeypatch) -> None:
    templates = _templates(tmp_path)
    page = templates / "index.md.j2"
    page.write_text('{% include "nope.md.j2" %}\n' + page.read_text())
    assert _template_errors(tmp_path, templates, capsys, monkeypatch) == [
        "templates/index.md.j2:1:0: error: (template): template not found: nope.md.j2"
    ]
