"""Stage 1 — load: data files -> raw records that remember where each value was written.

YAML is read with a strict loader: YAML 1.2 core scalars (``no`` stays a string, ``1.10`` is not rounded,
dates stay strings), duplicate keys rejected, no tags or aliases. CSV is read as UTF-8 (with or without a
BOM, LF or CRLF); every cell keeps its line and column. Nothing here knows the schema.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Collector, Location

# YAML 1.2 core schema resolution for plain (unquoted) scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

Path_ = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML file: its value plus the location of every node, keyed by its path in the value."""

    path: str
    value: Any
    marks: dict[Path_, Location] = field(default_factory=dict)
    key_marks: dict[Path_, Location] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def locate(self, loc: Path_, *, key: bool = False) -> Location:
        """Where the value at ``loc`` (or its key, if ``key``) was written; else its nearest ancestor's."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, Location(self.path, 1, 1))


def _location(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style is not None and node.style != "":
        return text  # quoted or block scalar: always a string
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
        return float(text.replace(".", "", 1).replace("Inf", "inf").replace("INF", "inf"))
    return text


def _field_name(at: Path_) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in at).lstrip(".") or "(document)"


class _Builder:
    def __init__(self, path: str, diags: Collector) -> None:
        self.path = path
        self.diags = diags
        self.marks: dict[Path_, Location] = {}
        self.key_marks: dict[Path_, Location] = {}
        self.raw: dict[Path_, str] = {}

    def build(self, node: yaml.Node, at: Path_) -> Any:
        self.marks[at] = _location(self.path, node)
        if node.tag.startswith("!") or (
            node.tag.startswith("tag:yaml.org,2002:") and getattr(node, "_explicit_tag", False)
        ):
            self.diags.error(self.marks[at], _field_name(at), f"YAML tags are not allowed ({node.tag})")
            return None
        if isinstance(node, yaml.ScalarNode):
            self.raw[at] = node.value
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*at, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_loc = _location(self.path, key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diags.error(key_loc, _field_name(at), "mapping keys must be plain strings")
                    continue
                key = key_node.value
                if key == "<<":
                    self.diags.error(key_loc, _field_name(at), "YAML merge keys (<<) are not allowed")
                    continue
                child_at = (*at, key)
                if key in out:
                    first = self.key_marks.get(child_at)
                    where = f" (first at line {first.line})" if first else ""
                    dotted = ".".join(str(p) for p in child_at)
                    self.diags.error(key_loc, dotted, f"duplicate key {key!r}{where}")
                    continue
                self.key_marks[child_at] = key_loc
                out[key] = self.build(value_node, child_at)
            return out
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover - composer yields only these


_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)


class _NoAliasComposer(yaml.SafeLoader):
    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        node = super().compose_node(parent, index)
        return node


def _compose_fast(text: str) -> tuple[bool, yaml.Node | None]:
    """Compose with libyaml (about 5x faster than the pure-Python parser), when PyYAML was built with it.

    Returns (True, node), or (False, None) when the pure-Python composer must decide instead: no libyaml,
    a syntax error (its messages are the ones reported), or an alias (libyaml shares the node; the Python
    composer rejects it at the alias). For documents both accept, both give the same nodes, marks and
    styles (plain scalars aside: '' here, None there; ``_scalar`` treats both as plain).
    """
    if _CSafeLoader is None:
        return False, None
    loader = _CSafeLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.YAMLError:
        return False, None
    finally:
        loader.dispose()
    if node is not None:
        seen: set[int] = set()
        for child in _walk(node):
            if id(child) in seen:
                return False, None
            seen.add(id(child))
    return True, node


# What PyYAML's reader rejects: C0/C1 controls other than tab, LF, CR and NEL, surrogates, U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def load_yaml(file: Path, display: str, diags: Collector) -> YamlDoc | None:
    """Parse one YAML file strictly; report problems to ``diags`` and return None if unreadable."""
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        diags.error(Location(display, 1, 1), "(file)", f"cannot read file: {exc}")
        return None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(
            Location(display, line, 1), "(file)", f"not valid UTF-8: {exc.reason} at byte {exc.start}"
        )
        return None
    bad = _UNPRINTABLE.search(text)
    if bad:
        # PyYAML refuses these before parsing anything; say where, as for any other syntax error.
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        diags.error(Location(display, line, col), "(syntax)", f"invalid YAML: control character {code}")
        return None
    try:
        return _parse(text, display, diags)
    except RecursionError:
        diags.error(Location(display, 1, 1), "(syntax)", "invalid YAML: nested too deeply")
        return None


def _parse(text: str, display: str, diags: Collector) -> YamlDoc | None:
    decided, node = _compose_fast(text)
    if not decided:
        loader = _NoAliasComposer(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
            diags.error(loc, "(syntax)", f"invalid YAML: {exc.problem or exc.context}")
            return None
        finally:
            loader.dispose()
    builder = _Builder(display, diags)
    if node is None:
        return YamlDoc(display, None, {(): Location(display, 1, 1)})
    _mark_explicit_tags(node, text)
    value = builder.build(node, ())
    return YamlDoc(display, value, builder.marks, builder.key_marks, builder.raw)


def _mark_explicit_tags(node: yaml.Node, text: str) -> None:
    """Flag nodes whose tag was written explicitly (``!!str``, ``!!python/...``) so they can be rejected."""
    for child in _walk(node):
        start = child.start_mark.index
        if text.startswith("!", start):
            child._explicit_tag = True  # type: ignore[attr-defined]


def _walk(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.extend((k, v))


@dataclass(slots=True)
class CsvRow:
    """One record: the line it starts on, its cells, and (computed when first asked for, as only error
    messages need it) the column where each cell starts on that line."""

    line: int
    cells: list[str]
    text: str = field(default="", repr=False)
    """The record's first physical line."""
    _cols: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def cols(self) -> list[int]:
        if self._cols is None:
            cols = _field_starts(self.text)
            cols += [cols[-1]] * (len(self.cells) - len(cols))
            self._cols = cols[: len(self.cells)]
        return self._cols


@dataclass
class CsvTable:
    path: str
    header: list[str]
    header_cols: list[int]
    rows: list[CsvRow]


def _field_starts(line: str) -> list[int]:
    """1-based column where each field of one physical CSV line starts (RFC 4180 quoting)."""
    starts = [1]
    in_quotes = False
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < n and line[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
        elif ch == '"':
            in_quotes = True
        elif ch == ",":
            starts.append(i + 2)
        i += 1
    return starts


def read_csv(file: Path, display: str, diags: Collector) -> CsvTable | None:
    """Read a CSV file; every row keeps its starting line and the column of each cell."""
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        diags.error(Location(display, 1, 1), "(file)", f"cannot read file: {exc}")
        return None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(
            Location(display, line, 1), "(file)", f"not valid UTF-8: {exc.reason} at byte {exc.start}"
        )
        return None
    bad_lines = 0
    for bad in _UNPRINTABLE.finditer(text):
        # NUL, other control characters: never data, and \x02/\x03 are Markdown's own placeholders.
        line = text.count("\n", 0, bad.start()) + 1
        if bad_lines and line == bad_lines:
            continue  # one error per line
        bad_lines = line
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        diags.error(Location(display, line, col), "(file)", f"control character U+{ord(bad.group()):04X}")
    if bad_lines:
        return None
    physical = re.split(r"\r\n|\r|\n", text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[CsvRow] = []
    header: list[str] | None = None
    header_cols: list[int] = []
    last_line = 0
    try:
        for cells in reader:
            start = last_line + 1
            last_line = reader.line_num
            if not cells:
                continue  # blank line
            row = CsvRow(start, cells, physical[start - 1] if start - 1 < len(physical) else "")
            if header is None:
                header, header_cols = cells, row.cols
            else:
                rows.append(row)
    except csv.Error as exc:
        diags.error(Location(display, reader.line_num or 1, 1), "(syntax)", f"invalid CSV: {exc}")
        return None
    if header is None:
        diags.error(Location(display, 1, 1), "(header)", "the file is empty: expected a header row")
        return None
    return CsvTable(display, header, header_cols, rows)
