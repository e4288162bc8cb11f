"""Import a model-zoo README (TI edgeai-modelzoo style) into a complete data folder.

The README is parsed strictly: anything the importer does not understand raises ``ReadmeImportError``
naming the README line, so no content is ever dropped silently. Layout understood::

    # <Task title>
    ## Introduction          -> task.introduction
    ## Datasets              -> datasets.yaml   (paragraphs "**Name** Dataset: text")
    ## Models                -> task.sources_intro, the list "[label](#anchor) summary" of sources,
                                then one block per source:
                                <div id="anchor"></div> / ### Title / description / - link bullets /
                                table / footnotes ("*- text") / notes (other paragraphs)
    ## Notes                 -> task.notes
    ## References            -> references.yaml (paragraphs "[n] text")

Rules worth knowing (all deterministic):

* Layout only is dropped: ``---`` rules, the ``<div id>`` lines (kept as ``legacy_anchor``) and a ``<br>``
  at the end of a prose line (raw HTML is escaped by the site, so it would show literally).
* Source id: the folder name of the "Models Link" bullet (``./imagenet1k/edgeai-tv/`` -> ``edgeai-tv``).
  When another link of the source names a repository ``<org>-<folder>`` (TI's forks are called
  ``edgeai-<upstream>``, the models folder drops the prefix), that qualified name is the id:
  ``hf-transformers`` + ``.../edgeai-hf-transformers`` -> ``edgeai-hf-transformers``. Without a
  Models Link the slug of the heading is used.
* Table columns: Dataset, Model Name, Input Size, GigaMACs (complexity, key ``gmacs``), Available and Notes
  are fixed; every other column is a metric. Metric key: drop bracketed qualifiers (``[0.5:0.95]``), ``%``
  and the word "Accuracy", keep the letters and digits, lower-case (``Top-1 Accuracy%`` -> ``top1``,
  ``MeanIoU%`` -> ``meaniou``, ``AP[0.5:0.95]`` -> ``ap``, ``AP50`` -> ``ap50``). A metric whose label ends
  in ``%`` gets minimum 0 and maximum 100; every metric is higher-is-better.
* Cells keep their text exactly (figures as written), padding stripped. ``Name[2,11]`` is the name plus
  citations of references [2] and [11]. ``qat`` is Y when the name ends in ``-QAT`` or the notes say QAT.
* Groups: a one-cell table line ``|*Label*`` starts group "Label" (emphasis stripped); a bare ``|-`` starts
  an unlabeled group, named "QAT models" when all its rows are QAT, else "Group N" (N counts the groups of
  that table from 1, the rows before the first group line being group 1 when there are any; those rows
  themselves have group "").
* References: URLs go to ``urls`` (trailing punctuation stripped). "Title, Author, Author, ..., venue,
  year" entries are papers: comma-separated segments after the title are authors while they look like
  names, a 4-digit segment is the year, the rest is the venue. Otherwise "Name: text" gives title Name and
  description text, and any other text is the title. Ids: the slug of the title's part before ":" when there
  is one, else of its first three significant words; a repeated id gets "-2", "-3", ...
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator import schema_v1 as schema  # the v1 format, until the importer writes v2
from generator.files import make_output_folder, write_contained
from generator.jsonschema import write_json_schemas

DEFAULT_LINKS_BASE = (
    "https://github.com/TexasInstruments/edgeai-tensorlab/tree/main/"
    "edgeai-modelzoo/models/vision/classification/"
)
ZOO = {
    "title": "TI Edge AI Model Zoo",
    "description": (
        "Pretrained models of the Texas Instruments Edge AI model zoo, with their complexity and accuracy, "
        "grouped by task and by the repository they come from."
    ),
    "repository": "https://github.com/TexasInstruments/edgeai-tensorlab",
}


class ReadmeImportError(Exception):
    """The README has something the importer cannot understand; ``line`` is the 1-based README line."""

    def __init__(self, line: int, message: str, *, readme: str = "README") -> None:
        self.line = line
        self.reason = message
        self.readme = readme
        super().__init__(f"{readme}:{line}: {message}")


@dataclass(frozen=True)
class ImportResult:
    """Everything parsed from one README, as plain data in output order."""

    zoo: dict[str, Any]
    datasets: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    references: list[dict[str, Any]]
    task: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _fail(line: int | _Line, message: str) -> ReadmeImportError:
    return ReadmeImportError(line.no if isinstance(line, _Line) else line, message)


_HR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_BR_END = re.compile(r"\s*<br\s*/?>\s*$", re.IGNORECASE)
_DIV = re.compile(r'^<div\s+id="([^"]*)"\s*>\s*</div>\s*$')
_BULLET = re.compile(r"^[-*+] (.*)$")


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Blank-line separated groups of lines."""
    out: list[list[_Line]] = []
    cur: list[_Line] = []
    for line in lines:
        if line.blank:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        out.append(cur)
    return out


def _join(para: list[_Line]) -> str:
    return "\n".join(_BR_END.sub("", ln.text.rstrip()) for ln in para)


def _markdown(lines: list[_Line]) -> str:
    return "\n\n".join(_join(p) for p in _paragraphs(lines))


def _drop_trailing_rules(lines: list[_Line]) -> list[_Line]:
    """Drop the '---' rules (and blanks) ending a section; a rule anywhere else is an error."""
    end = len(lines)
    while end and (lines[end - 1].blank or _HR.match(lines[end - 1].text)):
        end -= 1
    for line in lines[:end]:
        if _HR.match(line.text):
            raise _fail(line, "a horizontal rule is only understood at the end of a section")
    return lines[:end]


# ------------------------------------------------------------------------------------------ sections

_SECTIONS = ("Introduction", "Datasets", "Models", "Notes", "References")


def _split_sections(lines: list[_Line]) -> tuple[str, _Line, dict[str, tuple[_Line, list[_Line]]]]:
    title: str | None = None
    title_line: _Line | None = None
    sections: dict[str, tuple[_Line, list[_Line]]] = {}
    current: list[_Line] | None = None
    for line in lines:
        text = line.text.rstrip()
        if text.startswith("# "):
            if title is not None:
                raise _fail(line, "a second '# ' title; one README describes one task")
            if sections:
                raise _fail(line, "the '# ' title must come before the sections")
            title, title_line = text[2:].strip(), line
            continue
        if text.startswith("## "):
            name = text[3:].strip()
            if name not in _SECTIONS:
                raise _fail(line, f"unknown section {name!r}; expected one of {', '.join(_SECTIONS)}")
            if name in sections:
                raise _fail(line, f"section {name!r} appears twice")
            current = []
            sections[name] = (line, current)
            continue
        if current is None:
            if line.blank or _HR.match(text):
                continue
            raise _fail(line, "text before the first '## ' section is not understood")
        current.append(line)
    if title is None or title_line is None:
        raise _fail(1, "the README has no '# Title' heading")
    for needed in ("Datasets", "Models"):
        if needed not in sections:
            raise _fail(len(lines) or 1, f"the README has no '## {needed}' section")
    return title, title_line, sections


# ------------------------------------------------------------------------------------------ datasets

_DATASET = re.compile(r"^\*\*(.+?)\*\*\s*Dataset:\s*(.+)$", re.DOTALL)
_HTTP_IN_TEXT = re.compile(r"https?://[^\s<>\"()]+")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _parse_datasets(lines: list[_Line]) -> tuple[list[dict[str, Any]], dict[str, str], list[int]]:
    datasets: list[dict[str, Any]] = []
    by_name: dict[str, str] = {}
    where: list[int] = []
    for para in _paragraphs(_drop_trailing_rules(lines)):
        m = _DATASET.match(_join(para))
        if not m:
            raise _fail(para[0], "expected a dataset paragraph like '**ImageNet** Dataset: description'")
        name, description = m.group(1).strip(), m.group(2)
        ds: dict[str, Any] = {"id": _slug(name), "name": name, "description": description}
        url = _HTTP_IN_TEXT.search(description)
        if url:
            ds["url"] = url.group(0).rstrip(".,;:")
        if name.lower() in by_name:
            raise _fail(para[0], f"dataset {name!r} is described twice")
        by_name[name.lower()] = ds["id"]
        datasets.append(ds)
        where.append(para[0].no)
    if not datasets:
        raise _fail(1, "the Datasets section describes no dataset")
    return datasets, by_name, where


# ------------------------------------------------------------------------------------------- columns

_FIXED_HEADERS = {
    "dataset": "dataset",
    "model name": "name",
    "model": "name",
    "input size": "input_size",
    "available": "available",
    "notes": "notes",
}
_COMPLEXITY_HEADERS = {"gigamacs": "gmacs", "gmacs": "gmacs"}


def metric_key(label: str) -> str:
    """CSV key of a metric column label: ``Top-1 Accuracy%`` -> ``top1``, ``AP[0.5:0.95]`` -> ``ap``."""
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", label)
    words = re.findall(r"[A-Za-z0-9]+", text)
    kept = [w for w in words if w.lower() != "accuracy"] or words
    return "".join(kept).lower()


@dataclass
class _Columns:
    labels: list[str]  # as written in the first table
    complexity: tuple[str, str] | None = None  # key, label
    metrics: list[tuple[str, str]] = field(default_factory=list)  # key, label

    def key_of(self, label: str) -> str:
        norm = " ".join(label.split()).lower()
        if norm in _FIXED_HEADERS:
            return _FIXED_HEADERS[norm]
        if norm in _COMPLEXITY_HEADERS:
            return _COMPLEXITY_HEADERS[norm]
        return metric_key(label)


def _columns_from_header(labels: list[str], line: _Line) -> _Columns:
    cols = _Columns(labels)
    seen: set[str] = set()
    for label in labels:
        norm = " ".join(label.split()).lower()
        if norm in _FIXED_HEADERS:
            key = _FIXED_HEADERS[norm]
        elif norm in _COMPLEXITY_HEADERS:
            key = _COMPLEXITY_HEADERS[norm]
            cols.complexity = (key, label)
        else:
            key = metric_key(label)
            if not key or not re.match(schema.SLUG_PATTERN, key):
                raise _fail(line, f"cannot derive a column key from the header {label!r}")
            if key in schema.FIXED_COLUMNS:
                raise _fail(line, f"metric column {label!r} would clash with the fixed column {key!r}")
            cols.metrics.append((key, label))
        if key in seen:
            raise _fail(line, f"column {label!r} repeats the column {key!r}")
        seen.add(key)
    for needed in ("dataset", "name", "input_size"):
        if needed not in seen:
            raise _fail(line, f"the table has no {needed.replace('_', ' ')} column")
    if cols.complexity is None:
        raise _fail(line, "the table has no GigaMACs column")
    if not cols.metrics:
        raise _fail(line, "the table has no metric column")
    return cols


# -------------------------------------------------------------------------------------------- tables

_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CITED = re.compile(r"^(.*?)\s*\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\]$")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")
_QAT_NOTE = re.compile(r"\bQAT\b")


def _cells(line: _Line) -> list[str]:
    text = line.text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", text)]


def _strip_emphasis(text: str) -> str:
    while m := _EMPHASIS.match(text.strip()):
        text = m.group(2)
    return text.strip()


@dataclass
class _Row:
    line: _Line
    cells: dict[str, str]  # column key -> text
    refs: list[int]
    group_index: int  # index into the table's segment list


def _parse_table(lines: list[_Line], columns: _Columns | None) -> tuple[_Columns, list[_Row], list[str]]:
    """Rows of one table plus the group label of each of its segments."""
    header_line = lines[0]
    labels = _cells(header_line)
    if len(lines) < 2 or not _SEPARATOR.match(lines[1].text.strip()):
        raise _fail(lines[1] if len(lines) > 1 else header_line, "expected the table's |---| separator row")
    if columns is None:
        columns = _columns_from_header(labels, header_line)
    elif sorted(" ".join(x.split()) for x in labels) != sorted(" ".join(x.split()) for x in columns.labels):
        raise _fail(
            header_line,
            f"table columns {labels} differ from the first table's {columns.labels}; "
            "all tables of a README must have the same columns",
        )
    keys = [columns.key_of(label) for label in labels]
    if len(_cells(lines[1])) != len(labels):
        raise _fail(lines[1], f"separator row has {len(_cells(lines[1]))} cells, expected {len(labels)}")
    segments: list[str | None] = [""]  # label of each segment; None = unlabeled split
    rows: list[_Row] = []
    for line in lines[2:]:
        cells = _cells(line)
        if len(cells) == 1:
            text = cells[0]
            if re.fullmatch(r"-*", text):
                segments.append(None)
            elif _EMPHASIS.match(text) and _strip_emphasis(text):
                segments.append(_strip_emphasis(text))
            else:
                raise _fail(
                    line,
                    f"cannot read the table line {line.text.strip()!r}: expected a model row, "
                    "a group line like |*Lite models*, or |-",
                )
            continue
        if len(cells) != len(labels):
            raise _fail(
                line, f"table row has {len(cells)} cells, expected {len(labels)} ({' | '.join(labels)})"
            )
        by_key = dict(zip(keys, cells, strict=True))
        name = by_key["name"]
        refs: list[int] = []
        m = _CITED.match(name)
        if m:
            name, refs = m.group(1), [int(n) for n in m.group(2).split(",")]
        if "[" in name or "]" in name:
            raise _fail(line, f"cannot read the model name {by_key['name']!r}; expected Name or Name[1,2]")
        by_key["name"] = name
        rows.append(_Row(line, by_key, refs, len(segments) - 1))
    # Name the groups: every segment but the leading one must have rows.
    counts = [sum(r.group_index == i for r in rows) for i in range(len(segments))]
    group_lines = [ln for ln in lines[2:] if len(_cells(ln)) == 1]
    names: list[str] = []
    number = 1 if counts[0] else 0
    for i, label in enumerate(segments):
        if i == 0:
            names.append("")
            continue
        number += 1
        if not counts[i]:
            raise _fail(group_lines[i - 1], "this group line is followed by no model row")
        if label is None:
            members = [r for r in rows if r.group_index == i]
            label = "QAT models" if all(_is_qat(r.cells) for r in members) else f"Group {number}"
        names.append(label)
    return columns, rows, names


def _is_qat(cells: dict[str, str]) -> bool:
    return cells["name"].endswith("-QAT") or bool(_QAT_NOTE.search(cells.get("notes", "")))


# ------------------------------------------------------------------------------------------- sources

_SOURCE_ITEM = re.compile(r"^\[([^\]]+)\]\(#([^)\s]+)\)\s*(.*)$")
_LINK = re.compile(r"^\[(.+)\]\(([^()\s]+)\)$")
_WRAPPED_LINK = re.compile(r"^(\*\*|__|\*|_)\[(.+)\]\(([^()\s]+)\)\1$")
_FOOTNOTE = re.compile(r"^([*†‡§¶#]+)-\s*(.+)$")


@dataclass
class _Source:
    line: _Line
    data: dict[str, Any]
    rows: list[tuple[_Row, str]]  # row, group name


def _parse_link(text: str) -> dict[str, Any]:
    m = _WRAPPED_LINK.match(text)
    if m:
        return {"label": f"{m.group(1)}{m.group(2)}{m.group(1)}", "url": m.group(3)}
    m = _LINK.match(text)
    if m and "](" not in m.group(1):
        return {"label": m.group(1), "url": m.group(2)}
    return {"label": text}


def _source_id(links: list[dict[str, Any]], title: str) -> str:
    folder = None
    for link in links:
        if _strip_emphasis(link["label"]).lower() == "models link" and link.get("url"):
            folder = link["url"].rstrip("/").rsplit("/", 1)[-1]
            break
    if not folder:
        return _slug(title)
    for link in links:
        last = (link.get("url") or "").rstrip("/").rsplit("/", 1)[-1]
        if link.get("url", "").startswith("http") and re.fullmatch(rf"[a-z0-9]+-{re.escape(folder)}", last):
            return last
    return _slug(folder)


def _parse_source(block: list[_Line], columns: _Columns | None) -> tuple[_Source, _Columns | None]:
    lines = _drop_trailing_rules(block)
    anchor: str | None = None
    i = 0
    while i < len(lines) and lines[i].blank:
        i += 1
    m = _DIV.match(lines[i].text.strip())
    if m:
        anchor = m.group(1)
        i += 1
        while i < len(lines) and lines[i].blank:
            i += 1
    if i >= len(lines) or not lines[i].text.startswith("### "):
        raise _fail(lines[min(i, len(lines) - 1)], "expected a '### Source title' heading")
    head = lines[i]
    title = head.text[4:].strip()
    rest = lines[i + 1 :]
    # description: lines before the first bullet / table
    desc: list[_Line] = []
    links: list[dict[str, Any]] = []
    table: list[_Line] = []
    after: list[_Line] = []
    state = "desc"
    for line in rest:
        text = line.text.strip()
        bullet = _BULLET.match(text)
        if state == "desc":
            if bullet:
                state = "links"
            elif text.startswith("|"):
                state = "table"
            else:
                desc.append(line)
                continue
        if state == "links":
            if bullet:
                links.append(_parse_link(_BR_END.sub("", bullet.group(1).rstrip())))
                continue
            if line.blank:
                state = "gap"
                continue
            raise _fail(line, "expected a '- ' link bullet or a blank line after the links")
        if state == "gap":
            if line.blank:
                continue
            if text.startswith("|"):
                state = "table"
            elif bullet:
                raise _fail(line, "a second list of links is not understood; keep one list per source")
            else:
                state = "after"
        if state == "table":
            if text.startswith("|"):
                table.append(line)
                continue
            if not line.blank:
                raise _fail(line, "expected a blank line after the table")
            state = "after"
            continue
        if state == "after":
            if text.startswith("|"):
                raise _fail(line, "a second table is not understood; keep one table per source")
            if bullet:
                raise _fail(line, "a list after the table is not understood")
            after.append(line)
    data: dict[str, Any] = {"id": _source_id(links, title), "title": title}
    if anchor is not None:
        data["legacy_anchor"] = anchor
    description = _markdown(desc)
    if description:
        data["description"] = description
    data["links"] = links
    footnotes: list[dict[str, str]] = []
    notes: list[str] = []
    for para in _paragraphs(after):
        if all(_FOOTNOTE.match(ln.text.strip()) for ln in para):
            for ln in para:
                fm = _FOOTNOTE.match(ln.text.strip())
                assert fm is not None
                footnotes.append({"marker": fm.group(1), "text": _BR_END.sub("", fm.group(2)).strip()})
        elif any(_FOOTNOTE.match(ln.text.strip()) for ln in para):
            raise _fail(para[0], "a paragraph mixing footnote lines ('*- text') with other text")
        else:
            notes.append(_join(para))
    data["footnotes"] = footnotes
    data["notes"] = notes
    data["references"] = []
    rows: list[tuple[_Row, str]] = []
    if table:
        columns, table_rows, names = _parse_table(table, columns)
        rows = [(r, names[r.group_index]) for r in table_rows]
    return _Source(head, data, rows), columns


def _parse_models(
    lines: list[_Line],
) -> tuple[str | None, list[_Source], dict[str, tuple[str, str]], _Columns | None]:
    """sources_intro, the source blocks, the list of sources (anchor -> label, summary) and the columns."""
    # each source starts at its '### ' heading, or at the <div id> just above it (blank lines between)
    starts: list[int] = []
    for k, ln in enumerate(lines):
        if ln.text.startswith("### "):
            j = k - 1
            while j >= 0 and lines[j].blank:
                j -= 1
            starts.append(j if j >= 0 and _DIV.match(lines[j].text.strip()) else k)
    head = _drop_trailing_rules(lines[: starts[0]] if starts else lines)
    intro: list[list[_Line]] = []
    listing: dict[str, tuple[str, str]] = {}
    listing_lines: dict[str, _Line] = {}
    for para in _paragraphs(head):
        items = [_SOURCE_ITEM.match(ln.text.strip()) for ln in para]
        if all(items):
            for ln, item in zip(para, items, strict=True):
                assert item is not None
                anchor = item.group(2)
                if anchor in listing:
                    raise _fail(ln, f"source #{anchor} is listed twice")
                listing[anchor] = (item.group(1), _BR_END.sub("", item.group(3)).strip())
                listing_lines[anchor] = ln
        elif listing:
            raise _fail(para[0], "text after the list of sources is not understood")
        else:
            intro.append(para)
    sources_intro = "\n\n".join(_join(p) for p in intro) or None
    columns: _Columns | None = None
    sources: list[_Source] = []
    bounds = [*starts, len(lines)]
    for a, b in itertools.pairwise(bounds):
        src, columns = _parse_source(lines[a:b], columns)
        sources.append(src)
    # match the list of sources with the sections
    by_anchor = {s.data.get("legacy_anchor"): s for s in sources if s.data.get("legacy_anchor")}
    for anchor, (label, summary) in listing.items():
        src = by_anchor.get(anchor) or next((s for s in sources if _slug(s.data["title"]) == anchor), None)
        if src is None:
            raise _fail(listing_lines[anchor], f"source #{anchor} is listed but has no section")
        if label != src.data["title"]:
            src.data["label"] = label
        if summary:
            src.data["summary"] = summary
    if listing:
        listed = set(listing)
        for s in sources:
            if s.data.get("legacy_anchor") not in listed and _slug(s.data["title"]) not in listed:
                raise _fail(s.line, f"source {s.data['title']!r} is missing from the list of sources")
    return sources_intro, sources, listing, columns


# ---------------------------------------------------------------------------------------- references

_REF_START = re.compile(r"^\[([0-9]+)\]\s+(.*)$")
_URL = re.compile(r"https?://\S+")
_URL_TRAILING = ".,;:)]}>'\""
_YEAR = re.compile(r"^((?:19|20)[0-9]{2})\.?$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][^\s,;:()\[\]{}/0-9]*|[A-Z]\.)$")
_PARTICLES = {"van", "der", "den", "de", "von", "da", "di", "del", "la", "le", "du", "dos", "bin", "ibn"}
_STOPWORDS = {
    "a", "an", "the", "of", "for", "with", "and", "or", "to", "in", "on", "at", "by", "from",
    "is", "are", "be", "as", "its", "via",
}  # fmt: skip


def _clean_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    if len(tokens) < 2:
        return False
    for k, tok in enumerate(tokens):
        if _NAME_TOKEN.match(tok):
            continue
        if tok in _PARTICLES and 0 < k < len(tokens) - 1:
            continue
        return False
    return True


def _strip_trailing_urls(text: str) -> str:
    while True:
        m = re.search(r"(?:^|[\s,]+)(https?://\S+)\s*$", text)
        if not m:
            return text.strip()
        text = text[: m.start()]


def _reference_fields(text: str) -> dict[str, Any]:
    """title / authors / venue / year / description / urls of one reference entry (generic rule)."""
    urls = [_clean_url(u) for u in _URL.findall(text)]
    urls = [u for u in urls if u]
    body = _strip_trailing_urls(text)
    segments = [s for s in (p.strip() for p in body.split(", ")) if s and not _URL.fullmatch(s)]
    out: dict[str, Any] = {}
    authors: list[str] = []
    rest: list[str] = []
    if len(segments) >= 2:
        queue = list(segments[1:])
        while queue:
            seg = queue[0]
            if _looks_like_name(seg):
                authors.append(seg)
                queue.pop(0)
                continue
            head, sep, tail = seg.partition(". ")
            if sep and authors and _looks_like_name(head):
                authors.append(head)
                queue[0] = tail.strip()
                if not queue[0]:
                    queue.pop(0)
            break
        rest = queue
    if authors:
        out["title"] = segments[0]
        out["authors"] = authors
        venue: list[str] = []
        for seg in rest:
            y = _YEAR.match(seg)
            if y and "year" not in out:
                out["year"] = int(y.group(1))
            else:
                venue.append(seg)
        if venue:
            out["venue"] = ", ".join(venue)
        # year should come after the venue parts it was written with; nothing is lost either way
    else:
        name, sep, description = body.partition(": ")
        if sep and name and ", " not in name and ". " not in name:
            out["title"] = name.strip()
            if description.strip():
                out["description"] = description.strip()
        elif body.endswith(":") and ", " not in body:
            out["title"] = body[:-1].strip()
        else:
            out["title"] = body
    out["urls"] = urls
    return out


def _reference_id(text: str, title: str) -> str:
    """Slug of the entry's short name before ": " (``MobileNets: ...``, ``ONNX Model Zoo: ...``) when the
    title starts with it, else of the title's first three significant words."""
    m = re.match(r"^([^:,]+?):(?:\s|$)", text)
    if m and title.startswith(m.group(1).strip()):
        return _slug(m.group(1))
    words = re.findall(r"[a-z0-9]+", title.lower())
    significant = [w for w in words if w not in _STOPWORDS] or words
    return "-".join(significant[:3])


def _parse_references(lines: list[_Line]) -> tuple[list[dict[str, Any]], dict[int, str], list[int]]:
    entries: list[tuple[int, _Line, str]] = []
    for para in _paragraphs(_drop_trailing_rules(lines)):
        m = _REF_START.match(para[0].text.strip())
        if not m:
            raise _fail(para[0], "expected a reference paragraph like '[1] Title, Authors, ...'")
        for ln in para[1:]:
            if _REF_START.match(ln.text.strip()):
                raise _fail(ln, "separate references with a blank line")
        text = " ".join([m.group(2).strip(), *(ln.text.strip() for ln in para[1:])]).strip()
        if not text:
            raise _fail(para[0], "empty reference")
        entries.append((int(m.group(1)), para[0], _BR_END.sub("", text)))
    seen: dict[int, _Line] = {}
    for number, line, _ in entries:
        if number in seen:
            raise _fail(line, f"reference [{number}] is defined twice (first at line {seen[number].no})")
        seen[number] = line
    entries.sort(key=lambda e: e[0])
    refs: list[dict[str, Any]] = []
    ids: dict[int, str] = {}
    used: set[str] = set()
    where: list[int] = []
    for number, line, text in entries:
        fields = _reference_fields(text)
        base = _reference_id(text, fields["title"]) or f"ref{number}"
        ref_id, k = base, 1
        while ref_id in used:
            k += 1
            ref_id = f"{base}-{k}"
        used.add(ref_id)
        ids[number] = ref_id
        refs.append({"id": ref_id, "number": number, **fields})
        where.append(line.no)
    return refs, ids, where


# ------------------------------------------------------------------------------------------ assemble


def _check(model: type[BaseModel], data: Any, line: int, what: str) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise _fail(line, f"{what}: {loc}: {first['msg']}") from None


def _compact(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Keys in the model's field order, None and empty values left out (recursively for sub-records)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        if value is None or value == [] or value == "":
            continue
        sub = _record_type(info.annotation)
        if sub is not None and isinstance(value, list):
            value = [_compact(sub, v) if isinstance(v, dict) else v for v in value]
        elif sub is not None and isinstance(value, dict):
            value = _compact(sub, value)
        out[name] = value
    extra = set(data) - set(model.model_fields)
    if extra:  # pragma: no cover - programming error
        raise KeyError(f"{model.__name__} has no fields {sorted(extra)}")
    return out


def _record_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def parse_readme(
    text: str, *, task_id: str = "image-classification", links_base: str | None = None
) -> ImportResult:
    """Parse a README's text into the records of a data folder. Pure; raises ReadmeImportError."""
    lines = [_Line(k + 1, t.rstrip("\r")) for k, t in enumerate(text.split("\n"))]
    title, title_line, sections = _split_sections(lines)

    datasets, dataset_ids, dataset_where = _parse_datasets(sections["Datasets"][1])
    for ds, no in zip(datasets, dataset_where, strict=True):
        _check(schema.Dataset, ds, no, f"dataset {ds['name']!r}")

    references: list[dict[str, Any]] = []
    ref_ids: dict[int, str] = {}
    if "References" in sections:
        references, ref_ids, ref_where = _parse_references(sections["References"][1])
        for ref, no in zip(references, ref_where, strict=True):
            _check(schema.Reference, ref, no, f"reference [{ref['number']}]")

    models_head, models_lines = sections["Models"]
    sources_intro, sources, _, columns = _parse_models(models_lines)
    if not sources:
        raise _fail(models_head, "the Models section has no '### ' source")
    if columns is None:
        raise _fail(models_head, "the Models section has no table of models")
    seen_ids: dict[str, _Source] = {}
    for src in sources:
        sid = src.data["id"]
        if sid in seen_ids:
            raise _fail(
                src.line, f"two sources get the id {sid!r} (the first at line {seen_ids[sid].line.no})"
            )
        seen_ids[sid] = src
        _check(schema.Source, src.data, src.line.no, f"source {src.data['title']!r}")

    assert columns.complexity is not None
    task: dict[str, Any] = {
        "id": task_id,
        "title": title,
        "order": 1,
        "introduction": _markdown(_drop_trailing_rules(sections["Introduction"][1]))
        if "Introduction" in sections
        else None,
        "datasets": [d["id"] for d in datasets],
        "sources_intro": sources_intro,
        "sources": [s.data["id"] for s in sources],
        "complexity": {"key": columns.complexity[0], "label": columns.complexity[1]},
        "metrics": [
            {"key": key, "label": label, "higher_is_better": True}
            | ({"minimum": 0, "maximum": 100} if label.strip().endswith("%") else {})
            for key, label in columns.metrics
        ],
        "notes": _markdown(_drop_trailing_rules(sections["Notes"][1])) if "Notes" in sections else None,
        "links_base": DEFAULT_LINKS_BASE if links_base is None else links_base,
    }
    _check(schema.Task, task, title_line.no, "task")
    task_model = schema.Task.model_validate(task)
    header = task_model.columns()

    rows: list[dict[str, str]] = []
    metric_keys = [k for k, _ in columns.metrics]
    for src in sources:
        for row, group in src.rows:
            cells = row.cells
            ds_id = dataset_ids.get(cells["dataset"].lower())
            if ds_id is None:
                raise _fail(row.line, f"unknown dataset {cells['dataset']!r}; describe it under ## Datasets")
            cited: list[str] = []
            for n in row.refs:
                if n not in ref_ids:
                    raise _fail(row.line, f"the model cites [{n}] but there is no reference [{n}]")
                cited.append(ref_ids[n])
            labels = {columns.complexity[0]: columns.complexity[1], **dict(columns.metrics)}
            for key, label in labels.items():
                if cells[key]:
                    try:
                        schema.parse_figure(cells[key])
                    except ValueError:
                        raise _fail(
                            row.line, f"{label} {cells[key]!r} is not a plain decimal number like 71.83"
                        ) from None
            if not re.fullmatch(r"[1-9][0-9]*x[1-9][0-9]*", cells["input_size"]):
                raise _fail(row.line, f"input size {cells['input_size']!r} is not WIDTHxHEIGHT like 224x224")
            if cells.get("available", "") not in ("Y", ""):
                raise _fail(row.line, f"Available must be Y or blank, got {cells['available']!r}")
            out = {
                "source": src.data["id"],
                "group": group,
                "dataset": ds_id,
                "name": cells["name"],
                "input_size": cells["input_size"],
                columns.complexity[0]: cells[columns.complexity[0]],
                **{k: cells[k] for k in metric_keys},
                "available": cells.get("available", ""),
                "qat": "Y" if _is_qat(cells) else "",
                "notes": cells.get("notes", ""),
                "references": " ".join(cited),
            }
            _check(
                schema.ModelRow,
                {
                    **{k: out[k] for k in schema.FIXED_COLUMNS},
                    "complexity": out[columns.complexity[0]],
                    "metrics": {k: out[k] for k in metric_keys},
                },
                row.line.no,
                f"model row {cells['name']!r}",
            )
            rows.append({k: out[k] for k in header})

    return ImportResult(
        zoo=dict(ZOO),
        datasets=[_compact(schema.Dataset, d) for d in datasets],
        sources=[_compact(schema.Source, s.data) for s in sources],
        references=[_compact(schema.Reference, r) for r in references],
        task=_compact(schema.Task, task),
        columns=header,
        rows=rows,
    )


# ---------------------------------------------------------------------------------------------- YAML

_NULL_12 = re.compile(r"^(?:~|null|Null|NULL)$")
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NUM_12 = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if any(ch in text for ch in "\n\r\t") or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if _NULL_12.match(text) or _BOOL_12.match(text) or _NUM_12.match(text):
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}  # also rules out YAML 1.1 bools, dates, ...
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value if _plain_ok(value) else _quoted(value)
    raise TypeError(f"cannot write {value!r} to YAML")


def _block_ok(text: str) -> bool:
    return "\n" in text and not any(
        (ord(ch) < 32 and ch != "\n") or ord(ch) == 127 or ch in "\u0085\u2028\u2029\ufeff" for ch in text
    )


def _block(text: str, indent: int) -> list[str]:
    """A literal block scalar: header indicators plus the content lines."""
    chomp = "-" if not text.endswith("\n") else ("" if not text.endswith("\n\n") else "+")
    body = text[:-1] if text.endswith("\n") else text
    first = next((ln for ln in body.split("\n") if ln.strip()), "")
    ind = "2" if first.startswith(" ") else ""
    pad = " " * indent
    return [f"|{ind}{chomp}", *[(pad + ln) if ln else "" for ln in body.split("\n")]]


def _emit(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                out.append(f"{pad}{key}:")
                out.extend(_emit(item, indent + 2))
            elif isinstance(item, str) and _block_ok(item):
                head, *body = _block(item, indent + 2)
                out.append(f"{pad}{key}: {head}")
                out.extend(body)
            else:
                out.append(f"{pad}{key}: {_scalar(item)}")
        return out
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                sub = _emit(item, indent + 2)
                out.append(f"{pad}- {sub[0][indent + 2 :]}")
                out.extend(sub[1:])
            elif isinstance(item, list):
                raise TypeError("nested lists are not written")
            elif isinstance(item, str) and _block_ok(item):
                head, *body = _block(item, indent + 2)
                out.append(f"{pad}- {head}")
                out.extend(body)
            else:
                out.append(f"{pad}- {_scalar(item)}")
        return out
    raise TypeError(f"cannot write {value!r} as a YAML document")


def dump_yaml(value: dict[str, Any] | list[Any], *, schema_path: str, gap: bool = True) -> str:
    """Deterministic block-style YAML with a yaml-language-server schema comment; read back to check."""
    lines = [f"# yaml-language-server: $schema={schema_path}"]
    if value == [] or value == {}:
        lines.append("[]" if value == [] else "{}")
    elif isinstance(value, list) and gap:
        for k, item in enumerate(value):
            if k:
                lines.append("")
            lines.extend(_emit([item], 0))
    else:
        lines.extend(_emit(value, 0))
    text = "\n".join(lines) + "\n"
    back = yaml.safe_load(text)
    if back != value:
        raise ValueError("internal error: the YAML written does not read back as the data")
    _check_core_strings(yaml.compose(text), value)
    return text


def _check_core_strings(node: yaml.Node | None, value: Any) -> None:
    """Every plain scalar that is meant as a string must also be a string under YAML 1.2 core rules."""
    if node is None:
        return
    if isinstance(node, yaml.MappingNode):
        for (_, v_node), item in zip(node.value, value.values(), strict=True):
            _check_core_strings(v_node, item)
    elif isinstance(node, yaml.SequenceNode):
        for v_node, item in zip(node.value, value, strict=True):
            _check_core_strings(v_node, item)
    elif isinstance(value, str) and not node.style:
        text = node.value
        if _NULL_12.match(text) or _BOOL_12.match(text) or _NUM_12.match(text) or not text:
            raise ValueError(f"internal error: {text!r} would not read back as a string")


# ------------------------------------------------------------------------------------------- writing

_KIND_FILES = {
    "zoo": "zoo.yaml",
    "datasets": "datasets.yaml",
    "sources": "sources.yaml",
    "references": "references.yaml",
}


def models_csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return buf.getvalue()


def render_files(result: ImportResult) -> dict[str, str]:
    """The data files of a result, by path relative to the data folder (JSON schemas not included)."""
    task_id = result.task["id"]
    files = {
        "zoo.yaml": dump_yaml(result.zoo, schema_path="schemas/zoo.schema.json"),
        "datasets.yaml": dump_yaml(result.datasets, schema_path="schemas/datasets.schema.json"),
        "sources.yaml": dump_yaml(result.sources, schema_path="schemas/sources.schema.json"),
        "references.yaml": dump_yaml(result.references, schema_path="schemas/references.schema.json"),
        f"tasks/{task_id}.yaml": dump_yaml(result.task, schema_path="../schemas/task.schema.json"),
        f"models/{task_id}.csv": models_csv(result.columns, result.rows),
    }
    return files


def write_data(result: ImportResult, out_dir: Path) -> list[Path]:
    """Write the data folder (YAML, CSV and the JSON schemas); returns the files written, sorted."""
    out_dir = Path(out_dir)
    root = make_output_folder(out_dir)  # refuses a folder that is, or lies under, a symbolic link
    written = []
    for rel, text in render_files(result).items():
        write_contained(root, rel, text.encode("utf-8"))  # never through a link
        written.append(out_dir / rel)
    written += write_json_schemas(out_dir)
    return sorted(written)


def _task_id_of(text: str) -> str | None:
    for line in text.split("\n"):
        if line.startswith("# "):
            return _slug(line[2:]) or None
    return None


def import_readme(
    readme: Path, out_dir: Path, *, links_base: str | None = None, task_id: str | None = None
) -> list[Path]:
    """Import ``readme`` into the data folder ``out_dir``; the task id defaults to the slug of its title."""
    readme = Path(readme)
    text = readme.read_bytes().decode("utf-8-sig")
    try:
        result = parse_readme(
            text, task_id=task_id or _task_id_of(text) or "image-classification", links_base=links_base
        )
    except ReadmeImportError as exc:
        raise ReadmeImportError(exc.line, exc.reason, readme=str(readme)) from None
    return write_data(result, Path(out_dir))


__all__: list[str] = [
    "DEFAULT_LINKS_BASE",
    "ImportResult",
    "ReadmeImportError",
    "dump_yaml",
    "import_readme",
    "metric_key",
    "parse_readme",
    "render_files",
    "write_data",
]
