"""Stage 3 — catalogue: the typed, validated, in-memory zoo that analysis and rendering read.

Built only by ``generator.validate``; never mutated afterwards.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from generator.diagnostics import Location
from generator.prose import Prose
from generator.schema import Dataset, Reference, Source, Task, Zoo

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII slug: accents dropped, runs of anything but a-z0-9 become one '-'. A name with no
    ASCII letters or digits at all (e.g. in another script) gets a short stable hash instead."""
    if text.isascii():  # NFKD leaves ASCII as it is
        ascii_text = text
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Model:
    """One model result of a task, as validated from one CSV row."""

    task: str
    source: str
    group: str
    dataset: str
    name: str
    input_size: str
    complexity: Decimal | None
    metrics: dict[str, Decimal | None]
    available: bool
    qat: bool
    notes: str
    references: tuple[str, ...]
    anchor: str
    location: Location
    section: str = ""
    """The id of its source's sub-section on the task page ("" when none)."""
    extras: dict[str, str] = field(default_factory=dict)
    """The task's extra columns: key -> cell as written ("" when blank)."""
    model_id: str = ""
    size: tuple[str, tuple[int, ...]] = ("size", ())
    """The input size parsed (``schema.parse_input_size``): for sorting; ``input_size`` is what shows."""
    float_model: str = ""
    """For a QAT model: the anchor of its float twin as the CSV's ``float_model`` cell names it ("" when
    blank; ``analyse.float_twins`` pairs the others by name)."""

    def metric(self, key: str) -> Decimal | None:
        return self.metrics.get(key)


@dataclass(frozen=True, slots=True)
class Citation:
    """Something that cites a reference on a task page: a model row or a source section."""

    kind: str  # "model" or "source"
    task: str
    source: str
    label: str
    anchor: str


@dataclass(frozen=True)
class Catalogue:
    zoo: Zoo
    tasks: tuple[Task, ...]
    datasets: dict[str, Dataset]
    sources: dict[str, Source]
    references: dict[str, Reference]
    models: dict[str, tuple[Model, ...]]
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    """Task id -> reference id -> its [n] on that task's page (``Task.reference_numbers``)."""
    files: dict[str, str] = field(default_factory=dict)
    """Data file of each page-level thing, relative to the project root: 'zoo', 'references',
    'sources', 'datasets', 'task:<id>', 'models:<id>'."""
    prose: dict[str, Prose] = field(default_factory=dict)
    """Every prose field's text -> its sanitised HTML, rendered once by the validator (the templates'
    prose filters only look it up: a text missing here is a template error, never unsanitised)."""
    notes: dict[str, Prose] = field(default_factory=dict)
    """The models' notes cells, likewise (rendered with their bare URLs linked: ``prose.render``)."""

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def source_title(self, task: Task, source_id: str) -> str:
        """The source's heading on the task's page: the task's title for it, else the source's."""
        return task.source(source_id).title or self.sources[source_id].title

    def source_label(self, task: Task, source_id: str) -> str:
        """The source's name in lists and plot legends on the task's page: its label, else its heading."""
        return self.sources[source_id].label or self.source_title(task, source_id)

    def models_of(self, task_id: str, source_id: str | None = None) -> tuple[Model, ...]:
        if source_id is None:
            return self.models.get(task_id, ())
        return self._by_source.get((task_id, source_id), ())

    @cached_property
    def _by_source(self) -> dict[tuple[str, str], tuple[Model, ...]]:
        """(task, source) -> its models in file order: built once, so a page costs O(models), not
        O(models x sources)."""
        groups: dict[tuple[str, str], list[Model]] = {}
        for task_id, models in self.models.items():
            for m in models:
                groups.setdefault((task_id, m.source), []).append(m)
        return {key: tuple(rows) for key, rows in groups.items()}

    def citations(self) -> dict[str, list[Citation]]:
        """Reference id -> everything citing it, in page order (tasks, then sources, then rows)."""
        out: dict[str, list[Citation]] = {ref_id: [] for ref_id in self.references}
        for task in self.tasks:
            for entry in task.sources:
                title = self.source_title(task, entry.id)
                for ref_id in entry.references:
                    out[ref_id].append(Citation("source", task.id, entry.id, title, entry.id))
                label = self.source_label(task, entry.id)
                for model in self.models_of(task.id, entry.id):
                    for ref_id in model.references:
                        out[ref_id].append(
                            Citation("model", task.id, entry.id, f"{model.name} ({label})", model.anchor)
                        )
        return out
