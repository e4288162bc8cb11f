"""Property tests of the whole pipeline on mutated data (hypothesis).

Random mutations of every kind of data file (bytes inserted, replaced or removed; YAML values and CSV cells
replaced with hostile text, huge or tiny numbers, nested structures) must give either a site or a DataError
whose every diagnostic is located in a data file — never another exception. A site that builds must convert
with the site's own Markdown set-up and carry no script, event handler or script URL. A few of them are
built for real with `mkdocs build --strict`.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import markdown
import yaml
from conftest import FIXTURES, ROOT, TEMPLATES, assert_no_warnings, mkdocs_build
from hostile import HOSTILE
from htmltools import parse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.diagnostics import DataError
from generator.pipeline import Site, build_site

BASE = FIXTURES / "two-tasks"
FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

_config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS: list[Any] = []
EXTENSION_CONFIGS: dict[str, Any] = {}
for item in _config["markdown_extensions"]:
    name, conf = next(iter(item.items())) if isinstance(item, dict) else (item, None)
    EXTENSIONS.append(name)
    if conf:
        EXTENSION_CONFIGS[name] = conf

SCALARS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "0", "0.000000001", "1" * 400, "1e308", "-1", "Y", "N", "no", "1.10", "224x224"]),
    st.none(),
    st.booleans(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
NOISE = st.binary(max_size=12) | st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b"\n",
        b"\r",
        b'"',
        b"'",
        b"[",
        b"{",
        b": ",
        b"- ",
        b"&a",
        b"*a",
        b"!!python/object ",
        b"\t",
        b",",
    ]
)


@contextmanager
def _copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="mz-prop-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BASE, data)
        yield data


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a YAML document (the document itself included)."""
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*at, i))
    return out


def _set(doc: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    target = doc
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = new
    return doc


@st.composite
def mutations(draw: Any) -> tuple[str, bytes]:
    """(file, its new bytes) for one mutation of one data file of the fixture."""
    rel = draw(st.sampled_from(FILES))
    raw = (BASE / rel).read_bytes()
    kind = draw(st.sampled_from(["bytes", "value"]))
    if kind == "bytes":
        start = draw(st.integers(0, len(raw)))
        end = draw(st.integers(start, min(len(raw), start + 8)))
        return rel, raw[:start] + draw(NOISE) + raw[end:]
    text = raw.decode("utf-8")
    if rel.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = str(draw(SCALARS))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return rel, out.getvalue().encode("utf-8")
    doc = yaml.safe_load(text)
    at = draw(st.sampled_from(_paths(doc)))
    doc = _set(doc, at, draw(VALUES))
    return rel, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


def _run(data: Path) -> Site | DataError:
    try:
        return build_site(data, TEMPLATES, docs_dir=ROOT / "docs", display_root=data.parent)
    except DataError as exc:
        return exc


def _check_located(exc: DataError) -> None:
    assert exc.errors, "a DataError without an error"
    for d in exc.diagnostics:
        path = d.location.path
        assert path.startswith("data/") or path == "data", d.format()
        assert d.location.line >= 0 and d.location.col >= 0, d.format()
        assert d.message and "\n" not in d.message, d.format()
        assert "Traceback" not in d.message


def _check_safe_html(site: Site) -> None:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    for path, text in site.pages.items():
        html = md.reset().convert(text)
        for el in parse(html).iter():
            assert el.tag not in ("script", "iframe", "object", "embed", "style"), (path, el.tag)
            for name, value in el.attrs.items():
                assert not name.startswith("on"), (path, el.tag, name, value)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                    assert scheme in ("", "http", "https", "mailto") or "/" in scheme or "#" in scheme, (
                        path,
                        name,
                        value,
                    )


@SETTINGS
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_mutated_data_builds_or_fails_with_located_errors(changes: list[tuple[str, bytes]]) -> None:
    with _copy() as data:
        for rel, content in changes:
            (data / rel).write_bytes(content)
        result = _run(data)
        if isinstance(result, DataError):
            _check_located(result)
        else:
            _check_safe_html(result)


TEXT_KEYS = {
    "title",
    "label",
    "summary",
    "description",
    "introduction",
    "datasets_intro",
    "sources_intro",
    "notes",
    "text",
    "name",
    "venue",
    "unit",
    "link_label",
    "anchors",
}


@st.composite
def text_mutations(draw: Any) -> tuple[str, bytes]:
    """(file, its new bytes): one text field of a YAML file, or a name or notes cell, made hostile."""
    rel = draw(st.sampled_from(FILES))
    text = (BASE / rel).read_text(encoding="utf-8")
    hostile = draw(st.sampled_from(HOSTILE))
    if rel.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        r = draw(st.integers(1, len(rows) - 1))
        c = rows[0].index(draw(st.sampled_from(["name", "notes", "group"])))
        rows[r][c] = hostile.replace("\n", " ")
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return rel, out.getvalue().encode("utf-8")
    doc = yaml.safe_load(text)
    paths = [
        at for at in _paths(doc) if (at and at[-1] in TEXT_KEYS) or (len(at) > 1 and at[-2] in TEXT_KEYS)
    ]
    if not paths:
        return rel, text.encode("utf-8")
    doc = _set(doc, draw(st.sampled_from(paths)), hostile)
    return rel, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
@given(st.lists(text_mutations(), min_size=3, max_size=6))
def test_data_that_validates_builds_strict(changes: list[tuple[str, bytes]]) -> None:
    """What validates builds for real: mkdocs --strict, no warning (the same folders the plugin reads)."""
    with _copy() as data:
        for rel, content in changes:
            (data / rel).write_bytes(content)
        result = _run(data)
        assume(not isinstance(result, DataError))
        tmp = data.parent / "build"
        tmp.mkdir()
        assert_no_warnings(mkdocs_build(tmp, data))
