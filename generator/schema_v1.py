"""TRANSITIONAL: the v1 data model (one metric layout, source content in sources.yaml, global reference
numbers), kept only for ``generator.importer`` until it writes the v2 format of ``generator.schema``
(issue 9). Nothing else uses it; delete it with the importer's last import of it.

The data model: pydantic v2 records for every kind of data file.

YAML records (zoo, tasks, sources, references, datasets) are validated as whole models. CSV model rows are
validated per row against ``ModelRow``; the metric columns a row must carry come from its task.

Figures (GigaMACs, accuracies) are kept as ``Decimal`` so that TI's figures print exactly as written
("0.300" stays "0.300"); analysis converts them to float.

Every value is bounded (the limits below): data comes from strangers' pull requests, and whatever the
validator accepts must render and plot. Lengths count characters, after surrounding spaces are stripped.
"""

from __future__ import annotations

import re
from decimal import Decimal
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


Anchor = Annotated[str, StringConstraints(pattern=r"""^[^\s"'<>&]+$""", max_length=MAX_NAME, strict=True)]
WholeNumber = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Zoo(Record):
    """data/zoo.yaml: the site as a whole."""

    title: Text = Field(description="Name of the model zoo, shown on the home page.")
    description: Markdown | None = Field(None, description="Markdown shown under the title on the home page.")
    repository: HttpUrl | None = Field(None, description="Repository that holds the zoo's models.")


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
    """One entry of data/sources.yaml: a repository that models come from."""

    id: Slug = Field(
        description="Stable identifier used in the models' `source` column; also the clean anchor."
    )
    title: Text = Field(description="Section heading.")
    label: Text | None = Field(None, description="Label in the list of sources (default: title).")
    summary: Markdown | None = Field(None, description="Markdown after the label in the list of sources.")
    legacy_anchor: Anchor | None = Field(
        None, description="Old anchor kept working as an element id, e.g. `Torchvision-models`."
    )
    description: Markdown | None = None
    links: list[Link] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    notes: list[Markdown] = Field(
        default_factory=list, description="Markdown paragraphs shown after the table."
    )
    references: list[Slug] = Field(
        default_factory=list, description="Ids of references that describe the source."
    )


class Reference(Record):
    """One entry of data/references.yaml."""

    id: Slug = Field(description="Stable identifier used in `references` columns, e.g. `he2016-resnet`.")
    number: Annotated[int, Field(ge=1, le=MAX_INT)] | None = Field(
        None, description="Number the citation shows as [n]."
    )
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
    description: Text | None = None


class Complexity(Record):
    key: Slug = Field(description="CSV column name, e.g. `gmacs`.")
    label: Text = Field(description="Column heading, e.g. `GigaMACs`.")
    unit: Name | None = Field(None, description="Unit symbol shown with its figures, e.g. `GMAC`.")
    description: Text | None = None


class Task(Record):
    """data/tasks/<id>.yaml: a task page and the metric columns of its models file."""

    id: Slug
    title: Text
    order: WholeNumber = Field(0, description="Position among the tasks in the navigation.")
    introduction: Markdown | None = None
    datasets: list[Slug] = Field(min_length=1)
    sources_intro: Markdown | None = Field(None, description="Markdown above the list of sources.")
    sources: list[Slug] = Field(min_length=1, description="Sources shown on the page, in this order.")
    complexity: Complexity
    metrics: list[Metric] = Field(
        min_length=1, max_length=MAX_METRICS, description="Metric columns; the first is the primary metric."
    )
    notes: Markdown | None = Field(None, description="Markdown for the Notes section.")
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
        return self.metrics[0]

    def ordered_metrics(self) -> tuple[Metric, ...]:
        """The metrics, the primary first, then the others in the order written."""
        return (self.primary, *(m for m in self.metrics if m is not self.primary))

    def columns(self) -> list[str]:
        """The CSV header this task's models file must have, in order."""
        # The fixed columns, with the task's complexity and metric columns after input_size.
        return [*FIXED_COLUMNS[:5], self.complexity.key, *(m.key for m in self.metrics), *FIXED_COLUMNS[5:]]


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

_FIGURE_RE = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
_SIZE_RE = re.compile(r"^([1-9][0-9]*)x([1-9][0-9]*)$")
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


class ModelRow(Record):
    """One row of data/models/<task>.csv: one model result. Cells arrive as text."""

    source: Slug
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


SCHEMA_KINDS: dict[str, tuple[type[BaseModel], Literal["one", "list"]]] = {
    "zoo": (Zoo, "one"),
    "task": (Task, "one"),
    "sources": (Source, "list"),
    "references": (Reference, "list"),
    "datasets": (Dataset, "list"),
}
