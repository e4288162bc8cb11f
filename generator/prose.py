"""Markdown prose fields -> sanitised HTML: rendered once by the validator, looked up by the renderer.

The prose fields (``schema.Markdown``: descriptions, introductions, notes, link labels, source summaries)
are Markdown written by contributors, i.e. by strangers. They are rendered here, by Python-Markdown (core
syntax plus ``tables``; raw HTML is not interpreted: it shows literally) and cleaned by nh3 (ammonia) with
an allowlist; the page templates get the result as ``Markup`` and put it in raw HTML blocks, so mkdocs'
own Markdown never reads prose.

The rules, each broken one a located validation error (``generator.validate``), never a silent change:

- Size and shape are bounded before anything is rendered: at most ``MAX_CHARS`` characters and
  ``MAX_LINES`` lines, lists and quotes nested at most ``MAX_NESTING`` deep (Python-Markdown recurses
  per level and fails with RecursionError on deep nesting), at most ``MAX_BRACKETS`` ``[`` (each may start
  a link: Python-Markdown's cost grows with their square). No control characters.
- Links go to absolute ``http(s)://`` or ``mailto:`` URLs only. A relative link (``./x``, ``x.md``,
  ``#anchor``) is refused: one text is rendered once and shown on several pages (a source on every task
  listing it, a dataset on each of its tasks, split pages), where it would resolve differently or nowhere.
  A source's ``links`` take ./relative URLs (resolved against the task's ``links_base``).
  ``javascript:``, ``data:`` and the like are refused whatever their disguise (``java\\tscript:``,
  ``&#106;avascript:``): the check reads each link as the browser would, after parsing the HTML.
- No images. Headings are shifted three levels down (``#`` becomes ``<h4>``, the deepest ``<h6>``), under
  the page's own sections.
- The inline fields (link labels, source summaries and the models' notes) must be one paragraph: no lists,
  headings, tables, code blocks, quotes, line breaks or blank lines; a label of a link may not contain a
  link.
- In the models' notes (``render(text, bare_urls=True)``), a bare http(s) URL becomes a link whose text is
  a short label (``short_label``: the last part of its path, else its host).

The output has no line break (newlines become ``&#10;``): no blank line can end the HTML block it sits in.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from generator.escape import url_problem

MAX_CHARS = 20_000
MAX_LINES = 1_000
MAX_NESTING = 10
MAX_BRACKETS = 500

BLOCK_TAGS = frozenset(
    {"p", "pre", "ul", "ol", "li", "blockquote", "hr", "h4", "h5", "h6"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
INLINE_TAGS = frozenset({"a", "em", "strong", "code", "br", "sub", "sup"})
TAGS = BLOCK_TAGS | INLINE_TAGS
_ALIGN = {"left", "center", "right"}


@dataclass(frozen=True)
class Prose:
    """One prose text, rendered and sanitised."""

    html: Markup
    """As blocks (paragraphs, lists, …), on one line."""
    inline: Markup | None
    """The content of its one paragraph when it is a single paragraph of inline Markdown, else None."""
    links: tuple[str, ...]
    """Its link targets, in order."""
    tags: frozenset[str] = frozenset()
    """The elements it has."""


class ProseError(ValueError):
    """The text breaks the rules; ``problems`` says how, one sentence each (no field, no location)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def render(text: str, *, bare_urls: bool = False) -> Prose:
    """Render one prose text; raises ``ProseError`` with every problem found. ``bare_urls``: bare http(s)
    URLs become links (the models' notes)."""
    problems = _measure(text)
    if problems:
        raise ProseError(problems)
    try:
        raw = _markdown_html(text, bare_urls)
    except RecursionError:
        raise ProseError([f"nested too deeply to render (at most {MAX_NESTING} levels)"]) from None
    before = _audit(raw)
    problems = list(before.problems)
    if problems:
        raise ProseError(problems)
    clean = _cleaner().clean(raw)
    after = _audit(clean)
    if after.problems or after.links != before.links:
        # The allowlist and the audit disagree (neither should let anything through the other stops).
        raise ProseError(after.problems or ["the sanitiser changed its links"])
    one_line = clean.replace("\r", "&#13;").replace("\n", "&#10;")
    inline = None
    if after.single_paragraph and one_line.startswith("<p>") and one_line.endswith("</p>"):
        inline = Markup(one_line[3:-4])
    return Prose(html=Markup(one_line), inline=inline, links=after.links, tags=after.tags)


def inline_problems(prose: Prose, *, in_link: bool) -> list[str]:
    """What keeps a rendered text from being an inline field (``in_link``: the label of a link)."""
    if prose.inline is None:
        return [
            "must be one paragraph of inline Markdown "
            "(no blank lines, lists, headings, quotes, tables or code blocks)"
        ]
    if "br" in prose.tags:
        return ["must be one line (no line break)"]
    if in_link and prose.links:
        return [f"the label of a link cannot contain a link ({_shown(prose.links[0])})"]
    return []


# -- before rendering ----------------------------------------------------------------------------------------


def _measure(text: str) -> list[str]:
    if not text.strip():
        return ["must not be blank"]
    if len(text) > MAX_CHARS:
        return [f"is {len(text):,} characters long: at most {MAX_CHARS:,}"]
    problems = []
    bad = next((ch for ch in text if (ord(ch) < 0x20 and ch not in "\t\n\r") or ord(ch) == 0x7F), None)
    if bad is not None:
        problems.append(f"has the control character U+{ord(bad):04X}")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n")  # as Markdown does
    if len(lines) > MAX_LINES:
        problems.append(f"has {len(lines):,} lines: at most {MAX_LINES:,}")
    for number, line in enumerate(lines, 1):
        depth = _depth(line)
        if depth > MAX_NESTING:
            problems.append(f"line {number}: lists and quotes nested {depth} deep: at most {MAX_NESTING}")
            break
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        problems.append(f"has {brackets:,} '[' (each may start a link): at most {MAX_BRACKETS}")
    return problems


def _depth(line: str) -> int:
    """How deeply the start of a line nests blocks: each quote marker and list marker, and each 4 columns
    of indentation, one level (an upper bound of what Python-Markdown makes of it)."""
    return _line_start(line)[0]


def _line_start(line: str) -> tuple[int, int]:
    """(nesting depth, length) of the start of a line: its indentation, quote and list markers."""
    depth = col = i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == " ":
            col += 1
            i += 1
            continue
        if ch == "\t":
            col += 4 - col % 4
            i += 1
            continue
        end = i
        if ch == ">" or (ch in "-*+" and (i + 1 == n or line[i + 1] in " \t")):
            end = i + 1
        elif ch.isdigit():
            j = i
            while j < n and line[j].isdigit():
                j += 1
            if j < n and line[j] in ".)" and (j + 1 == n or line[j + 1] in " \t"):
                end = j + 1
        if end == i:
            break
        depth += 1 + col // 4
        col = 0
        i = end
    return depth + col // 4, i


# -- rendering -----------------------------------------------------------------------------------------------


class _ShiftHeadings(Treeprocessor):
    """# -> <h4>, ## -> <h5>, anything deeper -> <h6>: prose sits under the page's own headings."""

    def run(self, root: Any) -> None:
        for el in root.iter():
            if len(el.tag) == 2 and el.tag[0] == "h" and el.tag[1] in "123456":
                el.tag = f"h{min(6, int(el.tag[1]) + 3)}"


class _Whitespace(Preprocessor):
    """Python-Markdown's whitespace normalisation, except that only the tabs of a line's start (indentation,
    quote and list markers) are expanded: a tab inside a line stays a tab, so that a link target with one
    is reported as written."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        out = []
        for line in source.split("\n"):
            end = _line_start(line)[1]
            out.append(line[:end].expandtabs(self.md.tab_length) + line[end:])
        return re.sub(r"(?<=\n) +\n", "\n", "\n".join(out)).split("\n")


def short_label(url: str) -> str:
    """The text of a link shown without its own label: the last non-empty part of the URL's path, else its
    host (``https://github.com/a/b/mobilenet/`` -> ``mobilenet``, ``https://example.org/?q=1`` ->
    ``example.org``)."""
    parts = urlsplit(url)
    last = next((p for p in reversed(parts.path.split("/")) if p), "")
    return last or parts.netloc or url


# A bare http(s) URL (the sentence's trailing punctuation is not part of it), without Python-Markdown's
# placeholders (\x02...\x03): as ``generator.escape.linkify`` reads one.
_BARE_URL = r"https?://[^\s<>\"'|\[\]()`\\\x02\x03]+[^\s<>\"'|\[\]().,;:!?`\\\x02\x03]"


class _BareUrls(InlineProcessor):
    """A bare URL -> ``<a href=URL>short label</a>``; not inside a link (its text or its target)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        url = m.group(0)
        link = etree.Element("a")
        link.set("href", url)
        link.text = AtomicString(short_label(url))
        return link, m.start(0), m.end(0)


@functools.cache
def _parser(bare_urls: bool = False) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[TableExtension(use_align_attribute=True)], output_format="html")
    md.preprocessors.register(_Whitespace(md), "normalize_whitespace", 30)  # replaces the built-in one
    # Raw HTML is text: no HTML blocks, no inline tags (comments, processing instructions included).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    if bare_urls:
        # After links and <autolinks> (160, 120), before emphasis: a URL's _ or * stays in the URL.
        md.inlinePatterns.register(_BareUrls(_BARE_URL, md), "mz_bare_urls", 115)
    md.treeprocessors.register(_ShiftHeadings(md), "mz_shift_headings", 5)
    return md


def _markdown_html(text: str, bare_urls: bool = False) -> str:
    md = _parser(bare_urls)
    try:
        return md.convert(text)
    finally:
        md.reset()


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={"a": {"href", "title"}},
        tag_attribute_values={"th": {"align": _ALIGN}, "td": {"align": _ALIGN}},
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


# -- audit: what the browser would make of the HTML ----------------------------------------------------------


@dataclass
class _Audit:
    problems: list[str]
    links: tuple[str, ...]
    tags: frozenset[str]
    single_paragraph: bool


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values and text decoded, as a browser does
        self.problems: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.depth = 0
        self.top: list[str] = []  # top-level elements
        self.top_text = False
        self.block_inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if self.depth == 0:
            self.top.append(tag)
        elif tag in BLOCK_TAGS:
            self.block_inside = True
        if tag == "img":
            self.problems.append(f"images are not allowed in prose ({_shown(values.get('src') or '')})")
        elif tag not in TAGS:
            self.problems.append(f"<{tag}> is not allowed in prose")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"the attribute {name!r} is not allowed in prose")
            elif name in ("href", "src") and tag != "img":
                target = value or ""
                self.links.append(target)
                why = url_problem(target, relative=False)
                if why:
                    self.problems.append(
                        f"link {_shown(target)} is not allowed: {why} "
                        "(prose links must be absolute http(s) or mailto URLs)"
                    )
        if tag not in ("br", "hr", "img"):
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "hr", "img"):
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip():
            self.top_text = True


def _audit(html: str) -> _Audit:
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    single = auditor.top == ["p"] and not auditor.top_text and not auditor.block_inside
    return _Audit(
        list(dict.fromkeys(auditor.problems)), tuple(auditor.links), frozenset(auditor.tags), single
    )


def _shown(value: str, limit: int = 80) -> str:
    """A value from the data for a message: quoted, escapes visible, cut when long."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + "…"
