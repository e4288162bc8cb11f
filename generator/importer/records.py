"""Located blocks of one model-zoo page -> the zoo records of one task (data model v2, plain dicts).

The page's outline, as TI's seven task pages write it::

    # <Title> [Benchmark]                 -> task title and id ("Benchmark" dropped)
    ## Introduction                       -> introduction; a ### heading under it is a source (6D pose)
    ## Datasets                           -> datasets (the forms below); ### sub-headings there are skipped
    ## Models                             -> sources_intro, the list "[label](#anchor) summary" of sources,
                                             then one source per ### heading
    ## <anything else>                    -> a source of its own (detection's "## Models From ...",
                                             keypoint's "## edgeai-mmpose")
    ## Notes                              -> notes
    ## References                         -> the task's numbered references

Inside a source: its ``<div id>`` lines and GitHub's anchor of its heading are its ``anchors``; prose before
or after its first bullet list is its description; the first bullet lists are its links; a heading one level
deeper or more (``####`` under ``###``, ``###`` under ``##``) starts a section (sub-heading, prose, tables);
after the tables, ``*- text`` lines are footnotes and other paragraphs notes. A ``###`` source heading with no
links and no prose of its own, only tables, directly after another source (detection's "Very small models
(not recommended for general use)" between two parts of edgeai-mmdetection) is read as a section of that
source, and the summary says so.

Datasets: a paragraph or bullet starting ``**X** dataset: text`` (any case), ``**X Dataset**[: text]``,
``**X:** text``, ``**X**: text`` or ``X dataset: text``; lines and bullets directly below it belong to its
description, and its url is the first URL there that names it (cocodataset.org for COCO), else the
first. A Dataset cell naming no described dataset makes a dataset of its own (id: the slug of the cell;
name: "<X> Dataset" where a link line or group row says so, e.g. "Trained on WIDER FACE Dataset [9]", else
the cell), listed as a note.

Source ids: the last folder of the source's "Models Link" when it has two (``./coco/edgeai-mmdet/`` ->
``edgeai-mmdet``), expanded to a link's last path part that starts with it or is ``<org>-<folder>``
(``edgeai-mmdetection``, ``edgeai-hf-transformers``); without one, the slug of the heading. Sources of one
page that would share an id are told apart by their training repository (the last path part of their
"Training ... code/source" link): the id of a source already in the data folder with that repository, else
the repository's slug; those still sharing one get the slug of their heading.

Groups of rows: a table line with one emphasised cell and nothing else but blanks or ``-`` (``|*Label*``,
``|   |**Label**``, ``| - | **Label**``) starts group "Label"; a line of only blanks and ``-`` starts an
unlabelled group, named "QAT models" when all its rows are QAT and "Group N" otherwise (N counts the groups
of that table from 1, the rows before its first group line being group 1 when there are any). A row is QAT
when its name ends in ``-QAT`` or its notes say QAT.

Prose keeps its Markdown; a ``<br>`` ending a line is dropped (the site shows raw HTML literally), and a
``./relative`` link target inside prose is resolved against ``links_base`` (a link bullet's url stays
relative: the site resolves it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from generator.catalogue import slugify
from generator.importer import cells as C
from generator.importer import markdown as md
from generator.importer.references import clean_url, reference_fields, reference_id
from generator.importer.report import ColumnMapping, Problems, Summary, TableSummary
from generator.paths import root_name_clash

KNOWN_SECTIONS = ("introduction", "datasets", "models", "notes", "references")
_REFERENCE_FIELDS = ("title", "authors", "venue", "year", "description", "urls")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_BR_END = re.compile(r"\s*<br\s*/?>\s*$", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKER = re.compile(r"^\s*[-*+]\s+")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^()\s]*)\)")
_WHOLE_LINK = re.compile(r"(\*\*|__|\*|_)?\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\(([^()\s]+)\)\1?")
_REL_TARGET = re.compile(r"(\]\(\s*)(\.\.?/[^\s)]*)")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"()\]\[]+")
_SOURCE_ITEM = re.compile(r"^\[([^\]]+)\]\(#([^)\s]+)\)\s*(.*)$")
_FOOTNOTE = re.compile(r"^([*†‡§¶#]+)-\s*(.+)$")
_CITED_NAME = re.compile(r"^(.*?)\s*\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\]$")
_CITATION = re.compile(r"\[([0-9]+(?:\s*,\s*[0-9]+)*)\](?!\()")
_REF_START = re.compile(r"^\[([0-9]+)\](?:\s+(.*))?$")
_QAT = re.compile(r"\bQAT\b")
_DATASET_WORD = re.compile(r"\s[Dd]ataset\b")
_CAPITALISED = re.compile(r"[A-Z][A-Za-z0-9-]*")
_ANCHOR_OK = re.compile(r"""[^\s"'<>&]{1,200}""")
_DATASET_FORMS = (
    re.compile(r"^\*\*(?P<name>[^*]+?)\*\*\s+dataset\s*:\s*(?P<rest>.*)$", re.IGNORECASE),
    re.compile(r"^\*\*(?P<name>[^*]+?)\s+dataset\*\*\s*(?::\s*(?P<rest>.*))?$", re.IGNORECASE),
    re.compile(r"^\*\*(?P<name>[^*]+?):\*\*\s*(?P<rest>.*)$"),
    re.compile(r"^\*\*(?P<name>[^*]+?)\*\*\s*:\s*(?P<rest>.*)$"),
    re.compile(
        r"^(?P<name>[A-Za-z0-9][\w.+-]*(?: [\w.+-]+){0,3})\s+dataset\s*:\s*(?P<rest>.*)$", re.IGNORECASE
    ),
)
_LAYOUT_TAGS = {"div", "/div", "span", "/span", "br", "hr", "p", "/p"} | {
    f"{s}h{n}" for s in ("", "/") for n in range(1, 7)
}

ZOO = {
    "title": "TI Edge AI Model Zoo",
    "description": (
        "Pretrained models of the Texas Instruments Edge AI model zoo, with their complexity and accuracy, "
        "grouped by task and by the repository they come from."
    ),
    "repository": "https://github.com/TexasInstruments/edgeai-tensorlab",
    "provenance": "reported by the training repository (TI's model zoo page)",
}
"""zoo.yaml of a new data folder (an existing one is kept)."""


@dataclass(frozen=True)
class Options:
    task_id: str | None = None
    """Default: the slug of the page's title."""
    title: str | None = None
    """Default: the page's ``#`` heading without "Benchmark"."""
    order: int | None = None
    """Default: the task's order in the data folder, else after the tasks there."""
    links_base: str | None = None
    """Base URL of the page's ./relative links (TI's task folder); without it they stay relative."""


@dataclass
class Known:
    """What the data folder already holds, by id (records as read from its files)."""

    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    task_orders: dict[str, int] = field(default_factory=dict)


@dataclass
class PageRecords:
    """Everything read from one page, in output order; records not yet merged with the data folder."""

    task: dict[str, Any]
    datasets: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    """Global source records (id, title, label, summary, url)."""
    references: list[dict[str, Any]]
    """Global reference records (no numbers: those are the task's)."""
    columns: list[str]
    rows: list[dict[str, str]]
    lines: dict[tuple[str, str], int]
    """(kind, id) -> the page line a dataset, source or reference record comes from."""
    summary: Summary
    problems: Problems


# ---------------------------------------------------------------------------------------------- drafts


@dataclass
class _Section:
    heading: md.Heading
    blocks: list[md.Block] = field(default_factory=list)


@dataclass
class _SourceDraft:
    heading: md.Heading
    container: str
    anchors: list[tuple[str, int]] = field(default_factory=list)
    head: list[md.Block] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text

    def has_own_text(self) -> bool:
        return any(isinstance(b, md.Paragraph | md.BulletList) for b in self.head)

    def tables(self) -> int:
        return sum(isinstance(b, md.Table) for b in self.head) + sum(
            isinstance(b, md.Table) for s in self.sections for b in s.blocks
        )


@dataclass
class _Link:
    record: dict[str, Any]
    line: int
    label: str
    """The link's text, emphasis stripped (of the first link of a bullet with more text)."""
    url: str | None
    """The link's target (of the first link of a bullet with more text)."""


@dataclass
class _Column:
    label: str
    shown: str
    role: str
    keys: list[str]
    col: int
    detail: str = ""


@dataclass
class _Row:
    line: md.Line
    cells: tuple[md.Cell, ...]
    """One per column of the table."""
    segment: int


@dataclass
class _Source:
    draft: _SourceDraft
    id: str = ""
    anchors: list[tuple[str, int]] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    footnotes: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[tuple[md.Table, str]] = field(default_factory=list)
    label: str | None = None
    summary: str | None = None
    text_lines: list[tuple[str, int]] = field(default_factory=list)
    """Every prose text of the source with its line, for the [n] citations in it."""

    @property
    def line(self) -> int:
        return self.draft.heading.line.no


# ---------------------------------------------------------------------------------------------- reader


class _Reader:
    def __init__(self, page: md.Page, display: str, options: Options, known: Known) -> None:
        self.page = page
        self.options = options
        self.known = known
        self.problems = Problems(display)
        self.summary = Summary(display)
        self.title: md.Heading | None = None
        self.parts: dict[str, list[md.Block]] = {}
        self.part_lines: dict[str, int] = {}
        self.drafts: list[_SourceDraft] = []
        self.datasets: list[dict[str, Any]] = []
        self.dataset_by_norm: dict[str, str] = {}
        self.record_lines: dict[tuple[str, str], int] = {}
        self.mentions: dict[str, tuple[str, int]] = {}
        self.ref_by_number: dict[int, str] = {}
        self.relative_warned: set[int] = set()
        for err in page.errors:
            self.problems.error(err.line, err.message)

    # -- text helpers ------------------------------------------------------------------------------

    def _line_text(self, line: md.Line) -> str:
        text = line.text.rstrip()
        if _BR_END.search(text):
            self.summary.skipped.append((line.no, "<br> at the end of the line"))
            text = _BR_END.sub("", text)
        if _BR.search(text):
            self.problems.warning(line.no, "a <br> inside a line is shown literally by the site")
        return self._resolve(text, line.no)

    def _resolve(self, text: str, line: int) -> str:
        """./relative link targets in prose, resolved against links_base (kept when there is none)."""
        base = self.options.links_base

        def fix(m: re.Match[str]) -> str:
            if base is None:
                if line not in self.relative_warned:
                    self.relative_warned.add(line)
                    self.problems.warning(
                        line, f"the relative link {m.group(2)!r} in prose needs --links-base; kept as written"
                    )
                return m.group(0)
            return m.group(1) + urljoin(base, m.group(2))

        return _REL_TARGET.sub(fix, text)

    def _block_text(self, block: md.Paragraph | md.BulletList) -> str:
        return "\n".join(self._line_text(ln) for ln in (block.lines))

    def _prose(self, blocks: list[md.Block]) -> str:
        """Paragraphs and lists as Markdown: blocks written one under the other stay so, others get a
        blank line between them."""
        out = ""
        last = None
        for block in blocks:
            if not isinstance(block, md.Paragraph | md.BulletList):
                continue
            text = self._block_text(block)
            if last is not None:
                out += "\n" if block.first == last + 1 else "\n\n"
            out += text
            last = block.last
        return out

    # -- outline -----------------------------------------------------------------------------------

    def outline(self) -> None:
        state: str | None = None
        source: _SourceDraft | None = None
        section: _Section | None = None
        pending: list[tuple[str, int]] = []

        def drop_pending(why: str) -> None:
            for ident, no in pending:
                self.problems.warning(no, f"the anchor {ident!r} is {why}: not kept")
            pending.clear()

        for block in self.page.blocks:
            if isinstance(block, md.Heading):
                if block.level == 1:
                    if self.title is None and state is None:
                        self.title = block
                    else:
                        self.problems.error(block.line.no, "a second '# ' title: one page describes one task")
                    continue
                if block.level == 2:
                    if pending:
                        drop_pending("followed by a '## ' section, not a source")
                    name = " ".join(block.text.split()).lower()
                    section = None
                    if name in KNOWN_SECTIONS:
                        if name in self.parts:
                            self.problems.error(
                                block.line.no,
                                f"'## {block.text}' appears twice (first at line {self.part_lines[name]})",
                            )
                        self.parts.setdefault(name, [])
                        self.part_lines.setdefault(name, block.line.no)
                        state, source = name, None
                    else:
                        state = "source"
                        source = self._new_source(block, "page", pending)
                    continue
                if state in ("models", "introduction"):
                    if source is None or block.level <= source.heading.level:
                        source = self._new_source(block, state, pending)
                        section = None
                    else:
                        drop_pending("followed by a sub-heading, not a source")
                        section = _Section(block)
                        source.sections.append(section)
                elif state == "source" and source is not None:
                    drop_pending("followed by a sub-heading, not a source")
                    section = _Section(block)
                    source.sections.append(section)
                elif state == "datasets":
                    self.summary.skipped.append((block.line.no, f"sub-heading {block.text!r} in Datasets"))
                    self.parts["datasets"].append(block)
                else:
                    where = f"'## {state.title()}'" if state else "the page before its first '## ' section"
                    self.problems.error(block.line.no, f"a sub-heading in {where} is not understood")
                continue
            if isinstance(block, md.Html):
                self._html(block, pending)
                continue
            if isinstance(block, md.Rule):
                self.summary.skipped.append((block.line.no, "horizontal rule"))
                continue
            if state is None:
                self.problems.error(block.first, "text before the first '## ' section is not understood")
            elif source is not None:
                (section.blocks if section is not None else source.head).append(block)
            else:
                self.parts[state].append(block)
        if pending:
            drop_pending("at the end of the page")
        if self.title is None:
            self.problems.error(1, "the page has no '# Title' heading")

    def _new_source(
        self, heading: md.Heading, container: str, pending: list[tuple[str, int]]
    ) -> _SourceDraft:
        draft = _SourceDraft(heading, container, anchors=list(pending))
        pending.clear()
        self.drafts.append(draft)
        return draft

    def _html(self, block: md.Html, pending: list[tuple[str, int]]) -> None:
        if block.tag == "div" and block.id:
            pending.append((block.id, block.line.no))
            self.summary.skipped.append(
                (block.line.no, f'<div id="{block.id}"> (an anchor of the next source)')
            )
        elif block.tag in _LAYOUT_TAGS and block.line.text.strip().lower() in (
            f"<{block.tag}>",
            f"<{block.tag}/>",
            f"<{block.tag} />",
            f"<{block.tag}></{block.tag}>",
        ):
            self.summary.skipped.append((block.line.no, f"stray <{block.tag}>"))
        else:
            self.problems.warning(
                block.line.no, f"raw HTML <{block.tag}> is not understood: the line is skipped"
            )

    # -- datasets ----------------------------------------------------------------------------------

    def read_datasets(self) -> str | None:
        """The Datasets section -> self.datasets; returns datasets_intro (prose before the first dataset)."""
        intro: list[md.Block] = []
        pieces: list[list[tuple[str, bool]]] = []  # per dataset: (text, written right under the previous)
        owner: int | None = None
        prev_last = -10
        for block in self.parts.get("datasets", []):
            adjacent = block.first == prev_last + 1
            prev_last = block.last
            if isinstance(block, md.Heading):
                owner = None
            elif isinstance(block, md.Paragraph):
                found = self._dataset_line(self._line_text(block.lines[0]).strip())
                if found is not None:
                    owner = self._new_dataset(found[0], block.first)
                    text = "\n".join([found[1], *(self._line_text(ln) for ln in block.lines[1:])])
                    pieces.append([(text.strip(), False)])
                elif self.datasets:
                    owner = len(self.datasets) - 1 if owner is None else owner
                    name = self.datasets[owner]["name"]
                    self.summary.notes.append(
                        (block.first, f"paragraph read as more of the description of {name!r}")
                    )
                    pieces[owner].append((self._block_text(block), adjacent))
                else:
                    intro.append(block)
            elif isinstance(block, md.BulletList):
                if owner is not None and adjacent:
                    pieces[owner].append((self._block_text(block), True))
                    continue
                for k, item in enumerate(block.items):
                    found = self._dataset_line(_MARKER.sub("", self._line_text(item.line)).strip())
                    if found is not None:
                        owner = self._new_dataset(found[0], item.line.no)
                        text = "\n".join([found[1], *(self._line_text(ln) for ln in item.more)])
                        pieces.append([(text.strip(), False)])
                    elif owner is not None:
                        text = "\n".join(self._line_text(ln) for ln in (item.line, *item.more))
                        pieces[owner].append((text, k > 0 or adjacent))
                    else:
                        intro.append(md.Paragraph((item.line, *item.more)))
        for record, parts in zip(self.datasets, pieces, strict=True):
            text = ""
            for piece, under in parts:
                if piece:
                    text = piece if not text else f"{text}{chr(10) if under else chr(10) * 2}{piece}"
            if text:
                record["description"] = text
                url = _dataset_url(record["name"], text)
                if url:
                    record["url"] = url
        return self._prose(intro) or None

    def _dataset_line(self, text: str) -> tuple[str, str] | None:
        for form in _DATASET_FORMS:
            m = form.match(text)
            if m:
                return m.group("name").strip(), (m.group("rest") or "").strip()
        return None

    def _new_dataset(self, name: str, line: int) -> int:
        norm = _norm_name(name)
        if norm in self.dataset_by_norm:
            first = self.record_lines[("dataset", self.dataset_by_norm[norm])]
            self.problems.error(line, f"dataset {name!r} is described twice (first at line {first})")
        ident = self._dataset_id(name)
        self.dataset_by_norm.setdefault(norm, ident)
        self.record_lines.setdefault(("dataset", ident), line)
        self.datasets.append({"id": ident, "name": name})
        return len(self.datasets) - 1

    def _dataset_id(self, name: str) -> str:
        norm = _norm_name(name)
        for ident, record in self.known.datasets.items():
            if isinstance(record.get("name"), str) and _norm_name(record["name"]) == norm:
                return ident
        return slugify(name)

    def dataset_of(self, cell: md.Cell, line: int) -> str:
        norm = _norm_name(cell.text)
        ident = self.dataset_by_norm.get(norm)
        if ident is not None:
            return ident
        mention = self.mentions.get(norm)
        name = mention[0] if mention else cell.text
        ident = self._dataset_id(cell.text)
        self.dataset_by_norm[norm] = ident
        self.record_lines[("dataset", ident)] = line
        self.datasets.append({"id": ident, "name": name})
        if ident in self.known.datasets:
            self.summary.notes.append(
                (line, f"dataset {cell.text!r} is not described under Datasets: {ident!r} of the data folder")
            )
        elif mention:
            where = f"named {name!r} at line {mention[1]}"
            self.summary.notes.append(
                (line, f"dataset {cell.text!r} is not described under Datasets: {where}")
            )
        else:
            self.summary.notes.append((line, f"dataset {cell.text!r} is not described under Datasets"))
        return ident

    def collect_mentions(self, texts: list[tuple[str, int]]) -> None:
        """'<Name> Dataset' in link lines and group rows: the capitalised words (at most four) before the
        word "dataset" name a dataset ("Trained on WIDER FACE Dataset [9]" -> "WIDER FACE")."""
        for text, line in texts:
            plain = C.strip_emphasis(text)
            for m in _DATASET_WORD.finditer(plain):
                words = plain[max(0, m.start() - 200) : m.start()].split()[-4:]
                name: list[str] = []
                for word in reversed(words):
                    if not _CAPITALISED.fullmatch(word):
                        break
                    name.insert(0, word)
                if name:
                    self.mentions.setdefault(_norm_name(" ".join(name)), (" ".join(name), line))

    # -- references --------------------------------------------------------------------------------

    def read_references(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(global records, the task's [{id, number}] list in page order)."""
        entries: list[list[Any]] = []  # [number, line, text]
        for block in self.parts.get("references", []):
            if not isinstance(block, md.Paragraph | md.BulletList):
                self.problems.error(block.first, "only '[n] text' paragraphs are understood in References")
                continue
            continues = False
            for ln in block.lines:
                text = _BR_END.sub("", ln.text.strip())
                m = _REF_START.match(text)
                if m and (m.group(2) or "").strip():
                    entries.append([int(m.group(1)), ln.no, m.group(2).strip()])
                    continues = True
                elif m:
                    self.problems.error(ln.no, f"reference [{m.group(1)}] has no text")
                    continues = False
                elif continues:
                    entries[-1][2] += f" {text}"
                else:
                    self.problems.error(ln.no, "expected a reference like '[1] Title, Authors, ...'")
        records: list[dict[str, Any]] = []
        listing: list[dict[str, Any]] = []
        first_line: dict[int, int] = {}
        used: set[str] = set()
        for number, line, text in entries:
            if number in first_line:
                self.problems.warning(
                    line,
                    f"reference [{number}] is defined twice (lines {first_line[number]} and {line}): both "
                    f"are kept, and a citation [{number}] points to the first",
                )
            fields = reference_fields(text)
            base = reference_id(text, fields["title"]) or f"ref{number}"
            ident = self._reference_id(base, fields["title"], used, line)
            used.add(ident)
            self.record_lines[("reference", ident)] = line
            first_line.setdefault(number, line)
            self.ref_by_number.setdefault(number, ident)
            records.append({"id": ident, **{k: fields[k] for k in _REFERENCE_FIELDS if k in fields}})
            listing.append({"id": ident, "number": number})
        return records, listing

    def _reference_id(self, base: str, title: str, used: set[str], line: int) -> str:
        """The page's id, unless the data folder has this reference (same title) under another id, or
        another reference under this id."""
        same = _norm_title(title)
        known = self.known.references.get(base)
        if known is not None and _norm_title(known.get("title")) == same and base not in used:
            return base
        for ident, record in self.known.references.items():
            if _norm_title(record.get("title")) == same and ident not in used:
                return ident
        ident, k = base, 1
        while ident in used or ident in self.known.references:
            k += 1
            ident = f"{base}-{k}"
        if base in self.known.references:
            self.summary.notes.append(
                (line, f"reference {ident!r}: the data folder's {base!r} is another one")
            )
        return ident

    # -- sources -----------------------------------------------------------------------------------

    def build_sources(self) -> list[_Source]:
        sources: list[_Source] = []
        previous: dict[str, _Source] = {}
        for draft in self.drafts:
            host = previous.get(draft.container)
            if (
                host is not None
                and draft.container in ("models", "introduction")
                and draft.heading.level == host.draft.heading.level
                and not draft.has_own_text()
                and draft.tables()
            ):
                heading = f"{'#' * draft.heading.level} {draft.title}"
                self.summary.notes.append(
                    (
                        draft.heading.line.no,
                        f"{heading!r} has no links or text: a section of {host.draft.title!r}",
                    )
                )
                host.anchors += draft.anchors
                self._read_section(host, _Section(draft.heading, draft.head))
                for sub in draft.sections:
                    self._read_section(host, sub)
                continue
            src = _Source(draft, anchors=list(draft.anchors))
            heading_anchor = github_anchor(draft.title)
            if heading_anchor:
                src.anchors.append((heading_anchor, draft.heading.line.no))
            self._read_head(src)
            for sub in draft.sections:
                self._read_section(src, sub)
            sources.append(src)
            previous[draft.container] = src
        return sources

    def _read_head(self, src: _Source) -> None:
        phase = "head"  # head -> links -> tables
        for block in src.draft.head:
            if isinstance(block, md.Table):
                src.tables.append((block, ""))
                phase = "tables"
            elif phase == "tables":
                self._after_table(src, block)
            elif isinstance(block, md.BulletList):
                for item in block.items:
                    src.links.append(self._link(item))
                phase = "links"
            elif isinstance(block, md.Paragraph):
                src.description.append(self._block_text(block))
                src.text_lines.append((src.description[-1], block.first))

    def _read_section(self, src: _Source, sub: _Section) -> None:
        taken = {s["id"] for s in src.sections}
        base = slugify(sub.heading.text)
        ident, k = base, 1
        while ident in taken:
            k += 1
            ident = f"{base}-{k}"
        prose: list[md.Block] = []
        seen_table = False
        for block in sub.blocks:
            if isinstance(block, md.Table):
                src.tables.append((block, ident))
                seen_table = True
            elif seen_table:
                self._after_table(src, block)
            else:
                prose.append(block)
        record: dict[str, Any] = {"id": ident, "title": sub.heading.text}
        text = self._prose(prose)
        if text:
            record["description"] = text
            src.text_lines.append((text, sub.heading.line.no))
        src.sections.append(record)

    def _after_table(self, src: _Source, block: md.Block) -> None:
        if isinstance(block, md.Paragraph):
            marks = [_FOOTNOTE.match(self._line_text(ln).strip()) for ln in block.lines]
            if all(marks):
                for m in marks:
                    if m is not None:
                        src.footnotes.append({"marker": m.group(1), "text": m.group(2).strip()})
                return
            if any(marks):
                self.problems.error(
                    block.first, "a paragraph mixing footnote lines ('*- text') with other text"
                )
                return
        if isinstance(block, md.Paragraph | md.BulletList):
            src.notes.append(self._block_text(block))
            src.text_lines.append((src.notes[-1], block.first))

    def _link(self, item: md.ListItem) -> _Link:
        text = " ".join(
            [_BR_END.sub("", item.text.strip()), *(_BR_END.sub("", ln.text.strip()) for ln in item.more)]
        ).strip()
        if _BR_END.search(item.text) or any(_BR_END.search(ln.text) for ln in item.more):
            self.summary.skipped.append((item.line.no, "<br> at the end of the line"))
        whole = _WHOLE_LINK.fullmatch(text)
        if whole and _is_target(whole.group(3)) and "](" not in whole.group(2):
            mark = whole.group(1) or ""
            label = f"{mark}{whole.group(2)}{mark}"
            return _Link(
                {"label": label, "url": whole.group(3)},
                item.line.no,
                C.strip_emphasis(whole.group(2)),
                whole.group(3),
            )
        first = _LINK.search(text)
        label = C.strip_emphasis(first.group(1)) if first else C.strip_emphasis(text)
        url = first.group(2) if first and _is_target(first.group(2)) else None
        return _Link({"label": self._resolve(text, item.line.no)}, item.line.no, label, url)

    def read_listing(self) -> tuple[str | None, list[tuple[str, str, str, int]]]:
        """The Models section's prose before its first source: (sources_intro, [(label, anchor, summary,
        line)])."""
        intro: list[md.Block] = []
        listing: list[tuple[str, str, str, int]] = []
        for block in self.parts.get("models", []):
            if isinstance(block, md.Paragraph):
                items = [_SOURCE_ITEM.match(_BR_END.sub("", ln.text.strip())) for ln in block.lines]
                if all(items):
                    for ln, m in zip(block.lines, items, strict=True):
                        if m is not None:
                            summary = self._resolve(m.group(3).strip(), ln.no)
                            listing.append((m.group(1), m.group(2), summary, ln.no))
                    continue
            intro.append(block)
        return self._prose(intro) or None, listing

    def assign_ids(self, sources: list[_Source]) -> None:
        """Each source's id (the rule of the module docstring); two sources left with one id are an error."""
        candidates = [self._candidate_id(s) for s in sources]
        counts = Counter(candidates)
        repos = [_last_part(self._repository(s)) for s in sources]
        for k, src in enumerate(sources):
            src.id = candidates[k]
            if counts[candidates[k]] == 1:
                continue
            repo = repos[k]
            others = [repos[j] for j in range(len(sources)) if j != k and candidates[j] == candidates[k]]
            known = next(
                (
                    ident
                    for ident, rec in self.known.sources.items()
                    if repo and isinstance(rec.get("url"), str) and _last_part(rec["url"]) == repo
                ),
                None,
            )
            if known is not None:
                src.id, why = known, f"the data folder's source from the repository {repo!r}"
            elif repo and repo not in others:
                src.id, why = slugify(repo), f"its training repository {repo!r}"
            else:
                src.id, why = slugify(src.draft.title), "its heading"
            self.summary.notes.append(
                (
                    src.line,
                    f"{counts[candidates[k]]} sources would be {candidates[k]!r}: {src.id!r} from {why}",
                )
            )
        seen: dict[str, _Source] = {}
        for src in sources:
            if src.id in seen:
                self.problems.error(
                    src.line, f"two sources get the id {src.id!r} (the first at line {seen[src.id].line})"
                )
            seen.setdefault(src.id, src)

    def _candidate_id(self, src: _Source) -> str:
        folder = None
        for link in src.links:
            if link.label.lower().startswith("models link") and link.url and not link.url.startswith("http"):
                parts = [p for p in link.url.split("/") if p not in ("", ".", "..")]
                if len(parts) >= 2:
                    folder = parts[-1]
                    break
        if folder:
            short = folder.lower()
            for link in src.links:
                if link.url and link.url.startswith("http"):
                    last = _last_part(link.url)
                    if last != short and (last.startswith(short) or last.endswith("-" + short)):
                        return slugify(last)
            return slugify(folder)
        return slugify(src.draft.title)

    def _repository(self, src: _Source) -> str | None:
        for link in src.links:
            label = link.label.lower()
            if (
                link.url
                and link.url.startswith("http")
                and "training" in label
                and ("code" in label or "source" in label)
            ):
                return link.url
        return None

    # -- tables ------------------------------------------------------------------------------------

    def read_tables(
        self, sources: list[_Source]
    ) -> tuple[
        dict[str, Any] | None, dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, str]]
    ]:
        complexity: dict[str, Any] | None = None
        complexity_line = 0
        metrics: dict[str, dict[str, Any]] = {}
        extra: dict[str, dict[str, Any]] = {}
        rows: list[dict[str, str]] = []
        # mentions of datasets in link lines and group rows name the datasets no paragraph describes
        texts = [(str(link.record["label"]), link.line) for s in sources for link in s.links]
        for s in sources:
            for table, _ in s.tables:
                for row in table.rows:
                    texts += [(c.text, row.line.no) for c in row.cells if C.is_emphasised(c.text)]
        self.collect_mentions(texts)
        for src in sources:
            for table, section in src.tables:
                columns = self._columns(table)
                if columns is None:
                    continue
                body, segments, splits = self._body(table, columns)
                self._decide_candidates(columns, body, metrics, extra)
                info = TableSummary(
                    table.first, src.id, section, len(body), sum(s is not None for s in segments[1:]), splits
                )
                for col in columns:
                    info.columns.append(ColumnMapping(col.label, col.role, col.keys, col.detail))
                    if col.role == "complexity":
                        key, unit = C.COMPLEXITY[C.normalise_header(col.label)]
                        if complexity is None:
                            complexity = {"key": key, "label": col.shown, "unit": unit}
                            complexity_line = table.first
                        elif complexity["key"] != key:
                            self.problems.error(
                                table.first,
                                f"the complexity {col.label!r} differs from {complexity['label']!r} (line "
                                f"{complexity_line}): a task declares one",
                            )
                        elif complexity["label"] != col.shown:
                            info.columns[-1].detail = f"as {complexity['label']!r} of line {complexity_line}"
                    elif col.role == "metric":
                        for key, label in zip(col.keys, _split_label(col.shown, len(col.keys)), strict=True):
                            if key in extra:
                                self.problems.error(
                                    table.first, f"metric {label!r} takes the key {key!r} of a text column"
                                )
                            elif key not in metrics:
                                metrics[key] = _metric(key, label)
                            elif metrics[key]["label"] != label:
                                info.columns[-1].detail = f"{label!r} as {metrics[key]['label']!r}"
                    elif col.role in ("text", "link"):
                        key = col.keys[0]
                        if key in metrics:
                            self.problems.error(
                                table.first, f"column {col.label!r} takes the key {key!r} of a metric"
                            )
                        elif key not in extra:
                            extra[key] = {"key": key, "label": col.shown, "kind": col.role}
                        elif extra[key]["kind"] != col.role:
                            extra[key]["kind"] = "text"
                names = self._group_names(body, segments, columns)
                for row in body:
                    out = self._row(src, section, row, columns, names[row.segment], info)
                    if out is not None:
                        rows.append(out)
                self.summary.tables.append(info)
        return complexity, metrics, extra, rows

    def _columns(self, table: md.Table) -> list[_Column] | None:
        columns: list[_Column] = []
        seen: dict[str, str] = {}
        ok = True
        for cell in table.header.cells:
            label = cell.text
            norm = C.normalise_header(label)
            shown = C.shown_label(label)
            detail = f"shown as {shown!r}" if shown != " ".join(label.split()) else ""
            if norm in C.FIXED:
                key = C.FIXED[norm]
                col = _Column(label, shown, "input" if key == "input_size" else "fixed", [key], cell.col)
            elif norm in C.COMPLEXITY:
                col = _Column(label, shown, "complexity", [C.COMPLEXITY[norm][0]], cell.col, detail)
            elif norm in C.TEXT_COLUMNS:
                col = _Column(label, shown, "text", [C.TEXT_COLUMNS[norm]], cell.col, detail)
            else:
                parts = [p.strip() for p in shown.split(",")] if "," in shown else [shown]
                keys = [C.metric_key(p) for p in parts]
                if not all(keys) or not all(_SLUG.fullmatch(k) for k in keys):
                    self.problems.error(
                        table.header.line.no, f"cannot make a column key of the header {label!r}"
                    )
                    ok = False
                    continue
                if len(keys) > 1:
                    detail = "; ".join(filter(None, [detail, "split at ','"]))
                col = _Column(label, shown, "candidate", keys, cell.col, detail)
            for key in col.keys:
                if col.role in ("candidate", "text") and key in C.RESERVED_KEYS:
                    self.problems.error(
                        table.header.line.no, f"the header {label!r} would take the column {key!r}"
                    )
                    ok = False
                if key in seen:
                    self.problems.error(
                        table.header.line.no,
                        f"the header {label!r} repeats the column {key!r} ({seen[key]!r})",
                    )
                    ok = False
                seen[key] = label
            columns.append(col)
        for needed, what in (("dataset", "Dataset"), ("name", "Model Name"), ("input_size", "Input Size")):
            if needed not in seen:
                self.problems.error(table.header.line.no, f"the table has no {what} column")
                ok = False
        return columns if ok else None

    def _body(self, table: md.Table, columns: list[_Column]) -> tuple[list[_Row], list[str | None], int]:
        """Model rows and the label of each segment of the table (None: an unlabelled split); segment 0
        holds the rows before the first group line."""
        rows: list[_Row] = []
        segments: list[str | None] = [""]
        lines: list[int] = [table.first]
        splits = 0
        for row in table.rows:
            texts = row.texts()
            filled = [t for t in texts if t and not C.is_placeholder(t)]
            if not filled:
                segments.append(None)
                lines.append(row.line.no)
                splits += 1
            elif len(filled) == 1 and C.is_emphasised(filled[0]):
                segments.append(C.strip_emphasis(filled[0]))
                lines.append(row.line.no)
            elif len(texts) != len(columns):
                self.problems.error(
                    row.line.no,
                    f"table row has {len(texts)} cells, expected {len(columns)} "
                    f"({' | '.join(c.label for c in columns)})",
                )
            else:
                rows.append(_Row(row.line, row.cells, len(segments) - 1))
        for k in range(1, len(segments)):
            if not any(r.segment == k for r in rows):
                what = f"the group {segments[k]!r}" if segments[k] is not None else "this split"
                self.problems.warning(lines[k], f"{what} has no model rows")
        return rows, segments, splits

    def _decide_candidates(
        self,
        columns: list[_Column],
        body: list[_Row],
        metrics: dict[str, dict[str, Any]],
        extra: dict[str, dict[str, Any]],
    ) -> None:
        """Metric or extra column: what an earlier table of the page made of the same key; else a metric
        when a cell holds a number or none holds anything, an extra column (link when every cell is a URL
        or ./path, else text) when cells hold only other text."""
        for index, col in enumerate(columns):
            if col.role != "candidate":
                continue
            key = C.metric_key(col.shown) or slugify(col.shown)
            if all(k in metrics for k in col.keys):
                col.role = "metric"
                continue
            if key in extra:
                col.role, col.keys = extra[key]["kind"], [key]
                continue
            numeric = 0
            other: list[str] = []
            for row in body:
                text = row.cells[index].text
                if not text:
                    continue
                try:
                    C.read_values(text, col.keys)
                    numeric += 1
                except C.CellError:
                    other.append(text)
            if numeric or not other:
                col.role = "metric"
            else:
                col.role = "link" if all(C.is_link_target(t) for t in other) else "text"
                col.keys = [key]

    def _group_names(self, body: list[_Row], segments: list[str | None], columns: list[_Column]) -> list[str]:
        counts = [sum(r.segment == k for r in body) for k in range(len(segments))]
        names: list[str] = []
        number = 1 if counts[0] else 0
        name = columns_index(columns, "name")
        notes = next((k for k, c in enumerate(columns) if c.keys == ["notes"]), None)
        for k, label in enumerate(segments):
            if k == 0:
                names.append("")
                continue
            number += 1
            if label is None:
                members = [r for r in body if r.segment == k]
                qat = bool(members) and all(
                    _is_qat(r.cells[name].text, r.cells[notes].text if notes is not None else "")
                    for r in members
                )
                label = "QAT models" if qat else f"Group {number}"
            names.append(label)
        return names

    def _row(
        self, src: _Source, section: str, row: _Row, columns: list[_Column], group: str, info: TableSummary
    ) -> dict[str, str] | None:
        out: dict[str, str] = {"source": src.id, "section": section, "group": group}
        ok = True
        line = row.line.no
        for col, cell in zip(columns, row.cells, strict=True):
            text = cell.text
            if col.role == "fixed" or col.role == "input":
                key = col.keys[0]
                if key == "dataset":
                    if not text or C.is_placeholder(text):
                        self.problems.error(line, "the model row has no Dataset")
                        ok = False
                    else:
                        out["dataset"] = self.dataset_of(cell, line)
                elif key == "name":
                    name = text
                    refs: list[str] = []
                    m = _CITED_NAME.match(name)
                    if m:
                        name = m.group(1)
                        for number in (int(n) for n in m.group(2).split(",")):
                            ident = self.ref_by_number.get(number)
                            if ident is None:
                                self.problems.error(
                                    line,
                                    f"the model cites [{number}] but the page has no reference [{number}]",
                                )
                                ok = False
                            elif ident not in refs:
                                refs.append(ident)
                    if not name:
                        self.problems.error(line, "the model row has no name")
                        ok = False
                    elif "[" in name or "]" in name:
                        self.problems.error(
                            line, f"cannot read the model name {text!r}: expected Name or Name[1,2]"
                        )
                        ok = False
                    out["name"] = name
                    out["references"] = " ".join(refs)
                elif key == "input_size":
                    if not C.is_input_size(text):
                        self.problems.error(
                            line,
                            f"input size {text!r} is not one of 224x224 (width x height), 520 (one side) or "
                            "(416,416) (a resize range)",
                        )
                        ok = False
                    out["input_size"] = text
                elif key == "available":
                    plain = C.strip_emphasis(text)
                    if plain not in ("Y", ""):
                        self.problems.error(line, f"Available must be Y or blank, got {text!r}")
                        ok = False
                    out["available"] = plain
                elif key == "notes":
                    out["notes"] = self._resolve(text, line)
                continue
            if col.role in ("complexity", "metric"):
                unit = C.COMPLEXITY[C.normalise_header(col.label)][1] if col.role == "complexity" else None
                try:
                    values = C.read_values(text, col.keys, unit)
                except C.CellError as exc:
                    self.problems.error(line, f"{col.shown} {text!r} {exc}")
                    ok = False
                    continue
                for key, value in zip(col.keys, values, strict=True):
                    out[key] = value.text
                    for what in value.read_past:
                        info.cells[what] = info.cells.get(what, 0) + 1
                continue
            out[col.keys[0]] = text
        if not ok:
            return None
        out["qat"] = "Y" if _is_qat(out.get("name", ""), out.get("notes", "")) else ""
        return out

    # -- the task ----------------------------------------------------------------------------------

    def task_id_and_title(self) -> tuple[str, str]:
        heading = self.title.text if self.title is not None else ""
        named = " ".join(re.sub(r"\bbenchmark\b", " ", heading, flags=re.IGNORECASE).split())
        title = self.options.title or named
        ident = self.options.task_id or (slugify(named) if named else "")
        line = self.title.line.no if self.title is not None else 1
        if not title:
            self.problems.error(line, "the task has no title: give --title")
        if not ident or not _SLUG.fullmatch(ident):
            self.problems.error(
                line, f"the task id {ident!r} is not a slug like object-detection: give --task-id"
            )
        else:
            clash = root_name_clash(ident, {})
            if clash:
                self.problems.error(line, f"the task id {ident!r} cannot be used: {clash}")
        return ident, title

    def order(self, task_id: str) -> int:
        if self.options.order is not None:
            return self.options.order
        if task_id in self.known.task_orders:
            return self.known.task_orders[task_id]
        others = [o for t, o in self.known.task_orders.items() if t != task_id]
        return max(others, default=0) + 1


# ---------------------------------------------------------------------------------------------- driver


def read_page(
    text: str, *, display: str = "page", options: Options | None = None, known: Known | None = None
) -> PageRecords:
    """Read one page's text into the records of its task. Pure: problems are collected, never raised;
    the records are meaningful only when ``problems.has_errors`` is false."""
    options = options or Options()
    known = known or Known()
    reader = _Reader(md.parse(text), display, options, known)
    reader.outline()
    task_id, title = reader.task_id_and_title()
    order = reader.order(task_id)
    introduction = reader._prose(reader.parts.get("introduction", [])) or None
    datasets_intro = reader.read_datasets()
    references, task_references = reader.read_references()
    sources_intro, listing = reader.read_listing()
    sources = reader.build_sources()
    reader.assign_ids(sources)
    complexity, metrics, extra, rows = reader.read_tables(sources)
    problems, summary = reader.problems, reader.summary
    first_line = reader.title.line.no if reader.title is not None else 1

    if not sources:
        problems.error(
            first_line, "the page has no source: a '### ' heading under '## Models' or a '## ' section"
        )
    elif not summary.tables:
        problems.error(first_line, "the page has no table of models")
    elif complexity is None:
        problems.error(summary.tables[0].line, "no table has a complexity column (GigaMACs or GFLOPS)")
    elif not metrics:
        problems.error(summary.tables[0].line, "no table has a metric column")

    _apply_listing(reader, sources, listing)
    _check_anchors(reader, sources)
    if options.links_base is None:
        relative = [link for s in sources for link in s.links if link.record.get("url", "").startswith(".")]
        if relative:
            problems.warning(
                relative[0].line,
                f"{len(relative)} ./relative link(s), and no --links-base: the site cannot follow them",
            )

    entries: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    lines: dict[tuple[str, str], int] = {}
    row_counts = Counter(r["source"] for r in rows)
    for src in sources:
        if any(r["id"] == src.id for r in records):
            continue
        entry, record = _source_records(reader, src)
        entries.append(entry)
        records.append(record)
        lines[("source", src.id)] = src.line
        sections = f", {len(src.sections)} section{'s' * (len(src.sections) != 1)}" if src.sections else ""
        summary.sources.append(f"{src.id} (line {src.line}): {_count(row_counts[src.id], 'row')}{sections}")
    for (kind, ident), no in reader.record_lines.items():
        lines.setdefault((kind, ident), no)

    used = {r["dataset"] for r in rows if r.get("dataset")}
    for d in reader.datasets:
        where = reader.record_lines[("dataset", d["id"])]
        rows_of = sum(r.get("dataset") == d["id"] for r in rows)
        summary.datasets.append(f"{d['id']}: {d['name']} (line {where}): {_count(rows_of, 'row')}")
        if d["id"] not in used:
            summary.notes.append((where, f"dataset {d['name']!r} is described but no model row uses it"))
    for ref in task_references:
        summary.references.append(
            f"[{ref['number']}] {ref['id']} (line {reader.record_lines[('reference', ref['id'])]})"
        )

    task: dict[str, Any] = {"id": task_id, "title": title, "order": order}
    if introduction:
        task["introduction"] = introduction
    task["datasets"] = [d["id"] for d in reader.datasets]
    if datasets_intro:
        task["datasets_intro"] = datasets_intro
    if sources_intro:
        task["sources_intro"] = sources_intro
    if complexity is not None:
        task["complexity"] = complexity
    task["metrics"] = list(metrics.values())
    if extra:
        task["columns"] = list(extra.values())
    task["sources"] = entries
    notes = reader._prose(reader.parts.get("notes", []))
    if notes:
        task["notes"] = notes
    if task_references:
        task["references"] = task_references
    if options.links_base is not None:
        task["links_base"] = options.links_base

    header = ["source"] + (["section"] if any(r["section"] for r in rows) else [])
    header += ["group", "dataset", "name", "input_size"]
    header += [complexity["key"]] if complexity is not None else []
    header += [*metrics, *extra, "available", "qat", "notes", "references"]
    table = [{key: r.get(key, "") for key in header} for r in rows]
    summary.task_id, summary.title, summary.order, summary.rows = task_id, title, order, len(table)
    return PageRecords(task, reader.datasets, records, references, header, table, lines, summary, problems)


def add_anchors(page: PageRecords, other: PageRecords, other_name: str) -> None:
    """Keep the anchors of another version of the same page working too: each source of ``other`` with the
    id of one of ``page``'s sources gives it the anchors it lacks (unless another source of the page has
    them, or they are another source's id). Case-sensitive: ``EdgeAI-TorchVision`` and
    ``edgeai-torchvision`` are two anchors."""
    entries = page.task.get("sources", [])
    ids = {e["id"] for e in entries}
    taken = {a: e["id"] for e in entries for a in e.get("anchors", [])}
    theirs = {e["id"]: e.get("anchors", []) for e in other.task.get("sources", [])}
    for entry in entries:
        added = []
        for anchor in theirs.get(entry["id"], []):
            if anchor in taken or (anchor in ids and anchor != entry["id"]):
                continue
            entry.setdefault("anchors", []).append(anchor)
            taken[anchor] = entry["id"]
            added.append(anchor)
        if added:
            line = page.lines.get(("source", entry["id"]), 0)
            page.summary.notes.append(
                (line, f"anchors of {entry['id']!r} from {other_name}: {', '.join(added)}")
            )


def _apply_listing(reader: _Reader, sources: list[_Source], listing: list[tuple[str, str, str, int]]) -> None:
    """The Models section's "[label](#anchor) summary" lines -> each source's label and summary."""
    for label, anchor, summary, line in listing:
        src = next(
            (s for s in sources if anchor in {a for a, _ in s.anchors} or slugify(s.draft.title) == anchor),
            None,
        )
        if src is None:
            reader.problems.warning(line, f"the list of sources names #{anchor}, which no source heading has")
            continue
        if label != src.draft.title:
            src.label = label
        if summary:
            src.summary = summary


def _check_anchors(reader: _Reader, sources: list[_Source]) -> None:
    """Each source's anchors: valid ids, once per page, none taking another source's id."""
    taken: dict[str, str] = {}
    ids = {s.id: s for s in sources}
    for src in sources:
        kept: list[tuple[str, int]] = []
        for anchor, line in src.anchors:
            if any(anchor == a for a, _ in kept):
                continue
            if not _ANCHOR_OK.fullmatch(anchor):
                reader.problems.warning(line, f"the anchor {anchor!r} is not a valid element id: not kept")
            elif anchor in ids and ids[anchor] is not src:
                reader.problems.warning(
                    line, f"the anchor {anchor!r} is the id of source {anchor!r}: not kept"
                )
            elif anchor in taken and taken[anchor] != src.id:
                reader.problems.warning(
                    line, f"the anchor {anchor!r} is already an anchor of {taken[anchor]!r}: not kept"
                )
            else:
                kept.append((anchor, line))
                taken[anchor] = src.id
        src.anchors = kept


def _source_records(reader: _Reader, src: _Source) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the task's entry for the source, the global source record)."""
    known = reader.known.sources.get(src.id, {})
    shared_title = known.get("title") if isinstance(known.get("title"), str) else src.draft.title
    entry: dict[str, Any] = {"id": src.id}
    if src.draft.title != shared_title:
        entry["title"] = src.draft.title
    if src.anchors:
        entry["anchors"] = [a for a, _ in src.anchors]
    if src.description:
        entry["description"] = "\n\n".join(src.description)
    if src.links:
        entry["links"] = [link.record for link in src.links]
    if src.sections:
        entry["sections"] = src.sections
    if src.footnotes:
        entry["footnotes"] = src.footnotes
    if src.notes:
        entry["notes"] = src.notes
    cited: list[str] = []
    texts = [*src.text_lines, *((str(link.record["label"]), link.line) for link in src.links)]
    for text, _ in texts:
        for m in _CITATION.finditer(text):
            for number in (int(n) for n in m.group(1).split(",")):
                ident = reader.ref_by_number.get(number)
                if ident is not None and ident not in cited:
                    cited.append(ident)
    if cited:
        entry["references"] = cited
    record: dict[str, Any] = {"id": src.id, "title": src.draft.title}
    if src.label:
        record["label"] = src.label
    if src.summary:
        record["summary"] = src.summary
    repository = reader._repository(src)
    if repository:
        record["url"] = repository
    return entry, record


# ---------------------------------------------------------------------------------------------- helpers


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def columns_index(columns: list[_Column], key: str) -> int:
    return next(k for k, c in enumerate(columns) if c.keys == [key])


def _norm_name(name: str) -> str:
    """A dataset name as compared: letters and digits only, lower case, a trailing "dataset" dropped."""
    squeezed = re.sub(r"[^a-z0-9]", "", C.strip_emphasis(name).lower())
    return squeezed.removesuffix("dataset") or squeezed


def _dataset_url(name: str, text: str) -> str | None:
    """The first URL of a dataset's description that names the dataset (cocodataset.org for COCO), else
    its first URL."""
    urls = [clean_url(m.group(0)) for m in _URL_IN_TEXT.finditer(text)]
    norm = _norm_name(name)
    naming = [u for u in urls if norm and norm in re.sub(r"[^a-z0-9]", "", u.lower())]
    return (naming or urls or [None])[0]


def _norm_title(title: object) -> str:
    return " ".join(str(title).split()).casefold() if isinstance(title, str) else ""


def _last_part(url: str | None) -> str:
    if not url:
        return ""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].lower()


def _is_target(url: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s<>\"]+|\.\.?/[^\s<>\"]*", url))


def _is_qat(name: str, notes: str) -> bool:
    return name.endswith("-QAT") or bool(_QAT.search(notes))


def _split_label(label: str, n: int) -> list[str]:
    parts = [p.strip() for p in label.split(",")] if n > 1 else [label]
    return parts


def _metric(key: str, label: str) -> dict[str, Any]:
    metric: dict[str, Any] = {"key": key, "label": label}
    if "%" in label:
        metric["unit"] = "%"
    metric["higher_is_better"] = True
    if "%" in label:
        metric["minimum"] = 0
        metric["maximum"] = 100
    return metric


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, anything but letters, digits, spaces, '-' and '_'
    dropped, spaces as '-'."""
    plain = re.sub(r"[*_`]", lambda m: "_" if m.group(0) == "_" else "", text.strip())
    kept = "".join(ch for ch in plain.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


__all__ = ["ZOO", "Known", "Options", "PageRecords", "add_anchors", "github_anchor", "read_page"]
