"""Stage 5 — render: catalogue -> {page path: Markdown}, from the Jinja2 templates in templates/.

``render`` is a pure function of the catalogue and the templates: no mkdocs, no file writes.

Escaping is by construction: the environment escapes every value that is not ``markupsafe.Markup`` with
``generator.escape.text``, one escape valid in all the contexts the pages have (Markdown headings, raw HTML
text, HTML attributes). Trusted fragments are ``Markup``: the prose HTML that the validator rendered and
sanitised (``generator.prose``; the ``prose`` filters look it up and fail on a text it did not check; the
``notes`` filter likewise for the models' notes cells), and the filters that check before they mark:
``url`` (link targets), ``id`` (element ids), ``linkify`` (plain text with its bare URLs linked) and
``figure_attr`` (our figure JSON). Jinja2's ``safe``, ``tojson``,
``xmlattr`` and ``urlize`` (markup without our checks) and its ``e``/``escape``/``forceescape`` (an escape
that is not the universal one) are not there; ``join`` escapes each item with ours.

The templates write data-bearing content as raw HTML blocks (which Python-Markdown passes through) and
only headings as Markdown; links in raw HTML are final URLs of the site's directory layout (``relative``).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import markupsafe
from markupsafe import Markup

from generator import escape, paths
from generator.analyse import analyse_task
from generator.catalogue import Catalogue, Model
from generator.diagnostics import Location
from generator.downloads import downloads
from generator.explore import explorer_data, explorer_json
from generator.figures import task_figures
from generator.paths import DEVICES_PAGE, INDEX_PAGE, REFERENCES_PAGE, device_page, page_url, section_anchor
from generator.prose import Prose, short_label
from generator.render_devices import DeviceColumn, device_column, device_contexts, home_devices
from generator.schema import Task
from generator.template_loader import ContainedLoader


def task_page(task: Task | str) -> str:
    """The task's page (see ``generator.paths``)."""
    return paths.task_page(task if isinstance(task, str) else task.id)


@dataclass(frozen=True)
class Page:
    """One generated page of a task: the task page itself, or one page of one source's table."""

    path: str
    kind: str  # "task" or "source"
    source: str | None = None
    number: int = 1  # 1-based page number within the source
    of: int = 1  # number of pages of that source
    models: tuple[Model, ...] = ()
    first: int = 1  # 1-based position of the first model of this page within its source

    @property
    def key(self) -> str:
        """A stable key that plot links use to find this page's link (data-mz-page)."""
        return f"{self.source}/{self.number}" if self.source else "task"


@dataclass(frozen=True)
class Layout:
    """Where every model row of a task lives: all on the task page (small tasks, like the seed), or on
    per-source pages of at most ``task.rows_per_page`` rows (large tasks)."""

    task: Task
    split: bool
    pages: tuple[Page, ...]
    model_page: dict[str, Page]

    def href(self, from_path: str, anchor: str) -> str:
        """The URL of a model's row, relative to page ``from_path``."""
        return relative(from_path, self.model_page[anchor].path) + "#" + anchor

    def plot_link(self, model: Model) -> str:
        """The plot's click target from the task page: "#anchor" or "PAGEKEY#anchor"."""
        page = self.model_page[model.anchor]
        return ("" if page.kind == "task" else page.key) + "#" + model.anchor


def relative(from_path: str, to_path: str) -> str:
    """The URL of page ``to_path`` relative to page ``from_path`` (empty when it is the same page): links in
    raw HTML are not rewritten by mkdocs, so they are the final URLs."""
    if from_path == to_path:
        return ""
    here, there = page_url(from_path).rstrip("/") or ".", page_url(to_path).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    return "./" if rel == "." else rel + "/"


def source_rows(catalogue: Catalogue, task: Task, source_id: str) -> tuple[Model, ...]:
    """A source's models in page order: the rows without a section first, then each section's rows in the
    order the task lists its sections; CSV order within each."""
    rows = catalogue.models_of(task.id, source_id)
    sections = task.source(source_id).sections
    if not sections:
        return rows
    rank = {s.id: i for i, s in enumerate(sections)}
    return tuple(sorted(rows, key=lambda m: rank.get(m.section, -1)))  # stable: CSV order kept


def layout(catalogue: Catalogue, task: Task) -> Layout:
    models = catalogue.models_of(task.id)
    home = task_page(task)
    if len(models) <= task.rows_per_page:
        page = Page(home, "task", models=models)
        return Layout(task, False, (page,), {m.anchor: page for m in models})
    pages: list[Page] = [Page(home, "task")]
    where: dict[str, Page] = {}
    size = task.rows_per_page
    for source_id in task.source_ids:
        rows = source_rows(catalogue, task, source_id)
        count = -(-len(rows) // size)  # a source without rows gets no page
        for i in range(count):
            chunk = rows[i * size : (i + 1) * size]
            name = "index.md" if i == 0 else f"{i + 1}.md"
            page = Page(
                f"{task.id}/{source_id}/{name}", "source", source_id, i + 1, count, chunk, i * size + 1
            )
            pages.append(page)
            where.update((m.anchor, page) for m in chunk)
    return Layout(task, True, tuple(pages), where)


def figure(value: Decimal | None) -> str:
    """A figure exactly as written in the data file; blank when missing."""
    return "" if value is None else str(value)


def _finalize(value: object) -> Markup:
    """Every value a template prints: ``Markup`` as it is, anything else through the universal escape."""
    return escape.text(value)


def _checked(check: Callable[..., Markup]) -> Callable[..., Markup]:
    """A filter whose ``ValueError``/``KeyError`` becomes a template error (located at the template line)."""

    @functools.wraps(check)
    def run(*args: Any, **kwargs: Any) -> Markup:
        try:
            return check(*args, **kwargs)
        except (ValueError, KeyError) as exc:
            raise jinja2.TemplateRuntimeError(str(exc.args[0] if exc.args else exc)) from None

    return run


def _join(items: Iterable[object], separator: object = "") -> Markup:
    """Jinja2's ``join``, each item (and the separator) through the universal escape."""
    return escape.text(separator).join(escape.text(item) for item in items)


class _ProseFilters:
    """The prose filters: lookups of the HTML the validator made. A text it did not check (not a prose
    field) is a KeyError: the template fails, nothing unsanitised is written."""

    def __init__(self, prose: Mapping[str, Prose]) -> None:
        self.prose = prose

    def _get(self, text: object) -> Prose:
        if not isinstance(text, str) or text not in self.prose:
            raise KeyError(f"prose: not a validated prose text: {str(text)[:80]!r}")
        return self.prose[text]

    def block(self, text: object) -> Markup:
        return self._get(text).html

    def inline(self, text: object) -> Markup:
        found = self._get(text).inline
        if found is None:
            raise KeyError(f"prose_inline: not one paragraph: {str(text)[:80]!r}")
        return found

    def lead(self, text: object, lead: object) -> Markup:
        """Block prose whose first paragraph starts with ``lead`` (escaped unless ``Markup``)."""
        prose = self._get(text)
        start = Markup("<p>") + escape.text(lead)
        if prose.inline is not None:
            return start + Markup(" ") + prose.inline + Markup("</p>")
        return start + Markup("</p>") + prose.html


def figure_attr(figure: str) -> Markup:
    """Figure JSON (``generator.figures``, which escaped the data text inside it for plotly) for a
    double-quoted HTML attribute of a raw HTML block: HTML escaping is what that context needs, and the
    universal escape would make big figures much bigger."""
    return Markup(markupsafe.escape(figure))


def environment(
    templates_dir: Path, prose: Mapping[str, Prose] | None = None, notes: Mapping[str, Prose] | None = None
) -> jinja2.Environment:
    """The page templates' environment; ``prose``, ``notes``: the catalogue's rendered prose and notes."""
    env = jinja2.Environment(
        loader=ContainedLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for unsafe in ("safe", "tojson", "xmlattr", "urlize", "forceescape", "escape", "e"):
        env.filters.pop(unsafe, None)  # markup without our checks, or escaping that is not ours
    prose_filters = _ProseFilters(prose or {})
    notes_filters = _ProseFilters(notes or {})
    env.filters.update(
        join=_join,
        url=_checked(escape.url),
        id=_checked(escape.element_id),
        linkify=escape.linkify,
        figure_attr=figure_attr,
        prose=_checked(prose_filters.block),
        prose_inline=_checked(prose_filters.inline),
        prose_lead=_checked(prose_filters.lead),
        notes=_checked(notes_filters.inline),
        fig=figure,
    )
    return env


def _resolve(url: str, base: str | None) -> str:
    if url.startswith("./") or url.startswith("../"):
        return urljoin(base or "", url)
    return url


def _figures_title(description: str | None, provenance: str) -> str:
    """The tooltip of a figure column's heading: its description, then where its figures come from."""
    where = f"Figures {provenance}."
    return f"{description.rstrip('.')}. {where}" if description else where


def _columns(task: Task, rows: Iterable[Model], provenance: str = "") -> list[dict[str, Any]]:
    """The columns of a table after Dataset, Model Name and Input Size: those with a value in at least one
    of its rows (so that a table without complexity or "Available" looks like TI's), the primary metric
    always. In order: complexity, metrics, extra columns, Available, Notes (the devices' figures are a line
    of the Model Name cell: ``_rows``). ``title``: the column's tooltip (its description, and for figures
    where they come from: ``provenance``), or None."""
    rows = list(rows)
    primary = task.primary.key
    out: list[dict[str, Any]] = []
    complexity = task.complexity
    if any(m.complexity is not None for m in rows):
        out.append(
            {
                "kind": "complexity",
                "key": complexity.key,
                "label": complexity.label,
                "title": _figures_title(complexity.description, provenance)
                if provenance
                else complexity.description,
            }
        )
    for metric in task.metrics:
        if metric.key == primary or any(m.metrics.get(metric.key) is not None for m in rows):
            out.append(
                {
                    "kind": "metric",
                    "key": metric.key,
                    "label": metric.label,
                    "title": _figures_title(metric.description, provenance)
                    if provenance
                    else metric.description,
                }
            )
    for column in task.columns:
        if any(m.extras.get(column.key) for m in rows):
            out.append({"kind": column.kind, "key": column.key, "label": column.label, "title": None})
    if any(m.available for m in rows):
        out.append({"kind": "available", "key": "available", "label": "Available", "title": None})
    if any(m.notes for m in rows):
        out.append({"kind": "notes", "key": "notes", "label": "Notes", "title": None})
    for column in out:  # the cells' classes, once per table (a macro call per cell cost 2 s at 10k rows)
        column["css"] = _column_css(column, primary)
    return out


def _column_css(column: dict[str, Any], primary: str) -> str:
    """The class of a column's heading and cells (templates/table.md.j2 says what the layout reads)."""
    kind = column["kind"]
    if kind == "complexity":
        return "mz-num mz-complexity"
    if kind == "metric":
        return "mz-num mz-primary" if column["key"] == primary else "mz-num"
    return "mz-flag" if kind == "available" else ""


def _rows(
    catalogue: Catalogue,
    task: Task,
    models: Iterable[Model],
    columns: list[dict[str, Any]],
    page: str = "",
    device: DeviceColumn | None = None,
) -> list[dict[str, Any]]:
    """Table rows with a group heading wherever the group changes (and at the top of a table mid-group).
    Each model row's ``cells`` are (kind, value) per column of ``columns``: "num" (a figure as written),
    "text", "link" (href resolved against the task's links_base, and label), "flag" ("Y" or "") and
    "notes" (the cell's text, for the notes filter); the template escapes or checks each value. With
    ``device``, a row's ``device`` is what the devices show of it under its name
    (``render_devices.DeviceColumn.cell``, links relative to ``page``; None when nothing): a line in the
    Model Name cell, not a column, so that no table gets wider for it (the name cell wraps)."""
    rows: list[dict[str, Any]] = []
    group = ""
    getters = [_cell(task, c) for c in columns]
    for model in models:
        if model.group != group:
            group = model.group
            if group:
                rows.append({"group": group})
        rows.append(
            {
                "model": model,
                "citations": _citations(catalogue, task, model),
                "cells": [get(model) for get in getters],
                "device": device.cell(model, page) if device is not None else None,
            }
        )
    return rows


def _cell(task: Task, column: dict[str, Any]) -> Callable[[Model], tuple[str, Any]]:
    """How one column's cell is made from a model (see ``_rows``)."""
    kind, key = column["kind"], column["key"]
    if kind == "complexity":
        return lambda m: ("num", figure(m.complexity))
    if kind == "metric":
        return lambda m: ("num", figure(m.metrics.get(key)))
    if kind == "text":
        return lambda m: ("text", m.extras.get(key, ""))
    if kind == "link":
        label = next(c.link_label for c in task.columns if c.key == key)
        base = task.links_base

        def link(m: Model) -> tuple[str, Any]:
            cell = m.extras.get(key, "")
            return ("link", cell and (_resolve(cell, base), label or short_label(cell)))

        return link
    if kind == "available":
        return lambda m: ("flag", "Y" if m.available else "")
    return lambda m: ("notes", m.notes)


def _page_contexts(catalogue: Catalogue, task: Task) -> tuple[dict[str, dict[str, Any]], Layout, Any]:
    """The template context of every page of one task (by page path), its layout and its figures."""
    plan = layout(catalogue, task)
    analysis = analyse_task(catalogue, task)
    figures = (
        task_figures(catalogue, analysis, plan.plot_link, source_files=True)
        if plan.split
        else task_figures(catalogue, analysis)
    )
    home = task_page(task)
    source_pages: dict[str, list[Page]] = {}
    for page in plan.pages:
        if page.source:
            source_pages.setdefault(page.source, []).append(page)
    ordered = {s: source_rows(catalogue, task, s) for s in task.source_ids}
    # Per source and section ("" for the rows without one): its rows, and the columns its table shows
    # (the same on every page of a split source), computed once.
    by_section: dict[str, dict[str, list[Model]]] = {}
    for source_id, rows in ordered.items():
        groups = by_section[source_id] = {}
        for m in rows:
            groups.setdefault(m.section, []).append(m)
    device = device_column(catalogue, task)
    columns: dict[tuple[str, str], list[dict[str, Any]]] = {
        (source_id, key): _columns(task, rows, catalogue.provenance)
        for source_id, groups in by_section.items()
        for key, rows in groups.items()
    }

    def blocks(source_id: str, page: Page, shown: tuple[Model, ...]) -> list[dict[str, Any]]:
        """The source's tables on this page: the rows without a section, then each section (its heading
        and prose even without rows, on the source's first page), each with the columns its rows have."""
        entry = task.source(source_id)
        here: dict[str, list[Model]] = {}
        for m in shown:
            here.setdefault(m.section, []).append(m)
        out = []
        for section in [None, *entry.sections]:
            key = section.id if section else ""
            rows = here.get(key, [])
            if not rows and (section is None or page.number > 1 or key in by_section[source_id]):
                continue  # no rows here: the implicit section shows nothing, a section's rows are elsewhere
            cols = columns.get((source_id, key)) or _columns(task, (), catalogue.provenance)
            out.append(
                {
                    "section": section,
                    "anchor": section_anchor(source_id, section.id) if section else None,
                    "columns": cols,
                    "rows": _rows(catalogue, task, rows, cols, page.path, device),
                }
            )
        return out

    def entry(source_id: str, page: Page) -> dict[str, Any]:
        source = catalogue.sources[source_id]
        item = task.source(source_id)
        models = ordered[source_id]
        shown = models if page.kind == "task" else page.models
        tables = not plan.split or page.kind == "source"
        return {
            "source": source,
            "entry": item,
            "title": catalogue.source_title(task, source_id),
            "label": catalogue.source_label(task, source_id),
            "anchors": [a for a in item.anchors if a != source_id],
            "links": [
                {"label": link.label, "url": link.url and _resolve(link.url, task.links_base)}
                for link in item.links
            ],
            "blocks": blocks(source_id, page, shown) if tables else [],
            "count": len(models),
            # A footnote belongs to the rows that use its marker: show it only where they are.
            "footnotes": [f for f in item.footnotes if any(f.marker in m.notes for m in shown)],
            "pages": [
                {
                    "href": relative(page.path, p.path),
                    "key": p.key,
                    "first": p.first,
                    "last": p.first + len(p.models) - 1,
                    "current": p.path == page.path,
                }
                for p in source_pages.get(source_id, [])
            ],
            "plots": figures.sources[source_id] if (not plan.split or page.number == 1) else (),
        }

    numbers = catalogue.numbers.get(task.id, {})
    common = {
        "zoo": catalogue.zoo,
        # Where the tables' figures come from, and (when the zoo has devices) the devices' line's.
        "provenance": catalogue.provenance,
        "device_column": device,
        "task": task,
        "split": plan.split,
        "dataset_names": {d.id: d.name for d in catalogue.datasets.values()},
        # Pareto plots (generator.figures) and the anchors of the models on the all-sources frontier.
        "figures": figures,
        "frontier": analysis.frontier_anchors,
        # On a split task page, lists of models left out of the overview plot stop after this many.
        "list_limit": 20,
        # The page's numbered references, in their order (a repeated number keeps its place).
        "task_references": [
            {"ref": catalogue.references[r.id], "number": numbers[r.id]}
            for r in dict((r.id, r) for r in task.references).values()
        ],
    }
    out: dict[str, dict[str, Any]] = {}
    for page in plan.pages:
        out[page.path] = {
            **common,
            "page": page,
            "datasets": [catalogue.datasets[d] for d in task.datasets],
            "sources": [entry(s, page) for s in task.source_ids]
            if page.kind == "task"
            else [entry(page.source or "", page)],
            "references_page": relative(page.path, REFERENCES_PAGE),
            # A citation's link: the task page's References section; a task split into pages (hundreds of
            # references) lists them on the References page only, which keeps the task page light.
            "cite": relative(page.path, REFERENCES_PAGE) + "#"
            if plan.split
            else relative(page.path, home) + "#ref-",
            "task_href": relative(page.path, home),
            "devices_href": relative(page.path, DEVICES_PAGE),
            **_download_links(page.path, task),
            "model_count": len(catalogue.models_of(task.id)),
            "has_qat": any(m.qat for m in catalogue.models_of(task.id)),
            "href": lambda anchor, _from=page.path: plan.href(_from, anchor),
        }
    return out, plan, figures


def asset_href(from_path: str, asset: str) -> str:
    """The URL of a generated file (``data/zoo.json``) relative to page ``from_path``."""
    here = page_url(from_path).rstrip("/") or "."
    return posixpath.relpath(asset, here)


def _download_links(from_path: str, task: Task) -> dict[str, str]:
    """The links of a page to the task's explorer and downloads, relative to it."""
    return {
        "task_href": relative(from_path, task_page(task)),
        "explore_href": relative(from_path, paths.explore_page(task.id)),
        "csv_href": asset_href(from_path, paths.task_csv(task.id)),
        "json_href": asset_href(from_path, paths.ZOO_JSON),
        "schema_href": asset_href(from_path, paths.ZOO_SCHEMA),
    }


def _citations(catalogue: Catalogue, task: Task, model: Model) -> list[dict[str, Any]]:
    numbers = catalogue.numbers[task.id]
    return [
        {"id": ref_id, "number": numbers[ref_id], "title": catalogue.references[ref_id].title}
        for ref_id in model.references
    ]


@dataclass(frozen=True)
class Rendered:
    """What ``render`` makes of a catalogue: the site's pages and everything else it needs."""

    pages: dict[str, str]
    """Page path (relative to the docs root, e.g. ``image-classification/index.md``) -> Markdown."""
    assets: dict[str, str]
    """Other generated files (figure JSON loaded by large plots), by path: never pages."""
    nav: dict[str, str]
    """The pages of the site navigation, in order, with their titles (plain text)."""
    edit_files: dict[str, str]
    """Page path -> the data file a contributor edits to change it (for edit links)."""


class TemplateFailure(Exception):
    """A template could not be loaded or rendered; ``location`` is where (template file and line)."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def render(catalogue: Catalogue, templates_dir: Path) -> Rendered:
    """Render every page of the site, with each task's page layout computed once. A pure function of the
    catalogue and the templates; a template problem raises ``TemplateFailure``."""
    try:
        return _render(catalogue, Path(templates_dir))
    except jinja2.TemplateError as exc:
        raise TemplateFailure(_template_location(exc, Path(templates_dir)), _template_message(exc)) from None


def _template_location(exc: jinja2.TemplateError, templates_dir: Path) -> Location:
    """The template file and line of a Jinja2 error: from a syntax error itself, else from the innermost
    template frame of its traceback (Jinja2 rewrites tracebacks to point into the template)."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                name, line = filename, tb.tb_lineno
            tb = tb.tb_next
    if name is None:
        return Location(templates_dir.as_posix(), 0, 0)
    path = Path(name)
    if not path.is_absolute():
        path = templates_dir / path
    return Location(path.as_posix(), line or 0, 0)


def _template_message(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    return f"{type(exc).__name__}: {exc.message or exc}"


def _render(catalogue: Catalogue, templates_dir: Path) -> Rendered:
    env = environment(templates_dir, catalogue.prose, catalogue.notes)
    pages: dict[str, str] = {}
    assets: dict[str, str] = {}
    task_template = env.get_template("task.md.j2")
    layouts: dict[str, Layout] = {}
    edit_files = {
        INDEX_PAGE: catalogue.files.get("zoo", ""),
        REFERENCES_PAGE: catalogue.files.get("references", ""),
    }
    explore_template = env.get_template("explore.md.j2")
    for task in catalogue.tasks:
        contexts, plan, figures = _page_contexts(catalogue, task)
        layouts[task.id] = plan
        for path, context in contexts.items():
            pages[path] = task_template.render(context)
            edit_files[path] = catalogue.files.get(f"models:{task.id}", "")
        for name, text in figures.files.items():
            assets[f"{task.id}/{name}"] = text
        explore = paths.explore_page(task.id)
        data = paths.explore_data(task.id)
        pages[explore] = explore_template.render(
            task=task,
            model_count=len(catalogue.models_of(task.id)),
            data_src=posixpath.basename(data),
            **_download_links(explore, task),
        )
        edit_files[explore] = catalogue.files.get(f"models:{task.id}", "")
        shown = [p.path for p in plan.pages if p.kind == "task" or p.models]
        row_pages = {path: relative(explore, path) for path in shown}
        assets[data] = explorer_json(
            explorer_data(
                catalogue,
                task,
                lambda m, plan=plan, row_pages=row_pages: row_pages[plan.model_page[m.anchor].path],
                list(row_pages.values()),
            )
        )
    assets.update(
        downloads(
            catalogue, lambda task, m: page_url(layouts[task.id].model_page[m.anchor].path) + "#" + m.anchor
        )
    )

    citations = catalogue.citations()

    def cited_on(ref_id: str) -> list[dict[str, Any]]:
        """Per task that lists the reference: its number there, a link to its entry on the task page, and
        what cites it there (model rows, sources)."""
        out = []
        for task in catalogue.tasks:
            number = catalogue.numbers[task.id].get(ref_id)
            if number is None:
                continue
            out.append(
                {
                    "task": task,
                    "number": number,
                    # its entry in the task page's References section (a split task lists them here only)
                    "href": relative(REFERENCES_PAGE, task_page(task))
                    + ("#references" if layouts[task.id].split else "#ref-" + ref_id),
                    "cited_by": [
                        {
                            "label": c.label,
                            "href": (
                                layouts[c.task].href(REFERENCES_PAGE, c.anchor)
                                if c.kind == "model"
                                else relative(REFERENCES_PAGE, task_page(c.task)) + "#" + c.anchor
                            ),
                        }
                        for c in citations[ref_id]
                        if c.task == task.id
                    ],
                }
            )
        return out

    pages[REFERENCES_PAGE] = env.get_template("references.md.j2").render(
        references=[{"ref": ref, "tasks": cited_on(ref.id)} for ref in catalogue.references.values()],
        # A reference cited by hundreds of rows lists the first ones only (the page stays light).
        cited_limit=12,
    )
    # The devices (issue 10): an overview and a page per device, with their figure files.
    contexts, device_files = device_contexts(
        catalogue, lambda task, anchor, from_page: layouts[task].href(from_page, anchor)
    )
    if contexts:
        device_template = env.get_template("device.md.j2")
        for path, context in contexts.items():
            template = env.get_template("devices.md.j2") if path == DEVICES_PAGE else device_template
            pages[path] = template.render(context)
            edit_files[path] = catalogue.files.get("devices", "")
        assets.update(device_files)
    pages[INDEX_PAGE] = env.get_template("index.md.j2").render(
        zoo=catalogue.zoo,
        tasks=[
            {
                "task": task,
                "href": relative(INDEX_PAGE, task_page(task)),
                "models": len(catalogue.models_of(task.id)),
                "sources": len(task.sources),
                "datasets": [catalogue.datasets[d].name for d in task.datasets],
            }
            for task in catalogue.tasks
        ],
        references=len(catalogue.references),
        references_page=relative(INDEX_PAGE, REFERENCES_PAGE),
        devices=home_devices(catalogue, INDEX_PAGE),
        devices_page=relative(INDEX_PAGE, DEVICES_PAGE),
    )
    # The navigation: the home page, the tasks (in their ``order``, each with its explorer), the devices, the
    # references. Not the split source pages: a navigation with hundreds of them would weigh on every page.
    nav = {INDEX_PAGE: catalogue.zoo.title}
    for task in catalogue.tasks:
        nav[task_page(task)] = task.title
        nav[paths.explore_page(task.id)] = f"{task.title}: explore and compare"
    if catalogue.devices is not None:
        nav[DEVICES_PAGE] = "Devices"
        nav.update({device_page(d): device.name for d, device in catalogue.devices.devices.items()})
    nav[REFERENCES_PAGE] = "References"
    return Rendered(
        pages=dict(sorted(pages.items())),
        assets=dict(sorted(assets.items())),
        nav=nav,
        edit_files=dict(sorted(edit_files.items())),
    )
