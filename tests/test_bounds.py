"""Issue 8: every value the validator accepts renders and plots; every value past a limit is a located error.

- the golden cases ``bounds-*`` (tests/golden/validate/) pin the messages of values past each limit; their
  ``bounds-*-ok`` twins hold the same fields at the limits, and must build with mkdocs --strict;
- property tests: the validator accepts exactly the figures the documented limits allow, and figures of any
  accepted values build and serialise (finite JSON, every point inside the axis ranges);
- the limits on records per list file and rows per models file, the figure files' names at the longest ids,
  and long values cut in messages.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import pytest
from conftest import FIXTURES, Build, assert_no_warnings, mkdocs_build
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_validate_golden import GOLDEN, _overlay

import generator.validate
from generator import schema
from generator.analyse import analyse_task
from generator.diagnostics import DataError
from generator.figures import FIGURE_INLINE_LIMIT, task_figures
from generator.validate import _dotted, _message, build_catalogue

DATA_FIGURE = re.compile(r'data-figure="([^"]*)"')
ELEMENT_ID = re.compile(r'\sid="([^"]*)"')


def _case_data(case: str, dest: Path) -> Path:
    """The two-task fixture with a golden case laid over it, as the golden test makes it."""
    data = dest / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    _overlay(GOLDEN / case, data)
    return data


def _assert_unique_ids(build: Build) -> None:
    """No element id twice on any page (a legacy anchor or source id taking one the page has)."""
    for page in build.site.rglob("*.html"):
        ids = Counter(ELEMENT_ID.findall(page.read_text(encoding="utf-8")))
        assert not [i for i, n in ids.items() if n > 1], page


def _figures_of(build: Build, page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in DATA_FIGURE.findall(build.page(page))]


def _check_figure(fig: dict) -> None:
    """Every point of the plot's models inside the axis ranges (a source plot's faint all-sources frontier
    may leave them), and the ticks inside the x range; plotly accepts the figure."""
    layout = fig["layout"]
    (x_lo, x_hi), (y_lo, y_hi) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    assert x_lo < x_hi and y_lo < y_hi
    for trace in fig["data"]:
        if trace["meta"] not in ("models", "frontier", "source-frontier"):
            continue
        for x, y in zip(trace["x"], trace["y"], strict=True):
            assert x_lo <= math.log10(x) <= x_hi
            assert y_lo <= y <= y_hi
    for tick in layout["xaxis"].get("tickvals", []):
        assert x_lo <= math.log10(tick) <= x_hi
    go.Figure(data=fig["data"], layout=fig["layout"])


# -- the boundary values build ---------------------------------------------------------------------------------


# A figure's cell of a model table (templates/table.md.j2): right-aligned, labelled by its column's heading.
NUM_CELL = r'<td class="mz-num[ a-z-]*" data-label="[^"]+">{}</td>'


def test_boundary_figures_build(tmp_path: Path) -> None:
    """GigaMACs 0.000001 and 1000000, 15-digit figures, a metric without bounds at 1000000000."""
    build = mkdocs_build(tmp_path, _case_data("bounds-figures-ok", tmp_path))
    assert_no_warnings(build)
    _assert_unique_ids(build)
    page = build.page("image-classification/index.html")
    for cell in ("0.000001", "1000000", "999999.999999", "100.000000"):
        assert re.search(NUM_CELL.format(re.escape(cell)), page), cell
    seg = build.page("semantic-segmentation/index.html")
    for cell in ("1000000000", "999999999.999999", "999999999.999998", "123456.123456"):
        assert re.search(NUM_CELL.format(re.escape(cell)), seg), cell
    figures = _figures_of(build, "image-classification/index.html")
    figures += _figures_of(build, "semantic-segmentation/index.html")
    # the overviews (two for segmentation: a plot per metric), alpha's two plots and beta's (its NetB has
    # GigaMACs here)
    assert len(figures) == 6
    for fig in figures:
        _check_figure(fig)
    # twelve decades: too many for 1-2-5 or powers of ten, so plotly's own ticks
    overview = figures[0]["layout"]["xaxis"]
    assert overview["range"] == [-6.84, 6.84] and "tickvals" not in overview
    # 999999999.999998, .999999 and 1000000000 stay apart: a pad of 10% of their span (0.0000002), rounded
    # outwards to its own precision, not to 4 decimals (which would make the range 999999999.9999..1e9+0.0001)
    seg_y = figures[3]["layout"]["yaxis"]["range"]
    assert seg_y == [999999999.9999978, 1000000000.0000002]


def test_boundary_numbers_build(tmp_path: Path) -> None:
    """order ±999999999, rows_per_page 999999999 and 10, reference number 999999999, years 1900 and 2100,
    metric bounds ±1e9."""
    build = mkdocs_build(tmp_path, _case_data("bounds-numbers-ok", tmp_path))
    assert_no_warnings(build)
    _assert_unique_ids(build)
    refs = build.page("references/index.html")
    # paper-b is [1], paper-a [999999999], and paper-c, without a number, the next one
    assert re.findall(r"<strong>\[(\d+)\]</strong>", refs) == ["1", "999999999", "1000000000"]
    assert ", 2100" in refs and ", 1900" in refs
    # order -999999999 puts Semantic Segmentation first in the home page's table
    home = build.page("index.html")
    assert home.index("Semantic Segmentation") < home.index("Image Classification")


def test_boundary_text_builds(tmp_path: Path) -> None:
    """Ids of 100 characters, names of 200, titles and labels of 1,000, prose of 20,000, URLs of 2,000."""
    build = mkdocs_build(tmp_path, _case_data("bounds-text-ok", tmp_path))
    assert_no_warnings(build)
    _assert_unique_ids(build)
    page = build.page("image-classification/index.html")
    assert f'id="{"s" * 100}"' in page
    assert f'id="{"A" * 200}"' in page  # the legacy anchor
    assert "N" * 200 in page and "G" * 200 in page
    assert f"https://example.org/{'u' * 1980}" in page
    anchor = f"{'s' * 100}--netl--224x224--{'d' * 100}"
    assert f'id="{anchor}"' in page
    for fig in _figures_of(build, "image-classification/index.html"):
        _check_figure(fig)


# -- figures: the validator's limits and the plots agree -----------------------------------------------------

_INT_PART = st.one_of(st.just("0"), st.from_regex(r"[1-9][0-9]{0,9}", fullmatch=True))
_FIGURE = st.builds(
    lambda i, f: i + ("." + f if f is not None else ""),
    _INT_PART,
    st.none() | st.from_regex(r"[0-9]{1,7}", fullmatch=True),
)


def _expected_problem(text: str, *, complexity: bool) -> bool:
    """The documented limits, computed on the text (not with the validator's Decimal arithmetic)."""
    whole, _, frac = text.partition(".")
    digits = len((whole + frac).lstrip("0")) or 1
    value = Decimal(text)
    if complexity and not Decimal("0.000001") <= value <= 1_000_000:
        return True
    if not complexity and value > 1_000_000_000:
        return True
    return len(frac) > 6 or digits > 15


_SEG_TASK = """id: semantic-segmentation
title: Semantic Segmentation
datasets: [cityscapes]
sources: [alpha]
complexity: {key: gmacs, label: GigaMACs, unit: GMAC}
metrics:
  - {key: miou, label: MeanIoU%}
links_base: https://example.org/zoo/segmentation/
"""
_SEG_HEAD = "source,group,dataset,name,input_size,gmacs,miou,available,qat,notes,references\n"


@pytest.fixture(scope="module")
def seg_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two-task data whose segmentation metric declares no bounds; the tests rewrite its models file."""
    data = tmp_path_factory.mktemp("prop") / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    (data / "tasks" / "semantic-segmentation.yaml").write_text(_SEG_TASK, encoding="utf-8")
    return data


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(rows=st.lists(st.tuples(_FIGURE, _FIGURE), min_size=1, max_size=5))
@example(rows=[("0.000001", "1000000000")])  # a single point at the extremes
@example(rows=[("1000000", "0.000001"), ("0.000001", "0.000002")])
@example(rows=[("5", "5"), ("5", "5"), ("5", "5")])  # all equal
@example(rows=[("0", "0"), ("0.0000001", "1000000000.000000"), ("1000000.000001", "0.1234567")])
@example(rows=[("123456.123456", "123456789.123456"), ("123456.123457", "123456789.123457")])
@example(rows=[("999999.999999", "999999999.999999"), ("999999.999998", "999999999.999998")])
@example(rows=[("0.000001", "0"), ("0.000002", "0")])
def test_accepted_figures_plot(seg_data: Path, rows: list[tuple[str, str]]) -> None:
    csv = "".join(f"alpha,,cityscapes,Seg{i},1024x512,{x},{y},Y,,,\n" for i, (x, y) in enumerate(rows))
    (seg_data / "models" / "semantic-segmentation.csv").write_text(_SEG_HEAD + csv, encoding="utf-8")
    expected = {
        (line, col)
        for line, (x, y) in enumerate(rows, start=2)
        for col, text, is_complexity in ((33, x, True), (34 + len(x), y, False))
        if _expected_problem(text, complexity=is_complexity)
    }
    try:
        catalogue, _ = build_catalogue(seg_data, display_root=seg_data)
    except DataError as exc:
        found = {(d.location.line, d.location.col) for d in exc.errors}
        assert found == expected, exc.report()
        for d in exc.errors:
            assert d.field in ("gmacs", "miou") and d.location.path == "models/semantic-segmentation.csv"
        event("rejected")
        return
    event("accepted")
    assert not expected
    task = catalogue.task("semantic-segmentation")
    models = catalogue.models["semantic-segmentation"]
    assert [(str(m.complexity), str(m.metric("miou"))) for m in models] == rows  # printed as written
    figures = task_figures(catalogue, analyse_task(catalogue, task))
    plots = [*figures.overview, *figures.sources["alpha"]]
    assert len(plots) == 2
    for plot in plots:
        assert plot.figure is not None
        fig = json.loads(plot.figure)
        json.dumps(fig, allow_nan=False)
        layout = fig["layout"]
        (x_lo, x_hi), (y_lo, y_hi) = layout["xaxis"]["range"], layout["yaxis"]["range"]
        assert x_lo < x_hi and y_lo < y_hi
        for x, y in rows:
            assert x_lo < math.log10(float(x)) < x_hi
            assert y_lo <= float(y) <= y_hi


# -- limits on whole files ---------------------------------------------------------------------------------------


def test_too_many_model_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    monkeypatch.setattr(generator.validate, "MAX_MODEL_ROWS", 2)
    with pytest.raises(DataError) as exc:
        build_catalogue(data, display_root=tmp_path)
    assert exc.value.report() == (
        "data/models/image-classification.csv:4:1: error: (file): expected at most 2 model rows, found 3\n"
        "1 error, 0 warnings"
    )
    monkeypatch.setattr(generator.validate, "MAX_MODEL_ROWS", 3)
    build_catalogue(data, display_root=tmp_path)


def test_too_many_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    monkeypatch.setattr(generator.validate, "MAX_RECORDS", 2)
    with pytest.raises(DataError) as exc:
        build_catalogue(data, display_root=tmp_path)
    # references.yaml has 3 records; nothing else is checked against it, and no warning is given
    assert exc.value.report() == (
        "data/references.yaml:10:3: error: (document): expected at most 2 records, found 3\n"
        "1 error, 0 warnings"
    )
    monkeypatch.setattr(generator.validate, "MAX_RECORDS", 3)
    build_catalogue(data, display_root=tmp_path)


def test_benchmark_sizes_stay_within_the_limits() -> None:
    """`make bench` (100k models in 3 tasks: 50,000 rows in the largest file, 2,900 references) must stay
    valid: the synthetic zoo's shape is checked in tests/test_synth.py, its sizes against the limits here."""
    assert schema.MAX_MODEL_ROWS >= 2 * 50_000
    assert schema.MAX_RECORDS >= 3 * 2_900


# -- names and messages ------------------------------------------------------------------------------------------


def test_figure_files_fit_file_names_at_the_longest_ids(tmp_path: Path) -> None:
    """A big source plot of a split task goes to <source>/pareto-<source>--<dataset>.json: with ids of
    MAX_ID characters the name stays within 255 bytes, and the file can be written."""
    source, dataset = "s" * schema.MAX_ID, "d" * schema.MAX_ID
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    with (data / "datasets.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- id: {dataset}\n  name: Long\n")
    with (data / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- id: {source}\n  title: Long\n")
    task = data / "tasks" / "image-classification.yaml"
    text = task.read_text().replace("[imagenet]", f"[imagenet, {dataset}]")
    beta = "  - id: beta\n    references: [paper-b]\n"
    assert beta in text
    task.write_text(text.replace(beta, f"{beta}  - {source}\n"))
    rows = "".join(
        f"{source},,{dataset},Net{i},224x224,{1 + i / 1000:.3f},{50 + i / 10:.1f},,,,\n" for i in range(400)
    )
    with (data / "models" / "image-classification.csv").open("a", encoding="utf-8") as f:
        f.write(rows)
    catalogue, _ = build_catalogue(data)
    task_ = catalogue.task("image-classification")
    figures = task_figures(catalogue, analyse_task(catalogue, task_), source_files=True)
    name = f"{source}/pareto-{source}--{dataset}.json"
    assert name in figures.files and len(figures.files[name]) > FIGURE_INLINE_LIMIT
    assert len(name.rsplit("/", 1)[1].encode()) <= 255
    target = tmp_path / "site" / name
    target.parent.mkdir(parents=True)
    target.write_text(figures.files[name], encoding="utf-8")


def test_long_values_are_cut_in_messages(tmp_path: Path) -> None:
    """A 100 KB cell (the CSV reader takes up to 128 KB) or a 1 MB id gives a message of a line."""
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    csv = data / "models" / "image-classification.csv"
    csv.write_text(
        csv.read_text().replace("NetA,224x224,0.300", "NetA,224x224," + "9" * 100_000 + "x", 1),
        encoding="utf-8",
    )
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text().replace("- id: beta", "- id: BETA" + "A" * 1_000_000))
    with pytest.raises(DataError) as exc:
        build_catalogue(data, display_root=tmp_path)
    report = exc.value.report()
    assert max(len(line) for line in report.splitlines()) < 200, report[:2000]
    assert (
        "data/models/image-classification.csv:2:30: error: gmacs: expected a plain decimal number like "
        "71.83, got '9999999999999999999999999999999999999999'… (100001 characters)"
    ) in report
    assert "data/sources.yaml:4:7: error: [1].id: must be at most 100 characters long, got 1000004" in report


def test_clipped_and_quoted() -> None:
    assert schema.clipped("x" * 40) == "x" * 40
    assert schema.clipped("x" * 41) == "x" * 40 + "… (41 characters)"
    assert schema.quoted("it's") == '"it\'s"'
    assert schema.quoted("y" * 41) == repr("y" * 40) + "… (41 characters)"


def test_messages_for_integers_past_the_str_limit() -> None:
    """Python refuses str() of an int of more than 4,300 digits; the message must not (the YAML loader
    may hand one over: reading such a scalar is the loader's business, its message is the schema's)."""
    task = {
        "id": "t",
        "title": "T",
        "datasets": ["d"],
        "sources": ["s"],
        "complexity": {"key": "gmacs", "label": "GigaMACs", "unit": "GMAC"},
        "metrics": [{"key": "top1", "label": "Top-1", "maximum": 10**5000}],
        "order": -(10**5000),
    }
    with pytest.raises(ValidationError) as exc:
        schema.Task.model_validate(task)
    messages = {_dotted(e["loc"]): _message(e, _dotted(e["loc"]), None) for e in exc.value.errors()}
    assert messages == {
        "order": "must be at least -999999999, got a number too long to show",
        "metrics[0].maximum": "must be at most 1000000000, got a number too long to show",
    }
    # with the text as written (YAML), it is cut like any long value
    err = next(e for e in exc.value.errors() if e["loc"] == ("order",))
    assert _message(err, "order", "-1" + "0" * 5000) == (
        "must be at least -999999999, got -100000000000000000000000000000000000000… (5002 characters)"
    )
