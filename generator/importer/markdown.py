"""A Markdown page -> located blocks: headings, paragraphs, bullet lists, tables, HTML lines and rules.

Only the block structure the model-zoo pages use is read, line by line, and every block keeps the lines it
came from (1-based), so that each later message can name its line. The reading is deliberately small and
predictable rather than CommonMark-complete:

* ``#`` to ``######`` followed by a space (or nothing) is a heading; a closing run of ``#`` is dropped.
* A line of three or more ``-``, ``*`` or ``_`` (spaces allowed between) is a rule, whatever precedes it.
* A line starting with ``<tag`` or ``</tag`` is a line of raw HTML (one block per line).
* A line starting with ``|`` followed by a separator line (``|---|:--:|``) starts a table; every following
  line starting with ``|`` is one of its rows. A ``|`` line that is neither is an error.
* ``-``, ``*`` or ``+`` and a space start a bullet item; the lines after it up to a blank line or another
  block belong to the item.
* Anything else is paragraph text; a blank line ends a paragraph (and a list, and a table).
* A fenced code block (````` ``` `````) is an error: the pages have none, and their text is not prose.

Cells are split at ``|`` not preceded by a backslash (``\\|`` is a literal bar); each cell keeps the column
where its text starts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    no: int
    """1-based line number in the page."""
    text: str
    """The line without its line break (and without a trailing carriage return)."""


@dataclass(frozen=True, slots=True)
class Heading:
    line: Line
    level: int
    text: str

    @property
    def first(self) -> int:
        return self.line.no

    @property
    def last(self) -> int:
        return self.line.no


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no


@dataclass(frozen=True, slots=True)
class ListItem:
    line: Line
    text: str
    """The item's first line after its marker."""
    more: tuple[Line, ...] = ()
    """Continuation lines of the item, as written."""


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]

    @property
    def first(self) -> int:
        return self.items[0].line.no

    @property
    def last(self) -> int:
        item = self.items[-1]
        return item.more[-1].no if item.more else item.line.no

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(ln for item in self.items for ln in (item.line, *item.more))


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    """The cell's text, surrounding spaces stripped, ``\\|`` read as ``|``."""
    col: int
    """1-based column of the cell's first character (of its text, or of the cell when blank)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    line: Line
    cells: tuple[Cell, ...]

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True, slots=True)
class Table:
    header: TableRow
    separator: Line
    rows: tuple[TableRow, ...]

    @property
    def first(self) -> int:
        return self.header.line.no

    @property
    def last(self) -> int:
        return self.rows[-1].line.no if self.rows else self.separator.no


@dataclass(frozen=True, slots=True)
class Html:
    line: Line
    tag: str
    """Lower-case tag name (``div``, ``h1``, ``br``); ``/`` first for a closing tag."""
    id: str | None
    """The value of an ``id="..."`` attribute, if any."""

    @property
    def first(self) -> int:
        return self.line.no

    @property
    def last(self) -> int:
        return self.line.no


@dataclass(frozen=True, slots=True)
class Rule:
    line: Line

    @property
    def first(self) -> int:
        return self.line.no

    @property
    def last(self) -> int:
        return self.line.no


Block = Heading | Paragraph | BulletList | Table | Html | Rule


@dataclass(frozen=True, slots=True)
class MarkdownError:
    line: int
    message: str


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)
    errors: list[MarkdownError] = field(default_factory=list)


_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HTML = re.compile(r"^ {0,3}<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>]|$)([^>]*)>?")
_HTML_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")


def split_cells(line: Line) -> tuple[Cell, ...]:
    """The cells of a table line: text between unescaped bars, the outer bars optional."""
    text = line.text
    bounds: list[int] = [k for k, ch in enumerate(text) if ch == "|" and (k == 0 or text[k - 1] != "\\")]
    start = 0
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if stripped.startswith("|"):
        start = lead + 1
        bounds = [b for b in bounds if b != lead]
    end = len(text.rstrip())
    if end and text[end - 1] == "|" and (end - 1) in bounds and end - 1 >= start:
        bounds = [b for b in bounds if b != end - 1]
        end -= 1
    cells: list[Cell] = []
    edges = [start - 1, *[b for b in bounds if start <= b < end], end]
    for a, b in itertools.pairwise(edges):
        raw = text[a + 1 : b]
        inner = raw.strip()
        offset = raw.find(inner[0]) if inner else 0
        cells.append(Cell(inner.replace("\\|", "|"), a + 2 + offset))
    return tuple(cells)


def is_separator(text: str) -> bool:
    """A table's separator line: ``|---|:--:|``, one cell or more, each dashes with optional colons."""
    body = text.strip()
    if "-" not in body or not set(body) <= set("|-: \t"):
        return False
    cells = [c.strip() for c in body.strip("|").split("|")]
    return all(_SEPARATOR_CELL.match(c) for c in cells)


def _lines(text: str) -> list[Line]:
    return [Line(k + 1, t.removesuffix("\r")) for k, t in enumerate(text.split("\n"))]


def _kind(line: Line) -> str:
    text = line.text
    if not text.strip():
        return "blank"
    if _HEADING.match(text.lstrip()) and len(text) - len(text.lstrip()) <= 3:
        return "heading"
    if _RULE.match(text):
        return "rule"
    if _FENCE.match(text):
        return "fence"
    if text.lstrip().startswith("|"):
        return "table"
    if _HTML.match(text):
        return "html"
    if _BULLET.match(text):
        return "bullet"
    return "text"


MAX_LINE = 10_000
"""Characters of a line (TI's longest has 661): a longer one is an error, read as blank (as an empty row
inside a table, so that the table goes on)."""


def parse(text: str) -> Page:
    """The blocks of a page, in order, and the lines that cannot be read as any block."""
    page = Page()
    lines = _lines(text)
    for k, line in enumerate(lines):
        if len(line.text) > MAX_LINE:
            page.errors.append(
                MarkdownError(line.no, f"the line is longer than {MAX_LINE:,} characters: not read")
            )
            lines[k] = Line(line.no, "|" if line.text.lstrip().startswith("|") else "")
    kinds = [_kind(ln) for ln in lines]
    i = 0
    n = len(lines)
    while i < n:
        line, kind = lines[i], kinds[i]
        if kind == "blank":
            i += 1
        elif kind == "heading":
            page.blocks.append(_heading(line))
            i += 1
        elif kind == "rule":
            page.blocks.append(Rule(line))
            i += 1
        elif kind == "fence":
            page.errors.append(
                MarkdownError(line.no, "code blocks (```) are not understood on a model-zoo page")
            )
            i += 1
            while i < n and kinds[i] != "fence":
                i += 1
            i += 1
        elif kind == "html":
            m = _HTML.match(line.text)
            assert m is not None
            found = _HTML_ID.search(m.group(3) or "")
            ident = (
                None if found is None else (found.group(1) if found.group(1) is not None else found.group(2))
            )
            page.blocks.append(Html(line, m.group(1) + m.group(2).lower(), ident))
            i += 1
        elif kind == "table":
            i = _table(lines, kinds, i, page)
        elif kind == "bullet":
            i = _bullets(lines, kinds, i, page)
        else:
            start = i
            while i < n and kinds[i] == "text":
                i += 1
            page.blocks.append(Paragraph(tuple(lines[start:i])))
    return page


def _heading(line: Line) -> Heading:
    m = _HEADING.match(line.text.lstrip())
    hashes, text = (m.group(1), m.group(2) or "") if m else ("#", line.text.lstrip("# "))
    return Heading(line, len(hashes), _CLOSING_HASHES.sub("", text.strip()).strip())


def _html(line: Line) -> Html:
    m = _HTML.match(line.text)
    if m is None:  # not reached: _kind matched the line
        return Html(line, "", None)
    found = _HTML_ID.search(m.group(3) or "")
    ident = None if found is None else (found.group(1) if found.group(1) is not None else found.group(2))
    return Html(line, m.group(1) + m.group(2).lower(), ident)


def _table(lines: list[Line], kinds: list[str], i: int, page: Page) -> int:
    header = lines[i]
    if i + 1 >= len(lines) or kinds[i + 1] != "table" or not is_separator(lines[i + 1].text):
        page.errors.append(
            MarkdownError(
                header.no, "a table line outside a table: a table is a header line, then a |---| line"
            )
        )
        i += 1
        while i < len(lines) and kinds[i] == "table":
            i += 1
        return i
    separator = lines[i + 1]
    head = TableRow(header, split_cells(header))
    width = len(split_cells(separator))
    if width != len(head.cells):
        page.errors.append(
            MarkdownError(
                separator.no, f"the |---| line has {width} cells but the header has {len(head.cells)}"
            )
        )
    rows: list[TableRow] = []
    i += 2
    while i < len(lines) and kinds[i] == "table":
        rows.append(TableRow(lines[i], split_cells(lines[i])))
        i += 1
    page.blocks.append(Table(head, separator, tuple(rows)))
    return i


def _bullets(lines: list[Line], kinds: list[str], i: int, page: Page) -> int:
    items: list[ListItem] = []
    while i < len(lines) and kinds[i] == "bullet":
        first = lines[i]
        m = _BULLET.match(first.text)
        i += 1
        start = i
        while i < len(lines) and kinds[i] == "text":
            i += 1
        items.append(ListItem(first, m.group(1) if m else first.text.strip(), tuple(lines[start:i])))
    page.blocks.append(BulletList(tuple(items)))
    return i


__all__ = [
    "Block",
    "BulletList",
    "Cell",
    "Heading",
    "Html",
    "Line",
    "ListItem",
    "MarkdownError",
    "Page",
    "Paragraph",
    "Rule",
    "Table",
    "TableRow",
    "is_separator",
    "parse",
    "split_cells",
]
