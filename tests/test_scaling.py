"""The shape of the cost, not absolute times (those are in bench/): 10x the data costs at most 15x.

Costs are measured as Python lines executed (deterministic: the same on a loaded machine) and, for the
parts in C (libyaml, csv, pydantic-core), as the fastest of interleaved timed runs. The 1k and 10k zoos
come from `modelzoo synth` with one source per 250 models, so the number of sources grows with the models
as in real zoos: a loop over sources inside a loop over models shows up as 100x here.

The fast paths of the data layer (libyaml, lazy CSV columns, figures parsed once) must give exactly what
the slow ones gave: the last tests compare them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES

import generator.load as load
from generator.diagnostics import Collector
from generator.synth import synthesize, write_synthetic
from generator.validate import build_catalogue

MAX_RATIO = 15


def lines_executed(fn: Callable[[], object]) -> int:
    """How many Python lines ``fn()`` executes (sys.settrace line events)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: local)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


@pytest.fixture(scope="module")
def zoos(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("zoos")
    out = {}
    for n in (1_000, 10_000):
        out[n] = root / f"zoo-{n}"
        write_synthetic(out[n], n, seed=0)
    return out


def test_the_meter_sees_a_quadratic_loop() -> None:
    def pairs(n: int) -> int:
        hits = 0
        for i in range(n):
            for j in range(n):
                hits += i == j
        return hits

    def singles(n: int) -> int:
        hits = 0
        for i in range(n):
            hits += i >= 0
        return hits

    assert lines_executed(lambda: pairs(200)) / lines_executed(lambda: pairs(20)) > 90
    assert lines_executed(lambda: singles(20_000)) / lines_executed(lambda: singles(2_000)) < 10.1


def test_load_and_validate_lines_grow_linearly(zoos: dict[int, Path]) -> None:
    small = lines_executed(lambda: build_catalogue(zoos[1_000]))
    large = lines_executed(lambda: build_catalogue(zoos[10_000]))
    assert large / small <= MAX_RATIO, (small, large)


def test_catalogue_queries_grow_linearly(zoos: dict[int, Path]) -> None:
    """Every task's rows per source (what a page does) and the citations of every reference."""

    def queries(path: Path) -> Callable[[], object]:
        catalogue, _ = build_catalogue(path)

        def run() -> None:
            for task in catalogue.tasks:
                for source_id in task.source_ids:
                    catalogue.models_of(task.id, source_id)
            catalogue.citations()

        return run

    small = lines_executed(queries(zoos[1_000]))
    large = lines_executed(queries(zoos[10_000]))
    assert large / small <= MAX_RATIO, (small, large)


def test_load_and_validate_time_grows_linearly(zoos: dict[int, Path]) -> None:
    """Wall time, for the parts in C: the fastest of 5 runs each, interleaved so load affects both."""
    best = {n: float("inf") for n in zoos}
    for _ in range(5):
        for n, path in zoos.items():
            t = time.perf_counter()
            build_catalogue(path)
            best[n] = min(best[n], time.perf_counter() - t)
    assert best[10_000] / best[1_000] <= MAX_RATIO, best


# -------------------------------------------------------------------------------- fast == slow paths
TRICKY_YAML = [
    "a: 1\nb: no\nc: 1.10\nd: 2024-01-01\ne: ~\nf:\ng: 'q'\nh: \"dq\"\ni: 0o17\nj: 0x1F\nk: +12\nl: 1e3\n",
    "a: .inf\nb: -.INF\nc: .nan\nd: true\ne: True\nf: null\ng: ''\n",
    "- {id: x, n: [1, 2, {k: v}]}\n- [a, b]\n-\n- - nested\n  - seq\n",
    "text: |\n  line1\n  line2\nfolded: >-\n  a\n  b\nkeep: |+\n  x\n\nafter: 1\n",
    "key: value # comment\n# only a comment\nlist:\n- a\n-   b\nplain: multi\n  line\n",
    "---\na: 1\n...\n",
    "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\n",
    "name: Müller — 😀 ünïcödé\nurl: 'http://x/ü'\n\"quoted key\": 1\n",
    "? complex key\n: value\n",
    "a: &anchor 1\nb: 2\n",
    "a: 'it''s'\nb: \"esc \\t \\u00e9 \\\"q\\\"\"\n",
    "",
    "# just a comment\n",
    "[1, 2, 3]\n",
    "plain scalar document\n",
    # errors: every one must give the same diagnostics both ways
    "a: !!str 1\n",
    "a: !custom x\n",
    "a: &x 1\nb: *x\n",
    "a: [1, 2\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\n",
    "[a, b]: c\n",
    "a: b: c\n",
    "a:\t1\n\tb: 2\n",
    "a: 1\n x: 2\n",
    "---\na: 1\n---\nb: 2\n",
    "k" * 1100 + ": v\n",
    "- a\nb: c\n",
    "a: 'unterminated\n",
    'a: "bad \\q escape"\n',
    "{a: 1, a: 2}\n",
    "- !!python/object:os.system x\n",
]


def _yaml_corpus(tmp_path: Path) -> list[tuple[str, str]]:
    files = [*DATA.rglob("*.yaml"), *FIXTURES.rglob("*.yaml"), *(FIXTURES.parent / "golden").rglob("*.yaml")]
    corpus = [(p.name, p.read_bytes().decode("utf-8-sig")) for p in sorted(files)]
    synth = synthesize(300, tasks=5, seed=3)
    corpus += [(name, text) for name, text in synth.items() if name.endswith(".yaml")]
    corpus += [(f"tricky-{i}.yaml", text) for i, text in enumerate(TRICKY_YAML)]
    return corpus


def _load(path: Path) -> tuple[object, list[str]]:
    diags = Collector()
    doc = load.load_yaml(path, path.name, diags)
    # repr: nan != nan, and it also tells 1 from 1.0 and True
    shown = None if doc is None else (repr(doc.value), doc.marks, doc.key_marks, doc.raw)
    return shown, [d.format() for d in diags.items]


def test_libyaml_and_python_yaml_give_the_same_documents(tmp_path: Path, monkeypatch) -> None:
    if load._CSafeLoader is None:
        pytest.skip("PyYAML without libyaml: there is only the Python path")
    fast_used = 0
    for i, (name, text) in enumerate(_yaml_corpus(tmp_path)):
        path = tmp_path / f"{i}-{name.replace('/', '-')}"
        path.write_text(text, encoding="utf-8", newline="")
        fast = _load(path)
        with monkeypatch.context() as m:
            m.setattr(load, "_CSafeLoader", None)
            slow = _load(path)
        assert fast == slow, (name, text[:200])
        fast_used += load._compose_fast(text)[0]
    assert fast_used > 40  # the comparison is not vacuous: most documents took the libyaml path


def test_lazy_csv_columns_are_the_columns_of_the_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text('a,b,c\n1,"x,y",3\n"q""q",,z\n', encoding="utf-8")
    table = load.read_csv(path, "m.csv", Collector())
    assert table is not None
    # 1-based starts: `1` at 1, comma at 2 -> 3, `"x,y"` spans 3-7, comma at 8 -> 9;
    # `"q""q"` spans 1-6, comma at 7 -> 8, comma at 8 -> 9
    assert [r.cols for r in table.rows] == [[1, 3, 9], [1, 8, 9]]
    assert table.header_cols == [1, 3, 5]


def test_lazy_csv_lines_are_the_lines_of_the_file(tmp_path: Path) -> None:
    """The file's lines are split only when a column is asked for: the header on a later line, CRLF and
    CR line ends and a record spanning two lines give the columns of the lines they start on."""
    path = tmp_path / "m.csv"
    path.write_bytes(b'\r\n\r\nid,"a,b",c\r\n1,"x\ny",3\r22,,"q"\n')
    table = load.read_csv(path, "m.csv", Collector())
    assert table is not None
    assert table.header == ["id", "a,b", "c"] and table.header_cols == [1, 4, 10]  # the header: line 3
    assert [(r.line, r.text, r.cols) for r in table.rows] == [
        (4, '1,"x', [1, 3, 3]),  # its third cell is on line 5: the last column found on line 4
        (6, '22,,"q"', [1, 4, 5]),
    ]
