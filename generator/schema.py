"""The data model (v2, issue 9): pydantic v2 records for every kind of data file.

YAML records (zoo, tasks, sources, references, datasets) are validated as whole models. CSV model rows are
validated per row against ``ModelRow``; the complexity, metric and extra columns a row carries come from its
task. What a task page shows is the task's: its sources (with the text, links, sub-sections, footnotes and
notes they have on this page), its metrics, its declared extra columns and its numbered references.
sources.yaml and references.yaml only name things (a repository, a paper) that several tasks may show.

Figures (GigaMACs, accuracies) are kept as ``Decimal`` so that TI's figures print exactly as written
("0.300" stays "0.300"); analysis converts them to float.

Every value is bounded (the limits below): data comes from strangers' pull requests, and whatever the
validator accepts must render and plot. Lengths count characters, after surrounding spaces are stripped.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

# -- Limits ---------------------------------------------------------------------------------------------
# Real data (TI's READMEs, data/) has ids and names under 40 characters, titles under 130, prose fields under
# 1,000, figures of at most 6 characters (4 decimals) and GigaMACs from 0.05 to 419; each limit leaves
# ample headroom and keeps every page, anchor and plot finite.
MAX_ID = 100
"""Characters of an id. Ids name files: ``<source>/pareto-<source>--<dataset>.json`` must stay within the
255 bytes a file name may have."""
MAX_NAME = 200
"""Characters of a name, an anchor, an author, a footnote marker, an input size, a CSV group."""
MAX_TEXT = 1_000
"""Characters of a title, a label, a venue, other plain text, and the CSV notes and references cells."""
MAX_PROSE = 20_000
"""Characters of each Markdown prose field (descriptions, introduction, notes, summary)."""
MAX_URL = 2_000
MAX_INT = 999_999_999
"""Largest YAML whole number (9 digits): order, rows_per_page, a reference's number."""
MAX_MAGNITUDE = 1_000_000_000
"""Largest |value| of a metric's declared bound, and largest metric figure when no maximum is declared."""
FIGURE_DECIMALS = 6
"""Digits after the point in a figure: 0.000001 is the smallest positive one, and str() of the Decimal is
always the text as written (Python switches to exponents below 1e-6)."""
FIGURE_DIGITS = 15
"""Significant digits written in a figure (leading zeros aside): any such decimal survives the conversion to
float exactly (DBL_DIG), so a plotted point sits where its text says."""
COMPLEXITY_MIN = Decimal("0.000001")
COMPLEXITY_MAX = Decimal(1_000_000)
"""Complexity figures (plotted on a log axis): 1e-6 to 1e6, twelve decades."""
MAX_METRICS = 20
"""Metric columns of a task."""
MAX_COLUMNS = 20
"""Declared extra columns of a task."""
MAX_ANCHORS = 20
"""Extra element ids (anchors) of a source on a task page."""
MAX_SECTIONS = 100
"""Sub-sections of a source on a task page."""
MAX_SIDE_DIGITS = 6
"""Digits of each number of an input size (224x224, 520, (1536,768)): at most 999999."""
MAX_RECORDS = 10_000
"""Records of one list file (datasets, sources, references); the 100k-model benchmark has 2,900 references."""
MAX_MODEL_ROWS = 100_000
"""Rows of one models file; the 100k-model benchmark's largest file has 50,000."""


def _text(max_length: int, *, strip: bool = True) -> Any:
    return StringConstraints(strip_whitespace=strip, min_length=1, max_length=max_length, strict=True)


SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID, strict=True)]
Name = Annotated[str, _text(MAX_NAME)]
Text = Annotated[str, _text(MAX_TEXT)]
# Markdown prose: rendered as Markdown, with any raw HTML escaped (it shows literally).
Markdown = Annotated[str, _text(MAX_PROSE, strip=False)]
InlineMarkdown = Annotated[str, _text(MAX_TEXT, strip=False)]

URL_PATTERN = r'^(https?://[^\s<>"]+|\.\.?/[^\s<>"]*)$'
HTTP_URL_PATTERN = r'^https?://[^\s<>"]+$'
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=MAX_URL, strict=True)]
HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN, max_length=MAX_URL, strict=True)]


ANCHOR_PATTERN = r"""^[^\s"'<>&]+$"""
Anchor = Annotated[str, StringConstraints(pattern=ANCHOR_PATTERN, max_length=MAX_NAME, strict=True)]
WholeNumber = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Zoo(Record):
    """data/zoo.yaml: the site as a whole."""

    title: Text = Field(description="Name of the model zoo, shown on the home page.")
    description: Markdown | None = Field(None, description="Markdown shown under the title on the home page.")
    repository: HttpUrl | None = Field(None, description="Repository that holds the zoo's models.")
    provenance: Text | None = Field(
        None,
        description="Where the figures of the task pages' tables come from, shown with them (on hover, "
        "in column tooltips) and carried in downloads, e.g. `reported by the training repository (TI's "
        "model zoo page)`. Default: `as given in the data files`.",
    )


class Dataset(Record):
    """One entry of data/datasets.yaml."""

    id: Slug = Field(description="Stable identifier used in the models' `dataset` column, e.g. `imagenet`.")
    name: Name = Field(description="Display name, e.g. `ImageNet`.")
    description: Markdown | None = Field(None, description="Markdown describing the dataset and split.")
    url: HttpUrl | None = None


class Link(Record):
    label: InlineMarkdown = Field(description="Inline Markdown label, e.g. `**Training source code**`.")
    url: Url | None = Field(None, description="Absolute URL or a ./link relative to the task's links_base.")


class Footnote(Record):
    marker: Name = Field(description="The marker used in the table, e.g. `*`.")
    text: Text


class Source(Record):
    """One entry of data/sources.yaml: a repository that models come from. What it shows on a task page
    (description, links, sub-sections, footnotes, notes) is written in the task's ``sources``."""

    id: Slug = Field(
        description="Stable identifier used in the models' `source` column; also the clean anchor."
    )
    title: Text = Field(description="Section heading (a task may give its own).")
    label: Text | None = Field(
        None, description="Label in lists of sources and plot legends (default: title)."
    )
    summary: Markdown | None = Field(
        None, description="One paragraph of inline Markdown after the label in the list of sources."
    )
    url: HttpUrl | None = Field(None, description="The source's repository.")


class Reference(Record):
    """One entry of data/references.yaml. Its [n] number is per task (the task's ``references``)."""

    id: Slug = Field(description="Stable identifier used in `references` columns, e.g. `he2016-resnet`.")
    title: Text
    authors: list[Name] = Field(default_factory=list)
    venue: Text | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    description: Text | None = Field(None, description="Plain text describing a non-paper reference.")
    urls: list[HttpUrl] = Field(default_factory=list)


class Metric(Record):
    key: Slug = Field(description="CSV column name, e.g. `top1`.")
    label: Text = Field(description="Column heading, e.g. `Top-1 Accuracy%`.")
    unit: Name | None = Field(None, description="Unit symbol shown with its figures, e.g. `%`.")
    higher_is_better: bool = True
    minimum: Bound | None = None
    maximum: Bound | None = None
    primary: bool = Field(
        False, description="The metric of the task's plots and stars (one at most; default: the first)."
    )
    description: Text | None = None


class Complexity(Record):
    key: Slug = Field(description="CSV column name, e.g. `gmacs`.")
    label: Text = Field(description="Column heading, e.g. `GigaMACs`.")
    unit: Name = Field(description="Unit symbol shown with its figures, e.g. `GMAC` or `GFLOP`.")
    description: Text | None = None


class Column(Record):
    """A declared extra column of a task's models file: shown in its tables, never a metric."""

    key: Slug = Field(description="CSV column name, e.g. `config`.")
    label: Text = Field(description="Column heading, e.g. `config file`.")
    kind: Literal["text", "link"] = Field(
        "text", description="`text`: plain text; `link`: an http(s) URL or a ./link relative to links_base."
    )
    link_label: Text | None = Field(
        None, description="For `kind: link`: the text shown (default: the last part of the URL's path)."
    )


class Section(Record):
    """A sub-heading inside a source on a task page; rows name it in the CSV `section` column."""

    id: Slug
    title: Text = Field(description="The sub-heading, e.g. `Newer models`.")
    description: Markdown | None = Field(None, description="Markdown between the sub-heading and its table.")


def _bare_id(value: Any) -> Any:
    """A list item written as a bare id: ``{id: <id>}``."""
    return {"id": value} if isinstance(value, str) else value


class TaskSource(Record):
    """A source as one task page shows it."""

    id: Slug = Field(description="The source's id (sources.yaml).")
    title: Text | None = Field(None, description="Its heading on this page (default: the source's title).")
    anchors: list[Anchor] = Field(
        default_factory=list,
        max_length=MAX_ANCHORS,
        description="Other element ids kept working on this page (legacy anchors), e.g. "
        "`EdgeAI-TorchVision`.",
    )
    description: Markdown | None = Field(None, description="Markdown under its heading.")
    links: list[Link] = Field(default_factory=list)
    sections: list[Section] = Field(
        default_factory=list,
        max_length=MAX_SECTIONS,
        description="Sub-headings with a table each; rows without a section come before the first.",
    )
    footnotes: list[Footnote] = Field(default_factory=list)
    notes: list[Markdown] = Field(
        default_factory=list, description="Markdown paragraphs shown after its tables."
    )
    references: list[Slug] = Field(
        default_factory=list, description="Ids of references that describe the source (cited on this page)."
    )

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


class TaskReference(Record):
    id: Slug = Field(description="The reference's id (references.yaml).")
    number: Annotated[int, Field(ge=1, le=MAX_INT)] | None = Field(
        None, description="The [n] it shows as on this page; without it, numbers continue after the highest."
    )


class Task(Record):
    """data/tasks/<id>.yaml: a task page and the columns of its models file."""

    id: Slug
    title: Text
    order: WholeNumber = Field(0, description="Position among the tasks in the navigation.")
    introduction: Markdown | None = None
    datasets: list[Slug] = Field(min_length=1, description="Datasets of the task, in the order of its plots.")
    datasets_intro: Markdown | None = Field(None, description="Markdown above the list of datasets.")
    sources_intro: Markdown | None = Field(None, description="Markdown above the list of sources.")
    sources: list[
        Annotated[TaskSource, BeforeValidator(_bare_id, json_schema_input_type=Slug | TaskSource)]
    ] = Field(
        min_length=1,
        max_length=MAX_RECORDS,
        description="Sources shown on the page, in this order; a bare id is `{id: <id>}`.",
    )
    complexity: Complexity
    metrics: list[Metric] = Field(
        min_length=1,
        max_length=MAX_METRICS,
        description="Metric columns; the one with `primary: true` (else the first) is the primary metric.",
    )
    columns: list[Column] = Field(
        default_factory=list, max_length=MAX_COLUMNS, description="Declared extra columns (never metrics)."
    )
    notes: Markdown | None = Field(None, description="Markdown for the Notes section.")
    references: list[
        Annotated[TaskReference, BeforeValidator(_bare_id, json_schema_input_type=Slug | TaskReference)]
    ] = Field(
        default_factory=list,
        max_length=MAX_RECORDS,
        description="The page's numbered reference list, in order; rows and sources cite these.",
    )
    links_base: HttpUrl | None = Field(
        None, description="Base URL that ./relative links are resolved against."
    )
    rows_per_page: Annotated[int, Field(ge=10, le=MAX_INT)] = Field(
        120,
        description="A task with at most this many models shows every table on its page; a larger one gets "
        "pages of its own per source, each with at most this many rows.",
    )

    @property
    def primary(self) -> Metric:
        """The metric marked ``primary`` (the validator allows one at most), else the first."""
        return next((m for m in self.metrics if m.primary), self.metrics[0])

    def ordered_metrics(self) -> tuple[Metric, ...]:
        """The metrics, the primary first, then the others in the order written."""
        primary = self.primary
        return (primary, *(m for m in self.metrics if m is not primary))

    @property
    def source_ids(self) -> list[str]:
        """The ids of the page's sources, in page order."""
        return [s.id for s in self.sources]

    @cached_property
    def _entries(self) -> dict[str, TaskSource]:
        return {entry.id: entry for entry in reversed(self.sources)}  # a repeated id: its first entry

    def source(self, source_id: str) -> TaskSource:
        """The task's entry for a source (``KeyError`` when it lists none)."""
        return self._entries[source_id]

    def reference_numbers(self) -> dict[str, int]:
        """Reference id -> its [n] on this page: as written, else continuing after the highest (in list
        order). A reference listed twice keeps its first number."""
        numbers: dict[str, int] = {}
        following = max((r.number or 0 for r in self.references), default=0) + 1
        for ref in self.references:
            if ref.id in numbers:
                continue
            if ref.number is not None:
                numbers[ref.id] = ref.number
            else:
                numbers[ref.id] = following
                following += 1
        return numbers

    def required_columns(self) -> list[str]:
        """The columns this task's models file must have (in the canonical order of ``header``)."""
        return [c for c in self.header() if c not in OPTIONAL_COLUMNS]

    def header(self) -> list[str]:
        """Every column this task's models file may have, in the canonical order: the fixed columns, with
        the task's complexity, metric and extra columns after input_size; section, model_id and float_model
        optional."""
        return [
            "source",
            "section",
            *FIXED_COLUMNS[1:5],
            self.complexity.key,
            *(m.key for m in self.metrics),
            *(c.key for c in self.columns),
            *FIXED_COLUMNS[5:],
            "model_id",
            "float_model",
        ]


FIXED_COLUMNS = (
    "source",
    "group",
    "dataset",
    "name",
    "input_size",
    "available",
    "qat",
    "notes",
    "references",
)
"""The columns every models file has (in any order)."""
OPTIONAL_COLUMNS = ("section", "model_id", "float_model")
"""Columns a models file may have; absent, their cells are blank."""
DOWNLOAD_COLUMNS = ("id", "qat_drop", "url", "provenance")
"""Columns the downloads add (``generator.downloads``: data/<task>.csv) and the explorer sorts by."""
RESERVED_COLUMNS = FIXED_COLUMNS + OPTIONAL_COLUMNS + DOWNLOAD_COLUMNS
"""Names a task's complexity, metric and extra columns cannot take."""

_FIGURE_RE = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
_SIDE = f"[1-9][0-9]{{0,{MAX_SIDE_DIGITS - 1}}}"
INPUT_SIZE_PATTERN = rf"^(?:({_SIDE})x({_SIDE})|({_SIDE})|\(({_SIDE}),({_SIDE})\))$"
_SIZE_RE = re.compile(INPUT_SIZE_PATTERN)
OPTIONAL_SLUG_PATTERN = r"^(?:[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$"
_FLAG = {"Y": True, "": False}


SHOWN = 40
"""Characters of a data value quoted in a message; a longer value is cut and its length given."""


def clipped(text: str) -> str:
    """A value for a message: as written, or its first ``SHOWN`` characters, "…" and its length."""
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(text)} characters)"


def quoted(text: str) -> str:
    """``repr`` of a value for a message, cut like ``clipped``."""
    return repr(text) if len(text) <= SHOWN else f"{text[:SHOWN]!r}… ({len(text)} characters)"


def parse_figure(text: str) -> Decimal:
    """Parse a non-negative decimal figure exactly as written (no exponents, signs or separators).

    Its size is not limited here: the validator checks it against the task's bounds and the figure limits
    (``FIGURE_DIGITS``, ``FIGURE_DECIMALS``), so that the message can name the bound that matters."""
    if not _FIGURE_RE.match(text):
        raise ValueError(f"expected a plain decimal number like 71.83, got {quoted(text)}")
    return Decimal(text)


def parse_input_size(text: str) -> tuple[str, tuple[int, ...]]:
    """An input size as (kind, numbers), axes in the order written: ``224x224`` -> ("size", (224, 224)),
    ``520`` -> ("side", (520,)), ``(1536,768)`` -> ("range", (1536, 768)) (TI's resize range: within the
    larger and the smaller side, aspect ratio kept). For sorting and anchors; the text is what is shown."""
    match = _SIZE_RE.match(text)
    if not match:
        raise ValueError(f"expected an input size like 224x224, 520 or (416,416), got {quoted(text)}")
    w, h, side, a, b = match.groups()
    if side is not None:
        return "side", (int(side),)
    if w is not None:
        return "size", (int(w), int(h))
    return "range", (int(a), int(b))


def parse_flag(text: str) -> bool:
    if text not in _FLAG:
        raise ValueError(f"expected Y or blank, got {quoted(text)}")
    return _FLAG[text]


def _optional_figure(value: Any) -> Any:
    if isinstance(value, str):
        return None if value == "" else parse_figure(value)
    return value


def _flag(value: Any) -> Any:
    return parse_flag(value) if isinstance(value, str) else value


def _reference_list(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"must be at most {MAX_TEXT} characters long, got {len(value)}")
        return tuple(value.split())
    return value


Figure = Annotated[Decimal | None, BeforeValidator(_optional_figure)]


OptionalSlug = Annotated[
    str, StringConstraints(pattern=OPTIONAL_SLUG_PATTERN, max_length=MAX_ID, strict=True)
]


class ModelRow(Record):
    """One row of data/models/<task>.csv: one model result. Cells arrive as text; the extra columns' cells
    are checked by the validator against their kind."""

    source: Slug
    section: OptionalSlug = ""
    group: Annotated[str, StringConstraints(max_length=MAX_NAME, strict=True)] = ""
    dataset: Slug
    name: Name
    input_size: Annotated[str, StringConstraints(pattern=_SIZE_RE.pattern, max_length=MAX_NAME, strict=True)]
    complexity: Figure = None
    metrics: dict[str, Figure] = Field(default_factory=dict)
    available: Annotated[bool, BeforeValidator(_flag)] = False
    qat: Annotated[bool, BeforeValidator(_flag)] = False
    notes: Annotated[str, StringConstraints(max_length=MAX_TEXT, strict=True)] = ""
    references: Annotated[tuple[Slug, ...], BeforeValidator(_reference_list)] = ()
    model_id: Annotated[tuple[Slug, ...], BeforeValidator(_reference_list)] = ()
    """The zoo's ids of the model (TI's ``cl-0000``), space separated: one network compiled for several
    runtimes has one id per runtime."""

    float_model: Annotated[str, StringConstraints(max_length=MAX_TEXT, strict=True)] = ""
    """For a QAT row whose name does not tell: the row anchor of its float twin (checked by the validator)."""


# -- Devices (issue 10): the SoCs, TI's model registry, the reports figures come from, the artifacts -------

MAX_BYTES = 10**12
"""Largest artifact size in bytes (1 TB; TI's largest is 55 MB)."""
MAX_DEVICE_ROWS = 100_000
"""Rows of one devices CSV file (registry, results of a task, artifacts of a device)."""
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PRECISIONS = ("float32", "int8", "reference")
"""A result's precision: the compiled model in 32-bit float or 8-bit, or ``reference``: the figure the
model's training repository reports, as the report lists it (no device)."""


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and re.match(DATE_PATTERN, value):
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date like 2025-03-10, got {quoted(value)} (no such day)") from None
    return value


IsoDate = Annotated[str, StringConstraints(pattern=DATE_PATTERN, strict=True), BeforeValidator(_iso_date)]


class DeviceLink(Record):
    label: Text = Field(description="Plain text shown for the link, e.g. `AM62A product page`.")
    url: HttpUrl


class ArtifactList(Record):
    title: Text = Field(
        description="What the device's artifacts file is, as its provenance: e.g. `TI's list of compiled "
        "8-bit model artifacts for AM62A`."
    )
    url: HttpUrl | None = Field(None, description="Where its publisher lists them.")


class Device(Record):
    """One entry of data/devices.yaml: a device (a TI SoC) that models are compiled for and measured on."""

    id: Slug = Field(description="Stable identifier: devices/artifacts/<id>.csv, the results' `device`.")
    name: Name = Field(description="Display name, e.g. `AM62A`.")
    description: Markdown | None = Field(None, description="Markdown shown on the device's page.")
    links: list[DeviceLink] = Field(default_factory=list, max_length=MAX_ANCHORS)
    artifacts: ArtifactList | None = Field(
        None, description="Where devices/artifacts/<id>.csv comes from (required when that file exists)."
    )


class Report(Record):
    """One entry of data/devices/reports.yaml: a report that device figures come from."""

    id: Slug = Field(description="Stable identifier used in the results' `report` column.")
    title: Text = Field(description="e.g. `TI accuracy report 20250310-190344 (PC)`.")
    by: Text = Field(description="Who measured, e.g. `TI`.")
    date: IsoDate = Field(description="The report's date, YYYY-MM-DD (quoted or not).")
    method: Literal["emulation", "board"] = Field(
        description="`emulation`: the compiled model run in PC emulation of the device; `board`: on the "
        "device itself."
    )
    device: Slug = Field(description="The device measured (devices.yaml).")
    scope: Text | None = Field(None, description="What it measured, e.g. `1000 frames of each dataset`.")
    url: HttpUrl | None = Field(None, description="Where its publisher keeps the report.")


OPTIONAL_INPUT_SIZE_PATTERN = f"(?:{INPUT_SIZE_PATTERN})|^$"
OptionalName = Annotated[str, StringConstraints(max_length=MAX_NAME, strict=True)]
OptionalText = Annotated[str, StringConstraints(max_length=MAX_TEXT, strict=True)]


class RegistryRow(Record):
    """One row of data/devices/models.csv: a model id of the publisher's (TI's ``cl-0000``)."""

    model_id: Slug
    task: OptionalSlug = ""
    dataset: Name
    runtime: Name
    name: Name
    run_dir: Text
    model_file: OptionalText = ""
    input_size: Annotated[
        str, StringConstraints(pattern=OPTIONAL_INPUT_SIZE_PATTERN, max_length=MAX_NAME, strict=True)
    ] = ""


class ArtifactRow(Record):
    """One row of data/devices/artifacts/<device>.csv: a compiled model the publisher ships for the device."""

    model_id: Slug
    runtime: Name
    name: Name
    size: Annotated[int, Field(ge=1, le=MAX_BYTES)]
    shortlisted: Annotated[bool, BeforeValidator(_flag)] = False
    recommended: Annotated[bool, BeforeValidator(_flag)] = False


# -- Rows that plainly pass ModelRow ------------------------------------------------------------------
# A models file has up to 100,000 rows, and most of their cells repeat a value already seen. The validator
# asks the functions below first; they say True (or give the value) only when ModelRow surely takes the
# cell unchanged, reading ModelRow's own constraints, and otherwise leave the row to
# ``ModelRow.model_validate``, which decides and gives the messages. So they cannot accept what ModelRow
# refuses, and there is no second copy of a rule or a message (tests/test_validate_rows.py compares both).


@functools.cache
def _text_rules() -> dict[str, tuple[int, int, re.Pattern[str] | None, bool]]:
    """The text fields of ModelRow, and ``"reference"`` (an item of its ``references``): field -> (min
    length, max length, pattern, stripped), read from their annotations."""

    def rule(constraints: Any) -> tuple[int, int, re.Pattern[str] | None, bool]:
        if (
            not isinstance(constraints, StringConstraints)
            or constraints.max_length is None
            or constraints.to_upper
            or constraints.to_lower
        ):
            raise TypeError(f"no fast path for {constraints!r}")  # pragma: no cover - ModelRow has none
        pattern = re.compile(constraints.pattern) if isinstance(constraints.pattern, str) else None
        return (
            constraints.min_length or 0,
            constraints.max_length,
            pattern,
            bool(constraints.strip_whitespace),
        )

    fields = ModelRow.model_fields
    rules = {name: rule(*info.metadata) for name, info in fields.items() if info.annotation is str}
    item, more = typing.get_args(fields["references"].annotation)  # tuple[Slug, ...]
    if more is not Ellipsis or typing.get_origin(item) is not Annotated:
        raise TypeError("ModelRow.references is not a tuple of constrained ids")  # pragma: no cover
    rules["reference"] = rule(*item.__metadata__)
    item, more = typing.get_args(fields["model_id"].annotation)  # tuple[Slug, ...]
    if more is not Ellipsis or typing.get_origin(item) is not Annotated:
        raise TypeError("ModelRow.model_id is not a tuple of constrained ids")  # pragma: no cover
    rules["model_id"] = rule(*item.__metadata__)
    return rules


def plain_text(field: str) -> Callable[[str], bool]:
    """A test of whether ModelRow takes a value for its text field ``field`` as it is. False: maybe not
    (too long or short, not matching the pattern, surrounding spaces it would strip)."""
    low, high, pattern, strip = _text_rules()[field]
    match = pattern.fullmatch if pattern is not None else None

    def plain(value: str) -> bool:
        return (
            isinstance(value, str)
            and low <= len(value) <= high
            and (match is None or match(value) is not None)
            and (not strip or value == value.strip())
        )

    return plain


def plain_references(cell: str) -> tuple[str, ...] | None:
    """What ModelRow makes of a references cell it surely takes (its ids), else None."""
    try:
        refs = _reference_list(cell)
    except ValueError:
        return None
    return refs if isinstance(refs, tuple) and all(map(plain_text("reference"), refs)) else None


def plain_model_ids(cell: str) -> tuple[str, ...] | None:
    """What ModelRow makes of a model_id cell it surely takes (its ids, space separated), else None."""
    try:
        ids = _reference_list(cell)
    except ValueError:
        return None
    return ids if isinstance(ids, tuple) and all(map(plain_text("model_id"), ids)) else None


def plain_flag(cell: str) -> bool | None:
    """What ModelRow makes of an ``available`` or ``qat`` cell it takes (Y or blank: ``parse_flag``'s
    table), else None."""
    return _FLAG.get(cell) if isinstance(cell, str) else None


def plain_figure(value: Decimal | str | None) -> bool:
    """Whether ModelRow takes a figure as it is: the Decimal the validator parsed, or None for a blank."""
    return value is None or (isinstance(value, Decimal) and value.is_finite())


SCHEMA_KINDS: dict[str, tuple[type[BaseModel], Literal["one", "list"]]] = {
    "zoo": (Zoo, "one"),
    "task": (Task, "one"),
    "sources": (Source, "list"),
    "references": (Reference, "list"),
    "datasets": (Dataset, "list"),
    "devices": (Device, "list"),
    "reports": (Report, "list"),
}
