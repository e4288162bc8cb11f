"""Stage 1 — load: data files -> raw records that remember where each value was written.

Files are read through ``generator.files`` (regular files inside the data folder only: no symbolic links,
FIFOs or devices, at most ``MAX_FILE_BYTES``). YAML is read with a strict loader: YAML 1.2 core scalars
(``no`` stays a string, ``1.10`` is not rounded, dates stay strings), duplicate keys rejected, no tags or
aliases, at most ``MAX_DEPTH`` levels of nesting, numbers of a bounded length. CSV is read as UTF-8 (with or
without a BOM, LF or CRLF); every cell keeps its line and column. Syntax errors are reported where the
problem starts (the opening bracket or quote) and say where the parser noticed it. Nothing here knows the
schema, and nothing here raises on any input: every problem is a located diagnostic.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Collector, Location
from generator.files import FileRefused, read_bytes_contained

MAX_DEPTH = 64
"""The deepest nesting of lists and mappings accepted (the data files need 4): checked before composing."""
MAX_INT_DIGITS = 18
"""The most digits a plain YAML integer may have (Python's int() refuses more than 4,300)."""
MAX_FLOAT_CHARS = 64
"""The longest text a plain YAML float may be written with."""

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
    rejected: set[Path_] = field(default_factory=set)
    """Paths of the values the loader refused (and reported): their value is None, and a schema error
    about them would only repeat the loader's."""

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


def _number_problem(node: yaml.ScalarNode) -> str | None:
    """Why a plain scalar that is a number is refused: too many digits to convert, or absurdly long."""
    if node.style is not None and node.style != "":
        return None
    text = node.value
    if _INT.match(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            return (
                f"a whole number with {digits} digits: at most {MAX_INT_DIGITS} are allowed"
                " (quote it if it is text)"
            )
    elif _FLOAT.match(text) and len(text) > MAX_FLOAT_CHARS:
        return (
            f"a number written with {len(text)} characters: at most {MAX_FLOAT_CHARS} are allowed"
            " (quote it if it is text)"
        )
    return None


class _Builder:
    def __init__(self, path: str, diags: Collector) -> None:
        self.path = path
        self.diags = diags
        self.marks: dict[Path_, Location] = {}
        self.key_marks: dict[Path_, Location] = {}
        self.raw: dict[Path_, str] = {}
        self.rejected: set[Path_] = set()

    def reject(self, at: Path_, message: str) -> None:
        self.diags.error(self.marks[at], _field_name(at), message)
        self.rejected.add(at)

    def build(self, node: yaml.Node, at: Path_) -> Any:
        self.marks[at] = _location(self.path, node)
        if node.tag.startswith("!") or (
            node.tag.startswith("tag:yaml.org,2002:") and getattr(node, "_explicit_tag", False)
        ):
            self.reject(at, f"YAML tags are not allowed ({node.tag})")
            return None
        if isinstance(node, yaml.ScalarNode):
            problem = _number_problem(node)
            if problem:
                self.reject(at, problem)
                return None
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

_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_FLOW_KINDS = {yaml.FlowSequenceStartToken: "sequence", yaml.FlowMappingStartToken: "mapping"}
_FLOW_END = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


class _NoAliasComposer(yaml.SafeLoader):
    """The pure-Python composer, which decides every document libyaml does not: no aliases, at most
    MAX_DEPTH levels (checked before each level is composed, so it never recurses deeper), and a record of
    the flow collections open at each token, so that an error inside one can point at its bracket."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.open_flows: list[tuple[str, yaml.Mark]] = []

    def get_token(self) -> Any:
        token = super().get_token()
        kind = _FLOW_KINDS.get(type(token))
        if kind:
            self.open_flows.append((kind, token.start_mark))
        elif isinstance(token, _FLOW_END) and self.open_flows:
            self.open_flows.pop()
        return token

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        if not self.check_event(*_COLLECTION_START):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            event = self.peek_event()
            raise _TooDeep(event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(yaml.composer.ComposerError):
    def __init__(self, mark: yaml.Mark) -> None:
        problem = f"nested more than {MAX_DEPTH} levels deep (lists and mappings inside each other)"
        super().__init__(None, None, problem, mark)


def _compose_fast(text: str) -> tuple[bool, yaml.Node | None]:
    """Compose with libyaml (about 5x faster than the pure-Python parser), when PyYAML was built with it.

    Returns (True, node), or (False, None) when the pure-Python composer must decide instead: no libyaml,
    a syntax error (its messages are the ones reported), an alias (libyaml shares the node; the Python
    composer rejects it at the alias), or nesting deeper than MAX_DEPTH. The events are scanned first, so
    libyaml's (recursive) composer never sees a deep document. For documents both accept, both give the
    same nodes, marks and styles (plain scalars aside: '' here, None there; ``_scalar`` treats both as plain).
    """
    if _CSafeLoader is None:
        return False, None
    loader = _CSafeLoader(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _COLLECTION_START):
                depth += 1
                if depth > MAX_DEPTH:
                    return False, None
            elif isinstance(event, _COLLECTION_END):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                return False, None
    except yaml.YAMLError:
        return False, None
    finally:
        loader.dispose()
    loader = _CSafeLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.YAMLError:
        return False, None
    finally:
        loader.dispose()
    return True, node


# What PyYAML's reader rejects: C0/C1 controls other than tab, LF, CR and NEL, surrogates, U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _read(file: Path, display: str, diags: Collector, root: Path | None) -> str | None:
    """The text of a data file, read through ``generator.files``; None (and a diagnostic) if it cannot be."""
    file = Path(file)
    if root is None:
        root, rel = file.parent.resolve(), file.name
    else:
        rel = file.relative_to(root).as_posix()
    try:
        raw = read_bytes_contained(root, rel)
    except FileRefused as exc:
        diags.error(Location(display, 0, 0), "(file)", str(exc))
        return None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        diags.error(Location(display, 0, 0), "(file)", f"cannot read file: {reason}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(
            Location(display, line, 1), "(file)", f"not valid UTF-8: {exc.reason} at byte {exc.start}"
        )
        return None


def load_yaml(file: Path, display: str, diags: Collector, *, root: Path | None = None) -> YamlDoc | None:
    """Parse one YAML file strictly; report problems to ``diags`` and return None if unreadable.

    ``root``: the resolved folder the file must lie in (every folder between must be real, see
    ``generator.files``); by default the file's own folder, so only the file itself is checked.
    """
    text = _read(file, display, diags, root)
    if text is None:
        return None
    bad = _UNPRINTABLE.search(text)
    if bad:
        # PyYAML refuses these before parsing anything; say where, as for any other syntax error.
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        diags.error(Location(display, line, col), "(syntax)", f"invalid YAML: control character {code}")
        return None
    return _parse(text, display, diags)


def _parse(text: str, display: str, diags: Collector) -> YamlDoc | None:
    decided, node = _compose_fast(text)
    if not decided:
        loader = _NoAliasComposer(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark, message = _syntax_error(exc, loader.open_flows, text)
            loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
            diags.error(loc, "(syntax)", f"invalid YAML: {message}")
            return None
        except yaml.YAMLError:  # pragma: no cover - the reader's errors are found above, the rest are marked
            diags.error(Location(display, 1, 1), "(syntax)", "invalid YAML")
            return None
        finally:
            loader.dispose()
    builder = _Builder(display, diags)
    if node is None:
        return YamlDoc(display, None, {(): Location(display, 1, 1)})
    _mark_explicit_tags(node, text)
    value = builder.build(node, ())
    return YamlDoc(display, value, builder.marks, builder.key_marks, builder.raw, builder.rejected)


def _noticed(mark: yaml.Mark, text: str) -> str:
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return f"the end of the file ({where})" if mark.index >= len(text) else where


def _syntax_error(
    exc: yaml.MarkedYAMLError, open_flows: list[tuple[str, yaml.Mark]], text: str
) -> tuple[yaml.Mark | None, str]:
    """Where a syntax error starts and what to say about it.

    A parser error inside a flow collection ([...] or {...}) is reported at its opening bracket (the
    innermost one still open), a quoted scalar that runs to the end of the file or into a document
    separator at its opening quote; both say where the parser noticed the problem. Anything else is
    reported where the parser noticed it.
    """
    problem = exc.problem or exc.context or "syntax error"
    noticed = exc.problem_mark
    if isinstance(exc, yaml.parser.ParserError) and open_flows and noticed is not None:
        kind, mark = open_flows[-1]
        bracket = text[mark.index] if mark.index < len(text) else "["
        return mark, (
            f"the flow {kind} opened by this {bracket!r} is not closed before {_noticed(noticed, text)}: "
            f"{problem}"
        )
    start = exc.context_mark
    if (
        isinstance(exc, yaml.scanner.ScannerError)
        and exc.context == "while scanning a quoted scalar"
        and start is not None
        and noticed is not None
        and start.index < len(text)
        and text[start.index] in "'\""
    ):
        return start, (
            f"the quoted text opened by this {text[start.index]!r} is not closed before "
            f"{_noticed(noticed, text)}: {problem}"
        )
    return noticed or exc.context_mark, problem


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


class _Lines:
    """The physical lines of a file's text (split at CRLF, CR or LF), split when one is first asked for:
    only error messages need them (the column of a cell)."""

    __slots__ = ("_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def line(self, number: int) -> str:
        """Line ``number`` (1-based); "" past the end."""
        if self._lines is None:
            self._lines = _NEWLINE.split(self._text)
        return self._lines[number - 1] if number - 1 < len(self._lines) else ""


@dataclass(slots=True)
class CsvRow:
    """One record: the line it starts on, its cells, and (computed when first asked for, as only error
    messages need it) the column where each cell starts on that line."""

    line: int
    cells: list[str]
    lines: _Lines | None = field(default=None, repr=False, compare=False)
    """The file's lines, for ``text``."""
    _cols: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The record's first physical line."""
        return self.lines.line(self.line) if self.lines is not None else ""

    @property
    def cols(self) -> list[int]:
        if self._cols is None:
            self._cols = _columns(self.text, len(self.cells))
        return self._cols


@dataclass
class CsvTable:
    path: str
    header: list[str]
    header_cols: list[int]
    rows: list[CsvRow]


def _columns(line: str, count: int) -> list[int]:
    """The columns of ``count`` cells of a record starting on ``line`` (a cell on a later line of the
    record: the last column found)."""
    cols = _field_starts(line)
    cols += [cols[-1]] * (count - len(cols))
    return cols[:count]


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


def read_csv(file: Path, display: str, diags: Collector, *, root: Path | None = None) -> CsvTable | None:
    """Read a CSV file; every row keeps its starting line and the column of each cell.

    ``root``: the resolved folder the file must lie in, as for ``load_yaml``.
    """
    text = _read(file, display, diags, root)
    if text is None:
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
    physical = _Lines(text)
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
            row = CsvRow(start, cells, physical)
            if header is None:
                # Its columns now, from its own line: the file's lines are split only for an error.
                header, header_cols = (
                    cells,
                    _columns(_NEWLINE.split(text, maxsplit=start)[start - 1], len(cells)),
                )
            else:
                rows.append(row)
    except csv.Error as exc:
        line, col, message = _csv_error(text, last_line + 1, str(exc))
        diags.error(Location(display, line, col), "(syntax)", f"invalid CSV: {message}")
        return None
    if header is None:
        diags.error(Location(display, 1, 1), "(header)", "the file is empty: expected a header row")
        return None
    return CsvTable(display, header, header_cols, rows)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _csv_error(text: str, record_line: int, reason: str) -> tuple[int, int, str]:
    """Where the csv module's error in the record starting on ``record_line`` starts, and what to say.

    The record is scanned again as ``csv.reader(strict=True)`` reads it (RFC 4180 quoting): an unclosed
    quoted cell is reported at its opening quote, text after a closing quote at that quote (with where the
    cell opened), a cell over the csv module's size limit where it starts. Otherwise: the record's line.
    """
    starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def where(pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, pos)
        return line, pos - starts[line - 1] + 1

    limit = csv.field_size_limit()
    n = len(text)
    i = starts[record_line - 1] if record_line - 1 < len(starts) else n
    cell_start, length, opened, closed = i, 0, -1, -1
    while i < n:
        ch = text[i]
        if opened >= 0 and closed < 0:  # inside a quoted cell
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                    length += 1
                else:
                    closed = i
            else:
                length += 1
        elif ch == ",":
            cell_start, length, opened, closed = i + 1, 0, -1, -1
        elif ch in "\r\n":
            break
        elif closed >= 0:
            line, col = where(opened)
            at = f"column {col}" if line == where(closed)[0] else f"line {line}, column {col}"
            return (
                *where(closed),
                f"this quote closes the quoted cell opened at {at}, but text follows it"
                ' (a quote inside a quoted cell is written "")',
            )
        elif ch == '"' and i == cell_start:
            opened = i
        else:
            length += 1
        if length > limit:
            return (*where(cell_start), f"a cell longer than {limit:,} characters")
        i += 1
    if opened >= 0 and closed < 0:
        end_line, end_col = where(n)
        return (
            *where(opened),
            f"the quoted cell opened by this quote is not closed before the end of the file"
            f" (line {end_line}, column {end_col})",
        )
    return record_line, 1, reason
