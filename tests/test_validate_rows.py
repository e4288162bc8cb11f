"""The fast path of the models files (issue 10): rows whose cells plainly pass ``ModelRow`` skip it, and
each check of a cell is made once per distinct text of its column. Both must give exactly what checking
every row with ``ModelRow`` and every cell anew gives: the same models, the same diagnostics."""

from __future__ import annotations

import csv
import gc
import io
import random
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import generator.validate as validate
from generator.catalogue import slugify
from generator.diagnostics import DataError
from generator.gcpause import gc_paused, paused
from generator.schema import (
    MAX_ID,
    MAX_NAME,
    MAX_TEXT,
    ModelRow,
    plain_figure,
    plain_flag,
    plain_model_ids,
    plain_references,
    plain_text,
)
from generator.synth import write_synthetic

# ---------------------------------------------------------------- plain_* never accept what ModelRow refuses
VALID_ROW: dict[str, Any] = {
    "source": "alpha",
    "section": "",
    "group": "",
    "dataset": "imagenet",
    "name": "NetA",
    "input_size": "224x224",
    "complexity": Decimal("0.300"),
    "metrics": {"top1": Decimal("72.00")},
    "available": "Y",
    "qat": "",
    "notes": "",
    "references": "paper-a",
    "model_id": "",
}
TEXTS = [
    "",
    " ",
    "a",
    " a",
    "a ",
    "\u00a0a",
    "a\u3000",
    "a\n",
    "\na",
    "a b",
    "A",
    "a-b",
    "a--b",
    "a_b.c",
    "a.",
    ".a",
    "-a",
    "é",
    "ü-net",
    "模型",
    "a\u2028b",
    "x" * MAX_ID,
    "x" * (MAX_ID + 1),
    "x" * MAX_NAME,
    "x" * (MAX_NAME + 1),
    "x" * MAX_TEXT,
    "x" * (MAX_TEXT + 1),
    "224x224",
    "224X224",
    "520",
    "0",
    "0x1",
    "(416,416)",
    "(416, 416)",
    "999999x999999",
    "1000000x1",
    "224x224\n",
    "Y",
    "y",
    "N",
    "YY",
    "paper-a paper-b",
    "paper-a  paper-a",
    "paper-a, paper-b",
    "Paper-A",
    " ".join(["p"] * 500),
    " ".join(["p"] * 501),
    ("x" * MAX_ID + " ") * 9,
    "x" * (MAX_ID + 1) + " p",
]
TEXT_FIELDS = ("source", "section", "group", "dataset", "name", "input_size", "notes")


def _model_row(field: str, value: Any) -> ModelRow | None:
    try:
        return ModelRow.model_validate({**VALID_ROW, field: value})
    except ValueError:
        return None


def test_the_valid_row_is_valid() -> None:
    assert ModelRow.model_validate(VALID_ROW).name == "NetA"


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_plain_text_agrees_with_model_row(field: str) -> None:
    plain = plain_text(field)
    taken = 0
    for value in TEXTS:
        row = _model_row(field, value)
        if plain(value):
            assert row is not None, (field, value)
            assert getattr(row, field) == value, (field, value)
            taken += 1
        elif row is not None:
            # Not plain yet taken: only a value ModelRow changes (strips) may be, never one it takes as is.
            assert getattr(row, field) != value, (field, value)
    assert taken >= 3, field  # not vacuous


def test_plain_references_flags_and_figures_agree_with_model_row() -> None:
    for value in TEXTS:
        row = _model_row("references", value)
        refs = plain_references(value)
        if refs is not None:
            assert row is not None and row.references == refs, value
        elif row is not None:
            pytest.fail(f"references {value!r}: taken by ModelRow but not plainly")
    assert plain_references("paper-a  paper-a") == ("paper-a", "paper-a")
    assert plain_references("") == ()
    # model_id: one or more TI model ids, space separated, as references are
    for value in [*TEXTS, "cl-0000", "ss-5710 ss-8710", "cl-0000 CL-1"]:
        row = _model_row("model_id", value)
        ids = plain_model_ids(value)
        if ids is not None:
            assert row is not None and row.model_id == ids, value
        elif row is not None:
            pytest.fail(f"model_id {value!r}: taken by ModelRow but not plainly")
    assert plain_model_ids("ss-5710 ss-8710") == ("ss-5710", "ss-8710")
    assert plain_model_ids("cl-0000 CL-1") is None
    assert plain_model_ids("") == ()
    for value in TEXTS:
        for field in ("available", "qat"):
            row = _model_row(field, value)
            flag = plain_flag(value)
            assert (row is None) == (flag is None), (field, value)
            if row is not None:
                assert getattr(row, field) is flag
    # A figure cell reaches ModelRow parsed: None (blank), its Decimal, or its text when it does not parse.
    for figure in (None, Decimal("0"), Decimal("0.300"), Decimal("123456789012345"), "1e3", "-1", "x"):
        row = _model_row("complexity", figure)
        if plain_figure(figure):
            assert row is not None and row.complexity is figure, figure
        else:
            assert row is None, figure


def test_model_row_checks_each_field_on_its_own() -> None:
    """Caching a cell's findings by its text and the per-field fast path rely on this: no validator of
    ModelRow looks at two fields."""
    decorators = ModelRow.__pydantic_decorators__
    assert not decorators.model_validators and not decorators.field_validators
    assert not decorators.root_validators and not decorators.validators


# ---------------------------------------------------------------- fast path == every row through ModelRow
def _all_through_model_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell reported as maybe not plain: each row then goes through ModelRow, as before issue 10."""
    monkeypatch.setattr(validate, "plain_text", lambda field: lambda value: False)
    monkeypatch.setattr(validate, "plain_references", lambda cell: None)
    monkeypatch.setattr(validate, "plain_flag", lambda cell: None)
    monkeypatch.setattr(validate, "plain_figure", lambda value: False)


def _outcome(data: Path) -> list[str]:
    """The catalogue's models (every field) and the diagnostics, as text."""
    try:
        catalogue, warnings = validate.build_catalogue(data, display_root=data)
    except DataError as exc:
        return [d.format() for d in exc.diagnostics]
    out = [d.format() for d in warnings]
    for models in catalogue.models.values():
        out += [repr(m) for m in models]
    return out


POOL = [
    "",
    " ",
    "Y",
    "y",
    " Y ",
    "N",
    "0",
    "0.0",
    "-1",
    "1e3",
    "1.0000001",
    "1234567890123456",
    "0.000001",
    "0.0000001",
    "1000001",
    "100.5",
    "abc",
    "a b",
    "A",
    "a.",
    "x" * 101,
    "x" * 201,
    "x" * 1001,
    "é",
    "模型",
    "224x224",
    "224X224",
    "(416, 416)",
    "520",
    "./rel",
    "https://ok.example/x",
    "javascript:alert(1)",
    "*emph*",
    "see https://example.org/a/b",
    "[x](./x)",
    "- list",
    "paper-a",
    "unknown-ref",
    "Paper-A",
    "newer-models",
    "nope",
    "cl-00001",
    "imagenet",
    "coco",
]


def _mutated(text: str, rng: random.Random) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    for _ in range(rng.randint(1, 6)):
        r = rng.randrange(len(body))
        c = rng.randrange(len(body[r]))
        kind = rng.random()
        if kind < 0.5:
            body[r][c] = rng.choice(POOL)
        elif kind < 0.75:
            body[r][c] = body[rng.randrange(len(body))][c]  # another row's value: a repeat
        elif kind < 0.85:
            body.append(list(body[r]))  # a repeated row
        elif kind < 0.9:
            body[r] = body[r][:-1]  # a short row
        else:
            body[r][c] = f" {body[r][c]} "
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A synthetic zoo (sections, model ids, extra columns) and 40 copies with mutated models files."""
    root = tmp_path_factory.mktemp("rows")
    base = root / "base"
    write_synthetic(base, 60, sources=3, seed=4)
    zoos = [base, FIXTURES / "two-tasks"]
    rng = random.Random(10)
    for i in range(40):
        zoo = root / f"mutated-{i}"
        shutil.copytree(base, zoo)
        for path in sorted((zoo / "models").glob("*.csv")):
            if rng.random() < 0.7:
                path.write_text(_mutated(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
        zoos.append(zoo)
    return zoos


def test_fast_path_gives_what_model_row_gives(corpus: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_outcome(zoo) for zoo in corpus]
    with monkeypatch.context() as m:
        _all_through_model_row(m)
        slow = [_outcome(zoo) for zoo in corpus]
    for zoo, a, b in zip(corpus, fast, slow, strict=True):
        assert a == b, zoo.name
    # not vacuous: valid zoos with their models, and invalid ones with many kinds of error
    assert sum(1 for out in fast if any(line.startswith("Model(") for line in out)) >= 5
    errors = {line.split(": error: ")[1].split(":")[0] for out in fast for line in out if ": error: " in line}
    assert {"source", "input_size", "available", "references", "(row)", "gmacs"} <= errors


def test_a_repeated_bad_cell_is_reported_at_every_row(tmp_path: Path) -> None:
    """A cell's findings are worked out once per distinct text, and reported at each row that has it."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    row = "{source},,imagenet,Net{n},224x224,{gmacs},72.0,Y,,{notes},{refs}"
    bad = {"source": "gamma", "gmacs": "0.3000001", "notes": "[x](./x)", "refs": "paper-z"}
    good = {"source": "alpha", "gmacs": "0.3", "notes": "", "refs": "paper-a"}
    rows = [row.format(n=n, **(bad if n % 2 else good)) for n in range(4)]
    (data / "models" / "image-classification.csv").write_text(
        "source,group,dataset,name,input_size,gmacs,top1,available,qat,notes,references\n"
        + "".join(r + "\n" for r in rows)
    )
    with pytest.raises(DataError) as exc:
        validate.build_catalogue(data, display_root=tmp_path)
    csv_file = "data/models/image-classification.csv"
    per_row = [
        "{}:{}:1: error: source: unknown source 'gamma'",
        "{}:{}:30: error: gmacs: GigaMACs must have at most 6 decimals, got 7: 0.3000001",
        "{}:{}:48: error: notes: link './x' is not allowed: it is a relative link (prose links must be "
        "absolute http(s) or mailto URLs)",
        "{}:{}:57: error: references: unknown reference 'paper-z' (did you mean 'paper-c'?)",
    ]
    assert [d.format() for d in exc.value.diagnostics] == [
        *(line.format(csv_file, 3) for line in per_row),  # Net1
        *(line.format(csv_file, 5) for line in per_row),  # Net3
        "data/references.yaml:10:7: warning: paper-c: reference is listed by no task and cited by no model "
        "or source",
    ]


def test_slugify_of_ascii_skips_the_unicode_normalisation() -> None:
    def reference(text: str) -> str:  # slugify as it was: NFKD for every text
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return slugify(ascii_text) if ascii_text else slugify(text)

    for text in [
        "".join(map(chr, range(32, 127))),
        "ResNet-50 (v1.5)",
        "  --a__b--  ",
        "Dollár-Net 1.4",
        "ﬁ",
    ]:
        assert slugify(text) == reference(text), text


# ---------------------------------------------------------------- the collector paused, then as it was
def test_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one's pause
    assert gc.isenabled()
    with pytest.raises(KeyError), paused():
        raise KeyError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # a caller that disabled it keeps it disabled
    finally:
        gc.enable()


def test_the_data_layer_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(validate, "_check_page_ids", lambda *a: seen.append(gc.isenabled()))

    @gc_paused
    def inner() -> bool:
        return gc.isenabled()

    assert inner() is False
    validate.build_catalogue(FIXTURES / "two-tasks")
    assert seen == [False] and gc.isenabled()


def test_the_fast_path_tests_every_field_of_model_row() -> None:
    """A field ModelRow gains must be tested by check_rows' fast path too; until it is, every row goes
    through ModelRow, so its check is never skipped."""
    assert set(ModelRow.model_fields) == validate.PLAIN_ROW_FIELDS


def test_a_field_the_fast_path_does_not_know_sends_every_row_to_model_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    real = validate._Validator.model_row

    def counted(self: validate._Validator, data: dict[str, Any], ckey: str, col: Any) -> ModelRow | None:
        calls.append(data["name"])
        return real(self, data, ckey, col)

    monkeypatch.setattr(validate._Validator, "model_row", counted)
    fixture = FIXTURES / "two-tasks"
    expected = _outcome(fixture)
    assert calls == []  # every row of the fixture plainly passes
    monkeypatch.setattr(validate, "PLAIN_ROW_FIELDS", validate.PLAIN_ROW_FIELDS - {"model_id"})
    assert _outcome(fixture) == expected
    assert calls == ["NetA", "NetA-QAT", "NetB", "SegA"]
