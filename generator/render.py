"""Stage 5 — render: catalogue -> {page path: Markdown}, from the Jinja2 templates in templates/.

``render`` is a pure function of the catalogue and the templates: no mkdocs, no file writes. Every string
from a data file reaches a page through one of the escaping filters of ``generator.escape``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from generator import escape, paths
from generator.analyse import analyse_task
from generator.catalogue import Catalogue, Model
from generator.diagnostics import Location
from generator.figures import task_figures
from generator.paths import INDEX_PAGE, REFERENCES_PAGE
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
        """A Markdown link target from page ``from_path`` to a model's row."""
        return relative(from_path, self.model_page[anchor].path) + "#" + anchor

    def plot_link(self, model: Model) -> str:
        """The plot's click target from the task page: "#anchor" or "PAGEKEY#anchor"."""
        page = self.model_page[model.anchor]
        return ("" if page.kind == "task" else page.key) + "#" + model.anchor


def relative(from_path: str, to_path: str) -> str:
    """The relative Markdown link from one page to another (empty when it is the same page)."""
    if from_path == to_path:
        return ""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def layout(catalogue: Catalogue, task: Task) -> Layout:
    models = catalogue.models_of(task.id)
    home = task_page(task)
    if len(models) <= task.rows_per_page:
        page = Page(home, "task", models=models)
        return Layout(task, False, (page,), {m.anchor: page for m in models})
    pages: list[Page] = [Page(home, "task")]
    where: dict[str, Page] = {}
    size = task.rows_per_page
    for source_id in task.sources:
        rows = catalogue.models_of(task.id, source_id)
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


def link_title(text: object) -> str:
    """Text for a Markdown link title ("..."): HTML escaped (quotes included), no newlines, and no "|"
    (inside a table cell it would end the cell)."""
    return escape.attr(text).replace("|", "&#124;").replace("`", "&#96;")


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=ContainedLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: escaping is explicit, per context, via the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape.md_text,
        md_links=escape.md_text_links,
        prose=escape.md_prose,
        prose_inline=escape.md_prose_inline,
        attr=escape.attr,
        title=link_title,
        fig=figure,
    )
    return env


def _resolve(url: str, base: str | None) -> str:
    if url.startswith("./") or url.startswith("../"):
        return urljoin(base or "", url)
    return url


def _rows(catalogue: Catalogue, models: tuple[Model, ...]) -> list[dict[str, Any]]:
    """Table rows with a group heading wherever the group changes (and at the top of a page mid-group)."""
    rows: list[dict[str, Any]] = []
    group = ""
    for model in models:
        if model.group != group:
            group = model.group
            if group:
                rows.append({"group": group})
        rows.append({"model": model, "citations": _citations(catalogue, model)})
    return rows


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

    def entry(source_id: str, page: Page) -> dict[str, Any]:
        source = catalogue.sources[source_id]
        models = catalogue.models_of(task.id, source_id)
        shown = models if page.kind == "task" else page.models
        return {
            "source": source,
            "links": [
                {"label": link.label, "url": link.url and _resolve(link.url, task.links_base)}
                for link in source.links
            ],
            "rows": _rows(catalogue, shown) if (not plan.split or page.kind == "source") else [],
            "count": len(models),
            # A footnote belongs to the rows that use its marker: show it only where they are.
            "footnotes": [f for f in source.footnotes if any(f.marker in m.notes for m in shown)],
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

    common = {
        "zoo": catalogue.zoo,
        "task": task,
        "split": plan.split,
        "dataset_names": {d.id: d.name for d in catalogue.datasets.values()},
        # Pareto plots (generator.figures) and the anchors of the models on the all-sources frontier.
        "figures": figures,
        "frontier": analysis.frontier_anchors,
        # On a split task page, lists of models left out of the overview plot stop after this many.
        "list_limit": 20,
    }
    out: dict[str, dict[str, Any]] = {}
    for page in plan.pages:
        out[page.path] = {
            **common,
            "page": page,
            "datasets": [catalogue.datasets[d] for d in task.datasets],
            "sources": [entry(s, page) for s in task.sources]
            if page.kind == "task"
            else [entry(page.source or "", page)],
            "references_page": relative(page.path, REFERENCES_PAGE),
            "task_href": relative(page.path, home),
            "model_count": len(catalogue.models_of(task.id)),
            "href": lambda anchor, _from=page.path: plan.href(_from, anchor),
        }
    return out, plan, figures


def _citations(catalogue: Catalogue, model: Model) -> list[dict[str, Any]]:
    return [
        {
            "id": ref_id,
            "number": catalogue.reference_numbers[ref_id],
            "title": catalogue.references[ref_id].title,
        }
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
    env = environment(templates_dir)
    pages: dict[str, str] = {}
    assets: dict[str, str] = {}
    task_template = env.get_template("task.md.j2")
    layouts: dict[str, Layout] = {}
    edit_files = {
        INDEX_PAGE: catalogue.files.get("zoo", ""),
        REFERENCES_PAGE: catalogue.files.get("references", ""),
    }
    for task in catalogue.tasks:
        contexts, plan, figures = _page_contexts(catalogue, task)
        layouts[task.id] = plan
        for path, context in contexts.items():
            pages[path] = task_template.render(context)
            edit_files[path] = catalogue.files.get(f"models:{task.id}", "")
        for name, text in figures.files.items():
            assets[f"{task.id}/{name}"] = text

    citations = catalogue.citations()
    pages[REFERENCES_PAGE] = env.get_template("references.md.j2").render(
        references=[
            {
                "ref": ref,
                "number": catalogue.reference_numbers[ref.id],
                "cited_by": [
                    {
                        "label": c.label,
                        "href": (
                            layouts[c.task].href(REFERENCES_PAGE, c.anchor)
                            if c.kind == "model"
                            else relative(REFERENCES_PAGE, task_page(c.task or "")) + "#" + c.anchor
                        ),
                        "task": c.task,
                    }
                    for c in citations[ref.id]
                ],
            }
            for ref in catalogue.references.values()
        ],
        task_titles={t.id: t.title for t in catalogue.tasks},
        # A reference cited by hundreds of rows lists the first ones only (the page stays light).
        cited_limit=12,
    )
    pages[INDEX_PAGE] = env.get_template("index.md.j2").render(
        zoo=catalogue.zoo,
        tasks=[
            {
                "task": task,
                "page": task_page(task),
                "models": len(catalogue.models_of(task.id)),
                "sources": len(task.sources),
                "datasets": [catalogue.datasets[d].name for d in task.datasets],
            }
            for task in catalogue.tasks
        ],
        references=len(catalogue.references),
        references_page=REFERENCES_PAGE,
    )
    # The navigation: the home page, the tasks (in their ``order``), the references. Not the split source
    # pages: a navigation with hundreds of them would weigh on every page of the site.
    nav = {
        INDEX_PAGE: catalogue.zoo.title,
        **{task_page(task): task.title for task in catalogue.tasks},
        REFERENCES_PAGE: "References",
    }
    return Rendered(
        pages=dict(sorted(pages.items())),
        assets=dict(sorted(assets.items())),
        nav=nav,
        edit_files=dict(sorted(edit_files.items())),
    )
