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
from generator.schema import Dataset, Device, Reference, Report, Source, Task, Zoo

DEFAULT_PROVENANCE = "as given in the data files"
"""Where the task pages' figures come from when zoo.yaml does not say."""

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
    model_ids: tuple[str, ...] = ()
    """The zoo's ids of the model (TI's ``cl-0000``): one per runtime it is compiled for, in cell order."""
    size: tuple[str, tuple[int, ...]] = ("size", ())
    """The input size parsed (``schema.parse_input_size``): for sorting; ``input_size`` is what shows."""
    float_model: str = ""
    """For a QAT model: the anchor of its float twin as the CSV's ``float_model`` cell names it ("" when
    blank; ``analyse.float_twins`` pairs the others by name)."""

    def metric(self, key: str) -> Decimal | None:
        return self.metrics.get(key)

    @property
    def model_id(self) -> str:
        """The ids as the cell lists them, space separated ("" when none)."""
        return " ".join(self.model_ids)


@dataclass(frozen=True, slots=True)
class Citation:
    """Something that cites a reference on a task page: a model row or a source section."""

    kind: str  # "model" or "source"
    task: str
    source: str
    label: str
    anchor: str


@dataclass(frozen=True, slots=True)
class TiModel:
    """One entry of the model registry (data/devices/models.csv): a publisher's model id (TI's ``cl-0000``)
    with what the publisher says of it."""

    id: str
    task: str
    """The zoo's task of the model ("" for a task the zoo has no page for)."""
    dataset: str
    runtime: str
    name: str
    run_dir: str
    model_file: str
    input_size: str
    location: Location


@dataclass(frozen=True, slots=True)
class Result:
    """One row of data/devices/results/<task>.csv: a model's figures at one precision, from one report."""

    model_id: str
    task: str
    device: str
    """The device measured ("" for the ``reference`` precision: the training repository's figure)."""
    precision: str
    """``float32``, ``int8`` or ``reference`` (``schema.PRECISIONS``)."""
    metrics: dict[str, Decimal | None]
    report: str
    location: Location

    def metric(self, key: str) -> Decimal | None:
        return self.metrics.get(key)


@dataclass(frozen=True, slots=True)
class Artifact:
    """One row of data/devices/artifacts/<device>.csv: a compiled model its publisher ships for the device."""

    device: str
    model_id: str
    runtime: str
    name: str
    size: int
    """Bytes."""
    shortlisted: bool
    recommended: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Carrier:
    """The zoo row that carries a model id: its task and row anchor."""

    task: str
    anchor: str
    location: Location


@dataclass(frozen=True)
class Devices:
    """Devices, the model registry, the reports, results and artifacts, and where each figure comes from."""

    devices: dict[str, Device]
    """In devices.yaml's order."""
    reports: dict[str, Report]
    models: dict[str, TiModel]
    """The registry, in its file order."""
    results: tuple[Result, ...]
    """Every result, by task (in the zoo's order), then file order."""
    artifacts: dict[str, tuple[Artifact, ...]]
    """Device id -> its artifacts in file order (every device, [] when it has no file)."""
    carriers: dict[str, Carrier] = field(default_factory=dict)
    """Model id -> the zoo row that carries it (ids no row carries are not here)."""
    provenance: dict[str, str] = field(default_factory=dict)
    """Report id -> where its device figures come from: "measured by TI: PC emulation of AM68A, report of
    2025-03-10"; shown with every figure (hover, tooltips, footnotes) and carried in downloads."""
    reference_provenance: dict[str, str] = field(default_factory=dict)
    """Report id -> where its ``reference`` figures come from ("reported by the training repository, as
    listed in …")."""
    artifact_provenance: dict[str, str] = field(default_factory=dict)
    """Device id -> where its artifact list comes from."""

    def results_of(self, model_id: str) -> tuple[Result, ...]:
        return self._by_model.get(model_id, ())

    def result(self, model_id: str, device: str, precision: str) -> Result | None:
        return self._by_key.get((model_id, device, precision))

    def artifacts_of(self, model_id: str) -> dict[str, Artifact]:
        """Device id -> the model's artifact for it, in device order."""
        return self._artifacts_by_model.get(model_id, {})

    def measured_devices(self) -> tuple[str, ...]:
        """The devices some result was measured on, in device order."""
        measured = {r.device for r in self.results if r.device}
        return tuple(d for d in self.devices if d in measured)

    @cached_property
    def _by_model(self) -> dict[str, tuple[Result, ...]]:
        out: dict[str, list[Result]] = {}
        for r in self.results:
            out.setdefault(r.model_id, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str], Result]:
        return {(r.model_id, r.device, r.precision): r for r in self.results}

    @cached_property
    def _artifacts_by_model(self) -> dict[str, dict[str, Artifact]]:
        out: dict[str, dict[str, Artifact]] = {}
        for device in self.devices:
            for a in self.artifacts.get(device, ()):
                out.setdefault(a.model_id, {}).setdefault(device, a)
        return out


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
    devices: Devices | None = None
    """The devices, their results and artifacts (data/devices.yaml, data/devices/); None without any."""

    @property
    def provenance(self) -> str:
        """Where the figures of the task pages' tables come from (zoo.yaml ``provenance``)."""
        return self.zoo.provenance or DEFAULT_PROVENANCE

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
