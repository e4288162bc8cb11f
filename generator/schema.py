"""The data model: pydantic v2 records for every kind of data file.

YAML records (zoo, tasks, sources, references, datasets) are validated as whole models. CSV model rows are
validated per row against ``ModelRow``; the metric columns a row must carry come from its task.

Figures (GigaMACs, accuracies) are kept as ``Decimal`` so that TI's figures print exactly as written
("0.300" stays "0.300"); analysis converts them to float.
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

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, strict=True)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, strict=True)]
# Markdown prose: rendered as Markdown, with any raw HTML escaped (it shows literally).
Markdown = Annotated[str, StringConstraints(min_length=1, strict=True)]

URL_PATTERN = r'^(https?://[^\s<>"]+|\.\.?/[^\s<>"]*)$'
HTTP_URL_PATTERN = r'^https?://[^\s<>"]+$'
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, strict=True)]
HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN, strict=True)]


Anchor = Annotated[str, StringConstraints(pattern=r"""^[^\s"'<>&]+$""", strict=True)]


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
    name: Text = Field(description="Display name, e.g. `ImageNet`.")
    description: Markdown | None = Field(None, description="Markdown describing the dataset and split.")
    url: HttpUrl | None = None


class Link(Record):
    label: Markdown = Field(description="Inline Markdown label, e.g. `**Training source code**`.")
    url: Url | None = Field(None, description="Absolute URL or a ./link relative to the task's links_base.")


class Footnote(Record):
    marker: Text = Field(description="The marker used in the table, e.g. `*`.")
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
    number: Annotated[int, Field(ge=1)] | None = Field(None, description="Number the citation shows as [n].")
    title: Text
    authors: list[Text] = Field(default_factory=list)
    venue: Text | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    description: Text | None = Field(None, description="Plain text describing a non-paper reference.")
    urls: list[HttpUrl] = Field(default_factory=list)


class Metric(Record):
    key: Slug = Field(description="CSV column name, e.g. `top1`.")
    label: Text = Field(description="Column heading, e.g. `Top-1 Accuracy%`.")
    higher_is_better: bool = True
    minimum: Annotated[float, Field(allow_inf_nan=False)] | None = None
    maximum: Annotated[float, Field(allow_inf_nan=False)] | None = None
    description: Text | None = None


class Complexity(Record):
    key: Slug = Field(description="CSV column name, e.g. `gmacs`.")
    label: Text = Field(description="Column heading, e.g. `GigaMACs`.")
    description: Text | None = None


class Task(Record):
    """data/tasks/<id>.yaml: a task page and the metric columns of its models file."""

    id: Slug
    title: Text
    order: int = Field(0, description="Position among the tasks in the navigation.")
    introduction: Markdown | None = None
    datasets: list[Slug] = Field(min_length=1)
    sources_intro: Markdown | None = Field(None, description="Markdown above the list of sources.")
    sources: list[Slug] = Field(min_length=1, description="Sources shown on the page, in this order.")
    complexity: Complexity
    metrics: list[Metric] = Field(
        min_length=1, description="Metric columns; the first is the primary metric."
    )
    notes: Markdown | None = Field(None, description="Markdown for the Notes section.")
    links_base: HttpUrl | None = Field(
        None, description="Base URL that ./relative links are resolved against."
    )
    rows_per_page: Annotated[int, Field(ge=10)] = Field(
        120,
        description="A task with at most this many models shows every table on its page; a larger one gets "
        "pages of its own per source, each with at most this many rows.",
    )

    @property
    def primary(self) -> Metric:
        return self.metrics[0]

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


def parse_figure(text: str) -> Decimal:
    """Parse a non-negative decimal figure exactly as written (no exponents, signs or separators)."""
    if not _FIGURE_RE.match(text):
        raise ValueError(f"expected a plain decimal number like 71.83, got {text!r}")
    return Decimal(text)


def parse_flag(text: str) -> bool:
    if text not in _FLAG:
        raise ValueError(f"expected Y or blank, got {text!r}")
    return _FLAG[text]


def _optional_figure(value: Any) -> Any:
    if isinstance(value, str):
        return None if value == "" else parse_figure(value)
    return value


def _flag(value: Any) -> Any:
    return parse_flag(value) if isinstance(value, str) else value


def _reference_list(value: Any) -> Any:
    return tuple(value.split()) if isinstance(value, str) else value


Figure = Annotated[Decimal | None, BeforeValidator(_optional_figure)]


class ModelRow(Record):
    """One row of data/models/<task>.csv: one model result. Cells arrive as text."""

    source: Slug
    group: Annotated[str, StringConstraints(strict=True)] = ""
    dataset: Slug
    name: Text
    input_size: Annotated[str, StringConstraints(pattern=_SIZE_RE.pattern, strict=True)]
    complexity: Figure = None
    metrics: dict[str, Figure] = Field(default_factory=dict)
    available: Annotated[bool, BeforeValidator(_flag)] = False
    qat: Annotated[bool, BeforeValidator(_flag)] = False
    notes: Annotated[str, StringConstraints(strict=True)] = ""
    references: Annotated[tuple[Slug, ...], BeforeValidator(_reference_list)] = ()


SCHEMA_KINDS: dict[str, tuple[type[BaseModel], Literal["one", "list"]]] = {
    "zoo": (Zoo, "one"),
    "task": (Task, "one"),
    "sources": (Source, "list"),
    "references": (Reference, "list"),
    "datasets": (Dataset, "list"),
}
