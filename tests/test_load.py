"""The strict loaders: YAML 1.2 scalars, no duplicate keys/tags/aliases; CSV with BOM, CRLF and positions."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, TEMPLATES, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load
from generator.cli import main
from generator.diagnostics import Collector, DataError, summary
from generator.files import MAX_FILE_BYTES
from generator.load import load_yaml, read_csv
from generator.pipeline import build_site


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


# ------------------------------------------------------------------ syntax errors located where they start


def _both_paths(tmp_path: Path, text: str, monkeypatch) -> list[str]:
    """The diagnostics of one YAML text, which the libyaml and the pure-Python paths must agree on."""
    fast = _yaml(tmp_path, text)[1]
    with monkeypatch.context() as m:
        m.setattr(load, "_CSafeLoader", None)
        slow = _yaml(tmp_path, text)[1]
    assert fast == slow
    return fast


def test_yaml_flow_collection_left_open_is_reported_at_its_bracket(tmp_path: Path, monkeypatch) -> None:
    assert _both_paths(tmp_path, "a: [1, 2\n", monkeypatch) == [
        "x.yaml:1:4: error: (syntax): invalid YAML: the flow sequence opened by this '[' is not closed before "
        "the end of the file (line 2, column 1): expected ',' or ']', but got '<stream end>'"
    ]
    assert _both_paths(tmp_path, "a: {x: 1\nb: 2\n", monkeypatch) == [
        "x.yaml:1:4: error: (syntax): invalid YAML: the flow mapping opened by this '{' is not closed before "
        "line 2, column 2: expected ',' or '}', but got ':'"
    ]
    # the innermost collection still open; the closed one before it does not count
    assert _both_paths(tmp_path, "a: [[0], 1, {b: 2, c: [3\n", monkeypatch) == [
        "x.yaml:1:23: error: (syntax): invalid YAML: the flow sequence opened by this '[' is not closed "
        "before the end of the file (line 2, column 1): expected ',' or ']', but got '<stream end>'"
    ]
    # no open flow collection: where the parser noticed it, as before
    assert _both_paths(tmp_path, "a: [1]]\n", monkeypatch) == [
        "x.yaml:1:7: error: (syntax): invalid YAML: expected <block end>, but found ']'"
    ]


def test_yaml_unterminated_quote_is_reported_at_the_quote(tmp_path: Path, monkeypatch) -> None:
    assert _both_paths(tmp_path, 'a: 1\nb: "text\nc: 3\n', monkeypatch) == [
        "x.yaml:2:4: error: (syntax): invalid YAML: the quoted text opened by this '\"' is not closed before "
        "the end of the file (line 4, column 1): found unexpected end of stream"
    ]
    assert _both_paths(tmp_path, "b: 'text\n---\n", monkeypatch) == [
        'x.yaml:1:4: error: (syntax): invalid YAML: the quoted text opened by this "\'" is not closed before '
        "line 2, column 1: found unexpected document separator"
    ]
    # a bad escape is where it is written, not at the quote
    assert _both_paths(tmp_path, 'a: "bad \\q"\n', monkeypatch) == [
        "x.yaml:1:10: error: (syntax): invalid YAML: found unknown escape character 'q'"
    ]


def test_yaml_nesting_is_limited_before_it_is_composed(tmp_path: Path, monkeypatch) -> None:
    assert load.MAX_DEPTH == 64
    assert _yaml(tmp_path, "[" * 64 + "]" * 64)[1] == []
    assert load._compose_fast("[" * 64 + "]" * 64)[0]  # the fast path takes what is within the limit
    too_deep = "error: (syntax): invalid YAML: nested more than 64 levels deep (lists and mappings inside each other)"
    # the 65th level: the 64th '[' inside the top mapping
    assert _both_paths(tmp_path, "a: " + "[" * 64 + "]" * 64 + "\n", monkeypatch) == [
        f"x.yaml:1:67: {too_deep}"
    ]
    # block nesting counts the same way; each level is a mapping one line down
    block = "".join("  " * i + "k:\n" for i in range(70))
    assert _both_paths(tmp_path, block, monkeypatch) == [f"x.yaml:65:129: {too_deep}"]
    # far deeper than Python's recursion limit or libyaml's own (1000): still the same located error
    assert _both_paths(tmp_path, "- " * 5000 + "x\n", monkeypatch) == [f"x.yaml:1:129: {too_deep}"]
    assert _both_paths(tmp_path, "[" * 200_000, monkeypatch) == [f"x.yaml:1:65: {too_deep}"]


def test_yaml_numbers_of_unbounded_length_are_refused(tmp_path: Path, monkeypatch) -> None:
    ok = (
        "a: 123456789012345678\nb: -123456789012345678\nc: '" + "9" * 5000 + "'\nd: " + "1." + "5" * 62 + "\n"
    )
    doc, errors = _yaml(tmp_path, ok)
    assert errors == []
    assert doc.value["a"] == 123456789012345678
    assert doc.value["c"] == "9" * 5000  # quoted: text, as long as it likes
    assert _both_paths(tmp_path, "- order: " + "9" * 5000 + "\n- n: +1234567890123456789\n", monkeypatch) == [
        "x.yaml:1:10: error: [0].order: a whole number with 5000 digits: at most 18 are allowed "
        "(quote it if it is text)",
        "x.yaml:2:6: error: [1].n: a whole number with 19 digits: at most 18 are allowed (quote it if it is text)",
    ]
    doc, errors = _yaml(tmp_path, "x: 1." + "0" * 63 + "\n")
    assert errors == [
        "x.yaml:1:4: error: x: a number written with 65 characters: at most 64 are allowed (quote it if it is text)"
    ]
    assert doc.value == {"x": None}
    assert doc.rejected == {("x",)}


def test_schema_errors_do_not_repeat_a_value_the_loader_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    zoo = data / "zoo.yaml"
    zoo.write_text("title: !!str Tiny Zoo\ndescription: A zoo.\n", encoding="utf-8")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        "data/references.yaml:10:7: warning: paper-c: reference is listed by no task and cited by no model or source",
        "data/zoo.yaml:1:8: error: title: YAML tags are not allowed (tag:yaml.org,2002:str)",
        "1 error, 1 warning",
    ]


# ------------------------------------------------------------------------------ CSV errors where they start


def _csv(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "m.csv"
    path.write_bytes(text.encode())
    diags = Collector()
    assert read_csv(path, "m.csv", diags) is None
    return [d.format() for d in diags.items]


def test_csv_unterminated_quote_is_reported_at_the_opening_quote(tmp_path: Path) -> None:
    assert _csv(tmp_path, 'a,b,c\n1,2,3\n4,"five,6\n7,8,9\n') == [
        "m.csv:3:3: error: (syntax): invalid CSV: the quoted cell opened by this quote is not closed before "
        "the end of the file (line 5, column 1)"
    ]
    # after a multi-line quoted cell that was closed, with CRLF, and no newline at the end
    assert _csv(tmp_path, 'a,b\r\n"x\r\ny",2\r\n3,"\r\n4') == [
        "m.csv:4:3: error: (syntax): invalid CSV: the quoted cell opened by this quote is not closed before "
        "the end of the file (line 5, column 2)"
    ]


def test_csv_text_after_a_closing_quote_is_reported_at_that_quote(tmp_path: Path) -> None:
    assert _csv(tmp_path, 'a,b\n1,"a 5" screen",2\n') == [
        "m.csv:2:7: error: (syntax): invalid CSV: this quote closes the quoted cell opened at column 3, but "
        'text follows it (a quote inside a quoted cell is written "")'
    ]
    assert _csv(tmp_path, 'a,b\n1,"two\nlines""" x\n') == [
        "m.csv:3:8: error: (syntax): invalid CSV: this quote closes the quoted cell opened at line 2, column 3, "
        'but text follows it (a quote inside a quoted cell is written "")'
    ]


def test_csv_cell_over_the_size_limit_is_reported_where_it_starts(tmp_path: Path) -> None:
    limit = csv.field_size_limit()
    assert _csv(tmp_path, "a,b\n1,2\n3," + "x" * (limit + 1) + "\n") == [
        f"m.csv:3:3: error: (syntax): invalid CSV: a cell longer than {limit:,} characters"
    ]
    assert _csv(tmp_path, 'a\n"' + "y" * (limit + 1) + '"\n') == [
        f"m.csv:2:1: error: (syntax): invalid CSV: a cell longer than {limit:,} characters"
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from([*"ab1.-: ,\"'\n\r[]{}#&*!|>?%@`\t\\", "\u00e9", "\ufeff"])))
def test_the_loaders_never_raise(tmp_path: Path, text: str) -> None:
    """Whatever the bytes, a result or located diagnostics: never an exception."""
    path = tmp_path / "any"
    path.write_bytes(text.encode("utf-8"))
    for loader in (load_yaml, read_csv):
        diags = Collector()
        result = loader(path, "any", diags)
        assert result is not None or diags.has_errors
        assert all(d.location.path == "any" for d in diags.items)


# ------------------------------------------------- contained reads: regular files inside the data folder only

SECRET = "SECRET-OUTSIDE-THE-DATA-FOLDER"
LINK = "a symbolic link (links are not followed: put the file itself here)"


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    # A file outside the data folder whose content any error message about it would show.
    (tmp_path / "outside.yaml").write_text(f"- id: {SECRET}\n  name: {SECRET}\n", encoding="utf-8")
    return data


def _validate(tmp_path: Path, capsys, monkeypatch) -> list[str]:
    """`modelzoo validate` of tmp_path/data, checked against build_site's own report: they must agree."""
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(["validate", "--data", "data", "--templates", str(TEMPLATES)])
    out = capsys.readouterr()
    assert out.err == ""
    try:
        site = build_site(Path("data"), TEMPLATES)
    except DataError as exc:
        assert code == 1
        assert out.out == exc.report() + "\n"
    else:
        assert code == 0
        assert out.out.splitlines() == [*(w.format() for w in site.warnings), summary(site.warnings)]
    assert SECRET not in out.out
    return out.out.splitlines()


def _replace_with_link(path: Path, target: Path) -> None:
    path.unlink() if path.is_file() else shutil.rmtree(path)
    path.symlink_to(target, target_is_directory=target.is_dir())


def test_a_yaml_file_that_links_outside_is_refused_not_read(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    _replace_with_link(data / "sources.yaml", tmp_path / "outside.yaml")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        f"data/sources.yaml:0:0: error: (file): {LINK}",
        "1 error, 0 warnings",
    ]


def test_a_link_to_a_file_inside_the_data_folder_is_refused_too(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    (data / "sources.yaml").rename(data / "copy.yaml")
    (data / "sources.yaml").symlink_to("copy.yaml")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        f"data/sources.yaml:0:0: error: (file): {LINK}",
        "1 error, 0 warnings",
    ]


def test_a_dangling_link_is_refused_not_missing(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    _replace_with_link(data / "datasets.yaml", tmp_path / "nowhere.yaml")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        f"data/datasets.yaml:0:0: error: (file): {LINK}",
        "1 error, 0 warnings",
    ]


def test_a_csv_file_that_links_outside_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    csv_file = data / "models" / "image-classification.csv"
    (tmp_path / "outside.csv").write_text(csv_file.read_text(encoding="utf-8") + f"{SECRET},,,,\n")
    _replace_with_link(csv_file, tmp_path / "outside.csv")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        f"data/models/image-classification.csv:0:0: error: (file): {LINK}",
        "1 error, 0 warnings",
    ]


def test_linked_tasks_and_models_folders_are_refused_once(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    shutil.copytree(data / "tasks", tmp_path / "tasks")
    _replace_with_link(data / "tasks", tmp_path / "tasks")
    assert _validate(tmp_path, capsys, monkeypatch) == [
        "data/tasks:0:0: error: (folder): the folder 'tasks' is a symbolic link (links are not followed)",
        "1 error, 0 warnings",
    ]
    data = _data(tmp_path / "again")
    shutil.copytree(data / "models", tmp_path / "models")
    _replace_with_link(data / "models", tmp_path / "models")
    assert _validate(tmp_path / "again", capsys, monkeypatch) == [
        "data/models:0:0: error: (folder): the folder 'models' is a symbolic link (links are not followed)",
        "1 error, 0 warnings",
    ]


def test_folders_fifos_and_huge_files_are_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    (data / "tasks" / "folder.yaml").mkdir()
    with (data / "models" / "semantic-segmentation.csv").open("r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, and nothing may be read
    assert _validate(tmp_path, capsys, monkeypatch) == [
        "data/models/semantic-segmentation.csv:0:0: error: (file): the file is too large (52,428,801 bytes): "
        "at most 52,428,800 bytes are read",
        "data/tasks/folder.yaml:0:0: error: (file): a folder, not a regular file",
        "2 errors, 0 warnings",
    ]


def test_a_fifo_does_not_block_the_validator(tmp_path: Path) -> None:
    data = _data(tmp_path)
    os.mkfifo(data / "tasks" / "pipe.yaml")
    (data / "zoo.yaml").unlink()
    os.mkfifo(data / "zoo.yaml")
    # In a subprocess: opening a FIFO for reading would block until a writer comes, which none will.
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", "data", "--templates", str(TEMPLATES)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines() == [
        "data/tasks/pipe.yaml:0:0: error: (file): a FIFO (named pipe), not a regular file",
        "data/zoo.yaml:0:0: error: (file): a FIFO (named pipe), not a regular file",
        "2 errors, 0 warnings",
    ]


def test_the_data_folder_itself_may_be_a_link(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    data.rename(tmp_path / "real-data")
    data.symlink_to(tmp_path / "real-data", target_is_directory=True)
    assert _validate(tmp_path, capsys, monkeypatch) == [
        "data/references.yaml:10:7: warning: paper-c: reference is listed by no task and cited by no model or source",
        "0 errors, 1 warning",
    ]


def test_linked_secrets_appear_in_no_output_nor_in_the_build_log(tmp_path: Path, capsys, monkeypatch) -> None:
    data = _data(tmp_path)
    hostname = Path("/etc/hostname")
    if not hostname.is_file():  # pragma: no cover - every Linux runner has one
        pytest.skip("no /etc/hostname")
    secret_host = hostname.read_text(encoding="utf-8").strip()
    _replace_with_link(data / "zoo.yaml", hostname)
    _replace_with_link(data / "sources.yaml", tmp_path / "outside.yaml")
    expected = [
        f"data/sources.yaml:0:0: error: (file): {LINK}",
        f"data/zoo.yaml:0:0: error: (file): {LINK}",
    ]
    lines = _validate(tmp_path, capsys, monkeypatch)
    assert lines == [*expected, "2 errors, 0 warnings"]
    # Followed, the link would show up as "expected a mapping of fields, got '<hostname>'".
    assert f"'{secret_host}'" not in "\n".join(lines)
    build = mkdocs_build(tmp_path, data)
    assert build.returncode == 1
    for line in expected:
        assert line in build.log
    assert SECRET not in build.log
    assert f"'{secret_host}'" not in build.log
    assert "Traceback" not in build.log
    assert not build.site.exists()


@pytest.mark.parametrize(
    "case",
    [
        "csv-text-after-quote",
        "csv-unterminated-quote",
        "yaml-deep-nesting",
        "yaml-flow-open",
        "yaml-huge-int",
        "yaml-syntax",
        "yaml-unterminated-quote",
    ],
)
def test_golden_syntax_cases_fail_build_site_as_validate_says(tmp_path: Path, monkeypatch, case: str) -> None:
    """The golden cases of these errors (tests/golden/validate/, run through `modelzoo validate` by
    test_validate_golden) give build_site, which the mkdocs plugin runs, the very same report."""
    from test_validate_golden import GOLDEN, _overlay

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    _overlay(GOLDEN / case, data)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as err:
        build_site(Path("data"), TEMPLATES)
    expected = (GOLDEN / case / "expected.txt").read_text(encoding="utf-8")
    assert expected == "exit 1\n" + err.value.report() + "\n"
